#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the test VM (tools/bench/bench.sh boots it): the performance
# benchmark's measurements between the two emulated boards, printed as
# "BENCH <kind> key=value ..." records of raw counter increases, which
# tools/bench/report.py turns into the table, the JSON file and the plots.
# Nothing here judges a figure; the records are checked for completeness
# here (every run moved frames, no protocol violation) and by report.py.
#
# In the CI tier (tests/run-all.sh runs it as a scenario, on the debug
# kernel) it is a smoke run: every measurement once, short, and checked
# for completeness and for protocol violations, never for speed. The
# stress tier (bench.sh's default) is the full benchmark.
# rig-ci-env: BENCH_UDP_RATE=60M BENCH_SECS=1 BENCH_SIZES=1472 BENCH_BOTH_SIZES=64 BENCH_TCP_DIRS=ab BENCH_TCP_SECS=1 BENCH_PINGS=20 BENCH_TXTS=20 BENCH_SCALE_HZ=31000000 BENCH_SCALE_SIZES=1472 BENCH_SCALE_SECS=1 BENCH_RXSAT_SIZES=1472
# rig-budget: 240
# rig-stress-budget: 1500
#
# Environment (lists comma-separated; bench.sh passes overrides as
# NAME=VALUE arguments):
#   BENCH_SECS        seconds measured per UDP run (the load runs 2 s longer)
#   BENCH_UDP_RATE    UDP offered per sender (iperf3 -b; default 200M, more
#                     than twice the ceiling at any bus clock measured);
#                     the CI tier offers 60M, twice the ceiling at 31 MHz,
#                     so that the debug kernel's emulated CPU does not spend
#                     the run making datagrams the qdisc drops
#   BENCH_SIZES       UDP payload sizes, one direction (a -> b)
#   BENCH_BOTH_SIZES  UDP payload sizes both ways at once (default: the same)
#   BENCH_TCP_DIRS    TCP runs: ab, ba, both (iperf3 --bidir)
#   BENCH_TCP_SECS    seconds per TCP run
#   BENCH_PINGS       56-byte pings, idle and under load
#   BENCH_TXTS        hardware-timestamped frames, idle and under load
#   BENCH_SCALE_HZ    bus clocks (Hz) for the scaling table
#   BENCH_SCALE_SIZES UDP payload sizes measured at each of them
#   BENCH_SCALE_SECS  seconds per scaling run
#   BENCH_RXSAT_SIZES UDP payload sizes sent a -> b with board 0's bus twice
#                     as fast as board 1's: the receiver saturated (default
#                     1472,1024; smaller frames cannot outrun the receiver,
#                     the sender's CPU is their limit)
#   BENCH_SPI_HZ, BENCH_OVERHEAD_NS   the bus model for everything but the
#                     scaling table (default: the emulator's, 15 MHz, 5 us)
. /rig/lib.sh
. /rig/snap.sh

for a; do
	case $a in
	BENCH_*=*) export "${a?}" ;;
	*) echo "BENCH error what=argument:$a"; exit 1 ;;
	esac
