#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Clock steps while a taprio schedule runs: the three-class 1 ms schedule of
# drv-tsn-taprio (full offload) on both boards, ping floods in all three
# classes from both sides, and meanwhile board 0's PHC stepped by +1 s and
# then -1 s (phc_ctl adj). A step of whole cycles leaves the gates where
# they were in the device's counter ticks, so one schedule file holds for
# the whole run. Verdicts from the emulator's event stream: every frame sent
# started inside an open interval of its class and ended before it closed
# (emu-check --schedule, both boards, the steps included); no frame stuck
# (every frame the stack sent is accounted for, both ways); the driver
# counted both steps (ptp_steps) and each class still carried frames after
# them; no protocol violation, no kernel report.
# rig-ci-env: TSN_SECS=8
# rig-stress-env: TSN_SECS=60
# rig-budget: 120
# rig-stress-budget: 300
. /rig/lib.sh
. ./drv-lib.sh
. ./drv-tsn-lib.sh

secs=${TSN_SECS:-8}
ev=$RIG_TMP/events.txt

rig_netns_pair || { rig_fail "netns pair"; drv_done; exit 1; }
rig_check "neighbours pinned" drv_pin_neigh
phc=$(rig_phc a "$NS_A_DEV")
rig_check "board 0 has a PHC ($phc)" test -n "$phc"

# shellcheck disable=SC2086 # TSN_GATES is a word list
tsn_schedules tsn_taprio_install $TSN_CYCLE $TSN_GATES

# steps: +1 s two seconds into the floods, -1 s two seconds later; each
# phc_ctl's output in $RIG_TMP/step-N.txt with its exit status.
steps() {
	sleep 2
	rig_ns a phc_ctl -- "$phc" adj 1 >"$RIG_TMP/step-1.txt" 2>&1
	echo "rc=$?" >>"$RIG_TMP/step-1.txt"
	sleep 2
	rig_ns a phc_ctl -- "$phc" adj -1 >"$RIG_TMP/step-2.txt" 2>&1
	echo "rc=$?" >>"$RIG_TMP/step-2.txt"
}

# shellcheck disable=SC2034 # filled and read by name (rig_snap, drv_account)
declare -A s0 s1
drv_settle
rig_stream_start "$ev"
rig_snap s0
steps0=$(rig_ns a ethtool -S "$NS_A_DEV" | sed -n 's/^ *ptp_steps: //p')
steps &
stepper=$!
tsn_floods "$secs"
wait $stepper
drv_settle
rig_snap s1
steps1=$(rig_ns a ethtool -S "$NS_A_DEV" | sed -n 's/^ *ptp_steps: //p')
rig_stream_stop
echo "stream: $(wc -l <"$ev") lines"
for n in 1 2; do
	cat "$RIG_TMP/step-$n.txt"
	rig_expect_eq "step $n: phc_ctl succeeded" 1 "$(grep -c '^rc=0$' "$RIG_TMP/step-$n.txt")"
done
rig_expect_eq "board 0: both steps counted (ptp_steps)" 2 "$((${steps1:-0} - ${steps0:-0}))"

for b in 0 1; do
	tsn_lead_report $b "$ev"
	out=$(emu-check --any-start --strict-end --schedule "$RIG_TMP/sched$b.txt" "$ev")
	rc=$?
	echo "$out"
	rig_expect_eq "board $b: every frame inside an open interval of its class, whole, across the steps (emu-check --schedule)" 0 "$rc"
done
# Frames of each class of board 0 after the second step (its stream time:
# the step's host time is after the floods' start + 4 s).
first=$(awk '$3 == "launch" { print $2; exit }' "$ev")
for tc in 0 1 2; do
	n=$(awk -v t=$((first + 4500000000)) -v tc=$tc '$3 == "launch" && $4 == "b=0" && $2 > t {
		for (i = 5; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
		if (f["prio"] == tc && (f["verdict"] == "window" || f["verdict"] == "delay")) n++
	} END { print n + 0 }' "$ev")
	rig_expect_ge "board 0 class $tc: frames sent after the steps" 10 "$n"
done
rig_check "every frame accounted for, both ways" drv_account s0 s1

tsn_remove_root taprio
drv_check_violations
drv_done
