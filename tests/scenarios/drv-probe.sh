#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Probe: the MAC address comes from the firmware node, else TSN_MAC_ADDR
# when it is non-zero, else one derived from the machine (here the VM's
# SMBIOS UUID) and the board's SPI bus and chip select, the same after a
# reload; a device that does not answer sensibly (TSN_SYSTEM_INFO
# zero or all ones) or answers without the read turnaround byte is refused
# with a clear message; a refused device binds once it answers again; a
# board whose counter cannot be read at probe comes up without a PHC and
# refuses the TSN offloads with the reason.
# Shared-boot safe: it reads only its own part of the kernel log, and
# counts a message's lines before and after the attempt that must log it.
# rig-args: --no-load
# rig-ci-env:
# rig-stress-env:
# rig-budget: 120
# rig-stress-budget: 120
. /rig/lib.sh
. ./drv-lib.sh

mac_of() { cat /sys/class/net/"$(rig_board_netdev "$1")"/address; }
msg_count() { rig_dmesg_since_start | grep -c "$1"; }
# logged_since N PATTERN: more than N lines of PATTERN in our log now.
logged_since() { [ "$(msg_count "$2")" -gt "$1" ]; }

rig_unload_all
rig_load_emu mac=02:11:22:33:44:50 && rig_load_driver && sleep 1
rig_expect_eq "board 0 MAC from the firmware node" 02:11:22:33:44:50 "$(mac_of 0)"
rig_expect_eq "board 1 MAC from the firmware node" 02:11:22:33:44:51 "$(mac_of 1)"
rig_unload_all

rig_load_emu mac=02:11:22:33:44:50 reg_mac=02:aa:bb:cc:dd:10 && rig_load_driver && sleep 1
rig_expect_eq "firmware node wins over TSN_MAC_ADDR" 02:11:22:33:44:50 "$(mac_of 0)"
rig_unload_all

rig_load_emu reg_mac=02:aa:bb:cc:dd:10 && rig_load_driver && sleep 1
rig_expect_eq "board 0 MAC from TSN_MAC_ADDR" 02:aa:bb:cc:dd:10 "$(mac_of 0)"
rig_expect_eq "board 1 MAC from TSN_MAC_ADDR" 02:aa:bb:cc:dd:11 "$(mac_of 1)"
rig_unload_all

# Neither: derived from the machine (the VM's SMBIOS product UUID, which
# vm-batch.sh fixes) and the board's SPI bus and chip select. The expected
# addresses were computed apart from the driver, by the formula in
# docs/driver.md for UUID 4c414e31-5154-534e-8000-000000000001:
declare -A derived=([0.0]=5e:f1:5e:3d:b5:b2 [1.0]=aa:0d:0c:02:37:4a
	[2.0]=36:9f:aa:66:a0:22 [3.0]=ba:d1:c6:57:3e:bd)
n=$(msg_count "derived from the DMI product UUID")
rig_load_emu && rig_load_driver && sleep 1
m0=$(mac_of 0) m1=$(mac_of 1)
# place_of N: board N's "bus.cs". The device's name does not say (the
# emulator's boards have a software node, so the SPI core names them
# spi-nodeK); its controller (the parent, spiB) gives the bus, and each
# emulated controller has one chip select, 0.
place_of() {
	local d
	d=$(readlink -f "/sys/bus/spi/devices/$(rig_emu "$1" spi_device)")
	d=${d%/*}
	echo "${d##*/spi}.0"
}
place0=$(place_of 0) place1=$(place_of 1)
echo "derived MACs: $place0 $m0, $place1 $m1"
rig_expect_eq "board 0 ($place0): MAC derived from the machine's UUID, bus and chip select" \
	"${derived[$place0]:-none for $place0}" "$m0"
rig_expect_eq "board 1 ($place1): MAC derived from the machine's UUID, bus and chip select" \
	"${derived[$place1]:-none for $place1}" "$m1"
rig_check "derived MAC is locally administered unicast" \
	test $((0x${m0%%:*} & 3)) = 2
rig_check "the two boards got different MACs" test "$m0" != "$m1"
rig_expect_eq "the probe log names the source, once per board" 2 \
	$(($(msg_count "derived from the DMI product UUID") - n))
rig_unload_all
rig_load_emu && rig_load_driver && sleep 1
rig_expect_eq "the same MACs after the driver and boards come back" "$m0 $m1" "$(mac_of 0) $(mac_of 1)"

