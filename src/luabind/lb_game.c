/* lb_game: a Lua-defined game as a run-time model class; see lb_game.h.
 *
 * Representation: an action profile is a Lua sequence with one entry per player, a number
 * when the player's block has one component, else a sequence of its components
 * (lb_value_push_profile). best_response(i, belief, p) gets a fresh belief table per call
 * (so a function may modify it) and returns player i's block. Published series, in order:
 * the game's own `series` (sorted by name), then, when `payoff` is given, `welfare` (sum of
 * payoffs now) and `nash_gap` (largest gain of a unilateral switch to the best response;
 * it costs one more best_response call per player and step). One distribution, `action`
 * (bars of the current joint action). math.random is reseeded from the run's seed when an
 * instance is created, so a run is reproducible whatever ran before it. Instances may
 * outlive the scenario (lb_game_release): the class and the Lua state then go with the
 * last instance.
 * Limits: at most 100000 players and 10^7 action components; parameter declarations are
 * listed in name order (pairs() order is not stable). Neighbours: lb, lb_sandbox, lb_value,
 * core/model. */
#include "luabind/lb_game.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>

#include "core/text.h"
#include "core/xmalloc.h"
#include "luabind/lb_value.h"

#define MAX_PLAYERS 100000
#define MAX_DIM 10000000

struct lb_game_series {
	int ref;  /* Lua function, or LUA_NOREF for the built-in ones */
	int kind; /* 0 custom, 1 welfare, 2 nash_gap */
};

struct lb_game {
	struct model_ops ops;
	struct lb_sandbox *sb;
	char **strs; /* owned strings the specs and descriptors point to */
	size_t nstrs, capstrs;
	struct param_spec *specs;
	struct params defaults;
	struct model_series_desc *series;
	struct lb_game_series *sfn;
	size_t nseries;
	int ref_players, ref_dim, ref_start, ref_br, ref_payoff, ref_eq;
	char *br_where; /* "file:line" of best_response, for messages */
	int ninst;      /* live instances */
	int orphan;     /* the scenario is gone: the last instance frees g and the state */
};

struct lb_game_inst {
	struct lb_game *g;
	int ref_p;      /* the params table handed to every function */
	int np;
	size_t *off;
	double *start, *eq; /* eq may be NULL */
	double *tmp;    /* dim scratch */
};

static const struct model_dist_desc game_dists[] = {
	{ "action", DIST_BARS, "the current joint action, one bar per component" },
};

static const char *own(struct lb_game *g, const char *s)
{
	if (g->nstrs == g->capstrs) {
		g->capstrs = g->capstrs ? 2 * g->capstrs : 16;
		g->strs = xreallocarray(g->strs, g->capstrs, sizeof *g->strs);
	}
	g->strs[g->nstrs] = xstrdup(s);
	return g->strs[g->nstrs++];
}

/* A copy owned by g of text cleaned of control sequences (help and unit texts are shown). */
static const char *own_clean(struct lb_game *g, const char *s)
{
	char *clean = text_clean(s, 0);
	const char *kept = own(g, clean);

	free(clean);
	return kept;
}

/* ---- table helpers (raw access only) ---- */

static int rawfield(lua_State *L, int t, const char *k)
{
	lua_pushstring(L, k);
	return lua_rawget(L, t);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* String keys of table t, sorted; -1 with e if a key is not a string. */
static int sorted_keys(lua_State *L, int t, const char *what, char ***out, size_t *n,
		       struct err *e)
{
	char **keys = NULL;
	size_t cnt = 0, cap = 0;

	lua_pushnil(L);
	while (lua_next(L, t)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING) {
			for (size_t i = 0; i < cnt; i++)
				free(keys[i]);
			free(keys);
			lua_pop(L, 1);
			return err_set(e, "%s: keys must be names (found a %s key)", what,
				       lua_typename(L, lua_type(L, -1)));
		}
		if (cnt == cap) {
			cap = cap ? 2 * cap : 8;
			keys = xreallocarray(keys, cap, sizeof *keys);
		}
		keys[cnt++] = xstrdup(lua_tostring(L, -1));
	}
	if (cnt)
		qsort(keys, cnt, sizeof *keys, cmp_str);
	*out = keys;
	*n = cnt;
	return 0;
}

static void free_keys(char **keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
}

