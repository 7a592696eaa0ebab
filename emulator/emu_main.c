// SPDX-License-Identifier: GPL-2.0
/*
 * lan1qtsn_emu: emulated LAN1QTSN boards behind emulated SPI controllers.
 *
 * Each board gets a platform device, an SPI controller whose messages go to
 * the device model, an SPI device "lan1qtsn" with an interrupt from a
 * simulated irq domain, and a debugfs directory. Boards 0 and 1, 2 and 3,
 * ... are cabled back to back.
 */
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/etherdevice.h>
#include <linux/interrupt.h>
#include <linux/irq_sim.h>
#include <linux/irqdomain.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/spi/spi.h>
#include <linux/vmalloc.h>

#include "emu.h"

#define EMU_MAX_BOARDS	8

static unsigned int boards = 2;
module_param(boards, uint, 0444);
MODULE_PARM_DESC(boards, "number of emulated boards (pairs are cabled), default 2");

static bool strict = true;
module_param(strict, bool, 0444);
MODULE_PARM_DESC(strict, "log the first host protocol violation of each kind (default on)");

static unsigned int spi_hz = EMU_DEF_SPI_HZ;
module_param(spi_hz, uint, 0444);
MODULE_PARM_DESC(spi_hz, "modelled SPI clock in Hz (default 15000000)");

static unsigned int xfer_overhead_ns = EMU_DEF_OVERHEAD_NS;
module_param(xfer_overhead_ns, uint, 0444);
MODULE_PARM_DESC(xfer_overhead_ns, "fixed time per SPI message in ns (default 5000)");

static int freq_ppb[EMU_MAX_BOARDS] = {
	-40000, 60000, 25000, -15000, 80000, -90000, 5000, -70000,
};

static int n_freq_ppb;
module_param_array(freq_ppb, int, &n_freq_ppb, 0444);
MODULE_PARM_DESC(freq_ppb, "per-board oscillator error in ppb (default -40000,60000,...)");

static unsigned long long start_tick[EMU_MAX_BOARDS] = {
	0xe0000000ULL, 0x123456789ULL, 0x1000ULL, 0x7ffff000ULL,
};

static int n_start_tick;
module_param_array(start_tick, ullong, &n_start_tick, 0444);
MODULE_PARM_DESC(start_tick, "per-board system counter at load and reset");

static bool turnaround = true;
module_param(turnaround, bool, 0444);
MODULE_PARM_DESC(turnaround, "reads have a turnaround byte (default on; off = June-2025 bitstream)");

static bool latch = true;
module_param(latch, bool, 0444);
MODULE_PARM_DESC(latch, "two-word reads from an _H address are latched (default on)");

static bool device_fcs;
module_param(device_fcs, bool, 0444);
MODULE_PARM_DESC(device_fcs, "device appends the TX FCS, frame_length excludes it (default off)");

static unsigned int tx_buffers = EMU_DEF_TX_BUFFERS;
module_param(tx_buffers, uint, 0444);
MODULE_PARM_DESC(tx_buffers, "TX buffer pool size (default 32, max 255)");

static unsigned int rx_meta_entries = EMU_DEF_RX_META;
module_param(rx_meta_entries, uint, 0444);
MODULE_PARM_DESC(rx_meta_entries, "RX metadata FIFO entries (default 512)");

static unsigned int rx_fifo_bytes = EMU_DEF_RX_FIFO;
module_param(rx_fifo_bytes, uint, 0444);
MODULE_PARM_DESC(rx_fifo_bytes, "RX frame FIFO bytes (default 65536)");

static char *mac;
module_param(mac, charp, 0444);
MODULE_PARM_DESC(mac, "base MAC address; board N adds N to the last byte, exposed as local-mac-address and TSN_MAC_ADDR (default none)");

static char *reg_mac;
module_param(reg_mac, charp, 0444);
MODULE_PARM_DESC(reg_mac, "base MAC address in TSN_MAC_ADDR only (no firmware node); board N adds N (default: mac=, else zero)");

static bool tap;
module_param(tap, bool, 0444);
MODULE_PARM_DESC(tap, "create a wire tap netdev emutap<N> per board (default off)");

static char *irq_type = "edge-falling";
module_param(irq_type, charp, 0444);
MODULE_PARM_DESC(irq_type, "trigger type the boards' interrupt is described with: edge-falling (default) or level-low");

static char *dt_fault;
module_param(dt_fault, charp, 0444);
MODULE_PARM_DESC(dt_fault, "a defect in every board's description, for the driver's probe checks: no-irq, no-speed, zero-speed or bad-mac (default none)");

static char *reset_gpio;
module_param(reset_gpio, charp, 0444);
MODULE_PARM_DESC(reset_gpio, "LABEL:OFFSET: describe board N's reset line (the overlay's reset_pin) as line OFFSET + N of the GPIO chip labelled LABEL, e.g. a gpio-sim bank (default: no reset line)");

/*
 * The GPIO chip reset-gpios refers to. gpiolib finds the provider of a
 * software-node reference by the node's name as a chip label, so this node
 * stands for any chip with that label (a gpio-sim bank in the tests).
 */
static char emu_reset_label[32];
static unsigned int emu_reset_offset;
static struct software_node emu_reset_chip = { .name = emu_reset_label };
static bool emu_reset_chip_registered;

/* local-mac-address as a malformed overlay would give it: 5 bytes. */
static const u8 emu_bad_mac[5] = { 0x02, 0x11, 0x22, 0x33, 0x44 };

