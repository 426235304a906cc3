/* lb_value: Lua <-> C conversions for parameters and action profiles; see lb_value.h.
 * Tables are read with raw access only, so no metamethod (user code) runs here and the
 * functions may be called outside a protected call. Rows of a table parameter must all
 * have the same length (a ragged table is reported with the offending row), unless the spec
 * has PARAM_F_RAGGED: then the width is the longest row's and shorter rows are padded with
 * NaN, which is dropped again when the value goes back to Lua. Integral
 * numbers are pushed as Lua integers so that `p.n` prints as 2, not 2.0, and indexes
 * naturally. Neighbours: lb, lb_game, core/param. */
#include "luabind/lb_value.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>

#include "core/xmalloc.h"

#define MAX_COLS 64

/* Column names of a "a,b,c" list into names[] (each at most 47 chars). */
static int split_cols(const char *cols, char names[][48], int max)
{
	int n = 0;
	const char *c = cols;

	if (!cols || !*cols)
		return 0;
	while (n < max) {
		const char *end = strchr(c, ',');
		size_t len = end ? (size_t)(end - c) : strlen(c);

		snprintf(names[n++], 48, "%.*s", (int)len, c);
		if (!end)
			break;
		c = end + 1;
	}
	return n;
}

static int ragged_spec(const struct param_spec *s)
{
	return s->type == PARAM_TABLE && (s->flags & PARAM_F_RAGGED);
}

static const char *type_name(lua_State *L, int idx)
{
	return lua_typename(L, lua_type(L, idx));
}

/* Reads raw t[i] (t at idx) as a number into *out. */
static int elem_number(lua_State *L, int idx, lua_Integer i, double *out)
{
	int ok;

	lua_rawgeti(L, idx, i);
	ok = lua_type(L, -1) == LUA_TNUMBER;
	if (ok)
		*out = lua_tonumber(L, -1);
	lua_pop(L, 1);
	return ok;
}

static int read_flat(lua_State *L, int idx, const struct param_spec *s, struct lb_value *v,
		     struct err *e)
{
	lua_Integer n = (lua_Integer)lua_rawlen(L, idx);

	v->kind = LB_VALUE_TABLE;
	v->rows = (int)n;
	v->cols = 1;
	v->arr = xcalloc(n ? (size_t)n : 1, sizeof *v->arr);
	for (lua_Integer i = 1; i <= n; i++) {
		if (!elem_number(L, idx, i, &v->arr[i - 1])) {
			lua_rawgeti(L, idx, i);
			err_set(e, "parameter '%s': element %lld is a %s, expected a number",
				s->name, (long long)i, type_name(L, -1));
			lua_pop(L, 1);
			return -1;
		}
	}
	return 0;
}

static int read_rows(lua_State *L, int idx, const struct param_spec *s, struct lb_value *v,
		     struct err *e)
{
	char names[MAX_COLS][48];
	int ragged = ragged_spec(s);
	int ncols = ragged ? 0 : split_cols(s->cols, names, MAX_COLS);
	lua_Integer nrows = (lua_Integer)lua_rawlen(L, idx);
	int width = ncols;

