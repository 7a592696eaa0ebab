#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# iperf3 TCP and UDP in both directions at once for 30 s each: no splat, no
# lost skb, no protocol violation; prints the figures of the closing note
# (Mbit/s and frames/s each way, bus use, SPI transactions per frame).
. /rig/lib.sh
. ./drv-lib.sh

secs=${DRV_IPERF_SECS:-30}
udp_rate=${DRV_UDP_RATE:-1M}
rig_netns_pair || { rig_fail "netns pair"; rig_done; exit 1; }
ip netns exec b iperf3 -s -D >/dev/null
sleep 1

# drv_snap PREFIX: remember the counters the figures are computed from.
drv_snap() {
	eval "$1_a_tx=$(drv_ethtool_stat a "$NS_A_DEV" tx_frames)"
	eval "$1_a_rx=$(drv_ethtool_stat a "$NS_A_DEV" rx_frames)"
	eval "$1_a_txb=$(drv_ethtool_stat a "$NS_A_DEV" tx_bytes)"
	eval "$1_b_txb=$(drv_ethtool_stat b "$NS_B_DEV" tx_bytes)"
	eval "$1_b_tx=$(drv_ethtool_stat b "$NS_B_DEV" tx_frames)"
	eval "$1_a_spi_tx=$(drv_ethtool_stat a "$NS_A_DEV" spi_tx_frame)"
	eval "$1_a_rr=$(drv_ethtool_stat a "$NS_A_DEV" spi_reg_read)"
	eval "$1_a_meta=$(drv_ethtool_stat a "$NS_A_DEV" spi_rx_meta)"
	eval "$1_a_frame=$(drv_ethtool_stat a "$NS_A_DEV" spi_rx_frame)"
	eval "$1_a_cr=$(drv_ethtool_stat a "$NS_A_DEV" tx_credit_refresh)"
	eval "$1_e0_tr=$(drv_emu_counter 0 bus_transactions)"
	eval "$1_e0_busy=$(drv_emu_counter 0 bus_busy_ns)"
	eval "$1_t=$(awk '{ printf "%d", $1 * 1000 }' /proc/uptime)"
}

# drv_figures LABEL: integer maths over the last run.
drv_figures() {
	local ms=$((e_t - s_t))
	local atx=$((e_a_tx - s_a_tx)) btx=$((e_b_tx - s_b_tx)) arx=$((e_a_rx - s_a_rx))
	echo "FIGURE $1: a->b $((atx * 1000 / ms)) frames/s $(((e_a_txb - s_a_txb) * 8 / ms)) kbit/s;" \
		"b->a $((btx * 1000 / ms)) frames/s $(((e_b_txb - s_b_txb) * 8 / ms)) kbit/s"
	echo "FIGURE $1: board 0 bus busy $(((e_e0_busy - s_e0_busy) / 10000 / ms)) % of the time;" \
		"$((e_e0_tr - s_e0_tr)) transactions for $atx TX + $arx RX frames"
	[ $atx -gt 0 ] && echo "FIGURE $1: a: SPI transactions per TX frame" \
		"$(((e_a_spi_tx - s_a_spi_tx + e_a_cr - s_a_cr) * 1000 / atx))/1000" \
		"(credit refreshes $((e_a_cr - s_a_cr)))"
	[ $arx -gt 0 ] && echo "FIGURE $1: a: SPI transactions per RX frame" \
		"$(((e_a_meta - s_a_meta + e_a_frame - s_a_frame) * 1000 / arx))/1000"
	return 0
}

# drv_iperf_rate FILE ROLE: receiver bitrate in kbit/s of one direction.
drv_iperf_rate() {
	awk -v role="$2" '$0 ~ role && / receiver/ {
		for (i = 1; i <= NF; i++) if ($i ~ /bits\/sec$/) { v = $(i - 1); u = $i }
		if (u ~ /^Mbits/) v *= 1000; else if (u ~ /^Gbits/) v *= 1000000; else if (u ~ /^bits/) v /= 1000
		print int(v) }' "$1" | tail -n 1
}

# drv_iperf_bidir LABEL IPERF-ARGS...: one --bidir run, checked and measured.
drv_iperf_bidir() {
	local label=$1 rc
	shift
	drv_snap s
	ip netns exec a iperf3 -c 198.51.100.2 -t "$secs" --bidir -f k "$@" >/tmp/$label.txt 2>&1
	rc=$?
	drv_snap e
	tail -n 8 /tmp/$label.txt
	rig_expect_eq "iperf3 $label ran" 0 $rc
	rig_expect_ge "$label a -> b kbit/s" 100 "$(drv_iperf_rate /tmp/$label.txt TX-C)"
	rig_expect_ge "$label b -> a kbit/s" 100 "$(drv_iperf_rate /tmp/$label.txt RX-C)"
	drv_figures "$label"
}

drv_iperf_bidir tcp-bidir
drv_iperf_bidir udp-bidir-$udp_rate -u -b "$udp_rate"

drv_snap s
ip netns exec a iperf3 -c 198.51.100.2 -t 10 -f k >/tmp/tcp1.txt 2>&1
drv_snap e
tail -n 4 /tmp/tcp1.txt
drv_figures tcp-a-to-b

sleep 1
# Overload (UDP above capacity, TCP probing) may overflow the device RX
# FIFO: that is the device's loss, reported, not the driver's.
drv_check_no_loss overload-ok
drv_check_violations
drv_dump
rig_done
