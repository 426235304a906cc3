/* Unit tests of model `ttp` through the model interface and the engine: the default instance
 * (the slides' example), the errata's LP-GAP instance given as a ragged `tree` table, the
 * describe keys, the series under cournot, fictitious and cournot,sequential, the price step's
 * eta_k, path replay, the distributions and the parameter errors.
 *
 * Independent values: the spec's (slides, §3, §7, Errata E1-E3) and, where the spec prints
 * none, a Python re-implementation of §2.2 items 1-4 (exact DP in Fractions, the tatonnement
 * in floats with the engine's belief rules: cournot = the last prices, fictitious = the mean of
 * p_0..p_n, sequential = layer (n mod (T + 1)) moves at step n + 1); each says so. */
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
#include "core/param.h"
#include "core/sim.h"
#include "tests/testutil.h"

static const struct model_ops *ops = &ttp_model_ops;

#define X NAN
static const double lp_gap[5 * 6] = {
	0, 1, X, X, X, X,
	1, 0.25, 0, 3, 3, 0,
	1, 0.25, 0, 3, 0, 3,
	1, 0.25, 3, 1, 0, 0,
	1, 0.25, 2, 0, 2, 1,
};
#undef X

static void gap_params(struct params *p)
{
	static const double mu[2] = {2, 1};
	params_init(p, ops->params, ops->nparams);
	tu_set_table(p, "tree", lp_gap, 5, 6);
	tu_set_table(p, "mu", mu, 2, 1);
}

static void test_defaults(void **state)
{
	struct params p;
	struct err e;
	struct model_kv kv = {0};
	params_init(&p, ops->params, ops->nparams);
	struct model *m = ops->create(ops, &p, 1, &e);
	assert_non_null(m);
	/* prices on 7 nodes; player blocks are the time layers 1 + 2 + 4 */
	assert_int_equal(m->dim, 7);
	assert_int_equal(m->nplayers, 3);
	assert_true(m->player_off[0] == 0 && m->player_off[1] == 1 && m->player_off[2] == 3 &&
		    m->player_off[3] == 7);
	assert_string_equal(m->convergence, "gap_lp");
	assert_true(model_series_ref(m, "best_dual") == 12);
	assert_true(model_series_ref(m, "gap_dp") == 0);
	m->vt->describe(m, &kv);
	/* the slides' example, spec §3 and §7 */
	assert_true(tu_kv_num(&kv, "dp_optimum") == 12);
	assert_true(tu_kv_num(&kv, "lp_optimum") == 12);
	assert_string_equal(tu_kv_get(&kv, "whole_permit_equilibrium"), "yes");
	assert_true(tu_kv_num(&kv, "greedy") == 11);
	assert_true(tu_kv_num(&kv, "spot_only") == 12);
	assert_true(tu_kv_num(&kv, "dual_at_zero") == 12);
	assert_string_equal(tu_kv_get(&kv, "node_values"),
			    "{{4, 4, 2}, {7, 7, 2}, {1, 1, 2}, {8, 6, 2}, {6, 8, 2}, {6, -4, 2}, "
			    "{-4, 6, 2}}");
	assert_string_equal(tu_kv_get(&kv, "dp_by_time"), "{2, 3.5, 6.5}");
	/* greedy by hand: A at the root (4); B after No Rain and C after No Fine
	 * ((7 + 2) / 2); then C on both No Rain paths and B on one No Fine path
	 * ((2 + 2 + 0 + 6) / 4) */
	assert_string_equal(tu_kv_get(&kv, "greedy_by_time"), "{4, 4.5, 2.5}");
	/* E5: spot only dominates every split; Python found 5 of the 10 splits at 12 */
	assert_true(tu_kv_num(&kv, "best_split") == 12);
	assert_string_equal(tu_kv_get(&kv, "best_split_mu"), "{0, 0, 3}");
	assert_string_equal(tu_kv_get(&kv, "best_split_ties"), "5 of 10 splits");
	/* the unsold No Fine permit has price 0 (row 3) */
	const char *lpp = tu_kv_get(&kv, "lp_prices");
	assert_true(strncmp(lpp, "{", 1) == 0);
	double x[7];
	assert_int_equal(sscanf(lpp, "{%lf, %lf, %lf, %lf, %lf, %lf, %lf}", &x[0], &x[1], &x[2],
				&x[3], &x[4], &x[5], &x[6]), 7);
	assert_true(x[2] == 0);
	model_kv_fini(&kv);
	model_free(m);
	params_fini(&p);
}

