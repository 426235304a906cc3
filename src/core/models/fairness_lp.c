/* fairness_lp: the Fig. 19 tax LP of thesis chapter 5 with GLPK (see fairness_lp.h).
 * Columns 1..n are t_H(0..n-1), n+1..2n are t_L(0..n-1); row 1 is the BSIC interval, row 2
 * the expected revenue (>= E[C] when minimising; fixed at the optimum on the face). Taxes of
 * a count k whose probability pk[k] is below PK_MIN are fixed at 0: they move no expectation
 * beyond rounding, and left free they only add directions of degeneracy and coefficients
 * near the underflow that hurt GLPK's scaling. GLPK's terminal output is switched off during
 * each call (and restored), so nothing is printed. Neighbours: fairness_core, fairness.c. */
#include <math.h>
#include <stdlib.h>

#include <glpk.h>

#include "core/models/fairness_lp.h"
#include "core/xmalloc.h"

#define PK_MIN 1e-14

/* The LP with its two rows and 2n columns; the revenue row is bounded below by `rev`, or
 * fixed at it when `fix`. The objective is left to the caller. */
static glp_prob *build(const struct fairness_lp *lp, double rev, int fix)
{
	int n = lp->n;
	glp_prob *P = glp_create_prob();
	glp_add_rows(P, 2);
	if (lp->lo == lp->hi)
		glp_set_row_bnds(P, 1, GLP_FX, lp->lo, lp->lo);
	else
		glp_set_row_bnds(P, 1, GLP_DB, lp->lo, lp->hi);
	glp_set_row_bnds(P, 2, fix ? GLP_FX : GLP_LO, rev, rev);
	glp_add_cols(P, 2 * n);
	int *ia = xmallocarray(4 * (size_t)n + 1, sizeof *ia);
	int *ja = xmallocarray(4 * (size_t)n + 1, sizeof *ja);
	double *ar = xmallocarray(4 * (size_t)n + 1, sizeof *ar);
	int ne = 0;
	for (int k = 0; k < n; k++) {
		double w = lp->pk[k];
		int keep = w >= PK_MIN;
		for (int h = 0; h < 2; h++) { /* h = 0: t_H(k), 1: t_L(k) */
			int col = 1 + k + h * n;
			glp_set_col_bnds(P, col, keep ? GLP_LO : GLP_FX, 0, 0);
			if (!keep)
				continue;
			double share = h == 0 ? lp->q : 1 - lp->q;
			ne++, ia[ne] = 1, ja[ne] = col, ar[ne] = h == 0 ? w : -w;
			ne++, ia[ne] = 2, ja[ne] = col, ar[ne] = n * w * share;
		}
	}
	glp_load_matrix(P, ne, ia, ja, ar);
	free(ia);
	free(ja);
	free(ar);
	return P;
}

/* Runs the simplex; 0 with an optimum, else -1 (*unbounded set when that is why). */
static int run(glp_prob *P, int *unbounded)
{
	glp_smcp parm;
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	parm.presolve = GLP_OFF;
	int term = glp_term_out(GLP_OFF); /* scaling and the initial basis print otherwise */
	glp_scale_prob(P, GLP_SF_AUTO);
	glp_adv_basis(P, 0);
	int rc = glp_simplex(P, &parm);
	glp_term_out(term);
	*unbounded = 0;
	if (rc != 0)
		return -1;
	int st = glp_get_status(P);
	*unbounded = st == GLP_UNBND;
	return st == GLP_OPT ? 0 : -1;
}

int fairness_lp_solve(const struct fairness_lp *lp, double *th, double *tl, double *obj)
{
	if (!(lp->lo <= lp->hi))
		return -1;
	int n = lp->n, unb;
	glp_prob *P = build(lp, lp->cost, 0);
	glp_set_obj_dir(P, GLP_MIN);
	for (int k = 0; k < n; k++)
		if (lp->pk[k] >= PK_MIN) {
			glp_set_obj_coef(P, 1 + k, n * lp->pk[k] * lp->q);
			glp_set_obj_coef(P, 1 + n + k, n * lp->pk[k] * (1 - lp->q));
		}
	int rc = run(P, &unb);
	if (rc == 0) {
		for (int k = 0; k < n; k++) {
			th[k] = glp_get_col_prim(P, 1 + k);
			tl[k] = glp_get_col_prim(P, 1 + n + k);
		}
		*obj = glp_get_obj_val(P);
	}
	glp_delete_prob(P);
	return rc;
}

/* The optimum of +-(t_H(m-1) - t_L(m)) over the face; 0, or -1 (*v = +inf if unbounded). */
static int face_extreme(const struct fairness_lp *lp, double obj, int m, int dir, double *v)
{
	glp_prob *P = build(lp, obj, 1);
	int unb;
	glp_set_obj_dir(P, dir > 0 ? GLP_MAX : GLP_MIN);
	glp_set_obj_coef(P, m, 1);                /* t_H(m - 1) */
	glp_set_obj_coef(P, 1 + lp->n + m, -1);   /* t_L(m) */
	int rc = run(P, &unb);
	*v = rc == 0 ? glp_get_obj_val(P) : unb ? dir * INFINITY : NAN;
	glp_delete_prob(P);
	return rc;
}

int fairness_lp_face(const struct fairness_lp *lp, double obj, int m, double *dmin,
		     double *dmax)
{
	*dmin = *dmax = NAN;
	if (m < 1 || m > lp->n - 1 || !(lp->lo <= lp->hi) || lp->pk[m - 1] < PK_MIN ||
	    lp->pk[m] < PK_MIN)
		return -1;
	int a = face_extreme(lp, obj, m, -1, dmin);
	int b = face_extreme(lp, obj, m, +1, dmax);
	return a == 0 && b == 0 ? 0 : -1;
}
