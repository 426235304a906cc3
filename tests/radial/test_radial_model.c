/* The model `radial` through sim and the learning engine: the naive-learning picture of
 * the spec (§0, §2.8: from the equilibrium prices Cournot play finds x* when eta = 0 and
 * does not when eta = 0.05), feasibility along play under every kind of dynamic on every
 * scenario instance, nash_gap and describe against closed forms (errata E2), the
 * rescaling of demands (errata E6) and the engine's learn_rescale, parameter errors. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tests/testutil.h"
#include "core/learn.h"
#include "core/models/models.h"

enum inst { FIG6, MA, MB, U, P, NINST };

static void set_instance(struct params *p, enum inst k)
{
	params_init(p, radial_model_ops.params, radial_model_ops.nparams);
	static const double fig6_A[] = { 1, 1, 1, 1, 1, 1, 1, 0 }, fig6_c[] = { 10, 5 },
			    fig6_w[] = { 4, 3, 2, 5 };
	static const double mA_A[] = { 1, 1, 1 }, mA_c[] = { 1 }, mA_w[] = { 2, 1, 2 },
			    mA_g[] = { 1, 1, 2 };
	static const double mB_A[] = { 1, 1, 1, 1, 0, 1, 1, 0 }, mB_c[] = { 4, 1.5 },
			    mB_w[] = { 2, 3, 2, 1 }, mB_g[] = { 1, 1, 2, 2 };
	static const double U_A[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0 }, U_c[] = { 12, 6 },
			    U_w[] = { 3, 2.5, 2, 1.5, 1.2, 4 };
	static const double P_A[] = { 1, -1, 0, 0, -1, 1, 0, 0, 0, 0, 1, -1, 0, 0, -1, 1,
				      1, 0, 1, 0 },
			    P_c[] = { 0, 0, 0, 0, 2 }, P_w[] = { 1, 2, 2, 1 };
	switch (k) {
	case FIG6:
		tu_set_table(p, "A", fig6_A, 2, 4);
		tu_set_table(p, "c", fig6_c, 2, 1);
		tu_set_table(p, "w", fig6_w, 4, 1);
		break;
	case MA:
		tu_set_str(p, "mechanism", "multicast");
		tu_set_table(p, "A", mA_A, 1, 3);
		tu_set_table(p, "c", mA_c, 1, 1);
		tu_set_table(p, "w", mA_w, 3, 1);
		tu_set_table(p, "group", mA_g, 3, 1);
		break;
	case MB:
		tu_set_str(p, "mechanism", "multicast");
		tu_set_table(p, "A", mB_A, 2, 4);
		tu_set_table(p, "c", mB_c, 2, 1);
		tu_set_table(p, "w", mB_w, 4, 1);
		tu_set_table(p, "group", mB_g, 4, 1);
		break;
	case U:
		tu_set_str(p, "mechanism", "general");
		tu_set_table(p, "A", U_A, 2, 6);
		tu_set_table(p, "c", U_c, 2, 1);
		tu_set_table(p, "w", U_w, 6, 1);
		break;
	default:
		tu_set_str(p, "mechanism", "general");
		tu_set_table(p, "A", P_A, 5, 4);
		tu_set_table(p, "c", P_c, 5, 1);
		tu_set_table(p, "w", P_w, 4, 1);
		break;
	}
}

/* Spec §2.8: "Start with p = lambda*, random y: eta = 0 -> converges to x* (Jacobi, GS, k=3
 * average; error < 1e-7 in 40 rounds). eta = 0.05 -> stalls at 0.54 (Jacobi), 5.9 (GS)". */
static void test_naive_learning(void **state)
{
	static const struct { const char *dyn; long steps; } runs[] = {
		{ "cournot", 40 }, { "cournot,sequential", 160 }, { "kperiod:3", 40 },
	};
	for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
		for (int noisy = 0; noisy < 2; noisy++) {
			struct params p;
			set_instance(&p, FIG6);
			tu_set_str(&p, "init", "ne_prices");
			tu_set_num(&p, "eta", noisy ? 0.05 : 0);
			struct sim *s = tu_sim(&radial_model_ops, &p, 1, runs[k].dyn);
			tu_steps(s, runs[k].steps);
			double err = tu_last(s, "alloc_err");
			if (noisy) {
				tu_steps(s, 4 * runs[k].steps);
				err = tu_last(s, "alloc_err");
				if (!(err > 0.1))
					fail_msg("%s, eta 0.05: alloc_err %g, expected no convergence",
						 runs[k].dyn, err);
			} else if (!(err < 1e-7)) {
				fail_msg("%s, eta 0: alloc_err %g after %ld steps", runs[k].dyn, err,
					 runs[k].steps);
			}
			sim_free(s);
			params_fini(&p);
		}
	}
}

