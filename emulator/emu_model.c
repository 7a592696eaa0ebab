// SPDX-License-Identifier: GPL-2.0
/*
 * LAN1QTSN device model: SPI command parsing, registers, RX FIFOs, TX
 * buffer pool and host checks (docs/device-spec.md sections 1, 2, 3, 5).
 * The scheduler is in emu_sched.c, the time base in emu_osc.c, PPS in
 * emu_pps.c.
 */
#include <kunit/visibility.h>
#include <linux/bitfield.h>
#include <linux/crc32.h>
#include <linux/export.h>
#include <linux/if_ether.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "emu_faults.h"

const char *const emu_violation_names[EMU_V_COUNT] = {
	[EMU_V_UNKNOWN_CMD]	 = "unknown_cmd",
	[EMU_V_BAD_SPACE]	 = "bad_space",
	[EMU_V_BAD_REG]		 = "bad_reg",
	[EMU_V_BAD_LENGTH]	 = "bad_length",
	[EMU_V_RO_WRITE]	 = "ro_write",
	[EMU_V_TX_NO_BUFFER]	 = "tx_no_buffer",
	[EMU_V_TX_BAD_FCS]	 = "tx_bad_fcs",
	[EMU_V_TX_BAD_META]	 = "tx_bad_meta",
	[EMU_V_FRAME_READ_EMPTY] = "frame_read_empty",
	[EMU_V_UNPAIRED_FRAME]	 = "unpaired_frame_read",
	[EMU_V_UNPAIRED_META]	 = "unpaired_meta_read",
	[EMU_V_SHORT_META_READ]	 = "short_meta_read",
	[EMU_V_SHORT_FRAME_READ] = "short_frame_read",
	[EMU_V_SPI_MODE]	 = "spi_mode",
	[EMU_V_SPI_OVERSPEED]	 = "spi_overspeed",
	[EMU_V_CS_CHANGE_LAST]	 = "cs_change_last",
	[EMU_V_DMA_UNSAFE]	 = "dma_unsafe_buffer",
};
EXPORT_SYMBOL_IF_KUNIT(emu_violation_names);

const char *const emu_bus_kind_names[EMU_BUS_KINDS] = {
	[EMU_BUS_TX_FRAME]	= "tx_frame",
	[EMU_BUS_RX_META]	= "rx_meta",
	[EMU_BUS_RX_FRAME]	= "rx_frame",
	[EMU_BUS_REG_READ]	= "reg_read",
	[EMU_BUS_REG_WRITE]	= "reg_write",
	[EMU_BUS_OTHER]		= "other",
};

/* Per frame, the frame FIFO stores a 2-byte length before the data. */
#define EMU_FIFO_HDR	2

static __printf(3, 4) void emu_violation(struct emu_model *m,
					 enum emu_violation v,
					 const char *fmt, ...)
{
	va_list args;

	if (emu_fault_excused(m, v))
		return;
	m->stats.violations[v]++;
	if (test_bit(v, &m->viol_logged) || test_bit(v, &m->viol_new))
		return;
	va_start(args, fmt);
	vsnprintf(m->viol_detail[v], sizeof(m->viol_detail[v]), fmt, args);
	va_end(args);
	__set_bit(v, &m->viol_new);
}

void emu_model_host_violation(struct emu_model *m, enum emu_violation v,
			      const char *detail)
{
	emu_violation(m, v, "%s", detail);
}
EXPORT_SYMBOL_IF_KUNIT(emu_model_host_violation);

/* Ethernet FCS as it appears on the wire: CRC-32, sent LSB first. */
u32 emu_fcs(const u8 *data, u32 len)
{
	return ~crc32_le(~0U, data, len);
}
EXPORT_SYMBOL_IF_KUNIT(emu_fcs);

/* One record of the event stream, if the caller listens. */
void emu_model_event(struct emu_model *m, struct emu_event *ev)
{
	if (m->ops && m->ops->event)
		m->ops->event(m->ops_ctx, ev);
}

void emu_model_event_irq(struct emu_model *m, enum emu_irq_kind kind,
			 u64 now_ns)
{
	struct emu_event ev = {
		.type = EMU_EV_IRQ,
		.verdict = kind,
		.host_ns = now_ns,
	};

	emu_model_event(m, &ev);
}

static void emu_event_rx(struct emu_model *m, u16 len, u64 sof_ns,
			 u64 wire_id, enum emu_rx_verdict verdict, u64 tstamp)
{
	struct emu_event ev = {
		.type = EMU_EV_RX,
		.verdict = verdict,
		.len = len,
		.host_ns = sof_ns,
		.wire_id = wire_id,
		.value = tstamp,
		.value2 = emu_model_counter(m, sof_ns),
	};

	emu_model_event(m, &ev);
}

u32 emu_model_free_buffers(const struct emu_model *m)
{
	u32 pool = min_t(u32, m->cfg.tx_buffers, m->txq_cap);

	return m->txq_count >= pool ? 0 : pool - m->txq_count;
}
EXPORT_SYMBOL_IF_KUNIT(emu_model_free_buffers);

static u32 emu_fbw_latency(const struct emu_model *m)
{
	return min_t(u32, m->cfg.fbw_latency_ns, EMU_FBW_LATENCY_MAX);
}

/*
 * fbw_latency_ns: remember when the free count changed, so that a read
 * can show the count as it was that long ago. Changes older than the
 * latency have reached the register and are forgotten.
 */
