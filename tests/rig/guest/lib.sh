# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Helpers for scenario scripts inside the test VM: `. /rig/lib.sh`.
# Scenario scripts run under bash with the real ip, tc, ping, arping,
# ethtool, iperf3, tcpdump, ptp4l, phc2sys, phc_ctl and testptp first in PATH.

RIG_MODULES=/rig/modules
EMU_DEBUGFS=/sys/kernel/debug/lan1qtsn_emu
RIG_FAILS=0
RIG_PASSES=0

# Each verdict line ends with the seconds since the script sourced this file
# (EPOCHREALTIME, which bash and busybox sh both have: no program started),
# so that a log shows where a scenario's time went.
RIG_T0=${EPOCHREALTIME:-}
RIG_T0=${RIG_T0/./}
rig_stamp() {
	local t=${EPOCHREALTIME:-}
	RIG_STAMP=
	[ -n "$t" ] && [ -n "$RIG_T0" ] || return 0
	t=$(((${t/./} - RIG_T0) / 100000))
	RIG_STAMP=" [$((t / 10)).$((t % 10)) s]"
}
# rig_now_ns [DIVISOR]: CLOCK_REALTIME in ns (EPOCHREALTIME: busybox date
# has no %N), divided by DIVISOR (1000000: in ms, the clock ping -D prints).
rig_now_ns() {
	local t=${EPOCHREALTIME/[.,]/}
	echo $((t * 1000 / ${1:-1}))
}

# rig_kill_comm SIG NAME: signal SIG to every process whose name (comm) is
# NAME: the VM has no pkill. Built-ins only.
rig_kill_comm() {
	local p comm
	for p in /proc/[0-9]*; do
		read -r comm 2>/dev/null <"$p/comm" || continue
		[ "$comm" = "$2" ] && kill "-$1" "${p#/proc/}" 2>/dev/null
	done
	return 0
}

# sleep SECONDS: a wait inside the shell, not the sleep program, whose
# start-up alone costs 100-180 ms in the VM (a 0.1 s sleep took 277 ms;
# this one takes 105): read with a time limit from a FIFO that nobody
# writes (/run/rig-sleep, made by the VM's init). bash picks a free
# descriptor for it, busybox sh (the init) takes 8. Anything but a plain
# number of seconds, or no FIFO, goes to the program.
if [ -p /run/rig-sleep ]; then
	if [ -n "${BASH_VERSION:-}" ]; then
		eval 'exec {RIG_SLEEP_FD}<>/run/rig-sleep'
	else
		exec 8<>/run/rig-sleep && RIG_SLEEP_FD=8
	fi
fi
sleep() {
	case "$#:${RIG_SLEEP_FD:-}:$1" in
	1::* | 1:*:*[!0-9.]* | 1:*: | [!1]:*) command sleep "$@" ;;
	*) read -r -t "$1" -u "$RIG_SLEEP_FD" _ || return 0 ;;
	esac
}

rig_pass() { RIG_PASSES=$((RIG_PASSES + 1)); rig_checked; rig_stamp; echo "PASS: $*$RIG_STAMP"; }
rig_fail() { RIG_FAILS=$((RIG_FAILS + 1)); rig_checked; rig_stamp; echo "FAIL: $*$RIG_STAMP"; }

# rig_checked: the script made a check, so it must end with rig_done. A
# marker file (not a variable: a check in a subshell counts too) tells the
# guest's init, which fails a script that exits 0 without rig_done's
# summary: a stray `exec` (rig_ns_exec in the script's own shell) or
# `exit 0` would otherwise pass with its later checks never run.
rig_checked() {
	[ -n "${RIG_TMP:-}" ] && [ ! -e "$RIG_TMP/.rig-checks" ] && : >"$RIG_TMP/.rig-checks"
	return 0
}

# rig_check "description" command...: passes when the command succeeds.
rig_check() {
	local what=$1
	shift
	if "$@"; then rig_pass "$what"; else rig_fail "$what (command: $*)"; fi
}

# rig_expect_eq "description" expected actual
rig_expect_eq() {
	if [ "$2" = "$3" ]; then rig_pass "$1 ($3)"; else rig_fail "$1: expected '$2', got '$3'"; fi
}

# rig_expect_ge "description" minimum actual (integers)
rig_expect_ge() {
	if [ "$3" -ge "$2" ] 2>/dev/null; then rig_pass "$1 ($3 >= $2)"; else rig_fail "$1: expected >= $2, got '$3'"; fi
}

