#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Rig self-check: loses a 4 KiB kmalloc and unloads the canary; the leak
# stays. The rig's end-of-run kmemleak scan must report it and fail the run.
# rig-args: --no-load
# rig-budget: 60
# rig-expect: rc=2 report=unreferenced object|new suspected memory leak
echo "selfcheck: rig_canary bug=leak: kmalloc(4096) and the pointer lost, then rmmod"
insmod /rig/modules/rig_canary.ko bug=leak
rmmod rig_canary
