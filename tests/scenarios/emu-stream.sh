#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The emulator's event stream under the real driver: ping floods both ways
# (b with 1000-byte payloads) for EMU_STREAM_SECS while `cat` reads
# /sys/kernel/debug/lan1qtsn_emu/events in the background. Then, on the
# whole stream, emu-check (tools/emu-check, in the VM's /usr/bin):
#   - no sequence gap, no "lost" record (and events_status lost 0);
#   - every frame a board put on the wire has its launch record and exactly
#     one RX start at the peer, in wire order per cable, none in flight at
#     the end (--strict-end);
#   - 100 % of the (always-open) frames started in their window
#     (--all-in-window);
#   - each board's counters (wire_tx_frames, tx_in_window, wire_rx_frames,
#     rx drops, irq_edges, pps_pulses, ...), taken after the traffic, equal
#     the stream's totals up to the counters' events_next_seq: the stream
#     cannot miss an event the counters saw.
# Measured on the debug kernel: 20 s of floods 48 s (10.6 k records, 1928
# frames each way), stress 78 s (43 k records, 7235 frames each way); the
# CI tier floods for 10 s.
# rig-ci-env: EMU_STREAM_SECS=10
# rig-stress-env: EMU_STREAM_SECS=60
# rig-budget: 120
# rig-stress-budget: 240
# rig-kcsan: yes
. /rig/lib.sh
. ./drv-lib.sh
. ./drv-rel-lib.sh

secs=${EMU_STREAM_SECS:-10}
D=$EMU_DEBUGFS
ev=$RIG_TMP/events.txt

rig_check "emu-check is in the VM" command -v emu-check
cat "$D/events" >"$ev" &
reader=$!
rig_netns_pair || { rig_fail "netns pair"; kill $reader; rig_done; exit 1; }
rig_check "neighbours pinned" drv_pin_neigh
rig_expect_eq "one reader at a time: a second open is refused" busy \
	"$( (cat "$D/events" >/dev/null 2>&1 && echo open) || echo busy)"

rel_floods_start "$secs"
rel_floods_wait
drv_settle
cat "$D/board0/counters" >"$RIG_TMP/counters0.txt"
cat "$D/board1/counters" >"$RIG_TMP/counters1.txt"
# The reader polls every 100 ms: let it take everything, twice quiet.
for _ in $(seq 50); do
	[ "$(rig_emu_events_status queued)" = 0 ] && sleep 0.3 && [ "$(rig_emu_events_status queued)" = 0 ] && break
	sleep 0.2
done
cat "$D/events_status"
kill "$reader"
wait "$reader" 2>/dev/null
rig_expect_eq "the stream lost nothing" 0 "$(rig_emu_events_status lost)"
rig_expect_eq "the reader took every record" "$(rig_emu_events_status written)" "$(rig_emu_events_status read)"

echo "stream: $(wc -l <"$ev") lines"
head -n 3 "$ev"
out=$(emu-check --strict-end --all-in-window \
	--counters 0:"$RIG_TMP/counters0.txt" --counters 1:"$RIG_TMP/counters1.txt" "$ev")
rc=$?
echo "$out"
rig_expect_eq "emu-check: whole stream, windows, wire order, counters" 0 "$rc"
# The floods happened: each board sent and received a good number of frames.
for b in 0 1; do
	sent=$(sed -n "s/^board b=$b .* sent=\([0-9]*\) received_by_peer=\([0-9]*\) .*/\1 \2/p" <<<"$out")
	rig_expect_ge "board $b: frames sent in the stream" $((secs * 10)) "${sent% *}"
	rig_expect_eq "board $b: every frame sent was received by the peer" "${sent% *}" "${sent#* }"
done
rig_expect_ge "per-class statistics printed" 2 "$(grep -c '^class ' <<<"$out")"
rig_expect_eq "classes with a frame outside its window" 0 \
	"$(grep '^class ' <<<"$out" | grep -vc 'in_window_pct=100.00 ')"

drv_check_violations
drv_done
