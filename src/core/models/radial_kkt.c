/* radial_kkt: the centralised problem of thesis chapters 1-3 and its multipliers, and the
 * equilibrium message built from them (see radial_core.h).
 * The problem is max sum_i v_i(x_i) s.t. A x <= c, x >= 0 with separable strictly concave
 * v (log or quadratic); multicast adds the group maxima m_k^l as variables ((CP), (C2)-(C3)
 * of ch. 2, duals lambda and mu); a degenerate general instance is solved in the reduced
 * group coordinates (ch. 3, (C2c)). Neither GLPK (linear only) nor GSL has a solver for a
 * concave programme with inequality constraints, so this file carries a small primal-dual
 * interior-point method (Newton on the perturbed KKT system, the normal equations
 * factored by GSL's Cholesky); the multipliers of the equality rows of a degenerate
 * instance are not unique and are taken as GLPK's solution of the LP "least total
 * multiplier that balances each agent's marginal value" (which gives the thesis's
 * convention, one multiplier of each pair at 0).
 * Neighbours: radial_core (instance), radial.c (describe, initial message). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glpk.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_errno.h>

#include "core/models/radial_core.h"
#include "core/xmalloc.h"

#define IPM_MAX_ITER 300
#define IPM_TOL 1e-14

static double fprime(int kind, double w, double b, double z)
{
	return kind == 1 ? w / (1 + z) : kind == 2 ? w - b * z : 0;
}

static double fsecond(int kind, double w, double b, double z)
{
	return kind == 1 ? -w / ((1 + z) * (1 + z)) : kind == 2 ? -b : 0;
}

/* Largest step in (0, 1] keeping v + t dv > 0 (fraction 0.995 of the way to the bound). */
static double max_step(const double *v, const double *dv, int n, double t)
{
	for (int k = 0; k < n; k++)
		if (dv[k] < 0)
			t = fmin(t, -0.995 * v[k] / dv[k]);
	return t;
}