/* E1-E3 through the model: DP 5, LP 41/8, no whole-permit equilibrium, fractional LP. */
static void test_lp_gap_describe(void **state)
{
	struct params p;
	struct model_kv kv = {0};
	gap_params(&p);
	struct sim *s = tu_sim(ops, &p, 1, "cournot");
	sim_describe(s, &kv);
	assert_true(tu_kv_num(&kv, "dp_optimum") == 5);
	TU_REL(41.0 / 8, tu_kv_num(&kv, "lp_optimum"), 1e-12);
	TU_REL(0.125, tu_kv_num(&kv, "lp_minus_dp"), 1e-9);
	assert_string_equal(tu_kv_get(&kv, "whole_permit_equilibrium"), "no");
	tu_assert_contains(tu_kv_get(&kv, "market_outcome"), "divisible-permit equilibrium only");
	assert_true(tu_kv_num(&kv, "greedy") == 5);
	assert_true(tu_kv_num(&kv, "spot_only") == 5.25);
	assert_true(tu_kv_num(&kv, "dual_at_zero") == 5.25);
	/* the errata's node values; the LP's root assignment is 1/2 to every buyer (E1) */
	assert_string_equal(tu_kv_get(&kv, "node_values"),
			    "{{1.25, 1.75, 1.25, 1}, {0, 3, 3, 0}, {0, 3, 0, 3}, {3, 1, 0, 0}, "
			    "{2, 0, 2, 1}}");
	tu_assert_contains(tu_kv_get(&kv, "lp_assignment"), "{{0.5, 0.5, 0.5, 0.5}, ");
	model_kv_fini(&kv);
	sim_free(s);
	params_fini(&p);
}

/* E2 and §7: every iterate has D >= 41/8, the best dual after 3000 steps is within 0.05 of
 * 41/8; the Python run gives min D(p_0..p_n) = 5.222271742558812, 5.153854102348927,
 * 5.14466578812103 at n = 100, 1000, 3000 (the spec's 5.2223 / 5.1539 / 5.1447). */
static void test_lp_gap_tatonnement(void **state)
{
	struct params p;
	gap_params(&p);
	struct sim *s = tu_sim(ops, &p, 1, "cournot");
	tu_steps(s, 3000);
	for (long n = 0; n <= 3000; n++) {
		double D = tu_at(s, "dual", n), best = tu_at(s, "best_dual", n);
		if (D < 41.0 / 8 - 1e-12 || best < 41.0 / 8 - 1e-12)
			fail_msg("step %ld: D = %.17g, best = %.17g below 41/8", n, D, best);
		if (n > 0 && best > tu_at(s, "best_dual", n - 1))
			fail_msg("step %ld: best_dual increased", n);
		TU_REL(best - 41.0 / 8, tu_at(s, "gap_lp", n), 1e-12);
		TU_REL(best - 5, tu_at(s, "gap_dp", n), 1e-12);
	}
	TU_REL(5.222271742558812, tu_at(s, "best_dual", 100), 1e-12);
	TU_REL(5.153854102348927, tu_at(s, "best_dual", 1000), 1e-12);
	double last = tu_last(s, "best_dual");
	TU_REL(5.14466578812103, last, 1e-12);
	assert_true(last - 41.0 / 8 <= 0.05);
	assert_string_equal(sim_convergence_name(s), "gap_lp");
	/* the convergence measure's limit is 0, gap_dp's is 1/8 */
	assert_true(tu_last(s, "gap_dp") > 0.125);
	sim_free(s);
	params_fini(&p);
}

