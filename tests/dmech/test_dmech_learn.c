/* The `dmech` model driven by the learning engine (sim + learn): the spec's §13 trajectories
 * (Cournot at n = 1, 10, 200, exponential weighting, 3-period average, fictitious play), the
 * thesis's qualitative results on its own setup (N = 31, eta = 25: exponential convergence
 * at the rate the spectral radius predicts, ER faster than the binary tree for each dynamic,
 * ewma faster than the 10-round average, relative distance ~1e-9 at absolute 1e-3), the
 * summary mechanism diverging under Cournot, the xi-invariance of the private mechanism's
 * y trajectory, sequential updates, and budget balance in the limit. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/models/models.h"
#include "core/sim.h"
#include "tests/testutil.h"

static const struct model_ops *ops = &dmech_model_ops;

static struct sim *start(const struct params *p, uint64_t seed, const char *dyn)
{
	return tu_sim(ops, p, seed, dyn);
}

/* Steps until dist_ne < tol; returns the round. */
static long run_until(struct sim *s, double tol, long max)
{
	while (tu_last(s, "dist_ne") >= tol && sim_n(s) < max)
		tu_steps(s, 1);
	assert_true(sim_n(s) < max);
	return sim_n(s);
}

/* Spec §13: N = 7 tree, m_0 = 0. */
static void test_vectors_private(void **state)
{
	struct params p;
	tu_dmech_spec13(&p, "private");
	struct sim *s = start(&p, 1, "cournot");
	TU_REL(2642.3045612, tu_at(s, "dist_ne", 0), 1e-9);
	tu_steps(s, 200);
	TU_REL(2634.2575873, tu_at(s, "dist_ne", 1), 1e-9);
	TU_REL(2512.9779212, tu_at(s, "dist_ne", 10), 1e-9);
	TU_REL(905.03804123, tu_at(s, "dist_ne", 200), 1e-9);
	sim_free(s);
	s = start(&p, 1, "ewma");
	tu_steps(s, 200);
	TU_REL(1292.7684320, tu_last(s, "dist_ne"), 1e-9);
	sim_free(s);
	s = start(&p, 1, "kperiod:3");
	tu_steps(s, 200);
	TU_REL(1545.3922070, tu_last(s, "dist_ne"), 1e-9);
	sim_free(s);
	s = start(&p, 1, "fictitious");
	tu_steps(s, 200);
	TU_REL(2568.2535271, tu_last(s, "dist_ne"), 1e-9);
	sim_free(s);
	params_fini(&p);
}

static void test_vectors_public(void **state)
{
	struct params p;
	tu_dmech_spec13(&p, "public");
	struct sim *s = start(&p, 1, "cournot");
	tu_steps(s, 200);
	TU_REL(23.526831441, tu_at(s, "dist_ne", 1), 1e-9);
	TU_REL(13.370332972, tu_at(s, "dist_ne", 10), 1e-9);
	TU_REL(3.7677683302e-5, tu_at(s, "dist_ne", 200), 1e-8);
	sim_free(s);
	s = start(&p, 1, "ewma");
	tu_steps(s, 200);
	TU_REL(3.8057157166e-3, tu_last(s, "dist_ne"), 1e-8);
	sim_free(s);
	s = start(&p, 1, "kperiod:3");
	tu_steps(s, 200);
	TU_REL(3.1475159983e-2, tu_last(s, "dist_ne"), 1e-8);
	sim_free(s);
	params_fini(&p);
}

/* Figs 12 and 15: two graphs x two dynamics on the thesis's setup (our draw, seed 1). */
static void four_cases(const char *mech, double tol, double rel_lo, double rel_hi)
{
	static const char *const graphs[] = {"bintree", "er"};
	static const char *const dyns[] = {"ewma", "kperiod:10"};
	long rounds[2][2];
	for (int g = 0; g < 2; g++)
		for (int d = 0; d < 2; d++) {
			struct params p;
			params_init(&p, ops->params, ops->nparams);
			tu_set_str(&p, "mechanism", mech);
			tu_set_str(&p, "graph", graphs[g]);
			struct sim *s = start(&p, 1, dyns[d]);
			rounds[g][d] = run_until(s, tol, 1000000);
			/* relative distance ||m - m~||_2 / ||m~||_1 as printed in the thesis */
			double rel = tu_last(s, "rel_dist");
			assert_true(rel > rel_lo && rel < rel_hi);
			sim_free(s);
			params_fini(&p);
		}
	for (int d = 0; d < 2; d++) /* ER (denser) converges faster, for each dynamic */
		assert_true(rounds[1][d] < rounds[0][d]);
	for (int g = 0; g < 2; g++) /* ewma beats the 10-round average */
		assert_true(rounds[g][0] < rounds[g][1]);
}

