/* test_mfg_model: the mfg model through the simulation engine: parameter specs, the series
 * and their row semantics, the dynamics (cournot = Fig. 2, damped, fictitious), --tol style
 * convergence, distributions, describe (incl. the PV savings arithmetic of Section VI),
 * agents in the three modes, and user errors. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/models/mfg_solve.h"
#include "core/models/models.h"
#include "core/sim.h"
#include "tests/testutil.h"

static const struct model_ops *ops(void) { return &mfg_model_ops; }

/* A sim of mfg with `n` name/value overrides. */
static struct sim *make(const char *dyn, struct err *e, int n, ...)
{
	struct params p;
	params_init(&p, ops()->params, ops()->nparams);
	va_list ap;
	va_start(ap, n);
	for (int i = 0; i < n; i++) {
		const char *name = va_arg(ap, const char *);
		const char *val = va_arg(ap, const char *);
		tu_set(&p, name, val);
	}
	va_end(ap);
	struct learn_spec ls;
	assert_int_equal(learn_parse(dyn, &ls, e), 0);
	struct sim *s = sim_new(ops(), &p, 1, &ls, e);
	params_fini(&p);
	return s;
}

/* Steps until the convergence measure is below tol (like --tol) or maxsteps. */
static long run_tol(struct sim *s, double tol, long maxsteps)
{
	struct err e;
	for (long n = 0; n < maxsteps; n++) {
		assert_int_equal(sim_step(s, &e), 0);
		if (sim_convergence(s) < tol)
			break;
	}
	return sim_n(s);
}

static void test_specs(void **state)
{
	(void)state;
	const struct model_ops *o = ops();
	assert_string_equal(o->name, "mfg");
	const char *names[] = { "variant", "k", "s", "c_serve", "c_lose", "alpha", "beta", "p_s",
				"b0_min", "b0_max", "z0", "h", "bmax", "agents", "agents_init",
				"types" };
	struct params p;
	params_init(&p, o->params, o->nparams);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		assert_true(params_find(&p, names[i]) >= 0);
	/* Section V defaults */
	assert_string_equal(params_str(&p, "variant"), "bank");
	assert_true(params_num(&p, "k") == 7 && params_num(&p, "s") == 8);
	assert_true(params_num(&p, "c_serve") == 6 && params_num(&p, "c_lose") == 0.5);
	assert_true(params_num(&p, "alpha") == 1.1 && params_num(&p, "beta") == 0.98);
	assert_true(params_num(&p, "b0_min") == 0 && params_num(&p, "b0_max") == 5);
	assert_true(params_num(&p, "h") == 0.01 && params_num(&p, "bmax") == 40);
	assert_true(params_num(&p, "z0") == 1 && params_int(&p, "agents") == 0);
	for (size_t i = 0; i < o->nparams; i++) {
		assert_non_null(o->params[i].help);
		assert_non_null(o->params[i].unit);
	}
	params_fini(&p);
	const char *series[] = { "z", "gamma", "trade_ratio", "value", "mc_trade_ratio" };
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(o->series[i].name, series[i]);
	const char *dists[] = { "budget", "agent_budget", "client_bid", "value_fn",
				"gamma_curve" };
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(o->dists[i].name, dists[i]);
	assert_non_null(strstr(o->info, "WHAT IS IT"));
	assert_non_null(strstr(o->info, "THINGS TO NOTICE"));
	assert_non_null(strstr(o->info, "THINGS TO TRY"));
}

/* Defaults under cournot are the paper's Fig. 2 bank curve: --tol 1e-7 stops at step 16
 * and the last row is the equilibrium of Table I. Row n reports z_n and gamma(z_n), so under
 * cournot gamma of row n is z of row n+1. */
static void test_cournot_bank(void **state)
{
	(void)state;
	struct err e;
	struct sim *s = make("cournot", &e, 0);
	assert_non_null(s);
	assert_int_equal(s->model->dim, 1);
	long n = run_tol(s, 1e-7, 200);
	assert_true(n >= 15 && n <= 17);
	assert_true(fabs(tu_last(s, "z") - 0.157659) < 1e-5);
	assert_true(fabs(tu_last(s, "trade_ratio") - 0.842341) < 1e-5);
	assert_true(fabs(tu_last(s, "value") - 40.146) < 1e-3);
	assert_true(fabs(tu_last(s, "gamma") - tu_last(s, "z")) < 1e-7);
	assert_true(isnan(tu_last(s, "mc_trade_ratio")));
	assert_true(tu_at(s, "z", 0) == 1);
	assert_true(isnan(tu_at(s, "step_change", 0)));
	for (size_t r = 0; r + 1 < s->series.nrows; r++) {
		assert_true(tu_at(s, "gamma", r) == tu_at(s, "z", r + 1));
		assert_true(fabs(tu_at(s, "step_change", r + 1) -
				 fabs(tu_at(s, "z", r + 1) - tu_at(s, "z", r))) < 1e-15);
		assert_true(tu_at(s, "trade_ratio", r) == 1 - tu_at(s, "z", r));
	}
	sim_free(s);
}

