/* chart_plot: the shared chart frame and plot-area primitives.
 *
 * Layout of a chart rectangle, top to bottom: title, a head row (y label on the left,
 * legend on the right), the plot rows, the x axis, the x tick labels, the x label. The
 * optional rows are dropped (x label first, then head, then title) when the plot would get
 * too short. Columns: y tick labels right-aligned, a space, the y axis, the plot, a one-cell
 * right margin. Inside the plot, braille gives 2x4 dots per cell (dots of several series
 * in one cell merge; the last series drawn colours the cell), ASCII one mark per cell.
 * Text assumes one cell per code point. Neighbours: chart_axis, the chart kinds. */
#include "chart/chart_plot.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define BRAILLE_BASE 0x2800u

static const uint8_t braille_bit[4][2] = {
	{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};

uint32_t chart_plot_mark(size_t i)
{
	static const char marks[] = "*+ox@%&=";
	return (uint32_t)marks[i % 8];
}

uint32_t chart_plot_fill(size_t i)
{
	static const char fills[] = "#=%@&$+o";
	return (uint32_t)fills[i % 8];
}

uint32_t chart_plot_point(size_t i, int ascii)
{
	/* Not U+25CF: line series show it in the legend. */
	static const uint32_t shapes[8] = {0x25C6, 0x25A0, 0x25B2, 0x25CB,
					   0x25A1, 0x25B3, 0x25C7, 0x25BC}; /* ◆■▲○□△◇▼ */
	return ascii ? chart_plot_mark(i) : shapes[i % 8];
}

enum cell_role chart_plot_role(size_t i)
{
	return (enum cell_role)(ROLE_SERIES1 + (int)(i % 8));
}

int chart_plot_width(const char *s)
{
	int n = 0;
	for (; s && *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static int in_rect(const struct chart_plot *p, int x, int y)
{
	return x >= p->rx && x < p->rx + p->rw && y >= p->ry && y < p->ry + p->rh;
}

static void put(struct chart_plot *p, int x, int y, uint32_t cp, enum cell_role role)
{
	if (in_rect(p, x, y))
		canvas_put(p->c, x, y, cp, role);
}

void chart_plot_put(struct chart_plot *p, int x, int y, uint32_t cp, enum cell_role role)
{
	put(p, x, y, cp, role);
}

int chart_plot_text(struct chart_plot *p, int x, int y, const char *s, int max_w,
		    enum cell_role role)
{
	int lim = max_w < 0 ? INT_MAX : max_w;

	if (!s || y < p->ry || y >= p->ry + p->rh)
		return 0;
	while (*s && x < p->rx) { /* skip the code points left of the rectangle */
		s++;
		while (((unsigned char)*s & 0xC0) == 0x80)
			s++;
		x++;
		lim--;
	}
	int room = p->rx + p->rw - x;
	if (lim > room)
		lim = room;
	if (lim <= 0)
		return 0;
	return canvas_text(p->c, x, y, s, lim, role);
}

/* Text in at most max_w cells, shortened with an ellipsis when longer. */
static void fit_text(struct chart_plot *p, int x, int y, const char *s, int max_w,
		     enum cell_role role)
{
	if (max_w <= 0)
		return;
	if (chart_plot_width(s) <= max_w) {
		chart_plot_text(p, x, y, s, max_w, role);
		return;
	}
	chart_plot_text(p, x, y, s, max_w - 1, role);
	put(p, x + max_w - 1, y, p->ascii ? '~' : 0x2026, role);
}

static void centre_text(struct chart_plot *p, int x0, int w, int y, const char *s,
			enum cell_role role)
{
	int len = chart_plot_width(s);
	if (len > w)
		fit_text(p, x0, y, s, w, role);
	else
		chart_plot_text(p, x0 + (w - len) / 2, y, s, len, role);
}

static void clear_rect(struct chart_plot *p)
{
	for (int j = p->ry; j < p->ry + p->rh; j++)
		for (int i = p->rx; i < p->rx + p->rw; i++)
			canvas_put(p->c, i, j, ' ', ROLE_NONE);
}

static void placeholder(struct chart_plot *p)
{
	static const char msg[] = "too small";
	int len = (int)sizeof msg - 1;
	clear_rect(p);
	/* Centred, or clipped to the rectangle when it is narrower than the message. */
	chart_plot_text(p, p->rx + (p->rw > len ? (p->rw - len) / 2 : 0), p->ry + (p->rh - 1) / 2,
			msg, p->rw, ROLE_LABEL);
}

int chart_plot_begin(struct chart_plot *p, struct canvas *c, int x, int y, int w, int h,
		     int ascii)
{
	memset(p, 0, sizeof *p);
	p->c = c;
	p->rx = x;
	p->ry = y;
	p->rw = w > 0 ? w : 0;
	p->rh = h > 0 ? h : 0;
	p->ascii = ascii;
	p->title_row = p->head_row = p->xlabel_row = -1;
	if (w >= CHART_MIN_W && h >= CHART_MIN_H) {
		clear_rect(p);
		return 0;
	}
	placeholder(p);
	return 1;
}

static int has_text(const char *s)
{
	return s && *s;
}

void chart_plot_message(struct chart_plot *p, const struct chart_opts *o, const char *msg)
{
	if (has_text(o->title))
		centre_text(p, p->rx, p->rw, p->ry, o->title, ROLE_TITLE);
	centre_text(p, p->rx, p->rw, p->ry + p->rh / 2, msg, ROLE_LABEL);
}

void chart_plot_nodata(struct chart_plot *p, const struct chart_opts *o)
{
	chart_plot_message(p, o, "no data");
}

/* Canvas row of y tick t (axis units). */
static int ytick_row(const struct chart_plot *p, double t)
{
	const struct chart_axis *a = &p->ya;
	if (p->blocks) {
		long h8 = lround((t - a->lo) / (a->hi - a->lo) * p->ph * 8);
		long r = h8 > 0 ? (h8 - 1) / 8 : 0;
		if (r > p->ph - 1)
			r = p->ph - 1;
		return p->py + p->ph - 1 - (int)r;
	}
	long d = lround((a->hi - t) / (a->hi - a->lo) * (p->dh - 1));
	if (d < 0)
		d = 0;
	if (d > p->dh - 1)
		d = p->dh - 1;
	return p->py + (int)(d / (p->ascii ? 1 : 4));
}

/* Canvas column of x tick t. */
static int xtick_col(const struct chart_plot *p, double t)
{
	const struct chart_axis *a = &p->xa;
	long col;
	if (p->blocks) {
		col = (long)floor((t - a->lo) / (a->hi - a->lo) * p->pw);
	} else {
		long d = lround((t - a->lo) / (a->hi - a->lo) * (p->dw - 1));
		col = d / (p->ascii ? 1 : 2);
	}
	if (col < 0)
		col = 0;
	if (col > p->pw - 1)
		col = p->pw - 1;
	return p->px + (int)col;
}

/* Start column of label i centred on its tick, nudged inside the rectangle. */
static int xlabel_start(const struct chart_plot *p, int i)
{
	int len = (int)strlen(p->xa.label[i]);
	int s = xtick_col(p, p->xa.tick[i]) - (len - 1) / 2;
	if (s + len > p->rx + p->rw)
		s = p->rx + p->rw - len;
	if (s < p->rx)
		s = p->rx;
	return s;
}

/* Whether every pair of neighbouring x labels keeps a gap of at least two cells. */
static int xlabels_fit(const struct chart_plot *p)
{
	for (int i = 1; i < p->xa.nticks; i++) {
		int end = xlabel_start(p, i - 1) + (int)strlen(p->xa.label[i - 1]);
		if (xlabel_start(p, i) < end + 2)
			return 0;
	}
	return 1;
}

/* One legend entry's label (the fallback when it has none). */
static const char *legend_label(const struct chart_legend_item *leg, size_t i, char *buf,
				size_t size)
{
	if (has_text(leg[i].label))
		return leg[i].label;
	snprintf(buf, size, "series %zu", i + 1);
	return buf;
}

/* Rows a legend of n entries takes at full labels: the first row `first` cells wide, the
 * others `rest` (1 when it fits on one). */
static int legend_need(const struct chart_legend_item *leg, size_t n, int first, int rest)
{
	char fb[16];
	int rows = 1, x = 0, width = first;
	for (size_t i = 0; i < n && i < 8; i++) {
		int w = 2 + chart_plot_width(legend_label(leg, i, fb, sizeof fb));
		if (x > 0 && x + 2 + w > width) {
			rows++;
			x = 0;
			width = rest;
		}
		x += (x > 0 ? 2 : 0) + w;
	}
	return rows;
}

/* A legend wrapped over nrows rows, left-aligned from x0 on the first row and from the
 * chart's left edge on the others; a label longer than its row is shortened. */
static void draw_legend_rows(struct chart_plot *p, int row, int x0, int x1,
			     const struct chart_legend_item *leg, size_t n, int nrows)
{
	char fb[16];
	int x = x0, r = 0;
	for (size_t i = 0; i < n && i < 8; i++) {
		const char *lab = legend_label(leg, i, fb, sizeof fb);
		int len = chart_plot_width(lab);
		if (x > (r == 0 ? x0 : p->rx) && x + 2 + len > x1) {
			if (++r >= nrows)
				return;
			x = p->rx;
		}
		int room = x1 - x - 2;
		if (room < 1)
			return;
		put(p, x, row + r, leg[i].sym, leg[i].role);
		fit_text(p, x + 2, row + r, lab, len < room ? len : room, ROLE_LEGEND);
		x += 2 + (len < room ? len : room) + 2;
	}
}

static void draw_legend(struct chart_plot *p, int row, int x0, int x1,
			const struct chart_legend_item *leg, size_t n)
{
	char fallback[8][16];
	const char *lab[8];
	int len[8], maxlen = 0;

	if (n > 8)
		n = 8;
	for (size_t i = 0; i < n; i++) {
		lab[i] = leg[i].label;
		if (!has_text(lab[i])) {
			snprintf(fallback[i], sizeof fallback[i], "series %zu", i + 1);
			lab[i] = fallback[i];
		}
		len[i] = chart_plot_width(lab[i]);
		if (len[i] > maxlen)
			maxlen = len[i];
	}
	/* Shorten the longest labels first, then drop trailing entries. */
	int cap = maxlen, total = 0;
	for (;;) {
		total = 0;
		for (size_t i = 0; i < n; i++)
			total += 2 + (len[i] < cap ? len[i] : cap) + (i ? 2 : 0);
		if (total <= x1 - x0 || (cap <= 4 && n <= 1))
			break;
		if (cap > 4)
			cap--;
		else
			n--;
	}
	if (n == 0 || total > x1 - x0)
		return;
	int x = x1 - total;
	for (size_t i = 0; i < n; i++) {
		int l = len[i] < cap ? len[i] : cap;
		put(p, x, row, leg[i].sym, leg[i].role);
		fit_text(p, x + 2, row, lab[i], l, ROLE_LEGEND);
		x += 2 + l + 2;
	}
}

static void draw_frame(struct chart_plot *p, const struct chart_opts *o,
		       const struct chart_legend_item *leg, size_t nleg)
{
	int a = p->ascii;
	int axis_row = p->py + p->ph;

	if (p->title_row >= 0) {
		int len = chart_plot_width(o->title);
		if (len <= p->pw)
			centre_text(p, p->px, p->pw, p->title_row, o->title, ROLE_TITLE);
		else
			centre_text(p, p->rx, p->rw, p->title_row, o->title, ROLE_TITLE);
	}
	if (p->head_row >= 0) {
		int x0 = p->rx;
		if (has_text(o->ylabel)) {
			int l = chart_plot_width(o->ylabel);
			int room = p->px + p->pw - p->rx;
			if (l > room)
				l = room;
			fit_text(p, p->rx, p->head_row, o->ylabel, l, ROLE_LABEL);
			x0 = p->rx + l + 3;
		}
		if (o->legend && nleg > 1 && p->legend_rows > 1)
			draw_legend_rows(p, p->head_row, x0, p->px + p->pw, leg, nleg,
					 p->legend_rows);
		else if (o->legend && nleg > 1)
			draw_legend(p, p->head_row, x0, p->px + p->pw, leg, nleg);
	}
	if (p->xlabel_row >= 0)
		centre_text(p, p->px, p->pw, p->xlabel_row, o->xlabel, ROLE_LABEL);

	/* Axes. */
	for (int j = p->py; j < axis_row; j++)
		put(p, p->ax, j, a ? '|' : 0x2502, ROLE_AXIS);
	put(p, p->ax, axis_row, a ? '+' : 0x2514, ROLE_AXIS);
	for (int i = p->px; i < p->px + p->pw; i++)
		put(p, i, axis_row, a ? '-' : 0x2500, ROLE_AXIS);

	int last = -1;
	for (int i = 0; i < p->ya.nticks; i++) {
		int r = ytick_row(p, p->ya.tick[i]);
		if (r == last)
			continue;
		last = r;
		put(p, p->ax, r, a ? '+' : 0x2524, ROLE_AXIS);
		int len = (int)strlen(p->ya.label[i]);
		chart_plot_text(p, p->ax - 1 - len, r, p->ya.label[i], len, ROLE_LABEL);
	}
	if (p->xcat)
		return;
	int end = p->rx - 1;
	for (int i = 0; i < p->xa.nticks; i++) {
		int col = xtick_col(p, p->xa.tick[i]);
		put(p, col, axis_row, a ? '+' : 0x252C, ROLE_AXIS);
		int s = xlabel_start(p, i);
		if (s <= end) /* would overlap the previous label */
			continue;
		int len = (int)strlen(p->xa.label[i]);
		end = s + len;
		chart_plot_text(p, s, axis_row + 1, p->xa.label[i], len, ROLE_LABEL);
	}
}

/* Drops the ticks that are not whole numbers (and their labels). */
static void keep_whole_ticks(struct chart_axis *a)
{
	int n = 0;
	for (int i = 0; i < a->nticks; i++) {
		if (a->tick[i] != floor(a->tick[i]))
			continue;
		a->tick[n] = a->tick[i];
		memmove(a->label[n], a->label[i], sizeof a->label[n]);
		n++;
	}
	a->nticks = n;
}

int chart_plot_layout(struct chart_plot *p, const struct chart_opts *o, double ylo, double yhi,
		      int ylog, int yexpand, double xlo, double xhi, int xexpand,
		      const struct chart_legend_item *leg, size_t nleg)
{
	int row = p->ry;
	int ph = p->rh - 2; /* x axis and its labels */
	int want_head = has_text(o->ylabel) || (o->legend && nleg > 1) || p->head;
	int want_title = has_text(o->title), want_xlabel = has_text(o->xlabel);

	if (want_title && ph - 1 >= 2) {
		p->title_row = row++;
		ph--;
	}
	if (want_head && ph - 1 >= 3) {
		p->head_row = row++;
		ph--;
		p->legend_rows = 1;
		/* A legend too long for the row wraps onto more rows while the plot keeps at
		 * least five; the width is estimated before the y labels are known. */
		int yl = has_text(o->ylabel) ? chart_plot_width(o->ylabel) + 3 : 0;
		int need = o->legend && nleg > 1 ? legend_need(leg, nleg, p->rw - yl - 6, p->rw - 2)
						 : 1;
		while (p->legend_rows < need && ph - 1 >= 5) {
			p->legend_rows++;
			row++;
			ph--;
		}
	}
	if (want_xlabel && ph - 1 >= 4) {
		ph--;
		p->xlabel_row = row + ph + 2;
	}
	p->py = row;
	p->ph = ph;
	p->dh = p->ascii ? ph : ph * 4;

	int ymax_ticks = ph / 3 + 1;
	chart_axis_setup(&p->ya, ylo, yhi, ylog, yexpand, ymax_ticks < 2 ? 2 : ymax_ticks);
	int lw = p->ya.label_w > 0 ? p->ya.label_w : 1;
	p->ax = p->rx + lw + 1;
	p->px = p->ax + 1;
	p->pw = p->rx + p->rw - p->px - 1;
	if (p->pw < 4) {
		/* Labels too wide for the rectangle: fall back to the placeholder. */
		placeholder(p);
		return 1;
	}
	p->dw = p->ascii ? p->pw : p->pw * 2;

	if (!p->xcat) {
		int m = p->pw / 10 + 1;
		if (m > CHART_AXIS_MAX_TICKS)
			m = CHART_AXIS_MAX_TICKS;
		for (; m >= 2; m--) {
			chart_axis_setup(&p->xa, xlo, xhi, 0, xexpand, m);
			if (o->xint && p->xa.step != floor(p->xa.step) && m > 2)
				continue; /* steps: no 0.5 or 2.5 */
			if (xlabels_fit(p))
				break;
		}
		if (o->xint)
			keep_whole_ticks(&p->xa);
	}
	draw_frame(p, o, leg, nleg);
	return 0;
}

double chart_plot_fx(const struct chart_plot *p, double x)
{
	double u = chart_axis_unit(&p->xa, x);
	return (u - p->xa.lo) / (p->xa.hi - p->xa.lo) * (p->dw - 1);
}

double chart_plot_fy(const struct chart_plot *p, double y)
{
	double u = chart_axis_unit(&p->ya, y);
	return (p->ya.hi - u) / (p->ya.hi - p->ya.lo) * (p->dh - 1);
}

void chart_plot_dot(struct chart_plot *p, int dx, int dy, enum cell_role role, uint32_t mark)
{
	if (dx < 0 || dy < 0 || dx >= p->dw || dy >= p->dh)
		return;
	if (p->ascii) {
		put(p, p->px + dx, p->py + dy, mark, role);
		return;
	}
	int x = p->px + dx / 2, y = p->py + dy / 4;
	if (!in_rect(p, x, y) || x < 0 || y < 0 || x >= p->c->w || y >= p->c->h)
		return;
	struct cell *cell = canvas_at(p->c, x, y);
	uint32_t cp = cell->cp;
	if (cp < BRAILLE_BASE || cp > BRAILLE_BASE + 0xFF)
		cp = BRAILLE_BASE;
	cell->cp = cp | braille_bit[dy & 3][dx & 1];
	cell->role = (uint8_t)role;
}

/* Liang-Barsky clipping of the segment to [xmin, xmax] x [ymin, ymax]; 0 when outside.
 * *t0 receives the parameter where the visible part starts. */
static int clip(double *x0, double *y0, double *x1, double *y1, double xmin, double xmax,
		double ymin, double ymax, double *t0)
{
	double dx = *x1 - *x0, dy = *y1 - *y0;
	double pp[4] = {-dx, dx, -dy, dy};
	double qq[4] = {*x0 - xmin, xmax - *x0, *y0 - ymin, ymax - *y0};
	double a = 0, b = 1;

	if (!isfinite(dx) || !isfinite(dy))
		return 0;
	for (int i = 0; i < 4; i++) {
		if (pp[i] == 0) {
			if (qq[i] < 0)
				return 0;
			continue;
		}
		double r = qq[i] / pp[i];
		if (pp[i] < 0) {
			if (r > b)
				return 0;
			if (r > a)
				a = r;
		} else {
			if (r < a)
				return 0;
			if (r < b)
				b = r;
		}
	}
	double nx0 = *x0 + a * dx, ny0 = *y0 + a * dy;
	*x1 = *x0 + b * dx;
	*y1 = *y0 + b * dy;
	*x0 = nx0;
	*y0 = ny0;
	*t0 = a;
	return 1;
}

/* Rounds to the nearest dot; a value within 1e-7 below a half rounds up like the half
 * itself, so float noise around a value centred between two dots (a constant series is
 * exactly there) cannot zigzag. */
static int to_dot(double v, int n)
{
	double r = floor(v + 0.5 + 1e-7);
	if (r < 0)
		return 0;
	if (r > n - 1)
		return n - 1;
	return (int)r;
}

void chart_plot_marker(struct chart_plot *p, double fx, double fy, enum cell_role role,
		       uint32_t cp)
{
	if (!(fx >= -0.5 && fx < p->dw - 0.5 && fy >= -0.5 && fy < p->dh - 0.5))
		return;
	int dx = to_dot(fx, p->dw), dy = to_dot(fy, p->dh);
	int per_x = p->ascii ? 1 : 2, per_y = p->ascii ? 1 : 4;
	put(p, p->px + dx / per_x, p->py + dy / per_y, cp, role);
}

void chart_plot_segment(struct chart_plot *p, double x0, double y0, double x1, double y1,
			enum cell_role role, uint32_t mark, int dotted, int skip_first,
			unsigned *phase)
{
	double t0 = 0;
	if (!clip(&x0, &y0, &x1, &y1, -0.5, p->dw - 0.5, -0.5, p->dh - 0.5, &t0))
		return;
	if (t0 > 0)
		skip_first = 0; /* the visible part starts at a new point */
	if (p->ascii)
		dotted = 0; /* '.' marks already read as dotted */
	int ix = to_dot(x0, p->dw), iy = to_dot(y0, p->dh);
	int ex = to_dot(x1, p->dw), ey = to_dot(y1, p->dh);
	int dx = ix < ex ? ex - ix : ix - ex, sx = ix < ex ? 1 : -1;
	int dy = iy < ey ? iy - ey : ey - iy, sy = iy < ey ? 1 : -1;
	int err = dx + dy;
	for (int first = 1;; first = 0) {
		if (!(first && skip_first)) {
			if (!dotted || ((*phase)++ & 1u) == 0)
				chart_plot_dot(p, ix, iy, role, mark);
		}
		if (ix == ex && iy == ey)
			break;
		int e2 = 2 * err;
		if (e2 >= dy) {
			err += dy;
			ix += sx;
		}
		if (e2 <= dx) {
			err += dx;
			iy += sy;
		}
	}
}

void chart_plot_pen_init(struct chart_pen *pen, enum cell_role role, uint32_t mark, int dotted)
{
	memset(pen, 0, sizeof *pen);
	pen->role = role;
	pen->mark = mark;
	pen->dotted = dotted;
}

static void pen_flush(struct chart_plot *p, struct chart_pen *pen)
{
	if (pen->run && to_dot(pen->rmin, p->dh) != to_dot(pen->rmax, p->dh))
		chart_plot_segment(p, pen->rcol, pen->rmin, pen->rcol, pen->rmax, pen->role,
				   pen->mark, 0, 0, &pen->phase);
	pen->run = 0;
}

void chart_plot_pen_up(struct chart_plot *p, struct chart_pen *pen)
{
	pen_flush(p, pen);
	pen->down = 0;
}

void chart_plot_pen_to(struct chart_plot *p, struct chart_pen *pen, double fx, double fy)
{
	if (!isfinite(fx) || !isfinite(fy)) {
		chart_plot_pen_up(p, pen);
		return;
	}
	/* Only points well inside the area collapse: clipping must see the others. */
	int inside = !pen->dotted && fx >= 0 && fx <= p->dw - 1 && fy >= 0 && fy <= p->dh - 1;
	if (inside && pen->down && pen->run && to_dot(fx, p->dw) == pen->rcol) {
		pen->rmin = fmin(pen->rmin, fy);
		pen->rmax = fmax(pen->rmax, fy);
		pen->x = fx;
		pen->y = fy;
		return;
	}
	pen_flush(p, pen);
	if (pen->down)
		chart_plot_segment(p, pen->x, pen->y, fx, fy, pen->role, pen->mark, pen->dotted, 1,
				   &pen->phase);
	else
		chart_plot_segment(p, fx, fy, fx, fy, pen->role, pen->mark, 0, 0, &pen->phase);
	pen->down = 1;
	pen->x = fx;
	pen->y = fy;
	if (inside) {
		pen->run = 1;
		pen->rcol = to_dot(fx, p->dw);
		pen->rmin = pen->rmax = fy;
	}
}

int chart_plot_bar(struct chart_plot *p, int col, double v, enum cell_role role, uint32_t fill)
{
	const struct chart_axis *a = &p->ya;
	double u = chart_axis_unit(a, v);
	if (isnan(u) || col < 0 || col >= p->pw)
		return -1;
	int full = p->ph * 8;
	/* Baseline: 0 for linear axes (clamped into range), the bottom for log axes; always
	 * on a cell boundary so the lower eighth blocks stack from it. */
	double b = a->log ? a->lo : fmin(fmax(0.0, a->lo), a->hi);
	long base = lround((b - a->lo) / (a->hi - a->lo) * p->ph) * 8;
	/* Height measured from the baseline value, so bars stay proportional to values. */
	double top_f = (double)base + (u - b) / (a->hi - a->lo) * full;
	long top = lround(fmin(fmax(top_f, 0.0), (double)full));
	int x = p->px + col, bottom = p->py + p->ph - 1;

	if (u > b && top <= base)
		top = base + 1; /* a positive value never vanishes */
	if (u < b && top >= base && base > 0)
		top = base - 1;
	if (top > base) {
		long cells = p->ascii ? (top - base + 4) / 8 : (top - base + 7) / 8;
		if (cells < 1)
			cells = 1;
		for (long r = 0; r < cells && base / 8 + r < p->ph; r++) {
			long f = top - (base + r * 8);
			uint32_t cp = p->ascii ? fill : f >= 8 ? 0x2588 : 0x2580 + (uint32_t)f;
			put(p, x, bottom - (int)(base / 8 + r), cp, role);
		}
		long t = base / 8 + cells - 1;
		return bottom - (int)(t < p->ph ? t : p->ph - 1);
	}
	if (top < base) {
		/* Negative bars hang from the baseline in whole cells. */
		long cells = (base - top + 4) / 8;
		if (cells < 1)
			cells = 1;
		for (long r = 1; r <= cells && base / 8 - r >= 0; r++)
			put(p, x, bottom - (int)(base / 8 - r), p->ascii ? fill : 0x2588, role);
	}
	return -1;
}
