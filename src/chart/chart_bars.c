/* chart_bars: bar charts of categories: s[i].y[k] is series i in category k, several
 * series grouped side by side. Bars rise from 0 in eighth blocks (ASCII: fill glyphs),
 * negative values hang below in whole cells. Bars are at most 10 cells wide and centred in
 * their category slot; with more bars than columns they get one column each at scaled
 * positions. Category labels (labels[k], else s[0].x[k], else k) sit under the slots
 * with a tick, shortened or thinned out when crowded; values are written above bars at
 * least two cells wide, and the tallest bar's value always (inside its top when it reaches
 * the top of the plot).
 * Neighbours: chart_plot (frame, bar columns), chart.c (chart_dist dispatch). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chart/chart.h"
#include "chart/chart_plot.h"

#define BAR_MAX_W 10

static void category_label(const struct chart_series *s, const char *const *labels, size_t k,
			   char *buf, size_t size)
{
	if (labels && labels[k]) {
		snprintf(buf, size, "%s", labels[k]);
	} else if (s->x && k < s->n && isfinite(s->x[k])) {
		snprintf(buf, size, "%.6g", s->x[k]);
	} else {
		snprintf(buf, size, "%zu", k);
	}
}

/* Whether len cells from (x, row) lie in the plot area (or the head row) and are blank. */
static int free_cells(const struct chart_plot *p, int x, int row, int len)
{
	if (x < p->px || x + len > p->px + p->pw || row >= p->py + p->ph ||
	    (row < p->py && (row != p->head_row || row < 0)))
		return 0;
	for (int i = 0; i < len; i++)
		if (canvas_at(p->c, x + i, row)->cp != ' ')
			return 0;
	return 1;
}

/* Writes v above a bar when its text fits the bar width and the cells are free. The
 * tallest bar (force) always gets its label where there is room: wider than the bar above
 * it, or inside its top row when it reaches the top of the plot. */
static void value_label(struct chart_plot *p, int x0, int bw, int top_row, double v,
			int force)
{
	char buf[32];
	int row = top_row - 1;

	if (top_row < 0)
		return;
	if (p->ya.log)
		snprintf(buf, sizeof buf, "%.3g", v);
	else
		chart_fmt_tick(v, p->ya.step / 10, buf, sizeof buf);
	int len = (int)strlen(buf);
	int x = x0 + (bw - len) / 2;
	if (x < p->px)
		x = p->px;
	if (x + len > p->px + p->pw)
		x = p->px + p->pw - len;
	if (!force && (len > bw || bw < 2))
		return; /* one-column bars are too crowded for numbers */
	if (free_cells(p, x, row, len)) {
		chart_plot_text(p, x, row, buf, len, ROLE_LABEL);
		return;
	}
	if (force && len <= bw && top_row >= p->py)
		chart_plot_text(p, x0 + (bw - len) / 2, top_row, buf, len, ROLE_LABEL); /* inside */
}

