/* spbe: thesis chapter 6's dynamic public-goods game with private types (Sec. 5) as a game
 * for the learning engine. The action is agent 1's strategy map (p1H, p1L) over the belief
 * grid (agent 2 plays its mirror image); the best response to a map is one
 * policy-iteration step: evaluate both agents' values under the map, then solve the stage
 * game (6.25) at every grid point (spbe_core.c, spbe_stage.c). So `cournot` is policy
 * iteration for the fixed point (6.17) and `damped:W` its damped form.
 *
 * Rows: row n reports the map a_n: regret = the largest unweighted stage regret of a_n
 * against its own values (0 at an exact fixed point on the grid), no_equilibrium_points = grid
 * points at which the solve that produced a_n found no exact stage equilibrium (NaN at step
 * 0), value_residual = sup |(1 - delta)(V(a_n) - V(a_{n-1}))| (per-round values; NaN at step
 * 0), the convergence measure. When step `maxit` is reached with value_residual above `tol`
 * the model says so (model_warn).
 * Distributions: policy (the map and per-round values, a grid over (pi1, pi2)),
 * regret_map (each point's regret and whether its solve found an exact equilibrium), paths
 * (simulated belief paths from the prior pi0, types drawn from it; random stream 1 of the
 * seed). describe: the coordination benchmarks, value ranges, frozen corners, the share of
 * simulated runs that learn the types.
 * Neighbours: spbe_core (mathematics), model (interface), rng. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "core/models/models.h"
#include "core/models/spbe_core.h"
#include "core/rng.h"
#include "core/xmalloc.h"

enum { STREAM_PATHS = 1, STREAM_LEARN = 2 };
#define LEARN_RUNS 400
#define LEARN_TOL 0.05
#define MAX_PATHS DIST_MAX_CURVES

static const struct param_spec spbe_params[] = {
	{ .name = "xH", .type = PARAM_REAL, .def = 1.2, .min = 0, .max = 10, .unit = "",
	  .help = "contribution cost of type H (the thesis: 1.2, above the good's worth 1)" },
	{ .name = "xL", .type = PARAM_REAL, .def = 0.2, .min = 0, .max = 10, .unit = "",
	  .help = "contribution cost of type L (the thesis: 0.2)" },
	{ .name = "delta", .type = PARAM_REAL, .def = 0.5, .min = 0, .max = 0.99, .unit = "",
	  .help = "common discount factor (the thesis: 0, 0.5, 0.95)" },
	{ .name = "G", .type = PARAM_INT, .def = 21, .min = 3, .max = SPBE_MAX_G,
	  .unit = "points", .help = "grid points per belief axis (pi = 0, 1/(G-1), ..., 1)" },
	{ .name = "offpath", .type = PARAM_ENUM, .def = 0, .choices = "keep|tremble", .unit = "",
	  .help = "belief after an action no type plays: keep it (rule 6.7) or the vanishing-"
		  "tremble limit (the type that loses less by the deviation)" },
	{ .name = "interp", .type = PARAM_ENUM, .def = 0, .choices = "bilinear|nearest",
	  .unit = "", .help = "values and strategies between grid points: bilinear, or the "
			      "nearest grid point" },
	{ .name = "select", .type = PARAM_ENUM, .def = 0, .choices = "sticky|value", .unit = "",
	  .help = "several stage equilibria: keep the previous one if still exact, else (and "
		  "with value) the largest joint ex-ante value" },
	{ .name = "pi0", .type = PARAM_ARRAY, .min = 0, .max = 1, .len_min = 2, .len_max = 2,
	  .flags = PARAM_F_OPTIONAL, .unit = "",
	  .help = "prior {pi1, pi2} = P(agent i is H) of the simulated belief paths (absent: "
		  "{0.5, 0.5})" },
	{ .name = "paths", .type = PARAM_INT, .def = 8, .min = 1, .max = MAX_PATHS,
	  .unit = "runs", .help = "belief paths drawn in the paths distribution" },
	{ .name = "rounds", .type = PARAM_INT, .def = 30, .min = 1, .max = 1000,
	  .unit = "rounds", .help = "rounds of play of each simulated belief path" },
	{ .name = "maxit", .type = PARAM_INT, .def = 50, .min = 1, .max = 100000,
	  .unit = "steps", .help = "iteration cap: at this step a value_residual above tol is "
				 "reported as not converged" },
	{ .name = "tol", .type = PARAM_REAL, .def = 1e-9, .min = 0, .max = 1,
	  .flags = PARAM_F_OPEN_LO, .unit = "",
	  .help = "value_residual that counts as converged (for the maxit warning)" },
};

static const struct model_series_desc spbe_series[] = {
	{"regret", "largest unweighted stage regret of the map against its own values (0: an "
		   "exact fixed point of 6.17 on the grid)", SERIES_F_LOGY},
	{"no_equilibrium_points", "grid points where the stage solve found no exact stage "
				  "equilibrium (kept the least-regret profile)", 0},
	{"value_residual", "sup |(1-delta)(V_n - V_{n-1})|: change of the per-round values "
			   "(the convergence measure)", SERIES_F_LOGY},
};

static const struct model_dist_desc spbe_dists[] = {
	{"policy", DIST_GRID, "strategy map p1H, p1L and per-round values V1H, V1L = "
			      "(1-delta) V1 over (pi1, pi2)"},
	{"regret_map", DIST_GRID, "each grid point's unweighted stage regret and 1 where no "
				  "exact stage equilibrium was found"},
	{"paths", DIST_LINE, "belief paths (pi1, pi2) of simulated play from the prior pi0"},
};

struct spbe_model {
	struct spbe c;
	size_t dim;
	size_t off[2];
	double prior[2];
	int npaths, rounds, maxit;
	double tol;
	double *last_a;      /* the last observed map */
	int have_last;
	double *Vprev[2];    /* values of the previous observed map */
	int have_prev;
	double regret, residual;
	uint64_t seed;       /* the random streams of paths and types_learned */
};