static bool emu_dt_fault(const char *name)
{
	return dt_fault && !strcmp(dt_fault, name);
}

static unsigned long long fault_seed = 0x1a2b3c4d;
module_param(fault_seed, ullong, 0444);
MODULE_PARM_DESC(fault_seed, "seed of the fault generator; board N uses fault_seed + N (default 0x1a2b3c4d)");

static unsigned int events_len = 65536;
module_param(events_len, uint, 0444);
MODULE_PARM_DESC(events_len, "records the event stream buffers for its reader, all boards (default 65536, 64..16M)");

/* Realism knobs (docs/emulator.md "Realism knobs"): initial per-board values. */
static unsigned int spi_max_hz = EMU_DEF_SPI_MAX_HZ;
module_param(spi_max_hz, uint, 0444);
MODULE_PARM_DESC(spi_max_hz, "fastest SPI clock the boards take, Hz; 0 = no limit (default 15000000)");

static unsigned int launch_latency_ns = EMU_DEF_LAUNCH_LAT_NS;
module_param(launch_latency_ns, uint, 0444);
MODULE_PARM_DESC(launch_latency_ns, "time from a TX write to the earliest start of its frame (default 130)");

static unsigned int tx_phy_ns = EMU_DEF_TX_PHY_NS;
module_param(tx_phy_ns, uint, 0444);
MODULE_PARM_DESC(tx_phy_ns, "TX timestamp point to the wire (default 300)");

static unsigned int rx_delay_ns = EMU_DEF_RX_DELAY_NS;
module_param(rx_delay_ns, uint, 0444);
MODULE_PARM_DESC(rx_delay_ns, "wire to RX timestamp point (default 512)");

static unsigned int tx_tstamp_latency_ns;
module_param(tx_tstamp_latency_ns, uint, 0444);
MODULE_PARM_DESC(tx_tstamp_latency_ns, "FT_TX_TSTAMPn readable this long after the capture (default 0)");

static unsigned int fbw_latency_ns;
module_param(fbw_latency_ns, uint, 0444);
MODULE_PARM_DESC(fbw_latency_ns, "the free TX buffer count shows changes this late, max 1000000 (default 0)");

static unsigned int emu_irq_trigger = IRQ_TYPE_EDGE_FALLING;

static struct emu_board *emu_boards[EMU_MAX_BOARDS];
static struct dentry *emu_debugfs_root;
static struct dentry *emu_debugfs_clocks_file;

/* The line fell (or a spurious pulse): signal it now. */
static void emu_irq_deliver(struct emu_board *b)
{
	int ret;

	if (READ_ONCE(b->irq_level)) {
		/* Pairs with emu_irq_unmask(): one of the two sees the other. */
		smp_mb();
		if (!READ_ONCE(b->irq_masked))
			irq_work_queue(&b->irq_work);
		return;
	}
	ret = irq_set_irqchip_state(b->virq, IRQCHIP_STATE_PENDING, true);
	if (ret)
		pr_warn_ratelimited("lan1qtsn_emu: board%d: irq fire failed: %d\n",
				    b->index, ret);
}

void emu_irq_fire(struct emu_board *b)
{
	u32 us = READ_ONCE(b->irq_delay_us);
	unsigned long flags;

	if (!us) {
		emu_irq_deliver(b);
		return;
	}
	spin_lock_irqsave(&b->lock, flags);
	b->model.stats.faults[EMU_F_IRQ_DELAY]++;
	/* Edges that fall while one is delayed merge into it. */
	if (!b->stopping && !hrtimer_is_queued(&b->irq_timer))
		hrtimer_start(&b->irq_timer, ns_to_ktime((u64)us * NSEC_PER_USEC),
			      HRTIMER_MODE_REL);
	spin_unlock_irqrestore(&b->lock, flags);
}

static enum hrtimer_restart emu_irq_timer(struct hrtimer *t)
{
	emu_irq_deliver(container_of(t, struct emu_board, irq_timer));
	return HRTIMER_NORESTART;
}

/* Level-low: run the descriptor's flow handler, as a GPIO chip would. */
static void emu_irq_work(struct irq_work *w)
{
	generic_handle_irq(container_of(w, struct emu_board, irq_work)->virq);
}

void emu_report_violations(struct emu_board *b, unsigned long mask,
			   const char details[][96])
{
	unsigned int v;

	if (!READ_ONCE(b->strict))
		return;
	for_each_set_bit(v, &mask, EMU_V_COUNT)
		dev_warn(&b->pdev->dev,
			 "board%d: host protocol violation %s: %s (logged once)\n",
			 b->index, emu_violation_names[v], details[v]);
}

/* Bus time of @len bytes, overhead included. */
static u64 emu_bus_ns(struct emu_board *b, u32 len, u32 *byte_ns)
{
	u32 hz = READ_ONCE(b->spi_hz) ?: EMU_DEF_SPI_HZ;

	*byte_ns = DIV_ROUND_UP(8 * NSEC_PER_SEC, hz);
	return READ_ONCE(b->overhead_ns) +
	       div_u64((u64)len * 8 * NSEC_PER_SEC, hz);
}

