// SPDX-License-Identifier: GPL-2.0
/*
 * LAN1QTSN tc offloads (ndo_setup_tc): mqprio, taprio full offload, cbs
 * and etf become one TX scheduler configuration (lan1qtsn_sched.h).
 *
 * Runs under RTNL in process context. Everything is validated here, so
 * that a refusal reaches the user through extack and leaves the
 * configuration in force untouched. An accepted configuration is published
 * by RCU: the owner thread picks it up before its next TX decision, and
 * tc never waits for the thread or the bus (design.md "TSN").
 */
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <net/pkt_sched.h>

#include "lan1qtsn.h"

/*
 * What the host can feed the device over the SPI link, kbit/s, one
 * direction, full frames (docs/tsn.md): a CBS idleslope above it is
 * accepted but cannot be reached.
 */
#define LAN1QTSN_TC_FEED_KBPS		14000

/*
 * @msg is a static string that says what to change, often longer than the
 * 80 bytes NL_SET_ERR_MSG_FMT() formats into (which cut "make it at least
 * 6720 ns" down to "m" and logged "truncated extack"): extack keeps the
 * pointer itself, as NL_SET_ERR_MSG() does with a literal. tc prints it
 * whole, without the module name.
 */
static int lan1qtsn_tc_refuse(struct netlink_ext_ack *extack, const char *msg)
{
	if (extack)
		extack->_msg = msg;
	return -EOPNOTSUPP;
}

/* A refusal found while building: *@msg says what to change. */
static int lan1qtsn_tc_why(const char **msg, const char *why)
{
	*msg = why;
	return -EINVAL;
}

/* The traffic class of TX queue @q in the netdev's current mapping. */
static unsigned int lan1qtsn_tc_of_queue(struct net_device *ndev,
					 unsigned int q)
{
	int tc;

	if (!netdev_get_num_tc(ndev))
		return 0;
	tc = netdev_txq_to_tc(ndev, q);
	return tc < 0 ? 0 : tc;
}

/**
 * lan1qtsn_tc_build() - the scheduler configuration tc's state gives
 * @priv: the device
 * @st: tc's state (taprio, cbs and etf as configured, perhaps a candidate)
 * @conf: filled in; @conf->cfg.gate is left NULL (the thread points it at
 *	  its own copy of @conf->gate)
 * @msg: on failure, why
 *
 * Return: 0 or -EINVAL with *@msg set.
 */
static int lan1qtsn_tc_build(struct lan1qtsn_priv *priv,
			     const struct lan1qtsn_tc_state *st,
			     struct lan1qtsn_tsn_conf *conf, const char **msg)
{
	struct net_device *ndev = priv->ndev;
	struct lan1qtsn_sched_config *cfg = &conf->cfg;
	unsigned int q, tc, n, num_tc = netdev_get_num_tc(ndev);

	if (READ_ONCE(priv->phc_absent) &&
	    (st->taprio || st->cbs_queues || st->etf_queues))
		return lan1qtsn_tc_why(msg,
				       "the device has no PTP clock (the probe log says why): taprio, cbs and etf offloads need one");
	lan1qtsn_sched_defaults(cfg);
	cfg->num_tc = max(num_tc, 1U);
	for (q = 0; q < LAN1QTSN_TX_QUEUES; q++)
		cfg->ring_tc[q] = lan1qtsn_tc_of_queue(ndev, q);
	if (st->taprio) {
		conf->gate = st->gate;
		for (tc = 0; tc < cfg->num_tc; tc++)
			cfg->mode[tc] |= LAN1QTSN_SCHED_GATE;
	}
	for (q = 0; q < LAN1QTSN_TX_QUEUES; q++) {
		if (!(st->cbs_queues & BIT(q)))
			continue;
		tc = cfg->ring_tc[q];
		for (n = 0; n < LAN1QTSN_TX_QUEUES; n++) {
			if (n != q && cfg->ring_tc[n] == tc)
				return lan1qtsn_tc_why(msg,
						       "cbs offload needs its traffic class to have one TX queue: map it with mqprio or taprio queues 1@N");
		}
		cfg->mode[tc] |= LAN1QTSN_SCHED_CBS;
		cfg->cbs[tc] = st->cbs[q];
		/*
		 * No credit is saved above 0: the driver cannot see when the
		 * device starts a frame, and credit earned while a frame
		 * waits in a ring rather than in the device would let the
		 * class send earlier than 802.1Q allows. A saturated class
		 * still gets its idleslope exactly; one held back by other
		 * traffic does not catch up with a burst (docs/tsn.md).
		 */
		cfg->cbs[tc].hicredit = 0;
	}
	conf->etf_rings = st->etf_queues;
	for (q = 0; q < LAN1QTSN_TX_QUEUES; q++)
		if (st->etf_queues & BIT(q))
			cfg->mode[cfg->ring_tc[q]] |= LAN1QTSN_SCHED_ETF;
	conf->active = st->taprio || st->cbs_queues || st->etf_queues;
	/* The check follows cfg->gate: point it at this candidate's copy. */
	cfg->gate = st->taprio ? &conf->gate : NULL;
	n = lan1qtsn_sched_check(cfg, msg);
	cfg->gate = NULL;
	return n ? -EINVAL : 0;
}