done
secs=${BENCH_SECS:-10}
udp_rate=${BENCH_UDP_RATE:-200M}
sizes=${BENCH_SIZES:-64,256,512,1024,1472}
both_sizes=${BENCH_BOTH_SIZES:-$sizes}
tcp_dirs=${BENCH_TCP_DIRS:-ab,ba,both}
tcp_secs=${BENCH_TCP_SECS:-10}
pings=${BENCH_PINGS:-1000}
txts=${BENCH_TXTS:-500}
scale_hz=${BENCH_SCALE_HZ:-10000000,15000000,25000000,31000000}
scale_sizes=${BENCH_SCALE_SIZES:-1472,64}
scale_secs=${BENCH_SCALE_SECS:-5}
rxsat_sizes=${BENCH_RXSAT_SIZES:-1472,1024}
sizes=${sizes//,/ } both_sizes=${both_sizes//,/ } tcp_dirs=${tcp_dirs//,/ }
scale_hz=${scale_hz//,/ } scale_sizes=${scale_sizes//,/ } rxsat_sizes=${rxsat_sizes//,/ }
RIG_TMP=${RIG_TMP:-/tmp}
IP_A=198.51.100.1 IP_B=198.51.100.2

rig_netns_pair || { echo "BENCH error what=no-boards"; exit 1; }

# bus_model HZ OVERHEAD_NS: both boards' bus clock and per-message time.
bus_model() {
	local b
	for b in 0 1; do
		echo "$1" >"$EMU_DEBUGFS/board$b/spi_hz"
		echo "$2" >"$EMU_DEBUGFS/board$b/xfer_overhead_ns"
	done
}

# fast_snap NAME: what the rates are computed from, read with shell
# built-ins only (no program start) so that all of it is taken within a
# few ms: ms (uptime), both boards' emulator counters e0.* and e1.*, the
# guest's CPU time cpu.<field> (/proc/stat, USER_HZ ticks; IRQ and softirq
# measured per transition with IRQ_TIME_ACCOUNTING), and per task run.<tid>
# (ns on a CPU, /proc/PID/task/TID/schedstat, or the tick-sampled stat
# fields where the kernel has no schedstat) with comm.<tid> its name.
# shellcheck disable=SC2034 # c_ is a nameref: assigned for the caller
fast_snap() {
	local -n c_=$1
	local t comm run rest up
	local -a v
	c_=()
	read -r up _ </proc/uptime
	c_["ms"]=$((10#${up/./} * 10))
	rig_snap_emu "$1"
	read -r -a v </proc/stat
	c_["cpu.user"]=${v[1]} c_["cpu.nice"]=${v[2]} c_["cpu.system"]=${v[3]}
	c_["cpu.idle"]=${v[4]} c_["cpu.iowait"]=${v[5]} c_["cpu.irq"]=${v[6]}
	c_["cpu.softirq"]=${v[7]}
	for t in /proc/[0-9]*/task/[0-9]*; do
		read -r comm 2>/dev/null <"$t/comm" || continue
		if [ -r "$t/schedstat" ]; then
			read -r run rest 2>/dev/null <"$t/schedstat" || continue
		else
			read -r rest 2>/dev/null <"$t/stat" || continue
			rest=${rest##*) }
			# Split by the shell, not read from a here-string: bash feeds
			# that through a pipe read one byte per system call, for
			# every task, while the load starves this script.
			# shellcheck disable=SC2206 # numbers and a state letter
			v=($rest)
			run=$(((v[11] + v[12]) * 10000000))
		fi
		c_["run.${t##*/}"]=$run c_["comm.${t##*/}"]=$comm
	done
}

# emit KIND LABELS S0 S1 F0 F1: one record: every counter that changed
# between the slow snapshots S0 and S1 (rig_snap: the driver's and the
# stack's, over the whole run) and between the fast ones F0 and F1
# (fast_snap: the emulator's, the CPU's, at the window's edges), and
# thr.<name>, the run time of the tasks of that name within the window
# (kworkers as one name; a task that ended in the window is not counted).
emit() {
	local kind=$1 labels=$2 k line tid comm
	local -n s0_=$3 s1_=$4 c0_=$5 c1_=$6
	local -A thr=()
	line="BENCH $kind $labels ms=$((c1_["ms"] - c0_["ms"]))"
	for k in "${!s1_[@]}"; do
		case $k in *.state.* | *.qdisc_root | e[01].*) continue ;; esac
		[[ ${s1_[$k]} =~ ^[0-9]+$ && ${s0_[$k]:-0} =~ ^[0-9]+$ ]] || continue
		[ "${s1_[$k]}" != "${s0_[$k]:-0}" ] && line+=" $k=$((${s1_[$k]} - ${s0_[$k]:-0}))"
	done
	for k in "${!c1_[@]}"; do
		case $k in
		ms | comm.*) ;;
		run.*)
			tid=${k#run.} comm=${c1_["comm.$tid"]}
			case $comm in kworker*) comm=kworker ;; esac
			comm=${comm//[^A-Za-z0-9_.:-]/_}
			thr[$comm]=$((${thr[$comm]:-0} + c1_[$k] - ${c0_[$k]:-0})) ;;
		*) [ "${c1_[$k]}" != "${c0_[$k]:-0}" ] && line+=" $k=$((${c1_[$k]} - ${c0_[$k]:-0}))" ;;
		esac
	done
	for k in "${!thr[@]}"; do
		[ "${thr[$k]}" != 0 ] && line+=" thr.$k=${thr[$k]}"
	done
	echo "$line"
}

# iperf_servers: one iperf3 server per side (a: port 5202, b: 5201), each
# for one test.
iperf_servers() {
	rig_ns b iperf3 -s -1 -D -p 5201 >/dev/null
	rig_ns a iperf3 -s -1 -D -p 5202 >/dev/null
	sleep 0.5
}

# iperf_stop: every iperf3 (clients and servers), with SIGKILL, and waits
# until they are gone, so that the next run's servers can bind their ports.
# Never SIGINT or SIGTERM: iperf3 (3.12) leaves its signal handler with a
# longjmp and then allocates; a signal that lands inside malloc() leaves
# it waiting for the allocator's lock forever (seen here: a client asleep
# in futex_wait with empty qdiscs, one run in five, and a server that
# never let go of its port, so the next client waited for it until the
# scenario's time limit). The figures come from the counters, not from
# iperf3's report.
iperf_stop() {
	local p st n=0 left=1
	while [ $left = 1 ] && [ $n -lt 50 ]; do
		rig_kill_comm KILL iperf3
		left=0
		# "PID (iperf3) S ...": alive unless a zombie (Z) or dead (X).
		for p in /proc/[0-9]*; do
			read -r st 2>/dev/null <"$p/stat" || continue
			[[ $st == *" (iperf3) "[!ZX]* ]] && left=1
		done
		[ $left = 1 ] && sleep 0.1
		n=$((n + 1))
	done
}

# measure KIND LABELS MEASURE_SECS CMD...: starts CMD (the load, in the
# background, lasting longer than needed), takes the fast snapshots once
# it runs and MEASURE_SECS later (the rates come from them), then stops
# the load. The slow snapshots (driver, qdisc and netdev counters: drops,
# frames the stacks got) are taken before the load and after it: under
# load on the debug kernel one takes many seconds.
measure() {
	local kind=$1 labels=$2 meas=$3 pid
	shift 3
	# shellcheck disable=SC2034 # read by name in emit
	local -A s0 s1 c0 c1
	rig_snap s0
	"$@" >"$RIG_TMP/bench-load.txt" 2>&1 &
	pid=$!
	sleep 1
	fast_snap c0
	sleep "$meas"
	fast_snap c1
	iperf_stop
	wait "$pid"
	rig_snap s1
	emit "$kind" "$labels" s0 s1 c0 c1
	moved "$kind $labels" s0 s1 c0 c1 || sed 's/^/load| /' "$RIG_TMP/bench-load.txt"
	# Full-size writes are queued on the bus (spi_async): the emulator
	# sees the next one wait in the SPI core, which its counter must show.
	if [ "$kind $labels" = "udp dir=ab len=1472 " ]; then
		rig_expect_ge "$kind $labels: bus idle with a write waiting in the SPI core (e0.bus_idle_queued_ns)" \
			1 $((${c1["e0.bus_idle_queued_ns"]:-0} - ${c0["e0.bus_idle_queued_ns"]:-0}))
	fi
}

# moved WHAT S0 S1 F0 F1: the run's senders put frames on the wire in the
# window (fast snapshots) and the receivers' stacks got frames in the run
# (slow ones), in each direction it loaded.
moved() {
	local -n m0_=$2 m1_=$3 f0_=$4 f1_=$5
	local w=$1 sb db dev sent got ok=0
	for sb in 0 1; do
		[[ "$w" =~ dir=(ab|both) ]] || [ $sb = 1 ] || continue
		[[ "$w" =~ dir=(ba|both) ]] || [ $sb = 0 ] || continue
		db=$((1 - sb))
		dev=$([ $db = 1 ] && echo b || echo a)
		sent=$((${f1_[e$sb.wire_tx_frames]:-0} - ${f0_[e$sb.wire_tx_frames]:-0}))
		got=$((${m1_[$dev.if_rx_packets]:-0} - ${m0_[$dev.if_rx_packets]:-0}))
		rig_expect_ge "$w: board $sb sent frames" 1 "$sent"
		rig_expect_ge "$w: side $dev received frames" 1 "$got"
		[ "$sent" -gt 0 ] && [ "$got" -gt 0 ] || ok=1
	done
	return $ok
}

# udp_load DIR LEN SECS: UDP at udp_rate offered (more than any ceiling),
# a -> b (ab), b -> a (ba) or both at once.
udp_load() {
	local dir=$1 len=$2 t=$3
	local -a pids=()
	if [ "$dir" != ba ]; then
		rig_ns_exec a iperf3 -c $IP_B -p 5201 -u -b "$udp_rate" -l "$len" -t "$t" &
		pids+=($!)
	fi
	if [ "$dir" != ab ]; then
		rig_ns_exec b iperf3 -c $IP_A -p 5202 -u -b "$udp_rate" -l "$len" -t "$t" &
		pids+=($!)
	fi
	wait "${pids[@]}"
}

udp_run() { # DIR LEN SECS [extra labels]
	iperf_servers
	measure udp "dir=$1 len=$2 ${4:-}" "$3" udp_load "$1" "$2" $(($3 + 60))
	iperf_stop
}

tcp_load() { # DIR SECS
	case $1 in
	ab) rig_ns a iperf3 -c $IP_B -p 5201 -t "$2" ;;
	ba) rig_ns b iperf3 -c $IP_A -p 5202 -t "$2" ;;
	both) rig_ns a iperf3 -c $IP_B -p 5201 -t "$2" --bidir ;;
	esac
}