# rig_dmesg_since_start: the kernel log since this scenario began (the rig
# writes "RIG-BEGIN <name>" to /dev/kmsg before each scenario). Use it, never
# `dmesg -c`: other scenarios may share the boot, and the host reads the
# whole log for kernel reports.
rig_dmesg_since_start() {
	dmesg | awk -v m="RIG-BEGIN ${RIG_SCENARIO:-}" '
		{ line[NR] = $0 }
		index($0, m) && substr($0, index($0, m) + length(m)) == "" { start = NR }
		END { for (i = start ? start : 1; i <= NR; i++) print line[i] }'
}

# rig_done: prints the summary and returns the script's exit status.
rig_done() {
	echo "SCENARIO: $RIG_PASSES passed, $RIG_FAILS failed"
	[ -z "${RIG_TMP:-}" ] || : >"$RIG_TMP/.rig-done"
	[ "$RIG_FAILS" = 0 ] && [ "$RIG_PASSES" -gt 0 ]
}

rig_load_emu() {
	[ -f $RIG_MODULES/lan1qtsn_emu.ko ] || { echo "rig: no emulator module"; return 0; }
	insmod $RIG_MODULES/lan1qtsn_emu.ko "$@"
}

rig_load_driver() {
	[ -f $RIG_MODULES/lan1qtsn.ko ] || { echo "rig: no driver module"; return 0; }
	insmod $RIG_MODULES/lan1qtsn.ko "$@"
}

rig_unload_all() {
	local m rc=0
	for m in lan1qtsn lan1qtsn_emu; do
		grep -q "^$m " /proc/modules || continue
		rmmod $m || { echo "rig: rmmod $m failed"; rc=1; }
	done
	return $rc
}

# rig_board_netdev N: the netdev name of emulated board N. sysfs shows it
# only while the device is in the initial network namespace: ask before
# moving it.
rig_board_netdev() {
	local spi d
	# Shell built-ins only: starting a program costs ~0.1 s in the VM.
	read -r spi <"$EMU_DEBUGFS/board$1/spi_device" 2>/dev/null || return 1
	for d in /sys/bus/spi/devices/"$spi"/net/*; do
		[ -e "$d" ] && echo "${d##*/}" && break
	done
	return 0
}

# rig_emu N FILE: read a file of emulated board N's debugfs directory.
rig_emu() { cat "$EMU_DEBUGFS/board$1/$2"; }

# rig_emu_events_status KEY: one value of the event stream's
# events_status, or "missing KEY" (which no check accepts).
rig_emu_events_status() {
	local k v
	while read -r k v; do
		[ "$k" = "$1" ] && { echo "$v"; return; }
	done <"$EMU_DEBUGFS/events_status"
	echo "missing $1"
}

# rig_stream_start FILE: the emulator's event stream from now on into FILE.
# What the ring holds already (every record since the module was loaded
# that no reader took: an earlier phase's) is read and thrown away first, up
# to the last record written at the call. A drain of a fixed second was not
# always enough: with minutes of earlier records in the ring and floods
# starving the reader, drv-ptp4l's stress run found the previous profile's
# frames at the head of its stream, 30 s before the schedule's base. Sets
# RIG_STREAM_READER (the reader's pid). Best called when the devices are
# quiet (drv_settle).
rig_stream_start() {
	local drain mark got first t0 ms=0
	first=$(rig_emu_events_status read)
	# Every record numbered before RIG_STREAM_SEQ0 is written before it is
	# read here, so it is among the $mark the drain takes; rig_stream_stop
	# checks that the stream begins at or after it.
	RIG_STREAM_SEQ0=$(rig_emu_events_status next_seq)
	mark=$(rig_emu_events_status written)
	t0=$(rig_now_ns 1000000)
	cat "$EMU_DEBUGFS/events" >/dev/null &
	drain=$!
	while :; do
		got=$(rig_emu_events_status read)
		ms=$(($(rig_now_ns 1000000) - t0))
		case $mark$got in
		*[!0-9]*) rig_fail "rig_stream_start: events_status: written '$mark', read '$got'"; break ;;
		esac
		[ "$got" -ge "$mark" ] && break
		[ $ms -ge 120000 ] && { rig_fail "rig_stream_start: the ring's $mark records not read within 120 s ($got)"; break; }
		sleep 0.1
	done
	kill $drain
	wait $drain 2>/dev/null
	# RIG_STREAM_LOST0: the records the ring has dropped so far, none of
	# them this stream's: dropped while no reader was attached (an earlier
	# phase's, whose records filled the ring) or while the drain was still
	# catching up (records the drain would have thrown away). The ring now
	# has room; whatever it drops from here on is the stream's loss.
	RIG_STREAM_LOST0=$(rig_emu_events_status lost)
	cat "$EMU_DEBUGFS/events" >"$1" &
	RIG_STREAM_READER=$! RIG_STREAM_FILE=$1
	case $mark$first in
	*[!0-9]*) ;;
	*) echo "stream: $((mark - first)) earlier records drained in $ms ms" ;;
	esac
}

