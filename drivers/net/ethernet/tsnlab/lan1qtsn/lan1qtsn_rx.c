// SPDX-License-Identifier: GPL-2.0
/*
 * LAN1QTSN receive side: RX FIFOs to NAPI.
 *
 * The owner thread pops one metadata entry and then its frame, checks the
 * FCS and keeps the frame on a per-round list. At the end of the round,
 * still under dp_lock but with bottom halves off, the list moves to the
 * NAPI backlog and NAPI is scheduled once; the stack runs when bottom
 * halves come back on, after dp_lock is dropped, and GRO sees the whole
 * round at once.
 *
 * The two device FIFOs pop independently and a failed SPI transfer may or
 * may not have popped what it asked for, so after any failed RX transfer
 * the FIFO status decides what happened (lan1qtsn_rx_settle()); when it
 * cannot, the device is resynchronised.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>

#include "lan1qtsn.h"

/* Bound for draining the FIFOs during a resync (512 entries by default). */
#define LAN1QTSN_DRAIN_MAX_STEPS	4096
/* The frame FIFO counts 16-byte units. */
#define LAN1QTSN_RX_FIFO_UNIT		16

static int lan1qtsn_rx_fifo_status(struct lan1qtsn_priv *priv, u32 *units,
				   u32 *entries)
{
	u32 status;
	int ret;

	ret = lan1qtsn_bus_read_reg(&priv->bus, LAN1QTSN_TSN_RX_FIFO_STATUS_L,
				    &status);
	lan1qtsn_rx_fifo_decode(status, units, entries);
	return ret;
}

/* A bad FCS once is noise; several in a row mean the FIFOs are out of step. */
static void lan1qtsn_rx_fcs_result(struct lan1qtsn_priv *priv, bool good)
{
	if (good) {
		priv->rx_fcs_run = 0;
		return;
	}
	lan1qtsn_dp_inc(priv, LAN1QTSN_DP_RX_FCS_ERRORS, 1);
	if (++priv->rx_fcs_run < LAN1QTSN_FCS_RUN_RESYNC)
		return;
	priv->rx_fcs_run = 0;
	lan1qtsn_dp_inc(priv, LAN1QTSN_DP_RX_FCS_RESYNCS, 1);
	lan1qtsn_request_resync(priv);
}

/**
 * lan1qtsn_rx_frame() - read the frame of a metadata entry
 * @priv: the device
 * @meta: the entry, already popped
 *
 * Return: 1 when the frame was consumed (kept for NAPI or dropped with a
 * counter), a negative errno after a bus error (recovery requested).
 */
static int lan1qtsn_rx_frame(struct lan1qtsn_priv *priv,
			     const struct lan1qtsn_rx_meta *meta)
{
	struct sk_buff *skb;
	bool good;
	int ret;

	/* Owner thread: may sleep. On failure still pop the frame. */
	skb = __netdev_alloc_skb_ip_align(priv->ndev, meta->frame_len,
					  GFP_KERNEL | __GFP_NOWARN);
	ret = lan1qtsn_bus_read_rx_frame(&priv->bus,
					 skb ? skb_put(skb, meta->frame_len) : NULL,
					 meta->frame_len);
	if (ret) {
		kfree_skb(skb);
		priv->rx_frame_owed = true;
		priv->rx_owed = *meta;
		priv->rx_failed = LAN1QTSN_RX_FAILED_FRAME;
		lan1qtsn_request_recover(priv);
		return ret;
	}
	if (!skb) {
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_RX_NOMEM, 1);
		return 1;
	}
	good = lan1qtsn_fcs_valid(skb->data, skb->len);
	lan1qtsn_rx_fcs_result(priv, good);
	if (!good) {
		kfree_skb(skb);
		return 1;
	}
	/* ptp4l and others reject trailing bytes: never pass the FCS up. */
	skb_trim(skb, skb->len - LAN1QTSN_FCS_LEN);
	lan1qtsn_tstamp_rx(priv, skb, meta->timestamp);
	lan1qtsn_dp_inc(priv, LAN1QTSN_DP_RX_FRAMES, 1);
	__skb_queue_tail(&priv->rx_round, skb);
	return 1;
}

/**
 * lan1qtsn_rx_one() - receive one frame
 * @priv: the device; caller holds dp_lock
 *
 * Return: 1 when an entry was consumed, 0 when the FIFO is empty, a negative
 * errno after a bus error or impossible metadata (recovery or resync
 * requested).
 */
