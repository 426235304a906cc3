/* test_guard: what scenario code can reach through the session and the explorer. The
 * command table's safe subset (taton.command refuses export, load, quit); the session's
 * guard (the scenario is never replaced, restarted or stepped while its Lua runs, and is
 * balanced again after every failure); `export -` in the explorer; Ctrl-L; the lecture text
 * wrapped once per size; the output's temporary file removed by csv_signal_cleanup.
 * Fixtures: tests/sandbox/fixtures. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "chart/canvas.h"
#include "cli/cmd.h"
#include "cli/csv.h"
#include "cli/session.h"
#include "core/xmalloc.h"
#include "ui/keys.h"
#include "ui/ui.h"
#include "ui/wrap.h"
#include "tests/testutil.h"

static char *fixture(const char *name)
{
	return xasprintf("%s/tests/sandbox/fixtures/%s", tu_srcdir(), name);
}

static void load(struct session *s, const char *scenario)
{
	struct err e = { "" };
	char *path = strchr(scenario, '.') ? fixture(scenario) : xstrdup(scenario);

	session_init(s, tu_srcdir());
	if (session_load(s, path, &e) < 0)
		fail_msg("loading %s: %s", path, e.msg);
	free(path);
}

static void assert_idle(const struct session *s)
{
	assert_int_equal(s->busy, 0);
	assert_int_equal(s->stepping, 0);
}

/* ---- the safe subset ---- */

static void test_script_commands(void **state)
{
	struct session s;
	struct err e = { "" };
	static const char *const user_only[] = { "export x.csv", "export dist action x.csv",
						 "load cournot", "quit" };

	load(&s, "cournot");
	for (size_t i = 0; i < sizeof user_only / sizeof user_only[0]; i++) {
		char word[16];

		sscanf(user_only[i], "%15s", word);
		assert_int_equal(cmd_exec_script(&s, user_only[i], &e), -1);
		char *want = xasprintf("'%s' cannot be run by scenario code: it is the user's (it "
				       "touches files or replaces or ends the session); scenario "
				       "code may run: step, run, pause, toggle, reset, set, seed, "
				       "dynamics, speed, pane, zoom, log, describe, params, help",
				       word);
		assert_string_equal(e.msg, want);
		free(want);
	}
	assert_int_equal(s.quit, 0);
	assert_int_equal(access("x.csv", F_OK), -1);
	/* the safe ones run, for scenario code as for the user */
	assert_int_equal(cmd_exec_script(&s, "dynamics fictitious", &e), 0);
	assert_int_equal(cmd_exec_script(&s, "speed max", &e), 0);
	assert_int_equal(cmd_exec_script(&s, "step 2", &e), 0);
	assert_int_equal(sim_n(s.runs[0]), 2);
	assert_int_equal(cmd_exec_script(&s, "nosuch", &e), -1);
	assert_string_equal(e.msg, "unknown command 'nosuch'; try 'help'");
	/* the user keeps everything */
	assert_int_equal(cmd_exec(&s, "quit", &e), 0);
	assert_int_equal(s.quit, 1);
	session_fini(&s);
}

/* ---- the guard ---- */

static void test_guard(void **state)
{
	struct session s;
	struct err e = { "" };
	const struct lb_scenario *scn;

	/* `set`/`reset` re-run a Lua game's players function, which tries to load */
	load(&s, "players_load.lua");
	scn = s.scn;
	assert_int_equal(session_set(&s, "n", "3", &e), -1);
	tu_assert_contains(e.msg, "'load' cannot be run by scenario code");
	assert_true(s.scn == scn);
	assert_idle(&s);
	assert_int_equal(cmd_exec(&s, "step", &e), 0);
	/* an expression that tries to load while it is evaluated */
	assert_int_equal(cmd_exec(&s, "set n taton.command(\"load matching_pennies\") and 2", &e),
			 -1);
	tu_assert_contains(e.msg, "'load' cannot be run by scenario code");
	assert_true(s.scn == scn);
	assert_idle(&s);
	/* while Lua runs, the guard refuses what would restart or reload, whoever asks */
	s.busy = 1;
	assert_int_equal(session_load(&s, "cournot", &e), -1);
	assert_string_equal(e.msg, "'load' cannot be used while scenario code runs (a hook, a game "
			    "function, an expression)");
	assert_int_equal(session_reset(&s, &e), -1);
	assert_int_equal(session_step(&s, &e), -1);
	assert_int_equal(session_set_seed(&s, 3, &e), -1);
	assert_int_equal(session_set(&s, "n", "2", &e), -1);
	s.busy = 0;
	s.stepping = 1;
	assert_int_equal(session_set_dynamics(&s, "fictitious", &e), -1);
	assert_string_equal(e.msg, "'dynamics' cannot be used while a step runs (only from a hook)");
	s.stepping = 0;
	assert_true(s.scn == scn);
	session_fini(&s);

	/* hooks: a step hook may switch the dynamics; a game function inside the step may not */
	load(&s, "br_dynamics.lua");
	assert_int_equal(cmd_exec(&s, "step 3", &e), 0);
	assert_int_equal(s.runs[0]->spec.kind, LEARN_FICTITIOUS);
	assert_idle(&s);
	assert_int_equal(cmd_exec(&s, "set mode engine", &e), 0);
	assert_int_equal(cmd_exec(&s, "step", &e), -1);
	tu_assert_contains(e.msg, "'dynamics' cannot be used while a step runs");
	assert_idle(&s);
	session_fini(&s);

	/* a done hook that loads: refused, the scenario stays */
	load(&s, "done_load.lua");
	scn = s.scn;
	assert_int_equal(session_done(&s, &e), -1);
	tu_assert_contains(e.msg, "'load' cannot be run by scenario code");
	assert_true(s.scn == scn);
	assert_idle(&s);
	session_fini(&s);
}

