// SPDX-License-Identifier: GPL-2.0
/*
 * LAN1QTSN device-sync state machine (owner thread, under dp_lock).
 *
 *   DOWN  --open, resync ok-->  READY  --the device answers with another
 *   identity, or not at all 3x in a row-->  LOST  --a resync succeeds-->
 *   READY
 *
 * In READY a failed transaction requests a recovery (settle what the failed
 * transfer did, re-read the free TX buffers); anything that puts the device
 * state in doubt (impossible metadata, FIFOs out of step, a run of bad
 * FCS, TX stuck, the device found disabled or not itself) requests a
 * resync: identify the device, disable it, drain both RX FIFOs, enable it
 * and re-read the free TX buffers. In LOST the carrier is off, queued
 * frames are dropped with a counter, and the resync is retried with an
 * exponential back-off; one log line says when the device went and one
 * when it came back. The pattern follows qca_spi's sync states.
 */
#include <linux/jiffies.h>
#include <linux/netdevice.h>

#include "lan1qtsn.h"

/**
 * lan1qtsn_request_resync() - ask for a full resync in the next round
 * @priv: the device
 */
void lan1qtsn_request_resync(struct lan1qtsn_priv *priv)
{
	set_bit(LAN1QTSN_EV_RESYNC, &priv->events);
}

/**
 * lan1qtsn_request_recover() - a transaction failed: recover next round
 * @priv: the device
 */
void lan1qtsn_request_recover(struct lan1qtsn_priv *priv)
{
	lan1qtsn_dp_inc(priv, LAN1QTSN_DP_BUS_ERRORS, 1);
	set_bit(LAN1QTSN_EV_RECOVER, &priv->events);
}

/**
 * lan1qtsn_sync_forget_credits() - the device's TX buffers are unknown
 * @priv: the device; caller holds dp_lock
 */
void lan1qtsn_sync_forget_credits(struct lan1qtsn_priv *priv)
{
	lan1qtsn_credits_reset(&priv->credits);
	priv->credit_blocked = false;
	priv->credit_stalled = false;
	/* The TX scheduler's model of the device FIFO goes with them. */
	lan1qtsn_txsched_device_reset(priv);
}

/*
 * Is the device still the one probe found? A device that vanished reads
 * all zeros or all ones; one bit error on the link is told apart from that
 * by asking twice.
 */
static int lan1qtsn_sync_identify(struct lan1qtsn_priv *priv, u32 *seen)
{
	unsigned int i;
	int ret;

	for (i = 0; i < 2; i++) {
		ret = lan1qtsn_bus_read_reg(&priv->bus,
					    LAN1QTSN_TSN_SYSTEM_INFO_H, seen);
		if (ret)
			return ret;
		if (*seen == priv->system_info)
			return 0;
	}
	return -ENODEV;
}

static void lan1qtsn_sync_lost(struct lan1qtsn_priv *priv, int err, u32 seen)
{
	if (priv->sync == LAN1QTSN_SYNC_LOST)
		return;
	priv->sync = LAN1QTSN_SYNC_LOST;
	priv->lost_since = jiffies;
	lan1qtsn_dp_inc(priv, LAN1QTSN_DP_DEVICE_LOST, 1);
	netif_carrier_off(priv->ndev);
	if (err == -ENODEV)
		netdev_err(priv->ndev,
			   "device lost: TSN_SYSTEM_INFO reads %#010x, expected %#010x: carrier off, retrying\n",
			   seen, priv->system_info);
	else
		netdev_err(priv->ndev,
			   "device lost: %u identifications failed (%pe): carrier off, retrying\n",
			   priv->resync_failures, ERR_PTR(err));
}

static void lan1qtsn_sync_ready(struct lan1qtsn_priv *priv)
{
	if (priv->resync_fails_identified >= LAN1QTSN_RESYNC_FLAKY_BACKOFF)
		netdev_info(priv->ndev, "resync succeeded after %u failures\n",
			    priv->resync_fails_identified);
	priv->resync_failures = 0;
	priv->resync_fails_identified = 0;
	priv->backoff_ms = 0;
	if (priv->sync != LAN1QTSN_SYNC_LOST) {
		priv->sync = LAN1QTSN_SYNC_READY;
		return;
	}
	priv->sync = LAN1QTSN_SYNC_READY;
	lan1qtsn_dp_inc(priv, LAN1QTSN_DP_DEVICE_BACK, 1);
	netdev_info(priv->ndev, "device answers again after %u ms: carrier on\n",
		    jiffies_to_msecs(jiffies - priv->lost_since));
	netif_carrier_on(priv->ndev);
}

static void lan1qtsn_sync_back_off(struct lan1qtsn_priv *priv)
{
	priv->backoff_ms = clamp(priv->backoff_ms * 2, LAN1QTSN_BACKOFF_MIN_MS,
				 LAN1QTSN_BACKOFF_MAX_MS);
}

/*
 * A resync failed: count it and try again. When the device could not even
 * be identified (it answers as something else, or not at all, several
 * times in a row), it is lost, and the tries back off. A resync that
 * failed after the device identified itself met a flaky link: the device
 * stays ready and the resync is retried at once, unless that happened
 * LAN1QTSN_RESYNC_FLAKY_BACKOFF times since the last good resync: then
 * one line says so and the tries back off too.
 */
