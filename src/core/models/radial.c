/* radial: the learning-ready (radial-allocation) mechanisms of thesis chapters 1-3 as one
 * model for the learning engine. One model, because the three chapters share everything a
 * user sees (a constraint matrix A, capacities c, utilities, the message "demand plus a
 * price per row", the series and charts) and differ only in the allocation and tax rules,
 * which the `mechanism` parameter selects: unicast (ch. 1), multicast (ch. 2, groups that
 * share a rate, two prices per row) or general (ch. 3, projection from an interior point
 * theta; chapter 1's unicast network is a special case, and equality rows give local
 * public goods). The chapters are shown as scenarios.
 * Players are the agents; the joint action is the message profile (radial_core.h). The
 * engine publishes step_change; this file adds alloc_err (the convergence measure: the
 * equilibrium messages form a continuum, the allocation x* does not), the price and budget
 * series, feasibility, nash_gap (the largest gain of an exact best response, errata E2),
 * y_scale, the distributions and `describe` (x*, lambda*, mu*, equilibrium taxes, eta*).
 * Demands of ch. 1-2 matter only through their ratios: after every step the model asks the
 * engine to rescale the demands of the whole history to sum sum_i x_i* (so r = 1 at the
 * equilibrium message y = x*) and rho the other way (errata E6), except while some row has
 * a single positive demander (the tweaks of (1.8) and (2.9c) are not homogeneous, which is
 * also why the multicast eta* depends on this scale: at y = x* it is the spec's 0.382 /
 * 0.624); y_scale reports the sum of the demands as sent, over sum x*. Random stream 1 of
 * the seed draws the initial message.
 * Neighbours: radial_core (mathematics), model (interface), rng. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "core/models/models.h"
#include "core/models/radial_core.h"
#include "core/rng.h"
#include "core/xmalloc.h"

enum { STREAM_INIT = 1 };
#define GAIN_TOL 1e-11 /* a gain below this is rounding: the message is an equilibrium */

static const double fig6_A[] = { 1, 1, 1, 1, 1, 1, 1, 0 };
static const double fig6_c[] = { 10, 5 };
static const double fig6_w[] = { 4, 3, 2, 5 };

static const struct param_spec radial_params[] = {
	{ .name = "mechanism", .type = PARAM_ENUM, .def = 0,
	  .choices = "unicast|multicast|general", .unit = "",
	  .help = "unicast network (ch. 1), multicast groups (ch. 2) or general linear "
		  "constraints projected from theta (ch. 3)" },
	{ .name = "A", .type = PARAM_TABLE, .min = -1e9, .max = 1e9, .len_max = RADIAL_MAX_ROWS,
	  .flags = PARAM_F_OPTIONAL, .unit = "",
	  .help = "routing / constraint matrix, one row per link or constraint, one column per "
		  "agent (absent: the Fig. 6 network {{1,1,1,1},{1,1,1,0}})" },
	{ .name = "c", .type = PARAM_ARRAY, .min = 0, .max = 1e12, .len_max = RADIAL_MAX_ROWS,
	  .flags = PARAM_F_OPTIONAL, .unit = "",
	  .help = "capacity of each row (absent: {10, 5}, the Fig. 6 instance)" },
	{ .name = "utility", .type = PARAM_ENUM, .def = 0, .choices = "log|quadratic", .unit = "",
	  .help = "v_i(x) = w_i log(1+x), or w_i x - b_i x^2/2" },
	{ .name = "w", .type = PARAM_ARRAY, .min = 0, .max = 1e9, .len_max = RADIAL_MAX_AGENTS,
	  .flags = PARAM_F_OPTIONAL | PARAM_F_OPEN_LO, .unit = "",
	  .help = "utility weight of each agent (absent: {4, 3, 2, 5}, the Fig. 6 instance)" },
	{ .name = "b", .type = PARAM_ARRAY, .min = 0, .max = 1e9, .len_max = RADIAL_MAX_AGENTS,
	  .flags = PARAM_F_OPTIONAL | PARAM_F_OPEN_LO, .unit = "",
	  .help = "curvature b_i of the quadratic utility (one per agent; unused for log)" },
	{ .name = "group", .type = PARAM_ARRAY, .min = 1, .max = RADIAL_MAX_AGENTS,
	  .len_max = RADIAL_MAX_AGENTS, .flags = PARAM_F_OPTIONAL, .unit = "",
	  .help = "multicast: the group (1, 2, ...) of each agent; members of a group share a "
		  "rate on a link" },
	{ .name = "eta", .type = PARAM_REAL, .def = 0.05, .min = 0, .max = 1e6, .unit = "",
	  .help = "weight of the complementary-slackness tax term (ch. 1: (1.10); ch. 2: the "
		  "member term; ch. 3: the squared-slack term (3.18))" },
	{ .name = "zeta", .type = PARAM_REAL, .def = 0.05, .min = 0, .max = 1e6, .unit = "",
	  .help = "weight of the rho penalty zeta (rho_i - r)^2 of the SBB mechanisms (ch. 1-2)" },
	{ .name = "xi", .type = PARAM_REAL, .def = 0.05, .min = 0, .max = 1e6, .unit = "",
	  .help = "multicast: weight of the link-slack term of (2.13)-(2.14)" },
	{ .name = "theta", .type = PARAM_REAL, .def = 1e-3, .min = 0, .max = 1e6,
	  .flags = PARAM_F_OPEN_LO, .unit = "",
	  .help = "general: the interior point theta_i = theta of the projection (3.14); "
		  "demands are at least d_i = 2 theta" },
	{ .name = "budget", .type = PARAM_ENUM, .def = 0,
	  .choices = "wbb|sbb|sbb_literal|sbb_offeq", .unit = "",
	  .help = "weak budget balance, strong at equilibrium (ch. 1 Sec. 4, ch. 2 corrected "
		  "(errata E1), ch. 3 (3.26)), the thesis's literal (2.24)-(2.25) (multicast), "
		  "or SBB also off equilibrium (3.28)-(3.29) (general)" },
	{ .name = "init", .type = PARAM_ENUM, .def = 0, .choices = "random|ne|ne_prices|perturbed",
	  .unit = "",
	  .help = "initial message: random, the equilibrium message, equilibrium prices with "
		  "random demands, or the equilibrium message perturbed by init_scale" },
	{ .name = "init_scale", .type = PARAM_REAL, .def = 0.01, .min = 0, .max = 1e6, .unit = "",
	  .help = "relative size of the perturbation for init = perturbed" },
};

