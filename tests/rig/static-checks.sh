#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# static-checks.sh: checkpatch --strict on our kernel sources, and W=1 +
# sparse (C=2) builds of every module for x86_64 (the test kernel) and arm64
# (the Pi's architecture, against a tree prepared with modules_prepare; the
# driver also against the newest linux-source Debian offers), the
# driver built in with its KUnit suite for both (intree-check.sh), dtc on the
# device-tree overlay, shellcheck on every shell script, no driver header
# included by the emulator or its tests (include-check.sh), and the
# emulator's stream checker (tools/emu-check) built with -Werror and its
# self-test.
# Zero warnings allowed. Prints one PASS/FAIL line per check.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

fails=0 passes=0
pass() { passes=$((passes + 1)); echo "PASS: $*"; }
fail() { fails=$((fails + 1)); echo "FAIL: $*"; }

vm=$("$RIG_DIR/build-kernel.sh" vm) || exit 1
arm=$("$RIG_DIR/build-kernel.sh" arm64) || exit 1
newest=$("$RIG_DIR/build-kernel.sh" newest-arm64) || exit 1
src=$(rig_source_dir)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# checkpatch: every C source and header of ours that goes into a module.
# The vendor folder's own headers (lan1qtsn_hw.h) are part of every module.
files=$(cd "$REPO_DIR" && for d in $(rig_module_dirs); do
	git ls-files --cached --others --exclude-standard -- "$d/*.c" "$d/*.h"
done
git ls-files --cached --others --exclude-standard -- ':(glob)drivers/net/ethernet/tsnlab/*.h')
out=$(cd "$REPO_DIR" && "$src/scripts/checkpatch.pl" --strict --no-tree --quiet \
	--show-types -f $files 2>&1)
if [ -z "$out" ]; then
	pass "checkpatch --strict ($(echo "$files" | wc -w) files)"
else
	echo "$out"
	fail "checkpatch --strict"
fi

# Facts shared, logic written twice: the emulator and its tests include
# no header of the driver's folder (include-check.sh).
if out=$("$RIG_DIR/include-check.sh" 2>&1); then
	pass "${out#PASS: }"
else
	echo "$out"
	fail "include-check: a driver header in the emulator or its tests"
fi

# W=1 and sparse: any compiler or sparse warning fails. Without a full
# arm64 build there is no Module.symvers, so modpost cannot resolve kernel
# symbols there: KBUILD_MODPOST_WARN turns that into warnings, which are
# the only ones filtered out.
modpost_re='modpost: "[^"]+" \[.*\] undefined!|Module.symvers is missing|Symbol version dump|You may get many unresolved symbol errors|You can set KBUILD_MODPOST_WARN=1|modpost: suppressed [0-9]+ unresolved symbol warnings'
build_check() { # name kbuild [make args]; the module folders: $check_dirs
	local name=$1 kb=$2 d log warn
	shift 2
	rig_stage_tree "$stage"
	for d in $check_dirs; do
		log=$stage/check.log
		if ! make -C "$kb" M="$stage/$d" -j"$RIG_JOBS" W=1 C=2 \
			CONFIG_LAN1QTSN=m CONFIG_LAN1QTSN_KUNIT_TEST=m "$@" modules >"$log" 2>&1; then
			cat "$log"
			fail "$name build of $d"
			continue
		fi
		warn=$(grep -iE 'warning|error' "$log" | grep -vE "$modpost_re" || true)
		if [ -n "$warn" ]; then
			echo "$warn"
			fail "$name W=1 + sparse: $d"
		else
			pass "$name W=1 + sparse: $d"
		fi
	done
}
check_dirs=$(rig_module_dirs)
build_check x86_64 "$vm"
build_check arm64 "$arm" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- KBUILD_MODPOST_WARN=1
# The driver (not the emulator and test modules, which serve the 6.12 test
# kernel only) against the newest kernel source Debian offers, for the Pi's
# architecture: what lan1qtsn_compat.h bridges must stay enough.
check_dirs=drivers/net/ethernet/tsnlab/lan1qtsn
build_check "arm64 $(cut -d' ' -f2 "$newest/.rig-version")" "$newest" ARCH=arm64 \
	CROSS_COMPILE=aarch64-linux-gnu- KBUILD_MODPOST_WARN=1

