#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# intree-check.sh ARCH (x86_64 or arm64): the driver built into the kernel,
# as a Raspberry Pi kernel carries it. drivers/net/ethernet/tsnlab is
# dropped into the kernel source and wired into drivers/net/ethernet/Kconfig
# and Makefile, config/intree.config (CONFIG_KUNIT=y, CONFIG_LAN1QTSN=y,
# CONFIG_LAN1QTSN_KUNIT_TEST=y) is merged into the cached tree of
# build-kernel.sh (x86_64: the debug kernel; arm64: the modules_prepare
# tree), and then:
#   1. make W=1 C=1 drivers/net/ethernet/tsnlab/, every object of the folder
#      compiled and checked by sparse: no compiler or sparse warning;
#   2. the folder's built-in.a linked whole (ld -r --whole-archive): no
#      symbol defined twice (a suite that #includes the code under test);
#   3. x86_64 only, the kernel linked: make vmlinux (no undefined symbol; the
#      arm64 tree is not fully built, so it stops at 2).
# Nothing of the shared cache is written: the source tree and the build tree
# are overlay mounts (in a private mount namespace) whose upper layers live
# in ~/.cache/lan1qtsn/intree-TREE and are kept, so that a second run only
# rebuilds what changed. Holds the rig's build lock throughout.
# Exit status: 0 clean, 1 a warning or a build or link error, 4 a rig error.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tsnlab=drivers/net/ethernet/tsnlab

# inside ARCH SRC BASE SCRATCH: the build, run in the private mount namespace.
inside() {
	local arch=$1 src=$2 base=$3 scratch=$4 cross=() ld=ld log warn line
	local frag=$RIG_DIR/config/intree.config
	[ "$arch" = arm64 ] && cross=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-) &&
		ld=aarch64-linux-gnu-ld
	mount -t overlay lan1qtsn-intree-src \
		-o "lowerdir=$src,upperdir=$scratch/src,workdir=$scratch/src-work" "$src" ||
		rig_die "overlay mount of the source tree failed"
	mount -t overlay lan1qtsn-intree-obj \
		-o "lowerdir=$base,upperdir=$scratch/obj,workdir=$scratch/obj-work" "$base" ||
		rig_die "overlay mount of the build tree failed"

	"$src/scripts/kconfig/merge_config.sh" -m -O "$base" "$base/.config" "$frag" >/dev/null
	make -C "$src" O="$base" "${cross[@]}" olddefconfig >/dev/null
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*) grep -qxF "$line" "$base/.config" ||
			rig_die "config option did not stick: $line ($frag)" ;;
		esac
	done <"$frag"

	# W=1 changes every command line, so the tree's own preparation
	# (asm-offsets, the vDSO, modpost) is first brought to W=1 on its own,
	# its warnings (the kernel's, not ours) ignored; then the folder's
	# objects are removed and compiled again, so that C=1 runs sparse on
	# exactly them and each run sees every warning, changed file or not.
	log=$scratch/prepare.log
	if ! nice -n 10 make -C "$src" O="$base" "${cross[@]}" -j"$RIG_JOBS" W=1 \
		prepare >"$log" 2>&1; then
		tail -n 40 "$log"
		echo "FAIL: $arch make prepare in the in-tree build (log: $log)"
		return 1
	fi
	find "$base/$tsnlab" -name '*.o' -delete 2>/dev/null || true
	log=$scratch/w1.log
	if ! nice -n 10 make -C "$src" O="$base" "${cross[@]}" -j"$RIG_JOBS" W=1 C=1 \
		"$tsnlab/" >"$log" 2>&1; then
		cat "$log"
		echo "FAIL: $arch in-tree W=1 + sparse build of $tsnlab"
		return 1
	fi
	warn=$(grep -iE 'warning|error' "$log" || true)
	if [ -n "$warn" ]; then
		echo "$warn"
		echo "FAIL: $arch in-tree W=1 + sparse: warnings"
		return 1
	fi
	echo "ok: $arch in-tree W=1 + sparse: $(grep -c " CHECK .*/$tsnlab/" "$log") files checked"

	log=$scratch/link.log
	if ! $ld -r -o "$scratch/tsnlab.o" --whole-archive "$base/$tsnlab/built-in.a" \
		>"$log" 2>&1; then
		cat "$log"
		echo "FAIL: $arch $tsnlab/built-in.a does not link"
		return 1
	fi
	echo "ok: $arch $tsnlab/built-in.a links whole ($(${ld%ld}nm -u "$scratch/tsnlab.o" | wc -l) symbols from the kernel)"

	[ "$arch" = x86_64 ] || return 0
	# KBUILD_NOCMDDEP: link what step 1 built with W=1 as it is (only the
	# warning flags differ) rather than compile it all again, and the next
	# step 1 the other way round; changed files still rebuild.
	log=$scratch/vmlinux.log
	if ! nice -n 10 make -C "$src" O="$base" -j"$RIG_JOBS" KBUILD_NOCMDDEP=1 vmlinux \
		>"$log" 2>&1; then
		grep -E -B2 -A8 'error|undefined|multiple definition' "$log" | head -n 60
		echo "FAIL: $arch vmlinux with the driver built in does not link (log: $log)"
		return 1
	fi
	echo "ok: $arch vmlinux links with the driver and its KUnit suite built in"
}

