// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the LAN1QTSN time layer (lan1qtsn_time.c): conversions
 * both ways and their round trips, counter wrap, distances of many seconds
 * either side of the anchor, rate changes at +-max_adj with continuity,
 * steps, the PPS helpers and the 29-bit window rules. Pure: the host run
 * (tests/unit/run.sh) builds it too.
 */
#include <kunit/test.h>
#include <linux/module.h>

#include "lan1qtsn_time.h"

/* A string here in every kernel; 6.13 made MODULE_IMPORT_NS() take one. */
MODULE_INFO(import_ns, "EXPORTED_FOR_KUNIT_TESTING");

#define T_SEC		1000000000ULL
#define T_TICKS_SEC	100000000ULL
/* adjfine's unit for a ppb value. */
#define T_SCALED(ppb)	((long)(ppb) * 65536 / 1000)

/* The defining property of ns_to_cnt: the first tick at or after @ns. */
static void t_expect_first_tick(struct kunit *test,
				const struct lan1qtsn_timescale *ts, u64 ns)
{
	u64 c = lan1qtsn_time_ns_to_cnt(ts, ns);

	KUNIT_EXPECT_GE_MSG(test, (s64)(lan1qtsn_time_cnt_to_ns(ts, c) - ns), 0,
			    "ns %llu cnt %llu", ns, c);
	KUNIT_EXPECT_LT_MSG(test, (s64)(lan1qtsn_time_cnt_to_ns(ts, c - 1) - ns), 0,
			    "ns %llu cnt %llu", ns, c);
}

static void lan1qtsn_time_test_nominal(struct kunit *test)
{
	struct lan1qtsn_timescale ts;

	lan1qtsn_time_init(&ts, 1000, 5 * T_SEC);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_cnt_to_ns(&ts, 1000), 5 * T_SEC);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_cnt_to_ns(&ts, 1001), 5 * T_SEC + 10);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_cnt_to_ns(&ts, 999), 5 * T_SEC - 10);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_cnt_to_ns(&ts, 1000 + T_TICKS_SEC),
			6 * T_SEC);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_ns_to_cnt(&ts, 6 * T_SEC),
			1000 + T_TICKS_SEC);
	/* Between ticks: the next tick (never early). */
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_ns_to_cnt(&ts, 5 * T_SEC + 1), 1001);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_ns_to_cnt(&ts, 5 * T_SEC + 10), 1001);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_ns_to_cnt(&ts, 5 * T_SEC - 9), 1000);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_ns_to_cnt(&ts, 5 * T_SEC - 10), 999);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_ticks_per_sec(&ts), T_TICKS_SEC);
}

/* Distances whose product with the rate needs more than 64 bits. */
static void lan1qtsn_time_test_far(struct kunit *test)
{
	struct lan1qtsn_timescale ts;
	u64 d = 100000000000ULL;	/* 1000 s of ticks */

	lan1qtsn_time_init(&ts, 1ULL << 40, 1ULL << 50);
	/* 2^-10 ns per tick more than nominal: exact expectations. */
	ts.mult = LAN1QTSN_TIME_MULT_NOMINAL + (1ULL << 30);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_cnt_to_ns(&ts, ts.cnt0 + d),
			ts.ns0 + 10 * d + d / 1024);
	/* Before the anchor the floor goes one further down. */
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_cnt_to_ns(&ts, ts.cnt0 - d),
			ts.ns0 - 10 * d - DIV_ROUND_UP(d, 1024));
	t_expect_first_tick(test, &ts, ts.ns0 + 10 * d + 12345);
	t_expect_first_tick(test, &ts, ts.ns0 - 10 * d - 12345);
	/* A counter of years (2^56 ticks is 22 years) still converts. */
	lan1qtsn_time_init(&ts, 0, 0);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_cnt_to_ns(&ts, 1ULL << 56),
			10 * (1ULL << 56));
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_ns_to_cnt(&ts, 10 * (1ULL << 56)),
			1ULL << 56);
}

