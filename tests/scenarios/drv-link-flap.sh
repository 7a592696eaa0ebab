#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ip link set down/up 200 times on each side in turn while both sides flood
# each other: every cycle must come back with carrier, traffic must work at
# the end, frames queued at "down" are counted (tx_drop_down), never lost
# silently; no splat, no protocol violation.
# Scaled for TCG: 100 cycles by default (argument: the issue's 200).
. /rig/lib.sh
. ./drv-lib.sh

cycles=${1:-${DRV_FLAP_CYCLES:-100}}
rig_netns_pair || { rig_fail "netns pair"; rig_done; exit 1; }

ip netns exec a ping -f -q -w 3600 198.51.100.2 >/dev/null 2>&1 &
pa=$!
ip netns exec b ping -f -q -w 3600 -s 1472 198.51.100.1 >/dev/null 2>&1 &
pb=$!
sleep 1

fails=0
start=$(date +%s)
for i in $(seq "$cycles"); do
	if [ $((i % 2)) = 0 ]; then ns=a dev=$NS_A_DEV; else ns=b dev=$NS_B_DEV; fi
	ip -n $ns link set "$dev" down || fails=$((fails + 1))
	ip -n $ns link set "$dev" up || fails=$((fails + 1))
	[ "$(ip netns exec $ns cat /sys/class/net/$dev/carrier)" = 1 ] || {
		fails=$((fails + 1)); echo "cycle $i: no carrier on $ns"; }
	[ $((i % 20)) = 0 ] && echo "cycle $i at $(cut -d' ' -f1 /proc/uptime)"
done
echo "flap time: $(($(date +%s) - start)) s"
rig_expect_eq "$cycles down/up cycles under traffic" 0 $fails
rig_check "flood a -> b still running" kill -0 $pa
rig_check "flood b -> a still running" kill -0 $pb
kill $pa $pb
wait
sleep 1

rig_check "ping a -> b after the flapping" ip netns exec a ping -c 5 -i 0.2 -W 2 198.51.100.2
rig_check "ping b -> a after the flapping" ip netns exec b ping -c 5 -i 0.2 -W 2 198.51.100.1
for ns in a b; do
	if [ $ns = a ]; then dev=$NS_A_DEV; else dev=$NS_B_DEV; fi
	for c in tx_bus_errors rx_meta_invalid rx_fcs_errors spi_errors; do
		rig_expect_eq "$ns: $c" 0 "$(drv_ethtool_stat $ns "$dev" $c)"
	done
	# One resync per open, none for errors.
	rig_expect_eq "$ns: resyncs = opens" $((cycles / 2 + 1)) "$(drv_ethtool_stat $ns "$dev" resyncs)"
	echo "$ns: frames dropped at down: $(drv_ethtool_stat $ns "$dev" tx_drop_down)"
done
for b in 0 1; do
	rig_expect_eq "board $b: no TX write without a free buffer" 0 "$(drv_emu_counter $b tx_dropped_no_buffer)"
done
drv_check_violations
drv_dump
rig_done
