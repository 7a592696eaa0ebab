#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""report.py LOG OUTDIR: the performance benchmark's table, JSON file and
plots from the "BENCH ..." records tools/bench/bench-guest.sh printed in
the VM's console log (raw counter increases over each measured window).

Ceilings come from the emulator's bus model (docs/emulator.md, "Bus"):
a message costs overhead_ns plus 8 bits per byte at hz. One TX frame is
one message: command (3) + TX metadata (32) + the frame with its FCS. One
RX frame is two: a metadata read (3 + turnaround 1 + 10) and a frame read
(3 + 1 + the frame with its FCS). Frames on the wire are at least 64 bytes
with the FCS. Writes OUTDIR/bench.json, table.txt, throughput.png,
bus-use.png and scaling.png (with the .dat files behind them; gnuplot).
Exit status 1 if a record the table needs is missing or unusable.
"""
import json
import os
import re
import subprocess
import sys

TX_MSG_BYTES = 3 + 32
RX_META_MSG_BYTES = 3 + 1 + 10
RX_FRAME_MSG_HDR = 3 + 1
PREAMBLE_IFG = 8 + 12
UDP_IP_ETH = 8 + 20 + 14
TCP_MSS = 1448          # iperf3 over IPv4 with TCP timestamps
TCP_DATA_FRAME = 1514 + 4
TCP_ACK_FRAME = 66 + 4
PING_FRAME = 56 + 8 + 20 + 14 + 4


class Bus:
    def __init__(self, hz, overhead_ns):
        self.hz, self.ovh = hz, overhead_ns
        self.byte_ns = 8e9 / hz

    def tx_ns(self, frame):
        return self.ovh + (TX_MSG_BYTES + frame) * self.byte_ns

    def rx_ns(self, frame):
        return 2 * self.ovh + (RX_META_MSG_BYTES + RX_FRAME_MSG_HDR + frame) * self.byte_ns


def udp_frame(payload):
    return max(60, payload + UDP_IP_ETH) + 4


def wire_ns(frame):
    return (frame + PREAMBLE_IFG) * 80      # 100 Mb/s


def records(text):
    out = []
    for line in text.replace("\r", "").splitlines():
        m = re.search(r"\bBENCH (\w+)(.*)$", line)
        if not m:
            continue
        kv = {}
        for tok in m.group(2).split():
            k, sep, v = tok.partition("=")
            if sep:
                kv[k] = int(v) if re.fullmatch(r"-?\d+", v) else v
        out.append((m.group(1), kv))
    return out


def g(r, key):
    return r.get(key, 0)


def board_sides(direction):
    """(sending side, its board, receiving side, its board) for one way."""
    return ("a", "e0", "b", "e1") if direction != "ba" else ("b", "e1", "a", "e0")


def thread_ns(r, name):
    return sum(v for k, v in r.items() if k.startswith("thr.") and k[4:].startswith(name))


def cpu(r, secs, cpus, frames, model):
    """CPU figures of one window: shares of the guest's CPUs, ns per frame."""
    ticks = sum(g(r, "cpu." + f) for f in ("user", "nice", "system", "idle", "iowait", "irq", "softirq"))
    busy = ticks - g(r, "cpu.idle") - g(r, "cpu.iowait")
    tick_ns = secs * 1e9 * cpus / ticks if ticks else 0
    per = max(frames, 1)
    owner = {b: thread_ns(r, "lan1qtsn-" + model.get(f"board{b[1]}_spi", "?")) for b in ("e0", "e1")}
    return {
        "cpu_busy_pct": 100.0 * busy / ticks if ticks else 0.0,
        "softirq_pct": 100.0 * g(r, "cpu.softirq") / ticks if ticks else 0.0,
        "irq_pct": 100.0 * g(r, "cpu.irq") / ticks if ticks else 0.0,
        "owner_ns_per_frame": {b: owner[b] / per for b in owner},
        "emu_ns_per_frame": {b: g(r, b + ".host_cpu_ns") / per for b in owner},
        "softirq_ns_per_frame": g(r, "cpu.softirq") * tick_ns / per,
        "irq_ns_per_frame": g(r, "cpu.irq") * tick_ns / per,
        "emu_irq_ns_per_frame": (g(r, "e0.host_timer_ns") + g(r, "e1.host_timer_ns")) / per,
        "iperf3_ns_per_frame": thread_ns(r, "iperf3") / per,
    }


