// SPDX-License-Identifier: GPL-2.0
/*
 * LAN1QTSN hardware timestamps: configuration (ndo_hwtstamp_get/set,
 * get_ts_info, get_ts_stats), RX stamps from the metadata, TX stamps
 * through the four capture slots, and the latency correction.
 *
 * Contexts (docs/design.md): ndo_start_xmit only marks a frame that asks
 * for a stamp (SKBTX_IN_PROGRESS). The owner thread, when it writes the
 * frame, takes a free slot, keeps a clone of the skb (skb_clone_sk) and
 * plans the slot's first read right after the frame's estimated end on the
 * wire (lan1qtsn_txts.c); an hrtimer at that time wakes the thread, which
 * reads the slot, converts the counter through the cached clock relation
 * (lock-free) and completes the clone after dp_lock is dropped. RX stamps
 * are converted in the owner thread too. Nothing here touches the bus
 * outside the owner thread, and nothing polls: the timer is armed only
 * while a stamp is awaited.
 */
#include <linux/errno.h>
#include <linux/ethtool.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/net_tstamp.h>
#include <linux/netdevice.h>
#include <linux/property.h>
#include <linux/skbuff.h>
#include <linux/spi/spi.h>

#include "lan1qtsn.h"
#include "lan1qtsn_compat.h"

/*
 * Default latency corrections at 100 Mb/s: TSNLab's own figures for this
 * IP, TX_ADJUST_NS "MAC + PHY" 100 + 200 and RX_ADJUST_NS 188 + 324
 * (hardware-research.md 4.2), which the emulator's tx_phy_ns and
 * rx_delay_ns also default to (docs/emulator.md, "Realism knobs").
 */
#define LAN1QTSN_TS_TX_LATENCY_NS	300
#define LAN1QTSN_TS_RX_LATENCY_NS	512

static int tx_latency_ns = -1;
module_param(tx_latency_ns, int, 0444);
MODULE_PARM_DESC(tx_latency_ns,
		 "TX timestamp correction in ns, added to every TX hardware stamp (0..100000; default: DT tsnlab,tx-latency-ns, else 300)");
static int rx_latency_ns = -1;
module_param(rx_latency_ns, int, 0444);
MODULE_PARM_DESC(rx_latency_ns,
		 "RX timestamp correction in ns, subtracted from every RX hardware stamp (0..100000; default: DT tsnlab,rx-latency-ns, else 512)");

/* The clone's control buffer carries its stamp from the read to delivery. */
struct lan1qtsn_ts_cb {
	u64 ns;
};

static struct lan1qtsn_ts_cb *lan1qtsn_ts_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct lan1qtsn_ts_cb) > sizeof(skb->cb));
	return (struct lan1qtsn_ts_cb *)skb->cb;
}

/*
 * Counter ticks to PHC ns through the cached relation (lan1qtsn_ptp.c):
 * lock-free, any context. False while there is no relation yet.
 */
static bool lan1qtsn_ts_cnt_to_ns(struct lan1qtsn_priv *priv, u64 cnt,
				  u64 *ns)
{
	u32 gen;

	return lan1qtsn_ptp_cnt_to_ns(priv, cnt, ns, &gen);
}

/*
 * One correction: the module parameter if set, else the device-tree
 * property, else the default. A value out of range is refused with a
 * message and the next source is used.
 */
static u32 lan1qtsn_ts_corr(struct device *dev, int param, const char *pname,
			    const char *prop, u32 def)
{
	u32 val;

	if (param >= 0 && !lan1qtsn_txts_corr_valid(param)) {
		dev_info(dev, "%s %d ns (module parameter)\n", pname, param);
		return param;
	}
	if (param != -1)
		dev_err(dev, "module parameter %s=%d out of range 0..%d: ignored\n",
			pname, param, LAN1QTSN_TXTS_CORR_MAX_NS);
	if (device_property_read_u32(dev, prop, &val))
		return def;
	if (!lan1qtsn_txts_corr_valid(val)) {
		dev_info(dev, "%s %u ns (%s)\n", pname, val, prop);
		return val;
	}
	dev_err(dev, "%s = %u out of range 0..%d: using %u\n", prop, val,
		LAN1QTSN_TXTS_CORR_MAX_NS, def);
	return def;
}

static enum hrtimer_restart lan1qtsn_ts_timer_fn(struct hrtimer *timer)
{
	struct lan1qtsn_priv *priv = container_of(timer, struct lan1qtsn_priv,
						  ts.timer);

