/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space stand-in for <kunit/test.h>: the subset of KUnit the
 * repository's suites use, so that kunit_host.c can run them on the build
 * host under AddressSanitizer and UBSan, in seconds and without a VM
 * (tests/unit/run.sh for every suite, tests/fuzz/run.sh).
 * The VM run (tests/rig/kunit.sh) remains the one that counts.
 */
#ifndef KSHIM_KUNIT_TEST_H
#define KSHIM_KUNIT_TEST_H

#include "../kshim.h"
#include "../linux/module.h"

enum kunit_status {
	KUNIT_SUCCESS,
	KUNIT_FAILURE,
	KUNIT_SKIPPED,
};

struct kunit {
	const char *name;
	enum kunit_status status;
	unsigned int failures;
	void *priv;
};

struct kunit_case {
	void (*run_case)(struct kunit *test);
	const char *name;
};

struct kunit_suite {
	const char name[256];
	int (*init)(struct kunit *test);
	void (*exit)(struct kunit *test);
	struct kunit_case *test_cases;
};

#define KUNIT_CASE(fn)		{ .run_case = fn, .name = #fn }

/* Suites register into a NULL-terminated list kunit_host.c walks. */
#define kunit_test_suites(...) \
	struct kunit_suite *kshim_suites[] = { __VA_ARGS__, NULL }
#define kunit_test_suite(s)	kunit_test_suites(&(s))

void kshim_kunit_fail(struct kunit *test, const char *file, int line,
		      const char *fmt, ...) __printf(4, 5);
void kshim_kunit_abort(struct kunit *test) __attribute__((noreturn));

