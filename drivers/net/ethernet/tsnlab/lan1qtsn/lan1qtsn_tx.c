// SPDX-License-Identifier: GPL-2.0
/*
 * LAN1QTSN transmit side of the owner thread: TX rings to the device.
 *
 * Frames are written while the driver's own credit count says the device
 * has a free buffer, in the order and with the windows lan1qtsn_txsched.c
 * gives them. Every frame taken off a ring is written, or dropped
 * with a counter; BQL learns about it once per round, under dp_lock with
 * bottom halves off (lan1qtsn_tx_report_done()), so that a woken queue is
 * served only after the round's lock is dropped.
 *
 * Writes of frames of LAN1QTSN_TX_QUEUE_MIN_LEN bytes or more are queued
 * on the bus (lan1qtsn_bus_tx_submit()): the thread builds the next frame
 * while the last is on the bus. A frame is counted as sent, or as a TX
 * error, when its write has ended. Other frames are written at once: a
 * frame whose timing the driver plans (an offload's window or launch
 * time) or whose TX stamp it collects, because the model of the device
 * FIFO and the stamp's first read start from the moment the device had
 * it; any frame while a TX stamp is still to be read, whose read would
 * otherwise wait behind the queued writes (about 2.5 ms more under a
 * full-size flood); and a short frame, whose bus time is too short to
 * hide the wake-ups of the SPI core's thread that queueing costs. No
 * write is left queued past the round.
 */
#include <linux/jiffies.h>
#include <linux/netdevice.h>
#include <net/netdev_queues.h>

#include "lan1qtsn.h"

/**
 * lan1qtsn_tx_pending() - does any TX ring hold a frame
 * @priv: the device
 *
 * Return: true when a frame waits.
 */
bool lan1qtsn_tx_pending(struct lan1qtsn_priv *priv)
{
	unsigned int q;

	for (q = 0; q < LAN1QTSN_TX_QUEUES; q++)
		if (skb_queue_len_lockless(&priv->tx_ring[q]))
			return true;
	return false;
}

/* One frame left ring @q: BQL hears of it at the end of the round. */
static void lan1qtsn_tx_done(struct lan1qtsn_priv *priv, unsigned int q,
			     unsigned int bytes)
{
	priv->tx_done_pkts[q]++;
	priv->tx_done_bytes[q] += bytes;
}

/**
 * lan1qtsn_tx_report_done() - tell BQL what left the rings this round
 * @priv: the device; caller holds dp_lock with bottom halves disabled
 *
 * Under dp_lock, so that open/stop, which reset the BQL state, never see
 * a completion they did not account for; with bottom halves off, so that
 * the TX softirq of a woken queue runs only once the lock is dropped.
 */
void lan1qtsn_tx_report_done(struct lan1qtsn_priv *priv)
{
	unsigned int q;

	lockdep_assert_held(&priv->dp_lock);
	for (q = 0; q < LAN1QTSN_TX_QUEUES; q++) {
		if (!priv->tx_done_pkts[q])
			continue;
		__netif_txq_completed_wake(netdev_get_tx_queue(priv->ndev, q),
					   priv->tx_done_pkts[q],
					   priv->tx_done_bytes[q],
					   lan1qtsn_tx_ring_free(priv, q),
					   LAN1QTSN_TX_WAKE_THRESH,
					   !netif_running(priv->ndev));
		priv->tx_done_pkts[q] = 0;
		priv->tx_done_bytes[q] = 0;
	}
}

/**
 * lan1qtsn_tx_refresh_credits() - ask the device for its free buffers
 * @priv: the device
 *
 * Return: 0 or a bus error (credits are then zero).
 */
