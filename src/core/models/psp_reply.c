/* psp_reply: the buyers' replies of the distributed PSP exchange (see psp_reply.h).
 * Because theta' is non-increasing and every P is non-decreasing in z, sup chi is the first
 * crossing: walk P's segments in increasing z; stop at a segment's left end when theta' is
 * already at or below its price, inside it where theta' falls to its price, else go on.
 * The equal-split rule asks the same of theta'(held + m z) against P^j(z), one pool seller
 * at a time: theta'(x) > max_j P^j(x/m) holds on [0, min_j s_j), so the pool's sup is the
 * smallest seller's. Waterfill merges the sellers' segments by price (ties to the lower
 * seller index) into one market price function and fills the reply from the cheapest
 * steps, which minimises the cost of any total because each P^j is non-decreasing.
 * These are small problem-specific sweeps over step functions, exact up to rounding, so
 * they are written here rather than taken from a numerical library. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/models/psp_reply.h"
#include "core/xmalloc.h"

/* Utilities closer than this (relative) are a tie: rounding must not pick the pool. */
#define TIE_TOL 1e-12

/* ---- valuations ---------------------------------------------------------------------- */

double psp_val_marg(const struct psp_val *v, double x)
{
	if (!(x < v->need))
		return 0;
	return v->kind == PSP_VAL_STEP ? v->kappa : v->kappa * (1 - x / v->need);
}

double psp_val_theta(const struct psp_val *v, double x)
{
	if (x < 0)
		x = 0;
	if (x > v->need)
		x = v->need;
	return v->kind == PSP_VAL_STEP ? v->kappa * x : v->kappa * (x - x * x / (2 * v->need));
}

double psp_val_gain(const struct psp_val *v, double z)
{
	return psp_val_theta(v, v->held + z) - psp_val_theta(v, v->held);
}

double psp_val_room(const struct psp_val *v)
{
	double r = v->need - v->held;
	return r > 0 ? r : 0;
}

double psp_val_cross(const struct psp_val *v, double price, double s)
{
	if (!(price < v->kappa))
		return 0;
	double x = v->kind == PSP_VAL_STEP ? v->need : v->need * (1 - price / v->kappa);
	double z = (x - v->held) / s;
	return z > 0 ? z : 0;
}

/* ---- scratch ------------------------------------------------------------------------- */

void psp_scratch_init(struct psp_scratch *s, int ns)
{
	memset(s, 0, sizeof *s);
	s->ns = ns;
	s->seg = xcalloc((size_t)ns, sizeof *s->seg);
	s->live = xcalloc((size_t)ns, 1);
	s->order = xcalloc((size_t)ns, sizeof *s->order);
	s->key = xcalloc((size_t)ns, sizeof *s->key);
	s->first = xcalloc((size_t)ns, sizeof *s->first);
	s->rec_off = xcalloc((size_t)ns, sizeof *s->rec_off);
	s->rec_n = xcalloc((size_t)ns, sizeof *s->rec_n);
	s->rec_at = xcalloc((size_t)ns, sizeof *s->rec_at);
	s->rec_lb = xcalloc((size_t)ns, sizeof *s->rec_lb);
	s->rec_cl = xcalloc((size_t)ns, sizeof *s->rec_cl);
	s->rec_ca = xcalloc((size_t)ns, sizeof *s->rec_ca);
	s->has = xcalloc((size_t)ns, 1);
	s->for_buyer = -1;
}

void psp_scratch_fini(struct psp_scratch *s)
{
	void *p[] = { s->seg, s->live, s->order, s->key, s->step_j, s->step_len,
		      s->step_p, s->first, s->has, s->rec, s->rec_c, s->rec_xc, s->rec_off, s->rec_n,
		      s->rec_at, s->rec_lb, s->rec_cl, s->rec_ca };
	for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
		free(p[i]);
	memset(s, 0, sizeof *s);
}

