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

# drv_ping_ratio OUTPUT: received * 1000 / transmitted from ping's summary.
drv_ping_permille() {
	awk '/packets transmitted/ { t = $1; r = $4 } END { if (t > 0) print int(r * 1000 / t); else print 0 }' "$1"
}

# drv_arping_permille OUTPUT: replies * 1000 / probes from arping's summary.
drv_arping_permille() {
	awk '/probes sent/ { s = $2 } /response.* received|responses? received/ { r = $2 }
	     /Sent [0-9]+ probes/ { s = $2 } /Received [0-9]+ response/ { r = $2 }
	     END { if (s > 0) print int(r * 1000 / s); else print 0 }' "$1"
}

# drv_dump: counters worth reading when something failed.
drv_dump() {
	local b
	for b in 0 1; do
		echo "--- emulator board $b"
		rig_emu $b counters | grep -v ' 0$'
	done
	[ -n "${NS_A_DEV:-}" ] && ip netns exec a ethtool -S "$NS_A_DEV" | grep -v ': 0$'
	[ -n "${NS_B_DEV:-}" ] && ip netns exec b ethtool -S "$NS_B_DEV" | grep -v ': 0$'
	return 0
}
