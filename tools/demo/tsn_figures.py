# SPDX-License-Identifier: GPL-2.0
"""The demo's TSN figures, from board 0's frames in the emulator's event
stream (tools/demo/two-boards.sh prints them: class, start tick, end tick,
length with FCS, the device's verdict; a tick is 10 ns and, at 100 Mb/s,
one bit on the wire).

Writes into OUTDIR:
  taprio-frames.dat  per class (gnuplot index = class): t_s, the frame's
                     start and end folded onto the gate cycle (us)
  taprio-hist.dat    start positions in the cycle, 10 us bins: bin_us and
                     one count per class
  taprio.png         both: every frame on the cycle over time, the gates
                     shaded, and where in the cycle the classes start
  cbs-rate.dat       t_s and each class's rate on the wire (kbit/s, frames
                     with preamble and gap) in 250 ms bins
  cbs-rate.png       the shaped class against its idleslope, best effort
                     beside it
The checks behind the figures are emu-check's (its verdict is printed in
the VM's log and repeated in the summary); the fold here is a second,
independent look: a frame outside its gate is counted and named.
"""
import os
import re

NEED = ["DEMO-TAPRIO-SCHED", "DEMO-TAPRIO-FRAMES", "DEMO-TAPRIO-CHECK",
        "DEMO-CBS-FRAMES", "DEMO-CBS-CHECK"]
BIN_S = 0.25
SENT = ("window", "delay")


def frames(lines):
    """(class, start_tick, end_tick, length, verdict) of each well-formed
    line; a line a kernel message broke on the console is skipped."""
    out = []
    for line in lines:
        f = line.split()
        if len(f) == 5 and all(x.isdigit() for x in f[:4]):
            out.append((int(f[0]), int(f[1]), int(f[2]), int(f[3]), f[4]))
    return out


def verdict(lines):
    """emu-check's exit status, from a CHECK block (its output is in the
    VM's log; the counts in the summary are this module's own)."""
    for line in lines:
        m = re.match(r"emu-check exit (\d+)$", line.strip())
        if m:
            return int(m.group(1))
    raise ValueError("emu-check's exit status is missing")


def schedule(lines):
    """Base tick and [(class, open_tick, close_tick)] within the cycle."""
    base = None
    gates = []
    at = 0
    for line in lines:
        f = line.split()
        if len(f) == 2 and f[0] == "base":
            base = int(f[1])
        elif len(f) == 3 and f[0] == "gate":
            mask, ticks = int(f[1], 16), int(f[2])
            for c in range(8):
                if mask & (1 << c):
                    gates.append((c, at, at + ticks))
            at += ticks
    if base is None or not gates:
        raise ValueError("the taprio schedule has no base or no gate")
    return base, at, gates


