#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The boards' oscillators ignore the VM's system clock: adjtimex (busybox)
# slews CLOCK_MONOTONIC by +500 ppm for SLEW_S seconds, and the ground-truth
# file /sys/kernel/debug/lan1qtsn_emu/clocks shows each board's counter
# advancing by exactly elapsed_raw_ns * (1e9 + ppb) / 1e10 ticks (within
# 1 ppm) at its default frequency error (-40 ppm and +60 ppm), while the
# monotonic clock, read at the same instants, ran 500 ppm fast (the slew
# happened: a counter that followed CLOCK_MONOTONIC would be 500 ppm off and
# fail). The clock is restored afterwards. Then the oscillator knobs: a
# freq_script step lands at its host time (the counter across it is exact
# piecewise), wander moves the true frequency in whole steps, and both stop.
# rig-args: --no-driver
# rig-ci-env: SLEW_S=10
# rig-stress-env: SLEW_S=60
# rig-budget: 60
# rig-stress-budget: 120
. /rig/lib.sh

slew_s=${SLEW_S:-10}
F=$EMU_DEBUGFS/clocks
PPB=(-40000 60000)
# 500 ppm in adjtimex's unit (65536 = 1 ppm): the kernel's maximum.
SLEW=$((500 * 65536))

restore() { busybox adjtimex -q -f 0; }
trap restore EXIT

# clocks FILE: "host_raw_ns N", "host_mono_ns N", "boardN counter ppb".
field() { awk -v k="$2" '$1 == k { print $3 != "" ? $2 " " $3 : $2 }' <<<"$1"; }

rig_check "adjtimex slews the system clock by +500 ppm" busybox adjtimex -q -f $SLEW
rig_check "adjtimex reads the frequency back" \
	sh -c "busybox adjtimex | grep -q 'freq.adjust: *$SLEW '"
# The timekeeping core steers its multiplier to the new rate over a few
# ticks: measure from a second later.
sleep 1
c0=$(cat $F)
echo "$c0"
for n in 0 1; do
	rig_expect_eq "board$n: default frequency error" "${PPB[n]}" \
		"$(field "$c0" board$n | cut -d' ' -f2)"
done
half=$((slew_s / 2))
sleep "$half"
c1=$(cat $F)
sleep $((slew_s - half))
c2=$(cat $F)
restore
echo "$c2"

# check A B: the interval between two reads of the clocks file.
check() {
	local a=$1 b=$2 what=$3 draw dmono ppm n ppb dc want off tol wmono
	draw=$(($(field "$b" host_raw_ns) - $(field "$a" host_raw_ns)))
	dmono=$(($(field "$b" host_mono_ns) - $(field "$a" host_mono_ns)))
	# (dmono - draw) / draw in ppm, to 0.1 ppm.
	ppm=$(((dmono - draw) * 10000000 / draw))
	rig_check "$what: CLOCK_MONOTONIC ran ${ppm%?}.${ppm: -1} ppm fast over ${draw} raw ns (450..550)" \
		test "$ppm" -ge 4500 -a "$ppm" -le 5500
	for n in 0 1; do
		ppb=$(field "$b" board$n | cut -d' ' -f2)
		dc=$(($(field "$b" board$n | cut -d' ' -f1) - $(field "$a" board$n | cut -d' ' -f1)))
		# draw * (1e9 + ppb) / 1e10 without overflowing 63 bits.
		want=$((draw / 10 + draw * ppb / 10000000000))
		off=$((dc - want))
		tol=$((want / 1000000 + 1))
		rig_check "$what: board$n advanced $dc ticks = raw $want +-$tol (1 ppm; off by $off)" \
			test "${off#-}" -le "$tol"
		# What a counter on CLOCK_MONOTONIC would have done.
		wmono=$((dmono / 10 + dmono * ppb / 10000000000))
		off=$((dc - wmono))
		rig_check "$what: board$n is not on CLOCK_MONOTONIC (off $off ticks > 400 ppm)" \
			test "${off#-}" -gt $((want / 2500))
		rig_expect_eq "$what: board$n frequency error unchanged" "${PPB[n]}" "$ppb"
	done
}
check "$c0" "$c1" "first half"
check "$c1" "$c2" "second half"
check "$c0" "$c2" "whole slew"
rig_check "the system clock's frequency is restored" \
	sh -c "busybox adjtimex | grep -q 'freq.adjust: *0 '"

# A script on board 0: +10 ppm now, -20 ppm 1.5 s later.
B0=$EMU_DEBUGFS/board0
printf '0 10000\n1500 -20000\n' >$B0/freq_script
a=$(cat $F)
sleep 2
b=$(cat $F)
s=$(cat $B0/freq_script)
echo "$s"
rig_expect_eq "script: step 0 in force after the write" 10000 "$(field "$a" board0 | cut -d' ' -f2)"
rig_expect_eq "script: step 1 in force 2 s later" -20000 "$(field "$b" board0 | cut -d' ' -f2)"
rig_expect_eq "script: freq_ppb reads the step back" -20000 "$(cat $B0/freq_ppb)"
rig_expect_eq "script: both steps applied" 2 "$(grep -c ' applied$' <<<"$s")"
t0=$(sed -n 's/^# written_raw_ns \([0-9]*\) .*/\1/p' <<<"$s")
ts=$((t0 + 1500000000))
ra=$(field "$a" host_raw_ns) rb=$(field "$b" host_raw_ns)
want=$(((ts - ra) / 10 + (ts - ra) * 10000 / 10000000000 + (rb - ts) / 10 - (rb - ts) * 20000 / 10000000000))
dc=$(($(field "$b" board0 | cut -d' ' -f1) - $(field "$a" board0 | cut -d' ' -f1)))
off=$((dc - want))
rig_check "script: counter across the step $dc = piecewise $want +-5 (off $off; 3 ticks per ms of step error)" test "${off#-}" -le 5
echo >$B0/freq_script
echo -40000 >$B0/freq_ppb

# Wander on board 1: +-1000 ppb every 10 ms.
B1=$EMU_DEBUGFS/board1
echo 10 >$B1/wander_interval_ms
echo 1000 >$B1/wander_ppb
moved=0 whole=0
for _ in 1 2 3; do
	sleep 0.3
	p=$(field "$(cat $F)" board1 | cut -d' ' -f2)
	echo "wander: board1 at $p ppb"
	[ "$p" != 60000 ] && moved=$((moved + 1))
	[ $(((p - 60000) % 1000)) = 0 ] && whole=$((whole + 1))
done
rig_expect_ge "wander: the true frequency moved" 1 "$moved"
rig_expect_eq "wander: in whole steps of 1000 ppb" 3 "$whole"
echo 0 >$B1/wander_ppb
echo 60000 >$B1/freq_ppb
rig_expect_eq "wander stopped, freq_ppb set: 60000 again" 60000 "$(field "$(cat $F)" board1 | cut -d' ' -f2)"
rig_done
