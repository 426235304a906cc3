/* ui: the explorer's behaviour without a terminal (see ui.h): keys -> commands, the prompt,
 * the parameter selection and scrolling, sliders, mouse clicks, messages and the output
 * overlay, pacing, and what keys do while a computation runs (busy). `step [N]` is queued
 * rather than run inside the key handler, so that N slow steps (or a `:step 100000`) run in
 * the loop's time slices with the screen live.
 * Limits: one session; command output longer than one line goes to an overlay that the
 * next key closes; the capture of command output is the only state a worker thread may
 * touch (a Lua game's print inside a job), under print_mu.
 * Neighbours: keys, cmd, session, pace, view, draw (ui_draw), tui. */
#include "ui/ui.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cmd.h"
#include "core/xmalloc.h"
#include "ui/keys.h"

#define STEP_MAX 100000000L /* as the command table's `step` */
#define UI_DIGITS 6         /* significant digits of describe's numbers on screen */
#define MSG_MAX 4096        /* bytes of a message kept: the line shows one screen width */

/* Replaces the output overlay's text (owned; NULL closes it). */
static void set_out(struct ui *u, char *text)
{
	free(u->out);
	u->out = text;
	u->out_top = 0;
	ui_wrap_cache_drop(&u->out_wrap);
}

static pthread_mutex_t print_mu = PTHREAD_MUTEX_INITIALIZER;

static void on_print(void *ctx, const char *text)
{
	struct ui *u = ctx;
	size_t n = strlen(text);
	pthread_mutex_lock(&print_mu);
	u->capture = xrealloc(u->capture, u->capture_len + n + 2);
	memcpy(u->capture + u->capture_len, text, n);
	u->capture_len += n;
	u->capture[u->capture_len] = '\0';
	pthread_mutex_unlock(&print_mu);
}

/* Takes the captured output (owned by the caller; NULL when none) and empties it. */
static char *take_capture(struct ui *u)
{
	pthread_mutex_lock(&print_mu);
	char *t = u->capture_len ? xstrdup(u->capture) : NULL;
	u->capture_len = 0;
	if (u->capture)
		u->capture[0] = '\0';
	pthread_mutex_unlock(&print_mu);
	return t;
}

void ui_init(struct ui *u, struct session *s, int ascii, double now)
{
	memset(u, 0, sizeof *u);
	u->s = s;
	u->ascii = ascii;
	u->now = now;
	u->cursor_x = u->cursor_y = -1;
	ui_pace_init(&u->pace, now);
	canvas_init(&u->frame, 1, 1);
	s->print = on_print;
	s->print_ctx = u;
	s->digits = UI_DIGITS;
	s->interactive = 1;
	s->dirty = 1;
}

static void free_queue(struct ui *u)
{
	for (size_t i = 0; i < u->nqueue; i++)
		free(u->queue[i]);
	free(u->queue);
	u->queue = NULL;
	u->nqueue = 0;
}

static void free_completions(struct ui *u)
{
	if (!u->completions)
		return;
	for (size_t i = 0; u->completions[i]; i++)
		free(u->completions[i]);
	free(u->completions);
	u->completions = NULL;
}

void ui_fini(struct ui *u)
{
	if (u->s && u->s->print == on_print) {
		u->s->print = NULL;
		u->s->print_ctx = NULL;
	}
	free(u->prompt.init);
	free(u->prompt.text);
	free(u->msg);
	set_out(u, NULL);
	ui_wrap_cache_drop(&u->info_wrap);
	free(u->capture);
	free_completions(u);
	free_queue(u);
	canvas_fini(&u->frame);
	for (int i = 0; i < UI_LAYOUT_MAX_CHARTS; i++)
		ui_view_cache_fini(&u->cache[i]);
	memset(u, 0, sizeof *u);
}

