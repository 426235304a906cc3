/* ui_draw: the whole explorer screen drawn into a canvas: title row, chart panes (ui_view),
 * the parameter pane, the info pane with the scenario's lecture text (reflowed by
 * paragraph), the status line with its buttons, the message/prompt line, and the overlays
 * (key help generated from the binding table, a command's output); below the minimum size
 * the focused pane alone, and on a tiny screen only a "terminal too small" notice.
 * Nothing here computes: distributions come from the caches ui_refresh fills; while a step
 * computes (the runs lent to the worker) the chart panes and the status values are those
 * of the last frame drawn with the runs readable.
 * Limits: text is measured one cell per code point; only ASCII is drawn by this file itself,
 * so an ASCII terminal needs no translation except in the scenario's own text.
 * Neighbours: ui (state), layout, view, keys, wrap, tui (paints the canvas). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/learn.h"
#include "core/param.h"
#include "core/xmalloc.h"
#include "luabind/lb.h"
#include "ui/keys.h"
#include "ui/reflow.h"
#include "ui/ui.h"
#include "ui/wrap.h"

#define UI_BUSY_SHOWN 0.3 /* a computation is announced once it has taken this long */

static void fill(struct canvas *c, int x, int y, int w, int h, enum cell_role role)
{
	for (int j = y; j < y + h; j++)
		for (int i = x; i < x + w; i++)
			canvas_put(c, i, j, ' ', role);
}

/* Text clipped to w cells; returns the cells written. */
static int text(struct canvas *c, int x, int y, int w, const char *s, enum cell_role role)
{
	if (w <= 0)
		return 0;
	return canvas_text(c, x, y, s, w, role);
}

static void too_small(struct canvas *c)
{
	char a[80], b[80];
	snprintf(a, sizeof a, "too small: need %dx%d", UI_LAYOUT_TINY_W, UI_LAYOUT_TINY_H);
	snprintf(b, sizeof b, "now %dx%d; q quits", c->w, c->h);
	int y = c->h / 2 - 1;
	if (y < 0)
		y = 0;
	int la = (int)strlen(a), lb = (int)strlen(b);
	text(c, la < c->w ? (c->w - la) / 2 : 0, y, c->w, a, ROLE_ERROR);
	text(c, lb < c->w ? (c->w - lb) / 2 : 0, y + 1, c->w, b, ROLE_LABEL);
}

static void title_row(struct ui *u, struct canvas *c, struct ui_rect r)
{
	struct session *s = u->s;
	fill(c, r.x, r.y, r.w, 1, ROLE_TITLE);
	const char *right = "? keys  : command  q quit ";
	int rl = (int)strlen(right);
	char left[256];
	const char *title = s->scn ? lb_title(s->scn) : "";
	const char *model = s->nruns ? s->runs[0]->ops->name : "";
	char page[48] = "";
	const struct ui_layout *l = &u->layout;
	if (l->nshown && l->nshown < l->ncharts && l->zoomed < 0)
		snprintf(page, sizeof page, " [charts %d-%d of %d: tab]", l->first + 1,
			 l->first + l->nshown, l->ncharts);
	snprintf(left, sizeof left, " taton - %s%s%s%s%s", title && *title ? title : "(untitled)",
		 *model ? " (model " : "", model, *model ? ")" : "", page);
	int room = r.w - rl - 1;
	text(c, r.x, r.y, room > 0 ? room : r.w, left, ROLE_TITLE);
	if (room > ui_wrap_cells(left))
		text(c, r.x + r.w - rl, r.y, rl, right, ROLE_TITLE);
}

/* A framed box with a title on its top edge. */
static void box(struct ui *u, struct canvas *c, struct ui_rect r, const char *title, int focused)
{
	fill(c, r.x, r.y, r.w, r.h, ROLE_NONE);
	canvas_frame(c, r.x, r.y, r.w, r.h, u->ascii, focused ? ROLE_HIGHLIGHT : ROLE_AXIS);
	char t[128];
	snprintf(t, sizeof t, " %s ", title);
	text(c, r.x + 1, r.y, r.w - 2, t, focused ? ROLE_HIGHLIGHT : ROLE_TITLE);
}

