/* Unit tests of the `dmech` model class through the model interface: parameters (defaults,
 * Table 1 preset, given xi/delta, theta/sigma arrays, edge lists numbered from 1), the
 * action layout, describe (xi, delta, rowsum_norm, spectral_radius), the series at the
 * equilibrium, the distributions, initial messages and user errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "core/models/models.h"
#include "core/param.h"
#include "tests/testutil.h"

static const struct model_ops *ops = &dmech_model_ops;

static void test_defaults_layout(void **state)
{
	struct params p;
	struct err e;
	params_init(&p, ops->params, ops->nparams);
	assert_string_equal(params_str(&p, "mechanism"), "private");
	assert_int_equal(params_int(&p, "N"), 31);
	assert_true(params_num(&p, "eta") == 25);
	assert_string_equal(params_str(&p, "graph"), "bintree");
	assert_true(params_num(&p, "p") == 0.3);
	assert_string_equal(params_str(&p, "init"), "zero");
	struct model *m = ops->create(ops, &p, 1, &e);
	assert_non_null(m);
	assert_int_equal(m->dim, 31 * 32);
	assert_int_equal(m->nplayers, 31);
	for (int i = 0; i <= 31; i++)
		assert_int_equal(m->player_off[i], (size_t)i * 32);
	assert_int_equal(m->norm, MODEL_NORM_L2);
	assert_non_null(m->equilibrium);
	assert_string_equal(m->convergence, "dist_ne");
	/* the series do not repeat the engine's dist_ne / step_change */
	assert_int_equal(ops->nseries, 4);
	assert_string_equal(ops->series[0].name, "rel_dist");
	assert_string_equal(ops->series[1].name, "alloc_err");
	assert_string_equal(ops->series[2].name, "price_err");
	assert_string_equal(ops->series[3].name, "tax_sum");
	struct model_kv kv = {0};
	m->vt->describe(m, &kv);
	assert_true(tu_kv_num(&kv, "xi") == 1 - 0.75 * ldexp(1, -12));
	assert_true(fabs(tu_kv_num(&kv, "delta") - 1005.6) < 1e-3 * 1005.6);
	double rs = tu_kv_num(&kv, "rowsum_norm"), rho = tu_kv_num(&kv, "spectral_radius");
	assert_true(rs < 1 && rs >= tu_kv_num(&kv, "xi"));
	assert_true(rho < rs && rho > 0.99);
	assert_int_equal((int)tu_kv_num(&kv, "diameter"), 8);
	assert_int_equal((int)tu_kv_num(&kv, "edges"), 30);
	assert_non_null(strstr(tu_kv_get(&kv, "xi_choice"), "2^-12"));
	assert_non_null(strstr(tu_kv_get(&kv, "eta_certificate"), "yes"));
	model_kv_fini(&kv);
	model_free(m);
	params_fini(&p);
}

static void test_vectors_via_params(void **state)
{
	struct params p;
	struct err e;
	struct model_kv kv = {0};
	tu_dmech_spec13(&p, "private");
	struct model *m = ops->create(ops, &p, 1, &e);
	assert_non_null(m);
	m->vt->describe(m, &kv);
	assert_true(fabs(tu_kv_num(&kv, "delta") / 211.3991222246 - 1) < 1e-9);
	assert_true(fabs(tu_kv_num(&kv, "lambda_star") / 11.699724517906 - 1) < 1e-9);
	assert_true(fabs(tu_kv_num(&kv, "rowsum_norm") / 0.9996337891 - 1) < 1e-9);
	assert_true(fabs(tu_kv_num(&kv, "spectral_radius") / 0.9946395439 - 1) < 1e-9);
	assert_true(fabs(tu_kv_num(&kv, "ne_norm_l2") / 2642.3045612 - 1) < 1e-9);
	model_kv_fini(&kv);
	double *a0 = calloc(m->dim, sizeof *a0), *o = calloc(m->dim, sizeof *o);
	m->vt->initial(m, a0);
	for (size_t k = 0; k < m->dim; k++)
		assert_true(a0[k] == 0);
	assert_int_equal(m->vt->best_response(m, a0, -1, o, &e), 0);
	assert_true(fabs(o[0] - 10) < 1e-12 && fabs(o[8] - 5.5) < 1e-12);
	free(a0);
	free(o);
	model_free(m);
	params_fini(&p);

	tu_dmech_spec13(&p, "public");
	m = ops->create(ops, &p, 1, &e);
	assert_non_null(m);
	m->vt->describe(m, &kv);
	assert_true(fabs(tu_kv_num(&kv, "delta") / 4.0333259700 - 1) < 1e-9);
	assert_true(tu_kv_num(&kv, "x_star") == 3.25);
	assert_true(fabs(tu_kv_num(&kv, "spectral_radius") / 0.9349497169 - 1) < 1e-9);
	model_kv_fini(&kv);
	model_free(m);
	params_fini(&p);
}

