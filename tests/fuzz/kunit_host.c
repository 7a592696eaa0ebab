// SPDX-License-Identifier: GPL-2.0
/*
 * Runs a KUnit file of the repository on the build host: compiled with
 * -DKUNIT_FILE='"path/to/x_kunit.c"' against include/ (kshim.h and the
 * <kunit/test.h> stand-in), it runs every case of every suite the file
 * registers, prints "ok SUITE.CASE" or "not ok SUITE.CASE" for each, and
 * exits non-zero if any failed. tests/unit/run.sh uses it for every suite
 * and checks the counts against tests/kunit/expected-suites.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>

#include KUNIT_FILE

static jmp_buf kshim_jmp;
static void *kshim_allocs[64];
static unsigned int kshim_nallocs;

void *kshim_kunit_alloc(struct kunit *test, size_t n, bool zero)
{
	void *p;

	(void)test;
	if (kshim_nallocs == ARRAY_SIZE(kshim_allocs))
		return NULL;
	p = zero ? calloc(1, n) : malloc(n);
	kshim_allocs[kshim_nallocs++] = p;
	return p;
}

void kshim_kunit_fail(struct kunit *test, const char *file, int line,
		      const char *fmt, ...)
{
	va_list ap;

	test->status = KUNIT_FAILURE;
	if (test->failures++ >= 5)
		return;
	fprintf(stderr, "    # %s: %s:%d: ", test->name, file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void kshim_kunit_abort(struct kunit *test)
{
	(void)test;
	longjmp(kshim_jmp, 1);
}

int main(void)
{
	unsigned int suites = 0, cases = 0, failed = 0;
	struct kunit_suite **s;
	struct kunit_case *c;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (s = kshim_suites; *s; s++, suites++) {
		for (c = (*s)->test_cases; c->run_case; c++, cases++) {
			struct kunit test = { .name = c->name };

			if (!setjmp(kshim_jmp)) {
				if (!(*s)->init || !(*s)->init(&test))
					c->run_case(&test);
			}
			if ((*s)->exit)
				(*s)->exit(&test);
			while (kshim_nallocs)
				free(kshim_allocs[--kshim_nallocs]);
			printf("%s %s.%s\n", test.status == KUNIT_FAILURE ?
			       "not ok" : "ok", (*s)->name, c->name);
			failed += test.status == KUNIT_FAILURE;
		}
	}
	printf("# %s: %u suites, %u cases, %u failed\n", KUNIT_FILE, suites,
	       cases, failed);
	return failed ? 1 : 0;
}