# TCP goodput comes from the emulator's wire counters (report.py): the
# load is stopped when the window ends, before iperf3 reports.
tcp_run() { # DIR SECS
	iperf_servers
	measure tcp "dir=$1" "$2" tcp_load "$1" $(($2 + 60))
	iperf_stop
}

# rtt_stats LABELS FILE: median, p99.9 and maximum of ping's RTTs (us).
rtt_stats() {
	grep -oE 'time=[0-9.]+' "$2" | cut -d= -f2 | sort -n | awk -v l="$1" '
		{ v[NR] = $1 * 1000 }
		END {
			if (!NR) { print "BENCH ping " l " n=0"; exit }
			i = int(NR * 0.999 + 0.999); if (i > NR) i = NR
			printf "BENCH ping %s n=%d median_us=%d p999_us=%d max_us=%d\n", l, NR,
				v[int((NR + 1) / 2)], v[i], v[NR]
		}'
}

# ping_run LOAD: idle or udp (full-size UDP a -> b beside it). Idle, with
# 200 pings or more, a "BENCH pingcpu" record too: what every task, IRQ
# and softirq ran (fast_snap, emit) in a window inside the run (from a
# tenth of it on, for seven tenths), for the host's CPU time per ping.
ping_run() {
	local pid="" ppid run
	# shellcheck disable=SC2034 # read by name in emit
	local -A s0 c0 c1
	if [ "$1" = udp ]; then
		iperf_servers
		udp_load ab 1472 $((pings / 100 + 4)) >/dev/null 2>&1 &
		pid=$!
		sleep 1
	fi
	rig_ns a ping -c "$pings" -i 0.01 -s 56 $IP_B >"$RIG_TMP/bench-ping.txt" 2>&1 &
	ppid=$!
	if [ "$1" = idle ] && [ "$pings" -ge 200 ]; then
		run=$((pings * 11))	# ms: 10 ms apart, about 1 ms each
		sleep "$((run / 10000)).$(printf %03d $((run / 10 % 1000)))"
		fast_snap c0
		sleep "$((run * 7 / 10000)).$(printf %03d $((run * 7 / 10 % 1000)))"
		fast_snap c1
		emit pingcpu "" s0 s0 c0 c1
	fi
	wait "$ppid"
	rtt_stats "load=$1 sent=$pings" "$RIG_TMP/bench-ping.txt" | tee "$RIG_TMP/bench-rtt.txt"
	rig_expect_ge "ping $1: replies" 1 "$(grep -oE ' n=[0-9]+' "$RIG_TMP/bench-rtt.txt" | cut -d= -f2)"
	if [ -n "$pid" ]; then
		wait "$pid"
		iperf_stop
	fi
}