static void test_four_cases_private(void **state)
{
	/* Fig. 12: relative ~1e-9 when the absolute distance is 1e-3 */
	four_cases("private", 1e-3, 1e-10, 1e-8);
}

static void test_four_cases_public(void **state)
{
	/* Fig. 15: relative ~1e-8 when the absolute distance is 1e-5 */
	four_cases("public", 1e-5, 1e-9, 1e-7);
}

/* Straight line on log-y at the slope the spectral radius predicts (spec §8):
 * Cournot ln rho; EW the largest root of z^2 - (3 rho/4 + 1/2) z + rho/4. */
static void test_exponential_rate(void **state)
{
	static const char *const mechs[] = {"private", "public"};
	for (int k = 0; k < 2; k++) {
		struct params p;
		params_init(&p, ops->params, ops->nparams);
		tu_set_str(&p, "mechanism", mechs[k]);
		tu_set_str(&p, "graph", "er");
		for (int ew = 0; ew < 2; ew++) {
			struct sim *s = start(&p, 3, ew ? "ewma" : "cournot");
			double rho = tu_describe_num(s, "spectral_radius");
			double b = 3 * rho / 4 + 0.5;
			double z = ew ? (b + sqrt(b * b - rho)) / 2 : rho;
			/* windows where the slow mode dominates and dist is still far above
			 * rounding: a few e-folds in, then three equal windows */
			long w = (long)(3 / -log(z)), n0 = w;
			tu_steps(s, n0 + 3 * w);
			double slope[3];
			for (int j = 0; j < 3; j++)
				slope[j] = (log(tu_at(s, "dist_ne", n0 + (j + 1) * w)) -
					    log(tu_at(s, "dist_ne", n0 + j * w))) /
					   (double)w;
			for (int j = 0; j < 3; j++) {
				if (fabs(slope[j] / log(z) - 1) > 1e-3)
					fail_msg("%s %s window %d: slope %.6g, predicted %.6g",
						 mechs[k], ew ? "ewma" : "cournot", j, slope[j], log(z));
			}
			sim_free(s);
		}
		params_fini(&p);
	}
}

/* The summary mechanism: Cournot play moves away from the equilibrium (seed 2). */
static void test_summary_diverges(void **state)
{
	static const char *const graphs[] = {"bintree", "er"};
	for (int g = 0; g < 2; g++) {
		struct params p;
		params_init(&p, ops->params, ops->nparams);
		tu_set_str(&p, "mechanism", "summary");
		tu_set_str(&p, "graph", graphs[g]);
		struct sim *s = start(&p, 2, "cournot");
		assert_true(tu_describe_num(s, "spectral_radius") > 1.2);
		tu_steps(s, 100);
		assert_true(tu_at(s, "dist_ne", 50) > 1e3 * tu_at(s, "dist_ne", 0));
		assert_true(tu_at(s, "dist_ne", 100) > 1e3 * tu_at(s, "dist_ne", 50));
		assert_true(tu_last(s, "alloc_err") > 1e3 * tu_at(s, "alloc_err", 0));
		sim_free(s);
		params_fini(&p);
	}
}

/* Spec §6.4: with delta fixed, xi does not change the private mechanism's y trajectory. */
static void test_private_xi_invariance(void **state)
{
	struct params p;
	params_init(&p, ops->params, ops->nparams);
	tu_set_num(&p, "delta", 1000);
	tu_set_num(&p, "xi", 0.9999);
	struct sim *a = start(&p, 4, "ewma");
	tu_set_num(&p, "xi", 0.99);
	struct sim *b = start(&p, 4, "ewma");
	const size_t *off = a->model->player_off;
	for (int n = 1; n <= 300; n++) {
		tu_steps(a, 1);
		tu_steps(b, 1);
		const double *ma = a->learn ? learn_action(a->learn) : NULL;
		const double *mb = learn_action(b->learn);
		for (int i = 0; i < 31; i++)
			TU_REL(ma[off[i]], mb[off[i]], 1e-9);
	}
	/* the proxies and hence dist_ne do differ */
	double da = tu_last(a, "dist_ne");
	assert_true(fabs(da - tu_last(b, "dist_ne")) > 1e-6 * da);
	sim_free(a);
	sim_free(b);
	params_fini(&p);
}

