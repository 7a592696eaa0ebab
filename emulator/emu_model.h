/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure model of one LAN1QTSN board (docs/device-spec.md).
 *
 * Nothing here touches SPI, interrupts or timers: every entry point takes the
 * current host time in nanoseconds, and the model reports what happens on
 * its outputs (the wire, the IRQ line) through callbacks and return values.
 * The caller serialises all calls for one model.
 */
#ifndef EMU_MODEL_H
#define EMU_MODEL_H

#include <linux/prandom.h>
#include <linux/types.h>

#include "lan1qtsn_hw.h"

/*
 * The device's frame limits, the emulator's own (device-spec.md sections 2
 * and 3), not the driver's TX policy: a TX frame_length of 60..1522 bytes
 * plus the FCS is accepted, a received frame longer than 1522 bytes plus
 * the FCS is dropped as jumbo.
 */
#define EMU_TX_MIN_FRAME_NOFCS	60
#define EMU_TX_MAX_FRAME_NOFCS	1522
#define EMU_RX_MAX_FRAME_NOFCS	1522

/* Pool and FIFO limits the model can be configured with. */
#define EMU_TX_BUFFERS_MAX	255
#define EMU_TX_BUF_LEN		(EMU_TX_MAX_FRAME_NOFCS + LAN1QTSN_FCS_LEN)
#define EMU_RX_META_MAX		4096
#define EMU_RX_FIFO_MAX		(1024 * 1024)
#define EMU_LAUNCH_LOG_LEN	256
#define EMU_PPS_LOG_LEN		1024
/* Oscillator segments kept for times before the last frequency change. */
#define EMU_OSC_HIST		64
#define EMU_OSC_SCRIPT_MAX	32
#define EMU_PPB_MAX		1000000

/* Defaults from device-spec.md. */
#define EMU_DEF_TX_BUFFERS	32
#define EMU_DEF_RX_META		512
#define EMU_DEF_RX_FIFO		(64 * 1024)
#define EMU_DEF_SYSTEM_INFO	0x25080507
/* The 9-bit META_FIFO_DATA_CNT field saturates here. */
#define EMU_META_CNT_FIELD_MAX	0x1ff
#define EMU_FRAME_CNT_FIELD_MAX	0x1fff

/* TSN_RX_CONTROL_L bits 7..0 (device-spec.md section 5). */
#define EMU_RX_CTRL_VLAN_OFFLOAD	BIT(0)
#define EMU_RX_CTRL_FCS_OFFLOAD		BIT(1)
#define EMU_RX_CTRL_JUMBO_DROP		BIT(2)
#define EMU_RX_CTRL_CHECKSUM		BIT(3)
#define EMU_RX_CTRL_CLR_RX_FRAMES	BIT(4)
#define EMU_RX_CTRL_CLR_RX_BYTES	BIT(5)
#define EMU_RX_CTRL_CLR_DROP_FRAMES	BIT(6)
#define EMU_RX_CTRL_CLR_DROP_BYTES	BIT(7)
#define EMU_RX_CTRL_CLR_ALL		GENMASK(7, 4)

#define EMU_TICK_WRAP		BIT(LAN1QTSN_TICK_BITS)
/* A window start less than this many ticks ahead lies in the future. */
#define EMU_TICK_HALF		BIT(LAN1QTSN_TICK_BITS - 1)