DROP = re.compile(r"drop|err|fail|lost|timeout|missed|overrun|skipped|full")


def drops(r):
    return {k: v for k, v in r.items() if not k.startswith(("thr.", "cpu.")) and DROP.search(k) and v}


def bus_use(r, board, secs, bus):
    t = secs * 1e9
    busy = g(r, board + ".bus_busy_ns")
    frame_ns = g(r, board + ".bus_frame_bytes") * bus.byte_ns
    reg_ns = g(r, board + ".bus_reg_read_ns") + g(r, board + ".bus_reg_write_ns")
    return {
        "busy_pct": 100 * busy / t,
        "frame_data_pct": 100 * frame_ns / t,
        "protocol_pct": 100 * (busy - frame_ns - reg_ns) / t,
        "register_pct": 100 * reg_ns / t,
        "idle_pct": 100 * (t - busy) / t,
        "idle_rx_pending_pct": 100 * g(r, board + ".bus_idle_rx_pending_ns") / t,
        "idle_queued_pct": 100 * g(r, board + ".bus_idle_queued_ns") / t,
        "late_pct": 100 * g(r, board + ".bus_late_ns") / t,
        "messages": g(r, board + ".bus_transactions"),
        "reg_messages": g(r, board + ".bus_reg_read_msgs") + g(r, board + ".bus_reg_write_msgs"),
    }


def udp_figures(r, model, bus, rx_bus=None):
    """rx_bus: the receiver's bus when it differs from the sender's (one
    way only)."""
    secs = r["ms"] / 1000.0
    frame = udp_frame(r["len"])
    ways = ("ab", "ba") if r["dir"] == "both" else (r["dir"],)
    rx_bus = rx_bus or bus
    if r["dir"] == "both":
        tx_ceil = rx_ceil = 1e9 / (bus.tx_ns(frame) + bus.rx_ns(frame))
    else:
        tx_ceil, rx_ceil = 1e9 / bus.tx_ns(frame), 1e9 / rx_bus.rx_ns(frame)
    out = {"dir": r["dir"], "len": r["len"], "frame": frame, "secs": secs,
           "tx_ceiling_fps": tx_ceil, "rx_ceiling_fps": rx_ceil, "ways": {}}
    frames = 0
    for w in ways:
        s, sb, d, db = board_sides(w)
        wire = g(r, sb + ".wire_tx_frames")
        popped = g(r, db + ".rx_frames_popped")
        frames += wire + popped
        out["ways"][w] = {
            "wire_fps": wire / secs,
            "delivered_fps": popped / secs,     # read by the receiving driver
            "tx_ratio": wire / secs / tx_ceil,
            "rx_ratio": popped / secs / rx_ceil,
            "payload_mbps": popped * r["len"] * 8 / secs / 1e6,
            "stack_rx_frames": g(r, d + ".if_rx_packets"),
            "driver_tx_frames": g(r, s + ".tx_frames"),
            "msgs_per_tx_frame": g(r, sb + ".bus_tx_frame_msgs") / wire if wire else 0,
            "all_msgs_per_tx_frame": g(r, sb + ".bus_transactions") / wire if wire else 0,
            "msgs_per_rx_frame": (g(r, db + ".bus_rx_meta_msgs") + g(r, db + ".bus_rx_frame_msgs")) / popped
            if popped else 0,
            "sender_bus": bus_use(r, sb, secs, bus),
            "receiver_bus": bus_use(r, db, secs, rx_bus),
            "device_fifo_drops": g(r, db + ".rx_dropped_fifo_full"),
            "receiver_wire_frames": g(r, db + ".wire_rx_frames"),
            "popped_frames": popped,
            "qdisc_drops": g(r, s + ".qdisc_dropped"),
        }
    out["cpu"] = cpu(r, secs, model.get("cpus", 2), frames, model)
    out["drops"] = drops(r)
    return out


