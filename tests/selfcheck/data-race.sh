#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Rig self-check: two kthreads, one per CPU, increment one plain shared
# variable for 2 s (no lock, no READ_ONCE/WRITE_ONCE). KCSAN must report the
# data race in rig_canary and the VM run must fail with the report shown.
# Only the kcsan kernel has KCSAN: run-all.sh runs this in the stress tier's
# "data races" part, and the CI self-check (debug kernel) leaves it out.
# rig-kernel: kcsan
# rig-args: --no-load
# rig-budget: 60
# rig-expect: rc=2 report=KCSAN: data-race
echo "selfcheck: rig_canary bug=data_race: two threads race on a plain variable for 2 s"
insmod /rig/modules/rig_canary.ko bug=data_race race_ms=2000
rmmod rig_canary
