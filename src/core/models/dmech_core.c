/* dmech_core: the mechanisms' mathematics (see dmech_core.h; equations per the chapter-4 spec).
 *
 * Private and public mechanisms share one round (spec §5.4): with the gathered proxies
 * G[i][r] = q_{n(i,r)}^r, S_i = sum_{r != i} G[i][r] xi^-e(i,r) and P_i = G[i][i] / xi, the
 * best response is y~_i = k0_i + kp_i P_i + ks_i S_i (constants per mechanism, below),
 * q~_i^i = xi y~_i, q~_i^r = xi y_r for neighbours r, xi G[i][r] otherwise. The gather index
 * of every (i, r) is precomputed, so a round is one pass over the message with two small
 * tables (uint32 index, uint16 exponent): O(N^2), no allocation, no branch in the inner loop
 * (the diagonal gets weight xi^-0 := 0 and is overwritten afterwards).
 *
 * Summary mechanism: A_ij = y_j + sum_{k in N(j), k != i} n_j^k = y_j + nsum_j - n_j^i,
 * O(N) per round. The thesis states it for c1 = 0; like (4.15) we add c1/N to the
 * allocation and tax p_i (x_i - c1/N) (ours), which keeps efficiency and budget balance.
 *
 * Spectral radius: the core's restarted Arnoldi (eig_arnoldi_radius) on the reduced delay
 * system below (private, public) or on the linear part J itself (summary). Neighbours:
 * graph, eig, dmech (the model glue, which draws the utilities), pair (the gather two
 * agents at a time). */
#include "core/models/dmech_core.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/eig.h"
#include "core/pair.h"
#include "core/xmalloc.h"

/* ------------------------------------------------------------------ Table 1 and (xi, delta) */

int dmech_core_table1(enum dmech_mech mech, enum dmech_table1_row row, double *xi,
		      double *delta)
{
	static const double tab[2][2][2] = {
		/* private: tree, ER */ {{1 - 1.831e-4, 1005.6}, {1 - 7.324e-4, 932.3}},
		/* public:  tree, ER */ {{1 - 2.515e-4, 0.9505}, {1 - 1e-3, 0.8744}},
	};
	if ((mech != DMECH_PRIVATE && mech != DMECH_PUBLIC) ||
	    (row != DMECH_T1_TREE && row != DMECH_T1_ER))
		return -1;
	*xi = tab[mech == DMECH_PUBLIC][row][0];
	*delta = tab[mech == DMECH_PUBLIC][row][1];
	return 0;
}

/* Number of nodes at each distance d = 1..diam from i: hist[i * (diam + 1) + d]. */
static int *dist_histogram(const struct graph *g, int *diam_out)
{
	int n = g->n, diam = graph_diameter(g);
	int *h = xcalloc((size_t)n * (size_t)(diam + 1), sizeof *h);
	for (int i = 0; i < n; i++)
		for (int r = 0; r < n; r++)
			if (r != i)
				h[(size_t)i * (size_t)(diam + 1) + (size_t)graph_d(g, i, r)]++;
	*diam_out = diam;
	return h;
}

/* xi^-e - 1 without cancellation (xi close to 1). */
static double powm1_neg(double xi, int e) { return expm1(-(double)e * log1p(-(1 - xi))); }

static double margin_hist(enum dmech_mech mech, int n, const int *hist, int diam, double xi)
{
	double m = INFINITY;
	if (!(xi > 0 && xi < 1))
		return -1;
	if (mech == DMECH_PUBLIC && !(xi * xi > (double)(n - 1) / n))
		return -1;
	for (int i = 0; i < n; i++) {
		const int *h = hist + (size_t)i * (size_t)(diam + 1);
		double a = 0, ex = 0, far = 0; /* A_i, A_i - (N-1), sum_{d>=3} (xi^-(d-2) - 1) */
		for (int d = 1; d <= diam; d++) {
			if (!h[d])
				continue;
			int e = d > 1 ? d - 1 : 1;
			double w1 = powm1_neg(xi, e);
			a += h[d] * (1 + w1);
			ex += h[d] * w1;
			if (d >= 3)
				far += h[d] * powm1_neg(xi, d - 2);
		}
		double ratio;
		if (mech == DMECH_PRIVATE) /* |C_i / D_i|, C = 1/xi - A, D = N - 1 - A (4.67) */
			ratio = fabs((1 / xi - a) / ex);
		else /* C = 1 + A, D = far / xi + N xi (1 - xi) (4.80) */
			ratio = (1 + a) / (far / xi + n * xi * (1 - xi));
		if (ratio < m)
			m = ratio;
	}
	return m;
}

double dmech_core_margin(const struct dmech_core *c, double xi)
{
	int diam;
	if (c->mech == DMECH_SUMMARY)
		return -1;
	int *hist = dist_histogram(&c->g, &diam);
	double m = margin_hist(c->mech, c->n, hist, diam, xi);
	free(hist);
	return m;
}

static double delta_from_margin(enum dmech_mech mech, int n, double m)
{
	if (!(m > 0))
		return NAN;
	return mech == DMECH_PRIVATE ? (n - 1) * sqrt(m) : sqrt(m) / n;
}

double dmech_core_delta_of(const struct dmech_core *c, double xi)
{
	return delta_from_margin(c->mech, c->n, dmech_core_margin(c, xi));
}

