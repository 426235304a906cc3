/* fairness: thesis chapter 5, mechanism design for fairness, as a process (dim 0) over two
 * examples (parameter `example`):
 *   linear     the analytic example of Sec. 6 (Fig. 16): linear utilities, one unit to
 *              share, dominant-strategy implementation, no prior;
 *   smartgrid  the demand-side example of Sec. 2.1 and 7 (Table 2, Figs 17-19): quadratic
 *              utilities, supply cost a y^2, a must-run floor, i.i.d. types with
 *              P(high) = q, Bayesian implementation.
 * The designer allocates by max sum g_eps(v) - C with g_eps(z) = z - eps z^2
 * (fairness_alloc). A step either ramps eps (mode ramp: eps + n eps_step at step n) or, at
 * fixed eps, draws a new type profile from the prior (mode draw, smart grid: N Bernoulli(q)
 * types from the run's seed), so prior means such as Fig. 19's "mean" sigma are Monte Carlo
 * averages (mc_sd_tax, with its standard error mc_se); describe gives the exact sums too.
 * Row n reports the profile's dispersion (Gini in the n^2 form of (5.21) and in the
 * n(n-1) form of Table 2, sample sigma) of utilities, allocations and the chosen rule's
 * taxes, and the incentive margins at the row's eps. A tax rule that is not incentive
 * compatible at this eps gives NaN taxes: no such taxes exist there. Quantities that need
 * the prior (H, the BSIC bounds, the Monte Carlo means) are NaN in the linear example.
 * Convergence: ic_margin in ramp mode (--tol X stops the ramp where the incentive margin
 * falls below X, i.e. where incentive compatibility breaks), mc_se in draw mode.
 * Random streams of `seed`: 1 the drawn type profiles.
 * Neighbours: fairness_alloc, fairness_core, fairness_lp (mathematics), model (interface),
 * stats (Gini, moments), rng. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "core/models/fairness_alloc.h"
#include "core/models/fairness_core.h"
#include "core/models/fairness_lp.h"
#include "core/models/models.h"
#include "core/rng.h"
#include "core/stats.h"
#include "core/xmalloc.h"

#define MAX_N 1000
#define IC_TOL 1e-12   /* incentive margins above -IC_TOL count as met (rounding) */
#define EPS_CAP 1e7    /* eps_max is searched below this */
#define CURVE_POINTS 81

enum { MODE_RAMP, MODE_DRAW };
enum { TAX_DSIC, TAX_BSIC, TAX_VCG, TAX_LP };
enum { STREAM_PROFILE = 1 };

/* ---- parameters ---- */

static const struct param_spec fair_params[] = {
	{ .name = "example", .type = PARAM_ENUM, .def = 0, .choices = "smartgrid|linear",
	  .unit = "",
	  .help = "smartgrid: demand-side management (Sec. 2.1, 7), v = theta x - x^2/4, cost "
		  "a y^2, must-run floor, prior q; linear: the analytic example (Sec. 6), "
		  "v = theta x, one unit to share, no prior" },
	{ .name = "N", .type = PARAM_INT, .def = 100, .min = 2, .max = MAX_N, .unit = "agents",
	  .help = "number of agents" },
	{ .name = "thetaH", .type = PARAM_REAL, .def = 15, .min = 0, .max = 1e6,
	  .flags = PARAM_F_OPEN_LO, .unit = "", .help = "the high type (must exceed thetaL)" },
	{ .name = "thetaL", .type = PARAM_REAL, .def = 5, .min = 0, .max = 1e6,
	  .flags = PARAM_F_OPEN_LO, .unit = "", .help = "the low type" },
	{ .name = "m", .type = PARAM_INT, .def = 10, .min = 0, .max = MAX_N, .unit = "agents",
	  .help = "number of high types in the profile (at most N; draw mode: the first "
		  "profile)" },
	{ .name = "eps", .type = PARAM_REAL, .def = 0, .min = 0, .max = 1e6, .unit = "",
	  .help = "fairness weight: g_eps(z) = z - eps z^2 (0 = sum of utilities)" },
	{ .name = "eps_step", .type = PARAM_REAL, .def = 0.005, .min = 0, .max = 1e6, .unit = "",
	  .help = "ramp mode: eps grows by this much per step (eps + n eps_step at step n)" },
	{ .name = "a", .type = PARAM_REAL, .def = 0.3, .min = 0, .max = 1e6, .unit = "",
	  .help = "smart grid: supply cost C(y) = a y^2 of the total demand y" },
	{ .name = "must_run", .type = PARAM_REAL, .def = 0.1, .min = 0, .max = 1e6, .unit = "",
	  .help = "smart grid: must-run floor, every agent gets at least this much" },
	{ .name = "q", .type = PARAM_REAL, .def = 0.1, .min = 0, .max = 1, .unit = "",
	  .help = "smart grid: prior probability of a high type (i.i.d., so m ~ Binomial(N, q))" },
	{ .name = "mode", .type = PARAM_ENUM, .def = 0, .choices = "ramp|draw", .unit = "",
	  .help = "a step ramps eps, or (smart grid) draws a type profile from the prior at "
		  "fixed eps" },
	{ .name = "tax", .type = PARAM_ENUM, .def = 0, .choices = "canonical|dsic|bsic|vcg|lp",
	  .unit = "",
	  .help = "tax rule: canonical = dsic (linear) or bsic (smart grid); dsic = each agent "
		  "pays the low type's value of its allocation (L's DSIC and IR bind); bsic = "
		  "k-independent taxes, L's BSIC binding, expected revenue = E[C]; vcg = "
		  "Clarke-pivot VCG of the eps = 0 allocation (baseline); lp = the vertex GLPK "
		  "returns for the thesis's degenerate Fig. 19 LP (smart grid)" },
};

