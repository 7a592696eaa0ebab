#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ETF offload measured with Debian's isochron, as TSN users measure a NIC:
# on board 0, mqprio (hw 0) puts priority 5 alone in class 0 on queue 0
# with an etf child (clockid CLOCK_TAI, delta 10 ms, offload; isochron's
# management connection keeps priority 0, class 1); phc2sys keeps both
# boards' PHCs on CLOCK_TAI (the VM's TAI offset is 0). `isochron rcv` on
# board 1, `isochron send --txtime` on board 0: TSN_ISO_FRAMES L2 frames
# of 100 bytes, one per 40 ms cycle, each woken 30 ms ahead of its
# scheduled time and handed to etf with that time as its launch time.
# isochron stops reading TX stamps at the first frame etf drops (its
# release timer fired after the launch time: the debug kernel's emulated
# CPU runs it milliseconds late at times), so etf gets 10 ms here, not
# drv-tsn-etf's 5 (the stress tier's 1000 frames still saw one drop).
# Verdicts from the emulator's event stream: every class-0 frame the device
# sent started exactly on its launch tick (emu-check --etf 0:0: board 0's
# class 0; board 1's frames, on the queue their flow hashes to, are
# not ETF, whatever their class number); the frames
# the device decided on are those isochron sent less those the driver
# dropped as too late and those etf dropped, and the driver's tc0_frames
# agree; every frame accounted for (drv_account). From isochron's own log
# (isochron report): one record per frame; a hardware TX stamp for each
# frame the device sent (the device captures every frame that asks; up to
# two cycles before the first frame etf dropped, if one was: isochron stops
# reading stamps there) and for no other; each of those stamps is its
# scheduled time plus the driver's TX latency correction, within 1 us (the
# PHC's relation to the counter moves with phc2sys between the launch
# time's conversion and the stamp's); and a hardware RX stamp on board 1
# for each frame the device sent.
# The driver read each stamp after the frame's planned launch: at most one
# read per stamp found its capture slot still unchanged.
# Figures: the stamps' offset from the schedule, and isochron's path delay
# (RX stamp - TX stamp, the two PHCs kept on one clock by phc2sys).
# rig-ci-env: TSN_ISO_FRAMES=50
# rig-stress-env: TSN_ISO_FRAMES=1000
# rig-budget: 150
# rig-stress-budget: 300
. /rig/lib.sh
. ./drv-lib.sh
. ./drv-tsn-lib.sh

frames=${TSN_ISO_FRAMES:-50}
ev=$RIG_TMP/events.txt
dat=$RIG_TMP/isochron.dat
B=198.51.100.2
rig_check "isochron is in the VM" command -v isochron
rig_netns_pair || { rig_fail "netns pair"; drv_done; exit 1; }
rig_check "neighbours pinned" drv_pin_neigh

tsn_etf_class0 5 10000000

p2s=()
for side in a b; do
	rig_ns_exec $side phc2sys -s CLOCK_REALTIME -c "$(rig_side_dev $side)" -O 0 -R 8 -m -q \
		>"$RIG_TMP/phc2sys-$side.txt" 2>&1 &
	p2s+=($!)
done
rig_ns_exec b isochron rcv --interface "$NS_B_DEV" --quiet >"$RIG_TMP/rcv.txt" 2>&1 &
rcv=$!
sleep 5
tail -n 2 "$RIG_TMP"/phc2sys-*.txt
rig_check "isochron rcv listens (TCP 5000)" rig_wait_bound $rcv 5000 tcp

drv_settle
rig_stream_start "$ev"
# shellcheck disable=SC2034 # filled and read by name (rig_snap, drv_account)
declare -A s0 s1
rig_snap s0
rig_check "isochron send: $frames frames, SO_TXTIME, priority 5" \
	rig_ns a isochron send --interface "$NS_A_DEV" --client $B --num-frames "$frames" \
	--frame-size 100 --cycle-time 0.04 --advance-time 0.03 --priority 5 --txtime \
	--omit-sync --omit-remote-sync --quiet --output-file "$dat" >"$RIG_TMP/send.txt" 2>&1
cat "$RIG_TMP/send.txt"
drv_settle
rig_snap s1
kill "${p2s[@]}" $rcv
wait "${p2s[@]}" $rcv 2>/dev/null
rig_stream_stop

out=$(emu-check --any-start --strict-end --etf 0:0 "$ev")
rc=$?
echo "$out"
rig_expect_eq "every class-0 frame of board 0 started exactly on its launch tick (emu-check --etf 0:0)" 0 "$rc"
drv_terms s0 s1 a.tx_drop_launch_late
late=$DRV_SUM
drv_terms s0 s1 a.qdisc_dropped
qdrop=$DRV_SUM
decided=$(tsn_class_field "$out" 0 0 frames)
devdrop=$(tsn_class_field "$out" 0 0 dropped)
echo "FIGURE: of $frames frames, $late dropped by the driver as too late, $qdrop by etf, ${devdrop:-?} by the device (written after their launch tick)"
rig_expect_eq "class-0 frames the device decided on: isochron's less the late ones" \
	$((frames - late - qdrop)) "${decided:-missing}"
