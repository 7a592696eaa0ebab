#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Reliability: the interrupt line misbehaves. Lost edges (10 %), late
# edges (2 ms), spurious interrupts (2 % of transfers) and a line stuck low
# for 3 s. Lost and stuck lines are covered by polling (once a second idle,
# every 10 ms after a poll found unannounced frames; a level line that
# fires with nothing to read is masked for a second): no frame is lost
# that the device did not count, and traffic recovers; one REL: line per
# phase (drv-rel-lib.sh). drv-rel-irq-level runs it with a level-low line.
# rig-ci-env: REL_FLOOD=120 REL_PROBES=120
# rig-stress-env: REL_FLOOD=3000 REL_PROBES=300
# rig-budget: 240
# rig-stress-budget: 1800
. /rig/lib.sh
. ./drv-lib.sh
. ./drv-rel-lib.sh

rig_netns_pair || { rig_fail "netns pair"; rig_done; exit 1; }
rig_check "neighbours pinned" drv_pin_neigh

rel_rate irq_lost 100000 -
rel_rate irq_spurious 20000 rx_empty_polls

rel_begin
rel_set fault_irq_delay_us 2000
rel_flood
rel_set fault_irq_delay_us 0
t0=$(rig_now_ns 1000000)
rel_end irq_delay "2000us" "flood ${REL_FLOOD}x2 both ways" "$t0"
drv_check_violations

rel_begin
rel_set fault_irq_stuck_low 1
rel_flood
sleep 2
rel_set fault_irq_stuck_low 0
t0=$(rig_now_ns 1000000)
rel_end irq_stuck_low "3 s" "flood ${REL_FLOOD}x2 both ways" "$t0"
rel_injected irq_stuck_low
drv_check_violations

drv_dump
drv_done
