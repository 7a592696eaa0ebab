#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the test VM (tests/rig/kunit.sh boots it): loads every KUnit
# module, whose suites run at load time and print KTAP to the kernel log,
# then unloads it. The host parses the KTAP.
#
# A suite links against the module it tests, which exports the code under
# test to it only (EXPORT_SYMBOL_IF_KUNIT): that module of /rig/modules is
# loaded first and unloaded after, so each suite runs alone. The emulator
# creates its boards at load; one is enough and no driver is bound to it.
# The rig loads nothing for it. run-all.sh runs it first in the self-check's
# boot; tests/rig/kunit.sh alone boots it by itself; either parses the
# kernel log between the rig's markers around it.
# rig-args: --no-load
# rig-budget: 240
# rig-stress-budget: 240
. /rig/lib.sh
n=0
for m in /rig/modules/*_kunit.ko; do
	[ -f "$m" ] || continue
	loaded=""
	for d in $(modinfo -F depends "$m" | tr ',' ' '); do
		[ -f "/rig/modules/$d.ko" ] || continue
		grep -q "^$d " /proc/modules && continue
		args=""
		[ "$d" = lan1qtsn_emu ] && args="boards=1"
		# shellcheck disable=SC2086 # args is empty or one word
		insmod "/rig/modules/$d.ko" $args || { echo "FAIL: insmod $d.ko for $m"; exit 1; }
		loaded="$d $loaded"
	done
	insmod "$m" || { echo "FAIL: insmod $m"; exit 1; }
	rmmod "$(basename "$m" .ko)"
	for d in $loaded; do
		rmmod "$d" || { echo "FAIL: rmmod $d"; exit 1; }
	done
	n=$((n + 1))
done
echo "KUNIT-MODULES: $n"