int lan1qtsn_rx_one(struct lan1qtsn_priv *priv)
{
	u8 raw[LAN1QTSN_RX_META_LEN];
	struct lan1qtsn_rx_meta meta;
	int ret;

	priv->rx_last_poll = jiffies;
	ret = lan1qtsn_bus_read_rx_meta(&priv->bus, raw);
	if (ret) {
		priv->rx_failed = LAN1QTSN_RX_FAILED_META;
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
static int lan1qtsn_rx_discard(struct lan1qtsn_priv *priv, unsigned int len)
{
	int ret;

	ret = lan1qtsn_bus_read_rx_frame(&priv->bus, NULL,
					 len ? len : LAN1QTSN_RX_MAX_LEN);
	if (!ret)
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_RX_DISCARDED, 1);
	return ret;
}

/* The FIFOs are not in the state the driver believes: start over. */
static void lan1qtsn_rx_pairing_lost(struct lan1qtsn_priv *priv)
{
	lan1qtsn_dp_inc(priv, LAN1QTSN_DP_RX_PAIRING_LOST, 1);
	lan1qtsn_request_resync(priv);
}

/**
 * lan1qtsn_rx_settle() - decide what a failed RX transfer did
 * @priv: the device; caller holds dp_lock
 *
 * A transfer may fail before or after the device acted on it. The FIFO
 * status tells the two apart when the metadata FIFO is empty: a frame
 * left without an entry is the frame of an entry the failed read popped;
 * a frame FIFO holding exactly the owed frame means the frame read had no
 * effect, an empty one that it popped the frame. With entries queued the
 * sizes cannot be told apart, so the device is resynchronised; its drain
 * treats the failed transfer as having had no effect and checks the FIFO
 * status before every pop.
 *
 * Return: 0, or the bus error of the status read (settle again later).
 */
int lan1qtsn_rx_settle(struct lan1qtsn_priv *priv)
{
	u32 units, entries, owed;
	int ret;

	if (priv->rx_failed == LAN1QTSN_RX_FAILED_NONE)
		return 0;
	ret = lan1qtsn_rx_fifo_status(priv, &units, &entries);
	if (ret)
		return ret;

	if (priv->rx_failed == LAN1QTSN_RX_FAILED_META) {
		priv->rx_failed = LAN1QTSN_RX_FAILED_NONE;
		if (entries) {
			lan1qtsn_rx_pairing_lost(priv);
			return 0;
		}
		if (!units)
			return 0;
		/*
		 * The failed read popped an entry: its frame, of unknown
		 * length, heads the frame FIFO; popped here and counted in
		 * rx_discarded.
		 */
		priv->rx_frame_owed = true;
		priv->rx_owed.frame_len = 0;
		ret = lan1qtsn_rx_discard(priv, 0);
		if (!ret)
			priv->rx_frame_owed = false;
		else
			/* Its effect is unknown in turn: the drain decides. */
			priv->rx_failed = LAN1QTSN_RX_FAILED_FRAME;
		return ret;
	}

	/*
	 * LAN1QTSN_RX_FAILED_FRAME: rx_owed is the entry of the frame. When
	 * the status cannot tell, rx_failed stays set for the drain.
	 */
	owed = DIV_ROUND_UP(priv->rx_owed.frame_len, LAN1QTSN_RX_FIFO_UNIT);
	if (entries || (units && units != owed)) {
		lan1qtsn_rx_pairing_lost(priv);
		return 0;
	}
	priv->rx_failed = LAN1QTSN_RX_FAILED_NONE;
	if (!units) {
		/* The failed read popped the frame with it. */
		priv->rx_frame_owed = false;
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_RX_BUS_LOST, 1);
		return 0;
	}
	priv->rx_frame_owed = false;
	ret = lan1qtsn_rx_frame(priv, &priv->rx_owed);
	return min(ret, 0);
}

/**
 * lan1qtsn_rx_orphans() - does the frame FIFO hold frames no entry names
 * @priv: the device; caller holds dp_lock, no RX transfer pending
 * @err: set to the bus error of the status read, if any
 *
 * Between rounds every popped entry has had its frame read, so frames with
 * an empty metadata FIFO are orphans (a device out of step, or an entry a
 * failed transfer took): no interrupt will ever announce them.
 *
 * Return: true when there are (a resync was requested).
 */
