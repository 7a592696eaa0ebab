// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the LAN1QTSN TX timestamp slots and latency correction
 * (lan1qtsn_txts.c): allocation, the read schedule after the frame's wire
 * time, confirmation of a changed value (torn reads), expiry, and the
 * correction arithmetic.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/string.h>

#include "lan1qtsn_txts.h"

/* A string here in every kernel; 6.13 made MODULE_IMPORT_NS() take one. */
MODULE_INFO(import_ns, "EXPORTED_FOR_KUNIT_TESTING");

/* Wire time: (frame_length + 8 + 12) bytes at 80 ns. */
static void lan1qtsn_test_txts_wire(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, lan1qtsn_txts_wire_ns(64), 6720ULL);
	KUNIT_EXPECT_EQ(test, lan1qtsn_txts_wire_ns(1526), 123680ULL);
}

/* Known free slots first, then unknown ones, then none. */
static void lan1qtsn_test_txts_alloc(struct kunit *test)
{
	struct lan1qtsn_txts t;
	unsigned int id, i;

	lan1qtsn_txts_reset(&t);
	/* After a reset every slot is unknown: the first is offered. */
	KUNIT_EXPECT_EQ(test, lan1qtsn_txts_alloc(&t), 1U);
	lan1qtsn_txts_set_prev(&t, 3, 77);
	KUNIT_EXPECT_EQ(test, lan1qtsn_txts_alloc(&t), 3U);

	for (i = 0; i < LAN1QTSN_TS_SLOTS; i++) {
		id = lan1qtsn_txts_alloc(&t);
		KUNIT_ASSERT_NE(test, id, 0U);
		if (!t.slot[id - 1].prev_known)
			lan1qtsn_txts_set_prev(&t, id, 0);
		lan1qtsn_txts_written(&t, id, 1000, 0, 64);
	}
	/* All four awaited: none left, the frame goes without a stamp. */
	KUNIT_EXPECT_EQ(test, lan1qtsn_txts_alloc(&t), 0U);
	lan1qtsn_txts_cancel(&t, 2);
	KUNIT_EXPECT_EQ(test, lan1qtsn_txts_alloc(&t), 2U);
	/* A cancelled slot is read again before its next use. */
	KUNIT_EXPECT_FALSE(test, t.slot[1].prev_known);
}

/*
 * The first read is planned after the frame's estimated end: behind the
 * frames written before it on the same port, plus the slack.
 */
static void lan1qtsn_test_txts_schedule(struct kunit *test)
{
	struct lan1qtsn_txts t;
	u64 due;

	lan1qtsn_txts_reset(&t);
	/* Two unstamped full frames written at 1 ms and 1.01 ms... */
	lan1qtsn_txts_written(&t, 0, 1000000, 0, 1526);
	lan1qtsn_txts_written(&t, 0, 1010000, 0, 1526);
	KUNIT_EXPECT_EQ(test, t.wire_free_ns, 1000000ULL + 2 * 123680);
	/* ...then a stamped minimum frame: it leaves after them. */
	lan1qtsn_txts_set_prev(&t, 1, 5);
	due = lan1qtsn_txts_written(&t, 1, 1020000, 0, 64);
	KUNIT_EXPECT_EQ(test, due, 1000000ULL + 2 * 123680 + 6720 +
			LAN1QTSN_TXTS_SLACK_NS);
	KUNIT_EXPECT_EQ(test, lan1qtsn_txts_next_due(&t), due);
	KUNIT_EXPECT_FALSE(test, lan1qtsn_txts_due(&t, 1, due - 1));
	KUNIT_EXPECT_TRUE(test, lan1qtsn_txts_due(&t, 1, due));
	KUNIT_EXPECT_FALSE(test, lan1qtsn_txts_due(&t, 2, due));

	/* An idle port: the frame starts when written. */
	lan1qtsn_txts_reset(&t);
	lan1qtsn_txts_set_prev(&t, 2, 5);
	due = lan1qtsn_txts_written(&t, 2, 5000000, 0, 64);
	KUNIT_EXPECT_EQ(test, due, 5000000ULL + 6720 + LAN1QTSN_TXTS_SLACK_NS);
	KUNIT_EXPECT_EQ(test, lan1qtsn_txts_next_due(&t), due);
	/* Collected: nothing awaited, nothing due. */
	KUNIT_EXPECT_EQ(test, lan1qtsn_txts_check(&t, 2, due, 6),
			LAN1QTSN_TXTS_CONFIRM);
	KUNIT_EXPECT_EQ(test, lan1qtsn_txts_check(&t, 2, due, 6),
			LAN1QTSN_TXTS_DONE);
	KUNIT_EXPECT_EQ(test, lan1qtsn_txts_next_due(&t), U64_MAX);
}

/*
 * With an offload the TX scheduler's model plans when a frame starts (its
 * window, its launch time): the first read follows that start, and the
 * port is busy until that frame's end; a planned start the port cannot
 * meet (frames ahead) changes nothing.
 */
