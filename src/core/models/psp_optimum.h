/* psp_optimum: the efficient benchmark of the data exchange (spec §4). Data is homogeneous
 * and there are no network constraints, so the welfare optimum pools all sellers: the
 * clearing price u* = inf{u >= 0 : D(u) <= S(u)}, with D(u) = sum_i theta_i'^{-1}(u) the
 * buyers' demand and S(u) = the data of the sellers whose reserve is at most u; each buyer
 * gets x_i* = its demand at u* (step buyers priced exactly at u* share what is left in
 * proportion to their needs), and W* = sum_i theta_i(x_i*). With one common reserve this
 * is the spec's "u* solves sum_i D_i (1 - u/kappa_i)^+ = S, u* = reserve if the demand at
 * the reserve fits". D is piecewise linear (linear buyers) or a step function, so u* is
 * found exactly between consecutive breakpoints (a closed form, hence no solver library).
 * Neighbours: psp_reply (valuations), psp.c (describe, series references). */
#ifndef TATON_PSP_OPTIMUM_H
#define TATON_PSP_OPTIMUM_H

#include "core/models/psp_reply.h"

struct psp_optimum {
	double u;    /* clearing price u* */
	double W;    /* welfare sum_i theta_i(x_i*) */
	double sold; /* sum_i x_i* */
	double demand_at_reserve; /* D at the lowest reserve */
};

/* The optimum for nb buyers (their valuations, held data ignored) and ns sellers (data,
 * reserve); x (nb values) receives x*. */
void psp_optimum_solve(const struct psp_val *val, int nb, const double *data,
		       const double *reserve, int ns, double *x, struct psp_optimum *out);
/* A buyer's demand at price u: sup{x : theta'(x) > u}. */
double psp_optimum_demand(const struct psp_val *v, double u);

#endif
