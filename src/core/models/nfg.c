/* nfg: finite N-player normal-form games, and "affine", a contraction game used by the
 * engine's tests and bench.
 *
 * nfg: a player's action is a one-hot vector over its actions, so the engine's average of
 * past actions is the empirical mixed strategy and `fictitious` is textbook fictitious play.
 * Payoffs come from the scenario as one row per player: the payoff table flattened in
 * row-major order of the action profile (player 1's action slowest). Best response with a
 * tie rule: lowest index, uniform mix over the tied actions, or a random tied action (from
 * the model's seeded generator). Series `regret` is NashConv of the empirical strategies
 * (sum over players of the best-response gain against the others' empirical mixes), the
 * model's convergence measure. Pure Nash equilibria are enumerated at load for `describe`.
 *
 * affine: dim players with scalar actions, BR_i(x) = c - rho (x_{i-1} + x_{i+1}) / 2
 * (cyclic), so the unique equilibrium is x* = c / (1 + rho) in every component and every
 * dynamic converges for rho < 1. O(dim) per step: benches measure the engine, not the game.
 * Neighbours: learn (drives both), luabind (fills the payoff tables). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_linalg.h>

#include "core/models/models.h"
#include "core/models/nfg.h"
#include "core/rng.h"
#include "core/trace.h"
#include "core/xmalloc.h"

#define NFG_MAX_PLAYERS 8
#define NFG_MAX_PROFILES 1000000
#define TIE_EPS 1e-12
#define NFG_MAX_NE 100 /* pure equilibria listed by describe */
#define PATH_DIM 64       /* games of at most this many actions in all keep mix_path */
#define PATH_ROWS 65536   /* mix_path rows kept (thinned when full) */
#define MIXED_MAX 64      /* actions per player up to which the mixed equilibrium is solved */

enum nfg_tie { NFG_TIE_LOWEST, NFG_TIE_UNIFORM, NFG_TIE_RANDOM };

static const struct param_spec nfg_params[] = {
	{ .name = "actions", .type = PARAM_ARRAY, .min = 1, .max = 1000, .len_min = 1,
	  .len_max = NFG_MAX_PLAYERS, .flags = PARAM_F_OPTIONAL, .unit = "",
	  .help = "number of actions of each player (absent: matching pennies)" },
	{ .name = "payoffs", .type = PARAM_TABLE, .min = -1e300, .max = 1e300, .len_min = 1,
	  .len_max = NFG_MAX_PLAYERS, .flags = PARAM_F_OPTIONAL, .unit = "",
	  .help = "one row per player: its payoff for every action profile (player 1's action "
		  "slowest)" },
	{ .name = "start", .type = PARAM_ARRAY, .min = 1, .max = 1000, .len_max = NFG_MAX_PLAYERS,
	  .flags = PARAM_F_OPTIONAL, .unit = "",
	  .help = "starting action of each player (1-based; default: action 1 for everyone)" },
	{ .name = "tie", .type = PARAM_ENUM, .def = 0, .choices = "lowest|uniform|random",
	  .unit = "",
	  .help = "best-response tie rule: lowest index, uniform mix, or a random tied action" },
};

static const struct model_series_desc nfg_series[] = {
	{"regret", "NashConv of the empirical strategies: sum of players' best-response gains",
	 SERIES_F_LOGY},
};

static const struct model_dist_desc nfg_dists[] = {
	{"strategy", DIST_BARS, "empirical mixed strategy of each player"},
	{"action", DIST_BARS, "the action each player plays now"},
	{"mix_path", DIST_LINE, "empirical mixed strategies over the steps, with an equalizing "
				"equilibrium's"},
	{"payoffs", DIST_GRID, "payoff matrix of a two-player game: one column per player"},
};

