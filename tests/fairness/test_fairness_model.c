/* The `fairness` model through the model interface: user errors, the process (convergence
 * series, reference levels), the eps ramp, the seeded draws of type profiles and their Monte
 * Carlo mean, the two Gini conventions against (5.21), the tax rules, the distributions and
 * the describe keys the issue fixes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "core/models/models.h"
#include "core/sim.h"
#include "tests/testutil.h"

static const struct model_ops *ops = &fairness_model_ops;

static int try_make(const char *const *kv, uint64_t seed, struct sim **out, struct err *e)
{
	struct params p;
	params_init(&p, ops->params, ops->nparams);
	for (; *kv; kv += 2)
		tu_set(&p, kv[0], kv[1]);
	*out = sim_new(ops, &p, seed, NULL, e);
	params_fini(&p);
	return *out ? 0 : -1;
}

static struct sim *make(const char *const *kv, uint64_t seed)
{
	struct sim *s;
	struct err e;
	if (try_make(kv, seed, &s, &e) < 0)
		fail_msg("sim_new: %s", e.msg);
	return s;
}

#define LINEAR "example", "linear", "N", "50", "thetaH", "1", "thetaL", "0.75"

static void expect_error(const char *const *kv, const char *want)
{
	struct sim *s;
	struct err e;
	assert_int_equal(try_make(kv, 1, &s, &e), -1);
	tu_assert_contains(e.msg, want);
}

static void test_errors(void **state)
{
	expect_error((const char *[]){ "thetaH", "5", "thetaL", "5", NULL },
		     "parameter 'thetaH' = 5 must exceed 'thetaL' = 5");
	expect_error((const char *[]){ "N", "20", "m", "21", NULL },
		     "parameter 'm' = 21 high types is more than 'N' = 20 agents");
	expect_error((const char *[]){ LINEAR, "m", "9", "mode", "draw", NULL },
		     "parameter 'mode' = \"draw\" draws profiles from the smart grid's prior");
	expect_error((const char *[]){ LINEAR, "m", "9", "tax", "bsic", NULL },
		     "parameter 'tax' = \"bsic\" needs the smart grid's prior");
	expect_error((const char *[]){ LINEAR, "m", "9", "tax", "lp", NULL },
		     "allows canonical|dsic|vcg");
}

static void test_process(void **state)
{
	struct sim *s = make((const char *[]){ NULL }, 1);
	assert_int_equal(s->model->dim, 0);
	assert_string_equal(sim_convergence_name(s), "ic_margin");
	assert_true(model_series_ref(s->model, "ic_margin") == 0);
	assert_true(model_series_ref(s->model, "H") == 0);
	assert_true(isnan(model_series_ref(s->model, "gini_v")));
	sim_free(s);
	s = make((const char *[]){ "mode", "draw", NULL }, 1);
	assert_string_equal(sim_convergence_name(s), "mc_se");
	TU_REL(tu_describe_num(s, "sd_tax_prior_mean"), model_series_ref(s->model, "mc_sd_tax"),
	       0);
	sim_free(s);
}

/* Every root search converges within its cap over the scenarios' ranges: no warning. */
static void test_converged(void **state)
{
	struct sim *s = make((const char *[]){ "eps_step", "0.005", NULL }, 1);
	tu_steps(s, 60);
	assert_true(tu_describe_num(s, "eps_max") > 0);
	struct dist d = { 0 };
	struct err e;
	assert_int_equal(sim_dist(s, "bsic_bounds", &d, &e), 0);
	dist_fini(&d);
	if (sim_warning(s) || s->model->nwarnings)
		fail_msg("warning: %s", s->model->warning);
	sim_free(s);
	s = make((const char *[]){ "m", "37", "N", "1000", "eps", "0.003", "eps_step", "0.01",
				   NULL }, 1);
	tu_steps(s, 30);
	if (sim_warning(s))
		fail_msg("warning: %s", sim_warning(s));
	sim_free(s);
}

/* Step n has eps = eps + n eps_step, computed afresh (no accumulated sums). */
static void test_ramp(void **state)
{
	struct sim *s = make((const char *[]){ "eps", "0.01", "eps_step", "0.003", NULL }, 1);
	tu_steps(s, 30);
	for (long n = 0; n <= 30; n++) {
		assert_true(tu_at(s, "eps", n) == 0.01 + (double)n * 0.003);
		assert_true(tu_at(s, "high", n) == 10);
	}
	/* the ramp is the same as setting eps directly */
	char e20[32];
	snprintf(e20, sizeof e20, "%.17g", tu_at(s, "eps", 20));
	struct sim *t = make((const char *[]){ "eps", e20, NULL }, 1);
	assert_true(tu_last(t, "eps") == tu_at(s, "eps", 20));
	TU_REL(tu_last(t, "gini_v"), tu_at(s, "gini_v", 20), 1e-15);
	TU_REL(tu_last(t, "sd_tax"), tu_at(s, "sd_tax", 20), 1e-15);
	sim_free(t);
	sim_free(s);
}

