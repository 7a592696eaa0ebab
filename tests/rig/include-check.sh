#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# include-check.sh: the emulator and its tests share hardware facts with the
# driver, never code or policy (docs/emulator.md, "Independence"). Fails if
# a C file under emulator/, tests/modules/emu_client/, tests/fuzz/ or
# tests/unit/ includes a file of the driver's folder
# drivers/net/ethernet/tsnlab/lan1qtsn/ (by any path), or if one of their
# build files puts that folder on an include path. The only shared header
# is drivers/net/ethernet/tsnlab/lan1qtsn_hw.h, reached through
# -I drivers/net/ethernet/tsnlab. (The host KUnit runners build the
# driver's own suites through -DKUNIT_FILE, which this does not see.)
# Run by static-checks.sh. Exit status: 0 clean, 1 a forbidden include.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

drv=drivers/net/ethernet/tsnlab/lan1qtsn
guarded=(emulator tests/modules/emu_client tests/fuzz tests/unit)
cd "$REPO_DIR"

# The driver's files by name: an include of any of them is forbidden.
names=$(git ls-files --cached --others --exclude-standard -- "$drv" |
	sed -n 's#.*/\([^/]*\.[ch]\)$#\1#p' | sed 's/\./\\./g' | paste -sd'|')
[ -n "$names" ] || rig_die "no files found in $drv"
bad=$(git ls-files --cached --others --exclude-standard -- "${guarded[@]}" |
	grep -E '\.(c|h)$' | xargs -r grep -nE -e \
	"^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]([^\">]*/)?($names)[\">]" ||
	true)
# The driver's folder on an include path of a guarded build.
bad+=$(git ls-files --cached --others --exclude-standard -- "${guarded[@]}" |
	grep -E '(^|/)(Makefile|Kbuild|[^/]*\.sh|[^/]*\.mk)$' | xargs -r grep -nE -e \
	"-I[[:space:]\"'\$()a-zA-Z_/.{}]*tsnlab/lan1qtsn([/\"' ]|$)" || true)
if [ -n "$bad" ]; then
	echo "$bad"
	echo "FAIL: the emulator or its tests include the driver's folder $drv (share only lan1qtsn_hw.h)"
	exit 1
fi
echo "PASS: no driver header included by ${guarded[*]}"
