/* test_lb: the Lua binding (src/luabind): scenario loading, parameter validation, error
 * positions and tracebacks, the sandbox and its limits, --set expressions, math.random
 * seeding, Lua-defined games driven by the engine, hooks, views. Fixtures live in
 * tests/lua/fixtures; the shipped lua/ and scenarios/ are found through $top_srcdir. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/learn.h"
#include "core/sim.h"
#include "core/xmalloc.h"
#include "luabind/lb.h"
#include "luabind/lb_sandbox.h"
#include "tests/testutil.h"

static const char *fixture(const char *name)
{
	static char buf[8][PATH_MAX + 64];
	static int k;

	k = (k + 1) % 8;
	snprintf(buf[k], sizeof buf[k], "%s/tests/lua/fixtures/%s", tu_srcdir(), name);
	return buf[k];
}

static const char *shipped(const char *name)
{
	static char buf[PATH_MAX + 64];

	snprintf(buf, sizeof buf, "%s/scenarios/%s", tu_srcdir(), name);
	return buf;
}

static const char *libdir(void)
{
	static char buf[PATH_MAX + 64];

	snprintf(buf, sizeof buf, "%s/lua", tu_srcdir());
	return buf;
}

static struct lb_scenario *load_ok(const char *path)
{
	struct err e = { "" };
	struct lb_scenario *s = lb_load(path, libdir(), &e);

	if (!s)
		fail_msg("loading %s: %s", path, e.msg);
	return s;
}

/* Loads a fixture that must fail; returns the message. */
static const char *load_fail(const char *name)
{
	static struct err e;
	struct lb_scenario *s;

	memset(&e, 0, sizeof e);
	s = lb_load(fixture(name), libdir(), &e);
	assert_null(s);
	return e.msg;
}

static char *fmt_param(const struct params *p, const char *name)
{
	int idx = params_find(p, name);

	assert_true(idx >= 0);
	return params_format_value(p, idx);
}

static void assert_param_text(const struct params *p, const char *name, const char *want)
{
	char *got = fmt_param(p, name);

	assert_string_equal(got, want);
	free(got);
}

static struct sim *new_sim(struct lb_scenario *s, size_t variant, const char *dyn)
{
	struct err e = { "" };
	struct learn_spec ls;
	struct sim *sim;

	const char *text = dyn ? dyn : lb_variant(s, variant)->dynamics;

	if (*text)
		assert_int_equal(learn_parse(text, &ls, &e), 0);
	sim = sim_new(lb_ops(s), &lb_variant(s, variant)->params, lb_seed(s), *text ? &ls : NULL,
		      &e);
	if (!sim)
		fail_msg("sim_new: %s", e.msg);
	return sim;
}

/* ---- loading ---- */

static void test_load_model_scenario(void **state)
{
	struct lb_scenario *s = load_ok(fixture("ok_nfg.lua"));
	const struct view_spec *v;

	assert_string_equal(lb_title(s), "Pennies fixture");
	assert_string_equal(lb_info(s), "WHAT IS IT\nA fixture.");
	assert_string_equal(lb_ops(s)->name, "nfg");
	assert_string_equal(lb_path(s), fixture("ok_nfg.lua"));
	assert_int_equal(lb_seed(s), 42);
	assert_int_equal(lb_nvariants(s), 2);
	assert_string_equal(lb_variant(s, 0)->label, "lowest");
	assert_string_equal(lb_variant(s, 0)->dynamics, "kperiod:5");
	assert_string_equal(lb_variant(s, 1)->label, "uniform");
	assert_string_equal(lb_variant(s, 1)->dynamics, "fictitious");
	assert_null(lb_variant(s, 2));
	/* games.bimatrix (from the shipped library) wrote the nfg layout */
	assert_param_text(&lb_variant(s, 0)->params, "actions", "{2,2}");
	assert_param_text(&lb_variant(s, 0)->params, "payoffs", "{{1,-1,-1,1},{-1,1,1,-1}}");
	assert_param_text(&lb_variant(s, 0)->params, "start", "{1,2}");
	assert_param_text(&lb_variant(s, 0)->params, "tie", "lowest");
	assert_param_text(&lb_variant(s, 1)->params, "tie", "uniform");
	assert_param_text(&lb_variant(s, 1)->params, "payoffs", "{{1,-1,-1,1},{-1,1,1,-1}}");

	assert_int_equal(lb_nviews(s), 5);
	v = lb_view(s, 0);
	assert_int_equal(v->kind, VIEW_SERIES);
	assert_int_equal(v->nseries, 1);
	assert_string_equal(v->series[0], "regret");
	assert_string_equal(v->title, "regret");
	assert_int_equal(v->logy, -1);
	v = lb_view(s, 1);
	assert_int_equal(v->kind, VIEW_DIST);
	assert_string_equal(v->dist, "strategy");
	v = lb_view(s, 2);
	assert_int_equal(v->kind, VIEW_SERIES);
	assert_int_equal(v->nseries, 2);
	assert_string_equal(v->series[1], "step_change");
	assert_string_equal(v->title, "Two series");
	assert_int_equal(v->logy, 0);
	v = lb_view(s, 3);
	assert_int_equal(v->kind, VIEW_DIST);
	assert_string_equal(v->dist, "action");
	assert_string_equal(v->title, "action");
	v = lb_view(s, 4);
	assert_string_equal(v->series[0], "dist_ne");
	assert_int_equal(v->logy, 1);
	assert_null(lb_view(s, 5));
	assert_int_equal(lb_has_step_hook(s), 0);
	lb_free(s);
}

/* x = "NAME" draws a series view against another series: parsed, validated like series
 * names (the error names the view, the key and the bad name), "step" is the default; value
 * only goes with a grid distribution. */
