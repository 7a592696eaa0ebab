// SPDX-License-Identifier: GPL-2.0
/*
 * LAN1QTSN pure encoders and decoders (device-spec.md sections 2 and 3).
 */
#include <kunit/visibility.h>
#include <linux/bitfield.h>
#include <linux/crc32.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "lan1qtsn_frame.h"

/**
 * lan1qtsn_cmd_header() - the 3-byte SPI command header
 * @buf: MOSI buffer
 * @cmd: LAN1QTSN_CMD_WRITE or LAN1QTSN_CMD_READ
 * @addr: 16-bit address, an address space base ORed with the offset
 */
void lan1qtsn_cmd_header(u8 *buf, u8 cmd, u16 addr)
{
	buf[0] = cmd;
	put_unaligned_be16(addr, buf + 1);
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_cmd_header);

/**
 * lan1qtsn_read_cmd_encode() - a whole read command
 * @buf: MOSI buffer of LAN1QTSN_RD_DATA_OFF + @len bytes
 * @addr: 16-bit address (space and offset)
 * @len: data bytes to read
 *
 * The header, the turnaround byte and @len zero bytes: MOSI idles while
 * the device answers.
 *
 * Return: the message length; the data arrive at LAN1QTSN_RD_DATA_OFF.
 */
unsigned int lan1qtsn_read_cmd_encode(u8 *buf, u16 addr, unsigned int len)
{
	lan1qtsn_cmd_header(buf, LAN1QTSN_CMD_READ, addr);
	memset(buf + LAN1QTSN_HDR_LEN, 0, LAN1QTSN_RD_GAP_LEN + len);
	return LAN1QTSN_RD_DATA_OFF + len;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_read_cmd_encode);

/**
 * lan1qtsn_reg_write_encode() - a whole register write command
 * @buf: MOSI buffer of LAN1QTSN_HDR_LEN + 4 * @n bytes
 * @reg: register offset (12 bits)
 * @vals: @n values, host order, sent big-endian
 * @n: 1 or 2 (the caller checks)
 *
 * Return: the message length.
 */
unsigned int lan1qtsn_reg_write_encode(u8 *buf, u16 reg, const u32 *vals,
				       unsigned int n)
{
	unsigned int i;

	lan1qtsn_cmd_header(buf, LAN1QTSN_CMD_WRITE,
			    LAN1QTSN_SPACE_REG_WRITE | reg);
	for (i = 0; i < n; i++)
		put_unaligned_be32(vals[i], buf + LAN1QTSN_HDR_LEN + 4 * i);
	return LAN1QTSN_HDR_LEN + 4 * n;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_reg_write_encode);

/**
 * lan1qtsn_rx_fifo_decode() - the fields of TSN_RX_FIFO_STATUS_L
 * @status: the register
 * @units: frame FIFO fill, in 16-byte units
 * @entries: metadata FIFO entries
 */
void lan1qtsn_rx_fifo_decode(u32 status, u32 *units, u32 *entries)
{
	*units = FIELD_GET(LAN1QTSN_RX_FIFO_FRAME_CNT, status);
	*entries = FIELD_GET(LAN1QTSN_RX_FIFO_META_CNT, status);
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_rx_fifo_decode);

/**
 * lan1qtsn_tx_window_always_open() - a window that never closes
 * @win: window to fill
 * @prio: 3-bit priority to record
 *
 * The device treats to == from - 1 (mod 2^29) as "always open", so the frame
 * leaves as soon as it reaches the head of the FIFO whatever the counter.
 */
void lan1qtsn_tx_window_always_open(struct lan1qtsn_tx_window *win, u8 prio)
{
	win->from = 0;
	win->to = (win->from - 1) & LAN1QTSN_TICK_MASK;
	win->delay_from = win->from;
	win->delay_to = win->to;
	win->prio = prio & LAN1QTSN_PRIO_MASK;
	win->fail_policy = LAN1QTSN_FAIL_DROP;
	win->timestamp_id = 0;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_tx_window_always_open);

/**
 * lan1qtsn_tx_frame_len() - the TX metadata frame_length for a frame
 * @len: frame length without FCS as handed over by the stack
 * @fcs_len: LAN1QTSN_FCS_LEN when the host supplies the FCS, 0 when the
 *	device appends it (the "tsnlab,tx-fcs-by-device" bitstreams)
 *
 * Return: the frame padded to the Ethernet minimum, plus @fcs_len.
 */
u16 lan1qtsn_tx_frame_len(unsigned int len, unsigned int fcs_len)
{
	return max_t(unsigned int, len, LAN1QTSN_MIN_FRAME_NOFCS) + fcs_len;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_tx_frame_len);

static u32 lan1qtsn_window_word(u32 tick, u8 prio)
{
	return ((tick & LAN1QTSN_TICK_MASK) << LAN1QTSN_TICK_SHIFT) |
	       (prio & LAN1QTSN_PRIO_MASK);
}

/**
 * lan1qtsn_tx_meta_encode() - build the 32-byte TX metadata block
 * @meta: LAN1QTSN_TX_META_LEN bytes to fill
 * @win: launch window, priority, fail policy and timestamp slot
 * @frame_len: padded frame length plus @fcs_len (lan1qtsn_tx_frame_len())
 * @fcs_len: LAN1QTSN_FCS_LEN or 0, as for lan1qtsn_tx_frame_len()
 *
 * Return: 0, or -EINVAL when a field cannot be encoded; @meta is then
 * untouched so a bad frame never reaches the device.
 */
