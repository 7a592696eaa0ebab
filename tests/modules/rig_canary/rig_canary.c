// SPDX-License-Identifier: GPL-2.0
/*
 * rig_canary: a deliberate bug of the class that crashed the old driver.
 *
 * Loaded only by tests/selfcheck/atomic-sleep.sh. With bug=sleep_in_spinlock
 * it sleeps while holding a spinlock, as the old driver did when it read the
 * device clock over SPI from ndo_start_xmit. The debug kernel must report
 * it; if the rig stops seeing it, the rig itself is broken.
 */
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/spinlock.h>
#include <linux/string.h>

static char *bug = "none";
module_param(bug, charp, 0444);
MODULE_PARM_DESC(bug, "deliberate bug to commit at load: none or sleep_in_spinlock");

static DEFINE_SPINLOCK(rig_canary_lock);

static int __init rig_canary_init(void)
{
	if (!strcmp(bug, "sleep_in_spinlock")) {
		spin_lock(&rig_canary_lock);
		msleep(20);
		spin_unlock(&rig_canary_lock);
	}
	/* Always 0: a failing init would be retried by some insmod versions. */
	return 0;
}

static void __exit rig_canary_exit(void)
{
}

module_init(rig_canary_init);
module_exit(rig_canary_exit);
MODULE_DESCRIPTION("lan1qtsn test rig canary: deliberate sleep in atomic context");
MODULE_LICENSE("GPL");
