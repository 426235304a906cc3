/* test_chart: chart rendering. Golden tests draw every chart kind, in braille and in ASCII,
 * and compare canvas_to_text() with tests/chart/golden/NAME.txt (found through the
 * top_srcdir environment variable, "." when unset). Unit tests cover nice ticks, tick
 * labels, axes of only a few rows, placeholders, clipping, NaN/inf, constants, log axes
 * with non-positive values, histogram and bar heights, legend roles and chart_dist
 * dispatch.
 *
 * Regenerating the goldens after an intended change to the drawing:
 *     TATON_UPDATE_GOLDEN=1 make check TESTS=tests/chart/test_chart
 * (or run the binary with TATON_UPDATE_GOLDEN=1 and top_srcdir set to the source tree);
 * the golden tests then write their files instead of comparing. Look at the diff before
 * committing it. Test data comes from exact arithmetic (ratios, recurrences, van der Corput
 * sequences), not from libm or a random generator, so the pictures are the same
 * everywhere. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <cmocka.h>

#include "chart/canvas.h"
#include "chart/chart.h"
#include "chart/chart_axis.h"
#include "chart/chart_plot.h"
#include "core/series.h"
#include "tests/testutil.h"

#define GW 60 /* golden canvas size */
#define GH 16

/* ---- data ---------------------------------------------------------------------------- */

#define NL 200 /* line points */
#define NS 300 /* samples */
#define NZ 101 /* function plot points */

static double line_y[3][NL], conv[3][NL], smp[NS], smp2[NS], zx[NZ], gz[NZ];

static double vdc(unsigned n, unsigned base)
{
	double q = 0, bk = 1.0 / base;
	while (n) {
		q += (double)(n % base) * bk;
		n /= base;
		bk /= base;
	}
	return q;
}

static int setup_data(void **state)
{
	double z0 = 1, z1 = 0.95 * 0.9, p = 1;
	(void)state;
	for (int i = 0; i < NL; i++) {
		line_y[0][i] = (double)i / (i + 20);
		line_y[1][i] = 1 - (double)i / (i + 60);
		line_y[2][i] = 0.5 + 0.4 * z0; /* damped oscillation by a linear recurrence */
		double zn = 2 * 0.97 * 0.9 * z1 - 0.97 * 0.97 * z0;
		z0 = z1;
		z1 = zn;
		conv[0][i] = p;
		p *= 0.9;
		conv[1][i] = 1.0 / ((i + 1.0) * (i + 1.0));
		conv[2][i] = (i % 50 > 40) ? NAN : 0.5 / (i + 1.0);
	}
	conv[2][10] = 0; /* not plottable on a log axis */
	conv[2][11] = -1;
	for (int i = 0; i < NS; i++) {
		smp[i] = vdc((unsigned)i + 1, 2) + vdc((unsigned)i + 1, 3) + vdc((unsigned)i + 1, 5);
		smp2[i] = 1.5 * vdc((unsigned)i + 1, 7) + 0.8;
	}
	for (int i = 0; i < NZ; i++) {
		double z = i / 100.0;
		zx[i] = z;
		gz[i] = 0.1 + 0.8 * z * z * (3 - 2 * z);
	}
	return 0;
}

/* ---- helpers ------------------------------------------------------------------------- */

static char *render_text(void (*draw)(struct canvas *, int), int w, int h, int ascii)
{
	struct canvas c;
	canvas_init(&c, w, h);
	draw(&c, ascii);
	char *t = canvas_to_text(&c);
	canvas_fini(&c);
	return t;
}

/* Compares the chart with tests/chart/golden/NAME[_ascii].txt (TATON_UPDATE_GOLDEN=1 writes
 * it). */
static void golden(const char *name, void (*draw)(struct canvas *, int), int ascii)
{
	char rel[256];
	snprintf(rel, sizeof rel, "tests/chart/golden/%s%s.txt", name, ascii ? "_ascii" : "");
	char *t = render_text(draw, GW, GH, ascii);
	tu_golden(rel, t);
	free(t);
}

/* ---- golden charts ------------------------------------------------------------------- */

static void draw_line(struct canvas *c, int ascii)
{
	struct chart_series s[3] = {
		{"fictitious", NULL, line_y[0], NL, 0},
		{"cournot", NULL, line_y[1], NL, 0},
		{"damped", NULL, line_y[2], NL, 0},
	};
	struct chart_opts o = {.ascii = ascii, .legend = 1, .title = "Convergence of the dynamics",
			       .xlabel = "step", .ylabel = "share"};
	assert_int_equal(chart_line(c, 0, 0, c->w, c->h, s, 3, &o), 0);
}

static void draw_logy(struct canvas *c, int ascii)
{
	struct chart_series s[3] = {
		{"0.9^n", NULL, conv[0], NL, 0},
		{"1/n^2", NULL, conv[1], NL, 0},
		{"gappy", NULL, conv[2], NL, 0},
	};
	struct chart_opts o = {.ascii = ascii, .legend = 1, .logy = 1,
			       .title = "Distance to equilibrium", .xlabel = "step",
			       .ylabel = "distance"};
	assert_int_equal(chart_line(c, 0, 0, c->w, c->h, s, 3, &o), 0);
}

static void draw_cdf(struct canvas *c, int ascii)
{
	static const double sx[5] = {0.5, 1, 1.5, 2, 2.5}, sf[5] = {0.1, 0.3, 0.6, 0.9, 1};
	struct chart_series s[2] = {
		{"samples", smp, NULL, NS, 0},
		{"given", sx, sf, 5, 0},
	};
	struct chart_opts o = {.ascii = ascii, .legend = 1, .title = "Bid CDF", .xlabel = "bid"};
	assert_int_equal(chart_cdf(c, 0, 0, c->w, c->h, s, 2, &o), 0);
}

static void draw_hist(struct canvas *c, int ascii)
{
	struct chart_series s = {"bids", smp, NULL, NS, 0};
	struct chart_opts o = {.ascii = ascii, .title = "Bid histogram", .xlabel = "bid",
			       .ylabel = "count"};
	assert_int_equal(chart_hist(c, 0, 0, c->w, c->h, &s, 1, &o), 0);
}

static void draw_hist_multi(struct canvas *c, int ascii)
{
	struct chart_series s[2] = {{"sum of three", smp, NULL, NS, 0},
				    {"uniform", smp2, NULL, NS, 0}};
	struct chart_opts o = {.ascii = ascii, .legend = 1, .title = "Two histograms",
			       .bins = 12};
	assert_int_equal(chart_hist(c, 0, 0, c->w, c->h, s, 2, &o), 0);
}

static void draw_hist_edges(struct canvas *c, int ascii)
{
	static const double edges[] = {0, 0.5, 1, 2, 3};
	static double w[NS];
	for (int i = 0; i < NS; i++)
		w[i] = (i % 3 == 0) ? 2 : 0.5; /* weights */
	struct chart_series s = {"weighted", smp, w, NS, 0};
	struct chart_opts o = {.ascii = ascii, .title = "Given edges, weights", .edges = edges,
			       .nedges = 5};
	assert_int_equal(chart_hist(c, 0, 0, c->w, c->h, &s, 1, &o), 0);
}

static void draw_bars(struct canvas *c, int ascii)
{
	static const double v[2] = {0.62, 0.38};
	static const char *const lab[2] = {"bid 0", "bid 1"};
	struct chart_series s = {"share", NULL, v, 2, 0};
	struct chart_opts o = {.ascii = ascii, .title = "Binary client bids", .ylabel = "share"};
	assert_int_equal(chart_bars(c, 0, 0, c->w, c->h, &s, 1, lab, &o), 0);
}

static void draw_bars_grouped(struct canvas *c, int ascii)
{
	static const double a[4] = {3, 5, 2, 7}, b[4] = {4, 1, 6, 2.5};
	static const char *const lab[4] = {"mon", "tue", "wed", "thursday"};
	struct chart_series s[2] = {{"before", NULL, a, 4, 0}, {"after", NULL, b, 4, 0}};
	struct chart_opts o = {.ascii = ascii, .legend = 1, .title = "Grouped bars"};
	assert_int_equal(chart_bars(c, 0, 0, c->w, c->h, s, 2, lab, &o), 0);
}

static void draw_bars_neg(struct canvas *c, int ascii)
{
	static const double v[5] = {-2, 3.5, 0, -0.5, 1};
	static const double x[5] = {1, 2, 3, 4, 5};
	struct chart_series s = {"profit", x, v, 5, 0};
	struct chart_opts o = {.ascii = ascii, .title = "Negative values"};
	assert_int_equal(chart_bars(c, 0, 0, c->w, c->h, &s, 1, NULL, &o), 0);
}

