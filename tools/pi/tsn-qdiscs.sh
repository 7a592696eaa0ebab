#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tsn-qdiscs.sh [--src KSRC] [--kdir KDIR] [--no-install] [--all]
#
# Raspberry Pi OS's kernels build sch_mqprio but not sch_taprio, sch_cbs or
# sch_etf (docs/install.md, "What the Raspberry Pi kernel must offer"). This
# builds the missing ones as modules against the running kernel's headers
# (linux-headers-rpi-v8, or -rpi-2712 on a Pi 5) and installs them into
# /lib/modules/$(uname -r)/updates, without rebuilding the kernel. A qdisc
# the kernel already has (built in or as a module) is left alone.
#
# The sources (sch_taprio.c, sch_cbs.c, sch_etf.c and sch_mqprio_lib.h) come
# from the kernel's own branch of github.com/raspberrypi/linux
# (rpi-MAJOR.MINOR.y, from `uname -r`), or from the kernel source tree KSRC
# (--src; no download). --kdir builds against another kernel build tree,
# --no-install only builds (into ./tsn-qdiscs-build). Needs make, gcc and
# curl; installing needs root. --all builds all three even where the kernel
# has them (the static checks prove the build that way).
#
# taprio's offload reference counting (taprio_offload_get/free) is declared
# by include/net/pkt_sched.h only when the kernel was configured with
# taprio; built here, the module defines it as configured (the -D below).
# lan1qtsn copies the schedule and does not use it.
set -euo pipefail

kver=$(uname -r)
kdir=/lib/modules/$kver/build
src=""
install=1
all=0
while [ $# -gt 0 ]; do
	case "$1" in
	--src) src=$2; shift ;;
	--kdir) kdir=$2; shift ;;
	--no-install) install=0 ;;
	--all) all=1 ;;
	-h | --help) sed -n '3,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "tsn-qdiscs: unknown option $1 (--help)" >&2; exit 2 ;;
	esac
	shift
done
[ -f "$kdir/Makefile" ] || {
	echo "tsn-qdiscs: no kernel build tree at $kdir: install linux-headers-rpi-v8 (Pi 4) or linux-headers-rpi-2712 (Pi 5)" >&2
	exit 1
}
# The kernel release of the build tree, not of the running kernel, when
# --kdir names another one.
[ -f "$kdir/include/config/kernel.release" ] && kver=$(<"$kdir/include/config/kernel.release")
config=$kdir/.config
[ -f "$config" ] || config=$kdir/include/config/auto.conf

# The qdiscs this kernel lacks.
want=()
for q in taprio cbs etf; do
	sym=CONFIG_NET_SCH_${q^^}
	if [ $all = 0 ] && grep -q "^$sym=[ym]" "$config"; then
		echo "tsn-qdiscs: the kernel has sch_$q ($(grep "^$sym=" "$config")): left alone"
	else
		want+=("$q")
	fi
done
if [ ${#want[@]} = 0 ]; then
	echo "tsn-qdiscs: nothing to build"
	exit 0
fi
grep -q '^CONFIG_NET_SCH_MQPRIO=[ym]' "$config" || {
	echo "tsn-qdiscs: the kernel has no sch_mqprio (CONFIG_NET_SCH_MQPRIO), which taprio needs: rebuild the kernel with it" >&2
	exit 1
}

work=$PWD/tsn-qdiscs-build
rm -rf "$work"
mkdir -p "$work"
files=(sch_mqprio_lib.h)
for q in "${want[@]}"; do
	files+=("sch_$q.c")
done
if [ -n "$src" ]; then
	for f in "${files[@]}"; do
		cp "$src/net/sched/$f" "$work/"
	done
else
	branch=rpi-$(cut -d. -f1,2 <<<"$kver").y
	url=https://raw.githubusercontent.com/raspberrypi/linux/$branch/net/sched
	echo "tsn-qdiscs: sources from $url"
	for f in "${files[@]}"; do
		curl -fsSL -o "$work/$f" "$url/$f"
	done
fi
{
	for q in "${want[@]}"; do
		echo "obj-m += sch_$q.o"
		echo "ccflags-y += -DCONFIG_NET_SCH_${q^^}_MODULE=1"
	done
} >"$work/Kbuild"
make -C "$kdir" M="$work" modules
if [ $install = 0 ]; then
	echo "tsn-qdiscs: built in $work:$(printf " sch_%s.ko" "${want[@]}")"
	exit 0
fi
dest=/lib/modules/$kver/updates/net/sched
install -d "$dest"
for q in "${want[@]}"; do
	install -m 644 "$work/sch_$q.ko" "$dest/"
done
depmod -a "$kver"
echo "tsn-qdiscs: installed ${want[*]} into $dest; try: sudo modprobe -a ${want[*]/#/sch_}"
