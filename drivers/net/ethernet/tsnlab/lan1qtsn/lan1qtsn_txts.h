/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LAN1QTSN TX timestamp capture slots and latency correction: pure logic.
 *
 * No bus, skb, timer or clock here: host time is a parameter (monotonic
 * ns), so the slot allocation, the read schedule, the expiry and the
 * correction arithmetic are KUnit-tested on the host (lan1qtsn_txts_kunit.c).
 * The driver side (lan1qtsn_tstamp.c) keeps the cloned skbs, reads the
 * registers and arms the timer that wakes the owner thread.
 */
#ifndef LAN1QTSN_TXTS_H
#define LAN1QTSN_TXTS_H

#include <linux/types.h>

#include "../lan1qtsn_hw.h"

/*
 * A frame starts no earlier than this after its TX write ended (the
 * device's pipeline, emulator launch_latency_ns 130 ns), plus room for
 * the end of the SPI transfer the host did not see: the first read is
 * planned this much after the frame's estimated end.
 */
#define LAN1QTSN_TXTS_SLACK_NS		2000ULL
/* A slot still unchanged is read again after this, doubling ... */
#define LAN1QTSN_TXTS_RETRY_MIN_NS	20000ULL
/*
 * ... up to this: a capture later than planned (a device FIFO fuller than
 * the estimate, a slow host) is picked up within 1 ms of landing, at the
 * cost of at most one 8-byte register read per millisecond (about 10 us of
 * the bus) while a stamp is overdue.
 */
#define LAN1QTSN_TXTS_RETRY_MAX_NS	1000000ULL
/*
 * A stamp not seen this long after the frame's estimated end never comes
 * (the frame was dropped or the capture lost): the request expires and
 * counts in tx_hwtstamp_timeouts. Well below ptp4l's tx_timestamp_timeout
 * in TSNLab's profile (500 ms) and the selftests' (100 ms), far above what
 * the device needs (its capture is written a few FPGA clocks after the
 * frame starts).
 */
#define LAN1QTSN_TXTS_LIFETIME_NS	50000000ULL
/* Latency corrections accepted from a module parameter or the DT. */
#define LAN1QTSN_TXTS_CORR_MAX_NS	100000

/**
 * struct lan1qtsn_txts_slot - one capture slot (FT_TX_TSTAMPn) as the
 *			       driver knows it
 * @busy: a frame carrying this slot id was written; its stamp is awaited
 * @prev_known: @prev is what the register holds and no capture is on its
 *		way (false after open, a resync or an expiry: the slot is
 *		read again before it is used)
 * @prev: the register's value before the frame was written
 * @seen_valid: @seen holds a changed value waiting for its confirming read
 * @seen: that value
 * @due_ns: host time of the next read
 * @expire_ns: host time after which the request is given up
 * @retry_ns: wait before the next read when the slot is still unchanged
 */
struct lan1qtsn_txts_slot {
	bool busy;
	bool prev_known;
	u64 prev;
	bool seen_valid;
	u64 seen;
	u64 due_ns;
	u64 expire_ns;
	u64 retry_ns;
};

/**
 * struct lan1qtsn_txts - the four capture slots and the driver's model of
 *			  the device's port
 * @slot: slot n (1..LAN1QTSN_TS_SLOTS) is @slot[n - 1]
 * @wire_free_ns: host time at which the port is estimated to be free again
 *		  (the end of the last frame written, preamble and gap
 *		  included)
 */
struct lan1qtsn_txts {
	struct lan1qtsn_txts_slot slot[LAN1QTSN_TS_SLOTS];
	u64 wire_free_ns;
};

/**
 * enum lan1qtsn_txts_verdict - what one read of a slot means
 * @LAN1QTSN_TXTS_WAIT: unchanged; read again at the slot's @due_ns
 * @LAN1QTSN_TXTS_CONFIRM: changed; read once more at once (a read of an
 *			   unlatched pair may straddle the capture)
 * @LAN1QTSN_TXTS_DONE: the same changed value twice: the stamp; slot free
 * @LAN1QTSN_TXTS_EXPIRED: unchanged past the lifetime; slot free
 */
enum lan1qtsn_txts_verdict {
	LAN1QTSN_TXTS_WAIT,
	LAN1QTSN_TXTS_CONFIRM,
	LAN1QTSN_TXTS_DONE,
	LAN1QTSN_TXTS_EXPIRED,
};

void lan1qtsn_txts_reset(struct lan1qtsn_txts *t);
unsigned int lan1qtsn_txts_alloc(const struct lan1qtsn_txts *t);
void lan1qtsn_txts_set_prev(struct lan1qtsn_txts *t, unsigned int id,
			    u64 value);
u64 lan1qtsn_txts_wire_ns(unsigned int frame_len);
u64 lan1qtsn_txts_written(struct lan1qtsn_txts *t, unsigned int id,
			  u64 now_ns, u64 start_ns, unsigned int frame_len);
void lan1qtsn_txts_cancel(struct lan1qtsn_txts *t, unsigned int id);
enum lan1qtsn_txts_verdict lan1qtsn_txts_check(struct lan1qtsn_txts *t,
					       unsigned int id, u64 now_ns,
					       u64 value);
bool lan1qtsn_txts_due(const struct lan1qtsn_txts *t, unsigned int id,
		       u64 now_ns);
u64 lan1qtsn_txts_next_due(const struct lan1qtsn_txts *t);
u64 lan1qtsn_txts_tx_correct(u64 ns, u32 tx_corr_ns);
u64 lan1qtsn_txts_rx_correct(u64 ns, u32 rx_corr_ns);
int lan1qtsn_txts_corr_valid(s64 ns);

#endif /* LAN1QTSN_TXTS_H */
