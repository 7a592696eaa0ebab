// SPDX-License-Identifier: GPL-2.0
/*
 * LAN1QTSN TX scheduler model: see lan1qtsn_sched.h. Nothing here sleeps,
 * locks or touches the bus; the caller (the owner thread) owns the model
 * and passes the PHC time.
 *
 * Why a model at all: the device starts the FIFO's head when its window
 * opens and holds every frame behind it until then. Round-robin writing
 * would let a frame whose gate opens in 5 ms block an open class for 5 ms.
 * So every head gets the window its class's shaping gives it, counted from
 * when the port is estimated to be free, and the frame with the earliest
 * window goes first, and only when that window starts within the commit
 * horizon.
 */
#include <kunit/visibility.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "lan1qtsn_sched.h"
#include "lan1qtsn_time.h"
#include "lan1qtsn_txts.h"

/**
 * struct lan1qtsn_sched_cand - one ring head's planned window
 * @valid: the ring holds a frame
 * @etf: the window is the frame's own launch time
 * @open: no window is needed
 * @miss: a later gate interval than on an idle port
 * @from: the estimated start, PHC ns: launch order and horizon go by it
 * @win_from: the window's first start, PHC ns: @from, except for a class
 *	      shaped by CBS alone, whose frame may start as soon as its
 *	      credit allows (which may be before @from: the device sends it
 *	      as soon as it has it and the port is free)
 * @to: last start, PHC ns, or LAN1QTSN_SCHED_NO_END
 * @wire: wire time, ns
 */
struct lan1qtsn_sched_cand {
	bool valid;
	bool etf;
	bool open;
	bool miss;
	u64 from;
	u64 win_from;
	u64 to;
	u64 wire;
};

/**
 * lan1qtsn_sched_later() - the later of two PHC times
 * @a: a PHC time
 * @b: another
 *
 * Return: @a or @b, whichever is later.
 */
static u64 lan1qtsn_sched_later(u64 a, u64 b)
{
	return lan1qtsn_time_before(a, b) ? b : a;
}

/**
 * lan1qtsn_sched_refuse() - report a refusal
 * @msg: where the message goes
 * @why: the message: what is wrong and what to change
 *
 * Return: -EINVAL.
 */
static int lan1qtsn_sched_refuse(const char **msg, const char *why)
{
	*msg = why;
	return -EINVAL;
}

/**
 * lan1qtsn_sched_defaults() - the configuration without any tc offload
 * @cfg: filled in
 *
 * One class, always open, every ring in it: frames go in arrival order.
 * Device buffers, latency and horizon get their defaults.
 */
void lan1qtsn_sched_defaults(struct lan1qtsn_sched_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->num_tc = 1;
	cfg->buffers = LAN1QTSN_SCHED_BUFFERS_DEFAULT;
	cfg->latency_ns = LAN1QTSN_SCHED_LATENCY_NS_DEFAULT;
	cfg->horizon_ns = LAN1QTSN_SCHED_HORIZON_NS_DEFAULT;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_sched_defaults);

/**
 * lan1qtsn_sched_check() - refuse a configuration the model cannot follow
 * @cfg: the configuration
 * @msg: on failure, a message fit for extack that says what to change
 *
 * Refused: num_tc outside 1..8, a ring mapped to a class >= num_tc,
 * unknown mode bits or any on a class >= num_tc, a gated class without a
 * schedule, ETF together with the gate on one class (taprio's
 * txtime-assist mode computes launch times itself and offloads only etf),
 * a CBS configuration lan1qtsn_cbs_check() refuses, a buffer count
 * outside 1..LAN1QTSN_SCHED_MAX_BUFFERS, a horizon not above the latency
 * or above LAN1QTSN_SCHED_HORIZON_NS_MAX.
 *
 * Return: 0 or -EINVAL with *@msg set.
 */