# The driver built in, with its KUnit suite, as in a Raspberry Pi kernel
# (intree-check.sh): W=1 + sparse, the folder linked whole, and for x86_64
# the kernel linked.
for a in x86_64 arm64; do
	if out=$("$RIG_DIR/intree-check.sh" "$a" 2>&1); then
		pass "$(echo "$out" | tail -n1 | sed 's/^PASS: //')"
	else
		echo "$out"
		fail "$a in-tree built-in build"
	fi
done

# The Pi's missing qdiscs (tools/pi/tsn-qdiscs.sh, docs/install.md): taprio,
# cbs and etf built out of tree from the 6.12 source, as on a Pi against its
# headers, for arm64 (--all: this tree has them; modpost warns as above).
qd=$(mktemp -d)
if out=$(cd "$qd" && ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- KBUILD_MODPOST_WARN=1 \
	"$REPO_DIR/tools/pi/tsn-qdiscs.sh" --src "$src" --kdir "$arm" --no-install --all 2>&1) &&
	[ "$(ls "$qd"/tsn-qdiscs-build/sch_{taprio,cbs,etf}.ko | wc -l)" = 3 ]; then
	pass "tools/pi/tsn-qdiscs.sh: sch_taprio, sch_cbs, sch_etf built out of tree for arm64"
else
	echo "$out" | grep -vE "$modpost_re" | tail -n 20
	fail "tools/pi/tsn-qdiscs.sh: the out-of-tree qdisc build"
fi
rm -rf "$qd"

# Every shell script of the rig, the scenarios and the tools, through shellcheck
# (warnings and errors; the guest's init is busybox sh, checked as dash).
sh_files=$(cd "$REPO_DIR" && { git ls-files --cached --others --exclude-standard -- '*.sh' .ci/run
	echo tests/rig/guest/init; } | sort -u)
out=$(cd "$REPO_DIR" && shellcheck -S warning $sh_files 2>&1)
if [ -z "$out" ]; then
	pass "shellcheck ($(echo "$sh_files" | wc -w) scripts)"
else
	echo "$out"
	fail "shellcheck"
fi

# The VM's init is busybox sh and sources the guest library: both must
# parse there (bash-only helpers live in guest/snap.sh).
out=$(cd "$REPO_DIR/tests/rig/guest" && busybox sh -n init 2>&1 && busybox sh -n lib.sh 2>&1)
if [ -z "$out" ]; then
	pass "busybox sh parses the guest's init and lib.sh"
else
	echo "$out"
	fail "busybox sh cannot parse the guest's init or lib.sh"
fi

# rig_snap into a name that is not an associative array where it runs (a
# caller's local shadowed by one of rig_snap's own once turned every
# counter key into arithmetic: "a.tx_frames: syntax error") fails by name;
# so does one of its own locals' names; an associative array is filled (no
# board, no netdev here: empty).
out=$(cd "$REPO_DIR/tests/rig/guest" && bash -c '. ./lib.sh; . ./snap.sh
	EMU_DEBUGFS=/nonexistent NS_A_DEV="" NS_B_DEV=""
	probe() { local -A f; rig_snap f; }
	rig_snap undeclared_name; echo "rc=$?"; probe; echo "rc=$?"
	declare -A good; rig_snap good; echo "rc=$? fails=$RIG_FAILS"' 2>&1 |
	sed 's/ \[[0-9.]* s\]$//')
if [ "$out" = "FAIL: rig_snap: undeclared_name is not an associative array here
rc=1
FAIL: rig_snap: f is not an associative array here
rc=1
rc=0 fails=2" ]; then
	pass "rig_snap refuses a name that is not an associative array in its scope"
else
	echo "$out"
	fail "rig_snap's associative-array guard"
fi

# Every script's environment headers are what vm-batch.sh takes: a bad one
# fails only the tier that reads it, and only when it runs.
bad=""
for sc in "$REPO_DIR"/tests/scenarios/*.sh "$REPO_DIR"/tests/selfcheck/*.sh; do
	for t in ci stress; do
		rig_env_ok "$(rig_header "$sc" "rig-$t-env")" || bad="$bad ${sc##*/}:$t"
	done
done
if [ -z "$bad" ]; then
	pass "scenario environment headers (rig-ci-env, rig-stress-env)"
else
	fail "scenario environment headers: VAR=VALUE words without quotes, spaces or \$:$bad"
fi

