// SPDX-License-Identifier: GPL-2.0
/*
 * LAN1QTSN pure time arithmetic: see lan1qtsn_time.h. Nothing here sleeps,
 * locks or touches the bus; the caller owns the time scale (the driver
 * publishes copies under a seqcount, lan1qtsn_ptp.c).
 */
#include <kunit/visibility.h>
#include <linux/bits.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/math64.h>

#include "lan1qtsn_time.h"

#define LAN1QTSN_TIME_ONE	BIT_ULL(LAN1QTSN_TIME_SHIFT)
/* LAN1QTSN_TIME_MAX_ADJ_PPB in adjfine's unit, ppm with 16 fraction bits. */
#define LAN1QTSN_TIME_MAX_SCALED_PPM \
	((u64)LAN1QTSN_TIME_MAX_ADJ_PPB * 65536 / 1000)

/*
 * The time at @cnt: whole ns in *@ns, the fraction (2^-SHIFT ns) in
 * *@frac. The product (cnt - cnt0) * mult needs up to 128 bits: its upper
 * part comes from mul_u64_u64_shr(), its low SHIFT bits are those of the
 * wrapped 64-bit product, and the anchor's fraction is carried in.
 */
static void lan1qtsn_time_pos(const struct lan1qtsn_timescale *ts, u64 cnt,
			      u64 *ns, u64 *frac)
{
	u64 d, whole, lo;

	if (!lan1qtsn_time_before(cnt, ts->cnt0)) {
		d = cnt - ts->cnt0;
		whole = mul_u64_u64_shr(d, ts->mult, LAN1QTSN_TIME_SHIFT);
		lo = ((d * ts->mult) & LAN1QTSN_TIME_FRAC_MASK) + ts->frac0;
		*ns = ts->ns0 + whole + (lo >> LAN1QTSN_TIME_SHIFT);
		*frac = lo & LAN1QTSN_TIME_FRAC_MASK;
		return;
	}
	/* Before the anchor: floor(frac0 - d * mult), d * mult = whole.lo */
	d = ts->cnt0 - cnt;
	whole = mul_u64_u64_shr(d, ts->mult, LAN1QTSN_TIME_SHIFT);
	lo = (d * ts->mult) & LAN1QTSN_TIME_FRAC_MASK;
	if (ts->frac0 >= lo) {
		*ns = ts->ns0 - whole;
		*frac = ts->frac0 - lo;
	} else {
		*ns = ts->ns0 - whole - 1;
		*frac = ts->frac0 + LAN1QTSN_TIME_ONE - lo;
	}
}

/**
 * lan1qtsn_time_init() - a time scale at the nominal rate
 * @ts: the scale
 * @cnt: a counter value
 * @ns: the time it maps to
 */
void lan1qtsn_time_init(struct lan1qtsn_timescale *ts, u64 cnt, u64 ns)
{
	ts->cnt0 = cnt;
	ts->ns0 = ns;
	ts->frac0 = 0;
	ts->mult = LAN1QTSN_TIME_MULT_NOMINAL;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_time_init);

/**
 * lan1qtsn_time_cnt_to_ns() - counter ticks to time
 * @ts: the scale
 * @cnt: a counter value, before or after the anchor
 *
 * Return: the time at @cnt, rounded down to whole ns (never decreasing
 * as @cnt grows).
 */
u64 lan1qtsn_time_cnt_to_ns(const struct lan1qtsn_timescale *ts, u64 cnt)
{
	u64 ns, frac;

	lan1qtsn_time_pos(ts, cnt, &ns, &frac);
	return ns;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_time_cnt_to_ns);

/**
 * lan1qtsn_time_cnt_to_ns_at() - counter ticks to time through the scale
 *				  that was in force at that counter value
 * @cur: the scale in force from @since on
 * @prev: the scale before @since, or NULL if none is known
 * @since: the counter value at which @cur took effect (the counter the
 *	   step or rate change read)
 * @cnt: the counter value to convert
 *
 * A timestamp captured before a step but converted after it (a TX capture
 * collected, an RX frame read, a few milliseconds later) must carry the
 * time the clock showed when it was captured, not the stepped one. Only
 * the last change is remembered: a value older than two changes goes
 * through @prev, which after a rate change differs from the right scale by
 * the rate difference over the interval, not by a step.
 *
 * Return: the time at @cnt.
 */
u64 lan1qtsn_time_cnt_to_ns_at(const struct lan1qtsn_timescale *cur,
			       const struct lan1qtsn_timescale *prev,
			       u64 since, u64 cnt)
{
	if (prev && lan1qtsn_time_before(cnt, since))
		return lan1qtsn_time_cnt_to_ns(prev, cnt);
	return lan1qtsn_time_cnt_to_ns(cur, cnt);
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_time_cnt_to_ns_at);

