/* dnbe_dr: demand-response expectations by quadrature, dispatch, posted price, Figs 2-4 and
 * the consistent-lie utility (see dnbe_dr.h).
 * Every integral runs over u in [0, inf) mapped to w in [0, 1) by u = s w / (1 - w), s being
 * the reciprocal of the expected total inverse type (the scale on which prod phi decays), and
 * is handed to gsl_integration_qags (adaptive Gauss-Kronrod with extrapolation). The grid
 * scan before the Brent minimiser in dnbe_dr_lie_best is a problem-specific bracket search,
 * not a general optimiser; the minimisation itself is GSL's.
 * Neighbours: dnbe_law, dnbe.c, dnbe_mech. */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_min.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/models/dnbe_dr.h"
#include "core/xmalloc.h"

#define QUAD_LIMIT 1000
#define QUAD_EPSREL 1e-11
#define LIE_GRID 17
#define LIE_MAXIT 200
#define LIE_TOL 1e-7 /* relative width of the final bracket: the utility is flat at its
		      * maximum (U(c) - U(1) ~ (c - 1)^2 U''/2), so quadrature noise of 1e-13
		      * limits the argmax to about 1e-7 */

void dnbe_dr_quad_init(struct dnbe_dr_quad *q)
{
	memset(q, 0, sizeof *q);
	q->w = gsl_integration_workspace_alloc(QUAD_LIMIT);
	if (!q->w)
		xfatal("GSL integration workspace");
}

void dnbe_dr_quad_fini(struct dnbe_dr_quad *q)
{
	if (q->w)
		gsl_integration_workspace_free(q->w);
	q->w = NULL;
}

void dnbe_dr_pop_init(struct dnbe_dr_pop *P, const struct dnbe_law *reserve, double d)
{
	memset(P, 0, sizeof *P);
	P->reserve = reserve;
	P->d = d;
}

int dnbe_dr_pop_add(struct dnbe_dr_pop *P, const struct dnbe_law *L, double m)
{
	for (int g = 0; g < P->ng; g++)
		if (dnbe_law_equal(P->law[g], L)) {
			P->mult[g] += m;
			return g;
		}
	P->law = xreallocarray(P->law, (size_t)P->ng + 1, sizeof *P->law);
	P->mult = xreallocarray(P->mult, (size_t)P->ng + 1, sizeof *P->mult);
	P->law[P->ng] = L;
	P->mult[P->ng] = m;
	return P->ng++;
}

void dnbe_dr_pop_fini(struct dnbe_dr_pop *P)
{
	free(P->law);
	free(P->mult);
	memset(P, 0, sizeof *P);
}

/* ---- the integrands ---- */

enum itg_kind { ITG_CSTAR, ITG_MOMENT, ITG_UTIL };

struct itg {
	const struct dnbe_dr_pop *P;
	int ex;              /* group with one member left out, -1: none */
	double s;            /* u = s w / (1 - w) */
	enum itg_kind kind;
	const struct dnbe_law *own; /* ITG_MOMENT, ITG_UTIL: the left-out provider's law */
	const double *omega;        /* its weights */
};

static double phi(const struct dnbe_law *L, double u)
{
	double r = 0;
	for (int k = 0; k < L->k; k++)
		r += L->p[k] * exp(-u / L->v[k]);
	return r;
}

static double others(const struct itg *I, double u)
{
	const struct dnbe_dr_pop *P = I->P;
	double r = phi(P->reserve, u);
	for (int g = 0; g < P->ng && r > 0; g++) {
		double m = P->mult[g] - (g == I->ex);
		if (m > 0)
			r *= m == 1 ? phi(P->law[g], u) : pow(phi(P->law[g], u), m);
	}
	return r;
}

static double weighted(const struct itg *I, double u)
{
	double r = 0;
	for (int k = 0; k < I->own->k; k++)
		r += I->omega[k] * exp(-u / I->own->v[k]);
	return r;
}