static void lan1qtsn_test_txts_planned(struct kunit *test)
{
	struct lan1qtsn_txts t;
	u64 due;

	lan1qtsn_txts_reset(&t);
	lan1qtsn_txts_set_prev(&t, 1, 5);
	/* Written at 1 ms, held for a window opening at 3 ms. */
	due = lan1qtsn_txts_written(&t, 1, 1000000, 3000000, 64);
	KUNIT_EXPECT_EQ(test, due, 3000000ULL + 6720 + LAN1QTSN_TXTS_SLACK_NS);
	KUNIT_EXPECT_EQ(test, t.wire_free_ns, 3000000ULL + 6720);
	/* An unplanned frame written meanwhile leaves after it. */
	lan1qtsn_txts_set_prev(&t, 2, 5);
	due = lan1qtsn_txts_written(&t, 2, 1100000, 0, 64);
	KUNIT_EXPECT_EQ(test, due, 3000000ULL + 2 * 6720 +
			LAN1QTSN_TXTS_SLACK_NS);
	/* A plan earlier than the port is free: the port decides. */
	lan1qtsn_txts_set_prev(&t, 3, 5);
	due = lan1qtsn_txts_written(&t, 3, 1200000, 2000000, 64);
	KUNIT_EXPECT_EQ(test, due, 3000000ULL + 3 * 6720 +
			LAN1QTSN_TXTS_SLACK_NS);
	KUNIT_EXPECT_EQ(test, lan1qtsn_txts_next_due(&t),
			3000000ULL + 6720 + LAN1QTSN_TXTS_SLACK_NS);
}

/* A changed value counts once a second read agrees (torn reads). */
static void lan1qtsn_test_txts_confirm(struct kunit *test)
{
	const u64 prev = 0x00000001fffffff0ULL;
	const u64 capture = 0x0000000200000010ULL;
	/* Unlatched: old _H with new _L, straddling the capture. */
	const u64 torn = 0x0000000100000010ULL;
	struct lan1qtsn_txts t;
	u64 due, now;

	lan1qtsn_txts_reset(&t);
	lan1qtsn_txts_set_prev(&t, 4, prev);
	due = lan1qtsn_txts_written(&t, 4, 0, 0, 64);
	now = due;
	/* Not yet captured: unchanged, read again later. */
	KUNIT_EXPECT_EQ(test, lan1qtsn_txts_check(&t, 4, now, prev),
			LAN1QTSN_TXTS_WAIT);
	KUNIT_EXPECT_EQ(test, t.slot[3].due_ns, now + LAN1QTSN_TXTS_RETRY_MIN_NS);
	now = t.slot[3].due_ns;
	KUNIT_EXPECT_EQ(test, lan1qtsn_txts_check(&t, 4, now, torn),
			LAN1QTSN_TXTS_CONFIRM);
	/* The confirming read is due at once. */
	KUNIT_EXPECT_TRUE(test, lan1qtsn_txts_due(&t, 4, now));
	KUNIT_EXPECT_EQ(test, lan1qtsn_txts_check(&t, 4, now, capture),
			LAN1QTSN_TXTS_CONFIRM);
	KUNIT_EXPECT_EQ(test, lan1qtsn_txts_check(&t, 4, now, capture),
			LAN1QTSN_TXTS_DONE);
	KUNIT_EXPECT_FALSE(test, t.slot[3].busy);
	/* The stamp becomes the slot's known value: no read before reuse. */
	KUNIT_EXPECT_TRUE(test, t.slot[3].prev_known);
	KUNIT_EXPECT_EQ(test, t.slot[3].prev, capture);
}

/* Unchanged past the lifetime: expired, read again before reuse. */
static void lan1qtsn_test_txts_expiry(struct kunit *test)
{
	struct lan1qtsn_txts t;
	unsigned int reads = 0;
	u64 due, now, last_gap = 0;

	lan1qtsn_txts_reset(&t);
	lan1qtsn_txts_set_prev(&t, 1, 42);
	due = lan1qtsn_txts_written(&t, 1, 0, 0, 64);
	now = due;
	while (reads < 1000) {
		enum lan1qtsn_txts_verdict v;

		v = lan1qtsn_txts_check(&t, 1, now, 42);
		reads++;
		if (v == LAN1QTSN_TXTS_EXPIRED)
			break;
		KUNIT_ASSERT_EQ(test, v, LAN1QTSN_TXTS_WAIT);
		KUNIT_ASSERT_GT(test, t.slot[0].due_ns, now);
		/* The wait doubles up to its maximum, never beyond expiry. */
		KUNIT_EXPECT_LE(test, t.slot[0].due_ns - now,
				LAN1QTSN_TXTS_RETRY_MAX_NS);
		/* Doubling: each wait at least the last, until expiry. */
		if (t.slot[0].due_ns < t.slot[0].expire_ns)
			KUNIT_EXPECT_GE(test, t.slot[0].due_ns - now, last_gap);
		last_gap = t.slot[0].due_ns - now;
		now = t.slot[0].due_ns;
	}
	KUNIT_EXPECT_EQ(test, now, due + LAN1QTSN_TXTS_LIFETIME_NS);
	/*
	 * A bounded number of reads: doubling from 20 us (6 reads to reach
	 * 1 ms), then at most one a millisecond over the 50 ms lifetime.
	 */
	KUNIT_EXPECT_LE(test, reads, 6U +
			(unsigned int)(LAN1QTSN_TXTS_LIFETIME_NS /
				       LAN1QTSN_TXTS_RETRY_MAX_NS) + 1);
	KUNIT_EXPECT_FALSE(test, t.slot[0].busy);
	KUNIT_EXPECT_FALSE(test, t.slot[0].prev_known);
	KUNIT_EXPECT_EQ(test, lan1qtsn_txts_next_due(&t), U64_MAX);
}

