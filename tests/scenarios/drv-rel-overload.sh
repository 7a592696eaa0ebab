#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Reliability: overload. Both sides offer UDP at 50 Mbit/s each for
# REL_OVERLOAD_S seconds, with the emulated SPI clock lowered to 1 MHz: the
# VM's emulated CPU generates ~130 full-size frames/s each way, several
# times what a 1 MHz link carries both ways (~40 each way), as a Pi does at
# 15 MHz. Memory stays bounded: the peak of the qdisc backlog, the
# driver's rings (ethtool counters cannot show them: the qdisc backlog and
# BQL bound them) and the kernel's slab are sampled every second and
# reported; slab growth beyond 64 MiB fails. Afterwards every frame is
# delivered or counted (the excess is dropped by the stack's qdisc or by
# the device's full RX FIFO, both counted) and traffic is back at once.
# rig-ci-env: REL_OVERLOAD_S=20 REL_PROBES=150
# rig-stress-env: REL_OVERLOAD_S=300 REL_PROBES=300
# rig-budget: 200
# rig-stress-budget: 900
. /rig/lib.sh
. ./drv-lib.sh
# Its own probe count (drv-rel-lib.sh's default is the other scenarios').
REL_PROBES=${REL_PROBES:-150}
. ./drv-rel-lib.sh

secs=${REL_OVERLOAD_S:-20}
rig_netns_pair || { rig_fail "netns pair"; rig_done; exit 1; }
rig_check "neighbours pinned" drv_pin_neigh

slab_kb() { awk '/^Slab:/ { print $2 }' /proc/meminfo; }
backlog_b() { # NS DEV: bytes in the root qdisc
	tc -n "$1" -s qdisc show dev "$2" | awk '/backlog/ { sub("b", "", $2); s += $2 } END { print s + 0 }'
}

rig_ns b iperf3 -s -D -1 -p 5201 >/dev/null 2>&1
rig_ns a iperf3 -s -D -1 -p 5202 >/dev/null 2>&1
sleep 0.5
rel_begin
rel_set spi_hz 1000000
slab0=$(slab_kb) slab_peak=$slab0 qa_peak=0 qb_peak=0
rig_ns_exec a iperf3 -c 198.51.100.2 -p 5201 -u -b 50M -l 1400 -t "$secs" >"$RIG_TMP/ia.txt" 2>&1 &
pa=$!
rig_ns_exec b iperf3 -c 198.51.100.1 -p 5202 -u -b 50M -l 1400 -t "$secs" >"$RIG_TMP/ib.txt" 2>&1 &
pb=$!
for ((i = 0; i < secs; i++)); do
	sleep 1
	s=$(slab_kb) qa=$(backlog_b a "$NS_A_DEV") qb=$(backlog_b b "$NS_B_DEV")
	[ "$s" -gt "$slab_peak" ] && slab_peak=$s
	[ "$qa" -gt "$qa_peak" ] && qa_peak=$qa
	[ "$qb" -gt "$qb_peak" ] && qb_peak=$qb
done
wait $pa
wait $pb
rel_set spi_hz 15000000
t0=$(rig_now_ns 1000000)
rel_probe_start
tail -n 4 "$RIG_TMP/ia.txt" "$RIG_TMP/ib.txt"
echo "MEM: slab before ${slab0} kB, peak ${slab_peak} kB (+$((slab_peak - slab0)) kB); qdisc backlog peak a ${qa_peak} B, b ${qb_peak} B"
rig_expect_ge "slab grew by less than 64 MiB" $((slab_peak - slab0)) 65536
sleep 1
rel_end overload "2x50 Mbit/s UDP" "${secs} s both ways" "$t0"
drv_terms rel0 rel1 e0.rx_dropped_fifo_full e1.rx_dropped_fifo_full a.qdisc_dropped b.qdisc_dropped
echo "overload dropped by the device's full RX FIFO or the qdisc: $DRV_SUM [$DRV_TERMS]"
drv_check_violations
drv_dump
drv_done