/* ---- series ---- */

static const struct model_series_desc fair_series[] = {
	{"eps", "the fairness weight eps of this row", 0},
	{"gini_v", "Gini of the utilities v(x_i; theta_i), n^2 form of (5.21) and Figs 16, 18", 0},
	{"gini_x", "Gini of the allocations (n^2 form)", 0},
	{"gini_tax", "Gini of the taxes of the tax rule (n^2 form; NaN: no such taxes)", 0},
	{"sd_v", "sample standard deviation of the utilities (Fig. 18)", 0},
	{"sd_x", "sample standard deviation of the allocations", 0},
	{"sd_tax", "sample standard deviation of the taxes (Fig. 19 for the tax rule)", 0},
	{"welfare", "sum of the utilities minus the supply cost", 0},
	{"H", "H(eps) of (5.12), supply cost excluded (Fig. 17; NaN in the linear example, "
	      "which has no prior)", 0},
	{"ic_margin", "incentive margin: min over k of (5.22) (linear), E[dv_H] - E[dv_L] (smart "
		      "grid, Fig. 17's A); < 0: no incentive-compatible taxes", 0},
	{"dsic_margin", "min over k of (5.22): DSIC and ex-post IR taxes exist iff >= 0", 0},
	{"gini_v_nn1", "Gini of the utilities, n(n-1) form of Table 2", 0},
	{"gini_x_nn1", "Gini of the allocations, n(n-1) form", 0},
	{"gini_tax_nn1", "Gini of the taxes, n(n-1) form", 0},
	{"x_H", "allocation of a high type (NaN when the profile has none)", 0},
	{"x_L", "allocation of a low type (NaN when the profile has none)", 0},
	{"t_H", "tax a high type pays in this profile", 0},
	{"t_L", "tax a low type pays in this profile", 0},
	{"ic_lo", "E[dv_L]: L's BSIC, the least expected tax gap E[t_H - t_L] (smart grid)", 0},
	{"ic_hi", "E[dv_H]: H's BSIC, the greatest expected tax gap (smart grid)", 0},
	{"high", "number of high types in the profile (drawn in draw mode)", 0},
	{"mc_sd_tax", "draw mode: mean of sd_tax over the drawn profiles (Fig. 19's prior "
		      "mean, Monte Carlo)", 0},
	{"mc_se", "draw mode: standard error of mc_sd_tax", SERIES_F_LOGY},
};
enum {
	S_EPS, S_GINI_V, S_GINI_X, S_GINI_TAX, S_SD_V, S_SD_X, S_SD_TAX, S_WELFARE, S_H, S_IC,
	S_DSIC, S_GINI_V_NN1, S_GINI_X_NN1, S_GINI_TAX_NN1, S_XH, S_XL, S_TH, S_TL, S_IC_LO,
	S_IC_HI, S_HIGH, S_MC_SD_TAX, S_MC_SE, S_N
};
_Static_assert(sizeof fair_series / sizeof fair_series[0] == S_N, "series table");

static const struct model_dist_desc fair_dists[] = {
	{"lorenz", DIST_LINE, "Lorenz curve of the utilities now and at eps = 0, with the "
			      "diagonal of equality"},
	{"allocation", DIST_BARS, "allocation of a high and a low type, now and at eps = 0"},
	{"utility", DIST_BARS, "utility of a high and a low type, now and at eps = 0"},
	{"taxes", DIST_BARS, "tax of a high and a low type under the rule and under VCG"},
	{"dsic_interval", DIST_LINE, "the dominant-strategy interval (5.28) for t_H(k) - t_L(k) "
				     "over k, the others' high types, with the rule's gap"},
	{"bsic_bounds", DIST_LINE, "the BSIC bounds E[dv_L] <= E[t_H - t_L] <= E[dv_H] against "
				   "eps (they close at eps_max), the current eps as points"},
};

/* ---- state ---- */

struct fair {
	struct fairness_econ ec;
	int n, mode, tax, m0;
	int canonical;     /* tax was given as "canonical" */
	double eps0, eps_step;
	struct rng rng;

	double eps;  /* current */
	int m;       /* current profile's high count */
	struct fairness_table tab, tab0, tab0m; /* at eps; at 0 (n and n - 1 agents) */
	double *pk, *pm;   /* Bin(n - 1, q), Bin(n, q); NULL in the linear example */
	double *th, *tl;   /* the rule's taxes at eps, by k */
	double *vth, *vtl; /* VCG's */
	int tax_ok;
	double lp_obj;
	double dsic, ic_lo, ic_hi, ic, h, sd_tax_mean;
	double *buf;       /* 3 n scratch: x, v, t of the profile */
	struct stats_running mc;
	/* describe: parameters only, computed on first use */
	int have_bounds;
	double eps_max, eps_bound;
};

static int is_grid(const struct fair *f) { return f->ec.kind == FAIRNESS_SMARTGRID; }

/* The prior mean of the taxes' sample sigma, sum over m ~ Bin(n, q) (smart grid). */
static double prior_mean_sd(const struct fair *f, const double *h, const double *l)
{
	double s = 0;
	for (int m = 1; m < f->n; m++)
		s += f->pm[m] * fairness_sd_two(f->n, m, h[m - 1], l[m]);
	return s;
}

