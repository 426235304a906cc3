/* chart_line: line charts of several series: consecutive points joined by Bresenham
 * segments in dot space (braille 2x4 per cell, or one ASCII mark per cell), NaN/inf (and
 * non-positive values on a log axis) leaving gaps, an isolated point drawn as one dot.
 * Each series has a style: reference series draw first, dotted, in ROLE_REF so data stays
 * on top; lines next; points last, as one marker glyph per point over its whole cell (a
 * single braille dot is too small to see, and would vanish into a curve through it, e.g.
 * best-response iterates on the curve) and nothing between points. Lines and points share
 * the series colours and ASCII marks in order. Auto-range: x tight to the data, y pushed
 * out to nice ticks; fixed ranges are used as given.
 * Neighbours: chart_plot (frame, primitives); chart_cdf and chart_hist reuse chart_line. */
#include <math.h>
#include <string.h>

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

static void draw_points(struct chart_plot *p, const struct chart_series *s,
			const struct chart_opts *o, enum cell_role role, uint32_t glyph)
{
	for (size_t i = 0; s->y && i < s->n; i++)
		chart_plot_marker(p, chart_plot_fx(p, xval(s, i, o)), chart_plot_fy(p, s->y[i]),
				  role, glyph);
}

/* A vertical dotted marker at x over the whole plot height, under the data. */
static void draw_mark(struct chart_plot *p, double x)
{
	double fx = chart_plot_fx(p, x);
	unsigned phase = 0;
	if (!isfinite(fx) || fx < -0.5 || fx > p->dw - 0.5)
		return;
	chart_plot_segment(p, fx, 0, fx, p->dh - 1, ROLE_HIGHLIGHT, ':', 1, 0, &phase);
}

/* The marker's label on the plot's top row: right of it, else left of it, in blank cells
 * only (data stays visible). */
static void mark_label(struct chart_plot *p, double x, const char *label)
{
	double fx = chart_plot_fx(p, x);
	int len = chart_plot_width(label);
	if (!label || !isfinite(fx) || fx < -0.5 || fx > p->dw - 0.5 || len == 0)
		return;
	int col = p->px + (int)lround(fx) / (p->ascii ? 1 : 2);
	int start = col + 1;
	if (start + len > p->px + p->pw)
		start = col - len;
	if (start < p->px)
		return;
	for (int i = 0; i < len; i++)
		if (canvas_at(p->c, start + i, p->py)->cp != ' ')
			return;
	chart_plot_text(p, start, p->py, label, len, ROLE_HIGHLIGHT);
}

/* Draw order: reference lines under lines under points (any other value is a line). */
static const enum dist_style draw_order[] = {DIST_STYLE_REFERENCE, DIST_STYLE_LINE,
					     DIST_STYLE_POINTS};

static enum dist_style style_of(const struct chart_series *s)
{
	if (s->style == DIST_STYLE_REFERENCE || s->style == DIST_STYLE_POINTS)
		return s->style;
	return DIST_STYLE_LINE;
}

/* How series j looks: its role, its legend symbol and what it draws with. Lines and points
 * are numbered together (k), skipping reference series. */
struct look {
	enum cell_role role;
	uint32_t sym, mark;
};

static struct look look_of(const struct chart_series *s, size_t j, int ascii)
{
	size_t k = 0;
	for (size_t i = 0; i < j; i++)
		k += s[i].style != DIST_STYLE_REFERENCE;
	switch (style_of(&s[j])) {
	case DIST_STYLE_REFERENCE:
		return (struct look){ROLE_REF, ascii ? '.' : 0x2508, '.'};
	case DIST_STYLE_POINTS:
		return (struct look){chart_plot_role(k), chart_plot_point(k, ascii),
				     chart_plot_point(k, ascii)};
	case DIST_STYLE_LINE:
	default:
		return (struct look){chart_plot_role(k), ascii ? chart_plot_mark(k) : 0x25CF,
				     chart_plot_mark(k)};
	}
}

int chart_line(struct canvas *c, int x, int y, int w, int h, const struct chart_series *s,
	       size_t ns, const struct chart_opts *o)
{
	static const struct chart_opts defaults;
	struct chart_plot p;
	struct chart_extent ex, ey;
	struct chart_legend_item leg[8];
	size_t nleg = 0;

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
		struct look lk = look_of(s, j, o->ascii);
		leg[nleg].label = s[j].label;
		leg[nleg].role = lk.role;
		leg[nleg].sym = lk.sym;
		nleg++;
	}
	if (chart_plot_layout(&p, o, ylo, yhi, o->logy, !fixy, xlo, xhi, 0, leg, nleg))
		return 1;
	for (size_t i = 0; o->marks && i < o->nmarks; i++)
		draw_mark(&p, o->marks[i]);
	for (size_t d = 0; d < sizeof draw_order / sizeof draw_order[0]; d++) {
		for (size_t j = 0; j < ns; j++) {
			if (style_of(&s[j]) != draw_order[d])
				continue;
			struct look lk = look_of(s, j, o->ascii);
			if (draw_order[d] == DIST_STYLE_POINTS)
				draw_points(&p, &s[j], o, lk.role, lk.mark);
			else
				draw_series(&p, &s[j], o, lk.role, lk.mark,
					    draw_order[d] == DIST_STYLE_REFERENCE);
		}
	}
	for (size_t i = 0; o->marks && o->mark_labels && i < o->nmarks; i++)
		mark_label(&p, o->marks[i], o->mark_labels[i]);
	return 0;
}