static void test_hard_frozen(void **state)
{
	(void)state;
	struct err e;
	struct sim *s = make("cournot", &e, 1, "variant", "hard");
	assert_non_null(s);
	long n = run_tol(s, 1e-7, 50);
	assert_int_equal(n, 1);
	assert_true(fabs(tu_last(s, "z") - 1) < 1e-12);
	assert_true(fabs(tu_last(s, "value") + 12.5) < 1e-6);
	/* a long run: type_belief keeps at most 65536 rows, thinned evenly, newest last */
	for (int i = 0; i < 70000; i++)
		assert_int_equal(sim_step(s, &e), 0);
	struct dist d;
	assert_int_equal(sim_dist(s, "type_belief", &d, &e), 0);
	assert_true(d.c[0].n > 30000 && d.c[0].n <= 65536);
	for (size_t i = 1; i < d.c[0].n; i++)
		assert_true(d.c[0].x[i] - d.c[0].x[i - 1] == 2);
	assert_true(d.c[0].x[d.c[0].n - 1] >= 69999);
	dist_fini(&d);
	sim_free(s);
}

/* Loan carries the extra law q in the action (a second block), so every dynamic averages it
 * with z; the iteration count and the equilibrium are the spec's. */
static void test_cournot_loan(void **state)
{
	(void)state;
	struct err e;
	struct sim *s = make("cournot", &e, 1, "variant", "loan");
	assert_non_null(s);
	assert_int_equal(s->model->nplayers, 2);
	assert_true(s->model->dim > 100);
	long n = run_tol(s, 1e-7, 200);
	assert_true(n >= 12 && n <= 14);
	assert_true(fabs(tu_last(s, "trade_ratio") - 0.850356) < 1e-5);
	assert_true(fabs(tu_last(s, "value") - 40.647) < 1e-3);
	sim_free(s);
}

/* Other dynamics reach the same equilibrium; fictitious play (belief = the mean of all
 * past play) only like 1/n. */
static void test_other_dynamics(void **state)
{
	(void)state;
	const char *dyn[] = { "damped:0.5", "kperiod:3" };
	for (int i = 0; i < 2; i++) {
		struct err e;
		struct sim *s = make(dyn[i], &e, 0);
		assert_non_null(s);
		run_tol(s, 1e-7, 300);
		print_message("# %s: z %.6f after %ld steps\n", dyn[i], tu_last(s, "z"), sim_n(s));
		assert_true(fabs(tu_last(s, "z") - 0.157659) < 1e-5);
		sim_free(s);
	}
	struct err e;
	struct sim *s = make("fictitious", &e, 1, "h", "0.05");
	assert_non_null(s);
	double d100 = 0;
	for (int i = 1; i <= 1000; i++) {
		assert_int_equal(sim_step(s, &e), 0);
		if (i == 100)
			d100 = fabs(tu_last(s, "z") - 0.1577);
	}
	double d1000 = fabs(tu_last(s, "z") - 0.1577);
	print_message("# fictitious: |z - z*| %.4f after 100 steps, %.4f after 1000\n", d100,
		      d1000);
	assert_true(d1000 < 0.5 * d100);
	assert_true(d1000 < 0.02);
	sim_free(s);
}

