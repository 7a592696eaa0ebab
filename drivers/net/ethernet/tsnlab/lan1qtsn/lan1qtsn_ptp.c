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

/* Refresh period of the aux worker without a pulse output. */
#define LAN1QTSN_PTP_AUX_MS		1000
/* Retry after a failed counter read. */
#define LAN1QTSN_PTP_RETRY_MS		200
/*
 * The host rate is measured over at least RATE_MIN_NS (a sample's bracket
 * is a few microseconds wide: 2 s make that about 1 ppm) and the baseline
 * restarts after RATE_MAX_NS (so a changed oscillator shows within a minute).
 */
#define LAN1QTSN_PTP_RATE_MIN_NS	(2 * LAN1QTSN_TIME_NS_PER_SEC)
#define LAN1QTSN_PTP_RATE_MAX_NS	(64 * LAN1QTSN_TIME_NS_PER_SEC)
/* A measured host rate further than this from nominal is a bad sample. */
#define LAN1QTSN_PTP_RATE_MAX_PPM	1000
/*
 * A counter read of this length (host ns, the whole SPI transfer) may
 * always anchor the host relation; a longer one only if it took at most
 * twice the shortest lately (struct lan1qtsn_ptp, @span_best).
 */
#define LAN1QTSN_PTP_SPAN_FLOOR_NS	(50 * NSEC_PER_USEC)
/* Reads tried for a short one when the counter went back. */
#define LAN1QTSN_PTP_RESTART_READS	3
/*
 * A pulse is armed at least this long before it is due, so that the SPI
 * write lands before the counter gets there; one due sooner is left alone
 * and the worker comes back right after it.
 */
#define LAN1QTSN_PTP_PPS_MARGIN_NS	(20 * NSEC_PER_MSEC)
/* The worker arms the next pulse this long after one (mid-second). */
#define LAN1QTSN_PTP_PPS_REARM_NS	(500 * NSEC_PER_MSEC)

/*
 * Publish the master scale: a new generation, in force from counter value
 * @since on. With @keep_prev the scale it replaces still converts earlier
 * counter values (a stamp captured before a step and converted after it
 * keeps the time it was captured at); not across a counter restart, whose
 * old values mean nothing any more. Caller holds ptp.lock.
 */
static void lan1qtsn_ptp_publish(struct lan1qtsn_priv *priv, u64 since,
				 bool keep_prev)
{
	struct lan1qtsn_clock_relation *rel = &priv->clock;
	unsigned long flags;

	/* Interrupts off: a reader in hard IRQ on this CPU must not spin. */
	write_seqlock_irqsave(&rel->seq, flags);
	rel->v.prev = rel->v.scale;
	rel->v.prev_valid = keep_prev && rel->v.valid;
	rel->v.since = since;
	rel->v.scale = priv->ptp.scale;
	rel->v.gen++;
	rel->v.valid = true;
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
	rel->v.host = *host;
	rel->v.real_minus_raw = real_minus_raw;
	rel->v.host_valid = true;
	write_sequnlock_irqrestore(&rel->seq, flags);
}

/*
 * A consistent copy of the published relation: the one lock-free reader of
 * the seqlock, callable from any context (xmit, NAPI, hard IRQ).
 */
static void lan1qtsn_ptp_snapshot(struct lan1qtsn_priv *priv,
				  struct lan1qtsn_clock_values *v)
{
	const struct lan1qtsn_clock_relation *rel = &priv->clock;
	unsigned int seq;

	do {
		seq = read_seqbegin(&rel->seq);
		*v = rel->v;
	} while (read_seqretry(&rel->seq, seq));
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
	struct lan1qtsn_clock_values v;

	lan1qtsn_ptp_snapshot(priv, &v);
	if (!v.valid)
		return false;
	*scale = v.scale;
	*gen = v.gen;
	return true;
}

/**
 * lan1qtsn_ptp_cnt_to_ns() - counter ticks to PHC ns, from any context
 * @priv: the device
 * @cnt: a system counter value (an RX or TX timestamp)
 * @ns: its PHC time: through the scale in force when the counter had that
 *	value, so a stamp captured before a step keeps its pre-step time
 * @gen: the generation of the relation read
 *
 * Return: false if there is no relation yet.
 */
