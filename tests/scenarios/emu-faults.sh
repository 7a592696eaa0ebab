#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Each injected fault of the emulator is visible through the plain SPI API
# (tests/modules/emu_client) and counted, and a clean run passes again
# after it is switched off: SPI errors, lost interrupt, RX overflow, stuck
# TX scheduler, corrupted RX FCS, corrupted metadata length, spurious
# interrupts and a device reset; then the hard faults: errors after the
# side effect, a cut chip select, MISO bit flips and a stuck MISO line,
# plausible wrong lengths, orphan frames and entries, payload corruption,
# delayed and stuck-low interrupts, a device deaf after reset, the kernel's
# fail_spi attribute, next-N triggers and a reproducible seed.
# rig-args: --no-load
# rig-ci-env:
# rig-stress-env:
# rig-budget: 240
# rig-stress-budget: 240
. /rig/lib.sh
. ./drv-lib.sh

D=$EMU_DEBUGFS
C=/sys/bus/spi/drivers/emu_client
insmod $RIG_MODULES/lan1qtsn_emu.ko || exit 1
insmod $RIG_MODULES/emu_client.ko || exit 1
A=$(rig_emu 0 spi_device) B=$(rig_emu 1 spi_device)

crossing() { echo "$A $B" >$C/run 2>/dev/null; }
verdict() { tail -n1 $C/result; }

rig_check "clean run" crossing

echo 1000000 >$D/board0/fault_spi_eio_ppm
rig_check "SPI -EIO makes the run fail" sh -c "! echo '$A $B' >$C/run"
rig_check "result says error -5" grep -qx 'error=-5' $C/result
echo 0 >$D/board0/fault_spi_eio_ppm
rig_expect_ge "bus errors counted" 1 "$(drv_emu_counter 0 bus_errors)"
rig_expect_ge "spi_eio faults counted" 1 "$(drv_emu_counter 0 fault_spi_eio)"
echo 1000000 >$D/board0/fault_spi_etimedout_ppm
rig_check "SPI -ETIMEDOUT makes the run fail" sh -c "! echo '$A $B' >$C/run"
rig_check "result says error -110" grep -qx 'error=-110' $C/result
echo 0 >$D/board0/fault_spi_etimedout_ppm
rig_check "clean run after SPI errors" crossing

echo 1000000 >$D/board1/fault_irq_lost_ppm
rig_check "lost interrupt: no IRQ seen" sh -c "! echo '$A $B' >$C/run"
rig_expect_eq "lost interrupt: line is low nevertheless" "irq_line low" "$(grep irq_line $D/board1/state)"
echo 0 >$D/board1/fault_irq_lost_ppm
rig_expect_ge "irq_lost counted" 1 "$(drv_emu_counter 1 fault_irq_lost)"
rig_check "clean run after lost interrupt" crossing

echo 1 >$D/board1/fault_rx_overflow
rig_check "RX overflow: frame dropped" sh -c "! echo '$A $B' >$C/run"
rig_expect_eq "RX overflow counted" 1 "$(drv_emu_counter 1 rx_dropped_fifo_full)"
rig_check "FD_FIFO_FULL_DROP_FRAME_CNT is 1" grep -qx '0x058 00000000 00000001' $D/board1/registers
rig_check "clean run after overflow" crossing

echo 1 >$D/board0/fault_tx_stuck
rig_check "stuck scheduler: nothing arrives" sh -c "! echo '$A $B' >$C/run"
rig_expect_eq "stuck scheduler holds the frame" "tx_queued 1" "$(grep tx_queued $D/board0/state)"
echo 0 >$D/board0/fault_tx_stuck
rig_expect_eq "released frame: its window has passed" "drop" "$(tail -n1 $D/board0/launch_log | awk '{ print $12 }')"
rig_expect_eq "queue empty after release" "tx_queued 0" "$(grep tx_queued $D/board0/state)"
rig_check "clean run after stuck scheduler" crossing