/* Round trips at several rates, both sides of the anchor. */
static void lan1qtsn_time_test_round_trip(struct kunit *test)
{
	static const long ppb[] = {
		0, 1, -1, 40000, -60000, 12345678,
		LAN1QTSN_TIME_MAX_ADJ_PPB, -LAN1QTSN_TIME_MAX_ADJ_PPB,
	};
	struct lan1qtsn_timescale ts;
	unsigned int i, k;
	u64 c, x;

	for (i = 0; i < ARRAY_SIZE(ppb); i++) {
		lan1qtsn_time_init(&ts, 7777777777ULL, 1700000000ULL * T_SEC);
		ts.mult = lan1qtsn_time_mult_from_scaled_ppm(T_SCALED(ppb[i]));
		ts.frac0 = LAN1QTSN_TIME_FRAC_MASK / 3;
		for (k = 0; k < 200; k++) {
			/* spread over +-20 s with odd offsets */
			x = ts.ns0 - 20 * T_SEC + k * 200000000ULL + k * 7919;
			t_expect_first_tick(test, &ts, x);
			c = ts.cnt0 - 2 * T_TICKS_SEC + k * 20000003ULL;
			/* A tick is > 1 ns: each tick has its own time. */
			x = lan1qtsn_time_cnt_to_ns(&ts, c);
			KUNIT_EXPECT_EQ(test, lan1qtsn_time_ns_to_cnt(&ts, x), c);
		}
	}
}

/* The 64-bit counter and PHC times wrap without a jump. */
static void lan1qtsn_time_test_wrap(struct kunit *test)
{
	struct lan1qtsn_timescale ts;

	lan1qtsn_time_init(&ts, U64_MAX - 49, 1000);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_cnt_to_ns(&ts, 50), 2000);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_ns_to_cnt(&ts, 2000), 50);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_ns_to_cnt(&ts, 1000), U64_MAX - 49);
	/* A clock stepped below zero still orders by signed difference. */
	lan1qtsn_time_init(&ts, 100, 5);
	lan1qtsn_time_step(&ts, -15);
	KUNIT_EXPECT_EQ(test, (s64)lan1qtsn_time_cnt_to_ns(&ts, 100), -10);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_cnt_to_ns(&ts, 102), 10);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_ns_to_cnt(&ts, (u64)-10), 100);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_ns_to_cnt(&ts, 0), 101);
	t_expect_first_tick(test, &ts, (u64)-12345);
}

static void lan1qtsn_time_test_scaled_ppm(struct kunit *test)
{
	struct lan1qtsn_timescale ts;
	u64 m0 = lan1qtsn_time_mult_from_scaled_ppm(0);
	u64 m1 = lan1qtsn_time_mult_from_scaled_ppm(1);
	u64 m2 = lan1qtsn_time_mult_from_scaled_ppm(2);
	s64 d;

	KUNIT_EXPECT_EQ(test, m0, LAN1QTSN_TIME_MULT_NOMINAL);
	/* The finest adjfine step changes the rate, by about 168 units. */
	KUNIT_EXPECT_GE(test, m1 - m0, 167);
	KUNIT_EXPECT_LE(test, m1 - m0, 168);
	KUNIT_EXPECT_GE(test, m2 - m1, 167);
	KUNIT_EXPECT_EQ(test, m0 - lan1qtsn_time_mult_from_scaled_ppm(-1), m1 - m0);

	/* +-1 ppm, +-max_adj: one counter second gives 1e9 * (1 + adj). */
	lan1qtsn_time_init(&ts, 0, 0);
	/* (the rate is rounded to 2^-40 ns per tick: within a ns here) */
	ts.mult = lan1qtsn_time_mult_from_scaled_ppm(65536);
	d = lan1qtsn_time_cnt_to_ns(&ts, T_TICKS_SEC) - T_SEC - 1000;
	KUNIT_EXPECT_LE(test, d, 1);
	KUNIT_EXPECT_GE(test, d, -1);
	ts.mult = lan1qtsn_time_mult_from_scaled_ppm(-65536);
	d = lan1qtsn_time_cnt_to_ns(&ts, T_TICKS_SEC) - T_SEC + 1000;
	KUNIT_EXPECT_LE(test, d, 1);
	KUNIT_EXPECT_GE(test, d, -1);
	ts.mult = lan1qtsn_time_mult_from_scaled_ppm(T_SCALED(LAN1QTSN_TIME_MAX_ADJ_PPB));
	d = lan1qtsn_time_cnt_to_ns(&ts, T_TICKS_SEC) - T_SEC - T_SEC / 10;
	KUNIT_EXPECT_LE(test, d, 1);
	KUNIT_EXPECT_GE(test, d, -1);
	ts.mult = lan1qtsn_time_mult_from_scaled_ppm(-T_SCALED(LAN1QTSN_TIME_MAX_ADJ_PPB));
	d = lan1qtsn_time_cnt_to_ns(&ts, T_TICKS_SEC) - T_SEC + T_SEC / 10;
	KUNIT_EXPECT_LE(test, d, 1);
	KUNIT_EXPECT_GE(test, d, -1);
	/* Beyond max_adj is clamped (the PTP core refuses it before us). */
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_mult_from_scaled_ppm((1L << 40)),
			lan1qtsn_time_mult_from_scaled_ppm(T_SCALED(LAN1QTSN_TIME_MAX_ADJ_PPB)));
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_mult_from_scaled_ppm(-(1L << 40)),
			lan1qtsn_time_mult_from_scaled_ppm(-T_SCALED(LAN1QTSN_TIME_MAX_ADJ_PPB)));
}

