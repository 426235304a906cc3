/* test_sandbox: the scenario sandbox (src/luabind) against untrusted code. The budgeted
 * string functions agree with stock Lua 5.4 (run side by side in a plain Lua state: an
 * independent implementation) and stop pathological patterns; xpcall handlers, pcall loops,
 * table functions and slow instructions cannot outrun the limits; an interrupt stops a call
 * and only that call; pairs and next visit keys in the documented order, the same in every
 * state; NUL bytes are errors or shown as \0; long errors keep their first line and the
 * first lines of the traceback on a UTF-8 boundary; require and loading refuse FIFOs; table
 * parameters are checked before they are built; labels and choices must be printable. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include <cmocka.h>
#include <lauxlib.h>
#include <lualib.h>

#include "luabind/lb.h"
#include "luabind/lb_sandbox.h"
#include "tests/testutil.h"

#define BUDGET 100000000ULL
#define MEMORY ((size_t)256 << 20)

static void restore_limits(void)
{
	lb_sandbox_set_default_limits(BUDGET, MEMORY);
	lb_sandbox_set_default_time(5);
}

/* Runs the statements `code` in sb; 0 with the first result (as text) in out, or -1 with e. */
static int run(struct lb_sandbox *sb, const char *code, char *out, size_t size, struct err *e)
{
	lua_State *L = sb->L;
	int rc;

	if (luaL_loadbufferx(L, code, strlen(code), "=test", "t") != LUA_OK) {
		err_set(e, "%s", lua_tostring(L, -1));
		lua_pop(L, 1);
		return -1;
	}
	rc = lb_sandbox_pcall(sb, 0, 1, e);
	if (rc == 0) {
		if (out)
			snprintf(out, size, "%s", lua_isnil(L, -1) ? "nil" : luaL_tolstring(L, -1, NULL));
		lua_settop(L, 0);
	}
	return rc;
}

/* Runs code that must fail; returns the message. */
static const char *run_fail(struct lb_sandbox *sb, const char *code)
{
	static struct err e;

	memset(&e, 0, sizeof e);
	if (run(sb, code, NULL, 0, &e) == 0)
		fail_msg("expected an error from: %s", code);
	return e.msg;
}

static const char *run_ok(struct lb_sandbox *sb, const char *code)
{
	static char out[4096];
	struct err e = { "" };

	if (run(sb, code, out, sizeof out, &e) < 0)
		fail_msg("%s: %s", code, e.msg);
	return out;
}

/* ---- the string functions against stock Lua ---- */

/* One call of a string function, results (or error) serialised; defined in both states. */
static const char driver[] =
	"local function ser(...)\n"
	"  local out = {}\n"
	"  for i = 1, select('#', ...) do\n"
	"    local v = select(i, ...)\n"
	"    out[i] = type(v) .. ':' .. tostring(v)\n"
	"  end\n"
	"  return table.concat(out, ',')\n"
	"end\n"
	"return function(op, s, p, r, n)\n"
	"  if op == 'find' then return ser(pcall(string.find, s, p, n)) end\n"
	"  if op == 'findp' then return ser(pcall(string.find, s, p, n, true)) end\n"
	"  if op == 'match' then return ser(pcall(string.match, s, p, n)) end\n"
	"  if op == 'gsub' then return ser(pcall(string.gsub, s, p, r, n)) end\n"
	"  if op == 'gsubf' then return ser(pcall(string.gsub, s, p,\n"
	"      function(...) return select('#', ...) > 1 and table.concat({...}, '+') or nil end))\n"
	"  end\n"
	"  if op == 'gsubt' then return ser(pcall(string.gsub, s, p, { a = 'A', b = false,\n"
	"      ab = 12 })) end\n"
	"  if op == 'rep' then return ser(pcall(string.rep, s, n, p)) end\n"
	"  local ok, it = pcall(string.gmatch, s, p, n)\n"
	"  if not ok then return 'E:' .. it end\n"
	"  local t = {}\n"
	"  local ok2, err = pcall(function()\n"
	"    for a, b in it do t[#t + 1] = tostring(a) .. '|' .. tostring(b)\n"
	"      if #t > 200 then break end end end)\n"
	"  return tostring(ok2) .. ':' .. (ok2 and table.concat(t, ';') or err)\n"
	"end\n";

