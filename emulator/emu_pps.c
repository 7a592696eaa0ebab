// SPDX-License-Identifier: GPL-2.0
/*
 * LAN1QTSN model: the PPS generator (device-spec.md section 4, research
 * section 4.4). The device pulses when its counter reaches PPS_PULSE_AT and
 * then every PPS_CYCLE_1S ticks while PPS_CYCLE_1S is non-zero.
 *
 * Programming (docs/emulator.md "PPS"): a 64-bit register takes effect when
 * its _L word is written, with whatever _H holds; an 8-byte burst from _H
 * is therefore applied at once and arms once, and a lone _H write only
 * stores the upper half. Arming with a PULSE_AT the counter has already
 * passed does what the pps_late knob says (default: no pulse). A new
 * PPS_CYCLE_1S keeps the phase: the pulse already due stays where it is,
 * the new period counts from it. PULSE_AT 0 stops the generator.
 *
 * Pulses are model events: emu_model_advance() emits each one at its
 * counter value, logs it with the host time the counter reached it, and
 * returns the next pulse's host time so that the caller comes back for it.
 */
#include <kunit/visibility.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/math64.h>

#include "emu_model.h"

static void emu_pps_log(struct emu_model *m, u64 tick, u64 host_ns)
{
	struct emu_pps_rec *r;

	r = &m->pps_log[m->stats.pps_pulses % EMU_PPS_LOG_LEN];
	r->tick = tick;
	r->host_ns = host_ns;
	emu_model_event_pps(m, tick, 1, host_ns);
	m->stats.pps_pulses++;
}

/* The next pulse after @from, @cycle apart; 0 past the counter's end. */
static u64 emu_pps_step(u64 from, u64 cycle)
{
	return cycle > U64_MAX - from ? 0 : from + cycle;
}

/* Emit every pulse due up to @now_ns. */
void emu_pps_advance(struct emu_model *m, u64 now_ns)
{
	u64 cycle = m->regs.pps_cycle, cnt, missed, skip;

	if (!cycle || !m->pps_next)
		return;
	cnt = emu_model_counter(m, now_ns);
	if (m->pps_next > cnt)
		return;
	/*
	 * Only with a cycle so short that more pulses are due than the log
	 * holds: count the oldest without logging them (the log's indices
	 * show the gap).
	 */
	missed = div64_u64(cnt - m->pps_next, cycle);
	if (missed >= EMU_PPS_LOG_LEN) {
		skip = missed - EMU_PPS_LOG_LEN + 1;
		emu_model_event_pps(m, m->pps_next, skip,
				    emu_model_counter_to_ns(m, m->pps_next));
		m->stats.pps_pulses += skip;
		m->pps_next += skip * cycle;
	}
	while (m->pps_next && m->pps_next <= cnt) {
		emu_pps_log(m, m->pps_next,
			    emu_model_counter_to_ns(m, m->pps_next));
		/* A pulse past the end of the 64-bit counter never comes. */
		m->pps_next = emu_pps_step(m->pps_next, cycle);
	}
}
EXPORT_SYMBOL_IF_KUNIT(emu_pps_advance);

/* Host time of the next pulse, 0 if none is coming. */
u64 emu_pps_next_ns(const struct emu_model *m)
{
	u64 ns;

	if (!m->regs.pps_cycle || !m->pps_next)
		return 0;
	ns = emu_model_counter_to_ns(m, m->pps_next);
	return ns == U64_MAX ? 0 : ns;
}
EXPORT_SYMBOL_IF_KUNIT(emu_pps_next_ns);

/* Arm the comparator with @at at @t_ns (PULSE_AT written, or resumed). */
static void emu_pps_arm(struct emu_model *m, u64 at, u64 t_ns)
{
	u64 cnt = emu_model_counter(m, t_ns), cycle = m->regs.pps_cycle, k;

	m->pps_next = at;
	if (!at || at > cnt)
		return;
	m->stats.pps_late++;
	if (m->cfg.pps_late != EMU_PPS_LATE_SKIP &&
	    m->cfg.pps_late != EMU_PPS_LATE_ONCE) {
		/* An "==" comparator never meets a value already passed. */
		m->pps_next = 0;
		return;
	}
	/* ONCE: a ">=" comparator, the output goes high at once. */
	if (m->cfg.pps_late == EMU_PPS_LATE_ONCE)
		emu_pps_log(m, cnt, t_ns);
	/* The first pulse of the programmed grid still ahead. */
	k = cycle ? div64_u64(cnt - at, cycle) + 1 : 0;
	if (!k || k > div64_u64(U64_MAX - at, cycle))
		m->pps_next = 0;
	else
		m->pps_next = at + k * cycle;
}

/* A write to one of the four PPS words, sampled at @t_ns. */
void emu_pps_write(struct emu_model *m, u16 reg, u32 val, u64 t_ns)
{
	struct emu_regs *r = &m->regs;
	u64 old_cycle = r->pps_cycle;

	/* Pulses due before the write are emitted with the old settings. */
	emu_osc_sync(m, t_ns);
	emu_pps_advance(m, t_ns);
	switch (reg) {
	case LAN1QTSN_PPS_PULSE_AT_H:
		r->pps_pulse_at = (u64)val << 32 | lower_32_bits(r->pps_pulse_at);
		break;
	case LAN1QTSN_PPS_PULSE_AT_H + 4:
		r->pps_pulse_at = (r->pps_pulse_at & ~0xffffffffULL) | val;
		m->stats.pps_arms++;
		emu_pps_arm(m, r->pps_pulse_at, t_ns);
		break;
	case LAN1QTSN_PPS_CYCLE_1S_H:
		/* Stored; the period changes with the _L word. */
		r->pps_cycle_h = val;
		break;
	case LAN1QTSN_PPS_CYCLE_1S_H + 4:
		r->pps_cycle = (u64)r->pps_cycle_h << 32 | val;
		/*
		 * While the cycle was 0 no pulse came: a comparator value the
		 * counter passed meanwhile is late, as if written now.
		 */
		if (!old_cycle && r->pps_cycle && m->pps_next)
			emu_pps_arm(m, m->pps_next, t_ns);
		break;
	}
}
EXPORT_SYMBOL_IF_KUNIT(emu_pps_write);
