/* lb_sandbox: one sandboxed Lua 5.4 state; see lb_sandbox.h.
 *
 * Budgets apply only while Lua runs on our behalf (inside lb_sandbox_pcall): the C side of
 * the binding pushes a few values outside any protected call, and a refused allocation
 * there would be an unprotected error (a panic). So the allocator enforces the cap, and the
 * count hook the instruction budget, only when depth > 0; and the cap is lifted while C code
 * called back from Lua (taton.command -> session -> a nested call into Lua) pushes values,
 * since an error there would unwind through C frames that are not ours. Nested calls share
 * the outermost call's instruction budget. Once the budget is spent the hook
 * fires on every instruction, so a script cannot swallow the error with pcall and go on.
 * The allocator uses realloc/free directly, not xmalloc: Lua needs an allocator that can
 * say no (it turns that into a catchable "not enough memory").
 * `__gc` metamethods are refused (setmetatable): finalizers would run user code outside
 * our budgets. Limits: C library functions (string.rep, pattern matching) are not
 * interruptible; their memory is capped. Neighbours: lb, lb_game, lb_value. */
#include "luabind/lb_sandbox.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>
#include <lualib.h>

#include "core/xmalloc.h"

#define HOOK_STEP 1000
#define MAX_FILE_SIZE ((size_t)16 << 20)

static uint64_t default_budget = 100000000;
static size_t default_memory = (size_t)256 << 20;

/* Registry keys (addresses are unique). */
static char key_loaded;      /* private package.loaded */
static char key_randomseed;  /* the original math.randomseed */

void lb_sandbox_set_default_limits(uint64_t instructions, size_t memory)
{
	if (instructions)
		default_budget = instructions;
	if (memory)
		default_memory = memory;
}

struct lb_sandbox *lb_sandbox_of(lua_State *L)
{
	return *(struct lb_sandbox **)lua_getextraspace(L);
}

/* ---- allocator and hook ---- */

static void *sb_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct lb_sandbox *sb = ud;
	void *np;

	if (!ptr)
		osize = 0; /* osize encodes the object type then */
	if (nsize == 0) {
		free(ptr);
		sb->mem_used -= osize;
		return NULL;
	}
	if (nsize > osize && sb->depth > 0 && sb->in_c == 0 &&
	    sb->mem_used - osize + nsize > sb->mem_limit) {
		sb->mem_hit = 1;
		return NULL;
	}
	np = realloc(ptr, nsize);
	if (!np)
		return nsize <= osize ? ptr : NULL; /* a failed shrink keeps the block */
	sb->mem_used = sb->mem_used - osize + nsize;
	return np;
}

static void sb_hook(lua_State *L, lua_Debug *ar)
{
	struct lb_sandbox *sb = lb_sandbox_of(L);

	if (sb->depth == 0)
		return;
	sb->count += (uint64_t)sb->hook_step;
	if (sb->count <= sb->budget)
		return;
	if (sb->hook_step != 1) {
		sb->hook_step = 1;
		lua_sethook(L, sb_hook, LUA_MASKCOUNT, 1);
	}
	if (lua_getinfo(L, "Sl", ar) && ar->currentline > 0)
		lua_pushfstring(L, "%s:%d: instruction limit exceeded (endless loop?)",
				ar->short_src, ar->currentline);
	else
		lua_pushfstring(L, "%s: instruction limit exceeded (endless loop?)", sb->name);
	lua_error(L);
}

/* ---- replaced globals ---- */

static int sb_msgh(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);

	if (!msg) {
		if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
			msg = lua_tostring(L, -1);
		else
			msg = lua_pushfstring(L, "(error object is a %s value)",
					      luaL_typename(L, 1));
	}
	luaL_traceback(L, L, msg, 1);
	return 1;
}

static int sb_print_l(lua_State *L)
{
	int n = lua_gettop(L);
	luaL_Buffer b;

	luaL_buffinit(L, &b);
	for (int i = 1; i <= n; i++) {
		if (i > 1)
			luaL_addchar(&b, '\t');
		luaL_tolstring(L, i, NULL);
		luaL_addvalue(&b);
	}
	luaL_pushresult(&b);
	lb_sandbox_print(lb_sandbox_of(L), lua_tostring(L, -1));
	return 0;
}

static int sb_collectgarbage(lua_State *L)
{
	const char *opt = luaL_optstring(L, 1, "collect");

	if (strcmp(opt, "count") != 0)
		return luaL_error(L, "collectgarbage(\"%s\") is not available in scenarios "
				  "(only \"count\" is)", opt);
	lua_pushnumber(L, (lua_Number)lua_gc(L, LUA_GCCOUNT, 0) +
			  (lua_Number)lua_gc(L, LUA_GCCOUNTB, 0) / 1024.0);
	return 1;
}

