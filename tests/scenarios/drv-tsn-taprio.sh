#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# taprio full offload (flags 0x2), as TSNLab's recipe (a) sets it up, on
# both boards: three traffic classes, one TX queue each, a 1 ms cycle of
# three entries (class 0 for 300 us, class 1 for 300 us, class 2 for
# 400 us). Refused schedules first, each with its extack message and the
# old schedule left running. Then ping floods in all three classes from
# both sides (TOS 0x10 -> priority 6 -> class 0; TOS 0x08 -> priority 2 ->
# class 1, 1000-byte payloads; the rest, replies included -> class 2) while
# the emulator's event stream is read. Verdicts from the stream (emu-check
# --schedule, one run per board with that board's counter ticks): every
# frame started while its class's gate was open and ended before it closed;
# each class carried frames; a frame the device dropped reached it only
# after its window and its retry window (the next interval of its class)
# had passed (the VM's bus and thread are slow at times: a figure, printed); the driver's per-class counts (ethtool -S
# tcN_frames) equal the stream's; every frame the stack sent is accounted
# for (drv_account, gate drops included).
# rig-ci-env: TSN_SECS=6
# rig-stress-env: TSN_SECS=60
# rig-budget: 120
# rig-stress-budget: 300
. /rig/lib.sh
. ./drv-lib.sh
. ./drv-tsn-lib.sh

secs=${TSN_SECS:-6}
ev=$RIG_TMP/events.txt

rig_netns_pair || { rig_fail "netns pair"; drv_done; exit 1; }
rig_check "neighbours pinned" drv_pin_neigh

# shellcheck disable=SC2086 # TSN_GATES is a word list
tsn_schedules tsn_taprio_install $TSN_CYCLE $TSN_GATES
ip netns exec a tc qdisc show dev "$NS_A_DEV"

# Refusals, each with what to change; the schedule in force keeps running
# (the traffic below is checked against it).
refused() {
	local what=$1 want=$2 out
	shift 2
	out=$(tsn_taprio a "$NS_A_DEV" "${TSN_BASE[a]}" "$@")
	rig_expect_eq "refused: $what" 1 "$(grep -c -- "$want" <<<"$out")"
	echo "  tc said: $out"
}
# shellcheck disable=SC2086
refused "a cycle-time extension" "cycle-time-extension is not supported" $TSN_ENTRIES cycle-time-extension 1000
refused "an interval shorter than a minimum frame" "shorter than a minimum frame" \
	sched-entry S 01 5000 sched-entry S 06 995000
# shellcheck disable=SC2086
refused "a cycle longer than 1 s" "longer than 1 s" $TSN_ENTRIES cycle-time 2000000000

# Quiet, then start the stream after everything before the schedule.
declare -A s0 s1
tsn_traffic "$ev" "$secs" s0 s1

for b in 0 1; do
	side=a
	[ $b = 1 ] && side=b
	out=$(emu-check --any-start --strict-end --schedule "$RIG_TMP/sched$b.txt" "$ev")
	rc=$?
	echo "$out"
	rig_expect_eq "board $b: every frame inside an open interval of its class, whole (emu-check --schedule)" 0 "$rc"
	for tc in 0 1 2; do
		frames=$(tsn_class_field "$out" $b $tc frames)
		dropped=$(tsn_class_field "$out" $b $tc dropped)
		rig_expect_ge "board $b class $tc: frames sent" $((secs * 20)) "${frames:-0}"
		echo "board $b class $tc: $dropped frames reached the device after their last start and were dropped"
		rig_expect_eq "board $b class $tc: the driver's count (tc${tc}_frames) = the stream's" \
			"${frames:-missing}" "$((${s1[$side.tc${tc}_frames]:-0} - ${s0[$side.tc${tc}_frames]:-0}))"
	done
	rig_expect_eq "board $b: classes beyond 2 in the stream" 0 \
		"$(grep "^class b=$b " <<<"$out" | grep -vc ' prio=[012] ')"
done
rig_check "every frame accounted for, both ways" drv_account s0 s1
rig_expect_eq "a: no frame dropped for a closed gate" 0 \
	"$((${s1[a.tx_drop_gate_closed]:-1} - ${s0[a.tx_drop_gate_closed]:-0}))"

tsn_remove_root taprio
drv_check_violations
drv_done
