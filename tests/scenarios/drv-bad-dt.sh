#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Bad device-tree input (the emulator's dt_fault= gives every board's
# description one defect, as a broken overlay would): no interrupt, no or a
# zero spi-max-frequency each refuse the probe before the bus is touched,
# with one message per board that names the property and the overlay
# parameter; a malformed local-mac-address (5 bytes) is ignored with a
# warning that says so, and the address is derived as without one. After
# each, a good description binds again. The reset line (reset-gpios, the
# overlay's reset_pin) on a gpio-sim bank: free, each board claims its line
# and binds; held by someone else (a hog on board 0's line), board 0 is
# refused before the bus is touched with a message that names the property,
# and board 1 binds.
# Shared-boot safe: it counts its own messages in its part of the log.
# rig-args: --no-load
# rig-ci-env:
# rig-stress-env:
# rig-budget: 90
# rig-stress-budget: 90
. /rig/lib.sh
. ./drv-lib.sh

msg_count() { rig_dmesg_since_start | grep -c "$1"; }

rig_unload_all
# refused FAULT PATTERN: both boards refused, each with one PATTERN line.
refused() {
	local fault=$1 pattern=$2 n
	n=$(msg_count "$pattern")
	rig_load_emu dt_fault="$fault" && rig_load_driver && sleep 1
	rig_check "$fault: board 0 has no netdev" test -z "$(rig_board_netdev 0)"
	rig_check "$fault: board 1 has no netdev" test -z "$(rig_board_netdev 1)"
	rig_expect_eq "$fault: one message per board naming the property" 2 \
		"$(($(msg_count "$pattern") - n))"
	rig_expect_eq "$fault: the device was never addressed (bus transactions of board 0)" 0 \
		"$(rig_emu 0 counters | sed -n 's/^bus_transactions  *\([0-9]*\)$/\1/p')"
	rig_unload_all
}
refused no-irq 'no interrupt: the device-tree node needs "interrupts".*int_pin'
refused no-speed 'no "spi-max-frequency" in the device-tree node.*speed'
refused zero-speed '"spi-max-frequency" is 0.*speed'

n=$(msg_count 'ignoring the device tree.s "local-mac-address" (5 bytes)')
rig_load_emu dt_fault=bad-mac && rig_load_driver && sleep 1
m0=$(cat "/sys/class/net/$(rig_board_netdev 0)/address" 2>/dev/null)
rig_check "bad-mac: board 0 probes" test -n "$m0"
rig_expect_eq "bad-mac: one warning per board naming the property and its length" 2 \
	$(($(msg_count 'ignoring the device tree.s "local-mac-address" (5 bytes)') - n))
rig_check "bad-mac: the 5 bytes were not used ($m0)" test "${m0#02:11:22:33:44}" = "$m0"
rig_check "bad-mac: the address is derived instead (log)" \
	grep -q "MAC address $m0 derived from" <<<"$(rig_dmesg_since_start)"
rig_unload_all

rig_load_emu && rig_load_driver && sleep 1
rig_check "a good description binds again: board 0" test -n "$(rig_board_netdev 0)"
rig_check "a good description binds again: board 1" test -n "$(rig_board_netdev 1)"
rig_unload_all

# The reset line: lines 0 and 1 of a gpio-sim bank labelled lan1qtsn-reset.
grep -q ' /sys/kernel/config configfs ' /proc/mounts || mount -t configfs none /sys/kernel/config
sim=/sys/kernel/config/gpio-sim/rig-reset
mkdir -p $sim/gpio-bank0
echo 2 >$sim/gpio-bank0/num_lines
echo lan1qtsn-reset >$sim/gpio-bank0/label
echo 1 >$sim/live
rig_load_emu reset_gpio=lan1qtsn-reset:0 && rig_load_driver && sleep 1
grep -A3 'lan1qtsn-reset' /sys/kernel/debug/gpio
rig_check "reset line free: board 0 binds" test -n "$(rig_board_netdev 0)"
rig_check "reset line free: board 1 binds" test -n "$(rig_board_netdev 1)"
# gpio-sim's lines: " gpio-N (CONSUMER) output-low,pull-down".
rig_expect_eq "reset line free: both lines held by the driver as \"reset\", driven low" 2 \
	"$(grep -A3 'lan1qtsn-reset' /sys/kernel/debug/gpio | grep -c '^ *gpio-[0-9]* (reset) output-low')"
rig_unload_all
grep -A3 'lan1qtsn-reset' /sys/kernel/debug/gpio
rig_expect_eq "reset line free: released at unbind" 0 \
	"$(grep -A3 'lan1qtsn-reset' /sys/kernel/debug/gpio | grep -c '(reset)')"

echo 0 >$sim/live
mkdir -p $sim/gpio-bank0/line0/hog
echo rig-holds-it >$sim/gpio-bank0/line0/hog/name
echo output-low >$sim/gpio-bank0/line0/hog/direction
echo 1 >$sim/live
pattern='cannot claim the device tree.s "reset-gpios" (the overlay.s reset_pin)'
n=$(msg_count "$pattern")
rig_load_emu reset_gpio=lan1qtsn-reset:0 && rig_load_driver && sleep 1
rig_dmesg_since_start | grep "$pattern" | tail -n1
rig_check "reset line busy: board 0 has no netdev" test -z "$(rig_board_netdev 0)"
rig_check "reset line busy: board 1 binds" test -n "$(rig_board_netdev 1)"
rig_expect_eq "reset line busy: one message naming the property" 1 "$(($(msg_count "$pattern") - n))"
rig_expect_eq "reset line busy: board 0 was never addressed (bus transactions)" 0 \
	"$(rig_emu 0 counters | sed -n 's/^bus_transactions  *\([0-9]*\)$/\1/p')"
rig_unload_all
echo 0 >$sim/live
rmdir $sim/gpio-bank0/line0/hog $sim/gpio-bank0/line0 $sim/gpio-bank0 $sim
rig_done
