/* ui_view: draws one chart pane (see view.h). Limits: at most VIEW_MAX_SERIES series per
 * run and DIST_MAX_CURVES curves per pane (extra runs' curves are left out); series are
 * drawn against the step (all of them, or the session's recent window) or against the
 * view's x series (each run against its own; steps where either is NaN leave gaps);
 * reference lines and switch markers are drawn on time charts only, markers of the first
 * run; a grid distribution shows the first run's grid only (grids do not overlay).
 * Neighbours: chart, session, sim, draw. */
#include "ui/view.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "chart/chart.h"
#include "core/model.h"
#include "core/sim.h"
#include "core/xmalloc.h"
#include "luabind/lb.h"
#include "ui/game.h"

#define MAX_MARKS 32 /* switch markers drawn on one chart (the latest) */

void ui_view_cache_fini(struct ui_view_cache *c)
{
	for (size_t i = 0; i < c->nslots; i++) {
		if (c->slot[i].ok)
			dist_fini(&c->slot[i].d);
		if (c->slot2[i].ok)
			dist_fini(&c->slot2[i].d);
	}
	free(c->slot);
	free(c->slot2);
	free(c->buf);
	memset(c, 0, sizeof *c);
}

/* A title already saying "log" (as "(log)" or "log)") gets no second " [log]". */
static int says_log(const char *t)
{
	return strstr(t, "(log)") || strstr(t, " log)") || strstr(t, "[log]");
}

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
	int logy = session_view_logy(s, pane, v) && !says_log(what);
	snprintf(buf, size, "%d %s%s", pane + 1, what, logy ? " [log]" : "");
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

/* ---- time charts ----------------------------------------------------------------------- */

/* What a series chart draws besides the series: reference levels and switch markers. */
struct extras {
	struct chart_series ref[VIEW_MAX_SERIES * 2];
	char ref_label[VIEW_MAX_SERIES * 2][48];
	double ref_x[VIEW_MAX_SERIES * 2][2], ref_y[VIEW_MAX_SERIES * 2][2];
	size_t nref;
	double mark[MAX_MARKS];
	char mark_text[MAX_MARKS][32];
	const char *mark_label[MAX_MARKS];
	size_t nmark;
};

/* Reference level of series `name` of run r as a dotted line over [x0, x1], once per
 * (name, value). */
static void add_ref(struct extras *ex, const struct sim *sim, const char *name, double x0,
		    double x1)
{
	double v = model_series_ref(sim->model, name);
	if (!isfinite(v) || ex->nref >= sizeof ex->ref / sizeof ex->ref[0])
		return;
	char label[48];
	snprintf(label, sizeof label, "%s* %.4g", name, v);
	for (size_t i = 0; i < ex->nref; i++)
		if (!strcmp(ex->ref_label[i], label))
			return;
	size_t k = ex->nref++;
	snprintf(ex->ref_label[k], sizeof ex->ref_label[k], "%s", label);
	ex->ref_x[k][0] = x0;
	ex->ref_x[k][1] = x1 > x0 ? x1 : x0 + 1;
	ex->ref_y[k][0] = ex->ref_y[k][1] = v;
	ex->ref[k] = (struct chart_series){ .label = ex->ref_label[k], .x = ex->ref_x[k],
					    .y = ex->ref_y[k], .n = 2,
					    .style = DIST_STYLE_REFERENCE };
}

/* The switches of dynamic of the first run after step `from`, the latest MAX_MARKS. */
static void add_marks(struct extras *ex, const struct sim *sim, long from)
{
	size_t first = sim->nswitches > MAX_MARKS ? sim->nswitches - MAX_MARKS : 0;
	for (size_t i = first; i < sim->nswitches; i++) {
		const struct sim_switch *w = &sim->switches[i];
		if (w->step < from)
			continue;
		size_t k = ex->nmark++;
		ex->mark[k] = (double)w->step;
		learn_format(&w->spec, ex->mark_text[k], sizeof ex->mark_text[k]);
		ex->mark_label[k] = ex->mark_text[k];
	}
}

/* First row a time chart shows: all, or the session's recent window. */
static size_t first_row(const struct session *s, const struct series_table *t, int time)
{
	if (!time || !s->recent || s->window <= 0 || t->nrows <= (size_t)s->window)
		return 0;
	return t->nrows - (size_t)s->window;
}

