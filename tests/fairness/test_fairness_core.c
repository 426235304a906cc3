/* The mathematics of the `fairness` model against independent computations: the linear
 * example's allocation against its KKT conditions (the model evaluates the thesis's (5.19);
 * the test checks that (5.19) is the optimum it claims to be) and its other regimes, the
 * smart grid's allocation against its optimality conditions and against perturbed feasible
 * allocations, the DSIC identity of spec §5.2, VCG by hand, the Fig. 19 LP's optimum and
 * optimal face against their closed forms (derived below), the root search on functions
 * with known roots, the peak-load price by hand, and the sample sigma of a two-valued
 * profile. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>

#include "core/models/fairness_alloc.h"
#include "core/models/fairness_core.h"
#include "core/models/fairness_lp.h"
#include "core/stats.h"
#include "tests/testutil.h"

static const struct fairness_econ lin = {
	.kind = FAIRNESS_LINEAR, .n = 50, .th = 1, .tl = 0.75,
};
static const struct fairness_econ grid = {
	.kind = FAIRNESS_SMARTGRID, .n = 100, .th = 15, .tl = 5, .a = 0.3, .mr = 0.1, .q = 0.1,
};


static void test_linear_alloc(void **state)
{
	struct fairness_table t;
	fairness_table_init(&t, 50);
	static const double eps[] = { 0.01, 0.5, 1.2, 3.1, 6, 10, 14, 20, 30 };
	for (size_t i = 0; i < sizeof eps / sizeof eps[0]; i++) {
		assert_int_equal(fairness_table_fill(&t, &lin, eps[i]), 0);
		for (int m = 1; m < 50; m++) {
			const struct fairness_point *p = &t.p[m];
			double kink = m * 0.25 / 2;
			/* does the unit bind? sum of the unconstrained optima 1/(2 eps theta) */
			double free_sum = m / (2 * eps[i]) + (50 - m) / (1.5 * eps[i]);
			if (eps[i] <= kink) {
				TU_REL(1.0 / m, p->xh, 1e-15);
				assert_true(p->xl == 0);
			} else if (free_sum > 1) {
				/* KKT with both types active: the unit is used up and the marginal
				 * objectives theta - 2 eps theta^2 x agree (= lambda > 0) */
				TU_REL(1, m * p->xh + (50 - m) * p->xl, 1e-13);
				double lh = 1 - 2 * eps[i] * p->xh;
				double ll = 0.75 - 2 * eps[i] * 0.5625 * p->xl;
				assert_true(fabs(lh - ll) <= 1e-13 && lh > 0 && p->xl > 0);
			} else { /* the unit is not used up: x = 1 / (2 eps theta) */
				TU_REL(1 / (2 * eps[i]), p->xh, 1e-15);
				TU_REL(1 / (1.5 * eps[i]), p->xl, 1e-15);
			}
		}
		/* one type only: everyone gets 1/N */
		TU_REL(1.0 / 50, eps[i] < 33 ? t.p[0].xl : 1 / (1.5 * eps[i]), 1e-13);
		assert_true(isnan(t.p[0].xh) && isnan(t.p[50].xl));
	}
	/* eps = 0: the thesis's choice among the optima */
	fairness_table_fill(&t, &lin, 0);
	TU_REL(1.0 / 9, t.p[9].xh, 1e-15);
	assert_true(t.p[9].xl == 0);
	TU_REL(1.0 / 50, t.p[0].xl, 1e-15);
	/* (5.22) for linear utilities is (thH - thL)(x_H(k + 1) - x_L(k)) (spec §5.2) */
	fairness_table_fill(&t, &lin, 7);
	for (int k = 0; k < 50; k++)
		TU_REL(0.25 * (t.p[k + 1].xh - t.p[k].xl), fairness_dsic_term(&lin, &t, k), 1e-12);
	fairness_table_fini(&t);
}

/* The smart grid allocation maximises sum g_eps(v) - C: no feasible perturbation of
 * (x_H, x_L) does better, and an interior x_H meets g'(v) v' = 2 a y. */
