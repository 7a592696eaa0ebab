#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mkinitramfs.sh OUT.cpio.gz MODULE_DIR BIN_DIR
# Builds the base of the test VM's initramfs: static busybox, bash and the
# real network, PTP and TSN tools with their libraries, the modules, the
# programs of BIN_DIR (the kernel's selftest clients) and the guest helpers.
# Each boot appends a small archive with its batch (vm-batch.sh): the kernel
# unpacks concatenated archives one after the other.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=$1 moddir=$2 bindir=$3
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,lib,lib64,etc,proc,sys,dev,tmp,run,var,rig/modules}
cp /bin/busybox "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
	[ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done

# copy_with_libs FILE DEST_DIR: a dynamic binary and every library it needs.
copy_with_libs() {
	local f=$1 dest=$2 lib
	cp -L "$f" "$root$dest/"
	for lib in $(ldd "$f" 2>/dev/null | grep -o '/[^ ]*'); do
		[ -e "$root$lib" ] && continue
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}

copy_with_libs /bin/bash /bin
for t in ip tc ethtool arping tcpdump ptp4l phc2sys pmc phc_ctl hwstamp_ctl ts2phc; do
	p=$(command -v "$t" || true)
	[ -n "$p" ] || rig_die "host tool $t missing (run tests/rig/build-kernel.sh to install)"
	copy_with_libs "$p" /usr/sbin
done
for t in ping iperf3 kmod isochron stdbuf; do
	p=$(command -v "$t" || true)
	[ -n "$p" ] || rig_die "host tool $t missing (run tests/rig/build-kernel.sh to install)"
	copy_with_libs "$p" /usr/bin
done
for t in insmod rmmod lsmod modinfo; do
	rm -f "$root/bin/$t" "$root/sbin/$t"
	ln -s /usr/bin/kmod "$root/sbin/$t"
done
for p in "$bindir"/*; do
	[ -x "$p" ] && copy_with_libs "$p" /usr/bin
done
# stdbuf preloads this to set a program's stdio buffering (line-buffered
# output of the selftest programs, so that a scenario sees every line).
mkdir -p "$root/usr/libexec/coreutils"
cp -L /usr/libexec/coreutils/libstdbuf.so "$root/usr/libexec/coreutils/"
# tc's distribution tables (netem) and iperf3's helper libraries.
[ -d /usr/lib/x86_64-linux-gnu/tc ] && mkdir -p "$root/usr/lib/x86_64-linux-gnu" &&
	cp -r /usr/lib/x86_64-linux-gnu/tc "$root/usr/lib/x86_64-linux-gnu/"

# nobody: an unprivileged user for checks that need one (busybox su -s).
cat >"$root/etc/passwd" <<'PW'
root:x:0:0:root:/root:/bin/sh
tcpdump:x:104:110::/nonexistent:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
PW
printf 'root:x:0:\ntcpdump:x:110:\nnogroup:x:65534:\n' >"$root/etc/group"
echo "127.0.0.1 localhost" >"$root/etc/hosts"
ln -s ../run "$root/var/run"

cp "$RIG_DIR/guest/init" "$root/init"
cp "$RIG_DIR/guest/lib.sh" "$root/rig/lib.sh"
cp "$RIG_DIR/guest/snap.sh" "$root/rig/snap.sh"
cp "$RIG_DIR/guest/txtime.sh" "$root/rig/txtime.sh"
cp "$moddir"/*.ko "$root/rig/modules/" 2>/dev/null || true
# The configuration files the docs tell users to run (configs/), so that
# the scenarios run exactly those.
mkdir -p "$root/rig/configs"
cp "$REPO_DIR"/configs/* "$root/rig/configs/"

(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$out"
