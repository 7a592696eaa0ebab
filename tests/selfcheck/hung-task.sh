#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Rig self-check: a kthread sleeps in TASK_UNINTERRUPTIBLE for 20 s with the
# hung-task timeout lowered to 3 s. The hung-task detector must report it and
# the VM run must fail; the canary unloads cleanly (rmmod wakes the thread).
# The timeout is put back afterwards: 3 s would flag slow steps of any later
# scenario in the same boot.
# rig-args: --no-load
# rig-budget: 60
# rig-expect: rc=2 report=blocked for more than
t=/proc/sys/kernel/hung_task_timeout_secs
read -r old <$t
echo "selfcheck: hung_task_timeout_secs $old -> 3; rig_canary bug=hung hung_secs=20"
echo 3 >$t
insmod /rig/modules/rig_canary.ko bug=hung hung_secs=20
# khungtaskd checks every 3 s now; the report comes within about 6 s.
for _ in $(seq 1 15); do
	sleep 1
	dmesg | grep -q 'rig_canary_hung.* blocked for more than' && break
done
rmmod rig_canary
echo "$old" >$t
echo "selfcheck: hung_task_timeout_secs back to $old"