static void params_pane(struct ui *u, struct canvas *c, struct ui_rect r, int focused)
{
	struct session *s = u->s;
	box(u, c, r, "Parameters", focused);
	int ix = r.x + 1, iy = r.y + 1, iw = r.w - 2, ih = r.h - 2;
	if (iw < 4 || ih < 1)
		return;
	if (s->nruns == 0)
		return;
	const struct params *p = &s->runs[0]->params;
	int n = (int)p->n;
	if (n == 0) {
		text(c, ix + 1, iy, iw - 1, "(no parameters)", ROLE_AXIS);
		return;
	}
	/* Below the list: the selection's help (up to two lines) and its range. */
	int detail = ih >= 5 ? 3 : 0;
	int rows = ih - detail;
	if (u->param_sel < u->param_top)
		u->param_top = u->param_sel;
	if (u->param_sel >= u->param_top + rows)
		u->param_top = u->param_sel - rows + 1;
	if (u->param_top > n - rows)
		u->param_top = n - rows > 0 ? n - rows : 0;
	u->param_rows = rows;
	int namew = 0;
	for (int i = 0; i < n; i++) {
		int l = (int)strlen(p->spec[i].name);
		if (l > namew)
			namew = l;
	}
	if (namew > iw / 2)
		namew = iw / 2;
	for (int row = 0; row < rows && u->param_top + row < n; row++) {
		int i = u->param_top + row;
		const struct param_spec *sp = &p->spec[i];
		char *val = params_format_value(p, i);
		/* Variants that differ in this parameter are marked. */
		int varies = 0;
		for (size_t k = 1; k < s->nruns && !varies; k++) {
			char *o = params_format_value(&s->runs[k]->params, i);
			varies = strcmp(o, val) != 0;
			free(o);
		}
		char line[512];
		snprintf(line, sizeof line, "%c %-*.*s %s%s%s%s", i == u->param_sel ? '>' : ' ',
			 namew, namew, sp->name, val, sp->unit && *sp->unit ? " " : "",
			 sp->unit ? sp->unit : "", varies ? " (varies)" : "");
		free(val);
		enum cell_role role = ROLE_LABEL;
		if (i == u->param_sel && focused) {
			role = ROLE_HIGHLIGHT;
			fill(c, ix, iy + row, iw, 1, role);
		}
		text(c, ix, iy + row, iw, line, role);
	}
	if (n > rows) {
		char more[32];
		snprintf(more, sizeof more, " %d/%d ", u->param_sel + 1, n);
		int ml = (int)strlen(more);
		text(c, r.x + r.w - 1 - ml, r.y + r.h - 1, ml, more, ROLE_AXIS);
	}
	if (detail) {
		const struct param_spec *sp = &p->spec[u->param_sel];
		char *range = param_spec_range(sp);
		char l2[512], step[48] = "";
		int number = sp->type == PARAM_REAL || sp->type == PARAM_INT;
		if (number) {
			char num[32];
			param_fmt_double(num, sizeof num, session_slider_step(s, sp));
			snprintf(step, sizeof step, ", step %s", num);
		}
		snprintf(l2, sizeof l2, "%s: %s%s%s", sp->name, range, step,
			 !focused ? "" : number || sp->type == PARAM_ENUM || sp->type == PARAM_BOOL
			 ? "; <- -> adjust, enter edits" : "; enter edits");
		free(range);
		int dy = iy + ih - detail;
		size_t nh = 0;
		/* two lines show: a help of any length is wrapped from its first few hundred bytes */
		size_t room = (size_t)(iw > 0 ? iw : 1) * 4 * (size_t)detail;
		const char *h = sp->help && *sp->help ? sp->help : "";
		size_t hl = strnlen(h, room);
		while (hl > 0 && ((unsigned char)h[hl] & 0xC0) == 0x80)
			hl--; /* not inside a UTF-8 sequence */
		char *hcut = xstrndup(h, hl);
		char **help = ui_wrap(hcut, iw - 1, &nh);
		free(hcut);
		for (int k = 0; k < detail - 1 && k < (int)nh; k++) {
			if (k == detail - 2 && (int)nh > detail - 1) {
				/* Cut: mark that the help goes on. */
				char *l = xasprintf("%.*s...", iw - 4 > 0 ? iw - 4 : 0, help[k]);
				text(c, ix + 1, dy + k, iw - 1, l, ROLE_AXIS);
				free(l);
			} else {
				text(c, ix + 1, dy + k, iw - 1, help[k], ROLE_AXIS);
			}
		}
		ui_wrap_free(help);
		text(c, ix + 1, dy + detail - 1, iw - 1, l2, ROLE_AXIS);
	}
}

