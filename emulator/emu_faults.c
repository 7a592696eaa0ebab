// SPDX-License-Identifier: GPL-2.0
/*
 * LAN1QTSN fault model: the faults a real board and its SPI bus can show,
 * drawn from a seeded generator (a run is reproducible) at a rate, or
 * forced for the next N events of a kind. docs/emulator.md lists them.
 *
 * A fault that leaves the host unable to know the state of the RX FIFOs
 * (an error after a FIFO read took effect, a cut read, an orphan entry, a
 * corrupted length) sets pairing_excused: until both FIFOs have been
 * emptied, the pairing checks count in violations_excused instead of
 * blaming the host, which could not have done better. A message cut short
 * by a fault is never a host violation either.
 */
#include <kunit/visibility.h>
#include <linux/export.h>
#include <linux/errno.h>
#include <linux/if_ether.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "emu_faults.h"

/* A plausible frame_length, FCS included (device-spec.md section 2). */
#define EMU_PLAUSIBLE_MIN	(EMU_TX_MIN_FRAME_NOFCS + LAN1QTSN_FCS_LEN)
#define EMU_PLAUSIBLE_MAX	(ETH_FRAME_LEN + LAN1QTSN_FCS_LEN)
#define EMU_PLAUSIBLE_DELTA	64

const char *const emu_fault_names[EMU_F_COUNT] = {
	[EMU_F_SPI_EIO]			= "spi_eio",
	[EMU_F_SPI_ETIMEDOUT]		= "spi_etimedout",
	[EMU_F_SPI_AFTER]		= "spi_after",
	[EMU_F_SPI_AFTER_EIO]		= "spi_after_eio",
	[EMU_F_SPI_AFTER_ETIMEDOUT]	= "spi_after_etimedout",
	[EMU_F_SPI_TRUNCATE]		= "spi_truncate",
	[EMU_F_MISO_BITFLIP]		= "miso_bitflip",
	[EMU_F_RX_FCS]			= "rx_fcs",
	[EMU_F_RX_PAYLOAD]		= "rx_payload",
	[EMU_F_META_LEN]		= "meta_len",
	[EMU_F_META_LEN_PLAUSIBLE]	= "meta_len_plausible",
	[EMU_F_IRQ_LOST]		= "irq_lost",
	[EMU_F_IRQ_SPURIOUS]		= "irq_spurious",
	[EMU_F_RX_OVERFLOW]		= "rx_overflow",
	[EMU_F_RX_ORPHAN_FRAME]		= "rx_orphan_frame",
	[EMU_F_RX_ORPHAN_META]		= "rx_orphan_meta",
	[EMU_F_MISO_STUCK]		= "miso_stuck",
	[EMU_F_RESET_DEAF]		= "reset_deaf",
	[EMU_F_IRQ_DELAY]		= "irq_delay",
	[EMU_F_IRQ_STUCK_LOW]		= "irq_stuck_low",
	[EMU_F_TX_STUCK]		= "tx_stuck",
	[EMU_F_RESET]			= "reset",
};

void emu_model_seed(struct emu_model *m, u64 seed)
{
	m->seed = seed;
	prandom_seed_state(&m->rnd, seed);
}
EXPORT_SYMBOL_IF_KUNIT(emu_model_seed);

/*
 * A "next N" trigger hits without drawing, so a rate set beside it keeps
 * its own sequence of draws.
 */
