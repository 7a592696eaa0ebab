// SPDX-License-Identifier: GPL-2.0
/*
 * lan1qtsn_emu: the event stream, /sys/kernel/debug/lan1qtsn_emu/events.
 *
 * One ring for all boards, filled by the models' event callback (and a few
 * glue events) and drained by one reader while the run goes on: one text
 * line per record, each with a global sequence number. The ring never
 * overwrites: when it is full, records are dropped, their sequence numbers
 * skipped, and a "lost N" record is written as soon as there is room, so a
 * loss is never silent. docs/emulator.md, "Event stream", has the format.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>

#include "emu.h"

#define EMU_EV_LINE	384
/* A waiting reader is woken when the ring is this full, or polls. */
#define EMU_EV_POLL	(HZ / 10)

struct emu_ev_rec {
	u64 gseq;
	int board;	/* -1: not a board's */
	struct emu_event ev;
};

static struct {
	/* A leaf lock: taken under a board's lock, never the other way. */
	spinlock_t lock;
	struct emu_ev_rec *buf;
	u32 cap;
	u64 head, tail;		/* records written, read */
	u64 next_seq;
	u64 lost_pending;	/* dropped since the last "lost" record */
	u64 lost_total;
	bool reader;		/* the file is open */
	bool stopping;
	wait_queue_head_t wq;
} emu_ev;

static const char *const emu_ev_type_names[EMU_EV_COUNT] = {
	[EMU_EV_LAUNCH] = "launch",
	[EMU_EV_RX] = "rx",
	[EMU_EV_TXTS] = "txts",
	[EMU_EV_PPS] = "pps",
	[EMU_EV_IRQ] = "irq",
	[EMU_EV_RESET] = "reset",
	[EMU_EV_RX_FLUSH] = "rxflush",
	[EMU_EV_WIRE_LOST] = "wirelost",
	[EMU_EV_LOST] = "lost",
};

static const char *const emu_ev_launch_names[] = {
	[EMU_SENT_IN_WINDOW] = "window",
	[EMU_SENT_IN_DELAY] = "delay",
	[EMU_DROPPED] = "drop",
	[EMU_DROPPED_RESET] = "reset",
};

static const char *const emu_ev_rx_names[EMU_RX_VERDICT_COUNT] = {
	[EMU_RX_STORED] = "stored",
	[EMU_RX_ORPHAN_FRAME] = "orphan_frame",
	[EMU_RX_ORPHAN_META] = "orphan_meta",
	[EMU_RX_DROP_DISABLED] = "drop_disabled",
	[EMU_RX_DROP_JUMBO] = "drop_jumbo",
	[EMU_RX_DROP_FCS] = "drop_fcs",
	[EMU_RX_DROP_FULL] = "drop_full",
	[EMU_RX_DROP_OVERFLOW] = "drop_overflow",
};

static const char *const emu_ev_irq_names[EMU_IRQ_KIND_COUNT] = {
	[EMU_IRQ_FIRED] = "fired",
	[EMU_IRQ_LOST] = "lost",
	[EMU_IRQ_SPURIOUS] = "spurious",
};

int emu_events_init(unsigned int len)
{
	spin_lock_init(&emu_ev.lock);
	init_waitqueue_head(&emu_ev.wq);
	emu_ev.cap = clamp(len, 64U, 1U << 24);
	emu_ev.buf = vmalloc_array(emu_ev.cap, sizeof(*emu_ev.buf));
	return emu_ev.buf ? 0 : -ENOMEM;
}

/* No reader waits any more: it gets what is left, then end of file. */
void emu_events_stop(void)
{
	unsigned long flags;

	spin_lock_irqsave(&emu_ev.lock, flags);
	WRITE_ONCE(emu_ev.stopping, true);
	spin_unlock_irqrestore(&emu_ev.lock, flags);
	wake_up_all(&emu_ev.wq);
}

void emu_events_free(void)
{
	vfree(emu_ev.buf);
	emu_ev.buf = NULL;
}

/*
 * Sequence number the next record will get. Read under a board's lock:
 * every record of that board below it has been emitted, none above.
 */
u64 emu_events_next_seq(void)
{
	unsigned long flags;
	u64 seq;

	spin_lock_irqsave(&emu_ev.lock, flags);
	seq = emu_ev.next_seq;
	spin_unlock_irqrestore(&emu_ev.lock, flags);
	return seq;
}

static void emu_ev_put(int board, const struct emu_event *ev)
{
	struct emu_ev_rec *r = &emu_ev.buf[emu_ev.head % emu_ev.cap];

	r->gseq = emu_ev.next_seq++;
	r->board = board;
	r->ev = *ev;
	/* Read locklessly by a waiting reader (emu_ev_ready). */
	WRITE_ONCE(emu_ev.head, emu_ev.head + 1);
}

