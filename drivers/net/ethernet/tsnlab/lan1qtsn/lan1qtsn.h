/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LAN1QTSN driver: shared definitions.
 *
 * Execution contexts (docs/design.md): the owner thread is the only user of
 * the bus for data; open/stop/ethtool use the bus from process context;
 * ndo_start_xmit, ndo_get_stats64, NAPI poll and the hard IRQ handler never
 * sleep and never touch the bus.
 */
#ifndef LAN1QTSN_H
#define LAN1QTSN_H

#include <linux/hrtimer.h>
#include <linux/irqreturn.h>
#include <linux/mutex.h>
#include <linux/net_tstamp.h>
#include <linux/netdevice.h>
#include <linux/ptp_clock_kernel.h>
#include <linux/seqlock.h>
#include <linux/skbuff.h>
#include <linux/u64_stats_sync.h>
#include <linux/wait.h>

#include "lan1qtsn_bus.h"
#include "lan1qtsn_frame.h"
#include "lan1qtsn_sched.h"
#include "lan1qtsn_txts.h"
#include "lan1qtsn_time.h"

#define LAN1QTSN_DRV_NAME		"lan1qtsn"
#define LAN1QTSN_TX_QUEUES		8
/* Software ring per TX queue; BQL keeps the bytes in it small. */
#define LAN1QTSN_TX_RING_LEN		32
/* Wake a stopped queue only once a few slots are free again. */
#define LAN1QTSN_TX_WAKE_THRESH		8
/* TX frames per round of the owner thread, and RX frames per TX frame. */
#define LAN1QTSN_ROUND_FRAMES		16
/*
 * Frames this long or longer are queued on the bus while the next is
 * built (lan1qtsn_tx.c). Measured on the test VM (tools/bench/bench.sh):
 * full-size frames kept the bus 88 % busy written one at a time, 93 %
 * queued; 64-byte frames fell from 72 % to 52 % queued (two thread
 * wake-ups per frame against about 40 us of bus time).
 */
#define LAN1QTSN_TX_QUEUE_MIN_LEN	512
#define LAN1QTSN_RX_WEIGHT		2
/* Received frames waiting for NAPI; beyond this the stack is not keeping up. */
#define LAN1QTSN_RX_BACKLOG		1024
/* The device may take this long to free a TX buffer before we resync. */
#define LAN1QTSN_TX_STUCK_MS		2000
/* Device drop counters the health check copies (lan1qtsn_sync.c). */
#define LAN1QTSN_DEV_DROP_COUNTERS	4
#define LAN1QTSN_CREDIT_POLL_US		200
/* With nothing to do, poll the RX FIFO this often in case an edge was lost. */
#define LAN1QTSN_IDLE_POLL_MS		1000
/* After a poll found frames no interrupt announced, poll this often... */
#define LAN1QTSN_FAST_POLL_MS		10
/* ...for this long. */
#define LAN1QTSN_FAST_POLL_FOR_MS	1000
/* Interrupts in a row that find the FIFO empty before the line is ignored. */
#define LAN1QTSN_IRQ_STORM_EMPTY	64
#define LAN1QTSN_IRQ_STORM_MASK_MS	1000
#define LAN1QTSN_TX_TIMEOUT_MS		5000
/* Bad FCS in a row that mean the link or the FIFO pairing is broken. */
#define LAN1QTSN_FCS_RUN_RESYNC		3
/* Failed resyncs in a row after which the device counts as lost. */
#define LAN1QTSN_RESYNC_FAILS_LOST	3
/*
 * Resyncs in a row that failed after the device identified itself, after
 * which the tries back off: a flaky link fails a few, a link on which
 * every write fails would otherwise keep the bus busy for ever.
 */
#define LAN1QTSN_RESYNC_FLAKY_BACKOFF	8
/* Back-off between failed resyncs: doubles from MIN up to MAX. */
#define LAN1QTSN_BACKOFF_MIN_MS		20
#define LAN1QTSN_BACKOFF_MAX_MS		1000
/* Attempts of open's resync and stop's drain when the bus reports errors. */
#define LAN1QTSN_OPEN_TRIES		5

/* Owner thread events (bits of lan1qtsn_priv.events). */
enum lan1qtsn_event {
	LAN1QTSN_EV_RX,		/* the RX metadata FIFO may hold entries */
	LAN1QTSN_EV_TX,		/* a TX ring holds frames */
	LAN1QTSN_EV_RESYNC,	/* resynchronise the device (full) */
	LAN1QTSN_EV_RECOVER,	/* recover from a failed transaction */
	LAN1QTSN_EV_IRQ_MASKED,	/* level IRQ masked until the FIFO is empty */
	LAN1QTSN_EV_IRQ_SEEN,	/* the interrupt fired since the last round */
	LAN1QTSN_EV_TSTAMP,	/* a TX timestamp slot is due for a read */
};