int ui_npanes(const struct ui *u)
{
	size_t n = session_nviews(u->s);
	if (n > UI_LAYOUT_MAX_CHARTS)
		n = UI_LAYOUT_MAX_CHARTS;
	if (n > SESSION_MAX_PANES)
		n = SESSION_MAX_PANES;
	return (int)n;
}

int ui_focus_scope(const struct ui *u)
{
	int np = ui_npanes(u);
	if (u->s->focus < np)
		return UI_KEYS_CHART;
	return u->s->focus == np ? UI_KEYS_PARAMS : UI_KEYS_INFO;
}

static int nparams(const struct ui *u)
{
	return u->s->nruns ? (int)u->s->runs[0]->params.n : 0;
}

void ui_message(struct ui *u, int error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap); /* before the free: an argument may be u->msg */
	va_end(ap);
	size_t len = strlen(msg);
	if (len > MSG_MAX) { /* cut on a UTF-8 boundary */
		len = MSG_MAX;
		while (len > 0 && ((unsigned char)msg[len] & 0xC0) == 0x80)
			len--;
		msg[len] = '\0';
	}
	free(u->msg);
	u->msg = msg;
	u->msg_error = error;
	u->s->dirty = 1;
}

static void clear_message(struct ui *u)
{
	free(u->msg);
	u->msg = NULL;
	u->msg_error = 0;
	free_completions(u);
}

/* An error's first line goes to the message line; a longer one (a Lua traceback) also
 * opens in the overlay, whole. */
static void show_error(struct ui *u, const char *prefix, const char *msg)
{
	const char *nl = strchr(msg, '\n');
	ui_message(u, 1, "%s%.*s", prefix, nl ? (int)(nl - msg) : (int)strlen(msg), msg);
	if (nl && nl[1])
		set_out(u, xstrdup(msg));
}

/* Keeps the focus and the selections inside what the (maybe new) scenario has. */
static void clamp_state(struct ui *u)
{
	int np = ui_npanes(u);
	if (u->s->focus < 0 || u->s->focus > np + 1)
		u->s->focus = 0;
	int n = nparams(u);
	if (u->param_sel >= n)
		u->param_sel = n > 0 ? n - 1 : 0;
	if (u->param_sel < 0)
		u->param_sel = 0;
}

/* `step` or `step N` with N a valid count: the count, else 0 (the command table then
 * parses it and reports any error). */
