/* chart: the public entry points that are not a chart kind of their own: nice ticks,
 * tick labels, and chart_dist (a model distribution drawn with the chart its kind calls
 * for). Neighbours: chart_axis (tick search), chart_line/cdf/hist/bars/heat (the kinds),
 * chart_plot (messages), core/series (struct dist). */
#include "chart/chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart/chart_axis.h"
#include "chart/chart_plot.h"
#include "core/xmalloc.h"

int chart_ticks(double lo, double hi, int max_ticks, double *ticks)
{
	double step;

	if (max_ticks < 1 || !ticks || !isfinite(lo) || !isfinite(hi))
		return 0;
	if (lo > hi) {
		double t = lo;
		lo = hi;
		hi = t;
	}
	if (lo == hi) {
		ticks[0] = lo;
		return 1;
	}
	return chart_axis_ticks(lo, hi, max_ticks, 0, ticks, &step);
}

static double pow10_int(int e)
{
	double r = 1;
	for (int i = 0; i < (e < 0 ? -e : e) && i < 330; i++)
		r *= 10;
	return e < 0 ? 1 / r : r;
}

/* Decimal places needed to write multiples of s exactly (at most 15). */
static int decimals(double s)
{
	for (int d = 0; d < 15; d++) {
		double x = s * pow10_int(d);
		if (fabs(x - nearbyint(x)) <= 1e-6 * x)
			return d;
	}
	return 15;
}

/* "%.*f" without trailing zeros (and without a bare '.' or "-0"). */
static void fixed(char *buf, size_t size, int d, double v)
{
	snprintf(buf, size, "%.*f", d, v);
	if (strchr(buf, '.')) {
		size_t n = strlen(buf);
		while (n > 0 && buf[n - 1] == '0')
			buf[--n] = '\0';
		if (n > 0 && buf[n - 1] == '.')
			buf[--n] = '\0';
	}
	if (strcmp(buf, "-0") == 0)
		strcpy(buf, "0");
}

void chart_fmt_tick(double v, double step, char *buf, size_t size)
{
	char tmp[64], num[48];

	if (!buf || size == 0)
		return;
	if (isnan(v) || isinf(v)) {
		snprintf(buf, size, "%s", isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
		return;
	}
	step = fabs(step);
	if (!(step > 0) || !isfinite(step))
		step = v != 0 ? fabs(v) : 1;
	double a = fabs(v);
	if (a < step * 1e-6) {
		snprintf(buf, size, "0");
		return;
	}
	if (step < 1e-3 || a >= 1e15) {
		/* Scientific, compact: "2.5e-6", "1e15". */
		int e = (int)floor(log10(a));
		double sc = pow10_int(e);
		if (a / sc >= 10) {
			e++;
			sc *= 10;
		}
		int d = decimals(step / sc);
		fixed(num, sizeof num, d, v / sc);
		if (strcmp(num, "10") == 0 || strcmp(num, "-10") == 0) {
			e++;
			fixed(num, sizeof num, d, v / (sc * 10));
		}
		snprintf(tmp, sizeof tmp, "%se%d", num, e);
	} else if (a >= 1e3 && step >= 100) {
		/* Thousands: "1.5k", "20M". */
		static const char suffix[] = "kMGT";
		int u = (int)floor(log10(a)) / 3;
		if (u < 1)
			u = 1;
		if (u > 4)
			u = 4;
		double unit = pow10_int(3 * u);
		fixed(num, sizeof num, decimals(step / unit), v / unit);
		snprintf(tmp, sizeof tmp, "%s%c", num, suffix[u - 1]);
	} else {
		fixed(tmp, sizeof tmp, decimals(step), v);
	}
	snprintf(buf, size, "%s", tmp);
}

/* A grid's column o->column (the first when unset) as a heat map. */
static int dist_heat(struct canvas *c, int x, int y, int w, int h, const struct dist *d,
		     const struct chart_opts *o)
{
	const struct dist_grid *g = &d->grid;
	int named = o->column && *o->column;
	int col = named ? dist_grid_column(d, o->column) : g->ncols ? 0 : -1;

	if (col < 0 && named) {
		struct chart_plot p;
		char msg[80];
		if (chart_plot_begin(&p, c, x, y, w, h, o->ascii))
			return 1;
		snprintf(msg, sizeof msg, "no column '%s'", o->column);
		chart_plot_message(&p, o, msg);
		return 0;
	}
	struct chart_grid cg = {.x = g->x, .y = g->y, .nx = g->nx, .ny = g->ny,
				.v = col >= 0 ? g->v[col] : NULL,
				.label = col >= 0 ? g->colname[col] : NULL};
	return chart_heat(c, x, y, w, h, &cg, o);
}

int chart_dist(struct canvas *c, int x, int y, int w, int h, const struct dist *d,
	       const struct chart_opts *o)
{
	static const struct chart_opts defaults;
	struct chart_series s[DIST_MAX_CURVES];
	struct chart_opts opts;
	size_t ns = 0;

	opts = o ? *o : defaults;
	if (!opts.title && d && d->title[0])
		opts.title = d->title;
	if (!opts.xlabel && d && d->xlabel[0])
		opts.xlabel = d->xlabel;
	if (!opts.ylabel && d && d->ylabel[0])
		opts.ylabel = d->ylabel;
	for (size_t i = 0; d && i < d->ncurves && i < DIST_MAX_CURVES; i++) {
		s[ns].label = d->c[i].label;
		s[ns].x = d->c[i].x;
		s[ns].y = d->c[i].y;
		s[ns].n = d->c[i].n;
		s[ns].style = d->c[i].style;
		ns++;
	}
	switch (d ? d->kind : DIST_LINE) {
	case DIST_CDF:
		return chart_cdf(c, x, y, w, h, s, ns, &opts);
	case DIST_HIST:
		return chart_hist(c, x, y, w, h, s, ns, &opts);
	case DIST_GRID:
		return dist_heat(c, x, y, w, h, d, &opts);
	case DIST_BARS: {
		/* chart_bars reads one label per category: pad a short list with NULLs. */
		size_t ncat = 0;
		for (size_t i = 0; i < ns; i++)
			if (s[i].n > ncat)
				ncat = s[i].n;
		const char **lab = NULL;
		if (d->labels && d->nlabels) {
			lab = xcalloc(ncat + 1, sizeof *lab);
			for (size_t k = 0; k < ncat && k < d->nlabels; k++)
				lab[k] = d->labels[k];
		}
		int r = chart_bars(c, x, y, w, h, s, ns, lab, &opts);
		free(lab);
		return r;
	}
	case DIST_LINE:
	default:
		return chart_line(c, x, y, w, h, s, ns, &opts);
	}
}
