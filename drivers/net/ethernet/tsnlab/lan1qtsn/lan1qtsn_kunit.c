// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the LAN1QTSN pure logic: TX metadata encoding, FCS,
 * RX metadata parsing (malformed input included) and TX credit accounting.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/string.h>

#include "lan1qtsn_frame.h"

/*
 * The code under test is the driver's own: lan1qtsn_frame.c exports it to
 * this suite only (EXPORT_SYMBOL_IF_KUNIT), so the suite links against
 * lan1qtsn.ko as a module and against the same objects when both are built
 * in, as in a Raspberry Pi kernel.
 */
/* A string here in every kernel; 6.13 made MODULE_IMPORT_NS() take one. */
MODULE_INFO(import_ns, "EXPORTED_FOR_KUNIT_TESTING");

/* The encoding spelled out byte by byte from device-spec.md section 3. */
static void lan1qtsn_test_meta_always_open(struct kunit *test)
{
	static const u8 expected[LAN1QTSN_TX_META_LEN] = {
		0x00, 0x00, 0x00, 0x05,	/* from = 0, prio 5 */
		0xff, 0xff, 0xff, 0xfd,	/* to = 0x1fffffff << 3 | 5 */
		0x00, 0x00, 0x00, 0x05,	/* delay_from */
		0xff, 0xff, 0xff, 0xfd,	/* delay_to */
		0x00, 0x40,		/* 60 + FCS */
		0x00, 0x00,		/* no timestamp */
		0x00,			/* fail policy: drop */
	};
	struct lan1qtsn_tx_window win;
	u8 meta[LAN1QTSN_TX_META_LEN];

	memset(meta, 0xaa, sizeof(meta));
	lan1qtsn_tx_window_always_open(&win, 5);
	KUNIT_EXPECT_EQ(test, win.to, (win.from - 1) & LAN1QTSN_TICK_MASK);
	KUNIT_EXPECT_EQ(test, win.to, 0x1fffffffU);
	KUNIT_ASSERT_EQ(test, lan1qtsn_tx_meta_encode(meta, &win, 64, LAN1QTSN_FCS_LEN), 0);
	KUNIT_EXPECT_MEMEQ(test, meta, expected, sizeof(expected));
}

static void lan1qtsn_test_meta_fields(struct kunit *test)
{
	struct lan1qtsn_tx_window win = {
		.from = 0x12345678,	/* more than 29 bits: masked */
		.to = 0x00000010,
		.delay_from = 0x1fffffff,
		.delay_to = 0x00000001,
		.prio = 0xf,		/* more than 3 bits: masked */
		.fail_policy = LAN1QTSN_FAIL_RETRY,
		.timestamp_id = 4,
	};
	u8 meta[LAN1QTSN_TX_META_LEN];
	unsigned int i;

	memset(meta, 0xaa, sizeof(meta));
	KUNIT_ASSERT_EQ(test, lan1qtsn_tx_meta_encode(meta, &win, 1526, LAN1QTSN_FCS_LEN), 0);
	/* (0x12345678 & 0x1fffffff) << 3 | 7 = 0x91a2b3c7 */
	KUNIT_EXPECT_EQ(test, meta[0], 0x91);
	KUNIT_EXPECT_EQ(test, meta[1], 0xa2);
	KUNIT_EXPECT_EQ(test, meta[2], 0xb3);
	KUNIT_EXPECT_EQ(test, meta[3], 0xc7);
	KUNIT_EXPECT_EQ(test, meta[7], 0x87);	/* 0x10 << 3 | 7 */
	KUNIT_EXPECT_EQ(test, meta[8], 0xff);
	KUNIT_EXPECT_EQ(test, meta[11], 0xff);
	KUNIT_EXPECT_EQ(test, meta[15], 0x0f);	/* 1 << 3 | 7 */
	KUNIT_EXPECT_EQ(test, meta[16], 0x05);	/* 1526 = 0x5f6 */
	KUNIT_EXPECT_EQ(test, meta[17], 0xf6);
	KUNIT_EXPECT_EQ(test, meta[18], 0x00);
	KUNIT_EXPECT_EQ(test, meta[19], 0x04);
	KUNIT_EXPECT_EQ(test, meta[20], 0x01);
	for (i = LAN1QTSN_TX_META_RSVD_OFF; i < LAN1QTSN_TX_META_LEN; i++)
		KUNIT_EXPECT_EQ(test, meta[i], 0);
}

