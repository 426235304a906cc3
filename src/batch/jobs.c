/* jobs: tasks run by worker processes, their results gathered by index (see jobs.h). The workers
 * share an anonymous mapping: the counter they take task indices from, the size of the temporary
 * file, a slot per task saying where its result lies in that file, and how each worker ended
 * (lock-free atomics are address-free, so they work across processes). A worker appends a result
 * by claiming its bytes with one atomic add and writing them there (pwrite, so the workers share
 * the file without sharing an offset); the parent does no work per task, and maps the file to copy
 * the results out. A failing task's message is kept the same way, and the first failing task's
 * index in the mapping (an atomic minimum), so the parent says one error, the first run's,
 * whatever the number of workers. The workers start as a tree: the parent forks worker 0, and a
 * worker given the workers [a, b) forks worker mid for [mid, b) and keeps [a, mid), halving until
 * it is alone, so no process forks more than log2(J) + 1 times and the last worker starts after
 * about that many forks, not J. Each process waits for the workers it forked, and reaps one that
 * ends early at once (SIGCHLD): a worker that dies without saying how it ended (a crash, a kill)
 * is reported in the mapping as the failure of the task it was taking, so the sweep stops and
 * names that run instead of running to its end and failing without a word. All workers hold the
 * write end of one pipe and close it once they have said how they ended, before they free what
 * they hold: its end tells the parent that every worker is done, so the parent writes the results
 * while the workers tear themselves down. Neighbours: batch (the sweep). */
#include <assert.h>
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "batch/jobs.h"
#include "core/xmalloc.h"

#if ATOMIC_LONG_LOCK_FREE != 2 || ATOMIC_INT_LOCK_FREE != 2 || ATOMIC_LLONG_LOCK_FREE != 2
#error "the workers share counters in memory: lock-free atomics are needed"
#endif
#ifndef MAP_ANONYMOUS
#define MAP_ANONYMOUS MAP_ANON
#endif

#define COPY_SIZE 65536

/* Where task i's result lies in the temporary file: its note, then its block (a failed
 * task: its error message, no block). */
struct slot {
	long long off; /* -1: not done */
	size_t nlen, blen;
	int status;    /* the task's exit status */
	int died;      /* the worker taking it died: 1 + the signal that ended it (1: an exit) */
};

/* A worker: its pid once started, the task it is taking, and how it ended. */
struct ending {
	pid_t pid;
	int ended, status;
	long task; /* the task under way (-1: none) */
	int died;  /* it died without saying how it ended: 1 + its signal (1: an exit) */
};

/* The mapping the workers share: this, then an ending per worker, then a slot per task. */
struct shared {
	atomic_long next;  /* the next task to take */
	atomic_llong end;  /* the size of the temporary file */
	atomic_int stop;   /* a task failed: take no more */
	atomic_long failed; /* the first failing task (n: none) */
	atomic_int dead;   /* a worker died between tasks: every task under way gives up */
	long n, workers;
	size_t slots_at;   /* where the slots start, from the mapping's start (aligned) */
	size_t size;       /* of the whole mapping */
};

static struct ending *endings(struct shared *sh)
{
	return (struct ending *)(sh + 1);
}

static struct slot *slots(struct shared *sh)
{
	return (struct slot *)((char *)sh + sh->slots_at);
}

/* The parent's running workers, for jobs_kill (NULL: none, or this is a worker). */
static struct shared *volatile live;
/* The tasks this process is taking (NULL: none), for jobs_abandoned. */
static struct shared *taking;

/* The workers this process forked, with the first worker index each stands for, until they
 * are reaped: by on_child as soon as one ends, or at the end. SIGCHLD is blocked while the
 * list changes. `watched` is the mapping a death is reported to (NULL once it is gone). */
static struct kid {
	pid_t pid; /* 0: reaped */
	long m;
} kids[8 * sizeof(long) + 1];
static int nkids;
static struct shared *volatile watched;
static struct sigaction chld_saved;

