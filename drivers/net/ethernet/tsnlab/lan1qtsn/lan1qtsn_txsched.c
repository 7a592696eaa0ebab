// SPDX-License-Identifier: GPL-2.0
/*
 * LAN1QTSN TX scheduling in the owner thread: which ring head is written
 * next, and with which launch window.
 *
 * Without a tc offload the rings are served round-robin and every window
 * is always open. With one (lan1qtsn_tc.c publishes it by RCU), the model
 * of lan1qtsn_sched.c decides from the ring heads and the PHC time: the
 * device's single FIFO blocks every frame behind a head that waits for its
 * window, so a frame is written only when its window is near (the commit
 * horizon), in launch order. Times come from the cached clock relation,
 * never from a clock read on the bus.
 */
#include <linux/ktime.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <net/pkt_sched.h>

#include "lan1qtsn.h"

/*
 * How far the PHC time the thread computes from the host clock may be
 * behind the device's counter (the host relation is measured over the bus,
 * whose reads take hundreds of microseconds in an emulated machine): a
 * frame is taken to have reached the device no earlier than this after
 * the write returned.
 */
#define LAN1QTSN_TXSCHED_CLOCK_MARGIN_NS	500000
/* The shortest wait the thread sleeps for: shorter ones are retried. */
#define LAN1QTSN_TXSCHED_MIN_WAIT_NS	10000

/**
 * struct lan1qtsn_txsched_clock - the PHC now, from the cached relation
 * @scale: counter -> PHC ns
 * @now: PHC ns now
 * @raw: CLOCK_MONOTONIC_RAW ns at the same instant
 * @gen: generation of the relation
 */
struct lan1qtsn_txsched_clock {
	struct lan1qtsn_timescale scale;
	u64 now;
	u64 raw;
	u32 gen;
};

static bool lan1qtsn_txsched_clock(struct lan1qtsn_priv *priv,
				   struct lan1qtsn_txsched_clock *c)
{
	u64 cnt;

	c->raw = ktime_get_raw_ns();
	if (!lan1qtsn_ptp_now(priv, &c->scale, &cnt, &c->gen))
		return false;
	c->now = lan1qtsn_time_cnt_to_ns(&c->scale, cnt);
	return true;
}

/**
 * lan1qtsn_txsched_phc_now() - the PHC time now, without the bus
 * @priv: the device
 * @now: PHC ns
 *
 * Any context.
 *
 * Return: false while there is no clock relation yet (@now unchanged).
 */
bool lan1qtsn_txsched_phc_now(struct lan1qtsn_priv *priv, u64 *now)
{
	struct lan1qtsn_txsched_clock c;

	if (!lan1qtsn_txsched_clock(priv, &c))
		return false;
	*now = c.now;
	return true;
}

/**
 * lan1qtsn_txsched_dequeue_rr() - the next frame in round-robin order
 * @priv: the device (owner thread)
 * @queue: its TX queue
 *
 * Return: the frame, taken off its ring, or NULL when every ring is empty.
 */
