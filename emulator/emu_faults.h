/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fault model of one emulated board (docs/emulator.md, "Faults"): which
 * faults hit an SPI message and what they do to it, and the faults of the
 * receive path. Pure like emu_model.c: no SPI, interrupt or timer code.
 */
#ifndef EMU_FAULTS_H
#define EMU_FAULTS_H

#include "emu_model.h"

/* A failure the kernel's fault_attr chose for a message, in the glue. */
enum emu_force {
	EMU_FORCE_NONE,
	EMU_FORCE_BEFORE,	/* -EIO, the device never sees the message */
	EMU_FORCE_AFTER,	/* -EIO after the device executed it */
};

/* What the fault model does to one SPI message (one chip-select window). */
struct emu_msg_faults {
	int err;	/* what the caller gets; then rx_buf is not written */
	u32 cut;	/* the device executes bytes [0, cut) of the message */
	bool mute;	/* the device drives nothing: every MISO byte is @fill */
	u8 fill;
	u32 frames_before;	/* frames in the RX frame FIFO at the start */
	u32 entries_before;	/* metadata entries at the start */
};

/*
 * Before the model sees a message of @len bytes at host time @now_ns:
 * decide its faults. The caller then hands bytes [0, f->cut) to the model
 * (emu_model_xfer per chip-select window) and calls emu_faults_msg_end().
 */
void emu_faults_msg_begin(struct emu_model *m, const u8 *tx, u32 len,
			  u64 now_ns, enum emu_force force,
			  struct emu_msg_faults *f);
/* After the model ran: the MISO faults, and the pairing bookkeeping. */
void emu_faults_msg_end(struct emu_model *m, const struct emu_msg_faults *f,
			const u8 *tx, u8 *rx, u32 len);
/* Both around one window: what the glue does, for the KUnit suites. */
int emu_model_message(struct emu_model *m, const u8 *tx, u8 *rx, u32 len,
		      u64 start_ns, u32 byte_ns, struct emu_xfer_result *res);

/* Called by the model. */
bool emu_fault_excused(struct emu_model *m, enum emu_violation v);
u16 emu_fault_plausible_len(struct emu_model *m, u16 len);
void emu_fault_reset(struct emu_model *m, u64 now_ns);

#endif /* EMU_FAULTS_H */