bool lan1qtsn_ptp_cnt_to_ns(struct lan1qtsn_priv *priv, u64 cnt, u64 *ns,
			    u32 *gen)
{
	struct lan1qtsn_clock_values v;

	lan1qtsn_ptp_snapshot(priv, &v);
	*gen = v.gen;
	if (!v.valid)
		return false;
	*ns = lan1qtsn_time_cnt_to_ns_at(&v.scale,
					 v.prev_valid ? &v.prev : NULL,
					 v.since, cnt);
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
 * lan1qtsn_ptp_now() - estimate the counter now and its PHC scale, no bus
 * @priv: the device
 * @scale: the counter -> PHC scale in force
 * @cnt: the counter at this instant, from the host's CLOCK_MONOTONIC_RAW
 *	 and the counter/host relation the aux worker keeps (its rate is
 *	 measured over seconds: expect a few microseconds of error)
 * @gen: the generation of @scale
 *
 * Both from one snapshot of the relation: read in two, a PHC adjustment
 * between them (every ptp4l or phc2sys update) would pair a counter with
 * a scale of another generation. The host clock is read after the
 * snapshot: @cnt is the counter at that later instant, not at the
 * snapshot's (the scheduler's plan starts no earlier than it).
 *
 * Return: false if there is no relation or no host sample yet.
 */
bool lan1qtsn_ptp_now(struct lan1qtsn_priv *priv,
		      struct lan1qtsn_timescale *scale, u64 *cnt, u32 *gen)
{
	struct lan1qtsn_clock_values v;

	lan1qtsn_ptp_snapshot(priv, &v);
	if (!v.valid || !v.host_valid)
		return false;
	*scale = v.scale;
	*gen = v.gen;
	*cnt = lan1qtsn_time_ns_to_cnt(&v.host, ktime_get_raw_ns());
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
	/* Cached: the clock may be going away under ethtool (unbind). */
	return READ_ONCE(priv->ptp_index);
}

/**
 * lan1qtsn_ptp_init() - the relation's locks; nothing is valid yet
 * @priv: the device
 */
void lan1qtsn_ptp_init(struct lan1qtsn_priv *priv)
{
	seqlock_init(&priv->clock.seq);
	mutex_init(&priv->ptp.lock);
	priv->ptp_index = -1;
}

static struct lan1qtsn_priv *lan1qtsn_ptp_priv(struct ptp_clock_info *info)
{
	return container_of(info, struct lan1qtsn_priv, ptp_info);
}

/*
 * A counter read slower than twice the shortest lately: the device latched
 * the counter somewhere in it, so its middle may be far from that instant.
 */
static bool lan1qtsn_ptp_span_loose(const struct lan1qtsn_ptp *ptp, u64 span)
{
	return span > max(2 * ptp->span_best, LAN1QTSN_PTP_SPAN_FLOOR_NS);
}

/*
 * A new (counter, host raw) sample: re-anchor the counter -> host scale
 * there and, over a long enough baseline, measure its rate. Caller holds
 * ptp.lock.
 */
static void lan1qtsn_ptp_host_sample(struct lan1qtsn_priv *priv, u64 cnt,
				     u64 raw, u64 span, bool force)
{
	struct lan1qtsn_ptp *ptp = &priv->ptp;
	u64 m, jump, lim = div_u64(LAN1QTSN_TIME_MULT_NOMINAL, 1000000) *
			   LAN1QTSN_PTP_RATE_MAX_PPM;

	ptp->last_cnt = cnt;
	ptp->last_raw = raw;
	ptp->span_max = max(ptp->span_max, span);
	/*
	 * @raw is the middle of the transfer; the device latched the
	 * counter somewhere in it. A read the host was slow to finish (a
	 * preempted thread, a busy bus) would move the relation by up to
	 * half its length, and with it every launch window and PHC time
	 * derived from it: it is not used. The relation, measured over
	 * seconds, stays within microseconds until the next good read.
	 */
	if (!force && lan1qtsn_ptp_span_loose(ptp, span)) {
		ptp->stats[LAN1QTSN_PTP_HOST_LOOSE]++;
		ptp->span_best += ptp->span_best / 8 + 1;
		return;
	}
	if (force || span < ptp->span_best)
		ptp->span_best = span;
	if (!force) {
		m = lan1qtsn_time_ns_to_cnt(&ptp->host, raw);
		jump = cnt > m ? cnt - m : m - cnt;
		ptp->jump_max = max(ptp->jump_max, jump);
	}
	if (raw - ptp->rate_raw >= LAN1QTSN_PTP_RATE_MIN_NS) {
		m = lan1qtsn_time_measure_mult(ptp->rate_cnt, ptp->rate_raw,
					       cnt, raw);
		if (m > LAN1QTSN_TIME_MULT_NOMINAL - lim &&
		    m < LAN1QTSN_TIME_MULT_NOMINAL + lim)
			ptp->host.mult = m;
		if (raw - ptp->rate_raw >= LAN1QTSN_PTP_RATE_MAX_NS || !m) {
			ptp->rate_cnt = cnt;
			ptp->rate_raw = raw;
		}
	}
	ptp->host.cnt0 = cnt;
	ptp->host.ns0 = raw;
	ptp->host.frac0 = 0;
	lan1qtsn_ptp_publish_host(priv, &ptp->host,
				  ktime_get_real_ns() - ktime_get_raw_ns());
}

