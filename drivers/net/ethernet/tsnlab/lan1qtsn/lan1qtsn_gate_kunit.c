// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the LAN1QTSN taprio gate list (lan1qtsn_gate.c):
 * compilation and every refusal, the remainder of a cycle, base time roll
 * forward, merging of adjacent entries, spans across the cycle boundary,
 * windows at exact boundaries, frames that just fit or just do not, far
 * future times, the 2^29-tick window wrap through lan1qtsn_time, and a
 * randomised comparison with a brute-force walk of the gates. Pure: the
 * host run (tests/unit/run.sh) builds it too.
 */
#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/string.h>

#include "lan1qtsn_gate.h"
#include "lan1qtsn_time.h"
#include "lan1qtsn_txts.h"

/* A string here in every kernel; 6.13 made MODULE_IMPORT_NS() take one. */
MODULE_INFO(import_ns, "EXPORTED_FOR_KUNIT_TESTING");

#define T_BASE		1000000000ULL	/* 1 s: a base time in the future */
#define T_MIN		LAN1QTSN_GATE_MIN_INTERVAL_NS

/**
 * t_cfg() - a configuration of eight classes, one queue each
 * @cfg: filled in
 * @e: the entries
 * @n: how many
 * @cycle: cycle time, ns
 */
static void t_cfg(struct lan1qtsn_gate_config *cfg,
		  const struct lan1qtsn_gate_entry *e, unsigned int n, u64 cycle)
{
	unsigned int tc;

	memset(cfg, 0, sizeof(*cfg));
	cfg->base_time = T_BASE;
	cfg->cycle_time = cycle;
	cfg->num_tc = LAN1QTSN_GATE_NUM_TC;
	for (tc = 0; tc < LAN1QTSN_GATE_NUM_TC; tc++)
		cfg->tc_queues[tc] = 1;
	cfg->num_entries = n;
	cfg->entries = e;
}

/**
 * t_sched() - compile entries with base time T_BASE, compiled at time 0
 * @test: the test, which owns the returned memory
 * @e: the entries
 * @n: how many
 * @cycle: cycle time, ns
 *
 * Return: the compiled schedule (the test stops if it is refused).
 */
static struct lan1qtsn_gate_sched *t_sched(struct kunit *test,
					   const struct lan1qtsn_gate_entry *e,
					   unsigned int n, u64 cycle)
{
	struct lan1qtsn_gate_sched *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	struct lan1qtsn_gate_config cfg;
	const char *msg = NULL;

	KUNIT_ASSERT_NOT_NULL(test, s);
	t_cfg(&cfg, e, n, cycle);
	KUNIT_ASSERT_EQ(test, lan1qtsn_gate_compile(&cfg, 0, s, &msg), 0);
	return s;
}

/**
 * t_expect_window() - expect a window, or none when @start is 0
 * @test: the test
 * @s: the schedule
 * @tc: the class
 * @wire: the frame's wire time, ns
 * @t: the earliest start asked for
 * @start: the expected window start, 0 for "never"
 * @end: the expected window end
 */
static void t_expect_window(struct kunit *test,
			    const struct lan1qtsn_gate_sched *s,
			    unsigned int tc, u64 wire, u64 t, u64 start, u64 end)
{
	struct lan1qtsn_gate_window w = { };
	bool found = lan1qtsn_gate_next_window(s, tc, wire, t, &w);

	KUNIT_EXPECT_EQ_MSG(test, found, start != 0, "tc %u wire %llu t %llu",
			    tc, wire, t);
	if (!found || !start)
		return;
	KUNIT_EXPECT_EQ_MSG(test, w.start, start, "tc %u wire %llu t %llu",
			    tc, wire, t);
	KUNIT_EXPECT_EQ_MSG(test, w.end, end, "tc %u wire %llu t %llu",
			    tc, wire, t);
}

