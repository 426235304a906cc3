/* param: parameter specs and validated values.
 * Setters check a value against its spec and, on failure, leave the old value and write a
 * message naming the parameter and what is allowed. Numbers are formatted in the shortest
 * form that reads back exactly, always with '.'. Table elements are reported 1-based (the
 * user's view, as in Lua). For ENUM|PARAM_F_TABLE, min/max bound the table's elements only
 * when min < max. A PARAM_F_RAGGED table pads shorter rows with NaN: NaN is accepted only
 * as a row's tail and never written out, so the formatted value reads back unchanged.
 * Limits: choice and column lists are short strings ("a|b|c", "x,y").
 * Neighbours: model (owns the specs), luabind and cli (convert user input), batch (CSV). */
#include "core/param.h"

#include <assert.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

/* ---- small helpers ---- */

/* Growable string for the formatters. */
struct sbuf {
	char *s;
	size_t len, cap;
};

static void sb_add(struct sbuf *b, const char *t)
{
	size_t n = strlen(t);

	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, t, n + 1);
	b->len += n;
}

static void sb_num(struct sbuf *b, double v)
{
	char buf[40];

	param_fmt_double(buf, sizeof buf, v);
	sb_add(b, buf);
}

static char *sb_take(struct sbuf *b)
{
	if (!b->s)
		return xstrdup("");
	return b->s;
}

/* Number of '|'- or ','-separated items in list (0 for NULL or ""). */
static int count_items(const char *list, char sep)
{
	int n = 1;

	if (!list || !*list)
		return 0;
	for (const char *c = list; *c; c++)
		n += *c == sep;
	return n;
}

/* Copies item k of a separated list into buf; returns 0, or -1 when absent. */
static int list_item(const char *list, char sep, int k, char *buf, size_t size)
{
	const char *c = list, *end;

	if (!list || k < 0)
		return -1;
	for (int i = 0; i < k; i++) {
		c = strchr(c, sep);
		if (!c)
			return -1;
		c++;
	}
	end = strchr(c, sep);
	if (!end)
		end = c + strlen(c);
	snprintf(buf, size, "%.*s", (int)(end - c), c);
	return 0;
}

static int enum_index(const char *choices, const char *s)
{
	char buf[128];
	int n = count_items(choices, '|');

	for (int k = 0; k < n; k++)
		if (list_item(choices, '|', k, buf, sizeof buf) == 0 && strcmp(buf, s) == 0)
			return k;
	return -1;
}

static int is_ragged(const struct param_spec *s)
{
	return s->type == PARAM_TABLE && (s->flags & PARAM_F_RAGGED);
}

/* The fixed number of columns (0: any, e.g. a ragged table). */
static int spec_cols(const struct param_spec *s)
{
	if (s->type == PARAM_ARRAY)
		return 1;
	if (is_ragged(s))
		return 0;
	return count_items(s->cols, ',');
}

static void value_clear(struct param_value *v)
{
	free(v->str);
	free(v->arr);
	memset(v, 0, sizeof *v);
}

static void value_default(struct param_value *v, const struct param_spec *s)
{
	char buf[128];

	memset(v, 0, sizeof *v);
	v->num = s->def;
	v->cols = spec_cols(s);
	if (s->type == PARAM_ENUM) {
		if (list_item(s->choices, '|', (int)s->def, buf, sizeof buf) != 0)
			buf[0] = '\0';
		v->str = xstrdup(buf);
		v->cols = 0;
	} else if (s->type == PARAM_ARRAY || s->type == PARAM_TABLE) {
		v->num = 0.0;
	}
}

static void value_copy(struct param_value *d, const struct param_value *s)
{
	*d = *s;
	d->str = s->str ? xstrdup(s->str) : NULL;
	d->arr = NULL;
	if (s->arr) {
		size_t n = (size_t)s->rows * (size_t)s->cols;

		d->arr = xmallocarray(n ? n : 1, sizeof *d->arr);
		memcpy(d->arr, s->arr, n * sizeof *d->arr);
	}
}

/* ---- lifetime ---- */

void params_init(struct params *p, const struct param_spec *spec, size_t n)
{
	p->spec = spec;
	p->n = n;
	p->v = xcalloc(n ? n : 1, sizeof *p->v);
	for (size_t i = 0; i < n; i++)
		value_default(&p->v[i], &spec[i]);
}