static void test_dists(void **state)
{
	(void)state;
	struct err e;
	struct sim *s = make("cournot", &e, 1, "h", "0.02");
	assert_non_null(s);
	run_tol(s, 1e-7, 100);
	double z = tu_last(s, "z");
	struct dist d;

	assert_int_equal(sim_dist(s, "client_bid", &d, &e), 0);
	assert_int_equal(d.kind, DIST_BARS);
	assert_int_equal(d.ncurves, 1);
	assert_int_equal(d.c[0].n, 2);
	assert_true(fabs(d.c[0].y[0] - z) < 1e-7 && fabs(d.c[0].y[1] - (1 - z)) < 1e-7);
	assert_int_equal(d.nlabels, 2);
	dist_fini(&d);

	assert_int_equal(sim_dist(s, "budget", &d, &e), 0);
	assert_int_equal(d.kind, DIST_CDF);
	struct dist_curve *c = &d.c[0];
	for (size_t i = 1; i < c->n; i++)
		assert_true(c->x[i] > c->x[i - 1] && c->y[i] >= c->y[i - 1]);
	assert_true(c->y[c->n - 1] > 0.998 && c->y[c->n - 1] <= 1);
	assert_true(c->x[c->n - 1] > 100); /* budgets drift far above bmax = 40 */
	dist_fini(&d);

	assert_int_equal(sim_dist(s, "value_fn", &d, &e), 0);
	c = &d.c[0];
	assert_true(c->n > 10);
	assert_true(fabs(c->y[c->n - 1] - 25 * (2 - z)) < 1e-4); /* V_inf */
	for (size_t i = 1; i < c->n; i++)
		assert_true(c->y[i] >= c->y[i - 1] - 1e-9);
	dist_fini(&d);

	/* gamma(z) against the diagonal: the equilibrium reached is a crossing */
	assert_int_equal(sim_dist(s, "gamma_curve", &d, &e), 0);
	assert_int_equal(d.ncurves, 2);
	assert_int_equal(d.c[1].style, DIST_STYLE_REFERENCE);
	c = &d.c[0];
	assert_int_equal(c->n, 51);
	assert_true(fabs(c->x[0]) < 1e-15 && fabs(c->x[50] - 1) < 1e-15);
	int crossings = 0;
	for (size_t i = 1; i < c->n; i++)
		if ((c->y[i] - c->x[i]) * (c->y[i - 1] - c->x[i - 1]) < 0)
			crossings++;
	assert_true(crossings >= 1);
	/* z* = 0.1577 is stable: gamma is below the diagonal just above it, above just below */
	assert_true(c->y[8] < c->x[8]);
	assert_true(c->y[7] > c->x[7]);
	dist_fini(&d);

	assert_int_equal(sim_dist(s, "type_belief", &d, &e), 0);
	assert_int_equal(d.ncurves, 1);
	assert_int_equal(d.c[0].n, s->series.nrows);
	assert_true(d.c[0].y[0] == 1);
	dist_fini(&d);

	assert_int_equal(sim_dist(s, "agent_budget", &d, &e), -1); /* no agents */
	assert_non_null(strstr(e.msg, "agents"));
	assert_int_equal(sim_dist(s, "nonsense", &d, &e), -1);
	assert_non_null(strstr(e.msg, "budget"));
	/* after gamma_curve the model still reports the same state */
	struct model_kv kv = { 0 };
	sim_describe(s, &kv);
	assert_true(fabs(strtod(tu_kv_get(&kv, "z"), NULL) - z) < 1e-15);
	model_kv_fini(&kv);
	sim_free(s);
}

/* Hard U[0,5]: gamma(z) has the frozen fixed point z = 1 and a trading one near 0.224. */
static void test_gamma_curve_hard(void **state)
{
	(void)state;
	struct err e;
	struct sim *s = make("cournot", &e, 2, "variant", "hard", "h", "0.02");
	assert_non_null(s);
	struct dist d;
	assert_int_equal(sim_dist(s, "gamma_curve", &d, &e), 0);
	struct dist_curve *c = &d.c[0];
	assert_true(fabs(c->y[50] - 1) < 1e-12);
	/* below 0.224 gamma is above the diagonal, between 0.224 and 0.966 below it */
	assert_true(c->y[5] > c->x[5]);
	assert_true(c->y[25] < c->x[25]);
	dist_fini(&d);
	sim_free(s);
}

static void test_describe(void **state)
{
	(void)state;
	struct err e;
	struct sim *s = make("cournot", &e, 0);
	assert_non_null(s);
	run_tol(s, 1e-7, 100);
	struct model_kv kv = { 0 };
	sim_describe(s, &kv);
	assert_string_equal(tu_kv_get(&kv, "variant"), "bank");
	assert_true(fabs(strtod(tu_kv_get(&kv, "L (lowest budget that may bid k)"), NULL) -
			 3.19047619) < 1e-6);
	assert_true(fabs(strtod(tu_kv_get(&kv, "U (wins lower the budget on [L, U))"), NULL) -
			 6.09090909) < 1e-6);
	assert_true(fabs(strtod(tu_kv_get(&kv, "V_inf"), NULL) - 46.0586) < 1e-3);
	assert_true(fabs(strtod(tu_kv_get(&kv, "b_th"), NULL) - 5.239) < 2e-3);
	assert_non_null(strstr(tu_kv_get(&kv, "k_range"), "inside"));
	assert_non_null(tu_kv_get(&kv, "solver_sweeps"));
	model_kv_fini(&kv);
	sim_free(s);

	s = make("cournot", &e, 1, "k", "9");
	assert_non_null(s);
	memset(&kv, 0, sizeof kv);
	sim_describe(s, &kv);
	assert_non_null(strstr(tu_kv_get(&kv, "k_range"), "OUTSIDE"));
	model_kv_fini(&kv);
	sim_free(s);
}

