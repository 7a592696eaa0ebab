# SPDX-License-Identifier: GPL-2.0
# Shared settings of the test rig; sourced by the rig's scripts.
# shellcheck shell=bash

RIG_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$RIG_DIR/../.." && pwd)
# Built kernels live outside the repository so that a fresh clone reuses them.
RIG_CACHE=${LAN1QTSN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lan1qtsn}
RIG_JOBS=${RIG_JOBS:-$(nproc)}

rig_log() { printf '[rig %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
# Rig errors (a build, a package, a usage error) exit 4, so that they are
# never mistaken for a failed scenario (1), a kernel report (2) or a hang (3).
rig_die() { rig_log "ERROR: $*"; exit 4; }

# Debian packages the rig needs (host side). Installed on demand.
RIG_PACKAGES="linux-source-6.12 build-essential flex bison bc libelf-dev
libssl-dev cpio kmod python3 perl xz-utils rsync qemu-system-x86
busybox-static iproute2 arping iputils-ping ethtool linuxptp iperf3 tcpdump
sparse gcc-aarch64-linux-gnu libc6-dev-arm64-cross device-tree-compiler dkms
isochron shellcheck git debhelper dh-dkms lintian dt-schema gnuplot-nox"

rig_install_packages() {
	local missing="" p
	for p in $RIG_PACKAGES; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	rig_log "installing Debian packages:$missing"
	[ "$(id -u)" = 0 ] || rig_die "need root to install:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq || rig_die "apt-get update failed"
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
		rig_die "apt-get install failed for:$missing"
}

# rig_header FILE KEY: the value of a script's "# KEY: value" header line.
rig_header() { sed -n "s/^# $2: //p" "$1" | head -n1; }

# rig_env_ok ENV: ENV (a "# rig-ci-env:" or "# rig-stress-env:" value) is
# what the VM's init can take: VAR=VALUE words without quotes, spaces or $
# (a list goes comma-separated).
rig_env_ok() {
	[[ "$1" =~ ^([A-Za-z_][A-Za-z0-9_]*=[^\ \'\"\$\`]*\ *)*$ ]]
}

# rig_budget SCRIPT TIER DEFAULT: the script's time limit inside the VM in
# that tier ("# rig-stress-budget:" in the stress tier, else "# rig-budget:").
rig_budget() {
	local b=""
	[ "$2" = stress ] && b=$(rig_header "$1" rig-stress-budget)
	[ -n "$b" ] || b=$(rig_header "$1" rig-budget)
	echo "${b:-$3}"
}

rig_source_version() {
	dpkg-query -W -f='${Version}' linux-source-6.12
}

# The extracted, pristine kernel source, shared by every build directory.
rig_source_dir() {
	local ver dir
	ver=$(rig_source_version) || rig_die "linux-source-6.12 is not installed"
	dir=$RIG_CACHE/src-$ver
	if [ ! -f "$dir/.extracted" ]; then
		rig_log "extracting linux-source-6.12 $ver into $dir"
		rm -rf "$dir" "$dir.tmp"
		mkdir -p "$dir.tmp"
		tar -xf /usr/src/linux-source-6.12.tar.xz -C "$dir.tmp" ||
			rig_die "extracting the kernel source failed"
		mv "$dir.tmp/linux-source-6.12" "$dir" && rmdir "$dir.tmp"
		touch "$dir/.extracted"
	fi
	echo "$dir"
}

# rig_newest_source_dir: the newest linux-source Debian offers (its
# unstable suite, read through a private apt configuration in the cache: the
# machine's own sources stay as they are), extracted once per version.
# Prints the directory; its version is in .rig-version there.
rig_newest_source_dir() {
	local apt=$RIG_CACHE/sid-apt pkg ver dir deb
	local -a opts
	rig_sid_apt opts
	pkg=$(apt-cache "${opts[@]}" search --names-only '^linux-source-[0-9.]+$' |
		awk '{print $1}' | sort -V | tail -n1)
	[ -n "$pkg" ] || rig_die "Debian unstable lists no linux-source package"
	ver=$(apt-cache "${opts[@]}" show "$pkg" | sed -n 's/^Version: //p' | sort -V | tail -n1)
	dir=$RIG_CACHE/src-newest-$ver
	if [ ! -f "$dir/.rig-version" ]; then
		rig_log "fetching $pkg $ver from Debian unstable into $dir"
		rm -rf "$dir" "$dir.tmp" "$apt/deb"
		mkdir -p "$dir.tmp" "$apt/deb"
		(cd "$apt/deb" && apt-get "${opts[@]}" -qq download "$pkg=$ver" >&2) ||
			rig_die "downloading $pkg $ver failed"
		deb=$(ls "$apt/deb"/*.deb)
		dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$pkg.tar.xz" |
			tar -xJ -C "$dir.tmp" || rig_die "extracting $pkg failed"
		mv "$dir.tmp/$pkg" "$dir" && rmdir "$dir.tmp"
		rm -rf "$apt/deb"
		echo "$pkg $ver" >"$dir/.rig-version"
	fi
	echo "$dir"
}

# rig_sid_apt ARRAY: ARRAY holds the apt options of a private
# configuration that reads Debian unstable (in the cache, the machine's own
# sources untouched), its package lists freshly updated.
rig_sid_apt() {
	local -n o_=$1
	local apt=$RIG_CACHE/sid-apt
	o_=(-o "Dir::Etc::sourcelist=$apt/sources.list" -o Dir::Etc::sourceparts=-
		-o "Dir::State::lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o Debug::NoLocking=1
		-o APT::Sandbox::User=root)
	mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main" \
		>"$apt/sources.list"
	apt-get "${o_[@]}" -qq update >&2 || rig_die "cannot read Debian unstable's package lists"
}

# rig_newest_ethtool: the path of Debian unstable's ethtool, downloaded
# once into the cache (its binary needs only libc6 >= 2.34 and libmnl0,
# which Debian 12 has). The test VM carries it as ethtool-newest: Debian
# 12's ethtool (6.1) cannot show the timestamping statistics (ethtool -I
# -T, get_ts_stats).
rig_newest_ethtool() {
	local dir=$RIG_CACHE/ethtool-newest tmp
	local -a opts
	if [ ! -x "$dir/ethtool" ]; then
		rig_sid_apt opts
		rm -rf "$dir" "$dir.tmp"
		mkdir -p "$dir.tmp"
		(cd "$dir.tmp" && apt-get "${opts[@]}" -qq download ethtool >&2) ||
			rig_die "downloading Debian unstable's ethtool failed"
		tmp=$(ls "$dir.tmp"/ethtool_*.deb)
		dpkg-deb --fsys-tarfile "$tmp" | tar -xO ./usr/sbin/ethtool >"$dir.tmp/ethtool" ||
			rig_die "extracting ethtool from $tmp failed"
		chmod 0755 "$dir.tmp/ethtool"
		basename "$tmp" >"$dir.tmp/version"
		rm -f "$tmp"
		mv "$dir.tmp" "$dir"
	fi
	echo "$dir/ethtool"
}

# Cache key: the source version, the config fragments and the compiler.
rig_key() {
	local cc=$1
	shift
	{ rig_source_version; "$cc" --version | head -n1; cat "$@"; } |
		sha256sum | cut -c1-16
}

# rig_stage_tree DEST: a copy of the working tree without .git and build
# products, so that builds and checks never disturb a developer's own
# objects and always start clean.
rig_stage_tree() {
	mkdir -p "$1"
	rsync -a --delete --exclude .git --exclude '*.o' --exclude '*.ko' \
		--exclude '*.mod' --exclude '*.mod.c' --exclude '.*.cmd' \
		--exclude Module.symvers --exclude modules.order --exclude '*.a' \
		"$REPO_DIR"/ "$1"/
}

# rig_expected_suites LABEL: checks the KUnit suites that ran, read from
# stdin as "NAME PASSED FAILED [NOTE...]" lines, against
# tests/kunit/expected-suites: every listed suite ran with at least its
# minimum of passing cases and none failing, and every suite that ran is
# listed (a module that stops being built, or a suite that loses cases,
# fails here instead of passing with fewer tests). Prints one line per
# suite, starting with LABEL. Sets RIG_SUITES_BAD (suites with a problem),
# RIG_SUITES_LISTED and RIG_SUITES_CASES (cases run by listed suites).
# shellcheck disable=SC2034 # the RIG_SUITES_* results are the callers'
rig_expected_suites() {
	local label=$1 name p f note min verdict
	local -A pass=() fail=() notes=() listed=()
	while read -r name p f note; do
		pass[$name]=$p fail[$name]=$f notes[$name]=$note
	done
	RIG_SUITES_BAD=0 RIG_SUITES_CASES=0
	while read -r name min _; do
		case "$name" in '' | '#'*) continue ;; esac
		listed[$name]=1
		if [ -z "${pass[$name]:-}" ]; then
			echo "$label $name: MISSING (expected >= $min passing cases)"
			RIG_SUITES_BAD=$((RIG_SUITES_BAD + 1))
			continue
		fi
		verdict=ok
		[ "${pass[$name]}" -ge "$min" ] || verdict="TOO FEW CASES"
		[ "${fail[$name]}" = 0 ] || verdict=FAILED
		[ "$verdict" = ok ] || RIG_SUITES_BAD=$((RIG_SUITES_BAD + 1))
		RIG_SUITES_CASES=$((RIG_SUITES_CASES + pass[$name] + fail[$name]))
		echo "$label $name: ${pass[$name]} passed, ${fail[$name]} failed${notes[$name]:+, ${notes[$name]}} (expected >= $min passing): $verdict"
	done <"$REPO_DIR/tests/kunit/expected-suites"
	for name in "${!pass[@]}"; do
		[ -n "${listed[$name]:-}" ] && continue
		echo "$label $name: ran but is NOT LISTED in tests/kunit/expected-suites (add it)"
		RIG_SUITES_BAD=$((RIG_SUITES_BAD + 1))
	done
	RIG_SUITES_LISTED=${#listed[@]}
}

# rig_pure_sources driver|emulator: the files of pure code (no bus, irq,
# timer or clock calls; host time is a parameter) that build both in the
# kernel and in user space against tests/fuzz/include/, relative to the
# repository root. tests/unit/run.sh links them into the host KUnit runs,
# tests/fuzz/run.sh (emulator) into the fuzz harness.
rig_pure_sources() {
	case $1 in
	driver) echo drivers/net/ethernet/tsnlab/lan1qtsn/lan1qtsn_frame.c \
		drivers/net/ethernet/tsnlab/lan1qtsn/lan1qtsn_time.c \
		drivers/net/ethernet/tsnlab/lan1qtsn/lan1qtsn_txts.c \
		drivers/net/ethernet/tsnlab/lan1qtsn/lan1qtsn_gate.c \
		drivers/net/ethernet/tsnlab/lan1qtsn/lan1qtsn_cbs.c \
		drivers/net/ethernet/tsnlab/lan1qtsn/lan1qtsn_sched.c \
		drivers/net/ethernet/tsnlab/lan1qtsn/lan1qtsn_identity.c ;;
	emulator) echo emulator/emu_model.c emulator/emu_sched.c emulator/emu_osc.c emulator/emu_faults.c emulator/emu_pps.c ;;
	*) rig_die "rig_pure_sources: driver or emulator, not $1" ;;
	esac
}

# The module directories of the repository, relative to its root.
rig_module_dirs() {
	local d
	for d in drivers/net/ethernet/tsnlab/lan1qtsn emulator tests/modules/*; do
		[ -f "$REPO_DIR/$d/Makefile" ] && echo "$d"
	done
	return 0
}
