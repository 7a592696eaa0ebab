#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Reliability: SPI transfers that fail, before the device acted on them
# (-EIO, -ETIMEDOUT) and after (the entry or frame popped, the TX frame
# queued, the register written), and chip selects cut short, at 0.1 %,
# 1 % and 10 % of transfers, under ping floods both ways. Every frame is
# delivered or counted (drv_account), traffic recovers, the emulator sees
# no protocol violation; one REL: line per phase (drv-rel-lib.sh). The CI
# tier runs the 0.1 % and 1 % rates of -EIO before and after the device
# acted, the stress tier 10 % too (the rate at which a failed pop during
# a resync's drain used to go uncounted: the account names it, "frames
# popped by reads that failed").
# rig-ci-env: REL_FLOOD=120 REL_PROBES=120 REL_SPI_PPM=1000,10000
# rig-stress-env: REL_FLOOD=3000 REL_PROBES=300 REL_SPI_PPM=1000,10000,100000
# rig-budget: 360
# rig-stress-budget: 2400
. /rig/lib.sh
. ./drv-lib.sh
. ./drv-rel-lib.sh

rig_netns_pair || { rig_fail "netns pair"; rig_done; exit 1; }
# No ARP in the floods: every frame counted is one of the floods or probes.
rig_check "neighbours pinned" drv_pin_neigh

ppms=${REL_SPI_PPM:-1000,10000}
for ppm in ${ppms//,/ }; do
	rel_rate spi_eio "$ppm" spi_errors
	rel_rate spi_after_eio "$ppm" spi_errors
done
rel_rate spi_etimedout 10000 spi_errors
rel_rate spi_after_etimedout 10000 spi_errors
rel_rate spi_truncate 10000 spi_errors

drv_dump
drv_done
