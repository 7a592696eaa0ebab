/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LAN1QTSN TX scheduler model (design.md "TSN", device-spec.md section 3):
 * the device has one FIFO, and a head that waits for its launch window
 * blocks every frame behind it. So the driver decides, from the heads of
 * its eight TX rings, which frame to write next and with which window, and
 * keeps a model of what the FIFO holds and when each frame leaves. Pure
 * integer arithmetic on PHC nanoseconds, no kernel state: the caller passes
 * the PHC time and owns the model (the owner thread); tested by
 * lan1qtsn_sched_kunit.c, on the host too.
 *
 * The shapers are the pure layers below: taprio's compiled gate list
 * (lan1qtsn_gate), one credit-based shaper per class (lan1qtsn_cbs), a
 * frame's wire time (lan1qtsn_txts_wire_ns()). Windows are PHC ns; the
 * caller converts them to 29-bit ticks (lan1qtsn_time_tick29()).
 */
#ifndef LAN1QTSN_SCHED_H
#define LAN1QTSN_SCHED_H

#include <linux/bits.h>
#include <linux/types.h>

#include "lan1qtsn_cbs.h"
#include "lan1qtsn_gate.h"

/* Traffic classes (mqprio num_tc at most) and TX rings of the driver. */
#define LAN1QTSN_SCHED_NUM_TC		LAN1QTSN_GATE_NUM_TC
#define LAN1QTSN_SCHED_NUM_RINGS	8
/*
 * Device TX buffers the model can follow. The emulator has 32 by default;
 * the free-buffer register counts up to 255, but more than this many
 * frames in flight would only lengthen the time a waiting head blocks.
 */
#define LAN1QTSN_SCHED_MAX_BUFFERS	64
#define LAN1QTSN_SCHED_BUFFERS_DEFAULT	32
/*
 * From a commit decision to the frame being in the device: about one full
 * frame over the ~14 Mb/s SPI link (872 us) plus the thread's own delay.
 * A frame is never planned to start earlier than this after its commit.
 */
#define LAN1QTSN_SCHED_LATENCY_NS_DEFAULT	1000000ULL
/*
 * The commit horizon: no frame is written whose window starts later than
 * this after the decision, so a head waiting for its window blocks the
 * classes behind it for at most this long. It must exceed the latency.
 */
#define LAN1QTSN_SCHED_HORIZON_NS_DEFAULT	4000000ULL
/*
 * The longest horizon accepted, 1 s: well inside the 2^28 ticks (2.68 s,
 * 2.4 s at the PHC's largest frequency offset) the device can name a
 * window start ahead.
 */
#define LAN1QTSN_SCHED_HORIZON_NS_MAX		1000000000ULL
/* lan1qtsn_sched_decision.to of a frame with no latest start. */
#define LAN1QTSN_SCHED_NO_END			U64_MAX

/* Shaping of a traffic class, lan1qtsn_sched_config.mode[] bits. */
/* taprio full offload: the class follows the compiled gate list. */
#define LAN1QTSN_SCHED_GATE		BIT(0)
/* cbs offload: the class has a credit-based shaper. */
#define LAN1QTSN_SCHED_CBS		BIT(1)
/* etf offload: a frame with a launch time starts exactly then. */
#define LAN1QTSN_SCHED_ETF		BIT(2)

/**
 * struct lan1qtsn_sched_config - what tc configured
 * @num_tc: traffic classes, 1..LAN1QTSN_SCHED_NUM_TC (1 without mqprio)
 * @ring_tc: the class of each TX ring (mqprio's queue ranges)
 * @mode: per class, LAN1QTSN_SCHED_* bits; 0 is always open
 * @cbs: per class with LAN1QTSN_SCHED_CBS, its parameters
 * @gate: the compiled taprio schedule all LAN1QTSN_SCHED_GATE classes
 *	  share; owned by the caller, unchanged while configured
 * @buffers: the device's TX buffers, 1..LAN1QTSN_SCHED_MAX_BUFFERS
 * @latency_ns: a committed frame starts no earlier than this after the
 *		decision (bus transfer and device pipeline)
 * @horizon_ns: the commit horizon, above @latency_ns and at most
 *		LAN1QTSN_SCHED_HORIZON_NS_MAX
 */
struct lan1qtsn_sched_config {
	unsigned int num_tc;
	u8 ring_tc[LAN1QTSN_SCHED_NUM_RINGS];
	u8 mode[LAN1QTSN_SCHED_NUM_TC];
	struct lan1qtsn_cbs_params cbs[LAN1QTSN_SCHED_NUM_TC];
	const struct lan1qtsn_gate_sched *gate;
	unsigned int buffers;
	u64 latency_ns;
	u64 horizon_ns;
};

/**
 * struct lan1qtsn_sched_head - the first frame of one TX ring
 * @valid: the ring holds a frame
 * @frame_len: its TX frame_length (padded frame and FCS), bytes
 * @has_launch: it carries a launch time (skb->tstamp on an ETF queue)
 * @launch: that launch time, PHC ns (CLOCK_TAI through the PHC relation)
 * @arrival: when the frame reached the ring, PHC ns
 */
struct lan1qtsn_sched_head {
	bool valid;
	unsigned int frame_len;
	bool has_launch;
	u64 launch;
	u64 arrival;
};

