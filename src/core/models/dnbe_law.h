/* dnbe_law: the finite type laws of the DNBE mechanism (paper 002): a supertype is a
 * probability mass function over finitely many cost parameters. Builds the demand-response
 * law the spec reads into the paper's "beta with mean 1 and variance 2": BetaPrime(alpha,
 * beta) fixed by its mean and variance, discretised into bins between quantile levels, each
 * bin represented by its conditional mean (GSL's inverse beta CDF and regularised incomplete
 * beta function do the work). Also point laws, scaled copies (the consistent lie c * delta),
 * moments and draws.
 * A law owns its arrays; dnbe_law_fini frees them. Values are kept strictly increasing:
 * equal values are merged, so the law is a pmf over distinct types, as the tests need.
 * Neighbours: dnbe_dr (expectations over laws), dnbe_mech (draws, test statistics),
 * dnbe.c (builds the laws from the parameters). */
#ifndef TATON_DNBE_LAW_H
#define TATON_DNBE_LAW_H

#include "core/err.h"

struct dnbe_law {
	int k;       /* support size, >= 1 */
	double *v;   /* k values, strictly increasing (owned) */
	double *p;   /* k probabilities, summing to 1 (owned) */
	double *cdf; /* k partial sums, cdf[k - 1] = 1 (owned) */
};

/* The BetaPrime(alpha, beta) law with the given mean and variance (both > 0):
 * beta = 2 + mean (mean + 1) / var, alpha = mean (beta - 1). Always defined and unique. */
void dnbe_law_betaprime(double mean, double var, double *alpha, double *beta);

/* Largest shape parameter accepted: GSL's inverse beta CDF returns NaN from about 1e8 and
 * slows down enormously beyond, so laws narrower than this are refused. */
#define DNBE_LAW_MAX_SHAPE 1e6

/* L = BetaPrime(alpha, beta) (1 < beta, alpha <= DNBE_LAW_MAX_SHAPE) cut at the quantile levels
 * 0 = q_0 < q_1 < ... < q_nbins = 1: bin k has probability q_{k+1} - q_k and value the
 * conditional mean on [Q(q_k), Q(q_{k+1})). 0, or -1 with e (bad levels, or a GSL failure). */
int dnbe_law_discretise(struct dnbe_law *L, double alpha, double beta, const double *levels,
			int nbins, struct err *e);
/* K equiprobable bins of the BetaPrime law with this mean and variance. 0 or -1 with e. */
int dnbe_law_equiprobable(struct dnbe_law *L, double mean, double var, int K, struct err *e);

/* L from k values and probabilities (copied; sorted by value, equal values merged,
 * zero-probability values dropped). Values must be > 0 and probabilities >= 0 with a
 * positive sum (they are normalised). 0 or -1 with e. */
int dnbe_law_init(struct dnbe_law *L, const double *v, const double *p, int k, struct err *e);
/* The point mass at v (> 0). */
void dnbe_law_point(struct dnbe_law *L, double v);
/* dst = the law of c * delta for delta ~ src (c > 0); dst is initialised here. */
void dnbe_law_scaled(struct dnbe_law *dst, const struct dnbe_law *src, double c);
void dnbe_law_copy(struct dnbe_law *dst, const struct dnbe_law *src);
void dnbe_law_fini(struct dnbe_law *L);

/* 1 when a and b have the same values and probabilities (bit for bit). */
int dnbe_law_equal(const struct dnbe_law *a, const struct dnbe_law *b);
/* E[delta^power], e.g. power 1 (mean), -1 (E[1/delta]), -2 (E[1/delta^2]). */
double dnbe_law_moment(const struct dnbe_law *L, double power);
double dnbe_law_var(const struct dnbe_law *L);
/* The index of the bin a uniform u in [0, 1) falls in (inverse CDF). */
int dnbe_law_draw(const struct dnbe_law *L, double u);
/* Index of value v in the support, or -1. */
int dnbe_law_find(const struct dnbe_law *L, double v);

#endif
