// SPDX-License-Identifier: GPL-2.0
/*
 * LAN1QTSN network device operations. None of these touch the bus except
 * open and stop, which run in process context; xmit only queues.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <net/netdev_queues.h>

#include "lan1qtsn.h"

static int lan1qtsn_open(struct net_device *ndev)
{
	struct lan1qtsn_priv *priv = netdev_priv(ndev);
	int ret;

	ret = lan1qtsn_dp_up(priv);
	if (ret)
		netdev_err(ndev, "cannot enable the device: %pe\n",
			   ERR_PTR(ret));
	return ret;
}

static int lan1qtsn_stop(struct net_device *ndev)
{
	lan1qtsn_dp_down(netdev_priv(ndev));
	return 0;
}

/**
 * lan1qtsn_start_xmit() - queue one frame for the owner thread
 * @skb: the frame
 * @ndev: the device
 *
 * Never sleeps, never touches the bus, never returns NETDEV_TX_BUSY: the
 * queue is stopped in advance while its ring cannot take another frame.
 *
 * Return: NETDEV_TX_OK.
 */
static netdev_tx_t lan1qtsn_start_xmit(struct sk_buff *skb,
				       struct net_device *ndev)
{
	struct lan1qtsn_priv *priv = netdev_priv(ndev);
	unsigned int q = skb_get_queue_mapping(skb);
	struct sk_buff_head *ring = &priv->tx_ring[q];
	struct netdev_queue *txq = netdev_get_tx_queue(ndev, q);
	bool full;

	if (unlikely(skb->len > LAN1QTSN_MAX_FRAME_NOFCS))
		goto drop;

	/* Before the software stamp: IN_PROGRESS tells it a hardware one comes. */
	lan1qtsn_tstamp_xmit(priv, skb);
	skb_tx_timestamp(skb);
	/* For the TX scheduler: how long the frame has waited (CBS). */
	lan1qtsn_tx_cb(skb)->queued_raw = ktime_get_raw_ns();

	spin_lock(&ring->lock);
	full = skb_queue_len(ring) >= LAN1QTSN_TX_RING_LEN;
	if (likely(!full)) {
		__skb_queue_tail(ring, skb);
		/* Under the ring lock: the thread cannot complete it first. */
		netdev_tx_sent_queue(txq, skb->len);
	}
	spin_unlock(&ring->lock);
	if (unlikely(full))
		goto drop;

	netif_subqueue_maybe_stop(ndev, q, lan1qtsn_tx_ring_free(priv, q), 1,
				  LAN1QTSN_TX_WAKE_THRESH);
	if (!netdev_xmit_more() || netif_xmit_stopped(txq))
		lan1qtsn_dp_kick(priv, LAN1QTSN_EV_TX);
	return NETDEV_TX_OK;

drop:
	dev_core_stats_tx_dropped_inc(ndev);
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

static void lan1qtsn_get_stats64(struct net_device *ndev,
				 struct rtnl_link_stats64 *stats)
{
	struct lan1qtsn_priv *priv = netdev_priv(ndev);
	u64 dp[LAN1QTSN_DP_NR_COUNTERS], napi[LAN1QTSN_NAPI_NR_COUNTERS];

	lan1qtsn_dp_read_counters(priv, dp, napi);
	stats->tx_packets = dp[LAN1QTSN_DP_TX_FRAMES];
	stats->tx_bytes = dp[LAN1QTSN_DP_TX_BYTES];
	stats->tx_errors = dp[LAN1QTSN_DP_TX_ERRORS];
	stats->tx_dropped = dp[LAN1QTSN_DP_TX_DROP_INVALID] +
			    dp[LAN1QTSN_DP_TX_DROP_DOWN] +
			    dp[LAN1QTSN_DP_TX_DROP_LOST] +
			    dp[LAN1QTSN_DP_TX_DROP_GATE] +
			    dp[LAN1QTSN_DP_TX_DROP_LATE] +
			    dp[LAN1QTSN_DP_TX_DEVICE_WINDOW];
	stats->rx_packets = napi[LAN1QTSN_NAPI_RX_PACKETS];
	stats->rx_bytes = napi[LAN1QTSN_NAPI_RX_BYTES];
	stats->rx_crc_errors = dp[LAN1QTSN_DP_RX_FCS_ERRORS] +
			       dp[LAN1QTSN_DP_RX_DEVICE_FCS];
	stats->rx_frame_errors = dp[LAN1QTSN_DP_RX_META_INVALID];
	stats->rx_length_errors = dp[LAN1QTSN_DP_RX_DEVICE_JUMBO];
	stats->rx_missed_errors = dp[LAN1QTSN_DP_RX_DEVICE_OVERFLOW];
	stats->rx_errors = stats->rx_crc_errors + stats->rx_frame_errors +
			   stats->rx_length_errors;
	stats->rx_dropped = dp[LAN1QTSN_DP_RX_NOMEM] +
			    dp[LAN1QTSN_DP_RX_BACKLOG_DROP] +
			    dp[LAN1QTSN_DP_RX_DISCARDED] +
			    dp[LAN1QTSN_DP_RX_BUS_LOST];
}

static void lan1qtsn_tx_timeout(struct net_device *ndev, unsigned int txqueue)
{
	struct lan1qtsn_priv *priv = netdev_priv(ndev);

	netdev_warn(ndev, "TX queue %u timed out, resynchronising\n", txqueue);
	lan1qtsn_dp_kick(priv, LAN1QTSN_EV_RESYNC);
}

static const struct net_device_ops lan1qtsn_netdev_ops = {
	.ndo_open		= lan1qtsn_open,
	.ndo_stop		= lan1qtsn_stop,
	.ndo_start_xmit		= lan1qtsn_start_xmit,
	.ndo_get_stats64	= lan1qtsn_get_stats64,
	.ndo_tx_timeout		= lan1qtsn_tx_timeout,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_hwtstamp_get	= lan1qtsn_hwtstamp_get,
	.ndo_hwtstamp_set	= lan1qtsn_hwtstamp_set,
	.ndo_setup_tc		= lan1qtsn_setup_tc,
};

/**
 * lan1qtsn_netdev_setup() - fill the ops and limits of a new netdev
 * @ndev: allocated with LAN1QTSN_TX_QUEUES TX queues
 */
void lan1qtsn_netdev_setup(struct net_device *ndev)
{
	struct lan1qtsn_priv *priv = netdev_priv(ndev);

	ndev->netdev_ops = &lan1qtsn_netdev_ops;
	ndev->ethtool_ops = &lan1qtsn_ethtool_ops;
	ndev->watchdog_timeo = msecs_to_jiffies(LAN1QTSN_TX_TIMEOUT_MS);
	ndev->min_mtu = ETH_MIN_MTU;
	ndev->max_mtu = ETH_DATA_LEN;
	ndev->priv_flags |= IFF_LIVE_ADDR_CHANGE;
	netif_napi_add(ndev, &priv->napi, lan1qtsn_napi_poll);
	netif_carrier_off(ndev);
}
