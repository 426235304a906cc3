/* psp: paper 001's distributed progressive-second-price auction for a mobile-data exchange
 * (2cm / CMHK draft, spec seed001_psp.md) as a game for the learning engine.
 * Players are the buyers; buyer i's block is its bid (q_i^j, p_i^j) to every seller j. A
 * step is one auction round: the model's advance is the seller phase (progressive prices,
 * arrivals, settlement), the engine's best response is the buyer phase (psp_market_round:
 * the eps-best replies under the bid-fee rule, in the model's `order`), and the observer
 * evaluates the bids reached (allocations, PSP costs, welfare). So `cournot` with
 * order = jacobi | gauss-seidel | random is the draft's process, `cournot,sequential` one
 * buyer per step (asynchronous bidding), `damped:W` inertial bidding; averaging dynamics
 * (fictitious, kperiod, ewma) run too but are not in the paper (they bid against an
 * average of past bid vectors).
 * Row n reports the bid vector a_n and what the sellers make of it; the progressive price
 * it publishes is stored by the next advance, so row n of the worked example is the
 * draft's t = n + 1 (row 0 is the sellers' first phase on the initial bids).
 * Populations: fixed capacity (the lengths of kappa/need and sellers) with an activity
 * mask: `arrive`/`seller_arrive` bring slots in later, settle = sellout lets sold-out
 * sellers and served buyers leave.
 * Random streams of `seed`: 1 the random reply order, 2 uniform initial prices (both in
 * psp_market.c), 3 the random deviations of the `deviation` distribution.
 * Neighbours: psp_market (state and round), psp_book, psp_reply, psp_optimum (u*, x*, W*). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "core/models/models.h"
#include "core/models/psp_market.h"
#include "core/models/psp_optimum.h"
#include "core/rng.h"
#include "core/xmalloc.h"

#define PSP_MAX_BUYERS 100000
#define PSP_MAX_SELLERS 64
#define PSP_MAX_BIDS 2000000 /* buyers x sellers */
#define CURVE_POINTS 200
#define MPF_MAX_STEPS 4000   /* steps of a plotted market price function */
#define STREAM_DEVIATION 3

/* S-PSP-2 (spec §7), the defaults when kappa / need / sellers are absent */
static const double def_kappa[] = { 5.0, 4.6, 4.2, 3.8, 3.4, 3.0, 2.6, 2.2, 1.8, 1.4 };
static const double def_need[] = { 30, 25, 20, 30, 15, 25, 20, 30, 25, 20 };
static const double def_sellers[] = { 60, 40, 20 };

