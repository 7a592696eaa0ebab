#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Load and unload the emulator and the driver again and again, idle and
# under ping floods both ways, removing the driver first or pulling the
# emulator (the SPI controller) from under it. Every cycle must bind both
# boards; no splat, no leak (the rig scans kmemleak at the end). Two more
# cycles unload with TX timestamps in flight (the driver holds the frames).
# Arguments IDLE BUSY override DRV_IDLE_CYCLES and DRV_BUSY_CYCLES; the
# cycles alternate the removal order, so any count >= 2 covers both.
# Each cycle starts as few programs as it can (~0.1-0.4 s each in the
# emulated VM): the namespaces are made once and reused.
# rig-args: --no-load --timeout 2400
# rig-ci-env: DRV_IDLE_CYCLES=3 DRV_BUSY_CYCLES=3
# rig-stress-env: DRV_IDLE_CYCLES=50 DRV_BUSY_CYCLES=50
# rig-budget: 150
# rig-stress-budget: 1300
. /rig/lib.sh
. ./drv-lib.sh

idle_cycles=${1:-${DRV_IDLE_CYCLES:-3}}
busy_cycles=${2:-${DRV_BUSY_CYCLES:-3}}

# wait_bound: both boards have a netdev (within 30 s).
wait_bound() {
	local end=$((SECONDS + 30))
	while [ $SECONDS -lt $end ]; do
		[ -n "$(rig_board_netdev 0)" ] && [ -n "$(rig_board_netdev 1)" ] && return 0
		sleep 0.1
	done
	return 1
}

# cycle_violations: none on either board (a missing file fails).
cycle_violations() {
	local v0 v1
	v0=$(drv_emu_violations 0) v1=$(drv_emu_violations 1)
	[ "$v0" = 0 ] && [ "$v1" = 0 ] && return 0
	echo "protocol violations: board 0 $v0, board 1 $v1"
	rig_emu 0 violations
	rig_emu 1 violations
	return 1
}

# stamps_in_flight: board 0's driver is collecting TX stamps that come late:
# three delivered, and slots read before their value was there (rereads).
# The sender waits for each stamp (40 ms) and sends the next 1 ms later, so
# a slot is busy nearly all the time, at the unload too.
stamps_in_flight() {
	local got reread end=$((SECONDS + 5))
	while [ $SECONDS -lt $end ]; do
		read -r got reread <<<"$(rig_ns a ethtool -S "$NS_A_DEV" |
			awk '$1 == "tx_hwtstamps:" { g = $2 } $1 == "tx_hwtstamp_rereads:" { r = $2 } END { print g + 0, r + 0 }')"
		[ "$got" -ge 3 ] && [ "$reread" -gt 0 ] && return 0
		sleep 0.2
	done
	echo "no late TX stamps being collected (tx_hwtstamps $got, tx_hwtstamp_rereads $reread)"
	return 1
}

# cycle BUSY EMU_FIRST: BUSY 0 idle, 1 ping floods, 2 TX stamps in flight
# (each capture readable only 40 ms after it: the driver holds the frame
# that asked when it goes away).
cycle() {
	local busy=$1 emu_first=$2 pids="" emu_args=()
	[ "$busy" = 2 ] && emu_args=(tx_tstamp_latency_ns=40000000)
	rig_load_emu "${emu_args[@]}" || return 1
	rig_load_driver || return 1
	wait_bound || { echo "boards not bound"; return 1; }
	if [ "$busy" = 2 ]; then
		rig_netns_pair || { echo "netns pair failed"; return 1; }
		rig_ns a hwstamp_ctl -i "$NS_A_DEV" -t 1 >/dev/null || return 1
		rig_ns_exec a tstamp-latency -i "$NS_A_DEV" -n 100000 -g 1000 -t 100 >/dev/null 2>&1 &
		pids="$pids $!"
		stamps_in_flight || return 1
	fi
	if [ "$busy" = 1 ]; then
		rig_netns_pair || { echo "netns pair failed"; return 1; }
		rig_ns_exec a ping -f -q -w 5 198.51.100.2 >/dev/null 2>&1 &
		pids="$pids $!"
		rig_ns_exec b ping -f -q -w 5 -s 1472 198.51.100.1 >/dev/null 2>&1 &
		pids="$pids $!"
		sleep 1
	fi
	echo "cycle: busy=$busy emu_first=$emu_first unloading at $(cut -d' ' -f1 /proc/uptime)"
	if [ "$emu_first" = 1 ]; then
		cycle_violations || return 1
		rmmod lan1qtsn_emu || return 1
	else
		rmmod lan1qtsn || return 1
		cycle_violations || return 1
	fi
	rig_unload_all || return 1
	echo "cycle: unloaded at $(cut -d' ' -f1 /proc/uptime)"
	# shellcheck disable=SC2086 # a list of pids
	[ -n "$pids" ] && kill $pids 2>/dev/null
	# shellcheck disable=SC2086
	[ -n "$pids" ] && wait $pids
	return 0
}

# cycles BUSY COUNT LABEL: COUNT cycles, alternating the unload order.
cycles() {
	local i fails=0 start=$SECONDS
	for ((i = 1; i <= $2; i++)); do
		cycle "$1" $((i % 2)) || { fails=$((fails + 1)); echo "$3 cycle $i failed"; }
	done
	rig_expect_eq "$2 $3 load/unload cycles" 0 $fails
	echo "$3 cycles: $((SECONDS - start)) s"
}

rig_unload_all
cycles 0 "$idle_cycles" idle
cycles 1 "$busy_cycles" "under-ping-flood"
# Unloading with TX stamps in flight: the driver frees the frames it held
# for them (no leak: kmemleak; no use after free: KASAN), in both orders.
cycles 2 2 "stamps-in-flight"

# Leave both loaded and working: the rig unloads them at the end.
rig_load_emu && rig_load_driver && wait_bound && rig_netns_pair
rig_check "traffic after all the cycles" rig_ns a ping -c 3 -i 0.2 -W 2 198.51.100.2
drv_check_violations
drv_done
