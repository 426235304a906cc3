/* vary: parsing --vary and keeping its values as typed (see vary.h). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/vary.h"
#include "core/param.h"
#include "core/xmalloc.h"

/* Pieces of a text split at top-level separators (outside (), [], {} and quotes). */
struct pieces {
	int n;
	char **s;
};

static void pieces_fini(struct pieces *p)
{
	for (int i = 0; i < p->n; i++)
		free(p->s[i]);
	free(p->s);
	p->n = 0;
	p->s = NULL;
}

/* Nesting of an expression read left to right: quotes (with backslash escapes) and
 * brackets. */
struct nest {
	int depth;
	char quote;
};

/* Takes the character *c (not the terminator) into st, stepping over an escaped one;
 * returns whether *c stands at the top level, outside quotes and brackets. */
static int nest_step(struct nest *st, const char **c)
{
	char ch = **c;
	if (st->quote) {
		if (ch == '\\' && (*c)[1])
			(*c)++;
		else if (ch == st->quote)
			st->quote = 0;
		return 0;
	}
	if (ch == '"' || ch == '\'') {
		st->quote = ch;
		return 0;
	}
	if (strchr("([{", ch)) {
		st->depth++;
		return 0;
	}
	if (strchr(")]}", ch)) {
		st->depth -= st->depth > 0;
		return 0;
	}
	return st->depth == 0;
}

/* Whether `text` has the separator `sep` at the top level. */
static int has_top(const char *text, char sep)
{
	struct nest st = {0};
	for (const char *c = text; *c; c++)
		if (nest_step(&st, &c) && *c == sep)
			return 1;
	return 0;
}

static void split_top(const char *text, char sep, struct pieces *out)
{
	struct nest st = {0};
	const char *start = text;
	out->n = 0;
	out->s = NULL;
	for (const char *c = text;; c++) {
		if (*c == '\0' || (!st.quote && st.depth == 0 && *c == sep)) {
			out->s = xreallocarray(out->s, (size_t)out->n + 1, sizeof *out->s);
			out->s[out->n++] = xstrndup(start, (size_t)(c - start));
			if (*c == '\0')
				return;
			start = c + 1;
		} else {
			nest_step(&st, &c);
		}
	}
}

static int valid_name(const char *s)
{
	if (!*s || !(isalpha((unsigned char)*s) || *s == '_'))
		return 0;
	for (; *s; s++)
		if (!(isalnum((unsigned char)*s) || *s == '_'))
			return 0;
	return 1;
}

/* Decimals a typed number carries: digits after the point less the exponent (1e-7: 7). */
static int decimals(const char *text)
{
	const char *dot = strchr(text, '.'), *ex = strpbrk(text, "eE");
	long d = 0;
	if (dot && (!ex || dot < ex))
		d = (long)strspn(dot + 1, "0123456789");
	if (ex)
		d -= strtol(ex + 1, NULL, 10);
	return d < 0 ? 0 : d > 99 ? 99 : (int)d;
}

char *vary_grid_text(double x, const char *a, const char *step)
{
	int d = decimals(a), ds = decimals(step);
	if (ds > d)
		d = ds;
	char buf[64];
	if (d > 15 || !(fabs(x) < 1e15)) {
		param_fmt_double(buf, sizeof buf, x);
		return xstrdup(buf);
	}
	snprintf(buf, sizeof buf, "%.*f", d, x);
	if (strchr(buf, '.')) {
		char *end = buf + strlen(buf);
		while (end[-1] == '0')
			*--end = '\0';
		if (end[-1] == '.')
			end[-1] = '\0';
	}
	if (strcmp(buf, "-0") == 0)
		strcpy(buf, "0");
	return xstrdup(buf);
}

/* Appends tuple `vals` (nnames values, taken over). */
static void add_tuple(struct vary *v, char **vals)
{
	size_t n = (size_t)v->nnames;
	v->vals = xreallocarray(v->vals, ((size_t)v->nvals + 1) * n, sizeof *v->vals);
	memcpy(v->vals + (size_t)v->nvals * n, vals, n * sizeof *vals);
	v->nvals++;
}

/* Drops leading and trailing blanks in place. */
static char *trim(char *s)
{
	size_t lead = strspn(s, " \t\r\n"), len = strlen(s);
	while (len > lead && strchr(" \t\r\n", s[len - 1]))
		len--;
	memmove(s, s + lead, len - lead);
	s[len - lead] = '\0';
	return s;
}

static int strict_number(const char *text, double *out)
{
	char *end;
	errno = 0;
	double x = strtod(text, &end);
	if (end == text || *end || errno || !isfinite(x))
		return -1;
	*out = x;
	return 0;
}

/* NAME=A:B:STEP into v; 1 when spec is not a range at all (a list then), 0, or -1. */
static int parse_range(const char *spec, long max_vals, struct vary *v, struct err *e)
{
	struct pieces p;
	double a, b, st;
	if (!has_top(spec, ':') || has_top(spec, ',') || has_top(spec, '|'))
		return 1;
	split_top(spec, ':', &p);
	if (p.n != 3 || strict_number(p.s[0], &a) < 0 || strict_number(p.s[1], &b) < 0 ||
	    strict_number(p.s[2], &st) < 0 || !(st > 0) || !(b >= a)) {
		pieces_fini(&p);
		return err_set(e, "bad --vary '%s': A:B:STEP needs numbers with A <= B and STEP > 0",
			       v->text);
	}
	double count = floor((b - a) / st + 1e-9) + 1;
	if (count > (double)max_vals) {
		pieces_fini(&p);
		return err_set(e, "bad --vary '%s': more than %ld values", v->text, max_vals);
	}
	for (long i = 0; i < (long)count; i++) {
		char *val = vary_grid_text(a + (double)i * st, p.s[0], p.s[2]);
		add_tuple(v, &val);
	}
	pieces_fini(&p);
	return 0;
}

