#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# TSNLab's recipe (b): taprio in txtime-assist mode (flags 0x1, clockid
# CLOCK_TAI, txtime-delay 8 ms, every class on queue 0, stab overhead 24)
# with an etf child (delta 4 ms, offload, skip_sock_check) on both boards
# (etf's delta below taprio's delay, so that etf holds frames long enough
# to hand them over in launch order, docs/tsn.md):
# taprio gives every frame a launch time inside its class's interval, the
# driver has the device start it exactly then. Each board's oscillator is
# set to its nominal rate and each PHC put on the system clock first by
# phc2sys, then left at its nominal rate (the VM's TAI offset is 0), so that taprio's TAI times are PHC times for the
# whole run without phc2sys changing the PHC's rate under the schedule
# file's ticks. Three classes, a 1 ms cycle of three entries, ping
# floods in all three from both sides, as drv-tsn-taprio.sh. Verdicts from
# the emulator's event stream, per board: every frame sent started on its
# launch tick (emu-check --etf) inside an open interval of its class and
# ended before it closed (--schedule); each class carried frames; the
# frames the device decided on equal the driver's count (tc0_frames: all
# classes share queue 0); every frame accounted for (drv_account, etf's
# and the driver's drops included). Figures: frames the driver dropped as
# too late, frames the device got after their tick.
# rig-ci-env: TSN_SECS=6
# rig-stress-env: TSN_SECS=60
# rig-budget: 120
# rig-stress-budget: 300
. /rig/lib.sh
. ./drv-lib.sh
. ./drv-tsn-lib.sh

secs=${TSN_SECS:-6}
D=$EMU_DEBUGFS
ev=$RIG_TMP/events.txt

rig_netns_pair || { rig_fail "netns pair"; drv_done; exit 1; }
rig_check "neighbours pinned" drv_pin_neigh

# taprio NS DEV BASE [extra...]: the schedule, txtime-assist, with etf.
taprio() {
	local ns=$1 dev=$2 base=$3
	shift 3
	# shellcheck disable=SC2086 # TSN_MAP is a word list
	rig_ns "$ns" tc qdisc replace dev "$dev" parent root handle 100 stab overhead 24 taprio \
		num_tc 3 map $TSN_MAP queues 1@0 1@0 1@0 base-time "$base" "$@" \
		clockid CLOCK_TAI flags 0x1 txtime-delay 8000000 2>&1 &&
		rig_ns "$ns" tc qdisc replace dev "$dev" parent 100:1 etf \
			clockid CLOCK_TAI delta 4000000 offload skip_sock_check 2>&1
}

for side in a b; do
	b=0
	[ $side = b ] && b=1
	dev=$(rig_side_dev $side)
	phc=$(rig_phc $side "$dev")
	# The board's oscillator at its nominal rate, so that the PHC, left
	# at its nominal rate too (the schedule file is in counter ticks),
	# keeps to the system clock that taprio and etf run on; a real board
	# needs phc2sys for that.
	rig_check "board $b: oscillator at its nominal rate" sh -c "echo 0 >$D/board$b/freq_ppb"
	# phc2sys for a few seconds puts the PHC on the system clock to a few
	# microseconds (a plain set lands a bus transaction off); then the
	# nominal rate again.
	rig_ns_exec $side phc2sys -s CLOCK_REALTIME -c "$dev" -O 0 -R 8 -m -q >"$RIG_TMP/phc2sys-$side.txt" 2>&1 &
	p2s=$!
	sleep 4
	kill $p2s
	wait $p2s 2>/dev/null
	tail -n 1 "$RIG_TMP/phc2sys-$side.txt"
	rig_check "$side: PHC $phc back at its nominal rate" rig_ns $side phc_ctl -q "$phc" freq 0
	rig_ns $side phc_ctl "$phc" cmp
done

# install NS DEV BASE: the schedule, txtime-assist, with etf.
install() {
	# shellcheck disable=SC2086 # TSN_ENTRIES is a word list
	taprio "$@" $TSN_ENTRIES
}
# shellcheck disable=SC2086 # TSN_GATES is a word list
tsn_schedules install $TSN_CYCLE $TSN_GATES
rig_ns a tc qdisc show dev "$NS_A_DEV"

# Quiet, then start the stream after everything before the schedule.
declare -A s0 s1
tsn_traffic "$ev" "$secs" s0 s1

for b in 0 1; do
	side=a
	[ $b = 1 ] && side=b
	out=$(emu-check --any-start --strict-end --schedule "$RIG_TMP/sched$b.txt" --etf 0,1,2 "$ev")
	rc=$?
	echo "$out"
	rig_expect_eq "board $b: every frame on its launch tick, inside an open interval of its class, whole (emu-check --schedule --etf)" 0 "$rc"
	decided=0
	for tc in 0 1 2; do
		frames=$(tsn_class_field "$out" $b $tc frames)
		dropped=$(tsn_class_field "$out" $b $tc dropped)
		rig_expect_ge "board $b class $tc: frames sent" $((secs * 10)) "${frames:-0}"
		echo "FIGURE: board $b class $tc: $dropped frames reached the device after their launch tick and were dropped"
		decided=$((decided + ${frames:-0}))
	done
	rig_expect_eq "board $b: frames the device decided on = the driver's (tc0_frames, one queue)" \
		"$decided" "$((${s1[$side.tc0_frames]:-0} - ${s0[$side.tc0_frames]:-0}))"
	echo "FIGURE: board $b: $((${s1[$side.tx_drop_launch_late]:-0} - ${s0[$side.tx_drop_launch_late]:-0})) frames dropped by the driver as too late, $((${s1[$side.qdisc_dropped]:-0} - ${s0[$side.qdisc_dropped]:-0})) by the qdiscs"
	rig_expect_eq "board $b: classes beyond 2 in the stream" 0 \
		"$(grep "^class b=$b " <<<"$out" | grep -vc ' prio=[012] ')"
done
rig_check "every frame accounted for, both ways" drv_account s0 s1

tsn_remove_root taprio
drv_check_violations
drv_done
