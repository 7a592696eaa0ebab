// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit fuzz cases for the LAN1QTSN pure decoders and checks: the RX
 * metadata parser, the FCS check and the TX metadata encoder, driven with
 * exhaustive length sweeps, every bit of the metadata entry, all-0x00 and
 * all-0xFF buffers, truncated entries and pseudo-random input. The random
 * input comes from a local xorshift64 with a constant seed, so a failure
 * names an input that reproduces on every run. Each case checks what the
 * caller relies on, against a decoding written out here from
 * device-spec.md, not just that nothing crashes; buffers are allocated at
 * their exact size so that KASAN sees any read past them.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/unaligned.h>

/* Linkage as in lan1qtsn_kunit.c: the code under test is lan1qtsn.ko's. */
#include "lan1qtsn_frame.h"

/* A string here in every kernel; 6.13 made MODULE_IMPORT_NS() take one. */
MODULE_INFO(import_ns, "EXPORTED_FOR_KUNIT_TESTING");

#define LAN1QTSN_FZ_SEED	0x9e3779b97f4a7c15ULL
#define LAN1QTSN_FZ_ROUNDS	20000

/* xorshift64 (Marsaglia): deterministic, never 0 from a nonzero seed. */
static u64 lan1qtsn_fz_next(u64 *s)
{
	u64 x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

static void lan1qtsn_fz_bytes(u64 *s, u8 *buf, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < len; i++)
		buf[i] = lan1qtsn_fz_next(s) >> 56;
}

/* The parser's verdict for a frame_length, from device-spec.md section 2. */
static int lan1qtsn_fz_rx_verdict(u16 len)
{
	if (!len)
		return -ENODATA;
	if (len < 14 + LAN1QTSN_FCS_LEN ||
	    len > LAN1QTSN_MAX_FRAME_NOFCS + LAN1QTSN_FCS_LEN)
		return -EBADMSG;
	return 0;
}

/* Big-endian timestamp then length, decoded byte by byte. */
static bool lan1qtsn_fz_rx_check(struct kunit *test, const u8 *raw)
{
	struct lan1qtsn_rx_meta meta;
	u64 ts = 0;
	u16 len;
	int i, ret;

	for (i = 0; i < 8; i++)
		ts = ts << 8 | raw[i];
	len = raw[8] << 8 | raw[9];
	memset(&meta, 0x5a, sizeof(meta));
	ret = lan1qtsn_rx_meta_parse(raw, &meta);
	if (ret != lan1qtsn_fz_rx_verdict(len) || meta.frame_len != len ||
	    meta.timestamp != ts) {
		KUNIT_FAIL(test, "entry %*ph: ret %d len %u ts %llx, want %d %u %llx",
			   LAN1QTSN_RX_META_LEN, raw, ret, meta.frame_len,
			   meta.timestamp, lan1qtsn_fz_rx_verdict(len), len, ts);
		return false;
	}
	/* Accepted: a frame the RX buffer can hold, never more. */
	if (!ret && (meta.frame_len < LAN1QTSN_RX_MIN_LEN ||
		     meta.frame_len > LAN1QTSN_RX_MAX_LEN)) {
		KUNIT_FAIL(test, "accepted length %u out of bounds", meta.frame_len);
		return false;
	}
	return true;
}

/* Every one of the 65536 lengths, under a few timestamps. */
static void lan1qtsn_fz_rx_every_length(struct kunit *test)
{
	static const u64 stamps[] = { 0, 1, 0x8000000000000000ULL, U64_MAX };
	u8 *raw = kunit_kmalloc(test, LAN1QTSN_RX_META_LEN, GFP_KERNEL);
	unsigned int len, i;

	KUNIT_ASSERT_NOT_NULL(test, raw);
	for (i = 0; i < ARRAY_SIZE(stamps); i++) {
		for (len = 0; len <= U16_MAX; len++) {
			put_unaligned_be64(stamps[i], raw);
			put_unaligned_be16(len, raw + LAN1QTSN_RX_META_LEN_OFF);
			if (!lan1qtsn_fz_rx_check(test, raw))
				return;
		}
	}
}