void emu_model_fbw_note(struct emu_model *m, u64 ns, s32 delta)
{
	u32 lat = emu_fbw_latency(m);
	struct emu_fbw_change *c;

	while (m->fbw_hist_count &&
	       (m->fbw_hist[m->fbw_hist_head].ns + lat < ns ||
		m->fbw_hist_count == EMU_FBW_HIST)) {
		m->fbw_hist_head = (m->fbw_hist_head + 1) % EMU_FBW_HIST;
		m->fbw_hist_count--;
	}
	if (!lat)
		return;
	c = &m->fbw_hist[(m->fbw_hist_head + m->fbw_hist_count) % EMU_FBW_HIST];
	c->ns = ns;
	c->delta = delta;
	m->fbw_hist_count++;
}
EXPORT_SYMBOL_IF_KUNIT(emu_model_fbw_note);

/* The free count as FBW_BUFFER_WRITE_STATUS1_H shows it at @now_ns. */
u32 emu_model_free_buffers_seen(const struct emu_model *m, u64 now_ns)
{
	u32 pool = min_t(u32, m->cfg.tx_buffers, m->txq_cap);
	s64 seen = emu_model_free_buffers(m);
	u32 lat = emu_fbw_latency(m), i;
	const struct emu_fbw_change *c;

	if (!lat)
		return seen;
	/* Undo the changes the register has not caught up with yet. */
	for (i = 0; i < m->fbw_hist_count; i++) {
		c = &m->fbw_hist[(m->fbw_hist_head + i) % EMU_FBW_HIST];
		if (c->ns + lat > now_ns)
			seen -= c->delta;
	}
	return clamp_t(s64, seen, 0, pool);
}
EXPORT_SYMBOL_IF_KUNIT(emu_model_free_buffers_seen);

static u32 emu_fifo_alloc_len(u32 cap)
{
	/* Frames of at least 16 bytes: headers fit in a quarter more. */
	return cap + cap / 4 + 64;
}

int emu_model_init(struct emu_model *m, const struct emu_model_cfg *cfg,
		   const struct emu_model_ops *ops, void *ctx, u64 seed,
		   u64 now_ns)
{
	u32 i;

	memset(m, 0, sizeof(*m));
	m->cfg = *cfg;
	m->ops = ops;
	m->ops_ctx = ctx;
	emu_model_seed(m, seed);
	emu_osc_seed(m, seed);
	m->osc.wander_interval_ms = 100;

	m->meta_cap = clamp_t(u32, cfg->rx_meta_limit, 1, EMU_RX_META_MAX);
	m->fifo_cap = clamp_t(u32, cfg->rx_fifo_limit, 64, EMU_RX_FIFO_MAX);
	m->txq_cap = clamp_t(u32, cfg->tx_buffers, 1, EMU_TX_BUFFERS_MAX);

	m->meta = kcalloc(m->meta_cap, sizeof(*m->meta), GFP_KERNEL);
	m->fifo = kvzalloc(emu_fifo_alloc_len(m->fifo_cap), GFP_KERNEL);
	m->txq = kcalloc(m->txq_cap, sizeof(*m->txq), GFP_KERNEL);
	/* Every frame takes one 16-byte beat at least. */
	m->fifo_ids_cap = m->fifo_cap / 16 + 1;
	m->fifo_ids = kcalloc(m->fifo_ids_cap, sizeof(*m->fifo_ids),
			      GFP_KERNEL);
	if (!m->meta || !m->fifo || !m->txq || !m->fifo_ids)
		goto nomem;
	for (i = 0; i < m->txq_cap; i++) {
		m->txq[i].data = kmalloc(EMU_TX_BUF_LEN, GFP_KERNEL);
		if (!m->txq[i].data)
			goto nomem;
	}
	emu_model_reset(m, now_ns);
	return 0;

nomem:
	emu_model_free(m);
	return -ENOMEM;
}
EXPORT_SYMBOL_IF_KUNIT(emu_model_init);

void emu_model_free(struct emu_model *m)
{
	u32 i;

	if (m->txq)
		for (i = 0; i < m->txq_cap; i++)
			kfree(m->txq[i].data);
	kfree(m->txq);
	kvfree(m->fifo);
	kfree(m->meta);
	kfree(m->fifo_ids);
	m->fifo_ids = NULL;
	m->txq = NULL;
	m->fifo = NULL;
	m->meta = NULL;
}
EXPORT_SYMBOL_IF_KUNIT(emu_model_free);

/*
 * Power-on or injected reset: the counter restarts, FIFOs and the TX queue
 * are emptied, every register returns to 0 and TSN is disabled.
 */
static void emu_reset_events(struct emu_model *m, u64 now_ns)
{
	struct emu_event ev = { .type = EMU_EV_RESET, .host_ns = now_ns };
	struct emu_tx_entry *e;
	u32 i;

	for (i = 0; i < m->txq_count; i++) {
		e = &m->txq[(m->txq_head + i) % m->txq_cap];
		if (e->on_wire)
			continue;
		emu_log_launch_event(m, e, now_ns, emu_model_counter(m, now_ns),
				     EMU_DROPPED_RESET);
		ev.value++;
	}
	for (i = 0; i < m->fifo_frames; i++) {
		struct emu_event fl = {
			.type = EMU_EV_RX_FLUSH,
			.host_ns = now_ns,
			.wire_id = m->fifo_ids[(m->fifo_ids_head + i) %
					       m->fifo_ids_cap],
		};

		emu_model_event(m, &fl);
	}
	ev.value2 = m->fifo_frames;
	emu_model_event(m, &ev);
}