int lan1qtsn_sched_check(const struct lan1qtsn_sched_config *cfg,
			 const char **msg)
{
	unsigned int i;
	int ret;

	if (!cfg->num_tc || cfg->num_tc > LAN1QTSN_SCHED_NUM_TC)
		return lan1qtsn_sched_refuse(msg, "num_tc must be 1 to 8");
	for (i = 0; i < LAN1QTSN_SCHED_NUM_RINGS; i++)
		if (cfg->ring_tc[i] >= cfg->num_tc)
			return lan1qtsn_sched_refuse(msg,
						     "a TX queue maps to a traffic class above num_tc - 1");
	for (i = 0; i < LAN1QTSN_SCHED_NUM_TC; i++) {
		u8 m = cfg->mode[i];

		if (!m)
			continue;
		if (i >= cfg->num_tc ||
		    (m & ~(LAN1QTSN_SCHED_GATE | LAN1QTSN_SCHED_CBS |
			   LAN1QTSN_SCHED_ETF)))
			return lan1qtsn_sched_refuse(msg,
						     "shaping set on an unknown traffic class");
		if ((m & LAN1QTSN_SCHED_GATE) && !cfg->gate)
			return lan1qtsn_sched_refuse(msg,
						     "a gated traffic class needs a taprio schedule");
		if ((m & LAN1QTSN_SCHED_GATE) && (m & LAN1QTSN_SCHED_ETF))
			return lan1qtsn_sched_refuse(msg,
						     "etf under a taprio full offload is not supported: use taprio flags 0x1 (txtime-assist) with etf");
		if (m & LAN1QTSN_SCHED_CBS) {
			ret = lan1qtsn_cbs_check(&cfg->cbs[i], msg);
			if (ret)
				return ret;
		}
	}
	if (!cfg->buffers || cfg->buffers > LAN1QTSN_SCHED_MAX_BUFFERS)
		return lan1qtsn_sched_refuse(msg,
					     "the TX buffer count must be 1 to 64");
	if (cfg->horizon_ns <= cfg->latency_ns ||
	    cfg->horizon_ns > LAN1QTSN_SCHED_HORIZON_NS_MAX)
		return lan1qtsn_sched_refuse(msg,
					     "the commit horizon must exceed the latency and be at most 1 s");
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_sched_check);

/**
 * lan1qtsn_sched_configure() - put a new configuration in force
 * @s: the model
 * @cfg: the configuration; @cfg->gate must stay unchanged while in force
 * @now: the PHC time now
 * @msg: on failure, a message fit for extack
 *
 * The frames already in the device keep their windows and stay in the
 * model; the shapers of CBS classes start again with no credit (as
 * sch_cbs does on a change). On failure nothing changes.
 *
 * Return: 0 or -EINVAL with *@msg set.
 */
int lan1qtsn_sched_configure(struct lan1qtsn_sched *s,
			     const struct lan1qtsn_sched_config *cfg, u64 now,
			     const char **msg)
{
	unsigned int tc;
	int ret;

	ret = lan1qtsn_sched_check(cfg, msg);
	if (ret)
		return ret;
	s->cfg = *cfg;
	for (tc = 0; tc < LAN1QTSN_SCHED_NUM_TC; tc++)
		if (cfg->mode[tc] & LAN1QTSN_SCHED_CBS)
			lan1qtsn_cbs_init(&s->cbs[tc], &cfg->cbs[tc], now);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_sched_configure);

/**
 * lan1qtsn_sched_init() - a model with an empty device
 * @s: the model, any content
 * @cfg: the configuration
 * @now: the PHC time now
 * @msg: on failure, a message fit for extack
 *
 * Return: 0 or -EINVAL with *@msg set (then @s is zeroed but unusable).
 */
int lan1qtsn_sched_init(struct lan1qtsn_sched *s,
			const struct lan1qtsn_sched_config *cfg, u64 now,
			const char **msg)
{
	memset(s, 0, sizeof(*s));
	s->port_free = now;
	return lan1qtsn_sched_configure(s, cfg, now, msg);
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_sched_init);

/**
 * lan1qtsn_sched_reset() - forget what the device holds
 * @s: the model
 * @now: the PHC time now
 *
 * For a device reset or resync (its FIFO is empty) and a PHC step (the
 * estimates are in the old time scale; frames still in the device keep
 * their ticks, which the device judges by its own counter): the FIFO
 * model empties and the CBS shapers start again. Counters stay.
 */
void lan1qtsn_sched_reset(struct lan1qtsn_sched *s, u64 now)
{
	unsigned int tc;

	s->first = 0;
	s->count = 0;
	s->port_free = now;
	for (tc = 0; tc < LAN1QTSN_SCHED_NUM_TC; tc++)
		if (s->cfg.mode[tc] & LAN1QTSN_SCHED_CBS)
			lan1qtsn_cbs_init(&s->cbs[tc], &s->cfg.cbs[tc], now);
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_sched_reset);