int radial_ipm(int nv, const int *kind, const double *fw, const double *fb, int nr,
	       const double *G, const double *h, double *z, double *lam, double *resid)
{
	double *s = xmallocarray((size_t)nr, sizeof *s), *nu = xmallocarray((size_t)nv, sizeof *nu);
	double *F1 = xmallocarray((size_t)nv, sizeof *F1), *F2 = xmallocarray((size_t)nr, sizeof *F2);
	double *dz = xmallocarray((size_t)nv, sizeof *dz), *ds = xmallocarray((size_t)nr, sizeof *ds);
	double *dl = xmallocarray((size_t)nr, sizeof *dl), *dn = xmallocarray((size_t)nv, sizeof *dn);
	double *t = xmallocarray((size_t)nr, sizeof *t);
	gsl_matrix *M = gsl_matrix_alloc((size_t)nv, (size_t)nv);
	gsl_vector *rhs = gsl_vector_alloc((size_t)nv), *sol = gsl_vector_alloc((size_t)nv);
	gsl_error_handler_t *old = gsl_set_error_handler_off();
	double hscale = 1;
	for (int l = 0; l < nr; l++)
		hscale = fmax(hscale, fabs(h[l]));
	for (int j = 0; j < nv; j++) {
		z[j] = 0.1 * hscale / nv;
		nu[j] = 1;
	}
	for (int l = 0; l < nr; l++) {
		double gz = 0;
		for (int j = 0; j < nv; j++)
			gz += G[(size_t)l * nv + j] * z[j];
		s[l] = fmax(h[l] - gz, 1);
		lam[l] = 1;
	}
	int it, ok = 0;
	double res = INFINITY;
	for (it = 0; it < IPM_MAX_ITER; it++) {
		double dscale = 1, rd = 0, rp = 0, mu = 0;
		for (int j = 0; j < nv; j++) {
			double f = fprime(kind[j], fw[j], fb[j], z[j]);
			dscale = fmax(dscale, fabs(f));
			F1[j] = f + nu[j];
			mu += nu[j] * z[j];
		}
		for (int l = 0; l < nr; l++) {
			F2[l] = s[l] - h[l];
			mu += lam[l] * s[l];
			for (int j = 0; j < nv; j++) {
				double g = G[(size_t)l * nv + j];
				F1[j] -= g * lam[l];
				F2[l] += g * z[j];
			}
		}
		mu /= nr + nv;
		for (int j = 0; j < nv; j++)
			rd = fmax(rd, fabs(F1[j]));
		for (int l = 0; l < nr; l++)
			rp = fmax(rp, fabs(F2[l]));
		res = fmax(fmax(rd / dscale, rp / hscale), mu / (dscale * hscale));
		if (res < IPM_TOL) {
			ok = 1;
			break;
		}
		double tau = (mu > 1e-3 ? 0.1 : 0.01) * mu;
		/* normal equations (-H + Z^-1 V + G' S^-1 L G) dz = F1 - G' S^-1 (-F3 + L F2) - Z^-1 F4 */
		for (int l = 0; l < nr; l++)
			t[l] = (-(lam[l] * s[l] - tau) + lam[l] * F2[l]) / s[l];
		for (int a = 0; a < nv; a++) {
			double r = F1[a] - (nu[a] * z[a] - tau) / z[a];
			for (int l = 0; l < nr; l++)
				r -= G[(size_t)l * nv + a] * t[l];
			gsl_vector_set(rhs, (size_t)a, r);
			for (int b = 0; b <= a; b++) {
				double v = a == b ? -fsecond(kind[a], fw[a], fb[a], z[a]) + nu[a] / z[a]
						  : 0;
				for (int l = 0; l < nr; l++)
					v += G[(size_t)l * nv + a] * G[(size_t)l * nv + b] * lam[l] / s[l];
				gsl_matrix_set(M, (size_t)a, (size_t)b, v);
				gsl_matrix_set(M, (size_t)b, (size_t)a, v);
			}
		}
		if (gsl_linalg_cholesky_decomp1(M) != 0 ||
		    gsl_linalg_cholesky_solve(M, rhs, sol) != 0)
			break;
		for (int j = 0; j < nv; j++)
			dz[j] = gsl_vector_get(sol, (size_t)j);
		for (int l = 0; l < nr; l++) {
			double gdz = 0;
			for (int j = 0; j < nv; j++)
				gdz += G[(size_t)l * nv + j] * dz[j];
			ds[l] = -F2[l] - gdz;
			dl[l] = (-(lam[l] * s[l] - tau) - lam[l] * ds[l]) / s[l];
		}
		for (int j = 0; j < nv; j++)
			dn[j] = (-(nu[j] * z[j] - tau) - nu[j] * dz[j]) / z[j];
		double step = max_step(z, dz, nv, 1);
		step = max_step(s, ds, nr, step);
		step = max_step(lam, dl, nr, step);
		step = max_step(nu, dn, nv, step);
		for (int j = 0; j < nv; j++) {
			z[j] += step * dz[j];
			nu[j] += step * dn[j];
		}
		for (int l = 0; l < nr; l++) {
			s[l] += step * ds[l];
			lam[l] += step * dl[l];
		}
	}
	gsl_set_error_handler(old);
	gsl_matrix_free(M);
	gsl_vector_free(rhs);
	gsl_vector_free(sol);
	void *p[] = { s, nu, F1, F2, dz, ds, dl, dn, t };
	for (size_t k = 0; k < sizeof p / sizeof p[0]; k++)
		free(p[k]);
	*resid = res;
	return ok ? it : -1;
}

/* Multipliers of the equality rows: least total multiplier with, for every agent i,
 * sum_{eq rows l} A_li lambda_l = v_i'(x_i) - sum_{other rows} A_li lambda_l (GLPK). */