static int valid_name(const char *s)
{
	if (!*s || strlen(s) > 39 || (*s >= '0' && *s <= '9'))
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

/* A list given as a sequence of strings or as one string with separators, joined by sep.
 * Names must be printable (they reach CSV headers and the terminal) and must not hold sep;
 * a list that does not fit in buf is refused, never cut. */
static int join_list(lua_State *L, int idx, char sep, const char *what, char *buf,
		     size_t size, struct err *e)
{
	size_t len = 0;

	buf[0] = '\0';
	if (lua_type(L, idx) == LUA_TSTRING) {
		const char *str = lua_tostring(L, idx);

		if (!lb_value_printable(str))
			return err_set(e, "%s: names must be printable (no control characters)",
				       what);
		if (strlen(str) >= size)
			return err_set(e, "%s: the list is longer than %zu bytes", what, size - 1);
		snprintf(buf, size, "%s", str);
		return 0;
	}
	if (lua_type(L, idx) != LUA_TTABLE)
		return err_set(e, "%s must be a list of names", what);
	for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, idx); i++) {
		const char *name;
		size_t n;

		if (lua_rawgeti(L, idx, i) != LUA_TSTRING) {
			lua_pop(L, 1);
			return err_set(e, "%s must be a list of names", what);
		}
		name = lua_tostring(L, -1);
		n = strlen(name);
		if (!lb_value_printable(name) || strchr(name, sep)) {
			lua_pop(L, 1);
			return err_set(e, "%s: name %lld must be printable and without '%c'", what,
				       (long long)i, sep);
		}
		if (len + n + (i > 1) >= size) {
			lua_pop(L, 1);
			return err_set(e, "%s: the list is longer than %zu bytes", what, size - 1);
		}
		if (i > 1)
			buf[len++] = sep;
		memcpy(buf + len, name, n + 1);
		len += n;
		lua_pop(L, 1);
	}
	return 0;
}

/* ---- entry lists ----
 * `params` and `game.series` come in two forms: a map name = value (listed in name order,
 * since pairs() order is not stable) or a list of tables whose first field is the name
 * (kept in the given order). */

struct entries {
	char **names;
	size_t n;
	int list; /* list form: entry i is t[i + 1], its fields start at index 2 */
};

static void entries_fini(struct entries *el)
{
	free_keys(el->names, el->n);
	memset(el, 0, sizeof *el);
}

static int collect_entries(lua_State *L, int t, const char *what, struct entries *el,
			   struct err *e)
{
	size_t len = (size_t)lua_rawlen(L, t);

	memset(el, 0, sizeof *el);
	if (len == 0)
		return sorted_keys(L, t, what, &el->names, &el->n, e);
	el->list = 1;
	lua_pushnil(L);
	while (lua_next(L, t)) {
		lua_pop(L, 1);
		if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1 ||
		    (size_t)lua_tointeger(L, -1) > len) {
			lua_pop(L, 1);
			return err_set(e, "%s: use either a list {{\"name\", ...}, ...} or "
				       "name = value pairs, not both", what);
		}
	}
	el->names = xcalloc(len, sizeof *el->names);
	for (size_t i = 0; i < len; i++) {
		int ok = 0;

		if (lua_rawgeti(L, t, (lua_Integer)i + 1) == LUA_TTABLE) {
			ok = lua_rawgeti(L, -1, 1) == LUA_TSTRING;
			if (ok)
				el->names[el->n++] = xstrdup(lua_tostring(L, -1));
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
		if (!ok) {
			entries_fini(el);
			return err_set(e, "%s[%zu] must be a table whose first entry is a name", what,
				       i + 1);
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(el->names[j], el->names[i]) == 0) {
				err_set(e, "%s: '%s' is listed twice", what, el->names[i]);
				entries_fini(el);
				return -1;
			}
	}
	return 0;
}

/* Pushes entry i's value (the whole entry table in list form). */
static void push_entry(lua_State *L, int t, const struct entries *el, size_t i)
{
	if (el->list)
		lua_rawgeti(L, t, (lua_Integer)i + 1);
	else
		rawfield(L, t, el->names[i]);
}

/* ---- parameter declarations ---- */

static const char *const decl_keys[] = {
	"min", "max", "integer", "help", "unit", "choices", "cols", "len_min", "len_max",
	"open_min", "open_max", "optional", NULL,
};

/* Spec for declaration `name` whose value is at index vi; the default is vi[first] (the
 * value itself when it is not a table and first is 1). */
static int parse_decl(struct lb_game *g, lua_State *L, int vi, int first, const char *name,
		      struct param_spec *s, const char *where, struct err *e)
{
	char what[LB_WHAT_MAX], buf[4096];
	int dt, isdecl = lua_type(L, vi) == LUA_TTABLE;

