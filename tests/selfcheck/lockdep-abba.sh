#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Rig self-check: takes mutex A then B, later B then A, in one thread. Nothing
# deadlocks, but lockdep must report the inversion (KERN_WARNING: it reaches
# the host only through the kernel log dump) and the VM run must fail.
# Lockdep turns itself off after its first report: give this its own boot.
# rig-args: --no-load
# rig-budget: 60
# rig-expect: rc=2 report=possible circular locking dependency
echo "selfcheck: rig_canary bug=abba: mutexes taken A->B, then B->A"
insmod /rig/modules/rig_canary.ko bug=abba
rmmod rig_canary