/* Any context; @board's lock may be held. */
void emu_event_record(int board, const struct emu_event *ev)
{
	struct emu_event lost = { .type = EMU_EV_LOST };
	unsigned long flags;
	bool wake;
	u64 used;

	if (!emu_ev.buf)
		return;
	spin_lock_irqsave(&emu_ev.lock, flags);
	used = emu_ev.head - emu_ev.tail;
	if (used + (emu_ev.lost_pending ? 2 : 1) > emu_ev.cap) {
		/* Its number is skipped: the gap shows in the stream. */
		emu_ev.next_seq++;
		emu_ev.lost_pending++;
		emu_ev.lost_total++;
		spin_unlock_irqrestore(&emu_ev.lock, flags);
		return;
	}
	if (emu_ev.lost_pending) {
		lost.host_ns = ev->host_ns;
		lost.value = emu_ev.lost_pending;
		emu_ev.lost_pending = 0;
		emu_ev_put(-1, &lost);
	}
	emu_ev_put(board, ev);
	used = emu_ev.head - emu_ev.tail;
	wake = used >= emu_ev.cap / 4;
	spin_unlock_irqrestore(&emu_ev.lock, flags);
	if (wake && wq_has_sleeper(&emu_ev.wq))
		wake_up(&emu_ev.wq);
}

/* A record the glue stamps itself: raw monotonic host time. */
void emu_event_glue(int board, struct emu_event *ev)
{
	ev->host_ns = ktime_get_raw_ns();
	emu_event_record(board, ev);
}

static bool emu_ev_pop(struct emu_ev_rec *out)
{
	unsigned long flags;
	bool ok = false;

	spin_lock_irqsave(&emu_ev.lock, flags);
	if (emu_ev.tail != emu_ev.head) {
		*out = emu_ev.buf[emu_ev.tail % emu_ev.cap];
		WRITE_ONCE(emu_ev.tail, emu_ev.tail + 1);
		ok = true;
	}
	spin_unlock_irqrestore(&emu_ev.lock, flags);
	return ok;
}

static bool emu_ev_ready(void)
{
	return READ_ONCE(emu_ev.tail) != READ_ONCE(emu_ev.head) ||
	       READ_ONCE(emu_ev.stopping);
}

static const char *emu_ev_name(const char *const *names, unsigned int n,
			       unsigned int i)
{
	return i < n && names[i] ? names[i] : "?";
}

static int emu_ev_format(const struct emu_ev_rec *r, char *buf)
{
	const struct emu_event *e = &r->ev;
	int src = -1, n;
	u32 sseq = 0;

	n = scnprintf(buf, EMU_EV_LINE, "%llu %llu %s", r->gseq, e->host_ns,
		      emu_ev_name(emu_ev_type_names, EMU_EV_COUNT, e->type));
	if (r->board >= 0)
		n += scnprintf(buf + n, EMU_EV_LINE - n, " b=%d", r->board);
	if (e->wire_id != EMU_WIRE_ID_NONE) {
		src = upper_32_bits(e->wire_id);
		sseq = lower_32_bits(e->wire_id);
	}
	switch (e->type) {
	case EMU_EV_LAUNCH:
		n += scnprintf(buf + n, EMU_EV_LINE - n,
			       " seq=%u prio=%u policy=%u from=%u to=%u dfrom=%u dto=%u enq_ns=%llu enq_tick=%llu start_ns=%llu start_tick=%llu end_tick=%llu verdict=%s len=%u tsid=%u fcs=%08x",
			       e->seq, e->prio, e->policy, e->from, e->to,
			       e->dfrom, e->dto, e->enq_ns, e->enq_tick,
			       e->host_ns, e->start_tick, e->end_tick,
			       emu_ev_name(emu_ev_launch_names,
					   ARRAY_SIZE(emu_ev_launch_names),
					   e->verdict),
			       e->len, e->tsid, e->fcs);
		break;
	case EMU_EV_RX:
		n += scnprintf(buf + n, EMU_EV_LINE - n,
			       " src=%d sseq=%u tick=%llu ts=%llu len=%u verdict=%s",
			       src, sseq, e->value2, e->value, e->len,
			       emu_ev_name(emu_ev_rx_names, EMU_RX_VERDICT_COUNT,
					   e->verdict));
		break;
	case EMU_EV_TXTS:
		n += scnprintf(buf + n, EMU_EV_LINE - n,
			       " slot=%llu value=%llu seq=%u", e->value2,
			       e->value, e->seq);
		break;
	case EMU_EV_PPS:
		n += scnprintf(buf + n, EMU_EV_LINE - n, " value=%llu n=%llu",
			       e->value, e->value2);
		break;
	case EMU_EV_IRQ:
		n += scnprintf(buf + n, EMU_EV_LINE - n, " kind=%s",
			       emu_ev_name(emu_ev_irq_names, EMU_IRQ_KIND_COUNT,
					   e->verdict));
		break;
	case EMU_EV_RESET:
		n += scnprintf(buf + n, EMU_EV_LINE - n,
			       " tx_dropped=%llu rx_dropped=%llu", e->value,
			       e->value2);
		break;
	case EMU_EV_RX_FLUSH:
		n += scnprintf(buf + n, EMU_EV_LINE - n, " src=%d sseq=%u",
			       src, sseq);
		break;
	case EMU_EV_WIRE_LOST:
		n += scnprintf(buf + n, EMU_EV_LINE - n, " seq=%u len=%u",
			       e->seq, e->len);
		break;
	case EMU_EV_LOST:
		n += scnprintf(buf + n, EMU_EV_LINE - n, " n=%llu", e->value);
		break;
	}
	n += scnprintf(buf + n, EMU_EV_LINE - n, "\n");
	return n;
}

