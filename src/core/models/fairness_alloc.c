/* fairness_alloc: the designer's allocation for the two examples of thesis chapter 5 (see
 * fairness_alloc.h).
 *
 * Linear example: the KKT conditions of (5.18) give x_i = (theta_i - lambda)^+ /
 * (2 eps theta_i^2) with lambda >= 0 pricing sum x <= 1; with two types the active set is
 * "both types" (the thesis's closed form (5.19)) or "high types only" (x_H = 1/m, below
 * the kink eps = m (thetaH - thetaL) / (2 thetaH^2)), or lambda = 0 when even the
 * unconstrained optimum x = 1/(2 eps theta) fits (eps large). This small closed form is
 * written out here. At eps = 0 the optimum is not unique; we take the thesis's x_H = 1/m,
 * x_L = 0 (x = 1/N when m = 0).
 *
 * Smart grid: at total y the supply cost prices power at c = C'(y) = 2 a y, and a type's
 * allocation is the largest x in [must_run, 2 theta] with g_eps'(v(x)) v'(x) >= c. With
 * w = v'(x) = theta - x/2 (so v = theta^2 - w^2) that is the root of
 *     f(w) = w (1 - 2 eps (theta^2 - w^2)) - c = 0,
 * increasing in w wherever g' > 0 (w^2 > theta^2 - 1/(2 eps)). y is then the fixed point
 * y = c_H x_H(2 a y) + c_L x_L(2 a y) of a decreasing map. Both roots come from GSL's
 * Brent solver (the inner one is a cubic, but in this form it stays well conditioned as
 * eps -> 0, where the cubic's coefficients blow up). The objective is concave where g is
 * increasing, and the designer never allocates where g decreases, so the KKT point is the
 * optimum. Neighbours: fairness_core, fairness.c. */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>

#include "core/models/fairness_alloc.h"
#include "core/xmalloc.h"

#define MAX_ITER 200

struct ws {
	gsl_root_fsolver *outer, *inner;
};

double fairness_value(const struct fairness_econ *ec, double x, double theta)
{
	if (ec->kind == FAIRNESS_LINEAR)
		return theta * x;
	return x < 2 * theta ? theta * x - x * x / 4 : theta * theta;
}

static double g_eps(double z, double eps) { return z - eps * z * z; }

double fairness_objective(const struct fairness_econ *ec, int n, int c, double eps,
			  const struct fairness_point *p)
{
	double s = 0;
	if (c > 0)
		s += c * g_eps(fairness_value(ec, p->xh, ec->th), eps);
	if (c < n)
		s += (n - c) * g_eps(fairness_value(ec, p->xl, ec->tl), eps);
	return ec->kind == FAIRNESS_SMARTGRID ? s - ec->a * p->y * p->y : s;
}

double fairness_welfare(const struct fairness_econ *ec, int n, int c,
			const struct fairness_point *p)
{
	return fairness_objective(ec, n, c, 0, p);
}

/* ---- linear example ---- */

static void alloc_linear(const struct fairness_econ *ec, int n, int c, double eps,
			 struct fairness_point *p)
{
	double th = ec->th, tl = ec->tl, nh = c, nl = n - c;
	p->xh = c > 0 ? 0 : NAN;
	p->xl = c < n ? 0 : NAN;
	p->y = 1;
	if (eps == 0) {
		if (c > 0)
			p->xh = 1 / nh;
		else
			p->xl = 1 / nl;
		return;
	}
	if (nh / (2 * eps * th) + nl / (2 * eps * tl) <= 1) { /* the unit does not bind */
		if (c > 0)
			p->xh = 1 / (2 * eps * th);
		if (c < n)
			p->xl = 1 / (2 * eps * tl);
		p->y = nh * (c > 0 ? p->xh : 0) + nl * (c < n ? p->xl : 0);
		return;
	}
	/* (5.19): both types active (also a single type, which gets 1/n); its x_H has no
	 * cancellation, x_L = 0 exactly at the kink */
	double den = nh * tl * tl + nl * th * th;
	double xl = (nh / (2 * eps) * (tl - th) + th * th) / den;
	if (c > 0 && c < n && !(xl > 0)) { /* below the kink: the low types drop out */
		p->xh = 1 / nh;
		return;
	}
	if (c > 0)
		p->xh = (nl / (2 * eps) * (th - tl) + tl * tl) / den;
	if (c < n)
		p->xl = xl;
}

/* ---- smart grid ---- */

struct inner_ctx {
	double eps, theta, c;
};

static double inner_f(double w, void *arg)
{
	const struct inner_ctx *k = arg;
	return w * (1 - 2 * k->eps * (k->theta - w) * (k->theta + w)) - k->c;
}

