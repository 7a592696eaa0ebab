#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ETF offload with SO_TXTIME, through the kernel's own so_txtime selftest
# program: on board 0, mqprio (hw 0) puts priority 0 in class 0 on queue 0,
# with an etf child (clockid CLOCK_TAI, delta 5 ms, offload: the emulated
# CPU needs that much to bring a frame from etf to the device in time);
# phc2sys keeps the PHC on CLOCK_TAI (the VM's TAI offset is 0). Each run,
# so_txtime sends three datagrams with launch times 10, 20 and 30 ms after
# a common start 2 s ahead, and so_txtime -r on board 1 receives them (the
# sender starts once the receiver is bound: rig_so_txtime_pair). Verdicts from
# the emulator's event stream: every class-0 frame the device sent started
# exactly at its launch time (its window is one tick: emu-check --etf); the
# device decided on three per run, less those the driver dropped as too
# late (tx_drop_launch_late) or etf dropped, and the driver's tc0_frames
# agree. Figures: the driver's late drops, and frames written in time for
# the driver but after their launch tick for the device (dropped there):
# the emulated CPU is slow at times. A datagram whose launch time is 1 ms
# after the start (too near for the 1 ms the driver needs to write it) is
# dropped once and counted, by etf or by the driver, never sent. Every
# frame accounted for (drv_account). The receiver's delays (launch to
# socket, through the VM's RX path) are printed: so_txtime's own 4 ms limit
# is not a property of the driver, so the receiver runs with
# KSFT_MACHINE_SLOW.
# rig-ci-env: TSN_ETF_RUNS=5
# rig-stress-env: TSN_ETF_RUNS=50
# rig-budget: 120
# rig-stress-budget: 300
. /rig/lib.sh
. /rig/txtime.sh
. ./drv-lib.sh
. ./drv-tsn-lib.sh

runs=${TSN_ETF_RUNS:-5}
ev=$RIG_TMP/events.txt
A=198.51.100.1
B=198.51.100.2
rig_check "so_txtime is in the VM" command -v so_txtime
rig_netns_pair || { rig_fail "netns pair"; drv_done; exit 1; }
rig_check "neighbours pinned" drv_pin_neigh

rig_check "a: mqprio, priority 0 alone in class 0 on queue 0 (hw 0)" \
	rig_ns a tc qdisc replace dev "$NS_A_DEV" parent root handle 100 mqprio \
	num_tc 2 map 0 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 queues 1@0 7@1 hw 0
rig_check "a: etf offload on queue 0, delta 5 ms" \
	rig_ns a tc qdisc replace dev "$NS_A_DEV" parent 100:1 etf \
	clockid CLOCK_TAI delta 5000000 offload
rig_ns a tc qdisc show dev "$NS_A_DEV"

rig_ns_exec a phc2sys -s CLOCK_REALTIME -c "$NS_A_DEV" -O 0 -R 8 -m -q >"$RIG_TMP/phc2sys.txt" 2>&1 &
p2s=$!
sleep 5
tail -n 3 "$RIG_TMP/phc2sys.txt"

drv_settle
rig_stream_start "$ev"
# shellcheck disable=SC2034 # filled and read by name (rig_snap, drv_account)
declare -A s0 s1 s2
rig_snap s0

ok=0
ready=0
for r in $(seq "$runs"); do
	rig_so_txtime_pair b a tai $A $B "a,10,b,20,c,30" "a,10,b,20,c,30" "$RIG_TMP/run-$r" &&
		ready=$((ready + 1))
	[ "$RIG_TXTIME_TX" = 0 ] && ok=$((ok + 1))
	echo "run $r: so_txtime tx $RIG_TXTIME_TX rx $RIG_TXTIME_RX (tries $RIG_TXTIME_TRIES);" \
		"$(grep -sv "^$" "$RIG_TMP/run-$r.rx" | tr '\n' ' ')"
done
rig_expect_eq "so_txtime runs where the sender succeeded" "$runs" "$ok"
rig_expect_eq "so_txtime runs whose receiver was bound 1 s before the start (3 tries each)" "$runs" "$ready"
drv_settle
rig_snap s1

# Too near: launch 1 ms after the start. No receiver: nothing answers.
start=$(($(rig_now_ns) + 300000000))
rig_ns a so_txtime -4 -c tai -t "$start" -S $A -D $B "z,1" >"$RIG_TMP/tx-late.txt" 2>&1
echo "late run: so_txtime tx $?: $(xargs <"$RIG_TMP/tx-late.txt")"
drv_settle
rig_snap s2
kill $p2s
rig_stream_stop

out=$(emu-check --any-start --strict-end --etf 0 "$ev")
rc=$?
echo "$out"
rig_expect_eq "every class-0 frame started exactly at its launch time (emu-check --etf 0)" 0 "$rc"
late_runs=$((${s1[a.tx_drop_launch_late]:-0} - ${s0[a.tx_drop_launch_late]:-0}))
qdrop_runs=$((${s1[a.qdisc_dropped]:-0} - ${s0[a.qdisc_dropped]:-0}))
echo "FIGURE: of $((3 * runs)) datagrams, $late_runs dropped by the driver as too late, $qdrop_runs by etf"
frames=$(grep "^class b=0 prio=0 " <<<"$out" | sed -n 's/.* frames=\([0-9]*\) .*/\1/p')
devdrop=$(grep "^class b=0 prio=0 " <<<"$out" | sed -n 's/.* dropped=\([0-9]*\) .*/\1/p')
echo "FIGURE: $devdrop written in time for the driver but after their launch tick for the device (dropped by it)"
rig_expect_eq "class-0 frames the device decided on: three per run less the late ones" \
	$((3 * runs - late_runs - qdrop_runs)) "${frames:-missing}"
rig_expect_eq "the driver's tc0_frames: the same" $((3 * runs - late_runs - qdrop_runs)) \
	"$((${s1[a.tc0_frames]:-0} - ${s0[a.tc0_frames]:-0}))"
late=$((${s2[a.tx_drop_launch_late]:-0} - ${s1[a.tx_drop_launch_late]:-0}))
qdrop=$((${s2[a.qdisc_dropped]:-0} - ${s1[a.qdisc_dropped]:-0}))
echo "late datagram: dropped by the driver $late, by etf $qdrop"
rig_expect_eq "the late datagram: dropped once, by etf or the driver" 1 $((late + qdrop))
rig_check "every frame accounted for, both ways" drv_account s0 s2

tsn_remove_root mqprio a
drv_check_violations
drv_done
