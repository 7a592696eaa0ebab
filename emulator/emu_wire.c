// SPDX-License-Identifier: GPL-2.0
/*
 * lan1qtsn_emu: the 100 Mbit/s cable between two boards and the hrtimer
 * that drives each board's scheduler and receive side.
 *
 * A board's lock is never held while another board's lock is taken: frames
 * leave the sender on its "outgoing" list and are handed to the receiver
 * after the sender's lock has been dropped.
 *
 * Model time is the raw monotonic clock (ktime_get_raw_ns(): immune to
 * adjtimex, as the boards' oscillators are); the hrtimers run on
 * CLOCK_MONOTONIC, so a deadline becomes a delay from raw now. A timer that
 * fires early or late (a slewed monotonic clock) only means a re-check: the
 * model works in ideal time.
 */
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/slab.h>

#include "emu.h"

static void emu_wire_frame_out(void *ctx, const u8 *frame, u16 len,
			       u64 start_ns, u64 end_ns)
{
	struct emu_board *b = ctx;
	struct emu_wire_frame *f;

	/* Called under b->lock, possibly from the hrtimer. */
	f = kmalloc(struct_size(f, data, len), GFP_ATOMIC);
	if (!f) {
		b->wire_alloc_failures++;
		return;
	}
	f->len = len;
	f->sof_ns = start_ns + b->wire_delay_ns;
	f->deliver_ns = end_ns + b->wire_delay_ns;
	memcpy(f->data, frame, len);
	list_add_tail(&f->node, &b->outgoing);
}

const struct emu_model_ops emu_wire_ops = {
	.frame_out = emu_wire_frame_out,
};

/*
 * Deliver the frames that have fully arrived and run the scheduler up to
 * @now_ns. Returns true when the IRQ line fell.
 */
bool emu_board_run_locked(struct emu_board *b, u64 now_ns)
{
	struct emu_wire_frame *f, *tmp;
	bool edge = false;

	lockdep_assert_held(&b->lock);
	list_for_each_entry_safe(f, tmp, &b->inflight, node) {
		if (f->deliver_ns > now_ns)
			break;
		list_del(&f->node);
		edge |= emu_model_rx(&b->model, f->data, f->len, f->sof_ns);
		kfree(f);
	}
	b->model_next_ns = emu_model_advance(&b->model, now_ns);
	return edge;
}

static u64 emu_board_next_locked(struct emu_board *b)
{
	struct emu_wire_frame *f;
	u64 next = b->model_next_ns;

	f = list_first_entry_or_null(&b->inflight, struct emu_wire_frame, node);
	if (f && (!next || f->deliver_ns < next))
		next = f->deliver_ns;
	return next;
}

/* Delay from now (raw) to the model time @next, at most an hour. */
static ktime_t emu_board_delay(u64 next)
{
	u64 now = ktime_get_raw_ns();

	if (next <= now)
		return 0;
	return ns_to_ktime(min_t(u64, next - now, 3600 * NSEC_PER_SEC));
}

/* Arm the timer for the board's next event. */
void emu_board_kick_locked(struct emu_board *b)
{
	u64 next;

	lockdep_assert_held(&b->lock);
	next = emu_board_next_locked(b);
	if (next && !b->stopping)
		hrtimer_start(&b->timer, emu_board_delay(next),
			      HRTIMER_MODE_REL);
}

/* Hand frames sent by @b to its peer; @b->lock must not be held. */
void emu_wire_handover(struct emu_board *b, struct list_head *frames)
{
	struct emu_board *peer = b->peer;
	struct emu_wire_frame *f, *tmp;
	unsigned long flags;

	if (list_empty(frames))
		return;
	list_for_each_entry(f, frames, node) {
		emu_tap_frame(b, f->data, f->len);
		if (peer)
			emu_tap_frame(peer, f->data, f->len);
	}
	if (!peer)
		goto free;
	spin_lock_irqsave(&peer->lock, flags);
	if (!peer->stopping) {
		list_splice_tail_init(frames, &peer->inflight);
		emu_board_kick_locked(peer);
	}
	spin_unlock_irqrestore(&peer->lock, flags);
free:
	list_for_each_entry_safe(f, tmp, frames, node)
		kfree(f);
}

static enum hrtimer_restart emu_board_timer(struct hrtimer *t)
{
	struct emu_board *b = container_of(t, struct emu_board, timer);
	enum hrtimer_restart ret = HRTIMER_NORESTART;
	LIST_HEAD(sent);
	unsigned long flags;
	bool edge;
	u64 next;

	spin_lock_irqsave(&b->lock, flags);
	edge = emu_board_run_locked(b, ktime_get_raw_ns());
	list_splice_tail_init(&b->outgoing, &sent);
	next = emu_board_next_locked(b);
	if (next && !b->stopping) {
		hrtimer_set_expires(t, ktime_add(ktime_get(),
						 emu_board_delay(next)));
		ret = HRTIMER_RESTART;
	}
	spin_unlock_irqrestore(&b->lock, flags);

	emu_wire_handover(b, &sent);
	if (edge)
		emu_irq_fire(b);
	return ret;
}

/* Bring the model up to (raw) host time @now_ns from process context. */
void emu_board_sync_at(struct emu_board *b, u64 now_ns)
{
	unsigned long flags;
	LIST_HEAD(sent);
	bool edge;

	spin_lock_irqsave(&b->lock, flags);
	edge = emu_board_run_locked(b, now_ns);
	list_splice_tail_init(&b->outgoing, &sent);
	emu_board_kick_locked(b);
	spin_unlock_irqrestore(&b->lock, flags);
	emu_wire_handover(b, &sent);
	if (edge)
		emu_irq_fire(b);
}

/* Bring the model up to date from process context (debugfs). */
void emu_board_sync(struct emu_board *b)
{
	emu_board_sync_at(b, ktime_get_raw_ns());
}

void emu_wire_init(struct emu_board *b)
{
	spin_lock_init(&b->lock);
	INIT_LIST_HEAD(&b->inflight);
	INIT_LIST_HEAD(&b->outgoing);
	hrtimer_init(&b->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
	b->timer.function = emu_board_timer;
}

/* Stop generating events; the caller then cancels every board's timer. */
void emu_wire_stop(struct emu_board *b)
{
	unsigned long flags;

	spin_lock_irqsave(&b->lock, flags);
	b->stopping = true;
	spin_unlock_irqrestore(&b->lock, flags);
}

void emu_wire_free(struct emu_board *b)
{
	struct emu_wire_frame *f, *tmp;

	hrtimer_cancel(&b->timer);
	list_for_each_entry_safe(f, tmp, &b->inflight, node)
		kfree(f);
	list_for_each_entry_safe(f, tmp, &b->outgoing, node)
		kfree(f);
	INIT_LIST_HEAD(&b->inflight);
	INIT_LIST_HEAD(&b->outgoing);
}
