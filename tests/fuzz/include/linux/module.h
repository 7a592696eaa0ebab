/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/module.h>: see ../kshim.h. */
#include "../kshim.h"
#define MODULE_DESCRIPTION(s)
#define MODULE_LICENSE(s)
#define MODULE_AUTHOR(s)
#define MODULE_INFO(tag, info)
