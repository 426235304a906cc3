/* ui_view: draws one chart pane (see view.h). Limits: at most VIEW_MAX_SERIES series per
 * run and DIST_MAX_CURVES curves per pane (extra runs' curves are left out); series are
 * drawn over their whole history, against the step or against the view's x series (each
 * run against its own; steps where either is NaN leave gaps); a grid distribution shows the
 * first run's grid only (grids do not overlay). Neighbours: chart, session, sim, draw. */
#include "ui/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "chart/chart.h"
#include "core/model.h"
#include "core/sim.h"
#include "core/xmalloc.h"
#include "luabind/lb.h"

void ui_view_cache_fini(struct ui_view_cache *c)
{
	for (size_t i = 0; i < c->nslots; i++)
		if (c->slot[i].ok)
			dist_fini(&c->slot[i].d);
	free(c->slot);
	free(c->buf);
	memset(c, 0, sizeof *c);
}

/* Whether a published series prefers a log axis. */
void ui_view_title(const struct session *s, int pane, const struct view_spec *v, char *buf,
		   size_t size)
{
	char what[160] = "";
	if (v->title[0]) {
		snprintf(what, sizeof what, "%s", v->title);
	} else if (v->kind == VIEW_DIST) {
		snprintf(what, sizeof what, "%s%s%s", v->dist, v->value[0] ? ": " : "", v->value);
	} else {
		size_t len = 0;
		for (int i = 0; i < v->nseries && len + 2 < sizeof what; i++)
			len += (size_t)snprintf(what + len, sizeof what - len, "%s%s", i ? ", " : "",
						v->series[i]);
		if (v->x[0] && len + 2 < sizeof what)
			snprintf(what + len, sizeof what - len, " vs %s", v->x);
	}
	snprintf(buf, size, "%d %s%s", pane + 1, what, session_view_logy(s, pane, v) ? " [log]" : "");
}

static double *scratch(struct ui_view_cache *c, size_t n)
{
	if (n > c->cap) {
		c->cap = n + n / 2 + 64;
		free(c->buf);
		c->buf = xmallocarray(c->cap, sizeof *c->buf);
	}
	return c->buf;
}

static const char *run_label(struct session *s, size_t r)
{
	if (s->nruns < 2)
		return "";
	const struct lb_variant *var = lb_variant(s->scn, r);
	return var ? var->label : "";
}

/* A message centred in the pane's inside. */
static void pane_note(struct canvas *c, int x, int y, int w, int h, const char *text,
		      enum cell_role role)
{
	int len = (int)strlen(text);
	int tx = x + (w - len) / 2;
	if (tx < x)
		tx = x;
	canvas_text(c, tx, y + h / 2, text, w, role);
}

static void draw_series(const struct ui_view_ctx *x, struct canvas *c, int cx, int cy, int cw,
			int ch, int pane, const struct view_spec *v, struct ui_view_cache *cache)
{
	struct session *s = x->s;
	/* Every run's rows, x then the series, in one scratch block. */
	size_t total = 0;
	for (size_t r = 0; r < s->nruns; r++)
		total += s->runs[r]->series.nrows * (size_t)(1 + v->nseries);
	double *buf = scratch(cache, total ? total : 1);
	struct chart_series cs[VIEW_MAX_SERIES * 4];
	char labels[VIEW_MAX_SERIES * 4][96];
	size_t ns = 0;
	char missing[120] = "";
	for (size_t r = 0; r < s->nruns; r++) {
		const struct series_table *t = &s->runs[r]->series;
		double *xs = buf;
		buf += t->nrows;
		int xcol = v->x[0] ? series_col(t, v->x) : -1;
		if (v->x[0] && xcol < 0) {
			snprintf(missing, sizeof missing, "no series '%s'", v->x);
			continue;
		}
		if (xcol >= 0)
			series_column(t, (size_t)xcol, xs);
		else
			for (size_t i = 0; i < t->nrows; i++)
				xs[i] = (double)t->step[i];
		for (int k = 0; k < v->nseries; k++) {
			int col = series_col(t, v->series[k]);
			if (col < 0) {
				snprintf(missing, sizeof missing, "no series '%s'", v->series[k]);
				continue;
			}
			if (ns >= sizeof cs / sizeof cs[0])
				break;
			double *ys = buf;
			buf += t->nrows;
			series_column(t, (size_t)col, ys);
			const char *rl = run_label(s, r);
			if (*rl && v->nseries > 1)
				snprintf(labels[ns], sizeof labels[ns], "%s %s", v->series[k], rl);
			else if (*rl)
				snprintf(labels[ns], sizeof labels[ns], "%s", rl);
			else
				snprintf(labels[ns], sizeof labels[ns], "%s", v->series[k]);
			cs[ns] = (struct chart_series){ .label = labels[ns], .x = xs, .y = ys,
							.n = t->nrows };
			ns++;
		}
	}
	if (ns == 0) {
		pane_note(c, cx, cy, cw, ch, missing[0] ? missing : "no data", ROLE_ERROR);
		return;
	}
	struct chart_opts o = {
		.xlabel = v->x[0] ? v->x : "step",
		.ascii = x->ascii,
		.logy = session_view_logy(s, pane, v),
		.legend = 1,
	};
	chart_line(c, cx, cy, cw, ch, cs, ns, &o);
}

