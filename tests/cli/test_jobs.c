/* The sweep's job runner (src/batch/jobs): tasks run by 1 to 16 worker processes come back
 * complete and by index (blocks, notes, the header row written once), and when tasks fail
 * the runner hands back the first failing task's status and message, whatever the number
 * of workers and however many fail at once (the caller says it once). The expected bytes
 * are built here from the task's definition, not from the runner. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "batch/jobs.h"
#include "core/xmalloc.h"

#define NTASKS 50

/* Which tasks fail (fails[i] != 0: with that status), for the failing tests. */
struct plan {
	int fails[NTASKS];
};

/* Task i: a header row "h" and two rows; a note for every 7th task; fails as planned. */
static int task(void *ctx, long i, FILE *f, char **note)
{
	const struct plan *p = ctx;
	*note = NULL;
	if (p && p->fails[i]) {
		*note = xasprintf("task %ld failed", i);
		return p->fails[i];
	}
	fprintf(f, "h\n%ld,a\n%ld,b\n", i, i);
	if (i % 7 == 0)
		*note = xasprintf("note %ld\n", i);
	return 0;
}

/* Runs the tasks; a worker process leaves here, as the real caller's path would. */
static int run(struct jobs *j, long workers, struct plan *p)
{
	int worker;
	int rc = jobs_run(j, NTASKS, workers, task, p, &worker);
	if (worker) {
		jobs_fini(j);
		_exit(rc);
	}
	return rc;
}

static void test_results_by_index(void **state)
{
	(void)state;
	static const long workers[] = { 1, 2, 4, 16, 100 };
	char want[4096];
	size_t at = (size_t)snprintf(want, sizeof want, "h\n");
	for (long i = 0; i < NTASKS; i++)
		at += (size_t)snprintf(want + at, sizeof want - at, "%ld,a\n%ld,b\n", i, i);
	for (size_t w = 0; w < sizeof workers / sizeof workers[0]; w++) {
		struct jobs j;
		assert_int_equal(run(&j, workers[w], NULL), 0);
		assert_int_equal(j.n, NTASKS);
		assert_int_equal(j.failed, -1);
		assert_null(j.error);
		char *got = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&got, &len);
		for (long i = 0; i < NTASKS; i++) {
			assert_int_equal(jobs_copy_block(&j, i, mem, i == 0), 0);
			if (i % 7 == 0) {
				char note[32];
				snprintf(note, sizeof note, "note %ld\n", i);
				assert_string_equal(j.notes[i], note);
			} else {
				assert_null(j.notes[i]);
			}
		}
		fclose(mem);
		assert_string_equal(got, want);
		free(got);
		jobs_fini(&j);
	}
}

/* Tasks 5, 9 and 30 fail (statuses 2, 1, 1): task 5's status and message, for any number
 * of workers; nothing else is kept. */
static void test_first_failure(void **state)
{
	(void)state;
	static const long workers[] = { 1, 2, 3, 8, 16 };
	struct plan p = {{0}};
	p.fails[5] = 2;
	p.fails[9] = 1;
	p.fails[30] = 1;
	for (size_t w = 0; w < sizeof workers / sizeof workers[0]; w++) {
		struct jobs j;
		assert_int_equal(run(&j, workers[w], &p), 2);
		assert_int_equal(j.failed, 5);
		assert_non_null(j.error);
		assert_string_equal(j.error, "task 5 failed");
		assert_int_equal(j.n, 0);
		jobs_fini(&j);
	}
}

/* Every task fails: every worker fails at once; task 0's error alone comes back. */
static void test_all_fail(void **state)
{
	(void)state;
	struct plan p;
	for (long i = 0; i < NTASKS; i++)
		p.fails[i] = 1 + (int)(i % 2);
	for (long w = 1; w <= 16; w *= 4) {
		struct jobs j;
		assert_int_equal(run(&j, w, &p), 1);
		assert_int_equal(j.failed, 0);
		assert_string_equal(j.error, "task 0 failed");
		jobs_fini(&j);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_results_by_index),
		cmocka_unit_test(test_first_failure),
		cmocka_unit_test(test_all_fail),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