	v->kind = LB_VALUE_TABLE;
	v->rows = (int)nrows;
	v->cols = 0;
	/* The width comes from the spec, else from the first row (the longest, if ragged). */
	if (width == 0) {
		lua_Integer last = ragged ? nrows : (nrows > 0 ? 1 : 0);

		for (lua_Integer r = 1; r <= last; r++) {
			lua_rawgeti(L, idx, r);
			if (lua_type(L, -1) == LUA_TTABLE && (int)lua_rawlen(L, -1) > width)
				width = (int)lua_rawlen(L, -1);
			lua_pop(L, 1);
		}
	}
	v->cols = width;
	v->arr = xcalloc(nrows * width > 0 ? (size_t)(nrows * width) : 1, sizeof *v->arr);
	for (lua_Integer r = 1; r <= nrows; r++) {
		double *row = v->arr + (size_t)(r - 1) * (size_t)width;
		lua_Integer len;

		lua_rawgeti(L, idx, r);
		if (lua_type(L, -1) != LUA_TTABLE) {
			if (ncols)
				err_set(e, "parameter '%s': row %lld is a %s, expected a table "
					"{%s}", s->name, (long long)r, type_name(L, -1), s->cols);
			else
				err_set(e, "parameter '%s': row %lld is a %s, expected a table of "
					"numbers", s->name, (long long)r, type_name(L, -1));
			lua_pop(L, 1);
			return -1;
		}
		len = (lua_Integer)lua_rawlen(L, -1);
		if (len == 0 && ncols > 0) {
			/* keyed by column name */
			for (int c = 0; c < ncols; c++) {
				lua_pushstring(L, names[c]);
				if (lua_rawget(L, -2) != LUA_TNUMBER) {
					err_set(e, "parameter '%s': row %lld: column '%s' is %s, "
						"expected a number", s->name, (long long)r, names[c],
						lua_isnil(L, -1) ? "missing" : type_name(L, -1));
					lua_pop(L, 2);
					return -1;
				}
				row[c] = lua_tonumber(L, -1);
				lua_pop(L, 1);
			}
		} else {
			for (lua_Integer c = len + 1; ragged && c <= width; c++)
				row[c - 1] = NAN;
			if ((len != width && !ragged) || len == 0) {
				if (len == 0)
					err_set(e, "parameter '%s': row %lld is empty", s->name,
						(long long)r);
				else if (ncols)
					err_set(e, "parameter '%s': row %lld has %lld values, expected "
						"%d {%s}", s->name, (long long)r, (long long)len,
						ncols, s->cols);
				else
					err_set(e, "parameter '%s': row %lld has %lld values, row 1 has "
						"%d (rows must have equal lengths)", s->name,
						(long long)r, (long long)len, width);
				lua_pop(L, 1);
				return -1;
			}
			for (lua_Integer c = 1; c <= len; c++) {
				if (!elem_number(L, -1, c, &row[c - 1])) {
					lua_rawgeti(L, -1, c);
					err_set(e, "parameter '%s': row %lld value %lld is a %s, "
						"expected a number", s->name, (long long)r,
						(long long)c, type_name(L, -1));
					lua_pop(L, 2);
					return -1;
				}
			}
		}
		lua_pop(L, 1);
	}
	return 0;
}

static int expect_error(lua_State *L, int idx, const struct param_spec *s, const char *want,
			struct err *e)
{
	char *rng = param_spec_range(s);

	err_set(e, "parameter '%s' expects %s, got a %s: allowed %s", s->name, want,
		type_name(L, idx), rng);
	free(rng);
	return -1;
}

static int read_value(lua_State *L, int idx, const struct param_spec *s, struct lb_value *v,
		      struct err *e)
{
	int t = lua_type(L, idx);

	idx = lua_absindex(L, idx);
	memset(v, 0, sizeof *v);
	switch (s->type) {
	case PARAM_REAL:
	case PARAM_INT:
		if (t != LUA_TNUMBER)
			return expect_error(L, idx, s, "a number", e);
		v->kind = LB_VALUE_NUM;
		v->num = lua_tonumber(L, idx);
		return 0;
	case PARAM_BOOL:
		if (t == LUA_TBOOLEAN) {
			v->kind = LB_VALUE_NUM;
			v->num = lua_toboolean(L, idx);
			return 0;
		}
		if (t != LUA_TNUMBER)
			return expect_error(L, idx, s, "true or false", e);
		v->kind = LB_VALUE_NUM;
		v->num = lua_tonumber(L, idx);
		return 0;
	case PARAM_ENUM:
		if (t == LUA_TSTRING) {
			v->kind = LB_VALUE_STR;
			v->str = xstrdup(lua_tostring(L, idx));
			return 0;
		}
		if (t == LUA_TTABLE && (s->flags & PARAM_F_TABLE))
			return read_rows(L, idx, s, v, e);
		return expect_error(L, idx, s, (s->flags & PARAM_F_TABLE) ?
				    "a name or a table" : "a name (string)", e);
	case PARAM_ARRAY:
		if (t != LUA_TTABLE)
			return expect_error(L, idx, s, "a table (sequence of numbers)", e);
		return read_flat(L, idx, s, v, e);
	case PARAM_TABLE:
		if (t != LUA_TTABLE)
			return expect_error(L, idx, s, "a table of rows", e);
		return read_rows(L, idx, s, v, e);
	}
	return err_set(e, "parameter '%s': unsupported type", s->name);
}

int lb_value_read(lua_State *L, int idx, const struct param_spec *s, struct lb_value *v,
		  struct err *e)
{
	int rc = read_value(L, idx, s, v, e);