/* Protocol violations by the host; each has a counter. */
enum emu_violation {
	EMU_V_UNKNOWN_CMD,	/* command byte not 0x01/0x02 */
	EMU_V_BAD_SPACE,	/* address outside a space or wrong direction */
	EMU_V_BAD_REG,		/* unaligned or beyond the register map */
	EMU_V_BAD_LENGTH,	/* register access not 1 or 2 words, runt */
	EMU_V_RO_WRITE,		/* write to a read-only register */
	EMU_V_TX_NO_BUFFER,	/* TX write with no free buffer */
	EMU_V_TX_BAD_FCS,	/* TX frame FCS does not match */
	EMU_V_TX_BAD_META,	/* TX metadata insane (length, id, policy, rsvd) */
	EMU_V_FRAME_READ_EMPTY,	/* frame FIFO read while empty */
	EMU_V_UNPAIRED_FRAME,	/* frame read without a popped metadata entry */
	EMU_V_UNPAIRED_META,	/* metadata popped while a frame was unread */
	EMU_V_SHORT_META_READ,	/* metadata read shorter than 10 bytes */
	EMU_V_SHORT_FRAME_READ,	/* frame read shorter than frame_length */
	/* Checked by the SPI glue on the whole message (realism knobs). */
	EMU_V_SPI_MODE,		/* SPI mode 1 or 2: the board samples wrong */
	EMU_V_SPI_OVERSPEED,	/* a transfer faster than the board takes */
	EMU_V_CS_CHANGE_LAST,	/* cs_change on the last transfer */
	EMU_V_DMA_UNSAFE,	/* a buffer on the stack or in vmalloc memory */
	EMU_V_COUNT
};

/* What a message did on the bus: the bus-time breakdown benchmarks read. */
enum emu_bus_kind {
	EMU_BUS_TX_FRAME,
	EMU_BUS_RX_META,
	EMU_BUS_RX_FRAME,
	EMU_BUS_REG_READ,
	EMU_BUS_REG_WRITE,
	EMU_BUS_OTHER,
	EMU_BUS_KINDS
};

/*
 * Injected faults (emu_faults.c); each has a counter. The kinds up to
 * EMU_F_RATE_LAST are drawn per event at a rate and also have a "next N"
 * trigger; the others are switched or counted down by their knob.
 */
enum emu_fault {
	EMU_F_SPI_EIO,		/* message fails before the device sees it */
	EMU_F_SPI_ETIMEDOUT,
	EMU_F_SPI_AFTER,	/* message executed, then -EIO or -ETIMEDOUT */
	EMU_F_SPI_AFTER_EIO,	/* message executed, then the caller fails */
	EMU_F_SPI_AFTER_ETIMEDOUT,
	EMU_F_SPI_TRUNCATE,	/* chip select cut short: a prefix executed */
	EMU_F_MISO_BITFLIP,	/* one bit of the data read flipped */
	EMU_F_RX_FCS,		/* a stored RX frame gets a flipped FCS byte */
	EMU_F_RX_PAYLOAD,	/* a stored RX frame gets a flipped data byte */
	EMU_F_META_LEN,		/* an RX metadata entry gets length >= 2048 */
	EMU_F_META_LEN_PLAUSIBLE, /* ... or a plausible wrong length */
	EMU_F_IRQ_LOST,		/* a falling edge is not signalled */
	EMU_F_IRQ_SPURIOUS,	/* an interrupt without a state change */
	EMU_F_RATE_LAST = EMU_F_IRQ_SPURIOUS,
	EMU_F_RX_OVERFLOW,	/* a received frame is dropped as FIFO full */
	EMU_F_RX_ORPHAN_FRAME,	/* a frame stored without metadata entry */
	EMU_F_RX_ORPHAN_META,	/* a metadata entry stored without frame */
	EMU_F_MISO_STUCK,	/* a message answered by a stuck MISO line */
	EMU_F_RESET_DEAF,	/* a message ignored after a reset */
	EMU_F_IRQ_DELAY,	/* an interrupt delivered late */
	EMU_F_IRQ_STUCK_LOW,	/* the IRQ line was forced low */
	EMU_F_TX_STUCK,		/* the scheduler holds its head */
	EMU_F_RESET,		/* device reset */
	EMU_F_COUNT
};

/* fault_miso_stuck: what a vanished device's MISO line reads. */
enum emu_miso_stuck {
	EMU_MISO_OK,
	EMU_MISO_STUCK_00,
	EMU_MISO_STUCK_FF,
};

struct emu_model;

/*
 * The event stream (docs/emulator.md, "Event stream"): what the model
 * decides, reported through emu_model_ops.event with the host time the
 * caller passed in. The model keeps no clock and no buffer of its own.
 */