/* The series at the equilibrium message: all errors 0, taxes sum to 0. */
static void test_series_at_equilibrium(void **state)
{
	static const char *const mechs[] = {"private", "public", "summary"};
	for (int k = 0; k < 3; k++) {
		struct params p;
		struct err e;
		double vals[4];
		params_init(&p, ops->params, ops->nparams);
		tu_set_str(&p, "mechanism", mechs[k]);
		tu_set_str(&p, "graph", "er");
		struct model *m = ops->create(ops, &p, 5, &e);
		assert_non_null(m);
		struct model_obs o = {.step = 0, .action = m->equilibrium, .mean = m->equilibrium};
		assert_int_equal(m->vt->observe(m, &o, vals, &e), 0);
		assert_true(vals[0] == 0);
		assert_true(vals[1] < 1e-9);
		assert_true(vals[2] < 1e-9 * 20);
		assert_true(fabs(vals[3]) < 1e-9 * 100);
		/* and away from it */
		double *a0 = calloc(m->dim, sizeof *a0);
		m->vt->initial(m, a0);
		o.action = a0;
		assert_int_equal(m->vt->observe(m, &o, vals, &e), 0);
		assert_true(vals[0] > 0 && vals[0] <= 1); /* ratio of the l2 to the l1 norm */
		assert_true(vals[0] > 0 && vals[1] > 0 && vals[2] > 0);
		free(a0);
		model_free(m);
		params_fini(&p);
	}
}

static void test_dists(void **state)
{
	struct params p;
	struct err e;
	struct dist d;
	tu_dmech_spec13(&p, "public");
	struct model *m = ops->create(ops, &p, 1, &e);
	assert_int_equal(m->vt->dist(m, "allocation", m->equilibrium, &d, &e), 0);
	assert_int_equal(d.kind, DIST_LINE);
	assert_int_equal(d.ncurves, 2);
	assert_int_equal(d.c[0].n, 7);
	assert_string_equal(d.c[1].label, "x*");
	assert_int_equal(d.c[1].style, DIST_STYLE_REFERENCE);
	for (int i = 0; i < 7; i++) {
		assert_true(d.c[0].x[i] == i + 1);
		assert_true(fabs(d.c[0].y[i] - 3.25) < 1e-12);
		assert_true(d.c[1].y[i] == 3.25);
	}
	dist_fini(&d);
	assert_int_equal(m->vt->dist(m, "price", m->equilibrium, &d, &e), 0);
	assert_string_equal(d.c[1].label, "mu*");
	assert_true(fabs(d.c[0].y[0] - 6.75) < 1e-12 && fabs(d.c[0].y[6] + 6.75) < 1e-12);
	dist_fini(&d);
	assert_int_equal(m->vt->dist(m, "tax", m->equilibrium, &d, &e), 0);
	assert_int_equal(d.ncurves, 1);
	double ts = 0;
	for (int i = 0; i < 7; i++)
		ts += d.c[0].y[i];
	assert_true(fabs(ts) < 1e-12 * 100);
	/* at NE the tax of agent i is mu_i* x* */
	assert_true(fabs(d.c[0].y[0] - 6.75 * 3.25) < 1e-9);
	dist_fini(&d);
	assert_int_equal(m->vt->dist(m, "bids", m->equilibrium, &d, &e), -1);
	assert_non_null(strstr(e.msg, "allocation, price, tax"));
	model_free(m);
	params_fini(&p);
}