static void test_views_x(void **state)
{
	struct lb_scenario *s = load_ok(fixture("views_x.lua"));
	const struct view_spec *v;
	const char *msg;

	assert_int_equal(lb_nviews(s), 3);
	v = lb_view(s, 0);
	assert_int_equal(v->kind, VIEW_SERIES);
	assert_int_equal(v->nseries, 1);
	assert_string_equal(v->series[0], "q2");
	assert_string_equal(v->x, "q1");
	assert_string_equal(v->title, "q2 vs q1");
	v = lb_view(s, 1);
	assert_string_equal(v->series[0], "price");
	assert_string_equal(v->x, "q1");
	assert_string_equal(v->title, "Price against q1");
	v = lb_view(s, 2);
	assert_int_equal(v->nseries, 2);
	assert_string_equal(v->x, "");
	assert_string_equal(v->title, "price, q1");
	assert_string_equal(v->value, "");
	lb_free(s);

	msg = load_fail("bad_view_x.lua");
	tu_assert_contains(msg, "bad_view_x.lua:1: views[1]: x: 'regert' is not a series of model "
			"'nfg'; series: step_change, dist_ne, regret");
	msg = load_fail("bad_view_value.lua");
	tu_assert_contains(msg, "bad_view_value.lua:1: views[2]: value names a column of a grid "
			"distribution; 'strategy' is not one (its kind: bars)");
}

static void test_load_model_defaults(void **state)
{
	struct err e = { "" };
	struct lb_scenario *s = lb_load_model("affine", libdir(), &e);

	assert_non_null(s);
	assert_string_equal(lb_ops(s)->name, "affine");
	assert_string_equal(lb_path(s), "");
	assert_int_equal(lb_nvariants(s), 1);
	assert_int_equal(lb_nviews(s), 0);
	assert_string_equal(lb_variant(s, 0)->label, "");
	assert_string_equal(lb_variant(s, 0)->dynamics, ""); /* the model's default */
	assert_param_text(&lb_variant(s, 0)->params, "rho", "0.5");
	assert_true(strncmp(lb_info(s), "WHAT IS IT", 10) == 0);
	lb_free(s);

	assert_null(lb_load_model("nosuch", libdir(), &e));
	tu_assert_contains(e.msg, "unknown model 'nosuch'; known: ");
	tu_assert_contains(e.msg, "nfg");
}

static void test_param_errors(void **state)
{
	const char *msg = load_fail("bad_unknown_param.lua");

	tu_assert_contains(msg, "bad_unknown_param.lua:2: unknown parameter 'actoins'; "
			   "known: actions, payoffs, start, tie");
	msg = load_fail("bad_range.lua");
	tu_assert_contains(msg, "bad_range.lua:2: parameter 'rho' = 1.5 is out of range: "
			   "allowed [0, 1)");
	msg = load_fail("bad_variant.lua");
	tu_assert_contains(msg, "bad_variant.lua:1: variants[2]: parameter 'tie' = 'sometimes' "
			   "is not allowed: allowed lowest|uniform|random");
	msg = load_fail("bad_key.lua");
	tu_assert_contains(msg, "bad_key.lua:1: unknown key 'titel'; known: title, info");
	msg = load_fail("bad_view.lua");
	tu_assert_contains(msg, "bad_view.lua:1: views[2]: 'regrett' is not a series or "
			   "distribution of model 'nfg'; series: step_change, dist_ne, regret; "
			   "distributions: strategy, action");
	msg = load_fail("bad_return.lua");
	tu_assert_contains(msg, "bad_return.lua: the file must end with `return "
			   "taton.scenario{...}` (it returned nothing)");
	msg = load_fail("bad_list.lua");
	tu_assert_contains(msg, "bad_list.lua:1: params: 'n' is listed twice");
	msg = load_fail("bad_game.lua");
	tu_assert_contains(msg, "bad_game.lua:1: params.n default: parameter 'n' = 0 is out of "
			   "range: allowed [1, 5]");
}

/* Copies fixture `name` into dir; returns the copy's path (caller frees). */
static char *copy_fixture(const char *dir, const char *name)
{
	char *text = tu_read_file(fixture(name));
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	if (!text || !f || fputs(text, f) < 0 || fclose(f) != 0)
		fail_msg("cannot copy %s to %s", name, path);
	free(text);
	return path;
}

/* Error messages name the file in full and are never cut, also when the scenario sits in
 * a directory more than 1000 characters deep. */
static void test_long_directory(void **state)
{
	static const char *const cases[][2] = {
		{ "bad_game.lua", ":1: params.n default: parameter 'n' = 0 is out of range: "
				  "allowed [1, 5]" },
		{ "bad_list.lua", ":1: params: 'n' is listed twice" },
		{ "bad_variant.lua", ":1: variants[2]: parameter 'tie' = 'sometimes' is not "
				     "allowed: allowed lowest|uniform|random" },
		{ "bad_view.lua", ":1: views[2]: 'regrett' is not a series or distribution of "
				  "model 'nfg'; series: step_change, dist_ne, regret; "
				  "distributions: strategy, action" },
	};
	char tmpl[] = "/tmp/taton-lb-XXXXXX", part[201];
	char *dirs[6];
	int nd = 0;

	memset(part, 'd', sizeof part - 1);
	part[sizeof part - 1] = '\0';
	assert_non_null(mkdtemp(tmpl));
	dirs[nd++] = xstrdup(tmpl);
	for (int i = 0; i < 5; i++) {
		dirs[nd] = xasprintf("%s/%s", dirs[nd - 1], part);
		assert_int_equal(mkdir(dirs[nd], 0700), 0);
		nd++;
	}
	assert_true(strlen(dirs[nd - 1]) > 1000);
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		char *path = copy_fixture(dirs[nd - 1], cases[c][0]);
		char *want = xasprintf("%s%s", path, cases[c][1]);
		struct err e = { "" };
		struct lb_scenario *s = lb_load(path, libdir(), &e);

		assert_null(s);
		tu_assert_contains(e.msg, want);
		unlink(path);
		free(want);
		free(path);
	}
	while (nd-- > 0) {
		rmdir(dirs[nd]);
		free(dirs[nd]);
	}
}