def tcp_payload_kbps(r, board, secs):
    """TCP payload a board put on the wire: its frames' bytes less the
    headers (Ethernet, IPv4, TCP with timestamps) and FCS; ACKs carry none."""
    hdr = TCP_DATA_FRAME - TCP_MSS
    return (g(r, board + ".wire_tx_bytes") - hdr * g(r, board + ".wire_tx_frames")) * 8 / secs / 1000


def tcp_figures(r, bus):
    ack = 0.5   # delayed ACKs: one per two full segments
    one = TCP_MSS * 8 / max(bus.tx_ns(TCP_DATA_FRAME) + ack * bus.rx_ns(TCP_ACK_FRAME),
                            bus.rx_ns(TCP_DATA_FRAME) + ack * bus.tx_ns(TCP_ACK_FRAME)) * 1e6
    both = 2 * TCP_MSS * 8 / (bus.tx_ns(TCP_DATA_FRAME) + bus.rx_ns(TCP_DATA_FRAME) +
                              ack * (bus.tx_ns(TCP_ACK_FRAME) + bus.rx_ns(TCP_ACK_FRAME))) * 1e6
    secs = r["ms"] / 1000.0
    ab, ba = tcp_payload_kbps(r, "e0", secs), tcp_payload_kbps(r, "e1", secs)
    if r["dir"] == "both":
        got, ceil = ab + ba, both
    else:
        got, ceil = (ab if r["dir"] == "ab" else ba), one
    return {"dir": r["dir"], "goodput_kbps": got, "ceiling_kbps": ceil, "ratio": got / ceil,
            "a_to_b_kbps": ab, "b_to_a_kbps": ba, "drops": drops(r)}


def ping_floor_us(bus, delay_ns):
    """Request and reply: TX write, wire, RX reads, each way."""
    return 2 * (bus.tx_ns(PING_FRAME) + wire_ns(PING_FRAME) + delay_ns + bus.rx_ns(PING_FRAME)) / 1000


PING_CPU_NOT_HOST = ("thr.bash", "thr.timeout", "thr.ping")


def ping_cpu_us(r):
    """The host's CPU time per ping from a "pingcpu" record (a window
    inside the idle ping run): every task's run time but the benchmark's
    (bash, timeout) and ping's own (iputils ping spins between pings sent
    10 ms apart: 6.9 s of a 7.8 s window), IRQ and softirq time, less the
    emulator's own work (its share of the SPI transfers and its timers),
    over the pings board 0 sent in the window; None without the record."""
    if not r or not g(r, "e0.wire_tx_frames"):
        return None
    tasks = sum(v for k, v in r.items() if k.startswith("thr.") and k not in PING_CPU_NOT_HOST)
    irq = (g(r, "cpu.irq") + g(r, "cpu.softirq")) * 10_000_000
    emu = sum(g(r, f"{b}.{c}") for b in ("e0", "e1") for c in ("host_cpu_ns", "host_timer_ns"))
    return max(0.0, (tasks + irq - emu) / g(r, "e0.wire_tx_frames") / 1000)


def special(u):
    """A run outside the main tables: the scaling table's or the saturated
    receiver's."""
    return "scale_hz" in u or "rxsat_tx_hz" in u


def fmt(v, nd=0):
    return f"{v:,.{nd}f}" if isinstance(v, float) else str(v)