enum emu_event_type {
	EMU_EV_LAUNCH,		/* a scheduler decision: sent, dropped, reset */
	EMU_EV_RX,		/* a frame's first bit at the receiver */
	EMU_EV_TXTS,		/* a TX timestamp captured into a slot */
	EMU_EV_PPS,		/* PPS pulse(s) */
	EMU_EV_IRQ,		/* the IRQ line fell (fired or lost), spurious */
	EMU_EV_RESET,		/* device reset (after its dropped frames) */
	EMU_EV_RX_FLUSH,	/* a received frame a reset emptied away */
	EMU_EV_WIRE_LOST,	/* glue: a frame the cable could not carry */
	EMU_EV_LOST,		/* glue: records the stream had to drop */
	EMU_EV_COUNT
};

/* EMU_EV_RX: what the receiver did with the frame. */
enum emu_rx_verdict {
	EMU_RX_STORED,
	EMU_RX_ORPHAN_FRAME,	/* stored without a metadata entry (fault) */
	EMU_RX_ORPHAN_META,	/* metadata entry without the frame (fault) */
	EMU_RX_DROP_DISABLED,
	EMU_RX_DROP_JUMBO,
	EMU_RX_DROP_FCS,
	EMU_RX_DROP_FULL,
	EMU_RX_DROP_OVERFLOW,	/* fault_rx_overflow */
	EMU_RX_VERDICT_COUNT
};

/* EMU_EV_IRQ kinds. */
enum emu_irq_kind {
	EMU_IRQ_FIRED,
	EMU_IRQ_LOST,		/* fault_irq_lost: the line fell unsignalled */
	EMU_IRQ_SPURIOUS,
	EMU_IRQ_KIND_COUNT
};

/* Identity of a frame on the cable: (sender board << 32) | sender's seq. */
#define EMU_WIRE_ID_NONE	U64_MAX

struct emu_event {
	u8 type;		/* enum emu_event_type */
	u8 verdict;		/* emu_verdict, emu_rx_verdict, emu_irq_kind */
	u8 prio, policy;	/* launch */
	u16 len, tsid;		/* launch, rx, wire_lost: bytes with FCS */
	u32 seq;		/* launch, txts, wire_lost: sender's seq */
	u32 from, to, dfrom, dto;	/* launch: 29-bit ticks */
	u32 fcs;		/* launch */
	u64 host_ns;		/* when it happened (the model's host time) */
	u64 enq_ns, enq_tick;	/* launch: the frame entered the queue */
	u64 start_tick, end_tick;	/* launch: on the wire (end: wire free) */
	u64 wire_id;		/* rx, rx_flush */
	u64 value;	/* rx: timestamp; txts: value; pps: pulse; reset: TX */
	u64 value2;	/* rx: counter at first bit; txts: slot; pps: pulses; reset: RX */
};

struct emu_model_ops {
	/*
	 * A frame (with FCS) starts on the wire at @start_ns and has left it
	 * at @end_ns. Called under the caller's serialisation, atomic context.
	 */
	void (*frame_out)(void *ctx, const u8 *frame, u16 len,
			  u64 start_ns, u64 end_ns);
	/* Optional: one record of the event stream, same context. */
	void (*event)(void *ctx, const struct emu_event *ev);
};