void params_copy(struct params *dst, const struct params *src)
{
	dst->spec = src->spec;
	dst->n = src->n;
	dst->v = xcalloc(src->n ? src->n : 1, sizeof *dst->v);
	for (size_t i = 0; i < src->n; i++)
		value_copy(&dst->v[i], &src->v[i]);
}

void params_fini(struct params *p)
{
	if (!p->v)
		return;
	for (size_t i = 0; i < p->n; i++)
		value_clear(&p->v[i]);
	free(p->v);
	p->v = NULL;
	p->n = 0;
}

/* ---- lookup ---- */

int params_find(const struct params *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->spec[i].name, name) == 0)
			return (int)i;
	return -1;
}

int params_lookup(const struct params *p, const char *name, struct err *e)
{
	struct sbuf b = { 0 };
	int idx = params_find(p, name);

	if (idx >= 0)
		return idx;
	for (size_t i = 0; i < p->n; i++) {
		if (i > 0)
			sb_add(&b, ", ");
		sb_add(&b, p->spec[i].name);
	}
	err_set(e, "unknown parameter '%s'; known: %s", name, b.s ? b.s : "(none)");
	free(b.s);
	return -1;
}

/* ---- formatting ---- */

void param_fmt_double(char *buf, size_t size, double v)
{
	static const char *const fmts[] = { "%.15g", "%.16g", "%.17g" };
	const char *dp;
	char *at;

	if (size == 0)
		return;
	if (isnan(v)) {
		snprintf(buf, size, "nan");
		return;
	}
	if (isinf(v)) {
		snprintf(buf, size, v > 0 ? "inf" : "-inf");
		return;
	}
	for (int i = 0; i < 3; i++) {
		snprintf(buf, size, fmts[i], v);
		if (strtod(buf, NULL) == v)
			break;
	}
	/* The program keeps LC_NUMERIC at "C"; should a library change it anyway, undo the
	 * locale's decimal separator so the output never depends on it. */
	dp = localeconv()->decimal_point;
	if (dp && strcmp(dp, ".") != 0 && *dp && (at = strstr(buf, dp)) != NULL) {
		size_t dl = strlen(dp);

		*at = '.';
		memmove(at + 1, at + dl, strlen(at + dl) + 1);
	}
}

static void fmt_range(struct sbuf *b, const struct param_spec *s)
{
	int open_lo = (s->flags & PARAM_F_OPEN_LO) || s->min == -INFINITY;
	int open_hi = (s->flags & PARAM_F_OPEN_HI) || s->max == INFINITY;

	sb_add(b, open_lo ? "(" : "[");
	sb_num(b, s->min);
	sb_add(b, ", ");
	sb_num(b, s->max);
	sb_add(b, open_hi ? ")" : "]");
}

static void fmt_len(struct sbuf *b, const struct param_spec *s, const char *what)
{
	char buf[96];

	if (s->len_min == 0 && s->len_max == 0)
		return;
	int one = (int)strlen(what) - 1; /* "elements" -> "element" for a count of 1 */
	if (s->len_max == 0)
		snprintf(buf, sizeof buf, ", at least %d %.*s", s->len_min,
			 s->len_min == 1 ? one : one + 1, what);
	else if (s->len_min == s->len_max)
		snprintf(buf, sizeof buf, ", exactly %d %.*s", s->len_min,
			 s->len_min == 1 ? one : one + 1, what);
	else
		snprintf(buf, sizeof buf, ", %d to %d %s", s->len_min, s->len_max, what);
	sb_add(b, buf);
}

static int enum_elem_bounded(const struct param_spec *s)
{
	return s->min < s->max;
}

char *param_spec_range(const struct param_spec *s)
{
	struct sbuf b = { 0 };

	switch (s->type) {
	case PARAM_REAL:
		fmt_range(&b, s);
		break;
	case PARAM_INT:
		sb_add(&b, "integer in ");
		fmt_range(&b, s);
		break;
	case PARAM_BOOL:
		sb_add(&b, "0|1");
		break;
	case PARAM_ENUM:
		sb_add(&b, s->choices ? s->choices : "");
		if (s->flags & PARAM_F_TABLE) {
			sb_add(&b, " or a table of rows {");
			sb_add(&b, s->cols ? s->cols : "");
			sb_add(&b, "}");
			if (enum_elem_bounded(s)) {
				sb_add(&b, " with values in ");
				fmt_range(&b, s);
			}
			fmt_len(&b, s, "rows");
		}
		break;
	case PARAM_ARRAY:
		sb_add(&b, "array of values in ");
		fmt_range(&b, s);
		fmt_len(&b, s, "elements");
		break;
	case PARAM_TABLE:
		sb_add(&b, "table of rows {");
		sb_add(&b, s->cols ? s->cols : "");
		sb_add(&b, is_ragged(s) ? "} of any lengths with values in " : "} with values in ");
		fmt_range(&b, s);
		fmt_len(&b, s, "rows");
		break;
	}
	return sb_take(&b);
}

