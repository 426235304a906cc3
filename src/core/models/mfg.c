/* mfg: the mean-field bilateral trading market of paper 000 (Xia, Shakkottai, Subramanian,
 * "Small-Scale Markets for Bilateral Resource Trading in the Sharing Economy") as a game for
 * the learning engine, with an optional Monte Carlo agent population.
 *
 * The game: the action is the population's bid behaviour, z_t = the share of type-t clients
 * bidding 0 (one "player" per agent type; Loan adds one more block, q = the law of the
 * server's extra on a grid of nq cells, so beliefs average q as well as z). The best response
 * to a belief is gamma: solve the agent's dynamic programme at the pooled belief, take the
 * stationary budget law, read off the share bidding 0 (mfg_solve.c). So `cournot` is the
 * paper's Fig. 2 iteration z <- gamma(z); damped, fictitious and k-period play work too.
 *
 * Rows: row n reports the state a_n: z = z_n (pooled), trade_ratio = 1 - z_n,
 * value = E_Psi[v*] at a_n, gamma = gamma(a_n) (under cournot that is z_{n+1}). The solve at
 * a_n is cached, so under cournot or damped play (whose next belief is a_n) each step costs
 * one solve.
 *
 * Agents (agents > 0): each row also runs one Monte Carlo period (mfg_agents.c) whose clients
 * follow the policy for the current belief (agents_mode = belief) or the equilibrium policy
 * found from z0 at creation (equilibrium); in coupled mode the best response itself is the
 * agents' play: `epoch` periods under the policy for the belief, and the new z is the share
 * of clients who bid 0 (damping comes from the dynamics, e.g. damped:0.3).
 *
 * Types: with several types every series also has a per-type version NAME_k (k = 1..T,
 * after the class's series: z_1..z_T, gamma_1..gamma_T, ...), the instance's own series
 * list; the pooled series keep their meaning (z and gamma pooled over clients, value over
 * the population shares). One type publishes the class's series only.
 * Limits: at most MFG_MAX_TYPES types. Neighbours: mfg_solve.c (numerics), mfg_agents.c
 * (Monte Carlo), model.c (registry), learn.c/sim.c (drive it). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cancel.h"
#include "core/model.h"
#include "core/models/mfg_agents.h"
#include "core/models/mfg_solve.h"
#include "core/models/models.h"
#include "core/xmalloc.h"

enum { MODE_BELIEF, MODE_EQUILIBRIUM, MODE_COUPLED };

#define CURVE_POINTS 600   /* points per plotted curve */
#define GAMMA_POINTS 51    /* z values of gamma_curve */
#define HIST_MAX 65536     /* type_belief rows kept (thinned by 2 when full) */
#define EQ_TOL 1e-10
#define EQ_MAXIT 5000
#define SELFQ_MAXIT 200
#define PLOT_TAIL 1e-4     /* budget CDFs are drawn up to this much remaining mass */

static const char *const variant_names[] = { "hard", "bank", "loan" };

struct mfg {
	struct mfg_econ econ;
	struct mfg_solver *S;
	int T;              /* agent types */
	int loan;
	size_t nq, dim;
	size_t *off;        /* player offsets (owned) */
	double z0;
	double *q0;         /* Loan: initial extra law (self-consistent at z0) */

	/* the last solve: its input action and outputs */
	double *key;
	int key_ok;
	double gam[MFG_MAX_TYPES], gpool, value;
	double tval[MFG_MAX_TYPES]; /* E_Psi[v*] of each type */
	double *qout;

	/* several types: the instance's series (the class's, then NAME_k), names and help
	 * texts owned */
	struct model_series_desc *own;
	size_t nown;

	double *last_a;     /* the last observed action (describe uses it) */
	int have_last;

	/* agents */
	size_t nagents;
	int agents_init;    /* 0 psi, 1 stationary */
	int mode;
	int epoch;
	struct mfg_agents *A;
	struct mfg_agents_period per; /* last period (or epoch totals in coupled mode) */
	int per_periods;    /* periods in g->per */
	double per_value;   /* value estimate of the last period/epoch */
	int have_per;
	double *qacc;       /* coupled Loan: repayments of the epoch */

	/* equilibrium mode: the equilibrium found from z0 and its bid sets */
	double eq_z;
	int eq_iters;
	int eq_n[MFG_MAX_TYPES];
	double eq_lo[MFG_MAX_TYPES][MFG_AGENTS_MAX_INTERVALS];
	double eq_hi[MFG_MAX_TYPES][MFG_AGENTS_MAX_INTERVALS];

	/* gamma_curve depends on the parameters only: computed once */
	int have_gc;
	long gc_unconv;  /* solves of the gamma curve that did not converge (its label says so) */
	double gc[GAMMA_POINTS];

	/* type_belief history */
	double *hist;       /* rows of T values */
	long *hstep;
	size_t nhist, hcap, hstride, hcount;

	/* the model, to report solves that did not converge (model_warn) */
	struct model *m;
	long nreported;     /* the solver's unconverged iterations reported so far */

	/* PV savings arithmetic (describe) */
	int nhours;
	double hours[MFG_MAX_TYPES];
	double unit_cents;
};

/* ---- parameters ---- */