/**
 * enum lan1qtsn_sync_state - what the driver knows about the device
 * @LAN1QTSN_SYNC_DOWN: interface down; the device is disabled
 * @LAN1QTSN_SYNC_READY: the device answered the last resync or health
 *			 check as itself; carrier on, frames flow
 * @LAN1QTSN_SYNC_LOST: the device does not answer as itself (identity
 *			wrong, or resyncs keep failing); carrier off, queued
 *			frames dropped, resync retried with back-off
 *
 * A failed transaction or a doubt about the FIFO pairing does not leave
 * READY: it requests a recovery or a resync (events), and only a resync
 * that fails changes the state.
 */
enum lan1qtsn_sync_state {
	LAN1QTSN_SYNC_DOWN,
	LAN1QTSN_SYNC_READY,
	LAN1QTSN_SYNC_LOST,
};

/* Which RX transaction failed (the recovery must settle its effect). */
enum lan1qtsn_rx_failed {
	LAN1QTSN_RX_FAILED_NONE,
	LAN1QTSN_RX_FAILED_META,	/* the entry may have been popped */
	LAN1QTSN_RX_FAILED_FRAME,	/* the frame may have been popped */
};

/**
 * struct lan1qtsn_rx_drain_state - what a resync's drain has seen so far
 * @active: a drain started and has not yet found both FIFOs empty (it
 *	    may stop on a bus error and go on in the next resync; reception
 *	    stays disabled in between, so only its own reads change the FIFOs)
 * @frame_unknown: it started owing the frame of an entry whose frame read
 *		   failed in the data path, with entries queued: whether that
 *		   read popped the frame is decided when the drain is done
 * @failed: enum lan1qtsn_rx_failed: a pop of this drain failed; the next
 *	    FIFO status read tells whether it took effect
 * @units: frame FIFO units before that pop
 * @entries: metadata entries before that pop
 * @frames: frames that left the frame FIFO during the drain
 * @metas: entries that left the metadata FIFO during the drain
 */
struct lan1qtsn_rx_drain_state {
	bool active;
	bool frame_unknown;
	enum lan1qtsn_rx_failed failed;
	u32 units;
	u32 entries;
	u32 frames;
	u32 metas;
};

/* Counters written by the owner thread (or by open/stop under dp_lock). */
enum lan1qtsn_dp_counter {
	LAN1QTSN_DP_TX_FRAMES,
	LAN1QTSN_DP_TX_BYTES,
	LAN1QTSN_DP_TX_ERRORS,
	LAN1QTSN_DP_TX_DROP_INVALID,
	LAN1QTSN_DP_TX_DROP_DOWN,
	LAN1QTSN_DP_TX_CREDIT_REFRESH,
	LAN1QTSN_DP_TX_CREDIT_STALL,
	LAN1QTSN_DP_TX_STUCK,
	LAN1QTSN_DP_RX_FRAMES,
	LAN1QTSN_DP_RX_FCS_ERRORS,
	LAN1QTSN_DP_RX_META_INVALID,
	LAN1QTSN_DP_RX_NOMEM,
	LAN1QTSN_DP_RX_BACKLOG_DROP,
	LAN1QTSN_DP_RX_DISCARDED,
	LAN1QTSN_DP_RX_EMPTY_POLLS,
	LAN1QTSN_DP_BUS_ERRORS,
	LAN1QTSN_DP_RESYNCS,
	LAN1QTSN_DP_RECOVERIES,
	LAN1QTSN_DP_RESYNC_FAILS,
	LAN1QTSN_DP_DEVICE_RESETS,
	LAN1QTSN_DP_RX_DEVICE_OVERFLOW,	/* device counter, copied each second */
	LAN1QTSN_DP_TX_DROP_LOST,
	LAN1QTSN_DP_RX_BUS_LOST,
	LAN1QTSN_DP_RX_PAIRING_LOST,
	LAN1QTSN_DP_RX_FCS_RESYNCS,
	LAN1QTSN_DP_DEVICE_LOST,
	LAN1QTSN_DP_DEVICE_BACK,
	LAN1QTSN_DP_RX_POLL_HITS,
	LAN1QTSN_DP_IRQ_STORMS,
	LAN1QTSN_DP_TX_HWTSTAMPS,
	LAN1QTSN_DP_TX_HWTSTAMP_SKIPPED,
	LAN1QTSN_DP_TX_HWTSTAMP_TIMEOUTS,
	LAN1QTSN_DP_TX_HWTSTAMP_FLUSHED,
	LAN1QTSN_DP_TX_HWTSTAMP_ERRORS,
	LAN1QTSN_DP_TX_HWTSTAMP_REREADS,
	LAN1QTSN_DP_HWTSTAMP_NO_CLOCK,
	LAN1QTSN_DP_TX_DROP_GATE,	/* its gate never opens long enough */
	LAN1QTSN_DP_TX_DROP_LATE,	/* ETF: its launch time cannot be met */
	LAN1QTSN_DP_TX_SCHED_WAITS,	/* TX held back for a window or buffer */
	LAN1QTSN_DP_TX_LATE_WRITES,	/* written after the start the model planned */
	/* Device counters, copied each second like RX_DEVICE_OVERFLOW. */
	LAN1QTSN_DP_RX_DEVICE_FCS,	/* FD_FCS_DROP_FRAME_CNT */
	LAN1QTSN_DP_RX_DEVICE_JUMBO,	/* FD_JUMBO_DROP_FRAME_CNT */
	LAN1QTSN_DP_TX_DEVICE_WINDOW,	/* FSCH_TOTAL_DROP_ENTRY_CNT */
	LAN1QTSN_DP_NR_COUNTERS
};