/**
 * lan1qtsn_sched_retire() - drop the frames that have left the device
 * @s: the model
 * @now: the PHC time now
 *
 * A buffer is taken to be free at its frame's estimated end: later than
 * the device may free it, never earlier, so the model never plans a write
 * the device would refuse.
 */
static void lan1qtsn_sched_retire(struct lan1qtsn_sched *s, u64 now)
{
	while (s->count &&
	       !lan1qtsn_time_before(now, s->fifo[s->first].end)) {
		s->first = (s->first + 1) % LAN1QTSN_SCHED_MAX_BUFFERS;
		s->count--;
	}
}

/**
 * lan1qtsn_sched_room() - free device buffers, as the model sees them
 * @s: the model
 * @now: the PHC time now
 *
 * Return: buffers not holding a frame that is still to end.
 */
unsigned int lan1qtsn_sched_room(struct lan1qtsn_sched *s, u64 now)
{
	lan1qtsn_sched_retire(s, now);
	return s->cfg.buffers > s->count ? s->cfg.buffers - s->count : 0;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_sched_room);

/**
 * lan1qtsn_sched_port_free() - when the port has sent all it was given
 * @s: the model
 * @now: the PHC time now
 *
 * The stuck-TX detector compares the device's progress with this.
 *
 * Return: the estimated end of the last committed frame, or @now if that
 * is past.
 */
u64 lan1qtsn_sched_port_free(const struct lan1qtsn_sched *s, u64 now)
{
	return lan1qtsn_sched_later(s->port_free, now);
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_sched_port_free);

/**
 * lan1qtsn_sched_backlog() - tell the CBS shapers which classes have frames
 * @s: the model
 * @heads: the ring heads
 * @now: the PHC time now
 *
 * A class earns credit above 0 only while it has frames waiting (802.1Q
 * 8.6.8.2): from its head's arrival on, until it runs empty.
 */
static void lan1qtsn_sched_backlog(struct lan1qtsn_sched *s,
				   const struct lan1qtsn_sched_head *heads,
				   u64 now)
{
	u64 since[LAN1QTSN_SCHED_NUM_TC] = { };
	bool busy[LAN1QTSN_SCHED_NUM_TC] = { };
	unsigned int r, tc;

	for (r = 0; r < LAN1QTSN_SCHED_NUM_RINGS; r++) {
		if (!heads[r].valid)
			continue;
		tc = s->cfg.ring_tc[r];
		if (!busy[tc] ||
		    lan1qtsn_time_before(heads[r].arrival, since[tc]))
			since[tc] = heads[r].arrival;
		busy[tc] = true;
	}
	for (tc = 0; tc < s->cfg.num_tc; tc++) {
		struct lan1qtsn_cbs *c = &s->cbs[tc];

		if (!(s->cfg.mode[tc] & LAN1QTSN_SCHED_CBS) ||
		    c->backlog == busy[tc])
			continue;
		lan1qtsn_cbs_set_backlog(c, busy[tc] ? since[tc] : now,
					 busy[tc]);
	}
}

/**
 * lan1qtsn_sched_plan() - the window of one ring head
 * @s: the model
 * @tc: the head's class
 * @h: the head
 * @now: the PHC time now
 * @ready: the earliest start after a write now (now + latency)
 * @t0: the earliest start behind the FIFO: @ready or the port's free time
 * @c: the plan
 *
 * Return: LAN1QTSN_SCHED_COMMIT with @c filled in, or the drop that the
 * head deserves.
 */
