#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ptp4l between the two boards, whose oscillators differ (emulator defaults
# -40 and +60 ppm), with hardware timestamps: once with ptp4l's default
# profile (UDPv4, end to end, one Sync a second) and once with the gPTP
# profile users run (configs/gPTP.cfg: L2, peer delay, transportSpecific 1,
# eight Syncs a second).
# Each must lock (servo state s2) within PTP_LOCK_S; from the moment the
# offset has settled (within 50 ns for 3 s), over the next PTP_MEASURE_S
# seconds the slave's master offset stays within RMS 20 ns and
# max 100 ns, the path delay it measures is the emulator's cable delay within
# 20 ns (so the driver's PHY/MAC latency correction is right), and no TX
# timestamp times out. Then the ground truth: both boards' PHCs drive their
# PPS outputs, and the emulator's pps_log (host raw time of each pulse) shows
# the two boards' pulses within 50 ns RMS and 200 ns max of each other: a
# servo that agrees with itself about a wrong answer fails here.
# A third profile, gptp-taprio, runs gPTP in an always-open class of a
# taprio schedule while pings load the other classes (below); a fourth,
# gptp-saturated, the same with the link saturated both ways (iperf3 UDP
# above what SPI carries, a ping flood); both with ptp4l's sanity check off.
# The CI tier runs the gPTP profile for 20 s (phc2sys, a figure with one
# check that it locked, for 8 s) (the default profile's one
# Sync a second needs its full minute; 12 s let the tail of the convergence
# weigh enough to reach the 20 ns RMS limit in 1 of 15 runs); the stress
# tier all three, 60 s each (gptp-taprio's offset RMS came to 9 and 19 ns
# in two runs with its load: too near the limit for the CI tier). Every TX
# timestamp ptp4l asked for must arrive: a ptp4l timeout prints the log
# lines around it and the stamp counters.
# rig-ci-env: PTP_PROFILES=gptp PTP_LOCK_S=30 PTP_MEASURE_S=20 PTP_PPS_S=10 PTP_PHC2SYS_S=8
# rig-stress-env: PTP_PROFILES=default,gptp,gptp-taprio,gptp-saturated PTP_LOCK_S=30 PTP_MEASURE_S=60 PTP_PPS_S=30 PTP_PHC2SYS_S=60
# rig-budget: 200
# rig-stress-budget: 600
. /rig/lib.sh
. ./drv-lib.sh
. ./drv-rel-lib.sh
. ./drv-tsn-lib.sh

PTP_PROFILES=${PTP_PROFILES:-gptp}
lock_s=${PTP_LOCK_S:-30} measure_s=${PTP_MEASURE_S:-20} pps_s=${PTP_PPS_S:-10}
phc2sys_s=${PTP_PHC2SYS_S:-8}
# Locked: the offset stays within LOCK_NS for LOCK_HOLD_MS (linuxptp's
# automotive profile calls the servo locked within 30 ns).
LOCK_NS=50 LOCK_HOLD_MS=3000

rig_netns_pair || { rig_fail "netns pair"; rig_done; exit 1; }
phc_a=$(rig_phc a "$NS_A_DEV")
phc_b=$(rig_phc b "$NS_B_DEV")
rig_check "both boards have a PHC ($phc_a, $phc_b)" test -c "$phc_a" -a -c "$phc_b"
if [ ! -c "$phc_a" ] || [ ! -c "$phc_b" ]; then rig_done; exit 1; fi

# The path delay ptp4l should measure: the mean of the two directions' cable
# delays (what is left after the driver removes the PHY/MAC latencies).
wire_ns=$((($(rig_emu 0 wire_delay_ns) + $(rig_emu 1 wire_delay_ns)) / 2))