	snprintf(what, sizeof what, "%s: params.%s", where, name);
	if (!valid_name(name))
		return err_set(e, "%s: invalid parameter name (letters, digits, _)", what);
	*s = (struct param_spec){ .name = own(g, name), .type = PARAM_REAL, .min = -INFINITY,
				  .max = INFINITY, .unit = "", .help = "" };
	if (!isdecl) {
		dt = lua_type(L, vi);
		if (dt == LUA_TNUMBER) {
			s->type = PARAM_REAL;
			s->def = lua_tonumber(L, vi);
			return 0;
		}
		if (dt == LUA_TBOOLEAN) {
			s->type = PARAM_BOOL;
			s->def = lua_toboolean(L, vi);
			s->min = 0;
			s->max = 1;
			return 0;
		}
		return err_set(e, "%s: declare as a number, a boolean, or a table "
			       "{default, min=..., max=..., help=...}", what);
	}
	if (lb_value_check_keys(L, vi, decl_keys, first, what, e) < 0)
		return -1;
	dt = lua_rawgeti(L, vi, first);
	lua_pop(L, 1);
	if (rawfield(L, vi, "min") == LUA_TNUMBER)
		s->min = lua_tonumber(L, -1);
	else if (!lua_isnil(L, -1))
		return lua_pop(L, 1), err_set(e, "%s: min must be a number", what);
	lua_pop(L, 1);
	if (rawfield(L, vi, "max") == LUA_TNUMBER)
		s->max = lua_tonumber(L, -1);
	else if (!lua_isnil(L, -1))
		return lua_pop(L, 1), err_set(e, "%s: max must be a number", what);
	lua_pop(L, 1);
	if (s->min > s->max)
		return err_set(e, "%s: min > max", what);
	if (rawfield(L, vi, "help") == LUA_TSTRING)
		s->help = own_clean(g, lua_tostring(L, -1));
	lua_pop(L, 1);
	if (rawfield(L, vi, "unit") == LUA_TSTRING)
		s->unit = own_clean(g, lua_tostring(L, -1));
	lua_pop(L, 1);
	rawfield(L, vi, "open_min");
	if (lua_toboolean(L, -1))
		s->flags |= PARAM_F_OPEN_LO;
	lua_pop(L, 1);
	rawfield(L, vi, "open_max");
	if (lua_toboolean(L, -1))
		s->flags |= PARAM_F_OPEN_HI;
	lua_pop(L, 1);
	rawfield(L, vi, "optional");
	if (lua_toboolean(L, -1))
		s->flags |= PARAM_F_OPTIONAL;
	lua_pop(L, 1);
	if (rawfield(L, vi, "len_min") == LUA_TNUMBER)
		s->len_min = (int)lua_tointeger(L, -1);
	lua_pop(L, 1);
	if (rawfield(L, vi, "len_max") == LUA_TNUMBER)
		s->len_max = (int)lua_tointeger(L, -1);
	lua_pop(L, 1);
	if (rawfield(L, vi, "cols") != LUA_TNIL) {
		if (join_list(L, lua_gettop(L), ',', what, buf, sizeof buf, e) < 0)
			return lua_pop(L, 1), -1;
		s->cols = own(g, buf);
	}
	lua_pop(L, 1);

	switch (dt) {
	case LUA_TNUMBER:
		rawfield(L, vi, "integer");
		s->type = lua_toboolean(L, -1) ? PARAM_INT : PARAM_REAL;
		lua_pop(L, 1);
		lua_rawgeti(L, vi, first);
		s->def = lua_tonumber(L, -1);
		lua_pop(L, 1);
		return 0;
	case LUA_TBOOLEAN:
		s->type = PARAM_BOOL;
		s->min = 0;
		s->max = 1;
		lua_rawgeti(L, vi, first);
		s->def = lua_toboolean(L, -1);
		lua_pop(L, 1);
		return 0;
	case LUA_TSTRING: {
		const char *def;
		int k = 0, found = -1;

		if (rawfield(L, vi, "choices") == LUA_TNIL) {
			lua_pop(L, 1);
			return err_set(e, "%s: a name needs choices = {\"a\", \"b\", ...}", what);
		}
		if (join_list(L, lua_gettop(L), '|', what, buf, sizeof buf, e) < 0)
			return lua_pop(L, 1), -1;
		lua_pop(L, 1);
		s->type = PARAM_ENUM;
		s->choices = own(g, buf);
		s->min = s->max = 0;
		lua_rawgeti(L, vi, first);
		def = lua_tostring(L, -1);
		for (const char *c = s->choices; found < 0; k++) {
			const char *end = strchr(c, '|');
			size_t len = end ? (size_t)(end - c) : strlen(c);

			if (strlen(def) == len && strncmp(c, def, len) == 0)
				found = k;
			if (!end)
				break;
			c = end + 1;
		}
		lua_pop(L, 1);
		if (found < 0)
			return err_set(e, "%s: default '%s' is not one of %s", what, def, s->choices);
		s->def = found;
		return 0;
	}
	case LUA_TTABLE:
		lua_rawgeti(L, vi, first);
		lua_rawgeti(L, -1, 1);
		s->type = lua_type(L, -1) == LUA_TTABLE ? PARAM_TABLE : PARAM_ARRAY;
		lua_pop(L, 2);
		if (s->type == PARAM_ARRAY)
			s->cols = NULL;
		return 0;
	default:
		return err_set(e, "%s: the first entry must be the default value", what);
	}
}

