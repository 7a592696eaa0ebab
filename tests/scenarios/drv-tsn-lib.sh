# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Helpers shared by the TSN scenarios (drv-tsn-*.sh); sourced after
# drv-lib.sh, not run. Scenario-local functions take no tsn_ prefix.

# The schedule the taprio scenarios run: three classes (priority 6 ->
# class 0, priority 2 -> class 1, the rest -> class 2), by default a 1 ms
# cycle of three entries (tsn_use_gates sets another); TSN_GATES as MASK:NS
# for rig_sched_file, TSN_ENTRIES for tc, TSN_CYCLE their sum.
# shellcheck disable=SC2034 # read by the scenarios
TSN_MAP="2 2 1 2 2 2 0 2 2 2 2 2 2 2 2 2"

# tsn_use_gates MASK:NS...: the schedule's entries (TSN_GATES, TSN_ENTRIES,
# TSN_CYCLE).
tsn_use_gates() {
	local g
	TSN_GATES="$*" TSN_CYCLE=0
	for g in "$@"; do
		TSN_CYCLE=$((TSN_CYCLE + ${g#*:}))
	done
	# shellcheck disable=SC2034 # read by the scenarios
	TSN_ENTRIES=$(for g in "$@"; do echo "sched-entry S ${g%%:*} ${g#*:}"; done | xargs)
}
tsn_use_gates 0x01:300000 0x02:300000 0x04:400000

# tsn_taprio NS DEV BASE [extra...]: taprio with the three classes (TSN_MAP,
# one queue each) and base time BASE on DEV in NS, full offload; EXTRA
# (entries and options) as tc takes them. Prints tc's output; its status.
tsn_taprio() {
	local ns=$1 dev=$2 base=$3
	shift 3
	# shellcheck disable=SC2086 # TSN_MAP is a word list
	rig_ns "$ns" tc qdisc replace dev "$dev" parent root handle 100 taprio \
		num_tc 3 map $TSN_MAP queues 1@0 1@1 1@2 base-time "$base" "$@" flags 0x2 2>&1
}

# tsn_taprio_install NS DEV BASE: the schedule both taprio scenarios run
# (TSN_ENTRIES), as tsn_schedules' INSTALL.
tsn_taprio_install() {
	# shellcheck disable=SC2086 # TSN_ENTRIES is a word list
	tsn_taprio "$@" $TSN_ENTRIES
}

# tsn_remove_root WHAT [SIDES]: the root qdisc (WHAT names it in the
# check) deleted on each side (default a b).
tsn_remove_root() {
	local side
	for side in ${2:-a b}; do
		rig_check "$side: $1 removed" rig_ns "$side" tc qdisc del dev "$(rig_side_dev "$side")" root
	done
}

# tsn_etf_class0 PRIO DELTA_NS: on side a, mqprio (hw 0) with priority
# PRIO alone in class 0 on queue 0 (the rest in class 1, queues 1-7) and an
# etf offload child on queue 0 (CLOCK_TAI, delta DELTA_NS), each a check.
tsn_etf_class0() {
	local map="" p
	for p in $(seq 0 15); do
		if [ "$p" = "$1" ]; then map+=" 0"; else map+=" 1"; fi
	done
	# shellcheck disable=SC2086 # the map is a word list
	rig_check "a: mqprio, priority $1 alone in class 0 on queue 0 (hw 0)" \
		rig_ns a tc qdisc replace dev "$NS_A_DEV" parent root handle 100 mqprio \
		num_tc 2 map $map queues 1@0 7@1 hw 0
	rig_check "a: etf offload on queue 0, delta $(($2 / 1000000)) ms" \
		rig_ns a tc qdisc replace dev "$NS_A_DEV" parent 100:1 etf \
		clockid CLOCK_TAI delta "$2" offload
}

# tsn_floods SECS [SIDES]: ping floods in three classes from SIDES (default
# both) at once: TOS 0x10 (priority 6), TOS 0x08 (priority 2, 1000-byte
# payloads), and plain (priority 0); output in $RIG_TMP/p-SIDE-N.txt.
tsn_floods() {
	local side peer pids=()
	for side in ${2:-a b}; do
		peer=198.51.100.2
		[ $side = b ] && peer=198.51.100.1
		rig_ns_exec $side ping -f -q -w "$1" -Q 0x10 $peer >"$RIG_TMP/p-$side-0.txt" 2>&1 &
		pids+=($!)
		rig_ns_exec $side ping -f -q -w "$1" -Q 0x08 -s 1000 $peer >"$RIG_TMP/p-$side-1.txt" 2>&1 &
		pids+=($!)
		rig_ns_exec $side ping -f -q -w "$1" $peer >"$RIG_TMP/p-$side-2.txt" 2>&1 &
		pids+=($!)
	done
	wait "${pids[@]}"
	tail -n 2 "$RIG_TMP"/p-*.txt
}

# tsn_lead_report B STREAM: the lead each of board B's frames had (its
# window's start minus its arrival in the device, ticks; negative: it came
# after the window opened), by verdict; and the check that the device
# dropped a frame only when it came to it after its last start (of its retry
# window, if it had one): the moment it could start it, its start_tick in
# the stream, which is its arrival (plus the launch latency) or, in this
# one-queue device, the end of the frame ahead of it on the wire, whichever
# is later. A frame can reach the device in time and still be dropped: the
# frames ahead of it in the queue kept the wire past its last start (seen in
# 2 of 3 stress runs, 1 frame each, 100 us intervals under floods); counted
# apart as a figure, since the driver's windows cannot help it.
tsn_lead_report() {
	local b=$1 ev=$2 lead=$RIG_TMP/lead$1.txt
	awk -v b="b=$b" '$3 == "launch" && $4 == b {
		for (i = 5; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
		m = 536870912; lead = (f["from"] - f["enq_tick"] % m + m) % m
		if (lead >= m / 2) lead -= m
		last = f["policy"] == 1 ? f["dto"] : f["to"]
		late = (f["enq_tick"] % m - last + m) % m
		if (late >= m / 2) late -= m
		seen = (f["start_tick"] % m - last + m) % m
		if (seen >= m / 2) seen -= m
		printf "%s %s %d %d %d\n", b, f["verdict"], lead, late, seen
	}' "$ev" | sort -k3 -n >"$lead"
	echo "board $b lead (ticks) by verdict: $(awk '{c[$2]++; if (!($2 in mn)) mn[$2] = $3; mx[$2] = $3}
		END {for (v in c) printf "%s n=%d min=%d max=%d; ", v, c[v], mn[v], mx[v]}' "$lead")"
	grep " drop " "$lead" | head -n 5
	echo "FIGURE: board $b: frames dropped although they reached the device before their last start" \
		"(held past it by the frame ahead on the wire or the launch latency): $(awk '$2 == "drop" && $4 <= 0 && $5 > 0' "$lead" | wc -l)"
	rig_expect_eq "board $b: frames dropped by the device that it came to before their last start" 0 \
		"$(awk '$2 == "drop" && $5 <= 0' "$lead" | wc -l)"
}

# tsn_violation_context OUT EV: for the first three violations emu-check
# printed in OUT, the launch lines of the stream EV from 40 lines before to
# 2 after the one it names ("(line N)"), so that a failure can be studied
# after the VM and its stream are gone.
tsn_violation_context() {
	local n
	for n in $(grep -o '(line [0-9]*)' <<<"$1" | tr -dc '0-9\n' | head -n 3); do
		echo "---- the stream around line $n"
		sed -n "$((n > 40 ? n - 40 : 1)),$((n + 2))p" "$2" | grep ' launch '
	done
}

# tsn_class_field OUT B PRIO FIELD: a field of emu-check's "class" line.
tsn_class_field() {
	grep "^class b=$2 prio=$3 " <<<"$1" | sed -n "s/.* $4=\([0-9]*\) .*/\1/p"
}

# tsn_schedules INSTALL CYCLE GATES...: on both boards, a taprio schedule
# whose base time is a cycle start just after the board's PHC relation's
# anchor (a tick >= cnt0 in the checker): INSTALL NS DEV BASE installs it
# (the scenario's function; its output is shown, its status checked), and
# $RIG_TMP/schedB.txt is emu-check's schedule for board B. The PHC must be
# at its nominal rate (checked). Sets TSN_BASE[a] and TSN_BASE[b].
declare -gA TSN_BASE
tsn_schedules() {
	local install=$1 cycle=$2 side b dev cnt0 ns0 mult base out rc
	shift 2
	for side in a b; do
		b=0
		[ $side = b ] && b=1
		dev=$(rig_side_dev $side)
		read -r cnt0 ns0 mult <<<"$(rig_phc_scale $b)"
		rig_expect_eq "board $b: PHC at its nominal rate (ticks convert by 10 ns)" \
			$((10 << 40)) "${mult:-missing}"
		base=$(((ns0 / cycle + 1) * cycle))
		# shellcheck disable=SC2034 # read by the scenarios
		TSN_BASE[$side]=$base
		out=$("$install" $side "$dev" "$base")
		rc=$?
		echo "  tc said: $out"
		rig_expect_eq "$side: the schedule accepted" 0 "$rc"
		rig_sched_file $b "$base" "$cnt0" "$ns0" "$RIG_TMP/sched$b.txt" "$@"
	done
}

# tsn_traffic STREAM SECS BEFORE AFTER: with the devices quiet, the event
# stream into STREAM, counters into the array BEFORE (declare -A first),
# tsn_floods for SECS, counters into AFTER, the stream stopped and each
# board's lead reported (tsn_lead_report).
tsn_traffic() {
	local b
	drv_settle
	rig_stream_start "$1"
	rig_snap "$3"
	tsn_floods "$2"
	drv_settle
	rig_snap "$4"
	rig_stream_stop
	echo "stream: $(wc -l <"$1") lines"
	for b in 0 1; do
		tsn_lead_report $b "$1"
	done
}