static void test_syntax_error(void **state)
{
	const char *msg = load_fail("bad_syntax.lua");

	/* Lua shortens long chunk names to "...tail", so only the tail is checked */
	tu_assert_contains(msg, "fixtures/bad_syntax.lua:4: ");
	assert_null(strchr(msg, '\n'));
	tu_assert_contains(msg, "'}' expected (to close '{' at line 2) near '\"y\"'");
}

static void test_runtime_error(void **state)
{
	const char *msg = load_fail("bad_runtime.lua");
	const char *nl = strchr(msg, '\n');

	/* first line: position and message; then the traceback down through outer() */
	assert_non_null(nl);
	tu_assert_contains(msg, "bad_runtime.lua:3: attempt to index a nil value (field 'field')");
	assert_true(strstr(msg, "bad_runtime.lua:3:") < nl);
	tu_assert_contains(nl, "\nstack traceback:");
	tu_assert_contains(nl, "bad_runtime.lua:3: in ");
	tu_assert_contains(nl, "bad_runtime.lua:7: in ");
	tu_assert_contains(nl, "bad_runtime.lua:10: in main chunk");
}

static void test_missing_file(void **state)
{
	struct err e = { "" };
	char want[1200];

	assert_null(lb_load(fixture("nope.lua"), libdir(), &e));
	snprintf(want, sizeof want, "cannot open '%s': No such file or directory",
		 fixture("nope.lua"));
	assert_string_equal(e.msg, want);
}

/* ---- limits ---- */

static void test_instruction_limit(void **state)
{
	const char *msg;

	lb_sandbox_set_default_limits(1000000, 0);
	msg = load_fail("endless.lua");
	tu_assert_contains(msg, "endless.lua:3: instruction limit exceeded (endless loop?)");
	msg = load_fail("endless_pcall.lua");
	tu_assert_contains(msg, "endless_pcall.lua:");
	tu_assert_contains(msg, "instruction limit exceeded (endless loop?)");
	lb_sandbox_set_default_limits(100000000, 0);
}

static void test_memory_limit(void **state)
{
	struct err e = { "" };
	struct lb_scenario *s;
	char want[1200];
	const char *msg;

	lb_sandbox_set_default_limits(0, (size_t)32 << 20);
	msg = load_fail("memory.lua");
	snprintf(want, sizeof want, "%s: memory limit exceeded (32 MB)", fixture("memory.lua"));
	assert_string_equal(msg, want);
	/* a state that hit the cap keeps working */
	s = load_ok(fixture("affine.lua"));
	assert_int_equal(lb_set(s, "rho", "#string.rep('x', 100000000)", &e), -1);
	tu_assert_contains(e.msg, "memory limit exceeded (32 MB)");
	assert_int_equal(lb_set(s, "rho", "0.25", &e), 0);
	assert_param_text(&lb_variant(s, 0)->params, "rho", "0.25");
	lb_free(s);
	lb_sandbox_set_default_limits(0, (size_t)256 << 20);
}

/* ---- sandbox ---- */

static char printed[256];

static void print_cb(void *ctx, const char *text)
{
	snprintf(printed, sizeof printed, "%s|%s", (const char *)ctx, text);
}

static void expect_set_error(struct lb_scenario *s, const char *expr, const char *needle)
{
	struct err e = { "" };

	if (lb_set(s, "rho", expr, &e) == 0)
		fail_msg("'%s' should have failed", expr);
	tu_assert_contains(e.msg, needle);
}

static void test_sandbox(void **state)
{
	struct lb_scenario *s = load_ok(fixture("affine.lua"));
	struct err e = { "" };

	expect_set_error(s, "os.execute('true')",
			 "set rho:1: 'os' is not available in the scenario sandbox");
	expect_set_error(s, "io.open('/etc/passwd')", "'io' is not available in the scenario sandbox");
	expect_set_error(s, "debug.getinfo(1)", "'debug' is not available");
	expect_set_error(s, "dofile('x.lua')", "'dofile' is not available");
	expect_set_error(s, "loadfile('x.lua')", "'loadfile' is not available");
	expect_set_error(s, "collectgarbage('collect')",
			 "collectgarbage(\"collect\") is not available in scenarios");
	expect_set_error(s, "load(string.dump(function() end), 'x', 'b')",
			 "binary chunks are not available");
	expect_set_error(s, "assert(load(string.dump(function() end)))",
			 "attempt to load a binary chunk");
	expect_set_error(s, "setmetatable({}, {__gc = function() end})",
			 "__gc metamethods are not available");
	expect_set_error(s, "require('os')", "module 'os' is not available in the scenario sandbox");
	expect_set_error(s, "require('../fixtures/helper')", "invalid module name '../fixtures/helper'");
	expect_set_error(s, "require('..helper')", "invalid module name");
	expect_set_error(s, "require('/etc/passwd')", "invalid module name");
	expect_set_error(s, "require('fixtures.helper')", "module 'fixtures.helper' not found");
	expect_set_error(s, "require('nosuch')", "module 'nosuch' not found");
	/* what is allowed */
	assert_int_equal(lb_set(s, "rho", "collectgarbage('count') > 0 and 0.125", &e), 0);
	assert_int_equal(lb_set(s, "rho", "load('return 0.375')()", &e), 0);
	assert_param_text(&lb_variant(s, 0)->params, "rho", "0.375");
	assert_int_equal(lb_set(s, "rho", "require('helper').rho + utf8.len('ab') * 0", &e), 0);
	assert_param_text(&lb_variant(s, 0)->params, "rho", "0.125");
	assert_int_equal(lb_set(s, "rho", "require('taton.dist').uniform(0.5, 0.5)", &e), 0);
	assert_param_text(&lb_variant(s, 0)->params, "rho", "0.5");
	/* print goes to the handler */
	lb_set_print_handler(s, print_cb, "ctx");
	assert_int_equal(lb_set(s, "rho", "(function() print('hi', 1, nil) return 0.25 end)()", &e),
			 0);
	assert_string_equal(printed, "ctx|hi\t1\tnil");
	lb_free(s);
}

