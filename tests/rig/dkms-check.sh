#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# dkms-check.sh: the way Pi users install, checked here: `dkms build` of the
# committed tree (git archive, as a user's copy would be) against the test
# kernel, with DKMS's own trees in a scratch folder so the machine's DKMS
# state is untouched. Passes if lan1qtsn.ko comes out.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kbuild=$("$RIG_DIR/build-kernel.sh" vm)
kver=$(cat "$kbuild/include/config/kernel.release")
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$REPO_DIR/dkms.conf")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src" "$tmp/dkms"
git -C "$REPO_DIR" archive --prefix="lan1qtsn-$ver/" HEAD | tar -x -C "$tmp/src"
dkms build "lan1qtsn/$ver" -k "$kver" --kernelsourcedir "$kbuild" \
	--sourcetree "$tmp/src" --dkmstree "$tmp/dkms" >"$tmp/dkms.log" 2>&1 ||
	{ cat "$tmp/dkms.log"; rig_die "dkms build failed"; }
ko=$(find "$tmp/dkms" -name 'lan1qtsn.ko*' | head -n1)
[ -n "$ko" ] || { cat "$tmp/dkms.log"; rig_die "dkms build produced no lan1qtsn.ko"; }
modinfo -F vermagic "$ko" | grep -q "^$kver " || rig_die "wrong vermagic: $(modinfo -F vermagic "$ko")"
echo "dkms build lan1qtsn/$ver for $kver: $(basename "$ko") ok"