struct diff {
	lua_State *stock;
	struct lb_sandbox *sb;
	int ref_stock, ref_sb;
	int ncases;
};

static int push_driver(lua_State *L)
{
	if (luaL_loadbufferx(L, driver, strlen(driver), "=driver", "t") != LUA_OK ||
	    lua_pcall(L, 0, 1, 0) != LUA_OK)
		fail_msg("driver: %s", lua_tostring(L, -1));
	return luaL_ref(L, LUA_REGISTRYINDEX);
}

static void push_args(lua_State *L, int ref, const char *op, const char *s, size_t ls,
		      const char *p, const char *r, long long n)
{
	lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
	lua_pushstring(L, op);
	lua_pushlstring(L, s, ls);
	lua_pushstring(L, p);
	lua_pushstring(L, r);
	lua_pushinteger(L, n);
}

/* Runs op in both states; they must agree. */
static void same(struct diff *d, const char *op, const char *s, size_t ls, const char *p,
		 const char *r, long long n)
{
	struct err e = { "" };
	char want[2048], got[2048];

	push_args(d->stock, d->ref_stock, op, s, ls, p, r, n);
	if (lua_pcall(d->stock, 5, 1, 0) != LUA_OK)
		fail_msg("stock %s: %s", op, lua_tostring(d->stock, -1));
	snprintf(want, sizeof want, "%s", lua_tostring(d->stock, -1));
	lua_settop(d->stock, 0);
	push_args(d->sb->L, d->ref_sb, op, s, ls, p, r, n);
	if (lb_sandbox_pcall(d->sb, 5, 1, &e) < 0)
		fail_msg("sandbox %s: %s", op, e.msg);
	snprintf(got, sizeof got, "%s", lua_tostring(d->sb->L, -1));
	lua_settop(d->sb->L, 0);
	if (strcmp(want, got) != 0)
		fail_msg("string.%s(\"%.*s\", \"%s\", \"%s\", %lld):\n  stock:   %s\n  sandbox: %s",
			 op, (int)ls, s, p, r, n, want, got);
	d->ncases++;
}

static void all_ops(struct diff *d, const char *s, const char *p)
{
	static const long long inits[] = { 1, 2, -1, 0, -100, 100 };
	size_t ls = strlen(s);

	for (size_t k = 0; k < sizeof inits / sizeof inits[0]; k++) {
		same(d, "find", s, ls, p, "", inits[k]);
		same(d, "findp", s, ls, p, "", inits[k]);
		same(d, "match", s, ls, p, "", inits[k]);
		same(d, "gmatch", s, ls, p, "", inits[k]);
	}
	same(d, "gsub", s, ls, p, "<%0>", 100);
	same(d, "gsub", s, ls, p, "[%1]", 2);
	same(d, "gsub", s, ls, p, "%%%2", 100);
	same(d, "gsub", s, ls, p, "%", 1);
	same(d, "gsubf", s, ls, p, "", 0);
	same(d, "gsubt", s, ls, p, "", 0);
}

