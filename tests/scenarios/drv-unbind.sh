#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Unbind and rebind board 0 from the driver through sysfs while both boards
# flood each other: every bind brings the netdev back and working; no
# splat, no leak, no protocol violation. (No frame account here: every
# bind makes a new netdev whose counters start at zero.)
# rig-ci-env: DRV_UNBIND_CYCLES=10
# rig-stress-env: DRV_UNBIND_CYCLES=30
# rig-budget: 120
# rig-stress-budget: 300
# rig-kcsan: yes
. /rig/lib.sh
. ./drv-lib.sh

cycles=${DRV_UNBIND_CYCLES:-10}
spi=$(rig_emu 0 spi_device)
drvdir=/sys/bus/spi/drivers/lan1qtsn
rig_netns_pair || { rig_fail "netns pair"; rig_done; exit 1; }
rig_ns_exec b ping -f -q -w 3600 198.51.100.1 >/dev/null 2>&1 &
pb=$!

fails=0
start=$SECONDS
for ((i = 1; i <= cycles; i++)); do
	rig_ns_exec a ping -f -q -w 3600 -s $((i * 40)) 198.51.100.2 >/dev/null 2>&1 &
	pa=$!
	sleep 0.5
	echo "$spi" >$drvdir/unbind || { fails=$((fails + 1)); echo "unbind $i failed"; }
	kill $pa 2>/dev/null
	wait $pa 2>/dev/null
	echo "$spi" >$drvdir/bind || { fails=$((fails + 1)); echo "bind $i failed"; }
	NS_A_DEV=$(rig_board_netdev 0)
	if [ -z "$NS_A_DEV" ]; then
		fails=$((fails + 1)); echo "cycle $i: no netdev after bind"; continue
	fi
	ip link set "$NS_A_DEV" netns a && rig_netns_up a 198.51.100.1 "$NS_A_DEV" ||
		{ fails=$((fails + 1)); echo "cycle $i: setup failed"; }
	v=$(drv_emu_violations 0)
	[ "$v" = 0 ] || { fails=$((fails + 1)); echo "cycle $i: $v violations"; rig_emu 0 violations; }
done
echo "unbind time: $((SECONDS - start)) s"
rig_expect_eq "$cycles unbind/bind cycles under traffic" 0 $fails
kill $pb 2>/dev/null
wait $pb
rig_check "ping a -> b after the cycles" rig_ns a ping -c 5 -i 0.2 -W 2 198.51.100.2
drv_check_violations
drv_dump
drv_done
