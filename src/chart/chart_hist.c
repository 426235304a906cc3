/* chart_hist: histograms of samples (s[i].x) with optional weights (s[i].y, NULL = 1).
 * Bins: explicit edges, or o->bins equal bins over the data range, or automatic: the
 * Freedman-Diaconis width (Sturges when the IQR is 0) rounded up to a nice number, edges on
 * multiples of it, at most one bin per two cells. Bins are [e_i, e_i+1), the last closed;
 * values outside are ignored. All series share the bins. One series draws filled
 * eighth-block columns (each column shows the bin under its centre); several series
 * overlay as step outlines through chart_line so they stay readable.
 * Neighbours: chart_plot (frame, bars), chart_line (outlines), chart_axis (nice steps). */
#include <math.h>
#include <stdlib.h>

#include "chart/chart.h"
#include "chart/chart_axis.h"
#include "chart/chart_plot.h"
#include "core/xmalloc.h"

#define HIST_MAX_BINS 200

static void swap(double *v, size_t a, size_t b)
{
	double t = v[a];
	v[a] = v[b];
	v[b] = t;
}

/* The k-th smallest of v[0..n) (0-based), by quickselect with a median-of-three pivot;
 * reorders v so that everything after position k is >= the result. O(n) expected, which
 * keeps automatic bins cheap for large sample sets. */
static double select_kth(double *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] < v[lo])
			swap(v, lo, mid);
		if (v[hi] < v[lo])
			swap(v, lo, hi);
		if (v[hi] < v[mid])
			swap(v, mid, hi);
		double pivot = v[mid];
		size_t i = lo, j = hi;
		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				swap(v, i, j);
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		/* Now v[lo..j] <= pivot, v[j+1..i-1] == pivot, v[i..hi] >= pivot. */
		if (k <= j && j < hi)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return v[k];
	}
	return v[k];
}

/* Type-7 quantile of v[0..n) (finite values, n >= 1); reorders v. */
static double quantile(double *v, size_t n, double q)
{
	double h = (double)(n - 1) * q;
	size_t i = (size_t)floor(h);
	double a = select_kth(v, n, i);
	if (i + 1 >= n)
		return a;
	double b = v[i + 1];
	for (size_t j = i + 2; j < n; j++) /* the next order statistic: min of the rest */
		if (v[j] < b)
			b = v[j];
	return a + (h - (double)i) * (b - a);
}

static int valid_edges(const double *e, size_t n)
{
	if (!e || n < 2)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isfinite(e[i]) || (i && !(e[i] > e[i - 1])))
			return 0;
	return 1;
}

/* Automatic nice edges over [lo, hi] for the n samples v (any order; reordered here). */
static size_t auto_edges(double *v, size_t n, double lo, double hi, int max_bins,
			 double *edges)
{
	double ticks[HIST_MAX_BINS + 1], step;
	size_t k;

	double iqr = n > 1 ? quantile(v, n, 0.75) - quantile(v, n, 0.25) : 0;
	double span = hi - lo;
	double kd;
	if (iqr > 0)
		kd = ceil(span / (2 * iqr / cbrt((double)n))); /* Freedman-Diaconis */
	else
		kd = ceil(log2((double)(n > 1 ? n : 1))) + 1; /* Sturges */
	if (!(kd >= 1))
		kd = 1;
	k = kd < max_bins ? (size_t)kd : (size_t)max_bins;
	int nt = chart_axis_ticks(lo, hi, (int)k + 1, 1, ticks, &step);
	if (nt < 2) {
		edges[0] = lo;
		edges[1] = hi;
		return 2;
	}
	for (int i = 0; i < nt; i++)
		edges[i] = ticks[i];
	return (size_t)nt;
}

/* Index of the bin holding v, or -1 when outside. */
static long find_bin(const double *e, size_t ne, double v)
{
	if (!(v >= e[0]) || !(v <= e[ne - 1]))
		return -1;
	size_t a = 0, b = ne - 1; /* e[a] <= v, and v < e[b] or b is the last edge */
	while (b - a > 1) {
		size_t m = (a + b) / 2;
		if (v >= e[m])
			a = m;
		else
			b = m;
	}
	return (long)a;
}

