// SPDX-License-Identifier: GPL-2.0
/*
 * LAN1QTSN credit-based shaper arithmetic: see lan1qtsn_cbs.h. Nothing
 * here sleeps, locks or touches the bus; the caller owns the state (the
 * owner thread, per class).
 *
 * The credit changes only at idleslope while the class waits and at
 * sendslope while one of its frames is on the wire, for the frame's whole
 * wire time (lan1qtsn_txts_wire_ns(): FCS, preamble and inter-frame gap
 * included). Back to back, a frame of w ns then costs (port - idle) * w
 * and the class waits until idle * d pays it back: w + d = w * port /
 * idle, so the class gets exactly idleslope of the wire, overhead
 * included, as 802.1Q's bandwidth reservation counts it.
 */
#include <kunit/visibility.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/math64.h>

#include "lan1qtsn_cbs.h"
#include "lan1qtsn_txts.h"

/**
 * lan1qtsn_cbs_before() - is PHC time @a before @b?
 * @a: a PHC time
 * @b: another
 *
 * Return: true if @a is earlier than @b (signed difference, as in
 * lan1qtsn_time.c).
 */
static bool lan1qtsn_cbs_before(u64 a, u64 b)
{
	return (s64)(a - b) < 0;
}

/**
 * lan1qtsn_cbs_refuse() - report a refusal
 * @msg: where the message goes
 * @why: the message for extack: what is wrong and what to change
 *
 * Return: -EINVAL.
 */
static int lan1qtsn_cbs_refuse(const char **msg, const char *why)
{
	*msg = why;
	return -EINVAL;
}

/**
 * lan1qtsn_cbs_check() - refuse a configuration the shaper cannot follow
 * @p: the configuration as tc gives it (offload 1, enabled)
 * @msg: on failure, a message fit for extack that says what to change (a
 *	 static string; extack keeps the pointer, any length)
 *
 * Refused: an idleslope of 0 or less or above the port rate, a sendslope
 * other than idleslope - port rate (the port's rate is fixed, 100 Mb/s:
 * another sendslope means the numbers were computed for another link), a
 * negative hicredit or a positive locredit.
 *
 * Return: 0 or -EINVAL with *@msg set.
 */
int lan1qtsn_cbs_check(const struct lan1qtsn_cbs_params *p, const char **msg)
{
	/* The messages below name the 100 Mb/s port: revisit them with it. */
	BUILD_BUG_ON(LAN1QTSN_CBS_PORT_KBPS != 100000);
	if (p->idleslope <= 0 || p->idleslope > LAN1QTSN_CBS_PORT_KBPS)
		return lan1qtsn_cbs_refuse(msg,
					   "idleslope must be 1 to 100000 kbit/s: the port runs at 100 Mb/s");
	if ((s64)p->sendslope != (s64)p->idleslope - LAN1QTSN_CBS_PORT_KBPS)
		return lan1qtsn_cbs_refuse(msg,
					   "sendslope must be idleslope - 100000 kbit/s: the port runs at 100 Mb/s");
	if (p->hicredit < 0)
		return lan1qtsn_cbs_refuse(msg,
					   "hicredit must be 0 or more bytes");
	if (p->locredit > 0)
		return lan1qtsn_cbs_refuse(msg,
					   "locredit must be 0 or fewer bytes");
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_cbs_check);

/**
 * lan1qtsn_cbs_init() - a class at rest
 * @c: the state
 * @p: a configuration lan1qtsn_cbs_check() accepted
 * @now: the PHC time now
 *
 * The class starts with no credit and no backlog.
 */
void lan1qtsn_cbs_init(struct lan1qtsn_cbs *c,
		       const struct lan1qtsn_cbs_params *p, u64 now)
{
	c->idleslope = p->idleslope;
	c->sendslope = p->sendslope;
	c->hicredit = p->hicredit * LAN1QTSN_CBS_UBIT_PER_BYTE;
	c->locredit = p->locredit * LAN1QTSN_CBS_UBIT_PER_BYTE;
	c->credit = 0;
	c->t = now;
	c->backlog = false;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_cbs_init);

