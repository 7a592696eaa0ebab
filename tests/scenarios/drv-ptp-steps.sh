#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# PHC steps and rate changes under traffic: with ping floods both ways,
# hardware TX and RX timestamping on, the periodic output running and a
# stream of frames asking for TX timestamps (tools/tstamp-latency), board
# 0's PHC is set back to the epoch (phc_ctl set 0, as tc_taprio.sh's
# clock-jump test does), stepped +1 s and -1 s, run at +max_adj and -max_adj,
# and set back to the system's time. Then: no kernel report (the rig), every
# frame that asked got its TX timestamp and none timed out, every frame is
# delivered or counted (drv_account), the driver counted the steps and rate
# changes, and the pulses after the last change are one PHC second apart to
# the tick (the output was re-armed through every change). Its first round
# used to stall the whole VM for up to 35 s (a soft lockup report in idle):
# after "set 0" the next pulse lies years ahead, and the emulator's board
# timer, re-armed behind the hrtimer core's back, sat an hour out at the
# head of a CPU's queue (docs/emulator.md, "Time base").
# rig-ci-env: STEPS_ROUNDS=1
# rig-stress-env: STEPS_ROUNDS=5
# rig-budget: 150
# rig-stress-budget: 400
. /rig/lib.sh
. ./drv-lib.sh

rounds=${STEPS_ROUNDS:-1}
MAX_ADJ=100000000

rig_netns_pair || { rig_fail "netns pair"; rig_done; exit 1; }
rig_check "neighbours pinned" drv_pin_neigh
P=$(rig_phc a "$NS_A_DEV")
rig_check "board 0 has a PHC ($P)" test -c "$P"
if [ ! -c "$P" ]; then drv_done; exit 1; fi
rig_check "hardware TX and RX timestamping on (hwstamp_ctl)" \
	rig_ns a hwstamp_ctl -i "$NS_A_DEV" -t 1 -r 1
rig_check "periodic output of 1 s" testptp -d "$P" -p 1000000000

# shellcheck disable=SC2034 # read by name (rig_snap, drv_account, drv_terms)
declare -A s0 s1
drv_settle
rig_snap s0
# The changes, a second apart, while the traffic runs.
changes=(set0 adj+1 adj-1 freq+max freq-max freq0 setnow)
secs=$((rounds * ${#changes[@]} + 4))
rig_ns_exec a ping -f -q -w "$secs" 198.51.100.2 >/dev/null 2>&1 &
f1=$!
rig_ns_exec b ping -f -q -s 1000 -w "$secs" 198.51.100.1 >/dev/null 2>&1 &
f2=$!
rig_ns_exec a tstamp-latency -i "$NS_A_DEV" -n $((secs * 40)) -g 20000 -t 1000 >"$RIG_TMP/txts.txt" 2>&1 &
tl=$!
sleep 1
for ((r = 0; r < rounds; r++)); do
	for c in "${changes[@]}"; do
		case $c in
		set0) out=$(phc_ctl -- "$P" set 0 2>&1) ;;
		adj+1) out=$(phc_ctl -- "$P" adj 1 2>&1) ;;
		adj-1) out=$(phc_ctl -- "$P" adj -1 2>&1) ;;
		freq+max) out=$(phc_ctl -- "$P" freq $MAX_ADJ 2>&1) ;;
		freq-max) out=$(phc_ctl -- "$P" freq -$MAX_ADJ 2>&1) ;;
		freq0) out=$(phc_ctl -- "$P" freq 0 2>&1) ;;
		setnow) out=$(phc_ctl -- "$P" set 2>&1) ;;
		esac
		rc=$?
		# "--": phc_ctl would take "-1" for an option.
		[ $rc = 0 ] || rig_fail "phc_ctl $c under traffic: $out"
		echo "phc_ctl $c at $(cut -d' ' -f1 /proc/uptime): $out"
		sleep 1
	done
done
rig_pass "$rounds round(s) of ${changes[*]} under floods both ways"
wait $f1 $f2
wait $tl
rc=$?
# Its delays mean nothing across steps (it places each stamp through a PHC
# read taken after it); only whether every stamp came counts.
cat "$RIG_TMP/txts.txt"
rig_expect_eq "every frame that asked got its TX timestamp (tstamp-latency exit status)" 0 "$rc"
# Pulses since the last change (setnow, then 3 s of floods): a PHC second
# apart, which at rate 0 is exactly 1e8 ticks.
sleep 3
txt=$(cat "$EMU_DEBUGFS/board0/pps_log")
read -r n bad <<<"$(echo "$txt" | awk '$1 != "#" { c[++n] = $2 }
	END { k = 0; b = 0; for (i = n - 3; i < n; i++) if (i >= 1) { k++; if (c[i + 1] - c[i] != 100000000) b++ }
		print k, b }')"
echo "$txt" | tail -n 5
rig_expect_ge "pulses after the last change" 3 "$n"
rig_expect_eq "the last pulses 1e8 ticks (a PHC second at rate 0) apart" 0 "$bad"
# With the PHC set back to 0 the output's next pulse lies years ahead; the
# PTP aux worker must still run every second (it keeps the counter/host
# relation fresh), not wait for that pulse: 3 s without any clock operation
# read the counter at least twice.
phc_ctl -- "$P" set 0 >/dev/null
r0=$(drv_ethtool_stat a ptp_counter_reads)
sleep 3
r1=$(drv_ethtool_stat a ptp_counter_reads)
rig_expect_ge "the aux worker kept running with the next pulse years ahead (counter reads in 3 s)" 2 $((r1 - r0))
phc_ctl -- "$P" set >/dev/null
testptp -d "$P" -p 0 >/dev/null

drv_settle
rig_snap s1
drv_account s0 s1
drv_terms s0 s1 a.tx_hwtstamp_timeouts a.tx_hwtstamp_skipped \
	a.tx_hwtstamp_errors a.tx_hwtstamp_flushed a.hwtstamp_no_clock
rig_expect_eq "the driver lost no TX timestamp [$DRV_TERMS]" 0 "$DRV_SUM"
drv_terms s0 s1 a.tx_hwtstamps a.tx_hwtstamp_rereads
echo "TX stamps delivered by a's driver: $DRV_TERMS"
drv_terms s0 s1 a.ptp_steps
rig_expect_ge "steps counted [$DRV_TERMS]" $((rounds * 4 + 2)) "$DRV_SUM"
drv_terms s0 s1 a.ptp_adjfine
rig_expect_ge "rate changes counted [$DRV_TERMS]" $((rounds * 3)) "$DRV_SUM"
drv_check_violations
drv_done
