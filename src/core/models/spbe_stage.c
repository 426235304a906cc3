/* spbe_stage: the stage game (6.25) at one grid point, against given values V.
 *
 * Evaluation: posteriors by Bayes' rule (6.26) on snapped probabilities, the off-path rule
 * where no type plays an action (spbe_core.h), then Q_i(a | x) for both agents and types,
 * the unweighted regret and the joint ex-ante value.
 *
 * Solution by support enumeration (the thesis's Sec. 6 count: 3^4 = 81 supports, each
 * probability 0, 1 or interior): pure supports are checked directly; one interior
 * probability is found by scanning its indifference D = Q(1|x) - Q(0|x) for sign changes on
 * a logistic grid and polishing each with GSL's Brent solver; two to four interior
 * probabilities by GSL's hybrid solver (in logit coordinates, so iterates stay in (0, 1))
 * from a few starts. Every candidate is re-evaluated in full and kept only if its unweighted
 * regret is at most SPBE_EQ_TOL; the least-regret candidate met is the fallback when none
 * is exact. This is a multistart search: an equilibrium it does not meet is not counted.
 * On the diagonal only agent-symmetric profiles (h, l, h, l) are searched (9 supports), so
 * the map stays symmetric. Neighbours: spbe_core.c (grid, Bayes, interpolation). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multiroots.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_vector.h>

#include "core/models/spbe_stage.h"
#include "core/xmalloc.h"

#define SCAN_N 29      /* scan points of a one-probability support, logit in [-14, 14] */
#define SCAN_S 14.0
#define NEWTON_IT 40
#define NEWTON_RES 1e-12
#define S_MAX 30.0     /* a logit beyond this has left the interior */
#define MAX_EQ 16      /* equilibria kept for telling new from known (beyond: counted) */
#define SAME_EQ 1e-7   /* profiles closer than this are one equilibrium */

struct spbe_work {
	gsl_root_fsolver *outer, *inner; /* support scan; tremble belief (nested in outer) */
	gsl_multiroot_fsolver *hyb[5];   /* by dimension 1..4 */
};

struct spbe_work *spbe_work_new(const struct spbe *s)
{
	(void)s;
	struct spbe_work *w = xcalloc(1, sizeof *w);
	w->outer = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
	w->inner = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
	for (size_t k = 1; k <= 4; k++)
		w->hyb[k] = gsl_multiroot_fsolver_alloc(gsl_multiroot_fsolver_hybrids, k);
	return w;
}

void spbe_work_free(struct spbe_work *w)
{
	if (!w)
		return;
	gsl_root_fsolver_free(w->outer);
	gsl_root_fsolver_free(w->inner);
	for (size_t k = 1; k <= 4; k++)
		gsl_multiroot_fsolver_free(w->hyb[k]);
	free(w);
}

/* ---- evaluation ---- */

/* Continuation of agent `a` of type x whose own belief becomes `own`, the other agent's
 * belief moving by its on-path actions. */
static double cont(const struct spbe *s, const double *const V[2], int x, double own,
		   const struct spbe_stage *o, int a)
{
	int b = 1 - a;
	double qo = o->q[b], c = 0;
	if (qo > 0)
		c += qo * spbe_interp(s, V[x], own, o->post[b][1]);
	if (qo < 1)
		c += (1 - qo) * spbe_interp(s, V[x], own, o->post[b][0]);
	return c;
}

static double reward(const struct spbe *s, int x, int act, double q_other)
{
	return act ? 1 - s->g.cost[x] : q_other;
}

static double qval(const struct spbe *s, const double *const V[2], int a, int x, int act,
		   const struct spbe_stage *o)
{
	double r = reward(s, x, act, o->q[1 - a]);
	if (s->g.delta == 0)
		return r;
	return r + s->g.delta * cont(s, V, x, o->post[a][act], o, a);
}

/* The tremble rule's g(mu) = loss_H(mu) - loss_L(mu) for agent a pooling on action on. */
struct tremble {
	const struct spbe *s;
	const double *const *V;
	const struct spbe_stage *o;
	int a, on;
};