static void push_step(struct psp_scratch *s, int j, double len, double p)
{
	if (s->nsteps == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->step_j = xreallocarray(s->step_j, s->cap, sizeof *s->step_j);
		s->step_len = xreallocarray(s->step_len, s->cap, sizeof *s->step_len);
		s->step_p = xreallocarray(s->step_p, s->cap, sizeof *s->step_p);
	}
	s->step_j[s->nsteps] = j;
	s->step_p[s->nsteps] = p;
	s->step_len[s->nsteps++] = len;
}

/* ---- one market price function ------------------------------------------------------- */

/* sup{x in [0, cap] : theta'(held + x) > P(x / s)}, walking from the first segment f. */
static double sup_from(struct psp_book *b, const struct psp_seg *f, const struct psp_val *v,
		       double s, double cap)
{
	struct psp_seg g = *f;
	if (!(cap > 0))
		return 0;
	do {
		double x0 = s * g.z0, x1 = s * g.z1;
		if (x0 >= cap)
			return cap;
		double xc = psp_val_cross(v, g.p, 1); /* theta'(held + xc) = price */
		if (xc <= x0)
			return x0;
		double top = x1 < cap ? x1 : cap;
		if (xc < top)
			return xc;
	} while (psp_book_mpf_next(b, &g));
	return cap < s * b->Q ? cap : s * b->Q;
}

double psp_reply_sup(struct psp_book *b, int buyer, const struct psp_val *v, double s,
		     double cap)
{
	struct psp_seg f;
	if (!psp_book_mpf_first(b, buyer, &f))
		return 0;
	return sup_from(b, &f, v, s, cap);
}

void psp_reply_prepare(const struct psp_reply_ctx *c, struct psp_scratch *s, int buyer)
{
	memset(s->has, 2, (size_t)c->ns);
	s->for_buyer = buyer;
}

/* Whether seller j offers the prepared buyer a market price function; its first segment
 * is then s->first[j], found on the first call (the literal rule looks at few sellers). */
static int have_first(const struct psp_reply_ctx *c, struct psp_scratch *s, int j)
{
	if (s->has[j] == 2)
		s->has[j] = (unsigned char)psp_book_mpf_first(&c->book[j], s->for_buyer,
							       &s->first[j]);
	return s->has[j];
}

/* Largest x <= cap whose equal split over the m pool sellers costs at most the budget:
 * sum_t int_0^{x/m} P^{pool[t]}. The cost is piecewise linear in x: walk the pool's
 * breakpoints together. */
static double budget_cap(const struct psp_reply_ctx *c, struct psp_scratch *s,
			 const int *pool, int m, int buyer, double B, double cap)
{
	double zcap = cap / m, z = 0, cost = 0;
	for (int t = 0; t < m; t++) { /* pool sellers offer data: they have one */
		have_first(c, s, pool[t]);
		s->seg[t] = s->first[pool[t]];
	}
	for (;;) {
		double znext = zcap, slope = 0;
		for (int t = 0; t < m; t++) {
			slope += s->seg[t].p;
			if (s->seg[t].z1 < znext)
				znext = s->seg[t].z1;
		}
		if (slope > 0 && cost + slope * (znext - z) > B)
			return m * (z + (B - cost) / slope);
		cost += slope * (znext - z);
		z = znext;
		if (z >= zcap)
			return cap;
		for (int t = 0; t < m; t++)
			if (s->seg[t].z1 <= z &&
			    !psp_book_mpf_next(&c->book[pool[t]], &s->seg[t]))
				return m * z;
	}
}

static void zero_bids(int ns, double *out)
{
	memset(out, 0, 2 * (size_t)ns * sizeof *out);
}

/* Sorts order[0..n) by key descending, ties to the lower seller index (n is small). */
static void rank(int *order, int n, const double *key)
{
	for (int i = 1; i < n; i++) {
		int x = order[i], k = i;
		while (k > 0 && (key[order[k - 1]] < key[x] ||
				 (key[order[k - 1]] == key[x] && order[k - 1] > x))) {
			order[k] = order[k - 1];
			k--;
		}
		order[k] = x;
	}
}

/* ---- equal split over a pool --------------------------------------------------------- */

/* Walks seller j's market price function for the buyer alone (sup chi with x = z, up to
 * cap) and records the segments it passes, the one it stops in included, in s->rec_*:
 * every equal split over a pool with j needs only this stretch (its crossing in z comes
 * no later when theta' is evaluated at m z), so the pool sizes m reuse it. Returns the
 * stand-alone sup. */