if [ "${1:-}" = --inside ]; then
	shift
	inside "$@"
	exit
fi

arch=${1:-}
case "$arch" in
x86_64) target=vm ;;
arm64) target=arm64 ;;
*) rig_die "usage: intree-check.sh x86_64|arm64" ;;
esac
base=$("$RIG_DIR/build-kernel.sh" "$target") || exit 4
src=$(rig_source_dir)
exec 8>"$RIG_CACHE/.build-lock"
flock 8
start=$(date +%s)	# the time reported is the check's, not the wait for the lock

# One scratch folder per cached tree; those of older trees go.
name=$(basename "$base")
scratch=$RIG_CACHE/intree-$name
for d in "$RIG_CACHE/intree-${name%-*}-"*; do
	[ "$d" = "$scratch" ] || rm -rf "$d"
done
mkdir -p "$scratch"/{src,src-work,obj,obj-work}

# The source tree's upper layer: the folder as in the working tree and the
# two files that wire it in, next to the other vendors. A file is rewritten
# (and gets a new time) only when its content differs, so that a second run
# rebuilds only what changed, and a change always rebuilds (make compares
# times, and the working tree's may be older than the last build's objects).
mkdir -p "$scratch/src/$tsnlab"
rsync -rp --checksum --delete --exclude '*.o' --exclude '*.ko' --exclude '*.mod' \
	--exclude '*.mod.c' --exclude '.*.cmd' --exclude Module.symvers \
	--exclude modules.order --exclude '*.a' \
	"$REPO_DIR/$tsnlab/" "$scratch/src/$tsnlab/"
wire() { # FILE ANCHOR LINE: LINE inserted before the first line matching ANCHOR
	local f=$1 tmp
	tmp=$(mktemp)
	if ! awk -v a="$2" -v l="$3" '$0 ~ a && !done { print l; done = 1 } { print }
		END { exit !done }' "$src/$f" >"$tmp"; then
		rm -f "$tmp"
		rig_die "no line matching '$2' in $f"
	fi
	chmod 644 "$tmp"
	if cmp -s "$tmp" "$scratch/src/$f"; then rm -f "$tmp"; else mv "$tmp" "$scratch/src/$f"; fi
}
wire drivers/net/ethernet/Kconfig '^source "drivers/net/ethernet/tundra/Kconfig"' \
	'source "drivers/net/ethernet/tsnlab/Kconfig"'
wire drivers/net/ethernet/Makefile '^obj-\$\(CONFIG_NET_VENDOR_TUNDRA\)' \
	'obj-$(CONFIG_NET_VENDOR_TSNLAB) += tsnlab/'

rc=0
unshare -m --propagation private "$0" --inside "$arch" "$src" "$base" "$scratch" || rc=$?
t=$(($(date +%s) - start))
case $rc in
0) echo "PASS: $arch in-tree built-in build ($t s)" ;;
4) exit 4 ;;
*) echo "FAIL: $arch in-tree built-in build ($t s)"; exit 1 ;;
esac
