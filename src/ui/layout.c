/* ui_layout: pane rectangles for the explorer. Rows: title (0), body (1 .. h-3), status
 * (h-2), message/prompt (h-1). The body holds the chart grid on the left and a side bar
 * (parameters over the lecture text) on the right; a zoomed chart takes the whole body.
 * Compact (below the minimum size): the focused pane over rows 0 .. h-3.
 * Limits: at most UI_LAYOUT_MAX_CHARTS charts; a single chart may fall below the chart
 * minimum on crowded screens (the chart library then draws a placeholder).
 * Neighbours: draw, ui. */
#include "ui/layout.h"

#include <math.h>
#include <string.h>

static int clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Splits `total` cells into n parts differing by at most one (earlier parts larger). */
static int part(int total, int n, int i)
{
	return total / n + (i < total % n ? 1 : 0);
}

static int part_off(int total, int n, int i)
{
	int off = 0;
	for (int k = 0; k < i; k++)
		off += part(total, n, k);
	return off;
}

static int best_cols(int n, int w, int h)
{
	int best = 1;
	double best_score = INFINITY;
	for (int cols = 1; cols <= n; cols++) {
		int rows = (n + cols - 1) / cols;
		double pw = (double)w / cols, ph = (double)h / rows;
		if (pw < 1 || ph < 1)
			break;
		double score = fabs(log(pw / ph / 3.0));
		if (score < best_score - 1e-9) {
			best_score = score;
			best = cols;
		}
	}
	return best;
}

/* The most charts (at most n) whose grid keeps panes UI_LAYOUT_MIN_PANE_H rows tall. */
static int fitting(int n, struct ui_rect area, int *colsp)
{
	for (int k = n; k >= 1; k--) {
		int cols = best_cols(k, area.w, area.h);
		int rows = (k + cols - 1) / cols;
		if (area.h / rows >= UI_LAYOUT_MIN_PANE_H || k == 1) {
			*colsp = cols;
			return k;
		}
	}
	*colsp = 1;
	return 1;
}

static void grid(struct ui_layout *l, struct ui_rect area, int chart)
{
	int n = l->ncharts;
	if (n == 0)
		return;
	int cols;
	int k = fitting(n, area, &cols);
	int rows = (k + cols - 1) / cols;
	l->first = (clampi(chart, 0, n - 1) / k) * k;
	if (l->first + k > n)
		l->first = n - k; /* the last page is full: it ends with the last chart */
	l->nshown = k;
	for (int j = 0; j < k; j++) {
		int i = l->first + j;
		int r = j / cols, c = j % cols;
		int in_row = (r == rows - 1) ? k - r * cols : cols;
		l->chart[i].x = area.x + part_off(area.w, in_row, c);
		l->chart[i].w = part(area.w, in_row, c);
		l->chart[i].y = area.y + part_off(area.h, rows, r);
		l->chart[i].h = part(area.h, rows, r);
	}
}

/* Below the minimum: the focused pane alone above the status and message lines. */
static void compact(struct ui_layout *l, int w, int h, int focus)
{
	struct ui_rect body = { 0, 0, w, h - 2 };
	l->compact = 1;
	if (focus >= 0 && focus < l->ncharts) {
		l->chart[focus] = body;
		l->first = focus;
		l->nshown = 1;
	} else if (focus == l->ncharts) {
		l->params = body;
	} else {
		l->info = body;
	}
}

void ui_layout_compute(struct ui_layout *l, int w, int h, int ncharts, int param_rows,
		       int focus, int chart, int zoom)
{
	memset(l, 0, sizeof *l);
	l->w = w;
	l->h = h;
	l->zoomed = -1;
	if (w < UI_LAYOUT_TINY_W || h < UI_LAYOUT_TINY_H) {
		l->too_small = 1;
		return;
	}
	l->ncharts = clampi(ncharts, 0, UI_LAYOUT_MAX_CHARTS);
	l->status = (struct ui_rect){ 0, h - 2, w, 1 };
	l->msg = (struct ui_rect){ 0, h - 1, w, 1 };
	if (w < UI_LAYOUT_MIN_W || h < UI_LAYOUT_MIN_H) {
		compact(l, w, h, focus);
		return;
	}
	l->title = (struct ui_rect){ 0, 0, w, 1 };
	struct ui_rect body = { 0, 1, w, h - 3 };

	if (zoom && focus >= 0 && focus < l->ncharts) {
		l->zoomed = focus;
		l->first = focus;
		l->nshown = 1;
		l->chart[focus] = body;
		return;
	}

	int side = clampi(w * 3 / 10, 30, 48);
	if (l->ncharts == 0)
		side = w;
	struct ui_rect charts = { 0, body.y, w - side, body.h };
	int sx = w - side;
	/* The parameter list plus its frame and three lines about the selection. */
	int ph = clampi(param_rows + 5, 7, body.h * 3 / 5);
	l->params = (struct ui_rect){ sx, body.y, side, ph };
	l->info = (struct ui_rect){ sx, body.y + ph, side, body.h - ph };
	grid(l, charts, chart);
}
