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
# The second half of the runs (and the late datagram) go through libtsn's
# CBS recipe instead: cbs offload 1 on queue 0 with the etf offload child
# under it (TSNLab's pytsn/vlan.py; its delta 0.5 ms is too short for the
# emulated CPU, so 5 ms as above). The same verdicts hold: the launch times
# pace the class and cbs is charged for each frame (docs/tsn.md). etf's own
# drops are read from etf itself there: mqprio's root sums the qdisc of
# each queue, which is now cbs, and cbs does not count its child's drops.
# Last, a held run: the device holds its queue (fault_tx_stuck) past three
# launch times and drops those frames when let go; ethtool's
# tx_device_window_drops and the netdev's tx_dropped count them.
# rig-ci-env: TSN_ETF_RUNS=5
# rig-stress-env: TSN_ETF_RUNS=50
# rig-budget: 120
# rig-stress-budget: 300
. /rig/lib.sh
. /rig/txtime.sh
. ./drv-lib.sh
. ./drv-tsn-lib.sh

runs=${TSN_ETF_RUNS:-5}
half=$(((runs + 1) / 2))
# libtsn's CBS class: 2 Mb/s, credits for one full-size frame against
# the 100 Mb/s port (as drv-tsn-cbs computes them).
IDLE=2000 SEND=-98000 HI=30 LO=-1470
ev=$RIG_TMP/events.txt
A=198.51.100.1
B=198.51.100.2
rig_check "so_txtime is in the VM" command -v so_txtime
rig_netns_pair || { rig_fail "netns pair"; drv_done; exit 1; }
[ "$runs" -ge 2 ] || { rig_fail "TSN_ETF_RUNS=$runs: 2 or more (half of them for the CBS recipe)"; drv_done; exit 1; }
rig_check "neighbours pinned" drv_pin_neigh

tsn_etf_class0 0 5000000
rig_ns a tc qdisc show dev "$NS_A_DEV"

rig_ns_exec a phc2sys -s CLOCK_REALTIME -c "$NS_A_DEV" -O 0 -R 8 -m -q >"$RIG_TMP/phc2sys.txt" 2>&1 &
p2s=$!
sleep 5
tail -n 3 "$RIG_TMP/phc2sys.txt"

drv_settle
rig_stream_start "$ev"
# shellcheck disable=SC2034 # filled and read by name (rig_snap, drv_account)
declare -A s0 s1 s2 s3 s4
rig_snap s0

# etf_dropped: what the etf under cbs dropped, from its own counters.
etf_dropped() {
	rig_ns a tc -s qdisc show dev "$NS_A_DEV" | awk '
		$1 == "qdisc" { etf = ($2 == "etf") }
		etf && $1 == "Sent" { d = $7; sub(/,/, "", d); print d; found = 1; exit }
		END { if (!found) print "missing" }'
}

ok=0
ready=0
for r in $(seq "$runs"); do
	if [ "$r" = $((half + 1)) ]; then
		drv_settle
		rig_snap s1
		rig_check "a: libtsn's CBS recipe: cbs offload on queue 0 (idleslope $IDLE kbit/s)" \
			rig_ns a tc qdisc replace dev "$NS_A_DEV" parent 100:1 handle 200 cbs \
			idleslope $IDLE sendslope $SEND hicredit $HI locredit $LO offload 1
		rig_check "a: libtsn's CBS recipe: etf offload child under cbs, delta 5 ms" \
			rig_ns a tc qdisc replace dev "$NS_A_DEV" parent 200:1 etf \
			clockid CLOCK_TAI delta 5000000 offload
		rig_ns a tc qdisc show dev "$NS_A_DEV"
		rig_snap s2
		e0=$(etf_dropped)
	fi
	rig_so_txtime_pair b a tai $A $B "a,10,b,20,c,30" "a,10,b,20,c,30" "$RIG_TMP/run-$r" &&
		ready=$((ready + 1))
	[ "$RIG_TXTIME_TX" = 0 ] && ok=$((ok + 1))
	echo "run $r$([ "$r" -gt "$half" ] && echo " (cbs + etf)"): so_txtime tx $RIG_TXTIME_TX" \
		"rx $RIG_TXTIME_RX (tries $RIG_TXTIME_TRIES);" \
		"$(grep -sv "^$" "$RIG_TMP/run-$r.rx" | tr '\n' ' ')"
done
rig_expect_eq "so_txtime runs where the sender succeeded" "$runs" "$ok"
rig_expect_eq "so_txtime runs whose receiver was bound 1 s before the start (3 tries each)" "$runs" "$ready"
drv_settle
rig_snap s3
e1=$(etf_dropped)

# Too near: launch 1 ms after the start. No receiver: nothing answers.
start=$(($(rig_now_ns) + 300000000))
rig_ns a so_txtime -4 -c tai -t "$start" -S $A -D $B "z,1" >"$RIG_TMP/tx-late.txt" 2>&1
echo "late run: so_txtime tx $?: $(xargs <"$RIG_TMP/tx-late.txt")"
drv_settle
rig_snap s4
e2=$(etf_dropped)
kill $p2s
rig_stream_stop