int dmech_core_certified(const struct dmech_core *c)
{
	double eta = c->eta, n = c->n, m = c->margin;
	if (c->mech == DMECH_PRIVATE)
		return m > 0 && eta < c->delta / (n - 1) && eta * c->delta < (n - 1) * m;
	if (c->mech == DMECH_PUBLIC)
		return m > 0 && eta < n * c->delta && eta * n * c->delta < m;
	return 0;
}

#define DYADIC_KMAX 52

static int choose_xi_delta(struct dmech_core *c, const struct dmech_setup *s, struct err *e)
{
	int diam;
	int *hist = dist_histogram(&c->g, &diam);
	double xi = s->xi, delta = s->delta;
	const char *mname = c->mech == DMECH_PRIVATE ? "private" : "public";
	c->xi_k = -1;
	if (s->rule == DMECH_XI_TABLE1) {
		double txi, tdelta;
		if (dmech_core_table1(c->mech, s->t1row, &txi, &tdelta) < 0) {
			free(hist);
			return err_set(e, "xi_rule 'table1': the thesis's Table 1 has values for the "
					  "binary tree ('bintree') and Erdos-Renyi ('er') graphs only");
		}
		if (!(xi > 0))
			xi = txi;
		if (!(delta > 0))
			delta = tdelta;
	}
	if (!(xi > 0)) {
		for (int k = 0; k <= DYADIC_KMAX; k++) {
			double x = 1 - 0.75 * ldexp(1, -k);
			double m = margin_hist(c->mech, c->n, hist, diam, x);
			if (m > s->eta * s->eta) {
				xi = x;
				c->xi_k = k;
				break;
			}
		}
		if (!(xi > 0)) {
			free(hist);
			return err_set(e, "%s mechanism: no xi = 1 - 0.75*2^-k (k <= %d) satisfies "
					  "eta^2 < M(xi) for eta = %g on this graph; give xi and delta",
				       mname, DYADIC_KMAX, s->eta);
		}
	}
	c->margin = margin_hist(c->mech, c->n, hist, diam, xi);
	free(hist);
	if (!(delta > 0)) {
		delta = delta_from_margin(c->mech, c->n, c->margin);
		if (!(delta > 0))
			return err_set(e, "%s mechanism: xi = %.17g is not admissible (M(xi) <= 0%s); "
					  "give delta or another xi",
				       mname, xi,
				       c->mech == DMECH_PUBLIC ? " or xi <= sqrt((N-1)/N)" : "");
	}
	c->xi = xi;
	c->delta = delta;
	return 0;
}

/* ------------------------------------------------------------------ construction */

/* A BFS spanning tree of g rooted at 0 (neighbours visited in ascending order). */
static int bfs_tree(const struct graph *g, struct graph *t, struct err *e)
{
	int n = g->n, head = 0, tail = 0, m = 0;
	int *parent = xmallocarray((size_t)n, sizeof *parent);
	int *queue = xmallocarray((size_t)n, sizeof *queue);
	int *ed = xmallocarray((size_t)(n > 1 ? n - 1 : 1) * 2, sizeof *ed);
	for (int i = 0; i < n; i++)
		parent[i] = -1;
	parent[0] = 0;
	queue[tail++] = 0;
	while (head < tail) {
		int u = queue[head++];
		for (int k = 0; k < g->deg[u]; k++) {
			int v = g->adj[u][k];
			if (parent[v] >= 0)
				continue;
			parent[v] = u;
			queue[tail++] = v;
			ed[2 * m] = u;
			ed[2 * m + 1] = v;
			m++;
		}
	}
	int rc = graph_edges(t, n, ed, m, e);
	free(parent);
	free(queue);
	free(ed);
	return rc;
}

static void efficient_allocation(struct dmech_core *c)
{
	int n = c->n;
	if (c->mech == DMECH_PUBLIC) {
		double st = 0, ss = 0;
		for (int i = 0; i < n; i++) {
			st += c->theta[i];
			ss += c->sigma[i];
		}
		c->x_public = -ss / (2 * st);
		for (int i = 0; i < n; i++) {
			c->xstar[i] = c->x_public;
			c->pstar[i] = 2 * c->theta[i] * c->x_public + c->sigma[i];
		}
		return;
	}
	double sa = 0, ssa = 0;
	for (int i = 0; i < n; i++) {
		double a = 1 / (2 * c->theta[i]);
		sa += a;
		ssa += c->sigma[i] * a;
	}
	c->lambda_star = (c->c1 + ssa) / sa;
	for (int i = 0; i < n; i++) {
		c->xstar[i] = (c->lambda_star - c->sigma[i]) / (2 * c->theta[i]);
		c->pstar[i] = c->lambda_star;
	}
}

static void equilibrium_pp(struct dmech_core *c)
{
	int n = c->n;
	size_t bs = (size_t)n + 1;
	double *y = c->S; /* scratch */
	for (int i = 0; i < n; i++) {
		if (c->mech == DMECH_PRIVATE) /* (4.44), with the c1 shift (A4) */
			y[i] = (double)(n - 1) / n * (c->xstar[i] - c->c1 / n) +
			       c->delta * c->lambda_star / n;
		else /* (4.55) */
			y[i] = c->x_public + c->pstar[i] / (c->delta * n);
	}
	for (int i = 0; i < n; i++) {
		double *b = c->eq + (size_t)i * bs;
		b[0] = y[i];
		for (int r = 0; r < n; r++)
			b[1 + r] = r == i ? c->xi * y[i] : pow(c->xi, graph_d(&c->g, i, r)) * y[r];
	}
}

