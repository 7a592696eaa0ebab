// SPDX-License-Identifier: GPL-2.0
/*
 * LAN1QTSN taprio gate list compilation and window search: see
 * lan1qtsn_gate.h. Nothing here sleeps, locks or touches the bus; the
 * caller owns the compiled schedule (built in process context, read by the
 * owner thread).
 */
#include <kunit/visibility.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/string.h>

#include "lan1qtsn_gate.h"

/**
 * lan1qtsn_gate_before() - is PHC time @a before @b?
 * @a: a PHC time
 * @b: another
 *
 * Times compare by signed difference, as in lan1qtsn_time.c, so that the
 * arithmetic stays right wherever the u64 values lie.
 *
 * Return: true if @a is earlier than @b.
 */
static bool lan1qtsn_gate_before(u64 a, u64 b)
{
	return (s64)(a - b) < 0;
}

/**
 * lan1qtsn_gate_refuse() - report a refusal
 * @msg: where the message goes
 * @err: the errno to return
 * @why: the message for extack: what is wrong and what to change
 *
 * Return: @err.
 */
static int lan1qtsn_gate_refuse(const char **msg, int err, const char *why)
{
	*msg = why;
	return err;
}

/**
 * lan1qtsn_gate_check() - refuse what the device or the driver cannot do
 * @cfg: the schedule as taprio gives it
 * @msg: set to a message for extack that says what to change
 *
 * Return: 0 or a negative errno (-EOPNOTSUPP for features, -ERANGE for a
 * negative base time, -EINVAL for values).
 */
static int lan1qtsn_gate_check(const struct lan1qtsn_gate_config *cfg,
			       const char **msg)
{
	u64 sum = 0;
	unsigned int i, tc;

	/* The messages below name these limits: revisit them together. */
	BUILD_BUG_ON(LAN1QTSN_GATE_MIN_INTERVAL_NS != 6720);
	BUILD_BUG_ON(LAN1QTSN_GATE_MAX_ENTRIES != 64);
	BUILD_BUG_ON(LAN1QTSN_GATE_MAX_CYCLE_NS != 1000000000ULL);
	/* A slot's gate_mask is a u8. */
	BUILD_BUG_ON(LAN1QTSN_GATE_NUM_TC > 8);
	if (cfg->cycle_time_extension)
		return lan1qtsn_gate_refuse(msg, -EOPNOTSUPP,
					    "cycle-time-extension is not supported: leave it out");
	if (cfg->base_time < 0)
		return lan1qtsn_gate_refuse(msg, -ERANGE,
					    "base-time is negative: give a PHC time of 0 or later");
	if (!cfg->num_tc || cfg->num_tc > LAN1QTSN_GATE_NUM_TC)
		return lan1qtsn_gate_refuse(msg, -EINVAL, "num_tc must be 1 to 8");
	if (!cfg->num_entries)
		return lan1qtsn_gate_refuse(msg, -EINVAL,
					    "the schedule has no entries: give at least one sched-entry");
	if (cfg->num_entries > LAN1QTSN_GATE_MAX_ENTRIES)
		return lan1qtsn_gate_refuse(msg, -EINVAL,
					    "too many sched-entry lines: at most 64 are supported");
	for (i = 0; i < cfg->num_entries; i++) {
		const struct lan1qtsn_gate_entry *e = &cfg->entries[i];

		if (e->command != LAN1QTSN_GATE_CMD_SET_GATES)
			return lan1qtsn_gate_refuse(msg, -EOPNOTSUPP,
						    "only 'sched-entry S' is supported: H and R (frame preemption) are not");
		if (e->gate_mask >> cfg->num_tc)
			return lan1qtsn_gate_refuse(msg, -EINVAL,
						    "a sched-entry opens a traffic class above num_tc - 1: fix its gate mask");
		for (tc = 0; tc < cfg->num_tc; tc++) {
			if ((e->gate_mask & BIT(tc)) && !cfg->tc_queues[tc])
				return lan1qtsn_gate_refuse(msg, -EINVAL,
							    "a sched-entry opens a traffic class with no TX queue: give it one in 'queues'");
		}
		if (e->interval < LAN1QTSN_GATE_MIN_INTERVAL_NS)
			return lan1qtsn_gate_refuse(msg, -EINVAL,
						    "a sched-entry interval is shorter than a minimum frame at 100 Mb/s: make it at least 6720 ns");
		sum += e->interval;
	}
	if (!cfg->cycle_time)
		return lan1qtsn_gate_refuse(msg, -EINVAL,
					    "cycle-time is 0: give the cycle or leave it out (taprio then uses the sum of the intervals)");
	if (cfg->cycle_time < sum)
		return lan1qtsn_gate_refuse(msg, -EINVAL,
					    "cycle-time is shorter than the sum of the intervals: lengthen it or shorten the entries");
	if (cfg->cycle_time > LAN1QTSN_GATE_MAX_CYCLE_NS)
		return lan1qtsn_gate_refuse(msg, -EINVAL,
					    "cycle-time is longer than 1 s: shorten the schedule");
	return 0;
}

