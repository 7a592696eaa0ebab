// SPDX-License-Identifier: GPL-2.0
/*
 * emu_client: a tiny SPI driver for "lan1qtsn" devices that speaks the
 * protocol of docs/device-spec.md by hand, to test the emulator without the
 * real driver. Writing "spiA.B spiC.D" to
 * /sys/bus/spi/drivers/emu_client/run sends one frame from the first board
 * to the second and checks data and timestamps; the outcome is printed and
 * kept in .../result as key=value lines ending with "verdict=pass|fail".
 * "flood" queues frames, "tx" sends frames and nothing else, "raw" sends
 * arbitrary bytes, "xraw" sends them the way a careless driver would (bad
 * SPI mode or clock, cs_change on the last transfer, stack or vmalloc
 * buffers), "bench" times register reads (see below).
 */
#include <linux/completion.h>
#include <linux/crc32.h>
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spi/spi.h>
#include <linux/unaligned.h>
#include <linux/vmalloc.h>

#include "lan1qtsn_hw.h"

#define CLIENT_FRAME_LEN	128	/* with FCS */
#define CLIENT_BUF_LEN		2048
#define CLIENT_LEAD_TICKS	2000000	/* launch 20 ms after the counter read */
#define CLIENT_WINDOW_TICKS	1000000

static bool irq_level;
module_param(irq_level, bool, 0444);
MODULE_PARM_DESC(irq_level, "request the interrupt level-low instead of falling edge");

static bool irq_fw;
module_param(irq_fw, bool, 0444);
MODULE_PARM_DESC(irq_fw, "request the interrupt with the trigger type firmware gave it, as the driver does (overrides irq_level)");

static bool no_turnaround;
module_param(no_turnaround, bool, 0444);
MODULE_PARM_DESC(no_turnaround, "reads have no turnaround byte (emulator turnaround=0)");

static char *irq_bad;
module_param(irq_bad, charp, 0444);
MODULE_PARM_DESC(irq_bad, "request the interrupt rising, both or high (the emulator must refuse it)");

struct client_dev {
	struct spi_device *spi;
	struct completion irq_seen;
	atomic_t irqs;
	u8 *tx, *rx;
};

static DEFINE_MUTEX(client_lock);
static char client_result[512];

static int client_xfer(struct client_dev *c, u32 len)
{
	struct spi_transfer t = {
		.tx_buf = c->tx, .rx_buf = c->rx, .len = len,
	};

	return spi_sync_transfer(c->spi, &t, 1);
}

static u32 client_gap(void)
{
	return no_turnaround ? 0 : LAN1QTSN_RD_GAP_LEN;
}

static int client_read(struct client_dev *c, u16 addr, void *data, u32 n)
{
	u32 hdr = LAN1QTSN_HDR_LEN + client_gap();
	int ret;

	memset(c->tx, 0, hdr + n);
	c->tx[0] = LAN1QTSN_CMD_READ;
	put_unaligned_be16(addr, c->tx + 1);
	ret = client_xfer(c, hdr + n);
	if (!ret)
		memcpy(data, c->rx + hdr, n);
	return ret;
}

static int client_read64(struct client_dev *c, u16 reg, u64 *val)
{
	u8 b[8];
	int ret;

	ret = client_read(c, LAN1QTSN_SPACE_REG_READ | reg, b, 8);
	*val = get_unaligned_be64(b);
	return ret;
}

static int client_write32(struct client_dev *c, u16 reg, u32 val)
{
	c->tx[0] = LAN1QTSN_CMD_WRITE;
	put_unaligned_be16(LAN1QTSN_SPACE_REG_WRITE | reg, c->tx + 1);
	put_unaligned_be32(val, c->tx + 3);
	return client_xfer(c, 7);
}

