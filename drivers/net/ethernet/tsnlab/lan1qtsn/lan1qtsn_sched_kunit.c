// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the LAN1QTSN TX scheduler model (lan1qtsn_sched.c): the
 * refusals, always-open classes in arrival order and the FIFO's buffer
 * count, a closed taprio class never blocking an open one, launch order and
 * its ties, the commit horizon, ETF on time and 1 ns late and ETF frames
 * kept exact under best-effort load, CBS at 5 Mb/s beside a saturated
 * class, a window across the 2^29-tick wrap, frames that fit no interval,
 * and a randomised model check of the invariants. Each test drives the
 * model as the owner thread will: decide, write (or drop, or wait), repeat,
 * on a simulated PHC time. Pure: the host run (tests/unit/run.sh) builds it
 * too.
 */
#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/string.h>

#include "lan1qtsn_sched.h"
#include "lan1qtsn_time.h"
#include "lan1qtsn_txts.h"

/* A string here in every kernel; 6.13 made MODULE_IMPORT_NS() take one. */
MODULE_INFO(import_ns, "EXPORTED_FOR_KUNIT_TESTING");

#define T_NOW		5000000000ULL	/* PHC time at the start of a test */
#define T_FULL		1526		/* frame_length of a full VLAN frame */
#define T_MIN		64		/* frame_length of a minimum frame */
#define T_RINGS		LAN1QTSN_SCHED_NUM_RINGS
#define T_SCRIPT	128		/* scripted frames per ring */
#define T_LOG		2048		/* commits a simulation keeps */

/**
 * struct t_ring - the frames one TX ring receives in a simulation
 * @saturated: a frame is always there, arriving as the previous one goes
 * @len: the saturated frames' frame_length
 * @n: scripted frames (when not saturated)
 * @pos: the next one
 * @arrival: their arrival times
 * @flen: their frame_length
 * @launch: their launch time, 0 for none
 * @last_pop: when the previous head left the ring
 */
struct t_ring {
	bool saturated;
	unsigned int len;
	unsigned int n;
	unsigned int pos;
	u64 arrival[T_SCRIPT];
	unsigned int flen[T_SCRIPT];
	u64 launch[T_SCRIPT];
	u64 last_pop;
};

/**
 * struct t_commit - one commit a simulation saw
 * @now: decision time
 * @launch: the frame's launch time, 0 for none
 * @d: the decision
 */
struct t_commit {
	u64 now;
	u64 launch;
	struct lan1qtsn_sched_decision d;
};

/**
 * struct t_sim - a simulated owner thread
 * @s: the model
 * @ring: the rings
 * @now: the PHC time
 * @write_ns: how long a write takes before the next decision
 * @n: commits in @log
 * @log: the commits, the first T_LOG
 * @commits: commits, all
 * @drops: heads dropped
 * @popped: frames that left the rings
 * @tc_commits: commits per class
 * @tc_first: start of each class's first commit
 * @tc_last: and of its last
 */
struct t_sim {
	struct lan1qtsn_sched s;
	struct t_ring ring[T_RINGS];
	u64 now;
	u64 write_ns;
	unsigned int n;
	struct t_commit log[T_LOG];
	unsigned int commits;
	unsigned int drops;
	unsigned int popped;
	unsigned int tc_commits[LAN1QTSN_SCHED_NUM_TC];
	u64 tc_first[LAN1QTSN_SCHED_NUM_TC];
	u64 tc_last[LAN1QTSN_SCHED_NUM_TC];
};

/**
 * t_cfg() - a configuration with small latency and horizon
 * @cfg: filled in: num_tc classes, ring r in class r % num_tc, always open
 * @num_tc: classes
 */
static void t_cfg(struct lan1qtsn_sched_config *cfg, unsigned int num_tc)
{
	unsigned int r;

	lan1qtsn_sched_defaults(cfg);
	cfg->num_tc = num_tc;
	for (r = 0; r < T_RINGS; r++)
		cfg->ring_tc[r] = r % num_tc;
	cfg->latency_ns = 10000;
	cfg->horizon_ns = 1000000;
}

static void t_sim_reset(struct kunit *test, struct t_sim *sim,
			const struct lan1qtsn_sched_config *cfg);

/**
 * t_sim_new() - a simulation with the model initialised
 * @test: the test
 * @cfg: its configuration
 *
 * Return: the simulation at T_NOW, rings empty.
 */
static struct t_sim *t_sim_new(struct kunit *test,
			       const struct lan1qtsn_sched_config *cfg)
{
	struct t_sim *sim = kunit_kmalloc(test, sizeof(*sim), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, sim);
	t_sim_reset(test, sim, cfg);
	return sim;
}

/**
 * t_sim_reset() - start a simulation again
 * @test: the test
 * @sim: the simulation
 * @cfg: its configuration
 */
static void t_sim_reset(struct kunit *test, struct t_sim *sim,
			const struct lan1qtsn_sched_config *cfg)
{
	const char *msg = NULL;
	unsigned int r;

	memset(sim, 0, sizeof(*sim));
	sim->now = T_NOW;
	for (r = 0; r < T_RINGS; r++)
		sim->ring[r].last_pop = T_NOW;
	KUNIT_ASSERT_EQ_MSG(test, lan1qtsn_sched_init(&sim->s, cfg, T_NOW, &msg),
			    0, "%s", msg ? msg : "");
}

/**
 * t_add() - script a frame
 * @sim: the simulation
 * @r: its ring
 * @arrival: when it arrives
 * @len: its frame_length
 * @launch: its launch time, 0 for none
 */
static void t_add(struct t_sim *sim, unsigned int r, u64 arrival,
		  unsigned int len, u64 launch)
{
	struct t_ring *g = &sim->ring[r];

	if (g->n >= T_SCRIPT)
		return;
	g->arrival[g->n] = arrival;
	g->flen[g->n] = len;
	g->launch[g->n] = launch;
	g->n++;
}

/**
 * t_heads() - the ring heads at the simulation's time
 * @sim: the simulation
 * @h: filled in
 */
