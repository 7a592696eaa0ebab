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

secs=${TSN_SECS:-6}
D=$EMU_DEBUGFS
ev=$RIG_TMP/events.txt
CYCLE=1000000
MULT_NOMINAL=$((10 << 40))
MAP="2 2 1 2 2 2 0 2 2 2 2 2 2 2 2 2"
ENTRIES="sched-entry S 01 300000 sched-entry S 02 300000 sched-entry S 04 400000"

rig_netns_pair || { rig_fail "netns pair"; drv_done; exit 1; }
rig_check "neighbours pinned" drv_pin_neigh

# scale_of B: "cnt0 ns0 mult" of board B's PHC relation (driver debugfs).
scale_of() {
	local spi
	spi=$(<"$D/board$1/spi_device")
	sed -n 's/^scale: cnt0 \([0-9]*\) ns0 \([-0-9]*\) mult \([0-9]*\)$/\1 \2 \3/p' \
		"/sys/kernel/debug/lan1qtsn/$spi/clock"
}

# taprio NS DEV BASE [extra...]: the schedule, full offload.
taprio() {
	local ns=$1 dev=$2 base=$3
	shift 3
	# shellcheck disable=SC2086 # MAP and ENTRIES are word lists
	ip netns exec "$ns" tc qdisc replace dev "$dev" parent root handle 100 taprio \
		num_tc 3 map $MAP queues 1@0 1@1 1@2 base-time "$base" "$@" flags 0x2 2>&1
}

declare -A base_ns
for side in a b; do
	b=0 dev=$NS_A_DEV
	[ $side = b ] && b=1 dev=$NS_B_DEV
	read -r cnt0 ns0 mult <<<"$(scale_of $b)"
	rig_expect_eq "board $b: PHC at its nominal rate (ticks convert by 10 ns)" "$MULT_NOMINAL" "${mult:-missing}"
	# A cycle start after the relation's anchor: a tick >= cnt0 in the checker.
	base=$(((ns0 / CYCLE + 1) * CYCLE))
	base_ns[$side]=$base
	# shellcheck disable=SC2086
	out=$(taprio $side "$dev" "$base" $ENTRIES)
	rc=$?
	echo "  tc said: $out"
	rig_expect_eq "$side: taprio full offload accepted" 0 "$rc"
	{
		echo "# board $b: PHC base $base, scale cnt0 $cnt0 ns0 $ns0"
		echo "board $b"
		echo "base $((cnt0 + (base - ns0 + 9) / 10))"
		echo "gate 0x01 30000"
		echo "gate 0x02 30000"
		echo "gate 0x04 40000"
	} >"$RIG_TMP/sched$b.txt"
	cat "$RIG_TMP/sched$b.txt"
done
ip netns exec a tc qdisc show dev "$NS_A_DEV"

# Refusals, each with what to change; the schedule in force keeps running
# (the traffic below is checked against it).
refused() {
	local what=$1 want=$2 out
	shift 2
	out=$(taprio a "$NS_A_DEV" "${base_ns[a]}" "$@")
	rig_expect_eq "refused: $what" 1 "$(grep -c -- "$want" <<<"$out")"
	echo "  tc said: $out"
}
# shellcheck disable=SC2086
refused "a cycle-time extension" "cycle-time-extension is not supported" $ENTRIES cycle-time-extension 1000
refused "an interval shorter than a minimum frame" "shorter than a minimum frame" \
	sched-entry S 01 5000 sched-entry S 06 995000
# shellcheck disable=SC2086
refused "a cycle longer than 1 s" "longer than 1 s" $ENTRIES cycle-time 2000000000

# Quiet, then start the stream after everything before the schedule.
drv_settle
cat "$D/events" >/dev/null &
drain=$!
sleep 1
kill $drain
wait $drain 2>/dev/null
cat "$D/events" >"$ev" &
reader=$!
declare -A s0 s1
drv_snap s0

for side in a b; do
	peer=198.51.100.2
	[ $side = b ] && peer=198.51.100.1
	ip netns exec $side ping -f -q -w "$secs" -Q 0x10 $peer >"$RIG_TMP/p-$side-0.txt" 2>&1 &
	ip netns exec $side ping -f -q -w "$secs" -Q 0x08 -s 1000 $peer >"$RIG_TMP/p-$side-1.txt" 2>&1 &
	ip netns exec $side ping -f -q -w "$secs" $peer >"$RIG_TMP/p-$side-2.txt" 2>&1 &
done
# shellcheck disable=SC2046 # one word per job id
wait $(jobs -p | grep -v "^$reader\$")
drv_settle
drv_snap s1
for _ in $(seq 50); do
	[ "$(rig_emu_events_status queued)" = 0 ] && sleep 0.3 && [ "$(rig_emu_events_status queued)" = 0 ] && break
	sleep 0.2
done
kill "$reader"
wait "$reader" 2>/dev/null
rig_expect_eq "the stream lost nothing" 0 "$(rig_emu_events_status lost)"
tail -n 2 "$RIG_TMP"/p-*.txt
echo "stream: $(wc -l <"$ev") lines"
# The lead each frame had: its window's start minus its arrival in the
# device, ticks (negative: it came after its window opened).
for b in 0 1; do
	awk -v b="b=$b" '$3 == "launch" && $4 == b {
		for (i = 5; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
		m = 536870912; lead = (f["from"] - f["enq_tick"] % m + m) % m
		if (lead >= m / 2) lead -= m
		last = f["policy"] == 1 ? f["dto"] : f["to"]
		late = (f["enq_tick"] % m - last + m) % m
		if (late >= m / 2) late -= m
		n[f["verdict"]]++
		printf "%s %s %d %d\n", b, f["verdict"], lead, late
	}' "$ev" | sort -k3 -n >"$RIG_TMP/lead$b.txt"
	echo "board $b lead (ticks) by verdict: $(awk '{c[$2]++; if (!($2 in mn)) mn[$2] = $3; mx[$2] = $3} END {for (v in c) printf "%s n=%d min=%d max=%d; ", v, c[v], mn[v], mx[v]}' "$RIG_TMP/lead$b.txt")"
	grep " drop " "$RIG_TMP/lead$b.txt" | head -n 5
	rig_expect_eq "board $b: frames dropped by the device that had reached it before their last start" 0 \
		"$(awk '$2 == "drop" && $4 <= 0' "$RIG_TMP/lead$b.txt" | wc -l)"
done

for b in 0 1; do
	side=a
	[ $b = 1 ] && side=b
	out=$(emu-check --any-start --strict-end --schedule "$RIG_TMP/sched$b.txt" "$ev")
	rc=$?
	echo "$out"
	rig_expect_eq "board $b: every frame inside an open interval of its class, whole (emu-check --schedule)" 0 "$rc"
	for tc in 0 1 2; do
		line=$(grep "^class b=$b prio=$tc " <<<"$out")
		frames=$(sed -n 's/.* frames=\([0-9]*\) .*/\1/p' <<<"$line")
		dropped=$(sed -n 's/.* dropped=\([0-9]*\) .*/\1/p' <<<"$line")
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

for side in a b; do
	dev=$NS_A_DEV
	[ $side = b ] && dev=$NS_B_DEV
	rig_check "$side: taprio removed" ip netns exec $side tc qdisc del dev "$dev" root
done
drv_check_violations
drv_done
