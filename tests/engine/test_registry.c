/* The registry checks itself: every registered model is created at its defaults, stepped
 * under every belief rule and schedule that applies (a process must refuse them all, name
 * its convergence series and publish no step_change), reset, described, and asked for
 * every distribution it declares. Its class must be complete: summary, lecture text with
 * the three sections (papers named by their authors), help for every parameter, series
 * and distribution, unique names, defaults inside their ranges. A new model that forgets one of these fails here. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/learn.h"
#include "core/model.h"
#include "core/sim.h"

#define STEPS 2

static void check_class(const struct model_ops *ops)
{
	assert_non_null(ops->summary);
	assert_true(strlen(ops->summary) > 0);
	/* a paper is named by its authors, never by an internal number */
	if (strstr(ops->summary, "paper 0") || (ops->info && strstr(ops->info, "paper 0")))
		fail_msg("model %s: a summary or lecture text says 'paper 0..'", ops->name);
	static const char *const sections[] = { "WHAT IS IT", "THINGS TO NOTICE", "THINGS TO TRY" };
	for (size_t i = 0; i < 3; i++)
		if (!ops->info || !strstr(ops->info, sections[i]))
			fail_msg("model %s: info lacks the section %s", ops->name, sections[i]);
	for (size_t i = 0; i < ops->nparams; i++) {
		if (!ops->params[i].help || !*ops->params[i].help)
			fail_msg("model %s: parameter %s has no help", ops->name, ops->params[i].name);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(ops->params[i].name, ops->params[j].name);
	}
	for (size_t i = 0; i < ops->nseries; i++) {
		if (!ops->series[i].help || !*ops->series[i].help)
			fail_msg("model %s: series %s has no help", ops->name, ops->series[i].name);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(ops->series[i].name, ops->series[j].name);
	}
	for (size_t i = 0; i < ops->ndists; i++)
		if (!ops->dists[i].help || !*ops->dists[i].help)
			fail_msg("model %s: distribution %s has no help", ops->name, ops->dists[i].name);
}

/* The defaults pass the setters' own validation. */
static void check_defaults(const struct model_ops *ops, struct params *p)
{
	params_init(p, ops->params, ops->nparams);
	for (size_t i = 0; i < p->n; i++) {
		struct err e;
		const struct param_spec *sp = &ops->params[i];
		int rc = 0;
		if (sp->type == PARAM_REAL || sp->type == PARAM_INT || sp->type == PARAM_BOOL)
			rc = params_set_num(p, (int)i, p->v[i].num, &e);
		else if (sp->type == PARAM_ENUM && p->v[i].str && p->v[i].num >= 0) {
			char *name = strdup(p->v[i].str); /* the setter frees the old value */
			rc = params_set_str(p, (int)i, name, &e);
			free(name);
		}
		if (rc < 0)
			fail_msg("model %s: default of %s is invalid: %s", ops->name, sp->name, e.msg);
	}
}

static void check_process(const struct model_ops *ops, struct sim *s)
{
	struct err e;
	char want[160];
	if (!s->model->convergence)
		fail_msg("model %s is a process (dim 0) but names no convergence series", ops->name);
	assert_string_equal(sim_convergence_name(s), s->model->convergence);
	snprintf(want, sizeof want, "model %s is a process, not a game: it has no learning "
		 "dynamics", ops->name);
	for (size_t i = 0; i < learn_ndynamics; i++) {
		struct learn_spec spec;
		char text[48];
		learn_dynamic_default(i, text, sizeof text);
		assert_int_equal(learn_parse(text, &spec, &e), 0);
		assert_int_equal(sim_set_dynamics(s, &spec, &e), -1);
		assert_string_equal(e.msg, want);
	}
	for (int n = 0; n < STEPS; n++)
		if (sim_step(s, &e) < 0)
			fail_msg("model %s: step: %s", ops->name, e.msg);
	for (size_t r = 0; r < s->series.nrows; r++)
		assert_true(isnan(series_at(&s->series, r, 0)));
}

/* Every rule with its default argument under every schedule, a few steps each. */
/* A model that computes its equilibrium block by block gives exactly the stored doubles. */
static void check_eq_blocks(const struct model_ops *ops, const struct model *m)
{
	if (!m->vt->equilibrium_block)
		return;
	if (!m->equilibrium)
		fail_msg("model %s computes equilibrium blocks but has no equilibrium", ops->name);
	for (int q = 0; q < m->nplayers; q++) {
		size_t lo = m->player_off[q], len = m->player_off[q + 1] - lo;
		double *b = calloc(len ? len : 1, sizeof *b);
		m->vt->equilibrium_block((struct model *)m, q, b);
		if (memcmp(b, m->equilibrium + lo, len * sizeof *b) != 0)
			fail_msg("model %s: equilibrium block %d differs from the stored one", ops->name,
				 q);
		free(b);
	}
}