/* The averaging dynamic and the sequential schedule drive the same step (Python values). */
static void test_dynamics(void **state)
{
	struct params p;
	gap_params(&p);
	struct sim *s = tu_sim(ops, &p, 1, "fictitious");
	tu_steps(s, 3000);
	TU_REL(5.19979260219057, tu_at(s, "best_dual", 1000), 1e-12);
	TU_REL(5.134873520437797, tu_last(s, "best_dual"), 1e-12);
	sim_free(s);
	s = tu_sim(ops, &p, 1, "cournot,sequential");
	tu_steps(s, 3000);
	TU_REL(5.177803725642251, tu_at(s, "best_dual", 100), 1e-12);
	TU_REL(5.143531139268315, tu_at(s, "best_dual", 1000), 1e-12);
	TU_REL(5.134967325996982, tu_last(s, "best_dual"), 1e-12);
	sim_free(s);
	params_fini(&p);
}

/* One step by hand on the example, p = 0: at the root C is indifferent (2 = cont) and buys,
 * A and B wait (4 < cont = 5); at No Rain A and B both buy (7 = cont = 7). So the root price
 * stays 0 (demand 1 = mu) and No Rain's rises by eta_1 = eta0. Under sequential only the root
 * layer moves at step 1. */
static void test_price_step(void **state)
{
	struct params p;
	struct dist d;
	struct err e;
	params_init(&p, ops->params, ops->nparams);
	tu_set_num(&p, "eta0", 2);
	struct sim *s = tu_sim(ops, &p, 1, "cournot");
	assert_int_equal(sim_dist(s, "demand", &d, &e), 0);
	static const double demand0[7] = {1, 2, 0, 0, 0, 1, 1};
	assert_int_equal(d.c[0].n, 7);
	for (int r = 0; r < 7; r++)
		assert_true(d.c[0].y[r] == demand0[r] && d.c[1].y[r] == 1);
	dist_fini(&d);
	/* excess: 1 at No Rain; the unsold permits at price 0 (rows 3-5) clear */
	assert_true(tu_last(s, "excess_demand") == 1);
	tu_steps(s, 1);
	assert_int_equal(sim_dist(s, "price", &d, &e), 0);
	/* rows 1, 2, 3: 0, 2, 0; the leaves with no demand stay at 0, rows 6, 7 clear */
	assert_true(d.c[0].y[0] == 0 && d.c[0].y[1] == 2 && d.c[0].y[2] == 0);
	dist_fini(&d);
	/* D(p_1) by hand: at No Rain psi = max(v - 2, cont) = (7, 7, 2), at No Fine (3, 3, 2),
	 * at the root max(4, (7 + 3) / 2) = 5 for A and B and 2 for C: 12, plus
	 * P(NR) mu p(NR) = 1/2 x 2 */
	assert_true(tu_last(s, "dual") == 13);
	sim_free(s);
	s = tu_sim(ops, &p, 1, "cournot,sequential");
	tu_steps(s, 1);
	assert_true(tu_last(s, "step_change") == 0); /* the root layer's price stays 0 */
	tu_steps(s, 1);
	/* then layer t = 1: No Rain moves by eta_2 = 2 / sqrt(2) */
	assert_true(tu_last(s, "step_change") == 2 / sqrt(2));
	sim_free(s);
	params_fini(&p);
}

/* Path replay (spec §2.2 item 4, §7): the running mean is within 3 standard errors of the
 * optimum after 1e4 paths. The example's path welfare is 8 (prob. 1/2), 15 or 17 (1/4 each)
 * under the optimal policy: variance 16.5, so the standard error after 1e4 paths is
 * sqrt(16.5e-4) = 0.0406; its estimate has relative error about 1/sqrt(2e4) = 0.7 %. */