static double integrand(double w, void *par)
{
	const struct itg *I = par;
	double d2 = I->P->d * I->P->d;
	double u = I->s * w / (1 - w);
	double base = others(I, u);
	if (base == 0)
		return 0;
	double jac = I->s / ((1 - w) * (1 - w)), val;
	switch (I->kind) {
	case ITG_CSTAR:
		val = 0.5 * d2 * base;
		break;
	case ITG_MOMENT:
		val = d2 * u * weighted(I, u) * base;
		break;
	default:
		val = base * (-0.5 * d2 * phi(I->own, u) + d2 * u * weighted(I, u));
		break;
	}
	return val * jac;
}

/* The scale s: 1 / E[sum of the inverse types] of the whole population. */
static double scale_of(const struct dnbe_dr_pop *P)
{
	double S = dnbe_law_moment(P->reserve, -1);
	for (int g = 0; g < P->ng; g++)
		S += P->mult[g] * dnbe_law_moment(P->law[g], -1);
	return 1 / S;
}

static double integrate(struct dnbe_dr_quad *q, struct itg *I, const char *what)
{
	gsl_function F = { .function = integrand, .params = I };
	double res = 0, abserr = 0;
	I->s = scale_of(I->P);
	gsl_error_handler_t *old = gsl_set_error_handler_off();
	int st = gsl_integration_qags(&F, 0, 1, 0, QUAD_EPSREL, QUAD_LIMIT, q->w, &res, &abserr);
	gsl_set_error_handler(old);
	if (st != GSL_SUCCESS) {
		if (q->fails++ == 0)
			snprintf(q->msg, sizeof q->msg,
				 "%s: quadrature stopped short of relative error %g (%s; estimated "
				 "error %.3g of %.6g)",
				 what, QUAD_EPSREL, gsl_strerror(st), abserr, res);
	}
	return res;
}

double dnbe_dr_cstar(struct dnbe_dr_quad *q, const struct dnbe_dr_pop *P, int ex)
{
	struct itg I = { .P = P, .ex = ex, .kind = ITG_CSTAR };
	return integrate(q, &I, "C*");
}

double dnbe_dr_moment(struct dnbe_dr_quad *q, const struct dnbe_dr_pop *P, int g,
		      const double *omega)
{
	struct itg I = { .P = P, .ex = g, .kind = ITG_MOMENT, .own = P->law[g], .omega = omega };
	return integrate(q, &I, "cost share");
}

double dnbe_dr_cost_share(struct dnbe_dr_quad *q, const struct dnbe_dr_pop *P, int g)
{
	const struct dnbe_law *L = P->law[g];
	double *om = xmallocarray((size_t)L->k, sizeof *om);
	for (int k = 0; k < L->k; k++)
		om[k] = L->p[k] / (2 * L->v[k]);
	double r = dnbe_dr_moment(q, P, g, om);
	free(om);
	return r;
}

/* -C*(theta^) + E[(delta^_i - delta_i) x_i^2 / 2] as one integral. */
static double util_gain(struct dnbe_dr_quad *q, const struct dnbe_dr_pop *P, int g,
			const double *tv)
{
	const struct dnbe_law *L = P->law[g];
	double *om = xmallocarray((size_t)L->k, sizeof *om);
	for (int k = 0; k < L->k; k++)
		om[k] = L->p[k] * (L->v[k] - tv[k]) / (2 * L->v[k] * L->v[k]);
	struct itg I = { .P = P, .ex = g, .kind = ITG_UTIL, .own = L, .omega = om };
	double r = integrate(q, &I, "utility");
	free(om);
	return r;
}

double dnbe_dr_utility(struct dnbe_dr_quad *q, const struct dnbe_dr_pop *P, int g,
		       const double *tv)
{
	return dnbe_dr_cstar(q, P, g) + util_gain(q, P, g, tv);
}

double dnbe_dr_dispatch(int n, const double *inv, double inv_s, double d, double *x,
			double *g)
{
	double S = inv_s;
	for (int i = 0; i < n; i++)
		S += inv[i];
	double lambda = d / S;
	for (int i = 0; i < n; i++)
		x[i] = lambda * inv[i];
	*g = lambda * inv_s;
	return lambda;
}

