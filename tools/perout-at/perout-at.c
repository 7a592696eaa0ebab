// SPDX-License-Identifier: GPL-2.0
/*
 * perout-at: ask a PHC for its periodic output 0 with a start the caller
 * chooses, relative to the beginning of the PHC's current second (testptp
 * always starts 2 s ahead on a whole second). For checking how a driver
 * takes a start in the past or just ahead:
 *
 *   perout-at /dev/ptp0 -5000000000     # 5 s ago: a driver must refuse
 *   perout-at /dev/ptp0 3000000000      # 3 s ahead, on a whole second
 *   perout-at /dev/ptp0 3000000500      # ... with a phase of 500 ns
 *   perout-at /dev/ptp0 @100000000000   # a start of 1e11 s, as given: past
 *                                       # the year 2262, a driver must refuse
 *   perout-at /dev/ptp0 off
 *
 * Exit status: 0 accepted, 1 refused (the errno is printed), 2 usage or
 * the clock cannot be read.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <linux/ptp_clock.h>

#define NS_PER_SEC 1000000000LL
/* The dynamic POSIX clock of an open PHC (include/linux/posix-timers.h). */
#define FD_TO_CLOCKID(fd) ((~(clockid_t)(fd) << 3) | 3)

int main(int argc, char **argv)
{
	struct ptp_perout_request rq;
	struct timespec now;
	long long start;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: perout-at PHC-DEVICE OFFSET_NS|@START_SEC|off\n");
		return 2;
	}
	fd = open(argv[1], O_RDWR);
	if (fd < 0) {
		perror(argv[1]);
		return 2;
	}
	memset(&rq, 0, sizeof(rq));
	rq.index = 0;
	if (argv[2][0] == '@') {
		rq.start.sec = strtoll(argv[2] + 1, NULL, 0);
		rq.period.sec = 1;
	} else if (strcmp(argv[2], "off")) {
		if (clock_gettime(FD_TO_CLOCKID(fd), &now)) {
			perror("clock_gettime");
			return 2;
		}
		start = now.tv_sec * NS_PER_SEC + strtoll(argv[2], NULL, 0);
		rq.start.sec = start / NS_PER_SEC;
		rq.start.nsec = start % NS_PER_SEC;
		rq.period.sec = 1;
	}
	if (ioctl(fd, PTP_PEROUT_REQUEST, &rq)) {
		printf("PTP_PEROUT_REQUEST refused: %s\n", strerror(errno));
		return 1;
	}
	printf("PTP_PEROUT_REQUEST accepted: start %lld.%09u period %lld s\n",
	       (long long)rq.start.sec, rq.start.nsec,
	       (long long)rq.period.sec);
	return 0;
}