static void build_pp(struct dmech_core *c)
{
	int n = c->n;
	size_t bs = (size_t)n + 1, nn = (size_t)n * (size_t)n;
	c->dim = (size_t)n * bs;
	for (int i = 0; i <= n; i++)
		c->off[i] = (size_t)i * bs;
	c->gx = xmallocarray(nn, sizeof *c->gx);
	c->maxd = 1;
	for (int i = 0; i < n; i++)
		for (int r = 0; r < n; r++) {
			size_t k = (size_t)i * (size_t)n + (size_t)r;
			int h = graph_hop(&c->g, i, r), d = r == i ? 0 : graph_d(&c->g, i, r);
			c->gx[k] = (uint32_t)h | (uint32_t)d << 16;
			if (d > c->maxd)
				c->maxd = d;
		}
	c->wpow = xmallocarray((size_t)c->maxd + 1, sizeof *c->wpow);
	c->xpow = xmallocarray((size_t)c->maxd + 1, sizeof *c->xpow);
	c->wpow[0] = 0;
	for (int d = 1; d <= c->maxd; d++)
		c->wpow[d] = pow(c->xi, -(d > 1 ? d - 1 : 1));
	for (int d = 0; d <= c->maxd; d++)
		c->xpow[d] = pow(c->xi, d);
	c->nb_start = xmallocarray((size_t)n + 1, sizeof *c->nb_start);
	int m = 0;
	for (int i = 0; i < n; i++) {
		c->nb_start[i] = m;
		m += c->g.deg[i];
	}
	c->nb_start[n] = m;
	c->nb_r = xmallocarray((size_t)(m ? m : 1), sizeof *c->nb_r);
	c->nb_y = xmallocarray((size_t)(m ? m : 1), sizeof *c->nb_y);
	for (int i = 0; i < n; i++)
		for (int k = 0; k < c->g.deg[i]; k++) {
			int r = c->g.adj[i][k];
			c->nb_r[c->nb_start[i] + k] = r;
			c->nb_y[c->nb_start[i] + k] = (uint32_t)((size_t)r * bs);
		}
	/* y~_i = k0 + kp P + ks S */
	double delta = c->delta, xi = c->xi, nd = n;
	for (int i = 0; i < n; i++) {
		double th = c->theta[i], a = 1 / (2 * th);
		if (c->mech == DMECH_PRIVATE) { /* (4.63): a (p - sigma) + S/(N-1) - c1/N */
			c->kp[i] = a / delta;
			c->ks[i] = a / delta + 1 / (nd - 1);
			c->k0[i] = -a * c->sigma[i] - c->c1 / nd;
		} else { /* the y-FOC of 4.53a solved for quadratic v_i */
			double den = delta * xi * xi - 2 * th / (nd * nd);
			c->kp[i] = (delta * xi * xi - delta * (nd - 1) / nd) / den;
			c->ks[i] = (2 * th / (nd * nd) + delta / nd) / den;
			c->k0[i] = c->sigma[i] / (nd * den);
		}
	}
	equilibrium_pp(c);
	c->ystar = xmallocarray((size_t)n, sizeof *c->ystar);
	for (int i = 0; i < n; i++)
		c->ystar[i] = c->eq[(size_t)i * bs];
}

static int pos_in(const int *list, int len, int v)
{
	for (int k = 0; k < len; k++)
		if (list[k] == v)
			return k;
	return -1;
}

static int build_summary(struct dmech_core *c, struct err *e)
{
	int n = c->n;
	if (graph_nedges(&c->g) == n - 1) {
		int *ed = xmallocarray((size_t)(n - 1) * 2, sizeof *ed), m = 0;
		for (int i = 0; i < n; i++)
			for (int k = 0; k < c->g.deg[i]; k++)
				if (c->g.adj[i][k] > i) {
					ed[2 * m] = i;
					ed[2 * m + 1] = c->g.adj[i][k];
					m++;
				}
		int rc = graph_edges(&c->t, n, ed, m, e);
		free(ed);
		if (rc < 0)
			return -1;
	} else if (bfs_tree(&c->g, &c->t, e) < 0) {
		return -1;
	}
	if (graph_paths(&c->t, e) < 0)
		return -1;
	const struct graph *t = &c->t;
	c->phi = xmallocarray((size_t)n, sizeof *c->phi);
	int *ninv = xcalloc((size_t)n, sizeof *ninv);
	for (int i = 0; i < n; i++) {
		c->phi[i] = t->adj[i][0];
		ninv[c->phi[i]]++;
	}
	c->t_start = xmallocarray((size_t)n + 1, sizeof *c->t_start);
	int m = 0;
	c->off[0] = 0;
	for (int i = 0; i < n; i++) {
		c->t_start[i] = m;
		m += t->deg[i];
		c->off[i + 1] = c->off[i] + 1 + (size_t)t->deg[i] + (size_t)ninv[i];
	}
	c->t_start[n] = m;
	c->dim = c->off[n];
	/* q_{phi(i)}^i: I_j in ascending order is the order of i */
	int *fill = xcalloc((size_t)n, sizeof *fill);
	c->q_phi = xmallocarray((size_t)n, sizeof *c->q_phi);
	for (int i = 0; i < n; i++) {
		int j = c->phi[i];
		c->q_phi[i] = c->off[j] + 1 + (size_t)t->deg[j] + (size_t)fill[j]++;
	}
	free(fill);
	free(ninv);
	c->n_rev = xmallocarray((size_t)(m ? m : 1), sizeof *c->n_rev);
	for (int i = 0; i < n; i++)
		for (int k = 0; k < t->deg[i]; k++) {
			int j = t->adj[i][k];
			c->n_rev[c->t_start[i] + k] =
				c->off[j] + 1 + (size_t)pos_in(t->adj[j], t->deg[j], i);
		}
	c->nsum = xcalloc((size_t)n, sizeof *c->nsum);
	/* NE: y_i = ((N-1)(x_i* - c1/N) + lambda*)/N, n_i^j = sum of y_k behind j, q_i^j = y_j */
	double *y = c->S;
	for (int i = 0; i < n; i++)
		y[i] = ((n - 1) * (c->xstar[i] - c->c1 / n) + c->lambda_star) / n;
	memset(c->eq, 0, c->dim * sizeof *c->eq);
	for (int i = 0; i < n; i++) {
		double *b = c->eq + c->off[i];
		b[0] = y[i];
		for (int k = 0; k < n; k++) {
			if (k == i)
				continue;
			int j = graph_hop(t, i, k);
			b[1 + pos_in(t->adj[i], t->deg[i], j)] += y[k];
		}
	}
	for (int i = 0; i < n; i++)
		c->eq[c->q_phi[i]] = y[i];
	return 0;
}

