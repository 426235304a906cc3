/* dnbe_view: the distributions of the `dnbe` model (declared in dnbe.c): the watched
 * provider's reports, report frequencies and payments, the last day's dispatch, the
 * penalty raster, the test statistics and utilities per provider, the lie utility curve and
 * Figs 2-4 of paper 002 as curves. One table row per distribution says what it needs (days
 * played, the dnbe mechanism, the demand-response market); a request that cannot be met
 * says why. Neighbours: dnbe.c (the state, dnbe_model.h), dnbe_dr, dnbe_mech, stats. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/models/dnbe_model.h"
#include "core/stats.h"
#include "core/xmalloc.h"

#define REPORT_POINTS 2000
#define LIE_POINTS 97
#define FIG2_NMAX 100
#define FIG3_POINTS 23 /* means 0.5, 0.75, ..., 6 */
#define FIG4_POINTS 201

enum {
	NEED_DAYS = 1u << 0,   /* at least one day played (not the lie game) */
	NEED_DNBE = 1u << 1,   /* the dnbe mechanism (not the posted price) */
	NEED_DR = 1u << 2,     /* the demand-response market */
	NEED_STATE = 1u << 3,  /* a day played, or an action of the lie game */
};

/* ---- helpers ---- */

static double *seq(size_t n, double a, double step)
{
	double *x = xmallocarray(n ? n : 1, sizeof *x);
	for (size_t i = 0; i < n; i++)
		x[i] = a + step * (double)i;
	return x;
}

static void add_styled(struct dist *d, const char *label, const double *x, const double *y,
		       size_t n, enum dist_style st)
{
	struct dist_curve *c = dist_add(d, label, x, y, n);
	if (c)
		c->style = st;
}

/* A horizontal reference line at level y over [x0, x1]. */
static void add_level(struct dist *d, const char *label, double x0, double x1, double y)
{
	double x[2] = { x0, x1 }, v[2] = { y, y };
	add_styled(d, label, x, v, 2, DIST_STYLE_REFERENCE);
}

/* ---- the watched provider ---- */

static int dist_reports(struct dnbe *D, struct dist *d, struct err *e)
{
	const struct dnbe_mech *M = &D->mech;
	size_t n = M->hn < REPORT_POINTS ? M->hn : REPORT_POINTS, first = M->hn - n;
	char title[80];
	snprintf(title, sizeof title, "provider %d: reported against true type", D->watch + 1);
	dist_init(d, DIST_LINE, "reports", title, "true type", "reported type");
	double *x = xmallocarray(n, sizeof *x), *y = xmallocarray(n, sizeof *y);
	double lo = HUGE_VAL, hi = -HUGE_VAL;
	for (size_t j = 0; j < n; j++) {
		const struct dnbe_mech_day *h = dnbe_mech_hist(M, first + j);
		x[j] = h->tru;
		y[j] = h->rep;
		lo = fmin(lo, fmin(x[j], y[j]));
		hi = fmax(hi, fmax(x[j], y[j]));
	}
	add_styled(d, "last days", x, y, n, DIST_STYLE_POINTS);
	double diag[2] = { lo, hi };
	add_styled(d, "truthful", diag, diag, 2, DIST_STYLE_REFERENCE);
	free(x);
	free(y);
	(void)e;
	return 0;
}

static int dist_report_freq(struct dnbe *D, struct dist *d, struct err *e)
{
	const struct dnbe_mech *M = &D->mech;
	int w = D->watch;
	const struct dnbe_law *B = &D->bid[w], *T = &D->truth[w];
	double l = (double)M->l, r = M->r;
	char title[80];
	snprintf(title, sizeof title, "provider %d: report frequencies, day %ld", w + 1, M->l);
	dist_init(d, DIST_LINE, "report_freq", title, "type", "frequency");
	size_t k = (size_t)B->k;
	double *f = xmallocarray(k, sizeof *f), *up = xmallocarray(k, sizeof *up);
	double *dn = xmallocarray(k, sizeof *dn);
	for (size_t i = 0; i < k; i++) {
		f[i] = M->test.freq[w][i] / l;
		up[i] = B->p[i] + r;
		dn[i] = B->p[i] - r;
	}
	add_styled(d, "reported", B->v, f, k, DIST_STYLE_POINTS);
	add_styled(d, "bid law", B->v, B->p, k, DIST_STYLE_LINE);
	add_styled(d, "bid law + r(l)", B->v, up, k, DIST_STYLE_REFERENCE);
	add_styled(d, "bid law - r(l)", B->v, dn, k, DIST_STYLE_REFERENCE);
	double *t = xmallocarray((size_t)T->k, sizeof *t);
	for (int i = 0; i < T->k; i++)
		t[i] = M->wtrue[i] / l;
	add_styled(d, "true types", T->v, t, (size_t)T->k, DIST_STYLE_POINTS);
	free(t);
	free(f);
	free(up);
	free(dn);
	(void)e;
	return 0;
}