static void test_strlib_like_stock(void **state)
{
	static const char *const hand[][2] = {
		{ "hello world", "o" }, { "hello world", "(o)(r)" }, { "hello world", "l+" },
		{ "hello world", "l-" }, { "hello world", "l*o" }, { "hello world", "l?o" },
		{ "hello world", "^h" }, { "hello world", "^w" }, { "hello world", "d$" },
		{ "hello world", "o$" }, { "hello world", "$" }, { "hello world", "^" },
		{ "hello world", "%a+" }, { "hello world", "%A" }, { " \t x1_2", "%s*(%w+)" },
		{ "a,b,,c", "([^,]*)" }, { "key = value", "(%w+)%s*=%s*(%w+)" },
		{ "THE (quick) fox", "%f[%a]%a+" }, { "THE (quick) fox", "%f[%l]%a+" },
		{ "f(a(b)c)d", "%b()" }, { "f(a(b)c", "%b()" }, { "[[x]]", "%b[]" },
		{ "abcabc", "(a)(b)(c)%1%2%3" }, { "xyzxyz", "(x(y)z)%1" }, { "aaa", "()a()" },
		{ "aaa", "()" }, { "", "" }, { "", "a*" }, { "abc", "" }, { "abc", ".-" },
		{ "a.b", "%." }, { "a.b", "." }, { "a%b", "%%" }, { "a-b", "[%-]" },
		{ "a]b", "[]]" }, { "a^b", "[%^]" }, { "a^b", "[b^]" }, { "0x1F", "%x+" },
		{ "abc", "[a-b]+" }, { "abc", "[^a-b]+" }, { "Ab1!", "[%u%d]" }, { "Ab1!", "%p" },
		{ "a\nb", "%c" }, { "ab", "%g+" }, { "a\0b", "%z" }, { "a\0b", "[%z]" },
		{ "abc", "[a" }, { "abc", "%" }, { "abc", "(a" }, { "abc", "a)" }, { "abc", "%1" },
		{ "abc", "%b" }, { "abc", "%bx" }, { "abc", "%f" }, { "abc", "%fa" },
		{ "abc", "(()" }, { "abc", "%0" }, { "aaab", "a-b" }, { "aaab", "a*b" },
		{ "aaab", "(a-)(a*)b" }, { "x = 1, y = 2", "(%w+)=(%w+)" }, { "--x--", "%-+" },
		{ "é ü", "[\x80-\xff]+" }, { "abc", "[a-]" }, { "abc", "[]" }, { "abc", "[^]" },
		{ "abc", "[%a-z]" }, { "aXb", "%u?b" }, { "ab", "a?a?b" },
	};
	struct diff d = { 0 };
	struct err e = { "" };
	uint64_t x = 88172645463325252ULL;

	d.stock = luaL_newstate();
	luaL_openlibs(d.stock);
	d.sb = lb_sandbox_new("diff", NULL, NULL);
	d.ref_stock = push_driver(d.stock);
	{
		lua_State *L = d.sb->L;

		if (luaL_loadbufferx(L, driver, strlen(driver), "=driver", "t") != LUA_OK ||
		    lb_sandbox_pcall(d.sb, 0, 1, &e) < 0)
			fail_msg("driver: %s", e.msg);
		d.ref_sb = luaL_ref(L, LUA_REGISTRYINDEX);
	}
	for (size_t i = 0; i < sizeof hand / sizeof hand[0]; i++)
		all_ops(&d, hand[i][0], hand[i][1]);
	same(&d, "find", "a\0b\0c", 5, "b", "", 1);
	same(&d, "rep", "ab", 2, "", "", 3);
	same(&d, "rep", "ab", 2, ",", "", 3);
	same(&d, "rep", "ab", 2, ",", "", 0);
	same(&d, "rep", "ab", 2, ",", "", -5);
	same(&d, "rep", "", 0, "", "", 1000);
	/* random patterns over a small alphabet of items, and random subjects (xorshift) */
	static const char *const items[] = {
		"a", "b", ".", "%a", "%d", "%s", "[ab]", "[^a]", "*", "+", "-", "?", "(", ")", "()",
		"^", "$", "%b()", "%f[%w]", "%1", "[a-c]", "%%", " ", "1", "%2",
	};
	static const char subj[] = "aab b1()ba-";
	for (int c = 0; c < 1500; c++) {
		char p[64] = "", s[16];
		int np, ns;

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		np = 1 + (int)(x % 6);
		for (int k = 0; k < np; k++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			strcat(p, items[x % (sizeof items / sizeof items[0])]);
		}
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		ns = (int)(x % 12);
		for (int k = 0; k < ns; k++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			s[k] = subj[x % (sizeof subj - 1)];
		}
		s[ns] = '\0';
		all_ops(&d, s, p);
	}
	assert_true(d.ncases > 30000);
	lua_close(d.stock);
	lb_sandbox_free(d.sb);
}

/* ---- limits ---- */

