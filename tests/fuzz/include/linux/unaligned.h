/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/unaligned.h>: see ../kshim.h. */
#include "../kshim.h"
