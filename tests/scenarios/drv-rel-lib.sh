# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Helpers of the reliability scenarios (drv-rel-*.sh); sourced after
# drv-lib.sh, not run.
#
# One phase (rel_phase) = traffic both ways (ping floods, 56 and 1000
# bytes) while a fault is injected, the fault cleared, a recovery probe,
# then the exact account of every frame between two snapshots of quiet
# devices (drv_account: every frame delivered or in a named drop counter),
# and one line for the issue's table:
#   REL: fault=F rate=R traffic=T sent=N delivered=N dropped=N unexplained=N first_ms=N full_ms=N
# sent: frames both stacks handed to their drivers; delivered: frames both
# stacks received; dropped: the difference, every one of them in a named
# counter when unexplained is 0 (drv_account fails the scenario otherwise).
# first_ms / full_ms: from the moment the fault was cleared to the first
# reply of a 10 ms ping probe, and to the first probe after which every
# probe was answered (full rate); -1 when the probe never recovered.
# Splats and leaks fail the scenario (the rig's verdict), so a passing
# scenario's lines have none.

REL_FLOOD=${REL_FLOOD:-120}
REL_PROBES=${REL_PROBES:-120}
# shellcheck disable=SC2034 # filled and read by name (rig_snap, drv_account)
declare -A rel0 rel1

# rel_set NAME VALUE [BOARDS]: an emulator knob on the boards (default both).
rel_set() {
	local b
	for b in ${3:-0 1}; do
		echo "$2" >"$EMU_DEBUGFS/board$b/$1" || { rig_fail "cannot set $1=$2 on board $b"; return 1; }
	done
}

# rel_probe_start: starts the recovery probe in the background: pings a -> b
# every 10 ms (REL_PROBES of them, 1 s reply wait). Start it the moment a
# fault ends, even with other traffic still running: that traffic is what
# the device recovers under.
rel_probe_start() {
	rig_ns_exec a ping -D -n -i 0.01 -c "$REL_PROBES" -W 1 198.51.100.2 >"$RIG_TMP/probe.txt" 2>&1 &
	REL_PROBE_PID=$!
}

# rel_probe_wait T0_MS: waits for the probe (starting one now if none runs)
# and sets REL_FIRST_MS and REL_FULL_MS relative to T0_MS.
rel_probe_wait() {
	local t0=$1 n first fullseq fullts
	[ -n "${REL_PROBE_PID:-}" ] || rel_probe_start
	wait "$REL_PROBE_PID"
	REL_PROBE_PID=""
	# One awk over ping -D's lines: a bash loop with a regular expression
	# per line took ~1 s per probe in the VM. Prints: replies, the ms of the
	# first, the first probe after which none was lost and its ms.
	read -r n first fullseq fullts <<<"$(awk -v probes="$REL_PROBES" '
		/^\[[0-9]+\.[0-9]+\].*icmp_seq=[0-9]+/ {
			ts = substr($1, 2); sub(/\].*/, "", ts); split(ts, p, ".")
			ms = p[1] * 1000 + substr(p[2] "000", 1, 3)
			q = $0; sub(/.*icmp_seq=/, "", q); sub(/[^0-9].*/, "", q); q += 0
			if (n == 0) first = ms
			ans[q] = 1; when[q] = ms; n++
		}
		END {
			full = -1
			for (q = probes; q >= 1; q--) { if (!(q in ans)) break; full = q }
			printf "%d %.0f %d %.0f\n", n, (n ? first : 0), full, (full > 0 ? when[full] : 0)
		}' "$RIG_TMP/probe.txt")"
	if [ "$n" = 0 ]; then REL_FIRST_MS=-1; else REL_FIRST_MS=$((first - t0)); fi
	if [ "$fullseq" = -1 ] || [ "$((REL_PROBES - fullseq))" -lt 20 ]; then
		REL_FULL_MS=-1
	else
		REL_FULL_MS=$((fullts - t0))
	fi
	echo "probe: $n of $REL_PROBES answered, first after $REL_FIRST_MS ms, all from probe $fullseq"
}

# rel_floods_start SECONDS: ping floods both ways in the background (b with
# 1000-byte payloads) for at most SECONDS; rel_floods_wait waits for them,
# rel_floods_stop ends them now.
rel_floods_start() {
	rig_ns_exec a ping -f -q -w "$1" 198.51.100.2 >/dev/null 2>&1 &
	REL_FLOOD_PIDS=$!
	rig_ns_exec b ping -f -q -s 1000 -w "$1" 198.51.100.1 >/dev/null 2>&1 &
	REL_FLOOD_PIDS="$REL_FLOOD_PIDS $!"
}

rel_floods_wait() {
	# shellcheck disable=SC2086 # two pids
	wait $REL_FLOOD_PIDS 2>/dev/null
}

