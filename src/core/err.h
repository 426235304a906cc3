/* err: the error record every fallible core function fills.
 * User and data errors return -1 (or NULL) and describe themselves here; the core never
 * prints and never exits. Front ends (batch, TUI, Lua binding) show msg their own way. */
#ifndef TATON_ERR_H
#define TATON_ERR_H

#include <stdarg.h>

/* Room for a message naming a file of the longest path (PATH_MAX 4096) and what is wrong
 * with it, or a Lua traceback. */
#define ERR_MSG_MAX 8192

struct err {
	char msg[ERR_MSG_MAX];
};

/* Formats into e->msg and returns -1, so callers can `return err_set(...)`. A message too
 * long for msg is cut at the end of a line or word and ends with "..." (never mid-word).
 * e may be NULL (the message is dropped). */
int err_set(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int err_vset(struct err *e, const char *fmt, va_list ap);
/* Prepends "prefix: " to an already set message (e.g. a file name). */
void err_prefix(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void err_clear(struct err *e);

#endif
