#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# throughput.sh [SECONDS] [UDP payload sizes...]
# Benchmark: boots the test VM with two emulated boards and prints frames/s,
# Mbit/s, bus use and SPI transactions per frame in each direction, against
# the modelled 15 MHz bus's ceiling, plus ping latency. The VM's CPU is
# emulated (TCG), so CPU-bound figures are far below a Pi's; the bus model
# runs in real time.
exec "$(dirname "$0")/../../tests/rig/vm-run.sh" --no-kmemleak \
	"$(dirname "$0")/throughput-guest.sh" "$@"