int dmech_core_init(struct dmech_core *c, const struct dmech_setup *s, struct graph *g,
		    struct err *e)
{
	int n = s->n;
	memset(c, 0, sizeof *c);
	c->g = *g;
	memset(g, 0, sizeof *g);
	c->mech = s->mech;
	c->n = n;
	c->eta = s->eta;
	c->c1 = s->mech == DMECH_PUBLIC ? 0 : s->c1;
	if (n < 3 || n > DMECH_MAX_N)
		return err_set(e, "N = %d is out of range: allowed [3, %d]", n, DMECH_MAX_N);
	if (c->g.n != n)
		return err_set(e, "the graph has %d nodes but N = %d", c->g.n, n);
	if (!(s->eta > 1))
		return err_set(e, "eta = %g must be > 1", s->eta);
	for (int i = 0; i < n; i++) {
		double v2 = 2 * s->theta[i];
		if (!(v2 < 0 && -v2 > 1 / s->eta && -v2 < s->eta))
			return err_set(e, "theta[%d] = %.17g gives v'' = 2 theta = %.17g outside "
					  "(-eta, -1/eta) = (%g, %g): use theta in (-eta/2, -1/(2 eta))",
				       i + 1, s->theta[i], v2, -s->eta, -1 / s->eta);
		if (!isfinite(s->sigma[i]))
			return err_set(e, "sigma[%d] is not a finite number", i + 1);
	}
	/* the summary mechanism needs shortest paths on its spanning tree only */
	if (s->mech == DMECH_SUMMARY ? !graph_is_connected(&c->g) : graph_paths(&c->g, e) < 0)
		return err_set(e, "the communication graph is not connected");
	c->theta = xmallocarray((size_t)n, sizeof *c->theta);
	c->sigma = xmallocarray((size_t)n, sizeof *c->sigma);
	memcpy(c->theta, s->theta, (size_t)n * sizeof *c->theta);
	memcpy(c->sigma, s->sigma, (size_t)n * sizeof *c->sigma);
	c->off = xcalloc((size_t)n + 1, sizeof *c->off);
	c->xstar = xcalloc((size_t)n, sizeof *c->xstar);
	c->pstar = xcalloc((size_t)n, sizeof *c->pstar);
	c->S = xcalloc((size_t)n, sizeof *c->S);
	c->P = xcalloc((size_t)n, sizeof *c->P);
	c->x = xcalloc((size_t)n, sizeof *c->x);
	c->p = xcalloc((size_t)n, sizeof *c->p);
	c->tax = xcalloc((size_t)n, sizeof *c->tax);
	c->k0 = xcalloc((size_t)n, sizeof *c->k0);
	c->kp = xcalloc((size_t)n, sizeof *c->kp);
	c->ks = xcalloc((size_t)n, sizeof *c->ks);
	efficient_allocation(c);
	if (c->mech == DMECH_SUMMARY) {
		c->xi_k = -1;
		/* the message dimension is known only after the tree is built */
		c->eq = xcalloc((size_t)n * 4, sizeof *c->eq);
		if (build_summary(c, e) < 0)
			return -1;
		c->bel = xcalloc(c->dim, sizeof *c->bel);
	} else {
		if (choose_xi_delta(c, s, e) < 0)
			return -1;
		c->eq = xcalloc((size_t)n * ((size_t)n + 1), sizeof *c->eq);
		build_pp(c);
	}
	double l1 = 0, l2 = 0, mx = 0;
	for (size_t k = 0; k < c->dim; k++) {
		double v = fabs(c->eq[k]);
		l1 += v;
		l2 += v * v;
		mx = fmax(mx, v);
	}
	c->eq_l1 = l1;
	c->eq_l2 = sqrt(l2);
	c->eq_max = mx;
	return 0;
}