static int equality_multipliers(struct radial *rd)
{
	int neq = 0, *col = xcalloc((size_t)rd->nl, sizeof *col);
	for (int l = 0; l < rd->nl; l++)
		col[l] = rd->eqrow[l] ? ++neq : 0;
	if (neq == 0) {
		free(col);
		return 0;
	}
	glp_prob *lp = glp_create_prob();
	glp_set_obj_dir(lp, GLP_MIN);
	glp_add_rows(lp, rd->n);
	glp_add_cols(lp, neq);
	for (int l = 0; l < rd->nl; l++)
		if (col[l]) {
			glp_set_col_bnds(lp, col[l], GLP_LO, 0, 0);
			glp_set_obj_coef(lp, col[l], 1);
		}
	int *ri = xcalloc((size_t)rd->nnz + 1, sizeof *ri), *ci = xcalloc((size_t)rd->nnz + 1, sizeof *ci);
	double *v = xcalloc((size_t)rd->nnz + 1, sizeof *v);
	int nz = 0;
	for (int i = 0; i < rd->n; i++) {
		double r = radial_dv(rd, i, rd->xstar[i]);
		for (int e = rd->ia[i]; e < rd->ia[i + 1]; e++) {
			int l = rd->ent_row[e];
			if (col[l]) {
				nz++;
				ri[nz] = i + 1;
				ci[nz] = col[l];
				v[nz] = rd->ent_a[e];
			} else {
				r -= rd->ent_a[e] * rd->lam[l];
			}
		}
		glp_set_row_bnds(lp, i + 1, GLP_FX, r, r);
	}
	glp_load_matrix(lp, nz, ri, ci, v);
	glp_smcp parm;
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	int rc = glp_simplex(lp, &parm) == 0 && glp_get_status(lp) == GLP_OPT ? 0 : -1;
	for (int l = 0; l < rd->nl; l++)
		if (col[l])
			rd->lam[l] = fmax(0, glp_get_col_prim(lp, col[l]));
	glp_delete_prob(lp);
	free(ri);
	free(ci);
	free(v);
	free(col);
	return rc;
}

/* Variables, rows and objective of the solver for each chapter. */
struct kkt_problem {
	int nv, nr, *kind;
	double *fw, *fb, *G, *h, *z, *lam;
};

static void problem_alloc(struct kkt_problem *p, int nv, int nr)
{
	p->nv = nv;
	p->nr = nr;
	p->kind = xcalloc((size_t)nv, sizeof *p->kind);
	p->fw = xcalloc((size_t)nv, sizeof *p->fw);
	p->fb = xcalloc((size_t)nv, sizeof *p->fb);
	p->G = xcalloc((size_t)nv * (size_t)nr, sizeof *p->G);
	p->h = xcalloc((size_t)nr, sizeof *p->h);
	p->z = xcalloc((size_t)nv, sizeof *p->z);
	p->lam = xcalloc((size_t)nr, sizeof *p->lam);
}

static void problem_free(struct kkt_problem *p)
{
	void *q[] = { p->kind, p->fw, p->fb, p->G, p->h, p->z, p->lam };
	for (size_t k = 0; k < sizeof q / sizeof q[0]; k++)
		free(q[k]);
}

static void set_util(const struct radial *rd, struct kkt_problem *p, int j, int i)
{
	p->kind[j] = rd->util == RADIAL_LOG ? 1 : 2;
	p->fw[j] += rd->w[i];
	p->fb[j] += rd->b[i];
}

/* The equilibrium message of the chapter from xstar, lam, mu. */
static void equilibrium_message(struct radial *rd)
{
	double S = 0;
	for (int i = 0; i < rd->n; i++)
		S += rd->xstar[i];
	rd->ysum = S > 0 ? S : 1;
	if (rd->mech != RADIAL_GENERAL)
		rd->ycap = 1e9 * rd->ysum;
	for (int i = 0; i < rd->n; i++) {
		double *b = rd->ne + rd->off[i];
		b[0] = rd->xstar[i]; /* y = x*: r = 1 (ch. 1-2 are kept at this scale) */
		if (rd->orho[i] >= 0)
			rd->ne[rd->orho[i]] = 1;
		for (int e = rd->ia[i]; e < rd->ia[i + 1]; e++) {
			if (rd->mech != RADIAL_MULTICAST) {
				rd->ne[rd->oq1[e]] = rd->lam[rd->ent_row[e]];
				continue;
			}
			int s = rd->ent_slot[e], g = rd->sm[s + 1] - rd->sm[s];
			int succ = rd->smem[rd->sm[s] + (rd->ent_pos[e] + 1) % g];
			rd->ne[rd->oq1[e]] = rd->mu[e];
			rd->ne[rd->oq2[e]] = rd->mu[succ];
		}
	}
}