/**
 * lan1qtsn_tc_commit() - validate tc's candidate state and publish it
 * @priv: the device
 * @st: the candidate (a copy of priv->tc with one change)
 * @extack: where a refusal is reported
 *
 * Return: 0 (then @st is in force) or a negative errno (nothing changed).
 */
static int lan1qtsn_tc_commit(struct lan1qtsn_priv *priv,
			      const struct lan1qtsn_tc_state *st,
			      struct netlink_ext_ack *extack)
{
	struct lan1qtsn_tsn_conf *conf, *old;
	const char *msg = NULL;
	int ret;

	conf = kzalloc(sizeof(*conf), GFP_KERNEL);
	if (!conf)
		return -ENOMEM;
	ret = lan1qtsn_tc_build(priv, st, conf, &msg);
	if (ret) {
		kfree(conf);
		return lan1qtsn_tc_refuse(extack, msg);
	}
	priv->tc = *st;
	conf->gen = ++priv->tc.gen;
	old = rcu_replace_pointer(priv->tsn_conf, conf, lockdep_rtnl_is_held());
	if (old)
		kfree_rcu(old, rcu);
	lan1qtsn_dp_kick(priv, LAN1QTSN_EV_TX);
	return 0;
}

/* The netdev's traffic classes changed (mqprio): the mapping follows. */
static int lan1qtsn_tc_remap(struct lan1qtsn_priv *priv,
			     struct netlink_ext_ack *extack)
{
	struct lan1qtsn_tc_state *st;
	int ret;

	st = kmemdup(&priv->tc, sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	ret = lan1qtsn_tc_commit(priv, st, extack);
	kfree(st);
	return ret;
}

static int lan1qtsn_tc_mqprio(struct lan1qtsn_priv *priv,
			      struct tc_mqprio_qopt_offload *mq)
{
	struct tc_mqprio_qopt *qopt = &mq->qopt;
	struct net_device *ndev = priv->ndev;
	unsigned int tc;
	int ret;

	if (!qopt->num_tc) {
		netdev_reset_tc(ndev);
		return lan1qtsn_tc_remap(priv, mq->extack);
	}
	if (mq->preemptible_tcs)
		return lan1qtsn_tc_refuse(mq->extack,
					  "the device has no frame preemption: leave fp unset");
	if (mq->flags & TC_MQPRIO_F_SHAPER && mq->shaper != TC_MQPRIO_SHAPER_DCB)
		return lan1qtsn_tc_refuse(mq->extack,
					  "mqprio bandwidth rate limiting is not offloaded: use cbs children");
	ret = netdev_set_num_tc(ndev, qopt->num_tc);
	if (ret)
		return ret;
	for (tc = 0; tc < qopt->num_tc; tc++)
		netdev_set_tc_queue(ndev, tc, qopt->count[tc], qopt->offset[tc]);
	for (tc = 0; tc <= TC_BITMASK; tc++)
		netdev_set_prio_tc_map(ndev, tc, qopt->prio_tc_map[tc]);
	qopt->hw = TC_MQPRIO_HW_OFFLOAD_TCS;
	ret = lan1qtsn_tc_remap(priv, mq->extack);
	if (ret)
		netdev_reset_tc(ndev);
	return ret;
}

static int lan1qtsn_tc_taprio_replace(struct lan1qtsn_priv *priv,
				      struct tc_taprio_qopt_offload *tq)
{
	struct lan1qtsn_gate_config gc = { };
	struct lan1qtsn_gate_entry *e;
	struct lan1qtsn_tc_state *st;
	const char *msg = NULL;
	unsigned int i;
	u64 now = 0;
	int ret;

