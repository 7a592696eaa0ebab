// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites for the LAN1QTSN device model. The model is pure, so it is
 * driven with explicit times: no SPI, interrupt or timer is involved and
 * every result is exact. The model is lan1qtsn_emu.ko's own code, exported
 * to this suite only (EXPORT_SYMBOL_IF_KUNIT in emu_model.c, emu_sched.c,
 * emu_osc.c, emu_pps.c, emu_faults.c).
 */
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/if_ether.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "emu_faults.h"
#include "emu_model.h"

/* A string here in every kernel; 6.13 made MODULE_IMPORT_NS() take one. */
MODULE_INFO(import_ns, "EXPORTED_FOR_KUNIT_TESTING");

#define T_BYTE_NS	534	/* one byte at 15 MHz */
#define T_T0		1000000000ULL	/* host time of power-up */
#define T_MASK		LAN1QTSN_TICK_MASK
#define EMU_MSG_LEN_TEST	2048

#define EMU_TEST_EVENTS	16

struct emu_test_out {
	unsigned int frames;
	u64 start_ns[8], end_ns[8];
	u16 len[8];
	u8 data[EMU_TX_BUF_LEN];
	/* The event stream: the first EMU_TEST_EVENTS records, and a count. */
	unsigned int n_ev;
	struct emu_event ev[EMU_TEST_EVENTS];
};

static void emu_test_frame_out(void *ctx, const u8 *frame, u16 len,
			       u64 start_ns, u64 end_ns)
{
	struct emu_test_out *o = ctx;
	unsigned int i = o->frames++ % 8;

	o->start_ns[i] = start_ns;
	o->end_ns[i] = end_ns;
	o->len[i] = len;
	memcpy(o->data, frame, len);
}

static void emu_test_event(void *ctx, const struct emu_event *ev)
{
	struct emu_test_out *o = ctx;

	if (o->n_ev < EMU_TEST_EVENTS)
		o->ev[o->n_ev] = *ev;
	o->n_ev++;
}

static const struct emu_model_ops emu_test_ops = {
	.frame_out = emu_test_frame_out,
	.event = emu_test_event,
};

struct emu_test {
	struct emu_model m;
	struct emu_test_out out;
	int err;	/* of the last message, as spi_sync() would return */
	u8 tx[EMU_MSG_LEN_TEST], rx[EMU_MSG_LEN_TEST];
};

static void emu_test_cfg(struct emu_model_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->turnaround = true;
	cfg->latch = true;
	cfg->spi_hz = 15000000;
	cfg->rx_meta_limit = 8;
	cfg->rx_fifo_limit = 4096;
	cfg->tx_buffers = 4;
	cfg->system_info = EMU_DEF_SYSTEM_INFO;
}

static struct emu_test *emu_test_new(struct kunit *test,
				     void (*tweak)(struct emu_model_cfg *cfg))
{
	struct emu_model_cfg cfg;
	struct emu_test *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	emu_test_cfg(&cfg);
	if (tweak)
		tweak(&cfg);
	KUNIT_ASSERT_EQ(test, 0, emu_model_init(&t->m, &cfg, &emu_test_ops,
						&t->out, 42, T_T0));
	test->priv = t;
	return t;
}

static void emu_test_exit(struct kunit *test)
{
	struct emu_test *t = test->priv;

	if (t)
		emu_model_free(&t->m);
}

static struct emu_xfer_result emu_t_xfer(struct emu_test *t, u32 len, u64 now)
{
	struct emu_xfer_result res;

	/* Through the fault model, as the SPI glue does. */
	t->err = emu_model_message(&t->m, t->tx, t->rx, len, now, T_BYTE_NS,
				   &res);
	return res;
}

static u32 emu_t_gap(struct emu_test *t)
{
	return t->m.cfg.turnaround ? 1 : 0;
}

/* Read @words registers from @reg; returns the first data byte. */
static u8 *emu_t_read(struct emu_test *t, u16 reg, u32 words, u64 now)
{
	u32 hdr = 3 + emu_t_gap(t);

	memset(t->tx, 0, sizeof(t->tx));
	t->tx[0] = LAN1QTSN_CMD_READ;
	put_unaligned_be16(LAN1QTSN_SPACE_REG_READ | reg, t->tx + 1);
	emu_t_xfer(t, hdr + 4 * words, now);
	return t->rx + hdr;
}

static u64 emu_t_read64(struct emu_test *t, u16 reg, u64 now)
{
	u8 *p = emu_t_read(t, reg, 2, now);

	return get_unaligned_be64(p);
}

static void emu_t_write(struct emu_test *t, u16 reg, u32 val, u64 now)
{
	t->tx[0] = LAN1QTSN_CMD_WRITE;
	put_unaligned_be16(LAN1QTSN_SPACE_REG_WRITE | reg, t->tx + 1);
	put_unaligned_be32(val, t->tx + 3);
	emu_t_xfer(t, 7, now);
}

static void emu_t_enable(struct emu_test *t, u64 now)
{
	emu_t_write(t, LAN1QTSN_TSN_SYSTEM_CONTROL_L, LAN1QTSN_TSN_ENABLE, now);
}

/* Pop the next metadata entry; returns frame_length. */
static u16 emu_t_meta(struct emu_test *t, u64 *ts, u64 now)
{
	u32 hdr = 3 + emu_t_gap(t);

	memset(t->tx, 0, sizeof(t->tx));
	t->tx[0] = LAN1QTSN_CMD_READ;
	put_unaligned_be16(LAN1QTSN_SPACE_RX_META, t->tx + 1);
	emu_t_xfer(t, hdr + LAN1QTSN_RX_META_LEN, now);
	if (ts)
		*ts = get_unaligned_be64(t->rx + hdr);
	return get_unaligned_be16(t->rx + hdr + 8);
}

static u8 *emu_t_frame(struct emu_test *t, u32 len, u64 now)
{
	u32 hdr = 3 + emu_t_gap(t);

	memset(t->tx, 0, sizeof(t->tx));
	t->tx[0] = LAN1QTSN_CMD_READ;
	put_unaligned_be16(LAN1QTSN_SPACE_RX_FRAME, t->tx + 1);
	emu_t_xfer(t, hdr + len, now);
	return t->rx + hdr;
}

/* A frame of @len bytes including a correct FCS, first byte @tag. */
static void emu_t_mkframe(u8 *buf, u16 len, u8 tag)
{
	u16 i;

	for (i = 0; i < len - 4; i++)
		buf[i] = tag + i;
	put_unaligned_le32(emu_fcs(buf, len - 4), buf + len - 4);
}

static u32 emu_t_word(u32 tick)
{
	return (tick & T_MASK) << LAN1QTSN_TICK_SHIFT | 7;
}

struct emu_t_tx {
	u32 from, to, dfrom, dto;	/* ticks (29 bit) */
	u16 len;			/* with FCS */
	u16 tsid;
	u8 policy;
	u8 tag;
};

static void emu_t_send(struct emu_test *t, const struct emu_t_tx *f, u64 now)
{
	u8 *meta = t->tx + 3;
	u16 flen = f->len;

	memset(t->tx, 0, sizeof(t->tx));
	t->tx[0] = LAN1QTSN_CMD_WRITE;
	put_unaligned_be16(LAN1QTSN_SPACE_TX_FRAME, t->tx + 1);
	put_unaligned_be32(emu_t_word(f->from), meta + 0);
	put_unaligned_be32(emu_t_word(f->to), meta + 4);
	put_unaligned_be32(emu_t_word(f->dfrom), meta + 8);
	put_unaligned_be32(emu_t_word(f->dto), meta + 12);
	emu_t_mkframe(meta + LAN1QTSN_TX_META_LEN, f->len, f->tag);
	if (t->m.cfg.device_fcs)
		flen -= LAN1QTSN_FCS_LEN;
	put_unaligned_be16(flen, meta + 16);
	put_unaligned_be16(f->tsid, meta + 18);
	meta[20] = f->policy;
	emu_t_xfer(t, 3 + LAN1QTSN_TX_META_LEN + flen, now);
}

/* Always-open frame. */
static void emu_t_send_open(struct emu_test *t, u16 len, u16 tsid, u64 now)
{
	struct emu_t_tx f = {
		.from = 0, .to = T_MASK, .len = len, .tsid = tsid,
	};

	emu_t_send(t, &f, now);
}

/* --- command parsing -------------------------------------------------- */

static void emu_test_cmd_parsing(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	struct emu_stats *st = &t->m.stats;
	u8 *p;

	p = emu_t_read(t, LAN1QTSN_TSN_SYSTEM_INFO_H, 1, T_T0);
	KUNIT_EXPECT_EQ(test, t->rx[3], 0);	/* turnaround byte */
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(p), EMU_DEF_SYSTEM_INFO);

	t->tx[0] = 0x07;
	emu_t_xfer(t, 8, T_T0);
	KUNIT_EXPECT_EQ(test, st->violations[EMU_V_UNKNOWN_CMD], 1);
	KUNIT_EXPECT_NOT_NULL(test, memchr(t->m.viol_detail[EMU_V_UNKNOWN_CMD],
					   '7', 96));

	/* Write into a read-only space, and read a write-only one. */
	t->tx[0] = LAN1QTSN_CMD_WRITE;
	put_unaligned_be16(LAN1QTSN_SPACE_RX_FRAME, t->tx + 1);
	emu_t_xfer(t, 8, T_T0);
	t->tx[0] = LAN1QTSN_CMD_READ;
	put_unaligned_be16(LAN1QTSN_SPACE_TX_FRAME, t->tx + 1);
	emu_t_xfer(t, 8, T_T0);
	KUNIT_EXPECT_EQ(test, st->violations[EMU_V_BAD_SPACE], 2);

	emu_t_xfer(t, 2, T_T0);
	KUNIT_EXPECT_EQ(test, st->violations[EMU_V_BAD_LENGTH], 1);
	KUNIT_EXPECT_EQ(test, st->bus_transactions, 5);
	KUNIT_EXPECT_EQ(test, st->bus_bytes, 4 + 4 + 8 + 8 + 8 + 2);
}

static void emu_t_no_turnaround(struct emu_model_cfg *cfg)
{
	cfg->turnaround = false;
}

static void emu_test_no_turnaround(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, emu_t_no_turnaround);
	u8 *p;

	p = emu_t_read(t, LAN1QTSN_TSN_SYSTEM_INFO_H, 1, T_T0);
	KUNIT_EXPECT_PTR_EQ(test, p, t->rx + 3);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(t->rx + 3),
			EMU_DEF_SYSTEM_INFO);
}

/* --- bursts and latching ---------------------------------------------- */

static void emu_t_near_carry(struct emu_model_cfg *cfg)
{
	/* 3 us before the low word wraps: between the two data words. */
	cfg->start_tick = 0xffffffffULL - 300;
}

static void emu_test_burst_latch(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, emu_t_near_carry);
	u64 data_ns = T_T0 + 4 * T_BYTE_NS, v;

	v = emu_t_read64(t, LAN1QTSN_TSN_SYSCOUNT_H, T_T0);
	KUNIT_EXPECT_EQ(test, v, emu_model_counter(&t->m, data_ns));
	KUNIT_EXPECT_EQ(test, upper_32_bits(v), 0);

	/* Without latching the low word is sampled 4 bytes later. */
	t->m.cfg.latch = false;
	v = emu_t_read64(t, LAN1QTSN_TSN_SYSCOUNT_H, T_T0);
	KUNIT_EXPECT_EQ(test, upper_32_bits(v), 0);
	KUNIT_EXPECT_LT(test, lower_32_bits(v), 1000);

	/* A single _L read, then a burst that starts at _L. */
	emu_t_read(t, LAN1QTSN_TSN_SYSCOUNT_L, 1, T_T0);
	emu_t_read(t, LAN1QTSN_TSN_SYSCOUNT_L, 2, T_T0);
	KUNIT_EXPECT_EQ(test, t->m.stats.violations[EMU_V_BAD_LENGTH], 0);
}

static void emu_test_burst_limits(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	struct emu_stats *st = &t->m.stats;
	u8 *p;

	emu_t_read(t, LAN1QTSN_TSN_SYSCOUNT_H, 3, T_T0);
	KUNIT_EXPECT_EQ(test, st->violations[EMU_V_BAD_LENGTH], 1);
	emu_t_read(t, LAN1QTSN_TSN_SYSCOUNT_H + 2, 1, T_T0);
	emu_t_read(t, LAN1QTSN_REG_LAST, 2, T_T0);
	KUNIT_EXPECT_EQ(test, st->violations[EMU_V_BAD_REG], 2);

	/* A two-word write at an _H address sets both halves. */
	t->tx[0] = LAN1QTSN_CMD_WRITE;
	put_unaligned_be16(LAN1QTSN_SPACE_REG_WRITE | LAN1QTSN_PPS_CYCLE_1S_H,
			   t->tx + 1);
	put_unaligned_be64(0x0000000105f5e100ULL, t->tx + 3);
	emu_t_xfer(t, 11, T_T0);
	p = emu_t_read(t, LAN1QTSN_PPS_CYCLE_1S_H, 2, T_T0);
	KUNIT_EXPECT_EQ(test, get_unaligned_be64(p), 0x0000000105f5e100ULL);

	emu_t_write(t, LAN1QTSN_FD_TOTAL_RX_FRAME_CNT_H, 1, T_T0);
	KUNIT_EXPECT_EQ(test, st->violations[EMU_V_RO_WRITE], 1);
}

/* --- RX FIFOs ---------------------------------------------------------- */

static void emu_test_fifo_pairing(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	struct emu_stats *st = &t->m.stats;
	u8 f1[100], f2[80];
	u64 ts, sof = T_T0 + 5000;
	u8 *p;

	emu_t_enable(t, T_T0);
	emu_t_mkframe(f1, sizeof(f1), 0x10);
	emu_t_mkframe(f2, sizeof(f2), 0x20);
	KUNIT_EXPECT_TRUE(test, emu_model_rx(&t->m, f1, sizeof(f1), sof));
	KUNIT_EXPECT_FALSE(test, emu_model_rx(&t->m, f2, sizeof(f2), sof + 9000));
	KUNIT_EXPECT_TRUE(test, t->m.irq_low);
	KUNIT_EXPECT_EQ(test, st->irq_edges, 1);

	p = emu_t_read(t, LAN1QTSN_TSN_RX_FIFO_STATUS_L, 1, T_T0 + 20000);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(p),
			FIELD_PREP(LAN1QTSN_RX_FIFO_FRAME_CNT, 7 + 5) |
			FIELD_PREP(LAN1QTSN_RX_FIFO_META_CNT, 2));

	KUNIT_EXPECT_EQ(test, emu_t_meta(t, &ts, T_T0 + 20000), sizeof(f1));
	KUNIT_EXPECT_EQ(test, ts, emu_model_counter(&t->m, sof));
	p = emu_t_frame(t, sizeof(f1), T_T0 + 30000);
	KUNIT_EXPECT_EQ(test, memcmp(p, f1, sizeof(f1)), 0);
	KUNIT_EXPECT_TRUE(test, t->m.irq_low);

	/* Second entry, then an unpaired second metadata pop attempt. */
	KUNIT_EXPECT_EQ(test, emu_t_meta(t, NULL, T_T0 + 40000), sizeof(f2));
	KUNIT_EXPECT_FALSE(test, t->m.irq_low);
	KUNIT_EXPECT_EQ(test, emu_t_meta(t, NULL, T_T0 + 40000), 0);
	KUNIT_EXPECT_EQ(test, st->meta_reads_empty, 1);
	/* Short read: the rest of the frame is discarded. */
	p = emu_t_frame(t, 20, T_T0 + 50000);
	KUNIT_EXPECT_EQ(test, memcmp(p, f2, 20), 0);
	KUNIT_EXPECT_EQ(test, st->violations[EMU_V_SHORT_FRAME_READ], 1);
	KUNIT_EXPECT_EQ(test, t->m.fifo_bytes, 0);

	emu_t_frame(t, 64, T_T0 + 60000);
	KUNIT_EXPECT_EQ(test, st->violations[EMU_V_FRAME_READ_EMPTY], 1);

	/* Pop two entries before reading frames, then a frame too many. */
	emu_model_rx(&t->m, f1, sizeof(f1), sof + 100000);
	emu_model_rx(&t->m, f2, sizeof(f2), sof + 200000);
	emu_model_rx(&t->m, f2, sizeof(f2), sof + 300000);
	emu_t_meta(t, NULL, T_T0 + 400000);
	emu_t_meta(t, NULL, T_T0 + 400000);
	KUNIT_EXPECT_EQ(test, st->violations[EMU_V_UNPAIRED_META], 1);
	emu_t_frame(t, 100, T_T0 + 400000);
	emu_t_frame(t, 80, T_T0 + 400000);
	emu_t_frame(t, 80, T_T0 + 400000);
	KUNIT_EXPECT_EQ(test, st->violations[EMU_V_UNPAIRED_FRAME], 1);

	/* Short metadata read. */
	emu_model_rx(&t->m, f1, sizeof(f1), sof + 500000);
	t->tx[0] = LAN1QTSN_CMD_READ;
	put_unaligned_be16(LAN1QTSN_SPACE_RX_META, t->tx + 1);
	emu_t_xfer(t, 4 + 6, T_T0 + 600000);
	KUNIT_EXPECT_EQ(test, st->violations[EMU_V_SHORT_META_READ], 1);
}

