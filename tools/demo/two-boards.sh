#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The main job, inside the test VM (tools/demo.sh boots it): two emulated
# LAN1QTSN boards wired back to back, each driven by lan1qtsn in its own
# network namespace, exchange traffic; the script shows what crossed. Then
# board 0 runs a taprio schedule (full offload) of two classes under ping
# floods, then a CBS-shaped class beside best effort, while the emulator's
# event stream is read: each frame's class, start and end tick, checked by
# emu-check and printed for the plots. Then ptp4l (the gPTP profile users run) locks board 1's clock to board 0's from
# a cold start, the boards' oscillators 100 ppm apart, for DEMO_PTP_S
# seconds, with both PHCs' pulse outputs on: the slave's log and both
# boards' pulse times (the emulator's ground truth) are printed between
# DEMO-* markers for tools/demo/plot.py on the host.
. /rig/lib.sh

if [ ! -d "$EMU_DEBUGFS/board1" ] || [ -z "$(rig_board_netdev 0)" ]; then
	echo "demo: the emulator or the driver is not built yet; nothing to show"
	exit 0
fi
rig_netns_pair || { echo "demo: could not set up the two namespaces"; exit 1; }
echo "board 0: $NS_A_DEV in netns a (198.51.100.1); board 1: $NS_B_DEV in netns b (198.51.100.2)"
ip -n a -br link show dev "$NS_A_DEV"
ip -n b -br link show dev "$NS_B_DEV"
ip netns exec a ethtool -i "$NS_A_DEV" | head -n 3
ip netns exec a ping -c 5 -i 0.2 198.51.100.2 || exit 1
ip netns exec b arping -c 3 -w 5 -I "$NS_B_DEV" 198.51.100.1 || exit 1
ip -n a -s link show dev "$NS_A_DEV"
ip -n b -s link show dev "$NS_B_DEV"
for b in 0 1; do
	echo "emulated board $b (non-zero counters):"
	grep -v ' 0$' "$EMU_DEBUGFS/board$b/counters"
done

# --- TSN: taprio and CBS offloaded on board 0, seen by the emulator -------
# Both before ptp4l: the PHC still runs at its nominal rate, so a schedule's
# PHC base time is one tick of board 0's counter (its relation's cnt0, ns0,
# 10 ns a tick) and the plots fold the stream's ticks onto the gate cycle.
DEMO_TSN_S=${DEMO_TSN_S:-8}
# demo_frames: board 0's frames in the stream $ev, one line each: class
# (prio), start and end tick, length with FCS, the device's verdict.
demo_frames() {
	awk '$3 == "launch" && $4 == "b=0" {
		for (i = 5; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
		print f["prio"], f["start_tick"], f["end_tick"], f["len"], f["verdict"]
	}' "$ev"
}
ev=$RIG_TMP/tsn-events.txt
read -r cnt0 ns0 _ <<<"$(rig_phc_scale 0)"
if [ -n "$cnt0" ]; then
	cycle=1000000
	base=$(((ns0 / cycle + 1) * cycle))
	echo "== taprio (full offload) on board 0: class 0 (priority 6, TOS 0x10) 300 us, class 1 (the rest) 700 us of a 1 ms cycle; ping floods in both for $DEMO_TSN_S s"
	ip netns exec a tc qdisc replace dev "$NS_A_DEV" parent root handle 100 taprio num_tc 2 \
		map 1 1 1 1 1 1 0 1 1 1 1 1 1 1 1 1 queues 1@0 1@1 base-time "$base" \
		sched-entry S 01 300000 sched-entry S 02 700000 flags 0x2 || exit 1
	ip netns exec a tc qdisc show dev "$NS_A_DEV"
	rig_sched_file 0 "$base" "$cnt0" "$ns0" "$RIG_TMP/sched.txt" 0x01:300000 0x02:700000 >/dev/null
	rig_stream_start "$ev"
	ip netns exec a ping -f -q -w "$DEMO_TSN_S" -Q 0x10 198.51.100.2 &
	p0=$!
	ip netns exec a ping -f -q -w "$DEMO_TSN_S" -s 1000 198.51.100.2 &
	p1=$!
	wait $p0 $p1
	sleep 1
	rig_stream_stop
	ip netns exec a ethtool -S "$NS_A_DEV" | grep -E 'tc[01]_|tx_drop_gate|tx_drop_launch'
	echo "DEMO-TAPRIO-SCHED-BEGIN"
	cat "$RIG_TMP/sched.txt"
	echo "DEMO-TAPRIO-SCHED-END"
	echo "DEMO-TAPRIO-CHECK-BEGIN"
	emu-check --any-start --schedule "$RIG_TMP/sched.txt" "$ev" | grep -v '^class b=1 '
	echo "emu-check exit ${PIPESTATUS[0]}"
	echo "DEMO-TAPRIO-CHECK-END"
	echo "DEMO-TAPRIO-FRAMES-BEGIN"
	demo_frames
	echo "DEMO-TAPRIO-FRAMES-END"
	ip netns exec a tc qdisc del dev "$NS_A_DEV" root

	idle=1000
	echo "== CBS (offload) on board 0: mqprio, class 2 (priority 6, TOS 0x10) shaped to $idle kbit/s, UDP offered at 3 Mb/s beside best effort at 2 Mb/s for $DEMO_TSN_S s"
	ip netns exec a tc qdisc replace dev "$NS_A_DEV" parent root handle 100 mqprio num_tc 3 \
		map 0 0 1 0 0 0 2 0 0 0 0 0 0 0 0 0 queues 6@0 1@6 1@7 hw 0 || exit 1
	ip netns exec a tc qdisc replace dev "$NS_A_DEV" parent 100:8 cbs idleslope $idle \
		sendslope $((idle - 100000)) hicredit 30 locredit -1470 offload 1 || exit 1
	ip netns exec a tc qdisc show dev "$NS_A_DEV"
	ip netns exec b iperf3 -s -D -p 5201 --pidfile "$RIG_TMP/srv1.pid" >/dev/null
	ip netns exec b iperf3 -s -D -p 5202 --pidfile "$RIG_TMP/srv2.pid" >/dev/null
	sleep 0.5
	rig_stream_start "$ev"
	ip netns exec a iperf3 -c 198.51.100.2 -p 5201 -u -b 3M -l 1000 -S 0x10 -t "$DEMO_TSN_S" \
		-f k >"$RIG_TMP/cbs.txt" 2>&1 &
	p0=$!
	ip netns exec a iperf3 -c 198.51.100.2 -p 5202 -u -b 2M -l 1000 -t "$DEMO_TSN_S" \
		-f k >"$RIG_TMP/be.txt" 2>&1 &
	p1=$!
	wait $p0 $p1
	sleep 1
	rig_stream_stop
	kill "$(cat "$RIG_TMP/srv1.pid")" "$(cat "$RIG_TMP/srv2.pid")"
	tail -n 3 "$RIG_TMP/cbs.txt" "$RIG_TMP/be.txt"
	echo "DEMO-CBS-CHECK-BEGIN"
	echo "idleslope $idle"
	emu-check --any-start --cbs "2:$idle:$((idle - 100000)):30:-1470" "$ev" | grep -v '^class b=1 '
	echo "emu-check exit ${PIPESTATUS[0]}"
	echo "DEMO-CBS-CHECK-END"
	echo "DEMO-CBS-FRAMES-BEGIN"
	demo_frames
	echo "DEMO-CBS-FRAMES-END"
	ip netns exec a tc qdisc del dev "$NS_A_DEV" root
