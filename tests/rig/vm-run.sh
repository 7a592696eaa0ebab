#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-run.sh [options] SCRIPT [ARGS...]
#
# Boots the x86_64 debug kernel in QEMU, loads the emulator (two boards) and
# the driver, runs SCRIPT under bash inside the VM (its folder is copied to
# /rig/scenario and is the working directory), unloads the modules, scans for
# leaks and powers off. Exit status: 0 pass, 1 the script failed, 2 a kernel
# splat (BUG, WARNING, lockdep, KASAN, kmemleak, RCU stall, hung task...),
# 3 no result (panic, hang, timeout). RIG_CPU picks QEMU's -cpu model
# under TCG (default max,la57=off). The console log is kept in
# $RIG_LOGDIR (default ~/.cache/lan1qtsn/logs; RIG_LOGFILE names the file)
# and the splat is printed.
#
# Options:
#   --no-load          do not load the emulator and the driver
#   --no-driver        load the emulator only
#   --emu-args ARGS    module parameters for lan1qtsn_emu.ko
#   --drv-args ARGS    module parameters for lan1qtsn.ko
#   --timeout SECONDS  whole-VM time limit (default 900)
#   --no-kmemleak      skip the final leak scan (quicker; CI always scans)
#   --boot-timeout S   retry a boot that does not reach /init in S seconds
#                      (default 240, or RIG_BOOT_TIMEOUT)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

load=1 driver=1 emu_args="" drv_args="" timeout_s=900 kmemleak=${RIG_KMEMLEAK:-1}
boot_timeout_s=${RIG_BOOT_TIMEOUT:-240}
while [ $# -gt 0 ]; do
	case "$1" in
	--no-load) load=0 ;;
	--no-driver) driver=0 ;;
	--emu-args) emu_args=$2; shift ;;
	--drv-args) drv_args=$2; shift ;;
	--timeout) timeout_s=$2; shift ;;
	--no-kmemleak) kmemleak=0 ;;
	--boot-timeout) boot_timeout_s=$2; shift ;;
	-h | --help) sed -n '3,25p' "$0"; exit 0 ;;
	--) shift; break ;;
	-*) rig_die "unknown option $1" ;;
	*) break ;;
	esac
	shift