static const struct param_spec psp_params[] = {
	{ .name = "kappa", .type = PARAM_ARRAY, .min = 0, .max = 1e6, .len_max = PSP_MAX_BUYERS,
	  .flags = PARAM_F_OPTIONAL | PARAM_F_OPEN_LO, .unit = "price",
	  .help = "buyers' marginal value of the first unit theta_i'(0) (step buyers: their "
		  "unit value); absent: S-PSP-2's ten buyers" },
	{ .name = "need", .type = PARAM_ARRAY, .min = 0, .max = 1e9, .len_max = PSP_MAX_BUYERS,
	  .flags = PARAM_F_OPTIONAL | PARAM_F_OPEN_LO, .unit = "data",
	  .help = "buyers' data need D_i: where the marginal value reaches 0 (step buyers: "
		  "the quantity they want); one per kappa" },
	{ .name = "budget", .type = PARAM_ARRAY, .min = 0, .max = 1e12,
	  .len_max = PSP_MAX_BUYERS, .flags = PARAM_F_OPTIONAL, .unit = "price x data",
	  .help = "buyers' budgets b_i for their PSP costs (one per buyer, or one for all); "
		  "absent: no budget" },
	{ .name = "sellers", .type = PARAM_ARRAY, .min = 0, .max = 1e9, .len_min = 0,
	  .len_max = PSP_MAX_SELLERS, .flags = PARAM_F_OPTIONAL | PARAM_F_OPEN_LO,
	  .unit = "data", .help = "data D^j each seller offers; absent: {60, 40, 20}" },
	{ .name = "reserve", .type = PARAM_ARRAY, .min = 0, .max = 1e6,
	  .len_max = PSP_MAX_SELLERS, .flags = PARAM_F_OPTIONAL, .unit = "price",
	  .help = "sellers' phantom reserve prices r0 (one per seller, or one for all); "
		  "absent: eps" },
	{ .name = "eps", .type = PARAM_REAL, .def = 0.1, .min = 0, .max = 1e6,
	  .flags = PARAM_F_OPEN_LO, .unit = "price x data",
	  .help = "bid fee eps: replies are shaded by eps/kappa_i and adopted only when they "
		  "gain more than eps; progressive prices step by eps" },
	{ .name = "pool", .type = PARAM_ENUM, .def = 0, .choices = "equal|literal|waterfill",
	  .unit = "",
	  .help = "buyer rule: equal split over the best pool of top sellers (completion), "
		  "eq. 22's minimal pool (literal), or one merged price function filled "
		  "cheapest first (waterfill)" },
	{ .name = "order", .type = PARAM_ENUM, .def = 0, .choices = "gauss-seidel|jacobi|random",
	  .unit = "",
	  .help = "buyers reply in index order seeing earlier replies, all to one snapshot, or "
		  "in a random order each round" },
	{ .name = "init", .type = PARAM_ENUM, .def = 0, .choices = "zero|need|uniform", .unit = "",
	  .help = "initial bids: none; the whole need at kappa_i; or truthful bids at a price "
		  "U[eps, p_kappa]; both at the eq. 22 pool of the largest sellers" },
	{ .name = "valuation", .type = PARAM_ENUM, .def = 0, .choices = "linear|step", .unit = "",
	  .help = "linear marginal value kappa_i (1 - z/D_i)^+, or step buyers (unit value "
		  "kappa_i up to D_i) that follow the worked example's rule" },
	{ .name = "rebid", .type = PARAM_ENUM, .def = 0, .choices = "improve|always", .unit = "",
	  .help = "a buyer adopts its new reply only when it gains more than eps (the bid "
		  "fee), or always" },
	{ .name = "reserve_mode", .type = PARAM_ENUM, .def = 0, .choices = "signal|floor",
	  .unit = "",
	  .help = "the progressive price r^j is a published signal, or the reserve in force "
		  "(an experiment: it leaves data unsold)" },
	{ .name = "settle", .type = PARAM_ENUM, .def = 0, .choices = "end|sellout", .unit = "",
	  .help = "allocations stay tentative, or a sold-out seller whose bids held for a "
		  "round closes: trades final, it leaves, and buyers whose need is met leave" },
	{ .name = "p_kappa", .type = PARAM_REAL, .def = 5, .min = 0, .max = 1e6,
	  .flags = PARAM_F_OPEN_LO, .unit = "price",
	  .help = "the ISP's overage fee: no buyer values data above it; top of the uniform "
		  "initial prices and of random deviations" },
	{ .name = "arrive", .type = PARAM_ARRAY, .min = 0, .max = 1e9, .len_max = PSP_MAX_BUYERS,
	  .flags = PARAM_F_OPTIONAL, .unit = "rounds",
	  .help = "round in which each buyer enters (0: from the start); absent: all at 0" },
	{ .name = "seller_arrive", .type = PARAM_ARRAY, .min = 0, .max = 1e9,
	  .len_max = PSP_MAX_SELLERS, .flags = PARAM_F_OPTIONAL, .unit = "rounds",
	  .help = "round in which each seller enters (0: from the start); absent: all at 0" },
	{ .name = "focus", .type = PARAM_INT, .def = 1, .min = 1, .max = PSP_MAX_BUYERS,
	  .unit = "buyer", .help = "the buyer whose market price function `mpf` shows" },
	{ .name = "deviations", .type = PARAM_INT, .def = 200, .min = 1, .max = 1000000,
	  .unit = "bids",
	  .help = "random unilateral deviations per buyer tried by the `deviation` "
		  "distribution" },
};

enum {
	S_WELFARE, S_GAP, S_SOLD, S_REVENUE, S_REBIDS, S_UNMET, S_WIN_MIN, S_WIN_MAX,
	S_BUYERS, S_SELLERS, S_PRICE, S_REMAINING, S_COUNT
};

static const struct model_series_desc psp_series[] = {
	[S_WELFARE] = { "welfare", "W = sum_i theta_i(a_i): the buyers' value of the data they "
				  "hold", 0 },
	[S_GAP] = { "gap", "W* - W: welfare lost against the pooled efficient allocation", 0 },
	[S_SOLD] = { "sold", "data allocated (tentatively, plus trades settled)", 0 },
	[S_REVENUE] = { "revenue", "sum of the PSP costs c_i^j the buyers pay (settled "
				   "included)", 0 },
	[S_REBIDS] = { "rebids", "buyers whose bid changed in this step; 0 = the auction has "
				 "stopped (the convergence measure)", 0 },
	[S_UNMET] = { "unmet", "data unsold while buyers short at its reserve would buy it "
			       "(the stall of errata E2)", 0 },
	[S_WIN_MIN] = { "win_min", "lowest price of a winning bid (any seller)", 0 },
	[S_WIN_MAX] = { "win_max", "highest price of a winning bid (any seller)", 0 },
	[S_BUYERS] = { "buyers_active", "buyers taking part (arrived, need not met)", 0 },
	[S_SELLERS] = { "sellers_active", "sellers taking part (arrived, not closed)", 0 },
	[S_PRICE] = { "price", "mean progressive price r^j of the active sellers; price_N: "
			       "seller N's", SERIES_F_PER_TYPE },
	[S_REMAINING] = { "remaining", "data not yet allocated, all sellers; remaining_N: "
				       "seller N's D^N(t)", SERIES_F_PER_TYPE },
};

