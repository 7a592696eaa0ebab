#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The test VM itself: the debug kernel has every detector the project relies
# on, both vCPUs are up, and the user-space tools work across two network
# namespaces (veth), so a failure elsewhere is the code's, not the rig's.
# (That the boot watchdog never kills a booted VM is proven on the host.)
# rig-args: --no-load
# rig-ci-env:
# rig-stress-env:
# rig-budget: 60
# rig-stress-budget: 60
. /rig/lib.sh
RIG_TMP=${RIG_TMP:-/tmp}

rig_expect_eq "vCPUs online" 2 "$(nproc)"
zcat /proc/config.gz >"$RIG_TMP/config"
for opt in DEBUG_ATOMIC_SLEEP PROVE_LOCKING DEBUG_SPINLOCK DEBUG_MUTEXES KASAN \
	DEBUG_KMEMLEAK DEBUG_OBJECTS SOFTLOCKUP_DETECTOR DETECT_HUNG_TASK PROVE_RCU \
	KUNIT NET_SCH_TAPRIO NET_SCH_MQPRIO NET_SCH_CBS NET_SCH_ETF PTP_1588_CLOCK \
	SPI IRQ_SIM VETH VLAN_8021Q; do
	rig_check "kernel has CONFIG_$opt" grep -qx "CONFIG_$opt=y" "$RIG_TMP/config"
done
rig_check "kmemleak is active" test -w /sys/kernel/debug/kmemleak
# 5-level paging under TCG races KASAN in early boot (see vm-run.sh).
rig_expect_eq "4-level paging (CPUs with la57)" 0 "$(grep -c ' la57' /proc/cpuinfo)"
for t in ip tc ethtool arping ping tcpdump iperf3 ptp4l phc2sys phc_ctl testptp; do
	rig_check "tool $t runs from $(command -v $t)" test -x "$(command -v $t)"
done

ip netns add a && ip netns add b
ip link add va netns a type veth peer name vb netns b
ip -n a addr add 198.51.100.1/24 dev va && ip -n b addr add 198.51.100.2/24 dev vb
ip -n a link set va up && ip -n b link set vb up
rig_check "ping across two namespaces" rig_ns a ping -c 3 -i 0.2 -W 2 198.51.100.2
rig_check "arping across two namespaces" rig_ns b arping -c 2 -w 4 -I vb 198.51.100.1
rig_ns b iperf3 -s -1 -D >/dev/null
sleep 1
rig_check "iperf3 across two namespaces" rig_ns a iperf3 -c 198.51.100.2 -t 2 --logfile "$RIG_TMP/iperf.log"
rig_check "tc mqprio on a multi-queue veth" bash -c '
	ip link add vq numtxqueues 8 numrxqueues 8 type veth peer name vq2 &&
	tc qdisc add dev vq root handle 100: mqprio num_tc 3 map 2 2 1 0 2 2 2 2 2 2 2 2 2 2 2 2 \
		queues 1@0 1@1 2@2 hw 0'
# Shared boots: leave no device behind, in the initial namespace or in a
# and b, where a later scenario's boards would share the veth's addresses.
ip link del vq
rig_netns_del a b
rig_done