struct nfg {
	int np;
	int nact[NFG_MAX_PLAYERS];
	size_t off[NFG_MAX_PLAYERS + 1];
	size_t nprof;
	double *pay;     /* np * nprof */
	int start[NFG_MAX_PLAYERS];
	enum nfg_tie tie;
	struct rng rng;
	double *u;       /* scratch: expected payoff per own action (max actions) */
	int *prof;       /* scratch profile */
	double *mean;    /* empirical strategies at the last observed step (for the dist) */
	double *ne;      /* pure Nash equilibria (describe): min(nne, NFG_MAX_NE) profiles */
	size_t nne;      /* how many there are */
	struct trace path; /* the empirical strategies over the steps (small games) */
	double *mixed;   /* two players, n x n: the equilibrium that makes each indifferent
			  * (player 1's n values, then player 2's), or NULL */
};

size_t nfg_profile_index(const int *nact, int nplayers, const int *profile)
{
	size_t idx = 0;
	for (int p = 0; p < nplayers; p++)
		idx = idx * (size_t)nact[p] + (size_t)profile[p];
	return idx;
}

/* Expected payoff of each action of player p against the others' mixes in x: into g->u. */
static void nfg_action_values(struct nfg *g, const double *x, int p)
{
	memset(g->u, 0, (size_t)g->nact[p] * sizeof *g->u);
	memset(g->prof, 0, (size_t)g->np * sizeof *g->prof);
	const double *pay = g->pay + (size_t)p * g->nprof;
	for (size_t k = 0; k < g->nprof; k++) {
		double prob = 1;
		for (int j = 0; j < g->np && prob != 0; j++)
			if (j != p)
				prob *= x[g->off[j] + (size_t)g->prof[j]];
		if (prob != 0)
			g->u[g->prof[p]] += prob * pay[k];
		for (int j = g->np - 1; j >= 0; j--) { /* next profile, last player fastest */
			if (++g->prof[j] < g->nact[j])
				break;
			g->prof[j] = 0;
		}
	}
}

static double vmax(const double *u, int n)
{
	double m = u[0];
	for (int i = 1; i < n; i++)
		if (u[i] > m)
			m = u[i];
	return m;
}

static void nfg_br_player(struct nfg *g, const double *belief, int p, double *out)
{
	nfg_action_values(g, belief, p);
	int n = g->nact[p];
	double best = vmax(g->u, n);
	double tol = TIE_EPS * (1 + fabs(best));
	int ties = 0, pick = -1;
	for (int a = 0; a < n; a++)
		if (g->u[a] >= best - tol)
			ties++;
	if (g->tie == NFG_TIE_RANDOM)
		pick = (int)rng_below(&g->rng, (uint64_t)ties);
	double *o = out + g->off[p];
	int seen = 0;
	for (int a = 0; a < n; a++) {
		int tied = g->u[a] >= best - tol;
		double v = 0;
		if (tied) {
			if (g->tie == NFG_TIE_UNIFORM)
				v = 1.0 / ties;
			else if (g->tie == NFG_TIE_LOWEST)
				v = seen == 0;
			else
				v = seen == pick;
			seen++;
		}
		o[a] = v;
	}
}

static int nfg_best_response(struct model *m, const double *belief, int player, double *out,
			     struct err *e)
{
	struct nfg *g = m->self;
	for (int p = 0; p < g->np; p++)
		if (player < 0 || p == player)
			nfg_br_player(g, belief, p, out);
	return 0;
}

/* NashConv of mixed profile x. */
static double nfg_regret(struct nfg *g, const double *x)
{
	double total = 0;
	for (int p = 0; p < g->np; p++) {
		nfg_action_values(g, x, p);
		double cur = 0;
		for (int a = 0; a < g->nact[p]; a++)
			cur += x[g->off[p] + (size_t)a] * g->u[a];
		total += vmax(g->u, g->nact[p]) - cur;
	}
	return total;
}

static int nfg_observe(struct model *m, const struct model_obs *o, double *vals, struct err *e)
{
	struct nfg *g = m->self;
	memcpy(g->mean, o->mean, m->dim * sizeof *g->mean);
	trace_push(&g->path, o->step, o->mean);
	vals[0] = nfg_regret(g, o->mean);
	return 0;
}

