/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LAN1QTSN pure encoders and decoders: TX metadata, RX metadata, FCS and
 * TX credit accounting. Nothing here touches the bus or sleeps, so every
 * function is unit-tested by lan1qtsn_kunit.c.
 */
#ifndef LAN1QTSN_FRAME_H
#define LAN1QTSN_FRAME_H

#include <linux/types.h>

#include "../lan1qtsn_hw.h"

/*
 * The driver's frame limits, a policy and not a hardware fact (so not in
 * lan1qtsn_hw.h): TX frames are padded to 60 bytes (ETH_ZLEN) and at most
 * 1522 bytes are sent or accepted, FCS not counted. The device's own
 * limits are not documented (hardware-research.md 3.1, 3.4).
 */
#define LAN1QTSN_MIN_FRAME_NOFCS	60
#define LAN1QTSN_MAX_FRAME_NOFCS	1522

/* Smallest frame the device can report: an Ethernet header and the FCS. */
#define LAN1QTSN_RX_MIN_LEN		(14 + LAN1QTSN_FCS_LEN)
#define LAN1QTSN_RX_MAX_LEN		(LAN1QTSN_MAX_FRAME_NOFCS + LAN1QTSN_FCS_LEN)
/* Largest TX frame length field: maximum frame plus FCS. */
#define LAN1QTSN_TX_MAX_LEN		(LAN1QTSN_MAX_FRAME_NOFCS + LAN1QTSN_FCS_LEN)
/* Read data start after the header and the turnaround byte. */
#define LAN1QTSN_RD_DATA_OFF		(LAN1QTSN_HDR_LEN + LAN1QTSN_RD_GAP_LEN)

/**
 * struct lan1qtsn_tx_window - when and how the device may send one frame
 * @from: first tick of the window (29 bits, 100 MHz system counter)
 * @to: last tick of the window (29 bits)
 * @delay_from: first tick of the retry window (fail_policy retry only)
 * @delay_to: last tick of the retry window
 * @prio: 3-bit priority recorded by the device
 * @fail_policy: LAN1QTSN_FAIL_DROP or LAN1QTSN_FAIL_RETRY
 * @timestamp_id: 0 for none, 1..LAN1QTSN_TS_SLOTS for a capture slot
 *
 * The owner thread fills one per frame at the moment it writes the frame;
 * today every window is "always open", later taprio/cbs/etf and TX
 * timestamping fill it from the cached clock relation.
 */
struct lan1qtsn_tx_window {
	u32 from;
	u32 to;
	u32 delay_from;
	u32 delay_to;
	u8 prio;
	u8 fail_policy;
	u8 timestamp_id;
};

/**
 * struct lan1qtsn_rx_meta - one decoded RX metadata FIFO entry
 * @timestamp: system counter at the start of the frame
 * @frame_len: bytes in the RX frame FIFO, FCS included
 */
struct lan1qtsn_rx_meta {
	u64 timestamp;
	u16 frame_len;
};

/**
 * struct lan1qtsn_tx_credits - the driver's count of free device TX buffers
 * @avail: buffers the driver may still fill without asking the device
 *
 * Only the owner thread writes frames, so after a refresh from
 * FBW_BUFFER_WRITE_STATUS1_H the count is exact; every write consumes one.
 */
struct lan1qtsn_tx_credits {
	unsigned int avail;
};

void lan1qtsn_cmd_header(u8 *buf, u8 cmd, u16 addr);
unsigned int lan1qtsn_read_cmd_encode(u8 *buf, u16 addr, unsigned int len);
unsigned int lan1qtsn_reg_write_encode(u8 *buf, u16 reg, const u32 *vals,
				       unsigned int n);
void lan1qtsn_rx_fifo_decode(u32 status, u32 *units, u32 *entries);
void lan1qtsn_tx_window_always_open(struct lan1qtsn_tx_window *win, u8 prio);
u16 lan1qtsn_tx_frame_len(unsigned int len, unsigned int fcs_len);
int lan1qtsn_tx_meta_encode(u8 *meta, const struct lan1qtsn_tx_window *win,
			    u16 frame_len, unsigned int fcs_len);
u32 lan1qtsn_fcs(const u8 *data, unsigned int len);
void lan1qtsn_fcs_append(u8 *frame, unsigned int len);
bool lan1qtsn_fcs_valid(const u8 *frame, unsigned int len);
int lan1qtsn_rx_meta_parse(const u8 *raw, struct lan1qtsn_rx_meta *meta);

void lan1qtsn_credits_reset(struct lan1qtsn_tx_credits *cr);
bool lan1qtsn_credits_take(struct lan1qtsn_tx_credits *cr);
unsigned int lan1qtsn_credits_refresh(struct lan1qtsn_tx_credits *cr,
				      u32 fbw_status);

#endif /* LAN1QTSN_FRAME_H */