static void add_cdf(struct dist *d, const char *label, const double *x, size_t n)
{
	struct stats_ecdf c;
	stats_ecdf_init(&c, x, NULL, n);
	dist_add(d, label, c.x, c.F, c.n);
	stats_ecdf_fini(&c);
}

static int dist_payments(struct dnbe *D, struct dist *d, struct err *e)
{
	const struct dnbe_mech *M = &D->mech;
	size_t n = M->hn;
	char title[80];
	snprintf(title, sizeof title, "provider %d: daily payments received", D->watch + 1);
	dist_init(d, DIST_CDF, "payments", title, "payment received", "CDF");
	double *a = xmallocarray(n, sizeof *a), *b = xmallocarray(n, sizeof *b);
	for (size_t j = 0; j < n; j++) {
		const struct dnbe_mech_day *h = dnbe_mech_hist(M, j);
		a[j] = h->recv;
		b[j] = h->recv + h->penalty;
	}
	add_cdf(d, "received", a, n);
	if (!D->posted)
		add_cdf(d, "before penalties", b, n);
	free(a);
	free(b);
	(void)e;
	return 0;
}

/* ---- the whole market ---- */

static int dist_dispatch(struct dnbe *D, struct dist *d, struct err *e)
{
	char title[80];
	snprintf(title, sizeof title, "outcome of day %ld", D->mech.l);
	dist_init(d, DIST_BARS, "dispatch", title, "", "energy");
	if (D->market != DNBE_MARKET_DR) {
		const struct dnbe_toym *T = &D->toym;
		const struct dnbe_game *g = &T->game;
		int x1 = dnbe_game_x(g, 0, T->o2), x2 = dnbe_game_x(g, 1, T->o2);
		double rt = g->shortage - T->o1 - x1 - x2;
		double v[4] = { T->o1, x1, x2, rt > 0 ? rt : 0 }, x[4] = { 0, 1, 2, 3 };
		static const char *const lab[4] = { "o1 reserve", "x1", "x2", "real-time" };
		dist_add(d, "units", x, v, 4);
		dist_set_labels(d, lab, 4);
		(void)e;
		return 0;
	}
	size_t n = (size_t)D->n;
	double *x = seq(n + 1, 0, 1), *v = xmallocarray(n + 1, sizeof *v);
	char **lab = xmallocarray(n + 1, sizeof *lab);
	for (size_t i = 0; i < n; i++) {
		v[i] = D->drm.x[i];
		lab[i] = xasprintf("x%zu", i + 1);
	}
	v[n] = D->drm.g;
	lab[n] = xstrdup("g");
	dist_add(d, "dispatch", x, v, n + 1);
	dist_set_labels(d, (const char *const *)lab, n + 1);
	for (size_t i = 0; i <= n; i++)
		free(lab[i]);
	free(lab);
	free(x);
	free(v);
	return 0;
}

static int dist_penalty_events(struct dnbe *D, struct dist *d, struct err *e)
{
	const struct dnbe_mech *M = &D->mech;
	if (M->en == 0)
		return err_set(e, "no provider has been penalised yet (day %ld)", M->l);
	dist_init(d, DIST_LINE, "penalty_events", "penalty raster (last events)", "day",
		  "provider");
	double *x = xmallocarray(M->en, sizeof *x), *y = xmallocarray(M->en, sizeof *y);
	for (size_t j = 0; j < M->en; j++) {
		const struct dnbe_mech_event *ev = dnbe_mech_event(M, j);
		x[j] = (double)ev->day;
		y[j] = ev->player + 1;
	}
	add_styled(d, "penalty", x, y, M->en, DIST_STYLE_POINTS);
	free(x);
	free(y);
	return 0;
}

static int dist_test_stats(struct dnbe *D, struct dist *d, struct err *e)
{
	const struct dnbe_mech *M = &D->mech;
	size_t n = (size_t)D->n;
	char title[80];
	snprintf(title, sizeof title, "test statistics on day %ld", M->l);
	dist_init(d, DIST_LINE, "test_stats", title, "provider", "statistic");
	double *x = seq(n, 1, 1);
	add_styled(d, "max |f^| (frequency)", x, M->test.fmax, n, DIST_STYLE_POINTS);
	add_styled(d, "max |h^| (independence)", x, M->test.hmax, n, DIST_STYLE_POINTS);
	add_level(d, "window r(l)", 1, (double)n, M->r);
	free(x);
	(void)e;
	return 0;
}

