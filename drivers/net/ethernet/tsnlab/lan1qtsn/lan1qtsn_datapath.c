// SPDX-License-Identifier: GPL-2.0
/*
 * LAN1QTSN data path: the owner thread.
 *
 * One SCHED_FIFO kernel thread owns the bus for data. It writes frames from
 * the per-queue TX rings while the driver's credit count says the device has
 * a free buffer, drains the RX FIFOs when the interrupt says they are
 * non-empty, alternating one frame each way with a bounded number of frames
 * per round, and resynchronises the device after any bus or protocol error.
 * It never exits before kthread_stop().
 *
 * Received frames go to a backlog list and reach the stack from NAPI, after
 * every driver lock is dropped: delivery may run the stack and come back
 * into ndo_start_xmit on this very thread.
 */
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/etherdevice.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/netdevice.h>
#include <linux/sched.h>
#include <linux/spi/spi.h>
#include <net/netdev_queues.h>

#include "lan1qtsn.h"

/* Bounds for draining the FIFOs during a resync (512 entries by default). */
#define LAN1QTSN_DRAIN_MAX_META		2048
#define LAN1QTSN_DRAIN_MAX_FRAMES	128
#define LAN1QTSN_RESYNC_BACKOFF_MS	20

static void lan1qtsn_dp_inc(struct lan1qtsn_priv *priv,
			    enum lan1qtsn_dp_counter c, u64 n)
{
	u64_stats_update_begin(&priv->dp_syncp);
	u64_stats_add(&priv->dp_cnt[c], n);
	u64_stats_update_end(&priv->dp_syncp);
}

/**
 * lan1qtsn_dp_read_counters() - snapshot the data path counters
 * @priv: the device
 * @dp: LAN1QTSN_DP_NR_COUNTERS values
 * @napi: LAN1QTSN_NAPI_NR_COUNTERS values
 *
 * Lockless; safe in any context (ndo_get_stats64 included).
 */
void lan1qtsn_dp_read_counters(struct lan1qtsn_priv *priv, u64 *dp, u64 *napi)
{
	unsigned int start, i;

	do {
		start = u64_stats_fetch_begin(&priv->dp_syncp);
		for (i = 0; i < LAN1QTSN_DP_NR_COUNTERS; i++)
			dp[i] = u64_stats_read(&priv->dp_cnt[i]);
	} while (u64_stats_fetch_retry(&priv->dp_syncp, start));
	do {
		start = u64_stats_fetch_begin(&priv->napi_syncp);
		for (i = 0; i < LAN1QTSN_NAPI_NR_COUNTERS; i++)
			napi[i] = u64_stats_read(&priv->napi_cnt[i]);
	} while (u64_stats_fetch_retry(&priv->napi_syncp, start));
}

/**
 * lan1qtsn_dp_kick() - post an event to the owner thread
 * @priv: the device
 * @ev: what happened
 *
 * Any context.
 */
void lan1qtsn_dp_kick(struct lan1qtsn_priv *priv, enum lan1qtsn_event ev)
{
	set_bit(ev, &priv->events);
	wake_up(&priv->wq);
}

/**
 * lan1qtsn_irq_handler() - hard IRQ: the RX metadata FIFO became non-empty
 * @irq: the interrupt
 * @data: the device
 *
 * Only records the event and wakes the owner thread. A level-triggered
 * line stays masked until the thread has emptied the FIFO.
 *
 * Return: IRQ_HANDLED.
 */
irqreturn_t lan1qtsn_irq_handler(int irq, void *data)
{
	struct lan1qtsn_priv *priv = data;

	if (priv->irq_level && !test_and_set_bit(LAN1QTSN_EV_IRQ_MASKED,
						 &priv->events))
		disable_irq_nosync(irq);
	lan1qtsn_dp_kick(priv, LAN1QTSN_EV_RX);
	return IRQ_HANDLED;
}

static void lan1qtsn_irq_unmask(struct lan1qtsn_priv *priv)
{
	if (test_and_clear_bit(LAN1QTSN_EV_IRQ_MASKED, &priv->events))
		enable_irq(priv->irq);
}

/* Full resync: the device state is in doubt (see lan1qtsn_resync()). */
static void lan1qtsn_request_resync(struct lan1qtsn_priv *priv)
{
	set_bit(LAN1QTSN_EV_RESYNC, &priv->events);
}

