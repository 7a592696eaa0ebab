#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Reliability: what the device hands back is wrong. Bit errors on MISO
# (register reads, metadata, frame data), metadata lengths impossible and
# plausible-but-wrong, payload and FCS corruption, and FIFOs that lose their
# pairing (a frame without an entry, an entry without a frame). The driver
# drops what fails its checks (FCS, length), resynchronises when the
# pairing is in doubt, and every frame is delivered or counted; one REL:
# line per phase (drv-rel-lib.sh).
# rig-ci-env: REL_FLOOD=120 REL_PROBES=120
# rig-stress-env: REL_FLOOD=3000 REL_PROBES=300
# rig-budget: 300
# rig-stress-budget: 2400
. /rig/lib.sh
. ./drv-lib.sh
. ./drv-rel-lib.sh

rig_netns_pair || { rig_fail "netns pair"; rig_done; exit 1; }
rig_check "neighbours pinned" drv_pin_neigh

rel_rate miso_bitflip 2000 -
rel_rate meta_len 15000 rx_meta_invalid
rel_rate meta_len_plausible 15000 -
rel_rate rx_payload 30000 rx_fcs_errors
rel_rate rx_fcs 30000 rx_fcs_errors

# Pairing lost: N orphan frames (no entry) or N orphan entries (no frame)
# on board 1 while a floods it.
for kind in rx_orphan_frame rx_orphan_meta; do
	rel_begin
	rel_set "fault_$kind" 3 1
	rel_flood
	t0=$(rig_now_ns 1000000)
	rel_end "$kind" "3 events" "flood ${REL_FLOOD}x2 both ways" "$t0"
	rel_injected "$kind"
	drv_check_violations
done

drv_dump
drv_done