static void test_grid_optimal(void **state)
{
	struct fairness_table t;
	fairness_table_init(&t, 100);
	static const double eps[] = { 0, 0.003, 0.025, 0.1, 0.19, 0.3 };
	static const int ms[] = { 1, 10, 37, 99 };
	for (size_t i = 0; i < sizeof eps / sizeof eps[0]; i++) {
		assert_int_equal(fairness_table_fill(&t, &grid, eps[i]), 0);
		for (size_t j = 0; j < sizeof ms / sizeof ms[0]; j++) {
			int m = ms[j];
			struct fairness_point p = t.p[m];
			double best = fairness_objective(&grid, 100, m, eps[i], &p);
			for (int dh = -1; dh <= 1; dh++)
				for (int dl = -1; dl <= 1; dl++) {
					struct fairness_point q = p;
					q.xh += dh * 1e-4;
					q.xl += dl * 1e-4;
					if (q.xh < grid.mr || q.xl < grid.mr)
						continue;
					q.y = m * q.xh + (100 - m) * q.xl;
					assert_true(fairness_objective(&grid, 100, m, eps[i], &q) <=
						    best + 1e-12 * fabs(best));
				}
			TU_REL(m * p.xh + (100 - m) * p.xl, p.y, 1e-15);
			assert_true(p.xl >= grid.mr && p.xh >= grid.mr);
			if (p.xh > grid.mr) {
				double v = 15 * p.xh - p.xh * p.xh / 4;
				double foc = (1 - 2 * eps[i] * v) * (15 - p.xh / 2);
				TU_REL(2 * 0.3 * p.y, foc, 1e-12);
			}
		}
	}
	fairness_table_fini(&t);
}

/* VCG by hand in the linear example at eps = 0: all of the unit goes to the high types.
 * A high agent among m >= 2 pays thH - thH (m - 1)/m = thH/m; the only high agent pays
 * thL (without it an L agent would get the unit); low agents pay 0. */
static void test_vcg_linear(void **state)
{
	struct fairness_table t0, t0m;
	double th[50], tl[50];
	fairness_table_init(&t0, 50);
	fairness_table_init(&t0m, 49);
	fairness_table_fill(&t0, &lin, 0);
	fairness_table_fill(&t0m, &lin, 0);
	fairness_tax_vcg(&lin, &t0, &t0m, th, tl);
	TU_REL(0.75, th[0], 1e-15);
	for (int k = 1; k < 50; k++)
		TU_REL(1.0 / (k + 1), th[k], 1e-14);
	for (int k = 1; k < 50; k++)
		assert_true(fabs(tl[k]) < 1e-15);
	/* with no high type at all, a low agent's presence changes the others' 1 into
	 * 0.75 * (1 - 1/50) ... they share the unit: 0.75 - 0.75 (49/50) */
	TU_REL(0.75 / 50, tl[0], 1e-13);
	fairness_table_fini(&t0);
	fairness_table_fini(&t0m);
}

static double sum(const double *x, int n)
{
	double s = 0;
	for (int i = 0; i < n; i++)
		s += x[i];
	return s;
}

/* The Fig. 19 LP. With revenue R = n (q E[t_H] + (1 - q) E[t_L]) and gap D = E[t_H - t_L]
 * (expectations over pk), t >= 0 allows any D in [-R / (n (1 - q)), R / (n q)]. So the least
 * revenue is max(E[C], n q lo). On the face R = obj, t_H(m-1) alone can carry at most
 * min(obj / (n q), (1 - q) hi + obj / n) / pk[m-1] (the rest of the revenue on t_L of other
 * counts, keeping D <= hi), and t_L(m) at most (obj / n - q lo) / pk[m] (keeping D >= lo). */