/* Draws: N Bernoulli(q) types per step from the seed; the Monte Carlo mean of sd_tax is
 * the mean of the sd_tax series and converges to the exact prior mean. */
static void test_draw(void **state)
{
	enum { STEPS = 4000 };
	struct sim *a = make((const char *[]){ "mode", "draw", "tax", "vcg", NULL }, 7);
	struct sim *b = make((const char *[]){ "mode", "draw", "tax", "vcg", NULL }, 7);
	struct sim *c = make((const char *[]){ "mode", "draw", "tax", "vcg", NULL }, 8);
	tu_steps(a, STEPS);
	tu_steps(b, 50);
	tu_steps(c, 50);
	int differ = 0;
	double hi = 0, sd = 0;
	for (long n = 1; n <= STEPS; n++) {
		double h = tu_at(a, "high", n);
		assert_true(h >= 0 && h <= 100 && h == floor(h));
		if (n <= 50) {
			assert_true(h == tu_at(b, "high", n)); /* same seed, same draws */
			differ += h != tu_at(c, "high", n);
		}
		hi += h;
		sd += tu_at(a, "sd_tax", n);
		assert_true(tu_at(a, "eps", n) == 0);
	}
	assert_true(differ > 10);
	assert_true(tu_at(a, "high", 0) == 10); /* step 0 is the parameter's profile */
	assert_true(isnan(tu_at(a, "mc_sd_tax", 0)) && isnan(tu_at(a, "mc_se", 1)));
	/* E[m] = N q = 10, sd(m) = 3: the mean of 4000 draws within 4 standard errors */
	assert_true(fabs(hi / STEPS - 10) < 4 * 3 / sqrt(STEPS));
	TU_REL(sd / STEPS, tu_last(a, "mc_sd_tax"), 1e-12);
	double exact = tu_describe_num(a, "vcg_sd_tax_prior_mean"), se = tu_last(a, "mc_se");
	assert_true(se > 0 && se < 0.05);
	assert_true(fabs(tu_last(a, "mc_sd_tax") - exact) < 4 * se);
	sim_free(a);
	sim_free(b);
	sim_free(c);
}

/* gini_v is (5.21) in the n^2 form; gini_v_nn1 = gini_v N / (N - 1); computed by the model
 * from the agents' vector, checked here against the thesis's closed form. */
static void test_gini(void **state)
{
	static const char *const eps[] = { "0", "2", "5.5", "13" };
	for (int i = 0; i < 4; i++) {
		struct sim *s = make((const char *[]){ LINEAR, "m", "24", "eps", eps[i], NULL }, 1);
		double xh = tu_last(s, "x_H"), xl = tu_last(s, "x_L"), n = 50, m = 24;
		double g = m * (n - m) * (xh - 0.75 * xl) / (n * (m * xh + (n - m) * 0.75 * xl));
		TU_REL(g, tu_last(s, "gini_v"), 1e-13);
		TU_REL(g * n / (n - 1), tu_last(s, "gini_v_nn1"), 1e-13);
		TU_REL(tu_last(s, "gini_x") * n / (n - 1), tu_last(s, "gini_x_nn1"), 1e-15);
		/* the linear example has no prior: its Bayesian series are NaN */
		assert_true(isnan(tu_last(s, "H")) && isnan(tu_last(s, "ic_lo")) &&
			    isnan(tu_last(s, "mc_sd_tax")));
		assert_true(tu_last(s, "ic_margin") == tu_last(s, "dsic_margin"));
		sim_free(s);
	}
}