/* PTP clock counters (under lan1qtsn_ptp.lock). */
enum lan1qtsn_ptp_counter {
	LAN1QTSN_PTP_READS,		/* counter reads by PTP ops and the worker */
	LAN1QTSN_PTP_REFUSED,		/* ops refused: device absent, resyncing, bus error */
	LAN1QTSN_PTP_STEPS,		/* settime and adjtime */
	LAN1QTSN_PTP_ADJFINE,
	LAN1QTSN_PTP_COUNTER_RESTARTS,	/* the device's counter went back (reset) */
	LAN1QTSN_PTP_PPS_ARMS,		/* PPS_PULSE_AT writes */
	LAN1QTSN_PTP_PPS_ARM_ERRORS,
	LAN1QTSN_PTP_PPS_EVENTS,	/* PPS events reported to the kernel */
	LAN1QTSN_PTP_HOST_LOOSE,	/* counter reads too slow to anchor the host relation */
	LAN1QTSN_PTP_NR_COUNTERS
};

/* Counters written by NAPI poll only. */
enum lan1qtsn_napi_counter {
	LAN1QTSN_NAPI_RX_PACKETS,
	LAN1QTSN_NAPI_RX_BYTES,
	LAN1QTSN_NAPI_NR_COUNTERS
};

/**
 * struct lan1qtsn_clock_values - the relation's values, copied as a whole
 * @scale: counter ticks -> PHC ns (the PHC is TAI by convention)
 * @prev: the scale before the last step or rate change, for counter values
 *	  before @since (a stamp captured before a step, converted after it)
 * @since: the counter value at which @scale took effect
 * @prev_valid: @prev holds (not after probe or a counter restart)
 * @host: counter ticks -> host CLOCK_MONOTONIC_RAW ns, the rate measured
 *	  between two samples of the PTP aux worker (a few seconds apart)
 * @real_minus_raw: CLOCK_REALTIME - CLOCK_MONOTONIC_RAW at the last sample
 * @gen: bumped by every change of @scale: settime, adjtime, adjfine and
 *	 a re-anchor after the device's counter restarted; a timestamp or a
 *	 launch window computed under another generation is stale
 * @valid: @scale holds (from probe on)
 * @host_valid: @host holds
 */
struct lan1qtsn_clock_values {
	struct lan1qtsn_timescale scale;
	struct lan1qtsn_timescale prev;
	u64 since;
	struct lan1qtsn_timescale host;
	s64 real_minus_raw;
	u32 gen;
	bool valid;
	bool prev_valid;
	bool host_valid;
};

/**
 * struct lan1qtsn_clock_relation - cached system counter <-> PHC <-> host
 * @seq: written by the PTP code (process context, under ptp_lock, a struct
 *	 copy with interrupts off); read lock-free from any context, only
 *	 through lan1qtsn_ptp_snapshot()
 * @v: the values
 *
 * Launch windows and timestamps are converted through this copy without
 * any bus access on the data path (lan1qtsn_ptp_cnt_to_ns() and friends).
 */
struct lan1qtsn_clock_relation {
	seqlock_t seq;
	struct lan1qtsn_clock_values v;
};