void emu_model_reset(struct emu_model *m, u64 now_ns)
{
	u32 i;

	emu_reset_events(m, now_ns);
	/* The head frame on the wire was already sent (wire_tx_frames). */
	m->stats.tx_dropped_reset += m->txq_count;
	if (m->txq_count && m->txq[m->txq_head].on_wire)
		m->stats.tx_dropped_reset--;
	m->stats.rx_dropped_reset += m->fifo_frames;
	m->fifo_ids_head = 0;
	m->fifo_frames = 0;
	emu_osc_reset(m, now_ns);
	memset(&m->regs, 0, sizeof(m->regs));
	m->regs.mac_h = get_unaligned_be16(&m->cfg.mac[0]);
	m->regs.mac_l = get_unaligned_be32(&m->cfg.mac[2]);
	m->meta_head = 0;
	m->meta_count = 0;
	m->fifo_head = 0;
	m->fifo_bytes = 0;
	m->fifo_beats = 0;
	m->unread_frames = 0;
	m->irq_low = false;
	for (i = 0; i < m->txq_cap; i++)
		m->txq[i].on_wire = false;
	m->txq_head = 0;
	m->txq_count = 0;
	m->wire_free_ns = now_ns;
	m->pps_next = 0;
	/* Realism knobs: nothing pending survives a reset. */
	m->ts_pending_mask = 0;
	m->fbw_hist_head = 0;
	m->fbw_hist_count = 0;
	emu_fault_reset(m, now_ns);
}
EXPORT_SYMBOL_IF_KUNIT(emu_model_reset);

/* The line the host sees: the FIFO state, or a fault holding it low. */
bool emu_model_irq_line_low(const struct emu_model *m)
{
	return m->irq_low || m->cfg.fault_irq_stuck_low;
}
EXPORT_SYMBOL_IF_KUNIT(emu_model_irq_line_low);

/* Byte ring helpers for the frame FIFO. */
static void emu_fifo_put(struct emu_model *m, u32 pos, const u8 *src, u32 n)
{
	u32 size = emu_fifo_alloc_len(m->fifo_cap);
	u32 first;

	pos %= size;
	first = min(n, size - pos);
	memcpy(m->fifo + pos, src, first);
	memcpy(m->fifo, src + first, n - first);
}

static void emu_fifo_get(struct emu_model *m, u32 pos, u8 *dst, u32 n)
{
	u32 size = emu_fifo_alloc_len(m->fifo_cap);
	u32 first;

	pos %= size;
	first = min(n, size - pos);
	memcpy(dst, m->fifo + pos, first);
	memcpy(dst + first, m->fifo, n - first);
}

static u8 *emu_fifo_byte(struct emu_model *m, u32 pos)
{
	return m->fifo + pos % emu_fifo_alloc_len(m->fifo_cap);
}

static void emu_rx_drop(u64 *frames, u64 *bytes, struct emu_regs *r, u16 len)
{
	(*frames)++;
	*bytes += len;
	r->fd_drop_frames++;
	r->fd_drop_bytes += len;
}

/* Flip one byte between the MAC header and the FCS (the FCS then fails). */
static void emu_rx_corrupt_payload(struct emu_model *m, u32 pos, u16 len)
{
	u32 r = prandom_u32_state(&m->rnd);
	u32 first = len > ETH_HLEN + LAN1QTSN_FCS_LEN ? ETH_HLEN : 0;
	u32 span = len - LAN1QTSN_FCS_LEN - first;

	if (!span)
		return;
	*emu_fifo_byte(m, pos + first + r % span) ^= 1 + (r >> 24) % 255;
}

bool emu_model_rx(struct emu_model *m, const u8 *frame, u16 len, u64 sof_ns)
{
	return emu_model_rx_id(m, frame, len, sof_ns, EMU_WIRE_ID_NONE);
}
EXPORT_SYMBOL_IF_KUNIT(emu_model_rx);

