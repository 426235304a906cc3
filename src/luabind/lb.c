/* lb: scenario loading, parameters, views, variants, hooks and `--set`; see lb.h.
 *
 * A scenario file runs once, in its own sandbox (lb_sandbox); its returned table is then
 * read from C with raw access only (no metamethods), so nothing the script defines runs
 * outside a protected, budgeted call. taton.scenario{...} records where it was called
 * ("file:LINE"), and every error about the table's contents carries that position (a table
 * constructor keeps no per-field lines). Keys and parameters are processed in sorted order,
 * so the first error reported never depends on pairs() order.
 * The `taton` table seen by scripts: scenario(t), command(line), version, models().
 * Neighbours: lb_sandbox, lb_value, lb_game (internal); core/model, core/learn, core/sim;
 * the command table is reached only through the registered handler. */
#include "luabind/lb.h"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>

#include "core/learn.h"
#include "core/text.h"
#include "core/xmalloc.h"
#include "luabind/lb_game.h"
#include "luabind/lb_present.h"
#include "luabind/lb_sandbox.h"
#include "luabind/lb_value.h"

#define MAX_VIEWS 16
#define MAX_VARIANTS 16
#define DEFAULT_SEED 1
#define DEFAULT_DYNAMICS "" /* the model's default: cournot for a game, none for a process */

struct lb_scenario {
	struct lb_sandbox *sb;
	char *path;   /* "" for lb_load_model */
	char *where;  /* "file:LINE" of taton.scenario{...}, or the path */
	char *title, *info;
	const struct model_ops *ops; /* borrowed (built-in) or game's */
	struct lb_game *game;        /* Lua game, or NULL */
	uint64_t seed;
	size_t nvariants;
	struct lb_variant *variants;
	size_t nviews;
	struct view_spec *views;
	int ref_setup, ref_step, ref_done;
	struct lb_present present;   /* speed, tol, sliders, action_names */
};

static char key_where; /* registry: weak table scenario table -> "file:LINE" */

/* ---- the taton table ---- */

static int l_scenario(lua_State *L)
{
	lua_Debug ar;

	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 1);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_where);
	lua_pushvalue(L, 1);
	if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "Sl", &ar) && ar.currentline > 0)
		lua_pushfstring(L, "%s:%d", ar.source[0] == '@' ? ar.source + 1 : ar.short_src,
				ar.currentline);
	else
		lua_pushstring(L, lb_sandbox_of(L)->name);
	lua_rawset(L, 2);
	lua_settop(L, 1);
	return 1;
}

static int l_command(lua_State *L)
{
	struct lb_sandbox *sb = lb_sandbox_of(L);
	const char *line = luaL_checkstring(L, 1);
	struct err e = { "" };
	char *nl;

	lb_sandbox_checktext(L, 1, "taton.command: the line", NULL);
	if (!sb->command)
		return luaL_error(L, "taton.command: no commands can run here (only in hooks)");
	if (lb_sandbox_command(sb, line, &e) < 0) {
		nl = strchr(e.msg, '\n');
		if (nl)
			*nl = '\0';
		return luaL_error(L, "taton.command(\"%s\"): %s", line, e.msg);
	}
	lua_pushboolean(L, 1);
	return 1;
}

static int l_models(lua_State *L)
{
	lua_newtable(L);
	for (int i = 0; model_registry[i]; i++) {
		lua_pushstring(L, model_registry[i]->name);
		lua_rawseti(L, -2, i + 1);
	}
	return 1;
}

static void open_taton(lua_State *L)
{
	lua_newtable(L);
	lua_newtable(L);
	lua_pushliteral(L, "k");
	lua_setfield(L, -2, "__mode");
	lua_setmetatable(L, -2);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_where);

	lua_newtable(L);
	lua_pushcfunction(L, l_scenario);
	lua_setfield(L, -2, "scenario");
	lua_pushcfunction(L, l_command);
	lua_setfield(L, -2, "command");
	lua_pushcfunction(L, l_models);
	lua_setfield(L, -2, "models");
	lua_pushliteral(L, PACKAGE_VERSION);
	lua_setfield(L, -2, "version");
	lua_setglobal(L, "taton");
}

/* ---- helpers ---- */

static int rawfield(lua_State *L, int t, const char *k)
{
	lua_pushstring(L, k);
	return lua_rawget(L, t);
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* "cournot" from "dir/cournot.lua". */
static char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/'), *b = slash ? slash + 1 : path;
	size_t n = strlen(b);

	if (n > 4 && strcmp(b + n - 4, ".lua") == 0)
		n -= 4;
	return xstrndup(b, n);
}

static struct lb_scenario *scn_new(const char *name, const char *path, const char *libdir,
				   const char *dir)
{
	struct lb_scenario *s = xcalloc(1, sizeof *s);

	s->sb = lb_sandbox_new(name, libdir, dir);
	s->path = xstrdup(path);
	s->seed = DEFAULT_SEED;
	s->ref_setup = s->ref_step = s->ref_done = LUA_NOREF;
	s->present.speed = s->present.tol = NAN;
	open_taton(s->sb->L);
	return s;
}

