/* fairness_core: incentive conditions, taxes and dispersion for thesis chapter 5 (see
 * fairness_core.h). Sums over type counts are direct (a problem-specific sweep over at most
 * n + 1 profiles); binomial weights come from GSL, roots from GSL's Brent solver. The end of
 * a positive stretch that ends on a plateau of exact zeros (the smart grid's BSIC margin,
 * which is 0 once everyone sits at the must-run floor) has no sign change for Brent, so
 * fairness_sup_positive bisects the predicate "f > 0" there. The peak-load price is the
 * vertex of a concave quadratic on each of the two price ranges (written out below).
 * Neighbours: fairness_alloc (tables), fairness_lp, fairness.c. */
#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_roots.h>

#include "core/models/fairness_core.h"

static double val(const struct fairness_econ *ec, double x, double theta)
{
	return fairness_value(ec, x, theta);
}

double fairness_dsic_term(const struct fairness_econ *ec, const struct fairness_table *t, int k)
{
	double xh = t->p[k + 1].xh, xl = t->p[k].xl;
	/* (A_HH - A_HL) - (A_LH - A_LL): exactly 0 when the two bundles are equal */
	return (val(ec, xh, ec->th) - val(ec, xh, ec->tl)) -
	       (val(ec, xl, ec->th) - val(ec, xl, ec->tl));
}

double fairness_dsic_margin(const struct fairness_econ *ec, const struct fairness_table *t)
{
	double m = INFINITY;
	for (int k = 0; k < t->n; k++) {
		double d = fairness_dsic_term(ec, t, k);
		if (d < m || isnan(d))
			m = d;
	}
	return m;
}

void fairness_binom(int n, double q, double *w)
{
	for (int k = 0; k <= n; k++)
		w[k] = gsl_ran_binomial_pdf((unsigned)k, q, (unsigned)n);
}

void fairness_bsic_bounds(const struct fairness_econ *ec, const struct fairness_table *t,
			  const double *pk, double *lo, double *hi)
{
	double l = 0, h = 0;
	for (int k = 0; k < t->n; k++) {
		double xh = t->p[k + 1].xh, xl = t->p[k].xl;
		l += pk[k] * (val(ec, xh, ec->tl) - val(ec, xl, ec->tl));
		h += pk[k] * (val(ec, xh, ec->th) - val(ec, xl, ec->th));
	}
	*lo = l;
	*hi = h;
}

/* Sum of the utilities of ch high agents at xh and cl low agents at xl (empty groups add
 * nothing: their allocation is NaN). */
static double group_sum(const struct fairness_econ *ec, int ch, double xh, int cl, double xl)
{
	return (ch > 0 ? ch * val(ec, xh, ec->th) : 0) + (cl > 0 ? cl * val(ec, xl, ec->tl) : 0);
}

double fairness_h(const struct fairness_econ *ec, const struct fairness_table *t,
		  const double *pk)
{
	int n = t->n;
	double eh = 0, el = 0;
	for (int k = 0; k < n; k++) {
		const struct fairness_point *p0 = &t->p[k], *p1 = &t->p[k + 1];
		int lows = n - 1 - k;
		/* the others' utilities under k + 1 and under k high reports (differences of
		 * like terms, so equal allocations give exactly 0) */
		double others = group_sum(ec, k, p1->xh, lows, p1->xl) -
				group_sum(ec, k, p0->xh, lows, p0->xl);
		/* a high agent: truthful (k + 1 highs) against reporting low (k highs) */
		double hh = others + (val(ec, p1->xh, ec->th) - val(ec, p0->xl, ec->th));
		/* a low agent: truthful (k highs) against reporting high (k + 1 highs) */
		double hl = -others + (val(ec, p0->xl, ec->tl) - val(ec, p1->xh, ec->tl));
		eh += pk[k] * hh;
		el += pk[k] * hl;
	}
	return eh < el ? eh : el;
}

double fairness_expected_cost(const struct fairness_econ *ec, const struct fairness_table *t,
			      const double *pm)
{
	if (ec->kind != FAIRNESS_SMARTGRID)
		return 0;
	double s = 0;
	for (int m = 0; m <= t->n; m++)
		s += pm[m] * ec->a * t->p[m].y * t->p[m].y;
	return s;
}

int fairness_tax_dsic(const struct fairness_econ *ec, const struct fairness_table *t,
		      double tol, double *th, double *tl)
{
	for (int k = 0; k < t->n; k++) {
		th[k] = val(ec, t->p[k + 1].xh, ec->tl);
		tl[k] = val(ec, t->p[k].xl, ec->tl);
	}
	return fairness_dsic_margin(ec, t) >= -tol;
}

int fairness_tax_bsic(const struct fairness_econ *ec, const struct fairness_table *t,
		      const double *pk, const double *pm, double tol, double *th, double *tl)
{
	double lo, hi;
	fairness_bsic_bounds(ec, t, pk, &lo, &hi);
	/* E[t_H - t_L] = lo and n (q t_H + (1 - q) t_L) = E[C] */
	double low = fairness_expected_cost(ec, t, pm) / t->n - ec->q * lo;
	for (int k = 0; k < t->n; k++) {
		tl[k] = low;
		th[k] = low + lo;
	}
	return hi - lo >= -tol;
}

