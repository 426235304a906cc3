/* Unit tests of core/xmalloc: overflow checks reach the fatal hook (which longjmps here),
 * string helpers, and the default hook's message and exit status (in a child process). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/xmalloc.h"

static jmp_buf fatal_jmp;
static char fatal_what[128];

static void jump_hook(const char *what)
{
	snprintf(fatal_what, sizeof fatal_what, "%s", what);
	longjmp(fatal_jmp, 1);
}

static int setup(void **state)
{
	xmalloc_set_fatal(jump_hook);
	return 0;
}

static int teardown(void **state)
{
	xmalloc_set_fatal(NULL);
	return 0;
}

static void test_mallocarray_overflow(void **state)
{
	fatal_what[0] = '\0';
	if (setjmp(fatal_jmp) == 0) {
		void *volatile p = xmallocarray(SIZE_MAX / 2, 4);

		free(p);
		fail_msg("xmallocarray did not detect overflow");
	}
	assert_string_equal(fatal_what, "array size overflow");
}

static void test_calloc_overflow(void **state)
{
	fatal_what[0] = '\0';
	if (setjmp(fatal_jmp) == 0) {
		void *volatile p = xcalloc(SIZE_MAX / 8 + 1, 16);

		free(p);
		fail_msg("xcalloc did not detect overflow");
	}
	assert_string_equal(fatal_what, "calloc overflow");
}

static void test_reallocarray_overflow(void **state)
{
	char *volatile keep = xmalloc(8);

	fatal_what[0] = '\0';
	if (setjmp(fatal_jmp) == 0) {
		keep = xreallocarray(keep, (SIZE_MAX >> 1) + 1, 2);
		fail_msg("xreallocarray did not detect overflow");
	}
	assert_string_equal(fatal_what, "array size overflow");
	free(keep); /* untouched by the failed call */
}

static void test_sizes_that_fit(void **state)
{
	unsigned char *z = xcalloc(100, 3);
	int *a = xmallocarray(10, sizeof *a);
	void *zero = xmalloc(0);

	for (int i = 0; i < 300; i++)
		assert_int_equal(z[i], 0);
	a = xreallocarray(a, 1000, sizeof *a);
	a[999] = 7;
	assert_int_equal(a[999], 7);
	assert_non_null(zero);
	free(z);
	free(a);
	free(zero);
}

static void test_strings(void **state)
{
	char *s = xstrdup("taton");
	char *t = xstrndup("taton", 3);
	char *u = xstrndup("ab", 10);
	char *f = xasprintf("%s-%d-%.2f", "x", 42, 0.5);
	char *big;

	assert_string_equal(s, "taton");
	assert_string_equal(t, "tat");
	assert_string_equal(u, "ab");
	assert_string_equal(f, "x-42-0.50");
	big = xasprintf("%0*d", 5000, 7);
	assert_int_equal(strlen(big), 5000);
	assert_int_equal(big[4999], '7');
	assert_int_equal(big[0], '0');
	free(s);
	free(t);
	free(u);
	free(f);
	free(big);
}

/* A caller of xvasprintf that also uses the list afterwards through its own copy. */
static char *join2(const char *fmt, ...)
{
	va_list ap, ap2;
	char *a, *b, *r;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	a = xvasprintf(fmt, ap);
	b = xvasprintf(fmt, ap2);
	va_end(ap2);
	va_end(ap);
	r = xasprintf("%s|%s", a, b);
	free(a);
	free(b);
	return r;
}

static void test_vasprintf(void **state)
{
	char *s = join2("%s=%d", "k", 7);
	char *big = join2("%0*d", 3000, 1);

	assert_string_equal(s, "k=7|k=7");
	assert_int_equal(strlen(big), 6001);
	assert_int_equal(big[2999], '1');
	assert_int_equal(big[3000], '|');
	assert_int_equal(big[3001], '0');
	free(s);
	free(big);
}

static void test_default_hook(void **state)
{
	int fd[2], status;
	char buf[128] = { 0 };
	ssize_t got;
	pid_t pid;

	assert_int_equal(pipe(fd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fd[1], 2);
		close(fd[0]);
		xmalloc_set_fatal(NULL);
		xfatal("test");
	}
	close(fd[1]);
	got = read(fd[0], buf, sizeof buf - 1);
	close(fd[0]);
	assert_true(got > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);
	assert_string_equal(buf, "taton: out of memory (test)\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mallocarray_overflow),
		cmocka_unit_test(test_calloc_overflow),
		cmocka_unit_test(test_reallocarray_overflow),
		cmocka_unit_test(test_sizes_that_fit),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_vasprintf),
		cmocka_unit_test(test_default_hook),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