static void t_heads(const struct t_sim *sim, struct lan1qtsn_sched_head *h)
{
	unsigned int r;

	memset(h, 0, sizeof(*h) * T_RINGS);
	for (r = 0; r < T_RINGS; r++) {
		const struct t_ring *g = &sim->ring[r];

		if (g->saturated) {
			h[r].valid = true;
			h[r].frame_len = g->len;
			h[r].arrival = g->last_pop;
		} else if (g->pos < g->n && g->arrival[g->pos] <= sim->now) {
			h[r].valid = true;
			h[r].frame_len = g->flen[g->pos];
			h[r].arrival = g->arrival[g->pos];
			h[r].has_launch = g->launch[g->pos] != 0;
			h[r].launch = g->launch[g->pos];
		}
	}
}

/**
 * t_next_arrival() - the next scripted arrival after now
 * @sim: the simulation
 *
 * Return: its time, or U64_MAX.
 */
static u64 t_next_arrival(const struct t_sim *sim)
{
	u64 t = U64_MAX;
	unsigned int r;

	for (r = 0; r < T_RINGS; r++) {
		const struct t_ring *g = &sim->ring[r];

		if (!g->saturated && g->pos < g->n &&
		    g->arrival[g->pos] > sim->now)
			t = min(t, g->arrival[g->pos]);
	}
	return t;
}

/**
 * t_step() - one round of the owner thread
 * @test: the test
 * @sim: the simulation
 * @until: do not move time beyond this
 *
 * Checks what holds for every decision: a commit starts inside its
 * window, behind the previous frame, not before the write is done, and
 * its window starts within the horizon; an ETF frame starts at its launch
 * time; a wait ends in the future.
 *
 * Return: the action taken.
 */
static enum lan1qtsn_sched_action t_step(struct kunit *test,
					 struct t_sim *sim, u64 until)
{
	struct lan1qtsn_sched_head h[T_RINGS];
	struct lan1qtsn_sched_decision d;
	u64 prev_end = sim->s.port_free, t;
	struct t_ring *g;

	t_heads(sim, h);
	lan1qtsn_sched_decide(&sim->s, h, sim->now, &d);
	switch (d.action) {
	case LAN1QTSN_SCHED_COMMIT:
		g = &sim->ring[d.ring];
		KUNIT_EXPECT_TRUE(test, h[d.ring].valid);
		KUNIT_EXPECT_EQ(test, d.tc, (unsigned int)sim->s.cfg.ring_tc[d.ring]);
		/* A CBS-only class's window opens with its credit. */
		if ((sim->s.cfg.mode[d.tc] & LAN1QTSN_SCHED_CBS) &&
		    !(sim->s.cfg.mode[d.tc] & LAN1QTSN_SCHED_GATE) &&
		    !(h[d.ring].has_launch &&
		      (sim->s.cfg.mode[d.tc] & LAN1QTSN_SCHED_ETF)))
			KUNIT_EXPECT_LE(test, d.from, d.start);
		else
			KUNIT_EXPECT_EQ(test, d.start, d.from);
		KUNIT_EXPECT_EQ(test, d.end,
				d.start + lan1qtsn_txts_wire_ns(d.frame_len));
		KUNIT_EXPECT_GE(test, d.start, prev_end);
		KUNIT_EXPECT_GE(test, d.start, sim->now + sim->s.cfg.latency_ns);
		KUNIT_EXPECT_LE(test, d.from, sim->now + sim->s.cfg.horizon_ns);
		KUNIT_EXPECT_TRUE(test, d.to == LAN1QTSN_SCHED_NO_END ||
				  d.to >= d.from);
		if (h[d.ring].has_launch &&
		    (sim->s.cfg.mode[d.tc] & LAN1QTSN_SCHED_ETF))
			KUNIT_EXPECT_EQ(test, d.start, h[d.ring].launch);
		if (sim->n < T_LOG) {
			sim->log[sim->n].now = sim->now;
			sim->log[sim->n].launch = h[d.ring].launch;
			sim->log[sim->n].d = d;
			sim->n++;
		}
		sim->commits++;
		if (!sim->tc_commits[d.tc]++)
			sim->tc_first[d.tc] = d.start;
		sim->tc_last[d.tc] = d.start;
		lan1qtsn_sched_commit(&sim->s, &d);
		sim->now += sim->write_ns;
		break;
	case LAN1QTSN_SCHED_DROP_NEVER:
	case LAN1QTSN_SCHED_DROP_LATE:
		g = &sim->ring[d.ring];
		KUNIT_EXPECT_TRUE(test, h[d.ring].valid);
		sim->drops++;
		break;
	case LAN1QTSN_SCHED_WAIT:
		KUNIT_EXPECT_GT(test, d.wait_until, sim->now);
		t = min(min(d.wait_until, t_next_arrival(sim)), until);
		sim->now = max(t, sim->now + 1);
		return d.action;
	default:
		t = min(t_next_arrival(sim), until);
		sim->now = max(t, sim->now + 1);
		return d.action;
	}
	g->last_pop = sim->now;
	if (!g->saturated)
		g->pos++;
	sim->popped++;
	return d.action;
}

/**
 * t_done() - has every scripted frame left, with no saturated ring?
 * @sim: the simulation
 *
 * Return: true if nothing is left to do.
 */
static bool t_done(const struct t_sim *sim)
{
	unsigned int r;

	for (r = 0; r < T_RINGS; r++)
		if (sim->ring[r].saturated || sim->ring[r].pos < sim->ring[r].n)
			return false;
	return true;
}

/**
 * t_run() - run the simulation
 * @test: the test
 * @sim: the simulation
 * @until: until this PHC time, or until every scripted frame has left
 */
static void t_run(struct kunit *test, struct t_sim *sim, u64 until)
{
	unsigned int guard = 0;

	while (sim->now < until && guard++ < 2000000 && !t_done(sim))
		t_step(test, sim, until);
	KUNIT_EXPECT_LT(test, guard, 2000000U);
}

/**
 * t_refused() - expect lan1qtsn_sched_check() to refuse @cfg
 * @test: the test
 * @cfg: the configuration
 * @what: a part of the expected message
 */
