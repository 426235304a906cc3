/* Unit tests of core/param: defaults, every validation message, value formatting and the
 * shortest round-trip number format. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/param.h"

static const struct param_spec spec[] = {
	{ .name = "k", .type = PARAM_REAL, .def = 7, .min = 6, .max = 8.5, .unit = "",
	  .help = "a real" },
	{ .name = "xi", .type = PARAM_REAL, .def = 0.5, .min = 0, .max = 1,
	  .flags = PARAM_F_OPEN_LO | PARAM_F_OPEN_HI, .unit = "", .help = "open interval" },
	{ .name = "n", .type = PARAM_INT, .def = 31, .min = 1, .max = 1000000, .unit = "agents",
	  .help = "an integer" },
	{ .name = "flag", .type = PARAM_BOOL, .def = 0, .min = 0, .max = 1, .unit = "",
	  .help = "a switch" },
	{ .name = "variant", .type = PARAM_ENUM, .def = 1, .choices = "hard|bank|loan",
	  .unit = "", .help = "an enum" },
	{ .name = "graph", .type = PARAM_ENUM, .def = 0, .min = 0, .max = 1000,
	  .choices = "tree|er", .cols = "i,j", .flags = PARAM_F_TABLE, .unit = "",
	  .help = "an enum or an edge list" },
	{ .name = "w", .type = PARAM_ARRAY, .min = 0, .max = 1, .len_min = 2, .len_max = 4,
	  .unit = "", .help = "an array" },
	{ .name = "mix", .type = PARAM_TABLE, .min = 0, .max = 1, .cols = "p_s,share",
	  .flags = PARAM_F_OPTIONAL, .unit = "", .help = "a table" },
	{ .name = "tail", .type = PARAM_REAL, .def = 1, .min = 0, .max = INFINITY, .unit = "",
	  .help = "unbounded above" },
	{ .name = "tree", .type = PARAM_TABLE, .min = -10, .max = 10, .cols = "parent,prob,V..",
	  .flags = PARAM_F_OPTIONAL | PARAM_F_RAGGED, .unit = "", .help = "a ragged table" },
};
#define NSPEC (sizeof spec / sizeof spec[0])

static struct params P;
static struct err E;

static int setup(void **state)
{
	params_init(&P, spec, NSPEC);
	E.msg[0] = '\0';
	return 0;
}

static int teardown(void **state)
{
	params_fini(&P);
	return 0;
}

static void assert_value_text(int idx, const char *want)
{
	char *s = params_format_value(&P, idx);

	assert_string_equal(s, want);
	free(s);
}

static void assert_range_text(int idx, const char *want)
{
	char *s = param_spec_range(&spec[idx]);

	assert_string_equal(s, want);
	free(s);
}

static void test_defaults(void **state)
{
	assert_true(params_num(&P, "k") == 7);
	assert_int_equal(params_int(&P, "n"), 31);
	assert_string_equal(params_str(&P, "variant"), "bank");
	assert_true(params_num(&P, "variant") == 1);
	assert_string_equal(params_str(&P, "graph"), "tree");
	assert_int_equal(params_get(&P, "w")->rows, 0);
	assert_int_equal(params_get(&P, "w")->cols, 1);
	assert_int_equal(params_get(&P, "mix")->cols, 2);
	assert_null(params_get(&P, "mix")->arr);
}

static void test_lookup(void **state)
{
	assert_int_equal(params_find(&P, "n"), 2);
	assert_int_equal(params_find(&P, "foo"), -1);
	assert_int_equal(params_lookup(&P, "xi", &E), 1);
	assert_int_equal(params_lookup(&P, "foo", &E), -1);
	assert_string_equal(E.msg, "unknown parameter 'foo'; known: k, xi, n, flag, variant, "
				   "graph, w, mix, tail, tree");
}

static void test_ranges_text(void **state)
{
	assert_range_text(0, "[6, 8.5]");
	assert_range_text(1, "(0, 1)");
	assert_range_text(2, "integer in [1, 1000000]");
	assert_range_text(3, "0|1");
	assert_range_text(4, "hard|bank|loan");
	assert_range_text(5, "tree|er or a table of rows {i,j} with values in [0, 1000]");
	assert_range_text(6, "array of values in [0, 1], 2 to 4 elements");
	assert_range_text(7, "table of rows {p_s,share} with values in [0, 1]");
	assert_range_text(8, "[0, inf)");
	assert_range_text(9, "table of rows {parent,prob,V..} of any lengths with values in "
			     "[-10, 10]");
}

static void test_real(void **state)
{
	assert_int_equal(params_set_num(&P, 0, 8.5, &E), 0);
	assert_true(params_num(&P, "k") == 8.5);
	assert_int_equal(params_set_num(&P, 0, 12, &E), -1);
	assert_string_equal(E.msg, "parameter 'k' = 12 is out of range: allowed [6, 8.5]");
	assert_true(params_num(&P, "k") == 8.5); /* unchanged */
	assert_int_equal(params_set_num(&P, 0, NAN, &E), -1);
	assert_string_equal(E.msg, "parameter 'k' = nan is out of range: allowed [6, 8.5]");
	assert_int_equal(params_set_num(&P, 1, 1, &E), -1);
	assert_string_equal(E.msg, "parameter 'xi' = 1 is out of range: allowed (0, 1)");
	assert_int_equal(params_set_num(&P, 1, 0, &E), -1);
	assert_string_equal(E.msg, "parameter 'xi' = 0 is out of range: allowed (0, 1)");
	assert_int_equal(params_set_num(&P, 1, 0.999, &E), 0);
	assert_int_equal(params_set_num(&P, 8, INFINITY, &E), 0);
	assert_int_equal(params_set_num(&P, 8, -0.1, &E), -1);
	assert_string_equal(E.msg, "parameter 'tail' = -0.1 is out of range: allowed [0, inf)");
}