static void emu_t_small_fifo(struct emu_model_cfg *cfg)
{
	cfg->rx_meta_limit = 2;
	cfg->rx_fifo_limit = 256;
}

static void emu_test_fifo_overflow(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, emu_t_small_fifo);
	struct emu_regs *r = &t->m.regs;
	u8 f[1600];

	emu_t_mkframe(f, 100, 1);
	emu_model_rx(&t->m, f, 100, T_T0);
	KUNIT_EXPECT_EQ(test, t->m.stats.rx_dropped_disabled, 1);
	KUNIT_EXPECT_EQ(test, r->fd_rx_frames, 0);

	emu_t_enable(t, T_T0);
	emu_model_rx(&t->m, f, 100, T_T0);
	emu_model_rx(&t->m, f, 100, T_T0);
	emu_model_rx(&t->m, f, 100, T_T0);	/* meta FIFO full */
	KUNIT_EXPECT_EQ(test, r->fd_full_frames, 1);
	KUNIT_EXPECT_EQ(test, r->fd_full_bytes, 100);

	t->m.cfg.rx_meta_limit = 8;
	emu_model_rx(&t->m, f, 100, T_T0);	/* 3 * 112 > 256 */
	KUNIT_EXPECT_EQ(test, r->fd_full_frames, 2);

	emu_t_mkframe(f, 1527, 1);		/* 1523 without FCS */
	emu_model_rx(&t->m, f, 1527, T_T0);
	KUNIT_EXPECT_EQ(test, r->fd_jumbo_frames, 1);
	KUNIT_EXPECT_EQ(test, r->fd_drop_frames, 3);
	KUNIT_EXPECT_EQ(test, r->fd_rx_frames, 5);
	KUNIT_EXPECT_EQ(test, t->m.meta_count, 2);

	/* The clear bits of TSN_RX_CONTROL_L act once. */
	emu_t_write(t, LAN1QTSN_TSN_RX_CONTROL_L, EMU_RX_CTRL_CLR_ALL, T_T0);
	KUNIT_EXPECT_EQ(test, r->fd_drop_frames, 0);
	KUNIT_EXPECT_EQ(test, r->fd_rx_frames, 0);
	KUNIT_EXPECT_EQ(test, r->rx_control_l, 0);
}

/* --- windows and the scheduler ---------------------------------------- */

static void emu_test_window_wrap(struct kunit *test)
{
	u32 from = T_MASK - 10;

	KUNIT_EXPECT_TRUE(test, emu_window_open(T_MASK, from, 5));
	KUNIT_EXPECT_TRUE(test, emu_window_open(3, from, 5));
	KUNIT_EXPECT_TRUE(test, emu_window_open(5, from, 5));
	KUNIT_EXPECT_FALSE(test, emu_window_open(6, from, 5));
	KUNIT_EXPECT_FALSE(test, emu_window_future(6, from));
	KUNIT_EXPECT_FALSE(test, emu_window_open(from - 20, from, 5));
	KUNIT_EXPECT_TRUE(test, emu_window_future(from - 20, from));
	/* Always open: to == from - 1. */
	KUNIT_EXPECT_TRUE(test, emu_window_open(from - 1, from, from - 1));
	KUNIT_EXPECT_TRUE(test, emu_window_open(0, 0, T_MASK));
	/* The future ends 2^28 ticks ahead, across the wrap too. */
	KUNIT_EXPECT_TRUE(test, emu_window_future(100, 100 + EMU_TICK_HALF - 1));
	KUNIT_EXPECT_FALSE(test, emu_window_future(100, 100 + EMU_TICK_HALF));
	KUNIT_EXPECT_TRUE(test, emu_window_future(T_MASK - 5,
						  EMU_TICK_HALF - 10));
	KUNIT_EXPECT_FALSE(test, emu_window_future(T_MASK - 5,
						   EMU_TICK_HALF - 5));
}

static void emu_t_before_wrap(struct emu_model_cfg *cfg)
{
	cfg->start_tick = 3 * EMU_TICK_WRAP - 1000;
}

static void emu_test_sched_wrap(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, emu_t_before_wrap);
	struct emu_t_tx f = { .len = 64, .tag = 1 };
	u64 next, start_tick, want;

	emu_t_enable(t, T_T0);
	/* 500 us ahead: after the 29-bit wrap. */
	f.from = (3 * EMU_TICK_WRAP - 1000 + 50000) & T_MASK;
	f.to = f.from + 100;
	KUNIT_ASSERT_LT(test, f.from, 50000);
	emu_t_send(t, &f, T_T0);
	next = emu_model_advance(&t->m, T_T0 + 100000);
	KUNIT_EXPECT_EQ(test, t->out.frames, 0);
	want = emu_model_counter_to_ns(&t->m, 3 * EMU_TICK_WRAP + 49000);
	KUNIT_EXPECT_EQ(test, next, want);
	emu_model_advance(&t->m, next + 1000000);
	KUNIT_ASSERT_EQ(test, t->out.frames, 1);
	start_tick = emu_model_counter(&t->m, t->out.start_ns[0]);
	KUNIT_EXPECT_EQ(test, start_tick, 3 * EMU_TICK_WRAP + 49000);
	KUNIT_EXPECT_EQ(test, t->m.launch_log[0].start_tick, start_tick);
	KUNIT_EXPECT_EQ(test, t->m.launch_log[0].verdict, EMU_SENT_IN_WINDOW);
	KUNIT_EXPECT_EQ(test, t->m.regs.fsch_valid, 1);
	/* 64 bytes + preamble + IFG at 80 ns per byte. */
	KUNIT_EXPECT_EQ(test, t->out.end_ns[0] - t->out.start_ns[0], 84 * 80);
}

/* Ticks of the (ppb 0) counter @ns after power-up. */
static u32 emu_t_tick(u64 ns)
{
	return div_u64(ns, LAN1QTSN_NS_PER_TICK);
}

static void emu_test_fail_drop(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	struct emu_t_tx f = { .len = 64, .policy = LAN1QTSN_FAIL_DROP };

	emu_t_enable(t, T_T0);
	/* Window [10 us, 20 us] after power-up, written at 1 ms. */
	f.from = emu_t_tick(10000);
	f.to = emu_t_tick(20000);
	emu_t_send(t, &f, T_T0 + 1000000);
	emu_model_advance(&t->m, T_T0 + 2000000);
	KUNIT_EXPECT_EQ(test, t->out.frames, 0);
	KUNIT_EXPECT_EQ(test, t->m.regs.fsch_new, 1);
	KUNIT_EXPECT_EQ(test, t->m.regs.fsch_drop, 1);
	KUNIT_EXPECT_EQ(test, t->m.regs.fsch_valid, 0);
	KUNIT_EXPECT_EQ(test, t->m.launch_log[0].verdict, EMU_DROPPED);
	KUNIT_EXPECT_EQ(test, emu_model_free_buffers(&t->m), 4);
}

static void emu_test_fail_retry(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	struct emu_t_tx f = { .len = 64, .policy = LAN1QTSN_FAIL_RETRY };
	u64 now = T_T0 + 1000000;

	emu_t_enable(t, T_T0);
	f.from = emu_t_tick(10000);
	f.to = emu_t_tick(20000);
	f.dfrom = emu_t_tick(3000000);
	f.dto = emu_t_tick(3100000);
	emu_t_send(t, &f, now);
	emu_model_advance(&t->m, T_T0 + 5000000);
	KUNIT_ASSERT_EQ(test, t->out.frames, 1);
	KUNIT_EXPECT_EQ(test, t->out.start_ns[0], T_T0 + 3000000);
	KUNIT_EXPECT_EQ(test, t->m.regs.fsch_delay, 1);
	KUNIT_EXPECT_EQ(test, t->m.regs.fsch_valid, 1);
	KUNIT_EXPECT_EQ(test, t->m.stats.tx_in_delay, 1);

	/* Both windows past: moved once, then dropped. */
	f.dfrom = emu_t_tick(30000);
	f.dto = emu_t_tick(40000);
	emu_t_send(t, &f, T_T0 + 6000000);
	emu_model_advance(&t->m, T_T0 + 7000000);
	KUNIT_EXPECT_EQ(test, t->out.frames, 1);
	KUNIT_EXPECT_EQ(test, t->m.regs.fsch_delay, 2);
	KUNIT_EXPECT_EQ(test, t->m.regs.fsch_drop, 1);
}

static void emu_test_hol_blocking(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	struct emu_t_tx held = { .len = 100, .tag = 1 };
	u64 next;

	emu_t_enable(t, T_T0);
	held.from = emu_t_tick(2000000);
	held.to = emu_t_tick(2100000);
	emu_t_send(t, &held, T_T0 + 100000);
	emu_t_send_open(t, 64, 0, T_T0 + 200000);
	next = emu_model_advance(&t->m, T_T0 + 1000000);
	KUNIT_EXPECT_EQ(test, t->out.frames, 0);
	KUNIT_EXPECT_EQ(test, next, T_T0 + 2000000);
	KUNIT_EXPECT_EQ(test, emu_model_free_buffers(&t->m), 2);

	emu_model_advance(&t->m, T_T0 + 3000000);
	KUNIT_ASSERT_EQ(test, t->out.frames, 2);
	KUNIT_EXPECT_EQ(test, t->out.start_ns[0], T_T0 + 2000000);
	/* The open frame leaves right after the held one. */
	KUNIT_EXPECT_EQ(test, t->out.start_ns[1], t->out.end_ns[0]);
	KUNIT_EXPECT_EQ(test, t->out.end_ns[0] - t->out.start_ns[0],
			(100 + 20) * 80);
	KUNIT_EXPECT_EQ(test, emu_model_free_buffers(&t->m), 4);
}

static void emu_test_tx_tstamp_slots(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	u64 now = T_T0 + 1000000;
	unsigned int n;

	emu_t_enable(t, T_T0);
	for (n = 1; n <= LAN1QTSN_TS_SLOTS; n++) {
		emu_t_send_open(t, 64, n, now);
		emu_model_advance(&t->m, now + 100000);
		KUNIT_EXPECT_EQ(test, t->m.regs.ft_tstamp[n - 1],
				emu_model_counter(&t->m,
						  t->out.start_ns[n - 1]));
		KUNIT_EXPECT_EQ(test,
				emu_t_read64(t, LAN1QTSN_FT_TX_TSTAMP_H(n),
					     now + 200000),
				t->m.regs.ft_tstamp[n - 1]);
		now += 1000000;
	}
	/* timestamp_id 0 captures nothing. */
	emu_t_send_open(t, 64, 0, now);
	emu_model_advance(&t->m, now + 100000);
	for (n = 0; n < LAN1QTSN_TS_SLOTS; n++)
		KUNIT_EXPECT_LT(test, t->m.regs.ft_tstamp[n],
				emu_model_counter(&t->m, now));
	KUNIT_EXPECT_EQ(test, t->m.regs.ft_tx_frames, 5);
	KUNIT_EXPECT_EQ(test, t->m.regs.ft_tx_bytes, 5 * 64);
}

static void emu_test_tx_buffers(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	unsigned int i;
	u8 *p;

	/* TSN disabled: frames are held in their buffers. */
	for (i = 0; i < 5; i++)
		emu_t_send_open(t, 64, 0, T_T0);
	KUNIT_EXPECT_EQ(test, t->m.regs.fs_back_pressure, 1);
	KUNIT_EXPECT_EQ(test, t->m.stats.violations[EMU_V_TX_NO_BUFFER], 1);
	p = emu_t_read(t, LAN1QTSN_FBW_BUFFER_WRITE_STATUS1_H, 1, T_T0);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(p), 0);
	emu_model_advance(&t->m, T_T0 + 1000000);
	KUNIT_EXPECT_EQ(test, t->out.frames, 0);

	emu_t_enable(t, T_T0 + 1000000);
	emu_model_advance(&t->m, T_T0 + 2000000);
	KUNIT_EXPECT_EQ(test, t->out.frames, 4);
	KUNIT_EXPECT_EQ(test, t->out.start_ns[0], T_T0 + 1000000 + 3 * T_BYTE_NS);
	p = emu_t_read(t, LAN1QTSN_FBW_BUFFER_WRITE_STATUS1_H, 1, T_T0 + 2000000);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(p), 4);
	KUNIT_EXPECT_EQ(test, t->m.regs.fs_rx_frames, 5);
	KUNIT_EXPECT_EQ(test, t->m.regs.fs_rx_beats, 5 * DIV_ROUND_UP(96, 16));
}

static void emu_test_tx_checks(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	struct emu_stats *st = &t->m.stats;
	struct emu_t_tx f = { .len = 64, .to = T_MASK };

	emu_t_send_open(t, 64, 0, T_T0);
	KUNIT_EXPECT_EQ(test, st->violations[EMU_V_TX_BAD_FCS], 0);
	/* Corrupt the FCS of the next frame after building it. */
	emu_t_send(t, &f, T_T0);
	KUNIT_EXPECT_EQ(test, st->violations[EMU_V_TX_BAD_META], 0);
	t->tx[3 + 32 + 10] ^= 1;
	emu_t_xfer(t, 3 + 32 + 64, T_T0);
	KUNIT_EXPECT_EQ(test, st->violations[EMU_V_TX_BAD_FCS], 1);
	KUNIT_EXPECT_EQ(test, t->m.txq_count, 3);

	f.tsid = 5;
	emu_t_send(t, &f, T_T0);
	KUNIT_EXPECT_EQ(test, st->violations[EMU_V_TX_BAD_META], 1);
	/* frame_length does not match the bytes sent: dropped. */
	t->tx[3 + 17] = 70;
	emu_t_xfer(t, 3 + 32 + 64, T_T0);
	KUNIT_EXPECT_EQ(test, st->violations[EMU_V_TX_BAD_META], 2);
	KUNIT_EXPECT_EQ(test, st->tx_dropped_malformed, 1);
	/* Runt: unpadded 40-byte frame. */
	f.tsid = 0;
	f.len = 44;
	emu_t_send(t, &f, T_T0);
	KUNIT_EXPECT_EQ(test, st->violations[EMU_V_TX_BAD_META], 3);
	KUNIT_EXPECT_EQ(test, t->m.txq_count, 4);
}

static void emu_t_device_fcs(struct emu_model_cfg *cfg)
{
	cfg->device_fcs = true;
}

static void emu_test_device_fcs(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, emu_t_device_fcs);
	u8 ref[64];

	emu_t_enable(t, T_T0);
	emu_t_send_open(t, 64, 0, T_T0);	/* 60 bytes sent, no FCS */
	emu_model_advance(&t->m, T_T0 + 1000000);
	KUNIT_ASSERT_EQ(test, t->out.frames, 1);
	KUNIT_EXPECT_EQ(test, t->out.len[0], 64);
	emu_t_mkframe(ref, sizeof(ref), 0);
	KUNIT_EXPECT_EQ(test, memcmp(t->out.data, ref, sizeof(ref)), 0);
	KUNIT_EXPECT_EQ(test, t->m.stats.violations[EMU_V_TX_BAD_META], 0);
}

/* --- time -------------------------------------------------------------- */