bool emu_model_rx_id(struct emu_model *m, const u8 *frame, u16 len,
		     u64 sof_ns, u64 wire_id)
{
	struct emu_regs *r = &m->regs;
	u32 beats = DIV_ROUND_UP(len, 16);
	u32 limit_meta = min(m->cfg.rx_meta_limit, m->meta_cap);
	u32 limit_fifo = min(m->cfg.rx_fifo_limit, m->fifo_cap);
	bool orphan_frame = false, orphan_meta = false, was_low;
	enum emu_rx_verdict verdict = EMU_RX_DROP_FULL;
	struct emu_rx_meta *e;
	u8 hdr[EMU_FIFO_HDR];
	u32 tail;

	m->stats.wire_rx_frames++;
	if (!(r->system_control & LAN1QTSN_TSN_ENABLE)) {
		m->stats.rx_dropped_disabled++;
		emu_event_rx(m, len, sof_ns, wire_id, EMU_RX_DROP_DISABLED, 0);
		return false;
	}
	r->fd_rx_frames++;
	r->fd_rx_bytes += len;
	if (len < LAN1QTSN_FCS_LEN ||
	    len - LAN1QTSN_FCS_LEN > EMU_RX_MAX_FRAME_NOFCS) {
		m->stats.rx_dropped_jumbo++;
		emu_rx_drop(&r->fd_jumbo_frames, &r->fd_jumbo_bytes, r, len);
		emu_event_rx(m, len, sof_ns, wire_id, EMU_RX_DROP_JUMBO, 0);
		return false;
	}
	if ((r->rx_control_l & EMU_RX_CTRL_CHECKSUM) &&
	    emu_fcs(frame, len - LAN1QTSN_FCS_LEN) !=
	    get_unaligned_le32(frame + len - LAN1QTSN_FCS_LEN)) {
		m->stats.rx_dropped_fcs++;
		emu_rx_drop(&r->fd_fcs_frames, &r->fd_fcs_bytes, r, len);
		emu_event_rx(m, len, sof_ns, wire_id, EMU_RX_DROP_FCS, 0);
		return false;
	}
	if (m->cfg.fault_rx_overflow_n) {
		m->cfg.fault_rx_overflow_n--;
		m->stats.faults[EMU_F_RX_OVERFLOW]++;
		verdict = EMU_RX_DROP_OVERFLOW;
		goto full;
	}
	if (m->meta_count >= limit_meta ||
	    (m->fifo_beats + beats) * 16 > limit_fifo)
		goto full;
	/* The two FIFOs lose step: one side stores, the other does not. */
	if (m->cfg.fault_rx_orphan_frame_n) {
		m->cfg.fault_rx_orphan_frame_n--;
		m->stats.faults[EMU_F_RX_ORPHAN_FRAME]++;
		orphan_frame = true;
	} else if (m->cfg.fault_rx_orphan_meta_n) {
		m->cfg.fault_rx_orphan_meta_n--;
		m->stats.faults[EMU_F_RX_ORPHAN_META]++;
		m->stats.rx_dropped_orphan_meta++;
		orphan_meta = true;
	}

	if (!orphan_meta) {
		tail = m->fifo_head + m->fifo_bytes;
		put_unaligned_be16(len, hdr);
		emu_fifo_put(m, tail, hdr, EMU_FIFO_HDR);
		emu_fifo_put(m, tail + EMU_FIFO_HDR, frame, len);
		if (emu_model_fault_hit(m, EMU_F_RX_FCS))
			*emu_fifo_byte(m, tail + EMU_FIFO_HDR + len - 1) ^= 0xa5;
		if (emu_model_fault_hit(m, EMU_F_RX_PAYLOAD))
			emu_rx_corrupt_payload(m, tail + EMU_FIFO_HDR, len);
		m->fifo_bytes += EMU_FIFO_HDR + len;
		m->fifo_ids[(m->fifo_ids_head + m->fifo_frames) %
			    m->fifo_ids_cap] = wire_id;
		m->fifo_frames++;
		m->fifo_beats += beats;
	}
	if (orphan_frame) {
		m->pairing_excused = true;
		emu_event_rx(m, len, sof_ns, wire_id, EMU_RX_ORPHAN_FRAME, 0);
		return false;
	}

	e = &m->meta[(m->meta_head + m->meta_count) % m->meta_cap];
	emu_osc_sync(m, sof_ns + m->cfg.rx_delay_ns);
	e->tstamp = emu_model_counter(m, sof_ns + m->cfg.rx_delay_ns);
	e->len = len;
	e->stored = orphan_meta ? 0 : len;
	if (emu_model_fault_hit(m, EMU_F_META_LEN)) {
		/* An impossible length: some bit from 11 up, so >= 2048. */
		e->len |= BIT(11 + prandom_u32_state(&m->rnd) % 5);
		m->pairing_excused = true;
	} else if (emu_model_fault_hit(m, EMU_F_META_LEN_PLAUSIBLE)) {
		e->len = emu_fault_plausible_len(m, len);
		m->pairing_excused = true;
	}
	if (orphan_meta)
		m->pairing_excused = true;
	r->fd_rx_tstamp = e->tstamp;
	if (!emu_model_rx_pending(m))
		m->rx_pending_since_ns = sof_ns + m->cfg.rx_delay_ns;
	m->meta_count++;
	emu_event_rx(m, len, sof_ns, wire_id,
		     orphan_meta ? EMU_RX_ORPHAN_META : EMU_RX_STORED,
		     e->tstamp);

	was_low = emu_model_irq_line_low(m);
	m->irq_low = true;
	if (was_low)
		return false;
	if (emu_model_fault_hit(m, EMU_F_IRQ_LOST)) {
		emu_model_event_irq(m, EMU_IRQ_LOST, sof_ns);
		return false;
	}
	m->stats.irq_edges++;
	emu_model_event_irq(m, EMU_IRQ_FIRED, sof_ns);
	return true;

full:
	m->stats.rx_dropped_fifo_full++;
	emu_rx_drop(&r->fd_full_frames, &r->fd_full_bytes, r, len);
	emu_event_rx(m, len, sof_ns, wire_id, verdict, 0);
	return false;
}
EXPORT_SYMBOL_IF_KUNIT(emu_model_rx_id);

/*
 * FT_TX_TSTAMPn as the host sees it at @now_ns: a capture becomes readable
 * tx_tstamp_latency_ns after it was taken; before, the previous value.
 */
static u64 emu_tstamp_seen(const struct emu_model *m, u32 slot, u64 now_ns)
{
	if ((m->ts_pending_mask & BIT(slot)) && now_ns >= m->ts_visible_ns[slot])
		return m->ts_pending[slot];
	return m->regs.ft_tstamp[slot];
}

