#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-batch.sh [options] --out DIR SCRIPT...
#
# One boot of the test VM that runs several scenario scripts one after the
# other (guest/init), then the verdict of each (vm-verdict.py), with every
# kernel report and leak attributed to the scenario during which it
# appeared. Writes DIR/results, one line per script:
#   NAME RC SECONDS REASON
# RC: 0 pass, 1 the script failed, 2 a kernel report or leak, 3 no result
# (hang, time limit, panic), -1 not run (an earlier scenario left the kernel
# tainted or lockdep off; the caller runs it again in a fresh boot); and
# DIR/NAME.report with what a failure showed. Exits 4 on a rig error
# (build, packages), else 0.
#
# A script's header comments configure it:
#   # rig-args: --no-load | --no-driver | --emu-args "..." | --drv-args "..."
#   # rig-budget: SECONDS          time limit inside the VM, CI tier
#   # rig-stress-budget: SECONDS   time limit, stress tier
#   # rig-ci-env: VAR=VALUE ...    environment of the script, CI tier
#   # rig-stress-env: VAR=VALUE ...  environment, stress tier
#   # rig-kernel: K                only on that test kernel (a self-check
#                                  whose detector only K has)
#
# Options:
#   --kernel debug|light|kcsan  which test kernel (default debug); a script
#                          with a "# rig-kernel: K" header runs only on K
#   --tier ci|stress       which counts and budgets (default ci, or RIG_TIER)
#   --args "RIG-ARGS"      options added after every script's rig-args
#   --script-args "ARGS"   arguments for the scripts
#   --env "VAR=VALUE ..."  environment added after every script's tier
#                          environment (its values win), e.g. other counts
#   --budget SECONDS       time limit for every script (overrides headers)
#   --timeout SECONDS      whole-VM limit (default: budgets + fixed costs)
#   --timeout-cap SECONDS  never more than this, whatever the budgets say
#   --no-kmemleak          skip the leak scan (always skipped on a kernel
#                          without kmemleak: light, kcsan)
#   --boot-timeout S       retry a boot that does not reach /init in S s
# RIG_PREPARED=DIR reuses what prepare.sh built (modules, base initramfs).
# RIG_QEMU_ARGS="..." adds QEMU options, for looking into a live VM, e.g.
# "-monitor unix:/tmp/qmon,server,nowait" (then "info lapic 0" shows each
# CPU's timer) or "-gdb tcp::1234".
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kernel=debug tier=${RIG_TIER:-ci} extra_args="" script_args="" extra_env="" budget_all=""
timeout_s="" timeout_cap="" kmemleak=${RIG_KMEMLEAK:-1} boot_timeout_s=${RIG_BOOT_TIMEOUT:-240} out=""
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2; shift ;;
	--tier) tier=$2; shift ;;
	--args) extra_args=$2; shift ;;
	--script-args) script_args=$2; shift ;;
	--env) extra_env=$2; shift ;;
	--budget) budget_all=$2; shift ;;
	--timeout) timeout_s=$2; shift ;;
	--timeout-cap) timeout_cap=$2; shift ;;
	--no-kmemleak) kmemleak=0 ;;
	--boot-timeout) boot_timeout_s=$2; shift ;;
	--out) out=$2; shift ;;
	-h | --help) sed -n '3,39p' "$0"; exit 0 ;;
	--) shift; break ;;
	-*) rig_die "unknown option $1" ;;
	*) break ;;
	esac
	shift