/* Slots, the remainder of the cycle, the gates in force, the roll forward. */
static void lan1qtsn_gate_test_compile(struct kunit *test)
{
	static const struct lan1qtsn_gate_entry e[] = {
		{ LAN1QTSN_GATE_CMD_SET_GATES, 0x01, 100000 },
		{ LAN1QTSN_GATE_CMD_SET_GATES, 0x02, 50000 },
		{ LAN1QTSN_GATE_CMD_SET_GATES, 0x04, 50000 },
	};
	struct lan1qtsn_gate_sched *s = t_sched(test, e, 3, 250000);
	struct lan1qtsn_gate_config cfg;
	const char *msg = NULL;

	/* The limit is a minimum frame's wire time as txts computes it. */
	KUNIT_EXPECT_EQ(test, (u64)LAN1QTSN_GATE_MIN_INTERVAL_NS,
			lan1qtsn_txts_wire_ns(LAN1QTSN_MIN_FRAME_NOFCS +
					      LAN1QTSN_FCS_LEN));
	KUNIT_EXPECT_EQ(test, s->base_time, T_BASE);
	KUNIT_EXPECT_EQ(test, s->num_slots, 3U);
	KUNIT_EXPECT_EQ(test, s->slot[1].start, 100000U);
	KUNIT_EXPECT_EQ(test, s->slot[2].start, 150000U);
	/* The last entry's gates hold for the 50 us the entries leave. */
	KUNIT_EXPECT_EQ(test, s->slot[2].len, 100000U);
	KUNIT_EXPECT_EQ(test, lan1qtsn_gate_mask_at(s, T_BASE - 1), 0);
	KUNIT_EXPECT_EQ(test, lan1qtsn_gate_mask_at(s, T_BASE), 0x01);
	KUNIT_EXPECT_EQ(test, lan1qtsn_gate_mask_at(s, T_BASE + 99999), 0x01);
	KUNIT_EXPECT_EQ(test, lan1qtsn_gate_mask_at(s, T_BASE + 100000), 0x02);
	KUNIT_EXPECT_EQ(test, lan1qtsn_gate_mask_at(s, T_BASE + 249999), 0x04);
	KUNIT_EXPECT_EQ(test, lan1qtsn_gate_mask_at(s, T_BASE + 250000), 0x01);
	KUNIT_EXPECT_EQ(test, lan1qtsn_gate_mask_at(s, T_BASE + 7 * 250000 + 160000),
			0x04);
	KUNIT_EXPECT_EQ(test, s->tc[2].num_spans, 1U);
	KUNIT_EXPECT_EQ(test, s->tc[2].longest, 100000U);

	/* A past base time moves to the first cycle start at or after now. */
	t_cfg(&cfg, e, 3, 250000);
	KUNIT_ASSERT_EQ(test, lan1qtsn_gate_compile(&cfg, T_BASE + 3 * 250000 + 5,
						    s, &msg), 0);
	KUNIT_EXPECT_EQ(test, s->base_time, T_BASE + 4 * 250000);
	KUNIT_ASSERT_EQ(test, lan1qtsn_gate_compile(&cfg, T_BASE + 3 * 250000,
						    s, &msg), 0);
	KUNIT_EXPECT_EQ(test, s->base_time, T_BASE + 3 * 250000);
	cfg.base_time = 0;
	KUNIT_ASSERT_EQ(test, lan1qtsn_gate_compile(&cfg, 5 * T_BASE + 1, s, &msg), 0);
	KUNIT_EXPECT_EQ(test, s->base_time, 5 * T_BASE + 250000);
	/* A cycle equal to the sum of the intervals has no remainder. */
	cfg.cycle_time = 200000;
	KUNIT_ASSERT_EQ(test, lan1qtsn_gate_compile(&cfg, 0, s, &msg), 0);
	KUNIT_EXPECT_EQ(test, s->slot[2].len, 50000U);
	KUNIT_EXPECT_EQ(test, s->base_time, 0ULL);
}

/**
 * t_refused() - expect a refusal, then reset the configuration
 * @test: the test
 * @cfg: the configuration to compile; reset to the good one after
 * @s: a compiled schedule, which must stay as it was
 * @copy: its copy
 * @err: the expected errno
 * @what: a part of the expected message
 */
