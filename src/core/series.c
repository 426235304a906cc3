/* series: storage of what a model publishes: a table of named scalar series (one row per
 * recorded step) and snapshot distributions (curves, CDFs, histogram samples, bars, value
 * columns on a grid). Limits: names and labels longer than their fixed fields are
 * truncated; DIST_MAX_CURVES curves and DIST_GRID_MAX_COLUMNS grid columns per dist.
 * Neighbours: model and sim (writers), batch CSV, chart, luabind (readers). */
#include "core/series.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

void series_init(struct series_table *t, const char *const *names, size_t ncols)
{
	memset(t, 0, sizeof *t);
	t->ncols = ncols;
	t->names = xcalloc(ncols ? ncols : 1, sizeof *t->names);
	for (size_t i = 0; i < ncols; i++)
		t->names[i] = xstrdup(names[i]);
}

void series_fini(struct series_table *t)
{
	if (t->names)
		for (size_t i = 0; i < t->ncols; i++)
			free(t->names[i]);
	free(t->names);
	free(t->step);
	free(t->data);
	memset(t, 0, sizeof *t);
}

void series_clear(struct series_table *t)
{
	t->nrows = 0;
}

void series_append(struct series_table *t, long step, const double *row)
{
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;

		t->step = xreallocarray(t->step, cap, sizeof *t->step);
		t->data = xreallocarray(t->data, cap, (t->ncols ? t->ncols : 1) * sizeof *t->data);
		t->cap = cap;
	}
	t->step[t->nrows] = step;
	if (t->ncols)
		memcpy(t->data + t->nrows * t->ncols, row, t->ncols * sizeof *row);
	t->nrows++;
}

int series_col(const struct series_table *t, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->names[i], name) == 0)
			return (int)i;
	return -1;
}

void series_column(const struct series_table *t, size_t c, double *out)
{
	for (size_t r = 0; r < t->nrows; r++)
		out[r] = t->data[r * t->ncols + c];
}

/* ---- dist ---- */

void dist_init(struct dist *d, enum dist_kind kind, const char *name, const char *title,
	       const char *xlabel, const char *ylabel)
{
	memset(d, 0, sizeof *d);
	d->kind = kind;
	snprintf(d->name, sizeof d->name, "%s", name ? name : "");
	snprintf(d->title, sizeof d->title, "%s", title ? title : "");
	snprintf(d->xlabel, sizeof d->xlabel, "%s", xlabel ? xlabel : "");
	snprintf(d->ylabel, sizeof d->ylabel, "%s", ylabel ? ylabel : "");
}

static double *dup_doubles(const double *a, size_t n)
{
	double *d = xmallocarray(n ? n : 1, sizeof *d);

	if (n)
		memcpy(d, a, n * sizeof *d);
	return d;
}

struct dist_curve *dist_add(struct dist *d, const char *label, const double *x,
			    const double *y, size_t n)
{
	struct dist_curve *c;

	if (d->ncurves >= DIST_MAX_CURVES)
		return NULL;
	c = &d->c[d->ncurves++];
	memset(c, 0, sizeof *c);
	snprintf(c->label, sizeof c->label, "%s", label ? label : "");
	c->n = n;
	c->x = dup_doubles(x, n);
	c->y = y ? dup_doubles(y, n) : NULL;
	return c;
}

static void free_labels(struct dist *d)
{
	if (d->labels)
		for (size_t i = 0; i < d->nlabels; i++)
			free(d->labels[i]);
	free(d->labels);
	d->labels = NULL;
	d->nlabels = 0;
}

void dist_set_labels(struct dist *d, const char *const *labels, size_t n)
{
	free_labels(d);
	if (!labels || n == 0)
		return;
	d->labels = xcalloc(n, sizeof *d->labels);
	for (size_t i = 0; i < n; i++)
		d->labels[i] = xstrdup(labels[i] ? labels[i] : "");
	d->nlabels = n;
}

static void free_grid(struct dist_grid *g)
{
	for (size_t i = 0; i < g->ncols; i++)
		free(g->v[i]);
	free(g->x);
	free(g->y);
	memset(g, 0, sizeof *g);
}

void dist_fini(struct dist *d)
{
	for (size_t i = 0; i < d->ncurves; i++) {
		free(d->c[i].x);
		free(d->c[i].y);
	}
	free_labels(d);
	free_grid(&d->grid);
	d->ncurves = 0;
	memset(d->c, 0, sizeof d->c);
}

const char *dist_kind_name(enum dist_kind kind)
{
	static const char *const names[] = {
		[DIST_LINE] = "curves", [DIST_CDF] = "CDF",   [DIST_HIST] = "histogram",
		[DIST_BARS] = "bars",   [DIST_GRID] = "grid",
	};
	if ((unsigned)kind < sizeof names / sizeof names[0] && names[kind])
		return names[kind];
	return "distribution";
}

/* ---- grid ---- */

void dist_init_grid(struct dist *d, const char *name, const char *title, const char *xlabel,
		    const char *ylabel, const double *x, size_t nx, const double *y, size_t ny)
{
	assert(ny == 0 || nx <= SIZE_MAX / sizeof(double) / ny); /* a bug, not data */
	dist_init(d, DIST_GRID, name, title, xlabel, ylabel);
	d->grid.nx = nx;
	d->grid.ny = ny;
	d->grid.x = dup_doubles(x, nx);
	d->grid.y = dup_doubles(y, ny);
}

int dist_grid_column(const struct dist *d, const char *name)
{
	for (size_t i = 0; name && i < d->grid.ncols; i++)
		if (strcmp(d->grid.colname[i], name) == 0)
			return (int)i;
	return -1;
}

double *dist_grid_set_column(struct dist *d, const char *name, const double *v)
{
	struct dist_grid *g = &d->grid;
	size_t n = g->nx * g->ny;

	if (d->kind != DIST_GRID)
		return NULL;
	int c = dist_grid_column(d, name ? name : "");
	if (c < 0) {
		if (g->ncols >= DIST_GRID_MAX_COLUMNS)
			return NULL;
		c = (int)g->ncols++;
		snprintf(g->colname[c], sizeof g->colname[c], "%s", name ? name : "");
		g->v[c] = xmallocarray(n ? n : 1, sizeof *g->v[c]);
	}
	for (size_t i = 0; i < n; i++)
		g->v[c][i] = v ? v[i] : NAN;
	return g->v[c];
}

size_t dist_grid_nrows(const struct dist *d)
{
	return d->kind == DIST_GRID ? d->grid.nx * d->grid.ny : 0;
}

void dist_grid_row(const struct dist *d, size_t r, double *out)
{
	const struct dist_grid *g = &d->grid;

	out[0] = g->x[r % g->nx];
	out[1] = g->y[r / g->nx];
	for (size_t c = 0; c < g->ncols; c++)
		out[2 + c] = g->v[c][r];
}