const char *const lb_scenario_keys[] = {
	"title", "info", "model", "game", "params", "variants", "dynamics", "seed", "views",
	"setup", "step", "done", "speed", "tol", "sliders", "action_names", NULL,
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **lb_taton_fields(void)
{
	lua_State *L = luaL_newstate();
	size_t n = 0, cap = 8;
	char **v = xmallocarray(cap, sizeof *v);

	if (!L)
		xfatal("Lua state");
	open_taton(L);
	lua_getglobal(L, "taton");
	lua_pushnil(L);
	while (lua_next(L, -2)) {
		if (lua_type(L, -2) == LUA_TSTRING) {
			if (n + 1 >= cap)
				v = xreallocarray(v, cap *= 2, sizeof *v);
			v[n++] = xstrdup(lua_tostring(L, -2));
		}
		lua_pop(L, 1);
	}
	lua_close(L);
	qsort(v, n, sizeof *v, cmp_str);
	v[n] = NULL;
	return v;
}

/* Applies the overrides table at index t (name = value) to p, in name order. */
static int apply_overrides(lua_State *L, int t, struct params *p, const char *what,
			   struct err *e)
{
	char **keys = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	if (lua_isnil(L, t))
		return 0;
	if (lua_type(L, t) != LUA_TTABLE)
		return err_set(e, "%s must be a table name = value", what);
	lua_pushnil(L);
	while (lua_next(L, t)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING) {
			rc = err_set(e, "%s: keys must be parameter names (found a %s key)", what,
				     luaL_typename(L, -1));
			lua_pop(L, 1);
			break;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			keys = xreallocarray(keys, cap, sizeof *keys);
		}
		keys[n++] = xstrdup(lua_tostring(L, -1));
	}
	if (rc == 0 && n)
		qsort(keys, n, sizeof *keys, cmp_str);
	for (size_t i = 0; i < n && rc == 0; i++) {
		int idx = params_lookup(p, keys[i], e);

		if (idx < 0) {
			rc = -1;
			break;
		}
		rawfield(L, t, keys[i]);
		rc = lb_value_set(L, -1, p, idx, e);
		lua_pop(L, 1);
	}
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	return rc;
}

static int parse_dynamics(lua_State *L, int idx, const char *def, char *out, size_t size,
			  const char *what, struct err *e)
{
	struct learn_spec spec;

	if (lua_isnil(L, idx)) {
		snprintf(out, size, "%s", def);
		return 0;
	}
	if (lua_type(L, idx) != LUA_TSTRING)
		return err_set(e, "%s must be a string such as \"fictitious\"", what);
	if (learn_parse(lua_tostring(L, idx), &spec, e) < 0) {
		err_prefix(e, "%s", what);
		return -1;
	}
	learn_format(&spec, out, size);
	return 0;
}

/* ---- views ---- */

static int has_series(const struct lb_scenario *s, const char *name)
{
	if (strcmp(name, "step_change") == 0 || strcmp(name, "dist_ne") == 0)
		return 1;
	return model_ops_has_series(s->ops, name);
}

static const struct model_dist_desc *find_dist(const struct lb_scenario *s, const char *name)
{
	for (size_t i = 0; i < s->ops->ndists; i++)
		if (strcmp(s->ops->dists[i].name, name) == 0)
			return &s->ops->dists[i];
	return NULL;
}

static int has_dist(const struct lb_scenario *s, const char *name)
{
	return find_dist(s, name) != NULL;
}

static int unknown_name(const struct lb_scenario *s, const char *what, const char *name,
			int series, int dists, struct err *e)
{
	char list[ERR_MSG_MAX] = ""; /* err_set cuts a longer message at a word */

	if (series) {
		strncat(list, "series: step_change, dist_ne", sizeof list - strlen(list) - 1);
		for (size_t i = 0; i < s->ops->nseries; i++) {
			strncat(list, ", ", sizeof list - strlen(list) - 1);
			strncat(list, s->ops->series[i].name, sizeof list - strlen(list) - 1);
		}
	}
	if (dists) {
		if (series)
			strncat(list, "; ", sizeof list - strlen(list) - 1);
		strncat(list, "distributions: ", sizeof list - strlen(list) - 1);
		for (size_t i = 0; i < s->ops->ndists; i++) {
			if (i)
				strncat(list, ", ", sizeof list - strlen(list) - 1);
			strncat(list, s->ops->dists[i].name, sizeof list - strlen(list) - 1);
		}
		if (s->ops->ndists == 0)
			strncat(list, "(none)", sizeof list - strlen(list) - 1);
	}
	return err_set(e, "%s: '%s' is not a %s of model '%s'; %s", what, name,
		       series && dists ? "series or distribution" : series ? "series"
									 : "distribution",
		       s->ops->name, list);
}

static int add_series_name(struct lb_scenario *s, struct view_spec *v, const char *name,
			   const char *what, struct err *e)
{
	if (!has_series(s, name))
		return unknown_name(s, what, name, 1, 0, e);
	if (v->nseries >= VIEW_MAX_SERIES)
		return err_set(e, "%s: at most %d series per view", what, VIEW_MAX_SERIES);
	snprintf(v->series[v->nseries++], sizeof v->series[0], "%s", name);
	return 0;
}

static void default_title(struct view_spec *v)
{
	if (v->title[0])
		return;
	if (v->kind == VIEW_DIST) {
		snprintf(v->title, sizeof v->title, "%s%s%.37s", v->dist, v->value[0] ? ": " : "",
			 v->value);
		return;
	}
	for (int i = 0; i < v->nseries; i++) {
		if (i)
			strncat(v->title, ", ", sizeof v->title - strlen(v->title) - 1);
		strncat(v->title, v->series[i], sizeof v->title - strlen(v->title) - 1);
	}
	size_t len = strlen(v->title);
	if (v->x[0])
		snprintf(v->title + len, sizeof v->title - len, " vs %s", v->x);
}