static double tremble_g(double mu, void *ctx)
{
	const struct tremble *t = ctx;
	const struct spbe *s = t->s;
	int off = 1 - t->on;
	double loss[2];
	for (int x = 0; x < 2; x++)
		loss[x] = t->o->Q[t->a][x][t->on] - reward(s, x, off, t->o->q[1 - t->a]) -
			  s->g.delta * cont(s, t->V, x, mu, t->o, t->a);
	return loss[SPBE_H] - loss[SPBE_L];
}

static double tremble_belief(const struct spbe *s, const double *const V[2],
			     const struct spbe_stage *o, int a, int on, double pi)
{
	struct tremble t = { s, V, o, a, on };
	double g0 = tremble_g(0, &t), g1 = tremble_g(1, &t);
	int first = tremble_g(pi, &t) >= 0 ? 0 : 1;
	for (int k = 0; k < 2; k++) {
		int e = k == 0 ? first : 1 - first;
		if (e == 0 && g0 > 0)
			return 0;
		if (e == 1 && g1 < 0)
			return 1;
	}
	/* g0 <= 0 <= g1: the belief at which both types lose equally */
	if (g0 == 0)
		return 0;
	if (g1 == 0)
		return 1;
	gsl_function f = { tremble_g, &t };
	gsl_root_fsolver *r = s->w->inner;
	gsl_root_fsolver_set(r, &f, 0, 1);
	double mu = 0.5;
	for (int it = 0; it < 100; it++) {
		if (gsl_root_fsolver_iterate(r) != GSL_SUCCESS)
			break;
		mu = gsl_root_fsolver_root(r);
		if (gsl_root_test_interval(gsl_root_fsolver_x_lower(r), gsl_root_fsolver_x_upper(r),
					   1e-15, 0) == GSL_SUCCESS)
			break;
	}
	return mu;
}

/* full = 0 skips the tremble beliefs (off-path actions use rule 6.7): the indifference of an
 * agent that mixes does not depend on them. */
static void stage_eval(const struct spbe *s, const double *const V[2], int i, int j,
		       const double pin[4], struct spbe_stage *o, int full)
{
	double pi[2] = { s->grid[i], s->grid[j] };
	int off[2][2];
	for (int v = 0; v < 4; v++)
		o->p[v] = spbe_snap(pin[v]);
	for (int a = 0; a < 2; a++) {
		o->q[a] = pi[a] * o->p[2 * a] + (1 - pi[a]) * o->p[2 * a + 1];
		for (int act = 0; act < 2; act++)
			o->post[a][act] = spbe_bayes(pi[a], o->p[2 * a], o->p[2 * a + 1], act,
						     &off[a][act]);
	}
	for (int a = 0; a < 2; a++)
		for (int act = 0; act < 2; act++)
			if (!off[a][act])
				for (int x = 0; x < 2; x++)
					o->Q[a][x][act] = qval(s, V, a, x, act, o);
	for (int a = 0; a < 2; a++)
		for (int act = 0; act < 2; act++) {
			if (!off[a][act])
				continue;
			if (full && s->g.offpath == SPBE_TREMBLE && s->g.delta > 0 && pi[a] > 0 &&
			    pi[a] < 1)
				o->post[a][act] = tremble_belief(s, V, o, a, 1 - act, pi[a]);
			for (int x = 0; x < 2; x++)
				o->Q[a][x][act] = qval(s, V, a, x, act, o);
		}
	o->regret = 0;
	o->welfare = 0;
	for (int a = 0; a < 2; a++)
		for (int x = 0; x < 2; x++) {
			double pv = o->p[2 * a + x], q1 = o->Q[a][x][1], q0 = o->Q[a][x][0];
			double best = fmax(q1, q0);
			if (pv > 0)
				o->regret = fmax(o->regret, best - q1);
			if (pv < 1)
				o->regret = fmax(o->regret, best - q0);
			double prior = x == SPBE_H ? pi[a] : 1 - pi[a];
			o->welfare += prior * (pv * q1 + (1 - pv) * q0);
		}
}

void spbe_stage_eval(const struct spbe *s, const double *const V[2], int i, int j,
		     const double p[4], struct spbe_stage *out)
{
	stage_eval(s, V, i, j, p, out, 1);
}

