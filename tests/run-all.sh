#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run-all.sh [--stress]: every test of lan1qtsn, on a fresh machine or a warm one.
#
#   1. installs the Debian packages it needs (as root)
#   2. builds (or reuses from ~/.cache/lan1qtsn) the x86_64 debug kernel for
#      the test VM and an arm64 tree for the cross-build check
#   3. unit tests on the host (tests/unit/run.sh): every KUnit suite of the
#      driver's and the emulator's pure code, built in user space, in seconds,
#      checked against tests/kunit/expected-suites
#      static checks: checkpatch --strict, W=1 + sparse for x86_64 and arm64,
#      dtc on the overlay, every shell script through shellcheck; then
#      the Debian packages of the committed tree (tests/rig/package-check.sh:
#      dpkg-buildpackage, lintian and its canary, contents, `dkms build` of
#      lan1qtsn-dkms's source against the test kernel)
#   4. fuzzing in user space (tests/fuzz/run.sh): the KUnit suites on the
#      host again unless step 1 passed them, then libFuzzer on the
#      emulator's pure model for RIG_FUZZ_SECS seconds (30 in CI, 300 in
#      the stress tier), after its canary build, which must fail
#   5. builds the modules, the selftest programs and the initramfs once
#   6. the rig self-check: one canary per detector class (sleep in atomic
#      context, leak, KASAN, lockdep, WARN, hung task, time limit, failing
#      script) must each fail its run with the right exit code and report;
#      the tainting canaries but the first end the scenarios' boots (8.)
#   7. KUnit suites, run in the VM (first in the self-check's boot), parsed
#      from KTAP, checked against the list of expected suites
#   8. every scenario tests/scenarios/*.sh and the benchmark's smoke run
#      (tools/bench/bench-guest.sh) (in CI, not those marked
#      "# rig-tier: stress"), several per VM boot (batches of
#      about RIG_BATCH_BUDGET seconds of budget, 2200 in CI: three boots,
#      as many as the tainting canaries that end them),
#      each with its kernel reports and leaks attributed to it; a scenario
#      after one that tainted the kernel runs again in a fresh boot
#   8. stress tier only: the driver scenarios again with a level-low
#      interrupt, at their CI counts (the CI tier runs drv-rel-irq-level, a
#      scenario of its own)
#   9. stress tier only: data races. The data-path scenarios (header
#      "# rig-kcsan: yes") and the data-race canary run on a third kernel
#      built with KCSAN (build-kernel.sh kcsan); a KCSAN report whose stacks
#      name our modules fails the scenario. The CI tier never builds or
#      boots that kernel.
#
# Tiers: the CI tier (default) runs every scenario with the counts of its
# "# rig-ci-env:" header; --stress (or RIG_TIER=stress) runs the issue-sized
# counts of "# rig-stress-env:" and the longer budgets.
# RIG_SKIP=REGEX skips the steps whose names match (unit, static, dkms, fuzz,
# selfcheck, kunit, scenarios, level, kcsan), for a developer's partial run.
# RIG_LEVEL_TIER (default ci) chooses the counts of the level-low pass,
# RIG_KCSAN_TIER (default: the run's tier) the counts of the
# data-race runs. RIG_ONLY=REGEX limits the scenario steps to matching
# scenario names; files ending in
# lib.sh are helpers the scenarios source, not scenarios. RIG_DEADLINE_MIN
# (default 75, or 600 in the stress tier) stops starting VM boots after that
# many minutes: what did not run is counted as failed, and the summary is
# always printed. The last line is "N passed, N failed"; the exit status is
# 0 only if all passed.
set -uo pipefail
TESTS_DIR=$(cd "$(dirname "$0")" && pwd)
. "$TESTS_DIR/rig/lib.sh"

tier=${RIG_TIER:-ci}
[ "${1:-}" = --stress ] && tier=stress
export RIG_TIER=$tier
deadline_min=${RIG_DEADLINE_MIN:-$([ "$tier" = stress ] && echo 600 || echo 75)}
batch_budget=${RIG_BATCH_BUDGET:-$([ "$tier" = stress ] && echo 3600 || echo 2200)}

