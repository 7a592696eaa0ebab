#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Rig self-check: a script that makes a check and then ends with status 0
# before rig_done, as rig_ns_exec in the script's own shell does (it execs
# its command in place of the script). The VM run must exit 1: the checks
# after it never ran.
# rig-args: --no-load
# rig-budget: 30
# rig-expect: rc=1 report=without rig_done
. /rig/lib.sh
echo "selfcheck: one check, then the script is replaced by true"
rig_check "true succeeds" true
# shellcheck disable=SC2093 # the defect this canary plants
exec true
rig_check "never run" true
rig_done
