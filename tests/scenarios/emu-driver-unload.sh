#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# With the real driver bound and traffic flowing between the two boards
# (ping flood both ways), unloading the emulator unbinds the driver and
# tears the boards down without a splat; frames are queued, on the wire
# and unread at that moment.
# rig-ci-env:
# rig-stress-env:
# rig-budget: 60
# rig-stress-budget: 60
. /rig/lib.sh
. ./drv-lib.sh

D=$EMU_DEBUGFS
rig_netns_pair || { echo "no driver netdevs"; exit 1; }
rig_ns_exec a ping -f -w 20 198.51.100.2 >"$RIG_TMP/ping-a.log" 2>&1 &
pa=$!
rig_ns_exec b ping -f -w 20 198.51.100.1 >"$RIG_TMP/ping-b.log" 2>&1 &
pb=$!
sleep 3
tx=$(drv_emu_counter 0 wire_tx_frames)
rig_expect_ge "traffic is flowing" 20 "$tx"
rig_expect_eq "driver makes no protocol violation on board 0" 0 "$(drv_emu_violations 0)"
rig_expect_eq "driver makes no protocol violation on board 1" 0 "$(drv_emu_violations 1)"
cat $D/board0/state $D/board1/state | grep -E 'tx_queued|rx_meta'
rig_check "unload the emulator under traffic" rmmod lan1qtsn_emu
# The devices are gone: the floods would only idle to their deadline.
kill $pa $pb 2>/dev/null
wait $pa $pb
rig_check "emulator gone" test ! -d $D
rig_check "reload the emulator" insmod $RIG_MODULES/lan1qtsn_emu.ko
rig_check "driver binds again" test -n "$(rig_board_netdev 0)"
rig_done
