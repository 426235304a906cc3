/* text: hygiene for text that comes from outside, such as a scenario file's title, help
 * texts and lecture text, or an error message quoting one. Written raw to a terminal, such
 * text could send it escape sequences (retitle the window, move the cursor, hide what
 * follows); cleaned once where it enters taton, it is safe wherever it is shown. Pure
 * string functions over UTF-8; nothing here prints. Neighbours: luabind (cleans what it
 * loads), cli/sanitize (terminal and CSV output). */
#ifndef TATON_TEXT_H
#define TATON_TEXT_H

#include <stddef.h>

/* A copy of text without escape sequences (ESC and its sequence; CSI, OSC, DCS and the
 * other strings up to their terminator, also in their 8-bit C1 forms), other control
 * characters and bytes that are not UTF-8 replaced by '?'. With `lines`, newlines and tabs
 * are kept; without, each becomes a space. Owned by the caller. */
char *text_clean(const char *text, int lines);
/* Length (1 to 4) of the valid UTF-8 sequence at s, or 0 when s does not start one. */
size_t text_utf8_len(const unsigned char *s);
/* The C1 control at s (UTF-8 C2 80..9F) as its code (0x80..0x9F), or -1. */
int text_c1_at(const unsigned char *s);

#endif
