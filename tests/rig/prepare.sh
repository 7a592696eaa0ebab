#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# prepare.sh KERNEL OUTDIR
# Everything a VM boot needs that does not depend on the scenarios, built
# once per test run and shared by every boot of it (tests/run-all.sh passes
# OUTDIR to vm-run.sh and vm-batch.sh as RIG_PREPARED):
#   OUTDIR/kbuild        the kernel build directory (KERNEL: debug, light
#                        or kcsan; modules built against kcsan are
#                        instrumented by it too)
#   OUTDIR/modules/      every module of the repository, built against it
#   OUTDIR/bin/          the kernel's own timestamping and PTP selftest
#                        programs, built from the same source and uapi,
#                        and the emulator's stream checker (emu-check)
#   OUTDIR/base.cpio.gz  the initramfs without the batch (busybox, bash, the
#                        network, PTP and TSN tools, the modules, the guest
#                        helpers)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kernel=${1:?usage: prepare.sh debug|light|kcsan OUTDIR}
out=${2:?usage: prepare.sh debug|light|kcsan OUTDIR}
rm -rf "$out"
mkdir -p "$out/bin"
kbuild=$("$RIG_DIR/build-kernel.sh" "$kernel")
echo "$kbuild" >"$out/kbuild"
"$RIG_DIR/build-modules.sh" "$kbuild" "$out/modules"

# The kernel's selftest clients: testptp and phc.sh (PTP), hwtstamp_config,
# timestamping, txtimestamp, rxtimestamp and so_txtime (timestamps, launch
# time), netdevice.sh (the netdev basics, below). Built against the test kernel's uapi headers: rxtimestamp and
# testptp need 6.12's.
src=$(readlink -f "$kbuild/source")
sel=$src/tools/testing/selftests
[ -d "$kbuild/usr/include" ] || rig_die "no uapi headers in $kbuild (headers_install)"
for p in ptp/testptp net/hwtstamp_config net/timestamping net/txtimestamp \
	net/rxtimestamp net/so_txtime; do
	gcc -O2 -Wall -I"$kbuild/usr/include" -I"$sel" -o "$out/bin/${p#*/}" \
		"$sel/$p.c" -lrt 2>"$out/bin/build.log" ||
		{ cat "$out/bin/build.log" >&2; rig_die "building selftest program $p failed"; }
done
install -m 0755 "$sel/ptp/phc.sh" "$out/bin/phc.sh"
# netdevice.sh: up/down, MAC, feature toggles, ethtool -d and -S on every
# eth*/enp* interface (drv-netdevice.sh runs it in each board's netns).
install -m 0755 "$sel/net/netdevice.sh" "$out/bin/netdevice.sh"
# The emulator's stream checker, so a scenario can run emu-check in the VM.
gcc -O2 -std=gnu11 -Wall -Wextra -Werror -o "$out/bin/emu-check" \
	"$REPO_DIR/tools/emu-check/emu-check.c" 2>"$out/bin/build.log" ||
	{ cat "$out/bin/build.log" >&2; rig_die "building tools/emu-check failed"; }
# The TX-timestamp latency probe (tools/tstamp-latency), for the PTP
# scenarios and benchmark.
gcc -O2 -std=gnu11 -Wall -Wextra -Werror -I"$kbuild/usr/include" -o "$out/bin/tstamp-latency" \
	"$REPO_DIR/tools/tstamp-latency/tstamp-latency.c" 2>"$out/bin/build.log" ||
	{ cat "$out/bin/build.log" >&2; rig_die "building tools/tstamp-latency failed"; }
# A periodic output from a chosen start (tools/perout-at): testptp always
# starts 2 s ahead, so a start in the past needs it.
gcc -O2 -std=gnu11 -Wall -Wextra -Werror -I"$kbuild/usr/include" -o "$out/bin/perout-at" \
	"$REPO_DIR/tools/perout-at/perout-at.c" 2>"$out/bin/build.log" ||
	{ cat "$out/bin/build.log" >&2; rig_die "building tools/perout-at failed"; }
# Debian unstable's ethtool beside Debian 12's: it shows get_ts_stats.
install -m 0755 "$(rig_newest_ethtool)" "$out/bin/ethtool-newest"

"$RIG_DIR/mkinitramfs.sh" "$out/base.cpio.gz" "$out/modules" "$out/bin"
echo "$kernel" >"$out/.ready"
