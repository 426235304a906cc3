/* lb_sandbox: one sandboxed Lua 5.4 state; see lb_sandbox.h.
 *
 * Budgets apply only while Lua runs on our behalf (inside lb_sandbox_pcall): the C side of
 * the binding pushes a few values outside any protected call, and a refused allocation
 * there would be an unprotected error (a panic). So the allocator enforces the cap, and the
 * count hook the instruction budget, only when depth > 0; and the cap is lifted while C code
 * called back from Lua (taton.command -> session -> a nested call into Lua) pushes values,
 * since an error there would unwind through C frames that are not ours. Nested calls share
 * the outermost call's budget and deadline.
 * Three limits stop an entry: the instruction budget (instructions counted by the hook plus
 * work charged by C functions: lb_sandbox_charge, and one unit per 16 bytes allocated), the
 * wall-clock deadline (checked by the hook, the allocator and lb_sandbox_charge), and an
 * interrupt (lb_sandbox_interrupt, from a signal handler: it also arms the hook to fire at
 * the next instruction; a request made while no Lua runs stops the next call, until that
 * happens or the front end drops it). Once one is hit the hook fires on every instruction, so a script
 * cannot swallow the error with pcall and go on; and no message handler of the script's
 * runs any more (xpcall's handler is wrapped): Lua runs message handlers with hooks off
 * when the error comes from a hook. The hook's interval adapts: when instructions turn
 * slow (long strings compared or hashed) it is shortened, so the clock is read at least
 * every few milliseconds.
 * The allocator uses realloc/free directly, not xmalloc: Lua needs an allocator that can
 * say no (it turns that into a catchable "not enough memory").
 * `__gc` metamethods are refused (setmetatable): finalizers would run user code outside
 * our budgets. Files (the scenario, required modules) are read only if they are regular
 * files, so a FIFO cannot block the program. Error messages keep their first line and as
 * many lines of the traceback as fit, cut on a UTF-8 boundary; NUL bytes show as "\0".
 * Process-wide state is limited to what a signal handler needs: the interrupt flag and the
 * state running now. Neighbours: lb, lb_game, lb_value, lb_strlib, lb_pairs. */
#include "luabind/lb_sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <lauxlib.h>
#include <lualib.h>

#include "core/xmalloc.h"
#include "luabind/lb_pairs.h"
#include "luabind/lb_strlib.h"

#define HOOK_STEP 1000
#define MAX_FILE_SIZE ((size_t)16 << 20)
#define ALLOC_CHARGE_SHIFT 4             /* one budget unit per 16 bytes allocated */
#define ALLOC_CLOCK_BYTES ((size_t)4 << 20) /* read the clock every 4 MB allocated */
#define SLOW_HOOK 0.002                  /* seconds between hook calls that are too many */
#define MSG_HEAD_MAX 300                 /* bytes of an error's message before its traceback */

static uint64_t default_budget = 100000000;
static size_t default_memory = (size_t)256 << 20;
static double default_time = 5;

/* For signal handlers only: an interrupt is pending, and the state running now. */
static volatile sig_atomic_t interrupt_pending;
static lua_State *volatile running;

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

void lb_sandbox_set_default_time(double seconds)
{
	if (seconds > 0)
		default_time = seconds;
}