static int dist_provider_utility(struct dnbe *D, struct dist *d, struct err *e)
{
	size_t n = (size_t)D->n;
	double *x = seq(n, 1, 1), *y = xmallocarray(n, sizeof *y), *z = xmallocarray(n, sizeof *z);
	dist_init(d, DIST_LINE, "provider_utility", "long-run utility per provider", "provider",
		  "utility");
	if (D->lie_game) {
		if (!D->have_last) {
			free(x);
			free(y);
			free(z);
			return err_set(e, "no action observed yet");
		}
		dnbe_const_lie(D, D->c_last, y);
		add_styled(d, "exact at the action c", x, y, n, DIST_STYLE_POINTS);
		add_styled(d, "IR level (c = 1)", x, D->ir, n, DIST_STYLE_REFERENCE);
	} else {
		const struct dnbe_mech *M = &D->mech;
		double l = (double)M->l;
		for (size_t i = 0; i < n; i++) {
			y[i] = M->cum_util[i] / l;
			z[i] = D->ref_util[i] - M->cum_pen[i] / l;
		}
		add_styled(d, "average so far", x, y, n, DIST_STYLE_POINTS);
		add_styled(d, D->posted ? "expected" : "IR level", x, D->ref_util, n,
			   DIST_STYLE_REFERENCE);
		if (!D->posted)
			add_styled(d, "IR - own penalties / l", x, z, n, DIST_STYLE_POINTS);
		if (D->have_exact && !D->posted)
			add_styled(d, "exact long-run", x, D->exact, n, DIST_STYLE_POINTS);
	}
	free(x);
	free(y);
	free(z);
	return 0;
}

/* ---- curves of the demand-response mathematics ---- */

static int dist_lie_utility(struct dnbe *D, struct dist *d, struct err *e)
{
	int n = D->n, w = D->watch;
	double *c = xmallocarray((size_t)n, sizeof *c);
	for (int i = 0; i < n; i++)
		c[i] = D->lie_game ? (D->have_last ? D->c_last[i] : 1)
				   : D->strat[i].kind == DNBE_SCALE ? D->strat[i].c : 1;
	char title[80];
	snprintf(title, sizeof title, "provider %d: exact utility of a consistent lie", w + 1);
	dist_init(d, DIST_LINE, "lie_utility", title, "scale c", "long-run utility");
	double x[LIE_POINTS], y[LIE_POINTS];
	for (int j = 0; j < LIE_POINTS; j++) {
		x[j] = exp(log(0.25) + log(16.0) * j / (LIE_POINTS - 1));
		y[j] = dnbe_dr_lie_utility(&D->q, &D->prov, &D->reserve, D->d, n, c, w, x[j]);
	}
	add_styled(d, "U(c)", x, y, LIE_POINTS, DIST_STYLE_LINE);
	double bx, by;
	dnbe_dr_lie_best(&D->q, &D->prov, &D->reserve, D->d, n, c, w, DNBE_C_MIN, DNBE_C_MAX,
			 &bx);
	by = dnbe_dr_lie_utility(&D->q, &D->prov, &D->reserve, D->d, n, c, w, bx);
	add_styled(d, "best response", &bx, &by, 1, DIST_STYLE_POINTS);
	free(c);
	(void)e;
	return 0;
}

/* C* and the posted price's minimum for n = 0..nfig2 providers, once. */
static void fig2_values(struct dnbe *D)
{
	if (D->fig2_c)
		return;
	int nmax = D->n > 20 ? (D->n < FIG2_NMAX ? D->n : FIG2_NMAX) : 20;
	D->nfig2 = nmax;
	D->fig2_c = xmallocarray((size_t)nmax + 1, sizeof *D->fig2_c);
	D->fig2_pp = xmallocarray((size_t)nmax + 1, sizeof *D->fig2_pp);
	dnbe_dr_fig2(&D->q, &D->prov, &D->reserve, D->d, nmax, D->fig2_c);
	for (int n = 0; n <= nmax; n++) {
		struct dnbe_dr_pop P;
		struct dnbe_dr_posted po;
		dnbe_dr_pop_init(&P, &D->reserve, D->d);
		dnbe_dr_pop_add(&P, &D->prov, n);
		dnbe_dr_posted(&P, &po);
		D->fig2_pp[n] = po.cost_min;
		dnbe_dr_pop_fini(&P);
	}
}

static int dist_fig2(struct dnbe *D, struct dist *d, struct err *e)
{
	fig2_values(D);
	size_t np = (size_t)D->nfig2 + 1;
	double *x = seq(np, 0, 1);
	dist_init(d, DIST_LINE, "fig2", "Fig. 2: expected social cost against the number of "
					"providers", "providers n", "expected social cost");
	add_styled(d, "C* (DNBE, truthful)", x, D->fig2_c, np, DIST_STYLE_LINE);
	add_styled(d, "posted price at p*", x, D->fig2_pp, np, DIST_STYLE_LINE);
	if (D->n <= D->nfig2) {
		double xn = D->n, yn = D->fig2_c[D->n];
		add_styled(d, "this n", &xn, &yn, 1, DIST_STYLE_POINTS);
	}
	free(x);
	(void)e;
	return 0;
}