/* ---- posted price ---- */

void dnbe_dr_posted(const struct dnbe_dr_pop *truth, struct dnbe_dr_posted *pp)
{
	double S1 = 0, sb = 0, sa2 = 0;
	for (int g = 0; g < truth->ng; g++) {
		double a = dnbe_law_moment(truth->law[g], -1), b = dnbe_law_moment(truth->law[g], -2);
		double m = truth->mult[g];
		S1 += m * a;
		sb += m * b;
		sa2 += m * a * a;
	}
	pp->S1 = S1;
	pp->S2 = sb + S1 * S1 - sa2;
	pp->ms = dnbe_law_moment(truth->reserve, 1);
	pp->d = truth->d;
	double den = S1 + pp->ms * pp->S2;
	pp->pstar = den > 0 ? pp->ms * pp->d * S1 / den : 0;
	pp->cost_min = dnbe_dr_posted_cost(pp, pp->pstar);
}

double dnbe_dr_posted_cost(const struct dnbe_dr_posted *pp, double p)
{
	double d = pp->d;
	return p * p * pp->S1 / 2 + pp->ms / 2 * (d * d - 2 * d * p * pp->S1 + p * p * pp->S2);
}

/* ---- figures ---- */

void dnbe_dr_fig2(struct dnbe_dr_quad *q, const struct dnbe_law *prov,
		  const struct dnbe_law *reserve, double d, int nmax, double *y)
{
	for (int n = 0; n <= nmax; n++) {
		struct dnbe_dr_pop P;
		dnbe_dr_pop_init(&P, reserve, d);
		dnbe_dr_pop_add(&P, prov, n);
		y[n] = dnbe_dr_cstar(q, &P, -1);
		dnbe_dr_pop_fini(&P);
	}
}

int dnbe_dr_fig3(struct dnbe_dr_quad *q, const struct dnbe_law *reserve, double d, int n,
		 double var, int K, double fixed, const double *means, int nm, double *y,
		 struct err *e)
{
	struct dnbe_law fx;
	dnbe_law_point(&fx, fixed);
	for (int j = 0; j < nm; j++) {
		struct dnbe_law other;
		if (dnbe_law_equiprobable(&other, means[j], var, K, e) < 0) {
			dnbe_law_fini(&fx);
			return -1;
		}
		struct dnbe_dr_pop P;
		dnbe_dr_pop_init(&P, reserve, d);
		int g = dnbe_dr_pop_add(&P, &fx, 1);
		dnbe_dr_pop_add(&P, &other, n - 1);
		y[j] = dnbe_dr_cstar(q, &P, g) - dnbe_dr_cstar(q, &P, -1) +
		       dnbe_dr_cost_share(q, &P, g);
		dnbe_dr_pop_fini(&P);
		dnbe_law_fini(&other);
	}
	dnbe_law_fini(&fx);
	return 0;
}

/* ---- the consistent-lie game ---- */

/* The population of bids when provider i scales by ci and the others by c[j]: laws[] holds
 * one scaled copy per distinct factor (at most n), *own is the group of provider i. */
static void lie_pop(struct dnbe_dr_pop *P, struct dnbe_law *laws, const struct dnbe_law *truth,
		    const struct dnbe_law *reserve, double d, int n, const double *c, int i,
		    double ci, int *own)
{
	double *cs = xmallocarray((size_t)n, sizeof *cs);
	int nl = 0;
	dnbe_dr_pop_init(P, reserve, d);
	for (int j = 0; j < n; j++) {
		double cj = j == i ? ci : c[j];
		int t = 0;
		while (t < nl && cs[t] != cj)
			t++;
		if (t == nl) {
			dnbe_law_scaled(&laws[nl], truth, cj);
			cs[nl++] = cj;
		}
		int g = dnbe_dr_pop_add(P, &laws[t], 1);
		if (j == i)
			*own = g;
	}
	free(cs);
}