struct emu_ev_reader {
	char line[EMU_EV_LINE];
	size_t len, off;
};

static int emu_events_open(struct inode *inode, struct file *file)
{
	struct emu_ev_reader *rd;
	unsigned long flags;
	bool busy;

	rd = kzalloc(sizeof(*rd), GFP_KERNEL);
	if (!rd)
		return -ENOMEM;
	spin_lock_irqsave(&emu_ev.lock, flags);
	/* One reader: two would each see part of the stream. */
	busy = emu_ev.reader;
	emu_ev.reader = true;
	spin_unlock_irqrestore(&emu_ev.lock, flags);
	if (busy) {
		kfree(rd);
		return -EBUSY;
	}
	file->private_data = rd;
	return nonseekable_open(inode, file);
}

static int emu_events_release(struct inode *inode, struct file *file)
{
	unsigned long flags;

	spin_lock_irqsave(&emu_ev.lock, flags);
	emu_ev.reader = false;
	spin_unlock_irqrestore(&emu_ev.lock, flags);
	kfree(file->private_data);
	return 0;
}

/*
 * Whole lines, consumed as they are read. Blocks while the ring is empty
 * (unless O_NONBLOCK), returns what is there otherwise; end of file only
 * when the module stops.
 */
static ssize_t emu_events_read(struct file *file, char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	struct emu_ev_reader *rd = file->private_data;
	struct emu_ev_rec rec;
	size_t copied = 0, n;
	long ret;

	while (copied < count) {
		if (rd->off < rd->len) {
			n = min(count - copied, rd->len - rd->off);
			if (copy_to_user(ubuf + copied, rd->line + rd->off, n))
				return copied ? copied : -EFAULT;
			rd->off += n;
			copied += n;
			continue;
		}
		if (emu_ev_pop(&rec)) {
			rd->len = emu_ev_format(&rec, rd->line);
			rd->off = 0;
			continue;
		}
		if (copied || READ_ONCE(emu_ev.stopping))
			break;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible_timeout(emu_ev.wq,
						       emu_ev_ready(),
						       EMU_EV_POLL);
		if (ret < 0)
			return ret;
	}
	return copied;
}

static const struct file_operations emu_events_fops = {
	.owner = THIS_MODULE,
	.open = emu_events_open,
	.release = emu_events_release,
	.read = emu_events_read,
};

static int emu_events_status_show(struct seq_file *s, void *unused)
{
	unsigned long flags;
	u64 head, tail, next, lost, pending;
	bool reader;

	spin_lock_irqsave(&emu_ev.lock, flags);
	head = emu_ev.head;
	tail = emu_ev.tail;
	next = emu_ev.next_seq;
	lost = emu_ev.lost_total;
	pending = emu_ev.lost_pending;
	reader = emu_ev.reader;
	spin_unlock_irqrestore(&emu_ev.lock, flags);
	seq_printf(s, "capacity %u\n", emu_ev.cap);
	seq_printf(s, "next_seq %llu\n", next);
	seq_printf(s, "written %llu\n", head);
	seq_printf(s, "read %llu\n", tail);
	seq_printf(s, "queued %llu\n", head - tail);
	seq_printf(s, "lost %llu\n", lost);
	seq_printf(s, "lost_pending %llu\n", pending);
	seq_printf(s, "reader %u\n", reader);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(emu_events_status);

void emu_events_debugfs(struct dentry *root)
{
	debugfs_create_file("events", 0400, root, NULL, &emu_events_fops);
	debugfs_create_file("events_status", 0444, root, NULL,
			    &emu_events_status_fops);
}