rel_floods_stop() {
	# shellcheck disable=SC2086 # two pids
	kill $REL_FLOOD_PIDS 2>/dev/null
	rel_floods_wait
}

# rel_begin: settle and snapshot before a phase. Right after a phase
# (rel_end settled the devices and took rel1) the phase starts from rel1
# instead: the account of a window between two snapshots of quiet devices
# is exact whatever crossed in between (the checks between two phases send
# nothing), and a settle and a snapshot cost ~2.5 s in the VM.
rel_begin() {
	local k
	if [ "${REL_CARRY:-0}" = 1 ]; then
		rel0=()
		# shellcheck disable=SC2034 # read by name (drv_account, drv_terms)
		for k in "${!rel1[@]}"; do rel0[$k]=${rel1[$k]}; done
	else
		drv_settle
		rig_snap rel0
	fi
	REL_CARRY=0
}

# rel_flood: the phase's traffic, REL_FLOOD pings each way at once.
rel_flood() {
	drv_flood_both "$REL_FLOOD" 56 1000
}

# rel_end FAULT RATE TRAFFIC T0_MS [RESET_SLACK_0 [RESET_SLACK_1]]: the
# probe (rel_probe_start, or one now), settle, account, the REL line.
rel_end() {
	local fault=$1 rate=$2 traffic=$3 t0=$4 sent delivered unexplained=0 rc=0
	rel_probe_wait "$t0"
	drv_settle
	rig_snap rel1
	REL_CARRY=1
	DRV_UNEXPLAINED=0
	drv_account rel0 rel1 "${5:-}" "${6:-}" || rc=1
	unexplained=$DRV_UNEXPLAINED
	drv_terms rel0 rel1 a.qdisc_sent b.qdisc_sent
	sent=$DRV_SUM
	drv_terms rel0 rel1 a.if_rx_packets b.if_rx_packets
	delivered=$DRV_SUM
	echo "REL: fault=$fault rate=$rate traffic=$traffic sent=$sent delivered=$delivered dropped=$((sent - delivered)) unexplained=$unexplained first_ms=$REL_FIRST_MS full_ms=$REL_FULL_MS"
	if [ "$REL_FIRST_MS" -lt 0 ]; then
		rig_fail "$fault: traffic came back after the fault"
		rc=1
	else
		rig_pass "$fault: traffic came back after the fault ($REL_FIRST_MS ms)"
	fi
	return $rc
}

# rel_injected KIND: DRV_SUM = faults of KIND both boards injected in the
# phase (emulator counters fault_KIND); fails if none was.
rel_injected() {
	drv_terms rel0 rel1 "e0.fault_$1" "e1.fault_$1"
	rig_expect_ge "$1: injected during the phase [$DRV_TERMS]" 1 "$DRV_SUM"
}

# rel_counted COUNTER: the drivers counted the fault in COUNTER.
rel_counted() {
	drv_terms rel0 rel1 "a.$1" "b.$1"
	rig_expect_ge "counted in $1 [$DRV_TERMS]" 1 "$DRV_SUM"
}

# rel_rate KIND PPM COUNTER: fault_KIND_ppm at PPM on both boards during
# the floods, then cleared; the fault is injected and counted by the
# drivers in COUNTER ("-": no driver counter can tell), every frame is
# accounted for, traffic comes back, no protocol violation.
rel_rate() {
	local kind=$1 ppm=$2 counter=$3 t0
	rel_begin
	rel_set "fault_${kind}_ppm" "$ppm"
	# At least one event, whatever the draw: a low rate over a short
	# flood may hit nothing (0.1 % of ~2700 messages: none 7 % of runs).
	rel_set "fault_${kind}_next" 1
	rel_flood
	rel_set "fault_${kind}_ppm" 0
	t0=$(rig_now_ns 1000000)
	rel_end "$kind" "${ppm}ppm" "flood ${REL_FLOOD}x2 both ways" "$t0"
	rel_injected "$kind"
	[ "$counter" = - ] || rel_counted "$counter"
	drv_check_violations
}

# rel_reset_violations RESETS: board 0's protocol violations are all frame
# reads that found the FIFO empty, at most one per reset, and board 1 has
# none. A reset that lands between the driver's metadata read and its
# frame read empties the FIFO under it: the board would do the same, and
# the driver learns of the reset only afterwards.
rel_reset_violations() {
	local k v rest other=0 empty=0
	while read -r k v rest; do
		case "$k" in
		frame_read_empty) empty=$v ;;
		*) other=$((other + v)) ;;
		esac
	done <"$EMU_DEBUGFS/board0/violations"
	rig_expect_eq "board 0: no protocol violation but reset races" 0 "$other"
	rig_expect_ge "board 0: at most one frame read of an emptied FIFO per reset ($1 resets)" "$empty" "$1"
	rig_expect_eq "board 1: no protocol violations" 0 "$(drv_emu_violations 1)"
}