/**
 * struct lan1qtsn_ptp - the PHC's state besides the published relation
 * @lock: serialises the PTP operations and the aux worker (each takes the
 *	  bus lock only around its transfers)
 * @scale: the master copy of the time scale (published to @clock)
 * @host: counter -> host raw ns, anchored at the latest sample
 * @last_cnt: the latest counter value read (a smaller one means the device
 *	      restarted its counter)
 * @last_raw: host CLOCK_MONOTONIC_RAW ns at @last_cnt
 * @rate_cnt: counter at the first sample of the host rate measurement
 * @rate_raw: host raw ns then
 * @span_best: the shortest counter read lately (host ns): a read that took
 *	       more than twice as long (or LAN1QTSN_PTP_SPAN_FLOOR_NS) does
 *	       not move the host relation; raised by 1/8 at each such read so
 *	       that a slower bus is followed
 * @span_max: the longest counter read seen (debugfs)
 * @jump_max: the largest correction an anchoring read made to the host
 *	      relation, in counter ticks (debugfs)
 * @pps_on: PTP_CLK_REQ_PPS enabled (pulse output plus PPS events)
 * @perout_on: periodic output 0 enabled (pulse output)
 * @perout_phase: its offset into the second, ns
 * @perout_start: its first pulse, PHC ns
 * @pulse_at: the counter value PPS_PULSE_AT holds, 0 for none
 * @pulse_ns: the PHC time that value was computed for
 * @cycle: the value PPS_CYCLE_1S holds, 0 for none
 * @pps_event_ns: PHC time of the pulse last reported as a PPS event
 * @resynced: the device was resynchronised: program the output again
 * @stats: counters (enum lan1qtsn_ptp_counter)
 */
struct lan1qtsn_ptp {
	struct mutex lock; /* see @lock above */
	struct lan1qtsn_timescale scale;
	struct lan1qtsn_timescale host;
	u64 last_cnt;
	u64 last_raw;
	u64 rate_cnt;
	u64 rate_raw;
	u64 span_best;
	u64 span_max;
	u64 jump_max;
	bool pps_on;
	bool perout_on;
	u64 perout_phase;
	u64 perout_start;
	u64 pulse_at;
	u64 pulse_ns;
	u64 cycle;
	u64 pps_event_ns;
	atomic_t resynced;
	u64 stats[LAN1QTSN_PTP_NR_COUNTERS];
};

/**
 * struct lan1qtsn_tstamp - hardware timestamping state (lan1qtsn_tstamp.c)
 * @cfg: the configuration ndo_hwtstamp_set accepted; under RTNL
 * @tx_on: TX stamps requested by frames are taken; read by xmit
 * @rx_on: received frames get a hardware stamp; read by the owner thread
 * @tx_corr_ns: TX latency correction (added to TX stamps)
 * @rx_corr_ns: RX latency correction (subtracted from RX stamps)
 * @txts: the capture slots; owner thread, dp_lock
 * @clone: the clone awaiting slot n's stamp at [n - 1]; owner thread
 * @done: clones with their stamp, delivered after dp_lock is dropped
 * @timer: wakes the owner thread when the next slot is due for a read
 */
struct lan1qtsn_tstamp {
	struct kernel_hwtstamp_config cfg;
	bool tx_on;
	bool rx_on;
	u32 tx_corr_ns;
	u32 rx_corr_ns;
	struct lan1qtsn_txts txts;
	struct sk_buff *clone[LAN1QTSN_TS_SLOTS];
	struct sk_buff_head done;
	struct hrtimer timer;
};

