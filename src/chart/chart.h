/* chart: pure chart rendering into a rectangle of a canvas. Kinds: line (several series, a
 * legend, optional log y), step CDF, histogram (automatic or given bins), bars (e.g. the binary
 * client bid distribution), function plot with a reference line (a line chart whose series
 * marked `reference` draw in ROLE_REF). Braille (2x4 dots per cell) or an ASCII fallback;
 * eighth-block bars. Nice-number ticks; auto-range that copes with constants, NaN/inf, empty
 * data and many decades; fixed ranges on request; a placeholder below the minimum size.
 * Neighbours: canvas (target), series/dist (data), ui and batch (callers). */
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
	int reference;   /* reference line (ROLE_REF), e.g. the diagonal */
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
/* Draws a model distribution with the chart its kind calls for. The title and axis
 * labels come from o when non-NULL there, else from the dist ("" suppresses one). */
int chart_dist(struct canvas *c, int x, int y, int w, int h, const struct dist *d,
	       const struct chart_opts *o);

/* Nice-number axis ticks covering [lo, hi]: at most max_ticks values into ticks[], returns
 * the count. */
int chart_ticks(double lo, double hi, int max_ticks, double *ticks);
/* Short tick label ("0.25", "1e-6", "1.5k"...) into buf. */
void chart_fmt_tick(double v, double step, char *buf, size_t size);

#endif
