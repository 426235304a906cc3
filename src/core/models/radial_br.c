/* radial_br: the exact best response of one agent in the chapter 1-3 mechanisms.
 * For a fixed own demand the own prices (and rho) have closed forms (spec §2.7, §3.7, §4.4):
 * every price term of a row is (q - D0)^2 + A q + B0 with A, B0 affine in the row's slack
 * and the agent's member slack (ch. 1-2) or A quadratic in the slack (ch. 3), so the best
 * price is max(0, D0 - A/2) and the row costs A D0 - A^2/4 + B0 (or D0^2 + B0 when
 * clipped). What is left is one dimension: the agent's allocation z (x_i, or x~_k - theta
 * in ch. 3). Its demand is u(z) = max over branches (z/R_out, z (B+M)/c, z B/(c - a z)),
 * the inverse of the radial map, and between breakpoints (branch switches, the group-maximum
 * kinks u = M/a, price clips) every slack is affine in z, so the payoff is
 * v(z) - P z - (polynomial of degree <= 4). On each piece the stationary points are the
 * real roots of a polynomial (closed form up to degree 2, GSL's companion-matrix solver
 * above); the payoff is evaluated exactly at every root and piece end, over the whole
 * range from y = 0 (or d_i) to the cap, so global deviations (errata E2) are found.
 * Hand-written because it is a problem-specific sweep; GSL does the polynomial roots.
 * Neighbours: radial_core (instance, taxes), radial.c (engine hook, nash_gap). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_poly.h>

#include "core/models/radial_core.h"
#include "core/xmalloc.h"

/* fmin/fmax without the library call (no NaN reaches them here) */
static inline double mn(double a, double b) { return a < b ? a : b; }
static inline double mx(double a, double b) { return a > b ? a : b; }

struct lrow {
	double c, a, beff, breal, M; /* r^l(u) = c / (beff + max(M, a u)) */
	double r0;                   /* r^l when the agent's demand is 0 */
};

struct lprice {
	int g;              /* geometry row, -1 when the slack is always 0 */
	int entry;
	double D0, ka0, kai, kal, ka2, kb0, kbi, kbl;
	double q2;          /* multicast: the closed-form 2q of this entry */
};

struct brbuf {
	int cap;
	struct lrow *g;
	struct lprice *p;
	double *cand, *brk, *sub;
	int *inrow;        /* per row: index of the agent's geometry row, -1 */
	double *yt;        /* general: per-group mean demand */
	/* aggregates of the message being answered (ch. 1-2), built once per round */
	double *slot_n, *slot_w, *row_T, *row_W, *row_r;
	int *row_cnt, *row_order; /* rows by increasing r^l */
	double *pc;               /* per price row: affine slacks and A on the current piece */
};

struct local {
	int ng, np;
	struct lrow *g;
	struct lprice *p;
	double Rout, x0, P, ulo, ucap;
	int zero_ok, agent;
};

void radial_br_free(struct radial *rd)
{
	struct brbuf *b = rd->brbuf;
	if (!b)
		return;
	free(b->g);
	free(b->p);
	free(b->cand);
	free(b->brk);
	free(b->sub);
	free(b->inrow);
	free(b->yt);
	void *p[] = { b->slot_n, b->slot_w, b->row_T, b->row_W, b->row_r, b->row_cnt,
		      b->row_order, b->pc };
	for (size_t k = 0; k < sizeof p / sizeof p[0]; k++)
		free(p[k]);
	free(b);
	rd->brbuf = NULL;
}

