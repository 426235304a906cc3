/* fairness_core: what thesis chapter 5 derives from the designer's allocation (tables of
 * fairness_alloc): the incentive conditions, the taxes and the dispersion of a type profile.
 *
 * Indexing: an agent whose n - 1 others hold k high types (k = 0..n-1) gets
 * xh(k + 1) when it reports high and xl(k) when it reports low. Tax rules are given as
 * th[k], tl[k]: what a high / low reporter pays when the others hold k high types, so in a
 * profile with m high types the high agents pay th[m - 1] and the low agents tl[m].
 *
 * Incentive conditions:
 *   dsic term  (5.22) A_HH + A_LL - A_HL - A_LH at k, with A_ab = v(x of report a; theta_b);
 *              DSIC (and ex-post IR) taxes exist iff it is >= 0 for every k (Lemma 9.1);
 *   BSIC       for symmetric taxes with k ~ Bin(n - 1, q): E[dv_L] <= E[t_H - t_L] <= E[dv_H],
 *              dv_theta = v(xh(k + 1); theta) - v(xl(k); theta) (the spec's reading of (5.37));
 *   H(eps)     (5.12) literally: the sum of the agents' utilities only, supply cost excluded.
 * Tax rules: dsic (every agent pays the low type's value of its bundle: L's DSIC and IR
 * bind), bsic (k-independent, L's BSIC binds, expected revenue = expected supply cost; the
 * spec's canonical replacement for Fig. 19), vcg (Clarke pivot at eps = 0, supply cost
 * included; needs a table of n - 1 agents).
 * Neighbours: fairness_alloc (tables), fairness_lp (the thesis's LP), fairness.c. */
#ifndef TATON_FAIRNESS_CORE_H
#define TATON_FAIRNESS_CORE_H

#include "core/models/fairness_alloc.h"

/* (5.22) at k for the table's eps. */
double fairness_dsic_term(const struct fairness_econ *ec, const struct fairness_table *t, int k);
/* min over k of (5.22). */
double fairness_dsic_margin(const struct fairness_econ *ec, const struct fairness_table *t);

/* w[0..n] = the Binomial(n, q) probabilities. */
void fairness_binom(int n, double q, double *w);

/* E[dv_L] (lo) and E[dv_H] (hi) under pk = Bin(n - 1, q) (n values). */
void fairness_bsic_bounds(const struct fairness_econ *ec, const struct fairness_table *t,
			  const double *pk, double *lo, double *hi);
/* H(eps) of (5.12a) under pk. */
double fairness_h(const struct fairness_econ *ec, const struct fairness_table *t,
		  const double *pk);
/* E[C(y(m))] under pm = Bin(n, q) (n + 1 values); 0 for the linear example. */
double fairness_expected_cost(const struct fairness_econ *ec, const struct fairness_table *t,
			      const double *pm);

/* Tax rules into th[0..n), tl[0..n). Each returns 1 when the taxes are incentive compatible
 * (DSIC for dsic, BSIC for bsic; tolerance tol on the margin), else 0 (taxes still filled). */
int fairness_tax_dsic(const struct fairness_econ *ec, const struct fairness_table *t,
		      double tol, double *th, double *tl);
int fairness_tax_bsic(const struct fairness_econ *ec, const struct fairness_table *t,
		      const double *pk, const double *pm, double tol, double *th, double *tl);
/* t0 = the eps = 0 table of n agents, t0m = of n - 1 agents. Always compatible (DSIC). */
void fairness_tax_vcg(const struct fairness_econ *ec, const struct fairness_table *t0,
		      const struct fairness_table *t0m, double *th, double *tl);

/* Sample standard deviation of a profile with m values a and n - m values b (0 when
 * m = 0 or n): |a - b| sqrt(m (n - m) / (n (n - 1))). */
double fairness_sd_two(int n, int m, double a, double b);

/* (5.20a) at m (a) and (5.20b) (b): the thesis's bound on eps for the linear example. */
void fairness_bound_520(const struct fairness_econ *ec, int m, double *a, double *b);

/* sup{eps : f > 0 on [0, eps]} for a margin f with f(0) > 0: a geometric scan from
 * 2^-24 (ratio sqrt 2) up to cap brackets the first eps with f <= 0, then GSL's Brent
 * solver finds the root when f changes sign there, or bisection finds the end of the
 * positive stretch when f is exactly 0 beyond it (a plateau Brent cannot bracket).
 * Returns 0 when f(0) <= 0 and +inf when f stays positive up to cap. */
double fairness_sup_positive(double (*f)(double eps, void *ctx), void *ctx, double cap);

/* The peak-load pricing baseline of Sec. 7 in its natural reading (spec errata E10): the
 * supplier sets the price pi maximising E[pi Y - a Y^2], users buy x = 2 (theta - pi)^+
 * (must-run 0), m ~ pm = Bin(n, q). Returns pi (a closed form per price range). */
double fairness_plp_price(const struct fairness_econ *ec, const double *pm);
/* E[pi Y - a Y^2] at price pi under pm (the supplier's expected profit). */
double fairness_plp_profit(const struct fairness_econ *ec, const double *pm, double pi);

#endif