static int client_send(struct client_dev *c, u32 from, u32 to, const u8 *frame)
{
	u8 *meta = c->tx + LAN1QTSN_HDR_LEN;

	memset(c->tx, 0, LAN1QTSN_HDR_LEN + LAN1QTSN_TX_META_LEN);
	c->tx[0] = LAN1QTSN_CMD_WRITE;
	put_unaligned_be16(LAN1QTSN_SPACE_TX_FRAME, c->tx + 1);
	put_unaligned_be32(from << LAN1QTSN_TICK_SHIFT | 3, meta);
	put_unaligned_be32(to << LAN1QTSN_TICK_SHIFT | 3, meta + 4);
	put_unaligned_be32(from << LAN1QTSN_TICK_SHIFT | 3, meta + 8);
	put_unaligned_be32(to << LAN1QTSN_TICK_SHIFT | 3, meta + 12);
	put_unaligned_be16(CLIENT_FRAME_LEN, meta + LAN1QTSN_TX_META_FLEN_OFF);
	put_unaligned_be16(1, meta + LAN1QTSN_TX_META_TSID_OFF);
	meta[LAN1QTSN_TX_META_POLICY_OFF] = LAN1QTSN_FAIL_DROP;
	memcpy(meta + LAN1QTSN_TX_META_LEN, frame, CLIENT_FRAME_LEN);
	return client_xfer(c, LAN1QTSN_HDR_LEN + LAN1QTSN_TX_META_LEN +
			   CLIENT_FRAME_LEN);
}

/* Broadcast, locally administered source, local experimental type. */
static void client_build_frame(u8 *frame)
{
	u32 i;

	memset(frame, 0xff, 6);
	for (i = 6; i < CLIENT_FRAME_LEN - 4; i++)
		frame[i] = i * 7;
	frame[6] = 0x02;
	frame[12] = 0x88;
	frame[13] = 0xb5;
	put_unaligned_le32(~crc32_le(~0U, frame, CLIENT_FRAME_LEN - 4),
			   frame + CLIENT_FRAME_LEN - 4);
}

static irqreturn_t client_irq(int irq, void *data)
{
	struct client_dev *c = data;

	atomic_inc(&c->irqs);
	complete(&c->irq_seen);
	return IRQ_HANDLED;
}

/* Empty a board's RX FIFOs (frames left from earlier runs). */
static int client_drain(struct client_dev *c, u8 *buf)
{
	u8 meta[LAN1QTSN_RX_META_LEN];
	u16 len;
	int ret, i;

	for (i = 0; i < 600; i++) {
		ret = client_read(c, LAN1QTSN_SPACE_RX_META, meta, sizeof(meta));
		if (ret)
			return ret;
		len = get_unaligned_be16(meta + LAN1QTSN_RX_META_LEN_OFF);
		if (!len)
			return 0;
		ret = client_read(c, LAN1QTSN_SPACE_RX_FRAME, buf,
				  min_t(u16, len, CLIENT_BUF_LEN - 8));
		if (ret)
			return ret;
	}
	return -EIO;
}

static struct client_dev *client_find(const char *name)
{
	struct device *dev;
	struct client_dev *c;

	dev = bus_find_device_by_name(&spi_bus_type, NULL, name);
	if (!dev)
		return NULL;
	c = spi_get_drvdata(to_spi_device(dev));
	put_device(dev);
	return c;
}

#define CHECK(cond, fmt, ...) do {					\
	if (!(cond)) {							\
		pr_err("emu_client: FAIL " fmt "\n", ##__VA_ARGS__);	\
		ok = false;						\
	}								\
} while (0)