static void t_refused(struct kunit *test,
		      const struct lan1qtsn_sched_config *cfg, const char *what)
{
	const char *msg = NULL;

	KUNIT_EXPECT_EQ_MSG(test, lan1qtsn_sched_check(cfg, &msg), -EINVAL,
			    "%s", what);
	KUNIT_EXPECT_TRUE_MSG(test, msg && strstr(msg, what), "%s: %s", what,
			      msg ? msg : "no message");
}

static void t_gate_into(struct kunit *test, struct lan1qtsn_gate_sched *g,
			const struct lan1qtsn_gate_entry *e, unsigned int n,
			u64 cycle, u64 base);

/**
 * t_gate() - compile a schedule for classes with one queue each
 * @test: the test
 * @e: the entries
 * @n: how many
 * @cycle: the cycle, ns
 * @base: the base time
 *
 * Return: the compiled schedule.
 */
static struct lan1qtsn_gate_sched *t_gate(struct kunit *test,
					  const struct lan1qtsn_gate_entry *e,
					  unsigned int n, u64 cycle, u64 base)
{
	struct lan1qtsn_gate_sched *g = kunit_kzalloc(test, sizeof(*g),
						      GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, g);
	t_gate_into(test, g, e, n, cycle, base);
	return g;
}

/**
 * t_gate_into() - compile a schedule into @g
 * @test: the test
 * @g: where
 * @e: the entries
 * @n: how many
 * @cycle: the cycle, ns
 * @base: the base time
 */
static void t_gate_into(struct kunit *test, struct lan1qtsn_gate_sched *g,
			const struct lan1qtsn_gate_entry *e, unsigned int n,
			u64 cycle, u64 base)
{
	struct lan1qtsn_gate_config gc = {
		.base_time = base,
		.cycle_time = cycle,
		.num_tc = LAN1QTSN_GATE_NUM_TC,
		.num_entries = n,
		.entries = e,
	};
	const char *msg = NULL;
	unsigned int tc;

	for (tc = 0; tc < LAN1QTSN_GATE_NUM_TC; tc++)
		gc.tc_queues[tc] = 1;
	KUNIT_ASSERT_EQ_MSG(test, lan1qtsn_gate_compile(&gc, T_NOW, g, &msg), 0,
			    "%s", msg ? msg : "");
}

/**
 * t_in_gate() - does a committed frame lie inside an open interval?
 * @g: the schedule
 * @d: the commit
 *
 * Return: true if the class is open at every entry boundary from the
 * frame's start to its end (checked by the gate layer's window search
 * from the start, which must find the start itself).
 */
static bool t_in_gate(const struct lan1qtsn_gate_sched *g,
		      const struct lan1qtsn_sched_decision *d)
{
	struct lan1qtsn_gate_window w;

	if (!(lan1qtsn_gate_mask_at(g, d->start) & BIT(d->tc)))
		return false;
	if (!lan1qtsn_gate_next_window(g, d->tc, d->end - d->start, d->start,
				       &w))
		return false;
	return w.start == d->start && d->end <= w.end &&
	       (d->to == LAN1QTSN_SCHED_NO_END || d->to + (d->end - d->start) <= w.end);
}

static void lan1qtsn_sched_test_check(struct kunit *test)
{
	static const struct lan1qtsn_gate_entry e[] = { { 0, 0x1, 100000 } };
	struct lan1qtsn_gate_sched *g = t_gate(test, e, 1, 100000, T_NOW);
	struct lan1qtsn_sched_config cfg;
	const char *msg = NULL;

	t_cfg(&cfg, 2);
	KUNIT_EXPECT_EQ(test, lan1qtsn_sched_check(&cfg, &msg), 0);
	lan1qtsn_sched_defaults(&cfg);
	KUNIT_EXPECT_EQ(test, lan1qtsn_sched_check(&cfg, &msg), 0);

	t_cfg(&cfg, 2);
	cfg.num_tc = 0;
	t_refused(test, &cfg, "num_tc");
	cfg.num_tc = 9;
	t_refused(test, &cfg, "num_tc");
	t_cfg(&cfg, 2);
	cfg.ring_tc[7] = 2;
	t_refused(test, &cfg, "maps to a traffic class");
	t_cfg(&cfg, 2);
	cfg.mode[2] = LAN1QTSN_SCHED_CBS;
	t_refused(test, &cfg, "unknown traffic class");
	t_cfg(&cfg, 2);
	cfg.mode[0] = BIT(5);
	t_refused(test, &cfg, "unknown traffic class");
	t_cfg(&cfg, 2);
	cfg.mode[1] = LAN1QTSN_SCHED_GATE;
	t_refused(test, &cfg, "taprio schedule");
	cfg.gate = g;
	KUNIT_EXPECT_EQ(test, lan1qtsn_sched_check(&cfg, &msg), 0);
	cfg.mode[1] |= LAN1QTSN_SCHED_ETF;
	t_refused(test, &cfg, "txtime-assist");
	t_cfg(&cfg, 2);
	cfg.mode[1] = LAN1QTSN_SCHED_CBS;
	cfg.cbs[1].idleslope = 5000;
	cfg.cbs[1].sendslope = 5000 - 1000000;
	t_refused(test, &cfg, "sendslope");
	t_cfg(&cfg, 2);
	cfg.buffers = 0;
	t_refused(test, &cfg, "buffer count");
	cfg.buffers = LAN1QTSN_SCHED_MAX_BUFFERS + 1;
	t_refused(test, &cfg, "buffer count");
	t_cfg(&cfg, 2);
	cfg.horizon_ns = cfg.latency_ns;
	t_refused(test, &cfg, "horizon");
	cfg.horizon_ns = LAN1QTSN_SCHED_HORIZON_NS_MAX + 1;
	t_refused(test, &cfg, "horizon");
}