/**
 * lan1qtsn_time_ns_to_cnt() - time to counter ticks
 * @ts: the scale
 * @ns: a time, before or after the anchor
 *
 * Return: the first counter value whose time is at or after @ns, so that
 * an event programmed for that tick (a pulse, a window start) is never
 * early and at most one tick late; cnt_to_ns(ns_to_cnt(x)) >= x and
 * cnt_to_ns(ns_to_cnt(x) - 1) < x.
 */
u64 lan1qtsn_time_ns_to_cnt(const struct lan1qtsn_timescale *ts, u64 ns)
{
	u64 d = ns - ts->ns0, c;
	unsigned int i;

	/* Within a tick of the answer (the anchor's fraction is ignored). */
	if (!lan1qtsn_time_before(ns, ts->ns0))
		c = ts->cnt0 + mul_u64_u64_div_u64(d, LAN1QTSN_TIME_ONE,
						   ts->mult);
	else
		c = ts->cnt0 - mul_u64_u64_div_u64(-d, LAN1QTSN_TIME_ONE,
						   ts->mult);
	/* Settle exactly; a tick is at least 9 ns, so a step or two. */
	for (i = 0; i < 4 && lan1qtsn_time_before(lan1qtsn_time_cnt_to_ns(ts, c), ns); i++)
		c++;
	for (i = 0; i < 4 && !lan1qtsn_time_before(lan1qtsn_time_cnt_to_ns(ts, c - 1), ns); i++)
		c--;
	return c;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_time_ns_to_cnt);

/**
 * lan1qtsn_time_mult_from_scaled_ppm() - the rate for an adjfine request
 * @scaled_ppm: frequency offset from nominal, ppm with a 16-bit fraction,
 *		clamped to +-LAN1QTSN_TIME_MAX_ADJ_PPB
 *
 * nominal * (1 + scaled_ppm / 2^16 / 1e6) = nominal + scaled_ppm * 2^24 /
 * 1e5 exactly (nominal = 10 * 2^40), rounded to the nearest unit.
 *
 * Return: ns per tick << LAN1QTSN_TIME_SHIFT.
 */
u64 lan1qtsn_time_mult_from_scaled_ppm(long scaled_ppm)
{
	u64 a = scaled_ppm < 0 ? -(u64)scaled_ppm : (u64)scaled_ppm;
	u64 diff;

	a = min_t(u64, a, LAN1QTSN_TIME_MAX_SCALED_PPM);
	diff = div_u64((a << 24) + 50000, 100000);
	return scaled_ppm < 0 ? LAN1QTSN_TIME_MULT_NOMINAL - diff :
				LAN1QTSN_TIME_MULT_NOMINAL + diff;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_time_mult_from_scaled_ppm);

/**
 * lan1qtsn_time_set_mult() - change the rate from a counter value on
 * @ts: the scale
 * @cnt: where the new rate starts (the current counter): the scale is
 *	 re-anchored there, so the time at @cnt, fraction included, is the
 *	 same under both rates (no jump, no lost fraction)
 * @mult: the new ns per tick << LAN1QTSN_TIME_SHIFT, non-zero
 */
void lan1qtsn_time_set_mult(struct lan1qtsn_timescale *ts, u64 cnt,
			    u64 mult)
{
	u64 ns, frac;

	/* A stopped clock would make ns_to_cnt divide by zero. */
	if (!mult)
		return;
	lan1qtsn_time_pos(ts, cnt, &ns, &frac);
	ts->cnt0 = cnt;
	ts->ns0 = ns;
	ts->frac0 = frac;
	ts->mult = mult;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_time_set_mult);

/**
 * lan1qtsn_time_step() - add @delta ns to every time (adjtime)
 * @ts: the scale
 * @delta: the step, either sign; the rate is unchanged
 */
void lan1qtsn_time_step(struct lan1qtsn_timescale *ts, s64 delta)
{
	ts->ns0 += (u64)delta;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_time_step);

/**
 * lan1qtsn_time_set() - make @cnt map to @ns (settime), rate unchanged
 * @ts: the scale
 * @cnt: a counter value (the current one)
 * @ns: its time from now on
 */
void lan1qtsn_time_set(struct lan1qtsn_timescale *ts, u64 cnt, u64 ns)
{
	ts->cnt0 = cnt;
	ts->ns0 = ns;
	ts->frac0 = 0;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_time_set);

