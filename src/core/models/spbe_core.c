/* spbe_core: grid, Bayes' rule, interpolation, policy evaluation, the policy-iteration step,
 * regret and belief paths of the chapter-6 public-goods game (see spbe_core.h).
 *
 * Policy evaluation solves (I - delta W) V = r for each type of agent 1, W the transition of
 * public beliefs under the map (up to 4 action pairs, each spread over up to 4 grid points
 * by the interpolation weights), with GSL's sparse GMRES. Because W is a stochastic matrix
 * the sup-norm error is at most the residual / (1 - delta); the residual is checked after
 * the solve. The coordination benchmark `none` is a one-dimensional maximisation done with
 * GSL's Brent minimiser. Neighbours: spbe_stage.c, spbe.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_min.h>
#include <gsl/gsl_spblas.h>
#include <gsl/gsl_splinalg.h>
#include <gsl/gsl_spmatrix.h>
#include <gsl/gsl_vector.h>

#include "core/models/spbe_core.h"
#include "core/models/spbe_stage.h"
#include "core/xmalloc.h"

#define EVAL_TOL 1e-14   /* GMRES relative residual */
#define EVAL_MAXIT 200   /* GMRES restarts */
#define EVAL_RESID 1e-11 /* accepted sup-norm residual of the evaluation */

double spbe_snap(double p)
{
	if (p < SPBE_SNAP)
		return 0;
	if (p > 1 - SPBE_SNAP)
		return 1;
	return p;
}

double spbe_bayes(double pi, double ph, double pl, int a, int *off)
{
	ph = spbe_snap(ph);
	pl = spbe_snap(pl);
	double wh = a ? ph : 1 - ph, wl = a ? pl : 1 - pl;
	double den = pi * wh + (1 - pi) * wl;
	if (off)
		*off = !(den > 0);
	if (!(den > 0))
		return pi;
	double b = pi * wh / den;
	return b > 1 ? 1 : b;
}

int spbe_init(struct spbe *s, const struct spbe_game *g, struct err *e)
{
	memset(s, 0, sizeof *s);
	if (g->G < 3 || g->G > SPBE_MAX_G)
		return err_set(e, "parameter 'G' is %d; allowed: an integer in [3, %d]", g->G,
			       SPBE_MAX_G);
	if (!(g->delta >= 0 && g->delta < 1))
		return err_set(e, "parameter 'delta' is %g; allowed: [0, 1)", g->delta);
	/* the core never aborts: GSL reports through return codes */
	gsl_set_error_handler_off();
	s->g = *g;
	s->n = g->G * g->G;
	s->grid = xmallocarray((size_t)g->G, sizeof *s->grid);
	for (int i = 0; i < g->G; i++)
		s->grid[i] = (double)i / (g->G - 1);
	s->key = xcalloc(2 * (size_t)s->n, sizeof *s->key);
	for (int x = 0; x < 2; x++)
		s->V[x] = xcalloc((size_t)s->n, sizeof *s->V[x]);
	s->noeq_at = xcalloc((size_t)s->n, 1);
	s->neq = xcalloc((size_t)s->n, sizeof *s->neq);
	s->w = spbe_work_new(s);
	s->eval_ok = 1;
	return 0;
}

void spbe_fini(struct spbe *s)
{
	free(s->grid);
	free(s->key);
	for (int x = 0; x < 2; x++)
		free(s->V[x]);
	free(s->noeq_at);
	free(s->neq);
	spbe_work_free(s->w);
	memset(s, 0, sizeof *s);
}

/* Cell and weight along one axis: coordinate c in [0, 1] lies between grid points i0 and
 * i0 + 1 at fraction t. */
static void axis(int G, double c, int *i0, double *t)
{
	double sc = c * (G - 1);
	int i = (int)floor(sc);
	if (i < 0)
		i = 0;
	if (i > G - 2)
		i = G - 2;
	*i0 = i;
	*t = sc - i;
	if (*t < 0)
		*t = 0;
	if (*t > 1)
		*t = 1;
}

/* Up to 4 grid indices and weights of the interpolation at (a, b); returns how many. */
static int weights(const struct spbe *s, double a, double b, int idx[4], double w[4])
{
	int G = s->g.G;
	if (s->g.interp == SPBE_NEAREST) {
		int i = (int)lround(a * (G - 1)), j = (int)lround(b * (G - 1));
		idx[0] = j * G + i;
		w[0] = 1;
		return 1;
	}
	int i, j;
	double ta, tb;
	axis(G, a, &i, &ta);
	axis(G, b, &j, &tb);
	idx[0] = j * G + i;
	idx[1] = j * G + i + 1;
	idx[2] = (j + 1) * G + i;
	idx[3] = (j + 1) * G + i + 1;
	w[0] = (1 - ta) * (1 - tb);
	w[1] = ta * (1 - tb);
	w[2] = (1 - ta) * tb;
	w[3] = ta * tb;
	return 4;
}