static struct brbuf *buf_of(struct radial *rd)
{
	if (rd->brbuf)
		return rd->brbuf;
	struct brbuf *b = xcalloc(1, sizeof *b);
	int cap = 1; /* the most rows one agent's view can hold */
	for (int i = 0; i < rd->n; i++)
		cap = rd->ia[i + 1] - rd->ia[i] > cap ? rd->ia[i + 1] - rd->ia[i] : cap;
	if (rd->mech == RADIAL_GENERAL)
		cap = rd->nl > cap ? rd->nl : cap;
	b->cap = cap;
	b->g = xcalloc((size_t)cap, sizeof *b->g);
	b->p = xcalloc((size_t)cap, sizeof *b->p);
	/* breakpoints: three per pair of rows, two per row, the ends; per piece: up to 2 clip
	 * points per row, each sub-piece 4 roots and its end */
	b->brk = xcalloc((size_t)cap * (size_t)cap * 3 + (size_t)cap * 2 + 8, sizeof *b->brk);
	b->cand = xcalloc((size_t)cap * 10 + 16, sizeof *b->cand);
	b->sub = xcalloc((size_t)cap * 2 + 4, sizeof *b->sub);
	b->inrow = xcalloc((size_t)rd->nl, sizeof *b->inrow);
	b->yt = xcalloc((size_t)rd->n, sizeof *b->yt);
	b->slot_n = xcalloc((size_t)rd->ns + 1, sizeof *b->slot_n);
	b->slot_w = xcalloc((size_t)rd->ns + 1, sizeof *b->slot_w);
	b->row_T = xcalloc((size_t)rd->nl, sizeof *b->row_T);
	b->row_W = xcalloc((size_t)rd->nl, sizeof *b->row_W);
	b->row_r = xcalloc((size_t)rd->nl, sizeof *b->row_r);
	b->row_cnt = xcalloc((size_t)rd->nl, sizeof *b->row_cnt);
	b->row_order = xcalloc((size_t)rd->nl, sizeof *b->row_order);
	b->pc = xcalloc((size_t)cap * 7, sizeof *b->pc);
	rd->brbuf = b;
	return b;
}

/* ---- the radial map in local coordinates ------------------------------------------------ */

static double u_of_z(const struct local *L, double z)
{
	double u = isfinite(L->Rout) ? z / L->Rout : 0;
	for (int k = 0; k < L->ng; k++) {
		const struct lrow *r = &L->g[k];
		if (r->M > 0)
			u = mx(u, z * (r->beff + r->M) / r->c);
		double d = r->c - r->a * z;
		u = mx(u, d > 0 ? z * r->beff / d : INFINITY);
	}
	return u;
}

static double r_of_u(const struct local *L, double u)
{
	double r = L->Rout;
	for (int k = 0; k < L->ng; k++) {
		const struct lrow *g = &L->g[k];
		double den = g->beff + mx(g->M, g->a * u);
		if (den > 0)
			r = mn(r, g->c / den);
	}
	return r;
}

/* Slacks of geometry row k at scale r and allocation z. */
static void slacks(const struct lrow *g, double r, double z, double *sl, double *si)
{
	double top = mx(r * g->M, g->a * z);
	*sl = g->c - r * g->breal - top;
	*si = mx(r * g->M - g->a * z, 0);
}

/* Cost of a price row at slacks (sl, si); the best price into *q. */
static double price_cost(const struct lprice *p, double sl, double si, double *q)
{
	double A = p->ka0 + p->kai * si + p->kal * sl + p->ka2 * sl * sl;
	double B = p->kb0 + p->kbi * si + p->kbl * sl;
	double best = p->D0 - A / 2;
	if (best >= 0) {
		*q = best;
		return A * p->D0 - A * A / 4 + B;
	}
	*q = 0;
	return p->D0 * p->D0 + B;
}

/* Payoff (up to terms the agent does not control) at allocation z with scale r. */
static double payoff_at(const struct radial *rd, const struct local *L, double z, double r,
			double *qout)
{
	double x = L->x0 + z, cost = L->P * x;
	for (int k = 0; k < L->np; k++) {
		const struct lprice *p = &L->p[k];
		double sl = 0, si = 0, q;
		if (p->g >= 0) {
			if (isfinite(r))
				slacks(&L->g[p->g], r, z, &sl, &si);
			else
				sl = L->g[p->g].c; /* nobody demands anything */
		}
		cost += price_cost(p, sl, si, &q);
		if (qout)
			qout[k] = q;
	}
	return radial_v(rd, L->agent, x) - cost;
}