void dmech_core_fini(struct dmech_core *c)
{
	graph_fini(&c->g);
	graph_fini(&c->t);
	free(c->theta);
	free(c->sigma);
	free(c->off);
	free(c->xstar);
	free(c->pstar);
	free(c->eq);
	free(c->k0);
	free(c->kp);
	free(c->ks);
	free(c->gx);
	free(c->wpow);
	free(c->xpow);
	free(c->ystar);
	free(c->nb_y);
	free(c->nb_r);
	free(c->nb_start);
	free(c->phi);
	free(c->q_phi);
	free(c->n_rev);
	free(c->t_start);
	free(c->nsum);
	free(c->bel);
	free(c->S);
	free(c->P);
	free(c->x);
	free(c->p);
	free(c->tax);
	memset(c, 0, sizeof *c);
}

/* ------------------------------------------------------------------ rounds */

/* Index in m of G[i][r] and the weight exponent, from the packed table entry of (i, r). */
static inline size_t gx_src(uint32_t g, size_t bs, int r)
{
	return (size_t)(g & 0xffffu) * bs + 1 + (size_t)r;
}

/* d(i,r) (0 on the diagonal): the index of wpow and xpow. */
static inline unsigned gx_ex(uint32_t g) { return g >> 16; }

/* Component k of belief b of play m. */
static inline double bel_at(const struct belief *b, const double *m, size_t k)
{
	return belief_at(b->kind, b->v, b->c, m, k);
}

/* Agent i's row of the round, given its sum S_i (gathered before) over belief b of play m:
 * y~_i, the neighbours' proxies and the diagonal. */
static void finish_pp(const struct dmech_core *c, const struct belief *b, const double *m,
		      int i, double s, double *out, int lin)
{
	const size_t bs = (size_t)c->n + 1;
	const double xi = c->xi;
	double *q = out + (size_t)i * bs + 1;
	double pv = bel_at(b, m, gx_src(c->gx[(size_t)i * (size_t)c->n + (size_t)i], bs, i)) / xi;
	double y = c->kp[i] * pv + c->ks[i] * s;
	if (!lin)
		y += c->k0[i];
	for (int k = c->nb_start[i]; k < c->nb_start[i + 1]; k++)
		q[c->nb_r[k]] = xi * bel_at(b, m, c->nb_y[k]);
	out[(size_t)i * bs] = y;
	q[i] = xi * y;
}

/* Best response of agents lo..hi-1 of the private/public mechanism; lin drops the constant.
 * Two agents at a time: each S_i is still summed over r in order (the same bits), but the
 * two chains of additions overlap. */
static void round_pp(struct dmech_core *c, const double *in, int lo, int hi, double *out,
		     int lin)
{
	const int n = c->n;
	const size_t bs = (size_t)n + 1;
	const double xi = c->xi;
	const double *restrict wpow = c->wpow;
	const struct belief b = { BELIEF_ARRAY, in, 0 };
	int i = lo;
	for (; i + 1 < hi; i += 2) {
		const uint32_t *restrict gx0 = c->gx + (size_t)i * (size_t)n, *restrict gx1 = gx0 + n;
		double *restrict q0 = out + (size_t)i * bs + 1, *restrict q1 = q0 + bs;
		double s0 = 0, s1 = 0;
		for (int r = 0; r < n; r++) {
			uint32_t x0 = gx0[r], x1 = gx1[r];
			double g0 = in[gx_src(x0, bs, r)], g1 = in[gx_src(x1, bs, r)];
			s0 += g0 * wpow[gx_ex(x0)];
			s1 += g1 * wpow[gx_ex(x1)];
			q0[r] = xi * g0;
			q1[r] = xi * g1;
		}
		finish_pp(c, &b, in, i, s0, out, lin);
		finish_pp(c, &b, in, i + 1, s1, out, lin);
	}
	for (; i < hi; i++) {
		const uint32_t *restrict gx = c->gx + (size_t)i * (size_t)n;
		double *restrict q = out + (size_t)i * bs + 1;
		double s = 0;
		for (int r = 0; r < n; r++) {
			uint32_t x = gx[r];
			double gv = in[gx_src(x, bs, r)];
			s += gv * wpow[gx_ex(x)];
			q[r] = xi * gv;
		}
		finish_pp(c, &b, in, i, s, out, lin);
	}
}

/* sum_j A_ij for every i into c->S (needs c->nsum of `in`). */
static double a_ij(const struct dmech_core *c, const double *in, int i, int k)
{
	int j = c->t.adj[i][k];
	return in[c->off[j]] + c->nsum[j] - in[c->n_rev[c->t_start[i] + k]];
}

static void summary_nsum(struct dmech_core *c, const double *in)
{
	for (int j = 0; j < c->n; j++) {
		const double *b = in + c->off[j] + 1;
		double s = 0;
		for (int k = 0; k < c->t.deg[j]; k++)
			s += b[k];
		c->nsum[j] = s;
	}
}

static void round_summary(struct dmech_core *c, const double *in, int lo, int hi, double *out,
			  int lin)
{
	const int n = c->n;
	const struct graph *t = &c->t;
	summary_nsum(c, in);
	for (int i = lo; i < hi; i++) {
		double *b = out + c->off[i];
		double sa = 0;
		for (int k = 0; k < t->deg[i]; k++) {
			double v = a_ij(c, in, i, k);
			b[1 + k] = v;
			sa += v;
		}
		double a = 1 / (2 * c->theta[i]);
		double pr = in[c->q_phi[i]] + sa;
		double y = a * pr + sa / (n - 1);
		if (!lin)
			y -= a * c->sigma[i] + c->c1 / n;
		b[0] = y;
		/* q_i^j <- y_j for j in I_i, in the order of block i */
		double *q = b + 1 + t->deg[i];
		for (int k = 0; k < t->deg[i]; k++) {
			int j = t->adj[i][k];
			if (c->phi[j] == i)
				*q++ = in[c->off[j]];
		}
	}
}