/* Waits until @end_ns; returns the host ns spent spinning. */
static u64 emu_sleep_until(u64 end_ns)
{
	u64 now = ktime_get_raw_ns();
	unsigned long us;

	if (end_ns <= now)
		return 0;
	us = DIV_ROUND_UP_ULL(end_ns - now, NSEC_PER_USEC);
	if (us >= 10) {
		usleep_range(us, us + 2);
		return 0;
	}
	udelay(us);
	return ktime_get_raw_ns() - now;
}

/*
 * A message's bus time, less the debt it repays. A sleeping host wakes
 * late (a VM's timers by 100 us and more), which would slow a busy bus
 * below its model: the time messages overran their end is a debt that
 * later frame messages, sent back to back, repay by ending earlier, so
 * that under load the bus carries exactly its modelled rate. Register
 * messages always take their full time (the counter read inside one is
 * bracketed by the host's clock). A debt not repaid (the bus went idle for
 * a while, or it grew past its cap) is bus time lost to the host: *@lost.
 * Decided before the model sees the message, so that a TX frame in it is
 * enqueued by the time the host sees the write end (emu_model.msg_end_ns):
 * the driver rightly takes a completed write as a frame in the device.
 */
static u64 emu_bus_repay(struct emu_board *b, enum emu_bus_kind kind,
			 u64 start, u64 dur, u64 *lost)
{
	u64 repay = 0;

	*lost = 0;
	if (start > b->bus_free_ns + EMU_BUS_DEBT_IDLE_NS) {
		*lost = b->bus_debt_ns;
		b->bus_debt_ns = 0;
	}
	if (kind == EMU_BUS_TX_FRAME || kind == EMU_BUS_RX_META ||
	    kind == EMU_BUS_RX_FRAME)
		repay = min(b->bus_debt_ns, dur);
	b->bus_debt_ns -= repay;
	return repay;
}

/*
 * Waits until the message's end (emu_bus_repay()); a late wake-up adds to
 * the debt, up to its cap (the rest is added to *@lost).
 */
static u64 emu_bus_wait(struct emu_board *b, u64 end, u64 *lost)
{
	u64 spun, now;

	spun = emu_sleep_until(end);
	now = ktime_get_raw_ns();
	if (now > end)
		b->bus_debt_ns += now - end;
	if (b->bus_debt_ns > EMU_BUS_DEBT_MAX_NS) {
		*lost += b->bus_debt_ns - EMU_BUS_DEBT_MAX_NS;
		b->bus_debt_ns = EMU_BUS_DEBT_MAX_NS;
	}
	return spun;
}

/*
 * How long the bus sat idle before @msg while @msg already waited in the
 * SPI core (under b->lock); 0 for a message not seen handed over. The
 * latest hand-over counts: an older one of the same spi_message (one the
 * emulator refused before the bus) must not make it look queued earlier.
 */
static u64 emu_bus_idle_queued(struct emu_board *b,
			       const struct spi_message *msg, u64 start)
{
	u64 handed = 0, since;
	unsigned int i;

	for (i = 0; i < EMU_HANDED_MSGS; i++) {
		if (b->handed[i].msg != msg)
			continue;
		handed = max(handed, b->handed[i].ns);
		b->handed[i].msg = NULL;
	}
	if (!handed)
		return 0;
	since = max(b->bus_free_ns, handed);
	return since < start ? start - since : 0;
}

/*
 * The bus-time breakdown of one message (under b->lock): its kind, its
 * frame bytes, and how long the bus sat idle before it while the message
 * waited in the SPI core or the device held RX work for the host.
 */
static enum emu_bus_kind emu_bus_account(struct emu_board *b,
					 const struct spi_message *msg,
					 u32 len, u64 start, u64 dur)
{
	struct emu_stats *st = &b->model.stats;
	enum emu_bus_kind kind;
	u32 frame_bytes;
	u64 since;

	kind = emu_model_bus_kind(&b->model, b->msg_tx, len, &frame_bytes);
	st->bus_kind_ns[kind] += dur;
	st->bus_kind_msgs[kind]++;
	st->bus_frame_bytes += frame_bytes;
	st->bus_idle_queued_ns += emu_bus_idle_queued(b, msg, start);
	if (!emu_model_rx_pending(&b->model))
		return kind;
	since = max(b->bus_free_ns, b->model.rx_pending_since_ns);
	if (since < start)
		st->bus_idle_rx_pending_ns += start - since;
	return kind;
}

/*
 * One command per chip-select window: a transfer with cs_change (other
 * than the last) ends a command inside the message. The device sees only
 * the first @cut bytes (a window cut short by a fault).
 */
static void emu_xfer_segments(struct emu_board *b, struct spi_message *msg,
			      u32 cut, u64 t_ns, u32 byte_ns,
			      struct emu_xfer_result *res)
{
	struct emu_xfer_result one;
	struct spi_transfer *xfer;
	u32 seg = 0, pos = 0;
	bool last;

	list_for_each_entry(xfer, &msg->transfers, transfer_list) {
		pos += xfer->len;
		last = list_is_last(&xfer->transfer_list, &msg->transfers);
		if (!last && !xfer->cs_change && pos < cut)
			continue;
		emu_model_xfer(&b->model, b->msg_tx + seg, b->msg_rx + seg,
			       min(pos, cut) - seg, t_ns + (u64)seg * byte_ns,
			       byte_ns, &one);
		res->irq_edge |= one.irq_edge;
		res->spurious_irq |= one.spurious_irq;
		seg = pos;
		if (seg >= cut)
			break;
	}
}

