/* lb_present: the explorer's scenario keys (see lb_present.h). Limits: at most
 * LB_PRESENT_MAX_PLAYERS players and LB_PRESENT_MAX_ACTIONS actions per player are named;
 * names are at most LB_PRESENT_MAX_NAME - 1 bytes. Neighbours: lb, lb_value. */
#include "luabind/lb_present.h"

#include <lauxlib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "core/xmalloc.h"

#define LB_PRESENT_MAX_PLAYERS 8
#define LB_PRESENT_MAX_ACTIONS 1000

static int getkey(lua_State *L, int t, const char *k)
{
	lua_pushstring(L, k);
	return lua_rawget(L, t);
}

/* speed = N (steps per second, >= 1) or "max". */
static int parse_speed(struct lb_present *p, lua_State *L, int t, const char *where,
		       struct err *e)
{
	int ty = getkey(L, t, "speed"), rc = 0;
	if (ty == LUA_TSTRING && strcmp(lua_tostring(L, -1), "max") == 0)
		p->speed = 0;
	else if (ty == LUA_TNUMBER && lua_tonumber(L, -1) >= 1 && isfinite(lua_tonumber(L, -1)))
		p->speed = lua_tonumber(L, -1);
	else if (ty != LUA_TNIL)
		rc = err_set(e, "%s: speed must be a number of steps per second >= 1, or \"max\"",
			     where);
	lua_pop(L, 1);
	return rc;
}

/* tol = X (> 0) or false (no convergence notice). */
static int parse_tol(struct lb_present *p, lua_State *L, int t, const char *where,
		     struct err *e)
{
	int ty = getkey(L, t, "tol"), rc = 0;
	if (ty == LUA_TBOOLEAN && !lua_toboolean(L, -1))
		p->tol = 0;
	else if (ty == LUA_TNUMBER && lua_tonumber(L, -1) > 0 && isfinite(lua_tonumber(L, -1)))
		p->tol = lua_tonumber(L, -1);
	else if (ty != LUA_TNIL)
		rc = err_set(e, "%s: tol must be a number > 0, or false (no convergence notice)",
			     where);
	lua_pop(L, 1);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One slider: the parameter `name` (at the top of the stack: its step). */
static int add_slider(struct lb_present *p, lua_State *L, const char *name,
		      const struct params *params, const char *where, struct err *e)
{
	int idx = params_lookup(params, name, e);
	if (idx < 0)
		return err_prefix(e, "%s: sliders", where), -1;
	const struct param_spec *sp = &params->spec[idx];
	double v = lua_tonumber(L, -1);
	if (sp->type != PARAM_REAL && sp->type != PARAM_INT)
		return err_set(e, "%s: sliders: '%s' is not a number parameter (choices cycle, "
			       "tables are edited)", where, name);
	if (lua_type(L, -1) != LUA_TNUMBER || !(v > 0) || !isfinite(v) ||
	    (sp->type == PARAM_INT && v != floor(v)))
		return err_set(e, "%s: sliders: the step of '%s' must be a number > 0%s", where,
			       name, sp->type == PARAM_INT ? " and whole (an integer parameter)" : "");
	p->slider = xreallocarray(p->slider, p->nsliders + 1, sizeof *p->slider);
	p->step = xreallocarray(p->step, p->nsliders + 1, sizeof *p->step);
	p->slider[p->nsliders] = xstrdup(name);
	p->step[p->nsliders++] = v;
	return 0;
}

/* sliders = { NAME = STEP, ... }, read in name order. */
static int parse_sliders(struct lb_present *p, lua_State *L, int t,
			 const struct params *params, const char *where, struct err *e)
{
	int ty = getkey(L, t, "sliders"), rc = 0, st = lua_gettop(L);
	char **keys = NULL;
	size_t n = 0;
	if (ty == LUA_TNIL)
		return lua_pop(L, 1), 0;
	if (ty != LUA_TTABLE)
		return lua_pop(L, 1), err_set(e, "%s: sliders must be a table NAME = STEP", where);
	lua_pushnil(L);
	while (lua_next(L, st)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING) {
			lua_pop(L, 1);
			rc = err_set(e, "%s: sliders: keys must be parameter names", where);
			break;
		}
		keys = xreallocarray(keys, n + 1, sizeof *keys);
		keys[n++] = xstrdup(lua_tostring(L, -1));
	}
	if (n)
		qsort(keys, n, sizeof *keys, cmp_str);
	for (size_t i = 0; i < n && rc == 0; i++) {
		getkey(L, st, keys[i]);
		rc = add_slider(p, L, keys[i], params, where, e);
		lua_pop(L, 1);
	}
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	lua_pop(L, 1);
	return rc;
}

