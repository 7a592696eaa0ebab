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

#include <linux/irqreturn.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/seqlock.h>
#include <linux/skbuff.h>
#include <linux/u64_stats_sync.h>
#include <linux/wait.h>

#include "lan1qtsn_bus.h"
#include "lan1qtsn_frame.h"

#define LAN1QTSN_DRV_NAME		"lan1qtsn"
#define LAN1QTSN_TX_QUEUES		8
/* Software ring per TX queue; BQL keeps the bytes in it small. */
#define LAN1QTSN_TX_RING_LEN		32
/* Wake a stopped queue only once a few slots are free again. */
#define LAN1QTSN_TX_WAKE_THRESH		8
/* TX frames per round of the owner thread, and RX frames per TX frame. */
#define LAN1QTSN_ROUND_FRAMES		16
#define LAN1QTSN_RX_WEIGHT		2
/* Received frames waiting for NAPI; beyond this the stack is not keeping up. */
#define LAN1QTSN_RX_BACKLOG		1024
/* The device may take this long to free a TX buffer before we resync. */
#define LAN1QTSN_TX_STUCK_MS		2000
#define LAN1QTSN_CREDIT_POLL_US		200
/* With nothing to do, poll the RX FIFO this often in case an edge was lost. */
#define LAN1QTSN_IDLE_POLL_MS		1000
#define LAN1QTSN_TX_TIMEOUT_MS		5000

/* Owner thread events (bits of lan1qtsn_priv.events). */
enum lan1qtsn_event {
	LAN1QTSN_EV_RX,		/* the RX metadata FIFO may hold entries */
	LAN1QTSN_EV_TX,		/* a TX ring holds frames */
	LAN1QTSN_EV_RESYNC,	/* resynchronise the device (full) */
	LAN1QTSN_EV_RECOVER,	/* recover from a failed transaction */
	LAN1QTSN_EV_IRQ_MASKED,	/* level IRQ masked until the FIFO is empty */
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
	LAN1QTSN_DP_NR_COUNTERS
};

/* Counters written by NAPI poll only. */
enum lan1qtsn_napi_counter {
	LAN1QTSN_NAPI_RX_PACKETS,
	LAN1QTSN_NAPI_RX_BYTES,
	LAN1QTSN_NAPI_NR_COUNTERS
};

/**
 * struct lan1qtsn_clock_relation - cached system counter <-> PHC <-> host
 * @seq: lets atomic readers (xmit, the owner thread) take a consistent copy
 * @counter: system counter value at the snapshot
 * @phc_ns: PHC time at @counter
 * @host_ns: CLOCK_TAI at @counter
 * @valid: a snapshot exists
 *
 * Filled by the PTP aux worker (a later issue) so that launch windows and
 * timestamps are computed without any bus access on the data path.
 */
struct lan1qtsn_clock_relation {
	seqlock_t seq;
	u64 counter;
	u64 phc_ns;
	u64 host_ns;
	bool valid;
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
 * @credits: free device TX buffers; owner thread only
 * @credit_blocked: the device had no free buffer at the last refresh; the
 *		    thread polls instead of waiting for xmit
 * @credit_stalled: no refresh has found a free buffer since
 *		    @credit_stalled_since (jiffies); too long means a stuck TX
 * @tx_next_queue: round-robin position among the TX rings
 * @tx_ring: frames queued by ndo_start_xmit per TX queue (lock: its own)
 * @rx_last_poll: jiffies of the last RX metadata read; owner thread only
 * @rx_frame_owed: an RX entry was popped but its frame was not read;
 *		   owner thread only
 * @rx_owed: that entry; frame_len 0 when it was impossible
 * @health_next: jiffies of the next device health check; owner thread only
 * @rx_backlog: received frames waiting for NAPI (lock: its own, _bh)
 * @napi: delivers @rx_backlog after every driver lock is dropped
 * @irq: the device interrupt
 * @irq_level: the interrupt is level-triggered (masked while handled)
 * @clock: cached clock relation (PTP, later)
 * @dp_syncp: protects @dp_cnt
 * @dp_cnt: enum lan1qtsn_dp_counter
 * @napi_syncp: protects @napi_cnt
 * @napi_cnt: enum lan1qtsn_napi_counter
 */
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

	struct lan1qtsn_tx_credits credits;
	bool credit_blocked;
	bool credit_stalled;
	unsigned long credit_stalled_since;
	unsigned int tx_next_queue;
	struct sk_buff_head tx_ring[LAN1QTSN_TX_QUEUES];

	unsigned long rx_last_poll;
	unsigned long health_next;
	bool rx_frame_owed;
	struct lan1qtsn_rx_meta rx_owed;
	struct sk_buff_head rx_backlog;
	struct napi_struct napi;
	int irq;
	bool irq_level;

	struct lan1qtsn_clock_relation clock;

	struct u64_stats_sync dp_syncp;
	u64_stats_t dp_cnt[LAN1QTSN_DP_NR_COUNTERS];
	struct u64_stats_sync napi_syncp;
	u64_stats_t napi_cnt[LAN1QTSN_NAPI_NR_COUNTERS];
};

/* lan1qtsn_datapath.c */
void lan1qtsn_dp_init(struct lan1qtsn_priv *priv);
int lan1qtsn_dp_start_thread(struct lan1qtsn_priv *priv);
void lan1qtsn_dp_stop_thread(struct lan1qtsn_priv *priv);
int lan1qtsn_dp_up(struct lan1qtsn_priv *priv);
void lan1qtsn_dp_down(struct lan1qtsn_priv *priv);
void lan1qtsn_dp_kick(struct lan1qtsn_priv *priv, enum lan1qtsn_event ev);
irqreturn_t lan1qtsn_irq_handler(int irq, void *data);
int lan1qtsn_napi_poll(struct napi_struct *napi, int budget);
void lan1qtsn_dp_read_counters(struct lan1qtsn_priv *priv, u64 *dp, u64 *napi);

static inline unsigned int lan1qtsn_tx_ring_free(struct lan1qtsn_priv *priv,
						 unsigned int q)
{
	return LAN1QTSN_TX_RING_LEN -
	       skb_queue_len_lockless(&priv->tx_ring[q]);
}

/* lan1qtsn_netdev.c */
void lan1qtsn_netdev_setup(struct net_device *ndev);

/* lan1qtsn_ethtool.c */
extern const struct ethtool_ops lan1qtsn_ethtool_ops;

#endif /* LAN1QTSN_H */