/* Run-time configuration; the caller may change it between calls. */
struct emu_model_cfg {
	bool turnaround;	/* read header followed by one dummy byte */
	bool latch;		/* 2-word reads from _H are one snapshot */
	bool device_fcs;	/* Alternative: device appends the TX FCS */
	u32 spi_hz;		/* bus clock, for the time of each word */
	s32 freq_ppb;		/* oscillator error, parts per billion */
	u64 start_tick;		/* counter value at power-up and reset */
	u32 rx_delay_ns;	/* extra delay of the RX timestamp point */
	u32 tx_delay_ns;	/* extra delay of the TX timestamp point */
	u32 rx_meta_limit;	/* metadata entries, <= allocated */
	u32 rx_fifo_limit;	/* frame FIFO bytes, <= allocated */
	u32 tx_buffers;		/* TX pool size, <= allocated */
	u32 system_info;
	u8 mac[6];
	/* Fault rates in parts per million (0 = off). */
	u32 fault_ppm[EMU_F_COUNT];
	/* Rate faults: the next N events of the kind fail, whatever the rate. */
	u32 fault_next[EMU_F_COUNT];
	/* One-shot faults: number of events still to hit. */
	u32 fault_rx_overflow_n;
	u32 fault_rx_orphan_frame_n;
	u32 fault_rx_orphan_meta_n;
	u32 fault_miso_stuck;		/* enum emu_miso_stuck */
	u32 fault_reset_deaf_ms;	/* deaf this long after each reset */
	u32 fault_addr_eio;		/* address whose messages fail; 0 = off */
	bool fault_irq_stuck_low;
	bool fault_tx_stuck;
	/* Realism knobs (docs/emulator.md "Realism knobs"), all in ns. */
	u32 tx_tstamp_latency_ns;	/* FT_TX_TSTAMPn readable this late */
	u32 launch_latency_ns;		/* written frame to earliest start */
	u32 tx_phy_ns;			/* TX timestamp point to the wire */
	u32 fbw_latency_ns;		/* free-buffer count lags this much */
	/* Oscillator imperfections (emu_osc.c); 0 = off. */
	u32 phase_noise_ns;	/* white jitter of TSN_SYSCOUNT samples */
	u32 pps_late;		/* enum emu_pps_late */
};

/* What arming PPS with a PULSE_AT the counter has passed does. */
enum emu_pps_late {
	EMU_PPS_LATE_NEVER,	/* no pulse until PULSE_AT is written again */
	EMU_PPS_LATE_SKIP,	/* first pulse at PULSE_AT + k * CYCLE ahead */
	EMU_PPS_LATE_ONCE,	/* one pulse at once, then as SKIP */
	EMU_PPS_LATE_MAX = EMU_PPS_LATE_ONCE,
};

/* One stretch of the oscillator at a constant frequency. */
struct emu_osc_seg {
	u64 ns;		/* host time it starts */
	u64 tick;	/* counter at @ns ... */
	u64 rem;	/* ... plus rem / 1e10 of a tick */
	s32 ppb;
};

/* Frequency wander and scripted steps (emu_osc.c). */
struct emu_osc {
	s32 wander_ppb;		/* the walk's current offset */
	u32 wander_step_ppb;	/* 0: no walk */
	u32 wander_interval_ms;
	u64 wander_next_ns;
	u64 seed;
	struct rnd_state wander_rnd, noise_rnd;
	u64 noise_last;		/* last TSN_SYSCOUNT sample returned */
	u64 synced_ns;		/* events up to here are applied */
	/* Scripted steps: freq_ppb becomes ppb at t0 + after_ms. */
	u64 script_t0;
	u32 script_n, script_next;
	struct {
		u32 after_ms;
		s32 ppb;
	} script[EMU_OSC_SCRIPT_MAX];
};

struct emu_pps_rec {
	u64 tick;	/* counter value of the pulse */
	u64 host_ns;	/* host (raw) time the counter reached it */
};

struct emu_rx_meta {
	u64 tstamp;
	u16 len;	/* as reported; may be corrupted by a fault */
	u16 stored;	/* bytes held in the frame FIFO */
};

struct emu_tx_entry {
	u32 from, to, dfrom, dto;	/* raw words: (tick29 << 3) | prio */
	u16 len;			/* bytes on the wire, FCS included */
	u16 tsid;
	u8 policy;
	bool delayed;			/* moved to the delay window */
	bool on_wire;
	u32 seq;
	u64 enq_ns;
	u64 end_ns;
	u8 *data;
};

struct emu_launch_rec {
	u32 seq;
	u32 fcs;
	u16 len;
	u16 tsid;
	u32 from, to, dfrom, dto;
	u64 start_tick;	/* counter when transmission started, or evaluated */
	u8 verdict;	/* enum emu_verdict */
};

enum emu_verdict {
	EMU_SENT_IN_WINDOW,
	EMU_SENT_IN_DELAY,
	EMU_DROPPED,
	EMU_DROPPED_RESET,	/* event stream only: queued at a reset */
};

