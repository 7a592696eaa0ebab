// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the emulator's pure model (the files of
 * rig_pure_sources in tests/rig/lib.sh, compiled unmodified against
 * include/kshim.h).
 *
 * The input is a configuration header and then a sequence of operations,
 * each an opcode byte and its arguments: raw SPI messages, well-formed
 * register reads and writes, metadata and frame reads, TX frame writes,
 * frames arriving from the wire, time advancing, resets, oscillator and
 * fault-knob changes. After every operation the harness checks what the
 * model promises (docs/device-spec.md, docs/emulator.md), against a shadow
 * it keeps itself:
 *
 *  - SPI parsing: a message shorter than its header, an unknown command or
 *    a wrong address space counts exactly one violation of the right kind,
 *    answers all zeros and changes no FIFO, queue or register; MISO is 0
 *    during the command header of every message; bus counters add up.
 *  - RX: a frame is accepted iff TSN is enabled, its length is 4..1526,
 *    the FCS is right when checking is on and both FIFOs have room; the
 *    frame FIFO's length chain walks exactly over its bytes and 16-byte
 *    beats; while the FIFOs are paired, the metadata entries and the
 *    frames agree one to one, metadata reads return the length and
 *    frame reads return the bytes the harness delivered, timestamps do not
 *    go backwards; the IRQ line is low iff an entry is queued, and only an
 *    arrival into empty FIFOs makes an edge; a register read of
 *    TSN_RX_FIFO_STATUS reports the counts.
 *  - TX: a write is accepted iff it carries metadata, its frame_length
 *    equals the bytes that follow and lies in range, and a buffer is free;
 *    frames leave in write order, unchanged, with a valid FCS when one was
 *    written, never overlapping on the wire; a frame started "in window"
 *    started inside its window; every accepted frame is sent, dropped
 *    (window passed, reset) or still queued.
 *
 * Any broken promise aborts, and libFuzzer reports it as a crash, as it
 * does every AddressSanitizer or UndefinedBehaviorSanitizer report.
 *
 * Built with -DFUZZ_CANARY, the harness reads past a heap buffer when a
 * metadata read returns an odd frame_length above 1000 (the seeds have
 * only even ones; one flipped bit makes one): tests/fuzz/run.sh uses it
 * to prove that a finding fails the run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu_faults.h"
#include "emu_model.h"

#define FZ_MAX_OPS	400
#define FZ_MSG_MAX	1600
#define FZ_SHADOW	1024	/* > frames the FIFO can hold (16 KiB / 16) */
#define FZ_T0		1000000000ULL

