/* ui_layout: where every pane of the explorer goes on a w x h screen. Pure geometry:
 * a title row, the chart panes in a grid (or one zoomed chart), a side bar with the
 * parameter pane over the info pane, the status line and the message/prompt line.
 * Charts shorter than UI_LAYOUT_MIN_PANE_H rows are not drawn: the grid shows fewer,
 * taller charts (a page of them holding the focused one; tab reaches the others).
 * Below UI_LAYOUT_MIN_W x UI_LAYOUT_MIN_H only the focused pane (a chart, or the
 * parameter or info pane) is shown over the status and message lines; below
 * UI_LAYOUT_TINY_W x UI_LAYOUT_TINY_H it only says the screen is too small.
 * Neighbours: draw (fills the rectangles), ui (focus and zoom state). */
#ifndef TATON_UI_LAYOUT_H
#define TATON_UI_LAYOUT_H

#define UI_LAYOUT_MIN_W 80
#define UI_LAYOUT_MIN_H 24
#define UI_LAYOUT_TINY_W 30
#define UI_LAYOUT_TINY_H 8
#define UI_LAYOUT_MIN_PANE_H 10
#define UI_LAYOUT_MAX_CHARTS 16

struct ui_rect {
	int x, y, w, h;
};

struct ui_layout {
	int w, h;
	int too_small;   /* nothing else is set */
	int compact;     /* below the minimum: only the focused pane, no title row */
	struct ui_rect title, status, msg;
	int ncharts;     /* panes laid out (0..UI_LAYOUT_MAX_CHARTS) */
	int zoomed;      /* index of the only chart shown, or -1 */
	int first, nshown; /* the charts shown: first .. first + nshown - 1 */
	struct ui_rect chart[UI_LAYOUT_MAX_CHARTS]; /* w = h = 0 when not shown */
	struct ui_rect params, info;                /* w = h = 0 when not shown */
};

/* Lays out a w x h screen for ncharts chart panes (clamped to UI_LAYOUT_MAX_CHARTS) whose
 * parameter pane wants `param_rows` list rows. focus: the focused pane (charts 0 ..
 * ncharts - 1, then the parameter pane, then the info pane); chart: the chart the page of
 * charts must hold (the focused one, or the one focused last); zoom: the focused chart
 * takes the whole body. The grid picks the number of columns whose panes come closest to
 * three times as wide (in cells) as tall, about 3:2 on screen; a short last row stretches
 * its panes across. */
void ui_layout_compute(struct ui_layout *l, int w, int h, int ncharts, int param_rows,
		       int focus, int chart, int zoom);

#endif