/* The PV economics of Section VI (two types: Austin p_s 0.4, El Paso p_s 0.6, half each)
 * with `n` more name/value overrides. */
static struct sim *make_pv(const char *dyn, int n, ...)
{
	struct params p;
	params_init(&p, ops()->params, ops()->nparams);
	tu_set(&p, "s", "10");
	tu_set(&p, "c_serve", "5");
	tu_set(&p, "k", "7.5");
	tu_set(&p, "b0_min", "5");
	tu_set(&p, "b0_max", "10");
	tu_set(&p, "h", "0.02");
	struct err e;
	double types[4] = { 0.4, 0.5, 0.6, 0.5 };
	assert_int_equal(params_set_table(&p, params_find(&p, "types"), types, 2, 2, &e), 0);
	double hours[2] = { 1115, 692 };
	assert_int_equal(params_set_table(&p, params_find(&p, "client_hours"), hours, 1, 2, &e),
			 0);
	va_list ap;
	va_start(ap, n);
	for (int i = 0; i < n; i++) {
		const char *name = va_arg(ap, const char *);
		const char *val = va_arg(ap, const char *);
		tu_set(&p, name, val);
	}
	va_end(ap);
	struct learn_spec ls;
	assert_int_equal(learn_parse(dyn, &ls, &e), 0);
	struct sim *s = sim_new(ops(), &p, 1, &ls, &e);
	if (!s)
		print_message("# %s\n", e.msg);
	params_fini(&p);
	return s;
}

/* Section VI: two types, the trade ratio and the savings arithmetic:
 * (1115 (10 - 7.5) + 692 (7.5 - 5)) 2.5/100 x trade ratio = $112.8 a year; net metering
 * -1115 x 10/100 = -$111.5 (Austin), -692 x 10/100 = -$69.2 (El Paso). */
static void test_pv(void **state)
{
	(void)state;
	struct err e;
	struct sim *s = make_pv("cournot", 0);
	assert_non_null(s);
	assert_int_equal(s->model->nplayers, 2);
	run_tol(s, 1e-7, 100);
	double tr = tu_last(s, "trade_ratio");
	assert_true(tr >= 0.999);
	struct model_kv kv = { 0 };
	sim_describe(s, &kv);
	for (size_t i = 0; i < kv.n; i++)
		print_message("# %s = %s\n", kv.key[i], kv.val[i]);
	double sav = tu_kv_num(&kv, "savings type 1 (USD/year)");
	/* (1115 * 2.5 + 692 * 2.5) * 2.5 / 100 = 112.9375 currency, times the trade ratio */
	TU_REL(112.9375 * tr, sav, 1e-12);
	assert_true(fabs(sav - 112.8) < 0.15);
	assert_true(fabs(strtod(tu_kv_get(&kv, "savings type 2 (USD/year)"), NULL) - sav) < 1e-9);
	assert_true(strtod(tu_kv_get(&kv, "net_metering type 1 (USD/year)"), NULL) == -111.5);
	assert_true(strtod(tu_kv_get(&kv, "net_metering type 2 (USD/year)"), NULL) == -69.2);
	model_kv_fini(&kv);

	struct dist d;
	assert_int_equal(sim_dist(s, "type_belief", &d, &e), 0);
	assert_int_equal(d.ncurves, 2);
	dist_fini(&d);
	assert_int_equal(sim_dist(s, "value_fn", &d, &e), 0);
	assert_int_equal(d.ncurves, 2);
	/* Fig. 9: Austin's (type 1) value of budget is lower */
	assert_true(d.c[0].y[10] < d.c[1].y[10]);
	dist_fini(&d);
	assert_int_equal(sim_dist(s, "budget", &d, &e), 0);
	assert_int_equal(d.ncurves, 2);
	dist_fini(&d);
	sim_free(s);
}

/* Per-type series (Section VI: "per-type series and distributions"). With the PV types the
 * table has the class's columns, then z_1, z_2, gamma_1, gamma_2, ... whose values are the
 * solver's per-type values (describe, type_belief, client_bid and a fresh solver agree);
 * the pooled columns keep their meaning: z = client-weighted z_k, value = share-weighted
 * value_k. Fig. 8: El Paso's clients bid 0 less often than Austin's at every step. One type
 * publishes exactly the class's columns. */
