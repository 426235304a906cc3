/* jobs: tasks run by worker processes, their results gathered by index (see jobs.h).
 * The workers share an anonymous mapping: the counter they take task indices from, the size
 * of the temporary file, a slot per task saying where its result lies in that file, and how
 * each worker ended (lock-free atomics are address-free, so they work across processes). A
 * worker appends a result by claiming its bytes with one atomic add and writing them there
 * (pwrite, so the workers share the file without sharing an offset); the parent does no work
 * per task. A worker closes its pipe to the parent once it has said how it ended and before
 * it frees what it holds; the parent only waits for the pipes' ends, so it can write the
 * results while the workers tear themselves down. Neighbours: batch (the sweep). */
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

/* Where task i's result lies in the temporary file: its note, then its block. */
struct slot {
	long long off; /* -1: not done */
	size_t nlen, blen;
};

/* How a worker ended. */
struct ending {
	int ended, status;
};

/* The mapping the workers share: this, then an ending per worker, then a slot per task. */
struct shared {
	atomic_long next;  /* the next task to take */
	atomic_llong end;  /* the size of the temporary file */
	atomic_int stop;   /* a task failed: take no more */
	long n, workers;
	size_t size;       /* of the whole mapping */
};

static struct ending *endings(struct shared *sh)
{
	return (struct ending *)(sh + 1);
}

static struct slot *slots(struct shared *sh)
{
	return (struct slot *)(endings(sh) + sh->workers);
}

/* The running workers' pids, for jobs_kill (0: none at that place). */
static pid_t *volatile running;
static volatile long nrunning;

void jobs_kill(int sig)
{
	for (long k = 0; k < nrunning; k++)
		if (running[k] > 0)
			kill(running[k], sig);
}

static int fail_errno(const char *what)
{
	fprintf(stderr, "taton: sweep: %s: %s\n", what, strerror(errno));
	return 1;
}

static struct shared *shared_new(long n, long workers)
{
	size_t size = sizeof(struct shared) + (size_t)workers * sizeof(struct ending) +
		      (size_t)n * sizeof(struct slot);
	struct shared *sh = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
				 -1, 0);
	if (sh == MAP_FAILED)
		return NULL;
	atomic_init(&sh->next, 0);
	atomic_init(&sh->end, 0);
	atomic_init(&sh->stop, 0);
	sh->n = n;
	sh->workers = workers;
	sh->size = size;
	memset(endings(sh), 0, (size_t)workers * sizeof(struct ending));
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
	       size_t blen)
{
	size_t nlen = note ? strlen(note) : 0;
	long long off = atomic_fetch_add(&sh->end, (long long)(nlen + blen));
	if (pwrite_all(fd, note, nlen, off) < 0 || pwrite_all(fd, block, blen, off + nlen) < 0)
		return fail_errno("cannot keep a run's result in a temporary file");
	slots(sh)[i] = (struct slot){ off, nlen, blen };
	return 0;
}

/* Takes tasks until none is left or one failed; says how it ended in endings[k]. */
static int work(struct shared *sh, long k, int fd, jobs_task_fn task, void *ctx)
{
	int rc = 0;
	while (rc == 0 && !atomic_load(&sh->stop)) {
		long i = atomic_fetch_add(&sh->next, 1);
		if (i >= sh->n)
			break;
		char *block = NULL, *note = NULL;
		size_t size = 0;
		FILE *mem = open_memstream(&block, &size);
		rc = task(ctx, i, mem, &note);
		fclose(mem);
		if (rc == 0)
			rc = put(sh, fd, i, note, block, size);
		free(note);
		free(block);
	}
	if (rc)
		atomic_store(&sh->stop, 1);
	endings(sh)[k] = (struct ending){ 1, rc };
	return rc;
}

/* Worker k, just forked: drops what belongs to the parent, works, and returns its status
 * (having freed all it inherited from here; the caller frees the rest). */
static int worker_main(struct jobs *j, struct shared *sh, int *fds, long k, int out,
		       jobs_task_fn task, void *ctx)
{
	nrunning = 0; /* a worker's signal ends only itself */
	running = NULL;
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGTERM); /* and it ends with its parent */
	if (getppid() == 1)
		_exit(1);
