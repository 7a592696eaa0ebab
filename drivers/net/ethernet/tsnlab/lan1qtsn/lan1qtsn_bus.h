/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LAN1QTSN bus layer: every SPI transaction with the device goes through
 * here. All operations sleep and must only be called from process context:
 * spi_sync() under a mutex, but for TX frame writes, which the owner thread
 * queues with spi_async() (up to LAN1QTSN_BUS_TX_SLOTS at once) so that it
 * builds the next frame while the last one is on the bus.
 */
#ifndef LAN1QTSN_BUS_H
#define LAN1QTSN_BUS_H

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/mutex.h>
#include <linux/spi/spi.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/u64_stats_sync.h>

#include "../lan1qtsn_hw.h"

struct sk_buff;
struct lan1qtsn_tx_window;
struct ptp_system_timestamp;

enum lan1qtsn_bus_counter {
	LAN1QTSN_BUS_REG_READ,
	LAN1QTSN_BUS_REG_WRITE,
	LAN1QTSN_BUS_TX_FRAME,
	LAN1QTSN_BUS_RX_META,
	LAN1QTSN_BUS_RX_FRAME,
	LAN1QTSN_BUS_BYTES,
	LAN1QTSN_BUS_ERRORS,
	LAN1QTSN_BUS_NR_COUNTERS
};

/**
 * struct lan1qtsn_bus - the SPI link to one device
 * @spi: the SPI device
 * @lock: serialises transactions and the DMA-safe buffers below
 * @cmd_buf: MOSI buffer: command header, then metadata and frame for writes
 * @rd_cmd_buf: MOSI buffer for reads: header, then zeros
 * @rx_buf: MISO buffer for reads
 * @syncp: protects @cnt
 * @cnt: per-operation counters (enum lan1qtsn_bus_counter)
 */
/*
 * TX writes queued at once: one on the bus, the next queued behind it
 * while the owner thread builds a third.
 */
#define LAN1QTSN_BUS_TX_SLOTS	2

/**
 * struct lan1qtsn_bus_tx_slot - one queued TX frame write
 * @msg: its SPI message (spi_async())
 * @xfer: its one transfer
 * @done: completed by the SPI core when the message has ended
 * @bus: the bus it belongs to
 * @buf: the command: header, metadata, frame, FCS (DMA-safe)
 * @bytes: its length
 * @status: the message's result, valid once @done
 * @busy: submitted and not yet waited for; owner thread only
 */
struct lan1qtsn_bus_tx_slot {
	struct spi_message msg;
	struct spi_transfer xfer;
	struct completion done;
	struct lan1qtsn_bus *bus;
	u8 *buf;
	unsigned int bytes;
	int status;
	bool busy;
};

struct lan1qtsn_bus {
	struct spi_device *spi;
	struct mutex lock; /* buffers, submissions, counters */
	u8 *cmd_buf;
	u8 *rd_cmd_buf;
	u8 *rx_buf;
	/* 4: the host appends the TX FCS; 0: the device does (DT property). */
	unsigned int tx_fcs_len;
	struct u64_stats_sync syncp;
	u64_stats_t cnt[LAN1QTSN_BUS_NR_COUNTERS];
	struct lan1qtsn_bus_tx_slot tx[LAN1QTSN_BUS_TX_SLOTS];
	unsigned int tx_next; /* slot of the next write; owner thread */
	atomic_t tx_queued; /* writes the SPI core has not ended yet */
	wait_queue_head_t tx_idle_wq; /* woken when tx_queued drops to 0 */
};

int lan1qtsn_bus_init(struct lan1qtsn_bus *bus, struct spi_device *spi);
int lan1qtsn_bus_read_regs(struct lan1qtsn_bus *bus, u16 reg, u32 *vals,
			   unsigned int n);
int lan1qtsn_bus_write_regs(struct lan1qtsn_bus *bus, u16 reg,
			    const u32 *vals, unsigned int n);
int lan1qtsn_bus_read_reg(struct lan1qtsn_bus *bus, u16 reg, u32 *val);
int lan1qtsn_bus_write_reg(struct lan1qtsn_bus *bus, u16 reg, u32 val);
int lan1qtsn_bus_read_u64(struct lan1qtsn_bus *bus, u16 reg_h, u64 *val);
int lan1qtsn_bus_read_u64_stamped(struct lan1qtsn_bus *bus, u16 reg_h,
				  u64 *val, struct ptp_system_timestamp *sts,
				  u64 *raw, u64 *span);
int lan1qtsn_bus_read_system_info(struct lan1qtsn_bus *bus, u32 *info);
int lan1qtsn_bus_tx_submit(struct lan1qtsn_bus *bus,
			   const struct lan1qtsn_tx_window *win,
			   const struct sk_buff *skb, bool wait);
int lan1qtsn_bus_tx_wait(struct lan1qtsn_bus *bus, unsigned int slot);
int lan1qtsn_bus_read_rx_meta(struct lan1qtsn_bus *bus, u8 *raw);
int lan1qtsn_bus_read_rx_frame(struct lan1qtsn_bus *bus, u8 *dst,
			       unsigned int len);
void lan1qtsn_bus_get_counters(struct lan1qtsn_bus *bus, u64 *out);

#endif /* LAN1QTSN_BUS_H */