static void t_refused(struct kunit *test, struct lan1qtsn_gate_config *cfg,
		      struct lan1qtsn_gate_sched *s,
		      const struct lan1qtsn_gate_sched *copy, int err,
		      const char *what)
{
	const char *msg = NULL;

	KUNIT_EXPECT_EQ_MSG(test, lan1qtsn_gate_compile(cfg, 0, s, &msg), err,
			    "%s", what);
	KUNIT_EXPECT_TRUE_MSG(test, msg && strstr(msg, what), "%s: %s", what,
			      msg ? msg : "no message");
	KUNIT_EXPECT_MEMEQ(test, s, copy, sizeof(*s));
	t_cfg(cfg, cfg->entries, 2, 2 * T_MIN);
}

/* Every refusal: its errno, a message, and the old schedule untouched. */
static void lan1qtsn_gate_test_refuse(struct kunit *test)
{
	struct lan1qtsn_gate_entry e[LAN1QTSN_GATE_MAX_ENTRIES + 1];
	struct lan1qtsn_gate_sched *s, *copy;
	struct lan1qtsn_gate_config cfg;
	const char *msg;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(e); i++)
		e[i] = (struct lan1qtsn_gate_entry){ 0, 0x01, T_MIN };
	s = t_sched(test, e, 2, 2 * T_MIN);
	copy = kunit_kzalloc(test, sizeof(*copy), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	memcpy(copy, s, sizeof(*s));

	t_cfg(&cfg, e, 2, 2 * T_MIN);
	cfg.cycle_time_extension = 1;
	t_refused(test, &cfg, s, copy, -EOPNOTSUPP, "cycle-time-extension");
	cfg.base_time = -1;
	t_refused(test, &cfg, s, copy, -ERANGE, "base-time");
	cfg.num_tc = 0;
	t_refused(test, &cfg, s, copy, -EINVAL, "num_tc");
	cfg.num_tc = 9;
	t_refused(test, &cfg, s, copy, -EINVAL, "num_tc");
	cfg.num_entries = 0;
	t_refused(test, &cfg, s, copy, -EINVAL, "no entries");
	cfg.num_entries = LAN1QTSN_GATE_MAX_ENTRIES + 1;
	cfg.cycle_time = (LAN1QTSN_GATE_MAX_ENTRIES + 1) * T_MIN;
	t_refused(test, &cfg, s, copy, -EINVAL, "at most 64");
	e[1].command = 1;	/* TC_TAPRIO_CMD_SET_AND_HOLD */
	t_refused(test, &cfg, s, copy, -EOPNOTSUPP, "'sched-entry S'");
	e[1].command = 2;	/* TC_TAPRIO_CMD_SET_AND_RELEASE */
	t_refused(test, &cfg, s, copy, -EOPNOTSUPP, "'sched-entry S'");
	e[1].command = 0;
	e[1].gate_mask = 0x100;
	t_refused(test, &cfg, s, copy, -EINVAL, "above num_tc");
	e[1].gate_mask = 0x08;
	cfg.num_tc = 3;
	t_refused(test, &cfg, s, copy, -EINVAL, "above num_tc");
	cfg.tc_queues[3] = 0;
	t_refused(test, &cfg, s, copy, -EINVAL, "no TX queue");
	e[1].gate_mask = 0x01;
	e[1].interval = T_MIN - 1;
	t_refused(test, &cfg, s, copy, -EINVAL, "6720 ns");
	e[1].interval = T_MIN;
	cfg.cycle_time = 0;
	t_refused(test, &cfg, s, copy, -EINVAL, "cycle-time is 0");
	cfg.cycle_time = 2 * T_MIN - 1;
	t_refused(test, &cfg, s, copy, -EINVAL, "shorter than the sum");
	cfg.cycle_time = LAN1QTSN_GATE_MAX_CYCLE_NS + 1;
	t_refused(test, &cfg, s, copy, -EINVAL, "longer than 1 s");

	/* The limits themselves are taken. */
	cfg.cycle_time = LAN1QTSN_GATE_MAX_CYCLE_NS;
	cfg.num_entries = LAN1QTSN_GATE_MAX_ENTRIES;
	cfg.num_tc = 1;
	KUNIT_EXPECT_EQ(test, lan1qtsn_gate_compile(&cfg, 0, s, &msg), 0);
}

