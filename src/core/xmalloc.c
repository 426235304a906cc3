/* xmalloc: allocation that never returns NULL.
 * On exhaustion or size overflow the fatal hook runs; it must not return. The default hook is
 * the only place in the core that prints and exits, as the last resort. A front end replaces
 * it (the TUI restores the terminal first). Neighbours: every module that allocates. */
#include "core/xmalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void default_fatal(const char *what)
{
	fprintf(stderr, "taton: out of memory (%s)\n", what);
	exit(1);
}

static xmalloc_fatal_fn fatal_hook = default_fatal;

void xmalloc_set_fatal(xmalloc_fatal_fn fn)
{
	fatal_hook = fn ? fn : default_fatal;
}

_Noreturn void xfatal(const char *what)
{
	fatal_hook(what);
	/* A hook that returns breaks the contract; do not continue with a NULL pointer. */
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		xfatal("malloc");
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p;

	if (size && count > SIZE_MAX / size)
		xfatal("calloc overflow");
	p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		xfatal("calloc");
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		xfatal("realloc");
	return q;
}

void *xmallocarray(size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		xfatal("array size overflow");
	return xmalloc(count * size);
}

void *xreallocarray(void *p, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		xfatal("array size overflow");
	return xrealloc(p, count * size);
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

char *xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *d = xmalloc(len + 1);

	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	va_list ap2;
	char *s;
	int len;

	va_copy(ap2, ap);
	len = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (len < 0)
		xfatal("asprintf format");
	s = xmalloc((size_t)len + 1);
	vsnprintf(s, (size_t)len + 1, fmt, ap);
	return s;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}