echo 1000000 >$D/board1/fault_rx_fcs_ppm
rig_check "corrupted RX FCS: data check fails" sh -c "echo '$A $B' >$C/run; tail -n1 $C/result | grep -q fail"
echo 0 >$D/board1/fault_rx_fcs_ppm
rig_expect_ge "rx_fcs counted" 1 "$(drv_emu_counter 1 fault_rx_fcs)"
echo 1000000 >$D/board1/fault_meta_len_ppm
rig_check "corrupted metadata length: length check fails" sh -c "echo '$A $B' >$C/run; tail -n1 $C/result | grep -q fail"
echo 0 >$D/board1/fault_meta_len_ppm
rig_expect_ge "meta_len counted" 1 "$(drv_emu_counter 1 fault_meta_len)"
rig_check "clean run after corruption" crossing

e0=$(drv_emu_counter 1 irq_edges)
echo 3 >$D/board1/fault_irq_fire
rig_expect_eq "spurious interrupts counted" $((e0 + 3)) "$(drv_emu_counter 1 irq_edges)"
echo 1000000 >$D/board1/fault_irq_spurious_ppm
rig_check "run with spurious interrupts" crossing
echo 0 >$D/board1/fault_irq_spurious_ppm

echo 1 >$D/board1/fault_reset
rig_expect_eq "reset disables TSN" "tsn_enable 0" "$(grep tsn_enable $D/board1/state)"
c=$(awk '/^counter/ { print $2 }' $D/board1/state)
rig_check "reset restarts the counter ($c)" test "$c" -lt $((0x123456789 + 1000000000))
rig_check "clean run after reset" crossing
rig_expect_eq "final run verdict" "verdict=pass" "$(verdict)"

# --- the hard faults --------------------------------------------------
# From here on no violation may be blamed on the host. (Above, the run
# with spurious interrupts has the client read an empty frame FIFO after
# an interrupt without cause: a real violation of the client.)
echo 1 >$D/board0/clear_counters
echo 1 >$D/board1/clear_counters
# raw BOARD HEX: one message; its MISO bytes are then in $C/result.
raw() { echo "$1 $2" >$C/raw 2>/dev/null; }
miso() { local r; read -r r <$C/result; echo "$r"; }
cnt() { drv_emu_counter "$1" "$2"; }
st() { grep "^$2 " $D/board$1/state; }
INFO=023278000000000000000000	# 8-byte read of TSN_SYSTEM_INFO
INFO_MISO=000000002508050700000000
META=02f0000000000000000000000000	# one metadata entry
FRAME60=02100000$(printf '%0120d' 0)	# the first 60 bytes of a frame
# One frame from board 0 into board 1's FIFO, left unread.
one_frame() { echo "$A 1" >$C/flood && sleep 0.2 && st 1 rx_meta_entries >/dev/null; }

rig_check "register read" raw "$A" $INFO
rig_expect_eq "register read MISO" $INFO_MISO "$(miso)"

# Before: the message never reaches the device (next-N trigger).
echo 2 >$D/board0/fault_spi_eio_next
t0=$(cnt 0 bus_transactions)
rig_check "spi_eio_next: 1st fails" sh -c "! echo '$A $INFO' >$C/raw"
rig_check "spi_eio_next: 2nd fails" sh -c "! echo '$A $INFO' >$C/raw"
rig_check "spi_eio_next: 3rd passes" raw "$A" $INFO
rig_expect_eq "spi_eio_next: the device saw only the 3rd" $((t0 + 1)) "$(cnt 0 bus_transactions)"
rig_expect_eq "spi_eio_next: trigger used up" 0 "$(cat $D/board0/fault_spi_eio_next)"