int jobs_abandoned(long i)
{
	return taking && (atomic_load(&taking->failed) < i || atomic_load(&taking->dead));
}

void jobs_kill(int sig)
{
	struct shared *sh = live;
	if (!sh)
		return;
	atomic_store(&sh->stop, 1);
	for (long k = 0; k < sh->workers; k++)
		if (endings(sh)[k].pid > 0 && !endings(sh)[k].ended)
			kill(endings(sh)[k].pid, sig);
}

/* Lowers the first failing task to i (its slot is written before, so whoever reads `failed`
 * finds it). Async-signal-safe. */
static void lower_failed(struct shared *sh, long i)
{
	long first = atomic_load(&sh->failed);
	while (i < first && !atomic_compare_exchange_weak(&sh->failed, &first, i))
		;
}

/* Worker m ended with wait status st. One that did not say how it ended died (a crash, a
 * kill): the task it was taking fails with that, and every worker stops taking tasks.
 * Async-signal-safe. */
static void ended_as(struct shared *sh, long m, int st)
{
	struct ending *x = &endings(sh)[m];
	if (x->ended)
		return;
	x->died = 1 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	x->status = 1;
	x->ended = 1;
	atomic_store(&sh->stop, 1);
	if (x->task < 0) {
		atomic_store(&sh->dead, 1);
		return;
	}
	slots(sh)[x->task] = (struct slot){ -1, 0, 0, 1, x->died };
	lower_failed(sh, x->task);
}

/* SIGCHLD: reaps the workers of this process that ended and reports a death at once, so the
 * others stop instead of running the sweep to its end. */
static void on_child(int sig)
{
	(void)sig;
	int saved = errno, st;
	for (int k = 0; k < nkids; k++) {
		if (kids[k].pid <= 0 || waitpid(kids[k].pid, &st, WNOHANG) != kids[k].pid)
			continue;
		kids[k].pid = 0;
		if (watched)
			ended_as(watched, kids[k].m, st);
	}
	errno = saved;
}

static void chld_block(int how)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(how, &set, NULL);
}

/* Keeps pid, just forked, as worker m of this process. */
static void kid_add(pid_t pid, long m)
{
	chld_block(SIG_BLOCK);
	kids[nkids++] = (struct kid){ pid, m };
	chld_block(SIG_UNBLOCK);
}

/* Waits for every worker this process forked that was not reaped yet; reports deaths while
 * the mapping is there. */
static void kids_reap(void)
{
	chld_block(SIG_BLOCK);
	for (int k = 0; k < nkids; k++) {
		int st = 0;
		while (kids[k].pid > 0 && waitpid(kids[k].pid, &st, 0) < 0 && errno == EINTR)
			;
		if (kids[k].pid > 0 && watched)
			ended_as(watched, kids[k].m, st);
		kids[k].pid = 0;
	}
	nkids = 0;
	chld_block(SIG_UNBLOCK);
}

static int fail_errno(const char *what)
{
	fprintf(stderr, "taton: sweep: %s: %s\n", what, strerror(errno));
	return 1;
}

static struct shared *shared_new(long n, long workers)
{
	size_t align = _Alignof(struct slot);
	size_t at = (sizeof(struct shared) + (size_t)workers * sizeof(struct ending) + align - 1) /
		    align * align;
	size_t size = at + (size_t)n * sizeof(struct slot);
	struct shared *sh = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
				 -1, 0);
	if (sh == MAP_FAILED)
		return NULL;
	atomic_init(&sh->next, 0);
	atomic_init(&sh->end, 0);
	atomic_init(&sh->stop, 0);
	atomic_init(&sh->dead, 0);
	atomic_init(&sh->failed, n);
	sh->n = n;
	sh->workers = workers;
	sh->slots_at = at;
	sh->size = size;
	for (long k = 0; k < workers; k++)
		endings(sh)[k] = (struct ending){ .task = -1 };
	for (long i = 0; i < n; i++)
		slots(sh)[i].off = -1;
	return sh;
}

