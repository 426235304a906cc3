/* fairness_lp: the tax LP behind the thesis's Fig. 19 (chapter 5, Sec. 7), solved with GLPK:
 *     minimise the expected total tax  n sum_k pk[k] (q t_H(k) + (1 - q) t_L(k))
 *     subject to  BSIC:   lo <= sum_k pk[k] (t_H(k) - t_L(k)) <= hi,
 *                 t >= 0, and the supplier's expected revenue >= E[C],
 * with t_H(k), t_L(k) the taxes of a high / low reporter whose n - 1 others hold k high
 * types, pk = Bin(n - 1, q), [lo, hi] = [E[dv_L], E[dv_H]] (fairness_core). The objective is
 * the expected revenue itself, so every feasible point with revenue E[C] is optimal: the
 * LP is degenerate and the dispersion of the taxes depends on which optimum a solver
 * returns (spec errata E10). fairness_lp_face measures that freedom.
 * Neighbours: fairness_core (the bounds), fairness.c (the `lp` tax rule, describe). */
#ifndef TATON_FAIRNESS_LP_H
#define TATON_FAIRNESS_LP_H

struct fairness_lp {
	int n;            /* agents */
	double q;         /* prior P(high) */
	const double *pk; /* n values, Bin(n - 1, q) (borrowed) */
	double lo, hi;    /* the BSIC interval for E[t_H - t_L] */
	double cost;      /* E[C], the supplier's expected cost */
};

/* The vertex GLPK's primal simplex returns: th[0..n), tl[0..n) and *obj (the minimum
 * expected total tax). 0, or -1 when the LP is infeasible (lo > hi) or GLPK fails. */
int fairness_lp_solve(const struct fairness_lp *lp, double *th, double *tl, double *obj);
/* Over the optimal face (revenue fixed at the optimum obj), the least and the greatest
 * t_H(m - 1) - t_L(m): the spread of the two taxes paid in a profile with m high types
 * (1 <= m <= n - 1). 0, or -1 when GLPK fails, the face is unbounded in that direction
 * (*dmin = -inf or *dmax = +inf then), or the profile's taxes are fixed at 0 because its
 * probability is negligible (NaN then). */
int fairness_lp_face(const struct fairness_lp *lp, double obj, int m, double *dmin,
		     double *dmax);

#endif