static void lie_free(struct dnbe_dr_pop *P, struct dnbe_law *laws, int n)
{
	for (int j = 0; j < n; j++)
		if (laws[j].v)
			dnbe_law_fini(&laws[j]);
	free(laws);
	dnbe_dr_pop_fini(P);
}

static double lie_eval(struct dnbe_dr_quad *q, const struct dnbe_law *truth,
		       const struct dnbe_law *reserve, double d, int n, const double *c, int i,
		       double ci, int with_cstar)
{
	struct dnbe_dr_pop P;
	struct dnbe_law *laws = xcalloc((size_t)n, sizeof *laws);
	int g = 0;
	lie_pop(&P, laws, truth, reserve, d, n, c, i, ci, &g);
	double r = util_gain(q, &P, g, truth->v);
	if (with_cstar)
		r += dnbe_dr_cstar(q, &P, g);
	lie_free(&P, laws, n);
	return r;
}

double dnbe_dr_lie_gain(struct dnbe_dr_quad *q, const struct dnbe_law *truth,
			const struct dnbe_law *reserve, double d, int n, const double *c, int i,
			double ci)
{
	return lie_eval(q, truth, reserve, d, n, c, i, ci, 0);
}

double dnbe_dr_lie_utility(struct dnbe_dr_quad *q, const struct dnbe_law *truth,
			   const struct dnbe_law *reserve, double d, int n, const double *c,
			   int i, double ci)
{
	return lie_eval(q, truth, reserve, d, n, c, i, ci, 1);
}

struct lie_ctx {
	struct dnbe_dr_quad *q;
	const struct dnbe_law *truth, *reserve;
	double d;
	int n, i;
	const double *c;
};

static double neg_gain(double ci, void *par)
{
	const struct lie_ctx *L = par;
	return -dnbe_dr_lie_gain(L->q, L->truth, L->reserve, L->d, L->n, L->c, L->i, ci);
}

int dnbe_dr_lie_best(struct dnbe_dr_quad *q, const struct dnbe_law *truth,
		     const struct dnbe_law *reserve, double d, int n, const double *c, int i,
		     double lo, double hi, double *best)
{
	struct lie_ctx L = { q, truth, reserve, d, n, i, c };
	double x[LIE_GRID], f[LIE_GRID];
	int jb = 0;
	for (int j = 0; j < LIE_GRID; j++) {
		x[j] = exp(log(lo) + (log(hi) - log(lo)) * j / (LIE_GRID - 1));
		f[j] = neg_gain(x[j], &L);
		if (f[j] < f[jb])
			jb = j;
	}
	*best = x[jb];
	if (jb == 0 || jb == LIE_GRID - 1 || !(f[jb] < f[jb - 1]) || !(f[jb] < f[jb + 1]))
		return 0; /* the maximum is at an end of the range, or the grid is flat there */
	gsl_function F = { .function = neg_gain, .params = &L };
	gsl_min_fminimizer *s = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent);
	if (!s)
		xfatal("GSL minimiser");
	gsl_error_handler_t *old = gsl_set_error_handler_off();
	int conv = 0;
	if (gsl_min_fminimizer_set_with_values(s, &F, x[jb], f[jb], x[jb - 1], f[jb - 1],
					       x[jb + 1], f[jb + 1]) == GSL_SUCCESS)
		for (int it = 0; it < LIE_MAXIT; it++) {
			if (gsl_min_fminimizer_iterate(s) != GSL_SUCCESS)
				break;
			if (gsl_min_test_interval(gsl_min_fminimizer_x_lower(s),
						  gsl_min_fminimizer_x_upper(s), 0,
						  LIE_TOL) == GSL_SUCCESS) {
				conv = 1;
				break;
			}
		}
	*best = gsl_min_fminimizer_x_minimum(s);
	gsl_set_error_handler(old);
	gsl_min_fminimizer_free(s);
	return !conv;
}
