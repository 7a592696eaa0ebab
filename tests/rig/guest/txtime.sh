# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# so_txtime runs for bash scripts inside the test VM (the ETF scenario,
# rig-time-tools): `. /rig/txtime.sh` after /rig/lib.sh (its rig_now_ns).

# rig_so_txtime_pair NS_RX NS_TX CLOCK SRC DST TXSPEC RXSPEC OUT: one run of
# the kernel's so_txtime selftest, as so_txtime.sh pairs it: a receiver
# (so_txtime -r RXSPEC) in NS_RX and a sender (TXSPEC) in NS_TX, both with
# the common start 2 s ahead on CLOCK (-c). The sender starts only once the
# receiver is bound to its port (8000), and only if that was at least 1 s
# before the start: a receiver takes 490-600 ms to bind on the debug kernel
# here (730-820 ms through ip netns exec: program start-up under TCG with
# KASAN), a datagram reaching the receiver before its bind is answered with
# ICMP port unreachable (a frame the ETF checks would count), and a sender
# starting after the start shifts its launch times past the receiver's 100
# ms timeout. A cold receiver has once taken over a second to bind on a slow
# machine: such a try is stopped before anything is sent and tried again
# (three tries). Output in OUT.rx and OUT.tx; RIG_TXTIME_TX and
# RIG_TXTIME_RX are the two exit statuses ('-' if never run),
# RIG_TXTIME_TRIES the tries taken. Returns 1 if no try was ready.
# shellcheck disable=SC2034 # RIG_TXTIME_* are read by the caller
rig_so_txtime_pair() {
	local try start rx bound ahead_ns=2000000000 margin_ms=1000
	RIG_TXTIME_TX=- RIG_TXTIME_RX=-
	for try in 1 2 3; do
		RIG_TXTIME_TRIES=$try
		start=$(($(rig_now_ns) + ahead_ns))
		rig_ns_exec "$1" env KSFT_MACHINE_SLOW=1 \
			so_txtime -4 -c "$3" -t $start -S "$4" -D "$5" -r "$7" >"$8.rx" 2>&1 &
		rx=$!
		bound=never
		rig_wait_bound $rx 8000 udp && bound=$((($(rig_now_ns) - start + ahead_ns) / 1000000))
		if [ $bound != never ] && [ $bound -lt $((ahead_ns / 1000000 - margin_ms)) ]; then
			rig_ns "$2" so_txtime -4 -c "$3" -t $start -S "$4" -D "$5" "$6" >"$8.tx" 2>&1
			RIG_TXTIME_TX=$?
			wait $rx
			RIG_TXTIME_RX=$?
			echo "so_txtime try $try: the receiver in $1 was bound $bound ms after it was started"
			return 0
		fi
		kill $rx 2>/dev/null
		wait $rx 2>/dev/null
		echo "so_txtime try $try: the receiver in $1 was not bound 1 s before the start" \
			"(bound $bound ms after it was started); again"
	done
	return 1
}
