#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# build-modules.sh KBUILD OUTDIR [make args...]
# Builds every module of the repository (the driver with its KUnit suite,
# the emulator, tests/modules/*) against the kernel tree KBUILD, from a
# staged copy of the tree, and puts the .ko files in OUTDIR.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kbuild=$1 out=$2
shift 2
mkdir -p "$out"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
rig_stage_tree "$stage"

for d in $(rig_module_dirs); do
	extra=()
	[ "$d" = drivers/net/ethernet/tsnlab/lan1qtsn ] &&
		extra=(CONFIG_LAN1QTSN=m CONFIG_LAN1QTSN_KUNIT_TEST=m)
	blog=$out/build-$(basename "$d").log
	make -C "$kbuild" M="$stage/$d" -j"$RIG_JOBS" "${extra[@]}" "$@" modules >"$blog" 2>&1 ||
		{ cat "$blog" >&2; rig_die "module build failed in $d"; }
	find "$stage/$d" -name '*.ko' -exec cp {} "$out/" \;
done
