/* model: the registry of built-in models and small helpers shared by implementations
 * (allocation, derived-quantity lines, norms). Neighbours: models/ (the classes), sim. */
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "core/models/models.h"
#include "core/xmalloc.h"

/* Adding a model: one file in models/, its .mk fragment, one line in MODEL_LIST. */
#define MODEL_ENTRY(name) &name##_model_ops,
const struct model_ops *const model_registry[] = { MODEL_LIST(MODEL_ENTRY) NULL };
#undef MODEL_ENTRY

const struct model_ops *model_find(const char *name)
{
	for (size_t i = 0; model_registry[i]; i++)
		if (strcmp(model_registry[i]->name, name) == 0)
			return model_registry[i];
	return NULL;
}

const struct model_ops *model_lookup(const char *name, struct err *e)
{
	const struct model_ops *ops = model_find(name);
	if (ops)
		return ops;
	char known[sizeof e->msg] = "";
	for (size_t i = 0; model_registry[i]; i++) {
		size_t len = strlen(known);
		snprintf(known + len, sizeof known - len, "%s%s", i ? ", " : "",
			 model_registry[i]->name);
	}
	err_set(e, "unknown model '%s'; known: %s", name, known);
	return NULL;
}

int model_ops_has_series(const struct model_ops *ops, const char *name)
{
	for (size_t i = 0; i < ops->nseries; i++) {
		const char *s = ops->series[i].name;
		size_t len = strlen(s);
		if (strcmp(s, name) == 0)
			return 1;
		if ((ops->series[i].flags & SERIES_F_PER_TYPE) && strncmp(s, name, len) == 0 &&
		    name[len] == '_' && name[len + 1] >= '1' && name[len + 1] <= '9' &&
		    strspn(name + len + 1, "0123456789") == strlen(name + len + 1))
			return 1;
	}
	return 0;
}

struct model *model_alloc(const struct model_ops *ops, const struct model_vt *vt, void *self)
{
	struct model *m = xcalloc(1, sizeof *m);
	m->ops = ops;
	m->vt = vt;
	m->self = self;
	m->norm = MODEL_NORM_MAX;
	return m;
}

void model_free(struct model *m)
{
	if (!m)
		return;
	if (m->vt && m->vt->destroy)
		m->vt->destroy(m);
	free(m->series_ref);
	free(m);
}

static long series_index(const struct model *m, const char *name)
{
	size_t n;
	const struct model_series_desc *d = model_series(m, &n);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(d[i].name, name))
			return (long)i;
	return -1;
}

void model_set_ref(struct model *m, const char *name, double v)
{
	size_t n;
	model_series(m, &n);
	long i = series_index(m, name);
	assert(i >= 0);
	if (!m->series_ref) {
		m->series_ref = xmallocarray(n, sizeof *m->series_ref);
		for (size_t k = 0; k < n; k++)
			m->series_ref[k] = NAN;
	}
	m->series_ref[i] = v;
}

double model_series_ref(const struct model *m, const char *name)
{
	long i = m->series_ref ? series_index(m, name) : -1;
	return i >= 0 ? m->series_ref[i] : NAN;
}

void model_warn(struct model *m, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(m->warning, sizeof m->warning, fmt, ap);
	va_end(ap);
	m->nwarnings++;
}

double model_norm_diff(enum model_norm norm, const double *a, const double *b, size_t dim)
{
	double acc = 0;
	for (size_t i = 0; i < dim; i++) {
		double d = fabs(a[i] - b[i]);
		if (norm == MODEL_NORM_MAX) {
			if (d > acc || isnan(d))
				acc = d;
		} else {
			acc += d * d;
		}
	}
	return norm == MODEL_NORM_MAX ? acc : sqrt(acc);
}

static void kv_push(struct model_kv *kv, const char *key, char *val, double *num,
		    size_t nnum, size_t ncols)
{
	if (kv->n == kv->cap) {
		kv->cap = kv->cap ? 2 * kv->cap : 16;
		kv->key = xreallocarray(kv->key, kv->cap, sizeof *kv->key);
		kv->val = xreallocarray(kv->val, kv->cap, sizeof *kv->val);
		kv->num = xreallocarray(kv->num, kv->cap, sizeof *kv->num);
		kv->nnum = xreallocarray(kv->nnum, kv->cap, sizeof *kv->nnum);
		kv->ncols = xreallocarray(kv->ncols, kv->cap, sizeof *kv->ncols);
	}
	kv->key[kv->n] = xstrdup(key);
	kv->val[kv->n] = val;
	kv->num[kv->n] = num;
	kv->nnum[kv->n] = nnum;
	kv->ncols[kv->n] = ncols;
	kv->n++;
}

void model_kv_add(struct model_kv *kv, const char *key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *val = xvasprintf(fmt, ap);
	va_end(ap);
	kv_push(kv, key, val, NULL, 0, 0);
}

/* Numbers as text: a scalar, a Lua list, or a Lua list of lists (ncols > 0). */
static char *format_nums(const double *x, size_t n, size_t ncols, int vector, int digits)
{
	size_t cap = 4 + n * 32 + (ncols ? 4 * (n / ncols + 1) : 0), len = 0; /* "{}" and NUL */
	char *out = xmalloc(cap), num[48];
	size_t per = ncols ? ncols : n;
	if (vector)
		out[len++] = '{';
	for (size_t i = 0; i < n; i++) {
		if (digits > 0)
			snprintf(num, sizeof num, "%.*g", digits, x[i]);
		else
			param_fmt_double(num, sizeof num, x[i]);
		const char *open = ncols && i % per == 0 ? "{" : "";
		const char *sep = i == 0 ? "" : ncols && i % per == 0 ? "}, " : ", ";
		len += (size_t)snprintf(out + len, cap - len, "%s%s%s", sep, open, num);
	}
	if (ncols && n > 0)
		out[len++] = '}';
	if (vector)
		out[len++] = '}';
	out[len] = '\0';
	return out;
}

static void kv_push_nums(struct model_kv *kv, const char *key, const double *x, size_t n,
			 size_t ncols, int vector)
{
	double *copy = xmallocarray(n ? n : 1, sizeof *copy);
	if (n) /* an empty vector may come as NULL */
		memcpy(copy, x, n * sizeof *x);
	kv_push(kv, key, format_nums(x, n, ncols, vector, 0), copy, n, vector ? ncols : SIZE_MAX);
}

void model_kv_num(struct model_kv *kv, const char *key, double v)
{
	kv_push_nums(kv, key, &v, 1, 0, 0);
}

void model_kv_vec(struct model_kv *kv, const char *key, const double *x, size_t n)
{
	kv_push_nums(kv, key, x, n, 0, 1);
}

void model_kv_mat(struct model_kv *kv, const char *key, const double *x, size_t rows,
		  size_t cols)
{
	kv_push_nums(kv, key, x, rows * cols, cols, 1);
}

char *model_kv_text(const struct model_kv *kv, size_t i, int digits)
{
	if (!kv->num[i] || digits <= 0)
		return xstrdup(kv->val[i]);
	int scalar = kv->ncols[i] == SIZE_MAX;
	return format_nums(kv->num[i], kv->nnum[i], scalar ? 0 : kv->ncols[i], !scalar, digits);
}

void model_kv_fini(struct model_kv *kv)
{
	for (size_t i = 0; i < kv->n; i++) {
		free(kv->key[i]);
		free(kv->val[i]);
		free(kv->num[i]);
	}
	free(kv->key);
	free(kv->val);
	free(kv->num);
	free(kv->nnum);
	free(kv->ncols);
	memset(kv, 0, sizeof *kv);
}