static const struct param_spec mfg_params[] = {
	{ .name = "variant", .type = PARAM_ENUM, .def = 1, .choices = "hard|bank|loan", .unit = "",
	  .help = "hard: bid k only with b >= k; bank: overdraw from a bank (post-trade budget "
		  ">= 0); loan: the server lends and receives the repayment" },
	{ .name = "k", .type = PARAM_REAL, .def = 7, .min = 0, .max = 1000, .step = 0.1,
	  .unit = "currency",
	  .help = "unified price: servers bid k, clients bid 0 or k (paper's range [c_serve, s "
		  "+ c_lose])" },
	{ .name = "s", .type = PARAM_REAL, .def = 8, .min = 0, .max = 1000, .step = 0.1,
	  .unit = "currency",
	  .help = "client's surplus from being served" },
	{ .name = "c_serve", .type = PARAM_REAL, .def = 6, .min = 0, .max = 1000, .step = 0.1,
	  .unit = "currency", .help = "server's cost of serving" },
	{ .name = "c_lose", .type = PARAM_REAL, .def = 0.5, .min = 0, .max = 1000, .step = 0.1,
	  .unit = "currency",
	  .help = "client's disutility when not served (does not touch the budget)" },
	{ .name = "alpha", .type = PARAM_REAL, .def = 1.1, .min = 0, .max = 100, .step = 0.05,
	  .unit = "",
	  .help = "overdraft multiplier of eq. 1: a client with b < k pays back alpha (k - b) "
		  "(1.1 = 10% interest)" },
	{ .name = "beta", .type = PARAM_REAL, .def = 0.98, .min = 0, .max = 1,
	  .flags = PARAM_F_OPEN_LO | PARAM_F_OPEN_HI, .unit = "",
	  .help = "survival probability per period (the discount; 1 - beta = replacement rate)" },
	{ .name = "p_s", .type = PARAM_REAL, .def = 0.5, .min = 0, .max = 1,
	  .flags = PARAM_F_OPEN_LO | PARAM_F_OPEN_HI, .unit = "",
	  .help = "probability of being a server in a period (p_c = 1 - p_s); ignored when "
		  "types are given" },
	{ .name = "b0_min", .type = PARAM_REAL, .def = 0, .min = 0, .max = 100000, .step = 0.5,
	  .unit = "currency", .help = "newcomers' budgets are uniform on [b0_min, b0_max] (Psi)" },
	{ .name = "b0_max", .type = PARAM_REAL, .def = 5, .min = 0, .max = 100000, .step = 0.5,
	  .unit = "currency", .help = "upper end of the newcomers' uniform budget law Psi" },
	{ .name = "z0", .type = PARAM_REAL, .def = 1, .min = 0, .max = 1, .unit = "",
	  .help = "initial belief: share of clients bidding 0 (1 = the frozen start of Fig. 2)" },
	{ .name = "h", .type = PARAM_REAL, .def = 0.01, .min = 1e-5, .max = 10, .unit = "currency",
	  .help = "budget grid step of the solver" },
	{ .name = "bmax", .type = PARAM_REAL, .def = 40, .min = 0.1, .max = 100000, .step = 5,
	  .unit = "currency",
	  .help = "top of the solver's budget grid (exact above U when k <= s; clamped "
		  "otherwise)" },
	{ .name = "agents", .type = PARAM_INT, .def = 0, .min = 0, .max = 50000000,
	  .unit = "agents", .help = "Monte Carlo agents, one period per step (0 = none)" },
	{ .name = "agents_init", .type = PARAM_ENUM, .def = 0, .choices = "psi|stationary",
	  .unit = "",
	  .help = "agents' initial budgets: from Psi or from the stationary law of the starting "
		  "belief" },
	{ .name = "agents_mode", .type = PARAM_ENUM, .def = 0,
	  .choices = "belief|equilibrium|coupled", .unit = "",
	  .help = "agents bid by the policy of the current belief, of the equilibrium reached "
		  "from z0, or re-estimate z from their own play (coupled: the best response is "
		  "an epoch of play)" },
	{ .name = "epoch", .type = PARAM_INT, .def = 1, .min = 1, .max = 100000, .unit = "periods",
	  .help = "coupled mode: agent periods per belief update" },
	{ .name = "loan_extra", .type = PARAM_ENUM, .def = 0, .choices = "budget|reward|interest",
	  .unit = "",
	  .help = "loan: the repayment alpha (k - b)^+ goes to the server's budget only, also "
		  "into its reward, or only the interest (alpha - 1)(k - b)^+ goes to its budget" },
	{ .name = "types", .type = PARAM_TABLE, .min = 0, .max = 1, .cols = "p_s,share",
	  .len_max = MFG_MAX_TYPES, .flags = PARAM_F_OPTIONAL, .unit = "",
	  .help = "agent types {p_s, share} with a common pooled belief (absent: one type with "
		  "p_s)" },
	{ .name = "client_hours", .type = PARAM_ARRAY, .min = 0, .max = 8784,
	  .len_max = MFG_MAX_TYPES, .flags = PARAM_F_OPTIONAL, .unit = "hours",
	  .help = "hours a year each type is a client (two types: the PV savings arithmetic in "
		  "describe)" },
	{ .name = "unit_cents", .type = PARAM_REAL, .def = 2.5, .min = 0, .max = 100000,
	  .unit = "cents", .help = "value of one currency unit (for the savings arithmetic)" },
};

static const struct model_series_desc mfg_series[] = {
	{"z", "belief: share of clients bidding 0 (pooled over types)", SERIES_F_PER_TYPE},
	{"gamma", "best response gamma(z): share bidding 0 at the stationary budget law",
	 SERIES_F_PER_TYPE},
	{"trade_ratio", "1 - z: trades per client-server pair", SERIES_F_PER_TYPE},
	{"value", "E_Psi[v*]: the value of the game to a newcomer", SERIES_F_PER_TYPE},
	{"mc_trade_ratio", "agents: trades per matched pair in the period", SERIES_F_PER_TYPE},
	{"mc_value", "agents: mean reward per agent-period / (1 - beta), estimates E_Psi[v*]",
	 SERIES_F_PER_TYPE},
};

/* Help of the per-type series NAME_k, after "NAME of <type>: " (same order as mfg_series) */
static const char *const mfg_type_help[] = {
	"share of its clients bidding 0 (its belief)",
	"share of its clients bidding 0 at its stationary budget law (its best response)",
	"1 - its z: trades per matched client of the type",
	"E_Psi[v*] of the type: the value of the game to its newcomers",
	"agents: trades per matched client of the type in the period",
	"agents: mean reward per agent-period of the type / (1 - beta), estimates its value",
};

static const struct model_dist_desc mfg_dists[] = {
	{"budget", DIST_CDF, "stationary budget CDF at the current belief, per type"},
	{"agent_budget", DIST_CDF, "agents' empirical budget CDF, with the stationary CDF"},
	{"client_bid", DIST_BARS, "client bids: mass at 0 and at k (mean field, agents)"},
	{"value_fn", DIST_LINE, "value function v*(b) at the current belief, per type"},
	{"gamma_curve", DIST_LINE, "gamma(z) over [0, 1] with the diagonal: equilibria"},
	{"type_belief", DIST_LINE, "belief z of each type over the steps"},
};

#define NSERIES (sizeof mfg_series / sizeof mfg_series[0])
_Static_assert(sizeof mfg_type_help / sizeof mfg_type_help[0] == NSERIES,
	       "one per-type help per series");
enum { S_Z, S_GAMMA, S_TRADE, S_VALUE, S_MC_TRADE, S_MC_VALUE };

/* ---- solving with a cache keyed by the action ---- */

/* Says (model_warn) that a solver iteration stopped without meeting its tolerance, once per
 * new such iteration; the front ends report it. */
