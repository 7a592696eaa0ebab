#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# throughput.sh [SECONDS] [UDP payload sizes...]
# Benchmark: boots the test VM with two emulated boards and prints frames/s,
# Mbit/s, bus use and SPI transactions per frame in each direction, against
# the modelled 15 MHz bus's ceiling, plus ping latency. It runs on the light
# (non-debug) test kernel, built on first use: on the debug kernel lockdep
# and KASAN cut the sender's bus use from ~73 % to ~28 % with full-size
# frames. RIG_BENCH_KERNEL=debug overrides. The VM's CPU is emulated (TCG),
# so CPU-bound figures are far below a Pi's; the bus model runs in real time.
exec "$(dirname "$0")/../../tests/rig/vm-run.sh" --kernel "${RIG_BENCH_KERNEL:-light}" \
	--no-kmemleak "$(dirname "$0")/throughput-guest.sh" "$@"