/* Buffers a DMA engine must not be given (flags in msg->opt_state). */
#define EMU_BUF_TX_STACK	BIT(0)
#define EMU_BUF_TX_VMALLOC	BIT(1)
#define EMU_BUF_RX_STACK	BIT(2)
#define EMU_BUF_RX_VMALLOC	BIT(3)

static unsigned long emu_buf_unsafe(const void *buf, unsigned long stack,
				    unsigned long vmalloc)
{
	if (!buf)
		return 0;
	/* With CONFIG_VMAP_STACK the stack is vmalloc memory too. */
	if (object_is_on_stack(buf))
		return stack;
	if (is_vmalloc_addr(buf))
		return vmalloc;
	return 0;
}

/*
 * Called when the host hands a message to the SPI core (spi_sync() and
 * spi_async() alike; a message the host optimized in advance is not seen
 * here), in the caller's context, where a stack buffer can be recognised.
 * Remembers when, for bus_idle_queued_ns, and notes the buffers
 * spi-bcm2835 would hand to its DMA engine unsafely: the SPI API wants
 * DMA-safe buffers for every transfer.
 */
static int emu_optimize_message(struct spi_message *msg)
{
	struct emu_board *b = *(struct emu_board **)
		spi_controller_get_devdata(msg->spi->controller);
	struct spi_transfer *xfer;
	unsigned long bad = 0, flags;

	spin_lock_irqsave(&b->lock, flags);
	b->handed[b->handed_next].msg = msg;
	b->handed[b->handed_next].ns = ktime_get_raw_ns();
	b->handed_next = (b->handed_next + 1) % EMU_HANDED_MSGS;
	spin_unlock_irqrestore(&b->lock, flags);

	list_for_each_entry(xfer, &msg->transfers, transfer_list)
		bad |= emu_buf_unsafe(xfer->tx_buf, EMU_BUF_TX_STACK,
				      EMU_BUF_TX_VMALLOC) |
		       emu_buf_unsafe(xfer->rx_buf, EMU_BUF_RX_STACK,
				      EMU_BUF_RX_VMALLOC);
	msg->opt_state = (void *)bad;
	return 0;
}

static const char *emu_buf_what(unsigned long bad, unsigned long stack,
				unsigned long vmalloc)
{
	if (bad & stack)
		return "on the stack";
	return bad & vmalloc ? "in vmalloc memory" : "safe";
}

static bool emu_mode_refused(u32 mode)
{
	mode &= SPI_MODE_X_MASK;
	return mode == SPI_MODE_1 || mode == SPI_MODE_2;
}

/* What the SPI core asks when a driver calls spi_setup(). */
static int emu_spi_dev_setup(struct spi_device *spi)
{
	struct emu_board *b =
		*(struct emu_board **)spi_controller_get_devdata(spi->controller);
	u32 max = READ_ONCE(b->spi_max_hz);

	if (emu_mode_refused(spi->mode)) {
		dev_err(&spi->dev, "lan1qtsn_emu: SPI mode %u refused: the board takes modes 0 and 3\n",
			(u32)(spi->mode & SPI_MODE_X_MASK));
		return -EINVAL;
	}
	if (max && spi->max_speed_hz > max) {
		dev_err(&spi->dev, "lan1qtsn_emu: %u Hz refused: the board takes at most %u Hz\n",
			spi->max_speed_hz, max);
		return -EINVAL;
	}
	return 0;
}

/*
 * The host's own mistakes in a message, seen by the glue only: count them
 * (board lock held). Returns true when the board cannot decode the message
 * (wrong clock phase or polarity, clock too fast).
 */
static bool emu_check_message(struct emu_board *b, struct spi_message *msg)
{
	unsigned long bad = (unsigned long)msg->opt_state;
	u32 max = READ_ONCE(b->spi_max_hz), hz = 0, n = 0;
	struct spi_transfer *xfer, *last = NULL;
	struct emu_model *m = &b->model;
	bool garbled = false;
	char d[96];

	list_for_each_entry(xfer, &msg->transfers, transfer_list) {
		hz = max_t(u32, hz, xfer->speed_hz);
		last = xfer;
		n++;
	}
	if (emu_mode_refused(msg->spi->mode)) {
		snprintf(d, sizeof(d), "message in SPI mode %u (the board takes 0 and 3)",
			 (u32)(msg->spi->mode & SPI_MODE_X_MASK));
		emu_model_host_violation(m, EMU_V_SPI_MODE, d);
		garbled = true;
	}
	if (max && hz > max) {
		snprintf(d, sizeof(d), "transfer at %u Hz, the board takes at most %u Hz",
			 hz, max);
		emu_model_host_violation(m, EMU_V_SPI_OVERSPEED, d);
		garbled = true;
	}
	if (last && last->cs_change) {
		snprintf(d, sizeof(d), "cs_change on the last of %u transfer(s), %u bytes",
			 n, last->len);
		emu_model_host_violation(m, EMU_V_CS_CHANGE_LAST, d);
	}
	if (bad) {
		snprintf(d, sizeof(d), "tx_buf %s, rx_buf %s, in %u transfer(s)",
			 emu_buf_what(bad, EMU_BUF_TX_STACK, EMU_BUF_TX_VMALLOC),
			 emu_buf_what(bad, EMU_BUF_RX_STACK, EMU_BUF_RX_VMALLOC),
			 n);
		emu_model_host_violation(m, EMU_V_DMA_UNSAFE, d);
	}
	return garbled;
}