/* A change of the free TX buffer count, for fbw_latency_ns. */
struct emu_fbw_change {
	u64 ns;
	s32 delta;	/* +1 a buffer freed, -1 taken */
};

#define EMU_FBW_HIST		512
/* fbw_latency_ns is clamped to this (the history covers it). */
#define EMU_FBW_LATENCY_MAX	1000000

/* Counters that have no device register; all are also in debugfs. */
struct emu_stats {
	u64 bus_bytes;
	u64 bus_transactions;
	u64 bus_busy_ns;
	u64 bus_errors;
	u64 wire_tx_frames;
	u64 wire_tx_bytes;
	u64 wire_rx_frames;
	u64 tx_in_window;
	u64 tx_in_delay;
	u64 tx_dropped_window;
	u64 tx_dropped_malformed;
	u64 tx_dropped_no_buffer;
	u64 tx_dropped_reset;
	/* Frames in the RX frame FIFO when the device reset. */
	u64 rx_dropped_reset;
	/* Frames popped by host reads that succeeded, and that failed. */
	u64 rx_frames_popped;
	u64 rx_frames_popped_failed;
	/* Frame reads that succeeded on an empty frame FIFO (read zeros). */
	u64 rx_frame_reads_empty;
	/* Frame reads the device did not hear (deaf, MISO stuck): no pop. */
	u64 rx_frame_reads_unheard;
	/* TX frame writes the device parsed (accepted or dropped above). */
	u64 tx_writes;
	/* TX frame writes it never saw: failed before it, deaf, MISO stuck. */
	u64 tx_writes_unseen;
	u64 rx_dropped_disabled;
	u64 rx_dropped_fifo_full;
	u64 rx_dropped_jumbo;
	u64 rx_dropped_fcs;
	/* Frames lost storing only their entry (fault_rx_orphan_meta). */
	u64 rx_dropped_orphan_meta;
	u64 meta_reads_empty;
	u64 irq_edges;
	/* Bus time and messages by the kind of a message's first command. */
	u64 bus_kind_ns[EMU_BUS_KINDS];
	u64 bus_kind_msgs[EMU_BUS_KINDS];
	/* Ethernet frame bytes (FCS included) in TX writes and frame reads. */
	u64 bus_frame_bytes;
	/* Bus idle while the device held RX work (an entry or unread frame). */
	u64 bus_idle_rx_pending_ns;
	/*
	 * Bus idle while the host's next message waited in the SPI core
	 * (handed over, not started): the controller's and SPI core's time
	 * between messages, not the host's.
	 */
	u64 bus_idle_queued_ns;
	/* Host CPU time the emulator spent on messages, spinning included. */
	u64 host_cpu_ns;
	/* Host CPU time its timer (wire, queues, PPS) spent, in hard IRQ. */
	u64 host_timer_ns;
	/* Host time messages overran their bus time and never made up. */
	u64 bus_late_ns;
	u64 violations[EMU_V_COUNT];
	/* Violations a fault provoked: not counted in violations[]. */
	u64 violations_excused;
	u64 faults[EMU_F_COUNT];
	u64 pps_pulses;
	u64 pps_arms;		/* PULSE_AT armed (writes of _L) */
	u64 pps_late;		/* ... with a value the counter had passed */
};

/* The device's own 64-bit registers (section 5). */
struct emu_regs {
	u64 fd_rx_tstamp;
	u64 fd_rx_frames, fd_rx_bytes;
	u64 fd_drop_frames, fd_drop_bytes;
	u64 fd_fcs_frames, fd_fcs_bytes;
	u64 fd_jumbo_frames, fd_jumbo_bytes;
	u64 fd_full_frames, fd_full_bytes;
	u64 fs_rx_frames, fs_rx_beats, fs_back_pressure;
	u64 fsch_new, fsch_valid, fsch_delay, fsch_drop;
	u64 ft_tx_frames, ft_tx_bytes;
	u64 ft_tstamp[LAN1QTSN_TS_SLOTS];
	u32 system_control;
	u32 rx_control_h, rx_control_l;
	u32 tx_control_l;
	u64 pps_pulse_at;
	u64 pps_cycle;		/* in force */
	u32 pps_cycle_h;	/* _H as written, in force with the next _L */
	u32 mac_h, mac_l;
};