static void draw_func(struct canvas *c, int ascii)
{
	struct chart_series s[2] = {{"diagonal", zx, zx, NZ, DIST_STYLE_REFERENCE},
				    {"gamma(z)", zx, gz, NZ, 0}};
	struct chart_opts o = {.ascii = ascii, .legend = 1,
			       .title = "gamma(z) against the diagonal", .xlabel = "z",
			       .fix_x = 1, .xmin = 0, .xmax = 1, .fix_y = 1, .ymin = 0, .ymax = 1};
	assert_int_equal(chart_line(c, 0, 0, c->w, c->h, s, 2, &o), 0);
}

static void draw_const(struct canvas *c, int ascii)
{
	static const double v[5] = {1, 1, 1, 1, 1};
	struct chart_series s = {"price", NULL, v, 5, 0};
	struct chart_opts o = {.ascii = ascii, .title = "A constant"};
	assert_int_equal(chart_line(c, 0, 0, c->w, c->h, &s, 1, &o), 0);
}

static void draw_decades(struct canvas *c, int ascii)
{
	static const double v[7] = {1e-6, 1e-4, 1e-2, 1, 1e2, 1e4, 1e6};
	struct chart_series s = {"v", NULL, v, 7, 0};
	struct chart_opts o = {.ascii = ascii, .title = "Twelve decades, linear"};
	assert_int_equal(chart_line(c, 0, 0, c->w, c->h, &s, 1, &o), 0);
}

static void draw_decades_log(struct canvas *c, int ascii)
{
	static const double v[7] = {1e-6, 1e-4, 1e-2, 1, 1e2, 1e4, 1e6};
	struct chart_series s = {"v", NULL, v, 7, 0};
	struct chart_opts o = {.ascii = ascii, .logy = 1, .title = "Twelve decades, log"};
	assert_int_equal(chart_line(c, 0, 0, c->w, c->h, &s, 1, &o), 0);
}

static void draw_gaps(struct canvas *c, int ascii)
{
	static double v[40];
	for (int i = 0; i < 40; i++)
		v[i] = (double)(i % 10) / 10;
	v[5] = NAN;
	v[15] = INFINITY;
	v[16] = -INFINITY;
	v[25] = NAN;
	v[27] = NAN; /* leaves v[26] alone: a single dot */
	struct chart_series s = {"saw", NULL, v, 40, 0};
	struct chart_opts o = {.ascii = ascii, .title = "NaN and inf make gaps", .x0 = 100,
			       .dx = 0.5};
	assert_int_equal(chart_line(c, 0, 0, c->w, c->h, &s, 1, &o), 0);
}

static void draw_fixed(struct canvas *c, int ascii)
{
	struct chart_series s[2] = {{"fictitious", NULL, line_y[0], NL, 0},
				    {"damped", NULL, line_y[2], NL, 0}};
	struct chart_opts o = {.ascii = ascii, .legend = 1, .title = "Fixed ranges clip",
			       .fix_x = 1, .xmin = 20, .xmax = 80, .fix_y = 1, .ymin = 0.4,
			       .ymax = 0.7};
	assert_int_equal(chart_line(c, 0, 0, c->w, c->h, s, 2, &o), 0);
}

static void draw_nodata(struct canvas *c, int ascii)
{
	static const double v[3] = {NAN, NAN, NAN};
	struct chart_series s = {"nothing", NULL, v, 3, 0};
	struct chart_opts o = {.ascii = ascii, .title = "Empty"};
	assert_int_equal(chart_line(c, 0, 0, c->w, c->h, &s, 1, &o), 0);
}

/* A 16 x 5 chart (the minimum) and a 15 x 5 one (the placeholder) side by side. */
static void draw_small(struct canvas *c, int ascii)
{
	struct chart_series s = {"fictitious", NULL, line_y[0], NL, 0};
	struct chart_opts o = {.ascii = ascii, .title = "Smallest chart"};
	assert_int_equal(chart_line(c, 0, 0, CHART_MIN_W, CHART_MIN_H, &s, 1, &o), 0);
	assert_int_equal(chart_line(c, 20, 0, CHART_MIN_W - 1, CHART_MIN_H, &s, 1, &o), 1);
	assert_int_equal(chart_line(c, 40, 0, CHART_MIN_W, CHART_MIN_H - 1, &s, 1, &o), 1);
	assert_int_equal(chart_bars(c, 0, 6, CHART_MIN_W, CHART_MIN_H, &s, 1, NULL, &o), 0);
	assert_int_equal(chart_cdf(c, 20, 6, CHART_MIN_W, CHART_MIN_H, &s, 1, &o), 0);
	struct chart_series hs = {"bids", smp, NULL, NS, 0};
	assert_int_equal(chart_hist(c, 40, 6, CHART_MIN_W, CHART_MIN_H, &hs, 1, &o), 0);
	assert_int_equal(chart_hist(c, 0, 12, 5, 1, &hs, 1, &o), 1);
}

static void draw_dist_bars(struct canvas *c, int ascii)
{
	static const double x[3] = {0, 1, 2}, y[3] = {0.2, 0.5, 0.3};
	static const char *const lab[2] = {"none", "low"}; /* shorter than the categories */
	struct dist d;
	dist_init(&d, DIST_BARS, "bids", "Bid distribution", "bid", "share");
	dist_add(&d, "share", x, y, 3);
	dist_set_labels(&d, lab, 2);
	struct chart_opts o = {.ascii = ascii};
	assert_int_equal(chart_dist(c, 0, 0, c->w, c->h, &d, &o), 0);
	dist_fini(&d);
}

/* Few rows: a series crossing zero then staying high, all-zero bars (a market before
 * anyone moves) and a narrow band far from zero, where two bracketing ticks alone would
 * need a step much wider than the data. */
static const double jump[21] = {-11.9, -3.9, 4.1, 12.1, 20.1, 40.15, 40.15, 40.15, 40.15,
				40.15, 40.15, 40.15, 40.15, 40.15, 40.15, 40.15, 40.15,
				40.15, 40.15, 40.15, 40.15};

static void draw_small_ranges(struct canvas *c, int ascii)
{
	static const double zero[2] = {0, 0}, band[6] = {92, 97, 108, 103, 95, 101};
	struct chart_series s = {"y", NULL, jump, 21, 0};
	struct chart_series z = {"q", NULL, zero, 2, 0};
	struct chart_series b = {"p", NULL, band, 6, 0};
	struct chart_opts o = {.ascii = ascii};
	assert_int_equal(chart_line(c, 0, 0, 23, 5, &s, 1, &o), 0);
	assert_int_equal(chart_line(c, 25, 0, 23, 7, &s, 1, &o), 0);
	assert_int_equal(chart_bars(c, 0, 9, 16, 5, &z, 1, NULL, &o), 0);
	assert_int_equal(chart_line(c, 25, 9, 23, 6, &b, 1, &o), 0);
}

/* ---- heat maps and curve styles ----------------------------------------------------- */

#define HN 11 /* heat map grid: HN x HN points on [0, 1]^2 */

static double hx[HN], hxy[HN * HN];

/* f(x, y) = x * y on the grid i / 10, j / 10 (exact: i * j / 100). */
static void heat_data(void)
{
	for (int i = 0; i < HN; i++)
		hx[i] = i / 10.0;
	for (int j = 0; j < HN; j++)
		for (int i = 0; i < HN; i++)
			hxy[j * HN + i] = (double)(i * j) / 100;
}

static void draw_heat(struct canvas *c, int ascii)
{
	struct chart_grid g = {.x = hx, .y = hx, .nx = HN, .ny = HN, .v = hxy, .label = "x*y"};
	struct chart_opts o = {.ascii = ascii, .title = "x * y on an 11 x 11 grid", .xlabel = "x",
			       .ylabel = "y"};
	heat_data();
	assert_int_equal(chart_heat(c, 0, 0, c->w, c->h, &g, &o), 0);
}

static void draw_heat_const(struct canvas *c, int ascii)
{
	static const double x[5] = {1, 2, 3, 4, 5}, y[3] = {10, 20, 30};
	static double v[15];
	for (int k = 0; k < 15; k++)
		v[k] = 0.5;
	struct chart_grid g = {.x = x, .y = y, .nx = 5, .ny = 3, .v = v, .label = "p"};
	struct chart_opts o = {.ascii = ascii, .title = "A constant field"};
	assert_int_equal(chart_heat(c, 0, 0, c->w, c->h, &g, &o), 0);
}

/* x - y on 8 x 6 points, no value where x < 3 and y > 2 (the top-left block). */
static double nan_v[48];
static const double nan_x[8] = {0, 1, 2, 3, 4, 5, 6, 7}, nan_y[6] = {0, 1, 2, 3, 4, 5};

static void nan_data(void)
{
	for (int j = 0; j < 6; j++)
		for (int i = 0; i < 8; i++)
			nan_v[j * 8 + i] = i < 3 && j > 2 ? NAN : (double)(i - j);
}