static const struct model_dist_desc psp_dists[] = {
	{ "bids", DIST_HIST, "prices of the positive bids, one histogram per seller" },
	{ "allocation", DIST_LINE, "data each buyer gets now (total and per seller) and the "
				   "efficient x*" },
	{ "payments", DIST_LINE, "each buyer's payment (PSP cost, settled included), its "
				 "value theta_i(a_i) and its budget" },
	{ "market", DIST_LINE, "market price function P of all bids (declared demand) "
			       "against the buyers' marginal values, the supply and u*" },
	{ "mpf", DIST_LINE, "market price function P_i of buyer `focus` (pooled and per "
			    "seller) against its marginal value theta_i'" },
	{ "deviation", DIST_LINE, "each buyer's best gain from `deviations` random "
				  "unilateral bid changes, against eps and 2 eps" },
};

struct psp {
	struct psp_market *mk;
	int nb, ns;
	size_t *off;
	double *xstar;
	struct psp_optimum opt;
	struct model_series_desc *own; /* class series, then price_N, remaining_N */
	size_t nown;
	int focus;
	long deviations;
	uint64_t seed;
	int have_obs;                  /* last observation, for describe */
	double last_rebids, last_unmet;
};

static struct psp *self_of(struct model *m) { return m->self; }

static void psp_destroy(struct model *m)
{
	struct psp *s = self_of(m);
	psp_market_free(s->mk);
	for (size_t k = S_COUNT; k < s->nown; k++) {
		free((char *)s->own[k].name);
		free((char *)s->own[k].help);
	}
	free(s->own);
	free(s->off);
	free(s->xstar);
	free(s);
}

static void psp_initial(struct model *m, double *a0) { psp_market_initial(self_of(m)->mk, a0); }

static int psp_br(struct model *m, const double *belief, int player, double *out,
		  struct err *e)
{
	psp_market_round(self_of(m)->mk, belief, player, out);
	return 0;
}

static int psp_advance(struct model *m, const struct model_step *st, struct err *e)
{
	psp_market_sellers(self_of(m)->mk, st->step, st->action);
	return 0;
}

/* Buyers whose block moved between prev and a. */
static int count_rebids(const struct psp *s, const double *a, const double *prev)
{
	size_t blk = 2 * (size_t)s->ns;
	int n = 0;
	for (int i = 0; i < s->nb; i++)
		for (size_t k = blk * (size_t)i; k < blk * ((size_t)i + 1); k++)
			if (fabs(a[k] - prev[k]) > 1e-12 * (1 + fabs(prev[k]))) {
				n++;
				break;
			}
	return n;
}

static int psp_observe(struct model *m, const struct model_obs *o, double *vals,
		       struct err *e)
{
	struct psp *s = self_of(m);
	const struct psp_eval *ev = psp_market_eval(s->mk, o->action);
	double rsum = 0, left = 0;
	int non = 0;
	for (int j = 0; j < s->ns; j++) {
		vals[S_COUNT + j] = ev->rnext[j];
		vals[S_COUNT + s->ns + j] = ev->remaining[j];
		left += ev->remaining[j];
		if (s->mk->son[j] == 1) {
			rsum += ev->rnext[j];
			non++;
		}
	}
	vals[S_WELFARE] = ev->welfare;
	vals[S_GAP] = s->opt.W - ev->welfare;
	vals[S_SOLD] = ev->sold;
	vals[S_REVENUE] = ev->revenue;
	vals[S_REBIDS] = o->prev ? count_rebids(s, o->action, o->prev) : NAN;
	vals[S_UNMET] = ev->unmet;
	vals[S_WIN_MIN] = ev->win_min;
	vals[S_WIN_MAX] = ev->win_max;
	vals[S_BUYERS] = ev->buyers_on;
	vals[S_SELLERS] = ev->sellers_on;
	vals[S_PRICE] = non ? rsum / non : NAN;
	vals[S_REMAINING] = left;
	s->have_obs = 1;
	s->last_rebids = vals[S_REBIDS];
	s->last_unmet = ev->unmet;
	return 0;
}

/* ---- distributions ---------------------------------------------------------------------- */

static double *buyer_axis(int nb)
{
	double *x = xmallocarray((size_t)nb, sizeof *x);
	for (int i = 0; i < nb; i++)
		x[i] = i + 1;
	return x;
}

static int dist_bids(struct psp *s, const double *a, struct dist *d, struct err *e)
{
	int ns = s->ns, groups = ns <= DIST_MAX_CURVES ? ns : DIST_MAX_CURVES, any = 0;
	double *x = xmallocarray((size_t)s->nb * (size_t)ns, sizeof *x);
	dist_init(d, DIST_HIST, "bids", "prices of the positive bids per seller", "price",
		  "bids");
	for (int g = 0; g < groups; g++) {
		int j0 = g, j1 = g == groups - 1 ? ns : g + 1;
		size_t n = 0;
		for (int i = 0; i < s->nb; i++)
			for (int j = j0; j < j1; j++) {
				const double *b = a + 2 * ((size_t)i * (size_t)ns + (size_t)j);
				if (s->mk->bon[i] == 1 && b[0] > 0)
					x[n++] = b[1];
			}
		if (n == 0)
			continue;
		char label[40];
		if (j1 - j0 == 1)
			snprintf(label, sizeof label, "seller %d", j0 + 1);
		else
			snprintf(label, sizeof label, "sellers %d-%d", j0 + 1, j1);
		dist_add(d, label, x, NULL, n);
		any = 1;
	}
	free(x);
	if (!any) {
		dist_fini(d);
		return err_set(e, "distribution bids: no buyer has a positive bid yet");
	}
	return 0;
}

