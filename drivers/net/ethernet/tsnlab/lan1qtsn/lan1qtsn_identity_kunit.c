// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for LAN1QTSN's stable MAC address (lan1qtsn_identity.c):
 * the address is a pure function of its inputs (a golden value holds it to
 * the same on every build), locally administered and unicast, and another
 * machine, bus or chip select gives another address. Pure: the host run
 * (tests/unit/run.sh) builds it too.
 */
#include <kunit/test.h>
#include <linux/if_ether.h>
#include <linux/module.h>
#include <linux/string.h>

#include "lan1qtsn_identity.h"

/* A string here in every kernel; 6.13 made MODULE_IMPORT_NS() take one. */
MODULE_INFO(import_ns, "EXPORTED_FOR_KUNIT_TESTING");

/* A Raspberry Pi 4's device-tree serial-number has this form. */
#define T_SERIAL	"10000000a1b2c3d4"

static void lan1qtsn_test_mac_stable(struct kunit *test)
{
	/*
	 * Computed once and written down: a change of the derivation would
	 * change every deployed node's address and PTP clock identity.
	 */
	static const u8 golden[ETH_ALEN] = { 0x62, 0x9a, 0x21, 0xed, 0x79, 0x2e };
	u8 a[ETH_ALEN], b[ETH_ALEN];

	lan1qtsn_mac_derive(T_SERIAL, 0, 0, a);
	lan1qtsn_mac_derive(T_SERIAL, 0, 0, b);
	KUNIT_EXPECT_MEMEQ(test, a, b, ETH_ALEN);
	KUNIT_EXPECT_MEMEQ(test, a, golden, ETH_ALEN);
}

static void lan1qtsn_test_mac_kind(struct kunit *test)
{
	static const char *const ids[] = {
		T_SERIAL, "x", "4c414e31-5154-534e-0000-000000000001",
		"10000000a1b2c3d5",
	};
	u8 a[ETH_ALEN];
	int i, cs;

	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		for (cs = 0; cs < 4; cs++) {
			lan1qtsn_mac_derive(ids[i], i, cs, a);
			KUNIT_EXPECT_EQ_MSG(test, a[0] & 0x01, 0,
					    "%s cs %d: multicast", ids[i], cs);
			KUNIT_EXPECT_EQ_MSG(test, a[0] & 0x02, 2,
					    "%s cs %d: not local", ids[i], cs);
		}
	}
}

static void lan1qtsn_test_mac_distinct(struct kunit *test)
{
	u8 base[ETH_ALEN], a[ETH_ALEN];

	lan1qtsn_mac_derive(T_SERIAL, 0, 0, base);
	lan1qtsn_mac_derive(T_SERIAL, 0, 1, a);
	KUNIT_EXPECT_MEMNEQ(test, a, base, ETH_ALEN);
	lan1qtsn_mac_derive(T_SERIAL, 1, 0, a);
	KUNIT_EXPECT_MEMNEQ(test, a, base, ETH_ALEN);
	/* One digit of the serial number. */
	lan1qtsn_mac_derive("10000000a1b2c3d5", 0, 0, a);
	KUNIT_EXPECT_MEMNEQ(test, a, base, ETH_ALEN);
	/* Bus 1 cs 0 is not bus 0 cs 256: the fields do not run together. */
	lan1qtsn_mac_derive(T_SERIAL, 1, 0, base);
	lan1qtsn_mac_derive(T_SERIAL, 0, 256, a);
	KUNIT_EXPECT_MEMNEQ(test, a, base, ETH_ALEN);
}

static void lan1qtsn_test_mac_spread(struct kunit *test)
{
	/*
	 * 255 machines differing in the last byte of their serial number:
	 * no two share an address, and the first byte's free bits (2..7)
	 * take many values, so the hash spreads over all six bytes.
	 */
	static u8 seen[256][ETH_ALEN];
	bool first[64] = {};
	char id[] = T_SERIAL;
	int i, j, firsts = 0;

	for (i = 1; i < 256; i++) {
		id[sizeof(id) - 2] = (char)i;
		lan1qtsn_mac_derive(id, 0, 0, seen[i]);
		for (j = 1; j < i; j++)
			KUNIT_EXPECT_MEMNEQ(test, seen[i], seen[j], ETH_ALEN);
		if (!first[seen[i][0] >> 2]) {
			first[seen[i][0] >> 2] = true;
			firsts++;
		}
	}
	KUNIT_EXPECT_GE(test, firsts, 40);
}

static struct kunit_case lan1qtsn_identity_test_cases[] = {
	KUNIT_CASE(lan1qtsn_test_mac_stable),
	KUNIT_CASE(lan1qtsn_test_mac_kind),
	KUNIT_CASE(lan1qtsn_test_mac_distinct),
	KUNIT_CASE(lan1qtsn_test_mac_spread),
	{}
};

static struct kunit_suite lan1qtsn_identity_suite = {
	.name = "lan1qtsn_identity",
	.test_cases = lan1qtsn_identity_test_cases,
};

kunit_test_suite(lan1qtsn_identity_suite);

MODULE_DESCRIPTION("KUnit tests for the LAN1QTSN stable MAC address");
MODULE_LICENSE("GPL");
