/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LAN1QTSN pure time arithmetic (design.md "Time", device-spec.md section
 * 4): the free-running 100 MHz system counter mapped to PHC time through a
 * software time scale, its inverse, rate changes and steps, and the 29-bit
 * launch-window rules. No kernel state, no bus, integer only: every
 * function is unit-tested by lan1qtsn_time_kunit.c, on the host too.
 *
 * PHC times are nanoseconds kept in a u64 and compared through their
 * signed difference, so a clock stepped below zero (adjtime) still orders
 * correctly; counter values are the device's 64-bit ticks.
 */
#ifndef LAN1QTSN_TIME_H
#define LAN1QTSN_TIME_H

#include <linux/bits.h>
#include <linux/types.h>

#include "../lan1qtsn_hw.h"

/*
 * The rate is ns per tick as a binary fixed-point number with this many
 * fraction bits: one unit is 2^-40 ns per tick, about 1e-4 ppb of the
 * nominal 10 ns, much finer than adjfine's scaled ppm (2^-16 ppm, about
 * 0.015 ppb), so each scaled-ppm step changes the rate (by about 168 units).
 */
#define LAN1QTSN_TIME_SHIFT		40
#define LAN1QTSN_TIME_FRAC_MASK		(BIT_ULL(LAN1QTSN_TIME_SHIFT) - 1)
#define LAN1QTSN_TIME_MULT_NOMINAL \
	((u64)LAN1QTSN_NS_PER_TICK << LAN1QTSN_TIME_SHIFT)
/*
 * Largest frequency adjustment, ppb (the PHC's max_adj): +-10 %. A
 * thousand times the oscillator's +-100 ppm tolerance and ten times
 * phc.sh's 1 % test, while a PHC second stays within 10 % of 1e8 ticks,
 * so the 2^28-tick (2.68 s) window horizon always covers more than two PHC
 * seconds and one tick never exceeds 11 ns.
 */
#define LAN1QTSN_TIME_MAX_ADJ_PPB	100000000
#define LAN1QTSN_TIME_NS_PER_SEC	1000000000ULL
/* A window whose start is less than this many ticks ahead is "future". */
#define LAN1QTSN_TIME_HORIZON_TICKS	BIT(LAN1QTSN_TICK_BITS - 1)

/**
 * struct lan1qtsn_timescale - counter ticks -> nanoseconds, affine
 * @cnt0: anchor: a counter value
 * @ns0: time at @cnt0, whole ns
 * @frac0: and its fraction, 2^-LAN1QTSN_TIME_SHIFT ns (kept so that a
 *	   re-anchor at every adjfine does not drop up to 1 ns each time)
 * @mult: ns per tick << LAN1QTSN_TIME_SHIFT
 *
 * time(cnt) = ns0 + floor(((cnt - cnt0) * mult + frac0) / 2^SHIFT), with
 * (cnt - cnt0) signed: exact for counter distances of centuries either
 * side of the anchor, and non-decreasing in cnt.
 */
struct lan1qtsn_timescale {
	u64 cnt0;
	u64 ns0;
	u64 frac0;
	u64 mult;
};

/**
 * lan1qtsn_time_before() - is @a before @b?
 * @a: a PHC time or a counter value
 * @b: another of the same kind
 *
 * By signed difference, so that a clock stepped below zero (adjtime) still
 * orders correctly.
 *
 * Return: true if @a is earlier than @b.
 */
static inline bool lan1qtsn_time_before(u64 a, u64 b)
{
	return (s64)(a - b) < 0;
}

void lan1qtsn_time_init(struct lan1qtsn_timescale *ts, u64 cnt, u64 ns);
u64 lan1qtsn_time_cnt_to_ns(const struct lan1qtsn_timescale *ts, u64 cnt);
u64 lan1qtsn_time_cnt_to_ns_at(const struct lan1qtsn_timescale *cur,
			       const struct lan1qtsn_timescale *prev,
			       u64 since, u64 cnt);
u64 lan1qtsn_time_ns_to_cnt(const struct lan1qtsn_timescale *ts, u64 ns);
u64 lan1qtsn_time_mult_from_scaled_ppm(long scaled_ppm);
void lan1qtsn_time_set_mult(struct lan1qtsn_timescale *ts, u64 cnt,
			    u64 mult);
void lan1qtsn_time_step(struct lan1qtsn_timescale *ts, s64 delta);
void lan1qtsn_time_set(struct lan1qtsn_timescale *ts, u64 cnt, u64 ns);
u64 lan1qtsn_time_ticks_per_sec(const struct lan1qtsn_timescale *ts);
u64 lan1qtsn_time_next_second(const struct lan1qtsn_timescale *ts, u64 cnt);
u64 lan1qtsn_time_measure_mult(u64 cnt_a, u64 ns_a, u64 cnt_b, u64 ns_b);

/* The 29-bit launch-window rules (device-spec.md section 3). */
u32 lan1qtsn_time_tick29(const struct lan1qtsn_timescale *ts, u64 ns);
bool lan1qtsn_time_window_future(u32 from29, u64 now_cnt);
bool lan1qtsn_time_within_horizon(u64 now_cnt, u64 cnt);
u64 lan1qtsn_time_unwrap29(u64 ref_cnt, u32 tick29);

#endif /* LAN1QTSN_TIME_H */