static void dist_allocation(struct psp *s, const double *a, struct dist *d)
{
	const struct psp_eval *ev = psp_market_eval(s->mk, a);
	int nb = s->nb, ns = s->ns;
	double *x = buyer_axis(nb), *y = xmallocarray((size_t)nb, sizeof *y);
	dist_init(d, DIST_LINE, "allocation", "data per buyer now vs the efficient x*", "buyer",
		  "data");
	dist_add(d, "a now", x, ev->total, (size_t)nb);
	dist_add(d, "x*", x, s->xstar, (size_t)nb)->style = DIST_STYLE_REFERENCE;
	for (int j = 0; ns > 1 && ns <= DIST_MAX_CURVES - 2 && j < ns; j++) {
		char label[40];
		for (int i = 0; i < nb; i++)
			y[i] = ev->alloc[(size_t)i * (size_t)ns + (size_t)j];
		snprintf(label, sizeof label, "seller %d", j + 1);
		dist_add(d, label, x, y, (size_t)nb)->style = DIST_STYLE_POINTS;
	}
	free(x);
	free(y);
}

static void dist_payments(struct psp *s, const double *a, struct dist *d)
{
	const struct psp_eval *ev = psp_market_eval(s->mk, a);
	int nb = s->nb, budgets = 0;
	double *x = buyer_axis(nb), *y = xmallocarray((size_t)nb, sizeof *y);
	dist_init(d, DIST_LINE, "payments", "payments c_i and values theta_i(a_i) per buyer",
		  "buyer", "price x data");
	dist_add(d, "payment", x, ev->pay, (size_t)nb);
	for (int i = 0; i < nb; i++)
		y[i] = psp_val_theta(&s->mk->val[i], ev->total[i]);
	dist_add(d, "value", x, y, (size_t)nb);
	for (int i = 0; i < nb; i++) {
		y[i] = s->mk->budget0[i];
		budgets |= isfinite(y[i]);
	}
	if (budgets)
		dist_add(d, "budget", x, y, (size_t)nb)->style = DIST_STYLE_REFERENCE;
	free(x);
	free(y);
}

/* Growable (x, y) point list for step curves. */
struct pts {
	double *x, *y;
	size_t n, cap;
};

static void pts_add(struct pts *p, double x, double y)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 64;
		p->x = xreallocarray(p->x, p->cap, sizeof *p->x);
		p->y = xreallocarray(p->y, p->cap, sizeof *p->y);
	}
	p->x[p->n] = x;
	p->y[p->n++] = y;
}

static void pts_curve(struct dist *d, const char *label, struct pts *p, enum dist_style st)
{
	if (p->n > 0)
		dist_add(d, label, p->x, p->y, p->n)->style = st;
	free(p->x);
	free(p->y);
	memset(p, 0, sizeof *p);
}

/* The largest price worth plotting: the highest kappa. */
static double top_price(const struct psp *s)
{
	double t = 0;
	for (int i = 0; i < s->nb; i++)
		if (s->mk->val[i].kappa > t)
			t = s->mk->val[i].kappa;
	return t;
}

static int cmp_pair_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x > y ? -1 : x < y ? 1 : 0;
}

static double total_demand(const struct psp *s, double u)
{
	double d = 0;
	for (int i = 0; i < s->nb; i++)
		d += psp_optimum_demand(&s->mk->val[i], u);
	return d;
}

