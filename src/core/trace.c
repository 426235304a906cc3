/* trace: a thinned history of rows (see trace.h). Limits: thinning halves the resolution
 * of the whole history at once. Neighbours: nfg. */
#include "core/trace.h"

#include <stdlib.h>
#include <string.h>
#include "core/xmalloc.h"

void trace_init(struct trace *t, size_t width, size_t max)
{
	memset(t, 0, sizeof *t);
	t->width = width;
	t->max = max < 2 ? 2 : max & ~(size_t)1;
	t->stride = 1;
}

void trace_fini(struct trace *t)
{
	free(t->v);
	free(t->step);
	memset(t, 0, sizeof *t);
}

void trace_push(struct trace *t, long step, const double *row)
{
	if (t->width == 0 || t->count++ % t->stride)
		return;
	if (t->n == t->max) { /* keep every other row, record half as often */
		for (size_t r = 0; r < t->max / 2; r++) {
			memmove(t->v + r * t->width, t->v + 2 * r * t->width,
				t->width * sizeof *t->v);
			t->step[r] = t->step[2 * r];
		}
		t->n = t->max / 2;
		t->stride *= 2;
		t->count = 1;
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->v = xreallocarray(t->v, t->cap * t->width, sizeof *t->v);
		t->step = xreallocarray(t->step, t->cap, sizeof *t->step);
	}
	memcpy(t->v + t->n * t->width, row, t->width * sizeof *row);
	t->step[t->n++] = step;
}