void dmech_core_br(struct dmech_core *c, const double *in, int player, double *out)
{
	int lo = player < 0 ? 0 : player, hi = player < 0 ? c->n : player + 1;
	assert(in + c->dim <= out || out + c->dim <= in);
	if (c->mech == DMECH_SUMMARY)
		round_summary(c, in, lo, hi, out, 0);
	else
		round_pp(c, in, lo, hi, out, 0);
}

void dmech_core_jv(struct dmech_core *c, const double *v, double *out)
{
	if (c->mech == DMECH_SUMMARY)
		round_summary(c, v, 0, c->n, out, 1);
	else
		round_pp(c, v, 0, c->n, out, 1);
}

void dmech_core_eq_block(const struct dmech_core *c, int i, double *out)
{
	const int n = c->n;
	if (c->mech == DMECH_SUMMARY) {
		memcpy(out, c->eq + c->off[i], (c->off[i + 1] - c->off[i]) * sizeof *out);
		return;
	}
	const uint32_t *restrict gx = c->gx + (size_t)i * (size_t)n;
	const double *restrict xpow = c->xpow, *restrict y = c->ystar;
	double *restrict q = out + 1;
	/* as equilibrium_pp: pow(xi, d(i,r)) * y_r, and xi y_i on the diagonal */
	for (int r = 0; r < n; r++)
		q[r] = xpow[gx_ex(gx[r])] * y[r];
	out[0] = y[i];
	q[i] = c->xi * y[i];
}

/* ------------------------------------------------------------------ allocation, price, tax */

/* S_i and the quadratic penalty's sum over r of agent i (in order over r). */
struct eval_sums {
	double s, quad;
	double sb; /* S_i of the belief the best response reads (eval_br with bel != m) */
};

/* What sums2 writes besides the sums: nothing, the generic proxies of the best response to
 * m, or those of the best response to another belief (with its S_i): an array, or a form
 * of a statistic evaluated where the gather reads m (core/belief.h). */
enum { SUMS_ONLY, SUMS_OUT, SUMS_BEL, SUMS_SCALED, SUMS_MIX };

/* Two agents' sums at once, agent i in lane 0 of each pair of doubles and agent i + 1 in
 * lane 1: each lane does the operations of one agent in its order (the same bits as one at a
 * time, no contraction under -std=c11), in half the arithmetic instructions, and the two
 * chains of additions overlap. With out, also the generic proxies of their best response,
 * q~_i^r = xi G[i][r] (the product the penalty subtracts), into out: the gather is shared
 * (dmech_core_eval_br). Under SUMS_BEL, SUMS_SCALED and SUMS_MIX the same gather index also
 * reads the belief bel (an array, or a form of bel->v and m), whose proxies and S_i the best
 * response takes. `kind` is a constant at each call, so each kind is its own loop once
 * inlined (always: five kinds). */
#ifdef __GNUC__
__attribute__((always_inline))
#endif
static inline void sums2(const struct dmech_core *c, const double *m, const struct belief *bel,
			 int i, struct eval_sums *o, double *out, const int kind)
{
	const enum belief_kind bk = kind == SUMS_SCALED ? BELIEF_SCALED
				    : kind == SUMS_MIX	 ? BELIEF_MIX
							 : BELIEF_ARRAY;
	const double *restrict bsrc = bel->v;
	const double bc = bel->c;
	const int n = c->n;
	const size_t bs = (size_t)n + 1;
	const PAIR xi = {c->xi, c->xi};
	const double *restrict wpow = c->wpow;
	const uint32_t *restrict gx0 = c->gx + (size_t)i * (size_t)n, *restrict gx1 = gx0 + n;
	const double *restrict q0 = m + (size_t)i * bs + 1, *restrict q1 = q0 + bs;
	double *restrict o0 = kind == SUMS_ONLY ? NULL : out + (size_t)i * bs + 1;
	double *restrict o1 = kind == SUMS_ONLY ? NULL : o0 + bs;
	PAIR s = {0, 0}, u = {0, 0}, b = {0, 0};
	for (int r = 0; r < n; r++) {
		uint32_t x0 = gx0[r], x1 = gx1[r];
		size_t k0 = gx_src(x0, bs, r), k1 = gx_src(x1, bs, r);
		PAIR w = {wpow[gx_ex(x0)], wpow[gx_ex(x1)]};
		PAIR g = {m[k0], m[k1]};
		PAIR t = xi * g;
		PAIR d = (PAIR){q0[r], q1[r]} - t;
		s += g * w;
		u += d * d;
		if (kind == SUMS_OUT) {
			o0[r] = t[0];
			o1[r] = t[1];
		} else if (kind != SUMS_ONLY) {
			PAIR h = {belief_at(bk, bsrc, bc, m, k0), belief_at(bk, bsrc, bc, m, k1)};
			PAIR p = xi * h;
			b += h * w;
			o0[r] = p[0];
			o1[r] = p[1];
		}
	}
	o[0] = (struct eval_sums){s[0], u[0], kind >= SUMS_BEL ? b[0] : s[0]};
	o[1] = (struct eval_sums){s[1], u[1], kind >= SUMS_BEL ? b[1] : s[1]};
}