/* The mix x of n actions that makes the other player (payoff M[i][j] = pay[i*n + j] when
 * x's owner plays i, transposed when `col`) indifferent: M^T x = v 1, sum x = 1. 0 with x
 * set when the system is regular and x is a probability vector, else -1. */
static int equalizer(const double *pay, int n, int col, double *x)
{
	gsl_matrix *a = gsl_matrix_calloc((size_t)n + 1, (size_t)n + 1);
	gsl_vector *b = gsl_vector_calloc((size_t)n + 1), *sol = gsl_vector_alloc((size_t)n + 1);
	gsl_permutation *perm = gsl_permutation_alloc((size_t)n + 1);
	for (int j = 0; j < n; j++) { /* the other's action j: sum_i x_i M[i][j] - v = 0 */
		for (int i = 0; i < n; i++)
			gsl_matrix_set(a, (size_t)j, (size_t)i,
				       col ? pay[(size_t)j * (size_t)n + (size_t)i]
					   : pay[(size_t)i * (size_t)n + (size_t)j]);
		gsl_matrix_set(a, (size_t)j, (size_t)n, -1);
		gsl_matrix_set(a, (size_t)n, (size_t)j, 1);
	}
	gsl_vector_set(b, (size_t)n, 1);
	int sign, rc = -1;
	gsl_linalg_LU_decomp(a, perm, &sign);
	double scale = 0;
	for (size_t k = 0; k <= (size_t)n; k++)
		scale = fmax(scale, fabs(gsl_matrix_get(a, k, k)));
	int regular = scale > 0;
	for (size_t k = 0; k <= (size_t)n && regular; k++)
		regular = fabs(gsl_matrix_get(a, k, k)) > 1e-12 * scale;
	if (regular && gsl_linalg_LU_solve(a, perm, b, sol) == 0) {
		rc = 0;
		for (int i = 0; i < n; i++) {
			x[i] = gsl_vector_get(sol, (size_t)i);
			if (!(x[i] >= -1e-12))
				rc = -1;
			x[i] = fmax(x[i], 0);
		}
	}
	gsl_permutation_free(perm);
	gsl_vector_free(sol);
	gsl_vector_free(b);
	gsl_matrix_free(a);
	return rc;
}

/* Two players with n actions each: the equilibrium in which each player's mix makes the
 * other indifferent between all its actions (so each mix is a best response), when the
 * indifference equations have a probability solution for both. */
static void nfg_mixed_equilibrium(struct nfg *g)
{
	int n = g->nact[0];
	if (g->np != 2 || g->nact[1] != n || n < 2 || n > MIXED_MAX)
		return;
	double *x = xcalloc(2 * (size_t)n, sizeof *x);
	/* player 1's mix equalizes player 2's payoffs, and the other way round */
	if (equalizer(g->pay + g->nprof, n, 0, x) == 0 && equalizer(g->pay, n, 1, x + n) == 0)
		g->mixed = x;
	else
		free(x);
}

static void nfg_initial(struct model *m, double *a0)
{
	struct nfg *g = m->self;
	memset(a0, 0, m->dim * sizeof *a0);
	for (int p = 0; p < g->np; p++)
		a0[g->off[p] + (size_t)g->start[p]] = 1;
}

/* Every player's probability of each action but its last (which the others imply) over
 * the steps, labelled "pP aA"; then the equalizing equilibrium's values of the same
 * actions as dotted lines ("NE pP aA"). At most DIST_MAX_CURVES curves. */
