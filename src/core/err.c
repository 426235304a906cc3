/* err: fills the error record of fallible core functions.
 * Messages too long for struct err are cut at a line or word boundary (never inside a UTF-8
 * sequence) and marked "..."; nothing here prints or allocates.
 * Neighbours: every core module that reports user or data errors. */
#include "core/err.h"

#include <stdio.h>
#include <string.h>

/* After formatting into msg a text that did not fit (`overflow`): cuts it at the last line
 * break or space and ends it with "...". One enormous word is cut anyway, but at the start
 * of a UTF-8 sequence, so the message stays valid text. */
static void fit(char *msg, size_t size, int overflow)
{
	if (!overflow)
		return;
	size_t end = size - 5; /* room for " ..." and the NUL */
	size_t cut = end;
	while (cut > end / 2 && msg[cut] != ' ' && msg[cut] != '\n')
		cut--;
	if (cut == end / 2) { /* one enormous word */
		cut = end;
		while (cut > 0 && ((unsigned char)msg[cut] & 0xC0) == 0x80)
			cut--; /* msg[cut] is a continuation byte: move to its sequence's lead */
	}
	memcpy(msg + cut, " ...", 5);
}

int err_vset(struct err *e, const char *fmt, va_list ap)
{
	if (e) {
		int need = vsnprintf(e->msg, sizeof e->msg, fmt, ap);
		fit(e->msg, sizeof e->msg, need >= (int)sizeof e->msg);
	}
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
	int need = vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	len = strlen(e->msg);
	int overflow = need >= (int)sizeof e->msg || len + 2 + strlen(old) >= sizeof e->msg;
	/* Append ": old", then cut at a word if it did not fit. */
	strncat(e->msg, ": ", sizeof e->msg - len - 1);
	len = strlen(e->msg);
	strncat(e->msg, old, sizeof e->msg - len - 1);
	fit(e->msg, sizeof e->msg, overflow);
}

void err_clear(struct err *e)
{
	if (e)
		e->msg[0] = '\0';
}
