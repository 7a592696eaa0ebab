#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run.sh: every KUnit suite of the repository on the build host, no VM, in
# seconds. Each KUnit file whose code under test is pure (the driver's
# lan1qtsn_kunit.c and lan1qtsn_fuzz_kunit.c against lan1qtsn_frame.c; the
# emulator's emu_kunit.c and emu_fuzz_kunit.c against its pure model,
# rig_pure_sources in tests/rig/lib.sh) is compiled unmodified with clang
# against the kernel shim tests/fuzz/include/ and the runner
# tests/fuzz/kunit_host.c, under AddressSanitizer and UBSan (no recovery),
# and run. The results are held against tests/kunit/expected-suites, the
# list the VM run (tests/rig/kunit.sh) uses: a listed suite that did not
# run, passed fewer cases than its minimum or failed a case fails this, and
# so does a suite that ran but is not listed. The VM run remains the one
# that checks the kernel build and the module linkage.
# Exit status: 0 all passed, 1 a failure, 4 a rig error (package, build).
set -euo pipefail
. "$(dirname "$0")/../rig/lib.sh"

RIG_PACKAGES="clang-14 libclang-rt-14-dev" rig_install_packages
cc=$(command -v clang-14 || command -v clang) || rig_die "clang is not installed"
inc=$REPO_DIR/tests/fuzz/include
build=$RIG_CACHE/unit
mkdir -p "$build"

# KUnit file -> the code under test it links (a file that #includes the
# code under test, as the fuzz suites may, gets nothing linked twice).
declare -A under=(
	[drivers/net/ethernet/tsnlab/lan1qtsn/lan1qtsn_kunit.c]=driver
	[drivers/net/ethernet/tsnlab/lan1qtsn/lan1qtsn_fuzz_kunit.c]=driver
	[drivers/net/ethernet/tsnlab/lan1qtsn/lan1qtsn_txts_kunit.c]=driver
	[drivers/net/ethernet/tsnlab/lan1qtsn/lan1qtsn_time_kunit.c]=driver
	[drivers/net/ethernet/tsnlab/lan1qtsn/lan1qtsn_gate_kunit.c]=driver
	[drivers/net/ethernet/tsnlab/lan1qtsn/lan1qtsn_cbs_kunit.c]=driver
	[drivers/net/ethernet/tsnlab/lan1qtsn/lan1qtsn_sched_kunit.c]=driver
	[drivers/net/ethernet/tsnlab/lan1qtsn/lan1qtsn_identity_kunit.c]=driver
	[emulator/emu_kunit.c]=emulator
	[emulator/emu_fuzz_kunit.c]=emulator
)
# A KUnit file that is not in the table above fails the run: it would
# otherwise be silently left out.
for k in $(cd "$REPO_DIR" && git ls-files --cached --others --exclude-standard -- \
	'drivers/*_kunit.c' 'emulator/*_kunit.c'); do
	[ -n "${under[$k]:-}" ] || rig_die "$k: add it to tests/unit/run.sh"
done

t0=$(date +%s)
out=$build/results
: >"$out"
failed_files=0
for k in "${!under[@]}"; do
	bin=$build/$(basename "$k" .c)
	units=() incs=(-I "$inc")
	if [ "${under[$k]}" = emulator ]; then
		# The emulator sees the hardware facts, never the driver's folder.
		incs+=(-I "$REPO_DIR/emulator" -I "$REPO_DIR/drivers/net/ethernet/tsnlab")
	fi
	for u in $(rig_pure_sources "${under[$k]}"); do
		grep -q "^#include \"$(basename "$u")\"" "$REPO_DIR/$k" || units+=("$REPO_DIR/$u")
	done
	nice -n 10 "$cc" -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
		-fno-sanitize-recover=all -Wall -Wextra -Wno-unused-parameter \
		-Wno-sign-compare -Wno-format -Werror "${incs[@]}" \
		-DKUNIT_FILE="\"$REPO_DIR/$k\"" "$REPO_DIR/tests/fuzz/kunit_host.c" \
		"${units[@]}" -o "$bin" || rig_die "$k does not build on the host"
	rc=0
	nice -n 10 "$bin" >"$bin.log" 2>&1 || rc=$?
	grep -E '^(not )?ok ' "$bin.log" >>"$out" || true
	if [ $rc != 0 ]; then
		failed_files=$((failed_files + 1))
		grep -vE '^ok ' "$bin.log" | head -n 40
	else
		tail -n1 "$bin.log"
	fi
done

# Per suite: cases passed and failed, from "ok SUITE.CASE" lines.
declare -A s_pass s_fail
while read -r verdict name; do
	s=${name%%.*}
	s_pass[$s]=${s_pass[$s]:-0} s_fail[$s]=${s_fail[$s]:-0}
	if [ "$verdict" = ok ]; then
		s_pass[$s]=$((s_pass[$s] + 1))
	else
		s_fail[$s]=$((s_fail[$s] + 1))
	fi
done < <(sed 's/^not ok /fail /' "$out")
rig_expected_suites "UNIT: suite" < <(for s in "${!s_pass[@]}"; do
	echo "$s ${s_pass[$s]} ${s_fail[$s]}"
done)
bad=$RIG_SUITES_BAD
t1=$(date +%s)
if [ $bad != 0 ] || [ $failed_files != 0 ]; then
	echo "UNIT: FAIL: $bad suites with problems, $failed_files KUnit files failing ($((t1 - t0)) s)"
	exit 1
fi
echo "UNIT: PASS: $RIG_SUITES_LISTED suites, $RIG_SUITES_CASES cases on the host ($((t1 - t0)) s)"