static void test_type_series(void **state)
{
	(void)state;
	const char *cls[] = { "z", "gamma", "trade_ratio", "value", "mc_trade_ratio",
			      "mc_value" };
	const size_t ncls = sizeof cls / sizeof cls[0];
	struct err e;

	/* one type: no instance list, exactly step_change + the class's series */
	struct sim *s = make("cournot", &e, 0);
	assert_non_null(s);
	assert_null(s->model->series);
	assert_int_equal(s->series.ncols, 1 + ncls);
	assert_string_equal(s->series.names[0], "step_change");
	for (size_t i = 0; i < ncls; i++)
		assert_string_equal(s->series.names[1 + i], cls[i]);
	assert_int_equal(series_col(&s->series, "z_1"), -1);
	sim_free(s);

	/* the flagged class series accept NAME_k in views */
	for (size_t i = 0; i < ncls; i++) {
		assert_true(ops()->series[i].flags & SERIES_F_PER_TYPE);
		char name[40];
		snprintf(name, sizeof name, "%s_2", cls[i]);
		assert_true(model_ops_has_series(ops(), name));
	}
	assert_false(model_ops_has_series(ops(), "z_0"));
	assert_false(model_ops_has_series(ops(), "step_change_1"));

	/* two types */
	s = make_pv("cournot", 0);
	assert_non_null(s);
	size_t n;
	const struct model_series_desc *own = model_series(s->model, &n);
	assert_true(own == s->model->series);
	assert_int_equal(n, 3 * ncls);
	assert_int_equal(s->series.ncols, 1 + 3 * ncls);
	for (size_t i = 0; i < ncls; i++) {
		assert_string_equal(own[i].name, cls[i]);
		assert_string_equal(own[i].help, ops()->series[i].help);
		for (int t = 0; t < 2; t++) {
			char name[40], help[80];
			snprintf(name, sizeof name, "%s_%d", cls[i], t + 1);
			snprintf(help, sizeof help, "%s of type %d (p_s %g)", cls[i], t + 1,
				 t ? 0.6 : 0.4);
			const struct model_series_desc *d = &own[ncls + 2 * i + (size_t)t];
			assert_string_equal(d->name, name);
			assert_true(strncmp(d->help, help, strlen(help)) == 0);
			assert_string_equal(s->series.names[1 + ncls + 2 * i + (size_t)t], name);
			assert_true(model_ops_has_series(ops(), name));
		}
	}
	long steps = run_tol(s, 1e-7, 100);
	assert_int_equal(steps, 4);
	size_t rows = s->series.nrows;
	/* client weights w p_c / sum w p_c: Austin 0.5*0.6/0.5 = 0.6, El Paso 0.4 */
	for (size_t r = 0; r < rows; r++) {
		double z1 = tu_at(s, "z_1", r), z2 = tu_at(s, "z_2", r);
		double g1 = tu_at(s, "gamma_1", r), g2 = tu_at(s, "gamma_2", r);
		assert_true(fabs(tu_at(s, "z", r) - (0.6 * z1 + 0.4 * z2)) < 1e-15);
		assert_true(fabs(tu_at(s, "gamma", r) - (0.6 * g1 + 0.4 * g2)) < 1e-15);
		double v12 = 0.5 * tu_at(s, "value_1", r) + 0.5 * tu_at(s, "value_2", r);
		assert_true(fabs(tu_at(s, "value", r) - v12) < 1e-12);
		assert_true(tu_at(s, "trade_ratio_1", r) == 1 - z1);
		assert_true(tu_at(s, "trade_ratio_2", r) == 1 - z2);
		assert_true(isnan(tu_at(s, "mc_trade_ratio_1", r)));
		assert_true(isnan(tu_at(s, "mc_value_2", r)));
		if (r + 1 < rows) { /* cournot: each type's next belief is its best response */
			assert_true(tu_at(s, "z_1", r + 1) == g1);
			assert_true(tu_at(s, "z_2", r + 1) == g2);
		}
		if (r > 0) /* Fig. 8: El Paso (serves more often) bids 0 less often */
			assert_true(z2 < z1);
	}
	assert_true(tu_at(s, "z_1", 0) == 1 && tu_at(s, "z_2", 0) == 1);
	/* after one step 0.039 (Austin) against 0.036 (El Paso) */
	assert_true(fabs(tu_at(s, "z_1", 1) - 0.038731) < 1e-6);
	assert_true(fabs(tu_at(s, "z_2", 1) - 0.035647) < 1e-6);
	/* the equilibrium: Austin 2.6976e-4, El Paso 2.6314e-5 */
	double z1 = tu_last(s, "z_1"), z2 = tu_last(s, "z_2");
	print_message("# equilibrium: z_1 (Austin) %.6g, z_2 (El Paso) %.6g, z %.6g; value_1 "
		      "%.6f, value_2 %.6f\n", z1, z2, tu_last(s, "z"), tu_last(s, "value_1"),
		      tu_last(s, "value_2"));
	assert_true(fabs(z1 - 2.6976e-4) < 1e-8);
	assert_true(fabs(z2 - 2.6314e-5) < 1e-9);
	assert_true(tu_last(s, "value_1") < tu_last(s, "value_2"));

	/* the solver's per-type figures as describe prints them (solved at the last row) */
	struct model_kv kv = { 0 };
	sim_describe(s, &kv);
	for (int t = 0; t < 2; t++) {
		char key[64], col[32];
		snprintf(key, sizeof key, "gamma type %d (p_s %g)", t + 1, t ? 0.6 : 0.4);
		snprintf(col, sizeof col, "gamma_%d", t + 1);
		assert_true(strtod(tu_kv_get(&kv, key), NULL) == tu_last(s, col));
		snprintf(key, sizeof key, "value type %d (p_s %g)", t + 1, t ? 0.6 : 0.4);
		snprintf(col, sizeof col, "value_%d", t + 1);
		assert_true(strtod(tu_kv_get(&kv, key), NULL) == tu_last(s, col));
	}
	model_kv_fini(&kv);
	/* the per-type distributions carry the same numbers */
	struct dist d;
	assert_int_equal(sim_dist(s, "type_belief", &d, &e), 0);
	assert_int_equal(d.c[0].n, rows);
	for (size_t r = 0; r < rows; r++) {
		assert_true(d.c[0].y[r] == tu_at(s, "z_1", r));
		assert_true(d.c[1].y[r] == tu_at(s, "z_2", r));
	}
	dist_fini(&d);
	assert_int_equal(sim_dist(s, "client_bid", &d, &e), 0);
	assert_int_equal(d.ncurves, 3);
	assert_true(d.c[1].y[0] == tu_last(s, "gamma_1") && d.c[2].y[0] == tu_last(s, "gamma_2"));
	dist_fini(&d);

	/* a solver of its own at the last pooled belief reports the same per-type values */
	/* the PV economy: Section V's with s 10, c_serve 5, k 7.5, U[5,10], two types */
	struct mfg_econ E = mfg_econ_section5(MFG_BANK, 7.5, 5, 10, 0.02);
	E.s = 10;
	E.c_serve = 5;
	E.ntypes = 2;
	E.p_s[0] = 0.4;
	E.p_s[1] = 0.6;
	E.share[0] = E.share[1] = 0.5;
	struct mfg_solver *S = mfg_solver_new(&E, &e);
	assert_non_null(S);
	double zt[2] = { z1, z2 };
	assert_true(fabs(mfg_pool_z(S, zt) - tu_last(s, "z")) < 1e-18);
	mfg_solver_solve(S, tu_last(s, "z"), NULL, NULL);
	assert_true(fabs(S->t[0].gamma - tu_last(s, "gamma_1")) < 1e-12);
	assert_true(fabs(S->t[1].gamma - tu_last(s, "gamma_2")) < 1e-12);
	assert_true(fabs(S->t[0].value - tu_last(s, "value_1")) < 1e-9);
	assert_true(fabs(S->t[1].value - tu_last(s, "value_2")) < 1e-9);
	mfg_solver_free(S);
	sim_free(s);

	/* agents, two types of 10,000 playing the equilibrium policy from its stationary law:
	 * the per-type Monte Carlo series; equal counts, so the pooled mc_value is the mean of
	 * the two, and the pooled mc_trade_ratio lies between the per-type ones */
	s = make_pv("cournot", 3, "agents", "20000", "agents_init", "stationary", "agents_mode",
		    "equilibrium");
	assert_non_null(s);
	for (int i = 0; i < 40; i++)
		assert_int_equal(sim_step(s, &e), 0);
	assert_true(isnan(tu_at(s, "mc_trade_ratio_1", 0))); /* step 0: no period played yet */
	for (size_t r = 1; r < s->series.nrows; r++) {
		double m1 = tu_at(s, "mc_trade_ratio_1", r), m2 = tu_at(s, "mc_trade_ratio_2", r);
		double m = tu_at(s, "mc_trade_ratio", r);
		assert_true(m >= fmin(m1, m2) && m <= fmax(m1, m2));
		double v = 0.5 * (tu_at(s, "mc_value_1", r) + tu_at(s, "mc_value_2", r));
		assert_true(fabs(tu_at(s, "mc_value", r) - v) < 1e-9 * fabs(v));
	}
	print_message("# agents: mc_trade_ratio_1 %.5f (1 - z_1 %.5f), mc_trade_ratio_2 %.5f "
		      "(1 - z_2 %.5f)\n", tu_last(s, "mc_trade_ratio_1"),
		      tu_last(s, "trade_ratio_1"), tu_last(s, "mc_trade_ratio_2"),
		      tu_last(s, "trade_ratio_2"));
	assert_true(fabs(tu_last(s, "mc_trade_ratio_1") - tu_last(s, "trade_ratio_1")) < 0.005);
	assert_true(fabs(tu_last(s, "mc_trade_ratio_2") - tu_last(s, "trade_ratio_2")) < 0.005);
	/* each type's value, averaged over the 40 periods, is the mean field's less the
	 * finite population's bias (describe's agents_value_bias, 0.78 here): over 6 seeds the
	 * 40-period mean lies within 0.10 of it (spread 0.05); 0.25 leaves room for the
	 * budgets' slower growth, which the first-order bias leaves out */
	double bias = tu_describe_num(s, "agents_value_bias");
	for (int t = 1; t <= 2; t++) {
		char mc[32], v[32];
		snprintf(mc, sizeof mc, "mc_value_%d", t);
		snprintf(v, sizeof v, "value_%d", t);
		double mean = 0;
		for (size_t r = 1; r < s->series.nrows; r++)
			mean += tu_at(s, mc, r) / (double)(s->series.nrows - 1);
		print_message("# type %d: mean mc_value %.4f, value %.4f - bias %.4f\n", t, mean,
			      tu_last(s, v), bias);
		assert_true(fabs(mean - (tu_last(s, v) - bias)) < 0.25);
	}
	sim_free(s);
}