/* Length of row r without its NaN padding (ragged tables). */
static int row_len(const struct param_value *v, int r)
{
	const double *row = v->arr + (size_t)r * (size_t)v->cols;
	int n = v->cols;

	while (n > 0 && isnan(row[n - 1]))
		n--;
	return n;
}

/* nested: rows in braces; ragged: a row's NaN padding is not written (so it reads back). */
static void fmt_table(struct sbuf *b, const struct param_value *v, int nested, int ragged)
{
	sb_add(b, "{");
	for (int r = 0; r < v->rows; r++) {
		int len = ragged ? row_len(v, r) : v->cols;

		if (r > 0)
			sb_add(b, ",");
		if (nested)
			sb_add(b, "{");
		for (int c = 0; c < len; c++) {
			if (c > 0)
				sb_add(b, ",");
			sb_num(b, v->arr[(size_t)r * (size_t)v->cols + (size_t)c]);
		}
		if (nested)
			sb_add(b, "}");
	}
	sb_add(b, "}");
}

char *params_format_value(const struct params *p, int idx)
{
	const struct param_spec *s;
	const struct param_value *v;
	struct sbuf b = { 0 };

	assert(idx >= 0 && (size_t)idx < p->n);
	s = &p->spec[idx];
	v = &p->v[idx];
	switch (s->type) {
	case PARAM_REAL:
	case PARAM_INT:
	case PARAM_BOOL:
		sb_num(&b, v->num);
		break;
	case PARAM_ENUM:
		if (v->num < 0 && v->arr)
			fmt_table(&b, v, 1, 0);
		else
			sb_add(&b, v->str ? v->str : "");
		break;
	case PARAM_ARRAY:
		fmt_table(&b, v, 0, 0);
		break;
	case PARAM_TABLE:
		fmt_table(&b, v, 1, is_ragged(s));
		break;
	}
	return sb_take(&b);
}

/* ---- validation ---- */

static int in_range(const struct param_spec *s, double v)
{
	int lo = (s->flags & PARAM_F_OPEN_LO) ? v > s->min : v >= s->min;
	int hi = (s->flags & PARAM_F_OPEN_HI) ? v < s->max : v <= s->max;

	return lo && hi; /* false for NaN */
}

static int range_error(struct err *e, const struct param_spec *s, const char *what, double v)
{
	char num[40];
	char *rng = param_spec_range(s);

	param_fmt_double(num, sizeof num, v);
	if (s->type == PARAM_ARRAY || s->type == PARAM_TABLE || s->type == PARAM_ENUM) {
		struct sbuf b = { 0 };

		fmt_range(&b, s);
		err_set(e, "parameter '%s' %s = %s is out of range: allowed %s", s->name, what,
			num, b.s);
		free(b.s);
	} else {
		err_set(e, "parameter '%s' = %s is out of range: allowed %s", s->name, num, rng);
	}
	free(rng);
	return -1;
}

int params_set_num(struct params *p, int idx, double v, struct err *e)
{
	const struct param_spec *s;
	char num[40], *rng;

	assert(idx >= 0 && (size_t)idx < p->n);
	s = &p->spec[idx];
	param_fmt_double(num, sizeof num, v);
	switch (s->type) {
	case PARAM_INT:
		if (!isfinite(v) || v != floor(v)) {
			rng = param_spec_range(s);
			err_set(e, "parameter '%s' = %s is not an integer: allowed %s", s->name, num,
				rng);
			free(rng);
			return -1;
		}
		/* fall through */
	case PARAM_REAL:
		if (!in_range(s, v))
			return range_error(e, s, NULL, v);
		break;
	case PARAM_BOOL:
		if (v != 0.0 && v != 1.0)
			return err_set(e, "parameter '%s' = %s is not allowed: allowed 0|1", s->name,
				       num);
		break;
	case PARAM_ENUM:
		rng = param_spec_range(s);
		err_set(e, "parameter '%s' takes a name, not the number %s: allowed %s", s->name,
			num, rng);
		free(rng);
		return -1;
	case PARAM_ARRAY:
	case PARAM_TABLE:
		rng = param_spec_range(s);
		err_set(e, "parameter '%s' takes a table, not the number %s: allowed %s", s->name,
			num, rng);
		free(rng);
		return -1;
	}
	p->v[idx].num = v == 0.0 ? 0.0 : v; /* no "-0" in output */
	return 0;
}