/* Declarations at index decl into g->specs and g->defaults. */
static int parse_params(struct lb_game *g, lua_State *L, int decl, const char *where,
			struct err *e)
{
	struct entries el = { 0 };
	char what[LB_WHAT_MAX];
	int rc = 0, first;

	snprintf(what, sizeof what, "%s: params", where);
	if (decl && lua_type(L, decl) != LUA_TTABLE)
		return err_set(e, "%s must be a table", what);
	if (decl && collect_entries(L, decl, what, &el, e) < 0)
		return -1;
	first = el.list ? 2 : 1;
	g->specs = xcalloc(el.n ? el.n : 1, sizeof *g->specs);
	for (size_t i = 0; i < el.n && rc == 0; i++) {
		push_entry(L, decl, &el, i);
		if (el.list && lua_rawgeti(L, -1, 2) == LUA_TNIL) {
			rc = err_set(e, "%s.%s: the entry after the name must be the default value",
				     what, el.names[i]);
			lua_pop(L, 2);
			break;
		}
		if (el.list)
			lua_pop(L, 1);
		rc = parse_decl(g, L, lua_gettop(L), first, el.names[i], &g->specs[i], where, e);
		lua_pop(L, 1);
	}
	g->ops.params = g->specs;
	g->ops.nparams = rc == 0 ? el.n : 0;
	params_init(&g->defaults, g->specs, g->ops.nparams);
	for (size_t i = 0; i < el.n && rc == 0; i++) {
		const struct param_spec *s = &g->specs[i];

		if (s->type != PARAM_ARRAY && s->type != PARAM_TABLE) {
			/* validate the scalar default against its own range */
			if (s->type != PARAM_ENUM)
				rc = params_set_num(&g->defaults, (int)i, s->def, e);
		} else {
			push_entry(L, decl, &el, i);
			lua_rawgeti(L, -1, first);
			rc = lb_value_set(L, -1, &g->defaults, (int)i, e);
			lua_pop(L, 2);
		}
		if (rc < 0)
			err_prefix(e, "%s.%s default", what, s->name);
	}
	entries_fini(&el);
	return rc;
}

/* ---- series ---- */

static int add_series(struct lb_game *g, const char *name, const char *help, unsigned flags,
		      int ref, int kind)
{
	g->series = xreallocarray(g->series, g->nseries + 1, sizeof *g->series);
	g->sfn = xreallocarray(g->sfn, g->nseries + 1, sizeof *g->sfn);
	g->series[g->nseries].name = own(g, name);
	g->series[g->nseries].help = own(g, help);
	g->series[g->nseries].flags = flags;
	g->sfn[g->nseries].ref = ref;
	g->sfn[g->nseries].kind = kind;
	g->nseries++;
	return 0;
}

static const char *const series_keys[] = { "help", "logy", NULL };

static int parse_series(struct lb_game *g, lua_State *L, int t, const char *where,
			struct err *e)
{
	struct entries el = { 0 };
	char what[LB_WHAT_MAX];
	int rc = 0;

	snprintf(what, sizeof what, "%s: game.series", where);
	if (lua_type(L, t) != LUA_TTABLE)
		return err_set(e, "%s must be a table name = function", what);
	if (collect_entries(L, t, what, &el, e) < 0)
		return -1;
	for (size_t i = 0; i < el.n && rc == 0; i++) {
		const char *name = el.names[i];
		const char *help = "";
		char sub[LB_WHAT_MAX + 64];
		unsigned flags = 0;
		int v, fpos = el.list ? 2 : 1;

		snprintf(sub, sizeof sub, "%s.%s", what, name);
		if (!valid_name(name) || strcmp(name, "step_change") == 0 ||
		    strcmp(name, "dist_ne") == 0 || strcmp(name, "welfare") == 0 ||
		    strcmp(name, "nash_gap") == 0) {
			rc = err_set(e, "%s: invalid or reserved series name", sub);
			break;
		}
		push_entry(L, t, &el, i);
		v = lua_gettop(L);
		if (lua_type(L, v) == LUA_TTABLE) {
			if (lb_value_check_keys(L, v, series_keys, fpos, sub, e) < 0) {
				lua_pop(L, 1);
				rc = -1;
				break;
			}
			if (rawfield(L, v, "help") == LUA_TSTRING)
				help = own_clean(g, lua_tostring(L, -1));
			lua_pop(L, 1);
			rawfield(L, v, "logy");
			if (lua_toboolean(L, -1))
				flags |= SERIES_F_LOGY;
			lua_pop(L, 1);
			lua_rawgeti(L, v, fpos);
			lua_replace(L, v);
		}
		if (lua_type(L, v) != LUA_TFUNCTION) {
			lua_pop(L, 1);
			rc = err_set(e, "%s must be a function(profile, p, run) or "
				     "{function, help=..., logy=true}", sub);
			break;
		}
		add_series(g, name, help, flags, 0, 0);
		g->sfn[g->nseries - 1].ref = luaL_ref(L, LUA_REGISTRYINDEX);
	}
	entries_fini(&el);
	return rc;
}