struct sk_buff *lan1qtsn_txsched_dequeue_rr(struct lan1qtsn_priv *priv,
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

/**
 * lan1qtsn_txsched_device_reset() - the device's TX FIFO is empty again
 * @priv: the device (owner thread, or dp_lock held)
 */
void lan1qtsn_txsched_device_reset(struct lan1qtsn_priv *priv)
{
	priv->txs.reset = true;
	priv->txs.waiting = false;
}

/* Take up a newly published configuration; follow clock steps. */
static void lan1qtsn_txsched_refresh(struct lan1qtsn_priv *priv,
				     const struct lan1qtsn_txsched_clock *c)
{
	struct lan1qtsn_txsched *ts = &priv->txs;
	struct lan1qtsn_tsn_conf *conf;
	const char *msg = NULL;
	bool fresh = false;
	unsigned int tc;
	int ret = 0;

	rcu_read_lock();
	conf = rcu_dereference(priv->tsn_conf);
	if (conf && conf->gen != ts->gen) {
		ts->run = *conf;
		fresh = true;
	}
	rcu_read_unlock();
	if (fresh) {
		ts->gen = ts->run.gen;
		ts->run.cfg.gate = NULL;
		for (tc = 0; tc < LAN1QTSN_SCHED_NUM_TC; tc++)
			if (ts->run.cfg.mode[tc] & LAN1QTSN_SCHED_GATE)
				ts->run.cfg.gate = &ts->run.gate;
		if (ts->run.active && !ts->active)
			ret = lan1qtsn_sched_init(&ts->model, &ts->run.cfg,
						  c->now, &msg);
		else if (ts->run.active)
			ret = lan1qtsn_sched_configure(&ts->model,
						       &ts->run.cfg, c->now,
						       &msg);
		/* lan1qtsn_tc.c checked it: a failure here is a driver bug. */
		if (WARN_ONCE(ret, "lan1qtsn: TX schedule not taken: %s\n", msg))
			ts->run.active = false;
		ts->active = ts->run.active;
		ts->clock_gen = c->gen;
		ts->waiting = false;
	}
	if (!ts->active)
		return;
	/* A step: the model's times are in the old scale. */
	if (ts->reset || c->gen != ts->clock_gen) {
		lan1qtsn_sched_reset(&ts->model, c->now);
		ts->clock_gen = c->gen;
		ts->reset = false;
	}
}

/* The head of each ring, as the model sees it. */
static void lan1qtsn_txsched_heads(struct lan1qtsn_priv *priv,
				   const struct lan1qtsn_txsched_clock *c,
				   struct lan1qtsn_sched_head *heads)
{
	struct sk_buff_head *ring;
	struct sk_buff *skb;
	unsigned long flags;
	unsigned int q;
	s64 queued_for;

	for (q = 0; q < LAN1QTSN_TX_QUEUES; q++) {
		struct lan1qtsn_sched_head *h = &heads[q];

		memset(h, 0, sizeof(*h));
		ring = &priv->tx_ring[q];
		if (!skb_queue_len_lockless(ring))
			continue;
		spin_lock_irqsave(&ring->lock, flags);
		skb = skb_peek(ring);
		if (skb) {
			h->valid = true;
			h->frame_len = lan1qtsn_tx_frame_len(skb->len,
							     LAN1QTSN_FCS_LEN);
			queued_for = c->raw - lan1qtsn_tx_cb(skb)->queued_raw;
			h->arrival = c->now - max_t(s64, queued_for, 0);
			if ((priv->txs.run.etf_rings & BIT(q)) && skb->tstamp) {
				h->has_launch = true;
				h->launch = ktime_to_ns(skb->tstamp);
			}
		}
		spin_unlock_irqrestore(&ring->lock, flags);
	}
}

/*
 * The device window of a committed decision: 29-bit ticks of the first
 * counter value at or after its first start, and of the last one at or
 * before its last start.
 */
static void lan1qtsn_txsched_window(const struct lan1qtsn_txsched_clock *c,
				    const struct lan1qtsn_sched_decision *d,
				    struct lan1qtsn_tx_window *win)
{
	u64 from, to;

	lan1qtsn_tx_window_always_open(win, d->tc);
	if (d->open)
		return;
	from = lan1qtsn_time_ns_to_cnt(&c->scale, d->from);
	if (d->to == LAN1QTSN_SCHED_NO_END) {
		to = from + LAN1QTSN_TIME_HORIZON_TICKS - 1;
	} else {
		to = lan1qtsn_time_ns_to_cnt(&c->scale, d->to);
		if (lan1qtsn_time_cnt_to_ns(&c->scale, to) != d->to)
			to--;
		if (lan1qtsn_time_before(to, from))
			to = from;
	}
	win->from = from & LAN1QTSN_TICK_MASK;
	win->to = to & LAN1QTSN_TICK_MASK;
	win->delay_from = win->from;
	win->delay_to = win->to;
}

/*
 * A gated frame that reaches the device after its interval's last start
 * (the bus or the thread was slower than the latency the model allows)
 * is retried in its class's next interval instead of being dropped: the
 * device's delay window. ETF frames are never retried: late is late.
 */
static void lan1qtsn_txsched_delay_window(struct lan1qtsn_priv *priv,
					  const struct lan1qtsn_txsched_clock *c,
					  const struct lan1qtsn_sched_decision *d,
					  struct lan1qtsn_tx_window *win)
{
	const struct lan1qtsn_gate_sched *gate = priv->txs.run.cfg.gate;
	struct lan1qtsn_sched_decision next = *d;
	struct lan1qtsn_gate_window w;
	struct lan1qtsn_tx_window dw;

	priv->txs.retry = false;
	if (d->open || d->to == LAN1QTSN_SCHED_NO_END || !gate ||
	    !(priv->txs.run.cfg.mode[d->tc] & LAN1QTSN_SCHED_GATE) ||
	    !lan1qtsn_gate_next_window(gate, d->tc,
				       lan1qtsn_txts_wire_ns(d->frame_len),
				       d->to + 1, &w) ||
	    w.end == LAN1QTSN_GATE_NO_END)
		return;
	next.from = w.start;
	next.to = w.end - lan1qtsn_txts_wire_ns(d->frame_len);
	priv->txs.retry = true;
	priv->txs.retry_from = next.from;
	priv->txs.retry_to = next.to;
	lan1qtsn_txsched_window(c, &next, &dw);
	win->delay_from = dw.from;
	win->delay_to = dw.to;
	win->fail_policy = LAN1QTSN_FAIL_RETRY;
}

/**
 * lan1qtsn_txsched_next() - the next frame to write, or to drop
 * @priv: the device (owner thread, dp_lock held, a device buffer free)
 * @skbp: the frame, taken off its ring (SEND and DROP)
 * @queue: its TX queue
 * @win: its window (SEND)
 * @drop: the counter a dropped frame goes to (DROP)
 *
 * After a SEND the caller writes the frame and, if the write succeeded,
 * calls lan1qtsn_txsched_written().
 *
 * Return: what to do.
 */
enum lan1qtsn_txsched_action
lan1qtsn_txsched_next(struct lan1qtsn_priv *priv, struct sk_buff **skbp,
		      unsigned int *queue, struct lan1qtsn_tx_window *win,
		      enum lan1qtsn_dp_counter *drop)
{
	struct lan1qtsn_sched_head heads[LAN1QTSN_SCHED_NUM_RINGS];
	struct lan1qtsn_txsched *ts = &priv->txs;
	struct lan1qtsn_sched_decision *d = &ts->decision;
	struct lan1qtsn_txsched_clock c;
	struct sk_buff *skb;
	bool have_clock;
	s64 wait;

	BUILD_BUG_ON(LAN1QTSN_SCHED_NUM_RINGS != LAN1QTSN_TX_QUEUES);
	d->action = LAN1QTSN_SCHED_IDLE;
	ts->waiting = false;
	have_clock = lan1qtsn_txsched_clock(priv, &c);
	if (have_clock)
		lan1qtsn_txsched_refresh(priv, &c);
	/* Without a clock relation no window can be named: always open. */
	if (!have_clock || !ts->active) {
		skb = lan1qtsn_txsched_dequeue_rr(priv, queue);
		if (!skb)
			return LAN1QTSN_TXS_NONE;
		*skbp = skb;
		lan1qtsn_tx_window_always_open(win, *queue);
		return LAN1QTSN_TXS_SEND;
	}

	lan1qtsn_txsched_heads(priv, &c, heads);
	lan1qtsn_sched_decide(&ts->model, heads, c.now, d);
	switch (d->action) {
	case LAN1QTSN_SCHED_IDLE:
		return LAN1QTSN_TXS_NONE;
	case LAN1QTSN_SCHED_WAIT:
		wait = d->wait_until - c.now;
		ts->waiting = true;
		ts->wait_raw = c.raw + max_t(s64, wait,
					     LAN1QTSN_TXSCHED_MIN_WAIT_NS);
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_TX_SCHED_WAITS, 1);
		return LAN1QTSN_TXS_NONE;
	case LAN1QTSN_SCHED_DROP_NEVER:
	case LAN1QTSN_SCHED_DROP_LATE:
		*drop = d->action == LAN1QTSN_SCHED_DROP_LATE ?
			LAN1QTSN_DP_TX_DROP_LATE : LAN1QTSN_DP_TX_DROP_GATE;
		break;
	case LAN1QTSN_SCHED_COMMIT:
		lan1qtsn_txsched_window(&c, d, win);
		lan1qtsn_txsched_delay_window(priv, &c, d, win);
		break;
	}
	/* Only this thread takes frames off the rings: still the head. */
	skb = skb_dequeue(&priv->tx_ring[d->ring]);
	if (WARN_ON_ONCE(!skb))
		return LAN1QTSN_TXS_NONE;
	*skbp = skb;
	*queue = d->ring;
	if (d->action != LAN1QTSN_SCHED_COMMIT)
		return LAN1QTSN_TXS_DROP;
	if (heads[d->ring].has_launch)
		skb_txtime_consumed(skb);
	/*
	 * The device records the priority (no effect on its scheduling):
	 * the frame's own traffic class, which differs from its ring's when
	 * taprio's txtime-assist mode puts every class on one queue.
	 */
	if (netdev_get_num_tc(priv->ndev))
		win->prio = netdev_get_prio_tc_map(priv->ndev, skb->priority) &
			    LAN1QTSN_PRIO_MASK;
	return LAN1QTSN_TXS_SEND;
}

