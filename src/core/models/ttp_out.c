/* ttp_out: what a `ttp` instance shows: its distributions (prices, demand, welfare by time,
 * bids at the current node, path welfare) and its describe lines (optima, benchmarks, the LP
 * gap, node values and assignments). Everything per node is listed in tree-row order (the
 * user's numbering), not the internal layer order. Reads the state that ttp.c owns; the
 * best split is computed here on the first describe and kept (an enumeration of DP solves).
 * Neighbours: ttp (the model), ttp_dp, ttp_market. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/models/ttp_model.h"
#include "core/xmalloc.h"

void ttp_out_buyer(int i, char *buf, size_t size)
{
	snprintf(buf, size, "%c", 'A' + i);
}

/* x = 1..n tree rows and y[r] = node vector value at row r. */
static void by_row(const struct ttp_tree *tr, const double *node, double *x, double *y)
{
	for (int r = 0; r < tr->n; r++) {
		x[r] = r + 1;
		y[r] = node[tr->idx[r]];
	}
}

static void dist_price(struct ttp *g, const double *a, struct dist *d)
{
	const struct ttp_tree *tr = &g->tr;
	double *x = xmallocarray((size_t)tr->n, sizeof *x), *y = xmallocarray((size_t)tr->n, sizeof *y);
	dist_init(d, DIST_LINE, "price", "Node prices now vs one LP equilibrium price system",
		  "tree row", "price");
	by_row(tr, a, x, y);
	dist_add(d, "p now", x, y, (size_t)tr->n)->style = DIST_STYLE_POINTS;
	by_row(tr, g->lp.p, x, y);
	dist_add(d, "LP price", x, y, (size_t)tr->n)->style = DIST_STYLE_REFERENCE;
	free(x);
	free(y);
}

static void dist_demand(struct ttp *g, const double *a, struct dist *d)
{
	const struct ttp_tree *tr = &g->tr;
	size_t n = (size_t)tr->n;
	double *x = xmallocarray(n, sizeof *x), *y = xmallocarray(n, sizeof *y);
	double *node = xmallocarray(n, sizeof *node);
	ttp_market_eval(&g->mk, a);
	dist_init(d, DIST_LINE, "demand", "Demand at the current prices vs capacity", "tree row",
		  "permits");
	for (size_t k = 0; k < n; k++)
		node[k] = g->mk.demand[k];
	by_row(tr, node, x, y);
	dist_add(d, "demand", x, y, n)->style = DIST_STYLE_POINTS;
	for (size_t k = 0; k < n; k++)
		node[k] = g->mu[tr->t[k]];
	by_row(tr, node, x, y);
	dist_add(d, "capacity", x, y, n)->style = DIST_STYLE_REFERENCE;
	free(x);
	free(y);
	free(node);
}

static void dist_welfare(struct ttp *g, struct dist *d)
{
	int T1 = g->tr.T + 1;
	double *x = xmallocarray((size_t)T1, sizeof *x);
	char **labels = xmallocarray((size_t)T1, sizeof *labels);
	for (int t = 0; t < T1; t++) {
		x[t] = t;
		labels[t] = xasprintf("t=%d", t);
	}
	dist_init(d, DIST_BARS, "welfare", "Expected welfare by trading time", "trading time",
		  "E[sum_i v_i(t) y_i(t)]");
	dist_set_labels(d, (const char *const *)labels, (size_t)T1);
	dist_add(d, "optimal (DP)", x, g->dp_bytime, (size_t)T1);
	dist_add(d, "greedy", x, g->gr_bytime, (size_t)T1);
	for (int t = 0; t < T1; t++)
		free(labels[t]);
	free(labels);
	free(x);
}

static void dist_wtp(struct ttp *g, const double *a, struct dist *d)
{
	const struct ttp_tree *tr = &g->tr;
	int nb = tr->nb, k = g->cur;
	double x[TTP_MAX_BUYERS], net[TTP_MAX_BUYERS], price[TTP_MAX_BUYERS];
	char name[TTP_MAX_BUYERS][8];
	const char *labels[TTP_MAX_BUYERS];
	ttp_market_eval(&g->mk, a);
	for (int i = 0; i < nb; i++) {
		size_t c = (size_t)k * (size_t)nb + (size_t)i;
		char b[4];
		ttp_out_buyer(i, b, sizeof b);
		/* a buyer that bought or quit before this node is out of this market */
		snprintf(name[i], sizeof name[i], g->mk.active[c] ? "%s" : "(%s)", b);
		labels[i] = name[i];
		x[i] = i + 1;
		net[i] = tr->v[c] - g->mk.cont[c];
		price[i] = a[k];
	}
	char title[80];
	snprintf(title, sizeof title, "Bids v-cont vs price at tree row %d (t = %d)",
		 tr->row[k] + 1, tr->t[k]);
	dist_init(d, DIST_BARS, "wtp", title, "buyer ((X): out of the market)", "value");
	dist_set_labels(d, labels, (size_t)nb);
	dist_add(d, "net willingness to pay", x, net, (size_t)nb);
	dist_add(d, "price", x, price, (size_t)nb);
}