	if (rc < 0)
		lb_value_fini(v);
	return rc;
}

int lb_value_apply(const struct lb_value *v, struct params *p, int pidx, struct err *e)
{
	switch (v->kind) {
	case LB_VALUE_NUM:
		return params_set_num(p, pidx, v->num, e);
	case LB_VALUE_STR:
		return params_set_str(p, pidx, v->str, e);
	case LB_VALUE_TABLE:
		return params_set_table(p, pidx, v->arr, v->rows, v->cols, e);
	}
	return -1;
}

void lb_value_fini(struct lb_value *v)
{
	free(v->str);
	free(v->arr);
	memset(v, 0, sizeof *v);
}

int lb_value_set(lua_State *L, int idx, struct params *p, int pidx, struct err *e)
{
	struct lb_value v;
	int rc = lb_value_read(L, idx, &p->spec[pidx], &v, e);

	if (rc == 0)
		rc = lb_value_apply(&v, p, pidx, e);
	lb_value_fini(&v);
	return rc;
}

/* ---- C -> Lua ---- */

static void push_number(lua_State *L, double x)
{
	if (x == floor(x) && fabs(x) <= 9007199254740992.0)
		lua_pushinteger(L, (lua_Integer)x);
	else
		lua_pushnumber(L, x);
}

static void push_rows(lua_State *L, const struct param_value *v, const char *cols, int ragged)
{
	char names[MAX_COLS][48];
	int ncols = ragged ? 0 : split_cols(cols, names, MAX_COLS);

	lua_createtable(L, v->rows, 0);
	for (int r = 0; r < v->rows; r++) {
		const double *row = v->arr + (size_t)r * (size_t)v->cols;
		int len = v->cols;

		while (ragged && len > 0 && isnan(row[len - 1]))
			len--;
		lua_createtable(L, len, ncols);
		for (int c = 0; c < len; c++) {
			push_number(L, row[c]);
			lua_rawseti(L, -2, c + 1);
			if (c < ncols) {
				push_number(L, row[c]);
				lua_setfield(L, -2, names[c]);
			}
		}
		lua_rawseti(L, -2, r + 1);
	}
}

void lb_value_push_param(lua_State *L, const struct params *p, int idx)
{
	const struct param_spec *s = &p->spec[idx];
	const struct param_value *v = &p->v[idx];

	switch (s->type) {
	case PARAM_REAL:
		lua_pushnumber(L, v->num);
		return;
	case PARAM_INT:
		lua_pushinteger(L, (lua_Integer)v->num);
		return;
	case PARAM_BOOL:
		lua_pushboolean(L, v->num != 0);
		return;
	case PARAM_ENUM:
		if (v->num < 0 && v->arr)
			push_rows(L, v, s->cols, 0);
		else
			lua_pushstring(L, v->str ? v->str : "");
		return;
	case PARAM_ARRAY:
		lua_createtable(L, v->rows * v->cols, 0);
		for (int i = 0; i < v->rows * v->cols; i++) {
			push_number(L, v->arr[i]);
			lua_rawseti(L, -2, i + 1);
		}
		return;
	case PARAM_TABLE:
		push_rows(L, v, s->cols, ragged_spec(s));
		return;
	}
	lua_pushnil(L);
}

void lb_value_push_params(lua_State *L, const struct params *p)
{
	lua_createtable(L, 0, (int)p->n);
	for (size_t i = 0; i < p->n; i++) {
		lb_value_push_param(L, p, (int)i);
		lua_setfield(L, -2, p->spec[i].name);
	}
}

/* ---- profiles ---- */

void lb_value_push_profile(lua_State *L, const double *a, int nplayers, const size_t *off)
{
	lua_createtable(L, nplayers, 0);
	for (int i = 0; i < nplayers; i++) {
		size_t n = off[i + 1] - off[i];

		if (n == 1) {
			lua_pushnumber(L, a[off[i]]);
		} else {
			lua_createtable(L, (int)n, 0);
			for (size_t k = 0; k < n; k++) {
				lua_pushnumber(L, a[off[i] + k]);
				lua_rawseti(L, -2, (lua_Integer)k + 1);
			}
		}
		lua_rawseti(L, -2, i + 1);
	}
}

static int finite_number(lua_State *L, int idx, double *out)
{
	if (lua_type(L, idx) != LUA_TNUMBER)
		return 0;
	*out = lua_tonumber(L, idx);
	return isfinite(*out);
}