/* The rule's taxes at the current eps; sets tax_ok. */
static void set_taxes(struct model *mo, struct fair *f)
{
	int n = f->n;
	switch (f->tax) {
	case TAX_DSIC:
		f->tax_ok = fairness_tax_dsic(&f->ec, &f->tab, IC_TOL, f->th, f->tl);
		break;
	case TAX_BSIC:
		f->tax_ok = fairness_tax_bsic(&f->ec, &f->tab, f->pk, f->pm, IC_TOL, f->th, f->tl);
		break;
	case TAX_VCG:
		memcpy(f->th, f->vth, (size_t)n * sizeof *f->th);
		memcpy(f->tl, f->vtl, (size_t)n * sizeof *f->tl);
		f->tax_ok = 1;
		break;
	case TAX_LP: {
		struct fairness_lp lp = { n, f->ec.q, f->pk, f->ic_lo, f->ic_hi,
					  fairness_expected_cost(&f->ec, &f->tab, f->pm) };
		f->tax_ok = fairness_lp_solve(&lp, f->th, f->tl, &f->lp_obj) == 0;
		if (!f->tax_ok && f->ic_lo <= f->ic_hi)
			model_warn(mo, "eps = %g: GLPK found no optimum of the Fig. 19 LP", f->eps);
		break;
	}
	}
	f->sd_tax_mean = f->pm && f->tax_ok ? prior_mean_sd(f, f->th, f->tl) : NAN;
}

/* Moves to eps: the allocation table, the margins and the taxes. */
static void set_eps(struct model *mo, struct fair *f, double eps)
{
	f->eps = eps;
	if (fairness_table_fill(&f->tab, &f->ec, eps) > 0)
		model_warn(mo, "eps = %g: %d allocation solves stopped at their iteration cap", eps,
			   f->tab.nfail);
	f->dsic = fairness_dsic_margin(&f->ec, &f->tab);
	f->ic_lo = f->ic_hi = f->h = NAN;
	f->ic = f->dsic;
	if (is_grid(f)) {
		fairness_bsic_bounds(&f->ec, &f->tab, f->pk, &f->ic_lo, &f->ic_hi);
		f->ic = f->ic_hi - f->ic_lo;
		f->h = fairness_h(&f->ec, &f->tab, f->pk);
	}
	set_taxes(mo, f);
}

/* The profile's allocations, utilities and taxes (n each, in f->buf). */
static void profile(const struct fair *f, double **x, double **v, double **t)
{
	int n = f->n, m = f->m;
	const struct fairness_point *p = &f->tab.p[m];
	*x = f->buf;
	*v = f->buf + n;
	*t = f->buf + 2 * n;
	for (int i = 0; i < n; i++) {
		int hi = i < m;
		(*x)[i] = hi ? p->xh : p->xl;
		(*v)[i] = fairness_value(&f->ec, (*x)[i], hi ? f->ec.th : f->ec.tl);
		(*t)[i] = !f->tax_ok ? NAN : hi ? f->th[m - 1] : f->tl[m];
	}
}

static double sd_of(const double *x, int n)
{
	for (int i = 0; i < n; i++)
		if (isnan(x[i]))
			return NAN;
	return sqrt(stats_moments(x, (size_t)n).var);
}

static double gini_of(const double *x, int n)
{
	for (int i = 0; i < n; i++)
		if (isnan(x[i]))
			return NAN;
	double s = 0;
	for (int i = 0; i < n; i++)
		s += x[i];
	return s > 0 ? stats_gini(x, (size_t)n) : NAN; /* not defined for a non-positive mean */
}

/* ---- the process ---- */

static int fair_advance(struct model *mo, const struct model_step *st, struct err *e)
{
	struct fair *f = mo->self;
	if (f->mode == MODE_RAMP) {
		set_eps(mo, f, f->eps0 + (double)st->step * f->eps_step);
		return 0;
	}
	int m = 0;
	for (int i = 0; i < f->n; i++)
		m += rng_bernoulli(&f->rng, f->ec.q);
	f->m = m;
	double *x, *v, *t, sd;
	profile(f, &x, &v, &t);
	sd = sd_of(t, f->n);
	if (!isnan(sd)) /* NaN: the rule has no taxes at this eps */
		stats_running_push(&f->mc, sd);
	return 0;
}

static int fair_observe(struct model *mo, const struct model_obs *o, double *vals,
			struct err *e)
{
	struct fair *f = mo->self;
	int n = f->n, m = f->m;
	double *x, *v, *t, nn1 = (double)n / (n - 1);
	profile(f, &x, &v, &t);
	vals[S_EPS] = f->eps;
	vals[S_GINI_V] = gini_of(v, n);
	vals[S_GINI_X] = gini_of(x, n);
	vals[S_GINI_TAX] = gini_of(t, n);
	vals[S_SD_V] = sd_of(v, n);
	vals[S_SD_X] = sd_of(x, n);
	vals[S_SD_TAX] = sd_of(t, n);
	vals[S_WELFARE] = fairness_welfare(&f->ec, n, m, &f->tab.p[m]);
	vals[S_H] = f->h;
	vals[S_IC] = f->ic;
	vals[S_DSIC] = f->dsic;
	vals[S_GINI_V_NN1] = vals[S_GINI_V] * nn1;
	vals[S_GINI_X_NN1] = vals[S_GINI_X] * nn1;
	vals[S_GINI_TAX_NN1] = vals[S_GINI_TAX] * nn1;
	vals[S_XH] = f->tab.p[m].xh;
	vals[S_XL] = f->tab.p[m].xl;
	vals[S_TH] = m > 0 && f->tax_ok ? f->th[m - 1] : NAN;
	vals[S_TL] = m < n && f->tax_ok ? f->tl[m] : NAN;
	vals[S_IC_LO] = f->ic_lo;
	vals[S_IC_HI] = f->ic_hi;
	vals[S_HIGH] = m;
	vals[S_MC_SD_TAX] = f->mc.n > 0 ? f->mc.mean : NAN;
	vals[S_MC_SE] = f->mc.n > 1 ? sqrt(stats_running_var(&f->mc) / (double)f->mc.n) : NAN;
	return 0;
}

