// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the LAN1QTSN credit-based shaper (lan1qtsn_cbs.c):
 * validation, the credit over time with and without a backlog, the
 * earliest start to the ns, the cost of a frame and the clamps, long runs
 * of back-to-back frames that must get exactly the idleslope, and the
 * burst hicredit allows. Pure: the host run (tests/unit/run.sh) builds it
 * too.
 */
#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/string.h>

#include "lan1qtsn_cbs.h"
#include "lan1qtsn_txts.h"

/* A string here in every kernel; 6.13 made MODULE_IMPORT_NS() take one. */
MODULE_INFO(import_ns, "EXPORTED_FOR_KUNIT_TESTING");

#define T_UBIT		LAN1QTSN_CBS_UBIT_PER_BYTE
#define T_FULL		1526	/* frame_length of a full VLAN frame */
#define T_NOW		5000000000ULL

/**
 * t_params() - a configuration for @idle kbit/s on the 100 Mb/s port
 * @idle: idleslope, kbit/s
 * @hi: hicredit, bytes
 * @lo: locredit, bytes
 *
 * Return: the parameters, sendslope derived as tc users compute it.
 */
static struct lan1qtsn_cbs_params t_params(s32 idle, s32 hi, s32 lo)
{
	return (struct lan1qtsn_cbs_params){
		.idleslope = idle,
		.sendslope = idle - LAN1QTSN_CBS_PORT_KBPS,
		.hicredit = hi,
		.locredit = lo,
	};
}

/**
 * t_refused() - expect lan1qtsn_cbs_check() to refuse @p
 * @test: the test
 * @p: the configuration
 * @what: a part of the expected message
 */
static void t_refused(struct kunit *test, const struct lan1qtsn_cbs_params *p,
		      const char *what)
{
	const char *msg = NULL;

	KUNIT_EXPECT_EQ_MSG(test, lan1qtsn_cbs_check(p, &msg), -EINVAL, "%s",
			    what);
	KUNIT_EXPECT_TRUE_MSG(test, msg && strstr(msg, what), "%s: %s", what,
			      msg ? msg : "no message");
}

static void lan1qtsn_cbs_test_check(struct kunit *test)
{
	struct lan1qtsn_cbs_params p;
	const char *msg = NULL;

	p = t_params(0, 0, 0);
	t_refused(test, &p, "idleslope");
	p = t_params(-5, 0, 0);
	t_refused(test, &p, "idleslope");
	p = t_params(100001, 0, 0);
	t_refused(test, &p, "idleslope");
	/* Computed for a 1 Gb/s link (TSNLab's SDK fallback). */
	p = t_params(5000, 0, 0);
	p.sendslope = 5000 - 1000000;
	t_refused(test, &p, "sendslope");
	p.sendslope = 95000;	/* positive: the sign was lost */
	t_refused(test, &p, "sendslope");
	p = t_params(5000, -1, 0);
	t_refused(test, &p, "hicredit");
	p = t_params(5000, 0, 1);
	t_refused(test, &p, "locredit");

	/* The limits themselves are taken. */
	p = t_params(1, 0, 0);
	KUNIT_EXPECT_EQ(test, lan1qtsn_cbs_check(&p, &msg), 0);
	p = t_params(100000, S32_MAX, -S32_MAX);
	KUNIT_EXPECT_EQ(test, lan1qtsn_cbs_check(&p, &msg), 0);
}

