// SPDX-License-Identifier: GPL-2.0
/*
 * LAN1QTSN model, time side: the free-running 100 MHz system counter with
 * its oscillator (frequency error, wander, scripted steps, phase noise of
 * the sampled counter), the single-FIFO launch-window scheduler with its
 * fail policies (device-spec.md section 3) and TX timestamp slots. PPS is
 * in emu_pps.c.
 *
 * The scheduler runs in "ideal" time: it works out when the hardware would
 * have started each frame, however late the caller gets to run, so launch
 * ticks do not depend on timer latency.
 */
#include <kunit/visibility.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/unaligned.h>

#include "emu_model.h"

#define EMU_PPB_ONE	1000000000U
#define EMU_NS_PER_MS	1000000ULL
/* Host ns times 1e9 + ppb is 1e10 times the ticks (10 ns per tick). */
#define EMU_TICK_SCALE	(EMU_PPB_ONE * (u64)LAN1QTSN_NS_PER_TICK)

static s32 emu_ppb_clamp(s64 ppb)
{
	return clamp_t(s64, ppb, -EMU_PPB_MAX, EMU_PPB_MAX);
}

/* The oscillator's true frequency error now: the knob plus the wander. */
static s32 emu_ppb_now(const struct emu_model *m)
{
	return emu_ppb_clamp((s64)m->cfg.freq_ppb + m->osc.wander_ppb);
}

/*
 * Ticks after @elapsed ns of a segment that started @rem / 1e10 of a tick
 * past a whole tick: exact integer arithmetic, the remainder is carried to
 * the next segment, so rebasing never loses a fraction of a tick.
 */
static u64 emu_seg_ticks(u64 rem, s32 ppb, u64 elapsed, u64 *rem_out)
{
	u32 rate = EMU_PPB_ONE + ppb;
	u64 q = div64_u64(elapsed, EMU_TICK_SCALE);
	/* r * rate < 1e10 * 1.001e9: no overflow. */
	u64 x = rem + (elapsed - q * EMU_TICK_SCALE) * rate;
	u64 t = div64_u64(x, EMU_TICK_SCALE);

	if (rem_out)
		*rem_out = x - t * EMU_TICK_SCALE;
	return q * rate + t;
}

/* The segment in force at @now_ns: the current one or one from history. */
static struct emu_osc_seg emu_seg_at(const struct emu_model *m, u64 now_ns,
				     bool *before)
{
	struct emu_osc_seg cur = {
		.ns = m->epoch_ns, .tick = m->epoch_tick,
		.rem = m->epoch_rem, .ppb = emu_ppb_now(m),
	};
	const struct emu_osc_seg *s = NULL;
	u32 i;

	*before = false;
	if (now_ns >= cur.ns)
		return cur;
	for (i = 1; i <= m->osc_hist_count; i++) {
		s = &m->osc_hist[(m->osc_hist_next + EMU_OSC_HIST - i) %
				 EMU_OSC_HIST];
		if (now_ns >= s->ns)
			return *s;
	}
	/* Before everything we know: the oldest start, clamped. */
	*before = true;
	return s ? *s : cur;
}

/* Counter value at host time @now_ns; clamps times before the epoch. */
u64 emu_model_counter(const struct emu_model *m, u64 now_ns)
{
	struct emu_osc_seg s;
	bool before;

	s = emu_seg_at(m, now_ns, &before);
	if (before)
		return s.tick;
	return s.tick + emu_seg_ticks(s.rem, s.ppb, now_ns - s.ns, NULL);
}
EXPORT_SYMBOL_IF_KUNIT(emu_model_counter);

/* The true frequency error at @now_ns (a time the model has reached). */
s32 emu_model_ppb_at(const struct emu_model *m, u64 now_ns)
{
	bool before;

	return emu_seg_at(m, now_ns, &before).ppb;
}
EXPORT_SYMBOL_IF_KUNIT(emu_model_ppb_at);

/*
 * First host time at which the counter reads @tick or more; U64_MAX when
 * that lies beyond any reachable host time.
 */
