#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bench.sh [options]: the performance benchmark (docs/performance.md).
# Boots the test VM with two emulated boards on the non-debug kernel (built
# on first use, ~7 min), measures UDP one way and both ways from 64 to
# 1472-byte payloads, TCP each way and both ways, ping RTT and hardware TX
# timestamp delivery idle and under load, a scaling table over bus clocks
# and the receiver saturated (the sender's bus twice as fast as the
# receiver's; tools/bench/bench-guest.sh), then prints the table (figure,
# value, ceiling from the emulator's bus model, ratio), the bus-time
# breakdown, CPU per frame and the scaling table, and writes bench.json,
# table.txt and PNG plots (tools/bench/report.py).
#
#   --out DIR          where the results go (default bench-output/)
#   --secs N           seconds measured per UDP run (default 10)
#   --sizes "A B"      UDP payload sizes (default "64 256 512 1024 1472")
#   --spi-hz HZ        the bus clock for all but the scaling table (15000000)
#   --overhead-us US   time per SPI message (default 5)
#   --scale-hz "A B"   the scaling table's bus clocks (10, 15, 25, 31 MHz)
#   --kernel K         light (default) or debug
#   --quick            the CI tier's short run (the counts in bench-guest.sh's
#                      "# rig-ci-env:": 2 s runs, two sizes, two bus clocks)
# Exit status: the VM run's (0: it ran; tests/rig/vm-run.sh), or 1 if the
# report lacks a figure. No figure is judged here: the goals are in
# docs/performance.md and the closing notes.
set -uo pipefail
dir=$(cd "$(dirname "$0")/../.." && pwd)
. "$dir/tests/rig/lib.sh"
RIG_PACKAGES="gnuplot-nox python3" rig_install_packages

out=$dir/bench-output kernel=${RIG_BENCH_KERNEL:-light} tier=stress
env=()
while [ $# -gt 0 ]; do
	case "$1" in
	--out) out=$2; shift ;;
	--secs) env+=("BENCH_SECS=$2"); shift ;;
	--sizes) env+=("BENCH_SIZES=${2// /,}"); shift ;;
	--spi-hz) env+=("BENCH_SPI_HZ=$2"); shift ;;
	--overhead-us) env+=("BENCH_OVERHEAD_NS=$(($2 * 1000))"); shift ;;
	--scale-hz) env+=("BENCH_SCALE_HZ=${2// /,}"); shift ;;
	--kernel) kernel=$2; shift ;;
	--quick) tier=ci ;;
	*) echo "usage: $0 [--out DIR] [--secs N] [--sizes \"A B\"] [--spi-hz HZ]" \
		"[--overhead-us US] [--scale-hz \"A B\"] [--kernel light|debug] [--quick]" >&2; exit 4 ;;
	esac
	shift
done
mkdir -p "$out"
# The guest gets them as script arguments, split at spaces: lists go with commas.
"$dir/tests/rig/vm-run.sh" --kernel "$kernel" --tier "$tier" --no-kmemleak \
	"$dir/tools/bench/bench-guest.sh" "${env[@]}" 2>&1 | tee "$out/vm.log"
rc=${PIPESTATUS[0]}
[ "$rc" = 0 ] || { echo "bench: the VM run failed (rc=$rc); log: $out/vm.log"; exit "$rc"; }
"$dir/tools/bench/report.py" "$out/vm.log" "$out"