static const struct model_series_desc radial_series[] = {
	{"alloc_err", "||x - x*||_2, distance of the allocation from the efficient one (the "
		      "convergence measure)", SERIES_F_LOGY},
	{"price_err", "||q - q*||_2 over every price of the message (q* = lambda*, or mu* in "
		      "multicast)", SERIES_F_LOGY},
	{"price_spread", "largest disagreement on a row: max - min of the quotes (multicast: of "
			 "the group totals)", SERIES_F_LOGY},
	{"revenue", "sum of the price-taking payments x_i sum_l A_li price_i^l", 0},
	{"tax_sum", "sum of all taxes under the budget (0 under SBB at an equilibrium with y in "
		    "C)", 0},
	{"welfare_gap", "sum v_i(x_i*) - sum v_i(x_i): welfare lost against the optimum", 0},
	{"feas_violation", "largest excess of a capacity, equality or sign constraint (the "
			   "allocation is feasible for every message)", 0},
	{"nash_gap", "largest gain any agent gets from its exact best response to the current "
		     "message", SERIES_F_LOGY},
	{"y_scale", "sum of the demands as sent over sum x*, before ch. 1-2 rescale them back "
		    "to sum x* (1 at the equilibrium message)", SERIES_F_LOGY},
};

static const struct model_dist_desc radial_dists[] = {
	{"allocation", DIST_LINE, "allocation x_i now and the efficient x_i* over agents"},
	{"utilisation", DIST_LINE, "load / capacity of each row now and at x*"},
	{"price", DIST_LINE, "quotes on each row now (multicast: group totals) and lambda*"},
	{"tax", DIST_LINE, "tax t_i now and at the equilibrium message over agents"},
	{"net_utility", DIST_LINE, "v_i(x_i) - t_i now and at the equilibrium message"},
};

struct radial_model {
	struct radial rd;
	double *m0;
	double *ne_tax, *ne_tax_sbb, *ne_net;
	double *pay0; /* observe: payoffs at the current message */
	double last_scale;
	int rescaled;
	int have_eta_star;
	double eta_star, ne_gain;
	const char *solve_note;
};

static struct radial_model *self_of(struct model *m) { return m->self; }

