/* The `dnbe` model through the model interface: defaults and series layout (a process with
 * its convergence series and references; per-provider series up to 16 providers), the
 * describe keys of the issue against the spec's numbers, parameter errors naming the
 * parameter and the allowed values, the posted-price benchmark day by day, the
 * distributions against values known by hand or from the spec, and the consistent-lie game
 * under the learning engine: every rule and schedule lands on c = 1, with trajectories
 * computed by hand (the best response is c = 1 whatever the belief, so the action is 1
 * after one revision; damped:W moves a fraction W of the way each step). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/learn.h"
#include "core/models/dnbe_mech.h"
#include "core/models/models.h"
#include "tests/testutil.h"

static const struct model_ops *ops = &dnbe_model_ops;

static void params_with(struct params *p, const char *const *set)
{
	params_init(p, ops->params, ops->nparams);
	for (; set && *set; set += 2)
		tu_set(p, set[0], set[1]);
}

static struct sim *make(uint64_t seed, const char *const *set, const char *dyn)
{
	struct params p;
	params_with(&p, set);
	struct sim *s = tu_sim(ops, &p, seed, dyn);
	params_fini(&p);
	return s;
}

static void test_defaults(void **state)
{
	struct sim *s = make(1, NULL, NULL);
	struct model *m = s->model;
	assert_int_equal(m->dim, 0);
	assert_string_equal(m->convergence, "test_max");
	assert_string_equal(sim_convergence_name(s), "test_max");
	static const char *const names[] = { "r", "test_max", "penalties", "avg_utility",
					     "avg_cost", "cost_se", "avg_utility_1",
					     "avg_utility_5" };
	for (int i = 0; i < 8; i++)
		assert_true(series_col(&s->series, names[i]) > 0);
	assert_int_equal(series_col(&s->series, "avg_utility_6"), -1);
	/* references: C* (spec §4.2, n = 5) and the IR level (spec §7) */
	TU_REL(0.03979067, model_series_ref(m, "avg_cost"), 1e-6);
	TU_REL(0.00975423, model_series_ref(m, "avg_utility"), 1e-6);
	TU_REL(0.00975423, model_series_ref(m, "avg_utility_3"), 1e-6);
	/* step 0 has no day yet; day 1: r(1), every truthful provider penalised */
	assert_true(isnan(tu_last(s, "r")) && tu_last(s, "penalties") == 0);
	tu_steps(s, 1);
	assert_true(fabs(tu_last(s, "r") - 0.5887) < 5e-5);
	assert_true(tu_last(s, "penalties") == 5);
	assert_true(fabs(tu_last(s, "test_max") - 7.0 / 8) < 1e-12);
	assert_true(isnan(tu_last(s, "step_change")));
	sim_free(s);

	const char *big[] = { "n", "17", NULL };
	s = make(1, big, NULL);
	assert_int_equal(series_col(&s->series, "avg_utility_1"), -1);
	assert_true(series_col(&s->series, "avg_utility") > 0);
	sim_free(s);
}

/* The describe keys: C_star, posted_p_star, posted_cost, ir_level (a Lua list). */
static void test_describe(void **state)
{
	const char *ten[] = { "n", "10", NULL };
	struct sim *s = make(1, ten, NULL);
	struct model_kv kv = { 0 };
	sim_describe(s, &kv);
	TU_REL(0.01994714, tu_kv_num(&kv, "C_star"), 1e-6);
	TU_REL(0.03505535, tu_kv_num(&kv, "posted_p_star"), 1e-6);
	TU_REL(0.06055682, tu_kv_num(&kv, "posted_cost"), 1e-6);
	const char *ir = tu_kv_get(&kv, "ir_level");
	assert_true(ir[0] == '{' && ir[strlen(ir) - 1] == '}');
	assert_true(fabs(strtod(ir + 1, NULL) - 0.00221651) < 5e-9);
	tu_assert_contains(tu_kv_get(&kv, "type_law"), "BetaPrime(2, 3)");
	assert_true(fabs(tu_kv_num(&kv, "type_var") - 1.0420) < 5e-5);
	tu_assert_contains(tu_kv_get(&kv, "strategies"), "all truthful");
	model_kv_fini(&kv);
	sim_free(s);

	/* the toy: spec §3 numbers; no posted price */
	const char *toy[] = { "market", "toy", NULL };
	s = make(1, toy, NULL);
	memset(&kv, 0, sizeof kv);
	sim_describe(s, &kv);
	assert_true(tu_kv_num(&kv, "g1_star") == 1);
	assert_true(fabs(tu_kv_num(&kv, "W_star") - -3.9) < 1e-12);
	assert_true(fabs(tu_kv_num(&kv, "C_star") - 3.9) < 1e-12);
	assert_string_equal(tu_kv_get(&kv, "W_star_minus"), "{-4.4, -4.2}");
	tu_assert_contains(tu_kv_get(&kv, "posted_p_star"), "none");
	model_kv_fini(&kv);
	sim_free(s);
}