static void test_require(void **state)
{
	struct lb_scenario *s = load_ok(fixture("req.lua"));

	assert_param_text(&lb_variant(s, 0)->params, "rho", "0.125");
	assert_param_text(&lb_variant(s, 0)->params, "dim", "3");
	lb_free(s);
}

/* ---- --set ---- */

static void test_set(void **state)
{
	struct lb_scenario *s = load_ok(fixture("ok_nfg.lua"));
	struct lb_scenario *a = load_ok(fixture("affine.lua"));
	struct err e = { "" };

	assert_int_equal(lb_set(a, "rho", "0.25", &e), 0);
	assert_param_text(&lb_variant(a, 0)->params, "rho", "0.25");
	assert_int_equal(lb_set(a, "c", "2^3 - 0.5 -- a comment", &e), 0);
	assert_param_text(&lb_variant(a, 0)->params, "c", "7.5");
	/* out of range: old value kept */
	assert_int_equal(lb_set(a, "rho", "1", &e), -1);
	assert_string_equal(e.msg, "parameter 'rho' = 1 is out of range: allowed [0, 1)");
	assert_param_text(&lb_variant(a, 0)->params, "rho", "0.25");
	assert_int_equal(lb_set(a, "dim", "2.5", &e), -1);
	tu_assert_contains(e.msg, "parameter 'dim' = 2.5 is not an integer");
	assert_int_equal(lb_set(a, "rho", "1 +", &e), -1);
	tu_assert_contains(e.msg, "set rho:");
	tu_assert_contains(e.msg, "unexpected symbol");
	assert_int_equal(lb_set(a, "rho", "'high'", &e), -1);
	tu_assert_contains(e.msg, "parameter 'rho' expects a number, got a string");
	assert_int_equal(lb_set(a, "nosuch", "1", &e), -1);
	assert_string_equal(e.msg, "unknown parameter 'nosuch'; known: dim, rho, c");

	/* enums: a string, or a bare choice name; applied to every variant */
	assert_int_equal(lb_set(s, "tie", "\"random\"", &e), 0);
	assert_param_text(&lb_variant(s, 0)->params, "tie", "random");
	assert_param_text(&lb_variant(s, 1)->params, "tie", "random");
	assert_int_equal(lb_set(s, "tie", " uniform ", &e), 0);
	assert_param_text(&lb_variant(s, 0)->params, "tie", "uniform");
	assert_int_equal(lb_set(s, "tie", "'often'", &e), -1);
	tu_assert_contains(e.msg, "allowed lowest|uniform|random");
	assert_int_equal(lb_set(s, "tie", "often", &e), -1);
	tu_assert_contains(e.msg, "parameter 'tie' expects a name (string), got a nil");
	{ /* a choice named like another parameter is the choice, an expression is not */
		struct lb_scenario *c = load_ok(fixture("choice_param.lua"));

		assert_int_equal(lb_set(c, "strategy", "scale", &e), 0);
		assert_param_text(&lb_variant(c, 0)->params, "strategy", "scale");
		assert_int_equal(lb_set(c, "strategy", "scale + 1", &e), -1);
		tu_assert_contains(e.msg, "parameter 'strategy' expects a name (string), got a "
				   "number");
		lb_free(c);
	}
	/* expressions see the variant's own parameters; all variants change or none */
	assert_int_equal(lb_set(a, "c", "rho * 4 + c", &e), 0);
	assert_param_text(&lb_variant(a, 0)->params, "c", "8.5");
	{
		struct lb_scenario *f = load_ok(fixture("ok_nfg.lua")); /* tie: lowest, uniform */

		assert_int_equal(lb_set(f, "tie", "tie == 'lowest' and 'often' or tie", &e), -1);
		tu_assert_contains(e.msg, "allowed lowest|uniform|random");
		assert_param_text(&lb_variant(f, 0)->params, "tie", "lowest");
		assert_param_text(&lb_variant(f, 1)->params, "tie", "uniform");
		assert_int_equal(lb_set(f, "tie", "tie == 'lowest' and 'random' or tie", &e), 0);
		assert_param_text(&lb_variant(f, 0)->params, "tie", "random");
		assert_param_text(&lb_variant(f, 1)->params, "tie", "uniform");
		lb_free(f);
	}
	assert_int_equal(lb_set(a, "rho", "nosuch + 1", &e), -1);
	tu_assert_contains(e.msg, "global 'nosuch'");
	/* tables */
	assert_int_equal(lb_set(s, "start", "{2, 1}", &e), 0);
	assert_param_text(&lb_variant(s, 1)->params, "start", "{2,1}");
	assert_int_equal(lb_set(s, "payoffs", "{{1,2,3,4},{5,6,7,8}}", &e), 0);
	assert_param_text(&lb_variant(s, 0)->params, "payoffs", "{{1,2,3,4},{5,6,7,8}}");
	assert_int_equal(lb_set(s, "payoffs", "{{1,2,3,4},{5,6,7}}", &e), -1);
	assert_string_equal(e.msg, "parameter 'payoffs': row 2 has 3 values, row 1 has 4 (rows "
			    "must have equal lengths)");
	assert_int_equal(lb_set(s, "start", "{1, 'x'}", &e), -1);
	assert_string_equal(e.msg, "parameter 'start': element 2 is a string, expected a number");
	assert_int_equal(lb_set(s, "start", "{0}", &e), -1);
	tu_assert_contains(e.msg, "parameter 'start' element 1 = 0 is out of range");
	assert_param_text(&lb_variant(s, 0)->params, "start", "{2,1}");
	lb_free(s);
	lb_free(a);
}

