/* stats: descriptive statistics over double arrays (moments, weighted mean, quantiles, Gini,
 * histograms, empirical CDF, running and windowed means).
 * Conventions: quantiles are "type 7" (linear interpolation between order statistics);
 * Gini is the population form G = sum_i sum_j |x_i - x_j| / (2 n^2 mean), so {0,0,0,1} gives
 * 0.75 and the maximum is (n-1)/n. NaN values are skipped by moments, quantile, Gini,
 * histogram and ECDF. Neighbours: series (storage), chart (drawing), models. */
#include "core/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

struct stats_moments stats_moments(const double *x, size_t n)
{
	struct stats_moments m = { 0, NAN, 0.0, NAN, NAN };
	struct stats_running r = { 0, 0.0, 0.0 };

	for (size_t i = 0; i < n; i++) {
		if (!isfinite(x[i]))
			continue;
		stats_running_push(&r, x[i]);
		if (r.n == 1 || x[i] < m.min)
			m.min = x[i];
		if (r.n == 1 || x[i] > m.max)
			m.max = x[i];
	}
	m.n = r.n;
	if (r.n > 0)
		m.mean = r.mean;
	m.var = stats_running_var(&r);
	return m;
}

double stats_wmean(const double *x, const double *w, size_t n)
{
	double sw = 0.0, swx = 0.0;

	for (size_t i = 0; i < n; i++) {
		sw += w[i];
		swx += w[i] * x[i];
	}
	return sw > 0.0 ? swx / sw : NAN;
}

void stats_running_push(struct stats_running *r, double x)
{
	double d = x - r->mean;

	r->n++;
	r->mean += d / (double)r->n;
	r->m2 += d * (x - r->mean);
}

double stats_running_var(const struct stats_running *r)
{
	return r->n < 2 ? 0.0 : r->m2 / (double)(r->n - 1);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Copy of the non-NaN values of x, sorted; *m receives their count. Caller frees. */
static double *sorted_copy(const double *x, size_t n, size_t *m)
{
	double *s = xmallocarray(n ? n : 1, sizeof *s);
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (!isnan(x[i]))
			s[k++] = x[i];
	qsort(s, k, sizeof *s, cmp_double);
	*m = k;
	return s;
}

double stats_quantile_sorted(const double *sorted, size_t n, double q)
{
	double h, f;
	size_t lo;

	if (n == 0 || isnan(q))
		return NAN;
	if (q <= 0.0)
		return sorted[0];
	if (q >= 1.0)
		return sorted[n - 1];
	h = q * (double)(n - 1);
	lo = (size_t)floor(h);
	if (lo >= n - 1)
		return sorted[n - 1];
	f = h - (double)lo;
	return sorted[lo] + f * (sorted[lo + 1] - sorted[lo]);
}

double stats_quantile(const double *x, size_t n, double q)
{
	size_t m;
	double *s = sorted_copy(x, n, &m);
	double v = stats_quantile_sorted(s, m, q);

	free(s);
	return v;
}

double stats_gini(const double *x, size_t n)
{
	/* With x sorted ascending (0-based), sum_{i<j} (x_j - x_i) = sum_i x_i (2i - m + 1);
	 * the double sum counts every pair twice, so G = S / (m * sum). O(n log n). */
	size_t m;
	double *s = sorted_copy(x, n, &m);
	double sum = 0.0, acc = 0.0, g;

	for (size_t i = 0; i < m; i++) {
		sum += s[i];
		acc += s[i] * (2.0 * (double)i - (double)m + 1.0);
	}
	free(s);
	if (m == 0 || sum == 0.0)
		return NAN;
	g = acc / ((double)m * sum);
	return g;
}

/* ---- histogram ---- */

int stats_hist_init_edges(struct stats_hist *h, const double *edges, size_t nedges)
{
	memset(h, 0, sizeof *h);
	if (nedges < 2)
		return -1;
	for (size_t i = 0; i < nedges; i++) {
		if (!isfinite(edges[i]))
			return -1;
		if (i > 0 && !(edges[i] > edges[i - 1]))
			return -1;
	}
	h->nbins = nedges - 1;
	h->edges = xmallocarray(nedges, sizeof *h->edges);
	memcpy(h->edges, edges, nedges * sizeof *edges);
	h->counts = xcalloc(h->nbins, sizeof *h->counts);
	return 0;
}

void stats_hist_init_auto(struct stats_hist *h, const double *x, size_t n, size_t nbins)
{
	double lo = 0.0, hi = 0.0, width;
	size_t m = 0;
	double *s = xmallocarray(n ? n : 1, sizeof *s);

	for (size_t i = 0; i < n; i++)
		if (isfinite(x[i]))
			s[m++] = x[i];
	qsort(s, m, sizeof *s, cmp_double);
	if (m > 0) {
		lo = s[0];
		hi = s[m - 1];
	}
	if (!(hi > lo)) {
		/* No data or a constant: one unit centred on the value. */
		lo -= 0.5;
		hi += 0.5;
		if (nbins == 0)
			nbins = 1;
	}
	if (nbins == 0) {
		double iqr = stats_quantile_sorted(s, m, 0.75) - stats_quantile_sorted(s, m, 0.25);
		double bw = 2.0 * iqr / cbrt((double)m);

		if (bw > 0.0)
			nbins = (size_t)fmin(ceil((hi - lo) / bw), 1e6);
		else
			nbins = (size_t)ceil(log2((double)m)) + 1; /* Sturges */
	}
	if (nbins < 1)
		nbins = 1;
	if (nbins > 200)
		nbins = 200;
	free(s);

	memset(h, 0, sizeof *h);
	h->nbins = nbins;
	h->edges = xmallocarray(nbins + 1, sizeof *h->edges);
	h->counts = xcalloc(nbins, sizeof *h->counts);
	width = (hi - lo) / (double)nbins;
	for (size_t i = 0; i < nbins; i++)
		h->edges[i] = lo + width * (double)i;
	h->edges[nbins] = hi; /* exact, so the maximum lands in the closed last bin */
}

void stats_hist_add(struct stats_hist *h, double x, double weight)
{
	size_t lo = 0, hi = h->nbins;

	if (isnan(x))
		return;
	h->total += weight;
	if (x < h->edges[0]) {
		h->under += weight;
		return;
	}
	if (x > h->edges[h->nbins]) {
		h->over += weight;
		return;
	}
	if (x == h->edges[h->nbins]) {
		h->counts[h->nbins - 1] += weight;
		return;
	}
	/* Invariant: edges[lo] <= x < edges[hi]. */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (x < h->edges[mid])
			hi = mid;
		else
			lo = mid;
	}
	h->counts[lo] += weight;
}

