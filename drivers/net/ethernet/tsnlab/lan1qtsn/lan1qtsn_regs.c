// SPDX-License-Identifier: GPL-2.0
/*
 * LAN1QTSN register dump (ethtool -d): side-effect-free device registers
 * read over the bus in process context, with a header that says how much
 * was read and why a dump stopped (docs/driver.md, "Register dump").
 */
#include <linux/bitfield.h>
#include <linux/ethtool.h>
#include <linux/netdevice.h>

#include "lan1qtsn.h"

/*
 * ethtool -d: layout version of the register dump (docs/driver.md,
 * "Register dump"). Bump it whenever the word list below changes.
 */
#define LAN1QTSN_REGS_LAYOUT		1
#define LAN1QTSN_REGS_VER_LAYOUT	GENMASK(31, 24)
#define LAN1QTSN_REGS_VER_INFO		GENMASK(23, 0)

/* Header words, then the registers of lan1qtsn_regs_list in order. */
#define LAN1QTSN_REGS_W_VALID		0	/* register words read */
#define LAN1QTSN_REGS_W_STATUS		1	/* state and flags below */
#define LAN1QTSN_REGS_HDR_WORDS		2

/* Status word: [7:0] enum lan1qtsn_sync_state at the start, then flags. */
#define LAN1QTSN_REGS_ST_SYNC		GENMASK(7, 0)
#define LAN1QTSN_REGS_ST_RESYNC		BIT(8)	/* resync pending: not read */
#define LAN1QTSN_REGS_ST_LOST		BIT(9)	/* device lost: not read */
#define LAN1QTSN_REGS_ST_BUS_ERROR	BIT(10)	/* a read failed: stopped */
#define LAN1QTSN_REGS_ST_NOT_ITSELF	BIT(11)	/* identity differs: stopped */
#define LAN1QTSN_REGS_ST_STOP		GENMASK(11, 8)

/**
 * struct lan1qtsn_regs_entry - one read of the register dump
 * @reg: register offset; with @words 2 the _H half of a pair, read in one
 *	 transaction (latched: both halves of one snapshot)
 * @words: 1 or 2
 */
struct lan1qtsn_regs_entry {
	u16 reg;
	u8 words;
};

/*
 * Registers whose reads change nothing on the device (device-spec.md
 * sections 1 and 5), never the RX metadata or frame FIFOs (a read pops).
 * Documented registers only; a pair only where both halves are. The
 * comments give the dump's word indices.
 */
static const struct lan1qtsn_regs_entry lan1qtsn_regs_list[] = {
	{ LAN1QTSN_TSN_SYSTEM_INFO_H, 1 },		/* 2 */
	{ LAN1QTSN_TSN_SYSCOUNT_H, 2 },			/* 3, 4 */
	{ LAN1QTSN_TSN_RX_FIFO_STATUS_L, 1 },		/* 5 */
	{ LAN1QTSN_FBW_BUFFER_WRITE_STATUS1_H, 1 },	/* 6 */
	{ LAN1QTSN_TSN_SYSTEM_CONTROL_L, 1 },		/* 7 */
	{ LAN1QTSN_TSN_RX_CONTROL_H, 2 },		/* 8, 9 */
	{ LAN1QTSN_TSN_TX_CONTROL_L, 1 },		/* 10 */
	{ LAN1QTSN_TSN_MAC_ADDR_H, 2 },			/* 11, 12 */
	{ LAN1QTSN_FD_RX_TSTAMP_H, 2 },			/* 13, 14 */
	{ LAN1QTSN_FD_TOTAL_RX_FRAME_CNT_H, 2 },	/* 15, 16 */
	{ LAN1QTSN_FD_TOTAL_RX_BYTE_CNT_H, 2 },		/* 17, 18 */
	{ LAN1QTSN_FD_TOTAL_DROP_FRAME_CNT_H, 2 },	/* 19, 20 */
	{ LAN1QTSN_FD_TOTAL_DROP_BYTE_CNT_H, 2 },	/* 21, 22 */
	{ LAN1QTSN_FD_FCS_DROP_FRAME_CNT_H, 2 },	/* 23, 24 */
	{ LAN1QTSN_FD_FCS_DROP_BYTE_CNT_H, 2 },		/* 25, 26 */
	{ LAN1QTSN_FD_JUMBO_DROP_FRAME_CNT_H, 2 },	/* 27, 28 */
	{ LAN1QTSN_FD_JUMBO_DROP_BYTE_CNT_H, 2 },	/* 29, 30 */
	{ LAN1QTSN_FD_FIFO_FULL_DROP_FRAME_CNT_H, 2 },	/* 31, 32 */
	{ LAN1QTSN_FD_FIFO_FULL_DROP_BYTE_CNT_H, 2 },	/* 33, 34 */
	{ LAN1QTSN_FS_TOTAL_RX_FRAME_CNT_H, 2 },	/* 35, 36 */
	{ LAN1QTSN_FS_TOTAL_RX_16BYTE_CNT_H, 2 },	/* 37, 38 */
	{ LAN1QTSN_FS_TOTAL_BACK_PRESSURE_CNT_H, 2 },	/* 39, 40 */
	{ LAN1QTSN_FSCH_TOTAL_NEW_ENTRY_CNT_H, 2 },	/* 41, 42 */
	{ LAN1QTSN_FSCH_TOTAL_VALID_ENTRY_CNT_H, 2 },	/* 43, 44 */
	{ LAN1QTSN_FSCH_TOTAL_DELAY_ENTRY_CNT_H, 2 },	/* 45, 46 */
	{ LAN1QTSN_FSCH_TOTAL_DROP_ENTRY_CNT_H, 2 },	/* 47, 48 */
	{ LAN1QTSN_FT_TOTAL_TX_FRAME_CNT_H, 2 },	/* 49, 50 */
	{ LAN1QTSN_FT_TOTAL_TX_BYTE_CNT_H, 2 },		/* 51, 52 */
	{ LAN1QTSN_FT_TX_TSTAMP_H(1), 2 },		/* 53, 54 */
	{ LAN1QTSN_FT_TX_TSTAMP_H(2), 2 },		/* 55, 56 */
	{ LAN1QTSN_FT_TX_TSTAMP_H(3), 2 },		/* 57, 58 */
	{ LAN1QTSN_FT_TX_TSTAMP_H(4), 2 },		/* 59, 60 */
	{ LAN1QTSN_PPS_PULSE_AT_H, 2 },			/* 61, 62 */
	{ LAN1QTSN_PPS_CYCLE_1S_H, 2 },			/* 63, 64 */
};