static void test_pathological_strings(void **state)
{
	struct lb_sandbox *sb;

	lb_sandbox_set_default_limits(5000000, 0);
	lb_sandbox_set_default_time(600); /* the budget alone must stop them (also in valgrind) */
	sb = lb_sandbox_new("bomb", NULL, NULL);
	tu_assert_contains(run_fail(sb, "return ('a'):rep(2e4):find(('a-'):rep(15) .. 'b')"),
			   "test:1: instruction limit exceeded (endless loop?)");
	tu_assert_contains(run_fail(sb, "for w in ('a'):rep(3e4):gmatch('a*a*a*a*b') do end"),
			   "instruction limit exceeded");
	tu_assert_contains(run_fail(sb, "return (('a'):rep(3e4)):gsub('(a-)(a-)(a-)c', 'x')"),
			   "instruction limit exceeded");
	tu_assert_contains(run_fail(sb, "return ('a'):rep(1e6):find(('a'):rep(5e5) .. 'b', 1, "
				   "true)"), "instruction limit exceeded");
	/* stock Lua loops for ever on this one; here it is empty at once */
	assert_string_equal(run_ok(sb, "return #(''):rep(2^60) .. #('ab'):rep(5, '') .. "
				   "('ab'):rep(3, ',')"), "010ab,ab,ab");
	tu_assert_contains(run_fail(sb, "while true do local s = ('x'):rep(1e6) end"),
			   "instruction limit exceeded");
	tu_assert_contains(run_fail(sb, "return string.rep('x', 2^40)"),
			   "memory limit exceeded (256 MB)");
	tu_assert_contains(run_fail(sb, "return ('x'):match(('('):rep(40) .. 'x' .. "
				   "(')'):rep(40))"), "too many captures");
	tu_assert_contains(run_fail(sb, "return ('a'):rep(300):match(('a?'):rep(300))"),
			   "pattern too complex");
	/* the table and utf8 functions that loop in C charge their work first */
	tu_assert_contains(run_fail(sb, "table.move({}, 1, 1e12, 2)"), "instruction limit");
	tu_assert_contains(run_fail(sb, "local t = {} for i = 1, 1e5 do t[i] = i end "
				   "while true do table.insert(t, 1, 0) table.remove(t, 1) end"),
			   "instruction limit");
	tu_assert_contains(run_fail(sb, "local t = {} for i = 1, 1e6 do t[i] = -i end "
				   "while true do table.sort(t) end"), "instruction limit");
	tu_assert_contains(run_fail(sb, "local s = ('x'):rep(1e7) while true do utf8.len(s) end"),
			   "instruction limit");
	/* the state works on after each */
	assert_string_equal(run_ok(sb, "return ('a,b'):gsub(',', ';')"), "a;b");
	lb_sandbox_free(sb);
	restore_limits();
}

static void test_xpcall_and_pcall(void **state)
{
	struct lb_sandbox *sb;

	lb_sandbox_set_default_limits(2000000, 0);
	lb_sandbox_set_default_time(600);
	sb = lb_sandbox_new("x", NULL, NULL);
	/* the handler is a script's endless loop; the limit's error skips it */
	tu_assert_contains(run_fail(sb, "xpcall(function() while true do end end,\n"
				   "       function() while true do end end)"),
			   "test:1: instruction limit exceeded");
	tu_assert_contains(run_fail(sb, "while true do pcall(function() while true do end end) end"),
			   "instruction limit exceeded");
	tu_assert_contains(run_fail(sb, "while true do pcall(error, 'x') end"),
			   "test:1: instruction limit exceeded");
	tu_assert_contains(run_fail(sb, "while true do xpcall(error, tostring, 'x') end"),
			   "instruction limit exceeded");
	/* an error object with __tostring: no user code runs for the report once stopped */
	tu_assert_contains(run_fail(sb, "local mt = { __tostring = function() while true do end end }\n"
				   "error(setmetatable({}, mt))"), "instruction limit exceeded");
	/* ordinary use */
	assert_string_equal(run_ok(sb, "local ok, m = xpcall(function() error('boom') end,\n"
				   "  function(m) return 'handled: ' .. m end)\n"
				   "return tostring(ok) .. ' ' .. m"), "false handled: test:1: boom");
	assert_string_equal(run_ok(sb, "local ok, a, b = pcall(function(x) return x, x + 1 end, 1)\n"
				   "return tostring(ok) .. a .. b"), "true12");
	assert_string_equal(run_ok(sb, "local ok, a, b = xpcall(function(x) return x, 2 * x end,\n"
				   "  print, 21) return tostring(ok) .. a .. b"), "true2142");
	assert_string_equal(run_ok(sb, "local ok, m = pcall(error, { code = 7 })\n"
				   "return tostring(ok) .. m.code"), "false7");
	assert_string_equal(run_ok(sb, "local ok, m = pcall(error, 'm', 0) return m"), "m");
	assert_string_equal(run_ok(sb, "local ok, m = pcall(error) return tostring(m)"), "nil");
	lb_sandbox_free(sb);
	restore_limits();
}

