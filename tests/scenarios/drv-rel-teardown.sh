#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Reliability: teardown while a fault is active. For each fault (SPI errors
# before and after the side effect at 10 %, a level line stuck low or lost
# edges, a vanished device),
# under ping floods both ways: link down/up, unbind/bind of board 0, and
# rmmod/insmod of the driver. Nothing may splat, hang or leak (the rig's
# verdict), and once the fault is cleared the boards talk again.
# rig-ci-env: REL_TEARDOWN_CYCLES=1
# rig-stress-env: REL_TEARDOWN_CYCLES=10
# rig-budget: 300
# The level-low pass runs it in the stress tier only: CI's level-low pass
# keeps drv-rel-irq, which covers the masked line while draining.
# rig-stress-budget: 1500
. /rig/lib.sh
. ./drv-lib.sh
. ./drv-rel-lib.sh

cycles=${REL_TEARDOWN_CYCLES:-1}
spi=$(rig_emu 0 spi_device)
drvdir=/sys/bus/spi/drivers/lan1qtsn

# pair: both netdevs into their namespaces (after a bind or a reload).
pair() {
	rig_netns_pair || { rig_fail "netns pair"; return 1; }
}

# cycle KNOB ON OFF: one round of teardowns with KNOB=ON on both boards;
# the netdevs are in their namespaces before and after.
cycle() {
	local knob=$1 on=$2 off=$3
	rel_floods_start 3600
	rel_set "$knob" "$on"
	sleep 1
	ip -n a link set "$NS_A_DEV" down && ip -n a link set "$NS_A_DEV" up ||
		echo "$knob: link down/up returned an error (the device may be gone: allowed)"
	sleep 0.5
	echo "$spi" >$drvdir/unbind || rig_fail "$knob: unbind"
	echo "$spi" >$drvdir/bind || echo "$knob: bind refused while the fault is active (allowed)"
	rel_floods_stop
	rel_floods_start 3600
	sleep 0.5
	rel_floods_stop
	rmmod lan1qtsn || rig_fail "$knob: rmmod"
	rel_set "$knob" "$off"
	rig_load_driver || rig_fail "$knob: insmod"
	sleep 0.5
	pair || return 1
	rig_check "$knob: a -> b after the teardowns" rig_ns a ping -c 3 -i 0.2 -W 2 198.51.100.2
	drv_check_violations
}

pair || { rig_done; exit 1; }
for ((n = 1; n <= cycles; n++)); do
	cycle fault_spi_eio_ppm 100000 0
	cycle fault_spi_after_eio_ppm 100000 0
	cycle fault_irq_stuck_low 1 0
	cycle fault_irq_lost_ppm 500000 0
	cycle fault_miso_stuck 2 0
done
drv_dump
drv_done