#endif
	for (long m = 0; m < k; m++)
		close(fds[m]);
	free(fds);
	free(j->pids);
	j->pids = NULL;
	j->npids = 0;
	int rc = work(sh, k, fileno(j->spill), task, ctx);
	close(out); /* the parent may write the results now */
	munmap(sh, sh->size);
	return rc;
}

/* ---- in the parent --------------------------------------------------------------------- */

/* Starts the workers, each with a pipe whose end tells the parent the worker is done
 * (*nw: how many started; fds: the pipes' read ends). In a worker, returns its status
 * with *worker set. */
static int start(struct jobs *j, struct shared *sh, int *fds, long *nw, jobs_task_fn task,
		 void *ctx, int *worker)
{
	for (long k = 0; k < *nw; k++) {
		int p[2];
		pid_t pid = -1;
		if (pipe(p) == 0 && (pid = fork()) < 0) {
			int saved = errno;
			close(p[0]);
			close(p[1]);
			errno = saved;
		}
		if (pid < 0) {
			atomic_store(&sh->stop, 1); /* the started ones stop after their task */
			*nw = k;
			return fail_errno("cannot start a job");
		}
		if (pid == 0) {
			close(p[0]);
			*worker = 1;
			return worker_main(j, sh, fds, k, p[1], task, ctx);
		}
		close(p[1]);
		fds[k] = p[0];
		j->pids[k] = pid;
	}
	return 0;
}

/* Waits until every worker has closed its pipe: done, or gone. */
static void wait_done(int *fds, long nw)
{
	char c;
	for (long k = 0; k < nw; k++) {
		while (read(fds[k], &c, 1) < 0 && errno == EINTR)
			;
		close(fds[k]);
	}
}

/* Waits for worker k; its exit status (1 for a signal). */
static int reap(pid_t *pid)
{
	int status;
	if (*pid <= 0)
		return 0;
	while (waitpid(*pid, &status, 0) < 0 && errno == EINTR)
		;
	*pid = 0;
	if (!WIFEXITED(status))
		return 1;
	return WEXITSTATUS(status);
}

/* The first failure the workers report (0: none). A worker that did not say how it ended
 * is waited for here, for its exit status. */
static int verdict(struct jobs *j, struct shared *sh, long nw)
{
	int rc = 0;
	for (long k = 0; k < nw; k++) {
		const struct ending *x = &endings(sh)[k];
		int code = x->ended ? x->status : reap(&j->pids[k]);
		if (!x->ended && code == 0)
			code = 1;
		if (rc == 0)
			rc = code;
	}
	return rc;
}

static int run_workers(struct jobs *j, struct shared *sh, long nw, jobs_task_fn task,
		       void *ctx, int *worker)
{
	int *fds = xcalloc((size_t)nw, sizeof *fds);
	j->pids = xcalloc((size_t)nw, sizeof *j->pids);
	j->npids = nw;
	fflush(stdout);
	fflush(stderr);
	running = j->pids;
	nrunning = nw;
	int rc = start(j, sh, fds, &nw, task, ctx, worker);
	if (*worker)
		return rc;
	wait_done(fds, nw);
	free(fds);
	int vrc = verdict(j, sh, nw);
	return rc ? rc : vrc;
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
	return 0;
}

static void results_fini(struct jobs *j)
{
	for (long i = 0; j->notes && i < j->n; i++)
		free(j->notes[i]);
	free(j->notes);
	free(j->off);
	free(j->len);
	if (j->spill)
		fclose(j->spill);
	j->n = 0;
	j->notes = NULL;
	j->off = NULL;
	j->len = NULL;
	j->spill = NULL;
}

int jobs_run(struct jobs *j, long n, long workers, jobs_task_fn task, void *ctx, int *worker)
{
	memset(j, 0, sizeof *j);
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
			      : run_workers(j, sh, workers, task, ctx, worker);
	if (*worker) {
		results_fini(j);
		return rc;
	}
	if (rc == 0)
		rc = results_take(j, sh);
	munmap(sh, sh->size);
	if (rc)
		results_fini(j); /* nothing to write; the workers are reaped by jobs_fini */
	return rc;
}

int jobs_copy_block(const struct jobs *j, long i, FILE *out, int whole)
{
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
	nrunning = 0; /* from here a signal ends the workers through their parent's end */
	running = NULL;
	for (long k = 0; k < j->npids; k++)
		reap(&j->pids[k]);
	free(j->pids);
	j->pids = NULL;
	j->npids = 0;
}
