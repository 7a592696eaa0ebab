#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Clock steps while a taprio schedule runs: the three-class 1 ms schedule of
# drv-tsn-taprio (full offload) on both boards, ping floods in all three
# classes from board 0 (board 1 replies in the same classes), and
# meanwhile on board 0 each of TSN_STEPS in turn: a phc_ctl command on its
# PHC (adj +1.0004 s, then set: to the system clock, an arbitrary step, the
# board's oscillator having drifted from it; adj +1 s and -1 s before those
# in the stress tier), then "replace": the schedule replaced under the
# traffic by one with the same cycle and the entries in another order. The
# schedule follows the PHC (taprio's base time is PHC time): a step of
# whole cycles leaves the gates where they were in the device's counter
# ticks, any other moves them. After each step the driver's PHC relation
# (debugfs) gives the schedule in counter ticks anew.
# Verdicts from the emulator's event stream: every frame sent started
# inside an open interval of its class and ended before it closed, board
# 0's frames in the schedule as it stood (emu-check with the schedules in
# order: frames follow them, never back), switching once per step that
# moved the gates and once at the replacement; no frame stuck (every frame
# the stack sent is accounted for, both ways); the driver counted every
# clock step (ptp_steps) and each class still carried frames after the
# last step; no protocol violation, no kernel report.
# rig-ci-env: TSN_SECS=8 TSN_STEPS=adj:1.0004,set,replace
# rig-stress-env: TSN_SECS=60 TSN_STEPS=adj:1,adj:-1,adj:1.0004,set,replace
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

STEPS=${TSN_STEPS:-adj:1.0004,set,replace}
STEPS=${STEPS//,/ }
# The replacing schedule: the same 1 ms cycle, class 2 first.
REPL_GATES="0x04:400000 0x01:300000 0x02:300000"
# steps: each of STEPS 1.5 s after the last (from the floods' start): a
# phc_ctl command, or "replace"; $RIG_TMP/step-N.txt gets its output and
# exit status, the gates in force after it and board 0's PHC relation
# (cnt0 ns0) read right after it.
steps() {
	local n=0 st g gates=$TSN_GATES
	for st in $STEPS; do
		n=$((n + 1))
		sleep 1.5
		if [ "$st" = replace ]; then
			gates=$REPL_GATES
			# shellcheck disable=SC2046 # the entries' words split on purpose
			tsn_taprio a "$NS_A_DEV" "${TSN_BASE[a]}" \
				$(for g in $gates; do echo "sched-entry S ${g%%:*} ${g#*:}"; done) \
				>"$RIG_TMP/step-$n.txt" 2>&1
		else
			# shellcheck disable=SC2086 # the command's words split on purpose
			phc_ctl -- "$phc" ${st//:/ } >"$RIG_TMP/step-$n.txt" 2>&1
		fi
		echo "rc=$?" >>"$RIG_TMP/step-$n.txt"
		echo "gates $gates" >>"$RIG_TMP/step-$n.txt"
		echo "relation $(rig_phc_scale 0)" >>"$RIG_TMP/step-$n.txt"
	done
}
# shellcheck disable=SC2034 # filled and read by name (rig_snap, drv_account)
declare -A s0 s1
drv_settle
rig_stream_start "$ev"
rig_snap s0
# The floods (from board 0; board 1's replies load all its classes too)
# run until the steps are done and 1.5 s more, and for TSN_SECS at least:
# under floods the emulated CPU runs the steps' sleeps and programs seconds
# late (with floods from both sides, a tc replace took 15 s, and the last
# step once came after 8 s of floods had ended).
t0=$SECONDS
tsn_floods 600 a >"$RIG_TMP/floods.txt" 2>&1 &
floods=$!
steps
sleep 1.5
while [ $((SECONDS - t0)) -lt "$secs" ]; do sleep 0.5; done
# SIGINT to every ping: each prints its statistics and ends, and
# tsn_floods with them.
rig_kill_comm INT ping
wait $floods
cat "$RIG_TMP/floods.txt"
echo "floods: $((SECONDS - t0)) s"
drv_settle
rig_snap s1
rig_stream_stop
echo "stream: $(wc -l <"$ev") lines"
# Each step succeeded. Board 0's schedules in the order the steps brought
# them, each in counter ticks from the relation read after its step; a
# clock step that left the gates' phase as it was adds none.
read -r _ base0 <<<"$(grep '^base ' "$RIG_TMP/sched0.txt")"
cyc=$((TSN_CYCLE / 10))
scheds0=(--schedule "$RIG_TMP/sched0.txt")
phase=$((base0 % cyc)) moves=0 nclock=0
n=0
for st in $STEPS; do
	n=$((n + 1))
	cat "$RIG_TMP/step-$n.txt"
	rig_expect_eq "step $n ($st) succeeded" 1 "$(grep -c '^rc=0$' "$RIG_TMP/step-$n.txt")"
	[ "$st" = replace ] || nclock=$((nclock + 1))
	read -r _ cnt0 ns0 _ <<<"$(grep '^relation ' "$RIG_TMP/step-$n.txt")"
	gates=$(sed -n 's/^gates //p' "$RIG_TMP/step-$n.txt")
	# shellcheck disable=SC2086 # the gates are a word list
	rig_sched_file 0 "${TSN_BASE[a]}" "${cnt0:-0}" "${ns0:-0}" "$RIG_TMP/sched0-$n.txt" $gates >/dev/null
	read -r _ b <<<"$(grep '^base ' "$RIG_TMP/sched0-$n.txt")"
	[ "$st" != replace ] && [ $((b % cyc)) = $phase ] && continue
	phase=$((b % cyc)) moves=$((moves + 1))
	scheds0+=(--schedule "$RIG_TMP/sched0-$n.txt")
done
drv_expect_delta s0 s1 "board 0: every clock step counted (ptp_steps)" "$nclock" a.ptp_steps

for b in 0 1; do
	tsn_lead_report $b "$ev"
	scheds=(--schedule "$RIG_TMP/sched$b.txt")
	[ $b = 0 ] && scheds=("${scheds0[@]}")
	out=$(emu-check --any-start --strict-end "${scheds[@]}" "$ev")
	rc=$?
	echo "$out"
	rig_expect_eq "board $b: every frame inside an open interval of its class, whole, across the steps (emu-check --schedule)" 0 "$rc"
	[ $b = 0 ] && out0=$out
done
# Board 0's switches: one per step that moved the gates.
switches=$(grep -c '^schedule b=0: ' <<<"$out0")
rig_expect_eq "board 0: its frames switched schedule once per step that moved the gates, and at the replacement" "$moves" "$switches"
# Frames of each class of board 0 after the last switch (the last step).
last=$(sed -n 's/^schedule b=0: .* from seq \([0-9]*\) .*/\1/p' <<<"$out0" | tail -n 1)
for tc in 0 1 2; do
	n=$(awk -v s="${last:-999999999}" -v tc=$tc '$3 == "launch" && $4 == "b=0" {
		for (i = 5; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
		if (f["seq"] + 0 >= s && f["prio"] == tc && (f["verdict"] == "window" || f["verdict"] == "delay")) n++
	} END { print n + 0 }' "$ev")
	rig_expect_ge "board 0 class $tc: frames sent after the last step" 10 "$n"
done
rig_check "every frame accounted for, both ways" drv_account s0 s1

tsn_remove_root taprio
drv_check_violations
drv_done
