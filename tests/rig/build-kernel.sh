#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Builds (or finds in the cache) a kernel tree and prints its build directory.
#   build-kernel.sh debug   x86_64 debug kernel for the test VM (bzImage + headers;
#                           "vm" is the same)
#   build-kernel.sh light   the same kernel without the debug set (no lockdep,
#                           KASAN, kmemleak): benchmarks and timing figures
#   build-kernel.sh kcsan   the test kernel with KCSAN (data races) instead of
#                           the debug set: KCSAN excludes KASAN
#   build-kernel.sh arm64   arm64 tree prepared with modules_prepare (compile check)
#   build-kernel.sh newest-arm64
#                           the same arm64 tree from the newest linux-source
#                           Debian offers (its unstable suite)
# The cache directory is locked while a tree is built, so that two runs on
# one machine never build into the same directory.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

target=${1:-vm}
rig_install_packages
mkdir -p "$RIG_CACHE"
exec 8>"$RIG_CACHE/.build-lock"
flock 8
src=$(rig_source_dir)

configure() { # out base-target fragments...
	local out=$1 base=$2 f line
	shift 2
	make -C "$src" O="$out" $base >/dev/null
	"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "$@" >/dev/null
	make -C "$src" O="$out" olddefconfig >/dev/null
	# Kconfig silently drops options whose dependencies are unmet.
	for f in "$@"; do
		while IFS= read -r line; do
			case "$line" in
			CONFIG_*=*) grep -qxF "$line" "$out/.config" ||
				rig_die "config option did not stick: $line ($f)" ;;
			"# CONFIG_"*" is not set") grep -qxF "$line" "$out/.config" ||
				rig_die "config option did not stick: $line ($f)" ;;
			esac
		done <"$f"
	done
}

case "$target" in
vm | debug | light | kcsan)
	frags=("$RIG_DIR/config/base.config")
	case "$target" in
	light) frags+=("$RIG_DIR/config/light.config"); prefix=vm-light-x86_64 ;;
	kcsan) frags+=("$RIG_DIR/config/kcsan.config"); prefix=vm-kcsan-x86_64 ;;
	*) frags+=("$RIG_DIR/config/debug.config"); prefix=vm-x86_64 ;;
	esac
	out=$RIG_CACHE/$prefix-$(rig_key gcc "${frags[@]}")
	if [ ! -f "$out/.rig-built" ]; then
		rig_log "building the x86_64 $target kernel in $out (about 7 min on 2 cores)"
		start=$(date +%s)
		mkdir -p "$out"
		configure "$out" tinyconfig "${frags[@]}"
		make -C "$src" O="$out" -j"$RIG_JOBS" >"$out/build.log" 2>&1 ||
			{ tail -n 40 "$out/build.log" >&2; rig_die "kernel build failed"; }
		make -C "$src" O="$out" headers_install >/dev/null
		touch "$out/.rig-built"
		rig_log "kernel built in $(($(date +%s) - start)) s"
	fi
	;;
arm64)
	frags=("$RIG_DIR/config/arm64.config")
	out=$RIG_CACHE/arm64-$(rig_key aarch64-linux-gnu-gcc "${frags[@]}")
	if [ ! -f "$out/.rig-built" ]; then
		rig_log "preparing an arm64 tree in $out"
		export ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-
		mkdir -p "$out"
		configure "$out" defconfig "${frags[@]}"
		make -C "$src" O="$out" -j"$RIG_JOBS" modules_prepare >"$out/build.log" 2>&1 ||
			{ tail -n 40 "$out/build.log" >&2; rig_die "arm64 modules_prepare failed"; }
		touch "$out/.rig-built"
	fi
	;;
newest-arm64)
	# Keyed by the newest source's own version (rig_key keys by 6.12's).
	src=$(rig_newest_source_dir)
	frags=("$RIG_DIR/config/arm64.config")
	export ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-
	out=$RIG_CACHE/newest-arm64-$({ cat "$src/.rig-version"
		aarch64-linux-gnu-gcc --version | head -n1; cat "${frags[@]}"; } | sha256sum | cut -c1-16)
	if [ ! -f "$out/.rig-built" ]; then
		rig_log "preparing an arm64 tree of $(cat "$src/.rig-version") in $out"
		mkdir -p "$out"
		configure "$out" defconfig "${frags[@]}"
		make -C "$src" O="$out" -j"$RIG_JOBS" modules_prepare >"$out/build.log" 2>&1 ||
			{ tail -n 40 "$out/build.log" >&2; rig_die "$target modules_prepare failed"; }
		cp "$src/.rig-version" "$out/.rig-version"
		touch "$out/.rig-built"
	fi
	;;
*) rig_die "unknown target '$target' (debug, light, kcsan, arm64 or newest-arm64)" ;;
esac
echo "$out"