# rig_stream_stop: let the reader take every record (twice quiet), stop it,
# and check that the ring dropped nothing since rig_stream_start and that
# the stream holds nothing from before it.
rig_stream_stop() {
	local seq lost
	for _ in $(seq 50); do
		[ "$(rig_emu_events_status queued)" = 0 ] && sleep 0.3 &&
			[ "$(rig_emu_events_status queued)" = 0 ] && break
		sleep 0.2
	done
	kill "$RIG_STREAM_READER"
	wait "$RIG_STREAM_READER" 2>/dev/null
	lost=$(rig_emu_events_status lost)
	case $lost:${RIG_STREAM_LOST0-} in
	:* | *: | *[!0-9:]*) rig_fail "the stream lost nothing: lost '$lost' now, '${RIG_STREAM_LOST0-unset}' at its start" ;;
	*) rig_expect_eq "the stream lost nothing (records dropped since its start)" 0 $((lost - RIG_STREAM_LOST0)) ;;
	esac
	# "SEQ HOST_NS TYPE ...": an empty stream has nothing to check.
	read -r seq _ <"${RIG_STREAM_FILE:-/nonexistent}" 2>/dev/null || return 0
	rig_expect_ge "the stream holds no record from before its start (first sequence number)" \
		"$RIG_STREAM_SEQ0" "$seq"
}

# rig_phc_scale B: "cnt0 ns0 mult" of board B's PHC relation (driver debugfs).
rig_phc_scale() {
	local spi
	spi=$(rig_emu "$1" spi_device)
	sed -n 's/^scale: cnt0 \([0-9]*\) ns0 \([-0-9]*\) mult \([0-9]*\)$/\1 \2 \3/p' \
		"/sys/kernel/debug/lan1qtsn/$spi/clock"
}

# rig_sched_file B BASE_NS CNT0 NS0 FILE MASK:NS...: emu-check's schedule
# for board B: taprio's base time BASE_NS (PHC) in board B's counter ticks
# through its relation (CNT0, NS0, nominal rate), the first tick at or
# after it, as the driver's windows; then one gate per MASK:NS entry.
rig_sched_file() {
	local b=$1 base=$2 cnt0=$3 ns0=$4 file=$5 e d
	shift 5
	# The first tick at or after the base: shell division truncates toward
	# 0, which rounds a negative quotient up already (a base before ns0:
	# the PHC stepped forward since the schedule was set).
	d=$((base - ns0))
	if [ $d -ge 0 ]; then d=$(((d + 9) / 10)); else d=$((-(-d / 10))); fi
	{
		echo "# board $b: PHC base $base, scale cnt0 $cnt0 ns0 $ns0"
		echo "board $b"
		echo "base $((cnt0 + d))"
		for e in "$@"; do
			echo "gate ${e%%:*} $((${e#*:} / 10))"
		done
	} >"$file"
	cat "$file"
}

# rig_netns_pair: board 0 -> netns a (198.51.100.1/24), board 1 -> netns b
# (198.51.100.2/24), both up. Sets NS_A_DEV and NS_B_DEV. Namespaces left
# from an earlier call are reused (a reloaded driver's netdevs start in the
# initial namespace). Three ip processes: program start-up is the slow part.
# IPv6 address generation is off on both devices (addrgenmode none): no
# router solicitations or MLD reports land in the counters a scenario reads.
rig_netns_pair() {
	local ns d
	NS_A_DEV=$(rig_board_netdev 0) && NS_B_DEV=$(rig_board_netdev 1) || return 1
	[ -n "$NS_A_DEV" ] && [ -n "$NS_B_DEV" ] || return 1
	# An addressed device an earlier scenario of the boot left there (a
	# veth with the same addresses) would carry the traffic instead of the
	# boards.
	for ns in a b; do
		[ -e /var/run/netns/$ns ] || continue
		for d in $(ip -n $ns -4 -o addr show | sed -n 's/^[0-9]*: \([^ ]*\) .*/\1/p'); do
			case $d in
			lo | "$NS_A_DEV" | "$NS_B_DEV") ;;
			*) echo "rig: netns $ns holds a leftover device $d" >&2; return 1 ;;
			esac
		done
	done
	{
		[ -e /var/run/netns/a ] || echo "netns add a"
		[ -e /var/run/netns/b ] || echo "netns add b"
		echo "link set dev $NS_A_DEV netns a"
		echo "link set dev $NS_B_DEV netns b"
	} | ip -batch - || return 1
	# Both at once: each ip costs ~0.4 s in the VM.
	rig_netns_up a 198.51.100.1 "$NS_A_DEV" &
	d=$!
	rig_netns_up b 198.51.100.2 "$NS_B_DEV" || { wait $d; return 1; }
	wait $d && rig_ns_hold a b
}

