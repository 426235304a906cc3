/* series: storage of what a model publishes: a table of named scalar series (one row per
 * recorded step) and snapshot distributions (curves, CDFs, histogram samples, bars).
 * Limits: names and labels longer than their fixed fields are truncated; DIST_MAX_CURVES
 * curves per dist. Neighbours: model and sim (writers), batch CSV, chart, luabind (readers). */
#include "core/series.h"

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

void dist_fini(struct dist *d)
{
	for (size_t i = 0; i < d->ncurves; i++) {
		free(d->c[i].x);
		free(d->c[i].y);
	}
	free_labels(d);
	d->ncurves = 0;
	memset(d->c, 0, sizeof d->c);
}
