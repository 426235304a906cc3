/* testutil: the shared test helpers (see testutil.h). */
#include "tests/testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/models/models.h"
#include "core/xmalloc.h"

const char *tu_srcdir(void)
{
	const char *t = getenv("top_srcdir");
	return t && *t ? t : ".";
}

char *tu_srcpath(const char *rel)
{
	return xasprintf("%s/%s", tu_srcdir(), rel);
}

char *tu_read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0, k;
	char *buf = xmalloc(cap);
	while ((k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += k;
		if (cap - n < 2)
			buf = xrealloc(buf, cap *= 2);
	}
	fclose(f);
	buf[n] = '\0';
	return buf;
}

/* 1-based number of the first line where a and b differ. */
static int first_diff_line(const char *a, const char *b)
{
	int line = 1;
	for (; *a && *a == *b; a++, b++)
		line += *a == '\n';
	return line;
}

void tu_golden(const char *rel, const char *got)
{
	char *path = tu_srcpath(rel);
	if (getenv("TATON_UPDATE_GOLDEN")) {
		FILE *f = fopen(path, "wb");
		if (!f || fputs(got, f) < 0 || fclose(f) != 0)
			fail_msg("cannot write %s", path);
		free(path);
		return;
	}
	char *want = tu_read_file(path);
	if (!want)
		fail_msg("missing golden file %s (TATON_UPDATE_GOLDEN=1 writes it)", path);
	if (strcmp(want, got) != 0) {
		print_error("%s differs from line %d on; got:\n%s\n", path,
			    first_diff_line(want, got), got);
		free(want);
		free(path);
		fail_msg("golden %s differs", rel);
	}
	free(want);
	free(path);
}

int tu_contains(const char *hay, const char *needle)
{
	return strstr(hay, needle) != NULL;
}

void tu_assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("expected \"%s\" in \"%s\"", needle, hay);
}

void tu_assert_rel(double want, double got, double tol, const char *file, int line)
{
	double scale = fabs(want) > 1e-300 ? fabs(want) : 1;
	if (!(fabs(got - want) <= tol * scale))
		fail_msg("%s:%d: want %.15g got %.15g (rel err %.3g > %.3g)", file, line, want,
			 got, fabs(got - want) / scale, tol);
}

static int index_of(const struct params *p, const char *name)
{
	int idx = params_find(p, name);
	if (idx < 0)
		fail_msg("no parameter '%s'", name);
	return idx;
}

void tu_set_num(struct params *p, const char *name, double v)
{
	struct err e;
	if (params_set_num(p, index_of(p, name), v, &e) < 0)
		fail_msg("%s", e.msg);
}

void tu_set_str(struct params *p, const char *name, const char *v)
{
	struct err e;
	if (params_set_str(p, index_of(p, name), v, &e) < 0)
		fail_msg("%s", e.msg);
}

void tu_set_table(struct params *p, const char *name, const double *a, int rows, int cols)
{
	struct err e;
	if (params_set_table(p, index_of(p, name), a, rows, cols, &e) < 0)
		fail_msg("%s", e.msg);
}

void tu_set(struct params *p, const char *name, const char *text)
{
	char *end;
	double v = strtod(text, &end);
	if (end != text && !*end)
		tu_set_num(p, name, v);
	else
		tu_set_str(p, name, text);
}

struct sim *tu_sim(const struct model_ops *ops, const struct params *p, uint64_t seed,
		   const char *dyn)
{
	struct learn_spec spec;
	struct err e;
	if (dyn && learn_parse(dyn, &spec, &e) < 0)
		fail_msg("%s", e.msg);
	struct sim *s = sim_new(ops, p, seed, dyn ? &spec : NULL, &e);
	if (!s)
		fail_msg("sim_new: %s", e.msg);
	return s;
}

void tu_steps(struct sim *s, long n)
{
	struct err e;
	for (long k = 0; k < n; k++)
		if (sim_step(s, &e) < 0)
			fail_msg("step %ld: %s", sim_n(s) + 1, e.msg);
}

static size_t column(const struct sim *s, const char *series)
{
	int c = series_col(&s->series, series);
	if (c < 0)
		fail_msg("no series '%s'", series);
	return (size_t)c;
}

