#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The old driver's splat: arping at 2 and at 100 probes per second from each
# side while the other side does the same. Every probe must be answered
# (>= 99.9 %), no splat (the rig checks the log), no lost skb, no protocol
# violation.
. /rig/lib.sh
. ./drv-lib.sh

rig_netns_pair || { rig_fail "netns pair"; rig_done; exit 1; }

# drv_arping_both COUNT INTERVAL: both sides at once; checks the replies.
drv_arping_both() {
	local count=$1 interval=$2 pa pb
	ip netns exec a arping -c "$count" -W "$interval" -I "$NS_A_DEV" 198.51.100.2 >/tmp/arping-a.txt 2>&1 &
	pa=$!
	ip netns exec b arping -c "$count" -W "$interval" -I "$NS_B_DEV" 198.51.100.1 >/tmp/arping-b.txt 2>&1 &
	pb=$!
	wait $pa; wait $pb
	tail -n 3 /tmp/arping-a.txt /tmp/arping-b.txt
	rig_expect_ge "arping -W $interval -c $count a -> b: replies per mille" 999 "$(drv_arping_permille /tmp/arping-a.txt)"
	rig_expect_ge "arping -W $interval -c $count b -> a: replies per mille" 999 "$(drv_arping_permille /tmp/arping-b.txt)"
}

drv_arping_both 20 0.5
drv_arping_both 2000 0.01

drv_check_no_loss
drv_check_violations
drv_dump
rig_done
