#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-run.sh [options] SCRIPT [ARGS...]
#
# Boots the test VM (the debug kernel unless --kernel says otherwise), loads the
# emulator (two boards) and the driver, runs SCRIPT under bash inside the VM
# (its folder is copied to the VM and is the working directory), unloads the
# modules, scans for leaks and powers off: a batch of one (vm-batch.sh).
# Exit status: 0 pass, 1 the script failed, 2 a kernel report (BUG,
# WARNING, lockdep, KASAN, kmemleak, RCU stall, hung task...), 3 no result
# (panic, hang, time limit), 4 a rig error (build, packages, usage). The
# console log is kept in $RIG_LOGDIR (default ~/.cache/lan1qtsn/logs;
# RIG_LOGFILE names the file) and the report is printed.
#
# Options:
#   --no-load          do not load the emulator and the driver
#   --no-driver        load the emulator only
#   --emu-args ARGS    module parameters for lan1qtsn_emu.ko
#   --drv-args ARGS    module parameters for lan1qtsn.ko
#   --kernel K         debug (default), light (no lockdep, KASAN,
#                      kmemleak: for benchmarks and timing figures) or
#                      kcsan (KCSAN for data races, no KASAN, kmemleak);
#                      the default is the script's "# rig-kernel:" header
#                      where it has one
#   --tier T           ci (default) or stress: which of the script's
#                      "# rig-ci-env"/"# rig-stress-env" counts it gets
#   --budget SECONDS   the script's time limit (default: its header)
#   --timeout SECONDS  whole-VM time limit (default: budget + fixed costs)
#   --no-kmemleak      skip the final leak scan
#   --boot-timeout S   retry a boot that does not reach /init in S seconds
#                      (default 240, or RIG_BOOT_TIMEOUT)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

batch_opts=() rig_args=() kernel=""
while [ $# -gt 0 ]; do
	case "$1" in
	--no-load | --no-driver) rig_args+=("$1") ;;
	--emu-args | --drv-args) rig_args+=("$1" "\"$2\""); shift ;;
	--kernel) kernel=$2; batch_opts+=("$1" "$2"); shift ;;
	--tier | --budget | --timeout | --boot-timeout) batch_opts+=("$1" "$2"); shift ;;
	--no-kmemleak) batch_opts+=("$1") ;;
	-h | --help) sed -n '3,31p' "$0"; exit 0 ;;
	--) shift; break ;;
	-*) rig_die "unknown option $1" ;;
	*) break ;;
	esac
	shift
done
[ $# -ge 1 ] || rig_die "usage: vm-run.sh [options] SCRIPT [ARGS...]"
script=$1
shift
# A self-check for one kernel's detector (data-race.sh: kcsan) picks it.
if [ -z "$kernel" ] && [ -f "$script" ]; then
	kernel=$(rig_header "$script" rig-kernel)
	[ -n "$kernel" ] && batch_opts+=(--kernel "$kernel")
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$RIG_DIR/vm-batch.sh" "${batch_opts[@]}" --args "${rig_args[*]}" \
	--script-args "$*" --out "$out" "$script" || exit 4
read -r _ rc _ <"$out/results" || exit 4
[ "$rc" = -1 ] && rc=3
exit "$rc"