/* Agents following the belief: one Monte Carlo period per step (the model's advance; step 0
 * is the start, before any period). Started at the stationary
 * law of the equilibrium (agents_mode = equilibrium), they trade like 1 - z; started from
 * Psi with the same policy they freeze while the mean field trades 84 %. */
static void test_agents_equilibrium(void **state)
{
	(void)state;
	struct err e;
	struct sim *s = make("cournot", &e, 4, "agents", "20000", "agents_mode", "equilibrium",
			     "agents_init", "stationary", "h", "0.02");
	assert_non_null(s);
	for (int i = 0; i < 60; i++)
		assert_int_equal(sim_step(s, &e), 0);
	double sum = 0;
	assert_true(isnan(tu_at(s, "mc_trade_ratio", 0)));
	for (size_t r = 1; r < s->series.nrows; r++)
		sum += tu_at(s, "mc_trade_ratio", r);
	double mean = sum / (double)(s->series.nrows - 1);
	assert_true(fabs(mean - 0.8423) < 0.01);
	/* the value, averaged over the 60 periods (one period alone has noise 0.3), is the
	 * mean field's (40.146 at h = 0.02) less the finite population's bias (describe's
	 * agents_value_bias, 0.30 for 20,000 agents): over 8 seeds the 60-period mean lies
	 * within 0.17 of it (spread 0.07); 0.25 leaves room for the budgets' slower growth,
	 * which the first-order bias leaves out. The bias itself is visible. */
	double mcv = 0, bias = tu_describe_num(s, "agents_value_bias");
	for (size_t r = 1; r < s->series.nrows; r++)
		mcv += tu_at(s, "mc_value", r) / (double)(s->series.nrows - 1);
	print_message("# mean mc_value %.4f, value %.4f, bias %.4f\n", mcv, tu_last(s, "value"),
		      bias);
	assert_true(fabs(tu_last(s, "value") - 40.146) < 1e-3);
	assert_true(fabs(mcv - (tu_last(s, "value") - bias)) < 0.25);
	assert_true(mcv < tu_last(s, "value") - 0.5 * bias);
	struct dist d;
	assert_int_equal(sim_dist(s, "agent_budget", &d, &e), 0);
	assert_int_equal(d.ncurves, 2);
	assert_int_equal(d.c[1].style, DIST_STYLE_REFERENCE);
	dist_fini(&d);
	assert_int_equal(sim_dist(s, "client_bid", &d, &e), 0);
	assert_int_equal(d.ncurves, 2);
	assert_true(fabs(d.c[1].y[0] - 0.1577) < 0.02);
	dist_fini(&d);
	sim_free(s);

	s = make("cournot", &e, 4, "agents", "20000", "agents_mode", "equilibrium",
		 "agents_init", "psi", "h", "0.02");
	assert_non_null(s);
	for (int i = 0; i < 60; i++)
		assert_int_equal(sim_step(s, &e), 0);
	for (size_t r = 1; r < s->series.nrows; r++)
		assert_true(tu_at(s, "mc_trade_ratio", r) == 0);
	assert_true(tu_last(s, "trade_ratio") > 0.84);
	sim_free(s);
}