static double record_walk(const struct psp_reply_ctx *c, struct psp_scratch *s, int j,
			  const struct psp_val *v, double cap)
{
	struct psp_book *b = &c->book[j];
	have_first(c, s, j);
	struct psp_seg g = s->first[j];
	size_t n = s->nrec, off = n, need = n + (size_t)b->n + 2; /* the walk's most segments */
	if (need > s->rec_cap) {
		s->rec_cap = 2 * s->rec_cap > need ? 2 * s->rec_cap : need;
		s->rec = xreallocarray(s->rec, s->rec_cap, sizeof *s->rec);
		s->rec_c = xreallocarray(s->rec_c, s->rec_cap, sizeof *s->rec_c);
		s->rec_xc = xreallocarray(s->rec_xc, s->rec_cap, sizeof *s->rec_xc);
	}
	struct psp_seg *rec = s->rec;
	double *rc = s->rec_c, *rx = s->rec_xc, sup = -1, cum = 0;
	s->rec_off[j] = (int)off;
	s->rec_at[j] = 0;
	s->rec_lb[j] = 0;
	s->rec_cl[j] = 0;
	s->rec_ca[j].below = INFINITY; /* none yet */
	do {
		double xc = psp_val_cross(v, g.p, 1);
		if (n > off) /* the cost up to g: psp_book_cost_from's sum, term by term */
			cum = cum + rec[n - 1].p * (rec[n - 1].z1 - rec[n - 1].z0);
		rc[n] = cum;
		rx[n] = xc;
		rec[n++] = g;
		if (g.z0 >= cap) {
			sup = cap;
		} else {
			double top = g.z1 < cap ? g.z1 : cap;
			if (xc <= g.z0)
				sup = g.z0;
			else if (xc < top)
				sup = xc;
		}
	} while (sup < 0 && psp_book_mpf_next(b, &g));
	s->nrec = n;
	s->rec_n[j] = (int)(n - off);
	if (sup < 0)
		sup = cap < b->Q ? cap : b->Q;
	return sup;
}

/* Whether the walk of sup{x <= cap : theta'(held + x) > P^j(x / m)} stops in recorded
 * segment g, whose crossing theta'(held + xc) = price is xc, and where (*x). The condition
 * only gets truer further up (x0 grows, the crossing xc falls), which lets rec_sup search
 * for the first stop. */
static int rec_stop(const struct psp_seg *g, double xc, double m, double cap, double *x)
{
	double x0 = m * g->z0, x1 = m * g->z1;
	if (x0 >= cap)
		return *x = cap, 1;
	if (xc <= x0)
		return *x = x0, 1;
	double top = x1 < cap ? x1 : cap;
	if (xc < top)
		return *x = xc, 1;
	return 0;
}

/* sup{x in [0, cap] : theta'(held + x) > P^j(x / m)} over j's recorded stretch (the same
 * arithmetic as sup_from). As m grows (and cap/m falls) the stop moves down: s->rec_at[j]
 * keeps the last one, and the search goes down from there. */
static double rec_sup(const struct psp_reply_ctx *c, struct psp_scratch *s, int j, double m,
		      double cap)
{
	const struct psp_seg *g = s->rec + s->rec_off[j];
	const double *xc = s->rec_xc + s->rec_off[j];
	int n = s->rec_n[j], t = s->rec_at[j];
	double x = 0, y;
	if (!(cap > 0))
		return 0;
	if (t >= n || !rec_stop(&g[t], xc[t], m, cap, &x)) { /* not monotone here: scan up */
		for (t = t < n ? t : 0; t < n && !rec_stop(&g[t], xc[t], m, cap, &x); t++)
			;
		if (t == n) {
			double Q = c->book[j].Q;
			s->rec_at[j] = n;
			return cap < m * Q ? cap : m * Q;
		}
	}
	while (t > 0 && rec_stop(&g[t - 1], xc[t - 1], m, cap, &y)) {
		t--;
		x = y;
	}
	s->rec_at[j] = t;
	return x;
}