static void check_game(const struct model_ops *ops, struct sim *s)
{
	struct err e;
	check_eq_blocks(ops, s->model);
	for (size_t i = 0; i < learn_ndynamics; i++)
		for (size_t j = 0; j < learn_nschedules; j++) {
			char rule[48], text[96];
			struct learn_spec spec;
			learn_dynamic_default(i, rule, sizeof rule);
			snprintf(text, sizeof text, "%s,%s", rule, learn_schedules[j].name);
			assert_int_equal(learn_parse(text, &spec, &e), 0);
			if (sim_set_dynamics(s, &spec, &e) < 0)
				fail_msg("model %s: %s: %s", ops->name, text, e.msg);
			size_t rows = s->series.nrows;
			for (int n = 0; n < STEPS; n++)
				if (sim_step(s, &e) < 0)
					fail_msg("model %s under %s: %s", ops->name, text, e.msg);
			assert_int_equal(s->series.nrows, rows + STEPS);
		}
}

/* describe gives unique, non-empty keys; every declared distribution either exists (with
 * data) or says clearly why not (some exist only in some configurations). */
static void check_outputs(const struct model_ops *ops, struct sim *s)
{
	struct model_kv kv = { 0 };
	sim_describe(s, &kv);
	for (size_t i = 0; i < kv.n; i++) {
		assert_true(*kv.key[i] && kv.val[i]);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(kv.key[i], kv.key[j]))
				fail_msg("model %s: describe key %s twice", ops->name, kv.key[i]);
	}
	model_kv_fini(&kv);
	for (size_t i = 0; i < ops->ndists; i++) {
		struct dist d;
		struct err e = { "" };
		memset(&d, 0, sizeof d);
		if (sim_dist(s, ops->dists[i].name, &d, &e) == 0) {
			assert_int_equal(d.kind, ops->dists[i].kind);
			if (d.kind == DIST_GRID) /* a grid has value columns, not curves */
				assert_true(d.grid.ncols > 0 && d.grid.nx * d.grid.ny > 0);
			else
				assert_true(d.ncurves > 0);
		} else if (!*e.msg) {
			fail_msg("model %s: distribution %s fails without a message", ops->name,
				 ops->dists[i].name);
		}
		dist_fini(&d);
	}
	struct dist d;
	struct err e = { "" };
	memset(&d, 0, sizeof d);
	assert_int_equal(sim_dist(s, "no such distribution", &d, &e), -1);
	assert_true(*e.msg);
	dist_fini(&d);
}

/* Describing a run and drawing its distributions never changes what it computes next: a
 * run asked for all of them between steps has bit-identical series to one that was not
 * (the explorer draws them, taton run does not, and both must give the same numbers). */
static void check_outputs_inert(const struct model_ops *ops, const struct params *p)
{
	struct err e = { "" };
	struct sim *a = sim_new(ops, p, 1, NULL, &e), *b = sim_new(ops, p, 1, NULL, &e);
	assert_non_null(a);
	assert_non_null(b);
	for (int round = 0; round < 2; round++) {
		for (int n = 0; n < 2; n++) {
			assert_int_equal(sim_step(a, &e), 0);
			assert_int_equal(sim_step(b, &e), 0);
		}
		struct model_kv kv = { 0 };
		sim_describe(a, &kv);
		model_kv_fini(&kv);
		for (size_t i = 0; i < ops->ndists; i++) {
			struct dist d;
			memset(&d, 0, sizeof d);
			sim_dist(a, ops->dists[i].name, &d, &e);
			dist_fini(&d);
		}
	}
	assert_int_equal(sim_step(a, &e), 0);
	assert_int_equal(sim_step(b, &e), 0);
	for (size_t r = 0; r < a->series.nrows; r++)
		for (size_t k = 0; k < a->series.ncols; k++) {
			double x = series_at(&a->series, r, k), y = series_at(&b->series, r, k);
			if (memcmp(&x, &y, sizeof x) != 0)
				fail_msg("model %s: %s at step %zu is %.17g after describe and the "
					 "distributions, %.17g without", ops->name, a->series.names[k],
					 r, x, y);
		}
	sim_free(a);
	sim_free(b);
}

static void test_every_model(void **state)
{
	int n = 0;
	for (size_t m = 0; model_registry[m]; m++, n++) {
		const struct model_ops *ops = model_registry[m];
		struct params p;
		struct err e;
		check_class(ops);
		check_defaults(ops, &p);
		struct sim *s = sim_new(ops, &p, 1, NULL, &e);
		if (!s)
			fail_msg("model %s at its defaults: %s", ops->name, e.msg);
		assert_ptr_equal(model_find(ops->name), ops);
		if (s->model->dim == 0)
			check_process(ops, s);
		else
			check_game(ops, s);
		check_outputs(ops, s);
		check_outputs_inert(ops, &p);
		assert_int_equal(sim_reset(s, NULL, NULL, &e), 0);
		assert_int_equal(sim_n(s), 0);
		sim_free(s);
		params_fini(&p);
	}
	assert_true(n >= 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_model),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
