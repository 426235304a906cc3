/* radial_core: instance, message layout, allocation and taxes of the chapter 1-3 mechanisms
 * (see radial_core.h). Allocation: (1.7)-(1.9) unicast with the single-demander tweak,
 * (2.9)-(2.10) multicast radial projection with group maxima, (3.13)-(3.17) projection from
 * the interior point theta (reduced to equality groups when C is degenerate). Taxes: (1.10)
 * and Sec. 4 of ch. 1; (2.13)-(2.14) and the SBB (2.23)-(2.26) with the errata E1 fix (each
 * other agent's own 1q) or literally (2.24)-(2.25); (3.18), the SBB (3.26)-(3.27) and the
 * off-equilibrium SBB (3.28)-(3.29), whose pair and quadruple sums are evaluated through
 * power sums over the other agents of the row (O(N^l) instead of O(N^l^4)).
 * Neighbours: radial_br (best response), radial_kkt (efficient allocation), radial.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/models/radial_core.h"
#include "core/xmalloc.h"

double radial_v(const struct radial *rd, int i, double x)
{
	if (rd->util == RADIAL_LOG)
		return rd->w[i] * log1p(x);
	return rd->w[i] * x - 0.5 * rd->b[i] * x * x;
}

double radial_dv(const struct radial *rd, int i, double x)
{
	if (rd->util == RADIAL_LOG)
		return rd->w[i] / (1 + x);
	return rd->w[i] - rd->b[i] * x;
}

/* ---- set-up ------------------------------------------------------------------------- */

/* Equality groups of a general instance: rows x_a - x_b <= 0 (one positive and one negative
 * coefficient of equal size, c = 0) are edges a -> b; agents that reach each other are
 * forced equal. Every such row must join two agents of one group. */
static int equality_groups(struct radial *rd, struct err *e)
{
	int n = rd->n, nl = rd->nl;
	char *reach = xcalloc((size_t)n * (size_t)n, 1);
	for (int i = 0; i < n; i++)
		reach[(size_t)i * n + i] = 1;
	for (int l = 0; l < nl; l++) {
		int pos = -1, neg = -1, cnt = 0;
		const double *row = rd->A + (size_t)l * n;
		for (int j = 0; j < n; j++) {
			if (row[j] == 0)
				continue;
			cnt++;
			if (row[j] > 0)
				pos = j;
			else
				neg = j;
		}
		if (neg < 0)
			continue;
		if (cnt != 2 || pos < 0 || row[pos] != -row[neg] || rd->c[l] != 0) {
			free(reach);
			return err_set(e, "parameter 'A' row %d: a negative coefficient is allowed "
					  "only in an equality row x_a - x_b <= 0 with c = 0 "
					  "(thesis (A6))", l + 1);
		}
		rd->eqrow[l] = 1;
		reach[(size_t)pos * n + neg] = 1;
	}
	for (int k = 0; k < n; k++) /* transitive closure (instances are small) */
		for (int i = 0; i < n; i++)
			if (reach[(size_t)i * n + k])
				for (int j = 0; j < n; j++)
					reach[(size_t)i * n + j] |= reach[(size_t)k * n + j];
	rd->ng = 0;
	for (int i = 0; i < n; i++) {
		rd->eqg[i] = -1;
		for (int j = 0; j < i; j++)
			if (reach[(size_t)i * n + j] && reach[(size_t)j * n + i]) {
				rd->eqg[i] = rd->eqg[j];
				break;
			}
		if (rd->eqg[i] < 0)
			rd->eqg[i] = rd->ng++;
	}
	int rc = 0;
	for (int l = 0; l < nl && rc == 0; l++) {
		if (!rd->eqrow[l])
			continue;
		int a = -1, b = -1;
		for (int j = 0; j < n; j++)
			if (rd->A[(size_t)l * n + j] != 0) {
				if (a < 0)
					a = j;
				else
					b = j;
			}
		if (rd->eqg[a] != rd->eqg[b])
			rc = err_set(e, "parameter 'A' row %d orders agents %d and %d that are not "
					"forced equal: only equality constraints (x_a <= x_b and "
					"x_b <= x_a, or a cycle) may have negative coefficients",
				     l + 1, a + 1, b + 1);
	}
	free(reach);
	return rc;
}

