/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LAN1QTSN bus layer: every SPI transaction with the device goes through
 * here. All operations sleep (spi_sync under a mutex) and must only be
 * called from process context.
 */
#ifndef LAN1QTSN_BUS_H
#define LAN1QTSN_BUS_H

#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>

#include "../lan1qtsn_hw.h"

struct sk_buff;
struct spi_device;
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
struct lan1qtsn_bus {
	struct spi_device *spi;
	struct mutex lock; /* one transaction at a time */
	u8 *cmd_buf;
	u8 *rd_cmd_buf;
	u8 *rx_buf;
	/* 4: the host appends the TX FCS; 0: the device does (DT property). */
	unsigned int tx_fcs_len;
	struct u64_stats_sync syncp;
	u64_stats_t cnt[LAN1QTSN_BUS_NR_COUNTERS];
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
int lan1qtsn_bus_write_tx_frame(struct lan1qtsn_bus *bus,
				const struct lan1qtsn_tx_window *win,
				const struct sk_buff *skb);
int lan1qtsn_bus_read_rx_meta(struct lan1qtsn_bus *bus, u8 *raw);
int lan1qtsn_bus_read_rx_frame(struct lan1qtsn_bus *bus, u8 *dst,
			       unsigned int len);
void lan1qtsn_bus_get_counters(struct lan1qtsn_bus *bus, u64 *out);

#endif /* LAN1QTSN_BUS_H */