/* A heading of the lecture text: a short line with letters, all upper case. */
static int is_heading(const char *line)
{
	int letters = 0;
	for (const char *p = line; *p; p++) {
		if (*p >= 'a' && *p <= 'z')
			return 0;
		if (*p >= 'A' && *p <= 'Z')
			letters++;
	}
	return letters >= 2;
}

static void info_pane(struct ui *u, struct canvas *c, struct ui_rect r, int focused)
{
	struct session *s = u->s;
	box(u, c, r, "About", focused);
	int ix = r.x + 2, iy = r.y + 1, iw = r.w - 3, ih = r.h - 2;
	if (iw < 4 || ih < 1)
		return;
	const char *info = s->scn ? lb_info(s->scn) : NULL;
	size_t n = 0;
	char **lines = ui_wrap_cached_by(&u->info_wrap, ui_reflow,
					 info && *info ? info : "(no description)", iw, &n);
	int maxtop = (int)n - ih > 0 ? (int)n - ih : 0;
	if (u->info_top > maxtop)
		u->info_top = maxtop;
	for (int row = 0; row < ih && u->info_top + row < (int)n; row++) {
		const char *l = lines[u->info_top + row];
		text(c, ix, iy + row, iw, l, is_heading(l) ? ROLE_TITLE : ROLE_LABEL);
	}
	if (u->info_top > 0)
		text(c, r.x + r.w - 8, r.y, 6, " more ", ROLE_AXIS);
	if (u->info_top < maxtop)
		text(c, r.x + r.w - 8, r.y + r.h - 1, 6, " more ", ROLE_AXIS);
}

static void fmt_rate(double v, char *buf, size_t size)
{
	if (v >= 1e6)
		snprintf(buf, size, "%.1fM", v / 1e6);
	else if (v >= 1e4)
		snprintf(buf, size, "%.1fk", v / 1e3);
	else if (v >= 10 || v == 0)
		snprintf(buf, size, "%.0f", v);
	else
		snprintf(buf, size, "%.1f", v);
}

/* The status values of the runs, read only while the runs are readable. */
static void stat_fill(struct ui *u)
{
	struct session *s = u->s;
	struct ui_stat *st = &u->stat;
	st->have_run = s->nruns > 0;
	if (!st->have_run)
		return;
	struct sim *sim = s->runs[0];
	st->step = sim_n(sim);
	st->conv = sim_convergence(sim);
	snprintf(st->conv_name, sizeof st->conv_name, "%s", sim_convergence_name(sim));
	if (sim->model && sim->model->dim > 0)
		learn_format(&sim->spec, st->dyn, sizeof st->dyn);
	else
		snprintf(st->dyn, sizeof st->dyn, "-");
	st->seed = (unsigned long long)sim->seed;
}

/* The first field: what the explorer is doing. */
static void state_field(struct ui *u, char *buf, size_t size, double now)
{
	const struct ui_busy *b = &u->busy;
	if (b->active && (now - b->t0 >= UI_BUSY_SHOWN || b->cancel))
		snprintf(buf, size, "%s %s (%.1f s%s)", b->cancel ? "CANCELLING" : "COMPUTING",
			 b->what, now - b->t0, b->cancel ? "" : b->cancellable ? "; Esc cancels"
			 : "; Esc stops after it");
	else if (u->pending > 0)
		snprintf(buf, size, "STEPPING (%ld to go)", u->pending);
	else
		snprintf(buf, size, "%s", u->s->running ? "RUNNING" : "paused");
}

/* The buttons, right-aligned in r: their total width, and their rectangles in u->button
 * when draw is set. */
static int buttons(struct ui *u, struct canvas *c, struct ui_rect r, int draw)
{
	int w = 1;
	for (size_t i = 0; i < ui_nbuttons; i++) {
		const struct ui_button *b = &ui_buttons[i];
		const char *label = u->s->running && b->running ? b->running : b->label;
		w += (int)strlen(label) + 2;
	}
	if (!draw)
		return w;
	int x = r.x + r.w - w + 1;
	for (size_t i = 0; i < ui_nbuttons && i < sizeof u->button / sizeof u->button[0]; i++) {
		const struct ui_button *b = &ui_buttons[i];
		const char *label = u->s->running && b->running ? b->running : b->label;
		char t[32];
		int len = snprintf(t, sizeof t, "[%s]", label);
		text(c, x, r.y, len, t, ROLE_HIGHLIGHT);
		u->button[i] = (struct ui_rect){ x, r.y, len, 1 };
		x += len;
	}
	return w;
}