static void test_time_limit(void **state)
{
	struct lb_sandbox *sb;

	lb_sandbox_set_default_limits((uint64_t)1 << 60, 0);
	lb_sandbox_set_default_time(0.3);
	sb = lb_sandbox_new("t", NULL, NULL);
	/* each comparison of two 8 MB strings is one slow instruction */
	tu_assert_contains(run_fail(sb, "local a, b = ('x'):rep(8e6), ('x'):rep(8e6)\n"
				   "while a == b do end"), "time limit exceeded (0.3 s per call)");
	tu_assert_contains(run_fail(sb, "while true do end"), "time limit exceeded");
	assert_string_equal(run_ok(sb, "return 1 + 1"), "2");
	lb_sandbox_free(sb);
	restore_limits();
}

static void on_alarm(int sig)
{
	(void)sig;
	lb_interrupt();
}

static void test_interrupt(void **state)
{
	struct sigaction sa, old;
	struct itimerval it = { { 0, 0 }, { 0, 200000 } };
	struct lb_sandbox *sb;

	lb_sandbox_set_default_limits((uint64_t)1 << 60, 0);
	lb_sandbox_set_default_time(60);
	sb = lb_sandbox_new("i", NULL, NULL);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, &old);
	/* a loop that swallows errors, and one in a slow instruction */
	setitimer(ITIMER_REAL, &it, NULL);
	tu_assert_contains(run_fail(sb, "while true do pcall(function() while true do end end) end"),
			   "test:1: interrupted");
	setitimer(ITIMER_REAL, &it, NULL);
	tu_assert_contains(run_fail(sb, "local a, b = ('x'):rep(8e6), ('x'):rep(8e6)\n"
				   "while a == b do end"), "interrupted");
	setitimer(ITIMER_REAL, &it, NULL);
	tu_assert_contains(run_fail(sb, "return ('a'):rep(2e4):find(('a-'):rep(15) .. 'b')"),
			   "interrupted");
	/* the interrupt stopped that call only */
	assert_string_equal(run_ok(sb, "local n = 0 for i = 1, 1e6 do n = n + 1 end return n"),
			    "1000000");
	/* asked while nothing runs, it stops the next call at once, and only that one */
	assert_int_equal(lb_interrupt(), 0);
	assert_string_equal(run_fail(sb, "local n = 0\nfor i = 1, 1e6 do n = n + 1 end"),
			    "test:1: interrupted\nstack traceback:\n\ttest:1: in main chunk");
	assert_string_equal(run_ok(sb, "return 1"), "1");
	/* unless it is dropped */
	assert_int_equal(lb_interrupt(), 0);
	lb_interrupt_clear();
	assert_string_equal(run_ok(sb, "return 2"), "2");
	sigaction(SIGALRM, &old, NULL);
	lb_sandbox_free(sb);
	restore_limits();
}

/* ---- pairs and next ---- */

