/* Tests of the explorer's curses-free half: layout rectangles, the key table against the
 * command table, word wrapping, pacing, and whole screens of a fixed session (a Lua duopoly
 * fixture) drawn into a canvas and compared with goldens in tests/ui/golden (regenerate with
 * TATON_UPDATE_GOLDEN=1 make check TESTS=tests/ui/test_ui). */
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "chart/canvas.h"
#include "chart/chart.h"
#include "cli/cmd.h"
#include "cli/session.h"
#include "core/xmalloc.h"
#include "ui/keys.h"
#include "ui/layout.h"
#include "ui/pace.h"
#include "ui/ui.h"
#include "ui/reflow.h"
#include "ui/view.h"
#include "ui/worker.h"
#include "ui/wrap.h"
#include "core/cancel.h"
#include "tests/testutil.h"

static void rect_eq(struct ui_rect r, int x, int y, int w, int h)
{
	assert_int_equal(r.x, x);
	assert_int_equal(r.y, y);
	assert_int_equal(r.w, w);
	assert_int_equal(r.h, h);
}

/* ---- layout ------------------------------------------------------------------------------ */

static void test_layout_120x40(void **state)
{
	struct ui_layout l;
	ui_layout_compute(&l, 120, 40, 3, 2, 0, 0, 0);
	assert_false(l.too_small);
	assert_int_equal(l.zoomed, -1);
	rect_eq(l.title, 0, 0, 120, 1);
	rect_eq(l.status, 0, 38, 120, 1);
	rect_eq(l.msg, 0, 39, 120, 1);
	/* side bar: 30% of 120 = 36 columns; parameters: 2 rows + 5 */
	rect_eq(l.params, 84, 1, 36, 7);
	rect_eq(l.info, 84, 8, 36, 30);
	/* three charts in 84x37: two columns, the last row stretched */
	assert_int_equal(l.ncharts, 3);
	rect_eq(l.chart[0], 0, 1, 42, 19);
	rect_eq(l.chart[1], 42, 1, 42, 19);
	rect_eq(l.chart[2], 0, 20, 84, 18);
}

static void test_layout_80x24_four(void **state)
{
	struct ui_layout l;
	ui_layout_compute(&l, 80, 24, 4, 30, 0, 0, 0);
	assert_false(l.too_small);
	rect_eq(l.chart[0], 0, 1, 25, 11);
	rect_eq(l.chart[1], 25, 1, 25, 11);
	rect_eq(l.chart[2], 0, 12, 25, 10);
	rect_eq(l.chart[3], 25, 12, 25, 10);
	/* many parameters: at most 3/5 of the body */
	rect_eq(l.params, 50, 1, 30, 12);
	rect_eq(l.info, 50, 13, 30, 9);
}

static void test_layout_small_and_zoom(void **state)
{
	struct ui_layout l;
	/* below 80x24: the focused pane alone over the status and message lines */
	ui_layout_compute(&l, 79, 24, 2, 2, 1, 1, 0);
	assert_false(l.too_small);
	assert_true(l.compact);
	rect_eq(l.chart[1], 0, 0, 79, 22);
	rect_eq(l.chart[0], 0, 0, 0, 0);
	rect_eq(l.status, 0, 22, 79, 1);
	rect_eq(l.msg, 0, 23, 79, 1);
	assert_int_equal(l.title.w, 0);
	assert_int_equal(l.params.w, 0);
	ui_layout_compute(&l, 60, 20, 2, 2, 2, 0, 0); /* the parameter pane has the focus */
	assert_true(l.compact);
	rect_eq(l.params, 0, 0, 60, 18);
	assert_int_equal(l.chart[0].w, 0);
	ui_layout_compute(&l, 80, 23, 2, 2, 3, 0, 0);
	rect_eq(l.info, 0, 0, 80, 21);
	ui_layout_compute(&l, 29, 20, 2, 2, 0, 0, 0);
	assert_true(l.too_small);
	ui_layout_compute(&l, 60, 7, 2, 2, 0, 0, 0);
	assert_true(l.too_small);
	ui_layout_compute(&l, 80, 24, 2, 2, 1, 1, 1);
	assert_false(l.too_small);
	assert_int_equal(l.zoomed, 1);
	rect_eq(l.chart[1], 0, 1, 80, 21);
	rect_eq(l.chart[0], 0, 0, 0, 0);
	assert_int_equal(l.params.w, 0);
	assert_int_equal(l.info.w, 0);
}

/* Six charts at 100x30: six panes 9 rows tall (3 rows of plot) would be too short, so a
 * page of four 13-row panes holds the focused chart; the last page ends with the last. */
static void test_layout_pages(void **state)
{
	struct ui_layout l;
	ui_layout_compute(&l, 100, 30, 6, 21, 0, 0, 0);
	/* chart area 70x27: two columns of two rows */
	assert_int_equal(l.nshown, 4);
	assert_int_equal(l.first, 0);
	rect_eq(l.chart[0], 0, 1, 35, 14);
	rect_eq(l.chart[3], 35, 15, 35, 13);
	assert_int_equal(l.chart[4].w, 0);
	assert_int_equal(l.chart[5].w, 0);
	ui_layout_compute(&l, 100, 30, 6, 21, 5, 5, 0);
	assert_int_equal(l.first, 2);
	assert_int_equal(l.chart[0].w, 0);
	rect_eq(l.chart[5], 35, 15, 35, 13);
	/* the parameter pane has the focus: the page of the chart focused last stays */
	ui_layout_compute(&l, 100, 30, 6, 21, 6, 4, 0);
	assert_int_equal(l.first, 2);
	/* 120x40 has room for all six (12 rows each) */
	ui_layout_compute(&l, 120, 40, 6, 21, 0, 0, 0);
	assert_int_equal(l.nshown, 6);
	for (int i = 0; i < 6; i++)
		assert_true(l.chart[i].h >= UI_LAYOUT_MIN_PANE_H);
}

/* ---- keys -------------------------------------------------------------------------------- */

static void test_keys_bound_to_real_commands(void **state)
{
	int ncmd = 0;
	for (size_t i = 0; i < ui_keys_count; i++) {
		const struct ui_binding *b = &ui_keys_table[i];
		assert_non_null(b->help);
		if (b->action != UI_KEYS_CMD)
			continue;
		char word[32];
		size_t n = strcspn(b->command, " ");
		assert_true(n < sizeof word);
		memcpy(word, b->command, n);
		word[n] = '\0';
		if (!cmd_find(word))
			fail_msg("key command '%s' is not in the command table", b->command);
		ncmd++;
	}
	assert_true(ncmd >= 13);
}

static void test_keys_find(void **state)
{
	const struct ui_binding *b = ui_keys_find(' ', UI_KEYS_CHART);
	assert_non_null(b);
	assert_string_equal(b->command, "toggle");
	b = ui_keys_find('N', UI_KEYS_INFO);
	assert_string_equal(b->command, "step 10");
	b = ui_keys_find(UI_KEY_UP, UI_KEYS_PARAMS);
	assert_int_equal(b->action, UI_KEYS_UP);
	assert_null(ui_keys_find(UI_KEY_UP, UI_KEYS_CHART));
	b = ui_keys_find('e', UI_KEYS_PARAMS);
	assert_int_equal(b->action, UI_KEYS_EDIT);
	assert_null(ui_keys_find('e', UI_KEYS_CHART));
	b = ui_keys_find(':', UI_KEYS_ANY);
	assert_int_equal(b->action, UI_KEYS_PROMPT);
	char buf[16];
	assert_string_equal(ui_keys_name(' ', buf, sizeof buf), "space");
	assert_string_equal(ui_keys_name(UI_KEY_BTAB, buf, sizeof buf), "shift-tab");
	assert_string_equal(ui_keys_name('?', buf, sizeof buf), "?");
	assert_string_equal(ui_keys_name(3, buf, sizeof buf), "ctrl-C");
}

