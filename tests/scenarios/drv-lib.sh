# SPDX-License-Identifier: GPL-2.0
# Helpers shared by the driver scenarios (drv-*.sh); sourced, not run.

# drv_ethtool_stat NS DEV NAME: one driver counter from ethtool -S.
drv_ethtool_stat() {
	ip netns exec "$1" ethtool -S "$2" | awk -v n="$3:" '$1 == n { print $2 }'
}

# drv_emu_counter BOARD NAME: one emulator counter.
drv_emu_counter() {
	rig_emu "$1" counters | awk -v n="$2" '$1 == n { print $2 }'
}

# drv_emu_violations BOARD: total protocol violations seen by the emulator.
drv_emu_violations() {
	rig_emu "$1" violations | awk '{ s += $2 } END { print s + 0 }'
}

# drv_check_violations: both boards report zero protocol violations.
drv_check_violations() {
	local b
	for b in 0 1; do
		rig_expect_eq "board $b: no protocol violations" 0 "$(drv_emu_violations $b)"
		[ "$(drv_emu_violations $b)" = 0 ] || rig_emu $b violations
	done
}

# drv_ping_permille OUTPUT: received * 1000 / transmitted from ping's summary.
drv_ping_permille() {
	awk '/packets transmitted/ { t = $1; r = $4 } END { if (t > 0) print int(r * 1000 / t); else print 0 }' "$1"
}

# drv_arping_permille OUTPUT: replies * 1000 / probes from the summary of
# arping ("N packets transmitted, M packets received").
drv_arping_permille() {
	awk '/packets transmitted/ { t = $1; r = $4 }
	     END { if (t > 0) print int(r * 1000 / t); else print 0 }' "$1"
}

# drv_ping_rx_bytes FROM_NS TO_NS TO_DEV TO_ADDR SIZE: one ping of SIZE
# payload bytes from FROM_NS; prints "frames bytes" that TO_DEV received for
# it (the FCS must not be counted: SIZE + 28 + 14 bytes in one frame).
drv_ping_rx_bytes() {
	# Arrays, not <(...): the VM has no /dev/fd.
	local st=/sys/class/net/$3/statistics before after
	before=($(ip netns exec "$2" cat $st/rx_bytes $st/rx_packets))
	ip netns exec "$1" ping -c 1 -W 2 -s "$5" "$4" >/dev/null
	after=($(ip netns exec "$2" cat $st/rx_bytes $st/rx_packets))
	echo "$((after[1] - before[1])) $((after[0] - before[0]))"
}

# drv_dump: counters worth reading when something failed.
drv_dump() {
	drv_thread_cpu
	local b
	for b in 0 1; do
		echo "--- emulator board $b"
		rig_emu $b counters | grep -v ' 0$'
	done
	[ -n "${NS_A_DEV:-}" ] && ip netns exec a ethtool -S "$NS_A_DEV" | grep -v ': 0$'
	[ -n "${NS_B_DEV:-}" ] && ip netns exec b ethtool -S "$NS_B_DEV" | grep -v ': 0$'
	return 0
}

# drv_check_no_loss [overload-ok]: nothing was dropped or lost inside the drivers, the
# credit accounting never overran the device, every frame written was a
# single SPI transaction the emulator accepted.
drv_check_no_loss() {
	local ns dev b
	sleep 1	# let the devices send what they hold
	for b in 0 1; do
		if [ $b = 0 ]; then ns=a dev=$NS_A_DEV; else ns=b dev=$NS_B_DEV; fi
		for c in tx_bus_errors tx_drop_invalid rx_nomem rx_backlog_drop rx_fcs_errors rx_meta_invalid spi_errors; do
			rig_expect_eq "$ns: $c" 0 "$(drv_ethtool_stat $ns "$dev" $c)"
		done
		rig_expect_eq "$ns: tx_dropped" 0 "$(ip netns exec $ns cat /sys/class/net/$dev/statistics/tx_dropped)"
		rig_expect_eq "$ns: rx_dropped" 0 "$(ip netns exec $ns cat /sys/class/net/$dev/statistics/rx_dropped)"
		rig_expect_eq "board $b: no TX write without a free buffer" 0 "$(drv_emu_counter $b tx_dropped_no_buffer)"
		rig_expect_eq "board $b: no malformed TX" 0 "$(drv_emu_counter $b tx_dropped_malformed)"
		if [ "${1:-}" = overload-ok ]; then
			echo "board $b: RX FIFO overflows: $(drv_emu_counter $b rx_dropped_fifo_full)"
		else
			rig_expect_eq "board $b: RX FIFO never overflowed" 0 "$(drv_emu_counter $b rx_dropped_fifo_full)"
		fi
		rig_expect_eq "$ns: every frame written was sent on the wire" \
			"$(drv_ethtool_stat $ns "$dev" spi_tx_frame)" "$(drv_emu_counter $b wire_tx_frames)"
	done
}

# drv_thread_cpu: CPU time (clock ticks) of the owner threads and the
# emulator's, to see what the run was bound by.
drv_thread_cpu() {
	local p
	for p in /proc/[0-9]*; do
		case "$(cat $p/comm 2>/dev/null)" in
		lan1qtsn*|*spi*|ksoftirqd*|iperf3|ping) echo "$(cat $p/comm) $(awk '{ print "utime", $14, "stime", $15 }' $p/stat)" ;;
		esac
	done
	return 0
}
