/* Unit tests of core/series: table growth and access, dist curves and labels. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>

#include "core/series.h"

static void test_table(void **state)
{
	const char *names[] = { "dist_ne", "welfare", "price" };
	struct series_table t;
	double col[1000];

	series_init(&t, names, 3);
	assert_int_equal(t.ncols, 3);
	assert_int_equal(series_col(&t, "welfare"), 1);
	assert_int_equal(series_col(&t, "nope"), -1);
	for (int i = 0; i < 1000; i++) {
		double row[3] = { 1.0 / (i + 1), (double)i, i % 2 ? NAN : 2.0 };

		series_append(&t, 10 + i, row);
	}
	assert_int_equal(t.nrows, 1000);
	assert_true(t.cap >= 1000);
	assert_int_equal(t.step[0], 10);
	assert_int_equal(t.step[999], 1009);
	assert_true(series_at(&t, 3, 0) == 0.25);
	assert_true(series_at(&t, 999, 1) == 999.0);
	assert_true(isnan(series_at(&t, 1, 2)));
	series_column(&t, 1, col);
	for (int i = 0; i < 1000; i++)
		assert_true(col[i] == (double)i);
	series_clear(&t);
	assert_int_equal(t.nrows, 0);
	assert_int_equal(t.ncols, 3);
	assert_string_equal(t.names[2], "price");
	{
		double row[3] = { 7, 8, 9 };

		series_append(&t, 0, row);
		assert_true(series_at(&t, 0, 2) == 9.0);
	}
	series_fini(&t);
	assert_null(t.data);
	series_fini(&t); /* safe twice */
}

static void test_dist(void **state)
{
	const double x[] = { 0, 0.5, 1 }, y[] = { 0, 0.25, 1 };
	const char *labels[] = { "low", "mid", "high" };
	const char *longname = "a label that is far longer than the forty bytes of the field";
	struct dist d;
	struct dist_curve *c;
	double xs[3];

	dist_init(&d, DIST_LINE, "gamma", "gamma(z)", "z", "gamma");
	assert_int_equal(d.kind, DIST_LINE);
	assert_string_equal(d.name, "gamma");
	assert_string_equal(d.title, "gamma(z)");
	memcpy(xs, x, sizeof xs);
	c = dist_add(&d, "gamma", xs, y, 3);
	assert_non_null(c);
	xs[1] = 99; /* copied, not borrowed */
	assert_true(d.c[0].x[1] == 0.5);
	assert_true(d.c[0].y[2] == 1.0);
	c = dist_add(&d, "diagonal", x, x, 3);
	c->reference = 1;
	assert_int_equal(d.ncurves, 2);
	c = dist_add(&d, longname, x, NULL, 3);
	assert_null(c->y);
	assert_int_equal(strlen(c->label), sizeof c->label - 1);
	for (int i = 3; i < DIST_MAX_CURVES; i++)
		assert_non_null(dist_add(&d, "more", x, y, 3));
	assert_null(dist_add(&d, "overflow", x, y, 3));
	assert_int_equal(d.ncurves, DIST_MAX_CURVES);
	dist_set_labels(&d, labels, 3);
	dist_set_labels(&d, labels, 2); /* replaces */
	assert_int_equal(d.nlabels, 2);
	assert_string_equal(d.labels[1], "mid");
	dist_fini(&d);
	assert_int_equal(d.ncurves, 0);
	assert_null(d.labels);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_dist),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
