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

# taprio NS DEV BASE [extra...]: the schedule, txtime-assist, with etf.
taprio() {
	local ns=$1 dev=$2 base=$3
	shift 3
	# shellcheck disable=SC2086 # MAP and ENTRIES are word lists
	ip netns exec "$ns" tc qdisc replace dev "$dev" parent root handle 100 stab overhead 24 taprio \
		num_tc 3 map $MAP queues 1@0 1@0 1@0 base-time "$base" "$@" \
		clockid CLOCK_TAI flags 0x1 txtime-delay 8000000 2>&1 &&
		ip netns exec "$ns" tc qdisc replace dev "$dev" parent 100:1 etf \
			clockid CLOCK_TAI delta 4000000 offload skip_sock_check 2>&1
}

for side in a b; do
	b=0 dev=$NS_A_DEV
	[ $side = b ] && b=1 dev=$NS_B_DEV
	phc=$(rig_phc $side "$dev")
	# The board's oscillator at its nominal rate, so that the PHC, left
	# at its nominal rate too (the schedule file is in counter ticks),
	# keeps to the system clock that taprio and etf run on; a real board
	# needs phc2sys for that.
	rig_check "board $b: oscillator at its nominal rate" sh -c "echo 0 >$D/board$b/freq_ppb"
	# phc2sys for a few seconds puts the PHC on the system clock to a few
	# microseconds (a plain set lands a bus transaction off); then the
	# nominal rate again.
	ip netns exec $side phc2sys -s CLOCK_REALTIME -c "$dev" -O 0 -R 8 -m -q >"$RIG_TMP/phc2sys-$side.txt" 2>&1 &
	p2s=$!
	sleep 4
	kill $p2s
	wait $p2s 2>/dev/null
	tail -n 1 "$RIG_TMP/phc2sys-$side.txt"
	rig_check "$side: PHC $phc back at its nominal rate" ip netns exec $side phc_ctl -q "$phc" freq 0
	ip netns exec $side phc_ctl "$phc" cmp
	read -r cnt0 ns0 mult <<<"$(scale_of $b)"
	rig_expect_eq "board $b: PHC at its nominal rate (ticks convert by 10 ns)" "$MULT_NOMINAL" "${mult:-missing}"
	# A cycle start after the relation's anchor: a tick >= cnt0 in the checker.
	base=$(((ns0 / CYCLE + 1) * CYCLE))
	# shellcheck disable=SC2086
	out=$(taprio $side "$dev" "$base" $ENTRIES)
	rc=$?
	echo "  tc said: $out"
	rig_expect_eq "$side: taprio txtime-assist and etf accepted" 0 "$rc"
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
# The lead each frame had: its launch tick minus its arrival in the
# device, ticks (negative: it came too late).
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
	out=$(emu-check --any-start --strict-end --schedule "$RIG_TMP/sched$b.txt" --etf 0,1,2 "$ev")
	rc=$?
	echo "$out"
	rig_expect_eq "board $b: every frame on its launch tick, inside an open interval of its class, whole (emu-check --schedule --etf)" 0 "$rc"
	decided=0
	for tc in 0 1 2; do
		line=$(grep "^class b=$b prio=$tc " <<<"$out")
		frames=$(sed -n 's/.* frames=\([0-9]*\) .*/\1/p' <<<"$line")
		dropped=$(sed -n 's/.* dropped=\([0-9]*\) .*/\1/p' <<<"$line")
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

for side in a b; do
	dev=$NS_A_DEV
	[ $side = b ] && dev=$NS_B_DEV
	rig_check "$side: taprio removed" ip netns exec $side tc qdisc del dev "$dev" root
done
drv_check_violations
drv_done