out=$(emu-check --any-start --strict-end --etf 0:0 "$ev")
rc=$?
echo "$out"
rig_expect_eq "every class-0 frame of board 0 started exactly at its launch time (emu-check --etf 0:0)" 0 "$rc"
if [[ "$e0 $e1 $e2" =~ ^[0-9]+\ [0-9]+\ [0-9]+$ ]]; then
	rig_pass "etf's drop counter read under cbs ($e0 $e1 $e2)"
else
	rig_fail "etf's drop counter read under cbs ($e0 $e1 $e2)"
fi
# The runs' counts: etf alone (s0 -> s1), then cbs + etf (s2 -> s3).
drv_terms s0 s1 a.tx_drop_launch_late
late_runs=$DRV_SUM
drv_terms s2 s3 a.tx_drop_launch_late
late_runs=$((late_runs + DRV_SUM))
drv_terms s0 s1 a.qdisc_dropped
qdrop_runs=$((DRV_SUM + ${e1:-0} - ${e0:-0}))
drv_terms s0 s1 a.tc0_frames
tc0=$DRV_SUM
drv_terms s2 s3 a.tc0_frames
tc0=$((tc0 + DRV_SUM))
echo "FIGURE: of $((3 * runs)) datagrams, $late_runs dropped by the driver as too late, $qdrop_runs by etf"
frames=$(tsn_class_field "$out" 0 0 frames)
devdrop=$(tsn_class_field "$out" 0 0 dropped)
echo "FIGURE: $devdrop written in time for the driver but after their launch tick for the device (dropped by it)"
rig_expect_eq "class-0 frames the device decided on: three per run less the late ones" \
	$((3 * runs - late_runs - qdrop_runs)) "${frames:-missing}"
rig_expect_eq "the driver's tc0_frames: the same" $((3 * runs - late_runs - qdrop_runs)) "$tc0"
drv_terms s3 s4 a.tx_drop_launch_late
late=$DRV_SUM
qdrop=$((${e2:-0} - ${e1:-0}))
echo "late datagram (cbs + etf): dropped by the driver $late, by etf $qdrop"
rig_expect_eq "the late datagram (cbs + etf): dropped once, by etf or the driver" 1 $((late + qdrop))

# Held: the device holds its queue (fault_tx_stuck) past three launch
# times, and drops those frames when let go (their windows passed). The
# driver reads the device's count (FSCH_TOTAL_DROP_ENTRY_CNT) at its health
# check, every second: tx_device_window_drops, and in the netdev's
# tx_dropped with the driver's own drops.
# shellcheck disable=SC2034 # filled and read by name (rig_snap, drv_terms)
declare -A s5
d0=$(drv_ethtool_stat a tx_device_window_drops) w0=$(drv_emu_counter 0 tx_dropped_window)
echo 1 >"$EMU_DEBUGFS/board0/fault_tx_stuck"
start=$(($(rig_now_ns) + 300000000))
rig_ns a so_txtime -4 -c tai -t "$start" -S $A -D $B "h,10,h,20,h,30" >"$RIG_TMP/tx-held.txt" 2>&1
echo "held run: so_txtime tx $?: $(xargs <"$RIG_TMP/tx-held.txt")"
sleep 0.5
echo 0 >"$EMU_DEBUGFS/board0/fault_tx_stuck"
drv_settle
for _ in $(seq 50); do
	w1=$(drv_emu_counter 0 tx_dropped_window)
	[ "$(drv_ethtool_stat a tx_device_window_drops)" = $((d0 + w1 - w0)) ] && break
	sleep 0.2
done
rig_snap s5
drv_terms s4 s5 e0.tx_dropped_window
held=$DRV_SUM
drv_terms s4 s5 a.tx_drop_launch_late
late=$DRV_SUM
echo "held run: dropped by the device $held, by the driver as too late $late"
rig_expect_ge "held run: the device dropped the frames it held past their launch times" 1 "$held"
rig_expect_eq "held run: each datagram dropped once, by the device or the driver" 3 $((held + late))
drv_terms s4 s5 a.tx_device_window_drops
rig_expect_eq "held run: ethtool tx_device_window_drops counts the device's drops" "$held" "$DRV_SUM"
drv_terms s4 s5 a.if_tx_dropped
drops=$DRV_SUM
drv_terms s4 s5 a.tx_drop_invalid a.tx_drop_down a.tx_drop_lost a.tx_drop_gate_closed a.tx_drop_launch_late a.tx_device_window_drops
rig_expect_eq "held run: the netdev's tx_dropped = the driver's drops + the device's ($DRV_TERMS)" "$DRV_SUM" "$drops"

# Two accounts: replacing etf by cbs restarts the root's counters.
rig_check "every frame accounted for, both ways (etf alone)" drv_account s0 s1
rig_check "every frame accounted for, both ways (cbs + etf)" drv_account s2 s5

tsn_remove_root mqprio a
drv_check_violations
drv_done