passed=0 failed=0 t0=$(date +%s)
declare -a summary times
record() { # ok|fail name seconds
	if [ "$1" = ok ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
	summary+=("$(printf '%-4s %-58s %5ss' "$([ "$1" = ok ] && echo PASS || echo FAIL)" "$2" "$3")")
	echo "==> $([ "$1" = ok ] && echo PASS || echo FAIL): $2 (${3}s)"
}
took() { times+=("$(printf '%-58s %6s s%s' "$1" "$2" "${3:+   $3}")"); } # what seconds [note]
section() { echo; echo "======== $* ========"; }
elapsed() { echo $(($(date +%s) - t0)); }
skip() { [[ -n "${RIG_SKIP:-}" && "$1" =~ $RIG_SKIP ]] && echo "(skipped: RIG_SKIP)"; }
only=${RIG_ONLY:-}

run=$(mktemp -d)
trap 'rm -rf "$run"' EXIT

section "setup ($tier tier)"
s=$(date +%s)
rig_install_packages
took "packages" $(($(date +%s) - s))
s=$(date +%s)
"$RIG_DIR/build-kernel.sh" debug >/dev/null && "$RIG_DIR/build-kernel.sh" arm64 >/dev/null ||
	rig_die "could not build the kernel trees"
took "kernel trees (debug x86_64, arm64)" $(($(date +%s) - s))
# The KCSAN kernel only for the stress tier: CI time is precious.
if [ "$tier" = stress ] && ! skip kcsan >/dev/null; then
	s=$(date +%s)
	"$RIG_DIR/build-kernel.sh" kcsan >/dev/null || rig_die "could not build the kcsan kernel"
	took "kernel tree (kcsan x86_64)" $(($(date +%s) - s))
fi

section "unit tests on the host $(skip unit)"
s=$(date +%s)
skip unit >/dev/null || {
out=$("$TESTS_DIR/unit/run.sh" 2>&1)
rc=$?
echo "$out"
if [ $rc = 0 ]; then
	# The fuzzing step need not run them a second and third time.
	export FUZZ_UNIT=0
	record ok "unit: $(echo "$out" | sed -n 's/^UNIT: PASS: //p' | tail -n1)" $(($(date +%s) - s))
else
	record fail "unit: every KUnit suite on the host (rc=$rc)" $(($(date +%s) - s))
fi
took "unit tests on the host" $(($(date +%s) - s))
}

section "static checks $(skip static)"
s=$(date +%s)
skip static >/dev/null || {
out=$("$RIG_DIR/static-checks.sh" 2>&1)
rc=$?
echo "$out"
while read -r verdict name; do
	record "$([ "$verdict" = PASS: ] && echo ok || echo fail)" "static: $name" $(($(date +%s) - s))
done < <(echo "$out" | grep -E '^(PASS|FAIL): ')
# A script that died before its checks, or failed without saying which.
[ $rc != 0 ] && ! echo "$out" | grep -q '^FAIL: ' &&
	record fail "static checks (exit status $rc)" $(($(date +%s) - s))
took "static checks" $(($(date +%s) - s))
}

section "packaging (Debian packages, dkms) $(skip dkms)"
s=$(date +%s)
if skip dkms >/dev/null; then
	:
elif "$RIG_DIR/package-check.sh"; then
	record ok "Debian packages: build, lintian, contents, dkms build against the test kernel" $(($(date +%s) - s))
else
	record fail "Debian packages: build, lintian, contents, dkms build against the test kernel" $(($(date +%s) - s))
fi
took "dkms" $(($(date +%s) - s))

section "fuzzing in user space ($tier tier) $(skip fuzz)"
s=$(date +%s)
skip fuzz >/dev/null || {
fuzz_secs=${RIG_FUZZ_SECS:-$([ "$tier" = stress ] && echo 300 || echo 30)}
# The canary build reads past a buffer where the fuzzer gets in seconds:
# its run must report a finding (exit 1), or the fuzzing proves nothing.
c=$(date +%s)
out=$(FUZZ_CANARY=1 "$TESTS_DIR/fuzz/run.sh" 60 2>&1)
rc=$?
echo "$out" | tail -n 2
if [ $rc = 1 ] && echo "$out" | grep -q '^FUZZ: FINDING'; then
	record ok "fuzz canary: the run failed with a finding" $(($(date +%s) - c))
else
	record fail "fuzz canary: wanted exit 1 with a finding, got $rc" $(($(date +%s) - c))
fi
c=$(date +%s)
out=$("$TESTS_DIR/fuzz/run.sh" "$fuzz_secs" 2>&1)
rc=$?
echo "$out" | tail -n 12
if [ $rc = 0 ]; then
	record ok "fuzz: KUnit suites on the host, emulator model ${fuzz_secs} s" $(($(date +%s) - c))
else
	record fail "fuzz (rc=$rc): KUnit suites on the host, emulator model ${fuzz_secs} s" $(($(date +%s) - c))
fi
took "fuzzing (canary + ${fuzz_secs} s)" $(($(date +%s) - s))
}

section "modules, selftest programs, initramfs (once for every boot)"
s=$(date +%s)
export RIG_PREPARED=$run/prep
"$RIG_DIR/prepare.sh" debug "$RIG_PREPARED" || rig_die "could not build the modules and the initramfs"
took "modules + initramfs" $(($(date +%s) - s))

# run_queue TAG SCRIPT...: runs the scripts in batches (one VM boot each)
# on the kernel $queue_kernel with the counts of $queue_tier, and the
# rig-args $queue_args added to every script (vm-batch --args); sets
# res_rc[NAME], res_secs[NAME], res_reason[NAME], res_report[NAME].
# queue_tails: scripts that must each end a boot (a canary that taints the
# kernel, which stops its boot): one is added at the end of each boot of
# the next run_queue, the ones left over get boots of their own.
declare -A res_rc res_secs res_reason res_report res_cpu is_tail
nbatch=0 queue_kernel=debug queue_tier=$tier queue_args="" queue_tails=()
run_queue() {
	local tag=$1 queue=() retried=() batch b sum budget line name rc secs reason dir progress busy forks
	shift
	queue=("$@")
	is_tail=()
	for b in "${queue_tails[@]}"; do is_tail[$b]=1; done
	while [ ${#queue[@]} -gt 0 ] || [ ${#queue_tails[@]} -gt 0 ]; do
		if [ "$(elapsed)" -ge $((deadline_min * 60)) ]; then
			for sc in "${queue[@]}" "${queue_tails[@]}"; do
				name=$(basename "$sc" .sh)
				res_rc[$name]=3 res_secs[$name]=0 res_reason[$name]="not run: the run's deadline (${deadline_min} min) passed"
				res_report[$name]=""
			done
			queue_tails=()
			return
		fi
		# Greedy packing by budget; "# rig-boot: own" scenarios boot alone.
		batch=() sum=0
		for sc in "${queue[@]}"; do
			budget=$(rig_budget "$sc" "$queue_tier" 600)
			if grep -q '^# rig-boot: own' "$sc"; then
				[ ${#batch[@]} = 0 ] && batch=("$sc")
				break
			fi
			[ ${#batch[@]} -gt 0 ] && [ $((sum + budget)) -gt "$batch_budget" ] && break
			batch+=("$sc")
			sum=$((sum + budget))
		done
		queue=("${queue[@]:${#batch[@]}}")
		if [ ${#queue_tails[@]} -gt 0 ]; then
			batch+=("${queue_tails[0]}")
			queue_tails=("${queue_tails[@]:1}")
		fi
		nbatch=$((nbatch + 1))
		dir=$run/batch-$nbatch
		echo "---- boot $nbatch ($tag): $(for b in "${batch[@]}"; do basename "$b" .sh; done | xargs)"
		# A canary boot without the leak canary skips the ~35 s of kmemleak
		# scans: each tainting canary ends its boot, so there are several.
		leakscan=()
		[ "$tag" = self-check ] && ! grep -qE '^# rig-expect: .*leak' "${batch[@]}" &&
			leakscan=(--no-kmemleak)
		# No boot may run past the deadline by more than 10 minutes.
		"$RIG_DIR/vm-batch.sh" --kernel "$queue_kernel" --tier "$queue_tier" --out "$dir" "${leakscan[@]}" \
			${queue_args:+--args "$queue_args"} \
			--timeout-cap $((deadline_min * 60 + 600 - $(elapsed))) "${batch[@]}"
		# Scenarios the boot did not reach (an earlier one left the kernel
		# tainted) go first into the next boot, as long as every boot
		# finishes at least one scenario.
		retried=() progress=0
		while read -r name rc secs reason; do
			[ "$rc" != -1 ] && progress=1
		done <"$dir/results"
		while read -r name rc secs reason; do
			if [ "$rc" = -1 ] && [ $progress = 1 ]; then
				for b in "${batch[@]}"; do
					[ "$(basename "$b" .sh)" = "$name" ] || continue
					# A tail not reached still ends a later boot.
					if [ -n "${is_tail[$b]:-}" ]; then
						queue_tails=("$b" "${queue_tails[@]}")
					else
						retried+=("$b")
					fi
				done
				continue
			fi
			[ "$rc" = -1 ] && rc=3
			res_rc[$name]=$rc res_secs[$name]=$secs res_reason[$name]=$reason
			res_report[$name]=$dir/$name.report
		done <"$dir/results"
		queue=("${retried[@]}" "${queue[@]}")
		[ -f "$dir/cpu" ] && while read -r name busy forks; do res_cpu[$name]="$busy $forks"; done <"$dir/cpu"
		if [ -f "$dir/phases" ]; then
			line=$(awk '{ p[$1] = $2 } END { printf "VM %d s, boot to /init %.0f s", p["vm"], p["boot"]
				if ("kmemleak-baseline" in p) printf ", kmemleak baseline %.0f s", p["kmemleak-baseline"] - p["boot"]
				if ("kmemleak-scan" in p && "dump" in p) printf ", final leak scans %.0f s", p["dump"] - p["kmemleak-scan"] }' "$dir/phases")
			took "boot $nbatch ($tag: $(wc -l <"$dir/results") scripts)" "$(awk '$1 == "vm" { print $2 }' "$dir/phases")"
			echo "     $line"
		fi
	done
}

# check_canary SCRIPT LABEL: records whether the canary's run ended as its
# "# rig-expect: rc=N report=REGEX" header says.
check_canary() {
	local sc=$1 label=$2 name expect want_rc want_re got shown=0
	name=$(basename "$sc" .sh)
	expect=$(rig_header "$sc" rig-expect)
	want_rc=$(echo "$expect" | sed -n 's/^rc=\([0-9]*\).*/\1/p')
	want_re=$(echo "$expect" | sed -n 's/^rc=[0-9]* report=//p')
	got=${res_rc[$name]:-none}
	if [ -n "$want_re" ] && [ -f "${res_report[$name]:-}" ] &&
		grep -qE "$want_re" "${res_report[$name]}"; then
		shown=1
	fi
	if [ -z "$want_rc" ]; then
		record fail "$label $name: no '# rig-expect: rc=N report=REGEX' header" 0
	elif [ "$got" = "$want_rc" ] && { [ -z "$want_re" ] || [ $shown = 1 ]; }; then
		record ok "$label $name: run failed with rc=$got${want_re:+, report shown}" "${res_secs[$name]}"
	else
		record fail "$label $name: wanted rc=$want_rc${want_re:+ and /$want_re/}, got rc=$got (${res_reason[$name]:-})" "${res_secs[$name]:-0}"
	fi
}

# why_failed LABEL REPORT: keeps the first lines of a failure's report (its
# failed checks, else the kernel report) for the end of the run, where a CI
# system that shows only the tail of the output still shows why.
why=()
why_failed() {
	local lines
	[ -f "$2" ] || return 0
	lines=$(grep -m 5 '^FAIL: ' "$2")
	[ -n "$lines" ] || lines=$(grep -v '^----' "$2" | head -n 5)
	why+=("$1:" "$(echo "$lines" | cut -c 1-300 | sed 's/^/    /')")
}

# record_queue LABEL SCRIPT...: the result of each script run_queue ran,
# as "LABEL: NAME" in the summary and in the time table.
record_queue() {
	local label=$1 sc name
	shift
	for sc in "$@"; do
		name=$(basename "$sc" .sh)
		if [ "${res_rc[$name]:-x}" = 0 ]; then
			record ok "$label: $name" "${res_secs[$name]}"
		else
			record fail "$label: $name (rc=${res_rc[$name]:-none}: ${res_reason[$name]:-no result})" "${res_secs[$name]:-0}"
			why_failed "$label: $name" "${res_report[$name]:-}"
		fi
		took "  $label $name" "${res_secs[$name]:-0}" "$(cpu_share "$name")"
	done
}

# cpu_share NAME: how busy the VM's two CPUs were during a scenario. A
# script that runs one command after another keeps at most one busy (50 %);
# well under that it waits (timers, windows, sleeps). And how many
# processes it started: on TCG each costs tenths of a second.
cpu_share() {
	[ -n "${res_cpu[$1]:-}" ] && [ "${res_secs[$1]:-0}" -gt 0 ] || return 0
	echo "${res_cpu[$1]} ${res_secs[$1]}" | awk \
		'{ printf "CPUs busy %3.0f %%", 100 * $1 / (2 * $3); if ($2 >= 0) printf ", %5d processes", $2 }'
}

section "rig self-check: every detector must fail its canary's run $(skip selfcheck)"
s=$(date +%s)
skip selfcheck >/dev/null || {
# Canaries that do not taint the kernel (a failing script, a time limit, a
# leak, a hung task) go first: each tainting one ends its boot. A canary for
# another kernel's detector ("# rig-kernel: kcsan") runs with that kernel.
canaries=()
later=()
for sc in "$TESTS_DIR"/selfcheck/*.sh; do
	[ -z "$(rig_header "$sc" rig-kernel)" ] || [ "$(rig_header "$sc" rig-kernel)" = debug ] || continue
	if [[ "$(rig_header "$sc" rig-expect)" =~ ^rc=(1|3)(\ |$)|report=.*(leak|blocked) ]]; then
		canaries+=("$sc")
	else
		later+=("$sc")
	fi
done
# The first tainting canary ends the non-tainting ones' boot; each other
# one ends a boot of the scenarios (queue_tails), where it costs no boot
# of its own, and is judged after them.
canaries+=("${later[@]:0:1}")
# KUnit's modules (tests/kunit/load-suites.sh) run first in this boot, not
# in one of their own; the KUnit step parses them from its log.
kunit_suites=$TESTS_DIR/kunit/load-suites.sh
skip kunit >/dev/null || canaries=("$kunit_suites" "${canaries[@]}")
run_queue self-check "${canaries[@]}"
for sc in "${canaries[@]}"; do
	[ "$sc" = "$kunit_suites" ] || check_canary "$sc" self-check
done
queue_tails=("${later[@]:1}")
took "self-check (canaries of their own boot)" $(($(date +%s) - s))
}

section "KUnit $(skip kunit)"
s=$(date +%s)
skip kunit >/dev/null || {
# In the self-check's boot when that ran (its log), else a boot of its own.
kunit_log=""
[ -n "${res_report[load-suites]:-}" ] && [ -f "$(dirname "${res_report[load-suites]}")/log" ] &&
	kunit_log=$(<"$(dirname "${res_report[load-suites]}")/log")
if [ -n "$kunit_log" ]; then
	out=$("$RIG_DIR/kunit.sh" --log "$kunit_log" 2>&1)
	rc=$?
	[ $rc = 0 ] || cat "${res_report[load-suites]}" 2>/dev/null
else
	out=$("$RIG_DIR/kunit.sh" 2>&1)
	rc=$?
fi
echo "$out" | grep -vE '^\[[0-9:]+\] +(\[PASSED\]|=+ \[PASSED\])' | tail -n 60
ran=$(echo "$out" | sed -n 's/^KUnit: .*reported, \([0-9]*\) test cases.*/\1/p')
if [ $rc = 0 ] && [ -n "$ran" ] && [ "$ran" -gt 0 ]; then
	record ok "kunit: $ran test cases" $(($(date +%s) - s))
else
	record fail "kunit (rc=$rc, ran=${ran:-0})" $(($(date +%s) - s))
fi
took "KUnit" $(($(date +%s) - s))
}

section "scenarios ($tier tier) $(skip scenarios)"
s=$(date +%s)
scenarios=()
skip scenarios >/dev/null && RIG_ONLY='^$'
# The benchmark's guest part (tools/bench/bench-guest.sh) runs as a
# scenario too: its CI-tier counts are a smoke run of every measurement.
for sc in "$TESTS_DIR"/scenarios/*.sh "$TESTS_DIR"/../tools/bench/bench-guest.sh; do
	[ -f "$sc" ] || continue
	name=$(basename "$sc" .sh)
	# Files ending in lib.sh are helpers that scenarios source.
	[[ "$name" == *lib ]] && continue
	[[ -n "${RIG_ONLY:-}" && ! "$name" =~ $RIG_ONLY ]] && continue
	# "# rig-tier: stress": a scenario with a known open defect that fails
	# some runs (its header says which) runs only in the stress tier,
	# unless RIG_ONLY names it.
	[ "$tier" = ci ] && [ -z "${RIG_ONLY:-}" ] &&
		[ "$(rig_header "$sc" rig-tier)" = stress ] && continue
	scenarios+=("$sc")
done
deferred=("${queue_tails[@]}")
run_queue scenarios "${scenarios[@]}"
record_queue scenario "${scenarios[@]}"
for sc in "${deferred[@]}"; do
	check_canary "$sc" self-check
done
took "scenarios ($nbatch boots so far)" $(($(date +%s) - s))

# The HAT's interrupt is falling-edge; a device tree may describe it
# level-low, and the driver then masks the line while it drains the FIFO.
# The stress tier runs the driver scenarios again with the emulator's line
# level-low, with the CI tier's counts (RIG_LEVEL_TIER=stress: the issue-
# sized ones): what differs is the interrupt path, which every scenario
# exercises at its CI counts, and drv-rel-irq-level carries the issue-sized
# counts for that path in the main pass; at the stress counts the pass
# would take about as long as the main pass's driver scenarios (92 of its
# 111 minutes; 18 at CI counts). The CI tier has
# drv-rel-irq-level only, a scenario of its own (rig-args --emu-args
# irq_type=level-low) that shares the scenarios' boots; the level pass
# skips such *-level scenarios.
section "driver scenarios, level-low interrupt ($([ "$tier" = stress ] && echo "${RIG_LEVEL_TIER:-ci}" || echo "$tier") tier counts) $(skip level)"
s=$(date +%s)
level=()
skip level >/dev/null || [ "$tier" != stress ] || for sc in "${scenarios[@]}"; do
	name=$(basename "$sc" .sh)
	[[ "$name" == drv-* ]] && [[ "$name" != *-level ]] || continue
	level+=("$sc")
done
if [ ${#level[@]} -gt 0 ]; then
	res_rc=() res_secs=() res_reason=() res_report=()
	queue_args="--emu-args irq_type=level-low" queue_tier=${RIG_LEVEL_TIER:-ci}
	run_queue level "${level[@]}"
	queue_args="" queue_tier=$tier
	record_queue level "${level[@]}"
fi
took "level-low scenarios" $(($(date +%s) - s))

if [ "$tier" = stress ]; then
section "data races: KCSAN kernel $(skip kcsan)"
s=$(date +%s)
skip kcsan >/dev/null || {
# The canary first (if KCSAN stops catching it, the passes below mean
# nothing), then the data-path scenarios ("# rig-kcsan: yes"). A KCSAN
# report whose stacks name our modules fails a scenario; one entirely in
# core kernel code is listed in its report as not ours and counted here.
kcsan_canaries=() kcsan_scenarios=()
for sc in "$TESTS_DIR"/selfcheck/*.sh; do
	[ "$(rig_header "$sc" rig-kernel)" = kcsan ] && kcsan_canaries+=("$sc")
done
for sc in "$TESTS_DIR"/scenarios/*.sh; do
	[[ -n "$only" && ! "$(basename "$sc" .sh)" =~ $only ]] && continue
	[ "$(rig_header "$sc" rig-kcsan)" = yes ] && kcsan_scenarios+=("$sc")
done
RIG_PREPARED=$run/prep-kcsan
if "$RIG_DIR/prepare.sh" kcsan "$RIG_PREPARED"; then
	took "kcsan: modules + initramfs" $(($(date +%s) - s))
	queue_kernel=kcsan queue_tier=${RIG_KCSAN_TIER:-$tier}
	run_queue kcsan "${kcsan_canaries[@]}" "${kcsan_scenarios[@]}"
	queue_kernel=debug queue_tier=$tier
	for sc in "${kcsan_canaries[@]}"; do
		check_canary "$sc" "kcsan: self-check"
	done
	for sc in "${kcsan_scenarios[@]}"; do
		name=$(basename "$sc" .sh)
		reason=${res_reason[$name]:-no result}
		if [ "${res_rc[$name]:-x}" = 0 ]; then
			[[ "$reason" == *"not ours"* ]] || reason=""
			record ok "kcsan: $name${reason:+ ($reason)}" "${res_secs[$name]}"
		else
			record fail "kcsan: $name (rc=${res_rc[$name]:-none}: $reason)" "${res_secs[$name]:-0}"
		fi
		took "  kcsan $name" "${res_secs[$name]:-0}"
	done
else
	record fail "kcsan: modules and initramfs for the kcsan kernel" $(($(date +%s) - s))
fi
took "data races (kcsan)" $(($(date +%s) - s))
}
fi

section "where the time went ($(elapsed) s in all)"
printf '%s\n' "${times[@]}"
section "summary ($(elapsed) s)"
printf '%s\n' "${summary[@]}"
if [ ${#why[@]} -gt 0 ]; then
	echo "-- why (first lines of each failed scenario's report):"
	printf '%s\n' "${why[@]}"
fi
echo "$passed passed, $failed failed"
[ $failed = 0 ]