static void radial_destroy(struct model *m)
{
	struct radial_model *d = self_of(m);
	radial_fini(&d->rd);
	free(d->m0);
	free(d->ne_tax);
	free(d->ne_tax_sbb);
	free(d->ne_net);
	free(d->pay0);
	free(d);
}

static void radial_initial(struct model *m, double *a0)
{
	memcpy(a0, self_of(m)->m0, self_of(m)->rd.dim * sizeof *a0);
}

static int radial_best(struct model *m, const double *belief, int player, double *out,
		       struct err *e)
{
	struct radial *rd = &self_of(m)->rd;
	if (player >= 0) {
		radial_br(rd, belief, player, out);
		return 0;
	}
	radial_br_all(rd, belief, out);
	return 0;
}

static int radial_rescale_hook(struct model *m, const double *a, double *f)
{
	struct radial_model *d = self_of(m);
	double S = radial_rescale(&d->rd, a, f);
	if (!(S > 0))
		return 0;
	d->last_scale = S;
	d->rescaled = 1;
	return 1;
}

static double l2(const double *a, const double *b, int n)
{
	double s = 0;
	for (int i = 0; i < n; i++)
		s += (a[i] - b[i]) * (a[i] - b[i]);
	return sqrt(s);
}

/* Largest disagreement of the quotes on a row (multicast: of the group totals). */
static double spread(const struct radial *rd, const double *a)
{
	double worst = 0;
	for (int l = 0; l < rd->nl; l++) {
		double lo = INFINITY, hi = -INFINITY;
		for (int s = rd->rs[l]; s < rd->rs[l + 1]; s++) {
			double v = 0;
			for (int k = rd->sm[s]; k < rd->sm[s + 1]; k++)
				v += a[rd->oq1[rd->smem[k]]];
			lo = fmin(lo, v);
			hi = fmax(hi, v);
		}
		worst = fmax(worst, hi - lo);
	}
	return worst;
}

/* Largest gain of an exact best response at message a (evaluates rd). */
static double max_gain(struct radial_model *d, const double *a)
{
	struct radial *rd = &d->rd;
	radial_eval(rd, a, rd->budget);
	for (int i = 0; i < rd->n; i++)
		d->pay0[i] = rd->ev.util[i] - rd->ev.tax[i];
	double worst = 0;
	for (int i = 0; i < rd->n; i++) {
		memcpy(rd->scratch, a, rd->dim * sizeof *a);
		radial_br(rd, a, i, rd->scratch);
		worst = fmax(worst, radial_payoff(rd, rd->scratch, i) - d->pay0[i]);
	}
	return worst;
}

static int radial_observe(struct model *m, const struct model_obs *o, double *vals,
			  struct err *e)
{
	struct radial_model *d = self_of(m);
	struct radial *rd = &d->rd;
	const double *a = o->action;
	radial_eval(rd, a, rd->budget);
	double pq = 0, rev = 0, tax = 0, wel = 0, ys = 0;
	for (int k = 0; k < rd->nnz; k++) {
		pq += pow(a[rd->oq1[k]] - rd->ne[rd->oq1[k]], 2);
		if (rd->oq2[k] >= 0)
			pq += pow(a[rd->oq2[k]] - rd->ne[rd->oq2[k]], 2);
	}
	for (int i = 0; i < rd->n; i++) {
		rev += rd->ev.pay[i];
		tax += rd->ev.tax[i];
		wel += rd->ev.util[i];
		ys += a[rd->off[i]];
	}
	vals[0] = l2(rd->ev.x, rd->xstar, rd->n);
	vals[1] = sqrt(pq);
	vals[2] = spread(rd, a);
	vals[3] = rev;
	vals[4] = tax;
	vals[5] = rd->welfare_star - wel;
	vals[6] = radial_violation(rd);
	vals[8] = d->rescaled ? d->last_scale : ys / rd->ysum;
	d->rescaled = 0;
	vals[7] = max_gain(d, a);
	return 0;
}

/* ---- distributions ---------------------------------------------------------------------- */

static double *seq(int n)
{
	double *x = xmallocarray((size_t)n, sizeof *x);
	for (int i = 0; i < n; i++)
		x[i] = i + 1;
	return x;
}