/* ---- in a worker (or in this process for one job) -------------------------------------- */

static int pwrite_all(int fd, const char *p, size_t len, long long off)
{
	while (len > 0) {
		ssize_t k = pwrite(fd, p, len, (off_t)off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		len -= (size_t)k;
		off += k;
	}
	return 0;
}

/* Appends task i's note and block to the file and fills its slot. */
static int put(struct shared *sh, int fd, long i, const char *note, const char *block,
	       size_t blen, int status)
{
	size_t nlen = note ? strlen(note) : 0;
	long long off = atomic_fetch_add(&sh->end, (long long)(nlen + blen));
	if (pwrite_all(fd, note, nlen, off) < 0 || pwrite_all(fd, block, blen, off + nlen) < 0)
		return fail_errno("cannot keep a run's result in a temporary file");
	slots(sh)[i] = (struct slot){ off, nlen, blen, status, 0 };
	return 0;
}

/* Task i failed with status rc and message msg: keeps them, and lowers the first failing
 * task to i. */
static void put_failure(struct shared *sh, int fd, long i, const char *msg, int rc)
{
	if (put(sh, fd, i, msg ? msg : "", NULL, 0, rc) != 0)
		slots(sh)[i] = (struct slot){ -1, 0, 0, rc, 0 }; /* the message is lost */
	lower_failed(sh, i);
}

/* Takes tasks until none is left or one failed; says how it ended in endings[k]. */
static int work(struct shared *sh, long k, int fd, jobs_task_fn task, void *ctx)
{
	int rc = 0;
	taking = sh;
	while (rc == 0 && !atomic_load(&sh->stop)) {
		long i = atomic_fetch_add(&sh->next, 1);
		if (i >= sh->n)
			break;
		endings(sh)[k].task = i;
		char *block = NULL, *note = NULL;
		size_t size = 0;
		FILE *mem = open_memstream(&block, &size);
		rc = task(ctx, i, mem, &note);
		fclose(mem);
		if (rc)
			put_failure(sh, fd, i, note, rc);
		else
			rc = put(sh, fd, i, note, block, size, 0);
		endings(sh)[k].task = -1;
		free(note);
		free(block);
	}
	taking = NULL;
	if (rc)
		atomic_store(&sh->stop, 1);
	endings(sh)[k].status = rc;
	endings(sh)[k].ended = 1;
	return rc;
}

/* Just forked as worker a of the workers [a, b): forks the upper halves, works, closes the
 * pipe, waits for what it forked. Returns its status. */
static int worker_tree(struct shared *sh, long a, long b, int fd, int out, jobs_task_fn task,
		       void *ctx)
{
	int rc = 0;
	for (;;) {
		live = NULL; /* a worker's signal ends only itself (and what it forked, below) */
#ifdef __linux__
		prctl(PR_SET_PDEATHSIG, SIGTERM); /* it ends with its parent */
		if (getppid() == 1)
			_exit(1);
#endif
		endings(sh)[a].pid = getpid();
		long mid = a + (b - a + 1) / 2;
		pid_t pid = b - a > 1 ? fork() : 1;
		if (pid == 0) {
			a = mid;
			nkids = 0; /* the forker's workers are not this one's */
			continue;
		}
		if (pid < 0) {
			rc = fail_errno("cannot start a job");
			atomic_store(&sh->stop, 1);
			for (long m = mid; m < b; m++)
				endings(sh)[m] = (struct ending){ .ended = 1, .status = 1, .task = -1 };
			break;
		}
		if (b - a <= 1)
			break;
		kid_add(pid, mid);
		b = mid;
	}
	int wrc = work(sh, a, fd, task, ctx);
	close(out); /* the parent may write the results once every worker has done so */
	kids_reap(); /* each said how it ended, or its death was reported */
	return rc ? rc : wrc;
}

/* ---- in the parent --------------------------------------------------------------------- */

/* Waits until every worker has closed the pipe: done, or gone. */
static void wait_done(int in)
{
	char c;
	while (read(in, &c, 1) < 0 && errno == EINTR)
		;
	close(in);
}

/* Whether every worker said how it ended (or its death was reported). */
static int all_ended(struct shared *sh)
{
	for (long k = 0; k < sh->workers; k++)
		if (!endings(sh)[k].ended)
			return 0;
	return 1;
}

/* The first failure the workers report: the first failing task's status, else 1 for a
 * worker that failed, died between tasks, or did not say (0: none). A death between tasks
 * is said here: no task's error says it. */
static int verdict(struct shared *sh)
{
	long i = atomic_load(&sh->failed);
	if (i < sh->n)
		return slots(sh)[i].status;
	for (long k = 0; k < sh->workers; k++) {
		const struct ending *x = &endings(sh)[k];
		if (x->died > 1)
			fprintf(stderr, "taton: sweep: a worker process died between runs: %s\n",
				strsignal(x->died - 1));
		else if (x->died || !x->ended)
			fprintf(stderr, "taton: sweep: a worker process ended without finishing\n");
		if (!x->ended || x->status)
			return x->ended ? x->status : 1;
	}
	return 0;
}

/* Reports each worker's death as soon as it happens (on_child, inherited by the workers,
 * which fork the rest). */
static void watch_children(struct shared *sh)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_child;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	watched = sh;
	sigaction(SIGCHLD, &sa, &chld_saved);
}