static void draw_series(const struct ui_view_ctx *x, struct canvas *c, int cx, int cy, int cw,
			int ch, int pane, const struct view_spec *v, struct ui_view_cache *cache)
{
	struct session *s = x->s;
	int time = !v->x[0];
	/* Every run's rows, x then the series, in one scratch block. */
	size_t total = 0;
	for (size_t r = 0; r < s->nruns; r++)
		total += s->runs[r]->series.nrows * (size_t)(1 + v->nseries);
	double *buf = scratch(cache, total ? total : 1);
	struct chart_series cs[VIEW_MAX_SERIES * 6];
	char labels[VIEW_MAX_SERIES * 4][96];
	size_t ns = 0;
	char missing[120] = "";
	struct extras *ex = xcalloc(1, sizeof *ex);
	double xlo = INFINITY, xhi = -INFINITY;
	for (size_t r = 0; r < s->nruns; r++) {
		const struct series_table *t = &s->runs[r]->series;
		size_t r0 = first_row(s, t, time), nr = t->nrows - r0;
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
		if (time && nr > 0) {
			xlo = fmin(xlo, xs[r0]);
			xhi = fmax(xhi, xs[t->nrows - 1]);
		}
		for (int k = 0; k < v->nseries; k++) {
			int col = series_col(t, v->series[k]);
			if (col < 0) {
				snprintf(missing, sizeof missing, "no series '%s'", v->series[k]);
				continue;
			}
			if (ns >= VIEW_MAX_SERIES * 4)
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
			cs[ns] = (struct chart_series){ .label = labels[ns], .x = xs + r0,
							.y = ys + r0, .n = nr };
			ns++;
		}
	}
	if (ns == 0) {
		pane_note(c, cx, cy, cw, ch, missing[0] ? missing : "no data", ROLE_ERROR);
		free(ex);
		return;
	}
	struct chart_opts o = {
		.xlabel = v->x[0] ? v->x : "step",
		.ascii = x->ascii,
		.logy = session_view_logy(s, pane, v),
		.legend = 1,
	};
	if (time && xlo <= xhi) {
		/* Whole steps on the axis; a lone step still gets a range. */
		o.xint = 1;
		o.fix_x = 1;
		o.xmin = xlo;
		o.xmax = xhi > xlo ? xhi : xlo + 1;
		for (size_t r = 0; r < s->nruns; r++)
			for (int k = 0; k < v->nseries; k++)
				add_ref(ex, s->runs[r], v->series[k], o.xmin, o.xmax);
		add_marks(ex, s->runs[0], (long)xlo + 1);
		for (size_t i = 0; i < ex->nref && ns < sizeof cs / sizeof cs[0]; i++)
			cs[ns++] = ex->ref[i];
		o.marks = ex->mark;
		o.mark_labels = ex->mark_label;
		o.nmarks = ex->nmark;
	}
	chart_line(c, cx, cy, cw, ch, cs, ns, &o);
	free(ex);
}

/* ---- distributions --------------------------------------------------------------------- */