/*
 * The device's counter went back: it was reset (an FPGA reload, the reset
 * line), and counts from its start again. The PHC goes on from where it
 * was by the host's clock (the best estimate there is), from the new
 * counter value, under a new generation. Caller holds ptp.lock.
 */
static void lan1qtsn_ptp_counter_restarted(struct lan1qtsn_priv *priv,
					   u64 cnt, u64 raw, u64 span)
{
	struct lan1qtsn_ptp *ptp = &priv->ptp;
	u64 ns = lan1qtsn_time_cnt_to_ns(&ptp->scale, ptp->last_cnt) +
		 (raw - ptp->last_raw);

	ptp->stats[LAN1QTSN_PTP_COUNTER_RESTARTS]++;
	/* @raw is the read's middle: the PHC may be off by up to @span / 2. */
	dev_warn(&priv->spi->dev,
		 "system counter went back from %llu to %llu (device reset): PHC continues by the host clock (read took %llu ns)\n",
		 ptp->last_cnt, cnt, span);
	lan1qtsn_time_set(&ptp->scale, cnt, ns);
	lan1qtsn_ptp_publish(priv, cnt, false);
	/* The host rate baseline and the pulse output start over too. */
	ptp->rate_cnt = cnt;
	ptp->rate_raw = raw;
	ptp->pulse_at = 0;
	ptp->cycle = 0;
}

/*
 * The read that saw the counter go back anchors the PHC's continuation at
 * its middle: one slowed down (waiting for the bus behind the resync that
 * follows a reset) puts the PHC up to half its length off, for good. Up to
 * LAN1QTSN_PTP_RESTART_READS more reads, the shortest kept; a value not
 * between the first read's and the old counter's is not the restarted
 * counter (a vanished device) and is ignored. Caller holds ptp.lock.
 */
static void lan1qtsn_ptp_restart_read(struct lan1qtsn_priv *priv, u64 *cnt,
				      u64 *raw, u64 *span)
{
	struct lan1qtsn_ptp *ptp = &priv->ptp;
	u64 first = *cnt, c, r, s;
	unsigned int i;

	for (i = 0; i < LAN1QTSN_PTP_RESTART_READS; i++) {
		if (!lan1qtsn_ptp_span_loose(ptp, *span))
			return;
		if (lan1qtsn_bus_read_u64_stamped(&priv->bus,
						  LAN1QTSN_TSN_SYSCOUNT_H, &c,
						  NULL, &r, &s))
			return;
		if (s < *span && !lan1qtsn_time_before(c, first) &&
		    lan1qtsn_time_before(c, ptp->last_cnt)) {
			*cnt = c;
			*raw = r;
			*span = s;
		}
	}
}

/*
 * Read the counter for a PTP operation or the worker; caller holds
 * ptp.lock. Refused, never a stale or invented time, while the device is
 * lost or a resync is pending; and the device's identity is read right
 * after the counter, since a vanished device reads all zeros or all ones
 * and gives no bus error. @sts brackets the counter read alone.
 *
 * Return: 0; -ENODEV while the device is lost or when it answers as
 * something else; -EBUSY for what passes: a pending resync or a failed
 * transfer (if the link stays broken, the health check declares the device
 * lost). linuxptp's phc2sys (4.0 and later) skips a PHC read that fails
 * with EBUSY and exits on any other error: one SPI error must not end it.
 */
static int lan1qtsn_ptp_read(struct lan1qtsn_priv *priv, u64 *cnt,
			     struct ptp_system_timestamp *sts)
{
	struct lan1qtsn_ptp *ptp = &priv->ptp;
	const char *why;
	u64 raw = 0, span = 0;
	bool restarted;
	u32 info = 0;
	int ret;