/* Starts the workers and waits until they are done. In a worker, returns its status with
 * *worker set. */
static int run_workers(struct jobs *j, struct shared *sh, jobs_task_fn task, void *ctx,
		       int *worker)
{
	int p[2];
	pid_t pid = -1;
	fflush(stdout);
	fflush(stderr);
	live = sh;
	watch_children(sh);
	if (pipe(p) == 0 && (pid = fork()) < 0) {
		int saved = errno;
		close(p[0]);
		close(p[1]);
		errno = saved;
	}
	if (pid < 0)
		return fail_errno("cannot start a job");
	if (pid == 0) {
		close(p[0]);
		*worker = 1;
		return worker_tree(sh, 0, sh->workers, fileno(j->spill), p[1], task, ctx);
	}
	close(p[1]);
	kid_add(pid, 0);
	j->pid = pid;
	wait_done(p[0]);
	if (!all_ended(sh))
		kids_reap(); /* the workers record how those they forked died before they end */
	return verdict(sh);
}

/* Maps the temporary file, so the blocks are copied from memory, without a read for each
 * (a sweep of hundreds of runs writes as many blocks). Reads stay the way when it fails. */
static void results_map(struct jobs *j, struct shared *sh)
{
	size_t size = (size_t)atomic_load(&sh->end);
	if (size == 0)
		return;
	void *m = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fileno(j->spill), 0);
	if (m == MAP_FAILED)
		return;
	j->map = m;
	j->mapped = size;
}

/* Reads the notes back and keeps where the blocks are. */
static int results_take(struct jobs *j, struct shared *sh)
{
	j->n = sh->n;
	j->notes = xcalloc((size_t)j->n, sizeof *j->notes);
	j->off = xmallocarray((size_t)j->n, sizeof *j->off);
	j->len = xmallocarray((size_t)j->n, sizeof *j->len);
	for (long i = 0; i < j->n; i++) {
		const struct slot *s = &slots(sh)[i];
		assert(s->off >= 0);
		j->off[i] = (off_t)(s->off + (long long)s->nlen);
		j->len[i] = s->blen;
		if (s->nlen == 0)
			continue;
		j->notes[i] = xmalloc(s->nlen + 1);
		j->notes[i][s->nlen] = '\0';
		if (pread(fileno(j->spill), j->notes[i], s->nlen, (off_t)s->off) != (ssize_t)s->nlen)
			return fail_errno("cannot read back a run's result");
	}
	results_map(j, sh);
	return 0;
}