static void dist_market(struct psp *s, const double *a, struct dist *d)
{
	struct psp_market *mk = s->mk;
	struct pts bids = { 0 }, dem = { 0 }, line = { 0 };
	double S = 0, cum = 0, top = top_price(s);
	size_t k = 0, ns = (size_t)s->ns;
	double *pq = xmallocarray(2 * (size_t)s->nb * ns, sizeof *pq);
	psp_market_sync(mk, a);
	for (size_t j = 0; j < ns; j++)
		S += mk->book[j].Q;
	for (int i = 0; i < s->nb; i++) /* every positive bid, as (price, quantity) */
		for (size_t j = 0; j < ns; j++) {
			const double *b = a + 2 * ((size_t)i * ns + j);
			if (mk->bon[i] == 1 && mk->book[j].Q > 0 && b[0] > 0) {
				pq[2 * k] = b[1];
				pq[2 * k + 1] = b[0];
				k++;
			}
		}
	qsort(pq, k, 2 * sizeof *pq, cmp_pair_desc);
	dist_init(d, DIST_LINE, "market", "bids (declared demand) vs marginal values and supply",
		  "data", "price");
	for (size_t t = 0; t < k; t++) {
		pts_add(&bids, cum, pq[2 * t]);
		cum += pq[2 * t + 1];
		pts_add(&bids, cum, pq[2 * t]);
	}
	free(pq);
	if (k > 0)
		pts_add(&bids, cum, 0);
	pts_curve(d, "bids", &bids, DIST_STYLE_LINE);
	for (int t = 0; t <= 2 * CURVE_POINTS; t++) {
		double u = top * (1 - (double)t / (2 * CURVE_POINTS));
		pts_add(&dem, total_demand(s, u), u);
	}
	pts_curve(d, "marginal values", &dem, DIST_STYLE_LINE);
	pts_add(&line, S, 0);
	pts_add(&line, S, top);
	pts_curve(d, "supply", &line, DIST_STYLE_REFERENCE);
	double wide = total_demand(s, 0) > S ? total_demand(s, 0) : S;
	pts_add(&line, 0, s->opt.u);
	pts_add(&line, wide, s->opt.u);
	pts_curve(d, "u*", &line, DIST_STYLE_REFERENCE);
}

/* Buyer f's market price function at every seller merged by price (waterfill's view). */
static void pooled_mpf(struct psp *s, int f, struct pts *p)
{
	struct psp_market *mk = s->mk;
	struct psp_seg *g = mk->scratch.seg;
	unsigned char *live = mk->scratch.live;
	double z = 0;
	for (int j = 0; j < s->ns; j++)
		live[j] = (unsigned char)psp_book_mpf_first(&mk->book[j], f, &g[j]);
	for (int n = 0; n < MPF_MAX_STEPS; n++) {
		int j = -1;
		for (int t = 0; t < s->ns; t++)
			if (live[t] && (j < 0 || g[t].p < g[j].p))
				j = t;
		if (j < 0)
			break;
		pts_add(p, z, g[j].p);
		z += g[j].z1 - g[j].z0;
		pts_add(p, z, g[j].p);
		live[j] = (unsigned char)psp_book_mpf_next(&mk->book[j], &g[j]);
	}
}

static int dist_mpf(struct psp *s, const double *a, struct dist *d, struct err *e)
{
	struct psp_market *mk = s->mk;
	int f = s->focus - 1;
	if (f >= s->nb)
		return err_set(e, "distribution mpf: focus = %d but there are %d buyers", s->focus,
			       s->nb);
	psp_market_sync(mk, a);
	const struct psp_val *v = &mk->val[f];
	struct pts p = { 0 };
	char label[40];
	dist_init(d, DIST_LINE, "mpf", "buyer's market price function vs its marginal value",
		  "data z", "price");
	pooled_mpf(s, f, &p);
	double zmax = p.n ? p.x[p.n - 1] : 0;
	snprintf(label, sizeof label, "P_%d pooled", f + 1);
	pts_curve(d, label, &p, DIST_STYLE_LINE);
	for (int j = 0; s->ns > 1 && s->ns <= 4 && j < s->ns; j++) {
		struct psp_seg g;
		int ok = psp_book_mpf_first(&mk->book[j], f, &g);
		for (int n = 0; ok && n < MPF_MAX_STEPS; n++) {
			pts_add(&p, g.z0, g.p);
			pts_add(&p, g.z1, g.p);
			ok = psp_book_mpf_next(&mk->book[j], &g);
		}
		snprintf(label, sizeof label, "P_%d at seller %d", f + 1, j + 1);
		pts_curve(d, label, &p, DIST_STYLE_LINE);
	}
	if (psp_val_room(v) > zmax)
		zmax = psp_val_room(v);
	for (int t = 0; t <= CURVE_POINTS; t++) {
		double z = zmax * t / CURVE_POINTS;
		pts_add(&p, z, psp_val_marg(v, v->held + z));
	}
	snprintf(label, sizeof label, "theta_%d'", f + 1);
	pts_curve(d, label, &p, DIST_STYLE_REFERENCE);
	double q = 0, w = 0;
	const double *b = a + 2 * (size_t)s->ns * (size_t)f;
	for (int j = 0; j < s->ns; j++)
		if (mk->book[j].Q > 0 && b[2 * j] > 0) {
			q += b[2 * j];
			w = b[2 * j + 1] > w ? b[2 * j + 1] : w;
		}
	if (q > 0) {
		pts_add(&p, q, w);
		pts_curve(d, "bid", &p, DIST_STYLE_POINTS);
	}
	return 0;
}

