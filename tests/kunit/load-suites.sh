#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the test VM (tests/rig/kunit.sh boots it): loads every KUnit
# module, whose suites run at load time and print KTAP to the kernel log,
# then unloads it. The host parses the KTAP.
. /rig/lib.sh
n=0
for m in /rig/modules/*_kunit.ko; do
	[ -f "$m" ] || continue
	insmod "$m" || { echo "FAIL: insmod $m"; exit 1; }
	rmmod "$(basename "$m" .ko)"
	n=$((n + 1))
done
echo "KUNIT-MODULES: $n"