drv_expect_delta s0 s1 "the driver's tc0_frames: the same" $((frames - late - qdrop)) a.tc0_frames
rig_check "every frame accounted for, both ways" drv_account s0 s1
# Each stamp's first read is planned after the frame's launch time (the TX
# scheduler's plan), not after its write about 4 ms (the commit horizon)
# earlier: reads that find the slot still unchanged stay rare (a plan
# from the first write on would cost about 8 per stamp: 20 us doubling
# to 1 ms). A stamp that never comes (its frame written after its launch
# tick, dropped by the device: CI run 29 had two on the debug kernel) is
# read until its 50 ms lifetime ends: at most 55 reads (20 us doubling to
# 1 ms, then every 1 ms), each counted as a timeout.
drv_terms s0 s1 a.tx_hwtstamps
stamps=$DRV_SUM
drv_terms s0 s1 a.tx_hwtstamp_timeouts
expired=$DRV_SUM
drv_terms s0 s1 a.tx_hwtstamp_rereads
rereads=$DRV_SUM
echo "FIGURE: $stamps TX stamps collected, $expired expired; $rereads reads found the slot unchanged"
rig_expect_eq "no stamp expired but of a frame the device dropped" "${devdrop:-missing}" "$expired"
rig_check "TX stamps read after the launch time: at most one read per stamp too early ($rereads for $stamps, and 55 per expired stamp)" \
	test "$rereads" -le $((stamps + 55 * expired))

# isochron's log: sequence, scheduled time, TX hardware stamp, RX hardware
# stamp, per frame (0: none).
isochron report --input-file "$dat" --printf-format "%u %d %d %d\n" --printf-args "qSTR" \
	>"$RIG_TMP/report.txt" 2>&1
isochron report --input-file "$dat" --summary 2>&1 | sed 's/^/isochron: /'
# The TX correction in force: the module parameter, or (-1, and the
# emulated boards' nodes set no tsnlab,tx-latency-ns) the driver's default.
corr=$(cat /sys/module/lan1qtsn/parameters/tx_latency_ns)
[ "$corr" = -1 ] && corr=300
head -n 3 "$RIG_TMP/report.txt"
# Bash's 64-bit arithmetic, not awk's doubles (53 bits: the stamps are
# ~1.8e18 ns; busybox awk even turns a numeric field into "1.8e+18").
# isochron's TX stamp thread ends at the first missed-deadline report etf
# puts on the socket's error queue (isochron 0.9 send.c,
# prog_poll_txtstamps: "TXTIME postmortem: seqid N", then -EINVAL); the
# sender goes on, so stamps after it are never read. The stamp of a frame
# launched two cycles (80 ms) before the dropped one's launch has reached
# the error queue before that report (the driver delivers a stamp within
# its 50 ms lifetime): those must all be there.
miss=$(sed -n 's/^TXTIME postmortem: seqid \([0-9]*\) .*/\1/p' "$RIG_TMP/send.txt" | head -n 1)
n=0 stamped=0 off_bad=0 rx=0 dmin="" dmax="" pmin="" pmax="" tx_only=0 unstamped=0
while read -r q S T R; do
	[[ "$q $S $T $R" =~ ^[0-9]+\ [0-9]+\ [0-9]+\ [0-9]+$ ]] || continue
	n=$((n + 1))
	[ "$T" != 0 ] && [ "$R" = 0 ] && tx_only=$((tx_only + 1))
	[ "$T" = 0 ] && [ "$R" != 0 ] && { [ -z "$miss" ] || [ "$q" -lt $((miss - 2)) ]; } &&
		unstamped=$((unstamped + 1))
	if [ "$T" != 0 ]; then
		stamped=$((stamped + 1))
		d=$((T - S - corr))
		[ $d -lt -1000 ] || [ $d -gt 1000 ] && off_bad=$((off_bad + 1))
		[ -z "$dmin" ] || [ $d -lt "$dmin" ] && dmin=$d
		[ -z "$dmax" ] || [ $d -gt "$dmax" ] && dmax=$d
	fi
	if [ "$R" != 0 ]; then
		rx=$((rx + 1))
		if [ "$T" != 0 ]; then
			d=$((R - T))
			[ -z "$pmin" ] || [ $d -lt "$pmin" ] && pmin=$d
			[ -z "$pmax" ] || [ $d -gt "$pmax" ] && pmax=$d
		fi
	fi
done <"$RIG_TMP/report.txt"
echo "FIGURE: TX stamp - scheduled time - $corr ns: $dmin to $dmax ns; path delay (RX stamp - TX stamp): $pmin to $pmax ns"
rig_expect_eq "isochron logged every frame" "$frames" "$n"
sent=$((frames - late - qdrop - ${devdrop:-0}))
rig_expect_eq "a hardware RX stamp on board 1 for each frame the device sent" "$sent" "$rx"
rig_expect_eq "no TX stamp for a frame that did not cross" 0 "$tx_only"
if [ -z "$miss" ]; then
	rig_expect_eq "a hardware TX stamp for each frame the device sent" "$sent" "$stamped"
else
	echo "FIGURE: etf reported seqid $miss's missed deadline to isochron, whose TX stamp thread ended there: $stamped stamps read"
	rig_expect_ge "isochron's missed deadline is one etf dropped" 1 "$qdrop"
	rig_expect_eq "a hardware TX stamp for each frame the device sent up to seqid $((miss - 3))" 0 "$unstamped"
fi
rig_expect_eq "each TX stamp is the scheduled time + the TX correction ($corr ns), within 1 us" 0 "$off_bad"

tsn_remove_root mqprio a
drv_check_violations
drv_done