/**
 * lan1qtsn_txsched_written() - the frame of the last SEND is in the device
 * @priv: the device (owner thread)
 *
 * Return: how long from now (ns) the model plans the frame to start, for
 * its TX stamp's first read; 0 when that is now or there is no plan (no
 * offload, no clock).
 */
u64 lan1qtsn_txsched_written(struct lan1qtsn_priv *priv)
{
	struct lan1qtsn_sched_decision *d = &priv->txs.decision;
	struct lan1qtsn_txsched_clock c;
	u64 start, wire, delay_ns = 0;

	if (d->action != LAN1QTSN_SCHED_COMMIT)
		return 0;
	/*
	 * The model's start must never be earlier than the device's (the
	 * CBS credit and the port's free time are derived from it). The
	 * decision planned it no earlier than the latency allows after the
	 * decision; a write that ended later than that (a slow bus, a
	 * preempted thread) moves it to when the device had the frame. A
	 * frame with a last start is not moved past it: it starts by then,
	 * or in its retry window, or not at all.
	 */
	if (lan1qtsn_txsched_clock(priv, &c)) {
		/*
		 * The TX stamp is read after the planned start (the best
		 * estimate; a later capture is found by the re-reads), not
		 * the upper bound below, which would only delay the stamp.
		 */
		if (lan1qtsn_time_before(c.now, d->start))
			delay_ns = d->start - c.now;
		wire = d->end - d->start;
		if (lan1qtsn_time_before(d->start, c.now))
			lan1qtsn_dp_inc(priv, LAN1QTSN_DP_TX_LATE_WRITES, 1);
		start = d->start;
		if (lan1qtsn_time_before(start, c.now +
					 LAN1QTSN_TXSCHED_CLOCK_MARGIN_NS))
			start = c.now + LAN1QTSN_TXSCHED_CLOCK_MARGIN_NS;
		/* Else every frame behind an ETF frame would be too late. */
		if (!d->open && d->to != LAN1QTSN_SCHED_NO_END &&
		    lan1qtsn_time_before(d->to, start)) {
			if (!priv->txs.retry)
				start = d->to;
			else if (lan1qtsn_time_before(start, priv->txs.retry_from))
				start = priv->txs.retry_from;
			else if (lan1qtsn_time_before(priv->txs.retry_to, start))
				start = priv->txs.retry_to;
		}
		d->start = start;
		d->end = start + wire;
	}
	lan1qtsn_sched_commit(&priv->txs.model, d);
	d->action = LAN1QTSN_SCHED_IDLE;
	return delay_ns;
}

