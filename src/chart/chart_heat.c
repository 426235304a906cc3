/* chart_heat: heat maps of a value on an x-y grid (DIST_GRID). Grid point (x[i], y[j])
 * owns the cell reaching halfway to its neighbours (at an end, half the spacing to its one
 * neighbour), so the axes run from outer edge to outer edge with nice ticks inside, each
 * tick in the column or row holding its value (the bar charts' cell geometry). A plot cell
 * shows the mean of the finite values of the grid points inside it, or, when it holds none
 * (a grid coarser than the plot), the value of the grid cell under its centre. Shades are
 * bands between the field's finite minimum and maximum, one ramp per mode (table below):
 * the maximum lands in the darkest band, the lowest band is blank, cells with no finite
 * value draw '?'. Fixed ranges and log axes do not apply. The legend sits in the head row.
 * Neighbours: chart_plot (frame, cells), chart.c (chart_dist picks the column). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart/chart.h"
#include "chart/chart_plot.h"
#include "core/xmalloc.h"

struct ramp {
	int n;                /* levels, lowest first */
	uint32_t cp[10];
	int legend_cells;     /* cells per level in the legend bar */
	uint32_t edge;        /* the legend bar's ends (the blank level needs a frame) */
	uint32_t nan;
};

static const struct ramp ramps[2] = {
	[0] = {.n = 5, .cp = {' ', 0x2591, 0x2592, 0x2593, 0x2588}, /* " ░▒▓█" */
	       .legend_cells = 2, .edge = 0x2502, .nan = '?'},
	[1] = {.n = 10, .cp = {' ', '.', ':', '-', '=', '+', '*', '#', '%', '@'},
	       .legend_cells = 1, .edge = '|', .nan = '?'},
};

static const char nan_note[] = "  ? n/a";

static int increasing(const double *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isfinite(c[i]) || (i > 0 && !(c[i] > c[i - 1])))
			return 0;
	return 1;
}

/* Finite extent of the values; 0 when there is none. */
static int value_range(const struct chart_grid *g, double *lo, double *hi)
{
	struct chart_extent e;
	chart_axis_extent_init(&e);
	for (size_t k = 0; k < g->nx * g->ny; k++)
		chart_axis_extent_add(&e, g->v[k], 0);
	*lo = e.lo;
	*hi = e.hi;
	return e.n > 0;
}

/* Float noise around one value counts as a constant, as on a chart axis. */
static int constant(double lo, double hi)
{
	double m = fmax(fabs(lo), fabs(hi));
	return hi - lo <= 1e-12 * m || m < 1e-300;
}

static int level(double v, double lo, double hi, int n)
{
	if (constant(lo, hi))
		return (n - 1) / 2; /* the middle shade */
	/* Halves keep the spans finite near +-DBL_MAX. */
	double t = (v / 2 - lo / 2) / (hi / 2 - lo / 2);
	int l = (int)floor(t * n);
	return l < 0 ? 0 : l >= n ? n - 1 : l;
}

/* The axis range from the first grid cell's outer edge to the last one's. */
static void grid_range(const double *c, size_t n, double *lo, double *hi)
{
	if (n == 1) {
		*lo = *hi = c[0];
		chart_axis_widen(lo, hi, 0);
		return;
	}
	*lo = c[0] - (c[1] / 2 - c[0] / 2);
	*hi = c[n - 1] + (c[n - 1] / 2 - c[n - 2] / 2);
}

/* First index i with c[i] >= v (c[i] > v when strict), or n. */
static size_t bound(const double *c, size_t n, double v, int strict)
{
	size_t a = 0, b = n;
	while (a < b) {
		size_t m = a + (b - a) / 2;
		if (c[m] < v || (strict && c[m] == v))
			a = m + 1;
		else
			b = m;
	}
	return a;
}

/* Grid indices [r[0], r[1]) shown by plot cell k of n along an axis from lo to hi: the
 * points inside the cell (the last cell closed), else the point nearest its centre. */
static void cell_range(const double *c, size_t nc, double lo, double hi, int k, int n,
		       size_t r[2])
{
	double a = lo + (hi - lo) * k / n, b = lo + (hi - lo) * (k + 1) / n;
	r[0] = bound(c, nc, a, 0);
	r[1] = bound(c, nc, b, k == n - 1);
	if (r[1] > r[0])
		return;
	double m = a / 2 + b / 2;
	size_t i = bound(c, nc, m, 0);
	if (i == nc || (i > 0 && m - c[i - 1] < c[i] - m))
		i--;
	r[0] = i;
	r[1] = i + 1;
}

/* Mean of the finite values in columns cx and rows ry; NaN when none is finite. */
static double cell_mean(const struct chart_grid *g, const size_t cx[2], const size_t ry[2])
{
	size_t n = 0;
	for (size_t j = ry[0]; j < ry[1]; j++)
		for (size_t i = cx[0]; i < cx[1]; i++)
			n += isfinite(g->v[j * g->nx + i]) != 0;
	if (n == 0)
		return NAN;
	double s = 0;
	for (size_t j = ry[0]; j < ry[1]; j++)
		for (size_t i = cx[0]; i < cx[1]; i++)
			if (isfinite(g->v[j * g->nx + i]))
				s += g->v[j * g->nx + i] / (double)n;
	return s;
}