	ptp->stats[LAN1QTSN_PTP_READS]++;
	/*
	 * A lost device and a pending resync have log lines of their own;
	 * the aux worker and phc2sys would repeat them every few hundred ms.
	 */
	why = NULL;
	if (READ_ONCE(priv->sync) == LAN1QTSN_SYNC_LOST) {
		ret = -ENODEV;
		goto refuse;
	}
	if (test_bit(LAN1QTSN_EV_RESYNC, &priv->events)) {
		ret = -EBUSY;
		goto refuse;
	}
	why = "the counter read failed";
	ret = lan1qtsn_bus_read_u64_stamped(&priv->bus, LAN1QTSN_TSN_SYSCOUNT_H,
					    cnt, sts, &raw, &span);
	if (!ret)
		ret = lan1qtsn_bus_read_reg(&priv->bus,
					    LAN1QTSN_TSN_SYSTEM_INFO_H, &info);
	if (!ret && info != priv->system_info) {
		why = "the device does not answer as itself";
		ret = -ENODEV;
	}
	if (ret)
		goto refuse;
	/* After a restart the old host relation means nothing. */
	restarted = lan1qtsn_time_before(*cnt, ptp->last_cnt);
	if (restarted) {
		/* *@cnt stays the read @sts brackets: the new scale maps it. */
		u64 c = *cnt;

		lan1qtsn_ptp_restart_read(priv, &c, &raw, &span);
		lan1qtsn_ptp_counter_restarted(priv, c, raw, span);
		lan1qtsn_ptp_host_sample(priv, c, raw, span, true);
		return 0;
	}
	lan1qtsn_ptp_host_sample(priv, *cnt, raw, span, false);
	return 0;

refuse:
	ptp->stats[LAN1QTSN_PTP_REFUSED]++;
	if (why)
		dev_err_ratelimited(&priv->spi->dev, "PHC: %s (%pe): no time\n",
				    why, ERR_PTR(ret));
	return ret == -ENODEV ? ret : -EBUSY;
}

/* Write one 64-bit register pair in one burst (the _L word commits it). */
static int lan1qtsn_ptp_write_u64(struct lan1qtsn_priv *priv, u16 reg_h,
				  u64 val)
{
	u32 v[2] = { upper_32_bits(val), lower_32_bits(val) };

	return lan1qtsn_bus_write_regs(&priv->bus, reg_h, v, 2);
}

/*
 * Keep the pulse output on the PHC's seconds (plus the periodic output's
 * phase). PPS_PULSE_AT is the counter value of the next pulse, computed
 * through the current scale; PPS_CYCLE_1S, whole ticks per PHC second, only
 * carries the output on if the worker is late, since the real second is
 * not a whole number of ticks. A write of PULSE_AT replaces the pending
 * pulse (the emulator's documented behaviour, docs/emulator.md "PPS"), so
 * a pending pulse due within the margin is left alone and re-armed right
 * after. Caller holds ptp.lock; @cnt is a fresh counter value.
 *
 * Return: when the worker should look again, ns from now (0: no output).
 */
static u64 lan1qtsn_ptp_pps_program(struct lan1qtsn_priv *priv, u64 cnt)
{
	struct lan1qtsn_ptp *ptp = &priv->ptp;
	u64 now = lan1qtsn_time_cnt_to_ns(&ptp->scale, cnt), phase, next, at;
	u64 cycle;
	int ret;

	if (!ptp->pps_on && !ptp->perout_on)
		return 0;
	if ((s64)now < 0)	/* stepped below zero: no seconds to mark */
		return LAN1QTSN_PTP_AUX_MS * NSEC_PER_MSEC;
	/* A pending pulse too close to move: come back right after it. */
	if (ptp->pulse_at && lan1qtsn_time_before(cnt, ptp->pulse_at) &&
	    (ptp->pulse_at - cnt) * LAN1QTSN_NS_PER_TICK <
	    LAN1QTSN_PTP_PPS_MARGIN_NS)
		return (ptp->pulse_at - cnt) * LAN1QTSN_NS_PER_TICK +
		       NSEC_PER_MSEC;

	/* The first k s + phase at least the margin ahead (phase < 1 s). */
	phase = ptp->perout_on ? ptp->perout_phase : 0;
	next = div_u64(now + LAN1QTSN_PTP_PPS_MARGIN_NS +
		       LAN1QTSN_TIME_NS_PER_SEC - 1 - phase,
		       LAN1QTSN_TIME_NS_PER_SEC) * LAN1QTSN_TIME_NS_PER_SEC + phase;
	if (ptp->perout_on && lan1qtsn_time_before(next, ptp->perout_start))
		next = ptp->perout_start;
	at = lan1qtsn_time_ns_to_cnt(&ptp->scale, next);
	cycle = lan1qtsn_time_ticks_per_sec(&ptp->scale);

	/* The cycle first: a new cycle keeps the pending pulse. */
	if (cycle != ptp->cycle) {
		ret = lan1qtsn_ptp_write_u64(priv, LAN1QTSN_PPS_CYCLE_1S_H, cycle);
		if (ret)
			goto err;
		ptp->cycle = cycle;
	}
	if (at != ptp->pulse_at) {
		ptp->stats[LAN1QTSN_PTP_PPS_ARMS]++;
		ret = lan1qtsn_ptp_write_u64(priv, LAN1QTSN_PPS_PULSE_AT_H, at);
		if (ret)
			goto err;
		ptp->pulse_at = at;
	}
	ptp->pulse_ns = next;
	return next - now + LAN1QTSN_PTP_PPS_REARM_NS;

err:
	/* Unknown what the device holds now: write both next time. */
	ptp->pulse_at = 0;
	ptp->cycle = 0;
	ptp->stats[LAN1QTSN_PTP_PPS_ARM_ERRORS]++;
	dev_err_ratelimited(&priv->spi->dev,
			    "PHC: cannot program the pulse output (%pe): retrying\n",
			    ERR_PTR(ret));
	return LAN1QTSN_PTP_RETRY_MS * NSEC_PER_MSEC;
}

