/* Unit tests of core/learn and core/sim on the affine game (BR_i = c - rho (x_{i-1} +
 * x_{i+1}) / 2) and a one-player scalar game, whose trajectories are computed here by hand:
 * parsing, each dynamic's belief, sequential updates, switching dynamics with history,
 * the series table (step_change, dist_ne) and the convergence measure. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>

#include "core/learn.h"
#include "core/models/models.h"
#include "core/sim.h"

static struct sim *affine_sim(int dim, double rho, const char *dyn)
{
	struct params p;
	struct err e;
	struct learn_spec spec;
	params_init(&p, affine_model_ops.params, affine_model_ops.nparams);
	assert_int_equal(params_set_num(&p, params_find(&p, "dim"), dim, &e), 0);
	assert_int_equal(params_set_num(&p, params_find(&p, "rho"), rho, &e), 0);
	assert_int_equal(learn_parse(dyn, &spec, &e), 0);
	struct sim *s = sim_new(&affine_model_ops, &p, 1, &spec, &e);
	assert_non_null(s);
	params_fini(&p);
	return s;
}

static void test_parse(void **state)
{
	struct learn_spec s;
	struct err e;
	char buf[64];
	assert_int_equal(learn_parse("kperiod:7", &s, &e), 0);
	assert_int_equal(s.kind, LEARN_KPERIOD);
	assert_int_equal(s.k, 7);
	assert_int_equal(learn_parse("ewma", &s, &e), 0);
	assert_true(s.w == 0.5);
	assert_int_equal(learn_parse("damped:0.25,sequential", &s, &e), 0);
	assert_int_equal(s.kind, LEARN_DAMPED);
	assert_true(s.w == 0.25);
	assert_int_equal(s.sequential, 1);
	learn_format(&s, buf, sizeof buf);
	assert_string_equal(buf, "damped:0.25,sequential");
	assert_int_equal(learn_parse("kperiod:0", &s, &e), -1);
	assert_non_null(strstr(e.msg, "[1, 100000]"));
	assert_int_equal(learn_parse("ewma:1.5", &s, &e), -1);
	assert_non_null(strstr(e.msg, "(0, 1]"));
	assert_int_equal(learn_parse("fictitious:3", &s, &e), -1);
	assert_int_equal(learn_parse("brown", &s, &e), -1);
	assert_non_null(strstr(e.msg, "unknown dynamics 'brown'"));
	assert_int_equal(learn_parse("cournot,later", &s, &e), -1);
}

/* dim = 1: BR(x) = c - rho x with c = 1. */
static double br1(double x, double rho) { return 1 - rho * x; }

static void check_traj(const char *dyn, const double *expect, int n, double rho)
{
	struct sim *s = affine_sim(1, rho, dyn);
	struct err e;
	for (int i = 1; i <= n; i++) {
		assert_int_equal(sim_step(s, &e), 0);
		double got = learn_action(s->learn)[0];
		if (fabs(got - expect[i]) > 1e-14)
			fail_msg("%s step %d: got %.17g expected %.17g", dyn, i, got, expect[i]);
	}
	sim_free(s);
}

static void test_dynamics_scalar(void **state)
{
	enum { N = 12 };
	double rho = 0.8, a[N + 1], sum, r;
	/* cournot */
	a[0] = 0;
	for (int i = 1; i <= N; i++)
		a[i] = br1(a[i - 1], rho);
	check_traj("cournot", a, N, rho);
	/* fictitious */
	sum = a[0] = 0;
	for (int i = 1; i <= N; i++) {
		a[i] = br1(sum / i, rho);
		sum += a[i];
	}
	check_traj("fictitious", a, N, rho);
	/* kperiod:3, fewer at start */
	a[0] = 0;
	for (int i = 1; i <= N; i++) {
		int lo = i - 3 < 0 ? 0 : i - 3;
		double m = 0;
		for (int j = lo; j < i; j++)
			m += a[j];
		a[i] = br1(m / (i - lo), rho);
	}
	check_traj("kperiod:3", a, N, rho);
	/* ewma:0.3: b_n = w a_{n-1} + (1-w) r_{n-1}, r_n = w a_n + (1-w) r_{n-1}, r_0 = a_0 */
	a[0] = 0;
	r = a[0];
	for (int i = 1; i <= N; i++) {
		a[i] = br1(0.3 * a[i - 1] + 0.7 * r, rho);
		r = 0.3 * a[i] + 0.7 * r;
	}
	check_traj("ewma:0.3", a, N, rho);
	/* damped:0.4 */
	a[0] = 0;
	for (int i = 1; i <= N; i++)
		a[i] = 0.6 * a[i - 1] + 0.4 * br1(a[i - 1], rho);
	check_traj("damped:0.4", a, N, rho);
}