static int dist_fig3(struct dnbe *D, struct dist *d, struct err *e)
{
	double *m = seq(FIG3_POINTS, 0.5, 0.25);
	if (!D->fig3_y) {
		double *y = xmallocarray(FIG3_POINTS, sizeof *y);
		if (dnbe_dr_fig3(&D->q, &D->reserve, D->d, D->n, D->var, D->K, DNBE_FIG3_FIXED, m,
				 FIG3_POINTS, y, e) < 0) {
			free(y);
			free(m);
			return -1;
		}
		D->fig3_y = y;
	}
	char title[80];
	snprintf(title, sizeof title, "Fig. 3: payment to a provider with delta = %d, n = %d",
		 DNBE_FIG3_FIXED, D->n);
	dist_init(d, DIST_LINE, "fig3", title, "mean type of the others",
		  "average payment received");
	add_styled(d, "average payment", m, D->fig3_y, FIG3_POINTS, DIST_STYLE_LINE);
	free(m);
	return 0;
}

static int dist_fig4(struct dnbe *D, struct dist *d, struct err *e)
{
	double pmax = fmax(0.1, 2.5 * D->pp.pstar);
	double *p = seq(FIG4_POINTS, 0, pmax / (FIG4_POINTS - 1)), y[FIG4_POINTS];
	for (int j = 0; j < FIG4_POINTS; j++)
		y[j] = dnbe_dr_posted_cost(&D->pp, p[j]);
	char title[80];
	snprintf(title, sizeof title, "Fig. 4: posted price against DNBE, n = %d", D->n);
	dist_init(d, DIST_LINE, "fig4", title, "price p", "expected social cost");
	add_styled(d, "E[SC(p)] posted", p, y, FIG4_POINTS, DIST_STYLE_LINE);
	add_level(d, "C* (DNBE)", 0, pmax, D->C_star);
	add_styled(d, "p*", &D->pp.pstar, &D->pp.cost_min, 1, DIST_STYLE_POINTS);
	free(p);
	(void)e;
	return 0;
}

/* ---- dispatch ---- */

struct view_row {
	const char *name;
	unsigned need;
	int (*fn)(struct dnbe *D, struct dist *d, struct err *e);
};

static const struct view_row rows[] = {
	{ "reports", NEED_DAYS | NEED_DNBE, dist_reports },
	{ "report_freq", NEED_DAYS | NEED_DNBE, dist_report_freq },
	{ "payments", NEED_DAYS, dist_payments },
	{ "dispatch", NEED_DAYS, dist_dispatch },
	{ "penalty_events", NEED_DAYS | NEED_DNBE, dist_penalty_events },
	{ "test_stats", NEED_DAYS | NEED_DNBE, dist_test_stats },
	{ "provider_utility", NEED_STATE, dist_provider_utility },
	{ "lie_utility", NEED_DR, dist_lie_utility },
	{ "fig2", NEED_DR, dist_fig2 },
	{ "fig3", NEED_DR, dist_fig3 },
	{ "fig4", NEED_DR, dist_fig4 },
};

static int check_need(struct dnbe *D, const struct view_row *r, struct err *e)
{
	if ((r->need & NEED_DR) && D->market != DNBE_MARKET_DR)
		return err_set(e, "distribution '%s' needs market = dr", r->name);
	if ((r->need & (NEED_DAYS | NEED_DNBE)) && D->lie_game)
		return err_set(e, "distribution '%s': no days are played in the consistent-lie "
				  "game (lie_game = 1)", r->name);
	if ((r->need & NEED_DNBE) && D->posted)
		return err_set(e, "distribution '%s': the posted price takes no reports and has "
				  "no tests", r->name);
	if ((r->need & (NEED_DAYS | NEED_STATE)) && !D->lie_game && D->mech.l == 0)
		return err_set(e, "distribution '%s': no day has been played yet", r->name);
	return 0;
}

int dnbe_view_dist(struct model *m, const char *name, const double *a, struct dist *d,
		   struct err *e)
{
	struct dnbe *D = m->self;
	(void)a;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		if (strcmp(rows[i].name, name) != 0)
			continue;
		if (check_need(D, &rows[i], e) < 0)
			return -1;
		int rc = rows[i].fn(D, d, e);
		dnbe_warn_quad(m);
		return rc;
	}
	char known[400] = "";
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", i ? ", " : "",
			 rows[i].name);
	return err_set(e, "model 'dnbe' has no distribution '%s'; known: %s", name, known);
}