# rig_ns NS CMD [ARGS...]: CMD in network namespace NS, as `ip netns exec
# NS CMD` runs it (NS's own /sys, the caller's working directory), at
# about 60 % of the cost: ip is a large dynamic program, and under TCG with
# KASAN `ip netns exec a true` takes 390-470 ms where `rig_ns a true` takes
# 250-290 ms, for each of the hundreds of commands the scenarios run in
# the boards' namespaces. It enters the namespaces of NS's holder
# (rig_ns_hold), one whose network namespace is NS's; without one it is
# `ip netns exec`. CMD is run by its path: busybox's nsenter runs its own
# applet of a bare name (its ping, tc, arping, timeout) before PATH's. In
# the background (`rig_ns ... &`) bash would leave a subshell between $!
# and CMD: use rig_ns_exec there.
rig_ns() {
	rig_ns_holder "$1" || { ip netns exec "$@"; return; }
	shift
	RIG_NS_CMD=$(command -v "$1") || RIG_NS_CMD=$1
	shift
	nsenter -F -t "$RIG_NS_HOLDER" -n -m -w"$PWD" "$RIG_NS_CMD" "$@"
}

# rig_ns_exec NS CMD [ARGS...]: rig_ns for a subshell of its own (`&`,
# `$(...)`): it replaces that subshell with CMD, so that $! is CMD's PID
# (to kill it, wait for it, read its /proc/PID/net). Never in the
# script's own shell: it would replace the script.
rig_ns_exec() {
	rig_ns_holder "$1" || exec ip netns exec "$@"
	shift
	RIG_NS_CMD=$(command -v "$1") || RIG_NS_CMD=$1
	shift
	exec nsenter -F -t "$RIG_NS_HOLDER" -n -m -w"$PWD" "$RIG_NS_CMD" "$@"
}

# rig_ns_holder NS: RIG_NS_HOLDER is the PID of NS's holder if it is one
# (its program is sleep and its network namespace is NS's: a namespace
# deleted and added again gets a new one), else fails. Built-ins only.
rig_ns_holder() {
	local c=""
	RIG_NS_HOLDER=""
	[ -r "/run/rig-ns/$1" ] && read -r RIG_NS_HOLDER <"/run/rig-ns/$1"
	[ -n "$RIG_NS_HOLDER" ] && read -r c 2>/dev/null <"/proc/$RIG_NS_HOLDER/comm" &&
		[ "$c" = sleep ] && [ "/proc/$RIG_NS_HOLDER/ns/net" -ef "/run/netns/$1" ]
}

