#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ptp.sh [debug|light]
# Benchmark: the PTP figures of docs/ptp.md ("Accuracy"). Boots the test VM
# with two emulated boards (oscillators -40 and +60 ppm apart) and runs
# tests/scenarios/drv-ptp4l.sh with its stress-tier counts: ptp4l with the
# default and the gPTP profile (lock time, master offset RMS and max over
# 60 s, path delay against the emulated cable), the two boards' PPS edges
# against each other in the emulator's ground truth, phc2sys PHC ->
# CLOCK_REALTIME, and the hardware TX timestamp latency idle and under
# floods both ways (tools/tstamp-latency). Prints the PTP:/TXTS: lines.
# The light (non-debug) kernel by default: built on first use.
kernel=${1:-${RIG_BENCH_KERNEL:-light}}
dir=$(dirname "$0")/../..
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$dir/tests/rig/vm-run.sh" --kernel "$kernel" --tier stress --no-kmemleak \
	"$dir/tests/scenarios/drv-ptp4l.sh" >"$out" 2>&1
rc=$?
grep -E '^(PTP|TXTS): ' "$out"
grep -E '^FAIL: ' "$out"
echo "kernel: $kernel; vm-run exit status $rc (0: every check passed)"
exit $rc
