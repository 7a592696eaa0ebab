/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/crc32.h>: see ../kshim.h. */
#include "../kshim.h"