/* Shades every plot cell; returns 1 when some cell had no value. */
static int shade(struct chart_plot *p, const struct chart_grid *g, double lo, double hi,
		 const struct ramp *r)
{
	size_t(*cols)[2] = xmallocarray((size_t)p->pw, sizeof *cols);
	int any_nan = 0;

	for (int col = 0; col < p->pw; col++)
		cell_range(g->x, g->nx, p->xa.lo, p->xa.hi, col, p->pw, cols[col]);
	for (int row = 0; row < p->ph; row++) {
		size_t rows[2];
		cell_range(g->y, g->ny, p->ya.lo, p->ya.hi, p->ph - 1 - row, p->ph, rows);
		for (int col = 0; col < p->pw; col++) {
			double v = cell_mean(g, cols[col], rows);
			if (isnan(v)) {
				chart_plot_put(p, p->px + col, p->py + row, r->nan, ROLE_LABEL);
				any_nan = 1;
			} else {
				chart_plot_put(p, p->px + col, p->py + row,
					       r->cp[level(v, lo, hi, r->n)], ROLE_SERIES1);
			}
		}
	}
	free(cols);
	return any_nan;
}

/* A legend value to three significant digits of the field's span (of the value itself
 * when the field is constant). */
static void legend_value(double v, double span, char *buf, size_t size)
{
	double m = span > 0 ? span : fabs(v);
	double step = m > 0 && isfinite(m) ? pow(10, floor(log10(m)) - 2) : 1;
	chart_fmt_tick(v, step, buf, size);
}

/* "NAME MIN │  ░░▒▒▓▓██│ MAX  ? n/a", right-aligned in the head row; for a constant
 * field "NAME │▒▒│ = V". The "? n/a" note goes first, then the name, when room is short. */
static void draw_legend(struct chart_plot *p, const struct chart_opts *o, const char *name,
			double lo, double hi, int has_nan, const struct ramp *r)
{
	char a[32], b[32], eq[40];
	int flat = constant(lo, hi), row = p->head_row;
	legend_value(lo, flat ? 0 : hi - lo, a, sizeof a);
	legend_value(hi, flat ? 0 : hi - lo, b, sizeof b);
	snprintf(eq, sizeof eq, " = %s", a);
	int bar = (flat ? 1 : r->n) * r->legend_cells + 2;
	int wa = flat ? 0 : (int)strlen(a) + 1;
	int wb = flat ? (int)strlen(eq) : (int)strlen(b) + 1;
	int wname = name && *name ? chart_plot_width(name) + 1 : 0;
	int wnan = has_nan ? (int)strlen(nan_note) : 0;
	int x0 = p->rx, x1 = p->px + p->pw;
	if (o->ylabel && *o->ylabel) {
		int l = chart_plot_width(o->ylabel), room = p->px + p->pw - p->rx;
		x0 = p->rx + (l < room ? l : room) + 3;
	}
	if (x1 - x0 < wname + wa + bar + wb + wnan)
		wnan = 0;
	if (x1 - x0 < wname + wa + bar + wb + wnan)
		wname = 0;
	if (x1 - x0 < wa + bar + wb)
		return;
	int x = x1 - (wname + wa + bar + wb + wnan);
	if (wname)
		chart_plot_text(p, x, row, name, wname - 1, ROLE_LEGEND);
	x += wname;
	if (!flat)
		chart_plot_text(p, x, row, a, wa - 1, ROLE_LEGEND);
	x += wa;
	chart_plot_put(p, x++, row, r->edge, ROLE_AXIS);
	for (int k = 0; k < r->n; k++)
		for (int i = 0; i < r->legend_cells && (!flat || k == (r->n - 1) / 2); i++)
			chart_plot_put(p, x++, row, r->cp[k], ROLE_SERIES1);
	chart_plot_put(p, x++, row, r->edge, ROLE_AXIS);
	if (flat)
		chart_plot_text(p, x, row, eq, wb, ROLE_LEGEND);
	else
		chart_plot_text(p, x + 1, row, b, wb - 1, ROLE_LEGEND);
	x += wb;
	if (wnan) {
		chart_plot_text(p, x, row, nan_note, wnan, ROLE_LEGEND);
		chart_plot_put(p, x + 2, row, r->nan, ROLE_LABEL);
	}
}

int chart_heat(struct canvas *c, int x, int y, int w, int h, const struct chart_grid *g,
	       const struct chart_opts *o)
{
	static const struct chart_opts defaults;
	const struct ramp *r;
	struct chart_plot p;
	double lo, hi, xlo, xhi, ylo, yhi;

	if (!o)
		o = &defaults;
	r = &ramps[o->ascii ? 1 : 0];
	if (chart_plot_begin(&p, c, x, y, w, h, o->ascii))
		return 1;
	if (!g || !g->v || !g->x || !g->y || g->nx == 0 || g->ny == 0 ||
	    !value_range(g, &lo, &hi)) {
		chart_plot_nodata(&p, o);
		return 0;
	}
	if (!increasing(g->x, g->nx) || !increasing(g->y, g->ny)) {
		chart_plot_message(&p, o, "grid coordinates must increase");
		return 0;
	}
	grid_range(g->x, g->nx, &xlo, &xhi);
	grid_range(g->y, g->ny, &ylo, &yhi);
	p.blocks = 1;
	p.head = 1;
	if (chart_plot_layout(&p, o, ylo, yhi, 0, 0, xlo, xhi, 0, NULL, 0))
		return 1;
	int has_nan = shade(&p, g, lo, hi, r);
	if (p.head_row >= 0)
		draw_legend(&p, o, g->label, lo, hi, has_nan, r);
	return 0;
}