static void test_pairs_order(void **state)
{
	static const char code[] =
		"local t = { zeta = 1, alpha = 2, [10] = 3, [2] = 4, [-1.5] = 5, [true] = 6,\n"
		"  [false] = 7, ['10'] = 8, [''] = 9, [2^53] = 10, [9007199254740993] = 11, beta = 12 }\n"
		"for i = 1, 50 do t['k' .. i] = i end\n"
		"local out = {}\n"
		"for k, v in pairs(t) do out[#out + 1] = tostring(k) end\n"
		"return table.concat(out, ' ')";
	char want[2048] = "-1.5 2 10 9007199254740992 9007199254740993  10 alpha beta";
	char one[2048];
	struct lb_sandbox *a = lb_sandbox_new("a", NULL, NULL), *b;

	/* strings in byte order: k1 k10 k11 ... k19 k2 k20 ... */
	{
		char *ks[50];
		for (int i = 0; i < 50; i++) {
			ks[i] = malloc(8);
			snprintf(ks[i], 8, "k%d", i + 1);
		}
		for (int i = 0; i < 50; i++)
			for (int j = i + 1; j < 50; j++)
				if (strcmp(ks[j], ks[i]) < 0) {
					char *tmp = ks[i];
					ks[i] = ks[j];
					ks[j] = tmp;
				}
		for (int i = 0; i < 50; i++) {
			strcat(want, " ");
			strcat(want, ks[i]);
			free(ks[i]);
		}
		strcat(want, " zeta false true");
	}
	snprintf(one, sizeof one, "%s", run_ok(a, code));
	assert_string_equal(one, want);
	/* another state (another string hash seed): the same order */
	b = lb_sandbox_new("b", NULL, NULL);
	assert_string_equal(run_ok(b, code), one);
	/* next: first key, continuing, the end, an empty table, a key not in the table */
	assert_string_equal(run_ok(a, "local t = { b = 1, a = 2, [3] = 0 } return next(t)"), "3");
	assert_string_equal(run_ok(a, "local t = { b = 1, a = 2, [3] = 0 } return next(t, 3)"), "a");
	assert_string_equal(run_ok(a, "local t = { b = 1, a = 2, [3] = 0 } return next(t, 'a')"), "b");
	assert_string_equal(run_ok(a, "local t = { b = 1, a = 2, [3] = 0 } return next(t, 'b')"), "nil");
	assert_string_equal(run_ok(a, "return next({})"), "nil");
	tu_assert_contains(run_fail(a, "return next({ a = 1 }, 'zz')"), "invalid key to 'next'");
	/* fields cleared during a traversal are skipped; changing values is fine */
	assert_string_equal(run_ok(a, "local t = { a = 1, b = 2, c = 3, d = 4 } local s = ''\n"
				  "for k, v in pairs(t) do s = s .. k; t.c = nil; t[k] = v * 2 end\n"
				  "return s .. t.a .. t.d"), "abd28");
	/* __pairs is honoured, and a table without keys iterates nothing */
	assert_string_equal(run_ok(a, "local t = setmetatable({}, { __pairs = function(t)\n"
				  "  return function(_, k) if not k then return 1, 'x' end end, t, nil end })\n"
				  "local s = '' for k, v in pairs(t) do s = s .. k .. v end return s"), "1x");
	lb_sandbox_free(a);
	lb_sandbox_free(b);
}

/* ---- texts ---- */

static char printed[256];

static void print_cb(void *ctx, const char *text)
{
	(void)ctx;
	snprintf(printed, sizeof printed, "%s", text);
}

static int valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		int n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 :
			(*p & 0xF8) == 0xF0 ? 4 : 0;

		if (n == 0)
			return 0;
		for (int i = 1; i < n; i++)
			if ((p[i] & 0xC0) != 0x80)
				return 0;
		p += n;
	}
	return 1;
}

static void test_nul_and_long_errors(void **state)
{
	struct lb_sandbox *sb = lb_sandbox_new("n", NULL, NULL);
	const char *msg;

	sb->print = print_cb;
	run_ok(sb, "print('a\\0b', 'c')");
	assert_string_equal(printed, "a\\0b\tc");
	assert_string_equal(run_fail(sb, "error('x\\0y')"), "test:1: x\\0y\nstack traceback:\n"
			    "\t[C]: in function 'error'\n\ttest:1: in main chunk");
	tu_assert_contains(run_fail(sb, "require('a\\0b')"), "the module name contains a NUL byte");
	/* a long message: the head, cut on a character boundary, then traceback lines */
	char chunk[256];
	snprintf(chunk, sizeof chunk, "local function f(n) if n == 0 then "
		 "error(('\\u{e9}'):rep(%d)) end\n  return f(n - 1) + 1 end\nf(40)", ERR_MSG_MAX);
	msg = run_fail(sb, chunk); /* twice the bytes struct err holds */
	assert_true(valid_utf8(msg));
	tu_assert_contains(msg, "test:1: \xc3\xa9\xc3\xa9");
	tu_assert_contains(msg, "...\nstack traceback:\n\t[C]: in function 'error'\n\ttest:1: in ");
	assert_true(strlen(msg) < sizeof ((struct err *)0)->msg);
	lb_sandbox_free(sb);
}

