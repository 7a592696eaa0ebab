// SPDX-License-Identifier: GPL-2.0
/*
 * rig_canary: deliberate bugs, one per detector of the debug kernel.
 *
 * Loaded only by the rig self-checks in tests/selfcheck/, one bug per boot:
 *
 *   bug=sleep_in_spinlock  sleeps while holding a spinlock, as the old driver
 *                          did when it read the device clock over SPI from
 *                          ndo_start_xmit (DEBUG_ATOMIC_SLEEP)
 *   bug=leak               allocates 4 KiB and loses the pointer (kmemleak)
 *   bug=kasan              writes one byte past a kmalloc'd buffer (KASAN)
 *   bug=abba               takes mutex A then B, later B then A (lockdep)
 *   bug=warn               WARN_ON(1)
 *   bug=hung               a kthread sleeps uninterruptibly for hung_secs
 *                          seconds (the hung-task detector, once the script
 *                          has lowered kernel.hung_task_timeout_secs)
 *
 * The debug kernel must report each one; if the rig stops seeing one, the
 * rig itself is broken. Every bug is committed once, at load, and the module
 * unloads cleanly afterwards (the hung thread is stopped and waited for).
 */
#include <linux/compiler.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

static char *bug = "none";
module_param(bug, charp, 0444);
MODULE_PARM_DESC(bug,
		 "deliberate bug to commit at load: none, sleep_in_spinlock, leak, kasan, abba, warn or hung");

static unsigned int hung_secs = 20;
module_param(hung_secs, uint, 0444);
MODULE_PARM_DESC(hung_secs,
		 "bug=hung: seconds the thread sleeps uninterruptibly (default 20)");

#define RIG_CANARY_LEAK_LEN	4096
#define RIG_CANARY_KASAN_LEN	128

static DEFINE_SPINLOCK(rig_canary_lock);
static DEFINE_MUTEX(rig_canary_mutex_a);
static DEFINE_MUTEX(rig_canary_mutex_b);
static struct task_struct *rig_canary_thread;

static int rig_canary_sleep_in_spinlock(void)
{
	spin_lock(&rig_canary_lock);
	msleep(20);
	spin_unlock(&rig_canary_lock);
	return 0;
}

static int rig_canary_leak(void)
{
	void *p = kmalloc(RIG_CANARY_LEAK_LEN, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	/*
	 * The only reference dies with this stack frame. The pattern marks the
	 * object in kmemleak's hex dump; without the hiding first, the compiler
	 * drops the stores to memory nothing reads.
	 */
	OPTIMIZER_HIDE_VAR(p);
	memset(p, 0x5a, RIG_CANARY_LEAK_LEN);
	pr_info("rig_canary: leaked %d bytes\n", RIG_CANARY_LEAK_LEN);
	return 0;
}

static int rig_canary_kasan(void)
{
	size_t i = RIG_CANARY_KASAN_LEN;
	char *p = kmalloc(RIG_CANARY_KASAN_LEN, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	/* The compiler must not see that the index is out of bounds. */
	OPTIMIZER_HIDE_VAR(i);
	OPTIMIZER_HIDE_VAR(p);
	p[i] = 0x5a;
	kfree(p);
	return 0;
}

static int rig_canary_abba(void)
{
	/* Sequential, one thread: nothing deadlocks, lockdep still sees it. */
	mutex_lock(&rig_canary_mutex_a);
	mutex_lock(&rig_canary_mutex_b);
	mutex_unlock(&rig_canary_mutex_b);
	mutex_unlock(&rig_canary_mutex_a);

	mutex_lock(&rig_canary_mutex_b);
	mutex_lock(&rig_canary_mutex_a);
	mutex_unlock(&rig_canary_mutex_a);
	mutex_unlock(&rig_canary_mutex_b);
	return 0;
}

static int rig_canary_warn(void)
{
	WARN_ON(1);
	return 0;
}

static int rig_canary_hung_fn(void *data)
{
	unsigned long end = jiffies + (unsigned long)hung_secs * HZ;
	long left;

	/*
	 * TASK_UNINTERRUPTIBLE, not TASK_IDLE: the hung-task detector skips
	 * TASK_NOLOAD sleepers. kthread_stop() still wakes us.
	 */
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		left = (long)(end - jiffies);
		if (kthread_should_stop() || left <= 0)
			break;
		schedule_timeout(left);
	}
	__set_current_state(TASK_RUNNING);

	/* A kthread must not return before kthread_stop(): wait for it. */
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

static int rig_canary_hung(void)
{
	struct task_struct *t;

	t = kthread_run(rig_canary_hung_fn, NULL, "rig_canary_hung");
	if (IS_ERR(t))
		return PTR_ERR(t);
	rig_canary_thread = t;
	pr_info("rig_canary: thread %d sleeps uninterruptibly for %u s\n",
		task_pid_nr(t), hung_secs);
	return 0;
}

static const struct {
	const char *name;
	int (*commit)(void);
} rig_canary_bugs[] = {
	{ "sleep_in_spinlock", rig_canary_sleep_in_spinlock },
	{ "leak", rig_canary_leak },
	{ "kasan", rig_canary_kasan },
	{ "abba", rig_canary_abba },
	{ "warn", rig_canary_warn },
	{ "hung", rig_canary_hung },
};

static int __init rig_canary_init(void)
{
	unsigned int i;

	if (!strcmp(bug, "none"))
		return 0;
	for (i = 0; i < ARRAY_SIZE(rig_canary_bugs); i++) {
		if (!strcmp(bug, rig_canary_bugs[i].name)) {
			pr_info("rig_canary: committing bug=%s\n", bug);
			return rig_canary_bugs[i].commit();
		}
	}
	pr_err("rig_canary: unknown bug=%s\n", bug);
	return -EINVAL;
}

static void __exit rig_canary_exit(void)
{
	/* Wakes the thread even from TASK_UNINTERRUPTIBLE, waits for it. */
	if (rig_canary_thread)
		kthread_stop(rig_canary_thread);
}

module_init(rig_canary_init);
module_exit(rig_canary_exit);
MODULE_DESCRIPTION("lan1qtsn test rig canary: one deliberate bug per kernel detector");
MODULE_LICENSE("GPL");