static void dist_rows(struct radial *rd, const double *a, struct dist *dd)
{
	int nl = rd->nl;
	double *xs = seq(nl), *now = xcalloc((size_t)nl, sizeof *now);
	double *star = xcalloc((size_t)nl, sizeof *star);
	radial_eval(rd, rd->ne, RADIAL_WBB);
	for (int l = 0; l < nl; l++)
		star[l] = rd->c[l] > 0 ? rd->ev.load[l] / rd->c[l] : NAN;
	radial_eval(rd, a, rd->budget);
	for (int l = 0; l < nl; l++)
		now[l] = rd->c[l] > 0 ? rd->ev.load[l] / rd->c[l] : NAN;
	dist_init(dd, DIST_LINE, "utilisation", "load / capacity of each row", "row", "load/c");
	dist_add(dd, "now", xs, now, (size_t)nl)->style = DIST_STYLE_POINTS;
	dist_add(dd, "at x*", xs, star, (size_t)nl)->style = DIST_STYLE_REFERENCE;
	free(xs);
	free(now);
	free(star);
}

static void dist_price(struct radial *rd, const double *a, struct dist *dd)
{
	int multi = rd->mech == RADIAL_MULTICAST, n = multi ? rd->ns : rd->nnz, k = 0;
	double *px = xmallocarray((size_t)n, sizeof *px), *py = xmallocarray((size_t)n, sizeof *py);
	for (int l = 0; l < rd->nl; l++) {
		if (multi) {
			for (int s = rd->rs[l]; s < rd->rs[l + 1]; s++, k++) {
				px[k] = l + 1;
				py[k] = 0;
				for (int j = rd->sm[s]; j < rd->sm[s + 1]; j++)
					py[k] += a[rd->oq1[rd->smem[j]]];
			}
		} else {
			for (int j = rd->ra[l]; j < rd->ra[l + 1]; j++, k++) {
				px[k] = l + 1;
				py[k] = a[rd->oq1[rd->rent[j]]];
			}
		}
	}
	double *xs = seq(rd->nl);
	dist_init(dd, DIST_LINE, "price",
		  multi ? "group price totals on each link vs lambda*" : "quotes on each row vs lambda*",
		  "row", "price");
	dist_add(dd, multi ? "group totals" : "quotes", px, py, (size_t)n)->style =
		DIST_STYLE_POINTS;
	dist_add(dd, "lambda*", xs, rd->lam, (size_t)rd->nl)->style = DIST_STYLE_REFERENCE;
	free(px);
	free(py);
	free(xs);
}

static int radial_dist(struct model *m, const char *name, const double *a, struct dist *dd,
		       struct err *e)
{
	struct radial_model *d = self_of(m);
	struct radial *rd = &d->rd;
	int n = rd->n;
	if (strcmp(name, "utilisation") == 0) {
		dist_rows(rd, a, dd);
		return 0;
	}
	if (strcmp(name, "price") == 0) {
		dist_price(rd, a, dd);
		return 0;
	}
	radial_eval(rd, a, rd->budget);
	double *xs = seq(n), *net = xmallocarray((size_t)n, sizeof *net);
	for (int i = 0; i < n; i++)
		net[i] = rd->ev.util[i] - rd->ev.tax[i];
	int rc = 0;
	if (strcmp(name, "allocation") == 0) {
		dist_init(dd, DIST_LINE, name, "allocation x_i now vs efficient x_i*", "agent", "x");
		dist_add(dd, "x now", xs, rd->ev.x, (size_t)n);
		dist_add(dd, "x*", xs, rd->xstar, (size_t)n)->style = DIST_STYLE_REFERENCE;
	} else if (strcmp(name, "tax") == 0) {
		dist_init(dd, DIST_LINE, name, "tax t_i now vs at the equilibrium message", "agent",
			  "t");
		dist_add(dd, "t now", xs, rd->ev.tax, (size_t)n);
		dist_add(dd, "t at NE", xs, rd->budget == RADIAL_WBB ? d->ne_tax : d->ne_tax_sbb,
			 (size_t)n)->style = DIST_STYLE_REFERENCE;
	} else if (strcmp(name, "net_utility") == 0) {
		dist_init(dd, DIST_LINE, name, "net utility v_i(x_i) - t_i now vs at the equilibrium",
			  "agent", "v - t");
		dist_add(dd, "now", xs, net, (size_t)n);
		dist_add(dd, "at NE", xs, d->ne_net, (size_t)n)->style = DIST_STYLE_REFERENCE;
	} else {
		rc = err_set(e, "model 'radial' has no distribution '%s'; known: allocation, "
				"utilisation, price, tax, net_utility", name);
	}
	free(xs);
	free(net);
	return rc;
}