/* Always-open classes: one FIFO by arrival; the buffer count holds. */
static void lan1qtsn_sched_test_fifo(struct kunit *test)
{
	struct lan1qtsn_sched_config cfg;
	u64 wire = lan1qtsn_txts_wire_ns(T_FULL), t;
	struct lan1qtsn_sched_head h[T_RINGS];
	struct lan1qtsn_sched_decision d;
	struct t_sim *sim;
	unsigned int i;

	t_cfg(&cfg, 1);
	cfg.buffers = 2;
	sim = t_sim_new(test, &cfg);
	t_add(sim, 3, T_NOW - 30, T_FULL, 0);
	t_add(sim, 0, T_NOW - 50, T_FULL, 0);
	t_add(sim, 5, T_NOW - 40, T_FULL, 0);
	t_add(sim, 0, T_NOW - 10, T_FULL, 0);

	/* Oldest first, whatever its ring or class, back to back. */
	KUNIT_EXPECT_EQ(test, t_step(test, sim, U64_MAX), LAN1QTSN_SCHED_COMMIT);
	KUNIT_EXPECT_EQ(test, t_step(test, sim, U64_MAX), LAN1QTSN_SCHED_COMMIT);
	KUNIT_ASSERT_EQ(test, sim->n, 2U);
	KUNIT_EXPECT_EQ(test, sim->log[0].d.ring, 0U);
	KUNIT_EXPECT_EQ(test, sim->log[1].d.ring, 5U);
	KUNIT_EXPECT_TRUE(test, sim->log[0].d.open);
	KUNIT_EXPECT_EQ(test, sim->log[0].d.to, LAN1QTSN_SCHED_NO_END);
	KUNIT_EXPECT_EQ(test, sim->log[0].d.start, T_NOW + cfg.latency_ns);
	KUNIT_EXPECT_EQ(test, sim->log[1].d.start, sim->log[0].d.end);
	KUNIT_EXPECT_EQ(test, lan1qtsn_sched_port_free(&sim->s, T_NOW),
			T_NOW + cfg.latency_ns + 2 * wire);

	/* Two buffers, both in use: wait for the first frame's end. */
	KUNIT_EXPECT_EQ(test, lan1qtsn_sched_room(&sim->s, sim->now), 0U);
	t_heads(sim, h);
	lan1qtsn_sched_decide(&sim->s, h, sim->now, &d);
	KUNIT_EXPECT_EQ(test, d.action, LAN1QTSN_SCHED_WAIT);
	KUNIT_EXPECT_EQ(test, d.wait_until, sim->log[0].d.end);
	KUNIT_EXPECT_EQ(test, lan1qtsn_sched_room(&sim->s, d.wait_until), 1U);
	sim->now = d.wait_until;
	KUNIT_EXPECT_EQ(test, t_step(test, sim, U64_MAX), LAN1QTSN_SCHED_COMMIT);
	KUNIT_EXPECT_EQ(test, sim->log[2].d.ring, 3U);
	KUNIT_EXPECT_EQ(test, sim->log[2].d.start, sim->log[1].d.end);

	/* Empty port again later: the next frame starts after the latency. */
	t = T_NOW + 10000000;
	sim->now = t;
	KUNIT_EXPECT_EQ(test, t_step(test, sim, U64_MAX), LAN1QTSN_SCHED_COMMIT);
	KUNIT_EXPECT_EQ(test, sim->log[3].d.start, t + cfg.latency_ns);
	KUNIT_EXPECT_EQ(test, t_step(test, sim, t + 1), LAN1QTSN_SCHED_IDLE);
	for (i = 0; i < LAN1QTSN_SCHED_NUM_TC; i++)
		KUNIT_EXPECT_EQ(test, sim->s.stats[i].dropped_never +
				sim->s.stats[i].dropped_late, 0ULL);
	KUNIT_EXPECT_EQ(test, sim->s.stats[0].committed, 4ULL);
}

/*
 * Two classes, a 50/50 gate, both saturated with full frames: every frame
 * inside its class's interval, neither class starved.
 */
static void lan1qtsn_sched_test_gate_5050(struct kunit *test)
{
	static const struct lan1qtsn_gate_entry e[] = {
		{ 0, 0x1, 500000 }, { 0, 0x2, 500000 },
	};
	struct lan1qtsn_sched_config cfg;
	u64 last[2] = { 0, 0 }, gap[2] = { 0, 0 };
	unsigned int i, n[2] = { 0, 0 };
	struct t_sim *sim;

	t_cfg(&cfg, 2);
	cfg.gate = t_gate(test, e, 2, 1000000, T_NOW);
	cfg.mode[0] = LAN1QTSN_SCHED_GATE;
	cfg.mode[1] = LAN1QTSN_SCHED_GATE;
	cfg.ring_tc[1] = 1;
	sim = t_sim_new(test, &cfg);
	sim->write_ns = 20000;
	sim->ring[0].saturated = true;
	sim->ring[0].len = T_FULL;
	sim->ring[1].saturated = true;
	sim->ring[1].len = T_FULL;
	t_run(test, sim, T_NOW + 200000000);

	KUNIT_ASSERT_GT(test, sim->n, 1000U);
	for (i = 0; i < sim->n; i++) {
		const struct lan1qtsn_sched_decision *d = &sim->log[i].d;

		KUNIT_EXPECT_TRUE_MSG(test, t_in_gate(cfg.gate, d),
				      "commit %u tc %u start %llu", i, d->tc,
				      d->start);
		KUNIT_EXPECT_FALSE(test, d->open);
		if (last[d->tc])
			gap[d->tc] = max(gap[d->tc], d->start - last[d->tc]);
		last[d->tc] = d->start;
		n[d->tc]++;
	}
	/* 4 full frames fit an interval: each class gets its 4 per cycle. */
	KUNIT_EXPECT_LE(test, n[0] > n[1] ? n[0] - n[1] : n[1] - n[0], 4U);
	for (i = 0; i < 2; i++) {
		/* No class waits a whole cycle between two frames. */
		KUNIT_EXPECT_LE(test, gap[i], 1000000ULL);
		KUNIT_EXPECT_EQ(test, sim->s.stats[i].dropped_never, 0ULL);
	}
}

