/* lb_strlib: budgeted string.find/match/gmatch/gsub/rep; see lb_strlib.h.
 *
 * The matcher is a backtracking matcher over the Lua pattern language: single-character
 * classes (., %a %c %d %g %l %p %s %u %w %x and their upper-case complements, %z, sets
 * [...] with ranges and classes, escaped punctuation), the quantifiers * + - ?, anchors ^
 * and $, captures ( ) and position captures (), back-references %1..%9, %bxy and %f[set].
 * Every call of the matcher, every character a quantifier scans and every 16 bytes compared
 * or copied is one unit of work; units are charged in blocks of CHARGE_EVERY, and once more
 * when the function returns. Errors and limits are Lua's: 32 captures, 200 nested levels
 * ("pattern too complex"), the same messages for malformed patterns. Character classes use
 * <ctype.h> (bytes, in the C library's current LC_CTYPE), as Lua does.
 * A charge may raise a Lua error (a limit was hit); nothing here holds memory outside Lua
 * when it does: state lives on the C stack or in userdata. */
#include "luabind/lb_strlib.h"

#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <lauxlib.h>

#include "luabind/lb_sandbox.h"

#define MAX_CAPTURES 32
#define MAX_DEPTH 200
#define CAP_UNFINISHED (-1)
#define CAP_POSITION (-2)
#define CHARGE_EVERY 1024
#define SPECIALS "^$*+?.([%-"

struct pm {
	lua_State *L;
	const char *src, *src_end; /* the subject */
	const char *pat_end;       /* the pattern's end (the pattern is NUL-terminated) */
	int depth;                 /* levels of nesting left */
	int level;                 /* captures open or closed so far */
	uint64_t work;             /* units not yet charged */
	struct {
		const char *init;
		ptrdiff_t len;     /* or CAP_UNFINISHED, CAP_POSITION */
	} cap[MAX_CAPTURES];
};

static void tick(struct pm *m, uint64_t n)
{
	m->work += n;
	if (m->work >= CHARGE_EVERY) {
		uint64_t w = m->work;

		m->work = 0;
		lb_sandbox_charge(m->L, w);
	}
}

static void flush(struct pm *m)
{
	uint64_t w = m->work;

	m->work = 0;
	if (w)
		lb_sandbox_charge(m->L, w);
}

static void pm_init(struct pm *m, lua_State *L, const char *s, size_t ls, const char *p,
		    size_t lp)
{
	memset(m, 0, sizeof *m);
	m->L = L;
	m->src = s;
	m->src_end = s + ls;
	m->pat_end = p + lp;
}

static void pm_reset(struct pm *m)
{
	m->level = 0;
	m->depth = MAX_DEPTH;
}

/* ---- classes ---- */

static int class_match(int c, int cl)
{
	int r;

	switch (tolower(cl)) {
	case 'a': r = isalpha(c); break;
	case 'c': r = iscntrl(c); break;
	case 'd': r = isdigit(c); break;
	case 'g': r = isgraph(c); break;
	case 'l': r = islower(c); break;
	case 'p': r = ispunct(c); break;
	case 's': r = isspace(c); break;
	case 'u': r = isupper(c); break;
	case 'w': r = isalnum(c); break;
	case 'x': r = isxdigit(c); break;
	case 'z': r = c == 0; break;
	default: return cl == c;
	}
	if (isupper(cl))
		r = !r;
	return r != 0;
}

/* c in the set [...] that starts at p and whose closing ']' is at ec. */
static int set_match(int c, const char *p, const char *ec)
{
	int yes = 1;

	if (p[1] == '^') {
		yes = 0;
		p++;
	}
	while (++p < ec) {
		if (*p == '%') {
			p++;
			if (class_match(c, (unsigned char)*p))
				return yes;
		} else if (p[1] == '-' && p + 2 < ec) {
			p += 2;
			if ((unsigned char)p[-2] <= c && c <= (unsigned char)*p)
				return yes;
		} else if ((unsigned char)*p == c) {
			return yes;
		}
	}
	return !yes;
}