int lan1qtsn_tx_refresh_credits(struct lan1qtsn_priv *priv)
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
	if (lan1qtsn_credits_refresh(&priv->credits, status)) {
		priv->credit_stalled = false;
	} else if (!priv->credit_stalled) {
		/* Frames waiting for their windows hold buffers rightly. */
		priv->credit_stalled = true;
		priv->credit_stalled_since = jiffies +
					     lan1qtsn_txsched_drain_delay(priv);
	}
	return 0;
}

/* The oldest queued write has ended, or will: settle its frame. */
static int lan1qtsn_tx_write_ended(struct lan1qtsn_priv *priv)
{
	struct lan1qtsn_tx_write *w = &priv->tx_writes[priv->tx_writes_head];
	struct sk_buff *skb = w->skb;
	u64 start_delay_ns = 0;
	int ret;

	ret = lan1qtsn_bus_tx_wait(&priv->bus, w->slot);
	priv->tx_writes_head = (priv->tx_writes_head + 1) %
			       LAN1QTSN_BUS_TX_SLOTS;
	priv->tx_writes_n--;
	w->skb = NULL;
	if (ret) {
		/*
		 * Unknown whether the device took it (a transfer may fail
		 * after the device queued the frame): count it as an error,
		 * and let the recovery re-read the free buffers.
		 */
		lan1qtsn_tstamp_tx_failed(priv, w->tsid);
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_TX_ERRORS, 1);
		lan1qtsn_request_recover(priv);
		dev_kfree_skb_any(skb);
		return ret;
	}
	if (w->planned)
		start_delay_ns = lan1qtsn_txsched_written(priv);
	lan1qtsn_tstamp_tx_written(priv, w->tsid,
				   lan1qtsn_tx_frame_len(skb->len,
							 LAN1QTSN_FCS_LEN),
				   start_delay_ns);
	u64_stats_update_begin(&priv->dp_syncp);
	u64_stats_inc(&priv->dp_cnt[LAN1QTSN_DP_TX_FRAMES]);
	u64_stats_add(&priv->dp_cnt[LAN1QTSN_DP_TX_BYTES], skb->len);
	u64_stats_update_end(&priv->dp_syncp);
	dev_consume_skb_any(skb);
	return 0;
}

/**
 * lan1qtsn_tx_wait_writes() - wait for every queued TX write to end
 * @priv: the device (owner thread, dp_lock held)
 *
 * Return: 0, or the error of the first write that failed (each failed one
 * is counted and has requested a recovery).
 */
int lan1qtsn_tx_wait_writes(struct lan1qtsn_priv *priv)
{
	int ret, first = 0;

	while (priv->tx_writes_n) {
		ret = lan1qtsn_tx_write_ended(priv);
		if (ret && !first)
			first = ret;
	}
	return first;
}

/**
 * lan1qtsn_tx_one() - write the next queued frame to the device
 * @priv: the device
 *
 * Asks the device for its free buffer count only when the driver's own
 * count is exhausted and a frame waits, so steady state costs one
 * transaction per frame. Every dequeued skb is either written or dropped
 * with a counter. The write may still be queued on the bus on return
 * (lan1qtsn_tx_wait_writes()).
 *
 * Return: 1 when a frame left its ring, 0 when there is nothing to send or
 * no device buffer, a negative errno after a bus error (recovery requested).
 */