u64 emu_model_counter_to_ns(const struct emu_model *m, u64 tick)
{
	const struct emu_osc_seg *h;
	struct emu_osc_seg s = {
		.ns = m->epoch_ns, .tick = m->epoch_tick,
		.rem = m->epoch_rem, .ppb = emu_ppb_now(m),
	};
	u64 ns, lo, d, approx;
	u32 i;

	lo = m->epoch_ns;
	for (i = 1; i <= m->osc_hist_count; i++) {
		h = &m->osc_hist[(m->osc_hist_next + EMU_OSC_HIST - i) %
				 EMU_OSC_HIST];
		lo = h->ns;
		if (tick >= s.tick)
			break;
		s = *h;
	}
	ns = s.ns;
	if (tick > s.tick) {
		d = tick - s.tick;
		/* Far beyond any host time (the counter does not wrap). */
		if (d > U64_MAX / (8 * LAN1QTSN_NS_PER_TICK))
			return U64_MAX;
		approx = mul_u64_u32_div(d * LAN1QTSN_NS_PER_TICK, EMU_PPB_ONE,
					 EMU_PPB_ONE + s.ppb);
		if (approx > U64_MAX / 2 - s.ns)
			return U64_MAX;
		ns += approx;
	}
	/* That ignored the carried fraction and rounded: step to the crossing. */
	while (emu_model_counter(m, ns) < tick)
		ns++;
	while (ns > lo && emu_model_counter(m, ns - 1) >= tick)
		ns--;
	return ns;
}
EXPORT_SYMBOL_IF_KUNIT(emu_model_counter_to_ns);

/* Start a new segment at @now_ns (a later one than the current). */
static void emu_osc_rebase(struct emu_model *m, u64 now_ns)
{
	struct emu_osc_seg *h;
	u64 rem, tick;

	if (now_ns <= m->epoch_ns)
		return;
	tick = m->epoch_tick + emu_seg_ticks(m->epoch_rem, emu_ppb_now(m),
					     now_ns - m->epoch_ns, &rem);
	h = &m->osc_hist[m->osc_hist_next];
	h->ns = m->epoch_ns;
	h->tick = m->epoch_tick;
	h->rem = m->epoch_rem;
	h->ppb = emu_ppb_now(m);
	m->osc_hist_next = (m->osc_hist_next + 1) % EMU_OSC_HIST;
	if (m->osc_hist_count < EMU_OSC_HIST)
		m->osc_hist_count++;
	m->epoch_ns = now_ns;
	m->epoch_tick = tick;
	m->epoch_rem = rem;
}

static u64 emu_osc_script_ns(const struct emu_model *m)
{
	const struct emu_osc *o = &m->osc;

	if (o->script_next >= o->script_n)
		return 0;
	return o->script_t0 +
	       (u64)o->script[o->script_next].after_ms * EMU_NS_PER_MS;
}

/*
 * Apply the wander steps and scripted frequency steps due up to @now_ns,
 * each at its own host time, in order; the counter stays continuous.
 */
void emu_osc_sync(struct emu_model *m, u64 now_ns)
{
	struct emu_osc *o = &m->osc;
	u64 ts, tw;
	s64 w;

	if (now_ns <= o->synced_ns)
		return;
	o->synced_ns = now_ns;
	for (;;) {
		ts = emu_osc_script_ns(m);
		tw = o->wander_step_ppb ? o->wander_next_ns : 0;
		if (ts && ts <= now_ns && (!tw || ts <= tw)) {
			emu_osc_rebase(m, ts);
			m->cfg.freq_ppb = o->script[o->script_next++].ppb;
			o->wander_ppb = 0;
			continue;
		}
		if (!tw || tw > now_ns)
			break;
		emu_osc_rebase(m, tw);
		w = o->wander_ppb;
		if (prandom_u32_state(&o->wander_rnd) & 1)
			w += o->wander_step_ppb;
		else
			w -= o->wander_step_ppb;
		/* The total stays inside the oscillator's range. */
		w = emu_ppb_clamp(w + m->cfg.freq_ppb) - m->cfg.freq_ppb;
		o->wander_ppb = w;
		o->wander_next_ns += (u64)max(o->wander_interval_ms, 1U) *
				     EMU_NS_PER_MS;
	}
}
EXPORT_SYMBOL_IF_KUNIT(emu_osc_sync);