/**
 * struct lan1qtsn_priv - one LAN1QTSN device
 * @ndev: its network device
 * @spi: its SPI device
 * @bus: the SPI link
 * @system_info: TSN_SYSTEM_INFO_H read at probe
 * @thread: the owner thread
 * @wq: where the owner thread waits for @events
 * @events: enum lan1qtsn_event bits
 * @dp_lock: held by the owner thread for one round and by open/stop, so
 *	     that open/stop see the data path at rest
 * @running: the interface is up; under @dp_lock
 * @sync: enum lan1qtsn_sync_state; written under @dp_lock
 * @resync_failures: resyncs failed in a row; owner thread only
 * @resync_fails_identified: resyncs failed after the device identified
 *			     itself since the last good one; owner thread only
 * @backoff_ms: wait before the next resync attempt; owner thread only
 * @lost_since: jiffies when the device was declared lost
 * @credits: free device TX buffers; owner thread only
 * @credit_blocked: the device had no free buffer at the last refresh; the
 *		    thread polls instead of waiting for xmit
 * @credit_stalled: no refresh has found a free buffer since
 *		    @credit_stalled_since (jiffies); too long means a stuck
 *		    TX. Every recovery and resync clears it: a zero read
 *		    after one starts a new stall, it does not continue an
 *		    old one.
 * @tx_next_queue: round-robin position among the TX rings
 * @tx_ring: frames queued by ndo_start_xmit per TX queue (lock: its own)
 * @tx_writes: frames whose writes are queued on the bus, oldest at
 *	       @tx_writes_head, @tx_writes_n of them; owner thread only, and
 *	       none outside a round
 * @tx_done_pkts: frames taken off each ring this round (BQL), owner thread
 * @tx_done_bytes: their bytes
 * @rx_last_poll: jiffies of the last RX metadata read; owner thread only
 * @rx_fast_poll_until: poll every LAN1QTSN_FAST_POLL_MS until then
 * @rx_failed: enum lan1qtsn_rx_failed: the RX transaction whose effect is
 *	       unknown; owner thread only
 * @rx_frame_owed: an RX entry was popped but its frame was not read;
 *		   owner thread only
 * @rx_owed: that entry; frame_len 0 when it was impossible
 * @rx_drain: progress of the resync's drain; owner thread only
 * @rx_fcs_run: frames with a bad FCS in a row
 * @health_next: jiffies of the next device health check; owner thread only
 * @dev_drops_base: each device drop count (lan1qtsn_sync.c) before the
 *		    device's last reset; owner thread only
 * @dev_drops_last: each count at the last health check
 * @rx_round: frames received this round, not yet in @rx_backlog
 * @rx_backlog: received frames waiting for NAPI (lock: its own)
 * @napi: delivers @rx_backlog after every driver lock is dropped
 * @irq: the device interrupt
 * @irq_level: the interrupt is level-triggered (masked while handled)
 * @irq_empty_run: interrupts in a row that found the RX FIFO empty
 * @irq_storm_until: a level line stuck low is ignored (masked) until then
 * @clock: cached clock relation (lan1qtsn_ptp.c)
 * @ts: hardware timestamping (lan1qtsn_tstamp.c)
 * @ptp_clock: the PHC, NULL when PTP is not built or did not register
 * @ptp_index: its index (for get_ts_info), -1 without one
 * @phc_absent: probe went on without a PHC, so without a clock relation:
 *		the taprio, cbs and etf offloads are refused
 * @ptp_info: its operations
 * @ptp: the PHC's own state (lan1qtsn_ptp.c)
 * @dp_syncp: protects @dp_cnt
 * @dp_cnt: enum lan1qtsn_dp_counter
 * @napi_syncp: protects @napi_cnt
 * @napi_cnt: enum lan1qtsn_napi_counter
 */
/**
 * struct lan1qtsn_tc_state - what tc offloaded (lan1qtsn_tc.c, under RTNL)
 * @taprio: a taprio full offload is in force, compiled in @gate
 * @gate: its compiled schedule
 * @cbs_queues: TX queues with a cbs offload
 * @cbs: their parameters, by TX queue
 * @etf_queues: TX queues with an etf offload
 * @gen: generation of the last published configuration
 */
struct lan1qtsn_tc_state {
	bool taprio;
	struct lan1qtsn_gate_sched gate;
	u8 cbs_queues;
	struct lan1qtsn_cbs_params cbs[LAN1QTSN_TX_QUEUES];
	u8 etf_queues;
	u32 gen;
};

/**
 * struct lan1qtsn_tsn_conf - a TX scheduler configuration, as published
 * @rcu: freed after a grace period once replaced
 * @gen: its generation (lan1qtsn_tc_state.gen)
 * @active: some offload is in force: the scheduler decides; otherwise
 *	    the rings are served round-robin, every window always open
 * @etf_rings: rings whose frames carry a launch time (skb->tstamp)
 * @cfg: the model's configuration; @cfg.gate is NULL here (the owner
 *	 thread points it at its own copy of @gate)
 * @gate: the compiled taprio schedule, if a class is gated
 */
struct lan1qtsn_tsn_conf {
	struct rcu_head rcu;
	u32 gen;
	bool active;
	u8 etf_rings;
	struct lan1qtsn_sched_config cfg;
	struct lan1qtsn_gate_sched gate;
};

/**
 * struct lan1qtsn_txsched - the owner thread's TX scheduling state
 * @run: its copy of the configuration in force
 * @model: the scheduler model (lan1qtsn_sched.c)
 * @gen: generation of @run
 * @clock_gen: generation of the PHC relation the model's times are in
 * @active: the model decides (a copy of @run.active)
 * @reset: the device's TX FIFO was emptied (resync, open): forget it
 * @waiting: the last decision was to wait, until @wait_raw or a new frame
 * @wait_raw: CLOCK_MONOTONIC_RAW ns to wait until
 * @decision: the decision being carried out
 * @retry: its frame has a retry window (the next interval of its class)
 * @retry_from: its first start, PHC ns
 * @retry_to: its last start, PHC ns
 */
