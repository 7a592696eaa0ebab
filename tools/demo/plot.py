#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""plot.py LOG OUTDIR: the demo's figures from the VM's console log
(tools/demo/two-boards.sh prints them between DEMO-* markers), drawn with
gnuplot on the host:
  taprio.png, cbs-rate.png   the TSN part (tsn_figures.py)
  ptp-offset.png             the PTP part (ptp_figures.py)
with the .dat files behind each, and summary.txt: the figures, also
printed. Exit status 1 if a part's blocks are missing or unusable (the
other part is still drawn) or gnuplot fails.
"""
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ptp_figures  # noqa: E402
import tsn_figures  # noqa: E402


def blocks(text):
    out = {}
    for m in re.finditer(r"^(DEMO-[A-Z0-9-]+?)-BEGIN$(.*?)^\1-END$", text, re.M | re.S):
        out[m.group(1)] = m.group(2).splitlines()
    return out


def main():
    log, outdir = sys.argv[1], sys.argv[2]
    text = open(log, errors="replace").read().replace("\r", "")
    b = blocks(text)
    os.makedirs(outdir, exist_ok=True)
    rc = 0
    summary = []
    for name, part in (("TSN", tsn_figures), ("PTP", ptp_figures)):
        missing = [k for k in part.NEED if k not in b]
        if missing:
            print(f"plot: the log has no {', '.join(missing)} block: no {name} figures")
            rc = 1
            continue
        try:
            lines, gp = part.figures(b, outdir)
        except (ValueError, KeyError) as e:
            print(f"plot: no {name} figures: {e}")
            rc = 1
            continue
        summary += lines
        try:
            subprocess.run(["gnuplot"], input=gp, text=True, check=True)
        except (OSError, subprocess.CalledProcessError) as e:
            print(f"plot: gnuplot failed on the {name} figures ({e}): the data files are in {outdir}")
            rc = 1
    text = "".join(line + "\n" for line in summary)
    with open(os.path.join(outdir, "summary.txt"), "w") as f:
        f.write(text)
    print(text, end="")
    for png in ("taprio.png", "cbs-rate.png", "ptp-offset.png"):
        if os.path.exists(os.path.join(outdir, png)):
            print(f"plot: {outdir}/{png}")
    return rc


if __name__ == "__main__":
    sys.exit(main())