static void emu_test_counter_drift(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	struct emu_model *m = &t->m;
	u64 tick, ns, c;

	m->epoch_tick = 5000;
	KUNIT_EXPECT_EQ(test, emu_model_counter(m, T_T0 - 1), 5000);
	KUNIT_EXPECT_EQ(test, emu_model_counter(m, T_T0 + NSEC_PER_SEC),
			5000 + 100000000);

	emu_model_set_freq(m, 100000, T_T0);	/* +100 ppm */
	KUNIT_EXPECT_EQ(test, emu_model_counter(m, T_T0 + NSEC_PER_SEC),
			5000 + 100000000 + 10000);
	emu_model_set_freq(m, -50000, T_T0 + NSEC_PER_SEC);
	c = emu_model_counter(m, T_T0 + NSEC_PER_SEC);
	KUNIT_EXPECT_EQ(test, c, 5000 + 100000000 + 10000);
	KUNIT_EXPECT_EQ(test, emu_model_counter(m, T_T0 + 11 * NSEC_PER_SEC),
			c + 1000000000 - 50000);

	/* counter_to_ns is the exact inverse, at the first crossing. */
	for (tick = c + 1; tick < c + 2000; tick += 7) {
		ns = emu_model_counter_to_ns(m, tick);
		KUNIT_EXPECT_GE(test, emu_model_counter(m, ns), tick);
		KUNIT_EXPECT_LT(test, emu_model_counter(m, ns - 1), tick);
	}
}

static void emu_test_pps(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);

	emu_t_write(t, LAN1QTSN_PPS_PULSE_AT_H + 4, 1000, T_T0);
	emu_t_write(t, LAN1QTSN_PPS_CYCLE_1S_H + 4, 1000, T_T0);
	emu_model_advance(&t->m, T_T0 + 35000);	/* counter 3500 */
	KUNIT_EXPECT_EQ(test, t->m.stats.pps_pulses, 3);
	KUNIT_EXPECT_EQ(test, t->m.pps_log[2].tick, 3000);
	/* A long gap is counted without a loop per pulse. */
	emu_model_advance(&t->m, T_T0 + 10 * NSEC_PER_SEC);
	KUNIT_EXPECT_EQ(test, t->m.stats.pps_pulses, 1000000);
	emu_t_write(t, LAN1QTSN_PPS_CYCLE_1S_H + 4, 0, T_T0 + 10 * NSEC_PER_SEC);
	emu_model_advance(&t->m, T_T0 + 20 * NSEC_PER_SEC);
	KUNIT_EXPECT_EQ(test, t->m.stats.pps_pulses, 1000000);
}

/* --- time base, oscillator, PPS ---------------------------------------- */

#define T_MS		1000000ULL
#define T_SCALE		10000000000ULL	/* host ns * (1e9 + ppb) per tick */

/* Write a 64-bit register pair in one 8-byte burst from _H. */
static void emu_t_write64(struct emu_test *t, u16 reg, u64 val, u64 now)
{
	t->tx[0] = LAN1QTSN_CMD_WRITE;
	put_unaligned_be16(LAN1QTSN_SPACE_REG_WRITE | reg, t->tx + 1);
	put_unaligned_be64(val, t->tx + 3);
	emu_t_xfer(t, 11, now);
}

/* Host time at which the data words of a register write are sampled. */
static u64 emu_t_wdata(u64 now)
{
	return now + 3 * T_BYTE_NS;
}

static void emu_t_ppb_m40(struct emu_model_cfg *cfg)
{
	cfg->freq_ppb = -40000;
}

/* The counter is (1e9 + ppb) / 1e10 ticks per host ns, exactly. */
static void emu_test_time_raw(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, emu_t_ppb_m40);
	struct emu_test *u = emu_test_new(test, emu_t_ppb_m40);
	static const u64 spans[] = {
		1, 9, 10, 11, 249999, 1000000000, 1234567891, 86400000000000ULL,
		T_SCALE - 1, T_SCALE, T_SCALE + 7, 3 * T_SCALE + 12345,
	};
	u64 e, want, ns;
	u32 i;

	/* -40 ppm: 1 s is 99,996,000 ticks. */
	KUNIT_EXPECT_EQ(test, emu_model_counter(&t->m, T_T0 + NSEC_PER_SEC),
			99996000);
	KUNIT_EXPECT_EQ(test, emu_model_ppb_at(&t->m, T_T0), -40000);
	for (i = 0; i < ARRAY_SIZE(spans); i++) {
		e = spans[i];
		/* floor(floor(e * rate / 1e9) / 10), written independently. */
		want = div_u64(mul_u64_u32_div(e, 1000000000 - 40000,
					       1000000000), 10);
		KUNIT_EXPECT_EQ(test, emu_model_counter(&t->m, T_T0 + e), want);
	}
	/*
	 * Rebasing every 1.000001 ms for 10 s (same frequency) carries the
	 * fraction of a tick: exactly the counter of a model never rebased.
	 */
	for (ns = T_T0; ns < T_T0 + 10 * NSEC_PER_SEC; ns += T_MS + 1) {
		emu_model_set_freq(&u->m, -40000, ns);
		KUNIT_ASSERT_EQ(test, emu_model_counter(&u->m, ns),
				emu_model_counter(&t->m, ns));
	}
	KUNIT_EXPECT_EQ(test, emu_model_counter(&u->m, T_T0 + 11 * NSEC_PER_SEC),
			emu_model_counter(&t->m, T_T0 + 11 * NSEC_PER_SEC));
	/* Times before the last segment are answered from its history. */
	ns -= 10 * T_MS;
	KUNIT_EXPECT_EQ(test, emu_model_counter(&u->m, ns),
			emu_model_counter(&t->m, ns));
	KUNIT_EXPECT_EQ(test, emu_model_ppb_at(&u->m, ns), -40000);
	emu_model_free(&t->m);
}

/*
 * Over long spans with frequency changes at odd times the counter is the
 * exact sum of the segments: sum(e_i * rate_i) / 1e10, nothing lost.
 */
static void emu_test_time_long_span(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	struct emu_model *m = &t->m;
	u64 ns = T_T0, sum = 0, e, ticks;
	s32 ppb = 60000;
	u32 i;

	/* A day at +60 ppm: 8,640,518,400,000 ticks, and the error is 60000 ppb. */
	emu_model_set_freq(m, 60000, T_T0);
	ticks = emu_model_counter(m, T_T0 + 86400 * NSEC_PER_SEC);
	KUNIT_EXPECT_EQ(test, ticks, 8640518400000ULL);
	/* (ticks * 10 - ns) / ns in ppb, to better than 1 ppb. */
	KUNIT_EXPECT_EQ(test, div64_u64((ticks * 10 - 86400 * NSEC_PER_SEC) *
					1000000000ULL / 1000,
					86400 * NSEC_PER_SEC / 1000), 60000);

	for (i = 0; i < 1000; i++) {
		e = 1234567 + 7919 * i;
		sum += e * (1000000000 + ppb);
		ns += e;
		ppb = (s32)(i * 7777 % 200001) - 100000;
		emu_model_set_freq(m, ppb, ns);
	}
	KUNIT_EXPECT_EQ(test, emu_model_counter(m, ns), div64_u64(sum, T_SCALE));
	KUNIT_EXPECT_EQ(test, emu_model_ppb_at(m, ns), ppb);
}

static void emu_t_wander_run(struct emu_model *m, u64 seed, s32 *seen, u32 n)
{
	u32 i;

	emu_osc_seed(m, seed);
	emu_osc_set_wander(m, 50, 10, T_T0);
	for (i = 0; i < n; i++) {
		emu_osc_sync(m, T_T0 + (10 * i + 15) * T_MS);
		seen[i] = emu_model_ppb_at(m, T_T0 + (10 * i + 15) * T_MS);
	}
}

/* Wander: a seeded random walk of the frequency, the counter continuous. */
static void emu_test_time_wander(struct kunit *test)
{
	struct emu_test *t[4];
	struct emu_model *m;
	s32 *a, *b;
	u64 sum = 0, ns, c, prev, at[32], val[32];
	u32 i, diff = 0;
	s32 p;

	/* Four fresh models (the suite's exit frees the last one only). */
	for (i = 0; i < 4; i++)
		t[i] = emu_test_new(test, emu_t_ppb_m40);
	a = kunit_kcalloc(test, 500, sizeof(*a), GFP_KERNEL);
	b = kunit_kcalloc(test, 500, sizeof(*b), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	/* The walk: one step of exactly +-50 ppb every 10 ms. */
	emu_t_wander_run(&t[0]->m, 7, a, 500);
	p = -40000;
	for (i = 0; i < 500; i++) {
		KUNIT_EXPECT_TRUE(test, a[i] == p + 50 || a[i] == p - 50);
		p = a[i];
	}
	/* The same seed gives the same walk, another seed another. */
	emu_t_wander_run(&t[1]->m, 7, b, 500);
	KUNIT_EXPECT_EQ(test, memcmp(a, b, 500 * sizeof(*a)), 0);
	emu_t_wander_run(&t[2]->m, 8, b, 500);
	for (i = 0; i < 500; i++)
		diff += a[i] != b[i];
	KUNIT_EXPECT_GT(test, diff, 100);

	/* The counter over the walk is the exact sum of its steps. */
	m = &t[3]->m;
	emu_osc_seed(m, 7);
	emu_osc_set_wander(m, 50, 10, T_T0);
	prev = 0;
	for (i = 0; i < 400; i++) {
		ns = T_T0 + (u64)(i + 1) * 10 * T_MS;
		/* Reached piecewise, read at the step: no jump across it. */
		emu_osc_sync(m, ns - 1);
		c = emu_model_counter(m, ns - 1);
		KUNIT_EXPECT_GE(test, c, prev);
		emu_osc_sync(m, ns);
		KUNIT_EXPECT_LE(test, emu_model_counter(m, ns) - c, 1);
		sum += 10 * T_MS * (1000000000 + (u64)(s64)
				    emu_model_ppb_at(m, ns - 1));
		prev = c;
		if (i >= 368) {
			at[i - 368] = ns - 5 * T_MS;
			val[i - 368] = emu_model_counter(m, at[i - 368]);
		}
	}
	KUNIT_EXPECT_EQ(test, emu_model_counter(m, T_T0 + 4000 * T_MS),
			div64_u64(sum, T_SCALE));
	/* Later steps do not change what earlier instants read. */
	emu_osc_sync(m, T_T0 + 4300 * T_MS);
	for (i = 0; i < 32; i++)
		KUNIT_EXPECT_EQ(test, emu_model_counter(m, at[i]), val[i]);
	for (i = 0; i < 3; i++)
		emu_model_free(&t[i]->m);
}

/* Scripted steps apply at their host times; the counter stays exact. */
static void emu_test_time_script(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, emu_t_ppb_m40);
	struct emu_model *m = &t->m;
	static const u32 after[] = { 0, 1000, 1000, 2500 };
	static const s32 ppb[] = { -40000, 60000, 100000, -7 };
	static const u32 bad_after[] = { 5, 4 };
	u64 c, want;

	KUNIT_EXPECT_EQ(test, emu_osc_set_script(m, bad_after, ppb, 2, false, T_T0),
			-EINVAL);
	/* Written in two pieces (two write() calls of one open). */
	KUNIT_EXPECT_EQ(test, emu_osc_set_script(m, after, ppb, 2, false, T_T0), 0);
	KUNIT_EXPECT_EQ(test, emu_osc_set_script(m, after + 2, ppb + 2, 2, true,
						 T_T0 + 1000), 0);
	KUNIT_EXPECT_EQ(test, m->osc.script_n, 4);
	KUNIT_EXPECT_EQ(test, emu_osc_set_script(m, bad_after + 1, ppb, 1, true,
						 T_T0 + 2000), -EINVAL);
	KUNIT_EXPECT_EQ(test, m->osc.script_next, 1);
	KUNIT_EXPECT_EQ(test, emu_model_ppb_at(m, T_T0 + 999 * T_MS), -40000);
	emu_osc_sync(m, T_T0 + 1200 * T_MS);
	/* Two steps at the same instant: the last one wins. */
	KUNIT_EXPECT_EQ(test, emu_model_ppb_at(m, T_T0 + 1000 * T_MS), 100000);
	KUNIT_EXPECT_EQ(test, m->cfg.freq_ppb, 100000);
	c = emu_model_counter(m, T_T0 + 1000 * T_MS - 1);
	KUNIT_EXPECT_LE(test, emu_model_counter(m, T_T0 + 1000 * T_MS) - c, 1);
	emu_osc_sync(m, T_T0 + 4000 * T_MS);
	KUNIT_EXPECT_EQ(test, m->osc.script_next, 4);
	KUNIT_EXPECT_EQ(test, emu_model_ppb_at(m, T_T0 + 3000 * T_MS), -7);
	/* 1 s at -40 ppm, 1.5 s at +100 ppm, 1.5 s at -7 ppb. */
	want = div64_u64(1000 * T_MS * (1000000000ULL - 40000) +
			 1500 * T_MS * (1000000000ULL + 100000) +
			 1500 * T_MS * (1000000000ULL - 7), T_SCALE);
	KUNIT_EXPECT_EQ(test, emu_model_counter(m, T_T0 + 4000 * T_MS), want);
}

static void emu_t_noise(struct emu_model_cfg *cfg)
{
	cfg->phase_noise_ns = 200;
	cfg->freq_ppb = 60000;
}

/* Phase noise: SYSCOUNT samples within +-N ns, never going back. */
static void emu_test_time_noise(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, emu_t_noise);
	struct emu_model *m = &t->m;
	u64 ns, v, prev = 0, lo, hi;
	u32 i, off = 0, back = 0;

	for (i = 0; i < 5000; i++) {
		ns = T_T0 + 1000 + 37 * (u64)i;
		v = emu_osc_sample(m, ns);
		lo = emu_model_counter(m, ns - 200);
		hi = emu_model_counter(m, ns + 200);
		KUNIT_EXPECT_GE(test, v, lo);
		KUNIT_EXPECT_LE(test, v, hi);
		back += v < prev;
		off += v != emu_model_counter(m, ns);
		prev = v;
	}
	KUNIT_EXPECT_EQ(test, back, 0);
	/* The noise is there: most samples are off the true counter. */
	KUNIT_EXPECT_GT(test, off, 2500);
	/* Through SPI: the register read is the noisy sample too. */
	ns = T_T0 + NSEC_PER_SEC;
	v = emu_t_read64(t, LAN1QTSN_TSN_SYSCOUNT_H, ns);
	KUNIT_EXPECT_GE(test, v, prev);
	KUNIT_EXPECT_LE(test, v, emu_model_counter(m, ns + 4 * T_BYTE_NS + 200));
	/* Off: the plain counter again. */
	m->cfg.phase_noise_ns = 0;
	ns += NSEC_PER_SEC;
	KUNIT_EXPECT_EQ(test, emu_osc_sample(m, ns), emu_model_counter(m, ns));
}

static void emu_t_big_start(struct emu_model_cfg *cfg)
{
	cfg->start_tick = 0x110000000ULL;
}

/*
 * A PULSE_AT rewrite, as one 8-byte burst or as _H then _L, arms once
 * when _L is written: no pulse from the mixed value in between.
 */
