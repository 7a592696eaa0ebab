#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The old driver's splat: arping at 2 and at 100 probes per second from each
# side while the other side does the same. Every probe must be answered,
# every frame accounted for (drv_account), no splat (the rig checks the
# log), no lost skb, no protocol violation.
# rig-ci-env: DRV_ARPING_FAST=2000
# rig-stress-env: DRV_ARPING_FAST=10000
# rig-budget: 150
# rig-stress-budget: 600
. /rig/lib.sh
. ./drv-lib.sh

fast=${DRV_ARPING_FAST:-2000}
rig_netns_pair || { rig_fail "netns pair"; rig_done; exit 1; }
# shellcheck disable=SC2034 # filled and read by name (drv_snap, drv_account)
declare -A s0 s1

# arping_both COUNT INTERVAL: both sides at once; every probe answered.
arping_both() {
	local count=$1 interval=$2 pa pb
	ip netns exec a arping -c "$count" -W "$interval" -I "$NS_A_DEV" 198.51.100.2 >"$RIG_TMP/arping-a.txt" 2>&1 &
	pa=$!
	ip netns exec b arping -c "$count" -W "$interval" -I "$NS_B_DEV" 198.51.100.1 >"$RIG_TMP/arping-b.txt" 2>&1 &
	pb=$!
	wait $pa
	wait $pb
	tail -n 3 "$RIG_TMP/arping-a.txt" "$RIG_TMP/arping-b.txt"
	drv_expect_all_answered "arping -W $interval -c $count a -> b" "$RIG_TMP/arping-a.txt" "$count"
	drv_expect_all_answered "arping -W $interval -c $count b -> a" "$RIG_TMP/arping-b.txt" "$count"
}

# ARP may also re-validate the kernel's own neighbour entries in the
# window: the account counts every frame, whatever it carries.
drv_settle
drv_snap s0
arping_both 20 0.5
arping_both "$fast" 0.01
drv_settle
drv_snap s1
drv_account s0 s1

drv_check_no_loss
drv_check_violations
drv_dump
drv_done