int chart_hist(struct canvas *c, int x, int y, int w, int h, const struct chart_series *s,
	       size_t ns, const struct chart_opts *o)
{
	static const struct chart_opts defaults;
	struct chart_opts opts = o ? *o : defaults;
	struct chart_extent ex;
	size_t total = 0;

	if (!s)
		ns = 0;
	chart_axis_extent_init(&ex);
	for (size_t j = 0; j < ns; j++)
		for (size_t i = 0; s[j].x && i < s[j].n; i++)
			if (!s[j].y || isfinite(s[j].y[i]))
				total += (size_t)chart_axis_extent_add(&ex, s[j].x[i], 0);
	if (total == 0 || w < CHART_MIN_W || h < CHART_MIN_H) {
		struct chart_plot p;
		if (chart_plot_begin(&p, c, x, y, w, h, opts.ascii))
			return 1;
		chart_plot_nodata(&p, &opts);
		return 0;
	}

	/* Bin edges. */
	double *edges;
	size_t ne;
	if (valid_edges(opts.edges, opts.nedges)) {
		ne = opts.nedges;
		edges = xmallocarray(ne, sizeof *edges);
		for (size_t i = 0; i < ne; i++)
			edges[i] = opts.edges[i];
	} else {
		double lo = fmax(ex.lo, -1e307), hi = fmin(ex.hi, 1e307); /* finite spans */
		if (opts.fix_x && isfinite(opts.xmin) && isfinite(opts.xmax) &&
		    opts.xmin < opts.xmax) {
			lo = opts.xmin;
			hi = opts.xmax;
		} else if (hi - lo <= 1e-12 * fmax(fabs(lo), fabs(hi))) {
			lo -= 0.5; /* a constant gets a bin of width 1 */
			hi += 0.5;
		}
		if (opts.bins > 0) {
			ne = (opts.bins < HIST_MAX_BINS ? opts.bins : HIST_MAX_BINS) + 1;
			edges = xmallocarray(ne, sizeof *edges);
			for (size_t i = 0; i < ne; i++)
				edges[i] = lo + (hi - lo) * (double)i / (double)(ne - 1);
			edges[ne - 1] = hi;
		} else {
			double *v = xmallocarray(total, sizeof *v);
			size_t m = 0;
			for (size_t j = 0; j < ns; j++)
				for (size_t i = 0; s[j].x && i < s[j].n; i++)
					if (isfinite(s[j].x[i]) && (!s[j].y || isfinite(s[j].y[i])))
						v[m++] = s[j].x[i];
			int max_bins = (w - 8) / 2;
			if (max_bins < 1)
				max_bins = 1;
			if (max_bins > HIST_MAX_BINS)
				max_bins = HIST_MAX_BINS;
			edges = xmallocarray(HIST_MAX_BINS + 2, sizeof *edges);
			ne = auto_edges(v, m, lo, hi, max_bins, edges);
			free(v);
		}
	}
	size_t nb = ne - 1;

	/* Counts, one row of nb per series. */
	double *cnt = xcalloc(ns * nb, sizeof *cnt);
	for (size_t j = 0; j < ns; j++) {
		for (size_t i = 0; s[j].x && i < s[j].n; i++) {
			double wgt = s[j].y ? s[j].y[i] : 1;
			long b = find_bin(edges, ne, s[j].x[i]);
			if (b >= 0 && isfinite(wgt))
				cnt[j * nb + (size_t)b] += wgt;
		}
	}

	int r;
	if (ns == 1) {
		struct chart_plot p;
		struct chart_extent ey;
		chart_axis_extent_init(&ey);
		if (!opts.logy)
			chart_axis_extent_add(&ey, 0, 0);
		for (size_t b = 0; b < nb; b++)
			chart_axis_extent_add(&ey, cnt[b], opts.logy);
		if (ey.n == 0) {
			ey.lo = 1;
			ey.hi = 10;
		}
		int fixy = opts.fix_y && isfinite(opts.ymin) && isfinite(opts.ymax) &&
			   opts.ymin < opts.ymax && (!opts.logy || opts.ymin > 0);
		chart_plot_begin(&p, c, x, y, w, h, opts.ascii);
		p.blocks = 1;
		r = chart_plot_layout(&p, &opts, fixy ? opts.ymin : ey.lo, fixy ? opts.ymax : ey.hi,
				      opts.logy, !fixy, edges[0], edges[ne - 1], 0, NULL, 0);
		for (int col = 0; r == 0 && col < p.pw; col++) {
			double xc = p.xa.lo + (col + 0.5) / p.pw * (p.xa.hi - p.xa.lo);
			long b = find_bin(edges, ne, xc);
			if (b >= 0)
				chart_plot_bar(&p, col, cnt[b], ROLE_SERIES1, chart_plot_fill(0));
		}
	} else {
		/* Step outlines: (e0, 0), (e0, c0), (e1, c0), (e1, c1), ..., (eN, 0). */
		struct chart_series *ps = xcalloc(ns, sizeof *ps);
		double *bx = xmallocarray(ns * (2 * nb + 2), sizeof *bx);
		double *by = xmallocarray(ns * (2 * nb + 2), sizeof *by);
		for (size_t j = 0; j < ns; j++) {
			double *px = bx + j * (2 * nb + 2), *py = by + j * (2 * nb + 2);
			size_t k = 0;
			for (size_t b = 0; b < nb; b++) {
				px[k] = edges[b];
				py[k++] = b ? cnt[j * nb + b - 1] : 0;
				px[k] = edges[b];
				py[k++] = cnt[j * nb + b];
			}
			px[k] = edges[nb];
			py[k++] = cnt[j * nb + nb - 1];
			px[k] = edges[nb];
			py[k++] = 0;
			ps[j].label = s[j].label;
			ps[j].style = s[j].style;
			ps[j].x = px;
			ps[j].y = py;
			ps[j].n = k;
		}
		opts.fix_x = 1;
		opts.xmin = edges[0];
		opts.xmax = edges[ne - 1];
		r = chart_line(c, x, y, w, h, ps, ns, &opts);
		free(ps);
		free(bx);
		free(by);
	}
	free(cnt);
	free(edges);
	return r;
}