/* Change the oscillator error without a jump of the counter. */
void emu_model_set_freq(struct emu_model *m, s32 ppb, u64 now_ns)
{
	emu_osc_sync(m, now_ns);
	emu_osc_rebase(m, now_ns);
	m->cfg.freq_ppb = emu_ppb_clamp(ppb);
	m->osc.wander_ppb = 0;
}
EXPORT_SYMBOL_IF_KUNIT(emu_model_set_freq);

void emu_osc_seed(struct emu_model *m, u64 seed)
{
	m->osc.seed = seed;
	prandom_seed_state(&m->osc.wander_rnd, seed);
	prandom_seed_state(&m->osc.noise_rnd, seed ^ 0x6e6f697365ULL);
}
EXPORT_SYMBOL_IF_KUNIT(emu_osc_seed);

/* Start (or stop, @step_ppb 0) the random walk: first step at now + interval. */
void emu_osc_set_wander(struct emu_model *m, u32 step_ppb, u32 interval_ms,
			u64 now_ns)
{
	struct emu_osc *o = &m->osc;

	emu_osc_sync(m, now_ns);
	o->wander_step_ppb = min_t(u32, step_ppb, EMU_PPB_MAX);
	o->wander_interval_ms = max(interval_ms, 1U);
	o->wander_next_ns = max(now_ns, o->synced_ns) +
			    (u64)o->wander_interval_ms * EMU_NS_PER_MS;
}
EXPORT_SYMBOL_IF_KUNIT(emu_osc_set_wander);

/*
 * Replace the script (@append: add to it); @after_ms count from the moment
 * it was replaced (@now_ns) and must not go back.
 */
int emu_osc_set_script(struct emu_model *m, const u32 *after_ms,
		       const s32 *ppb, u32 n, bool append, u64 now_ns)
{
	struct emu_osc *o = &m->osc;
	u32 i, base = append ? o->script_n : 0;

	if (base + n > EMU_OSC_SCRIPT_MAX)
		return -E2BIG;
	for (i = 0; i < n; i++)
		if ((i && after_ms[i] < after_ms[i - 1]) ||
		    (!i && base && after_ms[0] < o->script[base - 1].after_ms) ||
		    ppb[i] < -EMU_PPB_MAX || ppb[i] > EMU_PPB_MAX)
			return -EINVAL;
	emu_osc_sync(m, now_ns);
	if (!append) {
		o->script_t0 = max(now_ns, o->synced_ns);
		o->script_next = 0;
	}
	for (i = 0; i < n; i++) {
		o->script[base + i].after_ms = after_ms[i];
		o->script[base + i].ppb = ppb[i];
	}
	o->script_n = base + n;
	/* Steps due at once (after_ms 0) apply now. */
	emu_osc_sync(m, max(now_ns, o->synced_ns) + 1);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(emu_osc_set_script);

/* The counter restarts (reset): forget its history, keep the oscillator. */
void emu_osc_reset(struct emu_model *m, u64 now_ns)
{
	emu_osc_sync(m, now_ns);
	m->epoch_ns = now_ns;
	m->epoch_tick = m->cfg.start_tick;
	m->epoch_rem = 0;
	m->osc_hist_count = 0;
	m->osc_hist_next = 0;
	m->osc.noise_last = 0;
}

/*
 * TSN_SYSCOUNT as the host samples it: with phase_noise_ns N the counter
 * is read at now + j, j uniform in [-N, N] ns, and never below the last
 * value returned (a counter does not run backwards).
 */
u64 emu_osc_sample(struct emu_model *m, u64 now_ns)
{
	u32 n = m->cfg.phase_noise_ns;
	u64 t = now_ns, v;
	s64 j;

	emu_osc_sync(m, now_ns);
	if (n) {
		j = (s64)(prandom_u32_state(&m->osc.noise_rnd) %
			  (2 * (u64)n + 1)) - n;
		t = j < 0 && (u64)-j > now_ns ? 0 : now_ns + j;
	}
	v = emu_model_counter(m, t);
	if (v < m->osc.noise_last)
		v = m->osc.noise_last;
	if (n)
		m->osc.noise_last = v;
	return v;
}
EXPORT_SYMBOL_IF_KUNIT(emu_osc_sample);

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