/*
 * Tell the kernel's PPS layer about the pulse that was armed, once it has
 * passed (PTP_CLK_REQ_PPS): the device raises no interrupt, so the event
 * carries the pulse's host time, mapped from its counter value through the
 * counter -> host relation (PTP_CLOCK_PPSUSR), instead of the time of this
 * late report. Caller holds ptp.lock; @cnt is a fresh counter value.
 */
static void lan1qtsn_ptp_pps_event(struct lan1qtsn_priv *priv, u64 cnt)
{
	struct lan1qtsn_ptp *ptp = &priv->ptp;
	struct ptp_clock_event ev = { .type = PTP_CLOCK_PPSUSR };
	s64 real_minus_raw = priv->clock.v.real_minus_raw;
	u64 raw;

	if (!ptp->pps_on || !ptp->pulse_at || !priv->ptp_clock ||
	    lan1qtsn_time_before(cnt, ptp->pulse_at) ||
	    ptp->pps_event_ns == ptp->pulse_ns)
		return;
	ptp->pps_event_ns = ptp->pulse_ns;
	raw = lan1qtsn_time_cnt_to_ns(&ptp->host, ptp->pulse_at);
	ev.pps_times.ts_real = ns_to_timespec64(raw + real_minus_raw);
#ifdef CONFIG_NTP_PPS
	ev.pps_times.ts_raw = ns_to_timespec64(raw);
#endif
	ptp_clock_event(priv->ptp_clock, &ev);
	ptp->stats[LAN1QTSN_PTP_PPS_EVENTS]++;
}

/*
 * When the aux worker should run next, @delay_ns from now (0: no pulse to
 * follow): at least once every LAN1QTSN_PTP_AUX_MS, since it also keeps the
 * counter/host relation fresh. A pulse far ahead (a periodic output whose
 * start lies years past a PHC just set to 0) must not park it for years.
 */
static unsigned long lan1qtsn_ptp_aux_delay(u64 delay_ns)
{
	if (!delay_ns || delay_ns > LAN1QTSN_PTP_AUX_MS * NSEC_PER_MSEC)
		delay_ns = LAN1QTSN_PTP_AUX_MS * NSEC_PER_MSEC;
	return nsecs_to_jiffies(delay_ns);
}

/* After a change of the scale: the pulse output follows at once. */
static void lan1qtsn_ptp_realign(struct lan1qtsn_priv *priv, u64 cnt)
{
	u64 delay_ns = lan1qtsn_ptp_pps_program(priv, cnt);

	if (delay_ns && priv->ptp_clock)
		ptp_schedule_worker(priv->ptp_clock,
				    lan1qtsn_ptp_aux_delay(delay_ns));
}

static int lan1qtsn_ptp_gettimex64(struct ptp_clock_info *info,
				   struct timespec64 *ts,
				   struct ptp_system_timestamp *sts)
{
	struct lan1qtsn_priv *priv = lan1qtsn_ptp_priv(info);
	struct lan1qtsn_ptp *ptp = &priv->ptp;
	u64 cnt;
	int ret;

	mutex_lock(&ptp->lock);
	ret = lan1qtsn_ptp_read(priv, &cnt, sts);
	if (!ret)
		*ts = ns_to_timespec64(lan1qtsn_time_cnt_to_ns(&ptp->scale, cnt));
	mutex_unlock(&ptp->lock);
	return ret;
}