int chart_bars(struct canvas *c, int x, int y, int w, int h, const struct chart_series *s,
	       size_t ns, const char *const *labels, const struct chart_opts *o)
{
	static const struct chart_opts defaults;
	struct chart_plot p;
	struct chart_extent ey;
	struct chart_legend_item leg[8];
	size_t ncat = 0, nleg = 0;

	if (!o)
		o = &defaults;
	if (!s)
		ns = 0;
	if (chart_plot_begin(&p, c, x, y, w, h, o->ascii))
		return 1;
	chart_axis_extent_init(&ey);
	if (!o->logy)
		chart_axis_extent_add(&ey, 0, 0);
	size_t nval = 0;
	for (size_t j = 0; j < ns; j++) {
		if (!s[j].y)
			continue;
		if (s[j].n > ncat)
			ncat = s[j].n;
		for (size_t k = 0; k < s[j].n; k++)
			nval += (size_t)chart_axis_extent_add(&ey, s[j].y[k], o->logy);
	}
	if (nval == 0) {
		chart_plot_nodata(&p, o);
		return 0;
	}
	int fixy = o->fix_y && isfinite(o->ymin) && isfinite(o->ymax) && o->ymin < o->ymax &&
		   (!o->logy || o->ymin > 0);
	for (size_t j = 0; j < ns && nleg < 8; j++) {
		leg[nleg].label = s[j].label;
		leg[nleg].role = chart_plot_role(j);
		leg[nleg].sym = o->ascii ? chart_plot_fill(j) : 0x2588;
		nleg++;
	}
	p.blocks = 1;
	p.xcat = 1;
	if (chart_plot_layout(&p, o, fixy ? o->ymin : ey.lo, fixy ? o->ymax : ey.hi, o->logy,
			      !fixy, 0, 1, 0, leg, nleg))
		return 1;

	/* Geometry: category k owns the slot [k * slot, (k + 1) * slot) of the plot width. */
	double slot = (double)p.pw / (double)ncat;
	int bw = 1, grouped = slot >= (double)ns + 1;
	if (grouped) {
		double gap = fmax(1.0, floor(slot * 0.3));
		bw = (int)floor((slot - gap) / (double)ns);
		if (bw < 1)
			bw = 1;
		if (bw > BAR_MAX_W)
			bw = BAR_MAX_W;
	}
	int gw = bw * (int)ns;
	/* The tallest bar: always labelled. */
	size_t tj = 0, tk = 0;
	double tv = -INFINITY;
	for (size_t j = 0; j < ns; j++)
		for (size_t k = 0; s[j].y && k < s[j].n; k++)
			if (isfinite(s[j].y[k]) && s[j].y[k] > tv) {
				tv = s[j].y[k];
				tj = j;
				tk = k;
			}
	int label_row = p.py + p.ph + 1, axis_row = p.py + p.ph;
	int label_max = (int)floor(slot) - 1, end = p.rx - 1;
	char buf[64];

	if (label_max < 1)
		label_max = 1;
	for (size_t k = 0; k < ncat; k++) {
		int x0, centre;
		if (grouped) {
			x0 = (int)floor(k * slot + (slot - gw) / 2);
			centre = x0 + (gw - 1) / 2;
		} else {
			x0 = (int)floor((double)(k * ns) * p.pw / (double)(ncat * ns));
			centre = x0;
		}
		for (size_t j = 0; j < ns; j++) {
			if (!s[j].y || k >= s[j].n)
				continue;
			int col = grouped ? x0 + (int)j * bw
					  : (int)floor((double)(k * ns + j) * p.pw /
						       (double)(ncat * ns));
			int top = -1;
			for (int i = 0; i < bw; i++)
				top = chart_plot_bar(&p, col + i, s[j].y[k], chart_plot_role(j),
						     o->ascii ? chart_plot_fill(j) : 0);
			int tallest = j == tj && k == tk && tv > 0;
			if ((grouped || tallest) && s[j].y[k] > 0)
				value_label(&p, p.px + col, bw, top, s[j].y[k], tallest);
		}
		/* Category label, and its tick. A label wider than its slot is shortened
		 * with an ellipsis when the slot is at least 5 cells wide; in narrower slots
		 * labels stay whole (no "1" for "150") and are skipped when they would run
		 * into the previous one. */
		category_label(&s[0], labels, k, buf, sizeof buf);
		int full = chart_plot_width(buf), len = full;
		if (len > label_max && label_max >= 4)
			len = label_max;
		int sx = p.px + centre - (len - 1) / 2;
		if (sx + len > p.rx + p.rw)
			sx = p.rx + p.rw - len;
		if (sx < p.rx)
			sx = p.rx;
		if (sx <= end)
			continue; /* crowded: skip this one */
		canvas_put(c, p.px + centre, axis_row, o->ascii ? '+' : 0x252C, ROLE_AXIS);
		if (full > len) {
			chart_plot_text(&p, sx, label_row, buf, len - 1, ROLE_LABEL);
			canvas_put(c, sx + len - 1, label_row, o->ascii ? '~' : 0x2026, ROLE_LABEL);
		} else {
			chart_plot_text(&p, sx, label_row, buf, len, ROLE_LABEL);
		}
		end = sx + len;
	}
	return 0;
}