/* Slots (groups on a row) and their members; per-entry slot and position. */
static void build_slots(struct radial *rd, const int *group)
{
	int nl = rd->nl, nnz = rd->nnz;
	rd->rs = xcalloc((size_t)nl + 1, sizeof *rd->rs);
	rd->sm = xcalloc((size_t)nnz + 1, sizeof *rd->sm);
	rd->smem = xcalloc((size_t)nnz, sizeof *rd->smem);
	rd->ent_slot = xcalloc((size_t)nnz, sizeof *rd->ent_slot);
	rd->ent_pos = xcalloc((size_t)nnz, sizeof *rd->ent_pos);
	int ns = 0, k = 0;
	for (int l = 0; l < nl; l++) {
		rd->rs[l] = ns;
		int lo = rd->ra[l], hi = rd->ra[l + 1];
		char *done = xcalloc((size_t)(hi - lo) + 1, 1);
		for (int a = lo; a < hi; a++) {
			if (done[a - lo])
				continue;
			int g = group ? group[rd->ent_agent[rd->rent[a]]] : -1;
			rd->sm[ns] = k;
			for (int b = a; b < hi; b++) {
				int eb = rd->rent[b];
				if (done[b - lo] || (b != a && (!group || group[rd->ent_agent[eb]] != g)))
					continue;
				done[b - lo] = 1;
				rd->ent_slot[eb] = ns;
				rd->ent_pos[eb] = k - rd->sm[ns];
				rd->smem[k++] = eb;
			}
			ns++;
		}
		free(done);
	}
	rd->rs[nl] = ns;
	rd->sm[ns] = k;
	rd->ns = ns;
}

static int check_rows(struct radial *rd, struct err *e)
{
	for (int l = 0; l < rd->nl; l++) {
		int agents = rd->ra[l + 1] - rd->ra[l], slots = rd->rs[l + 1] - rd->rs[l];
		if (rd->mech == RADIAL_MULTICAST && slots < 2)
			return err_set(e, "row %d of 'A' carries %d group(s): every link needs at "
					  "least two groups (thesis ch. 2, (A3))", l + 1, slots);
		if (rd->mech != RADIAL_MULTICAST && agents < 2)
			return err_set(e, "row %d of 'A' involves %d agent(s): every row needs at "
					  "least two (thesis (A3)/(A4))", l + 1, agents);
		if (rd->mech != RADIAL_GENERAL && !(rd->c[l] > 0))
			return err_set(e, "parameter 'c' element %d = %g: capacities must be "
					  "positive", l + 1, rd->c[l]);
		if (rd->mech == RADIAL_GENERAL && !(rd->c[l] >= 0))
			return err_set(e, "parameter 'c' element %d = %g: the thesis needs c >= 0 "
					  "(0 feasible, (A3))", l + 1, rd->c[l]);
		if (rd->budget == RADIAL_SBB_OFFEQ && agents < 5)
			return err_set(e, "budget 'sbb_offeq' needs at least 5 agents on every "
					  "row (thesis (A4')); row %d has %d", l + 1, agents);
	}
	return 0;
}

/* Reduced matrix of a general instance, interior point check, agents' reach. */
static int general_setup(struct radial *rd, struct err *e)
{
	int n = rd->n, nl = rd->nl;
	if (equality_groups(rd, e) < 0)
		return -1;
	rd->gsize = xcalloc((size_t)rd->ng, sizeof *rd->gsize);
	for (int i = 0; i < n; i++)
		rd->gsize[rd->eqg[i]]++;
	rd->degenerate = rd->ng < n;
	rd->At = xcalloc((size_t)nl * (size_t)rd->ng, sizeof *rd->At);
	for (int l = 0; l < nl; l++) {
		if (rd->eqrow[l])
			continue;
		double th = 0;
		int groups = 0;
		for (int i = 0; i < n; i++)
			rd->At[(size_t)l * rd->ng + rd->eqg[i]] += rd->A[(size_t)l * n + i];
		for (int k = 0; k < rd->ng; k++) {
			th += rd->At[(size_t)l * rd->ng + k] * rd->theta;
			groups += rd->At[(size_t)l * rd->ng + k] > 0;
		}
		if (rd->degenerate && groups < 2)
			return err_set(e, "row %d of 'A' involves a single group of agents forced "
					  "equal: every row needs two (thesis (A4))", l + 1);
		if (!(rd->c[l] - th > 0))
			return err_set(e, "parameter 'theta' = %g is not inside the feasible set: "
					  "row %d has A theta = %g >= c = %g", rd->theta, l + 1, th,
				       rd->c[l]);
	}
	if (rd->budget == RADIAL_SBB_OFFEQ && rd->degenerate)
		return err_set(e, "budget 'sbb_offeq' applies only to constraints without "
				  "equality rows (thesis ch. 3, Sec. 5.1)");
	return 0;
}

