#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The emulator's device model passes its KUnit suites (protocol, scheduler,
# faults) on the debug kernel: every case runs and none fails.
# rig-args: --no-load
. /rig/lib.sh

dmesg -c >/dev/null
rig_check "insmod lan1qtsn_emu_kunit" insmod $RIG_MODULES/lan1qtsn_emu_kunit.ko
rmmod lan1qtsn_emu_kunit
dmesg >/tmp/kunit.log
for s in lan1qtsn_emu_protocol lan1qtsn_emu_sched lan1qtsn_emu_faults; do
	rig_check "suite $s passed" grep -Eq "^(\[[ 0-9.]*\] )? *ok [0-9]+ $s\$" /tmp/kunit.log
done
fails=$(grep -Ec '^(\[[ 0-9.]*\] )? *not ok' /tmp/kunit.log)
rig_expect_eq "failed KUnit cases" 0 "$fails"
grep -E 'not ok|Expected|# .*: pass:' /tmp/kunit.log | head -n 60
rig_done