int params_set_str(struct params *p, int idx, const char *str, struct err *e)
{
	const struct param_spec *s;
	struct param_value *v;
	char *end, *rng, *dup;
	double d;
	int k;

	assert(idx >= 0 && (size_t)idx < p->n);
	s = &p->spec[idx];
	v = &p->v[idx];
	switch (s->type) {
	case PARAM_ENUM:
		k = enum_index(s->choices, str);
		if (k < 0) {
			rng = param_spec_range(s);
			err_set(e, "parameter '%s' = '%s' is not allowed: allowed %s", s->name, str,
				rng);
			free(rng);
			return -1;
		}
		dup = xstrdup(str); /* before clearing: str may be v's own text */
		value_clear(v);
		v->num = k;
		v->str = dup;
		return 0;
	case PARAM_REAL:
	case PARAM_INT:
	case PARAM_BOOL:
		/* Numeric text (from the command line); LC_NUMERIC is "C". */
		d = strtod(str, &end);
		while (end != str && (*end == ' ' || *end == '\t'))
			end++;
		if (end == str || *end != '\0') {
			rng = param_spec_range(s);
			err_set(e, "parameter '%s' = '%s' is not a number: allowed %s", s->name, str,
				rng);
			free(rng);
			return -1;
		}
		return params_set_num(p, idx, d, e);
	case PARAM_ARRAY:
	case PARAM_TABLE:
		break;
	}
	rng = param_spec_range(s);
	err_set(e, "parameter '%s' takes a table, not '%s': allowed %s", s->name, str, rng);
	free(rng);
	return -1;
}

int param_spec_check_rows(const struct param_spec *s, long long rows, struct err *e)
{
	if (rows > 0 && ((s->len_min > 0 && rows < s->len_min) ||
			 (s->len_max > 0 && rows > s->len_max))) {
		const char *what = s->type == PARAM_ARRAY ? "elements" : "rows";
		struct sbuf b = { 0 };

		fmt_len(&b, s, what);
		err_set(e, "parameter '%s' has %lld %.*s: allowed%s", s->name, rows,
			(int)strlen(what) - (rows == 1), what, b.s + 1 /* skip the ',' */);
		free(b.s);
		return -1;
	}
	return 0;
}

/* A ragged table: in each row NaN may only pad the tail, and no row may be all padding. */
static int ragged_check(const struct param_spec *s, const double *a, int rows, int cols,
			struct err *e)
{
	for (int r = 0; r < rows; r++) {
		const double *row = a + (size_t)r * (size_t)cols;
		int len = cols;

		while (len > 0 && isnan(row[len - 1]))
			len--;
		if (len == 0)
			return err_set(e, "parameter '%s': row %d is empty", s->name, r + 1);
		for (int c = 0; c < len; c++)
			if (isnan(row[c]))
				return err_set(e, "parameter '%s' row %d value %d is not a number",
					       s->name, r + 1, c + 1);
	}
	return 0;
}

int params_set_table(struct params *p, int idx, const double *a, int rows, int cols,
		     struct err *e)
{
	const struct param_spec *s;
	struct param_value *v;
	int want, check_elems;
	char *rng;
	size_t n;