static void layout(struct radial *rd)
{
	int n = rd->n;
	int rho = rd->mech != RADIAL_GENERAL && rd->budget != RADIAL_WBB;
	rd->off = xcalloc((size_t)n + 1, sizeof *rd->off);
	rd->oq1 = xcalloc((size_t)rd->nnz, sizeof *rd->oq1);
	rd->oq2 = xcalloc((size_t)rd->nnz, sizeof *rd->oq2);
	rd->orho = xcalloc((size_t)n, sizeof *rd->orho);
	size_t k = 0;
	for (int i = 0; i < n; i++) {
		rd->off[i] = k++;
		for (int e = rd->ia[i]; e < rd->ia[i + 1]; e++)
			rd->oq1[e] = (int)k++;
		for (int e = rd->ia[i]; e < rd->ia[i + 1]; e++)
			rd->oq2[e] = rd->mech == RADIAL_MULTICAST ? (int)k++ : -1;
		rd->orho[i] = rho ? (int)k++ : -1;
	}
	rd->off[n] = k;
	rd->dim = k;
}

int radial_init(struct radial *rd, const struct radial_setup *s, struct err *e)
{
	memset(rd, 0, sizeof *rd);
	int n = s->n, nl = s->nl;
	rd->mech = s->mech;
	rd->budget = s->budget;
	rd->util = s->util;
	rd->n = n;
	rd->nl = nl;
	rd->eta = s->eta;
	rd->zeta = s->zeta;
	rd->xi = s->mech == RADIAL_UNICAST ? s->eta : s->xi;
	rd->theta = s->theta;
	rd->A = xmallocarray((size_t)n * nl, sizeof *rd->A);
	memcpy(rd->A, s->A, (size_t)n * nl * sizeof *rd->A);
	rd->c = xmallocarray((size_t)nl, sizeof *rd->c);
	memcpy(rd->c, s->c, (size_t)nl * sizeof *rd->c);
	rd->w = xmallocarray((size_t)n, sizeof *rd->w);
	rd->b = xcalloc((size_t)n, sizeof *rd->b);
	memcpy(rd->w, s->w, (size_t)n * sizeof *rd->w);
	if (s->b)
		memcpy(rd->b, s->b, (size_t)n * sizeof *rd->b);
	rd->eqrow = xcalloc((size_t)nl, sizeof *rd->eqrow);
	rd->eqg = xcalloc((size_t)n, sizeof *rd->eqg);
	/* agent CSR */
	rd->ia = xcalloc((size_t)n + 1, sizeof *rd->ia);
	for (int i = 0; i < n; i++) {
		rd->ia[i + 1] = rd->ia[i];
		for (int l = 0; l < nl; l++)
			rd->ia[i + 1] += rd->A[(size_t)l * n + i] != 0;
		if (rd->ia[i + 1] == rd->ia[i]) {
			rd->nnz = rd->ia[i];
			return err_set(e, "column %d of 'A' is zero: agent %d uses no link or "
					  "constraint, so its demand is unbounded", i + 1, i + 1);
		}
	}
	rd->nnz = rd->ia[n];
	rd->ent_row = xmallocarray((size_t)rd->nnz, sizeof *rd->ent_row);
	rd->ent_agent = xmallocarray((size_t)rd->nnz, sizeof *rd->ent_agent);
	rd->ent_a = xmallocarray((size_t)rd->nnz, sizeof *rd->ent_a);
	for (int i = 0, k = 0; i < n; i++)
		for (int l = 0; l < nl; l++) {
			double a = rd->A[(size_t)l * n + i];
			if (a == 0)
				continue;
			if (a < 0 && s->mech != RADIAL_GENERAL)
				return err_set(e, "parameter 'A' row %d column %d = %g: routing "
						  "coefficients must be >= 0", l + 1, i + 1, a);
			rd->ent_row[k] = l;
			rd->ent_agent[k] = i;
			rd->ent_a[k++] = a;
		}
	/* row CSR: entries in agent order */
	rd->ra = xcalloc((size_t)nl + 1, sizeof *rd->ra);
	rd->rent = xmallocarray((size_t)rd->nnz, sizeof *rd->rent);
	for (int k = 0; k < rd->nnz; k++)
		rd->ra[rd->ent_row[k] + 1]++;
	for (int l = 0; l < nl; l++)
		rd->ra[l + 1] += rd->ra[l];
	int *fill = xcalloc((size_t)nl, sizeof *fill);
	for (int k = 0; k < rd->nnz; k++) {
		int l = rd->ent_row[k];
		rd->rent[rd->ra[l] + fill[l]++] = k;
	}
	free(fill);
	build_slots(rd, s->mech == RADIAL_MULTICAST ? s->group : NULL);
	if (check_rows(rd, e) < 0)
		return -1;
	if (s->mech == RADIAL_GENERAL) {
		if (general_setup(rd, e) < 0)
			return -1;
	} else {
		rd->ng = n;
		for (int i = 0; i < n; i++)
			rd->eqg[i] = i;
	}
	layout(rd);
	/* demands: ch. 1-2 are kept at the scale of x* (radial_solve sets the cap to 1e9 times
	 * it, "infinite"); ch. 3 demands are absolute */
	rd->ycap = 1e9;
	rd->ysum = 1;
	if (s->mech == RADIAL_GENERAL) {
		double big = 0;
		for (int e2 = 0; e2 < rd->nnz; e2++)
			if (!rd->eqrow[rd->ent_row[e2]] && rd->ent_a[e2] > 0)
				big = fmax(big, rd->c[rd->ent_row[e2]] / rd->ent_a[e2]);
		rd->ycap = 1e6 * (1 + big);
	}
	struct radial_eval *ev = &rd->ev;
	ev->x = xcalloc((size_t)n, sizeof *ev->x);
	ev->load = xcalloc((size_t)nl, sizeof *ev->load);
	ev->slack = xcalloc((size_t)nl, sizeof *ev->slack);
	ev->pay = xcalloc((size_t)n, sizeof *ev->pay);
	ev->tax = xcalloc((size_t)n, sizeof *ev->tax);
	ev->util = xcalloc((size_t)n, sizeof *ev->util);
	rd->xstar = xcalloc((size_t)n, sizeof *rd->xstar);
	rd->lam = xcalloc((size_t)nl, sizeof *rd->lam);
	rd->mu = xcalloc((size_t)rd->nnz, sizeof *rd->mu);
	rd->ne = xcalloc(rd->dim, sizeof *rd->ne);
	rd->scratch = xcalloc(rd->dim, sizeof *rd->scratch);
	return 0;
}