/* ---- distributions ---- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The Lorenz curve of the utilities of profile m under table t: n + 1 points. */
static void lorenz_points(const struct fair *f, const struct fairness_table *t, double *xs,
			  double *ys)
{
	int n = f->n, m = f->m;
	double *v = xmallocarray((size_t)n, sizeof *v), tot = 0;
	for (int i = 0; i < n; i++) {
		v[i] = i < m ? fairness_value(&f->ec, t->p[m].xh, f->ec.th)
			     : fairness_value(&f->ec, t->p[m].xl, f->ec.tl);
		tot += v[i];
	}
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	double acc = 0;
	xs[0] = ys[0] = 0;
	for (int i = 0; i < n; i++) {
		acc += v[i];
		xs[i + 1] = (double)(i + 1) / n;
		ys[i + 1] = tot > 0 ? acc / tot : NAN;
	}
	free(v);
}

static void dist_lorenz(struct fair *f, struct dist *d)
{
	size_t np = (size_t)f->n + 1;
	double *xs = xmallocarray(np, sizeof *xs), *ys = xmallocarray(np, sizeof *ys);
	static const double diag[2] = { 0, 1 };
	dist_init(d, DIST_LINE, "lorenz", "Lorenz curve of the utilities",
		  "share of agents, poorest first", "share of utility");
	lorenz_points(f, &f->tab, xs, ys);
	dist_add(d, "now", xs, ys, np);
	lorenz_points(f, &f->tab0, xs, ys);
	dist_add(d, "eps = 0", xs, ys, np);
	dist_add(d, "equality", diag, diag, 2)->style = DIST_STYLE_REFERENCE;
	free(xs);
	free(ys);
}

/* Bars over the categories high, low. */
static void bars_init(struct dist *d, const char *name, const char *title, const char *ylabel)
{
	static const char *const labels[2] = { "high", "low" };
	dist_init(d, DIST_BARS, name, title, "type", ylabel);
	dist_set_labels(d, labels, 2);
}

static void bars_add(struct dist *d, const char *label, double hi, double lo)
{
	static const double pos[2] = { 0, 1 };
	double y[2] = { hi, lo };
	dist_add(d, label, pos, y, 2);
}

static double vcg_tax(const struct fair *f, int high)
{
	int m = f->m;
	return high ? (m > 0 ? f->vth[m - 1] : NAN) : (m < f->n ? f->vtl[m] : NAN);
}

static const char *const tax_names[] = { "dsic", "bsic", "vcg", "lp" };

static void dist_dsic_interval(struct fair *f, struct dist *d)
{
	int n = f->n;
	double *k = xmallocarray((size_t)n, sizeof *k), *lo = xmallocarray((size_t)n, sizeof *lo);
	double *hi = xmallocarray((size_t)n, sizeof *hi);
	double *gap = xmallocarray((size_t)n, sizeof *gap);
	const struct fairness_econ *ec = &f->ec;
	for (int j = 0; j < n; j++) {
		double xh = f->tab.p[j + 1].xh, xl = f->tab.p[j].xl;
		k[j] = j;
		lo[j] = fairness_value(ec, xh, ec->tl) - fairness_value(ec, xl, ec->tl);
		hi[j] = fairness_value(ec, xh, ec->th) - fairness_value(ec, xl, ec->th);
		gap[j] = f->th[j] - f->tl[j];
	}
	dist_init(d, DIST_LINE, "dsic_interval", "Dominant-strategy interval for t_H(k) - t_L(k)",
		  "k = high types among the others", "tax gap");
	dist_add(d, "A_HL - A_LL (L's DSIC)", k, lo, (size_t)n);
	dist_add(d, "A_HH - A_LH (H's DSIC)", k, hi, (size_t)n);
	if (f->tax != TAX_VCG && f->tax_ok) {
		char label[40];
		snprintf(label, sizeof label, "gap of rule %s", tax_names[f->tax]);
		dist_add(d, label, k, gap, (size_t)n)->style = DIST_STYLE_POINTS;
	}
	free(k);
	free(lo);
	free(hi);
	free(gap);
}

struct margin_ctx {
	const struct fair *f;
	struct fairness_table *t;
	int which; /* 0: the incentive margin, 1: H */
	int nfail; /* solves that stopped at their cap */
};

static double margin_at(double eps, void *arg)
{
	struct margin_ctx *c = arg;
	const struct fair *f = c->f;
	c->nfail += fairness_table_fill(c->t, &f->ec, eps);
	if (!is_grid(f))
		return fairness_dsic_margin(&f->ec, c->t);
	if (c->which)
		return fairness_h(&f->ec, c->t, f->pk);
	double lo, hi;
	fairness_bsic_bounds(&f->ec, c->t, f->pk, &lo, &hi);
	return hi - lo;
}