def taprio(b, outdir):
    base, cycle, gates = schedule(b["DEMO-TAPRIO-SCHED"])
    rc = verdict(b["DEMO-TAPRIO-CHECK"])
    allfr = frames(b["DEMO-TAPRIO-FRAMES"])
    count = {}
    for x in allfr:
        count[(x[0], x[4])] = count.get((x[0], x[4]), 0) + 1
    fr = [x for x in allfr if x[4] in SENT]
    if not fr:
        raise ValueError("no taprio frame was sent")
    t0 = min(x[1] for x in fr)
    by_class = {}
    outside = 0
    margin = {}
    for c, s, e, _, _ in fr:
        ph = (s - base) % cycle
        pe = ph + (e - s)
        by_class.setdefault(c, []).append(((s - t0) / 1e8, ph / 100, pe / 100))
        inside = [g for g in gates if g[0] == c and g[1] <= ph and pe <= g[2]]
        if inside:
            m = inside[0][2] - pe
            margin[c] = min(margin.get(c, m), m)
        else:
            outside += 1
    cls = sorted(by_class)
    with open(os.path.join(outdir, "taprio-frames.dat"), "w") as f:
        for c in range(max(cls) + 1):
            f.write(f"# class {c}: t_s start_us end_us (folded onto the {cycle / 100:.0f} us cycle)\n")
            for t, ps, pe in by_class.get(c, []):
                f.write(f"{t:.6f} {ps:.2f} {pe:.2f}\n")
            f.write("\n\n")
    nbins = cycle // 1000
    hist = {c: [0] * nbins for c in cls}
    for c in cls:
        for _, ps, _ in by_class[c]:
            hist[c][min(int(ps // 10), nbins - 1)] += 1
    with open(os.path.join(outdir, "taprio-hist.dat"), "w") as f:
        f.write("# bin_us " + " ".join(f"class{c}" for c in cls) + "\n")
        for i in range(nbins):
            f.write(f"{i * 10 + 5} " + " ".join(str(hist[c][i]) for c in cls) + "\n")

    colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]
    shade = ["#dce9f5", "#f7dcdc", "#dcf2dc", "#e9e0f2"]
    rects = "\n".join(
        f"set object {i + 1} rect from {o / 100:.1f}, graph 0 to {cl / 100:.1f}, graph 1 "
        f"fc rgb '{shade[c % 4]}' fs solid 1.0 noborder behind"
        for i, (c, o, cl) in enumerate(gates))
    vec = ", \\\n     ".join(
        f"'{outdir}/taprio-frames.dat' index {c} using 2:1:($3-$2):(0) with vectors nohead "
        f"lw 2 lc rgb '{colours[c % 4]}' title 'class {c}'" for c in cls)
    boxes = ", \\\n     ".join(
        f"'{outdir}/taprio-hist.dat' using 1:{i + 2} with boxes lc rgb '{colours[c % 4]}' "
        f"title 'class {c}'" for i, c in enumerate(cls))
    gate_txt = ", ".join(f"class {c} {o / 100:.0f}-{cl / 100:.0f} us" for c, o, cl in gates)
    gp = f"""
set terminal pngcairo size 1000,900 font ",10"
set output '{outdir}/taprio.png'
set multiplot layout 2,1 title "lan1qtsn: taprio full offload on board 0 ({gate_txt}), ping floods in both classes\\nevery frame from its start to its end, folded onto the gate cycle (the emulator's ticks)"
{rects}
set xrange [0:{cycle / 100:.0f}]
set xlabel "position in the {cycle / 100:.0f} us cycle (us); shaded: each class's gate"
set ylabel "time (s)"
set key outside right
plot {vec}
set ylabel "frames starting (10 us bins)"
set style fill solid 0.6
set boxwidth 10
plot {boxes}
unset multiplot
"""
    lines = [f"taprio on board 0 ({gate_txt}), full offload, ping floods in both classes:"]
    for c in cls:
        lines.append(
            f"  class {c}: {len(by_class[c])} frames sent ({count.get((c, 'window'), 0)} in their "
            f"window, {count.get((c, 'delay'), 0)} in the retry window), "
            f"{count.get((c, 'drop'), 0)} dropped by the device (reached it late); "
            f"closest end to the gate's close {margin.get(c, 0) / 100:.1f} us")
    lines.append(f"  frames outside their class's gate (this fold): {outside}; "
                 f"emu-check --schedule: {'PASS' if rc == 0 else 'FAIL'}")
    return lines, gp


def cbs(b, outdir):
    rc = verdict(b["DEMO-CBS-CHECK"])
    idle = None
    for line in b["DEMO-CBS-CHECK"]:
        m = re.match(r"idleslope (\d+)$", line.strip())
        if m:
            idle = int(m.group(1))
    if idle is None:
        raise ValueError("the CBS block has no idleslope")
    fr = [x for x in frames(b["DEMO-CBS-FRAMES"]) if x[4] in SENT]
    if not fr:
        raise ValueError("no CBS frame was sent")
    shaped = max(x[0] for x in fr)
    t0 = min(x[1] for x in fr)
    span = max(x[2] for x in fr) - t0
    nbins = int(span / 1e8 / BIN_S) + 1
    cls = sorted({x[0] for x in fr})
    wire = {c: [0] * nbins for c in cls}
    for c, s, e, _, _ in fr:
        wire[c][int((s - t0) / 1e8 / BIN_S)] += e - s
    with open(os.path.join(outdir, "cbs-rate.dat"), "w") as f:
        f.write("# t_s " + " ".join(f"class{c}_kbit_s" for c in cls) + "\n")
        # The last bin is partial: left out.
        for i in range(nbins - 1):
            f.write(f"{(i + 0.5) * BIN_S:.3f} " +
                    " ".join(f"{wire[c][i] / BIN_S / 1000:.0f}" for c in cls) + "\n")
    sh = [x for x in fr if x[0] == shaped]
    sh_span = max(x[2] for x in sh) - min(x[1] for x in sh)
    sh_rate = sum(x[2] - x[1] for x in sh) * 1e8 / sh_span / 1000 if sh_span else 0
    names = {shaped: f"class {shaped} (cbs, idleslope {idle} kbit/s)"}
    curves = ", \\\n     ".join(
        f"'{outdir}/cbs-rate.dat' using 1:{i + 2} with linespoints pt 7 ps 0.5 "
        f"title '{names.get(c, f'class {c} (best effort)')}'" for i, c in enumerate(cls))
    gp = f"""
set terminal pngcairo size 1000,500 font ",10"
set output '{outdir}/cbs-rate.png'
set title "lan1qtsn: CBS offload on board 0, UDP offered at 3 Mb/s in the shaped class beside 2 Mb/s of best effort\\nrate on the wire from the emulator's start and end ticks, {BIN_S * 1000:.0f} ms bins"
set xlabel "time (s)"
set ylabel "kbit/s (frames, preamble and gap)"
set grid
set key top left
set yrange [0:*]
plot {curves}, \\
     {idle} with lines dt 2 lc rgb 'black' title 'idleslope'
"""
    lines = [
        f"CBS on board 0, class {shaped} shaped to {idle} kbit/s beside best effort:",
        f"  class {shaped}: {len(sh)} frames, {sh_rate:.0f} kbit/s on the wire over its span "
        f"(idleslope {idle})",
        f"  emu-check --cbs (credit never below 0 at a start nor below locredit at an end): "
        f"{'PASS' if rc == 0 else 'FAIL'}",
    ]
    return lines, gp


def figures(b, outdir):
    """(summary lines, gnuplot script) of both parts; raises ValueError."""
    l1, g1 = taprio(b, outdir)
    l2, g2 = cbs(b, outdir)
    return l1 + l2, g1 + "unset object\nreset\n" + g2
