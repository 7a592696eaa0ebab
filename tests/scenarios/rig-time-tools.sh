#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The time and TSN clients the PTP and TSN scenarios rely on work in the VM,
# over a veth pair (no board needed), so that a failure there is the
# driver's, not the rig's: the kernel's so_txtime selftest (fq launch
# times; etf set-up), txtimestamp (software TX timestamps), hwtstamp_config
# (refused cleanly on a device without hardware stamps), two ptp4l
# instances with separate management sockets that synchronise over
# software timestamps (rig_ptp4l, rig_pmc), isochron present.
# rig-args: --no-load
# rig-ci-env: SYNC_WAIT_S=40
# rig-stress-env: SYNC_WAIT_S=40
# rig-budget: 90
# rig-stress-budget: 90
. /rig/lib.sh
. /rig/txtime.sh

sync_wait=${SYNC_WAIT_S:-40}
printf '%s\n' "netns add va" "netns add vb" \
	"link add veth0 netns va type veth peer name veth0 netns vb" | ip -batch - ||
	{ rig_fail "veth pair"; rig_done; exit 1; }
printf '%s\n' "link set dev veth0 address 02:00:00:00:00:01" \
	"addr add 192.0.2.1/24 dev veth0" "link set dev veth0 up" | ip -n va -batch -
printf '%s\n' "link set dev veth0 address 02:00:00:00:00:02" \
	"addr add 192.0.2.2/24 dev veth0" "link set dev veth0 up" | ip -n vb -batch -

# rig_ns (what every scenario runs its namespaced commands with) is
# `ip netns exec`: the namespace, its own /sys, the working directory; in
# the background through rig_ns_exec, $! is the program itself.
rig_check "rig_ns: holders for va and vb" rig_ns_hold va vb
rig_check "rig_ns: va has a holder" rig_ns_holder va
rig_expect_eq "rig_ns: the namespace ip netns exec enters" \
	"$(ip netns exec va readlink /proc/self/ns/net)" "$(rig_ns va readlink /proc/self/ns/net)"
rig_expect_eq "rig_ns: the namespace's own /sys" 02:00:00:00:00:01 "$(rig_ns va cat /sys/class/net/veth0/address)"
rig_expect_eq "rig_ns: the caller's working directory" "$PWD" "$(rig_ns va pwd)"
rig_expect_eq "rig_ns_cat: the namespace's own /sys, as ip netns exec shows it" \
	"$(ip netns exec vb cat /sys/class/net/veth0/address)" "$(rig_ns_cat vb /sys/class/net/veth0/address)"
# lib.sh's sleep: a read with a time limit on /run/rig-sleep, no program.
rig_expect_eq "sleep is lib.sh's shell function, with its FIFO open" function:yes \
	"$(type -t sleep):$([ -n "${RIG_SLEEP_FD:-}" ] && echo yes)"
t_sleep=${EPOCHREALTIME/./}
sleep 0.3
t_sleep=$((${EPOCHREALTIME/./} - t_sleep))
rig_expect_ge "sleep 0.3 waits at least 300 ms (us)" 300000 "$t_sleep"
rig_ns_exec vb sleep 30 &
bg=$!
sleep 1
rig_expect_eq "rig_ns_exec in the background: \$! is the program" sleep "$(cat /proc/$bg/comm)"
rig_expect_eq "rig_ns_exec in the background: in the namespace" \
	"$(ip netns exec vb readlink /proc/self/ns/net)" "$(readlink /proc/$bg/ns/net)"
kill $bg