struct lan1qtsn_txsched {
	struct lan1qtsn_tsn_conf run;
	struct lan1qtsn_sched model;
	u32 gen;
	u32 clock_gen;
	bool active;
	bool reset;
	bool waiting;
	u64 wait_raw;
	struct lan1qtsn_sched_decision decision;
	bool retry;
	u64 retry_from;
	u64 retry_to;
};

/**
 * struct lan1qtsn_tx_write - a frame whose write is queued on the bus
 * @skb: the frame, freed when the write ends
 * @slot: its bus TX slot
 * @tsid: its capture slot, 0 for none
 * @planned: the TX scheduler planned its start (an offload): the model
 *	     commits it when the write has ended
 */
struct lan1qtsn_tx_write {
	struct sk_buff *skb;
	unsigned int slot;
	unsigned int tsid;
	bool planned;
};

struct lan1qtsn_priv {
	struct net_device *ndev;
	struct spi_device *spi;
	struct lan1qtsn_bus bus;
	u32 system_info;

	struct task_struct *thread;
	wait_queue_head_t wq;
	unsigned long events;
	struct mutex dp_lock; /* see @dp_lock above */
	bool running;
	enum lan1qtsn_sync_state sync;
	unsigned int resync_failures;
	unsigned int resync_fails_identified;
	unsigned int backoff_ms;
	unsigned long lost_since;

	struct lan1qtsn_tx_credits credits;
	bool credit_blocked;
	bool credit_stalled;
	unsigned long credit_stalled_since;
	unsigned int tx_next_queue;
	struct sk_buff_head tx_ring[LAN1QTSN_TX_QUEUES];
	struct lan1qtsn_txsched txs;
	struct lan1qtsn_tc_state tc;
	struct lan1qtsn_tsn_conf __rcu *tsn_conf;
	struct lan1qtsn_tx_write tx_writes[LAN1QTSN_BUS_TX_SLOTS];
	unsigned int tx_writes_head;
	unsigned int tx_writes_n;
	unsigned int tx_done_pkts[LAN1QTSN_TX_QUEUES];
	unsigned int tx_done_bytes[LAN1QTSN_TX_QUEUES];

	unsigned long rx_last_poll;
	unsigned long rx_fast_poll_until;
	unsigned long health_next;
	u64 dev_drops_base[LAN1QTSN_DEV_DROP_COUNTERS];
	u64 dev_drops_last[LAN1QTSN_DEV_DROP_COUNTERS];
	enum lan1qtsn_rx_failed rx_failed;
	bool rx_frame_owed;
	struct lan1qtsn_rx_meta rx_owed;
	struct lan1qtsn_rx_drain_state rx_drain;
	unsigned int rx_fcs_run;
	struct sk_buff_head rx_round;
	struct sk_buff_head rx_backlog;
	struct napi_struct napi;
	int irq;
	bool irq_level;
	unsigned int irq_empty_run;
	unsigned long irq_storm_until;

	struct lan1qtsn_clock_relation clock;
	struct lan1qtsn_tstamp ts;
	struct ptp_clock *ptp_clock;
	int ptp_index;
	bool phc_absent;
	struct ptp_clock_info ptp_info;
	struct lan1qtsn_ptp ptp;

	struct u64_stats_sync dp_syncp;
	u64_stats_t dp_cnt[LAN1QTSN_DP_NR_COUNTERS];
	struct u64_stats_sync napi_syncp;
	u64_stats_t napi_cnt[LAN1QTSN_NAPI_NR_COUNTERS];
};

static inline void lan1qtsn_dp_inc(struct lan1qtsn_priv *priv,
				   enum lan1qtsn_dp_counter c, u64 n)
{
	u64_stats_update_begin(&priv->dp_syncp);
	u64_stats_add(&priv->dp_cnt[c], n);
	u64_stats_update_end(&priv->dp_syncp);
}

/* lan1qtsn_debugfs.c: the root-only state view */
int lan1qtsn_debugfs_add(struct lan1qtsn_priv *priv);
void lan1qtsn_debugfs_init(void);
void lan1qtsn_debugfs_exit(void);