static void test_table1_and_given(void **state)
{
	struct params p;
	struct err e;
	struct model_kv kv = {0};
	params_init(&p, ops->params, ops->nparams);
	tu_set_str(&p, "xi_rule", "table1");
	tu_set_str(&p, "graph", "er");
	tu_set_str(&p, "mechanism", "public");
	struct model *m = ops->create(ops, &p, 1, &e);
	assert_non_null(m);
	m->vt->describe(m, &kv);
	assert_true(tu_kv_num(&kv, "xi") == 1 - 1e-3);
	assert_true(tu_kv_num(&kv, "delta") == 0.8744);
	model_kv_fini(&kv);
	model_free(m);
	/* a given xi: delta from (4.82) */
	tu_set_str(&p, "xi_rule", "dyadic");
	tu_set_str(&p, "graph", "bintree");
	tu_set_num(&p, "xi", 1 - 2.515e-4);
	m = ops->create(ops, &p, 1, &e);
	m->vt->describe(m, &kv);
	assert_true(fabs(tu_kv_num(&kv, "delta") / 0.9505 - 1) < 1e-3);
	assert_non_null(strstr(tu_kv_get(&kv, "xi_choice"), "given"));
	model_kv_fini(&kv);
	model_free(m);
	/* the summary mechanism has no xi, delta; with seed 2 its best response is expanding
	 * (with seed 1 on the tree it happens to contract: rho = 0.964) */
	tu_set_str(&p, "mechanism", "summary");
	m = ops->create(ops, &p, 2, &e);
	m->vt->describe(m, &kv);
	assert_non_null(strstr(tu_kv_get(&kv, "xi"), "none"));
	assert_true(tu_kv_num(&kv, "spectral_radius") > 1);
	assert_int_equal((int)tu_kv_num(&kv, "message_dim"), 4 * 31 - 2);
	model_kv_fini(&kv);
	model_free(m);
	params_fini(&p);
}

/* The edge list (nodes from 1) of the 7-node tree gives the same mechanism as "bintree". */
static void test_edge_list(void **state)
{
	static const double ed[] = {1, 2, 1, 3, 2, 4, 2, 5, 3, 6, 3, 7};
	struct params p;
	struct err e;
	struct model_kv a = {0}, b = {0};
	tu_dmech_spec13(&p, "private");
	struct model *m1 = ops->create(ops, &p, 1, &e);
	tu_set_table(&p, "graph", ed, 6, 2);
	assert_string_equal(params_str(&p, "graph"), "table");
	struct model *m2 = ops->create(ops, &p, 1, &e);
	assert_non_null(m2);
	m1->vt->describe(m1, &a);
	m2->vt->describe(m2, &b);
	assert_true(tu_kv_num(&a, "delta") == tu_kv_num(&b, "delta"));
	assert_true(tu_kv_num(&a, "spectral_radius") == tu_kv_num(&b, "spectral_radius"));
	assert_string_equal(tu_kv_get(&b, "graph"), "edge list");
	for (size_t k = 0; k < m1->dim; k++)
		assert_true(m1->equilibrium[k] == m2->equilibrium[k]);
	model_kv_fini(&a);
	model_kv_fini(&b);
	model_free(m1);
	model_free(m2);
	/* node 0 is refused by the parameter (the user counts from 1), node 8 > N by the
	 * model; a disconnected list */
	static const double zero[] = {0, 1, 1, 2};
	assert_int_equal(params_set_table(&p, params_find(&p, "graph"), zero, 2, 2, &e), -1);
	assert_non_null(strstr(e.msg, "out of range"));
	static const double bad[] = {1, 2, 2, 8};
	tu_set_table(&p, "graph", bad, 2, 2);
	assert_null(ops->create(ops, &p, 1, &e));
	assert_non_null(strstr(e.msg, "numbered from 1"));
	static const double split[] = {1, 2, 2, 3, 4, 5, 5, 6, 6, 7};
	tu_set_table(&p, "graph", split, 5, 2);
	assert_null(ops->create(ops, &p, 1, &e));
	assert_non_null(strstr(e.msg, "connected"));
	params_fini(&p);
}