/* The credit over time: exact growth, the caps, huge times. */
static void lan1qtsn_cbs_test_credit(struct kunit *test)
{
	struct lan1qtsn_cbs_params p = t_params(5000, 1000, -2000);
	struct lan1qtsn_cbs c;

	lan1qtsn_cbs_init(&c, &p, T_NOW);
	KUNIT_EXPECT_EQ(test, c.hicredit, 1000 * T_UBIT);
	KUNIT_EXPECT_EQ(test, c.locredit, -2000 * T_UBIT);
	/* No backlog: a class at rest earns nothing. */
	KUNIT_EXPECT_EQ(test, lan1qtsn_cbs_credit_at(&c, T_NOW + 1000000), 0);
	lan1qtsn_cbs_set_backlog(&c, T_NOW, true);
	/* 5000 kbit/s for 1 us: 5 bits. */
	KUNIT_EXPECT_EQ(test, lan1qtsn_cbs_credit_at(&c, T_NOW + 1000),
			5 * 1000000LL);
	KUNIT_EXPECT_EQ(test, lan1qtsn_cbs_credit_at(&c, T_NOW + 1), 5000LL);
	/* 8000 bits of hicredit are reached after 1.6 ms, and held. */
	KUNIT_EXPECT_EQ(test, lan1qtsn_cbs_credit_at(&c, T_NOW + 1599999),
			1000 * T_UBIT - 5000);
	KUNIT_EXPECT_EQ(test, lan1qtsn_cbs_credit_at(&c, T_NOW + 1600000),
			1000 * T_UBIT);
	KUNIT_EXPECT_EQ(test, lan1qtsn_cbs_credit_at(&c, T_NOW + 1600001),
			1000 * T_UBIT);
	KUNIT_EXPECT_EQ(test, lan1qtsn_cbs_credit_at(&c, T_NOW + (1ULL << 62)),
			1000 * T_UBIT);
	/* A slope that does not divide the cap: the last ns below it. */
	p = t_params(3333, 1000, -2000);
	lan1qtsn_cbs_init(&c, &p, T_NOW);
	lan1qtsn_cbs_set_backlog(&c, T_NOW, true);
	KUNIT_EXPECT_EQ(test, lan1qtsn_cbs_credit_at(&c, T_NOW + 2400240),
			7999999920LL);
	KUNIT_EXPECT_EQ(test, lan1qtsn_cbs_credit_at(&c, T_NOW + 2400241),
			1000 * T_UBIT);
	p = t_params(5000, 1000, -2000);
	lan1qtsn_cbs_init(&c, &p, T_NOW);
	lan1qtsn_cbs_set_backlog(&c, T_NOW, true);
	/* Before the state's time: the state's credit. */
	KUNIT_EXPECT_EQ(test, lan1qtsn_cbs_credit_at(&c, T_NOW - 1000), 0);

	/* Running empty drops a positive credit... */
	lan1qtsn_cbs_set_backlog(&c, T_NOW + 1000, false);
	KUNIT_EXPECT_EQ(test, c.credit, 0);
	KUNIT_EXPECT_EQ(test, c.t, T_NOW + 1000);
	/* ... and a negative one only recovers to 0. */
	c.credit = -10 * 1000000LL;	/* -10 bits */
	KUNIT_EXPECT_EQ(test, lan1qtsn_cbs_credit_at(&c, T_NOW + 2000),
			-5 * 1000000LL);
	KUNIT_EXPECT_EQ(test, lan1qtsn_cbs_credit_at(&c, T_NOW + 3000), 0);
	KUNIT_EXPECT_EQ(test, lan1qtsn_cbs_credit_at(&c, T_NOW + (1ULL << 62)), 0);
}

/* The earliest start is the first ns with a credit of 0 or more. */
static void lan1qtsn_cbs_test_earliest(struct kunit *test)
{
	struct lan1qtsn_cbs_params p = t_params(3333, 1000, -2000);
	struct lan1qtsn_cbs c;
	u64 e;

	lan1qtsn_cbs_init(&c, &p, T_NOW);
	/* Credit 0: now, but not before the state's time. */
	KUNIT_EXPECT_EQ(test, lan1qtsn_cbs_earliest_start(&c, T_NOW + 7), T_NOW + 7);
	KUNIT_EXPECT_EQ(test, lan1qtsn_cbs_earliest_start(&c, T_NOW - 7), T_NOW);

	lan1qtsn_cbs_sent(&c, T_NOW, T_FULL);
	KUNIT_EXPECT_EQ(test, c.t, T_NOW + lan1qtsn_txts_wire_ns(T_FULL));
	KUNIT_EXPECT_EQ(test, c.credit,
			(3333LL - 100000) * (s64)lan1qtsn_txts_wire_ns(T_FULL));
	e = lan1qtsn_cbs_earliest_start(&c, T_NOW);
	KUNIT_EXPECT_GE(test, lan1qtsn_cbs_credit_at(&c, e), 0);
	KUNIT_EXPECT_LT(test, lan1qtsn_cbs_credit_at(&c, e - 1), 0);
	/* A later time than that is its own answer. */
	KUNIT_EXPECT_EQ(test, lan1qtsn_cbs_earliest_start(&c, e + 5), e + 5);
	/* An idle class recovers at the same rate. */
	lan1qtsn_cbs_set_backlog(&c, c.t, false);
	KUNIT_EXPECT_EQ(test, lan1qtsn_cbs_earliest_start(&c, T_NOW), e);
}