static struct spbe_model *self_of(struct model *m) { return m->self; }

static void spbe_destroy(struct model *m)
{
	struct spbe_model *d = self_of(m);
	spbe_fini(&d->c);
	free(d->last_a);
	free(d->Vprev[0]);
	free(d->Vprev[1]);
	free(d);
}

/* a_0: nobody contributes anywhere (its values are 0, so the first step is the myopic,
 * delta = 0 stage map). */
static void spbe_initial(struct model *m, double *a0)
{
	memset(a0, 0, self_of(m)->dim * sizeof *a0);
}

static int spbe_br(struct model *m, const double *belief, int player, double *out,
		   struct err *e)
{
	(void)player; /* one player: the whole map */
	(void)e;
	struct spbe_model *d = self_of(m);
	if (spbe_best_response(&d->c, belief, out) < 0)
		model_warn(m, "policy evaluation: residual %.3g above 1e-11", d->c.eval_resid);
	return 0;
}

static int spbe_observe(struct model *m, const struct model_obs *o, double *vals,
			struct err *e)
{
	(void)e;
	struct spbe_model *d = self_of(m);
	struct spbe *c = &d->c;
	size_t n = (size_t)c->n;
	d->regret = spbe_regret(c, o->action, NULL);
	double scale = 1 - c->g.delta, res = NAN;
	if (d->have_prev && o->step > 0) {
		res = 0;
		for (int x = 0; x < 2; x++)
			for (size_t k = 0; k < n; k++)
				res = fmax(res, scale * fabs(c->V[x][k] - d->Vprev[x][k]));
	}
	for (int x = 0; x < 2; x++)
		memcpy(d->Vprev[x], c->V[x], n * sizeof **c->V);
	d->have_prev = 1;
	d->residual = res;
	memcpy(d->last_a, o->action, d->dim * sizeof *d->last_a);
	d->have_last = 1;
	vals[0] = d->regret;
	vals[1] = o->step > 0 ? (double)c->noeq : NAN;
	vals[2] = res;
	if (o->step == d->maxit && !(res <= d->tol))
		model_warn(m, "fixed point (6.17): not converged after %d policy iterations: "
			      "value_residual %.3g > tol %.3g, regret %.3g, %d grid points without "
			      "an exact stage equilibrium",
			   d->maxit, res, d->tol, d->regret, c->noeq);
	return 0;
}

static const double *current(struct model *m)
{
	struct spbe_model *d = self_of(m);
	if (!d->have_last)
		spbe_initial(m, d->last_a);
	return d->last_a;
}

