# SPDX-License-Identifier: GPL-2.0
"""The demo's PTP figures: ptp4l's view of board 1's offset against the
emulator's ground truth (the two boards' pulse times).

Writes into OUTDIR:
  ptp-offset.dat   t_s ptp4l_offset_ns (the slave's view: "master offset")
  ptp-truth.dat    t_s truth_offset_ns (board 1's PHC minus board 0's, from
                   the emulator's pulse times: each board pulses on its PHC's
                   whole seconds, the emulator logs the host time of each)
  ptp-offset.png   both over time: the whole run on a log scale of |offset|,
                   and the locked tail in ns
t is seconds since ptp4l's first line (CLOCK_MONOTONIC; the pulse times are
host raw time, moved onto CLOCK_MONOTONIC with the emulator's clocks file).
"""
import math
import os
import re

NEED = ["DEMO-CLOCKS", "DEMO-PTP4L", "DEMO-PPS0", "DEMO-PPS1"]


def rms(v):
    return math.sqrt(sum(x * x for x in v) / len(v)) if v else float("nan")


def figures(b, outdir):
    """(summary lines, gnuplot script) or raises ValueError."""
    clk = {}
    for line in b["DEMO-CLOCKS"]:
        m = re.match(r"(host_raw_ns|host_mono_ns) (\d+)$", line.strip())
        if m:
            clk[m.group(1)] = int(m.group(2))
    raw_to_mono = clk["host_mono_ns"] - clk["host_raw_ns"]

    ptp = []
    locked_at = None
    for line in b["DEMO-PTP4L"]:
        m = re.search(r"\[(\d+\.\d+)\].*master offset\s+(-?\d+)\s+(s\d)", line)
        if m:
            ptp.append((float(m.group(1)), int(m.group(2)), m.group(3)))
    if not ptp:
        raise ValueError("ptp4l printed no offsets")
    t0 = ptp[0][0]
    for t, _, st in ptp:
        if st == "s2" and locked_at is None:
            locked_at = t - t0

    pulses = []
    for key in ("DEMO-PPS0", "DEMO-PPS1"):
        p = []
        for line in b[key]:
            f = line.split()
            if len(f) == 3 and all(x.isdigit() for x in f):
                p.append((int(f[2]) + raw_to_mono) / 1e9)
        pulses.append(p)
    truth = []
    for t1 in pulses[1]:
        near = min(pulses[0], key=lambda t: abs(t - t1), default=None)
        if near is None or abs(near - t1) > 0.5:
            continue
        # Board 1's clock ahead by d reaches its second d earlier.
        truth.append((t1 - t0, (near - t1) * 1e9))

    with open(os.path.join(outdir, "ptp-offset.dat"), "w") as f:
        f.write("# t_s ptp4l_master_offset_ns state\n")
        for t, o, st in ptp:
            f.write(f"{t - t0:.3f} {o} {st}\n")
    with open(os.path.join(outdir, "ptp-truth.dat"), "w") as f:
        f.write("# t_s truth_offset_ns (board 1 PHC - board 0 PHC, from pulse times)\n")
        for t, o in truth:
            f.write(f"{t:.3f} {o:.0f}\n")

    tail_from = (locked_at or 0) + 5
    tail_ptp = [o for t, o, _ in ptp if t - t0 >= tail_from]
    tail_truth = [o for t, o in truth if t >= tail_from]
    lines = [
        f"ptp4l (gPTP profile), board 1 slave of board 0, oscillators 100 ppm apart",
        f"servo locked (s2) after: {locked_at:.1f} s" if locked_at is not None
        else "servo never locked (no s2)",
        f"from {tail_from:.0f} s on: ptp4l's master offset RMS {rms(tail_ptp):.1f} ns, "
        f"max {max((abs(x) for x in tail_ptp), default=float('nan')):.0f} ns ({len(tail_ptp)} samples)",
        f"from {tail_from:.0f} s on: ground truth (pulse times) RMS {rms(tail_truth):.1f} ns, "
        f"max {max((abs(x) for x in tail_truth), default=float('nan')):.0f} ns ({len(tail_truth)} pulse pairs)",
    ]
    gp = f"""
set terminal pngcairo size 1000,800 font ",10"
set output '{outdir}/ptp-offset.png'
set multiplot layout 2,1 title "lan1qtsn: ptp4l between two emulated boards (gPTP profile), cold start"
set xlabel "time since ptp4l's first offset sample (s)"
set ylabel "|offset| (ns)"
set logscale y
set grid
set key top right
plot '{outdir}/ptp-offset.dat' using 1:(abs($2)+1) with linespoints pt 7 ps 0.4 title "ptp4l's view: |master offset|", \\
     '{outdir}/ptp-truth.dat' using 1:(abs($2)+1) with points pt 5 ps 0.8 title "ground truth: |PHC1 - PHC0| from the emulator's pulse times"
unset logscale y
set ylabel "offset (ns)"
set xrange [{tail_from:.0f}:*]
set yrange [-100:100]
plot '{outdir}/ptp-offset.dat' using 1:2 with linespoints pt 7 ps 0.4 title "ptp4l's master offset", \\
     '{outdir}/ptp-truth.dat' using 1:2 with points pt 5 ps 0.8 title "ground truth (PHC1 - PHC0)"
unset multiplot
"""
    return lines, gp
