/* param: parameter specs and validated parameter values.
 * One `const struct param_spec[]` per model feeds Lua validation, `set` completion, the TUI
 * parameter pane, the CSV header, `describe` and the man page. Values are plain C (numbers,
 * enum choices, numeric arrays/tables), so the core knows nothing of Lua: the Lua binding
 * converts tables to rows x cols arrays. Neighbours: model (owner of specs), luabind, cli. */
#ifndef TATON_PARAM_H
#define TATON_PARAM_H

#include <stddef.h>
#include "core/err.h"

enum param_type {
	PARAM_REAL,  /* double in [min, max] */
	PARAM_INT,   /* integral double in [min, max] */
	PARAM_BOOL,  /* 0 or 1 */
	PARAM_ENUM,  /* one of `choices` ("a|b|c"); with PARAM_F_TABLE also a table */
	PARAM_ARRAY, /* numeric vector; each element in [min, max]; length in [len_min, len_max] */
	PARAM_TABLE, /* rows of named columns `cols` ("p_s,share"); each value in [min, max] */
};

enum {
	PARAM_F_TABLE = 1u << 0,    /* ENUM that also accepts a numeric table (e.g. an edge list) */
	PARAM_F_OPTIONAL = 1u << 1, /* ARRAY/TABLE may be absent (empty): the model derives it */
	PARAM_F_OPEN_LO = 1u << 2,  /* min is excluded */
	PARAM_F_OPEN_HI = 1u << 3,  /* max is excluded */
	PARAM_F_RAGGED = 1u << 4,   /* TABLE rows may differ in length (e.g. tree nodes whose
				     * leaves carry values): stored rows x (longest row), the
				     * missing tail of a shorter row is NaN ("no value"); `cols`
				     * only describes the columns, it fixes no width */
};

struct param_spec {
	const char *name;
	enum param_type type;
	double def;          /* REAL/INT/BOOL default; ENUM: index of the default choice */
	double min, max;     /* inclusive unless PARAM_F_OPEN_*; element range for ARRAY/TABLE */
	const char *choices; /* ENUM: "a|b|c" */
	const char *cols;    /* TABLE: "p_s,share"; ENUM|PARAM_F_TABLE: columns of the table form */
	int len_min, len_max; /* ARRAY/TABLE rows; 0,0 = any */
	unsigned flags;
	double step;         /* REAL/INT: the explorer's slider step (left/right keys, `adjust`);
			      * 0 = a nice step of the range (param_spec_step) */
	const char *unit;    /* "" when dimensionless */
	const char *help;    /* one line */
};

struct param_value {
	double num;   /* REAL/INT/BOOL; ENUM: index of the choice, -1 when a table is given */
	char *str;    /* ENUM: choice name or "table" (owned) */
	double *arr;  /* ARRAY/TABLE/ENUM-table: rows*cols values, row-major (owned, may be NULL) */
	int rows, cols;
};

struct params {
	const struct param_spec *spec; /* borrowed; lives as long as the model ops */
	size_t n;
	struct param_value *v;         /* n values, owned */
};

/* Fills p with the defaults of spec[0..n). */
void params_init(struct params *p, const struct param_spec *spec, size_t n);
void params_copy(struct params *dst, const struct params *src);
void params_fini(struct params *p);

/* Index of `name`, or -1. */
int params_find(const struct params *p, const char *name);
/* Index of `name`; on failure sets "unknown parameter 'x'; known: a, b, c" and returns -1. */
int params_lookup(const struct params *p, const char *name, struct err *e);

/* Setters validate against the spec and leave the old value on error, with a message naming
 * the parameter and the allowed range or choices. */
int params_set_num(struct params *p, int idx, double v, struct err *e);
int params_set_str(struct params *p, int idx, const char *s, struct err *e);
/* Checks a table's length (rows, or elements of an array) against the spec's len_min and
 * len_max, as params_set_table does, so a front end can refuse a huge table before it builds
 * its values. 0, or -1 with e. */
int param_spec_check_rows(const struct param_spec *s, long long rows, struct err *e);
int params_set_table(struct params *p, int idx, const double *a, int rows, int cols,
		     struct err *e);

/* Getters by name; the name must exist (assert). */
double params_num(const struct params *p, const char *name);
int params_int(const struct params *p, const char *name);
const char *params_str(const struct params *p, const char *name);
const struct param_value *params_get(const struct params *p, const char *name);

/* "name" value text as used in CSV headers and `describe` ("0.5", "bank", "{1,2,3}",
 * "{{0.4,0.5},{0.6,0.5}}"); numbers use %.17g trimmed to the shortest exact form.
 * Returns a string owned by the caller. */
char *params_format_value(const struct params *p, int idx);
/* Allowed range as text: "[6, 8.5]", "(0, 1)", "hard|bank|loan", "integer in [1, 1000000]". */
char *param_spec_range(const struct param_spec *s);
/* The slider step of a REAL or INT parameter: s->step when set, else a nice number
 * (1, 2 or 5 times a power of ten) near a hundredth of a finite range of at most 1e9, else
 * near a tenth of the default (0.1 for a default of 0). At least 1 for an INT. */
double param_spec_step(const struct param_spec *s);
/* One slider step from cur (dir > 0 up, < 0 down) on the grid of multiples of step (an
 * off-grid value moves to the next grid point in that direction), kept inside the range:
 * a closed bound is reached exactly, an open one is not crossed. Returns 0 with *out set,
 * or 1 when cur already sits at the bound in that direction (*out = cur). */
int param_step_value(const struct param_spec *s, double cur, double step, int dir, double *out);
/* Formats a double the way the whole program does (shortest round-trip, "." decimal). */
void param_fmt_double(char *buf, size_t size, double v);

#endif