# so_txtime, as tools/testing/selftests/net/so_txtime.sh runs it: the
# receiver checks that the frames arrive, in launch-time order. The VM's
# emulated CPU is too slow for the receiver's 4 ms timing check
# (KSFT_MACHINE_SLOW, the kernel's own switch for that, keeps every other
# check); launch timing is judged against the emulator's ground truth by the
# TSN scenarios instead.
export KSFT_MACHINE_SLOW=1
so_txtime_case() { # CLOCK TXSPEC RXSPEC
	rig_so_txtime_pair vb va "$1" 192.0.2.1 192.0.2.2 "$2" "$3" "$RIG_TMP/so_txtime"
	cat "$RIG_TMP/so_txtime.tx" "$RIG_TMP/so_txtime.rx" 2>/dev/null
	[ "$RIG_TXTIME_TX" = 0 ] && [ "$RIG_TXTIME_RX" = 0 ]
}
rig_ns va tc qdisc add dev veth0 root fq
rig_check "so_txtime: fq, mono, one frame now" so_txtime_case mono a,-1 a,-1
rig_check "so_txtime: fq, mono, two frames 10 and 20 ms out" so_txtime_case mono a,10,b,20 a,10,b,20
# ETF itself is checked where it matters, offloaded to the driver against
# the emulator's launch log: in software on a veth under TCG its dequeue
# timer is too coarse for so_txtime's receiver (frames arrive tens of ms
# early or late), so here only the qdisc's set-up is checked.
rig_check "tc: etf on veth (CLOCK_TAI, delta 400 us, as so_txtime.sh sets it)" \
	rig_ns va tc qdisc replace dev veth0 root etf clockid CLOCK_TAI delta 400000
rig_ns va tc qdisc del dev veth0 root

rig_check "txtimestamp: software TX timestamps over UDP on loopback" \
	txtimestamp -u -4 -L 127.0.0.1 -c 3
out=$(rig_ns va hwtstamp_config veth0 2>&1)
echo "$out"
rig_check "hwtstamp_config: veth refuses hardware timestamps with an error, not a crash" \
	bash -c '[[ "$1" == *"Operation not supported"* || "$1" == *SIOCSHWTSTAMP* ]]' _ "$out"

# Two ptp4l instances (software timestamps, L2): b follows a. With
# ptp4l's defaults b took ~30 s to reach SLAVE: its PI servo waits
# 0.016 / ki s before it estimates the frequency, and a software-stamped
# servo's ki is 0.001 at one Sync a second (16 s). The helpers are what is
# checked here, not ptp4l: eight Announces and four Syncs a second, a
# servo with ki 0.016 (a 1 s estimate) and each sample printed (b reached
# SLAVE in 2.4 s over a veth pair on the host).
fast=(--logAnnounceInterval -3 --logSyncInterval -2 --logMinDelayReqInterval -2
	--summary_interval -2 --pi_proportional_const 0.1 --pi_integral_const 0.016)
pa=$(rig_ptp4l a va veth0 -S -2 --priority1 100 "${fast[@]}")
pb=$(rig_ptp4l b vb veth0 -S -2 -s "${fast[@]}")
state=""
end=$((SECONDS + sync_wait))
while [ $SECONDS -lt $end ]; do
	sleep 0.5
	state=$(rig_pmc b vb "GET PORT_DATA_SET" 2>/dev/null | sed -n 's/^[[:space:]]*portState[[:space:]]*//p')
	[ "$state" = SLAVE ] && break
done
rig_expect_eq "ptp4l b reaches SLAVE within ${sync_wait} s (its own socket /run/ptp4l-b)" SLAVE "$state"
[ "$state" = SLAVE ] || tail -n 20 "$RIG_TMP/ptp4l-b.log"
state=$(rig_pmc a va "GET PORT_DATA_SET" 2>/dev/null | sed -n 's/^[[:space:]]*portState[[:space:]]*//p')
rig_expect_eq "ptp4l a is MASTER (its own socket /run/ptp4l-a)" MASTER "$state"
rig_check "ptp4l b logged a master offset" grep -q 'master offset' "$RIG_TMP/ptp4l-b.log"
kill "$pa" "$pb"
wait "$pa" "$pb" 2>/dev/null
grep -m3 'master offset' "$RIG_TMP/ptp4l-b.log"

rig_check "isochron runs" bash -c 'isochron --version 2>&1 | grep -q "^v0\."'
rig_check "phc.sh (the kernel's PHC selftest) is installed" test -x /usr/bin/phc.sh
rig_check "testptp is installed" test -x /usr/bin/testptp
rig_netns_del va vb
rig_done