txts_run() { # LOAD: idle or udp
	local pid="" out
	if [ "$1" = udp ]; then
		iperf_servers
		udp_load ab 1472 $((txts * 5 / 1000 + 5)) >/dev/null 2>&1 &
		pid=$!
		sleep 1
	fi
	out=$(rig_ns a tstamp-latency -i "$NS_A_DEV" -n "$txts" -g 5000 2>&1 | grep '^TXTS:')
	echo "BENCH txts load=$1 ${out#TXTS: }"
	rig_expect_ge "TX timestamps $1: stamped" 1 "$(echo "$out" | grep -oE 'stamped=[0-9]+' | cut -d= -f2)"
	if [ -n "$pid" ]; then
		wait "$pid"
		iperf_stop
	fi
}

hz0=$(rig_emu 0 spi_hz) ovh0=$(rig_emu 0 xfer_overhead_ns)
hz=${BENCH_SPI_HZ:-$hz0} ovh=${BENCH_OVERHEAD_NS:-$ovh0}
bus_model "$hz" "$ovh"
# Static neighbours: no ARP crosses a measured window.
rig_ns a ip neigh replace $IP_B lladdr "$(rig_ns_cat b "/sys/class/net/$NS_B_DEV/address")" dev "$NS_A_DEV" nud permanent
rig_ns b ip neigh replace $IP_A lladdr "$(rig_ns_cat a "/sys/class/net/$NS_A_DEV/address")" dev "$NS_B_DEV" nud permanent
read -r kernel </proc/sys/kernel/osrelease
echo "BENCH model hz=$hz overhead_ns=$ovh secs=$secs tcp_secs=$tcp_secs udp_rate=$udp_rate cpus=$(nproc)" \
	"kernel=$kernel debug=$([ -e /sys/kernel/debug/kmemleak ] && echo 1 || echo 0)" \
	"board0_spi=$(rig_emu 0 spi_device) board1_spi=$(rig_emu 1 spi_device)" \
	"wire_delay_ns=$(rig_emu 0 wire_delay_ns 2>/dev/null || echo 0)"

