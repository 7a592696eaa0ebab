// SPDX-License-Identifier: GPL-2.0
/*
 * LAN1QTSN ethtool operations: driver information, the fixed link
 * settings, the driver's own counters (data path and bus), which read
 * cached counters only, and the register dump (ethtool -d), which reads
 * side-effect-free device registers over the bus.
 */
#include <linux/bitfield.h>
#include <linux/ethtool.h>
#include <linux/linkmode.h>
#include <linux/netdevice.h>
#include <linux/spi/spi.h>

#include "lan1qtsn.h"

static const char lan1qtsn_dp_stat_names[][ETH_GSTRING_LEN] = {
	[LAN1QTSN_DP_TX_FRAMES]		= "tx_frames",
	[LAN1QTSN_DP_TX_BYTES]		= "tx_bytes",
	[LAN1QTSN_DP_TX_ERRORS]		= "tx_bus_errors",
	[LAN1QTSN_DP_TX_DROP_INVALID]	= "tx_drop_invalid",
	[LAN1QTSN_DP_TX_DROP_DOWN]	= "tx_drop_down",
	[LAN1QTSN_DP_TX_CREDIT_REFRESH]	= "tx_credit_refresh",
	[LAN1QTSN_DP_TX_CREDIT_STALL]	= "tx_credit_stall",
	[LAN1QTSN_DP_TX_STUCK]		= "tx_stuck",
	[LAN1QTSN_DP_RX_FRAMES]		= "rx_frames",
	[LAN1QTSN_DP_RX_FCS_ERRORS]	= "rx_fcs_errors",
	[LAN1QTSN_DP_RX_META_INVALID]	= "rx_meta_invalid",
	[LAN1QTSN_DP_RX_NOMEM]		= "rx_nomem",
	[LAN1QTSN_DP_RX_BACKLOG_DROP]	= "rx_backlog_drop",
	[LAN1QTSN_DP_RX_DISCARDED]	= "rx_discarded",
	[LAN1QTSN_DP_RX_EMPTY_POLLS]	= "rx_empty_polls",
	[LAN1QTSN_DP_BUS_ERRORS]	= "dp_bus_errors",
	[LAN1QTSN_DP_RESYNCS]		= "resyncs",
	[LAN1QTSN_DP_RECOVERIES]	= "recoveries",
	[LAN1QTSN_DP_RESYNC_FAILS]	= "resync_fails",
	[LAN1QTSN_DP_DEVICE_RESETS]	= "device_resets",
	[LAN1QTSN_DP_RX_DEVICE_OVERFLOW] = "rx_device_fifo_full",
	[LAN1QTSN_DP_TX_DROP_LOST]	= "tx_drop_lost",
	[LAN1QTSN_DP_RX_BUS_LOST]	= "rx_bus_lost",
	[LAN1QTSN_DP_RX_PAIRING_LOST]	= "rx_pairing_lost",
	[LAN1QTSN_DP_RX_FCS_RESYNCS]	= "rx_fcs_resyncs",
	[LAN1QTSN_DP_DEVICE_LOST]	= "device_lost",
	[LAN1QTSN_DP_DEVICE_BACK]	= "device_back",
	[LAN1QTSN_DP_RX_POLL_HITS]	= "rx_poll_hits",
	[LAN1QTSN_DP_IRQ_STORMS]	= "irq_storms",
	[LAN1QTSN_DP_TX_HWTSTAMPS]	= "tx_hwtstamps",
	[LAN1QTSN_DP_TX_HWTSTAMP_SKIPPED] = "tx_hwtstamp_skipped",
	[LAN1QTSN_DP_TX_HWTSTAMP_TIMEOUTS] = "tx_hwtstamp_timeouts",
	[LAN1QTSN_DP_TX_HWTSTAMP_FLUSHED] = "tx_hwtstamp_flushed",
	[LAN1QTSN_DP_TX_HWTSTAMP_ERRORS] = "tx_hwtstamp_errors",
	[LAN1QTSN_DP_TX_HWTSTAMP_REREADS] = "tx_hwtstamp_rereads",
	[LAN1QTSN_DP_HWTSTAMP_NO_CLOCK]	= "hwtstamp_no_clock",
};

static const char lan1qtsn_bus_stat_names[][ETH_GSTRING_LEN] = {
	[LAN1QTSN_BUS_REG_READ]		= "spi_reg_read",
	[LAN1QTSN_BUS_REG_WRITE]	= "spi_reg_write",
	[LAN1QTSN_BUS_TX_FRAME]		= "spi_tx_frame",
	[LAN1QTSN_BUS_RX_META]		= "spi_rx_meta",
	[LAN1QTSN_BUS_RX_FRAME]		= "spi_rx_frame",
	[LAN1QTSN_BUS_BYTES]		= "spi_bytes",
	[LAN1QTSN_BUS_ERRORS]		= "spi_errors",
};

static const char lan1qtsn_ptp_stat_names[][ETH_GSTRING_LEN] = {
	[LAN1QTSN_PTP_READS]		= "ptp_counter_reads",
	[LAN1QTSN_PTP_REFUSED]		= "ptp_refused",
	[LAN1QTSN_PTP_STEPS]		= "ptp_steps",
	[LAN1QTSN_PTP_ADJFINE]		= "ptp_adjfine",
	[LAN1QTSN_PTP_COUNTER_RESTARTS]	= "ptp_counter_restarts",
	[LAN1QTSN_PTP_PPS_ARMS]		= "ptp_pps_arms",
	[LAN1QTSN_PTP_PPS_ARM_ERRORS]	= "ptp_pps_arm_errors",
	[LAN1QTSN_PTP_PPS_EVENTS]	= "ptp_pps_events",
};

