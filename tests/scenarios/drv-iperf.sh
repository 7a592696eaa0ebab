#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# iperf3 TCP and UDP in both directions at once, then TCP one way: no
# splat, no lost skb, every frame accounted for (drv_account: what the
# overload drops, the device counts), no protocol violation; prints the
# figures of the closing note (Mbit/s and frames/s each way, bus use, SPI
# transactions per frame).
# rig-ci-env: DRV_IPERF_SECS=10 DRV_IPERF_ONEWAY_SECS=5
# rig-stress-env: DRV_IPERF_SECS=30 DRV_IPERF_ONEWAY_SECS=10
# rig-budget: 120
# rig-stress-budget: 240
# rig-kcsan: yes
. /rig/lib.sh
. ./drv-lib.sh

secs=${DRV_IPERF_SECS:-10}
oneway=${DRV_IPERF_ONEWAY_SECS:-5}
udp_rate=${DRV_UDP_RATE:-1M}
rig_netns_pair || { rig_fail "netns pair"; rig_done; exit 1; }
# shellcheck disable=SC2034 # filled and read by name (rig_snap, drv_account)
declare -A s e s0
rig_snap s0
# The server in the background (its PID is $!), waited for until it listens.
rig_ns_exec b iperf3 -s >"$RIG_TMP/iperf3-server.txt" 2>&1 &
srv=$!
rig_check "iperf3 server listens" rig_wait_bound $srv 5201 tcp

# snap NAME: the counters and the time (ms) the figures are computed from.
# shellcheck disable=SC2034 # t_ is a nameref: assigned for the caller
snap() {
	local up
	rig_snap "$1"
	local -n t_=$1
	read -r up _ </proc/uptime
	t_[ms]=$((10#${up/./} * 10))
}

# figures LABEL: integer maths over the last run (snapshots s and e);
# printed only, a missing counter counts as 0 here.
figures() {
	local k
	local -A d
	for k in ms a.tx_frames b.tx_frames a.rx_frames a.tx_bytes b.tx_bytes \
		a.tx_credit_refresh a.spi_tx_frame a.spi_rx_meta a.spi_rx_frame \
		e0.bus_busy_ns e0.bus_transactions; do
		d[$k]=$((${e[$k]:-0} - ${s[$k]:-0}))
	done
	local ms=$((${d[ms]} > 0 ? ${d[ms]} : 1))
	local atx=${d[a.tx_frames]} btx=${d[b.tx_frames]} arx=${d[a.rx_frames]} acr=${d[a.tx_credit_refresh]}
	echo "FIGURE $1: a->b $((atx * 1000 / ms)) frames/s $((${d[a.tx_bytes]} * 8 / ms)) kbit/s;" \
		"b->a $((btx * 1000 / ms)) frames/s $((${d[b.tx_bytes]} * 8 / ms)) kbit/s"
	echo "FIGURE $1: board 0 bus busy $((${d[e0.bus_busy_ns]} / 10000 / ms)) % of the time;" \
		"${d[e0.bus_transactions]} transactions for $atx TX + $arx RX frames"
	[ "$atx" -gt 0 ] && echo "FIGURE $1: a: SPI transactions per TX frame" \
		"$(((${d[a.spi_tx_frame]} + acr) * 1000 / atx))/1000 (credit refreshes $acr)"
	[ "$arx" -gt 0 ] && echo "FIGURE $1: a: SPI transactions per RX frame" \
		"$(((${d[a.spi_rx_meta]} + ${d[a.spi_rx_frame]}) * 1000 / arx))/1000"
	return 0
}

# iperf_rate FILE ROLE: receiver bitrate in kbit/s of one direction.
iperf_rate() {
	awk -v role="$2" '$0 ~ role && / receiver/ {
		for (i = 1; i <= NF; i++) if ($i ~ /bits\/sec$/) { v = $(i - 1); u = $i }
		if (u ~ /^Mbits/) v *= 1000; else if (u ~ /^Gbits/) v *= 1000000; else if (u ~ /^bits/) v /= 1000
		print int(v) }' "$1" | tail -n 1
}

# iperf_bidir LABEL IPERF-ARGS...: one --bidir run, checked and measured.
iperf_bidir() {
	local label=$1 rc
	shift
	snap s
	rig_ns a iperf3 -c 198.51.100.2 -t "$secs" --bidir -f k "$@" >"$RIG_TMP/$label.txt" 2>&1
	rc=$?
	snap e
	tail -n 8 "$RIG_TMP/$label.txt"
	rig_expect_eq "iperf3 $label ran" 0 $rc
	rig_expect_ge "$label a -> b kbit/s" 100 "$(iperf_rate "$RIG_TMP/$label.txt" TX-C)"
	rig_expect_ge "$label b -> a kbit/s" 100 "$(iperf_rate "$RIG_TMP/$label.txt" RX-C)"
	figures "$label"
}

iperf_bidir tcp-bidir
iperf_bidir "udp-bidir-$udp_rate" -u -b "$udp_rate"

snap s
rig_ns a iperf3 -c 198.51.100.2 -t "$oneway" -f k >"$RIG_TMP/tcp1.txt" 2>&1
rig_expect_eq "iperf3 tcp-a-to-b ran" 0 $?
snap e
tail -n 4 "$RIG_TMP/tcp1.txt"
figures tcp-a-to-b

# gone PID: no such process, or only its zombie (our child until reaped).
# SIGTERM ends the server (within 5 s, else KILL and a failed check).
gone() {
	local line
	read -r line 2>/dev/null <"/proc/$1/stat" || return 0
	line=${line##*) }
	[ "${line%% *}" = Z ]
}
stopped() {
	local n=0
	kill "$srv" || return 1
	while ! gone "$srv" && [ $n -lt 50 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	gone "$srv" || { kill -KILL "$srv"; wait "$srv"; return 1; }
	wait "$srv"
	echo "iperf3 server: gone $((n * 100)) ms after SIGTERM"
}
rig_check "iperf3 server stopped" stopped

# Overload (UDP above capacity, TCP probing) may overflow the device RX
# FIFO: that is the device's loss, reported and accounted for, not the
# driver's.
drv_check_no_loss overload-ok
drv_account s0 DRV_NOW
drv_check_violations
drv_dump
drv_done
