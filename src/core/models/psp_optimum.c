/* psp_optimum: the pooled efficient allocation (see psp_optimum.h). Breakpoints are every
 * kappa_i and every reserve; D - S is non-increasing and right-continuous, so u* lies in
 * (b_{k-1}, b_k] for the first breakpoint b_k with D(b_k) <= S(b_k). Inside that open
 * interval S is constant and D linear (A - u B over the buyers with kappa_i >= b_k; step
 * buyers only add to A), so
 * u* = (A - S) / B when that falls inside, else u* = b_k. */
#include <math.h>
#include <stdlib.h>

#include "core/models/psp_optimum.h"
#include "core/xmalloc.h"

double psp_optimum_demand(const struct psp_val *v, double u)
{
	struct psp_val w = *v;
	w.held = 0;
	return psp_val_cross(&w, u, 1);
}

static double demand(const struct psp_val *val, int nb, double u)
{
	double d = 0;
	for (int i = 0; i < nb; i++)
		d += psp_optimum_demand(&val[i], u);
	return d;
}

static double supply(const double *data, const double *reserve, int ns, double u)
{
	double s = 0;
	for (int j = 0; j < ns; j++)
		if (reserve[j] <= u)
			s += data[j];
	return s;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y ? 1 : 0;
}

/* u* as described above. */
static double clearing(const struct psp_val *val, int nb, const double *data,
		       const double *reserve, int ns)
{
	size_t n = (size_t)nb + (size_t)ns;
	double *b = xmallocarray(n, sizeof *b), lo = 0, u = 0;
	for (int i = 0; i < nb; i++)
		b[i] = val[i].kappa;
	for (int j = 0; j < ns; j++)
		b[nb + j] = reserve[j];
	qsort(b, n, sizeof *b, cmp_double);
	for (size_t k = 0; k < n; k++) {
		u = b[k];
		if (demand(val, nb, u) > supply(data, reserve, ns, u)) {
			lo = u;
			continue;
		}
		double A = 0, B = 0, S = supply(data, reserve, ns, lo);
		for (int i = 0; i < nb; i++)
			if (val[i].kappa >= u) {
				A += val[i].need;
				if (val[i].kind == PSP_VAL_LINEAR)
					B += val[i].need / val[i].kappa;
			}
		if (B > 0 && u > lo) {
			double r = (A - S) / B;
			if (r > lo && r < u)
				u = r;
		}
		break;
	}
	free(b);
	return u;
}

void psp_optimum_solve(const struct psp_val *val, int nb, const double *data,
		       const double *reserve, int ns, double *x, struct psp_optimum *out)
{
	double u = clearing(val, nb, data, reserve, ns), S = supply(data, reserve, ns, u);
	double got = 0, tied = 0, rmin = INFINITY;
	for (int i = 0; i < nb; i++) {
		x[i] = psp_optimum_demand(&val[i], u);
		got += x[i];
		if (val[i].kind == PSP_VAL_STEP && val[i].kappa == u)
			tied += val[i].need;
	}
	if (tied > 0 && S > got) { /* step buyers valuing data at exactly u* share the rest */
		double share = (S - got) / tied;
		for (int i = 0; i < nb; i++)
			if (val[i].kind == PSP_VAL_STEP && val[i].kappa == u)
				x[i] = val[i].need * (share < 1 ? share : 1);
	}
	out->u = u;
	out->W = out->sold = 0;
	for (int i = 0; i < nb; i++) {
		out->W += psp_val_theta(&val[i], x[i]);
		out->sold += x[i];
	}
	for (int j = 0; j < ns; j++)
		if (reserve[j] < rmin)
			rmin = reserve[j];
	out->demand_at_reserve = demand(val, nb, rmin);
}