int radial_solve(struct radial *rd, struct err *e)
{
	struct kkt_problem p;
	int n = rd->n, nl = rd->nl;
	if (rd->mech == RADIAL_UNICAST) {
		problem_alloc(&p, n, nl);
		for (int i = 0; i < n; i++)
			set_util(rd, &p, i, i);
		memcpy(p.G, rd->A, (size_t)n * nl * sizeof *p.G);
		memcpy(p.h, rd->c, (size_t)nl * sizeof *p.h);
	} else if (rd->mech == RADIAL_MULTICAST) {
		/* variables x (n) then m per slot; rows C2 (nl) then C3 (one per entry) */
		problem_alloc(&p, n + rd->ns, nl + rd->nnz);
		int nv = p.nv;
		for (int i = 0; i < n; i++)
			set_util(rd, &p, i, i);
		for (int l = 0; l < nl; l++) {
			p.h[l] = rd->c[l];
			for (int s = rd->rs[l]; s < rd->rs[l + 1]; s++)
				p.G[(size_t)l * nv + n + s] = 1;
		}
		for (int k = 0; k < rd->nnz; k++) {
			double *row = p.G + (size_t)(nl + k) * nv;
			row[rd->ent_agent[k]] = rd->ent_a[k];
			row[n + rd->ent_slot[k]] = -1;
		}
	} else {
		/* reduced coordinates: one variable per equality group, non-equality rows */
		int nr = 0;
		for (int l = 0; l < nl; l++)
			nr += !rd->eqrow[l];
		problem_alloc(&p, rd->ng, nr);
		for (int i = 0; i < n; i++)
			set_util(rd, &p, rd->eqg[i], i);
		for (int l = 0, r = 0; l < nl; l++) {
			if (rd->eqrow[l])
				continue;
			memcpy(p.G + (size_t)r * rd->ng, rd->At + (size_t)l * rd->ng,
			       (size_t)rd->ng * sizeof *p.G);
			p.h[r++] = rd->c[l];
		}
	}
	rd->kkt_iter = radial_ipm(p.nv, p.kind, p.fw, p.fb, p.nr, p.G, p.h, p.z, p.lam,
				  &rd->kkt_resid);
	rd->welfare_star = 0;
	for (int i = 0; i < n; i++) {
		rd->xstar[i] = fmax(0, p.z[rd->mech == RADIAL_GENERAL ? rd->eqg[i] : i]);
		rd->welfare_star += radial_v(rd, i, rd->xstar[i]);
	}
	if (rd->mech == RADIAL_GENERAL) {
		for (int l = 0, r = 0; l < nl; l++)
			rd->lam[l] = rd->eqrow[l] ? 0 : fmax(0, p.lam[r++]);
	} else {
		for (int l = 0; l < nl; l++)
			rd->lam[l] = fmax(0, p.lam[l]);
	}
	if (rd->mech == RADIAL_MULTICAST)
		for (int k = 0; k < rd->nnz; k++)
			rd->mu[k] = fmax(0, p.lam[nl + k]);
	problem_free(&p);
	int rc = 0;
	if (rd->mech == RADIAL_GENERAL && rd->degenerate && equality_multipliers(rd) < 0)
		rc = err_set(e, "the multipliers of the equality rows could not be found (GLPK)");
	equilibrium_message(rd);
	if (rd->kkt_iter < 0)
		rc = err_set(e, "the efficient allocation: the interior-point solver stopped after "
				"%d iterations with KKT residual %.3g > %.0e", IPM_MAX_ITER,
			     rd->kkt_resid, IPM_TOL);
	return rc;
}
