#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The main job, inside the test VM (tools/demo.sh boots it): two emulated
# LAN1QTSN boards wired back to back, each driven by lan1qtsn in its own
# network namespace, exchange traffic; the script shows what crossed.
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
