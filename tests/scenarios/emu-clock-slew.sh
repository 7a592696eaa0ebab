#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The boards' oscillators ignore the VM's system clock: adjtimex (busybox)
# slews CLOCK_MONOTONIC by +500 ppm for SLEW_S seconds, and the ground-truth
# file /sys/kernel/debug/lan1qtsn_emu/clocks shows each board's counter
# advancing by exactly elapsed_raw_ns * (1e9 + ppb) / 1e10 ticks (within
# 1 ppm) at its default frequency error (-40 ppm and +60 ppm), while the
# monotonic clock, read at the same instants, ran 500 ppm fast (the slew
# happened: a counter that followed CLOCK_MONOTONIC would be 500 ppm off and
# fail). The clock is restored afterwards.
# rig-args: --no-driver
# rig-ci-env: SLEW_S=20
# rig-stress-env: SLEW_S=60
# rig-budget: 60
# rig-stress-budget: 120
. /rig/lib.sh

slew_s=${SLEW_S:-20}
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
rig_done
