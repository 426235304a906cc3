/* chart_plot: the frame every chart kind shares (internal to src/chart): placeholder and
 * "no data", the row/column layout, title, y label, legend, axes with ticks and labels,
 * and the drawing primitives inside the plot area (braille or ASCII dots, clipped
 * Bresenham segments, point markers, eighth-block bar columns). Everything is clipped to
 * the chart rectangle. Neighbours: chart_axis (ticks), chart_line/cdf/hist/bars/heat
 * (callers). */
#ifndef TATON_CHART_PLOT_H
#define TATON_CHART_PLOT_H

#include <stddef.h>
#include <stdint.h>

#include "chart/canvas.h"
#include "chart/chart.h"
#include "chart/chart_axis.h"

struct chart_legend_item {
	const char *label; /* borrowed; NULL or "" shows as "series N" */
	enum cell_role role;
	uint32_t sym;      /* symbol drawn before the label */
};

struct chart_plot {
	struct canvas *c;
	int rx, ry, rw, rh;   /* the chart rectangle */
	int ascii;
	int blocks;           /* bar charts: eighth-block y mapping, x by cell centres */
	int xcat;             /* categorical x (bars): no numeric x ticks */
	int head;             /* keep the head row for a legend the kind draws itself */
	int title_row, head_row, xlabel_row; /* canvas rows, -1 when absent */
	int legend_rows;      /* rows from head_row the legend wraps over (>= 1 with a head) */
	int ax;               /* column of the y axis */
	int px, py, pw, ph;   /* plot area in cells */
	int dw, dh;           /* plot area in dots (braille 2x4 per cell, ASCII 1x1) */
	struct chart_axis xa, ya;
};

/* Starts a chart in (x, y, w, h) of c: clears the rectangle. Returns 1 after drawing the
 * "too small" placeholder when the rectangle is below CHART_MIN_W x CHART_MIN_H, else 0. */
int chart_plot_begin(struct chart_plot *p, struct canvas *c, int x, int y, int w, int h,
		     int ascii);
/* Draws the title (if any) and "no data" centred. */
void chart_plot_nodata(struct chart_plot *p, const struct chart_opts *o);
/* Draws the title (if any) and msg centred (ROLE_LABEL). */
void chart_plot_message(struct chart_plot *p, const struct chart_opts *o, const char *msg);
/* Lays out and draws the frame. The y range [ylo, yhi] and x range [xlo, xhi] are in data
 * units (ignored for x when p->xcat); *expand pushes a range out to nice ticks. The legend
 * (items borrowed for the call) shows when o->legend and nleg > 1. Returns 1 after drawing
 * the placeholder when the labels leave no room for a plot, else 0. */
int chart_plot_layout(struct chart_plot *p, const struct chart_opts *o, double ylo, double yhi,
		      int ylog, int yexpand, double xlo, double xhi, int xexpand,
		      const struct chart_legend_item *leg, size_t nleg);

/* Data -> dot-space coordinates (0 = left / top); NaN when not plottable. */
double chart_plot_fx(const struct chart_plot *p, double x);
double chart_plot_fy(const struct chart_plot *p, double y);
/* Sets one dot (out-of-area dots are ignored); mark is the ASCII glyph. */
void chart_plot_dot(struct chart_plot *p, int dx, int dy, enum cell_role role, uint32_t mark);
/* Marker glyph cp over the whole cell holding dot-space point (fx, fy), replacing what the
 * cell held; points outside the plot area (or not finite) are skipped. */
void chart_plot_marker(struct chart_plot *p, double fx, double fy, enum cell_role role,
		       uint32_t cp);
/* Segment between dot-space points, clipped to the plot area. dotted draws every other
 * dot (braille) using *phase across calls; skip_first leaves out the start point (it was
 * the previous segment's end). */
void chart_plot_segment(struct chart_plot *p, double x0, double y0, double x1, double y1,
			enum cell_role role, uint32_t mark, int dotted, int skip_first,
			unsigned *phase);
/* A pen draws a polyline point by point. Runs of points that fall in one dot column (long
 * series: many points per column) collapse into one vertical span, which sets exactly the
 * dots the individual segments would, at a fraction of the cost. */
struct chart_pen {
	enum cell_role role;
	uint32_t mark;
	int dotted;
	unsigned phase;
	int down;          /* a previous point exists */
	double x, y;       /* the previous point, dot space */
	int run, rcol;     /* collapsing points in dot column rcol */
	double rmin, rmax;
};

void chart_plot_pen_init(struct chart_pen *pen, enum cell_role role, uint32_t mark, int dotted);
/* Line from the previous point to (fx, fy) in dot space (a lone dot after a gap); a
 * non-finite coordinate is a gap. */
void chart_plot_pen_to(struct chart_plot *p, struct chart_pen *pen, double fx, double fy);
/* Ends the polyline (flushes the collapsed run); the next point starts afresh. */
void chart_plot_pen_up(struct chart_plot *p, struct chart_pen *pen);

/* Vertical bar in plot column col (0-based) from the baseline (0 clamped to the y range)
 * to value v (data units): eighth blocks, or fill in ASCII. Blocks mode only. Returns the
 * canvas row of the top cell of an upward bar, else -1. */
int chart_plot_bar(struct chart_plot *p, int col, double v, enum cell_role role, uint32_t fill);
/* One cell, clipped to the chart rectangle. */
void chart_plot_put(struct chart_plot *p, int x, int y, uint32_t cp, enum cell_role role);
/* Text clipped to the chart rectangle; returns cells written. */
int chart_plot_text(struct chart_plot *p, int x, int y, const char *s, int max_w,
		    enum cell_role role);
/* Width of UTF-8 text in cells (one per code point). */
int chart_plot_width(const char *s);

/* Per-series glyphs: ASCII marks for lines, ASCII fills for bars, legend symbols; point
 * markers (the ASCII mark, or a geometric shape in UTF-8). */
uint32_t chart_plot_mark(size_t i);
uint32_t chart_plot_fill(size_t i);
uint32_t chart_plot_point(size_t i, int ascii);
/* Role of non-reference series number i. */
enum cell_role chart_plot_role(size_t i);

#endif