static int nfg_dist_path(struct nfg *g, struct dist *d, struct err *e)
{
	const struct trace *t = &g->path;
	if (t->width == 0)
		return err_set(e, "mix_path: kept for games of at most %d actions in all",
			       PATH_DIM);
	dist_init(d, DIST_LINE, "mix_path", "Empirical mixed strategies", "step",
		  "probability");
	double *x = xmallocarray(t->n ? t->n : 1, sizeof *x), *y = xmallocarray(t->n ? t->n : 1,
									       sizeof *y);
	for (size_t r = 0; r < t->n; r++)
		x[r] = (double)t->step[r];
	for (int p = 0; p < g->np; p++)
		for (int a = 0; a + 1 < g->nact[p] && d->ncurves < DIST_MAX_CURVES; a++) {
			char label[40];
			snprintf(label, sizeof label, "p%d a%d", p + 1, a + 1);
			for (size_t r = 0; r < t->n; r++)
				y[r] = t->v[r * t->width + g->off[p] + (size_t)a];
			dist_add(d, label, x, y, t->n);
		}
	for (int k = 0; g->mixed && k < 2 * g->nact[0] && d->ncurves < DIST_MAX_CURVES; k++) {
		int p = k / g->nact[0], a = k % g->nact[0];
		if (a + 1 == g->nact[p])
			continue;
		char label[40];
		snprintf(label, sizeof label, "NE p%d a%d", p + 1, a + 1);
		double rx[2] = { 0, t->n ? x[t->n - 1] : 1 }, ry[2] = { g->mixed[k], g->mixed[k] };
		if (rx[1] <= 0)
			rx[1] = 1;
		struct dist_curve *c = dist_add(d, label, rx, ry, 2);
		if (c)
			c->style = DIST_STYLE_REFERENCE;
	}
	free(x);
	free(y);
	return 0;
}

/* A two-player game's payoffs on the grid of action pairs: x the column player's action,
 * y the row player's (1-based), one column per player. */
static int nfg_dist_payoffs(struct nfg *g, struct dist *d, struct err *e)
{
	if (g->np != 2)
		return err_set(e, "payoffs: a payoff matrix needs two players (this game has %d)",
			       g->np);
	int n1 = g->nact[0], n2 = g->nact[1];
	double *xs = xmallocarray((size_t)n2, sizeof *xs), *ys = xmallocarray((size_t)n1,
									     sizeof *ys);
	for (int j = 0; j < n2; j++)
		xs[j] = j + 1;
	for (int i = 0; i < n1; i++)
		ys[i] = i + 1;
	dist_init_grid(d, "payoffs", "Payoff matrix", "column's action", "row's action", xs,
		       (size_t)n2, ys, (size_t)n1);
	for (int p = 0; p < 2; p++) {
		char name[16];
		snprintf(name, sizeof name, "player %d", p + 1);
		/* profile (i, j) is index i * n2 + j: exactly the grid's v[i * nx + j] */
		dist_grid_set_column(d, name, g->pay + (size_t)p * g->nprof);
	}
	free(xs);
	free(ys);
	return 0;
}

static int nfg_dist(struct model *m, const char *name, const double *a, struct dist *d,
		    struct err *e)
{
	struct nfg *g = m->self;
	int strategy = strcmp(name, "strategy") == 0;
	if (strcmp(name, "mix_path") == 0)
		return nfg_dist_path(g, d, e);
	if (strcmp(name, "payoffs") == 0)
		return nfg_dist_payoffs(g, d, e);
	if (!strategy && strcmp(name, "action") != 0)
		return err_set(e, "model 'nfg' has no distribution '%s'; known: strategy, action, "
			       "mix_path, payoffs", name);
	dist_init(d, DIST_BARS, name, strategy ? "Empirical mixed strategies" : "Current actions",
		  "action", "probability");
	const double *x = strategy ? g->mean : a;
	int maxa = 0;
	for (int p = 0; p < g->np; p++)
		if (g->nact[p] > maxa)
			maxa = g->nact[p];
	double *xs = xcalloc((size_t)maxa, sizeof *xs), *ys = xcalloc((size_t)maxa, sizeof *ys);
	for (int p = 0; p < g->np && d->ncurves < DIST_MAX_CURVES; p++) {
		char label[40];
		snprintf(label, sizeof label, "player %d", p + 1);
		for (int k = 0; k < maxa; k++) {
			xs[k] = k + 1;
			ys[k] = k < g->nact[p] ? x[g->off[p] + (size_t)k] : 0;
		}
		dist_add(d, label, xs, ys, (size_t)maxa);
	}
	char **labels = xcalloc((size_t)maxa, sizeof *labels);
	for (int k = 0; k < maxa; k++)
		labels[k] = xasprintf("%d", k + 1);
	dist_set_labels(d, (const char *const *)labels, (size_t)maxa);
	for (int k = 0; k < maxa; k++)
		free(labels[k]);
	free(labels);
	free(xs);
	free(ys);
	return 0;
}