# shellcheck disable=SC2034 # read by name in the violation check
declare -A v0 v1
rig_snap v0
for len in $sizes; do
	udp_run ab "$len" "$secs"
done
for len in $both_sizes; do
	udp_run both "$len" "$secs"
done
for dir in $tcp_dirs; do
	tcp_run $dir "$tcp_secs"
done
ping_run idle
ping_run udp
txts_run idle
txts_run udp
for h in $scale_hz; do
	bus_model "$h" "$ovh"
	for len in $scale_sizes; do
		udp_run ab "$len" "$scale_secs" "scale_hz=$h"
	done
done
# The receiver saturated: frames reach board 1 faster than its driver can
# read them over its bus; what it cannot store its device drops, counted
# (rx_dropped_fifo_full). Shows the RX path's own limit: delivered frames
# against the receiver's ceiling and SPI messages per RX frame in long
# bursts.
for len in $rxsat_sizes; do
	bus_model "$hz" "$ovh"
	echo $((2 * hz)) >"$EMU_DEBUGFS/board0/spi_hz"
	udp_run ab "$len" "$secs" "rxsat_tx_hz=$((2 * hz))"
done
bus_model "$hz0" "$ovh0"
rig_ns a ip neigh del $IP_B dev "$NS_A_DEV"
rig_ns b ip neigh del $IP_A dev "$NS_B_DEV"
echo "BENCH done"

# At every bus clock the driver kept to the protocol.
rig_snap v1
for k in "${!v1[@]}"; do
	[[ "$k" =~ ^e[01]\.violation_ ]] || continue
	rig_expect_eq "no protocol violation: $k" 0 $((v1[$k] - ${v0[$k]:-0}))
done
rig_done