/* The kernel's fault-injection attributes, if the kernel has them. */
static enum emu_force emu_fail_attr(struct emu_board *b)
{
	if (!IS_ENABLED(CONFIG_FAULT_INJECTION))
		return EMU_FORCE_NONE;
	if (should_fail(&b->fail_spi, 1))
		return EMU_FORCE_BEFORE;
	if (should_fail(&b->fail_spi_after, 1))
		return EMU_FORCE_AFTER;
	return EMU_FORCE_NONE;
}

static int emu_transfer_one_message(struct spi_controller *ctlr,
				    struct spi_message *msg)
{
	struct emu_board *b = *(struct emu_board **)spi_controller_get_devdata(ctlr);
	struct emu_xfer_result res = { };
	struct spi_transfer *xfer;
	struct emu_msg_faults mf;
	unsigned long flags, fresh;
	u32 len = 0, pos, byte_ns;
	enum emu_force force;
	LIST_HEAD(sent);
	bool edge, garbled;
	u64 entry, start, dur, spun, end, lost, msg_end;
	enum emu_bus_kind kind;
	int err = 0;

	entry = ktime_get_raw_ns();
	list_for_each_entry(xfer, &msg->transfers, transfer_list)
		len += xfer->len;
	if (len > EMU_MSG_MAX) {
		dev_warn_ratelimited(&ctlr->dev, "message of %u bytes refused\n",
				     len);
		err = -EMSGSIZE;
		goto out;
	}
	pos = 0;
	list_for_each_entry(xfer, &msg->transfers, transfer_list) {
		if (xfer->tx_buf)
			memcpy(b->msg_tx + pos, xfer->tx_buf, xfer->len);
		else
			memset(b->msg_tx + pos, 0, xfer->len);
		pos += xfer->len;
	}

	force = emu_fail_attr(b);
	start = ktime_get_raw_ns();
	dur = emu_bus_ns(b, len, &byte_ns);

	spin_lock_irqsave(&b->lock, flags);
	b->model.stats.bus_busy_ns += dur;
	edge = emu_board_run_locked(b, start);
	kind = emu_bus_account(b, msg, len, start, dur);
	msg_end = start + dur - emu_bus_repay(b, kind, start, dur, &lost);
	b->model.msg_end_ns = msg_end;
	garbled = emu_check_message(b, msg);
	emu_faults_msg_begin(&b->model, b->msg_tx, len, start, force, &mf);
	if (garbled && !mf.err && !mf.mute) {
		/* The board decodes no command; MISO reads as noise. */
		mf.mute = true;
		mf.fill = 0xff;
		mf.cut = 0;
	}
	if (mf.cut)
		emu_xfer_segments(b, msg, mf.cut, start + READ_ONCE(b->overhead_ns),
				  byte_ns, &res);
	emu_faults_msg_end(&b->model, &mf, b->msg_tx, b->msg_rx, len);
	b->model.msg_end_ns = 0;
	if (mf.err)
		b->model.stats.bus_errors++;
	/* A TX write enqueues at the end of the message: plan for it. */
	b->model_next_ns = emu_model_advance(&b->model, start);
	list_splice_tail_init(&b->outgoing, &sent);
	emu_board_kick_locked(b);
	fresh = b->model.viol_new;
	if (fresh) {
		memcpy(b->viol_report, b->model.viol_detail,
		       sizeof(b->viol_report));
		b->model.viol_logged |= fresh;
		b->model.viol_new = 0;
	}
	if (res.spurious_irq)
		b->model.stats.irq_edges++;
	spin_unlock_irqrestore(&b->lock, flags);

	emu_wire_handover(b, &sent);
	if (edge || res.irq_edge || res.spurious_irq)
		emu_irq_fire(b);
	if (fresh)
		emu_report_violations(b, fresh, b->viol_report);

	end = ktime_get_raw_ns();
	spun = emu_bus_wait(b, msg_end, &lost);
	spin_lock_irqsave(&b->lock, flags);
	b->model.stats.host_cpu_ns += end - entry + spun;
	b->model.stats.bus_late_ns += lost;
	b->bus_free_ns = ktime_get_raw_ns();
	spin_unlock_irqrestore(&b->lock, flags);

	/* A failed message leaves rx_buf as it was: nothing to trust. */
	err = mf.err;
	if (err)
		goto out;
	pos = 0;
	list_for_each_entry(xfer, &msg->transfers, transfer_list) {
		if (xfer->rx_buf)
			memcpy(xfer->rx_buf, b->msg_rx + pos, xfer->len);
		pos += xfer->len;
	}
	msg->actual_length = len;
out:
	msg->status = err;
	spi_finalize_current_message(ctlr);
	return err;
}

static struct emu_board *emu_chip_board(struct irq_data *d)
{
	return container_of(irq_data_get_irq_chip(d), struct emu_board,
			    irqchip);
}

/*
 * The two trigger types the board's line supports (device-spec.md section
 * 2): falling edge through irq_sim, level-low through emu_irq_work and
 * handle_level_irq, which masks the line while the handler runs.
 */
static int emu_irq_set_type(struct irq_data *d, unsigned int type)
{
	struct emu_board *b = emu_chip_board(d);
	bool level;

	type &= IRQ_TYPE_SENSE_MASK;
	if (type != IRQ_TYPE_EDGE_FALLING && type != IRQ_TYPE_LEVEL_LOW)
		return -EINVAL;
	level = type == IRQ_TYPE_LEVEL_LOW;
	WRITE_ONCE(b->irq_level, level);
	irq_set_handler_locked(d, level ? handle_level_irq : handle_simple_irq);
	irqd_set_trigger_type(d, type);
	return IRQ_SET_MASK_OK_NOCOPY;
}