static void report_unconverged(struct mfg *g)
{
	const struct mfg_unconverged *u = &g->S->unconv;
	if (!g->m || g->S->nunconv == g->nreported)
		return;
	g->nreported = g->S->nunconv;
	char where[96] = "";
	if (u->type >= 0 && g->T > 1)
		snprintf(where, sizeof where, " of type %d", u->type + 1);
	if (!isnan(u->z))
		snprintf(where + strlen(where), sizeof where - strlen(where), " at z = %.10g", u->z);
	if (u->stalled)
		model_warn(g->m, "%s%s did not converge: no progress after %ld sweeps (change "
			   "%.3g, tolerance %.3g; round-off or a cycle)", u->what, where, u->iters,
			   u->change, u->tol);
	else
		model_warn(g->m, "%s%s did not converge: stopped at the cap of %ld %s (change "
			   "%.3g > tolerance %.3g)", u->what, where, u->iters,
			   u->type >= 0 ? "sweeps" : "iterations", u->change, u->tol);
}

static double pooled(const struct mfg *g, const double *a)
{
	return mfg_pool_z(g->S, a);
}

/* Makes the solver hold the solve at action a (z per type, Loan: q). */
static void solve_at(struct mfg *g, const double *a)
{
	if (g->key_ok && memcmp(g->key, a, g->dim * sizeof *a) == 0)
		return;
	double z = pooled(g, a);
	if (z < 0)
		z = 0;
	if (z > 1)
		z = 1;
	g->gpool = mfg_solver_solve(g->S, z, g->loan ? a + g->T : NULL,
				    g->loan ? g->qout : NULL);
	for (int t = 0; t < g->T; t++) {
		g->gam[t] = g->S->t[t].gamma;
		g->tval[t] = g->S->t[t].value;
	}
	g->value = mfg_solver_value(g->S);
	memcpy(g->key, a, g->dim * sizeof *a);
	g->key_ok = !cancel_requested(); /* a cancelled solve is not kept */
	if (g->key_ok)
		report_unconverged(g);
}

static void set_policy_from_solver(struct mfg *g)
{
	for (int t = 0; t < g->T; t++) {
		double lo[MFG_AGENTS_MAX_INTERVALS], hi[MFG_AGENTS_MAX_INTERVALS];
		int n = mfg_solver_bid_intervals(g->S, t, lo, hi, MFG_AGENTS_MAX_INTERVALS);
		mfg_agents_set_policy(g->A, t, lo, hi, n);
	}
}

static void set_policy_equilibrium(struct mfg *g)
{
	for (int t = 0; t < g->T; t++)
		mfg_agents_set_policy(g->A, t, g->eq_lo[t], g->eq_hi[t], g->eq_n[t]);
}

/* Runs `periods` agent periods under the current agent policy; totals into g->per. */
static void run_agents(struct mfg *g, int periods, double *qacc)
{
	struct mfg_agents_period acc = { 0 }, p;
	for (int r = 0; r < periods; r++) {
		mfg_agents_step(g->A, &p, qacc, g->nq);
		acc.clients += p.clients;
		acc.servers += p.servers;
		acc.pairs += p.pairs;
		acc.trades += p.trades;
		for (int t = 0; t < g->T; t++) {
			acc.clients_t[t] += p.clients_t[t];
			acc.bid0_t[t] += p.bid0_t[t];
			acc.matched_t[t] += p.matched_t[t];
			acc.trades_t[t] += p.trades_t[t];
			acc.reward_t[t] += p.reward_t[t];
		}
		acc.reward += p.reward;
		acc.extra_sum += p.extra_sum;
	}
	g->per = acc;
	g->per_periods = periods;
	g->per_value = acc.reward / ((double)periods * (double)g->nagents) /
		       (1 - g->econ.beta);
	g->have_per = 1;
}

/* ---- the game ---- */

static void mfg_initial(struct model *m, double *a0)
{
	struct mfg *g = m->self;
	for (int t = 0; t < g->T; t++)
		a0[t] = g->z0;
	if (g->loan)
		memcpy(a0 + g->T, g->q0, g->nq * sizeof *a0);
}

static int mfg_best_response(struct model *m, const double *belief, int player, double *out,
			     struct err *e)
{
	struct mfg *g = m->self;
	(void)e;
	double zt[MFG_MAX_TYPES];
	const double *qn;
	if (g->mode == MODE_COUPLED) {
		solve_at(g, belief);
		set_policy_from_solver(g);
		if (g->loan)
			memset(g->qacc, 0, g->nq * sizeof *g->qacc);
		run_agents(g, g->epoch, g->loan ? g->qacc : NULL);
		double tot = 0;
		for (int t = 0; t < g->T; t++) {
			uint64_t c = g->per.clients_t[t];
			zt[t] = c ? (double)g->per.bid0_t[t] / (double)c : belief[t];
		}
		if (g->loan) {
			for (size_t j = 0; j < g->nq; j++)
				tot += g->qacc[j];
			if (tot > 0)
				for (size_t j = 0; j < g->nq; j++)
					g->qacc[j] /= tot;
			else
				memcpy(g->qacc, belief + g->T, g->nq * sizeof *g->qacc);
		}
		qn = g->qacc;
	} else {
		solve_at(g, belief);
		for (int t = 0; t < g->T; t++)
			zt[t] = g->gam[t];
		qn = g->qout;
	}
	for (int t = 0; t < g->T; t++)
		if (player < 0 || player == t)
			out[t] = zt[t];
	if (g->loan && (player < 0 || player == g->T))
		memcpy(out + g->T, qn, g->nq * sizeof *out);
	return 0;
}

static void hist_push(struct mfg *g, long step, const double *a)
{
	if (g->hcount++ % g->hstride)
		return;
	if (g->nhist == HIST_MAX) { /* keep every other row, record half as often */
		for (size_t r = 0; r < HIST_MAX / 2; r++) {
			g->hstep[r] = g->hstep[2 * r];
			memcpy(g->hist + r * (size_t)g->T, g->hist + 2 * r * (size_t)g->T,
			       (size_t)g->T * sizeof *g->hist);
		}
		g->nhist = HIST_MAX / 2;
		g->hstride *= 2;
	}
	if (g->nhist == g->hcap) {
		g->hcap = g->hcap ? 2 * g->hcap : 256;
		g->hist = xreallocarray(g->hist, g->hcap * (size_t)g->T, sizeof *g->hist);
		g->hstep = xreallocarray(g->hstep, g->hcap, sizeof *g->hstep);
	}
	g->hstep[g->nhist] = step;
	memcpy(g->hist + g->nhist * (size_t)g->T, a, (size_t)g->T * sizeof *a);
	g->nhist++;
}

