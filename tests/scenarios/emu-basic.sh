#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The emulator alone: two boards appear as SPI devices "lan1qtsn" with a
# simulated interrupt, debugfs shows each board's state, the counters run at
# 100 MHz with their configured error, knobs and faults can be set at run
# time, the mac= parameter reaches TSN_MAC_ADDR, and the module unloads
# cleanly.
# rig-args: --no-driver --emu-args "tap=1 mac=02:00:00:00:01:00"
# rig-ci-env:
# rig-stress-env:
# rig-budget: 60
# rig-stress-budget: 60
. /rig/lib.sh
. ./drv-lib.sh

D=$EMU_DEBUGFS
for n in 0 1; do
	spi=$(rig_emu $n spi_device)
	rig_check "board$n has an SPI device ($spi)" test -d /sys/bus/spi/devices/"$spi"
	rig_expect_eq "board$n modalias" "spi:lan1qtsn" "$(cat /sys/bus/spi/devices/"$spi"/modalias)"
	rig_check "board$n state readable" grep -q '^counter ' $D/board$n/state
	rig_check "board$n tap netdev" test -d /sys/class/net/emutap$n
done

# The counter advances by about 100 ticks per microsecond.
c0=$(awk '/^counter/ { print $2 }' $D/board0/state)
sleep 1
c1=$(awk '/^counter/ { print $2 }' $D/board0/state)
d=$((c1 - c0))
rig_expect_ge "board0 counter advanced >= 0.9 s" 90000000 "$d"
rig_check "board0 counter advanced < 2 s ($d)" test "$d" -lt 200000000

echo 50000 >$D/board1/freq_ppb
rig_expect_eq "freq_ppb knob" 50000 "$(cat $D/board1/freq_ppb)"
echo 1000 >$D/board0/fault_spi_eio_ppm
rig_expect_eq "fault knob" 1000 "$(cat $D/board0/fault_spi_eio_ppm)"
echo 1 >$D/board0/fault_reset
rig_expect_eq "reset counted" 1 "$(drv_emu_counter 0 fault_reset)"
rig_check "registers readable" grep -q '^0x278 25080507' $D/board0/registers
rig_check "board1 MAC register from mac=" grep -qx '0x280 00000200 00000101' $D/board1/registers
rig_check "launch_log readable" grep -q '^# seq' $D/board0/launch_log
rig_done