/* The boundaries spelled out, so that a moved limit names itself. */
static void lan1qtsn_fz_rx_boundaries(struct kunit *test)
{
	static const struct {
		u16 len;
		int ret;
	} cases[] = {
		{ 0, -ENODATA }, { 1, -EBADMSG }, { 4, -EBADMSG },
		{ 17, -EBADMSG }, { 18, 0 }, { 19, 0 }, { 64, 0 }, { 1518, 0 },
		{ 1522, 0 }, { 1525, 0 }, { 1526, 0 }, { 1527, -EBADMSG },
		{ 2047, -EBADMSG }, { 2048, -EBADMSG }, { 0x8000, -EBADMSG },
		{ 0xffff, -EBADMSG },
	};
	struct lan1qtsn_rx_meta meta;
	u8 raw[LAN1QTSN_RX_META_LEN] = { };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		put_unaligned_be16(cases[i].len, raw + LAN1QTSN_RX_META_LEN_OFF);
		KUNIT_EXPECT_EQ_MSG(test, lan1qtsn_rx_meta_parse(raw, &meta),
				    cases[i].ret, "frame_length %u", cases[i].len);
	}
}

/*
 * Every single bit of the 80-bit entry, set in all-0x00 and cleared in
 * all-0xFF, and the two uniform entries themselves: each lands in exactly
 * its field, and the verdict follows the length alone.
 */
static void lan1qtsn_fz_rx_every_bit(struct kunit *test)
{
	u8 *raw = kunit_kmalloc(test, LAN1QTSN_RX_META_LEN, GFP_KERNEL);
	struct lan1qtsn_rx_meta meta;
	unsigned int bit, fill;

	KUNIT_ASSERT_NOT_NULL(test, raw);
	for (fill = 0; fill <= 0xff; fill += 0xff) {
		memset(raw, fill, LAN1QTSN_RX_META_LEN);
		if (!lan1qtsn_fz_rx_check(test, raw))
			return;
		for (bit = 0; bit < 8 * LAN1QTSN_RX_META_LEN; bit++) {
			memset(raw, fill, LAN1QTSN_RX_META_LEN);
			raw[bit / 8] ^= BIT(7 - bit % 8);
			if (!lan1qtsn_fz_rx_check(test, raw))
				return;
		}
	}
	/* All-0x00 is the "FIFO empty" answer, all-0xFF a vanished device. */
	memset(raw, 0, LAN1QTSN_RX_META_LEN);
	KUNIT_EXPECT_EQ(test, lan1qtsn_rx_meta_parse(raw, &meta), -ENODATA);
	memset(raw, 0xff, LAN1QTSN_RX_META_LEN);
	KUNIT_EXPECT_EQ(test, lan1qtsn_rx_meta_parse(raw, &meta), -EBADMSG);
}

/*
 * A read cut short leaves the rest of the entry as MISO idles (0x00 or
 * 0xFF): an entry cut before its length field never decodes as a frame.
 */
static void lan1qtsn_fz_rx_truncated(struct kunit *test)
{
	u8 *raw = kunit_kmalloc(test, LAN1QTSN_RX_META_LEN, GFP_KERNEL);
	struct lan1qtsn_rx_meta meta;
	u64 s = LAN1QTSN_FZ_SEED;
	unsigned int keep, round;

	KUNIT_ASSERT_NOT_NULL(test, raw);
	for (round = 0; round < 1000; round++) {
		for (keep = 0; keep <= LAN1QTSN_RX_META_LEN; keep++) {
			lan1qtsn_fz_bytes(&s, raw, LAN1QTSN_RX_META_LEN);
			memset(raw + keep, round & 1 ? 0xff : 0,
			       LAN1QTSN_RX_META_LEN - keep);
			if (!lan1qtsn_fz_rx_check(test, raw))
				return;
			if (keep <= LAN1QTSN_RX_META_LEN_OFF)
				KUNIT_EXPECT_NE(test, lan1qtsn_rx_meta_parse(raw, &meta), 0);
		}
	}
}

static void lan1qtsn_fz_rx_random(struct kunit *test)
{
	u8 *raw = kunit_kmalloc(test, LAN1QTSN_RX_META_LEN, GFP_KERNEL);
	u64 s = LAN1QTSN_FZ_SEED ^ 1;
	unsigned int round;

	KUNIT_ASSERT_NOT_NULL(test, raw);
	for (round = 0; round < 10 * LAN1QTSN_FZ_ROUNDS; round++) {
		lan1qtsn_fz_bytes(&s, raw, LAN1QTSN_RX_META_LEN);
		/* Half of them with a plausible length. */
		if (round & 1)
			put_unaligned_be16(lan1qtsn_fz_next(&s) % 1600,
					   raw + LAN1QTSN_RX_META_LEN_OFF);
		if (!lan1qtsn_fz_rx_check(test, raw))
			return;
	}
}