/* The end of the single-character class that starts at p. */
static const char *item_end(struct pm *m, const char *p)
{
	switch (*p++) {
	case '%':
		if (p >= m->pat_end)
			luaL_error(m->L, "malformed pattern (ends with '%%')");
		return p + 1;
	case '[':
		if (*p == '^')
			p++;
		do { /* the first character may be ']' */
			if (p >= m->pat_end)
				luaL_error(m->L, "malformed pattern (missing ']')");
			if (*p++ == '%' && p < m->pat_end)
				p++;
		} while (*p != ']' || p >= m->pat_end);
		return p + 1;
	default:
		return p;
	}
}

/* Whether the subject character at s matches the class p..ep. */
static int single(struct pm *m, const char *s, const char *p, const char *ep)
{
	int c;

	if (s >= m->src_end)
		return 0;
	c = (unsigned char)*s;
	switch (*p) {
	case '.': return 1;
	case '%': return class_match(c, (unsigned char)p[1]);
	case '[': return set_match(c, p, ep - 1);
	default: return (unsigned char)*p == c;
	}
}

/* ---- the matcher ---- */

static const char *do_match(struct pm *m, const char *s, const char *p);

static const char *expand_max(struct pm *m, const char *s, const char *p, const char *ep)
{
	ptrdiff_t i = 0;

	while (single(m, s + i, p, ep)) {
		i++;
		tick(m, 1);
	}
	for (; i >= 0; i--) {
		const char *r = do_match(m, s + i, ep + 1);

		if (r)
			return r;
	}
	return NULL;
}

static const char *expand_min(struct pm *m, const char *s, const char *p, const char *ep)
{
	for (;;) {
		const char *r = do_match(m, s, ep + 1);

		if (r)
			return r;
		if (!single(m, s, p, ep))
			return NULL;
		s++;
	}
}

static const char *open_capture(struct pm *m, const char *s, const char *p, ptrdiff_t what)
{
	const char *r;

	if (m->level >= MAX_CAPTURES)
		luaL_error(m->L, "too many captures");
	m->cap[m->level].init = s;
	m->cap[m->level].len = what;
	m->level++;
	r = do_match(m, s, p);
	if (!r)
		m->level--;
	return r;
}

static const char *close_capture(struct pm *m, const char *s, const char *p)
{
	int l = m->level - 1;
	const char *r;

	while (l >= 0 && m->cap[l].len != CAP_UNFINISHED)
		l--;
	if (l < 0)
		luaL_error(m->L, "invalid pattern capture");
	m->cap[l].len = s - m->cap[l].init;
	r = do_match(m, s, p);
	if (!r)
		m->cap[l].len = CAP_UNFINISHED;
	return r;
}

/* %1..%9: the text of capture c at s. */
static const char *back_ref(struct pm *m, const char *s, int c)
{
	int l = c - '1';
	ptrdiff_t len;

	if (l < 0 || l >= m->level || m->cap[l].len == CAP_UNFINISHED)
		luaL_error(m->L, "invalid capture index %%%d", l + 1);
	len = m->cap[l].len;
	if (len < 0 || m->src_end - s < len)
		return NULL;
	tick(m, (uint64_t)len / 16 + 1);
	return memcmp(m->cap[l].init, s, (size_t)len) == 0 ? s + len : NULL;
}

/* %bxy at s (p points at x). */
static const char *balance(struct pm *m, const char *s, const char *p)
{
	int depth = 1;

	if (p + 1 >= m->pat_end)
		luaL_error(m->L, "malformed pattern (missing arguments to '%%b')");
	if (s >= m->src_end || *s != *p)
		return NULL;
	while (++s < m->src_end) {
		tick(m, 1);
		if (*s == p[1]) {
			if (--depth == 0)
				return s + 1;
		} else if (*s == *p) {
			depth++;
		}
	}
	return NULL;
}

/* %f[set] at s (p points at '['); the position after it, or NULL. */
static const char *frontier(struct pm *m, const char *s, const char *p, const char **next)
{
	const char *ep;
	int prev, cur;

	if (p >= m->pat_end || *p != '[')
		luaL_error(m->L, "missing '[' after '%%f' in pattern");
	ep = item_end(m, p);
	prev = s == m->src ? 0 : (unsigned char)s[-1];
	cur = s < m->src_end ? (unsigned char)*s : 0;
	*next = ep;
	return !set_match(prev, p, ep - 1) && set_match(cur, p, ep - 1) ? s : NULL;
}

