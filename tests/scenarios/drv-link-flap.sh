#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ip link set down/up DRV_FLAP_CYCLES times on each side while both sides
# flood each other (both ends flap at the same time): every cycle must come
# back with carrier, traffic must work at the end, frames queued at "down"
# are counted (tx_drop_down), never lost silently: every frame of the run
# is accounted for (drv_account); no splat, no protocol violation. Each
# side's cycles run from one "ip -batch" process: starting a program costs
# ~0.1-0.4 s in the emulated VM, the cycle itself does not.
# Argument: cycles per side (default: DRV_FLAP_CYCLES).
# rig-ci-env: DRV_FLAP_CYCLES=50
# rig-stress-env: DRV_FLAP_CYCLES=200
# rig-budget: 120
# rig-stress-budget: 300
# rig-kcsan: yes
. /rig/lib.sh
. ./drv-lib.sh

cycles=${1:-${DRV_FLAP_CYCLES:-50}}
rig_netns_pair || { rig_fail "netns pair"; rig_done; exit 1; }
# shellcheck disable=SC2034 # filled and read by name (rig_snap, drv_account)
declare -A s0 s1
rig_snap s0

rig_ns_exec a ping -f -q -w 3600 198.51.100.2 >/dev/null 2>&1 &
pa=$!
rig_ns_exec b ping -f -q -w 3600 -s 1472 198.51.100.1 >/dev/null 2>&1 &
pb=$!
sleep 1

# flap_batch DEV: the batch of down, up, show (carrier) per cycle.
flap_batch() {
	local i
	for ((i = 0; i < cycles; i++)); do
		printf 'link set dev %s down\nlink set dev %s up\nlink show dev %s\n' "$1" "$1" "$1"
	done
}
flap_batch "$NS_A_DEV" >"$RIG_TMP/flap-a.batch"
flap_batch "$NS_B_DEV" >"$RIG_TMP/flap-b.batch"
start=$SECONDS
ip -n a -batch "$RIG_TMP/flap-a.batch" >"$RIG_TMP/flap-a.out" 2>&1 &
fa=$!
ip -n b -batch "$RIG_TMP/flap-b.batch" >"$RIG_TMP/flap-b.out" 2>&1 &
fb=$!
rig_check "a: $cycles down/up cycles ran" wait $fa
rig_check "b: $cycles down/up cycles ran" wait $fb
echo "flap time: $((SECONDS - start)) s"
# IFF_LOWER_UP in "link show" is the carrier right after each "up".
rig_expect_eq "a: carrier after every up" "$cycles" "$(grep -c '[<,]LOWER_UP[,>]' "$RIG_TMP/flap-a.out")"
rig_expect_eq "b: carrier after every up" "$cycles" "$(grep -c '[<,]LOWER_UP[,>]' "$RIG_TMP/flap-b.out")"
grep -v 'LOWER_UP\|link/ether' "$RIG_TMP/flap-a.out" "$RIG_TMP/flap-b.out" | head -n 5
rig_check "flood a -> b still running" kill -0 $pa
rig_check "flood b -> a still running" kill -0 $pb
kill $pa $pb
wait $pa $pb
# Each down flushed the neighbours, and the floods left an entry in DELAY:
# its unicast probe and reply, 5 s after the last use, would cross while
# the end snapshot is read (one frame counted on one side only; CI run 26).
rig_check "neighbours pinned again" drv_pin_neigh
sleep 1

rig_check "ping a -> b after the flapping" rig_ns a ping -c 5 -i 0.2 -W 2 198.51.100.2
rig_check "ping b -> a after the flapping" rig_ns b ping -c 5 -i 0.2 -W 2 198.51.100.1
drv_settle
rig_snap s1
# Frames sent while a link is down are dropped by the core's noop qdisc
# (the netdev's tx_dropped), before any driver: no term of the account.
echo "a: tx_dropped $(drv_get s1 a.if_tx_dropped), b: tx_dropped $(drv_get s1 b.if_tx_dropped)"
drv_account s0 s1 "" "" "$cycles"
for ns in a b; do
	for c in tx_bus_errors rx_meta_invalid rx_fcs_errors spi_errors; do
		drv_expect_snap s1 "$ns: $c" 0 "$ns.$c"
	done
	# One resync per open, none for errors.
	drv_expect_snap s1 "$ns: resyncs = opens" $((cycles + 1)) "$ns.resyncs"
	echo "$ns: frames dropped at down: $(drv_get s1 "$ns.tx_drop_down")"
done
for b in 0 1; do
	drv_expect_snap s1 "board $b: no TX write without a free buffer" 0 "e$b.tx_dropped_no_buffer"
done
drv_check_violations
drv_dump
drv_done
