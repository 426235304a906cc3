/* dnbe_dr: the mathematics of the demand-response market of paper 002 (Section IV): n
 * providers with curtailment cost delta_i x^2 / 2 and a reserve generator with cost
 * delta_s g^2 / 2 cover a shortage d. Optimal dispatch in closed form; the expected optimal
 * cost C*(theta) and the expected cost shares the mechanism's payments need, as one-
 * dimensional integrals evaluated by GSL's adaptive quadrature; the posted-price benchmark
 * (p*, E[SC(p)]) in closed form; Figs 2-4 as curves; the exact long-run utility of a
 * provider who lies consistently (reports c * delta) and its best response c.
 *
 * Expectations (spec §4): with phi_k(u) = E[exp(-u / delta_k)],
 *   C*(theta) = (d^2 / 2) int_0^inf prod_k phi_k(u) du   (k over providers and reserve),
 *   E[f(delta_i) x_i^2] = d^2 int_0^inf u E[f(delta_i) exp(-u / delta_i) / delta_i^2]
 *                          prod_{k != i} phi_k(u) du,
 * exact for any discrete laws (1/S = int e^{-uS} du, 1/S^2 = int u e^{-uS} du). Providers
 * with the same law form a group, so a population of 1000 identical providers costs one
 * factor phi^1000. The shortage d is a constant (E[d^2] = d^2).
 * A quadrature that misses its tolerance is counted in struct dnbe_dr_quad (the model
 * reports it with model_warn); the result is still GSL's best estimate.
 * Neighbours: dnbe_law (laws), dnbe.c (the model), dnbe_mech (runs the days with
 * dnbe_dr_dispatch). */
#ifndef TATON_DNBE_DR_H
#define TATON_DNBE_DR_H

#include <gsl/gsl_integration.h>

#include "core/err.h"
#include "core/models/dnbe_law.h"

/* Quadrature context: a GSL workspace reused by every integral, and a record of failures. */
struct dnbe_dr_quad {
	gsl_integration_workspace *w;
	int fails;     /* integrals that stopped without meeting the tolerance */
	char msg[200]; /* the first such failure */
};
void dnbe_dr_quad_init(struct dnbe_dr_quad *q);
void dnbe_dr_quad_fini(struct dnbe_dr_quad *q);

/* A population: groups of providers with the same bid law, and the reserve. */
struct dnbe_dr_pop {
	int ng;
	const struct dnbe_law **law;     /* ng borrowed laws (array owned) */
	double *mult;                    /* providers in each group (owned) */
	const struct dnbe_law *reserve;  /* borrowed */
	double d;                        /* the shortage */
};
void dnbe_dr_pop_init(struct dnbe_dr_pop *P, const struct dnbe_law *reserve, double d);
/* Adds m providers with law L (borrowed: it must outlive P); merges with an equal law.
 * Returns the group index. */
int dnbe_dr_pop_add(struct dnbe_dr_pop *P, const struct dnbe_law *L, double m);
void dnbe_dr_pop_fini(struct dnbe_dr_pop *P);

/* C* of the population (ex < 0) or of the population without one member of group ex
 * (C*(theta_{-i}) for a provider i of that group). */
double dnbe_dr_cstar(struct dnbe_dr_quad *q, const struct dnbe_dr_pop *P, int ex);
/* E[f(delta_i) x_i^2] for a provider i of group g, given through
 * omega[k] = p_k f(v_k) / v_k^2 over the bins of its law. */
double dnbe_dr_moment(struct dnbe_dr_quad *q, const struct dnbe_dr_pop *P, int g,
		      const double *omega);
/* E[delta_i x_i^2 / 2] for a provider of group g who reports truthfully from its law. */
double dnbe_dr_cost_share(struct dnbe_dr_quad *q, const struct dnbe_dr_pop *P, int g);
/* Exact long-run utility of a provider of group g (bid law P->law[g]) whose true type is
 * tv[k] when it reports bin k, the others reporting from their bid laws independently:
 *   C*(theta^_{-i}) - C*(theta^) + E[(delta^_i - delta_i) x_i^2 / 2].
 * tv = the law's values gives the truthful (individually rational) level. */
double dnbe_dr_utility(struct dnbe_dr_quad *q, const struct dnbe_dr_pop *P, int g,
		       const double *tv);

/* The day's dispatch for reported inverse types inv[i] = 1/delta^_i and reserve 1/delta_s:
 * lambda = d / (sum inv + inv_s), x_i = lambda inv[i], g = lambda inv_s. Returns lambda. */
double dnbe_dr_dispatch(int n, const double *inv, double inv_s, double d, double *x,
			double *g);

/* The posted-price benchmark for true laws: providers curtail x_i = p / delta_i, the
 * reserve buys g = d - sum x_i. E[SC(p)] = p^2 S1 / 2 + (m_s / 2)(d^2 - 2 d p S1 + p^2 S2)
 * with a_i = E[1/delta_i], b_i = E[1/delta_i^2], S1 = sum a_i,
 * S2 = sum b_i + S1^2 - sum a_i^2, m_s = E[delta_s]; minimal at
 * p* = m_s d S1 / (S1 + m_s S2). */
struct dnbe_dr_posted {
	double S1, S2, ms, d;
	double pstar, cost_min;
};
void dnbe_dr_posted(const struct dnbe_dr_pop *truth, struct dnbe_dr_posted *pp);
double dnbe_dr_posted_cost(const struct dnbe_dr_posted *pp, double price);

/* Fig. 2: C* with n = 0..nmax providers of law prov (y has nmax + 1 entries). */
void dnbe_dr_fig2(struct dnbe_dr_quad *q, const struct dnbe_law *prov,
		  const struct dnbe_law *reserve, double d, int nmax, double *y);
/* Fig. 3: the average payment received by a provider with the fixed cost `fixed` among
 * n - 1 others whose law has mean means[j] and variance var (K equiprobable bins):
 * C*(theta_{-i}) - C*(theta) + E[fixed x_i^2 / 2], for j = 0..nm-1. 0 or -1 with e. */
int dnbe_dr_fig3(struct dnbe_dr_quad *q, const struct dnbe_law *reserve, double d, int n,
		 double var, int K, double fixed, const double *means, int nm, double *y,
		 struct err *e);

/* The consistent-lie game: n providers share the true law `truth`; provider j reports
 * c[j] * delta_j and bids the law of c[j] delta. The long-run utility of provider i when it
 * uses ci instead of c[i], minus the term C*(theta^_{-i}) that does not depend on ci. */
double dnbe_dr_lie_gain(struct dnbe_dr_quad *q, const struct dnbe_law *truth,
			const struct dnbe_law *reserve, double d, int n, const double *c, int i,
			double ci);
/* Same plus C*(theta^_{-i}): the exact utility itself. */
double dnbe_dr_lie_utility(struct dnbe_dr_quad *q, const struct dnbe_law *truth,
			   const struct dnbe_law *reserve, double d, int n, const double *c,
			   int i, double ci);
/* Provider i's best response: argmax over ci in [lo, hi] of its exact utility, by a scan
 * of a logarithmic grid and GSL's Brent minimiser in the best cell. Returns 0, or 1 when
 * the minimiser stopped without meeting its tolerance (the best point so far is returned);
 * a maximum at an end of [lo, hi] is returned as that end. */
int dnbe_dr_lie_best(struct dnbe_dr_quad *q, const struct dnbe_law *truth,
		     const struct dnbe_law *reserve, double d, int n, const double *c, int i,
		     double lo, double hi, double *best);

#endif