/* Adjacent entries with a class open make one interval. */
static void lan1qtsn_gate_test_merge(struct kunit *test)
{
	static const struct lan1qtsn_gate_entry e[] = {
		{ 0, 0x03, 100000 }, { 0, 0x01, 100000 },
		{ 0, 0x02, 100000 }, { 0, 0x04, 100000 },
	};
	struct lan1qtsn_gate_sched *s = t_sched(test, e, 4, 400000);

	KUNIT_EXPECT_EQ(test, s->tc[0].num_spans, 1U);
	KUNIT_EXPECT_EQ(test, s->tc[0].longest, 200000U);
	KUNIT_EXPECT_EQ(test, s->tc[1].num_spans, 2U);
	KUNIT_EXPECT_EQ(test, s->tc[1].longest, 100000U);
	/* TC 0: one 200 us interval, so a 150 us frame fits in it. */
	t_expect_window(test, s, 0, 150000, T_BASE + 10, T_BASE + 10,
			T_BASE + 200000);
	t_expect_window(test, s, 0, 150000, T_BASE + 50000, T_BASE + 50000,
			T_BASE + 200000);
	t_expect_window(test, s, 0, 150000, T_BASE + 50001, T_BASE + 400000,
			T_BASE + 600000);
	/* TC 1: two separate intervals, none long enough for 150 us. */
	t_expect_window(test, s, 1, 150000, T_BASE, 0, 0);
	t_expect_window(test, s, 1, 100000, T_BASE + 1, T_BASE + 200000,
			T_BASE + 300000);
	/* TC 2: the last entry. */
	t_expect_window(test, s, 2, T_MIN, T_BASE, T_BASE + 300000,
			T_BASE + 400000);
}

/* An interval across the cycle boundary, and the first cycle's part. */
static void lan1qtsn_gate_test_wrap(struct kunit *test)
{
	static const struct lan1qtsn_gate_entry e[] = {
		{ 0, 0x01, 100000 }, { 0, 0x02, 100000 }, { 0, 0x01, 100000 },
	};
	/* 100 us remainder: TC 0 is open from 200 us to 500 us. */
	struct lan1qtsn_gate_sched *s = t_sched(test, e, 3, 400000);

	KUNIT_EXPECT_EQ(test, s->tc[0].num_spans, 1U);
	KUNIT_EXPECT_EQ(test, s->tc[0].span[0].start, 200000U);
	KUNIT_EXPECT_EQ(test, s->tc[0].longest, 300000U);
	t_expect_window(test, s, 0, 250000, T_BASE + 250000, T_BASE + 250000,
			T_BASE + 500000);
	t_expect_window(test, s, 0, 250001, T_BASE + 250000, T_BASE + 600000,
			T_BASE + 900000);
	/* Inside the next cycle's part of the interval. */
	t_expect_window(test, s, 0, T_MIN, T_BASE + 450000, T_BASE + 450000,
			T_BASE + 500000);
	/* Before the base time nothing is open: the first cycle's part. */
	t_expect_window(test, s, 0, T_MIN, 0, T_BASE, T_BASE + 100000);
	t_expect_window(test, s, 0, 100000, T_BASE - 5, T_BASE, T_BASE + 100000);
	t_expect_window(test, s, 0, 150000, T_BASE, T_BASE + 200000,
			T_BASE + 500000);
	t_expect_window(test, s, 1, T_MIN, T_BASE + 10 * 400000 + 150000,
			T_BASE + 10 * 400000 + 150000, T_BASE + 10 * 400000 + 200000);
}