done
[ $# -ge 1 ] || rig_die "usage: vm-run.sh [options] SCRIPT [ARGS...]"
script=$(readlink -f "$1")
shift
[ -f "$script" ] || rig_die "no such script: $script"

kbuild=$("$RIG_DIR/build-kernel.sh" vm)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$RIG_DIR/build-modules.sh" "$kbuild" "$work/modules"
[ $driver = 1 ] || rm -f "$work/modules/lan1qtsn.ko"

{
	echo "RIG_LOAD=$load"
	echo "RIG_EMU_ARGS='$emu_args'"
	echo "RIG_DRV_ARGS='$drv_args'"
	echo "RIG_KMEMLEAK=$kmemleak"
	echo "RIG_SCRIPT='$(basename "$script")'"
	printf "RIG_SCRIPT_ARGS='%s'\n" "$*"
} >"$work/run.conf"
"$RIG_DIR/mkinitramfs.sh" "$work/initrd.gz" "$work/modules" "$(dirname "$script")" "$work/run.conf"

logdir=${RIG_LOGDIR:-$RIG_CACHE/logs}
mkdir -p "$logdir"
log=${RIG_LOGFILE:-$logdir/$(basename "$script" .sh)-$(date +%Y%m%d-%H%M%S).log}
# KVM only where the CPU really has VMX or SVM: on machines whose /dev/kvm is
# a paravirtual stand-in (kvm_pvm) QEMU aborts with -cpu host or crawls
# through the decompressor for minutes, while TCG boots in about 15 s.
# RIG_ACCEL=tcg|kvm overrides. panic=-1 plus -no-reboot turns a panic into
# an immediate exit; timeout turns a hang into a failure.
accel=${RIG_ACCEL:-}
if [ -z "$accel" ]; then
	accel=tcg
	[ -w /dev/kvm ] && grep -qwE 'vmx|svm' /proc/cpuinfo && [ ! -d /sys/module/kvm_pvm ] && accel=kvm
fi
# la57=off: with 5-level paging, 6.12 clears X86_FEATURE_LA57 for a moment
# in identify_cpu(); an interrupt in that window makes KASAN's shadow bounds
# 4-level ones and every 5-level address "wild-memory-access" (seen in ~1 of
# 35 boots as a storm of KASAN reports at 0.005 s, then a hang).
case "$accel" in
kvm) accel_args=(-accel kvm -cpu host) ;;
tcg) accel_args=(-accel tcg,thread=multi -cpu "${RIG_CPU:-max,la57=off}") ;;
*) rig_die "RIG_ACCEL must be tcg or kvm" ;;
esac
# A boot that never reaches our /init failed before any project code ran
# (seen once: a KASAN report in early boot under TCG, at 0.003 s): such a
# boot is retried once, with the first attempt's log kept beside the log.
# The log must be written line by line for the watchdog to see RIG-INIT:
# tr alone would hold the output in a 4 KiB block buffer (a quiet guest
# fills that only at the end), hence stdbuf -oL.
boot_vm() {
	rm -f "$work/qemu.pid"
	timeout --foreground -k 10 "$timeout_s" qemu-system-x86_64 \
		"${accel_args[@]}" -smp 2 -m 2048 -pidfile "$work/qemu.pid" \
		-nographic -no-reboot -nodefaults -serial stdio \
		-kernel "$kbuild/arch/x86/boot/bzImage" -initrd "$work/initrd.gz" \
		-append "console=ttyS0 loglevel=4 panic=-1 panic_on_warn=0 kasan_multi_shot" \
		</dev/null 2>&1 | stdbuf -oL tr -d '\r' | tee "$log" |
		awk '/RIG-DMESG-BEGIN/ { skip = 1 } !skip { print; fflush() } /RIG-DMESG-END/ { skip = 0 }'
}
# One VM at a time on this machine: two would share 2 cores and every
# timing-sensitive check would lie. Another run's VM is waited for.
exec 9>"${RIG_VM_LOCK:-/tmp/lan1qtsn-vm.lock}"
flock 9
start=$(date +%s)
for attempt in 1 2; do
	rig_log "booting $(basename "$script") ($accel; log: $log)"
	: >"$log"
	boot_vm &
	vm=$!
	booted=0
	for _ in $(seq 1 "$boot_timeout_s"); do
		grep -q 'RIG-INIT: ' "$log" && { booted=1; break; }
		kill -0 $vm 2>/dev/null || break
		sleep 1
	done
	grep -q 'RIG-INIT: ' "$log" && booted=1
	if [ $booted = 1 ]; then
		wait $vm || true
		break
	fi
	kill "$(cat "$work/qemu.pid" 2>/dev/null)" 2>/dev/null || true
	wait $vm || true
	[ $attempt = 2 ] && break
	cp "$log" "$log.failed-boot"
	rig_log "the VM did not reach /init; retrying once (failed boot kept in $log.failed-boot)"
done
rig_log "VM finished in $(($(date +%s) - start)) s"

# Kernel lines carry a printk timestamp; script output does not, so a tool
# that prints "WARNING:" cannot fake a splat.
splat_re='BUG:|WARNING:|INFO: possible|lockdep is turned off|KASAN|Oops|Kernel panic|sleeping function called from invalid context|scheduling while atomic|rcu_.*detected stall|blocked for more than|soft lockup|hard LOCKUP|general protection fault|UBSAN|kernel BUG'
splats=$(grep -E '^\[ *[0-9]+\.[0-9]+\]' "$log" | grep -E -A 30 "$splat_re" || true)
leaks=$(sed -n '/RIG-KMEMLEAK-BEGIN/,/RIG-KMEMLEAK-END/p' "$log")
[ -n "$leaks" ] && splats="$splats
$leaks"

if [ -n "$splats" ]; then
	echo "---- KERNEL SPLAT (full log: $log) ----"
	echo "$splats" | head -n 200
	exit 2
fi
result=$(sed -n 's/^RIG-RESULT: rc=\([0-9]*\)$/\1/p' "$log" | tail -n1)
if [ -z "$result" ]; then
	echo "---- no result from the VM (panic, hang or timeout); last lines: ----"
	tail -n 40 "$log"
	exit 3
fi
[ "$result" = 0 ] || { echo "---- scenario failed: rc=$result (log: $log) ----"; exit 1; }
exit 0