/* Bitwise reflected CRC-32, the definition the table-driven one must meet. */
static u32 lan1qtsn_fz_crc(const u8 *p, unsigned int len)
{
	u32 crc = ~0U;
	int k;

	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320U & -(crc & 1));
	}
	return ~crc;
}

/*
 * FCS check: true exactly when the last four bytes are the CRC of the
 * others, for every length up to a jumbo frame, all-0x00, all-0xFF and
 * random contents; a frame shorter than an FCS is never valid.
 */
static void lan1qtsn_fz_fcs_lengths(struct kunit *test)
{
	u64 s = LAN1QTSN_FZ_SEED ^ 2;
	unsigned int len, pat;
	u8 *buf;
	bool want;

	for (len = 0; len <= LAN1QTSN_RX_MAX_LEN + 1; len++) {
		/* Exact size: KASAN flags any read past the frame. */
		buf = kmalloc(len ? len : 1, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, buf);
		for (pat = 0; pat < 4; pat++) {
			if (pat < 2)
				memset(buf, pat ? 0xff : 0, len);
			else
				lan1qtsn_fz_bytes(&s, buf, len);
			if (pat == 3 && len >= LAN1QTSN_FCS_LEN)
				lan1qtsn_fcs_append(buf, len - LAN1QTSN_FCS_LEN);
			want = len >= LAN1QTSN_FCS_LEN &&
			       lan1qtsn_fz_crc(buf, len - LAN1QTSN_FCS_LEN) ==
			       get_unaligned_le32(buf + len - LAN1QTSN_FCS_LEN);
			if (lan1qtsn_fcs_valid(buf, len) != want) {
				KUNIT_FAIL(test, "length %u pattern %u: valid %d, want %d",
					   len, pat, !want, want);
				kfree(buf);
				return;
			}
			if (pat == 3 && len >= LAN1QTSN_FCS_LEN)
				KUNIT_EXPECT_TRUE(test, want);
		}
		kfree(buf);
	}
}

/*
 * CRC-32 detects every single-bit error and every burst of up to 32 bits:
 * a valid frame with any one bit flipped (every bit of short frames,
 * random bits of long ones) or a random burst is rejected.
 */
static void lan1qtsn_fz_fcs_flips(struct kunit *test)
{
	u64 s = LAN1QTSN_FZ_SEED ^ 3;
	unsigned int round, len, bit, nbits, i;
	u8 *buf;

	for (round = 0; round < 2000; round++) {
		len = LAN1QTSN_RX_MIN_LEN +
		      lan1qtsn_fz_next(&s) % (LAN1QTSN_RX_MAX_LEN - LAN1QTSN_RX_MIN_LEN + 1);
		if (round < 64)
			len = LAN1QTSN_RX_MIN_LEN + round;
		buf = kmalloc(len, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, buf);
		lan1qtsn_fz_bytes(&s, buf, len - LAN1QTSN_FCS_LEN);
		lan1qtsn_fcs_append(buf, len - LAN1QTSN_FCS_LEN);
		KUNIT_ASSERT_TRUE(test, lan1qtsn_fcs_valid(buf, len));
		nbits = round < 64 ? 8 * len : 64;
		for (i = 0; i < nbits; i++) {
			bit = round < 64 ? i : lan1qtsn_fz_next(&s) % (8 * len);
			buf[bit / 8] ^= BIT(bit % 8);
			if (lan1qtsn_fcs_valid(buf, len)) {
				KUNIT_FAIL(test, "length %u: bit %u flipped passes", len, bit);
				kfree(buf);
				return;
			}
			buf[bit / 8] ^= BIT(bit % 8);
		}
		/* A burst: first and last bit flipped, random ones between. */
		nbits = 2 + lan1qtsn_fz_next(&s) % 31;
		bit = lan1qtsn_fz_next(&s) % (8 * len - nbits + 1);
		for (i = 0; i < nbits; i++)
			if (!i || i == nbits - 1 || (lan1qtsn_fz_next(&s) & 1))
				buf[(bit + i) / 8] ^= BIT((bit + i) % 8);
		KUNIT_EXPECT_FALSE_MSG(test, lan1qtsn_fcs_valid(buf, len),
				       "length %u: burst of %u bits at %u passes", len, nbits,
				       bit);
		kfree(buf);
	}
}