/* lan1qtsn_datapath.c: owner thread, interrupt, open/stop */
void lan1qtsn_dp_init(struct lan1qtsn_priv *priv);
int lan1qtsn_dp_start_thread(struct lan1qtsn_priv *priv);
void lan1qtsn_dp_stop_thread(struct lan1qtsn_priv *priv);
int lan1qtsn_dp_up(struct lan1qtsn_priv *priv);
void lan1qtsn_dp_down(struct lan1qtsn_priv *priv);
void lan1qtsn_dp_kick(struct lan1qtsn_priv *priv, enum lan1qtsn_event ev);
irqreturn_t lan1qtsn_irq_handler(int irq, void *data);
void lan1qtsn_irq_unmask(struct lan1qtsn_priv *priv);
void lan1qtsn_dp_read_counters(struct lan1qtsn_priv *priv, u64 *dp, u64 *napi);

/* lan1qtsn_tx.c: TX rings to the device (owner thread) */
bool lan1qtsn_tx_pending(struct lan1qtsn_priv *priv);
int lan1qtsn_tx_one(struct lan1qtsn_priv *priv);
int lan1qtsn_tx_wait_writes(struct lan1qtsn_priv *priv);
bool lan1qtsn_tx_drop_one(struct lan1qtsn_priv *priv);
int lan1qtsn_tx_refresh_credits(struct lan1qtsn_priv *priv);
void lan1qtsn_tx_report_done(struct lan1qtsn_priv *priv);
void lan1qtsn_tx_purge(struct lan1qtsn_priv *priv);

/* lan1qtsn_txsched.c: which ring head goes next, and its window */
enum lan1qtsn_txsched_action {
	LAN1QTSN_TXS_NONE,	/* nothing to write now */
	LAN1QTSN_TXS_SEND,	/* write the frame with its window */
	LAN1QTSN_TXS_DROP,	/* drop the frame, counted in the given counter */
};

/* Set by xmit: when the frame reached its ring (CLOCK_MONOTONIC_RAW ns). */
struct lan1qtsn_tx_cb {
	u64 queued_raw;
};

static inline struct lan1qtsn_tx_cb *lan1qtsn_tx_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct lan1qtsn_tx_cb) > sizeof(skb->cb));
	return (struct lan1qtsn_tx_cb *)skb->cb;
}

bool lan1qtsn_txsched_phc_now(struct lan1qtsn_priv *priv, u64 *now);
struct sk_buff *lan1qtsn_txsched_dequeue_rr(struct lan1qtsn_priv *priv,
					    unsigned int *queue);
enum lan1qtsn_txsched_action
lan1qtsn_txsched_next(struct lan1qtsn_priv *priv, struct sk_buff **skbp,
		      unsigned int *queue, struct lan1qtsn_tx_window *win,
		      enum lan1qtsn_dp_counter *drop);
u64 lan1qtsn_txsched_written(struct lan1qtsn_priv *priv);
unsigned long lan1qtsn_txsched_drain_delay(struct lan1qtsn_priv *priv);
void lan1qtsn_txsched_device_reset(struct lan1qtsn_priv *priv);
bool lan1qtsn_txsched_wait(struct lan1qtsn_priv *priv, ktime_t *left);
struct tc_taprio_qopt_stats;
void lan1qtsn_txsched_taprio_stats(struct lan1qtsn_priv *priv, int queue,
				   struct tc_taprio_qopt_stats *st);
void lan1qtsn_txsched_tc_stats(struct lan1qtsn_priv *priv, u64 *data);
#define LAN1QTSN_TXSCHED_TC_STATS	4

/* lan1qtsn_tc.c: ndo_setup_tc */
int lan1qtsn_setup_tc(struct net_device *ndev, enum tc_setup_type type,
		      void *type_data);
void lan1qtsn_tc_release(struct lan1qtsn_priv *priv);

/* lan1qtsn_rx.c: RX FIFOs to NAPI */
int lan1qtsn_rx_one(struct lan1qtsn_priv *priv);
int lan1qtsn_rx_settle(struct lan1qtsn_priv *priv);
bool lan1qtsn_rx_orphans(struct lan1qtsn_priv *priv, int *err);
int lan1qtsn_rx_drain(struct lan1qtsn_priv *priv);
void lan1qtsn_rx_drain_forget(struct lan1qtsn_priv *priv);
void lan1qtsn_rx_deliver_round(struct lan1qtsn_priv *priv);
void lan1qtsn_rx_purge(struct lan1qtsn_priv *priv);
int lan1qtsn_napi_poll(struct napi_struct *napi, int budget);

