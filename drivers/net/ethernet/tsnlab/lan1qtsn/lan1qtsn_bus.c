// SPDX-License-Identifier: GPL-2.0
/*
 * LAN1QTSN bus layer: the one place that knows the SPI wire format
 * (device-spec.md section 1). One command per spi_message; every operation
 * sleeps, takes the bus mutex only around the transfer (or, for a TX frame
 * write, its submission) and counts itself.
 *
 * TX frame writes are queued with spi_async(), LAN1QTSN_BUS_TX_SLOTS at
 * most: the frame after the one on the bus waits in the SPI core's queue,
 * and the controller starts it the moment the first ends, while the owner
 * thread copies and checksums the next (on a CPU as slow as the test VM's
 * that work left the bus idle about 14 % of the time with full-size
 * frames). The SPI core runs messages in the order they were queued, so a
 * register or FIFO read that follows reaches the device after the queued
 * writes: nothing else needs to wait for them, but for the stamped counter
 * read, whose bracket must hold only its own transfer.
 */
#include <linux/device.h>
#include <linux/ptp_clock_kernel.h>
#include <linux/timekeeping.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/spi/spi.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "lan1qtsn_bus.h"
#include "lan1qtsn_frame.h"

/* Largest transaction: a TX write of a maximum frame with its metadata. */
#define LAN1QTSN_BUS_BUF_LEN \
	(LAN1QTSN_HDR_LEN + LAN1QTSN_TX_META_LEN + LAN1QTSN_TX_MAX_LEN)
#define LAN1QTSN_RD_MAX_DATA	(LAN1QTSN_BUS_BUF_LEN - LAN1QTSN_RD_DATA_OFF)

/**
 * lan1qtsn_bus_init() - set up the bus of one device
 * @bus: bus to initialise
 * @spi: the SPI device, already set up
 *
 * Buffers are device-managed and DMA-safe (the Pi's controller uses DMA
 * for long transfers), never on the stack or inside an skb.
 *
 * Return: 0 or -ENOMEM.
 */
int lan1qtsn_bus_init(struct lan1qtsn_bus *bus, struct spi_device *spi)
{
	struct device *dev = &spi->dev;
	unsigned int i;

	bus->spi = spi;
	bus->tx_fcs_len = LAN1QTSN_FCS_LEN;
	mutex_init(&bus->lock);
	u64_stats_init(&bus->syncp);
	atomic_set(&bus->tx_queued, 0);
	init_waitqueue_head(&bus->tx_idle_wq);
	bus->cmd_buf = devm_kzalloc(dev, LAN1QTSN_BUS_BUF_LEN, GFP_KERNEL);
	bus->rd_cmd_buf = devm_kzalloc(dev, LAN1QTSN_BUS_BUF_LEN, GFP_KERNEL);
	bus->rx_buf = devm_kzalloc(dev, LAN1QTSN_BUS_BUF_LEN, GFP_KERNEL);
	if (!bus->cmd_buf || !bus->rd_cmd_buf || !bus->rx_buf)
		return -ENOMEM;
	for (i = 0; i < LAN1QTSN_BUS_TX_SLOTS; i++) {
		bus->tx[i].bus = bus;
		init_completion(&bus->tx[i].done);
		bus->tx[i].buf = devm_kzalloc(dev, LAN1QTSN_BUS_BUF_LEN,
					      GFP_KERNEL);
		if (!bus->tx[i].buf)
			return -ENOMEM;
	}
	return 0;
}

static void lan1qtsn_bus_count(struct lan1qtsn_bus *bus,
			       enum lan1qtsn_bus_counter op,
			       unsigned int bytes, int err)
{
	u64_stats_update_begin(&bus->syncp);
	u64_stats_inc(&bus->cnt[op]);
	u64_stats_add(&bus->cnt[LAN1QTSN_BUS_BYTES], bytes);
	if (err)
		u64_stats_inc(&bus->cnt[LAN1QTSN_BUS_ERRORS]);
	u64_stats_update_end(&bus->syncp);
}

/**
 * lan1qtsn_bus_get_counters() - snapshot the per-operation counters
 * @bus: the bus
 * @out: LAN1QTSN_BUS_NR_COUNTERS values
 */
void lan1qtsn_bus_get_counters(struct lan1qtsn_bus *bus, u64 *out)
{
	unsigned int start, i;

	do {
		start = u64_stats_fetch_begin(&bus->syncp);
		for (i = 0; i < LAN1QTSN_BUS_NR_COUNTERS; i++)
			out[i] = u64_stats_read(&bus->cnt[i]);
	} while (u64_stats_fetch_retry(&bus->syncp, start));
}

