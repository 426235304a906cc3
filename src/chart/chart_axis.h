/* chart_axis: ranges, nice-number ticks and tick labels of one chart axis (internal to
 * src/chart). A linear axis works in data units, a log axis in log10 units (decades).
 * Neighbours: chart_plot (places ticks on the canvas), chart.c (public chart_ticks). */
#ifndef TATON_CHART_AXIS_H
#define TATON_CHART_AXIS_H

#include <stddef.h>

#define CHART_AXIS_MAX_TICKS 40
#define CHART_AXIS_LABEL_MAX 24

struct chart_axis {
	int log;        /* 1: lo, hi and tick[] are log10 of the data */
	double lo, hi;  /* the range shown, lo < hi, in axis units */
	double step;    /* tick spacing in axis units (decades for log) */
	int nticks;
	double tick[CHART_AXIS_MAX_TICKS];                 /* axis units */
	char label[CHART_AXIS_MAX_TICKS][CHART_AXIS_LABEL_MAX];
	int label_w;    /* widest label, in cells */
};

/* Running finite extent of data (in data units). */
struct chart_extent {
	size_t n;
	double lo, hi;
};

void chart_axis_extent_init(struct chart_extent *e);
/* Adds v when finite (and > 0 when log). Returns 1 if v was counted. */
int chart_axis_extent_add(struct chart_extent *e, double v, int log);

/* Widens a degenerate range (constant data, or float noise around one value) to a sensible
 * one around it, in data units: 0 -> [-1, 1], v -> v +- 10%; for log, one decade each way.
 * Also orders lo <= hi and clamps to +-1e307 (log: [1e-300, 1e300]) so spans stay finite. */
void chart_axis_widen(double *lo, double *hi, int log);

/* Sets up the axis for data range [lo, hi] (data units; for log both must be > 0):
 * widens degenerate ranges, chooses at most max_ticks nice ticks (expand: one more when
 * max_ticks cannot bracket the data closely) and, when expand, pushes the ends out to the
 * neighbouring ticks. Formats the labels. */
void chart_axis_setup(struct chart_axis *a, double lo, double hi, int log, int expand,
		      int max_ticks);

/* Maps data value v to axis units (log10 for log axes); NaN when not representable. */
double chart_axis_unit(const struct chart_axis *a, double v);

/* Nice ticks covering [lo, hi] (finite, lo < hi), at most max_ticks (>= 1) of them.
 * expand: the ticks bracket the range (first <= lo, last >= hi) instead of lying inside
 * it, with a step of at most twice the span. Returns the count (0 when impossible, e.g.
 * expand with max_ticks 2 and lo < 0 < hi) and the step in *step. */
int chart_axis_ticks(double lo, double hi, int max_ticks, int expand, double *ticks,
		     double *step);

#endif
