/* Unit tests of core/err: formatting, truncation, prefixing, NULL records. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/err.h"

static void test_set_returns_minus_one(void **state)
{
	struct err e;

	assert_int_equal(err_set(&e, "bad value %d for '%s'", 12, "k"), -1);
	assert_string_equal(e.msg, "bad value 12 for 'k'");
}

static int vset_helper(struct err *e, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = err_vset(e, fmt, ap);
	va_end(ap);
	return rc;
}

static void test_vset(void **state)
{
	struct err e;

	assert_int_equal(vset_helper(&e, "%s=%.1f", "x", 0.5), -1);
	assert_string_equal(e.msg, "x=0.5");
}

static void test_null_record(void **state)
{
	assert_int_equal(err_set(NULL, "dropped %d", 1), -1);
	err_prefix(NULL, "file");
	err_clear(NULL);
}

/* A message too long for the record is cut after a whole word and marked " ..."; one that
 * names a path of PATH_MAX characters still fits whole. */
static void test_truncation(void **state)
{
	struct err e;
	static char big[3 * ERR_MSG_MAX], path[4097];

	for (size_t i = 0; i + 1 < sizeof big; i++)
		big[i] = i % 7 == 6 ? ' ' : 'a' + (char)(i % 7); /* "abcdef abcdef ..." */
	big[sizeof big - 1] = '\0';
	err_set(&e, "%s", big);
	size_t n = strlen(e.msg);
	assert_true(n < sizeof e.msg && n > sizeof e.msg / 2);
	assert_string_equal(e.msg + n - 4, " ...");
	assert_memory_equal(e.msg + n - 10, "abcdef ...", 10); /* a whole word, then " ..." */
	err_prefix(&e, "file.lua");
	n = strlen(e.msg);
	assert_memory_equal(e.msg, "file.lua: abcdef", 16);
	assert_memory_equal(e.msg + n - 10, "abcdef ...", 10);
	/* one enormous word: cut anyway, still marked */
	memset(big, 'x', sizeof big - 1);
	err_set(&e, "%s", big);
	assert_string_equal(e.msg + strlen(e.msg) - 4, " ...");
	/* the longest path and a message about it: nothing is cut */
	memset(path, 'p', sizeof path - 1);
	path[sizeof path - 1] = '\0';
	err_set(&e, "%s:12: params.n default: parameter 'n' = 0 is out of range: allowed "
		    "integer in [1, 50]", path);
	assert_int_equal(strlen(e.msg), 4096 + strlen(":12: params.n default: parameter 'n' = 0 is "
						 "out of range: allowed integer in [1, 50]"));
	err_prefix(&e, "variant 'a'");
	assert_memory_equal(e.msg, "variant 'a': pppp", 17);
	assert_string_equal(e.msg + strlen(e.msg) - 18, "integer in [1, 50]");
}

static void test_prefix_and_clear(void **state)
{
	struct err e;

	err_set(&e, "line 3: unknown model");
	err_prefix(&e, "%s", "scen.lua");
	assert_string_equal(e.msg, "scen.lua: line 3: unknown model");
	err_clear(&e);
	assert_string_equal(e.msg, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_returns_minus_one),
		cmocka_unit_test(test_vset),
		cmocka_unit_test(test_null_record),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_prefix_and_clear),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