/* Brent on [lo, hi] where f(lo) < 0 < f(hi); counts a failure at the iteration cap. */
static double brent(gsl_root_fsolver *s, gsl_function *fn, double lo, double hi, double abs,
		    int *fail)
{
	gsl_root_fsolver_set(s, fn, lo, hi);
	for (int it = 0; it < MAX_ITER; it++) {
		if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS)
			break;
		lo = gsl_root_fsolver_x_lower(s);
		hi = gsl_root_fsolver_x_upper(s);
		if (gsl_root_test_interval(lo, hi, abs, 4e-16) == GSL_SUCCESS)
			return gsl_root_fsolver_root(s);
	}
	(*fail)++;
	return gsl_root_fsolver_root(s);
}

/* The allocation of type theta at the power price c >= 0. */
static double type_alloc(struct ws *ws, const struct fairness_econ *ec, double theta,
			 double eps, double c, int *fail)
{
	struct inner_ctx k = { eps, theta, c };
	double whi = theta - ec->mr / 2, wlo = 0;
	if (!(whi > 0))
		return ec->mr; /* satiated at the must-run level */
	if (eps > 0 && theta * theta > 1 / (2 * eps))
		wlo = sqrt(theta * theta - 1 / (2 * eps)); /* g' = 0 there */
	if (wlo >= whi || inner_f(whi, &k) <= 0)
		return ec->mr;
	if (eps == 0)
		return 2 * (theta - c);
	if (inner_f(wlo, &k) >= 0) /* c = 0: satiation, or where g' vanishes */
		return 2 * (theta - wlo);
	gsl_function fn = { inner_f, &k };
	return 2 * (theta - brent(ws->inner, &fn, wlo, whi, 1e-300, fail));
}

struct outer_ctx {
	struct ws *ws;
	const struct fairness_econ *ec;
	int n, c;
	double eps;
	int *fail;
	double xh, xl; /* at the last evaluation */
};

static double outer_f(double y, void *arg)
{
	struct outer_ctx *o = arg;
	const struct fairness_econ *ec = o->ec;
	double price = 2 * ec->a * y, tot = 0;
	o->xh = o->c > 0 ? type_alloc(o->ws, ec, ec->th, o->eps, price, o->fail) : NAN;
	o->xl = o->c < o->n ? type_alloc(o->ws, ec, ec->tl, o->eps, price, o->fail) : NAN;
	if (o->c > 0)
		tot += o->c * o->xh;
	if (o->c < o->n)
		tot += (o->n - o->c) * o->xl;
	return y - tot;
}

static void alloc_grid(struct ws *ws, const struct fairness_econ *ec, int n, int c, double eps,
		       struct fairness_point *p, int *fail)
{
	struct outer_ctx o = { ws, ec, n, c, eps, fail, NAN, NAN };
	double f0 = -outer_f(0, &o), y = f0; /* demand at a zero price */
	if (ec->a > 0 && f0 > 0 && outer_f(f0, &o) > 0) {
		gsl_function fn = { outer_f, &o };
		y = brent(ws->outer, &fn, 0, f0, 1e-15 * f0, fail);
	}
	outer_f(y, &o); /* the allocation at the root */
	p->xh = o.xh;
	p->xl = o.xl;
	p->y = (c > 0 ? c * o.xh : 0) + (c < n ? (n - c) * o.xl : 0);
}

/* ---- tables ---- */

void fairness_table_init(struct fairness_table *t, int n)
{
	struct ws *ws = xcalloc(1, sizeof *ws);
	ws->outer = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
	ws->inner = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
	if (!ws->outer || !ws->inner)
		xfatal("out of memory (gsl_root_fsolver_alloc)");
	t->n = n;
	t->eps = NAN;
	t->p = xcalloc((size_t)n + 1, sizeof *t->p);
	t->nfail = 0;
	t->ws = ws;
}

int fairness_table_fill(struct fairness_table *t, const struct fairness_econ *ec, double eps)
{
	/* GSL's default handler aborts; our brackets are valid, but never abort a session */
	gsl_error_handler_t *old = gsl_set_error_handler_off();
	int fail = 0;
	for (int c = 0; c <= t->n; c++) {
		if (ec->kind == FAIRNESS_LINEAR)
			alloc_linear(ec, t->n, c, eps, &t->p[c]);
		else
			alloc_grid(t->ws, ec, t->n, c, eps, &t->p[c], &fail);
	}
	gsl_set_error_handler(old);
	t->eps = eps;
	t->nfail = fail;
	return fail;
}

void fairness_table_fini(struct fairness_table *t)
{
	struct ws *ws = t->ws;
	if (ws) {
		gsl_root_fsolver_free(ws->outer);
		gsl_root_fsolver_free(ws->inner);
		free(ws);
	}
	free(t->p);
	t->p = NULL;
	t->ws = NULL;
}
