#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Probe: the MAC address comes from the firmware node, else a random locally
# administered one; a device that does not answer sensibly (TSN_SYSTEM_INFO
# zero or all ones) or answers without the read turnaround byte is refused
# with a clear message; a refused device binds once it answers again.
# rig-args: --no-load
. /rig/lib.sh
. ./drv-lib.sh

mac_of() { cat /sys/class/net/"$(rig_board_netdev "$1")"/address; }

rig_unload_all
rig_load_emu mac=02:11:22:33:44:50 && rig_load_driver && sleep 1
rig_expect_eq "board 0 MAC from the firmware node" 02:11:22:33:44:50 "$(mac_of 0)"
rig_expect_eq "board 1 MAC from the firmware node" 02:11:22:33:44:51 "$(mac_of 1)"
rig_unload_all

rig_load_emu && rig_load_driver && sleep 1
m0=$(mac_of 0) m1=$(mac_of 1)
echo "random MACs: $m0 $m1"
rig_check "random MAC is locally administered unicast" \
	test $((0x${m0%%:*} & 3)) = 2
rig_check "the two boards got different MACs" test "$m0" != "$m1"

spi=$(rig_emu 0 spi_device)
for info in 0x0 0xffffffff; do
	echo "$spi" >/sys/bus/spi/drivers/lan1qtsn/unbind
	echo $info >$EMU_DEBUGFS/board0/system_info
	dmesg -c >/dev/null
	refused() { ! echo "$spi" >/sys/bus/spi/drivers/lan1qtsn/bind 2>/dev/null; }
	rig_check "TSN_SYSTEM_INFO=$info refused" refused
	rig_check "TSN_SYSTEM_INFO=$info: clear message" \
		grep -q "no LAN1QTSN answers" <(dmesg)
	rig_check "TSN_SYSTEM_INFO=$info: no netdev" test -z "$(rig_board_netdev 0)"
done
echo 0x25080507 >$EMU_DEBUGFS/board0/system_info
rig_check "binds again once the device answers" \
	sh -c "echo $spi >/sys/bus/spi/drivers/lan1qtsn/bind"
rig_check "netdev back" test -n "$(rig_board_netdev 0)"
drv_check_violations
rig_unload_all

dmesg -c >/dev/null
rig_load_emu turnaround=0 && rig_load_driver
sleep 1
rig_check "no turnaround byte: refused" test -z "$(rig_board_netdev 0)"
rig_check "no turnaround byte: clear message" \
	grep -q "without the read turnaround byte" <(dmesg)
rig_unload_all
rig_done