/* eps_max (exact, numerical) and eps_max_bound (the thesis's): once per instance. */
static void ensure_bounds(struct model *mo, struct fair *f)
{
	if (f->have_bounds)
		return;
	struct fairness_table t;
	fairness_table_init(&t, f->n);
	struct margin_ctx c = { f, &t, 0, 0 };
	f->eps_max = fairness_sup_positive(margin_at, &c, EPS_CAP);
	if (is_grid(f)) {
		c.which = 1;
		f->eps_bound = fairness_sup_positive(margin_at, &c, EPS_CAP);
	} else {
		double a;
		fairness_bound_520(&f->ec, f->m0, &a, &f->eps_bound);
	}
	fairness_table_fini(&t);
	if (c.nfail)
		model_warn(mo, "eps_max search: %d allocation solves stopped at their cap",
			   c.nfail);
	f->have_bounds = 1;
}

static void dist_bsic_bounds(struct model *mo, struct fair *f, struct dist *d)
{
	ensure_bounds(mo, f);
	double top = isfinite(f->eps_max) ? 1.25 * f->eps_max : 2 * f->eps;
	top = fmax(top, 1.1 * f->eps);
	if (!(top > 0))
		top = 1;
	double xs[CURVE_POINTS], lo[CURVE_POINTS], hi[CURVE_POINTS];
	struct fairness_table t;
	int fail = 0;
	fairness_table_init(&t, f->n);
	for (int i = 0; i < CURVE_POINTS; i++) {
		xs[i] = top * i / (CURVE_POINTS - 1);
		fail += fairness_table_fill(&t, &f->ec, xs[i]);
		fairness_bsic_bounds(&f->ec, &t, f->pk, &lo[i], &hi[i]);
	}
	fairness_table_fini(&t);
	if (fail)
		model_warn(mo, "bsic_bounds: %d allocation solves stopped at their cap", fail);
	dist_init(d, DIST_LINE, "bsic_bounds", "BSIC bounds on E[t_H - t_L] against eps", "eps",
		  "expected tax gap");
	dist_add(d, "E[dv_L] (L's BSIC)", xs, lo, CURVE_POINTS);
	dist_add(d, "E[dv_H] (H's BSIC)", xs, hi, CURVE_POINTS);
	double ex[2] = { f->eps, f->eps }, ey[2] = { f->ic_lo, f->ic_hi };
	dist_add(d, "now", ex, ey, 2)->style = DIST_STYLE_POINTS;
}

static int fair_dist(struct model *mo, const char *name, const double *a, struct dist *d,
		     struct err *e)
{
	struct fair *f = mo->self;
	int m = f->m, n = f->n;
	const struct fairness_econ *ec = &f->ec;
	const struct fairness_point *p = &f->tab.p[m], *p0 = &f->tab0.p[m];
	if (strcmp(name, "lorenz") == 0) {
		dist_lorenz(f, d);
	} else if (strcmp(name, "allocation") == 0) {
		bars_init(d, name, "Allocation by type", "x");
		bars_add(d, "now", p->xh, p->xl);
		bars_add(d, "eps = 0", p0->xh, p0->xl);
	} else if (strcmp(name, "utility") == 0) {
		bars_init(d, name, "Utility by type", "v");
		bars_add(d, "now", fairness_value(ec, p->xh, ec->th),
			 fairness_value(ec, p->xl, ec->tl));
		bars_add(d, "eps = 0", fairness_value(ec, p0->xh, ec->th),
			 fairness_value(ec, p0->xl, ec->tl));
	} else if (strcmp(name, "taxes") == 0) {
		bars_init(d, name, "Tax by type", "t");
		if (f->tax != TAX_VCG)
			bars_add(d, tax_names[f->tax],
				 m > 0 && f->tax_ok ? f->th[m - 1] : NAN,
				 m < n && f->tax_ok ? f->tl[m] : NAN);
		bars_add(d, "vcg (eps = 0)", vcg_tax(f, 1), vcg_tax(f, 0));
	} else if (strcmp(name, "dsic_interval") == 0) {
		dist_dsic_interval(f, d);
	} else if (strcmp(name, "bsic_bounds") == 0) {
		if (!is_grid(f))
			return err_set(e, "distribution 'bsic_bounds' needs the smart grid's prior "
					  "(example = \"smartgrid\"); the linear example has none");
		dist_bsic_bounds(mo, f, d);
	} else {
		return err_set(e, "model '%s' has no distribution '%s'; known: lorenz, allocation, "
				  "utility, taxes, dsic_interval, bsic_bounds",
			       mo->ops->name, name);
	}
	return 0;
}

/* ---- describe ---- */

/* sigma/mu of n values (NaN for a non-positive mean). */
static double cv_of(const double *x, int n)
{
	struct stats_moments s = stats_moments(x, (size_t)n);
	return s.n == (size_t)n && s.mean > 0 ? sqrt(s.var) / s.mean : NAN;
}

