#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel's own netdev selftest (tools/testing/selftests/net/netdevice.sh,
# from the test kernel's source) passes on both boards, each in its netns
# and down at the start so the selftest's whole path runs (up, MAC change,
# every non-fixed feature off/on/restored, ethtool -d, ethtool -S, down):
# exit status 0, no XFAIL: line (an unsupported ethtool -d is an XFAIL)
# and no FAIL: line but one kind, excused by name: netdevice.sh toggles
# every feature line of `ethtool -k` without "[fixed]", and ethtool 6.1
# never marks a group line (tx-checksumming, scatter-gather,
# tcp-segmentation-offload) fixed, so "Failed to turn on feature: GROUP"
# is excused for a group all of whose features are [fixed] (the driver
# offers none of them), and for generic-segmentation-offload when
# scatter-gather is such a group (the core drops GSO without SG). Then,
# up again: ethtool -d reads every word (header: 63 words, state ready),
# its identity word is the TSN_SYSTEM_INFO probe
# logged, the system counter advances between two dumps, and the dump is
# refused to an unprivileged user (nobody, through busybox su); with board
# 1's MISO stuck the dump reads no register (or only a foreign identity)
# and says why. The dump's reads are no protocol violation. The root-only
# debugfs view (state, clock) is checked the same way: mode, refusal to
# nobody, no kernel pointer, contents that follow a PHC step.
# rig-ci-env:
# rig-stress-env:
# rig-budget: 60
# rig-stress-budget: 60
. /rig/lib.sh
. ./drv-lib.sh

spi0=$(cat "$EMU_DEBUGFS/board0/spi_device") spi1=$(cat "$EMU_DEBUGFS/board1/spi_device")
NS_A_DEV=$(rig_board_netdev 0) NS_B_DEV=$(rig_board_netdev 1)
rig_check "driver bound both boards" test -n "$NS_A_DEV" -a -n "$NS_B_DEV"
# Into their namespaces, still down: netdevice.sh brings up only an
# interface that is down (one already up gets "SKIP: already up" and
# neither the up, the MAC change nor the down is tested).
into_ns() {
	{
		[ -e /var/run/netns/a ] || echo "netns add a"
		[ -e /var/run/netns/b ] || echo "netns add b"
		echo "link set dev $NS_A_DEV down"
		echo "link set dev $NS_B_DEV down"
		echo "link set dev $NS_A_DEV netns a"
		echo "link set dev $NS_B_DEV netns b"
	} | ip -batch -
}
rig_check "boards moved to netns a and b, down" into_ns
rig_ns_hold a b

# fixed_groups: from `ethtool -k` on stdin, the group lines whose every
# feature is [fixed], and generic-segmentation-offload if scatter-gather
# is one of them.
fixed_groups() {
	awk '/^Features for/ { next }
		/^[A-Za-z]/ { g = $1; sub(/:$/, "", g); order[++n] = g; next }
		{ kids[g]++; if (/\[fixed\]/) fixed[g]++ }
		END { for (i = 1; i <= n; i++) { g = order[i]
			if (kids[g] && kids[g] == fixed[g]) { print g; if (g == "scatter-gather") sg = 1 } }
			if (sg) print "generic-segmentation-offload" }'
}

# netdevice.sh tests the interfaces named eth* or enp*s*: the boards keep
# their eth* names in their namespaces, where they are the only ones.
for ns in a b; do
	dev=$(rig_side_dev $ns)
	rig_check "$ns: $dev is a name netdevice.sh tests" grep -qE '^eth[0-9]+$' <<<"$dev"
	mac=$(rig_ns_cat $ns "/sys/class/net/$dev/address")
	excused=$(rig_ns $ns ethtool -k "$dev" | fixed_groups | sed "s/^/FAIL: $dev: Failed to turn on feature: /")
	out=$(rig_ns $ns netdevice.sh 2>&1)
	rc=$?
	sed "s/^/netdevice.sh $ns| /" <<<"$out"
	rig_expect_eq "$ns: netdevice.sh exit status" 0 "$rc"
	echo "$ns: excused if they appear: ${excused//$'\n'/; }"
	rig_expect_eq "$ns: netdevice.sh: no FAIL line but the excused ones" "" \
		"$(grep '^FAIL:' <<<"$out" | grep -vxF "$excused")"
	rig_expect_eq "$ns: netdevice.sh: no XFAIL line" 0 "$(grep -c '^XFAIL:' <<<"$out")"
	for t in "set interface up" "set MAC address" "ethtool list features" \
		"ethtool dump" "ethtool stats" "stop interface"; do
		rig_check "$ns: netdevice.sh: PASS: $dev: $t" grep -qx "PASS: $dev: $t" <<<"$out"
	done
	# netdevice.sh gives both boards 02:03:04:05:06:07: give back their own.
	rig_check "$ns: MAC $mac restored" ip -n $ns link set dev "$dev" address "$mac"
done

rig_check "board a up" rig_netns_up a 198.51.100.1 "$NS_A_DEV"
rig_check "board b up" rig_netns_up b 198.51.100.2 "$NS_B_DEV"
sleep 1