/**
 * lan1qtsn_gate_compile_tc() - the open spans of one class
 * @s: the schedule, its slots placed
 * @tc: the class
 *
 * A span is a maximal run of slots with @tc open. The scan starts right
 * after a slot where @tc is closed, so a run through the last slot goes on
 * into the first ones and comes out as one span across the cycle boundary.
 */
static void lan1qtsn_gate_compile_tc(struct lan1qtsn_gate_sched *s,
				     unsigned int tc)
{
	struct lan1qtsn_gate_tc *g = &s->tc[tc];
	struct lan1qtsn_gate_span *sp = NULL;
	unsigned int n = s->num_slots, closed, i, j;

	memset(g, 0, sizeof(*g));
	for (closed = 0; closed < n; closed++)
		if (!(s->slot[closed].gate_mask & BIT(tc)))
			break;
	if (closed == n) {
		g->always_open = true;
		g->longest = s->cycle_time;
		return;
	}
	for (i = 1; i <= n; i++) {
		j = (closed + i) % n;
		if (!(s->slot[j].gate_mask & BIT(tc))) {
			sp = NULL;
			continue;
		}
		if (!sp) {
			/* Runs alternate with closed slots: at most n / 2. */
			sp = &g->span[g->num_spans++];
			sp->start = s->slot[j].start;
			sp->len = 0;
		}
		sp->len += s->slot[j].len;
		g->longest = max(g->longest, sp->len);
	}
}

/**
 * lan1qtsn_gate_compile() - validate and compile a taprio schedule
 * @cfg: the schedule as taprio gives it (full offload)
 * @now: the PHC time now, ns: a base time before it rolls forward
 * @s: the compiled schedule, written only on success
 * @msg: on failure, a message fit for extack that says what to change
 *	 (a static string; extack keeps the pointer, any length)
 *
 * Refused: a cycle-time extension, a negative base time, commands other
 * than SET_GATES, more than LAN1QTSN_GATE_MAX_ENTRIES entries, a gate mask
 * naming a class beyond num_tc or a class without a TX queue, an interval
 * shorter than a minimum frame's wire time, a cycle of 0, shorter than the
 * sum of the intervals or longer than LAN1QTSN_GATE_MAX_CYCLE_NS.
 *
 * A cycle longer than the sum of the intervals is taken, as taprio takes
 * it, and the last entry's gates stay as they are until the cycle ends
 * (802.1Q-2018 8.6.9.2; igc programs its last entry the same way; taprio's
 * software mode instead restarts the list when the last entry ends). A base
 * time before @now moves forward by whole cycles to the first cycle start
 * at or after @now, keeping the schedule's phase (taprio and the precedent
 * drivers start there too; the schedule does not run before it).
 *
 * Return: 0 or a negative errno, with *@msg set.
 */
int lan1qtsn_gate_compile(const struct lan1qtsn_gate_config *cfg, u64 now,
			  struct lan1qtsn_gate_sched *s, const char **msg)
{
	u64 base = cfg->base_time, n;
	u32 start = 0;
	unsigned int i, tc;
	int ret;

	ret = lan1qtsn_gate_check(cfg, msg);
	if (ret)
		return ret;

	s->cycle_time = cfg->cycle_time;
	if (lan1qtsn_gate_before(base, now)) {
		n = div64_u64(now - base + s->cycle_time - 1, s->cycle_time);
		base += n * s->cycle_time;
	}
	s->base_time = base;