/* A rate change at a tick leaves that tick's time alone, and is monotonic. */
static void lan1qtsn_time_test_rate_change(struct kunit *test)
{
	static const long ppb[] = {
		LAN1QTSN_TIME_MAX_ADJ_PPB, -LAN1QTSN_TIME_MAX_ADJ_PPB, 0, 777,
		-LAN1QTSN_TIME_MAX_ADJ_PPB, LAN1QTSN_TIME_MAX_ADJ_PPB,
	};
	struct lan1qtsn_timescale ts;
	u64 c = 5000, before, at, after, prev;
	unsigned int i;

	lan1qtsn_time_init(&ts, 0, 1000 * T_SEC);
	for (i = 0; i < ARRAY_SIZE(ppb); i++) {
		c += 33333337;
		before = lan1qtsn_time_cnt_to_ns(&ts, c - 1);
		at = lan1qtsn_time_cnt_to_ns(&ts, c);
		lan1qtsn_time_set_mult(&ts, c,
				       lan1qtsn_time_mult_from_scaled_ppm(T_SCALED(ppb[i])));
		KUNIT_EXPECT_EQ(test, lan1qtsn_time_cnt_to_ns(&ts, c), at);
		after = lan1qtsn_time_cnt_to_ns(&ts, c + 1);
		/* one tick is 9..11 ns at +-10 % */
		KUNIT_EXPECT_GE(test, after - at, 8);
		KUNIT_EXPECT_LE(test, after - at, 12);
		KUNIT_EXPECT_GE(test, at - before, 8);
		KUNIT_EXPECT_LE(test, at - before, 12);
		t_expect_first_tick(test, &ts, at + 3);
	}
	/* Monotonic through the last anchor, tick by tick. */
	prev = lan1qtsn_time_cnt_to_ns(&ts, c - 100);
	for (i = 0; i < 200; i++) {
		at = lan1qtsn_time_cnt_to_ns(&ts, c - 99 + i);
		KUNIT_EXPECT_GT(test, at, prev);
		prev = at;
	}
}

/*
 * Re-anchoring at the same rate changes no time at all, before or after:
 * the anchor keeps its fraction, so 1000 adjfine calls (one per second in
 * ptp4l) lose nothing (a whole-ns anchor would drift up to 1 ns each).
 */
static void lan1qtsn_time_test_reanchor_exact(struct kunit *test)
{
	struct lan1qtsn_timescale ref, ts;
	u64 mult = lan1qtsn_time_mult_from_scaled_ppm(T_SCALED(-41234));
	u64 c = 123456789;
	unsigned int i;

	lan1qtsn_time_init(&ref, c, 42 * T_SEC);
	ref.mult = mult;
	ts = ref;
	for (i = 0; i < 1000; i++) {
		/* forwards mostly, now and then backwards */
		c = i % 7 ? c + 100000007 : c - 3000001;
		lan1qtsn_time_set_mult(&ts, c, mult);
	}
	for (i = 0; i < 50; i++) {
		u64 x = 123456789 + i * 2100000001ULL;

		KUNIT_EXPECT_EQ(test, lan1qtsn_time_cnt_to_ns(&ts, x),
				lan1qtsn_time_cnt_to_ns(&ref, x));
	}
}