static int client_run(struct client_dev *a, struct client_dev *b)
{
	u8 *frame, *got, meta[LAN1QTSN_RX_META_LEN];
	u64 info, c0, tx_ts, rx_ts, ca, ca2, cb, c1, tol;
	s64 expect_rx, err;
	u32 from, to;
	bool ok = true;
	u16 len;
	int ret;

	frame = kmalloc(CLIENT_BUF_LEN, GFP_KERNEL);
	got = kzalloc(CLIENT_BUF_LEN, GFP_KERNEL);
	if (!frame || !got) {
		ret = -ENOMEM;
		goto out;
	}
	client_build_frame(frame);

	ret = client_write32(a, LAN1QTSN_TSN_SYSTEM_CONTROL_L, LAN1QTSN_TSN_ENABLE) ?:
	      client_write32(b, LAN1QTSN_TSN_SYSTEM_CONTROL_L, LAN1QTSN_TSN_ENABLE) ?:
	      client_read64(a, LAN1QTSN_TSN_SYSTEM_INFO_H, &info) ?:
	      client_drain(b, got);
	if (ret)
		goto out;
	CHECK(upper_32_bits(info) == 0x25080507, "system info %llx", info);

	/*
	 * A level-low line that was low until the drain may still have an
	 * interrupt on its way (its irq_work, then the thread): let it land
	 * before listening for the frame's own.
	 */
	msleep(20);
	synchronize_irq(b->spi->irq);
	reinit_completion(&b->irq_seen);
	ret = client_read64(a, LAN1QTSN_TSN_SYSCOUNT_H, &c0);
	if (ret)
		goto out;
	from = (c0 + CLIENT_LEAD_TICKS) & LAN1QTSN_TICK_MASK;
	to = (from + CLIENT_WINDOW_TICKS) & LAN1QTSN_TICK_MASK;
	ret = client_send(a, from, to, frame);
	if (ret)
		goto out;

	if (!wait_for_completion_timeout(&b->irq_seen, HZ)) {
		CHECK(false, "no interrupt on the receiving board");
		ret = -ETIMEDOUT;
		goto out;
	}
	ret = client_read(b, LAN1QTSN_SPACE_RX_META, meta, sizeof(meta)) ?:
	      client_read(b, LAN1QTSN_SPACE_RX_FRAME, got, CLIENT_FRAME_LEN);
	if (ret)
		goto out;
	rx_ts = get_unaligned_be64(meta);
	len = get_unaligned_be16(meta + LAN1QTSN_RX_META_LEN_OFF);
	CHECK(len == CLIENT_FRAME_LEN, "rx length %u", len);
	CHECK(!memcmp(got, frame, CLIENT_FRAME_LEN), "rx data differs");

	ret = client_read64(a, LAN1QTSN_FT_TX_TSTAMP_H(1), &tx_ts) ?:
	      client_read64(b, LAN1QTSN_TSN_SYSCOUNT_H, &c1);
	if (ret)
		goto out;
	CHECK((tx_ts & LAN1QTSN_TICK_MASK) == from,
	      "tx started at tick29 %llu, window opens at %u",
	      tx_ts & LAN1QTSN_TICK_MASK, from);
	CHECK(tx_ts - c0 >= CLIENT_LEAD_TICKS &&
	      tx_ts - c0 <= CLIENT_LEAD_TICKS + CLIENT_WINDOW_TICKS,
	      "tx timestamp %llu, counter read %llu", tx_ts, c0);
	CHECK(rx_ts < c1 && c1 - rx_ts < 100000000ULL,
	      "rx timestamp %llu, receiver counter now %llu", rx_ts, c1);

	/*
	 * Relate the two counters: read the sender's, the receiver's, the
	 * sender's again; the receiver's read lies between the other two.
	 */
	ret = client_read64(a, LAN1QTSN_TSN_SYSCOUNT_H, &ca) ?:
	      client_read64(b, LAN1QTSN_TSN_SYSCOUNT_H, &cb) ?:
	      client_read64(a, LAN1QTSN_TSN_SYSCOUNT_H, &ca2);
	if (ret)
		goto out;
	tol = (ca2 - ca) / 2 + 100;
	ca += (ca2 - ca) / 2;
	/*
	 * The relation is taken after the frame: the two oscillators (each
	 * within +-100 ppm, e.g. -40 and +60 ppm by default) drift apart by up
	 * to 200 ppm of the time in between.
	 */
	if (ca > tx_ts)
		tol += div_u64(ca - tx_ts, 5000);
	expect_rx = tx_ts + (s64)(cb - ca);
	err = (s64)rx_ts - expect_rx;
	CHECK(abs(err) <= tol, "rx timestamp %llu, expected %lld +- %llu",
	      rx_ts, expect_rx, tol);
	CHECK(atomic_read(&b->irqs) >= 1, "no interrupt counted");

	snprintf(client_result, sizeof(client_result),
		 "tx_counter_read=%llu\nwindow_from29=%u\nwindow_to29=%u\ntx_tstamp=%llu\nrx_tstamp=%llu\nrx_len=%u\nexpected_rx=%lld\nrx_error_ticks=%lld\ntolerance_ticks=%llu\nrx_irqs=%d\nverdict=%s\n",
		 c0, from, to, tx_ts, rx_ts, len, expect_rx, err, tol,
		 atomic_read(&b->irqs), ok ? "pass" : "fail");
	pr_info("emu_client: %s: tx %llu rx %llu expected %lld +- %llu\n",
		ok ? "PASS" : "FAIL", tx_ts, rx_ts, expect_rx, tol);
out:
	if (ret) {
		snprintf(client_result, sizeof(client_result),
			 "error=%d\nverdict=fail\n", ret);
		pr_err("emu_client: FAIL: error %d\n", ret);
	}
	kfree(frame);
	kfree(got);
	return ret;
}