struct emu_model {
	struct emu_model_cfg cfg;
	const struct emu_model_ops *ops;
	void *ops_ctx;
	struct rnd_state rnd;
	u64 seed;		/* last seed of rnd */

	/*
	 * Time base: counter = epoch_tick + (epoch_rem + (now - epoch_ns) *
	 * (1e9 + ppb)) / 1e10 ticks; earlier segments in osc_hist.
	 */
	u64 epoch_ns;
	u64 epoch_tick;
	u64 epoch_rem;
	struct emu_osc_seg osc_hist[EMU_OSC_HIST];
	u32 osc_hist_next, osc_hist_count;
	struct emu_osc osc;

	struct emu_regs regs;
	struct emu_stats stats;

	/* RX metadata ring and frame byte ring. */
	struct emu_rx_meta *meta;
	u32 meta_cap, meta_head, meta_count;
	u8 *fifo;
	u32 fifo_cap, fifo_head, fifo_bytes, fifo_beats;
	u32 fifo_frames;	/* frames in the frame FIFO */
	/* Wire identity of each frame in the frame FIFO (event stream). */
	u64 *fifo_ids;
	u32 fifo_ids_cap, fifo_ids_head;
	/* Metadata entries popped whose frame has not been read yet. */
	u32 unread_frames;
	/* The metadata FIFO is non-empty: the device drives the line low. */
	bool irq_low;
	/* Since when the device has held RX work for the host (host ns). */
	u64 rx_pending_since_ns;

	/* Fault state (emu_faults.c). */
	u64 deaf_until_ns;	/* commands ignored before this host time */
	/*
	 * A fault broke the pairing of the two RX FIFOs (or the host's view
	 * of it): pairing violations are excused until both are empty.
	 */
	bool pairing_excused;
	bool msg_cut;		/* executing a message cut short by a fault */

	/*
	 * Host ns at which the bus message being decoded ends as the host
	 * sees it (the glue's, 0: at its last byte): a TX frame is in the
	 * queue by then, never after its write completed.
	 */
	u64 msg_end_ns;

	/* TX queue: a ring over the buffer pool, in arrival order. */
	struct emu_tx_entry *txq;
	u32 txq_cap, txq_head, txq_count;
	u32 tx_seq;
	u32 out_seq;		/* seq of the frame frame_out hands over */
	u64 wire_free_ns;

	u64 pps_next;		/* counter value of the next pulse, 0: none */
	struct emu_pps_rec pps_log[EMU_PPS_LOG_LEN];

	struct emu_launch_rec launch_log[EMU_LAUNCH_LOG_LEN];
	u32 launch_log_next;
	u64 launch_log_total;

	/* Violations not yet reported by the glue, and their details. */
	unsigned long viol_new;
	unsigned long viol_logged;
	char viol_detail[EMU_V_COUNT][96];

	/*
	 * tx_tstamp_latency_ns: a capture not yet readable, per slot; the
	 * slot reads its previous value until @ts_visible_ns.
	 */
	u64 ts_pending[LAN1QTSN_TS_SLOTS];
	u64 ts_visible_ns[LAN1QTSN_TS_SLOTS];
	u8 ts_pending_mask;
	/* fbw_latency_ns: recent changes of the free count, oldest first. */
	struct emu_fbw_change fbw_hist[EMU_FBW_HIST];
	u32 fbw_hist_head, fbw_hist_count;
};

/* Result of one SPI message handled by the model. */
struct emu_xfer_result {
	bool irq_edge;		/* the IRQ line went low: fire */
	bool spurious_irq;	/* fire although nothing changed */
};

int emu_model_init(struct emu_model *m, const struct emu_model_cfg *cfg,
		   const struct emu_model_ops *ops, void *ctx, u64 seed,
		   u64 now_ns);
void emu_model_free(struct emu_model *m);
void emu_model_reset(struct emu_model *m, u64 now_ns);