/* ---- polynomials ------------------------------------------------------------------------ */

/* Real roots of c[0] + c[1] z + ... + c[d] z^d into out; returns how many. */
static int poly_roots(const double *c, int d, double *out)
{
	while (d > 0 && c[d] == 0)
		d--;
	if (d == 0)
		return 0;
	if (d == 1) {
		out[0] = -c[0] / c[1];
		return 1;
	}
	if (d == 2) { /* the cancellation-free form */
		double disc = c[1] * c[1] - 4 * c[2] * c[0];
		if (disc < 0)
			return 0;
		double q = -0.5 * (c[1] + (c[1] >= 0 ? sqrt(disc) : -sqrt(disc)));
		out[0] = q / c[2];
		if (q == 0)
			return 1;
		out[1] = c[0] / q;
		return 2;
	}
	double zc[8];
	gsl_poly_complex_workspace *w = gsl_poly_complex_workspace_alloc((size_t)d + 1);
	int n = 0;
	if (gsl_poly_complex_solve(c, (size_t)d + 1, w, zc) == 0)
		for (int k = 0; k < d; k++)
			if (fabs(zc[2 * k + 1]) <= 1e-9 * (1 + fabs(zc[2 * k])))
				out[n++] = zc[2 * k];
	gsl_poly_complex_workspace_free(w);
	return n;
}

static inline void padd(double *a, const double *b, int nb, double s)
{
	for (int k = 0; k < nb; k++)
		a[k] += s * b[k];
}

/* ---- one piece ------------------------------------------------------------------------- */

/* Affine slacks of price row p on a piece where r = R0 + R1 z and the max sides are those
 * at zm. */
static void affine_slacks(const struct local *L, const struct lprice *p, double R0,
			  double R1, double zm, double *sl, double *si)
{
	sl[0] = sl[1] = si[0] = si[1] = 0;
	if (p->g < 0)
		return;
	const struct lrow *g = &L->g[p->g];
	double rm = R0 + R1 * zm;
	if (rm * g->M >= g->a * zm) {
		sl[0] = g->c - R0 * (g->breal + g->M);
		sl[1] = -R1 * (g->breal + g->M);
		si[0] = R0 * g->M;
		si[1] = R1 * g->M - g->a;
	} else {
		sl[0] = g->c - R0 * g->breal;
		sl[1] = -R1 * g->breal - g->a;
	}
}

static void poly_A(const struct lprice *p, const double *sl, const double *si, double *A)
{
	A[0] = p->ka0 + p->kai * si[0] + p->kal * sl[0] + p->ka2 * sl[0] * sl[0];
	A[1] = p->kai * si[1] + p->kal * sl[1] + 2 * p->ka2 * sl[0] * sl[1];
	A[2] = p->ka2 * sl[1] * sl[1];
}

static double peval(const double *c, int d, double z)
{
	double v = 0;
	for (int k = d; k >= 0; k--)
		v = v * z + c[k];
	return v;
}

/* Sorts a short array in place (a handful of breakpoints: no qsort call overhead). */
static void sort_small(double *v, int n)
{
	for (int i = 1; i < n; i++) {
		double x = v[i];
		int j = i - 1;
		for (; j >= 0 && v[j] > x; j--)
			v[j + 1] = v[j];
		v[j + 1] = x;
	}
}