/* 64-bit value of the register pair at @pair (a multiple of 8). */
static u64 emu_reg64(struct emu_model *m, u16 pair, u64 now_ns)
{
	struct emu_regs *r = &m->regs;
	u32 frame_cnt, meta_cnt;

	switch (pair) {
	case LAN1QTSN_FD_RX_TSTAMP_H: return r->fd_rx_tstamp;
	case LAN1QTSN_FD_TOTAL_RX_FRAME_CNT_H: return r->fd_rx_frames;
	case LAN1QTSN_FD_TOTAL_RX_BYTE_CNT_H: return r->fd_rx_bytes;
	case LAN1QTSN_FD_TOTAL_DROP_FRAME_CNT_H: return r->fd_drop_frames;
	case LAN1QTSN_FD_TOTAL_DROP_BYTE_CNT_H: return r->fd_drop_bytes;
	case LAN1QTSN_FD_FCS_DROP_FRAME_CNT_H: return r->fd_fcs_frames;
	case LAN1QTSN_FD_FCS_DROP_BYTE_CNT_H: return r->fd_fcs_bytes;
	case LAN1QTSN_FD_JUMBO_DROP_FRAME_CNT_H: return r->fd_jumbo_frames;
	case LAN1QTSN_FD_JUMBO_DROP_BYTE_CNT_H: return r->fd_jumbo_bytes;
	case LAN1QTSN_FD_FIFO_FULL_DROP_FRAME_CNT_H: return r->fd_full_frames;
	case LAN1QTSN_FD_FIFO_FULL_DROP_BYTE_CNT_H: return r->fd_full_bytes;
	case LAN1QTSN_TSN_RX_FIFO_STATUS_L & ~7:
		frame_cnt = min_t(u32, m->fifo_beats, EMU_FRAME_CNT_FIELD_MAX);
		meta_cnt = min_t(u32, m->meta_count, EMU_META_CNT_FIELD_MAX);
		return FIELD_PREP(LAN1QTSN_RX_FIFO_FRAME_CNT, frame_cnt) |
		       FIELD_PREP(LAN1QTSN_RX_FIFO_META_CNT, meta_cnt);
	case LAN1QTSN_FS_TOTAL_RX_FRAME_CNT_H: return r->fs_rx_frames;
	case LAN1QTSN_FS_TOTAL_RX_16BYTE_CNT_H: return r->fs_rx_beats;
	case LAN1QTSN_FS_TOTAL_BACK_PRESSURE_CNT_H: return r->fs_back_pressure;
	case LAN1QTSN_FSCH_TOTAL_NEW_ENTRY_CNT_H: return r->fsch_new;
	case LAN1QTSN_FSCH_TOTAL_VALID_ENTRY_CNT_H: return r->fsch_valid;
	case LAN1QTSN_FSCH_TOTAL_DELAY_ENTRY_CNT_H: return r->fsch_delay;
	case LAN1QTSN_FSCH_TOTAL_DROP_ENTRY_CNT_H: return r->fsch_drop;
	case LAN1QTSN_FBW_BUFFER_WRITE_STATUS1_H:
		return (u64)FIELD_PREP(LAN1QTSN_FBW_FREE_BUFFERS,
				       emu_model_free_buffers_seen(m, now_ns)) << 32;
	case LAN1QTSN_FT_TOTAL_TX_FRAME_CNT_H: return r->ft_tx_frames;
	case LAN1QTSN_FT_TOTAL_TX_BYTE_CNT_H: return r->ft_tx_bytes;
	case LAN1QTSN_FT_TX_TSTAMP_H(1): return emu_tstamp_seen(m, 0, now_ns);
	case LAN1QTSN_FT_TX_TSTAMP_H(2): return emu_tstamp_seen(m, 1, now_ns);
	case LAN1QTSN_FT_TX_TSTAMP_H(3): return emu_tstamp_seen(m, 2, now_ns);
	case LAN1QTSN_FT_TX_TSTAMP_H(4): return emu_tstamp_seen(m, 3, now_ns);
	case LAN1QTSN_TSN_SYSTEM_INFO_H: return (u64)m->cfg.system_info << 32;
	case LAN1QTSN_TSN_MAC_ADDR_H: return (u64)r->mac_h << 32 | r->mac_l;
	case LAN1QTSN_TSN_SYSCOUNT_H: return emu_osc_sample(m, now_ns);
	case LAN1QTSN_TSN_SYSTEM_CONTROL_L & ~7: return r->system_control;
	case LAN1QTSN_TSN_RX_CONTROL_H:
		return (u64)r->rx_control_h << 32 | r->rx_control_l;
	case LAN1QTSN_TSN_TX_CONTROL_L & ~7: return r->tx_control_l;
	case LAN1QTSN_PPS_PULSE_AT_H: return r->pps_pulse_at;
	case LAN1QTSN_PPS_CYCLE_1S_H:
		return (u64)r->pps_cycle_h << 32 | lower_32_bits(r->pps_cycle);
	default: return 0;
	}
}

u32 emu_model_reg_read(struct emu_model *m, u16 reg, u64 now_ns)
{
	u64 v = emu_reg64(m, reg & ~7, now_ns);

	return reg & 4 ? lower_32_bits(v) : upper_32_bits(v);
}
EXPORT_SYMBOL_IF_KUNIT(emu_model_reg_read);

static bool emu_reg_range_ok(struct emu_model *m, u16 reg, u32 dlen,
			     const char *what)
{
	if (dlen != 4 && dlen != 8) {
		emu_violation(m, EMU_V_BAD_LENGTH,
			      "register %s of %u bytes at 0x%03x", what, dlen,
			      reg);
		return false;
	}
	if (reg & 3 || reg + dlen - 4 > LAN1QTSN_REG_LAST) {
		emu_violation(m, EMU_V_BAD_REG, "register %s at 0x%03x (%u bytes)",
			      what, reg, dlen);
		return false;
	}
	return true;
}

