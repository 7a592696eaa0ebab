// SPDX-License-Identifier: GPL-2.0
/*
 * lan1qtsn_emu: the 100 Mbit/s cable between two boards and the hrtimer
 * that drives each board's scheduler and receive side.
 *
 * A board's lock is never held while another board's lock is taken. Each
 * board's "cable" list, under its own leaf lock, holds the frames it put on
 * the wire, in wire order; the receiver takes them off the head when their
 * last bit has arrived. Only the sender appends and only the receiver (under
 * its own lock) removes, so no interleaving of the contexts that run either
 * board (SPI path, hrtimer, debugfs, on any CPU) can reorder frames. The
 * sender's lock is dropped before the receiver's timer is kicked.
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
	u32 delay = READ_ONCE(b->wire_delay_ns);

	/* Called under b->lock, possibly from the hrtimer. */
	f = kmalloc(struct_size(f, data, len), GFP_ATOMIC);
	if (!f) {
		struct emu_event ev = {
			.type = EMU_EV_WIRE_LOST,
			.seq = b->model.out_seq,
			.len = len,
			.wire_id = EMU_WIRE_ID_NONE,
		};

		b->wire_alloc_failures++;
		emu_event_glue(b->index, &ev);
		return;
	}
	f->len = len;
	f->sof_ns = start_ns + delay;
	f->deliver_ns = end_ns + delay;
	f->wire_id = (u64)b->index << 32 | b->model.out_seq;
	memcpy(f->data, frame, len);
	if (!b->peer) {
		/* No cable: only the tap sees it. */
		list_add_tail(&f->node, &b->outgoing);
		return;
	}
	spin_lock(&b->cable_lock);
	list_add_tail(&f->node, &b->cable);
	spin_unlock(&b->cable_lock);
	set_bit(EMU_CABLE_KICK, &b->cable_flags);
}

static void emu_wire_event(void *ctx, const struct emu_event *ev)
{
	struct emu_board *b = ctx;

	emu_event_record(b->index, ev);
}

const struct emu_model_ops emu_wire_ops = {
	.frame_out = emu_wire_frame_out,
	.event = emu_wire_event,
};

/*
 * Deliver the frames that have fully arrived and run the scheduler up to
 * @now_ns. Returns true when the IRQ line fell.
 */
bool emu_board_run_locked(struct emu_board *b, u64 now_ns)
{
	struct emu_board *peer = b->peer;
	struct emu_wire_frame *f, *tmp;
	LIST_HEAD(due);
	bool edge = false;

	lockdep_assert_held(&b->lock);
	if (peer) {
		spin_lock(&peer->cable_lock);
		list_for_each_entry_safe(f, tmp, &peer->cable, node) {
			if (f->deliver_ns > now_ns)
				break;
			list_move_tail(&f->node, &due);
		}
		spin_unlock(&peer->cable_lock);
	}
	/* Only this board takes frames off the peer's cable: still in order. */
	list_for_each_entry_safe(f, tmp, &due, node) {
		edge |= emu_model_rx_id(&b->model, f->data, f->len, f->sof_ns,
					f->wire_id);
		list_move_tail(&f->node, &b->outgoing);
	}
	b->model_next_ns = emu_model_advance(&b->model, now_ns);
	return edge;
}

static u64 emu_board_next_locked(struct emu_board *b)
{
	struct emu_wire_frame *f = NULL;
	u64 next = b->model_next_ns;

	if (b->peer) {
		spin_lock(&b->peer->cable_lock);
		f = list_first_entry_or_null(&b->peer->cable,
					     struct emu_wire_frame, node);
		if (f && (!next || f->deliver_ns < next))
			next = f->deliver_ns;
		spin_unlock(&b->peer->cable_lock);
	}
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

/*
 * After a run of @b, with @b->lock dropped: wake the peer's timer if @b
 * put frames on the cable, show the frames that arrived at @b (@frames, from
 * @b->outgoing) on both boards' taps and free them.
 */
void emu_wire_handover(struct emu_board *b, struct list_head *frames)
{
	struct emu_board *peer = b->peer;
	struct emu_wire_frame *f, *tmp;
	unsigned long flags;

	if (peer && test_and_clear_bit(EMU_CABLE_KICK, &b->cable_flags)) {
		spin_lock_irqsave(&peer->lock, flags);
		emu_board_kick_locked(peer);
		spin_unlock_irqrestore(&peer->lock, flags);
	}
	list_for_each_entry_safe(f, tmp, frames, node) {
		emu_tap_frame(b, f->data, f->len);
		if (peer)
			emu_tap_frame(peer, f->data, f->len);
		kfree(f);
	}
}

/*
 * The board's next event is due. The timer is re-armed through
 * hrtimer_start() under b->lock, never by setting its expiry and returning
 * HRTIMER_RESTART: process context (an SPI transfer, the peer's handover)
 * may hrtimer_start() it on another CPU while this callback runs, and the
 * expiry of a timer that is already queued must not be changed behind the
 * hrtimer core's back. Doing so left a timer an hour out at the head of a
 * CPU's queue, ahead of timers due sooner: that CPU's clock event device
 * was programmed to its 34 s maximum and the whole VM stalled (soft lockup
 * reports in idle, drv-ptp-steps with a pulse due years ahead).
 */
static enum hrtimer_restart emu_board_timer(struct hrtimer *t)
{
	struct emu_board *b = container_of(t, struct emu_board, timer);
	u64 entry = ktime_get_raw_ns();
	LIST_HEAD(sent);
	unsigned long flags;
	bool edge;

	spin_lock_irqsave(&b->lock, flags);
	edge = emu_board_run_locked(b, entry);
	list_splice_tail_init(&b->outgoing, &sent);
	emu_board_kick_locked(b);
	/* The device's own work, done on the host's CPU in hard-IRQ context. */
	b->model.stats.host_timer_ns += ktime_get_raw_ns() - entry;
	spin_unlock_irqrestore(&b->lock, flags);

	emu_wire_handover(b, &sent);
	if (edge)
		emu_irq_fire(b);
	return HRTIMER_NORESTART;
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
	spin_lock_init(&b->cable_lock);
	INIT_LIST_HEAD(&b->cable);
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
	unsigned long flags;
	LIST_HEAD(gone);

	hrtimer_cancel(&b->timer);
	/* The peer's timer may still take frames: under the cable lock. */
	spin_lock_irqsave(&b->cable_lock, flags);
	list_splice_init(&b->cable, &gone);
	spin_unlock_irqrestore(&b->cable_lock, flags);
	list_for_each_entry_safe(f, tmp, &gone, node)
		kfree(f);
	INIT_LIST_HEAD(&gone);
	spin_lock_irqsave(&b->lock, flags);
	list_splice_init(&b->outgoing, &gone);
	spin_unlock_irqrestore(&b->lock, flags);
	list_for_each_entry_safe(f, tmp, &gone, node)
		kfree(f);
}
