/* ui_reflow: lecture text (a scenario's WHAT IS IT / THINGS TO NOTICE / THINGS TO TRY)
 * reflowed by paragraph for a pane of any width. The source is read as blocks:
 *   - a blank line, kept;
 *   - a heading (a line of capitals), kept;
 *   - a paragraph: a line and the following lines of the same indentation (a "- " or "* "
 *     bullet's continuation lines are indented two more), joined and wrapped again;
 *   - a two-column item: a line whose text has a gap of three or more spaces (`set k 8.3
 *     and set z0 0    a second equilibrium ...`), with the following lines indented to its
 *     second column as that column's continuation. Where the width allows, the second
 *     column stays at its source column and wraps under itself; else the first column goes
 *     on its own line and the second follows it, indented four more.
 * Deeper indented lines start a block of their own, so code-like lines keep their shape.
 * Linear in the length of the text. Cells are counted as in ui_wrap (one per code point).
 * Neighbours: wrap (the line format and ui_wrap_free), draw (the info pane). */
#ifndef TATON_UI_REFLOW_H
#define TATON_UI_REFLOW_H

#include <stddef.h>

/* The text reflowed to width (>= 1) cells. Returns a NULL-terminated array of lines owned
 * by the caller (ui_wrap_free); *nlines (if not NULL) gets the count. Trailing blank lines
 * are dropped. */
char **ui_reflow(const char *text, int width, size_t *nlines);

#endif
