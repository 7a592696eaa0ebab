#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The main job without a HAT: boots the test VM with two emulated boards
# and shows them exchanging traffic through the real driver.
exec "$(dirname "$0")/../tests/rig/vm-run.sh" "$@" "$(dirname "$0")/demo/two-boards.sh"