/*
 * Before a TX timestamp slot is sampled at @t_ns: capture the frames that
 * started by then (the caller ran the scheduler up to the start of the
 * message only), so that a capture can land between two words.
 */
static void emu_tstamp_sync(struct emu_model *m, u16 reg, u64 t_ns)
{
	if (reg >= LAN1QTSN_FT_TX_TSTAMP_H(1) &&
	    reg < LAN1QTSN_FT_TX_TSTAMP_H(LAN1QTSN_TS_SLOTS) + 8)
		emu_model_advance(m, t_ns);
}

static void emu_regs_read(struct emu_model *m, u16 reg, u8 *data, u32 dlen,
			  u64 t_ns, u32 byte_ns)
{
	u64 v;
	u32 i;

	if (!emu_reg_range_ok(m, reg, dlen, "read"))
		return;
	if (dlen == 8 && !(reg & 7) && m->cfg.latch) {
		emu_tstamp_sync(m, reg, t_ns);
		v = emu_reg64(m, reg, t_ns);
		put_unaligned_be32(upper_32_bits(v), data);
		put_unaligned_be32(lower_32_bits(v), data + 4);
		return;
	}
	/* Without latching each word is sampled when it is shifted out. */
	for (i = 0; i < dlen / 4; i++) {
		emu_tstamp_sync(m, reg + 4 * i, t_ns + 4 * i * byte_ns);
		put_unaligned_be32(emu_model_reg_read(m, reg + 4 * i,
						      t_ns + 4 * i * byte_ns),
				   data + 4 * i);
	}
}

static void emu_reg_write(struct emu_model *m, u16 reg, u32 val, u64 t_ns)
{
	struct emu_regs *r = &m->regs;

	switch (reg) {
	case LAN1QTSN_TSN_SYSTEM_CONTROL_L:
		if ((val ^ r->system_control) & LAN1QTSN_TSN_ENABLE) {
			/* The scheduler starts looking at its head now. */
			m->wire_free_ns = max(m->wire_free_ns, t_ns);
		}
		r->system_control = val & LAN1QTSN_TSN_ENABLE;
		break;
	case LAN1QTSN_TSN_RX_CONTROL_H:
		r->rx_control_h = val;
		break;
	case LAN1QTSN_TSN_RX_CONTROL_L:
		/* The four clear bits act once and read back as 0. */
		if (val & EMU_RX_CTRL_CLR_DROP_BYTES)
			r->fd_drop_bytes = 0;
		if (val & EMU_RX_CTRL_CLR_DROP_FRAMES)
			r->fd_drop_frames = 0;
		if (val & EMU_RX_CTRL_CLR_RX_BYTES)
			r->fd_rx_bytes = 0;
		if (val & EMU_RX_CTRL_CLR_RX_FRAMES)
			r->fd_rx_frames = 0;
		r->rx_control_l = val & ~EMU_RX_CTRL_CLR_ALL;
		break;
	case LAN1QTSN_TSN_TX_CONTROL_L:
		r->tx_control_l = val;
		break;
	case LAN1QTSN_TSN_MAC_ADDR_H:
		r->mac_h = val & 0xffff;
		break;
	case LAN1QTSN_TSN_MAC_ADDR_L:
		r->mac_l = val;
		break;
	case LAN1QTSN_PPS_PULSE_AT_H:
	case LAN1QTSN_PPS_PULSE_AT_H + 4:
	case LAN1QTSN_PPS_CYCLE_1S_H:
	case LAN1QTSN_PPS_CYCLE_1S_H + 4:
		emu_pps_write(m, reg, val, t_ns);
		break;
	case LAN1QTSN_TSN_SYSTEM_CONTROL_L - 4:
	case LAN1QTSN_TSN_TX_CONTROL_L - 4:
		/* Reserved halves of writable pairs: accepted, ignored. */
		break;
	default:
		emu_violation(m, EMU_V_RO_WRITE,
			      "write 0x%08x to read-only register 0x%03x",
			      val, reg);
		break;
	}
}

static void emu_regs_write(struct emu_model *m, u16 reg, const u8 *data,
			   u32 dlen, u64 t_ns)
{
	u32 i;

	if (!emu_reg_range_ok(m, reg, dlen, "write"))
		return;
	for (i = 0; i < dlen / 4; i++)
		emu_reg_write(m, reg + 4 * i, get_unaligned_be32(data + 4 * i),
			      t_ns);
}

static void emu_meta_read(struct emu_model *m, u8 *data, u32 dlen)
{
	u8 entry[LAN1QTSN_RX_META_LEN] = { };
	struct emu_rx_meta *e;

	if (!m->meta_count) {
		/* frame_length 0 is the documented "empty" answer. */
		m->stats.meta_reads_empty++;
		return;
	}
	if (m->unread_frames)
		emu_violation(m, EMU_V_UNPAIRED_META,
			      "metadata popped with %u frame(s) unread",
			      m->unread_frames);
	if (dlen < LAN1QTSN_RX_META_LEN)
		emu_violation(m, EMU_V_SHORT_META_READ,
			      "metadata read of %u bytes, entry is %u", dlen,
			      LAN1QTSN_RX_META_LEN);

	e = &m->meta[m->meta_head];
	put_unaligned_be64(e->tstamp, entry + LAN1QTSN_RX_META_TS_OFF);
	put_unaligned_be16(e->len, entry + LAN1QTSN_RX_META_LEN_OFF);
	memcpy(data, entry, min_t(u32, dlen, sizeof(entry)));
	m->meta_head = (m->meta_head + 1) % m->meta_cap;
	m->meta_count--;
	m->unread_frames++;
	if (!m->meta_count)
		m->irq_low = false;
}