static ssize_t run_store(struct device_driver *drv, const char *buf,
			 size_t count)
{
	char na[32], nb[32];
	struct client_dev *a, *b;
	int ret;

	if (sscanf(buf, "%31s %31s", na, nb) != 2)
		return -EINVAL;
	mutex_lock(&client_lock);
	a = client_find(na);
	b = client_find(nb);
	if (!a || !b)
		ret = -ENODEV;
	else
		ret = client_run(a, b);
	mutex_unlock(&client_lock);
	return ret ?: count;
}
static DRIVER_ATTR_WO(run);

/*
 * "spiA.B N": queue N frames on a board, the first ten always open, the
 * others with windows 10 ms apart from 500 ms on, and return at once:
 * traffic left in flight.
 */
static ssize_t flood_store(struct device_driver *drv, const char *buf,
			   size_t count)
{
	struct client_dev *a;
	u8 *frame = NULL;
	unsigned int n, i;
	char na[32];
	u32 from, to;
	int ret;
	u64 c0;

	if (sscanf(buf, "%31s %u", na, &n) != 2 || n > 200)
		return -EINVAL;
	mutex_lock(&client_lock);
	a = client_find(na);
	ret = a ? 0 : -ENODEV;
	if (!ret) {
		frame = kmalloc(CLIENT_FRAME_LEN, GFP_KERNEL);
		ret = frame ? 0 : -ENOMEM;
	}
	if (!ret) {
		client_build_frame(frame);
		ret = client_write32(a, LAN1QTSN_TSN_SYSTEM_CONTROL_L,
				     LAN1QTSN_TSN_ENABLE) ?:
		      client_read64(a, LAN1QTSN_TSN_SYSCOUNT_H, &c0);
	}
	for (i = 0; !ret && i < n; i++) {
		from = (c0 + 50000000 + i * 1000000) & LAN1QTSN_TICK_MASK;
		to = (from + 5000) & LAN1QTSN_TICK_MASK;
		/* The first ones go out at once, "always open". */
		if (i < 10)
			to = (from - 1) & LAN1QTSN_TICK_MASK;
		ret = client_send(a, from, to, frame);
	}
	mutex_unlock(&client_lock);
	kfree(frame);
	return ret ?: count;
}
static DRIVER_ATTR_WO(flood);

/*
 * "spiA.B N": N always-open frames, one message each and nothing else
 * (no enable, no counter read): a fault trigger hits a TX write.
 */
static ssize_t tx_store(struct device_driver *drv, const char *buf,
			size_t count)
{
	struct client_dev *a;
	u8 *frame = NULL;
	unsigned int n, i;
	char na[32];
	int ret;

	if (sscanf(buf, "%31s %u", na, &n) != 2 || n > 200)
		return -EINVAL;
	mutex_lock(&client_lock);
	a = client_find(na);
	ret = a ? 0 : -ENODEV;
	if (!ret) {
		frame = kmalloc(CLIENT_FRAME_LEN, GFP_KERNEL);
		ret = frame ? 0 : -ENOMEM;
	}
	if (!ret)
		client_build_frame(frame);
	for (i = 0; !ret && i < n; i++)
		ret = client_send(a, 0, LAN1QTSN_TICK_MASK, frame);
	mutex_unlock(&client_lock);
	kfree(frame);
	return ret ?: count;
}
static DRIVER_ATTR_WO(tx);

/*
 * "spiA.B HEX": send the bytes (two hex digits each, up to 64) as one
 * message; the result holds the MISO bytes. For protocol-error tests.
 */
static ssize_t raw_store(struct device_driver *drv, const char *buf,
			 size_t count)
{
	struct client_dev *c;
	char na[32], hex[132];
	int ret, n, i;

	if (sscanf(buf, "%31s %131s", na, hex) != 2)
		return -EINVAL;
	n = strlen(hex) / 2;
	if (!n || n > 64 || strlen(hex) % 2)
		return -EINVAL;
	mutex_lock(&client_lock);
	c = client_find(na);
	ret = c ? hex2bin(c->tx, hex, n) : -ENODEV;
	if (!ret)
		ret = client_xfer(c, n);
	if (!ret) {
		for (i = 0; i < n; i++)
			snprintf(client_result + 2 * i, 3, "%02x", c->rx[i]);
		strcat(client_result, "\n");
	}
	mutex_unlock(&client_lock);
	return ret ?: count;
}
static DRIVER_ATTR_WO(raw);

#define XRAW_MAX	64

struct xraw_opts {
	bool cs_last, split, stack, vmalloc;
	int mode;		/* -1: leave spi->mode */
	u32 hz;			/* 0: leave the speed */
};