static void expect_error(const char *const *set, const char *msg)
{
	struct params p;
	struct err e = { "" };
	params_with(&p, set);
	struct model *m = ops->create(ops, &p, 1, &e);
	if (m)
		fail_msg("created despite %s", msg);
	tu_assert_contains(e.msg, msg);
	params_fini(&p);
}

static void test_errors(void **state)
{
	const char *a[] = { "n", "3", "deviators", "4", NULL };
	expect_error(a, "deviators = 4 exceeds the number of providers 3");
	const char *b[] = { "n", "3", "watch", "4", NULL };
	expect_error(b, "watch = 4 exceeds the number of providers 3");
	const char *c[] = { "price", "-0.5", NULL };
	expect_error(c, "price = -0.5: give -1 (the optimal p*) or a price >= 0");
	const char *d[] = { "market", "toy", "mechanism", "posted", NULL };
	expect_error(d, "mechanism = posted needs market = dr");
	const char *f[] = { "market", "toy", "lie_game", "1", NULL };
	expect_error(f, "lie_game = 1 needs market = dr and mechanism = dnbe");
	const char *g[] = { "n", "51", "lie_game", "1", NULL };
	expect_error(g, "lie_game = 1: n = 51 is too large (at most 50");
	const char *h[] = { "strategy", "script", NULL };
	expect_error(h, "strategy = script needs the parameter script");
	const char *i[] = { "market", "toy", "deviators", "3", NULL };
	expect_error(i, "deviators = 3 exceeds the number of providers 2");
	/* ranges come from the specs */
	struct params p;
	struct err e;
	params_init(&p, ops->params, ops->nparams);
	assert_int_equal(params_set_num(&p, params_find(&p, "scale"), 0, &e), -1);
	tu_assert_contains(e.msg, "allowed [0.05, 20]");
	assert_int_equal(params_set_num(&p, params_find(&p, "gamma"), 0, &e), -1);
	tu_assert_contains(e.msg, "allowed (0, 100]");
	assert_int_equal(params_set_str(&p, params_find(&p, "strategy"), "lie", &e), -1);
	tu_assert_contains(e.msg, "truthful|scale|reverse|always_max|collude|script");
	params_fini(&p);
}

/* The posted price day by day (n = 5, p = p* = 0.06253665): providers curtail p / delta_i,
 * so the average cost approaches E[SC(p*)] = 0.10802977 (spec §4.2) and each provider's
 * average utility p^2 E[1/delta] / 2; at p = 0 the reserve covers everything and the cost is
 * E[delta_s] d^2 / 2 = 0.5. Within 4 standard errors of the run's own daily values. */