/* lan1qtsn_sync.c: device-sync state machine */
void lan1qtsn_request_resync(struct lan1qtsn_priv *priv);
void lan1qtsn_request_recover(struct lan1qtsn_priv *priv);
int lan1qtsn_sync_recover(struct lan1qtsn_priv *priv);
int lan1qtsn_sync_resync(struct lan1qtsn_priv *priv);
bool lan1qtsn_sync_check_health(struct lan1qtsn_priv *priv);
void lan1qtsn_sync_forget_credits(struct lan1qtsn_priv *priv);

static inline unsigned int lan1qtsn_tx_ring_free(struct lan1qtsn_priv *priv,
						 unsigned int q)
{
	return LAN1QTSN_TX_RING_LEN -
	       skb_queue_len_lockless(&priv->tx_ring[q]);
}

/* lan1qtsn_tstamp.c: hardware timestamps */
struct ethtool_ts_stats;
struct kernel_ethtool_ts_info;
void lan1qtsn_tstamp_init(struct lan1qtsn_priv *priv);
int lan1qtsn_hwtstamp_get(struct net_device *ndev,
			  struct kernel_hwtstamp_config *cfg);
int lan1qtsn_hwtstamp_set(struct net_device *ndev,
			  struct kernel_hwtstamp_config *cfg,
			  struct netlink_ext_ack *extack);
int lan1qtsn_get_ts_info(struct net_device *ndev,
			 struct kernel_ethtool_ts_info *info);
void lan1qtsn_get_ts_stats(struct net_device *ndev,
			   struct ethtool_ts_stats *st);
void lan1qtsn_tstamp_rx(struct lan1qtsn_priv *priv, struct sk_buff *skb,
			u64 counter);
unsigned int lan1qtsn_tstamp_tx_prepare(struct lan1qtsn_priv *priv,
					struct sk_buff *skb);
void lan1qtsn_tstamp_tx_written(struct lan1qtsn_priv *priv, unsigned int id,
				unsigned int frame_len, u64 start_delay_ns);
void lan1qtsn_tstamp_tx_failed(struct lan1qtsn_priv *priv, unsigned int id);
int lan1qtsn_tstamp_collect(struct lan1qtsn_priv *priv);
void lan1qtsn_tstamp_flush(struct lan1qtsn_priv *priv);
bool lan1qtsn_tstamp_have_done(struct lan1qtsn_priv *priv);
void lan1qtsn_tstamp_take_done(struct lan1qtsn_priv *priv,
			       struct sk_buff_head *list);
void lan1qtsn_tstamp_deliver(struct sk_buff_head *list);
void lan1qtsn_tstamp_stop(struct lan1qtsn_priv *priv);

/* Mark a frame that asks for a hardware TX stamp (xmit, atomic). */
static inline void lan1qtsn_tstamp_xmit(struct lan1qtsn_priv *priv,
					struct sk_buff *skb)
{
	if (unlikely(skb_shinfo(skb)->tx_flags & SKBTX_HW_TSTAMP) &&
	    READ_ONCE(priv->ts.tx_on))
		skb_shinfo(skb)->tx_flags |= SKBTX_IN_PROGRESS;
}

/* lan1qtsn_ptp.c: PHC and the cached clock relation */
void lan1qtsn_ptp_init(struct lan1qtsn_priv *priv);
int lan1qtsn_ptp_register(struct lan1qtsn_priv *priv);
int lan1qtsn_ptp_index(struct lan1qtsn_priv *priv);
bool lan1qtsn_ptp_cnt_to_ns(struct lan1qtsn_priv *priv, u64 cnt, u64 *ns,
			    u32 *gen);
bool lan1qtsn_ptp_ns_to_cnt(struct lan1qtsn_priv *priv, u64 ns, u64 *cnt,
			    u32 *gen);
bool lan1qtsn_ptp_get_scale(struct lan1qtsn_priv *priv,
			    struct lan1qtsn_timescale *scale, u32 *gen);
bool lan1qtsn_ptp_now(struct lan1qtsn_priv *priv,
		      struct lan1qtsn_timescale *scale, u64 *cnt, u32 *gen);
void lan1qtsn_ptp_device_resynced(struct lan1qtsn_priv *priv);

/* lan1qtsn_netdev.c */
void lan1qtsn_netdev_setup(struct net_device *ndev);

/* lan1qtsn_ethtool.c */
extern const struct ethtool_ops lan1qtsn_ethtool_ops;

/* lan1qtsn_regs.c: ethtool -d */
struct ethtool_regs;
int lan1qtsn_get_regs_len(struct net_device *ndev);
void lan1qtsn_get_regs(struct net_device *ndev, struct ethtool_regs *regs,
		       void *p);

#endif /* LAN1QTSN_H */