/* Launch order across classes; ties by class, then arrival. */
static void lan1qtsn_sched_test_order(struct kunit *test)
{
	/* From T_NOW + 100 us: TC 2 opens first, then TC 1, then TC 0. */
	static const struct lan1qtsn_gate_entry e[] = {
		{ 0, 0x08, 100000 }, { 0, 0x04, 100000 }, { 0, 0x02, 100000 },
		{ 0, 0x01, 100000 },
	};
	struct lan1qtsn_sched_config cfg;
	struct t_sim *sim;
	unsigned int i;

	t_cfg(&cfg, 4);
	cfg.gate = t_gate(test, e, 4, 400000, T_NOW);
	cfg.mode[0] = LAN1QTSN_SCHED_GATE;
	cfg.mode[1] = LAN1QTSN_SCHED_GATE;
	cfg.mode[2] = LAN1QTSN_SCHED_GATE;
	sim = t_sim_new(test, &cfg);
	/* Arrivals in the reverse order of the windows. */
	t_add(sim, 0, T_NOW - 300, T_MIN, 0);
	t_add(sim, 1, T_NOW - 200, T_MIN, 0);
	t_add(sim, 2, T_NOW - 100, T_MIN, 0);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, t_step(test, sim, U64_MAX),
				LAN1QTSN_SCHED_COMMIT);
	KUNIT_ASSERT_EQ(test, sim->n, 3U);
	KUNIT_EXPECT_EQ(test, sim->log[0].d.tc, 2U);
	KUNIT_EXPECT_EQ(test, sim->log[0].d.from, T_NOW + 100000);
	KUNIT_EXPECT_EQ(test, sim->log[0].d.to, T_NOW + 200000 -
			lan1qtsn_txts_wire_ns(T_MIN));
	KUNIT_EXPECT_EQ(test, sim->log[1].d.tc, 1U);
	KUNIT_EXPECT_EQ(test, sim->log[1].d.from, T_NOW + 200000);
	KUNIT_EXPECT_EQ(test, sim->log[2].d.tc, 0U);
	KUNIT_EXPECT_EQ(test, sim->log[2].d.from, T_NOW + 300000);

	/* Same start (always open): the higher class first, then arrival. */
	t_cfg(&cfg, 4);
	cfg.ring_tc[4] = 0;
	cfg.ring_tc[5] = 3;
	cfg.ring_tc[6] = 3;
	sim = t_sim_new(test, &cfg);
	t_add(sim, 4, T_NOW - 300, T_MIN, 0);	/* TC 0, oldest */
	t_add(sim, 6, T_NOW - 100, T_MIN, 0);	/* TC 3 */
	t_add(sim, 5, T_NOW - 200, T_MIN, 0);	/* TC 3, older */
	/*
	 * Every always-open head can start when the port is free: strict
	 * priority, as mqprio's classes, then arrival within a class.
	 */
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, t_step(test, sim, U64_MAX),
				LAN1QTSN_SCHED_COMMIT);
	KUNIT_ASSERT_EQ(test, sim->n, 3U);
	KUNIT_EXPECT_EQ(test, sim->log[0].d.ring, 5U);
	KUNIT_EXPECT_EQ(test, sim->log[1].d.ring, 6U);
	KUNIT_EXPECT_EQ(test, sim->log[2].d.ring, 4U);

	/* Two CBS classes with credit, same earliest start: TC 3 first. */
	t_cfg(&cfg, 4);
	cfg.mode[0] = LAN1QTSN_SCHED_CBS;
	cfg.mode[3] = LAN1QTSN_SCHED_CBS;
	cfg.cbs[0] = (struct lan1qtsn_cbs_params){ 50000, -50000, 3000, -3000 };
	cfg.cbs[3] = cfg.cbs[0];
	sim = t_sim_new(test, &cfg);
	t_add(sim, 0, T_NOW - 300, T_MIN, 0);
	t_add(sim, 3, T_NOW - 100, T_MIN, 0);
	KUNIT_EXPECT_EQ(test, t_step(test, sim, U64_MAX), LAN1QTSN_SCHED_COMMIT);
	KUNIT_ASSERT_EQ(test, sim->n, 1U);
	KUNIT_EXPECT_EQ(test, sim->log[0].d.tc, 3U);
	KUNIT_EXPECT_FALSE(test, sim->log[0].d.open);
}

/* The commit horizon: a far window waits, an open class goes meanwhile. */
static void lan1qtsn_sched_test_horizon(struct kunit *test)
{
	/* TC 1 opens 5 ms into a 10 ms cycle, for 1 ms; TC 0 always. */
	static const struct lan1qtsn_gate_entry e[] = {
		{ 0, 0x1, 5000000 }, { 0, 0x3, 1000000 }, { 0, 0x1, 4000000 },
	};
	struct lan1qtsn_sched_config cfg;
	struct lan1qtsn_sched_head h[T_RINGS];
	struct lan1qtsn_sched_decision d;
	struct t_sim *sim;
	unsigned int i, first1 = 0, before1 = 0;

	t_cfg(&cfg, 2);
	cfg.gate = t_gate(test, e, 3, 10000000, T_NOW);
	cfg.mode[1] = LAN1QTSN_SCHED_GATE;
	sim = t_sim_new(test, &cfg);
	t_add(sim, 1, T_NOW, T_FULL, 0);
	t_heads(sim, h);
	lan1qtsn_sched_decide(&sim->s, h, T_NOW, &d);
	KUNIT_EXPECT_EQ(test, d.action, LAN1QTSN_SCHED_WAIT);
	KUNIT_EXPECT_EQ(test, d.wait_until, T_NOW + 5000000 - cfg.horizon_ns);
	/* One ns earlier still waits, at that time it commits. */
	lan1qtsn_sched_decide(&sim->s, h, d.wait_until - 1, &d);
	KUNIT_EXPECT_EQ(test, d.action, LAN1QTSN_SCHED_WAIT);
	lan1qtsn_sched_decide(&sim->s, h, d.wait_until, &d);
	KUNIT_EXPECT_EQ(test, d.action, LAN1QTSN_SCHED_COMMIT);
	KUNIT_EXPECT_EQ(test, d.from, T_NOW + 5000000);

	/* With an open class saturated beside it. */
	sim = t_sim_new(test, &cfg);
	sim->write_ns = 20000;
	t_add(sim, 1, T_NOW, T_FULL, 0);
	sim->ring[0].saturated = true;
	sim->ring[0].len = T_FULL;
	t_run(test, sim, T_NOW + 8000000);
	for (i = 0; i < sim->n; i++) {
		if (sim->log[i].d.tc == 1) {
			first1 = i;
			break;
		}
		before1++;
	}
	KUNIT_ASSERT_LT(test, first1, sim->n);
	KUNIT_EXPECT_GT(test, before1, 0U);
	/*
	 * Not committed before the horizon; then it goes at the opening, or
	 * right after the open class's frame that was already under way (the
	 * open class has no gate that would keep the opening free).
	 */
	KUNIT_EXPECT_GE(test, sim->log[first1].now + cfg.horizon_ns,
			sim->log[first1].d.from);
	KUNIT_EXPECT_GE(test, sim->log[first1].d.start, T_NOW + 5000000);
	KUNIT_EXPECT_LE(test, sim->log[first1].d.start,
			T_NOW + 5000000 + lan1qtsn_txts_wire_ns(T_FULL));
	KUNIT_EXPECT_EQ(test, sim->s.stats[1].committed, 1ULL);
	/* The open class blocked behind it for at most the horizon. */
	for (i = 1; i < sim->n; i++)
		KUNIT_EXPECT_LE(test, sim->log[i].d.start - sim->log[i - 1].d.end,
				cfg.horizon_ns);
}

