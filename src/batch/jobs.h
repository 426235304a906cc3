/* jobs: runs the tasks 0 .. n-1 of a sweep in worker processes and gathers what each task
 * wrote by its index, so the caller writes the results in task order whatever the number of
 * workers (the bytes of `taton sweep` do not depend on --jobs).
 *
 * Workers pull the next task index from a counter in memory they share, so a slow task
 * holds up only its own worker while the others take the next ones (no static share to wait
 * for). Each worker appends each task's result to one temporary file as soon as the task is
 * done, at a place it claims in shared memory, so gathering costs the parent nothing while
 * the tasks run and only the caller's final write is left at the end. With one worker the
 * tasks run in the calling process. The first failing task stops every worker from taking
 * more (one worker stops at it too; later tasks under way may give up, jobs_abandoned), and
 * its error message, not said by the task, is handed to the caller: the error is said once
 * whatever the number of workers, and it is the error of the first task that fails, as with
 * one worker (a task is taken only after every task before it was, and those run to their
 * end). Neighbours: batch (the sweep and its CSV), csv (the atomic write of the result). */
#ifndef TATON_JOBS_H
#define TATON_JOBS_H

#include <stdio.h>
#include <sys/types.h>

/* The gathered results of tasks 0 .. n-1. */
struct jobs {
	long n;
	char **notes; /* per task: its note, NULL when none (owned) */
	off_t *off;   /* per task: where its block starts in spill */
	size_t *len;  /* per task: its block's size */
	FILE *spill;  /* the blocks, in the order they arrived (owned) */
	const char *map; /* spill mapped, for copying blocks without a read each (NULL: read) */
	size_t mapped;   /* its size */
	pid_t pid;    /* worker 0, not yet waited for (0: none) */
	long failed;  /* the first failing task (-1: none) */
	char *error;  /* its message (owned; NULL: none, or it could not be kept) */
	int died;     /* its worker died running it: 1 + the signal that ended it (1: an exit;
		       * 0: it did not die) */
};

/* Task i: writes its block to f and sets *note to a malloc'd string or NULL. Returns 0, or
 * an exit status (1 or 2) with *note its error message (not yet said). */
typedef int (*jobs_task_fn)(void *ctx, long i, FILE *f, char **note);

/* Runs tasks 0 .. n-1 (n >= 1) in `workers` processes (1: in this one; more than n: n).
 * Returns 0 with j holding every task's result, or the exit status of the first failure:
 * that of the first failing task (j->failed, j->error: the caller says it), else 1 for a
 * worker that could not start or ended without finishing (said on standard error here);
 * j then holds no results. A worker that dies (a crash, a kill) is noticed as it dies: the
 * task it was running fails with j->died set (the caller says it), the other workers take
 * no more tasks, and those under way after it give up (jobs_abandoned; all of them if it
 * died between tasks). In a worker process it returns that worker's exit status with
 * *worker set and j empty: the caller leaves by its normal path (nothing the worker holds
 * leaks). j needs jobs_fini in every case. */
int jobs_run(struct jobs *j, long n, long workers, jobs_task_fn task, void *ctx, int *worker);
/* In a task run by jobs_run: whether task i's result can no longer be used, an earlier task
 * having failed (the first failing task's error is the one reported). A long task may ask
 * as it goes and give up: what it returns then is ignored. 0 outside jobs_run. */
int jobs_abandoned(long i);
/* Copies task i's block to out: all of it when `whole`, else all but its first line. 0, or
 * -1 when the temporary file cannot be read back. */
int jobs_copy_block(const struct jobs *j, long i, FILE *out, int whole);
/* Frees the results and waits for the workers: those that sent all they had may still be
 * freeing what they hold while the caller writes. */
void jobs_fini(struct jobs *j);
/* Sends sig to the running workers of this process. Async-signal-safe: for a handler of a
 * signal that ends the program. */
void jobs_kill(int sig);

#endif