/**
 * lan1qtsn_time_ticks_per_sec() - counter ticks in one second of @ts
 * @ts: the scale
 *
 * Return: 1e9 ns / rate, rounded to the nearest tick (what PPS_CYCLE_1S
 * can hold: a whole number, so the pulse drifts from the second by the
 * rounding, under half a tick per second, until it is re-armed).
 */
u64 lan1qtsn_time_ticks_per_sec(const struct lan1qtsn_timescale *ts)
{
	return (mul_u64_u64_div_u64(2 * LAN1QTSN_TIME_NS_PER_SEC, LAN1QTSN_TIME_ONE,
				    ts->mult) + 1) / 2;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_time_ticks_per_sec);

/**
 * lan1qtsn_time_next_second() - the counter at the next whole second
 * @ts: the scale
 * @cnt: a counter value whose time is not negative
 *
 * Return: the first tick at or after the first whole second of @ts that
 * is strictly later than the time at @cnt.
 */
u64 lan1qtsn_time_next_second(const struct lan1qtsn_timescale *ts, u64 cnt)
{
	u64 ns = lan1qtsn_time_cnt_to_ns(ts, cnt);

	ns = (div_u64(ns, LAN1QTSN_TIME_NS_PER_SEC) + 1) * LAN1QTSN_TIME_NS_PER_SEC;
	return lan1qtsn_time_ns_to_cnt(ts, ns);
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_time_next_second);

/**
 * lan1qtsn_time_measure_mult() - the rate between two samples
 * @cnt_a: counter at the first sample
 * @ns_a: another clock's ns at the first sample (e.g. host raw time)
 * @cnt_b: counter at the second, later sample
 * @ns_b: the other clock at the second sample
 *
 * Return: the other clock's ns per tick << LAN1QTSN_TIME_SHIFT, or 0 if
 * the samples do not go forward on both clocks.
 */
u64 lan1qtsn_time_measure_mult(u64 cnt_a, u64 ns_a, u64 cnt_b, u64 ns_b)
{
	if (!lan1qtsn_time_before(cnt_a, cnt_b) ||
	    !lan1qtsn_time_before(ns_a, ns_b))
		return 0;
	return mul_u64_u64_div_u64(ns_b - ns_a, LAN1QTSN_TIME_ONE,
				   cnt_b - cnt_a);
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_time_measure_mult);

/**
 * lan1qtsn_time_tick29() - the window word's 29 tick bits for a time
 * @ts: the scale
 * @ns: the time
 *
 * Return: the low 29 bits of the first tick at or after @ns.
 */
u32 lan1qtsn_time_tick29(const struct lan1qtsn_timescale *ts, u64 ns)
{
	return lan1qtsn_time_ns_to_cnt(ts, ns) & LAN1QTSN_TICK_MASK;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_time_tick29);

/**
 * lan1qtsn_time_window_future() - does the device wait for this window?
 * @from29: the window's first tick (29 bits)
 * @now_cnt: the counter now
 *
 * device-spec.md section 3: a window whose start lies less than 2^28
 * ticks (2.68 s) ahead, modulo 2^29, is in the future (a start equal to
 * now included); any other is in the past.
 *
 * Return: true if in the future.
 */
bool lan1qtsn_time_window_future(u32 from29, u64 now_cnt)
{
	return ((from29 - (u32)now_cnt) & LAN1QTSN_TICK_MASK) <
	       LAN1QTSN_TIME_HORIZON_TICKS;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_time_window_future);

/**
 * lan1qtsn_time_within_horizon() - can a 29-bit window name this tick?
 * @now_cnt: the counter now
 * @cnt: the full counter value the window should start at
 *
 * Return: true if @cnt is now or less than 2^28 ticks ahead, the only
 * starts the device takes as future (a later one would be read as past).
 */
bool lan1qtsn_time_within_horizon(u64 now_cnt, u64 cnt)
{
	return !lan1qtsn_time_before(cnt, now_cnt) &&
	       cnt - now_cnt < LAN1QTSN_TIME_HORIZON_TICKS;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_time_within_horizon);

/**
 * lan1qtsn_time_unwrap29() - the full counter value for 29 bits of it
 * @ref_cnt: a nearby full counter value
 * @tick29: the low 29 bits of the wanted value
 *
 * Return: the counter value with low bits @tick29 nearest @ref_cnt (within
 * 2^28 ticks before, or less than 2^28 ticks after).
 */
u64 lan1qtsn_time_unwrap29(u64 ref_cnt, u32 tick29)
{
	s64 d = (tick29 - (u32)ref_cnt) & LAN1QTSN_TICK_MASK;

	if (d >= LAN1QTSN_TIME_HORIZON_TICKS)
		d -= BIT(LAN1QTSN_TICK_BITS);
	return ref_cnt + d;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_time_unwrap29);
