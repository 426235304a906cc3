/* series: what a model publishes. A series table holds one row per recorded step and one
 * column per named scalar series; a dist is a snapshot distribution (CDF, histogram, bars,
 * curves) a model can produce now. Front ends (CSV writer, charts, Lua) read these; the
 * model never knows who does. */
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
};

#define DIST_MAX_CURVES 8

struct dist_curve {
	char label[40];
	size_t n;
	double *x, *y; /* owned */
	int reference; /* drawn as a reference line (dim, dashed), e.g. the diagonal */
};

struct dist {
	enum dist_kind kind;
	char name[40], title[80], xlabel[40], ylabel[40];
	size_t ncurves;
	struct dist_curve c[DIST_MAX_CURVES];
	size_t nlabels;
	char **labels; /* DIST_BARS: one label per category (owned), may be NULL */
};

void dist_init(struct dist *d, enum dist_kind kind, const char *name, const char *title,
	       const char *xlabel, const char *ylabel);
/* Adds a curve copying x and y (y may be NULL for DIST_HIST). Returns the curve or NULL
 * when DIST_MAX_CURVES is reached. */
struct dist_curve *dist_add(struct dist *d, const char *label, const double *x,
			    const double *y, size_t n);
void dist_set_labels(struct dist *d, const char *const *labels, size_t n);
void dist_fini(struct dist *d);

#endif
