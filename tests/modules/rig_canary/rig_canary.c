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
 *   bug=data_race          two kthreads, one per CPU, increment one plain
 *                          shared variable without a lock or READ_ONCE()/
 *                          WRITE_ONCE() for race_ms milliseconds (KCSAN, on
 *                          the kcsan kernel; a harmless loop elsewhere)
 *
 * The debug kernel (the kcsan kernel for data_race) must report each one;
 * if the rig stops seeing one, the rig itself is broken. Every bug is
 * committed once, at load, and the module unloads cleanly afterwards (the
 * hung thread is stopped and waited for; the racers finish within insmod).
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
		 "deliberate bug to commit at load: none, sleep_in_spinlock, leak, kasan, abba, warn, hung or data_race");

static unsigned int hung_secs = 20;
module_param(hung_secs, uint, 0444);
MODULE_PARM_DESC(hung_secs,
		 "bug=hung: seconds the thread sleeps uninterruptibly (default 20)");

static unsigned int race_ms = 2000;
module_param(race_ms, uint, 0444);
MODULE_PARM_DESC(race_ms,
		 "bug=data_race: milliseconds the two threads race (default 2000)");

#define RIG_CANARY_LEAK_LEN	4096
#define RIG_CANARY_KASAN_LEN	128

static DEFINE_SPINLOCK(rig_canary_lock);
static DEFINE_MUTEX(rig_canary_mutex_a);
static DEFINE_MUTEX(rig_canary_mutex_b);
static struct task_struct *rig_canary_thread;
static struct task_struct *rig_canary_racers[2];
/* bug=data_race: the shared variable, written by both racers unmarked. */
static unsigned long rig_canary_racy;

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

static int rig_canary_race_fn(void *data)
{
	unsigned long end = jiffies + msecs_to_jiffies(race_ms);
	unsigned long n = 0;

	/*
	 * KCSAN samples: about one access in KCSAN_SKIP_WATCH (4000, randomised)
	 * becomes a watchpoint that stalls its CPU for up to 80 us while the
	 * other CPU's accesses are checked against it. Two seconds of a tight
	 * loop on two CPUs set thousands of them; one catch is enough. The
	 * plain read-modify-write is the bug; barrier() only keeps the compiler
	 * from folding the loop into one addition.
	 */
	while (time_before(jiffies, end) && !kthread_should_stop()) {
		rig_canary_racy++;
		barrier();
		if (!(++n & 0xfff))
			cond_resched();
	}

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

static int rig_canary_data_race(void)
{
	unsigned int i, cpus = num_online_cpus();
	struct task_struct *t;

	for (i = 0; i < ARRAY_SIZE(rig_canary_racers); i++) {
		t = kthread_create(rig_canary_race_fn, NULL, "rig_canary_race/%u", i);
		if (IS_ERR(t))
			break;
		/* One racer per CPU where there are two: true parallelism. */
		if (cpus > 1)
			kthread_bind(t, i % cpus);
		rig_canary_racers[i] = t;
		wake_up_process(t);
	}
	/* The bug is committed within insmod; rmmod then finds nothing running. */
	msleep(race_ms + 100);
	for (i = 0; i < ARRAY_SIZE(rig_canary_racers); i++) {
		if (rig_canary_racers[i])
			kthread_stop(rig_canary_racers[i]);
		rig_canary_racers[i] = NULL;
	}
	pr_info("rig_canary: two threads raced for %u ms (counter %lu)\n",
		race_ms, READ_ONCE(rig_canary_racy));
	return IS_ERR(t) ? PTR_ERR(t) : 0;
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
	{ "data_race", rig_canary_data_race },
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