	if (tq->mqprio.preemptible_tcs)
		return lan1qtsn_tc_refuse(tq->extack,
					  "the device has no frame preemption: leave fp unset");
	/* Copied as they are: lan1qtsn_gate_compile() judges them. */
	e = kcalloc(tq->num_entries, sizeof(*e), GFP_KERNEL);
	st = kmemdup(&priv->tc, sizeof(*st), GFP_KERNEL);
	if (!e || !st) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < tq->num_entries; i++) {
		e[i].command = tq->entries[i].command;
		e[i].gate_mask = tq->entries[i].gate_mask;
		e[i].interval = tq->entries[i].interval;
	}
	gc.base_time = ktime_to_ns(tq->base_time);
	gc.cycle_time = tq->cycle_time;
	gc.cycle_time_extension = tq->cycle_time_extension;
	gc.num_tc = max_t(unsigned int, tq->mqprio.qopt.num_tc, 1);
	for (i = 0; i < LAN1QTSN_GATE_NUM_TC; i++)
		gc.tc_queues[i] = tq->mqprio.qopt.num_tc ?
				  tq->mqprio.qopt.count[i] : LAN1QTSN_TX_QUEUES;
	gc.num_entries = tq->num_entries;
	gc.entries = e;
	/* Without a clock relation yet the base time is taken as given. */
	lan1qtsn_txsched_phc_now(priv, &now);
	ret = lan1qtsn_gate_compile(&gc, now, &st->gate, &msg);
	if (ret) {
		ret = lan1qtsn_tc_refuse(tq->extack, msg);
		goto out;
	}
	st->taprio = true;
	ret = lan1qtsn_tc_commit(priv, st, tq->extack);
out:
	kfree(st);
	kfree(e);
	return ret;
}

static int lan1qtsn_tc_taprio(struct lan1qtsn_priv *priv,
			      struct tc_taprio_qopt_offload *tq)
{
	struct lan1qtsn_tc_state *st;
	int ret;