static void emu_test_pps_burst(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, emu_t_big_start);
	struct emu_model *m = &t->m;
	u64 now = T_T0 + 1000, at, c;

	emu_t_write64(t, LAN1QTSN_PPS_CYCLE_1S_H, 100000000, now);
	/* An old value long past (H = 0): no pulse, counted as late. */
	emu_t_write(t, LAN1QTSN_PPS_PULSE_AT_H + 4, 0x1000, now);
	KUNIT_EXPECT_EQ(test, m->stats.pps_arms, 1);
	KUNIT_EXPECT_EQ(test, m->stats.pps_late, 1);
	KUNIT_EXPECT_EQ(test, m->pps_next, 0);
	/* One second ahead, in one burst (_H 1, then _L). */
	c = emu_model_counter(m, emu_t_wdata(now));
	at = c + 100000000;
	emu_t_write64(t, LAN1QTSN_PPS_PULSE_AT_H, at, now);
	KUNIT_EXPECT_EQ(test, m->stats.pps_arms, 2);
	KUNIT_EXPECT_EQ(test, m->stats.pps_late, 1);
	KUNIT_EXPECT_EQ(test, m->pps_next, at);
	KUNIT_EXPECT_EQ(test, emu_t_read64(t, LAN1QTSN_PPS_PULSE_AT_H, now), at);
	emu_model_advance(m, now + NSEC_PER_SEC / 2);
	KUNIT_EXPECT_EQ(test, m->stats.pps_pulses, 0);
	emu_model_advance(m, now + 3 * NSEC_PER_SEC + NSEC_PER_SEC / 2);
	KUNIT_EXPECT_EQ(test, m->stats.pps_pulses, 3);
	KUNIT_EXPECT_EQ(test, m->pps_log[0].tick, at);
	KUNIT_EXPECT_EQ(test, m->pps_log[2].tick, at + 200000000);

	/* Two 4-byte writes: _H alone stores, _L arms. */
	now += 4 * NSEC_PER_SEC;
	at = emu_model_counter(m, emu_t_wdata(now)) + 0x100000000ULL;
	emu_t_write(t, LAN1QTSN_PPS_PULSE_AT_H, upper_32_bits(at), now);
	KUNIT_EXPECT_EQ(test, m->stats.pps_arms, 2);
	emu_model_advance(m, now + NSEC_PER_SEC / 2);
	/* Still the old grid: the _H write alone changed nothing. */
	KUNIT_EXPECT_EQ(test, m->stats.pps_pulses, 4);
	emu_t_write(t, LAN1QTSN_PPS_PULSE_AT_H + 4, lower_32_bits(at),
		    now + NSEC_PER_SEC / 2);
	KUNIT_EXPECT_EQ(test, m->stats.pps_arms, 3);
	KUNIT_EXPECT_EQ(test, m->stats.pps_late, 1);
	KUNIT_EXPECT_EQ(test, m->pps_next, at);
	emu_model_advance(m, now + 10 * NSEC_PER_SEC);
	KUNIT_EXPECT_EQ(test, m->stats.pps_pulses, 4);
}

/* A new PPS_CYCLE_1S keeps the phase and re-counts nothing. */
static void emu_test_pps_cycle_phase(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	struct emu_model *m = &t->m;

	emu_t_write(t, LAN1QTSN_PPS_PULSE_AT_H + 4, 1000, T_T0);
	emu_t_write(t, LAN1QTSN_PPS_CYCLE_1S_H + 4, 1000, T_T0);
	emu_model_advance(m, T_T0 + 35000);	/* counter 3500 */
	KUNIT_EXPECT_EQ(test, m->stats.pps_pulses, 3);
	/* _H alone does not change the period. */
	emu_t_write(t, LAN1QTSN_PPS_CYCLE_1S_H, 7, T_T0 + 35000);
	KUNIT_EXPECT_EQ(test, emu_t_read64(t, LAN1QTSN_PPS_CYCLE_1S_H,
					   T_T0 + 35000), 0x700000000ULL + 1000);
	emu_t_write(t, LAN1QTSN_PPS_CYCLE_1S_H, 0, T_T0 + 35000);
	emu_t_write(t, LAN1QTSN_PPS_CYCLE_1S_H + 4, 1500, T_T0 + 35000);
	KUNIT_EXPECT_EQ(test, m->stats.pps_pulses, 3);
	KUNIT_EXPECT_EQ(test, m->pps_next, 4000);
	emu_model_advance(m, T_T0 + 71000);	/* counter 7100 */
	KUNIT_EXPECT_EQ(test, m->stats.pps_pulses, 6);
	KUNIT_EXPECT_EQ(test, m->pps_log[3].tick, 4000);
	KUNIT_EXPECT_EQ(test, m->pps_log[4].tick, 5500);
	KUNIT_EXPECT_EQ(test, m->pps_log[5].tick, 7000);
	/* Each pulse carries the host time its counter value was reached. */
	KUNIT_EXPECT_EQ(test, m->pps_log[5].host_ns, T_T0 + 70000);
	/* The model asks to be called at the next pulse, unread. */
	KUNIT_EXPECT_EQ(test, emu_model_advance(m, T_T0 + 71000),
			T_T0 + 85000);
	/* Cycle 0 stops the pulses; PULSE_AT 0 too. */
	emu_t_write(t, LAN1QTSN_PPS_CYCLE_1S_H + 4, 0, T_T0 + 71000);
	KUNIT_EXPECT_EQ(test, emu_model_advance(m, T_T0 + 200000), 0);
	KUNIT_EXPECT_EQ(test, m->stats.pps_pulses, 6);
}

/* PULSE_AT already passed: never (default), skip to the grid, or once. */
static void emu_test_pps_late(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	struct emu_model *m = &t->m;
	u64 now = T_T0 + 100000, c;	/* counter 10000 */

	c = emu_model_counter(m, emu_t_wdata(now));
	emu_t_write(t, LAN1QTSN_PPS_CYCLE_1S_H + 4, 1000, now);
	emu_t_write(t, LAN1QTSN_PPS_PULSE_AT_H + 4, 7500, now);
	KUNIT_EXPECT_EQ(test, m->stats.pps_late, 1);
	emu_model_advance(m, now + NSEC_PER_SEC);
	KUNIT_EXPECT_EQ(test, m->stats.pps_pulses, 0);
	/* The counter value itself is also passed. */
	now += NSEC_PER_SEC;
	c = emu_model_counter(m, emu_t_wdata(now));
	emu_t_write(t, LAN1QTSN_PPS_PULSE_AT_H + 4, c, now);
	KUNIT_EXPECT_EQ(test, m->stats.pps_late, 2);
	KUNIT_EXPECT_EQ(test, m->pps_next, 0);

	m->cfg.pps_late = EMU_PPS_LATE_SKIP;
	emu_t_write(t, LAN1QTSN_PPS_PULSE_AT_H + 4, c - 2500, now);
	KUNIT_EXPECT_EQ(test, m->pps_next, c + 500);
	emu_model_advance(m, now + 50000);	/* 5000 ticks later */
	KUNIT_EXPECT_EQ(test, m->stats.pps_pulses, 5);
	KUNIT_EXPECT_EQ(test, m->pps_log[0].tick, c + 500);

	m->cfg.pps_late = EMU_PPS_LATE_ONCE;
	now += 50000;
	c = emu_model_counter(m, emu_t_wdata(now));
	emu_t_write(t, LAN1QTSN_PPS_PULSE_AT_H + 4, c - 2500, now);
	KUNIT_EXPECT_EQ(test, m->stats.pps_pulses, 6);
	KUNIT_EXPECT_EQ(test, m->pps_log[5].tick, c);
	KUNIT_EXPECT_EQ(test, m->pps_log[5].host_ns, emu_t_wdata(now));
	KUNIT_EXPECT_EQ(test, m->pps_next, c + 500);
}

/*
 * Many seconds of model time at -40 ppm, the caller coming back when the
 * model asks (as the hrtimer does) and at random times between: every
 * pulse exactly on its grid, with its host time, none missing or extra,
 * across a cycle rewrite and a burst rewrite of PULSE_AT a second ahead.
 */
static void emu_test_pps_many_seconds(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, emu_t_ppb_m40);
	struct emu_model *m = &t->m;
	struct rnd_state rnd;
	u64 now = T_T0, next, at, cycle = 100000000, want_tick, c, end;
	u32 i, seen = 0;

	prandom_seed_state(&rnd, 99);
	at = 50000000;
	emu_t_write(t, LAN1QTSN_PPS_CYCLE_1S_H + 4, cycle, now);
	emu_t_write64(t, LAN1QTSN_PPS_PULSE_AT_H, at, now);
	want_tick = at;
	end = T_T0 + 120 * NSEC_PER_SEC;
	while (now < end) {
		next = emu_model_advance(m, now);
		KUNIT_ASSERT_NE(test, next, 0);
		for (; seen < m->stats.pps_pulses; seen++) {
			KUNIT_ASSERT_EQ(test, m->pps_log[seen].tick, want_tick);
			KUNIT_ASSERT_GE(test, emu_model_counter(m, m->pps_log[seen].host_ns),
					want_tick);
			KUNIT_ASSERT_TRUE(test, emu_model_counter(m, m->pps_log[seen].host_ns - 1) <
					  want_tick);
			want_tick += cycle;
		}
		/* The next pulse is the next grid point, at its host time. */
		KUNIT_ASSERT_EQ(test, next, emu_model_counter_to_ns(m, want_tick));
		if (seen == 40 && cycle == 100000000) {
			/* adjfine-style: a new cycle, the phase kept. */
			emu_t_write(t, LAN1QTSN_PPS_CYCLE_1S_H + 4, 100004000, now);
			cycle = 100004000;
		}
		if (seen == 80 && at == 50000000) {
			/* A burst rewrite one second ahead of the next pulse. */
			c = emu_model_counter(m, emu_t_wdata(now));
			KUNIT_ASSERT_TRUE(test, want_tick > c);
			at = want_tick + cycle;
			emu_t_write64(t, LAN1QTSN_PPS_PULSE_AT_H, at, now);
			want_tick = at;
		}
		/* Sometimes early (a random instant), sometimes on time. */
		if (prandom_u32_state(&rnd) & 1)
			now = emu_model_counter_to_ns(m, want_tick);
		else
			now += prandom_u32_state(&rnd) % (NSEC_PER_SEC / 3);
	}
	/* 120 s at -40 ppm hold 119 pulses after the first at 0.5 s, less
	 * the one the rewrite moved a second on.
	 */
	KUNIT_EXPECT_EQ(test, m->stats.pps_pulses, seen);
	KUNIT_EXPECT_GE(test, seen, 117);
	KUNIT_EXPECT_LE(test, seen, 119);
	KUNIT_EXPECT_EQ(test, m->stats.pps_arms, 2);
	KUNIT_EXPECT_EQ(test, m->stats.pps_late, 0);
	for (i = 1; i < seen; i++)
		KUNIT_EXPECT_GT(test, m->pps_log[i].host_ns, m->pps_log[i - 1].host_ns);
}

/*
 * The event stream: every launch decision, TX timestamp, RX start, IRQ edge
 * and reset (with the frames it dropped), with literal values: the counter
 * starts at 0 and runs at 100 MHz, so tick = (ns - T_T0) / 10.
 */
static void emu_test_events(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	struct emu_test_out *o = &t->out;
	struct emu_t_tx f = {
		.from = 20000, .to = 21000, .len = 100, .tsid = 2, .tag = 1,
	};
	const struct emu_event *e;
	u8 fr[64];

	/* Power-up is a reset with nothing to drop. */
	KUNIT_ASSERT_EQ(test, o->n_ev, 1);
	KUNIT_EXPECT_EQ(test, o->ev[0].type, EMU_EV_RESET);
	KUNIT_EXPECT_EQ(test, o->ev[0].host_ns, T_T0);
	emu_t_enable(t, T_T0);

	/* Queued at tick 8209, started when its window opens (tick 20000). */
	emu_t_send(t, &f, T_T0 + 10000);
	emu_model_advance(&t->m, T_T0 + 300000);
	KUNIT_ASSERT_EQ(test, o->n_ev, 3);
	e = &o->ev[1];
	KUNIT_EXPECT_EQ(test, e->type, EMU_EV_LAUNCH);
	KUNIT_EXPECT_EQ(test, e->verdict, EMU_SENT_IN_WINDOW);
	KUNIT_EXPECT_EQ(test, e->seq, 0);
	KUNIT_EXPECT_EQ(test, e->prio, 7);
	KUNIT_EXPECT_EQ(test, e->from, 20000);
	KUNIT_EXPECT_EQ(test, e->to, 21000);
	KUNIT_EXPECT_EQ(test, e->len, 100);
	KUNIT_EXPECT_EQ(test, e->tsid, 2);
	/* The write ends after 3 + 32 + 100 bytes at 534 ns each. */
	KUNIT_EXPECT_EQ(test, e->enq_ns, T_T0 + 10000 + 135 * T_BYTE_NS);
	KUNIT_EXPECT_EQ(test, e->enq_tick, (10000 + 135 * T_BYTE_NS) / 10);
	KUNIT_EXPECT_EQ(test, e->host_ns, T_T0 + 200000);
	KUNIT_EXPECT_EQ(test, e->start_tick, 20000);
	/* (100 + 8 + 12) bytes at 80 ns: 960 ticks on the wire. */
	KUNIT_EXPECT_EQ(test, e->end_tick, 20960);
	KUNIT_EXPECT_EQ(test, e->fcs, get_unaligned_le32(o->data + 96));
	e = &o->ev[2];
	KUNIT_EXPECT_EQ(test, e->type, EMU_EV_TXTS);
	KUNIT_EXPECT_EQ(test, e->value2, 2);
	KUNIT_EXPECT_EQ(test, e->value, 20000);
	KUNIT_EXPECT_EQ(test, e->seq, 0);

	/* A window long past: dropped, at the tick it was found passed. */
	f.from = 100;
	f.to = 200;
	f.tsid = 0;
	emu_t_send(t, &f, T_T0 + 300000);
	emu_model_advance(&t->m, T_T0 + 500000);
	KUNIT_ASSERT_EQ(test, o->n_ev, 4);
	e = &o->ev[3];
	KUNIT_EXPECT_EQ(test, e->type, EMU_EV_LAUNCH);
	KUNIT_EXPECT_EQ(test, e->verdict, EMU_DROPPED);
	KUNIT_EXPECT_EQ(test, e->seq, 1);
	KUNIT_EXPECT_EQ(test, e->start_tick, e->enq_tick);
	KUNIT_EXPECT_EQ(test, e->end_tick, e->start_tick);

	/* RX: stored with its identity and timestamp, then the edge. */
	emu_t_mkframe(fr, sizeof(fr), 3);
	KUNIT_EXPECT_TRUE(test, emu_model_rx_id(&t->m, fr, sizeof(fr),
						T_T0 + 600000, 1ULL << 32 | 7));
	KUNIT_EXPECT_FALSE(test, emu_model_rx_id(&t->m, fr, 3, T_T0 + 700000,
						 1ULL << 32 | 8));
	KUNIT_ASSERT_EQ(test, o->n_ev, 7);
	e = &o->ev[4];
	KUNIT_EXPECT_EQ(test, e->type, EMU_EV_RX);
	KUNIT_EXPECT_EQ(test, e->verdict, EMU_RX_STORED);
	KUNIT_EXPECT_EQ(test, e->wire_id, 1ULL << 32 | 7);
	KUNIT_EXPECT_EQ(test, e->host_ns, T_T0 + 600000);
	KUNIT_EXPECT_EQ(test, e->value2, 60000);
	KUNIT_EXPECT_EQ(test, e->value, 60000);
	KUNIT_EXPECT_EQ(test, e->len, 64);
	KUNIT_EXPECT_EQ(test, o->ev[5].type, EMU_EV_IRQ);
	KUNIT_EXPECT_EQ(test, o->ev[5].verdict, EMU_IRQ_FIRED);
	KUNIT_EXPECT_EQ(test, o->ev[6].type, EMU_EV_RX);
	KUNIT_EXPECT_EQ(test, o->ev[6].verdict, EMU_RX_DROP_JUMBO);
	KUNIT_EXPECT_EQ(test, o->ev[6].wire_id, 1ULL << 32 | 8);

	/* A reset logs the queued TX frame and the stored RX frame it drops. */
	t->m.cfg.fault_tx_stuck = true;
	emu_t_send_open(t, 64, 0, T_T0 + 800000);
	emu_model_reset(&t->m, T_T0 + 900000);
	KUNIT_ASSERT_EQ(test, o->n_ev, 10);
	KUNIT_EXPECT_EQ(test, o->ev[7].type, EMU_EV_LAUNCH);
	KUNIT_EXPECT_EQ(test, o->ev[7].verdict, EMU_DROPPED_RESET);
	KUNIT_EXPECT_EQ(test, o->ev[7].seq, 2);
	KUNIT_EXPECT_EQ(test, o->ev[8].type, EMU_EV_RX_FLUSH);
	KUNIT_EXPECT_EQ(test, o->ev[8].wire_id, 1ULL << 32 | 7);
	KUNIT_EXPECT_EQ(test, o->ev[9].type, EMU_EV_RESET);
	KUNIT_EXPECT_EQ(test, o->ev[9].value, 1);
	KUNIT_EXPECT_EQ(test, o->ev[9].value2, 1);
	KUNIT_EXPECT_EQ(test, o->ev[9].host_ns, T_T0 + 900000);
}

/*
 * A frame write that the host saw end before its last byte's bus time (the
 * glue repaid bus debt, emu_bus_repay()) is in the queue by then: the
 * driver takes a completed write as a frame in the device.
 */