spi=$(rig_emu 0 spi_device)
for info in 0x0 0xffffffff; do
	echo "$spi" >/sys/bus/spi/drivers/lan1qtsn/unbind
	echo $info >$EMU_DEBUGFS/board0/system_info
	n=$(msg_count "no LAN1QTSN answers")
	refused() { ! echo "$spi" >/sys/bus/spi/drivers/lan1qtsn/bind 2>/dev/null; }
	rig_check "TSN_SYSTEM_INFO=$info refused" refused
	rig_check "TSN_SYSTEM_INFO=$info: clear message" logged_since "$n" "no LAN1QTSN answers"
	rig_check "TSN_SYSTEM_INFO=$info: no netdev" test -z "$(rig_board_netdev 0)"
done
echo 0x25080507 >$EMU_DEBUGFS/board0/system_info
# Asking a silent device whether it lacks the turnaround byte is a malformed
# read for this one: forget it, the traffic below must add none.
echo 1 >$EMU_DEBUGFS/board0/clear_counters
rig_check "binds again once the device answers" \
	sh -c "echo $spi >/sys/bus/spi/drivers/lan1qtsn/bind"
rig_check "netdev back" test -n "$(rig_board_netdev 0)"
rig_netns_pair && rig_check "traffic after the rebind" rig_ns a ping -c 3 -i 0.2 -W 2 198.51.100.2
drv_check_violations
rig_unload_all
rig_netns_del a b

# A board whose counter cannot be read at probe (every read starting at
# TSN_SYSCOUNT_H fails): the interface comes up without a PHC, one line
# says so, and the TSN offloads are refused with the reason (taprio by the
# kernel's taprio itself, which finds no PHC in ethtool's ts_info; cbs and
# etf by the driver, in the kernel log); mqprio is not a TSN offload and is
# accepted. Board 1 keeps its PHC.
# tc_refused WHY CMD...: CMD fails and its output says WHY.
tc_refused() {
	local why=$1 out
	shift
	out=$("$@" 2>&1) && { echo "accepted: $*"; return 1; }
	echo "$out"
	grep -qF "$why" <<<"$out"
}
phc_of() { ls "/sys/bus/spi/devices/$(rig_emu "$1" spi_device)/ptp" 2>/dev/null; }
nophc="cannot read the system counter (.*): no PHC"
why="the device has no PTP clock (the probe log says why)"
rig_load_emu
echo 0x3288 >"$EMU_DEBUGFS"/board0/fault_addr_eio
n=$(msg_count "$nophc") c=$(msg_count "offload on queue 0 refused: $why")
rig_load_driver && sleep 1
echo 0 >"$EMU_DEBUGFS"/board0/fault_addr_eio
dev0=$(rig_board_netdev 0)
rig_check "counter unreadable at probe: the netdev is there" test -n "$dev0"
rig_expect_eq "counter unreadable at probe: one line says so" 1 $(($(msg_count "$nophc") - n))
rig_expect_eq "counter unreadable at probe: no PHC" "" "$(phc_of 0)"
rig_check "board 1 has its PHC ($(phc_of 1))" test -n "$(phc_of 1)"
ip link set "$dev0" up
# taprio itself asks ethtool's ts_info for the PHC before it offloads.
rig_check "no PHC: taprio full offload refused, tc says why" \
	tc_refused "Device does not have a PTP clock" \
	tc qdisc replace dev "$dev0" parent root handle 100 taprio num_tc 3 \
	map 2 2 1 0 2 2 2 2 2 2 2 2 2 2 2 2 queues 1@0 1@1 1@2 base-time 0 \
	sched-entry S 0x7 1000000 flags 0x2
rig_check "no PHC: mqprio (hw 0) accepted" \
	tc qdisc replace dev "$dev0" parent root handle 100 mqprio num_tc 2 \
	map 0 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 queues 1@0 7@1 hw 0
rig_check "no PHC: cbs offload refused" tc_refused "failed to setup cbs" \
	tc qdisc replace dev "$dev0" parent 100:1 cbs idleslope 1000 \
	sendslope -99000 hicredit 30 locredit -1470 offload 1
rig_check "no PHC: etf offload refused" tc_refused "failed to setup ETF" \
	tc qdisc replace dev "$dev0" parent 100:1 etf clockid CLOCK_TAI \
	delta 1000000 offload
rig_expect_eq "no PHC: the kernel log says why, for cbs and etf" 2 \
	$(($(msg_count "offload on queue 0 refused: $why") - c))
rig_unload_all

n=$(msg_count "without the read turnaround byte")
rig_load_emu turnaround=0 && rig_load_driver
sleep 1
rig_check "no turnaround byte: refused" test -z "$(rig_board_netdev 0)"
rig_check "no turnaround byte: clear message" logged_since "$n" "without the read turnaround byte"
rig_unload_all
rig_done
