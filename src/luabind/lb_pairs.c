/* lb_pairs: deterministic next and pairs; see lb_pairs.h.
 *
 * next(t, nil) finds the first key by one linear scan (so `next(t) == nil` stays linear)
 * and forgets the order cached for t; next(t, k) continues in t's cached order, built on
 * first use by sorting the keys (n log n units, charged to the budget). The cache is a
 * weak-keyed registry table: t -> { sorted keys, key -> position }. As with Lua's next, a
 * key added during a traversal may or may not be visited (here: it is not); keys cleared
 * during it are skipped; next(t, k) for a k that is not a key of t is an error. pairs
 * honours __pairs as Lua's does. Work is charged through lb_sandbox_charge, which may
 * raise; everything here lives on the Lua stack or in userdata, so nothing leaks. */
#include "luabind/lb_pairs.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>

#include "luabind/lb_sandbox.h"

static char key_cache; /* registry: t -> { sorted keys, positions } (weak keys) */

struct key {
	int rank;          /* 0 number, 1 string, 2 boolean, 3 anything else */
	int isint;
	lua_Integer i;     /* integer key, or boolean */
	lua_Number d;      /* float key */
	const char *s;     /* string key (anchored on the stack or in a table) */
	size_t len;
	size_t idx;        /* position in the stock order: the tie-break */
};

static void describe(lua_State *L, int idx, struct key *k, size_t pos)
{
	memset(k, 0, sizeof *k);
	k->idx = pos;
	switch (lua_type(L, idx)) {
	case LUA_TNUMBER:
		k->rank = 0;
		k->isint = lua_isinteger(L, idx);
		if (k->isint)
			k->i = lua_tointeger(L, idx);
		else
			k->d = lua_tonumber(L, idx);
		break;
	case LUA_TSTRING:
		k->rank = 1;
		k->s = lua_tolstring(L, idx, &k->len);
		break;
	case LUA_TBOOLEAN:
		k->rank = 2;
		k->i = lua_toboolean(L, idx);
		break;
	default:
		k->rank = 3;
		break;
	}
}

static int num_cmp(const struct key *a, const struct key *b)
{
	long double x, y;

	if (a->isint && b->isint)
		return (a->i > b->i) - (a->i < b->i);
	/* long double holds every 64-bit integer and every double exactly (x86-64) */
	x = a->isint ? (long double)a->i : (long double)a->d;
	y = b->isint ? (long double)b->i : (long double)b->d;
	return (x > y) - (x < y);
}

static int key_cmp(const void *pa, const void *pb)
{
	const struct key *a = pa, *b = pb;
	int c = 0;

	if (a->rank != b->rank)
		return a->rank - b->rank;
	if (a->rank == 0) {
		c = num_cmp(a, b);
	} else if (a->rank == 1) {
		c = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);
		if (c == 0)
			c = (a->len > b->len) - (a->len < b->len);
	} else if (a->rank == 2) {
		c = (int)(a->i - b->i);
	}
	if (c == 0)
		c = (a->idx > b->idx) - (a->idx < b->idx);
	return c;
}

static uint64_t log2_ceil(size_t n)
{
	uint64_t k = 0;

	while (((size_t)1 << k) < n && k < 63)
		k++;
	return k;
}

/* Builds t's cache entry (t at index t), stores it, and pushes it. */
static void build(lua_State *L, int t)
{
	size_t n = 0;
	int keys, sorted, pos, entry;
	struct key *k;

	lua_newtable(L); /* the keys in the stock order */
	keys = lua_gettop(L);
	lua_pushnil(L);
	while (lua_next(L, t)) {
		lua_pop(L, 1);
		lua_pushvalue(L, -1);
		lua_rawseti(L, keys, (lua_Integer)++n);
	}
	lb_sandbox_charge(L, (uint64_t)n * (log2_ceil(n) + 2));
	k = lua_newuserdatauv(L, (n ? n : 1) * sizeof *k, 0);
	for (size_t i = 0; i < n; i++) {
		lua_rawgeti(L, keys, (lua_Integer)i + 1);
		describe(L, -1, &k[i], i); /* a string stays anchored in `keys` */
		lua_pop(L, 1);
	}
	qsort(k, n, sizeof *k, key_cmp);
	lua_createtable(L, 2, 0);
	entry = lua_gettop(L);
	lua_createtable(L, n > 0x7fffffff ? 0x7fffffff : (int)n, 0);
	sorted = lua_gettop(L);
	lua_createtable(L, 0, n > 0x7fffffff ? 0x7fffffff : (int)n);
	pos = lua_gettop(L);
	for (size_t j = 0; j < n; j++) {
		lua_rawgeti(L, keys, (lua_Integer)k[j].idx + 1);
		lua_pushvalue(L, -1);
		lua_rawseti(L, sorted, (lua_Integer)j + 1);
		lua_pushinteger(L, (lua_Integer)j + 1);
		lua_rawset(L, pos);
	}
	lua_rawseti(L, entry, 2);
	lua_rawseti(L, entry, 1);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_cache);
	lua_pushvalue(L, t);
	lua_pushvalue(L, entry);
	lua_rawset(L, -3);
	lua_pop(L, 1);
	lua_replace(L, keys); /* the entry where the keys were; drop the userdata */
	lua_settop(L, keys);
}