static long step_request(const char *line)
{
	while (*line == ' ' || *line == '\t')
		line++;
	if (strncmp(line, "step", 4) != 0)
		return 0;
	line += 4;
	if (*line && *line != ' ' && *line != '\t')
		return 0;
	char *end;
	errno = 0;
	long n = strtol(line, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	if (*end)
		return 0;
	if (end == line || strspn(line, " \t") == strlen(line))
		return 1;
	return errno == 0 && n >= 1 && n <= STEP_MAX ? n : 0;
}

/* A solve that did not converge at the step just reached (a step, or step 0 after a set,
 * reset or load): said on the message line, once (sim keeps the first such step). */
static void report_warning(struct ui *u)
{
	for (size_t i = 0; i < u->s->nruns; i++) {
		const struct sim *sim = u->s->runs[i];
		if (sim_warning(sim) && sim->warn_step == sim_n(sim))
			ui_message(u, 1, "warning: %s%s%s", u->s->nruns > 1 ?
				   lb_variant(u->s->scn, i)->label : "", u->s->nruns > 1 ? ": " : "",
				   sim_warning(sim));
	}
}

/* The command a line names (NULL when it names none). */
static const struct cmd *line_cmd(const char *line)
{
	char word[32];
	while (*line == ' ' || *line == '\t')
		line++;
	size_t n = strcspn(line, " \t");
	if (n == 0 || n >= sizeof word)
		return NULL;
	memcpy(word, line, n);
	word[n] = '\0';
	return cmd_find(word);
}

/* The parameter a `set NAME ...` line sets, into name (size bytes); 0 when it is not one. */
static int set_target(const char *line, char *name, size_t size)
{
	while (*line == ' ' || *line == '\t')
		line++;
	if (strncmp(line, "set", 3) != 0 || (line[3] != ' ' && line[3] != '\t'))
		return 0;
	line += 3;
	while (*line == ' ' || *line == '\t')
		line++;
	size_t n = strcspn(line, " \t=");
	if (n == 0 || n >= size)
		return 0;
	memcpy(name, line, n);
	name[n] = '\0';
	return 1;
}

/* Queues a line until the computation ends; a `set` replaces a queued `set` of the same
 * parameter (the last value wins). */
static void enqueue(struct ui *u, const char *line)
{
	char a[64], b[64];
	if (set_target(line, a, sizeof a))
		for (size_t i = 0; i < u->nqueue; i++)
			if (set_target(u->queue[i], b, sizeof b) && strcmp(a, b) == 0) {
				free(u->queue[i]);
				u->queue[i] = xstrdup(line);
				return;
			}
	u->queue = xreallocarray(u->queue, u->nqueue + 1, sizeof *u->queue);
	u->queue[u->nqueue++] = xstrdup(line);
	ui_message(u, 0, "queued until the computation ends (Esc cancels it): %s", line);
}

void ui_run_queue(struct ui *u)
{
	while (u->nqueue > 0 && !u->busy.active && !u->s->quit) {
		char *line = u->queue[0];
		memmove(u->queue, u->queue + 1, (u->nqueue - 1) * sizeof *u->queue);
		u->nqueue--;
		ui_exec(u, line);
		free(line);
	}
	if (u->nqueue == 0 && !u->busy.active)
		u->slide.on = 0;
}

int ui_exec(struct ui *u, const char *line)
{
	long req = step_request(line);
	if (req > 0) {
		clear_message(u);
		u->pending = u->pending > STEP_MAX - req ? STEP_MAX : u->pending + req;
		u->s->dirty = 1;
		return 0;
	}
	const struct cmd *c = line_cmd(line);
	int instant = c && c->instant;
	if (u->busy.active && !instant) {
		enqueue(u, line);
		return 0;
	}
	if (!instant)
		u->pending = 0;
	struct err e = { { 0 } };
	const struct lb_scenario *before = u->s->scn;
	const struct model *model_before = u->s->nruns ? u->s->runs[0]->model : NULL;
	int help_before = u->s->help;
	/* An instant command may run while another command waits for a computation: its
	 * output is its own. */
	char *outer = take_capture(u);
	const char *outer_label = u->label;
	clear_message(u);
	u->label = line;
	u->busy.cancelled = 0;
	int rc = cmd_exec(u->s, line, &e);
	u->label = outer_label;
	u->gen++;
	u->s->dirty = 1;
	if (u->s->scn != before) {
		/* A new scenario: selections and caches start over. */
		u->param_sel = u->param_top = u->info_top = 0;
		for (int i = 0; i < UI_LAYOUT_MAX_CHARTS; i++)
			ui_view_cache_fini(&u->cache[i]);
		ui_wrap_cache_drop(&u->info_wrap);
	}
	clamp_state(u);
	if (u->s->help && !help_before)
		u->help_top = 0;
	/* Output: one line becomes the message, more an overlay. */
	char *text = take_capture(u);
	if (outer)
		on_print(u, outer);
	free(outer);
	if (text) {
		size_t n = strlen(text);
		while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' '))
			text[--n] = '\0';
		if (n == 0) {
			free(text);
			text = NULL;
		}
	}
	if (text && strchr(text, '\n')) {
		set_out(u, text);
		text = NULL;
	}
	if (rc < 0 && u->busy.cancelled) {
		if (!u->busy.superseded)
			ui_message(u, 0, "cancelled after %.1f s, nothing changed: %s", u->busy.took,
				   line);
	} else if (rc < 0) {
		show_error(u, "", e.msg[0] ? e.msg : "command failed");
	} else {
		if (text)
			ui_message(u, 0, "%s", text);
		/* a set, seed, reset or load rebuilt the runs: a solve that did not converge
		 * outranks the command's confirmation */
		if (u->s->nruns > 0 && u->s->runs[0]->model != model_before)
			report_warning(u);
	}
	free(text);
	return rc;
}