/* The values after '=' as a list (one name) or as tuples (several). */
static int parse_list(const char *spec, long max_vals, struct vary *v, struct err *e)
{
	struct pieces tuples;
	int zipped = v->nnames > 1 || has_top(spec, '|');
	if (v->nnames == 1 && has_top(spec, '|') && has_top(spec, ','))
		return err_set(e, "bad --vary '%s': separate the values by ',' or by '|', not both "
			       "(braces keep a list together: {1, 2})", v->text);
	split_top(spec, zipped ? '|' : ',', &tuples);
	if (tuples.n > max_vals) {
		pieces_fini(&tuples);
		return err_set(e, "bad --vary '%s': more than %ld values", v->text, max_vals);
	}
	for (int t = 0; t < tuples.n; t++) {
		struct pieces vals;
		split_top(tuples.s[t], v->nnames > 1 ? ',' : '\0', &vals);
		int bad = vals.n != v->nnames, lines = 0;
		for (int k = 0; k < vals.n && !bad; k++) {
			bad = *trim(vals.s[k]) == '\0';
			lines = strpbrk(vals.s[k], "\r\n") != NULL;
			bad |= lines;
		}
		if (bad) {
			if (lines) /* a row of the CSV is one line */
				err_set(e, "bad --vary '%s': a value may not contain a line break",
					v->text);
			else if (v->nnames > 1 && vals.n != v->nnames)
				err_set(e, "bad --vary '%s': tuple %d '%s' has %d values for %d "
					   "parameters", v->text, t + 1, tuples.s[t], vals.n, v->nnames);
			else
				err_set(e, "bad --vary '%s': empty value in the list", v->text);
			pieces_fini(&vals);
			pieces_fini(&tuples);
			return -1;
		}
		add_tuple(v, vals.s);
		free(vals.s);
	}
	pieces_fini(&tuples);
	return 0;
}

/* The message quotes the argument: its line breaks become \n, so it stays one line. */
static void one_line(struct err *e)
{
	if (!e || !strpbrk(e->msg, "\r\n"))
		return;
	char *copy = xstrdup(e->msg), *o = e->msg, *end = e->msg + sizeof e->msg - 3;
	for (const char *c = copy; *c && o < end; c++) {
		if (*c == '\n' || *c == '\r') {
			*o++ = '\\';
			*o++ = *c == '\n' ? 'n' : 'r';
		} else {
			*o++ = *c;
		}
	}
	*o = '\0';
	free(copy);
}

int vary_parse(const char *arg, long max_vals, struct vary *v, struct err *e)
{
	memset(v, 0, sizeof *v);
	v->text = xstrdup(arg);
	const char *eq = strchr(arg, '=');
	int rc = 0;
	if (!eq || eq == arg || !eq[1]) {
		rc = err_set(e, "bad --vary '%s': expected NAME=A:B:STEP, NAME=v1,v2,... or "
				"NAME1,NAME2=a1,b1|a2,b2|...", arg);
	} else {
		char *names = xstrndup(arg, (size_t)(eq - arg));
		struct pieces p;
		split_top(names, ',', &p);
		free(names);
		v->names = p.s;
		v->nnames = p.n;
		for (int k = 0; k < v->nnames; k++)
			trim(v->names[k]);
		for (int k = 0; k < v->nnames && rc == 0; k++) {
			if (!valid_name(v->names[k]))
				rc = err_set(e, "bad --vary '%s': '%s' is not a parameter name", arg,
					     v->names[k]);
			for (int j = 0; j < k && rc == 0; j++)
				if (strcmp(v->names[j], v->names[k]) == 0)
					rc = err_set(e, "bad --vary '%s': '%s' is named twice", arg,
						     v->names[k]);
		}
		if (rc == 0 && v->nnames == 1)
			rc = parse_range(eq + 1, max_vals, v, e);
		if (rc == 1 || (rc == 0 && v->nnames > 1))
			rc = parse_list(eq + 1, max_vals, v, e);
	}
	if (rc < 0) {
		one_line(e);
		vary_fini(v);
		return -1;
	}
	return 0;
}

void vary_fini(struct vary *v)
{
	for (int i = 0; i < v->nvals * v->nnames; i++)
		free(v->vals[i]);
	for (int k = 0; k < v->nnames; k++)
		free(v->names[k]);
	free(v->vals);
	free(v->names);
	free(v->text);
	memset(v, 0, sizeof *v);
}

const char *vary_val(const struct vary *v, int i, int k)
{
	return v->vals[i * v->nnames + k];
}

void vary_write_values(FILE *f, const struct vary *v)
{
	for (int i = 0; i < v->nvals; i++)
		for (int k = 0; k < v->nnames; k++) {
			if (k > 0)
				fputc(',', f);
			else if (i > 0)
				fputc(v->nnames > 1 ? '|' : ',', f);
			fputs(vary_val(v, i, k), f);
		}
}