def table(res):
    rows = [("figure", "value", "ceiling", "ratio")]
    for u in res["udp"]:
        if special(u):
            continue
        if u["dir"] == "both":
            # Each board's bus carries its TX and the peer's: the ways
            # share one ceiling, and may split it unevenly.
            ab, ba = u["ways"]["ab"], u["ways"]["ba"]
            lab = f"UDP {u['len']} B both ways"
            wire = ab["wire_fps"] + ba["wire_fps"]
            got = ab["delivered_fps"] + ba["delivered_fps"]
            ceil = 2 * u["tx_ceiling_fps"]
            rows.append((lab + ": wire frames/s (a->b + b->a)", f"{ab['wire_fps']:,.0f} + {ba['wire_fps']:,.0f}",
                         fmt(ceil), f"{wire / ceil:.2f}"))
            rows.append((lab + ": delivered frames/s", fmt(got), fmt(ceil), f"{got / ceil:.2f}"))
            rows.append((lab + ": bus busy % (board 0 / 1)",
                         f"{ab['sender_bus']['busy_pct']:.1f} / {ba['sender_bus']['busy_pct']:.1f}", "100", ""))
            continue
        f = u["ways"][u["dir"]]
        lab = f"UDP {u['len']} B {u['dir']}"
        rows.append((lab + ": wire frames/s", fmt(f["wire_fps"]), fmt(u["tx_ceiling_fps"]),
                     f"{f['tx_ratio']:.2f}"))
        rows.append((lab + ": delivered frames/s", fmt(f["delivered_fps"]), fmt(u["rx_ceiling_fps"]),
                     f"{f['rx_ratio']:.2f}"))
        sb = f["sender_bus"]
        rows.append((lab + ": sender bus busy %", f"{sb['busy_pct']:.1f}", "100", f"{sb['busy_pct'] / 100:.2f}"))
        rows.append((lab + ": SPI msgs per TX / RX frame",
                     f"{f['msgs_per_tx_frame']:.2f} / {f['msgs_per_rx_frame']:.2f}", "1 / 2", ""))
    for t in res["tcp"]:
        lab = f"TCP {t['dir']} goodput kbit/s"
        val = fmt(t["goodput_kbps"])
        if t["dir"] == "both":
            lab = "TCP both ways goodput kbit/s (a->b + b->a)"
            val = f"{t['a_to_b_kbps']:,.0f} + {t['b_to_a_kbps']:,.0f}"
        rows.append((lab, val, fmt(t["ceiling_kbps"]), f"{t['ratio']:.2f}"))
    for p in res["ping"]:
        rows.append((f"ping 56 B {p['load']} median / p99.9 us", f"{p.get('median_us', 0)} / {p.get('p999_us', 0)}",
                     fmt(res["ping_floor_us"]), f"{p.get('median_us', 0) / res['ping_floor_us']:.2f}"))
        cpu_us = ping_cpu_us(res["pingcpu"]) if p["load"] == "idle" else None
        if cpu_us is not None:
            rows.append((f"ping 56 B {p['load']}: host CPU us per ping (emulator's excluded)", f"{cpu_us:,.0f}", "",
                         ""))
            rows.append((f"ping 56 B {p['load']}: median against bus + wire + CPU us", str(p.get("median_us", 0)),
                         fmt(res["ping_floor_us"] + cpu_us),
                         f"{p.get('median_us', 0) / (res['ping_floor_us'] + cpu_us):.2f}"))
    for t in res["txts"]:
        rows.append((f"TX timestamp {t['load']} median / p99 / max us",
                     f"{t.get('median_us', '?')} / {t.get('p99_us', '?')} / {t.get('max_us', '?')}", "2000 (p99)",
                     f"timeouts {t.get('timeouts', '?')}"))
    w = [max(len(r[i]) for r in rows) for i in range(4)]
    return "".join(f"{r[0]:<{w[0]}}  {r[1]:>{w[1]}}  {r[2]:>{w[2]}}  {r[3]:>{w[3]}}\n" for r in rows)