static double wall(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Refreshes the cached distribution of run r when it is stale. */
static void refresh_slot(const struct ui_view_ctx *x, struct ui_view_slot *sl, struct sim *sim,
			 const char *name)
{
	long n = sim_n(sim);
	int stale = !sl->ok && !sl->err[0];
	if (sl->sim != sim || sl->gen != x->gen)
		stale = 1;
	else if (sl->n != n) {
		double period = sl->cost * 10 > UI_VIEW_DIST_PERIOD ? sl->cost * 10 : UI_VIEW_DIST_PERIOD;
		if (!x->busy || x->now - sl->t >= period)
			stale = 1;
	}
	if (!stale)
		return;
	if (sl->ok)
		dist_fini(&sl->d);
	sl->ok = 0;
	sl->err[0] = '\0';
	sl->sim = sim;
	sl->n = n;
	sl->gen = x->gen;
	sl->t = x->now;
	struct err e = { { 0 } };
	double t0 = wall();
	if (sim_dist(sim, name, &sl->d, &e) < 0)
		snprintf(sl->err, sizeof sl->err, "%s", e.msg[0] ? e.msg : "no distribution");
	else
		sl->ok = 1;
	sl->cost = wall() - t0;
}

/* Whether the view names a value column the grid lacks; then msg lists the columns. */
static int grid_column_missing(const struct dist *d, const struct view_spec *v, char *msg,
			       size_t size)
{
	if (!v->value[0] || dist_grid_column(d, v->value) >= 0)
		return 0;
	size_t len = (size_t)snprintf(msg, size, "no value '%s' in '%s'; columns:", v->value,
				      v->dist);
	for (size_t i = 0; i < d->grid.ncols && len < size; i++)
		len += (size_t)snprintf(msg + len, size - len, "%s %s", i ? "," : "",
					d->grid.colname[i]);
	if (d->grid.ncols == 0 && len < size)
		snprintf(msg + len, size - len, " none");
	return 1;
}

static void draw_dist(const struct ui_view_ctx *x, struct canvas *c, int cx, int cy, int cw,
		      int ch, int pane, const struct view_spec *v, struct ui_view_cache *cache)
{
	struct session *s = x->s;
	if (cache->nslots != s->nruns) {
		for (size_t i = 0; i < cache->nslots; i++)
			if (cache->slot[i].ok)
				dist_fini(&cache->slot[i].d);
		free(cache->slot);
		cache->nslots = s->nruns;
		cache->slot = xcalloc(s->nruns ? s->nruns : 1, sizeof *cache->slot);
	}
	for (size_t r = 0; r < s->nruns; r++)
		refresh_slot(x, &cache->slot[r], s->runs[r], v->dist);
	struct ui_view_slot *first = NULL;
	for (size_t r = 0; r < s->nruns; r++)
		if (cache->slot[r].ok) {
			first = &cache->slot[r];
			break;
		}
	if (!first) {
		pane_note(c, cx, cy, cw, ch, s->nruns ? cache->slot[0].err : "no run", ROLE_ERROR);
		return;
	}
	struct chart_opts o = {
		.xlabel = first->d.xlabel[0] ? first->d.xlabel : NULL,
		.ylabel = first->d.ylabel[0] ? first->d.ylabel : NULL,
		.ascii = x->ascii,
		.logy = session_view_logy(s, pane, v),
		.legend = 1,
		.column = v->value[0] ? v->value : NULL,
	};
	if (first->d.kind == DIST_GRID) {
		char msg[DIST_GRID_MAX_COLUMNS * 42 + 120];
		if (grid_column_missing(&first->d, v, msg, sizeof msg))
			pane_note(c, cx, cy, cw, ch, msg, ROLE_ERROR);
		else
			chart_dist(c, cx, cy, cw, ch, &first->d, &o);
		return;
	}
	if (s->nruns < 2) {
		chart_dist(c, cx, cy, cw, ch, &first->d, &o);
		return;
	}
	/* Several runs: one dist borrowing every run's curves, labelled by variant. */
	struct dist all = first->d;
	all.ncurves = 0;
	for (size_t r = 0; r < s->nruns; r++) {
		const struct ui_view_slot *sl = &cache->slot[r];
		if (!sl->ok)
			continue;
		for (size_t k = 0; k < sl->d.ncurves && all.ncurves < DIST_MAX_CURVES; k++) {
			struct dist_curve *dc = &all.c[all.ncurves++];
			*dc = sl->d.c[k];
			const char *rl = run_label(s, r);
			if (sl->d.ncurves > 1 && *rl)
				snprintf(dc->label, sizeof dc->label, "%.18s %.18s", sl->d.c[k].label,
					 rl);
			else if (*rl)
				snprintf(dc->label, sizeof dc->label, "%s", rl);
		}
	}
	chart_dist(c, cx, cy, cw, ch, &all, &o);
	/* `all` only borrowed the curves: nothing to free. */
}

void ui_view_draw(const struct ui_view_ctx *x, struct canvas *c, struct ui_rect r, int pane,
		  const struct view_spec *v, int focused, struct ui_view_cache *cache)
{
	if (r.w < 4 || r.h < 3)
		return;
	enum cell_role fr = focused ? ROLE_HIGHLIGHT : ROLE_AXIS;
	canvas_frame(c, r.x, r.y, r.w, r.h, x->ascii, fr);
	char title[200];
	ui_view_title(x->s, pane, v, title, sizeof title);
	char deco[210];
	snprintf(deco, sizeof deco, " %s ", title);
	canvas_text(c, r.x + 1, r.y, deco, r.w - 2, focused ? ROLE_HIGHLIGHT : ROLE_TITLE);
	int cx = r.x + 1, cy = r.y + 1, cw = r.w - 2, ch = r.h - 2;
	if (x->s->nruns == 0) {
		pane_note(c, cx, cy, cw, ch, "no run", ROLE_ERROR);
		return;
	}
	if (v->kind == VIEW_DIST)
		draw_dist(x, c, cx, cy, cw, ch, pane, v, cache);
	else
		draw_series(x, c, cx, cy, cw, ch, pane, v, cache);
}