/* Caller holds bus->lock. Data lands at bus->rx_buf + LAN1QTSN_RD_DATA_OFF. */
static int lan1qtsn_bus_read_locked(struct lan1qtsn_bus *bus, u16 addr,
				    unsigned int len)
{
	struct spi_transfer xfer = {
		.tx_buf = bus->rd_cmd_buf,
		.rx_buf = bus->rx_buf,
		.len = lan1qtsn_read_cmd_encode(bus->rd_cmd_buf, addr, len),
	};

	return spi_sync_transfer(bus->spi, &xfer, 1);
}

/* Caller holds bus->lock and has encoded the @len-byte command in cmd_buf. */
static int lan1qtsn_bus_write_locked(struct lan1qtsn_bus *bus,
				     unsigned int len)
{
	struct spi_transfer xfer = {
		.tx_buf = bus->cmd_buf,
		.len = len,
	};

	return spi_sync_transfer(bus->spi, &xfer, 1);
}

/**
 * lan1qtsn_bus_read_regs() - read one or two consecutive registers
 * @bus: the bus
 * @reg: register offset (12 bits); a two-word read at an _H offset returns
 *	 a latched snapshot of the 64-bit pair
 * @vals: @n values, host order
 * @n: 1 or 2
 *
 * Return: 0 or a negative errno from the SPI core.
 */
int lan1qtsn_bus_read_regs(struct lan1qtsn_bus *bus, u16 reg, u32 *vals,
			   unsigned int n)
{
	unsigned int i;
	int ret;

	might_sleep();
	if (WARN_ON_ONCE(!n || n > LAN1QTSN_MAX_BURST_REGS ||
			 reg + 4 * n - 1 > LAN1QTSN_REG_MASK))
		return -EINVAL;

	mutex_lock(&bus->lock);
	ret = lan1qtsn_bus_read_locked(bus, LAN1QTSN_SPACE_REG_READ | reg,
				       4 * n);
	if (!ret)
		for (i = 0; i < n; i++)
			vals[i] = get_unaligned_be32(bus->rx_buf +
						     LAN1QTSN_RD_DATA_OFF + 4 * i);
	lan1qtsn_bus_count(bus, LAN1QTSN_BUS_REG_READ,
			   LAN1QTSN_RD_DATA_OFF + 4 * n, ret);
	mutex_unlock(&bus->lock);
	return ret;
}

/**
 * lan1qtsn_bus_write_regs() - write one or two consecutive registers
 * @bus: the bus
 * @reg: register offset (12 bits)
 * @vals: @n values, host order
 * @n: 1 or 2
 *
 * Return: 0 or a negative errno from the SPI core.
 */
int lan1qtsn_bus_write_regs(struct lan1qtsn_bus *bus, u16 reg,
			    const u32 *vals, unsigned int n)
{
	int ret;

	might_sleep();
	if (WARN_ON_ONCE(!n || n > LAN1QTSN_MAX_BURST_REGS ||
			 reg + 4 * n - 1 > LAN1QTSN_REG_MASK))
		return -EINVAL;

	mutex_lock(&bus->lock);
	ret = lan1qtsn_bus_write_locked(bus, lan1qtsn_reg_write_encode(bus->cmd_buf,
								       reg, vals, n));
	lan1qtsn_bus_count(bus, LAN1QTSN_BUS_REG_WRITE,
			   LAN1QTSN_HDR_LEN + 4 * n, ret);
	mutex_unlock(&bus->lock);
	return ret;
}

int lan1qtsn_bus_read_reg(struct lan1qtsn_bus *bus, u16 reg, u32 *val)
{
	return lan1qtsn_bus_read_regs(bus, reg, val, 1);
}

int lan1qtsn_bus_write_reg(struct lan1qtsn_bus *bus, u16 reg, u32 val)
{
	return lan1qtsn_bus_write_regs(bus, reg, &val, 1);
}

/**
 * lan1qtsn_bus_read_u64() - read a 64-bit register pair in one transaction
 * @bus: the bus
 * @reg_h: offset of the _H half
 * @val: the pair, _H in the upper 32 bits
 *
 * Return: 0 or a negative errno.
 */