static void lan1qtsn_time_test_steps(struct kunit *test)
{
	struct lan1qtsn_timescale ts;
	u64 c = 10 * T_TICKS_SEC, t;

	lan1qtsn_time_init(&ts, 0, 0);
	ts.mult = lan1qtsn_time_mult_from_scaled_ppm(T_SCALED(5000));
	t = lan1qtsn_time_cnt_to_ns(&ts, c);
	lan1qtsn_time_step(&ts, T_SEC);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_cnt_to_ns(&ts, c), t + T_SEC);
	lan1qtsn_time_step(&ts, -2 * (s64)T_SEC);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_cnt_to_ns(&ts, c), t - T_SEC);
	/* settime: that tick is that time, the rate stays. */
	lan1qtsn_time_set(&ts, c, 1700000000ULL * T_SEC);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_cnt_to_ns(&ts, c), 1700000000ULL * T_SEC);
	t = lan1qtsn_time_cnt_to_ns(&ts, c + T_TICKS_SEC) - 1700000001ULL * T_SEC;
	KUNIT_EXPECT_GE(test, t, 4999);
	KUNIT_EXPECT_LE(test, t, 5001);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_ns_to_cnt(&ts, 1700000000ULL * T_SEC), c);
}

/*
 * A stamp captured before a step, converted after it: the scale that was
 * in force at its counter value, not the stepped one; at and after the
 * change the new scale; without a previous scale, the current one.
 */
static void lan1qtsn_time_test_since(struct kunit *test)
{
	struct lan1qtsn_timescale prev, cur;
	u64 since = 50 * T_TICKS_SEC, before = since - 1000, t;

	lan1qtsn_time_init(&prev, 0, 7 * T_SEC);
	cur = prev;
	lan1qtsn_time_step(&cur, -(s64)T_SEC);
	t = lan1qtsn_time_cnt_to_ns(&prev, before);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_cnt_to_ns_at(&cur, &prev, since, before), t);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_cnt_to_ns_at(&cur, NULL, since, before),
			t - T_SEC);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_cnt_to_ns_at(&cur, &prev, since, since),
			lan1qtsn_time_cnt_to_ns(&cur, since));
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_cnt_to_ns_at(&cur, &prev, since, since + 1),
			lan1qtsn_time_cnt_to_ns(&cur, since + 1));
	/* Across the counter's wrap: "before" is a signed difference. */
	since = 5;
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_cnt_to_ns_at(&cur, &prev, since, U64_MAX - 5),
			lan1qtsn_time_cnt_to_ns(&prev, U64_MAX - 5));
}

/* PPS helpers: cycle in ticks, the next second's tick. */
static void lan1qtsn_time_test_pps(struct kunit *test)
{
	struct lan1qtsn_timescale ts;
	u64 c;

	lan1qtsn_time_init(&ts, 1000, 5 * T_SEC + 300000000);
	c = lan1qtsn_time_next_second(&ts, 1000);
	KUNIT_EXPECT_EQ(test, c, 1000 + 70000000);
	/* exactly on a second: the next one */
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_next_second(&ts, c), c + T_TICKS_SEC);
	/* 1 % fast: 1e8 / 1.01 = 99009900.99 ticks per second */
	lan1qtsn_time_set_mult(&ts, 1000,
			       lan1qtsn_time_mult_from_scaled_ppm(T_SCALED(10000000)));
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_ticks_per_sec(&ts), 99009901);
	c = lan1qtsn_time_next_second(&ts, 1000);
	KUNIT_EXPECT_GE(test, lan1qtsn_time_cnt_to_ns(&ts, c), 6 * T_SEC);
	KUNIT_EXPECT_LT(test, lan1qtsn_time_cnt_to_ns(&ts, c - 1), 6 * T_SEC);
	/* -40 ppm */
	lan1qtsn_time_set_mult(&ts, 1000,
			       lan1qtsn_time_mult_from_scaled_ppm(T_SCALED(-40000)));
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_ticks_per_sec(&ts), 100004000);
	/* The host rate between two samples, 40 ppm slow counter. */
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_measure_mult(0, 0, T_TICKS_SEC,
							 T_SEC + 40000),
			LAN1QTSN_TIME_MULT_NOMINAL + (40000ULL << 40) / T_TICKS_SEC);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_measure_mult(5, 0, 5, 10), 0);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_measure_mult(5, 10, 6, 10), 0);
}

