#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Writes the seed corpus of emu_fuzz.c to tests/fuzz/corpus/.

Each seed is a configuration header and a sequence of operations in the
byte format LLVMFuzzerTestOneInput() reads; the seeds walk the model's main
paths (RX with paired reads, TX in and out of windows, register reads, PPS)
so that the fuzzer starts from deep states. Run it after changing that
format; the files are committed.
"""
import os
import struct

OP_RAW, OP_RREAD, OP_RWRITE, OP_ENABLE, OP_META, OP_FRAME, OP_TX = 0, 1, 2, 3, 4, 5, 6
OP_RX, OP_ADVANCE, OP_KNOB, OP_RESET, OP_SPI_FAULT = 8, 10, 11, 12, 13


def header(c0=0x03, c1=0x37, fifo=4000, seed=42):
    # c0: turnaround, latch; c1: 8 metadata entries, 4 TX buffers;
    # freq 0 ppb; start tick 2^24; no RX/TX delay.
    return (bytes([c0, c1]) + struct.pack('>H', 1000) +
            struct.pack('>I', 1 << 24) + bytes([0, 0]) +
            struct.pack('>H', fifo) + struct.pack('>I', seed))


def rx(length, tag=1, bad_fcs=False):
    return bytes([OP_RX, 0x80 if bad_fcs else 0, tag]) + struct.pack('>H', length)


def meta():
    return bytes([OP_META, 0])


def frame():
    return bytes([OP_FRAME, 0])


def tx(length, mode=0, policy=0, tsid=0, prio=0, rel=0, width=0xffff):
    b = (mode << 4) | prio
    out = bytes([OP_TX, b]) + struct.pack('>H', length - 60)
    if mode == 1:
        out += struct.pack('>hH', rel, width)
    return out + struct.pack('>H', 0) + bytes([tsid, policy])


def advance(shift, extra=0, to_next=False):
    return bytes([OP_ADVANCE, shift | (0x80 if to_next else 0), extra])


def spi_fault(kind, fault):
    # kind: 0 SYSTEM_INFO, 1 RX FIFO status, 2 metadata, 3 frame, 4 TX write
    return bytes([OP_SPI_FAULT, kind, fault])


def rread(index, words=2):
    return bytes([OP_RREAD, index, words])


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'corpus')
    os.makedirs(out, exist_ok=True)
    enable = bytes([OP_ENABLE, 0])
    seeds = {
        # Frames arrive, the host reads metadata then frame, in pairs.
        'rx-paired': header() + enable + b''.join(
            rx(n, tag=i) + meta() + frame()
            for i, n in enumerate((64, 60, 1518, 1526, 18))),
        # Several frames queue, the FIFO status is read, then drained.
        'rx-queue': header() + enable + b''.join(rx(64 + i, tag=i) for i in range(6)) +
        rread(0) + b''.join(meta() + frame() for _ in range(6)) + rread(0),
        # Bad FCS with checking on, then the FIFO filling up.
        'rx-full': header(fifo=200) + enable +
        bytes([OP_RWRITE, 5, 0x01, 0, 0, 0, 0x08]) +
        rx(64, bad_fcs=True) + b''.join(rx(64, tag=i) for i in range(12)),
        # TX always open, the scheduler runs.
        'tx-open': header() + enable + tx(64) + tx(1522) + advance(20) +
        tx(100) + advance(24, to_next=True) + rread(2, 1),
        # TX windows ahead of and behind the counter, drop and retry.
        'tx-window': header() + enable + tx(64, mode=1, rel=100, width=50) +
        tx(64, mode=1, rel=-100, width=10, policy=1) +
        tx(64, mode=1, rel=-100, width=10) + advance(16, to_next=True) +
        advance(30),
        # TX queue full, then a reset with a frame on the wire.
        'tx-full': header() + enable + b''.join(tx(1000) for _ in range(6)) +
        advance(10) + bytes([OP_RESET]) + advance(30),
        # PPS programmed, time passes, the oscillator is retuned.
        'pps': header() + enable + bytes([OP_RWRITE, 7, 0x02]) +
        struct.pack('>II', 0, 1000) + bytes([OP_RWRITE, 8, 0x02]) +
        struct.pack('>II', 0, 100000000) + advance(32) +
        bytes([OP_KNOB, 0]) + struct.pack('>I', 1001000) + advance(33),
    }
    # Every SPI-level fault (emu_fuzz.c fz_spi_faults, 9) on every kind of
    # message, with frames in the FIFOs and TX frames going out.
    seeds['spi-faults'] = header() + enable + b''.join(
        rx(64 + f, tag=f) + b''.join(spi_fault(k, f) for k in range(5)) +
        meta() + frame() + advance(16) for f in range(9)) + rread(0)
    for name, data in seeds.items():
        with open(os.path.join(out, name), 'wb') as f:
            f.write(data)


if __name__ == '__main__':
    main()