static void test_posted(void **state)
{
	const char *set[] = { "mechanism", "posted", NULL };
	struct sim *s = make(4, set, NULL);
	assert_string_equal(s->model->convergence, "cost_se");
	double sum = 0, sum2 = 0;
	long L = 4000;
	for (long d = 1; d <= L; d++) {
		tu_steps(s, 1);
		double cum = tu_last(s, "avg_cost") * d, prev = d > 1 ? tu_at(s, "avg_cost", d - 1) *
								       (d - 1)
								 : 0;
		sum += cum - prev;
		sum2 += (cum - prev) * (cum - prev);
	}
	double se = sqrt((sum2 / L - (sum / L) * (sum / L)) / (L - 1));
	assert_true(fabs(tu_last(s, "avg_cost") - 0.10802977) < 4 * se);
	assert_true(fabs(tu_last(s, "cost_se") - se) < 1e-6 * se);
	assert_true(isnan(tu_last(s, "r")) && isnan(tu_last(s, "test_max")));
	double ref = model_series_ref(s->model, "avg_utility_1");
	TU_REL(0.06253665 * 0.06253665 * 2.507139 / 2, ref, 1e-5);
	sim_free(s);

	const char *zero[] = { "mechanism", "posted", "price", "0", NULL };
	s = make(4, zero, NULL);
	tu_steps(s, 2000);
	assert_true(fabs(tu_last(s, "avg_cost") - 0.5) < 4 * tu_last(s, "cost_se"));
	assert_true(tu_last(s, "avg_utility") == 0);
	sim_free(s);
}

/* ---- distributions ---- */

static void test_dists(void **state)
{
	const char *set[] = { "strategy", "scale", "scale", "1.25", NULL };
	struct sim *s = make(3, set, NULL);
	struct dist d;
	struct err e;
	memset(&d, 0, sizeof d);
	assert_int_equal(sim_dist(s, "reports", &d, &e), -1);
	tu_assert_contains(e.msg, "no day has been played yet");
	tu_steps(s, 300);
	/* a consistent liar reports 1.25 times its true type every day */
	d = tu_dist(s, "reports");
	assert_int_equal(d.c[0].n, 300);
	for (size_t j = 0; j < d.c[0].n; j++)
		TU_REL(1.25 * d.c[0].x[j], d.c[0].y[j], 1e-15);
	dist_fini(&d);
	/* report frequencies sum to 1 and sit on the bid law's support */
	d = tu_dist(s, "report_freq");
	double sum = 0;
	for (size_t j = 0; j < d.c[0].n; j++)
		sum += d.c[0].y[j];
	TU_REL(1, sum, 1e-12);
	TU_REL(1.25 * 3.47406749, d.c[0].x[7], 1e-8);
	dist_fini(&d);
	/* the dispatch covers the shortage d = 1 */
	d = tu_dist(s, "dispatch");
	assert_int_equal(d.c[0].n, 6);
	sum = 0;
	for (size_t j = 0; j < 6; j++)
		sum += d.c[0].y[j];
	TU_REL(1, sum, 1e-12);
	assert_string_equal(d.labels[5], "g");
	dist_fini(&d);
	d = tu_dist(s, "payments");
	assert_int_equal(d.kind, DIST_CDF);
	TU_REL(1, d.c[0].y[d.c[0].n - 1], 1e-15);
	dist_fini(&d);
	/* penalty raster: day 1 for all five */
	d = tu_dist(s, "penalty_events");
	for (size_t j = 0; j < 5; j++)
		assert_true(d.c[0].x[j] == 1 && d.c[0].y[j] == (double)j + 1);
	dist_fini(&d);
	d = tu_dist(s, "test_stats");
	assert_int_equal(d.c[0].n, 5);
	TU_REL(dnbe_mech_window(300, 0.5), d.c[2].y[0], 1e-15);
	dist_fini(&d);
	/* the lie utility is maximal at c = 1 */
	d = tu_dist(s, "lie_utility");
	assert_true(fabs(d.c[1].x[0] - 1) < 1e-6);
	for (size_t j = 0; j < d.c[0].n; j++)
		assert_true(d.c[0].y[j] <= d.c[1].y[0] + 1e-15);
	dist_fini(&d);
	/* Fig. 2: C*(5) and C*(0) (spec §4.2); Fig. 4: the minimum at p* */
	d = tu_dist(s, "fig2");
	TU_REL(0.5, d.c[0].y[0], 1e-12);
	TU_REL(0.03979067, d.c[0].y[5], 1e-6);
	for (size_t j = 0; j < d.c[0].n; j++) /* equal at n = 0: the reserve alone */
		assert_true(d.c[1].y[j] >= d.c[0].y[j] * (1 - 1e-12));
	dist_fini(&d);
	d = tu_dist(s, "fig4");
	TU_REL(0.5, d.c[0].y[0], 1e-12);
	TU_REL(0.062537, d.c[2].x[0], 1e-5);
	for (size_t j = 0; j < d.c[0].n; j++)
		assert_true(d.c[0].y[j] >= d.c[2].y[0] && d.c[0].y[j] > d.c[1].y[0]);
	dist_fini(&d);
	d = tu_dist(s, "fig3");
	for (size_t j = 1; j < d.c[0].n; j++)
		assert_true(d.c[0].y[j] > d.c[0].y[j - 1]);
	dist_fini(&d);
	d = tu_dist(s, "provider_utility");
	assert_int_equal(d.c[0].n, 5);
	dist_fini(&d);
	sim_free(s);

	const char *toy[] = { "market", "toy", NULL };
	s = make(3, toy, NULL);
	tu_steps(s, 2);
	assert_int_equal(sim_dist(s, "fig2", &d, &e), -1);
	tu_assert_contains(e.msg, "needs market = dr");
	d = tu_dist(s, "dispatch");
	assert_int_equal(d.c[0].n, 4);
	assert_true(d.c[0].y[0] == 1); /* g1* = 1 reserve unit */
	dist_fini(&d);
	sim_free(s);
}

