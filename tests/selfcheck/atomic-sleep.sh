#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Rig self-check (tests/run-all.sh runs it with vm-run.sh --no-load): commits
# the old driver's bug, sleeping while holding a spinlock. The VM run must
# then FAIL with the splat shown; the self-check passes only if it does.
. /rig/lib.sh
insmod /rig/modules/rig_canary.ko bug=sleep_in_spinlock
rmmod rig_canary
