#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""vm-verdict.py --log LOG --out DIR [--kmemleak] [--vm-seconds N] NAME...

Reads the console log of one test-VM boot that ran the scenarios NAME...
(in that order; tests/rig/guest/init) and decides each one's result:

  0  passed
  1  the script failed (or its modules would not load or unload)
  2  a kernel report (BUG, WARNING, lockdep, KASAN, hung task, ...) or a
     kmemleak leak appeared while it ran
  3  no result: it did not finish within its time limit, an rmmod hung, or
     the VM died or hung while it ran
  -1 not run: an earlier scenario of the batch left the kernel tainted or
     lockdep off (RIG-ABORT), or the VM died before it began

Attribution: a kernel report belongs to the scenario whose "RIG-BEGIN name"
marker (written to /dev/kmsg, so it is ordered with the kernel's own lines)
last precedes it; reports before the first marker (boot) belong to the first
scenario. A leak belongs to the scenario that had begun at the jiffies its
object was allocated. The whole kernel log (the end-of-run dump) is used
when the VM got that far; otherwise the console, where loglevel=5 put every
warning-level line as it happened.

A KCSAN data-race report fails a scenario only if a frame of its access
stacks is in one of the project's modules (not counting the frames below an
interrupt's entry: the interrupted context), unless it is one of the known
core races of KCSAN_CORE_RACES; any other is
listed as "not ours" (in DIR/NAME.report, even of a passing scenario, and
counted in its reason) and does not fail it.

Writes DIR/results ("NAME RC SECONDS REASON" per line), DIR/NAME.report for
each failure (and for a pass with KCSAN reports that are not ours), and DIR/phases (boot and leak-scan seconds); prints a line per
scenario and the report of each failure.
"""
import argparse
import os
import re
import sys

TS = re.compile(r'\[ *\d+\.\d+\] ')
# Kernel reports that fail a run. Matched only on kernel log lines (they
# carry a printk timestamp), so a tool that prints "WARNING:" cannot fake one.
SPLAT = re.compile(
    r'BUG:|WARNING:|INFO: possible|INFO: task .* blocked|lockdep is turned off|'
    r'KASAN|Oops|Kernel panic|sleeping function called from invalid context|'
    r'scheduling while atomic|rcu_.*detected stall|blocked for more than|'
    r'soft lockup|hard LOCKUP|general protection fault|UBSAN|kernel BUG|'
    r'ODEBUG:|unregister_netdevice: waiting|Kernel memory leak detector disabled|'
    r'kmemleak: .*(disabled|error)|possible circular locking|refcount_t:')
LEAK_NOTE = re.compile(r'kmemleak: \d+ new suspected memory leaks')
CONTEXT = 30
# KCSAN (the kcsan kernel) reports each data race as one block, from the
# "BUG: KCSAN: data-race in A / B" line to a line of '='; its stacks name the
# module of each frame that is in one ("func+0x1c/0x50 [lan1qtsn]").
KCSAN = re.compile(r'BUG: KCSAN: ')
KCSAN_END = re.compile(r'^={20,}$')
KCSAN_MAX = 120
# The project's modules: the driver (and its KUnit suite), the emulator (and
# its suite), the test modules.
OURS = re.compile(r'\[(lan1qtsn[a-z0-9_]*|rig_canary|emu_client)\]\s*$')
# In a KCSAN access stack, the frames below an interrupt's entry are the
# context it interrupted, which takes no part in the access (seen: a timer
# interrupt's timekeeping_advance racing ktime_get_seconds, taken while our
# thread was in spi_sync); a stack ends at a blank line.
IRQ_ENTRY = re.compile(r'^\s*asm_(sysvec_\w+|common_interrupt)\+')
KCSAN_ACCESS = re.compile(r' (read|write|read-write)( \(marked\))? to .* by (task|interrupt)')
# Races in core kernel code that a driver's frames are in the stack of only
# because it delivers frames to the stack, each with the reason it is not
# ours: fs/select.c's pwq->triggered, written by pollwake() (a packet
# socket's wakeup, from our NAPI poll) while poll_schedule_timeout() reads
# it; a known benign race of select(2) itself (syzbot has reported it since
# 2019), for any network driver. kernel/time/hrtimer.c's sleeper task
# field, set to NULL by hrtimer_wakeup() in the timer interrupt while
# schedule_hrtimeout_range_clock() tests it with a plain read (hrtimer.c
# 2346 in 6.12): any usleep_range() caller's stack, the emulator's SPI
# transfer among them.
KCSAN_CORE_RACES = {frozenset(('poll_schedule_timeout', 'pollwake')),
                    frozenset(('hrtimer_wakeup', 'schedule_hrtimeout_range_clock'))}


def kcsan_ours(block):
    """Whether a KCSAN report is ours: a frame of one of the project's
    modules in an access's own stack (not below an interrupt's entry), and
    not one of KCSAN_CORE_RACES."""
    title = re.search(r'data-race in (\S+) / (\S+)', block[0])
    if title and frozenset(f.split('.')[0] for f in title.groups()) in KCSAN_CORE_RACES:
        return False
    interrupted = False
    for ln in block:
        text = TS.sub('', ln, count=1)
        if KCSAN_ACCESS.search(text) or not text.strip():
            interrupted = False
        elif IRQ_ENTRY.search(text):
            interrupted = True
        elif not interrupted and OURS.search(text):
            return True
    return False


def parse_args():
    ap = argparse.ArgumentParser()
    ap.add_argument('--log', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--kmemleak', action='store_true')
    ap.add_argument('--vm-seconds', type=int, default=0)
    ap.add_argument('names', nargs='+')
    return ap.parse_args()


def split_log(lines):
    """Console lines outside the final dump, and the dump (None if absent)."""
    console, dump, in_dump = [], None, False
    for line in lines:
        if 'RIG-DMESG-BEGIN' in line:
            in_dump, dump = True, []
            continue
        if 'RIG-DMESG-END' in line:
            in_dump = False
            continue
        (dump if in_dump else console).append(line)
    return console, dump


def kernel_lines(console, dump):
    if dump:
        return [ln for ln in dump if TS.search(ln)]
    # No dump: the VM hung or died. The console has every line of
    # warning level or worse, possibly glued after script output.
    return [ln[TS.search(ln).start():] for ln in console if TS.search(ln)]


def kcsan_block(klines, i, begin):
    """The lines of the KCSAN report that starts at klines[i]."""
    block = [klines[i]]
    for ln in klines[i + 1:i + KCSAN_MAX]:
        if begin.search(ln):
            break
        block.append(ln)
        if KCSAN_END.match(TS.sub('', ln, count=1)):
            break
    return block


def attribute_reports(klines, names):
    """({name: [report excerpt lines]}, {name: [KCSAN reports not ours]})
    by RIG-BEGIN markers."""
    reports = {n: [] for n in names}
    not_ours = {n: [] for n in names}
    current, i = names[0], 0
    begin = re.compile(r'RIG-BEGIN (\S+)$')
    while i < len(klines):
        line = klines[i]
        m = begin.search(line)
        if m and m.group(1) in reports:
            current = m.group(1)
        elif KCSAN.search(line):
            # A data race fails the scenario only if kcsan_ours: a frame of
            # the project's modules in an access's own stack. Races inside core
            # kernel code (the strict kcsan kernel finds many in the
            # scheduler, timers, the network stack) are listed as "not
            # ours" and pass: we answer for our code, not for the kernel's,
            # and a race one of our calls takes part in has that call, so
            # our module, in its stack. What this misses is a core race on
            # an object our code handed over earlier and no longer touches;
            # the listing is there for a human to read.
            block = kcsan_block(klines, i, begin)
            if kcsan_ours(block):
                reports[current].extend(block + ['---'])
            else:
                not_ours[current].extend(block + ['---'])
            i += len(block)
            continue
        elif SPLAT.search(line):
            excerpt = klines[i:i + CONTEXT]
            # Stop the excerpt at the next marker: that is another scenario.
            for k, ln in enumerate(excerpt[1:], 1):
                if begin.search(ln):
                    excerpt = excerpt[:k]
                    break
            reports[current].extend(excerpt + ['---'])
            i += len(excerpt)
            continue
        i += 1
    return reports, not_ours


def parse_kmemleak(console):
    """(found_section, [(jiffies, block lines)])"""
    objs, block, found, inside = [], None, False, False
    for line in console:
        if line.startswith('RIG-KMEMLEAK-BEGIN'):
            found, inside = True, True
            continue
        if line.startswith('RIG-KMEMLEAK-END'):
            inside = False
            continue
        if not inside:
            continue
        if line.startswith('unreferenced object'):
            block = [line]
            objs.append(block)
        elif block is not None:
            block.append(line)
    leaks = []
    for b in objs:
        m = re.search(r'jiffies (\d+)', '\n'.join(b))
        leaks.append((int(m.group(1)) if m else None, b))
    return found, leaks


def main():
    a = parse_args()
    names = a.names
    with open(a.log, errors='replace') as f:
        lines = [ln.rstrip('\n') for ln in f]
    console, dump = split_log(lines)
    klines = kernel_lines(console, dump)

    booted = any(ln.startswith('RIG-INIT:') for ln in console)
    finished = any(ln.startswith('RIG-RESULT:') for ln in console)
    aborted = any(ln.startswith('RIG-ABORT') for ln in console)
    begins, ends, out_of, busy = {}, {}, {}, {}
    current = None
    for line in console:
        m = re.match(r'RIG-SCENARIO-BEGIN: (\S+) jiffies=(\d*) uptime=([\d.]+)', line)
        if m:
            current = m.group(1)
            begins[current] = (int(m.group(2) or 0), float(m.group(3)))
            out_of[current] = []
            continue
        m = re.match(r'RIG-SCENARIO-END: (\S+) rc=(\d+) uptime=([\d.]+)(?: busy_ticks=(\d+))?(?: forks=(\d+))?', line)
        if m:
            ends[m.group(1)] = (int(m.group(2)), float(m.group(3)))
            if m.group(4):
                busy[m.group(1)] = (int(m.group(4)) / 100.0, int(m.group(5) or -1))
            current = None
            continue
        if current:
            out_of[current].append(line)

    reports, not_ours = attribute_reports(klines, names)
    leak_found, leaks = parse_kmemleak(console)
    leak_of = {n: [] for n in names}
    order = [n for n in names if n in begins]
    for jif, block in leaks:
        owner = names[0]
        for n in order:
            if jif is not None and begins[n][0] <= jif:
                owner = n
        leak_of[owner].extend(block + ['---'])
    kmemleak_problem = None
    if a.kmemleak and booted:
        if any('RIG-KMEMLEAK-UNAVAILABLE' in ln for ln in console):
            kmemleak_problem = 'kmemleak is unavailable: leaks cannot be checked'
        elif finished and not leak_found:
            kmemleak_problem = 'the final kmemleak scan did not run'
        elif not leaks and any(LEAK_NOTE.search(ln) for ln in klines):
            kmemleak_problem = 'kmemleak reported leaks that the rig could not read'

    results = []
    for n in names:
        rc, reason, secs = None, '', 0
        if n in begins and n in ends:
            secs = int(ends[n][1] - begins[n][1] + 0.5)
            src = ends[n][0]
            rc = 0
            if src in (124, 93):
                rc, reason = 3, ('time limit reached' if src == 124 else 'rmmod hung')
            elif src == 90 or src == 91:
                rc, reason = 1, 'loading the %s failed' % ('emulator' if src == 90 else 'driver')
            elif src == 92:
                rc, reason = 1, 'a module would not unload'
            elif src != 0:
                rc, reason = 1, 'script failed (rc=%d)' % src
        elif n in begins:
            rc, reason = 3, 'no result: the VM hung or died while it ran'
        elif not booted:
            rc, reason = 3, 'the VM did not boot'
        else:
            rc, reason = -1, 'not run (%s)' % ('batch aborted' if aborted else 'VM ended')
        if reports[n] or leak_of[n]:
            what = ' and '.join(w for w, x in (('kernel report', reports[n]),
                                               ('memory leak', leak_of[n])) if x)
            rc = 2
            reason = what + (' (%s)' % reason if reason else '')
        if kmemleak_problem and rc == 0:
            rc, reason = 2, kmemleak_problem
        n_other = sum(1 for ln in not_ours[n] if KCSAN.search(ln))
        if n_other and rc == 0:
            reason = '%d KCSAN report%s in core kernel code (not ours)' % (
                n_other, '' if n_other == 1 else 's')
        results.append((n, rc, secs, reason))

    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, 'results'), 'w') as f:
        for n, rc, secs, reason in results:
            f.write('%s %d %d %s\n' % (n, rc, secs, reason or '-'))
    # The guest CPUs' busy seconds per scenario (USER_HZ ticks of
    # /proc/stat) and the processes it started.
    with open(os.path.join(a.out, 'cpu'), 'w') as f:
        for n in names:
            if n in busy:
                f.write('%s %.2f %d\n' % (n, busy[n][0], busy[n][1]))
    init_up = next((ln for ln in console if ln.startswith('RIG-INIT:')), '')
    m = re.search(r'uptime ([\d.]+)', init_up)
    phases = {'boot': float(m.group(1)) if m else 0.0, 'vm': a.vm_seconds}
    for line in console:
        m = re.match(r'RIG-T: (\S+) ([\d.]+)', line)
        if m:
            phases.setdefault(m.group(1), float(m.group(2)))
    with open(os.path.join(a.out, 'phases'), 'w') as f:
        for k, v in phases.items():
            f.write('%s %s\n' % (k, v))

    for n, rc, secs, reason in results:
        verdict = {0: 'PASS', -1: 'NOT RUN'}.get(rc, 'FAIL')
        print('==> %s: %s%s (%d s)%s' % (n, verdict, '' if rc <= 0 else '(%d)' % rc,
                                         secs, ': ' + reason if reason else ''))
        other = []
        if not_ours[n]:
            other = ['---- KCSAN reports in core kernel code only (not ours: they do '
                     'not fail the run) ----'] + not_ours[n][:400]
        if rc <= 0:
            if other:
                with open(os.path.join(a.out, n + '.report'), 'w') as f:
                    f.write('\n'.join(other) + '\n')
            continue
        rep = []
        if reports[n]:
            rep += ['---- kernel report (log: %s) ----' % a.log] + reports[n][:200]
        if leak_of[n]:
            rep += ['---- kmemleak ----'] + leak_of[n][:100]
        if rc in (1, 3) or not rep:
            own = out_of.get(n) or console
            fails = [ln for ln in own if ln.startswith('FAIL:')]
            if fails:
                rep += ['---- its failed checks ----'] + fails[:30]
            rep += ['---- last lines of its output ----'] + own[-40:]
        rep += other
        with open(os.path.join(a.out, n + '.report'), 'w') as f:
            f.write('\n'.join(rep) + '\n')
        print('\n'.join(rep))
    return 0


if __name__ == '__main__':
    sys.exit(main())