done
[ $# -ge 1 ] && [ -n "$out" ] || rig_die "usage: vm-batch.sh [options] --out DIR SCRIPT..."
case "$tier" in ci | stress) ;; *) rig_die "--tier must be ci or stress" ;; esac
mkdir -p "$out"
rm -f "$out/results" "$out"/*.report

# A script for one kernel's detector ("# rig-kernel: kcsan") is refused on
# another before anything is built.
for script in "$@"; do
	want=$(rig_header "$script" rig-kernel 2>/dev/null) || want=""
	[ -z "$want" ] || [ "$want" = "$kernel" ] ||
		rig_die "$(basename "$script" .sh) runs only on the $want kernel (--kernel $want), not on $kernel"
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prep=${RIG_PREPARED:-}
if [ -z "$prep" ] || [ "$(cat "$prep/.ready" 2>/dev/null)" != "$kernel" ]; then
	prep=$work/prep
	"$RIG_DIR/prepare.sh" "$kernel" "$prep" >&2 || exit 4
fi
kbuild=$(cat "$prep/kbuild")
# The light and kcsan kernels have no kmemleak: nothing to scan, and the
# guest would report it unavailable.
grep -qx 'CONFIG_DEBUG_KMEMLEAK=y' "$kbuild/.config" || kmemleak=0

# The batch: one NN.conf per script, and each script's folder (its helper
# libraries come along) as /rig/dirs/NAME-OF-FOLDER.
ov=$work/overlay
mkdir -p "$ov/rig/batch" "$ov/rig/dirs"
names=() total_budget=0 i=0
for script in "$@"; do
	script=$(readlink -f "$script")
	[ -f "$script" ] || rig_die "no such script: $script"
	name=$(basename "$script" .sh)
	dir=$(dirname "$script")
	dname=$(basename "$dir")
	[ -d "$ov/rig/dirs/$dname" ] || cp -r "$dir" "$ov/rig/dirs/$dname"
	load=1 driver=1 emu_args="" drv_args="" hdr_timeout=""
	# Options are split the way a shell would (quotes), without running
	# anything: xargs, not eval.
	mapfile -t opts < <(printf '%s %s\n' "$(rig_header "$script" rig-args)" "$extra_args" |
		xargs -r printf '%s\n')
	set -- "${opts[@]}"
	while [ $# -gt 0 ]; do
		case "$1" in
		--no-load) load=0 ;;
		--no-driver) driver=0 ;;
		--emu-args) emu_args="${emu_args:+$emu_args }$2"; shift ;;
		--drv-args) drv_args=$2; shift ;;
		--timeout) hdr_timeout=$2; shift ;;
		--boot-timeout) shift ;; # a property of the boot, not of a script
		*) rig_die "$name: unknown rig-args option $1" ;;
		esac
		shift
	done
	env=$(rig_header "$script" "rig-$tier-env")
	# No leading space when the script has no environment of its own.
	env="$env${env:+${extra_env:+ }}$extra_env"
	budget=$(rig_budget "$script" "$tier" "${hdr_timeout:-600}")
	[ -n "$budget_all" ] && budget=$budget_all
	[[ "$budget" =~ ^[0-9]+$ ]] || rig_die "$name: budget '$budget' is not a number of seconds"
	rig_env_ok "$env" ||
		rig_die "$name: environment '$env' must be VAR=VALUE words without quotes or \$"
	i=$((i + 1))
	{
		echo "RIG_SC_NAME='$name'"
		echo "RIG_SC_DIR='/rig/dirs/$dname'"
		echo "RIG_SC_SCRIPT='$(basename "$script")'"
		echo "RIG_SC_ARGS='$script_args'"
		echo "RIG_SC_LOAD=$load"
		echo "RIG_SC_DRIVER=$driver"
		echo "RIG_SC_EMU_ARGS='$emu_args'"
		echo "RIG_SC_DRV_ARGS='$drv_args'"
		echo "RIG_SC_ENV='$env'"
		echo "RIG_SC_BUDGET=$budget"
	} >"$ov/rig/batch/$(printf '%02d' $i).conf"
	names+=("$name")
	total_budget=$((total_budget + budget))
done
{
	echo "RIG_KMEMLEAK=$kmemleak"
	echo "RIG_TIER=$tier"
} >"$ov/rig/run.conf"
(cd "$ov" && find . | cpio -o -H newc --quiet | gzip -1) >"$work/overlay.cpio.gz"
cat "$prep/base.cpio.gz" "$work/overlay.cpio.gz" >"$work/initrd.gz"

# Whole-VM limit: every script's budget, ~20 s of loading and unloading per
# script, boot and the final leak scan; a scenario's own limit fires first.
[ -n "$timeout_s" ] || timeout_s=$((total_budget + 20 * ${#names[@]} + 240))
[ -n "$timeout_cap" ] && [ "$timeout_s" -gt "$timeout_cap" ] && timeout_s=$timeout_cap

logdir=${RIG_LOGDIR:-$RIG_CACHE/logs}
mkdir -p "$logdir"
log=${RIG_LOGFILE:-$logdir/${names[0]}$([ ${#names[@]} -gt 1 ] && echo "+$((${#names[@]} - 1))")-$(date +%Y%m%d-%H%M%S).log}
echo "$log" >"$out/log"
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
tcg)
	# shellcheck disable=SC2054 # QEMU's own comma-separated option value
	accel_args=(-accel tcg,thread=multi -cpu "${RIG_CPU:-max,la57=off}")
	;;
*) rig_die "RIG_ACCEL must be tcg or kvm" ;;
esac
# loglevel=5 puts warnings (WARN, lockdep, debugobjects) on the console as
# they happen, so a hang cannot hide them; log_buf_len keeps a long batch's
# whole log for the final dump.
cmdline="console=ttyS0 loglevel=5 log_buf_len=8M panic=-1 panic_on_warn=0 kasan_multi_shot"
# The log must be written line by line for the watchdog to see RIG-INIT:
# tr alone would hold the output in a 4 KiB block buffer, hence stdbuf -oL.
# What the console shows is echoed, except the final dump of the kernel log.
# 1 GiB: kmemleak scans every struct page; half the memory, ~8 s less per
# boot (iperf3 and the floods stay far below it). RIG_MEM_MB overrides.
read -r -a qemu_extra <<<"${RIG_QEMU_ARGS:-}"
# The machine's identity (SMBIOS product UUID): the driver derives its
# stable MAC addresses from it, as from a Pi's serial number. Fixed, so
# every boot is the same machine; RIG_VM_UUID makes another.
RIG_VM_UUID=${RIG_VM_UUID:-4c414e31-5154-534e-8000-000000000001}
boot_vm() {
	rm -f "$work/qemu.pid"
	timeout --foreground -k 10 "$timeout_s" qemu-system-x86_64 \
		"${accel_args[@]}" -smp 2 -m "${RIG_MEM_MB:-1024}" -pidfile "$work/qemu.pid" \
		-nographic -no-reboot -nodefaults -serial stdio \
		-kernel "$kbuild/arch/x86/boot/bzImage" -initrd "$work/initrd.gz" \
		-append "$cmdline" -smbios "type=1,uuid=$RIG_VM_UUID" "${qemu_extra[@]}" </dev/null 2>&1 | stdbuf -oL tr -d '\r' | tee "$log" |
		awk '/RIG-DMESG-BEGIN/ { skip = 1 } !skip { print; fflush() } /RIG-DMESG-END/ { skip = 0 }' >&2
}
# One VM at a time on this machine: two would share 2 cores and every
# timing-sensitive check would lie. Another run's VM is waited for.
exec 9>"${RIG_VM_LOCK:-/tmp/lan1qtsn-vm.lock}"
flock 9
# A boot that never reaches our /init failed before any project code ran:
# it is retried once, with the first attempt's log kept beside the log.
start=$(date +%s)
for attempt in 1 2; do
	rig_log "booting ${names[*]} ($accel, $kernel kernel, $tier tier; log: $log)"
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
vm_s=$(($(date +%s) - start))
rig_log "VM finished in $vm_s s"

leak_opt=()
[ "$kmemleak" = 1 ] && leak_opt=(--kmemleak)
python3 "$RIG_DIR/vm-verdict.py" --log "$log" --out "$out" --vm-seconds "$vm_s" \
	"${leak_opt[@]}" "${names[@]}"
