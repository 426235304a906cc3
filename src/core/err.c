/* err: fills the error record of fallible core functions.
 * Messages are truncated to fit struct err, never inside a UTF-8 sequence; nothing here
 * prints or allocates.
 * Neighbours: every core module that reports user or data errors. */
#include "core/err.h"

#include <stdio.h>
#include <string.h>

/* After a truncation: drops a UTF-8 sequence cut short at the end of msg. */
static void trim_utf8(char *msg)
{
	size_t n = strlen(msg), i = n, k = 0;

	while (i > 0 && k < 3 && ((unsigned char)msg[i - 1] & 0xC0) == 0x80) {
		i--;
		k++;
	}
	if (i > 0 && ((unsigned char)msg[i - 1] & 0xC0) == 0xC0) {
		unsigned char lead = (unsigned char)msg[i - 1];
		size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;

		if (k + 1 < need)
			msg[i - 1] = '\0';
	}
}

int err_vset(struct err *e, const char *fmt, va_list ap)
{
	if (e && vsnprintf(e->msg, sizeof e->msg, fmt, ap) >= (int)sizeof e->msg)
		trim_utf8(e->msg);
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
	if (strlen(e->msg) == sizeof e->msg - 1)
		trim_utf8(e->msg);
}

void err_clear(struct err *e)
{
	if (e)
		e->msg[0] = '\0';
}
