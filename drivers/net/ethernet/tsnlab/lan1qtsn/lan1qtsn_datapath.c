// SPDX-License-Identifier: GPL-2.0
/*
 * LAN1QTSN data path: the owner thread, the interrupt, open and stop.
 *
 * One SCHED_FIFO kernel thread owns the bus for data. Each round, under
 * dp_lock, it first runs a requested resync or recovery (lan1qtsn_sync.c),
 * then alternates RX frames (lan1qtsn_rx.c) and TX frames (lan1qtsn_tx.c),
 * a bounded number per round. At the end of the round it hands received
 * frames to NAPI and completions to BQL with bottom halves off, drops
 * dp_lock, and only then lets bottom halves run: the stack, and any
 * re-entry into ndo_start_xmit, never run under the driver's lock. It
 * never exits before kthread_stop().
 */
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/netdevice.h>
#include <linux/sched.h>
#include <linux/spi/spi.h>

#include "lan1qtsn.h"

/**
 * lan1qtsn_dp_read_counters() - snapshot the data path counters
 * @priv: the device
 * @dp: LAN1QTSN_DP_NR_COUNTERS values
 * @napi: LAN1QTSN_NAPI_NR_COUNTERS values
 *
 * Lockless; safe in any context (ndo_get_stats64 included).
 */
void lan1qtsn_dp_read_counters(struct lan1qtsn_priv *priv, u64 *dp, u64 *napi)
{
	unsigned int start, i;

	do {
		start = u64_stats_fetch_begin(&priv->dp_syncp);
		for (i = 0; i < LAN1QTSN_DP_NR_COUNTERS; i++)
			dp[i] = u64_stats_read(&priv->dp_cnt[i]);
	} while (u64_stats_fetch_retry(&priv->dp_syncp, start));
	do {
		start = u64_stats_fetch_begin(&priv->napi_syncp);
		for (i = 0; i < LAN1QTSN_NAPI_NR_COUNTERS; i++)
			napi[i] = u64_stats_read(&priv->napi_cnt[i]);
	} while (u64_stats_fetch_retry(&priv->napi_syncp, start));
}

/**
 * lan1qtsn_dp_kick() - post an event to the owner thread
 * @priv: the device
 * @ev: what happened
 *
 * Any context.
 */
void lan1qtsn_dp_kick(struct lan1qtsn_priv *priv, enum lan1qtsn_event ev)
{
	set_bit(ev, &priv->events);
	wake_up(&priv->wq);
}

/**
 * lan1qtsn_irq_handler() - hard IRQ: the RX metadata FIFO became non-empty
 * @irq: the interrupt
 * @data: the device
 *
 * Only records the event and wakes the owner thread. A level-triggered
 * line stays masked until the thread has emptied the FIFO.
 *
 * Return: IRQ_HANDLED.
 */
irqreturn_t lan1qtsn_irq_handler(int irq, void *data)
{
	struct lan1qtsn_priv *priv = data;

	if (priv->irq_level && !test_and_set_bit(LAN1QTSN_EV_IRQ_MASKED,
						 &priv->events))
		disable_irq_nosync(irq);
	set_bit(LAN1QTSN_EV_IRQ_SEEN, &priv->events);
	lan1qtsn_dp_kick(priv, LAN1QTSN_EV_RX);
	return IRQ_HANDLED;
}

/**
 * lan1qtsn_irq_unmask() - let a level-triggered line fire again
 * @priv: the device
 */
void lan1qtsn_irq_unmask(struct lan1qtsn_priv *priv)
{
	if (test_and_clear_bit(LAN1QTSN_EV_IRQ_MASKED, &priv->events))
		enable_irq(priv->irq);
}

/*
 * The RX FIFO was found empty. A poll that found frames no interrupt had
 * announced means edges are being lost: poll often for a while. A level
 * line that keeps firing with nothing to read (stuck low) is left masked
 * for a while and the FIFO polled instead, so the thread cannot spin.
 */