static int bad_value(lua_State *L, int idx, const char *what, const char *where,
		     struct err *e)
{
	if (lua_type(L, idx) == LUA_TNUMBER)
		return err_set(e, "%s%s is not a finite number", what, where);
	return err_set(e, "%s%s is a %s, expected a number", what, where, type_name(L, idx));
}

int lb_value_read_block(lua_State *L, int idx, double *out, size_t n, const char *what,
			struct err *e)
{
	idx = lua_absindex(L, idx);
	if (n == 1 && lua_type(L, idx) != LUA_TTABLE) {
		if (!finite_number(L, idx, out))
			return bad_value(L, idx, what, "", e);
		return 0;
	}
	if (lua_type(L, idx) != LUA_TTABLE)
		return err_set(e, "%s is a %s, expected a table of %zu numbers", what,
			       type_name(L, idx), n);
	if (lua_rawlen(L, idx) != n)
		return err_set(e, "%s has %zu values, expected %zu", what,
			       (size_t)lua_rawlen(L, idx), n);
	for (size_t k = 0; k < n; k++) {
		char where[40];

		lua_rawgeti(L, idx, (lua_Integer)k + 1);
		if (!finite_number(L, -1, &out[k])) {
			snprintf(where, sizeof where, " value %zu", k + 1);
			bad_value(L, -1, what, where, e);
			lua_pop(L, 1);
			return -1;
		}
		lua_pop(L, 1);
	}
	return 0;
}

int lb_value_read_profile(lua_State *L, int idx, double *out, int nplayers,
			  const size_t *off, const char *what, struct err *e)
{
	size_t dim = off[nplayers], len;

	idx = lua_absindex(L, idx);
	if (lua_type(L, idx) != LUA_TTABLE)
		return err_set(e, "%s is a %s, expected a table with one entry per player", what,
			       type_name(L, idx));
	len = (size_t)lua_rawlen(L, idx);
	if (len == dim && (size_t)nplayers != dim) {
		/* flat: every entry a number */
		int flat = 1;

		for (size_t k = 0; k < dim && flat; k++) {
			flat = lua_rawgeti(L, idx, (lua_Integer)k + 1) == LUA_TNUMBER;
			lua_pop(L, 1);
		}
		if (flat)
			return lb_value_read_block(L, idx, out, dim, what, e);
	}
	if (len != (size_t)nplayers)
		return err_set(e, "%s has %zu entries, expected one per player (%d)%s", what, len,
			       nplayers, dim != (size_t)nplayers ? " or a flat list of all values"
							      : "");
	for (int i = 0; i < nplayers; i++) {
		char sub[160];
		int rc;

		snprintf(sub, sizeof sub, "%s[%d]", what, i + 1);
		lua_rawgeti(L, idx, i + 1);
		rc = lb_value_read_block(L, -1, out + off[i], off[i + 1] - off[i], sub, e);
		lua_pop(L, 1);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* Checks that table t has only the given string keys and positions 1..npos. */
int lb_value_check_keys(lua_State *L, int t, const char *const *known, int npos,
		      const char *what, struct err *e)
{
	char bad[64] = "";
	int have_bad = 0;

	lua_pushnil(L);
	while (lua_next(L, t)) {
		lua_pop(L, 1);
		if (lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1 &&
		    lua_tointeger(L, -1) <= npos)
			continue;
		if (lua_type(L, -1) == LUA_TSTRING) {
			const char *k = lua_tostring(L, -1);
			int ok = 0;

			for (int i = 0; known[i] && !ok; i++)
				ok = strcmp(k, known[i]) == 0;
			if (!ok && (!have_bad || strcmp(k, bad) < 0)) {
				snprintf(bad, sizeof bad, "%s", k);
				have_bad = 1;
			}
		} else if (!have_bad) {
			snprintf(bad, sizeof bad, "[%s]", luaL_typename(L, -1));
			have_bad = 1;
		}
	}
	if (!have_bad)
		return 0;
	{
		char list[400] = "";

		for (int i = 0; known[i]; i++) {
			if (i)
				strncat(list, ", ", sizeof list - strlen(list) - 1);
			strncat(list, known[i], sizeof list - strlen(list) - 1);
		}
		return err_set(e, "%s: unknown key '%s'; known: %s", what, bad, list);
	}
}