/* ETF: exactly on time goes, 1 ns late is dropped; exact under load. */
static void lan1qtsn_sched_test_etf(struct kunit *test)
{
	struct lan1qtsn_sched_config cfg;
	struct lan1qtsn_sched_head h[T_RINGS] = { };
	struct lan1qtsn_sched_decision d;
	struct t_sim *sim;
	unsigned int i, etf = 0, be = 0;
	u64 t;

	t_cfg(&cfg, 2);
	cfg.mode[1] = LAN1QTSN_SCHED_ETF;
	sim = t_sim_new(test, &cfg);
	h[1].valid = true;
	h[1].frame_len = T_MIN;
	h[1].has_launch = true;
	h[1].launch = T_NOW + cfg.latency_ns;
	lan1qtsn_sched_decide(&sim->s, h, T_NOW, &d);
	KUNIT_EXPECT_EQ(test, d.action, LAN1QTSN_SCHED_COMMIT);
	KUNIT_EXPECT_EQ(test, d.from, h[1].launch);
	KUNIT_EXPECT_EQ(test, d.to, h[1].launch);
	KUNIT_EXPECT_EQ(test, d.start, h[1].launch);
	KUNIT_EXPECT_FALSE(test, d.open);
	/* 1 ns late: dropped and counted. */
	lan1qtsn_sched_decide(&sim->s, h, T_NOW + 1, &d);
	KUNIT_EXPECT_EQ(test, d.action, LAN1QTSN_SCHED_DROP_LATE);
	KUNIT_EXPECT_EQ(test, d.ring, 1U);
	KUNIT_EXPECT_EQ(test, sim->s.stats[1].dropped_late, 1ULL);
	/* Behind a committed frame: late if it would start under it. */
	lan1qtsn_sched_decide(&sim->s, h, T_NOW, &d);
	lan1qtsn_sched_commit(&sim->s, &d);
	h[1].launch = d.end - 1;
	lan1qtsn_sched_decide(&sim->s, h, T_NOW, &d);
	KUNIT_EXPECT_EQ(test, d.action, LAN1QTSN_SCHED_DROP_LATE);
	h[1].launch++;
	lan1qtsn_sched_decide(&sim->s, h, T_NOW, &d);
	KUNIT_EXPECT_EQ(test, d.action, LAN1QTSN_SCHED_COMMIT);
	/* No launch time on an ETF class: sent as always open. */
	h[1].has_launch = false;
	lan1qtsn_sched_decide(&sim->s, h, T_NOW, &d);
	KUNIT_EXPECT_EQ(test, d.action, LAN1QTSN_SCHED_COMMIT);
	KUNIT_EXPECT_TRUE(test, d.open);

	/* One frame a ms, 2 ms lead, beside saturated best effort. */
	sim = t_sim_new(test, &cfg);
	sim->write_ns = 20000;
	sim->ring[0].saturated = true;
	sim->ring[0].len = T_FULL;
	for (i = 0; i < 100; i++) {
		t = T_NOW + (u64)i * 1000000 + 777;
		t_add(sim, 1, t, 200 + i * 13, t + 2000000);
	}
	t_run(test, sim, T_NOW + 105000000);
	for (i = 0; i < sim->n; i++) {
		if (sim->log[i].d.tc == 1) {
			KUNIT_EXPECT_EQ(test, sim->log[i].d.start,
					sim->log[i].launch);
			etf++;
		} else {
			be++;
		}
	}
	KUNIT_EXPECT_EQ(test, etf, 100U);
	KUNIT_EXPECT_EQ(test, sim->s.stats[1].dropped_late, 0ULL);
	/*
	 * Best effort keeps most of the wire (the ETF frames take 7 %, and
	 * the port idles up to a full frame before each launch time).
	 */
	KUNIT_EXPECT_GE(test, be * lan1qtsn_txts_wire_ns(T_FULL), 80000000ULL);
}