/* Candidates (stationary points) on [za, zb], a piece of constant binding. */
static int piece(const struct radial *rd, const struct local *L, struct brbuf *bf,
		 double za, double zb, double *cand)
{
	double zm = 0.5 * (za + zb), um = u_of_z(L, zm), rm = zm / um, R1 = 0;
	/* which branch binds at zm: the one giving the largest u */
	double best = isfinite(L->Rout) ? zm / L->Rout : -1;
	for (int k = 0; k < L->ng; k++) {
		const struct lrow *g = &L->g[k];
		if (g->M > 0 && zm * (g->beff + g->M) / g->c > best) {
			best = zm * (g->beff + g->M) / g->c;
			R1 = 0;
		}
		double d = g->c - g->a * zm, h = d > 0 ? zm * g->beff / d : INFINITY;
		if (h > best && g->beff > 0) {
			best = h;
			R1 = -g->a / g->beff;
		}
	}
	double R0 = rm - R1 * zm;
	int nsub = 0, nc = 0;
	bf->sub[nsub++] = za;
	bf->sub[nsub++] = zb;
	for (int k = 0; k < L->np; k++) {
		double *c = bf->pc + 7 * k, A[3], rt[4]; /* sl[2], si[2], A[3] of the piece */
		affine_slacks(L, &L->p[k], R0, R1, zm, c, c + 2);
		poly_A(&L->p[k], c, c + 2, c + 4);
		if (c[5] == 0 && c[6] == 0)
			continue; /* A constant on the piece: no clip switch inside */
		memcpy(A, c + 4, sizeof A);
		A[0] -= 2 * L->p[k].D0;
		int n = poly_roots(A, 2, rt);
		for (int j = 0; j < n; j++)
			if (rt[j] > za && rt[j] < zb)
				bf->sub[nsub++] = rt[j];
	}
	sort_small(bf->sub, nsub);
	for (int s = 0; s + 1 < nsub; s++) {
		double sa = bf->sub[s], sb = bf->sub[s + 1], sm = 0.5 * (sa + sb);
		if (!(sb > sa))
			continue;
		double V[5] = { 0 }; /* sum of the price costs, a polynomial in z */
		for (int k = 0; k < L->np; k++) {
			const struct lprice *p = &L->p[k];
			const double *sl = bf->pc + 7 * k, *si = sl + 2, *A = sl + 4;
			double A2[5], B[2];
			B[0] = p->kb0 + p->kbi * si[0] + p->kbl * sl[0];
			B[1] = p->kbi * si[1] + p->kbl * sl[1];
			padd(V, B, 2, 1);
			if (p->D0 - peval(A, 2, sm) / 2 >= 0) { /* + D0 A - A^2/4 */
				A2[0] = A[0] * A[0];
				A2[1] = 2 * A[0] * A[1];
				A2[2] = A[1] * A[1] + 2 * A[0] * A[2];
				A2[3] = 2 * A[1] * A[2];
				A2[4] = A[2] * A[2];
				padd(V, A, 3, p->D0);
				padd(V, A2, 5, -0.25);
			} else {
				V[0] += p->D0 * p->D0;
			}
		}
		/* stationary: v'(x0 + z) = P + V'(z) */
		double Q[4] = { L->P + V[1], 2 * V[2], 3 * V[3], 4 * V[4] }, eq[5] = { 0 }, rt[4];
		int i = L->agent, n;
		if (rd->util == RADIAL_LOG) {
			double a = 1 + L->x0; /* (a + z) Q(z) - w */
			eq[0] = a * Q[0] - rd->w[i];
			for (int d = 1; d < 4; d++)
				eq[d] = a * Q[d] + Q[d - 1];
			eq[4] = Q[3];
			n = poly_roots(eq, 4, rt);
		} else {
			eq[0] = Q[0] - rd->w[i] + rd->b[i] * L->x0;
			eq[1] = Q[1] + rd->b[i];
			eq[2] = Q[2];
			eq[3] = Q[3];
			n = poly_roots(eq, 3, rt);
		}
		for (int j = 0; j < n; j++)
			if (rt[j] > sa && rt[j] < sb)
				cand[nc++] = rt[j];
		cand[nc++] = sb;
	}
	return nc;
}

/* ---- local views ------------------------------------------------------------------------ */

static double slot_max_excl(const struct radial *rd, const double *m, int s, int skip)
{
	double v = 0;
	for (int k = rd->sm[s]; k < rd->sm[s + 1]; k++) {
		int e = rd->smem[k];
		if (e != skip)
			v = mx(v, rd->ent_a[e] * m[rd->off[rd->ent_agent[e]]]);
	}
	return v;
}