/* ---- support enumeration ---- */

struct point {
	const struct spbe *s;
	const double *const *V;
	int i, j;
	int sym;          /* diagonal: variables are (h, l) of both agents */
	double base[4];   /* the support's pure entries */
	int var[4], nvar; /* its interior variables (0..3, or 0..1 when sym) */
	/* found equilibria and the selection */
	int neq;
	double eq[MAX_EQ][4];
	int have_best;
	struct spbe_stage best, least;
};

static double logistic(double s) { return 1 / (1 + exp(-s)); }

static double logit(double t)
{
	t = fmin(fmax(t, 1e-6), 1 - 1e-6);
	return log(t / (1 - t));
}

static void fill(const struct point *pt, const double *t, double p[4])
{
	memcpy(p, pt->base, sizeof pt->base);
	for (int k = 0; k < pt->nvar; k++) {
		p[pt->var[k]] = t[k];
		if (pt->sym)
			p[pt->var[k] + 2] = t[k];
	}
}

/* Indifference D = Q(1) - Q(0) of every interior variable at interior values t. */
static void indiff(const struct point *pt, const double *t, double *D)
{
	double p[4];
	struct spbe_stage o;
	fill(pt, t, p);
	stage_eval(pt->s, pt->V, pt->i, pt->j, p, &o, 0);
	for (int k = 0; k < pt->nvar; k++) {
		int v = pt->var[k];
		D[k] = o.Q[v / 2][v % 2][1] - o.Q[v / 2][v % 2][0];
	}
}

static int selected_over(const struct spbe *s, const struct spbe_stage *c,
			 const struct spbe_stage *b)
{
	(void)s;
	return c->welfare > b->welfare + 1e-12;
}

/* Evaluates the candidate at interior values t in full and records it. */
static void consider(struct point *pt, const double *t)
{
	double p[4];
	struct spbe_stage o;
	fill(pt, t, p);
	stage_eval(pt->s, pt->V, pt->i, pt->j, p, &o, 1);
	if (o.regret < pt->least.regret)
		pt->least = o;
	if (!(o.regret <= SPBE_EQ_TOL))
		return;
	for (int k = 0; k < pt->neq && k < MAX_EQ; k++) {
		double d = 0;
		for (int v = 0; v < 4; v++)
			d = fmax(d, fabs(pt->eq[k][v] - o.p[v]));
		if (d < SAME_EQ)
			return;
	}
	if (pt->neq < MAX_EQ)
		memcpy(pt->eq[pt->neq], o.p, sizeof o.p);
	pt->neq++;
	if (!pt->have_best || selected_over(pt->s, &o, &pt->best)) {
		pt->best = o;
		pt->have_best = 1;
	}
}

static double scan_f(double t, void *ctx)
{
	double D;
	indiff(ctx, &t, &D);
	return D;
}

/* One interior variable: sign changes of D on a logistic scan, each polished by Brent. */
static void solve_one(struct point *pt)
{
	gsl_root_fsolver *r = pt->s->w->outer;
	gsl_function f = { scan_f, pt };
	double tp = 0, fp = 0;
	for (int m = 0; m < SCAN_N; m++) {
		double t = logistic(-SCAN_S + 2 * SCAN_S * m / (SCAN_N - 1));
		double ft = scan_f(t, pt);
		if (ft == 0)
			consider(pt, &t);
		if (m > 0 && ((fp < 0 && ft > 0) || (fp > 0 && ft < 0))) {
			gsl_root_fsolver_set(r, &f, tp, t);
			double root = 0.5 * (tp + t);
			for (int it = 0; it < 100; it++) {
				if (gsl_root_fsolver_iterate(r) != GSL_SUCCESS)
					break;
				root = gsl_root_fsolver_root(r);
				if (gsl_root_test_interval(gsl_root_fsolver_x_lower(r),
							   gsl_root_fsolver_x_upper(r), 0,
							   1e-15) == GSL_SUCCESS)
					break;
			}
			consider(pt, &root);
		}
		tp = t;
		fp = ft;
	}
}

