#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Both boards' PPS outputs, programmed from the host through SPI
# (tests/modules/emu_client's raw messages, as a driver would write the
# registers): every pulse in pps_log lies exactly on its programmed grid
# (PULSE_AT + k * CYCLE_1S), none spurious, none missing, across a rewrite
# of PPS_CYCLE_1S (the phase is kept: the pulse already due stays, the new
# period counts from it) and a burst rewrite of PULSE_AT one second ahead
# (armed once: the old grid stops, the new one starts; the write passes no
# intermediate value). Each pulse's host time (raw ns) follows the board's
# frequency error. Board 0 writes PULSE_AT as one 8-byte burst, board 1 as
# two 4-byte writes, _H then _L (the _L write arms).
# rig-args: --no-load
# rig-ci-env:
# rig-stress-env:
# rig-budget: 90
# rig-stress-budget: 90
. /rig/lib.sh
. ./drv-lib.sh

D=$EMU_DEBUGFS
C=/sys/bus/spi/drivers/emu_client
CYCLE1=100000000  # 1 s of nominal ticks
CYCLE2=100004000  # an adjfine-style new cycle, +40 ppm
PPB=(-40000 60000)

insmod $RIG_MODULES/lan1qtsn_emu.ko || exit 1
insmod $RIG_MODULES/emu_client.ko || exit 1
SPI=("$(rig_emu 0 spi_device)" "$(rig_emu 1 spi_device)")