/**
 * lan1qtsn_cbs_credit_at() - the credit at a time
 * @c: the state
 * @t: a PHC time; one before @c->t is taken as @c->t
 *
 * The credit grows at idleslope from @c->t: up to hicredit with a
 * backlog, up to 0 without (a positive credit was already dropped).
 *
 * Return: the credit at @t, microbits.
 */
s64 lan1qtsn_cbs_credit_at(const struct lan1qtsn_cbs *c, u64 t)
{
	s64 cap = c->backlog ? c->hicredit : 0;
	u64 dt;

	if (!lan1qtsn_cbs_before(c->t, t) || c->credit >= cap)
		return c->credit;
	dt = t - c->t;
	/* Past the cap (and so clear of any overflow) after this many ns. */
	if (dt > div64_u64(cap - c->credit, c->idleslope))
		return cap;
	return c->credit + (s64)dt * c->idleslope;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_cbs_credit_at);

/**
 * lan1qtsn_cbs_earliest_start() - when may the class's next frame start?
 * @c: the state
 * @t: the earliest time the caller could start it, PHC ns
 *
 * A frame may start when the credit is 0 or more (802.1Q 8.6.8.2 b). The
 * class is taken to have a backlog from @c->t on (it has this frame).
 *
 * Return: the first time at or after @t, and not before @c->t (the end
 * of the class's previous frame), at which the credit is not negative.
 */
u64 lan1qtsn_cbs_earliest_start(const struct lan1qtsn_cbs *c, u64 t)
{
	u64 paid;

	if (lan1qtsn_cbs_before(t, c->t))
		t = c->t;
	if (c->credit >= 0)
		return t;
	/* The first ns at which credit + idleslope * dt >= 0. */
	paid = c->t + div64_u64(-c->credit + c->idleslope - 1, c->idleslope);
	return lan1qtsn_cbs_before(t, paid) ? paid : t;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_cbs_earliest_start);

/**
 * lan1qtsn_cbs_sent() - a frame of the class was sent
 * @c: the state
 * @start: when it started, PHC ns (from lan1qtsn_cbs_earliest_start(),
 *	   or the device's TX timestamp when known)
 * @frame_len: its TX frame_length (padded frame and FCS), bytes
 *
 * The credit at @start is spent at sendslope for the frame's wire time
 * and clamped to [locredit, hicredit]; the state then holds at the
 * frame's end, with a backlog (call lan1qtsn_cbs_set_backlog() when the
 * class runs empty, and when a frame arrives at an idle class, so that
 * the credit it earns while it waits for other traffic counts).
 */
void lan1qtsn_cbs_sent(struct lan1qtsn_cbs *c, u64 start,
		       unsigned int frame_len)
{
	u64 wire = lan1qtsn_txts_wire_ns(frame_len);
	s64 credit;

	credit = lan1qtsn_cbs_credit_at(c, start) + c->sendslope * (s64)wire;
	c->backlog = true;
	c->credit = clamp_t(s64, credit, c->locredit, c->hicredit);
	if (lan1qtsn_cbs_before(c->t, start))
		c->t = start;
	c->t += wire;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_cbs_sent);

/**
 * lan1qtsn_cbs_set_backlog() - the class got frames, or ran empty
 * @c: the state
 * @t: when, PHC ns
 * @backlog: true if frames now wait
 *
 * The credit earned until @t is kept; a class that runs empty with a
 * positive credit loses it (802.1Q 8.6.8.2 c), so an idle class cannot
 * save up a burst.
 */
void lan1qtsn_cbs_set_backlog(struct lan1qtsn_cbs *c, u64 t, bool backlog)
{
	c->credit = lan1qtsn_cbs_credit_at(c, t);
	if (lan1qtsn_cbs_before(c->t, t))
		c->t = t;
	if (!backlog && c->credit > 0)
		c->credit = 0;
	c->backlog = backlog;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_cbs_set_backlog);