static int newton_f(const gsl_vector *x, void *ctx, gsl_vector *fv)
{
	const struct point *pt = ctx;
	double t[4], D[4];
	for (int k = 0; k < pt->nvar; k++)
		t[k] = logistic(gsl_vector_get(x, (size_t)k));
	indiff(pt, t, D);
	for (int k = 0; k < pt->nvar; k++) {
		if (!isfinite(D[k]))
			return GSL_EBADFUNC;
		gsl_vector_set(fv, (size_t)k, D[k]);
	}
	return GSL_SUCCESS;
}

/* Several interior variables: the hybrid solver from logit start s0. */
static void newton_from(struct point *pt, const double *s0)
{
	size_t k = (size_t)pt->nvar;
	gsl_multiroot_fsolver *h = pt->s->w->hyb[k];
	gsl_multiroot_function f = { newton_f, k, pt };
	double sv[4];
	gsl_vector_view x0 = gsl_vector_view_array(memcpy(sv, s0, k * sizeof *sv), k);
	if (gsl_multiroot_fsolver_set(h, &f, &x0.vector) != GSL_SUCCESS)
		return;
	for (int it = 0; it < NEWTON_IT; it++) {
		if (gsl_multiroot_test_residual(h->f, NEWTON_RES) == GSL_SUCCESS)
			break;
		if (gsl_multiroot_fsolver_iterate(h) != GSL_SUCCESS)
			break;
		int out = 0;
		for (size_t c = 0; c < k; c++)
			out |= fabs(gsl_vector_get(h->x, c)) > S_MAX;
		if (out)
			return;
	}
	double t[4];
	for (size_t c = 0; c < k; c++)
		t[c] = logistic(gsl_vector_get(h->x, c));
	consider(pt, t);
}

static void solve_many(struct point *pt)
{
	static const double starts[][4] = {
		{ 0, 0, 0, 0 },     { 2, 2, 2, 2 },     { -2, -2, -2, -2 },
		{ 2, -2, 2, -2 },   { -2, 2, -2, 2 },
	};
	int nstart = pt->nvar == 2 ? 5 : 3;
	for (int k = 0; k < nstart; k++)
		newton_from(pt, starts[k]);
}

/* Sets up support `code` (base-3 digits: 0, 1, 2 = interior) over nv variables. */
static void set_support(struct point *pt, int code, int nv)
{
	pt->nvar = 0;
	for (int v = 0; v < nv; v++, code /= 3) {
		int d = code % 3;
		double val = d == 1 ? 1 : 0;
		pt->base[v] = val;
		if (pt->sym)
			pt->base[v + 2] = val;
		if (d == 2)
			pt->var[pt->nvar++] = v;
	}
}

static int digit_of(double p) { return p == 0 ? 0 : p == 1 ? 1 : 2; }

/* STICKY: the previous profile's support re-solved from its values. 1 if still exact. */
static int keep_previous(struct point *pt, const double *prev)
{
	int nv = pt->sym ? 2 : 4, code = 0;
	for (int v = nv - 1; v >= 0; v--)
		code = 3 * code + digit_of(spbe_snap(prev[v]));
	set_support(pt, code, nv);
	if (pt->nvar == 0) {
		consider(pt, NULL);
	} else {
		double s0[4];
		for (int k = 0; k < pt->nvar; k++)
			s0[k] = logit(prev[pt->var[k]]);
		newton_from(pt, s0);
	}
	return pt->have_best;
}

int spbe_stage_solve(struct spbe *s, const double *const V[2], int i, int j,
		     const double *prev, struct spbe_stage *out)
{
	struct point pt = { .s = s, .V = V, .i = i, .j = j, .sym = i == j };
	pt.least.regret = INFINITY;
	if (prev && s->g.select == SPBE_STICKY && keep_previous(&pt, prev)) {
		*out = pt.best;
		return 1;
	}
	int nv = pt.sym ? 2 : 4, ncode = pt.sym ? 9 : 81;
	for (int code = 0; code < ncode; code++) {
		set_support(&pt, code, nv);
		if (pt.nvar == 0)
			consider(&pt, NULL);
		else if (pt.nvar == 1)
			solve_one(&pt);
		else
			solve_many(&pt);
	}
	*out = pt.have_best ? pt.best : pt.least;
	return pt.neq;
}
