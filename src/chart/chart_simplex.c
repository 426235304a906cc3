/* chart_simplex: paths of mixed strategies over three actions in the probability simplex,
 * drawn as an equilateral triangle whose corners are the pure actions (1 bottom left, 2
 * bottom right, 3 at the top, each labelled), each path a line in its series colour with
 * its last point marked, and points of DIST_STYLE_REFERENCE (an equilibrium) as a
 * reference marker under the paths. No axes: a point's position is its mix (x = p2 + p3/2, height p3).
 * The triangle keeps its shape: braille dots are about square, ASCII cells twice as tall
 * as wide. Neighbours: chart_plot (primitives), ui (the explorer's simplex view). */
#include <math.h>
#include <string.h>

#include "chart/chart.h"
#include "chart/chart_plot.h"

#define SQRT3_2 0.86602540378443864676

struct tri {
	double x0, ybot, side, height; /* dot space */
};

static void to_dots(const struct tri *t, double p2, double p3, double *fx, double *fy)
{
	*fx = t->x0 + (p2 + p3 / 2) * t->side;
	*fy = t->ybot - p3 * t->height;
}

/* The legend on the chart's first row: a symbol and the label of every path. */
static void legend(struct chart_plot *p, const struct chart_simplex_path *s, size_t ns,
		   int ascii)
{
	int x = p->rx;
	for (size_t i = 0, k = 0; i < ns; i++) {
		if (!s[i].label || !*s[i].label)
			continue;
		int ref = s[i].style == DIST_STYLE_REFERENCE;
		int len = chart_plot_width(s[i].label);
		if (x + 3 + len > p->rx + p->rw)
			break;
		chart_plot_put(p, x, p->ry, ref ? (ascii ? '#' : 0x25C7) : chart_plot_point(k, ascii),
			       ref ? ROLE_REF : chart_plot_role(k));
		chart_plot_text(p, x + 2, p->ry, s[i].label, len, ROLE_LEGEND);
		x += len + 4;
		k += !ref;
	}
}

int chart_simplex(struct canvas *c, int x, int y, int w, int h,
		  const struct chart_simplex_path *s, size_t ns, const char *const corner[3],
		  const struct chart_opts *o)
{
	static const struct chart_opts defaults;
	struct chart_plot p;
	if (!o)
		o = &defaults;
	if (chart_plot_begin(&p, c, x, y, w, h, o->ascii))
		return 1;
	int ascii = o->ascii;
	/* rows: legend, the top corner's label, the triangle, the bottom corners' labels */
	p.px = p.rx + 1;
	p.pw = p.rw - 2;
	p.py = p.ry + 2;
	p.ph = p.rh - 3;
	p.dw = ascii ? p.pw : 2 * p.pw;
	p.dh = ascii ? p.ph : 4 * p.ph;
	double r = ascii ? 2 : 1; /* a dot's height over its width */
	struct tri t;
	t.side = fmin(p.dw - 1, (p.dh - 1) * r / SQRT3_2);
	t.height = t.side * SQRT3_2 / r;
	t.x0 = (p.dw - 1 - t.side) / 2;
	t.ybot = p.dh - 1;
	if (t.side < 4) {
		chart_plot_message(&p, o, "too small");
		return 0;
	}
	legend(&p, s, ns, ascii);
	double ax, ay, bx, by, cx, cy;
	to_dots(&t, 0, 0, &ax, &ay);
	to_dots(&t, 1, 0, &bx, &by);
	to_dots(&t, 0, 1, &cx, &cy);
	unsigned phase = 0;
	chart_plot_segment(&p, ax, ay, bx, by, ROLE_AXIS, '-', 0, 0, &phase);
	chart_plot_segment(&p, bx, by, cx, cy, ROLE_AXIS, '/', 0, 0, &phase);
	chart_plot_segment(&p, cx, cy, ax, ay, ROLE_AXIS, '\\', 0, 0, &phase);
	/* references first, so a path's current point is drawn over an equilibrium it reaches */
	for (size_t i = 0; i < ns; i++) {
		double fx, fy;
		if (s[i].style != DIST_STYLE_REFERENCE || s[i].n == 0)
			continue;
		to_dots(&t, s[i].p[1][0], s[i].p[2][0], &fx, &fy);
		chart_plot_marker(&p, fx, fy, ROLE_REF, ascii ? '#' : 0x25C7);
	}
	for (size_t i = 0, k = 0; i < ns; i++) {
		const struct chart_simplex_path *sp = &s[i];
		double fx = NAN, fy = NAN;
		if (sp->style == DIST_STYLE_REFERENCE)
			continue;
		struct chart_pen pen;
		chart_plot_pen_init(&pen, chart_plot_role(k), chart_plot_mark(k), 0);
		for (size_t j = 0; j < sp->n; j++) {
			to_dots(&t, sp->p[1][j], sp->p[2][j], &fx, &fy);
			chart_plot_pen_to(&p, &pen, fx, fy);
		}
		chart_plot_pen_up(&p, &pen);
		if (sp->n > 0)
			chart_plot_marker(&p, fx, fy, chart_plot_role(k), chart_plot_point(k, ascii));
		k++;
	}
	/* corner labels: 1 under the left corner, 2 under the right, 3 over the top */
	const char *def[3] = { "1", "2", "3" };
	int row = p.py + p.ph;
	int lx = p.px + (int)(ax / (ascii ? 1 : 2)), rxc = p.px + (int)(bx / (ascii ? 1 : 2));
	int tx = p.px + (int)(cx / (ascii ? 1 : 2));
	const char *l1 = corner && corner[0] ? corner[0] : def[0];
	const char *l2 = corner && corner[1] ? corner[1] : def[1];
	const char *l3 = corner && corner[2] ? corner[2] : def[2];
	int w2 = chart_plot_width(l2), w3 = chart_plot_width(l3);
	chart_plot_text(&p, lx, row, l1, rxc - lx - w2 - 1, ROLE_LABEL);
	chart_plot_text(&p, rxc - w2 + 1 > lx ? rxc - w2 + 1 : lx, row, l2, w2, ROLE_LABEL);
	chart_plot_text(&p, tx - w3 / 2, p.py - 1, l3, w3, ROLE_LABEL);
	return 0;
}