/* Light resync after a failed transaction (see lan1qtsn_recover()). */
static void lan1qtsn_request_recover(struct lan1qtsn_priv *priv)
{
	lan1qtsn_dp_inc(priv, LAN1QTSN_DP_BUS_ERRORS, 1);
	set_bit(LAN1QTSN_EV_RECOVER, &priv->events);
}

/**
 * lan1qtsn_tx_window_for() - the launch window of one frame
 * @priv: the device
 * @skb: the frame, about to be written
 * @q: its TX queue
 * @win: the window to fill
 *
 * Called by the owner thread at the moment it writes the frame, so the
 * window can be computed from the cached clock relation (@priv->clock)
 * without a clock read. Today every window is always open; taprio, CBS and
 * ETF compute real windows here, and TX timestamp requests get a capture
 * slot (timestamp_id 1..4) here.
 */
static void lan1qtsn_tx_window_for(struct lan1qtsn_priv *priv,
				   const struct sk_buff *skb, unsigned int q,
				   struct lan1qtsn_tx_window *win)
{
	lan1qtsn_tx_window_always_open(win, q);
}

/**
 * lan1qtsn_rx_hwtstamp() - attach the hardware timestamp to a frame
 * @priv: the device
 * @skb: the received frame
 * @counter: system counter at the start of the frame
 *
 * The PHC (a later issue) converts @counter through the cached clock
 * relation here; until then frames carry no hardware timestamp.
 */
static void lan1qtsn_rx_hwtstamp(struct lan1qtsn_priv *priv,
				 struct sk_buff *skb, u64 counter)
{
}

/* Next frame in round-robin order over the TX queues. */
static struct sk_buff *lan1qtsn_tx_dequeue(struct lan1qtsn_priv *priv,
					   unsigned int *queue)
{
	unsigned int i, q;
	struct sk_buff *skb;

	for (i = 0; i < LAN1QTSN_TX_QUEUES; i++) {
		q = (priv->tx_next_queue + i) % LAN1QTSN_TX_QUEUES;
		skb = skb_dequeue(&priv->tx_ring[q]);
		if (skb) {
			priv->tx_next_queue = (q + 1) % LAN1QTSN_TX_QUEUES;
			*queue = q;
			return skb;
		}
	}
	return NULL;
}

static bool lan1qtsn_tx_pending(struct lan1qtsn_priv *priv)
{
	unsigned int q;

	for (q = 0; q < LAN1QTSN_TX_QUEUES; q++)
		if (skb_queue_len_lockless(&priv->tx_ring[q]))
			return true;
	return false;
}

/* Report one frame leaving its ring to BQL and wake the queue if it can. */
static void lan1qtsn_tx_complete(struct lan1qtsn_priv *priv, unsigned int q,
				 unsigned int bytes)
{
	/* BHs off so that a woken queue is served now, not by ksoftirqd. */
	local_bh_disable();
	__netif_txq_completed_wake(netdev_get_tx_queue(priv->ndev, q), 1, bytes,
				   lan1qtsn_tx_ring_free(priv, q),
				   LAN1QTSN_TX_WAKE_THRESH,
				   !netif_running(priv->ndev));
	local_bh_enable();
}

static int lan1qtsn_refresh_credits(struct lan1qtsn_priv *priv)
{
	u32 status;
	int ret;

	ret = lan1qtsn_bus_read_reg(&priv->bus,
				    LAN1QTSN_FBW_BUFFER_WRITE_STATUS1_H,
				    &status);
	if (ret) {
		lan1qtsn_credits_reset(&priv->credits);
		return ret;
	}
	lan1qtsn_dp_inc(priv, LAN1QTSN_DP_TX_CREDIT_REFRESH, 1);
	lan1qtsn_credits_refresh(&priv->credits, status);
	return 0;
}

/**
 * lan1qtsn_tx_one() - write the next queued frame to the device
 * @priv: the device
 *
 * Asks the device for its free buffer count only when the driver's own
 * count is exhausted, so steady state costs one transaction per frame.
 * Every dequeued skb is either written or dropped with a counter.
 *
 * Return: 1 when a frame left its ring, 0 when there is nothing to send or
 * no device buffer, a negative errno after a bus error (resync requested).
 */
