/* model: the registry of built-in models and small helpers shared by implementations
 * (allocation, derived-quantity lines, norms). Neighbours: models/ (the classes), sim. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "core/models/models.h"
#include "core/xmalloc.h"

/* Adding a model: one file in models/ and one line here. */
const struct model_ops *const model_registry[] = {
	&mfg_model_ops,
	&dmech_model_ops,
	&nfg_model_ops,
	&affine_model_ops,
	NULL,
};

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
	free(m);
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

static void kv_push(struct model_kv *kv, const char *key, char *val)
{
	if (kv->n == kv->cap) {
		kv->cap = kv->cap ? 2 * kv->cap : 16;
		kv->key = xreallocarray(kv->key, kv->cap, sizeof *kv->key);
		kv->val = xreallocarray(kv->val, kv->cap, sizeof *kv->val);
	}
	kv->key[kv->n] = xstrdup(key);
	kv->val[kv->n] = val;
	kv->n++;
}

void model_kv_add(struct model_kv *kv, const char *key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *val = xvasprintf(fmt, ap);
	va_end(ap);
	kv_push(kv, key, val);
}

void model_kv_num(struct model_kv *kv, const char *key, double v)
{
	char buf[64];
	param_fmt_double(buf, sizeof buf, v);
	kv_push(kv, key, xstrdup(buf));
}

void model_kv_fini(struct model_kv *kv)
{
	for (size_t i = 0; i < kv->n; i++) {
		free(kv->key[i]);
		free(kv->val[i]);
	}
	free(kv->key);
	free(kv->val);
	memset(kv, 0, sizeof *kv);
}