bool emu_model_fault_hit(struct emu_model *m, enum emu_fault f)
{
	u32 ppm = m->cfg.fault_ppm[f];

	if (m->cfg.fault_next[f]) {
		m->cfg.fault_next[f]--;
	} else {
		if (!ppm)
			return false;
		if (prandom_u32_state(&m->rnd) % 1000000 >= ppm)
			return false;
	}
	m->stats.faults[f]++;
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(emu_model_fault_hit);

bool emu_fault_excused(struct emu_model *m, enum emu_violation v)
{
	bool pairing = v == EMU_V_UNPAIRED_FRAME || v == EMU_V_UNPAIRED_META ||
		       v == EMU_V_FRAME_READ_EMPTY ||
		       v == EMU_V_SHORT_FRAME_READ;

	if (!m->msg_cut && !(m->pairing_excused && pairing))
		return false;
	m->stats.violations_excused++;
	return true;
}

/* Off by 1..64 bytes, still a length an Ethernet frame can have. */
u16 emu_fault_plausible_len(struct emu_model *m, u16 len)
{
	u32 r = prandom_u32_state(&m->rnd);
	int delta = 1 + r % EMU_PLAUSIBLE_DELTA;
	int v;

	if (r & BIT(31))
		delta = -delta;
	v = len + delta;
	if (v < EMU_PLAUSIBLE_MIN || v > EMU_PLAUSIBLE_MAX)
		v = len - delta;
	v = clamp(v, EMU_PLAUSIBLE_MIN, EMU_PLAUSIBLE_MAX);
	/* Only a length outside the range can clamp back onto itself. */
	if (v == len)
		v = len > EMU_PLAUSIBLE_MIN ? len - 1 : len + 1;
	return v;
}

/* A reset empties both FIFOs (pairing restored) and may leave it deaf. */
void emu_fault_reset(struct emu_model *m, u64 now_ns)
{
	m->pairing_excused = false;
	m->deaf_until_ns = 0;
	if (m->cfg.fault_reset_deaf_ms)
		m->deaf_until_ns = now_ns +
				   (u64)m->cfg.fault_reset_deaf_ms * NSEC_PER_MSEC;
}

static u32 emu_read_hdr(const struct emu_model *m)
{
	return LAN1QTSN_HDR_LEN + (m->cfg.turnaround ? LAN1QTSN_RD_GAP_LEN : 0);
}

/* The first @len bytes of @tx are a read of one of the RX FIFOs. */
static bool emu_is_fifo_read(const u8 *tx, u32 len, u16 space)
{
	if (len < LAN1QTSN_HDR_LEN || tx[0] != LAN1QTSN_CMD_READ)
		return false;
	return get_unaligned_be16(tx + 1) == space;
}

/*
 * fault_addr_eio: a message to that address (the header's 16 bits, space
 * and register: reads of one register, writes of another, TX frame
 * writes) never reaches the device: one step of the host's sequences
 * made to fail every time, e.g. the counter read that anchors the PHC.
 */
static bool emu_faults_addr_fails(const struct emu_model *m, const u8 *tx,
				  u32 len)
{
	u32 addr = m->cfg.fault_addr_eio;

	return addr && len >= LAN1QTSN_HDR_LEN &&
	       get_unaligned_be16(tx + 1) == addr;
}

void emu_faults_msg_begin(struct emu_model *m, const u8 *tx, u32 len,
			  u64 now_ns, enum emu_force force,
			  struct emu_msg_faults *f)
{
	memset(f, 0, sizeof(*f));
	f->cut = len;
	f->frames_before = m->fifo_frames;
	f->entries_before = m->meta_count;

	/* The controller failed: the device never saw the message. */
	if (force == EMU_FORCE_BEFORE ||
	    emu_faults_addr_fails(m, tx, len)) {
		m->stats.faults[EMU_F_SPI_EIO]++;
		f->err = -EIO;
	} else if (emu_model_fault_hit(m, EMU_F_SPI_EIO)) {
		f->err = -EIO;
	} else if (emu_model_fault_hit(m, EMU_F_SPI_ETIMEDOUT)) {
		f->err = -ETIMEDOUT;
	}
	if (f->err) {
		f->cut = 0;
		return;
	}

	/* A device that does not answer: the controller cannot tell. */
	if (now_ns < m->deaf_until_ns) {
		m->stats.faults[EMU_F_RESET_DEAF]++;
		f->mute = true;
	} else if (m->cfg.fault_miso_stuck) {
		m->stats.faults[EMU_F_MISO_STUCK]++;
		f->mute = true;
		if (m->cfg.fault_miso_stuck == EMU_MISO_STUCK_FF)
			f->fill = 0xff;
	}
	if (f->mute) {
		f->cut = 0;
		return;
	}

	/* The device executed the message; the caller learns of a failure. */
	if (force == EMU_FORCE_AFTER) {
		m->stats.faults[EMU_F_SPI_AFTER_EIO]++;
		f->err = -EIO;
	} else if (emu_model_fault_hit(m, EMU_F_SPI_AFTER)) {
		/* Either way the controller gave up after the device acted. */
		f->err = prandom_u32_state(&m->rnd) & 1 ? -EIO : -ETIMEDOUT;
	} else if (emu_model_fault_hit(m, EMU_F_SPI_AFTER_EIO)) {
		f->err = -EIO;
	} else if (emu_model_fault_hit(m, EMU_F_SPI_AFTER_ETIMEDOUT)) {
		f->err = -ETIMEDOUT;
	} else if (len > 1 && emu_model_fault_hit(m, EMU_F_SPI_TRUNCATE)) {
		/* Chip select rose early: at least one byte was lost. */
		f->cut = 1 + prandom_u32_state(&m->rnd) % (len - 1);
		f->err = -EIO;
	}
	m->msg_cut = f->cut < len;
}

/*
 * @tx showed the host that the RX FIFOs are empty: a read of
 * TSN_RX_FIFO_STATUS_L, or a metadata read that found no entry.
 */
static bool emu_shows_fifos_empty(const struct emu_model *m,
				  const struct emu_msg_faults *f,
				  const u8 *tx, u32 len)
{
	u32 hdr = emu_read_hdr(m);
	u16 addr, off;

	if (len < hdr || tx[0] != LAN1QTSN_CMD_READ)
		return false;
	addr = get_unaligned_be16(tx + 1);
	if ((addr & LAN1QTSN_SPACE_MASK) == LAN1QTSN_SPACE_RX_META)
		return !f->entries_before;
	if ((addr & LAN1QTSN_SPACE_MASK) != LAN1QTSN_SPACE_REG_READ)
		return false;
	off = addr & LAN1QTSN_REG_MASK;
	return off <= LAN1QTSN_TSN_RX_FIFO_STATUS_L &&
	       off + (len - hdr) > LAN1QTSN_TSN_RX_FIFO_STATUS_L;
}

/* @tx is a whole TX frame write (what the host meant to send). */
static bool emu_is_tx_write(const u8 *tx, u32 len)
{
	return len >= LAN1QTSN_HDR_LEN && tx[0] == LAN1QTSN_CMD_WRITE &&
	       get_unaligned_be16(tx + 1) == LAN1QTSN_SPACE_TX_FRAME;
}

void emu_faults_msg_end(struct emu_model *m, const struct emu_msg_faults *f,
			const u8 *tx, u8 *rx, u32 len)
{
	u32 hdr = emu_read_hdr(m), bit;
	bool flipped = false;

	/*
	 * A TX write the device did not even recognise as one: the host's
	 * frame is gone without a device counter, so count it here (a cut
	 * write that got past the header is counted as malformed instead).
	 */
	if (emu_is_tx_write(tx, len) && (f->mute || f->cut < LAN1QTSN_HDR_LEN))
		m->stats.tx_writes_unseen++;
	/* A frame read of an empty FIFO: the host got zeros, popped nothing. */
	if (!f->err && !f->mute && !f->frames_before &&
	    emu_is_fifo_read(tx, len, LAN1QTSN_SPACE_RX_FRAME))
		m->stats.rx_frame_reads_empty++;
	/*
	 * A frame read the device never heard: the transfer succeeded, so
	 * the host counts what it got (fill bytes, a bad FCS) as a frame,
	 * yet nothing was popped. Its frame, if any, is still in the FIFO or
	 * was emptied by a reset (and counted there).
	 */
	if (!f->err && f->mute && emu_is_fifo_read(tx, len, LAN1QTSN_SPACE_RX_FRAME))
		m->stats.rx_frame_reads_unheard++;
	/* Frames the message popped, by what the host was told. */
	if (m->fifo_frames < f->frames_before) {
		if (f->err)
			m->stats.rx_frames_popped_failed +=
				f->frames_before - m->fifo_frames;
		else
			m->stats.rx_frames_popped +=
				f->frames_before - m->fifo_frames;
	}
	m->msg_cut = false;
	if (f->mute) {
		memset(rx, f->fill, len);
		/*
		 * The host read a FIFO and got noise: what it believes
		 * popped (or owed) is not what the device holds.
		 */
		if (emu_is_fifo_read(tx, len, LAN1QTSN_SPACE_RX_META) ||
		    emu_is_fifo_read(tx, len, LAN1QTSN_SPACE_RX_FRAME))
			m->pairing_excused = true;
		return;
	}
	if (f->err && f->cut) {
		/* A FIFO read took effect, but the host saw no data. */
		if (emu_is_fifo_read(tx, f->cut, LAN1QTSN_SPACE_RX_META) ||
		    emu_is_fifo_read(tx, f->cut, LAN1QTSN_SPACE_RX_FRAME))
			m->pairing_excused = true;
	} else if (!f->err && len > hdr && tx[0] == LAN1QTSN_CMD_READ &&
		   emu_model_fault_hit(m, EMU_F_MISO_BITFLIP)) {
		/* Only bytes the device drove: the data after the header. */
		bit = prandom_u32_state(&m->rnd) % ((len - hdr) * BITS_PER_BYTE);
		rx[hdr + bit / BITS_PER_BYTE] ^= BIT(bit % BITS_PER_BYTE);
		flipped = true;
		if (emu_is_fifo_read(tx, len, LAN1QTSN_SPACE_RX_META))
			m->pairing_excused = true;
	}
	/*
	 * Pairing holds again once the host has seen both FIFOs empty (a
	 * successful read of TSN_RX_FIFO_STATUS_L, or of an empty metadata
	 * entry, while they are): until then it may still believe a frame
	 * owed. No frame can be owed by empty FIFOs either: while pairing
	 * was excused the host may have read a frame the model did not think
	 * owed (not counted down), so that count is reset too. A flipped
	 * answer showed the host something else: an empty entry with a bit
	 * of its length flipped reads as a frame of 64 to 1024 bytes, whose
	 * frame read pops the next frame to arrive, if one came meanwhile.
	 */
	if (m->pairing_excused && !f->err && !flipped && !m->meta_count &&
	    !m->fifo_bytes && emu_shows_fifos_empty(m, f, tx, len)) {
		m->unread_frames = 0;
		m->pairing_excused = false;
	}
}

int emu_model_message(struct emu_model *m, const u8 *tx, u8 *rx, u32 len,
		      u64 start_ns, u32 byte_ns, struct emu_xfer_result *res)
{
	struct emu_msg_faults f;

	memset(res, 0, sizeof(*res));
	emu_faults_msg_begin(m, tx, len, start_ns, EMU_FORCE_NONE, &f);
	if (f.cut)
		emu_model_xfer(m, tx, rx, f.cut, start_ns, byte_ns, res);
	emu_faults_msg_end(m, &f, tx, rx, len);
	return f.err;
}
EXPORT_SYMBOL_IF_KUNIT(emu_model_message);