static void emu_frame_read(struct emu_model *m, u8 *data, u32 dlen)
{
	u8 hdr[EMU_FIFO_HDR];
	u16 flen;

	if (!m->fifo_bytes) {
		emu_violation(m, EMU_V_FRAME_READ_EMPTY,
			      "frame FIFO read of %u bytes while empty", dlen);
		/* Only after an orphan entry can a frame be owed here. */
		if (m->unread_frames)
			m->unread_frames--;
		return;
	}
	if (!m->unread_frames)
		emu_violation(m, EMU_V_UNPAIRED_FRAME,
			      "frame read of %u bytes without metadata", dlen);
	else
		m->unread_frames--;

	emu_fifo_get(m, m->fifo_head, hdr, EMU_FIFO_HDR);
	flen = get_unaligned_be16(hdr);
	if (dlen < flen)
		emu_violation(m, EMU_V_SHORT_FRAME_READ,
			      "frame read of %u bytes, frame has %u", dlen,
			      flen);
	emu_fifo_get(m, m->fifo_head + EMU_FIFO_HDR, data, min_t(u32, dlen, flen));
	m->fifo_head = (m->fifo_head + EMU_FIFO_HDR + flen) %
		       emu_fifo_alloc_len(m->fifo_cap);
	m->fifo_bytes -= EMU_FIFO_HDR + flen;
	m->fifo_frames--;
	m->fifo_ids_head = (m->fifo_ids_head + 1) % m->fifo_ids_cap;
	m->fifo_beats -= DIV_ROUND_UP(flen, 16);
}

static void emu_tx_write(struct emu_model *m, const u8 *p, u32 n, u64 end_ns)
{
	struct emu_regs *r = &m->regs;
	u32 min_len = EMU_TX_MIN_FRAME_NOFCS, max_len = EMU_TX_MAX_FRAME_NOFCS;
	struct emu_tx_entry *e;
	u32 flen, body, i;
	u16 tsid;
	u8 policy;

	m->stats.tx_writes++;
	if (m->msg_end_ns && end_ns > m->msg_end_ns)
		end_ns = m->msg_end_ns;
	if (n < LAN1QTSN_TX_META_LEN) {
		emu_violation(m, EMU_V_BAD_LENGTH,
			      "TX write of %u bytes, shorter than metadata", n);
		m->stats.tx_dropped_malformed++;
		return;
	}
	r->fs_rx_frames++;
	r->fs_rx_beats += DIV_ROUND_UP(n, 16);

	body = n - LAN1QTSN_TX_META_LEN;
	flen = get_unaligned_be16(p + LAN1QTSN_TX_META_FLEN_OFF);
	if (!m->cfg.device_fcs) {
		min_len += LAN1QTSN_FCS_LEN;
		max_len += LAN1QTSN_FCS_LEN;
	}
	if (flen != body || flen < min_len || flen > max_len) {
		emu_violation(m, EMU_V_TX_BAD_META,
			      "TX frame_length %u, %u bytes follow, allowed %u..%u",
			      flen, body, min_len, max_len);
		m->stats.tx_dropped_malformed++;
		return;
	}
	tsid = get_unaligned_be16(p + LAN1QTSN_TX_META_TSID_OFF);
	policy = p[LAN1QTSN_TX_META_POLICY_OFF];
	if (tsid > LAN1QTSN_TS_SLOTS || policy > LAN1QTSN_FAIL_RETRY ||
	    memchr_inv(p + LAN1QTSN_TX_META_RSVD_OFF, 0,
		       LAN1QTSN_TX_META_LEN - LAN1QTSN_TX_META_RSVD_OFF))
		emu_violation(m, EMU_V_TX_BAD_META,
			      "TX timestamp_id %u fail_policy %u or reserved bytes set",
			      tsid, policy);
	if (!m->cfg.device_fcs &&
	    emu_fcs(p + LAN1QTSN_TX_META_LEN, flen - LAN1QTSN_FCS_LEN) !=
	    get_unaligned_le32(p + n - LAN1QTSN_FCS_LEN))
		emu_violation(m, EMU_V_TX_BAD_FCS,
			      "TX frame of %u bytes: FCS %08x, expected %08x",
			      flen, get_unaligned_le32(p + n - LAN1QTSN_FCS_LEN),
			      emu_fcs(p + LAN1QTSN_TX_META_LEN,
				      flen - LAN1QTSN_FCS_LEN));

	if (!emu_model_free_buffers(m)) {
		r->fs_back_pressure++;
		m->stats.tx_dropped_no_buffer++;
		emu_violation(m, EMU_V_TX_NO_BUFFER,
			      "TX write with no free buffer (%u queued)",
			      m->txq_count);
		return;
	}

	i = (m->txq_head + m->txq_count) % m->txq_cap;
	e = &m->txq[i];
	e->from = get_unaligned_be32(p + LAN1QTSN_TX_META_FROM_OFF);
	e->to = get_unaligned_be32(p + LAN1QTSN_TX_META_TO_OFF);
	e->dfrom = get_unaligned_be32(p + LAN1QTSN_TX_META_DFROM_OFF);
	e->dto = get_unaligned_be32(p + LAN1QTSN_TX_META_DTO_OFF);
	e->tsid = tsid;
	e->policy = policy;
	e->delayed = false;
	e->on_wire = false;
	e->seq = m->tx_seq++;
	e->enq_ns = end_ns;
	memcpy(e->data, p + LAN1QTSN_TX_META_LEN, flen);
	if (m->cfg.device_fcs) {
		put_unaligned_le32(emu_fcs(e->data, flen), e->data + flen);
		flen += LAN1QTSN_FCS_LEN;
	}
	e->len = flen;
	m->txq_count++;
	emu_model_fbw_note(m, end_ns, -1);
	r->fsch_new++;
}