/* The cost of a frame, and the clamps to locredit and hicredit. */
static void lan1qtsn_cbs_test_sent(struct kunit *test)
{
	struct lan1qtsn_cbs_params p = t_params(5000, 1000, -500);
	s64 cost = 95000LL * (s64)lan1qtsn_txts_wire_ns(T_FULL);
	struct lan1qtsn_cbs c;

	/* 1546 bytes on the wire at 95 Mb/s net loss: 11750 bits. */
	KUNIT_EXPECT_EQ(test, cost, 11750LL * 1000000 - 400000);
	lan1qtsn_cbs_init(&c, &p, T_NOW);
	lan1qtsn_cbs_set_backlog(&c, T_NOW, true);
	/* A small frame: 84 wire bytes cost 638.4 bits. */
	lan1qtsn_cbs_sent(&c, T_NOW, 64);
	KUNIT_EXPECT_EQ(test, c.credit, -638400000LL);
	/* A full frame from there would go below locredit: clamped. */
	lan1qtsn_cbs_sent(&c, lan1qtsn_cbs_earliest_start(&c, T_NOW), T_FULL);
	KUNIT_EXPECT_EQ(test, c.credit, -500 * T_UBIT);
	/* At the port rate nothing is spent, and the credit stops at hicredit. */
	p = t_params(100000, 10, -500);
	lan1qtsn_cbs_init(&c, &p, T_NOW);
	lan1qtsn_cbs_set_backlog(&c, T_NOW, true);
	lan1qtsn_cbs_sent(&c, T_NOW + 1000000, T_FULL);
	KUNIT_EXPECT_EQ(test, c.credit, 10 * T_UBIT);
}

/**
 * t_run() - send @n frames back to back, as early as the shaper allows
 * @test: the test
 * @c: the shaper, with a backlog
 * @n: frames
 * @len: frame_length of each, or 0 for pseudo-random sizes
 * @first: set to the first frame's start
 * @bits: set to the wire bits of all frames but the last
 *
 * Every step checks the bounds and that no frame starts before the
 * previous one ended.
 *
 * Return: the last frame's start.
 */
static u64 t_run(struct kunit *test, struct lan1qtsn_cbs *c, unsigned int n,
		 unsigned int len, u64 *first, u64 *bits)
{
	u64 t = c->t, start = 0, x = 12345;
	unsigned int i, l;

	*bits = 0;
	for (i = 0; i < n; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		l = len ? len : 64 + (unsigned int)((x >> 33) & 1023) + (x >> 60) * 29;
		start = lan1qtsn_cbs_earliest_start(c, t);
		KUNIT_ASSERT_GE(test, start, t);
		KUNIT_EXPECT_GE(test, lan1qtsn_cbs_credit_at(c, start), 0);
		if (!i)
			*first = start;
		lan1qtsn_cbs_sent(c, start, l);
		KUNIT_EXPECT_GE(test, c->credit, c->locredit);
		KUNIT_EXPECT_LE(test, c->credit, c->hicredit);
		if (i + 1 < n)
			*bits += lan1qtsn_txts_wire_ns(l) / LAN1QTSN_WIRE_NS_PER_BYTE * 8;
		t = c->t;
	}
	return start;
}

/*
 * A long run of back-to-back frames gets the idleslope exactly: the wire
 * bits sent between the first start and the last are the idleslope times
 * that time, within one frame (the last one's credit in flight).
 */
