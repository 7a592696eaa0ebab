#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run-all.sh: every test of lan1qtsn, on a fresh machine or a warm one.
#
#   1. installs the Debian packages it needs (as root)
#   2. builds (or reuses from ~/.cache/lan1qtsn) the x86_64 debug kernel for
#      the test VM and an arm64 tree for the cross-build check
#   3. static checks: checkpatch --strict, W=1 + sparse for x86_64 and arm64,
#      dtc on the overlay; then `dkms build` of the committed tree
#   4. the rig self-check: a deliberate sleep in atomic context must fail a run
#   5. KUnit suites, run in the VM, parsed from KTAP
#   6. every scenario tests/scenarios/*.sh in its own VM boot (a line
#      "# rig-args: ..." in a scenario passes options to vm-run.sh)
#
# RIG_ONLY=REGEX limits step 6 to matching scenario names; files ending in
# lib.sh are helpers the scenarios source, not scenarios.
# The last line is "N passed, N failed"; the exit status is 0 only if all passed.
set -uo pipefail
TESTS_DIR=$(cd "$(dirname "$0")" && pwd)
. "$TESTS_DIR/rig/lib.sh"

passed=0 failed=0 t0=$(date +%s)
declare -a summary
record() { # ok|fail name seconds
	if [ "$1" = ok ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
	summary+=("$(printf '%-4s %-48s %5ss' "$([ "$1" = ok ] && echo PASS || echo FAIL)" "$2" "$3")")
	echo "==> $([ "$1" = ok ] && echo PASS || echo FAIL): $2 (${3}s)"
}
section() { echo; echo "======== $* ========"; }

section "setup"
rig_install_packages
s=$(date +%s)
"$RIG_DIR/build-kernel.sh" vm >/dev/null && "$RIG_DIR/build-kernel.sh" arm64 >/dev/null ||
	rig_die "could not build the kernel trees"
echo "kernel trees ready in $(($(date +%s) - s)) s"

section "static checks"
s=$(date +%s)
out=$("$RIG_DIR/static-checks.sh" 2>&1)
echo "$out"
while read -r verdict name; do
	record "$([ "$verdict" = PASS: ] && echo ok || echo fail)" "static: $name" $(($(date +%s) - s))
done < <(echo "$out" | grep -E '^(PASS|FAIL): ')

section "packaging (dkms)"
s=$(date +%s)
if "$RIG_DIR/dkms-check.sh"; then
	record ok "dkms build against the test kernel" $(($(date +%s) - s))
else
	record fail "dkms build against the test kernel" $(($(date +%s) - s))
fi

section "rig self-check (deliberate sleep in atomic context)"
s=$(date +%s)
out=$("$RIG_DIR/vm-run.sh" --no-load --no-kmemleak "$TESTS_DIR/selfcheck/atomic-sleep.sh" 2>&1)
rc=$?
echo "$out" | sed -n '/KERNEL SPLAT/,$p' | head -n 30
if [ $rc = 2 ] && echo "$out" | grep -qE 'scheduling while atomic|sleeping function called from invalid context'; then
	record ok "self-check: atomic sleep fails the run" $(($(date +%s) - s))
else
	echo "$out" | tail -n 30
	record fail "self-check: atomic sleep fails the run (rc=$rc)" $(($(date +%s) - s))
fi

section "KUnit"
s=$(date +%s)
out=$("$RIG_DIR/kunit.sh" 2>&1)
rc=$?
echo "$out" | grep -vE '^\[[0-9:]+\] +(\[PASSED\]|=+ \[PASSED\])' | tail -n 60
ran=$(echo "$out" | sed -n 's/^KUnit: .*reported, \([0-9]*\) test cases.*/\1/p')
if [ $rc = 0 ] && [ -n "$ran" ] && [ "$ran" -gt 0 ]; then
	record ok "kunit: $ran test cases" $(($(date +%s) - s))
else
	record fail "kunit (rc=$rc, ran=${ran:-0})" $(($(date +%s) - s))
fi

section "scenarios"
for sc in "$TESTS_DIR"/scenarios/*.sh; do
	[ -f "$sc" ] || continue
	name=$(basename "$sc" .sh)
	# Files ending in lib.sh are helpers that scenarios source.
	[[ "$name" == *lib ]] && continue
	[[ -n "${RIG_ONLY:-}" && ! "$name" =~ $RIG_ONLY ]] && continue
	args=()
	line=$(sed -n 's/^# rig-args: //p' "$sc" | head -n1)
	[ -n "$line" ] && eval "args=($line)"
	s=$(date +%s)
	echo "---- $name ${args[*]}"
	if "$RIG_DIR/vm-run.sh" "${args[@]}" "$sc"; then
		record ok "scenario: $name" $(($(date +%s) - s))
	else
		record fail "scenario: $name" $(($(date +%s) - s))
	fi
done

section "summary ($(($(date +%s) - t0)) s)"
printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
[ $failed = 0 ]