/* t exactly at openings and closings; frames that just fit or do not. */
static void lan1qtsn_gate_test_boundary(struct kunit *test)
{
	static const struct lan1qtsn_gate_entry e[] = {
		{ 0, 0x01, 100000 }, { 0, 0x02, 100000 },
	};
	struct lan1qtsn_gate_sched *s = t_sched(test, e, 2, 200000);
	u64 last = T_BASE + 100000 - T_MIN;

	t_expect_window(test, s, 0, T_MIN, T_BASE, T_BASE, T_BASE + 100000);
	t_expect_window(test, s, 0, T_MIN, last, last, T_BASE + 100000);
	t_expect_window(test, s, 0, T_MIN, last + 1, T_BASE + 200000,
			T_BASE + 300000);
	t_expect_window(test, s, 0, T_MIN, T_BASE + 100000, T_BASE + 200000,
			T_BASE + 300000);
	t_expect_window(test, s, 0, T_MIN, T_BASE + 200000, T_BASE + 200000,
			T_BASE + 300000);
	t_expect_window(test, s, 1, T_MIN, T_BASE + 99999, T_BASE + 100000,
			T_BASE + 200000);
	t_expect_window(test, s, 1, T_MIN, T_BASE + 100000, T_BASE + 100000,
			T_BASE + 200000);
	/* The whole interval: just fits; a ns more never does. */
	t_expect_window(test, s, 0, 100000, T_BASE + 1, T_BASE + 200000,
			T_BASE + 300000);
	t_expect_window(test, s, 0, 100001, T_BASE, 0, 0);
}

/* Never open, always open, beyond the classes. */
static void lan1qtsn_gate_test_never_always(struct kunit *test)
{
	static const struct lan1qtsn_gate_entry e[] = {
		{ 0, 0x81, 100000 }, { 0, 0x83, 100000 },
	};
	struct lan1qtsn_gate_sched *s = t_sched(test, e, 2, 300000);
	struct lan1qtsn_gate_window w;

	KUNIT_EXPECT_TRUE(test, s->tc[0].always_open);
	KUNIT_EXPECT_TRUE(test, s->tc[7].always_open);
	KUNIT_EXPECT_FALSE(test, s->tc[1].always_open);
	t_expect_window(test, s, 0, 1000000, T_BASE + 12345, T_BASE + 12345,
			LAN1QTSN_GATE_NO_END);
	t_expect_window(test, s, 7, T_MIN, 3, T_BASE, LAN1QTSN_GATE_NO_END);
	/* TC 1 from 100 us to the end of the cycle (the remainder). */
	t_expect_window(test, s, 1, 200000, T_BASE, T_BASE + 100000,
			T_BASE + 300000);
	t_expect_window(test, s, 1, 200001, T_BASE, 0, 0);
	t_expect_window(test, s, 2, T_MIN, T_BASE, 0, 0);
	KUNIT_EXPECT_FALSE(test, lan1qtsn_gate_next_window(s, LAN1QTSN_GATE_NUM_TC,
							   T_MIN, T_BASE, &w));
}

/* Far future times: the cycle count is large, the arithmetic exact. */
static void lan1qtsn_gate_test_far(struct kunit *test)
{
	static const struct lan1qtsn_gate_entry e[] = {
		{ 0, 0x01, 100000 }, { 0, 0x02, 100007 },
	};
	struct lan1qtsn_gate_sched *s = t_sched(test, e, 2, 200007);
	u64 k = 1000000007ULL * 1000, c = T_BASE + k * 200007;

	t_expect_window(test, s, 1, T_MIN, c + 150000, c + 150000, c + 200007);
	t_expect_window(test, s, 0, T_MIN, c + 150000, c + 200007,
			c + 200007 + 100000);
	/* Near 2^62 ns (146 years). */
	k = (1ULL << 62) / 200007;
	c = T_BASE + k * 200007;
	t_expect_window(test, s, 0, 100000, c + 1, c + 200007, c + 300007);
	KUNIT_EXPECT_EQ(test, lan1qtsn_gate_mask_at(s, c + 100000), 0x02);
}

/*
 * A window converted to the device's 29-bit ticks through lan1qtsn_time,
 * across a 2^29 wrap: from = the first tick at or after its start, to =
 * the tick of the last start at which the frame ends by the close.
 */