/* int_0^a P^j over j's recorded stretch: the recorded cumulative cost at the segment
 * holding a plus the partial one (the same sums in the same order as
 * psp_book_cost_from). The segment is the first with z1 >= a, else the last; the z1 grow
 * along the stretch, and the share a of a pool moves little from one pool size to the
 * next, so the search goes from the segment found last (s->rec_cl[j]). */
static double rec_cost(struct psp_scratch *s, int j, double a)
{
	const struct psp_rec_at *h = &s->rec_ca[j];
	if (!(a > 0))
		return 0;
	if (!(h->below < a && a <= h->hi)) { /* the search would not stay where it ended */
		const struct psp_seg *g = s->rec + s->rec_off[j];
		int n = s->rec_n[j], l = s->rec_cl[j];
		if (n == 0)
			return 0;
		if (l > n - 1)
			l = n - 1;
		while (l < n - 1 && g[l].z1 < a)
			l++;
		while (l > 0 && g[l - 1].z1 >= a)
			l--;
		s->rec_cl[j] = l;
		s->rec_ca[j] = (struct psp_rec_at){ .below = l > 0 ? g[l - 1].z1 : -INFINITY,
						    .hi = l < n - 1 ? g[l].z1 : INFINITY,
						    .z0 = g[l].z0, .z1 = g[l].z1, .p = g[l].p,
						    .cum = s->rec_c[s->rec_off[j] + l] };
	}
	double top = h->z1 < a ? h->z1 : a;
	return top > h->z0 ? h->cum + h->p * (top - h->z0) : h->cum;
}

/* min(cap, min_t rec_sup(pool[t], m, cap)): the pool's sup chi before the budget.
 * Skipping: rec_sup(j, m, cap) = min(cap, X_j(m)), X_j(m) the crossing on j's stretch
 * without a cap (the capped walk stops at cap, or where the uncapped one stops), and
 * X_j(m) does not fall as m grows: at any segment the stop conditions (m z0 >= x_c, or
 * x_c < m z1) only get truer, so the stop moves down, and where it moves from segment t
 * to t' < t the old value (m z0_t or x_c(t)) is at most x_c(t') <= the new one (every
 * segment between failed to stop: x_c >= m z1 there, and the x_c fall along the stretch).
 * Rounding keeps this: fl(m z) is monotone in m and the z0 of a segment is the z1 of the
 * one below, bit for bit. So a value found for a smaller pool, rec_lb[j], bounds the new
 * one from below, and a seller with rec_lb[j] >= the minimum so far cannot lower it. The
 * newest (lowest ranked) seller usually holds the minimum: it goes first. */
static double pool_sup(const struct psp_reply_ctx *c, struct psp_scratch *s, const int *pool,
		       int m, double cap)
{
	double sup = cap;
	for (int t = m - 1; t >= 0 && sup > 0; t--) {
		int j = pool[t];
		if (sup <= s->rec_lb[j])
			continue;
		double sj = rec_sup(c, s, j, m, cap);
		s->rec_lb[j] = sj;
		if (sj < sup)
			sup = sj;
	}
	return sup;
}

/* The least data a seller of pool[0..m) offers. */
static double pool_minq(const struct psp_reply_ctx *c, const int *pool, int m)
{
	double minq = INFINITY;
	for (int t = 0; t < m; t++)
		if (c->book[pool[t]].Q < minq)
			minq = c->book[pool[t]].Q;
	return minq;
}

/* The eps-best equal-split reply over pool[0..m) (recorded walks), minq the least data a
 * pool seller offers: total v (0 if none) and its utility. */
static double equal_split(const struct psp_reply_ctx *c, struct psp_scratch *s,
			  const int *pool, int m, double minq, int buyer,
			  const struct psp_val *v, double *util)
{
	double room = psp_val_room(v);
	double cap = room < m * minq ? room : m * minq, sup = pool_sup(c, s, pool, m, cap);
	if (isfinite(v->budget) && sup > 0) {
		double xb = budget_cap(c, s, pool, m, buyer, v->budget, cap);
		if (xb < sup)
			sup = xb;
	}
	double x = sup - c->eps / v->kappa;
	if (!(x > 0))
		return *util = 0;
	double u = psp_val_gain(v, x);
	for (int t = 0; t < m; t++)
		u -= rec_cost(s, pool[t], x / m);
	*util = u;
	return x;
}