/* TX metadata decoded field by field from device-spec.md section 3. */
struct lan1qtsn_fz_tx_meta {
	u32 from, to, dfrom, dto;
	u8 prio[4];
	u16 frame_len, tsid;
	u8 policy;
	bool rsvd_zero;
};

static void lan1qtsn_fz_tx_decode(const u8 *meta, struct lan1qtsn_fz_tx_meta *d)
{
	u32 w[4];
	int i;

	for (i = 0; i < 4; i++) {
		w[i] = get_unaligned_be32(meta + 4 * i);
		d->prio[i] = w[i] & 7;
	}
	d->from = w[0] >> 3;
	d->to = w[1] >> 3;
	d->dfrom = w[2] >> 3;
	d->dto = w[3] >> 3;
	d->frame_len = get_unaligned_be16(meta + 16);
	d->tsid = get_unaligned_be16(meta + 18);
	d->policy = meta[20];
	d->rsvd_zero = !memchr_inv(meta + 21, 0, LAN1QTSN_TX_META_LEN - 21);
}

/*
 * Encode random windows, lengths, slots and policies: the encoder accepts
 * exactly the encodable ones, leaves the block untouched when it refuses,
 * and what it writes decodes back to the input (format then parse is the
 * identity on the fields' bits).
 */
static void lan1qtsn_fz_tx_meta_roundtrip(struct kunit *test)
{
	u8 *meta = kunit_kmalloc(test, LAN1QTSN_TX_META_LEN, GFP_KERNEL);
	u8 before[LAN1QTSN_TX_META_LEN];
	struct lan1qtsn_fz_tx_meta d;
	struct lan1qtsn_tx_window win;
	u64 s = LAN1QTSN_FZ_SEED ^ 4;
	unsigned int round, fcs_len, i;
	u16 flen;
	bool ok;
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, meta);
	for (round = 0; round < LAN1QTSN_FZ_ROUNDS; round++) {
		u64 r = lan1qtsn_fz_next(&s);

		win.from = lan1qtsn_fz_next(&s);
		win.to = lan1qtsn_fz_next(&s);
		win.delay_from = lan1qtsn_fz_next(&s);
		win.delay_to = lan1qtsn_fz_next(&s);
		win.prio = r;
		win.fail_policy = (r >> 8) % 4;
		win.timestamp_id = (r >> 16) % 7;
		fcs_len = (r >> 24) % 3 ? LAN1QTSN_FCS_LEN : 0;
		if (!((r >> 26) % 17))
			fcs_len = 1 + (r >> 32) % 3;	/* invalid */
		flen = (r >> 40) % 1700;
		if ((r >> 56) % 4 == 0)	/* near the limits */
			flen = ((r >> 58) & 1 ? LAN1QTSN_MIN_FRAME_NOFCS :
				LAN1QTSN_MAX_FRAME_NOFCS) + fcs_len + (r >> 59) % 3 - 1;

		lan1qtsn_fz_bytes(&s, meta, LAN1QTSN_TX_META_LEN);
		memcpy(before, meta, sizeof(before));
		ret = lan1qtsn_tx_meta_encode(meta, &win, flen, fcs_len);
		ok = (fcs_len == 0 || fcs_len == LAN1QTSN_FCS_LEN) &&
		     flen >= LAN1QTSN_MIN_FRAME_NOFCS + fcs_len &&
		     flen <= LAN1QTSN_MAX_FRAME_NOFCS + fcs_len &&
		     win.timestamp_id <= LAN1QTSN_TS_SLOTS &&
		     win.fail_policy <= LAN1QTSN_FAIL_RETRY;
		if (ret != (ok ? 0 : -EINVAL)) {
			KUNIT_FAIL(test, "len %u fcs %u tsid %u policy %u: ret %d",
				   flen, fcs_len, win.timestamp_id, win.fail_policy, ret);
			return;
		}
		if (!ok) {
			KUNIT_EXPECT_MEMEQ(test, meta, before, sizeof(before));
			continue;
		}
		lan1qtsn_fz_tx_decode(meta, &d);
		KUNIT_EXPECT_EQ(test, d.from, win.from & LAN1QTSN_TICK_MASK);
		KUNIT_EXPECT_EQ(test, d.to, win.to & LAN1QTSN_TICK_MASK);
		KUNIT_EXPECT_EQ(test, d.dfrom, win.delay_from & LAN1QTSN_TICK_MASK);
		KUNIT_EXPECT_EQ(test, d.dto, win.delay_to & LAN1QTSN_TICK_MASK);
		for (i = 0; i < 4; i++)
			KUNIT_EXPECT_EQ(test, d.prio[i], win.prio & LAN1QTSN_PRIO_MASK);
		KUNIT_EXPECT_EQ(test, d.frame_len, flen);
		KUNIT_EXPECT_EQ(test, d.tsid, win.timestamp_id);
		KUNIT_EXPECT_EQ(test, d.policy, win.fail_policy);
		KUNIT_EXPECT_TRUE(test, d.rsvd_zero);
		if (test->status == KUNIT_FAILURE)
			return;
	}
}