static void draw_heat_nan(struct canvas *c, int ascii)
{
	struct chart_grid g = {.x = nan_x, .y = nan_y, .nx = 8, .ny = 6, .v = nan_v,
			       .label = "x-y"};
	struct chart_opts o = {.ascii = ascii, .title = "Cells without a value"};
	nan_data();
	assert_int_equal(chart_heat(c, 0, 0, c->w, c->h, &g, &o), 0);
}

/* Two point sets: the iterates of x -> 0.5 + 0.8 (x - 0.5) cos-free (a damped
 * alternation) and a few scattered points. */
static double pt_x[12], pt_y[12];
static const double sc_x[5] = {1, 4, 6, 9, 11}, sc_y[5] = {0.1, 0.9, 0.2, 0.8, 0.45};

static void points_data(void)
{
	double v = 0.95;
	for (int i = 0; i < 12; i++) {
		pt_x[i] = i;
		pt_y[i] = v;
		v = 0.5 - 0.8 * (v - 0.5);
	}
}

static void draw_points(struct canvas *c, int ascii)
{
	struct chart_series s[2] = {{"iterates", pt_x, pt_y, 12, DIST_STYLE_POINTS},
				    {"scatter", sc_x, sc_y, 5, DIST_STYLE_POINTS}};
	struct chart_opts o = {.ascii = ascii, .legend = 1, .title = "Points only",
			       .xlabel = "n"};
	points_data();
	assert_int_equal(chart_line(c, 0, 0, c->w, c->h, s, 2, &o), 0);
}

/* A Lorenz curve as one distribution: L(p) = p^2 as a line, the equality diagonal as a
 * reference and ten agents with incomes 1..10 as points (k (k + 1) / 110 at k / 10). */
static void lorenz_dist(struct dist *d)
{
	double lx[NZ], ly[NZ], ax[11], ay[11], diag[2] = {0, 1};
	for (int i = 0; i < NZ; i++) {
		lx[i] = zx[i];
		ly[i] = zx[i] * zx[i];
	}
	for (int k = 0; k <= 10; k++) {
		ax[k] = k / 10.0;
		ay[k] = (double)(k * (k + 1)) / 110;
	}
	dist_init(d, DIST_LINE, "lorenz", "Lorenz curve", "population share", "income share");
	dist_add(d, "p^2", lx, ly, NZ);
	dist_add(d, "equality", diag, diag, 2)->style = DIST_STYLE_REFERENCE;
	dist_add(d, "agents", ax, ay, 11)->style = DIST_STYLE_POINTS;
}

static void draw_dist_mixed(struct canvas *c, int ascii)
{
	struct dist d;
	struct chart_opts o = {.ascii = ascii, .legend = 1};
	lorenz_dist(&d);
	assert_int_equal(chart_dist(c, 0, 0, c->w, c->h, &d, &o), 0);
	dist_fini(&d);
}

/* ---- the simplex ---------------------------------------------------------------------- */

#define SN 24 /* simplex path points */

/* A path spiralling into the centre of the simplex: d -> 1.035 d + 0.2875 d', where d is
 * the distance from (1/3, 1/3, 1/3) and d' its cyclic shift (d3, d1, d2); sums stay 1. */
static double sp[3][SN], eq3[3][1] = {{1.0 / 3}, {1.0 / 3}, {1.0 / 3}};

static void simplex_data(void)
{
	double d[3] = {0.7 - 1.0 / 3, 0.2 - 1.0 / 3, 0.1 - 1.0 / 3};
	for (int j = 0; j < SN; j++) {
		for (int k = 0; k < 3; k++)
			sp[k][j] = 1.0 / 3 + d[k];
		double e[3];
		for (int k = 0; k < 3; k++)
			e[k] = 1.035 * d[k] + 0.2875 * d[(k + 2) % 3];
		memcpy(d, e, sizeof d);
	}
}

static void draw_simplex(struct canvas *c, int ascii)
{
	static const char *const names[3] = {"Rock", "Paper", "Scissors"};
	struct chart_simplex_path s[2] = {
		{"path", {sp[0], sp[1], sp[2]}, SN, DIST_STYLE_LINE},
		{"equilibrium", {eq3[0], eq3[1], eq3[2]}, 1, DIST_STYLE_REFERENCE}};
	struct chart_opts o = {.ascii = ascii};
	simplex_data();
	assert_int_equal(chart_simplex(c, 0, 0, c->w, c->h, s, 2, names, &o), 0);
}