int lan1qtsn_tx_one(struct lan1qtsn_priv *priv)
{
	enum lan1qtsn_txsched_action action;
	enum lan1qtsn_dp_counter drop;
	struct lan1qtsn_tx_window win;
	struct lan1qtsn_tx_write *w;
	struct sk_buff *skb;
	unsigned int q, len, tsid;
	bool planned, wait;
	int ret, slot;

	if (!lan1qtsn_tx_pending(priv))
		return 0;
	/* Slots are used in turn: the next one is the oldest write's. */
	if (priv->tx_writes_n == LAN1QTSN_BUS_TX_SLOTS) {
		ret = lan1qtsn_tx_write_ended(priv);
		if (ret)
			return ret;
	}
	if (!priv->credits.avail) {
		ret = lan1qtsn_tx_refresh_credits(priv);
		if (ret) {
			lan1qtsn_request_recover(priv);
			return ret;
		}
		if (!priv->credits.avail) {
			priv->credit_blocked = true;
			lan1qtsn_dp_inc(priv, LAN1QTSN_DP_TX_CREDIT_STALL, 1);
			return 0;
		}
	}

	action = lan1qtsn_txsched_next(priv, &skb, &q, &win, &drop);
	if (action == LAN1QTSN_TXS_NONE)
		return 0;
	len = skb->len;
	lan1qtsn_tx_done(priv, q, len);
	if (action == LAN1QTSN_TXS_DROP) {
		lan1qtsn_dp_inc(priv, drop, 1);
		dev_kfree_skb_any(skb);
		return 1;
	}

	/* A frame that asked for a hardware stamp: a capture slot, or none. */
	tsid = lan1qtsn_tstamp_tx_prepare(priv, skb);
	win.timestamp_id = tsid;
	planned = priv->txs.decision.action == LAN1QTSN_SCHED_COMMIT;
	/* A stamp still to read would wait behind the queued writes. */
	wait = planned || tsid || len < LAN1QTSN_TX_QUEUE_MIN_LEN ||
	       lan1qtsn_txts_next_due(&priv->ts.txts) != U64_MAX;
	slot = lan1qtsn_bus_tx_submit(&priv->bus, &win, skb, wait);
	if (slot < 0) {
		/* Refused before the bus: nothing reached the device. */
		lan1qtsn_tstamp_tx_failed(priv, tsid);
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_TX_DROP_INVALID, 1);
		dev_kfree_skb_any(skb);
		return 1;
	}
	w = &priv->tx_writes[(priv->tx_writes_head + priv->tx_writes_n) %
			     LAN1QTSN_BUS_TX_SLOTS];
	w->skb = skb;
	w->slot = slot;
	w->tsid = tsid;
	w->planned = planned;
	priv->tx_writes_n++;
	/* The device's buffer is taken; a failed write makes recovery count. */
	lan1qtsn_credits_take(&priv->credits);
	if (wait) {
		ret = lan1qtsn_tx_wait_writes(priv);
		if (ret)
			return ret;
	}
	return 1;
}

/**
 * lan1qtsn_tx_drop_one() - drop the next queued frame (device lost)
 * @priv: the device
 *
 * With carrier off the stack stops sending; what was already queued goes
 * through the normal completion path, counted, so BQL stays consistent.
 *
 * Return: true when a frame was dropped.
 */
bool lan1qtsn_tx_drop_one(struct lan1qtsn_priv *priv)
{
	struct sk_buff *skb;
	unsigned int q;

	skb = lan1qtsn_txsched_dequeue_rr(priv, &q);
	if (!skb)
		return false;
	lan1qtsn_dp_inc(priv, LAN1QTSN_DP_TX_DROP_LOST, 1);
	lan1qtsn_tx_done(priv, q, skb->len);
	dev_kfree_skb_any(skb);
	return true;
}

/**
 * lan1qtsn_tx_purge() - drop every queued frame and reset BQL (down)
 * @priv: the device; caller holds dp_lock, the queues are stopped
 */
void lan1qtsn_tx_purge(struct lan1qtsn_priv *priv)
{
	struct sk_buff *skb;
	unsigned int q;
	u64 dropped = 0;

	for (q = 0; q < LAN1QTSN_TX_QUEUES; q++) {
		while ((skb = skb_dequeue(&priv->tx_ring[q]))) {
			dropped++;
			dev_kfree_skb_any(skb);
		}
		priv->tx_done_pkts[q] = 0;
		priv->tx_done_bytes[q] = 0;
		netdev_tx_reset_subqueue(priv->ndev, q);
	}
	if (dropped)
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_TX_DROP_DOWN, dropped);
}