void radial_fini(struct radial *rd)
{
	void *p[] = { rd->A, rd->c, rd->w, rd->b, rd->ia, rd->ent_row, rd->ent_agent,
		      rd->ent_a, rd->ra, rd->rent, rd->rs, rd->sm, rd->smem, rd->ent_slot,
		      rd->ent_pos, rd->eqg, rd->gsize, rd->eqrow, rd->At, rd->off, rd->oq1,
		      rd->oq2, rd->orho, rd->xstar, rd->lam, rd->mu, rd->ne, rd->scratch,
		      rd->ev.x, rd->ev.load, rd->ev.slack, rd->ev.pay, rd->ev.tax, rd->ev.util };
	for (size_t k = 0; k < sizeof p / sizeof p[0]; k++)
		free(p[k]);
	radial_br_free(rd);
	memset(rd, 0, sizeof *rd);
}

/* ---- allocation ------------------------------------------------------------------------ */

static double y_of(const struct radial *rd, const double *m, int i) { return m[rd->off[i]]; }

/* Group maximum n_s = max alpha y over the slot's members. */
static double slot_max(const struct radial *rd, const double *m, int s)
{
	double v = 0;
	for (int k = rd->sm[s]; k < rd->sm[s + 1]; k++) {
		int e = rd->smem[k];
		v = fmax(v, rd->ent_a[e] * y_of(rd, m, rd->ent_agent[e]));
	}
	return v;
}