/* ---- the explorer ---- */

struct fix {
	struct session s;
	struct ui u;
	struct canvas c;
};

static struct fix *fix_new(const char *scenario)
{
	struct fix *f = xcalloc(1, sizeof *f);

	load(&f->s, scenario);
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

static void test_explorer(void **state)
{
	struct fix *f = fix_new("cournot");
	char **help;
	int found = 0;

	assert_int_equal(f->s.interactive, 1);
	/* export onto the screen: refused, under any name of standard output */
	assert_int_equal(ui_exec(&f->u, "export -"), -1);
	assert_string_equal(f->u.msg, "export: '-' is the explorer's screen; give a file name");
	assert_int_equal(ui_exec(&f->u, "export dist action -"), -1);
	tu_assert_contains(f->u.msg, "is the explorer's screen");
	if (access("/dev/stdout", F_OK) == 0) {
		assert_int_equal(ui_exec(&f->u, "export /dev/stdout"), -1);
		tu_assert_contains(f->u.msg, "is the explorer's screen");
	}
	/* Ctrl-L redraws, and the key help says so */
	assert_int_equal(ui_key(&f->u, UI_KEY_CTRL_L), UI_ACT_REDRAW);
	help = ui_keys_help_lines();
	for (size_t i = 0; help[i]; i++) {
		found |= tu_contains(help[i], "ctrl-L") && tu_contains(help[i], "redraw the screen");
		free(help[i]);
	}
	free(help);
	assert_true(found);
	fix_free(f);
}

static void test_info_wrapped_once(void **state)
{
	struct fix *f = fix_new("long_info.lua");
	size_t n;
	char **lines;

	/* a 3 MB word: cut into lines of exactly the width (linear: this would take minutes) */
	lines = ui_wrap(lb_info(f->s.scn), 37, &n);
	assert_int_equal(n, (3000000 + 36) / 37);
	assert_int_equal(strlen(lines[0]), 37);
	assert_int_equal(strlen(lines[n - 1]), 3000000 - 37 * (n - 1));
	ui_wrap_free(lines);
	/* drawn three times at one size, the text is wrapped once; a new size wraps again */
	for (int i = 0; i < 3; i++)
		ui_draw(&f->u, &f->c, 0.0);
	assert_int_equal(f->u.info_wrap.builds, 1);
	canvas_resize(&f->c, 120, 40);
	ui_draw(&f->u, &f->c, 0.0);
	ui_draw(&f->u, &f->c, 0.0);
	assert_int_equal(f->u.info_wrap.builds, 2);
	/* a new scenario's text is wrapped anew */
	assert_int_equal(ui_exec(&f->u, "load cournot"), 0);
	ui_draw(&f->u, &f->c, 0.0);
	assert_int_equal(f->u.info_wrap.builds, 3);
	fix_free(f);
}

/* ---- the temporary file of an export ---- */

static void write_and_interrupt(FILE *f, void *ctx)
{
	fputs("step,x\n0,1\n", f);
	fflush(f);
	csv_signal_cleanup(); /* what the signal handler of run and sweep calls */
	*(int *)ctx = 1;
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *ent;
	int n = 0;

	assert_non_null(d);
	while ((ent = readdir(d)))
		n += ent->d_name[0] != '.';
	closedir(d);
	return n;
}

static void test_signal_cleanup(void **state)
{
	char dir[] = "/tmp/taton-guard-XXXXXX";
	struct err e = { "" };
	int called = 0;

	assert_non_null(mkdtemp(dir));
	char *path = xasprintf("%s/out.csv", dir);
	/* the cleanup removes the temporary file being written: nothing is left behind */
	assert_int_equal(csv_atomic_write(path, write_and_interrupt, &called, &e), -1);
	assert_int_equal(called, 1);
	assert_int_equal(count_entries(dir), 0);
	/* with nothing being written it does nothing */
	csv_signal_cleanup();
	rmdir(dir);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_script_commands),
		cmocka_unit_test(test_guard),
		cmocka_unit_test(test_explorer),
		cmocka_unit_test(test_info_wrapped_once),
		cmocka_unit_test(test_signal_cleanup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