static void test_lp(void **state)
{
	enum { N = 100 };
	struct fairness_table t;
	double pk[N], pm[N + 1], th[N], tl[N], obj, lo, hi;
	fairness_table_init(&t, N);
	fairness_binom(N - 1, 0.1, pk);
	fairness_binom(N, 0.1, pm);
	TU_REL(1, sum(pk, N), 1e-13); /* 100 rounded terms */
	for (double eps = 0; eps <= 0.2; eps += 0.025) {
		fairness_table_fill(&t, &grid, eps);
		fairness_bsic_bounds(&grid, &t, pk, &lo, &hi);
		struct fairness_lp lp = { N, 0.1, pk, lo, hi,
					  fairness_expected_cost(&grid, &t, pm) };
		assert_int_equal(fairness_lp_solve(&lp, th, tl, &obj), 0);
		double want = fmax(lp.cost, N * 0.1 * lo);
		TU_REL(want, obj, 1e-9);
		/* the vertex is feasible */
		double d = 0, r = 0;
		for (int k = 0; k < N; k++) {
			assert_true(th[k] >= -1e-12 && tl[k] >= -1e-12);
			d += pk[k] * (th[k] - tl[k]);
			r += N * pk[k] * (0.1 * th[k] + 0.9 * tl[k]);
		}
		assert_true(d >= lo - 1e-9 && d <= hi + 1e-9);
		TU_REL(obj, r, 1e-9);
		double dmin, dmax;
		assert_int_equal(fairness_lp_face(&lp, obj, 10, &dmin, &dmax), 0);
		TU_REL(-(obj / N - 0.1 * lo) / pk[10], dmin, 1e-7);
		TU_REL(fmin(obj / (N * 0.1), 0.9 * hi + obj / N) / pk[9], dmax, 1e-7);
	}
	/* BSIC infeasible (lo > hi): no LP */
	struct fairness_lp bad = { N, 0.1, pk, 2, 1, 10 };
	assert_int_equal(fairness_lp_solve(&bad, th, tl, &obj), -1);
	fairness_table_fini(&t);
}

static double lin_root(double x, void *c) { return 1 - x / 3; }
static double plateau(double x, void *c) { return x < 2 ? 2 - x : 0; }
static double never(double x, void *c) { return 1 + x; }
static double none(double x, void *c) { return -1 - x; }

static void test_sup_positive(void **state)
{
	TU_REL(3, fairness_sup_positive(lin_root, NULL, 1e7), 1e-12);
	TU_REL(2, fairness_sup_positive(plateau, NULL, 1e7), 1e-12);
	assert_true(isinf(fairness_sup_positive(never, NULL, 1e3)));
	assert_true(fairness_sup_positive(none, NULL, 1e3) == 0);
}

static void test_small_forms(void **state)
{
	/* sample sigma of a two-valued profile against stats_moments */
	double x[30];
	for (int i = 0; i < 30; i++)
		x[i] = i < 7 ? 2.5 : -1;
	TU_REL(sqrt(stats_moments(x, 30).var), fairness_sd_two(30, 7, 2.5, -1), 1e-14);
	assert_true(fairness_sd_two(30, 0, 2.5, -1) == 0 && fairness_sd_two(30, 30, 2.5, -1) == 0);
	/* (5.20) at N = 50, (1, 0.75), m = 9 by hand */
	double a, b;
	fairness_bound_520(&lin, 9, &a, &b);
	TU_REL((51 / 1.75 + 0.5625 / (1.75 * (9 * 0.5625 + 40))) / 2, a, 1e-14);
	TU_REL((51 / 1.75 + 0.5625 / (1.75 * 49)) / 2, b, 1e-14);
	/* peak-load pricing: the price maximises the expected profit; by hand (E[m] = 10,
	 * E[m^2] = 109) pi = 15 - 150 / (2 (10 + 0.6 * 109)) */
	struct fairness_econ ec = grid;
	double pm[101];
	ec.mr = 0;
	fairness_binom(100, 0.1, pm);
	double pi = fairness_plp_price(&ec, pm), best = fairness_plp_profit(&ec, pm, pi);
	TU_REL(15 - 150.0 / (2 * (10 + 0.6 * 109)), pi, 1e-13);
	for (double p = 0; p <= 15; p += 0.01)
		assert_true(fairness_plp_profit(&ec, pm, p) <= best + 1e-9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_linear_alloc),
		cmocka_unit_test(test_grid_optimal),
		cmocka_unit_test(test_vcg_linear),
		cmocka_unit_test(test_lp),
		cmocka_unit_test(test_sup_positive),
		cmocka_unit_test(test_small_forms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