/* ---- class ---- */

static struct model *game_create(const struct model_ops *ops, const struct params *p,
				 uint64_t seed, struct err *e);

static const char *const game_keys[] = {
	"players", "dim", "start", "best_response", "payoff", "equilibrium", "series", NULL,
};

/* Registry ref of game[k] if present (any value), else LUA_NOREF. */
static int ref_field(lua_State *L, int t, const char *k)
{
	if (rawfield(L, t, k) == LUA_TNIL) {
		lua_pop(L, 1);
		return LUA_NOREF;
	}
	return luaL_ref(L, LUA_REGISTRYINDEX);
}

struct lb_game *lb_game_new(struct lb_sandbox *sb, int game, int decl, const char *name,
			    const char *summary, const char *info, const char *where,
			    struct err *e)
{
	lua_State *L = sb->L;
	struct lb_game *g = xcalloc(1, sizeof *g);
	lua_Debug ar;
	int top = lua_gettop(L), t;

	game = lua_absindex(L, game);
	if (decl)
		decl = lua_absindex(L, decl);
	g->sb = sb;
	g->ref_players = g->ref_dim = g->ref_start = g->ref_br = LUA_NOREF;
	g->ref_payoff = g->ref_eq = LUA_NOREF;
	g->ops.name = own(g, name);
	g->ops.summary = own(g, summary ? summary : name);
	g->ops.info = own(g, info ? info : "");
	g->ops.dists = game_dists;
	g->ops.ndists = 1;
	g->ops.create = game_create;
	g->ops.ctx = g;
	if (parse_params(g, L, decl, where, e) < 0)
		goto fail;
	if (lua_type(L, game) != LUA_TTABLE) {
		err_set(e, "%s: game must be a table", where);
		goto fail;
	}
	{
		char what[LB_WHAT_MAX];

		snprintf(what, sizeof what, "%s: game", where);
		if (lb_value_check_keys(L, game, game_keys, 0, what, e) < 0)
			goto fail;
	}
	t = rawfield(L, game, "best_response");
	if (t != LUA_TFUNCTION) {
		err_set(e, "%s: game.best_response must be a function(i, belief, p)%s", where,
			t == LUA_TNIL ? " (it is missing)" : "");
		goto fail;
	}
	lua_pushvalue(L, -1);
	lua_getinfo(L, ">S", &ar);
	g->br_where = xasprintf("%s:%d", ar.short_src, ar.linedefined);
	g->ref_br = luaL_ref(L, LUA_REGISTRYINDEX);
	t = rawfield(L, game, "payoff");
	lua_pop(L, 1);
	if (t != LUA_TNIL && t != LUA_TFUNCTION) {
		err_set(e, "%s: game.payoff must be a function(i, profile, p)", where);
		goto fail;
	}
	t = rawfield(L, game, "players");
	lua_pop(L, 1);
	if (t != LUA_TNUMBER && t != LUA_TFUNCTION) {
		err_set(e, "%s: game.players must be a number or a function(p)%s", where,
			t == LUA_TNIL ? " (it is missing)" : "");
		goto fail;
	}
	g->ref_players = ref_field(L, game, "players");
	g->ref_dim = ref_field(L, game, "dim");
	g->ref_start = ref_field(L, game, "start");
	g->ref_payoff = ref_field(L, game, "payoff");
	g->ref_eq = ref_field(L, game, "equilibrium");
	if (rawfield(L, game, "series") != LUA_TNIL &&
	    parse_series(g, L, lua_gettop(L), where, e) < 0)
		goto fail;
	lua_pop(L, 1);
	if (g->ref_payoff != LUA_NOREF) {
		add_series(g, "welfare", "sum of the players' payoffs at the current action", 0,
			   LUA_NOREF, 1);
		add_series(g, "nash_gap", "largest gain a player gets by switching alone to its "
			   "best response (0 at a Nash equilibrium)", SERIES_F_LOGY, LUA_NOREF, 2);
	}
	g->ops.series = g->series;
	g->ops.nseries = g->nseries;
	lua_settop(L, top);
	return g;
fail:
	lua_settop(L, top);
	lb_game_free(g);
	return NULL;
}