static double slot_q1(const struct radial *rd, const double *m, int s)
{
	double v = 0;
	for (int k = rd->sm[s]; k < rd->sm[s + 1]; k++)
		v += m[rd->oq1[rd->smem[k]]];
	return v;
}

static int member_at(const struct radial *rd, int s, int pos)
{
	int g = rd->sm[s + 1] - rd->sm[s];
	return rd->smem[rd->sm[s] + ((pos % g) + g) % g];
}

/* r^l of a row with agent i's demand set to 0 (the tweaks included). */
static double row_r_without(const struct radial *rd, const double *m, int l, int i)
{
	double sum = 0, single = 0, single_a = 0, single_y = 0;
	int cnt = 0;
	for (int s = rd->rs[l]; s < rd->rs[l + 1]; s++) {
		double v = 0, a = 0, y = 0;
		for (int k = rd->sm[s]; k < rd->sm[s + 1]; k++) {
			int e = rd->smem[k], j = rd->ent_agent[e];
			double yj = j == i ? 0 : m[rd->off[j]];
			if (rd->ent_a[e] * yj > v) {
				v = rd->ent_a[e] * yj;
				a = rd->ent_a[e];
				y = yj;
			}
		}
		if (v > 0) {
			cnt++;
			sum += v;
			single = v;
			single_a = a;
			single_y = y;
		}
	}
	if (cnt == 0)
		return INFINITY;
	if (cnt >= 2)
		return rd->c[l] / sum;
	if (rd->mech == RADIAL_MULTICAST)
		return rd->c[l] / (single + 1);
	return rd->c[l] / (single_a * (single_y + 1));
}

static double rho_bar_excl(const struct radial *rd, const double *m, int i)
{
	double s = 0;
	for (int j = 0; j < rd->n; j++)
		if (j != i)
			s += m[rd->orho[j]];
	return s / (rd->n - 1);
}

/* Row and slot aggregates of message m: group maxima, price totals, r^l (ch. 1-2). */
static void aggregates(struct radial *rd, const double *m, struct brbuf *bf)
{
	for (int l = 0; l < rd->nl; l++) {
		double T = 0, W = 0, single = 0;
		int cnt = 0;
		for (int s = rd->rs[l]; s < rd->rs[l + 1]; s++) {
			double v = slot_max_excl(rd, m, s, -1), w = slot_q1(rd, m, s);
			bf->slot_n[s] = v;
			bf->slot_w[s] = w;
			W += w;
			if (v > 0) {
				T += v;
				cnt++;
				single = v;
			}
		}
		bf->row_T[l] = T;
		bf->row_W[l] = W;
		bf->row_cnt[l] = cnt;
		bf->row_r[l] = cnt >= 2 ? rd->c[l] / T : cnt == 0 ? INFINITY
			       : rd->mech == RADIAL_MULTICAST ? rd->c[l] / (single + 1)
							      : row_r_without(rd, m, l, -1);
		int j = l - 1; /* insertion into the order by r */
		for (; j >= 0 && bf->row_r[bf->row_order[j]] > bf->row_r[l]; j--)
			bf->row_order[j + 1] = bf->row_order[j];
		bf->row_order[j + 1] = l;
	}
}