/* A list of names at the top of the stack into player pl. */
static int read_names(struct lb_present *p, lua_State *L, size_t pl, const char *where,
		      struct err *e)
{
	int t = lua_gettop(L);
	size_t n = (size_t)lua_rawlen(L, t);
	if (lua_type(L, t) != LUA_TTABLE || n == 0 || n > LB_PRESENT_MAX_ACTIONS)
		return err_set(e, "%s: action_names must be a list of names, or one list per "
			       "player (at most %d names)", where, LB_PRESENT_MAX_ACTIONS);
	p->nactions[pl] = n;
	p->action[pl] = xcalloc(n, sizeof *p->action[pl]);
	for (size_t k = 0; k < n; k++) {
		int ty = lua_rawgeti(L, t, (lua_Integer)k + 1);
		size_t len = 0;
		const char *s = ty == LUA_TSTRING ? lua_tolstring(L, -1, &len) : NULL;
		if (!s || len == 0 || len >= LB_PRESENT_MAX_NAME || strlen(s) != len) {
			lua_pop(L, 1);
			return err_set(e, "%s: action_names: name %zu of player %zu must be a "
				       "string of 1 to %d bytes", where, k + 1, pl + 1,
				       LB_PRESENT_MAX_NAME - 1);
		}
		p->action[pl][k] = xstrdup(s);
		lua_pop(L, 1);
	}
	return 0;
}

/* action_names = { "Heads", "Tails" } (every player) or { {...}, {...} } (per player). */
static int parse_actions(struct lb_present *p, lua_State *L, int t, const char *where,
			 struct err *e)
{
	int ty = getkey(L, t, "action_names"), st = lua_gettop(L), rc = 0;
	if (ty == LUA_TNIL)
		return lua_pop(L, 1), 0;
	size_t n = ty == LUA_TTABLE ? (size_t)lua_rawlen(L, st) : 0;
	if (n == 0) {
		lua_pop(L, 1);
		return err_set(e, "%s: action_names must be a list of names, or one list per "
			       "player", where);
	}
	lua_rawgeti(L, st, 1);
	p->shared = lua_type(L, -1) == LUA_TSTRING;
	lua_pop(L, 1);
	p->nplayers = p->shared ? 1 : n;
	if (p->nplayers > LB_PRESENT_MAX_PLAYERS) {
		p->nplayers = 0;
		lua_pop(L, 1);
		return err_set(e, "%s: action_names: at most %d players", where,
			       LB_PRESENT_MAX_PLAYERS);
	}
	p->nactions = xcalloc(p->nplayers, sizeof *p->nactions);
	p->action = xcalloc(p->nplayers, sizeof *p->action);
	if (p->shared) {
		lua_pushvalue(L, st);
		rc = read_names(p, L, 0, where, e);
		lua_pop(L, 1);
	}
	for (size_t pl = 0; !p->shared && pl < n && rc == 0; pl++) {
		lua_rawgeti(L, st, (lua_Integer)pl + 1);
		rc = read_names(p, L, pl, where, e);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return rc;
}

int lb_present_parse(struct lb_present *p, lua_State *L, int t, const struct params *params,
		     const char *where, struct err *e)
{
	memset(p, 0, sizeof *p);
	p->speed = p->tol = NAN;
	if (parse_speed(p, L, t, where, e) < 0 || parse_tol(p, L, t, where, e) < 0 ||
	    parse_sliders(p, L, t, params, where, e) < 0 || parse_actions(p, L, t, where, e) < 0)
		return -1;
	return 0;
}

void lb_present_fini(struct lb_present *p)
{
	for (size_t i = 0; i < p->nsliders; i++)
		free(p->slider[i]);
	free(p->slider);
	free(p->step);
	for (size_t pl = 0; pl < p->nplayers; pl++) {
		for (size_t k = 0; p->action && p->action[pl] && k < p->nactions[pl]; k++)
			free(p->action[pl][k]);
		if (p->action)
			free(p->action[pl]);
	}
	free(p->action);
	free(p->nactions);
	memset(p, 0, sizeof *p);
	p->speed = p->tol = NAN;
}

double lb_present_step(const struct lb_present *p, const char *name)
{
	for (size_t i = 0; i < p->nsliders; i++)
		if (strcmp(p->slider[i], name) == 0)
			return p->step[i];
	return 0;
}

const char *lb_present_action(const struct lb_present *p, int player, int action)
{
	if (player < 0 || action < 0 || p->nplayers == 0)
		return NULL;
	size_t pl = p->shared ? 0 : (size_t)player;
	if (pl >= p->nplayers || (size_t)action >= p->nactions[pl])
		return NULL;
	return p->action[pl][action];
}