static void emu_irq_mask(struct irq_data *d)
{
	struct emu_board *b = emu_chip_board(d);

	b->sim_chip->irq_mask(d);
	WRITE_ONCE(b->irq_masked, true);
}

static bool emu_irq_line_low_racy(struct emu_board *b)
{
	/*
	 * The chip hooks run under the descriptor's raw lock, where b->lock
	 * (a spinlock_t) must not nest, so the line is read without it. A
	 * stale "high" is harmless: the fall to low is delivered by
	 * emu_irq_deliver(), which then sees the mask cleared.
	 */
	return data_race(emu_model_irq_line_low(&b->model));
}

static void emu_irq_unmask(struct irq_data *d)
{
	struct emu_board *b = emu_chip_board(d);

	b->sim_chip->irq_unmask(d);
	WRITE_ONCE(b->irq_masked, false);
	if (!READ_ONCE(b->irq_level))
		return;
	/* Pairs with emu_irq_deliver(): a line that fell meanwhile fires. */
	smp_mb();
	/* A level line that is still low interrupts again once unmasked. */
	if (emu_irq_line_low_racy(b))
		irq_work_queue(&b->irq_work);
}

static int emu_irq_setup(struct emu_board *b)
{
	struct irq_data *d;

	b->domain = irq_domain_create_sim(NULL, 1);
	if (IS_ERR(b->domain))
		return PTR_ERR(b->domain);
	b->virq = irq_create_mapping(b->domain, 0);
	if (!b->virq) {
		irq_domain_remove_sim(b->domain);
		b->domain = NULL;
		return -ENXIO;
	}
	d = irq_get_irq_data(b->virq);
	b->sim_chip = irq_data_get_irq_chip(d);
	b->irqchip = *b->sim_chip;
	b->irqchip.irq_set_type = emu_irq_set_type;
	b->irqchip.irq_mask = emu_irq_mask;
	b->irqchip.irq_unmask = emu_irq_unmask;
	irq_set_chip(b->virq, &b->irqchip);
	/* A new descriptor starts masked; request_irq() unmasks it. */
	b->irq_masked = true;
	/* What "interrupts = <23 IRQ_TYPE_...>" in the overlay would do. */
	return irq_set_irq_type(b->virq, emu_irq_trigger);
}

static void emu_irq_teardown(struct emu_board *b)
{
	/* Nothing may raise the interrupt once the domain is gone. */
	hrtimer_cancel(&b->irq_timer);
	irq_work_sync(&b->irq_work);
	if (b->domain)
		irq_domain_remove_sim(b->domain);
	b->domain = NULL;
}

/* 1 and @addr set, 0 for no address, or -EINVAL. */
static int emu_parse_mac(const char *text, int index, u8 *addr)
{
	if (!text || !*text)
		return 0;
	if (!mac_pton(text, addr))
		return -EINVAL;
	addr[5] += index;
	return 1;
}

static int emu_spi_setup(struct emu_board *b, bool has_mac)
{
	struct spi_board_info info = {
		.modalias = "lan1qtsn",
		.max_speed_hz = EMU_DEF_SPI_HZ,
		.mode = SPI_MODE_0,
		.chip_select = 0,
	};
	unsigned int n = 0;
	int ret;

	b->ctlr = spi_alloc_host(&b->pdev->dev, sizeof(b));
	if (!b->ctlr)
		return -ENOMEM;
	*(struct emu_board **)spi_controller_get_devdata(b->ctlr) = b;
	b->ctlr->bus_num = -1;
	b->ctlr->num_chipselect = 1;
	b->ctlr->mode_bits = SPI_CPOL | SPI_CPHA;
	b->ctlr->bits_per_word_mask = SPI_BPW_MASK(8);
	b->ctlr->transfer_one_message = emu_transfer_one_message;
	b->ctlr->setup = emu_spi_dev_setup;
	b->ctlr->optimize_message = emu_optimize_message;
	ret = spi_register_controller(b->ctlr);
	if (ret) {
		spi_controller_put(b->ctlr);
		b->ctlr = NULL;
		return ret;
	}

	/*
	 * What the HAT's device-tree overlay would say about this board, or
	 * a defect of it (dt_fault=).
	 */
	if (emu_dt_fault("zero-speed"))
		b->props[n++] = PROPERTY_ENTRY_U32("spi-max-frequency", 0);
	else if (!emu_dt_fault("no-speed"))
		b->props[n++] = PROPERTY_ENTRY_U32("spi-max-frequency",
						   EMU_DEF_SPI_HZ);
	if (emu_dt_fault("bad-mac"))
		b->props[n++] = PROPERTY_ENTRY_U8_ARRAY_LEN("local-mac-address",
							    emu_bad_mac,
							    sizeof(emu_bad_mac));
	else if (has_mac)
		b->props[n++] = PROPERTY_ENTRY_U8_ARRAY_LEN("local-mac-address",
							    b->mac_addr, ETH_ALEN);
	if (device_fcs)
		b->props[n++] = PROPERTY_ENTRY_BOOL("tsnlab,tx-fcs-by-device");
	if (emu_reset_chip_registered) {
		b->reset_ref[0] = SOFTWARE_NODE_REFERENCE(&emu_reset_chip,
							  emu_reset_offset + b->index,
							  0);
		b->props[n++] = PROPERTY_ENTRY_REF_ARRAY("reset-gpios",
							 b->reset_ref);
	}
	if (n) {
		b->swnode.properties = b->props;
		info.swnode = &b->swnode;
	}
	info.irq = emu_dt_fault("no-irq") ? 0 : b->virq;
	b->spi = spi_new_device(b->ctlr, &info);
	if (!b->spi) {
		spi_unregister_controller(b->ctlr);
		b->ctlr = NULL;
		return -ENODEV;
	}
	return 0;
}