/* Series i of type t at action a (the solve at a is current; agents: the last period). */
static double type_series(const struct mfg *g, size_t i, int t, const double *a)
{
	const struct mfg_agents_period *p = &g->per;
	switch (i) {
	case S_Z:
		return a[t];
	case S_GAMMA:
		return g->gam[t];
	case S_TRADE:
		return 1 - a[t];
	case S_VALUE:
		return g->tval[t];
	case S_MC_TRADE:
		return g->A && g->have_per && p->matched_t[t] > 0
			       ? (double)p->trades_t[t] / (double)p->matched_t[t]
			       : NAN;
	case S_MC_VALUE: {
		size_t cnt = g->A ? mfg_agents_type_count(g->A, t) : 0;
		return g->have_per && cnt > 0 ? p->reward_t[t] /
							((double)g->per_periods * (double)cnt) /
							(1 - g->econ.beta)
					      : NAN;
	}
	}
	return NAN;
}

/* The agents play one period under the current belief's policy (belief mode) or the fixed
 * equilibrium policy; coupled agents play inside the best response instead. */
static int mfg_advance(struct model *m, const struct model_step *st, struct err *e)
{
	struct mfg *g = m->self;
	(void)e;
	if (!g->A || g->mode == MODE_COUPLED)
		return 0;
	if (g->mode == MODE_BELIEF) {
		solve_at(g, st->action);
		set_policy_from_solver(g);
	}
	run_agents(g, 1, NULL);
	return 0;
}

static int mfg_observe(struct model *m, const struct model_obs *o, double *vals,
		       struct err *e)
{
	struct mfg *g = m->self;
	(void)e;
	const double *a = o->action;
	solve_at(g, a);
	double z = pooled(g, a);
	vals[S_Z] = z;
	vals[S_GAMMA] = g->gpool;
	vals[S_TRADE] = 1 - z;
	vals[S_VALUE] = g->value;
	vals[S_MC_TRADE] = NAN;
	vals[S_MC_VALUE] = NAN;
	if (g->A) {
		if (g->have_per && g->per.pairs > 0)
			vals[S_MC_TRADE] = (double)g->per.trades / (double)g->per.pairs;
		if (g->have_per)
			vals[S_MC_VALUE] = g->per_value;
	}
	if (g->own) /* per type: NSERIES + i T + t for the i-th class series */
		for (size_t i = 0; i < NSERIES; i++)
			for (int t = 0; t < g->T; t++)
				vals[NSERIES + i * (size_t)g->T + (size_t)t] = type_series(g, i, t, a);
	memcpy(g->last_a, a, g->dim * sizeof *a);
	g->have_last = 1;
	hist_push(g, o->step, a);
	return 0;
}

/* ---- distributions ---- */

static void type_label(const struct mfg *g, int t, char *buf, size_t size)
{
	if (g->T == 1)
		snprintf(buf, size, "%s", variant_names[g->econ.variant]);
	else
		snprintf(buf, size, "type %d (p_s %g)", t + 1, g->econ.p_s[t]);
}

/* Index of the first node where the cumulative mass reaches q (or n - 1). */
static size_t quantile_node(const double *pi, size_t n, double q)
{
	double c = 0;
	for (size_t i = 0; i < n; i++) {
		c += pi[i];
		if (c >= q)
			return i;
	}
	return n - 1;
}

/* Adds the CDF of masses pi[0..n) on nodes i h up to node `last` as a curve. */
static void add_cdf(struct dist *d, const char *label, const double *pi, size_t n, size_t last,
		    double h, int reference)
{
	size_t stride = last / CURVE_POINTS + 1;
	size_t np = last / stride + 2;
	double *x = xmallocarray(np, sizeof *x), *y = xmallocarray(np, sizeof *y);
	size_t k = 0;
	double c = 0;
	for (size_t i = 0; i < n && i <= last; i++) {
		c += pi[i];
		if (i % stride == 0 || i == last) {
			x[k] = (double)i * h;
			y[k] = c > 1 ? 1 : c;
			k++;
		}
	}
	struct dist_curve *cv = dist_add(d, label, x, y, k);
	if (cv)
		cv->style = reference ? DIST_STYLE_REFERENCE : DIST_STYLE_LINE;
	free(x);
	free(y);
}

/* Pooled (share-weighted) extended stationary law of the current solve. */
static size_t pooled_law(struct mfg *g, double **out)
{
	double *acc = NULL;
	size_t n = 0;
	for (int t = 0; t < g->T; t++) {
		double *p;
		size_t np = mfg_solver_stationary_ext(g->S, t, PLOT_TAIL, &p);
		if (np > n) {
			acc = xreallocarray(acc, np, sizeof *acc);
			memset(acc + n, 0, (np - n) * sizeof *acc);
			n = np;
		}
		for (size_t i = 0; i < np; i++)
			acc[i] += g->S->t[t].share * p[i];
		free(p);
	}
	*out = acc;
	return n;
}

static int dist_budget(struct mfg *g, struct dist *d)
{
	double h = g->econ.h;
	dist_init(d, DIST_CDF, "budget", "Stationary budget CDF", "budget", "CDF");
	double *law[MFG_MAX_TYPES];
	size_t n[MFG_MAX_TYPES], last = 0;
	for (int t = 0; t < g->T; t++) {
		n[t] = mfg_solver_stationary_ext(g->S, t, PLOT_TAIL, &law[t]);
		size_t q = quantile_node(law[t], n[t], 0.999);
		if (q > last)
			last = q;
	}
	for (int t = 0; t < g->T; t++) {
		char label[40];
		type_label(g, t, label, sizeof label);
		add_cdf(d, label, law[t], n[t], last, h, 0);
		free(law[t]);
	}
	return 0;
}

static int dist_agent_budget(struct mfg *g, struct dist *d, struct err *e)
{
	if (!g->A)
		return err_set(e, "distribution 'agent_budget' needs agents > 0");
	double h = g->econ.h;
	dist_init(d, DIST_CDF, "agent_budget", "Agents' budget CDF", "budget", "CDF");
	double *law;
	size_t n = pooled_law(g, &law);
	size_t last = quantile_node(law, n, 0.999);
	/* agents: counts of budgets b <= i h on the same nodes */
	size_t N = mfg_agents_count(g->A);
	const double *b = mfg_agents_budgets(g->A);
	double bmaxa = 0;
	for (size_t i = 0; i < N; i++)
		if (b[i] > bmaxa)
			bmaxa = b[i];
	size_t lastA = (size_t)ceil(bmaxa / h);
	if (lastA > last)
		last = lastA < 4 * last + 10 ? lastA : 4 * last + 10;
	double *cnt = xcalloc(last + 1, sizeof *cnt);
	for (size_t i = 0; i < N; i++) {
		double c = ceil(b[i] / h - 1e-9);
		size_t j = c <= 0 ? 0 : (size_t)c;
		if (j <= last)
			cnt[j] += 1.0 / (double)N;
	}
	add_cdf(d, "agents", cnt, last + 1, last, h, 0);
	add_cdf(d, "stationary", law, n, last < n ? last : n - 1, h, 1);
	free(cnt);
	free(law);
	return 0;
}