static void test_random_seed(void **state)
{
	struct lb_scenario *s = load_ok(fixture("affine.lua"));
	struct err e = { "" };
	double x1, x2, x3;

	lb_set_seed(s, 7);
	assert_int_equal(lb_seed(s), 7);
	assert_int_equal(lb_set(s, "c", "math.random()", &e), 0);
	x1 = params_num(&lb_variant(s, 0)->params, "c");
	/* Lua 5.4's xoshiro256** seeded with 7 */
	assert_true(x1 == 0.77898184896708966);
	assert_int_equal(lb_set(s, "c", "math.random()", &e), 0);
	assert_true(params_num(&lb_variant(s, 0)->params, "c") == 0.38808095006412724);
	lb_set_seed(s, 7);
	assert_int_equal(lb_set(s, "c", "math.random()", &e), 0);
	x2 = params_num(&lb_variant(s, 0)->params, "c");
	assert_true(x1 == x2);
	lb_set_seed(s, 8);
	assert_int_equal(lb_set(s, "c", "math.random()", &e), 0);
	x3 = params_num(&lb_variant(s, 0)->params, "c");
	assert_true(x3 == 0.23957219943261943);
	/* math.randomseed() without a seed uses the scenario's seed, not the clock */
	assert_int_equal(lb_set(s, "c", "(function() math.randomseed() return math.random() end)()",
				&e), 0);
	assert_true(params_num(&lb_variant(s, 0)->params, "c") == x3);
	lb_free(s);
}

/* ---- Lua games ---- */

static void test_cournot_game(void **state)
{
	struct lb_scenario *s = load_ok(shipped("cournot.lua"));
	const struct model_ops *ops = lb_ops(s);
	struct err e = { "" };
	struct sim *sim;
	struct model_kv kv = { 0 };
	struct dist d;

	assert_string_equal(ops->name, "cournot");
	assert_string_equal(lb_title(s), "Cournot oligopoly");
	assert_int_equal(ops->nparams, 4);
	/* listed in the scenario's order */
	assert_string_equal(ops->params[0].name, "n");
	assert_string_equal(ops->params[3].name, "c");
	assert_int_equal(ops->params[0].type, PARAM_INT);
	assert_string_equal(ops->params[0].help, "number of firms");
	assert_int_equal(ops->nseries, 4);
	assert_string_equal(ops->series[0].name, "price");
	assert_string_equal(ops->series[1].name, "total");
	assert_string_equal(ops->series[2].name, "welfare");
	assert_string_equal(ops->series[3].name, "nash_gap");
	assert_int_equal(lb_nviews(s), 3);

	/* two firms, a = 10, b = 1, c = 1: q* = 3; from q = 0 Cournot dynamics halve the
	 * distance: 3 * 2^-n; nash_gap = 20.25 / 4^n */
	sim = new_sim(s, 0, NULL);
	assert_true(tu_last(sim, "dist_ne") == 3);
	assert_true(tu_last(sim, "nash_gap") == 20.25);
	for (int n = 1; n <= 10; n++) {
		assert_int_equal(sim_step(sim, &e), 0);
		assert_true(tu_last(sim, "dist_ne") == 3 * ldexp(1, -n));
		assert_true(fabs(tu_last(sim, "nash_gap") - 20.25 * ldexp(1, -2 * n)) < 1e-12);
	}
	assert_true(fabs(tu_last(sim, "price") - (10 - 2 * (3 - 3 * ldexp(1, -10)))) < 1e-12);
	sim_describe(sim, &kv);
	assert_int_equal(kv.n, 3);
	assert_string_equal(kv.key[2], "equilibrium");
	assert_string_equal(kv.val[2], "{3, 3}");
	model_kv_fini(&kv);
	assert_int_equal(sim_dist(sim, "action", &d, &e), 0);
	assert_int_equal(d.ncurves, 1);
	assert_int_equal(d.c[0].n, 2);
	assert_true(fabs(d.c[0].y[0] - 3) < 0.01);
	assert_string_equal(d.labels[1], "2");
	dist_fini(&d);
	assert_int_equal(sim_dist(sim, "nosuch", &d, &e), -1);
	sim_free(sim);

	/* three firms: q_{t+1} = 4.5 - q_t from 0, a 2-cycle that never decays */
	assert_int_equal(lb_set(s, "n", "3", &e), 0);
	sim = new_sim(s, 0, NULL);
	for (int n = 1; n <= 6; n++) {
		assert_int_equal(sim_step(sim, &e), 0);
		assert_true(learn_action(sim->learn)[2] == (n % 2 ? 4.5 : 0));
		assert_true(tu_last(sim, "dist_ne") == 2.25);
	}
	sim_free(sim);
	/* fictitious play converges for five firms: q* = 9/6 */
	assert_int_equal(lb_set(s, "n", "5", &e), 0);
	sim = new_sim(s, 0, "fictitious");
	for (int n = 1; n <= 400; n++)
		assert_int_equal(sim_step(sim, &e), 0);
	assert_true(tu_last(sim, "dist_ne") < 1e-6);
	sim_free(sim);
	assert_int_equal(lb_set(s, "n", "51", &e), -1);
	assert_string_equal(e.msg, "parameter 'n' = 51 is out of range: allowed integer in "
			    "[1, 50]");
	/* a run may outlive its scenario: the Lua state stays until the run is freed */
	sim = new_sim(s, 0, NULL);
	lb_free(s);
	for (int n = 1; n <= 3; n++)
		assert_int_equal(sim_step(sim, &e), 0);
	/* five firms, Cournot dynamics: 0, 4.5, 0, 4.5 against q* = 1.5 */
	assert_true(tu_last(sim, "dist_ne") == 3);
	assert_true(tu_last(sim, "step_change") == 4.5);
	sim_free(sim);
}