# dump NS: the words of ethtool -d DEV raw on, 8 hex digits each, one line.
dump() {
	rig_ns "$1" ethtool -d "$(rig_side_dev "$1")" raw on | od -An -tx4 -v | tr -s ' \n' ' '
}
for ns in a b; do
	if [ $ns = a ]; then spi=$spi0; else spi=$spi1; fi
	dev=$(rig_side_dev $ns)
	# The probe line: "LAN1QTSN 25080507 at spi0.0, MAC ...".
	probe_id=$(rig_dmesg_since_start | sed -n "s/.*LAN1QTSN \([0-9a-f]\{8\}\) at $spi, .*/\1/p" | tail -n1)
	rig_check "$ns: probe logged the identity" test -n "$probe_id"
	read -r -a w1 <<<"$(dump $ns)"
	sleep 0.2
	read -r -a w2 <<<"$(dump $ns)"
	echo "$ns: ethtool -d words 0-12: ${w1[*]:0:13}"
	rig_expect_eq "$ns: ethtool -d: 65 words" "65 65" "${#w1[@]} ${#w2[@]}"
	rig_expect_eq "$ns: ethtool -d: 63 register words read (0x3f), state ready, no flag" \
		"0000003f 00000001" "${w1[0]} ${w1[1]}"
	rig_expect_eq "$ns: ethtool -d identity word = probe's TSN_SYSTEM_INFO" \
		"$probe_id" "${w1[2]:-none}"
	rig_expect_eq "$ns: ethtool -d: TSN enable (word 7) set while up" 00000001 "${w1[7]:-none}"
	# Words 3, 4: TSN_SYSCOUNT high and low. The dumps are more than 0.2 s
	# apart (20e6 ticks at 100 MHz); ask for half of that.
	c1=$((16#${w1[3]:-0}${w1[4]:-0})) c2=$((16#${w2[3]:-0}${w2[4]:-0}))
	rig_expect_ge "$ns: system counter advances between two dumps ($c1 -> $c2)" \
		10000000 $((c2 - c1))
	out=$(rig_ns $ns su -s /bin/sh nobody -c "id -u; ethtool -d $dev" 2>&1)
	rc=$?
	echo "$ns: as nobody: rc $rc: $out"
	rig_expect_eq "$ns: the unprivileged try ran as uid 65534" 65534 "$(head -n1 <<<"$out")"
	rig_check "$ns: ethtool -d refused to nobody (Operation not permitted)" \
		test $rc != 0 -a -n "$(grep 'Operation not permitted' <<<"$out")"
done

# The root-only debugfs view (debugfs/lan1qtsn/<spi device>/state, clock):
# mode 0400, refused to nobody, no kernel pointer, the owner thread's state
# and the clock relation as they are; a PHC step moves the generation on.
DRV_DEBUGFS=/sys/kernel/debug/lan1qtsn
field() { awk -v k="$1:" '$1 == k { print $2 }' "$2"; }
for ns in a b; do
	if [ $ns = a ]; then spi=$spi0; else spi=$spi1; fi
	d=$DRV_DEBUGFS/$spi
	rig_expect_eq "$ns: debugfs state and clock, mode 0400" "400 400" \
		"$(stat -c %a "$d/state" "$d/clock" 2>&1 | tr '\n' ' ' | sed 's/ $//')"
	sed "s/^/$ns state| /" "$d/state"
	rig_expect_eq "$ns: debugfs state: sync ready, running" "ready 1" \
		"$(field sync "$d/state") $(field running "$d/state")"
	rig_expect_eq "$ns: debugfs clock: relation valid, host relation valid" "1 1" \
		"$(field valid "$d/clock") $(field host_valid "$d/clock")"
	rig_expect_eq "$ns: debugfs: no kernel pointer (ffff + 12 hex digits)" 0 \
		"$(cat "$d/state" "$d/clock" | grep -cE 'ffff[0-9a-f]{12}')"
	out=$(su -s /bin/sh nobody -c "cat $d/state $d/clock" 2>&1)
	rc=$?
	rig_check "$ns: debugfs refused to nobody (rc $rc: $(head -n1 <<<"$out"))" \
		test $rc != 0 -a -z "$(grep '^sync:' <<<"$out")"
done
g0=$(field generation "$DRV_DEBUGFS/$spi0/clock")
phc=$(rig_phc a "$NS_A_DEV")
rig_ns a phc_ctl -q -- "$phc" adj 0.001 >/dev/null
g1=$(field generation "$DRV_DEBUGFS/$spi0/clock")
rig_expect_eq "a: debugfs clock: a PHC step moves the generation on ($g0 -> $g1)" \
	$((g0 + 1)) "$g1"

# A device that does not answer (MISO stuck): the dump reads nothing or
# only a foreign identity word and says so (word 1: bit 9 lost, bit 11 not
# itself), every other word 0, never an old value.
echo 2 >"$EMU_DEBUGFS/board1/fault_miso_stuck"
read -r -a w3 <<<"$(dump b)"
echo 0 >"$EMU_DEBUGFS/board1/fault_miso_stuck"
echo "b, device not answering: ethtool -d words 0-12: ${w3[*]:0:13}"
stuck_ok() {
	local i
	[ "${#w3[@]}" = 65 ] && [ $((16#${w3[0]})) -le 1 ] && [ $((16#${w3[1]} & 0xa00)) != 0 ] || return 1
	for ((i = 3; i < 65; i++)); do [ "${w3[i]}" = 00000000 ] || return 1; done
}
rig_check "b, device not answering: ethtool -d reads no register but a foreign identity, says why" stuck_ok

drv_check_violations
drv_done