#define fz_assert(c) \
	do { \
		if (!(c)) { \
			fprintf(stderr, "emu_fuzz: %s:%d: invariant broken: %s\n", \
				__FILE__, __LINE__, #c); \
			abort(); \
		} \
	} while (0)

struct fz_rx_shadow {
	u16 len;
	u8 tag;
	bool fcs_bad;
};

struct fz {
	const u8 *p;
	size_t n;
	struct emu_model m;
	u64 now;
	u32 byte_ns;
	bool faults;	/* fault rates on: content checks relax */

	/* RX shadow: every frame in the frame FIFO, oldest first. */
	struct fz_rx_shadow rxq[FZ_SHADOW];
	u32 rxq_head, rxq_count;
	bool paired;
	u64 last_meta_ts;
	u64 rx_accepted;
	u16 last_meta_len;

	/* TX shadow: hash of every queued frame, by the model's seq. */
	struct { u64 hash; u16 len; bool fcs_ok; } txs[256];
	u32 tx_id;		/* pattern tag of the next TX frame */
	u64 tx_accepted;
	u64 out_frames;
	u64 out_last_end;
	u32 out_last_seq;
	u64 launch_seen;
};

static struct fz fz;

static u8 fz_u8(void)
{
	if (!fz.n)
		return 0;
	fz.n--;
	return *fz.p++;
}

static u16 fz_u16(void)
{
	return (u16)(fz_u8() << 8 | fz_u8());
}

static u32 fz_u32(void)
{
	return (u32)fz_u16() << 16 | fz_u16();
}

/* Deterministic frame bytes, so that the shadow keeps only a tag. */
static u8 fz_pattern(u32 tag, u32 i)
{
	return (u8)(tag * 131 + i * 7 + (i >> 8) + 0x11);
}

static void fz_fill(u8 *buf, u32 len, u32 tag)
{
	u32 i;

	for (i = 0; i < len; i++)
		buf[i] = fz_pattern(tag, i);
}

static bool fz_all_zero(const u8 *buf, u32 len)
{
	u32 i;

	for (i = 0; i < len; i++)
		if (buf[i])
			return false;
	return true;
}

/* ---- TX side: the wire callback checks every frame that leaves. ---- */

static u64 fz_wire_ns(u16 len)
{
	return (u64)(len + LAN1QTSN_WIRE_PREAMBLE + LAN1QTSN_WIRE_IFG) *
	       LAN1QTSN_WIRE_NS_PER_BYTE;
}

static u64 fz_hash(const u8 *p, u32 len)
{
	u64 h = 0xcbf29ce484222325ULL;
	u32 i;

	for (i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

static bool fz_fcs_ok(const u8 *frame, u32 len)
{
	return len >= LAN1QTSN_FCS_LEN &&
	       emu_fcs(frame, len - LAN1QTSN_FCS_LEN) ==
	       get_unaligned_le32(frame + len - LAN1QTSN_FCS_LEN);
}

/*
 * The device accepted the TX write @tx of @len bytes as @seq: remember what
 * must go out for it (the body, with the device's FCS where it appends one).
 */
static void fz_shadow_tx(const struct emu_model *m, u32 seq, const u8 *tx,
			 u32 len)
{
	const u8 *body = tx + LAN1QTSN_HDR_LEN + LAN1QTSN_TX_META_LEN;
	u32 blen = len - LAN1QTSN_HDR_LEN - LAN1QTSN_TX_META_LEN;
	u8 *out = malloc(blen + LAN1QTSN_FCS_LEN);

	fz_assert(out);
	memcpy(out, body, blen);
	if (m->cfg.device_fcs) {
		put_unaligned_le32(emu_fcs(out, blen), out + blen);
		blen += LAN1QTSN_FCS_LEN;
	}
	fz.txs[seq % 256].len = blen;
	fz.txs[seq % 256].hash = fz_hash(out, blen);
	fz.txs[seq % 256].fcs_ok = fz_fcs_ok(out, blen);
	free(out);
	fz.tx_accepted++;
}

/*
 * A frame left the frame FIFO: the oldest frame of the RX shadow goes with
 * it. @unread is the model's unread_frames before the message: with no
 * entry popped for it, the frame left without one and the FIFOs lose
 * pairing.
 */
static void fz_shadow_rx_pop(u32 unread)
{
	if (fz.rxq_count) {
		fz.rxq_head = (fz.rxq_head + 1) % FZ_SHADOW;
		fz.rxq_count--;
	}
	if (!unread)
		fz.paired = false;
}

/* Called by the scheduler for the frame at the head of the TX queue. */
static void fz_frame_out(void *ctx, const u8 *frame, u16 len, u64 start_ns,
			 u64 end_ns)
{
	const struct emu_tx_entry *e = &fz.m.txq[fz.m.txq_head];

	(void)ctx;
	fz_assert(fz.m.txq_count && e->on_wire && e->data == frame);
	fz_assert(len >= EMU_TX_MIN_FRAME_NOFCS + LAN1QTSN_FCS_LEN);
	fz_assert(len <= EMU_TX_MAX_FRAME_NOFCS + LAN1QTSN_FCS_LEN);
	fz_assert(end_ns == start_ns + fz_wire_ns(len));
	/* One frame at a time on the wire, in write order, unchanged. */
	fz_assert(start_ns >= fz.out_last_end);
	fz_assert(!fz.out_frames || e->seq > fz.out_last_seq);
	fz_assert(len == fz.txs[e->seq % 256].len);
	fz_assert(fz_hash(frame, len) == fz.txs[e->seq % 256].hash);
	/* The device's FCS, or the host's if it was right, goes out. */
	fz_assert(fz_fcs_ok(frame, len) == fz.txs[e->seq % 256].fcs_ok);
	fz.out_frames++;
	fz.out_last_end = end_ns;
	fz.out_last_seq = e->seq;
}

static const struct emu_model_ops fz_ops = {
	.frame_out = fz_frame_out,
};

/* ---- Invariants checked after every operation. ---- */

static void fz_check_launch_log(void)
{
	struct emu_model *m = &fz.m;
	u64 total = m->launch_log_total;
	u64 k;

	if (total - fz.launch_seen > EMU_LAUNCH_LOG_LEN)
		fz.launch_seen = total - EMU_LAUNCH_LOG_LEN;
	for (k = fz.launch_seen; k < total; k++) {
		const struct emu_launch_rec *r =
			&m->launch_log[k % EMU_LAUNCH_LOG_LEN];
		u32 tick29 = r->start_tick & LAN1QTSN_TICK_MASK;
		u32 from, to;

		if (r->verdict == EMU_SENT_IN_DELAY) {
			from = r->dfrom >> LAN1QTSN_TICK_SHIFT;
			to = r->dto >> LAN1QTSN_TICK_SHIFT;
		} else {
			from = r->from >> LAN1QTSN_TICK_SHIFT;
			to = r->to >> LAN1QTSN_TICK_SHIFT;
		}
		from &= LAN1QTSN_TICK_MASK;
		to &= LAN1QTSN_TICK_MASK;
		fz_assert(r->verdict <= EMU_DROPPED);
		if (r->verdict != EMU_DROPPED)
			fz_assert(emu_window_open(tick29, from, to));
		else
			fz_assert(!emu_window_open(tick29, from, to));
	}
	fz.launch_seen = total;
}

static void fz_check(void)
{
	struct emu_model *m = &fz.m;
	u32 size = m->fifo_cap + m->fifo_cap / 4 + 64;	/* emu_fifo_alloc_len */
	u32 pos = m->fifo_head, left = m->fifo_bytes, frames = 0, beats = 0;
	u32 pool = min_t(u32, m->cfg.tx_buffers, m->txq_cap);
	u64 queued;
	u32 i;

	/* RX FIFOs: bounds, then the length chain of the frame FIFO. */
	fz_assert(m->meta_count <= m->meta_cap);
	fz_assert(m->meta_head < m->meta_cap);
	fz_assert(m->fifo_bytes <= size);
	fz_assert(m->fifo_head < size);
	fz_assert(m->fifo_beats * 16 <= m->fifo_cap);
	while (left) {
		u8 hdr[2];
		u16 flen;

		fz_assert(left >= 2);
		hdr[0] = m->fifo[pos % size];
		hdr[1] = m->fifo[(pos + 1) % size];
		flen = get_unaligned_be16(hdr);
		fz_assert(flen >= LAN1QTSN_FCS_LEN);
		fz_assert(flen <= EMU_RX_MAX_FRAME_NOFCS + LAN1QTSN_FCS_LEN);
		fz_assert(left >= 2u + flen);
		if (fz.paired && frames < fz.rxq_count)
			fz_assert(flen ==
				  fz.rxq[(fz.rxq_head + frames) % FZ_SHADOW].len);
		left -= 2 + flen;
		pos += 2 + flen;
		beats += DIV_ROUND_UP(flen, 16);
		frames++;
	}
	fz_assert(beats == m->fifo_beats);
	fz_assert(m->irq_low == (m->meta_count > 0));
	if (fz.paired) {
		fz_assert(frames == fz.rxq_count);
		fz_assert(frames == m->meta_count + m->unread_frames);
		for (i = 0; i < m->meta_count; i++) {
			const struct emu_rx_meta *e =
				&m->meta[(m->meta_head + i) % m->meta_cap];
			const struct fz_rx_shadow *s =
				&fz.rxq[(fz.rxq_head + m->unread_frames + i) %
					FZ_SHADOW];

			fz_assert(e->stored == s->len);
			/* Length faults (impossible or plausible) change it. */
			if (!fz.faults)
				fz_assert(e->len == s->len);
		}
	}
	fz_assert(m->stats.wire_rx_frames ==
		  m->stats.rx_dropped_disabled + m->stats.rx_dropped_jumbo +
		  m->stats.rx_dropped_fcs + m->stats.rx_dropped_fifo_full +
		  fz.rx_accepted);

	/* TX queue and its accounting. */
	fz_assert(m->txq_count <= m->txq_cap);
	fz_assert(m->txq_head < m->txq_cap);
	fz_assert(emu_model_free_buffers(m) <= pool);
	for (i = 1; i < m->txq_count; i++)
		fz_assert(!m->txq[(m->txq_head + i) % m->txq_cap].on_wire);
	queued = m->txq_count;
	if (queued && m->txq[m->txq_head].on_wire)
		queued--;	/* already counted in wire_tx_frames */
	fz_assert(fz.tx_accepted == m->stats.wire_tx_frames +
		  m->stats.tx_dropped_window + m->stats.tx_dropped_reset +
		  queued);
	fz_assert(fz.out_frames == m->stats.wire_tx_frames);

	/* Registers keep only their defined bits. */
	fz_assert(!(m->regs.system_control & ~LAN1QTSN_TSN_ENABLE));
	fz_assert(!(m->regs.rx_control_l & EMU_RX_CTRL_CLR_ALL));
	fz_assert(m->regs.mac_h <= 0xffff);
	fz_check_launch_log();
}

/* ---- Operations. ---- */

static void fz_reset(void)
{
	struct emu_model *m = &fz.m;

	emu_model_reset(m, fz.now);
	fz.rxq_count = 0;
	fz.paired = true;
	fz.last_meta_ts = 0;
	/* A frame cut short by the reset may still "end" later. */
	fz.out_last_end = min(fz.out_last_end, fz.now);
}

/*
 * One SPI message through the model, with the checks every message gets.
 * Returns the model's answer in @rx (FZ_MSG_MAX bytes).
 */
static void fz_xfer(const u8 *tx_in, u32 len, u8 *rx_out)
{
	struct emu_model *m = &fz.m;
	struct emu_stats before = m->stats;
	u32 meta_count = m->meta_count, fifo_bytes = m->fifo_bytes;
	u32 txq_count = m->txq_count, tx_seq = m->tx_seq;
	u32 unread = m->unread_frames;
	u32 gap = m->cfg.turnaround ? LAN1QTSN_RD_GAP_LEN : 0;
	struct emu_regs regs = m->regs;
	struct emu_xfer_result res;
	int expect = -1;	/* violation that must be the only effect */
	u64 viol_before = 0, viol_after = 0;
	u16 addr, space, off;
	u8 *tx, *rx;
	u32 i;

	/* Exact-size buffers: AddressSanitizer sees every overrun. */
	tx = malloc(len ? len : 1);
	rx = malloc(len ? len : 1);
	fz_assert(tx && rx);
	memcpy(tx, tx_in, len);
	memset(rx, 0xee, len);
	emu_model_xfer(m, tx, rx, len, fz.now, fz.byte_ns, &res);

	fz_assert(m->stats.bus_transactions == before.bus_transactions + 1);
	fz_assert(m->stats.bus_bytes == before.bus_bytes + len);
	/* MISO is 0 while the command (and turnaround) is shifted in. */
	fz_assert(fz_all_zero(rx, min_t(u32, len, LAN1QTSN_HDR_LEN + gap)));
	/* Only an RX arrival can lower the IRQ line. */
	fz_assert(!res.irq_edge);
	if (!fz.faults)
		fz_assert(!res.spurious_irq);

	if (len < LAN1QTSN_HDR_LEN) {
		expect = EMU_V_BAD_LENGTH;
	} else {
		addr = get_unaligned_be16(tx + 1);
		space = addr & LAN1QTSN_SPACE_MASK;
		off = addr & LAN1QTSN_REG_MASK;
		if (tx[0] == LAN1QTSN_CMD_WRITE) {
			if (!(space == LAN1QTSN_SPACE_TX_FRAME && !off) &&
			    space != LAN1QTSN_SPACE_REG_WRITE)
				expect = EMU_V_BAD_SPACE;
		} else if (tx[0] == LAN1QTSN_CMD_READ) {
			if (len < LAN1QTSN_HDR_LEN + gap)
				expect = EMU_V_BAD_LENGTH;
			else if (!(space == LAN1QTSN_SPACE_RX_META && !off) &&
				 !(space == LAN1QTSN_SPACE_RX_FRAME && !off) &&
				 space != LAN1QTSN_SPACE_REG_READ)
				expect = EMU_V_BAD_SPACE;
		} else {
			expect = EMU_V_UNKNOWN_CMD;
		}
	}
	for (i = 0; i < EMU_V_COUNT; i++) {
		viol_before += before.violations[i];
		viol_after += m->stats.violations[i];
	}
	if (expect >= 0) {
		/* Rejected: one violation of that kind and nothing else. */
		fz_assert(m->stats.violations[expect] ==
			  before.violations[expect] + 1);
		fz_assert(viol_after == viol_before + 1);
		fz_assert(fz_all_zero(rx, len));
		fz_assert(m->meta_count == meta_count);
		fz_assert(m->fifo_bytes == fifo_bytes);
		fz_assert(m->txq_count == txq_count);
		fz_assert(m->tx_seq == tx_seq);
		fz_assert(!memcmp(&regs, &m->regs, sizeof(regs)));
	}
	/* A message pops at most one metadata entry and one frame. */
	fz_assert(m->meta_count == meta_count ||
		  m->meta_count + 1 == meta_count);
	/* ... and queues at most one TX frame (a PPS write runs the scheduler). */
	fz_assert(m->tx_seq == tx_seq || m->tx_seq == tx_seq + 1);
	fz_assert(m->txq_count <= txq_count + (m->tx_seq - tx_seq));
	if (m->tx_seq != tx_seq)
		fz_shadow_tx(m, tx_seq, tx, len);
	if (m->fifo_bytes < fifo_bytes)
		fz_shadow_rx_pop(unread);

	memcpy(rx_out, rx, len);
	free(tx);
	free(rx);
	fz.now += (u64)len * fz.byte_ns;
}

static void fz_op_raw(void)
{
	u8 tx[FZ_MSG_MAX], rx[FZ_MSG_MAX];
	u32 len = fz_u8(), i;

	/* Mostly short messages; some long enough for a TX write. */
	if (len >= 0xf0)
		len = min_t(u32, (len - 0xf0) * 100 + fz_u8(), FZ_MSG_MAX);
	for (i = 0; i < len; i++)
		tx[i] = fz_u8();
	fz_xfer(tx, len, rx);
}

static u32 fz_hdr(u8 *tx, u8 cmd, u16 addr)
{
	tx[0] = cmd;
	put_unaligned_be16(addr, tx + 1);
	if (cmd == LAN1QTSN_CMD_READ && fz.m.cfg.turnaround) {
		tx[3] = 0;
		return LAN1QTSN_HDR_LEN + LAN1QTSN_RD_GAP_LEN;
	}
	return LAN1QTSN_HDR_LEN;
}

static const u16 fz_regs[] = {
	LAN1QTSN_TSN_RX_FIFO_STATUS_L - 4, LAN1QTSN_TSN_SYSTEM_INFO_H,
	LAN1QTSN_FBW_BUFFER_WRITE_STATUS1_H, LAN1QTSN_TSN_SYSTEM_CONTROL_L,
	LAN1QTSN_TSN_RX_CONTROL_H, LAN1QTSN_TSN_RX_CONTROL_L,
	LAN1QTSN_TSN_SYSCOUNT_H, LAN1QTSN_PPS_PULSE_AT_H,
	LAN1QTSN_PPS_CYCLE_1S_H, LAN1QTSN_TSN_MAC_ADDR_H,
	LAN1QTSN_TSN_TX_CONTROL_L, LAN1QTSN_FD_TOTAL_DROP_FRAME_CNT_H,
	LAN1QTSN_FT_TX_TSTAMP_H(1), LAN1QTSN_REG_LAST,
};

static u16 fz_reg(void)
{
	u8 b = fz_u8();

	if (b < 0xc0)
		return fz_regs[b % ARRAY_SIZE(fz_regs)];
	return fz_u16() & LAN1QTSN_REG_MASK;
}

static void fz_op_reg_read(void)
{
	struct emu_model *m = &fz.m;
	u8 tx[32] = { }, rx[32];
	u16 reg = fz_reg();
	u32 words = fz_u8() % 4, hdr, dlen;
	bool ok;

	hdr = fz_hdr(tx, LAN1QTSN_CMD_READ, LAN1QTSN_SPACE_REG_READ | reg);
	dlen = 4 * words;
	fz_xfer(tx, hdr + dlen, rx);
	ok = (dlen == 4 || dlen == 8) && !(reg & 3) &&
	     reg + dlen - 4 <= LAN1QTSN_REG_LAST;
	if (!ok) {
		fz_assert(fz_all_zero(rx, hdr + dlen));
		return;
	}
	if (reg == LAN1QTSN_TSN_SYSTEM_INFO_H)
		fz_assert(get_unaligned_be32(rx + hdr) == m->cfg.system_info);
	if (reg == LAN1QTSN_TSN_RX_FIFO_STATUS_L - 4 && dlen == 8) {
		u32 v = get_unaligned_be32(rx + hdr + 4);

		fz_assert(FIELD_GET(LAN1QTSN_RX_FIFO_META_CNT, v) ==
			  min_t(u32, m->meta_count, EMU_META_CNT_FIELD_MAX));
		fz_assert(FIELD_GET(LAN1QTSN_RX_FIFO_FRAME_CNT, v) ==
			  min_t(u32, m->fifo_beats, EMU_FRAME_CNT_FIELD_MAX));
	}
	if (reg == LAN1QTSN_FBW_BUFFER_WRITE_STATUS1_H)
		fz_assert(FIELD_GET(LAN1QTSN_FBW_FREE_BUFFERS,
				    get_unaligned_be32(rx + hdr)) ==
			  emu_model_free_buffers(m));
}

static void fz_op_reg_write(void)
{
	u8 tx[32] = { }, rx[32];
	u16 reg = fz_reg();
	u8 b = fz_u8();
	u32 words = b & 3, hdr, i;

	hdr = fz_hdr(tx, LAN1QTSN_CMD_WRITE, LAN1QTSN_SPACE_REG_WRITE | reg);
	for (i = 0; i < words; i++) {
		/* Bit 2 of the argument: "enable", the most useful value. */
		u32 v = b & 4 ? LAN1QTSN_TSN_ENABLE : fz_u32();

		put_unaligned_be32(v, tx + hdr + 4 * i);
	}
	fz_xfer(tx, hdr + 4 * words, rx);
}

static void fz_op_enable(void)
{
	u8 tx[16] = { }, rx[16];
	u32 hdr = fz_hdr(tx, LAN1QTSN_CMD_WRITE, LAN1QTSN_SPACE_REG_WRITE |
			 LAN1QTSN_TSN_SYSTEM_CONTROL_L);

	put_unaligned_be32(fz_u8() & 1 ? 0 : LAN1QTSN_TSN_ENABLE, tx + hdr);
	fz_xfer(tx, hdr + 4, rx);
}

static void fz_op_meta_read(void)
{
	struct emu_model *m = &fz.m;
	u8 tx[64] = { }, rx[64];
	u32 dlen = fz_u8(), hdr;
	u32 meta_count = m->meta_count, unread = m->unread_frames;
	const struct fz_rx_shadow *s = NULL;
	u16 len;
	u64 ts;

	dlen = dlen < 0x80 ? LAN1QTSN_RX_META_LEN : dlen % 24;
	hdr = fz_hdr(tx, LAN1QTSN_CMD_READ, LAN1QTSN_SPACE_RX_META);
	if (fz.paired && meta_count)
		s = &fz.rxq[(fz.rxq_head + unread) % FZ_SHADOW];
	fz_xfer(tx, hdr + dlen, rx);
	if (!meta_count) {
		/* Empty: frame_length 0 (all zeros). */
		fz_assert(fz_all_zero(rx, hdr + dlen));
		return;
	}
	fz_assert(m->meta_count + 1 == meta_count);
	fz_assert(m->unread_frames == unread + 1);
	fz_assert(fz_all_zero(rx + hdr + LAN1QTSN_RX_META_LEN,
			      dlen > LAN1QTSN_RX_META_LEN ?
			      dlen - LAN1QTSN_RX_META_LEN : 0));
	if (dlen < LAN1QTSN_RX_META_LEN)
		return;
	len = get_unaligned_be16(rx + hdr + LAN1QTSN_RX_META_LEN_OFF);
	ts = get_unaligned_be64(rx + hdr + LAN1QTSN_RX_META_TS_OFF);
	fz.last_meta_len = len;
#ifdef FUZZ_CANARY
	if (len > 1000 && (len & 1)) {
		/* Deliberate heap overrun: run.sh must see it fail. */
		u8 *canary = malloc(8);

		/* One byte past the end: always in ASan's redzone. */
		memset(canary, 0, 8 + (len & 1));
		/* Keep the compiler from dropping the dead buffer. */
		__asm__ volatile("" : : "r"(canary) : "memory");
		free(canary);
	}
#endif
	if (!s)
		return;
	/* Length faults (impossible or plausible) change it. */
	if (!fz.faults)
		fz_assert(len == s->len);
	fz_assert(ts >= fz.last_meta_ts);
	fz.last_meta_ts = ts;
}

static void fz_op_frame_read(void)
{
	struct emu_model *m = &fz.m;
	u8 tx[FZ_MSG_MAX] = { }, rx[FZ_MSG_MAX];
	u32 b = fz_u8(), dlen, hdr, i, n;
	u32 fifo_bytes = m->fifo_bytes, unread = m->unread_frames;
	struct fz_rx_shadow s = { };
	bool check;

	/* The length the last metadata read announced, or another one. */
	if (b < 0xc0)
		dlen = fz.last_meta_len;
	else if (b < 0xe0)
		dlen = fz.last_meta_len + (int)(b & 0xf) - 8;
	else
		dlen = fz_u16();
	dlen = min_t(u32, dlen, FZ_MSG_MAX - 8);
	hdr = fz_hdr(tx, LAN1QTSN_CMD_READ, LAN1QTSN_SPACE_RX_FRAME);
	check = fz.paired && fz.rxq_count;
	if (check)
		s = fz.rxq[fz.rxq_head];
	fz_xfer(tx, hdr + dlen, rx);
	if (!fifo_bytes) {
		fz_assert(fz_all_zero(rx, hdr + dlen));
		return;
	}
	fz_assert(m->fifo_bytes < fifo_bytes);
	if (!unread || !check)
		return;
	fz_assert(fifo_bytes - m->fifo_bytes == 2u + s.len);
	n = min_t(u32, dlen, s.len);
	for (i = 0; i < n; i++) {
		u8 want = fz_pattern(s.tag, i);

		if (i + LAN1QTSN_FCS_LEN >= s.len)
			continue;	/* FCS bytes */
		fz_assert(rx[hdr + i] == want);
	}
	if (n == s.len && !fz.faults && s.len >= LAN1QTSN_FCS_LEN)
		fz_assert(fz_fcs_ok(rx + hdr, s.len) == !s.fcs_bad);
	fz_assert(fz_all_zero(rx + hdr + n, dlen - n));
}

static void fz_op_tx_write(void)
{
	struct emu_model *m = &fz.m;
	u8 tx[FZ_MSG_MAX] = { }, rx[FZ_MSG_MAX];
	u8 b = fz_u8(), *meta, *body;
	u32 hdr, flen, blen, from, to, prio = b & 7, id = fz.tx_id++;
	u32 fcs_len = m->cfg.device_fcs ? 0 : LAN1QTSN_FCS_LEN;
	u32 now29 = emu_model_counter(m, fz.now) & LAN1QTSN_TICK_MASK;
	bool fcs_bad = b & 0x80;

	blen = EMU_TX_MIN_FRAME_NOFCS + fz_u16() % 1470;
	if (b & 0x40)	/* length boundaries: limit -1, 0, +1, +2 */
		blen = (b & 8 ? EMU_TX_MAX_FRAME_NOFCS : EMU_TX_MIN_FRAME_NOFCS) +
		       (b & 3) - 1;
	flen = blen + fcs_len;
	switch ((b >> 4) & 3) {
	case 0:		/* always open */
		from = 0;
		to = LAN1QTSN_TICK_MASK;
		break;
	case 1:		/* a window relative to now */
		from = now29 + (s16)fz_u16() * 64;
		to = from + fz_u16();
		break;
	default:	/* anything */
		from = fz_u32();
		to = fz_u32();
		break;
	}
	hdr = fz_hdr(tx, LAN1QTSN_CMD_WRITE, LAN1QTSN_SPACE_TX_FRAME);
	meta = tx + hdr;
	body = meta + LAN1QTSN_TX_META_LEN;
	put_unaligned_be32(((from & LAN1QTSN_TICK_MASK) << 3) | prio, meta);
	put_unaligned_be32(((to & LAN1QTSN_TICK_MASK) << 3) | prio, meta + 4);
	put_unaligned_be32((((to + 1) & LAN1QTSN_TICK_MASK) << 3) | prio,
			   meta + 8);
	put_unaligned_be32((((to + 1 + fz_u16()) & LAN1QTSN_TICK_MASK) << 3) |
			   prio, meta + 12);
	put_unaligned_be16(b & 0x08 && !(b & 0x40) ? fz_u16() : flen,
			   meta + LAN1QTSN_TX_META_FLEN_OFF);
	put_unaligned_be16(fz_u8() % 6, meta + LAN1QTSN_TX_META_TSID_OFF);
	meta[LAN1QTSN_TX_META_POLICY_OFF] = fz_u8() % 3;
	fz_fill(body, blen, id);
	if (fcs_len) {
		put_unaligned_le32(emu_fcs(body, blen), body + blen);
		if (fcs_bad)
			body[blen] ^= 1;
	}
	{
		u32 q = m->tx_seq, free_bufs = emu_model_free_buffers(m);
		u16 want = get_unaligned_be16(meta + LAN1QTSN_TX_META_FLEN_OFF);
		u32 min_len = EMU_TX_MIN_FRAME_NOFCS + fcs_len;
		u32 max_len = EMU_TX_MAX_FRAME_NOFCS + fcs_len;
		bool ok;

		fz_xfer(tx, hdr + LAN1QTSN_TX_META_LEN + flen, rx);
		ok = want == flen && flen >= min_len && flen <= max_len &&
		     free_bufs;
		fz_assert((m->tx_seq == q + 1) == ok);
	}
}

static void fz_op_rx(void)
{
	struct emu_model *m = &fz.m;
	u8 frame[FZ_MSG_MAX];
	u8 b = fz_u8(), tag = fz_u8();
	u32 len = fz_u16() % 1600;
	u32 meta_count = m->meta_count;
	u32 limit_meta = min(m->cfg.rx_meta_limit, m->meta_cap);
	u32 limit_fifo = min(m->cfg.rx_fifo_limit, m->fifo_cap);
	bool fcs_bad = b & 0x80, ok, edge, fcs_ok;
	u64 drops = m->stats.rx_dropped_fifo_full;
	u32 overflow_n = m->cfg.fault_rx_overflow_n;
	bool room;

	if (b & 0x40)	/* length boundaries */
		len = (u32[]){ 0, 3, 4, 5, 17, 18, 64, 1522, 1525, 1526, 1527,
			       1528 }[b % 12];
	room = (m->fifo_beats + DIV_ROUND_UP(len, 16)) * 16 <= limit_fifo &&
	       meta_count < limit_meta;
	fz_fill(frame, len, tag);
	fcs_ok = len >= LAN1QTSN_FCS_LEN;
	if (len >= LAN1QTSN_FCS_LEN) {
		put_unaligned_le32(emu_fcs(frame, len - LAN1QTSN_FCS_LEN),
				   frame + len - LAN1QTSN_FCS_LEN);
		if (fcs_bad) {
			frame[len - 1] ^= 0x80;
			fcs_ok = false;
		}
	}
	edge = emu_model_rx(m, frame, len, fz.now);
	ok = m->meta_count == meta_count + 1;
	/* Accepted iff enabled, length in bounds, FCS right if checked, room. */
	if (!(m->regs.system_control & LAN1QTSN_TSN_ENABLE) ||
	    len < LAN1QTSN_FCS_LEN ||
	    len > EMU_RX_MAX_FRAME_NOFCS + LAN1QTSN_FCS_LEN ||
	    ((m->regs.rx_control_l & EMU_RX_CTRL_CHECKSUM) && !fcs_ok))
		fz_assert(!ok);
	else if (m->stats.rx_dropped_fifo_full == drops)
		fz_assert(ok && room);
	else
		fz_assert(!ok && (overflow_n || !room));
	fz_assert(!edge || (ok && !meta_count));
	if (!fz.faults)
		fz_assert(edge == (ok && !meta_count));
	fz.now += fz_wire_ns(len);
	if (!ok)
		return;
	fz.rx_accepted++;
	fz_assert(fz.rxq_count < FZ_SHADOW);
	fz.rxq[(fz.rxq_head + fz.rxq_count) % FZ_SHADOW] =
		(struct fz_rx_shadow){ .len = len, .tag = tag,
				       .fcs_bad = fcs_bad };
	fz.rxq_count++;
}

static void fz_op_advance(void)
{
	u8 b = fz_u8();
	u64 next;

	fz.now += ((u64)1 << (b % 40)) + fz_u8();
	next = emu_model_advance(&fz.m, fz.now);
	fz_assert(!next || next > fz.now);
	/* Nothing is due before the time the model asks to be called at. */
	if (next && next - fz.now < (1ULL << 32) && (b & 0x80)) {
		fz.now = next;
		fz_assert(emu_model_advance(&fz.m, fz.now) != fz.now);
	}
}


/*
 * One SPI message through the fault model (emu_model_message(), as the SPI
 * glue sends every message) with one SPI-level fault armed through its
 * "next N" trigger: failed before the device saw it, executed and then
 * failed, chip select cut short, a MISO bit flipped, MISO stuck, a deaf
 * device. Checks what each does to the message and the model, and keeps
 * the shadows in step with what the device really executed.
 */
static const struct {
	enum emu_fault f;
	int err;		/* 1: -EIO or -ETIMEDOUT */
	bool executed;		/* the device runs (a prefix of) the message */
} fz_spi_faults[] = {
	{ EMU_F_SPI_EIO, -EIO, false },
	{ EMU_F_SPI_ETIMEDOUT, -ETIMEDOUT, false },
	{ EMU_F_SPI_AFTER, 1, true },
	{ EMU_F_SPI_AFTER_EIO, -EIO, true },
	{ EMU_F_SPI_AFTER_ETIMEDOUT, -ETIMEDOUT, true },
	{ EMU_F_SPI_TRUNCATE, -EIO, true },
	{ EMU_F_MISO_BITFLIP, 0, true },
	{ EMU_F_MISO_STUCK, 0, false },
	{ EMU_F_RESET_DEAF, 0, false },
};

static void fz_op_spi_fault(void)
{
	struct emu_model *m = &fz.m;
	u8 b = fz_u8(), k = fz_u8() % ARRAY_SIZE(fz_spi_faults);
	enum emu_fault f = fz_spi_faults[k].f;
	struct emu_stats before = m->stats;
	u32 meta_count = m->meta_count, fifo_bytes = m->fifo_bytes;
	u32 tx_seq = m->tx_seq, unread = m->unread_frames;
	u32 gap = m->cfg.turnaround ? LAN1QTSN_RD_GAP_LEN : 0;
	u32 hdr, len, fired, flips = 0, i;
	struct emu_regs regs = m->regs;
	struct emu_xfer_result res;
	u8 *tx, *rx, fill = 0;
	bool info = false;
	int err;

	tx = calloc(1, FZ_MSG_MAX);
	fz_assert(tx);
	switch (b % 5) {
	case 0:		/* SYSTEM_INFO: its clean answer is known */
		hdr = fz_hdr(tx, LAN1QTSN_CMD_READ, LAN1QTSN_SPACE_REG_READ |
			     LAN1QTSN_TSN_SYSTEM_INFO_H);
		len = hdr + 4;
		info = true;
		break;
	case 1:		/* RX FIFO status, the pairing resynchronisation */
		hdr = fz_hdr(tx, LAN1QTSN_CMD_READ, LAN1QTSN_SPACE_REG_READ |
			     LAN1QTSN_TSN_RX_FIFO_STATUS_L);
		len = hdr + 4;
		break;
	case 2:
		hdr = fz_hdr(tx, LAN1QTSN_CMD_READ, LAN1QTSN_SPACE_RX_META);
		len = hdr + LAN1QTSN_RX_META_LEN;
		break;
	case 3:
		hdr = fz_hdr(tx, LAN1QTSN_CMD_READ, LAN1QTSN_SPACE_RX_FRAME);
		len = hdr + min_t(u32, fz.last_meta_len, FZ_MSG_MAX - 8);
		break;
	default: {	/* a valid always-open TX write of 60 bytes + FCS */
		u32 fcs_len = m->cfg.device_fcs ? 0 : LAN1QTSN_FCS_LEN;
		u32 blen = EMU_TX_MIN_FRAME_NOFCS + (b >> 3);
		u8 *meta, *body;

		hdr = fz_hdr(tx, LAN1QTSN_CMD_WRITE, LAN1QTSN_SPACE_TX_FRAME);
		meta = tx + hdr;
		body = meta + LAN1QTSN_TX_META_LEN;
		put_unaligned_be32(LAN1QTSN_TICK_MASK << LAN1QTSN_TICK_SHIFT, meta + 4);
		put_unaligned_be32(LAN1QTSN_TICK_MASK << LAN1QTSN_TICK_SHIFT, meta + 12);
		put_unaligned_be16(blen + fcs_len, meta + LAN1QTSN_TX_META_FLEN_OFF);
		fz_fill(body, blen, fz.tx_id++);
		if (fcs_len)
			put_unaligned_le32(emu_fcs(body, blen), body + blen);
		len = hdr + LAN1QTSN_TX_META_LEN + blen + fcs_len;
		break;
	}
	}
	/* Exact-size buffers: AddressSanitizer sees every overrun. */
	rx = malloc(len);
	fz_assert(rx);
	memset(rx, 0xee, len);

	if (f == EMU_F_MISO_STUCK) {
		m->cfg.fault_miso_stuck = b & 0x80 ? EMU_MISO_STUCK_FF :
				       EMU_MISO_STUCK_00;
		fill = b & 0x80 ? 0xff : 0;
	} else if (f == EMU_F_RESET_DEAF) {
		m->deaf_until_ns = fz.now + 1;
	} else {
		m->cfg.fault_next[f] = 1;
	}
	err = emu_model_message(m, tx, rx, len, fz.now, fz.byte_ns, &res);
	m->cfg.fault_next[f] = 0;
	m->cfg.fault_miso_stuck = 0;
	m->deaf_until_ns = 0;
	fired = m->stats.faults[f] - before.faults[f];

	fz_assert(!m->msg_cut);
	/* A bit flip needs a clean read with data; the others always hit. */
	if (f == EMU_F_MISO_BITFLIP)
		fz_assert(fired == (tx[0] == LAN1QTSN_CMD_READ && len > hdr));
	else
		fz_assert(fired == 1);
	if (fz_spi_faults[k].err == 1)
		fz_assert(err == -EIO || err == -ETIMEDOUT);
	else
		fz_assert(err == fz_spi_faults[k].err);
	if (!fz_spi_faults[k].executed) {
		/* The device never saw it: nothing changed, MISO idle. */
		fz_assert(m->stats.bus_transactions == before.bus_transactions);
		fz_assert(m->meta_count == meta_count);
		fz_assert(m->fifo_bytes == fifo_bytes);
		fz_assert(m->tx_seq == tx_seq);
		fz_assert(!memcmp(&regs, &m->regs, sizeof(regs)));
		for (i = 0; i < len; i++)
			fz_assert(rx[i] == (err ? 0xee : fill));
	} else if (f == EMU_F_SPI_TRUNCATE) {
		/* A prefix of 1..len-1 bytes ran; a cut TX write is refused. */
		fz_assert(m->stats.bus_transactions == before.bus_transactions + 1);
		fz_assert(m->stats.bus_bytes > before.bus_bytes);
		fz_assert(m->stats.bus_bytes < before.bus_bytes + len);
		fz_assert(m->tx_seq == tx_seq);
	} else {
		fz_assert(m->stats.bus_transactions == before.bus_transactions + 1);
		fz_assert(m->stats.bus_bytes == before.bus_bytes + len);
	}
	if (info && f == EMU_F_MISO_BITFLIP) {
		u32 v = get_unaligned_be32(rx + LAN1QTSN_HDR_LEN + gap);

		/* One bit of the data, never of the header. */
		flips = hweight32(v ^ m->cfg.system_info);
		fz_assert(flips == 1);
		fz_assert(fz_all_zero(rx, LAN1QTSN_HDR_LEN + gap));
	}

	/* The shadows follow what the device executed. */
	if (m->tx_seq != tx_seq) {
		fz_assert(m->tx_seq == tx_seq + 1);
		fz_shadow_tx(m, tx_seq, tx, len);
	}
	fz_assert(m->meta_count == meta_count || m->meta_count + 1 == meta_count);
	if (m->fifo_bytes < fifo_bytes)
		fz_shadow_rx_pop(unread);
	free(tx);
	free(rx);
	fz.now += (u64)len * fz.byte_ns;
}

static void fz_op_knobs(void)
{
	struct emu_model *m = &fz.m;
	u8 b = fz_u8();

	switch (b % 8) {
	case 0:
		emu_model_set_freq(m, (s32)(fz_u32() % 2000001) - 1000000,
				   fz.now);
		break;
	case 1:
		m->cfg.fault_tx_stuck = !m->cfg.fault_tx_stuck;
		break;
	case 2:
		m->cfg.fault_rx_overflow_n = fz_u8() % 4;
		break;
	case 3:
		m->cfg.rx_meta_limit = fz_u8() % 20;
		break;
	case 4:
		m->cfg.rx_fifo_limit = fz_u16();
		break;
	case 5:
		m->cfg.turnaround = !m->cfg.turnaround;
		break;
	case 6:
		m->cfg.latch = !m->cfg.latch;
		break;
	default:
		m->cfg.tx_buffers = fz_u8() % 10;
		break;
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct emu_model_cfg cfg = { };
	u8 c0, c1;
	u32 ops = 0, i;

	memset(&fz, 0, sizeof(fz));
	fz.p = data;
	fz.n = size;
	c0 = fz_u8();
	c1 = fz_u8();
	cfg.turnaround = c0 & 1;
	cfg.latch = c0 & 2;
	cfg.device_fcs = c0 & 4;
	cfg.spi_hz = 15000000;
	cfg.freq_ppb = (s32)(fz_u16() % 2001) * 1000 - 1000000;
	/*
	 * Counters near the 29-bit wrap and large ones. The 64-bit counter
	 * itself never wraps (5849 years at 100 MHz): a start_tick within
	 * reach of 2^64 is outside the model's contract, so none is drawn.
	 */
	cfg.start_tick = c0 & 8 ? LAN1QTSN_TICK_MASK - fz_u16() :
			 c0 & 0x10 ? (1ULL << 62) - ((u64)fz_u32() << 8) :
			 fz_u32();
	cfg.rx_delay_ns = fz_u8();
	cfg.tx_delay_ns = fz_u8();
	cfg.rx_meta_limit = 1 + c1 % 16;
	cfg.rx_fifo_limit = 64 + fz_u16() % 16384;
	cfg.tx_buffers = 1 + (c1 >> 4) % 8;
	cfg.system_info = EMU_DEF_SYSTEM_INFO;
	fz.faults = c0 & 0x20;
	/*
	 * The rate faults the shadow model allows for: a frame byte flipped
	 * in the FIFO (payload) or a MISO bit flip would need a shadow of the
	 * corruption; the emulator's KUnit suites cover those.
	 */
	if (fz.faults)
		for (i = 0; i <= EMU_F_RATE_LAST; i++)
			if (i == EMU_F_RX_FCS || i == EMU_F_META_LEN ||
			    i == EMU_F_META_LEN_PLAUSIBLE ||
			    i == EMU_F_IRQ_LOST || i == EMU_F_IRQ_SPURIOUS)
				cfg.fault_ppm[i] = fz_u8() * 1000;
	fz.byte_ns = 1 + (c0 >> 6) * 300;
	fz.now = FZ_T0;
	fz.paired = true;
	fz.last_meta_len = EMU_TX_MIN_FRAME_NOFCS + LAN1QTSN_FCS_LEN;
	if (emu_model_init(&fz.m, &cfg, &fz_ops, NULL, fz_u32(), fz.now))
		return 0;
	fz_check();

	while (fz.n && ops++ < FZ_MAX_OPS) {
		switch (fz_u8() % 14) {
		case 0:
			fz_op_raw();
			break;
		case 1:
			fz_op_reg_read();
			break;
		case 2:
			fz_op_reg_write();
			break;
		case 3:
			fz_op_enable();
			break;
		case 4:
			fz_op_meta_read();
			break;
		case 5:
			fz_op_frame_read();
			break;
		case 6:
		case 7:
			fz_op_tx_write();
			break;
		case 8:
		case 9:
			fz_op_rx();
			break;
		case 10:
			fz_op_advance();
			break;
		case 11:
			fz_op_knobs();
			break;
		case 13:
			fz_op_spi_fault();
			break;
		default:
			fz_reset();
			break;
		}
		/* Pairing is back once both FIFOs are empty. */
		if (!fz.m.meta_count && !fz.m.fifo_bytes &&
		    !fz.m.unread_frames) {
			fz.paired = true;
			fz.rxq_count = 0;
		}
		fz_check();
	}
	emu_model_free(&fz.m);
	return 0;
}
