// SPDX-License-Identifier: GPL-2.0
/*
 * emu-check: the stream checker of the lan1qtsn emulator.
 *
 * Reads the event stream (/sys/kernel/debug/lan1qtsn_emu/events, one record
 * a line, docs/emulator.md "Event stream") from files or stdin and checks:
 *   - the stream is whole: sequence numbers 0, 1, 2, ... with no gap and
 *     no "lost" record, every line well formed;
 *   - each board's launch records number its accepted TX writes 0, 1, 2...
 *     (one decision per frame), no frame starts before it was queued;
 *   - every frame sent started inside the window it was sent in (window or
 *     delay window), every frame dropped was outside it;
 *   - with --schedule: every frame sent started in an open interval of its
 *     class in a taprio-like gate list, and fits in it whole; with several
 *     (a schedule replaced, or moved by a PHC step, while frames flowed),
 *     each board's frames follow them in the order given, switching to a
 *     later one at the first frame the current one does not hold, never
 *     back (the device's FIFO launches in the order frames were written);
 *   - with --cbs: the credit-based shaper's credit of the class, recomputed
 *     from the frames' enqueue, start and end ticks, is never negative when
 *     a frame starts (nor below locredit);
 *   - with --etf: frames of those classes start exactly at their `from`;
 *   - the cable: each frame sent is received once by the peer, in the order
 *     it was sent (per cable), after its launch, with its length;
 *   - with --counters: the board's totals in the counters file equal the
 *     stream's, counted up to the file's events_next_seq.
 * Then prints per-class statistics. Exit status 0 if nothing was violated,
 * 1 on any violation (the first ones are printed with their line), 2 on a
 * usage or input error. Plain C and libc only: it builds on the host and in
 * the test VM's initramfs.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BOARDS	64
#define TICK_MASK	((1u << 29) - 1)
#define MAX_PRIO	8
#define MAX_KV		40
#define MAX_GATES	256
#define MAX_SCHEDS	8
#define SHOW_FIRST	10
/* CBS credit unit: 1e-5 bit, so that a slope in kbit/s is units per tick. */
#define CBS_UNITS_PER_BYTE	800000LL

struct launch {
	uint64_t gseq, enq_tick, start_tick, end_tick, start_ns;
	uint32_t seq, from, to, dfrom, dto;
	unsigned int prio, policy, len;
	int verdict;		/* V_* */
	bool received, lost_on_wire;
	uint64_t rx_gseq;
	long line;
};

enum { V_WINDOW, V_DELAY, V_DROP, V_RESET, V_COUNT };
static const char *const v_names[V_COUNT] = { "window", "delay", "drop", "reset" };

enum { RX_STORED, RX_ORPHAN_FRAME, RX_ORPHAN_META, RX_DROP_DISABLED, RX_DROP_JUMBO,
	RX_DROP_FCS, RX_DROP_FULL, RX_DROP_OVERFLOW, RX_COUNT };
static const char *const rx_names[RX_COUNT] = {
	"stored", "orphan_frame", "orphan_meta", "drop_disabled", "drop_jumbo",
	"drop_fcs", "drop_full", "drop_overflow",
};

struct board {
	bool seen;
	struct launch *l;
	size_t nl, capl;
	int peer;	/* board it receives from, -1 unknown */
	uint32_t last_rx_sseq;
	bool any_rx;
	uint64_t last_rx_ns;
};

/* Every record kept compactly for the counters cross-check. */
struct rec {
	uint64_t gseq;
	int board;
	unsigned char type, verdict;
	uint64_t n;	/* pps: pulses */
};

enum { T_LAUNCH, T_RX, T_TXTS, T_PPS, T_IRQ, T_RESET, T_RXFLUSH, T_WIRELOST, T_LOST, T_COUNT };
static const char *const t_names[T_COUNT] = {
	"launch", "rx", "txts", "pps", "irq", "reset", "rxflush", "wirelost", "lost",
};

static struct board boards[MAX_BOARDS];
static struct rec *recs;
static size_t nrecs, caprecs;
static unsigned long violations;
static bool quiet;

/* Options. */
static bool opt_any_start, opt_all_in_window, opt_strict_end;
/* With --any-start: frames received that were launched before the stream. */
static unsigned long rx_before_stream;
static unsigned int opt_etf[MAX_BOARDS];	/* per board: classes that are ETF */
struct cbs {
	bool on;
	long long idle, send, hi, lo;	/* kbit/s, kbit/s, bytes, bytes */
};
static struct cbs opt_cbs[MAX_PRIO];
struct sched {
	const char *path;
	uint64_t base, cycle;
	uint64_t boards;	/* bit mask; 0 = all */
	unsigned int n;
	unsigned int mask[MAX_GATES];
	uint64_t dur[MAX_GATES];
};
static struct sched opt_scheds[MAX_SCHEDS];
static unsigned int n_scheds;
struct counters_opt {
	int board;
	const char *file;
};
static struct counters_opt opt_counters[MAX_BOARDS];
static int n_counters;

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fprintf(stderr, "emu-check: out of memory\n");
		exit(2);
	}
	return p;
}

