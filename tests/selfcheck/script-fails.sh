#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Rig self-check: a script whose check fails, with no kernel report. The VM
# run must exit 1 (script failed), not 0 and not 2.
# rig-args: --no-load
# rig-budget: 30
# rig-expect: rc=1 report=
. /rig/lib.sh
echo "selfcheck: one check that passes, one that fails"
rig_check "true succeeds" true
rig_check "false succeeds (must FAIL)" false
rig_done