static void test_replay(void **state)
{
	struct params p;
	params_init(&p, ops->params, ops->nparams);
	tu_set_num(&p, "replay", 100);
	struct sim *s = tu_sim(ops, &p, 7, "cournot");
	assert_true(isnan(tu_last(s, "replay_mean")));
	tu_steps(s, 100);
	double mean = tu_last(s, "replay_mean"), se = tu_last(s, "replay_se");
	assert_true(fabs(mean - 12) <= 3 * se);
	TU_REL(sqrt(16.5e-4), se, 0.03);
	struct dist d;
	struct err e;
	assert_int_equal(sim_dist(s, "path_welfare", &d, &e), 0);
	assert_int_equal(d.ncurves, 3);
	/* exact CDFs: optimal 8, 15, 17 -> 1/2, 3/4, 1; greedy 6, 12, 13 -> 1/4, 1/2, 1 */
	assert_int_equal(d.c[0].n, 3);
	assert_true(d.c[0].x[0] == 8 && d.c[0].x[1] == 15 && d.c[0].x[2] == 17);
	assert_true(d.c[0].y[0] == 0.5 && d.c[0].y[1] == 0.75 && d.c[0].y[2] == 1);
	assert_true(d.c[1].x[0] == 6 && d.c[1].x[1] == 12 && d.c[1].x[2] == 13);
	assert_true(d.c[1].y[0] == 0.25 && d.c[1].y[1] == 0.5 && d.c[1].y[2] == 1);
	/* the replayed CDF at 8 is a binomial share of 1e4 draws: within 4 sd of 1/2 */
	assert_true(fabs(d.c[2].y[0] - 0.5) < 4 * 0.005);
	dist_fini(&d);
	/* the same seed replays the same paths */
	struct sim *t = tu_sim(ops, &p, 7, "cournot");
	tu_steps(t, 100);
	assert_true(tu_last(t, "replay_mean") == mean);
	sim_free(t);
	sim_free(s);
	params_fini(&p);
}

/* The flight (spec §4): replay converges to 18.0625 as well. */
static void test_replay_flight(void **state)
{
	static const double base[5] = {5, 4, 3.5, 3, 2.5}, load[5] = {-3, 2, 2, 2, 1};
	double a[15 * 7];
	int sum[15] = {0}, rows = 1;
	for (int c = 0; c < 15 * 7; c++)
		a[c] = NAN;
	a[0] = 0;
	a[1] = 1;
	for (int t = 1, first = 0, last = 1; t <= 3; t++, first = last, last = rows)
		for (int q = first; q < last; q++)
			for (int sg = 1; sg >= -1; sg -= 2, rows++) {
				a[rows * 7] = q + 1;
				a[rows * 7 + 1] = 0.5;
				sum[rows] = sum[q] + sg;
				for (int i = 0; t == 3 && i < 5; i++)
					a[rows * 7 + 2 + i] = base[i] + load[i] * sum[rows];
			}
	struct params p;
	static const double mu[4] = {1, 1, 1, 1};
	params_init(&p, ops->params, ops->nparams);
	tu_set_table(&p, "tree", a, 15, 7);
	tu_set_table(&p, "mu", mu, 4, 1);
	tu_set_num(&p, "replay", 1000);
	struct sim *s = tu_sim(ops, &p, 3, "cournot");
	assert_true(tu_describe_num(s, "dp_optimum") == 18.0625);
	assert_true(tu_describe_num(s, "greedy") == 16.3125);
	assert_true(tu_describe_num(s, "spot_only") == 18.375);
	tu_steps(s, 10);
	double mean = tu_last(s, "replay_mean"), se = tu_last(s, "replay_se");
	assert_true(fabs(mean - 18.0625) <= 3 * se);
	sim_free(s);
	params_fini(&p);
}