static int cmp_pair(const void *a, const void *b)
{
	const double *x = a, *y = b;
	return x[0] < y[0] ? -1 : x[0] > y[0];
}

/* A step CDF of the leaves' path welfare w (indexed by node) with weights wt (by leaf). */
static void add_cdf(struct dist *d, const char *label, const struct ttp_tree *tr,
		    const double *w, const double *wt, enum dist_style style)
{
	int l0 = ttp_tree_leaf0(tr), nl = tr->n - l0, m = 0;
	double *pr = xmallocarray((size_t)nl * 2, sizeof *pr);
	double *x = xmallocarray((size_t)nl, sizeof *x), *y = xmallocarray((size_t)nl, sizeof *y);
	for (int j = 0; j < nl; j++) {
		pr[2 * j] = w[l0 + j];
		pr[2 * j + 1] = wt[j];
	}
	qsort(pr, (size_t)nl, 2 * sizeof *pr, cmp_pair);
	double acc = 0;
	for (int j = 0; j < nl; j++) {
		acc += pr[2 * j + 1];
		if (m > 0 && x[m - 1] == pr[2 * j])
			m--;
		x[m] = pr[2 * j];
		y[m++] = fmin(acc, 1);
	}
	dist_add(d, label, x, y, (size_t)m)->style = style;
	free(pr);
	free(x);
	free(y);
}

static void dist_path_welfare(struct ttp *g, struct dist *d)
{
	const struct ttp_tree *tr = &g->tr;
	int l0 = ttp_tree_leaf0(tr), nl = tr->n - l0;
	double *wt = xmallocarray((size_t)nl, sizeof *wt);
	dist_init(d, DIST_CDF, "path_welfare", "Welfare along a path: CDF over paths",
		  "path welfare", "CDF");
	for (int j = 0; j < nl; j++)
		wt[j] = tr->P[l0 + j];
	add_cdf(d, "optimal (exact)", tr, g->dp_pathw, wt, DIST_STYLE_LINE);
	add_cdf(d, "greedy (exact)", tr, g->gr_pathw, wt, DIST_STYLE_LINE);
	if (g->paths > 0) {
		for (int j = 0; j < nl; j++)
			wt[j] = (double)g->leaf_count[j] / (double)g->paths;
		add_cdf(d, "replayed", tr, g->dp_pathw, wt, DIST_STYLE_POINTS);
	}
	free(wt);
}

int ttp_out_dist(struct model *m, const char *name, const double *a, struct dist *d,
		 struct err *e)
{
	struct ttp *g = m->self;
	if (strcmp(name, "price") == 0)
		dist_price(g, a, d);
	else if (strcmp(name, "demand") == 0)
		dist_demand(g, a, d);
	else if (strcmp(name, "welfare") == 0)
		dist_welfare(g, d);
	else if (strcmp(name, "wtp") == 0)
		dist_wtp(g, a, d);
	else if (strcmp(name, "path_welfare") == 0)
		dist_path_welfare(g, d);
	else
		return err_set(e, "model 'ttp' has no distribution '%s'; known: price, demand, "
				  "welfare, wtp, path_welfare", name);
	return 0;
}

/* ---- describe ---- */

/* A node x buyer matrix in row order; values within 1e-9 of an integer are snapped to it
 * (the LP's 0, 1/2 and 1 come back from the simplex with rounding noise). */
static void kv_nodes(struct model_kv *kv, const char *key, const struct ttp_tree *tr,
		     const double *v)
{
	size_t n = (size_t)tr->n, nb = (size_t)tr->nb;
	double *x = xmallocarray(n * nb, sizeof *x);
	for (size_t r = 0; r < n; r++)
		for (size_t i = 0; i < nb; i++) {
			double y = v[(size_t)tr->idx[r] * nb + i];
			x[r * nb + i] = fabs(y - round(y)) < 1e-9 ? round(y) + 0.0 : y;
		}
	model_kv_mat(kv, key, x, n, nb);
	free(x);
}

static void kv_policy(struct model_kv *kv, const char *key, const struct ttp_tree *tr,
		      const uint32_t *buy)
{
	size_t n = (size_t)tr->n, nb = (size_t)tr->nb;
	double *y = xmallocarray(n * nb, sizeof *y);
	for (size_t k = 0; k < n; k++)
		for (size_t i = 0; i < nb; i++)
			y[k * nb + i] = buy[k] >> i & 1;
	kv_nodes(kv, key, tr, y);
	free(y);
}