static void emu_test_events_enqueue_by_msg_end(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	struct emu_test_out *o = &t->out;
	struct emu_t_tx f = {
		.from = 0, .to = T_MASK, .len = 100,
	};

	emu_t_enable(t, T_T0);
	o->n_ev = 0;
	/* The write's bytes take 135 * 534 ns; the host saw it end at 20 us. */
	t->m.msg_end_ns = T_T0 + 10000 + 20000;
	emu_t_send(t, &f, T_T0 + 10000);
	t->m.msg_end_ns = 0;
	emu_model_advance(&t->m, T_T0 + 300000);
	KUNIT_ASSERT_EQ(test, o->n_ev, 1);
	KUNIT_EXPECT_EQ(test, o->ev[0].type, EMU_EV_LAUNCH);
	KUNIT_EXPECT_EQ(test, o->ev[0].enq_ns, T_T0 + 30000);
	KUNIT_EXPECT_EQ(test, o->ev[0].enq_tick, 3000);
	/* Without: at its last byte, as before. */
	emu_t_send(t, &f, T_T0 + 400000);
	emu_model_advance(&t->m, T_T0 + 600000);
	KUNIT_ASSERT_EQ(test, o->n_ev, 2);
	KUNIT_EXPECT_EQ(test, o->ev[1].enq_ns,
			T_T0 + 400000 + 135 * T_BYTE_NS);
}

/* Every PPS pulse is a record with its counter value and host time. */
static void emu_test_events_pps(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	struct emu_test_out *o = &t->out;

	emu_t_write(t, LAN1QTSN_PPS_PULSE_AT_H + 4, 1000, T_T0);
	emu_t_write(t, LAN1QTSN_PPS_CYCLE_1S_H + 4, 1000, T_T0);
	o->n_ev = 0;
	emu_model_advance(&t->m, T_T0 + 35000);	/* counter 3500 */
	KUNIT_ASSERT_EQ(test, o->n_ev, 3);
	KUNIT_EXPECT_EQ(test, o->ev[0].type, EMU_EV_PPS);
	KUNIT_EXPECT_EQ(test, o->ev[0].value, 1000);
	KUNIT_EXPECT_EQ(test, o->ev[0].value2, 1);
	KUNIT_EXPECT_EQ(test, o->ev[0].host_ns, T_T0 + 10000);
	KUNIT_EXPECT_EQ(test, o->ev[2].value, 3000);
	KUNIT_EXPECT_EQ(test, o->ev[2].host_ns, T_T0 + 30000);
}

/* --- faults ------------------------------------------------------------ */

static void emu_test_fault_rates(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	struct emu_model *m = &t->m;
	unsigned int i, hits = 0;

	KUNIT_EXPECT_FALSE(test, emu_model_fault_hit(m, EMU_F_SPI_EIO));
	m->cfg.fault_ppm[EMU_F_SPI_EIO] = 1000000;
	KUNIT_EXPECT_TRUE(test, emu_model_fault_hit(m, EMU_F_SPI_EIO));
	m->cfg.fault_ppm[EMU_F_SPI_ETIMEDOUT] = 250000;
	for (i = 0; i < 4000; i++)
		hits += emu_model_fault_hit(m, EMU_F_SPI_ETIMEDOUT);
	KUNIT_EXPECT_GT(test, hits, 800);
	KUNIT_EXPECT_LT(test, hits, 1200);
	KUNIT_EXPECT_EQ(test, m->stats.faults[EMU_F_SPI_ETIMEDOUT], hits);
	KUNIT_EXPECT_EQ(test, m->stats.faults[EMU_F_SPI_EIO], 1);
}

static void emu_test_fault_rx(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	struct emu_model *m = &t->m;
	u8 f[100];
	u8 *p;
	u16 len;

	emu_t_enable(t, T_T0);
	emu_t_mkframe(f, sizeof(f), 3);

	m->cfg.fault_ppm[EMU_F_RX_FCS] = 1000000;
	emu_model_rx(m, f, sizeof(f), T_T0);
	m->cfg.fault_ppm[EMU_F_RX_FCS] = 0;
	KUNIT_EXPECT_EQ(test, emu_t_meta(t, NULL, T_T0), sizeof(f));
	p = emu_t_frame(t, sizeof(f), T_T0);
	KUNIT_EXPECT_EQ(test, memcmp(p, f, sizeof(f) - 4), 0);
	KUNIT_EXPECT_NE(test, emu_fcs(p, sizeof(f) - 4),
			get_unaligned_le32(p + sizeof(f) - 4));

	m->cfg.fault_ppm[EMU_F_META_LEN] = 1000000;
	emu_model_rx(m, f, sizeof(f), T_T0);
	m->cfg.fault_ppm[EMU_F_META_LEN] = 0;
	len = emu_t_meta(t, NULL, T_T0);
	KUNIT_EXPECT_GE(test, len, 2048);
	emu_t_frame(t, sizeof(f), T_T0);

	/* Lost edge: the line falls but nothing is signalled. */
	m->cfg.fault_ppm[EMU_F_IRQ_LOST] = 1000000;
	KUNIT_EXPECT_FALSE(test, emu_model_rx(m, f, sizeof(f), T_T0));
	KUNIT_EXPECT_TRUE(test, m->irq_low);
	m->cfg.fault_ppm[EMU_F_IRQ_LOST] = 0;
	emu_t_meta(t, NULL, T_T0);
	emu_t_frame(t, sizeof(f), T_T0);
	KUNIT_EXPECT_FALSE(test, m->irq_low);

	/* Forced overflow of exactly the next frame. */
	m->cfg.fault_rx_overflow_n = 1;
	KUNIT_EXPECT_FALSE(test, emu_model_rx(m, f, sizeof(f), T_T0));
	KUNIT_EXPECT_TRUE(test, emu_model_rx(m, f, sizeof(f), T_T0));
	KUNIT_EXPECT_EQ(test, m->regs.fd_full_frames, 1);

	KUNIT_EXPECT_EQ(test, m->stats.faults[EMU_F_RX_FCS], 1);
	KUNIT_EXPECT_EQ(test, m->stats.faults[EMU_F_META_LEN], 1);
	KUNIT_EXPECT_EQ(test, m->stats.faults[EMU_F_IRQ_LOST], 1);
	KUNIT_EXPECT_EQ(test, m->stats.faults[EMU_F_RX_OVERFLOW], 1);
	KUNIT_EXPECT_EQ(test, m->stats.violations[EMU_V_UNPAIRED_META], 0);
}

static void emu_test_fault_spurious(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	struct emu_xfer_result res;

	res = emu_t_xfer(t, 8, T_T0);
	KUNIT_EXPECT_FALSE(test, res.spurious_irq);
	t->m.cfg.fault_ppm[EMU_F_IRQ_SPURIOUS] = 1000000;
	t->tx[0] = LAN1QTSN_CMD_READ;
	put_unaligned_be16(LAN1QTSN_SPACE_REG_READ, t->tx + 1);
	res = emu_t_xfer(t, 8, T_T0);
	KUNIT_EXPECT_TRUE(test, res.spurious_irq);
	KUNIT_EXPECT_FALSE(test, t->m.irq_low);
}

static void emu_test_fault_tx_stuck(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);

	emu_t_enable(t, T_T0);
	t->m.cfg.fault_tx_stuck = true;
	emu_t_send_open(t, 64, 0, T_T0);
	KUNIT_EXPECT_EQ(test, emu_model_advance(&t->m, T_T0 + 1000000), 0);
	KUNIT_EXPECT_EQ(test, t->out.frames, 0);
	t->m.cfg.fault_tx_stuck = false;
	emu_model_advance(&t->m, T_T0 + 2000000);
	KUNIT_ASSERT_EQ(test, t->out.frames, 1);
	/* Released at the last look, not back-dated to the write. */
	KUNIT_EXPECT_EQ(test, t->out.start_ns[0], T_T0 + 1000000);
}

static void emu_t_start_77(struct emu_model_cfg *cfg)
{
	cfg->start_tick = 77;
}

static void emu_test_fault_reset(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, emu_t_start_77);
	struct emu_model *m = &t->m;
	u8 f[64];

	emu_t_enable(t, T_T0);
	emu_t_mkframe(f, sizeof(f), 9);
	emu_model_rx(m, f, sizeof(f), T_T0);
	emu_t_send_open(t, 64, 0, T_T0);
	t->m.cfg.fault_tx_stuck = true;
	emu_t_send_open(t, 64, 0, T_T0);
	KUNIT_EXPECT_EQ(test, emu_model_counter(m, T_T0 + 10000), 77 + 1000);

	emu_model_reset(m, T_T0 + 50000);
	KUNIT_EXPECT_EQ(test, emu_model_counter(m, T_T0 + 60000), 77 + 1000);
	KUNIT_EXPECT_EQ(test, m->regs.system_control, 0);
	KUNIT_EXPECT_EQ(test, m->meta_count, 0);
	KUNIT_EXPECT_EQ(test, m->fifo_bytes, 0);
	KUNIT_EXPECT_FALSE(test, m->irq_low);
	KUNIT_EXPECT_EQ(test, m->txq_count, 0);
	KUNIT_EXPECT_EQ(test, m->regs.fd_rx_frames, 0);
	KUNIT_EXPECT_EQ(test, m->stats.tx_dropped_reset, 2);
	KUNIT_EXPECT_EQ(test, emu_model_free_buffers(m), 4);
	KUNIT_EXPECT_EQ(test, emu_t_meta(t, NULL, T_T0 + 60000), 0);
}

static u64 emu_t_violations(struct emu_model *m)
{
	u64 n = 0;
	int v;

	for (v = 0; v < EMU_V_COUNT; v++)
		n += m->stats.violations[v];
	return n;
}

static void emu_test_fault_next(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	struct emu_model *m = &t->m;
	int i, fails = 0;

	/* Exactly N, whatever the rate says, and before the device. */
	m->cfg.fault_next[EMU_F_SPI_EIO] = 3;
	for (i = 0; i < 5; i++) {
		emu_t_read(t, LAN1QTSN_TSN_SYSTEM_INFO_H, 1, T_T0);
		if (t->err) {
			KUNIT_EXPECT_EQ(test, t->err, -EIO);
			fails++;
		}
	}
	KUNIT_EXPECT_EQ(test, fails, 3);
	KUNIT_EXPECT_EQ(test, m->stats.faults[EMU_F_SPI_EIO], 3);
	KUNIT_EXPECT_EQ(test, m->stats.bus_transactions, 2);
	KUNIT_EXPECT_EQ(test, m->cfg.fault_next[EMU_F_SPI_EIO], 0);

	m->cfg.fault_next[EMU_F_SPI_ETIMEDOUT] = 1;
	emu_t_read(t, LAN1QTSN_TSN_SYSTEM_INFO_H, 1, T_T0);
	KUNIT_EXPECT_EQ(test, t->err, -ETIMEDOUT);
	emu_t_read(t, LAN1QTSN_TSN_SYSTEM_INFO_H, 1, T_T0);
	KUNIT_EXPECT_EQ(test, t->err, 0);
}

static void emu_test_fault_addr(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	struct emu_model *m = &t->m;

	/* Reads of the register fail before the device, whatever their size... */
	m->cfg.fault_addr_eio = LAN1QTSN_SPACE_REG_READ | LAN1QTSN_TSN_SYSCOUNT_H;
	emu_t_read(t, LAN1QTSN_TSN_SYSCOUNT_H, 2, T_T0);
	KUNIT_EXPECT_EQ(test, t->err, -EIO);
	emu_t_read(t, LAN1QTSN_TSN_SYSCOUNT_H, 1, T_T0);
	KUNIT_EXPECT_EQ(test, t->err, -EIO);
	KUNIT_EXPECT_EQ(test, m->stats.faults[EMU_F_SPI_EIO], 2);
	KUNIT_EXPECT_EQ(test, m->stats.bus_transactions, 0);
	/* ... other reads, and writes, pass. */
	emu_t_read(t, LAN1QTSN_TSN_SYSTEM_INFO_H, 1, T_T0);
	KUNIT_EXPECT_EQ(test, t->err, 0);
	emu_t_enable(t, T_T0);
	KUNIT_EXPECT_EQ(test, t->err, 0);
	KUNIT_EXPECT_EQ(test, m->stats.bus_transactions, 2);

	/* Writes of a register: the device never sees them. */
	m->cfg.fault_addr_eio = LAN1QTSN_SPACE_REG_WRITE |
				LAN1QTSN_TSN_SYSTEM_CONTROL_L;
	emu_t_write(t, LAN1QTSN_TSN_SYSTEM_CONTROL_L, 0, T_T0);
	KUNIT_EXPECT_EQ(test, t->err, -EIO);
	KUNIT_EXPECT_EQ(test, m->regs.system_control, LAN1QTSN_TSN_ENABLE);
	emu_t_read(t, LAN1QTSN_TSN_SYSTEM_CONTROL_L, 1, T_T0);
	KUNIT_EXPECT_EQ(test, t->err, 0);

	/* 0 turns it off. */
	m->cfg.fault_addr_eio = 0;
	emu_t_write(t, LAN1QTSN_TSN_SYSTEM_CONTROL_L, 0, T_T0);
	KUNIT_EXPECT_EQ(test, t->err, 0);
	KUNIT_EXPECT_EQ(test, m->regs.system_control, 0);
	KUNIT_EXPECT_EQ(test, m->stats.faults[EMU_F_SPI_EIO], 3);
}

static void emu_test_fault_after(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	struct emu_model *m = &t->m;
	u8 f[100];
	u8 *p;

	/* A register write takes effect although the caller sees -EIO. */
	m->cfg.fault_next[EMU_F_SPI_AFTER_EIO] = 1;
	emu_t_enable(t, T_T0);
	KUNIT_EXPECT_EQ(test, t->err, -EIO);
	KUNIT_EXPECT_EQ(test, m->regs.system_control, LAN1QTSN_TSN_ENABLE);

	/* A metadata read pops its entry; the frame is still owed. */
	emu_t_mkframe(f, sizeof(f), 5);
	emu_model_rx(m, f, sizeof(f), T_T0);
	m->cfg.fault_next[EMU_F_SPI_AFTER_ETIMEDOUT] = 1;
	emu_t_meta(t, NULL, T_T0);
	KUNIT_EXPECT_EQ(test, t->err, -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, m->meta_count, 0);
	KUNIT_EXPECT_EQ(test, m->unread_frames, 1);
	KUNIT_EXPECT_FALSE(test, m->irq_low);
	KUNIT_EXPECT_TRUE(test, m->pairing_excused);
	/*
	 * Pairing holds again once the frame is read and the host has seen
	 * the FIFOs empty (here: a metadata read that finds no entry).
	 */
	p = emu_t_frame(t, sizeof(f), T_T0);
	KUNIT_EXPECT_EQ(test, t->err, 0);
	KUNIT_EXPECT_EQ(test, memcmp(p, f, sizeof(f)), 0);
	KUNIT_EXPECT_TRUE(test, m->pairing_excused);
	KUNIT_EXPECT_EQ(test, emu_t_meta(t, NULL, T_T0), 0);
	KUNIT_EXPECT_FALSE(test, m->pairing_excused);

	/* A TX write is queued. */
	m->cfg.fault_next[EMU_F_SPI_AFTER_EIO] = 1;
	emu_t_send_open(t, 64, 0, T_T0);
	KUNIT_EXPECT_EQ(test, t->err, -EIO);
	KUNIT_EXPECT_EQ(test, m->txq_count, 1);
	KUNIT_EXPECT_EQ(test, m->stats.faults[EMU_F_SPI_AFTER_EIO], 2);
	KUNIT_EXPECT_EQ(test, m->stats.faults[EMU_F_SPI_AFTER_ETIMEDOUT], 1);

	/* spi_after: either error, the register written all the same. */
	m->cfg.fault_next[EMU_F_SPI_AFTER] = 1;
	emu_t_write(t, LAN1QTSN_TSN_SYSTEM_CONTROL_L, 0, T_T0);
	KUNIT_EXPECT_TRUE(test, t->err == -EIO || t->err == -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, m->regs.system_control, 0);
	KUNIT_EXPECT_EQ(test, m->stats.faults[EMU_F_SPI_AFTER], 1);
	KUNIT_EXPECT_EQ(test, emu_t_violations(m), 0);
}