static void test_game_declarations(void **state)
{
	struct lb_scenario *s = load_ok(fixture("game_kinds.lua"));
	const struct model_ops *ops = lb_ops(s);
	const struct params *p = &lb_variant(s, 0)->params;
	struct err e = { "" };
	struct sim *sim;
	const double *a;
	char *rng;

	assert_string_equal(ops->name, "game_kinds");
	assert_int_equal(ops->nparams, 7);
	/* sorted by name: flag, mode, n, r, t, w, x */
	assert_string_equal(ops->params[0].name, "flag");
	assert_int_equal(ops->params[0].type, PARAM_BOOL);
	assert_int_equal(ops->params[1].type, PARAM_ENUM);
	assert_string_equal(ops->params[1].choices, "ok|error|loop|nil|short");
	assert_string_equal(ops->params[1].help, "failure mode");
	assert_int_equal(ops->params[2].type, PARAM_INT);
	assert_int_equal(ops->params[3].type, PARAM_REAL);
	assert_string_equal(ops->params[3].unit, "m");
	rng = param_spec_range(&ops->params[3]);
	assert_string_equal(rng, "(0, 5]");
	free(rng);
	assert_int_equal(ops->params[4].type, PARAM_TABLE);
	assert_string_equal(ops->params[4].cols, "lo,hi");
	assert_int_equal(ops->params[5].type, PARAM_ARRAY);
	assert_int_equal(ops->params[6].type, PARAM_REAL);
	assert_param_text(p, "flag", "1");
	assert_param_text(p, "mode", "ok");
	assert_param_text(p, "w", "{1,2,3}");
	assert_param_text(p, "t", "{{1,2},{3,4}}");
	assert_param_text(p, "x", "0.5");
	assert_int_equal(lb_nviews(s), 3);
	assert_int_equal(lb_view(s, 2)->kind, VIEW_DIST);
	/* series in the listed order, with their flags and help */
	assert_int_equal(ops->nseries, 2);
	assert_string_equal(ops->series[0].name, "steps");
	assert_string_equal(ops->series[0].help, "step count");
	assert_string_equal(ops->series[1].name, "first");
	assert_int_equal(ops->series[1].flags, SERIES_F_LOGY);

	/* 3 players x 2 components; start {i, -i}; BR_i = {x * belief_i[1], w[1] + t[2].hi} */
	sim = new_sim(s, 0, NULL);
	assert_int_equal(sim->model->dim, 6);
	a = learn_action(sim->learn);
	assert_true(a[0] == 1 && a[1] == -1 && a[4] == 3 && a[5] == -3);
	assert_int_equal(sim_step(sim, &e), 0);
	a = learn_action(sim->learn);
	assert_true(a[0] == 0.5 && a[1] == 5 && a[4] == 1.5 && a[5] == 5);
	assert_true(tu_last(sim, "first") == 0.5);
	assert_true(tu_last(sim, "steps") == 1);
	sim_free(sim);

	/* a table row keyed by column names, and a bad one */
	assert_int_equal(lb_set(s, "t", "{{lo = 1, hi = 2}, {hi = 10, lo = 3}}", &e), 0);
	assert_param_text(&lb_variant(s, 0)->params, "t", "{{1,2},{3,10}}");
	assert_int_equal(lb_set(s, "t", "{{lo = 1}}", &e), -1);
	assert_string_equal(e.msg, "parameter 't': row 1: column 'hi' is missing, expected a "
			    "number");

	/* runtime failures inside best_response */
	assert_int_equal(lb_set(s, "mode", "'error'", &e), 0);
	sim = new_sim(s, 0, NULL);
	assert_int_equal(sim_step(sim, &e), 0);
	assert_int_equal(sim_step(sim, &e), -1);
	tu_assert_contains(e.msg, "game_kinds.lua:23: bad belief for player 1\nstack traceback:");
	sim_free(sim);
	lb_sandbox_set_default_limits(1000000, 0);
	assert_int_equal(lb_set(s, "mode", "'loop'", &e), 0);
	sim = new_sim(s, 0, NULL);
	assert_int_equal(sim_step(sim, &e), -1);
	tu_assert_contains(e.msg, "game_kinds.lua:25: instruction limit exceeded (endless loop?)");
	sim_free(sim);
	lb_sandbox_set_default_limits(100000000, 0);
	assert_int_equal(lb_set(s, "mode", "'nil'", &e), 0);
	sim = new_sim(s, 0, NULL);
	assert_int_equal(sim_step(sim, &e), -1);
	tu_assert_contains(e.msg, "game_kinds.lua:21: the result of best_response(1, ...) is a "
			   "nil, expected a table of 2 numbers");
	sim_free(sim);
	assert_int_equal(lb_set(s, "mode", "'short'", &e), 0);
	sim = new_sim(s, 0, NULL);
	assert_int_equal(sim_step(sim, &e), -1);
	tu_assert_contains(e.msg, "best_response(1, ...) has 1 values, expected 2");
	sim_free(sim);
	lb_free(s);
}

/* ---- hooks ---- */

struct cmd_log {
	int n;
	char lines[16][128];
};

static int command_cb(void *ctx, const char *line, struct err *e)
{
	struct cmd_log *log = ctx;

	if (strcmp(line, "fail") == 0)
		return err_set(e, "unknown command 'fail'; try 'help'");
	if (log->n < 16)
		snprintf(log->lines[log->n++], sizeof log->lines[0], "%s", line);
	return 0;
}

