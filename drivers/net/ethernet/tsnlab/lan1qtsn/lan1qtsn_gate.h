/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LAN1QTSN taprio gate list, compiled (design.md "TSN"): the device has one
 * FIFO and a per-frame launch window (device-spec.md section 3), no gate
 * hardware, so the driver turns taprio's schedule into, per traffic class,
 * the open intervals of one cycle, and answers "when may a frame of this
 * class and this wire time start, and until when" for any PHC time. Pure
 * integer arithmetic on PHC nanoseconds, no kernel state: tested by
 * lan1qtsn_gate_kunit.c, on the host too.
 *
 * PHC times are u64 ns compared through their signed difference, as in
 * lan1qtsn_time.h. The conversion of a window to the device's 29-bit ticks
 * is lan1qtsn_time's (lan1qtsn_time_tick29() and its horizon rules).
 */
#ifndef LAN1QTSN_GATE_H
#define LAN1QTSN_GATE_H

#include <linux/types.h>

#include "../lan1qtsn_hw.h"
#include "lan1qtsn_frame.h"

/* Traffic classes a gate mask can name: one per TX queue of the driver. */
#define LAN1QTSN_GATE_NUM_TC		8
/*
 * Entries of one schedule. taprio users write a handful; the limit only
 * bounds the compiled schedule's size (about 3 KiB).
 */
#define LAN1QTSN_GATE_MAX_ENTRIES	64
/* Open spans one class can have per cycle: runs of entries, at most half. */
#define LAN1QTSN_GATE_MAX_SPANS		((LAN1QTSN_GATE_MAX_ENTRIES + 1) / 2)
/* The only entry command taken: TC_TAPRIO_CMD_SET_GATES ("S"). */
#define LAN1QTSN_GATE_CMD_SET_GATES	0
/*
 * The shortest interval: the wire time of a minimum frame (60 bytes, FCS,
 * preamble, inter-frame gap) at the port's speed, 6720 ns at 100 Mb/s;
 * shorter intervals could never carry a frame. lan1qtsn_gate_kunit.c holds
 * it equal to lan1qtsn_txts_wire_ns() of that frame.
 */
#define LAN1QTSN_GATE_MIN_INTERVAL_NS \
	((LAN1QTSN_MIN_FRAME_NOFCS + LAN1QTSN_FCS_LEN + LAN1QTSN_WIRE_PREAMBLE + \
	  LAN1QTSN_WIRE_IFG) * LAN1QTSN_WIRE_NS_PER_BYTE)
/*
 * The longest cycle, 1 s: the device can name a window start only 2^28
 * ticks (2.68 s) ahead, and with a cycle of at most 1 s every class that
 * opens at all opens, for its whole interval, within that horizon.
 */
#define LAN1QTSN_GATE_MAX_CYCLE_NS	1000000000ULL
/* lan1qtsn_gate_window.end of a class whose gate never closes. */
#define LAN1QTSN_GATE_NO_END		U64_MAX

/**
 * struct lan1qtsn_gate_entry - one taprio sched-entry, as tc gives it
 * @command: TC_TAPRIO_CMD_*; only LAN1QTSN_GATE_CMD_SET_GATES is taken
 * @gate_mask: the traffic classes open during the entry, bit n = TC n
 * @interval: the entry's duration, ns
 */
struct lan1qtsn_gate_entry {
	u8 command;
	u32 gate_mask;
	u32 interval;
};

/**
 * struct lan1qtsn_gate_config - a taprio schedule to compile
 * @base_time: PHC ns at which the schedule starts (taprio's base-time)
 * @cycle_time: ns; taprio gives the sum of the intervals when the user
 *		left it out
 * @cycle_time_extension: ns; must be 0
 * @num_tc: traffic classes of the mqprio mapping, 1..LAN1QTSN_GATE_NUM_TC
 * @tc_queues: TX queues of each class (mqprio's count[]); a class the
 *	       schedule opens must have one
 * @num_entries: entries in @entries
 * @entries: the gate control list, in order
 */
struct lan1qtsn_gate_config {
	s64 base_time;
	u64 cycle_time;
	u64 cycle_time_extension;
	unsigned int num_tc;
	u16 tc_queues[LAN1QTSN_GATE_NUM_TC];
	unsigned int num_entries;
	const struct lan1qtsn_gate_entry *entries;
};

/**
 * struct lan1qtsn_gate_slot - one entry placed in the cycle
 * @start: offset of the entry from the cycle start, ns
 * @len: its duration, ns; the last entry's runs to the end of the cycle
 * @gate_mask: the classes open during it
 */
struct lan1qtsn_gate_slot {
	u32 start;
	u32 len;
	u8 gate_mask;
};

/**
 * struct lan1qtsn_gate_span - a class's maximal open interval in a cycle
 * @start: its offset from the cycle start, ns
 * @len: its length, ns; @start + @len exceeds the cycle when the span runs
 *	 on into the next cycle's first entries (merged across the boundary)
 */
struct lan1qtsn_gate_span {
	u32 start;
	u32 len;
};

/**
 * struct lan1qtsn_gate_tc - the open intervals of one traffic class
 * @num_spans: spans in @span; 0 with !@always_open: never open
 * @always_open: open in every entry: the gate never closes
 * @longest: the longest span, ns: a frame longer than that never fits
 * @span: the spans, in cycle order from some entry on
 */
struct lan1qtsn_gate_tc {
	unsigned int num_spans;
	bool always_open;
	u32 longest;
	struct lan1qtsn_gate_span span[LAN1QTSN_GATE_MAX_SPANS];
};

/**
 * struct lan1qtsn_gate_sched - a compiled, validated schedule
 * @base_time: start of a cycle, PHC ns: taprio's base time, rolled forward
 *	       by whole cycles to the first cycle start at or after the time
 *	       of compilation; the schedule is in force from here on
 * @cycle_time: ns, 1..LAN1QTSN_GATE_MAX_CYCLE_NS
 * @num_slots: entries in @slot
 * @slot: the entries placed in the cycle
 * @tc: per traffic class, its open spans
 */
struct lan1qtsn_gate_sched {
	u64 base_time;
	u64 cycle_time;
	unsigned int num_slots;
	struct lan1qtsn_gate_slot slot[LAN1QTSN_GATE_MAX_ENTRIES];
	struct lan1qtsn_gate_tc tc[LAN1QTSN_GATE_NUM_TC];
};

/**
 * struct lan1qtsn_gate_window - where a frame may be sent
 * @start: the earliest time the frame may start, PHC ns (not before the
 *	   time asked about, nor before the schedule's base time)
 * @end: when the class's gate closes, PHC ns, or LAN1QTSN_GATE_NO_END; the
 *	 frame, started at @start, ends no later than this
 */
struct lan1qtsn_gate_window {
	u64 start;
	u64 end;
};

int lan1qtsn_gate_compile(const struct lan1qtsn_gate_config *cfg, u64 now,
			  struct lan1qtsn_gate_sched *s, const char **msg);
u8 lan1qtsn_gate_mask_at(const struct lan1qtsn_gate_sched *s, u64 t);
bool lan1qtsn_gate_next_window(const struct lan1qtsn_gate_sched *s,
			       unsigned int tc, u64 wire_ns, u64 t,
			       struct lan1qtsn_gate_window *w);

#endif /* LAN1QTSN_GATE_H */
