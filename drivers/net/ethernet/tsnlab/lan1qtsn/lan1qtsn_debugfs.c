// SPDX-License-Identifier: GPL-2.0
/*
 * LAN1QTSN driver: a root-only debugfs view of each device's state
 * (debugfs/lan1qtsn/<spi device>/): what the owner thread knows about the
 * device (state) and the clock relation and pulse output (clock). Numbers
 * and names only, no kernel pointers; each file is read under the lock
 * that guards what it shows, in process context.
 */
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/seq_file.h>
#include <linux/spi/spi.h>

#include "lan1qtsn.h"

/* Root only: the state is for diagnosis, not for every local user. */
#define LAN1QTSN_DEBUGFS_MODE	0400

static struct dentry *lan1qtsn_debugfs_root;

static const char *const lan1qtsn_sync_names[] = {
	[LAN1QTSN_SYNC_DOWN] = "down",
	[LAN1QTSN_SYNC_READY] = "ready",
	[LAN1QTSN_SYNC_LOST] = "lost",
};

static const char *lan1qtsn_sync_name(enum lan1qtsn_sync_state s)
{
	if ((unsigned int)s < ARRAY_SIZE(lan1qtsn_sync_names) &&
	    lan1qtsn_sync_names[s])
		return lan1qtsn_sync_names[s];
	return "unknown";
}

/* The owner thread's view, under dp_lock (it may wait for a round). */
static int lan1qtsn_debugfs_state_show(struct seq_file *s, void *unused)
{
	struct lan1qtsn_priv *priv = s->private;
	unsigned int q;

	mutex_lock(&priv->dp_lock);
	seq_printf(s, "sync: %s\n", lan1qtsn_sync_name(priv->sync));
	seq_printf(s, "running: %d\n", priv->running);
	seq_printf(s, "resync_failures: %u\n", priv->resync_failures);
	seq_printf(s, "resync_fails_identified: %u\n",
		   priv->resync_fails_identified);
	seq_printf(s, "backoff_ms: %u\n", priv->backoff_ms);
	seq_printf(s, "system_info: %08x\n", priv->system_info);
	seq_printf(s, "tx_credits: %u\n", priv->credits.avail);
	seq_printf(s, "tx_credit_blocked: %d\n", priv->credit_blocked);
	seq_printf(s, "tx_credit_stalled: %d\n", priv->credit_stalled);
	seq_puts(s, "tx_ring_frames:");
	for (q = 0; q < LAN1QTSN_TX_QUEUES; q++)
		seq_printf(s, " %u", skb_queue_len(&priv->tx_ring[q]));
	seq_putc(s, '\n');
	seq_printf(s, "rx_failed: %d\n", priv->rx_failed);
	seq_printf(s, "rx_frame_owed: %d\n", priv->rx_frame_owed);
	seq_printf(s, "irq: %d\n", priv->irq);
	seq_printf(s, "irq_level: %d\n", priv->irq_level);
	mutex_unlock(&priv->dp_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(lan1qtsn_debugfs_state);

static void lan1qtsn_debugfs_scale(struct seq_file *s, const char *name,
				   const struct lan1qtsn_timescale *ts)
{
	seq_printf(s, "%s: cnt0 %llu ns0 %lld mult %llu\n", name, ts->cnt0,
		   (s64)ts->ns0, ts->mult);
}

/* The relation and the pulse output, under ptp.lock (their writer's). */
static int lan1qtsn_debugfs_clock_show(struct seq_file *s, void *unused)
{
	struct lan1qtsn_priv *priv = s->private;
	const struct lan1qtsn_clock_values *v = &priv->clock.v;
	struct lan1qtsn_ptp *ptp = &priv->ptp;

	mutex_lock(&ptp->lock);
	seq_printf(s, "phc_index: %d\n", READ_ONCE(priv->ptp_index));
	seq_printf(s, "valid: %d\n", v->valid);
	seq_printf(s, "generation: %u\n", v->gen);
	lan1qtsn_debugfs_scale(s, "scale", &v->scale);
	seq_printf(s, "prev_valid: %d\n", v->prev_valid);
	lan1qtsn_debugfs_scale(s, "prev", &v->prev);
	seq_printf(s, "since: %llu\n", v->since);
	seq_printf(s, "host_valid: %d\n", v->host_valid);
	lan1qtsn_debugfs_scale(s, "host", &v->host);
	seq_printf(s, "real_minus_raw: %lld\n", v->real_minus_raw);
	seq_printf(s, "host_span_best_ns: %llu\n", ptp->span_best);
	seq_printf(s, "host_span_max_ns: %llu\n", ptp->span_max);
	seq_printf(s, "host_jump_max_ticks: %llu\n", ptp->jump_max);
	seq_printf(s, "pps_on: %d\n", ptp->pps_on);
	seq_printf(s, "perout_on: %d\n", ptp->perout_on);
	seq_printf(s, "pulse_at: %llu\n", ptp->pulse_at);
	seq_printf(s, "pulse_ns: %lld\n", (s64)ptp->pulse_ns);
	seq_printf(s, "cycle: %llu\n", ptp->cycle);
	mutex_unlock(&ptp->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(lan1qtsn_debugfs_clock);

static void lan1qtsn_debugfs_remove(void *data)
{
	debugfs_remove_recursive(data);
}

/**
 * lan1qtsn_debugfs_add() - the device's folder, removed with the device
 * @priv: the device (probe)
 *
 * Return: 0; debugfs is optional, a failure to create it only means no view.
 */
int lan1qtsn_debugfs_add(struct lan1qtsn_priv *priv)
{
	struct device *dev = &priv->spi->dev;
	struct dentry *dir;

	dir = debugfs_create_dir(dev_name(dev), lan1qtsn_debugfs_root);
	debugfs_create_file("state", LAN1QTSN_DEBUGFS_MODE, dir, priv,
			    &lan1qtsn_debugfs_state_fops);
	debugfs_create_file("clock", LAN1QTSN_DEBUGFS_MODE, dir, priv,
			    &lan1qtsn_debugfs_clock_fops);
	/* Removed first at unbind (devm order): no read outlives priv. */
	return devm_add_action_or_reset(dev, lan1qtsn_debugfs_remove, dir);
}

/** lan1qtsn_debugfs_init() - the driver's folder (module load) */
void lan1qtsn_debugfs_init(void)
{
	lan1qtsn_debugfs_root = debugfs_create_dir(LAN1QTSN_DRV_NAME, NULL);
}

/** lan1qtsn_debugfs_exit() - remove it (module unload) */
void lan1qtsn_debugfs_exit(void)
{
	debugfs_remove_recursive(lan1qtsn_debugfs_root);
}
