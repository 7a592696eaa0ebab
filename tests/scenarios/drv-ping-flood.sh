#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ping -f in both directions at once, then full-size (1472-byte payload)
# floods: every request answered, every frame accounted for from the stack
# through both drivers, devices and the cable (drv_account), no lost skb,
# no protocol violation.
# The full-size flood sends a quarter of DRV_FLOOD_COUNT per direction.
# ping -f runs ~32 requests/s per side in the debug VM (2 x 2000 took 63 s).
# rig-ci-env: DRV_FLOOD_COUNT=1000
# rig-stress-env: DRV_FLOOD_COUNT=20000
# rig-budget: 120
# rig-stress-budget: 1600
# rig-kcsan: yes
. /rig/lib.sh
. ./drv-lib.sh

count=${DRV_FLOOD_COUNT:-1000}
rig_netns_pair || { rig_fail "netns pair"; rig_done; exit 1; }
# No ARP in the windows: ping's counts must be exactly the floods'.
rig_check "neighbours pinned" drv_pin_neigh
# shellcheck disable=SC2034 # filled and read by name (rig_snap, drv_account)
declare -A s0 s1 s2

# flood COUNT SIZE: both ways at once, every request answered.
flood() {
	drv_flood_both "$1" "$2" "$2"
	drv_expect_all_answered "ping -f -c $1 -s $2 a -> b" "$RIG_TMP/flood-a.txt" "$1"
	drv_expect_all_answered "ping -f -c $1 -s $2 b -> a" "$RIG_TMP/flood-b.txt" "$1"
}

start=$SECONDS
drv_settle
rig_snap s0
flood "$count" 56
drv_settle
rig_snap s1
drv_account s0 s1
# Each side sent its requests and the other side's replies, nothing else.
drv_expect_delta s0 s1 "a: frames from the stack are the pings'" $((2 * count)) a.qdisc_sent
drv_expect_delta s0 s1 "b: frames from the stack are the pings'" $((2 * count)) b.qdisc_sent
flood $((count / 4)) 1472
drv_settle
rig_snap s2
drv_account s1 s2
drv_expect_delta s1 s2 "a: full-size frames from the stack are the pings'" $((count / 2)) a.qdisc_sent
drv_expect_delta s1 s2 "b: full-size frames from the stack are the pings'" $((count / 2)) b.qdisc_sent
echo "flood time: $((SECONDS - start)) s"

drv_check_no_loss
drv_check_violations
drv_dump
drv_done