def cpu_table(res):
    lines = ["CPU per frame (ns; frames = sent + received on both boards), guest CPUs busy %:"]
    lines.append(f"{'run':<16} {'busy%':>6} {'sirq%':>6} {'irq%':>5} {'owner0':>7} {'owner1':>7} "
                 f"{'emu0':>6} {'emu1':>6} {'softirq':>7} {'irq':>6} {'emu-irq':>7} {'iperf3':>7}")
    for u in res["udp"]:
        if special(u):
            continue
        c = u["cpu"]
        lines.append(f"{'UDP ' + u['dir'] + ' ' + str(u['len']):<16} {c['cpu_busy_pct']:6.1f} {c['softirq_pct']:6.1f} "
                     f"{c['irq_pct']:5.1f} {c['owner_ns_per_frame']['e0']:7.0f} {c['owner_ns_per_frame']['e1']:7.0f} "
                     f"{c['emu_ns_per_frame']['e0']:6.0f} {c['emu_ns_per_frame']['e1']:6.0f} "
                     f"{c['softirq_ns_per_frame']:7.0f} {c['irq_ns_per_frame']:6.0f} "
                     f"{c.get('emu_irq_ns_per_frame', 0):7.0f} {c['iperf3_ns_per_frame']:7.0f}")
    lines.append("owner: the driver's thread per board (emulator time included: emu is its share);"
                 " softirq/irq: all of the guest's; emu-irq: the emulator's timer work (the device's"
                 " own, in IRQ time)")
    return "\n".join(lines) + "\n"


def bus_table(res):
    lines = ["Sender's bus (a -> b), % of the time:",
             f"{'payload':>7} {'busy':>6} {'frame':>6} {'proto':>6} {'regs':>5} {'idle':>6} {'queued':>6}"
             f" {'late':>5} | receiver: {'busy':>5} {'idle w/ RX':>10} | drops by counter"]
    for u in res["udp"]:
        if special(u) or u["dir"] != "ab":
            continue
        f = u["ways"]["ab"]
        s, r = f["sender_bus"], f["receiver_bus"]
        d = " ".join(f"{k}={v}" for k, v in sorted(u["drops"].items())) or "none"
        lines.append(f"{u['len']:>7} {s['busy_pct']:6.1f} {s['frame_data_pct']:6.1f} {s['protocol_pct']:6.1f} "
                     f"{s['register_pct']:5.1f} {s['idle_pct']:6.1f} {s['idle_queued_pct']:6.1f} "
                     f"{s['late_pct']:5.1f} | "
                     f"{r['busy_pct']:>15.1f} {r['idle_rx_pending_pct']:>10.1f} | {d}")
    lines.append("idle: the bus not busy; queued: the part of it while the sender's next message already"
                 " waited in the SPI core (the controller's and SPI core's time between messages)")
    return "\n".join(lines) + "\n"


def scale_table(res):
    lines = ["Scaling (UDP a -> b):", f"{'bus MHz':>7} {'payload':>7} {'ceiling':>8} {'wire f/s':>8} "
             f"{'ratio':>5} {'delivered':>9} {'rx ceil':>8} {'busy%':>6} {'cpu%':>5}"]
    for u in res["udp"]:
        if "scale_hz" not in u:
            continue
        f = u["ways"]["ab"]
        lines.append(f"{u['scale_hz'] / 1e6:7.0f} {u['len']:7} {u['tx_ceiling_fps']:8.0f} {f['wire_fps']:8.0f} "
                     f"{f['tx_ratio']:5.2f} {f['delivered_fps']:9.0f} {u['rx_ceiling_fps']:8.0f} "
                     f"{f['sender_bus']['busy_pct']:6.1f} {u['cpu']['cpu_busy_pct']:5.1f}")
    return "\n".join(lines) + "\n"