int lan1qtsn_bus_read_u64(struct lan1qtsn_bus *bus, u16 reg_h, u64 *val)
{
	u32 v[2];
	int ret;

	ret = lan1qtsn_bus_read_regs(bus, reg_h, v, 2);
	if (!ret)
		*val = (u64)v[0] << 32 | v[1];
	return ret;
}

/**
 * lan1qtsn_bus_read_u64_stamped() - read a 64-bit pair, bracketed by host time
 * @bus: the bus
 * @reg_h: offset of the _H half (a two-word read from _H is latched: both
 *	   halves of one snapshot, device-spec.md section 1)
 * @val: the pair, _H in the upper 32 bits
 * @sts: gettimex64's system timestamps, or NULL; taken right around the
 *	 one SPI transfer, inside the bus lock, so the bracket is as tight as
 *	 the SPI core allows
 * @raw: host CLOCK_MONOTONIC_RAW ns midway through the transfer, or NULL
 * @span: the transfer's length by that clock (how far @raw may be from the
 *	  instant the device latched the pair), or NULL
 *
 * Return: 0 or a negative errno from the SPI core.
 */
int lan1qtsn_bus_read_u64_stamped(struct lan1qtsn_bus *bus, u16 reg_h,
				  u64 *val, struct ptp_system_timestamp *sts,
				  u64 *raw, u64 *span)
{
	u64 raw_pre, raw_post;
	u8 *d;
	int ret;

	might_sleep();
	mutex_lock(&bus->lock);
	/*
	 * Queued TX writes would run inside the bracket. None can be added
	 * while the lock is held; those queued end by themselves.
	 */
	wait_event(bus->tx_idle_wq, !atomic_read(&bus->tx_queued));
	ptp_read_system_prets(sts);
	raw_pre = ktime_get_raw_ns();
	ret = lan1qtsn_bus_read_locked(bus, LAN1QTSN_SPACE_REG_READ | reg_h, 8);
	raw_post = ktime_get_raw_ns();
	ptp_read_system_postts(sts);
	if (!ret) {
		d = bus->rx_buf + LAN1QTSN_RD_DATA_OFF;
		*val = (u64)get_unaligned_be32(d) << 32 | get_unaligned_be32(d + 4);
		if (raw)
			*raw = raw_pre + (raw_post - raw_pre) / 2;
		if (span)
			*span = raw_post - raw_pre;
	}
	lan1qtsn_bus_count(bus, LAN1QTSN_BUS_REG_READ, LAN1QTSN_RD_DATA_OFF + 8,
			   ret);
	mutex_unlock(&bus->lock);
	return ret;
}

/*
 * TSN_SYSTEM_INFO_H is a BCD-looking build date: year, month, day, commit.
 * No bitstream predates 2024, which also tells a one-byte shift apart.
 */
static bool lan1qtsn_info_is_date(u32 info)
{
	u8 year = info >> 24, month = (info >> 16) & 0xff;
	u8 day = (info >> 8) & 0xff;

	return year >= 0x24 && (year & 0xf) <= 9 && year >> 4 <= 9 &&
	       (month & 0xf) <= 9 && month >= 0x01 && month <= 0x12 &&
	       (day & 0xf) <= 9 && day >= 0x01 && day <= 0x31;
}

/*
 * Read TSN_SYSTEM_INFO_H as a device without the turnaround byte would
 * answer it: header, then the data straight away. Only used to explain a
 * refusal: on a current device this is a malformed read.
 */
static int lan1qtsn_bus_read_info_no_gap(struct lan1qtsn_bus *bus, u32 *info)
{
	int ret;

	mutex_lock(&bus->lock);
	ret = lan1qtsn_bus_read_locked(bus, LAN1QTSN_SPACE_REG_READ |
				       LAN1QTSN_TSN_SYSTEM_INFO_H,
				       4 - LAN1QTSN_RD_GAP_LEN);
	*info = get_unaligned_be32(bus->rx_buf + LAN1QTSN_HDR_LEN);
	lan1qtsn_bus_count(bus, LAN1QTSN_BUS_REG_READ, LAN1QTSN_HDR_LEN + 4,
			   ret);
	mutex_unlock(&bus->lock);
	return ret;
}

/**
 * lan1qtsn_bus_read_system_info() - identify the device
 * @bus: the bus
 * @info: TSN_SYSTEM_INFO_H
 *
 * Reads the register twice: an absent device answers all zeros or all ones,
 * an unstable answer means a broken link. A device that does not answer is
 * asked once more the way a June-2025 bitstream (no read turnaround byte)
 * would understand, so that the refusal says what is wrong.
 *
 * Return: 0, -ENODEV (no sensible answer), -EPROTONOSUPPORT (no turnaround
 * byte) or an SPI error.
 */