/* Same seed, same series (agents included). */
static void test_deterministic(void **state)
{
	(void)state;
	struct err e;
	double v[2];
	for (int k = 0; k < 2; k++) {
		struct sim *s = make("cournot", &e, 3, "agents", "5000", "h", "0.05",
				     "variant", "loan");
		assert_non_null(s);
		for (int i = 0; i < 20; i++)
			assert_int_equal(sim_step(s, &e), 0);
		v[k] = 0;
		for (size_t r = 1; r < s->series.nrows; r++)
			v[k] += tu_at(s, "mc_trade_ratio", r) * (double)(r + 1) + tu_at(s, "z", r);
		sim_free(s);
	}
	assert_true(v[0] == v[1]);
}

/* Coupled mode: the best response is an epoch of agent play; with damping 0.3 Bank ramps up
 * from the frozen start to the mean-field equilibrium (spec A12: trade 0.842, z = 0.158).
 * The agents' z is the share of 5 periods' ~50,000 clients who bid 0, damped: over 8 seeds
 * its value at step 150 lies within 0.0024 of the solver's z* (spread 0.0013; the mean of
 * steps 100-150 sits about 0.001 above z*, the finite population's own bias). 0.005 is
 * about 4 spreads; a model that ramps to a wrong equilibrium or stalls fails. */