/* ---- describe ----------------------------------------------------------------------------- */

/* The largest gain at the equilibrium message with eta (and xi, multicast) set to t. */
static double ne_gain_at(struct radial_model *d, double t)
{
	struct radial *rd = &d->rd;
	double eta = rd->eta, xi = rd->xi;
	rd->eta = t;
	if (rd->mech != RADIAL_GENERAL)
		rd->xi = t;
	double g = max_gain(d, rd->ne);
	rd->eta = eta;
	rd->xi = xi;
	return g;
}

/* eta*: bisection on the gain at the equilibrium message (errata E2); NAN = none found up
 * to 1e6, -1 = the message is no equilibrium even at eta = 0. */
static double eta_star(struct radial_model *d)
{
	if (ne_gain_at(d, 0) > GAIN_TOL)
		return -1;
	double lo = 0, hi = 1;
	while (ne_gain_at(d, hi) <= GAIN_TOL) {
		lo = hi;
		hi *= 2;
		if (hi > 1e6)
			return NAN;
	}
	for (int it = 0; it < 200 && hi - lo > 1e-13 * hi; it++) {
		double mid = 0.5 * (lo + hi);
		if (ne_gain_at(d, mid) <= GAIN_TOL)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static const char *mech_name(enum radial_mech k)
{
	return k == RADIAL_UNICAST ? "unicast" : k == RADIAL_MULTICAST ? "multicast" : "general";
}

static void describe_ne(struct radial_model *d, struct model_kv *kv)
{
	struct radial *rd = &d->rd;
	if (!d->have_eta_star) {
		d->ne_gain = max_gain(d, rd->ne);
		d->eta_star = rd->mech == RADIAL_GENERAL ? NAN : eta_star(d);
		d->have_eta_star = 1;
	}
	model_kv_num(kv, "ne_gain", d->ne_gain);
	if (rd->mech == RADIAL_GENERAL) {
		model_kv_add(kv, "eta_star", "none: in chapter 3 the equilibrium holds for every "
			     "eta (errata E3)");
	} else if (d->eta_star < 0) {
		model_kv_add(kv, "eta_star", "none: the equilibrium message is not an equilibrium "
			     "even at eta = 0 (see the assumptions)");
	} else if (isnan(d->eta_star)) {
		model_kv_add(kv, "eta_star", "none below 1e6: the equilibrium holds for every eta "
			     "tried");
	} else {
		model_kv_num(kv, "eta_star", d->eta_star);
		if (rd->mech == RADIAL_MULTICAST)
			model_kv_add(kv, "eta_star_note", "computed with eta = xi (errata E2)");
	}
	if (d->ne_gain > GAIN_TOL)
		model_kv_add(kv, "ne_check", "the equilibrium message is NOT an equilibrium at "
			     "these parameters: an agent gains %.6g by deviating%s", d->ne_gain,
			     rd->mech == RADIAL_GENERAL ? "" : " (eta is above eta*, errata E2)");
	else
		model_kv_add(kv, "ne_check", "the equilibrium message is an equilibrium (largest "
			     "gain %.3g)", d->ne_gain);
}

static void radial_describe(struct model *m, struct model_kv *kv)
{
	struct radial_model *d = self_of(m);
	struct radial *rd = &d->rd;
	static const char *const bud[] = { "wbb", "sbb", "sbb_literal", "sbb_offeq" };
	model_kv_add(kv, "mechanism", "%s", mech_name(rd->mech));
	model_kv_add(kv, "budget", "%s", bud[rd->budget]);
	model_kv_add(kv, "agents", "%d", rd->n);
	model_kv_add(kv, "rows", "%d", rd->nl);
	model_kv_add(kv, "message_dim", "%zu", rd->dim);
	model_kv_vec(kv, "x_star", rd->xstar, (size_t)rd->n);
	model_kv_vec(kv, "lambda_star", rd->lam, (size_t)rd->nl);
	if (rd->mech == RADIAL_MULTICAST) {
		double *mu = xcalloc((size_t)rd->n * rd->nl, sizeof *mu);
		for (int k = 0; k < rd->nnz; k++)
			mu[(size_t)rd->ent_agent[k] * rd->nl + rd->ent_row[k]] = rd->mu[k];
		model_kv_mat(kv, "mu_star", mu, (size_t)rd->n, (size_t)rd->nl);
		free(mu);
	}
	if (rd->mech == RADIAL_GENERAL && rd->degenerate) {
		double *g = xmallocarray((size_t)rd->n, sizeof *g);
		for (int i = 0; i < rd->n; i++)
			g[i] = rd->eqg[i] + 1;
		model_kv_vec(kv, "equal_groups", g, (size_t)rd->n);
		free(g);
	}
	model_kv_num(kv, "welfare_star", rd->welfare_star);
	model_kv_vec(kv, "ne_message", rd->ne, rd->dim);
	model_kv_vec(kv, "ne_tax", d->ne_tax, (size_t)rd->n);
	double rev = 0, sum = 0;
	for (int i = 0; i < rd->n; i++) {
		rev += d->ne_tax[i];
		sum += d->ne_tax_sbb[i];
	}
	model_kv_num(kv, "ne_revenue", rev);
	model_kv_vec(kv, "ne_tax_sbb", d->ne_tax_sbb, (size_t)rd->n);
	model_kv_num(kv, "ne_tax_sbb_sum", sum);
	describe_ne(d, kv);
	model_kv_add(kv, "solver", "%s", d->solve_note);
	if (rd->mech != RADIAL_GENERAL)
		model_kv_add(kv, "dynamics_note", "kperiod and fictitious best-respond to the "
			     "average message, not to the empirical distribution of the thesis's "
			     "k-period best response (errata E7)");
}

static const struct model_vt radial_vt = {
	.destroy = radial_destroy,
	.initial = radial_initial,
	.best_response = radial_best,
	.observe = radial_observe,
	.dist = radial_dist,
	.describe = radial_describe,
	.rescale = radial_rescale_hook,
};

/* ---- creation ----------------------------------------------------------------------------- */

/* An array parameter or its Fig. 6 default; NULL with e when the length is not `want`. */
static const double *array_or(const struct params *p, const char *name, const double *def,
			      int ndef, int want, struct err *e)
{
	const struct param_value *v = params_get(p, name);
	const double *a = v->rows > 0 ? v->arr : def;
	int len = v->rows > 0 ? v->rows : ndef;
	if (len != want) {
		if (v->rows > 0)
			err_set(e, "parameter '%s' has %d values but there are %d %s", name, len,
				want, strcmp(name, "c") ? "agents" : "rows");
		else
			err_set(e, "parameter '%s' is absent: give %d values (its default belongs "
				   "to the Fig. 6 instance)", name, want);
		return NULL;
	}
	return a;
}

static void initial_message(struct radial_model *d, const char *init, double scale,
			    uint64_t seed)
{
	struct radial *rd = &d->rd;
	struct rng r;
	rng_stream(&r, seed, STREAM_INIT);
	double lbar = 0;
	for (int l = 0; l < rd->nl; l++)
		lbar = fmax(lbar, rd->lam[l]);
	if (!(lbar > 0))
		lbar = 1;
	double *m = d->m0;
	memcpy(m, rd->ne, rd->dim * sizeof *m);
	if (strcmp(init, "ne") == 0)
		return;
	if (strcmp(init, "perturbed") == 0) {
		for (size_t k = 0; k < rd->dim; k++) {
			double base = m[k] > 0 ? m[k] : lbar;
			m[k] = fmax(0, m[k] + scale * base * rng_uniform_range(&r, -1, 1));
		}
		for (int i = 0; i < rd->n && rd->mech == RADIAL_GENERAL; i++)
			m[rd->off[i]] = fmax(m[rd->off[i]], 2 * rd->theta);
		return;
	}
	double S = 0;
	for (int i = 0; i < rd->n; i++) {
		double u = rng_uniform_range(&r, 0.1, 1);
		if (rd->mech == RADIAL_GENERAL)
			u = fmax(2 * rd->theta, rd->xstar[i] * (0.5 + u));
		m[rd->off[i]] = u;
		S += u;
	}
	if (rd->mech != RADIAL_GENERAL)
		for (int i = 0; i < rd->n; i++)
			m[rd->off[i]] *= rd->ysum / S;
	if (strcmp(init, "random") == 0)
		for (int k = 0; k < rd->nnz; k++) {
			int s = rd->ent_slot[k];
			double g = rd->sm[s + 1] - rd->sm[s];
			m[rd->oq1[k]] = lbar * rng_uniform_range(&r, 0.2, 2) / g;
			if (rd->oq2[k] >= 0)
				m[rd->oq2[k]] = lbar * rng_uniform_range(&r, 0.2, 2) / g;
		}
	radial_eval(rd, m, RADIAL_WBB);
	for (int i = 0; i < rd->n; i++)
		if (rd->orho[i] >= 0)
			m[rd->orho[i]] = rd->ev.r * (strcmp(init, "random") == 0
							     ? rng_uniform_range(&r, 0.5, 1.5) : 1);
}

static int setup_from_params(const struct params *p, struct radial_setup *s, int **group,
			     struct err *e)
{
	const struct param_value *A = params_get(p, "A");
	int n = A->rows > 0 ? A->cols : 4, nl = A->rows > 0 ? A->rows : 2;
	const char *mech = params_str(p, "mechanism"), *bud = params_str(p, "budget");
	*s = (struct radial_setup){
		.mech = !strcmp(mech, "unicast") ? RADIAL_UNICAST
			: !strcmp(mech, "multicast") ? RADIAL_MULTICAST : RADIAL_GENERAL,
		.budget = !strcmp(bud, "wbb") ? RADIAL_WBB : !strcmp(bud, "sbb") ? RADIAL_SBB
			: !strcmp(bud, "sbb_literal") ? RADIAL_SBB_LITERAL : RADIAL_SBB_OFFEQ,
		.util = !strcmp(params_str(p, "utility"), "log") ? RADIAL_LOG : RADIAL_QUAD,
		.n = n, .nl = nl, .A = A->rows > 0 ? A->arr : fig6_A,
		.eta = params_num(p, "eta"), .zeta = params_num(p, "zeta"),
		.xi = params_num(p, "xi"), .theta = params_num(p, "theta"),
	};
	if (n < 2 || n > RADIAL_MAX_AGENTS)
		return err_set(e, "parameter 'A' has %d columns: allowed 2 to %d agents", n,
			       RADIAL_MAX_AGENTS);
	if (s->budget == RADIAL_SBB_LITERAL && s->mech != RADIAL_MULTICAST)
		return err_set(e, "budget 'sbb_literal' is the thesis's (2.24)-(2.25): it applies "
				  "to mechanism 'multicast' only");
	if (s->budget == RADIAL_SBB_OFFEQ && s->mech != RADIAL_GENERAL)
		return err_set(e, "budget 'sbb_offeq' is (3.28)-(3.29): it applies to mechanism "
				  "'general' only");
	if (!(s->c = array_or(p, "c", fig6_c, 2, nl, e)) ||
	    !(s->w = array_or(p, "w", fig6_w, 4, n, e)))
		return -1;
	const struct param_value *b = params_get(p, "b"), *g = params_get(p, "group");
	if (s->util == RADIAL_QUAD) {
		if (b->rows != n)
			return err_set(e, "utility 'quadratic' needs parameter 'b' with %d values "
					  "(one per agent), got %d", n, b->rows);
		s->b = b->arr;
	}
	if (s->mech == RADIAL_MULTICAST) {
		if (g->rows != n)
			return err_set(e, "mechanism 'multicast' needs parameter 'group' with %d "
					  "values (one per agent), got %d", n, g->rows);
		*group = xmallocarray((size_t)n, sizeof **group);
		for (int i = 0; i < n; i++) {
			if (g->arr[i] != floor(g->arr[i]))
				return err_set(e, "parameter 'group' element %d = %g is not an "
						  "integer", i + 1, g->arr[i]);
			(*group)[i] = (int)g->arr[i];
		}
		s->group = *group;
	}
	return 0;
}

static struct model *radial_create(const struct model_ops *ops, const struct params *p,
				   uint64_t seed, struct err *e)
{
	struct radial_setup s;
	int *group = NULL;
	struct radial_model *d = xcalloc(1, sizeof *d);
	if (setup_from_params(p, &s, &group, e) < 0 || radial_init(&d->rd, &s, e) < 0) {
		free(group);
		radial_fini(&d->rd);
		free(d);
		return NULL;
	}
	free(group);
	struct radial *rd = &d->rd;
	struct err se;
	int solved = radial_solve(rd, &se);
	d->solve_note = solved == 0 ? "interior point: converged" : "interior point: did NOT converge";
	int n = rd->n;
	d->m0 = xcalloc(rd->dim, sizeof *d->m0);
	d->ne_tax = xcalloc((size_t)n, sizeof *d->ne_tax);
	d->ne_tax_sbb = xcalloc((size_t)n, sizeof *d->ne_tax_sbb);
	d->ne_net = xcalloc((size_t)n, sizeof *d->ne_net);
	d->pay0 = xcalloc((size_t)n, sizeof *d->pay0);
	enum radial_budget sbb = rd->budget == RADIAL_WBB ? RADIAL_SBB : rd->budget;
	if (sbb == RADIAL_SBB_LITERAL)
		sbb = RADIAL_SBB; /* equal at the equilibrium message */
	radial_eval(rd, rd->ne, RADIAL_WBB);
	memcpy(d->ne_tax, rd->ev.tax, (size_t)n * sizeof *d->ne_tax);
	radial_eval(rd, rd->ne, rd->budget);
	for (int i = 0; i < n; i++)
		d->ne_net[i] = rd->ev.util[i] - rd->ev.tax[i];
	radial_eval(rd, rd->ne, sbb); /* a WBB message has no rho: r stands in (rho = r at NE) */
	memcpy(d->ne_tax_sbb, rd->ev.tax, (size_t)n * sizeof *d->ne_tax_sbb);
	initial_message(d, params_str(p, "init"), params_num(p, "init_scale"), seed);
	struct model *m = model_alloc(ops, &radial_vt, d);
	if (solved < 0)
		model_warn(m, "%s", se.msg);
	m->dim = rd->dim;
	m->nplayers = n;
	m->player_off = rd->off;
	m->norm = MODEL_NORM_L2;
	m->convergence = "alloc_err";
	return m;
}

static const char radial_info[] =
	"WHAT IS IT\n"
	"Agents with private concave utilities share capacity-limited links (or any linear "
	"constraints A x <= c). The mechanisms of thesis chapters 1-3 ask each agent for a "
	"demand y_i and a price per row it uses (multicast: two, ch. 2), allocate by radial "
	"projection of the demand vector onto the boundary of the feasible set (from 0 in ch. "
	"1-2, from an interior point theta in ch. 3) and tax with a price-taking payment at "
	"the others' average price, a penalty for disagreeing with it and a slackness term. "
	"Every Nash equilibrium gives the efficient allocation x* with prices lambda*, and the "
	"allocation is feasible for every message: the thesis calls this learning-ready.\n"
	"All learning dynamics apply: cournot best-responds to the last message; kperiod and "
	"fictitious best-respond to the average message (not to the empirical distribution of "
	"the thesis's k-period best response, errata E7); sequential lets agents move one at a "
	"time.\n"
	"\n"
	"THINGS TO NOTICE\n"
	"- feas_violation stays at rounding level whatever the agents send.\n"
	"- Started at the equilibrium message, nash_gap is 0 and nothing moves (below eta*).\n"
	"- From anywhere else play does not converge: quotes on a row reach consensus by "
	"averaging, a slack row pushes its price down and nothing pushes a price up, so the "
	"common price settles wherever averaging put it; demands then grow without bound "
	"(y_scale) and under sequential play the last mover takes the link. Feasible is not "
	"learnable: compare the chapter 4 mechanisms (model dmech), whose best responses "
	"contract.\n"
	"- describe shows eta*: above it the claimed equilibrium is not one (errata E2).\n"
	"\n"
	"THINGS TO TRY\n"
	"- set init \"ne\", then set init \"ne_prices\" with eta 0: demands from anywhere find x*.\n"
	"- set eta 0.5 with init \"ne\": nash_gap jumps (eta above eta*).\n"
	"- dynamics cournot,sequential and dynamics fictitious.\n"
	"- set budget \"sbb\": tax_sum is 0 at the equilibrium.";

const struct model_ops radial_model_ops = {
	.name = "radial",
	.summary = "learning-ready radial-allocation mechanisms: unicast, multicast, linear "
		   "constraints (thesis ch. 1-3)",
	.info = radial_info,
	.params = radial_params,
	.nparams = sizeof radial_params / sizeof radial_params[0],
	.series = radial_series,
	.nseries = sizeof radial_series / sizeof radial_series[0],
	.dists = radial_dists,
	.ndists = sizeof radial_dists / sizeof radial_dists[0],
	.create = radial_create,
};
