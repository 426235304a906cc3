/* err: the error record every fallible core function fills.
 * User and data errors return -1 (or NULL) and describe themselves here; the core never
 * prints and never exits. Front ends (batch, TUI, Lua binding) show msg their own way. */
#ifndef TATON_ERR_H
#define TATON_ERR_H

#include <stdarg.h>

struct err {
	char msg[512];
};

/* Formats into e->msg (truncating) and returns -1, so callers can `return err_set(...)`.
 * e may be NULL (the message is dropped). */
int err_set(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int err_vset(struct err *e, const char *fmt, va_list ap);
/* Prepends "prefix: " to an already set message (e.g. a file name). */
void err_prefix(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void err_clear(struct err *e);

#endif