static void lan1qtsn_rx_went_empty(struct lan1qtsn_priv *priv, bool irq,
				   unsigned int frames)
{
	unsigned long now = jiffies;

	if (frames) {
		priv->irq_empty_run = 0;
		if (!irq) {
			lan1qtsn_dp_inc(priv, LAN1QTSN_DP_RX_POLL_HITS, 1);
			priv->rx_fast_poll_until = now +
				msecs_to_jiffies(LAN1QTSN_FAST_POLL_FOR_MS);
		}
	} else if (irq) {
		priv->irq_empty_run++;
	}
	if (priv->irq_level &&
	    priv->irq_empty_run >= LAN1QTSN_IRQ_STORM_EMPTY) {
		priv->irq_empty_run = 0;
		priv->irq_storm_until = now +
			msecs_to_jiffies(LAN1QTSN_IRQ_STORM_MASK_MS);
		priv->rx_fast_poll_until = priv->irq_storm_until;
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_IRQ_STORMS, 1);
	}
	if (time_before(now, priv->irq_storm_until))
		return;
	lan1qtsn_irq_unmask(priv);
}

/* Device lost: what the stack had queued is dropped, counted. */
static void lan1qtsn_round_lost(struct lan1qtsn_priv *priv)
{
	while (lan1qtsn_tx_drop_one(priv))
		;
	/* Its frames will never be stamped. */
	lan1qtsn_tstamp_flush(priv);
	clear_bit(LAN1QTSN_EV_RX, &priv->events);
	clear_bit(LAN1QTSN_EV_TX, &priv->events);
}

static void lan1qtsn_round_frames(struct lan1qtsn_priv *priv)
{
	bool irq, rx_more, tx_more;
	unsigned int n, w, rx_frames = 0;
	int ret;

	irq = test_and_clear_bit(LAN1QTSN_EV_IRQ_SEEN, &priv->events);
	rx_more = test_and_clear_bit(LAN1QTSN_EV_RX, &priv->events);
	/* Busy with TX only: still look at RX now and then (lost edge). */
	if (time_after(jiffies, priv->rx_last_poll +
		       msecs_to_jiffies(LAN1QTSN_IDLE_POLL_MS)))
		rx_more = true;
	tx_more = test_and_clear_bit(LAN1QTSN_EV_TX, &priv->events);
	/*
	 * Weighted round robin, LAN1QTSN_RX_WEIGHT RX frames per TX frame:
	 * neither direction starves, and RX, whose overflow loses frames in
	 * the device, drains faster than a peer like us can fill it, while TX
	 * backlog only pushes back on the stack.
	 */
	for (n = 0; n < LAN1QTSN_ROUND_FRAMES && (rx_more || tx_more); n++) {
		for (w = 0; rx_more && w < LAN1QTSN_RX_WEIGHT; w++) {
			ret = lan1qtsn_rx_one(priv);
			if (ret < 0)
				goto out;
			if (!ret) {
				rx_more = false;
				lan1qtsn_rx_went_empty(priv, irq, rx_frames);
			} else {
				rx_frames++;
			}
		}
		/* A stamp due (the timer fired): collect it between frames. */
		if (test_bit(LAN1QTSN_EV_TSTAMP, &priv->events) &&
		    lan1qtsn_tstamp_collect(priv))
			goto out;
		/* Collected: the round ends, so that the socket has it now. */
		if (lan1qtsn_tstamp_have_done(priv))
			break;
		if (tx_more) {
			ret = lan1qtsn_tx_one(priv);
			if (ret < 0)
				goto out;
			if (!ret)
				tx_more = false;
		}
	}
out:
	/*
	 * The last writes end while the round is still ours: their frames
	 * are counted (and BQL hears of them) this round.
	 */
	lan1qtsn_tx_wait_writes(priv);
	if (rx_more)
		set_bit(LAN1QTSN_EV_RX, &priv->events);
	/* Held back by the scheduler: the thread waits for its deadline. */
	if (tx_more || (!priv->credit_blocked && !priv->txs.waiting &&
			lan1qtsn_tx_pending(priv)))
		set_bit(LAN1QTSN_EV_TX, &priv->events);
}