/* Sequential (one agent per step, round robin) best responses converge too. */
static void test_sequential(void **state)
{
	struct params p;
	tu_dmech_spec13(&p, "public");
	struct sim *s = start(&p, 1, "cournot,sequential");
	tu_steps(s, 1);
	const double *m = learn_action(s->learn);
	for (size_t k = 8; k < s->model->dim; k++) /* only agent 1's block moved */
		assert_true(m[k] == 0);
	assert_true(m[0] != 0);
	tu_steps(s, 7 * 400 - 1);
	assert_true(tu_last(s, "dist_ne") < 1e-6 * tu_at(s, "dist_ne", 0));
	sim_free(s);
	params_fini(&p);
}

/* In the limit: efficient allocation, equilibrium prices, balanced budget. */
static void test_limit(void **state)
{
	struct params p;
	params_init(&p, ops->params, ops->nparams);
	tu_set_str(&p, "mechanism", "public");
	tu_set_str(&p, "graph", "er");
	struct sim *s = start(&p, 1, "ewma");
	double t0 = fabs(tu_at(s, "tax_sum", 0));
	run_until(s, 1e-10, 100000);
	assert_true(tu_last(s, "alloc_err") < 1e-9);
	assert_true(tu_last(s, "price_err") < 1e-8);
	assert_true(fabs(tu_last(s, "tax_sum")) < 1e-8 * (1 + t0));
	sim_free(s);
	params_fini(&p);
}

/* Steps s once (step n, from the play a) and checks that it played want, with the
 * model's own norms (step_change, dist_ne) and observation (its four series, after the
 * engine's two) to the bit. */
static void step_is(struct sim *s, int n, const double *a, const double *want)
{
	struct model *m = s->model;
	struct err e;
	double vals[4];
	size_t dim = m->dim;
	tu_steps(s, 1);
	assert_memory_equal(learn_action(s->learn), want, dim * sizeof *want);
	assert_true(tu_last(s, "step_change") == model_norm_diff(m->norm, want, a, dim));
	double dne = model_norm_diff(m->norm, want, m->equilibrium, dim);
	assert_true(tu_last(s, "dist_ne") == dne);
	struct model_obs o = { .step = n, .action = want, .measured = 1, .dist_ne = dne };
	assert_int_equal(m->vt->observe(m, &o, vals, &e), 0);
	for (size_t j = 0; j < 4; j++)
		assert_true(series_at(&s->series, s->series.nrows - 1, 2 + j) == vals[j]);
}

/* A huge game (N = 1449: more than 2^21 components, from a random message) under dynamics
 * dyn, seed 3. */
static struct sim *start_huge(struct params *p, const char *dyn)
{
	params_init(p, ops->params, ops->nparams);
	tu_set_num(p, "N", 1449);
	tu_set_str(p, "init", "random");
	return start(p, 3, dyn);
}

/* A huge game (N = 1449: more than 2^21 components) under cournot and damped: the engine
 * takes each step from the best response computed while the model observed (observe_ahead);
 * the play, step_change, dist_ne and the model's series are exactly those of the model's
 * own best response, norms and observe, also across a switch of dynamic. */
static void test_huge_lookahead_exact(void **state)
{
	struct params p;
	struct err e;
	struct learn_spec spec;
	struct sim *s = start_huge(&p, "cournot");
	struct model *m = s->model;
	size_t dim = m->dim;
	double *a = malloc(dim * sizeof *a), *want = malloc(dim * sizeof *want);
	for (int n = 1; n <= 4; n++) {
		double w = n <= 2 ? 1 : 0.5; /* damped:0.5 from step 3 on */
		if (n == 3) {
			assert_int_equal(learn_parse("damped:0.5", &spec, &e), 0);
			assert_int_equal(sim_set_dynamics(s, &spec, &e), 0);
		}
		memcpy(a, learn_action(s->learn), dim * sizeof *a);
		assert_int_equal(m->vt->best_response(m, a, -1, want, &e), 0);
		for (size_t i = 0; w < 1 && i < dim; i++)
			want[i] = (1 - w) * a[i] + w * want[i];
		step_is(s, n, a, want);
	}
	free(a);
	free(want);
	sim_free(s);
	params_fini(&p);
}

