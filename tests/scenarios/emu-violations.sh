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

echo 0 >$D/board0/strict
raw 0700000000000000 >/dev/null
echo 1 >$D/board0/clear_counters
echo 1 >$D/board0/strict
raw 0700000000000000 >/dev/null
rig_expect_eq "clear_counters re-arms the once-only log" 2 "$(logged unknown_cmd)"
rig_expect_eq "counter restarted" 1 "$(count unknown_cmd)"
rig_done