static void describe_profile(struct fair *f, struct model_kv *kv)
{
	const struct fairness_econ *ec = &f->ec;
	int n = f->n, m = f->m;
	const struct fairness_point *p = &f->tab.p[m];
	double *x, *v, *t, nn1 = (double)n / (n - 1);
	profile(f, &x, &v, &t);
	model_kv_num(kv, "eps", f->eps);
	model_kv_add(kv, "high", "%d", m);
	model_kv_num(kv, "x_H", p->xh);
	model_kv_num(kv, "x_L", p->xl);
	model_kv_num(kv, "v_H", fairness_value(ec, p->xh, ec->th));
	model_kv_num(kv, "v_L", fairness_value(ec, p->xl, ec->tl));
	if (is_grid(f))
		model_kv_num(kv, "y", p->y);
	model_kv_num(kv, "welfare", fairness_welfare(ec, n, m, p));
	model_kv_num(kv, "gini_v", gini_of(v, n));
	model_kv_num(kv, "gini_v_nn1", gini_of(v, n) * nn1);
	model_kv_num(kv, "sd_v", sd_of(v, n));
	model_kv_num(kv, "cv_v", cv_of(v, n));
	model_kv_num(kv, "gini_x", gini_of(x, n));
	model_kv_num(kv, "gini_x_nn1", gini_of(x, n) * nn1);
	model_kv_num(kv, "sd_x", sd_of(x, n));
	model_kv_num(kv, "cv_x", cv_of(x, n));
	model_kv_add(kv, "tax_rule", "%s%s%s", tax_names[f->tax],
		     f->canonical ? " (canonical)" : "",
		     f->tax_ok ? "" : " (not incentive compatible at this eps: taxes NaN)");
	model_kv_num(kv, "t_H", m > 0 && f->tax_ok ? f->th[m - 1] : NAN);
	model_kv_num(kv, "t_L", m < n && f->tax_ok ? f->tl[m] : NAN);
	model_kv_num(kv, "gini_tax", gini_of(t, n));
	model_kv_num(kv, "gini_tax_nn1", gini_of(t, n) * nn1);
	model_kv_num(kv, "sd_tax", sd_of(t, n));
	model_kv_num(kv, "cv_tax", f->tax_ok ? cv_of(t, n) : NAN);
	if (f->tax == TAX_LP && f->tax_ok)
		model_kv_num(kv, "lp_expected_tax", f->lp_obj);
}

static void describe_bounds(struct model *mo, struct fair *f, struct model_kv *kv)
{
	ensure_bounds(mo, f);
	model_kv_num(kv, "ic_margin", f->ic);
	model_kv_num(kv, "dsic_margin", f->dsic);
	model_kv_num(kv, "eps_max", f->eps_max);
	if (is_grid(f)) {
		model_kv_num(kv, "ic_lo", f->ic_lo);
		model_kv_num(kv, "ic_hi", f->ic_hi);
		model_kv_num(kv, "H", f->h);
		model_kv_add(kv, "eps_max_rule",
			     "largest eps with E[dv_H] - E[dv_L] > 0 (found numerically); beyond "
			     "it the allocation no longer depends on the reports");
		model_kv_num(kv, "eps_max_bound", f->eps_bound);
		model_kv_add(kv, "eps_max_bound_rule",
			     "the thesis's sufficient condition (A2): first zero of H(eps) (5.12)");
		return;
	}
	model_kv_add(kv, "eps_max_rule", "largest eps with min_k (5.22) > 0 (found "
		     "numerically): DSIC taxes exist up to it");
	model_kv_num(kv, "eps_max_bound", f->eps_bound);
	model_kv_add(kv, "eps_max_bound_rule", "the thesis's (5.20b), independent of m; it "
		     "overstates the exact eps_max (spec errata E9)");
	double a, b;
	fairness_bound_520(&f->ec, f->m, &a, &b);
	model_kv_num(kv, "eps_max_bound_a", a);
	model_kv_num(kv, "eps_kink", f->m * (f->ec.th - f->ec.tl) / (2 * f->ec.th * f->ec.th));
}

/* The sigma range of the taxes of profile m over the optimal face of the Fig. 19 LP. */
static void describe_lp(struct fair *f, struct model_kv *kv)
{
	int n = f->n, m = f->m;
	double *th = xmallocarray((size_t)n, sizeof *th), *tl = xmallocarray((size_t)n, sizeof *tl);
	struct fairness_lp lp = { n, f->ec.q, f->pk, f->ic_lo, f->ic_hi,
				  fairness_expected_cost(&f->ec, &f->tab, f->pm) };
	double obj, dmin = NAN, dmax = NAN, lo = NAN, hi = NAN;
	if (m == 0 || m == n) {
		lo = hi = 0; /* one type: every tax vector of the face is flat */
	} else if (fairness_lp_solve(&lp, th, tl, &obj) == 0 &&
		   (fairness_lp_face(&lp, obj, m, &dmin, &dmax) == 0 || isinf(dmin) ||
		    isinf(dmax))) {
		double c = fairness_sd_two(n, m, 1, 0);
		hi = fmax(fabs(dmin), fabs(dmax)) * c;
		lo = dmin <= 0 && dmax >= 0 ? 0 : fmin(fabs(dmin), fabs(dmax)) * c;
	}
	model_kv_num(kv, "expected_cost", lp.cost);
	model_kv_num(kv, "lp_sd_tax_min", lo);
	model_kv_num(kv, "lp_sd_tax_max", hi);
	model_kv_add(kv, "fig19_note",
		     "thesis sigma 0.51 / 0.26 / 0.026 (m = 10; eps = 0 / 0.025 / 0.2) not "
		     "reproducible: its LP is degenerate (every feasible point with revenue E[C] "
		     "is optimal), so sigma is anything in [lp_sd_tax_min, lp_sd_tax_max] "
		     "depending on the solver; tax = bsic is our canonical replacement");
	free(th);
	free(tl);
}

