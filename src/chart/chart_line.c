/* chart_line: line charts of several series: consecutive points joined by Bresenham
 * segments in dot space (braille 2x4 per cell, or one ASCII mark per cell), NaN/inf (and
 * non-positive values on a log axis) leaving gaps, an isolated point drawn as one dot.
 * Reference series draw first, dotted, in ROLE_REF so data stays on top. Auto-range: x
 * tight to the data, y pushed out to nice ticks; fixed ranges are used as given.
 * Neighbours: chart_plot (frame, primitives); chart_cdf and chart_hist reuse chart_line. */
#include <math.h>

#include "chart/chart.h"
#include "chart/chart_plot.h"

static double xval(const struct chart_series *s, size_t i, const struct chart_opts *o)
{
	if (s->x)
		return s->x[i];
	double dx = o->dx != 0 ? o->dx : 1;
	return o->x0 + (double)i * dx;
}

static void draw_series(struct chart_plot *p, const struct chart_series *s,
			const struct chart_opts *o, enum cell_role role, uint32_t mark, int dotted)
{
	struct chart_pen pen;

	if (!s->y)
		return;
	chart_plot_pen_init(&pen, role, mark, dotted);
	for (size_t i = 0; i < s->n; i++)
		chart_plot_pen_to(p, &pen, chart_plot_fx(p, xval(s, i, o)),
				  chart_plot_fy(p, s->y[i]));
	chart_plot_pen_up(p, &pen);
}

int chart_line(struct canvas *c, int x, int y, int w, int h, const struct chart_series *s,
	       size_t ns, const struct chart_opts *o)
{
	static const struct chart_opts defaults;
	struct chart_plot p;
	struct chart_extent ex, ey;
	struct chart_legend_item leg[8];
	size_t nleg = 0, k = 0;

	if (!o)
		o = &defaults;
	if (chart_plot_begin(&p, c, x, y, w, h, o->ascii))
		return 1;
	chart_axis_extent_init(&ex);
	chart_axis_extent_init(&ey);
	for (size_t j = 0; s && j < ns; j++) {
		for (size_t i = 0; s[j].y && i < s[j].n; i++) {
			double xv = xval(&s[j], i, o), yv = s[j].y[i];
			if (!isfinite(xv) || !isfinite(yv) || (o->logy && !(yv > 0)))
				continue;
			chart_axis_extent_add(&ex, xv, 0);
			chart_axis_extent_add(&ey, yv, o->logy);
		}
	}
	if (ex.n == 0) {
		chart_plot_nodata(&p, o);
		return 0;
	}
	double xlo = ex.lo, xhi = ex.hi, ylo = ey.lo, yhi = ey.hi;
	int fixy = 0;
	if (o->fix_x && isfinite(o->xmin) && isfinite(o->xmax) && o->xmin < o->xmax) {
		xlo = o->xmin;
		xhi = o->xmax;
	}
	if (o->fix_y && isfinite(o->ymin) && isfinite(o->ymax) && o->ymin < o->ymax &&
	    (!o->logy || o->ymin > 0)) {
		ylo = o->ymin;
		yhi = o->ymax;
		fixy = 1;
	}
	for (size_t j = 0; s && j < ns && nleg < 8; j++) {
		leg[nleg].label = s[j].label;
		if (s[j].reference) {
			leg[nleg].role = ROLE_REF;
			leg[nleg].sym = o->ascii ? '.' : 0x2508;
		} else {
			leg[nleg].role = chart_plot_role(k);
			leg[nleg].sym = o->ascii ? chart_plot_mark(k) : 0x25CF;
			k++;
		}
		nleg++;
	}
	if (chart_plot_layout(&p, o, ylo, yhi, o->logy, !fixy, xlo, xhi, 0, leg, nleg))
		return 1;
	for (size_t j = 0; j < ns; j++)
		if (s[j].reference)
			draw_series(&p, &s[j], o, ROLE_REF, '.', 1);
	k = 0;
	for (size_t j = 0; j < ns; j++) {
		if (s[j].reference)
			continue;
		draw_series(&p, &s[j], o, chart_plot_role(k), chart_plot_mark(k), 0);
		k++;
	}
	return 0;
}