bool lan1qtsn_rx_orphans(struct lan1qtsn_priv *priv, int *err)
{
	u32 units, entries;

	*err = lan1qtsn_rx_fifo_status(priv, &units, &entries);
	if (*err || entries || !units || priv->rx_frame_owed)
		return false;
	lan1qtsn_rx_pairing_lost(priv);
	return true;
}

/*
 * A pop of the drain failed: the FIFO status read after it says whether
 * it took effect (reception is off, so nothing else changes the FIFOs).
 * A frame it popped is counted in rx_bus_lost; an entry it popped leaves
 * its frame, of unknown length, owed.
 */
static void lan1qtsn_rx_drain_settle(struct lan1qtsn_priv *priv, u32 units,
				     u32 entries)
{
	struct lan1qtsn_rx_drain_state *d = &priv->rx_drain;

	if (d->failed == LAN1QTSN_RX_FAILED_FRAME && units < d->units) {
		d->frames++;
		priv->rx_frame_owed = false;
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_RX_BUS_LOST, 1);
	} else if (d->failed == LAN1QTSN_RX_FAILED_META &&
		   entries < d->entries) {
		d->metas++;
		priv->rx_frame_owed = true;
		priv->rx_owed.frame_len = 0;
	}
	d->failed = LAN1QTSN_RX_FAILED_NONE;
}

/*
 * Both FIFOs are empty. A frame read that failed in the data path with
 * entries queued may or may not have popped its frame; the drain went on
 * as if it had not. Every entry came with one frame (orphans aside), so
 * the frame FIFO gave up one frame more than the metadata FIFO gave up
 * entries exactly when that frame was still there (and was discarded);
 * otherwise the failed read took it.
 */
static void lan1qtsn_rx_drain_done(struct lan1qtsn_priv *priv)
{
	struct lan1qtsn_rx_drain_state *d = &priv->rx_drain;

	if (d->frame_unknown && d->frames <= d->metas)
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_RX_BUS_LOST, 1);
	d->active = false;
}

/* One pop of the drain; its failure is settled by the next status read. */
static int lan1qtsn_rx_drain_pop(struct lan1qtsn_priv *priv, u32 units,
				 u32 entries, enum lan1qtsn_rx_failed what)
{
	struct lan1qtsn_rx_drain_state *d = &priv->rx_drain;
	u8 raw[LAN1QTSN_RX_META_LEN];
	struct lan1qtsn_rx_meta meta;
	int ret;

	d->failed = what;
	d->units = units;
	d->entries = entries;
	if (what == LAN1QTSN_RX_FAILED_FRAME) {
		ret = lan1qtsn_rx_discard(priv, priv->rx_owed.frame_len);
		if (ret)
			return ret;
		d->frames++;
		priv->rx_frame_owed = false;
	} else {
		ret = lan1qtsn_bus_read_rx_meta(&priv->bus, raw);
		if (ret)
			return ret;
		ret = lan1qtsn_rx_meta_parse(raw, &meta);
		if (ret == -ENODATA) {
			/* The status said otherwise: a bit error. */
			d->failed = LAN1QTSN_RX_FAILED_NONE;
			return 0;
		}
		if (ret) {
			lan1qtsn_dp_inc(priv, LAN1QTSN_DP_RX_META_INVALID, 1);
			meta.frame_len = 0;
		}
		d->metas++;
		priv->rx_frame_owed = true;
		priv->rx_owed = meta;
	}
	d->failed = LAN1QTSN_RX_FAILED_NONE;
	return 0;
}

/**
 * lan1qtsn_rx_drain() - pop every RX entry and frame (resync)
 * @priv: the device; caller holds dp_lock, reception is disabled
 *
 * Pops one thing at a time, after reading the FIFO status, so that a
 * frame is read only when the frame FIFO holds one and an entry only when
 * no popped entry still owes its frame: even a device out of step (orphan
 * frames or entries) is emptied without an unpaired read. Every frame
 * that leaves is counted: in rx_discarded when read, in rx_bus_lost when
 * a failed read took it (see lan1qtsn_rx_drain_settle() and
 * lan1qtsn_rx_drain_done()). A drain stopped by a bus error goes on where
 * it stopped in the next resync.
 *
 * Return: 0 once both FIFOs are empty, or the bus error that stopped it.
 */