/* Ch. 1-2: agent i's rows, its prices and the constant R_out (aggregates built). */
static void local_network(struct radial *rd, const double *m, int i, struct local *L,
			  struct brbuf *bf)
{
	int multi = rd->mech == RADIAL_MULTICAST, lit = rd->budget == RADIAL_SBB_LITERAL;
	double rb = lit ? rho_bar_excl(rd, m, i) : 0;
	L->ng = L->np = 0;
	L->P = 0;
	L->x0 = 0;
	L->zero_ok = 1;
	L->ulo = 0;
	L->ucap = rd->ycap;
	for (int e = rd->ia[i]; e < rd->ia[i + 1]; e++)
		bf->inrow[rd->ent_row[e]] = 1;
	L->Rout = INFINITY; /* the smallest r^l of a row the agent does not use */
	for (int k = 0; k < rd->nl; k++)
		if (!bf->inrow[bf->row_order[k]]) {
			L->Rout = bf->row_r[bf->row_order[k]];
			break;
		}
	for (int e = rd->ia[i]; e < rd->ia[i + 1]; e++)
		bf->inrow[rd->ent_row[e]] = 0;
	for (int e = rd->ia[i]; e < rd->ia[i + 1]; e++) {
		int l = rd->ent_row[e], s = rd->ent_slot[e], G = rd->sm[s + 1] - rd->sm[s];
		int K = rd->rs[l + 1] - rd->rs[l], Nl = rd->ra[l + 1] - rd->ra[l];
		struct lrow *g = &L->g[L->ng];
		double ns = bf->slot_n[s], breal = bf->row_T[l] - (ns > 0 ? ns : 0);
		if (ns > 0.5 * bf->row_T[l]) { /* the difference would cancel: sum the others */
			breal = 0;
			for (int t = rd->rs[l]; t < rd->rs[l + 1]; t++)
				if (t != s)
					breal += bf->slot_n[t];
		}
		double ws = bf->slot_w[s], W = bf->row_W[l], lit_a = 0;
		if (lit)
			for (int t = rd->rs[l]; t < rd->rs[l + 1]; t++)
				if (t != s && rd->sm[t + 1] - rd->sm[t] == 1) {
					int f = rd->smem[rd->sm[t]];
					lit_a += rd->ent_a[f] * m[rd->off[rd->ent_agent[f]]];
				}
		g->c = rd->c[l];
		g->a = rd->ent_a[e];
		g->M = multi && G > 1 ? slot_max_excl(rd, m, s, e) : 0;
		g->breal = breal;
		g->beff = breal > 0 ? breal : multi ? 1 : g->a;
		/* r^l with the agent's demand at 0 */
		int cnt0 = bf->row_cnt[l] - (ns > 0) + (g->M > 0);
		g->r0 = cnt0 >= 2 ? g->c / (breal + g->M) : cnt0 == 0 ? INFINITY
			: row_r_without(rd, m, l, i);
		L->ng++;
		struct lprice *p = &L->p[L->np++];
		double wbar = (W - ws) / (K - 1), Q = ws - m[rd->oq1[e]];
		double P2 = G >= 2 ? m[rd->oq2[member_at(rd, s, rd->ent_pos[e] - 1)]] : wbar;
		memset(p, 0, sizeof *p);
		p->g = L->ng - 1;
		p->entry = e;
		p->D0 = wbar - Q;
		p->ka0 = lit ? -rb * lit_a / ((Nl - 1) * (double)(K - 1)) : 0;
		p->kai = rd->eta * P2;
		p->kal = rd->xi * wbar;
		p->kbi = -rd->eta * P2 * P2;
		p->kbl = rd->xi * wbar * (Q - wbar);
		L->P += g->a * P2;
		if (multi) {
			int ke = member_at(rd, s, rd->ent_pos[e] + 1);
			p->q2 = m[rd->oq1[ke]];
			if (lit && G >= 2)
				p->q2 += rb * rd->ent_a[ke] * m[rd->off[rd->ent_agent[ke]]] /
					 (2.0 * (Nl - 1));
		}
	}
}