static int xraw_parse(char *opts, struct xraw_opts *o)
{
	char *tok;

	memset(o, 0, sizeof(*o));
	o->mode = -1;
	while ((tok = strsep(&opts, ","))) {
		if (!strcmp(tok, "-") || !*tok)
			continue;
		if (!strcmp(tok, "cs_last"))
			o->cs_last = true;
		else if (!strcmp(tok, "split"))
			o->split = true;
		else if (!strcmp(tok, "stack"))
			o->stack = true;
		else if (!strcmp(tok, "vmalloc"))
			o->vmalloc = true;
		else if (sscanf(tok, "mode=%d", &o->mode) == 1 && o->mode >= 0 &&
			 o->mode <= 3)
			continue;
		else if (sscanf(tok, "hz=%u", &o->hz) == 1 && o->hz)
			continue;
		else
			return -EINVAL;
	}
	return 0;
}

/*
 * One message of @n bytes from @out, MISO into @in, in one or two
 * transfers; @stx and @srx are the caller's stack buffers for "stack".
 */
static int xraw_send(struct client_dev *c, const struct xraw_opts *o,
		     const u8 *out, u8 *in, u32 n, u8 *stx, u8 *srx)
{
	struct spi_transfer t[2] = { };
	u8 *tx = c->tx, *rx = c->rx;
	unsigned int nt = 1, i;
	int ret;

	if (o->stack) {
		tx = stx;
		rx = srx;
	} else if (o->vmalloc) {
		tx = vmalloc(XRAW_MAX);
		rx = vmalloc(XRAW_MAX);
		if (!tx || !rx) {
			ret = -ENOMEM;
			goto out;
		}
	}
	memcpy(tx, out, n);
	t[0].tx_buf = tx;
	t[0].rx_buf = rx;
	t[0].len = n;
	if (o->split && n > LAN1QTSN_HDR_LEN) {
		t[0].len = LAN1QTSN_HDR_LEN;
		t[1].tx_buf = tx + LAN1QTSN_HDR_LEN;
		t[1].rx_buf = rx + LAN1QTSN_HDR_LEN;
		t[1].len = n - LAN1QTSN_HDR_LEN;
		nt = 2;
	}
	for (i = 0; i < nt; i++)
		t[i].speed_hz = o->hz;
	t[nt - 1].cs_change = o->cs_last;
	ret = spi_sync_transfer(c->spi, t, nt);
	if (!ret)
		memcpy(in, rx, n);
out:
	if (o->vmalloc) {
		vfree(tx);
		vfree(rx);
	}
	return ret;
}

/*
 * "spiA.B OPTS HEX": like "raw", with OPTS a comma list (or "-"):
 * cs_last (cs_change on the last transfer), split (header and data in two
 * transfers), stack / vmalloc (the buffers), mode=N (spi_setup() in SPI
 * mode N first, the message sent in that mode whatever setup said), hz=N
 * (the same with max_speed_hz, and every transfer's speed_hz). The result
 * is "setup=ERR" (0 when nothing was set up) and the MISO bytes.
 */
static ssize_t xraw_store(struct device_driver *drv, const char *buf,
			  size_t count)
{
	u8 stx[XRAW_MAX], srx[XRAW_MAX], out[XRAW_MAX], in[XRAW_MAX];
	char na[32], opts[64], hex[2 * XRAW_MAX + 4];
	struct spi_device *spi;
	struct xraw_opts o;
	struct client_dev *c;
	int ret, setup = 0, n, i, len;
	u32 old_mode, old_hz;

	if (sscanf(buf, "%31s %63s %131s", na, opts, hex) != 3)
		return -EINVAL;
	n = strlen(hex) / 2;
	if (!n || n > XRAW_MAX || strlen(hex) % 2 || xraw_parse(opts, &o) ||
	    hex2bin(out, hex, n))
		return -EINVAL;
	mutex_lock(&client_lock);
	c = client_find(na);
	if (!c) {
		ret = -ENODEV;
		goto unlock;
	}
	spi = c->spi;
	old_mode = spi->mode;
	old_hz = spi->max_speed_hz;
	if (o.mode >= 0)
		spi->mode = (spi->mode & ~SPI_MODE_X_MASK) | o.mode;
	if (o.hz)
		spi->max_speed_hz = o.hz;
	if (o.mode >= 0 || o.hz)
		setup = spi_setup(spi);
	ret = xraw_send(c, &o, out, in, n, stx, srx);
	if (o.mode >= 0 || o.hz) {
		spi->mode = old_mode;
		spi->max_speed_hz = old_hz;
		if (spi_setup(spi))
			pr_err("emu_client: %s: spi_setup() back to mode %u, %u Hz failed\n",
			       na, (u32)(old_mode & SPI_MODE_X_MASK), old_hz);
	}
	if (!ret) {
		len = snprintf(client_result, sizeof(client_result),
			       "setup=%d\n", setup);
		for (i = 0; i < n; i++)
			len += snprintf(client_result + len,
					sizeof(client_result) - len, "%02x",
					in[i]);
		snprintf(client_result + len, sizeof(client_result) - len, "\n");
	}
unlock:
	mutex_unlock(&client_lock);
	return ret ?: count;
}
static DRIVER_ATTR_WO(xraw);

