#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""kcsan-ours-check.py: vm-verdict.py's rule for which KCSAN reports are ours
(kcsan_ours), on reports shaped like the kernel's: a race in our own
function is ours; one whose only frame of ours is below an interrupt's
entry in one stack, but in the other stack's own frames, is ours too; one
whose frames of ours are all below an interrupt's entry is not; a race of
KCSAN_CORE_RACES is not, whatever stack our frames are in. Prints one
PASS or FAIL line; exits 1 on FAIL."""
import importlib.util
import os
import sys

sys.dont_write_bytecode = True

spec = importlib.util.spec_from_file_location(
    'vm_verdict', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'vm-verdict.py'))
vv = importlib.util.module_from_spec(spec)
spec.loader.exec_module(vv)


def report(title, *stacks):
    """A KCSAN block: the title, then each (header, frames) stack."""
    lines = ['[  1.000000] BUG: KCSAN: data-race in ' + title, '[  1.000001] ']
    for header, frames in stacks:
        lines.append('[  1.000002] %s to 0xffff888000000000 of 4 bytes by %s on cpu 0:'
                     % tuple(header.split('|')))
        lines += ['[  1.000003]  ' + f for f in frames]
        lines.append('[  1.000004] ')
    return lines + ['[  1.000005] ' + '=' * 66]


IRQ = ['hrtimer_interrupt+0x11e/0x27e', 'asm_sysvec_apic_timer_interrupt+0x1a/0x20']
cases = [
    ('a race in our own function', True,
     report('lan1qtsn_tx_one / lan1qtsn_rx_one',
            ('write|task 96', ['lan1qtsn_tx_one+0x10/0x80 [lan1qtsn]', 'kthread+0x1/0x2']),
            ('read|task 97', ['lan1qtsn_rx_one+0x10/0x80 [lan1qtsn]']))),
    ('ours in one stack, below an interrupt in the other', True,
     report('foo / bar',
            ('write|interrupt', ['foo+0x1/0x2'] + IRQ + ['emu_transfer_one_message+0x9/0xc [lan1qtsn_emu]']),
            ('read|task 3', ['bar+0x1/0x2', 'lan1qtsn_poll+0x1/0x2 [lan1qtsn]']))),
    ('ours only below an interrupt entry', False,
     report('timekeeping_advance / ktime_get_seconds',
            ('write|interrupt', ['timekeeping_advance+0x683/0x6db'] + IRQ
             + ['spi_sync+0x48/0x76', 'lan1qtsn_bus_read_locked+0xb9/0xd6 [lan1qtsn]']),
            ('read|task 236', ['ktime_get_seconds+0x32/0x43', 'tcp_ack+0x305/0x19f9']))),
    ('a known core race (pollwake / poll_schedule_timeout)', False,
     report('poll_schedule_timeout.constprop.0 / pollwake',
            ('read-write (marked)|task 130', ['poll_schedule_timeout.constprop.0+0xf0/0x105']),
            ('write|interrupt', ['pollwake+0xa1/0xed', 'tpacket_rcv+0xf18/0x102a',
                                 'lan1qtsn_napi_poll+0x1b1/0x1c8 [lan1qtsn]']))),
    ('a known core race (hrtimer_wakeup / schedule_hrtimeout_range_clock)', False,
     report('hrtimer_wakeup / schedule_hrtimeout_range_clock',
            ('write|interrupt', ['hrtimer_wakeup+0x2d/0x4c'] + IRQ
             + ['schedule_hrtimeout_range_clock+0xe1/0x155',
                'emu_transfer_one_message+0xaf5/0xd0f [lan1qtsn_emu]']),
            ('read|task 840', ['schedule_hrtimeout_range_clock+0xe1/0x155',
                               'usleep_range_state+0x8d/0x9e',
                               'emu_transfer_one_message+0xaf5/0xd0f [lan1qtsn_emu]']))),
]
bad = [name for name, want, block in cases if vv.kcsan_ours(block) != want]
if bad:
    print('FAIL: vm-verdict.py kcsan_ours: wrong for: ' + '; '.join(bad))
    sys.exit(1)
print('PASS: vm-verdict.py kcsan_ours: %d KCSAN reports judged ours or not as they must be' % len(cases))
