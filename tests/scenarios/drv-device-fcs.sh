#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The device-appends-FCS Alternative: emulator boards with device_fcs=1
# carry "tsnlab,tx-fcs-by-device" as the overlay would. The driver must then
# send frame_length without the FCS and no FCS bytes: a driver that still
# appended its own FCS would make every frame arrive 4 bytes too long (the
# emulator cannot tell those bytes from payload), which the byte counts
# below catch. Full-size frames and floods pass, every frame accounted for;
# no violation, no loss.
# rig-args: --emu-args "device_fcs=1"
# rig-ci-env: DRV_FCS_FLOOD=300
# rig-stress-env: DRV_FCS_FLOOD=3000
# rig-budget: 90
# rig-stress-budget: 240
. /rig/lib.sh
. ./drv-lib.sh

flood=${DRV_FCS_FLOOD:-300}
# shellcheck disable=SC2034 # filled and read by name (rig_snap, drv_account)
declare -A s0 s1

# The rig writes this scenario's RIG-BEGIN before it loads the modules, so
# both boards' probe messages are in this scenario's part of the log.
probe_says() { [ "$(rig_dmesg_since_start | grep -c "TX FCS by the device")" = 2 ]; }
rig_check "probe reports for both boards that the device appends the TX FCS" probe_says
rig_check "netns pair up" rig_netns_pair
# Permanent neighbours: no ARP re-validation inside the counting windows.
rig_check "neighbours pinned" drv_pin_neigh
rig_check "ping a -> b" rig_ns a ping -c 5 -i 0.2 -W 2 198.51.100.2
rig_check "ping b -> a" rig_ns b ping -c 5 -i 0.2 -W 2 198.51.100.1
drv_settle
rig_snap s0
# 14 Ethernet + 28 IP/ICMP + payload, exactly, in one frame each way.
rig_expect_eq "a -> b: 1000-byte ping is one 1042-byte frame" "1 1042" \
	"$(drv_ping_rx_bytes a b "$NS_B_DEV" 198.51.100.2 1000)"
rig_expect_eq "b -> a: 1472-byte ping is one 1514-byte frame" "1 1514" \
	"$(drv_ping_rx_bytes b a "$NS_A_DEV" 198.51.100.1 1472)"
rig_expect_eq "a -> b: 10-byte ping is one frame padded to 60 bytes" "1 60" \
	"$(drv_ping_rx_bytes a b "$NS_B_DEV" 198.51.100.2 10)"
rig_ns a ping -f -q -c "$flood" -s 1472 -W 2 198.51.100.2 >"$RIG_TMP/flood.txt" 2>&1
tail -n 2 "$RIG_TMP/flood.txt"
drv_expect_all_answered "full-size flood a -> b" "$RIG_TMP/flood.txt" "$flood"
drv_settle
rig_snap s1
# Three single pings and the flood, a request and a reply each, nothing
# else: each side handed its driver 3 + flood frames.
drv_expect_delta s0 s1 "a: frames from the stack, only the pings'" $((3 + flood)) a.qdisc_sent
drv_expect_delta s0 s1 "b: frames from the stack, only the pings'" $((3 + flood)) b.qdisc_sent
drv_account s0 s1
drv_check_no_loss
drv_check_violations
drv_dump
drv_done