/* CBS at 5 Mb/s beside a saturated best-effort class. */
static void lan1qtsn_sched_test_cbs(struct kunit *test)
{
	struct lan1qtsn_sched_config cfg;
	u64 wire = lan1qtsn_txts_wire_ns(T_FULL), period, span, n;
	struct t_sim *sim;
	unsigned int i;

	t_cfg(&cfg, 2);
	cfg.mode[1] = LAN1QTSN_SCHED_CBS;
	/* 802.1Q Annex L: hicredit from one BE frame, locredit from one own. */
	cfg.cbs[1] = (struct lan1qtsn_cbs_params){ 5000, -95000, 77, -1467 };
	cfg.latency_ns = LAN1QTSN_SCHED_LATENCY_NS_DEFAULT;
	cfg.horizon_ns = LAN1QTSN_SCHED_HORIZON_NS_DEFAULT;
	sim = t_sim_new(test, &cfg);
	sim->write_ns = 50000;
	for (i = 0; i < 2; i++) {
		sim->ring[i].saturated = true;
		sim->ring[i].len = T_FULL;
	}
	t_run(test, sim, T_NOW + 1000000000ULL);
	/* A full frame every 20 wire times: 2473.6 us at 5 Mb/s. */
	period = 20 * wire;
	span = sim->tc_last[1] - sim->tc_first[1];
	n = sim->tc_commits[1] - 1;
	KUNIT_EXPECT_GT(test, n, 350ULL);
	KUNIT_EXPECT_LE(test, n * period, span + period);
	KUNIT_EXPECT_GE(test, n * period + period, span);
	/* Best effort has the rest: 95 % of the wire, within two frames. */
	KUNIT_EXPECT_GE(test, (u64)sim->tc_commits[0] * wire + n * wire +
			2 * wire + cfg.latency_ns, 1000000000ULL - 2 * wire);
	KUNIT_EXPECT_GE(test, sim->s.cbs[1].credit, sim->s.cbs[1].locredit);
	KUNIT_EXPECT_LE(test, sim->s.cbs[1].credit, sim->s.cbs[1].hicredit);
}

/* A gate window across the 2^29-tick wrap, through lan1qtsn_time. */
static void lan1qtsn_sched_test_wrap(struct kunit *test)
{
	static const struct lan1qtsn_gate_entry e[] = {
		{ 0, 0x1, 150000 }, { 0, 0x2, 50000 },
	};
	struct lan1qtsn_sched_config cfg;
	struct lan1qtsn_timescale ts;
	struct lan1qtsn_sched_head h[T_RINGS] = { };
	struct lan1qtsn_sched_decision d;
	struct t_sim *sim;
	u64 cnt_wrap = 7 * BIT_ULL(29), now = T_NOW + 160000;
	u32 from29, to29;

	t_cfg(&cfg, 2);
	cfg.gate = t_gate(test, e, 2, 200000, T_NOW);
	cfg.mode[0] = LAN1QTSN_SCHED_GATE;
	sim = t_sim_new(test, &cfg);
	h[0].valid = true;
	h[0].frame_len = T_FULL;
	h[0].arrival = now;
	lan1qtsn_sched_decide(&sim->s, h, now, &d);
	KUNIT_ASSERT_EQ(test, d.action, LAN1QTSN_SCHED_COMMIT);
	KUNIT_EXPECT_EQ(test, d.from, T_NOW + 200000);
	/* The counter wraps its 29 bits 10 us into the window. */
	lan1qtsn_time_init(&ts, cnt_wrap - 1000, d.from);
	from29 = lan1qtsn_time_tick29(&ts, d.from);
	to29 = lan1qtsn_time_tick29(&ts, d.to);
	KUNIT_EXPECT_GT(test, from29, to29);
	KUNIT_EXPECT_EQ(test, (u64)((to29 - from29) & LAN1QTSN_TICK_MASK),
			div64_u64(d.to - d.from, LAN1QTSN_NS_PER_TICK));
	KUNIT_EXPECT_TRUE(test, lan1qtsn_time_window_future(from29,
							    cnt_wrap - 1000 - 1));
}

/* Frames no interval takes are dropped and counted, not kept. */
static void lan1qtsn_sched_test_never(struct kunit *test)
{
	/* TC 1 never opens; TC 0 only for 20 us. */
	static const struct lan1qtsn_gate_entry e[] = {
		{ 0, 0x1, 20000 }, { 0, 0x4, 180000 },
	};
	struct lan1qtsn_sched_config cfg;
	struct t_sim *sim;

	t_cfg(&cfg, 3);
	cfg.gate = t_gate(test, e, 2, 200000, T_NOW);
	cfg.mode[0] = LAN1QTSN_SCHED_GATE;
	cfg.mode[1] = LAN1QTSN_SCHED_GATE;
	cfg.ring_tc[2] = 0;
	sim = t_sim_new(test, &cfg);
	t_add(sim, 1, T_NOW, T_MIN, 0);		/* TC 1: never open */
	t_add(sim, 0, T_NOW, T_FULL, 0);	/* TC 0: 123.68 us > 20 us */
	t_add(sim, 0, T_NOW, T_MIN, 0);		/* fits */
	t_add(sim, 2, T_NOW, T_MIN, 0);		/* TC 0 too */
	t_run(test, sim, T_NOW + 10000000);
	KUNIT_EXPECT_EQ(test, sim->s.stats[1].dropped_never, 1ULL);
	KUNIT_EXPECT_EQ(test, sim->s.stats[0].dropped_never, 1ULL);
	KUNIT_EXPECT_EQ(test, sim->s.stats[0].committed, 2ULL);
	KUNIT_EXPECT_EQ(test, sim->popped, 4U);
	KUNIT_EXPECT_EQ(test, sim->ring[0].pos, 2U);
}

/**
 * t_rand() - a small deterministic generator (xorshift64)
 * @x: its state, not 0
 *
 * Return: the next value.
 */
