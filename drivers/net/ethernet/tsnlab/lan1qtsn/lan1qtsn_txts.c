// SPDX-License-Identifier: GPL-2.0
/*
 * LAN1QTSN TX timestamp capture slots and latency correction: pure logic
 * (device-spec.md section 3: a frame with timestamp_id n in 1..4 makes the
 * device write the counter at its start into FT_TX_TSTAMPn; there is no
 * valid flag, the host notices the change).
 *
 * The slot's value before the frame is known (read when the slot is first
 * used after open, a resync or an expiry, else the stamp collected last),
 * so a changed value is the new capture. The driver knows when the frame
 * leaves: it was written at a known host time behind frames of known
 * lengths on a 100 Mb/s port, so the first read is planned right after
 * its estimated end, and a slot still unchanged then is read again with a
 * doubling wait until the request's lifetime ends.
 */
#include <kunit/visibility.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include "lan1qtsn_txts.h"

/**
 * lan1qtsn_txts_reset() - forget every request and every slot's value
 * @t: the slots
 *
 * After open, a resync (the device may have been reset: its frames are
 * lost and its slots read 0) and a purge: each slot is read again before
 * its next use.
 */
void lan1qtsn_txts_reset(struct lan1qtsn_txts *t)
{
	memset(t, 0, sizeof(*t));
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_txts_reset);

/**
 * lan1qtsn_txts_alloc() - pick a free capture slot
 * @t: the slots
 *
 * A free slot whose value is known is preferred (no read needed before
 * the frame); the caller reads the register of one that is not and
 * records it with lan1qtsn_txts_set_prev() before writing the frame.
 *
 * Return: the slot id (1..LAN1QTSN_TS_SLOTS), or 0 when all are busy.
 */
unsigned int lan1qtsn_txts_alloc(const struct lan1qtsn_txts *t)
{
	unsigned int i, unknown = 0;

	for (i = 0; i < LAN1QTSN_TS_SLOTS; i++) {
		if (t->slot[i].busy)
			continue;
		if (t->slot[i].prev_known)
			return i + 1;
		if (!unknown)
			unknown = i + 1;
	}
	return unknown;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_txts_alloc);

/**
 * lan1qtsn_txts_set_prev() - record a slot's register value, read while
 *			      the slot was free
 * @t: the slots
 * @id: the slot (1..LAN1QTSN_TS_SLOTS)
 * @value: what FT_TX_TSTAMP@id read
 */
void lan1qtsn_txts_set_prev(struct lan1qtsn_txts *t, unsigned int id,
			    u64 value)
{
	struct lan1qtsn_txts_slot *s = &t->slot[id - 1];

	s->prev = value;
	s->prev_known = true;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_txts_set_prev);

/**
 * lan1qtsn_txts_wire_ns() - how long a frame occupies the 100 Mb/s port
 * @frame_len: TX frame_length (padded frame and FCS)
 *
 * Return: ns, preamble and inter-frame gap included.
 */
u64 lan1qtsn_txts_wire_ns(unsigned int frame_len)
{
	return (u64)(frame_len + LAN1QTSN_WIRE_PREAMBLE + LAN1QTSN_WIRE_IFG) *
	       LAN1QTSN_WIRE_NS_PER_BYTE;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_txts_wire_ns);

/**
 * lan1qtsn_txts_written() - a frame was written to the device
 * @t: the slots
 * @id: its capture slot, 0 for none
 * @now_ns: host time the write ended
 * @start_ns: host time the TX scheduler's model plans the frame to start
 *	      (its window, or a launch time); @now_ns or earlier (0) when it
 *	      has no plan: as soon as the port is free
 * @frame_len: its frame_length
 *
 * Every frame moves the estimate of when the port is free (a stamped frame
 * may wait behind unstamped ones, or for its window); a stamped one gets
 * its first read planned right after its estimated end and its lifetime.
 *
 * Return: the host time of the slot's first read (0 when @id is 0).
 */
u64 lan1qtsn_txts_written(struct lan1qtsn_txts *t, unsigned int id,
			  u64 now_ns, u64 start_ns, unsigned int frame_len)
{
	struct lan1qtsn_txts_slot *s;
	u64 end;

	end = max(max(now_ns, t->wire_free_ns), start_ns) +
	      lan1qtsn_txts_wire_ns(frame_len);
	t->wire_free_ns = end;
	if (!id)
		return 0;
	s = &t->slot[id - 1];
	s->busy = true;
	s->seen_valid = false;
	s->due_ns = end + LAN1QTSN_TXTS_SLACK_NS;
	s->expire_ns = s->due_ns + LAN1QTSN_TXTS_LIFETIME_NS;
	s->retry_ns = LAN1QTSN_TXTS_RETRY_MIN_NS;
	return s->due_ns;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_txts_written);

/**
 * lan1qtsn_txts_cancel() - give a slot back without a stamp
 * @t: the slots
 * @id: the slot (1..LAN1QTSN_TS_SLOTS)
 *
 * For a frame whose write failed (it may or may not have reached the
 * device) and for a purge: a capture may still land, so the slot is read
 * again before its next use.
 */