static void write_pool(const struct psp_reply_ctx *c, const int *pool, int m, double x,
		       double w, double *out)
{
	zero_bids(c->ns, out);
	for (int t = 0; t < m; t++) {
		out[2 * pool[t]] = x / m;
		out[2 * pool[t] + 1] = w;
	}
}

static double reply_equal(const struct psp_reply_ctx *c, struct psp_scratch *s, int buyer,
			  const struct psp_val *v, double *out)
{
	double room = psp_val_room(v), best_u = 0, best_x = 0, minq = INFINITY;
	int k = 0, best_m = 0;
	s->nrec = 0;
	for (int j = 0; j < c->ns; j++) {
		struct psp_book *b = &c->book[j];
		double solo = have_first(c, s, j) ? record_walk(c, s, j, v, room < b->Q ? room : b->Q) : 0;
		if (solo > 0) {
			s->key[j] = solo;
			s->order[k++] = j;
		}
	}
	rank(s->order, k, s->key);
	for (int m = 1; m <= k; m++) { /* the pools grow by one seller: minq follows */
		double qm = c->book[s->order[m - 1]].Q, u;
		if (qm < minq)
			minq = qm;
		double x = equal_split(c, s, s->order, m, minq, buyer, v, &u);
		if (x > 0 && u > best_u + TIE_TOL * (1 + fabs(best_u))) { /* ties: smaller pool */
			best_u = u;
			best_x = x;
			best_m = m;
		}
	}
	if (best_m == 0) {
		zero_bids(c->ns, out);
		return 0;
	}
	write_pool(c, s->order, best_m, best_x, psp_val_marg(v, v->held + best_x), out);
	return best_u;
}

/* Sellers with data available to buyer at price y_j = max(y, reserve_j) into s->order,
 * the first *n of them ranked by it (descending, ties to the lower index): eq. 22's pool
 * for `want`, the fewest n with n * avail_(n) >= want, else all. A selection ranks only
 * as far as the pool reaches. Returns how many sellers have data available. */
static int avail_pool(const struct psp_reply_ctx *c, struct psp_scratch *s, int buyer,
		      double y, double want, int *n)
{
	int k = 0;
	for (int j = 0; j < c->ns; j++) {
		struct psp_book *b = &c->book[j];
		if (!(b->Q > 0))
			continue;
		double av = b->Q - psp_book_above(b, buyer, y > b->r ? y : b->r);
		if (av > 0) {
			s->key[j] = av;
			s->order[k++] = j;
		}
	}
	int *o = s->order;
	for (int t = 0; t < k; t++) {
		int best = t;
		for (int u = t + 1; u < k; u++)
			if (s->key[o[u]] > s->key[o[best]] ||
			    (s->key[o[u]] == s->key[o[best]] && o[u] < o[best]))
				best = u;
		int x = o[t];
		o[t] = o[best];
		o[best] = x;
		if ((t + 1) * s->key[o[t]] >= want) {
			*n = t + 1;
			return k;
		}
	}
	*n = k;
	return k;
}

static double reply_literal(const struct psp_reply_ctx *c, struct psp_scratch *s, int buyer,
			    const struct psp_val *v, const double *cur, double *out)
{
	double y = 0, u;
	for (int j = 0; j < c->ns; j++)
		if (cur[2 * j] > 0 && cur[2 * j + 1] > y)
			y = cur[2 * j + 1];
	int m;
	double room = psp_val_room(v);
	if (avail_pool(c, s, buyer, y, room, &m) == 0) {
		zero_bids(c->ns, out);
		return 0;
	}
	s->nrec = 0;
	for (int t = 0; t < m; t++) {
		int j = s->order[t];
		record_walk(c, s, j, v, room < c->book[j].Q ? room : c->book[j].Q);
	}
	double x = equal_split(c, s, s->order, m, pool_minq(c, s->order, m), buyer, v, &u);
	if (!(x > 0)) {
		zero_bids(c->ns, out);
		return 0;
	}
	write_pool(c, s->order, m, x, psp_val_marg(v, v->held + x), out);
	return u;
}