static void test_int_bool(void **state)
{
	assert_int_equal(params_set_num(&P, 2, 2.5, &E), -1);
	assert_string_equal(E.msg,
			    "parameter 'n' = 2.5 is not an integer: allowed integer in [1, 1000000]");
	assert_int_equal(params_set_num(&P, 2, 0, &E), -1);
	assert_string_equal(E.msg,
			    "parameter 'n' = 0 is out of range: allowed integer in [1, 1000000]");
	assert_int_equal(params_set_num(&P, 2, 1000, &E), 0);
	assert_int_equal(params_int(&P, "n"), 1000);
	assert_int_equal(params_set_num(&P, 3, 2, &E), -1);
	assert_string_equal(E.msg, "parameter 'flag' = 2 is not allowed: allowed 0|1");
	assert_int_equal(params_set_num(&P, 3, 1, &E), 0);
	assert_int_equal(params_int(&P, "flag"), 1);
}

static void test_set_str(void **state)
{
	assert_int_equal(params_set_str(&P, 4, "x", &E), -1);
	assert_string_equal(E.msg,
			    "parameter 'variant' = 'x' is not allowed: allowed hard|bank|loan");
	assert_int_equal(params_set_str(&P, 4, "loan", &E), 0);
	assert_string_equal(params_str(&P, "variant"), "loan");
	assert_true(params_num(&P, "variant") == 2);
	/* the value's own text (a caller re-validating a value): no use after free */
	assert_int_equal(params_set_str(&P, 4, P.v[4].str, &E), 0);
	assert_string_equal(params_str(&P, "variant"), "loan");
	assert_int_equal(params_set_str(&P, 4, "ban", &E), -1); /* no prefix matching */
	assert_int_equal(params_set_num(&P, 4, 1, &E), -1);
	assert_string_equal(E.msg, "parameter 'variant' takes a name, not the number 1: "
				   "allowed hard|bank|loan");
	/* numbers as text */
	assert_int_equal(params_set_str(&P, 0, "6.25", &E), 0);
	assert_true(params_num(&P, "k") == 6.25);
	assert_int_equal(params_set_str(&P, 0, "abc", &E), -1);
	assert_string_equal(E.msg, "parameter 'k' = 'abc' is not a number: allowed [6, 8.5]");
	assert_int_equal(params_set_str(&P, 0, "9", &E), -1);
	assert_string_equal(E.msg, "parameter 'k' = 9 is out of range: allowed [6, 8.5]");
	assert_int_equal(params_set_str(&P, 6, "x", &E), -1);
	assert_string_equal(E.msg, "parameter 'w' takes a table, not 'x': allowed array of "
				   "values in [0, 1], 2 to 4 elements");
}

static void test_array(void **state)
{
	const double ok[] = { 0.1, 0.2, 0.3 }, bad[] = { 0.1, 1.5 };

	assert_int_equal(params_set_table(&P, 6, ok, 1, 1, &E), -1);
	assert_string_equal(E.msg, "parameter 'w' has 1 element: allowed 2 to 4 elements");
	assert_int_equal(params_set_table(&P, 6, bad, 2, 1, &E), -1);
	assert_string_equal(E.msg,
			    "parameter 'w' element 2 = 1.5 is out of range: allowed [0, 1]");
	assert_int_equal(params_set_table(&P, 6, ok, 3, 1, &E), 0);
	assert_value_text(6, "{0.1,0.2,0.3}");
	/* one row of three is taken as an array too */
	assert_int_equal(params_set_table(&P, 6, ok, 1, 2, &E), 0);
	assert_int_equal(params_get(&P, "w")->rows, 2);
	assert_int_equal(params_get(&P, "w")->cols, 1);
	assert_int_equal(params_set_table(&P, 6, ok, 0, 0, &E), -1);
	assert_string_equal(E.msg, "parameter 'w' must not be empty");
	assert_int_equal(params_set_num(&P, 6, 1, &E), -1);
	assert_string_equal(E.msg, "parameter 'w' takes a table, not the number 1: allowed "
				   "array of values in [0, 1], 2 to 4 elements");
}