	assert(idx >= 0 && (size_t)idx < p->n);
	s = &p->spec[idx];
	v = &p->v[idx];
	if (s->type != PARAM_ARRAY && s->type != PARAM_TABLE &&
	    !(s->type == PARAM_ENUM && (s->flags & PARAM_F_TABLE))) {
		rng = param_spec_range(s);
		err_set(e, "parameter '%s' does not take a table: allowed %s", s->name, rng);
		free(rng);
		return -1;
	}
	if (rows < 0 || cols < 0 || (rows > 0 && !a))
		return err_set(e, "parameter '%s': malformed table", s->name);
	/* An array may arrive as one row; store it as a column. */
	if (s->type == PARAM_ARRAY && rows == 1 && cols != 1) {
		rows = cols;
		cols = 1;
	}
	if (rows == 0)
		cols = s->type == PARAM_ARRAY ? 1 : cols;
	want = spec_cols(s);
	if (rows > 0 && want > 0 && cols != want) {
		if (s->type == PARAM_ARRAY)
			return err_set(e, "parameter '%s' takes a flat array, got rows of %d values",
				       s->name, cols);
		return err_set(e, "parameter '%s' takes rows of %d values {%s}, got %d", s->name,
			       want, s->cols, cols);
	}
	if (rows == 0 && !(s->flags & PARAM_F_OPTIONAL))
		return err_set(e, "parameter '%s' must not be empty", s->name);
	if (param_spec_check_rows(s, rows, e) < 0)
		return -1;
	check_elems = s->type != PARAM_ENUM || enum_elem_bounded(s);
	n = (size_t)rows * (size_t)cols;
	if (is_ragged(s) && ragged_check(s, a, rows, cols, e) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char what[96], colname[48];
		int r = (int)(i / (size_t)cols), c = (int)(i % (size_t)cols);

		if (check_elems ? in_range(s, a[i]) : isfinite(a[i]))
			continue;
		if (is_ragged(s) && isnan(a[i])) /* padding: ragged_check saw only NaN after it */
			continue;
		if (s->type == PARAM_ARRAY)
			snprintf(what, sizeof what, "element %d", r + 1);
		else if (!is_ragged(s) && list_item(s->cols, ',', c, colname, sizeof colname) == 0)
			snprintf(what, sizeof what, "row %d column '%s'", r + 1, colname);
		else
			snprintf(what, sizeof what, "row %d column %d", r + 1, c + 1);
		if (!check_elems) {
			char num[40];

			param_fmt_double(num, sizeof num, a[i]);
			return err_set(e, "parameter '%s' %s = %s is not a finite number", s->name,
				       what, num);
		}
		return range_error(e, s, what, a[i]);
	}
	value_clear(v);
	v->rows = rows;
	v->cols = cols;
	if (n > 0) {
		v->arr = xmallocarray(n, sizeof *v->arr);
		memcpy(v->arr, a, n * sizeof *a);
	}
	if (s->type == PARAM_ENUM) {
		v->num = -1;
		v->str = xstrdup("table");
	}
	return 0;
}

/* ---- getters ---- */

const struct param_value *params_get(const struct params *p, const char *name)
{
	int idx = params_find(p, name);

	assert(idx >= 0);
	return &p->v[idx];
}

double params_num(const struct params *p, const char *name)
{
	return params_get(p, name)->num;
}

int params_int(const struct params *p, const char *name)
{
	return (int)lround(params_get(p, name)->num);
}

const char *params_str(const struct params *p, const char *name)
{
	return params_get(p, name)->str;
}

/* ---- slider steps ---- */

/* 1, 2 or 5 times a power of ten, the nearest to v (> 0) on a log scale. */
static double nice_step(double v)
{
	double p = pow(10, floor(log10(v)));
	double m = v / p;
	return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

double param_spec_step(const struct param_spec *s)
{
	double step;
	double range = s->max - s->min;
	if (s->step > 0)
		step = s->step;
	else if (isfinite(range) && range > 0 && range <= 1e9)
		step = nice_step(range / 100);
	else
		step = s->def != 0 && isfinite(s->def) ? nice_step(fabs(s->def) / 10) : 0.1;
	if (s->type == PARAM_INT)
		step = step < 1 ? 1 : round(step);
	return step;
}

int param_step_value(const struct param_spec *s, double cur, double step, int dir, double *out)
{
	double n = cur / step;
	double k = dir > 0 ? floor(n + 1e-9) + 1 : ceil(n - 1e-9) - 1;
	char buf[40];
	snprintf(buf, sizeof buf, "%.15g", k * step); /* 71 * 0.1 is 7.1, not 7.1000000000000005 */
	double v = strtod(buf, NULL);
	int open_hi = (s->flags & PARAM_F_OPEN_HI) != 0, open_lo = (s->flags & PARAM_F_OPEN_LO) != 0;
	*out = cur;
	if (dir > 0 && (v > s->max || (open_hi && v >= s->max))) {
		if (open_hi || cur >= s->max)
			return 1;
		v = s->max;
	}
	if (dir < 0 && (v < s->min || (open_lo && v <= s->min))) {
		if (open_lo || cur <= s->min)
			return 1;
		v = s->min;
	}
	*out = v;
	return 0;
}