/**
 * lan1qtsn_txsched_drain_delay() - how long the device may rightly keep
 *				    every buffer
 * @priv: the device (owner thread)
 *
 * With an offload in force, frames wait in the device for their windows or
 * launch times, holding its buffers: the device is not stuck before the
 * model's estimated end of the last frame committed.
 *
 * Return: jiffies from now until then; 0 without an offload or a clock.
 */
unsigned long lan1qtsn_txsched_drain_delay(struct lan1qtsn_priv *priv)
{
	struct lan1qtsn_txsched_clock c;

	if (!priv->txs.active || !lan1qtsn_txsched_clock(priv, &c))
		return 0;
	return nsecs_to_jiffies(lan1qtsn_sched_port_free(&priv->txs.model,
							 c.now) - c.now);
}

/**
 * lan1qtsn_txsched_wait() - is the thread to hold TX back, and how long
 * @priv: the device (owner thread)
 * @left: the time left to wait
 *
 * Return: true while a wait decided by the model is in force.
 */
bool lan1qtsn_txsched_wait(struct lan1qtsn_priv *priv, ktime_t *left)
{
	s64 ns;

	if (!priv->txs.waiting)
		return false;
	ns = priv->txs.wait_raw - ktime_get_raw_ns();
	*left = ns_to_ktime(max_t(s64, ns, 0));
	return true;
}