/**
 * lan1qtsn_round() - one bounded round of work of the owner thread
 * @priv: the device
 *
 * Everything that reaches the stack (received frames through NAPI, BQL
 * completions waking a queue) is handed over under dp_lock with bottom
 * halves off, and runs when they come back on, after dp_lock is dropped:
 * the stack never runs under the driver's lock, and it sees a whole round
 * at once.
 *
 * Return: milliseconds to wait before the next round (after a failed
 * resync), else 0.
 */
static unsigned int lan1qtsn_round(struct lan1qtsn_priv *priv)
{
	struct sk_buff_head stamped;
	unsigned int backoff = 0;

	mutex_lock(&priv->dp_lock);
	if (test_bit(LAN1QTSN_EV_RESYNC, &priv->events)) {
		if (lan1qtsn_sync_resync(priv))
			backoff = priv->backoff_ms;
	} else if (test_bit(LAN1QTSN_EV_RECOVER, &priv->events)) {
		lan1qtsn_sync_recover(priv);
	}

	if (!priv->running) {
		/* Stale entries wait for the resync done by open. */
		clear_bit(LAN1QTSN_EV_RX, &priv->events);
		clear_bit(LAN1QTSN_EV_TX, &priv->events);
		/* A timer that fired as down flushed the slots: nothing due. */
		clear_bit(LAN1QTSN_EV_TSTAMP, &priv->events);
	} else if (priv->sync == LAN1QTSN_SYNC_LOST) {
		lan1qtsn_round_lost(priv);
	} else if (test_bit(LAN1QTSN_EV_RESYNC, &priv->events) ||
		   test_bit(LAN1QTSN_EV_RECOVER, &priv->events)) {
		/* Next round. */
	} else if (priv->credit_stalled &&
		   time_after(jiffies, priv->credit_stalled_since +
			      msecs_to_jiffies(LAN1QTSN_TX_STUCK_MS))) {
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_TX_STUCK, 1);
		lan1qtsn_request_resync(priv);
	} else if (!lan1qtsn_sync_check_health(priv)) {
		if (!test_bit(LAN1QTSN_EV_TSTAMP, &priv->events) ||
		    !lan1qtsn_tstamp_collect(priv))
			lan1qtsn_round_frames(priv);
	}

	__skb_queue_head_init(&stamped);
	lan1qtsn_tstamp_take_done(priv, &stamped);
	local_bh_disable();
	lan1qtsn_tx_report_done(priv);
	lan1qtsn_rx_deliver_round(priv);
	mutex_unlock(&priv->dp_lock);
	local_bh_enable();
	/* To the sockets' error queues, with no driver lock held. */
	lan1qtsn_tstamp_deliver(&stamped);
	return backoff;
}

static bool lan1qtsn_has_work(struct lan1qtsn_priv *priv)
{
	unsigned long ev = READ_ONCE(priv->events);

	if (ev & (BIT(LAN1QTSN_EV_RX) | BIT(LAN1QTSN_EV_RESYNC) |
		  BIT(LAN1QTSN_EV_RECOVER) | BIT(LAN1QTSN_EV_TSTAMP)))
		return true;
	return (ev & BIT(LAN1QTSN_EV_TX)) && !priv->credit_blocked;
}

static bool lan1qtsn_should_wake(struct lan1qtsn_priv *priv)
{
	return lan1qtsn_has_work(priv) || kthread_should_stop();
}