/* ---- the consistent-lie game ---- */

/* All five providers start at c = 2. Whatever the belief, the best response is c = 1
 * (|c - 1| < 1e-6: the maximiser's bracket is 1e-7 relative), so:
 *   a rule whose action is the best response (cournot, kperiod, fictitious, ewma) has every
 *   reviser at 1 after its first revision; damped:W has |c_n - 1| = (1 - W)^n;
 *   sequential revises one provider per step (all at 1 after 5 steps), random one at
 *   random, async each with probability 1/2. */
static void test_lie_game(void **state)
{
	const char *set[] = { "lie_game", "1", "deviators", "5", "scale", "2", NULL };
	struct sim *s = make(1, set, "cournot");
	assert_int_equal(s->model->dim, 5);
	assert_true(tu_at(s, "dist_ne", 0) == 1);
	tu_steps(s, 1);
	assert_true(tu_last(s, "dist_ne") < 1e-6);
	/* at c = 1 everywhere: exact utilities = IR level, cost = C* (spec §7, §4.2) */
	assert_true(fabs(tu_last(s, "avg_utility_2") - 0.00975423) < 5e-9);
	assert_true(fabs(tu_last(s, "avg_cost") - 0.03979067) < 5e-9);
	assert_true(isnan(tu_last(s, "r")));
	assert_null(sim_warning(s));
	sim_free(s);

	s = make(1, set, "damped:0.5");
	for (int n = 1; n <= 6; n++) {
		tu_steps(s, 1);
		assert_true(fabs(tu_last(s, "dist_ne") - ldexp(1, -n)) < 1e-6);
	}
	sim_free(s);

	s = make(1, set, "fictitious,sequential");
	for (int n = 1; n <= 5; n++) {
		tu_steps(s, 1);
		assert_true(fabs(tu_last(s, "dist_ne") - (n < 5 ? 1 : 0)) < 1e-6);
	}
	sim_free(s);

	/* every rule under every schedule ends at c = 1: run until dist_ne < 1e-6 (damped:0.5
	 * needs 20 revisions of each provider, about 130 steps under random) */
	for (size_t i = 0; i < learn_ndynamics; i++)
		for (size_t j = 0; j < learn_nschedules; j++) {
			char rule[48], text[96];
			learn_dynamic_default(i, rule, sizeof rule);
			snprintf(text, sizeof text, "%s,%s", rule, learn_schedules[j].name);
			s = make(1, set, text);
			long n = 0;
			while (n < 400 && !(tu_last(s, "dist_ne") < 1e-6)) {
				tu_steps(s, 1);
				n++;
			}
			if (!(tu_last(s, "dist_ne") < 1e-6))
				fail_msg("%s: dist_ne %g after %ld steps", text, tu_last(s, "dist_ne"),
					 n);
			assert_null(sim_warning(s));
			sim_free(s);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_posted),
		cmocka_unit_test(test_dists),
		cmocka_unit_test(test_lie_game),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