# ... and agree with the scripts: rig-ci-env is each script's own default,
# every rig-stress-env variable is read (env-check.sh). Its canary, a
# scenario whose default is not its CI count and whose stress environment
# sets a name nothing reads, must give exactly those two complaints.
if out=$("$RIG_DIR/env-check.sh" "$REPO_DIR"/tests/scenarios/*.sh "$REPO_DIR"/tests/selfcheck/*.sh 2>&1); then
	pass "scenario defaults are their rig-ci-env; every rig-stress-env variable is read"
else
	echo "$out"
	fail "scenario defaults against rig-ci-env and rig-stress-env (env-check.sh)"
fi
printf '%s\n' '# rig-ci-env: CANARY_COUNT=3' '# rig-stress-env: CANARY_COUNT=30 CANARY_MISSPELT=1' \
	'n=${CANARY_COUNT:-5}' >"$stage/env-canary.sh"
out=$("$RIG_DIR/env-check.sh" "$stage/env-canary.sh" 2>&1)
if [ $? = 1 ] && [ "$(echo "$out" | grep -c "CANARY_COUNT=3, but the script's default is '5'\|sets CANARY_MISSPELT, which")" = 2 ]; then
	pass "env-check.sh canary: a wrong default and an unread stress variable both reported"
else
	echo "$out"
	fail "env-check.sh canary (a wrong default, an unread stress variable) not reported as such"
fi

# rig_stream_start/rig_stream_stop against a stand-in for the emulator's
# debugfs (its ring already drained, nothing queued): a stream whose first
# record is numbered before the next_seq seen at the start (a stale record
# from an earlier reader's time) must fail as such; one that begins at it
# must pass. The VM never shows the first, since the drain prevents it.
# streamcheck FIRST_SEQ LOST_AT_START LOST_AT_STOP: records the ring dropped
# before the start (an earlier phase's, no reader attached) are not the
# stream's; one dropped after it is.
streamcheck() {
	mkdir -p "$stage/emu"
	printf '%s\n' 'written 5' 'read 5' 'next_seq 100' 'queued 0' "lost $2" >"$stage/emu/events_status"
	echo "$1 123456 tx board 0" >"$stage/emu/events"
	(cd "$REPO_DIR/tests/rig/guest" && bash -c '. ./lib.sh; EMU_DEBUGFS=$1
		rig_stream_start "$2" >/dev/null
		sed -i "s/^lost .*/lost $3/" "$1/events_status"
		rig_stream_stop; echo "fails=$RIG_FAILS"' _ "$stage/emu" "$stage/stream.txt" "$3" 2>/dev/null |
		sed 's/ \[[0-9.]* s\]$//')
}
out="$(streamcheck 99 0 0)
$(streamcheck 100 0 0)
$(streamcheck 100 7 7)
$(streamcheck 100 7 9)"
if [ "$out" = "PASS: the stream lost nothing (records dropped since its start) (0)
FAIL: the stream holds no record from before its start (first sequence number): expected >= 100, got '99'
fails=1
PASS: the stream lost nothing (records dropped since its start) (0)
PASS: the stream holds no record from before its start (first sequence number) (100 >= 100)
fails=0
PASS: the stream lost nothing (records dropped since its start) (0)
PASS: the stream holds no record from before its start (first sequence number) (100 >= 100)
fails=0
FAIL: the stream lost nothing (records dropped since its start): expected '0', got '2'
PASS: the stream holds no record from before its start (first sequence number) (100 >= 100)
fails=1" ]; then
	pass "rig_stream_stop fails a stale first record and records dropped since its start, passes drops from before it"
else
	echo "$out"
	fail "rig_stream_stop's checks (a stale record at the stream's head; records dropped since the start, not before)"
fi

# vm-verdict.py's rule for which KCSAN reports fail a scenario (ours) and
# which are core kernel races (kcsan-ours-check.py).
if out=$("$RIG_DIR/kcsan-ours-check.py" 2>&1); then
	pass "${out#PASS: }"
else
	echo "$out"
	fail "vm-verdict.py kcsan_ours (kcsan-ours-check.py)"
fi

# The emulator's stream checker (tools/emu-check) builds warning-free and
# its self-test passes: good synthetic streams pass, each bad one fails for
# its own reason.
ec=$stage/emu-check
if out=$(cc -O2 -std=gnu11 -Wall -Wextra -Werror -o "$ec" \
	"$REPO_DIR/tools/emu-check/emu-check.c" 2>&1 &&
	"$REPO_DIR/tools/emu-check/tests/run.sh" "$ec" 2>&1); then
	pass "$(echo "$out" | tail -n1)"
else
	echo "$out"
	fail "tools/emu-check build and self-test"
fi

# The HAT's device-tree overlays compile without a dtc warning, apply to a
# Pi-like base (fdtoverlay), and keep what dts/README.overlay says
# (tests/rig/overlay-check.py); its canary, a README with a wrong default,
# must fail.
ovdir=$(mktemp -d)
dtc -@ -q -I dts -O dtb -o "$ovdir/base.dtb" "$RIG_DIR/overlay/pi-base.dts"
for dts in "$REPO_DIR"/dts/*-overlay.dts; do
	[ -f "$dts" ] || continue
	name=$(basename "$dts" -overlay.dts)
	out=$(dtc -@ -I dts -O dtb -o "$ovdir/$name.dtbo" "$dts" 2>&1)
	if [ -z "$out" ]; then pass "dtc: $(basename "$dts")"; else echo "$out"; fail "dtc: $(basename "$dts")"; fi
	if ! out=$(fdtoverlay -i "$ovdir/base.dtb" -o "$ovdir/$name-merged.dtb" "$ovdir/$name.dtbo" 2>&1); then
		echo "$out"
		fail "fdtoverlay: $name applies to a Pi-like base"
		continue
	fi
	while read -r line; do
		case $line in
		PASS:*) pass "overlay ${line#PASS: }" ;;
		FAIL:*) fail "overlay ${line#FAIL: }" ;;
		*) echo "$line" ;;
		esac
	done < <("$RIG_DIR/overlay-check.py" "$ovdir/$name.dtbo" "$name" "$REPO_DIR/dts/README.overlay" \
		"$ovdir/base.dtb" "$ovdir/$name-merged.dtb" 2>&1)
done
sed 's/(default 23)/(default 24)/' "$REPO_DIR/dts/README.overlay" >"$ovdir/README.canary"
if "$RIG_DIR/overlay-check.py" "$ovdir/lan1qtsn.dtbo" lan1qtsn "$ovdir/README.canary" \
	"$ovdir/base.dtb" "$ovdir/lan1qtsn-merged.dtb" >"$ovdir/canary.log" 2>&1; then
	cat "$ovdir/canary.log"
	fail "overlay-check canary: a wrong documented int_pin default passed"
else
	pass "overlay-check canary: a wrong documented default fails ($(grep -c '^FAIL' "$ovdir/canary.log") FAIL)"
fi
rm -rf "$ovdir"

# The binding against the device-tree meta-schema (dt-doc-validate, with the
# kernel's bindings for its $refs). Debian 12's dt-schema (2022.08) is older
# than 6.12's minimum (2023.9) and its dt-mk-schema fails on 6.12's
# bindings, so the examples cannot be validated here. Canary: the binding
# without its title must fail.
bdir=$(mktemp -d)
cp -r "$src/Documentation/devicetree/bindings" "$bdir/"
binding=Documentation/devicetree/bindings/net/tsnlab,lan1qtsn.yaml
cp "$REPO_DIR/$binding" "$bdir/bindings/net/"
if out=$(cd "$bdir/bindings" && dt-doc-validate -u "$bdir/bindings" net/tsnlab,lan1qtsn.yaml 2>&1) && [ -z "$out" ]; then
	pass "dt-doc-validate: $binding"
else
	echo "$out"
	fail "dt-doc-validate: $binding"
fi
sed -i 's/^title:/titl:/' "$bdir/bindings/net/tsnlab,lan1qtsn.yaml"
if (cd "$bdir/bindings" && dt-doc-validate -u "$bdir/bindings" net/tsnlab,lan1qtsn.yaml) >/dev/null 2>&1; then
	fail "dt-doc-validate canary: a binding without a title passed"
else
	pass "dt-doc-validate canary: a binding without a title fails"
fi
rm -rf "$bdir"

# Every line the driver logs is explained in docs/troubleshooting.md
# (logdoc-check.py); its canary, a source with an undocumented line, must
# fail.
drv_sources=$(cd "$REPO_DIR" && git ls-files --cached --others --exclude-standard -- \
	'drivers/net/ethernet/tsnlab/lan1qtsn/*.c' | grep -v '_kunit\.c$')
out=$(cd "$REPO_DIR" && "$RIG_DIR/logdoc-check.py" docs/troubleshooting.md $drv_sources 2>&1)
if [ $? = 0 ]; then
	pass "docs/troubleshooting.md explains every driver log line ($(grep -c '^PASS' <<<"$out"))"
else
	grep -v '^PASS' <<<"$out"
	fail "docs/troubleshooting.md explains every driver log line"
fi
canary=$(mktemp --suffix=.c)
printf 'dev_warn(dev, "canary line that nobody documented\\n");\n' >"$canary"
if "$RIG_DIR/logdoc-check.py" "$REPO_DIR/docs/troubleshooting.md" "$canary" >/dev/null 2>&1; then
	fail "logdoc-check canary: an undocumented log line passed"
else
	pass "logdoc-check canary: an undocumented log line fails"
fi
rm -f "$canary"

# The demo's plotting (tools/demo/plot.py) on a recorded log: the figures
# must be the recorded ones and the PNGs written; its canaries: a log
# without board 1's pulses or without the CBS frames must fail, a frame
# moved out of its gate must be counted.
pdir=$(mktemp -d)
fixture=$REPO_DIR/tools/demo/tests/demo-blocks.log
pngs="$pdir/taprio.png $pdir/cbs-rate.png $pdir/ptp-offset.png"
if "$REPO_DIR/tools/demo/plot.py" "$fixture" "$pdir" >"$pdir/out" 2>&1 &&
	cmp -s "$pdir/summary.txt" "${fixture%.log}.summary" && ls $pngs >/dev/null &&
	[ "$(find $pngs -size +10k | wc -l)" = 3 ]; then
	pass "demo plot: recorded log -> the recorded figures and the three PNGs"
else
	cat "$pdir/out"
	diff "${fixture%.log}.summary" "$pdir/summary.txt"
	fail "demo plot: recorded log -> the recorded figures and the three PNGs"
fi
for block in DEMO-PPS1 DEMO-CBS-FRAMES; do
	grep -v "$block" "$fixture" >"$pdir/canary.log"
	if "$REPO_DIR/tools/demo/plot.py" "$pdir/canary.log" "$pdir/canary" >/dev/null 2>&1; then
		fail "demo plot canary: a log without $block passed"
	else
		pass "demo plot canary: a log without $block fails"
	fi
done
# A class-0 frame moved 400 us on (into class 1's gate) must be named.
awk '/DEMO-TAPRIO-FRAMES-BEGIN/ { f = 1; print; next }
	f && $1 == 0 { $2 = sprintf("%.0f", $2 + 40000); $3 = sprintf("%.0f", $3 + 40000); f = 0 } { print }' "$fixture" >"$pdir/canary.log"
if "$REPO_DIR/tools/demo/plot.py" "$pdir/canary.log" "$pdir/canary" >/dev/null 2>&1 &&
	grep -q "outside their class's gate (this fold): 1;" "$pdir/canary/summary.txt"; then
	pass "demo plot canary: a frame outside its gate is counted"
else
	fail "demo plot canary: a frame outside its gate is not counted"
fi
rm -rf "$pdir"

# The benchmark's report (tools/bench/report.py) on recorded records (a
# reduced full run, `bench.sh --sizes 1472 --scale-hz 31000000`: every
# kind of record): the recorded table and the three PNGs; its canaries:
# records cut short (no "BENCH done") and records without the TCP run must
# fail.
bdir=$(mktemp -d)
fixture=$REPO_DIR/tools/bench/tests/bench-records.log
pngs="$bdir/throughput.png $bdir/bus-use.png $bdir/scaling.png"
if "$REPO_DIR/tools/bench/report.py" "$fixture" "$bdir" >"$bdir/out" 2>&1 &&
	cmp -s "$bdir/table.txt" "${fixture%.log}.table" && ls $pngs >/dev/null &&
	[ "$(find $pngs -size +5k | wc -l)" = 3 ] && [ -s "$bdir/bench.json" ]; then
	pass "bench report: recorded records -> the recorded table, bench.json and the three PNGs"
else
	cat "$bdir/out"
	diff "${fixture%.log}.table" "$bdir/table.txt"
	fail "bench report: recorded records -> the recorded table, bench.json and the three PNGs"
fi
for cut in '^BENCH done' '^BENCH tcp'; do
	grep -v "$cut" "$fixture" >"$bdir/canary.log"
	if "$REPO_DIR/tools/bench/report.py" "$bdir/canary.log" "$bdir/canary" >/dev/null 2>&1; then
		fail "bench report canary: records without '$cut' passed"
	else
		pass "bench report canary: records without '$cut' fail"
	fi
done
rm -rf "$bdir"

echo "static checks: $passes passed, $fails failed"
[ $fails = 0 ]