else
	echo "demo: no clock relation in the driver's debugfs; no TSN part"
fi

# --- PTP: ptp4l from a cold start, against the emulator's ground truth ----
DEMO_PTP_S=${DEMO_PTP_S:-40}
echo "== ptp4l (configs/gPTP.cfg) between the boards for $DEMO_PTP_S s, from a cold start"
phc_a=$(rig_phc a "$NS_A_DEV") phc_b=$(rig_phc b "$NS_B_DEV")
if [ -z "$phc_a" ] || [ -z "$phc_b" ]; then
	echo "demo: no PTP clock on the boards; no PTP part"
	exit 0
fi
echo 1 >"$EMU_DEBUGFS/board0/clear_counters"
echo 1 >"$EMU_DEBUGFS/board1/clear_counters"
# The pulse outputs (1 s, on each PHC's whole seconds) are the ground truth:
# the emulator logs the host raw time of every pulse.
ip netns exec a testptp -d "$phc_a" -p 1000000000 >/dev/null
ip netns exec b testptp -d "$phc_b" -p 1000000000 >/dev/null
echo "DEMO-CLOCKS-BEGIN"
cat "$EMU_DEBUGFS/clocks"
echo "DEMO-CLOCKS-END"
pa=$(rig_ptp4l demo-a a "$NS_A_DEV" -f /rig/configs/gPTP.cfg --priority1 100)
pb=$(rig_ptp4l demo-b b "$NS_B_DEV" -f /rig/configs/gPTP.cfg --summary_interval -3)
sleep "$DEMO_PTP_S"
kill "$pa" "$pb"
wait "$pa" "$pb" 2>/dev/null
ip netns exec a testptp -d "$phc_a" -p 0 >/dev/null
ip netns exec b testptp -d "$phc_b" -p 0 >/dev/null
grep -m1 'master offset' "$RIG_TMP/ptp4l-demo-b.log"
tail -n 3 "$RIG_TMP/ptp4l-demo-b.log"
echo "DEMO-PTP4L-BEGIN"
grep 'master offset' "$RIG_TMP/ptp4l-demo-b.log"
echo "DEMO-PTP4L-END"
for b in 0 1; do
	echo "DEMO-PPS$b-BEGIN"
	grep -v '^#' "$EMU_DEBUGFS/board$b/pps_log"
	echo "DEMO-PPS$b-END"
done