static u64 t_rand(u64 *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/**
 * t_below() - a pseudo-random value below @n
 * @x: the generator's state
 * @n: the bound, not 0
 *
 * Return: a value in [0, @n).
 */
static u64 t_below(u64 *x, u64 n)
{
	u64 r = t_rand(x);

	return r - div64_u64(r, n) * n;
}

/*
 * Random schedules, shaping and arrivals: every commit in an open interval
 * of its class, in launch order within the horizon (t_step), ETF exact,
 * CBS credit in bounds, and every frame leaves its ring.
 */
static void lan1qtsn_sched_test_random(struct kunit *test)
{
	struct lan1qtsn_gate_sched *g = kunit_kzalloc(test, sizeof(*g),
						      GFP_KERNEL);
	struct t_sim *sim = kunit_kmalloc(test, sizeof(*sim), GFP_KERNEL);
	struct lan1qtsn_gate_entry e[4];
	struct lan1qtsn_sched_config cfg;
	unsigned int round, i, r, n, frames, gated = 0, exact = 0, cbs = 0;
	unsigned int never = 0, late = 0;
	u64 x = 0x5eed5c4edULL, cycle, t, end;

	KUNIT_ASSERT_NOT_NULL(test, g);
	KUNIT_ASSERT_NOT_NULL(test, sim);

	for (round = 0; round < 40; round++) {
		n = 2 + t_below(&x, 3);
		cycle = 0;
		for (i = 0; i < n; i++) {
			e[i].command = 0;
			e[i].gate_mask = t_rand(&x) & 0x7;
			e[i].interval = 7000 + t_below(&x, 300000);
			cycle += e[i].interval;
		}
		t_cfg(&cfg, 4);
		t_gate_into(test, g, e, n, cycle, T_NOW + t_below(&x, cycle));
		cfg.gate = g;
		cfg.buffers = 1 + t_below(&x, LAN1QTSN_SCHED_MAX_BUFFERS);
		cfg.latency_ns = 1000 + t_below(&x, 1000000);
		cfg.horizon_ns = cfg.latency_ns + 1 + t_below(&x, 5000000);
		for (i = 0; i < 4; i++) {
			switch (t_below(&x, 5)) {
			case 0:
				break;
			case 1:
				cfg.mode[i] = LAN1QTSN_SCHED_GATE;
				break;
			case 2:
				cfg.mode[i] = LAN1QTSN_SCHED_GATE |
					      LAN1QTSN_SCHED_CBS;
				break;
			case 3:
				cfg.mode[i] = LAN1QTSN_SCHED_CBS;
				break;
			default:
				cfg.mode[i] = LAN1QTSN_SCHED_ETF |
					      (t_below(&x, 2) ? LAN1QTSN_SCHED_CBS : 0);
			}
			cfg.cbs[i].idleslope = 1000 + t_below(&x, 50000);
			cfg.cbs[i].sendslope = cfg.cbs[i].idleslope - 100000;
			cfg.cbs[i].hicredit = t_below(&x, 5000);
			cfg.cbs[i].locredit = -(s32)t_below(&x, 5000);
		}
		t_sim_reset(test, sim, &cfg);
		sim->write_ns = 1000 + t_below(&x, 100000);
		frames = 0;
		for (r = 0; r < T_RINGS; r++) {
			u8 m = cfg.mode[cfg.ring_tc[r]];

			t = T_NOW;
			for (i = 0; i < 40; i++) {
				t += t_below(&x, 400000);
				t_add(sim, r, t, 60 + t_below(&x, 1467),
				      (m & LAN1QTSN_SCHED_ETF) && t_below(&x, 4) ?
				      t + t_below(&x, 3000000) : 0);
				frames++;
			}
		}
		/* Long enough for a CBS class of 1 Mb/s to send all 80. */
		end = T_NOW + 3000000000ULL;
		t_run(test, sim, end);
		/* Nothing kept forever. */
		KUNIT_EXPECT_EQ_MSG(test, sim->popped, frames, "round %u", round);
		KUNIT_EXPECT_EQ(test, sim->commits + sim->drops, sim->popped);
		for (i = 0; i < sim->n; i++) {
			const struct lan1qtsn_sched_decision *d = &sim->log[i].d;

			if (cfg.mode[d->tc] & LAN1QTSN_SCHED_GATE) {
				KUNIT_EXPECT_TRUE_MSG(test,
						      t_in_gate(cfg.gate, d),
						      "round %u commit %u", round, i);
				gated++;
			}
			if (cfg.mode[d->tc] & LAN1QTSN_SCHED_CBS)
				cbs++;
			if (sim->log[i].launch &&
			    (cfg.mode[d->tc] & LAN1QTSN_SCHED_ETF))
				exact++;
			if (i)
				KUNIT_EXPECT_GE(test, d->start,
						sim->log[i - 1].d.end);
		}
		for (i = 0; i < 4; i++) {
			never += sim->s.stats[i].dropped_never;
			late += sim->s.stats[i].dropped_late;
			if (!(cfg.mode[i] & LAN1QTSN_SCHED_CBS))
				continue;
			KUNIT_EXPECT_GE(test, sim->s.cbs[i].credit,
					sim->s.cbs[i].locredit);
			KUNIT_EXPECT_LE(test, sim->s.cbs[i].credit,
					sim->s.cbs[i].hicredit);
		}
	}
	/* Every kind of case came up. */
	KUNIT_EXPECT_GT(test, gated, 500U);
	KUNIT_EXPECT_GT(test, exact, 100U);
	KUNIT_EXPECT_GT(test, cbs, 500U);
	KUNIT_EXPECT_GT(test, never, 10U);
	KUNIT_EXPECT_GT(test, late, 10U);
}

static struct kunit_case lan1qtsn_sched_test_cases[] = {
	KUNIT_CASE(lan1qtsn_sched_test_check),
	KUNIT_CASE(lan1qtsn_sched_test_fifo),
	KUNIT_CASE(lan1qtsn_sched_test_gate_5050),
	KUNIT_CASE(lan1qtsn_sched_test_order),
	KUNIT_CASE(lan1qtsn_sched_test_horizon),
	KUNIT_CASE(lan1qtsn_sched_test_etf),
	KUNIT_CASE(lan1qtsn_sched_test_cbs),
	KUNIT_CASE(lan1qtsn_sched_test_wrap),
	KUNIT_CASE(lan1qtsn_sched_test_never),
	KUNIT_CASE(lan1qtsn_sched_test_random),
	{}
};

static struct kunit_suite lan1qtsn_sched_suite = {
	.name = "lan1qtsn_sched",
	.test_cases = lan1qtsn_sched_test_cases,
};

kunit_test_suite(lan1qtsn_sched_suite);

MODULE_DESCRIPTION("KUnit tests for the LAN1QTSN TX scheduler model");
MODULE_LICENSE("GPL");
