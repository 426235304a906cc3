/* xmalloc: allocation that never returns NULL. On exhaustion it calls the fatal hook set by
 * the front end (the TUI restores the terminal first), which must not return; the default
 * hook prints to stderr and exits with status 1. */
#ifndef TATON_XMALLOC_H
#define TATON_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

typedef void (*xmalloc_fatal_fn)(const char *what);

void xmalloc_set_fatal(xmalloc_fatal_fn fn);
/* Calls the fatal hook with a message; never returns. */
_Noreturn void xfatal(const char *what);

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);          /* zeroed; overflow-checked */
void *xrealloc(void *p, size_t n);
void *xmallocarray(size_t count, size_t size);     /* overflow-checked */
void *xreallocarray(void *p, size_t count, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a fresh string owned by the caller. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same with a va_list (left unusable, as by vprintf: va_end it, do not reuse it). */
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif
