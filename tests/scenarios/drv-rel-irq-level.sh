#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# drv-rel-irq with the emulator's interrupt line level-low (a device tree
# may describe the HAT's falling-edge line so; the driver then masks the
# line while it drains the FIFO): lost, late, spurious and stuck interrupts
# on a level line. A scenario of its own so that the CI tier runs it in the
# same boots as the others; the stress tier runs every driver scenario
# level-low as well (run-all's level pass, which skips this one).
# rig-args: --emu-args irq_type=level-low
# rig-ci-env: REL_FLOOD=120 REL_PROBES=120
# rig-stress-env: REL_FLOOD=3000 REL_PROBES=300
# rig-budget: 240
# rig-stress-budget: 1800
grep -qx level-low /sys/module/lan1qtsn_emu/parameters/irq_type ||
	{ echo "FAIL: the emulator's line is not level-low ($(cat /sys/module/lan1qtsn_emu/parameters/irq_type))"; exit 1; }
exec bash ./drv-rel-irq.sh "$@"