/* load(chunk [, chunkname [, mode [, env]]]) with the mode forced to text. */
static int sb_load(lua_State *L)
{
	int n = lua_gettop(L);

	if (n >= 3 && !lua_isnil(L, 3)) {
		const char *mode = luaL_checkstring(L, 3);

		if (strchr(mode, 'b'))
			return luaL_error(L, "load: binary chunks are not available in scenarios");
	}
	if (n < 3)
		lua_settop(L, 3);
	lua_pushliteral(L, "t");
	lua_replace(L, 3);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, n < 4 ? 3 : n, LUA_MULTRET);
	return lua_gettop(L);
}

static int sb_setmetatable(lua_State *L)
{
	if (lua_type(L, 2) == LUA_TTABLE) {
		lua_pushliteral(L, "__gc");
		if (lua_rawget(L, 2) != LUA_TNIL)
			return luaL_error(L, "__gc metamethods are not available in scenarios");
		lua_pop(L, 1);
	}
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	return 1;
}

/* math.randomseed() without arguments reseeds from the scenario seed (Lua's own would use
 * the clock). */
static int sb_randomseed(lua_State *L)
{
	int n = lua_gettop(L);

	if (n == 0) {
		lua_pushinteger(L, (lua_Integer)lb_sandbox_of(L)->seed);
		n = 1;
	}
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_randomseed);
	lua_insert(L, 1);
	lua_call(L, n, LUA_MULTRET);
	return lua_gettop(L);
}

static const char *const blocked[] = {
	"io", "os", "debug", "package", "coroutine", "dofile", "loadfile", NULL,
};

/* __index of the global table: reading a removed library names it. */
static int sb_global_index(lua_State *L)
{
	const char *k = lua_tostring(L, 2);

	if (k && lua_type(L, 2) == LUA_TSTRING)
		for (int i = 0; blocked[i]; i++)
			if (strcmp(k, blocked[i]) == 0)
				return luaL_error(L, "'%s' is not available in the scenario sandbox",
						  k);
	return 0;
}

/* Module names are dot-separated words of [A-Za-z0-9_-]: no path separators, no "..". */
static int valid_module_name(const char *name)
{
	int word = 0;

	for (const char *c = name; *c; c++) {
		if (*c == '.') {
			if (word == 0)
				return 0;
			word = 0;
		} else if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
			   (*c >= '0' && *c <= '9') || *c == '_' || *c == '-') {
			word++;
		} else {
			return 0;
		}
	}
	return word > 0;
}

static int readable(const char *path)
{
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	fclose(f);
	return 1;
}

/* require(name): <libdir>/<name>.lua, then <scenario dir>/<name>.lua (dots -> slashes),
 * run in the same globals, cached in a private loaded table. */
static int sb_require(lua_State *L)
{
	struct lb_sandbox *sb = lb_sandbox_of(L);
	const char *name = luaL_checkstring(L, 1);
	const char *dirs[2] = { sb->libdir, sb->dir };
	const char *path = NULL;

	lua_settop(L, 1);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_loaded); /* 2 */
	lua_pushvalue(L, 1);
	if (lua_rawget(L, 2) != LUA_TNIL)
		return 1;
	lua_pop(L, 1);
	for (int i = 0; blocked[i]; i++)
		if (strcmp(name, blocked[i]) == 0)
			return luaL_error(L, "module '%s' is not available in the scenario sandbox",
					  name);
	if (!valid_module_name(name))
		return luaL_error(L, "require: invalid module name '%s' (use dotted names such "
				  "as \"taton.games\")", name);
	luaL_gsub(L, name, ".", "/"); /* 3: relative path */
	for (int i = 0; i < 2 && !path; i++) {
		if (!dirs[i])
			continue;
		path = lua_pushfstring(L, "%s/%s.lua", dirs[i], lua_tostring(L, 3)); /* 4 */
		if (!readable(path)) {
			lua_pop(L, 1);
			path = NULL;
		}
	}
	if (!path) {
		if (sb->libdir && sb->dir)
			return luaL_error(L, "module '%s' not found: no file '%s/%s.lua' and no "
					  "file '%s/%s.lua'", name, sb->libdir, lua_tostring(L, 3),
					  sb->dir, lua_tostring(L, 3));
		return luaL_error(L, "module '%s' not found: no file '%s/%s.lua'", name,
				  sb->libdir ? sb->libdir : sb->dir ? sb->dir : ".",
				  lua_tostring(L, 3));
	}
	if (luaL_loadfilex(L, path, "t") != LUA_OK) /* 5 */
		return lua_error(L);
	lua_pushvalue(L, 1);
	lua_pushvalue(L, 4);
	lua_call(L, 2, 1); /* 5: the module's value */
	if (lua_isnil(L, 5)) {
		lua_pop(L, 1);
		lua_pushboolean(L, 1);
	}
	lua_pushvalue(L, 1);
	lua_pushvalue(L, 5);
	lua_rawset(L, 2);
	return 1;
}

