/* dnbe_law: finite type laws and the discretised BetaPrime law (see dnbe_law.h).
 * The BetaPrime CDF is F(x; a, b) = I_{x/(1+x)}(a, b), so a quantile is y / (1 - y) with
 * y = gsl_cdf_beta_Pinv(q, a, b), and the partial expectation uses
 * x f(x; a, b) = mean f(x; a + 1, b - 1): the conditional mean of a bin is
 * mean [I_{y_{k+1}}(a + 1, b - 1) - I_{y_k}(a + 1, b - 1)] / (q_{k+1} - q_k), with
 * gsl_sf_beta_inc. The last bin's upper edge is y = 1 (I = 1) and the first's lower edge
 * y = 0 (I = 0), so no infinite quantile is ever formed.
 * Neighbours: dnbe_dr, dnbe_mech, dnbe.c. */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/models/dnbe_law.h"
#include "core/xmalloc.h"

void dnbe_law_betaprime(double mean, double var, double *alpha, double *beta)
{
	*beta = 2 + mean * (mean + 1) / var;
	*alpha = mean * (*beta - 1);
}

static void alloc_law(struct dnbe_law *L, int k)
{
	L->k = k;
	L->v = xcalloc((size_t)k, sizeof *L->v);
	L->p = xcalloc((size_t)k, sizeof *L->p);
	L->cdf = xcalloc((size_t)k, sizeof *L->cdf);
}

static void fill_cdf(struct dnbe_law *L)
{
	double s = 0;
	for (int i = 0; i < L->k; i++) {
		s += L->p[i];
		L->cdf[i] = s;
	}
	L->cdf[L->k - 1] = 1;
}

/* I_y(a, b) with the ends exact; a GSL failure leaves a NaN that the caller reports. */
static double ibeta(double a, double b, double y)
{
	if (y <= 0)
		return 0;
	if (y >= 1)
		return 1;
	gsl_sf_result r;
	if (gsl_sf_beta_inc_e(a, b, y, &r) != GSL_SUCCESS)
		return NAN;
	return r.val;
}

int dnbe_law_discretise(struct dnbe_law *L, double alpha, double beta, const double *levels,
			int nbins, struct err *e)
{
	memset(L, 0, sizeof *L);
	if (!(alpha > 0) || !(beta > 1))
		return err_set(e, "BetaPrime(%g, %g): need alpha > 0 and beta > 1 (a finite mean)",
			       alpha, beta);
	if (alpha > DNBE_LAW_MAX_SHAPE || beta > DNBE_LAW_MAX_SHAPE)
		return err_set(e, "BetaPrime(%g, %g) is too concentrated: the shapes must stay "
				  "below %g (a larger variance)", alpha, beta, DNBE_LAW_MAX_SHAPE);
	if (nbins < 1 || levels[0] != 0 || levels[nbins] != 1)
		return err_set(e, "quantile levels must run from 0 to 1");
	for (int k = 0; k < nbins; k++)
		if (!(levels[k + 1] > levels[k]))
			return err_set(e, "quantile levels must increase strictly (level %d)", k + 1);
	double mean = alpha / (beta - 1);
	gsl_error_handler_t *old = gsl_set_error_handler_off();
	double *v = xmallocarray((size_t)nbins, sizeof *v);
	double *p = xmallocarray((size_t)nbins, sizeof *p);
	double lo = 0; /* I_{y_k}(alpha + 1, beta - 1) at the current lower edge */
	int bad = 0;
	for (int k = 0; k < nbins; k++) {
		double q = levels[k + 1];
		double y = q >= 1 ? 1 : gsl_cdf_beta_Pinv(q, alpha, beta);
		double hi = ibeta(alpha + 1, beta - 1, y);
		p[k] = q - levels[k];
		v[k] = mean * (hi - lo) / p[k];
		bad |= !(v[k] > 0) || !isfinite(v[k]);
		lo = hi;
	}
	gsl_set_error_handler(old);
	int rc = bad ? err_set(e, "BetaPrime(%g, %g): a bin's conditional mean is not a "
				  "positive number in double precision (its quantiles underflow)",
			       alpha, beta)
		     : dnbe_law_init(L, v, p, nbins, e);
	free(v);
	free(p);
	return rc;
}