static void test_coupled(void **state)
{
	(void)state;
	struct err e;
	struct sim *s = make("damped:0.3", &e, 5, "agents", "20000", "agents_mode", "coupled",
			     "agents_init", "psi", "h", "0.02", "epoch", "5");
	assert_non_null(s);
	for (int i = 0; i < 150; i++)
		assert_int_equal(sim_step(s, &e), 0);
	struct mfg_econ E = mfg_econ_section5(MFG_BANK, 7, 0, 5, 0.02);
	struct mfg_solver *S = mfg_solver_new(&E, &e);
	assert_non_null(S);
	double zstar = mfg_solver_equilibrium(S, 1, 1e-12, 1000, NULL);
	assert_int_equal(S->nunconv, 0);
	mfg_solver_free(S);
	print_message("# coupled damped:0.3: z %.5f (z* %.5f), mc_trade_ratio %.4f\n",
		      tu_last(s, "z"), zstar, tu_last(s, "mc_trade_ratio"));
	assert_true(fabs(zstar - 0.158) < 0.0005);
	assert_true(fabs(tu_last(s, "z") - zstar) < 0.005);
	assert_true(!isnan(tu_last(s, "mc_trade_ratio")));
	sim_free(s);
}

static void test_errors(void **state)
{
	(void)state;
	struct err e;
	assert_null(make("cournot", &e, 1, "k", "5"));
	assert_non_null(strstr(e.msg, "c_serve"));
	assert_null(make("cournot", &e, 1, "agents_mode", "coupled"));
	assert_non_null(strstr(e.msg, "agents"));
	assert_null(make("cournot", &e, 1, "b0_max", "45"));
	assert_non_null(strstr(e.msg, "bmax"));
	struct params p;
	params_init(&p, ops()->params, ops()->nparams);
	double hours[3] = { 1, 2, 3 };
	assert_int_equal(params_set_table(&p, params_find(&p, "client_hours"), hours, 1, 3, &e),
			 0);
	struct learn_spec ls;
	learn_parse("cournot", &ls, &e);
	assert_null(sim_new(ops(), &p, 1, &ls, &e));
	assert_non_null(strstr(e.msg, "client_hours"));
	params_fini(&p);
}

/* Drawing gamma_curve (51 solves) between steps changes nothing the run computes: under
 * fictitious play (beliefs are not the last action) the series are bit-identical to a run
 * without it. The explorer draws it; taton run does not; both must give the same CSV. */
static void test_curve_leaves_run_alone(void **state)
{
	struct params p;
	params_init(&p, mfg_model_ops.params, mfg_model_ops.nparams);
	struct sim *a = tu_sim(&mfg_model_ops, &p, 1, "fictitious");
	struct sim *b = tu_sim(&mfg_model_ops, &p, 1, "fictitious");
	struct err e;
	struct dist d;
	tu_steps(a, 3);
	tu_steps(b, 3);
	assert_int_equal(sim_dist(a, "gamma_curve", &d, &e), 0);
	dist_fini(&d);
	tu_steps(a, 6);
	tu_steps(b, 6);
	for (size_t r = 0; r < a->series.nrows; r++)
		for (size_t k = 0; k < a->series.ncols; k++) {
			double x = series_at(&a->series, r, k), y = series_at(&b->series, r, k);
			assert_true(memcmp(&x, &y, sizeof x) == 0);
		}
	sim_free(a);
	sim_free(b);
	params_fini(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_specs),
		cmocka_unit_test(test_cournot_bank),
		cmocka_unit_test(test_hard_frozen),
		cmocka_unit_test(test_cournot_loan),
		cmocka_unit_test(test_other_dynamics),
		cmocka_unit_test(test_dists),
		cmocka_unit_test(test_gamma_curve_hard),
		cmocka_unit_test(test_curve_leaves_run_alone),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_pv),
		cmocka_unit_test(test_type_series),
		cmocka_unit_test(test_agents_equilibrium),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_coupled),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