/* r^l of (1.8) / (2.9c): c/sum with two or more positive slots, the single-demander
 * tweak with one, infinity with none. */
static double row_r(const struct radial *rd, const double *m, int l)
{
	double sum = 0, single = 0;
	int cnt = 0;
	for (int s = rd->rs[l]; s < rd->rs[l + 1]; s++) {
		double v = slot_max(rd, m, s);
		if (v > 0) {
			cnt++;
			sum += v;
			single = v;
		}
	}
	if (cnt == 0)
		return INFINITY;
	if (cnt >= 2)
		return rd->c[l] / sum;
	if (rd->mech == RADIAL_MULTICAST)
		return rd->c[l] / (single + 1);
	/* unicast: c/(alpha_i (y_i + 1)) for the single demander i */
	for (int k = rd->ra[l]; k < rd->ra[l + 1]; k++) {
		int e = rd->rent[k];
		double y = y_of(rd, m, rd->ent_agent[e]);
		if (y > 0)
			return rd->c[l] / (rd->ent_a[e] * (y + 1));
	}
	return INFINITY;
}

static void alloc_network(struct radial *rd, const double *m)
{
	struct radial_eval *ev = &rd->ev;
	double r = INFINITY;
	for (int l = 0; l < rd->nl; l++)
		r = fmin(r, row_r(rd, m, l));
	if (isinf(r))
		r = 0; /* y = 0: x = 0 */
	ev->r = r;
	for (int i = 0; i < rd->n; i++)
		ev->x[i] = r * y_of(rd, m, i);
	for (int l = 0; l < rd->nl; l++) {
		double load = 0;
		for (int s = rd->rs[l]; s < rd->rs[l + 1]; s++)
			load += r * slot_max(rd, m, s);
		ev->load[l] = load;
	}
}

/* Projection from theta (3.13)-(3.17) in the reduced (group) coordinates. */
static void alloc_general(struct radial *rd, const double *m)
{
	struct radial_eval *ev = &rd->ev;
	int n = rd->n, ng = rd->ng;
	double *yt = xcalloc((size_t)ng, sizeof *yt);
	for (int i = 0; i < n; i++)
		yt[rd->eqg[i]] += y_of(rd, m, i) / rd->gsize[rd->eqg[i]];
	double a0 = 1;
	for (int l = 0; l < rd->nl; l++) {
		if (rd->eqrow[l])
			continue;
		const double *at = rd->At + (size_t)l * ng;
		double num = rd->c[l], den = 0;
		for (int k = 0; k < ng; k++) {
			num -= at[k] * rd->theta;
			den += at[k] * (yt[k] - rd->theta);
		}
		if (den > 0 && num / den < a0)
			a0 = num / den;
	}
	ev->r = a0;
	for (int i = 0; i < n; i++) {
		double v = yt[rd->eqg[i]];
		ev->x[i] = a0 == 1 ? v : rd->theta + a0 * (v - rd->theta);
	}
	free(yt);
	for (int l = 0; l < rd->nl; l++) {
		double load = 0;
		for (int k = rd->ra[l]; k < rd->ra[l + 1]; k++) {
			int e = rd->rent[k];
			load += rd->ent_a[e] * ev->x[rd->ent_agent[e]];
		}
		ev->load[l] = load;
	}
}

/* ---- taxes ---------------------------------------------------------------------------- */

