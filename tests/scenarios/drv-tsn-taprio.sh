#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# taprio full offload (flags 0x2), as TSNLab's recipe (a) sets it up, on
# both boards: three traffic classes, one TX queue each, and the schedules
# of TSN_SCHEDULES one after the other, each replacing the one before
# (schedules separated by '/', entries MASK:NS by ',', the cycle their sum).
# By default a 1 ms cycle of three entries (class 0 for 300 us, class 1 for
# 300 us, class 2 for 400 us); the stress tier adds a 200 us cycle of two
# entries (classes 0 and 1 together for 100 us, class 2 for 100 us) and a 10
# ms cycle of four (2, 3 and 4 ms, then all three classes for 1 ms); the CI
# tier runs only those two (drv-tsn-steps runs the 1 ms schedule under
# floods, with the same verdicts, in CI). Refused schedules first, each with
# its whole extack message (none cut to NL_SET_ERR_MSG_FMT's 80 bytes) and
# the old schedule left running. Then, for each schedule, ping floods in all
# three classes from both sides (TOS 0x10 -> priority 6 -> class 0; TOS 0x08
# -> priority 2 -> class 1, 1000-byte payloads; the rest, replies included
# -> class 2) while the emulator's event stream is read. Verdicts from the
# stream (emu-check --schedule, one run per board with that board's counter
# ticks): every frame started while its class's gate was open and ended
# before it closed; each class carried frames; a frame the device dropped
# reached it only after its window and its retry window (the next interval
# of its class) had passed (the VM's bus and thread are slow at times: a
# figure, printed); the driver's per-class counts (ethtool -S tcN_frames)
# equal the stream's; every frame the stack sent is accounted for
# (drv_account, gate drops included).
# rig-ci-env: TSN_SECS=4 TSN_SCHEDULES=0x03:100000,0x04:100000/0x01:2000000,0x02:3000000,0x04:4000000,0x07:1000000
# rig-stress-env: TSN_SECS=60 TSN_SCHEDULES=0x01:300000,0x02:300000,0x04:400000/0x03:100000,0x04:100000/0x01:2000000,0x02:3000000,0x04:4000000,0x07:1000000
# rig-budget: 180
# rig-stress-budget: 900
. /rig/lib.sh
. ./drv-lib.sh
. ./drv-tsn-lib.sh

secs=${TSN_SECS:-4}
schedules=${TSN_SCHEDULES:-0x03:100000,0x04:100000/0x01:2000000,0x02:3000000,0x04:4000000,0x07:1000000}
ev=$RIG_TMP/events.txt

rig_netns_pair || { rig_fail "netns pair"; drv_done; exit 1; }
rig_check "neighbours pinned" drv_pin_neigh

# Refusals, each with what to change; the schedule in force keeps running
# (the traffic after them is checked against it).
refused() {
	local what=$1 want=$2 out
	shift 2
	out=$(tsn_taprio a "$NS_A_DEV" "${TSN_BASE[a]}" "$@")
	rig_expect_eq "refused: $what" 1 "$(grep -c -- "$want" <<<"$out")"
	echo "  tc said: $out"
}

# run_schedule N: install TSN_GATES on both boards (replacing what runs),
# floods, the verdicts; N counts the schedules (refusals with the first).
run_schedule() {
	local n=$1 b side tc out rc frames dropped tag why before
	tag="[$((TSN_CYCLE / 1000)) us cycle, $(wc -w <<<"$TSN_GATES") entries]"
	echo "---- schedule $n $tag: $TSN_ENTRIES"
	# shellcheck disable=SC2086 # TSN_GATES is a word list
	tsn_schedules tsn_taprio_install $TSN_CYCLE $TSN_GATES
	rig_ns a tc qdisc show dev "$NS_A_DEV"
	if [ "$n" = 1 ]; then
		# shellcheck disable=SC2086
		refused "a cycle-time extension" "^Error: cycle-time-extension is not supported: leave it out\.\?$" \
			$TSN_ENTRIES cycle-time-extension 1000
		refused "an interval shorter than a minimum frame" \
			"^Error: a sched-entry interval is shorter than a minimum frame at 100 Mb/s: make it at least 6720 ns\.\?$" \
			sched-entry S 01 5000 sched-entry S 06 995000
		# shellcheck disable=SC2086
		refused "a cycle longer than 1 s" "^Error: cycle-time is longer than 1 s: shorten the schedule\.\?$" \
			$TSN_ENTRIES cycle-time 2000000000
		rig_expect_eq "no extack cut short (truncated extack in the kernel log)" 0 \
			"$(dmesg | grep -c 'truncated extack')"
		# etf under a gated class: etf has no extack, so tc says only
		# that the device failed; the kernel log says why.
		why="etf offload on queue 0 refused: etf under a taprio full offload is not supported"
		before=$(dmesg | grep -c "$why")
		out=$(rig_ns a tc qdisc replace dev "$NS_A_DEV" parent 100:1 etf \
			clockid CLOCK_TAI delta 2000000 offload 2>&1)
		rig_expect_eq "refused: etf on a class taprio gates, the reason logged ($out)" 1 \
			"$(($(dmesg | grep -c "$why") - before))"
	fi

	# Quiet, then start the stream after everything before the schedule.
	declare -A s0 s1
	tsn_traffic "$ev" "$secs" s0 s1

	for b in 0 1; do
		side=a
		[ $b = 1 ] && side=b
		out=$(emu-check --any-start --strict-end --schedule "$RIG_TMP/sched$b.txt" "$ev")
		rc=$?
		echo "$out"
		rig_expect_eq "$tag board $b: every frame inside an open interval of its class, whole (emu-check --schedule)" 0 "$rc"
		for tc in 0 1 2; do
			frames=$(tsn_class_field "$out" $b $tc frames)
			dropped=$(tsn_class_field "$out" $b $tc dropped)
			rig_expect_ge "$tag board $b class $tc: frames sent" $((secs * 20)) "${frames:-0}"
			echo "$tag board $b class $tc: $dropped frames reached the device after their last start and were dropped"
			rig_expect_eq "$tag board $b class $tc: the driver's count (tc${tc}_frames) = the stream's" \
				"${frames:-missing}" "$((${s1[$side.tc${tc}_frames]:-0} - ${s0[$side.tc${tc}_frames]:-0}))"
		done
		rig_expect_eq "$tag board $b: classes beyond 2 in the stream" 0 \
			"$(grep "^class b=$b " <<<"$out" | grep -vc ' prio=[012] ')"
	done
	rig_check "$tag every frame accounted for, both ways" drv_account s0 s1
	rig_expect_eq "$tag a: no frame dropped for a closed gate" 0 \
		"$((${s1[a.tx_drop_gate_closed]:-1} - ${s0[a.tx_drop_gate_closed]:-0}))"
}

n=0
IFS=/ read -ra sched_list <<<"$schedules"
for sched in "${sched_list[@]}"; do
	n=$((n + 1))
	# shellcheck disable=SC2086 # the entries are a word list
	tsn_use_gates ${sched//,/ }
	run_schedule $n
done

tsn_remove_root taprio
drv_check_violations
drv_done