def rxsat_table(res):
    runs = [u for u in res["udp"] if "rxsat_tx_hz" in u]
    if not runs:
        return ""
    lines = ["Receiver saturated (UDP a -> b, board 0's bus twice as fast as board 1's):",
             f"{'payload':>7} {'tx MHz':>6} {'rx MHz':>6} {'wire f/s':>8} {'rx ceil':>7} {'delivered':>9} "
             f"{'ratio':>5} {'msgs/RX':>7} {'rx busy%':>8} {'arrived':>8} {'popped':>7} {'fifo drops':>10}"]
    for u in runs:
        f = u["ways"]["ab"]
        lines.append(f"{u['len']:7} {u['rxsat_tx_hz'] / 1e6:6.0f} {res['model']['hz'] / 1e6:6.0f} "
                     f"{f['wire_fps']:8.0f} {u['rx_ceiling_fps']:7.0f} {f['delivered_fps']:9.0f} "
                     f"{f['rx_ratio']:5.2f} {f['msgs_per_rx_frame']:7.2f} {f['receiver_bus']['busy_pct']:8.1f} "
                     f"{f['receiver_wire_frames']:8} {f['popped_frames']:7} "
                     f"{f['device_fifo_drops']:10}")
    lines.append("arrived: frames that reached board 1 in the window; popped: read by its driver; the"
                 " difference is what its device dropped (fifo drops, over the whole run) and what"
                 " its FIFO held at the window's edges")
    return "\n".join(lines) + "\n"


def plots(res, outdir):
    ab = [u for u in res["udp"] if u["dir"] == "ab" and not special(u)]
    with open(os.path.join(outdir, "throughput.dat"), "w") as f:
        f.write("# payload tx_ceiling wire rx_ceiling delivered both_wire_ab both_ceiling\n")
        both = {u["len"]: u for u in res["udp"] if u["dir"] == "both" and not special(u)}
        for u in ab:
            w = u["ways"]["ab"]
            bo = both.get(u["len"])
            f.write(f"{u['len']} {u['tx_ceiling_fps']:.0f} {w['wire_fps']:.0f} {u['rx_ceiling_fps']:.0f} "
                    f"{w['delivered_fps']:.0f} {bo['ways']['ab']['wire_fps'] if bo else 0:.0f} "
                    f"{bo['tx_ceiling_fps'] if bo else 0:.0f}\n")
    with open(os.path.join(outdir, "bus-use.dat"), "w") as f:
        f.write("# payload frame protocol registers idle\n")
        for u in ab:
            s = u["ways"]["ab"]["sender_bus"]
            f.write(f"{u['len']} {s['frame_data_pct']:.2f} {s['protocol_pct']:.2f} {s['register_pct']:.2f} "
                    f"{s['idle_pct']:.2f}\n")
    scale_sizes = sorted({u["len"] for u in res["udp"] if "scale_hz" in u})
    with open(os.path.join(outdir, "scaling.dat"), "w") as f:
        # One block per payload size (gnuplot's "index").
        for size in scale_sizes:
            f.write(f"# payload {size}: bus_mhz ceiling wire\n")
            for u in sorted((u for u in res["udp"] if u.get("scale_hz") and u["len"] == size),
                            key=lambda u: u["scale_hz"]):
                f.write(f"{u['scale_hz'] / 1e6:.0f} {u['tx_ceiling_fps']:.0f} "
                        f"{u['ways']['ab']['wire_fps']:.0f}\n")
            f.write("\n\n")
    d = outdir
    gp = f"""
set terminal pngcairo size 900,500 font ",10"
set grid
set key top right
set output "{d}/throughput.png"
set title "UDP a -> b: frames/s against the bus model's ceiling ({res['model']['hz'] / 1e6:g} MHz)"
set xlabel "UDP payload (bytes)"; set ylabel "frames/s"; set logscale y
plot "{d}/throughput.dat" u 1:2 w lp t "TX ceiling", "" u 1:3 w lp t "on the wire", \\
     "" u 1:4 w lp t "RX ceiling", "" u 1:5 w lp t "delivered", \\
     "" u 1:6 w lp t "on the wire, while b -> a also sends", "" u 1:7 w l dt 2 t "shared ceiling (each way)"
unset logscale y
set output "{d}/bus-use.png"
set title "Sender's SPI bus under saturating UDP (a -> b)"
set ylabel "% of the time"; set yrange [0:100]
set key outside right top
set style data histograms; set style histogram rowstacked; set style fill solid 0.8 border -1
plot "{d}/bus-use.dat" u 2:xtic(1) t "frame bytes", "" u 3 t "protocol overhead", \\
     "" u 4 t "register access", "" u 5 t "idle"
set style data linespoints; set yrange [*:*]; set logscale y; set key inside top left
set output "{d}/scaling.png"
set title "UDP a -> b at each bus clock"
set xlabel "SPI clock (MHz)"; set ylabel "frames/s"
sizes = "{' '.join(str(x) for x in scale_sizes)}"
plot for [i=1:words(sizes)] "{d}/scaling.dat" index (i - 1) u 1:3 w lp t word(sizes, i)." B on the wire", \
     for [i=1:words(sizes)] "{d}/scaling.dat" index (i - 1) u 1:2 w l dt 2 t word(sizes, i)." B ceiling"
"""
    subprocess.run(["gnuplot"], input=gp, text=True, check=True)