/* x = "NAME": the series a series view is drawn against ("step", the default, allowed). */
static int parse_view_x(struct lb_scenario *s, lua_State *L, int t, struct view_spec *v,
			const char *what, struct err *e)
{
	int type = rawfield(L, t, "x"), rc = 0;
	const char *name = type == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
	char where[LB_WHAT_MAX + 128];

	if (type == LUA_TNIL) {
		/* drawn over the steps */
	} else if (!name) {
		rc = err_set(e, "%s: x must be a series name", what);
	} else if (v->kind != VIEW_SERIES) {
		rc = err_set(e, "%s: x applies to series views, not to distribution '%s'", what,
			     v->dist);
	} else if (strcmp(name, "step") != 0) {
		snprintf(where, sizeof where, "%s: x", what);
		if (has_series(s, name))
			snprintf(v->x, sizeof v->x, "%s", name);
		else
			rc = unknown_name(s, where, name, 1, 0, e);
	}
	lua_pop(L, 1);
	return rc;
}

/* value = "COLUMN": the value column a view of a grid distribution shows. A model's grid
 * has its columns only once it is computed, so the column itself is checked when drawn. */
static int parse_view_value(struct lb_scenario *s, lua_State *L, int t, struct view_spec *v,
			    const char *what, struct err *e)
{
	int type = rawfield(L, t, "value"), rc = 0;
	const struct model_dist_desc *dd = v->kind == VIEW_DIST ? find_dist(s, v->dist) : NULL;

	if (type == LUA_TNIL) {
		/* the first column */
	} else if (type != LUA_TSTRING) {
		rc = err_set(e, "%s: value must be a column name", what);
	} else if (!dd) {
		rc = err_set(e, "%s: value applies to a view of a grid distribution", what);
	} else if (dd->kind != DIST_GRID) {
		rc = err_set(e, "%s: value names a column of a grid distribution; '%s' is not "
			     "one (its kind: %s)", what, v->dist, dist_kind_name(dd->kind));
	} else {
		snprintf(v->value, sizeof v->value, "%s", lua_tostring(L, -1));
	}
	lua_pop(L, 1);
	return rc;
}

static const char *const view_keys[] = { "series", "x", "dist", "value", "title", "logy",
					 "cobweb", "game", NULL };

/* game = "matrix" | "simplex": a finite game's own views, from the distributions they
 * draw (the model must have them: nfg). */
static int parse_view_game(struct lb_scenario *s, lua_State *L, int t, struct view_spec *v,
			   const char *what, struct err *e)
{
	static const struct { const char *game, *dist, *dist2; } games[] = {
		{ "matrix", "payoffs", "strategy" },
		{ "simplex", "mix_path", "" },
	};
	const char *g = lua_tostring(L, -1);
	for (size_t i = 0; g && i < sizeof games / sizeof games[0]; i++) {
		if (strcmp(g, games[i].game) != 0)
			continue;
		if (!has_dist(s, games[i].dist) || (*games[i].dist2 && !has_dist(s, games[i].dist2)))
			return err_set(e, "%s: game \"%s\" needs a finite game's distributions %s%s%s "
				       "(model nfg)", what, g, games[i].dist, *games[i].dist2 ? " and "
				       : "", games[i].dist2);
		v->kind = VIEW_DIST;
		snprintf(v->game, sizeof v->game, "%s", games[i].game);
		snprintf(v->dist, sizeof v->dist, "%s", games[i].dist);
		snprintf(v->dist2, sizeof v->dist2, "%s", games[i].dist2);
		return 0;
	}
	return err_set(e, "%s: game must be \"matrix\" (the payoff matrix) or \"simplex\" (the "
		       "path of mixed strategies of three actions)", what);
}