	s->num_slots = cfg->num_entries;
	for (i = 0; i < cfg->num_entries; i++) {
		s->slot[i].start = start;
		s->slot[i].len = cfg->entries[i].interval;
		s->slot[i].gate_mask = cfg->entries[i].gate_mask;
		start += cfg->entries[i].interval;
	}
	/* The remainder of the cycle keeps the last entry's gates. */
	s->slot[i - 1].len += s->cycle_time - start;

	for (tc = 0; tc < LAN1QTSN_GATE_NUM_TC; tc++)
		lan1qtsn_gate_compile_tc(s, tc);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_gate_compile);

/**
 * lan1qtsn_gate_mask_at() - the classes open at a time
 * @s: a compiled schedule
 * @t: a PHC time
 *
 * Return: the gate mask in force at @t, 0 before the schedule's base time.
 */
u8 lan1qtsn_gate_mask_at(const struct lan1qtsn_gate_sched *s, u64 t)
{
	u64 off = t - s->base_time;
	unsigned int i;

	if (lan1qtsn_gate_before(t, s->base_time))
		return 0;
	off -= div64_u64(off, s->cycle_time) * s->cycle_time;
	for (i = 0; i + 1 < s->num_slots; i++)
		if (off < s->slot[i].start + s->slot[i].len)
			break;
	return s->slot[i].gate_mask;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_gate_mask_at);

/**
 * lan1qtsn_gate_next_window() - the next open interval a frame fits in
 * @s: a compiled schedule
 * @tc: the frame's traffic class
 * @wire_ns: how long the frame occupies the port, ns (lan1qtsn_txts_wire_ns(),
 *	     preamble and inter-frame gap included: a frame that ends with its
 *	     gap inside the interval never overruns the gate)
 * @t: the earliest time the frame could start, PHC ns
 * @w: the window found: the frame may start at @w->start (>= @t, >= the
 *     base time) and ends by @w->end when it does
 *
 * Adjacent entries with @tc open form one interval, across the cycle
 * boundary too; an interval counts only if the whole frame fits between
 * the later of its opening and @t, and its closing. Three cycles are
 * enough to look at: the one holding @t, the one before (a span that runs
 * on into @t's cycle) and the next (where every span starts after @t).
 *
 * Return: true with *@w set, or false if the frame can never be sent:
 * @tc is never open or none of its intervals is as long as @wire_ns (the
 * caller drops and counts such a frame).
 */
bool lan1qtsn_gate_next_window(const struct lan1qtsn_gate_sched *s,
			       unsigned int tc, u64 wire_ns, u64 t,
			       struct lan1qtsn_gate_window *w)
{
	const struct lan1qtsn_gate_tc *g;
	u64 c0, st, en, from;
	bool found = false;
	unsigned int i;
	int j;

	if (tc >= LAN1QTSN_GATE_NUM_TC)
		return false;
	g = &s->tc[tc];
	if (lan1qtsn_gate_before(t, s->base_time))
		t = s->base_time;
	if (g->always_open) {
		w->start = t;
		w->end = LAN1QTSN_GATE_NO_END;
		return true;
	}
	if (!g->num_spans || wire_ns > g->longest)
		return false;

	/* The start of the cycle that holds t. */
	c0 = s->base_time +
	     div64_u64(t - s->base_time, s->cycle_time) * s->cycle_time;
	for (i = 0; i < g->num_spans; i++) {
		if (g->span[i].len < wire_ns)
			continue;
		for (j = -1; j <= 1; j++) {
			st = c0 + (s64)j * s->cycle_time + g->span[i].start;
			en = st + g->span[i].len;
			/* Nothing is open before the schedule starts. */
			if (lan1qtsn_gate_before(st, s->base_time))
				st = s->base_time;
			from = lan1qtsn_gate_before(st, t) ? t : st;
			if ((s64)(en - from) < (s64)wire_ns)
				continue;
			if (!found || lan1qtsn_gate_before(from, w->start)) {
				w->start = from;
				w->end = en;
				found = true;
			}
		}
	}
	return found;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_gate_next_window);