static void emu_test_fault_truncate(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	struct emu_model *m = &t->m;
	u64 bytes, cut;
	u8 f[100];
	int i;

	emu_t_enable(t, T_T0);
	for (i = 0; i < 16; i++) {
		/* TX write: whatever prefix arrives, the frame is dropped. */
		m->cfg.fault_next[EMU_F_SPI_TRUNCATE] = 1;
		bytes = m->stats.bus_bytes;
		emu_t_send_open(t, 64, 0, T_T0);
		cut = m->stats.bus_bytes - bytes;
		KUNIT_EXPECT_EQ(test, t->err, -EIO);
		KUNIT_EXPECT_GE(test, cut, 1);
		KUNIT_EXPECT_LT(test, cut, 3 + 32 + 64);
		KUNIT_EXPECT_EQ(test, m->txq_count, 0);

		/* Metadata read: popped only if the header got through. */
		emu_t_mkframe(f, sizeof(f), i);
		emu_model_rx(m, f, sizeof(f), T_T0);
		m->cfg.fault_next[EMU_F_SPI_TRUNCATE] = 1;
		bytes = m->stats.bus_bytes;
		emu_t_meta(t, NULL, T_T0);
		cut = m->stats.bus_bytes - bytes;
		KUNIT_EXPECT_EQ(test, t->err, -EIO);
		KUNIT_EXPECT_LT(test, cut, 4 + LAN1QTSN_RX_META_LEN);
		KUNIT_EXPECT_EQ(test, m->meta_count, cut >= 4 ? 0 : 1);
		/* The host cannot tell whether the entry was popped. */
		KUNIT_EXPECT_EQ(test, m->pairing_excused, cut >= 3);
		/* Recover as a driver would: drain both FIFOs. */
		if (m->meta_count)
			emu_t_meta(t, NULL, T_T0);
		emu_t_frame(t, sizeof(f), T_T0);
		KUNIT_EXPECT_EQ(test, emu_t_meta(t, NULL, T_T0), 0);
		KUNIT_EXPECT_FALSE(test, m->pairing_excused);
	}
	KUNIT_EXPECT_EQ(test, m->stats.faults[EMU_F_SPI_TRUNCATE], 32);
	/* A cut message is never the host's fault. */
	KUNIT_EXPECT_EQ(test, emu_t_violations(m), 0);
	KUNIT_EXPECT_GE(test, m->stats.violations_excused, 16);
}

static void emu_test_fault_orphans(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	struct emu_model *m = &t->m;
	u8 f1[100], f2[80];
	u8 *p;

	emu_t_enable(t, T_T0);
	emu_t_mkframe(f1, sizeof(f1), 0x10);
	emu_t_mkframe(f2, sizeof(f2), 0x20);

	/* Orphan frame: f2's entry pairs with f1's data. */
	m->cfg.fault_rx_orphan_frame_n = 1;
	KUNIT_EXPECT_FALSE(test, emu_model_rx(m, f1, sizeof(f1), T_T0));
	KUNIT_EXPECT_FALSE(test, m->irq_low);
	KUNIT_EXPECT_TRUE(test, emu_model_rx(m, f2, sizeof(f2), T_T0));
	KUNIT_EXPECT_EQ(test, emu_t_meta(t, NULL, T_T0), sizeof(f2));
	p = emu_t_frame(t, sizeof(f2), T_T0);
	KUNIT_EXPECT_EQ(test, memcmp(p, f1, sizeof(f2)), 0);
	KUNIT_EXPECT_EQ(test, emu_t_meta(t, NULL, T_T0), 0);
	KUNIT_EXPECT_NE(test, m->fifo_bytes, 0);
	p = emu_t_frame(t, sizeof(f2), T_T0);
	KUNIT_EXPECT_EQ(test, memcmp(p, f2, sizeof(f2)), 0);
	KUNIT_EXPECT_EQ(test, emu_t_meta(t, NULL, T_T0), 0);
	KUNIT_EXPECT_FALSE(test, m->pairing_excused);

	/* Orphan entry: f1's entry pairs with f2's data, then nothing. */
	m->cfg.fault_rx_orphan_meta_n = 1;
	KUNIT_EXPECT_TRUE(test, emu_model_rx(m, f1, sizeof(f1), T_T0));
	KUNIT_EXPECT_FALSE(test, emu_model_rx(m, f2, sizeof(f2), T_T0));
	KUNIT_EXPECT_EQ(test, emu_t_meta(t, NULL, T_T0), sizeof(f1));
	p = emu_t_frame(t, sizeof(f1), T_T0);
	KUNIT_EXPECT_EQ(test, memcmp(p, f2, sizeof(f2)), 0);
	KUNIT_EXPECT_EQ(test, emu_t_meta(t, NULL, T_T0), sizeof(f2));
	emu_t_frame(t, sizeof(f2), T_T0);
	KUNIT_EXPECT_EQ(test, emu_t_meta(t, NULL, T_T0), 0);
	KUNIT_EXPECT_FALSE(test, m->pairing_excused);
	KUNIT_EXPECT_EQ(test, m->unread_frames, 0);

	KUNIT_EXPECT_EQ(test, m->stats.faults[EMU_F_RX_ORPHAN_FRAME], 1);
	KUNIT_EXPECT_EQ(test, m->stats.faults[EMU_F_RX_ORPHAN_META], 1);
	/* f1's data is the frame lost; the last read found the FIFO empty. */
	KUNIT_EXPECT_EQ(test, m->stats.rx_dropped_orphan_meta, 1);
	KUNIT_EXPECT_EQ(test, m->stats.rx_frame_reads_empty, 1);
	KUNIT_EXPECT_EQ(test, m->stats.rx_frame_reads_unheard, 0);
	KUNIT_EXPECT_EQ(test, emu_t_violations(m), 0);
	/* Unpaired frame, short frame read, frame read while empty. */
	KUNIT_EXPECT_EQ(test, m->stats.violations_excused, 3);
}

static u64 emu_t_draws(struct emu_model *m)
{
	u64 mask = 0;
	int i;

	for (i = 0; i < 64; i++)
		if (emu_model_fault_hit(m, EMU_F_RX_PAYLOAD))
			mask |= BIT_ULL(i);
	return mask;
}

static void emu_test_fault_seed(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	struct emu_model *m = &t->m;
	u64 first, again, other;

	m->cfg.fault_ppm[EMU_F_RX_PAYLOAD] = 500000;
	emu_model_seed(m, 7);
	first = emu_t_draws(m);
	emu_model_seed(m, 7);
	again = emu_t_draws(m);
	emu_model_seed(m, 8);
	other = emu_t_draws(m);
	KUNIT_EXPECT_EQ(test, first, again);
	KUNIT_EXPECT_NE(test, first, other);
	KUNIT_EXPECT_EQ(test, m->seed, 8);
	/* A "next" trigger does not consume draws. */
	emu_model_seed(m, 7);
	m->cfg.fault_next[EMU_F_RX_PAYLOAD] = 2;
	KUNIT_EXPECT_TRUE(test, emu_model_fault_hit(m, EMU_F_RX_PAYLOAD));
	KUNIT_EXPECT_TRUE(test, emu_model_fault_hit(m, EMU_F_RX_PAYLOAD));
	KUNIT_EXPECT_EQ(test, emu_t_draws(m), first);
}

static void emu_test_fault_rx_corrupt(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	struct emu_model *m = &t->m;
	u16 lens[] = { 64, 100, 1522 }, len;
	u8 f[1522], *p;
	int i, j, diff;

	emu_t_enable(t, T_T0);
	for (i = 0; i < 30; i++) {
		emu_t_mkframe(f, lens[i % 3], i);
		m->cfg.fault_next[EMU_F_META_LEN_PLAUSIBLE] = 1;
		m->cfg.fault_next[EMU_F_RX_PAYLOAD] = 1;
		emu_model_rx(m, f, lens[i % 3], T_T0);
		len = emu_t_meta(t, NULL, T_T0);
		KUNIT_EXPECT_NE(test, len, lens[i % 3]);
		KUNIT_EXPECT_GE(test, len, 64);
		KUNIT_EXPECT_LE(test, len, 1522);
		KUNIT_EXPECT_LE(test, abs(len - lens[i % 3]), 64);
		/* One payload byte flipped; header and FCS intact. */
		p = emu_t_frame(t, lens[i % 3], T_T0);
		for (diff = 0, j = 0; j < lens[i % 3]; j++)
			diff += p[j] != f[j];
		KUNIT_EXPECT_EQ(test, diff, 1);
		KUNIT_EXPECT_EQ(test, memcmp(p, f, ETH_HLEN), 0);
		KUNIT_EXPECT_EQ(test, memcmp(p + lens[i % 3] - 4,
					     f + lens[i % 3] - 4, 4), 0);
	}
	KUNIT_EXPECT_EQ(test, m->stats.faults[EMU_F_RX_PAYLOAD], 30);
	KUNIT_EXPECT_EQ(test, m->stats.faults[EMU_F_META_LEN_PLAUSIBLE], 30);
	KUNIT_EXPECT_EQ(test, emu_t_violations(m), 0);
}

static void emu_test_fault_miso(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	struct emu_model *m = &t->m;
	u8 f[64], *p;
	u32 v;
	int i;

	/* One bit of the data, never of the header or turnaround. */
	m->cfg.fault_next[EMU_F_MISO_BITFLIP] = 1;
	p = emu_t_read(t, LAN1QTSN_TSN_SYSTEM_INFO_H, 2, T_T0);
	KUNIT_EXPECT_EQ(test, t->err, 0);
	KUNIT_EXPECT_EQ(test, t->rx[0] | t->rx[1] | t->rx[2] | t->rx[3], 0);
	v = get_unaligned_be32(p) ^ EMU_DEF_SYSTEM_INFO;
	KUNIT_EXPECT_EQ(test, hweight32(v) + hweight32(get_unaligned_be32(p + 4)),
			1);
	/* Writes return no data: the trigger waits for the next read. */
	m->cfg.fault_next[EMU_F_MISO_BITFLIP] = 1;
	emu_t_enable(t, T_T0);
	KUNIT_EXPECT_EQ(test, m->cfg.fault_next[EMU_F_MISO_BITFLIP], 1);
	m->cfg.fault_next[EMU_F_MISO_BITFLIP] = 0;

	/* Stuck MISO: the device sees nothing, every byte reads the same. */
	emu_t_mkframe(f, sizeof(f), 1);
	emu_model_rx(m, f, sizeof(f), T_T0);
	m->cfg.fault_miso_stuck = EMU_MISO_STUCK_FF;
	emu_t_meta(t, NULL, T_T0);
	KUNIT_EXPECT_EQ(test, t->err, 0);
	for (i = 0; i < 4 + LAN1QTSN_RX_META_LEN; i++)
		KUNIT_EXPECT_EQ(test, t->rx[i], 0xff);
	m->cfg.fault_miso_stuck = EMU_MISO_STUCK_00;
	KUNIT_EXPECT_EQ(test, emu_t_meta(t, NULL, T_T0), 0);
	KUNIT_EXPECT_EQ(test, m->meta_count, 1);
	KUNIT_EXPECT_EQ(test, m->stats.faults[EMU_F_MISO_STUCK], 2);
	m->cfg.fault_miso_stuck = EMU_MISO_OK;
	KUNIT_EXPECT_EQ(test, emu_t_meta(t, NULL, T_T0), sizeof(f));
	p = emu_t_frame(t, sizeof(f), T_T0);
	KUNIT_EXPECT_EQ(test, memcmp(p, f, sizeof(f)), 0);
	KUNIT_EXPECT_EQ(test, emu_t_meta(t, NULL, T_T0), 0);

	/*
	 * A flipped answer to a metadata read of empty FIFOs: the host did
	 * not see them empty (the flip may have made a plausible length,
	 * whose frame read pops whatever frame has come since).
	 */
	KUNIT_EXPECT_FALSE(test, m->pairing_excused);
	m->cfg.fault_next[EMU_F_MISO_BITFLIP] = 1;
	emu_t_meta(t, NULL, T_T0);
	KUNIT_EXPECT_EQ(test, m->stats.faults[EMU_F_MISO_BITFLIP], 2);
	KUNIT_EXPECT_TRUE(test, m->pairing_excused);
	emu_model_rx(m, f, sizeof(f), T_T0);
	emu_t_frame(t, 512, T_T0);
	KUNIT_EXPECT_EQ(test, m->fifo_frames, 0);
	KUNIT_EXPECT_EQ(test, m->meta_count, 1);
	/* Its entry, then an empty answer: pairing holds again. */
	KUNIT_EXPECT_EQ(test, emu_t_meta(t, NULL, T_T0), sizeof(f));
	emu_t_frame(t, sizeof(f), T_T0);
	KUNIT_EXPECT_EQ(test, emu_t_meta(t, NULL, T_T0), 0);
	KUNIT_EXPECT_FALSE(test, m->pairing_excused);
	KUNIT_EXPECT_EQ(test, emu_t_violations(m), 0);
}

static void emu_test_fault_deaf(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	struct emu_model *m = &t->m;
	u8 *p;

	m->cfg.fault_reset_deaf_ms = 5;
	emu_model_reset(m, T_T0);
	emu_t_enable(t, T_T0 + 1000000);
	KUNIT_EXPECT_EQ(test, m->regs.system_control, 0);
	p = emu_t_read(t, LAN1QTSN_TSN_SYSTEM_INFO_H, 1, T_T0 + 4999999);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(p), 0);
	KUNIT_EXPECT_EQ(test, m->stats.faults[EMU_F_RESET_DEAF], 2);
	KUNIT_EXPECT_EQ(test, m->stats.bus_transactions, 0);
	p = emu_t_read(t, LAN1QTSN_TSN_SYSTEM_INFO_H, 1, T_T0 + 5000000);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(p), EMU_DEF_SYSTEM_INFO);
}

/*
 * The host read a frame's entry, then the device reset and went deaf: the
 * frame read that follows pops nothing and is counted as unheard, the
 * frame as emptied by the reset; each once.
 */
static void emu_test_fault_deaf_frame_read(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	struct emu_model *m = &t->m;
	u8 f[64];

	emu_t_enable(t, T_T0);
	emu_t_mkframe(f, sizeof(f), 3);
	emu_model_rx(m, f, sizeof(f), T_T0);
	KUNIT_EXPECT_EQ(test, emu_t_meta(t, NULL, T_T0), sizeof(f));
	m->cfg.fault_reset_deaf_ms = 5;
	emu_model_reset(m, T_T0 + 1000);
	emu_t_frame(t, sizeof(f), T_T0 + 2000);
	KUNIT_EXPECT_EQ(test, t->err, 0);
	KUNIT_EXPECT_EQ(test, m->stats.rx_frame_reads_unheard, 1);
	KUNIT_EXPECT_EQ(test, m->stats.rx_frame_reads_empty, 0);
	KUNIT_EXPECT_EQ(test, m->stats.rx_frames_popped, 0);
	KUNIT_EXPECT_EQ(test, m->stats.rx_dropped_reset, 1);
	/* A metadata read the device did not hear is no frame read. */
	emu_t_meta(t, NULL, T_T0 + 3000);
	KUNIT_EXPECT_EQ(test, m->stats.rx_frame_reads_unheard, 1);
}

static void emu_test_fault_irq_stuck(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	struct emu_model *m = &t->m;
	u8 f[64];

	emu_t_enable(t, T_T0);
	emu_t_mkframe(f, sizeof(f), 1);
	m->cfg.fault_irq_stuck_low = true;
	KUNIT_EXPECT_TRUE(test, emu_model_irq_line_low(m));
	/* The line is already low: no edge for the new entry. */
	KUNIT_EXPECT_FALSE(test, emu_model_rx(m, f, sizeof(f), T_T0));
	emu_t_meta(t, NULL, T_T0);
	emu_t_frame(t, sizeof(f), T_T0);
	KUNIT_EXPECT_TRUE(test, emu_model_irq_line_low(m));
	m->cfg.fault_irq_stuck_low = false;
	KUNIT_EXPECT_FALSE(test, emu_model_irq_line_low(m));
	KUNIT_EXPECT_TRUE(test, emu_model_rx(m, f, sizeof(f), T_T0));
}

