/* ui_worker: the explorer's one worker thread, which runs a model computation (a
 * session_job) while the terminal thread keeps reading keys and painting.
 *
 * Ownership: between ui_worker_start and the moment ui_worker_poll reports the job done,
 * the job's fn and everything it names belong to the worker thread; the caller touches
 * none of it (for a job that lends the runs, not even the runs' series) and learns of the
 * end through ui_worker_fd (readable then) and ui_worker_poll. The cancel flag is the only
 * thing both threads touch meanwhile: it is bound to the worker thread (core/cancel) for
 * the job, so models that poll cancel_requested() stop early when the caller, or a signal
 * handler, sets it (ui_worker_cancel, ui_worker_cancel_flag). One job at a time.
 * The worker thread blocks the signals the terminal thread handles.
 * Neighbours: session (the jobs), tui (the loop that waits), core/cancel. */
#ifndef TATON_UI_WORKER_H
#define TATON_UI_WORKER_H

#include <stdatomic.h>
#include "cli/session.h"
#include "core/err.h"

struct ui_worker;

/* Starts the thread. NULL when the system cannot (the caller then computes inline). */
struct ui_worker *ui_worker_new(void);
/* Cancels and waits for a job in progress, then ends the thread. NULL is a no-op. */
void ui_worker_free(struct ui_worker *w);
/* Hands job j (copied; what fn's arg points to is borrowed until the job is done) to the
 * thread, with the cancel flag cleared. The worker must be idle. */
void ui_worker_start(struct ui_worker *w, const struct session_job *j);
/* 1 when the job is done: *rc and *e get fn's result (the worker is idle again); 0 while
 * it runs. */
int ui_worker_poll(struct ui_worker *w, int *rc, struct err *e);
/* Waits up to `timeout` seconds for the job to end; the same result as ui_worker_poll. */
int ui_worker_wait(struct ui_worker *w, double timeout, int *rc, struct err *e);
/* A descriptor that becomes readable when a job ends (for poll() with the terminal). */
int ui_worker_fd(const struct ui_worker *w);
/* Asks the running job to stop (models that poll cancel_requested() stop early). */
void ui_worker_cancel(struct ui_worker *w);
/* The flag itself, for a signal handler (an atomic store is async-signal-safe). */
atomic_int *ui_worker_cancel_flag(struct ui_worker *w);
/* Whether a job is in progress (started and not yet reported by poll). */
int ui_worker_busy(const struct ui_worker *w);

#endif