void lb_game_free(struct lb_game *g)
{
	lua_State *L;

	if (!g)
		return;
	L = g->sb->L;
	luaL_unref(L, LUA_REGISTRYINDEX, g->ref_players);
	luaL_unref(L, LUA_REGISTRYINDEX, g->ref_dim);
	luaL_unref(L, LUA_REGISTRYINDEX, g->ref_start);
	luaL_unref(L, LUA_REGISTRYINDEX, g->ref_br);
	luaL_unref(L, LUA_REGISTRYINDEX, g->ref_payoff);
	luaL_unref(L, LUA_REGISTRYINDEX, g->ref_eq);
	for (size_t i = 0; i < g->nseries; i++)
		if (g->sfn[i].kind == 0)
			luaL_unref(L, LUA_REGISTRYINDEX, g->sfn[i].ref);
	params_fini(&g->defaults);
	for (size_t i = 0; i < g->nstrs; i++)
		free(g->strs[i]);
	free(g->strs);
	free(g->specs);
	free(g->series);
	free(g->sfn);
	free(g->br_where);
	free(g);
}

int lb_game_release(struct lb_game *g)
{
	if (g->ninst == 0) {
		lb_game_free(g);
		return 0;
	}
	/* Instances still run Lua code; nobody is left to receive print or commands. */
	g->orphan = 1;
	g->sb->print = NULL;
	g->sb->command = NULL;
	return 1;
}

const struct model_ops *lb_game_ops(const struct lb_game *g)
{
	return &g->ops;
}

const struct params *lb_game_defaults(const struct lb_game *g)
{
	return &g->defaults;
}

/* ---- instances ---- */

/* Pushes game value `ref`: called with p when it is a function. -1 with e. */
static int eval_ref(struct lb_game_inst *in, int ref, struct err *e)
{
	lua_State *L = in->g->sb->L;

	lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
	if (lua_type(L, -1) != LUA_TFUNCTION)
		return 0;
	lua_rawgeti(L, LUA_REGISTRYINDEX, in->ref_p);
	return lb_sandbox_pcall(in->g->sb, 1, 1, e);
}

static int eval_count(struct lb_game_inst *in, int idx, const char *what, long max, long *out,
		      struct err *e)
{
	lua_State *L = in->g->sb->L;
	lua_Number x;

	if (lua_type(L, idx) != LUA_TNUMBER)
		return err_set(e, "%s: %s is a %s, expected a whole number", in->g->sb->name, what,
			       luaL_typename(L, idx));
	x = lua_tonumber(L, idx);
	if (x != floor(x) || x < 1 || x > (lua_Number)max)
		return err_set(e, "%s: %s = %g, expected a whole number in [1, %ld]",
			       in->g->sb->name, what, (double)x, max);
	*out = (long)x;
	return 0;
}

static void inst_free(struct lb_game_inst *in)
{
	if (!in)
		return;
	luaL_unref(in->g->sb->L, LUA_REGISTRYINDEX, in->ref_p);
	free(in->off);
	free(in->start);
	free(in->eq);
	free(in->tmp);
	free(in);
}

static void game_destroy(struct model *m)
{
	struct lb_game_inst *in = m->self;
	struct lb_game *g = in->g;

	inst_free(in);
	if (--g->ninst == 0 && g->orphan) {
		struct lb_sandbox *sb = g->sb;

		lb_game_free(g);
		lb_sandbox_free(sb);
	}
}

static void game_initial(struct model *m, double *a0)
{
	struct lb_game_inst *in = m->self;

	memcpy(a0, in->start, m->dim * sizeof *a0);
}

/* Pushes br(i + 1, belief, p) and reads player i's block into out (whole-profile indexing). */
static int call_br(struct lb_game_inst *in, const double *belief, int i, double *out,
		   struct err *e)
{
	struct lb_game *g = in->g;
	lua_State *L = g->sb->L;
	char what[LB_WHAT_MAX];
	int rc;

	lua_rawgeti(L, LUA_REGISTRYINDEX, g->ref_br);
	lua_pushinteger(L, i + 1);
	lb_value_push_profile(L, belief, in->np, in->off);
	lua_rawgeti(L, LUA_REGISTRYINDEX, in->ref_p);
	if (lb_sandbox_pcall(g->sb, 3, 1, e) < 0)
		return -1;
	snprintf(what, sizeof what, "%s: the result of best_response(%d, ...)", g->br_where,
		 i + 1);
	rc = lb_value_read_block(L, -1, out + in->off[i], in->off[i + 1] - in->off[i], what, e);
	lua_pop(L, 1);
	return rc;
}

static int game_best_response(struct model *m, const double *belief, int player, double *out,
			      struct err *e)
{
	struct lb_game_inst *in = m->self;

	for (int i = 0; i < in->np; i++)
		if ((player < 0 || player == i) && call_br(in, belief, i, out, e) < 0)
			return -1;
	return 0;
}