static void lan1qtsn_sync_failed(struct lan1qtsn_priv *priv, int err, u32 seen,
				 bool identified)
{
	lan1qtsn_dp_inc(priv, LAN1QTSN_DP_RESYNC_FAILS, 1);
	lan1qtsn_request_resync(priv);
	if (identified) {
		priv->resync_failures = 0;
		priv->resync_fails_identified++;
		if (priv->resync_fails_identified < LAN1QTSN_RESYNC_FLAKY_BACKOFF) {
			priv->backoff_ms = 0;
			return;
		}
		if (priv->resync_fails_identified == LAN1QTSN_RESYNC_FLAKY_BACKOFF)
			netdev_warn(priv->ndev,
				    "resync failed %u times after the device identified itself (%pe): retrying with a back-off\n",
				    priv->resync_fails_identified, ERR_PTR(err));
		lan1qtsn_sync_back_off(priv);
		return;
	}
	/*
	 * Whatever was read since the device stopped answering as itself
	 * is noise: an RX entry it "popped" owes no frame. The drain goes
	 * by the FIFO status alone once the device is back.
	 */
	if (err == -ENODEV)
		lan1qtsn_rx_drain_forget(priv);
	priv->resync_failures++;
	if (priv->sync == LAN1QTSN_SYNC_READY &&
	    (err == -ENODEV ||
	     priv->resync_failures >= LAN1QTSN_RESYNC_FAILS_LOST))
		lan1qtsn_sync_lost(priv, err, seen);
	lan1qtsn_sync_back_off(priv);
}

/**
 * lan1qtsn_sync_recover() - recover from a failed transaction
 * @priv: the device; caller holds dp_lock
 *
 * Settles what the failed transfer did to the RX FIFOs (which may request
 * a resync), re-reads the free TX buffers and checks that the device is
 * still enabled (else a resync follows).
 *
 * Return: 0 or the bus error that stopped it (retried next round).
 */
int lan1qtsn_sync_recover(struct lan1qtsn_priv *priv)
{
	u32 ctrl;
	int ret;

	lan1qtsn_dp_inc(priv, LAN1QTSN_DP_RECOVERIES, 1);
	clear_bit(LAN1QTSN_EV_RECOVER, &priv->events);
	lan1qtsn_sync_forget_credits(priv);
	/* Down: the resync done by open starts from scratch anyway. */
	if (!priv->running)
		return 0;

	ret = lan1qtsn_bus_read_reg(&priv->bus, LAN1QTSN_TSN_SYSTEM_CONTROL_L,
				    &ctrl);
	if (!ret && !(ctrl & LAN1QTSN_TSN_ENABLE)) {
		lan1qtsn_request_resync(priv);
		return 0;
	}
	if (!ret)
		ret = lan1qtsn_rx_settle(priv);
	if (!ret && test_bit(LAN1QTSN_EV_RESYNC, &priv->events))
		return 0;
	if (!ret)
		ret = lan1qtsn_tx_refresh_credits(priv);
	if (ret) {
		/* The link keeps failing: a resync decides what is left. */
		lan1qtsn_request_resync(priv);
		return ret;
	}
	set_bit(LAN1QTSN_EV_RX, &priv->events);
	if (lan1qtsn_tx_pending(priv))
		set_bit(LAN1QTSN_EV_TX, &priv->events);
	return 0;
}

/**
 * lan1qtsn_sync_resync() - bring the device back to a known state
 * @priv: the device; caller holds dp_lock
 *
 * Checks the device's identity, disables it, empties the RX FIFOs, enables
 * it again if the interface is up and re-reads the free TX buffers. Frames
 * still in the TX rings stay queued and go out afterwards (unless the
 * device is lost). A failure is retried after a back-off; the third in a
 * row, or a device that answers as something else, makes the device lost.
 *
 * Return: 0 or the error that stopped it.
 */
int lan1qtsn_sync_resync(struct lan1qtsn_priv *priv)
{
	u32 seen = 0;
	int ret;

	lan1qtsn_dp_inc(priv, LAN1QTSN_DP_RESYNCS, 1);
	clear_bit(LAN1QTSN_EV_RESYNC, &priv->events);
	clear_bit(LAN1QTSN_EV_RECOVER, &priv->events);
	lan1qtsn_sync_forget_credits(priv);
	/* The device's queued frames are lost with their captures. */
	lan1qtsn_tstamp_flush(priv);

	ret = lan1qtsn_sync_identify(priv, &seen);
	if (ret) {
		lan1qtsn_sync_failed(priv, ret, seen, false);
		return ret;
	}
	ret = lan1qtsn_bus_write_reg(&priv->bus, LAN1QTSN_TSN_SYSTEM_CONTROL_L,
				     0);
	if (!ret)
		ret = lan1qtsn_rx_drain(priv);
	if (!ret && priv->running)
		ret = lan1qtsn_bus_write_reg(&priv->bus,
					     LAN1QTSN_TSN_SYSTEM_CONTROL_L,
					     LAN1QTSN_TSN_ENABLE);
	if (!ret && priv->running)
		ret = lan1qtsn_tx_refresh_credits(priv);
	priv->health_next = jiffies + msecs_to_jiffies(LAN1QTSN_IDLE_POLL_MS);
	if (ret) {
		lan1qtsn_sync_failed(priv, ret, seen, true);
		return ret;
	}
	if (priv->running)
		lan1qtsn_sync_ready(priv);
	lan1qtsn_ptp_device_resynced(priv);
	lan1qtsn_irq_unmask(priv);
	/* An edge may have come while the FIFO was being drained. */
	set_bit(LAN1QTSN_EV_RX, &priv->events);
	if (lan1qtsn_tx_pending(priv))
		set_bit(LAN1QTSN_EV_TX, &priv->events);
	return 0;
}