static void test_table(void **state)
{
	const double t[] = { 0.4, 0.5, 0.6, 0.5 }, bad[] = { 0.4, 0.5, 0.6, 1.5 };

	assert_int_equal(params_set_table(&P, 7, t, 2, 2, &E), 0);
	assert_value_text(7, "{{0.4,0.5},{0.6,0.5}}");
	assert_int_equal(params_set_table(&P, 7, bad, 2, 2, &E), -1);
	assert_string_equal(E.msg, "parameter 'mix' row 2 column 'share' = 1.5 is out of "
				   "range: allowed [0, 1]");
	assert_int_equal(params_set_table(&P, 7, t, 1, 4, &E), -1);
	assert_string_equal(E.msg, "parameter 'mix' takes rows of 2 values {p_s,share}, got 4");
	assert_value_text(7, "{{0.4,0.5},{0.6,0.5}}"); /* unchanged */
	/* optional: empty is allowed */
	assert_int_equal(params_set_table(&P, 7, NULL, 0, 2, &E), 0);
	assert_value_text(7, "{}");
	assert_int_equal(params_set_table(&P, 0, t, 2, 2, &E), -1);
	assert_string_equal(E.msg, "parameter 'k' does not take a table: allowed [6, 8.5]");
}

/* PARAM_F_RAGGED: NaN pads a row's tail and is never written out; no fixed width. */
static void test_ragged(void **state)
{
	const double t[] = { 0, 1, NAN, 1, 0.5, 3, 2, 0.5, NAN };
	const double hole[] = { 0, NAN, 1 }, empty[] = { 0, 1, NAN, NAN, NAN, NAN };
	const double big[] = { 0, 1, NAN, 1, 0.5, 30 };

	assert_int_equal(params_get(&P, "tree")->cols, 0);
	assert_int_equal(params_set_table(&P, 9, t, 3, 3, &E), 0);
	assert_value_text(9, "{{0,1},{1,0.5,3},{2,0.5}}");
	/* a copy keeps the padding */
	struct params Q;
	params_copy(&Q, &P);
	assert_true(isnan(params_get(&Q, "tree")->arr[2]));
	params_fini(&Q);
	assert_int_equal(params_set_table(&P, 9, hole, 1, 3, &E), -1);
	assert_string_equal(E.msg, "parameter 'tree' row 1 value 2 is not a number");
	assert_int_equal(params_set_table(&P, 9, empty, 2, 3, &E), -1);
	assert_string_equal(E.msg, "parameter 'tree': row 2 is empty");
	assert_int_equal(params_set_table(&P, 9, big, 2, 3, &E), -1);
	assert_string_equal(E.msg, "parameter 'tree' row 2 column 3 = 30 is out of range: "
			    "allowed [-10, 10]");
	assert_value_text(9, "{{0,1},{1,0.5,3},{2,0.5}}"); /* unchanged */
	/* a table that is not ragged still refuses NaN */
	const double mix[] = { 0.5, NAN };
	assert_int_equal(params_set_table(&P, 7, mix, 1, 2, &E), -1);
	assert_string_equal(E.msg, "parameter 'mix' row 1 column 'share' = nan is out of range: "
			    "allowed [0, 1]");
}

static void test_enum_table(void **state)
{
	const double edges[] = { 0, 1, 1, 2 }, bad[] = { 0, 1, 1, 2000 };

	assert_int_equal(params_set_table(&P, 5, edges, 2, 2, &E), 0);
	assert_true(params_num(&P, "graph") == -1);
	assert_string_equal(params_str(&P, "graph"), "table");
	assert_value_text(5, "{{0,1},{1,2}}");
	assert_int_equal(params_set_table(&P, 5, bad, 2, 2, &E), -1);
	assert_string_equal(E.msg, "parameter 'graph' row 2 column 'j' = 2000 is out of range: "
				   "allowed [0, 1000]");
	assert_int_equal(params_set_str(&P, 5, "table", &E), -1);
	assert_string_equal(E.msg, "parameter 'graph' = 'table' is not allowed: allowed "
				   "tree|er or a table of rows {i,j} with values in [0, 1000]");
	assert_int_equal(params_set_str(&P, 5, "er", &E), 0);
	assert_null(params_get(&P, "graph")->arr);
	assert_value_text(5, "er");
	/* ENUM without PARAM_F_TABLE refuses tables */
	assert_int_equal(params_set_table(&P, 4, edges, 2, 2, &E), -1);
	assert_string_equal(E.msg,
			    "parameter 'variant' does not take a table: allowed hard|bank|loan");
}