static double wall(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A distribution computed apart from the cache (a session_compute job). */
struct dist_job {
	struct sim *sim;
	const char *name;
	struct dist d;
	int ok;
};

static int dist_fn(void *arg, struct err *e)
{
	struct dist_job *j = arg;
	memset(&j->d, 0, sizeof j->d);
	if (sim_dist(j->sim, j->name, &j->d, e) < 0)
		return -1;
	j->ok = 1;
	return 0;
}

static int stale(const struct ui_view_ctx *x, const struct ui_view_slot *sl, const struct sim *sim)
{
	if (sl->sim != sim || !sl->tried)
		return 1;
	if (sl->gen != x->gen)
		return 1;
	if (sl->cancelled || sl->n == sim_n(sim))
		return 0; /* a cancelled one waits for the next command */
	double period = sl->cost * 10 > UI_VIEW_DIST_PERIOD ? sl->cost * 10 : UI_VIEW_DIST_PERIOD;
	return !x->busy || x->now - sl->t >= period;
}

/* Recomputes the cached distribution of run r when it is stale. */
static void refresh_slot(const struct ui_view_ctx *x, struct ui_view_slot *sl, struct sim *sim,
			 const char *name)
{
	if (!stale(x, sl, sim))
		return;
	struct dist_job j = { .sim = sim, .name = name };
	char what[80];
	snprintf(what, sizeof what, "distribution %s", name);
	struct session_job job = { .what = what, .fn = dist_fn, .arg = &j, .key = sl,
				   .cancellable = 1 };
	struct err e = { { 0 } };
	double t0 = wall();
	int rc = session_compute(x->s, &job, &e);
	double cost = wall() - t0;
	if (sl->sim != sim && sl->ok) { /* another run's: never shown for this one */
		dist_fini(&sl->d);
		sl->ok = 0;
	}
	sl->sim = sim;
	sl->tried = 1;
	sl->gen = x->gen;
	sl->t = x->now;
	sl->cancelled = rc < 0 && !strcmp(e.msg, SESSION_CANCELLED);
	if (sl->cancelled) {
		if (j.ok)
			dist_fini(&j.d);
		return; /* the previous distribution stays */
	}
	sl->n = sim_n(sim);
	sl->cost = cost;
	if (sl->ok)
		dist_fini(&sl->d);
	sl->ok = rc == 0;
	if (sl->ok) {
		sl->d = j.d;
		sl->err[0] = '\0';
	} else {
		snprintf(sl->err, sizeof sl->err, "%s", e.msg[0] ? e.msg : "no distribution");
	}
}

static void size_slots(struct ui_view_cache *cache, size_t n)
{
	if (cache->nslots == n)
		return;
	for (size_t i = 0; i < cache->nslots; i++) {
		if (cache->slot[i].ok)
			dist_fini(&cache->slot[i].d);
		if (cache->slot2[i].ok)
			dist_fini(&cache->slot2[i].d);
	}
	free(cache->slot);
	free(cache->slot2);
	cache->nslots = n;
	cache->slot = xcalloc(n ? n : 1, sizeof *cache->slot);
	cache->slot2 = xcalloc(n ? n : 1, sizeof *cache->slot2);
}

void ui_view_refresh(const struct ui_view_ctx *x, const struct view_spec *v,
		     struct ui_view_cache *cache)
{
	struct session *s = x->s;
	if (v->kind != VIEW_DIST)
		return;
	size_slots(cache, s->nruns);
	for (size_t r = 0; r < s->nruns && !s->quit; r++) {
		refresh_slot(x, &cache->slot[r], s->runs[r], v->dist);
		if (v->dist2[0])
			refresh_slot(x, &cache->slot2[r], s->runs[r], v->dist2);
	}
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

/* Bar categories named "1", "2", ... are actions: the scenario's action names replace
 * them (names that differ between players are joined, "Rock/Stone"). */
static void action_labels(const struct session *s, const struct dist *d, char **out, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		out[k] = NULL;
		char want[24];
		snprintf(want, sizeof want, "%zu", k + 1);
		if (k >= d->nlabels || !d->labels[k] || strcmp(d->labels[k], want) != 0)
			continue;
		char buf[160] = "";
		size_t len = 0;
		for (size_t p = 0; p < d->ncurves && p < 8; p++) {
			const char *name = lb_action_name(s->scn, (int)p, (int)k);
			if (!name || (len && strstr(buf, name)))
				continue;
			len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", len ? "/" : "",
						name);
		}
		if (len)
			out[k] = xstrdup(buf);
	}
}

/* A curve of a player's action ("p1 a2", "NE p1 a2") is renamed with the scenario's
 * action name ("p1 Tails") in place (the label holds size bytes). */
static void name_curve(const struct session *s, char *label, size_t size)
{
	int p, a, off = strncmp(label, "NE ", 3) == 0 ? 3 : 0, end = 0;
	if (sscanf(label + off, "p%d a%d%n", &p, &a, &end) != 2 || label[off + end] != '\0')
		return;
	const char *name = lb_action_name(s->scn, p - 1, a - 1);
	if (name)
		snprintf(label, size, "%sp%d %.24s", off ? "NE " : "", p, name);
}

/* The recent iterates (x_n, y_n) of two series of run r as a staircase through them (the
 * cobweb of x_{n+1} = y_n: vertical from (x_n, .) to (x_n, y_n), horizontal to
 * (x_{n+1}, y_n)), and the latest one as a point. Appends up to two curves to d. */