void ui_busy_begin(struct ui *u, const struct session_job *j, double now)
{
	struct ui_busy *b = &u->busy;
	b->active = 1;
	b->t0 = now;
	b->cancellable = j->cancellable;
	b->lends_runs = j->lends_runs;
	b->cancel = b->superseded = b->cancelled = 0;
	snprintf(b->line, sizeof b->line, "%s", u->label ? u->label : "");
	snprintf(b->what, sizeof b->what, "%s%s%s", b->line, b->line[0] ? ": " : "",
		 j->what ? j->what : "computing");
	u->now = now;
	u->s->dirty = 1;
}

void ui_busy_end(struct ui *u, int cancelled, double now)
{
	struct ui_busy *b = &u->busy;
	b->active = 0;
	b->cancelled = cancelled;
	b->took = now - b->t0;
	b->cancel = 0;
	u->now = now;
	u->s->dirty = 1;
}

int ui_busy_cancel_wanted(const struct ui *u)
{
	return u->busy.active && u->busy.cancel && u->busy.cancellable;
}

/* Escape while a computation runs: cancel it, or for a step stop running after it. */
static void escape_busy(struct ui *u)
{
	if (u->busy.cancellable) {
		u->busy.cancel = 1;
		ui_message(u, 0, "cancelling: %s", u->busy.what);
	} else {
		u->s->running = 0;
		u->pending = 0;
		ui_message(u, 0, "stopping after this step");
	}
}

/* One slider step of the selected parameter: applied as `set NAME VALUE`; while a
 * computation runs, queued (replacing a queued value) and superseding a re-solve of the
 * same parameter. The next step starts from the value asked for, not the one shown. */
static void slide(struct ui *u, int dir)
{
	if (nparams(u) == 0)
		return;
	const char *name = u->s->runs[0]->params.spec[u->param_sel].name;
	const char *from = u->slide.on && !strcmp(u->slide.name, name) ? u->slide.val : NULL;
	char val[128];
	struct err e = { { 0 } };
	int rc = session_slide(u->s, name, dir, from, val, sizeof val, &e);
	if (rc != 0) {
		ui_message(u, rc < 0, "%s", e.msg);
		return;
	}
	char *line = xasprintf("set %s %s", name, val);
	u->slide.on = 1;
	snprintf(u->slide.name, sizeof u->slide.name, "%s", name);
	size_t n = strlen(val);
	if (n >= 2 && val[0] == '"') /* a choice: keep it as params_format_value writes it */
		snprintf(u->slide.val, sizeof u->slide.val, "%.*s", (int)(n - 2), val + 1);
	else
		snprintf(u->slide.val, sizeof u->slide.val, "%s", val);
	char target[64];
	if (u->busy.active && u->busy.cancellable &&
	    set_target(u->busy.line, target, sizeof target) && !strcmp(target, name)) {
		u->busy.cancel = u->busy.superseded = 1;
	}
	ui_exec(u, line);
	free(line);
	if (!u->busy.active && u->nqueue == 0)
		u->slide.on = 0;
}

enum ui_action ui_prompt_open(struct ui *u, enum ui_prompt_kind kind, const char *label,
			      const char *init)
{
	struct ui_prompt *p = &u->prompt;
	free(p->init);
	free(p->text);
	p->active = 1;
	p->kind = kind;
	snprintf(p->label, sizeof p->label, "%s", label);
	p->init = xstrdup(init ? init : "");
	p->text = xstrdup(p->init);
	p->cursor = (int)strlen(p->text);
	clear_message(u);
	u->s->dirty = 1;
	return UI_ACT_PROMPT;
}