static enum lan1qtsn_sched_action
lan1qtsn_sched_plan(struct lan1qtsn_sched *s, unsigned int tc,
		    const struct lan1qtsn_sched_head *h, u64 now, u64 ready,
		    u64 t0, struct lan1qtsn_sched_cand *c)
{
	u8 mode = s->cfg.mode[tc];
	struct lan1qtsn_gate_window w, w0;
	u64 t = t0, t1 = ready;

	c->valid = true;
	c->etf = false;
	c->miss = false;
	c->wire = lan1qtsn_txts_wire_ns(h->frame_len);
	if ((mode & LAN1QTSN_SCHED_ETF) && h->has_launch) {
		/*
		 * Deadline mode off: the frame starts at its launch time or
		 * not at all. A CBS parent is charged for it at commit but
		 * does not move it: the launch times already pace the class,
		 * and a frame held past its launch time is late anyway.
		 */
		if (lan1qtsn_time_before(h->launch, t0))
			return LAN1QTSN_SCHED_DROP_LATE;
		c->etf = true;
		c->open = false;
		c->from = h->launch;
		c->win_from = h->launch;
		c->to = h->launch;
		return LAN1QTSN_SCHED_COMMIT;
	}
	if (mode & LAN1QTSN_SCHED_CBS) {
		t = lan1qtsn_cbs_earliest_start(&s->cbs[tc], t);
		t1 = lan1qtsn_cbs_earliest_start(&s->cbs[tc], t1);
	}
	if (!(mode & LAN1QTSN_SCHED_GATE)) {
		c->open = !(mode & LAN1QTSN_SCHED_CBS);
		c->from = t;
		/*
		 * Holding the frame until t would idle the port (and block
		 * the FIFO) for the latency the estimate allows: the window
		 * opens when the credit allows, and the device sends the
		 * frame as soon as it has it.
		 */
		c->win_from = (mode & LAN1QTSN_SCHED_CBS) ?
			      lan1qtsn_cbs_earliest_start(&s->cbs[tc], now) : t;
		c->to = LAN1QTSN_SCHED_NO_END;
		return LAN1QTSN_SCHED_COMMIT;
	}
	if (!lan1qtsn_gate_next_window(s->cfg.gate, tc, c->wire, t, &w))
		return LAN1QTSN_SCHED_DROP_NEVER;
	c->from = w.start;
	c->win_from = w.start;
	if (w.end == LAN1QTSN_GATE_NO_END) {
		c->open = !(mode & LAN1QTSN_SCHED_CBS);
		c->to = LAN1QTSN_SCHED_NO_END;
		return LAN1QTSN_SCHED_COMMIT;
	}
	/* The device checks the start: the last start still ends in time. */
	c->open = false;
	c->to = w.end - c->wire;
	/* On an idle port, would an earlier interval have taken it? */
	if (t1 != t && lan1qtsn_gate_next_window(s->cfg.gate, tc, c->wire, t1,
						 &w0))
		c->miss = lan1qtsn_time_before(w0.end, w.end);
	return LAN1QTSN_SCHED_COMMIT;
}

/**
 * lan1qtsn_sched_first() - does candidate @a go before candidate @b?
 * @a: a candidate
 * @ta: its class
 * @ha: its head
 * @b: another, valid
 * @tb: its class
 * @hb: its head
 *
 * Launch order: the earlier window start first; on a tie the higher
 * class (mqprio's priority), then the earlier arrival; rings in index
 * order are the last tie-break (the caller scans them so).
 *
 * Return: true if @a goes first.
 */
static bool lan1qtsn_sched_first(const struct lan1qtsn_sched_cand *a,
				 unsigned int ta,
				 const struct lan1qtsn_sched_head *ha,
				 const struct lan1qtsn_sched_cand *b,
				 unsigned int tb,
				 const struct lan1qtsn_sched_head *hb)
{
	if (a->from != b->from)
		return lan1qtsn_time_before(a->from, b->from);
	if (ta != tb)
		return ta > tb;
	return lan1qtsn_time_before(ha->arrival, hb->arrival);
}

/**
 * lan1qtsn_sched_decide() - what to write next
 * @s: the model
 * @heads: the head of each of the LAN1QTSN_SCHED_NUM_RINGS rings
 * @now: the PHC time now
 * @d: the decision
 *
 * Each head gets the window its class's shaping gives it, counted from
 * the later of @now + latency and the port's estimated free time, so a
 * frame whose interval would close before the FIFO ahead of it drains
 * gets the next interval instead. A head that can never be sent is
 * dropped first (LAN1QTSN_SCHED_DROP_*, counted here; the caller frees it
 * and asks again). With a free device buffer, the head whose window
 * starts first is committed if that start lies within the commit horizon;
 * but a frame that would still be on the wire at a later ETF frame's
 * launch time yields to that frame, which cannot move (and waits with it
 * when that launch time lies just beyond the horizon). Otherwise the
 * answer is to wait, until a buffer frees or the first window comes
 * within the horizon. Only the CBS classes' backlog state changes here.
 */
void lan1qtsn_sched_decide(struct lan1qtsn_sched *s,
			   const struct lan1qtsn_sched_head *heads, u64 now,
			   struct lan1qtsn_sched_decision *d)
{
	struct lan1qtsn_sched_cand c[LAN1QTSN_SCHED_NUM_RINGS];
	u64 ready = now + s->cfg.latency_ns, t0, limit;
	enum lan1qtsn_sched_action a;
	int best = -1, r;
	unsigned int tc;
	bool any = false;

