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
void ui_wrap_free(char **wrapped);
/* The lines of one text at one width, kept until either changes: wrapping a long lecture
 * text is linear but not free, and the screen is drawn up to 30 times a second. */
struct ui_wrap_cache {
	const char *text;      /* the text wrapped (borrowed, compared by address) */
	int width;
	char **wrapped;        /* the lines (owned) */
	size_t n;
	unsigned long builds;  /* times the text was wrapped (for tests) */
};
/* ui_wrap(text, width) from the cache when text and width are those of the last call.
 * The lines stay the cache's. The owner drops the cache when the text at that address
 * changes (ui_wrap_cache_drop). */
char **ui_wrap_cached(struct ui_wrap_cache *c, const char *text, int width, size_t *nlines);
/* The same for another line builder with ui_wrap's contract (ui_reflow). One cache serves
 * one builder. */
char **ui_wrap_cached_by(struct ui_wrap_cache *c,
			 char **(*build)(const char *text, int width, size_t *nlines),
			 const char *text, int width, size_t *nlines);
void ui_wrap_cache_drop(struct ui_wrap_cache *c);
/* Number of code points in a UTF-8 string (continuation bytes are not counted). */
int ui_wrap_cells(const char *s);

#endif