static void test_errors(void **state)
{
	struct params p;
	struct err e;
	tu_dmech_spec13(&p, "private");
	double th[5] = {-1, -1, -1, -1, -1};
	tu_set_table(&p, "theta", th, 5, 1);
	assert_null(ops->create(ops, &p, 1, &e));
	assert_non_null(strstr(e.msg, "'theta' has 5 values but N = 7"));
	params_fini(&p);
	tu_dmech_spec13(&p, "private");
	tu_set_num(&p, "eta", 1.5); /* theta_7 = -3.5: v'' = -7 outside (-1.5, -1/1.5) */
	assert_null(ops->create(ops, &p, 1, &e));
	assert_non_null(strstr(e.msg, "theta[2]"));
	params_fini(&p);
	params_init(&p, ops->params, ops->nparams);
	tu_set_str(&p, "graph", "ring");
	tu_set_str(&p, "xi_rule", "table1");
	assert_null(ops->create(ops, &p, 1, &e));
	assert_non_null(strstr(e.msg, "Table 1"));
	params_fini(&p);
}

/* Same seed: same utilities and ER graph for every mechanism; init random/perturbed. */
static void test_seed_and_init(void **state)
{
	struct params p;
	struct err e;
	struct model_kv a = {0}, b = {0};
	params_init(&p, ops->params, ops->nparams);
	tu_set_str(&p, "graph", "er");
	struct model *m1 = ops->create(ops, &p, 42, &e);
	tu_set_str(&p, "mechanism", "summary");
	struct model *m2 = ops->create(ops, &p, 42, &e);
	m1->vt->describe(m1, &a);
	m2->vt->describe(m2, &b);
	assert_string_equal(tu_kv_get(&a, "lambda_star"), tu_kv_get(&b, "lambda_star"));
	assert_string_equal(tu_kv_get(&a, "edges"), tu_kv_get(&b, "edges"));
	model_kv_fini(&a);
	model_kv_fini(&b);
	model_free(m2);
	tu_set_str(&p, "mechanism", "private");
	tu_set_str(&p, "init", "perturbed");
	m2 = ops->create(ops, &p, 42, &e);
	struct model *m3 = ops->create(ops, &p, 42, &e);
	double *x = calloc(m2->dim, sizeof *x), *y = calloc(m2->dim, sizeof *y);
	m2->vt->initial(m2, x);
	m3->vt->initial(m3, y);
	double big = 0, dev = 0;
	for (size_t k = 0; k < m2->dim; k++) {
		assert_true(x[k] == y[k]);
		big = fmax(big, fabs(m2->equilibrium[k]));
		dev = fmax(dev, fabs(x[k] - m2->equilibrium[k]));
	}
	assert_true(dev > 0.001 * big && dev <= 0.01 * big);
	model_free(m3);
	tu_set_str(&p, "init", "random");
	m3 = ops->create(ops, &p, 43, &e);
	m3->vt->initial(m3, y);
	dev = 0;
	for (size_t k = 0; k < m3->dim; k++)
		dev = fmax(dev, fabs(y[k]));
	assert_true(dev > 0.5 * big && dev <= big);
	free(x);
	free(y);
	model_free(m1);
	model_free(m2);
	model_free(m3);
	params_fini(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_layout),
		cmocka_unit_test(test_vectors_via_params),
		cmocka_unit_test(test_series_at_equilibrium),
		cmocka_unit_test(test_dists),
		cmocka_unit_test(test_table1_and_given),
		cmocka_unit_test(test_edge_list),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_seed_and_init),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
