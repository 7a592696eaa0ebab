# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Helpers shared by the driver scenarios (drv-*.sh); sourced, not run.
# Scenario-local functions take no drv_ prefix: it is this library's.
#
# Counting rules: a counter that is missing (renamed, file gone, board
# absent) fails the check that needs it; nothing compares two empty
# strings. Program start-up costs ~0.1-0.35 s in the VM: a counter snapshot
# starts four programs per side and reads the emulator with shell built-ins.

RIG_TMP=${RIG_TMP:-/tmp}
. /rig/snap.sh

# drv_get SNAP KEY: the value, or "missing KEY" (which no check accepts).
drv_get() {
	local -n g_=$1
	if [[ -v g_[$2] ]]; then echo "${g_[$2]}"; else echo "missing $2"; fi
}

# drv_expect_snap SNAP DESC WANT KEY: one counter of a snapshot equals WANT.
drv_expect_snap() {
	local -n e_=$1
	if [[ -v e_[$4] ]]; then
		rig_expect_eq "$2" "$3" "${e_[$4]}"
	else
		rig_fail "$2: counter $4 missing"
	fi
}

# drv_terms S0 S1 KEY...: sets DRV_SUM to the sum of KEY's increase from
# S0 to S1 and DRV_TERMS to "key +n ..."; DRV_SUM is "missing" if a key is
# absent from either snapshot.
drv_terms() {
	local -n t0_=$1 t1_=$2
	local k d
	shift 2
	DRV_SUM=0 DRV_TERMS=""
	for k; do
		if [[ -v t0_[$k] && -v t1_[$k] ]]; then
			d=$((t1_[$k] - t0_[$k]))
			[ "$DRV_SUM" = missing ] || DRV_SUM=$((DRV_SUM + d))
		else
			d=MISSING DRV_SUM=missing
		fi
		DRV_TERMS+="${DRV_TERMS:+ + }$k $d"
	done
}

# drv_expect_delta S0 S1 DESC WANT KEY...: the counters KEY rose by WANT in
# total from S0 to S1 (a missing counter fails).
drv_expect_delta() {
	local desc_=$3 want_=$4 from_=$1 to_=$2
	shift 4
	drv_terms "$from_" "$to_" "$@"
	rig_expect_eq "$desc_ [$DRV_TERMS]" "$want_" "$DRV_SUM"
}

