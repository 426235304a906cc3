/* ui_worker: one thread, one job at a time (see worker.h). A mutex and a condition
 * variable hand the job over and back; a pipe tells the terminal loop's poll() that a job
 * ended. Limits: a job that never polls the cancel flag runs to its end; freeing the
 * worker then waits for it. Neighbours: session, tui, core/cancel. */
#include "ui/worker.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core/cancel.h"
#include "core/xmalloc.h"

enum state { IDLE, QUEUED, RUNNING, DONE };

struct ui_worker {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int pipe[2];
	enum state state;
	int quit;
	struct session_job job;
	int rc;
	struct err e;
	atomic_int cancel;
};

static void *thread_main(void *arg)
{
	struct ui_worker *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (w->state != QUEUED && !w->quit)
			pthread_cond_wait(&w->cv, &w->mu);
		if (w->quit)
			break;
		w->state = RUNNING;
		struct session_job j = w->job;
		pthread_mutex_unlock(&w->mu);
		struct err e = { { 0 } };
		cancel_bind(&w->cancel);
		int rc = j.fn(j.arg, &e);
		cancel_bind(NULL);
		pthread_mutex_lock(&w->mu);
		w->rc = rc;
		w->e = e;
		w->state = DONE;
		pthread_cond_broadcast(&w->cv);
		char b = 1;
		while (write(w->pipe[1], &b, 1) < 0 && errno == EINTR)
			;
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

struct ui_worker *ui_worker_new(void)
{
	struct ui_worker *w = xcalloc(1, sizeof *w);
	if (pipe(w->pipe) < 0) {
		free(w);
		return NULL;
	}
	for (int i = 0; i < 2; i++) {
		fcntl(w->pipe[i], F_SETFD, FD_CLOEXEC);
		fcntl(w->pipe[i], F_SETFL, O_NONBLOCK);
	}
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	atomic_init(&w->cancel, 0);
	/* Signals go to the terminal thread: its poll() returns at once. */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	int rc = pthread_create(&w->th, NULL, thread_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		close(w->pipe[0]);
		close(w->pipe[1]);
		pthread_mutex_destroy(&w->mu);
		pthread_cond_destroy(&w->cv);
		free(w);
		return NULL;
	}
	return w;
}

void ui_worker_free(struct ui_worker *w)
{
	if (!w)
		return;
	atomic_store(&w->cancel, 1);
	pthread_mutex_lock(&w->mu);
	while (w->state == QUEUED || w->state == RUNNING)
		pthread_cond_wait(&w->cv, &w->mu);
	w->quit = 1;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->th, NULL);
	close(w->pipe[0]);
	close(w->pipe[1]);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	free(w);
}

void ui_worker_start(struct ui_worker *w, const struct session_job *j)
{
	pthread_mutex_lock(&w->mu);
	w->job = *j;
	w->state = QUEUED;
	atomic_store(&w->cancel, 0);
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

/* Drains the pipe's notifications. */
static void drain(struct ui_worker *w)
{
	char buf[16];
	while (read(w->pipe[0], buf, sizeof buf) > 0)
		;
}

int ui_worker_poll(struct ui_worker *w, int *rc, struct err *e)
{
	pthread_mutex_lock(&w->mu);
	int done = w->state == DONE;
	if (done) {
		*rc = w->rc;
		if (e)
			*e = w->e;
		w->state = IDLE;
		drain(w);
	}
	pthread_mutex_unlock(&w->mu);
	return done;
}

int ui_worker_wait(struct ui_worker *w, double timeout, int *rc, struct err *e)
{
	if (ui_worker_poll(w, rc, e))
		return 1;
	struct pollfd pfd = { .fd = w->pipe[0], .events = POLLIN };
	int ms = timeout <= 0 ? 0 : (int)(timeout * 1000 + 0.5);
	if (poll(&pfd, 1, ms) < 0 && errno != EINTR)
		return 0;
	return ui_worker_poll(w, rc, e);
}

int ui_worker_fd(const struct ui_worker *w)
{
	return w->pipe[0];
}

void ui_worker_cancel(struct ui_worker *w)
{
	atomic_store(&w->cancel, 1);
}

atomic_int *ui_worker_cancel_flag(struct ui_worker *w)
{
	return &w->cancel;
}

int ui_worker_busy(const struct ui_worker *w)
{
	struct ui_worker *m = (struct ui_worker *)w;
	pthread_mutex_lock(&m->mu);
	int busy = w->state != IDLE;
	pthread_mutex_unlock(&m->mu);
	return busy;
}