static void add_cobweb(struct dist *d, const struct sim *sim, const struct view_spec *v,
		       const char *rl)
{
	const struct series_table *t = &sim->series;
	int cx = series_col(t, v->cobweb[0]), cy = series_col(t, v->cobweb[1]);
	if (cx < 0 || cy < 0 || t->nrows == 0 || d->ncurves + 2 > DIST_MAX_CURVES)
		return;
	size_t n = t->nrows < UI_VIEW_COBWEB ? t->nrows : UI_VIEW_COBWEB, r0 = t->nrows - n;
	double px[2 * UI_VIEW_COBWEB + 1], py[2 * UI_VIEW_COBWEB + 1];
	size_t k = 0;
	for (size_t i = r0; i < t->nrows; i++) {
		double xi = series_at(t, i, (size_t)cx), yi = series_at(t, i, (size_t)cy);
		px[k] = xi; /* from the diagonal (or the last horizontal leg) */
		py[k++] = i == r0 ? xi : series_at(t, i - 1, (size_t)cy);
		px[k] = xi;
		py[k++] = yi;
	}
	char label[40];
	snprintf(label, sizeof label, "iterates%s%.24s", *rl ? " " : "", rl);
	dist_add(d, label, px, py, k);
	double lx = px[k - 1], ly = py[k - 1];
	snprintf(label, sizeof label, "now %.20s=%.4g", v->cobweb[0], lx);
	struct dist_curve *c = dist_add(d, label, &lx, &ly, 1);
	if (c)
		c->style = DIST_STYLE_POINTS;
}

/* The dist drawn for a view: the runs' curves (labelled by variant), the cobweb, the
 * scenario's action names. Borrows the slots' curves: free with shown_fini. */
struct shown {
	struct dist d;
	char *labels[64];
	const char *lab[64];
	struct dist extra;  /* owns the cobweb curves */
};

static void shown_make(struct shown *sh, struct session *s, const struct view_spec *v,
		       struct ui_view_cache *cache, const struct ui_view_slot *first)
{
	memset(sh, 0, sizeof *sh);
	sh->d = first->d;
	dist_init(&sh->extra, first->d.kind, "", "", "", "");
	if (s->nruns > 1) {
		sh->d.ncurves = 0;
		for (size_t r = 0; r < s->nruns; r++) {
			const struct ui_view_slot *sl = &cache->slot[r];
			if (!sl->ok)
				continue;
			for (size_t k = 0; k < sl->d.ncurves && sh->d.ncurves < DIST_MAX_CURVES;
			     k++) {
				struct dist_curve *dc = &sh->d.c[sh->d.ncurves++];
				*dc = sl->d.c[k];
				const char *rl = run_label(s, r);
				if (sl->d.ncurves > 1 && *rl)
					snprintf(dc->label, sizeof dc->label, "%.18s %.18s",
						 sl->d.c[k].label, rl);
				else if (*rl)
					snprintf(dc->label, sizeof dc->label, "%s", rl);
			}
		}
	}
	if (v->cobweb[0][0] && first->d.kind == DIST_LINE) {
		add_cobweb(&sh->extra, s->runs[0], v, s->nruns > 1 ? run_label(s, 0) : "");
		for (size_t k = 0; k < sh->extra.ncurves && sh->d.ncurves < DIST_MAX_CURVES; k++)
			sh->d.c[sh->d.ncurves++] = sh->extra.c[k];
	}
	if (first->d.kind == DIST_LINE)
		for (size_t k = 0; k < sh->d.ncurves; k++)
			name_curve(s, sh->d.c[k].label, sizeof sh->d.c[k].label);
	if (first->d.kind == DIST_BARS && first->d.nlabels) {
		size_t n = first->d.nlabels < 64 ? first->d.nlabels : 64;
		action_labels(s, &first->d, sh->labels, n);
		for (size_t k = 0; k < n; k++)
			sh->lab[k] = sh->labels[k] ? sh->labels[k] : first->d.labels[k];
		sh->d.labels = (char **)sh->lab;
		sh->d.nlabels = n;
	}
}

