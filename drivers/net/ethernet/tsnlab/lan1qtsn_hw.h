/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LAN1QTSN hardware facts: register map, SPI command bytes, address
 * spaces, field layouts and structural sizes.
 *
 * Shared by the driver (lan1qtsn/, a relative include) and the emulator,
 * its test client and the user-space builds (which get this folder, and
 * only this folder, on their include path; tests/rig/static-checks.sh fails
 * if one of them includes a driver header). Facts only: no policy (the
 * driver's TX frame limits live in lan1qtsn/lan1qtsn_frame.h, the
 * emulator's device limits in emulator/emu_model.h) and no code. Each side
 * implements the protocol on its own from these facts, so that a misreading
 * of the protocol by one side shows up as a violation counted by the other.
 * A misread fact here would still be mirrored on both sides: both KUnit
 * suites therefore check literal byte vectors from the evidence, not
 * vectors built from these names.
 *
 * Each fact carries the confidence of its evidence and the section of
 * hardware-research.md (shared docs) it comes from:
 *   CONFIRMED  two or more independent sources agree;
 *   SINGLE     one source (mostly the 20250529 register spreadsheet, 2);
 *   INFERRED   a reading of code, logs or disassembly, a hypothesis;
 *   802.3      the Ethernet standard, not the research.
 */
#ifndef LAN1QTSN_HW_H
#define LAN1QTSN_HW_H

#include <linux/bits.h>

/* SPI command header: [cmd][addr15..8][addr7..0]. CONFIRMED 1.1 */
#define LAN1QTSN_CMD_WRITE		0x01
#define LAN1QTSN_CMD_READ		0x02
#define LAN1QTSN_HDR_LEN		3
/*
 * One turnaround byte follows a read header: every kernel driver of
 * Jul-Aug 2025 sends it, the June MPW code did not. INFERRED 1.3
 */
#define LAN1QTSN_RD_GAP_LEN		1

/* Address spaces: the top nibble of the 16-bit address. CONFIRMED 1.1 */
#define LAN1QTSN_SPACE_MASK		0xF000
#define LAN1QTSN_REG_MASK		0x0FFF
#define LAN1QTSN_SPACE_RX_FRAME		0x1000
#define LAN1QTSN_SPACE_TX_FRAME		0x2000
#define LAN1QTSN_SPACE_REG_READ		0x3000
#define LAN1QTSN_SPACE_REG_WRITE	0x4000
#define LAN1QTSN_SPACE_RX_META		0xF000

/*
 * A command carries at most two 32-bit big-endian registers. CONFIRMED 1.4
 * (that the address auto-increments, _H then _L: INFERRED 1.4)
 */
#define LAN1QTSN_MAX_BURST_REGS		2

/*
 * RX metadata entry: be64 counter at the start of the frame, be16 length
 * including the FCS, 0 = empty. CONFIRMED 1.5, 3.3
 */
#define LAN1QTSN_RX_META_LEN		10
#define LAN1QTSN_RX_META_TS_OFF		0
#define LAN1QTSN_RX_META_LEN_OFF	8

/* TX metadata: 32 bytes, big-endian, no padding. CONFIRMED 3.1 */
#define LAN1QTSN_TX_META_LEN		32
#define LAN1QTSN_TX_META_FROM_OFF	0
#define LAN1QTSN_TX_META_TO_OFF		4
#define LAN1QTSN_TX_META_DFROM_OFF	8
#define LAN1QTSN_TX_META_DTO_OFF	12
#define LAN1QTSN_TX_META_FLEN_OFF	16
#define LAN1QTSN_TX_META_TSID_OFF	18
#define LAN1QTSN_TX_META_POLICY_OFF	20
#define LAN1QTSN_TX_META_RSVD_OFF	21

/*
 * Window words: (tick29 << 3) | prio3. The struct is CONFIRMED 3.1; its
 * wire layout was verified with GCC, the FPGA's decoding is INFERRED 3.1.
 */
#define LAN1QTSN_TICK_BITS		29
#define LAN1QTSN_TICK_MASK		GENMASK(28, 0)
#define LAN1QTSN_TICK_SHIFT		3
#define LAN1QTSN_PRIO_MASK		GENMASK(2, 0)

/* fail_policy values CONFIRMED 3.1; what the device does INFERRED 5.1 */
#define LAN1QTSN_FAIL_DROP		0
#define LAN1QTSN_FAIL_RETRY		1

/* TX timestamp capture slots: timestamp_id 1..4, 0 = none. CONFIRMED 2.8 */
#define LAN1QTSN_TS_SLOTS		4

/* The FCS travels with the frame on RX (CONFIRMED 3.4) and TX (INFERRED 3.1) */
#define LAN1QTSN_FCS_LEN		4

/* The system counter runs at 100 MHz: 10 ns per tick. CONFIRMED 4.1 */
#define LAN1QTSN_NS_PER_TICK		10

/*
 * The Ethernet port: 100 Mbit/s (CONFIRMED 5.2), so 80 ns per byte;
 * preamble + SFD and the inter-frame gap are 802.3. The speed is the one
 * name the wire time, the CBS port rate and ethtool's link settings all
 * derive from, so they cannot disagree.
 */
#define LAN1QTSN_LINK_SPEED_MBPS	100
#define LAN1QTSN_WIRE_NS_PER_BYTE	(8 * 1000 / LAN1QTSN_LINK_SPEED_MBPS)
#define LAN1QTSN_WIRE_PREAMBLE		8
#define LAN1QTSN_WIRE_IFG		12

/*
 * Registers: 64-bit pairs, _H at 8k, _L at 8k + 4 (CONFIRMED 2). Offsets
 * are SINGLE 2 (the spreadsheet) unless marked; the ones a driver or the
 * PCIe 1-Queue header also used are CONFIRMED.
 */
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
/* Fields SINGLE 2.2; that they count pending frames/entries INFERRED 2.2 */
#define LAN1QTSN_TSN_RX_FIFO_STATUS_L		0x0AC
#define LAN1QTSN_RX_FIFO_FRAME_CNT		GENMASK(28, 16)
#define LAN1QTSN_RX_FIFO_META_CNT		GENMASK(8, 0)
#define LAN1QTSN_FS_TOTAL_RX_FRAME_CNT_H	0x0B8
#define LAN1QTSN_FS_TOTAL_RX_16BYTE_CNT_H	0x0C0
#define LAN1QTSN_FS_TOTAL_BACK_PRESSURE_CNT_H	0x0C8
/* FSCH NEW/VALID/DROP: CONFIRMED 2.5 (C14 and the PCIe 1-Queue header) */
#define LAN1QTSN_FSCH_TOTAL_NEW_ENTRY_CNT_H	0x120
#define LAN1QTSN_FSCH_TOTAL_VALID_ENTRY_CNT_H	0x128
#define LAN1QTSN_FSCH_TOTAL_DELAY_ENTRY_CNT_H	0x130
#define LAN1QTSN_FSCH_TOTAL_DROP_ENTRY_CNT_H	0x138
/* Free TX buffers in _H[7:0] (64-bit [39:32]). CONFIRMED 2.6 */
#define LAN1QTSN_FBW_BUFFER_WRITE_STATUS1_H	0x148
#define LAN1QTSN_FBW_FREE_BUFFERS		GENMASK(7, 0)
#define LAN1QTSN_FT_TOTAL_TX_FRAME_CNT_H	0x1C8
#define LAN1QTSN_FT_TOTAL_TX_BYTE_CNT_H		0x1D0
/* Slot n (1..4) at 0x1D8 + 8 (n - 1). CONFIRMED 2.8 */
#define LAN1QTSN_FT_TX_TSTAMP1_H		0x1D8
#define LAN1QTSN_FT_TX_TSTAMP_H(n)		(LAN1QTSN_FT_TX_TSTAMP1_H + 8 * ((n) - 1))
/* Build date, e.g. 0x25080507. CONFIRMED 2.10 (code and log) */
#define LAN1QTSN_TSN_SYSTEM_INFO_H		0x278
#define LAN1QTSN_TSN_MAC_ADDR_H			0x280
#define LAN1QTSN_TSN_MAC_ADDR_L			0x284
/* 0x288, not the 0x2888 of the MPW header. CONFIRMED 2.11 */
#define LAN1QTSN_TSN_SYSCOUNT_H			0x288
#define LAN1QTSN_TSN_SYSCOUNT_L			0x28C
/* Bit 0 TSN enable. CONFIRMED 2.10 (C8, C14) */
#define LAN1QTSN_TSN_SYSTEM_CONTROL_L		0x294
#define LAN1QTSN_TSN_ENABLE			BIT(0)
#define LAN1QTSN_TSN_RX_CONTROL_H		0x298
#define LAN1QTSN_TSN_RX_CONTROL_L		0x29C
#define LAN1QTSN_TSN_TX_CONTROL_L		0x2A4
/* PPS: SINGLE 2.10 on this IP, the behaviour INFERRED 4.4 from PCIe */
#define LAN1QTSN_PPS_PULSE_AT_H			0x2A8
#define LAN1QTSN_PPS_CYCLE_1S_H			0x2B0
/* The last defined register. CONFIRMED 1.1 */
#define LAN1QTSN_REG_LAST			0x2B4

#endif /* LAN1QTSN_HW_H */
