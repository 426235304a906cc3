/* chart_cdf: step CDFs. Each series is (x sorted, y = F(x)) as in DIST_CDF, or raw
 * samples when y is NULL (the empirical CDF is computed here). The steps are turned into
 * polylines (flat at F = 0 left of the first point, vertical jumps, flat at the last F to
 * the right edge) and drawn by chart_line on a y range of [0, 1] unless fixed. The auto x
 * range gets a 3% margin each side so the first and last steps stay visible.
 * Neighbours: chart_line (drawing), chart.c (chart_dist dispatch). */
#include <math.h>
#include <stdlib.h>

#include "chart/chart.h"
#include "chart/chart_axis.h"
#include "core/xmalloc.h"

struct pt {
	double x, y;
};

static int cmp_pt(const void *a, const void *b)
{
	const struct pt *p = a, *q = b;
	if (p->x != q->x)
		return p->x < q->x ? -1 : 1;
	return p->y < q->y ? -1 : p->y > q->y;
}

/* The steps of one series as sorted (x, F) points with distinct x; returns the count and
 * the points in *out (owned by the caller). */
static size_t steps_of(const struct chart_series *s, struct pt **out)
{
	struct pt *v = xmallocarray(s->n + 1, sizeof *v);
	size_t m = 0;

	for (size_t i = 0; i < s->n; i++) {
		double x = s->x ? s->x[i] : (double)i;
		double y = s->y ? s->y[i] : 0;
		if (!isfinite(x) || !isfinite(y))
			continue;
		v[m].x = x;
		v[m].y = y;
		m++;
	}
	size_t i = 1;
	while (i < m && v[i].x >= v[i - 1].x)
		i++;
	if (i < m) /* models hand CDFs over sorted: only sort when they are not */
		qsort(v, m, sizeof *v, cmp_pt);
	if (!s->y) {
		/* Samples: F jumps by 1/m at each; keep the last of equal x. */
		for (i = 0; i < m; i++)
			v[i].y = (double)(i + 1) / (double)m;
	}
	size_t k = 0;
	for (i = 0; i < m; i++) {
		if (k > 0 && v[k - 1].x == v[i].x)
			v[k - 1].y = fmax(v[k - 1].y, v[i].y); /* a CDF is non-decreasing */
		else
			v[k++] = v[i];
	}
	*out = v;
	return k;
}

int chart_cdf(struct canvas *c, int x, int y, int w, int h, const struct chart_series *s,
	      size_t ns, const struct chart_opts *o)
{
	static const struct chart_opts defaults;
	struct chart_opts opts = o ? *o : defaults;
	struct chart_series *ps = xcalloc(ns + 1, sizeof *ps);
	struct pt **pts = xcalloc(ns + 1, sizeof *pts);
	size_t *np = xcalloc(ns + 1, sizeof *np);
	double **bufx = xcalloc(ns + 1, sizeof *bufx), **bufy = xcalloc(ns + 1, sizeof *bufy);
	struct chart_extent ex;
	double fmax_seen = 1;

	chart_axis_extent_init(&ex);
	for (size_t j = 0; s && j < ns; j++) {
		np[j] = steps_of(&s[j], &pts[j]);
		for (size_t i = 0; i < np[j]; i++) {
			chart_axis_extent_add(&ex, pts[j][i].x, 0);
			fmax_seen = fmax(fmax_seen, pts[j][i].y);
		}
	}
	double lo = ex.lo, hi = ex.hi;
	if (opts.fix_x && isfinite(opts.xmin) && isfinite(opts.xmax) && opts.xmin < opts.xmax) {
		lo = opts.xmin;
		hi = opts.xmax;
	} else if (ex.n > 0) {
		chart_axis_widen(&lo, &hi, 0);
		double pad = (hi - lo) * 0.03;
		lo -= pad;
		hi += pad;
	}
	for (size_t j = 0; s && j < ns; j++) {
		size_t m = np[j], k = 0;
		bufx[j] = xmallocarray(2 * m + 2, sizeof **bufx);
		bufy[j] = xmallocarray(2 * m + 2, sizeof **bufy);
		if (m > 0) {
			bufx[j][k] = lo;
			bufy[j][k++] = 0;
			for (size_t i = 0; i < m; i++) {
				bufx[j][k] = pts[j][i].x;
				bufy[j][k++] = i ? pts[j][i - 1].y : 0;
				bufx[j][k] = pts[j][i].x;
				bufy[j][k++] = pts[j][i].y;
			}
			bufx[j][k] = hi;
			bufy[j][k++] = pts[j][m - 1].y;
		}
		ps[j].label = s[j].label;
		ps[j].style = s[j].style;
		ps[j].x = bufx[j];
		ps[j].y = bufy[j];
		ps[j].n = k;
	}
	if (ex.n > 0) {
		opts.fix_x = 1;
		opts.xmin = lo;
		opts.xmax = hi;
	}
	if (!opts.fix_y && !opts.logy) {
		opts.fix_y = 1;
		opts.ymin = 0;
		opts.ymax = fmax_seen;
	}
	int r = chart_line(c, x, y, w, h, ps, s ? ns : 0, &opts);
	for (size_t j = 0; j < ns; j++) {
		free(pts[j]);
		free(bufx[j]);
		free(bufy[j]);
	}
	free(ps);
	free(pts);
	free(np);
	free(bufx);
	free(bufy);
	return r;
}