	switch (tq->cmd) {
	case TAPRIO_CMD_REPLACE:
		return lan1qtsn_tc_taprio_replace(priv, tq);
	case TAPRIO_CMD_DESTROY:
		st = kmemdup(&priv->tc, sizeof(*st), GFP_KERNEL);
		if (!st)
			return -ENOMEM;
		st->taprio = false;
		ret = lan1qtsn_tc_commit(priv, st, NULL);
		kfree(st);
		return ret;
	case TAPRIO_CMD_STATS:
		lan1qtsn_txsched_taprio_stats(priv, -1, &tq->stats);
		return 0;
	case TAPRIO_CMD_QUEUE_STATS:
		lan1qtsn_txsched_taprio_stats(priv, tq->queue_stats.queue,
					      &tq->queue_stats.stats);
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

static int lan1qtsn_tc_cbs(struct lan1qtsn_priv *priv,
			   struct tc_cbs_qopt_offload *cbs)
{
	struct netlink_ext_ack ea = {};
	struct lan1qtsn_tc_state *c;
	int ret;

	if (cbs->queue < 0 || cbs->queue >= LAN1QTSN_TX_QUEUES)
		return -EINVAL;
	c = kmemdup(&priv->tc, sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	if (cbs->enable) {
		c->cbs_queues |= BIT(cbs->queue);
		c->cbs[cbs->queue].idleslope = cbs->idleslope;
		c->cbs[cbs->queue].sendslope = cbs->sendslope;
		c->cbs[cbs->queue].hicredit = cbs->hicredit;
		c->cbs[cbs->queue].locredit = cbs->locredit;
	} else {
		c->cbs_queues &= ~BIT(cbs->queue);
	}
	/* cbs gives no extack: the reason goes to the kernel log. */
	ret = lan1qtsn_tc_commit(priv, c, &ea);
	if (ret)
		netdev_err(priv->ndev,
			   "cbs offload on queue %d refused: %s (%pe; docs/tsn.md)\n",
			   cbs->queue, ea._msg ?: "no reason given", ERR_PTR(ret));
	else if (cbs->enable && cbs->idleslope > LAN1QTSN_TC_FEED_KBPS)
		netdev_warn(priv->ndev,
			    "cbs idleslope %d kbit/s on queue %d exceeds what the SPI link can feed (about %d kbit/s)\n",
			    cbs->idleslope, cbs->queue, LAN1QTSN_TC_FEED_KBPS);
	kfree(c);
	return ret;
}

static int lan1qtsn_tc_etf(struct lan1qtsn_priv *priv,
			   struct tc_etf_qopt_offload *etf)
{
	struct netlink_ext_ack ea = {};
	struct lan1qtsn_tc_state *c;
	int ret;

	if (etf->queue < 0 || etf->queue >= LAN1QTSN_TX_QUEUES)
		return -EINVAL;
	c = kmemdup(&priv->tc, sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	if (etf->enable)
		c->etf_queues |= BIT(etf->queue);
	else
		c->etf_queues &= ~BIT(etf->queue);
	/* Nor does etf. */
	ret = lan1qtsn_tc_commit(priv, c, &ea);
	if (ret)
		netdev_err(priv->ndev,
			   "etf offload on queue %d refused: %s (%pe; docs/tsn.md)\n",
			   etf->queue, ea._msg ?: "no reason given", ERR_PTR(ret));
	kfree(c);
	return ret;
}

static int lan1qtsn_tc_query_caps(struct tc_query_caps_base *base)
{
	switch (base->type) {
	case TC_SETUP_QDISC_MQPRIO: {
		struct tc_mqprio_caps *caps = base->caps;

		caps->validate_queue_counts = true;
		return 0;
	}
	case TC_SETUP_QDISC_TAPRIO: {
		struct tc_taprio_caps *caps = base->caps;

		caps->supports_queue_max_sdu = false;
		caps->gate_mask_per_txq = false;
		return 0;
	}
	default:
		return -EOPNOTSUPP;
	}
}

/**
 * lan1qtsn_setup_tc() - ndo_setup_tc
 * @ndev: the device
 * @type: what tc offloads
 * @type_data: its parameters
 *
 * Return: 0, -EOPNOTSUPP for what the device does not offload (with an
 * extack message where tc passes one), or another negative errno.
 */
int lan1qtsn_setup_tc(struct net_device *ndev, enum tc_setup_type type,
		      void *type_data)
{
	struct lan1qtsn_priv *priv = netdev_priv(ndev);

	ASSERT_RTNL();
	switch (type) {
	case TC_QUERY_CAPS:
		return lan1qtsn_tc_query_caps(type_data);
	case TC_SETUP_QDISC_MQPRIO:
		return lan1qtsn_tc_mqprio(priv, type_data);
	case TC_SETUP_QDISC_TAPRIO:
		return lan1qtsn_tc_taprio(priv, type_data);
	case TC_SETUP_QDISC_CBS:
		return lan1qtsn_tc_cbs(priv, type_data);
	case TC_SETUP_QDISC_ETF:
		return lan1qtsn_tc_etf(priv, type_data);
	default:
		return -EOPNOTSUPP;
	}
}

/**
 * lan1qtsn_tc_release() - free the published configuration (remove)
 * @priv: the device; its owner thread has stopped
 */
void lan1qtsn_tc_release(struct lan1qtsn_priv *priv)
{
	kfree(rcu_dereference_protected(priv->tsn_conf, true));
	RCU_INIT_POINTER(priv->tsn_conf, NULL);
}
