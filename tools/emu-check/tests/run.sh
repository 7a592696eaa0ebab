#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run.sh [EMU_CHECK]: emu-check's self-test. Runs the checker on every
# synthetic stream here: good-*.ev must pass (exit 0), bad-*.ev must fail
# with exit 1 and print the text of their "# expect:" line, so each bad
# stream is caught for its own reason. Options for a stream are on its
# "# emu-check-args:" line (file names relative to this folder).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(readlink -f "${1:-$here/../emu-check}")
[ -x "$bin" ] || { echo "emu-check self-test: no checker at $bin (make first)"; exit 2; }
cd "$here" || exit 2
pass=0 fail=0
for ev in good-*.ev bad-*.ev; do
	args=$(sed -n 's/^# emu-check-args: *//p' "$ev")
	expect=$(sed -n 's/^# expect: *//p' "$ev")
	# shellcheck disable=SC2086 # the options split on purpose
	out=$("$bin" $args "$ev" 2>&1)
	rc=$?
	case $ev in
	good-*)
		if [ $rc = 0 ]; then pass=$((pass + 1)); else
			fail=$((fail + 1)); echo "FAIL: $ev: exit $rc, should pass"; echo "$out"; fi ;;
	bad-*)
		if [ $rc != 1 ]; then
			fail=$((fail + 1)); echo "FAIL: $ev: exit $rc, should be 1"; echo "$out"
		elif [ -z "$expect" ] || ! grep -qF -- "$expect" <<<"$out"; then
			fail=$((fail + 1)); echo "FAIL: $ev: failed, but not with '$expect'"; echo "$out"
		else
			pass=$((pass + 1))
		fi ;;
	esac
done
echo "emu-check self-test: $pass passed, $fail failed"
[ $fail = 0 ]