def build(recs):
    model = next((r for k, r in recs if k == "model"), None)
    if model is None:
        raise ValueError("no BENCH model record")
    if not any(k == "done" for k, _ in recs):
        raise ValueError("no BENCH done record: the run stopped early")
    bus = Bus(model["hz"], model["overhead_ns"])
    res = {"model": model, "udp": [], "tcp": [], "ping": [], "txts": [], "scaling_bus": {}, "pingcpu": None}
    for kind, r in recs:
        if kind == "udp":
            # A scaling run moves both boards' clocks; a saturated-receiver
            # run only the sender's, the receiver keeps the model's.
            hz = r.get("scale_hz") or r.get("rxsat_tx_hz")
            u = udp_figures(r, model, Bus(hz, model["overhead_ns"]) if hz else bus,
                            bus if "rxsat_tx_hz" in r else None)
            u.update({k: r[k] for k in ("scale_hz", "rxsat_tx_hz") if k in r})
            res["udp"].append(u)
        elif kind == "tcp":
            res["tcp"].append(tcp_figures(r, bus))
        elif kind == "ping":
            res["ping"].append(r)
        elif kind == "txts":
            res["txts"].append(r)
        elif kind == "pingcpu":
            res["pingcpu"] = r
    res["ping_floor_us"] = ping_floor_us(bus, model.get("wire_delay_ns", 0))
    for need in ("udp", "tcp", "ping", "txts"):
        if not res[need]:
            raise ValueError(f"no BENCH {need} record")
    return res


def main():
    log, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    try:
        res = build(records(open(log, errors="replace").read()))
    except (ValueError, KeyError, ZeroDivisionError) as e:
        print(f"report: unusable benchmark log {log}: {e}")
        return 1
    m = res["model"]
    text = (f"Bus model {m['hz'] / 1e6:g} MHz, {m['overhead_ns'] / 1000:g} us per message; "
            f"kernel {m.get('kernel', '?')} ({'debug' if m.get('debug') else 'non-debug'}), "
            f"{m.get('cpus', '?')} guest CPUs; {m.get('secs', '?')} s per UDP run, "
            f"{m.get('udp_rate', '200M')}b/s offered per sender\n\n"
            + table(res) + "\n" + bus_table(res) + "\n" + cpu_table(res) + "\n" + scale_table(res))
    rxsat = rxsat_table(res)
    if rxsat:
        text += "\n" + rxsat
    with open(os.path.join(outdir, "table.txt"), "w") as f:
        f.write(text)
    with open(os.path.join(outdir, "bench.json"), "w") as f:
        json.dump(res, f, indent=1, sort_keys=True)
    print(text, end="")
    try:
        plots(res, outdir)
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"report: gnuplot failed ({e}): the data files are in {outdir}")
        return 1
    print(f"report: {outdir}/table.txt, bench.json, throughput.png, bus-use.png, scaling.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
