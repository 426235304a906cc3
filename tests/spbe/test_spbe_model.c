/* The spbe model through the engine: its series (regret, no_equilibrium_points,
 * value_residual as the convergence measure), the policy grid (axes pi1, pi2; per-round
 * values, the frozen corners), belief paths (seeded, start at the prior, each step one of
 * the two Bayes updates), describe (the thesis's coordination benchmarks 0.9 / 0.81 / 0.4 /
 * 0.16), the non-convergence warning at delta = 0.95, and parameter errors. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tests/testutil.h"
#include "core/models/models.h"
#include "core/models/spbe_core.h"

static struct params base(double delta, int G)
{
	struct params p;
	params_init(&p, spbe_model_ops.params, spbe_model_ops.nparams);
	tu_set_num(&p, "delta", delta);
	tu_set_num(&p, "G", G);
	return p;
}

/* delta = 0.5, G = 11, keep: converges, 12 points without an exact equilibrium (errata). */
static void test_series(void **state)
{
	(void)state;
	struct params p = base(0.5, 11);
	struct sim *s = tu_sim(&spbe_model_ops, &p, 1, "cournot");
	assert_string_equal(sim_convergence_name(s), "value_residual");
	assert_true(isnan(tu_at(s, "value_residual", 0)));
	assert_true(isnan(tu_at(s, "no_equilibrium_points", 0)));
	TU_REL(0.8, tu_at(s, "regret", 0), 1e-12); /* nobody contributes: L loses 0.8 */
	tu_steps(s, 10);
	assert_true(tu_last(s, "value_residual") <= 1e-9);
	assert_true(tu_last(s, "no_equilibrium_points") == 12);
	assert_true(tu_last(s, "regret") > 1e-3);
	assert_null(sim_warning(s));
	sim_free(s);
	params_fini(&p);
}

static void test_policy_grid(void **state)
{
	(void)state;
	struct params p = base(0.5, 11);
	struct sim *s = tu_sim(&spbe_model_ops, &p, 1, "cournot");
	tu_steps(s, 3);
	struct dist d;
	struct err e;
	assert_int_equal(sim_dist(s, "policy", &d, &e), 0);
	assert_int_equal(d.kind, DIST_GRID);
	assert_string_equal(d.xlabel, "pi1");
	assert_string_equal(d.ylabel, "pi2");
	assert_int_equal(d.grid.nx, 11);
	assert_int_equal(d.grid.ny, 11);
	static const char *const cols[] = { "p1H", "p1L", "V1H", "V1L" };
	assert_int_equal(d.grid.ncols, 4);
	for (int c = 0; c < 4; c++)
		assert_string_equal(d.grid.colname[c], cols[c]);
	/* frozen corners (per round): (1,1) (0, 0.8); (0,1) (0, 0.8); (1,0) (1, 1) */
	int vh = dist_grid_column(&d, "V1H"), vl = dist_grid_column(&d, "V1L");
	TU_REL(0.8, d.grid.v[vl][120], 1e-12);
	assert_true(fabs(d.grid.v[vh][120]) < 1e-12);
	TU_REL(0.8, d.grid.v[vl][110], 1e-12);
	TU_REL(1, d.grid.v[vh][10], 1e-12);
	TU_REL(1, d.grid.v[vl][10], 1e-12);
	dist_fini(&d);
	assert_int_equal(sim_dist(s, "regret_map", &d, &e), 0);
	assert_int_equal(dist_grid_column(&d, "no_eq") >= 0, 1);
	dist_fini(&d);
	sim_free(s);
	params_fini(&p);
}

