#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The main job without a HAT: boots the test VM with two emulated boards,
# shows them exchanging traffic through the real driver, runs a taprio
# schedule and a CBS shaper (offloaded) under load, lets ptp4l lock one
# board's clock to the other's, and plots what the emulator saw
# (tools/demo/plot.py, gnuplot on the host) into demo-output/ (DEMO_OUT
# overrides): taprio.png, cbs-rate.png, ptp-offset.png, the .dat files
# behind them, summary.txt and the VM's log.
set -uo pipefail
dir=$(cd "$(dirname "$0")/.." && pwd)
. "$dir/tests/rig/lib.sh"
RIG_PACKAGES="gnuplot-nox python3" rig_install_packages
out=${DEMO_OUT:-$dir/demo-output}
mkdir -p "$out"
"$dir/tests/rig/vm-run.sh" "$@" "$dir/tools/demo/two-boards.sh" 2>&1 | tee "$out/vm.log"
rc=${PIPESTATUS[0]}
[ "$rc" = 0 ] || { echo "demo: the VM run failed (rc=$rc); log: $out/vm.log"; exit "$rc"; }
"$dir/tools/demo/plot.py" "$out/vm.log" "$out"