static int dist_client_bid(struct mfg *g, struct dist *d)
{
	char kl[40];
	snprintf(kl, sizeof kl, "bid k = %g", g->econ.k);
	const char *labels[2] = { "bid 0", kl };
	dist_init(d, DIST_BARS, "client_bid", "Client bids", "bid", "share of clients");
	dist_set_labels(d, labels, 2);
	double x[2] = { 0, 1 }, y[2];
	y[0] = g->gpool;
	y[1] = 1 - g->gpool;
	dist_add(d, "mean field", x, y, 2);
	if (g->T > 1)
		for (int t = 0; t < g->T && d->ncurves + 1 < DIST_MAX_CURVES; t++) {
			char label[40];
			type_label(g, t, label, sizeof label);
			y[0] = g->gam[t];
			y[1] = 1 - g->gam[t];
			dist_add(d, label, x, y, 2);
		}
	if (g->A && g->have_per && g->per.clients > 0) {
		uint64_t b0 = 0;
		for (int t = 0; t < g->T; t++)
			b0 += g->per.bid0_t[t];
		y[0] = (double)b0 / (double)g->per.clients;
		y[1] = 1 - y[0];
		dist_add(d, "agents", x, y, 2);
	}
	return 0;
}

static int dist_value_fn(struct mfg *g, struct dist *d)
{
	const struct mfg_solver *S = g->S;
	double h = g->econ.h;
	dist_init(d, DIST_LINE, "value_fn", "Value function v*(b)", "budget", "value");
	double xmax = S->closed ? fmax(2 * S->btop, g->econ.b0_max) + 5 : (double)(S->M - 1) * h;
	size_t last = (size_t)ceil(xmax / h);
	size_t stride = last / CURVE_POINTS + 1;
	size_t np = last / stride + 2;
	double *x = xmallocarray(np, sizeof *x), *y = xmallocarray(np, sizeof *y);
	for (int t = 0; t < g->T; t++) {
		const struct mfg_type *T = &S->t[t];
		size_t k = 0;
		for (size_t i = 0; i <= last; i++) {
			if (i % stride && i != last)
				continue;
			x[k] = (double)i * h;
			y[k] = i < S->nsolve || !S->closed ? T->v[i < S->M ? i : S->M - 1] : T->vinf;
			k++;
		}
		char label[40];
		type_label(g, t, label, sizeof label);
		dist_add(d, label, x, y, k);
	}
	free(x);
	free(y);
	return 0;
}

static int dist_gamma_curve(struct mfg *g, struct dist *d)
{
	dist_init(d, DIST_LINE, "gamma_curve", "Best response gamma(z)", "belief z",
		  "gamma(z)");
	double x[GAMMA_POINTS];
	for (int i = 0; i < GAMMA_POINTS; i++)
		x[i] = (double)i / (GAMMA_POINTS - 1);
	if (!g->have_gc) {
		/* On a solver of its own: the dynamics' solver keeps its warm starts, so a run
		 * whose curve was drawn (the explorer) stays byte-identical to one whose was
		 * not (taton run). */
		struct mfg_solver *S = mfg_solver_new(&g->econ, NULL);
		double *q = NULL;
		if (g->loan) {
			q = xmallocarray(g->nq, sizeof *q);
			memcpy(q, g->q0, g->nq * sizeof *q);
		}
		/* from z = 1 down, so the Loan law q warm-starts from its neighbour; Loan uses
		 * the extra law consistent with each z */
		for (int i = GAMMA_POINTS - 1; S && i >= 0; i--)
			g->gc[i] = g->loan ? mfg_solver_solve_selfq(S, x[i], q, 1e-8, SELFQ_MAXIT)
					   : mfg_solver_solve(S, x[i], NULL, NULL);
		free(q);
		g->gc_unconv = S ? S->nunconv : 0;
		mfg_solver_free(S);
		g->have_gc = S && !cancel_requested(); /* a cancelled curve is recomputed */
	}
	/* the curve's own solver: its warnings go on the curve, not into the run's record */
	dist_add(d, g->gc_unconv ? "gamma(z) (some points did not converge)" : "gamma(z)", x,
		 g->gc, GAMMA_POINTS);
	double dx[2] = { 0, 1 };
	struct dist_curve *c = dist_add(d, "diagonal", dx, dx, 2);
	if (c)
		c->style = DIST_STYLE_REFERENCE;
	return 0;
}

static int dist_type_belief(struct mfg *g, struct dist *d)
{
	dist_init(d, DIST_LINE, "type_belief", "Belief z of each type", "step", "z");
	size_t n = g->nhist;
	double *x = xmallocarray(n ? n : 1, sizeof *x), *y = xmallocarray(n ? n : 1, sizeof *y);
	for (size_t r = 0; r < n; r++)
		x[r] = (double)g->hstep[r];
	for (int t = 0; t < g->T; t++) {
		for (size_t r = 0; r < n; r++)
			y[r] = g->hist[r * (size_t)g->T + (size_t)t];
		char label[40];
		type_label(g, t, label, sizeof label);
		dist_add(d, label, x, y, n);
	}
	free(x);
	free(y);
	return 0;
}

static int mfg_dist(struct model *m, const char *name, const double *a, struct dist *d,
		    struct err *e)
{
	struct mfg *g = m->self;
	if (strcmp(name, "gamma_curve") == 0)
		return dist_gamma_curve(g, d);
	if (strcmp(name, "type_belief") == 0)
		return dist_type_belief(g, d);
	solve_at(g, a);
	if (strcmp(name, "budget") == 0)
		return dist_budget(g, d);
	if (strcmp(name, "agent_budget") == 0)
		return dist_agent_budget(g, d, e);
	if (strcmp(name, "client_bid") == 0)
		return dist_client_bid(g, d);
	if (strcmp(name, "value_fn") == 0)
		return dist_value_fn(g, d);
	return err_set(e, "model 'mfg' has no distribution '%s'; known: budget, agent_budget, "
			  "client_bid, value_fn, gamma_curve, type_belief", name);
}

/* ---- describe ---- */

/* A number in its shortest round-trip form (as describe's numbers, for text lines). */
static const char *num(char buf[48], double v)
{
	param_fmt_double(buf, 48, v);
	return buf;
}