/* The status line's fields, most important first; dropped from the end when too long,
 * the buttons kept as long as the first two fields fit beside them. */
static void status_row(struct ui *u, struct canvas *c, struct ui_rect r, double now)
{
	struct session *s = u->s;
	const struct ui_stat *st = &u->stat;
	fill(c, r.x, r.y, r.w, 1, ROLE_STATUS);
	memset(u->button, 0, sizeof u->button);
	char f[8][300];
	int nf = 0;
	state_field(u, f[nf++], sizeof f[0], now);
	if (st->have_run) {
		snprintf(f[nf++], sizeof f[0], "step %ld", st->step);
		char rate[32], speed[32];
		fmt_rate(ui_pace_rate(&u->pace, now), rate, sizeof rate);
		double target = (s->speed >= 0 && s->speed < session_nspeeds)
			? session_speeds[s->speed] : 0;
		if (target <= 0)
			snprintf(speed, sizeof speed, "max");
		else
			fmt_rate(target, speed, sizeof speed), strcat(speed, "/s");
		if (s->running)
			snprintf(f[nf++], sizeof f[0], "%s steps/s (speed %s)", rate, speed);
		else
			snprintf(f[nf++], sizeof f[0], "speed %s", speed);
		if (s->conv_step >= 0)
			snprintf(f[nf++], sizeof f[0], "converged at step %ld: %s < %g",
				 s->conv_step, st->conv_name, s->tol);
		else if (isnan(st->conv))
			snprintf(f[nf++], sizeof f[0], "%s -", st->conv_name);
		else
			snprintf(f[nf++], sizeof f[0], "%s %.3g", st->conv_name, st->conv);
		snprintf(f[nf++], sizeof f[0], "dynamics: %s", st->dyn);
		if (s->recent)
			snprintf(f[nf++], sizeof f[0], "last %ld steps", s->window);
		snprintf(f[nf++], sizeof f[0], "seed %llu", st->seed);
		if (s->nruns > 1)
			snprintf(f[nf++], sizeof f[0], "%zu runs", s->nruns);
	}
	/* The buttons stay while the fields up to the dynamics fit beside them. */
	int bw = buttons(u, c, r, 0), keep = nf < 5 ? nf : 5;
	char line[2048];
	int n = nf, with_buttons = 1;
	for (;;) {
		size_t len = 0;
		line[0] = '\0';
		for (int i = 0; i < n; i++)
			len += (size_t)snprintf(line + len, sizeof line - len, "%s%s", i ? " | " : " ",
						f[i]);
		int room = with_buttons ? r.w - bw : r.w;
		if ((int)len <= room || n == 1)
			break;
		if (with_buttons && n == keep) {
			with_buttons = 0; /* too narrow: the fields first */
			n = nf;
			continue;
		}
		n--;
	}
	text(c, r.x, r.y, r.w, line, ROLE_STATUS);
	if (with_buttons && ui_wrap_cells(line) + bw <= r.w)
		buttons(u, c, r, 1);
}

/* Completion candidates, in columns, just above the status line (at most 6 rows). */
static void completions_box(struct ui *u, struct canvas *c, struct ui_rect status)
{
	size_t n = 0;
	int maxw = 0;
	for (; u->completions[n]; n++) {
		int l = ui_wrap_cells(u->completions[n]);
		if (l > maxw)
			maxw = l;
	}
	int colw = maxw + 2;
	int cols = (status.w - 2) / colw;
	if (cols < 1)
		cols = 1;
	int rows = ((int)n + cols - 1) / cols;
	int maxrows = 6;
	int shown = rows > maxrows ? maxrows : rows;
	int y0 = status.y - shown;
	fill(c, status.x, y0, status.w, shown, ROLE_LABEL);
	for (int i = 0; i < (int)n; i++) {
		int row = i % rows, col = i / rows;
		if (row >= shown)
			continue;
		text(c, status.x + 1 + col * colw, y0 + row, colw, u->completions[i], ROLE_LABEL);
	}
	if (rows > shown) {
		char more[48];
		snprintf(more, sizeof more, " (%zu candidates) ", n);
		text(c, status.x + status.w - (int)strlen(more), y0, (int)strlen(more), more,
		     ROLE_AXIS);
	}
}