# uptime_ms: CLOCK_MONOTONIC-ish ms (/proc/uptime has 10 ms steps).
uptime_ms() { local u _; read -r u _ </proc/uptime; echo $((${u%.*} * 1000 + 10#${u#*.} * 10)); }

# first_s2 LOG: t_ms of the slave's first sample in servo state s2 (locked,
# in ptp4l's words).
first_s2() {
	samples "$1" | awk 'NR == 1 { print $1 }'
}

# samples LOG: the slave's s2 samples as "t_ms offset path_delay" (t_ms:
# ptp4l's stamp, CLOCK_MONOTONIC, in ms).
samples() {
	sed -n 's/^ptp4l\[\([0-9]*\)\.\([0-9][0-9][0-9]\)\]: [^ ]* master offset *\(-\{0,1\}[0-9]*\) s2 freq *[-+][0-9]* path delay *\(-\{0,1\}[0-9]*\)$/\1\2 \3 \4/p' "$1"
}

# offsets LOG FROM_MS TO_MS: "offset path_delay" of the samples in [FROM, TO).
offsets() {
	samples "$1" | awk -v from="$2" -v to="$3" '$1 >= from && $1 < to { print $2, $3 }'
}

# locked_at LOG: t_ms of the first s2 sample from which the offset stays
# within +-LOCK_NS for LOCK_HOLD_MS (ptp4l's s2 means the servo has its
# frequency estimate; the offset still converges from there). Nothing yet
# if the log does not reach that far.
locked_at() {
	samples "$1" | awk -v hold="$LOCK_HOLD_MS" -v LOCK_NS="$LOCK_NS" '
		{ t[NR] = $1; o[NR] = $2 < 0 ? -$2 : $2 }
		END {
			for (i = 1; i <= NR; i++) {
				ok = 1
				for (j = i; j <= NR && t[j] <= t[i] + hold; j++)
					if (o[j] > LOCK_NS) { ok = 0; break }
				if (ok && t[NR] >= t[i] + hold) { print t[i]; exit }
			}
		}'
}

# rogue_fault_before_s2 LOG: 1 if the slave's ptp4l faulted exactly once
# before its first s2 sample and that fault followed "rogue peer delay
# response", else 0. linuxptp (3.1.1 as today's) drops its peer-delay
# request in flight when the port enters UNCALIBRATED (MASTER to
# UNCALIBRATED on RS_SLAVE, at every start) and when the servo steps the
# clock (s1); a response still on its way then counts as rogue and faults
# the port for fault_reset_interval (16 s). On a saturated link the
# response waits behind full RX FIFOs on both boards (some 30 ms, judged
# from the fault's rate, not measured), so about one start in 15 faults
# (2 of about 35 runs of gptp-saturated; with eight requests a second, 8
# of 10 runs). Any other reason, or a second fault, still fails the lock
# bound. A profile asks for the allowance with PROFILE_ROGUE_FAULT_OK=1
# (gptp-saturated only). docs/ptp.md tells users.
FAULT_RESET_MS=16000
rogue_fault_before_s2() {
	awk '/ master offset .* s2 freq / { exit }
		/ to FAULTY / { faults++; if (prev ~ /: rogue peer delay response$/) rogue++ }
		{ prev = $0 }
		END { print (faults == 1 && rogue == 1) ? 1 : 0 }' "$1"
}

# stats: reads "value ..." lines, prints "n rms max|value| mean_of_column_2".
# (The VM's awk has no sqrt: an integer square root, Newton's method,
# rounded up.)
AWK_ISQRT='function isqrt(v,  r, y) { if (v < 1) return 0; r = int(v); y = int((r + 1) / 2)
	while (y < r) { r = y; y = int((r + int(v / r)) / 2) } return r * r < v ? r + 1 : r }'
stats() {
	awk "$AWK_ISQRT"'{ n++; s += $1 * $1; a = $1 < 0 ? -$1 : $1; if (a > m) m = a; p += $2 }
		END { if (n) printf "%d %d %d %d\n", n, isqrt(s / n), m, p / n; else print "0 0 0 0" }'
}

# run_profile NAME OPTIONS_A OPTIONS_B: a master on board 0, a slave on
# board 1, lock, measure, PPS ground truth, stop.
run_profile() {
	local name=$1 opts_a=$2 opts_b=$3 pa pb t0 tl ts2 i n rms max delay lock_ms bound_ms t_pps t_end
	# shellcheck disable=SC2034 # read by name (rig_snap, drv_terms)
	local -A s0 s1
	rig_snap s0
	t0=$(uptime_ms)
	# shellcheck disable=SC2086 # option lists
	pa=$(rig_ptp4l "$name-a" a "$NS_A_DEV" $opts_a)
	# shellcheck disable=SC2086
	pb=$(rig_ptp4l "$name-b" b "$NS_B_DEV" $opts_b)
	tl=""
	for ((i = 0; i < 2 * lock_s; i++)); do
		sleep 1
		tl=$(locked_at "$RIG_TMP/ptp4l-$name-b.log")
		[ -n "$tl" ] && break
	done
	ts2=$(first_s2 "$RIG_TMP/ptp4l-$name-b.log")
	bound_ms=$((lock_s * 1000))
	if [ -n "${PROFILE_ROGUE_FAULT_OK:-}" ] && [ "$(rogue_fault_before_s2 "$RIG_TMP/ptp4l-$name-b.log")" = 1 ]; then
		# One fault reset allowed, for this reason only (see rogue_fault_before_s2).
		bound_ms=$((bound_ms + FAULT_RESET_MS))
		echo "FIGURE: $name: the slave faulted once before s2 on a rogue peer delay response (a response delayed past the request ptp4l dropped): lock bound $bound_ms ms"
	fi
	rig_check "$name: the servo locks (s2) within $((bound_ms / 1000)) s of the start ($((${ts2:-0} - t0)) ms)" \
		test -n "$ts2" -a $((${ts2:-0} - t0)) -le $bound_ms
	if [ -z "$tl" ]; then
		rig_fail "$name: the offset settles (within $LOCK_NS ns for $LOCK_HOLD_MS ms) within $((2 * lock_s)) s"
		tail -n 20 "$RIG_TMP/ptp4l-$name-a.log" "$RIG_TMP/ptp4l-$name-b.log"
		kill "$pa" "$pb"
		wait "$pa" "$pb" 2>/dev/null
		return 1
	fi
	lock_ms=$((tl - t0))
	rig_pass "$name: the offset settles (within $LOCK_NS ns for $LOCK_HOLD_MS ms) within $((2 * lock_s)) s ($lock_ms ms)"
	[ -n "${PROFILE_LOCKED:-}" ] && "$PROFILE_LOCKED"
	# Periodic output (1 s) on both PHCs for the ground truth.
	t_pps=$(uptime_ms)
	rig_ns a testptp -d "$phc_a" -p 1000000000 >/dev/null
	rig_ns b testptp -d "$phc_b" -p 1000000000 >/dev/null
	sleep $((measure_s + 1))
	read -r n rms max delay <<<"$(offsets "$RIG_TMP/ptp4l-$name-b.log" "$tl" $((tl + measure_s * 1000)) | stats)"
	echo "offsets (ns) from lock: $(offsets "$RIG_TMP/ptp4l-$name-b.log" "$tl" $((tl + measure_s * 1000)) | awk '{ printf "%s ", $1 }')"
	echo "PTP: profile=$name s2_ms=$((ts2 - t0)) settled_ms=$lock_ms samples=$n offset_rms_ns=$rms offset_max_ns=$max path_delay_ns=$delay wire_ns=$wire_ns"
	rig_expect_ge "$name: samples over $measure_s s after lock" "$measure_s" "$n"
	rig_check "$name: master offset RMS $rms ns <= 20 ns" test "$rms" -le 20
	rig_check "$name: master offset max $max ns <= 100 ns" test "$max" -le 100
	rig_check "$name: path delay $delay ns = cable $wire_ns ns +-20 ns" \
		test $((delay - wire_ns)) -le 20 -a $((wire_ns - delay)) -le 20
	pps_check "$name"
	rig_ns a testptp -d "$phc_a" -p 0 >/dev/null
	rig_ns b testptp -d "$phc_b" -p 0 >/dev/null
	t_end=$(uptime_ms)
	[ -n "${PROFILE_DONE:-}" ] && "$PROFILE_DONE"
	kill "$pa" "$pb"
	wait "$pa" "$pb" 2>/dev/null
	rig_snap s1
	drv_terms s0 s1 a.tx_hwtstamp_timeouts b.tx_hwtstamp_timeouts \
		a.tx_hwtstamp_skipped b.tx_hwtstamp_skipped \
		a.tx_hwtstamp_errors b.tx_hwtstamp_errors \
		a.tx_hwtstamp_flushed b.tx_hwtstamp_flushed \
		a.hwtstamp_no_clock b.hwtstamp_no_clock
	rig_expect_eq "$name: every TX timestamp asked for was delivered [$DRV_TERMS]" 0 "$DRV_SUM"
	echo "FIGURE: $name: the slave's ptp4l logged $(grep -c 'clockcheck:' "$RIG_TMP/ptp4l-$name-b.log") clockcheck warnings and $(grep -c 'to FAULTY' "$RIG_TMP/ptp4l-$name-b.log") faults"
	# A fault holds the port for fault_reset_interval (16 s): what ptp4l
	# said just before each, on either board, and when (ptp4l's times are
	# uptime seconds; t0 and the lock are uptime ms).
	if grep -q 'to FAULTY' "$RIG_TMP/ptp4l-$name-a.log" "$RIG_TMP/ptp4l-$name-b.log"; then
		echo "faults: ptp4l started at $t0 ms, s2 at ${ts2:-none} ms, settled at $tl ms"
		grep -B4 'to FAULTY' "$RIG_TMP/ptp4l-$name-a.log" "$RIG_TMP/ptp4l-$name-b.log"
	fi
	n=$(cat "$RIG_TMP/ptp4l-$name-a.log" "$RIG_TMP/ptp4l-$name-b.log" | grep -c 'timed out while polling for tx timestamp')
	rig_expect_eq "$name: ptp4l never timed out waiting for a TX timestamp" 0 "$n"
	if [ "$n" != 0 ]; then
		# When and around what: the lines before and after each timeout.
		grep -n -B6 -A3 'timed out while polling' "$RIG_TMP/ptp4l-$name-a.log" "$RIG_TMP/ptp4l-$name-b.log"
		drv_terms s0 s1 a.tx_hwtstamps b.tx_hwtstamps a.tx_hwtstamp_rereads b.tx_hwtstamp_rereads
		echo "stamps delivered: $DRV_TERMS; ptp4l started at $t0 ms, PPS on at $t_pps ms, stopped at $t_end ms"
	fi
}

# pps_check NAME: the last PTP_PPS_S pulses of board 1 against board 0's
# nearest, in host raw time (the emulator's pps_log: index counter raw_ns).
pps_check() {
	local n rms max
	read -r n rms max _ <<<"$(awk -v k="$pps_s" "$AWK_ISQRT"'
		FNR == 1 { f++ } /^#/ { next }
		f == 1 { t0[++n0] = $3 } f == 2 { t1[++n1] = $3 }
		END {
			for (i = (n1 > k ? n1 - k + 1 : 1); i <= n1; i++) {
				best = -1
				for (j = 1; j <= n0; j++) {
					d = t1[i] - t0[j]; a = d < 0 ? -d : d
					if (best < 0 || a < best) { best = a; bd = d }
				}
				if (best < 0 || best > 500000000) continue
				n++; s += bd * bd; if (best > m) m = best
			}
			if (n) printf "%d %d %d 0\n", n, isqrt(s / n), m; else print "0 0 0 0"
		}' "$EMU_DEBUGFS/board0/pps_log" "$EMU_DEBUGFS/board1/pps_log")"
	echo "PTP: profile=$1 pps_pairs=$n pps_rms_ns=$rms pps_max_ns=$max (emulator ground truth, host raw time)"
	rig_expect_ge "$1: PPS pulse pairs from both boards" $((pps_s - 1)) "$n"
	rig_check "$1: the boards' PPS edges RMS $rms ns <= 50 ns apart" test "$rms" -le 50
	rig_check "$1: the boards' PPS edges max $max ns <= 200 ns apart" test "$max" -le 200
}

# The gptp-taprio profile: gPTP with its messages in a class whose gate is
# open in every entry of a taprio schedule (full offload, both boards; ptp4l
# --socket_priority 6 -> class 0; entries: classes 0 and 1 for 500 us,
# classes 0 and 2 for 500 us) while pings every 2 ms load the other two
# classes (a: TOS 0x08, 1000-byte payloads -> class 1, some 4 Mb/s; b and
# every reply -> class 2). From lock to the end of the measurement the
# emulator's event stream is read. Board 0, the master, keeps its PHC at its counter's rate, so its
# schedule in counter ticks is fixed: every frame inside an open interval
# of its class (emu-check --schedule), PTP frames in class 0 and the floods
# in classes 1 and 2. Board 1's PHC is the one ptp4l steps and steers (100
# ppm from its counter): its gates move in its counter's ticks, which a
# fixed schedule file cannot follow, so its emu-check result is printed, not
# judged; its PTP frames must be there. The profile's own verdicts (lock,
# offset, path delay, PPS ground truth, every TX stamp delivered) must hold
# as without a schedule.
#
# taprio_start saturated: the same schedule, the link saturated instead:
# iperf3 UDP at 30 Mb/s each way in class 1 (TOS 0x08 on both boards, twice
# what the SPI link can carry) and a ping flood from b in class 2 (the
# gptp-saturated profile).
taprio_start() {
	local rate="-i 0.002"
	# Both PHCs back at their nominal rate (an earlier profile's ptp4l left
	# the slave's steered): the schedule files are in counter ticks.
	rig_ns a phc_ctl -q "$phc_a" freq 0
	rig_ns b phc_ctl -q "$phc_b" freq 0
	tsn_use_gates 0x03:500000 0x05:500000
	# shellcheck disable=SC2086 # TSN_GATES is a word list
	tsn_schedules tsn_taprio_install $TSN_CYCLE $TSN_GATES
	TAPRIO_FLOODS=""
	if [ "${1:-}" = saturated ]; then
		rate=-f
		rig_ns_exec b iperf3 -s >/dev/null 2>&1 &
		TAPRIO_FLOODS=$!
		rig_check "iperf3 server listens" rig_wait_bound "$TAPRIO_FLOODS" 5201 tcp
		rig_ns_exec a iperf3 -c 198.51.100.2 -u -b 30M --bidir -S 0x08 -t 3600 >/dev/null 2>&1 &
		TAPRIO_FLOODS="$TAPRIO_FLOODS $!"
		TAPRIO_T0=$(uptime_ms)
		TAPRIO_W0="$(drv_emu_counter 0 wire_tx_frames) $(drv_emu_counter 1 wire_tx_frames)"
	else
		rig_ns_exec a ping -q -i 0.002 -Q 0x08 -s 1000 198.51.100.2 >/dev/null 2>&1 &
		TAPRIO_FLOODS="$TAPRIO_FLOODS $!"
	fi
	# shellcheck disable=SC2086 # an option
	rig_ns_exec b ping -q $rate 198.51.100.1 >/dev/null 2>&1 &
	TAPRIO_FLOODS="$TAPRIO_FLOODS $!"
}
taprio_load_stop() {
	# shellcheck disable=SC2086 # a pid list
	kill $TAPRIO_FLOODS 2>/dev/null
	# shellcheck disable=SC2086
	wait $TAPRIO_FLOODS 2>/dev/null
}
taprio_locked() {
	rig_stream_start "$RIG_TMP/events.txt"
}
taprio_done() {
	local out rc tc frames
	rig_stream_stop
	taprio_load_stop
	out=$(emu-check --any-start --schedule "$RIG_TMP/sched0.txt" "$RIG_TMP/events.txt")
	rc=$?
	grep -v '^VIOLATION\|^  at:' <<<"$out"
	grep -m 5 -A1 '^VIOLATION' <<<"$out"
	rig_expect_eq "gptp-taprio board 0 (master): every frame inside an open interval of its class (emu-check --schedule)" 0 "$rc"
	for tc in 0 1 2; do
		frames=$(tsn_class_field "$out" 0 $tc frames)
		rig_expect_ge "gptp-taprio board 0 class $tc: frames sent" 1 "${frames:-0}"
	done
	frames=$(tsn_class_field "$out" 1 0 frames)
	rig_expect_ge "gptp-taprio board 1 class 0 (its PTP messages): frames sent" 1 "${frames:-0}"
	out=$(emu-check --any-start --schedule "$RIG_TMP/sched1.txt" "$RIG_TMP/events.txt")
	echo "FIGURE: board 1 (PHC steered by ptp4l) against its schedule as installed:" \
		"$(grep -c '^VIOLATION: board 1 ' <<<"$out") frames outside it, not judged"
}
# The load the saturated profile ran under, in frames on the wire: each
# board's SPI link carries what it sends and what it receives, about 1200
# full-size frames/s in all (docs/performance.md).
taprio_saturated_done() {
	local w0 w1 ms
	read -r w0 w1 <<<"$TAPRIO_W0"
	ms=$(($(uptime_ms) - TAPRIO_T0))
	w0=$((($(drv_emu_counter 0 wire_tx_frames) - w0) * 1000 / ms))
	w1=$((($(drv_emu_counter 1 wire_tx_frames) - w1) * 1000 / ms))
	echo "FIGURE: gptp-saturated: on the wire over $ms ms: board 0 sent $w0 frames/s, board 1 $w1: each SPI link carried $((w0 + w1)) frames/s"
	taprio_load_stop
}
taprio_stop() {
	tsn_remove_root taprio
}

# Beside traffic, ptp4l's sanity check is off in both TSN profiles: ptp4l
# 3.1's (Debian 12's) compares each message's RX stamp with the system clock
# when ptp4l reads it, over 100 ms, allowing 200 ppm (20 us); a busy SPI
# link delays reading a frame by milliseconds, which it takes for a clock
# jump: it resets the servo and may fault the port for 16 s (docs/ptp.md).
# PTP messages at socket priority 6 go to class 0 of the schedule.
tsn_master="-f /rig/configs/gPTP.cfg --priority1 100 --socket_priority 6 --sanity_freq_limit 0"
tsn_slave="-f /rig/configs/gPTP.cfg --summary_interval -3 --socket_priority 6 --sanity_freq_limit 0"

# ptp4l's defaults but for tx_timestamp_timeout: 1 ms is shorter than a TX
# timestamp takes to come back over SPI on the VM's debug kernel; 100 ms is
# what the kernel's own TSN selftests give ptp4l (docs/ptp.md). The slave
# prints every sample (summary_interval = the sync interval).
for profile in ${PTP_PROFILES//,/ }; do
	case $profile in
	default) run_profile default "--priority1 100 --tx_timestamp_timeout 100" "-s --tx_timestamp_timeout 100" ;;
	gptp) run_profile gptp "-f /rig/configs/gPTP.cfg --priority1 100" "-f /rig/configs/gPTP.cfg --summary_interval -3" ;;
	gptp-taprio)
		taprio_start
		PROFILE_LOCKED=taprio_locked PROFILE_DONE=taprio_done \
			run_profile gptp-taprio "$tsn_master" "$tsn_slave"
		taprio_stop
		;;
	gptp-saturated)
		taprio_start saturated
		PROFILE_DONE=taprio_saturated_done PROFILE_ROGUE_FAULT_OK=1 \
			run_profile gptp-saturated "$tsn_master" "$tsn_slave"
		taprio_stop
		;;
	*) rig_fail "unknown profile $profile" ;;
	esac
