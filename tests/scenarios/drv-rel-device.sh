#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Reliability: the device itself misbehaves under ping floods both ways.
# A transmitter stuck for 4 s (twice LAN1QTSN_TX_STUCK_MS); a device reset
# mid-traffic; a reset after which the device ignores every command for
# 300 ms; and a device that vanishes for 5 s (MISO stuck at 0xff: it reads
# as all ones and hears nothing) and comes back: carrier off with exactly
# one "device lost" line, carrier on with one "device answers again" line,
# by itself. Then, idle, a resync that keeps failing after the device
# identified itself: the tries back off and say so. Every frame is delivered or counted;
# one REL: line per phase (drv-rel-lib.sh). The CI tier runs the sequence once, the stress tier
# REL_DEVICE_ROUNDS times (the phases run for fixed times, so the flood
# count does not lengthen them).
# rig-ci-env: REL_FLOOD=120 REL_PROBES=120 REL_DEVICE_ROUNDS=1
# rig-stress-env: REL_FLOOD=2000 REL_PROBES=300 REL_DEVICE_ROUNDS=5
# rig-budget: 240
# rig-stress-budget: 1200
. /rig/lib.sh
. ./drv-lib.sh
. ./drv-rel-lib.sh

rig_netns_pair || { rig_fail "netns pair"; rig_done; exit 1; }
rig_check "neighbours pinned" drv_pin_neigh

carrier_a() { rig_ns_cat a "/sys/class/net/$NS_A_DEV/carrier" 2>/dev/null; }

rounds=${REL_DEVICE_ROUNDS:-1}
# shellcheck disable=SC2034 # read by name (drv_terms)
declare -A rel_start
rig_snap rel_start
for ((round = 1; round <= rounds; round++)); do
	echo "round $round of $rounds"
	# TX stuck: counted, resynchronised; the frames the device held are
	# released late (window passed) and counted by the device.
	rel_begin
	rel_floods_start 8
	sleep 1
	rel_set fault_tx_stuck 1 0
	sleep 4
	rel_set fault_tx_stuck 0 0
	t0=$(rig_now_ns 1000000)
	rel_probe_start
	rel_floods_wait
	rel_end tx_stuck "4 s" "floods 8 s both ways" "$t0"
	drv_terms rel0 rel1 a.tx_stuck
	rig_expect_ge "stuck TX detected [$DRV_TERMS]" 1 "$DRV_SUM"
	# The resets of earlier rounds may have left their races.
	drv_terms rel_start rel1 e0.fault_reset
	rel_reset_violations "$DRV_SUM"

	# Reset mid-traffic, with and without a deaf period. The frames a reset
	# empties from the RX FIFO are counted by the device (rx_dropped_reset).
	for deaf in 0 300; do
		rel_set fault_reset_deaf_ms "$deaf" 0
		rel_begin
		rel_floods_start 5
		sleep 1
		rel_set fault_reset 1 0
		t0=$(rig_now_ns 1000000)
		rel_probe_start
		rel_floods_wait
		rel_end "reset_deaf_${deaf}ms" "1 reset" "floods 5 s both ways" "$t0"
		drv_terms rel0 rel1 a.device_resets a.resyncs
		rig_expect_ge "reset noticed [$DRV_TERMS]" 1 "$DRV_SUM"
	done
	rel_set fault_reset_deaf_ms 0 0

	# Vanish for 5 s.
	lost0=$(rig_dmesg_since_start | grep -c "$NS_A_DEV: device lost")
	back0=$(rig_dmesg_since_start | grep -c "$NS_A_DEV: device answers again")
	rel_begin
	rel_floods_start 9
	sleep 1
	rel_set fault_miso_stuck 2 0
	sleep 3
	rig_expect_eq "carrier off while the device is gone" 0 "$(carrier_a)"
	sleep 2
	rel_set fault_miso_stuck 0 0
	t0=$(rig_now_ns 1000000)
	rel_probe_start
	for ((i = 0; i < 30; i++)); do
		[ "$(carrier_a)" = 1 ] && break
		sleep 0.1
	done
	rig_expect_eq "carrier back by itself within 3 s" 1 "$(carrier_a)"
	rel_floods_wait
	rel_end vanish "5 s" "floods 9 s both ways" "$t0"
	lost=$(rig_dmesg_since_start | grep -c "$NS_A_DEV: device lost")
	back=$(rig_dmesg_since_start | grep -c "$NS_A_DEV: device answers again")
	rig_expect_eq "one 'device lost' line" 1 $((lost - lost0))
	rig_expect_eq "one 'device answers again' line" 1 $((back - back0))
	rig_dmesg_since_start | grep -E "$NS_A_DEV: device (lost|answers)"
	drv_expect_delta rel0 rel1 "device_lost counted once" 1 a.device_lost
	drv_expect_delta rel0 rel1 "device_back counted once" 1 a.device_back
	drv_terms rel_start rel1 e0.fault_reset
	rel_reset_violations "$DRV_SUM"
