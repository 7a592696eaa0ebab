#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# With the real driver bound and traffic flowing between the two boards
# (ping flood both ways), unloading the emulator unbinds the driver and
# tears the boards down without a splat; frames are queued, on the wire
# and unread at that moment.
. /rig/lib.sh

D=/sys/kernel/debug/lan1qtsn_emu
rig_netns_pair || { echo "no driver netdevs"; exit 1; }
ip netns exec a ping -f -w 20 198.51.100.2 >/tmp/ping-a.log 2>&1 &
ip netns exec b ping -f -w 20 198.51.100.1 >/tmp/ping-b.log 2>&1 &
sleep 3
tx=$(awk '/^wire_tx_frames/ { print $2 }' $D/board0/counters)
rig_expect_ge "traffic is flowing" 20 "$tx"
v=$(cat $D/board*/counters | awk '/^violation_/ { s += $2 } END { print s + 0 }')
rig_expect_eq "driver makes no protocol violation" 0 "$v"
cat $D/board0/state $D/board1/state | grep -E 'tx_queued|rx_meta'
rig_check "unload the emulator under traffic" rmmod lan1qtsn_emu
wait
rig_check "emulator gone" test ! -d $D
rig_check "reload the emulator" insmod $RIG_MODULES/lan1qtsn_emu.ko
rig_check "driver binds again" test -n "$(rig_board_netdev 0)"
rig_done