static void test_hooks(void **state)
{
	struct lb_scenario *s = load_ok(fixture("hooks.lua"));
	struct cmd_log log = { 0 };
	struct err e = { "" };
	struct sim *sim;

	assert_int_equal(lb_has_step_hook(s), 1);
	sim = new_sim(s, 0, NULL);
	/* taton.command outside a registered handler fails with a clear message */
	assert_int_equal(lb_hook_setup(s, sim, &e), -1);
	tu_assert_contains(e.msg, "hooks.lua:3: taton.command: no commands can run here");
	lb_set_command_handler(s, command_cb, &log);
	assert_int_equal(lb_hook_setup(s, sim, &e), 0);
	/* affine, dim 2, rho 0.5, c 1.5: x* = 1; from 0: x_n = 1 - (-0.5)^n */
	for (int n = 1; n <= 3; n++) {
		assert_int_equal(sim_step(sim, &e), 0);
		assert_int_equal(lb_hook_step(s, sim, &e), n < 3 ? 0 : -1);
	}
	tu_assert_contains(e.msg, "hooks.lua:13: taton.command(\"fail\"): unknown command 'fail'; "
			   "try 'help'");
	tu_assert_contains(e.msg, "\nstack traceback:");
	assert_int_equal(lb_hook_done(s, sim, &e), 0);
	assert_int_equal(log.n, 5);
	assert_string_equal(log.lines[0], "setup 0 1 0.5 2");
	assert_string_equal(log.lines[1], "step 1 0.5 0.5 2");
	assert_string_equal(log.lines[2], "step 2 0.25 0.5 2");
	assert_string_equal(log.lines[3], "step 3 0.125 0.5 2");
	assert_string_equal(log.lines[4], "done 3 0.125 0.5 2");
	sim_free(sim);
	lb_free(s);

	/* no hooks: no-ops */
	s = load_ok(fixture("affine.lua"));
	sim = new_sim(s, 0, NULL);
	assert_int_equal(lb_has_step_hook(s), 0);
	assert_int_equal(lb_hook_setup(s, sim, &e), 0);
	assert_int_equal(lb_hook_step(s, sim, &e), 0);
	assert_int_equal(lb_hook_done(s, sim, &e), 0);
	sim_free(sim);
	lb_free(s);
}

static int step_cb(void *ctx, const char *line, struct err *e)
{
	if (strcmp(line, "step") == 0)
		return sim_step(ctx, e);
	return 0;
}

static void test_nested(void **state)
{
	struct lb_scenario *s = load_ok(fixture("nested.lua"));
	struct err e = { "" };
	struct sim *sim = new_sim(s, 0, NULL);

	/* hook at step 1 steps the run again: the game's Lua best_response runs nested */
	lb_set_command_handler(s, step_cb, sim);
	assert_int_equal(sim_step(sim, &e), 0);
	assert_int_equal(lb_hook_step(s, sim, &e), 0);
	assert_int_equal(sim_n(sim), 2);
	assert_true(learn_action(sim->learn)[0] == 2);
	/* an endless loop of commands shares the hook's budget and is stopped */
	lb_sandbox_set_default_limits(1000000, 0);
	sim_free(sim);
	lb_free(s);
	s = load_ok(fixture("nested.lua"));
	sim = new_sim(s, 0, NULL);
	lb_set_command_handler(s, step_cb, sim);
	for (int n = 1; n <= 3; n++)
		assert_int_equal(sim_step(sim, &e), 0);
	assert_int_equal(lb_hook_step(s, sim, &e), -1);
	tu_assert_contains(e.msg, "nested.lua:15: instruction limit exceeded (endless loop?)");
	lb_sandbox_set_default_limits(100000000, 0);
	sim_free(sim);
	/* an error in the nested best_response comes back through the command */
	assert_int_equal(lb_set(s, "mode", "'error'", &e), 0);
	sim = new_sim(s, 0, NULL);
	lb_set_command_handler(s, step_cb, sim);
	assert_int_equal(sim_step(sim, &e), 0);
	assert_int_equal(lb_hook_step(s, sim, &e), -1);
	tu_assert_contains(e.msg, "nested.lua:13: taton.command(\"step\"): ");
	tu_assert_contains(e.msg, "nested.lua:7: nested boom\nstack traceback:");
	assert_int_equal(sim_n(sim), 1);
	sim_free(sim);
	lb_free(s);
}

/* ---- shipped scenarios ---- */

static void test_shipped_nfg(void **state)
{
	struct lb_scenario *s = load_ok(shipped("matching_pennies.lua"));
	struct err e = { "" };
	struct sim *sim;

	assert_string_equal(lb_ops(s)->name, "nfg");
	assert_string_equal(lb_variant(s, 0)->dynamics, "fictitious");
	assert_param_text(&lb_variant(s, 0)->params, "payoffs", "{{1,-1,-1,1},{-1,1,1,-1}}");
	sim = new_sim(s, 0, NULL);
	for (int n = 1; n <= 1000; n++)
		assert_int_equal(sim_step(sim, &e), 0);
	/* the start {1, 2}: an independent textbook fictitious play gives the same regret */
	static const double A[] = {1, -1, -1, 1}, B[] = {-1, 1, 1, -1};
	TU_REL(tu_fictitious_nashconv(A, B, 2, 2, 0, 1, 1000), tu_last(sim, "regret"), 1e-9);
	sim_free(sim);
	lb_free(s);

	/* Shapley's game: fictitious play keeps NashConv above 0.2 */
	s = load_ok(shipped("shapley.lua"));
	assert_param_text(&lb_variant(s, 0)->params, "start", "{1,2}");
	assert_param_text(&lb_variant(s, 0)->params, "payoffs",
			  "{{0,1,0,0,0,1,1,0,0},{0,0,1,1,0,0,0,1,0}}");
	sim = new_sim(s, 0, NULL);
	for (int n = 1; n <= 3000; n++) {
		assert_int_equal(sim_step(sim, &e), 0);
		if (n > 100)
			assert_true(tu_last(sim, "regret") > 0.2);
	}
	sim_free(sim);
	lb_free(s);
}

/* ---- the explorer's keys: speed, tol, sliders, action_names ---- */

/* Loads `body` (the inside of taton.scenario{...} for nfg) from a temporary file; NULL
 * with the message in e on an error. */
