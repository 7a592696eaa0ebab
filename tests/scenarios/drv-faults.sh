#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Recovery (design.md): with the emulator injecting SPI errors, impossible
# RX metadata, bad FCS, lost and spurious interrupts, a stuck transmitter
# and a device reset under ping floods both ways, the driver counts each
# event, resynchronises where it must and keeps going: traffic is fully back
# once the fault stops, and the emulator sees no protocol violation.
. /rig/lib.sh
. ./drv-lib.sh

count=${DRV_FAULT_FLOOD:-600}
rig_netns_pair || { rig_fail "netns pair"; rig_done; exit 1; }

drv_set_fault() { # NAME VALUE: on both boards
	echo "$2" >$EMU_DEBUGFS/board0/$1 && echo "$2" >$EMU_DEBUGFS/board1/$1
}

drv_sum_stat() { # COUNTER: over both sides
	echo $(($(drv_ethtool_stat a "$NS_A_DEV" $1) + $(drv_ethtool_stat b "$NS_B_DEV" $1)))
}

drv_flood() { # COUNT: both ways, prints the worse reply ratio per mille
	local pa pb ra rb
	# -W, not -w: with a deadline ping -f keeps sending until COUNT
	# replies came, so the frames in flight at the end look lost.
	ip netns exec a ping -f -q -c "$1" -W 2 198.51.100.2 >/tmp/fa.txt 2>&1 &
	pa=$!
	ip netns exec b ping -f -q -c "$1" -W 2 -s 1000 198.51.100.1 >/tmp/fb.txt 2>&1 &
	pb=$!
	wait $pa $pb
	ra=$(drv_ping_permille /tmp/fa.txt)
	rb=$(drv_ping_permille /tmp/fb.txt)
	[ "$ra" -lt "$rb" ] && echo "$ra" || echo "$rb"
}

drv_recovered() { # LABEL: full service after the fault is gone
	sleep 1
	rig_expect_ge "$1: flood after the fault, replies per mille" 999 "$(drv_flood 300)"
	drv_check_violations
}

# phase FAULT PPM COUNTER MIN_RATIO: rate fault during a flood.
drv_rate_phase() {
	local before after ratio
	before=$(drv_sum_stat "$3")
	drv_set_fault "fault_$1_ppm" "$2"
	ratio=$(drv_flood "$count")
	drv_set_fault "fault_$1_ppm" 0
	after=$(drv_sum_stat "$3")
	echo "$1 at $2 ppm: $3 $before -> $after, replies $ratio per mille"
	rig_expect_ge "$1: counted in $3" $((before + 1)) "$after"
	rig_expect_ge "$1: traffic kept flowing (per mille)" "$4" "$ratio"
	drv_recovered "$1"
}

# A failed transaction leaves the FIFOs paired: a light resync (recovery)
# that loses at most the frame being written. Impossible metadata puts the
# pairing in doubt: a full resync that empties the RX FIFO.
r0=$(drv_sum_stat recoveries)
drv_rate_phase spi_eio 3000 spi_errors 980
drv_rate_phase spi_etimedout 3000 spi_errors 980
rig_expect_ge "SPI errors were followed by recoveries" $((r0 + 1)) "$(drv_sum_stat recoveries)"
r1=$(drv_sum_stat resyncs)
drv_rate_phase meta_len 5000 rx_meta_invalid 900
rig_expect_ge "impossible metadata was followed by resyncs" $((r1 + 1)) "$(drv_sum_stat resyncs)"
drv_rate_phase rx_fcs 10000 rx_fcs_errors 900
drv_rate_phase irq_lost 3000 rx_frames 900
drv_rate_phase irq_spurious 20000 rx_empty_polls 990

# A transmitter that stops for 3 s: counted as stuck, then resumes.
before=$(drv_sum_stat tx_stuck)
ip netns exec a ping -f -q -w 8 198.51.100.2 >/dev/null 2>&1 &
p=$!
sleep 1
echo 1 >$EMU_DEBUGFS/board0/fault_tx_stuck
sleep 3
echo 0 >$EMU_DEBUGFS/board0/fault_tx_stuck
wait $p
rig_expect_ge "stuck TX detected" $((before + 1)) "$(drv_sum_stat tx_stuck)"
drv_recovered tx_stuck

# The device resets itself under traffic: it comes back disabled.
before=$(drv_sum_stat device_resets)
ip netns exec b ping -f -q -w 6 198.51.100.1 >/dev/null 2>&1 &
p=$!
sleep 1
echo 1 >$EMU_DEBUGFS/board0/fault_reset
wait $p
rig_expect_ge "device reset detected" $((before + 1)) "$(drv_sum_stat device_resets)"
drv_recovered reset

drv_dump
rig_done
