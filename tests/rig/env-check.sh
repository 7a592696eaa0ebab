#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# env-check.sh SCRIPT...: each scenario's tier environments agree with the
# script (tests/rig/README.md, "The two tiers"):
#  - every VAR=VALUE of its "# rig-ci-env:" is the script's own default: the
#    first ${VAR:-DEFAULT} in the script, or else in a file it sources
#    (". ./FILE") or hands over to ("exec bash ./FILE"), is literally
#    VALUE. A scenario run by hand (vm-run.sh, no tier environment) then
#    runs what CI runs, and a count changed in one place only is caught
#    here, not by a reader.
#  - every VAR of its "# rig-stress-env:" is read by the script or one of
#    those files: a misspelt name would leave the stress tier at the CI counts
#    without a word.
# Prints one line per disagreement; exits 1 if there is any.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

# sources SCRIPT: the script and the files beside it that it sources
# (". ./FILE") or hands over to ("exec bash ./FILE"), theirs in turn.
sources() {
	local dir=${1%/*} f
	echo "$1"
	for f in $(sed -nE 's#^(\.|exec bash) \./([A-Za-z0-9_.-]+).*$#\2#p' "$1"); do
		[ -f "$dir/$f" ] && sources "$dir/$f"
	done
}

bad=0
for sc in "$@"; do
	mapfile -t files < <(sources "$sc")
	for w in $(rig_header "$sc" rig-ci-env); do
		var=${w%%=*} val=${w#*=}
		def=$(grep -ho "\${$var:-[^}]*}" "${files[@]}" | head -n1)
		if [ -z "$def" ]; then
			echo "${sc##*/}: rig-ci-env sets $var, but no \${$var:-DEFAULT} gives it a default"
			bad=1
			continue
		fi
		def=${def#*:-} def=${def%\}}
		if [ "$def" != "$val" ]; then
			echo "${sc##*/}: rig-ci-env $var=$val, but the script's default is '$def'"
			bad=1
		fi
	done
	for w in $(rig_header "$sc" rig-stress-env); do
		var=${w%%=*}
		if ! grep -q "\$${var}\b\|\${${var}[:}]" "${files[@]}"; then
			echo "${sc##*/}: rig-stress-env sets $var, which the script does not read"
			bad=1
		fi
	done
done
exit "$bad"
