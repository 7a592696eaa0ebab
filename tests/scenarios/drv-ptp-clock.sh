#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The PTP hardware clock of board 0, held against the emulator's ground
# truth (the `clocks` file: the board's true counter at one host raw
# instant; `pps_log`: each pulse's counter value and host raw time).
# testptp: capabilities; settime, frequency (+1 %, +-max_adj, beyond it
# refused), steps both ways, each checked against the counter through the
# scale the driver must be using (the tightest of 25 gettimex64 samples,
# raw time before/after, gives the PHC at a known counter value); -k
# samples; periodic output of 1 s: every pulse on a PHC second (to the
# sample's precision) and consecutive pulses exactly a PHC second apart (to
# a tick), still after adjfine and adjtime; PPS events; refusals (period
# other than 1 s, duty cycle and phase flags, a start 5 s in the past through
# tools/perout-at); a device reset (the counter
# restarts: the PHC goes on, the output is programmed again); a vanished
# device (MISO stuck): an error, not a time; a failed transfer: EBUSY.
# phc.sh (the kernel's selftest): adjtime in CI, all three in the stress
# tier.
# The stress tier (PTP_MORE=1) adds rates and steps and runs all of phc.sh.
# rig-ci-env: PTP_PHC_SH_TESTS=adjtime PTP_MORE=0
# rig-stress-env: PTP_PHC_SH_TESTS=settime,adjtime,adjfreq PTP_MORE=1
# rig-budget: 90
# rig-stress-budget: 400
. /rig/lib.sh
. ./drv-lib.sh

MAX_ADJ=100000000
NS=1000000000
MORE=${PTP_MORE:-0}
# phc.sh test names, comma-separated (a rig-*-env value has no spaces).
PTP_PHC_SH_TESTS=${PTP_PHC_SH_TESTS:-adjtime}
B=0

spi=$(<"$EMU_DEBUGFS/board$B/spi_device")
P=""
for d in /sys/bus/spi/devices/"$spi"/ptp/ptp*; do
	[ -e "$d" ] && P=/dev/${d##*/}
done
rig_check "board $B has a PHC ($P)" test -c "$P"
[ -c "$P" ] || { drv_done; exit 1; }
tp() { testptp -d "$P" "$@" 2>&1; }

# clk: the board's counter CLK_CNT and its ppb CLK_PPB at host raw CLK_RAW.
# One read() of the file: bash's `read` seeks back after each line, and a
# seek on a seq_file runs it again, pairing one instant's host time with
# another's counter.
clk() {
	local k a b txt
	txt=$(cat "$EMU_DEBUGFS/clocks")
	while read -r k a b; do
		case $k in
		host_raw_ns) CLK_RAW=$a ;;
		"board$B") CLK_CNT=$a CLK_PPB=$b ;;
		esac
	done <<<"$txt"
}

# ns SEC.NSEC: NSV=ns (no subshell: a fork costs ~0.1 s in the VM)
ns() { local s=${1%.*} f=${1#*.}; NSV=$((s * NS + 10#$f)); }

# sample NAME: the tightest of 25 gettimex64 samples: NAME_PHC (PHC ns),
# NAME_CNT (the true counter at the same host raw instant, from `clocks`
# read right after), NAME_W (width of the bracket, ns), NAME_RAW.
sample() {
	local line pre="" phc="" best=-1 w raw bphc=0 braw=0 out d
	# (no process substitution: the VM has no /dev/fd)
	out=$(tp -x 10 -y monotonic-raw)
	while read -r line; do
		case $line in
		*"monotonic-raw time before:"*) ns "${line##* }"; pre=$NSV ;;
		*"phc time:"*) ns "${line##* }"; phc=$NSV ;;
		*"monotonic-raw time after:"*)
			ns "${line##* }"
			w=$((NSV - pre))
			if [ $best -lt 0 ] || [ $w -lt $best ]; then
				best=$w bphc=$phc braw=$((pre + w / 2))
			fi ;;
		esac
	done <<<"$out"
	clk
	raw=$braw
	printf -v "${1}_PHC" %s "$bphc"
	printf -v "${1}_W" %s "$best"
	printf -v "${1}_RAW" %s "$raw"
	# counter at raw: (raw - CLK_RAW) ns at (1e9 + ppb) / 1e10 ticks per
	# ns (in two terms: the product would overflow 64 bits after 9 s)
	d=$((raw - CLK_RAW))
	printf -v "${1}_CNT" %s $((CLK_CNT + d / 10 + d * CLK_PPB / (10 * NS)))
	echo "sample $1: PHC $bphc at raw $raw (bracket $best ns); clocks: raw $CLK_RAW counter $CLK_CNT ppb $CLK_PPB"
	[ "$best" -ge 0 ]
}

