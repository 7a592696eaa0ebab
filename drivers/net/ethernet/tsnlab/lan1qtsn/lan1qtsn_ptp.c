// SPDX-License-Identifier: GPL-2.0
/*
 * LAN1QTSN PTP hardware clock and the cached clock relation.
 *
 * The device has a free-running 100 MHz counter and no rate or offset
 * register (device-spec.md section 4): the PHC is that counter through a
 * software time scale (lan1qtsn_time.c). The PTP operations and the aux
 * worker own the master copy of the scale under ptp.lock (process context,
 * they may use the bus); every change is published to priv->clock under a
 * seqlock with a new generation number, so that xmit, NAPI and the owner
 * thread convert counter ticks <-> PHC time without the bus and can tell
 * that a step happened in between.
 */
#include <linux/jiffies.h>
#include <linux/ptp_clock_kernel.h>
#include <linux/spi/spi.h>
#include <linux/timekeeping.h>

#include "lan1qtsn.h"

/* Publish the master scale: a new generation. Caller holds ptp.lock. */
static void lan1qtsn_ptp_publish(struct lan1qtsn_priv *priv)
{
	struct lan1qtsn_clock_relation *rel = &priv->clock;
	unsigned long flags;

	/* Interrupts off: a reader in hard IRQ on this CPU must not spin. */
	write_seqlock_irqsave(&rel->seq, flags);
	rel->scale = priv->ptp.scale;
	rel->gen++;
	rel->valid = true;
	write_sequnlock_irqrestore(&rel->seq, flags);
}

/* Publish the counter -> host raw relation. Caller holds ptp.lock. */
static void lan1qtsn_ptp_publish_host(struct lan1qtsn_priv *priv,
				      const struct lan1qtsn_timescale *host,
				      s64 real_minus_raw)
{
	struct lan1qtsn_clock_relation *rel = &priv->clock;
	unsigned long flags;

	write_seqlock_irqsave(&rel->seq, flags);
	rel->host = *host;
	rel->real_minus_raw = real_minus_raw;
	rel->host_valid = true;
	write_sequnlock_irqrestore(&rel->seq, flags);
}

/**
 * lan1qtsn_ptp_get_scale() - a consistent copy of the published time scale
 * @priv: the device
 * @scale: the counter -> PHC scale
 * @gen: its generation (changes at every step and rate change)
 *
 * Lock-free; callable from any context (xmit, NAPI, hard IRQ).
 *
 * Return: false if there is no relation yet (nothing is written then).
 */
bool lan1qtsn_ptp_get_scale(struct lan1qtsn_priv *priv,
			    struct lan1qtsn_timescale *scale, u32 *gen)
{
	const struct lan1qtsn_clock_relation *rel = &priv->clock;
	unsigned int seq;
	bool valid;

	do {
		seq = read_seqbegin(&rel->seq);
		valid = rel->valid;
		*scale = rel->scale;
		*gen = rel->gen;
	} while (read_seqretry(&rel->seq, seq));
	return valid;
}

/**
 * lan1qtsn_ptp_cnt_to_ns() - counter ticks to PHC ns, from any context
 * @priv: the device
 * @cnt: a system counter value (an RX or TX timestamp)
 * @ns: its PHC time
 * @gen: the generation of the relation used
 *
 * Return: false if there is no relation yet.
 */
bool lan1qtsn_ptp_cnt_to_ns(struct lan1qtsn_priv *priv, u64 cnt, u64 *ns,
			    u32 *gen)
{
	struct lan1qtsn_timescale ts;

	if (!lan1qtsn_ptp_get_scale(priv, &ts, gen))
		return false;
	*ns = lan1qtsn_time_cnt_to_ns(&ts, cnt);
	return true;
}

/**
 * lan1qtsn_ptp_ns_to_cnt() - PHC ns to counter ticks, from any context
 * @priv: the device
 * @ns: a PHC time (a launch time)
 * @cnt: the first counter value at or after it
 * @gen: the generation of the relation used
 *
 * Return: false if there is no relation yet.
 */