/* Mean of 1q (or p) over the other slots' totals on row l: w-bar_{-s}. */
static double wbar_other(const struct radial *rd, const double *m, int l, int s, double *ws)
{
	double tot = 0, own = 0;
	for (int t = rd->rs[l]; t < rd->rs[l + 1]; t++) {
		double w = 0;
		for (int k = rd->sm[t]; k < rd->sm[t + 1]; k++)
			w += m[rd->oq1[rd->smem[k]]];
		tot += w;
		if (t == s)
			own = w;
	}
	*ws = own;
	return (tot - own) / (rd->rs[l + 1] - rd->rs[l] - 1);
}

static int member(const struct radial *rd, int s, int pos)
{
	int g = rd->sm[s + 1] - rd->sm[s];
	return rd->smem[rd->sm[s] + ((pos % g) + g) % g];
}

/* Price entry e pays per unit of alpha x: 2q of its predecessor, or w-bar_{-k} alone. */
static double paid_price(const struct radial *rd, const double *m, int e, double wbar)
{
	int s = rd->ent_slot[e], g = rd->sm[s + 1] - rd->sm[s];
	if (g >= 2)
		return m[rd->oq2[member(rd, s, rd->ent_pos[e] - 1)]];
	return wbar;
}

/* Mean rho of the others; a message without rho (WBB layout) is read as rho = r. */
static double rho_bar_other(const struct radial *rd, const double *m, int i)
{
	if (rd->orho[i] < 0)
		return rd->ev.r;
	double s = 0;
	for (int j = 0; j < rd->n; j++)
		if (j != i)
			s += m[rd->orho[j]];
	return s / (rd->n - 1);
}

/* Network (ch. 1-2) tax of entry e and its SBB rebate. */
static void tax_network(struct radial *rd, const double *m, int e, enum radial_budget bud,
			double *tax, double *pay)
{
	struct radial_eval *ev = &rd->ev;
	int i = rd->ent_agent[e], l = rd->ent_row[e], s = rd->ent_slot[e];
	int g = rd->sm[s + 1] - rd->sm[s];
	double ws, wbar = wbar_other(rd, m, l, s, &ws);
	double a = rd->ent_a[e], x = ev->x[i], q1 = m[rd->oq1[e]];
	double sl = ev->slack[l], si = 0;
	if (rd->mech == RADIAL_MULTICAST)
		si = fmax(ev->r * slot_max(rd, m, s) - a * x, 0);
	double price = paid_price(rd, m, e, wbar);
	double t = x * a * price + (ws - wbar) * (ws - wbar) + rd->xi * wbar * (ws - wbar) * sl;
	if (g >= 2) {
		double q2kj = price, q1ke = m[rd->oq1[member(rd, s, rd->ent_pos[e] + 1)]];
		double d = m[rd->oq2[e]] - q1ke;
		t += d * d + rd->eta * q2kj * (q1 - q2kj) * si;
	} else {
		t += rd->eta * wbar * (q1 - wbar) * si;
	}
	*pay += x * a * price;
	if (bud == RADIAL_WBB)
		goto out;
	/* redistribution: others' messages only (E1 fix) or the thesis's literal prices */
	int nlrow = rd->ra[l + 1] - rd->ra[l];
	double rb = rho_bar_other(rd, m, i), sum = 0;
	for (int k = rd->ra[l]; k < rd->ra[l + 1]; k++) {
		int f = rd->rent[k];
		if (f == e)
			continue;
		double yf = y_of(rd, m, rd->ent_agent[f]), pf;
		if (rd->mech == RADIAL_UNICAST) {
			pf = wbar; /* p-bar_{-i} times sum of the others' alpha y */
		} else if (bud == RADIAL_SBB_LITERAL) {
			int sf = rd->ent_slot[f];
			double wf, wbf = wbar_other(rd, m, l, sf, &wf);
			pf = paid_price(rd, m, f, wbf);
		} else {
			pf = m[rd->oq1[f]];
		}
		sum += rd->ent_a[f] * pf * yf;
	}
	t -= rb * sum / (nlrow - 1);
out:
	*tax += t;
}

/* Off-equilibrium SBB redistribution f_i^l of (3.28)-(3.29) through power sums over the
 * other agents of row l. */
