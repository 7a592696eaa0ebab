// SPDX-License-Identifier: GPL-2.0
/*
 * lan1qtsn_emu: debugfs, /sys/kernel/debug/lan1qtsn_emu/board<N>/.
 * Knobs are plain files; counters, registers and logs are read-only
 * snapshots taken under the board lock. docs/emulator.md lists them all.
 */
#include <linux/debugfs.h>
#include <linux/ktime.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spi/spi.h>

#include "emu.h"

static int emu_spi_device_show(struct seq_file *s, void *unused)
{
	struct emu_board *b = s->private;

	seq_printf(s, "%s\n", dev_name(&b->spi->dev));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(emu_spi_device);

/* A consistent copy of the model, brought up to date first. */
static struct emu_model *emu_snapshot(struct emu_board *b, u64 *now_ns,
				      u64 *wire_alloc_failures, u64 *ev_seq)
{
	struct emu_model *snap;
	unsigned long flags;

	snap = kvmalloc(sizeof(*snap), GFP_KERNEL);
	if (!snap)
		return NULL;
	emu_board_sync(b);
	spin_lock_irqsave(&b->lock, flags);
	*now_ns = ktime_get_raw_ns();
	*snap = b->model;
	if (wire_alloc_failures)
		*wire_alloc_failures = b->wire_alloc_failures;
	/* This board's events below it are in these counters, none above. */
	if (ev_seq)
		*ev_seq = emu_events_next_seq();
	spin_unlock_irqrestore(&b->lock, flags);
	/* The copy shares the FIFO buffers: never follow these. */
	snap->meta = NULL;
	snap->fifo = NULL;
	snap->txq = NULL;
	return snap;
}

static int emu_counters_show(struct seq_file *s, void *unused)
{
	struct emu_board *b = s->private;
	const struct emu_stats *st;
	struct emu_model *m;
	u64 now, allocf, ev_seq;
	char name[32];
	int i;

	m = emu_snapshot(b, &now, &allocf, &ev_seq);
	if (!m)
		return -ENOMEM;
	st = &m->stats;
#define EMU_PR(name, val) seq_printf(s, "%-24s %llu\n", name, (u64)(val))
	EMU_PR("bus_bytes", st->bus_bytes);
	EMU_PR("bus_transactions", st->bus_transactions);
	EMU_PR("bus_busy_ns", st->bus_busy_ns);
	EMU_PR("bus_errors", st->bus_errors);
	EMU_PR("wire_tx_frames", st->wire_tx_frames);
	EMU_PR("wire_tx_bytes", st->wire_tx_bytes);
	EMU_PR("wire_rx_frames", st->wire_rx_frames);
	EMU_PR("wire_alloc_failures", allocf);
	EMU_PR("tx_in_window", st->tx_in_window);
	EMU_PR("tx_in_delay", st->tx_in_delay);
	EMU_PR("tx_dropped_window", st->tx_dropped_window);
	EMU_PR("tx_dropped_malformed", st->tx_dropped_malformed);
	EMU_PR("tx_dropped_no_buffer", st->tx_dropped_no_buffer);
	EMU_PR("tx_dropped_reset", st->tx_dropped_reset);
	EMU_PR("rx_dropped_reset", st->rx_dropped_reset);
	EMU_PR("rx_frames_popped", st->rx_frames_popped);
	EMU_PR("rx_frames_popped_failed", st->rx_frames_popped_failed);
	EMU_PR("rx_frame_reads_empty", st->rx_frame_reads_empty);
	EMU_PR("rx_frame_reads_unheard", st->rx_frame_reads_unheard);
	EMU_PR("tx_writes", st->tx_writes);
	EMU_PR("tx_writes_unseen", st->tx_writes_unseen);
	EMU_PR("rx_dropped_disabled", st->rx_dropped_disabled);
	EMU_PR("rx_dropped_fifo_full", st->rx_dropped_fifo_full);
	EMU_PR("rx_dropped_jumbo", st->rx_dropped_jumbo);
	EMU_PR("rx_dropped_fcs", st->rx_dropped_fcs);
	EMU_PR("rx_dropped_orphan_meta", st->rx_dropped_orphan_meta);
	EMU_PR("meta_reads_empty", st->meta_reads_empty);
	EMU_PR("irq_edges", st->irq_edges);
	EMU_PR("pps_pulses", st->pps_pulses);
	EMU_PR("pps_arms", st->pps_arms);
	EMU_PR("pps_late", st->pps_late);
	EMU_PR("events_next_seq", ev_seq);
	for (i = 0; i < EMU_BUS_KINDS; i++) {
		snprintf(name, sizeof(name), "bus_%s_ns", emu_bus_kind_names[i]);
		EMU_PR(name, st->bus_kind_ns[i]);
		snprintf(name, sizeof(name), "bus_%s_msgs", emu_bus_kind_names[i]);
		EMU_PR(name, st->bus_kind_msgs[i]);
	}
	EMU_PR("bus_frame_bytes", st->bus_frame_bytes);
	EMU_PR("bus_idle_rx_pending_ns", st->bus_idle_rx_pending_ns);
	EMU_PR("bus_idle_queued_ns", st->bus_idle_queued_ns);
	EMU_PR("bus_late_ns", st->bus_late_ns);
	EMU_PR("host_cpu_ns", st->host_cpu_ns);
	EMU_PR("host_timer_ns", st->host_timer_ns);
	for (i = 0; i < EMU_V_COUNT; i++)
		seq_printf(s, "violation_%-14s %llu\n", emu_violation_names[i],
			   st->violations[i]);
	EMU_PR("violations_excused", st->violations_excused);
	for (i = 0; i < EMU_F_COUNT; i++)
		seq_printf(s, "fault_%-18s %llu\n", emu_fault_names[i],
			   st->faults[i]);
#undef EMU_PR
	kvfree(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(emu_counters);

static int emu_registers_show(struct seq_file *s, void *unused)
{
	struct emu_board *b = s->private;
	struct emu_model *m;
	unsigned long flags;
	u32 *regs;
	u16 reg;
	u64 now;

	/* Read through the model itself, with the FIFOs still attached. */
	regs = kcalloc(LAN1QTSN_REG_LAST / 4 + 1, sizeof(*regs), GFP_KERNEL);
	if (!regs)
		return -ENOMEM;
	emu_board_sync(b);
	spin_lock_irqsave(&b->lock, flags);
	m = &b->model;
	now = ktime_get_raw_ns();
	for (reg = 0; reg <= LAN1QTSN_REG_LAST; reg += 4)
		regs[reg / 4] = emu_model_reg_read(m, reg, now);
	spin_unlock_irqrestore(&b->lock, flags);
	for (reg = 0; reg <= LAN1QTSN_REG_LAST; reg += 8)
		if (regs[reg / 4] || regs[reg / 4 + 1])
			seq_printf(s, "0x%03x %08x %08x\n", reg, regs[reg / 4],
				   regs[reg / 4 + 1]);
	kfree(regs);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(emu_registers);

static int emu_violations_show(struct seq_file *s, void *unused)
{
	struct emu_board *b = s->private;
	struct emu_model *m;
	u64 now;
	int v;

	m = emu_snapshot(b, &now, NULL, NULL);
	if (!m)
		return -ENOMEM;
	for (v = 0; v < EMU_V_COUNT; v++)
		seq_printf(s, "%-20s %llu%s%s\n", emu_violation_names[v],
			   m->stats.violations[v],
			   m->stats.violations[v] ? " first: " : "",
			   m->stats.violations[v] ? m->viol_detail[v] : "");
	kvfree(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(emu_violations);

static const char *const emu_verdict_names[] = {
	[EMU_SENT_IN_WINDOW] = "window",
	[EMU_SENT_IN_DELAY] = "delay",
	[EMU_DROPPED] = "drop",
};

static int emu_launch_log_show(struct seq_file *s, void *unused)
{
	struct emu_board *b = s->private;
	const struct emu_launch_rec *r;
	struct emu_model *m;
	u32 n, i, first;
	u64 now;

	m = emu_snapshot(b, &now, NULL, NULL);
	if (!m)
		return -ENOMEM;
	seq_puts(s, "# seq len fcs tsid from29 to29 dfrom29 dto29 prio start_tick start29 verdict\n");
	n = min_t(u64, m->launch_log_total, EMU_LAUNCH_LOG_LEN);
	first = (m->launch_log_next + EMU_LAUNCH_LOG_LEN - n) %
		EMU_LAUNCH_LOG_LEN;
	for (i = 0; i < n; i++) {
		r = &m->launch_log[(first + i) % EMU_LAUNCH_LOG_LEN];
		seq_printf(s, "%u %u %08x %u %u %u %u %u %u %llu %llu %s\n",
			   r->seq, r->len, r->fcs, r->tsid,
			   r->from >> LAN1QTSN_TICK_SHIFT,
			   r->to >> LAN1QTSN_TICK_SHIFT,
			   r->dfrom >> LAN1QTSN_TICK_SHIFT,
			   r->dto >> LAN1QTSN_TICK_SHIFT,
			   (u32)(r->from & LAN1QTSN_PRIO_MASK), r->start_tick,
			   r->start_tick & LAN1QTSN_TICK_MASK,
			   emu_verdict_names[r->verdict]);
	}
	kvfree(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(emu_launch_log);

static int emu_pps_log_show(struct seq_file *s, void *unused)
{
	struct emu_board *b = s->private;
	const struct emu_pps_rec *r;
	struct emu_model *m;
	u64 n, i, now;

	m = emu_snapshot(b, &now, NULL, NULL);
	if (!m)
		return -ENOMEM;
	seq_printf(s, "# pulses %llu\n", m->stats.pps_pulses);
	seq_puts(s, "# index counter host_raw_ns\n");
	n = min_t(u64, m->stats.pps_pulses, EMU_PPS_LOG_LEN);
	for (i = m->stats.pps_pulses - n; i < m->stats.pps_pulses; i++) {
		r = &m->pps_log[i % EMU_PPS_LOG_LEN];
		seq_printf(s, "%llu %llu %llu\n", i, r->tick, r->host_ns);
	}
	kvfree(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(emu_pps_log);

static int emu_state_show(struct seq_file *s, void *unused)
{
	struct emu_board *b = s->private;
	struct emu_model *m;
	u64 now;

	m = emu_snapshot(b, &now, NULL, NULL);
	if (!m)
		return -ENOMEM;
	seq_printf(s, "host_ns %llu\n", now);
	seq_printf(s, "counter %llu\n", emu_model_counter(m, now));
	seq_printf(s, "ppb %d\n", emu_model_ppb_at(m, now));
	seq_printf(s, "tsn_enable %u\n",
		   (u32)(m->regs.system_control & LAN1QTSN_TSN_ENABLE));
	seq_printf(s, "irq_line %s\n",
		   emu_model_irq_line_low(m) ? "low" : "high");
	seq_printf(s, "irq_trigger %s\n",
		   READ_ONCE(b->irq_level) ? "level-low" : "edge");
	seq_printf(s, "irq %u\n", b->virq);
	seq_printf(s, "rx_meta_entries %u\n", m->meta_count);
	seq_printf(s, "rx_fifo_bytes %u\n", m->fifo_bytes);
	seq_printf(s, "rx_unread_frames %u\n", m->unread_frames);
	seq_printf(s, "tx_queued %u\n", m->txq_count);
	seq_printf(s, "tx_free_buffers %u\n", emu_model_free_buffers(m));
	seq_printf(s, "peer %d\n", b->peer ? b->peer->index : -1);
	seq_printf(s, "pairing_excused %u\n", m->pairing_excused);
	seq_printf(s, "deaf %u\n", now < m->deaf_until_ns);
	kvfree(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(emu_state);

/* Knobs that change the model under the lock, then replan. */
static int emu_freq_ppb_get(void *data, u64 *val)
{
	struct emu_board *b = data;

	*val = (u64)(s64)READ_ONCE(b->model.cfg.freq_ppb);
	return 0;
}

static int emu_freq_ppb_set(void *data, u64 val)
{
	struct emu_board *b = data;
	s64 ppb = (s64)val;
	unsigned long flags;

	if (ppb < -1000000 || ppb > 1000000)
		return -ERANGE;
	emu_board_sync(b);
	spin_lock_irqsave(&b->lock, flags);
	emu_model_set_freq(&b->model, ppb, ktime_get_raw_ns());
	b->model_next_ns = emu_model_advance(&b->model, ktime_get_raw_ns());
	emu_board_kick_locked(b);
	spin_unlock_irqrestore(&b->lock, flags);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(emu_freq_ppb_fops, emu_freq_ppb_get, emu_freq_ppb_set,
			 "%lld\n");

/* Oscillator knobs: wander, its seed, the script, PPS when late. */
static void emu_osc_replan_locked(struct emu_board *b, u64 now)
{
	b->model_next_ns = emu_model_advance(&b->model, now);
	emu_board_kick_locked(b);
}

static int emu_wander_ppb_get(void *data, u64 *val)
{
	struct emu_board *b = data;

	*val = READ_ONCE(b->model.osc.wander_step_ppb);
	return 0;
}

static int emu_wander_ppb_set(void *data, u64 val)
{
	struct emu_board *b = data;
	unsigned long flags;
	u64 now;

	if (val > EMU_PPB_MAX)
		return -ERANGE;
	emu_board_sync(b);
	spin_lock_irqsave(&b->lock, flags);
	now = ktime_get_raw_ns();
	emu_osc_set_wander(&b->model, val, b->model.osc.wander_interval_ms, now);
	emu_osc_replan_locked(b, now);
	spin_unlock_irqrestore(&b->lock, flags);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(emu_wander_ppb_fops, emu_wander_ppb_get,
			 emu_wander_ppb_set, "%llu\n");

static int emu_wander_ms_get(void *data, u64 *val)
{
	struct emu_board *b = data;

	*val = READ_ONCE(b->model.osc.wander_interval_ms);
	return 0;
}

static int emu_wander_ms_set(void *data, u64 val)
{
	struct emu_board *b = data;
	unsigned long flags;
	u64 now;

	if (!val || val > 3600000)
		return -ERANGE;
	emu_board_sync(b);
	spin_lock_irqsave(&b->lock, flags);
	now = ktime_get_raw_ns();
	emu_osc_set_wander(&b->model, b->model.osc.wander_step_ppb, val, now);
	emu_osc_replan_locked(b, now);
	spin_unlock_irqrestore(&b->lock, flags);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(emu_wander_ms_fops, emu_wander_ms_get,
			 emu_wander_ms_set, "%llu\n");

static int emu_osc_seed_get(void *data, u64 *val)
{
	struct emu_board *b = data;
	unsigned long flags;

	spin_lock_irqsave(&b->lock, flags);
	*val = b->model.osc.seed;
	spin_unlock_irqrestore(&b->lock, flags);
	return 0;
}

static int emu_osc_seed_set(void *data, u64 val)
{
	struct emu_board *b = data;
	unsigned long flags;

	spin_lock_irqsave(&b->lock, flags);
	emu_osc_seed(&b->model, val);
	spin_unlock_irqrestore(&b->lock, flags);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(emu_osc_seed_fops, emu_osc_seed_get, emu_osc_seed_set,
			 "0x%llx\n");

/* freq_script: "after_ms ppb" lines, from the moment of the write. */
static int emu_script_show(struct seq_file *s, void *unused)
{
	struct emu_board *b = s->private;
	struct emu_osc *o;
	unsigned long flags;
	u32 i;

	o = kmalloc(sizeof(*o), GFP_KERNEL);
	if (!o)
		return -ENOMEM;
	emu_board_sync(b);
	spin_lock_irqsave(&b->lock, flags);
	*o = b->model.osc;
	spin_unlock_irqrestore(&b->lock, flags);
	seq_printf(s, "# written_raw_ns %llu steps %u applied %u\n",
		   o->script_t0, o->script_n, o->script_next);
	for (i = 0; i < o->script_n; i++)
		seq_printf(s, "%u %d%s\n", o->script[i].after_ms,
			   o->script[i].ppb,
			   i < o->script_next ? " applied" : "");
	kfree(o);
	return 0;
}

static int emu_script_open(struct inode *inode, struct file *file)
{
	return single_open(file, emu_script_show, inode->i_private);
}

static ssize_t emu_script_write(struct file *file, const char __user *ubuf,
				size_t len, loff_t *ppos)
{
	struct emu_board *b = file_inode(file)->i_private;
	u32 after[EMU_OSC_SCRIPT_MAX];
	s32 ppb[EMU_OSC_SCRIPT_MAX];
	char *buf, *line, *cur;
	unsigned long flags;
	u32 n = 0;
	int ret;
	u64 now;

	if (len > 4096)
		return -E2BIG;
	buf = memdup_user_nul(ubuf, len);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	cur = buf;
	ret = 0;
	while ((line = strsep(&cur, "\n")) != NULL) {
		line = strim(line);
		if (!*line || *line == '#')
			continue;
		if (n == EMU_OSC_SCRIPT_MAX) {
			ret = -E2BIG;
			break;
		}
		if (sscanf(line, "%u %d", &after[n], &ppb[n]) != 2) {
			ret = -EINVAL;
			break;
		}
		n++;
	}
	kfree(buf);
	if (ret)
		return ret;
	emu_board_sync(b);
	spin_lock_irqsave(&b->lock, flags);
	now = ktime_get_raw_ns();
	/* Later write() calls of the same open add to the script. */
	ret = emu_osc_set_script(&b->model, after, ppb, n, *ppos > 0, now);
	if (!ret)
		emu_osc_replan_locked(b, now);
	spin_unlock_irqrestore(&b->lock, flags);
	if (ret)
		return ret;
	*ppos += len;
	return len;
}

static const struct file_operations emu_script_fops = {
	.owner = THIS_MODULE,
	.open = emu_script_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
	.write = emu_script_write,
};

static int emu_tx_stuck_get(void *data, u64 *val)
{
	struct emu_board *b = data;

	*val = READ_ONCE(b->model.cfg.fault_tx_stuck);
	return 0;
}

static int emu_tx_stuck_set(void *data, u64 val)
{
	struct emu_board *b = data;
	unsigned long flags;

	emu_board_sync(b);
	spin_lock_irqsave(&b->lock, flags);
	if (val && !b->model.cfg.fault_tx_stuck)
		b->model.stats.faults[EMU_F_TX_STUCK]++;
	b->model.cfg.fault_tx_stuck = !!val;
	b->model_next_ns = emu_model_advance(&b->model, ktime_get_raw_ns());
	emu_board_kick_locked(b);
	spin_unlock_irqrestore(&b->lock, flags);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(emu_tx_stuck_fops, emu_tx_stuck_get, emu_tx_stuck_set,
			 "%llu\n");

/*
 * A u32 knob the model reads under the board lock, written under it too
 * (see struct emu_knob); values above its maximum are refused.
 */
static int emu_knob_get(void *data, u64 *val)
{
	struct emu_knob *k = data;
	unsigned long flags;

	spin_lock_irqsave(&k->b->lock, flags);
	*val = *k->val;
	spin_unlock_irqrestore(&k->b->lock, flags);
	return 0;
}

static int emu_knob_set(void *data, u64 val)
{
	struct emu_knob *k = data;
	unsigned long flags;

	if (val > k->max)
		return -EINVAL;
	spin_lock_irqsave(&k->b->lock, flags);
	/* Some readers (fault_irq_delay_us) do not take the lock. */
	WRITE_ONCE(*k->val, val);
	spin_unlock_irqrestore(&k->b->lock, flags);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(emu_knob_fops, emu_knob_get, emu_knob_set, "%llu\n");

static void emu_knob_create_max(struct emu_board *b, const char *name,
				u32 *val, u32 max)
{
	struct emu_knob *k;

	if (WARN_ON_ONCE(b->n_knobs >= ARRAY_SIZE(b->knobs)))
		return;
	k = &b->knobs[b->n_knobs++];
	k->b = b;
	k->val = val;
	k->max = max;
	debugfs_create_file_unsafe(name, 0644, b->dir, k, &emu_knob_fops);
}

static void emu_knob_create(struct emu_board *b, const char *name, u32 *val)
{
	emu_knob_create_max(b, name, val, U32_MAX);
}

static int emu_seed_get(void *data, u64 *val)
{
	struct emu_board *b = data;
	unsigned long flags;

	spin_lock_irqsave(&b->lock, flags);
	*val = b->model.seed;
	spin_unlock_irqrestore(&b->lock, flags);
	return 0;
}

/* Restart the fault generator: the same seed gives the same draws. */
static int emu_seed_set(void *data, u64 val)
{
	struct emu_board *b = data;
	unsigned long flags;

	spin_lock_irqsave(&b->lock, flags);
	emu_model_seed(&b->model, val);
	spin_unlock_irqrestore(&b->lock, flags);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(emu_seed_fops, emu_seed_get, emu_seed_set,
			 "0x%llx\n");

static int emu_irq_stuck_get(void *data, u64 *val)
{
	struct emu_board *b = data;

	*val = READ_ONCE(b->model.cfg.fault_irq_stuck_low);
	return 0;
}

/* Forcing a high line low is a falling edge; releasing it is none. */
static int emu_irq_stuck_set(void *data, u64 val)
{
	struct emu_board *b = data;
	unsigned long flags;
	bool was_low, edge;

	spin_lock_irqsave(&b->lock, flags);
	was_low = emu_model_irq_line_low(&b->model);
	if (val && !b->model.cfg.fault_irq_stuck_low)
		b->model.stats.faults[EMU_F_IRQ_STUCK_LOW]++;
	b->model.cfg.fault_irq_stuck_low = !!val;
	edge = !was_low && emu_model_irq_line_low(&b->model);
	if (edge) {
		struct emu_event ev = {
			.type = EMU_EV_IRQ,
			.verdict = EMU_IRQ_FIRED,
			.wire_id = EMU_WIRE_ID_NONE,
		};

		b->model.stats.irq_edges++;
		emu_event_glue(b->index, &ev);
	}
	spin_unlock_irqrestore(&b->lock, flags);
	if (edge)
		emu_irq_fire(b);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(emu_irq_stuck_fops, emu_irq_stuck_get,
			 emu_irq_stuck_set, "%llu\n");

static int emu_reset_set(void *data, u64 val)
{
	struct emu_board *b = data;
	unsigned long flags;

	if (!val)
		return 0;
	spin_lock_irqsave(&b->lock, flags);
	b->model.stats.faults[EMU_F_RESET]++;
	emu_model_reset(&b->model, ktime_get_raw_ns());
	b->model_next_ns = 0;
	spin_unlock_irqrestore(&b->lock, flags);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(emu_reset_fops, NULL, emu_reset_set, "%llu\n");

static int emu_irq_fire_set(void *data, u64 val)
{
	struct emu_event ev = {
		.type = EMU_EV_IRQ,
		.verdict = EMU_IRQ_SPURIOUS,
		.wire_id = EMU_WIRE_ID_NONE,
	};
	struct emu_board *b = data;
	unsigned long flags;

	for (; val; val--) {
		spin_lock_irqsave(&b->lock, flags);
		b->model.stats.faults[EMU_F_IRQ_SPURIOUS]++;
		b->model.stats.irq_edges++;
		emu_event_glue(b->index, &ev);
		spin_unlock_irqrestore(&b->lock, flags);
		emu_irq_fire(b);
	}
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(emu_irq_fire_fops, NULL, emu_irq_fire_set, "%llu\n");

static int emu_clear_set(void *data, u64 val)
{
	struct emu_board *b = data;
	unsigned long flags;

	if (!val)
		return 0;
	spin_lock_irqsave(&b->lock, flags);
	memset(&b->model.stats, 0, sizeof(b->model.stats));
	b->model.viol_logged = 0;
	b->model.viol_new = 0;
	b->model.launch_log_total = 0;
	b->model.launch_log_next = 0;
	b->wire_alloc_failures = 0;
	spin_unlock_irqrestore(&b->lock, flags);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(emu_clear_fops, NULL, emu_clear_set, "%llu\n");

void emu_debugfs_board(struct emu_board *b, struct dentry *root)
{
	struct emu_model_cfg *cfg = &b->model.cfg;
	char name[40];
	struct dentry *d;
	int i;

	snprintf(name, sizeof(name), "board%d", b->index);
	d = debugfs_create_dir(name, root);
	b->dir = d;

	debugfs_create_file("spi_device", 0444, d, b, &emu_spi_device_fops);
	debugfs_create_file("counters", 0444, d, b, &emu_counters_fops);
	debugfs_create_file("registers", 0444, d, b, &emu_registers_fops);
	debugfs_create_file("violations", 0444, d, b, &emu_violations_fops);
	debugfs_create_file("launch_log", 0444, d, b, &emu_launch_log_fops);
	debugfs_create_file("pps_log", 0444, d, b, &emu_pps_log_fops);
	debugfs_create_file("state", 0444, d, b, &emu_state_fops);

	debugfs_create_u32("spi_hz", 0644, d, &b->spi_hz);
	debugfs_create_u32("xfer_overhead_ns", 0644, d, &b->overhead_ns);
	debugfs_create_u32("wire_delay_ns", 0644, d, &b->wire_delay_ns);
	debugfs_create_bool("strict", 0644, d, &b->strict);
	debugfs_create_bool("turnaround", 0644, d, &cfg->turnaround);
	debugfs_create_bool("latch", 0644, d, &cfg->latch);
	debugfs_create_bool("device_fcs", 0644, d, &cfg->device_fcs);
	emu_knob_create(b, "rx_delay_ns", &cfg->rx_delay_ns);
	emu_knob_create(b, "tx_delay_ns", &cfg->tx_delay_ns);
	emu_knob_create(b, "rx_meta_limit", &cfg->rx_meta_limit);
	emu_knob_create(b, "rx_fifo_limit", &cfg->rx_fifo_limit);
	emu_knob_create(b, "tx_buffers", &cfg->tx_buffers);
	debugfs_create_x64("start_tick", 0644, d, &cfg->start_tick);
	debugfs_create_x32("system_info", 0644, d, &cfg->system_info);
	debugfs_create_file_unsafe("freq_ppb", 0644, d, b, &emu_freq_ppb_fops);
	emu_knob_create(b, "phase_noise_ns", &cfg->phase_noise_ns);
	debugfs_create_file_unsafe("wander_ppb", 0644, d, b,
				   &emu_wander_ppb_fops);
	debugfs_create_file_unsafe("wander_interval_ms", 0644, d, b,
				   &emu_wander_ms_fops);
	debugfs_create_file_unsafe("osc_seed", 0644, d, b, &emu_osc_seed_fops);
	debugfs_create_file("freq_script", 0644, d, b, &emu_script_fops);
	emu_knob_create_max(b, "pps_late", &cfg->pps_late, EMU_PPS_LATE_MAX);
	/* Realism knobs, read by the model under the lock. */
	emu_knob_create(b, "tx_tstamp_latency_ns", &cfg->tx_tstamp_latency_ns);
	emu_knob_create(b, "launch_latency_ns", &cfg->launch_latency_ns);
	emu_knob_create(b, "tx_phy_ns", &cfg->tx_phy_ns);
	emu_knob_create(b, "fbw_latency_ns", &cfg->fbw_latency_ns);
	debugfs_create_u32("spi_max_hz", 0644, d, &b->spi_max_hz);

	for (i = 0; i <= EMU_F_RATE_LAST; i++) {
		snprintf(name, sizeof(name), "fault_%s_ppm", emu_fault_names[i]);
		emu_knob_create(b, name, &cfg->fault_ppm[i]);
		snprintf(name, sizeof(name), "fault_%s_next", emu_fault_names[i]);
		emu_knob_create(b, name, &cfg->fault_next[i]);
	}
	debugfs_create_file_unsafe("fault_seed", 0644, d, b, &emu_seed_fops);
	emu_knob_create(b, "fault_rx_overflow", &cfg->fault_rx_overflow_n);
	emu_knob_create(b, "fault_rx_orphan_frame", &cfg->fault_rx_orphan_frame_n);
	emu_knob_create(b, "fault_rx_orphan_meta", &cfg->fault_rx_orphan_meta_n);
	emu_knob_create_max(b, "fault_miso_stuck", &cfg->fault_miso_stuck,
			    EMU_MISO_STUCK_FF);
	emu_knob_create(b, "fault_reset_deaf_ms", &cfg->fault_reset_deaf_ms);
	emu_knob_create_max(b, "fault_addr_eio", &cfg->fault_addr_eio, U16_MAX);
	emu_knob_create(b, "fault_irq_delay_us", &b->irq_delay_us);
	debugfs_create_file_unsafe("fault_irq_stuck_low", 0644, d, b,
				   &emu_irq_stuck_fops);
	/* The kernel's own attributes: probability, interval, times... */
	if (IS_ENABLED(CONFIG_FAULT_INJECTION)) {
		fault_create_debugfs_attr("fail_spi", d, &b->fail_spi);
		fault_create_debugfs_attr("fail_spi_after", d,
					  &b->fail_spi_after);
	}
	debugfs_create_file_unsafe("fault_tx_stuck", 0644, d, b,
				   &emu_tx_stuck_fops);
	debugfs_create_file_unsafe("fault_reset", 0200, d, b, &emu_reset_fops);
	debugfs_create_file_unsafe("fault_irq_fire", 0200, d, b,
				   &emu_irq_fire_fops);
	debugfs_create_file_unsafe("clear_counters", 0200, d, b,
				   &emu_clear_fops);
}

/*
 * /sys/kernel/debug/lan1qtsn_emu/clocks: ground truth at one host instant.
 * The raw time is taken once; each board is brought up to that instant
 * and read under its own lock, one board at a time, all at the same time.
 */
struct emu_clocks {
	struct emu_board **boards;
	unsigned int n;
};

static struct emu_clocks emu_clocks_data;

static int emu_clocks_show(struct seq_file *s, void *unused)
{
	struct emu_clocks *c = s->private;
	struct emu_board *b;
	unsigned long flags;
	u64 raw, mono, cnt;
	unsigned int i;
	s32 ppb;

	local_irq_save(flags);
	raw = ktime_get_raw_ns();
	mono = ktime_get_ns();
	local_irq_restore(flags);
	seq_printf(s, "host_raw_ns %llu\n", raw);
	seq_printf(s, "host_mono_ns %llu\n", mono);
	seq_puts(s, "# board counter ppb\n");
	for (i = 0; i < c->n; i++) {
		b = c->boards[i];
		if (!b)
			continue;
		emu_board_sync_at(b, raw);
		spin_lock_irqsave(&b->lock, flags);
		cnt = emu_model_counter(&b->model, raw);
		ppb = emu_model_ppb_at(&b->model, raw);
		spin_unlock_irqrestore(&b->lock, flags);
		seq_printf(s, "board%u %llu %d\n", i, cnt, ppb);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(emu_clocks);

struct dentry *emu_debugfs_clocks(struct dentry *root, struct emu_board **boards,
				  unsigned int n)
{
	emu_clocks_data.boards = boards;
	emu_clocks_data.n = n;
	return debugfs_create_file("clocks", 0444, root, &emu_clocks_data,
				   &emu_clocks_fops);
}