double spbe_interp(const struct spbe *s, const double *V, double a, double b)
{
	int idx[4];
	double w[4], v = 0;
	int m = weights(s, a, b, idx, w);
	for (int k = 0; k < m; k++)
		if (w[k] != 0)
			v += w[k] * V[idx[k]];
	return v;
}

void spbe_map_profile(const struct spbe *s, const double *map, int i, int j, double p[4])
{
	int G = s->g.G, n = s->n, k = j * G + i, kk = i * G + j;
	p[0] = spbe_snap(map[k]);
	p[1] = spbe_snap(map[n + k]);
	p[2] = spbe_snap(map[kk]);
	p[3] = spbe_snap(map[n + kk]);
}

/* Row k of the evaluation system for type x: rewards into *r, transitions into the
 * triplet matrix A as -delta * weight (the diagonal 1 is added by the caller). */
static void eval_row(const struct spbe *s, const double *map, int x, int i, int j,
		     gsl_spmatrix *A, double *r)
{
	int k = j * s->g.G + i;
	double p[4];
	spbe_map_profile(s, map, i, j, p);
	double pi1 = s->grid[i], pi2 = s->grid[j];
	double own = p[x], q2 = pi2 * p[2] + (1 - pi2) * p[3];
	double rew = own * (1 - s->g.cost[x]) + (1 - own) * q2;
	*r = rew;
	if (s->g.delta == 0)
		return;
	for (int a1 = 0; a1 < 2; a1++) {
		double w1 = a1 ? own : 1 - own;
		if (w1 == 0)
			continue;
		double b1 = spbe_bayes(pi1, p[0], p[1], a1, NULL);
		for (int a2 = 0; a2 < 2; a2++) {
			double w2 = a2 ? q2 : 1 - q2;
			if (w2 == 0)
				continue;
			double b2 = spbe_bayes(pi2, p[2], p[3], a2, NULL);
			int idx[4];
			double w[4];
			int m = weights(s, b1, b2, idx, w);
			for (int c = 0; c < m; c++)
				if (w[c] != 0)
					gsl_spmatrix_set(A, (size_t)k, (size_t)idx[c],
							 gsl_spmatrix_get(A, (size_t)k, (size_t)idx[c]) -
								 s->g.delta * w1 * w2 * w[c]);
		}
	}
}

/* Solves one type's system; returns the sup-norm residual. */
static double eval_type(struct spbe *s, const double *map, int x, double *V)
{
	size_t n = (size_t)s->n;
	gsl_spmatrix *T = gsl_spmatrix_alloc_nzmax(n, n, 17 * n, GSL_SPMATRIX_TRIPLET);
	double *r = xmallocarray(n, sizeof *r);
	for (int j = 0; j < s->g.G; j++)
		for (int i = 0; i < s->g.G; i++) {
			size_t k = (size_t)(j * s->g.G + i);
			gsl_spmatrix_set(T, k, k, 1);
			eval_row(s, map, x, i, j, T, &r[k]);
		}
	gsl_spmatrix *A = gsl_spmatrix_compress(T, GSL_SPMATRIX_CSR);
	gsl_vector_view b = gsl_vector_view_array(r, n);
	gsl_vector_view u = gsl_vector_view_array(V, n);
	if (s->g.delta == 0) {
		memcpy(V, r, n * sizeof *V);
	} else {
		gsl_splinalg_itersolve *it =
			gsl_splinalg_itersolve_alloc(gsl_splinalg_itersolve_gmres, n, 0);
		for (int k = 0; k < EVAL_MAXIT; k++)
			if (gsl_splinalg_itersolve_iterate(A, &b.vector, EVAL_TOL, &u.vector, it) ==
			    GSL_SUCCESS)
				break;
		gsl_splinalg_itersolve_free(it);
	}
	/* the true residual, in the sup norm */
	double *Av = xmallocarray(n, sizeof *Av);
	gsl_vector_view av = gsl_vector_view_array(Av, n);
	gsl_spblas_dgemv(CblasNoTrans, 1.0, A, &u.vector, 0.0, &av.vector);
	double res = 0;
	for (size_t k = 0; k < n; k++)
		res = fmax(res, fabs(Av[k] - r[k]));
	free(Av);
	free(r);
	gsl_spmatrix_free(A);
	gsl_spmatrix_free(T);
	return res;
}

int spbe_evaluate(struct spbe *s, const double *map)
{
	size_t len = 2 * (size_t)s->n;
	if (s->key_ok && memcmp(s->key, map, len * sizeof *map) == 0)
		return s->eval_ok ? 0 : -1;
	double res = 0;
	for (int x = 0; x < 2; x++)
		res = fmax(res, eval_type(s, map, x, s->V[x]));
	memcpy(s->key, map, len * sizeof *map);
	s->key_ok = 1;
	s->eval_resid = res;
	s->eval_ok = res <= EVAL_RESID;
	return s->eval_ok ? 0 : -1;
}