# Shell built-ins only between a counter read and the write it brackets:
# a fork in this VM can take a good part of a second.
raw() { echo "${SPI[$1]} $2" >$C/raw; }
# TSN_SYSCOUNT through SPI (header 02 32 88, turnaround, 8 data bytes): SC.
syscount() {
	local r
	raw "$1" 023288000000000000000000 || return 1
	read -r r <$C/result
	SC=$((16#${r:8:16}))
}
# A 64-bit register pair as one 8-byte burst from _H (0x42a8, 0x42b0).
write64() { local h; printf -v h '01%04x%016x' "$2" "$3"; raw "$1" "$h"; }
write32() { local h; printf -v h '01%04x%08x' "$2" "$3"; raw "$1" "$h"; }
PULSE_H=$((0x4000 | 0x2a8)) PULSE_L=$((0x4000 | 0x2ac))
CYCLE_H=$((0x4000 | 0x2b0)) CYCLE_L=$((0x4000 | 0x2b4))

# wait_clear N GRID_AT CYCLE: until board N's counter (SC) is at least a
# quarter of a cycle away from the grid's pulses, so that a write lands
# between two pulses whatever the VM's latency.
wait_clear() {
	local n=$1 at=$2 cyc=$3 ph i
	for ((i = 0; i < 20; i++)); do
		syscount "$n" || return 1
		ph=$(((SC - at) % cyc))
		((ph < 0)) && ph=$((ph + cyc))
		((ph > cyc / 4 && cyc - ph > cyc / 4)) && return 0
		sleep 0.1
	done
	return 1
}

declare -a AT1 CW0 CW1 BW0 BW1 AT2
for n in 0 1; do
	syscount $n
	c=$SC
	rig_check "board$n: counter read over SPI ($c)" test -n "$c"
	# 1.5 s ahead: a few forks in this VM take a good part of a second.
	AT1[n]=$((c + 150000000))
	if [ $n = 0 ]; then
		write64 $n $CYCLE_H $CYCLE1
		write64 $n $PULSE_H "${AT1[n]}"
	else
		write32 $n $CYCLE_H 0
		write32 $n $CYCLE_L $CYCLE1
		write32 $n $PULSE_H $((AT1[n] >> 32))
		rig_expect_eq "board1: a lone _H write arms nothing" 0 "$(drv_emu_counter 1 pps_arms)"
		write32 $n $PULSE_L $((AT1[n] & 0xffffffff))
	fi
	rig_expect_eq "board$n: PULSE_AT armed once" 1 "$(drv_emu_counter $n pps_arms)"
	rig_expect_eq "board$n: PULSE_AT ahead when armed" 0 "$(drv_emu_counter $n pps_late)"
done
sleep 4.3

# PPS_CYCLE_1S rewritten (board 0: _L alone, board 1: a burst).
for n in 0 1; do
	wait_clear $n "${AT1[n]}" $CYCLE1
	CW0[n]=$SC
	if [ $n = 0 ]; then
		write32 $n $CYCLE_L $CYCLE2
	else
		write64 $n $CYCLE_H $CYCLE2
	fi
	syscount $n
	CW1[n]=$SC
done
sleep 3.3

# PULSE_AT rewritten in one burst, a second ahead of now, off the old grid.
for n in 0 1; do
	# The grid after the cycle change: the first pulse past CW is kept.
	k=$(((CW0[n] - AT1[n]) / CYCLE1 + 1))
	kept=$((AT1[n] + k * CYCLE1))
	wait_clear $n "$kept" $CYCLE2
	BW0[n]=$SC
	AT2[n]=$((BW0[n] + 100000000 + 12345))
	write64 $n $PULSE_H "${AT2[n]}"
	syscount $n
	BW1[n]=$SC
	rig_expect_eq "board$n: the burst armed once" 2 "$(drv_emu_counter $n pps_arms)"
done
sleep 3.5

for n in 0 1; do
	syscount $n
	end=$SC
	log=$(cat $D/board$n/pps_log)
	total=$(echo "$log" | sed -n 's/^# pulses //p')
	# The expected pulses, from the programmed values and the two writes.
	exp=()
	t=${AT1[n]}
	while ((t <= CW0[n])); do exp+=("$t"); t=$((t + CYCLE1)); done
	rig_check "board$n: no pulse due while the cycle was written" test "$t" -gt "${CW1[n]}"
	while ((t <= BW0[n])); do exp+=("$t"); t=$((t + CYCLE2)); done
	rig_check "board$n: no pulse due while PULSE_AT was written" test "$t" -gt "${BW1[n]}"
	t=${AT2[n]}
	while ((t <= end)); do exp+=("$t"); t=$((t + CYCLE2)); done
	got=() hns=()
	while read -r i tick ns; do
		[ "$i" = "#" ] && continue
		got+=("$tick")
		hns[i]=$ns
	done <<<"$log"
	# Pulses after $end (the log is read later) must be the next ones.
	extra=$((${#got[@]} - ${#exp[@]}))
	while ((extra-- > 0)); do exp+=("$t"); t=$((t + CYCLE2)); done
	echo "board$n: ${#got[@]} pulses logged, $total counted, expected ${#exp[@]}"
	rig_expect_ge "board$n: pulses seen" 8 "${#got[@]}"
	rig_expect_eq "board$n: pps_pulses counts every logged pulse" "${#got[@]}" "$total"
	rig_expect_eq "board$n: every pulse on its programmed grid, none missing or spurious" \
		"${exp[*]}" "${got[*]}"
	rig_expect_eq "board$n: no late arm" 0 "$(drv_emu_counter $n pps_late)"
	# Host time between pulses: CYCLE2 ticks at the board's frequency,
	# 10 * CYCLE2 * 1e9 / (1e9 + ppb) ns, to 2 ns.
	i=$((${#got[@]} - 1))
	d=$((hns[i] - hns[i - 1]))
	want=$((10 * CYCLE2 * 1000000000 / (1000000000 + PPB[n])))
	off=$((d - want))
	rig_check "board$n: pulse spacing in host raw ns $d = $want +-2 (${PPB[n]} ppb)" \
		test "${off#-}" -le 2
done
for n in 0 1; do
	rig_expect_eq "board$n: protocol violations" 0 "$(drv_emu_violations $n)"
done
rmmod emu_client
rig_check "unload emulator" rmmod lan1qtsn_emu
rig_done
