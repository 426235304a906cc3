/* Unit tests of core/stats: exact values from hand computation (R's type-7 quantiles,
 * the population Gini G = sum_i sum_j |x_i - x_j| / (2 n^2 mean)). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <cmocka.h>

#include "core/stats.h"

#define EPS 1e-12

/* cmocka 1.1 compares only floats; this compares doubles and prints both values. */
#define assert_near(a, b, eps) \
	do { \
		double a_ = (a), b_ = (b); \
		if (!(fabs(a_ - b_) <= (eps))) \
			fail_msg("%s = %.17g, expected %.17g", #a, a_, b_); \
	} while (0)

static void test_moments(void **state)
{
	const double x[] = { 2, 4, NAN, 4, 4, 5, INFINITY, 5, 7, 9 };
	struct stats_moments m = stats_moments(x, 10);

	assert_int_equal(m.n, 8);
	assert_near(m.mean, 5.0, EPS);
	assert_near(m.var, 32.0 / 7.0, EPS);
	assert_near(m.min, 2.0, 0);
	assert_near(m.max, 9.0, 0);
	m = stats_moments(x, 1);
	assert_int_equal(m.n, 1);
	assert_near(m.var, 0.0, 0);
	m = stats_moments(x, 0);
	assert_int_equal(m.n, 0);
	assert_true(isnan(m.mean));
}

static void test_wmean_running(void **state)
{
	const double x[] = { 1, 2, 3 }, w[] = { 1, 0, 3 }, z[] = { 0, 0, 0 };
	struct stats_running r = { 0 };

	assert_near(stats_wmean(x, w, 3), 2.5, EPS);
	assert_true(isnan(stats_wmean(x, z, 3)));
	for (int i = 1; i <= 5; i++)
		stats_running_push(&r, i);
	assert_near(r.mean, 3.0, EPS);
	assert_near(stats_running_var(&r), 2.5, EPS);
}

static void test_quantiles(void **state)
{
	const double x[] = { 4, 1, 3, 2 };
	const double y[] = { 10, 1, 2, 3, 4, NAN };

	assert_near(stats_quantile(x, 4, 0.5), 2.5, EPS);
	assert_near(stats_quantile(x, 4, 0.25), 1.75, EPS);
	assert_near(stats_quantile(x, 4, 0.0), 1.0, 0);
	assert_near(stats_quantile(x, 4, 1.0), 4.0, 0);
	/* R: quantile(c(1,2,3,4,10), 0.9) = 7.6 (NaN skipped). */
	assert_near(stats_quantile(y, 6, 0.9), 7.6, EPS);
	assert_true(isnan(stats_quantile(x, 0, 0.5)));
	assert_near(x[0], 4, 0); /* input untouched */
	{
		const double s[] = { 0, 10 };

		assert_near(stats_quantile_sorted(s, 2, 0.3), 3.0, EPS);
		assert_near(stats_quantile_sorted(s, 1, 0.7), 0.0, 0);
	}
}

static void test_gini(void **state)
{
	const double eq[] = { 1, 1, 1, 1 }, one[] = { 0, 0, 0, 1 }, lin[] = { 4, 3, 2, 1 };
	const double zero[] = { 0, 0 };

	assert_near(stats_gini(eq, 4), 0.0, EPS);
	assert_near(stats_gini(one, 4), 0.75, EPS);
	/* pairwise |differences| sum to 20; 2 n^2 mean = 80 */
	assert_near(stats_gini(lin, 4), 0.25, EPS);
	assert_true(isnan(stats_gini(zero, 2)));
	assert_true(isnan(stats_gini(eq, 0)));
}

static void test_hist_explicit(void **state)
{
	const double edges[] = { 0, 1, 2, 3 };
	const double bad[] = { 0, 1, 1 };
	const double x[] = { -1, 0, 0.5, 1, 2.9, 3, 3.1, NAN };
	struct stats_hist h;

	assert_int_equal(stats_hist_init_edges(&h, bad, 3), -1);
	assert_int_equal(stats_hist_init_edges(&h, edges, 1), -1);
	assert_int_equal(stats_hist_init_edges(&h, edges, 4), 0);
	assert_int_equal(h.nbins, 3);
	stats_hist_add_all(&h, x, 8);
	assert_near(h.under, 1, 0);
	assert_near(h.counts[0], 2, 0);
	assert_near(h.counts[1], 1, 0);
	assert_near(h.counts[2], 2, 0); /* 2.9 and the closed right edge 3 */
	assert_near(h.over, 1, 0);
	assert_near(h.total, 7, 0);
	stats_hist_add(&h, 1.5, 0.25);
	assert_near(h.counts[1], 1.25, 0);
	stats_hist_fini(&h);
	assert_null(h.edges);
}

static void test_hist_auto(void **state)
{
	double x[100], c[] = { 3, 3, 3 }, sum = 0;
	struct stats_hist h;

	for (int i = 0; i < 100; i++)
		x[i] = i + 1;
	/* Freedman-Diaconis: IQR 49.5, width 2*49.5/100^(1/3) = 21.33, range 99 -> 5 bins. */
	stats_hist_init_auto(&h, x, 100, 0);
	assert_int_equal(h.nbins, 5);
	assert_near(h.edges[0], 1, 0);
	assert_near(h.edges[5], 100, 0);
	assert_near(h.edges[1], 20.8, EPS);
	stats_hist_add_all(&h, x, 100);
	for (size_t i = 0; i < h.nbins; i++)
		sum += h.counts[i];
	assert_near(sum, 100, 0);
	assert_near(h.counts[4], 20, 0); /* 80.2..100 holds 81..100 */
	stats_hist_fini(&h);

	stats_hist_init_auto(&h, x, 9, 4); /* explicit count on 1..9 */
	assert_int_equal(h.nbins, 4);
	assert_near(h.edges[2], 5, EPS);
	stats_hist_fini(&h);

	stats_hist_init_auto(&h, x, 100, 1000);
	assert_int_equal(h.nbins, 200);
	stats_hist_fini(&h);

	stats_hist_init_auto(&h, c, 3, 0); /* constant: one bin of width 1 */
	assert_int_equal(h.nbins, 1);
	assert_near(h.edges[0], 2.5, 0);
	assert_near(h.edges[1], 3.5, 0);
	stats_hist_add_all(&h, c, 3);
	assert_near(h.counts[0], 3, 0);
	stats_hist_fini(&h);

	{
		/* IQR 0 but a wide range: Sturges, ceil(log2 8) + 1 = 4 bins. */
		const double s[] = { 0, 5, 5, 5, 5, 5, 5, 10 };

		stats_hist_init_auto(&h, s, 8, 0);
		assert_int_equal(h.nbins, 4);
		stats_hist_fini(&h);
	}
}

static void test_ecdf(void **state)
{
	const double x[] = { 3, 1, NAN, 2, 2 };
	const double w[] = { 2, 1, 5, 1, 0 };
	struct stats_ecdf c;

	stats_ecdf_init(&c, x, NULL, 5);
	assert_int_equal(c.n, 3);
	assert_near(c.x[0], 1, 0);
	assert_near(c.F[0], 0.25, EPS);
	assert_near(c.F[1], 0.75, EPS);
	assert_near(c.F[2], 1.0, 0);
	assert_near(stats_ecdf_eval(&c, 0.5), 0.0, 0);
	assert_near(stats_ecdf_eval(&c, 1.0), 0.25, EPS);
	assert_near(stats_ecdf_eval(&c, 1.5), 0.25, EPS);
	assert_near(stats_ecdf_eval(&c, 2.0), 0.75, EPS);
	assert_near(stats_ecdf_eval(&c, 99), 1.0, 0);
	stats_ecdf_fini(&c);

	stats_ecdf_init(&c, x, w, 5); /* weights 1 at 1, 1 at 2, 2 at 3 */
	assert_int_equal(c.n, 3);
	assert_near(stats_ecdf_eval(&c, 1.0), 0.25, EPS);
	assert_near(stats_ecdf_eval(&c, 2.5), 0.5, EPS);
	stats_ecdf_fini(&c);

	stats_ecdf_init(&c, x, NULL, 0);
	assert_int_equal(c.n, 0);
	assert_true(isnan(stats_ecdf_eval(&c, 1)));
	stats_ecdf_fini(&c);
}

static void test_window_mean(void **state)
{
	const double x[] = { 1, 2, 3, 4, 5 };

	assert_near(stats_window_mean(x, 5, 2), 4.5, EPS);
	assert_near(stats_window_mean(x, 5, 10), 3.0, EPS);
	assert_near(stats_window_mean(x, 3, 1), 3.0, EPS);
	assert_true(isnan(stats_window_mean(x, 0, 3)));
	assert_true(isnan(stats_window_mean(x, 5, 0)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_moments),
		cmocka_unit_test(test_wmean_running),
		cmocka_unit_test(test_quantiles),
		cmocka_unit_test(test_gini),
		cmocka_unit_test(test_hist_explicit),
		cmocka_unit_test(test_hist_auto),
		cmocka_unit_test(test_ecdf),
		cmocka_unit_test(test_window_mean),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