void ui_prompt_update(struct ui *u, const char *text, int cursor)
{
	struct ui_prompt *p = &u->prompt;
	if (!text)
		text = "";
	if (!p->text || strcmp(p->text, text))
		free_completions(u); /* the candidates were for another line */
	free(p->text);
	p->text = xstrdup(text);
	int len = (int)strlen(p->text);
	p->cursor = cursor < 0 ? 0 : cursor > len ? len : cursor;
	u->s->dirty = 1;
}

static void close_prompt(struct ui *u)
{
	struct ui_prompt *p = &u->prompt;
	p->active = 0;
	free(p->init);
	free(p->text);
	p->init = p->text = NULL;
	p->cursor = 0;
	u->s->dirty = 1;
}

void ui_prompt_cancel(struct ui *u)
{
	close_prompt(u);
	clear_message(u);
}

static int blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t')
			return 0;
	return 1;
}

char *ui_prompt_accept(struct ui *u, const char *line)
{
	enum ui_prompt_kind kind = u->prompt.kind;
	char param[sizeof u->prompt.param];
	memcpy(param, u->prompt.param, sizeof param);
	close_prompt(u);
	if (!line || blank(line))
		return NULL;
	/* Without the surrounding blanks (completion appends one), for a tidy history. */
	while (*line == ' ' || *line == '\t')
		line++;
	size_t n = strlen(line);
	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t'))
		n--;
	char *cmd = kind == UI_PROMPT_PARAM ? xasprintf("set %s %.*s", param, (int)n, line)
					    : xstrndup(line, n);
	ui_exec(u, cmd);
	return cmd;
}

void ui_show_completions(struct ui *u, char *const *cands, size_t n)
{
	free_completions(u);
	u->completions = xcalloc(n + 1, sizeof *u->completions);
	for (size_t i = 0; i < n; i++)
		u->completions[i] = xstrdup(cands[i]);
	u->s->dirty = 1;
}

static enum ui_action edit_param(struct ui *u)
{
	if (nparams(u) == 0)
		return UI_ACT_NONE;
	const struct params *p = &u->s->runs[0]->params;
	const char *name = p->spec[u->param_sel].name;
	char *val = params_format_value(p, u->param_sel);
	char label[80];
	snprintf(label, sizeof label, "set %s ", name);
	enum ui_action a = ui_prompt_open(u, UI_PROMPT_PARAM, label, val);
	snprintf(u->prompt.param, sizeof u->prompt.param, "%s", name);
	free(val);
	return a;
}

/* Moves the parameter selection or scrolls the info pane. */
static void move(struct ui *u, enum ui_keys_action a, int scope)
{
	if (scope == UI_KEYS_PARAMS) {
		int n = nparams(u);
		int page = u->layout.params.h > 6 ? u->layout.params.h - 6 : 1;
		switch (a) {
		case UI_KEYS_UP: u->param_sel--; break;
		case UI_KEYS_DOWN: u->param_sel++; break;
		case UI_KEYS_PGUP: u->param_sel -= page; break;
		case UI_KEYS_PGDN: u->param_sel += page; break;
		case UI_KEYS_FIRST: u->param_sel = 0; break;
		case UI_KEYS_LAST: u->param_sel = n - 1; break;
		default: break;
		}
		if (u->param_sel >= n)
			u->param_sel = n - 1;
		if (u->param_sel < 0)
			u->param_sel = 0;
	} else if (scope == UI_KEYS_INFO) {
		int page = u->layout.info.h > 3 ? u->layout.info.h - 3 : 1;
		switch (a) {
		case UI_KEYS_UP: u->info_top--; break;
		case UI_KEYS_DOWN: u->info_top++; break;
		case UI_KEYS_PGUP: u->info_top -= page; break;
		case UI_KEYS_PGDN: u->info_top += page; break;
		case UI_KEYS_FIRST: u->info_top = 0; break;
		case UI_KEYS_LAST: u->info_top = 1 << 20; break; /* clamped when drawn */
		default: break;
		}
		if (u->info_top < 0)
			u->info_top = 0;
	}
	u->s->dirty = 1;
}

