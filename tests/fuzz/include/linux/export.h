/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/export.h>: see ../kshim.h. */
#include "../kshim.h"