/**
 * enum lan1qtsn_sched_action - what the caller does next
 * @LAN1QTSN_SCHED_IDLE: no ring holds a frame
 * @LAN1QTSN_SCHED_COMMIT: write the head of the decision's ring with its
 *			   window, then call lan1qtsn_sched_commit()
 * @LAN1QTSN_SCHED_WAIT: write nothing before the decision's @wait_until
 *			 (or before a new frame arrives)
 * @LAN1QTSN_SCHED_DROP_NEVER: drop that head: its class's gate never opens
 *			       for it (never open, or no interval is long
 *			       enough); counted
 * @LAN1QTSN_SCHED_DROP_LATE: drop that head: its launch time cannot be met
 *			      (ETF, deadline mode off); counted
 */
enum lan1qtsn_sched_action {
	LAN1QTSN_SCHED_IDLE,
	LAN1QTSN_SCHED_COMMIT,
	LAN1QTSN_SCHED_WAIT,
	LAN1QTSN_SCHED_DROP_NEVER,
	LAN1QTSN_SCHED_DROP_LATE,
};

/**
 * struct lan1qtsn_sched_decision - the answer of lan1qtsn_sched_decide()
 * @action: what to do
 * @ring: the ring whose head to commit or drop
 * @tc: its class
 * @frame_len: its frame_length
 * @open: the frame needs no window: the caller may use the always-open
 *	  encoding; otherwise the device must hold it until @from
 * @from: the window's first start, PHC ns: @start, except for a class shaped
 *	  by CBS alone, whose window opens as soon as its credit allows
 *	  (at or before @start: the device sends it once it has it)
 * @to: its last start, PHC ns, or LAN1QTSN_SCHED_NO_END (the caller then
 *	names the longest window the device allows from @from)
 * @start: when the frame is estimated to start, PHC ns
 * @end: and to leave the port, preamble and gap included
 * @wait_until: for LAN1QTSN_SCHED_WAIT, PHC ns
 * @miss: the frame gets a later gate interval than it would on an idle
 *	  port: the FIFO ahead of it drains too late for the earlier one
 */
struct lan1qtsn_sched_decision {
	enum lan1qtsn_sched_action action;
	unsigned int ring;
	unsigned int tc;
	unsigned int frame_len;
	bool open;
	u64 from;
	u64 to;
	u64 start;
	u64 end;
	u64 wait_until;
	bool miss;
};

/**
 * struct lan1qtsn_sched_stats - what the model counted for one class
 * @committed: frames committed
 * @dropped_never: heads dropped because the gate never opens for them
 * @dropped_late: heads dropped because their launch time had passed
 * @window_misses: committed frames that slipped to a later gate interval
 *		   because of the frames ahead of them in the FIFO
 */
struct lan1qtsn_sched_stats {
	u64 committed;
	u64 dropped_never;
	u64 dropped_late;
	u64 window_misses;
};

/**
 * struct lan1qtsn_sched_entry - one frame in the device FIFO, as estimated
 * @start: PHC ns it starts
 * @end: PHC ns its buffer is free again (its end on the wire)
 * @tc: its class
 */
struct lan1qtsn_sched_entry {
	u64 start;
	u64 end;
	u8 tc;
};

/**
 * struct lan1qtsn_sched - the scheduler's state
 * @cfg: the configuration in force
 * @cbs: per class with LAN1QTSN_SCHED_CBS, its shaper
 * @fifo: the frames in the device, oldest at @first (a ring)
 * @first: index of the oldest
 * @count: how many
 * @port_free: PHC ns at which the last committed frame leaves the port
 * @stats: per class
 */
struct lan1qtsn_sched {
	struct lan1qtsn_sched_config cfg;
	struct lan1qtsn_cbs cbs[LAN1QTSN_SCHED_NUM_TC];
	struct lan1qtsn_sched_entry fifo[LAN1QTSN_SCHED_MAX_BUFFERS];
	unsigned int first;
	unsigned int count;
	u64 port_free;
	struct lan1qtsn_sched_stats stats[LAN1QTSN_SCHED_NUM_TC];
};

void lan1qtsn_sched_defaults(struct lan1qtsn_sched_config *cfg);
int lan1qtsn_sched_check(const struct lan1qtsn_sched_config *cfg,
			 const char **msg);
int lan1qtsn_sched_init(struct lan1qtsn_sched *s,
			const struct lan1qtsn_sched_config *cfg, u64 now,
			const char **msg);
int lan1qtsn_sched_configure(struct lan1qtsn_sched *s,
			     const struct lan1qtsn_sched_config *cfg, u64 now,
			     const char **msg);
void lan1qtsn_sched_reset(struct lan1qtsn_sched *s, u64 now);
unsigned int lan1qtsn_sched_room(struct lan1qtsn_sched *s, u64 now);
u64 lan1qtsn_sched_port_free(const struct lan1qtsn_sched *s, u64 now);
void lan1qtsn_sched_decide(struct lan1qtsn_sched *s,
			   const struct lan1qtsn_sched_head *heads, u64 now,
			   struct lan1qtsn_sched_decision *d);
void lan1qtsn_sched_commit(struct lan1qtsn_sched *s,
			   const struct lan1qtsn_sched_decision *d);

#endif /* LAN1QTSN_SCHED_H */
