/* err: fills the error record of fallible core functions.
 * Messages are truncated to fit struct err; nothing here prints or allocates.
 * Neighbours: every core module that reports user or data errors. */
#include "core/err.h"

#include <stdio.h>
#include <string.h>

int err_vset(struct err *e, const char *fmt, va_list ap)
{
	if (e)
		vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	return -1;
}

int err_set(struct err *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vset(e, fmt, ap);
	va_end(ap);
	return -1;
}

void err_prefix(struct err *e, const char *fmt, ...)
{
	char old[sizeof e->msg];
	size_t len;
	va_list ap;

	if (!e)
		return;
	memcpy(old, e->msg, sizeof old);
	old[sizeof old - 1] = '\0';
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	/* Append ": old", truncating; strncat avoids a format-truncation warning. */
	len = strlen(e->msg);
	strncat(e->msg, ": ", sizeof e->msg - len - 1);
	len = strlen(e->msg);
	strncat(e->msg, old, sizeof e->msg - len - 1);
}

void err_clear(struct err *e)
{
	if (e)
		e->msg[0] = '\0';
}