static double f_offeq(const struct radial *rd, const double *m, int e)
{
	int l = rd->ent_row[e], N = rd->ra[l + 1] - rd->ra[l];
	double c = rd->c[l];
	double SP = 0, SP2 = 0, SA = 0, SA2 = 0, SPA = 0, SP2A2 = 0, SPhi = 0, SPPhi = 0;
	double SP2Phi = 0, SPG = 0, SP2G = 0;
	for (int pass = 0; pass < 2; pass++)
		for (int k = rd->ra[l]; k < rd->ra[l + 1]; k++) {
			int f = rd->rent[k];
			if (f == e)
				continue;
			double p = m[rd->oq1[f]], a = rd->ent_a[f] * y_of(rd, m, rd->ent_agent[f]);
			if (pass == 0) {
				double phi = a * a - 2 * c * a;
				SP += p;
				SP2 += p * p;
				SA += a;
				SA2 += a * a;
				SPA += p * a;
				SP2A2 += p * p * a * a;
				SPhi += phi;
				SPPhi += p * phi;
				SP2Phi += p * p * phi;
			} else {
				double g = a * (SA - a);
				SPG += p * g;
				SP2G += p * p * g;
			}
		}
	double n1 = N - 1, n2 = N - 2, n3 = N - 3, n4 = N - 4, nn = N - 1;
	double E2 = (SP * SP - SP2) / 2, A2 = (SA * SA - SA2) / 2;
	double f1 = (SA * SP - SPA) / (n1 * n2);
	double f2 = N / (n1 * n1 * n2) * (nn * SP2 - SP * SP);
	double f3a = 2 * c * c / (n1 * n2) * E2;
	double H = SP * SPPhi - SP2Phi;
	double f3b = 2 / n1 * (SPhi * E2 / n3 - H / n3 + H / n2);
	double Sg = SP * SPG - SP2G, Saa = (SPA * SPA - SP2A2) / 2;
	double f3c = 4 / n1 * ((A2 * E2 - Sg + Saa) / n4 + (Sg - 2 * Saa) / n3 + Saa / n2);
	return f1 + f2 + rd->eta * (f3a + f3b + f3c);
}

/* SBB redistribution f_i^l of (3.26)-(3.27) at NE (y in C). */
static double f_atne(const struct radial *rd, const double *m, int e)
{
	int l = rd->ent_row[e], N = rd->ra[l + 1] - rd->ra[l];
	if (rd->eqrow[l])
		return 0;
	double pbar = 0, sum = 0;
	for (int k = rd->ra[l]; k < rd->ra[l + 1]; k++) {
		int f = rd->rent[k];
		if (f != e)
			pbar += m[rd->oq1[f]] / (N - 1);
	}
	for (int k = rd->ra[l]; k < rd->ra[l + 1]; k++) {
		int f = rd->rent[k], j = rd->ent_agent[f];
		if (f == e)
			continue;
		double cf = rd->ent_a[f];
		if (rd->degenerate) { /* scaled A~ (ch. 3, footnote 3) */
			int kg = rd->eqg[j], cnt = 0;
			for (int q = rd->ra[l]; q < rd->ra[l + 1]; q++)
				cnt += rd->eqg[rd->ent_agent[rd->rent[q]]] == kg;
			cf = rd->At[(size_t)l * rd->ng + kg] / cnt;
		}
		double p = m[rd->oq1[f]], y = y_of(rd, m, j);
		sum += N == 2 ? cf * y * p : cf * y * (pbar - p / (N - 1)) / (N - 2);
	}
	return sum;
}

static void tax_general(struct radial *rd, const double *m, int e, enum radial_budget bud,
			double *tax, double *pay)
{
	struct radial_eval *ev = &rd->ev;
	int i = rd->ent_agent[e], l = rd->ent_row[e], N = rd->ra[l + 1] - rd->ra[l];
	double pbar = 0, p = m[rd->oq1[e]], s = ev->slack[l];
	for (int k = rd->ra[l]; k < rd->ra[l + 1]; k++)
		if (rd->rent[k] != e)
			pbar += m[rd->oq1[rd->rent[k]]];
	pbar /= N - 1;
	double pt = rd->ent_a[e] * ev->x[i] * pbar;
	*pay += pt;
	*tax += pt + (p - pbar) * (p - pbar) + rd->eta * pbar * p * s * s;
	if (bud == RADIAL_SBB)
		*tax -= f_atne(rd, m, e);
	else if (bud == RADIAL_SBB_OFFEQ)
		*tax -= f_offeq(rd, m, e);
}