# After: a metadata read pops its entry, the caller gets -ETIMEDOUT.
rig_check "one frame into board1" one_frame
rig_expect_eq "entry pending" "rx_meta_entries 1" "$(st 1 rx_meta_entries)"
echo 1 >$D/board1/fault_spi_after_etimedout_next
rig_check "after: metadata read fails" sh -c "! echo '$B $META' >$C/raw"
rig_expect_eq "after: the entry was popped nevertheless" "rx_meta_entries 0" "$(st 1 rx_meta_entries)"
rig_expect_eq "after: its frame is owed" "rx_unread_frames 1" "$(st 1 rx_unread_frames)"
rig_expect_eq "after: pairing excused" "pairing_excused 1" "$(st 1 pairing_excused)"
rig_expect_eq "after: counted" 1 "$(cnt 1 fault_spi_after_etimedout)"
rig_check "after: read the owed frame" raw "$B" "$FRAME60"
rig_expect_eq "after: excused until the host sees the FIFOs empty" "pairing_excused 1" "$(st 1 pairing_excused)"
rig_check "after: a metadata read finds no entry" raw "$B" "$META"
rig_expect_eq "after: FIFOs paired again" "pairing_excused 0" "$(st 1 pairing_excused)"
# After, on a TX write: the frame is sent although the write failed.
w0=$(cnt 0 wire_tx_frames)
echo 1 >$D/board0/fault_spi_after_eio_next
rig_check "after: TX write fails" sh -c "! echo '$A 1' >$C/tx"
sleep 0.2
rig_expect_eq "after: the frame went out nevertheless" $((w0 + 1)) "$(cnt 0 wire_tx_frames)"
rig_expect_eq "after: TX counted" 1 "$(cnt 0 fault_spi_after_eio)"
# spi_after: either error, the register written all the same.
echo 1 >$D/board1/fault_spi_after_next
rig_check "spi_after: register write fails" sh -c "! echo '$B 01429400000000' >$C/raw"
rig_expect_eq "spi_after: TSN disabled nevertheless" "tsn_enable 0" "$(st 1 tsn_enable)"
rig_expect_eq "spi_after: counted" 1 "$(cnt 1 fault_spi_after)"
rig_check "clean run after errors after the side effect" crossing

# Chip select cut short: a prefix executed, never a host violation.
echo 1 >$D/board0/fault_spi_truncate_next
rig_check "truncate: the read fails" sh -c "! echo '$A $INFO' >$C/raw"
rig_expect_eq "truncate: counted" 1 "$(cnt 0 fault_spi_truncate)"
rig_check "clean run after truncation" crossing

# MISO bit flip: one bit of the data, and the next read is exact.
echo 1 >$D/board0/fault_miso_bitflip_next
rig_check "bitflip: read" raw "$A" $INFO
got=$(miso)
rig_check "bitflip: one bit differs ($got)" test "$got" != $INFO_MISO
rig_expect_eq "bitflip: header bytes untouched" 00000000 "${got:0:8}"
rig_check "bitflip: next read" raw "$A" $INFO
rig_expect_eq "bitflip: next read exact" $INFO_MISO "$(miso)"
rig_expect_eq "bitflip: counted" 1 "$(cnt 0 fault_miso_bitflip)"

# MISO stuck: a vanished device, then back.
echo 2 >$D/board0/fault_miso_stuck
raw "$A" $INFO
rig_expect_eq "miso stuck at 0xFF" ffffffffffffffffffffffff "$(miso)"
echo 1 >$D/board0/fault_miso_stuck
raw "$A" $INFO
rig_expect_eq "miso stuck at 0x00" 000000000000000000000000 "$(miso)"
rig_check "miso stuck: only 0..2" sh -c "! echo 3 >$D/board0/fault_miso_stuck"
echo 0 >$D/board0/fault_miso_stuck
rig_check "miso back: read" raw "$A" $INFO
rig_expect_eq "miso back: exact" $INFO_MISO "$(miso)"
rig_expect_eq "miso stuck: counted" 2 "$(cnt 0 fault_miso_stuck)"
rig_check "clean run after MISO faults" crossing

# Plausible wrong length, payload byte: the data check fails.
echo 1 >$D/board1/fault_meta_len_plausible_next
rig_check "plausible length: length check fails" sh -c "echo '$A $B' >$C/run; tail -n1 $C/result | grep -q fail"
rig_expect_eq "plausible length: counted" 1 "$(cnt 1 fault_meta_len_plausible)"
echo 1 >$D/board1/fault_rx_payload_next
rig_check "payload byte: data check fails" sh -c "echo '$A $B' >$C/run; tail -n1 $C/result | grep -q fail"
rig_expect_eq "payload byte: counted" 1 "$(cnt 1 fault_rx_payload)"
rig_check "clean run after corruption" crossing