static void dist_deviation(struct psp *s, const double *a, struct dist *d)
{
	struct rng r;
	int nb = s->nb;
	double *x = buyer_axis(nb), *y = xmallocarray((size_t)nb, sizeof *y);
	rng_stream(&r, s->seed, STREAM_DEVIATION);
	for (int i = 0; i < nb; i++)
		y[i] = psp_market_deviation(s->mk, a, i, s->deviations, &r);
	dist_init(d, DIST_LINE, "deviation", "best gain from a unilateral bid change", "buyer",
		  "gain");
	dist_add(d, "best gain", x, y, (size_t)nb)->style = DIST_STYLE_POINTS;
	for (int i = 0; i < nb; i++)
		y[i] = s->mk->cfg.eps;
	dist_add(d, "eps", x, y, (size_t)nb)->style = DIST_STYLE_REFERENCE;
	for (int i = 0; i < nb; i++)
		y[i] = 2 * s->mk->cfg.eps;
	dist_add(d, "2 eps", x, y, (size_t)nb)->style = DIST_STYLE_REFERENCE;
	free(x);
	free(y);
}

static int psp_dist(struct model *m, const char *name, const double *a, struct dist *d,
		    struct err *e)
{
	struct psp *s = self_of(m);
	if (strcmp(name, "bids") == 0)
		return dist_bids(s, a, d, e);
	if (strcmp(name, "mpf") == 0)
		return dist_mpf(s, a, d, e);
	if (strcmp(name, "allocation") == 0)
		dist_allocation(s, a, d);
	else if (strcmp(name, "payments") == 0)
		dist_payments(s, a, d);
	else if (strcmp(name, "market") == 0)
		dist_market(s, a, d);
	else if (strcmp(name, "deviation") == 0)
		dist_deviation(s, a, d);
	else
		return err_set(e, "model 'psp' has no distribution '%s'; known: bids, allocation, "
				  "payments, market, mpf, deviation", name);
	return 0;
}

/* ---- describe ---------------------------------------------------------------------------- */

static const char *rule_text(const struct psp_market *mk)
{
	if (mk->cfg.val == PSP_VAL_STEP)
		return "step buyers: the worked example's rule (keep the bids when served, else "
		       "the need in equal parts over the eq. 22 pool at the unit value; no eps "
		       "shading, no bid fee)";
	switch (mk->cfg.pool) {
	case PSP_POOL_EQUAL:
		return "equal split over the utility-maximising pool of top sellers (completion "
		       "of Lemma 4.1 / Prop. 4.2)";
	case PSP_POOL_LITERAL:
		return "equal split over eq. 22's minimal pool, by availability at the current "
		       "price (the draft read literally)";
	default:
		return "waterfill: one merged market price function filled cheapest first "
		       "(benchmark, outside the draft's equal split)";
	}
}

static const char *claim_text(const struct psp_market *mk)
{
	if (mk->cfg.val == PSP_VAL_STEP)
		return "none: step buyers are not elastic (Def. 1.2 needs gamma > 0); the rule "
		       "can stall with data unsold while a buyer is short (errata E2)";
	if (mk->ns == 1)
		return "single-seller PSP: eps-Nash at a fixed point (Lazar-Semret); at the "
		       "bid-fee stop only 2 eps is guaranteed (errata E5)";
	switch (mk->cfg.pool) {
	case PSP_POOL_EQUAL:
		return "eps-stable within equal-split bids only; bids outside that family can "
		       "gain more (errata E6)";
	case PSP_POOL_LITERAL:
		return "no equilibrium: the literal rule stalls far from efficiency and can "
		       "leave data unsold while a buyer is short (errata E2, E6)";
	default:
		return "eps-Nash observed; 2 eps guaranteed at the bid-fee stop (errata E5)";
	}
}

static void psp_describe(struct model *m, struct model_kv *kv)
{
	struct psp *s = self_of(m);
	struct psp_market *mk = s->mk;
	double S = 0;
	for (int j = 0; j < s->ns; j++)
		S += mk->data[j];
	model_kv_num(kv, "u_star", s->opt.u);
	model_kv_num(kv, "W_star", s->opt.W);
	model_kv_vec(kv, "x_star", s->xstar, (size_t)s->nb);
	model_kv_num(kv, "sold_star", s->opt.sold);
	model_kv_num(kv, "supply", S);
	model_kv_num(kv, "demand_at_reserve", s->opt.demand_at_reserve);
	model_kv_add(kv, "nbuyers", "%d", s->nb);
	model_kv_add(kv, "nsellers", "%d", s->ns);
	model_kv_add(kv, "rule", "%s", rule_text(mk));
	model_kv_add(kv, "claim", "%s", claim_text(mk));
	if (!s->have_obs || isnan(s->last_rebids))
		model_kv_add(kv, "state", "started (no round yet)");
	else if (s->last_rebids > 0)
		model_kv_add(kv, "state", "running: %.0f buyers re-bid in the last step",
			     s->last_rebids);
	else if (s->last_unmet > 0)
		model_kv_add(kv, "state", "stalled: no re-bid, %.6g units unsold while buyers "
			     "are short (errata E2)", s->last_unmet);
	else
		model_kv_add(kv, "state", "stopped: no buyer re-bid in the last step");
}