static void test_tax_rules(void **state)
{
	/* dsic: every agent pays the low type's value of its allocation */
	struct sim *s = make((const char *[]){ "tax", "dsic", "eps", "0.02", NULL }, 1);
	double xh = tu_last(s, "x_H"), xl = tu_last(s, "x_L");
	TU_REL(5 * xh - xh * xh / 4, tu_last(s, "t_H"), 1e-14);
	TU_REL(5 * xl - xl * xl / 4, tu_last(s, "t_L"), 1e-14);
	sim_free(s);
	/* canonical = bsic in the smart grid, dsic in the linear example */
	s = make((const char *[]){ "tax", "canonical", "eps", "0.02", NULL }, 1);
	struct sim *t = make((const char *[]){ "tax", "bsic", "eps", "0.02", NULL }, 1);
	assert_true(tu_last(s, "sd_tax") == tu_last(t, "sd_tax"));
	/* bsic: the gap is L's bound, the expected revenue covers the expected cost:
	 * N (q t_H + (1 - q) t_L) = E[C] */
	TU_REL(tu_last(t, "ic_lo"), tu_last(t, "t_H") - tu_last(t, "t_L"), 1e-12);
	TU_REL(tu_describe_num(t, "expected_cost"),
	       100 * (0.1 * tu_last(t, "t_H") + 0.9 * tu_last(t, "t_L")), 1e-12);
	sim_free(s);
	sim_free(t);
	/* vcg is the eps = 0 baseline at every eps */
	s = make((const char *[]){ "tax", "vcg", "eps_step", "0.05", NULL }, 1);
	tu_steps(s, 3);
	for (long n = 1; n <= 3; n++)
		assert_true(tu_at(s, "sd_tax", n) == tu_at(s, "sd_tax", 0));
	sim_free(s);
	/* lp: a vertex of the Fig. 19 LP, taxes >= 0, expected revenue E[C] */
	s = make((const char *[]){ "tax", "lp", "eps", "0.025", NULL }, 1);
	assert_true(tu_last(s, "t_H") >= 0 && tu_last(s, "t_L") >= 0);
	TU_REL(tu_describe_num(s, "expected_cost"), tu_describe_num(s, "lp_expected_tax"), 1e-9);
	sim_free(s);
	/* linear, beyond eps_max: no DSIC taxes, so no tax series */
	s = make((const char *[]){ LINEAR, "m", "9", "eps", "15", NULL }, 1);
	assert_true(isnan(tu_last(s, "sd_tax")) && isnan(tu_last(s, "t_H")) &&
		    isnan(tu_last(s, "gini_tax")));
	assert_false(isnan(tu_last(s, "gini_v")));
	sim_free(s);
}

static void test_lorenz(void **state)
{
	struct sim *s = make((const char *[]){ LINEAR, "m", "9", "eps", "3", NULL }, 1);
	struct dist d = tu_dist(s, "lorenz");
	assert_int_equal(d.kind, DIST_LINE);
	assert_int_equal(d.ncurves, 3);
	const struct dist_curve *now = &d.c[0], *eq = &d.c[2];
	assert_string_equal(eq->label, "equality");
	assert_int_equal(eq->style, DIST_STYLE_REFERENCE);
	assert_true(eq->n == 2 && eq->x[0] == 0 && eq->y[0] == 0 && eq->x[1] == 1 && eq->y[1] == 1);
	assert_int_equal(now->n, 51);
	assert_true(now->x[0] == 0 && now->y[0] == 0);
	TU_REL(1, now->y[50], 1e-14);
	/* by hand: the 41 low types come first, holding 41 * 0.75 x_L of 9 x_H + 41 * 0.75 x_L */
	double xh = tu_last(s, "x_H"), xl = tu_last(s, "x_L");
	TU_REL(41 * 0.75 * xl / (9 * xh + 41 * 0.75 * xl), now->y[41], 1e-13);
	TU_REL(41.0 / 50, now->x[41], 1e-15);
	/* the Gini is twice the area between the diagonal and the curve (trapezoids are exact
	 * on this piecewise linear curve) */
	double area = 0;
	for (size_t i = 1; i < now->n; i++)
		area += (now->x[i] - now->x[i - 1]) * (now->y[i] + now->y[i - 1]) / 2;
	TU_REL(tu_last(s, "gini_v"), 1 - 2 * area, 1e-12);
	/* at eps = 0 all goes to the 9 high types: the curve is 0 up to 41/50 */
	assert_true(d.c[1].y[41] == 0);
	dist_fini(&d);
	sim_free(s);
}