static void msg_row(struct ui *u, struct canvas *c, struct ui_rect r)
{
	struct ui_prompt *p = &u->prompt;
	if (p->active) {
		int ll = ui_wrap_cells(p->label);
		text(c, r.x, r.y, r.w, p->label, ROLE_HIGHLIGHT);
		int room = r.w - ll - 1;
		if (room < 1)
			return;
		/* Scroll the line so the cursor stays visible. */
		const char *t = p->text ? p->text : "";
		char *before = xstrndup(t, (size_t)p->cursor);
		int cc = ui_wrap_cells(before);
		free(before);
		int skip = cc >= room ? cc - room + 1 : 0;
		const char *q = t;
		for (int k = 0; k < skip && *q; k++) {
			q++;
			while ((*q & 0xC0) == 0x80)
				q++;
		}
		text(c, r.x + ll, r.y, room, q, ROLE_LABEL);
		u->cursor_x = r.x + ll + cc - skip;
		u->cursor_y = r.y;
		return;
	}
	if (u->msg) {
		/* Only the first line fits here. */
		char *m = xstrdup(u->msg);
		char *nl = strchr(m, '\n');
		if (nl)
			*nl = '\0';
		text(c, r.x, r.y, r.w, m, u->msg_error ? ROLE_ERROR : ROLE_LABEL);
		free(m);
		return;
	}
	text(c, r.x, r.y, r.w,
	     u->busy.active ? "keys work while it computes; commands wait for it; Esc cancels"
	     : "space run/pause  n step  tab next pane  <- -> adjust  : command  ? keys  q quit",
	     ROLE_AXIS);
}

/* Lines in a centred framed box; two columns when they do not fit in one. */
static void overlay(struct ui *u, struct canvas *c, const char *title, char **lines, size_t n,
		    int *topp, int headings)
{
	int top = *topp;
	int maxw = 0;
	for (size_t i = 0; i < n; i++) {
		int l = ui_wrap_cells(lines[i]);
		if (l > maxw)
			maxw = l;
	}
	int avail_h = c->h - 4; /* box rows inside the body, frame included */
	int cols = 1;
	if ((int)n + 2 > avail_h && 2 * (maxw + 2) + 2 <= c->w - 2)
		cols = 2;
	int per = cols == 2 ? ((int)n + 1) / 2 : (int)n;
	int bh = per + 2 > avail_h ? avail_h : per + 2;
	int colw = maxw + 2;
	int bw = cols * colw + 2;
	const char *footer = per + 2 > bh ? "up/down scroll, other keys close" : "any key closes";
	if (bw < (int)strlen(title) + 6)
		bw = (int)strlen(title) + 6;
	if (bw < (int)strlen(footer) + 4)
		bw = (int)strlen(footer) + 4;
	if (bw > c->w - 2)
		bw = c->w - 2;
	struct ui_rect r = { (c->w - bw) / 2, 1 + (c->h - 3 - bh) / 2, bw, bh };
	box(u, c, r, title, 1);
	int rows = bh - 2;
	if (cols == 1) {
		if (top > (int)n - rows)
			top = (int)n - rows > 0 ? (int)n - rows : 0;
	} else {
		top = 0;
	}
	*topp = top;
	for (int col = 0; col < cols; col++)
		for (int row = 0; row < rows; row++) {
			size_t i = (size_t)(col * per + row + top);
			if (i >= n || (cols == 2 && row >= per))
				break;
			const char *l = lines[i];
			enum cell_role role = headings && l[0] != ' ' ? ROLE_TITLE : ROLE_LABEL;
			text(c, r.x + 2 + col * colw, r.y + 1 + row, colw - 1, l, role);
		}
	char f[128];
	snprintf(f, sizeof f, " %s ", footer);
	int fl = (int)strlen(f);
	text(c, r.x + r.w - 1 - fl, r.y + r.h - 1, fl, f, ROLE_AXIS);
}

static int same_layout(const struct ui_layout *a, const struct ui_layout *b)
{
	return memcmp(a, b, sizeof *a) == 0;
}

/* The chart panes while a step computes: the last frame's cells where the layout is the
 * same, else each frame with a note. */
