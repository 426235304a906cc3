/* ttp: tradable time-specific permits with several purchase opportunities under dynamic
 * uncertainty (paper 004, Nagae 2013) as a game for the learning engine.
 * The action is the price system p(n), one price per node of the information tree, in layer
 * order; the player blocks are the time layers (so `,sequential` updates one trading time per
 * step). The best response to a belief p is one step of the dual tâtonnement (spec §2.2
 * item 3): buyers solve optimal stopping against p, demand is counted per node and every
 * price moves by eta_k (demand - capacity), projected on p >= 0, with eta_k = eta0 / sqrt(k)
 * and k the step index (set in advance). Under cournot this is the projected subgradient
 * method on the dual; the averaging dynamics (fictitious, ewma, ...) step from the averaged
 * prices instead.
 * At creation: node values, the planner's DP optimum and policy (ttp_dp), the LP relaxation
 * and its duals (ttp_lp, GLPK), greedy and spot only; describe adds the best split (lazily).
 * advance also replays `replay` paths of the optimal policy (random stream 1) and moves the
 * current node one trading time down a random path, back to the root after T (stream 2).
 * Series: dual D(p_n), best_dual = min D so far (>= LP by weak duality), gap_lp (the
 * convergence measure), gap_dp (tends to LP - DP), excess_demand, replay_mean, replay_se.
 * Neighbours: ttp_tree, ttp_dp, ttp_lp, ttp_market, ttp_out (distributions, describe). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/models/models.h"
#include "core/models/ttp_model.h"
#include "core/xmalloc.h"

enum { STREAM_REPLAY = 1, STREAM_CURSOR = 2 };

static const struct param_spec ttp_params[] = {
	{ .name = "tree", .type = PARAM_TABLE, .min = -1e9, .max = 1e9,
	  .cols = "parent,prob,V_1..V_I", .len_max = TTP_MAX_NODES,
	  .flags = PARAM_F_OPTIONAL | PARAM_F_RAGGED, .unit = "",
	  .help = "one row per node, parents first: {parent row (0 = root), P(node | parent), "
		  "then at leaves each buyer's exercise value}; absent: the slides' example" },
	{ .name = "mu", .type = PARAM_ARRAY, .min = 0, .max = 1e6, .len_max = TTP_MAX_NODES,
	  .flags = PARAM_F_OPTIONAL, .unit = "permits",
	  .help = "permits sold at t = 0..T (whole numbers); absent: one per trading time" },
	{ .name = "eta0", .type = PARAM_REAL, .def = 1, .min = 0, .max = 1e6,
	  .flags = PARAM_F_OPEN_LO, .unit = "",
	  .help = "price step eta_k = eta0 / sqrt(k) of the tatonnement" },
	{ .name = "replay", .type = PARAM_INT, .def = 10, .min = 0, .max = 1000000,
	  .unit = "paths",
	  .help = "paths of the optimal policy replayed per step (running mean -> DP optimum)" },
};

static const struct model_series_desc ttp_series[] = {
	{"dual", "dual value D(p) of the current prices (>= the LP optimum)", 0},
	{"best_dual", "smallest D(p) so far: tends to the LP optimum", 0},
	{"gap_lp", "best_dual - lp_optimum >= 0: the convergence measure", SERIES_F_LOGY},
	{"gap_dp", "best_dual - dp_optimum: tends to lp_optimum - dp_optimum", SERIES_F_LOGY},
	{"excess_demand", "sum over nodes of |demand - capacity| where the market does not clear "
			  "(an unsold permit at price 0 clears)", 0},
	{"replay_mean", "mean welfare of the replayed paths of the optimal policy", 0},
	{"replay_se", "standard error of replay_mean", SERIES_F_LOGY},
};

static const struct model_dist_desc ttp_dists[] = {
	{"price", DIST_LINE, "price p(n) now and an LP equilibrium price per tree row"},
	{"demand", DIST_LINE, "demand d(n) at the current prices and capacity mu(t_n) per tree "
			      "row"},
	{"welfare", DIST_BARS, "expected welfare by trading time: optimal (DP) vs greedy"},
	{"wtp", DIST_BARS, "buyers' net willingness to pay v_i(n) - cont_i(n) at the current node "
			   "vs its price"},
	{"path_welfare", DIST_CDF, "CDF of path welfare: optimal and greedy (exact), replayed"},
};

/* The slides' example (spec §3): A visits a city, B hikes, C goes home; the forecast at
 * t = 1 is No Rain (rows 4, 5) or No Fine (rows 6, 7). */
