#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The main job, inside the test VM (tools/demo.sh boots it): two emulated
# LAN1QTSN boards wired back to back, each driven by lan1qtsn in its own
# network namespace, exchange traffic; the script shows what crossed. Then
# ptp4l (the gPTP profile users run) locks board 1's clock to board 0's from
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