int lan1qtsn_bus_read_system_info(struct lan1qtsn_bus *bus, u32 *info)
{
	struct device *dev = &bus->spi->dev;
	u32 first, no_gap;
	int ret;

	might_sleep();
	ret = lan1qtsn_bus_read_reg(bus, LAN1QTSN_TSN_SYSTEM_INFO_H, &first);
	if (!ret && (first == 0 || first == U32_MAX) &&
	    !lan1qtsn_bus_read_info_no_gap(bus, &no_gap) &&
	    lan1qtsn_info_is_date(no_gap)) {
		dev_err(dev,
			"device answers without the read turnaround byte (bitstream %#010x, June 2025?): not supported, update the FPGA\n",
			no_gap);
		return -EPROTONOSUPPORT;
	}
	if (!ret)
		ret = lan1qtsn_bus_read_reg(bus, LAN1QTSN_TSN_SYSTEM_INFO_H, info);
	if (ret)
		return ret;

	if (*info == 0 || *info == U32_MAX || *info != first) {
		dev_err(dev,
			"no LAN1QTSN answers on this SPI device: TSN_SYSTEM_INFO reads %#010x then %#010x\n",
			first, *info);
		return -ENODEV;
	}
	if (!lan1qtsn_info_is_date(*info))
		dev_warn(dev, "TSN_SYSTEM_INFO %#010x is not a build date\n",
			 *info);
	return 0;
}

/* The SPI core ended a TX write (any context: only wakes its waiters). */
static void lan1qtsn_bus_tx_complete(void *context)
{
	struct lan1qtsn_bus_tx_slot *s = context;
	struct lan1qtsn_bus *bus = s->bus;

	s->status = s->msg.status;
	if (atomic_dec_and_test(&bus->tx_queued))
		wake_up(&bus->tx_idle_wq);
	/* The last access: the owner may reuse or free the slot after it. */
	complete(&s->done);
}

/**
 * lan1qtsn_bus_tx_submit() - queue one frame for the device
 * @bus: the bus (owner thread)
 * @win: launch window and options for the metadata
 * @skb: the frame without FCS, at most LAN1QTSN_MAX_FRAME_NOFCS bytes
 * @wait: write it before returning (spi_sync()) instead of queueing it
 *	  (spi_async()); lan1qtsn_bus_tx_wait() then returns at once
 *
 * One transaction: header, 32-byte metadata, the frame padded to 60 bytes
 * and its FCS (unless the device appends it), built in the next TX slot,
 * which must be free (lan1qtsn_bus_tx_wait()), and run behind any write
 * still queued. The skb is only read; the caller still owns it. Slots are
 * used in turn, so the oldest queued write is always the next slot's.
 *
 * Return: the slot, for lan1qtsn_bus_tx_wait() (whose result says whether
 * the write succeeded), or -EMSGSIZE for a frame the device cannot take
 * (refused before the bus; no slot used).
 */
int lan1qtsn_bus_tx_submit(struct lan1qtsn_bus *bus,
			   const struct lan1qtsn_tx_window *win,
			   const struct sk_buff *skb, bool wait)
{
	unsigned int slot = bus->tx_next;
	struct lan1qtsn_bus_tx_slot *s = &bus->tx[slot];
	u8 *meta = s->buf + LAN1QTSN_HDR_LEN;
	u8 *frame = meta + LAN1QTSN_TX_META_LEN;
	unsigned int len = skb->len;
	u16 flen;
	int ret;

	might_sleep();
	if (WARN_ON_ONCE(s->busy))
		lan1qtsn_bus_tx_wait(bus, slot);
	if (len > LAN1QTSN_MAX_FRAME_NOFCS)
		return -EMSGSIZE;
	flen = lan1qtsn_tx_frame_len(len, bus->tx_fcs_len);
	if (lan1qtsn_tx_meta_encode(meta, win, flen, bus->tx_fcs_len) ||
	    skb_copy_bits(skb, 0, frame, len))
		return -EMSGSIZE;
	memset(frame + len, 0, flen - bus->tx_fcs_len - len);
	if (bus->tx_fcs_len)
		lan1qtsn_fcs_append(frame, flen - LAN1QTSN_FCS_LEN);
	lan1qtsn_cmd_header(s->buf, LAN1QTSN_CMD_WRITE, LAN1QTSN_SPACE_TX_FRAME);
	s->bytes = LAN1QTSN_HDR_LEN + LAN1QTSN_TX_META_LEN + flen;

	memset(&s->xfer, 0, sizeof(s->xfer));
	s->xfer.tx_buf = s->buf;
	s->xfer.len = s->bytes;
	spi_message_init_with_transfers(&s->msg, &s->xfer, 1);
	reinit_completion(&s->done);
	s->busy = true;
	bus->tx_next = (slot + 1) % LAN1QTSN_BUS_TX_SLOTS;

	mutex_lock(&bus->lock);
	if (wait) {
		/*
		 * In the caller's context when nothing is queued (the SPI
		 * core's fast path, no thread to wake), else behind the
		 * queued writes.
		 */
		s->status = spi_sync(bus->spi, &s->msg);
		complete(&s->done);
	} else {
		s->msg.complete = lan1qtsn_bus_tx_complete;
		s->msg.context = s;
		atomic_inc(&bus->tx_queued);
		ret = spi_async(bus->spi, &s->msg);
		if (ret) {
			/* Refused by the SPI core: it will not complete it. */
			s->msg.status = ret;
			lan1qtsn_bus_tx_complete(s);
		}
	}
	mutex_unlock(&bus->lock);
	return slot;
}