/* The first failing task and its message. */
static void failure_take(struct jobs *j, struct shared *sh)
{
	long i = atomic_load(&sh->failed);
	if (i >= sh->n)
		return;
	const struct slot *s = &slots(sh)[i];
	j->failed = i;
	j->died = s->died;
	if (s->off < 0)
		return;
	j->error = xmalloc(s->nlen + 1);
	j->error[s->nlen] = '\0';
	if (pread(fileno(j->spill), j->error, s->nlen, (off_t)s->off) != (ssize_t)s->nlen) {
		free(j->error);
		j->error = NULL;
	}
}

static void results_fini(struct jobs *j)
{
	for (long i = 0; j->notes && i < j->n; i++)
		free(j->notes[i]);
	free(j->notes);
	free(j->off);
	free(j->len);
	if (j->map)
		munmap((void *)j->map, j->mapped);
	if (j->spill)
		fclose(j->spill);
	j->n = 0;
	j->notes = NULL;
	j->off = NULL;
	j->len = NULL;
	j->spill = NULL;
	j->map = NULL;
	j->mapped = 0;
}

int jobs_run(struct jobs *j, long n, long workers, jobs_task_fn task, void *ctx, int *worker)
{
	memset(j, 0, sizeof *j);
	j->failed = -1;
	*worker = 0;
	if (workers > n)
		workers = n;
	j->spill = tmpfile();
	if (!j->spill)
		return fail_errno("cannot create a temporary file");
	struct shared *sh = shared_new(n, workers);
	if (!sh) {
		results_fini(j);
		return fail_errno("cannot share memory with the jobs");
	}
	int rc = workers <= 1 ? work(sh, 0, fileno(j->spill), task, ctx)
			      : run_workers(j, sh, task, ctx, worker);
	if (*worker) {
		results_fini(j);
		watched = NULL;
		munmap(sh, sh->size);
		return rc;
	}
	live = NULL;
	if (rc == 0)
		rc = results_take(j, sh);
	else
		failure_take(j, sh);
	watched = NULL; /* workers that end from now on said how */
	munmap(sh, sh->size);
	if (rc)
		results_fini(j); /* nothing to write; the workers are reaped by jobs_fini */
	return rc;
}

/* Copies task i's block from the mapping (see jobs_copy_block). */
static void copy_mapped(const struct jobs *j, long i, FILE *out, int whole)
{
	const char *p = j->map + j->off[i];
	size_t len = j->len[i];
	if (!whole) { /* the block's first line: its header row, written once */
		const char *nl = memchr(p, '\n', len);
		size_t skip = nl ? (size_t)(nl - p) + 1 : len;
		p += skip;
		len -= skip;
	}
	fwrite(p, 1, len, out);
}

int jobs_copy_block(const struct jobs *j, long i, FILE *out, int whole)
{
	if (j->map) {
		copy_mapped(j, i, out, whole);
		return 0;
	}
	char buf[COPY_SIZE];
	size_t left = j->len[i];
	off_t at = j->off[i];
	int skip = !whole;
	while (left > 0) {
		ssize_t k = pread(fileno(j->spill), buf, left < sizeof buf ? left : sizeof buf, at);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		size_t from = 0;
		if (skip) { /* the block's first line: its header row, written once */
			const char *nl = memchr(buf, '\n', (size_t)k);
			from = nl ? (size_t)(nl - buf) + 1 : (size_t)k;
			skip = !nl;
		}
		fwrite(buf + from, 1, (size_t)k - from, out);
		left -= (size_t)k;
		at += k;
	}
	return 0;
}

void jobs_fini(struct jobs *j)
{
	results_fini(j);
	free(j->error);
	j->error = NULL;
	if (j->pid > 0) {
		kids_reap(); /* the workers said how they ended */
		sigaction(SIGCHLD, &chld_saved, NULL);
	}
	j->pid = 0;
}