	lan1qtsn_dp_kick(priv, LAN1QTSN_EV_TSTAMP);
	return HRTIMER_NORESTART;
}

/**
 * lan1qtsn_tstamp_init() - timestamping state and corrections (probe)
 * @priv: the device
 *
 * Hardware timestamping starts off (HWTSTAMP_TX_OFF, HWTSTAMP_FILTER_NONE),
 * as the API requires.
 */
void lan1qtsn_tstamp_init(struct lan1qtsn_priv *priv)
{
	struct lan1qtsn_tstamp *ts = &priv->ts;
	struct device *dev = &priv->spi->dev;

	ts->cfg.tx_type = HWTSTAMP_TX_OFF;
	ts->cfg.rx_filter = HWTSTAMP_FILTER_NONE;
	ts->tx_corr_ns = lan1qtsn_ts_corr(dev, tx_latency_ns, "tx_latency_ns",
					  "tsnlab,tx-latency-ns",
					  LAN1QTSN_TS_TX_LATENCY_NS);
	ts->rx_corr_ns = lan1qtsn_ts_corr(dev, rx_latency_ns, "rx_latency_ns",
					  "tsnlab,rx-latency-ns",
					  LAN1QTSN_TS_RX_LATENCY_NS);
	lan1qtsn_txts_reset(&ts->txts);
	__skb_queue_head_init(&ts->done);
	lan1qtsn_hrtimer_setup(&ts->timer, lan1qtsn_ts_timer_fn, CLOCK_MONOTONIC,
			       HRTIMER_MODE_ABS);
}

/**
 * lan1qtsn_hwtstamp_get() - ndo_hwtstamp_get
 * @ndev: the device
 * @cfg: filled with the current configuration
 *
 * Return: 0.
 */
int lan1qtsn_hwtstamp_get(struct net_device *ndev,
			  struct kernel_hwtstamp_config *cfg)
{
	struct lan1qtsn_priv *priv = netdev_priv(ndev);

	cfg->flags = priv->ts.cfg.flags;
	cfg->tx_type = priv->ts.cfg.tx_type;
	cfg->rx_filter = priv->ts.cfg.rx_filter;
	return 0;
}

/**
 * lan1qtsn_hwtstamp_set() - ndo_hwtstamp_set (under RTNL)
 * @ndev: the device
 * @cfg: the request; rx_filter is rewritten to what the device does
 * @extack: why a request is refused
 *
 * TX: off or on (every frame that asks gets a stamp); the device has no
 * one-step mode. RX: the device stamps every frame, so any filter but
 * NONE becomes HWTSTAMP_FILTER_ALL. A refused request changes nothing.
 *
 * Return: 0, or -ERANGE for a mode the device cannot do, -EINVAL for flags.
 */
int lan1qtsn_hwtstamp_set(struct net_device *ndev,
			  struct kernel_hwtstamp_config *cfg,
			  struct netlink_ext_ack *extack)
{
	struct lan1qtsn_priv *priv = netdev_priv(ndev);

	if (cfg->flags) {
		NL_SET_ERR_MSG_MOD(extack,
				   "hwtstamp flags are not supported (no bonded PHC index)");
		return -EINVAL;
	}
	switch (cfg->tx_type) {
	case HWTSTAMP_TX_OFF:
	case HWTSTAMP_TX_ON:
		break;
	case HWTSTAMP_TX_ONESTEP_SYNC:
	case HWTSTAMP_TX_ONESTEP_P2P:
		NL_SET_ERR_MSG_MOD(extack,
				   "one-step TX timestamping is not supported: the device only captures the TX time (use two-step)");
		return -ERANGE;
	default:
		NL_SET_ERR_MSG_MOD(extack, "unknown TX timestamp type");
		return -ERANGE;
	}
	if (cfg->rx_filter != HWTSTAMP_FILTER_NONE)
		cfg->rx_filter = HWTSTAMP_FILTER_ALL;

	priv->ts.cfg = *cfg;
	WRITE_ONCE(priv->ts.tx_on, cfg->tx_type == HWTSTAMP_TX_ON);
	WRITE_ONCE(priv->ts.rx_on, cfg->rx_filter == HWTSTAMP_FILTER_ALL);
	return 0;
}

/**
 * lan1qtsn_get_ts_info() - ethtool get_ts_info
 * @ndev: the device
 * @info: capabilities
 *
 * Return: 0.
 */