/* How long the thread may sleep with nothing to do. */
static long lan1qtsn_idle_timeout(struct lan1qtsn_priv *priv)
{
	if (!READ_ONCE(priv->running))
		return MAX_SCHEDULE_TIMEOUT;
	if (time_before(jiffies, READ_ONCE(priv->rx_fast_poll_until)))
		return msecs_to_jiffies(LAN1QTSN_FAST_POLL_MS);
	return msecs_to_jiffies(LAN1QTSN_IDLE_POLL_MS);
}

static int lan1qtsn_thread(void *data)
{
	const ktime_t poll = ns_to_ktime(LAN1QTSN_CREDIT_POLL_US * NSEC_PER_USEC);
	struct lan1qtsn_priv *priv = data;
	unsigned int backoff;
	ktime_t left;
	long ret;

	while (!kthread_should_stop()) {
		if (lan1qtsn_txsched_wait(priv, &left)) {
			/*
			 * Until the next window comes within the horizon or a
			 * device buffer frees; a new frame (EV_TX) or any
			 * other event wakes the thread earlier.
			 */
			if (ktime_to_ns(left) > 0)
				wait_event_interruptible_hrtimeout(priv->wq,
								   lan1qtsn_should_wake(priv),
								   left);
			priv->txs.waiting = false;
			set_bit(LAN1QTSN_EV_TX, &priv->events);
		} else if (priv->credit_blocked) {
			/* Poll the device until it frees a TX buffer. */
			wait_event_interruptible_hrtimeout(priv->wq,
							   lan1qtsn_should_wake(priv),
							   poll);
			priv->credit_blocked = false;
			set_bit(LAN1QTSN_EV_TX, &priv->events);
		} else {
			ret = wait_event_interruptible_timeout(priv->wq,
							       lan1qtsn_should_wake(priv),
							       lan1qtsn_idle_timeout(priv));
			/* Covers a lost edge: costs one read per second idle. */
			if (!ret)
				set_bit(LAN1QTSN_EV_RX, &priv->events);
		}
		if (kthread_should_stop())
			break;
		backoff = lan1qtsn_round(priv);
		if (backoff)
			/* kthread_stop() wakes the thread early. */
			schedule_timeout_interruptible(msecs_to_jiffies(backoff));
		cond_resched();
	}
	return 0;
}

/**
 * lan1qtsn_dp_init() - initialise the data path state (probe)
 * @priv: the device
 */
void lan1qtsn_dp_init(struct lan1qtsn_priv *priv)
{
	unsigned int q;

	init_waitqueue_head(&priv->wq);
	mutex_init(&priv->dp_lock);
	for (q = 0; q < LAN1QTSN_TX_QUEUES; q++)
		skb_queue_head_init(&priv->tx_ring[q]);
	__skb_queue_head_init(&priv->rx_round);
	skb_queue_head_init(&priv->rx_backlog);
	u64_stats_init(&priv->dp_syncp);
	u64_stats_init(&priv->napi_syncp);
	lan1qtsn_credits_reset(&priv->credits);
	priv->sync = LAN1QTSN_SYNC_DOWN;
}

/**
 * lan1qtsn_dp_start_thread() - start the owner thread (probe)
 * @priv: the device
 *
 * Return: 0 or a negative errno.
 */
int lan1qtsn_dp_start_thread(struct lan1qtsn_priv *priv)
{
	struct task_struct *t;

	t = kthread_create(lan1qtsn_thread, priv, "lan1qtsn-%s",
			   dev_name(&priv->spi->dev));
	if (IS_ERR(t))
		return PTR_ERR(t);
	sched_set_fifo(t);
	priv->thread = t;
	wake_up_process(t);
	return 0;
}

/**
 * lan1qtsn_dp_stop_thread() - stop the owner thread (remove)
 * @priv: the device
 *
 * Runs after the netdev is unregistered and before the IRQ is freed (the
 * interrupt is disabled while the interface is down), so nothing can
 * queue work any more; frees whatever is left.
 */