static int lan1qtsn_tx_one(struct lan1qtsn_priv *priv)
{
	struct lan1qtsn_tx_window win;
	struct sk_buff *skb;
	unsigned int q, len;
	int ret;

	if (!priv->credits.avail) {
		ret = lan1qtsn_refresh_credits(priv);
		if (ret) {
			lan1qtsn_request_recover(priv);
			return ret;
		}
		if (!priv->credits.avail) {
			if (!priv->credit_stalled) {
				priv->credit_stalled = true;
				priv->credit_stalled_since = jiffies;
			}
			priv->credit_blocked = true;
			lan1qtsn_dp_inc(priv, LAN1QTSN_DP_TX_CREDIT_STALL, 1);
			return 0;
		}
		priv->credit_stalled = false;
	}

	skb = lan1qtsn_tx_dequeue(priv, &q);
	if (!skb)
		return 0;
	len = skb->len;

	lan1qtsn_tx_window_for(priv, skb, q, &win);
	ret = lan1qtsn_bus_write_tx_frame(&priv->bus, &win, skb);
	if (ret == -EINVAL) {
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_TX_DROP_INVALID, 1);
		dev_kfree_skb_any(skb);
		ret = 1;
	} else if (ret) {
		/* Unknown whether the device took it: count it lost. */
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_TX_ERRORS, 1);
		lan1qtsn_request_recover(priv);
		dev_kfree_skb_any(skb);
	} else {
		lan1qtsn_credits_take(&priv->credits);
		u64_stats_update_begin(&priv->dp_syncp);
		u64_stats_inc(&priv->dp_cnt[LAN1QTSN_DP_TX_FRAMES]);
		u64_stats_add(&priv->dp_cnt[LAN1QTSN_DP_TX_BYTES], len);
		u64_stats_update_end(&priv->dp_syncp);
		dev_consume_skb_any(skb);
		ret = 1;
	}
	lan1qtsn_tx_complete(priv, q, len);
	return ret;
}

static void lan1qtsn_rx_backlog_add(struct lan1qtsn_priv *priv,
				    struct sk_buff *skb)
{
	bool full;

	spin_lock_bh(&priv->rx_backlog.lock);
	full = skb_queue_len(&priv->rx_backlog) >= LAN1QTSN_RX_BACKLOG;
	if (!full)
		__skb_queue_tail(&priv->rx_backlog, skb);
	spin_unlock_bh(&priv->rx_backlog.lock);

	if (full) {
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_RX_BACKLOG_DROP, 1);
		kfree_skb(skb);
		return;
	}
	/* BHs off so NAPI runs on this CPU as soon as they are back on. */
	local_bh_disable();
	napi_schedule(&priv->napi);
	local_bh_enable();
}

/**
 * lan1qtsn_rx_frame() - read the frame of a metadata entry
 * @priv: the device
 * @meta: the entry, already popped
 *
 * Checks the FCS, strips it and queues the frame for NAPI.
 *
 * Return: 1 when the frame was consumed (delivered or dropped with a
 * counter), a negative errno after a bus error (recovery requested).
 */
static int lan1qtsn_rx_frame(struct lan1qtsn_priv *priv,
			     const struct lan1qtsn_rx_meta *meta)
{
	struct sk_buff *skb;
	int ret;

	/* Process context: GFP_KERNEL. On failure still pop the frame. */
	skb = __netdev_alloc_skb_ip_align(priv->ndev, meta->frame_len,
					  GFP_KERNEL);
	ret = lan1qtsn_bus_read_rx_frame(&priv->bus,
					 skb ? skb_put(skb, meta->frame_len) : NULL,
					 meta->frame_len);
	if (ret) {
		kfree_skb(skb);
		/* The frame is still queued: read it again after recovery. */
		priv->rx_frame_owed = true;
		priv->rx_owed = *meta;
		lan1qtsn_request_recover(priv);
		return ret;
	}
	if (!skb) {
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_RX_NOMEM, 1);
		return 1;
	}
	if (!lan1qtsn_fcs_valid(skb->data, skb->len)) {
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_RX_FCS_ERRORS, 1);
		kfree_skb(skb);
		return 1;
	}
	/* ptp4l and others reject trailing bytes: never pass the FCS up. */
	skb_trim(skb, skb->len - LAN1QTSN_FCS_LEN);
	lan1qtsn_rx_hwtstamp(priv, skb, meta->timestamp);
	lan1qtsn_dp_inc(priv, LAN1QTSN_DP_RX_FRAMES, 1);
	lan1qtsn_rx_backlog_add(priv, skb);
	return 1;
}