/* ---- waterfill ----------------------------------------------------------------------- */

/* The seller whose current segment is the cheapest, ties to the lower index (the next
 * step of the merged market price function); -1 when every one is used up. key[j] holds
 * the price, INFINITY for a seller without a segment left. A scan of the few sellers
 * costs less than a heap: it is branch-free and most replies take few steps. */
static int cheapest(const struct psp_scratch *s, int ns)
{
	int best = -1;
	double kb = INFINITY;
	for (int j = 0; j < ns; j++)
		if (s->key[j] < kb) {
			kb = s->key[j];
			best = j;
		}
	return best;
}

/* Puts each seller's walk at its first segment (keys: the prices to merge by); returns how
 * far a walk can go: the buyer's room, or all the data on sale if less. */
static double walk_start(const struct psp_reply_ctx *c, struct psp_scratch *s,
			 const struct psp_val *v)
{
	double total = 0;
	for (int j = 0; j < c->ns; j++) {
		s->key[j] = INFINITY;
		if (have_first(c, s, j)) {
			s->seg[j] = s->first[j];
			s->key[j] = s->seg[j].p;
			total += c->book[j].Q;
		}
	}
	double room = psp_val_room(v);
	return room < total ? room : total;
}

/* Walks the merged market price function; returns sup chi (budget included) and leaves
 * the steps taken in s->step_*. */
static double merged_sup(const struct psp_reply_ctx *c, struct psp_scratch *s, int buyer,
			 const struct psp_val *v)
{
	double z = 0, cost = 0, B = v->budget;
	double cap = walk_start(c, s, v);
	int j;
	s->nsteps = 0;
	while (z < cap && (j = cheapest(s, c->ns)) >= 0) {
		double p = s->seg[j].p, len = s->seg[j].z1 - s->seg[j].z0;
		double zc = psp_val_cross(v, p, 1);
		if (zc <= z)
			return z;
		double take = len;
		if (zc - z < take)
			take = zc - z;
		if (cap - z < take)
			take = cap - z;
		if (p > 0 && cost + p * take > B) {
			take = (B - cost) / p;
			push_step(s, j, take > 0 ? take : 0, p);
			return z + (take > 0 ? take : 0);
		}
		push_step(s, j, take, p);
		z += take;
		cost += p * take;
		if (take < len)
			return z;
		s->key[j] = psp_book_mpf_next(&c->book[j], &s->seg[j]) ? s->seg[j].p : INFINITY;
	}
	return z < cap ? z : cap;
}

/* The walk of merged_sup, checking at each step whether the best utility of any bid can
 * still exceed bar. At z with cost C (cheapest first: the least any bids for z units
 * cost), the utility so far is V = gain(z) - C, and V only grows along the walk (it goes
 * on only while theta' is above the price). Every segment left is priced at least p, the
 * current one's, so any z' > z adds at most int_z^z' (theta'(held + s) - p) ds, at most
 * d^2 D / (2 kappa) with d = theta'(held + z) - p (theta' falls with slope kappa / D):
 * V + that <= bar ends it. The budget and the cap only shrink the bids that can be
 * bought. */
int psp_reply_bounded(const struct psp_reply_ctx *c, struct psp_scratch *s, int buyer,
		      const struct psp_val *v, double bar)
{
	double z = 0, cost = 0, B = v->budget;
	if (v->kind != PSP_VAL_LINEAR)
		return 0;
	if (s->for_buyer != buyer)
		psp_reply_prepare(c, s, buyer);
	double cap = walk_start(c, s, v);
	int j;
	while (z < cap && (j = cheapest(s, c->ns)) >= 0) {
		double p = s->seg[j].p, len = s->seg[j].z1 - s->seg[j].z0;
		double now = psp_val_gain(v, z) - cost, d = psp_val_marg(v, v->held + z) - p;
		if (now > bar)
			return 0; /* this bid already beats it */
		if (!(d > 0) || now + d * d * v->need / (2 * v->kappa) <= bar)
			return 1; /* the crossing is here, or what is left cannot reach bar */
		double take = len, zc = psp_val_cross(v, p, 1);
		if (zc - z < take)
			take = zc - z;
		if (cap - z < take)
			take = cap - z;
		if (p > 0 && cost + p * take > B) /* the budget ends the walk inside this step */
			return psp_val_gain(v, z + (B - cost) / p) - B <= bar;
		z += take;
		cost += p * take;
		if (take < len)
			break;
		s->key[j] = psp_book_mpf_next(&c->book[j], &s->seg[j]) ? s->seg[j].p : INFINITY;
	}
	return psp_val_gain(v, z) - cost <= bar;
}