static void dist_policy(struct model *m, struct dist *dd)
{
	struct spbe_model *d = self_of(m);
	struct spbe *c = &d->c;
	const double *a = current(m);
	size_t n = (size_t)c->n;
	spbe_evaluate(c, a);
	dist_init_grid(dd, "policy", "strategy map and per-round values of agent 1", "pi1",
		       "pi2", c->grid, (size_t)c->g.G, c->grid, (size_t)c->g.G);
	dist_grid_set_column(dd, "p1H", a);
	dist_grid_set_column(dd, "p1L", a + n);
	double *vh = dist_grid_set_column(dd, "V1H", c->V[SPBE_H]);
	double *vl = dist_grid_set_column(dd, "V1L", c->V[SPBE_L]);
	for (size_t k = 0; k < n; k++) {
		vh[k] *= 1 - c->g.delta;
		vl[k] *= 1 - c->g.delta;
	}
}

static void dist_regret(struct model *m, struct dist *dd)
{
	struct spbe_model *d = self_of(m);
	struct spbe *c = &d->c;
	const double *a = current(m);
	dist_init_grid(dd, "regret_map", "unweighted stage regret of the map", "pi1", "pi2",
		       c->grid, (size_t)c->g.G, c->grid, (size_t)c->g.G);
	double *r = dist_grid_set_column(dd, "regret", NULL);
	spbe_regret(c, a, r);
	double *f = dist_grid_set_column(dd, "no_eq", NULL);
	for (int k = 0; k < c->n; k++)
		f[k] = d->have_last && c->noeq_at[k];
}

/* Types drawn from the prior, then play; stream STREAM_PATHS of the seed. */
static void dist_paths(struct model *m, uint64_t seed, struct dist *dd)
{
	struct spbe_model *d = self_of(m);
	const double *a = current(m);
	struct rng r;
	rng_stream(&r, seed, STREAM_PATHS);
	dist_init(dd, DIST_LINE, "paths", "belief paths from the prior (Bayes' rule 6.26)",
		  "pi1", "pi2");
	double *b1 = xmallocarray((size_t)d->rounds + 1, sizeof *b1);
	double *b2 = xmallocarray((size_t)d->rounds + 1, sizeof *b2);
	for (int k = 0; k < d->npaths; k++) {
		int x1 = rng_uniform(&r) < d->prior[0] ? SPBE_H : SPBE_L;
		int x2 = rng_uniform(&r) < d->prior[1] ? SPBE_H : SPBE_L;
		spbe_path(&d->c, a, d->prior[0], d->prior[1], x1, x2, d->rounds, &r, b1, b2);
		char label[40];
		snprintf(label, sizeof label, "%d: types %c%c", k + 1, "HL"[x1], "HL"[x2]);
		dist_add(dd, label, b1, b2, (size_t)d->rounds + 1);
	}
	free(b1);
	free(b2);
}

static int spbe_dist(struct model *m, const char *name, const double *a, struct dist *dd,
		     struct err *e)
{
	(void)a; /* the observed map (the same as a) is kept for describe */
	if (strcmp(name, "policy") == 0)
		dist_policy(m, dd);
	else if (strcmp(name, "regret_map") == 0)
		dist_regret(m, dd);
	else if (strcmp(name, "paths") == 0)
		dist_paths(m, self_of(m)->seed, dd);
	else
		return err_set(e, "model 'spbe' has no distribution '%s'; known: policy, "
				  "regret_map, paths",
			       name);
	return 0;
}

/* Share of LEARN_RUNS runs (prior uniform on the open square, types drawn from it) whose
 * beliefs end within LEARN_TOL of the true types. */
static double learned_share(struct model *m)
{
	struct spbe_model *d = self_of(m);
	const double *a = current(m);
	struct rng r;
	rng_stream(&r, self_of(m)->seed, STREAM_LEARN);
	double *b1 = xmallocarray((size_t)d->rounds + 1, sizeof *b1);
	double *b2 = xmallocarray((size_t)d->rounds + 1, sizeof *b2);
	int ok = 0;
	for (int k = 0; k < LEARN_RUNS; k++) {
		double p1 = rng_uniform_range(&r, 0.01, 0.99), p2 = rng_uniform_range(&r, 0.01, 0.99);
		int x1 = rng_uniform(&r) < p1 ? SPBE_H : SPBE_L;
		int x2 = rng_uniform(&r) < p2 ? SPBE_H : SPBE_L;
		spbe_path(&d->c, a, p1, p2, x1, x2, d->rounds, &r, b1, b2);
		double t1 = x1 == SPBE_H, t2 = x2 == SPBE_H;
		ok += fabs(b1[d->rounds] - t1) <= LEARN_TOL && fabs(b2[d->rounds] - t2) <= LEARN_TOL;
	}
	free(b1);
	free(b2);
	return (double)ok / LEARN_RUNS;
}

