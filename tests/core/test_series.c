/* Unit tests of core/series: table growth and access, dist curves and labels, grids. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
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
	c->style = DIST_STYLE_REFERENCE;
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

/* A 3 x 2 grid with two columns: construction copies, a column is replaced by name, the
 * rows come out x fastest as x, y, columns; dist_fini frees it all (ASan/valgrind). */
static void test_dist_grid(void **state)
{
	const double x[] = { 0, 0.5, 1 }, y[] = { 10, 20 };
	const double p[] = { 1, 2, 3, 4, 5, 6 }, q[] = { -1, -2, -3, -4, -5, -6 };
	double xs[3], row[4];
	struct dist d;
	char name[8];

	memcpy(xs, x, sizeof xs);
	dist_init_grid(&d, "policy", "Strategy map", "belief 1", "belief 2", xs, 3, y, 2);
	xs[0] = 99; /* copied */
	assert_int_equal(d.kind, DIST_GRID);
	assert_string_equal(dist_kind_name(d.kind), "grid");
	assert_string_equal(d.xlabel, "belief 1");
	assert_int_equal(d.grid.nx, 3);
	assert_int_equal(d.grid.ny, 2);
	assert_true(d.grid.x[0] == 0);
	assert_int_equal(d.grid.ncols, 0);
	assert_int_equal(dist_grid_nrows(&d), 6);

	double *c = dist_grid_set_column(&d, "p1H", p);
	assert_non_null(c);
	assert_true(c != p && c[5] == 6);
	c = dist_grid_set_column(&d, "V1H", NULL);
	assert_true(isnan(c[0]) && isnan(c[5]));
	c[4] = 7; /* writable in place */
	assert_int_equal(dist_grid_column(&d, "V1H"), 1);
	assert_int_equal(dist_grid_column(&d, "p1L"), -1);
	assert_true(dist_grid_set_column(&d, "p1H", q) == d.grid.v[0]); /* replaced */
	assert_int_equal(d.grid.ncols, 2);

	/* Row 4 = (i 1, j 1): x 0.5, y 20, p1H -5, V1H 7. */
	dist_grid_row(&d, 4, row);
	assert_true(row[0] == 0.5 && row[1] == 20 && row[2] == -5 && row[3] == 7);
	dist_grid_row(&d, 2, row);
	assert_true(row[0] == 1 && row[1] == 10 && row[2] == -3 && isnan(row[3]));

	for (int k = 2; k < DIST_GRID_MAX_COLUMNS; k++) {
		snprintf(name, sizeof name, "c%d", k);
		assert_non_null(dist_grid_set_column(&d, name, p));
	}
	assert_null(dist_grid_set_column(&d, "one too many", p));
	assert_non_null(dist_grid_set_column(&d, "c2", q)); /* replacing still works */
	dist_fini(&d);
	assert_int_equal(d.grid.ncols, 0);
	assert_null(d.grid.x);
	assert_int_equal(dist_grid_nrows(&d), 0);

	/* Not a grid: no columns, no rows; the kind names. */
	dist_init(&d, DIST_BARS, "b", "", "", "");
	assert_null(dist_grid_set_column(&d, "v", p));
	assert_int_equal(dist_grid_nrows(&d), 0);
	assert_string_equal(dist_kind_name(DIST_BARS), "bars");
	assert_string_equal(dist_kind_name(DIST_LINE), "curves");
	assert_string_equal(dist_kind_name(DIST_CDF), "CDF");
	assert_string_equal(dist_kind_name(DIST_HIST), "histogram");
	dist_fini(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_dist),
		cmocka_unit_test(test_dist_grid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