static void lent_charts(struct ui *u, struct canvas *c, const struct ui_view_ctx *x)
{
	const struct ui_layout *l = &u->layout;
	int reuse = u->have_frame && same_layout(l, &u->frame_layout) && u->frame.w == c->w &&
		    u->frame.h == c->h;
	for (int i = 0; i < l->ncharts; i++) {
		struct ui_rect r = l->chart[i];
		if (r.w <= 0)
			continue;
		if (!reuse) {
			ui_view_note(x, c, r, i, session_view(u->s, (size_t)i), u->s->focus == i,
				     "computing a step...");
			continue;
		}
		for (int y = r.y; y < r.y + r.h; y++)
			memcpy(canvas_at(c, r.x, y), canvas_at(&u->frame, r.x, y),
			       (size_t)r.w * sizeof(struct cell));
	}
}

void ui_draw(struct ui *u, struct canvas *c, double now)
{
	struct session *s = u->s;
	canvas_clear(c);
	u->cursor_x = u->cursor_y = -1;
	u->now = now;
	int np = ui_npanes(u);
	int nparam = s->nruns ? (int)s->runs[0]->params.n : 0;
	if (s->focus >= 0 && s->focus < np)
		u->last_chart = s->focus;
	ui_layout_compute(&u->layout, c->w, c->h, np, nparam, s->focus, u->last_chart, s->zoom);
	struct ui_layout *l = &u->layout;
	if (l->too_small) {
		too_small(c);
		return;
	}
	int lent = u->busy.active && u->busy.lends_runs;
	if (!lent)
		stat_fill(u);
	if (l->title.w > 0)
		title_row(u, c, l->title);
	struct ui_view_ctx x = { .s = s, .ascii = u->ascii, .gen = u->gen, .now = now,
				 .busy = s->running || u->pending > 0 };
	if (lent) {
		lent_charts(u, c, &x);
	} else {
		for (int i = 0; i < l->ncharts; i++) {
			if (l->chart[i].w <= 0)
				continue;
			ui_view_draw(&x, c, l->chart[i], i, session_view(s, (size_t)i),
				     s->focus == i, &u->cache[i]);
		}
		canvas_resize(&u->frame, c->w, c->h);
		memcpy(u->frame.cells, c->cells, (size_t)c->w * (size_t)c->h * sizeof *c->cells);
		u->frame_layout = *l;
		u->have_frame = 1;
	}
	if (l->params.w > 0)
		params_pane(u, c, l->params, s->focus == np);
	if (l->info.w > 0)
		info_pane(u, c, l->info, s->focus == np + 1);
	status_row(u, c, l->status, now);
	msg_row(u, c, l->msg);
	if (u->prompt.active && u->completions && u->completions[0])
		completions_box(u, c, l->status);
	if (s->help) {
		char **lines = ui_keys_help_lines();
		size_t n = 0;
		while (lines[n])
			n++;
		overlay(u, c, "Keys", lines, n, &u->help_top, 1);
		ui_wrap_free(lines);
	} else if (u->out) {
		size_t n = 0;
		char **lines = ui_wrap_cached(&u->out_wrap, u->out, c->w - 10, &n);
		overlay(u, c, "Output", lines, n, &u->out_top, 0);
	}
}

void ui_refresh(struct ui *u, double now)
{
	struct session *s = u->s;
	if (u->busy.active || !s->nruns)
		return;
	u->now = now;
	int np = ui_npanes(u);
	struct ui_view_ctx x = { .s = s, .ascii = u->ascii, .gen = u->gen, .now = now,
				 .busy = s->running || u->pending > 0 };
	const struct ui_layout *l = &u->layout;
	for (int i = 0; i < np && !s->quit; i++) {
		/* Only the panes the last frame showed (all before the first frame). */
		if (l->w > 0 && !l->too_small && (i >= l->ncharts || l->chart[i].w <= 0))
			continue;
		const struct view_spec *v = session_view(s, (size_t)i);
		char label[80];
		snprintf(label, sizeof label, "pane %d", i + 1);
		const char *outer = u->label;
		u->label = label;
		u->busy.cancelled = 0;
		ui_view_refresh(&x, v, &u->cache[i]);
		u->label = outer;
		if (u->busy.cancelled)
			ui_message(u, 0, "cancelled after %.1f s: pane %d (%s); the next command "
				   "computes it again", u->busy.took, i + 1, v->dist);
		u->busy.cancelled = 0;
		x.gen = u->gen; /* a key during the computation may have run a command */
	}
}