/* How the solver discretises the model (taton(1) says the same). */
static void describe_method(struct model_kv *kv)
{
	model_kv_add(kv, "grid_method", "v and pi on the nodes b_i = i h; v interpolated "
		     "linearly between nodes; a move that ends between two nodes splits its mass "
		     "between them (the adjoint of the interpolation: mass is conserved); Psi "
		     "projected exactly on the hat basis");
	model_kv_add(kv, "tie_rule", "a client bids k where g(b) = s - k + c_lose + beta (v(h(b)) "
		     "- v(b)) >= -1e-9: ties, and round-off of v (solved to about 1e-11), bid k");
	model_kv_add(kv, "policy_boundary", "smoothed: g is taken linear between nodes and a node "
		     "bids with the share of its hat where g >= 0, so gamma(z) is continuous in z "
		     "(a pure node policy would jump by a node's mass)");
}

/* The Monte Carlo population's finite-size bias against the mean field. */
static void describe_agents(const struct mfg *g, struct model_kv *kv)
{
	const struct mfg_econ *E = &g->econ;
	double pc = g->S->pc_pool, ps = g->S->ps_pool, N = (double)g->nagents;
	/* C clients and S = N - C servers a period: max(C - S, 0) clients go unmatched; C - S
	 * has mean N (pc - ps) and standard deviation 2 sqrt(N pc ps) */
	double mean = N * (pc - ps), sd = 2 * sqrt(N * pc * ps);
	double excess = sd > 0 ? mean * 0.5 * erfc(-mean / (sd * M_SQRT2)) +
					 sd * exp(-0.5 * mean * mean / (sd * sd)) / sqrt(2 * M_PI)
			       : fmax(mean, 0);
	double share = excess / (N * pc) - fmax(0, 1 - ps / pc); /* beyond the A10 matching */
	model_kv_num(kv, "agents_unmatched", share);
	/* the agents play the equilibrium policy, or the current belief's */
	double z = g->mode == MODE_EQUILIBRIUM ? g->eq_z : g->have_last ? pooled(g, g->last_a) : g->z0;
	double bias = share * (1 - z) * (pc * (E->s - E->k + E->c_lose) + ps * (E->k - E->c_serve)) /
		      (1 - E->beta);
	model_kv_num(kv, "agents_value_bias", bias);
	model_kv_add(kv, "agents_bias", "finite population: only min(#clients, #servers) pairs "
		     "form each period, so a share agents_unmatched of the bidding clients (and "
		     "as many servers) miss a trade the mean field gives them; mc_value then runs "
		     "below the mean-field value by about agents_value_bias at the z they play "
		     "(first order; their budgets also grow more slowly), mc_trade_ratio (trades "
		     "per pair) has no such bias, and each period's figures carry sampling noise "
		     "of order 1/sqrt(agents)");
}

static void describe_type(struct mfg *g, int t, struct model_kv *kv)
{
	struct mfg_solver *S = g->S;
	char key[64], label[40];
	type_label(g, t, label, sizeof label);
	const char *sfx = g->T > 1 ? label : "", *sp = g->T > 1 ? " " : "";
	if (S->closed) {
		snprintf(key, sizeof key, "V_inf%s%s", sp, sfx);
		model_kv_num(kv, key, S->t[t].vinf);
	}
	double lo[16], hi[16], iv[32];
	int n = mfg_solver_bid_intervals(S, t, lo, hi, 16);
	for (int i = 0; i < n; i++) {
		iv[2 * i] = lo[i];
		iv[2 * i + 1] = hi[i];
	}
	snprintf(key, sizeof key, "bid_set%s%s", sp, sfx);
	model_kv_mat(kv, key, iv, (size_t)n, 2);
	snprintf(key, sizeof key, "b_th%s%s", sp, sfx);
	double th = mfg_solver_threshold(S, t);
	if (isnan(th))
		model_kv_add(kv, key, "none (%s)", n ? "no budget from which every higher one bids"
						 : "nobody bids k");
	else
		model_kv_num(kv, key, th);
	if (g->T > 1) {
		snprintf(key, sizeof key, "gamma %s", label);
		model_kv_num(kv, key, g->gam[t]);
		snprintf(key, sizeof key, "value %s", label);
		model_kv_num(kv, key, S->t[t].value);
	}
}

/* Section VI: savings of a type = its client hours x (s - k) + the other type's client
 * hours x (k - c_serve), times the currency unit, times the trade ratio. */
static void describe_savings(struct mfg *g, struct model_kv *kv)
{
	const struct mfg_econ *E = &g->econ;
	double tr = 1 - pooled(g, g->last_a);
	char key[64], a[48], b[48], c[48], d[48], f[48], u[48], w[48];
	for (int t = 0; t < 2; t++) {
		double units = g->hours[t] * (E->s - E->k) + g->hours[1 - t] * (E->k - E->c_serve);
		snprintf(key, sizeof key, "savings type %d (USD/year)", t + 1);
		model_kv_num(kv, key, units * g->unit_cents / 100 * tr);
		snprintf(key, sizeof key, "savings type %d formula", t + 1);
		model_kv_add(kv, key, "(%s*(%s-%s) + %s*(%s-%s)) * %s/100 * trade_ratio",
			     num(a, g->hours[t]), num(b, E->s), num(c, E->k), num(d, g->hours[1 - t]),
			     num(f, E->k), num(u, E->c_serve), num(w, g->unit_cents));
	}
	for (int t = 0; t < 2; t++) {
		snprintf(key, sizeof key, "net_metering type %d (USD/year)", t + 1);
		model_kv_num(kv, key, -g->hours[t] * E->s / 100);
		snprintf(key, sizeof key, "net_metering type %d formula", t + 1);
		model_kv_add(kv, key, "-%s*%s/100 (as printed: 1 kWh an hour at s cents/kWh; not "
			     "in the market's units)", num(a, g->hours[t]), num(b, E->s));
	}
}