/**
 * lan1qtsn_rx_one() - receive one frame
 * @priv: the device
 *
 * Pops one metadata entry and, if it names a frame, that frame; checks the
 * FCS, strips it and queues the frame for NAPI.
 *
 * Return: 1 when an entry was consumed, 0 when the FIFO is empty, a negative
 * errno after a bus error or impossible metadata (recovery requested).
 */
static int lan1qtsn_rx_one(struct lan1qtsn_priv *priv)
{
	u8 raw[LAN1QTSN_RX_META_LEN];
	struct lan1qtsn_rx_meta meta;
	int ret;

	priv->rx_last_poll = jiffies;
	ret = lan1qtsn_bus_read_rx_meta(&priv->bus, raw);
	if (ret) {
		lan1qtsn_request_recover(priv);
		return ret;
	}
	ret = lan1qtsn_rx_meta_parse(raw, &meta);
	if (ret == -ENODATA) {
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_RX_EMPTY_POLLS, 1);
		return 0;
	}
	if (ret) {
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_RX_META_INVALID, 1);
		/* Its frame, of unknown length, is queued: the resync pops it. */
		priv->rx_frame_owed = true;
		priv->rx_owed.frame_len = 0;
		lan1qtsn_request_resync(priv);
		return ret;
	}
	return lan1qtsn_rx_frame(priv, &meta);
}

/*
 * Pop a frame whose length is unknown or not trusted. Reading the longest
 * possible frame never cuts one short; bytes past its end read as zero.
 */
static int lan1qtsn_discard_frame(struct lan1qtsn_priv *priv)
{
	int ret;

	ret = lan1qtsn_bus_read_rx_frame(&priv->bus, NULL, LAN1QTSN_RX_MAX_LEN);
	if (!ret)
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_RX_DISCARDED, 1);
	return ret;
}

static int lan1qtsn_rx_fifo_status(struct lan1qtsn_priv *priv, u32 *frames,
				   u32 *entries)
{
	u32 status;
	int ret;

	ret = lan1qtsn_bus_read_reg(&priv->bus, LAN1QTSN_TSN_RX_FIFO_STATUS_L,
				    &status);
	*frames = FIELD_GET(LAN1QTSN_RX_FIFO_FRAME_CNT, status);
	*entries = FIELD_GET(LAN1QTSN_RX_FIFO_META_CNT, status);
	return ret;
}