/* ---- files ---- */

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_fifos(void **state)
{
	char dir[] = "/tmp/taton-sandbox-XXXXXX", path[512], fifo[512];
	struct err e = { "" };
	struct lb_scenario *s;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/req.lua", dir);
	snprintf(fifo, sizeof fifo, "%s/mod.lua", dir);
	write_file(path, "local m = require('mod')\nreturn taton.scenario{ model = 'affine' }\n");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	/* neither require nor loading waits on a FIFO */
	s = lb_load(path, NULL, &e);
	assert_null(s);
	tu_assert_contains(e.msg, "mod.lua' is not a regular file");
	s = lb_load(fifo, NULL, &e);
	assert_null(s);
	tu_assert_contains(e.msg, "not a regular file");
	unlink(fifo);
	unlink(path);
	rmdir(dir);
}

/* ---- table parameters, labels, choices ---- */

static struct lb_scenario *load_text(const char *text, struct err *e)
{
	char dir[] = "/tmp/taton-sandbox-XXXXXX", path[512];
	struct lb_scenario *s;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/s.lua", dir);
	write_file(path, text);
	s = lb_load(path, NULL, e);
	unlink(path);
	rmdir(dir);
	return s;
}

static void test_tables_and_names(void **state)
{
	struct err e = { "" };
	struct lb_scenario *s;

	/* a table parameter with no row limit: rows x width against the memory cap, before
	 * anything is allocated (one row table listed 3000 times) */
	lb_sandbox_set_default_limits(0, (size_t)32 << 20);
	s = load_text("return taton.scenario{ params = { t = { { { 1, 2 } } } },\n"
		      "  game = { players = 1, best_response = function() return 0 end } }\n", &e);
	if (!s)
		fail_msg("%s", e.msg);
	assert_int_equal(lb_set(s, "t", "(function() local r = {} for i = 1, 3000 do r[i] = 0 end\n"
				"local t = {} for i = 1, 3000 do t[i] = r end return t end)()", &e), -1);
	assert_string_equal(e.msg, "parameter 't': 3000 x 3000 values exceed the memory limit "
			    "(32 MB)");
	assert_int_equal(lb_set(s, "t", "{ { 1, 2 }, { 3, 4 } }", &e), 0);
	lb_free(s);
	restore_limits();
	/* labels and choices must be printable, one line, and fit */
	s = load_text("return taton.scenario{ model = 'affine',\n"
		      "  variants = { { label = 'a\\27[2J' }, { label = 'b' } } }\n", &e);
	assert_null(s);
	tu_assert_contains(e.msg, "variants[1]: label must be printable text");
	s = load_text("return taton.scenario{ model = 'affine',\n"
		      "  variants = { { label = ('x'):rep(40) }, { label = 'b' } } }\n", &e);
	assert_null(s);
	tu_assert_contains(e.msg, "variants[1]: label is longer than 39 bytes");
	s = load_text("return taton.scenario{ params = { m = { 'a', choices = { 'a', 'b\\nc' } } },\n"
		      "  game = { players = 1, best_response = function() return 0 end } }\n", &e);
	assert_null(s);
	tu_assert_contains(e.msg, "name 2 must be printable and without '|'");
	s = load_text("return taton.scenario{ params = { m = { 'a', choices = { 'a', 'b|c' } } },\n"
		      "  game = { players = 1, best_response = function() return 0 end } }\n", &e);
	assert_null(s);
	tu_assert_contains(e.msg, "name 2 must be printable and without '|'");
	s = load_text("return taton.scenario{ model = 'affine', title = 'ok\\0hidden' }\n", &e);
	assert_null(s);
	tu_assert_contains(e.msg, "s.lua:1: title: a string contains a NUL byte");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strlib_like_stock),
		cmocka_unit_test(test_pathological_strings),
		cmocka_unit_test(test_xpcall_and_pcall),
		cmocka_unit_test(test_time_limit),
		cmocka_unit_test(test_interrupt),
		cmocka_unit_test(test_pairs_order),
		cmocka_unit_test(test_nul_and_long_errors),
		cmocka_unit_test(test_fifos),
		cmocka_unit_test(test_tables_and_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