static void test_other_dists(void **state)
{
	struct sim *s = make((const char *[]){ "eps", "0.05", NULL }, 1);
	struct dist d = tu_dist(s, "allocation");
	assert_int_equal(d.kind, DIST_BARS);
	assert_true(d.nlabels == 2 && !strcmp(d.labels[0], "high") && !strcmp(d.labels[1], "low"));
	assert_true(d.c[0].y[0] == tu_last(s, "x_H") && d.c[0].y[1] == tu_last(s, "x_L"));
	TU_REL(96.0 / 65, d.c[1].y[0], 1e-13); /* eps = 0, Table 2 */
	dist_fini(&d);
	d = tu_dist(s, "taxes");
	assert_true(d.c[0].y[0] == tu_last(s, "t_H"));
	TU_REL(21.007738441480456, d.c[1].y[0], 1e-9); /* VCG, as in Table 2 */
	dist_fini(&d);
	d = tu_dist(s, "utility");
	TU_REL(15 * tu_last(s, "x_H") - pow(tu_last(s, "x_H"), 2) / 4, d.c[0].y[0], 1e-14);
	dist_fini(&d);
	/* the DSIC interval: [v(x_H; thL) - v(x_L; thL), v(x_H; thH) - v(x_L; thH)] at k */
	d = tu_dist(s, "dsic_interval");
	assert_int_equal(d.c[0].n, 100);
	assert_true(d.c[0].x[9] == 9);
	double xh = tu_last(s, "x_H"), xl = tu_last(s, "x_L");
	TU_REL(5 * xh - xh * xh / 4 - (5 * xl - xl * xl / 4), d.c[0].y[9], 1e-13);
	TU_REL(15 * xh - xh * xh / 4 - (15 * xl - xl * xl / 4), d.c[1].y[9], 1e-13);
	dist_fini(&d);
	/* the BSIC bounds open at [6.255, 19.918] and are closed beyond eps_max */
	d = tu_dist(s, "bsic_bounds");
	assert_true(d.c[0].x[0] == 0);
	TU_REL(6.254889569477522, d.c[0].y[0], 1e-9);
	TU_REL(19.91771825248866, d.c[1].y[0], 1e-9);
	size_t last = d.c[0].n - 1;
	assert_true(d.c[0].x[last] > tu_describe_num(s, "eps_max"));
	assert_true(d.c[0].y[last] == 0 && d.c[1].y[last] == 0);
	assert_int_equal(d.c[2].style, DIST_STYLE_POINTS);
	assert_true(d.c[2].x[0] == 0.05 && d.c[2].y[0] == tu_last(s, "ic_lo"));
	dist_fini(&d);
	sim_free(s);
	/* the linear example explains why it has no BSIC bounds */
	s = make((const char *[]){ LINEAR, "m", "9", NULL }, 1);
	struct dist x;
	struct err e;
	memset(&x, 0, sizeof x);
	assert_int_equal(sim_dist(s, "bsic_bounds", &x, &e), -1);
	tu_assert_contains(e.msg, "needs the smart grid's prior");
	assert_int_equal(sim_dist(s, "nonesuch", &x, &e), -1);
	tu_assert_contains(e.msg, "known: lorenz, allocation, utility, taxes, dsic_interval");
	sim_free(s);
}

/* The describe keys the issue fixes, at the current eps and profile. */
static void test_describe(void **state)
{
	static const char *const keys[] = { "x_H", "x_L", "v_H", "v_L", "gini_v", "gini_v_nn1",
					    "sd_v", "eps_max", "eps_max_bound" };
	for (int ex = 0; ex < 2; ex++) {
		struct sim *s = ex ? make((const char *[]){ LINEAR, "m", "9", "eps", "4", NULL }, 1)
				   : make((const char *[]){ "eps", "0.05", NULL }, 1);
		struct model_kv kv = { 0 };
		sim_describe(s, &kv);
		for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
			assert_false(isnan(tu_kv_num(&kv, keys[i])));
		assert_true(tu_kv_num(&kv, "gini_v") == tu_last(s, "gini_v"));
		assert_true(tu_kv_num(&kv, "sd_v") == tu_last(s, "sd_v"));
		assert_true(tu_kv_num(&kv, "x_H") == tu_last(s, "x_H"));
		TU_REL(tu_kv_num(&kv, "gini_v") * (ex ? 50.0 / 49 : 100.0 / 99),
		       tu_kv_num(&kv, "gini_v_nn1"), 1e-15);
		model_kv_fini(&kv);
		sim_free(s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_process),
		cmocka_unit_test(test_converged),
		cmocka_unit_test(test_ramp),
		cmocka_unit_test(test_draw),
		cmocka_unit_test(test_gini),
		cmocka_unit_test(test_tax_rules),
		cmocka_unit_test(test_lorenz),
		cmocka_unit_test(test_other_dists),
		cmocka_unit_test(test_describe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