static void test_copy(void **state)
{
	const double t[] = { 0.4, 0.5 };
	struct params q;

	params_set_table(&P, 7, t, 1, 2, &E);
	params_set_str(&P, 4, "hard", &E);
	params_copy(&q, &P);
	params_set_str(&P, 4, "loan", &E);
	params_set_table(&P, 7, NULL, 0, 2, &E);
	assert_string_equal(params_str(&q, "variant"), "hard");
	assert_int_equal(params_get(&q, "mix")->rows, 1);
	assert_true(params_get(&q, "mix")->arr[1] == 0.5);
	params_fini(&q);
	params_fini(&q); /* idempotent */
}

static void fmt_is(double v, const char *want)
{
	char buf[40];

	param_fmt_double(buf, sizeof buf, v);
	assert_string_equal(buf, want);
}

static void test_fmt_double(void **state)
{
	static const double vals[] = { 0.1, 1.0 / 3, 2.0 / 3, 1e-300, 5e-324, 1.7976931348623157e308,
				       123456789012345678.0, -2.5, 0.30000000000000004, 100 };
	char buf[40];

	fmt_is(0.5, "0.5");
	fmt_is(0.1, "0.1");
	fmt_is(1.0 / 3, "0.3333333333333333");
	fmt_is(0.1 + 0.2, "0.30000000000000004");
	fmt_is(100, "100");
	fmt_is(1e20, "1e+20");
	fmt_is(INFINITY, "inf");
	fmt_is(-INFINITY, "-inf");
	fmt_is(NAN, "nan");
	for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		param_fmt_double(buf, sizeof buf, vals[i]);
		assert_true(strtod(buf, NULL) == vals[i]);
		assert_null(strchr(buf, ','));
	}
	assert_int_equal(params_set_num(&P, 0, 7.1, &E), 0);
	assert_value_text(0, "7.1");
	assert_value_text(4, "bank");
}

/* Slider steps: declared, else a 1-2-5 number near a hundredth of the range (at least 1
 * for an integer); steps land on multiples of the step and stop at the bounds. */
static void test_slider_step(void **state)
{
	struct param_spec k = { .name = "k", .type = PARAM_REAL, .def = 7, .min = 0, .max = 1000 };
	assert_true(param_spec_step(&k) == 10);
	k.step = 0.1;
	assert_true(param_spec_step(&k) == 0.1);
	struct param_spec q = { .name = "q", .type = PARAM_REAL, .def = 7, .min = 6, .max = 8.5 };
	assert_true(param_spec_step(&q) == 0.02); /* 2.5 / 100 = 0.025 -> 0.02 */
	struct param_spec n = { .name = "n", .type = PARAM_INT, .def = 3, .min = 1, .max = 9 };
	assert_true(param_spec_step(&n) == 1);
	struct param_spec big = { .name = "b", .type = PARAM_REAL, .def = 40, .min = -1e300,
				  .max = 1e300 };
	assert_true(param_spec_step(&big) == 5); /* a tenth of the default */
	big.def = 0;
	assert_true(param_spec_step(&big) == 0.1);
	double v;
	assert_int_equal(param_step_value(&k, 7, 0.1, 1, &v), 0);
	assert_true(v == 7.1); /* not 7.1000000000000005 */
	assert_int_equal(param_step_value(&k, 7.05, 0.1, 1, &v), 0);
	assert_true(v == 7.1);
	assert_int_equal(param_step_value(&k, 7.05, 0.1, -1, &v), 0);
	assert_true(v == 7);
	assert_int_equal(param_step_value(&k, 999.95, 0.1, 1, &v), 0);
	assert_true(v == 1000);
	assert_int_equal(param_step_value(&k, 1000, 0.1, 1, &v), 1);
	assert_true(v == 1000);
	assert_int_equal(param_step_value(&k, 0, 0.1, -1, &v), 1);
	struct param_spec beta = { .name = "beta", .type = PARAM_REAL, .def = 0.98, .min = 0,
				   .max = 1, .flags = PARAM_F_OPEN_LO | PARAM_F_OPEN_HI };
	assert_int_equal(param_step_value(&beta, 0.99, 0.01, 1, &v), 1); /* 1 is excluded */
	assert_true(v == 0.99);
	assert_int_equal(param_step_value(&beta, 0.98, 0.01, 1, &v), 0);
	assert_true(v == 0.99);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lookup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ranges_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_real, setup, teardown),
		cmocka_unit_test_setup_teardown(test_int_bool, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_str, setup, teardown),
		cmocka_unit_test_setup_teardown(test_array, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ragged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enum_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_copy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fmt_double, setup, teardown),
		cmocka_unit_test(test_slider_step),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