int lan1qtsn_get_ts_info(struct net_device *ndev,
			 struct kernel_ethtool_ts_info *info)
{
	struct lan1qtsn_priv *priv = netdev_priv(ndev);

	info->so_timestamping = SOF_TIMESTAMPING_TX_HARDWARE |
				SOF_TIMESTAMPING_RX_HARDWARE |
				SOF_TIMESTAMPING_RAW_HARDWARE |
				SOF_TIMESTAMPING_TX_SOFTWARE |
				SOF_TIMESTAMPING_RX_SOFTWARE |
				SOF_TIMESTAMPING_SOFTWARE;
	info->phc_index = lan1qtsn_ptp_index(priv);
	info->tx_types = BIT(HWTSTAMP_TX_OFF) | BIT(HWTSTAMP_TX_ON);
	info->rx_filters = BIT(HWTSTAMP_FILTER_NONE) | BIT(HWTSTAMP_FILTER_ALL);
	return 0;
}

/**
 * lan1qtsn_get_ts_stats() - ethtool get_ts_stats
 * @ndev: the device
 * @st: TX stamps delivered, lost (expired or purged) and not taken
 *	(no free slot, no clone, no clock relation)
 */
void lan1qtsn_get_ts_stats(struct net_device *ndev, struct ethtool_ts_stats *st)
{
	struct lan1qtsn_priv *priv = netdev_priv(ndev);
	u64 dp[LAN1QTSN_DP_NR_COUNTERS], napi[LAN1QTSN_NAPI_NR_COUNTERS];

	lan1qtsn_dp_read_counters(priv, dp, napi);
	st->pkts = dp[LAN1QTSN_DP_TX_HWTSTAMPS];
	st->lost = dp[LAN1QTSN_DP_TX_HWTSTAMP_TIMEOUTS] +
		   dp[LAN1QTSN_DP_TX_HWTSTAMP_FLUSHED];
	st->err = dp[LAN1QTSN_DP_TX_HWTSTAMP_SKIPPED] +
		  dp[LAN1QTSN_DP_TX_HWTSTAMP_ERRORS];
}

/**
 * lan1qtsn_tstamp_rx() - attach the hardware stamp to a received frame
 * @priv: the device (owner thread)
 * @skb: the frame
 * @counter: the metadata timestamp (counter at the start of the frame)
 *
 * Lock-free conversion only; the RX latency correction brings the stamp
 * back to the moment the first bit reached the port.
 */
void lan1qtsn_tstamp_rx(struct lan1qtsn_priv *priv, struct sk_buff *skb,
			u64 counter)
{
	u64 ns;

	if (!READ_ONCE(priv->ts.rx_on))
		return;
	if (!lan1qtsn_ts_cnt_to_ns(priv, counter, &ns)) {
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_HWTSTAMP_NO_CLOCK, 1);
		return;
	}
	skb_hwtstamps(skb)->hwtstamp =
		ns_to_ktime(lan1qtsn_txts_rx_correct(ns, priv->ts.rx_corr_ns));
}

/* Wake the owner thread when the next awaited slot is due, or never. */
static void lan1qtsn_ts_arm(struct lan1qtsn_priv *priv)
{
	u64 next = lan1qtsn_txts_next_due(&priv->ts.txts);

	if (next == U64_MAX)
		hrtimer_try_to_cancel(&priv->ts.timer);
	else
		hrtimer_start(&priv->ts.timer, ns_to_ktime(next),
			      HRTIMER_MODE_ABS);
}

/**
 * lan1qtsn_tstamp_tx_prepare() - take a capture slot for a frame
 * @priv: the device (owner thread, dp_lock held)
 * @skb: the frame about to be written
 *
 * Only frames xmit marked (SKBTX_IN_PROGRESS: a hardware stamp was asked
 * for while TX stamping was on) get a slot. Without a free one the frame
 * goes without a stamp (tx_hwtstamp_skipped). A slot whose value is not
 * known is read first; a failed read requests a recovery and the frame
 * goes without a stamp (tx_hwtstamp_errors).
 *
 * Return: the slot id for the metadata (1..LAN1QTSN_TS_SLOTS), 0 for none.
 */
unsigned int lan1qtsn_tstamp_tx_prepare(struct lan1qtsn_priv *priv,
					struct sk_buff *skb)
{
	struct lan1qtsn_tstamp *ts = &priv->ts;
	struct sk_buff *clone;
	unsigned int id;
	u64 value;