static void value_range(const struct spbe *c, int x, int corners, double out[2])
{
	int G = c->g.G;
	out[0] = INFINITY;
	out[1] = -INFINITY;
	for (int j = 0; j < G; j++)
		for (int i = 0; i < G; i++) {
			int corner = (i == 0 || i == G - 1) && (j == 0 || j == G - 1);
			if (corner && !corners)
				continue;
			double v = (1 - c->g.delta) * c->V[x][j * G + i];
			out[0] = fmin(out[0], v);
			out[1] = fmax(out[1], v);
		}
}

static void describe_corner(struct model_kv *kv, const struct spbe *c, const char *key, int i,
			    int j)
{
	int k = j * c->g.G + i;
	double v[2] = { (1 - c->g.delta) * c->V[SPBE_H][k], (1 - c->g.delta) * c->V[SPBE_L][k] };
	model_kv_vec(kv, key, v, 2);
}

static void spbe_describe(struct model *m, struct model_kv *kv)
{
	struct spbe_model *d = self_of(m);
	struct spbe *c = &d->c;
	const double *a = current(m);
	double regret = spbe_regret(c, a, NULL);
	int G = c->g.G;
	model_kv_num(kv, "coordination_full_L", spbe_coord_full(c->g.cost[SPBE_L]));
	model_kv_num(kv, "coordination_none_L", spbe_coord_none(c->g.cost[SPBE_L]));
	model_kv_num(kv, "coordination_full_H", spbe_coord_full(c->g.cost[SPBE_H]));
	model_kv_num(kv, "coordination_none_H", spbe_coord_none(c->g.cost[SPBE_H]));
	double r[2];
	value_range(c, SPBE_L, 1, r);
	model_kv_vec(kv, "value_range_L", r, 2);
	value_range(c, SPBE_L, 0, r);
	model_kv_vec(kv, "value_range_L_no_corners", r, 2);
	value_range(c, SPBE_H, 1, r);
	model_kv_vec(kv, "value_range_H", r, 2);
	value_range(c, SPBE_H, 0, r);
	model_kv_vec(kv, "value_range_H_no_corners", r, 2);
	describe_corner(kv, c, "corner_values_00", 0, 0);
	describe_corner(kv, c, "corner_values_01", 0, G - 1);
	describe_corner(kv, c, "corner_values_10", G - 1, 0);
	describe_corner(kv, c, "corner_values_11", G - 1, G - 1);
	model_kv_num(kv, "regret", regret);
	model_kv_add(kv, "no_equilibrium_points", "%d", d->have_last ? c->noeq : 0);
	model_kv_num(kv, "evaluation_residual", c->eval_resid);
	model_kv_num(kv, "types_learned", learned_share(m));
	model_kv_add(kv, "types_learned_runs", "%d runs, prior uniform on [0.01, 0.99]^2, %d "
		     "rounds, beliefs within %g of the true types", LEARN_RUNS, d->rounds, LEARN_TOL);
}

static const struct model_vt spbe_vt = {
	.destroy = spbe_destroy,
	.initial = spbe_initial,
	.best_response = spbe_br,
	.observe = spbe_observe,
	.dist = spbe_dist,
	.describe = spbe_describe,
};