static void __attribute__((format(printf, 2, 3)))
violation(const char *line, const char *fmt, ...)
{
	va_list ap;

	violations++;
	if (violations > SHOW_FIRST)
		return;
	printf("VIOLATION: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (line)
		printf("  at: %s", line);
	if (line && line[strlen(line) - 1] != '\n')
		printf("\n");
}

/* --- one line --------------------------------------------------------- */

struct kv {
	const char *k, *v;
};

struct parsed {
	uint64_t gseq, ns;
	int type;
	int board;
	struct kv kv[MAX_KV];
	int nkv;
};

static const char *kv_str(const struct parsed *p, const char *k)
{
	for (int i = 0; i < p->nkv; i++)
		if (!strcmp(p->kv[i].k, k))
			return p->kv[i].v;
	return NULL;
}

static bool parse_u64(const char *s, uint64_t *out, int base)
{
	char *end;

	if (!s || !*s || *s == '-')
		return false;
	errno = 0;
	*out = strtoull(s, &end, base);
	return !errno && !*end;
}

/* A field every record of the type must have. */
static bool need(const struct parsed *p, const char *k, uint64_t *out, bool *ok)
{
	const char *v = kv_str(p, k);

	if (!parse_u64(v, out, strcmp(k, "fcs") ? 10 : 16)) {
		*ok = false;
		return false;
	}
	return true;
}

static int name_index(const char *const *names, int n, const char *s)
{
	for (int i = 0; s && i < n; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

/* Splits @buf (modified) into the record; false if malformed. */
static bool parse_line(char *buf, struct parsed *p)
{
	char *tok, *save = NULL, *eq;
	uint64_t b;
	int i = 0;

	memset(p, 0, sizeof(*p));
	p->board = -1;
	for (tok = strtok_r(buf, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save), i++) {
		if (i == 0) {
			if (!parse_u64(tok, &p->gseq, 10))
				return false;
		} else if (i == 1) {
			if (!parse_u64(tok, &p->ns, 10))
				return false;
		} else if (i == 2) {
			p->type = name_index(t_names, T_COUNT, tok);
			if (p->type < 0)
				return false;
		} else {
			eq = strchr(tok, '=');
			if (!eq || p->nkv >= MAX_KV)
				return false;
			*eq = 0;
			p->kv[p->nkv].k = tok;
			p->kv[p->nkv].v = eq + 1;
			p->nkv++;
		}
	}
	if (i < 3)
		return false;
	if (kv_str(p, "b")) {
		if (!parse_u64(kv_str(p, "b"), &b, 10) || b >= MAX_BOARDS)
			return false;
		p->board = (int)b;
	} else if (p->type != T_LOST) {
		return false;
	}
	return true;
}

/* --- window arithmetic (device-spec.md section 3) ---------------------- */

static bool window_open(uint32_t t, uint32_t from, uint32_t to)
{
	return ((t - from) & TICK_MASK) <= ((to - from) & TICK_MASK);
}

static bool always_open(uint32_t from, uint32_t to)
{
	return ((from - to) & TICK_MASK) == 1;
}

/* --- records ------------------------------------------------------------ */

static void add_rec(const struct parsed *p, int verdict, uint64_t n)
{
	if (nrecs == caprecs) {
		caprecs = caprecs ? caprecs * 2 : 4096;
		recs = xrealloc(recs, caprecs * sizeof(*recs));
	}
	recs[nrecs++] = (struct rec){ p->gseq, p->board, (unsigned char)p->type,
				      (unsigned char)verdict, n };
}

static struct launch *find_launch(int board, uint32_t seq)
{
	struct board *b = &boards[board];

	/* Launch seqs are consecutive from the first one seen. */
	if (!b->nl)
		return NULL;
	uint32_t first = b->l[0].seq;

	if (seq - first >= b->nl)
		return NULL;
	return &b->l[seq - first];
}

static void do_launch(const struct parsed *p, const char *line, long lineno)
{
	struct board *b = &boards[p->board];
	uint64_t v[16];
	struct launch L = { 0 };
	bool ok = true;
	int verdict;

	need(p, "seq", &v[0], &ok);
	need(p, "prio", &v[1], &ok);
	need(p, "policy", &v[2], &ok);
	need(p, "from", &v[3], &ok);
	need(p, "to", &v[4], &ok);
	need(p, "dfrom", &v[5], &ok);
	need(p, "dto", &v[6], &ok);
	need(p, "enq_tick", &v[7], &ok);
	need(p, "start_tick", &v[8], &ok);
	need(p, "end_tick", &v[9], &ok);
	need(p, "len", &v[10], &ok);
	need(p, "start_ns", &v[11], &ok);
	verdict = name_index(v_names, V_COUNT, kv_str(p, "verdict"));
	if (!ok || verdict < 0 || v[1] >= MAX_PRIO) {
		violation(line, "malformed launch record (line %ld)", lineno);
		return;
	}
	L.gseq = p->gseq;
	L.seq = (uint32_t)v[0];
	L.prio = (unsigned int)v[1];
	L.policy = (unsigned int)v[2];
	L.from = (uint32_t)v[3] & TICK_MASK;
	L.to = (uint32_t)v[4] & TICK_MASK;
	L.dfrom = (uint32_t)v[5] & TICK_MASK;
	L.dto = (uint32_t)v[6] & TICK_MASK;
	L.enq_tick = v[7];
	L.start_tick = v[8];
	L.end_tick = v[9];
	L.len = (unsigned int)v[10];
	L.start_ns = v[11];
	L.verdict = verdict;
	L.line = lineno;

	if (b->nl && L.seq != b->l[b->nl - 1].seq + 1)
		violation(line, "board %d: launch seq %u follows %u: a frame without a decision, or two",
			  p->board, L.seq, b->l[b->nl - 1].seq);
	if (!b->nl && L.seq != 0 && !opt_any_start)
		violation(line, "board %d: first launch has seq %u, not 0", p->board, L.seq);
	if (L.start_tick < L.enq_tick)
		violation(line, "board %d seq %u: decided at tick %" PRIu64 ", before it was queued (%" PRIu64 ")",
			  p->board, L.seq, L.start_tick, L.enq_tick);
	if (L.end_tick < L.start_tick)
		violation(line, "board %d seq %u: ends before it starts", p->board, L.seq);

	uint32_t s29 = (uint32_t)L.start_tick & TICK_MASK;

	switch (verdict) {
	case V_WINDOW:
		if (!window_open(s29, L.from, L.to))
			violation(line, "board %d seq %u: started at %u outside its window %u..%u",
				  p->board, L.seq, s29, L.from, L.to);
		break;
	case V_DELAY:
		if (!window_open(s29, L.dfrom, L.dto))
			violation(line, "board %d seq %u: started at %u outside its delay window %u..%u",
				  p->board, L.seq, s29, L.dfrom, L.dto);
		if (L.policy != 1)
			violation(line, "board %d seq %u: sent in the delay window with fail_policy %u",
				  p->board, L.seq, L.policy);
		break;
	case V_DROP:
		if (L.policy == 1 ? window_open(s29, L.dfrom, L.dto) : window_open(s29, L.from, L.to))
			violation(line, "board %d seq %u: dropped at %u although its window was open",
				  p->board, L.seq, s29);
		break;
	}
	if ((verdict == V_WINDOW || verdict == V_DELAY) &&
	    (opt_etf[p->board] & (1u << L.prio)) &&
	    s29 != L.from)
		violation(line, "board %d seq %u prio %u (ETF): started at %u, requested %u (%+d ticks)",
			  p->board, L.seq, L.prio, s29, L.from, (int32_t)((s29 - L.from) << 3) >> 3);
	if (opt_all_in_window && verdict != V_WINDOW)
		violation(line, "board %d seq %u: verdict %s, every frame must start in its window",
			  p->board, L.seq, v_names[verdict]);

	if (b->nl == b->capl) {
		b->capl = b->capl ? b->capl * 2 : 1024;
		b->l = xrealloc(b->l, b->capl * sizeof(*b->l));
	}
	b->l[b->nl++] = L;
	add_rec(p, verdict, 0);
}

static void do_rx(const struct parsed *p, const char *line, long lineno, bool flush)
{
	struct board *rb = &boards[p->board];
	const char *srcs = kv_str(p, "src");
	uint64_t sseq, len = 0, src;
	bool ok = true;
	int verdict = RX_STORED;
	struct launch *L;

	need(p, "sseq", &sseq, &ok);
	if (!flush) {
		need(p, "len", &len, &ok);
		verdict = name_index(rx_names, RX_COUNT, kv_str(p, "verdict"));
	}
	if (!ok || verdict < 0 || !srcs) {
		violation(line, "malformed %s record (line %ld)", flush ? "rxflush" : "rx", lineno);
		return;
	}
	add_rec(p, verdict, 0);
	if (!strcmp(srcs, "-1") || !parse_u64(srcs, &src, 10) || src >= MAX_BOARDS) {
		violation(line, "board %d: a frame without an identity on the cable", p->board);
		return;
	}
	if (flush)
		return;
	if (rb->peer >= 0 && rb->peer != (int)src)
		violation(line, "board %d receives from board %d and from board %d", p->board,
			  rb->peer, (int)src);
	rb->peer = (int)src;
	if (rb->any_rx && (uint32_t)sseq <= rb->last_rx_sseq)
		violation(line, "cable %d -> %d: frame seq %u received after seq %u (not in wire order)",
			  (int)src, p->board, (uint32_t)sseq, rb->last_rx_sseq);
	if (rb->any_rx && p->ns < rb->last_rx_ns)
		violation(line, "cable %d -> %d: frame seq %u starts at %" PRIu64 " ns, before the previous (%" PRIu64 ")",
			  (int)src, p->board, (uint32_t)sseq, p->ns, rb->last_rx_ns);
	rb->any_rx = true;
	rb->last_rx_sseq = (uint32_t)sseq;
	rb->last_rx_ns = p->ns;
	/*
	 * --any-start: a stream opened under traffic begins with frames
	 * that were launched before its first record; their arrival is
	 * counted, not judged.
	 */
	if (opt_any_start && (!boards[src].nl || (uint32_t)sseq < boards[src].l[0].seq)) {
		rx_before_stream++;
		return;
	}
	L = find_launch((int)src, (uint32_t)sseq);
	if (!L || L->seq != (uint32_t)sseq) {
		violation(line, "board %d received board %d's frame seq %u, which was never launched",
			  p->board, (int)src, (uint32_t)sseq);
		return;
	}
	if (L->verdict != V_WINDOW && L->verdict != V_DELAY)
		violation(line, "board %d received board %d's frame seq %u, which was %s",
			  p->board, (int)src, (uint32_t)sseq, v_names[L->verdict]);
	if (L->received)
		violation(line, "board %d received board %d's frame seq %u twice", p->board,
			  (int)src, (uint32_t)sseq);
	if (L->len != len)
		violation(line, "board %d received board %d's frame seq %u with %u bytes, sent %u",
			  p->board, (int)src, (uint32_t)sseq, (unsigned int)len, L->len);
	L->received = true;
	L->rx_gseq = p->gseq;
}

static void do_wirelost(const struct parsed *p, const char *line)
{
	uint64_t seq;
	bool ok = true;
	struct launch *L;

	need(p, "seq", &seq, &ok);
	if (!ok) {
		violation(line, "malformed wirelost record");
		return;
	}
	add_rec(p, 0, 0);
	L = find_launch(p->board, (uint32_t)seq);
	if (L)
		L->lost_on_wire = true;
	else
		violation(line, "board %d: cable lost frame seq %u, which was never launched",
			  p->board, (uint32_t)seq);
}

/* --- schedule (taprio gate list) ----------------------------------------- */

static int load_schedule(const char *path)
{
	struct sched *sc = &opt_scheds[n_scheds];
	char buf[512], kw[32];
	unsigned long long a, b;
	uint64_t sum = 0;
	int n, lineno = 0;
	FILE *f;

	if (n_scheds == MAX_SCHEDS) {
		fprintf(stderr, "emu-check: at most %d schedules\n", MAX_SCHEDS);
		return -1;
	}
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "emu-check: %s: %s\n", path, strerror(errno));
		return -1;
	}
	sc->path = path;
	while (fgets(buf, sizeof(buf), f)) {
		char *c = strchr(buf, '#');

		lineno++;
		if (c)
			*c = 0;
		n = sscanf(buf, "%31s %lli %lli", kw, &a, &b);
		if (n <= 0)
			continue;
		if (!strcmp(kw, "base") && n == 2) {
			sc->base = a;
		} else if (!strcmp(kw, "cycle") && n == 2) {
			sc->cycle = a;
		} else if (!strcmp(kw, "board") && n == 2 && a < MAX_BOARDS) {
			sc->boards |= 1ULL << a;
		} else if (!strcmp(kw, "gate") && n == 3 && sc->n < MAX_GATES && b > 0 && a <= 0xff) {
			sc->mask[sc->n] = (unsigned int)a;
			sc->dur[sc->n++] = b;
			sum += b;
		} else {
			fprintf(stderr, "emu-check: %s:%d: not understood: %s", path, lineno, buf);
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	if (!sc->n) {
		fprintf(stderr, "emu-check: %s: no gate entries\n", path);
		return -1;
	}
	if (!sc->cycle)
		sc->cycle = sum;
	if (sc->cycle != sum) {
		fprintf(stderr, "emu-check: %s: cycle %" PRIu64 " but the gates last %" PRIu64 "\n",
			path, sc->cycle, sum);
		return -1;
	}
	n_scheds++;
	return 0;
}

/* Ticks the gate of @prio stays open from @t on; 0 if closed at @t. */
static uint64_t gate_open_for(const struct sched *sc, uint64_t t, unsigned int prio,
			      bool *forever)
{
	uint64_t pos = (t - sc->base) % sc->cycle, acc = 0, left;
	unsigned int i = 0, k;

	*forever = false;
	while (pos >= sc->dur[i]) {
		pos -= sc->dur[i];
		i++;
	}
	if (!(sc->mask[i] & (1u << prio)))
		return 0;
	left = sc->dur[i] - pos;
	for (k = 1; k <= sc->n; k++) {
		unsigned int j = (i + k) % sc->n;

		if (!(sc->mask[j] & (1u << prio)))
			return left + acc;
		acc += sc->dur[j];
	}
	*forever = true;
	return UINT64_MAX;
}

enum { FIT_OK, FIT_BEFORE_BASE, FIT_CLOSED, FIT_TOO_LONG };

/* Does schedule @sc hold frame @L? @open: ticks its gate stays open. */
static int sched_fit(const struct sched *sc, const struct launch *L, uint64_t *open)
{
	bool forever;

	*open = 0;
	if (L->start_tick < sc->base)
		return FIT_BEFORE_BASE;
	*open = gate_open_for(sc, L->start_tick, L->prio, &forever);
	if (!*open)
		return FIT_CLOSED;
	if (!forever && L->end_tick - L->start_tick > *open)
		return FIT_TOO_LONG;
	return FIT_OK;
}

static bool sched_applies(const struct sched *sc, int bi)
{
	return !sc->boards || (sc->boards & (1ULL << bi));
}

static void check_schedule(void)
{
	for (int bi = 0; bi < MAX_BOARDS; bi++) {
		struct board *b = &boards[bi];
		unsigned int cur = 0, k;

		while (cur < n_scheds && !sched_applies(&opt_scheds[cur], bi))
			cur++;
		if (cur == n_scheds)
			continue;
		for (size_t i = 0; i < b->nl; i++) {
			struct launch *L = &b->l[i];
			const struct sched *sc = &opt_scheds[cur];
			uint64_t open, o;
			int fit;

			if (L->verdict != V_WINDOW && L->verdict != V_DELAY)
				continue;
			fit = sched_fit(sc, L, &open);
			if (fit == FIT_OK)
				continue;
			for (k = cur + 1; k < n_scheds; k++)
				if (sched_applies(&opt_scheds[k], bi) &&
				    sched_fit(&opt_scheds[k], L, &o) == FIT_OK)
					break;
			if (k < n_scheds) {
				printf("schedule b=%d: %s from seq %u (line %ld, tick %" PRIu64 ")\n",
				       bi, opt_scheds[k].path, L->seq, L->line, L->start_tick);
				cur = k;
				continue;
			}
			if (fit == FIT_BEFORE_BASE)
				violation(NULL, "board %d seq %u (line %ld): started at tick %" PRIu64 ", before the schedule's base %" PRIu64,
					  bi, L->seq, L->line, L->start_tick, sc->base);
			else if (fit == FIT_CLOSED)
				violation(NULL, "board %d seq %u prio %u (line %ld): started at tick %" PRIu64 " while its gate was closed",
					  bi, L->seq, L->prio, L->line, L->start_tick);
			else
				violation(NULL, "board %d seq %u prio %u (line %ld): needs %" PRIu64 " ticks from %" PRIu64 ", its gate closes after %" PRIu64,
					  bi, L->seq, L->prio, L->line, L->end_tick - L->start_tick,
					  L->start_tick, open);
		}
	}
}

/* --- CBS (IEEE 802.1Q 8.6.8.2) ---------------------------------------- */

struct cbs_ev {
	uint64_t t;
	int kind;	/* 0 end, 1 enqueue, 2 start: ends first at one tick */
	struct launch *L;
};

static int cbs_cmp(const void *a, const void *b)
{
	const struct cbs_ev *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->kind - y->kind;
}

static void check_cbs_class(int bi, unsigned int prio, const struct cbs *c)
{
	struct board *b = &boards[bi];
	struct cbs_ev *ev = NULL;
	size_t n = 0, i;
	long long credit = 0, hi = c->hi * CBS_UNITS_PER_BYTE, lo = c->lo * CBS_UNITS_PER_BYTE;
	long long tol = 2 * (c->idle > 0 ? c->idle : -c->idle);
	long long min_start = LLONG_MAX;
	long waiting = 0, sending = 0;
	const struct launch *min_l = NULL;
	uint64_t t = 0;

	for (i = 0; i < b->nl; i++) {
		struct launch *L = &b->l[i];

		if (L->prio != prio || (L->verdict != V_WINDOW && L->verdict != V_DELAY))
			continue;
		ev = xrealloc(ev, (n + 3) * sizeof(*ev));
		ev[n++] = (struct cbs_ev){ L->enq_tick, 1, L };
		ev[n++] = (struct cbs_ev){ L->start_tick, 2, L };
		ev[n++] = (struct cbs_ev){ L->end_tick, 0, L };
	}
	if (!n)
		return;
	qsort(ev, n, sizeof(*ev), cbs_cmp);
	t = ev[0].t;
	for (i = 0; i < n; i++) {
		uint64_t dt = ev[i].t - t;

		if (sending) {
			credit += c->send * (long long)dt;
		} else if (waiting) {
			credit += c->idle * (long long)dt;
			if (credit > hi)
				credit = hi;
		} else if (credit < 0) {
			credit += c->idle * (long long)dt;
			if (credit > 0)
				credit = 0;
		} else {
			credit = 0;
		}
		t = ev[i].t;
		switch (ev[i].kind) {
		case 1:
			waiting++;
			break;
		case 2:
			waiting--;
			if (credit < min_start) {
				min_start = credit;
				min_l = ev[i].L;
			}
			if (credit < -tol)
				violation(NULL, "board %d prio %u (CBS) seq %u (line %ld): started at tick %" PRIu64 " with credit %.3f bytes",
					  bi, prio, ev[i].L->seq, ev[i].L->line, t,
					  (double)credit / CBS_UNITS_PER_BYTE);
			sending++;
			break;
		case 0:
			sending--;
			if (credit < lo - tol)
				violation(NULL, "board %d prio %u (CBS) seq %u (line %ld): credit %.3f bytes below locredit %lld at its end",
					  bi, prio, ev[i].L->seq, ev[i].L->line,
					  (double)credit / CBS_UNITS_PER_BYTE, c->lo);
			break;
		}
	}
	free(ev);
	/* How close the class came: a figure, also when it passed. */
	if (!quiet && min_l)
		printf("cbs b=%d prio=%u least credit at a start %.3f bytes: seq %u (line %ld)\n",
		       bi, prio, (double)min_start / CBS_UNITS_PER_BYTE,
		       min_l->seq, min_l->line);
}

/* --- the cable: every frame sent was received ---------------------------- */

static void check_cable(void)
{
	for (int bi = 0; bi < MAX_BOARDS; bi++) {
		struct board *b = &boards[bi];
		size_t last_rx = 0;
		bool any = false;

		for (size_t i = 0; i < b->nl; i++)
			if (b->l[i].received) {
				last_rx = i;
				any = true;
			}
		for (size_t i = 0; i < b->nl; i++) {
			struct launch *L = &b->l[i];

			if (L->verdict != V_WINDOW && L->verdict != V_DELAY)
				continue;
			if (L->received || L->lost_on_wire)
				continue;
			/* The stream may end while the last frames travel. */
			if ((!any || i > last_rx) && !opt_strict_end)
				continue;
			violation(NULL, "board %d seq %u (line %ld): sent at %" PRIu64 " ns, never received%s",
				  bi, L->seq, L->line, L->start_ns,
				  (!any || i > last_rx) ? " (in flight at the end of the stream)" : "");
		}
		for (size_t i = 0; i < b->nl; i++)
			if (b->l[i].received && b->l[i].rx_gseq < b->l[i].gseq)
				violation(NULL, "board %d seq %u (line %ld): received before its launch record",
					  bi, b->l[i].seq, b->l[i].line);
	}
}

/* --- counters cross-check ------------------------------------------------- */

static int check_counters(int board, const char *path, uint64_t last_gseq)
{
	FILE *f = fopen(path, "r");
	char name[64];
	unsigned long long val;
	uint64_t limit = UINT64_MAX;
	/* In the order of the stream's totals s[] below. */
	static const char *const names[] = {
		"wire_tx_frames", "tx_in_window", "tx_in_delay",
		"tx_dropped_window", "tx_dropped_reset", "wire_rx_frames",
		"rx_dropped_disabled", "rx_dropped_jumbo", "rx_dropped_fcs",
		"rx_dropped_fifo_full", "rx_dropped_reset", "irq_edges",
		"pps_pulses", "wire_alloc_failures", "fault_irq_lost",
	};
	enum { NC = sizeof(names) / sizeof(names[0]) };
	struct { uint64_t want, got; bool have; } c[NC];
	size_t nc = NC, i;
	uint64_t s[16] = { 0 };

	if (!f) {
		fprintf(stderr, "emu-check: %s: %s\n", path, strerror(errno));
		return -1;
	}
	memset(c, 0, sizeof(c));
	while (fscanf(f, "%63s %llu", name, &val) == 2) {
		if (!strcmp(name, "events_next_seq"))
			limit = val;
		for (i = 0; i < nc; i++)
			if (!strcmp(name, names[i])) {
				c[i].got = val;
				c[i].have = true;
			}
	}
	fclose(f);
	if (limit == UINT64_MAX) {
		violation(NULL, "board %d: %s has no events_next_seq", board, path);
		return 0;
	}
	if (limit && last_gseq + 1 < limit)
		violation(NULL, "board %d: the stream ends at seq %" PRIu64 ", before the counters' snapshot (%" PRIu64 ")",
			  board, last_gseq, limit - 1);
	for (size_t r = 0; r < nrecs && recs[r].gseq < limit; r++) {
		const struct rec *x = &recs[r];

		if (x->board != board)
			continue;
		switch (x->type) {
		case T_LAUNCH:
			if (x->verdict == V_WINDOW || x->verdict == V_DELAY)
				s[0]++;
			s[1 + x->verdict]++;	/* 1 window, 2 delay, 3 drop, 4 reset */
			break;
		case T_RX:
			s[5]++;
			if (x->verdict == RX_DROP_DISABLED)
				s[6]++;
			else if (x->verdict == RX_DROP_JUMBO)
				s[7]++;
			else if (x->verdict == RX_DROP_FCS)
				s[8]++;
			else if (x->verdict == RX_DROP_FULL || x->verdict == RX_DROP_OVERFLOW)
				s[9]++;
			break;
		case T_RXFLUSH:
			s[10]++;
			break;
		case T_IRQ:
			if (x->verdict == 0 || x->verdict == 2)
				s[11]++;
			else
				s[14]++;
			break;
		case T_PPS:
			s[12] += x->n;
			break;
		case T_WIRELOST:
			s[13]++;
			break;
		}
	}
	for (i = 0; i < nc; i++) {
		if (!c[i].have) {
			violation(NULL, "board %d: counter %s missing from %s", board, names[i], path);
			continue;
		}
		c[i].want = s[i];
		if (c[i].got != c[i].want)
			violation(NULL, "board %d: counter %s is %" PRIu64 ", the stream has %" PRIu64 " (up to seq %" PRIu64 ")",
				  board, names[i], c[i].got, c[i].want, limit - 1);
	}
	if (!quiet)
		printf("counters: board %d matches the stream in %zu totals up to seq %" PRIu64 "%s\n",
		       board, nc, limit - 1, violations ? " (unless listed above)" : "");
	return 0;
}

/* --- statistics ------------------------------------------------------------ */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Ticks from when the frame could start at the earliest to its start. */
static uint64_t lateness(const struct launch *L)
{
	uint32_t e29 = (uint32_t)L->enq_tick & TICK_MASK;
	uint64_t ref = L->enq_tick;

	if (!always_open(L->from, L->to) && !window_open(e29, L->from, L->to) &&
	    ((L->from - e29) & TICK_MASK) < (1u << 28))
		ref = L->enq_tick + ((L->from - e29) & TICK_MASK);
	return L->start_tick >= ref ? L->start_tick - ref : 0;
}

static void print_stats(void)
{
	for (int bi = 0; bi < MAX_BOARDS; bi++) {
		struct board *b = &boards[bi];

		for (unsigned int p = 0; p < MAX_PRIO; p++) {
			uint64_t cnt[V_COUNT] = { 0 }, bytes = 0, *late = NULL, frames = 0;
			size_t nlate = 0;

			for (size_t i = 0; i < b->nl; i++) {
				struct launch *L = &b->l[i];

				if (L->prio != p)
					continue;
				frames++;
				cnt[L->verdict]++;
				if (L->verdict == V_WINDOW || L->verdict == V_DELAY) {
					bytes += L->len;
					late = xrealloc(late, (nlate + 1) * sizeof(*late));
					late[nlate++] = lateness(L);
				}
			}
			if (!frames)
				continue;
			if (nlate)
				qsort(late, nlate, sizeof(*late), cmp_u64);
			printf("class b=%d prio=%u frames=%" PRIu64 " window=%" PRIu64 " delay=%" PRIu64
			       " dropped=%" PRIu64 " reset=%" PRIu64 " in_window_pct=%.2f bytes=%" PRIu64,
			       bi, p, frames, cnt[V_WINDOW], cnt[V_DELAY], cnt[V_DROP], cnt[V_RESET],
			       100.0 * (double)cnt[V_WINDOW] / (double)frames, bytes);
			if (nlate)
				printf(" late_min=%" PRIu64 " late_median=%" PRIu64 " late_max=%" PRIu64,
				       late[0], late[nlate / 2], late[nlate - 1]);
			printf("\n");
			free(late);
		}
	}
}

/* --- main ----------------------------------------------------------------- */

static void usage(void)
{
	fprintf(stderr,
		"usage: emu-check [options] [STREAM...]   (stdin without STREAM)\n"
		"  --schedule FILE        taprio-like gate list (docs/emulator.md); repeatable:\n"
		"                         frames follow the schedules in order, never back\n"
		"  --cbs P:IDLE:SEND:HI:LO  credit-based shaper of class P (kbit/s, kbit/s,\n"
		"                         bytes, bytes, as tc-cbs); repeatable\n"
		"  --etf [B:]P[,...]      classes whose frames must start at their `from`\n"
		"                         (B:P: class P of board B only)\n"
		"  --counters B:FILE      board B's debugfs counters, taken after the traffic\n"
		"  --all-in-window        every launch must have verdict window\n"
		"  --strict-end           no frame may still be in flight at the end\n"
		"  --any-start            the stream need not begin at sequence 0\n"
		"  -q                     no statistics\n");
	exit(2);
}

static int parse_opts(int argc, char **argv, char **files, int *nfiles)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--schedule") && i + 1 < argc) {
			if (load_schedule(argv[++i]))
				return -1;
		} else if (!strcmp(a, "--cbs") && i + 1 < argc) {
			long long v[5];
			unsigned int p;

			if (sscanf(argv[++i], "%u:%lld:%lld:%lld:%lld", &p, &v[0], &v[1], &v[2], &v[3]) != 5 ||
			    p >= MAX_PRIO || v[0] <= 0 || v[1] >= 0) {
				fprintf(stderr, "emu-check: --cbs P:IDLE:SEND:HI:LO, idleslope > 0 > sendslope\n");
				return -1;
			}
			opt_cbs[p] = (struct cbs){ true, v[0], v[1], v[2], v[3] };
		} else if (!strcmp(a, "--etf") && i + 1 < argc) {
			char *s = argv[++i], *end;

			for (;;) {
				unsigned long p = strtoul(s, &end, 10), b = 0;
				bool one_board = end != s && *end == ':';

				if (one_board) {
					b = p;
					s = end + 1;
					p = strtoul(s, &end, 10);
				}
				if (end == s || p >= MAX_PRIO || b >= MAX_BOARDS)
					usage();
				for (unsigned long k = 0; k < MAX_BOARDS; k++)
					if (!one_board || k == b)
						opt_etf[k] |= 1u << p;
				if (*end != ',')
					break;
				s = end + 1;
			}
		} else if (!strcmp(a, "--counters") && i + 1 < argc) {
			char *s = argv[++i], *colon = strchr(s, ':');

			if (!colon || n_counters >= MAX_BOARDS)
				usage();
			opt_counters[n_counters].board = atoi(s);
			opt_counters[n_counters++].file = colon + 1;
		} else if (!strcmp(a, "--all-in-window")) {
			opt_all_in_window = true;
		} else if (!strcmp(a, "--strict-end")) {
			opt_strict_end = true;
		} else if (!strcmp(a, "--any-start")) {
			opt_any_start = true;
		} else if (!strcmp(a, "-q")) {
			quiet = true;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage();
		} else if (a[0] == '-' && a[1]) {
			usage();
		} else {
			files[(*nfiles)++] = argv[i];
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	char *line = NULL, *copy = NULL;
	size_t cap = 0, ncopy = 0;
	uint64_t expect = 0, last_gseq = 0, total = 0, by_type[T_COUNT] = { 0 };
	bool started = false;
	long lineno = 0;
	char **files = xrealloc(NULL, (argc + 1) * sizeof(*files));
	int nfiles = 0, f;

	for (int i = 0; i < MAX_BOARDS; i++)
		boards[i].peer = -1;
	if (parse_opts(argc, argv, files, &nfiles))
		return 2;
	for (f = 0; f < nfiles || (f == 0 && !nfiles); f++) {
		FILE *in = nfiles ? fopen(files[f], "r") : stdin;
		ssize_t n;

		if (!in) {
			fprintf(stderr, "emu-check: %s: %s\n", files[f], strerror(errno));
			return 2;
		}
		while ((n = getline(&line, &cap, in)) > 0) {
			struct parsed p;

			lineno++;
			if (line[0] == '#' || line[0] == '\n')
				continue;
			if ((size_t)n + 1 > ncopy) {
				ncopy = n + 1;
				copy = xrealloc(copy, ncopy);
			}
			memcpy(copy, line, n + 1);
			if (!parse_line(copy, &p)) {
				violation(line, "malformed record (line %ld)", lineno);
				continue;
			}
			if (!started) {
				if (p.gseq != 0 && !opt_any_start)
					violation(line, "the stream starts at seq %" PRIu64 ", not 0 (another reader took the beginning?)",
						  p.gseq);
				started = true;
			} else if (p.gseq != expect) {
				violation(line, "sequence gap: %" PRIu64 " follows %" PRIu64 " (%" PRIu64 " records missing)",
					  p.gseq, expect - 1, p.gseq > expect ? p.gseq - expect : 0);
			}
			expect = p.gseq + 1;
			last_gseq = p.gseq;
			total++;
			by_type[p.type]++;
			if (p.board >= 0)
				boards[p.board].seen = true;
			switch (p.type) {
			case T_LAUNCH:
				do_launch(&p, line, lineno);
				break;
			case T_RX:
				do_rx(&p, line, lineno, false);
				break;
			case T_RXFLUSH:
				do_rx(&p, line, lineno, true);
				break;
			case T_WIRELOST:
				do_wirelost(&p, line);
				break;
			case T_LOST:
				violation(line, "the stream lost %s records (its reader fell behind)",
					  kv_str(&p, "n") ? kv_str(&p, "n") : "some");
				add_rec(&p, 0, 0);
				break;
			case T_PPS: {
				uint64_t n1 = 1;
				bool ok = true;

				need(&p, "n", &n1, &ok);
				add_rec(&p, 0, n1);
				break;
			}
			case T_IRQ:
				add_rec(&p, name_index((const char *const[]){ "fired", "lost", "spurious" }, 3,
						       kv_str(&p, "kind")), 0);
				break;
			default:
				add_rec(&p, 0, 0);
				break;
			}
		}
		if (in != stdin)
			fclose(in);
	}
	free(files);
	free(line);
	free(copy);
	if (!total)
		violation(NULL, "the stream is empty");

	check_cable();
	if (n_scheds)
		check_schedule();
	for (int bi = 0; bi < MAX_BOARDS; bi++)
		for (unsigned int p = 0; p < MAX_PRIO; p++)
			if (opt_cbs[p].on)
				check_cbs_class(bi, p, &opt_cbs[p]);
	for (int i = 0; i < n_counters; i++)
		if (check_counters(opt_counters[i].board, opt_counters[i].file, last_gseq))
			return 2;

	if (!quiet) {
		printf("stream: %" PRIu64 " records, seq 0..%" PRIu64 ":", total, last_gseq);
		for (int t = 0; t < T_COUNT; t++)
			printf(" %s=%" PRIu64, t_names[t], by_type[t]);
		printf("\n");
		for (int bi = 0; bi < MAX_BOARDS; bi++) {
			struct board *b = &boards[bi];
			uint64_t sent = 0, recv = 0;

			if (!b->seen)
				continue;
			for (size_t i = 0; i < b->nl; i++) {
				sent += b->l[i].verdict == V_WINDOW || b->l[i].verdict == V_DELAY;
				recv += b->l[i].received;
			}
			printf("board b=%d launches=%zu sent=%" PRIu64 " received_by_peer=%" PRIu64 " in_flight_or_lost=%" PRIu64 "\n",
			       bi, b->nl, sent, recv, sent - recv);
		}
		if (opt_any_start)
			printf("received before the stream's first launch of their board: %lu\n",
			       rx_before_stream);
		print_stats();
	}
	if (violations) {
		if (violations > SHOW_FIRST)
			printf("... and %lu more\n", violations - SHOW_FIRST);
		printf("emu-check: FAIL: %lu violation(s)\n", violations);
		return 1;
	}
	printf("emu-check: PASS\n");
	return 0;
}