static void nfg_describe(struct model *m, struct model_kv *kv)
{
	struct nfg *g = m->self;
	model_kv_add(kv, "players", "%d", g->np);
	model_kv_add(kv, "profiles", "%zu", g->nprof);
	size_t shown = g->nne < NFG_MAX_NE ? g->nne : NFG_MAX_NE;
	model_kv_mat(kv, "pure_nash_equilibria", g->ne, shown, (size_t)g->np);
	if (g->nne > shown)
		model_kv_add(kv, "pure_nash_equilibria_note", "the first %zu of %zu", shown, g->nne);
	if (g->mixed)
		model_kv_mat(kv, "mixed_equilibrium", g->mixed, 2, (size_t)g->nact[0]);
}

/* Finds the pure Nash equilibria: g->ne holds the first NFG_MAX_NE profiles (1-based
 * actions, np per row), g->nne how many there are in all. */
static void nfg_enumerate_pure(struct nfg *g)
{
	int prof[NFG_MAX_PLAYERS] = {0};
	g->ne = xmallocarray((size_t)NFG_MAX_NE * (size_t)g->np, sizeof *g->ne);
	g->nne = 0;
	for (size_t k = 0; k < g->nprof; k++) {
		int is_ne = 1;
		for (int p = 0; p < g->np && is_ne; p++) {
			int save = prof[p];
			double cur = g->pay[(size_t)p * g->nprof + k];
			for (int a = 0; a < g->nact[p]; a++) {
				prof[p] = a;
				size_t idx = nfg_profile_index(g->nact, g->np, prof);
				if (g->pay[(size_t)p * g->nprof + idx] > cur + TIE_EPS * (1 + fabs(cur)))
					is_ne = 0;
			}
			prof[p] = save;
		}
		if (is_ne) {
			if (g->nne < NFG_MAX_NE)
				for (int p = 0; p < g->np; p++)
					g->ne[g->nne * (size_t)g->np + (size_t)p] = prof[p] + 1;
			g->nne++;
		}
		for (int j = g->np - 1; j >= 0; j--) {
			if (++prof[j] < g->nact[j])
				break;
			prof[j] = 0;
		}
	}
}

static void nfg_destroy(struct model *m)
{
	struct nfg *g = m->self;
	free(g->pay);
	free(g->u);
	free(g->prof);
	free(g->mean);
	free(g->ne);
	free(g->mixed);
	trace_fini(&g->path);
	free((void *)m->player_off);
	free(g);
}

static const struct model_vt nfg_vt = {
	.destroy = nfg_destroy,
	.initial = nfg_initial,
	.best_response = nfg_best_response,
	.observe = nfg_observe,
	.dist = nfg_dist,
	.describe = nfg_describe,
};