/* payoff(i + 1, profile at index prof, p) into *out. */
static int call_payoff(struct lb_game_inst *in, int prof, int i, double *out, struct err *e)
{
	struct lb_game *g = in->g;
	lua_State *L = g->sb->L;
	int rc = 0;

	lua_rawgeti(L, LUA_REGISTRYINDEX, g->ref_payoff);
	lua_pushinteger(L, i + 1);
	lua_pushvalue(L, prof);
	lua_rawgeti(L, LUA_REGISTRYINDEX, in->ref_p);
	if (lb_sandbox_pcall(g->sb, 3, 1, e) < 0)
		return -1;
	if (lua_type(L, -1) != LUA_TNUMBER)
		rc = err_set(e, "%s: payoff(%d, ...) returned a %s, expected a number",
			     g->sb->name, i + 1, luaL_typename(L, -1));
	else
		*out = lua_tonumber(L, -1);
	lua_pop(L, 1);
	return rc;
}

static int game_observe(struct model *m, const struct model_obs *o, double *vals,
			struct err *e)
{
	struct lb_game_inst *in = m->self;
	struct lb_game *g = in->g;
	lua_State *L = g->sb->L;
	int top = lua_gettop(L), prof, run;

	lb_value_push_profile(L, o->action, in->np, in->off);
	prof = lua_gettop(L);
	lua_createtable(L, 0, 3);
	lua_pushinteger(L, o->step);
	lua_setfield(L, -2, "step");
	if (o->mean) {
		lb_value_push_profile(L, o->mean, in->np, in->off);
		lua_setfield(L, -2, "mean");
	}
	if (o->belief) {
		lb_value_push_profile(L, o->belief, in->np, in->off);
		lua_setfield(L, -2, "belief");
	}
	run = lua_gettop(L);
	for (size_t k = 0; k < g->nseries; k++) {
		double v = NAN;

		if (g->sfn[k].kind == 0) {
			lua_rawgeti(L, LUA_REGISTRYINDEX, g->sfn[k].ref);
			lua_pushvalue(L, prof);
			lua_rawgeti(L, LUA_REGISTRYINDEX, in->ref_p);
			lua_pushvalue(L, run);
			if (lb_sandbox_pcall(g->sb, 3, 1, e) < 0)
				goto fail;
			if (lua_type(L, -1) == LUA_TNUMBER) {
				v = lua_tonumber(L, -1);
			} else if (lua_type(L, -1) == LUA_TBOOLEAN) {
				v = lua_toboolean(L, -1);
			} else if (!lua_isnil(L, -1)) {
				err_set(e, "%s: series '%s' returned a %s, expected a number",
					g->sb->name, g->series[k].name, luaL_typename(L, -1));
				goto fail;
			}
			lua_pop(L, 1);
		} else if (g->sfn[k].kind == 1) {
			v = 0;
			for (int i = 0; i < in->np; i++) {
				double u;

				if (call_payoff(in, prof, i, &u, e) < 0)
					goto fail;
				v += u;
			}
		} else {
			v = 0;
			for (int i = 0; i < in->np; i++) {
				double u, ubr;

				if (call_payoff(in, prof, i, &u, e) < 0)
					goto fail;
				memcpy(in->tmp, o->action, m->dim * sizeof *in->tmp);
				if (call_br(in, o->action, i, in->tmp, e) < 0)
					goto fail;
				lb_value_push_profile(L, in->tmp, in->np, in->off);
				if (call_payoff(in, lua_gettop(L), i, &ubr, e) < 0)
					goto fail;
				lua_pop(L, 1);
				if (ubr - u > v)
					v = ubr - u;
			}
		}
		vals[k] = v;
	}
	lua_settop(L, top);
	return 0;
fail:
	lua_settop(L, top);
	return -1;
}

static int game_dist(struct model *m, const char *name, const double *a, struct dist *d,
		     struct err *e)
{
	struct lb_game_inst *in = m->self;
	double *x;
	char **labels;
	int scalar = (size_t)in->np == m->dim;

	if (strcmp(name, "action") != 0)
		return err_set(e, "game '%s' has no distribution '%s'; known: action",
			       m->ops->name, name);
	dist_init(d, DIST_BARS, "action", "Current action", scalar ? "player" : "component",
		  "action");
	x = xcalloc(m->dim ? m->dim : 1, sizeof *x);
	labels = xcalloc(m->dim ? m->dim : 1, sizeof *labels);
	for (int i = 0; i < in->np; i++)
		for (size_t k = in->off[i]; k < in->off[i + 1]; k++) {
			x[k] = (double)k + 1;
			labels[k] = scalar ? xasprintf("%d", i + 1)
					   : xasprintf("%d.%zu", i + 1, k - in->off[i] + 1);
		}
	dist_add(d, "action", x, a, m->dim);
	dist_set_labels(d, (const char *const *)labels, m->dim);
	for (size_t k = 0; k < m->dim; k++)
		free(labels[k]);
	free(labels);
	free(x);
	return 0;
}

