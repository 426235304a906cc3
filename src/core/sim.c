/* sim: one running experiment (see sim.h): model + learning engine + recorded series.
 * Step 0 is recorded at creation, so row r of the table is step r. Neighbours: model, learn,
 * series; the session (cli) owns sims, one per scenario variant. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sim.h"
#include "core/xmalloc.h"

static size_t n_engine_cols(const struct model *m) { return m->equilibrium ? 2 : 1; }

/* The model's observation of the state just reached; with observe_ahead the next step's
 * best response is computed in the same pass (learn_ahead_begin says when it may be). */
static int observe(struct model *m, struct learn *l, const struct model_obs *o, double *vals,
		   struct err *e)
{
	struct belief belief;
	double *next = learn_ahead_begin(l, m, &belief);
	if (!next)
		return m->vt->observe(m, o, vals, e);
	struct model_obs oa = *o;
	oa.belief = NULL; /* not kept for a step taken ahead */
	int rc = m->vt->observe_ahead(m, &oa, vals, &belief, next, learn_ahead_block, l, e);
	learn_ahead_end(l, rc == 0);
	return rc;
}

static int record(struct sim *s, struct err *e)
{
	struct model *m = s->model;
	struct learn *l = s->learn;
	size_t k = n_engine_cols(m);
	const double *a = learn_action(l), *prev = learn_prev(l);
	long n = learn_n(l);
	/* measured by the engine in its pass over a_n */
	s->row[0] = prev && m->dim > 0 ? learn_step_change(l) : NAN;
	if (m->equilibrium)
		s->row[1] = learn_dist_ne(l);
	for (size_t i = k; i < s->series.ncols; i++)
		s->row[i] = NAN;
	if (m->vt->observe) {
		struct model_obs o = {
			.step = n,
			.action = a,
			.prev = prev,
			.mean = m->uses_mean ? learn_mean(l) : NULL,
			.belief = n > 0 ? learn_belief(l) : NULL,
			.measured = 1,
			.step_change = s->row[0],
			.dist_ne = m->equilibrium ? s->row[1] : NAN,
		};
		if (observe(m, l, &o, s->row + k, e) < 0)
			return -1;
	}
	series_append(&s->series, n, s->row);
	if (m->nwarnings > 0 && s->warn_step < 0) {
		s->warn_step = n;
		snprintf(s->warn_text, sizeof s->warn_text, "step %ld: %s", n, m->warning);
	}
	return 0;
}

/* The dynamic a fresh model runs: the one asked for (given), else the one kept; a
 * process (dim 0) has none, and asking for one is an error. */
static int choose_spec(struct sim *s, int given, struct err *e)
{
	if (s->model->dim == 0) {
		if (given)
			return err_set(e, "model %s is a process, not a game: it has no learning "
					  "dynamics", s->ops->name);
		s->spec.kind = LEARN_NONE;
		return 0;
	}
	if (s->spec.kind == LEARN_NONE)
		s->spec = learn_default();
	return learn_set_spec(s->learn, &s->spec, e);
}

/* Builds model, engine and series for the current params/seed into s; `given`: s->spec was
 * asked for explicitly. */
static int build(struct sim *s, int given, struct err *e)
{
	const struct model_ops *ops = s->ops;
	struct model *m = ops->create(ops, &s->params, s->seed, e);
	if (!m)
		return -1;
	size_t k = n_engine_cols(m), nown;
	const struct model_series_desc *own = model_series(m, &nown);
	size_t ncols = k + nown;
	const char **names = xcalloc(ncols, sizeof *names);
	names[0] = "step_change";
	if (m->equilibrium)
		names[1] = "dist_ne";
	for (size_t i = 0; i < nown; i++)
		names[k + i] = own[i].name;
	series_init(&s->series, names, ncols);
	free(names);
	s->row = xcalloc(ncols, sizeof *s->row);
	s->factor = xcalloc(m->dim ? m->dim : 1, sizeof *s->factor);
	s->model = m;
	s->warn_step = -1;
	s->learn = learn_new(m->dim, m->nplayers, m->player_off, s->seed);
	if (choose_spec(s, given, e) < 0)
		return -1;
	s->spec0 = s->spec;
	const char *conv = m->convergence ? m->convergence : "step_change";
	s->conv_col = series_col(&s->series, conv);
	if (s->conv_col < 0)
		s->conv_col = 0;
	double *a0 = xcalloc(m->dim ? m->dim : 1, sizeof *a0);
	if (m->dim > 0 && m->vt->initial)
		m->vt->initial(m, a0);
	learn_set_norm(s->learn, m->norm, m->equilibrium);
	learn_start(s->learn, a0);
	free(a0);
	return record(s, e);
}