void fairness_tax_vcg(const struct fairness_econ *ec, const struct fairness_table *t0,
		      const struct fairness_table *t0m, double *th, double *tl)
{
	int n = t0->n;
	for (int k = 0; k < n; k++) {
		double without = fairness_welfare(ec, n - 1, k, &t0m->p[k]);
		/* a high agent in the profile with k + 1 highs, a low one in that with k */
		const struct fairness_point *ph = &t0->p[k + 1], *pl = &t0->p[k];
		th[k] = without - (fairness_welfare(ec, n, k + 1, ph) - val(ec, ph->xh, ec->th));
		tl[k] = without - (fairness_welfare(ec, n, k, pl) - val(ec, pl->xl, ec->tl));
	}
}

double fairness_sd_two(int n, int m, double a, double b)
{
	if (m <= 0 || m >= n)
		return 0;
	return fabs(a - b) * sqrt((double)m * (n - m) / ((double)n * (n - 1)));
}

void fairness_bound_520(const struct fairness_econ *ec, int m, double *a, double *b)
{
	double n = ec->n, th = ec->th, tl = ec->tl, s = th + tl;
	double den = m * tl * tl + (n - m - 1) * th * th;
	*a = den > 0 ? ((n + 1) / s + tl * tl / (s * den)) / 2 : NAN;
	*b = ((n + 1) / s + tl * tl / (s * (n - 1) * th * th)) / 2;
}

/* ---- the end of a positive stretch ---- */

struct sup_ctx {
	double (*f)(double, void *);
	void *ctx;
};

static double sup_f(double x, void *arg)
{
	const struct sup_ctx *s = arg;
	return s->f(x, s->ctx);
}

double fairness_sup_positive(double (*f)(double eps, void *ctx), void *ctx, double cap)
{
	if (!(f(0, ctx) > 0))
		return 0;
	double lo = 0, hi = ldexp(1, -24), fhi = 1;
	while (hi <= cap) {
		fhi = f(hi, ctx);
		if (!(fhi > 0))
			break;
		lo = hi;
		hi *= M_SQRT2;
	}
	if (hi > cap)
		return INFINITY;
	if (fhi < 0) {
		gsl_error_handler_t *old = gsl_set_error_handler_off();
		struct sup_ctx sc = { f, ctx };
		gsl_function fn = { sup_f, &sc };
		gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
		double root = NAN;
		if (s && gsl_root_fsolver_set(s, &fn, lo, hi) == GSL_SUCCESS) {
			for (int it = 0; it < 200; it++) {
				if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS)
					break;
				root = gsl_root_fsolver_root(s);
				if (gsl_root_test_interval(gsl_root_fsolver_x_lower(s),
							   gsl_root_fsolver_x_upper(s), 0,
							   1e-14) == GSL_SUCCESS)
					break;
			}
		}
		gsl_root_fsolver_free(s);
		gsl_set_error_handler(old);
		if (!isnan(root))
			return root;
	}
	for (int it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
		double mid = lo + (hi - lo) / 2;
		if (f(mid, ctx) > 0)
			lo = mid;
		else
			hi = mid;
	}
	return lo + (hi - lo) / 2;
}

/* ---- peak-load pricing ---- */

double fairness_plp_profit(const struct fairness_econ *ec, const double *pm, double pi)
{
	double s = 0, dh = fmax(ec->th - pi, 0), dl = fmax(ec->tl - pi, 0);
	for (int m = 0; m <= ec->n; m++) {
		double y = 2 * (m * dh + (ec->n - m) * dl);
		s += pm[m] * (pi * y - ec->a * y * y);
	}
	return s;
}

double fairness_plp_price(const struct fairness_econ *ec, const double *pm)
{
	double n = ec->n, a = ec->a, d = ec->th - ec->tl, m1 = 0, m2 = 0;
	for (int m = 0; m <= ec->n; m++) {
		m1 += pm[m] * m;
		m2 += pm[m] * (double)m * m;
	}
	/* pi in [thetaL, thetaH]: only high types buy, u = thetaH - pi in [0, d]:
	 * E = 2 (thetaH - u) u m1 - 4 a u^2 m2 */
	double u = m1 + 2 * a * m2 > 0 ? ec->th * m1 / (2 * (m1 + 2 * a * m2)) : 0;
	double p1 = ec->th - fmin(fmax(u, 0), d);
	/* pi in [0, thetaL]: everyone buys, s = thetaL - pi in [0, thetaL]:
	 * E = 2 (thetaL - s)(m1 d + n s) - 4 a (d^2 m2 + 2 d n s m1 + n^2 s^2) */
	double s = (ec->tl * n - m1 * d - 4 * a * d * n * m1) / (2 * n + 4 * a * n * n);
	double p2 = ec->tl - fmin(fmax(s, 0), ec->tl);
	return fairness_plp_profit(ec, pm, p1) >= fairness_plp_profit(ec, pm, p2) ? p1 : p2;
}