/* ---- state ---- */

static void open_lib(lua_State *L, const char *name, lua_CFunction open)
{
	luaL_requiref(L, name, open, 1);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_loaded);
	lua_pushvalue(L, -2);
	lua_setfield(L, -2, name);
	lua_pop(L, 2);
}

/* Replaces global `name` by C function fn with the original as upvalue 1. */
static void wrap_global(lua_State *L, const char *name, lua_CFunction fn)
{
	lua_getglobal(L, name);
	lua_pushcclosure(L, fn, 1);
	lua_setglobal(L, name);
}

struct lb_sandbox *lb_sandbox_new(const char *name, const char *libdir, const char *dir)
{
	struct lb_sandbox *sb = xcalloc(1, sizeof *sb);
	lua_State *L;

	sb->name = xstrdup(name ? name : "scenario");
	sb->libdir = libdir ? xstrdup(libdir) : NULL;
	sb->dir = dir ? xstrdup(dir) : NULL;
	sb->mem_limit = default_memory;
	sb->budget = default_budget;
	sb->hook_step = HOOK_STEP;
	sb->seed = 1;
	L = lua_newstate(sb_alloc, sb);
	if (!L)
		xfatal("cannot create a Lua state");
	sb->L = L;
	*(struct lb_sandbox **)lua_getextraspace(L) = sb;

	lua_newtable(L);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_loaded);
	open_lib(L, "_G", luaopen_base);
	open_lib(L, "table", luaopen_table);
	open_lib(L, "string", luaopen_string);
	open_lib(L, "math", luaopen_math);
	open_lib(L, "utf8", luaopen_utf8);

	lua_pushnil(L);
	lua_setglobal(L, "dofile");
	lua_pushnil(L);
	lua_setglobal(L, "loadfile");
	lua_pushcfunction(L, sb_collectgarbage);
	lua_setglobal(L, "collectgarbage");
	lua_pushcfunction(L, sb_print_l);
	lua_setglobal(L, "print");
	lua_pushcfunction(L, sb_require);
	lua_setglobal(L, "require");
	wrap_global(L, "load", sb_load);
	wrap_global(L, "setmetatable", sb_setmetatable);

	lua_getglobal(L, "math");
	lua_getfield(L, -1, "randomseed");
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_randomseed);
	lua_pushcfunction(L, sb_randomseed);
	lua_setfield(L, -2, "randomseed");
	lua_pop(L, 1);

	lua_pushglobaltable(L);
	lua_newtable(L);
	lua_pushcfunction(L, sb_global_index);
	lua_setfield(L, -2, "__index");
	lua_setmetatable(L, -2);
	lua_pop(L, 1);

	lua_sethook(L, sb_hook, LUA_MASKCOUNT, HOOK_STEP);
	lb_sandbox_seed(sb, sb->seed);
	return sb;
}

void lb_sandbox_free(struct lb_sandbox *sb)
{
	if (!sb)
		return;
	lua_close(sb->L);
	free(sb->name);
	free(sb->libdir);
	free(sb->dir);
	free(sb);
}

/* ---- calls ---- */

/* Whether the first line of msg carries a position ("chunk:LINE:"). */
static int has_position(const char *msg)
{
	for (const char *c = msg; *c && *c != '\n'; c++) {
		if (*c != ':' || c[1] < '0' || c[1] > '9')
			continue;
		const char *d = c + 1;

		while (*d >= '0' && *d <= '9')
			d++;
		if (*d == ':')
			return 1;
	}
	return 0;
}

static void set_lua_error(struct lb_sandbox *sb, const char *msg, struct err *e)
{
	if (!msg)
		msg = "(error object is not a string)";
	if (has_position(msg))
		err_set(e, "%s", msg);
	else
		err_set(e, "%s: %s", sb->name, msg);
}

