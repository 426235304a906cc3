/* cancel: the per-thread cancellation flag (see cancel.h). Limits: one flag per thread;
 * setting it is async-signal-safe (a lock-free atomic store). Neighbours: models, ui/worker. */
#include "core/cancel.h"

#include <stddef.h>

static _Thread_local atomic_int *bound;

void cancel_bind(atomic_int *flag)
{
	bound = flag;
}

int cancel_requested(void)
{
	return bound && atomic_load_explicit(bound, memory_order_relaxed) != 0;
}
