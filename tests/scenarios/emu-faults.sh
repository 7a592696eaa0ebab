#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Each injected fault of the emulator is visible through the plain SPI API
# (tests/modules/emu_client) and counted, and a clean run passes again
# after it is switched off: SPI errors, lost interrupt, RX overflow, stuck
# TX scheduler, corrupted RX FCS, corrupted metadata length, spurious
# interrupts and a device reset.
# rig-args: --no-load
# rig-ci-env:
# rig-stress-env:
# rig-budget: 90
# rig-stress-budget: 90
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
rmmod emu_client
rig_check "unload emulator" rmmod lan1qtsn_emu
rig_done