	memset(d, 0, sizeof(*d));
	lan1qtsn_sched_retire(s, now);
	lan1qtsn_sched_backlog(s, heads, now);
	t0 = lan1qtsn_sched_later(ready, s->port_free);

	for (r = 0; r < LAN1QTSN_SCHED_NUM_RINGS; r++) {
		c[r].valid = false;
		if (!heads[r].valid)
			continue;
		any = true;
		tc = s->cfg.ring_tc[r];
		a = lan1qtsn_sched_plan(s, tc, &heads[r], now, ready, t0,
					&c[r]);
		if (a == LAN1QTSN_SCHED_COMMIT)
			continue;
		d->action = a;
		d->ring = r;
		d->tc = tc;
		d->frame_len = heads[r].frame_len;
		if (a == LAN1QTSN_SCHED_DROP_LATE)
			s->stats[tc].dropped_late++;
		else
			s->stats[tc].dropped_never++;
		return;
	}
	if (!any) {
		d->action = LAN1QTSN_SCHED_IDLE;
		return;
	}
	if (s->count >= s->cfg.buffers) {
		d->action = LAN1QTSN_SCHED_WAIT;
		d->wait_until = s->fifo[s->first].end;
		return;
	}

	for (r = 0; r < LAN1QTSN_SCHED_NUM_RINGS; r++) {
		if (!c[r].valid)
			continue;
		if (best < 0 ||
		    lan1qtsn_sched_first(&c[r], s->cfg.ring_tc[r], &heads[r],
					 &c[best], s->cfg.ring_tc[best],
					 &heads[best]))
			best = r;
	}
	limit = now + s->cfg.horizon_ns;
	if (lan1qtsn_time_before(limit, c[best].from)) {
		d->action = LAN1QTSN_SCHED_WAIT;
		d->wait_until = c[best].from - s->cfg.horizon_ns;
		return;
	}
	if (!c[best].etf) {
		int e = -1;

		/* An ETF frame that would start under this one goes first. */
		for (r = 0; r < LAN1QTSN_SCHED_NUM_RINGS; r++) {
			if (!c[r].valid || !c[r].etf ||
			    !lan1qtsn_time_before(c[r].from,
						   c[best].from + c[best].wire))
				continue;
			if (e < 0 || lan1qtsn_time_before(c[r].from, c[e].from))
				e = r;
		}
		if (e >= 0)
			best = e;
	}
	if (lan1qtsn_time_before(limit, c[best].from)) {
		/* That ETF frame lies just beyond the horizon: not long. */
		d->action = LAN1QTSN_SCHED_WAIT;
		d->wait_until = c[best].from - s->cfg.horizon_ns;
		return;
	}

	d->action = LAN1QTSN_SCHED_COMMIT;
	d->ring = best;
	d->tc = s->cfg.ring_tc[best];
	d->frame_len = heads[best].frame_len;
	d->open = c[best].open;
	d->from = c[best].win_from;
	d->to = c[best].to;
	/* from is never before t0: nothing ahead, no write, delays it. */
	d->start = c[best].from;
	d->end = c[best].from + c[best].wire;
	d->miss = c[best].miss;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_sched_decide);

/**
 * lan1qtsn_sched_commit() - the decided frame was written to the device
 * @s: the model
 * @d: a LAN1QTSN_SCHED_COMMIT decision from lan1qtsn_sched_decide(), with
 *     no other commit since
 *
 * The frame joins the FIFO model, its class's shaper pays for it and the
 * counters count it. A frame the bus failed to write is not committed.
 */
void lan1qtsn_sched_commit(struct lan1qtsn_sched *s,
			   const struct lan1qtsn_sched_decision *d)
{
	struct lan1qtsn_sched_entry *e;
	unsigned int tc = d->tc;

	if (d->action != LAN1QTSN_SCHED_COMMIT ||
	    s->count >= LAN1QTSN_SCHED_MAX_BUFFERS)
		return;
	e = &s->fifo[(s->first + s->count) % LAN1QTSN_SCHED_MAX_BUFFERS];
	e->start = d->start;
	e->end = d->end;
	e->tc = tc;
	s->count++;
	s->port_free = d->end;
	if (s->cfg.mode[tc] & LAN1QTSN_SCHED_CBS)
		lan1qtsn_cbs_sent(&s->cbs[tc], d->start, d->frame_len);
	s->stats[tc].committed++;
	if (d->miss)
		s->stats[tc].window_misses++;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_sched_commit);
