/* stats: descriptive statistics over double arrays: histogram (explicit or automatic bins),
 * empirical CDF, quantiles, mean/variance, Gini, running and windowed means.
 * Pure functions; NaN inputs are skipped where stated. Neighbours: series (storage), chart
 * (drawing). */
#ifndef TATON_STATS_H
#define TATON_STATS_H

#include <stddef.h>

struct stats_moments {
	size_t n;
	double mean, var; /* var: unbiased sample variance (0 for n < 2) */
	double min, max;
};

/* Mean/variance/min/max of the finite values (NaN/inf skipped). */
struct stats_moments stats_moments(const double *x, size_t n);
/* Weighted mean of x with weights w (w >= 0); NaN when the total weight is 0. */
double stats_wmean(const double *x, const double *w, size_t n);

/* Welford running accumulator. */
struct stats_running {
	size_t n;
	double mean, m2;
};
void stats_running_push(struct stats_running *r, double x);
double stats_running_var(const struct stats_running *r);

/* Quantile q in [0,1] of x (linear interpolation between order statistics, "type 7").
 * Sorts a private copy; returns NaN for n == 0. */
double stats_quantile(const double *x, size_t n, double q);
/* Same on already sorted data, no copy. */
double stats_quantile_sorted(const double *sorted, size_t n, double q);

/* Gini coefficient of non-negative values (0 = equal). NaN for n == 0 or zero sum. */
double stats_gini(const double *x, size_t n);

/* Histogram. Bins are [edge[i], edge[i+1]); the last bin is closed. Values outside are counted
 * in under/over. */
struct stats_hist {
	size_t nbins;
	double *edges;  /* nbins + 1, owned */
	double *counts; /* nbins, owned (doubles so weights work) */
	double under, over, total;
};
/* `total` sums the weights of every non-NaN value added, under and over included. */
/* Explicit edges (copied; must be strictly increasing, nedges >= 2). Returns -1 on bad edges. */
int stats_hist_init_edges(struct stats_hist *h, const double *edges, size_t nedges);
/* Automatic bins: nbins == 0 chooses by the Freedman-Diaconis rule (Sturges as fallback),
 * clamped to [1, 200]; the range is the data's finite min..max (a constant gets width 1).
 * Only sets the bins: count the data with stats_hist_add_all(). */
void stats_hist_init_auto(struct stats_hist *h, const double *x, size_t n, size_t nbins);
void stats_hist_add(struct stats_hist *h, double x, double weight);
void stats_hist_add_all(struct stats_hist *h, const double *x, size_t n);
void stats_hist_fini(struct stats_hist *h);

/* Empirical CDF: sorted distinct x with cumulative fraction F(x) = P(X <= x). */
struct stats_ecdf {
	size_t n;     /* distinct points */
	double *x;    /* owned */
	double *F;    /* owned */
};
/* From samples (NaN skipped); weights may be NULL (all 1). */
void stats_ecdf_init(struct stats_ecdf *c, const double *x, const double *w, size_t n);
/* Evaluate F at t (right-continuous step). */
double stats_ecdf_eval(const struct stats_ecdf *c, double t);
void stats_ecdf_fini(struct stats_ecdf *c);

/* Mean of the last `window` values of x[0..n) (fewer if n < window). */
double stats_window_mean(const double *x, size_t n, size_t window);

#endif