/* The state described is the last one observed (the start before any step). */
static void mfg_describe(struct model *m, struct model_kv *kv)
{
	struct mfg *g = m->self;
	const struct mfg_econ *E = &g->econ;
	struct mfg_solver *S = g->S;
	char a[48], b[48], c[48];
	if (g->have_last)
		solve_at(g, g->last_a);
	model_kv_add(kv, "variant", "%s", variant_names[E->variant]);
	if (g->loan)
		model_kv_add(kv, "loan_extra", "%s",
			     E->extra == MFG_EXTRA_BUDGET ? "budget (repayment to the server's "
							    "budget, not its reward)"
			     : E->extra == MFG_EXTRA_REWARD ? "reward (repayment also in the "
							      "server's reward)"
							    : "interest (only (alpha-1)(k-b)^+ "
							      "to the server)");
	int inside = E->k >= E->c_serve && E->k <= E->s + E->c_lose;
	model_kv_add(kv, "k_range", "[c_serve, s + c_lose] = [%s, %s]: k = %s is %s",
		     num(a, E->c_serve), num(b, E->s + E->c_lose), num(c, E->k),
		     inside ? "inside" : "OUTSIDE the paper's range");
	if (E->variant != MFG_HARD) {
		model_kv_num(kv, "L (lowest budget that may bid k)", S->L);
		if (E->alpha > 0)
			model_kv_num(kv, "U (wins lower the budget on [L, U))", S->U);
		else
			model_kv_add(kv, "U (wins lower the budget on [L, U))", "none: with alpha = "
				     "0 a win %s the budget", E->s >= E->k ? "never lowers"
								   : "always lowers");
	}
	if (S->closed)
		model_kv_add(kv, "closed_region", "b >= %s always bids, v = V_inf there",
			     num(a, fmax(S->btop, 0)));
	else
		model_kv_add(kv, "closed_region", "none (k > s): the whole grid is solved, "
			     "moves past bmax = %s are clamped", num(a, E->bmax));
	for (int t = 0; t < g->T; t++)
		describe_type(g, t, kv);
	if (g->have_last) {
		double z = pooled(g, g->last_a);
		model_kv_num(kv, "z", z);
		model_kv_num(kv, "gamma(z)", g->gpool);
		model_kv_num(kv, "trade_ratio", 1 - z);
		model_kv_num(kv, "value", g->value);
	}
	if (S->m_c < 1 || S->m_s < 1)
		model_kv_add(kv, "matching", "p_c != p_s (extension, not in the paper): a client "
			     "meets a server w.p. %s, a server a client w.p. %s", num(a, S->m_c),
			     num(b, S->m_s));
	model_kv_add(kv, "grid", "%zu nodes, h = %s, %zu iterated", S->M, num(a, E->h),
		     S->nsolve);
	describe_method(kv);
	model_kv_add(kv, "solver_sweeps", "%d value + %d distribution (last solve)", S->sweeps_v,
		     S->sweeps_pi);
	if (m->nwarnings > 0)
		model_kv_add(kv, "unconverged", "%ld solve%s did not converge; the last: %s",
			     m->nwarnings, m->nwarnings == 1 ? "" : "s", m->warning);
	if (g->mode == MODE_EQUILIBRIUM && g->A)
		model_kv_add(kv, "agent_policy", "equilibrium z* = %s (from z0 in %d iterations)",
			     num(a, g->eq_z), g->eq_iters);
	if (g->A) {
		model_kv_add(kv, "agents", "%zu (%s start, %s mode)", g->nagents,
			     g->agents_init ? "stationary" : "psi",
			     g->mode == MODE_BELIEF ? "belief"
			     : g->mode == MODE_EQUILIBRIUM ? "equilibrium" : "coupled");
		describe_agents(g, kv);
	}
	if (g->nhours == 2 && g->T == 2 && g->have_last)
		describe_savings(g, kv);
}

/* ---- life cycle ---- */

static void mfg_destroy(struct model *m)
{
	struct mfg *g = m->self;
	if (!g)
		return;
	mfg_solver_free(g->S);
	mfg_agents_free(g->A);
	free(g->off);
	free(g->q0);
	free(g->key);
	free(g->qout);
	free(g->last_a);
	free(g->qacc);
	free(g->hist);
	free(g->hstep);
	for (size_t i = NSERIES; i < g->nown; i++) {
		free((char *)g->own[i].name);
		free((char *)g->own[i].help);
	}
	free(g->own);
	free(g);
}

static const struct model_vt mfg_vt = {
	.destroy = mfg_destroy,
	.initial = mfg_initial,
	.best_response = mfg_best_response,
	.advance = mfg_advance,
	.observe = mfg_observe,
	.dist = mfg_dist,
	.describe = mfg_describe,
};

static int read_econ(const struct params *p, struct mfg_econ *E, struct err *e)
{
	memset(E, 0, sizeof *E);
	E->variant = (enum mfg_variant)params_int(p, "variant");
	E->extra = (enum mfg_extra)params_int(p, "loan_extra");
	E->k = params_num(p, "k");
	E->s = params_num(p, "s");
	E->c_serve = params_num(p, "c_serve");
	E->c_lose = params_num(p, "c_lose");
	E->alpha = params_num(p, "alpha");
	E->beta = params_num(p, "beta");
	E->b0_min = params_num(p, "b0_min");
	E->b0_max = params_num(p, "b0_max");
	E->h = params_num(p, "h");
	E->bmax = params_num(p, "bmax");
	const struct param_value *ty = params_get(p, "types");
	if (ty->rows > 0) {
		if (ty->cols != 2)
			return err_set(e, "mfg: types needs rows {p_s, share}");
		E->ntypes = ty->rows;
		for (int t = 0; t < ty->rows; t++) {
			E->p_s[t] = ty->arr[2 * t];
			E->share[t] = ty->arr[2 * t + 1];
		}
	} else {
		E->ntypes = 1;
		E->p_s[0] = params_num(p, "p_s");
		E->share[0] = 1;
	}
	return 0;
}

/* Several types: the instance publishes the class's series, then NAME_k of each. */
static void type_series_list(struct mfg *g, struct model *m)
{
	g->nown = NSERIES * (size_t)(1 + g->T);
	g->own = xcalloc(g->nown, sizeof *g->own);
	memcpy(g->own, mfg_series, sizeof mfg_series);
	size_t at = NSERIES;
	for (size_t i = 0; i < NSERIES; i++)
		for (int t = 0; t < g->T; t++) {
			char label[40];
			type_label(g, t, label, sizeof label);
			g->own[at].name = xasprintf("%s_%d", mfg_series[i].name, t + 1);
			g->own[at].help = xasprintf("%s of %s: %s", mfg_series[i].name, label,
						    mfg_type_help[i]);
			g->own[at].flags = mfg_series[i].flags & ~SERIES_F_PER_TYPE;
			at++;
		}
	m->series = g->own;
	m->nseries = g->nown;
}