void stats_hist_add_all(struct stats_hist *h, const double *x, size_t n)
{
	for (size_t i = 0; i < n; i++)
		stats_hist_add(h, x[i], 1.0);
}

void stats_hist_fini(struct stats_hist *h)
{
	free(h->edges);
	free(h->counts);
	memset(h, 0, sizeof *h);
}

/* ---- empirical CDF ---- */

struct xw {
	double x, w;
};

static int cmp_xw(const void *a, const void *b)
{
	return cmp_double(&((const struct xw *)a)->x, &((const struct xw *)b)->x);
}

void stats_ecdf_init(struct stats_ecdf *c, const double *x, const double *w, size_t n)
{
	struct xw *p = xmallocarray(n ? n : 1, sizeof *p);
	size_t m = 0, k = 0;
	double total = 0.0, acc = 0.0;

	for (size_t i = 0; i < n; i++) {
		if (isnan(x[i]))
			continue;
		p[m].x = x[i];
		p[m].w = w ? w[i] : 1.0;
		total += p[m].w;
		m++;
	}
	qsort(p, m, sizeof *p, cmp_xw);
	c->x = xmallocarray(m ? m : 1, sizeof *c->x);
	c->F = xmallocarray(m ? m : 1, sizeof *c->F);
	for (size_t i = 0; i < m; i++) {
		acc += p[i].w;
		if (i + 1 < m && p[i + 1].x == p[i].x)
			continue; /* merge ties: F jumps once at a distinct point */
		c->x[k] = p[i].x;
		c->F[k] = total > 0.0 ? acc / total : 0.0;
		k++;
	}
	if (k > 0 && total > 0.0)
		c->F[k - 1] = 1.0; /* no rounding shortfall at the top */
	c->n = k;
	free(p);
}

double stats_ecdf_eval(const struct stats_ecdf *c, double t)
{
	size_t lo = 0, hi;

	if (c->n == 0 || isnan(t))
		return NAN;
	if (t < c->x[0])
		return 0.0;
	/* Largest k with x[k] <= t. Invariant: x[lo] <= t < x[hi] (hi = n means +inf). */
	hi = c->n;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (t < c->x[mid])
			hi = mid;
		else
			lo = mid;
	}
	return c->F[lo];
}

void stats_ecdf_fini(struct stats_ecdf *c)
{
	free(c->x);
	free(c->F);
	memset(c, 0, sizeof *c);
}

double stats_window_mean(const double *x, size_t n, size_t window)
{
	size_t k = n < window ? n : window;
	double s = 0.0;

	if (k == 0)
		return NAN;
	for (size_t i = n - k; i < n; i++)
		s += x[i];
	return s / (double)k;
}
