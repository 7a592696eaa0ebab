#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Load and unload the emulator and the driver again and again, idle and
# under ping floods both ways, removing the driver first or pulling the
# emulator (the SPI controller) from under it. Every cycle must bind both
# boards; no splat, no leak (the rig scans kmemleak at the end).
# The 50 idle and 50 busy cycles by default (arguments: IDLE BUSY).
# Each cycle starts as few programs as it can (~0.1-0.4 s each in the
# emulated VM): the namespaces are made once and reused.
# rig-args: --no-load --timeout 2400
. /rig/lib.sh
. ./drv-lib.sh

idle_cycles=${1:-${DRV_IDLE_CYCLES:-50}}
busy_cycles=${2:-${DRV_BUSY_CYCLES:-50}}

# drv_wait_bound: both boards have a netdev (within 30 s).
drv_wait_bound() {
	local end=$((SECONDS + 30))
	while [ $SECONDS -lt $end ]; do
		[ -n "$(rig_board_netdev 0)" ] && [ -n "$(rig_board_netdev 1)" ] && return 0
		sleep 0.1
	done
	return 1
}

drv_cycle_violations() {
	local v
	v=$(awk '{ s += $2 } END { print s + 0 }' "$EMU_DEBUGFS"/board[01]/violations)
	[ "$v" = 0 ] && return 0
	echo "protocol violations: $v"
	rig_emu 0 violations
	rig_emu 1 violations
	return 1
}

drv_cycle() {
	local busy=$1 emu_first=$2 pids=""
	rig_load_emu || return 1
	rig_load_driver || return 1
	drv_wait_bound || { echo "boards not bound"; return 1; }
	if [ "$busy" = 1 ]; then
		rig_netns_pair || { echo "netns pair failed"; return 1; }
		ip netns exec a ping -f -q -w 5 198.51.100.2 >/dev/null 2>&1 &
		pids="$pids $!"
		ip netns exec b ping -f -q -w 5 -s 1472 198.51.100.1 >/dev/null 2>&1 &
		pids="$pids $!"
		sleep 1
	fi
	echo "cycle: busy=$busy emu_first=$emu_first unloading at $(cut -d' ' -f1 /proc/uptime)"
	if [ "$emu_first" = 1 ]; then
		drv_cycle_violations || return 1
		rmmod lan1qtsn_emu || return 1
	else
		rmmod lan1qtsn || return 1
		drv_cycle_violations || return 1
	fi
	rig_unload_all || return 1
	echo "cycle: unloaded at $(cut -d' ' -f1 /proc/uptime)"
	[ -n "$pids" ] && kill $pids 2>/dev/null
	wait
	return 0
}

# drv_cycles BUSY COUNT LABEL: COUNT cycles, alternating the unload order.
drv_cycles() {
	local i fails=0 start
	start=$(date +%s)
	for i in $(seq "$2"); do
		drv_cycle "$1" $((i % 2)) || { fails=$((fails + 1)); echo "$3 cycle $i failed"; }
	done
	rig_expect_eq "$2 $3 load/unload cycles" 0 $fails
	echo "$3 cycles: $(($(date +%s) - start)) s"
}

rig_unload_all
drv_cycles 0 "$idle_cycles" idle
drv_cycles 1 "$busy_cycles" "under-ping-flood"

# Leave both loaded and working: the rig unloads them at the end.
rig_load_emu && rig_load_driver && drv_wait_bound && rig_netns_pair
rig_check "traffic after all the cycles" ip netns exec a ping -c 3 -i 0.2 -W 2 198.51.100.2
drv_check_violations
rig_done