# expect_map WHAT A B PPB STEP: between samples A and B the PHC advanced
# by the counter's advance at 10 ns * (1 + PPB/1e9) per tick, plus STEP ns,
# within the two brackets (+ 50 ns of rounding).
expect_map() {
	local a=$2 b=$3 f=$4 step=$5 dphc dcnt want err tol
	local -n ap=${a}_PHC ac=${a}_CNT aw=${a}_W bp=${b}_PHC bc=${b}_CNT bw=${b}_W
	dphc=$((bp - ap)) dcnt=$((bc - ac))
	want=$((dcnt * 10 + dcnt * f / 100000000 + step))
	err=$((dphc - want)) tol=$(((aw + bw) / 2 + 50))
	if [ ${err#-} -le $tol ]; then
		rig_pass "$1: PHC +$dphc ns over $dcnt ticks, expected $want (error $err, tolerance $tol)"
	else
		rig_fail "$1: PHC +$dphc ns over $dcnt ticks, expected $want (error $err ns > $tol)"
	fi
}

# pulses SINCE_RAW: the pps_log lines "index counter host_raw" of pulses
# at or after host raw SINCE_RAW.
pulses() {
	local i c r txt
	txt=$(cat "$EMU_DEBUGFS/board$B/pps_log")
	while read -r i c r; do
		[ "$i" = "#" ] && continue
		[ "$r" -ge "$1" ] && echo "$i $c $r"
	done <<<"$txt"
	return 0
}

# expect_pulses WHAT SINCE_RAW S PPB MIN: at least MIN pulses since
# SINCE_RAW; each on a PHC second by sample S's mapping (within its
# bracket + 50 ns); each next one a PHC second later to a tick.
expect_pulses() {
	local what=$1 since=$2 s=$3 f=$4 min=$5 n=0 bad=0 i c r phc res prev="" sp
	local lo hi worst=0 tol list
	local -n sp_=${s}_PHC sc=${s}_CNT sw=${s}_W
	tol=$((sw / 2 + 50))
	list=$(pulses "$since")
	# ticks per PHC second, and the two whole numbers a spacing may be
	lo=$((NS * 100000000 / (NS + f))) hi=$((lo + 1))
	while read -r i c r; do
		[ -n "$c" ] || continue
		n=$((n + 1))
		phc=$((sp_ + (c - sc) * 10 + (c - sc) * f / 100000000))
		res=$(((phc % NS + NS + NS / 2) % NS - NS / 2))
		[ ${res#-} -gt ${worst#-} ] && worst=$res
		if [ ${res#-} -gt $tol ]; then
			bad=$((bad + 1))
			echo "pulse $i at counter $c: PHC $phc ns, $res ns off its second"
		fi
		if [ -n "$prev" ]; then
			sp=$((c - prev))
			if [ $sp -lt $lo ] || [ $sp -gt $hi ]; then
				bad=$((bad + 1))
				echo "pulse $i: $sp ticks after the previous one, expected $lo or $hi"
			fi
		fi
		prev=$c
	done <<<"$list"
	rig_expect_ge "$what: pulses" "$min" "$n"
	rig_expect_eq "$what: pulses on the PHC's seconds (worst $worst ns, tolerance $tol) and a second apart" 0 "$bad"
}

# Capabilities.
caps=$(tp -c)
echo "$caps"
rig_check "max_adj $MAX_ADJ" grep -q "  $MAX_ADJ maximum frequency adjustment" <<<"$caps"
rig_check "one periodic output" grep -q "  1 programmable periodic signals" <<<"$caps"
rig_check "PPS" grep -q "  1 pulse per second" <<<"$caps"

# settime: the PHC is 1000 s at a counter value between the two reads.
tp -f 0 >/dev/null
clk
k0=$CLK_CNT
rig_check "testptp -T 1000" grep -q "set time okay" <<<"$(tp -T 1000)"
sample A
echo "sample A: PHC $A_PHC counter $A_CNT bracket $A_W ns"
rig_expect_ge "bracket of gettimex64 below 1 ms ($A_W ns)" 0 $((1000000 - A_W))
lo=$((1000 * NS)) hi=$((1000 * NS + (A_CNT - k0) * 10 + A_W))
if [ "$A_PHC" -ge $lo ] && [ "$A_PHC" -le $hi ]; then
	rig_pass "settime: PHC $A_PHC in [$lo, $hi]"
else
	rig_fail "settime: PHC $A_PHC not in [$lo, $hi]"
fi
rig_check "testptp -g" grep -q "clock time: 10[0-9][0-9]\." <<<"$(tp -g)"
sleep 0.5
sample B
expect_map "nominal rate" A B 0 0

# adjfine: +1 %, +max_adj, -max_adj; beyond max_adj refused.
for f in 10000000 $MAX_ADJ -$MAX_ADJ; do
	rig_check "testptp -f $f" grep -q "frequency adjustment okay" <<<"$(tp -f "$f")"
	sample A
	sleep 0.5
	sample B
	expect_map "adjfine $f ppb" A B "$f" 0
done
out=$(tp -f $((MAX_ADJ + 1)))
rig_check "adjfine beyond max_adj refused ($out)" grep -q "clock_adjtime: Numerical result out of range" <<<"$out"
sample C
expect_map "rate unchanged by the refused adjfine" B C -$MAX_ADJ 0

# Steps both ways (adjtime): testptp -t seconds -n nanoseconds.
tp -f 0 >/dev/null
steps=("1 500000000" "-2 0" "0 -300000")
[ "$MORE" = 1 ] && steps+=("0 123" "-1 999999999" "30 0")
for st in "${steps[@]}"; do
	sample A
	# shellcheck disable=SC2086 # two words
	set -- $st
	rig_check "testptp -t $1 -n $2" grep -q "time shift okay" <<<"$(tp -t "$1" -n "$2")"
	sample B
	expect_map "adjtime $1 s $2 ns" A B 0 $(($1 * NS + $2))
done

rig_check "testptp -k 5" grep -q "system/phc clock time offset is" <<<"$(tp -k 5)"

# pulses_after_change WHAT PPB: the pulses from 100 ms after now (the change
# just made) are on the PHC's seconds at rate PPB: 2.3 s gives at least two.
pulses_after_change() {
	local t0
	clk
	t0=$((CLK_RAW + 100000000))
	sleep 2.3
	sample S
	expect_pulses "$1" "$t0" S "$2" 2
}

# Periodic output, 1 s, from a whole second 2 s ahead (testptp's start).
rig_check "testptp -T 2000" grep -q "set time okay" <<<"$(tp -T 2000)"
clk
t0=$CLK_RAW
rig_check "periodic output 1 s" grep -q "periodic output request okay" <<<"$(tp -p $NS)"
sleep 4.2
sample S
expect_pulses "perout nominal" "$t0" S 0 2
rig_expect_eq "no late arming" 0 "$(drv_emu_counter $B pps_late)"

# ... after adjfine and after steps, both while the output runs.
rates=(10000000 "-$MAX_ADJ")
[ "$MORE" = 1 ] && rates+=("$MAX_ADJ" 0)
rates+=(777)
for f in "${rates[@]}"; do
	tp -f "$f" >/dev/null
	pulses_after_change "perout after adjfine $f" "$f"
done
shifts=(300000000 -700000000)
[ "$MORE" = 1 ] && shifts+=(999999990 -5 2000000000)
for n in "${shifts[@]}"; do
	rig_check "testptp -n $n" grep -q "time shift okay" <<<"$(tp -t $((n / NS)) -n $((n % NS)))"
	pulses_after_change "perout after adjtime $n" 777
done
rig_expect_eq "no late arming" 0 "$(drv_emu_counter $B pps_late)"

# PPS events on the kernel's PPS source of this clock (phase 0, as the
# periodic output: both may be on).
pps=""
for d in /sys/class/pps/pps*; do
	[ "$(cat "$d/name" 2>/dev/null)" = "${P#/dev/}" ] && pps=$d
done
rig_check "PPS source of ${P#/dev/} ($pps)" test -n "$pps"
rig_check "testptp -P 1" grep -q "pps for system time request okay" <<<"$(tp -P 1)"
a0=$(cat "$pps/assert" 2>/dev/null)

# Refusals: nothing changes.
for args in "-p 500000000" "-p 2000000000" "-p $NS -w 100000" "-p $NS -H 5000"; do
	# shellcheck disable=SC2086 # args are words
	out=$(tp $args)
	rig_check "testptp $args refused" grep -q "PTP_PEROUT_REQUEST: " <<<"$out"
done
# A start 5 s in the past (testptp cannot ask for one).
out=$(perout-at "$P" -5000000000)
echo "perout-at 5 s ago: $out"
rig_check "periodic output starting in the past refused (Invalid argument)" \
	grep -q "refused: Invalid argument" <<<"$out"
rig_check "refusals say why" grep -q "PHC: periodic output" <<<"$(rig_dmesg_since_start)"
rig_check "the start in the past is named" grep -q "PHC: periodic output start .* is in the past" \
	<<<"$(rig_dmesg_since_start)"
# A start of 1e11 s: in ns it would wrap 64 bits (to a time ahead of now,
# which a driver that multiplied without a bound accepted).
out=$(perout-at "$P" @100000000000)
echo "perout-at 1e11 s: $out"
rig_check "periodic output starting past the year 2262 refused (Invalid argument)" \
	grep -q "refused: Invalid argument" <<<"$out"
rig_check "... as not a time" grep -q "PHC: periodic output start 100000000000.000000000 s is not a time" \
	<<<"$(rig_dmesg_since_start)"
pulses_after_change "perout unchanged after the refusals" 777
a1=$(cat "$pps/assert" 2>/dev/null)
echo "pps assert: '$a0' -> '$a1'"
rig_expect_ge "PPS events reported" 2 $((${a1##*#} - ${a0##*#}))
tp -P 0 >/dev/null
rig_check "periodic output off" grep -q "periodic output request okay" <<<"$(tp -p 0)"
clk
t0=$((CLK_RAW + 100000000))
sleep 1.2
rig_expect_eq "no pulse after the output is off" "" "$(pulses "$t0")"

# A device reset restarts the counter: the PHC goes on (by the host
# clock), and the pulse output is programmed again.
rig_check "periodic output 1 s again" grep -q "periodic output request okay" <<<"$(tp -p $NS)"
sample A
echo 1 >"$EMU_DEBUGFS/board$B/fault_reset"
clk
# the aux worker notices within a second and arms the output again
t0=$((CLK_RAW + 1000000000))
sleep 3.5
sample B
dphc=$((B_PHC - A_PHC)) draw=$((B_RAW - A_RAW))
err=$((dphc - draw - draw * 777 / NS))
echo "reset: PHC +$dphc ns over $draw ns of host raw time (error $err ns)"
rig_expect_ge "PHC monotonic across the counter restart" 0 $((dphc))
rig_expect_ge "PHC within 1 ms of the host clock across the restart" 0 $((1000000 - ${err#-}))
rig_check "restart noticed" grep -q "system counter went back" <<<"$(rig_dmesg_since_start)"
expect_pulses "perout after a device reset" "$t0" B 777 2
tp -p 0 >/dev/null

# A vanished device: an error, never a time.
echo 2 >"$EMU_DEBUGFS/board$B/fault_miso_stuck"
out=$(tp -g)
echo 0 >"$EMU_DEBUGFS/board$B/fault_miso_stuck"
rig_check "absent device: gettime fails ($out)" grep -q "clock_gettime: No such device" <<<"$out"
rig_check "absent device: said why" grep -q "does not answer as itself" <<<"$(rig_dmesg_since_start)"
rig_check "device back: gettime works" grep -q "clock time: " <<<"$(tp -g)"

# A failed transfer (every read of TSN_SYSCOUNT_H fails with EIO): EBUSY,
# the error linuxptp's phc2sys (4.0 and later) skips; any other ends it.
# The log names the SPI error (-EIO, or -5 in a kernel without
# CONFIG_SYMBOLIC_ERRNAME).
eio_line="PHC: the counter read failed \((-EIO|-5)\): no time"
eio0=$(rig_dmesg_since_start | grep -c -E "$eio_line")
echo 0x3288 >"$EMU_DEBUGFS/board$B/fault_addr_eio"
out=$(tp -g)
echo 0 >"$EMU_DEBUGFS/board$B/fault_addr_eio"
rig_check "counter read failing: gettime fails with EBUSY ($out)" \
	grep -q "clock_gettime: Device or resource busy" <<<"$out"
rig_expect_ge "counter read failing: the log names the SPI error" 1 \
	$(($(rig_dmesg_since_start | grep -c -E "$eio_line") - eio0))
rig_check "counter read passes again: gettime works" grep -q "clock time: " <<<"$(tp -g)"

# The kernel's own PHC selftest.
if command -v phc.sh >/dev/null; then
	out=$(TESTS=${PTP_PHC_SH_TESTS//,/ } phc.sh "$P" 2>&1)
	echo "$out"
	rig_check "phc.sh ${PTP_PHC_SH_TESTS:-adjtime}" test -z "$(grep -v '\[ OK \]' <<<"$out")"
	rig_expect_ge "phc.sh tests run" 1 "$(grep -c '\[ OK \]' <<<"$out")"
else
	rig_fail "phc.sh is not in the image"
fi
tp -f 0 >/dev/null
drv_done