static void test_dists(void **state)
{
	struct params p;
	struct dist d;
	struct err e;
	params_init(&p, ops->params, ops->nparams);
	struct sim *s = tu_sim(ops, &p, 1, "cournot");
	/* welfare by time: the slides' 2 / 3.5 / 6.5 and greedy's 4 / 4.5 / 2.5 */
	assert_int_equal(sim_dist(s, "welfare", &d, &e), 0);
	assert_int_equal(d.kind, DIST_BARS);
	assert_true(d.c[0].y[0] == 2 && d.c[0].y[1] == 3.5 && d.c[0].y[2] == 6.5);
	assert_true(d.c[1].y[0] == 4 && d.c[1].y[1] == 4.5 && d.c[1].y[2] == 2.5);
	assert_string_equal(d.labels[2], "t=2");
	dist_fini(&d);
	/* bids at the root at p = 0: v - cont = 4 - 5, 4 - 5, 2 - 2; price 0 */
	assert_int_equal(sim_dist(s, "wtp", &d, &e), 0);
	assert_true(d.c[0].y[0] == -1 && d.c[0].y[1] == -1 && d.c[0].y[2] == 0);
	assert_true(d.c[1].y[0] == 0);
	assert_string_equal(d.labels[0], "A");
	dist_fini(&d);
	/* the current node walks down one time per step: row 1, then a forecast, then a leaf in
	 * that forecast's subtree; C bought at the root, so it is out of the market below */
	tu_steps(s, 1);
	assert_int_equal(sim_dist(s, "wtp", &d, &e), 0);
	tu_assert_contains(d.title, "(t = 1)");
	assert_string_equal(d.labels[2], "(C)");
	dist_fini(&d);
	tu_steps(s, 2);
	struct model_kv kv = {0};
	sim_describe(s, &kv);
	assert_string_equal(tu_kv_get(&kv, "current_node"), "tree row 1 (t = 0)");
	model_kv_fini(&kv);
	assert_int_equal(sim_dist(s, "nope", &d, &e), -1);
	tu_assert_contains(e.msg, "known: price, demand, welfare, wtp, path_welfare");
	sim_free(s);
	params_fini(&p);
}

static void expect_create_error(struct params *p, const char *needle)
{
	struct err e = {{0}};
	struct model *m = ops->create(ops, p, 1, &e);
	assert_null(m);
	tu_assert_contains(e.msg, needle);
}

static void test_errors(void **state)
{
	struct params p;
	struct err e;
	params_init(&p, ops->params, ops->nparams);
	static const double mu2[2] = {1, 1}, muf[3] = {1, 0.5, 1};
	tu_set_table(&p, "mu", mu2, 2, 1);
	expect_create_error(&p, "parameter 'mu' has 2 entries but the tree's exercise time is "
				"T = 2: give mu(t) for t = 0..2 (3 entries)");
	tu_set_table(&p, "mu", muf, 3, 1);
	expect_create_error(&p, "parameter 'mu' entry 2 = 0.5 is not a whole number");
	static const double neg[3] = {1, -1, 1};
	int idx = params_find(&p, "mu");
	assert_int_equal(params_set_table(&p, idx, neg, 3, 1, &e), -1);
	tu_assert_contains(e.msg, "parameter 'mu' element 2 = -1 is out of range");
	params_fini(&p);
	/* a tree error names the row */
	params_init(&p, ops->params, ops->nparams);
	static const double bad[3 * 3] = {0, 1, NAN, 1, 0.5, 1, 1, 0.25, 2};
	tu_set_table(&p, "tree", bad, 3, 3);
	expect_create_error(&p, "the probabilities of the children of row 1 sum to 0.75, not 1");
	/* the ragged table keeps NaN only as a row's tail */
	idx = params_find(&p, "tree");
	static const double hole[2 * 3] = {0, NAN, 1, 1, 1, 2};
	assert_int_equal(params_set_table(&p, idx, hole, 2, 3, &e), -1);
	tu_assert_contains(e.msg, "parameter 'tree' row 1 value 2 is not a number");
	/* a star of 1000 leaves and 8 buyers: [P] has (1001 + 1) x 8 = 8016 variables */
	double *star = malloc(1001 * 10 * sizeof *star);
	for (int r = 0; r < 1001; r++)
		for (int c = 0; c < 10; c++)
			star[r * 10 + c] = c == 0 ? (r > 0) : c == 1 ? (r ? 0.001 : 1)
				 : r ? (r * 7 + c) % 5 : NAN;
	tu_set_table(&p, "tree", star, 1001, 10);
	static const double mu01[2] = {0, 1};
	tu_set_table(&p, "mu", mu01, 2, 1);
	expect_create_error(&p, "parameter 'tree': the LP relaxation would have 8016 variables");
	free(star);
	params_fini(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_lp_gap_describe),
		cmocka_unit_test(test_lp_gap_tatonnement),
		cmocka_unit_test(test_dynamics),
		cmocka_unit_test(test_price_step),
		cmocka_unit_test(test_replay),
		cmocka_unit_test(test_replay_flight),
		cmocka_unit_test(test_dists),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