struct lb_sandbox *lb_sandbox_of(lua_State *L)
{
	return *(struct lb_sandbox **)lua_getextraspace(L);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- limits ---- */

static void sb_hook(lua_State *L, lua_Debug *ar);

/* Makes the hook fire at the next instruction. */
static void arm_hook(struct lb_sandbox *sb)
{
	if (sb->hook_step != 1) {
		sb->hook_step = 1;
		lua_sethook(sb->L, sb_hook, LUA_MASKCOUNT, 1);
	}
}

/* Which limit, if any, the running entry has hit (reads the clock when `clock`). */
static int limit_hit(struct lb_sandbox *sb, int clock)
{
	if (interrupt_pending)
		return LB_STOP_INTERRUPT;
	if (sb->count > sb->budget)
		return LB_STOP_COUNT;
	if (clock && now_s() > sb->deadline)
		return LB_STOP_TIME;
	return LB_STOP_NONE;
}

/* Sets sb->stop and its message, after `where` ("FILE:LINE: " or ""). */
static void set_stop(struct lb_sandbox *sb, int why, const char *where)
{
	sb->stop = why;
	if (why == LB_STOP_COUNT)
		snprintf(sb->stop_msg, sizeof sb->stop_msg, "%sinstruction limit exceeded "
			 "(endless loop?)", where);
	else if (why == LB_STOP_TIME)
		snprintf(sb->stop_msg, sizeof sb->stop_msg, "%stime limit exceeded (%g s per call)",
			 where, sb->time_limit);
	else
		snprintf(sb->stop_msg, sizeof sb->stop_msg, "%sinterrupted", where);
}

/* "FILE:LINE: " of the innermost Lua function running, or "". */
static void lua_where(lua_State *L, char *buf, size_t size)
{
	lua_Debug ar;

	buf[0] = '\0';
	for (int level = 0; lua_getstack(L, level, &ar); level++)
		if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
			snprintf(buf, size, "%s:%d: ", ar.short_src, ar.currentline);
			return;
		}
}

/* Raises the stop error (the message is kept: the first one says where it happened). */
static int raise_stop(lua_State *L, struct lb_sandbox *sb)
{
	arm_hook(sb);
	lua_pushstring(L, sb->stop_msg);
	return lua_error(L);
}

void lb_sandbox_charge(lua_State *L, uint64_t work)
{
	struct lb_sandbox *sb = lb_sandbox_of(L);
	int why;

	if (sb->depth == 0)
		return;
	sb->count += work;
	if (!sb->stop && (why = limit_hit(sb, 1)) != LB_STOP_NONE) {
		char where[128];

		lua_where(L, where, sizeof where);
		set_stop(sb, why, where);
	}
	if (sb->stop)
		raise_stop(L, sb);
}

int lb_sandbox_interrupt(void)
{
	lua_State *L = running;

	interrupt_pending = 1;
	if (!L)
		return 0;
	/* lua_sethook may be called from a signal handler (the Lua manual says so). */
	lua_sethook(L, sb_hook, LUA_MASKCOUNT, 1);
	return 1;
}

void lb_sandbox_interrupt_clear(void)
{
	interrupt_pending = 0;
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
	if (nsize > osize && sb->depth > 0) {
		/* Copying and building strings is work the count hook does not see. */
		size_t grown = nsize - osize;

		sb->count += grown >> ALLOC_CHARGE_SHIFT;
		sb->alloc_unchecked += grown;
		if (!sb->stop && limit_hit(sb, sb->alloc_unchecked >= ALLOC_CLOCK_BYTES))
			arm_hook(sb); /* the hook stops the entry at the next instruction */
		if (sb->alloc_unchecked >= ALLOC_CLOCK_BYTES)
			sb->alloc_unchecked = 0;
	}
	return np;
}

/* The next hook interval: shorter when the last one took long (slow instructions), longer
 * again when it was quick, and never past the instruction that exhausts the budget. */
static int next_step(struct lb_sandbox *sb, double now)
{
	int step = sb->hook_step;
	double took = now - sb->last_hook;

	if (took > SLOW_HOOK && step > 1)
		step = step / 16 > 1 ? step / 16 : 1;
	else if (took < SLOW_HOOK / 8 && step < HOOK_STEP)
		step = step * 2 < HOOK_STEP ? step * 2 : HOOK_STEP;
	if (sb->count < sb->budget && sb->budget - sb->count < (uint64_t)step)
		step = (int)(sb->budget - sb->count) + 1;
	return step > 0 ? step : 1;
}