int spbe_best_response(struct spbe *s, const double *belief, double *out)
{
	int rc = spbe_evaluate(s, belief);
	int G = s->g.G, n = s->n;
	const double *const V[2] = { s->V[0], s->V[1] };
	s->noeq = 0;
	for (int j = 0; j < G; j++)
		for (int i = 0; i <= j; i++) {
			double prev[4];
			struct spbe_stage st;
			spbe_map_profile(s, belief, i, j, prev);
			int found = spbe_stage_solve(s, V, i, j, prev, &st);
			int k = j * G + i, kk = i * G + j;
			out[k] = st.p[0];
			out[n + k] = st.p[1];
			out[kk] = st.p[2];
			out[n + kk] = st.p[3];
			s->neq[k] = s->neq[kk] = found;
			s->noeq_at[k] = s->noeq_at[kk] = found == 0;
			s->noeq += (found == 0) * (i == j ? 1 : 2);
		}
	return rc;
}

double spbe_regret(struct spbe *s, const double *map, double *per_point)
{
	spbe_evaluate(s, map);
	const double *const V[2] = { s->V[0], s->V[1] };
	double worst = 0;
	for (int j = 0; j < s->g.G; j++)
		for (int i = 0; i < s->g.G; i++) {
			double p[4];
			struct spbe_stage st;
			spbe_map_profile(s, map, i, j, p);
			spbe_stage_eval(s, V, i, j, p, &st);
			if (per_point)
				per_point[j * s->g.G + i] = st.regret;
			worst = fmax(worst, st.regret);
		}
	return worst;
}

/* The strategy (p_H, p_L) of the agent whose own belief is `own` (the other's `other`) at an
 * off-grid point, interpolated from agent 1's map. */
static void strategy_at(const struct spbe *s, const double *map, double own, double other,
			double *ph, double *pl)
{
	*ph = spbe_snap(spbe_interp(s, map, own, other));
	*pl = spbe_snap(spbe_interp(s, map + s->n, own, other));
}

void spbe_path(const struct spbe *s, const double *map, double b1, double b2, int x1, int x2,
	       int rounds, struct rng *r, double *b1s, double *b2s)
{
	b1s[0] = b1;
	b2s[0] = b2;
	for (int t = 1; t <= rounds; t++) {
		double h1, l1, h2, l2;
		strategy_at(s, map, b1, b2, &h1, &l1);
		strategy_at(s, map, b2, b1, &h2, &l2);
		/* draw both before comparing, so the stream does not depend on the outcome */
		double u1 = rng_uniform(r), u2 = rng_uniform(r);
		int a1 = u1 < (x1 == SPBE_H ? h1 : l1);
		int a2 = u2 < (x2 == SPBE_H ? h2 : l2);
		b1 = spbe_bayes(b1, h1, l1, a1, NULL);
		b2 = spbe_bayes(b2, h2, l2, a2, NULL);
		b1s[t] = b1;
		b2s[t] = b2;
	}
}

double spbe_coord_full(double x)
{
	/* alternate perfectly: contribute in half the rounds, free-ride in the other half */
	return 0.5 * (1 - x) + 0.5 * 1;
}

static double neg_uncoordinated(double p, void *ctx)
{
	double x = *(const double *)ctx;
	return -(p * (1 - x) + p * (1 - p));
}

double spbe_coord_none(double x)
{
	gsl_function f = { neg_uncoordinated, &x };
	double lo = 0, hi = 1, best = 0, fbest = 0;
	/* the bracket needs an interior point below both ends: scan for it */
	for (int k = 1; k < 64; k++) {
		double p = k / 64.0, v = neg_uncoordinated(p, &x);
		if (v < fbest) {
			fbest = v;
			best = p;
		}
	}
	if (!(fbest < fmin(neg_uncoordinated(0, &x), neg_uncoordinated(1, &x))))
		return fmax(-neg_uncoordinated(0, &x), -neg_uncoordinated(1, &x));
	gsl_min_fminimizer *m = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent);
	gsl_min_fminimizer_set(m, &f, best, lo, hi);
	for (int it = 0; it < 100; it++) {
		gsl_min_fminimizer_iterate(m);
		lo = gsl_min_fminimizer_x_lower(m);
		hi = gsl_min_fminimizer_x_upper(m);
		if (gsl_min_test_interval(lo, hi, 1e-12, 0) == GSL_SUCCESS)
			break;
	}
	double v = -gsl_min_fminimizer_f_minimum(m);
	gsl_min_fminimizer_free(m);
	return v;
}
