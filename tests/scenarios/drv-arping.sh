#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The old driver's splat: arping at 2 and at 100 probes per second from each
# side while the other side does the same. Every probe must be answered,
# every frame accounted for (drv_account), no splat (the rig checks the
# log), no lost skb, no protocol violation.
# rig-ci-env: DRV_ARPING_FAST=1000
# rig-stress-env: DRV_ARPING_FAST=10000
# rig-budget: 150
# rig-stress-budget: 600
# rig-kcsan: yes
. /rig/lib.sh
. ./drv-lib.sh

fast=${DRV_ARPING_FAST:-1000}
rig_netns_pair || { rig_fail "netns pair"; rig_done; exit 1; }
# shellcheck disable=SC2034 # filled and read by name (rig_snap, drv_account)
declare -A s0 s1

# arping_both COUNT INTERVAL IN_FLIGHT: both sides at once; every probe
# answered, but for the last IN_FLIGHT. arping (iputils, -c without -w)
# exits right after its last probe's interval, so replies to the last
# probes can land after it is gone when the round trip (up to ~40 ms under
# TCG) is longer than the interval: 4 at 10 ms. Those replies still cross,
# and drv_account below counts every frame exactly: a reply lost anywhere
# fails it.
arping_both() {
	local count=$1 interval=$2 in_flight=$3 pa pb side
	rig_ns_exec a arping -c "$count" -W "$interval" -I "$NS_A_DEV" 198.51.100.2 >"$RIG_TMP/arping-a.txt" 2>&1 &
	pa=$!
	rig_ns_exec b arping -c "$count" -W "$interval" -I "$NS_B_DEV" 198.51.100.1 >"$RIG_TMP/arping-b.txt" 2>&1 &
	pb=$!
	wait $pa
	wait $pb
	tail -n 3 "$RIG_TMP/arping-a.txt" "$RIG_TMP/arping-b.txt"
	for side in a b; do
		drv_ping_summary "$RIG_TMP/arping-$side.txt"
		rig_expect_eq "arping -W $interval -c $count from $side: probes sent" "$count" "$DRV_SENT"
		rig_expect_ge "arping -W $interval -c $count from $side: answered before it exited" \
			$((count - in_flight)) "$DRV_RECEIVED"
	done
}

# ARP may also re-validate the kernel's own neighbour entries in the
# window: the account counts every frame, whatever it carries.
drv_settle
rig_snap s0
arping_both 20 0.5 0
arping_both "$fast" 0.01 4
drv_settle
rig_snap s1
drv_account s0 s1

drv_check_no_loss
drv_check_violations
drv_dump
drv_done