static struct lb_scenario *load_text(const char *body, struct err *e)
{
	char path[] = "/tmp/taton-lb-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fprintf(f, "return taton.scenario{ model = \"nfg\", %s }\n", body);
	fclose(f);
	struct lb_scenario *s = lb_load(path, libdir(), e);
	unlink(path);
	return s;
}

static void present_fails(const char *body, const char *want)
{
	struct err e = { "" };
	struct lb_scenario *s = load_text(body, &e);
	assert_null(s);
	tu_assert_contains(e.msg, want);
}

static void test_present_keys(void **state)
{
	struct err e = { "" };
	struct lb_scenario *s = load_text("speed = 1000, tol = 1e-7, sliders = { tie = nil }, "
					  "action_names = { \"Heads\", \"Tails\" }", &e);
	if (!s)
		fail_msg("%s", e.msg);
	assert_true(lb_speed(s) == 1000);
	assert_true(lb_tol(s) == 1e-7);
	assert_string_equal(lb_action_name(s, 0, 1), "Tails");
	assert_string_equal(lb_action_name(s, 1, 0), "Heads"); /* one list names every player */
	assert_null(lb_action_name(s, 0, 2));
	assert_true(lb_slider_step(s, "tie") == 0);
	lb_free(s);
	s = load_text("speed = \"max\", tol = false, "
		      "action_names = { { \"Up\", \"Down\" }, { \"Left\", \"Right\" } }", &e);
	if (!s)
		fail_msg("%s", e.msg);
	assert_true(lb_speed(s) == 0);
	assert_true(lb_tol(s) == 0);
	assert_string_equal(lb_action_name(s, 1, 1), "Right");
	assert_null(lb_action_name(s, 2, 0));
	lb_free(s);
	s = load_text("", &e); /* none given */
	assert_non_null(s);
	assert_true(isnan(lb_speed(s)) && isnan(lb_tol(s)));
	assert_null(lb_action_name(s, 0, 0));
	lb_free(s);
	present_fails("speed = 0.5", "speed must be a number of steps per second >= 1, or \"max\"");
	present_fails("tol = -1", "tol must be a number > 0, or false");
	present_fails("sliders = { tie = 1 }", "sliders: 'tie' is not a number parameter");
	present_fails("sliders = { nope = 1 }", "sliders: unknown parameter 'nope'");
	present_fails("action_names = { \"\" }", "action_names: name 1 of player 1 must be a string");
	present_fails("action_names = 3", "action_names must be a list of names");
	present_fails("views = { { dist = \"strategy\", cobweb = { \"regret\", \"regret\" } } }",
		      "cobweb applies to a view of a distribution of curves");
	present_fails("colour = 1", "speed, tol, sliders, action_names");
}

/* A ragged table parameter (PARAM_F_RAGGED, the ttp model's tree): rows of any length are
 * padded with NaN, the padding never reaches Lua or the formatted value, and only a row's
 * tail may be missing. */
static void test_ragged_table(void **state)
{
	struct lb_scenario *s = load_ok(shipped("ttp_example.lua"));
	struct err e = { "" };

	assert_param_text(&lb_variant(s, 0)->params, "tree",
			  "{{0,1},{1,0.5},{1,0.5},{2,0.5,8,6,2},{2,0.5,6,8,2},{3,0.5,6,-4,2},"
			  "{3,0.5,-4,6,2}}");
	assert_int_equal(lb_set(s, "tree", "{{0, 1}, {1, 0.5, 1, 2}, {1, 0.5, 3, 4}}", &e), 0);
	const struct param_value *v = params_get(&lb_variant(s, 0)->params, "tree");
	assert_int_equal(v->rows, 3);
	assert_int_equal(v->cols, 4);
	assert_true(v->arr[0] == 0 && v->arr[1] == 1 && isnan(v->arr[2]) && isnan(v->arr[3]));
	assert_param_text(&lb_variant(s, 0)->params, "tree", "{{0,1},{1,0.5,1,2},{1,0.5,3,4}}");
	/* expressions see the rows without their padding */
	assert_int_equal(lb_set(s, "mu", "{#tree[1], #tree[2]}", &e), 0);
	assert_param_text(&lb_variant(s, 0)->params, "mu", "{2,4}");
	/* the longest row sets the width wherever it is */
	assert_int_equal(lb_set(s, "tree", "{{0, 1}, {1, 1, 5, 6, 7}}", &e), 0);
	assert_int_equal(params_get(&lb_variant(s, 0)->params, "tree")->cols, 5);
	assert_int_equal(lb_set(s, "tree", "{{0, 1}, {}}", &e), -1);
	assert_string_equal(e.msg, "parameter 'tree': row 2 is empty");
	assert_int_equal(lb_set(s, "tree", "{{0, 1}, {1, 1, 0/0, 2}}", &e), -1);
	assert_string_equal(e.msg, "parameter 'tree' row 2 value 3 is not a number");
	assert_int_equal(lb_set(s, "tree", "{{0, 1}, {1, 'x'}}", &e), -1);
	assert_string_equal(e.msg, "parameter 'tree': row 2 value 2 is a string, expected a "
			    "number");
	assert_param_text(&lb_variant(s, 0)->params, "tree", "{{0,1},{1,1,5,6,7}}");
	lb_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_model_scenario),
		cmocka_unit_test(test_load_model_defaults),
		cmocka_unit_test(test_views_x),
		cmocka_unit_test(test_param_errors),
		cmocka_unit_test(test_long_directory),
		cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_runtime_error),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_instruction_limit),
		cmocka_unit_test(test_memory_limit),
		cmocka_unit_test(test_sandbox),
		cmocka_unit_test(test_require),
		cmocka_unit_test(test_set),
		cmocka_unit_test(test_random_seed),
		cmocka_unit_test(test_cournot_game),
		cmocka_unit_test(test_game_declarations),
		cmocka_unit_test(test_hooks),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_shipped_nfg),
		cmocka_unit_test(test_present_keys),
		cmocka_unit_test(test_ragged_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
