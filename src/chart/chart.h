/* chart: pure chart rendering into a rectangle of a canvas. Kinds: line (several series, a
 * legend, optional log y; each series drawn as a line, a dotted reference line in ROLE_REF,
 * or points: a marker per point), step CDF, histogram (automatic or given bins), bars (e.g.
 * the binary client bid distribution), heat map (a value on an x-y grid, shaded, with a
 * colour-scale legend). Braille (2x4 dots per cell) or an ASCII fallback; eighth-block
 * bars; shade blocks or an ASCII ramp for heat maps. Nice-number ticks; auto-range that
 * copes with constants, NaN/inf, empty data and many decades; fixed ranges on request; a
 * placeholder below the minimum size. Neighbours: canvas (target), series/dist (data), ui
 * and batch (callers). */
#ifndef TATON_CHART_H
#define TATON_CHART_H

#include <stddef.h>
#include "chart/canvas.h"
#include "core/series.h"

#define CHART_MIN_W 16
#define CHART_MIN_H 5

struct chart_series {
	const char *label;
	const double *x; /* NULL: x = 0, 1, ..., n-1 (or x0 + i*dx, see opts) */
	const double *y;
	size_t n;
	enum dist_style style; /* line, reference line (ROLE_REF, e.g. the diagonal), points */
};

struct chart_opts {
	const char *title;
	const char *xlabel, *ylabel;
	int ascii;                 /* ASCII plotting instead of braille */
	int logy;                  /* log10 y axis; non-positive values are skipped */
	int fix_x, fix_y;          /* use the ranges below instead of auto-range */
	double xmin, xmax, ymin, ymax;
	int legend;                /* 1 = show a legend when there is more than one series */
	double x0, dx;             /* x of index i when series x is NULL (dx 0 means 1) */
	size_t bins;               /* histogram: 0 = automatic */
	const double *edges;       /* histogram: explicit edges (nedges), or NULL */
	size_t nedges;
	const char *column;        /* chart_dist of a grid: the value column shown (NULL or
				    * "": the first) */
	int xint;                  /* chart_line: x ticks at whole numbers only (steps) */
	const double *marks;       /* chart_line: vertical markers at these x (nmarks), dotted
				    * in ROLE_HIGHLIGHT, e.g. a change of dynamic */
	const char *const *mark_labels; /* their labels, written on the plot's top row after
				    * the marker when there is room (NULL: none) */
	size_t nmarks;
};

/* A value on an x-y grid, as in DIST_GRID (all borrowed). */
struct chart_grid {
	const double *x, *y; /* nx and ny coordinates, strictly increasing */
	size_t nx, ny;
	const double *v;     /* nx*ny values, v[j*nx + i] at (x[i], y[j]); NaN = no value */
	const char *label;   /* the value's name, shown in the legend (may be NULL) */
};

/* Each draws into the rectangle (x, y, w, h) of c, and returns 0, or 1 when the rectangle
 * is below CHART_MIN_W x CHART_MIN_H (a placeholder is drawn instead). */
int chart_line(struct canvas *c, int x, int y, int w, int h, const struct chart_series *s,
	       size_t ns, const struct chart_opts *o);
/* Step CDFs: s[i].x sorted with s[i].y = F(x), as in DIST_CDF; when s[i].y is NULL,
 * s[i].x holds raw samples and the empirical CDF is drawn. */
int chart_cdf(struct canvas *c, int x, int y, int w, int h, const struct chart_series *s,
	      size_t ns, const struct chart_opts *o);
/* Samples in s[i].x, weights in s[i].y (NULL = 1), as in DIST_HIST; one histogram per
 * series, overlaid. */
int chart_hist(struct canvas *c, int x, int y, int w, int h, const struct chart_series *s,
	       size_t ns, const struct chart_opts *o);
/* One bar per category: values s[i].y[k] for category k (grouped when ns > 1);
 * labels[k] under the bars (may be NULL). */
int chart_bars(struct canvas *c, int x, int y, int w, int h, const struct chart_series *s,
	       size_t ns, const char *const *labels, const struct chart_opts *o);
/* Heat map of g: grid point (x[i], y[j]) owns the cell reaching halfway to its neighbours;
 * each plot cell shows the mean of the grid values whose points it holds (else the value of
 * the grid cell under its centre), shaded by where that lies between the field's finite
 * minimum and maximum: " ░▒▓█" (UTF-8) or " .:-=+*#%@" (ASCII), the lowest band blank. A
 * legend in the head row shows the name, the minimum, the ramp and the maximum; a constant
 * field draws in the middle shade, its legend "NAME │▒▒│ = v". Cells without a finite value draw
 * '?' (the legend then adds "? n/a"). No finite value: "no data"; coordinates not
 * strictly increasing: a message saying so. */
int chart_heat(struct canvas *c, int x, int y, int w, int h, const struct chart_grid *g,
	       const struct chart_opts *o);
/* A path of mixed strategies over three actions: p[k][j] is the probability of action k
 * at point j (borrowed); DIST_STYLE_REFERENCE marks one point (an equilibrium). */
struct chart_simplex_path {
	const char *label;
	const double *p[3];
	size_t n;
	enum dist_style style;
};
/* Paths in the probability simplex of three actions: an equilateral triangle whose corners
 * are the pure actions, labelled corner[0..2] (bottom left, bottom right, top; NULL: "1",
 * "2", "3"); each path a line with its last point marked; a reference path's first point
 * as a reference marker; a legend of the labelled paths on the first row. */
int chart_simplex(struct canvas *c, int x, int y, int w, int h,
		  const struct chart_simplex_path *s, size_t ns, const char *const corner[3],
		  const struct chart_opts *o);
/* Draws a model distribution with the chart its kind calls for (a grid: the heat map of
 * column o->column, or of the first column; an unknown column draws a message naming it).
 * The title and axis labels come from o when non-NULL there, else from the dist ("" suppresses
 * one). */
int chart_dist(struct canvas *c, int x, int y, int w, int h, const struct dist *d,
	       const struct chart_opts *o);

/* Nice-number axis ticks covering [lo, hi]: at most max_ticks values into ticks[], returns
 * the count. */
int chart_ticks(double lo, double hi, int max_ticks, double *ticks);
/* Short tick label ("0.25", "1e-6", "1.5k"...) into buf. */
void chart_fmt_tick(double v, double step, char *buf, size_t size);

#endif
