#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ip link set down/up 200 times on each side while both sides flood each
# other (both ends flap at the same time): every cycle must come back with
# carrier, traffic must work at the end, frames queued at "down" are
# counted (tx_drop_down), never lost silently; no splat, no protocol
# violation. Each side's cycles run from one "ip -batch" process: starting
# a program costs ~0.1-0.4 s in the emulated VM, the cycle itself does not.
# Argument: cycles per side (default 200, the issue's count).
. /rig/lib.sh
. ./drv-lib.sh

cycles=${1:-${DRV_FLAP_CYCLES:-200}}
rig_netns_pair || { rig_fail "netns pair"; rig_done; exit 1; }

ip netns exec a ping -f -q -w 3600 198.51.100.2 >/dev/null 2>&1 &
pa=$!
ip netns exec b ping -f -q -w 3600 -s 1472 198.51.100.1 >/dev/null 2>&1 &
pb=$!
sleep 1

# drv_flap_batch DEV: the batch of down, up, show (carrier) per cycle.
drv_flap_batch() {
	local i
	for i in $(seq "$cycles"); do
		printf 'link set dev %s down\nlink set dev %s up\nlink show dev %s\n' "$1" "$1" "$1"
	done
}
drv_flap_batch "$NS_A_DEV" >/tmp/flap-a.batch
drv_flap_batch "$NS_B_DEV" >/tmp/flap-b.batch
start=$(date +%s)
ip -n a -batch /tmp/flap-a.batch >/tmp/flap-a.out 2>&1 &
fa=$!
ip -n b -batch /tmp/flap-b.batch >/tmp/flap-b.out 2>&1 &
fb=$!
rig_check "a: $cycles down/up cycles ran" wait $fa
rig_check "b: $cycles down/up cycles ran" wait $fb
echo "flap time: $(($(date +%s) - start)) s"
# IFF_LOWER_UP in "link show" is the carrier right after each "up".
rig_expect_eq "a: carrier after every up" "$cycles" "$(grep -c '[<,]LOWER_UP[,>]' /tmp/flap-a.out)"
rig_expect_eq "b: carrier after every up" "$cycles" "$(grep -c '[<,]LOWER_UP[,>]' /tmp/flap-b.out)"
grep -v 'LOWER_UP\|link/ether' /tmp/flap-a.out /tmp/flap-b.out | head -n 5
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
	rig_expect_eq "$ns: resyncs = opens" $((cycles + 1)) "$(drv_ethtool_stat $ns "$dev" resyncs)"
	echo "$ns: frames dropped at down: $(drv_ethtool_stat $ns "$dev" tx_drop_down)"
done
for b in 0 1; do
	rig_expect_eq "board $b: no TX write without a free buffer" 0 "$(drv_emu_counter $b tx_dropped_no_buffer)"
done
drv_check_violations
drv_dump
rig_done