/*
 * Every length the stack can hand over: the padded TX length is the
 * Ethernet minimum or more, and the encoder takes it iff the frame fits.
 */
static void lan1qtsn_fz_tx_every_length(struct kunit *test)
{
	u8 meta[LAN1QTSN_TX_META_LEN];
	struct lan1qtsn_tx_window win;
	unsigned int len, fcs, want;
	int ret, want_ret;
	u16 flen;

	lan1qtsn_tx_window_always_open(&win, 0);
	for (fcs = 0; fcs <= LAN1QTSN_FCS_LEN; fcs += LAN1QTSN_FCS_LEN) {
		for (len = 0; len <= 2 * LAN1QTSN_MAX_FRAME_NOFCS; len++) {
			flen = lan1qtsn_tx_frame_len(len, fcs);
			want = max_t(unsigned int, len, LAN1QTSN_MIN_FRAME_NOFCS) + fcs;
			ret = lan1qtsn_tx_meta_encode(meta, &win, flen, fcs);
			want_ret = len <= LAN1QTSN_MAX_FRAME_NOFCS ? 0 : -EINVAL;
			KUNIT_EXPECT_EQ_MSG(test, flen, want, "len %u fcs %u", len, fcs);
			KUNIT_EXPECT_EQ_MSG(test, ret, want_ret, "len %u fcs %u", len, fcs);
			if (test->status == KUNIT_FAILURE)
				return;
		}
	}
}

/* Credits: the count is the 8-bit field whatever the other bits say. */
static void lan1qtsn_fz_credits(struct kunit *test)
{
	struct lan1qtsn_tx_credits cr;
	u64 s = LAN1QTSN_FZ_SEED ^ 5;
	unsigned int round, n;
	u32 status;

	for (round = 0; round < 2000; round++) {
		status = lan1qtsn_fz_next(&s);
		if (round < 2)
			status = round ? U32_MAX : 0;
		KUNIT_EXPECT_EQ(test, lan1qtsn_credits_refresh(&cr, status), status & 0xff);
		for (n = 0; lan1qtsn_credits_take(&cr); n++)
			;
		KUNIT_EXPECT_EQ(test, n, status & 0xff);
		KUNIT_EXPECT_EQ(test, cr.avail, 0U);
	}
}

static struct kunit_case lan1qtsn_fuzz_cases[] = {
	KUNIT_CASE(lan1qtsn_fz_rx_every_length),
	KUNIT_CASE(lan1qtsn_fz_rx_boundaries),
	KUNIT_CASE(lan1qtsn_fz_rx_every_bit),
	KUNIT_CASE(lan1qtsn_fz_rx_truncated),
	KUNIT_CASE(lan1qtsn_fz_rx_random),
	KUNIT_CASE(lan1qtsn_fz_fcs_lengths),
	KUNIT_CASE(lan1qtsn_fz_fcs_flips),
	KUNIT_CASE(lan1qtsn_fz_tx_meta_roundtrip),
	KUNIT_CASE(lan1qtsn_fz_tx_every_length),
	KUNIT_CASE(lan1qtsn_fz_credits),
	{}
};

static struct kunit_suite lan1qtsn_fuzz_suite = {
	.name = "lan1qtsn_frame_fuzz",
	.test_cases = lan1qtsn_fuzz_cases,
};

kunit_test_suite(lan1qtsn_fuzz_suite);

MODULE_DESCRIPTION("KUnit fuzz cases for the LAN1QTSN decoders and checks");
MODULE_LICENSE("GPL");