static struct model *nfg_create(const struct model_ops *ops, const struct params *p,
				uint64_t seed, struct err *e)
{
	const struct param_value *acts = params_get(p, "actions");
	const struct param_value *pay = params_get(p, "payoffs");
	const struct param_value *start = params_get(p, "start");
	/* without a game, matching pennies (so `taton describe nfg` shows a working game) */
	static const double pennies_acts[] = {2, 2};
	static const double pennies[] = {1, -1, -1, 1, -1, 1, 1, -1};
	struct param_value acts_def = {.arr = (double *)pennies_acts, .rows = 2, .cols = 1};
	struct param_value pay_def = {.arr = (double *)pennies, .rows = 2, .cols = 4};
	if (acts->rows == 0 && pay->rows == 0) {
		acts = &acts_def;
		pay = &pay_def;
	}
	int np = acts->rows;
	if (np < 1 || !acts->arr) {
		err_set(e, "parameter 'actions' is required: the number of actions of each player");
		return NULL;
	}
	size_t nprof = 1;
	for (int i = 0; i < np; i++) {
		if (acts->arr[i] != floor(acts->arr[i]) || acts->arr[i] < 1) {
			err_set(e, "parameter 'actions': entry %d must be a positive integer", i + 1);
			return NULL;
		}
		nprof *= (size_t)acts->arr[i];
		if (nprof > NFG_MAX_PROFILES) {
			err_set(e, "parameter 'actions': more than %d action profiles",
				NFG_MAX_PROFILES);
			return NULL;
		}
	}
	if (pay->rows != np || (size_t)pay->cols != nprof) {
		err_set(e, "parameter 'payoffs' must have %d rows (one per player) of %zu payoffs "
			   "(one per action profile), got %d x %d", np, nprof, pay->rows, pay->cols);
		return NULL;
	}
	if (start->rows > 0 && start->rows != np) {
		err_set(e, "parameter 'start' must have %d entries (one per player), got %d", np,
			start->rows);
		return NULL;
	}
	struct nfg *g = xcalloc(1, sizeof *g);
	g->np = np;
	int maxa = 0;
	for (int i = 0; i < np; i++) {
		g->nact[i] = (int)acts->arr[i];
		g->off[i + 1] = g->off[i] + (size_t)g->nact[i];
		if (g->nact[i] > maxa)
			maxa = g->nact[i];
		g->start[i] = start->rows > 0 ? (int)start->arr[i] - 1 : 0;
		if (g->start[i] < 0 || g->start[i] >= g->nact[i] ||
		    (start->rows > 0 && start->arr[i] != floor(start->arr[i]))) {
			err_set(e, "parameter 'start': player %d's action must be an integer in "
				   "[1, %d]", i + 1, g->nact[i]);
			free(g);
			return NULL;
		}
	}
	g->nprof = nprof;
	g->pay = xmallocarray((size_t)np * nprof, sizeof *g->pay);
	memcpy(g->pay, pay->arr, (size_t)np * nprof * sizeof *g->pay);
	g->tie = (enum nfg_tie)params_int(p, "tie");
	rng_seed(&g->rng, seed);
	g->u = xcalloc((size_t)maxa, sizeof *g->u);
	g->prof = xcalloc((size_t)np, sizeof *g->prof);
	nfg_enumerate_pure(g);
	size_t *off = xcalloc((size_t)np + 1, sizeof *off);
	memcpy(off, g->off, ((size_t)np + 1) * sizeof *off);
	struct model *m = model_alloc(ops, &nfg_vt, g);
	m->dim = g->off[np];
	g->mean = xcalloc(m->dim, sizeof *g->mean);
	trace_init(&g->path, m->dim <= PATH_DIM ? m->dim : 0, PATH_ROWS);
	nfg_mixed_equilibrium(g);
	m->nplayers = np;
	m->player_off = off;
	m->norm = MODEL_NORM_MAX;
	m->convergence = "regret";
	m->uses_mean = 1;
	return m;
}

const struct model_ops nfg_model_ops = {
	.name = "nfg",
	.summary = "finite normal-form game given by payoff tables (fictitious play, best response)",
	.info = "WHAT IS IT\n"
		"A finite game: each player picks one of finitely many actions and receives the "
		"payoff of the resulting profile. Each round every player best-responds to a belief "
		"about the others built from past play; with `fictitious` the belief is the "
		"empirical frequency of past actions (Brown 1951, Robinson 1951).\n\n"
		"THINGS TO NOTICE\n"
		"`regret` (NashConv of the empirical strategies) falls towards 0 when the empirical "
		"frequencies approach a Nash equilibrium. In zero-sum games it always does "
		"(Robinson); in Shapley's game play cycles with ever longer runs and it never does.\n\n"
		"THINGS TO TRY\n"
		"Switch dynamics with `d`: Cournot best response to the last round cycles in "
		"matching pennies, fictitious play converges in frequencies.\n",
	.params = nfg_params,
	.nparams = sizeof nfg_params / sizeof nfg_params[0],
	.series = nfg_series,
	.nseries = 1,
	.dists = nfg_dists,
	.ndists = sizeof nfg_dists / sizeof nfg_dists[0],
	.create = nfg_create,
};