/* The same under the averaging rules: fictitious, then ewma:0.3 from step 5, fictitious
 * again from step 9, kperiod:2 from step 13 (a huge game keeps only what the rule reads, so
 * each rule starts its statistic from the current play: fictitious then averages the plays
 * since the switch, ewma starts from r = a_n, the window from the one play a_n). From its
 * second step on each rule's step is taken ahead, against the belief the record pass
 * formed; the reference forms every belief by hand (sum / count; W a + (1 - W) r; window
 * sum / length, the sum kept as learn.c documents it: add the new play minus the one that
 * leaves) and asks the model's own best response. */
static void test_huge_lookahead_averaging(void **state)
{
	struct params p;
	struct err e;
	struct learn_spec spec;
	struct sim *s = start_huge(&p, "fictitious");
	struct model *m = s->model;
	size_t dim = m->dim;
	double *a = malloc(dim * sizeof *a), *want = malloc(dim * sizeof *want);
	double *stat = malloc(dim * sizeof *stat), *bel = malloc(dim * sizeof *bel);
	double *win[2] = { malloc(dim * sizeof(double)), malloc(dim * sizeof(double)) };
	const double w = 0.3;
	long count = 1;
	memcpy(stat, learn_action(s->learn), dim * sizeof *stat);
	for (int n = 1; n <= 18; n++) {
		int ewma = n >= 5 && n <= 8, kper = n >= 13;
		memcpy(a, learn_action(s->learn), dim * sizeof *a);
		if (n == 5 || n == 9 || n == 13) {
			const char *dyn = ewma ? "ewma:0.3" : kper ? "kperiod:2" : "fictitious";
			assert_int_equal(learn_parse(dyn, &spec, &e), 0);
			assert_int_equal(sim_set_dynamics(s, &spec, &e), 0);
			memcpy(stat, a, dim * sizeof *stat); /* r = a_n, a sum or window of one play */
			memcpy(win[0], a, dim * sizeof *a);   /* the window, oldest first */
			count = 1;
		}
		if (n == 16) { /* the sum was not kept: the mean starts from a_n (and the step
				* taken ahead, whose plan kept no sum, is dropped) */
			assert_memory_equal(learn_mean(s->learn), a, dim * sizeof *a);
		}
		for (size_t i = 0; i < dim; i++)
			bel[i] = ewma ? w * a[i] + (1 - w) * stat[i] : stat[i] * (1.0 / (double)count);
		assert_int_equal(m->vt->best_response(m, bel, -1, want, &e), 0);
		for (size_t i = 0; i < dim; i++)
			stat[i] = ewma ? w * want[i] + (1 - w) * stat[i]
				: kper ? stat[i] + (want[i] - (count == 2 ? win[0][i] : 0))
				       : stat[i] + want[i];
		if (kper && count == 2) { /* full: the oldest leaves */
			double *t = win[0];
			win[0] = win[1];
			win[1] = t;
		}
		memcpy(win[count == 2 || !kper ? 1 : count], want, dim * sizeof *want);
		count = kper && count == 2 ? 2 : count + 1;
		step_is(s, n, a, want);
	}
	free(a);
	free(want);
	free(stat);
	free(bel);
	free(win[0]);
	free(win[1]);
	sim_free(s);
	params_fini(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors_private),
		cmocka_unit_test(test_vectors_public),
		cmocka_unit_test(test_four_cases_private),
		cmocka_unit_test(test_four_cases_public),
		cmocka_unit_test(test_exponential_rate),
		cmocka_unit_test(test_summary_diverges),
		cmocka_unit_test(test_private_xi_invariance),
		cmocka_unit_test(test_sequential),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_huge_lookahead_exact),
		cmocka_unit_test(test_huge_lookahead_averaging),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
