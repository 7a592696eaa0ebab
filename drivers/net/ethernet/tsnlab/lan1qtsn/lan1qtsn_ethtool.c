// SPDX-License-Identifier: GPL-2.0
/*
 * LAN1QTSN ethtool operations: driver information, the fixed link
 * settings and the driver's own counters (data path and bus), which read
 * cached counters only. The register dump (ethtool -d) is in
 * lan1qtsn_regs.c.
 */
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
	[LAN1QTSN_DP_TX_DROP_GATE]	= "tx_drop_gate_closed",
	[LAN1QTSN_DP_TX_DROP_LATE]	= "tx_drop_launch_late",
	[LAN1QTSN_DP_TX_SCHED_WAITS]	= "tx_sched_waits",
	[LAN1QTSN_DP_TX_LATE_WRITES]	= "tx_late_writes",
	[LAN1QTSN_DP_RX_DEVICE_FCS]	= "rx_device_fcs_errors",
	[LAN1QTSN_DP_RX_DEVICE_JUMBO]	= "rx_device_too_long",
	[LAN1QTSN_DP_TX_DEVICE_WINDOW]	= "tx_device_window_drops",
};

/* Per traffic class, lan1qtsn_txsched_tc_stats()'s order; "tc%u_" first. */
static const char lan1qtsn_tc_stat_names[][ETH_GSTRING_LEN] = {
	"frames", "drop_gate_closed", "drop_launch_late", "window_misses",
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
	[LAN1QTSN_PTP_HOST_LOOSE]	= "ptp_host_samples_loose",
};

static_assert(ARRAY_SIZE(lan1qtsn_dp_stat_names) == LAN1QTSN_DP_NR_COUNTERS);
static_assert(ARRAY_SIZE(lan1qtsn_bus_stat_names) == LAN1QTSN_BUS_NR_COUNTERS);
static_assert(ARRAY_SIZE(lan1qtsn_ptp_stat_names) == LAN1QTSN_PTP_NR_COUNTERS);

#define LAN1QTSN_NR_STATS (LAN1QTSN_DP_NR_COUNTERS + LAN1QTSN_BUS_NR_COUNTERS + \
			   LAN1QTSN_PTP_NR_COUNTERS + \
			   LAN1QTSN_SCHED_NUM_TC * LAN1QTSN_TXSCHED_TC_STATS)

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
	for (i = 0; i < LAN1QTSN_SCHED_NUM_TC * LAN1QTSN_TXSCHED_TC_STATS; i++)
		ethtool_sprintf(&data, "tc%u_%s", i / LAN1QTSN_TXSCHED_TC_STATS,
				lan1qtsn_tc_stat_names[i % LAN1QTSN_TXSCHED_TC_STATS]);
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
	lan1qtsn_txsched_tc_stats(priv, data + LAN1QTSN_DP_NR_COUNTERS +
				  LAN1QTSN_BUS_NR_COUNTERS +
				  LAN1QTSN_PTP_NR_COUNTERS);
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
