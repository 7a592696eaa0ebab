#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Hardware timestamps on the two boards, checked against the emulator's
# event stream (ground truth):
#   - ethtool -T: hardware-transmit/receive/raw-clock, the PHC index, TX
#     types off/on, RX filters none/all;
#   - hwtstamp_config: every TX type the driver claims (OFF, ON) is accepted,
#     ON with every RX filter; any filter but NONE reads back ALL; ONESTEP_SYNC
#     is refused (ERANGE) with the driver's extack message in the log, and
#     leaves the configuration as it was (no tool here asks for
#     ONESTEP_P2P; the driver refuses it the same way);
#   - `timestamping` on both boards at once (a PTP-port UDP multicast every
#     5 s each way, hardware TX and RX stamps): every TX stamp a socket got
#     is its board's txts record (the FT_TX_TSTAMPn value) mapped to PHC
#     time plus the TX correction, every RX stamp an rx record's metadata
#     counter mapped minus the RX correction, with ONE counter-to-PHC offset
#     per board for all of them (exact to 10 ns, the tick) that also agrees
#     with a PHC read bracketed by two counter reads (the `clocks` file);
#     the correction is the default one (300 / 512 ns: a TX/RX mismatch of
#     either would move the two sets of offsets apart);
#   - txtimestamp (software stamps: SCHED and SND) still works over the
#     board with hardware stamping on;
#   - no tx_hwtstamp_timeouts, skipped or errors in that traffic, and
#     tx_hwtstamps counts every stamp;
#   - canary: with the emulator's tx_tstamp_latency_ns at 200 ms (beyond the
#     driver's 50 ms lifetime) a stamp request expires and counts in
#     tx_hwtstamp_timeouts, and no stamp reaches the socket;
#   - get_ts_stats: `ethtool -I -T` (Debian unstable's ethtool, in the VM as
#     ethtool-newest) shows tx_pkts, tx_lost and tx_err equal to the
#     ethtool -S counters they are made of, tx_lost non-zero after the
#     canary.
# Measured on the debug kernel: 44 s of script time on an idle machine,
# 84 s (with 30 hwtstamp_config requests) with other VMs running.
# rig-budget: 150
. /rig/lib.sh
. ./drv-lib.sh

D=$EMU_DEBUGFS
ev=$RIG_TMP/events.txt
TX_CORR=300
RX_CORR=512

cat "$D/events" >"$ev" &
reader=$!
rig_netns_pair || { rig_fail "netns pair"; kill $reader; rig_done; exit 1; }
A=$NS_A_DEV B=$NS_B_DEV

# --- ethtool -T ---------------------------------------------------------
echo "[$SECONDS s] ethtool -T"
out=$(rig_ns a ethtool -T "$A")
echo "$out"
for cap in hardware-transmit hardware-receive hardware-raw-clock software-transmit software-receive; do
	rig_expect_eq "ethtool -T: $cap" 1 "$(grep -c "^[[:space:]]*$cap" <<<"$out")"
done
phc=$(rig_phc a "$A")
rig_check "ethtool -T: a PTP Hardware Clock ($phc)" test -c "$phc"
rig_expect_eq "ethtool -T: TX types off and on" 2 "$(grep -cE '^[[:space:]]*(off|on)$' <<<"$out")"
rig_expect_eq "ethtool -T: RX filters none and all" 2 "$(grep -cE '^[[:space:]]*(none|all)$' <<<"$out")"