/* device-spec.md section 3: the 29-bit window and the 2.68 s horizon. */
static void lan1qtsn_time_test_window(struct kunit *test)
{
	const u64 h = LAN1QTSN_TIME_HORIZON_TICKS, wrap = 1ULL << 29;
	const u32 m = LAN1QTSN_TICK_MASK;
	struct lan1qtsn_timescale ts;
	u64 now = 7 * wrap + wrap - 10;	/* 10 ticks before a 29-bit wrap */

	KUNIT_EXPECT_EQ(test, h, 268435456);
	/* 2^28 ticks of 10 ns: 2.68 s */
	KUNIT_EXPECT_EQ(test, h * LAN1QTSN_NS_PER_TICK, 2684354560ULL);
	KUNIT_EXPECT_TRUE(test, lan1qtsn_time_window_future(now & m, now));
	KUNIT_EXPECT_TRUE(test, lan1qtsn_time_window_future((now + 20) & m, now));
	KUNIT_EXPECT_TRUE(test, lan1qtsn_time_window_future((now + h - 1) & m, now));
	KUNIT_EXPECT_FALSE(test, lan1qtsn_time_window_future((now + h) & m, now));
	KUNIT_EXPECT_FALSE(test, lan1qtsn_time_window_future((now - 1) & m, now));
	KUNIT_EXPECT_TRUE(test, lan1qtsn_time_within_horizon(now, now));
	KUNIT_EXPECT_TRUE(test, lan1qtsn_time_within_horizon(now, now + h - 1));
	KUNIT_EXPECT_FALSE(test, lan1qtsn_time_within_horizon(now, now + h));
	KUNIT_EXPECT_FALSE(test, lan1qtsn_time_within_horizon(now, now - 1));
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_unwrap29(now, (now + 20) & m),
			now + 20);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_unwrap29(now, (now - 20) & m),
			now - 20);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_unwrap29(now, (now + h - 1) & m),
			now + h - 1);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_unwrap29(now, (now + h) & m),
			now + h - wrap);
	/* tick29 of a PHC time is the low bits of its first tick. */
	lan1qtsn_time_init(&ts, now, 9 * T_SEC);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_tick29(&ts, 9 * T_SEC + 200),
			(now + 20) & m);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_tick29(&ts, 9 * T_SEC + 201),
			(now + 21) & m);
}

static struct kunit_case lan1qtsn_time_cases[] = {
	KUNIT_CASE(lan1qtsn_time_test_nominal),
	KUNIT_CASE(lan1qtsn_time_test_far),
	KUNIT_CASE(lan1qtsn_time_test_round_trip),
	KUNIT_CASE(lan1qtsn_time_test_wrap),
	KUNIT_CASE(lan1qtsn_time_test_scaled_ppm),
	KUNIT_CASE(lan1qtsn_time_test_rate_change),
	KUNIT_CASE(lan1qtsn_time_test_reanchor_exact),
	KUNIT_CASE(lan1qtsn_time_test_steps),
	KUNIT_CASE(lan1qtsn_time_test_since),
	KUNIT_CASE(lan1qtsn_time_test_pps),
	KUNIT_CASE(lan1qtsn_time_test_window),
	{}
};

static struct kunit_suite lan1qtsn_time_suite = {
	.name = "lan1qtsn_time",
	.test_cases = lan1qtsn_time_cases,
};

kunit_test_suite(lan1qtsn_time_suite);

MODULE_DESCRIPTION("KUnit tests for the LAN1QTSN time layer");
MODULE_LICENSE("GPL");