/*
 * --- literal vectors ---------------------------------------------------
 *
 * Bytes from the evidence (hardware-research.md, shared docs; section in
 * each comment), written out and fed to the model as they are, never built
 * from lan1qtsn_hw.h: that header is shared with the driver, so a constant
 * misread there would be mirrored on both sides and pass every other test.
 * lan1qtsn_kunit.c checks that the driver's encoders produce the same bytes.
 */

/* 1.2: the TSN enable write. */
static const u8 emu_v_enable[] = { 0x01, 0x42, 0x94, 0x00, 0x00, 0x00, 0x01 };

static void emu_t_lit(struct emu_test *t, const u8 *mosi, u32 len, u64 now)
{
	memset(t->tx, 0, sizeof(t->tx));
	memcpy(t->tx, mosi, len);
	emu_t_xfer(t, len, now);
}

/* 1.2, 2.10, 2.6: TSN enable, SYSTEM_INFO and the free-buffer count. */
static void emu_test_vec_registers(struct kunit *test)
{
	static const u8 info[] = { 0x02, 0x32, 0x78, 0, 0, 0, 0, 0 };
	static const u8 info_miso[] = { 0, 0, 0, 0, 0x25, 0x08, 0x05, 0x07 };
	static const u8 fbw[] = { 0x02, 0x31, 0x48, 0, 0, 0, 0, 0 };
	static const u8 fbw_miso[] = { 0, 0, 0, 0, 0x00, 0x00, 0x00, 0x04 };
	struct emu_test *t = emu_test_new(test, NULL);
	u8 frame[64];

	emu_t_mkframe(frame, sizeof(frame), 1);
	emu_model_rx(&t->m, frame, sizeof(frame), T_T0);
	KUNIT_EXPECT_EQ(test, t->m.stats.rx_dropped_disabled, 1);
	emu_t_lit(t, emu_v_enable, sizeof(emu_v_enable), T_T0);
	KUNIT_EXPECT_EQ(test, t->m.regs.system_control, 1);
	emu_model_rx(&t->m, frame, sizeof(frame), T_T0 + 100000);
	KUNIT_EXPECT_EQ(test, t->m.meta_count, 1);

	/* The build of 2025-08-05, commit 7, from MISO byte 4. */
	emu_t_lit(t, info, sizeof(info), T_T0 + 200000);
	KUNIT_EXPECT_MEMEQ(test, t->rx, info_miso, sizeof(info_miso));
	/* Four TX buffers configured, all free. */
	emu_t_lit(t, fbw, sizeof(fbw), T_T0 + 300000);
	KUNIT_EXPECT_MEMEQ(test, t->rx, fbw_miso, sizeof(fbw_miso));
	KUNIT_EXPECT_EQ(test, emu_t_violations(&t->m), 0);
}

static void emu_t_vec_count(struct emu_model_cfg *cfg)
{
	cfg->start_tick = 0x123456789ULL;
}

/* 1.3: the SYSCOUNT burst read, H then L from MISO byte 4. */
static void emu_test_vec_syscount(struct kunit *test)
{
	static const u8 mosi[] = { 0x02, 0x32, 0x88, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	static const u8 miso[] = { 0, 0, 0, 0, 0x00, 0x00, 0x00, 0x01,
				   0x23, 0x46, 0xee, 0x29 };
	struct emu_test *t = emu_test_new(test, emu_t_vec_count);

	/* Sampled at the first data byte, 1 ms after power-up: 100000 ticks. */
	emu_t_lit(t, mosi, sizeof(mosi), T_T0 + 1000000 - 4 * T_BYTE_NS);
	KUNIT_EXPECT_MEMEQ(test, t->rx, miso, sizeof(miso));
	KUNIT_EXPECT_EQ(test, emu_t_violations(&t->m), 0);
}

static void emu_t_vec_rx(struct emu_model_cfg *cfg)
{
	cfg->start_tick = 0x1ff8cfb69ULL - 1000;
}

/* 3.3, 2.2, 1.5, 1.6: the C6 crash's RX metadata, the FIFO status. */
static void emu_test_vec_rx_meta(struct kunit *test)
{
	static const u8 status[] = { 0x02, 0x30, 0xac, 0, 0, 0, 0, 0 };
	/* FRAME_FIFO_DATA_CNT 94 (16-byte units), META_FIFO_DATA_CNT 1 */
	static const u8 status_miso[] = { 0, 0, 0, 0, 0x00, 0x5e, 0x00, 0x01 };
	static const u8 meta[] = { 0x02, 0xf0, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
				   0, 0, 0 };
	static const u8 meta_miso[] = { 0, 0, 0, 0, 0x00, 0x00, 0x00, 0x01,
					0xff, 0x8c, 0xfb, 0x69, 0x05, 0xdc };
	static const u8 frame_hdr[] = { 0x02, 0x10, 0x00 };
	struct emu_test *t = emu_test_new(test, emu_t_vec_rx);
	u8 *frame = kunit_kzalloc(test, 1500, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, frame);
	emu_t_lit(t, emu_v_enable, sizeof(emu_v_enable), T_T0);
	emu_t_mkframe(frame, 1500, 3);
	/* The first bit arrives 10 us after power-up: 1000 ticks later. */
	emu_model_rx(&t->m, frame, 1500, T_T0 + 10000);
	emu_t_lit(t, status, sizeof(status), T_T0 + 200000);
	KUNIT_EXPECT_MEMEQ(test, t->rx, status_miso, sizeof(status_miso));
	emu_t_lit(t, meta, sizeof(meta), T_T0 + 300000);
	KUNIT_EXPECT_MEMEQ(test, t->rx, meta_miso, sizeof(meta_miso));
	/* The frame, FCS included, from MISO byte 4. */
	memset(t->tx, 0, sizeof(t->tx));
	memcpy(t->tx, frame_hdr, sizeof(frame_hdr));
	emu_t_xfer(t, 4 + 1500, T_T0 + 400000);
	KUNIT_EXPECT_MEMEQ(test, t->rx + 4, frame, 1500);
	KUNIT_EXPECT_EQ(test, t->m.meta_count, 0);
	KUNIT_EXPECT_EQ(test, emu_t_violations(&t->m), 0);
}

static void emu_t_vec_tx(struct emu_model_cfg *cfg)
{
	cfg->start_tick = 0x27d774 - 0x2000;
}

/*
 * 1.7, 3.1: a TX write with the given four window words and the metadata
 * bytes 16..23 of 3.1 (frame_length 102, timestamp_id 2, retry), then 98
 * bytes and the FCS: 137 bytes.
 */
static void emu_t_vec_tx_write(struct emu_test *t, const u8 *words, u64 now)
{
	static const u8 hdr[] = { 0x01, 0x20, 0x00 };
	static const u8 tail[] = { 0x00, 0x66, 0x00, 0x02, 0x01, 0x00, 0x00, 0x00,
				   0, 0, 0, 0, 0, 0, 0, 0 };

	memset(t->tx, 0, sizeof(t->tx));
	memcpy(t->tx, hdr, sizeof(hdr));
	memcpy(t->tx + 3, words, 16);
	memcpy(t->tx + 19, tail, sizeof(tail));
	emu_t_mkframe(t->tx + 35, 102, 9);
	emu_t_xfer(t, 137, now);
}

/* 3.1, 2.8: tick and priority decoded from the window word, slot 2. */
static void emu_test_vec_tx_window(struct kunit *test)
{
	/* from tick 0x27d774 prio 7 (the C13 log), to tick 0x27d780 prio 7 */
	static const u8 words[] = { 0x01, 0x3e, 0xbb, 0xa7, 0x01, 0x3e, 0xbc, 0x07,
				    0x01, 0x3e, 0xbb, 0xa7, 0x01, 0x3e, 0xbc, 0x07 };
	static const u8 ts[] = { 0x02, 0x31, 0xe0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	static const u8 ts_miso[] = { 0, 0, 0, 0, 0x00, 0x00, 0x00, 0x00,
				      0x00, 0x27, 0xd7, 0x74 };
	struct emu_test *t = emu_test_new(test, emu_t_vec_tx);

	emu_t_lit(t, emu_v_enable, sizeof(emu_v_enable), T_T0);
	emu_t_vec_tx_write(t, words, T_T0);
	KUNIT_EXPECT_EQ(test, emu_t_violations(&t->m), 0);
	emu_model_advance(&t->m, T_T0 + 1000000);
	KUNIT_ASSERT_EQ(test, t->out.frames, 1);
	/* Held until the window opens, 0x2000 ticks after power-up. */
	KUNIT_EXPECT_EQ(test, t->out.start_ns[0], T_T0 + 0x2000 * 10);
	KUNIT_EXPECT_EQ(test, t->out.len[0], 102);
	KUNIT_EXPECT_EQ(test, t->m.launch_log[0].tsid, 2);
	KUNIT_EXPECT_EQ(test, t->m.launch_log[0].verdict, EMU_SENT_IN_WINDOW);
	/* timestamp_id 2 captured in FT_TX_TSTAMP2 (0x1e0). */
	emu_t_lit(t, ts, sizeof(ts), T_T0 + 2000000);
	KUNIT_EXPECT_MEMEQ(test, t->rx, ts_miso, sizeof(ts_miso));
}

/* 3.1, 5.1: to = from - 1 is always open, whatever the counter. */
static void emu_test_vec_always_open(struct kunit *test)
{
	/* The C13 log's words: from 0x27d774, to 0x27d773, prio 7. */
	static const u8 c13[] = { 0x01, 0x3e, 0xbb, 0xa7, 0x01, 0x3e, 0xbb, 0x9f,
				  0x01, 0x3e, 0xbb, 0xa7, 0x01, 0x3e, 0xbb, 0x9f };
	/* The non-TSN fill (3.2): from 0, to 0x1fffffff, prio 0. */
	static const u8 open[] = { 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xf8,
				   0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xf8 };
	struct emu_test *t = emu_test_new(test, emu_t_vec_tx);
	u64 at = T_T0 + 2000000;

	/* The counter is 0x2000 ticks before "from": sent at once anyway. */
	emu_t_lit(t, emu_v_enable, sizeof(emu_v_enable), T_T0);
	emu_t_vec_tx_write(t, c13, T_T0);
	emu_model_advance(&t->m, T_T0 + 1000000);
	KUNIT_ASSERT_EQ(test, t->out.frames, 1);
	KUNIT_EXPECT_LE(test, t->out.start_ns[0] - T_T0, 137 * T_BYTE_NS + 10);
	emu_t_vec_tx_write(t, open, at);
	emu_model_advance(&t->m, at + 1000000);
	KUNIT_ASSERT_EQ(test, t->out.frames, 2);
	KUNIT_EXPECT_LE(test, t->out.start_ns[1] - at, 137 * T_BYTE_NS + 10);
	KUNIT_EXPECT_EQ(test, t->m.launch_log[0].verdict, EMU_SENT_IN_WINDOW);
	KUNIT_EXPECT_EQ(test, t->m.launch_log[1].verdict, EMU_SENT_IN_WINDOW);
	KUNIT_EXPECT_EQ(test, emu_t_violations(&t->m), 0);
}

/* 3.1: the CRC-32 check value, on the wire LSB first. */
static void emu_test_vec_fcs(struct kunit *test)
{
	static const u8 good[] = { '1', '2', '3', '4', '5', '6', '7', '8', '9',
				   0x26, 0x39, 0xf4, 0xcb };
	static const u8 swapped[] = { '1', '2', '3', '4', '5', '6', '7', '8', '9',
				      0xcb, 0xf4, 0x39, 0x26 };
	/* TSN_RX_CONTROL_L (0x29c) = 0x08: checksum enable (device-spec 5) */
	static const u8 check_on[] = { 0x01, 0x42, 0x9c, 0x00, 0x00, 0x00, 0x08 };
	struct emu_test *t = emu_test_new(test, NULL);

	KUNIT_EXPECT_EQ(test, emu_fcs(good, 9), 0xcbf43926U);
	emu_t_lit(t, emu_v_enable, sizeof(emu_v_enable), T_T0);
	emu_t_lit(t, check_on, sizeof(check_on), T_T0);
	KUNIT_EXPECT_EQ(test, t->m.regs.rx_control_l, 0x08);
	emu_model_rx(&t->m, good, sizeof(good), T_T0 + 100000);
	KUNIT_EXPECT_EQ(test, t->m.meta_count, 1);
	KUNIT_EXPECT_EQ(test, t->m.stats.rx_dropped_fcs, 0);
	emu_model_rx(&t->m, swapped, sizeof(swapped), T_T0 + 200000);
	KUNIT_EXPECT_EQ(test, t->m.meta_count, 1);
	KUNIT_EXPECT_EQ(test, t->m.stats.rx_dropped_fcs, 1);
}

/* --- realism knobs (docs/emulator.md "Realism knobs") ------------------- */

/* Data of a register read starts after the header and turnaround. */
#define T_DATA_NS	(4 * T_BYTE_NS)
/* A 64-byte TX write: 3 + 32 + 64 bytes; the frame enqueues at its end. */
#define T_TX64_NS	(99 * T_BYTE_NS)

static void emu_t_tstamp_lat(struct emu_model_cfg *cfg)
{
	cfg->tx_tstamp_latency_ns = 5000;
	/* Captures have _H == 1, so a torn read shows. */
	cfg->start_tick = 0x100000000ULL;
}

static void emu_test_tstamp_latency(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, emu_t_tstamp_lat);
	u64 now = T_T0 + 1000000, s, s2, v1, v2;
	u16 reg1 = LAN1QTSN_FT_TX_TSTAMP_H(1);

	emu_t_enable(t, T_T0);
	emu_t_send_open(t, 64, 1, now);
	emu_model_advance(&t->m, now + 100000);
	KUNIT_ASSERT_EQ(test, t->out.frames, 1);
	s = t->out.start_ns[0];
	KUNIT_EXPECT_EQ(test, s, now + T_TX64_NS);
	v1 = emu_model_counter(&t->m, s);
	KUNIT_EXPECT_EQ(test, v1, 0x100000000ULL + (1000000 + T_TX64_NS) / 10);
	/* 1 ns before the value lands: what the slot held (0 after reset). */
	KUNIT_EXPECT_EQ(test, emu_t_read64(t, reg1, s + 4999 - T_DATA_NS), 0);
	KUNIT_EXPECT_EQ(test, emu_t_read64(t, reg1, s + 5000 - T_DATA_NS), v1);

	/* The next capture: the previous value until it lands. */
	now += 1000000;
	emu_t_send_open(t, 64, 1, now);
	emu_model_advance(&t->m, now + 100000);
	s2 = t->out.start_ns[1];
	v2 = emu_model_counter(&t->m, s2);
	KUNIT_EXPECT_EQ(test, emu_t_read64(t, reg1, s2 + 4999 - T_DATA_NS), v1);
	KUNIT_EXPECT_EQ(test, emu_t_read64(t, reg1, s2 + 5000 - T_DATA_NS), v2);

	/*
	 * Without the latch the words are sampled 4 bytes (2136 ns) apart: a
	 * capture landing between them gives the old _H with the new _L.
	 */
	now += 1000000;
	emu_t_send_open(t, 64, 3, now);
	emu_model_advance(&t->m, now + 100000);
	s = t->out.start_ns[2];
	v1 = emu_model_counter(&t->m, s);
	KUNIT_ASSERT_EQ(test, upper_32_bits(v1), 1);
	t->m.cfg.latch = false;
	KUNIT_EXPECT_EQ(test,
			emu_t_read64(t, LAN1QTSN_FT_TX_TSTAMP_H(3),
				     s + 4000 - T_DATA_NS),
			lower_32_bits(v1));
	/* Two single-word reads straddling it tear the same way. */
	KUNIT_EXPECT_EQ(test,
			get_unaligned_be32(emu_t_read(t, LAN1QTSN_FT_TX_TSTAMP_H(3),
						      1, s + 4000 - T_DATA_NS)),
			0);
	KUNIT_EXPECT_EQ(test,
			get_unaligned_be32(emu_t_read(t, LAN1QTSN_FT_TX_TSTAMP_H(3) + 4,
						      1, s + 6000 - T_DATA_NS)),
			lower_32_bits(v1));
	/* A latched read at the same moment is one snapshot: all old. */
	t->m.cfg.latch = true;
	KUNIT_EXPECT_EQ(test,
			emu_t_read64(t, LAN1QTSN_FT_TX_TSTAMP_H(3),
				     s + 4000 - T_DATA_NS), 0);

	/* A capture that lands while the previous one is on its way wins. */
	t->m.cfg.tx_tstamp_latency_ns = 10000;
	now += 1000000;
	emu_t_send_open(t, 64, 2, now);
	emu_t_send_open(t, 64, 2, now);
	emu_model_advance(&t->m, now + 100000);
	s = t->out.start_ns[3];
	s2 = t->out.start_ns[4];
	KUNIT_EXPECT_EQ(test, s2, s + 84 * 80);
	KUNIT_EXPECT_EQ(test, emu_t_read64(t, LAN1QTSN_FT_TX_TSTAMP_H(2),
					   s + 10000 - T_DATA_NS), 0);
	KUNIT_EXPECT_EQ(test, emu_t_read64(t, LAN1QTSN_FT_TX_TSTAMP_H(2),
					   s2 + 10000 - T_DATA_NS),
			emu_model_counter(&t->m, s2));

	/* A reset forgets a capture on its way. */
	emu_model_reset(&t->m, now + 200000);
	KUNIT_EXPECT_EQ(test, emu_t_read64(t, LAN1QTSN_FT_TX_TSTAMP_H(2),
					   now + 500000), 0);
}

/* Latency 0: a frame that starts between the two words of a read. */
static void emu_test_tstamp_torn_capture(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, emu_t_tstamp_lat);
	struct emu_t_tx f = { .len = 64, .tsid = 4 };
	u64 start = T_T0 + 2000000;

	t->m.cfg.tx_tstamp_latency_ns = 0;
	t->m.cfg.latch = false;
	emu_t_enable(t, T_T0);
	f.from = emu_t_tick(2000000);
	f.to = f.from + 1000;
	emu_t_send(t, &f, T_T0 + 1000000);
	/* _H sampled 1000 ns before the start, _L 1136 ns after it. */
	KUNIT_EXPECT_EQ(test, emu_t_read64(t, LAN1QTSN_FT_TX_TSTAMP_H(4),
					   start - 1000 - T_DATA_NS),
			200000);
	KUNIT_EXPECT_EQ(test, t->out.frames, 1);
	KUNIT_EXPECT_EQ(test, emu_t_read64(t, LAN1QTSN_FT_TX_TSTAMP_H(4),
					   start + 5000),
			0x100000000ULL + 200000);
}

