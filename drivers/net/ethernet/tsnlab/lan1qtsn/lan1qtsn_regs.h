/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LAN1QTSN register map and SPI wire format.
 *
 * This header is the code form of docs/device-spec.md (sections 1, 3 and 5).
 * It holds constants only: the driver and the emulator each implement the
 * protocol on their own, so that one side's misreading of the spec shows up
 * as a protocol violation counted by the other.
 */
#ifndef LAN1QTSN_REGS_H
#define LAN1QTSN_REGS_H

#include <linux/bits.h>

/* SPI command header: [cmd][addr15..8][addr7..0] */
#define LAN1QTSN_CMD_WRITE		0x01
#define LAN1QTSN_CMD_READ		0x02
#define LAN1QTSN_HDR_LEN		3
/* One turnaround byte follows a read header (Aug-2025 bitstream). */
#define LAN1QTSN_RD_GAP_LEN		1

/* Address spaces: the top nibble of the 16-bit address. */
#define LAN1QTSN_SPACE_MASK		0xF000
#define LAN1QTSN_REG_MASK		0x0FFF
#define LAN1QTSN_SPACE_RX_FRAME		0x1000
#define LAN1QTSN_SPACE_TX_FRAME		0x2000
#define LAN1QTSN_SPACE_REG_READ		0x3000
#define LAN1QTSN_SPACE_REG_WRITE	0x4000
#define LAN1QTSN_SPACE_RX_META		0xF000

/* A command carries at most two 32-bit big-endian registers. */
#define LAN1QTSN_MAX_BURST_REGS		2

/* RX metadata entry: be64 counter at start of frame, be16 length incl. FCS. */
#define LAN1QTSN_RX_META_LEN		10
#define LAN1QTSN_RX_META_TS_OFF		0
#define LAN1QTSN_RX_META_LEN_OFF	8

/* TX metadata: 32 bytes, big-endian, no padding. */
#define LAN1QTSN_TX_META_LEN		32
#define LAN1QTSN_TX_META_FROM_OFF	0
#define LAN1QTSN_TX_META_TO_OFF		4
#define LAN1QTSN_TX_META_DFROM_OFF	8
#define LAN1QTSN_TX_META_DTO_OFF	12
#define LAN1QTSN_TX_META_FLEN_OFF	16
#define LAN1QTSN_TX_META_TSID_OFF	18
#define LAN1QTSN_TX_META_POLICY_OFF	20
#define LAN1QTSN_TX_META_RSVD_OFF	21

/* Window words: (tick29 << 3) | prio3. */
#define LAN1QTSN_TICK_BITS		29
#define LAN1QTSN_TICK_MASK		GENMASK(28, 0)
#define LAN1QTSN_TICK_SHIFT		3
#define LAN1QTSN_PRIO_MASK		GENMASK(2, 0)

#define LAN1QTSN_FAIL_DROP		0
#define LAN1QTSN_FAIL_RETRY		1

/* TX timestamp capture slots: timestamp_id 1..4, 0 = none. */
#define LAN1QTSN_TS_SLOTS		4

/* Frame sizes as the device sees them. */
#define LAN1QTSN_MIN_FRAME_NOFCS	60
#define LAN1QTSN_MAX_FRAME_NOFCS	1522
#define LAN1QTSN_FCS_LEN		4

/* The system counter runs at 100 MHz: 10 ns per tick. */
#define LAN1QTSN_NS_PER_TICK		10

/* The Ethernet port: 100 Mbit/s, 80 ns per byte, preamble and IFG. */
#define LAN1QTSN_WIRE_NS_PER_BYTE	80
#define LAN1QTSN_WIRE_PREAMBLE		8
#define LAN1QTSN_WIRE_IFG		12

/* Registers: 64-bit pairs, _H at 8k, _L at 8k + 4. */
#define LAN1QTSN_FD_RX_TSTAMP_H			0x000
#define LAN1QTSN_FD_TOTAL_RX_FRAME_CNT_H	0x018
#define LAN1QTSN_FD_TOTAL_RX_BYTE_CNT_H		0x020
#define LAN1QTSN_FD_TOTAL_DROP_FRAME_CNT_H	0x028
#define LAN1QTSN_FD_TOTAL_DROP_BYTE_CNT_H	0x030
#define LAN1QTSN_FD_FCS_DROP_FRAME_CNT_H	0x038
#define LAN1QTSN_FD_FCS_DROP_BYTE_CNT_H		0x040
#define LAN1QTSN_FD_JUMBO_DROP_FRAME_CNT_H	0x048
#define LAN1QTSN_FD_JUMBO_DROP_BYTE_CNT_H	0x050
#define LAN1QTSN_FD_FIFO_FULL_DROP_FRAME_CNT_H	0x058
#define LAN1QTSN_FD_FIFO_FULL_DROP_BYTE_CNT_H	0x060
#define LAN1QTSN_TSN_RX_FIFO_STATUS_L		0x0AC
#define LAN1QTSN_RX_FIFO_FRAME_CNT		GENMASK(28, 16)
#define LAN1QTSN_RX_FIFO_META_CNT		GENMASK(8, 0)
#define LAN1QTSN_FS_TOTAL_RX_FRAME_CNT_H	0x0B8
#define LAN1QTSN_FS_TOTAL_RX_16BYTE_CNT_H	0x0C0
#define LAN1QTSN_FS_TOTAL_BACK_PRESSURE_CNT_H	0x0C8
#define LAN1QTSN_FSCH_TOTAL_NEW_ENTRY_CNT_H	0x120
#define LAN1QTSN_FSCH_TOTAL_VALID_ENTRY_CNT_H	0x128
#define LAN1QTSN_FSCH_TOTAL_DELAY_ENTRY_CNT_H	0x130
#define LAN1QTSN_FSCH_TOTAL_DROP_ENTRY_CNT_H	0x138
#define LAN1QTSN_FBW_BUFFER_WRITE_STATUS1_H	0x148
#define LAN1QTSN_FBW_FREE_BUFFERS		GENMASK(7, 0)
#define LAN1QTSN_FT_TOTAL_TX_FRAME_CNT_H	0x1C8
#define LAN1QTSN_FT_TOTAL_TX_BYTE_CNT_H		0x1D0
#define LAN1QTSN_FT_TX_TSTAMP1_H		0x1D8
#define LAN1QTSN_FT_TX_TSTAMP_H(n)		(LAN1QTSN_FT_TX_TSTAMP1_H + 8 * ((n) - 1))
#define LAN1QTSN_TSN_SYSTEM_INFO_H		0x278
#define LAN1QTSN_TSN_MAC_ADDR_H			0x280
#define LAN1QTSN_TSN_MAC_ADDR_L			0x284
#define LAN1QTSN_TSN_SYSCOUNT_H			0x288
#define LAN1QTSN_TSN_SYSCOUNT_L			0x28C
#define LAN1QTSN_TSN_SYSTEM_CONTROL_L		0x294
#define LAN1QTSN_TSN_ENABLE			BIT(0)
#define LAN1QTSN_TSN_RX_CONTROL_H		0x298
#define LAN1QTSN_TSN_RX_CONTROL_L		0x29C
#define LAN1QTSN_TSN_TX_CONTROL_L		0x2A4
#define LAN1QTSN_PPS_PULSE_AT_H			0x2A8
#define LAN1QTSN_PPS_CYCLE_1S_H			0x2B0
#define LAN1QTSN_REG_LAST			0x2B4

#endif /* LAN1QTSN_REGS_H */