int dnbe_law_equiprobable(struct dnbe_law *L, double mean, double var, int K, struct err *e)
{
	double a, b;
	if (!(mean > 0) || !(var > 0) || K < 1) {
		memset(L, 0, sizeof *L);
		return err_set(e, "type law: need mean > 0, var > 0 and K >= 1");
	}
	dnbe_law_betaprime(mean, var, &a, &b);
	double *lev = xmallocarray((size_t)K + 1, sizeof *lev);
	for (int k = 0; k <= K; k++)
		lev[k] = (double)k / K;
	int rc = dnbe_law_discretise(L, a, b, lev, K, e);
	free(lev);
	return rc;
}

struct vp {
	double v, p;
};

static int cmp_vp(const void *a, const void *b)
{
	double x = ((const struct vp *)a)->v, y = ((const struct vp *)b)->v;
	return (x > y) - (x < y);
}

int dnbe_law_init(struct dnbe_law *L, const double *v, const double *p, int k, struct err *e)
{
	memset(L, 0, sizeof *L);
	double sum = 0;
	for (int i = 0; i < k; i++) {
		if (!(v[i] > 0) || !isfinite(v[i]))
			return err_set(e, "type value %d is %g: types must be positive and finite",
				       i + 1, v[i]);
		if (!(p[i] >= 0) || !isfinite(p[i]))
			return err_set(e, "probability %d is %g: must be >= 0", i + 1, p[i]);
		sum += p[i];
	}
	if (k < 1 || !(sum > 0))
		return err_set(e, "a type law needs at least one value of positive probability");
	struct vp *t = xmallocarray((size_t)k, sizeof *t);
	int m = 0;
	for (int i = 0; i < k; i++)
		if (p[i] > 0)
			t[m++] = (struct vp){ v[i], p[i] / sum };
	qsort(t, (size_t)m, sizeof *t, cmp_vp);
	int u = 0;
	for (int i = 0; i < m; i++) {
		if (u > 0 && t[u - 1].v == t[i].v)
			t[u - 1].p += t[i].p;
		else
			t[u++] = t[i];
	}
	alloc_law(L, u);
	for (int i = 0; i < u; i++) {
		L->v[i] = t[i].v;
		L->p[i] = t[i].p;
	}
	free(t);
	fill_cdf(L);
	return 0;
}

void dnbe_law_point(struct dnbe_law *L, double v)
{
	alloc_law(L, 1);
	L->v[0] = v;
	L->p[0] = 1;
	fill_cdf(L);
}

void dnbe_law_scaled(struct dnbe_law *dst, const struct dnbe_law *src, double c)
{
	dnbe_law_copy(dst, src);
	for (int i = 0; i < dst->k; i++)
		dst->v[i] *= c;
}

void dnbe_law_copy(struct dnbe_law *dst, const struct dnbe_law *src)
{
	alloc_law(dst, src->k);
	memcpy(dst->v, src->v, (size_t)src->k * sizeof *dst->v);
	memcpy(dst->p, src->p, (size_t)src->k * sizeof *dst->p);
	memcpy(dst->cdf, src->cdf, (size_t)src->k * sizeof *dst->cdf);
}

void dnbe_law_fini(struct dnbe_law *L)
{
	free(L->v);
	free(L->p);
	free(L->cdf);
	memset(L, 0, sizeof *L);
}

int dnbe_law_equal(const struct dnbe_law *a, const struct dnbe_law *b)
{
	return a->k == b->k && memcmp(a->v, b->v, (size_t)a->k * sizeof *a->v) == 0 &&
	       memcmp(a->p, b->p, (size_t)a->k * sizeof *a->p) == 0;
}

double dnbe_law_moment(const struct dnbe_law *L, double power)
{
	double s = 0;
	for (int i = 0; i < L->k; i++)
		s += L->p[i] * pow(L->v[i], power);
	return s;
}

double dnbe_law_var(const struct dnbe_law *L)
{
	double m = dnbe_law_moment(L, 1), s = 0;
	for (int i = 0; i < L->k; i++)
		s += L->p[i] * (L->v[i] - m) * (L->v[i] - m);
	return s;
}

int dnbe_law_draw(const struct dnbe_law *L, double u)
{
	int lo = 0, hi = L->k - 1; /* first i with u < cdf[i] */
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (u < L->cdf[mid])
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

int dnbe_law_find(const struct dnbe_law *L, double v)
{
	for (int i = 0; i < L->k; i++)
		if (L->v[i] == v)
			return i;
	return -1;
}