/* The peak-load pricing baseline in its natural reading. */
static void describe_plp(struct fair *f, struct model_kv *kv)
{
	struct fairness_econ ec = f->ec;
	ec.mr = 0; /* the thesis assumes no must-run load here */
	double pi = fairness_plp_price(&ec, f->pm);
	double xh = 2 * fmax(ec.th - pi, 0), xl = 2 * fmax(ec.tl - pi, 0), sx = 0, st = 0;
	for (int m = 1; m < f->n; m++) {
		sx += f->pm[m] * fairness_sd_two(f->n, m, xh, xl);
		st += f->pm[m] * fairness_sd_two(f->n, m, pi * xh, pi * xl);
	}
	model_kv_num(kv, "plp_price", pi);
	model_kv_num(kv, "plp_sd_x", fairness_sd_two(f->n, f->m, xh, xl));
	model_kv_num(kv, "plp_sd_tax", fairness_sd_two(f->n, f->m, pi * xh, pi * xl));
	model_kv_num(kv, "plp_sd_x_prior_mean", sx);
	model_kv_num(kv, "plp_sd_tax_prior_mean", st);
	model_kv_add(kv, "plp_note",
		     "thesis sigma 0.59 (m = 10) / 0.6 (mean) not reproduced: the supplier's "
		     "price maximising E[pi Y - a Y^2] with demands 2 (theta - pi)^+ gives the tax "
		     "sigma plp_sd_tax; its allocation sigma plp_sd_x is near the thesis's "
		     "numbers");
}

static void fair_describe(struct model *mo, struct model_kv *kv)
{
	struct fair *f = mo->self;
	describe_profile(f, kv);
	describe_bounds(mo, f, kv);
	model_kv_num(kv, "vcg_t_H", vcg_tax(f, 1));
	model_kv_num(kv, "vcg_t_L", vcg_tax(f, 0));
	model_kv_num(kv, "vcg_sd_tax", fairness_sd_two(f->n, f->m, vcg_tax(f, 1), vcg_tax(f, 0)));
	if (!is_grid(f))
		return;
	model_kv_num(kv, "sd_tax_prior_mean", f->sd_tax_mean);
	model_kv_num(kv, "vcg_sd_tax_prior_mean", prior_mean_sd(f, f->vth, f->vtl));
	describe_lp(f, kv);
	describe_plp(f, kv);
	if (f->mode == MODE_DRAW) {
		model_kv_add(kv, "mc_draws", "%zu", f->mc.n);
		model_kv_num(kv, "mc_sd_tax", f->mc.n > 0 ? f->mc.mean : NAN);
	}
}

/* ---- creation ---- */

static void fair_destroy(struct model *mo)
{
	struct fair *f = mo->self;
	fairness_table_fini(&f->tab);
	fairness_table_fini(&f->tab0);
	fairness_table_fini(&f->tab0m);
	free(f->pk);
	free(f->pm);
	free(f->th);
	free(f->tl);
	free(f->vth);
	free(f->vtl);
	free(f->buf);
	free(f);
}

static const struct model_vt fair_vt = {
	.destroy = fair_destroy,
	.advance = fair_advance,
	.observe = fair_observe,
	.dist = fair_dist,
	.describe = fair_describe,
};

/* The rule named by `tax` (canonical: the example's own); -1 with e when it needs the
 * smart grid's prior in the linear example. */
static int tax_rule(const char *name, int grid, struct err *e)
{
	if (strcmp(name, "canonical") == 0)
		return grid ? TAX_BSIC : TAX_DSIC;
	for (int i = 0; i < 4; i++)
		if (strcmp(name, tax_names[i]) == 0) {
			if (!grid && (i == TAX_BSIC || i == TAX_LP))
				return err_set(e, "parameter 'tax' = \"%s\" needs the smart grid's "
						  "prior; the linear example (Sec. 6) allows "
						  "canonical|dsic|vcg", name);
			return i;
		}
	return err_set(e, "parameter 'tax': unknown rule \"%s\"", name);
}