/* The last agent of an odd count alone (as sums2, out optional). */
static struct eval_sums eval_sums1(const struct dmech_core *c, const double *m,
				   const struct belief *bel, int i, double *out)
{
	const int n = c->n;
	const size_t bs = (size_t)n + 1;
	const double xi = c->xi;
	const uint32_t *gx = c->gx + (size_t)i * (size_t)n;
	const double *q = m + (size_t)i * bs + 1;
	double s = 0, quad = 0, sb = 0;
	for (int r = 0; r < n; r++) {
		size_t k = gx_src(gx[r], bs, r);
		double gv = m[k], hv = bel_at(bel, m, k), w = c->wpow[gx_ex(gx[r])];
		double d = q[r] - xi * gv;
		s += gv * w;
		sb += hv * w;
		quad += d * d;
		if (out)
			out[(size_t)i * bs + 1 + (size_t)r] = xi * hv;
	}
	return (struct eval_sums){s, quad, sb};
}

/* Allocation, price and tax of agent i from its sums. */
static void eval_row(struct dmech_core *c, const double *m, int i, struct eval_sums sum)
{
	const int n = c->n;
	const size_t bs = (size_t)n + 1;
	const double xi = c->xi, delta = c->delta, nd = n;
	const uint32_t *gx = c->gx + (size_t)i * (size_t)n;
	const double *q = m + (size_t)i * bs + 1;
	double y = m[(size_t)i * bs], s = sum.s, quad = sum.quad;
	double gii = m[gx_src(gx[i], bs, i)];
	/* the diagonal and the neighbours' targets are xi y, not xi G */
	double d0 = q[i] - xi * gii, d1 = q[i] - xi * y;
	quad += d1 * d1 - d0 * d0;
	for (int k = c->nb_start[i]; k < c->nb_start[i + 1]; k++) {
		int r = c->nb_r[k];
		double g0 = q[r] - xi * m[gx_src(gx[r], bs, r)], g1 = q[r] - xi * m[c->nb_y[k]];
		quad += g1 * g1 - g0 * g0;
	}
	double pv = gii / xi;
	if (c->mech == DMECH_PRIVATE) {
		c->x[i] = y - s / (nd - 1) + c->c1 / nd;          /* (4.15) */
		c->p[i] = (pv + s) / delta;                       /* (4.16b) */
		c->tax[i] = c->p[i] * (c->x[i] - c->c1 / nd) + quad; /* (4.16a) */
	} else {
		double d5 = gii - xi * y;
		c->x[i] = (y + s) / nd;                               /* (4.25) */
		c->p[i] = delta * (nd - 1) * pv - delta * s;          /* (4.26b) */
		c->tax[i] = c->p[i] * c->x[i] + quad + 0.5 * delta * d5 * d5; /* (4.26a) */
	}
	c->S[i] = s;
	c->P[i] = pv;
}

/* Evaluates m two agents at a time; with out, also writes the best response to belief bel
 * (the generic proxies in the shared gather, then finish_pp) and hands each finished block
 * to done. */
static void eval_pp(struct dmech_core *c, const double *m, const struct belief *bel,
		    double *out, void (*done)(void *ctx, int i), void *ctx)
{
	const int n = c->n;
	const int kind = !out ? SUMS_ONLY
			 : bel->kind == BELIEF_SCALED ? SUMS_SCALED
			 : bel->kind == BELIEF_MIX    ? SUMS_MIX
			 : bel->v == m		      ? SUMS_OUT
						      : SUMS_BEL;
	struct eval_sums sums[2];
	for (int i = 0; i < n; i += 2) {
		int cnt = i + 1 < n ? 2 : 1;
		if (cnt == 1)
			sums[0] = eval_sums1(c, m, bel, i, out);
		else if (kind == SUMS_SCALED)
			sums2(c, m, bel, i, sums, out, SUMS_SCALED);
		else if (kind == SUMS_MIX)
			sums2(c, m, bel, i, sums, out, SUMS_MIX);
		else if (kind == SUMS_BEL)
			sums2(c, m, bel, i, sums, out, SUMS_BEL);
		else if (kind == SUMS_OUT)
			sums2(c, m, bel, i, sums, out, SUMS_OUT);
		else
			sums2(c, m, bel, i, sums, NULL, SUMS_ONLY);
		for (int k = 0; k < cnt; k++) {
			eval_row(c, m, i + k, sums[k]);
			if (!out)
				continue;
			finish_pp(c, bel, m, i + k, sums[k].sb, out, 0);
			done(ctx, i + k);
		}
	}
}

static void eval_summary(struct dmech_core *c, const double *m)
{
	const int n = c->n;
	const struct graph *t = &c->t;
	summary_nsum(c, m);
	for (int i = 0; i < n; i++) {
		const double *b = m + c->off[i];
		double sa = 0, quad = 0;
		for (int k = 0; k < t->deg[i]; k++) {
			double v = a_ij(c, m, i, k);
			double d = b[1 + k] - v;
			sa += v;
			quad += d * d;
		}
		const double *q = b + 1 + t->deg[i];
		for (int k = 0; k < t->deg[i]; k++) {
			int j = t->adj[i][k];
			if (c->phi[j] == i) {
				double d = *q++ - m[c->off[j]];
				quad += d * d;
			}
		}
		c->x[i] = b[0] - sa / (n - 1) + c->c1 / n;               /* (4.14a) */
		c->p[i] = m[c->q_phi[i]] + sa;                            /* (4.14c) */
		c->tax[i] = c->p[i] * (c->x[i] - c->c1 / n) + quad;       /* (4.14b) */
		c->S[i] = sa;
		c->P[i] = m[c->q_phi[i]];
	}
}