#define X NAN
static const double example_tree[7 * 5] = {
	0, 1, X, X, X,
	1, 0.5, X, X, X,
	1, 0.5, X, X, X,
	2, 0.5, 8, 6, 2,
	2, 0.5, 6, 8, 2,
	3, 0.5, 6, -4, 2,
	3, 0.5, -4, 6, 2,
};
#undef X

static struct ttp *self_of(struct model *m) { return m->self; }

static void ttp_destroy(struct model *m)
{
	struct ttp *g = self_of(m);
	ttp_market_fini(&g->mk);
	ttp_lp_fini(&g->lp);
	ttp_dp_fini(&g->dp);
	ttp_tree_fini(&g->tr);
	free(g->mu);
	free(g->dp_in);
	free(g->dp_buy);
	free(g->gr_in);
	free(g->gr_buy);
	free(g->dp_bytime);
	free(g->gr_bytime);
	free(g->dp_pathw);
	free(g->gr_pathw);
	free(g->off);
	free(g->leaf_count);
	free(g->split_mu);
	free(g);
}

static void ttp_initial(struct model *m, double *a0)
{
	memset(a0, 0, m->dim * sizeof *a0); /* p = 0: the spec's start */
}

static int ttp_br(struct model *m, const double *belief, int player, double *out,
		  struct err *e)
{
	struct ttp *g = self_of(m);
	ttp_market_eval(&g->mk, belief);
	double eta = g->eta0 / sqrt((double)(g->k > 0 ? g->k : 1));
	int k0 = player < 0 ? 0 : g->tr.layer[player];
	int k1 = player < 0 ? g->tr.n : g->tr.layer[player + 1];
	ttp_market_step(&g->mk, eta, k0, k1, out);
	return 0;
}

/* One path of the optimal policy: S*(n, R) at each node, buyers removed, welfare summed. */
static void replay_path(struct ttp *g)
{
	const struct ttp_tree *tr = &g->tr;
	uint32_t R = (1u << tr->nb) - 1;
	double w = 0;
	int k = 0;
	for (;;) {
		uint32_t S = ttp_dp_choice(&g->dp, k, R);
		for (int i = 0; i < tr->nb; i++)
			if (S >> i & 1)
				w += tr->v[(size_t)k * (size_t)tr->nb + (size_t)i];
		R &= ~S;
		if (ttp_tree_is_leaf(tr, k))
			break;
		k = ttp_tree_draw_child(tr, k, &g->rrng);
	}
	g->leaf_count[k - ttp_tree_leaf0(tr)]++;
	g->paths++;
	double d = w - g->rmean;
	g->rmean += d / (double)g->paths;
	g->rm2 += d * (w - g->rmean);
}

static int ttp_advance(struct model *m, const struct model_step *st, struct err *e)
{
	struct ttp *g = self_of(m);
	double D = ttp_market_eval(&g->mk, st->action); /* fold D(p_n) into the best so far */
	if (D < g->best_prev)
		g->best_prev = D;
	g->k = st->step;
	for (int r = 0; r < g->replay; r++)
		replay_path(g);
	g->cur = ttp_tree_is_leaf(&g->tr, g->cur) ? 0
						  : ttp_tree_draw_child(&g->tr, g->cur, &g->crng);
	return 0;
}

static int ttp_observe(struct model *m, const struct model_obs *o, double *vals,
		       struct err *e)
{
	struct ttp *g = self_of(m);
	double D = ttp_market_eval(&g->mk, o->action);
	double best = fmin(D, g->best_prev);
	vals[0] = D;
	vals[1] = best;
	vals[2] = best - g->lp.value;
	vals[3] = best - g->dp.value;
	vals[4] = ttp_market_excess(&g->mk);
	vals[5] = g->paths > 0 ? g->rmean : NAN;
	vals[6] = g->paths > 1 ? sqrt(g->rm2 / (double)(g->paths - 1) / (double)g->paths) : NAN;
	return 0;
}