/**
 * lan1qtsn_bus_tx_wait() - wait for a queued TX write to end
 * @bus: the bus (owner thread)
 * @slot: what lan1qtsn_bus_tx_submit() returned
 *
 * Frees the slot and counts the transaction.
 *
 * Return: 0 when the device was written, else the SPI error (whether the
 * device queued the frame is unknown).
 */
int lan1qtsn_bus_tx_wait(struct lan1qtsn_bus *bus, unsigned int slot)
{
	struct lan1qtsn_bus_tx_slot *s = &bus->tx[slot];

	might_sleep();
	if (WARN_ON_ONCE(!s->busy))
		return -EINVAL;
	wait_for_completion(&s->done);
	s->busy = false;
	mutex_lock(&bus->lock);
	lan1qtsn_bus_count(bus, LAN1QTSN_BUS_TX_FRAME, s->bytes, s->status);
	mutex_unlock(&bus->lock);
	return s->status;
}

/**
 * lan1qtsn_bus_read_rx_meta() - pop one RX metadata FIFO entry
 * @bus: the bus
 * @raw: LAN1QTSN_RX_META_LEN bytes, decoded by lan1qtsn_rx_meta_parse()
 *
 * Return: 0 or an SPI error.
 */
int lan1qtsn_bus_read_rx_meta(struct lan1qtsn_bus *bus, u8 *raw)
{
	int ret;

	might_sleep();
	mutex_lock(&bus->lock);
	ret = lan1qtsn_bus_read_locked(bus, LAN1QTSN_SPACE_RX_META,
				       LAN1QTSN_RX_META_LEN);
	if (!ret)
		memcpy(raw, bus->rx_buf + LAN1QTSN_RD_DATA_OFF,
		       LAN1QTSN_RX_META_LEN);
	lan1qtsn_bus_count(bus, LAN1QTSN_BUS_RX_META,
			   LAN1QTSN_RD_DATA_OFF + LAN1QTSN_RX_META_LEN, ret);
	mutex_unlock(&bus->lock);
	return ret;
}

/**
 * lan1qtsn_bus_read_rx_frame() - pop one frame from the RX frame FIFO
 * @bus: the bus
 * @dst: @len bytes, or NULL to discard the frame
 * @len: the frame_length of its metadata entry (a shorter read discards
 *	 the rest of the frame)
 *
 * Return: 0, -EINVAL for an impossible length, or an SPI error.
 */
int lan1qtsn_bus_read_rx_frame(struct lan1qtsn_bus *bus, u8 *dst,
			       unsigned int len)
{
	int ret;

	might_sleep();
	if (!len || len > LAN1QTSN_RD_MAX_DATA)
		return -EINVAL;

	mutex_lock(&bus->lock);
	ret = lan1qtsn_bus_read_locked(bus, LAN1QTSN_SPACE_RX_FRAME, len);
	if (!ret && dst)
		memcpy(dst, bus->rx_buf + LAN1QTSN_RD_DATA_OFF, len);
	lan1qtsn_bus_count(bus, LAN1QTSN_BUS_RX_FRAME,
			   LAN1QTSN_RD_DATA_OFF + len, ret);
	mutex_unlock(&bus->lock);
	return ret;
}