/*
 * A slot whose every read differs (noise on a broken link, no SPI error)
 * is never confirmed, and still ends at its lifetime: the owner thread
 * reads a CONFIRM slot again at once, holding dp_lock.
 */
static void lan1qtsn_test_txts_noise(struct kunit *test)
{
	enum lan1qtsn_txts_verdict v = LAN1QTSN_TXTS_WAIT;
	struct lan1qtsn_txts t;
	unsigned int reads = 0;
	u64 due, now;

	lan1qtsn_txts_reset(&t);
	lan1qtsn_txts_set_prev(&t, 2, 7);
	due = lan1qtsn_txts_written(&t, 2, 0, 0, 64);
	/* 10 us a read: 5000 reads cover the 50 ms lifetime. */
	for (now = due; reads < 10000; now += 10000) {
		v = lan1qtsn_txts_check(&t, 2, now, 1000 + reads++);
		if (v != LAN1QTSN_TXTS_CONFIRM)
			break;
		KUNIT_ASSERT_TRUE(test, lan1qtsn_txts_due(&t, 2, now));
	}
	KUNIT_EXPECT_EQ(test, v, LAN1QTSN_TXTS_EXPIRED);
	KUNIT_EXPECT_GE(test, now, due + LAN1QTSN_TXTS_LIFETIME_NS);
	KUNIT_EXPECT_LT(test, now, due + LAN1QTSN_TXTS_LIFETIME_NS + 10000);
	KUNIT_EXPECT_FALSE(test, t.slot[1].busy);
	KUNIT_EXPECT_FALSE(test, t.slot[1].prev_known);
}

/* TX stamps move forward to the wire, RX stamps back to it. */
static void lan1qtsn_test_txts_correction(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, lan1qtsn_txts_tx_correct(1000000000ULL, 300),
			1000000300ULL);
	KUNIT_EXPECT_EQ(test, lan1qtsn_txts_rx_correct(1000000000ULL, 512),
			999999488ULL);
	KUNIT_EXPECT_EQ(test, lan1qtsn_txts_tx_correct(5, 0), 5ULL);
	KUNIT_EXPECT_EQ(test, lan1qtsn_txts_rx_correct(5, 0), 5ULL);
	/* Never below the epoch. */
	KUNIT_EXPECT_EQ(test, lan1qtsn_txts_rx_correct(100, 512), 0ULL);
	/*
	 * The emulator's defaults (tx_phy_ns 300, rx_delay_ns 512): a frame
	 * started at PHC t reaches the peer's port at t + 300 + wire; its
	 * peer stamp is that + 512; corrected, the two stamps differ by the
	 * wire delay alone.
	 */
	KUNIT_EXPECT_EQ(test, lan1qtsn_txts_rx_correct(2000000000ULL + 300 + 25 + 512, 512) -
			lan1qtsn_txts_tx_correct(2000000000ULL, 300), 25ULL);

	KUNIT_EXPECT_EQ(test, lan1qtsn_txts_corr_valid(0), 0);
	KUNIT_EXPECT_EQ(test, lan1qtsn_txts_corr_valid(LAN1QTSN_TXTS_CORR_MAX_NS), 0);
	KUNIT_EXPECT_EQ(test, lan1qtsn_txts_corr_valid(-1), -ERANGE);
	KUNIT_EXPECT_EQ(test, lan1qtsn_txts_corr_valid(LAN1QTSN_TXTS_CORR_MAX_NS + 1),
			-ERANGE);
}

static struct kunit_case lan1qtsn_txts_cases[] = {
	KUNIT_CASE(lan1qtsn_test_txts_wire),
	KUNIT_CASE(lan1qtsn_test_txts_alloc),
	KUNIT_CASE(lan1qtsn_test_txts_schedule),
	KUNIT_CASE(lan1qtsn_test_txts_planned),
	KUNIT_CASE(lan1qtsn_test_txts_confirm),
	KUNIT_CASE(lan1qtsn_test_txts_expiry),
	KUNIT_CASE(lan1qtsn_test_txts_noise),
	KUNIT_CASE(lan1qtsn_test_txts_correction),
	{}
};

static struct kunit_suite lan1qtsn_txts_suite = {
	.name = "lan1qtsn_txts",
	.test_cases = lan1qtsn_txts_cases,
};

kunit_test_suite(lan1qtsn_txts_suite);

MODULE_DESCRIPTION("KUnit tests for the LAN1QTSN TX timestamp slots");
MODULE_LICENSE("GPL");