	if (likely(!(skb_shinfo(skb)->tx_flags & SKBTX_IN_PROGRESS)))
		return 0;
	id = lan1qtsn_txts_alloc(&ts->txts);
	if (!id) {
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_TX_HWTSTAMP_SKIPPED, 1);
		return 0;
	}
	if (!ts->txts.slot[id - 1].prev_known) {
		if (lan1qtsn_bus_read_u64(&priv->bus,
					  LAN1QTSN_FT_TX_TSTAMP_H(id), &value)) {
			lan1qtsn_dp_inc(priv, LAN1QTSN_DP_TX_HWTSTAMP_ERRORS, 1);
			lan1qtsn_request_recover(priv);
			return 0;
		}
		lan1qtsn_txts_set_prev(&ts->txts, id, value);
	}
	/* Holds the socket: the stamp goes to its error queue. */
	clone = skb_clone_sk(skb);
	if (!clone) {
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_TX_HWTSTAMP_ERRORS, 1);
		return 0;
	}
	ts->clone[id - 1] = clone;
	return id;
}

/**
 * lan1qtsn_tstamp_tx_written() - a frame reached the device
 * @priv: the device (owner thread, dp_lock held)
 * @id: its slot, 0 for none
 * @frame_len: its TX frame_length
 * @start_delay_ns: how long from now the TX scheduler plans the frame to
 *		    start (0: now, or no plan: as soon as the port is free)
 *
 * Every frame moves the estimate of when the port is free; a stamped one
 * arms the timer for its slot's first read.
 */
void lan1qtsn_tstamp_tx_written(struct lan1qtsn_priv *priv, unsigned int id,
				unsigned int frame_len, u64 start_delay_ns)
{
	u64 now = ktime_get_ns();

	lan1qtsn_txts_written(&priv->ts.txts, id, now, now + start_delay_ns,
			      frame_len);
	if (id)
		lan1qtsn_ts_arm(priv);
}

/* Drop a request without a stamp, counted in @counter. */
static void lan1qtsn_ts_drop(struct lan1qtsn_priv *priv, unsigned int id,
			     enum lan1qtsn_dp_counter counter)
{
	struct lan1qtsn_tstamp *ts = &priv->ts;

	lan1qtsn_txts_cancel(&ts->txts, id);
	kfree_skb(ts->clone[id - 1]);
	ts->clone[id - 1] = NULL;
	lan1qtsn_dp_inc(priv, counter, 1);
}

/**
 * lan1qtsn_tstamp_tx_failed() - a frame's write failed
 * @priv: the device (owner thread, dp_lock held)
 * @id: its slot, 0 for none
 *
 * The frame may or may not have reached the device: its request is
 * dropped (tx_hwtstamp_errors) and the slot read again before its next
 * use.
 */
void lan1qtsn_tstamp_tx_failed(struct lan1qtsn_priv *priv, unsigned int id)
{
	if (id)
		lan1qtsn_ts_drop(priv, id, LAN1QTSN_DP_TX_HWTSTAMP_ERRORS);
}

/* A stamp arrived: convert, correct, keep the clone for delivery. */
static void lan1qtsn_ts_done(struct lan1qtsn_priv *priv, unsigned int id,
			     u64 value)
{
	struct lan1qtsn_tstamp *ts = &priv->ts;
	struct sk_buff *clone = ts->clone[id - 1];
	u64 ns;

	ts->clone[id - 1] = NULL;
	if (!lan1qtsn_ts_cnt_to_ns(priv, value, &ns)) {
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_HWTSTAMP_NO_CLOCK, 1);
		kfree_skb(clone);
		return;
	}
	lan1qtsn_ts_cb(clone)->ns = lan1qtsn_txts_tx_correct(ns,
							     ts->tx_corr_ns);
	__skb_queue_tail(&ts->done, clone);
	lan1qtsn_dp_inc(priv, LAN1QTSN_DP_TX_HWTSTAMPS, 1);
}

/**
 * lan1qtsn_tstamp_collect() - read the capture slots that are due
 * @priv: the device (owner thread, dp_lock held, device ready)
 *
 * A changed slot is read once more to confirm it (an unlatched read may
 * straddle the capture); an unchanged one is read again later, until its
 * request expires (tx_hwtstamp_timeouts). Re-arms the timer for the next
 * slot due.
 *
 * Return: 0, or the bus error of a read (recovery requested; the slot is
 * read again later).
 */
