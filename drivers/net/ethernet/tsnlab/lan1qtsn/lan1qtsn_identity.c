// SPDX-License-Identifier: GPL-2.0
/*
 * LAN1QTSN's stable MAC address (see lan1qtsn_identity.h).
 */
#include <kunit/visibility.h>
#include <linux/export.h>
#include <linux/if_ether.h>
#include <linux/string.h>

#include "lan1qtsn_identity.h"

/* 64-bit FNV-1a: small, endian-free and the same on every build. */
#define LAN1QTSN_FNV64_OFFSET	0xcbf29ce484222325ULL
#define LAN1QTSN_FNV64_PRIME	0x100000001b3ULL

static u64 lan1qtsn_fnv1a(u64 h, const void *data, size_t len)
{
	const u8 *p = data;

	while (len--) {
		h ^= *p++;
		h *= LAN1QTSN_FNV64_PRIME;
	}
	return h;
}

/**
 * lan1qtsn_mac_derive() - a stable, locally administered MAC address
 * @machine_id: a string unique to the machine (device-tree serial-number,
 *		DMI product UUID), non-empty
 * @bus: the SPI bus number of the HAT
 * @cs: its chip select
 * @addr: ETH_ALEN bytes, set
 *
 * The same inputs give the same address on every boot and every build;
 * another machine, bus or chip select gives another. The address is
 * unicast and locally administered (bits 0 and 1 of the first byte), so it
 * can never collide with a vendor-assigned one.
 */
void lan1qtsn_mac_derive(const char *machine_id, u16 bus, u16 cs, u8 *addr)
{
	/* The NULs keep "ab" + "c" apart from "a" + "bc". */
	static const char domain[] = "lan1qtsn";
	const u8 place[4] = { bus >> 8, bus & 0xff, cs >> 8, cs & 0xff };
	u64 h = LAN1QTSN_FNV64_OFFSET;
	int i;

	h = lan1qtsn_fnv1a(h, domain, sizeof(domain));
	h = lan1qtsn_fnv1a(h, machine_id, strlen(machine_id) + 1);
	h = lan1qtsn_fnv1a(h, place, sizeof(place));
	/* A final mix, so every input bit reaches every output byte. */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	for (i = 0; i < ETH_ALEN; i++)
		addr[i] = h >> (8 * i);
	addr[0] &= ~0x01;	/* unicast */
	addr[0] |= 0x02;	/* locally administered */
}
EXPORT_SYMBOL_IF_KUNIT(lan1qtsn_mac_derive);
