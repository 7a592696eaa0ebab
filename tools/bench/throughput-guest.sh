#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the test VM (tools/bench/throughput.sh boots it). Measures,
# for each direction and frame size, what the driver moves between the two
# emulated boards against what the modelled SPI bus could carry at best, and
# the SPI transactions the driver spends per frame (emulator counters).
# Arguments: SECONDS (per measurement), UDP payload sizes.
. /rig/lib.sh
dur=${1:-10}
shift
sizes=${*:-1472 64}

rig_netns_pair || { echo "bench: no boards"; exit 1; }
hz=$(rig_emu 0 spi_hz)
ovh=$(rig_emu 0 xfer_overhead_ns)
ctr() { rig_emu "$1" counters | awk -v n="$2" '$1 == n { print $2 }'; }
rxpk() { ip netns exec "$1" cat /proc/net/dev | awk -v d="$2:" '$1 == d { print $3 }'; }

echo "bus model: ${hz} Hz, ${ovh} ns per transaction; ${dur} s per run"
printf '%-6s %6s %9s %9s %9s %9s %8s %7s %7s %7s\n' dir payload ceil_fps wire_fps rx_fps Mbit/s ceil_Mb bus_use tx/fr rx/fr
for len in $sizes; do
	for dir in ab ba; do
		if [ $dir = ab ]; then s=a r=b sb=0 rb=1 dst=198.51.100.2 rdev=$NS_B_DEV
		else s=b r=a sb=1 rb=0 dst=198.51.100.1 rdev=$NS_A_DEV; fi
		echo 1 >"$EMU_DEBUGFS/board0/clear_counters"
		echo 1 >"$EMU_DEBUGFS/board1/clear_counters"
		rx0=$(rxpk $r "$rdev")
		ip netns exec $r iperf3 -s -1 -D >/dev/null
		sleep 0.5
		out=$(ip netns exec $s iperf3 -c $dst -u -b 100M -l "$len" -t "$dur" 2>&1)
		rx1=$(rxpk $r "$rdev")
		mbit=$(echo "$out" | awk '/receiver/ { for (i = 1; i <= NF; i++) if ($i ~ /bits\/sec/) { v = $(i - 1); u = $i } }
			END { if (u ~ /^K/) v /= 1000; if (u ~ /^G/) v *= 1000; if (u ~ /^bits/) v /= 1000000; print v + 0 }')
		wire=$(ctr $sb wire_tx_frames)
		txn=$(ctr $sb bus_transactions)
		busy=$(ctr $sb bus_busy_ns)
		rxf=$(ctr $rb wire_rx_frames)
		rxn=$(ctr $rb bus_transactions)
		# One TX transaction: header, metadata, Ethernet frame, FCS.
		frame=$((len + 42 < 60 ? 60 : len + 42))
		tx_ns=$(((3 + 32 + frame + 4) * 8 * 1000000000 / hz + ovh))
		ceil_fps=$((1000000000 / tx_ns))
		awk -v d=$dir -v l="$len" -v cf=$ceil_fps -v w="$wire" -v rx=$((rx1 - rx0)) -v t="$dur" \
			-v m="$mbit" -v b="$busy" -v tn="$txn" -v rf="$rxf" -v rn="$rxn" 'BEGIN {
			printf "%-6s %6d %9d %9.0f %9.0f %9.2f %8.2f %6.1f%% %7.2f %7.2f\n", d, l, cf, w / t, rx / t, m,
				cf * l * 8 / 1e6, b / (t * 1e7), w ? tn / w : 0, rf ? rn / rf : 0 }'
	done
done
echo
echo "ceil_fps: frames/s the bus could carry with nothing but TX transactions of this size"
echo "wire_fps: frames/s the sending board put on the wire; rx_fps: frames/s the receiving host got"
echo "Mbit/s: UDP payload received (iperf3); ceil_Mb: payload at ceil_fps"
echo "bus_use: sender's bus busy time / run time; tx/fr, rx/fr: SPI transactions per frame"
echo "  on the sending board (all its transactions / frames sent) and the receiving board"

ip netns exec b ping -c 200 -i 0.01 -q 198.51.100.1 | tail -n 2
