/* ttp_lp: [P] of paper 004 for GLPK's primal simplex; see ttp_lp.h. Columns: y_i(n) for every
 * node (1 + n*nb + i), then z_i(n) for the internal nodes; rows: the opportunity row of
 * (n, i) (1 + n*nb + i), then the capacity row of n. Neighbours: ttp (the model). */
#include "core/models/ttp_lp.h"

#include <glpk.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

/* Variables and the duals of <= rows of a maximisation are >= 0; the simplex may return
 * -1e-17 or -0 for a 0. */
static double nonneg(double x) { return x > 0 ? x : 0; }

struct triplets {
	int n;
	int *ia, *ja; /* 1-based, as glp_load_matrix wants */
	double *ar;
};

static void put(struct triplets *m, int row, int col, double v)
{
	m->n++;
	m->ia[m->n] = row;
	m->ja[m->n] = col;
	m->ar[m->n] = v;
}

static int simplex(glp_prob *P, struct err *e)
{
	glp_smcp parm;
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	int ret = glp_simplex(P, &parm), status = glp_get_status(P);
	if (ret != 0 || status != GLP_OPT)
		return err_set(e, "the LP relaxation was not solved: GLPK simplex returned %d with "
				  "status %d (optimal is %d)", ret, status, GLP_OPT);
	return 0;
}

static void alloc_out(struct ttp_lp *lp, const struct ttp_tree *tr)
{
	size_t cells = (size_t)tr->n * (size_t)tr->nb;
	lp->y = xcalloc(cells, sizeof *lp->y);
	lp->psi = xcalloc(cells, sizeof *lp->psi);
	lp->p = xcalloc((size_t)tr->n, sizeof *lp->p);
}

static void build_direct(glp_prob *P, const struct ttp_tree *tr, const int *mu, int nint)
{
	int n = tr->n, nb = tr->nb, nopp = n * nb;
	glp_set_obj_dir(P, GLP_MAX);
	glp_add_rows(P, nopp + n);
	glp_add_cols(P, nopp + nint * nb);
	for (int k = 0; k < n; k++) {
		for (int i = 0; i < nb; i++) {
			glp_set_row_bnds(P, 1 + k * nb + i, GLP_UP, 0, k == 0 ? 1 : 0);
			glp_set_col_bnds(P, 1 + k * nb + i, GLP_LO, 0, 0);
			glp_set_obj_coef(P, 1 + k * nb + i, tr->P[k] * tr->v[k * nb + i]);
			if (k < nint)
				glp_set_col_bnds(P, 1 + nopp + k * nb + i, GLP_LO, 0, 0);
		}
		glp_set_row_bnds(P, 1 + nopp + k, GLP_UP, 0, mu[tr->t[k]]);
	}
	size_t cap = (size_t)nopp * 4 + 1;
	struct triplets m = {
		.ia = xmallocarray(cap, sizeof *m.ia),
		.ja = xmallocarray(cap, sizeof *m.ja),
		.ar = xmallocarray(cap, sizeof *m.ar),
	};
	for (int k = 0; k < n; k++) {
		for (int i = 0; i < nb; i++) {
			int row = 1 + k * nb + i;
			put(&m, row, 1 + k * nb + i, 1);
			if (k < nint)
				put(&m, row, 1 + nopp + k * nb + i, 1);
			if (k > 0)
				put(&m, row, 1 + nopp + tr->parent[k] * nb + i, -1);
			put(&m, 1 + nopp + k, 1 + k * nb + i, 1);
		}
	}
	glp_load_matrix(P, m.n, m.ia, m.ja, m.ar);
	free(m.ia);
	free(m.ja);
	free(m.ar);
}

static int solve_direct(struct ttp_lp *lp, const struct ttp_tree *tr, const int *mu,
			glp_prob *P, struct err *e)
{
	int n = tr->n, nb = tr->nb;
	build_direct(P, tr, mu, tr->layer[tr->T]);
	glp_scale_prob(P, GLP_SF_AUTO);
	if (simplex(P, e) < 0)
		return -1;
	alloc_out(lp, tr);
	lp->value = glp_get_obj_val(P);
	for (int k = 0; k < n; k++) {
		for (int i = 0; i < nb; i++) {
			lp->y[k * nb + i] = nonneg(glp_get_col_prim(P, 1 + k * nb + i));
			lp->psi[k * nb + i] = nonneg(glp_get_row_dual(P, 1 + k * nb + i) / tr->P[k]);
		}
		lp->p[k] = nonneg(glp_get_row_dual(P, 1 + n * nb + k) / tr->P[k]);
	}
	return 0;
}

long ttp_lp_vars(const struct ttp_tree *tr)
{
	return (long)(tr->n + tr->layer[tr->T]) * tr->nb;
}

int ttp_lp_solve(struct ttp_lp *lp, const struct ttp_tree *tr, const int *mu, struct err *e)
{
	memset(lp, 0, sizeof *lp);
	if (ttp_lp_vars(tr) > TTP_LP_MAX_VARS)
		return err_set(e, "the LP relaxation would have %ld variables ((nodes + internal "
				  "nodes) x buyers): at most %d, as GLPK's simplex takes tens of "
				  "seconds beyond (use fewer buyers or a smaller tree)",
			       ttp_lp_vars(tr), TTP_LP_MAX_VARS);
	int term = glp_term_out(GLP_OFF);
	glp_prob *P = glp_create_prob();
	int rc = solve_direct(lp, tr, mu, P, e);
	glp_delete_prob(P);
	glp_term_out(term);
	if (rc < 0)
		ttp_lp_fini(lp);
	return rc;
}

void ttp_lp_fini(struct ttp_lp *lp)
{
	free(lp->y);
	free(lp->p);
	free(lp->psi);
	memset(lp, 0, sizeof *lp);
}
