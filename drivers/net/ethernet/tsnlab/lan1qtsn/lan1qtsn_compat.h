/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The driver is written for Linux 6.12 (Raspberry Pi OS, Debian 12) and
 * builds unchanged against newer kernels but for what this header bridges.
 * The Makefile tells which API the kernel has (a grep of its headers), so
 * that no version number decides it.
 */
#ifndef _LAN1QTSN_COMPAT_H
#define _LAN1QTSN_COMPAT_H

#include <linux/hrtimer.h>

/* hrtimer_setup() (6.13) replaced hrtimer_init() plus setting ->function. */
static inline void
lan1qtsn_hrtimer_setup(struct hrtimer *timer,
		       enum hrtimer_restart (*fn)(struct hrtimer *),
		       clockid_t clock, enum hrtimer_mode mode)
{
#ifdef LAN1QTSN_HAVE_HRTIMER_SETUP
	hrtimer_setup(timer, fn, clock, mode);
#else
	hrtimer_init(timer, clock, mode);
	timer->function = fn;
#endif
}

#endif /* _LAN1QTSN_COMPAT_H */