void lan1qtsn_dp_stop_thread(struct lan1qtsn_priv *priv)
{
	kthread_stop(priv->thread);
	mutex_lock(&priv->dp_lock);
	lan1qtsn_tx_purge(priv);
	lan1qtsn_tstamp_stop(priv);
	mutex_unlock(&priv->dp_lock);
	lan1qtsn_rx_purge(priv);
}

/**
 * lan1qtsn_dp_up() - enable the device and start the data path (ndo_open)
 * @priv: the device
 *
 * Return: 0 or the error of the first resync (the device did not answer
 * as itself, or the bus failed).
 */
int lan1qtsn_dp_up(struct lan1qtsn_priv *priv)
{
	unsigned int i;
	int ret;

	napi_enable(&priv->napi);
	mutex_lock(&priv->dp_lock);
	priv->running = true;
	priv->resync_failures = 0;
	priv->resync_fails_identified = 0;
	priv->backoff_ms = 0;
	priv->irq_empty_run = 0;
	priv->irq_storm_until = jiffies;
	priv->rx_fast_poll_until = jiffies;
	/* A transfer that failed on the bus is worth another try or two. */
	for (i = 0; i < LAN1QTSN_OPEN_TRIES; i++) {
		ret = lan1qtsn_sync_resync(priv);
		if (ret != -EIO && ret != -ETIMEDOUT)
			break;
	}
	if (ret) {
		priv->running = false;
		priv->sync = LAN1QTSN_SYNC_DOWN;
		clear_bit(LAN1QTSN_EV_RESYNC, &priv->events);
	}
	mutex_unlock(&priv->dp_lock);
	if (ret) {
		napi_disable(&priv->napi);
		return ret;
	}
	netif_tx_start_all_queues(priv->ndev);
	netif_carrier_on(priv->ndev);
	enable_irq(priv->irq);
	lan1qtsn_dp_kick(priv, LAN1QTSN_EV_RX);
	return 0;
}

/**
 * lan1qtsn_dp_down() - stop the data path and disable the device (ndo_stop)
 * @priv: the device
 *
 * Waits for the owner thread to finish its round, disables the device and
 * empties its RX FIFOs, then drops every queued frame with a counter. Works
 * under full traffic and with the device lost.
 */
void lan1qtsn_dp_down(struct lan1qtsn_priv *priv)
{
	unsigned int i;
	bool lost;
	int ret;

	netif_carrier_off(priv->ndev);
	netif_tx_disable(priv->ndev);

	mutex_lock(&priv->dp_lock);
	priv->running = false;
	/* A lost device answers noise: nothing to drain. */
	lost = priv->sync == LAN1QTSN_SYNC_LOST;
	priv->sync = LAN1QTSN_SYNC_DOWN;
	/* The handler may have masked a level line: balance it. */
	disable_irq(priv->irq);
	if (test_and_clear_bit(LAN1QTSN_EV_IRQ_MASKED, &priv->events))
		enable_irq(priv->irq);
	clear_bit(LAN1QTSN_EV_IRQ_SEEN, &priv->events);
	/*
	 * Leave the device disabled with both RX FIFOs empty: the next open,
	 * or the next driver bound to it, cannot know which entry this one
	 * popped without reading its frame.
	 */
	for (i = 0; i < LAN1QTSN_OPEN_TRIES; i++) {
		ret = lan1qtsn_bus_write_reg(&priv->bus,
					     LAN1QTSN_TSN_SYSTEM_CONTROL_L, 0);
		if (!ret && !lost)
			ret = lan1qtsn_rx_drain(priv);
		if (!ret)
			break;
		lan1qtsn_dp_inc(priv, LAN1QTSN_DP_BUS_ERRORS, 1);
	}
	lan1qtsn_tx_purge(priv);
	lan1qtsn_tstamp_flush(priv);
	lan1qtsn_sync_forget_credits(priv);
	mutex_unlock(&priv->dp_lock);

	napi_disable(&priv->napi);
	lan1qtsn_rx_purge(priv);
}