/* Every allocation along play is feasible, every series finite, under every belief rule
 * and schedule kind, on every scenario instance. */
static void test_feasible_along_play(void **state)
{
	static const char *const dyn[] = { "cournot", "cournot,sequential", "fictitious",
					   "kperiod:3,random", "damped:0.5,async:0.5", "ewma" };
	for (int k = 0; k < NINST; k++)
		for (size_t d = 0; d < sizeof dyn / sizeof dyn[0]; d++) {
			struct params p;
			set_instance(&p, (enum inst)k);
			if (k != MA)
				tu_set_str(&p, "budget", "sbb");
			struct sim *s = tu_sim(&radial_model_ops, &p, 5, dyn[d]);
			tu_steps(s, 120);
			int fv = series_col(&s->series, "feas_violation");
			for (size_t r = 0; r < s->series.nrows; r++) {
				for (size_t c = 1; c < s->series.ncols; c++)
					if (!isfinite(series_at(&s->series, r, c)))
						fail_msg("instance %d, %s: %s not finite at step %zu", k,
							 dyn[d], s->series.names[c], r);
				if (!(series_at(&s->series, r, (size_t)fv) <= 1e-12))
					fail_msg("instance %d, %s: violation %g at step %zu", k, dyn[d],
						 series_at(&s->series, r, (size_t)fv), r);
			}
			sim_free(s);
			params_fini(&p);
		}
}

/* nash_gap at the equilibrium message of Fig. 6: rounding at eta = 0.35, 0.3847 at 0.5
 * (errata E2; closed form lambda_AB^2 (eta s - 1) + u_dev - u_NE, see test_radial_core). */
static void test_nash_gap_fig6(void **state)
{
	double une = 4 * log(32.0 / 9) - 23.0 / 8, udev = 4 * log(6.0) - 45.0 / 8;
	double lab = 5.0 / 6;
	double etas[] = { 0.35, 0.5 };
	for (int k = 0; k < 2; k++) {
		struct params p;
		set_instance(&p, FIG6);
		tu_set_str(&p, "init", "ne");
		tu_set_num(&p, "eta", etas[k]);
		struct sim *s = tu_sim(&radial_model_ops, &p, 1, "cournot");
		double g = tu_at(s, "nash_gap", 0);
		if (k == 0)
			assert_true(g <= 1e-9);
		else
			assert_true(fabs(g - (udev + lab * lab * (0.5 * 5 - 1) - une)) <= 1e-6);
		assert_true(tu_at(s, "alloc_err", 0) <= 1e-12);
		assert_true(fabs(tu_at(s, "y_scale", 0) - 1) <= 1e-15);
		sim_free(s);
		params_fini(&p);
	}
}

/* describe: x*, lambda*, taxes and eta* against the closed forms of test_radial_core. */
static void test_describe(void **state)
{
	struct params p;
	set_instance(&p, FIG6);
	struct sim *s = tu_sim(&radial_model_ops, &p, 1, "cournot");
	struct model_kv kv = { 0 };
	sim_describe(s, &kv);
	double une = 4 * log(32.0 / 9) - 23.0 / 8, udev = 4 * log(6.0) - 45.0 / 8;
	TU_REL(sqrt(4 * (une - udev)) / (5.0 / 6 * 5), tu_kv_num(&kv, "eta_star"), 1e-8);
	tu_assert_contains(tu_kv_get(&kv, "x_star"), "{2.5555555555555");
	tu_assert_contains(tu_kv_get(&kv, "lambda_star"), "{0.83333333333333");
	tu_assert_contains(tu_kv_get(&kv, "ne_tax"), "{2.875");
	tu_assert_contains(tu_kv_get(&kv, "ne_tax_sbb"), "{0.45061728395");
	assert_true(fabs(tu_kv_num(&kv, "ne_tax_sbb_sum")) <= 1e-12);
	TU_REL(235.0 / 24, tu_kv_num(&kv, "ne_revenue"), 1e-12);
	model_kv_fini(&kv);
	sim_free(s);
	params_fini(&p);

	set_instance(&p, MA); /* eta* = 2 sqrt(2 ln 1.2 - 1/3) / (5/3 * 5/9) */
	s = tu_sim(&radial_model_ops, &p, 1, "cournot");
	sim_describe(s, &kv);
	TU_REL(2 * sqrt(2 * log(1.2) - 1.0 / 3) / (25.0 / 27), tu_kv_num(&kv, "eta_star"), 1e-8);
	tu_assert_contains(tu_kv_get(&kv, "mu_star"), "{{1.11111111111111");
	model_kv_fini(&kv);
	sim_free(s);
	params_fini(&p);

	set_instance(&p, U);
	s = tu_sim(&radial_model_ops, &p, 1, "cournot");
	sim_describe(s, &kv);
	tu_assert_contains(tu_kv_get(&kv, "eta_star"), "errata E3");
	model_kv_fini(&kv);
	sim_free(s);
	params_fini(&p);
}

