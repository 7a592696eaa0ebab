#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The emulator checks the host: every protocol violation is counted, the
# first of each kind is logged once with its details in strict mode, and
# the device ignores what it cannot parse (raw messages through
# tests/modules/emu_client).
# Reads only its own part of the kernel log (shared boots).
# rig-args: --no-load
# rig-ci-env:
# rig-stress-env:
# rig-budget: 60
# rig-stress-budget: 60
. /rig/lib.sh
. ./drv-lib.sh

D=$EMU_DEBUGFS
C=/sys/bus/spi/drivers/emu_client
insmod $RIG_MODULES/lan1qtsn_emu.ko || exit 1
insmod $RIG_MODULES/emu_client.ko || exit 1
A=$(rig_emu 0 spi_device)
raw() { echo "$A $1" >$C/raw && cat $C/result; }
count() { drv_emu_counter 0 "violation_$1"; }
logged() { rig_dmesg_since_start | grep -c "board0: host protocol violation $1:"; }

raw 0700000000000000 >/dev/null
raw 0700000000000000 >/dev/null
rig_expect_eq "unknown command counted twice" 2 "$(count unknown_cmd)"
rig_expect_eq "unknown command logged once" 1 "$(logged unknown_cmd)"
has_details() { rig_dmesg_since_start | grep -q 'unknown_cmd: command 0x07 address 0x0000, 8 bytes'; }
rig_check "log has the details" has_details

raw 0110000000000000 >/dev/null
rig_expect_eq "write to the RX frame space" 1 "$(count bad_space)"
raw 023000000000 >/dev/null
rig_expect_eq "register read of 2 bytes" 1 "$(count bad_length)"
raw 0232020000000000 >/dev/null
rig_expect_eq "register read beyond the map" 1 "$(count bad_reg)"
raw 01401800000001 >/dev/null
rig_expect_eq "write to a read-only counter" 1 "$(count ro_write)"
raw 02100000000000000000 >/dev/null
rig_expect_eq "frame read while empty" 1 "$(count frame_read_empty)"
r=$(raw 02f0000000000000000000000000)
rig_expect_eq "empty metadata read answers length 0" "0000000000000000000000000000" "$r"
rig_expect_eq "empty metadata read is no violation" 0 "$(count unpaired_meta_read)"
rig_expect_eq "empty metadata read counted" 1 "$(drv_emu_counter 0 meta_reads_empty)"
# SYSTEM_INFO_H: MISO is zero for header and turnaround, then 25 08 05 07.
rig_expect_eq "register read" "0000000025080507" "$(raw 0232780000000000)"

# A TX write with 8 bytes of metadata only.
raw 0120000000000000000000 >/dev/null
rig_expect_eq "short TX write" 2 "$(count bad_length)"
v=$(cat $D/board0/violations | grep -c ' first: ')
rig_expect_eq "violations file has details for each kind seen" 6 "$v"

# The realism knobs' defaults (docs/emulator.md, "Realism knobs").
knobs() { for k in launch_latency_ns tx_phy_ns rx_delay_ns tx_delay_ns tx_tstamp_latency_ns fbw_latency_ns spi_max_hz; do cat "$D/board0/$k"; done | tr '\n' ' '; }
rig_expect_eq "realism knob defaults" "130 300 512 0 0 0 15000000 " "$(knobs)"

# What a careless driver does that the board (or the Pi's DMA) does not take:
# messages through xraw, each a read of TSN_SYSTEM_INFO_H.
SI=0232780000000000
OK="setup=0 0000000025080507"
GARBLED="setup=-22 ffffffffffffffff"
xraw() { echo "$A $1 $SI" >$C/xraw && cat $C/result | tr '\n' ' ' | sed 's/ $//'; }
rig_expect_eq "xraw: a clean message" "$OK" "$(xraw -)"
rig_expect_eq "xraw: header and data in two transfers" "$OK" "$(xraw split)"
for k in spi_mode spi_overspeed cs_change_last dma_unsafe_buffer; do
	rig_expect_eq "clean messages: no $k" 0 "$(count $k)"
done
rig_expect_eq "SPI mode 1: setup refused, the board decodes nothing" "$GARBLED" "$(xraw mode=1)"
rig_expect_eq "SPI mode 2: the same" "$GARBLED" "$(xraw mode=2)"
rig_expect_eq "SPI modes 1 and 2 counted" 2 "$(count spi_mode)"
rig_expect_eq "SPI mode 3 works" "$OK" "$(xraw mode=3)"
rig_expect_eq "SPI mode 0 again" "$OK" "$(xraw mode=0)"
rig_expect_eq "mode 3 is no violation" 2 "$(count spi_mode)"
rig_expect_eq "spi_mode logged once" 1 "$(logged spi_mode)"
rig_expect_eq "30 MHz: setup refused, the board decodes nothing" "$GARBLED" "$(xraw hz=30000000)"
rig_expect_eq "15 MHz works" "$OK" "$(xraw hz=15000000)"
rig_expect_eq "over-speed counted" 1 "$(count spi_overspeed)"
echo 0 >$D/board0/spi_max_hz
rig_expect_eq "spi_max_hz=0: no limit" "setup=0 0000000025080507" "$(xraw hz=30000000)"
echo 15000000 >$D/board0/spi_max_hz
rig_expect_eq "cs_change on the last transfer: still executed" "$OK" "$(xraw cs_last)"
rig_expect_eq "... also on the second of two" "$OK" "$(xraw split,cs_last)"
rig_expect_eq "cs_change on the last transfer counted" 2 "$(count cs_change_last)"
rig_expect_eq "stack buffers: executed" "$OK" "$(xraw stack)"
rig_expect_eq "vmalloc buffers: executed" "$OK" "$(xraw vmalloc)"
rig_expect_eq "DMA-unsafe buffers counted" 2 "$(count dma_unsafe_buffer)"
stack_details() { rig_dmesg_since_start | grep -q 'dma_unsafe_buffer: tx_buf on the stack, rx_buf on the stack, in 1 transfer(s)'; }
rig_check "DMA-unsafe log has the details" stack_details
vm_details() { grep -q 'dma_unsafe_buffer .*first: tx_buf on the stack' $D/board0/violations; }
rig_check "violations file keeps the first occurrence" vm_details

echo 0 >$D/board0/strict
raw 0700000000000000 >/dev/null
echo 1 >$D/board0/clear_counters
echo 1 >$D/board0/strict
raw 0700000000000000 >/dev/null
rig_expect_eq "clear_counters re-arms the once-only log" 2 "$(logged unknown_cmd)"
rig_expect_eq "counter restarted" 1 "$(count unknown_cmd)"

# Trigger types the board's line cannot give: request_irq() fails, the
# client does not bind (the control binds).
bound() { [ -e /sys/bus/spi/devices/$A/driver ]; }
rmmod emu_client
for t in rising both high; do
	insmod $RIG_MODULES/emu_client.ko irq_bad="$t"
	rig_check "IRQ trigger $t refused: the client did not bind" sh -c "! [ -e /sys/bus/spi/devices/$A/driver ]"
	rmmod emu_client
done
insmod $RIG_MODULES/emu_client.ko
rig_check "falling edge accepted: the client binds" bound
rig_done
