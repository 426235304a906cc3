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

static void test_truncation(void **state)
{
	struct err e;
	char big[2000];

	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	err_set(&e, "%s", big);
	assert_int_equal(strlen(e.msg), sizeof e.msg - 1);
	err_prefix(&e, "file.lua");
	assert_int_equal(strlen(e.msg), sizeof e.msg - 1);
	assert_memory_equal(e.msg, "file.lua: aaa", 13);
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
