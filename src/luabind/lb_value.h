/* lb_value: conversions between Lua values and taton's C data (internal to src/luabind):
 * parameter values (numbers, enum names, arrays, tables of rows) and action profiles.
 * All table access is raw (no metamethods run), so these never call user code.
 * Neighbours: lb (scenario params, --set), lb_game (profiles), core/param. */
#ifndef TATON_LB_VALUE_H
#define TATON_LB_VALUE_H

#include <limits.h>
#include <stddef.h>
#include <lua.h>
#include "core/err.h"
#include "core/param.h"

/* Size of a "where" text ("FILE:LINE: params.NAME ..."): a path of PATH_MAX and room for
 * what sits where, so an error message is never cut inside it. */
#define LB_WHAT_MAX (PATH_MAX + 512)

enum lb_value_kind { LB_VALUE_NUM, LB_VALUE_STR, LB_VALUE_TABLE };

/* A parameter value read from Lua, before it is applied to a struct params. */
struct lb_value {
	enum lb_value_kind kind;
	double num;
	char *str;    /* owned */
	double *arr;  /* rows * cols, row-major (owned) */
	int rows, cols;
};

/* Reads the value at stack index idx for spec s: numbers for REAL/INT, booleans (or 0/1) for
 * BOOL, a string for ENUM (or a table of rows for ENUM|PARAM_F_TABLE), a flat sequence for
 * ARRAY, a sequence of rows for TABLE (each a sequence, or keyed by the spec's column names).
 * 0, or -1 with e naming the parameter (v then holds nothing). On success v is owned by
 * the caller (lb_value_fini). */
int lb_value_read(lua_State *L, int idx, const struct param_spec *s, struct lb_value *v,
		  struct err *e);
/* Validates and stores v into parameter pidx of p (old value kept on error). */
int lb_value_apply(const struct lb_value *v, struct params *p, int pidx, struct err *e);
void lb_value_fini(struct lb_value *v);
/* lb_value_read + lb_value_apply. */
int lb_value_set(lua_State *L, int idx, struct params *p, int pidx, struct err *e);

/* Pushes parameter idx of p as a Lua value (integer for INT and integral table elements,
 * boolean for BOOL, string for ENUM, sequences for ARRAY, sequences of rows for TABLE whose
 * rows also carry the column names as keys). */
void lb_value_push_param(lua_State *L, const struct params *p, int idx);
/* Pushes a table name -> value of every parameter. */
void lb_value_push_params(lua_State *L, const struct params *p);

/* Pushes an action profile: a sequence with one entry per player, a number when the
 * player's block has one component, else a sequence of its components. */
void lb_value_push_profile(lua_State *L, const double *a, int nplayers, const size_t *off);
/* Reads a player's block (n values) at idx: a number when n == 1, else a sequence of n
 * numbers; all finite. `what` prefixes messages ("best_response(2)"). */
int lb_value_read_block(lua_State *L, int idx, double *out, size_t n, const char *what,
			struct err *e);
/* Reads a whole profile at idx: per-player entries as pushed above, or a flat sequence of
 * all off[nplayers] components. */
int lb_value_read_profile(lua_State *L, int idx, double *out, int nplayers,
			  const size_t *off, const char *what, struct err *e);

/* The string at idx (raw: the value must be a string), or NULL with e ("WHAT contains a NUL
 * byte") when it holds one: C would silently cut it there. */
const char *lb_value_text(lua_State *L, int idx, const char *what, struct err *e);
/* 1 when s holds no control character (C0, DEL, or C1 in UTF-8), so it can stand on one
 * line of a CSV header or a terminal; labels and enum choices must. */
int lb_value_printable(const char *s);

/* Checks that table t has only the string keys in `known` (NULL-terminated) and the
 * positions 1..npos; otherwise -1 with "WHAT: unknown key 'x'; known: a, b, c" (the
 * alphabetically first offender). */
int lb_value_check_keys(lua_State *L, int t, const char *const *known, int npos,
			const char *what, struct err *e);

#endif