/* Each step of a path is one of the two Bayes updates from the previous belief. */
static void test_paths(void **state)
{
	(void)state;
	struct params p = base(0.5, 11);
	double pi0[2] = { 0.7, 0.4 };
	tu_set_table(&p, "pi0", pi0, 2, 1);
	tu_set_num(&p, "paths", 5);
	tu_set_num(&p, "rounds", 12);
	struct sim *s = tu_sim(&spbe_model_ops, &p, 9, "cournot");
	tu_steps(s, 4);
	struct dist d, d2;
	struct err e;
	assert_int_equal(sim_dist(s, "paths", &d, &e), 0);
	assert_int_equal(d.ncurves, 5);
	const double *map = learn_action(s->learn);
	struct spbe_game g = { .cost = { 1.2, 0.2 }, .delta = 0.5, .G = 11 };
	struct spbe c;
	assert_int_equal(spbe_init(&c, &g, &e), 0);
	for (size_t k = 0; k < d.ncurves; k++) {
		const struct dist_curve *cv = &d.c[k];
		assert_int_equal(cv->n, 13);
		assert_true(cv->x[0] == 0.7 && cv->y[0] == 0.4);
		for (size_t t = 1; t < cv->n; t++) {
			double b1 = cv->x[t - 1], b2 = cv->y[t - 1];
			double h1 = spbe_interp(&c, map, b1, b2), l1 = spbe_interp(&c, map + c.n, b1, b2);
			double h2 = spbe_interp(&c, map, b2, b1), l2 = spbe_interp(&c, map + c.n, b2, b1);
			int ok1 = cv->x[t] == spbe_bayes(b1, h1, l1, 0, NULL) ||
				  cv->x[t] == spbe_bayes(b1, h1, l1, 1, NULL);
			int ok2 = cv->y[t] == spbe_bayes(b2, h2, l2, 0, NULL) ||
				  cv->y[t] == spbe_bayes(b2, h2, l2, 1, NULL);
			assert_true(ok1 && ok2);
		}
	}
	spbe_fini(&c);
	/* the same seed gives the same paths */
	assert_int_equal(sim_dist(s, "paths", &d2, &e), 0);
	for (size_t k = 0; k < d.ncurves; k++)
		assert_memory_equal(d.c[k].x, d2.c[k].x, d.c[k].n * sizeof(double));
	dist_fini(&d);
	dist_fini(&d2);
	sim_free(s);
	params_fini(&p);
}

static void test_describe(void **state)
{
	(void)state;
	struct params p = base(0.5, 11);
	struct sim *s = tu_sim(&spbe_model_ops, &p, 1, "cournot");
	tu_steps(s, 3);
	TU_REL(0.9, tu_describe_num(s, "coordination_full_L"), 1e-12);
	TU_REL(0.81, tu_describe_num(s, "coordination_none_L"), 1e-12);
	TU_REL(0.4, tu_describe_num(s, "coordination_full_H"), 1e-12);
	TU_REL(0.16, tu_describe_num(s, "coordination_none_H"), 1e-12);
	struct model_kv kv = { 0 };
	sim_describe(s, &kv);
	for (size_t i = 0; i < kv.n; i++)
		if (strcmp(kv.key[i], "corner_values_10") == 0) {
			assert_int_equal(kv.nnum[i], 2);
			TU_REL(1, kv.num[i][0], 1e-12);
			TU_REL(1, kv.num[i][1], 1e-12);
		}
	double share = tu_kv_num(&kv, "types_learned");
	assert_true(share >= 0 && share <= 1);
	model_kv_fini(&kv);
	sim_free(s);
	params_fini(&p);
}

/* delta = 0.95 does not settle: at maxit the model says so. */
static void test_warning(void **state)
{
	(void)state;
	struct params p = base(0.95, 7);
	tu_set_num(&p, "maxit", 6);
	struct sim *s = tu_sim(&spbe_model_ops, &p, 1, "cournot");
	tu_steps(s, 5);
	assert_null(sim_warning(s));
	tu_steps(s, 1);
	assert_true(tu_last(s, "value_residual") > 1e-9);
	assert_non_null(sim_warning(s));
	tu_assert_contains(sim_warning(s), "not converged after 6 policy iterations");
	sim_free(s);
	params_fini(&p);
}

/* damped:W moves the map part of the way: its first step is (1 - W) a_0 + W BR(a_0). */
static void test_damped(void **state)
{
	(void)state;
	struct params p = base(0, 5);
	struct sim *s = tu_sim(&spbe_model_ops, &p, 1, "damped:0.25");
	tu_steps(s, 1);
	const double *a = learn_action(s->learn);
	/* delta = 0, G = 5: at (0, 0.5) type L contributes (pi2 > 0.2): BR 1, damped 0.25 */
	TU_REL(0.25, a[25 + 2 * 5 + 0], 1e-15);
	sim_free(s);
	params_fini(&p);
}

static void test_errors(void **state)
{
	(void)state;
	struct params p = base(0.5, 11);
	struct err e;
	double three[3] = { 0.1, 0.2, 0.3 };
	assert_int_equal(params_set_table(&p, params_find(&p, "pi0"), three, 3, 1, &e), -1);
	tu_assert_contains(e.msg, "pi0");
	assert_int_equal(params_set_num(&p, params_find(&p, "G"), 2, &e), -1);
	tu_assert_contains(e.msg, "'G'");
	assert_int_equal(params_set_num(&p, params_find(&p, "delta"), 1, &e), -1);
	tu_assert_contains(e.msg, "'delta'");
	assert_int_equal(params_set_str(&p, params_find(&p, "offpath"), "maybe", &e), -1);
	tu_assert_contains(e.msg, "keep|tremble");
	params_fini(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_series),   cmocka_unit_test(test_policy_grid),
		cmocka_unit_test(test_paths),    cmocka_unit_test(test_describe),
		cmocka_unit_test(test_warning),  cmocka_unit_test(test_damped),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