int lan1qtsn_tstamp_collect(struct lan1qtsn_priv *priv)
{
	struct lan1qtsn_txts *t = &priv->ts.txts;
	enum lan1qtsn_txts_verdict v = LAN1QTSN_TXTS_WAIT;
	unsigned int id;
	u64 value;
	int ret = 0;

	clear_bit(LAN1QTSN_EV_TSTAMP, &priv->events);
	for (id = 1; id <= LAN1QTSN_TS_SLOTS; id++) {
		do {
			if (!lan1qtsn_txts_due(t, id, ktime_get_ns()))
				break;
			ret = lan1qtsn_bus_read_u64(&priv->bus,
						    LAN1QTSN_FT_TX_TSTAMP_H(id),
						    &value);
			if (ret) {
				lan1qtsn_request_recover(priv);
				goto out;
			}
			v = lan1qtsn_txts_check(t, id, ktime_get_ns(), value);
			if (v == LAN1QTSN_TXTS_DONE)
				lan1qtsn_ts_done(priv, id, value);
			else if (v == LAN1QTSN_TXTS_EXPIRED)
				lan1qtsn_ts_drop(priv, id,
						 LAN1QTSN_DP_TX_HWTSTAMP_TIMEOUTS);
			else if (v == LAN1QTSN_TXTS_WAIT)
				lan1qtsn_dp_inc(priv,
						LAN1QTSN_DP_TX_HWTSTAMP_REREADS, 1);
		} while (v == LAN1QTSN_TXTS_CONFIRM);
	}
out:
	lan1qtsn_ts_arm(priv);
	return ret;
}

/**
 * lan1qtsn_tstamp_flush() - drop every awaited stamp
 * @priv: the device (dp_lock held, or the owner thread stopped)
 *
 * On down, a resync (a reset loses the device's frames, and their
 * captures with them), a lost device and removal. Each request counts in
 * tx_hwtstamp_flushed; every slot is read again before its next use.
 */
void lan1qtsn_tstamp_flush(struct lan1qtsn_priv *priv)
{
	struct lan1qtsn_tstamp *ts = &priv->ts;
	unsigned int id;

	for (id = 1; id <= LAN1QTSN_TS_SLOTS; id++)
		if (ts->clone[id - 1])
			lan1qtsn_ts_drop(priv, id,
					 LAN1QTSN_DP_TX_HWTSTAMP_FLUSHED);
	lan1qtsn_txts_reset(&ts->txts);
	hrtimer_try_to_cancel(&ts->timer);
	/*
	 * Nothing is due any more. A callback running right now may set the
	 * event again: the round that finds the interface down or the device
	 * lost clears it (or flushes again), so the thread cannot spin on it.
	 */
	clear_bit(LAN1QTSN_EV_TSTAMP, &priv->events);
}

/**
 * lan1qtsn_tstamp_have_done() - has this round collected a stamp
 * @priv: the device (dp_lock held)
 *
 * Return: true when a stamp waits to be delivered at the end of the round.
 */
bool lan1qtsn_tstamp_have_done(struct lan1qtsn_priv *priv)
{
	lockdep_assert_held(&priv->dp_lock);
	return !skb_queue_empty(&priv->ts.done);
}

/**
 * lan1qtsn_tstamp_take_done() - the stamps collected this round
 * @priv: the device (dp_lock held)
 * @list: initialised list the clones move to; the caller hands them to
 *	  lan1qtsn_tstamp_deliver() after dropping dp_lock
 */
void lan1qtsn_tstamp_take_done(struct lan1qtsn_priv *priv,
			       struct sk_buff_head *list)
{
	lockdep_assert_held(&priv->dp_lock);
	skb_queue_splice_tail_init(&priv->ts.done, list);
}

/**
 * lan1qtsn_tstamp_deliver() - complete collected stamps to their sockets
 * @list: from lan1qtsn_tstamp_take_done(); emptied
 *
 * Process context, no driver lock held.
 */
void lan1qtsn_tstamp_deliver(struct sk_buff_head *list)
{
	struct skb_shared_hwtstamps hw = {};
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(list))) {
		hw.hwtstamp = ns_to_ktime(lan1qtsn_ts_cb(skb)->ns);
		skb_complete_tx_timestamp(skb, &hw);
	}
}

/**
 * lan1qtsn_tstamp_stop() - nothing may be left (removal)
 * @priv: the device; the owner thread is stopped
 */
void lan1qtsn_tstamp_stop(struct lan1qtsn_priv *priv)
{
	lan1qtsn_tstamp_flush(priv);
	hrtimer_cancel(&priv->ts.timer);
	__skb_queue_purge(&priv->ts.done);
}
