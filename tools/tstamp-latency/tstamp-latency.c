// SPDX-License-Identifier: GPL-2.0
/*
 * tstamp-latency: how long a hardware TX timestamp takes to reach the
 * socket that asked for it, measured on the NIC's own clock.
 *
 *   tstamp-latency -i IFACE [-n COUNT] [-s BYTES] [-g GAP_US] [-t TIMEOUT_MS]
 *
 * Sends COUNT raw frames (ethertype 0x88b5, local experimental, to the
 * broadcast address) asking for a hardware TX timestamp each, as TSNLab's
 * latency tool does for ordinary frames. The moment the timestamp arrives
 * on the error queue is taken from CLOCK_REALTIME; then one
 * PTP_SYS_OFFSET_EXTENDED sample (a PHC read bracketed by two system-clock
 * reads) places the frame's hardware timestamp (the start of transmission)
 * on that clock: latency = arrival - (hw - phc + mid of the bracket). So
 * the figure runs from the frame's start to the socket; the PHC read that
 * follows, however long it waits for the bus, is not part of it. A
 * timestamp that does not come within TIMEOUT_MS counts as a timeout
 * (ptp4l's "timed out while polling for tx timestamp").
 *
 * Prints one summary line:
 *   TXTS: iface=I frames=N stamped=N timeouts=N median_us=X p99_us=X max_us=X
 * and exits 0 if every frame got its timestamp, 1 otherwise (2: set-up).
 * The kernel's txtimestamp selftest reports the stamps, not this delay;
 * no other tool measures it.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/errqueue.h>
#include <linux/ethtool.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/net_tstamp.h>
#include <linux/ptp_clock.h>
#include <linux/sockios.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define ETHERTYPE_LOCAL 0x88b5

static void die(const char *what)
{
	fprintf(stderr, "tstamp-latency: %s: %s\n", what, strerror(errno));
	exit(2);
}

static int64_t ts_ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* The PHC of @ifname, opened read-only. */
static int open_phc(int sock, const char *ifname)
{
	struct ethtool_ts_info info = { .cmd = ETHTOOL_GET_TS_INFO };
	struct ifreq ifr = { 0 };
	char path[32];
	int fd;

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_data = (void *)&info;
	if (ioctl(sock, SIOCETHTOOL, &ifr))
		die("ETHTOOL_GET_TS_INFO");
	if (info.phc_index < 0) {
		fprintf(stderr, "tstamp-latency: %s has no PTP hardware clock\n", ifname);
		exit(2);
	}
	snprintf(path, sizeof(path), "/dev/ptp%d", info.phc_index);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		die(path);
	return fd;
}

static int64_t pct_ns(const struct ptp_clock_time *t)
{
	return (int64_t)t->sec * 1000000000LL + t->nsec;
}

/* PHC time minus CLOCK_REALTIME, from one bracketed PHC read. */
static int64_t phc_minus_sys(int phc_fd)
{
	struct ptp_sys_offset_extended req = { .n_samples = 1 };

	if (ioctl(phc_fd, PTP_SYS_OFFSET_EXTENDED, &req))
		die("PTP_SYS_OFFSET_EXTENDED");
	return pct_ns(&req.ts[0][1]) -
	       (pct_ns(&req.ts[0][0]) + pct_ns(&req.ts[0][2])) / 2;
}

/* Hardware TX stamping on, the RX filter left as it is. */
static void enable_tx_stamps(int sock, const char *ifname)
{
	struct hwtstamp_config cfg = { 0 };
	struct ifreq ifr = { 0 };

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_data = (void *)&cfg;
	if (ioctl(sock, SIOCGHWTSTAMP, &ifr))
		die("SIOCGHWTSTAMP");
	cfg.tx_type = HWTSTAMP_TX_ON;
	if (ioctl(sock, SIOCSHWTSTAMP, &ifr))
		die("SIOCSHWTSTAMP");
}

/*
 * Waits until @deadline_ns (CLOCK_MONOTONIC) for the stamp of frame @id.
 * Returns 1 and sets @hw, 0 on timeout. Stamps of earlier frames that come
 * late are skipped.
 */
