/* trace: a history of rows of a few doubles kept for plotting, thinned so it stays
 * bounded: every row while there is room; when `max` rows are held, every other one is
 * dropped and from then on every second step is recorded (then every fourth ...), so a
 * long run keeps an even sample of its whole history. Neighbours: models that plot a path
 * over the steps (nfg's mixed strategies). */
#ifndef TATON_TRACE_H
#define TATON_TRACE_H

#include <stddef.h>

struct trace {
	size_t width;   /* doubles per row */
	size_t max;     /* rows kept at most (even, >= 2) */
	size_t n, cap;  /* rows held, allocated */
	size_t stride;  /* record every stride-th push */
	size_t count;   /* pushes so far */
	double *v;      /* n rows (owned) */
	long *step;     /* their steps (owned) */
};

void trace_init(struct trace *t, size_t width, size_t max);
void trace_fini(struct trace *t);
/* Records row (width doubles, copied) at `step` when the thinning keeps it. */
void trace_push(struct trace *t, long step, const double *row);

#endif