static struct model *mfg_create(const struct model_ops *ops, const struct params *p,
				uint64_t seed, struct err *e)
{
	struct mfg_econ E;
	if (read_econ(p, &E, e) < 0)
		return NULL;
	int mode = params_int(p, "agents_mode");
	size_t nagents = (size_t)params_int(p, "agents");
	if (mode == MODE_COUPLED && nagents == 0) {
		err_set(e, "mfg: agents_mode = coupled needs agents > 0");
		return NULL;
	}
	const struct param_value *hv = params_get(p, "client_hours");
	if (hv->rows > 0 && hv->rows * (hv->cols ? hv->cols : 1) != E.ntypes) {
		err_set(e, "mfg: client_hours needs one value per type (%d)", E.ntypes);
		return NULL;
	}
	struct mfg_solver *S = mfg_solver_new(&E, e);
	if (!S)
		return NULL;

	struct mfg *g = xcalloc(1, sizeof *g);
	g->econ = E;
	g->S = S;
	g->T = E.ntypes;
	g->loan = E.variant == MFG_LOAN;
	g->nq = g->loan ? S->nq : 0;
	g->dim = (size_t)g->T + g->nq;
	int np = g->T + (g->loan ? 1 : 0);
	g->off = xcalloc((size_t)np + 1, sizeof *g->off);
	for (int t = 0; t <= g->T; t++)
		g->off[t] = (size_t)t;
	if (g->loan)
		g->off[np] = g->dim;
	g->z0 = params_num(p, "z0");
	g->key = xcalloc(g->dim, sizeof *g->key);
	g->last_a = xcalloc(g->dim, sizeof *g->last_a);
	g->nagents = nagents;
	g->agents_init = params_int(p, "agents_init");
	g->mode = mode;
	g->epoch = params_int(p, "epoch");
	g->hstride = 1;
	g->unit_cents = params_num(p, "unit_cents");
	if (hv->rows > 0) {
		g->nhours = E.ntypes;
		for (int t = 0; t < E.ntypes; t++)
			g->hours[t] = hv->arr[t];
	}
	if (g->loan) {
		g->qout = xcalloc(g->nq, sizeof *g->qout);
		g->qacc = xcalloc(g->nq, sizeof *g->qacc);
		g->q0 = xcalloc(g->nq, sizeof *g->q0);
		g->q0[0] = 1;
		/* the extra law consistent with the starting belief */
		mfg_solver_solve_selfq(S, g->z0, g->q0, 1e-12, SELFQ_MAXIT);
	}

	if (nagents > 0) {
		g->A = mfg_agents_new(&E, nagents, seed);
		if (mode == MODE_EQUILIBRIUM) {
			g->eq_z = mfg_solver_equilibrium(S, g->z0, EQ_TOL, EQ_MAXIT, &g->eq_iters);
			for (int t = 0; t < g->T; t++)
				g->eq_n[t] = mfg_solver_bid_intervals(S, t, g->eq_lo[t], g->eq_hi[t],
								     MFG_AGENTS_MAX_INTERVALS);
			set_policy_equilibrium(g);
		} else {
			double *a0 = xcalloc(g->dim, sizeof *a0);
			for (int t = 0; t < g->T; t++)
				a0[t] = g->z0;
			if (g->loan)
				memcpy(a0 + g->T, g->q0, g->nq * sizeof *a0);
			solve_at(g, a0);
			free(a0);
		}
		/* the solver now holds the law the agents start from */
		if (g->agents_init == 1)
			for (int t = 0; t < g->T; t++) {
				double *law;
				size_t n = mfg_solver_stationary_ext(S, t, 0, &law);
				mfg_agents_init_law(g->A, t, law, n, E.h);
				free(law);
			}
		else
			mfg_agents_init_psi(g->A);
		g->key_ok = mode != MODE_EQUILIBRIUM && g->key_ok;
	}

	struct model *m = model_alloc(ops, &mfg_vt, g);
	g->m = m;
	report_unconverged(g); /* the solves made while creating it */
	if (g->T > 1)
		type_series_list(g, m);
	m->dim = g->dim;
	m->nplayers = np;
	m->player_off = g->off;
	m->norm = MODEL_NORM_MAX;
	m->equilibrium = NULL;
	m->convergence = NULL;
	if (g->A && mode == MODE_EQUILIBRIUM) {
		/* z* is known: the equilibrium the agents play, which the belief iteration from
		 * the same z0 reaches too */
		model_set_ref(m, "z", g->eq_z);
		model_set_ref(m, "gamma", g->eq_z);
		model_set_ref(m, "trade_ratio", 1 - g->eq_z);
		model_set_ref(m, "mc_trade_ratio", 1 - g->eq_z);
	}
	return m;
}

const struct model_ops mfg_model_ops = {
	.name = "mfg",
	.summary = "mean-field bilateral trading market: budgets, loans, equilibrium belief "
		   "(Xia, Shakkottai & Subramanian)",
	.info =
	"WHAT IS IT\n"
	"A market where every agent is sometimes a server (sells one unit of a resource at a "
	"cost c_serve) and sometimes a client (gains s when served, loses c_lose when not). "
	"Clients and servers meet at random. All servers ask one price k; a client bids k or "
	"0, and can bid k only if its budget allows: hard (b >= k), bank (borrow so that the "
	"budget stays >= 0 after the trade, repay alpha times the shortfall) or loan (the "
	"server lends and is repaid). Agents leave w.p. 1 - beta and newcomers bring a budget "
	"from U[b0_min, b0_max]. The belief z is the share of clients bidding 0; the best "
	"response gamma(z) solves the agent's dynamic programme, takes the stationary budget "
	"law and reads off who bids 0. A mean-field equilibrium is z = gamma(z).\n"
	"THINGS TO NOTICE\n"
	"From z0 = 1 (nobody trades) hard freezes: nobody can afford k. Bank and loan ramp up "
	"slowly and then z drops sharply. Money matters only because it buys future trades. "
	"In the paper's cases the equilibrium bid set is a threshold b >= b_th, but Lemma 6 "
	"only makes it a finite union of intervals: bank with s = 9, beta = 0.95 and U[0,4] "
	"settles on four (describe --tol 1e-9 --steps 500: bid_set). The value E_Psi[v*] rises "
	"with the trade ratio 1 - z. Several equilibria can exist: look at gamma_curve against "
	"the diagonal.\n"
	"THINGS TO TRY\n"
	"Change b0_min/b0_max to U[5,10]; sweep k over [6, 8.5]; start from z0 = 0; add agents "
	"(agents = 100000, agents_init = stationary) and compare mc_trade_ratio with "
	"trade_ratio; set agents_mode = equilibrium with agents_init = psi to see the agents "
	"freeze although the equilibrium trades 84 %. Give two types (types = {{p_s = 0.4, "
	"share = 0.5}, {p_s = 0.6, share = 0.5}}, the mfg_pv scenario): every series then also "
	"comes per type, z_1, z_2, gamma_1, ..., value_2.",
	.params = mfg_params,
	.nparams = sizeof mfg_params / sizeof mfg_params[0],
	.series = mfg_series,
	.nseries = NSERIES,
	.dists = mfg_dists,
	.ndists = sizeof mfg_dists / sizeof mfg_dists[0],
	.create = mfg_create,
};