done

# A resync that fails after the device identified itself, every time
# (board 0 fails every write of TSN_SYSTEM_CONTROL_L, fault_addr_eio
# 0x4294; a device reset makes the driver resync). The device stays ready
# (carrier on); from the 8th such failure (LAN1QTSN_RESYNC_FLAKY_BACKOFF)
# the tries back off to one a second and one line says so; one line says
# when a resync succeeds again. Without the back-off the driver retried at
# once, for ever and silently (hundreds of resyncs a second).
flaky_line="$NS_A_DEV: resync failed 8 times after the device identified itself"
ok_line="$NS_A_DEV: resync succeeded after"
flaky0=$(rig_dmesg_since_start | grep -c "$flaky_line")
ok0=$(rig_dmesg_since_start | grep -c "$ok_line")
notime_line="$NS_A_DEV: PHC: .*: no time"
notime0=$(rig_dmesg_since_start | grep -c "$notime_line")
refused0=$(drv_ethtool_stat a ptp_refused)
f0=$(drv_ethtool_stat a resync_fails)
rel_set fault_addr_eio 0x4294 0
rel_set fault_reset 1 0
# The health check (once a second) finds the device disabled.
sleep 3
# A PHC read meanwhile is refused with EBUSY, which linuxptp's phc2sys (4.0
# and later) skips (any other error ends it). Up to three tries: a read
# that falls inside a resync's own few SPI messages (one a second now)
# finds no resync pending, reads the counter and is right to.
for _ in 1 2 3; do
	busy=$(rig_ns a phc_ctl "$NS_A_DEV" get 2>&1)
	grep -q "Device or resource busy" <<<"$busy" && break
done
# (phc_ctl reads the clock as it opens it: "cannot open /dev/ptpN for ...:
# Device or resource busy".)
rig_check "enable write failing: a PHC read is refused with EBUSY ($busy)" \
	grep -q "Device or resource busy" <<<"$busy"
f1=$(drv_ethtool_stat a resync_fails)
sleep 3
f2=$(drv_ethtool_stat a resync_fails)
rig_expect_eq "enable write failing: carrier stays on" 1 "$(carrier_a)"
rel_set fault_addr_eio 0 0
rig_expect_ge "enable write failing: resyncs failed in its first 3 s" 8 $((f1 - f0))
# At the 1 s ceiling 3 s hold 3 tries (4 if the doubling's 640 ms and
# 1000 ms steps straddle the mark); without the back-off, hundreds.
rig_expect_ge "enable write failing: at most 6 tries in the next 3 s (got $((f2 - f1)))" $((f2 - f1)) 6
for ((i = 0; i < 30; i++)); do
	[ "$(rig_dmesg_since_start | grep -c "$ok_line")" -gt "$ok0" ] && break
	sleep 0.1
done
rig_expect_eq "one 'resync failed 8 times' line" 1 \
	$(($(rig_dmesg_since_start | grep -c "$flaky_line") - flaky0))
rig_expect_eq "one 'resync succeeded' line once the write passes" 1 \
	$(($(rig_dmesg_since_start | grep -c "$ok_line") - ok0))
# The PTP worker's clock reads are refused while the resync is pending
# (counted), with no line of their own: the resync lines say it.
rig_expect_ge "PHC reads refused while the resync was pending" 1 \
	$(($(drv_ethtool_stat a ptp_refused) - refused0))
rig_expect_eq "no 'PHC: ... no time' line for a pending resync" 0 \
	$(($(rig_dmesg_since_start | grep -c "$notime_line") - notime0))
rig_dmesg_since_start | grep -E "$NS_A_DEV: resync (failed|succeeded)"
rig_check "enable write passes again: pings answered" \
	rig_ns a ping -n -c 3 -i 0.2 -W 1 198.51.100.2
rig_snap rel1
drv_terms rel_start rel1 e0.fault_reset
rel_reset_violations "$DRV_SUM"

drv_dump
drv_done