/*
 * The frames the device drops on its own, each copied into a counter of
 * ndo_get_stats64 and ethtool -S: RX FIFO full (rx_missed_errors), bad
 * FCS (rx_crc_errors; only with the device's own FCS check on), too long
 * (rx_length_errors), and TX frames whose window (or retry window) passed
 * before they could start (tx_dropped; they are in tx_packets too, which
 * counts what was written).
 */
static const struct {
	u16 reg;
	enum lan1qtsn_dp_counter cnt;
} lan1qtsn_sync_dev_drops[LAN1QTSN_DEV_DROP_COUNTERS] = {
	{ LAN1QTSN_FD_FIFO_FULL_DROP_FRAME_CNT_H, LAN1QTSN_DP_RX_DEVICE_OVERFLOW },
	{ LAN1QTSN_FD_FCS_DROP_FRAME_CNT_H, LAN1QTSN_DP_RX_DEVICE_FCS },
	{ LAN1QTSN_FD_JUMBO_DROP_FRAME_CNT_H, LAN1QTSN_DP_RX_DEVICE_JUMBO },
	{ LAN1QTSN_FSCH_TOTAL_DROP_ENTRY_CNT_H, LAN1QTSN_DP_TX_DEVICE_WINDOW },
};

/* Read the device's drop counts into the driver's; dp_lock held. */
static int lan1qtsn_sync_device_drops(struct lan1qtsn_priv *priv)
{
	unsigned int i;
	u64 v;
	int ret;

	for (i = 0; i < ARRAY_SIZE(lan1qtsn_sync_dev_drops); i++) {
		ret = lan1qtsn_bus_read_u64(&priv->bus,
					    lan1qtsn_sync_dev_drops[i].reg, &v);
		if (ret)
			return ret;
		/* The device's counts restart at every device reset; ours do not. */
		if (v < priv->dev_drops_last[i])
			priv->dev_drops_base[i] += priv->dev_drops_last[i];
		priv->dev_drops_last[i] = v;
		u64_stats_update_begin(&priv->dp_syncp);
		u64_stats_set(&priv->dp_cnt[lan1qtsn_sync_dev_drops[i].cnt],
			      priv->dev_drops_base[i] + v);
		u64_stats_update_end(&priv->dp_syncp);
	}
	return 0;
}

/**
 * lan1qtsn_sync_check_health() - once a second: is the device still itself
 * @priv: the device; caller holds dp_lock
 *
 * A device that reset itself (power glitch, FPGA reload) comes back
 * disabled and silent; one that vanished reads all zeros or all ones,
 * which passes for "enabled" and for 255 free buffers, so the identity is
 * checked too. So are the RX FIFOs: a frame without an entry raises no
 * interrupt and would sit there for good. Also fetches the device's drop
 * counts for ndo_get_stats64 (lan1qtsn_sync_device_drops()).
 *
 * Return: true when a resync was requested.
 */
bool lan1qtsn_sync_check_health(struct lan1qtsn_priv *priv)
{
	u32 ctrl, info;
	int ret;

	if (time_before(jiffies, priv->health_next))
		return false;
	priv->health_next = jiffies + msecs_to_jiffies(LAN1QTSN_IDLE_POLL_MS);
	ret = lan1qtsn_bus_read_reg(&priv->bus, LAN1QTSN_TSN_SYSTEM_INFO_H,
				    &info);
	if (!ret && info != priv->system_info) {
		/* The resync asks again, and decides. */
		lan1qtsn_request_resync(priv);
		return true;
	}
	if (!ret)
		ret = lan1qtsn_bus_read_reg(&priv->bus,
					    LAN1QTSN_TSN_SYSTEM_CONTROL_L, &ctrl);
	if (!ret && lan1qtsn_rx_orphans(priv, &ret))
		return true;
	if (!ret)
		ret = lan1qtsn_sync_device_drops(priv);
	if (ret) {
		lan1qtsn_request_recover(priv);
		return false;
	}
	if (ctrl & LAN1QTSN_TSN_ENABLE)
		return false;
	lan1qtsn_dp_inc(priv, LAN1QTSN_DP_DEVICE_RESETS, 1);
	lan1qtsn_request_resync(priv);
	return true;
}