/* cobweb = { "X", "Y" }: two series whose recent iterates a view of curves shows. */
static int parse_view_cobweb(struct lb_scenario *s, lua_State *L, int t, struct view_spec *v,
			     const char *what, struct err *e)
{
	int type = rawfield(L, t, "cobweb"), rc = 0;
	const struct model_dist_desc *dd = v->kind == VIEW_DIST ? find_dist(s, v->dist) : NULL;
	char where[LB_WHAT_MAX + 16];

	if (type == LUA_TNIL)
		return lua_pop(L, 1), 0;
	if (!dd || dd->kind != DIST_LINE) {
		lua_pop(L, 1);
		return err_set(e, "%s: cobweb applies to a view of a distribution of curves", what);
	}
	if (type != LUA_TTABLE || lua_rawlen(L, -1) != 2) {
		lua_pop(L, 1);
		return err_set(e, "%s: cobweb must be two series names, { \"x\", \"y\" }", what);
	}
	for (int i = 0; i < 2 && rc == 0; i++) {
		const char *name = lua_rawgeti(L, -1, i + 1) == LUA_TSTRING ? lua_tostring(L, -1)
									    : NULL;
		snprintf(where, sizeof where, "%s: cobweb", what);
		if (!name)
			rc = err_set(e, "%s: cobweb must be two series names", what);
		else if (!has_series(s, name))
			rc = unknown_name(s, where, name, 1, 0, e);
		else
			snprintf(v->cobweb[i], sizeof v->cobweb[i], "%s", name);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return rc;
}

static int parse_view(struct lb_scenario *s, lua_State *L, int t, struct view_spec *v,
		      const char *what, struct err *e)
{
	int ts, td;

	memset(v, 0, sizeof *v);
	v->logy = -1;
	if (lua_type(L, t) == LUA_TSTRING) {
		const char *name = lua_tostring(L, t);

		if (has_series(s, name)) {
			v->kind = VIEW_SERIES;
			snprintf(v->series[0], sizeof v->series[0], "%s", name);
			v->nseries = 1;
		} else if (has_dist(s, name)) {
			v->kind = VIEW_DIST;
			snprintf(v->dist, sizeof v->dist, "%s", name);
		} else {
			return unknown_name(s, what, name, 1, 1, e);
		}
		default_title(v);
		return 0;
	}
	if (lua_type(L, t) != LUA_TTABLE)
		return err_set(e, "%s must be a name or a table {series=...} / {dist=...}", what);
	if (lb_value_check_keys(L, t, view_keys, 0, what, e) < 0)
		return -1;
	ts = rawfield(L, t, "series");
	td = rawfield(L, t, "dist");
	int tg = rawfield(L, t, "game");
	if ((ts != LUA_TNIL) + (td != LUA_TNIL) + (tg != LUA_TNIL) != 1) {
		lua_pop(L, 3);
		return err_set(e, "%s needs exactly one of series = {...}, dist = \"...\" and game = "
			       "\"...\"", what);
	}
	if (tg != LUA_TNIL) {
		int rc = parse_view_game(s, L, t, v, what, e);
		lua_pop(L, 3);
		if (rc < 0)
			return -1;
		if (rawfield(L, t, "title") == LUA_TSTRING)
			snprintf(v->title, sizeof v->title, "%s", lua_tostring(L, -1));
		lua_pop(L, 1);
		if (!v->title[0])
			snprintf(v->title, sizeof v->title, "%s", strcmp(v->game, "matrix") == 0
				 ? "Payoffs and frequencies"
				 : "Mixed strategies in the simplex");
		return 0;
	}
	lua_pop(L, 1);
	if (td != LUA_TNIL) {
		if (td != LUA_TSTRING || !has_dist(s, lua_tostring(L, -1))) {
			int rc = td != LUA_TSTRING
				? err_set(e, "%s: dist must be a name", what)
				: unknown_name(s, what, lua_tostring(L, -1), 0, 1, e);

			lua_pop(L, 2);
			return rc;
		}
		v->kind = VIEW_DIST;
		snprintf(v->dist, sizeof v->dist, "%s", lua_tostring(L, -1));
	} else {
		int st = lua_gettop(L) - 1;

		v->kind = VIEW_SERIES;
		if (ts == LUA_TSTRING) {
			if (add_series_name(s, v, lua_tostring(L, st), what, e) < 0)
				return lua_pop(L, 2), -1;
		} else if (ts == LUA_TTABLE) {
			lua_Integer n = (lua_Integer)lua_rawlen(L, st);

			for (lua_Integer i = 1; i <= n; i++) {
				if (lua_rawgeti(L, st, i) != LUA_TSTRING) {
					lua_pop(L, 3);
					return err_set(e, "%s: series must be a list of names", what);
				}
				if (add_series_name(s, v, lua_tostring(L, -1), what, e) < 0)
					return lua_pop(L, 3), -1;
				lua_pop(L, 1);
			}
			if (n == 0)
				return lua_pop(L, 2), err_set(e, "%s: series is empty", what);
		} else {
			lua_pop(L, 2);
			return err_set(e, "%s: series must be a name or a list of names", what);
		}
	}
	lua_pop(L, 2);
	if (parse_view_x(s, L, t, v, what, e) < 0 || parse_view_value(s, L, t, v, what, e) < 0 ||
	    parse_view_cobweb(s, L, t, v, what, e) < 0)
		return -1;
	if (rawfield(L, t, "title") == LUA_TSTRING)
		snprintf(v->title, sizeof v->title, "%s", lua_tostring(L, -1));
	else if (!lua_isnil(L, -1))
		return lua_pop(L, 1), err_set(e, "%s: title must be a string", what);
	lua_pop(L, 1);
	if (rawfield(L, t, "logy") != LUA_TNIL)
		v->logy = lua_toboolean(L, -1);
	lua_pop(L, 1);
	default_title(v);
	return 0;
}

static int parse_views(struct lb_scenario *s, lua_State *L, int t, struct err *e)
{
	lua_Integer n;
	char what[LB_WHAT_MAX];

	if (lua_isnil(L, t))
		return 0;
	if (lua_type(L, t) != LUA_TTABLE)
		return err_set(e, "%s: views must be a list", s->where);
	n = (lua_Integer)lua_rawlen(L, t);
	if (n > MAX_VIEWS)
		return err_set(e, "%s: at most %d views", s->where, MAX_VIEWS);
	s->views = xcalloc(n ? (size_t)n : 1, sizeof *s->views);
	for (lua_Integer i = 1; i <= n; i++) {
		int rc;

		snprintf(what, sizeof what, "%s: views[%lld]", s->where, (long long)i);
		lua_rawgeti(L, t, i);
		rc = parse_view(s, L, lua_gettop(L), &s->views[i - 1], what, e);
		lua_pop(L, 1);
		if (rc < 0)
			return -1;
		s->nviews++;
	}
	return 0;
}

/* ---- variants ---- */

static const char *const variant_keys[] = { "label", "params", "dynamics", NULL };

static int parse_variants(struct lb_scenario *s, lua_State *L, int t, const struct params *base,
			  const char *dynamics, struct err *e)
{
	lua_Integer n;
	char what[LB_WHAT_MAX];

	if (lua_isnil(L, t)) {
		s->variants = xcalloc(1, sizeof *s->variants);
		params_copy(&s->variants[0].params, base);
		snprintf(s->variants[0].dynamics, sizeof s->variants[0].dynamics, "%s", dynamics);
		s->nvariants = 1;
		return 0;
	}
	if (lua_type(L, t) != LUA_TTABLE || (n = (lua_Integer)lua_rawlen(L, t)) == 0)
		return err_set(e, "%s: variants must be a non-empty list of {label=..., "
			       "params={...}, dynamics=...}", s->where);
	if (n > MAX_VARIANTS)
		return err_set(e, "%s: at most %d variants", s->where, MAX_VARIANTS);
	s->variants = xcalloc((size_t)n, sizeof *s->variants);
	for (lua_Integer i = 1; i <= n; i++) {
		struct lb_variant *v = &s->variants[i - 1];
		int vt = lua_gettop(L) + 1, rc = 0;

		snprintf(what, sizeof what, "%s: variants[%lld]", s->where, (long long)i);
		params_copy(&v->params, base);
		s->nvariants++;
		if (lua_rawgeti(L, t, i) != LUA_TTABLE) {
			lua_pop(L, 1);
			return err_set(e, "%s must be a table {label=..., params={...}}", what);
		}
		if (lb_value_check_keys(L, vt, variant_keys, 0, what, e) < 0)
			return lua_pop(L, 1), -1;
		if (rawfield(L, vt, "label") == LUA_TSTRING) {
			const char *label = lua_tostring(L, -1);

			if (!lb_value_printable(label))
				rc = err_set(e, "%s: label must be printable text (no control "
					     "characters)", what);
			else if (strlen(label) >= sizeof v->label)
				rc = err_set(e, "%s: label is longer than %zu bytes", what,
					     sizeof v->label - 1);
			else
				snprintf(v->label, sizeof v->label, "%s", label);
		} else if (lua_isnil(L, -1))
			snprintf(v->label, sizeof v->label, "variant %lld", (long long)i);
		else
			rc = err_set(e, "%s: label must be a string", what);
		lua_pop(L, 1);
		if (rc == 0) {
			char sub[LB_WHAT_MAX + 64];

			snprintf(sub, sizeof sub, "%s.params", what);
			rawfield(L, vt, "params");
			rc = apply_overrides(L, lua_gettop(L), &v->params, sub, e);
			if (rc < 0 && strncmp(e->msg, sub, strlen(sub)) != 0)
				err_prefix(e, "%s", what);
			lua_pop(L, 1);
		}
		if (rc == 0) {
			char sub[LB_WHAT_MAX + 64];

			snprintf(sub, sizeof sub, "%s.dynamics", what);
			rawfield(L, vt, "dynamics");
			rc = parse_dynamics(L, lua_gettop(L), dynamics, v->dynamics,
					    sizeof v->dynamics, sub, e);
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* ---- loading ---- */

static int ref_hook(struct lb_scenario *s, lua_State *L, int t, const char *name, int *ref,
		    struct err *e)
{
	int ty = rawfield(L, t, name);

	if (ty == LUA_TNIL) {
		lua_pop(L, 1);
		return 0;
	}
	if (ty != LUA_TFUNCTION) {
		lua_pop(L, 1);
		return err_set(e, "%s: %s must be a function(run)", s->where, name);
	}
	*ref = luaL_ref(L, LUA_REGISTRYINDEX);
	return 0;
}

/* t[k] as an owned string cleaned of control sequences (text_clean; lines: keep line
 * breaks), or NULL when absent. */
static int opt_string(lua_State *L, int t, const char *k, int lines, char **out,
		      const char *where, struct err *e)
{
	int ty = rawfield(L, t, k);

	if (ty == LUA_TSTRING)
		*out = text_clean(lua_tostring(L, -1), lines);
	lua_pop(L, 1);
	if (ty != LUA_TSTRING && ty != LUA_TNIL)
		return err_set(e, "%s: %s must be a string", where, k);
	return 0;
}

static int has_nul(lua_State *L, int idx)
{
	size_t len;
	const char *str = lua_type(L, idx) == LUA_TSTRING ? lua_tolstring(L, idx, &len) : NULL;

	return str && strlen(str) != len;
}

/* Appends key (at index k) to path[0..len): ".name" or "[3]" (never converting the key in
 * place: it drives a traversal). */
static size_t path_add(lua_State *L, int k, char *path, size_t len, size_t size)
{
	int n = lua_type(L, k) == LUA_TSTRING
		? snprintf(path + len, size - len, "%s%s", len ? "." : "", lua_tostring(L, k))
		: lua_isinteger(L, k)
		? snprintf(path + len, size - len, "[%lld]", (long long)lua_tointeger(L, k))
		: snprintf(path + len, size - len, "[%s]", luaL_typename(L, k));

	return n < 0 || (size_t)n >= size - len ? size - 1 : len + (size_t)n;
}

/* Finds a string holding a NUL byte (C code would cut it there) among the keys and values
 * reachable from the table at index t, raw, each table once (`seen`). -1 with e naming
 * where ("params.mode"). */
static int check_nul(lua_State *L, int t, int seen, char *path, size_t len, size_t size,
		     struct err *e)
{
	lua_pushvalue(L, t);
	if (lua_rawget(L, seen) != LUA_TNIL) {
		lua_pop(L, 1);
		return 0;
	}
	lua_pop(L, 1);
	lua_pushvalue(L, t);
	lua_pushboolean(L, 1);
	lua_rawset(L, seen);
	lua_pushnil(L);
	while (lua_next(L, t)) {
		int k = lua_gettop(L) - 1, v = k + 1, bad = has_nul(L, k) || has_nul(L, v);
		size_t at = has_nul(L, k) ? len : path_add(L, k, path, len, size);

		if (!bad && lua_type(L, v) == LUA_TTABLE && check_nul(L, v, seen, path, at, size, e) < 0)
			bad = -1;
		if (bad) {
			if (bad > 0)
				err_set(e, "%s%sa string contains a NUL byte", path, at ? ": " : "");
			lua_pop(L, 2);
			return -1;
		}
		path[len] = '\0';
		lua_pop(L, 1);
	}
	return 0;
}

/* Reads the scenario table at index t. */
static int parse_scenario(struct lb_scenario *s, int t, struct err *e)
{
	lua_State *L = s->sb->L;
	struct params base = { 0 };
	char dynamics[64], what[LB_WHAT_MAX];
	int ty, rc = -1;

	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_where);
	lua_pushvalue(L, t);
	lua_rawget(L, -2);
	s->where = xstrdup(lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : s->path);
	lua_pop(L, 2);

	{
		char path[200] = "";

		lua_newtable(L);
		rc = check_nul(L, t, lua_gettop(L), path, 0, sizeof path, e);
		lua_pop(L, 1);
		if (rc < 0) {
			err_prefix(e, "%s", s->where);
			return -1;
		}
	}
	if (lb_value_check_keys(L, t, lb_scenario_keys, 0, s->where, e) < 0)
		return -1;
	if (opt_string(L, t, "title", 0, &s->title, s->where, e) < 0 ||
	    opt_string(L, t, "info", 1, &s->info, s->where, e) < 0)
		return -1;

	ty = rawfield(L, t, "seed");
	if (ty == LUA_TNUMBER) {
		lua_Number x = lua_tonumber(L, -1);

		if (x != floor(x) || x < 0 || x > 9007199254740992.0) {
			lua_pop(L, 1);
			return err_set(e, "%s: seed must be a whole number >= 0", s->where);
		}
		s->seed = lua_isinteger(L, -1) ? (uint64_t)lua_tointeger(L, -1) : (uint64_t)x;
	} else if (ty != LUA_TNIL) {
		lua_pop(L, 1);
		return err_set(e, "%s: seed must be a whole number >= 0", s->where);
	}
	lua_pop(L, 1);
	lb_sandbox_seed(s->sb, s->seed);

	snprintf(what, sizeof what, "%s: dynamics", s->where);
	rawfield(L, t, "dynamics");
	rc = parse_dynamics(L, lua_gettop(L), DEFAULT_DYNAMICS, dynamics, sizeof dynamics, what,
			    e);
	lua_pop(L, 1);
	if (rc < 0)
		return -1;

	ty = rawfield(L, t, "model");
	rawfield(L, t, "game");
	if ((ty == LUA_TNIL) == lua_isnil(L, -1)) {
		lua_pop(L, 2);
		return err_set(e, "%s: a scenario needs exactly one of model = \"NAME\" (a built-in "
			       "model) and game = {...} (a game defined in Lua)", s->where);
	}
	if (ty != LUA_TNIL) {
		const char *name = lua_tostring(L, -2);

		lua_pop(L, 1);
		if (ty != LUA_TSTRING) {
			lua_pop(L, 1);
			return err_set(e, "%s: model must be a name", s->where);
		}
		s->ops = model_lookup(name, e);
		if (!s->ops) {
			err_prefix(e, "%s", s->where);
			lua_pop(L, 1);
			return -1;
		}
		lua_pop(L, 1);
		params_init(&base, s->ops->params, s->ops->nparams);
		snprintf(what, sizeof what, "%s: params", s->where);
		rawfield(L, t, "params");
		rc = apply_overrides(L, lua_gettop(L), &base, what, e);
		lua_pop(L, 1);
		if (rc < 0) {
			if (strncmp(e->msg, what, strlen(what)) != 0)
				err_prefix(e, "%s", s->where);
			goto out;
		}
		if (!s->title)
			s->title = xstrdup(s->ops->summary ? s->ops->summary : s->ops->name);
		if (!s->info)
			s->info = xstrdup(s->ops->info ? s->ops->info : "");
	} else {
		char *name = base_of(s->path);
		int game = lua_gettop(L);

		rawfield(L, t, "params");
		s->game = lb_game_new(s->sb, game, lua_isnil(L, -1) ? 0 : lua_gettop(L), name,
				      s->title ? s->title : name, s->info ? s->info : "", s->where,
				      e);
		lua_pop(L, 3);
		if (!s->title)
			s->title = xstrdup(name);
		free(name);
		if (!s->game)
			return -1;
		if (!s->info)
			s->info = xstrdup("");
		s->ops = lb_game_ops(s->game);
		params_copy(&base, lb_game_defaults(s->game));
	}

	rawfield(L, t, "variants");
	rc = parse_variants(s, L, lua_gettop(L), &base, dynamics, e);
	lua_pop(L, 1);
	if (rc < 0)
		goto out;
	rawfield(L, t, "views");
	rc = parse_views(s, L, lua_gettop(L), e);
	lua_pop(L, 1);
	if (rc < 0 || (rc = lb_present_parse(&s->present, L, t, &base, s->where, e)) < 0)
		goto out;
	rc = -1;
	if (ref_hook(s, L, t, "setup", &s->ref_setup, e) < 0 ||
	    ref_hook(s, L, t, "step", &s->ref_step, e) < 0 ||
	    ref_hook(s, L, t, "done", &s->ref_done, e) < 0)
		goto out;
	rc = 0;
out:
	params_fini(&base);
	return rc;
}

struct lb_scenario *lb_load(const char *path, const char *libdir, struct err *e)
{
	char *dir = dir_of(path);
	struct lb_scenario *s = scn_new(path, path, libdir, dir);
	lua_State *L = s->sb->L;

	free(dir);
	if (lb_sandbox_loadfile(s->sb, path, e) < 0 || lb_sandbox_pcall(s->sb, 0, 1, e) < 0)
		goto fail;
	if (lua_type(L, -1) != LUA_TTABLE) {
		err_set(e, "%s: the file must end with `return taton.scenario{...}` (it returned "
			"%s)", path, lua_isnil(L, -1) ? "nothing" : luaL_typename(L, -1));
		goto fail;
	}
	if (parse_scenario(s, lua_gettop(L), e) < 0)
		goto fail;
	lua_settop(L, 0);
	return s;
fail:
	lb_free(s);
	return NULL;
}

struct lb_scenario *lb_load_model(const char *model, const char *libdir, struct err *e)
{
	const struct model_ops *ops = model_lookup(model, e);
	struct lb_scenario *s;
	struct params base;

	if (!ops)
		return NULL;
	s = scn_new(model, "", libdir, NULL);
	s->where = xstrdup(model);
	s->ops = ops;
	s->title = xstrdup(ops->summary ? ops->summary : ops->name);
	s->info = xstrdup(ops->info ? ops->info : "");
	params_init(&base, ops->params, ops->nparams);
	s->variants = xcalloc(1, sizeof *s->variants);
	params_copy(&s->variants[0].params, &base);
	snprintf(s->variants[0].dynamics, sizeof s->variants[0].dynamics, "%s",
		 DEFAULT_DYNAMICS);
	s->nvariants = 1;
	params_fini(&base);
	return s;
}

void lb_free(struct lb_scenario *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nvariants; i++)
		params_fini(&s->variants[i].params);
	free(s->variants);
	free(s->views);
	lb_present_fini(&s->present);
	if (!s->game || lb_game_release(s->game) == 0)
		lb_sandbox_free(s->sb);
	free(s->path);
	free(s->where);
	free(s->title);
	free(s->info);
	free(s);
}

/* ---- accessors ---- */

const char *lb_path(const struct lb_scenario *s) { return s->path; }
const char *lb_title(const struct lb_scenario *s) { return s->title; }
const char *lb_info(const struct lb_scenario *s) { return s->info; }
const struct model_ops *lb_ops(const struct lb_scenario *s) { return s->ops; }
uint64_t lb_seed(const struct lb_scenario *s) { return s->seed; }
size_t lb_nvariants(const struct lb_scenario *s) { return s->nvariants; }
size_t lb_nviews(const struct lb_scenario *s) { return s->nviews; }
double lb_speed(const struct lb_scenario *s) { return s->present.speed; }
double lb_tol(const struct lb_scenario *s) { return s->present.tol; }

double lb_slider_step(const struct lb_scenario *s, const char *param)
{
	return lb_present_step(&s->present, param);
}

const char *lb_action_name(const struct lb_scenario *s, int player, int action)
{
	return lb_present_action(&s->present, player, action);
}

void lb_set_seed(struct lb_scenario *s, uint64_t seed)
{
	s->seed = seed;
	lb_sandbox_seed(s->sb, seed);
}

struct lb_variant *lb_variant(struct lb_scenario *s, size_t i)
{
	return i < s->nvariants ? &s->variants[i] : NULL;
}

const struct view_spec *lb_view(const struct lb_scenario *s, size_t i)
{
	return i < s->nviews ? &s->views[i] : NULL;
}

/* ---- --set ---- */

/* expr is a bare word equal to one of the enum's choices ("loan" for "hard|bank|loan"). */
static int bare_choice(const struct param_spec *sp, const char *expr, char *out, size_t size)
{
	const char *b = expr, *c;
	size_t n;

	if (sp->type != PARAM_ENUM || !sp->choices)
		return 0;
	while (*b == ' ' || *b == '\t')
		b++;
	n = strlen(b);
	while (n > 0 && (b[n - 1] == ' ' || b[n - 1] == '\t'))
		n--;
	if (n == 0 || n >= size)
		return 0;
	for (c = sp->choices; *c;) {
		const char *end = strchr(c, '|');
		size_t len = end ? (size_t)(end - c) : strlen(c);

		if (len == n && strncmp(c, b, n) == 0) {
			snprintf(out, size, "%.*s", (int)n, b);
			return 1;
		}
		if (!end)
			break;
		c = end + 1;
	}
	return 0;
}

/* expr is a numeral ("6.05", "-1e-7", "0x10"): pushes its value and returns 1, else
 * pushes nothing and returns 0. Lua converts the text of a numeral in source with the same
 * function; only "-" differs, negating in source what follows: the one numeral whose value
 * depends on it, the smallest integer, is left to the evaluation (a sweep sets hundreds of
 * values, each compiled and run in the sandbox otherwise). */
static int numeral(lua_State *L, const char *expr)
{
	if (lua_stringtonumber(L, expr) == 0)
		return 0;
	if (lua_isinteger(L, -1) && lua_tointeger(L, -1) == LUA_MININTEGER) {
		lua_pop(L, 1);
		return 0;
	}
	return 1;
}

/* Evaluates expr for parameter idx of variant v, seeing that variant's parameters by name
 * (`--set 'b0_max=b0_min+5'`), into *out. */
static int eval_param(struct lb_scenario *s, size_t v, int idx, const char *expr,
		      struct lb_value *out, struct err *e)
{
	lua_State *L = s->sb->L;
	const struct param_spec *sp = &s->variants[v].params.spec[idx];
	char what[LB_WHAT_MAX], word[64];
	int rc;

	snprintf(what, sizeof what, "set %s", sp->name);
	if (bare_choice(sp, expr, word, sizeof word)) {
		/* the choice, even when a parameter has the same name (strategy=scale) */
		lua_pushstring(L, word);
	} else if (numeral(L, expr)) {
		/* pushed as the expression would give it, without compiling it */
	} else {
		lb_value_push_params(L, &s->variants[v].params);
		rc = lb_sandbox_eval(s->sb, expr, what, -1, e);
		lua_remove(L, rc == 0 ? -2 : -1);
		if (rc < 0)
			return -1;
	}
	rc = lb_value_read(L, -1, sp, out, e);
	lua_pop(L, 1);
	return rc;
}

int lb_set(struct lb_scenario *s, const char *name, const char *expr, struct err *e)
{
	int idx = params_lookup(&s->variants[0].params, name, e), rc = 0;
	struct params *fresh;

	if (idx < 0)
		return -1;
	/* Each variant sees its own parameters; all change or none. */
	fresh = xcalloc(s->nvariants, sizeof *fresh);
	for (size_t i = 0; i < s->nvariants; i++)
		params_copy(&fresh[i], &s->variants[i].params);
	for (size_t i = 0; i < s->nvariants && rc == 0; i++) {
		struct lb_value v;

		rc = eval_param(s, i, idx, expr, &v, e);
		if (rc == 0) {
			rc = lb_value_apply(&v, &fresh[i], idx, e);
			lb_value_fini(&v);
		}
	}
	for (size_t i = 0; i < s->nvariants; i++) {
		if (rc == 0) {
			params_fini(&s->variants[i].params);
			s->variants[i].params = fresh[i];
		} else {
			params_fini(&fresh[i]);
		}
	}
	free(fresh);
	return rc;
}

/* ---- hooks ---- */

static void push_run(lua_State *L, struct sim *sim)
{
	lua_createtable(L, 0, 5);
	if (!sim)
		return;
	lua_pushinteger(L, sim_n(sim));
	lua_setfield(L, -2, "step");
	lua_pushinteger(L, (lua_Integer)sim->seed);
	lua_setfield(L, -2, "seed");
	lua_createtable(L, 0, (int)sim->series.ncols);
	if (sim->series.nrows > 0)
		for (size_t c = 0; c < sim->series.ncols; c++) {
			double x = series_at(&sim->series, sim->series.nrows - 1, c);

			if (isnan(x))
				continue;
			lua_pushnumber(L, x);
			lua_setfield(L, -2, sim->series.names[c]);
		}
	lua_setfield(L, -2, "series");
	lb_value_push_params(L, &sim->params);
	lua_setfield(L, -2, "params");
	if (sim->model && sim->learn) {
		const double *a = learn_action(sim->learn);

		lua_createtable(L, (int)sim->model->dim, 0);
		for (size_t k = 0; k < sim->model->dim; k++) {
			lua_pushnumber(L, a[k]);
			lua_rawseti(L, -2, (lua_Integer)k + 1);
		}
		lua_setfield(L, -2, "action");
	}
}

static int run_hook(struct lb_scenario *s, int ref, struct sim *sim, struct err *e)
{
	lua_State *L = s->sb->L;

	if (ref == LUA_NOREF)
		return 0;
	lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
	push_run(L, sim);
	return lb_sandbox_pcall(s->sb, 1, 0, e);
}

int lb_hook_setup(struct lb_scenario *s, struct sim *sim, struct err *e)
{
	if (s->ref_setup != LUA_NOREF && sim)
		lb_sandbox_seed(s->sb, sim->seed);
	return run_hook(s, s->ref_setup, sim, e);
}

int lb_hook_step(struct lb_scenario *s, struct sim *sim, struct err *e)
{
	return run_hook(s, s->ref_step, sim, e);
}

int lb_hook_done(struct lb_scenario *s, struct sim *sim, struct err *e)
{
	return run_hook(s, s->ref_done, sim, e);
}

int lb_has_step_hook(const struct lb_scenario *s)
{
	return s->ref_step != LUA_NOREF;
}

int lb_interrupt(void)
{
	return lb_sandbox_interrupt();
}

void lb_interrupt_clear(void)
{
	lb_sandbox_interrupt_clear();
}

void lb_set_command_handler(struct lb_scenario *s, lb_command_fn fn, void *ctx)
{
	s->sb->command = fn;
	s->sb->command_ctx = ctx;
}

void lb_set_print_handler(struct lb_scenario *s, lb_print_fn fn, void *ctx)
{
	s->sb->print = fn;
	s->sb->print_ctx = ctx;
}