static void teardown(struct sim *s)
{
	free(s->switches);
	s->switches = NULL;
	s->nswitches = 0;
	learn_free(s->learn);
	model_free(s->model);
	series_fini(&s->series);
	free(s->row);
	free(s->factor);
	s->learn = NULL;
	s->model = NULL;
	s->row = NULL;
	s->factor = NULL;
}

struct sim *sim_new(const struct model_ops *ops, const struct params *p, uint64_t seed,
		    const struct learn_spec *spec, struct err *e)
{
	struct sim *s = xcalloc(1, sizeof *s);
	s->ops = ops;
	params_copy(&s->params, p);
	s->seed = seed;
	s->spec = spec ? *spec : learn_default();
	if (build(s, spec != NULL, e) < 0) {
		sim_free(s);
		return NULL;
	}
	return s;
}

void sim_free(struct sim *s)
{
	if (!s)
		return;
	teardown(s);
	params_fini(&s->params);
	free(s);
}

int sim_step(struct sim *s, struct err *e)
{
	struct model *m = s->model;
	struct model_step st = {
		.step = learn_n(s->learn) + 1,
		.action = m->dim > 0 ? learn_action(s->learn) : NULL,
	};
	if (m->vt->advance && m->vt->advance(m, &st, e) < 0)
		return -1;
	if (learn_step(s->learn, m, e) < 0)
		return -1;
	if (m->vt->rescale && m->dim > 0 && m->vt->rescale(m, learn_action(s->learn), s->factor))
		learn_rescale(s->learn, s->factor);
	return record(s, e);
}

int sim_reset(struct sim *s, const struct params *p, const uint64_t *seed, struct err *e)
{
	struct sim fresh = *s;
	memset(&fresh.params, 0, sizeof fresh.params);
	params_copy(&fresh.params, p ? p : &s->params);
	if (seed)
		fresh.seed = *seed;
	fresh.model = NULL;
	fresh.learn = NULL;
	fresh.row = NULL;
	fresh.switches = NULL;
	fresh.nswitches = 0;
	fresh.factor = NULL;
	memset(&fresh.series, 0, sizeof fresh.series);
	if (build(&fresh, 0, e) < 0) {
		teardown(&fresh);
		params_fini(&fresh.params);
		return -1;
	}
	teardown(s);
	params_fini(&s->params);
	*s = fresh;
	return 0;
}

int sim_set_dynamics(struct sim *s, const struct learn_spec *spec, struct err *e)
{
	if (s->model->dim == 0)
		return err_set(e, "model %s is a process, not a game: it has no learning dynamics",
			       s->ops->name);
	if (learn_set_spec(s->learn, spec, e) < 0)
		return -1;
	s->spec = *spec;
	long n = sim_n(s);
	if (s->nswitches == 0 || s->switches[s->nswitches - 1].step != n)
		s->switches = xreallocarray(s->switches, ++s->nswitches, sizeof *s->switches);
	s->switches[s->nswitches - 1] = (struct sim_switch){ .step = n, .spec = *spec };
	return 0;
}


long sim_n(const struct sim *s) { return learn_n(s->learn); }

double sim_convergence(const struct sim *s)
{
	const struct series_table *t = &s->series;
	if (t->nrows == 0)
		return NAN;
	return series_at(t, t->nrows - 1, (size_t)s->conv_col);
}

const char *sim_convergence_name(const struct sim *s) { return s->series.names[s->conv_col]; }

int sim_dist(struct sim *s, const char *name, struct dist *d, struct err *e)
{
	if (!s->model->vt->dist)
		return err_set(e, "model '%s' has no distribution '%s'", s->ops->name, name);
	int rc = s->model->vt->dist(s->model, name, learn_action(s->learn), d, e);
	/* a distribution may solve more (a curve over beliefs): its warning counts too */
	if (s->model->nwarnings > 0 && s->warn_step < 0) {
		s->warn_step = learn_n(s->learn);
		snprintf(s->warn_text, sizeof s->warn_text, "step %ld (distribution %s): %s",
			 s->warn_step, name, s->model->warning);
	}
	return rc;
}

const char *sim_warning(const struct sim *s)
{
	return s->warn_step >= 0 ? s->warn_text : NULL;
}

void sim_describe(struct sim *s, struct model_kv *kv)
{
	if (s->model->vt->describe)
		s->model->vt->describe(s->model, kv);
}
