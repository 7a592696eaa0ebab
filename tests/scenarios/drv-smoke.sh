#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The driver binds both emulated boards, identifies them, comes up with
# carrier, passes ping and arping both ways, strips the FCS (frame sizes
# match on both sides), accounts for every frame (drv_account) and makes
# the emulator count no protocol violation.
# rig-ci-env:
# rig-stress-env:
# rig-budget: 90
# rig-stress-budget: 90
# rig-kcsan: yes
. /rig/lib.sh
. ./drv-lib.sh

rig_check "driver bound board 0" test -n "$(rig_board_netdev 0)"
rig_check "driver bound board 1" test -n "$(rig_board_netdev 1)"
rig_check "netns pair up" rig_netns_pair
# shellcheck disable=SC2034 # filled and read by name (rig_snap, drv_account)
declare -A s0 s1
rig_snap s0
rig_expect_eq "carrier a" 1 "$(rig_ns_cat a /sys/class/net/$NS_A_DEV/carrier)"
rig_expect_eq "8 TX queues" 8 "$(rig_ns a bash -c "ls -d /sys/class/net/$NS_A_DEV/queues/tx-*" | wc -l)"
rig_expect_eq "MTU 1500" 1500 "$(rig_ns_cat a /sys/class/net/$NS_A_DEV/mtu)"
mtu_refused() { ! ip -n a link set "$NS_A_DEV" mtu 1501 2>/dev/null; }
rig_check "MTU 1501 refused" mtu_refused
rig_expect_eq "ethtool -i names the driver" "driver: lan1qtsn" \
	"$(rig_ns a ethtool -i "$NS_A_DEV" | grep '^driver:')"
# The FPGA's fixed port: taprio, cbs and TSNLab's SDKs read the speed here
# (without one they assume 10 Mb/s or 1 Gb/s).
rig_expect_eq "ethtool shows the port: 100 Mb/s, full duplex, twisted pair, no autoneg" \
	"Speed: 100Mb/s|Duplex: Full|Auto-negotiation: off|Port: Twisted Pair" \
	"$(rig_ns a ethtool "$NS_A_DEV" | sed -n 's/^[[:space:]]*\(Speed\|Duplex\|Port\|Auto-negotiation\): /\1: /p' | awk '{ printf "%s%s", sep, $0; sep = "|" }')"

rig_check "ping a -> b" rig_ns a ping -c 5 -i 0.2 -W 2 198.51.100.2
rig_check "ping b -> a" rig_ns b ping -c 5 -i 0.2 -W 2 198.51.100.1
rig_check "arping a -> b" rig_ns a arping -c 3 -w 5 -I "$NS_A_DEV" 198.51.100.2
rig_check "ping -s 1472 (full-size frames)" rig_ns a ping -c 5 -i 0.2 -W 2 -s 1472 -M 'do' 198.51.100.2
too_big() { ! rig_ns a ping -c 1 -W 1 -s 1473 -M 'do' 198.51.100.2 >/dev/null 2>&1; }
rig_check "ping -s 1473 -M do refused locally" too_big

# 1000 ICMP payload bytes + 28 header + 14 Ethernet = 1042 bytes, one frame;
# permanent neighbours: no ARP re-validation crosses in the window.
rig_check "neighbours pinned" drv_pin_neigh
rig_expect_eq "one frame of 1042 bytes (no FCS) received" "1 1042" \
	"$(drv_ping_rx_bytes a b "$NS_B_DEV" 198.51.100.2 1000)"

drv_settle
rig_snap s1
drv_account s0 s1
drv_expect_snap s1 "no FCS errors on b" 0 b.rx_fcs_errors
drv_expect_snap s1 "no resync on a after open" 1 a.resyncs
drv_check_violations
drv_dump
drv_done
