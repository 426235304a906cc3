/* ttp_lp: the LP relaxation [P] of paper 004 (divisible permits) and its duals, by GLPK's
 * primal simplex:
 *   max  sum_n P(n) sum_i v_i(n) y_i(n)
 *   s.t. y_i(n) + z_i(n) - z_i(parent(n)) <= [n is the root]   [P(n) psi_i(n)]
 *        sum_i y_i(n) <= mu(t_n)                                [P(n) p(n)]
 *        y, z >= 0, z only at internal nodes.
 * Rows are not scaled by P(n); their duals are divided by P(n) afterwards, so p(n) is a price
 * per permit at node n and psi_i(n) buyer i's option value there. Weak duality: the value is
 * at least the DP optimum [P0]; equality holds iff some price system supports a whole-permit
 * assignment (spec Errata E1, E3). The duals are the vertex GLPK's simplex stops at; optimal
 * prices are not unique in general.
 * Limit: [P] has (nodes + internal nodes) x buyers variables and is highly degenerate; GLPK's
 * simplex needs about a second at 5 000 variables and tens of seconds at 15 000, so trees
 * beyond TTP_LP_MAX_VARS are refused with a message rather than left to stall.
 * Neighbours: ttp_tree (the tree), ttp (the model). GLPK prints nothing (terminal output off
 * during the solve). */
#ifndef TATON_TTP_LP_H
#define TATON_TTP_LP_H

#include "core/err.h"
#include "core/models/ttp_tree.h"

#define TTP_LP_MAX_VARS 8000

struct ttp_lp {
	double value; /* optimum of [P] */
	double *y;    /* n * nb: the (possibly fractional) assignment y_i(n) */
	double *p;    /* n: price p(n) */
	double *psi;  /* n * nb: option value psi_i(n) */
};

/* The number of variables of [P] for tr. */
long ttp_lp_vars(const struct ttp_tree *tr);
/* Solves [P] for capacities mu (T + 1 values). -1 with e when the LP has more than
 * TTP_LP_MAX_VARS variables or GLPK fails (a message with GLPK's status). */
int ttp_lp_solve(struct ttp_lp *lp, const struct ttp_tree *tr, const int *mu, struct err *e);
void ttp_lp_fini(struct ttp_lp *lp);

#endif