static struct model *spbe_create(const struct model_ops *ops, const struct params *p,
				 uint64_t seed, struct err *e)
{
	struct spbe_game g = {
		.cost = { params_num(p, "xH"), params_num(p, "xL") },
		.delta = params_num(p, "delta"),
		.G = params_int(p, "G"),
		.offpath = strcmp(params_str(p, "offpath"), "tremble") == 0 ? SPBE_TREMBLE
									     : SPBE_KEEP,
		.interp = strcmp(params_str(p, "interp"), "nearest") == 0 ? SPBE_NEAREST
									   : SPBE_BILINEAR,
		.select = strcmp(params_str(p, "select"), "value") == 0 ? SPBE_VALUE : SPBE_STICKY,
	};
	struct spbe_model *d = xcalloc(1, sizeof *d);
	d->seed = seed;
	if (spbe_init(&d->c, &g, e) < 0) {
		free(d);
		return NULL;
	}
	const struct param_value *pv = params_get(p, "pi0");
	d->prior[0] = pv->rows == 2 ? pv->arr[0] : 0.5;
	d->prior[1] = pv->rows == 2 ? pv->arr[1] : 0.5;
	d->npaths = params_int(p, "paths");
	d->rounds = params_int(p, "rounds");
	d->maxit = params_int(p, "maxit");
	d->tol = params_num(p, "tol");
	d->dim = 2 * (size_t)d->c.n;
	d->off[0] = 0;
	d->off[1] = d->dim;
	d->last_a = xcalloc(d->dim, sizeof *d->last_a);
	for (int x = 0; x < 2; x++)
		d->Vprev[x] = xcalloc((size_t)d->c.n, sizeof *d->Vprev[x]);
	struct model *m = model_alloc(ops, &spbe_vt, d);
	m->dim = d->dim;
	m->nplayers = 1;
	m->player_off = d->off;
	m->norm = MODEL_NORM_MAX;
	m->convergence = "value_residual";
	model_set_ref(m, "regret", SPBE_EQ_TOL);
	return m;
}

static const char spbe_info[] =
	"WHAT IS IT\n"
	"Two agents repeatedly choose whether to contribute to a public good worth 1 to both; "
	"contributing costs the agent its private type, x_H = 1.2 or x_L = 0.2 (thesis ch. 6, "
	"Sec. 5). Types never change; actions are public, so the public beliefs (pi1, pi2) = "
	"P(agent i is H) move by Bayes' rule (6.26). A structured PBE is a strategy map from "
	"beliefs to contribution probabilities (p1H, p1L) with values V solving the fixed point "
	"(6.17). Here the map lives on a G x G grid; one step evaluates the values of the current "
	"map and solves the stage game (6.25) at every grid point by support enumeration with "
	"exact zero probabilities: cournot is policy iteration, damped:W its damped form. regret "
	"is the largest unweighted stage regret of the map against its own values (0: an exact "
	"fixed point on the grid).\n"
	"\n"
	"THINGS TO NOTICE\n"
	"- delta = 0 is Fig. 20 exactly: H never contributes, L contributes iff pi2 > 0.2, and the "
	"symmetric mixed 0.8/(1 - pi) sits on the low diagonal.\n"
	"- delta = 0.5 with offpath = keep (rule 6.7 literally) settles in a few steps but is no "
	"exact SPBE: in the band pi2 = 0.25, 0.30, pi1 >= 0.35 and its mirror image (52 points at "
	"G = 21) no exact stage equilibrium exists (spec errata E4).\n"
	"- With offpath = tremble the same delta = 0.5 map is exact and shows the thesis's claim "
	"1: type L abstains up to pi2 = 0.30 at high pi1.\n"
	"- Type H never contributes in a converged map (claim 2 is not reproduced); delta = 0.95 "
	"does not settle (claims 3 and 4 cannot be checked on a fixed point).\n"
	"- The corners (1,1), (0,1), (1,0) are frozen: per-round values (0, 0.8), (0, 0.8), (1, 1) "
	"for every delta.\n"
	"\n"
	"THINGS TO TRY\n"
	"- set offpath \"tremble\" and compare the policy map and no_equilibrium_points.\n"
	"- set delta 0 for Fig. 20; set delta 0.95, then dynamics damped:0.3.\n"
	"- set select \"value\", set interp \"nearest\", set G 11.";

const struct model_ops spbe_model_ops = {
	.name = "spbe",
	.summary = "structured perfect Bayesian equilibrium of a dynamic public-goods game as "
		   "strategy maps over beliefs (Sinha, thesis ch. 6)",
	.info = spbe_info,
	.params = spbe_params,
	.nparams = sizeof spbe_params / sizeof spbe_params[0],
	.series = spbe_series,
	.nseries = sizeof spbe_series / sizeof spbe_series[0],
	.dists = spbe_dists,
	.ndists = sizeof spbe_dists / sizeof spbe_dists[0],
	.create = spbe_create,
};