static double reply_waterfill(const struct psp_reply_ctx *c, struct psp_scratch *s,
			      int buyer, const struct psp_val *v, double *out)
{
	double x = merged_sup(c, s, buyer, v) - c->eps / v->kappa;
	zero_bids(c->ns, out);
	if (!(x > 0))
		return 0;
	double w = psp_val_marg(v, v->held + x), left = x, cost = 0;
	for (size_t t = 0; t < s->nsteps && left > 0; t++) {
		double take = s->step_len[t] < left ? s->step_len[t] : left;
		out[2 * s->step_j[t]] += take;
		cost += s->step_p[t] * take;
		left -= take;
	}
	for (int j = 0; j < c->ns; j++) {
		if (out[2 * j] > 1e-12 * (1 + x))
			out[2 * j + 1] = w;
		else
			out[2 * j] = 0;
	}
	return psp_val_gain(v, x) - cost;
}

/* ---- entry points -------------------------------------------------------------------- */

double psp_reply(const struct psp_reply_ctx *c, struct psp_scratch *s, int buyer,
		 const struct psp_val *v, const double *cur, double *out)
{
	if (!(psp_val_room(v) > 0)) {
		zero_bids(c->ns, out);
		return 0;
	}
	if (s->for_buyer != buyer)
		psp_reply_prepare(c, s, buyer);
	switch (c->pool) {
	case PSP_POOL_EQUAL:
		return reply_equal(c, s, buyer, v, out);
	case PSP_POOL_LITERAL:
		return reply_literal(c, s, buyer, v, cur, out);
	default:
		return reply_waterfill(c, s, buyer, v, out);
	}
}

void psp_reply_step(const struct psp_reply_ctx *c, struct psp_scratch *s, int buyer,
		    const struct psp_val *v, const double *cur, double *out)
{
	double room = psp_val_room(v), got = 0;
	for (int j = 0; j < c->ns; j++)
		got += psp_book_alloc(&c->book[j], buyer, cur[2 * j], cur[2 * j + 1]);
	if (got >= room * (1 - 1e-12)) { /* served: keeps its bids (Algorithm 2's loop ends) */
		for (int j = 0; j < c->ns; j++) {
			int on = c->book[j].Q > 0;
			out[2 * j] = on ? cur[2 * j] : 0;
			out[2 * j + 1] = on ? cur[2 * j + 1] : 0;
		}
		return;
	}
	int m;
	if (avail_pool(c, s, buyer, v->kappa, room, &m) == 0) {
		zero_bids(c->ns, out);
		return;
	}
	write_pool(c, s->order, m, room, v->kappa, out);
}

double psp_reply_utility(const struct psp_reply_ctx *c, struct psp_scratch *s, int buyer,
			 const struct psp_val *v, const double *bids, double *a, double *cost)
{
	double tot = 0, pay = 0;
	int cached = s && s->for_buyer == buyer;
	for (int j = 0; j < c->ns; j++) {
		struct psp_book *b = &c->book[j];
		double x = psp_book_alloc(b, buyer, bids[2 * j], bids[2 * j + 1]), cj = 0;
		if (x > 0)
			cj = cached && have_first(c, s, j) ? psp_book_cost_from(b, &s->first[j], x)
							   : psp_book_cost(b, buyer, x);
		if (a)
			a[j] = x;
		if (cost)
			cost[j] = cj;
		tot += x;
		pay += cj;
	}
	return psp_val_gain(v, tot) - pay;
}
