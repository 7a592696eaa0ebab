// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit fuzz cases for the device model's SPI command parser
 * (emu_model_xfer() and the handlers behind it): every command byte with
 * every address space, message lengths around each limit, every register
 * offset with every burst length, metadata and frame reads of every length,
 * TX writes around the frame length limits, all-0x00 and all-0xFF payloads,
 * and pseudo-random messages from a local xorshift64 with a constant seed
 * (a failure names an input that reproduces on every run).
 *
 * Each message is checked against a decoding of the command header written
 * out here from device-spec.md section 1: a message the header already
 * rules out counts exactly one violation of the right kind, answers all
 * zeros and changes nothing; MISO is 0 while the header is shifted in; a
 * register access is accepted iff it is one or two aligned words inside
 * the map; reads return what the register file holds; the FIFO and queue
 * counts stay within their limits. tests/fuzz/ fuzzes the same model with
 * libFuzzer in user space; this suite runs the fixed cases in the kernel.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/unaligned.h>

/* Linkage as in emu_kunit.c: the model is lan1qtsn_emu.ko's, exported to us. */
#include "emu_faults.h"
#include "emu_model.h"

/* A string here in every kernel; 6.13 made MODULE_IMPORT_NS() take one. */
MODULE_INFO(import_ns, "EXPORTED_FOR_KUNIT_TESTING");

#define EFZ_SEED	0x2545f4914f6cdd1dULL
#define EFZ_T0		1000000000ULL
#define EFZ_MSG_MAX	2048

struct efz {
	struct emu_model m;
	u64 now;
	u8 tx[EFZ_MSG_MAX], rx[EFZ_MSG_MAX];
};

/* State a rejected message must leave alone. */
struct efz_snap {
	struct emu_regs regs;
	u32 meta_count, meta_head, unread, fifo_bytes, fifo_head;
	u32 txq_count, tx_seq;
	u64 viol[EMU_V_COUNT], viol_total;
};