static void best_split(struct ttp *g)
{
	struct err e;
	int M = 0;
	for (int t = 0; t <= g->tr.T; t++)
		M += g->mu[t];
	g->split_mu = xcalloc((size_t)g->tr.T + 1, sizeof *g->split_mu);
	int rc = ttp_best_split(&g->tr, M, g->split_mu, &g->split_value, &g->split_ties,
				&g->nsplits, &e);
	g->split_state = rc == 0 ? 1 : rc == 1 ? 2 : -1;
	if (rc < 0)
		snprintf(g->split_err, sizeof g->split_err, "%s", e.msg);
}

static void describe_split(struct ttp *g, struct model_kv *kv)
{
	if (g->split_state == 0)
		best_split(g);
	if (g->split_state == 1) {
		double mu[64];
		int T1 = g->tr.T + 1 < 64 ? g->tr.T + 1 : 64;
		for (int t = 0; t < T1; t++)
			mu[t] = g->split_mu[t];
		model_kv_num(kv, "best_split", g->split_value);
		model_kv_vec(kv, "best_split_mu", mu, (size_t)T1);
		model_kv_add(kv, "best_split_ties", "%ld of %ld splits", g->split_ties, g->nsplits);
	} else if (g->split_state == 2) {
		model_kv_add(kv, "best_split", "not enumerated (%ld splits of the total capacity "
			     "are too many DP solves)", g->nsplits);
	} else {
		model_kv_add(kv, "best_split", "not computed: %s", g->split_err);
	}
	model_kv_add(kv, "best_split_note", "values are a martingale, so spot only weakly "
		     "dominates every split of the same total (spec errata E5)");
}

static void describe_static(struct ttp *g, struct model_kv *kv)
{
	const struct ttp_tree *tr = &g->tr;
	char names[TTP_MAX_BUYERS * 2 + 1] = "";
	for (int i = 0; i < tr->nb; i++) {
		char b[4];
		ttp_out_buyer(i, b, sizeof b);
		strcat(names, i ? " " : "");
		strcat(names, b);
	}
	model_kv_add(kv, "buyers", "%s", names);
	model_kv_add(kv, "nodes", "%d", tr->n);
	model_kv_add(kv, "exercise_time", "%d", tr->T);
	model_kv_num(kv, "dp_optimum", g->dp.value);
	model_kv_num(kv, "lp_optimum", g->lp.value);
	model_kv_num(kv, "lp_minus_dp", g->lp.value - g->dp.value);
	model_kv_add(kv, "whole_permit_equilibrium", "%s", g->whole ? "yes" : "no");
	model_kv_add(kv, "market_outcome", "%s",
		     g->whole ? "competitive equilibrium: some price system supports the "
				"planner's whole-permit optimum"
			      : "divisible-permit equilibrium only: LP > DP, no price system "
				"clears unit-permit markets (lp_assignment is fractional)");
	model_kv_num(kv, "greedy", g->greedy);
	model_kv_num(kv, "spot_only", g->spot);
	describe_split(g, kv);
	model_kv_num(kv, "dual_at_zero", g->dual0);
	model_kv_vec(kv, "dp_by_time", g->dp_bytime, (size_t)tr->T + 1);
	model_kv_vec(kv, "greedy_by_time", g->gr_bytime, (size_t)tr->T + 1);
	kv_nodes(kv, "node_values", tr, tr->v);
	kv_policy(kv, "dp_assignment", tr, g->dp_buy);
	kv_policy(kv, "greedy_assignment", tr, g->gr_buy);
	kv_nodes(kv, "lp_assignment", tr, g->lp.y);
	double *p = xmallocarray((size_t)tr->n, sizeof *p);
	for (int r = 0; r < tr->n; r++) {
		double y = g->lp.p[tr->idx[r]];
		p[r] = fabs(y - round(y)) < 1e-9 ? round(y) + 0.0 : y;
	}
	model_kv_vec(kv, "lp_prices", p, (size_t)tr->n);
	free(p);
	model_kv_add(kv, "lp_prices_note", "one vertex of the optimal dual face (GLPK); "
		     "equilibrium prices are not unique");
}

void ttp_out_describe(struct model *m, struct model_kv *kv)
{
	struct ttp *g = m->self;
	const struct ttp_tree *tr = &g->tr;
	describe_static(g, kv);
	model_kv_add(kv, "current_node", "tree row %d (t = %d)", tr->row[g->cur] + 1,
		     tr->t[g->cur]);
	model_kv_add(kv, "replay_paths", "%ld", g->paths);
}