/* The end of the match of pattern p at s, or NULL. */
static const char *do_match(struct pm *m, const char *s, const char *p)
{
	if (m->depth-- == 0)
		luaL_error(m->L, "pattern too complex");
	tick(m, 1);
	while (s && p != m->pat_end) {
		const char *ep;
		int q;

		if (*p == '(') {
			s = p[1] == ')' ? open_capture(m, s, p + 2, CAP_POSITION)
				: open_capture(m, s, p + 1, CAP_UNFINISHED);
			break;
		}
		if (*p == ')') {
			s = close_capture(m, s, p + 1);
			break;
		}
		if (*p == '$' && p + 1 == m->pat_end) {
			s = s == m->src_end ? s : NULL;
			break;
		}
		if (*p == '%' && p[1] == 'b') {
			if ((s = balance(m, s, p + 2)) != NULL)
				p += 4;
			continue;
		}
		if (*p == '%' && p[1] == 'f') {
			s = frontier(m, s, p + 2, &p);
			continue;
		}
		if (*p == '%' && isdigit((unsigned char)p[1])) {
			if ((s = back_ref(m, s, (unsigned char)p[1])) != NULL)
				p += 2;
			continue;
		}
		/* a single-character class, maybe with a quantifier */
		ep = item_end(m, p);
		q = ep < m->pat_end ? *ep : '\0';
		if (!single(m, s, p, ep)) {
			if (q == '*' || q == '?' || q == '-') {
				p = ep + 1; /* zero repetitions are fine */
				continue;
			}
			s = NULL;
			break;
		}
		if (q == '?') {
			const char *r = do_match(m, s + 1, ep + 1);

			if (r) {
				s = r;
				break;
			}
			p = ep + 1;
			continue;
		}
		if (q == '+' || q == '*') {
			s = expand_max(m, q == '+' ? s + 1 : s, p, ep);
			break;
		}
		if (q == '-') {
			s = expand_min(m, s, p, ep);
			break;
		}
		s++;
		p = ep;
	}
	m->depth++;
	return s;
}

/* ---- captures ---- */

static void push_capture(struct pm *m, int i, const char *s, const char *e)
{
	if (i >= m->level) {
		if (i != 0)
			luaL_error(m->L, "invalid capture index %%%d", i + 1);
		lua_pushlstring(m->L, s, (size_t)(e - s)); /* the whole match */
		return;
	}
	if (m->cap[i].len == CAP_UNFINISHED)
		luaL_error(m->L, "unfinished capture");
	if (m->cap[i].len == CAP_POSITION)
		lua_pushinteger(m->L, (lua_Integer)(m->cap[i].init - m->src) + 1);
	else
		lua_pushlstring(m->L, m->cap[i].init, (size_t)m->cap[i].len);
}

/* The captures (or the whole match when the pattern has none and s is given). */
static int push_captures(struct pm *m, const char *s, const char *e)
{
	int n = m->level == 0 && s ? 1 : m->level;

	luaL_checkstack(m->L, n, "too many captures");
	for (int i = 0; i < n; i++)
		push_capture(m, i, s, e);
	return n;
}

/* ---- the functions ---- */

/* A 1-based start position (negative: from the end) as an offset into a string of len. */
static size_t start_offset(lua_Integer pos, size_t len)
{
	if (pos > 0)
		return (size_t)pos - 1;
	if (pos == 0 || pos < -(lua_Integer)len)
		return 0;
	return (size_t)((lua_Integer)len + pos);
}

static int has_specials(const char *p, size_t lp)
{
	for (size_t i = 0; i < lp; i++)
		if (p[i] && strchr(SPECIALS, p[i]))
			return 1;
	return 0;
}

/* Plain search for p in s, charged per candidate. */
static const char *find_plain(struct pm *m, const char *s, size_t ls, const char *p,
			      size_t lp)
{
	size_t i = 0;

	if (lp == 0)
		return s;
	while (lp <= ls && i <= ls - lp) {
		const char *q = memchr(s + i, p[0], ls - lp - i + 1);

		if (!q)
			break;
		tick(m, (uint64_t)(q - (s + i)) / 16 + lp / 16 + 1);
		if (memcmp(q + 1, p + 1, lp - 1) == 0)
			return q;
		i = (size_t)(q - s) + 1;
	}
	return NULL;
}