static int lan1qtsn_ptp_settime64(struct ptp_clock_info *info,
				  const struct timespec64 *ts)
{
	struct lan1qtsn_priv *priv = lan1qtsn_ptp_priv(info);
	struct lan1qtsn_ptp *ptp = &priv->ptp;
	u64 cnt;
	int ret;

	mutex_lock(&ptp->lock);
	ret = lan1qtsn_ptp_read(priv, &cnt, NULL);
	if (!ret) {
		lan1qtsn_time_set(&ptp->scale, cnt, timespec64_to_ns(ts));
		lan1qtsn_ptp_publish(priv, cnt, true);
		ptp->stats[LAN1QTSN_PTP_STEPS]++;
		lan1qtsn_ptp_realign(priv, cnt);
	}
	mutex_unlock(&ptp->lock);
	return ret;
}

static int lan1qtsn_ptp_adjtime(struct ptp_clock_info *info, s64 delta)
{
	struct lan1qtsn_priv *priv = lan1qtsn_ptp_priv(info);
	struct lan1qtsn_ptp *ptp = &priv->ptp;
	u64 cnt;
	int ret;

	mutex_lock(&ptp->lock);
	/* The step itself needs no counter; the pulse output does. */
	ret = lan1qtsn_ptp_read(priv, &cnt, NULL);
	if (!ret) {
		lan1qtsn_time_step(&ptp->scale, delta);
		lan1qtsn_ptp_publish(priv, cnt, true);
		ptp->stats[LAN1QTSN_PTP_STEPS]++;
		lan1qtsn_ptp_realign(priv, cnt);
	}
	mutex_unlock(&ptp->lock);
	return ret;
}

/*
 * The new rate starts at a counter value read now, under ptp.lock: every
 * earlier gettime read an earlier counter value, so the PHC stays
 * monotonic across the re-anchor, and the time at the anchor is unchanged.
 */
static int lan1qtsn_ptp_adjfine(struct ptp_clock_info *info, long scaled_ppm)
{
	struct lan1qtsn_priv *priv = lan1qtsn_ptp_priv(info);
	struct lan1qtsn_ptp *ptp = &priv->ptp;
	u64 cnt;
	int ret;

	mutex_lock(&ptp->lock);
	ret = lan1qtsn_ptp_read(priv, &cnt, NULL);
	if (!ret) {
		lan1qtsn_time_set_mult(&ptp->scale, cnt,
				       lan1qtsn_time_mult_from_scaled_ppm(scaled_ppm));
		lan1qtsn_ptp_publish(priv, cnt, true);
		ptp->stats[LAN1QTSN_PTP_ADJFINE]++;
		lan1qtsn_ptp_realign(priv, cnt);
	}
	mutex_unlock(&ptp->lock);
	return ret;
}

/* Stop the pulse output: no pulse armed, no period. */
static int lan1qtsn_ptp_pps_stop(struct lan1qtsn_priv *priv)
{
	struct lan1qtsn_ptp *ptp = &priv->ptp;
	int ret;

	ret = lan1qtsn_ptp_write_u64(priv, LAN1QTSN_PPS_CYCLE_1S_H, 0);
	if (!ret)
		ret = lan1qtsn_ptp_write_u64(priv, LAN1QTSN_PPS_PULSE_AT_H, 0);
	ptp->pulse_at = 0;
	ptp->cycle = 0;
	if (ret)
		dev_err(&priv->spi->dev,
			"PHC: cannot stop the pulse output (%pe)\n",
			ERR_PTR(ret));
	return ret;
}

/*
 * PEROUT: one channel, the board's PPS pin, with a period of exactly 1 s
 * (the device's cycle register is meant for that, and the output is kept
 * on the PHC's seconds by re-arming it); the start's fraction of a second
 * becomes the phase. Anything else is refused with a message saying why.
 */