/* ---- affine: the engine's contraction test game ---------------------------------------- */

static const struct param_spec affine_params[] = {
	{ .name = "dim", .type = PARAM_INT, .def = 1000, .min = 1, .max = 10000000, .unit = "",
	  .help = "number of players (one scalar action each)" },
	{ .name = "rho", .type = PARAM_REAL, .def = 0.5, .min = 0, .max = 1,
	  .flags = PARAM_F_OPEN_HI, .unit = "",
	  .help = "coupling strength: the best-response map's contraction factor" },
	{ .name = "c", .type = PARAM_REAL, .def = 1, .min = -1e6, .max = 1e6, .unit = "",
	  .help = "intercept of every best response" },
};

struct affine {
	double rho, c;
	double *eq;
};

static int affine_br(struct model *m, const double *x, int player, double *out, struct err *e)
{
	struct affine *g = m->self;
	size_t n = m->dim;
	double h = g->rho / 2;
	if (player >= 0) {
		size_t i = (size_t)player;
		out[i] = g->c - h * (x[(i + n - 1) % n] + x[(i + 1) % n]);
		return 0;
	}
	if (n == 1) {
		out[0] = g->c - g->rho * x[0];
		return 0;
	}
	out[0] = g->c - h * (x[n - 1] + x[1]);
	for (size_t i = 1; i + 1 < n; i++)
		out[i] = g->c - h * (x[i - 1] + x[i + 1]);
	out[n - 1] = g->c - h * (x[n - 2] + x[0]);
	return 0;
}

static void affine_initial(struct model *m, double *a0)
{
	memset(a0, 0, m->dim * sizeof *a0);
}

static void affine_describe(struct model *m, struct model_kv *kv)
{
	struct affine *g = m->self;
	model_kv_num(kv, "equilibrium_component", g->eq[0]);
	model_kv_num(kv, "contraction_factor", g->rho);
}

static void affine_destroy(struct model *m)
{
	struct affine *g = m->self;
	free(g->eq);
	free((void *)m->player_off);
	free(g);
}

static const struct model_vt affine_vt = {
	.destroy = affine_destroy,
	.initial = affine_initial,
	.best_response = affine_br,
	.describe = affine_describe,
};

static struct model *affine_create(const struct model_ops *ops, const struct params *p,
				   uint64_t seed, struct err *e)
{
	struct affine *g = xcalloc(1, sizeof *g);
	size_t n = (size_t)params_int(p, "dim");
	g->rho = params_num(p, "rho");
	g->c = params_num(p, "c");
	g->eq = xmallocarray(n, sizeof *g->eq);
	for (size_t i = 0; i < n; i++)
		g->eq[i] = g->c / (1 + g->rho);
	size_t *off = xmallocarray(n + 1, sizeof *off);
	for (size_t i = 0; i <= n; i++)
		off[i] = i;
	struct model *m = model_alloc(ops, &affine_vt, g);
	m->dim = n;
	m->nplayers = (int)n;
	m->player_off = off;
	m->norm = MODEL_NORM_MAX;
	m->equilibrium = g->eq;
	return m;
}

const struct model_ops affine_model_ops = {
	.name = "affine",
	.summary = "affine contraction game x_i = c - rho (x_{i-1} + x_{i+1}) / 2 (tests, bench)",
	.info = "WHAT IS IT\nA ring of players whose best responses are affine in their two "
		"neighbours' actions. The unique equilibrium is c / (1 + rho) for everyone.\n\n"
		"THINGS TO NOTICE\nCournot best response converges geometrically with factor rho; "
		"averaging dynamics converge more slowly; fictitious play only polynomially.\n\n"
		"THINGS TO TRY\nRaise rho towards 1 and compare the dynamics' `dist_ne`.\n",
	.params = affine_params,
	.nparams = sizeof affine_params / sizeof affine_params[0],
	.create = affine_create,
};