static void lan1qtsn_cbs_test_converge(struct kunit *test)
{
	static const s32 slopes[] = { 5000, 1, 777, 33333, 99999 };
	struct lan1qtsn_cbs_params p;
	struct lan1qtsn_cbs c;
	u64 first, last, bits;
	s64 diff;
	unsigned int i, n;

	for (i = 0; i < ARRAY_SIZE(slopes); i++) {
		/* 802.1Q Annex L's bounds for full frames. */
		p = t_params(slopes[i], 1546 * (s64)slopes[i] / 100000 + 1,
			     -1546 * (s64)(100000 - slopes[i]) / 100000 - 1);
		lan1qtsn_cbs_init(&c, &p, T_NOW);
		lan1qtsn_cbs_set_backlog(&c, T_NOW, true);
		n = slopes[i] < 100 ? 20 : 2000;
		last = t_run(test, &c, n, T_FULL, &first, &bits);
		diff = (s64)(bits * 1000000) - (s64)((last - first) * slopes[i]);
		KUNIT_EXPECT_LE_MSG(test, diff < 0 ? -diff : diff, (s64)1546 * 8 * 1000000,
				    "idleslope %d", slopes[i]);
		/* Frames of random sizes, a rounding at every wait. */
		lan1qtsn_cbs_init(&c, &p, T_NOW);
		lan1qtsn_cbs_set_backlog(&c, T_NOW, true);
		last = t_run(test, &c, n, 0, &first, &bits);
		diff = (s64)(bits * 1000000) - (s64)((last - first) * slopes[i]);
		KUNIT_EXPECT_LE_MSG(test, diff < 0 ? -diff : diff, (s64)1546 * 8 * 1000000,
				    "idleslope %d, random sizes", slopes[i]);
	}
	/* 5 Mb/s with full frames: one every 2473.6 us, exactly. */
	p = t_params(5000, 78, -1469);
	lan1qtsn_cbs_init(&c, &p, T_NOW);
	lan1qtsn_cbs_set_backlog(&c, T_NOW, true);
	last = t_run(test, &c, 1001, T_FULL, &first, &bits);
	KUNIT_EXPECT_EQ(test, last - first, 1000 * 2473600ULL);
}

/* hicredit bounds the burst a class blocked by other traffic may send. */
static void lan1qtsn_cbs_test_burst(struct kunit *test)
{
	struct lan1qtsn_cbs_params p = t_params(5000, 30000, -2000);
	u64 t, wire = lan1qtsn_txts_wire_ns(T_FULL);
	struct lan1qtsn_cbs c;
	unsigned int n = 0;

	lan1qtsn_cbs_init(&c, &p, T_NOW);
	/* Frames arrive at once, the port is busy for a second. */
	lan1qtsn_cbs_set_backlog(&c, T_NOW, true);
	t = T_NOW + 1000000000ULL;
	KUNIT_EXPECT_EQ(test, lan1qtsn_cbs_credit_at(&c, t), 30000 * T_UBIT);
	/* 240000 bits of credit pay for 20 full frames and start a 21st. */
	while (lan1qtsn_cbs_earliest_start(&c, t) == t) {
		lan1qtsn_cbs_sent(&c, t, T_FULL);
		KUNIT_EXPECT_GE(test, c.credit, c.locredit);
		t += wire;
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, 21U);
	/* An idle class saves nothing up for a later burst. */
	lan1qtsn_cbs_set_backlog(&c, t, false);
	t += 2000000000ULL;
	lan1qtsn_cbs_set_backlog(&c, t, true);
	KUNIT_EXPECT_EQ(test, c.credit, 0);
	lan1qtsn_cbs_sent(&c, t, T_FULL);
	KUNIT_EXPECT_LT(test, c.credit, 0);
}

static struct kunit_case lan1qtsn_cbs_test_cases[] = {
	KUNIT_CASE(lan1qtsn_cbs_test_check),
	KUNIT_CASE(lan1qtsn_cbs_test_credit),
	KUNIT_CASE(lan1qtsn_cbs_test_earliest),
	KUNIT_CASE(lan1qtsn_cbs_test_sent),
	KUNIT_CASE(lan1qtsn_cbs_test_converge),
	KUNIT_CASE(lan1qtsn_cbs_test_burst),
	{}
};

static struct kunit_suite lan1qtsn_cbs_suite = {
	.name = "lan1qtsn_cbs",
	.test_cases = lan1qtsn_cbs_test_cases,
};

kunit_test_suite(lan1qtsn_cbs_suite);

MODULE_DESCRIPTION("KUnit tests for the LAN1QTSN credit-based shaper");
MODULE_LICENSE("GPL");