static const struct model_vt ttp_vt = {
	.destroy = ttp_destroy,
	.initial = ttp_initial,
	.best_response = ttp_br,
	.advance = ttp_advance,
	.observe = ttp_observe,
	.dist = ttp_out_dist,
	.describe = ttp_out_describe,
};

/* mu from the parameter (whole numbers, T + 1 of them), or one permit per trading time. */
static int *capacities(const struct params *p, int T, struct err *e)
{
	const struct param_value *v = params_get(p, "mu");
	int *mu = xmallocarray((size_t)T + 1, sizeof *mu);
	if (v->rows == 0) {
		for (int t = 0; t <= T; t++)
			mu[t] = 1;
		return mu;
	}
	if (v->rows != T + 1) {
		err_set(e, "parameter 'mu' has %d entr%s but the tree's exercise time is T = %d: "
			   "give mu(t) for t = 0..%d (%d entries)", v->rows, v->rows == 1 ? "y" : "ies",
			T, T, T + 1);
		free(mu);
		return NULL;
	}
	for (int t = 0; t <= T; t++) {
		if (v->arr[t] != floor(v->arr[t])) {
			err_set(e, "parameter 'mu' entry %d = %g is not a whole number of permits",
				t + 1, v->arr[t]);
			free(mu);
			return NULL;
		}
		mu[t] = (int)v->arr[t];
	}
	return mu;
}

/* The static results: DP and its policy, LP, greedy, spot only, D(0). */
static int solve(struct ttp *g, struct err *e)
{
	const struct ttp_tree *tr = &g->tr;
	size_t n = (size_t)tr->n, T1 = (size_t)tr->T + 1;
	if (ttp_dp_solve(&g->dp, tr, g->mu, e) < 0) {
		err_prefix(e, "parameters 'tree' and 'mu'");
		return -1;
	}
	if (ttp_lp_solve(&g->lp, tr, g->mu, e) < 0) {
		err_prefix(e, "parameter 'tree'");
		return -1;
	}
	g->dp_in = xmallocarray(n, sizeof *g->dp_in);
	g->dp_buy = xmallocarray(n, sizeof *g->dp_buy);
	g->gr_in = xmallocarray(n, sizeof *g->gr_in);
	g->gr_buy = xmallocarray(n, sizeof *g->gr_buy);
	g->dp_bytime = xmallocarray(T1, sizeof *g->dp_bytime);
	g->gr_bytime = xmallocarray(T1, sizeof *g->gr_bytime);
	g->dp_pathw = xmallocarray(n, sizeof *g->dp_pathw);
	g->gr_pathw = xmallocarray(n, sizeof *g->gr_pathw);
	ttp_dp_policy(&g->dp, g->dp_in, g->dp_buy);
	ttp_greedy_policy(tr, g->mu, g->gr_in, g->gr_buy);
	ttp_policy_eval(tr, g->dp_buy, g->dp_bytime, g->dp_pathw);
	g->greedy = ttp_policy_eval(tr, g->gr_buy, g->gr_bytime, g->gr_pathw);
	int M = 0;
	for (int t = 0; t <= tr->T; t++)
		M += g->mu[t];
	g->spot = ttp_spot_only(tr, M);
	double *zero = xcalloc(n, sizeof *zero);
	g->dual0 = ttp_market_eval(&g->mk, zero);
	free(zero);
	/* LP >= DP always; equal up to the simplex's rounding iff whole permits are supported */
	g->whole = g->lp.value - g->dp.value <= 1e-9 * tr->vscale;
	return 0;
}

