/* ui: the explorer's behaviour without a terminal (see ui.h): keys -> commands, the prompt,
 * the parameter selection and scrolling, messages and the output overlay, pacing. `step
 * [N]` is queued rather than run inside the key handler, so that N slow steps (or a
 * `:step 100000`) run in the loop's time slices with the screen live.
 * Limits: one session; command output longer than one line goes to an overlay that the
 * next key closes. Neighbours: keys, cmd, session, pace, draw (ui_draw), tui. */
#include "ui/ui.h"

#include <errno.h>
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

static void on_print(void *ctx, const char *text)
{
	struct ui *u = ctx;
	size_t n = strlen(text);
	u->capture = xrealloc(u->capture, u->capture_len + n + 2);
	memcpy(u->capture + u->capture_len, text, n);
	u->capture_len += n;
	u->capture[u->capture_len] = '\0';
}

void ui_init(struct ui *u, struct session *s, int ascii, double now)
{
	memset(u, 0, sizeof *u);
	u->s = s;
	u->ascii = ascii;
	u->now = now;
	u->cursor_x = u->cursor_y = -1;
	ui_pace_init(&u->pace, now);
	s->print = on_print;
	s->print_ctx = u;
	s->digits = UI_DIGITS;
	s->interactive = 1;
	s->dirty = 1;
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

int ui_exec(struct ui *u, const char *line)
{
	long req = step_request(line);
	if (req > 0) {
		clear_message(u);
		u->pending = u->pending > STEP_MAX - req ? STEP_MAX : u->pending + req;
		u->s->dirty = 1;
		return 0;
	}
	u->pending = 0;
	struct err e = { { 0 } };
	const struct lb_scenario *before = u->s->scn;
	const struct model *model_before = u->s->nruns ? u->s->runs[0]->model : NULL;
	int help_before = u->s->help;
	u->capture_len = 0;
	if (u->capture)
		u->capture[0] = '\0';
	clear_message(u);
	int rc = cmd_exec(u->s, line, &e);
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
	char *text = u->capture_len ? xstrdup(u->capture) : NULL;
	u->capture_len = 0; /* taken: the next step's hook output starts afresh */
	if (u->capture)
		u->capture[0] = '\0';
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
	if (rc < 0) {
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
		case UI_KEY_UP: *top = *top > 0 ? *top - 1 : 0; break;
		case UI_KEY_DOWN: (*top)++; break;
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
	if (key == UI_KEY_ESC) {
		clear_message(u);
		s->dirty = 1;
		return UI_ACT_NONE;
	}
	int scope = ui_focus_scope(u);
	const struct ui_binding *b = ui_keys_find(key, (enum ui_keys_scope)scope);
	if (!b) {
		char name[16];
		ui_message(u, 0, "key %s does nothing here; ? lists the keys",
			   ui_keys_name(key, name, sizeof name));
		return UI_ACT_NONE;
	}
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
	if (session_step(u->s, &e) < 0) {
		u->s->running = 0;
		u->pending = 0;
		u->gen++;
		show_error(u, "paused: ", e.msg[0] ? e.msg : "step failed");
		return -1;
	}
	if (u->capture_len) {
		/* A hook printed (through a command): its last line becomes the message. */
		size_t n = u->capture_len;
		while (n > 0 && u->capture[n - 1] == '\n')
			n--;
		size_t b = n;
		while (b > 0 && u->capture[b - 1] != '\n')
			b--;
		if (n > b)
			ui_message(u, 0, "%.*s", (int)(n - b), u->capture + b);
		u->capture_len = 0;
		u->capture[0] = '\0';
	}
	report_warning(u);
	u->s->dirty = 1;
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