static void test_sequential(void **state)
{
	struct sim *s = affine_sim(4, 0.5, "cournot,sequential");
	struct err e;
	double x[4] = {0, 0, 0, 0};
	for (int n = 1; n <= 9; n++) {
		int p = (n - 1) % 4;
		x[p] = 1 - 0.25 * (x[(p + 3) % 4] + x[(p + 1) % 4]);
		assert_int_equal(sim_step(s, &e), 0);
		for (int i = 0; i < 4; i++)
			assert_true(fabs(learn_action(s->learn)[i] - x[i]) < 1e-15);
	}
	sim_free(s);
}

/* Switching keeps history: fictitious for 5 steps, then kperiod:3 must average the last
 * three recorded actions, and ewma must continue from r maintained all along. */
static void test_switch_keeps_history(void **state)
{
	double rho = 0.9, a[20], r;
	struct sim *s = affine_sim(1, rho, "fictitious");
	struct err e;
	struct learn_spec spec;
	a[0] = 0;
	r = 0;
	for (int i = 1; i <= 5; i++) {
		assert_int_equal(sim_step(s, &e), 0);
		a[i] = learn_action(s->learn)[0];
	}
	/* reconstruct r from the recorded actions (weight 0.5) */
	for (int i = 1; i <= 5; i++)
		r = 0.5 * a[i] + 0.5 * r;
	learn_parse("kperiod:3", &spec, &e);
	sim_set_dynamics(s, &spec);
	assert_int_equal(sim_step(s, &e), 0);
	double expect = br1((a[3] + a[4] + a[5]) / 3, rho);
	assert_true(fabs(learn_action(s->learn)[0] - expect) < 1e-15);
	a[6] = expect;
	r = 0.5 * a[6] + 0.5 * r;
	learn_parse("ewma", &spec, &e);
	sim_set_dynamics(s, &spec);
	assert_int_equal(sim_step(s, &e), 0);
	expect = br1(0.5 * a[6] + 0.5 * r, rho);
	assert_true(fabs(learn_action(s->learn)[0] - expect) < 1e-15);
	/* the fictitious sum was kept too */
	double total = 0;
	for (int i = 0; i <= 6; i++)
		total += a[i];
	total += expect;
	learn_parse("fictitious", &spec, &e);
	sim_set_dynamics(s, &spec);
	assert_int_equal(sim_step(s, &e), 0);
	assert_true(fabs(learn_action(s->learn)[0] - br1(total / 8, rho)) < 1e-15);
	sim_free(s);
}

static void test_series_and_convergence(void **state)
{
	struct sim *s = affine_sim(3, 0.5, "cournot");
	struct err e;
	const struct series_table *t = &s->series;
	assert_int_equal(t->ncols, 2);
	assert_string_equal(t->names[0], "step_change");
	assert_string_equal(t->names[1], "dist_ne");
	assert_int_equal(t->nrows, 1);
	assert_true(isnan(series_at(t, 0, 0)));
	double xs = 1 / 1.5; /* x* = c / (1 + rho) */
	assert_true(fabs(series_at(t, 0, 1) - xs) < 1e-15);
	for (int n = 1; n <= 30; n++) {
		assert_int_equal(sim_step(s, &e), 0);
		/* symmetric start: e_n = (-rho)^n e_0 */
		double dist = xs * pow(0.5, n);
		assert_true(fabs(series_at(t, (size_t)n, 1) - dist) < 1e-14);
		assert_true(fabs(series_at(t, (size_t)n, 0) - 3 * dist) < 1e-13);
	}
	assert_string_equal(sim_convergence_name(s), "step_change");
	assert_true(sim_convergence(s) < 1e-8);
	assert_int_equal(sim_n(s), 30);
	assert_int_equal(sim_reset(s, NULL, NULL, &e), 0);
	assert_int_equal(sim_n(s), 0);
	assert_int_equal(t->nrows, 1);
	sim_free(s);
}

/* A large game (no history ring): kperiod after a switch is primed with the current
 * action and averages what it has. */
static void test_large_kperiod_switch(void **state)
{
	struct sim *s = affine_sim(300000, 0.5, "cournot");
	struct err e;
	struct learn_spec spec;
	for (int i = 0; i < 3; i++)
		assert_int_equal(sim_step(s, &e), 0);
	double a3 = learn_action(s->learn)[0];
	learn_parse("kperiod:4", &spec, &e);
	sim_set_dynamics(s, &spec);
	assert_int_equal(sim_step(s, &e), 0);
	double a4 = learn_action(s->learn)[0];
	assert_true(fabs(a4 - br1(a3, 0.5)) < 1e-15);
	assert_int_equal(sim_step(s, &e), 0);
	assert_true(fabs(learn_action(s->learn)[0] - br1((a3 + a4) / 2, 0.5)) < 1e-15);
	sim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_dynamics_scalar),
		cmocka_unit_test(test_sequential),
		cmocka_unit_test(test_switch_keeps_history),
		cmocka_unit_test(test_series_and_convergence),
		cmocka_unit_test(test_large_kperiod_switch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