#define KUNIT_FAIL(test, fmt, ...) \
	kshim_kunit_fail(test, __FILE__, __LINE__, fmt, ##__VA_ARGS__)

#define KSHIM_CHECK(test, assert, cond, fmt, ...) \
	do { \
		if (!(cond)) { \
			kshim_kunit_fail(test, __FILE__, __LINE__, \
					 "%s " fmt, #cond, ##__VA_ARGS__); \
			if (assert) \
				kshim_kunit_abort(test); \
		} \
	} while (0)

#define KSHIM_OP(test, assert, a, op, b, fmt, ...) \
	do { \
		__typeof__(a) _a = (a); \
		__typeof__(b) _b = (b); \
		if (!(_a op _b)) { \
			kshim_kunit_fail(test, __FILE__, __LINE__, \
					 "%s (%lld vs %lld) " fmt, \
					 #a " " #op " " #b, (long long)_a, \
					 (long long)_b, ##__VA_ARGS__); \
			if (assert) \
				kshim_kunit_abort(test); \
		} \
	} while (0)

/* Every comparison, as EXPECT (go on) and ASSERT (end the case). */
#define KUNIT_EXPECT_EQ(t, a, b)		KSHIM_OP(t, 0, a, ==, b, "")
#define KUNIT_EXPECT_EQ_MSG(t, a, b, ...)	KSHIM_OP(t, 0, a, ==, b, __VA_ARGS__)
#define KUNIT_EXPECT_NE(t, a, b)		KSHIM_OP(t, 0, a, !=, b, "")
#define KUNIT_EXPECT_NE_MSG(t, a, b, ...)	KSHIM_OP(t, 0, a, !=, b, __VA_ARGS__)
#define KUNIT_EXPECT_LT(t, a, b)		KSHIM_OP(t, 0, a, <, b, "")
#define KUNIT_EXPECT_LT_MSG(t, a, b, ...)	KSHIM_OP(t, 0, a, <, b, __VA_ARGS__)
#define KUNIT_EXPECT_LE(t, a, b)		KSHIM_OP(t, 0, a, <=, b, "")
#define KUNIT_EXPECT_LE_MSG(t, a, b, ...)	KSHIM_OP(t, 0, a, <=, b, __VA_ARGS__)
#define KUNIT_EXPECT_GT(t, a, b)		KSHIM_OP(t, 0, a, >, b, "")
#define KUNIT_EXPECT_GT_MSG(t, a, b, ...)	KSHIM_OP(t, 0, a, >, b, __VA_ARGS__)
#define KUNIT_EXPECT_GE(t, a, b)		KSHIM_OP(t, 0, a, >=, b, "")
#define KUNIT_EXPECT_GE_MSG(t, a, b, ...)	KSHIM_OP(t, 0, a, >=, b, __VA_ARGS__)
#define KUNIT_EXPECT_PTR_EQ(t, a, b)		KSHIM_CHECK(t, 0, (a) == (b), "")
#define KUNIT_EXPECT_PTR_NE(t, a, b)		KSHIM_CHECK(t, 0, (a) != (b), "")
#define KUNIT_EXPECT_TRUE(t, c)			KSHIM_CHECK(t, 0, c, "")
#define KUNIT_EXPECT_FALSE(t, c)		KSHIM_CHECK(t, 0, !(c), "")
#define KUNIT_EXPECT_TRUE_MSG(t, c, ...)	KSHIM_CHECK(t, 0, c, __VA_ARGS__)
#define KUNIT_EXPECT_FALSE_MSG(t, c, ...)	KSHIM_CHECK(t, 0, !(c), __VA_ARGS__)
#define KUNIT_EXPECT_NULL(t, p)			KSHIM_CHECK(t, 0, !(p), "")
#define KUNIT_EXPECT_NOT_NULL(t, p)		KSHIM_CHECK(t, 0, (p) != NULL, "")
#define KUNIT_EXPECT_MEMEQ(t, a, b, n)		KSHIM_CHECK(t, 0, !memcmp(a, b, n), "")
#define KUNIT_EXPECT_MEMNEQ(t, a, b, n)		KSHIM_CHECK(t, 0, memcmp(a, b, n), "")
#define KUNIT_ASSERT_EQ(t, a, b)		KSHIM_OP(t, 1, a, ==, b, "")
#define KUNIT_ASSERT_EQ_MSG(t, a, b, ...)	KSHIM_OP(t, 1, a, ==, b, __VA_ARGS__)
#define KUNIT_ASSERT_NE(t, a, b)		KSHIM_OP(t, 1, a, !=, b, "")
#define KUNIT_ASSERT_NE_MSG(t, a, b, ...)	KSHIM_OP(t, 1, a, !=, b, __VA_ARGS__)
#define KUNIT_ASSERT_LT(t, a, b)		KSHIM_OP(t, 1, a, <, b, "")
#define KUNIT_ASSERT_LT_MSG(t, a, b, ...)	KSHIM_OP(t, 1, a, <, b, __VA_ARGS__)
#define KUNIT_ASSERT_LE(t, a, b)		KSHIM_OP(t, 1, a, <=, b, "")
#define KUNIT_ASSERT_LE_MSG(t, a, b, ...)	KSHIM_OP(t, 1, a, <=, b, __VA_ARGS__)
#define KUNIT_ASSERT_GT(t, a, b)		KSHIM_OP(t, 1, a, >, b, "")
#define KUNIT_ASSERT_GT_MSG(t, a, b, ...)	KSHIM_OP(t, 1, a, >, b, __VA_ARGS__)
#define KUNIT_ASSERT_GE(t, a, b)		KSHIM_OP(t, 1, a, >=, b, "")
#define KUNIT_ASSERT_GE_MSG(t, a, b, ...)	KSHIM_OP(t, 1, a, >=, b, __VA_ARGS__)
#define KUNIT_ASSERT_PTR_EQ(t, a, b)		KSHIM_CHECK(t, 1, (a) == (b), "")
#define KUNIT_ASSERT_PTR_NE(t, a, b)		KSHIM_CHECK(t, 1, (a) != (b), "")
#define KUNIT_ASSERT_TRUE(t, c)			KSHIM_CHECK(t, 1, c, "")
#define KUNIT_ASSERT_FALSE(t, c)		KSHIM_CHECK(t, 1, !(c), "")
#define KUNIT_ASSERT_TRUE_MSG(t, c, ...)	KSHIM_CHECK(t, 1, c, __VA_ARGS__)
#define KUNIT_ASSERT_FALSE_MSG(t, c, ...)	KSHIM_CHECK(t, 1, !(c), __VA_ARGS__)
#define KUNIT_ASSERT_NULL(t, p)			KSHIM_CHECK(t, 1, !(p), "")
#define KUNIT_ASSERT_NOT_NULL(t, p)		KSHIM_CHECK(t, 1, (p) != NULL, "")
#define KUNIT_ASSERT_MEMEQ(t, a, b, n)		KSHIM_CHECK(t, 1, !memcmp(a, b, n), "")
#define KUNIT_ASSERT_MEMNEQ(t, a, b, n)		KSHIM_CHECK(t, 1, memcmp(a, b, n), "")

/* Test-managed memory: freed when the case ends. */
void *kshim_kunit_alloc(struct kunit *test, size_t n, bool zero);
#define kunit_kmalloc(t, n, gfp)	kshim_kunit_alloc(t, n, false)
#define kunit_kzalloc(t, n, gfp)	kshim_kunit_alloc(t, n, true)
#define kunit_kcalloc(t, n, s, gfp)	kshim_kunit_alloc(t, (n) * (s), true)

#endif /* KSHIM_KUNIT_TEST_H */