/* Pop every RX entry and frame; they belong to a state we no longer trust. */
static int lan1qtsn_drain_rx(struct lan1qtsn_priv *priv)
{
	u8 raw[LAN1QTSN_RX_META_LEN];
	struct lan1qtsn_rx_meta meta;
	u32 frames, entries;
	unsigned int i;
	int ret;

	/* An entry was popped but its frame not read: it heads the FIFO. */
	if (priv->rx_frame_owed) {
		ret = lan1qtsn_rx_fifo_status(priv, &frames, &entries);
		if (!ret && frames)
			ret = lan1qtsn_discard_frame(priv);
		if (ret)
			return ret;
		priv->rx_frame_owed = false;
	}

	for (i = 0; i < LAN1QTSN_DRAIN_MAX_META; i++) {
		ret = lan1qtsn_bus_read_rx_meta(&priv->bus, raw);
		if (ret)
			return ret;
		ret = lan1qtsn_rx_meta_parse(raw, &meta);
		if (ret == -ENODATA)
			break;
		if (ret) {
			lan1qtsn_dp_inc(priv, LAN1QTSN_DP_RX_META_INVALID, 1);
			ret = lan1qtsn_discard_frame(priv);
		} else {
			ret = lan1qtsn_bus_read_rx_frame(&priv->bus, NULL,
							 meta.frame_len);
			if (!ret)
				lan1qtsn_dp_inc(priv, LAN1QTSN_DP_RX_DISCARDED,
						1);
		}
		if (ret) {
			priv->rx_frame_owed = true;
			return ret;
		}
	}

	/* Frames without an entry: only a device out of step leaves these. */
	for (i = 0; i < LAN1QTSN_DRAIN_MAX_FRAMES; i++) {
		ret = lan1qtsn_rx_fifo_status(priv, &frames, &entries);
		if (ret)
			return ret;
		if (!frames || entries)
			break;
		ret = lan1qtsn_discard_frame(priv);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * lan1qtsn_recover() - resynchronise after a failed transaction
 * @priv: the device; caller holds dp_lock
 *
 * A failed transaction leaves the FIFOs paired, so nothing is discarded:
 * the frame whose read failed is read again, the credits are refreshed and
 * the device is checked to be still enabled (else a full resync follows).
 *
 * Return: 0 or the bus error that stopped it (the caller retries later).
 */
static int lan1qtsn_recover(struct lan1qtsn_priv *priv)
{
	u32 ctrl, frames, entries;
	int ret;

	lan1qtsn_dp_inc(priv, LAN1QTSN_DP_RECOVERIES, 1);
	clear_bit(LAN1QTSN_EV_RECOVER, &priv->events);
	lan1qtsn_credits_reset(&priv->credits);
	priv->credit_blocked = false;
	/* Down: the resync done by open starts from scratch anyway. */
	if (!priv->running)
		return 0;

	ret = lan1qtsn_bus_read_reg(&priv->bus, LAN1QTSN_TSN_SYSTEM_CONTROL_L,
				    &ctrl);
	if (!ret && !(ctrl & LAN1QTSN_TSN_ENABLE)) {
		lan1qtsn_request_resync(priv);
		return 0;
	}
	if (!ret && priv->rx_frame_owed) {
		ret = lan1qtsn_rx_fifo_status(priv, &frames, &entries);
		if (!ret && !frames)
			priv->rx_frame_owed = false;
	}
	if (!ret && priv->rx_frame_owed) {
		priv->rx_frame_owed = false;
		if (priv->rx_owed.frame_len)
			ret = lan1qtsn_rx_frame(priv, &priv->rx_owed);
		else
			ret = lan1qtsn_discard_frame(priv);
		ret = min(ret, 0);
		if (ret)
			priv->rx_frame_owed = true;
	}
	if (!ret)
		ret = lan1qtsn_refresh_credits(priv);
	if (ret) {
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_RESYNC_FAILS, 1);
		set_bit(LAN1QTSN_EV_RECOVER, &priv->events);
		return ret;
	}
	set_bit(LAN1QTSN_EV_RX, &priv->events);
	if (lan1qtsn_tx_pending(priv))
		set_bit(LAN1QTSN_EV_TX, &priv->events);
	return 0;
}

/**
 * lan1qtsn_resync() - bring the device back to a known state
 * @priv: the device; caller holds dp_lock
 *
 * Disables the device, empties the RX FIFOs, enables it again if the
 * interface is up and refreshes the TX credits. Frames still in the TX
 * rings stay queued and go out afterwards.
 *
 * Return: 0 or the bus error that stopped it (the caller retries later).
 */
static int lan1qtsn_resync(struct lan1qtsn_priv *priv)
{
	int ret;

	lan1qtsn_dp_inc(priv, LAN1QTSN_DP_RESYNCS, 1);
	clear_bit(LAN1QTSN_EV_RESYNC, &priv->events);
	clear_bit(LAN1QTSN_EV_RECOVER, &priv->events);
	lan1qtsn_credits_reset(&priv->credits);
	priv->credit_blocked = false;
	priv->credit_stalled = false;

	ret = lan1qtsn_bus_write_reg(&priv->bus, LAN1QTSN_TSN_SYSTEM_CONTROL_L,
				     0);
	if (!ret)
		ret = lan1qtsn_drain_rx(priv);
	if (!ret && priv->running)
		ret = lan1qtsn_bus_write_reg(&priv->bus,
					     LAN1QTSN_TSN_SYSTEM_CONTROL_L,
					     LAN1QTSN_TSN_ENABLE);
	if (!ret && priv->running)
		ret = lan1qtsn_refresh_credits(priv);
	priv->health_next = jiffies + msecs_to_jiffies(LAN1QTSN_IDLE_POLL_MS);
	if (ret) {
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_RESYNC_FAILS, 1);
		lan1qtsn_request_resync(priv);
		return ret;
	}
	lan1qtsn_irq_unmask(priv);
	/* An edge may have come while the FIFO was being drained. */
	set_bit(LAN1QTSN_EV_RX, &priv->events);
	if (lan1qtsn_tx_pending(priv))
		set_bit(LAN1QTSN_EV_TX, &priv->events);
	return 0;
}

