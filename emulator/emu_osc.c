// SPDX-License-Identifier: GPL-2.0
/*
 * LAN1QTSN model, the board's oscillator: the free-running 100 MHz system
 * counter with its frequency error, wander, scripted frequency steps and
 * the phase noise of the sampled counter (docs/emulator.md "Timing
 * model"). Pure code: host time (raw ns) is a parameter.
 */
#include <kunit/visibility.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/math64.h>

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