bool lan1qtsn_ptp_ns_to_cnt(struct lan1qtsn_priv *priv, u64 ns, u64 *cnt,
			    u32 *gen)
{
	struct lan1qtsn_timescale ts;

	if (!lan1qtsn_ptp_get_scale(priv, &ts, gen))
		return false;
	*cnt = lan1qtsn_time_ns_to_cnt(&ts, ns);
	return true;
}

/**
 * lan1qtsn_ptp_now_cnt() - estimate the counter now, without the bus
 * @priv: the device
 * @cnt: the counter at this instant, from the host's CLOCK_MONOTONIC_RAW
 *	 and the counter/host relation the aux worker keeps (its rate is
 *	 measured over seconds: expect a few microseconds of error)
 * @gen: the generation of the PHC relation at the same instant
 *
 * Return: false if no sample exists yet.
 */
bool lan1qtsn_ptp_now_cnt(struct lan1qtsn_priv *priv, u64 *cnt, u32 *gen)
{
	const struct lan1qtsn_clock_relation *rel = &priv->clock;
	struct lan1qtsn_timescale host;
	unsigned int seq;
	bool valid;
	u64 raw;

	do {
		seq = read_seqbegin(&rel->seq);
		valid = rel->host_valid;
		host = rel->host;
		*gen = rel->gen;
	} while (read_seqretry(&rel->seq, seq));
	if (!valid)
		return false;
	raw = ktime_get_raw_ns();
	*cnt = lan1qtsn_time_ns_to_cnt(&host, raw);
	return true;
}

/**
 * lan1qtsn_ptp_index() - the PHC's index for get_ts_info
 * @priv: the device
 *
 * Return: the index, or -1 without a PHC.
 */
int lan1qtsn_ptp_index(struct lan1qtsn_priv *priv)
{
	return priv->ptp_clock ? ptp_clock_index(priv->ptp_clock) : -1;
}

/**
 * lan1qtsn_ptp_init() - the relation's locks; nothing is valid yet
 * @priv: the device
 */
void lan1qtsn_ptp_init(struct lan1qtsn_priv *priv)
{
	seqlock_init(&priv->clock.seq);
	mutex_init(&priv->ptp.lock);
}

/*
 * The first anchor: the counter now is CLOCK_TAI now (the PHC is TAI by
 * convention; ptp4l or phc_ctl set it properly).
 */
static int lan1qtsn_ptp_anchor(struct lan1qtsn_priv *priv)
{
	struct lan1qtsn_ptp *ptp = &priv->ptp;
	u64 cnt, raw;
	int ret;

	ret = lan1qtsn_bus_read_u64_stamped(&priv->bus, LAN1QTSN_TSN_SYSCOUNT_H,
					    &cnt, NULL, &raw);
	if (ret)
		return ret;
	mutex_lock(&ptp->lock);
	lan1qtsn_time_init(&ptp->scale, cnt, ktime_get_clocktai_ns());
	ptp->last_cnt = cnt;
	ptp->last_raw = raw;
	ptp->rate_cnt = cnt;
	ptp->rate_raw = raw;
	lan1qtsn_time_init(&ptp->host, cnt, raw);
	lan1qtsn_ptp_publish(priv);
	lan1qtsn_ptp_publish_host(priv, &ptp->host,
				  ktime_get_real_ns() - ktime_get_raw_ns());
	mutex_unlock(&ptp->lock);
	return 0;
}

/**
 * lan1qtsn_ptp_register() - anchor the time scale and register the PHC
 * @priv: the device, its netdev registered
 *
 * Return: 0 (a PHC that cannot be registered leaves the driver working
 * without one) or a negative errno from devm.
 */
int lan1qtsn_ptp_register(struct lan1qtsn_priv *priv)
{
	int ret;

	ret = lan1qtsn_ptp_anchor(priv);
	if (ret)
		dev_warn(&priv->spi->dev,
			 "cannot read the system counter (%pe): no PHC\n",
			 ERR_PTR(ret));
	return 0;
}

/**
 * lan1qtsn_ptp_device_resynced() - the device was resynchronised
 * @priv: the device
 *
 * Called by the owner thread after a successful resync.
 */
void lan1qtsn_ptp_device_resynced(struct lan1qtsn_priv *priv)
{
}