static void emu_t_launch_lat(struct emu_model_cfg *cfg)
{
	cfg->launch_latency_ns = 130;
}

static void emu_test_launch_latency(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, emu_t_launch_lat);
	struct emu_t_tx f = { .len = 64, .tsid = 1 };
	u64 now = T_T0 + 1000000, enq = now + T_TX64_NS;

	emu_t_enable(t, T_T0);
	/* Written 50 ns before from: it starts 80 ns late, inside its window. */
	f.from = emu_t_tick(enq - T_T0 + 50);
	f.to = f.from + 1000;
	KUNIT_ASSERT_EQ(test, (u64)f.from * 10, 1052910);
	emu_t_send(t, &f, now);
	emu_model_advance(&t->m, now + 1000000);
	KUNIT_ASSERT_EQ(test, t->out.frames, 1);
	KUNIT_EXPECT_EQ(test, t->out.start_ns[0], enq + 130);
	KUNIT_EXPECT_EQ(test, t->m.launch_log[0].start_tick, 105299);
	KUNIT_EXPECT_EQ(test, t->m.launch_log[0].verdict, EMU_SENT_IN_WINDOW);
	KUNIT_EXPECT_EQ(test, t->m.regs.ft_tstamp[0], 105299);

	/* Written 130 ns or more ahead: on time. */
	now += 1000000;
	enq = now + T_TX64_NS;
	f.from = emu_t_tick(enq - T_T0 + 130) + 1;
	f.to = f.from + 1000;
	emu_t_send(t, &f, now);
	emu_model_advance(&t->m, now + 1000000);
	KUNIT_ASSERT_EQ(test, t->out.frames, 2);
	KUNIT_EXPECT_EQ(test, t->out.start_ns[1], T_T0 + (u64)f.from * 10);
	KUNIT_EXPECT_EQ(test, t->m.launch_log[1].start_tick, f.from);

	/* The window closes before the frame is through: dropped. */
	now += 1000000;
	enq = now + T_TX64_NS;
	f.from = emu_t_tick(enq - T_T0);
	f.to = f.from + 5;
	emu_t_send(t, &f, now);
	emu_model_advance(&t->m, now + 1000000);
	KUNIT_EXPECT_EQ(test, t->out.frames, 2);
	KUNIT_EXPECT_EQ(test, t->m.regs.fsch_drop, 1);
	KUNIT_EXPECT_EQ(test, t->m.launch_log[2].verdict, EMU_DROPPED);

	/* ... or, with the retry policy, sent in its delay window. */
	now += 1000000;
	enq = now + T_TX64_NS;
	f.from = emu_t_tick(enq - T_T0);
	f.to = f.from + 5;
	f.dfrom = f.from + 1000;
	f.dto = f.from + 2000;
	f.policy = LAN1QTSN_FAIL_RETRY;
	emu_t_send(t, &f, now);
	emu_model_advance(&t->m, now + 1000000);
	KUNIT_ASSERT_EQ(test, t->out.frames, 3);
	KUNIT_EXPECT_EQ(test, t->out.start_ns[2], T_T0 + (u64)f.dfrom * 10);
	KUNIT_EXPECT_EQ(test, t->m.launch_log[3].verdict, EMU_SENT_IN_DELAY);

	/* Latency 0: the frame written 50 ns before from starts on time. */
	t->m.cfg.launch_latency_ns = 0;
	now += 1000000;
	enq = now + T_TX64_NS;
	f.from = emu_t_tick(enq - T_T0 + 50);
	f.to = f.from + 1000;
	f.policy = 0;
	emu_t_send(t, &f, now);
	emu_model_advance(&t->m, now + 1000000);
	KUNIT_ASSERT_EQ(test, t->out.frames, 4);
	KUNIT_EXPECT_EQ(test, t->out.start_ns[3], T_T0 + (u64)f.from * 10);
}

static void emu_t_phy_lat(struct emu_model_cfg *cfg)
{
	cfg->tx_phy_ns = 300;
	cfg->rx_delay_ns = 512;
}

static void emu_test_phy_latency(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, emu_t_phy_lat);
	struct emu_t_tx f = { .len = 64, .tsid = 1 };
	u8 frame[64];
	u64 ts;

	emu_t_enable(t, T_T0);
	f.from = 200000;	/* T_T0 + 2 ms */
	f.to = f.from + 1000;
	emu_t_send(t, &f, T_T0 + 1000000);
	emu_model_advance(&t->m, T_T0 + 3000000);
	KUNIT_ASSERT_EQ(test, t->out.frames, 1);
	/* The timestamp point starts at from; the wire 300 ns later. */
	KUNIT_EXPECT_EQ(test, t->m.regs.ft_tstamp[0], 200000);
	KUNIT_EXPECT_EQ(test, t->m.launch_log[0].start_tick, 200000);
	KUNIT_EXPECT_EQ(test, t->out.start_ns[0], T_T0 + 2000000 + 300);
	KUNIT_EXPECT_EQ(test, t->out.end_ns[0],
			T_T0 + 2000000 + 84 * 80 + 300);

	/* RX: first bit at T_T0 + 20 us, timestamp 512 ns later. */
	emu_t_mkframe(frame, sizeof(frame), 9);
	KUNIT_EXPECT_TRUE(test, emu_model_rx(&t->m, frame, sizeof(frame),
					     T_T0 + 20000));
	KUNIT_EXPECT_EQ(test, emu_t_meta(t, &ts, T_T0 + 4000000), 64);
	KUNIT_EXPECT_EQ(test, ts, 2051);
}

static void emu_t_fbw_lat(struct emu_model_cfg *cfg)
{
	cfg->fbw_latency_ns = 20000;
}

static u32 emu_t_fbw(struct emu_test *t, u64 data_ns)
{
	u8 *p = emu_t_read(t, LAN1QTSN_FBW_BUFFER_WRITE_STATUS1_H, 1,
			   data_ns - T_DATA_NS);

	return get_unaligned_be32(p) & 0xff;
}

static void emu_test_fbw_latency(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, emu_t_fbw_lat);
	u64 enq = T_T0 + T_TX64_NS, end;
	unsigned int i;

	/* TSN disabled: frames stay in their buffers. */
	emu_t_send_open(t, 64, 0, T_T0);
	KUNIT_EXPECT_EQ(test, emu_model_free_buffers(&t->m), 3);
	KUNIT_EXPECT_EQ(test, emu_t_fbw(t, enq + 19999), 4);
	KUNIT_EXPECT_EQ(test, emu_t_fbw(t, enq + 20000), 3);

	/* A host that trusts the stale count overruns the pool. */
	for (i = 0; i < 3; i++)
		emu_t_send_open(t, 64, 0, T_T0 + 100000 + i * 60000);
	KUNIT_EXPECT_EQ(test, emu_model_free_buffers(&t->m), 0);
	KUNIT_EXPECT_EQ(test, emu_t_fbw(t, T_T0 + 230000), 1);
	KUNIT_EXPECT_EQ(test, emu_t_fbw(t, T_T0 + 300000), 0);
	emu_t_send_open(t, 64, 0, T_T0 + 300000);
	KUNIT_EXPECT_EQ(test, t->m.stats.violations[EMU_V_TX_NO_BUFFER], 1);

	/* Freed buffers show as late. */
	emu_t_enable(t, T_T0 + 400000);
	emu_model_advance(&t->m, T_T0 + 1000000);
	KUNIT_ASSERT_EQ(test, t->out.frames, 4);
	end = t->out.end_ns[3];
	KUNIT_EXPECT_EQ(test, end, T_T0 + 400000 + 3 * T_BYTE_NS + 4 * 84 * 80);
	KUNIT_EXPECT_EQ(test, emu_model_free_buffers(&t->m), 4);
	KUNIT_EXPECT_EQ(test, emu_t_fbw(t, end + 19999), 3);
	KUNIT_EXPECT_EQ(test, emu_t_fbw(t, end + 20000), 4);

	/* A reset shows the whole pool at once. */
	emu_t_send_open(t, 64, 0, T_T0 + 2000000);
	emu_model_reset(&t->m, T_T0 + 2100000);
	KUNIT_EXPECT_EQ(test, emu_t_fbw(t, T_T0 + 2100001), 4);
}

/* The glue's message checks land in the model's violation counters. */
static void emu_test_host_violations(struct kunit *test)
{
	struct emu_test *t = emu_test_new(test, NULL);
	static const char *const names[] = {
		"spi_mode", "spi_overspeed", "cs_change_last",
		"dma_unsafe_buffer",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		KUNIT_EXPECT_EQ(test, strcmp(emu_violation_names[EMU_V_SPI_MODE + i],
					     names[i]), 0);
	emu_model_host_violation(&t->m, EMU_V_DMA_UNSAFE, "tx_buf on the stack");
	emu_model_host_violation(&t->m, EMU_V_DMA_UNSAFE, "second");
	KUNIT_EXPECT_EQ(test, t->m.stats.violations[EMU_V_DMA_UNSAFE], 2);
	KUNIT_EXPECT_EQ(test, strcmp(t->m.viol_detail[EMU_V_DMA_UNSAFE],
				     "tx_buf on the stack"), 0);
	KUNIT_EXPECT_TRUE(test, t->m.viol_new & BIT(EMU_V_DMA_UNSAFE));
}

static struct kunit_case emu_protocol_cases[] = {
	KUNIT_CASE(emu_test_cmd_parsing),
	KUNIT_CASE(emu_test_no_turnaround),
	KUNIT_CASE(emu_test_burst_latch),
	KUNIT_CASE(emu_test_burst_limits),
	KUNIT_CASE(emu_test_fifo_pairing),
	KUNIT_CASE(emu_test_fifo_overflow),
	KUNIT_CASE(emu_test_tx_buffers),
	KUNIT_CASE(emu_test_tx_checks),
	KUNIT_CASE(emu_test_device_fcs),
	KUNIT_CASE(emu_test_vec_registers),
	KUNIT_CASE(emu_test_vec_syscount),
	KUNIT_CASE(emu_test_vec_rx_meta),
	KUNIT_CASE(emu_test_vec_tx_window),
	KUNIT_CASE(emu_test_vec_always_open),
	KUNIT_CASE(emu_test_vec_fcs),
	{}
};

static struct kunit_suite emu_protocol_suite = {
	.name = "lan1qtsn_emu_protocol",
	.exit = emu_test_exit,
	.test_cases = emu_protocol_cases,
};

static struct kunit_case emu_sched_cases[] = {
	KUNIT_CASE(emu_test_window_wrap),
	KUNIT_CASE(emu_test_sched_wrap),
	KUNIT_CASE(emu_test_fail_drop),
	KUNIT_CASE(emu_test_fail_retry),
	KUNIT_CASE(emu_test_hol_blocking),
	KUNIT_CASE(emu_test_tx_tstamp_slots),
	KUNIT_CASE(emu_test_counter_drift),
	KUNIT_CASE(emu_test_pps),
	KUNIT_CASE(emu_test_events),
	KUNIT_CASE(emu_test_events_pps),
	KUNIT_CASE(emu_test_events_enqueue_by_msg_end),
	{}
};

static struct kunit_suite emu_sched_suite = {
	.name = "lan1qtsn_emu_sched",
	.exit = emu_test_exit,
	.test_cases = emu_sched_cases,
};

static struct kunit_case emu_fault_cases[] = {
	KUNIT_CASE(emu_test_fault_rates),
	KUNIT_CASE(emu_test_fault_rx),
	KUNIT_CASE(emu_test_fault_spurious),
	KUNIT_CASE(emu_test_fault_tx_stuck),
	KUNIT_CASE(emu_test_fault_reset),
	KUNIT_CASE(emu_test_fault_deaf_frame_read),
	KUNIT_CASE(emu_test_fault_next),
	KUNIT_CASE(emu_test_fault_addr),
	KUNIT_CASE(emu_test_fault_after),
	KUNIT_CASE(emu_test_fault_truncate),
	KUNIT_CASE(emu_test_fault_orphans),
	KUNIT_CASE(emu_test_fault_seed),
	KUNIT_CASE(emu_test_fault_rx_corrupt),
	KUNIT_CASE(emu_test_fault_miso),
	KUNIT_CASE(emu_test_fault_deaf),
	KUNIT_CASE(emu_test_fault_irq_stuck),
	{}
};

static struct kunit_suite emu_fault_suite = {
	.name = "lan1qtsn_emu_faults",
	.exit = emu_test_exit,
	.test_cases = emu_fault_cases,
};

static struct kunit_case emu_time_cases[] = {
	KUNIT_CASE(emu_test_time_raw),
	KUNIT_CASE(emu_test_time_long_span),
	KUNIT_CASE(emu_test_time_wander),
	KUNIT_CASE(emu_test_time_script),
	KUNIT_CASE(emu_test_time_noise),
	KUNIT_CASE(emu_test_pps_burst),
	KUNIT_CASE(emu_test_pps_cycle_phase),
	KUNIT_CASE(emu_test_pps_late),
	KUNIT_CASE(emu_test_pps_many_seconds),
	{}
};

static struct kunit_suite emu_time_suite = {
	.name = "lan1qtsn_emu_time",
	.exit = emu_test_exit,
	.test_cases = emu_time_cases,
};

static struct kunit_case emu_realism_cases[] = {
	KUNIT_CASE(emu_test_tstamp_latency),
	KUNIT_CASE(emu_test_tstamp_torn_capture),
	KUNIT_CASE(emu_test_launch_latency),
	KUNIT_CASE(emu_test_phy_latency),
	KUNIT_CASE(emu_test_fbw_latency),
	KUNIT_CASE(emu_test_host_violations),
	{}
};

static struct kunit_suite emu_realism_suite = {
	.name = "lan1qtsn_emu_realism",
	.exit = emu_test_exit,
	.test_cases = emu_realism_cases,
};

kunit_test_suites(&emu_protocol_suite, &emu_sched_suite, &emu_fault_suite,
		  &emu_time_suite, &emu_realism_suite);

MODULE_DESCRIPTION("KUnit tests of the LAN1QTSN device model");
MODULE_LICENSE("GPL");
