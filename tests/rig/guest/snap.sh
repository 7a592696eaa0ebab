# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Counter snapshots for bash scripts inside the test VM (driver scenarios,
# the benchmark): `. /rig/snap.sh` after /rig/lib.sh. Not in lib.sh,
# which the VM's init (busybox sh) also reads: these need bash.

# rig_side_dev SIDE: the netdev of side a or b.
rig_side_dev() { if [ "$1" = a ]; then echo "$NS_A_DEV"; else echo "$NS_B_DEV"; fi; }

# rig_snap NAME: every counter of both sides and both boards, now, into the
# associative array NAME (declare -A NAME first). Keys:
#   a.<ethtool -S name>, a.qdisc_sent, a.qdisc_dropped, a.qdisc_requeues
#   (the root qdisc: frames the stack handed to the driver),
#   a.if_rx_packets, a.if_rx_dropped, a.if_tx_packets, a.if_tx_dropped
#   (the netdev statistics: what the stack got and the drop counts),
#   e0.<emulator counter>, e0.state.<emulator state line>; b and e1 alike.
# shellcheck disable=SC2034 # snap_ is a nameref: assigned for the caller
rig_snap() {
	local -n snap_=$1
	local side dev part sect root snap_d snap_r tmp c v
	local -a f pids=()
	# A name that is not an associative array in the caller's scope (or is
	# shadowed by one of these locals) would take the keys as arithmetic.
	[[ ${snap_@a} == *A* ]] || { rig_fail "rig_snap: $1 is not an associative array here"; return 1; }
	snap_=()
	# Two programs per side (ethtool, tc), all four at once: program
	# start-up is the slow part on the debug kernel (nsenter + ethtool
	# ~0.5 s, nsenter + tc ~0.7 s; a bash around them cost another 0.5 s).
	# The netdev statistics from the side's sysfs, read through its
	# namespace holder's root with built-ins: /proc/net/dev adds
	# rx_missed_errors (the device's FIFO-full register, which a device
	# reset zeroes) to rx_dropped.
	tmp=${RIG_TMP:-/tmp}/rig-snap.$BASHPID
	for side in a b; do
		if [ $side = a ]; then dev=$NS_A_DEV; else dev=$NS_B_DEV; fi
		[ -n "$dev" ] || continue
		{ echo @ethtool; rig_ns_exec $side ethtool -S "$dev"; } >"$tmp.$side.ethtool" &
		pids+=($!)
		{ echo @tc; rig_ns_exec $side tc -s qdisc show dev "$dev"; } >"$tmp.$side.tc" &
		pids+=($!)
	done
	for side in a b; do
		if [ $side = a ]; then dev=$NS_A_DEV; else dev=$NS_B_DEV; fi
		[ -n "$dev" ] || continue
		echo @sysfs >"$tmp.$side.sysfs"
		if rig_ns_holder $side; then
			for c in rx_packets rx_dropped tx_packets tx_dropped; do
				read -r v <"/proc/$RIG_NS_HOLDER/root/sys/class/net/$dev/statistics/$c" &&
					echo "if_$c: $v"
			done >>"$tmp.$side.sysfs"
		else
			# shellcheck disable=SC2016 # expanded by the inner bash
			rig_ns $side "$BASH" -c 'for c in rx_packets rx_dropped tx_packets tx_dropped; do
				read -r v <"/sys/class/net/$1/statistics/$c" && echo "if_$c: $v"; done' _ "$dev" \
				>>"$tmp.$side.sysfs"
		fi
	done
	[ ${#pids[@]} = 0 ] || wait "${pids[@]}"
	# Parsed straight from the files: bash reads a regular file in blocks,
	# a pipe or here-string one byte per system call, and each $(<file)
	# would cost a subshell (~60 ms in the VM).
	# The files stay (rm is a program too): the next snapshot rewrites them.
	for side in a b; do
		if [ $side = a ]; then dev=$NS_A_DEV; else dev=$NS_B_DEV; fi
		[ -n "$dev" ] || continue
		sect="" root=0
		for part in ethtool tc sysfs; do
			while read -r -a f; do
				case "${f[0]}" in
				@*) sect=${f[0]}; continue ;;
				esac
				case $sect in
				@ethtool)
					[ ${#f[@]} = 2 ] && [ "${f[0]%:}" != "${f[0]}" ] && snap_[$side.${f[0]%:}]=${f[1]} ;;
				@tc)
					# "qdisc mq 0: root" then " Sent B bytes P pkt (dropped D, overlimits O requeues R)".
					# A taprio offload root counts nothing itself: its
					# children (one qdisc per TX queue) are summed.
					if [ "${f[0]}" = qdisc ]; then
						root=0
						if [[ " ${f[*]} " == *" root "* ]]; then
							root=1
							[ "${f[1]}" = taprio ] && root=2
						elif [ "${snap_[$side.qdisc_root]:-}" = taprio ]; then
							root=3
						fi
						[ $root = 2 ] && snap_[$side.qdisc_root]=taprio &&
							snap_[$side.qdisc_sent]=0 snap_[$side.qdisc_dropped]=0 snap_[$side.qdisc_requeues]=0
					elif [ "${f[0]}" = Sent ] && [ $root = 1 ] && [ ${#f[@]} -ge 10 ]; then
						snap_[$side.qdisc_sent]=${f[3]}
						snap_[$side.qdisc_dropped]=${f[6]%,}
						snap_[$side.qdisc_requeues]=${f[10]%)}
						root=0
					elif [ "${f[0]}" = Sent ] && [ $root = 3 ] && [ ${#f[@]} -ge 10 ]; then
						snap_d=${f[6]%,} snap_r=${f[10]%)}
						snap_[$side.qdisc_sent]=$((snap_[$side.qdisc_sent] + f[3]))
						snap_[$side.qdisc_dropped]=$((snap_[$side.qdisc_dropped] + snap_d))
						snap_[$side.qdisc_requeues]=$((snap_[$side.qdisc_requeues] + snap_r))
						root=0
					fi ;;
				@sysfs)
					[ ${#f[@]} = 2 ] && snap_[$side.${f[0]%:}]=${f[1]} ;;
				esac
			done <"$tmp.$side.$part"
		done
	done
	rig_snap_emu "$1"
	rig_snap_boards "$1" state state.
}

# rig_snap_emu NAME: both boards' emulator counters, now, added to the
# associative array NAME as e0.<counter> and e1.<counter>; shell built-ins
# only, so both are read within a few ms.
rig_snap_emu() {
	rig_snap_boards "$1" counters ""
}

# rig_snap_boards NAME FILE INFIX: the "key value" lines of each board's
# emulator debugfs FILE into the associative array NAME as
# e<board>.<INFIX><key>; a board without FILE is left out.
# shellcheck disable=SC2034 # e_ is a nameref: assigned for the caller
rig_snap_boards() {
	local -n e_=$1
	local b
	local -a f
	[[ ${e_@a} == *A* ]] || { rig_fail "rig_snap_boards: $1 is not an associative array here"; return 1; }
	for b in 0 1; do
		[ -r "$EMU_DEBUGFS/board$b/$2" ] || continue
		while read -r -a f; do
			[ ${#f[@]} = 2 ] && e_["e$b.$3${f[0]}"]=${f[1]}
		done <"$EMU_DEBUGFS/board$b/$2"
	done
}