static void shown_fini(struct shown *sh)
{
	for (size_t k = 0; k < 64; k++)
		free(sh->labels[k]);
	dist_fini(&sh->extra);
}

static void draw_dist(const struct ui_view_ctx *x, struct canvas *c, int cx, int cy, int cw,
		      int ch, int pane, const struct view_spec *v, struct ui_view_cache *cache)
{
	struct session *s = x->s;
	const struct ui_view_slot *first = NULL;
	for (size_t r = 0; r < cache->nslots && r < s->nruns; r++)
		if (cache->slot[r].ok && cache->slot[r].sim == s->runs[r]) {
			first = &cache->slot[r];
			break;
		}
	if (!first) {
		const struct ui_view_slot *sl = cache->nslots ? &cache->slot[0] : NULL;
		const char *note = !s->nruns ? "no run"
			: sl && sl->sim == s->runs[0] && sl->cancelled
			? "cancelled (the next command computes it again)"
			: sl && sl->sim == s->runs[0] && sl->tried ? sl->err : "computing...";
		pane_note(c, cx, cy, cw, ch, note, sl && sl->tried && !sl->cancelled && sl->err[0]
			  ? ROLE_ERROR : ROLE_AXIS);
		return;
	}
	struct chart_opts o = {
		.title = "", /* the pane's frame carries it */
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
	struct shown sh;
	shown_make(&sh, s, v, cache, first);
	chart_dist(c, cx, cy, cw, ch, &sh.d, &o);
	shown_fini(&sh); /* sh.d only borrowed the curves */
}

static void frame(const struct ui_view_ctx *x, struct canvas *c, struct ui_rect r, int pane,
		  const struct view_spec *v, int focused, const struct ui_view_cache *cache)
{
	enum cell_role fr = focused ? ROLE_HIGHLIGHT : ROLE_AXIS;
	canvas_frame(c, r.x, r.y, r.w, r.h, x->ascii, fr);
	char title[200];
	struct view_spec named = *v;
	/* A distribution whose view has no title of its own (none, or the default: its name)
	 * is named by its own title, once (the chart inside has none). */
	char def[sizeof v->title];
	snprintf(def, sizeof def, "%s%s%.37s", v->dist, v->value[0] ? ": " : "", v->value);
	if (v->kind == VIEW_DIST && (!v->title[0] || !strcmp(v->title, def)) && cache &&
	    cache->nslots && cache->slot[0].ok && cache->slot[0].d.title[0])
		snprintf(named.title, sizeof named.title, "%.60s%s%.17s", cache->slot[0].d.title,
			 v->value[0] ? ": " : "", v->value);
	ui_view_title(x->s, pane, &named, title, sizeof title);
	char deco[210];
	snprintf(deco, sizeof deco, " %s ", title);
	canvas_text(c, r.x + 1, r.y, deco, r.w - 2, focused ? ROLE_HIGHLIGHT : ROLE_TITLE);
}

void ui_view_note(const struct ui_view_ctx *x, struct canvas *c, struct ui_rect r, int pane,
		  const struct view_spec *v, int focused, const char *note)
{
	if (r.w < 4 || r.h < 3)
		return;
	frame(x, c, r, pane, v, focused, NULL);
	pane_note(c, r.x + 1, r.y + 1, r.w - 2, r.h - 2, note, ROLE_AXIS);
}

void ui_view_draw(const struct ui_view_ctx *x, struct canvas *c, struct ui_rect r, int pane,
		  const struct view_spec *v, int focused, struct ui_view_cache *cache)
{
	if (r.w < 4 || r.h < 3)
		return;
	frame(x, c, r, pane, v, focused, cache);
	int cx = r.x + 1, cy = r.y + 1, cw = r.w - 2, ch = r.h - 2;
	if (x->s->nruns == 0) {
		pane_note(c, cx, cy, cw, ch, "no run", ROLE_ERROR);
		return;
	}
	if (v->game[0])
		ui_game_draw(x, c, (struct ui_rect){ cx, cy, cw, ch }, v, cache);
	else if (v->kind == VIEW_DIST)
		draw_dist(x, c, cx, cy, cw, ch, pane, v, cache);
	else
		draw_series(x, c, cx, cy, cw, ch, pane, v, cache);
}