done

# phc2sys from board 1's PHC to CLOCK_REALTIME (-O 0: the PHC keeps the
# time the driver gave it at probe, the system's). The figure only: a VM's
# figure says little about a Pi's.
refused0=$(drv_ethtool_stat b ptp_refused)
rig_ns_exec b phc2sys -s "$NS_B_DEV" -c CLOCK_REALTIME -O 0 -m -q >"$RIG_TMP/phc2sys.log" 2>&1 &
p2s=$!
sleep "$phc2sys_s"
# Still running at the end: linuxptp 3.1's phc2sys exits at the first PHC
# read that fails, saying nothing at its default log level.
if kill "$p2s" 2>/dev/null; then
	wait "$p2s" 2>/dev/null
	rig_pass "phc2sys ran for the whole $phc2sys_s s"
else
	wait "$p2s"
	rig_fail "phc2sys ran for the whole $phc2sys_s s: it exited by itself (status $?)"
fi
read -r n rms max _ <<<"$(sed -n 's/.* phc offset *\(-\{0,1\}[0-9]*\) s2 freq .*/\1 0/p' "$RIG_TMP/phc2sys.log" | tail -n +3 | stats)"
echo "PTP: phc2sys PHC->CLOCK_REALTIME samples=$n offset_rms_ns=$rms offset_max_ns=$max"
rig_expect_ge "phc2sys locked (s2) and kept the realtime clock on the PHC" 2 "$n"
# Too few: what phc2sys said and the PHC reads the driver refused, for the
# reason (neither is shown otherwise).
if ! [ "$n" -ge 2 ] 2>/dev/null; then
	tail -n 20 "$RIG_TMP/phc2sys.log"
	echo "# board 1's PHC reads refused meanwhile: $(($(drv_ethtool_stat b ptp_refused) - refused0))"
fi

# How long a hardware TX timestamp takes from the frame's start to its
# socket (tools/tstamp-latency places the stamp on CLOCK_REALTIME through a
# bracketed PHC read), idle and with floods both ways. Every frame must get
# its stamp; the delays are figures.
rig_check "TX timestamps: every one of 200 frames stamped, idle" \
	rig_ns a tstamp-latency -i "$NS_A_DEV" -n 200 -g 5000
rel_floods_start 15
rig_check "TX timestamps: every one of 200 frames stamped, floods both ways" \
	rig_ns a tstamp-latency -i "$NS_A_DEV" -n 200 -g 5000
rel_floods_stop
drv_check_violations
drv_done