void dmech_core_eval(struct dmech_core *c, const double *m)
{
	const struct belief b = { BELIEF_ARRAY, m, 0 };
	if (c->mech == DMECH_SUMMARY)
		eval_summary(c, m);
	else
		eval_pp(c, m, &b, NULL, NULL, NULL);
}

void dmech_core_eval_br(struct dmech_core *c, const double *m, const struct belief *bel,
			double *out, void (*done)(void *ctx, int i), void *ctx)
{
	assert(m + c->dim <= out || out + c->dim <= m);
	assert(bel->v + c->dim <= out || out + c->dim <= bel->v);
	if (c->mech != DMECH_SUMMARY) {
		eval_pp(c, m, bel, out, done, ctx);
		return;
	}
	eval_summary(c, m);
	const double *in = bel->v;
	if (bel->kind != BELIEF_ARRAY) { /* a summary message is short: write the belief out */
		for (size_t k = 0; k < c->dim; k++)
			c->bel[k] = bel_at(bel, m, k);
		in = c->bel;
	}
	round_summary(c, in, 0, c->n, out, 0);
	for (int i = 0; i < c->n; i++)
		done(ctx, i);
}

/* ------------------------------------------------------------------ norms of J */

double dmech_core_rowsum(const struct dmech_core *c)
{
	const int n = c->n;
	double best = 0;
	if (c->mech == DMECH_SUMMARY) {
		const struct graph *t = &c->t;
		for (int i = 0; i < n; i++) {
			double a = 1 / (2 * c->theta[i]), cnt = 0;
			for (int k = 0; k < t->deg[i]; k++) {
				int j = t->adj[i][k];
				cnt += t->deg[j];
				best = fmax(best, t->deg[j]); /* the n_i^j row: A_ij has deg(j) terms */
			}
			best = fmax(best, fabs(a) + fabs(a + 1.0 / (n - 1)) * cnt);
		}
		return fmax(best, 1); /* q rows */
	}
	/* q rows sum to xi; the q_i^i row is xi times the y_i row */
	best = c->xi;
	for (int i = 0; i < n; i++) {
		double ai = 0;
		for (int r = 0; r < n; r++)
			ai += c->wpow[gx_ex(c->gx[(size_t)i * (size_t)n + (size_t)r])];
		best = fmax(best, fabs(c->kp[i]) / c->xi + fabs(c->ks[i]) * ai);
	}
	return best;
}

/* ------------------------------------------------------------------ spectral radius */

/* The nonzero spectrum of J (private/public) is that of the delay recursion
 *   y_{n+1,i} = kp_i y_{n-1,i} + ks_i sum_{r != i} y_{n-d(i,r)+1, r}
 * on the state (y_n, ..., y_{n-K_r})_r with K_r = max(1, ecc(r)): with Psi(Y) the message
 * whose proxies are q_j^r = xi^d(j,r) y_{n-d(j,r), r}, J Psi = Psi J_red, Psi is injective,
 * and J^D maps everything into the range of Psi (proxies at distance <= k are consistent
 * after k rounds), so every eigenvector of J with a nonzero eigenvalue is Psi of one of
 * J_red. The state has sum_r (1 + K_r) <= N (D + 1) entries instead of N (N + 1). */
struct reduced {
	const struct dmech_core *c;
	size_t *base; /* n + 1 */
};

static void reduced_op(void *ctx, const double *v, double *out)
{
	const struct reduced *rd = ctx;
	const struct dmech_core *c = rd->c;
	const int n = c->n;
	for (int i = 0; i < n; i++) {
		const int *d = c->g.dist + (size_t)i * (size_t)n;
		double s = 0;
		for (int r = 0; r < n; r++)
			if (r != i)
				s += v[rd->base[r] + (size_t)d[r] - 1];
		out[rd->base[i]] = c->kp[i] * v[rd->base[i] + 1] + c->ks[i] * s;
		for (size_t k = rd->base[i] + 1; k < rd->base[i + 1]; k++)
			out[k] = v[k - 1];
	}
}

static void full_op(void *ctx, const double *v, double *out)
{
	dmech_core_jv(ctx, v, out);
}

double dmech_core_spectral_radius(struct dmech_core *c, double *resid)
{
	if (c->mech == DMECH_SUMMARY)
		return eig_arnoldi_radius(c->dim, c->dim, full_op, c, resid);
	struct reduced rd = {c, xmallocarray((size_t)c->n + 1, sizeof(size_t))};
	size_t nop = 0;
	for (int r = 0; r < c->n; r++) {
		int ecc = 0;
		for (int j = 0; j < c->n; j++)
			ecc = graph_d(&c->g, r, j) > ecc ? graph_d(&c->g, r, j) : ecc;
		rd.base[r] = nop;
		nop += 1 + (size_t)(ecc > 1 ? ecc : 1);
	}
	rd.base[c->n] = nop;
	double rho = eig_arnoldi_radius(nop, (size_t)c->n * (size_t)c->n, reduced_op, &rd, resid);
	free(rd.base);
	return rho;
}