static const struct model_vt psp_vt = {
	.destroy = psp_destroy,
	.initial = psp_initial,
	.best_response = psp_br,
	.advance = psp_advance,
	.observe = psp_observe,
	.dist = psp_dist,
	.describe = psp_describe,
};

/* ---- creation ------------------------------------------------------------------------------ */

/* Array parameter `name`: its values, or `def` (ndef values) when absent. */
static const double *array_or(const struct params *p, const char *name, const double *def,
			      int ndef, int *n)
{
	const struct param_value *v = params_get(p, name);
	if (v->rows > 0) {
		*n = v->rows;
		return v->arr;
	}
	*n = ndef;
	return def;
}

/* An optional per-slot array: absent (NULL), one value for all, or `want` values; the
 * result (owned, or NULL) has want values. */
static int per_slot(const struct params *p, const char *name, int want, const char *what,
		    int integral, double **out, struct err *e)
{
	const struct param_value *v = params_get(p, name);
	*out = NULL;
	if (v->rows == 0)
		return 0;
	if (v->rows != 1 && v->rows != want)
		return err_set(e, "parameter '%s' has %d values: give one per %s (%d) or one for "
				  "all", name, v->rows, what, want);
	double *a = xmallocarray((size_t)want, sizeof *a);
	for (int i = 0; i < want; i++) {
		a[i] = v->arr[v->rows == 1 ? 0 : i];
		if (integral && a[i] != floor(a[i])) {
			free(a);
			return err_set(e, "parameter '%s': value %d (%g) is not a whole round", name,
				       i + 1, v->arr[v->rows == 1 ? 0 : i]);
		}
	}
	*out = a;
	return 0;
}

/* The instance's series: the class's, then price_N and remaining_N of every seller. */
static void seller_series(struct psp *s, struct model *m)
{
	s->nown = S_COUNT + 2 * (size_t)s->ns;
	s->own = xcalloc(s->nown, sizeof *s->own);
	memcpy(s->own, psp_series, sizeof psp_series);
	for (int j = 0; j < s->ns; j++) {
		struct model_series_desc *pr = &s->own[S_COUNT + j];
		struct model_series_desc *re = &s->own[S_COUNT + s->ns + j];
		pr->name = xasprintf("price_%d", j + 1);
		pr->help = xasprintf("progressive price r^%d of seller %d (spec §3.2)", j + 1,
				     j + 1);
		re->name = xasprintf("remaining_%d", j + 1);
		re->help = xasprintf("data of seller %d not yet allocated, D^%d(t)", j + 1, j + 1);
	}
	m->series = s->own;
	m->nseries = s->nown;
}

/* Reads and checks everything but the arrays' ownership; fills st (pointers into p or the
 * defaults, plus owned copies in own[]). 0 or -1 with e. */
static int read_setup(const struct params *p, uint64_t seed, struct psp_setup *st,
		      double **own, struct err *e)
{
	int nk, nn, ns;
	const double *kappa = array_or(p, "kappa", def_kappa, 10, &nk);
	const double *need = array_or(p, "need", def_need, 10, &nn);
	const double *data = array_or(p, "sellers", def_sellers, 3, &ns);
	if (nk != nn)
		return err_set(e, "parameters 'kappa' and 'need' must have one value per buyer: "
				  "kappa has %d, need has %d", nk, nn);
	if ((size_t)nk * (size_t)ns > PSP_MAX_BIDS)
		return err_set(e, "%d buyers x %d sellers is more than %d bids: use fewer", nk, ns,
			       PSP_MAX_BIDS);
	double pk = params_num(p, "p_kappa");
	for (int i = 0; i < nk; i++)
		if (kappa[i] > pk)
			return err_set(e, "parameter 'kappa': buyer %d values data at %g, above "
					  "p_kappa = %g (the ISP's overage fee caps every "
					  "willingness to pay)", i + 1, kappa[i], pk);
	*st = (struct psp_setup){
		.nb = nk, .ns = ns, .kappa = kappa, .need = need, .data = data,
		.val = (enum psp_val_kind)params_int(p, "valuation"),
		.eps = params_num(p, "eps"), .p_kappa = pk,
		.pool = (enum psp_pool)params_int(p, "pool"),
		.order = (enum psp_order)params_int(p, "order"),
		.rebid = (enum psp_rebid)params_int(p, "rebid"),
		.reserve_mode = (enum psp_reserve_mode)params_int(p, "reserve_mode"),
		.settle = (enum psp_settle)params_int(p, "settle"),
		.init = (enum psp_init)params_int(p, "init"),
		.seed = seed,
	};
	if (per_slot(p, "budget", nk, "buyer", 0, &own[0], e) < 0 ||
	    per_slot(p, "reserve", ns, "seller", 0, &own[1], e) < 0 ||
	    per_slot(p, "arrive", nk, "buyer", 1, &own[2], e) < 0 ||
	    per_slot(p, "seller_arrive", ns, "seller", 1, &own[3], e) < 0)
		return -1;
	st->budget = own[0];
	st->reserve = own[1];
	st->arrive = own[2];
	st->seller_arrive = own[3];
	return 0;
}