int lan1qtsn_rx_drain(struct lan1qtsn_priv *priv)
{
	struct lan1qtsn_rx_drain_state *d = &priv->rx_drain;
	u32 units, entries;
	unsigned int i;
	int ret;

	if (!d->active) {
		*d = (struct lan1qtsn_rx_drain_state){
			.active = true,
			.frame_unknown = priv->rx_frame_owed &&
				priv->rx_failed == LAN1QTSN_RX_FAILED_FRAME,
		};
	}
	priv->rx_failed = LAN1QTSN_RX_FAILED_NONE;
	priv->rx_fcs_run = 0;
	for (i = 0; i < LAN1QTSN_DRAIN_MAX_STEPS; i++) {
		ret = lan1qtsn_rx_fifo_status(priv, &units, &entries);
		if (ret)
			return ret;
		if (d->failed != LAN1QTSN_RX_FAILED_NONE) {
			lan1qtsn_rx_drain_settle(priv, units, entries);
			continue;
		}
		if (priv->rx_frame_owed && !units) {
			/* Its frame is gone: decided when the drain is done. */
			priv->rx_frame_owed = false;
			continue;
		}
		if (priv->rx_frame_owed) {
			ret = lan1qtsn_rx_drain_pop(priv, units, entries,
						    LAN1QTSN_RX_FAILED_FRAME);
		} else if (entries) {
			ret = lan1qtsn_rx_drain_pop(priv, units, entries,
						    LAN1QTSN_RX_FAILED_META);
		} else if (units) {
			/* A frame without an entry: an orphan. */
			priv->rx_frame_owed = true;
			priv->rx_owed.frame_len = 0;
			continue;
		} else {
			lan1qtsn_rx_drain_done(priv);
			return 0;
		}
		if (ret)
			return ret;
	}
	/* Reception is off: only a device gone wild keeps the FIFOs full. */
	return -EIO;
}

/**
 * lan1qtsn_rx_drain_forget() - the device state the drain knew is void
 * @priv: the device; caller holds dp_lock
 *
 * After the device answered as something else, whatever was popped from
 * it was noise: the next drain starts from the FIFO status alone.
 */
void lan1qtsn_rx_drain_forget(struct lan1qtsn_priv *priv)
{
	priv->rx_drain.active = false;
	priv->rx_frame_owed = false;
	priv->rx_failed = LAN1QTSN_RX_FAILED_NONE;
}

/**
 * lan1qtsn_rx_deliver_round() - hand this round's frames to NAPI
 * @priv: the device; caller holds dp_lock with bottom halves disabled
 *
 * NAPI is scheduled once per round; it runs when bottom halves are enabled
 * again, after the caller dropped dp_lock.
 */
void lan1qtsn_rx_deliver_round(struct lan1qtsn_priv *priv)
{
	unsigned int room, n = skb_queue_len(&priv->rx_round);
	struct sk_buff *skb;

	lockdep_assert_held(&priv->dp_lock);
	if (!n)
		return;
	spin_lock(&priv->rx_backlog.lock);
	room = LAN1QTSN_RX_BACKLOG - min_t(unsigned int, LAN1QTSN_RX_BACKLOG,
					   skb_queue_len(&priv->rx_backlog));
	while (room-- && (skb = __skb_dequeue(&priv->rx_round)))
		__skb_queue_tail(&priv->rx_backlog, skb);
	spin_unlock(&priv->rx_backlog.lock);

	n = skb_queue_len(&priv->rx_round);
	if (n) {
		/* The stack is not keeping up: drop what does not fit. */
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_RX_BACKLOG_DROP, n);
		__skb_queue_purge(&priv->rx_round);
	}
	napi_schedule(&priv->napi);
}

/**
 * lan1qtsn_rx_purge() - drop received frames not yet delivered (down)
 * @priv: the device; NAPI is disabled
 */
void lan1qtsn_rx_purge(struct lan1qtsn_priv *priv)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(&priv->rx_round))) {
		dev_core_stats_rx_dropped_inc(priv->ndev);
		kfree_skb(skb);
	}
	while ((skb = skb_dequeue(&priv->rx_backlog))) {
		dev_core_stats_rx_dropped_inc(priv->ndev);
		kfree_skb(skb);
	}
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
