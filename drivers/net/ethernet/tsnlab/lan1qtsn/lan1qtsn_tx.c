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

/**
 * lan1qtsn_tx_one() - write the next queued frame to the device
 * @priv: the device
 *
 * Asks the device for its free buffer count only when the driver's own
 * count is exhausted and a frame waits, so steady state costs one
 * transaction per frame. Every dequeued skb is either written or dropped
 * with a counter.
 *
 * Return: 1 when a frame left its ring, 0 when there is nothing to send or
 * no device buffer, a negative errno after a bus error (recovery requested).
 */
int lan1qtsn_tx_one(struct lan1qtsn_priv *priv)
{
	enum lan1qtsn_txsched_action action;
	enum lan1qtsn_dp_counter drop;
	struct lan1qtsn_tx_window win;
	struct sk_buff *skb;
	unsigned int q, len, tsid;
	u64 start_delay_ns;
	int ret;

	if (!lan1qtsn_tx_pending(priv))
		return 0;
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
	if (action == LAN1QTSN_TXS_DROP) {
		lan1qtsn_dp_inc(priv, drop, 1);
		lan1qtsn_tx_done(priv, q, len);
		dev_kfree_skb_any(skb);
		return 1;
	}

	/* A frame that asked for a hardware stamp: a capture slot, or none. */
	tsid = lan1qtsn_tstamp_tx_prepare(priv, skb);
	win.timestamp_id = tsid;
	ret = lan1qtsn_bus_write_tx_frame(&priv->bus, &win, skb);
	if (ret)
		lan1qtsn_tstamp_tx_failed(priv, tsid);
	if (ret == -EMSGSIZE) {
		/* Refused before the bus: nothing reached the device. */
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_TX_DROP_INVALID, 1);
		dev_kfree_skb_any(skb);
		ret = 1;
	} else if (ret) {
		/*
		 * Unknown whether the device took it (a transfer may fail
		 * after the device queued the frame): count it as an error,
		 * and let the recovery re-read the free buffers.
		 */
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_TX_ERRORS, 1);
		lan1qtsn_request_recover(priv);
		dev_kfree_skb_any(skb);
	} else {
		start_delay_ns = lan1qtsn_txsched_written(priv);
		lan1qtsn_tstamp_tx_written(priv, tsid,
					   lan1qtsn_tx_frame_len(len,
								 LAN1QTSN_FCS_LEN),
					   start_delay_ns);
		lan1qtsn_credits_take(&priv->credits);
		u64_stats_update_begin(&priv->dp_syncp);
		u64_stats_inc(&priv->dp_cnt[LAN1QTSN_DP_TX_FRAMES]);
		u64_stats_add(&priv->dp_cnt[LAN1QTSN_DP_TX_BYTES], len);
		u64_stats_update_end(&priv->dp_syncp);
		dev_consume_skb_any(skb);
		ret = 1;
	}
	lan1qtsn_tx_done(priv, q, len);
	return ret;
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
