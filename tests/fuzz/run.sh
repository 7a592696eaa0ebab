#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run.sh [SECONDS]: fuzzes the emulator's pure model in user space.
#
# First runs every KUnit suite on the host (tests/unit/run.sh: through
# kunit_host.c under AddressSanitizer and UBSan, ~20 s; the VM run of
# tests/rig/kunit.sh remains the reference), unless FUZZ_UNIT=0 says that
# the caller has just run them (run-all.sh does). Then builds
# tests/fuzz/emu_fuzz.c with the emulator's pure model (rig_pure_sources
# emulator, unmodified, against the
# shim tests/fuzz/include/) under clang with
# libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer, then fuzzes
# for SECONDS (default 60) in one process, starting from the committed seed
# corpus tests/fuzz/corpus/ and the corpus earlier runs grew in
# $RIG_CACHE/fuzz/corpus. Exit status: 0 if nothing was found, 1 for a
# finding (a broken invariant, a sanitizer report, a crash, a timeout or
# running out of memory; the reproducer is kept and printed), 4 for a rig
# error (a package, the build).
#
# FUZZ_CANARY=1 builds the harness with a deliberate heap overrun that the
# fuzzer reaches within seconds: that run must exit 1 (the rig's proof that
# a finding fails the run). Reproduce a finding with
#   $RIG_CACHE/fuzz/<build>/emu_fuzz <reproducer>
set -euo pipefail
. "$(dirname "$0")/../rig/lib.sh"

secs=${1:-60}
[[ "$secs" =~ ^[0-9]+$ ]] && [ "$secs" -gt 0 ] || rig_die "usage: run.sh [SECONDS]"
fuzz_dir=$REPO_DIR/tests/fuzz
canary=${FUZZ_CANARY:-0}
build=$RIG_CACHE/fuzz/build corpus=$RIG_CACHE/fuzz/corpus
if [ "$canary" = 1 ]; then
	build=$RIG_CACHE/fuzz/canary corpus=$RIG_CACHE/fuzz/corpus-canary
fi

# Debian 12: clang-14 with its sanitizer and libFuzzer runtimes.
RIG_PACKAGES="clang-14 libclang-rt-14-dev" rig_install_packages
cc=$(command -v clang-14 || command -v clang) || rig_die "clang is not installed"

# The canary starts from the committed seeds alone every time, so that its
# time to the finding (under a second) does not drift.
[ "$canary" = 1 ] && rm -rf "$corpus"
mkdir -p "$build" "$corpus"
rm -f "$build"/crash-* "$build"/timeout-* "$build"/oom-* "$build"/leak-*
defs=()
[ "$canary" = 1 ] && defs=(-DFUZZ_CANARY)
read -r -a pure <<<"$(rig_pure_sources emulator)"
pure=("${pure[@]/#/$REPO_DIR/}")
t0=$(date +%s)
nice -n 10 "$cc" -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Wall -Wextra -Wno-unused-parameter -Wno-sign-compare -Werror \
	"${defs[@]}" \
	-I "$fuzz_dir/include" -I "$REPO_DIR/emulator" \
	-I "$REPO_DIR/drivers/net/ethernet/tsnlab" \
	"$fuzz_dir/emu_fuzz.c" "${pure[@]}" \
	-o "$build/emu_fuzz" ||
	rig_die "the fuzz harness does not build"

# Every KUnit suite on the host first (tests/unit/run.sh, the fuzz suites
# among them): a failing one is a finding.
if [ "${FUZZ_UNIT:-1}" != 0 ] && ! "$REPO_DIR/tests/unit/run.sh"; then
	echo "FUZZ: FINDING: a KUnit suite fails on the host (tests/unit/run.sh)"
	exit 1
fi
t1=$(date +%s)
what="fuzzing for $secs s"
[ "$canary" = 1 ] && what="$what (CANARY build: must fail)"
rig_log "built $build/emu_fuzz$([ "${FUZZ_UNIT:-1}" != 0 ] && echo " and ran the KUnit suites on the host") in $((t1 - t0)) s; $what"

# One process (-jobs is not used): the machine is shared. New inputs go to
# the cache corpus; the committed seeds are read only.
log=$build/fuzz.log
rc=0
# A smaller quarantine than ASan's 256 MiB: the machine is shared.
export ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=64}
(cd "$build" && nice -n 10 ./emu_fuzz -max_total_time="$secs" -timeout=10 \
	-rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$build/" \
	"$corpus" "$fuzz_dir/corpus") >"$log" 2>&1 || rc=$?
t2=$(date +%s)

grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$log" || true
report=$(grep -nE 'invariant broken|ERROR: (AddressSanitizer|UndefinedBehaviorSanitizer|LeakSanitizer|libFuzzer)|runtime error:|SUMMARY:' "$log" | head -n 10 || true)
repro=$(ls "$build"/crash-* "$build"/timeout-* "$build"/oom-* "$build"/leak-* 2>/dev/null | head -n1 || true)
if [ $rc != 0 ] || [ -n "$report" ] || [ -n "$repro" ]; then
	echo "$report"
	grep -m1 -A 12 -E 'ERROR: AddressSanitizer|runtime error:|invariant broken' "$log" | grep -E '^ *#[0-9]+ ' | head -n 8 || true
	echo "FUZZ: FINDING after $((t2 - t1)) s (libFuzzer exit $rc); reproducer: ${repro:-none}; log: $log"
	exit 1
fi
echo "FUZZ: PASS, $secs s of fuzzing, no finding (build $((t1 - t0)) s, run $((t2 - t1)) s); log: $log"