/*
 * Once a second, check that the device is still enabled: a device that
 * reset itself (power glitch, FPGA reload) comes back disabled and silent.
 * Also fetch the device's RX FIFO overflow count for ndo_get_stats64.
 * Return: true when a resync is needed.
 */
static bool lan1qtsn_check_health(struct lan1qtsn_priv *priv)
{
	u64 fifo_full;
	u32 ctrl;
	int ret;

	if (time_before(jiffies, priv->health_next))
		return false;
	priv->health_next = jiffies + msecs_to_jiffies(LAN1QTSN_IDLE_POLL_MS);
	ret = lan1qtsn_bus_read_reg(&priv->bus, LAN1QTSN_TSN_SYSTEM_CONTROL_L,
				    &ctrl);
	if (ret) {
		lan1qtsn_request_recover(priv);
		return false;
	}
	ret = lan1qtsn_bus_read_u64(&priv->bus,
				    LAN1QTSN_FD_FIFO_FULL_DROP_FRAME_CNT_H,
				    &fifo_full);
	if (ret) {
		lan1qtsn_request_recover(priv);
		return false;
	}
	u64_stats_update_begin(&priv->dp_syncp);
	u64_stats_set(&priv->dp_cnt[LAN1QTSN_DP_RX_DEVICE_OVERFLOW], fifo_full);
	u64_stats_update_end(&priv->dp_syncp);
	if (ctrl & LAN1QTSN_TSN_ENABLE)
		return false;
	lan1qtsn_dp_inc(priv, LAN1QTSN_DP_DEVICE_RESETS, 1);
	return true;
}

/**
 * lan1qtsn_round() - one bounded round of work of the owner thread
 * @priv: the device
 *
 * Return: true when a resync failed and the thread should back off.
 */
static bool lan1qtsn_round(struct lan1qtsn_priv *priv)
{
	bool rx_more, tx_more, failed = false;
	unsigned int n, w;
	int ret;

	mutex_lock(&priv->dp_lock);
	if (test_bit(LAN1QTSN_EV_RESYNC, &priv->events))
		failed = lan1qtsn_resync(priv) < 0;
	else if (test_bit(LAN1QTSN_EV_RECOVER, &priv->events))
		failed = lan1qtsn_recover(priv) < 0;
	if (!priv->running || failed) {
		/* Stale entries wait for the resync done by open. */
		clear_bit(LAN1QTSN_EV_RX, &priv->events);
		clear_bit(LAN1QTSN_EV_TX, &priv->events);
		mutex_unlock(&priv->dp_lock);
		return failed;
	}

	if (priv->credit_stalled &&
	    time_after(jiffies, priv->credit_stalled_since +
		       msecs_to_jiffies(LAN1QTSN_TX_STUCK_MS))) {
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_TX_STUCK, 1);
		lan1qtsn_request_resync(priv);
		mutex_unlock(&priv->dp_lock);
		return false;
	}

	if (lan1qtsn_check_health(priv)) {
		lan1qtsn_request_resync(priv);
		mutex_unlock(&priv->dp_lock);
		return false;
	}

	rx_more = test_and_clear_bit(LAN1QTSN_EV_RX, &priv->events);
	/* Busy with TX only: still look at RX now and then (lost edge). */
	if (time_after(jiffies, priv->rx_last_poll +
		       msecs_to_jiffies(LAN1QTSN_IDLE_POLL_MS)))
		rx_more = true;
	tx_more = test_and_clear_bit(LAN1QTSN_EV_TX, &priv->events);
	/*
	 * Weighted round robin, LAN1QTSN_RX_WEIGHT RX frames per TX frame:
	 * neither direction starves, and RX, whose overflow loses frames in
	 * the device, drains faster than a peer like us can fill it, while TX
	 * backlog only pushes back on the stack.
	 */
	for (n = 0; n < LAN1QTSN_ROUND_FRAMES && (rx_more || tx_more); n++) {
		for (w = 0; rx_more && w < LAN1QTSN_RX_WEIGHT; w++) {
			ret = lan1qtsn_rx_one(priv);
			if (ret < 0)
				goto out;
			if (!ret) {
				rx_more = false;
				lan1qtsn_irq_unmask(priv);
			}
		}
		if (tx_more) {
			ret = lan1qtsn_tx_one(priv);
			if (ret < 0)
				goto out;
			if (!ret)
				tx_more = false;
		}
	}
