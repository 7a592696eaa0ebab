#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ping -f in both directions at once, then full-size (1472-byte payload)
# floods: >= 99.9 % replies, no lost skb, no protocol violation.
# The 20000 per direction by default (DRV_FLOOD_COUNT); the full-size
# flood sends a quarter of that.
. /rig/lib.sh
. ./drv-lib.sh

count=${DRV_FLOOD_COUNT:-20000}
rig_netns_pair || { rig_fail "netns pair"; rig_done; exit 1; }

# drv_flood_both COUNT SIZE
drv_flood_both() {
	local pa pb
	ip netns exec a ping -f -q -c "$1" -s "$2" -W 2 198.51.100.2 >/tmp/flood-a.txt 2>&1 &
	pa=$!
	ip netns exec b ping -f -q -c "$1" -s "$2" -W 2 198.51.100.1 >/tmp/flood-b.txt 2>&1 &
	pb=$!
	wait $pa; wait $pb
	cat /tmp/flood-a.txt /tmp/flood-b.txt
	rig_expect_ge "ping -f -c $1 -s $2 a -> b: replies per mille" 999 "$(drv_ping_permille /tmp/flood-a.txt)"
	rig_expect_ge "ping -f -c $1 -s $2 b -> a: replies per mille" 999 "$(drv_ping_permille /tmp/flood-b.txt)"
}

start=$(date +%s)
drv_flood_both "$count" 56
drv_flood_both $((count / 4)) 1472
echo "flood time: $(($(date +%s) - start)) s"

drv_check_no_loss
drv_check_violations
drv_dump
rig_done