double tu_last(const struct sim *s, const char *series)
{
	size_t c = column(s, series);
	return series_at(&s->series, s->series.nrows - 1, c);
}

double tu_at(const struct sim *s, const char *series, long row)
{
	size_t c = column(s, series);
	if (row < 0 || (size_t)row >= s->series.nrows)
		fail_msg("no row %ld of '%s' (%zu rows)", row, series, s->series.nrows);
	return series_at(&s->series, (size_t)row, c);
}

const char *tu_kv_get(const struct model_kv *kv, const char *key)
{
	for (size_t i = 0; i < kv->n; i++)
		if (strcmp(kv->key[i], key) == 0)
			return kv->val[i];
	fail_msg("describe has no '%s'", key);
	return NULL;
}

double tu_kv_num(const struct model_kv *kv, const char *key)
{
	const char *v = tu_kv_get(kv, key);
	char *end;
	double x = strtod(v, &end);
	if (end == v)
		fail_msg("describe's '%s' is not a number: '%s'", key, v);
	return x;
}

struct dist tu_dist(struct sim *s, const char *name)
{
	struct dist d;
	struct err e;
	memset(&d, 0, sizeof d);
	if (sim_dist(s, name, &d, &e) < 0)
		fail_msg("distribution %s: %s", name, e.msg);
	return d;
}

double tu_describe_num(struct sim *s, const char *key)
{
	struct model_kv kv = {0};
	sim_describe(s, &kv);
	double v = tu_kv_num(&kv, key);
	model_kv_fini(&kv);
	return v;
}

void tu_dmech_spec13(struct params *p, const char *mech)
{
	double th[7], sg[7];
	for (int i = 0; i < 7; i++) {
		th[i] = -(i + 1) / 2.0;
		sg[i] = 10 + i;
	}
	params_init(p, dmech_model_ops.params, dmech_model_ops.nparams);
	tu_set_str(p, "mechanism", mech);
	tu_set_num(p, "N", 7);
	tu_set_table(p, "theta", th, 7, 1);
	tu_set_table(p, "sigma", sg, 7, 1);
}

/* ---- independent references ---- */

/* Index of the largest of x[0..n) (the first of equals). */
static int argmax_first(const double *x, int n)
{
	int best = 0;
	for (int i = 1; i < n; i++)
		if (x[i] > x[best])
			best = i;
	return best;
}

double tu_fictitious_nashconv(const double *A, const double *B, int m, int n, int r0, int c0,
			      long steps)
{
	double *cr = calloc((size_t)m, sizeof *cr), *cc = calloc((size_t)n, sizeof *cc);
	double *ur = calloc((size_t)m, sizeof *ur), *uc = calloc((size_t)n, sizeof *uc);
	if (!cr || !cc || !ur || !uc)
		fail_msg("out of memory");
	cr[r0] = cc[c0] = 1;
	for (long t = 0; t <= steps; t++) {
		/* payoffs of each pure action against the other's counts */
		for (int i = 0; i < m; i++) {
			ur[i] = 0;
			for (int j = 0; j < n; j++)
				ur[i] += A[i * n + j] * cc[j];
		}
		for (int j = 0; j < n; j++) {
			uc[j] = 0;
			for (int i = 0; i < m; i++)
				uc[j] += B[i * n + j] * cr[i];
		}
		if (t == steps)
			break;
		cr[argmax_first(ur, m)] += 1;
		cc[argmax_first(uc, n)] += 1;
	}
	/* NashConv: (max_i (A y)_i - x'Ay) + (max_j (x'B)_j - x'By), y = cc / N, x = cr / N */
	double N = (double)steps + 1, xay = 0, xby = 0;
	for (int i = 0; i < m; i++)
		xay += cr[i] * ur[i];
	for (int j = 0; j < n; j++)
		xby += cc[j] * uc[j];
	double gain = (ur[argmax_first(ur, m)] * N - xay + uc[argmax_first(uc, n)] * N - xby) /
		      (N * N);
	free(cr);
	free(cc);
	free(ur);
	free(uc);
	return gain;
}