static void lan1qtsn_gate_test_tick29(struct kunit *test)
{
	static const struct lan1qtsn_gate_entry e[] = {
		{ 0, 0x01, 100000 }, { 0, 0x02, 100000 },
	};
	struct lan1qtsn_gate_sched *s = t_sched(test, e, 2, 200000);
	u64 cnt0 = 7 * BIT_ULL(LAN1QTSN_TICK_BITS) - 5000, now = cnt0 - 100;
	u64 wire = lan1qtsn_txts_wire_ns(64), d;
	struct lan1qtsn_gate_window w;
	struct lan1qtsn_timescale ts;
	u32 from29, to29;

	/* Tick cnt0 is the opening of TC 1 (100 us), 10 000 ticks long. */
	lan1qtsn_time_init(&ts, cnt0, T_BASE + 100000);
	KUNIT_ASSERT_TRUE(test, lan1qtsn_gate_next_window(s, 1, wire, T_BASE, &w));
	KUNIT_EXPECT_EQ(test, w.start, T_BASE + 100000);
	from29 = lan1qtsn_time_tick29(&ts, w.start);
	to29 = lan1qtsn_time_tick29(&ts, w.end - wire);
	KUNIT_EXPECT_EQ(test, from29, (u32)(BIT(LAN1QTSN_TICK_BITS) - 5000));
	KUNIT_EXPECT_EQ(test, to29, 5000U - 672);
	/* The window's length survives the wrap of the 29-bit field. */
	KUNIT_EXPECT_EQ(test, (to29 - from29) & LAN1QTSN_TICK_MASK, 10000U - 672);
	KUNIT_EXPECT_TRUE(test, lan1qtsn_time_window_future(from29, now));
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_unwrap29(now, from29), cnt0);
	KUNIT_EXPECT_EQ(test, lan1qtsn_time_unwrap29(now, to29), cnt0 + 10000 - 672);
	/* The device's rule: the last tick that starts it is inside, the next not. */
	d = cnt0 + 10000 - 672;
	KUNIT_EXPECT_LE(test, (d - from29) & LAN1QTSN_TICK_MASK,
			(u64)((to29 - from29) & LAN1QTSN_TICK_MASK));
	KUNIT_EXPECT_GT(test, (d + 1 - from29) & LAN1QTSN_TICK_MASK,
			(u64)((to29 - from29) & LAN1QTSN_TICK_MASK));
	/* The frame started there ends by the close. */
	KUNIT_EXPECT_LE(test, lan1qtsn_time_cnt_to_ns(&ts, d) + wire, w.end);
}

/**
 * t_rand() - a small deterministic generator (xorshift64)
 * @x: its state, not 0
 *
 * Return: the next value.
 */
