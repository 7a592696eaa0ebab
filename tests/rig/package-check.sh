#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# package-check.sh: the way Pi users install, checked here, from the
# committed tree (git archive, as a user's copy would be):
#   1. dpkg-buildpackage builds the source package and lan1qtsn-dkms and
#      lan1qtsn-overlay (debian/);
#   2. lintian passes them with no error or warning; its canary (the same
#      tree with the obsolete "Priority: extra") must fail, or lintian is not
#      looking;
#   3. the packages hold what users are told: the driver's source and
#      dkms.conf under /usr/src/lan1qtsn-<version>/, the Pi 4 and Pi 5
#      overlays in /boot/firmware/overlays/ (what dtc makes from dts/) with
#      their parameter help, and no
#      maintainer script that writes config.txt;
#   4. `dkms build` of the source lan1qtsn-dkms installs, against the test
#      kernel, with DKMS's own trees in a scratch folder so the machine's
#      DKMS state is untouched: lan1qtsn.ko must come out with the test
#      kernel's vermagic.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kbuild=$("$RIG_DIR/build-kernel.sh" vm)
kver=$(cat "$kbuild/include/config/kernel.release")
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$REPO_DIR/dkms.conf")
deb_ver=$(dpkg-parsechangelog -l "$REPO_DIR/debian/changelog" -S Version)
[ "$deb_ver" = "$ver" ] || rig_die "debian/changelog says $deb_ver, dkms.conf $ver: they must agree"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# build DIR: the source and binary packages of the committed tree in DIR.
build() {
	mkdir -p "$1"
	git -C "$REPO_DIR" archive --prefix="lan1qtsn-$ver/" HEAD | tar -x -C "$1"
	[ -z "${2:-}" ] || sed -i "$2" "$1/lan1qtsn-$ver/debian/control"
	(cd "$1/lan1qtsn-$ver" && dpkg-buildpackage -us -uc) >"$1/build.log" 2>&1 ||
		{ cat "$1/build.log"; rig_die "dpkg-buildpackage failed"; }
}
# lint DIR: lintian on everything built in DIR; fails on a warning or error.
lint() {
	lintian --pedantic -I --fail-on error,warning "$1/lan1qtsn_${ver}"_*.changes 2>&1 |
		grep -v 'running with root privileges'
	return "${PIPESTATUS[0]}"
}

build "$tmp/pkg"
echo "built: $(cd "$tmp/pkg" && echo *.deb *.dsc)"
lint "$tmp/pkg" || rig_die "lintian found errors or warnings (above)"
echo "lintian: no error or warning"
build "$tmp/canary" 's/^Priority: optional/Priority: extra/'
if lint "$tmp/canary" >"$tmp/canary.log"; then
	cat "$tmp/canary.log"
	rig_die "lintian canary: Priority: extra passed"
fi
echo "lintian canary: fails as it must ($(grep -c '^[EW]:' "$tmp/canary.log") tags)"

dkms_deb="$tmp/pkg/lan1qtsn-dkms_${ver}_all.deb"
overlay_deb="$tmp/pkg/lan1qtsn-overlay_${ver}_all.deb"
dpkg-deb -x "$dkms_deb" "$tmp/dkms-root"
dpkg-deb -x "$overlay_deb" "$tmp/overlay-root"
src="$tmp/dkms-root/usr/src/lan1qtsn-$ver"
for f in dkms.conf Makefile drivers/net/ethernet/tsnlab/lan1qtsn/lan1qtsn_main.c; do
	[ -e "$src/$f" ] || rig_die "lan1qtsn-dkms lacks /usr/src/lan1qtsn-$ver/$f"
done
for name in lan1qtsn lan1qtsn-pi5; do
	dtbo="$tmp/overlay-root/boot/firmware/overlays/$name.dtbo"
	[ -e "$dtbo" ] || rig_die "lan1qtsn-overlay lacks /boot/firmware/overlays/$name.dtbo"
	dtc -@ -q -I dts -O dtb -o "$tmp/ref.dtbo" "$REPO_DIR/dts/$name-overlay.dts"
	cmp -s "$dtbo" "$tmp/ref.dtbo" || rig_die "the packaged $name.dtbo is not dtc's build of dts/$name-overlay.dts"
done
[ -e "$tmp/overlay-root/usr/share/doc/lan1qtsn-overlay/README.overlay" ] ||
	rig_die "lan1qtsn-overlay lacks the overlays' parameter help (README.overlay)"
dpkg-deb -e "$overlay_deb" "$tmp/overlay-ctl"
if grep -nE '(>>?|tee|sed -i|cp|mv).*config\.txt|config\.txt.*(>>?|tee)' "$tmp"/overlay-ctl/*inst "$tmp"/overlay-ctl/*rm 2>/dev/null; then
	rig_die "a lan1qtsn-overlay maintainer script writes config.txt (above)"
fi
grep -q 'dtoverlay=lan1qtsn' "$tmp/overlay-ctl/postinst" ||
	rig_die "lan1qtsn-overlay's postinst does not print the config.txt line"
echo "contents: source and dkms.conf in /usr/src/lan1qtsn-$ver, both overlays = dtc's builds, their help, config.txt untouched"

mkdir -p "$tmp/dkms"
dkms build "lan1qtsn/$ver" -k "$kver" --kernelsourcedir "$kbuild" \
	--sourcetree "$tmp/dkms-root/usr/src" --dkmstree "$tmp/dkms" >"$tmp/dkms.log" 2>&1 ||
	{ cat "$tmp/dkms.log"; rig_die "dkms build failed"; }
ko=$(find "$tmp/dkms" -name 'lan1qtsn.ko*' | head -n1)
[ -n "$ko" ] || { cat "$tmp/dkms.log"; rig_die "dkms build produced no lan1qtsn.ko"; }
modinfo -F vermagic "$ko" | grep -q "^$kver " || rig_die "wrong vermagic: $(modinfo -F vermagic "$ko")"
echo "dkms build lan1qtsn/$ver (from lan1qtsn-dkms) for $kver: $(basename "$ko") ok"