/* Position (1-based) of the key at index k in the entry at index entry, 0 if absent. */
static lua_Integer position(lua_State *L, int entry, int k)
{
	lua_Integer at;

	lua_rawgeti(L, entry, 2);
	lua_pushvalue(L, k);
	lua_rawget(L, -2);
	at = lua_tointeger(L, -1);
	lua_pop(L, 2);
	return at;
}

/* next(t, nil): the smallest key with its value, by one scan; forgets t's cached order. */
static int first(lua_State *L)
{
	struct key best, k;
	size_t n = 0;
	int have = 0;

	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_cache);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	lua_rawset(L, -3);
	lua_pop(L, 1);
	lua_settop(L, 2); /* 2: the best key so far */
	lua_pushnil(L);
	while (lua_next(L, 1)) {
		lua_pop(L, 1);
		describe(L, -1, &k, n++);
		if (!have || key_cmp(&k, &best) < 0) {
			lua_pushvalue(L, -1);
			lua_replace(L, 2);
			describe(L, 2, &best, k.idx);
			have = 1;
		}
	}
	lb_sandbox_charge(L, (uint64_t)n + 1);
	if (!have) {
		lua_pushnil(L);
		return 1;
	}
	lua_pushvalue(L, 2);
	lua_rawget(L, 1);
	return 2;
}

static int l_next(lua_State *L)
{
	lua_Integer at = 0, n;

	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 2);
	if (lua_isnil(L, 2))
		return first(L);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_cache);
	lua_pushvalue(L, 1);
	lua_rawget(L, 3); /* 4: the entry, or nil */
	if (!lua_isnil(L, 4))
		at = position(L, 4, 2);
	if (at == 0) {
		lua_settop(L, 3);
		build(L, 1);
		at = position(L, 4, 2);
		if (at == 0)
			return luaL_error(L, "invalid key to 'next'");
	}
	lua_rawgeti(L, 4, 1); /* 5: the sorted keys */
	n = (lua_Integer)lua_rawlen(L, 5);
	for (lua_Integer i = at + 1; i <= n; i++) {
		lua_rawgeti(L, 5, i);
		lua_pushvalue(L, -1);
		if (lua_rawget(L, 1) != LUA_TNIL) {
			lb_sandbox_charge(L, (uint64_t)(i - at));
			return 2;
		}
		lua_pop(L, 2);
	}
	lb_sandbox_charge(L, (uint64_t)(n - at) + 1);
	lua_pushnil(L);
	return 1;
}

static int l_pairs(lua_State *L)
{
	luaL_checkany(L, 1);
	if (luaL_getmetafield(L, 1, "__pairs") == LUA_TNIL) {
		lua_pushcfunction(L, l_next);
		lua_pushvalue(L, 1);
		lua_pushnil(L);
	} else {
		lua_pushvalue(L, 1);
		lua_call(L, 1, 3);
	}
	return 3;
}

void lb_pairs_open(lua_State *L)
{
	lua_newtable(L);
	lua_createtable(L, 0, 1);
	lua_pushliteral(L, "k");
	lua_setfield(L, -2, "__mode");
	lua_setmetatable(L, -2);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_cache);
	lua_pushcfunction(L, l_next);
	lua_setglobal(L, "next");
	lua_pushcfunction(L, l_pairs);
	lua_setglobal(L, "pairs");
}