# drv_identity S0 S1 DESC "LHS keys" "RHS keys" [SLACK [WHY]]: the increase
# of the LHS counters equals that of the RHS counters (frames neither lost
# nor invented between the two snapshots). With SLACK, LHS may exceed RHS
# by at most SLACK frames lost without a counter, WHY says why that is
# allowed. Every term is printed, so a failure names what was lost. Adds
# the frames lost or invented to DRV_UNEXPLAINED.
drv_identity() {
	# Local names no caller uses: drv_terms takes array names.
	local from_=$1 to_=$2 desc=$3 lhs rhs lt rt lost
	# shellcheck disable=SC2086 # the key lists split on purpose
	{ drv_terms "$from_" "$to_" $4; lhs=$DRV_SUM lt=$DRV_TERMS
	  drv_terms "$from_" "$to_" $5; rhs=$DRV_SUM rt=$DRV_TERMS; }
	echo "ACCOUNT $desc: [$lt] = $lhs, [$rt] = $rhs"
	if [ "$lhs" = missing ] || [ "$rhs" = missing ]; then
		rig_fail "$desc: a counter is missing ($lt | $rt)"
		return 1
	fi
	lost=$((lhs - rhs))
	DRV_UNEXPLAINED=$((${DRV_UNEXPLAINED:-0} + ${lost#-}))
	if [ -z "${6:-}" ]; then
		if [ $lost = 0 ]; then rig_pass "$desc ($lhs frames)"; return 0; fi
		rig_fail "$desc: $lhs in, $rhs accounted for, $lost unaccounted ($lt | $rt)"
		return 1
	fi
	if [ $lost -ge 0 ] && [ $lost -le "$6" ]; then
		rig_pass "$desc ($lhs frames, $lost lost without a counter, at most $6: ${7:-})"
		return 0
	fi
	rig_fail "$desc: $lhs in, $rhs accounted for, $lost unaccounted, allowed 0..$6 (${7:-}) ($lt | $rt)"
	return 1
}

# drv_account S0 S1 [RESET_SLACK_0 [RESET_SLACK_1 [STACK_SLACK]]]: frame conservation in
# both directions between two snapshots of quiet devices (drv_settle).
# Direction side X (board x) -> side Y (board y):
#   X: stack handed to the driver (root qdisc "Sent")
#        = written to the device (spi_tx_frame) + dropped by the driver
#          (tx_drop_invalid, tx_drop_down, tx_drop_lost). The netdev's tx_dropped is no
#          term: the core adds what the noop qdisc drops while the link is
#          down, frames that never reached the driver; a ring-full drop
#          (the driver stops its queue first) shows here as a lost frame,
#          and drv_check_no_loss asserts tx_dropped 0. STACK_SLACK: frames
#          the qdisc dequeued, requeued (queue stopped) and purged at a
#          link down: counted Sent, never handed to the driver
#   X: written (spi_tx_frame) = accepted (tx_frames) + failed writes
#          (tx_bus_errors)
#   X: written (spi_tx_frame) = TX writes the device parsed (tx_writes)
#          + TX writes it never saw (tx_writes_unseen: failed before the
#          device, device deaf or gone). A write that failed after the
#          device took it is in tx_bus_errors and in tx_writes.
#   board x: parsed (tx_writes) = sent on the wire (wire_tx_frames)
#          + dropped by the device (window passed, malformed or cut short,
#          no buffer, reset)
#   wire: board x sent = board y received + frames board x could not
#          allocate for the cable
#   board y: received + frame reads that popped nothing (an empty FIFO,
#          a device that did not hear: Y's driver counted what it read)
#          = read by Y's driver (rx_frames, rx_fcs_errors, rx_nomem,
#          rx_discarded, rx_bus_lost: popped by a failed transfer) + dropped
#          by the device (disabled, FIFO full, jumbo, bad FCS, emptied by a
#          device reset, stored without its frame); RESET_SLACK_y:
#          frames lost on board y without a counter, allowed (none today)
#   Y: popped and kept or dropped by the driver (rx_frames + rx_nomem +
#          rx_discarded + rx_bus_lost) = given to the stack (rx_packets) + rx_dropped
# Returns non-zero if any identity failed.
drv_account() {
	local from_=$1 to_=$2 x y bx by slack stack=${5:-} rc=0
	local -n st_=$2
	# Quiet devices only: frames still queued are in no counter yet.
	for by in 0 1; do
		if [ "${st_[e$by.state.tx_queued]:-x}" != 0 ] || [ "${st_[e$by.state.rx_meta_entries]:-x}" != 0 ]; then
			rig_fail "board $by idle at the snapshot (tx_queued ${st_[e$by.state.tx_queued]:-missing}, rx_meta_entries ${st_[e$by.state.rx_meta_entries]:-missing})"
			rc=1
		fi
	done
	for x in a b; do
		if [ $x = a ]; then y=b bx=0 by=1 slack=${4:-}; else y=a bx=1 by=0 slack=${3:-}; fi
		drv_identity "$from_" "$to_" "$x: frames from the stack = written to the device + driver TX drops" \
			"$x.qdisc_sent" "$x.spi_tx_frame $x.tx_drop_invalid $x.tx_drop_down $x.tx_drop_lost $x.tx_drop_gate_closed $x.tx_drop_launch_late" \
			${stack:+"$stack" "a requeued frame the qdisc purges at a link down, at most one per down"} || rc=1
		drv_identity "$from_" "$to_" "$x: frames written = accepted by the device + failed writes" \
			"$x.spi_tx_frame" "$x.tx_frames $x.tx_bus_errors" || rc=1
		drv_identity "$from_" "$to_" "$x: frames written = TX writes the device parsed + TX writes it never saw" \
			"$x.spi_tx_frame" "e$bx.tx_writes e$bx.tx_writes_unseen" || rc=1
		drv_identity "$from_" "$to_" "board $bx: TX writes parsed = sent on the wire + device TX drops" \
			"e$bx.tx_writes" "e$bx.wire_tx_frames e$bx.tx_dropped_window e$bx.tx_dropped_malformed e$bx.tx_dropped_no_buffer e$bx.tx_dropped_reset" || rc=1
		drv_identity "$from_" "$to_" "wire $bx -> $by: frames sent = frames received + cable allocation failures" \
			"e$bx.wire_tx_frames" "e$by.wire_rx_frames e$bx.wire_alloc_failures" || rc=1
		drv_identity "$from_" "$to_" "board $by: frames from the wire + reads that popped nothing = read by $y's driver + device RX drops" \
			"e$by.wire_rx_frames e$by.rx_frame_reads_empty e$by.rx_frame_reads_unheard" "$y.rx_frames $y.rx_fcs_errors $y.rx_nomem $y.rx_discarded $y.rx_bus_lost e$by.rx_dropped_reset e$by.rx_dropped_disabled e$by.rx_dropped_fifo_full e$by.rx_dropped_jumbo e$by.rx_dropped_fcs e$by.rx_dropped_orphan_meta" \
			${slack:+"$slack" "frames in board $by's RX FIFO at an injected reset, not counted by the emulator"} || rc=1
		drv_identity "$from_" "$to_" "board $by: frames popped by reads that succeeded + reads of an empty FIFO + reads it did not hear = frames $y's driver read" \
			"e$by.rx_frames_popped e$by.rx_frame_reads_empty e$by.rx_frame_reads_unheard" "$y.rx_frames $y.rx_fcs_errors $y.rx_nomem $y.rx_discarded" || rc=1
		drv_identity "$from_" "$to_" "board $by: frames popped by reads that failed = $y's rx_bus_lost" \
			"e$by.rx_frames_popped_failed" "$y.rx_bus_lost" || rc=1
		drv_identity "$from_" "$to_" "$y: frames popped = given to the stack + netdev RX drops" \
			"$y.rx_frames $y.rx_nomem $y.rx_discarded $y.rx_bus_lost" "$y.if_rx_packets $y.if_rx_dropped" || rc=1
	done
	return $rc
}

# drv_idle: both boards have nothing queued to send or to read.
drv_idle() {
	local b k v
	for b in 0 1; do
		[ -r "$EMU_DEBUGFS/board$b/state" ] || return 1
		while read -r k v; do
			case $k in
			tx_queued|rx_meta_entries|rx_unread_frames|rx_fifo_bytes) [ "$v" = 0 ] || return 1 ;;
			esac
		done <"$EMU_DEBUGFS/board$b/state"
	done
}

# drv_settle: wait (up to 5 s) until the traffic has
# drained: both boards idle twice, 0.3 s apart (a frame on the cable, in
# the driver's rings or in NAPI shows up in between). A lost interrupt
# leaves frames for up to LAN1QTSN_IDLE_POLL_MS (1 s).
drv_settle() {
	local end=$((SECONDS + 5))
	while [ $SECONDS -le $end ]; do
		if drv_idle; then
			sleep 0.3
			drv_idle && return 0
		else
			sleep 0.2
		fi
	done
	rig_fail "devices drained within 5 s"
	cat "$EMU_DEBUGFS"/board[01]/state
	return 1
}

# drv_pin_neigh: permanent ARP entries both ways, so no neighbour
# re-validation (a unicast who-has and its reply) lands in a window where
# a scenario counts frames. Link down flushes them: pin again after.
drv_pin_neigh() {
	local ma mb pa
	ma=$(rig_ns_cat a "/sys/class/net/$NS_A_DEV/address") &&
		mb=$(rig_ns_cat b "/sys/class/net/$NS_B_DEV/address") || return 1
	[ -n "$ma" ] && [ -n "$mb" ] || return 1
	ip -n a neigh replace 198.51.100.2 lladdr "$mb" dev "$NS_A_DEV" nud permanent &
	pa=$!
	ip -n b neigh replace 198.51.100.1 lladdr "$ma" dev "$NS_B_DEV" nud permanent || { wait $pa; return 1; }
	wait $pa
}

# drv_ping_summary FILE: DRV_SENT and DRV_RECEIVED from the summary line of
# ping or arping ("N packets transmitted, M [packets] received"); "missing"
# when there is none.
drv_ping_summary() {
	local t w1 w2 r rest
	DRV_SENT=missing DRV_RECEIVED=missing
	while read -r t w1 w2 r rest; do
		[ "$w1 $w2" = "packets transmitted," ] && DRV_SENT=$t DRV_RECEIVED=$r
	done <"$1"
}

# drv_expect_all_answered DESC FILE COUNT: ping or arping sent COUNT and got
# COUNT replies.
drv_expect_all_answered() {
	drv_ping_summary "$2"
	rig_expect_eq "$1: sent, answered" "$3, $3" "$DRV_SENT, $DRV_RECEIVED"
}

# drv_flood_both COUNT SIZE_A SIZE_B [PING-ARGS...]: ping -f from both sides
# at once; the output in $RIG_TMP/flood-a.txt and flood-b.txt.
drv_flood_both() {
	local count=$1 sa=$2 sb=$3 pa pb
	shift 3
	# -W, not -w: with a deadline ping -f keeps sending until COUNT
	# replies came, so the frames in flight at the end look lost.
	rig_ns_exec a ping -f -q -c "$count" -s "$sa" -W 2 "$@" 198.51.100.2 >"$RIG_TMP/flood-a.txt" 2>&1 &
	pa=$!
	rig_ns_exec b ping -f -q -c "$count" -s "$sb" -W 2 "$@" 198.51.100.1 >"$RIG_TMP/flood-b.txt" 2>&1 &
	pb=$!
	wait $pa
	wait $pb
	tail -n 2 "$RIG_TMP/flood-a.txt" "$RIG_TMP/flood-b.txt"
}

# drv_ping_rx_bytes FROM_NS TO_NS TO_DEV TO_ADDR SIZE: one ping of SIZE
# payload bytes from FROM_NS; prints "frames bytes" that TO_DEV received for
# it (the FCS must not be counted: SIZE + 28 + 14 bytes in one frame), and
# "no reply" if the ping failed. Pin the neighbours first (drv_pin_neigh):
# otherwise an ARP re-validation may cross in the window.
drv_ping_rx_bytes() {
	# Arrays, not <(...): the VM has no /dev/fd.
	local st=/sys/class/net/$3/statistics before after ok=""
	# shellcheck disable=SC2207 # two numbers, split on purpose
	before=($(rig_ns "$2" cat "$st/rx_bytes" "$st/rx_packets"))
	rig_ns "$1" ping -c 1 -W 2 -s "$5" "$4" >/dev/null || ok=" no reply"
	# shellcheck disable=SC2207
	after=($(rig_ns "$2" cat "$st/rx_bytes" "$st/rx_packets"))
	echo "$((after[1] - before[1])) $((after[0] - before[0]))$ok"
}

# drv_emu_violations BOARD: total protocol violations seen by the emulator;
# "missing" if the file cannot be read or lists nothing.
drv_emu_violations() {
	local k v rest s=0 n=0
	[ -r "$EMU_DEBUGFS/board$1/violations" ] || { echo missing; return; }
	while read -r k v rest; do
		[[ "$v" =~ ^[0-9]+$ ]] || { echo "unreadable line '$k $v'"; return; }
		s=$((s + v)) n=$((n + 1))
	done <"$EMU_DEBUGFS/board$1/violations"
	if [ $n = 0 ]; then echo missing; else echo $s; fi
}

# drv_check_violations: both boards report zero protocol violations.
drv_check_violations() {
	local b v
	for b in 0 1; do
		v=$(drv_emu_violations $b)
		rig_expect_eq "board $b: no protocol violations" 0 "$v"
		[ "$v" = 0 ] || rig_emu $b violations
	done
}

# drv_check_no_loss [overload-ok]: since the driver was loaded, nothing was
# dropped or lost inside the drivers, the credit accounting never overran
# the device, every frame written was a single SPI transaction the
# emulator accepted and sent. Leaves the snapshot in DRV_NOW.
# shellcheck disable=SC2034 # filled through a nameref, read by scenarios
declare -gA DRV_NOW
drv_check_no_loss() {
	local x b c
	drv_settle
	rig_snap DRV_NOW
	for x in a b; do
		if [ $x = a ]; then b=0; else b=1; fi
		for c in tx_bus_errors tx_drop_invalid rx_nomem rx_backlog_drop rx_fcs_errors rx_meta_invalid spi_errors; do
			drv_expect_snap DRV_NOW "$x: $c" 0 "$x.$c"
		done
		drv_expect_snap DRV_NOW "$x: tx_dropped" 0 "$x.if_tx_dropped"
		drv_expect_snap DRV_NOW "$x: rx_dropped" 0 "$x.if_rx_dropped"
		drv_expect_snap DRV_NOW "board $b: no TX write without a free buffer" 0 "e$b.tx_dropped_no_buffer"
		drv_expect_snap DRV_NOW "board $b: no malformed TX" 0 "e$b.tx_dropped_malformed"
		if [ "${1:-}" = overload-ok ]; then
			echo "board $b: RX FIFO overflows: $(drv_get DRV_NOW "e$b.rx_dropped_fifo_full")"
		else
			drv_expect_snap DRV_NOW "board $b: RX FIFO never overflowed" 0 "e$b.rx_dropped_fifo_full"
		fi
		drv_expect_snap DRV_NOW "$x: every frame written was sent on the wire" \
			"$(drv_get DRV_NOW "$x.spi_tx_frame")" "e$b.wire_tx_frames"
	done
}

# drv_dump: counters worth reading when something failed (non-zero ones).
drv_dump() {
	local -A dump_snap
	local k
	drv_thread_cpu
	rig_snap dump_snap
	for k in "${!dump_snap[@]}"; do
		[ "${dump_snap[$k]}" = 0 ] || echo "$k ${dump_snap[$k]}"
	done | sort
	return 0
}

# drv_thread_cpu: CPU time (clock ticks) of the owner threads and the
# emulator's, to see what the run was bound by. Built-ins only.
drv_thread_cpu() {
	local p comm line
	local -a f
	for p in /proc/[0-9]*; do
		read -r comm 2>/dev/null <"$p/comm" || continue
		case "$comm" in
		lan1qtsn*|*spi*|ksoftirqd*|iperf3|ping)
			read -r line 2>/dev/null <"$p/stat" || continue
			read -r -a f <<<"${line##*) }"
			echo "$comm utime ${f[11]} stime ${f[12]}" ;;
		esac
	done
	return 0
}

# drv_done: rig_done, with the script's own run time for the budgets.
drv_done() {
	echo "script time: $SECONDS s"
	rig_done
}

# drv_ethtool_stat SIDE NAME: one ethtool -S counter of the side's
# interface, or "missing NAME".
drv_ethtool_stat() {
	local dev
	dev=$(rig_side_dev "$1")
	rig_ns "$1" ethtool -S "$dev" |
		awk -v k="$2" '$1 == k ":" { v = $2 } END { print v == "" ? "missing " k : v }'
}

# drv_emu_counter BOARD NAME: one emulator counter (built-ins only), or
# "missing NAME".
drv_emu_counter() {
	local k v
	if [ -r "$EMU_DEBUGFS/board$1/counters" ]; then
		while read -r k v; do
			[ "$k" = "$2" ] && { echo "$v"; return 0; }
		done <"$EMU_DEBUGFS/board$1/counters"
	fi
	echo "missing $2"
}
