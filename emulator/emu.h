/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lan1qtsn_emu: glue between the pure device model and the kernel (SPI
 * controller, simulated interrupt, wire timers, debugfs).
 */
#ifndef EMU_H
#define EMU_H

#include <linux/fault-inject.h>
#include <linux/hrtimer.h>
#include <linux/irq.h>
#include <linux/irq_work.h>
#include <linux/list.h>
#include <linux/property.h>
#include <linux/spinlock.h>

#include "emu_faults.h"

/* Largest message: TX header, metadata and a maximal frame with FCS. */
#define EMU_MSG_MAX		4096
#define EMU_DEF_SPI_HZ		15000000
#define EMU_DEF_OVERHEAD_NS	5000
/* Bus-time debt (emu_bus_wait): at most this much, forgotten after idle. */
#define EMU_BUS_DEBT_MAX_NS	(2 * NSEC_PER_MSEC)
#define EMU_BUS_DEBT_IDLE_NS	NSEC_PER_MSEC
/* Realism knob defaults: docs/emulator.md "Realism knobs" has the evidence. */
#define EMU_DEF_SPI_MAX_HZ	15000000
#define EMU_DEF_LAUNCH_LAT_NS	130
#define EMU_DEF_TX_PHY_NS	300
#define EMU_DEF_RX_DELAY_NS	512
/* debugfs u32 knobs written under the board lock: rate and next per kind. */
#define EMU_KNOBS_MAX		(2 * (EMU_F_RATE_LAST + 1) + 24)

struct dentry;
struct platform_device;
struct spi_controller;
struct spi_device;
struct net_device;

/* A frame travelling on the cable towards a board. */
struct emu_wire_frame {
	struct list_head node;
	u64 sof_ns;		/* first bit at the receiver */
	u64 deliver_ns;		/* last bit at the receiver */
	u64 wire_id;		/* (sender << 32) | sender's seq */
	u16 len;
	u8 data[] __counted_by(len);
};

/* Messages a host may have queued on the SPI core at once, remembered. */
#define EMU_HANDED_MSGS	8

struct emu_board {
	int index;
	struct emu_board *peer;

	/*
	 * Protects the model, the wire lists and the timer state. Taken from
	 * process context (SPI, debugfs) and from the hrtimer (hard irq).
	 */
	spinlock_t lock;
	struct emu_model model;
	u64 model_next_ns;
	/* Host time the last message left the bus (under lock). */
	u64 bus_free_ns;
	/* Host time messages overran, to repay (emu_bus_wait; SPI core serialised). */
	u64 bus_debt_ns;
	/*
	 * When the host handed each of its last messages to the SPI core
	 * (emu_optimize_message), for bus_idle_queued_ns (under lock).
	 */
	struct {
		const struct spi_message *msg;
		u64 ns;
	} handed[EMU_HANDED_MSGS];
	unsigned int handed_next;
	/*
	 * The cable from this board to its peer: frames in the order they
	 * went on the wire, until the peer's run takes them off at arrival
	 * (under the peer's lock). cable_lock is a leaf, taken under either
	 * board's lock; the sender appends and only the receiver removes,
	 * so frames arrive in wire order, whatever context runs which.
	 */
	spinlock_t cable_lock;
	struct list_head cable;
	unsigned long cable_flags;	/* EMU_CABLE_KICK */
	/* Frames done with (arrived here): tapped and freed after unlock. */
	struct list_head outgoing;
	u64 wire_alloc_failures;
	struct hrtimer timer;
	bool stopping;

	/* Bus timing and host checks; read without the lock. */
	u32 spi_hz;
	u32 overhead_ns;
	u32 wire_delay_ns;
	bool strict;

	struct platform_device *pdev;
	struct spi_controller *ctlr;
	struct spi_device *spi;
	u8 *msg_tx, *msg_rx;
	/* Violation details to print; the SPI core serialises messages. */
	char viol_report[EMU_V_COUNT][96];

	struct irq_domain *domain;
	unsigned int virq;
	struct irq_chip irqchip;	/* irq_sim's chip, plus level types */
	const struct irq_chip *sim_chip;
	bool irq_level;
	/*
	 * Level-low: irq_sim runs handle_simple_irq, which never masks, so
	 * a level interrupt is raised through this work and the descriptor's
	 * own flow handler (handle_level_irq), with the mask state here.
	 */
	struct irq_work irq_work;
	bool irq_masked;
	/* fault_irq_delay_us: edges wait in this timer. */
	u32 irq_delay_us;
	struct hrtimer irq_timer;

	/* Kernel fault-injection attributes (fail_spi, fail_spi_after). */
	struct fault_attr fail_spi;
	struct fault_attr fail_spi_after;
	/*
	 * Fault knobs the model reads under b->lock: debugfs writes them
	 * under the lock too (a plain debugfs u32 would race with the model).
	 */
	struct emu_knob {
		struct emu_board *b;
		u32 *val;
		u32 max;
	} knobs[EMU_KNOBS_MAX];
	unsigned int n_knobs;

	u8 mac_addr[6];
	/* SPI clock, MAC, FCS mode, reset line, terminator */
	struct property_entry props[5];
	/* reset-gpios: the line of a GPIO chip the rig sets up (reset_gpio=) */
	struct software_node_ref_args reset_ref[1];
	struct software_node swnode;
	bool swnode_registered;

	struct net_device *tap;
	struct dentry *dir;

	/* Fastest SCLK the board takes (0: no limit); read without the lock. */
	u32 spi_max_hz;
};

/* cable_flags: the sender added frames, the peer's timer must look. */
#define EMU_CABLE_KICK	0

/* emu_events.c */
int emu_events_init(unsigned int len);
void emu_events_stop(void);
void emu_events_free(void);
u64 emu_events_next_seq(void);
void emu_event_record(int board, const struct emu_event *ev);
void emu_event_glue(int board, struct emu_event *ev);
void emu_events_debugfs(struct dentry *root);

/* emu_wire.c */
void emu_wire_init(struct emu_board *b);
void emu_wire_stop(struct emu_board *b);
void emu_wire_free(struct emu_board *b);
bool emu_board_run_locked(struct emu_board *b, u64 now_ns);
void emu_board_kick_locked(struct emu_board *b);
void emu_wire_handover(struct emu_board *b, struct list_head *frames);
void emu_board_sync(struct emu_board *b);
void emu_board_sync_at(struct emu_board *b, u64 now_ns);
extern const struct emu_model_ops emu_wire_ops;

/* emu_main.c */
void emu_irq_fire(struct emu_board *b);
void emu_report_violations(struct emu_board *b, unsigned long mask,
			   const char details[][96]);

/* emu_debugfs.c */
void emu_debugfs_board(struct emu_board *b, struct dentry *root);
struct dentry *emu_debugfs_clocks(struct dentry *root, struct emu_board **boards,
				  unsigned int n);

/* emu_tap.c */
int emu_tap_create(struct emu_board *b);
void emu_tap_destroy(struct emu_board *b);
void emu_tap_frame(struct emu_board *b, const u8 *frame, u16 len);

#endif /* EMU_H */