static void sb_hook(lua_State *L, lua_Debug *ar)
{
	struct lb_sandbox *sb = lb_sandbox_of(L);
	double now;
	int why, step;

	if (sb->depth == 0)
		return;
	sb->count += (uint64_t)sb->hook_step;
	now = now_s();
	if (!sb->stop) {
		why = interrupt_pending ? LB_STOP_INTERRUPT : sb->count > sb->budget ? LB_STOP_COUNT
			: now > sb->deadline ? LB_STOP_TIME : LB_STOP_NONE;
		if (why != LB_STOP_NONE) {
			char where[128] = "";

			if (lua_getinfo(L, "Sl", ar) && ar->currentline > 0)
				snprintf(where, sizeof where, "%s:%d: ", ar->short_src,
					 ar->currentline);
			set_stop(sb, why, where);
		}
	}
	if (sb->stop) {
		raise_stop(L, sb);
		return;
	}
	step = next_step(sb, now);
	sb->last_hook = now;
	if (step != sb->hook_step) {
		sb->hook_step = step;
		lua_sethook(L, sb_hook, LUA_MASKCOUNT, step);
	}
}

/* ---- replaced globals ---- */

/* Pushes the error object at idx as text (and returns it), without running any metamethod
 * once a limit is hit. */
static const char *error_text(lua_State *L, int idx)
{
	struct lb_sandbox *sb = lb_sandbox_of(L);

	if (lua_type(L, idx) == LUA_TSTRING || lua_type(L, idx) == LUA_TNUMBER) {
		lua_pushvalue(L, idx);
		return lua_tostring(L, -1);
	}
	if (!sb->stop && luaL_callmeta(L, idx, "__tostring")) {
		if (lua_type(L, -1) == LUA_TSTRING)
			return lua_tostring(L, -1);
		lua_pop(L, 1);
	}
	return lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, idx));
}

/* The message (NUL bytes and all: it is concatenated, not passed as a C string), then the
 * traceback. */
static int sb_msgh(lua_State *L)
{
	error_text(L, 1);
	if (lua_type(L, -1) == LUA_TNUMBER)
		lua_tostring(L, -1);
	lua_pushliteral(L, "\n");
	luaL_traceback(L, L, NULL, 1);
	lua_concat(L, 3);
	return 1;
}

/* The message handler xpcall gets instead of the script's: runs it, unless a limit has
 * been hit (then the error goes on unchanged). */
static int sb_xpcall_msgh(lua_State *L)
{
	if (lb_sandbox_of(L)->stop) {
		lua_settop(L, 1);
		return 1;
	}
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	return 1;
}

/* Raising and catching an error costs about as much as ERROR_COST instructions (a position
 * is looked up, a message built, the stack unwound): error, pcall and xpcall charge it. */
#define ERROR_COST 100

/* error(msg [, level]), as Lua's, charged. */
static int sb_error(lua_State *L)
{
	int level = (int)luaL_optinteger(L, 2, 1);

	lb_sandbox_charge(L, ERROR_COST);
	lua_settop(L, 1);
	if (lua_type(L, 1) == LUA_TSTRING && level > 0) {
		luaL_where(L, level);
		lua_pushvalue(L, 1);
		lua_concat(L, 2);
	}
	return lua_error(L);
}

/* pcall(f, ...), as Lua's, charged. */
static int sb_pcall(lua_State *L)
{
	int st;

	luaL_checkany(L, 1);
	lb_sandbox_charge(L, ERROR_COST / 4);
	st = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
	lua_pushboolean(L, st == LUA_OK);
	lua_insert(L, 1);
	return lua_gettop(L);
}

/* xpcall(f, msgh, ...), as Lua's, charged, with msgh guarded (sb_xpcall_msgh). */
static int sb_xpcall(lua_State *L)
{
	int n = lua_gettop(L), st;

	luaL_checktype(L, 2, LUA_TFUNCTION);
	lb_sandbox_charge(L, ERROR_COST / 4);
	lua_pushvalue(L, 2);
	lua_pushcclosure(L, sb_xpcall_msgh, 1);
	lua_replace(L, 2);    /* f, guarded msgh, args */
	lua_pushvalue(L, 1);
	lua_rotate(L, 3, 1);  /* f, guarded msgh, f, args */
	st = lua_pcall(L, n - 2, LUA_MULTRET, 2);
	lua_pushboolean(L, st == LUA_OK);
	lua_replace(L, 2);
	lua_remove(L, 1);
	return lua_gettop(L);
}

