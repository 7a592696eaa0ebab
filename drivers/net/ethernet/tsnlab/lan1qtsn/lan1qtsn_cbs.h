/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LAN1QTSN credit-based shaper arithmetic for one traffic class
 * (design.md "TSN", 802.1Q-2018 8.6.8.2 and Annex L): the device has no
 * shaper, so the driver keeps each class's credit and gives its frames
 * their earliest start. Pure integer arithmetic on PHC nanoseconds, no
 * kernel state: tested by lan1qtsn_cbs_kunit.c, on the host too.
 *
 * Units as tc and struct tc_cbs_qopt_offload give them: idleslope and
 * sendslope in kbit/s, hicredit and locredit in bytes. The credit is kept
 * in microbits, so that a slope in kbit/s times a time in ns is the credit
 * it earns, exactly (1 kbit/s * 1 ns = 1e-6 bit): no rounding accumulates.
 */
#ifndef LAN1QTSN_CBS_H
#define LAN1QTSN_CBS_H

#include <linux/types.h>

#include "../lan1qtsn_hw.h"

/* The port's transmit rate, kbit/s: what sendslope is relative to. */
#define LAN1QTSN_CBS_PORT_KBPS		(LAN1QTSN_LINK_SPEED_MBPS * 1000)
/* Credit units (microbits) per byte of hicredit or locredit. */
#define LAN1QTSN_CBS_UBIT_PER_BYTE	8000000LL

/**
 * struct lan1qtsn_cbs_params - a CBS configuration, as tc gives it
 * @idleslope: kbit/s the class earns while it waits, 1..the port rate
 * @sendslope: kbit/s it spends while it sends: idleslope - port rate
 * @hicredit: the most credit it can save, bytes, >= 0
 * @locredit: the least credit it can reach, bytes, <= 0
 */
struct lan1qtsn_cbs_params {
	s32 idleslope;
	s32 sendslope;
	s32 hicredit;
	s32 locredit;
};

/**
 * struct lan1qtsn_cbs - one class's shaper state
 * @idleslope: kbit/s, i.e. microbits per ns
 * @sendslope: kbit/s, negative or 0
 * @hicredit: microbits
 * @locredit: microbits
 * @credit: the credit at @t, microbits, within [@locredit, @hicredit]
 * @t: PHC ns at which @credit holds: the end of the class's last frame,
 *     or the last change of @backlog
 * @backlog: the class has frames waiting (the credit grows up to
 *	     @hicredit); without, it grows only back to 0 and a positive
 *	     credit is dropped (802.1Q 8.6.8.2 c)
 */
struct lan1qtsn_cbs {
	s64 idleslope;
	s64 sendslope;
	s64 hicredit;
	s64 locredit;
	s64 credit;
	u64 t;
	bool backlog;
};

int lan1qtsn_cbs_check(const struct lan1qtsn_cbs_params *p, const char **msg);
void lan1qtsn_cbs_init(struct lan1qtsn_cbs *c,
		       const struct lan1qtsn_cbs_params *p, u64 now);
s64 lan1qtsn_cbs_credit_at(const struct lan1qtsn_cbs *c, u64 t);
u64 lan1qtsn_cbs_earliest_start(const struct lan1qtsn_cbs *c, u64 t);
void lan1qtsn_cbs_sent(struct lan1qtsn_cbs *c, u64 start,
		       unsigned int frame_len);
void lan1qtsn_cbs_set_backlog(struct lan1qtsn_cbs *c, u64 t, bool backlog);

#endif /* LAN1QTSN_CBS_H */