static u64 t_rand(u64 *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/**
 * t_below() - a pseudo-random value below @n
 * @x: the generator's state
 * @n: the bound, not 0
 *
 * Return: a value in [0, @n).
 */
static u64 t_below(u64 *x, u64 n)
{
	u64 r = t_rand(x);

	return r - div64_u64(r, n) * n;
}

/**
 * t_open_until() - walk the gates: where does @tc close after @x?
 * @s: the schedule
 * @tc: the class
 * @x: a time at or after the base time
 * @limit: stop there
 *
 * Return: the first time at or after @x at which @tc is closed, or
 * @limit if it stays open until then.
 */
static u64 t_open_until(const struct lan1qtsn_gate_sched *s, unsigned int tc,
			u64 x, u64 limit)
{
	u64 off;
	unsigned int i;

	while (x < limit) {
		if (!(lan1qtsn_gate_mask_at(s, x) & BIT(tc)))
			return x;
		off = x - s->base_time;
		off -= div64_u64(off, s->cycle_time) * s->cycle_time;
		for (i = 0; i + 1 < s->num_slots; i++)
			if (off < s->slot[i].start + s->slot[i].len)
				break;
		x += s->slot[i].start + s->slot[i].len - off;
	}
	return limit;
}

/* Random schedules against a brute-force walk of the gates. */
static void lan1qtsn_gate_test_random(struct kunit *test)
{
	struct lan1qtsn_gate_entry e[6];
	struct lan1qtsn_gate_sched *s;
	struct lan1qtsn_gate_config cfg;
	struct lan1qtsn_gate_window w;
	u64 x = 0x9e3779b97f4a7c15ULL, sum, t, tt, wire, k, c, cand, best;
	unsigned int round, q, n, i, tc;
	const char *msg;
	bool found;
	int j;

	s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	for (round = 0; round < 200; round++) {
		n = 1 + t_below(&x, ARRAY_SIZE(e));
		sum = 0;
		for (i = 0; i < n; i++) {
			e[i].command = 0;
			e[i].gate_mask = t_rand(&x) & 0xff;
			e[i].interval = T_MIN + t_below(&x, 50000);
			sum += e[i].interval;
		}
		t_cfg(&cfg, e, n, sum + (t_rand(&x) & 1 ? t_below(&x, 20000) : 0));
		KUNIT_ASSERT_EQ(test, lan1qtsn_gate_compile(&cfg, 0, s, &msg), 0);
		for (q = 0; q < 50; q++) {
			tc = t_below(&x, LAN1QTSN_GATE_NUM_TC);
			wire = T_MIN + t_below(&x, 120000);
			t = T_BASE - s->cycle_time + t_below(&x, 6 * s->cycle_time);
			found = lan1qtsn_gate_next_window(s, tc, wire, t, &w);
			if (s->tc[tc].always_open) {
				KUNIT_EXPECT_TRUE(test, found);
				KUNIT_EXPECT_EQ(test, w.end, LAN1QTSN_GATE_NO_END);
				continue;
			}
			/* A window starts at t or at an entry's start. */
			tt = max(t, T_BASE);
			k = div64_u64(tt - T_BASE, s->cycle_time);
			best = 0;
			for (j = -1; j <= 2; j++) {
				if ((s64)k + j < 0)
					continue;
				c = T_BASE + (k + j) * s->cycle_time;
				for (i = 0; i <= n; i++) {
					cand = i == n ? tt : c + s->slot[i].start;
					if (cand < tt || (best && cand >= best))
						continue;
					if (t_open_until(s, tc, cand, cand + wire) ==
					    cand + wire)
						best = cand;
				}
			}
			KUNIT_EXPECT_EQ_MSG(test, found, best != 0,
					    "round %u tc %u wire %llu t %llu",
					    round, tc, wire, t);
			if (!found || !best)
				continue;
			KUNIT_EXPECT_EQ_MSG(test, w.start, best,
					    "round %u tc %u wire %llu t %llu",
					    round, tc, wire, t);
			KUNIT_EXPECT_EQ_MSG(test, w.end,
					    t_open_until(s, tc, best, U64_MAX),
					    "round %u tc %u wire %llu t %llu",
					    round, tc, wire, t);
		}
	}
}

static struct kunit_case lan1qtsn_gate_test_cases[] = {
	KUNIT_CASE(lan1qtsn_gate_test_compile),
	KUNIT_CASE(lan1qtsn_gate_test_refuse),
	KUNIT_CASE(lan1qtsn_gate_test_merge),
	KUNIT_CASE(lan1qtsn_gate_test_wrap),
	KUNIT_CASE(lan1qtsn_gate_test_boundary),
	KUNIT_CASE(lan1qtsn_gate_test_never_always),
	KUNIT_CASE(lan1qtsn_gate_test_far),
	KUNIT_CASE(lan1qtsn_gate_test_tick29),
	KUNIT_CASE(lan1qtsn_gate_test_random),
	{}
};

static struct kunit_suite lan1qtsn_gate_suite = {
	.name = "lan1qtsn_gate",
	.test_cases = lan1qtsn_gate_test_cases,
};

kunit_test_suite(lan1qtsn_gate_suite);

MODULE_DESCRIPTION("KUnit tests for the LAN1QTSN taprio gate list");
MODULE_LICENSE("GPL");