/* One chip-select window; @byte_ns is the bus time of one byte. */
void emu_model_xfer(struct emu_model *m, const u8 *tx, u8 *rx, u32 len,
		    u64 start_ns, u32 byte_ns, struct emu_xfer_result *res);
/* A frame from the wire whose first bit arrived at @sof_ns. */
bool emu_model_rx(struct emu_model *m, const u8 *frame, u16 len, u64 sof_ns);
/* The same, with the frame's identity on the cable for the event stream. */
bool emu_model_rx_id(struct emu_model *m, const u8 *frame, u16 len,
		     u64 sof_ns, u64 wire_id);
/* Run the scheduler up to @now_ns; returns the next event time or 0. */
u64 emu_model_advance(struct emu_model *m, u64 now_ns);

/* Time base (emu_osc.c). */
u64 emu_model_counter(const struct emu_model *m, u64 now_ns);
u64 emu_model_counter_to_ns(const struct emu_model *m, u64 tick);
void emu_model_set_freq(struct emu_model *m, s32 ppb, u64 now_ns);
s32 emu_model_ppb_at(const struct emu_model *m, u64 now_ns);
void emu_osc_sync(struct emu_model *m, u64 now_ns);
void emu_osc_reset(struct emu_model *m, u64 now_ns);
void emu_osc_seed(struct emu_model *m, u64 seed);
void emu_osc_set_wander(struct emu_model *m, u32 step_ppb, u32 interval_ms,
			u64 now_ns);
int emu_osc_set_script(struct emu_model *m, const u32 *after_ms,
		       const s32 *ppb, u32 n, bool append, u64 now_ns);
u64 emu_osc_sample(struct emu_model *m, u64 now_ns);

/* PPS generator (emu_pps.c). */
void emu_pps_write(struct emu_model *m, u16 reg, u32 val, u64 t_ns);
void emu_pps_advance(struct emu_model *m, u64 now_ns);
u64 emu_pps_next_ns(const struct emu_model *m);

/* Window arithmetic, modulo 2^29. */
bool emu_window_open(u32 tick29, u32 from29, u32 to29);
bool emu_window_future(u32 tick29, u32 from29);

bool emu_model_fault_hit(struct emu_model *m, enum emu_fault f);
void emu_model_seed(struct emu_model *m, u64 seed);
bool emu_model_irq_line_low(const struct emu_model *m);
u32 emu_model_free_buffers(const struct emu_model *m);
/* What FBW_BUFFER_WRITE_STATUS1_H shows at @now_ns (fbw_latency_ns). */
u32 emu_model_free_buffers_seen(const struct emu_model *m, u64 now_ns);
/* Inside the model: a buffer taken (-1) or freed (+1) at @ns. */
void emu_model_fbw_note(struct emu_model *m, u64 ns, s32 delta);
/* A violation the glue found in a message (SPI mode, speed, buffers). */
void emu_model_host_violation(struct emu_model *m, enum emu_violation v,
			      const char *detail);
u32 emu_model_reg_read(struct emu_model *m, u16 reg, u64 now_ns);
u32 emu_fcs(const u8 *data, u32 len);
void emu_model_event(struct emu_model *m, struct emu_event *ev);
void emu_model_event_irq(struct emu_model *m, enum emu_irq_kind kind,
			 u64 now_ns);
void emu_model_event_pps(struct emu_model *m, u64 pulse, u64 pulses,
			 u64 t_ns);
void emu_log_launch_event(struct emu_model *m, const struct emu_tx_entry *e,
			  u64 t_ns, u64 tick, enum emu_verdict verdict);

enum emu_bus_kind emu_model_bus_kind(const struct emu_model *m, const u8 *tx,
				     u32 len, u32 *frame_bytes);
bool emu_model_rx_pending(const struct emu_model *m);

extern const char *const emu_violation_names[EMU_V_COUNT];
extern const char *const emu_bus_kind_names[EMU_BUS_KINDS];
extern const char *const emu_fault_names[EMU_F_COUNT];

#endif /* EMU_MODEL_H */
