/* cancel: cooperative cancellation of long model computations. A front end that runs a
 * computation it may abandon (a model rebuilt after a parameter change, a derived curve of
 * many solves) binds a flag to the thread that computes (cancel_bind) and sets it from
 * elsewhere (another thread, a signal handler); long loops of the model library poll
 * cancel_requested() and stop early when it is set. A computation that stopped early has
 * no meaningful result and its caller discards it, so a model must never keep (cache) a
 * result computed while cancel_requested() is true. A thread with no flag bound (every
 * headless run) is never cancelled. Pure C11 (stdatomic, _Thread_local); no thread is
 * created here and nothing waits. Neighbours: models (poll it: mfg_solve, mfg), the
 * explorer's worker (ui/worker: binds and sets the flag). */
#ifndef TATON_CANCEL_H
#define TATON_CANCEL_H

#include <stdatomic.h>

/* Binds flag (borrowed until unbound; NULL unbinds) to the calling thread. */
void cancel_bind(atomic_int *flag);
/* True when the flag bound to the calling thread is set. Cheap: poll it once per sweep. */
int cancel_requested(void);

#endif