static struct model *ttp_create(const struct model_ops *ops, const struct params *p,
				uint64_t seed, struct err *e)
{
	const struct param_value *tv = params_get(p, "tree");
	struct ttp *g = xcalloc(1, sizeof *g);
	int rc = tv->rows > 0 ? ttp_tree_init(&g->tr, tv->arr, tv->rows, tv->cols, e)
			      : ttp_tree_init(&g->tr, example_tree, 7, 5, e);
	if (rc == 0 && !(g->mu = capacities(p, g->tr.T, e)))
		rc = -1;
	if (rc == 0) {
		ttp_market_init(&g->mk, &g->tr, g->mu);
		rc = solve(g, e);
	}
	if (rc < 0) {
		struct model tmp = { .self = g };
		ttp_destroy(&tmp);
		return NULL;
	}
	const struct ttp_tree *tr = &g->tr;
	g->eta0 = params_num(p, "eta0");
	g->replay = params_int(p, "replay");
	g->best_prev = INFINITY;
	g->off = xmallocarray((size_t)tr->T + 2, sizeof *g->off);
	for (int t = 0; t <= tr->T + 1; t++)
		g->off[t] = (size_t)tr->layer[t];
	g->leaf_count = xcalloc((size_t)(tr->n - ttp_tree_leaf0(tr)), sizeof *g->leaf_count);
	rng_stream(&g->rrng, seed, STREAM_REPLAY);
	rng_stream(&g->crng, seed, STREAM_CURSOR);
	struct model *m = model_alloc(ops, &ttp_vt, g);
	m->dim = (size_t)tr->n;
	m->nplayers = tr->T + 1;
	m->player_off = g->off;
	m->norm = MODEL_NORM_MAX;
	m->convergence = "gap_lp";
	model_set_ref(m, "dual", g->lp.value);
	model_set_ref(m, "best_dual", g->lp.value);
	model_set_ref(m, "gap_lp", 0);
	model_set_ref(m, "gap_dp", g->lp.value - g->dp.value);
	model_set_ref(m, "replay_mean", g->dp.value);
	return m;
}

static const char ttp_info[] =
	"WHAT IS IT\n"
	"Tradable time-specific permits (Nagae): a permit is the right to a service at the "
	"exercise time T (a Fastpass, a flight), sold in mu(t) units at each trading time "
	"t = 0..T. Buyers want one permit each; their exercise values are revealed along an "
	"information tree, and a buyer's value at a node is its conditional expectation "
	"v_i(n) = E[V_i | F(t)]. The planner's optimum [P0] is solved exactly by dynamic "
	"programming over the set of buyers still in the market; its LP relaxation [P] is solved "
	"by GLPK, whose duals are node prices p(n) and option values psi_i(n).\n"
	"The step is one round of a dual tatonnement (spec completion, not in the slides): "
	"buyers solve optimal stopping against the node prices, demand is counted per node, and "
	"every price moves by eta_k (demand - capacity), eta_k = eta0/sqrt(k), never below 0. "
	"The prices are the action, so every learning dynamic applies; ,sequential moves one "
	"trading time per step. Path replay samples paths and applies the optimal assignment.\n"
	"\n"
	"THINGS TO NOTICE\n"
	"- best_dual never falls below the LP optimum (weak duality) and creeps towards it "
	"(gap_lp -> 0, slowly: a subgradient method).\n"
	"- The slides believe the LP is exact; it is not in general (spec errata E1): when "
	"lp_optimum > dp_optimum (describe), gap_dp tends to LP - DP > 0 and no price system "
	"clears markets in whole permits (whole_permit_equilibrium = no; errata E3).\n"
	"- The demand at the current prices need not clear even near the optimum (excess_demand): "
	"a subgradient method finds the dual value, not a clearing price system.\n"
	"- replay_mean converges to dp_optimum; greedy (no option values) can lose welfare, and "
	"spot only (all permits at T) is never worse than any split (errata E5).\n"
	"\n"
	"THINGS TO TRY\n"
	"- set eta0 0.2 and set eta0 5: the step size sets how far the prices swing.\n"
	"- dynamics fictitious: steps from the average price.\n"
	"- dynamics cournot,sequential: one trading time per step.\n"
	"- set mu {0, 0, 3}: spot only.";

const struct model_ops ttp_model_ops = {
	.name = "ttp",
	.summary = "tradable time-specific permits on an information tree: planner DP, LP "
		   "duals and a price tatonnement (Nagae)",
	.info = ttp_info,
	.params = ttp_params,
	.nparams = sizeof ttp_params / sizeof ttp_params[0],
	.series = ttp_series,
	.nseries = sizeof ttp_series / sizeof ttp_series[0],
	.dists = ttp_dists,
	.ndists = sizeof ttp_dists / sizeof ttp_dists[0],
	.create = ttp_create,
};