static int find_aux(lua_State *L, int find)
{
	size_t ls, lp;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
	struct pm m;

	if (init > ls) {
		luaL_pushfail(L);
		return 1;
	}
	pm_init(&m, L, s, ls, p, lp);
	if (find && (lua_toboolean(L, 4) || !has_specials(p, lp))) {
		const char *r = find_plain(&m, s + init, ls - init, p, lp);

		flush(&m);
		if (r) {
			lua_pushinteger(L, (lua_Integer)(r - s) + 1);
			lua_pushinteger(L, (lua_Integer)(r - s) + (lua_Integer)lp);
			return 2;
		}
	} else {
		const char *s1 = s + init;
		int anchor = *p == '^';

		if (anchor) {
			p++;
			m.pat_end = p + lp - 1;
		}
		do {
			const char *e;

			pm_reset(&m);
			if ((e = do_match(&m, s1, p)) != NULL) {
				flush(&m);
				if (find) {
					lua_pushinteger(L, (lua_Integer)(s1 - s) + 1);
					lua_pushinteger(L, (lua_Integer)(e - s));
					return push_captures(&m, NULL, NULL) + 2;
				}
				return push_captures(&m, s1, e);
			}
		} while (s1++ < m.src_end && !anchor);
		flush(&m);
	}
	luaL_pushfail(L);
	return 1;
}

static int l_find(lua_State *L)
{
	return find_aux(L, 1);
}

static int l_match(lua_State *L)
{
	return find_aux(L, 0);
}

struct gmatch_state {
	size_t next;           /* offset where the next search starts */
	ptrdiff_t last;        /* end offset of the last match, -1 before any */
	struct pm m;
};

/* The iterator: upvalues 1 the subject, 2 the pattern, 3 the state. */
static int gmatch_step(lua_State *L)
{
	struct gmatch_state *g = lua_touserdata(L, lua_upvalueindex(3));
	const char *p = lua_tostring(L, lua_upvalueindex(2));

	g->m.L = L;
	for (size_t at = g->next; at <= (size_t)(g->m.src_end - g->m.src); at++) {
		const char *src = g->m.src + at, *e;

		pm_reset(&g->m);
		e = do_match(&g->m, src, p);
		if (e && e - g->m.src != g->last) {
			g->next = (size_t)(e - g->m.src);
			g->last = e - g->m.src;
			flush(&g->m);
			return push_captures(&g->m, src, e);
		}
	}
	g->next = (size_t)(g->m.src_end - g->m.src) + 1;
	flush(&g->m);
	return 0;
}

static int l_gmatch(lua_State *L)
{
	size_t ls, lp;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
	struct gmatch_state *g;

	lua_settop(L, 2); /* the closure keeps the strings */
	g = lua_newuserdatauv(L, sizeof *g, 0);
	pm_init(&g->m, L, s, ls, p, lp);
	g->next = init > ls ? ls + 1 : init;
	g->last = -1;
	lua_pushcclosure(L, gmatch_step, 3);
	return 1;
}

/* The replacement string (argument 3) with %0..%9 and %% expanded. */
static void add_repl_string(struct pm *m, luaL_Buffer *b, const char *s, const char *e)
{
	lua_State *L = m->L;
	size_t l;
	const char *r = lua_tolstring(L, 3, &l), *pc;

	while ((pc = memchr(r, '%', l)) != NULL) {
		luaL_addlstring(b, r, (size_t)(pc - r));
		pc++; /* the repl string is NUL-terminated: pc[0] is readable */
		if (*pc == '%') {
			luaL_addchar(b, '%');
		} else if (*pc == '0') {
			luaL_addlstring(b, s, (size_t)(e - s));
		} else if (isdigit((unsigned char)*pc)) {
			push_capture(m, *pc - '1', s, e);
			luaL_tolstring(L, -1, NULL); /* a position capture is a number */
			lua_remove(L, -2);
			luaL_addvalue(b);
		} else {
			luaL_error(L, "invalid use of '%%' in replacement string");
		}
		l -= (size_t)(pc + 1 - r);
		r = pc + 1;
	}
	luaL_addlstring(b, r, l);
	tick(m, (uint64_t)l / 16 + 1);
}