static int lan1qtsn_ptp_perout(struct lan1qtsn_priv *priv,
			       const struct ptp_perout_request *rq, int on)
{
	struct lan1qtsn_ptp *ptp = &priv->ptp;
	struct device *dev = &priv->spi->dev;
	u64 start, cnt, now;
	int ret;

	if (!on) {
		ptp->perout_on = false;
		return ptp->pps_on ? 0 : lan1qtsn_ptp_pps_stop(priv);
	}
	if (rq->flags) {
		dev_err(dev, "PHC: periodic output flags %#x not supported (no one-shot, duty cycle or phase)\n",
			rq->flags);
		return -EOPNOTSUPP;
	}
	if (rq->period.sec != 1 || rq->period.nsec != 0) {
		dev_err(dev, "PHC: periodic output period %lld.%09u s not supported: only 1 s\n",
			rq->period.sec, rq->period.nsec);
		return -EINVAL;
	}
	/* Beyond KTIME_SEC_MAX (year 2262) the ns below would wrap. */
	if (rq->start.sec < 0 || rq->start.sec >= KTIME_SEC_MAX ||
	    rq->start.nsec >= NSEC_PER_SEC) {
		dev_err(dev, "PHC: periodic output start %lld.%09u s is not a time\n",
			rq->start.sec, rq->start.nsec);
		return -EINVAL;
	}
	if (ptp->pps_on && rq->start.nsec) {
		dev_err(dev, "PHC: periodic output phase %u ns conflicts with PPS (phase 0) on the same pin\n",
			rq->start.nsec);
		return -EBUSY;
	}
	start = (u64)rq->start.sec * NSEC_PER_SEC + rq->start.nsec;
	ret = lan1qtsn_ptp_read(priv, &cnt, NULL);
	if (ret)
		return ret;
	now = lan1qtsn_time_cnt_to_ns(&ptp->scale, cnt);
	if (lan1qtsn_time_before(start, now + LAN1QTSN_PTP_PPS_MARGIN_NS)) {
		dev_err(dev, "PHC: periodic output start %lld.%09u s is in the past (now %llu ns)\n",
			rq->start.sec, rq->start.nsec, now);
		return -EINVAL;
	}
	ptp->perout_on = true;
	ptp->perout_start = start;
	ptp->perout_phase = rq->start.nsec;
	ptp->pulse_at = 0;	/* arm it anew */
	lan1qtsn_ptp_realign(priv, cnt);
	return 0;
}

static int lan1qtsn_ptp_enable(struct ptp_clock_info *info,
			       struct ptp_clock_request *rq, int on)
{
	struct lan1qtsn_priv *priv = lan1qtsn_ptp_priv(info);
	struct lan1qtsn_ptp *ptp = &priv->ptp;
	u64 cnt;
	int ret;

	mutex_lock(&ptp->lock);
	switch (rq->type) {
	case PTP_CLK_REQ_PEROUT:
		ret = lan1qtsn_ptp_perout(priv, &rq->perout, on);
		break;
	case PTP_CLK_REQ_PPS:
		if (!on) {
			ptp->pps_on = false;
			ret = ptp->perout_on ? 0 : lan1qtsn_ptp_pps_stop(priv);
			break;
		}
		if (ptp->perout_on && ptp->perout_phase) {
			dev_err(&priv->spi->dev,
				"PHC: PPS conflicts with the periodic output's phase %llu ns on the same pin\n",
				ptp->perout_phase);
			ret = -EBUSY;
			break;
		}
		ret = lan1qtsn_ptp_read(priv, &cnt, NULL);
		if (ret)
			break;
		ptp->pps_on = true;
		ptp->pps_event_ns = 0;
		ptp->pulse_at = 0;
		lan1qtsn_ptp_realign(priv, cnt);
		break;
	default:
		ret = -EOPNOTSUPP;
		break;
	}
	mutex_unlock(&ptp->lock);
	return ret;
}

/*
 * The aux worker (process context, the PTP core's kthread): refreshes the
 * counter/host relation, notices a counter restart, reports the passed PPS
 * pulse and arms the next one mid-second. After a device resync the
 * output is programmed from scratch (a reset clears the registers).
 */
static long lan1qtsn_ptp_aux_work(struct ptp_clock_info *info)
{
	struct lan1qtsn_priv *priv = lan1qtsn_ptp_priv(info);
	struct lan1qtsn_ptp *ptp = &priv->ptp;
	u64 cnt, delay_ns;

	mutex_lock(&ptp->lock);
	if (atomic_xchg(&ptp->resynced, 0)) {
		ptp->pulse_at = 0;
		ptp->cycle = 0;
	}
	if (lan1qtsn_ptp_read(priv, &cnt, NULL)) {
		mutex_unlock(&ptp->lock);
		return msecs_to_jiffies(LAN1QTSN_PTP_RETRY_MS);
	}
	lan1qtsn_ptp_pps_event(priv, cnt);
	delay_ns = lan1qtsn_ptp_pps_program(priv, cnt);
	mutex_unlock(&ptp->lock);
	return lan1qtsn_ptp_aux_delay(delay_ns);
}

static const struct ptp_clock_info lan1qtsn_ptp_info = {
	.owner		= THIS_MODULE,
	.name		= LAN1QTSN_DRV_NAME,
	.max_adj	= LAN1QTSN_TIME_MAX_ADJ_PPB,
	.n_per_out	= 1,
	.pps		= 1,
	.gettimex64	= lan1qtsn_ptp_gettimex64,
	.settime64	= lan1qtsn_ptp_settime64,
	.adjtime	= lan1qtsn_ptp_adjtime,
	.adjfine	= lan1qtsn_ptp_adjfine,
	.enable		= lan1qtsn_ptp_enable,
	.do_aux_work	= lan1qtsn_ptp_aux_work,
};