/* Ch. 3: agent i's group k in reduced coordinates; z = x~_k - theta, u = y~_k - theta. */
static void local_general(struct radial *rd, const double *m, int i, struct local *L,
			  struct brbuf *bf)
{
	int ng = rd->ng, k = rd->eqg[i];
	double th = rd->theta, *yt = bf->yt, S = 0;
	memset(yt, 0, (size_t)ng * sizeof *yt);
	for (int j = 0; j < rd->n; j++) {
		double y = m[rd->off[j]];
		yt[rd->eqg[j]] += y / rd->gsize[rd->eqg[j]];
		if (j != i && rd->eqg[j] == k)
			S += y;
	}
	L->ng = L->np = 0;
	L->P = 0;
	L->x0 = th;
	L->zero_ok = 0;
	L->Rout = 1; /* y inside C: x = y */
	for (int l = 0; l < rd->nl; l++) {
		bf->inrow[l] = -1;
		if (rd->eqrow[l])
			continue;
		const double *at = rd->At + (size_t)l * ng;
		double gl = rd->c[l], D = 0;
		for (int q = 0; q < ng; q++) {
			gl -= at[q] * th;
			if (q != k)
				D += at[q] * (yt[q] - th);
		}
		if (at[k] > 0) {
			struct lrow *g = &L->g[L->ng];
			g->c = gl;
			g->a = at[k];
			g->beff = g->breal = mx(D, 0);
			g->M = 0;
			g->r0 = INFINITY;
			bf->inrow[l] = L->ng++;
		} else if (D > 0) {
			L->Rout = mn(L->Rout, gl / D);
		}
	}
	for (int e = rd->ia[i]; e < rd->ia[i + 1]; e++) {
		int l = rd->ent_row[e], Nl = rd->ra[l + 1] - rd->ra[l];
		double pbar = 0;
		for (int q = rd->ra[l]; q < rd->ra[l + 1]; q++)
			if (rd->rent[q] != e)
				pbar += m[rd->oq1[rd->rent[q]]];
		pbar /= Nl - 1;
		struct lprice *p = &L->p[L->np++];
		memset(p, 0, sizeof *p);
		p->g = bf->inrow[l];
		p->entry = e;
		p->D0 = pbar;
		p->ka2 = rd->eta * pbar;
		L->P += rd->ent_a[e] * pbar;
	}
	int nk = rd->gsize[k];
	L->ulo = (2 * th + S) / nk - th;
	L->ucap = (rd->ycap + S) / nk - th;
}

/* ---- the search ------------------------------------------------------------------------ */

/* A candidate switch at demand u where two branches give scale v: kept (as z = u r) only
 * when it lies on the envelope r(u) = min of all branches, i.e. the switch is real. */
static int keep(const struct local *L, double u, double v, int kink, double *brk, int nb)
{
	if (!(u > L->ulo && u < L->ucap))
		return nb;
	double r = r_of_u(L, u);
	if (kink || v <= r * (1 + 1e-12))
		brk[nb++] = u * r;
	return nb;
}

/* Breakpoints of the radial map in z: switches of the binding branch and the group-maximum
 * kinks u = M/a (which also change the slacks of non-binding rows). */
static int breakpoints(const struct local *L, double *brk)
{
	int nb = 0;
	for (int k = 0; k < L->ng; k++) {
		const struct lrow *g = &L->g[k];
		if (g->M > 0)
			nb = keep(L, g->M / g->a, 0, 1, brk, nb);
		if (isfinite(L->Rout))
			nb = keep(L, (g->c / L->Rout - g->beff) / g->a, L->Rout, 0, brk, nb);
		for (int q = k + 1; q < L->ng; q++) {
			const struct lrow *h = &L->g[q];
			double den = g->c * h->a - h->c * g->a, u;
			if (den != 0) {
				u = (h->c * g->beff - g->c * h->beff) / den;
				nb = keep(L, u, g->c / (g->beff + g->a * u), 0, brk, nb);
			}
			if (h->M > 0) {
				u = (g->c * (h->beff + h->M) / h->c - g->beff) / g->a;
				nb = keep(L, u, h->c / (h->beff + h->M), 0, brk, nb);
			}
			if (g->M > 0) {
				u = (h->c * (g->beff + g->M) / g->c - h->beff) / h->a;
				nb = keep(L, u, g->c / (g->beff + g->M), 0, brk, nb);
			}
		}
	}
	return nb;
}