# --- hwtstamp_config: every claimed mode accepted, the rest refused -------
echo "[$SECONDS s] hwtstamp_config: every claimed mode accepted, the rest refused"
filters="NONE ALL SOME PTP_V1_L4_EVENT PTP_V1_L4_SYNC PTP_V1_L4_DELAY_REQ PTP_V2_L4_EVENT PTP_V2_L4_SYNC PTP_V2_L4_DELAY_REQ PTP_V2_L2_EVENT PTP_V2_L2_SYNC PTP_V2_L2_DELAY_REQ PTP_V2_EVENT PTP_V2_SYNC PTP_V2_DELAY_REQ"
# One process tree for the 30 requests: program start-up is the slow part.
# shellcheck disable=SC2016 # expanded by the inner bash
# TX OFF with the two filters the driver has, TX ON with every filter.
res=$(rig_ns a "$BASH" -c 'for tx in OFF ON; do
	rxs=$2; [ $tx = OFF ] && rxs="NONE ALL"
	for rx in $rxs; do
	o=$(hwtstamp_config "$1" $tx $rx 2>&1) || { echo "$tx $rx refused: $o"; continue; }
	t=${o#*tx_type = } r=${o#*rx_filter = }
	echo "$tx $rx -> ${t%%[[:space:]]*} ${r%%[[:space:]]*}"
	done; done' _ "$A" "$filters")
bad=0
while read -r tx rx arrow gtx grx; do
	want=ALL
	[ "$rx" = NONE ] && want=NONE
	if [ "$arrow" != "->" ] || [ "$gtx" != "$tx" ] || [ "$grx" != "$want" ]; then
		echo "unexpected: $tx $rx $arrow $gtx $grx"
		bad=$((bad + 1))
	fi
done <<<"$res"
rig_expect_eq "hwtstamp_config: OFF x NONE/ALL and ON x 15 RX filters accepted, filter read back NONE or ALL" "17 0" "$(wc -l <<<"$res") $bad"
rig_ns a hwtstamp_config "$A" ON PTP_V2_L2_EVENT >/dev/null
o=$(rig_ns a hwtstamp_config "$A" ONESTEP_SYNC ALL 2>&1)
rc=$?
rig_expect_eq "hwtstamp_config ONESTEP_SYNC refused (ERANGE)" "1 1" "$rc $(grep -c 'Numerical result out of range' <<<"$o")"
rig_expect_eq "the refusals left the configuration (ON, ALL)" "tx_type = ON rx_filter = ALL" \
	"$(rig_ns a hwtstamp_config "$A" | grep -v flags | tr '\n' ' ' | sed 's/ $//')"
rig_expect_eq "extack of the refusal in the kernel log" 1 \
	"$(rig_dmesg_since_start | grep -c 'one-step TX timestamping is not supported')"

# --- txtimestamp: software stamps with hardware stamping on ---------------
echo "[$SECONDS s] txtimestamp: software stamps with hardware stamping on"
o=$(rig_ns a txtimestamp -4 -u -c 3 -t 200000 198.51.100.2 2>&1)
rc=$?
echo "$o" | tail -n 4
rig_expect_eq "txtimestamp (UDP, SCHED/SND software stamps) over board a" 0 "$rc"
rig_check "txtimestamp printed SND stamps" grep -q 'SND:' <<<"$o"

# --- timestamping on both boards: stamps against the event stream ---------
echo "[$SECONDS s] timestamping on both boards: stamps against the event stream"
# shellcheck disable=SC2034 # filled and read by name (rig_snap, drv_expect_delta)
declare -A s0 s1
drv_settle
rig_snap s0
seq0=$(rig_emu_events_status next_seq)
# timestamping always asks SIOCSHWTSTAMP for what its options need.
opts="SOF_TIMESTAMPING_TX_HARDWARE SOF_TIMESTAMPING_RX_HARDWARE SOF_TIMESTAMPING_RAW_HARDWARE"
# burst NS ADDR: 60 one-byte datagrams to ADDR's PTP event port, each
# written on its own (bash's /dev/udp).
burst() {
	# shellcheck disable=SC2016 # expanded by the inner bash
	rig_ns "$1" "$BASH" -c 'exec 3>"/dev/udp/$1/319" || exit 1
		for i in $(seq 60); do echo "$i" >&3; done' _ "$2"
}
# burst_seen FILE: how many of the burst's datagrams (2 or 3 bytes: "1\n"
# to "60\n") timestamping has printed.
burst_seen() {
	grep -cE 'received regular data, [23] bytes' "$1"
}
# timestamping sends at once and then at every 5 s boundary. Its output is
# line-buffered (stdbuf; left to itself it never flushes, and the signal
# that stops it would lose what it holds), so it is stopped as soon as both
# have printed the whole burst; a TX stamp still on its way then is the
# "at most one more" capture below. Started just after a second ending in 4
# or 9 begins, it sends at 0, 1 and 6 s: the bursts at 7 s are printed
# well before its send at 11 s.
while [ $(( $(date +%s) % 5 )) = 4 ]; do sleep 0.1; done
while [ $(( $(date +%s) % 5 )) != 4 ]; do sleep 0.1; done
# shellcheck disable=SC2086 # options split on purpose
rig_ns_exec a timeout -s TERM 30 stdbuf -oL timestamping "$A" $opts >"$RIG_TMP/ts-a.txt" 2>&1 &
pa=$!
# shellcheck disable=SC2086
rig_ns_exec b timeout -s TERM 30 stdbuf -oL timestamping "$B" $opts >"$RIG_TMP/ts-b.txt" 2>&1 &
pb=$!
sleep 7
rig_check "UDP burst b -> a" burst b 198.51.100.1
rig_check "UDP burst a -> b" burst a 198.51.100.2
for _ in $(seq 100); do
	[ "$(burst_seen "$RIG_TMP/ts-a.txt")" -ge 60 ] && [ "$(burst_seen "$RIG_TMP/ts-b.txt")" -ge 60 ] && break
	sleep 0.2
done
kill -TERM $pa $pb 2>/dev/null
wait $pa $pb
rig_expect_eq "every datagram of both bursts printed with its stamps (a, b)" "60 60" \
	"$(burst_seen "$RIG_TMP/ts-a.txt") $(burst_seen "$RIG_TMP/ts-b.txt")"
drv_settle
# Counter bracket around a PHC read, for the absolute check.
c1=$(sed -n 's/^board0 \([0-9]*\) .*/\1/p' "$D/clocks")
p=$(rig_ns a phc_ctl "$phc" get 2>&1 | sed -n 's/.*clock time is \([0-9]*\)\.\([0-9]*\).*/\1\2/p')
c2=$(sed -n 's/^board0 \([0-9]*\) .*/\1/p' "$D/clocks")
rig_snap s1
for _ in $(seq 30); do
	[ "$(rig_emu_events_status queued)" = 0 ] && break
	sleep 0.2
done
kill "$reader"
wait "$reader" 2>/dev/null
head -n 12 "$RIG_TMP/ts-a.txt"
grep -E ' (txts|launch) ' "$ev" | awk -v s0="$seq0" '$1 >= s0' | grep -v 'tsid=0' | head -n 20

# stamps FILE KIND: the "HW raw" stamps (ns) of error (TX) or regular (RX)
# messages, in order; a zero stamp is printed as 0. The nanoseconds are
# printed with leading zeros: joined as text (busybox awk would read
# "012345678" as octal).
stamps() {
	awk -v kind="$2" '
		/received (error|regular) data/ { k = ($0 ~ /error/) ? "error" : "regular" }
		/HW raw/ && k == kind {
			s = $0; sub(/.*HW raw /, "", s); split(s, t, ".")
			print t[1] t[2] }' "$1" | sed 's/^0*\([0-9]\)/\1/'
}
# records TYPE BOARD FIELD: FIELD of the TYPE records of BOARD from seq0 on.
records() {
	awk -v t="$1" -v b="b=$2" -v f="$3" -v s0="$seq0" '
		$1 >= s0 && $3 == t && $4 == b {
			for (i = 5; i <= NF; i++) if (index($i, f "=") == 1) print substr($i, length(f) + 2) }' "$ev"
}

# check_board SIDE BOARD FILE: TX and RX stamps of one board against its
# txts and rx records; sets OFFSET (PHC ns - 10 * counter).
check_board() {
	local side=$1 b=$2 file=$3 i n t o r c d ok=0 bad=0
	local -a tx vals rxs rts offs
	# No /dev/fd in the VM: no process substitution.
	read -r -d '' -a tx <<<"$(stamps "$file" error)"
	read -r -d '' -a vals <<<"$(records txts "$b" value)"
	read -r -d '' -a rxs <<<"$(stamps "$file" regular)"
	read -r -d '' -a rts <<<"$(records rx "$b" ts)"
	echo "$side: ${#tx[@]} TX stamps, ${#vals[@]} txts records, ${#rxs[@]} RX stamps, ${#rts[@]} rx records"
	rig_expect_ge "$side: TX hardware stamps delivered" 2 "${#tx[@]}"
	# A stamp printed after the burst may stay in timestamping's buffer.
	rig_check "$side: one txts record (capture) per TX stamp printed, at most one more (${#vals[@]} for ${#tx[@]})" \
		test "${#vals[@]}" -ge "${#tx[@]}" -a "${#vals[@]}" -le $((${#tx[@]} + 1))
	CAPTURES=${#vals[@]}
	rig_expect_ge "$side: RX hardware stamps delivered (the burst's at least)" 60 "${#rxs[@]}"
	n=${#tx[@]}
	[ "$n" -le "${#vals[@]}" ] || n=${#vals[@]}
	offs=()
	for ((i = 0; i < n; i++)); do
		[ "${tx[i]}" -gt 0 ] || { rig_fail "$side: TX stamp $i is zero"; continue; }
		offs+=($((tx[i] - TX_CORR - 10 * vals[i])))
		echo "$side: TX stamp $i ${tx[i]} ns, capture ${vals[i]}: offset ${offs[-1]}"
	done
	echo "$side: TX offsets (PHC - 10 x counter - $TX_CORR): ${offs[*]}"
	OFFSET=${offs[0]:-0}
	for o in "${offs[@]}"; do
		d=$((o - OFFSET))
		[ ${d#-} -le 10 ] || bad=$((bad + 1))
	done
	rig_expect_eq "$side: every TX stamp = its capture mapped + $TX_CORR ns (one offset, within a tick)" 0 "$bad"
	# Each RX stamp is some rx record's metadata counter mapped - RX_CORR:
	# the counter it maps back to is an rx record's, give or take a tick.
	bad=0
	local -A rxset=()
	for t in "${rts[@]}"; do rxset[$t]=1; done
	for r in "${rxs[@]}"; do
		[ "$r" -gt 0 ] || { bad=$((bad + 1)); continue; }
		c=$((r + RX_CORR - OFFSET))
		t=$((c / 10))
		if [[ -v rxset[$t] || -v rxset[$((t - 1))] || -v rxset[$((t + 1))] ]]; then
			ok=$((ok + 1))
		else
			bad=$((bad + 1))
			echo "$side: RX stamp $r maps to counter $t: no rx record within a tick"
		fi
	done
	rig_expect_eq "$side: every RX stamp = an rx record's counter mapped - $RX_CORR ns (within a tick)" "${#rxs[@]} 0" "$ok $bad"
}
check_board a 0 "$RIG_TMP/ts-a.txt"
off_a=$OFFSET
# Absolute: the PHC read lies between the two counter reads, mapped.
if [ -n "$p" ] && [ -n "$c1" ] && [ -n "$c2" ]; then
	echo "PHC $p between counters $c1 and $c2: offset range $((p - 10 * c2)) .. $((p - 10 * c1)), stamps' offset $off_a"
	rig_check "a: the stamps' offset agrees with a PHC read between two counter reads" \
		test "$off_a" -ge $((p - 10 * c2 - 1000000)) -a "$off_a" -le $((p - 10 * c1 + 1000000))
else
	rig_fail "PHC read ($p) or counters ($c1, $c2) missing"
fi

caps_a=$CAPTURES
check_board b 1 "$RIG_TMP/ts-b.txt"
caps_b=$CAPTURES
for x in a b; do
	if [ $x = a ]; then n=$caps_a; else n=$caps_b; fi
	drv_expect_delta s0 s1 "$x: a stamp delivered for every capture (tx_hwtstamps)" "$n" "$x.tx_hwtstamps"
	drv_expect_delta s0 s1 "$x: no TX stamp timed out, skipped or failed" 0 \
		"$x.tx_hwtstamp_timeouts" "$x.tx_hwtstamp_skipped" "$x.tx_hwtstamp_errors" "$x.hwtstamp_no_clock"
done

# --- canary: a capture later than the lifetime counts a timeout ------------
echo "[$SECONDS s] canary: a capture later than the lifetime counts a timeout"
echo 200000000 >"$D/board0/tx_tstamp_latency_ns"
rig_snap s0
# timestamping sends its first packet at the next wall-clock second that is
# a multiple of 5, or at once if that has passed: up to 1 s after it starts
# (then every 5 s). 3 s cover one packet and its expiry; 1 s missed it
# whenever the program started in the fifth second (about a run in five).
# shellcheck disable=SC2086
rig_ns a timeout -s TERM 3 timestamping "$A" $opts >"$RIG_TMP/ts-c.txt" 2>&1
sleep 0.3
rig_snap s1
echo 0 >"$D/board0/tx_tstamp_latency_ns"
drv_terms s0 s1 a.tx_hwtstamp_timeouts
rig_expect_ge "canary: a capture 200 ms late expires [$DRV_TERMS]" 1 "$DRV_SUM"
drv_expect_delta s0 s1 "canary: no TX stamp delivered" 0 "a.tx_hwtstamps"

# --- get_ts_stats, as ethtool -I -T shows it ------------------------------
# Debian unstable's ethtool (the VM's own, 6.1, has no -I -T); nothing has
# asked for a stamp since s1, and the canary made tx_lost non-zero.
echo "[$SECONDS s] get_ts_stats through ethtool -I -T"
out=$(rig_ns a ethtool-newest -I -T "$A")
sed -n '/^Statistics/,$p' <<<"$out"
got=$(awk '$1 ~ /^tx_(pkts|lost|err):$/ { v[$1] = $2; n++ }
	END { print v["tx_pkts:"] + 0, v["tx_lost:"] + 0, v["tx_err:"] + 0, n + 0 }' <<<"$out")
rig_expect_eq "ethtool -I -T: tx_pkts, tx_lost, tx_err = tx_hwtstamps, tx_hwtstamp_timeouts + _flushed, _skipped + _errors" \
	"${s1[a.tx_hwtstamps]:-?} $((${s1[a.tx_hwtstamp_timeouts]:-0} + ${s1[a.tx_hwtstamp_flushed]:-0})) $((${s1[a.tx_hwtstamp_skipped]:-0} + ${s1[a.tx_hwtstamp_errors]:-0})) 3" \
	"$got"

drv_check_violations
drv_done