/* "spiA.B N": time N 8-byte register reads; the bus time is modelled. */
static ssize_t bench_store(struct device_driver *drv, const char *buf,
			   size_t count)
{
	struct client_dev *c;
	unsigned int n, i;
	u64 t0, t1, v;
	char na[32];
	int ret;

	if (sscanf(buf, "%31s %u", na, &n) != 2 || !n || n > 100000)
		return -EINVAL;
	mutex_lock(&client_lock);
	c = client_find(na);
	ret = c ? 0 : -ENODEV;
	t0 = ktime_get_ns();
	for (i = 0; !ret && i < n; i++)
		ret = client_read64(c, LAN1QTSN_TSN_SYSCOUNT_H, &v);
	t1 = ktime_get_ns();
	if (!ret)
		snprintf(client_result, sizeof(client_result),
			 "messages=%u\nelapsed_ns=%llu\nper_message_ns=%llu\n",
			 n, t1 - t0, div_u64(t1 - t0, n));
	mutex_unlock(&client_lock);
	return ret ?: count;
}
static DRIVER_ATTR_WO(bench);

static ssize_t result_show(struct device_driver *drv, char *buf)
{
	ssize_t n;

	mutex_lock(&client_lock);
	n = sysfs_emit(buf, "%s", client_result);
	mutex_unlock(&client_lock);
	return n;
}
static DRIVER_ATTR_RO(result);

static struct attribute *client_attrs[] = {
	&driver_attr_run.attr,
	&driver_attr_flood.attr,
	&driver_attr_tx.attr,
	&driver_attr_raw.attr,
	&driver_attr_xraw.attr,
	&driver_attr_bench.attr,
	&driver_attr_result.attr,
	NULL,
};
ATTRIBUTE_GROUPS(client);

static int client_probe(struct spi_device *spi)
{
	unsigned long trig = irq_level ? IRQF_TRIGGER_LOW : IRQF_TRIGGER_FALLING;
	struct client_dev *c;

	/* No trigger flags: the type the emulator's "firmware" described. */
	if (irq_fw)
		trig = 0;
	if (irq_bad && !strcmp(irq_bad, "rising"))
		trig = IRQF_TRIGGER_RISING;
	else if (irq_bad && !strcmp(irq_bad, "both"))
		trig = IRQF_TRIGGER_RISING | IRQF_TRIGGER_FALLING;
	else if (irq_bad && !strcmp(irq_bad, "high"))
		trig = IRQF_TRIGGER_HIGH;

	c = devm_kzalloc(&spi->dev, sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	c->tx = devm_kzalloc(&spi->dev, CLIENT_BUF_LEN, GFP_KERNEL);
	c->rx = devm_kzalloc(&spi->dev, CLIENT_BUF_LEN, GFP_KERNEL);
	if (!c->tx || !c->rx)
		return -ENOMEM;
	c->spi = spi;
	init_completion(&c->irq_seen);
	spi_set_drvdata(spi, c);
	return devm_request_threaded_irq(&spi->dev, spi->irq, NULL, client_irq,
					 trig | IRQF_ONESHOT, dev_name(&spi->dev),
					 c);
}

static const struct spi_device_id client_ids[] = {
	{ "lan1qtsn" },
	{ }
};
MODULE_DEVICE_TABLE(spi, client_ids);

static struct spi_driver client_driver = {
	.driver = {
		.name = "emu_client",
		.groups = client_groups,
	},
	.id_table = client_ids,
	.probe = client_probe,
};
module_spi_driver(client_driver);

MODULE_DESCRIPTION("Test client of the LAN1QTSN emulator");
MODULE_LICENSE("GPL");
