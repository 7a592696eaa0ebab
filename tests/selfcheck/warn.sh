#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Rig self-check: WARN_ON(1) at load. The WARNING (KERN_WARNING, below the
# console loglevel) must reach the host and fail the VM run.
# rig-args: --no-load
# rig-budget: 60
# rig-expect: rc=2 report=WARNING:
echo "selfcheck: rig_canary bug=warn: WARN_ON(1)"
insmod /rig/modules/rig_canary.ko bug=warn
rmmod rig_canary
