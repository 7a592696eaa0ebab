#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The event stream is never silently lossy. With a ring of 64 records
# (events_len=64) and no reader, 100 device resets (one record each) plus
# the two at load overflow it: events_status counts the 38 dropped, and
# once a reader drains the ring the next record is preceded by
# "lost n=38", the dropped sequence numbers are missing, and emu-check
# fails the stream for both. A second reader is refused; the reader then
# gets end of file when the module goes (here: it is killed first).
# rig-args: --no-driver --emu-args "events_len=64"
# rig-ci-env:
# rig-stress-env:
# rig-budget: 60
# rig-stress-budget: 60
. /rig/lib.sh

D=$EMU_DEBUGFS
ev=$RIG_TMP/events-loss.txt

rig_expect_eq "ring of 64 records" 64 "$(rig_emu_events_status capacity)"
rig_expect_eq "two records at load (power-up resets)" 2 "$(rig_emu_events_status written)"
for _ in $(seq 100); do echo 1 >"$D/board0/fault_reset"; done
rig_expect_eq "the full ring dropped 38 records" 38 "$(rig_emu_events_status lost)"
rig_expect_eq "... not yet reported in the stream" 38 "$(rig_emu_events_status lost_pending)"
rig_expect_eq "next sequence number counts the dropped ones" 102 "$(rig_emu_events_status next_seq)"

cat "$D/events" >"$ev" &
reader=$!
for _ in $(seq 25); do [ "$(rig_emu_events_status queued)" = 0 ] && break; sleep 0.2; done
# Room again: the next record is preceded by the "lost" record.
echo 1 >"$D/board0/fault_reset"
for _ in $(seq 25); do [ "$(rig_emu_events_status queued)" = 0 ] && break; sleep 0.2; done
cat "$D/events_status"
kill "$reader"
wait "$reader" 2>/dev/null
rig_expect_eq "records read: 64 kept, the lost record, the last reset" 66 "$(wc -l <"$ev")"
lost=$(grep -c ' lost n=38$' "$ev")
rig_expect_eq "one 'lost n=38' record in the stream" 1 "$lost"
grep -B1 -A1 ' lost ' "$ev"
out=$(emu-check "$ev")
rc=$?
echo "$out"
rig_expect_eq "emu-check fails the stream" 1 "$rc"
rig_check "emu-check names the gap" grep -q 'sequence gap: 102 follows 63 (38 records missing)' <<<"$out"
rig_check "emu-check names the lost records" grep -q 'the stream lost 38 records' <<<"$out"
rig_done