#define GOLDEN_PAIR(kind)                                                                   \
	static void test_golden_##kind(void **state)                                        \
	{                                                                                   \
		(void)state;                                                                \
		golden(#kind, draw_##kind, 0);                                              \
	}                                                                                   \
	static void test_golden_##kind##_ascii(void **state)                                \
	{                                                                                   \
		(void)state;                                                                \
		golden(#kind, draw_##kind, 1);                                              \
	}

GOLDEN_PAIR(line)
GOLDEN_PAIR(logy)
GOLDEN_PAIR(cdf)
GOLDEN_PAIR(hist)
GOLDEN_PAIR(hist_multi)
GOLDEN_PAIR(hist_edges)
GOLDEN_PAIR(bars)
GOLDEN_PAIR(bars_grouped)
GOLDEN_PAIR(bars_neg)
GOLDEN_PAIR(func)
GOLDEN_PAIR(const)
GOLDEN_PAIR(decades)
GOLDEN_PAIR(decades_log)
GOLDEN_PAIR(gaps)
GOLDEN_PAIR(fixed)
GOLDEN_PAIR(nodata)
GOLDEN_PAIR(small)
GOLDEN_PAIR(dist_bars)
GOLDEN_PAIR(small_ranges)
GOLDEN_PAIR(heat)
GOLDEN_PAIR(heat_const)
GOLDEN_PAIR(heat_nan)
GOLDEN_PAIR(points)
GOLDEN_PAIR(dist_mixed)
GOLDEN_PAIR(simplex)

/* ---- ticks and labels ---------------------------------------------------------------- */

static void assert_ticks(double lo, double hi, int max, int n, const double *want)
{
	double t[64];
	int got = chart_ticks(lo, hi, max, t);
	assert_int_equal(got, n);
	for (int i = 0; i < n; i++)
		if (t[i] != want[i])
			fail_msg("chart_ticks(%g, %g, %d)[%d] = %.17g, want %.17g", lo, hi, max, i,
				 t[i], want[i]);
}

static void test_ticks_unit(void **state)
{
	(void)state;
	assert_ticks(0, 1, 6, 6, (const double[]){0, 0.2, 0.4, 0.6, 0.8, 1});
	assert_ticks(0, 1, 11, 11,
		     (const double[]){0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1});
	assert_ticks(0, 1, 5, 5, (const double[]){0, 0.25, 0.5, 0.75, 1});
	assert_ticks(0, 1, 3, 3, (const double[]){0, 0.5, 1});
	assert_ticks(0, 1, 2, 2, (const double[]){0, 1});
}

static void test_ticks_integers(void **state)
{
	(void)state;
	assert_ticks(0, 7, 8, 8, (const double[]){0, 1, 2, 3, 4, 5, 6, 7});
	assert_ticks(0, 7, 6, 4, (const double[]){0, 2, 4, 6});
	assert_ticks(0, 7, 4, 4, (const double[]){0, 2, 4, 6});
	assert_ticks(0, 7, 3, 3, (const double[]){0, 2.5, 5});
	assert_ticks(0, 199, 5, 4, (const double[]){0, 50, 100, 150});
	assert_ticks(0, 1e6, 6, 6, (const double[]){0, 2e5, 4e5, 6e5, 8e5, 1e6});
}

static void test_ticks_odd_ranges(void **state)
{
	double t[8];
	(void)state;
	assert_ticks(-3.7, -1.2, 6, 5, (const double[]){-3.5, -3, -2.5, -2, -1.5});
	assert_ticks(1e-9, 5e-9, 5, 5, (const double[]){1e-9, 2e-9, 3e-9, 4e-9, 5e-9});
	assert_ticks(1e9, 1e9 + 10, 6, 6,
		     (const double[]){1e9, 1e9 + 2, 1e9 + 4, 1e9 + 6, 1e9 + 8, 1e9 + 10});
	assert_ticks(0.31, 0.34, 1, 1, (const double[]){0.325});
	assert_ticks(1, 0, 3, 3, (const double[]){0, 0.5, 1}); /* swapped */
	assert_ticks(2.5, 2.5, 5, 1, (const double[]){2.5});   /* a point */
	assert_int_equal(chart_ticks(NAN, 1, 5, t), 0);
	assert_int_equal(chart_ticks(0, INFINITY, 5, t), 0);
	assert_int_equal(chart_ticks(0, 1, 0, t), 0);
	assert_int_equal(chart_ticks(-1e308, 1e308, 5, t), 0); /* span overflows */
}

static void assert_fmt(double v, double step, const char *want)
{
	char buf[32];
	chart_fmt_tick(v, step, buf, sizeof buf);
	if (strcmp(buf, want) != 0)
		fail_msg("chart_fmt_tick(%.17g, %g) = \"%s\", want \"%s\"", v, step, buf, want);
}

static void test_fmt_tick(void **state)
{
	char small[3];
	(void)state;
	assert_fmt(0.25, 0.25, "0.25");
	assert_fmt(0.5, 0.25, "0.5");
	assert_fmt(1, 0.2, "1");
	assert_fmt(0.6000000000000001, 0.2, "0.6");
	assert_fmt(-0.4, 0.2, "-0.4");
	assert_fmt(0, 0.2, "0");
	assert_fmt(-1e-17, 0.1, "0"); /* float noise at zero */
	assert_fmt(150, 50, "150");
	assert_fmt(1050, 50, "1050");
	assert_fmt(1500, 500, "1.5k");
	assert_fmt(2000, 500, "2k");
	assert_fmt(-2e6, 1e6, "-2M");
	assert_fmt(2.5e9, 5e8, "2.5G");
	assert_fmt(1e-6, 1e-6, "1e-6");
	assert_fmt(2.5e-5, 5e-6, "2.5e-5");
	assert_fmt(1.2e-3, 2e-4, "1.2e-3");
	assert_fmt(0.001, 0.001, "0.001");
	assert_fmt(1e15, 1e15, "1e15");
	assert_fmt(3e20, 1e20, "3e20");
	assert_fmt(NAN, 1, "nan");
	assert_fmt(-INFINITY, 1, "-inf");
	assert_fmt(7, 0, "7"); /* no step: the value's own precision */
	chart_fmt_tick(1500, 500, small, sizeof small);
	assert_string_equal(small, "1."); /* truncated, still terminated */
}

/* The y tick labels of a chart drawn alone at the canvas origin (ticks drawn as glyph),
 * parsed as numbers: each must be a plain decimal (no "20G" from a runaway step). Returns
 * the count; row[i] gets the row of label i. */
static int ylabels(const char *text, const char *glyph, double *v, int *row, int max)
{
	int n = 0, r = 0;
	for (const char *line = text; *line && n < max; r++) {
		const char *eol = strchr(line, '\n');
		const char *a = line;
		while (*a == ' ')
			a++;
		size_t len = strcspn(a, " \n");
		if (len > 0 && strncmp(a + len, " ", 1) == 0 &&
		    strncmp(a + len + 1, glyph, strlen(glyph)) == 0) {
			char lab[32], *end;
			assert_true(len < sizeof lab);
			memcpy(lab, a, len);
			lab[len] = '\0';
			v[n] = strtod(lab, &end);
			if (*end != '\0')
				fail_msg("y tick label \"%s\" is not a plain number", lab);
			row[n++] = r;
		}
		line = eol + 1;
	}
	return n;
}

/* Plot marks (braille cells, or mark in ASCII) in one text row. */
static int row_marks(const char *text, int row, int ascii, char mark)
{
	const char *line = text;
	for (int r = 0; r < row; r++)
		line = strchr(line, '\n') + 1;
	int n = 0;
	for (const unsigned char *p = (const unsigned char *)line; *p && *p != '\n'; p++)
		if (ascii ? *p == (unsigned char)mark
			  : p[0] == 0xE2 && p[1] >= 0xA0 && p[1] <= 0xA3)
			n++;
	return n;
}

/* With few rows the y axis still gets nice ticks that bracket the data closely, and the
 * line still spans the plot (not a runaway step labelled "20G" with the line flat at 0). */
static void test_small_heights(void **state)
{
	double lab[16], t[CHART_AXIS_MAX_TICKS], step;
	struct chart_series s = {"y", NULL, jump, 21, 0};
	struct chart_axis a;
	(void)state;
	/* Two bracketing ticks cannot straddle zero closely: impossible, not a huge step. */
	assert_int_equal(chart_axis_ticks(-11.9, 40.15, 2, 1, t, &step), 0);
	assert_int_equal(chart_axis_ticks(-1, 1, 2, 1, t, &step), 0);
	assert_int_equal(chart_axis_ticks(92, 108, 2, 1, t, &step), 0);
	assert_int_equal(chart_axis_ticks(0, 3, 2, 1, t, &step), 2); /* 0 and 5 */
	assert_true(t[0] == 0 && t[1] == 5);
	/* The axis then takes one more tick. */
	chart_axis_setup(&a, -11.9, 40.15, 0, 1, 2);
	assert_int_equal(a.nticks, 3);
	assert_true(a.tick[0] == -50 && a.tick[1] == 0 && a.tick[2] == 50);
	assert_string_equal(a.label[2], "50");
	chart_axis_setup(&a, 0, 0, 0, 1, 2); /* a constant 0 widens to [-1, 1] */
	assert_int_equal(a.nticks, 3);
	assert_true(a.tick[0] == -1 && a.tick[2] == 1);

	for (int h = CHART_MIN_H; h <= 12; h++) {
		for (int ascii = 0; ascii < 2; ascii++) {
			struct canvas c;
			struct chart_opts o = {.ascii = ascii};
			int row[16], zero_row = -1, flat = -1, ph = h - 2;
			canvas_init(&c, 23, h);
			assert_int_equal(chart_line(&c, 0, 0, 23, h, &s, 1, &o), 0);
			char *text = canvas_to_text(&c);
			int n = ylabels(text, ascii ? "+" : "┤", lab, row, 16);
			assert_true(n >= 3);
			/* Nice ends bracketing the data, within a data span of it. */
			assert_true(lab[0] >= 40.15 && lab[0] <= 40.15 + 52.05);
			assert_true(lab[n - 1] <= -11.9 && lab[n - 1] >= -11.9 - 52.05);
			assert_int_equal(row[0], 0);
			assert_int_equal(row[n - 1], ph - 1);
			for (int i = 0; i < n; i++)
				if (lab[i] == 0)
					zero_row = row[i];
			/* The sixteen 40.15 points (x 5..20 of 0..20) draw flat near the top,
			 * well above 0. */
			for (int r = 0; r < ph && flat < 0; r++)
				if (row_marks(text, r, ascii, '*') >= 10)
					flat = r;
			assert_in_range(flat, 0, ph / 4);
			assert_true(zero_row > flat);
			free(text);
			canvas_fini(&c);
		}
	}
	/* Bars of a market before anyone moves (all zero), and after. */
	static const double q[3][2] = {{0, 0}, {4.5, 4.5}, {3, 2.999}};
	for (int k = 0; k < 3; k++) {
		struct chart_series b = {"q", NULL, q[k], 2, 0};
		for (int h = CHART_MIN_H; h <= 9; h++) {
			struct canvas c;
			int row[16];
			canvas_init(&c, 30, h);
			assert_int_equal(chart_bars(&c, 0, 0, 30, h, &b, 1, NULL, NULL), 0);
			char *text = canvas_to_text(&c);
			int n = ylabels(text, "┤", lab, row, 16);
			assert_true(n >= 2);
			for (int i = 0; i < n; i++)
				assert_true(fabs(lab[i]) <= 5);
			free(text);
			canvas_fini(&c);
		}
	}
}

/* ---- properties ---------------------------------------------------------------------- */

static void test_placeholder(void **state)
{
	struct canvas c;
	struct chart_series s = {"y", NULL, line_y[0], NL, 0};
	(void)state;
	canvas_init(&c, 30, 8);
	assert_int_equal(chart_line(&c, 0, 0, CHART_MIN_W - 1, CHART_MIN_H, &s, 1, NULL), 1);
	char *t = canvas_to_text(&c);
	assert_string_equal(t, "\n\n   too small\n\n\n\n\n\n");
	free(t);
	canvas_clear(&c);
	assert_int_equal(chart_bars(&c, 1, 1, 5, 1, &s, 1, NULL, NULL), 1);
	t = canvas_to_text(&c);
	assert_string_equal(t, "\n too s\n\n\n\n\n\n\n"); /* clipped to the rectangle */
	free(t);
	canvas_clear(&c);
	assert_int_equal(chart_cdf(&c, 0, 0, 0, 0, &s, 1, NULL), 1);
	assert_int_equal(chart_hist(&c, 0, 0, -3, 4, &s, 1, NULL), 1);
	t = canvas_to_text(&c);
	assert_string_equal(t, "\n\n\n\n\n\n\n\n");
	free(t);
	canvas_fini(&c);
}

/* Every kind draws only inside its rectangle, also when it runs off the canvas. */
static void test_clip_rect(void **state)
{
	struct canvas c;
	struct chart_series s[2] = {{"a", smp, NULL, NS, 0}, {"b", smp2, NULL, NS, 0}};
	struct chart_opts o = {.legend = 1, .title = "a title far too long for this small chart",
			       .xlabel = "x", .ylabel = "a long y label"};
	(void)state;
	struct chart_grid g = {.x = hx, .y = hx, .nx = HN, .ny = HN, .v = hxy, .label = "x*y"};
	heat_data();
	for (int kind = 0; kind < 5; kind++) {
		canvas_init(&c, 70, 24);
		for (int y = 0; y < c.h; y++)
			for (int x = 0; x < c.w; x++)
				canvas_put(&c, x, y, '.', ROLE_NONE);
		int rx[2] = {5, 50}, ry[2] = {3, 18}, rw[2] = {30, 30}, rh[2] = {12, 10};
		for (int r = 0; r < 2; r++) {
			switch (kind) {
			case 0: chart_line(&c, rx[r], ry[r], rw[r], rh[r], s, 2, &o); break;
			case 1: chart_cdf(&c, rx[r], ry[r], rw[r], rh[r], s, 2, &o); break;
			case 2: chart_hist(&c, rx[r], ry[r], rw[r], rh[r], s, 2, &o); break;
			case 3: chart_bars(&c, rx[r], ry[r], rw[r], rh[r], s, 2, NULL, &o); break;
			default: chart_heat(&c, rx[r], ry[r], rw[r], rh[r], &g, &o); break;
			}
		}
		for (int y = 0; y < c.h; y++) {
			for (int x = 0; x < c.w; x++) {
				int inside = 0;
				for (int r = 0; r < 2; r++)
					if (x >= rx[r] && x < rx[r] + rw[r] && y >= ry[r] &&
					    y < ry[r] + rh[r])
						inside = 1;
				if (!inside && canvas_at(&c, x, y)->cp != '.')
					fail_msg("kind %d drew outside its rectangle at (%d, %d)",
						 kind, x, y);
			}
		}
		/* The charts did draw something. */
		assert_int_not_equal(canvas_at(&c, 5 + 4, 3 + 3)->cp, '.');
		canvas_fini(&c);
	}
}

static char *line_text(const double *v, size_t n, int logy)
{
	struct canvas c;
	struct chart_series s = {"v", NULL, v, n, 0};
	struct chart_opts o = {.logy = logy};
	canvas_init(&c, 40, 12);
	chart_line(&c, 0, 0, 40, 12, &s, 1, &o);
	char *t = canvas_to_text(&c);
	canvas_fini(&c);
	return t;
}

static void test_nan_inf(void **state)
{
	static const double all_bad[4] = {NAN, INFINITY, -INFINITY, NAN};
	static const double one[3] = {NAN, 0.5, NAN};
	(void)state;
	char *t = line_text(all_bad, 4, 0);
	assert_true(tu_contains(t, "no data"));
	free(t);
	t = line_text(NULL, 0, 0);
	assert_true(tu_contains(t, "no data"));
	free(t);
	/* One good point: a constant range around it, one dot. */
	t = line_text(one, 3, 0);
	assert_false(tu_contains(t, "no data"));
	assert_true(tu_contains(t, "0.5"));
	int dots = 0;
	for (const unsigned char *p = (const unsigned char *)t; *p; p++)
		if (p[0] == 0xE2 && (p[1] == 0xA0 || p[1] == 0xA1 || p[1] == 0xA2 || p[1] == 0xA3))
			dots++;
	assert_int_equal(dots, 1);
	free(t);
}

static void test_constants(void **state)
{
	static const double ones[4] = {1, 1, 1, 1}, zeros[4] = {0, 0, 0, 0};
	static const double noisy[3] = {0.3, 0.1 + 0.2, 0.3}; /* 0.3 and 0.30000000000000004 */
	(void)state;
	char *t = line_text(ones, 4, 0);
	assert_true(tu_contains(t, "1.1 ┤"));
	assert_true(tu_contains(t, "0.9 ┤"));
	assert_true(tu_contains(t, "  1 ┤"));
	free(t);
	t = line_text(zeros, 4, 0);
	assert_true(tu_contains(t, " 1 ┤"));
	assert_true(tu_contains(t, "-1 ┤"));
	free(t);
	t = line_text(noisy, 3, 0);
	assert_true(tu_contains(t, "0.35 ┤"));
	/* Flat: 0.1 + 0.2 != 0.3 must not zigzag between two dot rows. */
	assert_true(tu_contains(t, " 0.3 ┤⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉\n"));
	assert_true(tu_contains(t, "0.25 ┤"));
	free(t);
	t = line_text(ones, 4, 1); /* log: a decade each way */
	assert_true(tu_contains(t, "0.1 ┤"));
	assert_true(tu_contains(t, " 10 ┤"));
	free(t);
}

static void test_log_nonpositive(void **state)
{
	static const double v[6] = {0, -1, NAN, 1e-3, 0.1, 1e-5};
	static const double bad[3] = {0, -2, -1e-9};
	(void)state;
	char *t = line_text(v, 6, 1);
	assert_false(tu_contains(t, "no data"));
	assert_true(tu_contains(t, "1e-5 ┤"));
	assert_true(tu_contains(t, "1e-1 ┤"));
	assert_true(tu_contains(t, "└┬───────────────┬───────────────┬\n      3 ")); /* x of the plottable points */
	free(t);
	t = line_text(bad, 3, 1);
	assert_true(tu_contains(t, "no data"));
	free(t);
	/* A fixed log range that is not positive falls back to auto-range. */
	struct canvas c;
	struct chart_series s = {"v", NULL, v, 6, 0};
	struct chart_opts o = {.logy = 1, .fix_y = 1, .ymin = -1, .ymax = 1};
	canvas_init(&c, 40, 12);
	assert_int_equal(chart_line(&c, 0, 0, 40, 12, &s, 1, &o), 0);
	t = canvas_to_text(&c);
	assert_true(tu_contains(t, "1e-5 ┤"));
	free(t);
	canvas_fini(&c);
}

/* Eighths of bar height in plot column x (full block 8, lower blocks 1..7). */
static int column_eighths(const struct canvas *c, int x)
{
	int e = 0;
	for (int y = 0; y < c->h; y++) {
		uint32_t cp = c->cells[(size_t)y * (size_t)c->w + (size_t)x].cp;
		if (cp >= 0x2581 && cp <= 0x2588)
			e += (int)(cp - 0x2580);
	}
	return e;
}

static void test_bar_heights(void **state)
{
	static const double v[3] = {1, 2, 4};
	struct chart_series s = {"v", NULL, v, 3, 0};
	struct canvas c;
	int e[3] = {0, 0, 0}, k = 0, prev = 0;
	(void)state;
	canvas_init(&c, 40, 20);
	assert_int_equal(chart_bars(&c, 0, 0, 40, 20, &s, 1, NULL, NULL), 0);
	/* Walk the columns: each bar is a run of equal non-zero heights. */
	for (int x = 0; x < c.w && k < 3; x++) {
		int h = column_eighths(&c, x);
		if (h > 0 && prev == 0)
			e[k] = h;
		if (h == 0 && prev > 0)
			k++;
		prev = h;
	}
	assert_true(e[0] > 0);
	assert_in_range(e[1], 2 * e[0] - 1, 2 * e[0] + 1);
	assert_in_range(e[2], 4 * e[0] - 2, 4 * e[0] + 2);
	char *t = canvas_to_text(&c);
	assert_true(tu_contains(t, "4 ┤")); /* the range ends at the tallest bar */
	free(t);
	canvas_fini(&c);
}

static void test_hist_counts(void **state)
{
	/* Bins [0,1) [1,2) [2,3]: counts 1, 2, 4; -1 and 5 are outside, 3 is in the last. */
	static const double x[9] = {0.5, 1.5, 1.5, 2.5, 2.5, 2.5, 3, -1, 5};
	static const double edges[4] = {0, 1, 2, 3};
	struct chart_series s = {"x", x, NULL, 9, 0};
	struct chart_opts o = {.edges = edges, .nedges = 4};
	struct canvas c;
	(void)state;
	canvas_init(&c, 40, 20);
	assert_int_equal(chart_hist(&c, 0, 0, 40, 20, &s, 1, &o), 0);
	int first = -1, last = -1;
	for (int xx = 0; xx < c.w; xx++)
		if (column_eighths(&c, xx) > 0) {
			if (first < 0)
				first = xx;
			last = xx;
		}
	assert_true(first >= 0);
	int e0 = column_eighths(&c, first), e2 = column_eighths(&c, last);
	int e1 = column_eighths(&c, (first + last) / 2);
	assert_in_range(e1, 2 * e0 - 1, 2 * e0 + 1);
	assert_in_range(e2, 4 * e0 - 2, 4 * e0 + 2);
	canvas_fini(&c);
}

static void test_roles(void **state)
{
	struct chart_series s[3] = {{"diagonal", zx, zx, NZ, DIST_STYLE_REFERENCE},
				    {"gamma", zx, gz, NZ, 0},
				    {"other", zx, line_y[0], NZ, 0}};
	struct chart_opts o = {.legend = 1, .title = "t"};
	struct canvas c;
	int seen[ROLE_COUNT] = {0};
	(void)state;
	canvas_init(&c, 60, 16);
	assert_int_equal(chart_line(&c, 0, 0, 60, 16, s, 3, &o), 0);
	for (int i = 0; i < c.w * c.h; i++)
		seen[c.cells[i].role]++;
	assert_true(seen[ROLE_TITLE] > 0);
	assert_true(seen[ROLE_AXIS] > 0);
	assert_true(seen[ROLE_LABEL] > 0);
	assert_true(seen[ROLE_LEGEND] > 0);
	assert_true(seen[ROLE_REF] > 1);     /* legend symbol and the dotted line */
	assert_true(seen[ROLE_SERIES1] > 1); /* "gamma": the first non-reference series */
	assert_true(seen[ROLE_SERIES1 + 1] > 1);
	assert_int_equal(seen[ROLE_SERIES1 + 2], 0);
	canvas_fini(&c);
}

/* chart_dist draws each kind exactly as the direct call with the dist's labels. */
static void test_dist_dispatch(void **state)
{
	static const double x[5] = {0.1, 0.4, 0.4, 0.7, 0.9}, f[4] = {0.25, 0.5, 0.75, 1};
	static const double fx[4] = {0.1, 0.4, 0.7, 0.9};
	enum dist_kind kinds[4] = {DIST_LINE, DIST_CDF, DIST_HIST, DIST_BARS};
	(void)state;
	for (int k = 0; k < 4; k++) {
		struct dist d;
		struct canvas a, b;
		const double *xs = k == DIST_HIST ? x : fx;
		const double *ys = k == DIST_HIST ? NULL : f;
		size_t n = k == DIST_HIST ? 5 : 4;
		dist_init(&d, kinds[k], "d", "Title", "xl", "yl");
		dist_add(&d, "one", xs, ys, n);
		dist_add(&d, "two", xs, ys, n)->style = DIST_STYLE_REFERENCE;
		struct chart_series s[2] = {{"one", xs, ys, n, 0},
					    {"two", xs, ys, n, DIST_STYLE_REFERENCE}};
		struct chart_opts o = {.legend = 1, .title = "Title", .xlabel = "xl",
				       .ylabel = "yl"};
		struct chart_opts od = {.legend = 1};
		canvas_init(&a, 50, 14);
		canvas_init(&b, 50, 14);
		assert_int_equal(chart_dist(&a, 0, 0, 50, 14, &d, &od), 0);
		switch (kinds[k]) {
		case DIST_LINE: chart_line(&b, 0, 0, 50, 14, s, 2, &o); break;
		case DIST_CDF: chart_cdf(&b, 0, 0, 50, 14, s, 2, &o); break;
		case DIST_HIST: chart_hist(&b, 0, 0, 50, 14, s, 2, &o); break;
		case DIST_BARS: chart_bars(&b, 0, 0, 50, 14, s, 2, NULL, &o); break;
		default: fail_msg("kind %d", k);
		}
		char *ta = canvas_to_text(&a), *tb = canvas_to_text(&b);
		assert_string_equal(ta, tb);
		assert_true(tu_contains(ta, "Title"));
		free(ta);
		free(tb);
		canvas_fini(&a);
		canvas_fini(&b);
		dist_fini(&d);
	}
}

/* ---- heat maps: properties ---------------------------------------------------------- */

static const char ramp_ascii[] = " .:-=+*#%@";

/* Shade level of a heat-map cell (-1: not a ramp glyph). */
static int cell_level(const struct cell *cl, int ascii)
{
	if (ascii) {
		const char *p = cl->cp < 128 ? strchr(ramp_ascii, (int)cl->cp) : NULL;
		return p && cl->cp ? (int)(p - ramp_ascii) : -1;
	}
	static const uint32_t cps[5] = {' ', 0x2591, 0x2592, 0x2593, 0x2588};
	for (int k = 0; k < 5; k++)
		if (cl->cp == cps[k])
			return k;
	return -1;
}

/* The plot area of a heat map drawn alone on c: the box of shaded or '?' cells outside the
 * legend row (the only row with ROLE_LEGEND cells). */
struct box {
	int x0, y0, w, h;
};

static struct box heat_box(const struct canvas *c)
{
	struct box b = {c->w, c->h, 0, 0};
	int x1 = -1, y1 = -1;
	for (int y = 0; y < c->h; y++) {
		int legend = 0;
		for (int x = 0; x < c->w; x++)
			legend |= c->cells[y * c->w + x].role == ROLE_LEGEND;
		for (int x = 0; x < c->w && !legend; x++) {
			const struct cell *cl = &c->cells[y * c->w + x];
			if (cl->role != ROLE_SERIES1 && !(cl->role == ROLE_LABEL && cl->cp == '?'))
				continue;
			b.x0 = x < b.x0 ? x : b.x0;
			b.y0 = y < b.y0 ? y : b.y0;
			x1 = x > x1 ? x : x1;
			y1 = y > y1 ? y : y1;
		}
	}
	b.w = x1 - b.x0 + 1;
	b.h = y1 - b.y0 + 1;
	return b;
}

static const struct cell *box_cell(const struct canvas *c, const struct box *b, int col,
				   int row)
{
	return &c->cells[(b->y0 + row) * c->w + b->x0 + col];
}

/* x * y: shades rise monotonically along every row and column, every band appears, the
 * largest value gets the darkest glyph and the smallest the blank one, each grid cell has
 * the band of its own value (computed here in integers), and the legend shows both ends. */
static void test_heat_shading(void **state)
{
	struct chart_grid g = {.x = hx, .y = hx, .nx = HN, .ny = HN, .v = hxy, .label = "x*y"};
	(void)state;
	heat_data();
	for (int ascii = 0; ascii < 2; ascii++) {
		int n = ascii ? 10 : 5, seen[10] = {0};
		struct canvas c;
		struct chart_opts o = {.ascii = ascii, .title = "t", .xlabel = "x", .ylabel = "y"};
		canvas_init(&c, GW, GH);
		assert_int_equal(chart_heat(&c, 0, 0, GW, GH, &g, &o), 0);
		struct box b = heat_box(&c);
		assert_true(b.w >= 2 * HN && b.h == HN); /* 11 rows fit: one per grid row */
		for (int row = 0; row < b.h; row++) {
			for (int col = 0; col < b.w; col++) {
				int l = cell_level(box_cell(&c, &b, col, row), ascii);
				assert_in_range(l, 0, n - 1);
				seen[l]++;
				if (col > 0)
					assert_true(l >= cell_level(box_cell(&c, &b, col - 1, row),
								    ascii));
				if (row > 0)
					assert_true(l <= cell_level(box_cell(&c, &b, col, row - 1),
								    ascii));
			}
		}
		for (int l = 0; l < n; l++)
			assert_true(seen[l] > 0);
		assert_int_equal(cell_level(box_cell(&c, &b, b.w - 1, 0), ascii), n - 1);
		assert_int_equal(cell_level(box_cell(&c, &b, 0, b.h - 1), ascii), 0);
		/* Grid point (i, j) at the centre of its cell: band floor(i j n / 100), one band
		 * lower allowed exactly on a band edge (where rounding may fall either way). */
		for (int j = 0; j < HN; j++) {
			for (int i = 0; i < HN; i++) {
				int col = (int)floor((i + 0.5) * b.w / HN);
				int row = b.h - 1 - (int)floor((j + 0.5) * b.h / HN);
				int want = i * j * n / 100, got;
				if (want > n - 1)
					want = n - 1;
				got = cell_level(box_cell(&c, &b, col, row), ascii);
				if (i * j * n % 100 == 0 && want > 0 && got == want - 1)
					continue;
				if (got != want)
					fail_msg("x = %d/10, y = %d/10: band %d, want %d", i, j, got,
						 want);
			}
		}
		char *t = canvas_to_text(&c);
		assert_true(tu_contains(t, ascii ? "x*y 0 | .:-=+*#%@| 1\n" : "x*y 0 │  ░░▒▒▓▓██│ 1\n"));
		assert_false(tu_contains(t, "n/a"));
		free(t);
		canvas_fini(&c);
	}
}

static void test_heat_constant(void **state)
{
	(void)state;
	for (int ascii = 0; ascii < 2; ascii++) {
		struct canvas c;
		canvas_init(&c, GW, GH);
		draw_heat_const(&c, ascii);
		struct box b = heat_box(&c);
		assert_true(b.w > 10 && b.h > 5);
		for (int row = 0; row < b.h; row++)
			for (int col = 0; col < b.w; col++)
				assert_int_equal(cell_level(box_cell(&c, &b, col, row), ascii),
						 ascii ? 4 : 2);
		char *t = canvas_to_text(&c);
		assert_true(tu_contains(t, ascii ? "p |=| = 0.5\n" : "p │▒▒│ = 0.5\n"));
		free(t);
		canvas_fini(&c);
	}
}

/* '?' exactly in the cells over the grid's NaN block (x < 3, y > 2: 3 of 8 columns, the
 * top 3 of 6 rows), shades elsewhere; the legend explains '?'; no value at all: no data. */
static void test_heat_nan(void **state)
{
	static double none[4] = {NAN, NAN, NAN, NAN};
	static const double two[2] = {0, 1};
	(void)state;
	for (int ascii = 0; ascii < 2; ascii++) {
		struct canvas c;
		canvas_init(&c, GW, GH);
		draw_heat_nan(&c, ascii);
		struct box b = heat_box(&c);
		for (int row = 0; row < b.h; row++) {
			for (int col = 0; col < b.w; col++) {
				const struct cell *cl = box_cell(&c, &b, col, row);
				int in = (col + 0.5) * 8 / b.w < 3 && (row + 0.5) * 6 / b.h < 3;
				if (in != (cl->cp == '?'))
					fail_msg("cell %d,%d: '%lc', NaN block %d", col, row,
						 (wint_t)cl->cp, in);
				if (!in)
					assert_true(cell_level(cl, ascii) >= 0);
			}
		}
		char *t = canvas_to_text(&c);
		assert_true(tu_contains(t, " -2 "));
		assert_true(tu_contains(t, " 7  ? n/a\n"));
		free(t);
		struct chart_grid g = {.x = two, .y = two, .nx = 2, .ny = 2, .v = none};
		struct chart_opts o = {.ascii = ascii, .title = "nothing"};
		assert_int_equal(chart_heat(&c, 0, 0, GW, GH, &g, &o), 0);
		t = canvas_to_text(&c);
		assert_true(tu_contains(t, "no data"));
		assert_true(tu_contains(t, "nothing"));
		free(t);
		canvas_fini(&c);
	}
}

/* Placeholders, bad grids and odd sizes. */
static void test_heat_edges(void **state)
{
	static const double down[3] = {0, 2, 1}, one[1] = {3}, v1[1] = {-7};
	static const double huge[2] = {-1e308, 1e308}, hv[4] = {-1e308, 1e308, 0, 1};
	struct chart_grid g = {.x = hx, .y = hx, .nx = HN, .ny = HN, .v = hxy, .label = "v"};
	struct canvas c;
	(void)state;
	heat_data();
	canvas_init(&c, 40, 12);
	assert_int_equal(chart_heat(&c, 0, 0, CHART_MIN_W - 1, CHART_MIN_H, &g, NULL), 1);
	char *t = canvas_to_text(&c);
	assert_true(tu_contains(t, "too small"));
	free(t);
	assert_int_equal(chart_heat(&c, 0, 0, 40, 12, NULL, NULL), 0);
	t = canvas_to_text(&c);
	assert_true(tu_contains(t, "no data"));
	free(t);
	struct chart_grid bad = {.x = down, .y = hx, .nx = 3, .ny = 2, .v = hxy};
	assert_int_equal(chart_heat(&c, 0, 0, 40, 12, &bad, NULL), 0);
	t = canvas_to_text(&c);
	assert_true(tu_contains(t, "grid coordinates must increase"));
	free(t);
	/* One point: a constant, the range widened around it (3 +- 10%). */
	struct chart_grid pt = {.x = one, .y = one, .nx = 1, .ny = 1, .v = v1, .label = "v"};
	assert_int_equal(chart_heat(&c, 0, 0, 40, 12, &pt, NULL), 0);
	t = canvas_to_text(&c);
	assert_true(tu_contains(t, "v │▒▒│ = -7\n"));
	assert_true(tu_contains(t, "3 ┤▒▒▒"));
	free(t);
	struct chart_grid big = {.x = huge, .y = huge, .nx = 2, .ny = 2, .v = hv};
	assert_int_equal(chart_heat(&c, 0, 0, 40, 12, &big, NULL), 0);
	canvas_fini(&c);
	/* A grid far finer than the plot: cells average, shades still rise and the top
	 * corner is the darkest. */
	enum { FX = 301, FY = 203 };
	double *fx = malloc(FX * sizeof *fx), *fy = malloc(FY * sizeof *fy);
	double *fv = malloc(FX * FY * sizeof *fv);
	for (int i = 0; i < FX; i++)
		fx[i] = i;
	for (int j = 0; j < FY; j++)
		fy[j] = j;
	for (int j = 0; j < FY; j++)
		for (int i = 0; i < FX; i++)
			fv[j * FX + i] = (double)i * j;
	struct chart_grid fine = {.x = fx, .y = fy, .nx = FX, .ny = FY, .v = fv};
	canvas_init(&c, 40, 12);
	assert_int_equal(chart_heat(&c, 0, 0, 40, 12, &fine, NULL), 0);
	struct box b = heat_box(&c);
	for (int row = 1; row < b.h; row++)
		for (int col = 1; col < b.w; col++) {
			int l = cell_level(box_cell(&c, &b, col, row), 0);
			assert_true(l >= cell_level(box_cell(&c, &b, col - 1, row), 0));
			assert_true(l <= cell_level(box_cell(&c, &b, col, row - 1), 0));
		}
	assert_int_equal(cell_level(box_cell(&c, &b, b.w - 1, 0), 0), 4);
	canvas_fini(&c);
	free(fx);
	free(fy);
	free(fv);
}

/* chart_dist of a grid: the chosen column (default the first) exactly as chart_heat draws
 * it, the dist's labels, and a message naming an unknown column. */
static void test_heat_dist(void **state)
{
	static const double x[3] = {0, 1, 2}, y[2] = {5, 6};
	static const double a[6] = {1, 2, 3, 4, 5, 6}, b[6] = {6, 5, 4, 3, 2, 1};
	struct dist d;
	struct canvas p, q;
	(void)state;
	dist_init_grid(&d, "policy", "Policy", "belief", "other", x, 3, y, 2);
	assert_non_null(dist_grid_set_column(&d, "a", a));
	assert_non_null(dist_grid_set_column(&d, "b", b));
	canvas_init(&p, 50, 14);
	canvas_init(&q, 50, 14);
	for (int k = 0; k < 3; k++) {
		const char *col = k == 0 ? NULL : k == 1 ? "a" : "b";
		struct chart_opts od = {.column = col};
		struct chart_opts o = {.title = "Policy", .xlabel = "belief", .ylabel = "other"};
		struct chart_grid g = {.x = x, .y = y, .nx = 3, .ny = 2, .v = k == 2 ? b : a,
				       .label = k == 2 ? "b" : "a"};
		assert_int_equal(chart_dist(&p, 0, 0, 50, 14, &d, &od), 0);
		assert_int_equal(chart_heat(&q, 0, 0, 50, 14, &g, &o), 0);
		char *tp = canvas_to_text(&p), *tq = canvas_to_text(&q);
		assert_string_equal(tp, tq);
		assert_true(tu_contains(tp, k == 2 ? "b 1 │" : "a 1 │"));
		free(tp);
		free(tq);
	}
	struct chart_opts bad = {.column = "zz"};
	assert_int_equal(chart_dist(&p, 0, 0, 50, 14, &d, &bad), 0);
	char *t = canvas_to_text(&p);
	assert_true(tu_contains(t, "no column 'zz'"));
	assert_true(tu_contains(t, "Policy"));
	free(t);
	canvas_fini(&p);
	canvas_fini(&q);
	dist_fini(&d);
}

/* ---- curve styles: properties --------------------------------------------------------- */

static int count_role(const struct canvas *c, enum cell_role role, uint32_t cp)
{
	int n = 0;
	for (int i = 0; i < c->w * c->h; i++)
		n += c->cells[i].role == role && (cp == 0 || c->cells[i].cp == cp);
	return n;
}

/* A points series sets one marker per point and nothing between them; the same data as
 * a line sets many more cells. */
static void test_points_no_segments(void **state)
{
	(void)state;
	for (int ascii = 0; ascii < 2; ascii++) {
		struct canvas c;
		struct chart_series s = {"scatter", sc_x, sc_y, 5, DIST_STYLE_POINTS};
		struct chart_opts o = {.ascii = ascii};
		uint32_t mark = ascii ? '*' : 0x25C6;
		canvas_init(&c, GW, GH);
		assert_int_equal(chart_line(&c, 0, 0, GW, GH, &s, 1, &o), 0);
		assert_int_equal(count_role(&c, ROLE_SERIES1, 0), 5);
		assert_int_equal(count_role(&c, ROLE_SERIES1, mark), 5);
		/* Nothing between the first two points (x = 1 and x = 4), in their rows. */
		s.style = DIST_STYLE_LINE;
		canvas_clear(&c);
		assert_int_equal(chart_line(&c, 0, 0, GW, GH, &s, 1, &o), 0);
		assert_true(count_role(&c, ROLE_SERIES1, 0) > 20);
		canvas_fini(&c);
	}
}

/* The Lorenz dist: the diagonal in ROLE_REF, the curve in the first series colour, each
 * of the eleven agents as a marker of the second on top of both (plus its legend symbol). */
static void test_mixed_styles(void **state)
{
	(void)state;
	for (int ascii = 0; ascii < 2; ascii++) {
		struct canvas c;
		canvas_init(&c, GW, GH);
		draw_dist_mixed(&c, ascii);
		assert_int_equal(count_role(&c, ROLE_SERIES1 + 1, ascii ? '+' : 0x25A0), 12);
		assert_int_equal(count_role(&c, ROLE_SERIES1 + 1, 0), 12);
		assert_true(count_role(&c, ROLE_REF, 0) > 10);
		assert_true(count_role(&c, ROLE_SERIES1, 0) > 10);
		char *t = canvas_to_text(&c);
		assert_true(tu_contains(t, ascii ? "* p^2  . equality  + agents"
					      : "● p^2  ┈ equality  ■ agents"));
		free(t);
		canvas_fini(&c);
	}
}

/* Extreme inputs finish and stay inside the canvas. */
static void test_extremes(void **state)
{
	static const double huge[4] = {-1e308, 1e308, 0, 1e-320};
	static double many[100000];
	struct canvas c;
	(void)state;
	for (size_t i = 0; i < 100000; i++)
		many[i] = (double)(i % 977) / 977;
	struct chart_series s[2] = {{"huge", NULL, huge, 4, 0}, {"many", NULL, many, 100000, 0}};
	struct chart_opts o = {.legend = 1};
	canvas_init(&c, 80, 24);
	assert_int_equal(chart_line(&c, 0, 0, 80, 24, s, 2, &o), 0);
	assert_int_equal(chart_line(&c, 0, 0, 80, 24, &s[1], 1, &o), 0);
	o.logy = 1;
	assert_int_equal(chart_line(&c, 0, 0, 80, 24, s, 2, &o), 0);
	assert_int_equal(chart_hist(&c, 0, 0, 80, 24, s, 2, &o), 0);
	assert_int_equal(chart_hist(&c, 0, 0, 80, 24, &s[1], 1, NULL), 0);
	assert_int_equal(chart_cdf(&c, 0, 0, 80, 24, s, 2, &o), 0);
	assert_int_equal(chart_bars(&c, 0, 0, 80, 24, s, 2, NULL, &o), 0);
	o.logy = 0;
	assert_int_equal(chart_bars(&c, 0, 0, 80, 24, s, 2, NULL, &o), 0);
	assert_int_equal(chart_line(&c, -10, -5, 200, 100, s, 2, &o), 0); /* off canvas */
	canvas_fini(&c);
}

/* ---- the simplex: properties ---------------------------------------------------------- */

/* Where the last-point marker of a path ending at a pure action lands: the left end of
 * the bottom row (action 1), its right end (action 2), the middle of the top row (3).
 * Corner labels default to 1 2 3. */
static void test_simplex_corners(void **state)
{
	static const double one[2] = {1, 0}, zero[2] = {0, 0}, top[2] = {0, 1};
	(void)state;
	for (int ascii = 0; ascii < 2; ascii++) {
		for (int corner = 0; corner < 3; corner++) {
			struct chart_simplex_path s = {"p", {zero, zero, zero}, 2, DIST_STYLE_LINE};
			/* from pure action 2 (1 for corner 0) to the corner */
			s.p[corner] = top;
			s.p[corner == 0 ? 1 : 0] = one;
			struct canvas c;
			struct chart_opts o = {.ascii = ascii};
			canvas_init(&c, GW, GH);
			assert_int_equal(chart_simplex(&c, 0, 0, GW, GH, &s, 1, NULL, &o), 0);
			uint32_t mark = chart_plot_point(0, ascii);
			int mx = -1, my = -1;
			for (int y = 1; y < GH; y++) /* row 0 is the legend */
				for (int x = 0; x < GW; x++)
					if (canvas_at(&c, x, y)->cp == mark) {
						mx = x;
						my = y;
					}
			assert_true(mx >= 0);
			if (ascii) {
				/* ASCII lines use the marker's '*' too: the last one is the
				 * bottom right only for a path that ends there */
				if (corner == 1)
					assert_true(my == GH - 2 && mx > GW / 2 + 10);
			} else if (corner == 2) {
				assert_int_equal(my, 2);
				assert_true(abs(mx - GW / 2) <= 1);
			} else {
				assert_int_equal(my, GH - 2);
				assert_true(corner == 0 ? mx < GW / 2 - 10 : mx > GW / 2 + 10);
			}
			char *t = canvas_to_text(&c);
			assert_true(tu_contains(t, "1"));
			assert_true(tu_contains(t, "2"));
			assert_true(tu_contains(t, "3"));
			free(t);
			canvas_fini(&c);
		}
	}
}

/* The simplex draws only inside its rectangle, says "too small" when the triangle does not
 * fit, and a path with no points draws the triangle alone. */
static void test_simplex_edges(void **state)
{
	struct canvas c;
	(void)state;
	simplex_data();
	struct chart_simplex_path s = {"path", {sp[0], sp[1], sp[2]}, SN, DIST_STYLE_LINE};
	canvas_init(&c, 70, 24);
	for (int y = 0; y < c.h; y++)
		for (int x = 0; x < c.w; x++)
			canvas_put(&c, x, y, '.', ROLE_NONE);
	assert_int_equal(chart_simplex(&c, 50, 18, 30, 10, &s, 1, NULL, NULL), 0);
	for (int y = 0; y < c.h; y++)
		for (int x = 0; x < c.w; x++)
			if ((x < 50 || y < 18) && canvas_at(&c, x, y)->cp != '.')
				fail_msg("drew outside its rectangle at (%d, %d)", x, y);
	canvas_fini(&c);
	canvas_init(&c, GW, GH);
	assert_int_equal(chart_simplex(&c, 0, 0, CHART_MIN_W - 1, CHART_MIN_H, &s, 1, NULL,
				       NULL), 1);
	canvas_clear(&c);
	struct chart_opts oa = {.ascii = 1}; /* 2 rows of cells twice as tall as wide */
	assert_int_equal(chart_simplex(&c, 0, 0, GW, CHART_MIN_H, &s, 1, NULL, &oa), 0);
	char *t = canvas_to_text(&c);
	assert_true(tu_contains(t, "too small"));
	free(t);
	canvas_clear(&c);
	s.n = 0;
	assert_int_equal(chart_simplex(&c, 0, 0, GW, GH, &s, 1, NULL, NULL), 0);
	assert_true(count_role(&c, ROLE_AXIS, 0) > 20);
	assert_int_equal(count_role(&c, ROLE_SERIES1, 0), 1); /* the legend's symbol only */
	canvas_fini(&c);
}

int main(void)
{
#define PAIR(kind) cmocka_unit_test(test_golden_##kind), cmocka_unit_test(test_golden_##kind##_ascii)
	const struct CMUnitTest tests[] = {
		PAIR(line),
		PAIR(logy),
		PAIR(cdf),
		PAIR(hist),
		PAIR(hist_multi),
		PAIR(hist_edges),
		PAIR(bars),
		PAIR(bars_grouped),
		PAIR(bars_neg),
		PAIR(func),
		PAIR(const),
		PAIR(decades),
		PAIR(decades_log),
		PAIR(gaps),
		PAIR(fixed),
		PAIR(nodata),
		PAIR(small),
		PAIR(dist_bars),
		PAIR(small_ranges),
		PAIR(heat),
		PAIR(heat_const),
		PAIR(heat_nan),
		PAIR(points),
		PAIR(dist_mixed),
		PAIR(simplex),
		cmocka_unit_test(test_ticks_unit),
		cmocka_unit_test(test_ticks_integers),
		cmocka_unit_test(test_ticks_odd_ranges),
		cmocka_unit_test(test_fmt_tick),
		cmocka_unit_test(test_small_heights),
		cmocka_unit_test(test_placeholder),
		cmocka_unit_test(test_clip_rect),
		cmocka_unit_test(test_nan_inf),
		cmocka_unit_test(test_constants),
		cmocka_unit_test(test_log_nonpositive),
		cmocka_unit_test(test_bar_heights),
		cmocka_unit_test(test_hist_counts),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_dist_dispatch),
		cmocka_unit_test(test_extremes),
		cmocka_unit_test(test_simplex_corners),
		cmocka_unit_test(test_simplex_edges),
		cmocka_unit_test(test_heat_shading),
		cmocka_unit_test(test_heat_constant),
		cmocka_unit_test(test_heat_nan),
		cmocka_unit_test(test_heat_edges),
		cmocka_unit_test(test_heat_dist),
		cmocka_unit_test(test_points_no_segments),
		cmocka_unit_test(test_mixed_styles),
	};
	return cmocka_run_group_tests(tests, setup_data, NULL);
}