static void test_keys_help_lists_every_key(void **state)
{
	char **lines = ui_keys_help_lines();
	size_t total = 0;
	for (size_t i = 0; lines[i]; i++)
		total += strlen(lines[i]) + 1;
	char *all = xcalloc(total + 1, 1);
	for (size_t i = 0; lines[i]; i++) {
		strcat(all, lines[i]);
		strcat(all, "\n");
	}
	for (size_t i = 0; i < ui_keys_count; i++) {
		char name[16];
		ui_keys_name(ui_keys_table[i].key, name, sizeof name);
		if (!strstr(all, name))
			fail_msg("key %s missing from the help", name);
		if (!strstr(all, ui_keys_table[i].help))
			fail_msg("help '%s' missing", ui_keys_table[i].help);
	}
	/* merged bindings share a line */
	assert_non_null(strstr(all, "  +/=         speed +        faster\n"));
	assert_non_null(strstr(all, "  space       toggle         run / pause\n"));
	assert_non_null(strstr(all, "In the parameter pane\n"));
	free(all);
	ui_wrap_free(lines);
}

/* ---- wrap -------------------------------------------------------------------------------- */

static void test_wrap(void **state)
{
	size_t n;
	char **l = ui_wrap("WHAT IS IT\n  two firms choose quantities\n\n"
			   "  - a bullet that wraps nicely\nsupercalifragilistic\n\n\n",
			   16, &n);
	const char *want[] = {
		"WHAT IS IT",
		"  two firms",
		"  choose",
		"  quantities",
		"",
		"  - a bullet",
		"    that wraps",
		"    nicely",
		"supercalifragili",
		"stic",
	};
	assert_int_equal(n, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(l[i], want[i]);
	assert_null(l[n]);
	ui_wrap_free(l);
	/* code points, not bytes */
	l = ui_wrap("\xce\xb3(z) \xce\xb3(z) \xce\xb3(z)", 9, &n);
	assert_int_equal(n, 2);
	assert_string_equal(l[0], "\xce\xb3(z) \xce\xb3(z)");
	assert_int_equal(ui_wrap_cells(l[0]), 9);
	ui_wrap_free(l);
	l = ui_wrap("", 10, &n);
	assert_int_equal(n, 0);
	assert_null(l[0]);
	ui_wrap_free(l);
}

/* ---- pace -------------------------------------------------------------------------------- */

static void test_pace(void **state)
{
	struct ui_pace p;
	ui_pace_init(&p, 100.0);
	assert_int_equal(ui_pace_due(&p, 100.0, 10, 0), 0);
	assert_true(ui_pace_wait(&p, 10, 0) > 1e6);
	/* starting: one step at once */
	assert_int_equal(ui_pace_due(&p, 100.0, 10, 1), 1);
	ui_pace_done(&p, 1, 100.0);
	assert_int_equal(ui_pace_due(&p, 100.05, 10, 1), 0);
	assert_true(fabs(ui_pace_wait(&p, 10, 1) - 0.05) < 1e-9);
	assert_int_equal(ui_pace_due(&p, 100.1, 10, 1), 1);
	ui_pace_done(&p, 1, 100.1);
	/* a long stall leaves at most a fifth of a second of debt */
	assert_int_equal(ui_pace_due(&p, 110.0, 100, 1), 20);
	ui_pace_done(&p, 20, 110.0);
	/* full speed: no limit from the pacer */
	assert_int_equal(ui_pace_due(&p, 110.0, 0, 1), LONG_MAX);
	assert_true(ui_pace_wait(&p, 0, 1) == 0);
	/* the measured rate: 22 steps between 100 and 110 s */
	assert_true(fabs(p.rate - 22 / 10.0) < 1e-9);
	ui_pace_done(&p, 50, 110.5);
	assert_true(fabs(ui_pace_rate(&p, 110.5) - 100.0) < 1e-9);
	/* pausing drops the debt */
	assert_int_equal(ui_pace_due(&p, 111.0, 10, 0), 0);
	assert_true(ui_pace_rate(&p, 112.0) == 0);
}

/* ---- screens of a fixed session ------------------------------------------------------------ */

struct fix {
	struct session s;
	struct ui u;
	struct canvas c;
};

static struct fix *fix_new(const char *scenario)
{
	struct fix *f = xcalloc(1, sizeof *f);
	session_init(&f->s, tu_srcdir());
	char *path = xasprintf("%s/tests/ui/fixtures/%s", tu_srcdir(), scenario);
	struct err e = { { 0 } };
	if (session_load(&f->s, path, &e) < 0)
		fail_msg("loading %s: %s", path, e.msg);
	free(path);
	ui_init(&f->u, &f->s, 0, 0.0);
	canvas_init(&f->c, 100, 30);
	return f;
}

static void fix_free(struct fix *f)
{
	canvas_fini(&f->c);
	ui_fini(&f->u);
	session_fini(&f->s);
	free(f);
}

/* Runs the queued `step` requests as the terminal loop would. */
static void drain(struct fix *f)
{
	long due;
	while (f->u.pending > 0 && (due = ui_steps_due(&f->u, 0.0)) > 0) {
		long k = 0;
		while (k < due && ui_step(&f->u) == 0)
			k++;
		ui_steps_done(&f->u, k, 0.0);
		if (k < due)
			break;
	}
}

/* A frame as the terminal loop draws it: the distributions refreshed first. */
static char *screen(struct fix *f, int w, int h)
{
	canvas_resize(&f->c, w, h);
	ui_refresh(&f->u, 0.0);
	ui_draw(&f->u, &f->c, 0.0);
	return canvas_to_text(&f->c);
}

static void test_screen_golden(void **state)
{
	struct fix *f = fix_new("duopoly.lua");
	assert_int_equal(ui_key(&f->u, 'n'), UI_ACT_NONE);
	assert_int_equal(ui_key(&f->u, 'n'), UI_ACT_NONE);
	assert_int_equal(ui_key(&f->u, 'n'), UI_ACT_NONE);
	drain(f);
	char *t = screen(f, 100, 30);
	assert_true(tu_contains(t, " paused | step 3 | speed 10/s | step_change 0.75 | dynamics: cournot"));
	assert_true(tu_contains(t, "Duopoly (explorer test)"));
	assert_true(tu_contains(t, "1 Distance to equilibrium [log]"));
	assert_true(tu_contains(t, "> c 1"));
	assert_true(tu_contains(t, "  k 7"));
	tu_golden("tests/ui/golden/duopoly_100x30.txt", t);
	free(t);
	/* ASCII: nothing outside ASCII */
	f->u.ascii = 1;
	canvas_resize(&f->c, 100, 30);
	ui_draw(&f->u, &f->c, 0.0);
	for (int i = 0; i < f->c.w * f->c.h; i++)
		if (f->c.cells[i].cp >= 128)
			fail_msg("non-ASCII U+%04X at %d,%d", (unsigned)f->c.cells[i].cp,
				 i % f->c.w, i / f->c.w);
	t = canvas_to_text(&f->c);
	tu_golden("tests/ui/golden/duopoly_100x30_ascii.txt", t);
	free(t);
	fix_free(f);
}

static void test_too_small(void **state)
{
	struct fix *f = fix_new("duopoly.lua");
	char *t = screen(f, 20, 6);
	assert_true(tu_contains(t, "too small: need 30x8"));
	assert_true(tu_contains(t, "now 20x6; q quits"));
	assert_false(tu_contains(t, "Duopoly"));
	free(t);
	/* 60x20: the focused chart and the status line, nothing else */
	t = screen(f, 60, 20);
	assert_false(tu_contains(t, "too small"));
	assert_true(tu_contains(t, "1 Distance to equilibrium [log]"));
	assert_false(tu_contains(t, "2 Price"));
	assert_false(tu_contains(t, "Parameters"));
	assert_true(tu_contains(t, "\n paused | step 0 |"));
	free(t);
	ui_exec(&f->u, "pane 2");
	t = screen(f, 60, 20);
	assert_true(tu_contains(t, "2 Price"));
	assert_false(tu_contains(t, "1 Distance"));
	free(t);
	t = screen(f, 80, 24);
	assert_false(tu_contains(t, "too small"));
	assert_true(tu_contains(t, "Duopoly"));
	free(t);
	fix_free(f);
}

static void test_keys_drive_the_session(void **state)
{
	struct fix *f = fix_new("duopoly.lua");
	struct session *s = &f->s;
	ui_key(&f->u, 'n');
	/* steps are queued for the loop's time slices */
	assert_int_equal(sim_n(s->runs[0]), 0);
	assert_int_equal(f->u.pending, 1);
	drain(f);
	assert_int_equal(sim_n(s->runs[0]), 1);
	ui_key(&f->u, 'N');
	assert_int_equal(f->u.pending, 10);
	char *t = screen(f, 100, 30);
	assert_true(tu_contains(t, " STEPPING (10 to go) | step 1 |"));
	free(t);
	drain(f);
	assert_int_equal(sim_n(s->runs[0]), 11);
	/* another command drops what is queued */
	ui_exec(&f->u, "step 1000");
	assert_int_equal(ui_steps_due(&f->u, 0.0), 1000);
	ui_key(&f->u, 'r');
	assert_int_equal(f->u.pending, 0);
	assert_int_equal(ui_steps_due(&f->u, 0.0), 0);
	/* bad counts go to the command table, which says why */
	assert_int_equal(ui_exec(&f->u, "step 0"), -1);
	assert_true(f->u.msg_error && tu_contains(f->u.msg, "step count"));
	assert_int_equal(ui_exec(&f->u, "step x"), -1);
	assert_int_equal(ui_exec(&f->u, "step 2 3"), -1);
	assert_int_equal(f->u.pending, 0);
	assert_int_equal(ui_exec(&f->u, "  step   2 "), 0);
	assert_int_equal(f->u.pending, 2);
	ui_key(&f->u, 'r');
	assert_int_equal(sim_n(s->runs[0]), 0);
	ui_key(&f->u, ' ');
	assert_true(s->running);
	ui_key(&f->u, ' ');
	assert_false(s->running);
	int sp = s->speed;
	ui_key(&f->u, '+');
	assert_int_equal(s->speed, sp + 1);
	ui_key(&f->u, '-');
	assert_int_equal(s->speed, sp);
	ui_key(&f->u, 'd');
	char dyn[64];
	learn_format(&s->runs[0]->spec, dyn, sizeof dyn);
	assert_string_not_equal(dyn, "cournot");
	/* tab walks the charts, then the parameters, then the info pane */
	for (int i = 0; i < 3; i++) {
		assert_int_equal(ui_focus_scope(&f->u), UI_KEYS_CHART);
		ui_key(&f->u, UI_KEY_TAB);
	}
	assert_int_equal(ui_focus_scope(&f->u), UI_KEYS_PARAMS);
	ui_key(&f->u, UI_KEY_TAB);
	assert_int_equal(ui_focus_scope(&f->u), UI_KEYS_INFO);
	ui_key(&f->u, UI_KEY_BTAB);
	assert_int_equal(ui_focus_scope(&f->u), UI_KEYS_PARAMS);
	/* an unbound key says so */
	ui_key(&f->u, 'x');
	assert_non_null(f->u.msg);
	assert_true(tu_contains(f->u.msg, "key x does nothing"));
	assert_int_equal(ui_key(&f->u, 'q'), UI_ACT_QUIT);
	fix_free(f);
}

static void test_param_edit(void **state)
{
	struct fix *f = fix_new("duopoly.lua");
	struct session *s = &f->s;
	ui_key(&f->u, 'n');
	drain(f);
	assert_int_equal(sim_n(s->runs[0]), 1);
	ui_exec(&f->u, "pane 4"); /* the parameter pane (three charts before it) */
	assert_int_equal(ui_focus_scope(&f->u), UI_KEYS_PARAMS);
	ui_key(&f->u, UI_KEY_DOWN);
	assert_int_equal(f->u.param_sel, 1);
	ui_key(&f->u, UI_KEY_DOWN);
	assert_int_equal(f->u.param_sel, 1); /* stays on the last one */
	assert_int_equal(ui_key(&f->u, UI_KEY_ENTER), UI_ACT_PROMPT);
	assert_true(f->u.prompt.active);
	assert_int_equal(f->u.prompt.kind, UI_PROMPT_PARAM);
	assert_string_equal(f->u.prompt.label, "set k ");
	assert_string_equal(f->u.prompt.text, "7");
	char *t = screen(f, 100, 30);
	assert_true(tu_contains(t, "\nset k 7\n"));
	assert_int_equal(f->u.cursor_y, 29);
	assert_int_equal(f->u.cursor_x, 7);
	free(t);
	char *h = ui_prompt_accept(&f->u, " 7.5 ");
	assert_string_equal(h, "set k 7.5");
	free(h);
	assert_false(f->u.prompt.active);
	assert_true(params_num(&s->runs[0]->params, "k") == 7.5);
	assert_int_equal(sim_n(s->runs[0]), 0); /* set resets */
	assert_false(f->u.msg_error);
	t = screen(f, 100, 30);
	assert_true(tu_contains(t, "> k 7.5"));
	assert_true(tu_contains(t, "\nk = 7.5\n"));
	free(t);
	/* a bad value: the reason is shown, nothing changes */
	ui_key(&f->u, 'e');
	h = ui_prompt_accept(&f->u, "100");
	free(h);
	assert_true(f->u.msg_error);
	assert_true(tu_contains(f->u.msg, "k"));
	assert_true(tu_contains(f->u.msg, "8.5"));
	assert_true(params_num(&s->runs[0]->params, "k") == 7.5);
	t = screen(f, 100, 30);
	assert_true(tu_contains(t, "> k 7.5"));
	free(t);
	/* the command prompt */
	assert_int_equal(ui_key(&f->u, ':'), UI_ACT_PROMPT);
	assert_int_equal(f->u.prompt.kind, UI_PROMPT_CMD);
	ui_prompt_update(&f->u, "set c 2", 7);
	h = ui_prompt_accept(&f->u, "set c 2");
	assert_string_equal(h, "set c 2");
	free(h);
	assert_true(params_num(&s->runs[0]->params, "c") == 2);
	/* an empty line is not kept */
	ui_key(&f->u, ':');
	assert_null(ui_prompt_accept(&f->u, "  "));
	ui_key(&f->u, ':');
	ui_prompt_cancel(&f->u);
	assert_false(f->u.prompt.active);
	fix_free(f);
}

static void test_help_overlay(void **state)
{
	struct fix *f = fix_new("duopoly.lua");
	ui_key(&f->u, '?');
	assert_true(f->s.help);
	char *t = screen(f, 120, 40);
	assert_true(tu_contains(t, " Keys "));
	assert_true(tu_contains(t, "space       toggle         run / pause"));
	assert_true(tu_contains(t, "q/F10       quit"));
	assert_true(tu_contains(t, "any key closes"));
	free(t);
	/* at 80x24 it does not fit: it scrolls */
	t = screen(f, 80, 24);
	assert_true(tu_contains(t, "up/down scroll"));
	free(t);
	ui_key(&f->u, UI_KEY_DOWN);
	assert_true(f->s.help);
	assert_int_equal(f->u.help_top, 1);
	ui_key(&f->u, 'x'); /* any other key closes, and does nothing else */
	assert_false(f->s.help);
	assert_null(f->u.msg);
	/* a command's multi-line output opens the output overlay */
	ui_exec(&f->u, "params");
	assert_non_null(f->u.out);
	t = screen(f, 120, 40);
	assert_true(tu_contains(t, " Output "));
	assert_true(tu_contains(t, "k = 7"));
	free(t);
	ui_key(&f->u, UI_KEY_ESC);
	assert_null(f->u.out);
	fix_free(f);
}

/* The explorer's describe rounds numbers to 6 significant digits (headless describe is
 * exact) and says which step it describes. */
static void test_describe_rounded(void **state)
{
	struct fix *f = xcalloc(1, sizeof *f);
	session_init(&f->s, tu_srcdir());
	struct err e = { { 0 } };
	char *path = tu_srcpath("scenarios/mfg_bank.lua");
	if (session_load(&f->s, path, &e) < 0)
		fail_msg("loading %s: %s", path, e.msg);
	free(path);
	ui_init(&f->u, &f->s, 0, 0.0);
	canvas_init(&f->c, 100, 30);
	ui_exec(&f->u, "describe");
	assert_non_null(f->u.out);
	assert_true(tu_contains(f->u.out, "state: step 0\n"));
	assert_true(tu_contains(f->u.out, "L (lowest budget that may bid k) = 3.19048\n"));
	assert_true(tu_contains(f->u.out, "bid_set = {{3.19048, inf}}\n"));
	assert_false(tu_contains(f->u.out, "3.1904761904761907"));
	/* a solve that stops without converging is reported on the message line when it
	 * happens (loan, k = 6, alpha = 3, beta = 0.995: the belief iteration behind the
	 * agents' equilibrium policy cycles and stops at its cap when the run restarts) */
	ui_exec(&f->u, "set variant loan");
	ui_exec(&f->u, "set k 6");
	ui_exec(&f->u, "set alpha 3");
	ui_exec(&f->u, "set h 0.25");
	ui_exec(&f->u, "set agents 100");
	ui_exec(&f->u, "set agents_mode equilibrium");
	assert_string_equal(f->u.msg, "agents_mode = equilibrium"); /* beta 0.95 converges */
	assert_false(f->u.msg_error);
	ui_exec(&f->u, "set beta 0.995");
	assert_non_null(f->u.msg);
	assert_true(tu_contains(f->u.msg, "warning: step 0: belief did not converge"));
	assert_true(f->u.msg_error);
	ui_message(&f->u, 0, "%s", "-");
	assert_int_equal(ui_step(&f->u), 0);
	assert_string_equal(f->u.msg, "-"); /* said once */
	fix_free(f);
}

static void test_hook_error_pauses(void **state)
{
	struct fix *f = fix_new("hook_error.lua");
	ui_key(&f->u, ' ');
	assert_true(f->s.running);
	int rc = 0, i;
	for (i = 0; i < 10 && rc == 0; i++)
		rc = ui_step(&f->u);
	assert_int_equal(rc, -1);
	assert_int_equal(i, 3);
	assert_false(f->s.running);
	assert_true(f->u.msg_error);
	assert_true(tu_contains(f->u.msg, "paused: "));
	assert_true(tu_contains(f->u.msg, "hook_error.lua:7: boom at step 3"));
	fix_free(f);
}

/* ---- views against an x series; views of a grid distribution ------------------------------ */

#define PW 60 /* pane size */
#define PH 18

/* Draws view v alone into c (PW x PH, pane 0). */
static void draw_pane(struct session *s, const struct view_spec *v, struct canvas *c,
		      int ascii)
{
	struct ui_view_cache cache;
	struct ui_view_ctx x = {.s = s, .ascii = ascii, .gen = 1, .now = 0};
	memset(&cache, 0, sizeof cache);
	canvas_resize(c, PW, PH);
	ui_view_refresh(&x, v, &cache);
	ui_view_draw(&x, c, (struct ui_rect){0, 0, PW, PH}, 0, v, 0, &cache);
	ui_view_cache_fini(&cache);
}

/* The inside of a pane (the chart without the frame) as text. */
static char *pane_inside(const struct canvas *c)
{
	struct canvas in;
	canvas_init(&in, c->w - 2, c->h - 2);
	for (int y = 0; y < in.h; y++)
		for (int x = 0; x < in.w; x++)
			*canvas_at(&in, x, y) = c->cells[(y + 1) * c->w + x + 1];
	char *t = canvas_to_text(&in);
	canvas_fini(&in);
	return t;
}

/* The phase plot is exactly chart_line of the run's q2 column against its q1 column (x label
 * q1), not q2 over the steps; a missing x series says so in the pane. */
static void test_view_x(void **state)
{
	struct fix *f = fix_new("phase.lua");
	struct session *s = &f->s;
	struct err e = { { 0 } };
	for (int i = 0; i < 8; i++)
		assert_int_equal(session_step(s, &e), 0);
	const struct series_table *t = &s->runs[0]->series;
	int c1 = series_col(t, "q1"), c2 = series_col(t, "q2");
	assert_true(c1 >= 0 && c2 >= 0);
	double q1[9], q2[9], steps[9];
	assert_int_equal(t->nrows, 9);
	series_column(t, (size_t)c1, q1);
	series_column(t, (size_t)c2, q2);
	for (int i = 0; i < 9; i++)
		steps[i] = (double)t->step[i];
	assert_true(q1[0] == 0.5 && q2[0] == 5 && q1[1] == 0.5 && q2[1] == 2.75);
	for (int ascii = 0; ascii < 2; ascii++) {
		struct canvas want, over_steps;
		struct chart_series cs = {.label = "q2", .x = q1, .y = q2, .n = 9};
		struct chart_opts o = {.xlabel = "q1", .ascii = ascii, .legend = 1};
		canvas_init(&want, PW - 2, PH - 2);
		canvas_init(&over_steps, PW - 2, PH - 2);
		chart_line(&want, 0, 0, PW - 2, PH - 2, &cs, 1, &o);
		cs.x = steps;
		o.xlabel = "step";
		chart_line(&over_steps, 0, 0, PW - 2, PH - 2, &cs, 1, &o);
		draw_pane(s, session_view(s, 0), &f->c, ascii);
		char *got = pane_inside(&f->c), *w = canvas_to_text(&want);
		char *o2 = canvas_to_text(&over_steps);
		assert_string_equal(got, w);
		assert_string_not_equal(got, o2);
		free(w);
		free(o2);
		free(got);
		char *full = canvas_to_text(&f->c);
		assert_true(tu_contains(full, "1 Phase plot"));
		tu_golden(ascii ? "tests/ui/golden/phase_60x18_ascii.txt"
				: "tests/ui/golden/phase_60x18.txt",
			  full);
		free(full);
		canvas_fini(&want);
		canvas_fini(&over_steps);
	}
	struct view_spec v = *session_view(s, 0);
	snprintf(v.x, sizeof v.x, "zz");
	v.title[0] = '\0';
	draw_pane(s, &v, &f->c, 0);
	char *full = canvas_to_text(&f->c);
	assert_true(tu_contains(full, "no series 'zz'"));
	assert_true(tu_contains(full, "1 q2 vs zz"));
	free(full);
	fix_free(f);
}

/* A model with one grid distribution ("policy": columns p1H = k, p1L = 5 - k on 3 x 2
 * points), to draw views of a grid without a scenario. */
static const double toy_x[3] = {0, 0.5, 1}, toy_y[2] = {0, 1};
static const size_t toy_off[2] = {0, 1};

static void toy_initial(struct model *m, double *a0) { a0[0] = 0; }

static int toy_br(struct model *m, const double *belief, int player, double *out, struct err *e)
{
	out[0] = 0.5;
	return 0;
}

static int toy_dist(struct model *m, const char *name, const double *a, struct dist *d,
		    struct err *e)
{
	if (strcmp(name, "policy") != 0)
		return err_set(e, "no distribution '%s'", name);
	dist_init_grid(d, "policy", "Strategy map", "belief 1", "belief 2", toy_x, 3, toy_y, 2);
	double *h = dist_grid_set_column(d, "p1H", NULL), *l = dist_grid_set_column(d, "p1L", NULL);
	for (int k = 0; k < 6; k++) {
		h[k] = k;
		l[k] = 5 - k;
	}
	return 0;
}

static const struct model_vt toy_vt = {
	.initial = toy_initial,
	.best_response = toy_br,
	.dist = toy_dist,
};

static const struct model_dist_desc toy_dists[1] = {{"policy", DIST_GRID, "a strategy map"}};

static struct model *toy_create(const struct model_ops *ops, const struct params *p,
				uint64_t seed, struct err *e)
{
	struct model *m = model_alloc(ops, &toy_vt, NULL);
	m->dim = 1;
	m->nplayers = 1;
	m->player_off = toy_off;
	return m;
}

static const struct model_ops toy_ops = {
	.name = "gridtoy",
	.summary = "a grid distribution",
	.info = "",
	.dists = toy_dists,
	.ndists = 1,
	.create = toy_create,
};

/* A view of a grid draws the heat map of its value column (the first by default), exactly
 * as chart_dist does; an unknown column is named in the pane with the columns there are. */
static void test_view_grid(void **state)
{
	struct session s;
	struct params p;
	struct learn_spec ls;
	struct err e = { { 0 } };
	struct canvas c, want;
	struct dist d;

	memset(&s, 0, sizeof s);
	for (int i = 0; i < SESSION_MAX_PANES; i++)
		s.logy[i] = -1;
	params_init(&p, NULL, 0);
	assert_int_equal(learn_parse("cournot", &ls, &e), 0);
	struct sim *sim = sim_new(&toy_ops, &p, 1, &ls, &e);
	assert_non_null(sim);
	s.runs = &sim;
	s.nruns = 1;
	canvas_init(&c, PW, PH);
	canvas_init(&want, PW - 2, PH - 2);
	assert_int_equal(toy_dist(NULL, "policy", NULL, &d, &e), 0);
	for (int k = 0; k < 2; k++) {
		struct view_spec v = {.kind = VIEW_DIST, .dist = "policy", .logy = -1};
		/* the pane's frame carries the title: none inside */
		struct chart_opts o = {.legend = 1, .xlabel = "belief 1", .ylabel = "belief 2",
				       .column = k ? "p1L" : NULL, .title = ""};
		if (k)
			snprintf(v.value, sizeof v.value, "p1L");
		draw_pane(&s, &v, &c, 0);
		chart_dist(&want, 0, 0, PW - 2, PH - 2, &d, &o);
		char *got = pane_inside(&c), *w = canvas_to_text(&want);
		assert_string_equal(got, w);
		assert_true(tu_contains(got, k ? "p1L 0 │" : "p1H 0 │"));
		free(got);
		free(w);
		char *full = canvas_to_text(&c);
		assert_true(tu_contains(full, k ? "1 Strategy map: p1L" : "1 Strategy map"));
		if (k)
			tu_golden("tests/ui/golden/grid_60x18.txt", full);
		free(full);
	}
	struct view_spec v = {.kind = VIEW_DIST, .dist = "policy", .value = "p1L", .logy = -1};
	draw_pane(&s, &v, &c, 1);
	char *full = canvas_to_text(&c);
	for (int i = 0; i < c.w * c.h; i++)
		assert_true(c.cells[i].cp < 128);
	tu_golden("tests/ui/golden/grid_60x18_ascii.txt", full);
	free(full);
	snprintf(v.value, sizeof v.value, "zz");
	draw_pane(&s, &v, &c, 0);
	full = canvas_to_text(&c);
	assert_true(tu_contains(full, "no value 'zz' in 'policy'; columns: p1H, p1L"));
	free(full);
	dist_fini(&d);
	canvas_fini(&c);
	canvas_fini(&want);
	sim_free(sim);
	params_fini(&p);
}

/* ---- lecture text reflowed by paragraph ------------------------------------------------- */

static void want_lines(char **l, size_t n, const char *const *want, size_t nwant)
{
	if (n != nwant)
		for (size_t i = 0; i < n; i++)
			print_message("# %s\n", l[i]);
	assert_int_equal(n, nwant);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(l[i], want[i]);
	assert_null(l[n]);
}

/* Source lines of a paragraph join; a two-column item keeps its second column where the
 * width allows and stacks it under the first where it does not; headings and blank lines
 * stay; a bullet hangs. */
static void test_reflow(void **state)
{
	const char *text = "HEAD\n"
			   "  aa bb\n"
			   "  cc dd\n"
			   "\n"
			   "  xx yy    one two three\n"
			   "           four\n"
			   "  - b1 b2\n"
			   "    b3\n\n";
	size_t n;
	char **l = ui_reflow(text, 30, &n);
	const char *w30[] = { "HEAD", "  aa bb cc dd", "", "  xx yy    one two three four",
			      "  - b1 b2 b3" };
	want_lines(l, n, w30, 5);
	ui_wrap_free(l);
	l = ui_reflow(text, 20, &n);
	const char *w20[] = { "HEAD", "  aa bb cc dd", "", "  xx yy", "      one two three",
			      "      four", "  - b1 b2 b3" };
	want_lines(l, n, w20, 7);
	ui_wrap_free(l);
	l = ui_reflow(text, 12, &n);
	const char *w12[] = { "HEAD", "  aa bb cc", "  dd", "", "  xx yy", "      one",
			      "      two", "      three", "      four", "  - b1 b2 b3" };
	want_lines(l, n, w12, 10);
	ui_wrap_free(l);
	/* The shipped default scenario at the info pane's width: no line too long, the
	 * THINGS TO TRY item "set k 8.3 and set z0 0" stays one line at 70. */
	char *path = tu_srcpath("scenarios/mfg_bank.lua");
	char *src = tu_read_file(path);
	assert_non_null(src);
	l = ui_reflow(src, 70, &n);
	int found = 0;
	for (size_t i = 0; i < n; i++) {
		assert_true(ui_wrap_cells(l[i]) <= 70);
		found |= tu_contains(l[i], "set k 8.3 and set z0 0    a second equilibrium");
	}
	assert_true(found);
	ui_wrap_free(l);
	free(src);
	free(path);
}

/* ---- the worker thread ------------------------------------------------------------------ */

static int spin_fn(void *arg, struct err *e)
{
	volatile double x = 0;
	for (long i = 0; i < 4000000000L; i++) {
		x += 1;
		if ((i & 0xffff) == 0 && cancel_requested())
			return 1; /* saw the cancel */
	}
	return 0;
}

static int seven_fn(void *arg, struct err *e)
{
	*(int *)arg = cancel_requested(); /* no cancel asked: 0 */
	return err_set(e, "seven"), 7;
}

/* A job runs on the worker; a cancel reaches a job that polls cancel_requested; the
 * result and the error come back; the calling thread has no cancel flag bound. */
static void test_worker(void **state)
{
	struct ui_worker *w = ui_worker_new();
	assert_non_null(w);
	int rc = -1, seen = -1;
	struct err e = { { 0 } };
	struct session_job j = { .what = "spin", .fn = spin_fn, .cancellable = 1 };
	ui_worker_start(w, &j);
	assert_true(ui_worker_busy(w));
	assert_int_equal(ui_worker_wait(w, 0.05, &rc, &e), 0); /* still spinning */
	ui_worker_cancel(w);
	int done = 0;
	for (int i = 0; i < 600 && !done; i++)
		done = ui_worker_wait(w, 0.05, &rc, &e);
	assert_true(done);
	assert_int_equal(rc, 1);
	assert_false(ui_worker_busy(w));
	j = (struct session_job){ .what = "seven", .fn = seven_fn, .arg = &seen };
	ui_worker_start(w, &j);
	done = 0;
	for (int i = 0; i < 600 && !done; i++)
		done = ui_worker_wait(w, 0.05, &rc, &e);
	assert_int_equal(rc, 7);
	assert_int_equal(seen, 0);
	assert_string_equal(e.msg, "seven");
	assert_false(cancel_requested());
	ui_worker_free(w);
}

/* ---- keys while the model computes -------------------------------------------------------- */

static int never_fn(void *arg, struct err *e)
{
	return 0;
}

/* While a computation runs: instant commands act at once, others wait in the queue (a
 * newer `set` of a parameter replaces a queued one), Escape closes the help first and then
 * asks to cancel; the queue runs when it ends. */
static void test_busy_keys(void **state)
{
	struct fix *f = fix_new("duopoly.lua");
	struct session *s = &f->s;
	struct session_job j = { .what = "building the model", .fn = never_fn,
				 .cancellable = 1 };
	f->u.label = "set k 8";
	ui_busy_begin(&f->u, &j, -1.0);
	f->u.label = NULL;
	ui_key(&f->u, '?');
	assert_true(s->help);
	ui_key(&f->u, UI_KEY_ESC);
	assert_false(s->help);
	assert_false(f->u.busy.cancel);
	ui_key(&f->u, 'r');
	assert_int_equal(f->u.nqueue, 1);
	assert_true(tu_contains(f->u.msg, "queued until the computation ends"));
	ui_exec(&f->u, "set c 2");
	ui_exec(&f->u, "set c 3");
	assert_int_equal(f->u.nqueue, 2);
	assert_string_equal(f->u.queue[1], "set c 3");
	ui_key(&f->u, UI_KEY_TAB); /* instant: focus moves now */
	assert_int_equal(s->focus, 1);
	ui_key(&f->u, '+');
	assert_int_equal(s->speed, 4);
	char *t = screen(f, 100, 30);
	assert_true(tu_contains(t, " COMPUTING set k 8: building the model (1.0 s; Esc cancels)"));
	free(t);
	ui_key(&f->u, UI_KEY_ESC);
	assert_true(ui_busy_cancel_wanted(&f->u));
	f->u.now = 1.0;
	canvas_resize(&f->c, 100, 30);
	ui_draw(&f->u, &f->c, 2.5);
	t = canvas_to_text(&f->c);
	assert_true(tu_contains(t, " CANCELLING set k 8: building the model (3.5 s)"));
	free(t);
	ui_busy_end(&f->u, 1, 2.5);
	assert_false(f->u.busy.active);
	assert_true(f->u.busy.cancelled);
	ui_run_queue(&f->u);
	assert_int_equal(f->u.nqueue, 0);
	assert_true(params_num(&s->runs[0]->params, "c") == 3);
	fix_free(f);
}

/* While a step computes, the runs belong to the worker: the charts are the last frame's,
 * and Escape stops running after the step. */
static void test_busy_step(void **state)
{
	struct fix *f = fix_new("duopoly.lua");
	struct session *s = &f->s;
	char *before = screen(f, 100, 30);
	struct session_job j = { .what = "a step", .fn = never_fn, .lends_runs = 1 };
	ui_key(&f->u, ' ');
	assert_true(s->running);
	f->u.label = "step 1";
	ui_busy_begin(&f->u, &j, 0.0);
	f->u.label = NULL;
	struct err e = { { 0 } };
	for (int i = 0; i < 3; i++) /* the worker's steps, behind the ui's back */
		assert_int_equal(session_step(s, &e), 0);
	canvas_resize(&f->c, 100, 30);
	ui_draw(&f->u, &f->c, 0.0);
	char *during = canvas_to_text(&f->c);
	/* the chart rows are the first frame's (the status line says step 0 still) */
	assert_int_equal(strncmp(before, during, (size_t)(strstr(before, "\n") - before)), 0);
	assert_true(tu_contains(during, "| step 0 |"));
	const char *a = strchr(before, '\n') + 1, *b = strchr(during, '\n') + 1;
	assert_int_equal(strncmp(a, b, 60), 0);
	free(during);
	ui_key(&f->u, UI_KEY_ESC);
	assert_false(s->running);
	assert_true(tu_contains(f->u.msg, "stopping after this step"));
	ui_busy_end(&f->u, 0, 0.1);
	char *after = screen(f, 100, 30);
	assert_true(tu_contains(after, "| step 3 |"));
	assert_string_not_equal(before, after);
	free(before);
	free(after);
	fix_free(f);
}

/* A runner that gives up every cancellable job at once (as a user pressing Escape would),
 * and runs the others inline. */
static int cancelling_runner(void *ctx, const struct session_job *j, struct err *e)
{
	struct ui *u = ctx;
	if (!j->cancellable)
		return j->fn(j->arg, e);
	ui_busy_begin(u, j, 0.0);
	ui_busy_end(u, 1, 0.4);
	return err_set(e, "%s", SESSION_CANCELLED);
}

/* A cancelled change keeps the previous state: the same runs at the same step, the old
 * value; a cancelled distribution keeps the pane's previous one, and the next command
 * computes it again. */
static void test_cancel_keeps_state(void **state)
{
	struct fix *f = fix_new("duopoly.lua");
	struct session *s = &f->s;
	ui_exec(&f->u, "step 3");
	drain(f);
	char *t = screen(f, 100, 30);
	free(t);
	struct sim *run = s->runs[0];
	s->runner = cancelling_runner;
	s->runner_ctx = &f->u;
	assert_int_equal(ui_exec(&f->u, "set k 8"), -1);
	assert_true(s->runs[0] == run);
	assert_int_equal(sim_n(run), 3);
	assert_true(params_num(&run->params, "k") == 7);
	assert_true(params_num(&lb_variant(s->scn, 0)->params, "k") == 7);
	assert_true(tu_contains(f->u.msg, "cancelled after 0.4 s, nothing changed: set k 8"));
	assert_false(f->u.msg_error);
	assert_int_equal(ui_exec(&f->u, "seed 5"), -1);
	assert_true(s->runs[0] == run && run->seed == 1);
	ui_exec(&f->u, "step 1");
	drain(f); /* steps are not cancellable: they run */
	assert_int_equal(sim_n(run), 4);
	t = screen(f, 100, 30); /* the quantities' bars: cancelled, the step-3 ones stay */
	assert_true(tu_contains(t, "3 Quantities"));
	assert_true(f->u.cache[2].slot[0].ok && f->u.cache[2].slot[0].cancelled);
	assert_true(tu_contains(f->u.msg, "cancelled after 0.4 s: pane 3 (action)"));
	free(t);
	s->runner = NULL;
	t = screen(f, 100, 30);
	assert_true(f->u.cache[2].slot[0].cancelled); /* not retried before a command */
	free(t);
	ui_exec(&f->u, "params");
	t = screen(f, 100, 30);
	assert_false(f->u.cache[2].slot[0].cancelled);
	assert_int_equal(f->u.cache[2].slot[0].n, 4);
	free(t);
	fix_free(f);
}

/* Drawing computes nothing: before ui_refresh a distribution pane waits. */
static void test_draw_computes_nothing(void **state)
{
	struct fix *f = fix_new("duopoly.lua");
	canvas_resize(&f->c, 100, 30);
	ui_draw(&f->u, &f->c, 0.0);
	char *t = canvas_to_text(&f->c);
	assert_true(tu_contains(t, "computing..."));
	assert_int_equal(f->u.cache[2].nslots, 0);
	free(t);
	ui_refresh(&f->u, 0.0);
	assert_true(f->u.cache[2].slot[0].ok);
	fix_free(f);
}

/* ---- sliders and the mouse ---------------------------------------------------------------- */

static char *param_text(struct fix *f, const char *name)
{
	return params_format_value(&f->s.runs[0]->params,
				   params_find(&f->s.runs[0]->params, name));
}

static void assert_param(struct fix *f, const char *name, const char *want)
{
	char *v = param_text(f, name);
	assert_string_equal(v, want);
	free(v);
}

/* Left/right move the selected parameter by the scenario's step (k: 0.5), else the
 * default (c in [0, 5]: 0.05; the integer m: 1); a choice cycles, a flag flips; bounds
 * stop a number with a message; `adjust` does the same from the prompt. */
static void test_sliders(void **state)
{
	struct fix *f = fix_new("slider.lua");
	struct session *s = &f->s;
	assert_int_equal(s->speed, 9); /* speed = 1000 */
	assert_true(session_speeds[s->speed] == 1000);
	assert_true(s->tol == 1e-6);
	ui_exec(&f->u, "step 2");
	drain(f);
	ui_exec(&f->u, "pane 3");
	assert_int_equal(ui_focus_scope(&f->u), UI_KEYS_PARAMS);
	/* c, flag, k, m, mode */
	ui_key(&f->u, UI_KEY_RIGHT);
	assert_param(f, "c", "1.05");
	assert_int_equal(sim_n(s->runs[0]), 0); /* applied as set: a restart */
	ui_key(&f->u, UI_KEY_LEFT);
	ui_key(&f->u, UI_KEY_LEFT);
	assert_param(f, "c", "0.95");
	ui_key(&f->u, UI_KEY_DOWN);
	ui_key(&f->u, UI_KEY_RIGHT);
	assert_param(f, "flag", "1");
	ui_key(&f->u, UI_KEY_RIGHT);
	assert_param(f, "flag", "0");
	ui_key(&f->u, UI_KEY_DOWN);
	char *t = screen(f, 160, 40);
	assert_true(tu_contains(t, "k: [6, 8.5], step 0.5; <- -> adjust"));
	free(t);
	ui_key(&f->u, UI_KEY_RIGHT);
	assert_param(f, "k", "7.5");
	assert_true(tu_contains(f->u.msg, "k = 7.5"));
	ui_key(&f->u, '>');
	ui_key(&f->u, '>');
	assert_param(f, "k", "8.5");
	ui_key(&f->u, UI_KEY_RIGHT);
	assert_param(f, "k", "8.5");
	assert_true(tu_contains(f->u.msg, "k = 8.5 is at its maximum (allowed [6, 8.5])"));
	ui_key(&f->u, UI_KEY_DOWN);
	ui_key(&f->u, UI_KEY_RIGHT);
	assert_param(f, "m", "4");
	ui_key(&f->u, UI_KEY_DOWN);
	ui_key(&f->u, UI_KEY_RIGHT);
	assert_param(f, "mode", "b");
	ui_key(&f->u, UI_KEY_RIGHT);
	ui_key(&f->u, UI_KEY_RIGHT);
	assert_param(f, "mode", "a");
	ui_key(&f->u, UI_KEY_LEFT);
	assert_param(f, "mode", "c");
	/* from a chart pane, > and < still move the selected parameter */
	ui_exec(&f->u, "pane 1");
	ui_key(&f->u, '<');
	assert_param(f, "mode", "b");
	assert_int_equal(ui_exec(&f->u, "adjust k -"), 0);
	assert_param(f, "k", "8");
	assert_int_equal(ui_exec(&f->u, "adjust k x"), -1);
	assert_true(tu_contains(f->u.msg, "usage: adjust NAME +|-"));
	fix_free(f);
}

/* Clicks focus panes and select parameters, the wheel adjusts the parameter under the
 * pointer, a status-line button presses its key. */
static void test_mouse(void **state)
{
	struct fix *f = fix_new("duopoly.lua");
	struct session *s = &f->s;
	char *t = screen(f, 100, 30);
	free(t);
	const struct ui_layout *l = &f->u.layout;
	f->u.mouse_x = l->chart[1].x + 5;
	f->u.mouse_y = l->chart[1].y + 3;
	ui_key(&f->u, UI_KEY_CLICK);
	assert_int_equal(s->focus, 1);
	f->u.mouse_x = l->params.x + 3;
	f->u.mouse_y = l->params.y + 2; /* the second row: k */
	ui_key(&f->u, UI_KEY_CLICK);
	assert_int_equal(s->focus, 3);
	assert_int_equal(f->u.param_sel, 1);
	f->u.mouse_y = l->params.y + 1; /* c, by the wheel */
	ui_key(&f->u, UI_KEY_WHEEL_UP);
	assert_int_equal(f->u.param_sel, 0);
	assert_param(f, "c", "1.05");
	ui_key(&f->u, UI_KEY_WHEEL_DOWN);
	assert_param(f, "c", "1");
	t = screen(f, 100, 30);
	free(t);
	assert_true(f->u.button[1].w > 0); /* [Step] */
	f->u.mouse_x = f->u.button[1].x + 1;
	f->u.mouse_y = f->u.button[1].y;
	ui_key(&f->u, UI_KEY_CLICK);
	assert_int_equal(f->u.pending, 1);
	f->u.mouse_x = f->u.button[0].x + 1; /* [Run] */
	ui_key(&f->u, UI_KEY_CLICK);
	assert_true(s->running);
	t = screen(f, 160, 30);
	assert_true(tu_contains(t, "[Pause][Step]"));
	free(t);
	f->u.mouse_x = 0;
	f->u.mouse_y = 0; /* the title row: nothing */
	ui_key(&f->u, UI_KEY_CLICK);
	assert_int_equal(s->focus, 3);
	fix_free(f);
}

/* ---- convergence, switches, the recent window, reference lines, the cobweb --------------- */

static struct fix *fix_scenario(const char *rel)
{
	struct fix *f = xcalloc(1, sizeof *f);
	session_init(&f->s, tu_srcdir());
	char *path = tu_srcpath(rel);
	struct err e = { { 0 } };
	if (session_load(&f->s, path, &e) < 0)
		fail_msg("loading %s: %s", path, e.msg);
	free(path);
	ui_init(&f->u, &f->s, 0, 0.0);
	canvas_init(&f->c, 120, 40);
	return f;
}

/* The default scenario's tol 1e-7: running stops at step 16, where the paper's Fig. 2
 * settles (step_change 3.6e-8 there, 2.0e-7 at step 15); autostop off keeps it going. */
static void test_convergence(void **state)
{
	struct fix *f = fix_scenario("scenarios/mfg_bank.lua");
	struct session *s = &f->s;
	assert_true(s->tol == 1e-7);
	ui_key(&f->u, ' ');
	for (int i = 0; i < 40 && s->running; i++)
		assert_int_equal(ui_step(&f->u), 0);
	assert_false(s->running);
	assert_int_equal(sim_n(s->runs[0]), 16);
	assert_int_equal(s->conv_step, 16);
	assert_true(tu_at(s->runs[0], "step_change", 16) < 1e-7);
	assert_true(tu_at(s->runs[0], "step_change", 15) >= 1e-7);
	assert_true(tu_contains(f->u.msg, "converged at step 16 (step_change < 1e-07): paused"));
	char *t = screen(f, 120, 40);
	assert_true(tu_contains(t, "| converged at step 16: step_change < 1e-07 |"));
	free(t);
	ui_exec(&f->u, "autostop off");
	ui_key(&f->u, ' ');
	for (int i = 0; i < 3; i++)
		assert_int_equal(ui_step(&f->u), 0);
	assert_true(s->running);
	assert_int_equal(s->conv_step, 16); /* still the same streak */
	ui_exec(&f->u, "tol off");
	t = screen(f, 120, 40);
	assert_false(tu_contains(t, "converged"));
	free(t);
	fix_free(f);
}

/* The first tick label of the x axis of the chart drawn in pane text t (-1: none). */
static long first_xtick(const char *t)
{
	const char *axis = strstr(t, "\u2514"); /* the axis corner */
	const char *nl = axis ? strchr(axis, '\n') : NULL;
	if (!nl)
		return -1;
	const char *p = nl + 1;
	while (*p && *p != '\n' && !(*p >= '0' && *p <= '9'))
		p++;
	return (*p >= '0' && *p <= '9') ? strtol(p, NULL, 10) : -1;
}

/* A switch of dynamic is kept with the run (step and dynamic), marked on the time chart,
 * and exported; `view window N` shows the last N steps, `view recent` toggles. */
static void test_switch_and_window(void **state)
{
	struct fix *f = fix_new("duopoly.lua");
	struct session *s = &f->s;
	ui_exec(&f->u, "step 3");
	drain(f);
	ui_exec(&f->u, "dynamics fictitious");
	ui_exec(&f->u, "step 27");
	drain(f);
	const struct sim *sim = s->runs[0];
	assert_int_equal(sim->nswitches, 1);
	assert_int_equal(sim->switches[0].step, 3);
	assert_int_equal(sim->switches[0].spec.kind, LEARN_FICTITIOUS);
	char path[] = "/tmp/taton-ui-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	struct err e = { { 0 } };
	assert_int_equal(session_export(s, path, &e), 0);
	char *csv = tu_read_file(path);
	unlink(path);
	assert_true(tu_contains(csv, "\n# dynamics: cournot\n"));
	assert_true(tu_contains(csv, "\n# switch: 3:fictitious\n"));
	free(csv);
	struct canvas c;
	canvas_init(&c, PW, PH);
	draw_pane(s, session_view(s, 1), &c, 0); /* price, linear */
	char *t = canvas_to_text(&c);
	assert_true(tu_contains(t, "fictitious"));
	assert_int_equal(first_xtick(t), 0);
	free(t);
	ui_exec(&f->u, "view window 10");
	assert_true(s->recent);
	assert_true(tu_contains(f->u.msg, "time charts show the last 10 steps"));
	draw_pane(s, session_view(s, 1), &c, 0);
	t = canvas_to_text(&c);
	assert_true(first_xtick(t) >= 20); /* steps 20 .. 30 */
	assert_false(tu_contains(t, "fictitious")); /* the switch is before the window */
	free(t);
	ui_key(&f->u, 'w');
	assert_false(s->recent);
	draw_pane(s, session_view(s, 1), &c, 0);
	t = canvas_to_text(&c);
	assert_int_equal(first_xtick(t), 0);
	free(t);
	assert_int_equal(ui_exec(&f->u, "view window 1"), -1);
	assert_int_equal(ui_exec(&f->u, "view sideways"), -1);
	canvas_fini(&c);
	fix_free(f);
}

/* Agents at the equilibrium: mfg knows z*, drawn as a reference line labelled z* 0.1577
 * (the paper's z* = 0.1577, Fig. 2) and 1 - z* for the agents' trade ratio. */
static void test_reference_lines(void **state)
{
	struct fix *f = fix_new("mfg_eq.lua");
	struct session *s = &f->s;
	TU_REL(0.1577, model_series_ref(s->runs[0]->model, "z"), 5e-4);
	TU_REL(1 - 0.1577, model_series_ref(s->runs[0]->model, "mc_trade_ratio"), 5e-4);
	assert_true(isnan(model_series_ref(s->runs[0]->model, "value")));
	ui_exec(&f->u, "step 2");
	drain(f);
	struct canvas c;
	canvas_init(&c, 80, 20);
	struct ui_view_cache cache;
	memset(&cache, 0, sizeof cache);
	struct ui_view_ctx x = { .s = s, .gen = 1 };
	ui_view_draw(&x, &c, (struct ui_rect){ 0, 0, 80, 20 }, 0, session_view(s, 0), 0, &cache);
	char *t = canvas_to_text(&c);
	assert_true(tu_contains(t, "z* 0.1577"));
	assert_true(tu_contains(t, "mc_trade_ratio* 0.8423"));
	free(t);
	ui_view_cache_fini(&cache);
	canvas_fini(&c);
	fix_free(f);
}

/* The default scenario's best-response pane: the cobweb's latest iterate is (z_n, gamma_n). */
static void test_cobweb(void **state)
{
	struct fix *f = fix_scenario("scenarios/mfg_bank.lua");
	ui_exec(&f->u, "step 5");
	drain(f);
	char *t = screen(f, 120, 40);
	char want[64];
	snprintf(want, sizeof want, "now z=%.4g", tu_at(f->s.runs[0], "z", 5));
	assert_true(tu_contains(t, want));
	assert_true(tu_contains(t, "5 Best response gamma(z)"));
	assert_true(tu_contains(t, "iterates"));
	free(t);
	fix_free(f);
}

/* Matching pennies (start {1, 2}): the payoff matrix with action names, the empirical
 * frequencies after steps 0 and 1 (row: Heads, then Tails, its best response to Tails;
 * column: Tails, then Tails again, its best response to Heads) and the profile played now
 * (Tails, Tails) in brackets; the mixed strategies over the steps named too. Shapley's
 * game: the simplex with its corners. */
static void test_game_views(void **state)
{
	struct fix *f = fix_scenario("scenarios/matching_pennies.lua");
	ui_exec(&f->u, "step 1");
	drain(f);
	char *t = screen(f, 120, 40);
	assert_true(tu_contains(t, "Heads 0.00  Tails 1.00"));
	assert_true(tu_contains(t, "Heads 0.50  1, -1       -1, 1"));
	assert_true(tu_contains(t, "Tails 0.50  -1, 1      [1, -1]"));
	assert_true(tu_contains(t, "p1 Heads"));
	assert_true(tu_contains(t, "NE p1 Heads"));
	free(t);
	fix_free(f);
	f = fix_scenario("scenarios/shapley.lua");
	ui_exec(&f->u, "step 30");
	drain(f);
	t = screen(f, 120, 40);
	assert_true(tu_contains(t, "player 1"));
	assert_true(tu_contains(t, "NE 1"));
	assert_true(tu_contains(t, "2 Empirical mixes in the simplex"));
	free(t);
	fix_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_120x40),
		cmocka_unit_test(test_layout_80x24_four),
		cmocka_unit_test(test_layout_small_and_zoom),
		cmocka_unit_test(test_layout_pages),
		cmocka_unit_test(test_keys_bound_to_real_commands),
		cmocka_unit_test(test_keys_find),
		cmocka_unit_test(test_keys_help_lists_every_key),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_pace),
		cmocka_unit_test(test_screen_golden),
		cmocka_unit_test(test_too_small),
		cmocka_unit_test(test_keys_drive_the_session),
		cmocka_unit_test(test_param_edit),
		cmocka_unit_test(test_help_overlay),
		cmocka_unit_test(test_describe_rounded),
		cmocka_unit_test(test_reflow),
		cmocka_unit_test(test_worker),
		cmocka_unit_test(test_busy_keys),
		cmocka_unit_test(test_busy_step),
		cmocka_unit_test(test_cancel_keeps_state),
		cmocka_unit_test(test_draw_computes_nothing),
		cmocka_unit_test(test_sliders),
		cmocka_unit_test(test_mouse),
		cmocka_unit_test(test_convergence),
		cmocka_unit_test(test_switch_and_window),
		cmocka_unit_test(test_reference_lines),
		cmocka_unit_test(test_cobweb),
		cmocka_unit_test(test_game_views),
		cmocka_unit_test(test_hook_error_pauses),
		cmocka_unit_test(test_view_x),
		cmocka_unit_test(test_view_grid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