out:
	if (rx_more)
		set_bit(LAN1QTSN_EV_RX, &priv->events);
	if (tx_more || (!priv->credit_blocked && lan1qtsn_tx_pending(priv)))
		set_bit(LAN1QTSN_EV_TX, &priv->events);
	mutex_unlock(&priv->dp_lock);
	return false;
}

static bool lan1qtsn_has_work(struct lan1qtsn_priv *priv)
{
	unsigned long ev = READ_ONCE(priv->events);

	if (ev & (BIT(LAN1QTSN_EV_RX) | BIT(LAN1QTSN_EV_RESYNC) |
		  BIT(LAN1QTSN_EV_RECOVER)))
		return true;
	return (ev & BIT(LAN1QTSN_EV_TX)) && !priv->credit_blocked;
}

static bool lan1qtsn_should_wake(struct lan1qtsn_priv *priv)
{
	return lan1qtsn_has_work(priv) || kthread_should_stop();
}

static int lan1qtsn_thread(void *data)
{
	const ktime_t poll = ns_to_ktime(LAN1QTSN_CREDIT_POLL_US * NSEC_PER_USEC);
	const long idle = msecs_to_jiffies(LAN1QTSN_IDLE_POLL_MS);
	struct lan1qtsn_priv *priv = data;
	long ret;

	while (!kthread_should_stop()) {
		if (priv->credit_blocked) {
			/* Poll the device until it frees a TX buffer. */
			wait_event_interruptible_hrtimeout(priv->wq,
							   lan1qtsn_should_wake(priv),
							   poll);
			priv->credit_blocked = false;
			set_bit(LAN1QTSN_EV_TX, &priv->events);
		} else {
			ret = wait_event_interruptible_timeout(priv->wq,
							       lan1qtsn_should_wake(priv),
							       idle);
			/* Covers a lost edge: costs one read per second idle. */
			if (!ret)
				set_bit(LAN1QTSN_EV_RX, &priv->events);
		}
		if (kthread_should_stop())
			break;
		if (lan1qtsn_round(priv))
			msleep(LAN1QTSN_RESYNC_BACKOFF_MS);
		cond_resched();
	}
	return 0;
}

/**
 * lan1qtsn_napi_poll() - hand received frames to the stack
 * @napi: the device's NAPI context
 * @budget: most frames to deliver
 *
 * Return: frames delivered.
 */
int lan1qtsn_napi_poll(struct napi_struct *napi, int budget)
{
	struct lan1qtsn_priv *priv = container_of(napi, struct lan1qtsn_priv,
						  napi);
	struct sk_buff_head frames;
	struct sk_buff *skb;
	u64 bytes = 0;
	int done = 0;

	__skb_queue_head_init(&frames);
	spin_lock(&priv->rx_backlog.lock);
	while (done < budget && (skb = __skb_dequeue(&priv->rx_backlog))) {
		__skb_queue_tail(&frames, skb);
		done++;
	}
	spin_unlock(&priv->rx_backlog.lock);

	while ((skb = __skb_dequeue(&frames))) {
		bytes += skb->len;
		skb->protocol = eth_type_trans(skb, priv->ndev);
		napi_gro_receive(napi, skb);
	}

	u64_stats_update_begin(&priv->napi_syncp);
	u64_stats_add(&priv->napi_cnt[LAN1QTSN_NAPI_RX_PACKETS], done);
	u64_stats_add(&priv->napi_cnt[LAN1QTSN_NAPI_RX_BYTES], bytes);
	u64_stats_update_end(&priv->napi_syncp);

	if (done < budget)
		napi_complete_done(napi, done);
	return done;
}

/**
 * lan1qtsn_dp_init() - initialise the data path state (probe)
 * @priv: the device
 */