static void game_describe(struct model *m, struct model_kv *kv)
{
	struct lb_game_inst *in = m->self;

	model_kv_add(kv, "players", "%d", in->np);
	model_kv_add(kv, "dim", "%zu", m->dim);
	if (in->eq && m->dim <= 64)
		model_kv_vec(kv, "equilibrium", in->eq, m->dim);
}

static const struct model_vt game_vt = {
	.destroy = game_destroy,
	.initial = game_initial,
	.best_response = game_best_response,
	.observe = game_observe,
	.dist = game_dist,
	.describe = game_describe,
};

static struct model *game_create(const struct model_ops *ops, const struct params *p,
				 uint64_t seed, struct err *e)
{
	struct lb_game *g = ops->ctx;
	struct lb_sandbox *sb = g->sb;
	lua_State *L = sb->L;
	struct lb_game_inst *in = xcalloc(1, sizeof *in);
	struct model *m;
	int top = lua_gettop(L);
	long np, d;

	in->g = g;
	in->ref_p = LUA_NOREF;
	lb_sandbox_seed(sb, seed);
	lb_value_push_params(L, p);
	in->ref_p = luaL_ref(L, LUA_REGISTRYINDEX);

	if (eval_ref(in, g->ref_players, e) < 0 ||
	    eval_count(in, -1, "game.players", MAX_PLAYERS, &np, e) < 0)
		goto fail;
	lua_settop(L, top);
	in->np = (int)np;
	in->off = xcalloc((size_t)np + 1, sizeof *in->off);
	if (g->ref_dim == LUA_NOREF) {
		for (long i = 0; i < np; i++)
			in->off[i + 1] = in->off[i] + 1;
	} else {
		if (eval_ref(in, g->ref_dim, e) < 0)
			goto fail;
		if (lua_type(L, -1) == LUA_TTABLE) {
			if ((long)lua_rawlen(L, -1) != np) {
				err_set(e, "%s: game.dim has %zu entries, expected one per player "
					"(%ld)", sb->name, (size_t)lua_rawlen(L, -1), np);
				goto fail;
			}
			for (long i = 0; i < np; i++) {
				char what[40];

				snprintf(what, sizeof what, "game.dim[%ld]", i + 1);
				lua_rawgeti(L, -1, i + 1);
				if (eval_count(in, -1, what, MAX_DIM, &d, e) < 0)
					goto fail;
				lua_pop(L, 1);
				in->off[i + 1] = in->off[i] + (size_t)d;
				if (in->off[i + 1] > MAX_DIM) {
					err_set(e, "%s: the game has more than %d components",
						sb->name, MAX_DIM);
					goto fail;
				}
			}
		} else {
			if (eval_count(in, -1, "game.dim", MAX_DIM, &d, e) < 0)
				goto fail;
			if ((double)d * (double)np > MAX_DIM) {
				err_set(e, "%s: the game has more than %d components", sb->name,
					MAX_DIM);
				goto fail;
			}
			for (long i = 0; i < np; i++)
				in->off[i + 1] = in->off[i] + (size_t)d;
		}
		lua_settop(L, top);
	}
	in->start = xcalloc(in->off[np] ? in->off[np] : 1, sizeof *in->start);
	in->tmp = xcalloc(in->off[np] ? in->off[np] : 1, sizeof *in->tmp);
	if (g->ref_start != LUA_NOREF) {
		if (eval_ref(in, g->ref_start, e) < 0 ||
		    lb_value_read_profile(L, -1, in->start, in->np, in->off, "game.start", e) < 0)
			goto fail_prefix;
		lua_settop(L, top);
	}
	if (g->ref_eq != LUA_NOREF) {
		if (eval_ref(in, g->ref_eq, e) < 0)
			goto fail;
		if (!lua_isnil(L, -1)) {
			in->eq = xcalloc(in->off[np] ? in->off[np] : 1, sizeof *in->eq);
			if (lb_value_read_profile(L, -1, in->eq, in->np, in->off, "game.equilibrium",
						  e) < 0)
				goto fail_prefix;
		}
		lua_settop(L, top);
	}
	g->ninst++;
	m = model_alloc(ops, &game_vt, in);
	m->dim = in->off[np];
	m->nplayers = in->np;
	m->player_off = in->off;
	m->norm = MODEL_NORM_MAX;
	m->equilibrium = in->eq;
	m->uses_mean = 1; /* series functions may read run.mean */
	return m;
fail_prefix:
	if (strncmp(e ? e->msg : "", sb->name, strlen(sb->name)) != 0)
		err_prefix(e, "%s", sb->name);
fail:
	lua_settop(L, top);
	inst_free(in);
	return NULL;
}