static int in_rect(struct ui_rect r, int x, int y)
{
	return r.w > 0 && x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
}

/* The kind of pane under the pointer (UI_KEYS_*), UI_KEYS_ANY on the status line, -1
 * elsewhere. */
static int pointer_scope(const struct ui *u)
{
	const struct ui_layout *l = &u->layout;
	int x = u->mouse_x, y = u->mouse_y;
	if (l->too_small)
		return -1;
	for (int i = 0; i < l->ncharts; i++)
		if (in_rect(l->chart[i], x, y))
			return UI_KEYS_CHART;
	if (in_rect(l->params, x, y))
		return UI_KEYS_PARAMS;
	if (in_rect(l->info, x, y))
		return UI_KEYS_INFO;
	if (in_rect(l->status, x, y))
		return UI_KEYS_ANY;
	return -1;
}

/* Selects the parameter on the row under the pointer, if any. 1 when one is there. */
static int point_param(struct ui *u)
{
	int row = u->mouse_y - (u->layout.params.y + 1) + u->param_top;
	if (u->mouse_y <= u->layout.params.y || row < u->param_top || row >= nparams(u) ||
	    u->mouse_y >= u->layout.params.y + 1 + u->param_rows)
		return 0;
	u->param_sel = row;
	u->s->dirty = 1;
	return 1;
}

/* A click: a status-line button presses its key; in a pane, focuses it (and selects the
 * parameter under the pointer). */
static enum ui_action click(struct ui *u)
{
	const struct ui_layout *l = &u->layout;
	int x = u->mouse_x, y = u->mouse_y;
	for (size_t i = 0; i < ui_nbuttons && i < sizeof u->button / sizeof u->button[0]; i++)
		if (in_rect(u->button[i], x, y))
			return ui_key(u, ui_buttons[i].key);
	int np = ui_npanes(u), pane = -1;
	for (int i = 0; i < l->ncharts && i < np; i++)
		if (in_rect(l->chart[i], x, y))
			pane = i;
	if (in_rect(l->params, x, y)) {
		pane = np;
		point_param(u);
	} else if (in_rect(l->info, x, y)) {
		pane = np + 1;
	}
	if (pane >= 0 && pane != u->s->focus) {
		char line[32];
		snprintf(line, sizeof line, "pane %d", pane + 1);
		ui_exec(u, line);
	}
	return UI_ACT_NONE;
}