/**
 * lan1qtsn_txsched_taprio_stats() - taprio's 802.1Qbv counters
 * @priv: the device (RTNL)
 * @queue: a TX queue, or -1 for the whole port
 * @st: filled in
 *
 * window_drops counts frames dropped because no gate interval of their
 * class could ever hold them. The device checks a frame's start against a
 * window computed so that the frame ends before its gate closes, so no
 * frame overruns: tx_overruns stays 0.
 */
void lan1qtsn_txsched_taprio_stats(struct lan1qtsn_priv *priv, int queue,
				   struct tc_taprio_qopt_stats *st)
{
	const struct lan1qtsn_sched_stats *s = priv->txs.model.stats;
	unsigned int tc;
	int want = -1;

	if (queue >= 0 && queue < LAN1QTSN_TX_QUEUES)
		want = READ_ONCE(priv->txs.run.cfg.ring_tc[queue]);
	st->window_drops = 0;
	st->tx_overruns = 0;
	for (tc = 0; tc < LAN1QTSN_SCHED_NUM_TC; tc++)
		if (want < 0 || want == tc)
			st->window_drops += READ_ONCE(s[tc].dropped_never);
}

/**
 * lan1qtsn_txsched_tc_stats() - per traffic class counters for ethtool -S
 * @priv: the device
 * @data: LAN1QTSN_TXSCHED_TC_STATS values per class, class by class:
 *	  frames committed, dropped (gate never open), dropped (launch time
 *	  missed), window misses
 *
 * Read without a lock: each value is one aligned 64-bit word.
 */
void lan1qtsn_txsched_tc_stats(struct lan1qtsn_priv *priv, u64 *data)
{
	const struct lan1qtsn_sched_stats *s = priv->txs.model.stats;
	unsigned int tc;

	for (tc = 0; tc < LAN1QTSN_SCHED_NUM_TC; tc++) {
		*data++ = READ_ONCE(s[tc].committed);
		*data++ = READ_ONCE(s[tc].dropped_never);
		*data++ = READ_ONCE(s[tc].dropped_late);
		*data++ = READ_ONCE(s[tc].window_misses);
	}
}