static_assert(ARRAY_SIZE(lan1qtsn_dp_stat_names) == LAN1QTSN_DP_NR_COUNTERS);
static_assert(ARRAY_SIZE(lan1qtsn_bus_stat_names) == LAN1QTSN_BUS_NR_COUNTERS);
static_assert(ARRAY_SIZE(lan1qtsn_ptp_stat_names) == LAN1QTSN_PTP_NR_COUNTERS);

#define LAN1QTSN_NR_STATS (LAN1QTSN_DP_NR_COUNTERS + LAN1QTSN_BUS_NR_COUNTERS + \
			   LAN1QTSN_PTP_NR_COUNTERS)

static void lan1qtsn_get_drvinfo(struct net_device *ndev,
				 struct ethtool_drvinfo *info)
{
	struct lan1qtsn_priv *priv = netdev_priv(ndev);

	strscpy(info->driver, LAN1QTSN_DRV_NAME, sizeof(info->driver));
	strscpy(info->bus_info, dev_name(&priv->spi->dev),
		sizeof(info->bus_info));
	snprintf(info->fw_version, sizeof(info->fw_version), "%08x",
		 priv->system_info);
}

/**
 * lan1qtsn_get_link_ksettings() - the port's fixed link settings
 * @ndev: the interface
 * @cmd: filled in
 *
 * The FPGA's port is a fixed 100BASE-TX full-duplex twisted-pair link
 * with no negotiation the host can see or change. The speed is reported
 * whether or not the carrier is up: taprio and cbs read it when they are
 * configured (taprio falls back to 10 Mb/s, TSNLab's SDKs to 1 Gb/s when
 * none is shown), and it is the same constant the driver's wire time
 * arithmetic uses.
 *
 * Return: 0.
 */
static int lan1qtsn_get_link_ksettings(struct net_device *ndev,
				       struct ethtool_link_ksettings *cmd)
{
	ethtool_link_ksettings_zero_link_mode(cmd, supported);
	linkmode_set_bit(ETHTOOL_LINK_MODE_100baseT_Full_BIT,
			 cmd->link_modes.supported);
	linkmode_set_bit(ETHTOOL_LINK_MODE_TP_BIT, cmd->link_modes.supported);
	ethtool_link_ksettings_zero_link_mode(cmd, advertising);
	ethtool_link_ksettings_zero_link_mode(cmd, lp_advertising);
	cmd->base.speed = LAN1QTSN_LINK_SPEED_MBPS;
	cmd->base.duplex = DUPLEX_FULL;
	cmd->base.port = PORT_TP;
	cmd->base.autoneg = AUTONEG_DISABLE;
	return 0;
}

static int lan1qtsn_get_sset_count(struct net_device *ndev, int sset)
{
	return sset == ETH_SS_STATS ? LAN1QTSN_NR_STATS : -EOPNOTSUPP;
}

static void lan1qtsn_get_strings(struct net_device *ndev, u32 sset, u8 *data)
{
	unsigned int i;

	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < LAN1QTSN_DP_NR_COUNTERS; i++)
		ethtool_puts(&data, lan1qtsn_dp_stat_names[i]);
	for (i = 0; i < LAN1QTSN_BUS_NR_COUNTERS; i++)
		ethtool_puts(&data, lan1qtsn_bus_stat_names[i]);
	for (i = 0; i < LAN1QTSN_PTP_NR_COUNTERS; i++)
		ethtool_puts(&data, lan1qtsn_ptp_stat_names[i]);
}

static void lan1qtsn_get_ethtool_stats(struct net_device *ndev,
				       struct ethtool_stats *stats, u64 *data)
{
	struct lan1qtsn_priv *priv = netdev_priv(ndev);
	u64 napi[LAN1QTSN_NAPI_NR_COUNTERS];

	lan1qtsn_dp_read_counters(priv, data, napi);
	lan1qtsn_bus_get_counters(&priv->bus, data + LAN1QTSN_DP_NR_COUNTERS);
	/* Written under the PTP lock (process context here too). */
	mutex_lock(&priv->ptp.lock);
	memcpy(data + LAN1QTSN_DP_NR_COUNTERS + LAN1QTSN_BUS_NR_COUNTERS,
	       priv->ptp.stats, sizeof(priv->ptp.stats));
	mutex_unlock(&priv->ptp.lock);
}

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

static int lan1qtsn_get_regs_len(struct net_device *ndev)
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
static void lan1qtsn_get_regs(struct net_device *ndev,
			      struct ethtool_regs *regs, void *p)
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

const struct ethtool_ops lan1qtsn_ethtool_ops = {
	.get_drvinfo		= lan1qtsn_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_regs_len		= lan1qtsn_get_regs_len,
	.get_regs		= lan1qtsn_get_regs,
	.get_link_ksettings	= lan1qtsn_get_link_ksettings,
	.get_ts_info		= lan1qtsn_get_ts_info,
	.get_ts_stats		= lan1qtsn_get_ts_stats,
	.get_sset_count		= lan1qtsn_get_sset_count,
	.get_strings		= lan1qtsn_get_strings,
	.get_ethtool_stats	= lan1qtsn_get_ethtool_stats,
};