bool emu_model_rx_pending(const struct emu_model *m)
{
	return m->meta_count || m->unread_frames;
}

/*
 * The kind of the command a message starts with, and the Ethernet frame
 * bytes it carries: the rest of its bus time is protocol overhead.
 */
enum emu_bus_kind emu_model_bus_kind(const struct emu_model *m, const u8 *tx,
				     u32 len, u32 *frame_bytes)
{
	u32 hdr = LAN1QTSN_HDR_LEN;
	u16 addr, space, off;

	*frame_bytes = 0;
	if (len < hdr)
		return EMU_BUS_OTHER;
	addr = get_unaligned_be16(tx + 1);
	space = addr & LAN1QTSN_SPACE_MASK;
	off = addr & LAN1QTSN_REG_MASK;
	if (tx[0] == LAN1QTSN_CMD_WRITE) {
		if (space == LAN1QTSN_SPACE_REG_WRITE)
			return EMU_BUS_REG_WRITE;
		if (space != LAN1QTSN_SPACE_TX_FRAME || off)
			return EMU_BUS_OTHER;
		if (len > hdr + LAN1QTSN_TX_META_LEN)
			*frame_bytes = len - hdr - LAN1QTSN_TX_META_LEN;
		return EMU_BUS_TX_FRAME;
	}
	if (tx[0] != LAN1QTSN_CMD_READ)
		return EMU_BUS_OTHER;
	if (m->cfg.turnaround)
		hdr += LAN1QTSN_RD_GAP_LEN;
	if (space == LAN1QTSN_SPACE_REG_READ)
		return EMU_BUS_REG_READ;
	if (off)
		return EMU_BUS_OTHER;
	if (space == LAN1QTSN_SPACE_RX_META)
		return EMU_BUS_RX_META;
	if (space != LAN1QTSN_SPACE_RX_FRAME)
		return EMU_BUS_OTHER;
	*frame_bytes = len > hdr ? len - hdr : 0;
	return EMU_BUS_RX_FRAME;
}

void emu_model_xfer(struct emu_model *m, const u8 *tx, u8 *rx, u32 len,
		    u64 start_ns, u32 byte_ns, struct emu_xfer_result *res)
{
	u32 gap = m->cfg.turnaround ? LAN1QTSN_RD_GAP_LEN : 0;
	bool was_low = emu_model_irq_line_low(m);
	u32 hdr = LAN1QTSN_HDR_LEN;
	u16 addr, space, off;
	u64 t_data;

	memset(res, 0, sizeof(*res));
	memset(rx, 0, len);
	m->stats.bus_bytes += len;
	m->stats.bus_transactions++;
	if (emu_model_fault_hit(m, EMU_F_IRQ_SPURIOUS)) {
		res->spurious_irq = true;
		emu_model_event_irq(m, EMU_IRQ_SPURIOUS, start_ns);
	}

	if (len < hdr) {
		emu_violation(m, EMU_V_BAD_LENGTH, "message of %u bytes", len);
		return;
	}
	addr = get_unaligned_be16(tx + 1);
	space = addr & LAN1QTSN_SPACE_MASK;
	off = addr & LAN1QTSN_REG_MASK;

	switch (tx[0]) {
	case LAN1QTSN_CMD_WRITE:
		t_data = start_ns + hdr * byte_ns;
		if (space == LAN1QTSN_SPACE_TX_FRAME && !off)
			emu_tx_write(m, tx + hdr, len - hdr,
				     start_ns + len * byte_ns);
		else if (space == LAN1QTSN_SPACE_REG_WRITE)
			emu_regs_write(m, off, tx + hdr, len - hdr, t_data);
		else
			emu_violation(m, EMU_V_BAD_SPACE,
				      "write command to address 0x%04x", addr);
		break;
	case LAN1QTSN_CMD_READ:
		if (len < hdr + gap) {
			emu_violation(m, EMU_V_BAD_LENGTH,
				      "read of %u bytes has no turnaround", len);
			break;
		}
		hdr += gap;
		t_data = start_ns + hdr * byte_ns;
		if (space == LAN1QTSN_SPACE_RX_META && !off)
			emu_meta_read(m, rx + hdr, len - hdr);
		else if (space == LAN1QTSN_SPACE_RX_FRAME && !off)
			emu_frame_read(m, rx + hdr, len - hdr);
		else if (space == LAN1QTSN_SPACE_REG_READ)
			emu_regs_read(m, off, rx + hdr, len - hdr, t_data,
				      byte_ns);
		else
			emu_violation(m, EMU_V_BAD_SPACE,
				      "read command from address 0x%04x", addr);
		break;
	default:
		emu_violation(m, EMU_V_UNKNOWN_CMD,
			      "command 0x%02x address 0x%04x, %u bytes",
			      tx[0], addr, len);
		break;
	}
	/* A register write (reset of counters, PPS) cannot lower the line. */
	if (!was_low && emu_model_irq_line_low(m))
		res->irq_edge = true;
}
EXPORT_SYMBOL_IF_KUNIT(emu_model_xfer);