static struct model *fair_create(const struct model_ops *ops, const struct params *p,
				 uint64_t seed, struct err *e)
{
	int n = params_int(p, "N"), m = params_int(p, "m");
	int grid = strcmp(params_str(p, "example"), "smartgrid") == 0;
	int draw = strcmp(params_str(p, "mode"), "draw") == 0;
	double th = params_num(p, "thetaH"), tl = params_num(p, "thetaL");
	if (!(th > tl)) {
		err_set(e, "parameter 'thetaH' = %g must exceed 'thetaL' = %g (the high type)", th,
			tl);
		return NULL;
	}
	if (m > n) {
		err_set(e, "parameter 'm' = %d high types is more than 'N' = %d agents", m, n);
		return NULL;
	}
	if (draw && !grid) {
		err_set(e, "parameter 'mode' = \"draw\" draws profiles from the smart grid's "
			   "prior; the linear example (Sec. 6) has none: use mode = \"ramp\"");
		return NULL;
	}
	int tax = tax_rule(params_str(p, "tax"), grid, e);
	if (tax < 0)
		return NULL;
	struct fair *f = xcalloc(1, sizeof *f);
	enum fairness_kind kind = grid ? FAIRNESS_SMARTGRID : FAIRNESS_LINEAR;
	f->ec = (struct fairness_econ){ .kind = kind, .n = n, .th = th, .tl = tl,
					.a = grid ? params_num(p, "a") : 0,
					.mr = grid ? params_num(p, "must_run") : 0,
					.q = grid ? params_num(p, "q") : NAN };
	f->n = n;
	f->m = f->m0 = m;
	f->eps0 = params_num(p, "eps");
	f->eps_step = params_num(p, "eps_step");
	f->mode = draw ? MODE_DRAW : MODE_RAMP;
	f->tax = tax;
	f->canonical = strcmp(params_str(p, "tax"), "canonical") == 0;
	rng_stream(&f->rng, seed, STREAM_PROFILE);
	fairness_table_init(&f->tab, n);
	fairness_table_init(&f->tab0, n);
	fairness_table_init(&f->tab0m, n - 1);
	f->th = xcalloc((size_t)n, sizeof *f->th);
	f->tl = xcalloc((size_t)n, sizeof *f->tl);
	f->vth = xcalloc((size_t)n, sizeof *f->vth);
	f->vtl = xcalloc((size_t)n, sizeof *f->vtl);
	f->buf = xcalloc(3 * (size_t)n, sizeof *f->buf);
	if (grid) {
		f->pk = xmallocarray((size_t)n, sizeof *f->pk);
		f->pm = xmallocarray((size_t)n + 1, sizeof *f->pm);
		fairness_binom(n - 1, f->ec.q, f->pk);
		fairness_binom(n, f->ec.q, f->pm);
	}
	struct model *mo = model_alloc(ops, &fair_vt, f);
	if (fairness_table_fill(&f->tab0, &f->ec, 0) + fairness_table_fill(&f->tab0m, &f->ec, 0))
		model_warn(mo, "eps = 0: an allocation solve stopped at its iteration cap");
	fairness_tax_vcg(&f->ec, &f->tab0, &f->tab0m, f->vth, f->vtl);
	set_eps(mo, f, f->eps0);
	mo->dim = 0;
	mo->convergence = f->mode == MODE_DRAW ? "mc_se" : "ic_margin";
	model_set_ref(mo, "ic_margin", 0);
	model_set_ref(mo, "dsic_margin", 0);
	if (grid) {
		model_set_ref(mo, "H", 0);
		if (f->mode == MODE_DRAW)
			model_set_ref(mo, "mc_sd_tax", f->sd_tax_mean);
	}
	return mo;
}

/* ---- class ---- */

static const char fair_info[] =
	"WHAT IS IT\n"
	"Thesis chapter 5: a designer who cares about fairness allocates by maximising "
	"sum g_eps(v_i) - C with g_eps(z) = z - eps z^2 instead of the sum of utilities "
	"(eps = 0). Agents report binary types (thetaH, thetaL); taxes must make truth-telling "
	"optimal, and the question is up to which eps they can. Two examples (example): "
	"smartgrid, demand-side management (Sec. 2.1, 7): v = theta x - x^2/4, supply cost "
	"a y^2, a must-run floor, types high with probability q, Bayesian incentive "
	"compatibility (BSIC); linear, the analytic example of Sec. 6: one unit to share, "
	"v = theta x, dominant-strategy incentive compatibility (DSIC: taxes exist iff (5.22) "
	">= 0 for every number k of other high types). A step raises eps by eps_step, or (mode "
	"draw) draws a type profile from the prior. The tax rule is the example's canonical "
	"incentive-compatible rule, VCG of the eps = 0 allocation, or the optimum GLPK returns "
	"for the thesis's Fig. 19 LP.\n"
	"\n"
	"THINGS TO NOTICE\n"
	"- gini_v falls as eps grows. The Gini comes in both of the thesis's conventions: "
	"gini_v is the n^2 form of (5.21) (Figs 16, 18), gini_v_nn1 the n(n-1) form of "
	"Table 2.\n"
	"- ic_margin reaches 0 at eps_max (describe): beyond it no incentive-compatible taxes "
	"exist (linear: the tax series turn NaN) or the allocation ignores the reports (smart "
	"grid). The thesis's own bounds (eps_max_bound) are (5.20), 14.57 against the exact "
	"14.29 (linear), and the zero of H(eps), 0.0256 against 0.1999 (smart grid).\n"
	"- Fig. 19's tax sigma and the peak-load pricing sigma are not reproducible "
	"(describe: fig19_note, plp_note).\n"
	"\n"
	"THINGS TO TRY\n"
	"- set tax \"vcg\": VCG's tax sigma, flat in eps (5.90 at the defaults).\n"
	"- set mode \"draw\": fixed eps, each step draws a profile; mc_sd_tax estimates the "
	"prior mean.\n"
	"- set example \"linear\" with set thetaH 1, set thetaL 0.75, set N 50, set m 9 "
	"and set eps_step 0.125: Fig. 16.";

const struct model_ops fairness_model_ops = {
	.name = "fairness",
	.summary = "mechanism design for fairness, g_eps(z) = z - eps z^2: Gini against eps, "
		   "smart grid, where incentive compatibility breaks (thesis ch. 5)",
	.info = fair_info,
	.params = fair_params,
	.nparams = sizeof fair_params / sizeof fair_params[0],
	.series = fair_series,
	.nseries = sizeof fair_series / sizeof fair_series[0],
	.dists = fair_dists,
	.ndists = sizeof fair_dists / sizeof fair_dists[0],
	.create = fair_create,
};