/*
 * The first anchor: the counter now is CLOCK_TAI now (the PHC is TAI by
 * convention; ptp4l or phc_ctl set it properly).
 */
static int lan1qtsn_ptp_anchor(struct lan1qtsn_priv *priv)
{
	struct lan1qtsn_ptp *ptp = &priv->ptp;
	u64 cnt, raw, span;
	int ret;

	ret = lan1qtsn_bus_read_u64_stamped(&priv->bus, LAN1QTSN_TSN_SYSCOUNT_H,
					    &cnt, NULL, &raw, &span);
	if (ret)
		return ret;
	mutex_lock(&ptp->lock);
	lan1qtsn_time_init(&ptp->scale, cnt, ktime_get_clocktai_ns());
	ptp->rate_cnt = cnt;
	ptp->rate_raw = raw;
	lan1qtsn_time_init(&ptp->host, cnt, raw);
	lan1qtsn_ptp_host_sample(priv, cnt, raw, span, true);
	lan1qtsn_ptp_publish(priv, cnt, false);
	mutex_unlock(&ptp->lock);
	return 0;
}

static void lan1qtsn_ptp_unregister(void *data)
{
	struct lan1qtsn_priv *priv = data;
	struct lan1qtsn_ptp *ptp = &priv->ptp;
	struct ptp_clock *clock = priv->ptp_clock;
	bool output;

	/*
	 * Nobody schedules the aux worker of a clock going away: PTP
	 * operations look under ptp.lock, the owner thread's resync hook
	 * under dp_lock.
	 */
	WRITE_ONCE(priv->ptp_index, -1);
	mutex_lock(&ptp->lock);
	WRITE_ONCE(priv->ptp_clock, NULL);
	mutex_unlock(&ptp->lock);
	mutex_lock(&priv->dp_lock);
	mutex_unlock(&priv->dp_lock);
	/* Waits for operations in flight and stops the aux worker. */
	ptp_clock_unregister(clock);
	mutex_lock(&ptp->lock);
	output = ptp->pps_on || ptp->perout_on;
	ptp->pps_on = false;
	ptp->perout_on = false;
	/* Leave no pulse running for a driver that is gone. */
	if (output)
		lan1qtsn_ptp_pps_stop(priv);
	mutex_unlock(&ptp->lock);
}

/**
 * lan1qtsn_ptp_register() - anchor the time scale and register the PHC
 * @priv: the device, its owner thread running, its netdev not yet registered
 *
 * Return: 0 (a PHC that cannot be registered leaves the driver working
 * without one: timestamps and launch times then have no relation) or a
 * negative errno from devm.
 */
int lan1qtsn_ptp_register(struct lan1qtsn_priv *priv)
{
	struct device *dev = &priv->spi->dev;
	struct ptp_clock *clock;
	int ret;

	ret = lan1qtsn_ptp_anchor(priv);
	if (ret) {
		dev_warn(dev, "cannot read the system counter (%pe): no PHC\n",
			 ERR_PTR(ret));
		goto absent;
	}
	priv->ptp_info = lan1qtsn_ptp_info;
	clock = ptp_clock_register(&priv->ptp_info, dev);
	if (IS_ERR(clock)) {
		dev_warn(dev, "cannot register the PTP clock (%pe): no PHC\n",
			 clock);
		goto absent;
	}
	if (!clock) {
		dev_info(dev, "PTP clock support not built: no PHC\n");
		goto absent;
	}
	priv->ptp_clock = clock;
	priv->ptp_index = ptp_clock_index(clock);
	ret = devm_add_action_or_reset(dev, lan1qtsn_ptp_unregister, priv);
	if (ret)
		return ret;
	/* The first host-rate sample and the periodic refresh. */
	ptp_schedule_worker(clock, 0);
	return 0;

absent:
	/* Launch windows and shaping need the relation: tc is told so. */
	WRITE_ONCE(priv->phc_absent, true);
	return 0;
}

/**
 * lan1qtsn_ptp_device_resynced() - the device was resynchronised
 * @priv: the device
 *
 * Called by the owner thread under dp_lock after a successful resync: a
 * reset may have cleared the pulse registers, so the aux worker programs
 * them again now. Takes no lock.
 */
void lan1qtsn_ptp_device_resynced(struct lan1qtsn_priv *priv)
{
	struct ptp_clock *clock = READ_ONCE(priv->ptp_clock);

	atomic_set(&priv->ptp.resynced, 1);
	if (clock)
		ptp_schedule_worker(clock, 0);
}