static u64 efz_next(u64 *s)
{
	u64 x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

static struct efz *efz_new(struct kunit *test, bool device_fcs)
{
	struct emu_model_cfg cfg = {
		.turnaround = true,
		.latch = true,
		.device_fcs = device_fcs,
		.spi_hz = 15000000,
		.start_tick = 1000,
		.rx_meta_limit = 8,
		.rx_fifo_limit = 4096,
		.tx_buffers = 4,
		.system_info = EMU_DEF_SYSTEM_INFO,
	};
	struct efz *f;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_ASSERT_EQ(test, emu_model_init(&f->m, &cfg, NULL, NULL, 7, EFZ_T0), 0);
	f->now = EFZ_T0;
	test->priv = f;
	return f;
}

static void efz_exit(struct kunit *test)
{
	struct efz *f = test->priv;

	if (f)
		emu_model_free(&f->m);
}

static void efz_snap(const struct emu_model *m, struct efz_snap *s)
{
	int i;

	s->regs = m->regs;
	s->meta_count = m->meta_count;
	s->meta_head = m->meta_head;
	s->unread = m->unread_frames;
	s->fifo_bytes = m->fifo_bytes;
	s->fifo_head = m->fifo_head;
	s->txq_count = m->txq_count;
	s->tx_seq = m->tx_seq;
	s->viol_total = 0;
	for (i = 0; i < EMU_V_COUNT; i++) {
		s->viol[i] = m->stats.violations[i];
		s->viol_total += s->viol[i];
	}
}

static bool efz_zero(const u8 *p, u32 len)
{
	return !len || !memchr_inv(p, 0, len);
}

/*
 * The violation the command header alone implies (device-spec.md section
 * 1), or -1 when the header is acceptable and the handler decides.
 */
static int efz_header_verdict(const u8 *tx, u32 len, bool turnaround)
{
	u16 addr, space, off;

	if (len < LAN1QTSN_HDR_LEN)
		return EMU_V_BAD_LENGTH;
	addr = get_unaligned_be16(tx + 1);
	space = addr & LAN1QTSN_SPACE_MASK;
	off = addr & LAN1QTSN_REG_MASK;
	switch (tx[0]) {
	case LAN1QTSN_CMD_WRITE:
		if ((space == LAN1QTSN_SPACE_TX_FRAME && !off) ||
		    space == LAN1QTSN_SPACE_REG_WRITE)
			return -1;
		return EMU_V_BAD_SPACE;
	case LAN1QTSN_CMD_READ:
		if (len < LAN1QTSN_HDR_LEN + turnaround)
			return EMU_V_BAD_LENGTH;
		if ((space == LAN1QTSN_SPACE_RX_META && !off) ||
		    (space == LAN1QTSN_SPACE_RX_FRAME && !off) ||
		    space == LAN1QTSN_SPACE_REG_READ)
			return -1;
		return EMU_V_BAD_SPACE;
	default:
		return EMU_V_UNKNOWN_CMD;
	}
}

/*
 * One message with the checks every message gets; returns false (after
 * reporting) when one failed, so that a sweep stops at its first failure.
 */
static bool efz_xfer(struct kunit *test, struct efz *f, u32 len, u32 byte_ns)
{
	struct emu_model *m = &f->m;
	bool ta = m->cfg.turnaround;
	int want = efz_header_verdict(f->tx, len, ta);
	struct emu_xfer_result res;
	u64 trans = m->stats.bus_transactions;
	struct efz_snap a, b;
	u32 alloc = m->fifo_cap + m->fifo_cap / 4 + 64;

	efz_snap(m, &a);
	memset(f->rx, 0xa5, len);
	emu_model_xfer(m, f->tx, f->rx, len, f->now, byte_ns, &res);
	f->now += (u64)len * byte_ns + 1000;
	efz_snap(m, &b);

	if (m->stats.bus_transactions != trans + 1 ||
	    !efz_zero(f->rx, min_t(u32, len, LAN1QTSN_HDR_LEN + ta)) ||
	    res.irq_edge || m->meta_count > m->meta_cap ||
	    m->fifo_bytes > alloc || m->txq_count > m->txq_cap ||
	    m->irq_low != !!m->meta_count ||
	    a.meta_count - b.meta_count > 1 || b.tx_seq - a.tx_seq > 1) {
		KUNIT_FAIL(test, "message %*ph (%u bytes): invariant broken", min(len, 8U),
			   f->tx, len);
		return false;
	}
	if (want < 0) {
		/* Accepted header: no header-level violation may appear. */
		if (b.viol[EMU_V_UNKNOWN_CMD] != a.viol[EMU_V_UNKNOWN_CMD] ||
		    b.viol[EMU_V_BAD_SPACE] != a.viol[EMU_V_BAD_SPACE]) {
			KUNIT_FAIL(test, "message %*ph (%u bytes): header refused", min(len, 8U),
				   f->tx, len);
			return false;
		}
		return true;
	}
	if (b.viol[want] != a.viol[want] + 1 || b.viol_total != a.viol_total + 1 ||
	    !efz_zero(f->rx, len) || memcmp(&a.regs, &b.regs, sizeof(a.regs)) ||
	    a.meta_count != b.meta_count || a.meta_head != b.meta_head ||
	    a.unread != b.unread || a.fifo_bytes != b.fifo_bytes ||
	    a.fifo_head != b.fifo_head || a.txq_count != b.txq_count ||
	    a.tx_seq != b.tx_seq) {
		KUNIT_FAIL(test, "message %*ph (%u bytes): want only violation %s",
			   min(len, 8U), f->tx, len, emu_violation_names[want]);
		return false;
	}
	return true;
}

/*
 * Every command byte with every address space, a few offsets and lengths
 * around the header and turnaround, with all-0x00 and all-0xFF payloads,
 * with and without the turnaround byte.
 */
static void efz_every_header(struct kunit *test)
{
	static const u16 offs[] = { 0, 4, LAN1QTSN_REG_MASK };
	static const u32 lens[] = { 0, 1, 2, 3, 4, 5, 7, 11 };
	struct efz *f = efz_new(test, false);
	unsigned int i, n, cmd, space, o, l, fill;

	/* One index over turnaround x fill x command x space x offset x length. */
	n = 2 * 2 * 256 * 16 * ARRAY_SIZE(offs) * ARRAY_SIZE(lens);
	for (i = 0; i < n; i++) {
		l = i % ARRAY_SIZE(lens);
		o = i / ARRAY_SIZE(lens) % ARRAY_SIZE(offs);
		space = i / (ARRAY_SIZE(lens) * ARRAY_SIZE(offs)) % 16;
		cmd = i / (ARRAY_SIZE(lens) * ARRAY_SIZE(offs) * 16) % 256;
		fill = i / (ARRAY_SIZE(lens) * ARRAY_SIZE(offs) * 16 * 256) % 2 ? 0xff : 0;
		f->m.cfg.turnaround = i >= n / 2;
		memset(f->tx, fill, 16);
		f->tx[0] = cmd;
		put_unaligned_be16(space << 12 | offs[o], f->tx + 1);
		if (!efz_xfer(test, f, lens[l], 534))
			return;
	}
	/* Uniform messages of every length: a vanished or shorted MOSI. */
	for (fill = 0; fill <= 0xff; fill += 0xff) {
		for (l = 0; l <= 64; l++) {
			memset(f->tx, fill, l);
			if (!efz_xfer(test, f, l, 534))
				return;
			KUNIT_EXPECT_TRUE(test, efz_zero(f->rx, l));
		}
	}
}

/* Writable words of the register map (device-spec.md section 5). */
static bool efz_reg_writable(u32 reg)
{
	switch (reg) {
	case LAN1QTSN_TSN_SYSTEM_CONTROL_L:
	case LAN1QTSN_TSN_SYSTEM_CONTROL_L - 4:
	case LAN1QTSN_TSN_RX_CONTROL_H:
	case LAN1QTSN_TSN_RX_CONTROL_L:
	case LAN1QTSN_TSN_TX_CONTROL_L:
	case LAN1QTSN_TSN_TX_CONTROL_L - 4:
	case LAN1QTSN_TSN_MAC_ADDR_H:
	case LAN1QTSN_TSN_MAC_ADDR_L:
	case LAN1QTSN_PPS_PULSE_AT_H:
	case LAN1QTSN_PPS_PULSE_AT_H + 4:
	case LAN1QTSN_PPS_CYCLE_1S_H:
	case LAN1QTSN_PPS_CYCLE_1S_H + 4:
		return true;
	default:
		return false;
	}
}

/* One register read and one write of zeros at @reg, @dlen bytes. */
static bool efz_reg_access(struct kunit *test, struct efz *f, u32 reg, u32 dlen)
{
	struct emu_model *m = &f->m;
	bool ok = (dlen == 4 || dlen == 8) && !(reg & 3) &&
		  reg + dlen - 4 <= LAN1QTSN_REG_LAST;
	u32 want = dlen == 4 || dlen == 8 ? EMU_V_BAD_REG : EMU_V_BAD_LENGTH;
	u32 hdr = LAN1QTSN_HDR_LEN + 1, i, ro_words = 0;
	u64 before = m->stats.violations[want], t = f->now;

	/* Read, at a frozen time (byte_ns 0). */
	memset(f->tx, 0, hdr + dlen);
	f->tx[0] = LAN1QTSN_CMD_READ;
	put_unaligned_be16(LAN1QTSN_SPACE_REG_READ | reg, f->tx + 1);
	if (!efz_xfer(test, f, hdr + dlen, 0))
		return false;
	if (!ok && (m->stats.violations[want] != before + 1 ||
		    !efz_zero(f->rx, hdr + dlen))) {
		KUNIT_FAIL(test, "read of %u bytes at 0x%03x not refused as %s", dlen, reg,
			   emu_violation_names[want]);
		return false;
	}
	for (i = 0; ok && i < dlen / 4; i++) {
		if (get_unaligned_be32(f->rx + hdr + 4 * i) !=
		    emu_model_reg_read(m, reg + 4 * i, t)) {
			KUNIT_FAIL(test, "read of %u bytes at 0x%03x: word %u differs", dlen,
				   reg, i);
			return false;
		}
	}

	/* Write zeros: harmless to every writable word. */
	hdr = LAN1QTSN_HDR_LEN;
	memset(f->tx, 0, hdr + dlen);
	f->tx[0] = LAN1QTSN_CMD_WRITE;
	put_unaligned_be16(LAN1QTSN_SPACE_REG_WRITE | reg, f->tx + 1);
	before = m->stats.violations[EMU_V_RO_WRITE];
	if (!efz_xfer(test, f, hdr + dlen, 0))
		return false;
	for (i = 0; ok && i < dlen / 4; i++)
		ro_words += !efz_reg_writable(reg + 4 * i);
	if (m->stats.violations[EMU_V_RO_WRITE] != before + ro_words) {
		KUNIT_FAIL(test, "write of %u bytes at 0x%03x: %llu ro_write, want %u", dlen,
			   reg, m->stats.violations[EMU_V_RO_WRITE] - before, ro_words);
		return false;
	}
	return true;
}

/*
 * Every register offset (aligned or not) with every burst length, latched
 * and not: accepted iff one or two aligned words inside the map; an
 * accepted read returns the register file word by word, an accepted write
 * to a read-only word counts one ro_write per word.
 */
static void efz_reg_map(struct kunit *test)
{
	struct efz *f = efz_new(test, false);
	u32 reg, dlen, latch;

	for (latch = 0; latch < 2; latch++) {
		f->m.cfg.latch = latch;
		for (reg = 0; reg <= LAN1QTSN_REG_MASK; reg++)
			for (dlen = 0; dlen <= 12; dlen++)
				if (!efz_reg_access(test, f, reg, dlen))
					return;
	}
}

static void efz_enable(struct kunit *test, struct efz *f)
{
	f->tx[0] = LAN1QTSN_CMD_WRITE;
	put_unaligned_be16(LAN1QTSN_SPACE_REG_WRITE | LAN1QTSN_TSN_SYSTEM_CONTROL_L, f->tx + 1);
	put_unaligned_be32(LAN1QTSN_TSN_ENABLE, f->tx + 3);
	KUNIT_ASSERT_TRUE(test, efz_xfer(test, f, 7, 534));
	KUNIT_ASSERT_EQ(test, f->m.regs.system_control, LAN1QTSN_TSN_ENABLE);
}

/*
 * One frame of @len bytes through both FIFOs: a metadata read of @mlen
 * bytes, a frame read of @dlen bytes, each checked.
 */
static void efz_fifo_pass(struct kunit *test, struct efz *f, const u8 *frame,
			  u16 len, u32 mlen, u32 dlen)
{
	struct emu_model *m = &f->m;
	u32 hdr = LAN1QTSN_HDR_LEN + 1;
	u8 entry[LAN1QTSN_RX_META_LEN];
	u64 shorts;

	f->now += 100000;
	emu_model_rx(m, frame, len, f->now);
	KUNIT_ASSERT_EQ(test, m->meta_count, 1U);
	put_unaligned_be64(m->meta[m->meta_head].tstamp, entry);
	put_unaligned_be16(len, entry + LAN1QTSN_RX_META_LEN_OFF);

	memset(f->tx, 0, hdr + max(mlen, dlen));
	f->tx[0] = LAN1QTSN_CMD_READ;
	put_unaligned_be16(LAN1QTSN_SPACE_RX_META, f->tx + 1);
	shorts = m->stats.violations[EMU_V_SHORT_META_READ];
	KUNIT_ASSERT_TRUE(test, efz_xfer(test, f, hdr + mlen, 534));
	KUNIT_ASSERT_EQ(test, m->meta_count, 0U);
	KUNIT_ASSERT_EQ(test, m->unread_frames, 1U);
	KUNIT_ASSERT_EQ(test, m->stats.violations[EMU_V_SHORT_META_READ],
			shorts + (mlen < LAN1QTSN_RX_META_LEN));
	KUNIT_ASSERT_EQ(test, memcmp(f->rx + hdr, entry, min_t(u32, mlen, sizeof(entry))), 0);
	if (mlen > sizeof(entry))
		KUNIT_ASSERT_TRUE(test, efz_zero(f->rx + hdr + sizeof(entry),
						 mlen - sizeof(entry)));

	put_unaligned_be16(LAN1QTSN_SPACE_RX_FRAME, f->tx + 1);
	shorts = m->stats.violations[EMU_V_SHORT_FRAME_READ];
	KUNIT_ASSERT_TRUE(test, efz_xfer(test, f, hdr + dlen, 534));
	KUNIT_ASSERT_EQ(test, m->fifo_bytes, 0U);
	KUNIT_ASSERT_EQ(test, m->unread_frames, 0U);
	KUNIT_ASSERT_EQ(test, m->stats.violations[EMU_V_SHORT_FRAME_READ],
			shorts + (dlen < len));
	KUNIT_ASSERT_EQ(test, memcmp(f->rx + hdr, frame, min_t(u32, dlen, len)), 0);
	if (dlen > len)
		KUNIT_ASSERT_TRUE(test, efz_zero(f->rx + hdr + len, dlen - len));
}

/*
 * Metadata reads of every length 0..24 and frame reads around the frame
 * length, of all-0x00, all-0xFF and random frames: each read pops exactly
 * one entry or frame, returns its prefix and zeros after it, and counts a
 * short read iff it was short.
 */
static void efz_fifo_reads(struct kunit *test)
{
	static const u16 flens[] = { 4, 18, 64, 65, 1518, 1526 };
	static const s32 deltas[] = { -100, -1, 0, 1, 100 };
	u8 *frame = kunit_kmalloc(test, EMU_TX_BUF_LEN, GFP_KERNEL);
	struct efz *f = efz_new(test, false);
	u32 mlen, k, fl, d, len;
	u64 s = EFZ_SEED;

	KUNIT_ASSERT_NOT_NULL(test, frame);
	efz_enable(test, f);
	for (mlen = 0; mlen <= 24; mlen++) {
		for (fl = 0; fl < ARRAY_SIZE(flens); fl++) {
			len = flens[fl];
			for (d = 0; d < ARRAY_SIZE(deltas); d++) {
				for (k = 0; k < len; k++)
					frame[k] = mlen % 3 == 0 ? 0 : mlen % 3 == 1 ? 0xff :
						   efz_next(&s) >> 56;
				efz_fifo_pass(test, f, frame, len, mlen,
					      max_t(s32, 0, (s32)len + deltas[d]));
			}
		}
	}
}

/*
 * TX writes with 0..40 bytes after the header and bodies around both frame
 * length limits, the frame_length field right or off by one, host and
 * device FCS: accepted iff the metadata is complete, frame_length equals
 * the body and lies in range, and a buffer is free.
 */
static void efz_tx_lengths(struct kunit *test)
{
	static const s32 edges[] = { -2, -1, 0, 1, 2 };
	struct emu_model *m;
	struct efz *f;
	u32 n, e, lim, body, min_len, max_len, hdr = LAN1QTSN_HDR_LEN;
	s32 skew;
	bool dev, ok;
	u16 flen;

	for (dev = false; ; dev = true) {
		if (dev)
			efz_exit(test);
		f = efz_new(test, dev);
		m = &f->m;
		min_len = EMU_TX_MIN_FRAME_NOFCS + (dev ? 0 : LAN1QTSN_FCS_LEN);
		max_len = EMU_TX_MAX_FRAME_NOFCS + (dev ? 0 : LAN1QTSN_FCS_LEN);
		for (n = 0; n < 400; n++) {
			lim = n % 2 ? max_len : min_len;
			e = n / 2 % ARRAY_SIZE(edges);
			skew = (n / 10) % 3 - 1;
			body = lim + edges[e];
			memset(f->tx, n % 4 ? 0 : 0xff, sizeof(f->tx));
			f->tx[0] = LAN1QTSN_CMD_WRITE;
			put_unaligned_be16(LAN1QTSN_SPACE_TX_FRAME, f->tx + 1);
			flen = body + skew;
			put_unaligned_be16(flen, f->tx + hdr + LAN1QTSN_TX_META_FLEN_OFF);
			/* n < 64: messages too short to hold the metadata. */
			if (n < 64) {
				if (!efz_xfer(test, f, hdr + n / 2, 534))
					return;
				KUNIT_ASSERT_EQ(test, m->txq_count, 0U);
				continue;
			}
			ok = flen == body && flen >= min_len && flen <= max_len;
			if (!efz_xfer(test, f, hdr + LAN1QTSN_TX_META_LEN + body, 534))
				return;
			KUNIT_ASSERT_EQ_MSG(test, m->txq_count, ok ? 1U : 0U,
					    "body %u frame_length %u device_fcs %d", body, flen,
					    dev);
			/* The queue empties with a reset; the pool is never exhausted. */
			emu_model_reset(m, f->now);
		}
		/* The pool: four buffers, the fifth write is refused. */
		memset(f->tx, 0, sizeof(f->tx));
		f->tx[0] = LAN1QTSN_CMD_WRITE;
		put_unaligned_be16(LAN1QTSN_SPACE_TX_FRAME, f->tx + 1);
		put_unaligned_be16(min_len, f->tx + hdr + LAN1QTSN_TX_META_FLEN_OFF);
		body = LAN1QTSN_TX_META_LEN + min_len;
		for (n = 0; n < 6; n++) {
			KUNIT_ASSERT_TRUE(test, efz_xfer(test, f, hdr + body, 534));
			KUNIT_ASSERT_EQ(test, m->txq_count, min(n + 1, 4U));
		}
		KUNIT_EXPECT_EQ(test, m->stats.violations[EMU_V_TX_NO_BUFFER], 2ULL);
		if (dev)
			break;
	}
}

/*
 * Random messages, biased towards valid commands and spaces, mixed with
 * frames arriving from the wire: every message passes efz_xfer()'s checks.
 */
static void efz_random(struct kunit *test)
{
	static const u16 spaces[] = {
		LAN1QTSN_SPACE_RX_FRAME, LAN1QTSN_SPACE_TX_FRAME,
		LAN1QTSN_SPACE_REG_READ, LAN1QTSN_SPACE_REG_WRITE,
		LAN1QTSN_SPACE_RX_META,
	};
	struct efz *f = efz_new(test, false);
	u64 s = EFZ_SEED ^ 1, r;
	u32 round, len, i;
	u16 addr;

	efz_enable(test, f);
	for (round = 0; round < 50000; round++) {
		r = efz_next(&s);
		if (r % 8 == 0) {
			len = r >> 8 & 0x7ff;
			len = min_t(u32, len, EFZ_MSG_MAX);
			for (i = 0; i < len; i++)
				f->tx[i] = efz_next(&s);
			emu_model_rx(&f->m, f->tx, len, f->now);
			f->now += 10000;
			continue;
		}
		len = r >> 8 & 0x3f;
		if (r >> 16 & 1)
			len = r >> 17 & 0x7ff;
		len = min_t(u32, len, EFZ_MSG_MAX);
		for (i = 0; i < len; i++)
			f->tx[i] = efz_next(&s);
		if (len && (r >> 30) % 4)
			f->tx[0] = (r >> 32) & 1 ? LAN1QTSN_CMD_READ : LAN1QTSN_CMD_WRITE;
		if (len >= 3 && (r >> 34) % 4) {
			addr = spaces[(r >> 36) % ARRAY_SIZE(spaces)];
			if ((r >> 40) % 2)
				addr |= (r >> 41) & LAN1QTSN_REG_MASK;
			put_unaligned_be16(addr, f->tx + 1);
		}
		f->m.cfg.turnaround = (r >> 60) % 8;
		if (!efz_xfer(test, f, len, (r >> 56) % 2 ? 534 : 0))
			return;
	}
}

/*
 * A PPS cycle that carries the next pulse past 2^64 stops the pulses
 * (found by tests/fuzz: the sum wrapped below the counter and the pulse
 * loop ran for up to 2^64 iterations, in atomic context).
 */
static void efz_pps_cycle_wrap(struct kunit *test)
{
	struct efz *f = efz_new(test, false);
	struct emu_model *m = &f->m;
	u64 at;

	m->cfg.start_tick = 1ULL << 40;
	emu_model_reset(m, f->now);
	f->now += 1000000;
	at = emu_model_counter(m, f->now) - 10;
	f->tx[0] = LAN1QTSN_CMD_WRITE;
	put_unaligned_be16(LAN1QTSN_SPACE_REG_WRITE | LAN1QTSN_PPS_CYCLE_1S_H, f->tx + 1);
	put_unaligned_be64(U64_MAX, f->tx + 3);
	KUNIT_ASSERT_TRUE(test, efz_xfer(test, f, 11, 0));
	put_unaligned_be16(LAN1QTSN_SPACE_REG_WRITE | LAN1QTSN_PPS_PULSE_AT_H, f->tx + 1);
	put_unaligned_be64(at, f->tx + 3);
	KUNIT_ASSERT_TRUE(test, efz_xfer(test, f, 11, 0));
	KUNIT_EXPECT_LE(test, m->stats.pps_pulses, 2ULL);
	KUNIT_EXPECT_EQ(test, m->pps_next, 0ULL);
	f->now += 1000000000;
	emu_model_advance(m, f->now);
	KUNIT_EXPECT_LE(test, m->stats.pps_pulses, 2ULL);
}

static struct kunit_case efz_cases[] = {
	KUNIT_CASE(efz_every_header),
	KUNIT_CASE(efz_reg_map),
	KUNIT_CASE(efz_fifo_reads),
	KUNIT_CASE(efz_tx_lengths),
	KUNIT_CASE(efz_random),
	KUNIT_CASE(efz_pps_cycle_wrap),
	{}
};

static struct kunit_suite efz_suite = {
	.name = "lan1qtsn_emu_fuzz",
	.exit = efz_exit,
	.test_cases = efz_cases,
};

kunit_test_suites(&efz_suite);

MODULE_DESCRIPTION("KUnit fuzz cases for the LAN1QTSN device model's SPI parser");
MODULE_LICENSE("GPL");