/* The best allocation z; *zero set when y = 0 is best (ch. 1-2). */
static double search(struct radial *rd, struct local *L, struct brbuf *bf, int *zero,
		     double *zlo_out, double *zhi_out)
{
	double zlo = L->ulo * r_of_u(L, L->ulo), zhi = L->ucap * r_of_u(L, L->ucap);
	*zlo_out = zlo;
	*zhi_out = zhi;
	int nb = breakpoints(L, bf->brk);
	bf->brk[nb++] = zlo;
	bf->brk[nb++] = zhi;
	sort_small(bf->brk, nb);
	double best = -INFINITY, bestz = zhi;
	*zero = 0;
	if (L->zero_ok) {
		double r0 = L->Rout;
		for (int k = 0; k < L->ng; k++)
			r0 = mn(r0, L->g[k].r0);
		best = payoff_at(rd, L, 0, r0, NULL);
		*zero = 1;
		bestz = 0;
	}
	if (!L->zero_ok) {
		double v = payoff_at(rd, L, zlo, zlo / (L->ulo), NULL);
		if (v > best) {
			best = v;
			bestz = zlo;
		}
	}
	for (int j = 0; j + 1 < nb; j++) {
		double za = mx(bf->brk[j], zlo), zb = mn(bf->brk[j + 1], zhi);
		if (!(zb > za))
			continue;
		int nc = piece(rd, L, bf, za, zb, bf->cand);
		for (int c = 0; c < nc; c++) {
			double z = bf->cand[c];
			if (!(z > 0))
				continue;
			double u = z >= zhi ? L->ucap : u_of_z(L, z);
			double v = payoff_at(rd, L, z, z / u, NULL);
			if (v > best) {
				best = v;
				bestz = z;
				*zero = 0;
			}
		}
	}
	return bestz;
}

/* One agent's best response; the aggregates of m are built already (ch. 1-2). */
static void br_one(struct radial *rd, struct brbuf *bf, const double *m, int i, double *out)
{
	struct local L = { .g = bf->g, .p = bf->p, .agent = i };
	if (rd->mech == RADIAL_GENERAL)
		local_general(rd, m, i, &L, bf);
	else
		local_network(rd, m, i, &L, bf);
	int zero;
	double zlo, zhi, z = search(rd, &L, bf, &zero, &zlo, &zhi), u, r;
	if (zero) {
		u = 0;
		r = L.Rout;
		for (int k = 0; k < L.ng; k++)
			r = mn(r, L.g[k].r0);
	} else {
		u = z >= zhi ? L.ucap : z <= zlo ? L.ulo : u_of_z(&L, z);
		r = z / u;
	}
	double *q = bf->cand; /* free again */
	payoff_at(rd, &L, z, r, q);
	double *blk = out + rd->off[i];
	if (rd->mech == RADIAL_GENERAL) {
		double S = 0;
		for (int j = 0; j < rd->n; j++)
			if (j != i && rd->eqg[j] == rd->eqg[i])
				S += m[rd->off[j]];
		blk[0] = rd->gsize[rd->eqg[i]] * (rd->theta + u) - S;
		if (blk[0] < 2 * rd->theta) /* rounding at the lower end of the message space */
			blk[0] = 2 * rd->theta;
	} else {
		blk[0] = u;
	}
	for (int k = 0; k < L.np; k++) {
		int e = L.p[k].entry;
		out[rd->oq1[e]] = q[k];
		if (rd->oq2[e] >= 0) {
			int s = rd->ent_slot[e];
			out[rd->oq2[e]] = rd->sm[s + 1] - rd->sm[s] >= 2 ? L.p[k].q2 : q[k];
		}
	}
	if (rd->orho[i] >= 0)
		out[rd->orho[i]] = isfinite(r) ? r : 0;
}

void radial_br(struct radial *rd, const double *m, int i, double *out)
{
	struct brbuf *bf = buf_of(rd);
	if (rd->mech != RADIAL_GENERAL)
		aggregates(rd, m, bf);
	br_one(rd, bf, m, i, out);
}

void radial_br_all(struct radial *rd, const double *m, double *out)
{
	struct brbuf *bf = buf_of(rd);
	if (rd->mech != RADIAL_GENERAL)
		aggregates(rd, m, bf);
	for (int i = 0; i < rd->n; i++)
		br_one(rd, bf, m, i, out);
}
