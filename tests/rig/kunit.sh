#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kunit.sh [--log LOG]: boots the test VM, loads every *_kunit.ko module of
# the repo (tests/kunit/load-suites.sh; the suites run at load) and parses
# their KTAP output with the kernel's own kunit.py. Exit status 0 only if
# every suite ran and passed, and every suite of tests/kunit/expected-suites
# ran with at least its number of cases.
# --log LOG: no boot of its own; parses the console LOG of a batch boot
# (vm-batch.sh) in which load-suites.sh ran beside other scripts (run-all.sh
# runs it in the self-check's boot), where it must have passed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

src=$(rig_source_dir)
mkdir -p "$RIG_CACHE/logs"
if [ "${1:-}" = --log ]; then
	log=${2:-}
	[ -r "$log" ] || rig_die "no log '$log'"
	grep -q '^RIG-SCENARIO-END: load-suites rc=0 ' "$log" ||
		rig_die "load-suites did not pass in the boot of $log"
else
	log=$RIG_CACHE/logs/kunit-$(date +%Y%m%d-%H%M%S).log
	rc=0
	RIG_LOGFILE=$log "$RIG_DIR/vm-run.sh" "$REPO_DIR/tests/kunit/load-suites.sh" >/dev/null || rc=$?
	if [ $rc != 0 ]; then
		sed -n '/RIG-SCRIPT-BEGIN/,/RIG-SCRIPT-END/p' "$log"
		grep -E -A 30 'BUG:|WARNING:|KASAN' "$log" | head -n 80 || true
		rig_die "the KUnit VM run failed (rc=$rc, log: $log)"
	fi
fi
grep -q '^KUNIT-MODULES: [1-9]' "$log" || rig_die "no KUnit module was found"

# The kernel log of load-suites.sh alone: from the init's RIG-BEGIN marker
# before it to its RIG-END (other scripts may share the boot; the kernel
# printed an empty KTAP document at boot, no built-in suites).
kmsg=$log.kunit
sed -n '/RIG-DMESG-BEGIN/,/RIG-DMESG-END/p' "$log" |
	sed -n '/RIG-BEGIN load-suites$/,/RIG-END load-suites rc=/p' >"$kmsg"
[ -s "$kmsg" ] || rig_die "no kernel log between load-suites' markers in $log"
# Every module prints its own KTAP document: one file per document, each
# parsed.
rm -f "$log".ktap.*
awk -v base="$log.ktap." '
		/^\[ *[0-9.]+\] KTAP version/ { n++ }
		n { print > (base n) }' "$kmsg"
total=0 failed=0 docs=0
for doc in "$log".ktap.*; do
	[ -f "$doc" ] || continue
	docs=$((docs + 1))
	out=$(python3 "$src/tools/testing/kunit/kunit.py" parse "$doc") || failed=$((failed + 1))
	echo "$out"
	ran=$(echo "$out" | sed -n 's/.*Ran \([0-9]*\) tests.*/\1/p' | tail -n1)
	total=$((total + ${ran:-0}))
done
modules=$(sed -n 's/^KUNIT-MODULES: //p' "$log")
echo "KUnit: $docs of $modules modules reported, $total test cases, $failed modules with failures"

# Every suite listed in tests/kunit/expected-suites must have run with at
# least its number of passing cases and no failure, and every suite that ran
# must be listed: a module that stops being built (emulator/Makefile builds
# lan1qtsn_emu_kunit.ko only when CONFIG_KUNIT is set) or a suite that loses
# cases fails here instead of passing with fewer tests. The counts come from
# KUnit's own per-suite line "# NAME: pass:P fail:F skip:S total:T".
declare -A s_total
while read -r name p f sk t; do
	s_total[$name]=$t
	echo "$name $p $f $sk skipped of $t"
done < <(sed -n 's/^\[ *[0-9.]*\] # \([A-Za-z0-9_]*\): pass:\([0-9]*\) fail:\([0-9]*\) skip:\([0-9]*\) total:\([0-9]*\)$/\1 \2 \3 \4 \5/p' "$kmsg" |
	grep -v '^Totals ') >"$log.suites"
rig_expected_suites "KUnit suite" <"$log.suites"
suites_bad=$RIG_SUITES_BAD
echo "KUnit suites: $RIG_SUITES_LISTED expected, ${#s_total[@]} reported, $suites_bad with problems"
[ "$docs" = "$modules" ] && [ $failed = 0 ] && [ $total -gt 0 ] && [ $suites_bad = 0 ]
