// SPDX-License-Identifier: GPL-2.0
/*
 * LAN1QTSN model, TX side in time: the single-FIFO launch-window scheduler
 * with its fail policies (device-spec.md section 3), the wire and the TX
 * timestamp slots. The counter is in emu_osc.c, PPS in emu_pps.c.
 *
 * The scheduler runs in "ideal" time: it works out when the hardware would
 * have started each frame, however late the caller gets to run, so launch
 * ticks do not depend on timer latency.
 */
#include <kunit/visibility.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/unaligned.h>

#include "emu_model.h"

bool emu_window_open(u32 tick29, u32 from29, u32 to29)
{
	return ((tick29 - from29) & LAN1QTSN_TICK_MASK) <=
	       ((to29 - from29) & LAN1QTSN_TICK_MASK);
}
EXPORT_SYMBOL_IF_KUNIT(emu_window_open);

/* Only meaningful when the window is not open at @tick29. */
bool emu_window_future(u32 tick29, u32 from29)
{
	return ((from29 - tick29) & LAN1QTSN_TICK_MASK) < EMU_TICK_HALF;
}
EXPORT_SYMBOL_IF_KUNIT(emu_window_future);

static u32 emu_tick29(u32 word)
{
	return (word >> LAN1QTSN_TICK_SHIFT) & LAN1QTSN_TICK_MASK;
}

/* The event stream's record of one launch decision at host time @t_ns. */
void emu_log_launch_event(struct emu_model *m, const struct emu_tx_entry *e,
			  u64 t_ns, u64 tick, enum emu_verdict verdict)
{
	bool sent = verdict == EMU_SENT_IN_WINDOW ||
		    verdict == EMU_SENT_IN_DELAY;
	struct emu_event ev = {
		.type = EMU_EV_LAUNCH,
		.verdict = verdict,
		.prio = e->from & LAN1QTSN_PRIO_MASK,
		.policy = e->policy,
		.len = e->len,
		.tsid = e->tsid,
		.seq = e->seq,
		.from = emu_tick29(e->from),
		.to = emu_tick29(e->to),
		.dfrom = emu_tick29(e->dfrom),
		.dto = emu_tick29(e->dto),
		.fcs = get_unaligned_le32(e->data + e->len - LAN1QTSN_FCS_LEN),
		.host_ns = t_ns,
		.enq_ns = e->enq_ns,
		.enq_tick = emu_model_counter(m, e->enq_ns),
		.start_tick = tick,
		.end_tick = sent ? emu_model_counter(m, e->end_ns) : tick,
	};

	emu_model_event(m, &ev);
}

static void emu_log_launch(struct emu_model *m, const struct emu_tx_entry *e,
			   u64 t_ns, u64 tick, enum emu_verdict verdict)
{
	struct emu_launch_rec *rec;

	emu_log_launch_event(m, e, t_ns, tick, verdict);

	rec = &m->launch_log[m->launch_log_next];
	m->launch_log_next = (m->launch_log_next + 1) % EMU_LAUNCH_LOG_LEN;
	m->launch_log_total++;
	rec->seq = e->seq;
	rec->len = e->len;
	rec->fcs = get_unaligned_le32(e->data + e->len - LAN1QTSN_FCS_LEN);
	rec->tsid = e->tsid;
	rec->from = e->from;
	rec->to = e->to;
	rec->dfrom = e->dfrom;
	rec->dto = e->dto;
	rec->start_tick = tick;
	rec->verdict = verdict;
}

static void emu_event_txts(struct emu_model *m, const struct emu_tx_entry *e,
			   u64 t_ns)
{
	/* The value captured (readable tx_tstamp_latency_ns later). */
	struct emu_event ev = {
		.type = EMU_EV_TXTS,
		.seq = e->seq,
		.tsid = e->tsid,
		.host_ns = t_ns,
		.value = emu_model_counter(m, t_ns),
		.value2 = e->tsid,
	};

	emu_model_event(m, &ev);
}

/* @pulses PPS pulses, the first at counter value @pulse, host time @t_ns. */
void emu_model_event_pps(struct emu_model *m, u64 pulse, u64 pulses, u64 t_ns)
{
	struct emu_event ev = {
		.type = EMU_EV_PPS,
		.host_ns = t_ns,
		.value = pulse,
		.value2 = pulses,
	};

	emu_model_event(m, &ev);
}

/* The head leaves the queue at @ns: its buffer is free again. */
static void emu_txq_pop(struct emu_model *m, u64 ns)
{
	emu_model_fbw_note(m, ns, 1);
	m->txq[m->txq_head].on_wire = false;
	m->txq_head = (m->txq_head + 1) % m->txq_cap;
	m->txq_count--;
}

static u64 emu_wire_ns(u16 len)
{
	return (u64)(len + LAN1QTSN_WIRE_PREAMBLE + LAN1QTSN_WIRE_IFG) *
	       LAN1QTSN_WIRE_NS_PER_BYTE;
}

/*
 * A frame with timestamp_id @slot + 1 passed the TX timestamp point at
 * @t_ns. The slot shows the counter at @t_ns from t_ns +
 * tx_tstamp_latency_ns on; until then its previous value (0 after a
 * reset). A capture that lands while the previous one is still on its way
 * replaces it: that one is never seen.
 */
