#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Rig self-check: commits the old driver's bug, sleeping while holding a
# spinlock (DEBUG_ATOMIC_SLEEP). The VM run must fail with the report shown.
# rig-args: --no-load
# rig-budget: 60
# rig-expect: rc=2 report=scheduling while atomic|sleeping function called from invalid context
echo "selfcheck: rig_canary bug=sleep_in_spinlock: msleep(20) under a spinlock"
insmod /rig/modules/rig_canary.ko bug=sleep_in_spinlock
rmmod rig_canary