static void lan1qtsn_test_meta_rejects(struct kunit *test)
{
	struct lan1qtsn_tx_window win;
	u8 meta[LAN1QTSN_TX_META_LEN];
	u8 before[LAN1QTSN_TX_META_LEN];

	memset(meta, 0x5a, sizeof(meta));
	memcpy(before, meta, sizeof(meta));
	lan1qtsn_tx_window_always_open(&win, 0);
	KUNIT_EXPECT_EQ(test, lan1qtsn_tx_meta_encode(meta, &win, 63, LAN1QTSN_FCS_LEN), -EINVAL);
	KUNIT_EXPECT_EQ(test, lan1qtsn_tx_meta_encode(meta, &win, 1527,
						      LAN1QTSN_FCS_LEN), -EINVAL);
	/* The device appends the FCS: 60..1522, nothing else. */
	KUNIT_EXPECT_EQ(test, lan1qtsn_tx_meta_encode(meta, &win, 59, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, lan1qtsn_tx_meta_encode(meta, &win, 1523, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, lan1qtsn_tx_meta_encode(meta, &win, 64, 2),
			-EINVAL);
	win.timestamp_id = LAN1QTSN_TS_SLOTS + 1;
	KUNIT_EXPECT_EQ(test, lan1qtsn_tx_meta_encode(meta, &win, 64, LAN1QTSN_FCS_LEN), -EINVAL);
	lan1qtsn_tx_window_always_open(&win, 0);
	win.fail_policy = 2;
	KUNIT_EXPECT_EQ(test, lan1qtsn_tx_meta_encode(meta, &win, 64, LAN1QTSN_FCS_LEN), -EINVAL);
	KUNIT_EXPECT_MEMEQ(test, meta, before, sizeof(meta));
}

static void lan1qtsn_test_frame_len(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, lan1qtsn_tx_frame_len(14, LAN1QTSN_FCS_LEN), 64);
	KUNIT_EXPECT_EQ(test, lan1qtsn_tx_frame_len(42, LAN1QTSN_FCS_LEN), 64);
	KUNIT_EXPECT_EQ(test, lan1qtsn_tx_frame_len(60, LAN1QTSN_FCS_LEN), 64);
	KUNIT_EXPECT_EQ(test, lan1qtsn_tx_frame_len(61, LAN1QTSN_FCS_LEN), 65);
	KUNIT_EXPECT_EQ(test, lan1qtsn_tx_frame_len(1514, LAN1QTSN_FCS_LEN), 1518);
	KUNIT_EXPECT_EQ(test, lan1qtsn_tx_frame_len(1522, LAN1QTSN_FCS_LEN), 1526);
	/* The device appends the FCS: the padded frame alone. */
	KUNIT_EXPECT_EQ(test, lan1qtsn_tx_frame_len(14, 0), 60);
	KUNIT_EXPECT_EQ(test, lan1qtsn_tx_frame_len(61, 0), 61);
	KUNIT_EXPECT_EQ(test, lan1qtsn_tx_frame_len(1522, 0), 1522);
}

static void lan1qtsn_test_meta_device_fcs(struct kunit *test)
{
	struct lan1qtsn_tx_window win;
	u8 meta[LAN1QTSN_TX_META_LEN];

	lan1qtsn_tx_window_always_open(&win, 0);
	KUNIT_ASSERT_EQ(test, lan1qtsn_tx_meta_encode(meta, &win, 60, 0), 0);
	KUNIT_EXPECT_EQ(test, meta[16], 0x00);	/* 60 = 0x3c, no FCS */
	KUNIT_EXPECT_EQ(test, meta[17], 0x3c);
	KUNIT_ASSERT_EQ(test, lan1qtsn_tx_meta_encode(meta, &win, 1522, 0), 0);
	KUNIT_EXPECT_EQ(test, meta[16], 0x05);	/* 1522 = 0x5f2 */
	KUNIT_EXPECT_EQ(test, meta[17], 0xf2);
}

static void lan1qtsn_test_fcs(struct kunit *test)
{
	/* CRC-32 check value of "123456789", appended LSB first. */
	u8 buf[9 + LAN1QTSN_FCS_LEN] = "123456789";
	/* A real minimum frame: broadcast ARP-sized zero payload. */
	u8 frame[64];

	KUNIT_EXPECT_EQ(test, lan1qtsn_fcs(buf, 9), 0xcbf43926U);
	lan1qtsn_fcs_append(buf, 9);
	KUNIT_EXPECT_EQ(test, buf[9], 0x26);
	KUNIT_EXPECT_EQ(test, buf[12], 0xcb);
	KUNIT_EXPECT_TRUE(test, lan1qtsn_fcs_valid(buf, sizeof(buf)));

	buf[3] ^= 0x10;
	KUNIT_EXPECT_FALSE(test, lan1qtsn_fcs_valid(buf, sizeof(buf)));
	buf[3] ^= 0x10;
	buf[12] ^= 0x80;
	KUNIT_EXPECT_FALSE(test, lan1qtsn_fcs_valid(buf, sizeof(buf)));

	memset(frame, 0, sizeof(frame));
	memset(frame, 0xff, 6);
	lan1qtsn_fcs_append(frame, 60);
	KUNIT_EXPECT_TRUE(test, lan1qtsn_fcs_valid(frame, 64));
	KUNIT_EXPECT_FALSE(test, lan1qtsn_fcs_valid(frame, 63));
	KUNIT_EXPECT_FALSE(test, lan1qtsn_fcs_valid(frame, 3));
	KUNIT_EXPECT_FALSE(test, lan1qtsn_fcs_valid(frame, 0));
}

/*
 * Literal vectors from the evidence (hardware-research.md, shared docs),
 * written out byte by byte and never rebuilt from lan1qtsn_hw.h: a constant
 * misread there would otherwise be mirrored by the emulator, which shares
 * the header, and pass unseen. emu_kunit.c feeds the same bytes to the
 * emulator.
 */

/* 3.1: the C13 log's window words and always-open "to", metadata 16..23. */
static void lan1qtsn_test_vec_tx_meta(struct kunit *test)
{
	static const u8 words[] = {
		0x01, 0x3e, 0xbb, 0xa7,	/* from: tick 0x27d774, prio 7 */
		0x01, 0x3e, 0xbb, 0x9f,	/* to: tick 0x27d773, prio 7 */
	};
	static const u8 tail[] = {
		0x00, 0x66, 0x00, 0x02, 0x01, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	};
	static const u8 open[] = {
		0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xf8,
		0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xf8,
	};
	struct lan1qtsn_tx_window win = {
		.from = 0x27d774, .to = 0x27d773,
		.delay_from = 0x27d774, .delay_to = 0x27d773,
		.prio = 7, .timestamp_id = 2, .fail_policy = 1,
	};
	u8 meta[32];

	/* frame_length 102: a 98-byte ICMP echo and its FCS. */
	memset(meta, 0xaa, sizeof(meta));
	KUNIT_ASSERT_EQ(test, lan1qtsn_tx_meta_encode(meta, &win, 102, 4), 0);
	KUNIT_EXPECT_MEMEQ(test, meta, words, sizeof(words));
	KUNIT_EXPECT_MEMEQ(test, meta + 8, words, sizeof(words));
	KUNIT_EXPECT_MEMEQ(test, meta + 16, tail, sizeof(tail));

	/* The non-TSN fill of 3.2: from 0, to 0x1fffffff, prio 0. */
	memset(meta, 0xaa, sizeof(meta));
	lan1qtsn_tx_window_always_open(&win, 0);
	KUNIT_ASSERT_EQ(test, lan1qtsn_tx_meta_encode(meta, &win, 64, 4), 0);
	KUNIT_EXPECT_MEMEQ(test, meta, open, sizeof(open));
	KUNIT_EXPECT_EQ(test, meta[16], 0x00);
	KUNIT_EXPECT_EQ(test, meta[17], 0x40);
}

/* A read command encodes to exactly @want, @want_len bytes. */
static void lan1qtsn_expect_read_cmd(struct kunit *test, u16 addr,
				     unsigned int len, const u8 *want,
				     unsigned int want_len)
{
	u8 buf[16];

	memset(buf, 0xaa, sizeof(buf));
	KUNIT_EXPECT_EQ(test, lan1qtsn_read_cmd_encode(buf, addr, len), want_len);
	KUNIT_EXPECT_MEMEQ(test, buf, want, want_len);
}

/* 1.2, 1.3, 1.5-1.7, 2.6, 2.10: whole commands, MOSI byte for byte. */
static void lan1qtsn_test_vec_commands(struct kunit *test)
{
	static const u8 tsn_enable[] = { 0x01, 0x42, 0x94, 0x00, 0x00, 0x00, 0x01 };
	static const u8 syscount[] = { 0x02, 0x32, 0x88, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	static const u8 sysinfo[] = { 0x02, 0x32, 0x78, 0, 0, 0, 0, 0 };
	static const u8 fbw[] = { 0x02, 0x31, 0x48, 0, 0, 0, 0, 0 };
	static const u8 rx_fifo[] = { 0x02, 0x30, 0xac, 0, 0, 0, 0, 0 };
	static const u8 meta[] = { 0x02, 0xf0, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	static const u8 frame[] = { 0x02, 0x10, 0x00, 0, 0, 0, 0, 0 };
	static const u8 tx[] = { 0x01, 0x20, 0x00 };
	static const u8 pps[] = { 0x01, 0x42, 0xb0, 0x00, 0x00, 0x00, 0x00,
				  0x05, 0xf5, 0xe1, 0x00 };
	u32 v[2] = { 1, 0 };
	u8 buf[16];

	memset(buf, 0xaa, sizeof(buf));
	KUNIT_EXPECT_EQ(test, lan1qtsn_reg_write_encode(buf, LAN1QTSN_TSN_SYSTEM_CONTROL_L,
							v, 1), sizeof(tsn_enable));
	KUNIT_EXPECT_MEMEQ(test, buf, tsn_enable, sizeof(tsn_enable));
	/* PPS_CYCLE_1S = 100000000 ticks as a burst: H = 0, then L. */
	v[0] = 0;
	v[1] = 100000000;
	KUNIT_EXPECT_EQ(test, lan1qtsn_reg_write_encode(buf, LAN1QTSN_PPS_CYCLE_1S_H,
							v, 2), sizeof(pps));
	KUNIT_EXPECT_MEMEQ(test, buf, pps, sizeof(pps));

	lan1qtsn_expect_read_cmd(test, LAN1QTSN_SPACE_REG_READ | LAN1QTSN_TSN_SYSCOUNT_H,
				 8, syscount, sizeof(syscount));
	lan1qtsn_expect_read_cmd(test, LAN1QTSN_SPACE_REG_READ | LAN1QTSN_TSN_SYSTEM_INFO_H,
				 4, sysinfo, sizeof(sysinfo));
	lan1qtsn_expect_read_cmd(test,
				 LAN1QTSN_SPACE_REG_READ | LAN1QTSN_FBW_BUFFER_WRITE_STATUS1_H,
				 4, fbw, sizeof(fbw));
	lan1qtsn_expect_read_cmd(test, LAN1QTSN_SPACE_REG_READ | LAN1QTSN_TSN_RX_FIFO_STATUS_L,
				 4, rx_fifo, sizeof(rx_fifo));
	/* The metadata read is 14 bytes in all (1.5): meta[] has 14. */
	lan1qtsn_expect_read_cmd(test, LAN1QTSN_SPACE_RX_META, LAN1QTSN_RX_META_LEN,
				 meta, 14);
	lan1qtsn_expect_read_cmd(test, LAN1QTSN_SPACE_RX_FRAME, 4, frame, sizeof(frame));
	/* Read data start at MISO byte 4 (1.3). */
	KUNIT_EXPECT_EQ(test, LAN1QTSN_RD_DATA_OFF, 4);

	memset(buf, 0xaa, sizeof(buf));
	lan1qtsn_cmd_header(buf, LAN1QTSN_CMD_WRITE, LAN1QTSN_SPACE_TX_FRAME);
	KUNIT_EXPECT_MEMEQ(test, buf, tx, sizeof(tx));
	KUNIT_EXPECT_EQ(test, buf[3], 0xaa);
	/* TX write: 3 + 32 + len + 4 bytes, 370 for the C6 log's frame (1.7). */
	KUNIT_EXPECT_EQ(test, LAN1QTSN_HDR_LEN + LAN1QTSN_TX_META_LEN + 331 +
			LAN1QTSN_FCS_LEN, 370);
}

/* 3.3, 2.2, 2.6: the RX metadata of the C6 crash, FIFO status, FBW. */
static void lan1qtsn_test_vec_decode(struct kunit *test)
{
	static const u8 raw[] = {
		0x00, 0x00, 0x00, 0x01, 0xff, 0x8c, 0xfb, 0x69, 0x05, 0xdc,
	};
	struct lan1qtsn_tx_credits cr = { .avail = 0 };
	struct lan1qtsn_rx_meta meta;
	u32 units, entries;

	KUNIT_EXPECT_EQ(test, lan1qtsn_rx_meta_parse(raw, &meta), 0);
	KUNIT_EXPECT_EQ(test, meta.timestamp, 0x1ff8cfb69ULL);
	KUNIT_EXPECT_EQ(test, meta.frame_len, 1500);

	/* FRAME_FIFO_DATA_CNT[28:16] = 0x1abc, META_FIFO_DATA_CNT[8:0] = 0x155 */
	lan1qtsn_rx_fifo_decode(0xfabcfd55, &units, &entries);
	KUNIT_EXPECT_EQ(test, units, 0x1abc);
	KUNIT_EXPECT_EQ(test, entries, 0x155);
	/* One 1500-byte frame: 94 units of 16 bytes, one entry. */
	lan1qtsn_rx_fifo_decode(0x005e0001, &units, &entries);
	KUNIT_EXPECT_EQ(test, units, 94);
	KUNIT_EXPECT_EQ(test, entries, 1);

	/* FBW_BUFFER_WRITE_STATUS1_H: free buffers in bits 7..0 only. */
	KUNIT_EXPECT_EQ(test, lan1qtsn_credits_refresh(&cr, 0x12345620), 0x20);
	KUNIT_EXPECT_EQ(test, lan1qtsn_credits_refresh(&cr, 0xffffff00), 0);
}

static void lan1qtsn_test_rx_meta(struct kunit *test)
{
	u8 raw[LAN1QTSN_RX_META_LEN] = {
		0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x05, 0xf2,
	};
	struct lan1qtsn_rx_meta meta;

	KUNIT_EXPECT_EQ(test, lan1qtsn_rx_meta_parse(raw, &meta), 0);
	KUNIT_EXPECT_EQ(test, meta.timestamp, 0x0102030405060708ULL);
	KUNIT_EXPECT_EQ(test, meta.frame_len, 1522);

	/* Limits: header + FCS up to a VLAN frame + FCS. */
	raw[8] = 0;
	raw[9] = LAN1QTSN_RX_MIN_LEN;
	KUNIT_EXPECT_EQ(test, lan1qtsn_rx_meta_parse(raw, &meta), 0);
	raw[8] = LAN1QTSN_RX_MAX_LEN >> 8;
	raw[9] = LAN1QTSN_RX_MAX_LEN & 0xff;
	KUNIT_EXPECT_EQ(test, lan1qtsn_rx_meta_parse(raw, &meta), 0);
}

static void lan1qtsn_test_rx_meta_malformed(struct kunit *test)
{
	static const u16 bad[] = { 1, 4, 17, 1527, 1600, 0x8000, 0xffff };
	u8 raw[LAN1QTSN_RX_META_LEN];
	struct lan1qtsn_rx_meta meta;
	unsigned int i;

	memset(raw, 0, sizeof(raw));
	KUNIT_EXPECT_EQ(test, lan1qtsn_rx_meta_parse(raw, &meta), -ENODATA);
	/* An empty entry is empty whatever its timestamp bytes say. */
	memset(raw, 0xff, 8);
	KUNIT_EXPECT_EQ(test, lan1qtsn_rx_meta_parse(raw, &meta), -ENODATA);

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		raw[8] = bad[i] >> 8;
		raw[9] = bad[i] & 0xff;
		KUNIT_EXPECT_EQ_MSG(test, lan1qtsn_rx_meta_parse(raw, &meta),
				    -EBADMSG, "frame_length %u", bad[i]);
	}
	/* All ones: what a floating MISO line reads. */
	memset(raw, 0xff, sizeof(raw));
	KUNIT_EXPECT_EQ(test, lan1qtsn_rx_meta_parse(raw, &meta), -EBADMSG);
}

static void lan1qtsn_test_credits(struct kunit *test)
{
	struct lan1qtsn_tx_credits cr;
	unsigned int i;

	lan1qtsn_credits_reset(&cr);
	KUNIT_EXPECT_FALSE(test, lan1qtsn_credits_take(&cr));

	/* Only bits 7:0 are the free buffer count. */
	KUNIT_EXPECT_EQ(test, lan1qtsn_credits_refresh(&cr, 0xabcd0020), 32);
	for (i = 0; i < 32; i++)
		KUNIT_EXPECT_TRUE(test, lan1qtsn_credits_take(&cr));
	KUNIT_EXPECT_FALSE(test, lan1qtsn_credits_take(&cr));
	KUNIT_EXPECT_EQ(test, cr.avail, 0);

	KUNIT_EXPECT_EQ(test, lan1qtsn_credits_refresh(&cr, 0), 0);
	KUNIT_EXPECT_FALSE(test, lan1qtsn_credits_take(&cr));
	KUNIT_EXPECT_EQ(test, lan1qtsn_credits_refresh(&cr, 0xff), 255);
	KUNIT_EXPECT_TRUE(test, lan1qtsn_credits_take(&cr));
	KUNIT_EXPECT_EQ(test, cr.avail, 254);
	lan1qtsn_credits_reset(&cr);
	KUNIT_EXPECT_FALSE(test, lan1qtsn_credits_take(&cr));
}

/*
 * The credit accounting against a model device whose TX buffers free up as
 * frames leave the wire. The driver side follows lan1qtsn_tx_one(): refresh
 * from FBW_BUFFER_WRITE_STATUS1_H only when the count is exhausted, stall
 * when the device still has no buffer, take one credit per frame written;
 * a recovery forgets every credit. Whatever the wire does, the driver must
 * never write without a free device buffer (the device would drop the
 * frame, tx_no_buffer), never count more buffers than the device has, and
 * never stall while a buffer is free.
 */
struct lan1qtsn_test_wire {
	unsigned int pool;		/* device TX buffers */
	const u8 *drain;		/* frames leaving per owner-thread step */
	unsigned int drain_len;
	unsigned int reset_every;	/* steps between recoveries, 0: none */
};

struct lan1qtsn_test_credit_run {
	unsigned int written, refreshes, stalls, steps;
};

#define LAN1QTSN_TEST_FRAMES	3200
/* Bits 31:8 of the status register are not the free count. */
#define LAN1QTSN_TEST_FBW_OTHER	0xa5a5a500U

static void lan1qtsn_test_credit_run(struct kunit *test,
				     const struct lan1qtsn_test_wire *w,
				     struct lan1qtsn_test_credit_run *r)
{
	unsigned int device_free = w->pool, step, n;
	struct lan1qtsn_tx_credits cr;

	memset(r, 0, sizeof(*r));
	lan1qtsn_credits_reset(&cr);
	for (step = 0; r->written < LAN1QTSN_TEST_FRAMES; step++) {
		/* Every frame must get out: the wire frees at least 1 in 20. */
		KUNIT_ASSERT_LT(test, step, 20 * LAN1QTSN_TEST_FRAMES);

		/* The wire: frames leave, their buffers are free again. */
		n = min_t(unsigned int, w->drain[step % w->drain_len],
			  w->pool - device_free);
		device_free += n;
		if (w->reset_every && step % w->reset_every == w->reset_every - 1)
			lan1qtsn_credits_reset(&cr);

		/* The owner thread, one lan1qtsn_tx_one() per step. */
		if (!cr.avail) {
			r->refreshes++;
			lan1qtsn_credits_refresh(&cr, LAN1QTSN_TEST_FBW_OTHER |
						 device_free);
			if (!cr.avail) {
				r->stalls++;
				KUNIT_ASSERT_EQ_MSG(test, device_free, 0,
						    "pool %u step %u: stalled with buffers free",
						    w->pool, step);
				continue;
			}
		}
		KUNIT_ASSERT_GT_MSG(test, device_free, 0,
				    "pool %u step %u: frame written without a free buffer",
				    w->pool, step);
		KUNIT_ASSERT_TRUE(test, lan1qtsn_credits_take(&cr));
		device_free--;
		r->written++;
		KUNIT_ASSERT_LE_MSG(test, cr.avail, device_free,
				    "pool %u step %u: more credits than free buffers",
				    w->pool, step);
	}
	r->steps = step;
}

static void lan1qtsn_test_credits_device_model(struct kunit *test)
{
	/* Wire faster than the bus: two frames could leave per step. */
	static const u8 fast[] = { 2 };
	/* Slower than the bus on average (0.9 per step), in bursts. */
	static const u8 slow[] = { 0, 1, 0, 1, 1, 0, 2, 0, 0, 1,
				   0, 3, 0, 0, 1, 0, 8, 0, 0, 0 };
	static const unsigned int pools[] = { 1, 4, 32, 255 };
	struct lan1qtsn_test_wire w = {
		.pool = 32, .drain = fast, .drain_len = ARRAY_SIZE(fast),
	};
	struct lan1qtsn_test_credit_run r;
	unsigned int i;

	/*
	 * Fast wire: every refresh finds the whole pool free, so one read of
	 * the status register per 32 frames, and never a stall.
	 */
	lan1qtsn_test_credit_run(test, &w, &r);
	KUNIT_EXPECT_EQ(test, r.written, LAN1QTSN_TEST_FRAMES);
	KUNIT_EXPECT_EQ(test, r.refreshes, LAN1QTSN_TEST_FRAMES / 32);
	KUNIT_EXPECT_EQ(test, r.stalls, 0);
	KUNIT_EXPECT_EQ(test, r.steps, LAN1QTSN_TEST_FRAMES);

	/*
	 * Slow, bursty wire, with a recovery now and then: the device fills
	 * up and the driver stalls, but only while it is really full: each
	 * step that finds a buffer free writes a frame.
	 */
	w.drain = slow;
	w.drain_len = ARRAY_SIZE(slow);
	w.reset_every = 997;
	for (i = 0; i < ARRAY_SIZE(pools); i++) {
		w.pool = pools[i];
		lan1qtsn_test_credit_run(test, &w, &r);
		KUNIT_EXPECT_EQ(test, r.written, LAN1QTSN_TEST_FRAMES);
		KUNIT_EXPECT_GT_MSG(test, r.stalls, 0, "pool %u", w.pool);
	}
}

static struct kunit_case lan1qtsn_frame_cases[] = {
	KUNIT_CASE(lan1qtsn_test_meta_always_open),
	KUNIT_CASE(lan1qtsn_test_meta_fields),
	KUNIT_CASE(lan1qtsn_test_meta_rejects),
	KUNIT_CASE(lan1qtsn_test_frame_len),
	KUNIT_CASE(lan1qtsn_test_meta_device_fcs),
	KUNIT_CASE(lan1qtsn_test_fcs),
	KUNIT_CASE(lan1qtsn_test_vec_tx_meta),
	KUNIT_CASE(lan1qtsn_test_vec_commands),
	KUNIT_CASE(lan1qtsn_test_vec_decode),
	KUNIT_CASE(lan1qtsn_test_rx_meta),
	KUNIT_CASE(lan1qtsn_test_rx_meta_malformed),
	KUNIT_CASE(lan1qtsn_test_credits),
	KUNIT_CASE(lan1qtsn_test_credits_device_model),
	{}
};

static struct kunit_suite lan1qtsn_frame_suite = {
	.name = "lan1qtsn_frame",
	.test_cases = lan1qtsn_frame_cases,
};

kunit_test_suite(lan1qtsn_frame_suite);

MODULE_DESCRIPTION("KUnit tests for the LAN1QTSN driver");
MODULE_LICENSE("GPL");