# Orphan frame: stored without an entry, so no interrupt.
echo 1 >$D/board1/fault_rx_orphan_frame
rig_check "orphan frame: no entry, no interrupt" sh -c "! echo '$A $B' >$C/run"
rig_expect_eq "orphan frame: no entry" "rx_meta_entries 0" "$(st 1 rx_meta_entries)"
rig_check "orphan frame: a frame is stored" sh -c "! grep -qx 'rx_fifo_bytes 0' $D/board1/state"
rig_expect_eq "orphan frame: counted" 1 "$(cnt 1 fault_rx_orphan_frame)"
rig_check "orphan frame: drain it" raw "$B" "$FRAME60"
# Orphan entry: an entry without its frame.
echo 1 >$D/board1/fault_rx_orphan_meta
rig_check "orphan entry: data check fails" sh -c "echo '$A $B' >$C/run; tail -n1 $C/result | grep -q fail"
rig_expect_eq "orphan entry: counted" 1 "$(cnt 1 fault_rx_orphan_meta)"
rig_check "orphan entry: a metadata read finds no entry" raw "$B" "$META"
rig_expect_eq "orphan entry: FIFOs paired again" "pairing_excused 0" "$(st 1 pairing_excused)"
rig_check "clean run after orphans" crossing

# Interrupts: 200 ms late (within the client's 1 s), then stuck low.
echo 200000 >$D/board1/fault_irq_delay_us
rig_check "delayed interrupt: run passes" crossing
echo 0 >$D/board1/fault_irq_delay_us
rig_expect_ge "irq_delay counted" 1 "$(cnt 1 fault_irq_delay)"
echo 1 >$D/board1/fault_irq_stuck_low
rig_expect_eq "stuck low: line low" "irq_line low" "$(st 1 irq_line)"
rig_check "stuck low: no falling edge for the frame" sh -c "! echo '$A $B' >$C/run"
echo 0 >$D/board1/fault_irq_stuck_low
rig_expect_eq "stuck low: counted" 1 "$(cnt 1 fault_irq_stuck_low)"
rig_check "clean run after stuck line" crossing

# Deaf after reset: commands ignored, MISO reads 0x00, then back.
echo 2000 >$D/board1/fault_reset_deaf_ms
echo 1 >$D/board1/fault_reset
raw "$B" $INFO
rig_expect_eq "deaf: MISO reads 0x00" 000000000000000000000000 "$(miso)"
rig_expect_eq "deaf: state" "deaf 1" "$(st 1 deaf)"
sleep 2.2
raw "$B" $INFO
rig_expect_eq "deaf: answers again" $INFO_MISO "$(miso)"
rig_expect_ge "deaf: counted" 1 "$(cnt 1 fault_reset_deaf)"
echo 0 >$D/board1/fault_reset_deaf_ms
rig_check "clean run after deaf reset" crossing

# The kernel's fault-injection attribute (CONFIG_FAULT_INJECTION_DEBUG_FS).
if [ -d $D/board0/fail_spi ]; then
	e0=$(cnt 0 fault_spi_eio)
	echo 100 >$D/board0/fail_spi/probability
	echo 1 >$D/board0/fail_spi/times
	rig_check "fail_spi: read fails" sh -c "! echo '$A $INFO' >$C/raw"
	rig_check "fail_spi: times=1, the next passes" raw "$A" $INFO
	rig_expect_eq "fail_spi: counted as spi_eio" $((e0 + 1)) "$(cnt 0 fault_spi_eio)"
	echo 0 >$D/board0/fail_spi/probability
else
	echo "no fail_spi: kernel without CONFIG_FAULT_INJECTION_DEBUG_FS"
fi

# A seed makes the draws reproducible: 16 reads at 50 % bit flips.
flips() {
	local out=""
	echo "$1" >$D/board0/fault_seed
	for _ in $(seq 16); do raw "$A" $INFO; out+=$(miso); done
	echo "$out"
}
echo 500000 >$D/board0/fault_miso_bitflip_ppm
s1=$(flips 42) s2=$(flips 42) s3=$(flips 43)
echo 0 >$D/board0/fault_miso_bitflip_ppm
rig_expect_eq "seed: read back" 0x2b "$(cat $D/board0/fault_seed)"
rig_check "seed 42 twice: the same flips" test "$s1" = "$s2"
rig_check "seed 43: other flips" test "$s1" != "$s3"
rig_check "clean run after seeded faults" crossing

for n in 0 1; do
	rig_expect_eq "board$n: no protocol violation blamed on the host" 0 "$(drv_emu_violations $n)"
done
rmmod emu_client
rig_check "unload emulator" rmmod lan1qtsn_emu
rig_done
