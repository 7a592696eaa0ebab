#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A frame crosses the emulated cable from board 0 to board 1, driven through
# the plain SPI API by tests/modules/emu_client instead of the real driver:
# it is launched at the start of its window (board 0's counter), arrives
# with a timestamp from board 1's own counter that matches the launch, and
# raises board 1's interrupt, with edge and level-low triggers (requested
# by the client, or described by the emulator with irq_type=), with and
# without the turnaround byte, and a wire tap sees it. Then the emulator is unloaded with frames
# queued, on the wire and unread.
# rig-args: --no-load
# rig-ci-env:
# rig-stress-env:
# rig-budget: 90
# rig-stress-budget: 90
. /rig/lib.sh
. ./drv-lib.sh

D=$EMU_DEBUGFS
C=/sys/bus/spi/drivers/emu_client

run_crossing() {
	local what=$1 a b res
	a=$(rig_emu 0 spi_device) b=$(rig_emu 1 spi_device)
	rig_check "$what: frame $a -> $b" sh -c "echo '$a $b' >$C/run"
	res=$(cat $C/result)
	echo "$res" | sed "s/^/  $what: /"
	rig_expect_eq "$what: client verdict" "verdict=pass" "$(echo "$res" | tail -n1)"
	tx=$(echo "$res" | sed -n 's/^tx_tstamp=//p')
	# The emulator's own launch log agrees with the TX timestamp slot.
	last=$(tail -n1 $D/board0/launch_log)
	rig_expect_eq "$what: launch log start tick" "$tx" "$(echo "$last" | awk '{ print $10 }')"
	rig_expect_eq "$what: launch log verdict" "window" "$(echo "$last" | awk '{ print $12 }')"
	for n in 0 1; do
		rig_expect_eq "$what: board$n protocol violations" 0 "$(drv_emu_violations $n)"
	done
	rig_expect_ge "$what: board1 frames from the wire" 1 \
		"$(drv_emu_counter 1 wire_rx_frames)"
}

rig_check "load emulator with wire taps" insmod $RIG_MODULES/lan1qtsn_emu.ko tap=1
ip link set emutap1 up
rig_check "load client (edge)" insmod $RIG_MODULES/emu_client.ko
run_crossing edge
rig_expect_ge "the wire tap saw the frame" 1 "$(cat /sys/class/net/emutap1/statistics/rx_packets)"
rmmod emu_client
rig_check "load client (level-low)" insmod $RIG_MODULES/emu_client.ko irq_level=1
run_crossing level
rig_expect_eq "board1 trigger seen by the emulator" "irq_trigger level-low" \
	"$(grep irq_trigger $D/board1/state)"
rmmod emu_client
rmmod lan1qtsn_emu

# The trigger type as a device tree hands it out (irq_type=), taken by a
# client that requests no type of its own, as the driver does.
rig_check "load client (firmware type, default edge)" insmod $RIG_MODULES/emu_client.ko irq_fw=1
rig_check "load emulator (default irq_type)" insmod $RIG_MODULES/lan1qtsn_emu.ko
run_crossing fw-edge
rig_expect_eq "fw-edge: trigger" "irq_trigger edge" "$(grep irq_trigger $D/board1/state)"
rmmod lan1qtsn_emu
rig_check "load emulator irq_type=level-low" insmod $RIG_MODULES/lan1qtsn_emu.ko irq_type=level-low
run_crossing fw-level
rig_expect_eq "fw-level: trigger" "irq_trigger level-low" "$(grep irq_trigger $D/board1/state)"
# Level: the line stays low while an entry is pending, and the handler
# runs again each time the interrupt is unmasked until it is read.
e0=$(drv_emu_counter 1 irq_edges)
rig_check "fw-level: queue 3 frames" sh -c "echo '$(rig_emu 0 spi_device) 3' >$C/flood"
sleep 0.2
rig_expect_eq "fw-level: line low while entries are pending" "irq_line low" "$(grep irq_line $D/board1/state)"
rig_expect_eq "fw-level: one falling transition" $((e0 + 1)) "$(drv_emu_counter 1 irq_edges)"
run_crossing fw-level-drained
rig_expect_eq "fw-level: line high once drained" "irq_line high" "$(grep irq_line $D/board1/state)"
rmmod emu_client
rmmod lan1qtsn_emu
rig_check "irq_type=rising is refused" sh -c "! insmod $RIG_MODULES/lan1qtsn_emu.ko irq_type=edge-rising"

rig_check "load emulator without turnaround" insmod $RIG_MODULES/lan1qtsn_emu.ko turnaround=0
rig_check "load client without turnaround" insmod $RIG_MODULES/emu_client.ko no_turnaround=1
run_crossing no-turnaround

# Traffic in flight: 30 frames queued, 20 of them for later, some
# already sent and unread at the receiver. The unload must be clean.
rig_check "queue 30 frames" sh -c "echo '$(rig_emu 0 spi_device) 30' >$C/flood"
# Hold the later 20 (windows from 500 ms on) whatever this slow VM's forks
# cost: the stuck scheduler keeps its head until the unload.
echo 1 >$D/board0/fault_tx_stuck
grep -E 'tx_queued|rx_meta' $D/board0/state $D/board1/state
rig_expect_ge "frames still queued at unload" 1 \
	"$(awk '/^tx_queued/ { print $2 }' $D/board0/state)"
rig_check "unload emulator with traffic in flight" rmmod lan1qtsn_emu
rig_check "unload client" rmmod emu_client
rig_done