void lan1qtsn_txts_cancel(struct lan1qtsn_txts *t, unsigned int id)
{
	struct lan1qtsn_txts_slot *s = &t->slot[id - 1];

	s->busy = false;
	s->prev_known = false;
	s->seen_valid = false;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_txts_cancel);

/**
 * lan1qtsn_txts_due() - is a busy slot's read due
 * @t: the slots
 * @id: the slot (1..LAN1QTSN_TS_SLOTS)
 * @now_ns: host time
 *
 * Return: true when the slot awaits a stamp and its next read is due.
 */
bool lan1qtsn_txts_due(const struct lan1qtsn_txts *t, unsigned int id,
		       u64 now_ns)
{
	const struct lan1qtsn_txts_slot *s = &t->slot[id - 1];

	return s->busy && now_ns >= s->due_ns;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_txts_due);

/**
 * lan1qtsn_txts_check() - judge one read of a busy slot
 * @t: the slots
 * @id: the slot (1..LAN1QTSN_TS_SLOTS)
 * @now_ns: host time of the read
 * @value: what FT_TX_TSTAMP@id read
 *
 * A value different from the slot's previous one is the capture, once a
 * second read gives the same value: without latching, the two words of a
 * read can straddle the capture (old _H with new _L). The counter never
 * repeats a value, so the capture always differs from the previous one.
 *
 * Return: the verdict; for LAN1QTSN_TXTS_DONE the stamp is @value and the
 * slot is free with @value as its known value; for
 * LAN1QTSN_TXTS_EXPIRED (the lifetime over, unchanged or never confirmed)
 * the slot is free and read again before its next use (the capture may
 * still land).
 */
enum lan1qtsn_txts_verdict lan1qtsn_txts_check(struct lan1qtsn_txts *t,
					       unsigned int id, u64 now_ns,
					       u64 value)
{
	struct lan1qtsn_txts_slot *s = &t->slot[id - 1];

	if (value != s->prev) {
		if (s->seen_valid && s->seen == value) {
			s->busy = false;
			s->seen_valid = false;
			s->prev = value;
			s->prev_known = true;
			return LAN1QTSN_TXTS_DONE;
		}
		/*
		 * A slot that never reads the same twice (a broken link's
		 * noise) still ends at its lifetime: the owner thread reads
		 * it again at once, under dp_lock, and must come out.
		 */
		if (now_ns >= s->expire_ns) {
			lan1qtsn_txts_cancel(t, id);
			return LAN1QTSN_TXTS_EXPIRED;
		}
		/* First sight, or a torn read seen before: read again. */
		s->seen = value;
		s->seen_valid = true;
		s->due_ns = now_ns;
		return LAN1QTSN_TXTS_CONFIRM;
	}
	s->seen_valid = false;
	if (now_ns >= s->expire_ns) {
		lan1qtsn_txts_cancel(t, id);
		return LAN1QTSN_TXTS_EXPIRED;
	}
	s->due_ns = min(now_ns + s->retry_ns, s->expire_ns);
	s->retry_ns = min(s->retry_ns * 2, LAN1QTSN_TXTS_RETRY_MAX_NS);
	return LAN1QTSN_TXTS_WAIT;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_txts_check);

/**
 * lan1qtsn_txts_next_due() - when the owner thread must read a slot next
 * @t: the slots
 *
 * Return: the earliest due host time among busy slots, U64_MAX for none.
 */
u64 lan1qtsn_txts_next_due(const struct lan1qtsn_txts *t)
{
	u64 next = U64_MAX;
	unsigned int i;

	for (i = 0; i < LAN1QTSN_TS_SLOTS; i++)
		if (t->slot[i].busy)
			next = min(next, t->slot[i].due_ns);
	return next;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_txts_next_due);

/**
 * lan1qtsn_txts_tx_correct() - TX stamp point to the wire
 * @ns: PHC time of the capture (start of transmission in the MAC)
 * @tx_corr_ns: MAC + PHY TX latency
 *
 * Return: PHC time the first bit left the port (igc adds its TX latency
 * the same way).
 */
u64 lan1qtsn_txts_tx_correct(u64 ns, u32 tx_corr_ns)
{
	return ns + tx_corr_ns;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_txts_tx_correct);

/**
 * lan1qtsn_txts_rx_correct() - RX stamp point back to the wire
 * @ns: PHC time of the metadata timestamp
 * @rx_corr_ns: PHY + MAC RX latency
 *
 * Return: PHC time the first bit reached the port, never below 0.
 */
u64 lan1qtsn_txts_rx_correct(u64 ns, u32 rx_corr_ns)
{
	return ns > rx_corr_ns ? ns - rx_corr_ns : 0;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_txts_rx_correct);

/**
 * lan1qtsn_txts_corr_valid() - check a latency correction from the user
 * @ns: the value (module parameter or device-tree property)
 *
 * Return: 0, or -ERANGE outside 0..LAN1QTSN_TXTS_CORR_MAX_NS.
 */
int lan1qtsn_txts_corr_valid(s64 ns)
{
	return ns < 0 || ns > LAN1QTSN_TXTS_CORR_MAX_NS ? -ERANGE : 0;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_txts_corr_valid);