enum ui_action ui_key(struct ui *u, int key)
{
	struct session *s = u->s;
	if (key == UI_KEY_RESIZE) {
		s->dirty = 1;
		return UI_ACT_NONE;
	}
	/* An overlay takes the next key: scrolling keys scroll the output, others close it. */
	if (s->help || u->out) {
		int *top = s->help ? &u->help_top : &u->out_top;
		switch (key) {
		case UI_KEY_UP:
		case UI_KEY_WHEEL_UP: *top = *top > 0 ? *top - 1 : 0; break;
		case UI_KEY_DOWN:
		case UI_KEY_WHEEL_DOWN: (*top)++; break;
		case UI_KEY_PGUP: *top = *top > 10 ? *top - 10 : 0; break;
		case UI_KEY_PGDN: *top += 10; break;
		default:
			if (s->help)
				s->help = 0;
			else
				set_out(u, NULL);
			break;
		}
		s->dirty = 1;
		return UI_ACT_NONE;
	}
	int scope = UI_KEY_IS_MOUSE(key) ? pointer_scope(u) : ui_focus_scope(u);
	if (scope < 0)
		return UI_ACT_NONE; /* the mouse outside any pane */
	const struct ui_binding *b = ui_keys_find(key, (enum ui_keys_scope)scope);
	if (!b) {
		char name[16];
		if (!UI_KEY_IS_MOUSE(key))
			ui_message(u, 0, "key %s does nothing here; ? lists the keys",
				   ui_keys_name(key, name, sizeof name));
		return UI_ACT_NONE;
	}
	if (UI_KEY_IS_MOUSE(key) && scope == UI_KEYS_PARAMS)
		point_param(u); /* the wheel adjusts the parameter under the pointer */
	switch (b->action) {
	case UI_KEYS_CMD:
		ui_exec(u, b->command);
		return s->quit ? UI_ACT_QUIT : UI_ACT_NONE;
	case UI_KEYS_PROMPT:
		return ui_prompt_open(u, UI_PROMPT_CMD, ":", "");
	case UI_KEYS_EDIT:
		return edit_param(u);
	case UI_KEYS_REDRAW:
		s->dirty = 1;
		return UI_ACT_REDRAW;
	case UI_KEYS_INC:
	case UI_KEYS_DEC:
		slide(u, b->action == UI_KEYS_INC ? 1 : -1);
		return UI_ACT_NONE;
	case UI_KEYS_CLICK:
		return click(u);
	case UI_KEYS_ESCAPE:
		if (u->busy.active)
			escape_busy(u);
		else
			clear_message(u);
		s->dirty = 1;
		return UI_ACT_NONE;
	default:
		move(u, b->action, scope);
		return UI_ACT_NONE;
	}
}

static double speed_now(const struct ui *u)
{
	int i = u->s->speed;
	if (i < 0 || i >= session_nspeeds)
		return 0;
	return session_speeds[i];
}

long ui_steps_due(struct ui *u, double now)
{
	u->now = now;
	if (u->pending > 0) {
		ui_pace_due(&u->pace, now, speed_now(u), 0); /* no run debt meanwhile */
		return u->pending;
	}
	return ui_pace_due(&u->pace, now, speed_now(u), u->s->running && !u->s->quit);
}

int ui_step(struct ui *u)
{
	struct err e = { { 0 } };
	struct session *s = u->s;
	char label[48];
	snprintf(label, sizeof label, "step %ld", s->nruns ? sim_n(s->runs[0]) + 1 : 0);
	const char *outer = u->label;
	u->label = label;
	int rc = session_step(s, &e);
	u->label = outer;
	if (rc < 0) {
		s->running = 0;
		u->pending = 0;
		u->gen++;
		show_error(u, "paused: ", e.msg[0] ? e.msg : "step failed");
		return -1;
	}
	char *out = take_capture(u);
	if (out) {
		/* A hook printed (through a command): its last line becomes the message. */
		size_t n = strlen(out);
		while (n > 0 && out[n - 1] == '\n')
			n--;
		size_t b = n;
		while (b > 0 && out[b - 1] != '\n')
			b--;
		if (n > b)
			ui_message(u, 0, "%.*s", (int)(n - b), out + b);
		free(out);
	}
	report_warning(u);
	if (s->conv_new) {
		s->conv_new = 0;
		if (s->running && s->autostop) {
			s->running = 0;
			ui_message(u, 0, "converged at step %ld (%s < %g): paused; `autostop off` "
				   "keeps running", s->conv_step, sim_convergence_name(s->runs[0]),
				   s->tol);
		}
	}
	s->dirty = 1;
	return 0;
}

void ui_steps_done(struct ui *u, long n, double now)
{
	u->now = now;
	if (u->pending > 0) {
		u->pending -= n < u->pending ? n : u->pending;
		if (u->pending == 0)
			u->gen++; /* the distributions of the last queued step are drawn at once */
	}
	ui_pace_done(&u->pace, n, now);
}

double ui_wait(const struct ui *u)
{
	if (u->pending > 0)
		return 0;
	return ui_pace_wait(&u->pace, speed_now(u), u->s->running);
}