static void emu_model_defaults(struct emu_board *b, struct emu_model_cfg *cfg,
			       const u8 *addr)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->turnaround = turnaround;
	cfg->latch = latch;
	cfg->device_fcs = device_fcs;
	cfg->spi_hz = spi_hz;
	cfg->freq_ppb = clamp(freq_ppb[b->index], -1000000, 1000000);
	cfg->start_tick = start_tick[b->index];
	cfg->rx_meta_limit = rx_meta_entries;
	cfg->rx_fifo_limit = rx_fifo_bytes;
	cfg->tx_buffers = tx_buffers;
	cfg->system_info = EMU_DEF_SYSTEM_INFO;
	cfg->launch_latency_ns = launch_latency_ns;
	cfg->tx_phy_ns = tx_phy_ns;
	cfg->rx_delay_ns = rx_delay_ns;
	cfg->tx_tstamp_latency_ns = tx_tstamp_latency_ns;
	cfg->fbw_latency_ns = fbw_latency_ns;
	if (addr)
		memcpy(cfg->mac, addr, ETH_ALEN);
}

static void emu_board_destroy(struct emu_board *b)
{
	debugfs_remove_recursive(b->dir);
	b->dir = NULL;
	if (b->ctlr)
		spi_unregister_controller(b->ctlr);
	b->ctlr = NULL;
}

/* Second stage, once every board has stopped producing events. */
static void emu_board_free(struct emu_board *b)
{
	emu_tap_destroy(b);
	emu_irq_teardown(b);
	emu_model_free(&b->model);
	if (b->pdev)
		platform_device_unregister(b->pdev);
	kfree(b->msg_tx);
	kfree(b->msg_rx);
	kfree(b);
}

