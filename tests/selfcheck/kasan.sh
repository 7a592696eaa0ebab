#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Rig self-check: writes one byte past a 128-byte kmalloc'd buffer. KASAN
# must report it and the VM run must fail with the report shown.
# rig-args: --no-load
# rig-budget: 60
# rig-expect: rc=2 report=KASAN: slab-out-of-bounds
echo "selfcheck: rig_canary bug=kasan: one byte written past a 128-byte kmalloc"
insmod /rig/modules/rig_canary.ko bug=kasan
rmmod rig_canary