int lan1qtsn_tx_meta_encode(u8 *meta, const struct lan1qtsn_tx_window *win,
			    u16 frame_len, unsigned int fcs_len)
{
	if (fcs_len != LAN1QTSN_FCS_LEN && fcs_len != 0)
		return -EINVAL;
	if (frame_len < LAN1QTSN_MIN_FRAME_NOFCS + fcs_len ||
	    frame_len > LAN1QTSN_MAX_FRAME_NOFCS + fcs_len)
		return -EINVAL;
	if (win->timestamp_id > LAN1QTSN_TS_SLOTS)
		return -EINVAL;
	if (win->fail_policy != LAN1QTSN_FAIL_DROP &&
	    win->fail_policy != LAN1QTSN_FAIL_RETRY)
		return -EINVAL;

	put_unaligned_be32(lan1qtsn_window_word(win->from, win->prio),
			   meta + LAN1QTSN_TX_META_FROM_OFF);
	put_unaligned_be32(lan1qtsn_window_word(win->to, win->prio),
			   meta + LAN1QTSN_TX_META_TO_OFF);
	put_unaligned_be32(lan1qtsn_window_word(win->delay_from, win->prio),
			   meta + LAN1QTSN_TX_META_DFROM_OFF);
	put_unaligned_be32(lan1qtsn_window_word(win->delay_to, win->prio),
			   meta + LAN1QTSN_TX_META_DTO_OFF);
	put_unaligned_be16(frame_len, meta + LAN1QTSN_TX_META_FLEN_OFF);
	put_unaligned_be16(win->timestamp_id, meta + LAN1QTSN_TX_META_TSID_OFF);
	meta[LAN1QTSN_TX_META_POLICY_OFF] = win->fail_policy;
	memset(meta + LAN1QTSN_TX_META_RSVD_OFF, 0,
	       LAN1QTSN_TX_META_LEN - LAN1QTSN_TX_META_RSVD_OFF);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_tx_meta_encode);

/**
 * lan1qtsn_fcs() - Ethernet CRC-32 of a frame
 * @data: frame from the destination address on
 * @len: bytes to cover
 *
 * Return: the FCS value; it goes on the wire least significant byte first.
 */
u32 lan1qtsn_fcs(const u8 *data, unsigned int len)
{
	return ~crc32_le(~0U, data, len);
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_fcs);

/**
 * lan1qtsn_fcs_append() - append the FCS after @len bytes of @frame
 * @frame: buffer with room for LAN1QTSN_FCS_LEN more bytes
 * @len: frame bytes already in @frame
 */
void lan1qtsn_fcs_append(u8 *frame, unsigned int len)
{
	put_unaligned_le32(lan1qtsn_fcs(frame, len), frame + len);
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_fcs_append);

/**
 * lan1qtsn_fcs_valid() - check the trailing FCS of a received frame
 * @frame: frame including its FCS
 * @len: bytes in @frame, FCS included
 *
 * Return: true when the last four bytes are the FCS of the others.
 */
bool lan1qtsn_fcs_valid(const u8 *frame, unsigned int len)
{
	if (len < LAN1QTSN_FCS_LEN)
		return false;
	len -= LAN1QTSN_FCS_LEN;
	return lan1qtsn_fcs(frame, len) == get_unaligned_le32(frame + len);
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_fcs_valid);

/**
 * lan1qtsn_rx_meta_parse() - decode one RX metadata FIFO entry
 * @raw: LAN1QTSN_RX_META_LEN bytes as read from the device
 * @meta: decoded entry
 *
 * Return: 0 for a frame, -ENODATA when the FIFO was empty, -EBADMSG for a
 * length no frame can have (the FIFO pairing is then in doubt and the
 * caller must resynchronise).
 */
int lan1qtsn_rx_meta_parse(const u8 *raw, struct lan1qtsn_rx_meta *meta)
{
	meta->timestamp = get_unaligned_be64(raw + LAN1QTSN_RX_META_TS_OFF);
	meta->frame_len = get_unaligned_be16(raw + LAN1QTSN_RX_META_LEN_OFF);

	if (!meta->frame_len)
		return -ENODATA;
	if (meta->frame_len < LAN1QTSN_RX_MIN_LEN ||
	    meta->frame_len > LAN1QTSN_RX_MAX_LEN)
		return -EBADMSG;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_rx_meta_parse);

/**
 * lan1qtsn_credits_reset() - forget every credit (device state unknown)
 * @cr: credit count
 */
void lan1qtsn_credits_reset(struct lan1qtsn_tx_credits *cr)
{
	cr->avail = 0;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_credits_reset);

/**
 * lan1qtsn_credits_take() - consume one credit for a frame write
 * @cr: credit count
 *
 * Return: true when a buffer was free; false means refresh first.
 */
bool lan1qtsn_credits_take(struct lan1qtsn_tx_credits *cr)
{
	if (!cr->avail)
		return false;
	cr->avail--;
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_credits_take);

/**
 * lan1qtsn_credits_refresh() - set the count from the device's answer
 * @cr: credit count
 * @fbw_status: value of FBW_BUFFER_WRITE_STATUS1_H
 *
 * Return: the new number of credits.
 */
unsigned int lan1qtsn_credits_refresh(struct lan1qtsn_tx_credits *cr,
				      u32 fbw_status)
{
	cr->avail = FIELD_GET(LAN1QTSN_FBW_FREE_BUFFERS, fbw_status);
	return cr->avail;
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_credits_refresh);