static int wait_stamp(int sock, uint32_t id, int64_t deadline_ns,
		      struct timespec *hw)
{
	char ctrl[512], data[64];
	struct pollfd pfd = { .fd = sock, .events = POLLERR };
	struct timespec now;
	struct cmsghdr *cm;
	struct msghdr msg;
	struct iovec iov;
	int left_ms, got, have;

	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		left_ms = (int)((deadline_ns - ts_ns(&now)) / 1000000);
		if (left_ms < 0)
			return 0;
		if (poll(&pfd, 1, left_ms) <= 0)
			continue;
		iov.iov_base = data;
		iov.iov_len = sizeof(data);
		memset(&msg, 0, sizeof(msg));
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = ctrl;
		msg.msg_controllen = sizeof(ctrl);
		if (recvmsg(sock, &msg, MSG_ERRQUEUE) < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			die("recvmsg(MSG_ERRQUEUE)");
		}
		got = 0;
		have = 0;
		for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm)) {
			if (cm->cmsg_level == SOL_SOCKET &&
			    cm->cmsg_type == SO_TIMESTAMPING) {
				const struct scm_timestamping *t = (void *)CMSG_DATA(cm);

				*hw = t->ts[2];
				have = hw->tv_sec || hw->tv_nsec;
			} else if (cm->cmsg_level == SOL_PACKET &&
				   cm->cmsg_type == PACKET_TX_TIMESTAMP) {
				const struct sock_extended_err *e = (void *)CMSG_DATA(cm);

				got = e->ee_origin == SO_EE_ORIGIN_TIMESTAMPING &&
				      e->ee_data == id;
			}
		}
		if (got && have)
			return 1;
	}
}

int main(int argc, char **argv)
{
	const char *ifname = NULL;
	int count = 1000, size = 64, gap_us = 2000, timeout_ms = 1000;
	unsigned char frame[1514] = { 0 };
	struct sockaddr_ll addr = { 0 };
	struct timespec hw = { 0 }, now;
	int64_t *lat, deadline;
	int opt, sock, flags, i, n = 0, timeouts = 0, phc;

	while ((opt = getopt(argc, argv, "i:n:s:g:t:")) != -1) {
		switch (opt) {
		case 'i': ifname = optarg; break;
		case 'n': count = atoi(optarg); break;
		case 's': size = atoi(optarg); break;
		case 'g': gap_us = atoi(optarg); break;
		case 't': timeout_ms = atoi(optarg); break;
		default: ifname = NULL; optind = argc; break;
		}
	}
	if (!ifname || count < 1 || size < 60 || size > 1514 || timeout_ms < 1) {
		fprintf(stderr, "usage: tstamp-latency -i IFACE [-n COUNT] [-s 60..1514] [-g GAP_US] [-t TIMEOUT_MS]\n");
		return 2;
	}
	lat = calloc(count, sizeof(*lat));
	sock = socket(AF_PACKET, SOCK_RAW, htons(ETHERTYPE_LOCAL));
	if (!lat || sock < 0)
		die("socket");
	phc = open_phc(sock, ifname);
	enable_tx_stamps(sock, ifname);
	flags = SOF_TIMESTAMPING_TX_HARDWARE | SOF_TIMESTAMPING_RAW_HARDWARE |
		SOF_TIMESTAMPING_OPT_ID | SOF_TIMESTAMPING_OPT_TSONLY;
	if (setsockopt(sock, SOL_SOCKET, SO_TIMESTAMPING, &flags, sizeof(flags)))
		die("SO_TIMESTAMPING");
	addr.sll_family = AF_PACKET;
	addr.sll_protocol = htons(ETHERTYPE_LOCAL);
	addr.sll_ifindex = if_nametoindex(ifname);
	addr.sll_halen = ETH_ALEN;
	memset(addr.sll_addr, 0xff, ETH_ALEN);
	if (!addr.sll_ifindex)
		die(ifname);
	memset(frame, 0xff, ETH_ALEN);
	frame[12] = ETHERTYPE_LOCAL >> 8;
	frame[13] = ETHERTYPE_LOCAL & 0xff;

	for (i = 0; i < count; i++) {
		memcpy(frame + 14, &i, sizeof(i));
		if (sendto(sock, frame, size, 0, (struct sockaddr *)&addr,
			   sizeof(addr)) != size)
			die("sendto");
		clock_gettime(CLOCK_MONOTONIC, &now);
		deadline = ts_ns(&now) + (int64_t)timeout_ms * 1000000;
		if (!wait_stamp(sock, (uint32_t)i, deadline, &hw)) {
			timeouts++;
			continue;
		}
		clock_gettime(CLOCK_REALTIME, &now);
		lat[n++] = ts_ns(&now) - (ts_ns(&hw) - phc_minus_sys(phc));
		if (gap_us)
			usleep(gap_us);
	}
	qsort(lat, n, sizeof(*lat), cmp_i64);
	printf("TXTS: iface=%s frames=%d stamped=%d timeouts=%d", ifname, count, n, timeouts);
	if (n)
		printf(" min_us=%.1f median_us=%.1f p99_us=%.1f max_us=%.1f",
		       lat[0] / 1e3, lat[n / 2] / 1e3,
		       lat[n - 1 - n / 100] / 1e3, lat[n - 1] / 1e3);
	printf("\n");
	return timeouts || n != count ? 1 : 0;
}