static struct emu_board *emu_board_create(int index)
{
	struct emu_model_cfg cfg;
	struct emu_board *b;
	int ret, has_mac, has_reg;
	u8 reg_addr[ETH_ALEN];

	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return ERR_PTR(-ENOMEM);
	b->index = index;
	b->strict = strict;
	b->spi_hz = spi_hz;
	b->spi_max_hz = spi_max_hz;
	b->overhead_ns = xfer_overhead_ns;
	emu_wire_init(b);
	hrtimer_init(&b->irq_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	b->irq_timer.function = emu_irq_timer;
	/* Hard: handle_level_irq must run in hard interrupt context. */
	b->irq_work = IRQ_WORK_INIT_HARD(emu_irq_work);
#if IS_ENABLED(CONFIG_FAULT_INJECTION)
	b->fail_spi = (struct fault_attr)FAULT_ATTR_INITIALIZER;
	b->fail_spi_after = (struct fault_attr)FAULT_ATTR_INITIALIZER;
	/* A stack dump per injected failure would drown the test logs. */
	b->fail_spi.verbose = 0;
	b->fail_spi_after.verbose = 0;
#endif

	ret = -ENOMEM;
	b->msg_tx = kmalloc(EMU_MSG_MAX, GFP_KERNEL);
	b->msg_rx = kmalloc(EMU_MSG_MAX, GFP_KERNEL);
	if (!b->msg_tx || !b->msg_rx)
		goto err;

	/* mac= is the firmware node and TSN_MAC_ADDR; reg_mac= the register. */
	has_mac = emu_parse_mac(mac, index, b->mac_addr);
	has_reg = emu_parse_mac(reg_mac && *reg_mac ? reg_mac : mac, index,
				reg_addr);
	if (has_mac < 0 || has_reg < 0) {
		pr_err("lan1qtsn_emu: bad mac=%s or reg_mac=%s\n", mac, reg_mac);
		ret = -EINVAL;
		goto err;
	}
	emu_model_defaults(b, &cfg, has_reg ? reg_addr : NULL);
	ret = emu_model_init(&b->model, &cfg, &emu_wire_ops, b,
			     fault_seed + index, ktime_get_raw_ns());
	if (ret)
		goto err;

	b->pdev = platform_device_register_simple("lan1qtsn_emu", index,
						  NULL, 0);
	if (IS_ERR(b->pdev)) {
		ret = PTR_ERR(b->pdev);
		b->pdev = NULL;
		goto err;
	}
	ret = emu_irq_setup(b);
	if (ret)
		goto err;
	return b;

err:
	emu_wire_stop(b);
	emu_wire_free(b);
	emu_board_free(b);
	return ERR_PTR(ret);
}

/* Last step: the SPI device appears and the driver may probe at once. */
static int emu_board_publish(struct emu_board *b)
{
	int ret;

	ret = emu_spi_setup(b, !!(mac && *mac));
	if (ret)
		return ret;
	if (tap) {
		ret = emu_tap_create(b);
		if (ret)
			return ret;
	}
	emu_debugfs_board(b, emu_debugfs_root);
	dev_info(&b->pdev->dev, "board%d: %s irq %u (%s), counter %llu, %d ppb\n",
		 b->index, dev_name(&b->spi->dev), b->virq,
		 emu_irq_trigger == IRQ_TYPE_LEVEL_LOW ? "level-low" : "edge-falling",
		 b->model.cfg.start_tick, b->model.cfg.freq_ppb);
	return 0;
}

static void emu_remove_all(void)
{
	int i;

	/* The clocks file reads every board: gone before any board. */
	debugfs_remove(emu_debugfs_clocks_file);
	emu_debugfs_clocks_file = NULL;

	/* Unbind the drivers first: they may still talk to the boards. */
	for (i = 0; i < EMU_MAX_BOARDS; i++)
		if (emu_boards[i])
			emu_board_destroy(emu_boards[i]);
	for (i = 0; i < EMU_MAX_BOARDS; i++)
		if (emu_boards[i])
			emu_wire_stop(emu_boards[i]);
	/* No timer may run (and hand frames over) once anything is freed. */
	for (i = 0; i < EMU_MAX_BOARDS; i++)
		if (emu_boards[i])
			emu_wire_free(emu_boards[i]);
	for (i = 0; i < EMU_MAX_BOARDS; i++) {
		if (emu_boards[i])
			emu_board_free(emu_boards[i]);
		emu_boards[i] = NULL;
	}
}

/* reset_gpio=LABEL:OFFSET: the node the boards' reset-gpios refer to. */
static int emu_reset_chip_register(void)
{
	const char *colon;
	int ret;

	if (!reset_gpio)
		return 0;
	colon = strrchr(reset_gpio, ':');
	if (!colon || colon == reset_gpio ||
	    colon - reset_gpio >= sizeof(emu_reset_label) ||
	    kstrtouint(colon + 1, 0, &emu_reset_offset)) {
		pr_err("lan1qtsn_emu: reset_gpio=%s, must be LABEL:OFFSET\n",
		       reset_gpio);
		return -EINVAL;
	}
	strscpy(emu_reset_label, reset_gpio, colon - reset_gpio + 1);
	ret = software_node_register(&emu_reset_chip);
	if (ret)
		return ret;
	emu_reset_chip_registered = true;
	return 0;
}

static void emu_reset_chip_unregister(void)
{
	if (emu_reset_chip_registered)
		software_node_unregister(&emu_reset_chip);
	emu_reset_chip_registered = false;
}

static int __init emu_init(void)
{
	struct emu_board *b;
	unsigned int i;
	int ret;

	if (!boards || boards > EMU_MAX_BOARDS) {
		pr_err("lan1qtsn_emu: boards=%u, must be 1..%d\n", boards,
		       EMU_MAX_BOARDS);
		return -EINVAL;
	}
	if (sysfs_streq(irq_type, "level-low")) {
		emu_irq_trigger = IRQ_TYPE_LEVEL_LOW;
	} else if (!sysfs_streq(irq_type, "edge-falling")) {
		pr_err("lan1qtsn_emu: irq_type=%s, must be edge-falling or level-low\n",
		       irq_type);
		return -EINVAL;
	}
	if (dt_fault && !emu_dt_fault("no-irq") && !emu_dt_fault("no-speed") &&
	    !emu_dt_fault("zero-speed") && !emu_dt_fault("bad-mac")) {
		pr_err("lan1qtsn_emu: dt_fault=%s, must be no-irq, no-speed, zero-speed or bad-mac\n",
		       dt_fault);
		return -EINVAL;
	}
	ret = emu_reset_chip_register();
	if (ret)
		return ret;
	ret = emu_events_init(events_len);
	if (ret) {
		emu_events_free();
		emu_reset_chip_unregister();
		return ret;
	}
	emu_debugfs_root = debugfs_create_dir("lan1qtsn_emu", NULL);
	emu_events_debugfs(emu_debugfs_root);
	for (i = 0; i < boards; i++) {
		b = emu_board_create(i);
		if (IS_ERR(b)) {
			ret = PTR_ERR(b);
			goto err;
		}
		emu_boards[i] = b;
	}
	/* Boards 2k and 2k + 1 are cabled back to back. */
	for (i = 0; i + 1 < boards; i += 2) {
		emu_boards[i]->peer = emu_boards[i + 1];
		emu_boards[i + 1]->peer = emu_boards[i];
	}
	for (i = 0; i < boards; i++) {
		ret = emu_board_publish(emu_boards[i]);
		if (ret)
			goto err;
	}
	emu_debugfs_clocks_file = emu_debugfs_clocks(emu_debugfs_root,
						     emu_boards, boards);
	return 0;

err:
	emu_remove_all();
	emu_events_stop();
	debugfs_remove_recursive(emu_debugfs_root);
	emu_events_free();
	emu_reset_chip_unregister();
	return ret;
}

static void __exit emu_exit(void)
{
	emu_remove_all();
	emu_events_stop();
	debugfs_remove_recursive(emu_debugfs_root);
	emu_events_free();
	emu_reset_chip_unregister();
}

module_init(emu_init);
module_exit(emu_exit);
MODULE_DESCRIPTION("LAN1QTSN TSN Ethernet over SPI: device emulator");
MODULE_AUTHOR("lan1qtsn developers");
MODULE_LICENSE("GPL");
