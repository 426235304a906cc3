/* ui_wrap: word wrapping of UTF-8 text into lines of at most `width` cells (one cell per
 * code point; wide CJK glyphs are not measured). Hard line breaks are kept; a wrapped line
 * keeps the indentation of its source line, plus two cells after a "- " or "* " bullet;
 * words longer than a line are cut. Neighbours: draw (info pane, overlays, messages). */
#ifndef TATON_UI_WRAP_H
#define TATON_UI_WRAP_H

#include <stddef.h>

/* Wraps text to width (>= 1) cells. Returns a NULL-terminated array of lines, all owned by
 * the caller (ui_wrap_free); *nlines (if not NULL) gets the count. Trailing blank lines of
 * the text are dropped. */
char **ui_wrap(const char *text, int width, size_t *nlines);
void ui_wrap_free(char **lines);
/* Number of code points in a UTF-8 string (continuation bytes are not counted). */
int ui_wrap_cells(const char *s);

#endif