/* Adds the replacement of the match s..e; 0 when the match is kept as it was. */
static int add_value(struct pm *m, luaL_Buffer *b, const char *s, const char *e, int tr)
{
	lua_State *L = m->L;

	if (tr == LUA_TFUNCTION) {
		int n;

		lua_pushvalue(L, 3);
		n = push_captures(m, s, e);
		lua_call(L, n, 1);
	} else if (tr == LUA_TTABLE) {
		push_capture(m, 0, s, e);
		lua_gettable(L, 3);
	} else {
		add_repl_string(m, b, s, e);
		return 1;
	}
	if (!lua_toboolean(L, -1)) {
		lua_pop(L, 1);
		luaL_addlstring(b, s, (size_t)(e - s));
		return 0;
	}
	if (!lua_isstring(L, -1))
		return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
	luaL_addvalue(b);
	return 1;
}

static int l_gsub(lua_State *L)
{
	size_t ls, lp;
	const char *src = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	const char *s = src, *last = NULL;
	int tr = lua_type(L, 3), anchor = *p == '^', changed = 0;
	lua_Integer max = luaL_optinteger(L, 4, (lua_Integer)ls + 1), n = 0;
	struct pm m;
	luaL_Buffer b;

	luaL_argexpected(L, tr == LUA_TNUMBER || tr == LUA_TSTRING || tr == LUA_TFUNCTION ||
			 tr == LUA_TTABLE, 3, "string/function/table");
	luaL_buffinit(L, &b);
	if (anchor) {
		p++;
		lp--;
	}
	pm_init(&m, L, src, ls, p, lp);
	while (n < max) {
		const char *e;

		pm_reset(&m);
		if ((e = do_match(&m, s, p)) != NULL && e != last) {
			n++;
			changed = add_value(&m, &b, s, e, tr) | changed;
			s = last = e;
		} else if (s < m.src_end) {
			luaL_addchar(&b, *s++);
		} else {
			break;
		}
		if (anchor)
			break;
	}
	flush(&m);
	if (!changed) {
		lua_pushvalue(L, 1);
	} else {
		luaL_addlstring(&b, s, (size_t)(m.src_end - s));
		luaL_pushresult(&b);
	}
	lua_pushinteger(L, n);
	return 2;
}

/* string.rep(s, n [, sep]): a result over the memory limit is refused before it is
 * allocated, and its bytes are charged before they are copied. The copy doubles what is
 * already written (log n copies), so n pieces of an empty or one-byte string cost no more
 * than their bytes. */
static int l_rep(lua_State *L)
{
	size_t l, lsep, total, filled;
	const char *s = luaL_checklstring(L, 1, &l);
	lua_Integer n = luaL_checkinteger(L, 2);
	const char *sep = luaL_optlstring(L, 3, "", &lsep);
	struct lb_sandbox *sb = lb_sandbox_of(L);
	luaL_Buffer b;
	char *out;

	if (n <= 0 || l + lsep == 0) {
		lua_pushliteral(L, "");
		return 1;
	}
	if (l + lsep < l || l + lsep > (SIZE_MAX / 2) / (size_t)n)
		return luaL_error(L, "resulting string too large");
	total = (size_t)n * l + (size_t)(n - 1) * lsep;
	if (total > sb->mem_limit) { /* as the allocator would refuse it, without trying */
		sb->mem_hit = 1;
		return luaL_error(L, "not enough memory");
	}
	lb_sandbox_charge(L, total / 16 + 1);
	out = luaL_buffinitsize(L, &b, total);
	memcpy(out, s, l);
	filled = l;
	if (n > 1) { /* one whole piece, then the pattern doubles */
		memcpy(out + l, sep, lsep);
		filled = l + lsep;
		while (filled < total) {
			size_t k = filled < total - filled ? filled : total - filled;

			memcpy(out + filled, out, k);
			filled += k;
		}
	}
	luaL_pushresultsize(&b, total);
	return 1;
}

void lb_strlib_open(lua_State *L)
{
	static const luaL_Reg fns[] = {
		{ "find", l_find },
		{ "match", l_match },
		{ "gmatch", l_gmatch },
		{ "gsub", l_gsub },
		{ "rep", l_rep },
		{ NULL, NULL },
	};

	lua_getglobal(L, "string");
	luaL_setfuncs(L, fns, 0);
	lua_pop(L, 1);
}
