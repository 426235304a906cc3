/* series: what a model publishes. A series table holds one row per recorded step and one
 * column per named scalar series; a dist is a snapshot distribution (CDF, histogram, bars,
 * curves drawn as lines, reference lines or points, values on an x-y grid) a model can
 * produce now. Front ends (CSV writer, charts, Lua) read these; the model never knows who
 * does. A dist owns every array it holds; dist_fini frees them. */
#ifndef TATON_SERIES_H
#define TATON_SERIES_H

#include <stddef.h>

struct series_table {
	size_t ncols;
	char **names;   /* ncols, owned */
	size_t nrows, cap;
	long *step;     /* nrows step numbers */
	double *data;   /* nrows * ncols, row-major; NaN = no value */
};

void series_init(struct series_table *t, const char *const *names, size_t ncols);
void series_fini(struct series_table *t);
void series_clear(struct series_table *t);           /* drop rows, keep columns */
/* Appends a row (copies ncols values). Amortised O(ncols). */
void series_append(struct series_table *t, long step, const double *row);
int series_col(const struct series_table *t, const char *name); /* -1 if absent */
/* Value of column c at row r. */
static inline double series_at(const struct series_table *t, size_t r, size_t c)
{
	return t->data[r * t->ncols + c];
}
/* Copies column c into out[0..nrows) (caller provides nrows doubles). */
void series_column(const struct series_table *t, size_t c, double *out);

enum dist_kind {
	DIST_LINE,  /* curves y(x), e.g. v*(b), gamma(z) with the diagonal as a reference curve */
	DIST_CDF,   /* curves are step CDFs: x sorted, y = F(x) */
	DIST_HIST,  /* curves hold samples in x, weights in y (y may be NULL = 1) */
	DIST_BARS,  /* one value per category: x = category position, y = height; labels */
	DIST_GRID,  /* named value columns on an x-y grid (struct dist_grid): a heat map */
};

/* How a curve is drawn (DIST_LINE, DIST_CDF). */
enum dist_style {
	DIST_STYLE_LINE,      /* points joined by segments */
	DIST_STYLE_REFERENCE, /* a dim dotted line under the data, e.g. the diagonal */
	DIST_STYLE_POINTS,    /* a marker at each point and nothing between (iterates) */
};

#define DIST_MAX_CURVES 8
#define DIST_GRID_MAX_COLUMNS 16

struct dist_curve {
	char label[40];
	size_t n;
	double *x, *y; /* owned */
	enum dist_style style;
};

/* DIST_GRID: nx x ny points (x[i], y[j]) and up to DIST_GRID_MAX_COLUMNS named values at
 * each, e.g. a strategy map with columns p1H, p1L, V1H, V1L over a belief square. */
struct dist_grid {
	size_t nx, ny;
	double *x, *y;  /* nx and ny coordinates, strictly increasing (owned) */
	size_t ncols;
	char colname[DIST_GRID_MAX_COLUMNS][40];
	double *v[DIST_GRID_MAX_COLUMNS]; /* nx*ny each, v[c][j*nx + i] at (x[i], y[j]);
					   * NaN = no value (owned) */
};

struct dist {
	enum dist_kind kind;
	char name[40], title[80], xlabel[40], ylabel[40];
	size_t ncurves;
	struct dist_curve c[DIST_MAX_CURVES];
	size_t nlabels;
	char **labels; /* DIST_BARS: one label per category (owned), may be NULL */
	struct dist_grid grid; /* DIST_GRID only */
};

void dist_init(struct dist *d, enum dist_kind kind, const char *name, const char *title,
	       const char *xlabel, const char *ylabel);
/* Adds a curve copying x and y (y may be NULL for DIST_HIST). Returns the curve or NULL
 * when DIST_MAX_CURVES is reached. */
struct dist_curve *dist_add(struct dist *d, const char *label, const double *x,
			    const double *y, size_t n);
void dist_set_labels(struct dist *d, const char *const *labels, size_t n);
void dist_fini(struct dist *d);
/* The kind's name for messages: "curves", "CDF", "histogram", "bars", "grid". */
const char *dist_kind_name(enum dist_kind kind);

/* Initialises d as a DIST_GRID over the coordinates x[0..nx) and y[0..ny) (copied; they
 * must increase strictly for the heat map) with no value column yet. */
void dist_init_grid(struct dist *d, const char *name, const char *title, const char *xlabel,
		    const char *ylabel, const double *x, size_t nx, const double *y, size_t ny);
/* Sets value column `name` of a grid to a copy of the nx*ny values v (v[j*nx + i] at
 * (x[i], y[j])); v NULL fills it with NaN. Replaces a column of that name, else adds one.
 * Returns the column's values (owned by d, writable until dist_fini), or NULL when d is not
 * a grid or already holds DIST_GRID_MAX_COLUMNS columns. */
double *dist_grid_set_column(struct dist *d, const char *name, const double *v);
/* Index of value column `name` of a grid, or -1. */
int dist_grid_column(const struct dist *d, const char *name);
/* A grid as rows (for CSV: x,y,<columns>): nx*ny rows, x varying fastest. Row r writes
 * 2 + ncols doubles into out: x, y, then each column's value in column order. */
size_t dist_grid_nrows(const struct dist *d);
void dist_grid_row(const struct dist *d, size_t r, double *out);

#endif