void radial_eval(struct radial *rd, const double *m, enum radial_budget bud)
{
	struct radial_eval *ev = &rd->ev;
	if (rd->mech == RADIAL_GENERAL)
		alloc_general(rd, m);
	else
		alloc_network(rd, m);
	for (int l = 0; l < rd->nl; l++)
		ev->slack[l] = rd->c[l] - ev->load[l];
	for (int i = 0; i < rd->n; i++) {
		double t = 0, pay = 0;
		for (int e = rd->ia[i]; e < rd->ia[i + 1]; e++) {
			if (rd->mech == RADIAL_GENERAL)
				tax_general(rd, m, e, bud, &t, &pay);
			else
				tax_network(rd, m, e, bud, &t, &pay);
		}
		if (rd->orho[i] >= 0 && bud != RADIAL_WBB) {
			double d = m[rd->orho[i]] - ev->r;
			t += rd->zeta * d * d;
		}
		ev->tax[i] = t;
		ev->pay[i] = pay;
		ev->util[i] = radial_v(rd, i, ev->x[i]);
	}
}

double radial_payoff(struct radial *rd, const double *m, int i)
{
	radial_eval(rd, m, rd->budget);
	return rd->ev.util[i] - rd->ev.tax[i];
}

double radial_gain(struct radial *rd, const double *m, int i)
{
	double now = radial_payoff(rd, m, i);
	memcpy(rd->scratch, m, rd->dim * sizeof *m);
	radial_br(rd, m, i, rd->scratch);
	return radial_payoff(rd, rd->scratch, i) - now;
}

double radial_violation(const struct radial *rd)
{
	const struct radial_eval *ev = &rd->ev;
	double v = 0;
	for (int i = 0; i < rd->n; i++)
		v = fmax(v, -ev->x[i]);
	for (int l = 0; l < rd->nl; l++) {
		double load = 0;
		if (rd->mech == RADIAL_MULTICAST) { /* the group maxima of x itself */
			for (int s = rd->rs[l]; s < rd->rs[l + 1]; s++) {
				double mx = 0;
				for (int k = rd->sm[s]; k < rd->sm[s + 1]; k++) {
					int e = rd->smem[k];
					mx = fmax(mx, rd->ent_a[e] * ev->x[rd->ent_agent[e]]);
				}
				load += mx;
			}
		} else {
			for (int k = rd->ra[l]; k < rd->ra[l + 1]; k++) {
				int e = rd->rent[k];
				load += rd->ent_a[e] * ev->x[rd->ent_agent[e]];
			}
		}
		v = fmax(v, load - rd->c[l]);
	}
	return v;
}

double radial_rescale(const struct radial *rd, const double *m, double *f)
{
	if (rd->mech == RADIAL_GENERAL)
		return 0;
	for (int l = 0; l < rd->nl; l++) {
		int cnt = 0;
		for (int s = rd->rs[l]; s < rd->rs[l + 1]; s++)
			cnt += slot_max(rd, m, s) > 0;
		if (cnt == 1)
			return 0; /* the single-demander tweak is not homogeneous */
	}
	double S = 0;
	for (int i = 0; i < rd->n; i++)
		S += y_of(rd, m, i);
	if (!(S > 0) || !isfinite(S))
		return 0;
	double k = S / rd->ysum;
	for (size_t j = 0; j < rd->dim; j++)
		f[j] = 1;
	for (int i = 0; i < rd->n; i++) {
		f[rd->off[i]] = 1 / k;
		/* a stale rho (its owner has not moved since demands jumped) grows by k at every
		 * such step; it enters no best response but its owner's (which resets it to r),
		 * so it saturates at RADIAL_RHO_MAX instead of overflowing */
		int o = rd->orho[i];
		if (o >= 0)
			f[o] = m[o] * k <= RADIAL_RHO_MAX ? k : m[o] > 0 ? RADIAL_RHO_MAX / m[o] : 1;
	}
	return k;
}