/* Appends s[0..len) to b with NUL bytes written as "\0". */
static void add_text(luaL_Buffer *b, const char *s, size_t len)
{
	const char *nul;

	while ((nul = memchr(s, '\0', len)) != NULL) {
		luaL_addlstring(b, s, (size_t)(nul - s));
		luaL_addstring(b, "\\0");
		len -= (size_t)(nul - s) + 1;
		s = nul + 1;
	}
	luaL_addlstring(b, s, len);
}

static int sb_print_l(lua_State *L)
{
	int n = lua_gettop(L);
	luaL_Buffer b;

	for (int i = 1; i <= n; i++) { /* texts first: the buffer must stay on top */
		luaL_tolstring(L, i, NULL);
		lua_replace(L, i);
	}
	luaL_buffinit(L, &b);
	for (int i = 1; i <= n; i++) {
		size_t len;
		const char *s = lua_tolstring(L, i, &len);

		if (i > 1)
			luaL_addchar(&b, '\t');
		add_text(&b, s, len);
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

const char *lb_sandbox_checktext(lua_State *L, int idx, const char *what, size_t *len)
{
	size_t n;
	const char *s = lua_tolstring(L, idx, &n);

	if (s && strlen(s) != n)
		luaL_error(L, "%s contains a NUL byte", what);
	if (len)
		*len = n;
	return s;
}

char *lb_sandbox_readfile(const char *path, size_t max, size_t *lenp, struct err *e)
{
	/* O_NONBLOCK: opening a FIFO without a writer must not wait; cleared before reading. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	ssize_t got;

	if (fd < 0) {
		err_set(e, "cannot open '%s': %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		err_set(e, "cannot open '%s': not a regular file", path);
		close(fd);
		return NULL;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	do {
		if (cap - len < 4096) {
			cap = cap ? 2 * cap : 8192;
			buf = xrealloc(buf, cap + 1);
		}
		while ((got = read(fd, buf + len, cap - len)) < 0 && errno == EINTR)
			;
		if (got > 0)
			len += (size_t)got;
	} while (got > 0 && len <= max);
	if (got < 0) {
		int saved = errno;

		close(fd);
		free(buf);
		err_set(e, "cannot read '%s': %s", path, strerror(saved));
		return NULL;
	}
	close(fd);
	if (len > max) {
		free(buf);
		err_set(e, "%s: file too large (over %zu MB)", path, max >> 20);
		return NULL;
	}
	buf[len] = '\0';
	*lenp = len;
	return buf;
}

/* Loads the text chunk buf[0..len) named "@path" (a "#!" first line is skipped, keeping
 * its newline so line numbers stay right). Pushes the function, or the error message. */
static int load_text(lua_State *L, const char *buf, size_t len, const char *path)
{
	size_t skip = 0;
	int st;

	if (len > 0 && buf[0] == '#')
		while (skip < len && buf[skip] != '\n')
			skip++;
	lua_pushfstring(L, "@%s", path);
	st = luaL_loadbufferx(L, buf + skip, len - skip, lua_tostring(L, -1), "t");
	lua_remove(L, -2);
	return st;
}

/* require(name): <libdir>/<name>.lua, then <scenario dir>/<name>.lua (dots -> slashes),
 * run in the same globals, cached in a private loaded table. Only regular files. */
static int sb_require(lua_State *L)
{
	struct lb_sandbox *sb = lb_sandbox_of(L);
	const char *name = luaL_checkstring(L, 1);
	const char *dirs[2] = { sb->libdir, sb->dir };
	const char *path = NULL;
	struct stat sst;

	lb_sandbox_checktext(L, 1, "require: the module name", NULL);
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
		if (stat(path, &sst) != 0) {
			lua_pop(L, 1);
			path = NULL;
		} else if (!S_ISREG(sst.st_mode)) {
			return luaL_error(L, "require: '%s' is not a regular file", path);
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
	{
		struct err e;
		size_t len;
		char *buf;
		int st;

		sb->in_c++; /* the buffer is ours; a Lua error here would leak it */
		buf = lb_sandbox_readfile(path, MAX_FILE_SIZE, &len, &e);
		sb->in_c--;
		if (!buf)
			return luaL_error(L, "require: %s", e.msg);
		lua_pushlstring(L, buf, len); /* 5: the text, owned by Lua from here */
		free(buf);
		st = load_text(L, lua_tostring(L, 5), len, path); /* 6 */
		lua_remove(L, 5);
		if (st != LUA_OK)
			return lua_error(L);
	}
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

/* C library functions whose work grows with their arguments but allocates little (so the
 * allocator does not charge it): each charges its work before it runs. */
enum cost {
	COST_RANGE, /* elements i..j: i is argument `arg`, j the next (default 1, #t raw) */
	COST_SHIFT, /* elements moved by insert/remove at a position: #t (raw) */
	COST_MOVE,  /* table.move(a1, f, e, t): e - f + 1 */
	COST_SORT,  /* n log n comparisons */
	COST_BYTES, /* bytes of the string argument 1, 16 a unit */
};

static const struct charged {
	const char *lib, *name;
	enum cost cost;
	int arg;
} charged[] = {
	{ .lib = "table", .name = "concat", .cost = COST_RANGE, .arg = 3 },
	{ .lib = "table", .name = "unpack", .cost = COST_RANGE, .arg = 2 },
	{ .lib = "table", .name = "insert", .cost = COST_SHIFT, .arg = 3 },
	{ .lib = "table", .name = "remove", .cost = COST_SHIFT, .arg = 2 },
	{ .lib = "table", .name = "move", .cost = COST_MOVE, .arg = 2 },
	{ .lib = "table", .name = "sort", .cost = COST_SORT, .arg = 1 },
	{ .lib = "utf8", .name = "len", .cost = COST_BYTES, .arg = 1 },
	{ .lib = "utf8", .name = "offset", .cost = COST_BYTES, .arg = 1 },
	{ .lib = "utf8", .name = "codepoint", .cost = COST_BYTES, .arg = 1 },
	{ .lib = "string", .name = "byte", .cost = COST_BYTES, .arg = 1 },
};

static lua_Integer int_arg(lua_State *L, int k, lua_Integer def)
{
	int ok;
	lua_Integer v = lua_tointegerx(L, k, &ok);

	return ok ? v : def;
}

/* Elements from i to j (0 when j < i), without overflow. */
static uint64_t span(lua_Integer i, lua_Integer j)
{
	return j < i ? 0 : (uint64_t)((lua_Unsigned)j - (lua_Unsigned)i) + 1;
}

static uint64_t cost_of(lua_State *L, const struct charged *c)
{
	lua_Integer len = lua_type(L, 1) == LUA_TTABLE ? (lua_Integer)lua_rawlen(L, 1) : 0;
	uint64_t n, k = 0;

	switch (c->cost) {
	case COST_RANGE:
		return span(int_arg(L, c->arg, 1), int_arg(L, c->arg + 1, len));
	case COST_SHIFT:
		return lua_gettop(L) >= c->arg ? (uint64_t)len + 1 : 1;
	case COST_MOVE:
		return span(int_arg(L, c->arg, 1), int_arg(L, c->arg + 1, 0)) + 1;
	case COST_SORT:
		n = (uint64_t)len;
		while (k < 63 && ((uint64_t)1 << k) < n)
			k++;
		return n * (k + 1) + 1;
	case COST_BYTES:
		return lua_type(L, 1) == LUA_TSTRING ? lua_rawlen(L, 1) / 16 + 1 : 1;
	}
	return 1;
}

/* Upvalues: 1 the original function, 2 the row of `charged`. */
static int sb_charged(lua_State *L)
{
	const struct charged *c = &charged[lua_tointeger(L, lua_upvalueindex(2))];

	lb_sandbox_charge(L, cost_of(L, c));
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
	return lua_gettop(L);
}

static void wrap_charged(lua_State *L)
{
	for (size_t i = 0; i < sizeof charged / sizeof charged[0]; i++) {
		lua_getglobal(L, charged[i].lib);
		lua_getfield(L, -1, charged[i].name);
		lua_pushinteger(L, (lua_Integer)i);
		lua_pushcclosure(L, sb_charged, 2);
		lua_setfield(L, -2, charged[i].name);
		lua_pop(L, 1);
	}
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
	sb->time_limit = default_time;
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
	lua_pushcfunction(L, sb_error);
	lua_setglobal(L, "error");
	lua_pushcfunction(L, sb_pcall);
	lua_setglobal(L, "pcall");
	lua_pushcfunction(L, sb_xpcall);
	lua_setglobal(L, "xpcall");
	lb_pairs_open(L);
	lb_strlib_open(L);
	wrap_charged(L);

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

/* Length of the longest prefix of s[0..n) not ending inside a UTF-8 sequence. */
static size_t utf8_cut(const char *s, size_t n)
{
	size_t i = n, k = 0;

	while (i > 0 && k < 4 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) {
		i--;
		k++;
	}
	if (i > 0 && ((unsigned char)s[i - 1] & 0x80)) {
		unsigned char lead = (unsigned char)s[i - 1];
		size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;

		if (k + 1 < need)
			return i - 1; /* an incomplete sequence: drop it */
	}
	return n;
}

/* e->msg = prefix + msg: the message (its head cut at MSG_HEAD_MAX bytes on a UTF-8
 * boundary when the whole does not fit), then whole lines of the traceback while they fit;
 * NUL bytes become "\0". */
static void format_error(struct err *e, const char *prefix, const char *msg, size_t len)
{
	char *clean = xmalloc(2 * len + 1), *out = e->msg;
	/* room is left for the prefixes callers add ("variant 'x': ") */
	size_t n = 0, cap = sizeof e->msg - 1 - 64, at, head, tail;
	const char *tb;

	for (size_t i = 0; i < len; i++) {
		if (msg[i] == '\0') {
			clean[n++] = '\\';
			clean[n++] = '0';
		} else {
			clean[n++] = msg[i];
		}
	}
	clean[n] = '\0';
	tb = strstr(clean, "\nstack traceback:");
	head = tb ? (size_t)(tb - clean) : n;
	at = (size_t)snprintf(out, cap + 1, "%s", prefix);
	if (at > cap)
		at = cap;
	if (at + n <= sizeof e->msg - 1) {
		memcpy(out + at, clean, n + 1);
		free(clean);
		return;
	}
	if (head > MSG_HEAD_MAX || at + head > cap) {
		size_t room = cap - at < MSG_HEAD_MAX ? cap - at : MSG_HEAD_MAX;
		size_t keep = utf8_cut(clean, room > 3 ? room - 3 : 0);

		memcpy(out + at, clean, keep);
		memcpy(out + at + keep, "...", 3);
		at += keep + 3;
	} else {
		memcpy(out + at, clean, head);
		at += head;
	}
	/* whole traceback lines */
	for (const char *l = tb; l && *l; ) {
		const char *nl = strchr(l + 1, '\n');

		tail = nl ? (size_t)(nl - l) : strlen(l);
		if (at + tail + 5 > cap) {
			if (at + 5 <= cap) {
				memcpy(out + at, "\n\t...", 5);
				at += 5;
			}
			break;
		}
		memcpy(out + at, l, tail);
		at += tail;
		l = nl;
	}
	out[at] = '\0';
	free(clean);
}

static void set_lua_error(struct lb_sandbox *sb, const char *msg, size_t len, struct err *e)
{
	char prefix[300] = "";

	if (!msg) {
		msg = "(error object is not a string)";
		len = strlen(msg);
	}
	if (!has_position(msg)) {
		const char *base = sb->name;

		snprintf(prefix, sizeof prefix, "%s: ", base);
	}
	format_error(e, prefix, msg, len);
}

int lb_sandbox_pcall(struct lb_sandbox *sb, int nargs, int nres, struct err *e)
{
	lua_State *L = sb->L;
	lua_State *saved_running = running;
	int fn = lua_gettop(L) - nargs, st, saved_in_c, outer = sb->depth == 0;

	lua_pushcfunction(L, sb_msgh);
	lua_insert(L, fn);
	if (outer) {
		sb->count = 0;
		sb->mem_hit = 0;
		sb->stop = LB_STOP_NONE;
		sb->stop_msg[0] = '\0';
		sb->alloc_unchecked = 0;
		sb->last_hook = now_s();
		sb->deadline = sb->last_hook + sb->time_limit;
		/* a pending interrupt (from before this call) stops it at its first instruction */
		sb->hook_step = interrupt_pending ? 1 : HOOK_STEP;
		lua_sethook(L, sb_hook, LUA_MASKCOUNT, sb->hook_step);
		running = L;
	}
	saved_in_c = sb->in_c;
	sb->in_c = 0;
	sb->depth++;
	st = lua_pcall(L, nargs, nres, fn);
	sb->depth--;
	sb->in_c = saved_in_c;
	if (outer) {
		running = saved_running;
		if (sb->stop == LB_STOP_INTERRUPT)
			interrupt_pending = 0; /* delivered */
	}
	if (st == LUA_OK) {
		lua_remove(L, fn);
		return 0;
	}
	if (sb->stop) {
		size_t len;
		const char *m = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &len) : NULL;

		/* the traceback of the stop, when the error object is still ours */
		if (m && strncmp(m, sb->stop_msg, strlen(sb->stop_msg)) == 0)
			set_lua_error(sb, m, len, e);
		else
			set_lua_error(sb, sb->stop_msg, strlen(sb->stop_msg), e);
	} else if (st == LUA_ERRMEM || (sb->mem_hit && st == LUA_ERRERR)) {
		err_set(e, "%s: memory limit exceeded (%zu MB)", sb->name, sb->mem_limit >> 20);
	} else if (sb->mem_hit && lua_type(L, -1) == LUA_TSTRING &&
		   strstr(lua_tostring(L, -1), "not enough memory")) {
		err_set(e, "%s: memory limit exceeded (%zu MB)", sb->name, sb->mem_limit >> 20);
	} else if (st == LUA_ERRERR) {
		err_set(e, "%s: error while reporting an error", sb->name);
	} else {
		size_t len = 0;
		const char *m = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &len) : NULL;

		set_lua_error(sb, m, len, e);
	}
	lua_settop(L, fn - 1);
	if (sb->depth == 0 && sb->mem_hit)
		lua_gc(L, LUA_GCCOLLECT, 0);
	return -1;
}

int lb_sandbox_loadfile(struct lb_sandbox *sb, const char *path, struct err *e)
{
	size_t len;
	char *buf = lb_sandbox_readfile(path, MAX_FILE_SIZE, &len, e);
	int st;

	if (!buf)
		return -1;
	st = load_text(sb->L, buf, len, path);
	free(buf);
	if (st != LUA_OK) {
		struct lb_sandbox tmp = *sb;
		size_t n;
		const char *m = lua_tolstring(sb->L, -1, &n);

		tmp.name = (char *)path;
		set_lua_error(&tmp, m, n, e);
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
	fprintf(stderr, "%s: ", base ? base + 1 : sb->name);
	for (const char *c = text; *c; c++) /* no control character reaches a terminal */
		fputc((unsigned char)*c < 0x20 && *c != '\t' ? '?' : *c == 0x7F ? '?' : *c, stderr);
	fputc('\n', stderr);
}