static struct model *psp_create(const struct model_ops *ops, const struct params *p,
				uint64_t seed, struct err *e)
{
	struct psp_setup st;
	double *own[4] = { NULL, NULL, NULL, NULL };
	if (read_setup(p, seed, &st, own, e) < 0) {
		for (int k = 0; k < 4; k++)
			free(own[k]);
		return NULL;
	}
	struct psp *s = xcalloc(1, sizeof *s);
	s->mk = psp_market_new(&st);
	for (int k = 0; k < 4; k++)
		free(own[k]);
	s->nb = st.nb;
	s->ns = st.ns;
	s->seed = seed;
	s->focus = params_int(p, "focus");
	s->deviations = params_int(p, "deviations");
	s->off = xcalloc((size_t)s->nb + 1, sizeof *s->off);
	for (int i = 0; i <= s->nb; i++)
		s->off[i] = 2 * (size_t)s->ns * (size_t)i;
	s->xstar = xcalloc((size_t)s->nb, sizeof *s->xstar);
	psp_optimum_solve(s->mk->val, s->nb, s->mk->data, s->mk->r0, s->ns, s->xstar, &s->opt);
	struct model *m = model_alloc(ops, &psp_vt, s);
	m->dim = s->mk->dim;
	m->nplayers = s->nb;
	m->player_off = s->off;
	m->norm = MODEL_NORM_MAX;
	m->convergence = "rebids";
	seller_series(s, m);
	model_set_ref(m, "welfare", s->opt.W);
	model_set_ref(m, "gap", 0);
	model_set_ref(m, "sold", s->opt.sold);
	model_set_ref(m, "win_min", s->opt.u);
	model_set_ref(m, "win_max", s->opt.u);
	return m;
}

static const char psp_info[] =
	"WHAT IS IT\n"
	"Paper 001 (an unfinished draft) proposes a distributed progressive-second-price (PSP) "
	"auction for a mobile-data exchange: every seller runs its own PSP auction (Lazar and "
	"Semret), and buyers coordinate bids (quantity, unit price) across sellers. In each local "
	"auction the highest prices are served first, ties share in proportion to their "
	"quantities, and a buyer pays what its presence takes from the others, c_i = int_0^a_i "
	"P_i(z) dz (eq. 4), where P_i is its market price function. Buyers make truthful "
	"eps-best replies (price = marginal value, quantity shaded by eps/kappa) and adopt one "
	"only when it gains more than the bid fee eps; the auction stops when nobody re-bids. "
	"Sellers publish a progressive price r^j = p_(n+1) + eps (Algorithm 1). The draft gives "
	"no valuations and no simulation: linear marginal values, the three buyer rules "
	"(pool = equal | literal | waterfill) and the seller rules follow the spec's completion.\n"
	"A step is one auction round: advance is the seller phase, the engine's best response "
	"the buyer phase. cournot with order = jacobi | gauss-seidel | random is the draft's "
	"process; cournot,sequential lets one buyer reply per step; damped:W is inertial "
	"bidding. Averaging dynamics (fictitious, kperiod, ewma) also run, but they are not in "
	"the paper: buyers then answer an average of past bid vectors.\n"
	"\n"
	"THINGS TO NOTICE\n"
	"- One seller: the bid war raises prices in small steps until nobody gains eps; the "
	"winning prices end just below the clearing price u*, the welfare gap is about 0.7 eps.\n"
	"- Several sellers: waterfill ends near W* with all data sold and equal prices at every "
	"seller; the equal split stops with unequal prices and bids outside the equal-split "
	"family could still gain (errata E6); the literal eq. 22 rule stalls far from W*.\n"
	"- Seller revenue is small: PSP costs count only the demand a buyer excludes.\n"
	"- rebids is the convergence measure: run with --tol 0.5 to stop at the first quiet "
	"round. With ,sequential a step is one buyer's turn, so one quiet step is not the end.\n"
	"\n"
	"THINGS TO TRY\n"
	"- set pool \"waterfill\" / \"literal\" and compare gap and win_min/win_max.\n"
	"- set eps 0.02: more rounds, a smaller gap.\n"
	"- set order \"jacobi\", dynamics damped:0.5, dynamics cournot,sequential.\n"
	"- set pool \"waterfill\", then set reserve_mode \"floor\": the progressive price as a "
	"reserve leaves data unsold.\n"
	"- set settle \"sellout\": sold-out sellers close and served buyers leave.";

const struct model_ops psp_model_ops = {
	.name = "psp",
	.summary = "distributed progressive-second-price auction for a mobile-data exchange "
		   "(an anonymous draft on 2cm)",
	.info = psp_info,
	.params = psp_params,
	.nparams = sizeof psp_params / sizeof psp_params[0],
	.series = psp_series,
	.nseries = S_COUNT,
	.dists = psp_dists,
	.ndists = sizeof psp_dists / sizeof psp_dists[0],
	.create = psp_create,
};