/* The header and every word of lan1qtsn_regs_list. */
#define LAN1QTSN_REGS_WORDS		65

/**
 * lan1qtsn_get_regs_len() - ethtool get_regs_len
 * @ndev: the interface
 *
 * Return: the dump's size in bytes.
 */
int lan1qtsn_get_regs_len(struct net_device *ndev)
{
	return LAN1QTSN_REGS_WORDS * sizeof(u32);
}

/**
 * lan1qtsn_get_regs() - the register dump (ethtool -d)
 * @ndev: the interface
 * @regs: gets the version: LAN1QTSN_REGS_LAYOUT in [31:24], the low 24
 *	  bits of the TSN_SYSTEM_INFO_H the device showed at probe in [23:0]
 * @p: LAN1QTSN_REGS_WORDS u32 words, zeroed by the ethtool core
 *
 * Process context under RTNL (ethtool's GREGS, which needs CAP_NET_ADMIN).
 * The bus layer holds the bus lock around each transaction only, so the
 * owner thread runs between the reads; nothing else is held. Nothing is
 * read while the device is lost or a resync is pending; the dump stops at
 * the first failed read and after an identity word that is not the
 * device's. Word 0 says how many register words were read in this call;
 * the words after them stay zero, never stale values.
 */
void lan1qtsn_get_regs(struct net_device *ndev, struct ethtool_regs *regs,
		       void *p)
{
	struct lan1qtsn_priv *priv = netdev_priv(ndev);
	const struct lan1qtsn_regs_entry *e;
	u32 *w = p, *reg_w = w + LAN1QTSN_REGS_HDR_WORDS;
	enum lan1qtsn_sync_state sync;
	unsigned int i, n = 0;
	u32 status;

	regs->version = FIELD_PREP(LAN1QTSN_REGS_VER_LAYOUT,
				   LAN1QTSN_REGS_LAYOUT) |
			FIELD_PREP(LAN1QTSN_REGS_VER_INFO, priv->system_info);
	sync = READ_ONCE(priv->sync);
	status = FIELD_PREP(LAN1QTSN_REGS_ST_SYNC, sync);
	if (sync == LAN1QTSN_SYNC_LOST)
		status |= LAN1QTSN_REGS_ST_LOST;
	if (test_bit(LAN1QTSN_EV_RESYNC, &priv->events))
		status |= LAN1QTSN_REGS_ST_RESYNC;

	for (i = 0; i < ARRAY_SIZE(lan1qtsn_regs_list); i++) {
		if (status & LAN1QTSN_REGS_ST_STOP)
			break;
		e = &lan1qtsn_regs_list[i];
		/* The list and LAN1QTSN_REGS_WORDS disagree: a driver bug. */
		if (WARN_ON_ONCE(LAN1QTSN_REGS_HDR_WORDS + n + e->words >
				 LAN1QTSN_REGS_WORDS))
			break;
		if (lan1qtsn_bus_read_regs(&priv->bus, e->reg, reg_w + n,
					   e->words)) {
			status |= LAN1QTSN_REGS_ST_BUS_ERROR;
			break;
		}
		if (e->reg == LAN1QTSN_TSN_SYSTEM_INFO_H &&
		    reg_w[n] != priv->system_info)
			status |= LAN1QTSN_REGS_ST_NOT_ITSELF;
		n += e->words;
	}
	w[LAN1QTSN_REGS_W_VALID] = n;
	w[LAN1QTSN_REGS_W_STATUS] = status;
}
