// SPDX-License-Identifier: GPL-2.0
/*
 * lan1qtsn_emu: optional wire tap. Board N gets a receive-only netdev
 * "emutapN" that sees every frame on its cable (both directions, FCS
 * stripped), so that tcpdump can watch the emulated wire.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/platform_device.h>
#include <linux/skbuff.h>

#include "emu.h"

static netdev_tx_t emu_tap_xmit(struct sk_buff *skb, struct net_device *dev)
{
	/* A tap only listens. */
	dev_core_stats_tx_dropped_inc(dev);
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops emu_tap_ops = {
	.ndo_start_xmit = emu_tap_xmit,
};

int emu_tap_create(struct emu_board *b)
{
	struct net_device *dev;
	int ret;

	dev = alloc_netdev(0, "emutap%d", NET_NAME_ENUM, ether_setup);
	if (!dev)
		return -ENOMEM;
	dev->netdev_ops = &emu_tap_ops;
	dev->flags |= IFF_NOARP;
	dev->max_mtu = EMU_RX_MAX_FRAME_NOFCS;
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
	eth_hw_addr_random(dev);
	SET_NETDEV_DEV(dev, &b->pdev->dev);
	ret = register_netdev(dev);
	if (ret) {
		free_netdev(dev);
		return ret;
	}
	b->tap = dev;
	return 0;
}

void emu_tap_destroy(struct emu_board *b)
{
	if (!b->tap)
		return;
	unregister_netdev(b->tap);
	free_netdev(b->tap);
	b->tap = NULL;
}

/* Any context; no board lock held. */
void emu_tap_frame(struct emu_board *b, const u8 *frame, u16 len)
{
	struct net_device *dev = b->tap;
	struct sk_buff *skb;

	if (!dev || !(dev->flags & IFF_UP) || len < ETH_HLEN + ETH_FCS_LEN)
		return;
	skb = netdev_alloc_skb(dev, len);
	if (!skb) {
		dev_core_stats_rx_dropped_inc(dev);
		return;
	}
	skb_put_data(skb, frame, len - ETH_FCS_LEN);
	skb->protocol = eth_type_trans(skb, dev);
	dev_sw_netstats_rx_add(dev, skb->len);
	netif_rx(skb);
}