void lan1qtsn_dp_init(struct lan1qtsn_priv *priv)
{
	unsigned int q;

	init_waitqueue_head(&priv->wq);
	mutex_init(&priv->dp_lock);
	for (q = 0; q < LAN1QTSN_TX_QUEUES; q++)
		skb_queue_head_init(&priv->tx_ring[q]);
	skb_queue_head_init(&priv->rx_backlog);
	seqlock_init(&priv->clock.seq);
	u64_stats_init(&priv->dp_syncp);
	u64_stats_init(&priv->napi_syncp);
	lan1qtsn_credits_reset(&priv->credits);
}

/**
 * lan1qtsn_dp_start_thread() - start the owner thread (probe)
 * @priv: the device
 *
 * Return: 0 or a negative errno.
 */
int lan1qtsn_dp_start_thread(struct lan1qtsn_priv *priv)
{
	struct task_struct *t;

	t = kthread_create(lan1qtsn_thread, priv, "lan1qtsn-%s",
			   dev_name(&priv->spi->dev));
	if (IS_ERR(t))
		return PTR_ERR(t);
	sched_set_fifo(t);
	priv->thread = t;
	wake_up_process(t);
	return 0;
}

static void lan1qtsn_purge_tx(struct lan1qtsn_priv *priv)
{
	struct sk_buff *skb;
	unsigned int q;
	u64 dropped = 0;

	for (q = 0; q < LAN1QTSN_TX_QUEUES; q++) {
		while ((skb = skb_dequeue(&priv->tx_ring[q]))) {
			dropped++;
			dev_kfree_skb_any(skb);
		}
		netdev_tx_reset_subqueue(priv->ndev, q);
	}
	if (dropped)
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_TX_DROP_DOWN, dropped);
}

static void lan1qtsn_purge_rx(struct lan1qtsn_priv *priv)
{
	struct sk_buff *skb;

	while ((skb = skb_dequeue(&priv->rx_backlog))) {
		dev_core_stats_rx_dropped_inc(priv->ndev);
		kfree_skb(skb);
	}
}

/**
 * lan1qtsn_dp_stop_thread() - stop the owner thread (remove)
 * @priv: the device
 *
 * Runs after the netdev is unregistered and the IRQ freed, so nothing can
 * queue work any more; frees whatever is left.
 */
void lan1qtsn_dp_stop_thread(struct lan1qtsn_priv *priv)
{
	kthread_stop(priv->thread);
	mutex_lock(&priv->dp_lock);
	lan1qtsn_purge_tx(priv);
	mutex_unlock(&priv->dp_lock);
	lan1qtsn_purge_rx(priv);
}

/**
 * lan1qtsn_dp_up() - enable the device and start the data path (ndo_open)
 * @priv: the device
 *
 * Return: 0 or a bus error.
 */
int lan1qtsn_dp_up(struct lan1qtsn_priv *priv)
{
	int ret;

	napi_enable(&priv->napi);
	mutex_lock(&priv->dp_lock);
	priv->running = true;
	ret = lan1qtsn_resync(priv);
	if (ret) {
		priv->running = false;
		clear_bit(LAN1QTSN_EV_RESYNC, &priv->events);
	}
	mutex_unlock(&priv->dp_lock);
	if (ret) {
		napi_disable(&priv->napi);
		return ret;
	}
	netif_tx_start_all_queues(priv->ndev);
	netif_carrier_on(priv->ndev);
	lan1qtsn_dp_kick(priv, LAN1QTSN_EV_RX);
	return 0;
}

/**
 * lan1qtsn_dp_down() - stop the data path and disable the device (ndo_stop)
 * @priv: the device
 *
 * Waits for the owner thread to finish its round, then drops every queued
 * frame with a counter. Works under full traffic.
 */
void lan1qtsn_dp_down(struct lan1qtsn_priv *priv)
{
	netif_carrier_off(priv->ndev);
	netif_tx_disable(priv->ndev);

	mutex_lock(&priv->dp_lock);
	priv->running = false;
	if (lan1qtsn_bus_write_reg(&priv->bus, LAN1QTSN_TSN_SYSTEM_CONTROL_L,
				   0))
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_BUS_ERRORS, 1);
	lan1qtsn_purge_tx(priv);
	lan1qtsn_credits_reset(&priv->credits);
	priv->credit_blocked = false;
	priv->credit_stalled = false;
	mutex_unlock(&priv->dp_lock);

	napi_disable(&priv->napi);
	lan1qtsn_purge_rx(priv);
}
