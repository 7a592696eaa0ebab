#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Rig self-check: a script that never ends. The rig's per-scenario time limit
# (rig-budget) must kill it and report a hang, exit status 3.
# rig-args: --no-load
# rig-budget: 8
# rig-expect: rc=3
echo "selfcheck: sleeping forever; the 8 s budget must stop this"
while :; do
	sleep 3600
done
