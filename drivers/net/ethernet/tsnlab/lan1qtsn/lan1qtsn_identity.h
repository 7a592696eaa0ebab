/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LAN1QTSN's stable MAC address: when neither the device tree nor the
 * device gives one, a locally administered unicast address derived from
 * something unique to the machine (a Raspberry Pi's serial number) and the
 * HAT's place on it (SPI bus and chip select), so the node keeps its
 * address, and linuxptp its clock identity, across reboots. Pure code,
 * tested by lan1qtsn_kunit.c, on the host too.
 */
#ifndef LAN1QTSN_IDENTITY_H
#define LAN1QTSN_IDENTITY_H

#include <linux/types.h>

void lan1qtsn_mac_derive(const char *machine_id, u16 bus, u16 cs, u8 *addr);

#endif /* LAN1QTSN_IDENTITY_H */