int lb_sandbox_pcall(struct lb_sandbox *sb, int nargs, int nres, struct err *e)
{
	lua_State *L = sb->L;
	int fn = lua_gettop(L) - nargs, st, saved_in_c;

	lua_pushcfunction(L, sb_msgh);
	lua_insert(L, fn);
	if (sb->depth == 0) {
		sb->count = 0;
		sb->mem_hit = 0;
		if (sb->hook_step != HOOK_STEP) {
			sb->hook_step = HOOK_STEP;
			lua_sethook(L, sb_hook, LUA_MASKCOUNT, HOOK_STEP);
		}
	}
	saved_in_c = sb->in_c;
	sb->in_c = 0;
	sb->depth++;
	st = lua_pcall(L, nargs, nres, fn);
	sb->depth--;
	sb->in_c = saved_in_c;
	if (st == LUA_OK) {
		lua_remove(L, fn);
		return 0;
	}
	if (st == LUA_ERRMEM || (sb->mem_hit && st == LUA_ERRERR))
		err_set(e, "%s: memory limit exceeded (%zu MB)", sb->name, sb->mem_limit >> 20);
	else if (sb->mem_hit && lua_type(L, -1) == LUA_TSTRING &&
		 strstr(lua_tostring(L, -1), "not enough memory"))
		err_set(e, "%s: memory limit exceeded (%zu MB)", sb->name, sb->mem_limit >> 20);
	else if (st == LUA_ERRERR)
		err_set(e, "%s: error while reporting an error", sb->name);
	else
		set_lua_error(sb, lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL, e);
	lua_settop(L, fn - 1);
	if (sb->depth == 0 && sb->mem_hit)
		lua_gc(L, LUA_GCCOLLECT, 0);
	return -1;
}

int lb_sandbox_loadfile(struct lb_sandbox *sb, const char *path, struct err *e)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL, *chunk;
	size_t len = 0, cap = 0, got, skip = 0;
	int st;

	if (!f)
		return err_set(e, "cannot open '%s': %s", path, strerror(errno));
	do {
		if (cap - len < 4096) {
			cap = cap ? 2 * cap : 8192;
			buf = xrealloc(buf, cap);
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
	} while (got > 0 && len <= MAX_FILE_SIZE);
	if (ferror(f)) {
		int saved = errno;

		fclose(f);
		free(buf);
		return err_set(e, "cannot read '%s': %s", path, strerror(saved));
	}
	fclose(f);
	if (len > MAX_FILE_SIZE) {
		free(buf);
		return err_set(e, "%s: file too large (over %zu MB)", path, MAX_FILE_SIZE >> 20);
	}
	/* A "#!" first line is skipped, keeping its newline so line numbers stay right. */
	if (len > 0 && buf[0] == '#')
		while (skip < len && buf[skip] != '\n')
			skip++;
	chunk = xasprintf("@%s", path);
	st = luaL_loadbufferx(sb->L, buf + skip, len - skip, chunk, "t");
	free(chunk);
	free(buf);
	if (st != LUA_OK) {
		struct lb_sandbox tmp = *sb;

		tmp.name = (char *)path;
		set_lua_error(&tmp, lua_tostring(sb->L, -1), e);
		lua_pop(sb->L, 1);
		return -1;
	}
	return 0;
}

int lb_sandbox_eval(struct lb_sandbox *sb, const char *expr, const char *what, int env,
		    struct err *e)
{
	lua_State *L = sb->L;
	/* The newline ends a trailing "--" comment before the closing parenthesis. */
	char *code = xasprintf("return (%s\n)", expr);
	char *chunk = xasprintf("=%s", what);
	int st;

	if (env)
		env = lua_absindex(L, env);
	st = luaL_loadbufferx(L, code, strlen(code), chunk, "t");
	free(code);
	free(chunk);
	if (st != LUA_OK) {
		err_set(e, "%s", lua_tostring(L, -1));
		lua_pop(L, 1);
		return -1;
	}
	if (env) { /* the names of env first, then the sandbox's globals */
		lua_createtable(L, 0, 0);
		lua_pushglobaltable(L);
		lua_setfield(L, -2, "__index");
		lua_setmetatable(L, env);
		lua_pushvalue(L, env);
		lua_setupvalue(L, -2, 1); /* the chunk's _ENV */
	}
	return lb_sandbox_pcall(sb, 0, 1, e);
}

void lb_sandbox_seed(struct lb_sandbox *sb, uint64_t seed)
{
	lua_State *L = sb->L;

	sb->seed = seed;
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_randomseed);
	lua_pushinteger(L, (lua_Integer)seed);
	if (lua_pcall(L, 1, 0, 0) != LUA_OK)
		lua_pop(L, 1);
}

int lb_sandbox_command(struct lb_sandbox *sb, const char *line, struct err *e)
{
	int rc;

	if (!sb->command)
		return err_set(e, "no commands can run here (only in hooks)");
	sb->in_c++;
	rc = sb->command(sb->command_ctx, line, e);
	sb->in_c--;
	return rc;
}

void lb_sandbox_print(struct lb_sandbox *sb, const char *text)
{
	const char *base;

	if (sb->print) {
		sb->print(sb->print_ctx, text);
		return;
	}
	base = strrchr(sb->name, '/');
	fprintf(stderr, "%s: %s\n", base ? base + 1 : sb->name, text);
}
