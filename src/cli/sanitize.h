/* sanitize: text a scenario controls, made safe for where it is written. Scenario files
 * are shared and may be hostile: written raw, an error message, a printed string or a
 * path could send escape sequences to the user's terminal (retitle it, move the cursor,
 * hide text), and a newline in a CSV header line would start a line of its own that a
 * shell would read as a command. Pure string functions; UTF-8 in, UTF-8 out. The terminal
 * form is core/text's text_clean (the Lua binding cleans what it loads with it).
 * Neighbours: csv (header lines), batch (errors), session (Lua's print), main, core/text. */
#ifndef TATON_SANITIZE_H
#define TATON_SANITIZE_H

#include <stdio.h>

/* For a terminal: escape sequences (ESC and its sequence; CSI, OSC, DCS and the other
 * strings up to their terminator, also in their 8-bit C1 forms) are removed; other control
 * characters and bytes that are not UTF-8 become '?'. With `lines`, newlines and tabs are
 * kept; without, each becomes a space. Returns an owned string. */
char *sanitize_term(const char *text, int lines);
/* sanitize_term(text, lines) written to f. */
void sanitize_fputs(const char *text, int lines, FILE *f);
/* For one line of a text file (a CSV `#` line): control characters are written as \n, \r,
 * \t, \xHH (C0, DEL) or \u00HH (C1), bytes that are not UTF-8 as \xHH; the rest as is. */
void sanitize_fputs_line(const char *text, FILE *f);

#endif