# rig_ns_hold NS...: a holder for each namespace NS that has none: a sleep
# started with `ip netns exec NS`, which keeps NS's network namespace and a
# mount namespace with NS's /sys for rig_ns to enter. The scenario's end
# kills it; rig_netns_del deletes a namespace with its holder.
rig_ns_hold() {
	local ns h n c started=""
	mkdir -p /run/rig-ns
	for ns in "$@"; do
		rig_ns_holder "$ns" && continue
		ip netns exec "$ns" sleep 1000000 </dev/null >/dev/null 2>&1 &
		started="$started $ns:$!"
	done
	# All started at once; each counts when ip has exec'd its sleep.
	for h in $started; do
		ns=${h%%:*} h=${h#*:}
		n=0
		while [ $n -lt 500 ]; do
			c=""
			read -r c 2>/dev/null <"/proc/$h/comm"
			[ "$c" = sleep ] && break
			[ -d "/proc/$h" ] || return 1
			sleep 0.01
			n=$((n + 1))
		done
		echo "$h" >"/run/rig-ns/$ns"
		rig_ns_holder "$ns" || return 1
	done
}

# rig_ns_cat NS FILE: FILE as NS's programs see it (NS's own /sys): read
# through the root of NS's holder with shell built-ins (a program in NS
# costs ~0.25 s), through `rig_ns NS cat` when NS has no holder.
rig_ns_cat() {
	local l
	if rig_ns_holder "$1"; then
		while IFS= read -r l || [ -n "$l" ]; do echo "$l"; done <"/proc/$RIG_NS_HOLDER/root$2"
	else
		rig_ns "$1" cat "$2"
	fi
}

# rig_netns_del NS...: stop NS's holder (it would keep the namespace, and
# any device in it, alive), then delete NS.
rig_netns_del() {
	local ns
	for ns in "$@"; do
		rig_ns_holder "$ns" && kill "$RIG_NS_HOLDER" && wait "$RIG_NS_HOLDER" 2>/dev/null
		rm -f "/run/rig-ns/$ns"
		ip netns del "$ns"
	done
}

# rig_wait_bound PID PORT PROTO: wait (up to 3 s) until a socket of PROTO
# (udp, or tcp: a server's listener) in the network namespace of process
# PID is bound to local PORT (decimal), read through /proc/PID/net (the
# local address is the second column) with shell built-ins, every 10 ms,
# without entering the namespace. A program started in the background
# through rig_ns_exec takes hundreds of ms on the debug kernel before it
# listens: a datagram arriving before the bind is answered with ICMP port
# unreachable, a TCP client is refused.
rig_wait_bound() {
	local hex n=0 f addr
	hex=$(printf ':%04X' "$2")
	while [ $n -lt 300 ]; do
		for f in "/proc/$1/net/$3" "/proc/$1/net/${3}6"; do
			[ -r "$f" ] || continue
			while read -r _ addr _; do
				case $addr in *"$hex") return 0 ;; esac
			done <"$f"
		done
		sleep 0.01
		n=$((n + 1))
	done
	return 1
}

# rig_netns_up NS ADDR DEV: address DEV in NS (IPv4 only) and bring it up.
rig_netns_up() {
	printf '%s\n' "link set dev $3 addrgenmode none" "addr add $2/24 dev $3" \
		"link set dev lo up" "link set dev $3 up" | ip -n "$1" -batch -
}

# rig_phc NS DEV: the PTP hardware clock of DEV in namespace NS, as
# /dev/ptpN from `ethtool -T` (never assume /dev/ptp0: under KVM the
# paravirtual clock takes it); prints nothing if DEV has none.
rig_phc() {
	local n
	n=$(rig_ns "$1" ethtool -T "$2" | sed -n 's/^PTP Hardware Clock: \([0-9]*\)$/\1/p')
	[ -n "$n" ] && echo "/dev/ptp$n"
	return 0
}

# rig_ptp4l NAME NS DEV [ptp4l options...]: starts ptp4l on DEV in NS in the
# background, with its own management socket /run/ptp4l-NAME (two instances
# on one machine must not share the default one) and its messages in
# $RIG_TMP/ptp4l-NAME.log. Prints the PID. Stop it with kill before the
# scenario ends.
rig_ptp4l() {
	local name=$1 ns=$2 dev=$3
	shift 3
	rig_ns_exec "$ns" ptp4l -i "$dev" -m -q --uds_address "/run/ptp4l-$name" \
		--message_tag "$name" "$@" >"$RIG_TMP/ptp4l-$name.log" 2>&1 &
	echo $!
}

# rig_phc2sys NAME NS [phc2sys options...]: phc2sys in NS talking to the
# ptp4l instance NAME (-z), messages in $RIG_TMP/phc2sys-NAME.log. Prints
# the PID.
rig_phc2sys() {
	local name=$1 ns=$2
	shift 2
	rig_ns_exec "$ns" phc2sys -m -z "/run/ptp4l-$name" "$@" \
		>"$RIG_TMP/phc2sys-$name.log" 2>&1 &
	echo $!
}

# rig_pmc NAME NS COMMAND...: a management query to ptp4l instance NAME,
# e.g. rig_pmc a a "GET TIME_STATUS_NP".
rig_pmc() {
	local name=$1 ns=$2
	shift 2
	rig_ns "$ns" pmc -u -b 0 -s "/run/ptp4l-$name" -i "/run/pmc-$name.$$" "$@"
}