/* Errata E6: sequential play from a random start rescales the demands (and rho) so that
 * nothing overflows; after a rescaled step the demands sum to sum x*. */
static void test_rescaling(void **state)
{
	for (int k = FIG6; k <= MB; k++) {
		struct params p;
		set_instance(&p, (enum inst)k);
		tu_set_str(&p, "budget", "sbb");
		struct sim *s = tu_sim(&radial_model_ops, &p, 3, "cournot,sequential");
		tu_steps(s, 600);
		const double *a = learn_action(s->learn);
		for (size_t j = 0; j < s->model->dim; j++)
			assert_true(isfinite(a[j]));
		double ysum = 0, xs = 0;
		for (int i = 0; i < s->model->nplayers; i++)
			ysum += a[s->model->player_off[i]];
		struct model_kv kv = { 0 };
		sim_describe(s, &kv);
		const char *x = tu_kv_get(&kv, "x_star");
		for (const char *c = x + 1; *c;) { /* sum of the Lua list */
			char *end;
			xs += strtod(c, &end);
			c = *end ? end + 1 : end;
		}
		double big = 0;
		for (size_t r = 0; r < s->series.nrows; r++)
			big = fmax(big, series_at(&s->series, r, (size_t)series_col(&s->series,
											"y_scale")));
		if (big > 1.5) /* demands did explode at some step, and were brought back */
			assert_true(isfinite(big));
		assert_true(fabs(ysum - xs) <= 1e-9 * xs || tu_last(s, "y_scale") == 1);
		model_kv_fini(&kv);
		sim_free(s);
		params_fini(&p);
	}
}

/* learn_rescale multiplies the whole history: action, previous action, running mean. */
static void test_learn_rescale(void **state)
{
	size_t off[] = { 0, 1, 2 };
	struct learn *l = learn_new(2, 2, off, 1);
	double a0[] = { 2, 3 }, f[] = { 0.5, 4 };
	learn_start(l, a0);
	learn_rescale(l, f);
	assert_true(learn_action(l)[0] == 1 && learn_action(l)[1] == 12);
	assert_true(learn_mean(l)[0] == 1 && learn_mean(l)[1] == 12);
	learn_free(l);
}

/* Setting an enum parameter to its own current value (as the registry test does with the
 * defaults) must not read freed memory. */
static void test_param_self_assign(void **state)
{
	struct params p;
	struct err e;
	params_init(&p, radial_model_ops.params, radial_model_ops.nparams);
	int k = params_find(&p, "utility");
	assert_int_equal(params_set_str(&p, k, p.v[k].str, &e), 0);
	assert_string_equal(params_str(&p, "utility"), "log");
	params_fini(&p);
}

static void test_errors(void **state)
{
	struct params p;
	struct err e;
	set_instance(&p, FIG6);
	tu_set_str(&p, "mechanism", "multicast");
	assert_null(radial_model_ops.create(&radial_model_ops, &p, 1, &e));
	tu_assert_contains(e.msg, "'group'");
	params_fini(&p);
	set_instance(&p, FIG6);
	tu_set_str(&p, "budget", "sbb_literal");
	assert_null(radial_model_ops.create(&radial_model_ops, &p, 1, &e));
	tu_assert_contains(e.msg, "multicast");
	params_fini(&p);
	set_instance(&p, FIG6);
	tu_set_str(&p, "utility", "quadratic");
	assert_null(radial_model_ops.create(&radial_model_ops, &p, 1, &e));
	tu_assert_contains(e.msg, "'b'");
	params_fini(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_naive_learning),
		cmocka_unit_test(test_feasible_along_play),
		cmocka_unit_test(test_nash_gap_fig6),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_rescaling),
		cmocka_unit_test(test_learn_rescale),
		cmocka_unit_test(test_param_self_assign),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