static void emu_tstamp_capture(struct emu_model *m, u32 slot, u64 t_ns)
{
	u64 val = emu_model_counter(m, t_ns);
	struct emu_regs *r = &m->regs;

	if ((m->ts_pending_mask & BIT(slot)) && t_ns >= m->ts_visible_ns[slot])
		r->ft_tstamp[slot] = m->ts_pending[slot];
	m->ts_pending_mask &= ~BIT(slot);
	if (!m->cfg.tx_tstamp_latency_ns) {
		r->ft_tstamp[slot] = val;
		return;
	}
	m->ts_pending[slot] = val;
	m->ts_visible_ns[slot] = t_ns + m->cfg.tx_tstamp_latency_ns;
	m->ts_pending_mask |= BIT(slot);
}

static void emu_start_tx(struct emu_model *m, struct emu_tx_entry *e,
			 u64 t_ns, u64 tick)
{
	struct emu_regs *r = &m->regs;

	e->on_wire = true;
	e->end_ns = t_ns + emu_wire_ns(e->len);
	m->wire_free_ns = e->end_ns;
	r->fsch_valid++;
	r->ft_tx_frames++;
	r->ft_tx_bytes += e->len;
	if (e->tsid >= 1 && e->tsid <= LAN1QTSN_TS_SLOTS)
		emu_tstamp_capture(m, e->tsid - 1, t_ns + m->cfg.tx_delay_ns);
	m->stats.wire_tx_frames++;
	m->stats.wire_tx_bytes += e->len;
	if (e->delayed)
		m->stats.tx_in_delay++;
	else
		m->stats.tx_in_window++;
	emu_log_launch(m, e, t_ns, tick,
		       e->delayed ? EMU_SENT_IN_DELAY : EMU_SENT_IN_WINDOW);
	if (e->tsid >= 1 && e->tsid <= LAN1QTSN_TS_SLOTS)
		emu_event_txts(m, e, t_ns + m->cfg.tx_delay_ns);
	m->out_seq = e->seq;
	/* tx_phy_ns: the PHY puts the frame on the wire this much later. */
	if (m->ops && m->ops->frame_out)
		m->ops->frame_out(m->ops_ctx, e->data, e->len,
				  t_ns + m->cfg.tx_phy_ns,
				  e->end_ns + m->cfg.tx_phy_ns);
}

/*
 * Run the scheduler up to @now_ns. Returns the host time of the next event
 * the caller must come back for (0: nothing pending).
 */
static u64 emu_sched_advance(struct emu_model *m, u64 now_ns)
{
	struct emu_tx_entry *e;
	u32 tick29, from, to;
	u64 t, tick, target;

	while (m->txq_count) {
		e = &m->txq[m->txq_head];
		if (e->on_wire) {
			if (e->end_ns > now_ns)
				return e->end_ns;
			emu_txq_pop(m, e->end_ns);
			continue;
		}
		if (!(m->regs.system_control & LAN1QTSN_TSN_ENABLE) ||
		    m->cfg.fault_tx_stuck) {
			/* Held: when released, the head is looked at anew. */
			m->wire_free_ns = max(m->wire_free_ns, now_ns);
			return 0;
		}
		/* launch_latency_ns: the frame's way to the scheduler. */
		t = max(e->enq_ns + m->cfg.launch_latency_ns, m->wire_free_ns);
		if (t > now_ns)
			return t;
		tick = emu_model_counter(m, t);
		tick29 = tick & LAN1QTSN_TICK_MASK;
		from = emu_tick29(e->delayed ? e->dfrom : e->from);
		to = emu_tick29(e->delayed ? e->dto : e->to);

		if (emu_window_open(tick29, from, to)) {
			emu_start_tx(m, e, t, tick);
			continue;
		}
		if (emu_window_future(tick29, from)) {
			target = tick + ((from - tick29) & LAN1QTSN_TICK_MASK);
			t = emu_model_counter_to_ns(m, target);
			if (t > now_ns)
				return t;
			/* Still before @now_ns: start exactly at the edge. */
			emu_start_tx(m, e, t, emu_model_counter(m, t));
			continue;
		}
		/* The window has passed. */
		if (e->policy == LAN1QTSN_FAIL_RETRY && !e->delayed) {
			e->delayed = true;
			m->regs.fsch_delay++;
			continue;
		}
		m->regs.fsch_drop++;
		m->stats.tx_dropped_window++;
		emu_log_launch(m, e, t, tick, EMU_DROPPED);
		emu_txq_pop(m, t);
	}
	return 0;
}

/*
 * Run the oscillator, PPS and the scheduler up to @now_ns. Returns the host
 * time of the next event the caller must come back for (0: none), the next
 * PPS pulse included, so that pulses are emitted on time unread.
 */
u64 emu_model_advance(struct emu_model *m, u64 now_ns)
{
	u64 next, pps;

	emu_osc_sync(m, now_ns);
	emu_pps_advance(m, now_ns);
	next = emu_sched_advance(m, now_ns);
	pps = emu_pps_next_ns(m);
	if (pps && (!next || pps < next))
		next = pps;
	return next;
}
EXPORT_SYMBOL_IF_KUNIT(emu_model_advance);
