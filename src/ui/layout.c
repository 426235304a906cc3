/* ui_layout: pane rectangles for the explorer. Rows: title (0), body (1 .. h-3), status
 * (h-2), message/prompt (h-1). The body holds the chart grid on the left and a side bar
 * (parameters over the lecture text) on the right; a zoomed chart takes the whole body.
 * Limits: at most UI_LAYOUT_MAX_CHARTS charts; panes may fall below the chart minimum on
 * crowded screens (the chart library then draws a placeholder).
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

static void grid(struct ui_layout *l, struct ui_rect area)
{
	int n = l->ncharts;
	if (n == 0)
		return;
	int cols = best_cols(n, area.w, area.h);
	int rows = (n + cols - 1) / cols;
	for (int i = 0; i < n; i++) {
		int r = i / cols, c = i % cols;
		int in_row = (r == rows - 1) ? n - r * cols : cols;
		l->chart[i].x = area.x + part_off(area.w, in_row, c);
		l->chart[i].w = part(area.w, in_row, c);
		l->chart[i].y = area.y + part_off(area.h, rows, r);
		l->chart[i].h = part(area.h, rows, r);
	}
}

void ui_layout_compute(struct ui_layout *l, int w, int h, int ncharts, int param_rows,
		       int zoom_chart)
{
	memset(l, 0, sizeof *l);
	l->w = w;
	l->h = h;
	l->zoomed = -1;
	if (w < UI_LAYOUT_MIN_W || h < UI_LAYOUT_MIN_H) {
		l->too_small = 1;
		return;
	}
	l->ncharts = clampi(ncharts, 0, UI_LAYOUT_MAX_CHARTS);
	l->title = (struct ui_rect){ 0, 0, w, 1 };
	l->status = (struct ui_rect){ 0, h - 2, w, 1 };
	l->msg = (struct ui_rect){ 0, h - 1, w, 1 };
	struct ui_rect body = { 0, 1, w, h - 3 };

	if (zoom_chart >= 0 && zoom_chart < l->ncharts) {
		l->zoomed = zoom_chart;
		l->chart[zoom_chart] = body;
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
	grid(l, charts);
}
