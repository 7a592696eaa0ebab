#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SPI messages really take their modelled time, bytes * 8 / spi_hz plus the
# per-message overhead, and both knobs act at run time; the emulator's busy
# time counter agrees. (Only lower bounds are exact: the VM adds its own
# latency.)
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
per_msg() { echo "$A $1" >$C/bench && sed -n 's/^per_message_ns=//p' $C/result; }
busy() { drv_emu_counter 0 bus_busy_ns; }

# 12 bytes (header, turnaround, two registers) at 15 MHz + 5 us = 11400 ns.
b0=$(busy)
p=$(per_msg 200)
rig_expect_ge "15 MHz: a read takes >= 11.4 us" 11400 "$p"
rig_expect_eq "busy time counted per message" $((200 * 11400)) $(($(busy) - b0))

# Slow enough to stand out from the VM's own latency (a few 100 us).
echo 100000 >$D/board0/spi_hz
echo 20000 >$D/board0/xfer_overhead_ns
b0=$(busy)
p=$(per_msg 50)
rig_expect_ge "100 kHz, 20 us overhead: a read takes >= 980 us" 980000 "$p"
rig_expect_eq "busy time follows the knobs" $((50 * 980000)) $(($(busy) - b0))
rig_done
