/* canvas: a w x h grid of cells { codepoint, role } that every chart renders into.
 * Roles are semantic styles mapped to curses attributes only in src/tui; canvas_to_text()
 * makes charts golden-testable and gives batch mode its --plot. No ncurses here. */
#ifndef TATON_CANVAS_H
#define TATON_CANVAS_H

#include <stddef.h>
#include <stdint.h>

enum cell_role {
	ROLE_NONE = 0,
	ROLE_AXIS,
	ROLE_LABEL,
	ROLE_TITLE,
	ROLE_LEGEND,
	ROLE_REF,       /* reference lines (diagonal, equilibrium) */
	ROLE_HIGHLIGHT, /* focused pane frame, selection */
	ROLE_ERROR,
	ROLE_STATUS,
	ROLE_SERIES1,   /* ROLE_SERIES1 + i for series i (0..7) */
	ROLE_SERIES8 = ROLE_SERIES1 + 7,
	ROLE_COUNT
};

struct cell {
	uint32_t cp;   /* Unicode code point; ' ' when empty */
	uint8_t role;
};

struct canvas {
	int w, h;
	struct cell *cells; /* w*h, owned */
};

void canvas_init(struct canvas *c, int w, int h);
void canvas_fini(struct canvas *c);
void canvas_resize(struct canvas *c, int w, int h); /* clears */
void canvas_clear(struct canvas *c);
/* Out-of-range coordinates are ignored. */
void canvas_put(struct canvas *c, int x, int y, uint32_t cp, enum cell_role role);
static inline struct cell *canvas_at(struct canvas *c, int x, int y)
{
	return &c->cells[(size_t)y * (size_t)c->w + (size_t)x];
}
/* Writes UTF-8 text from (x, y), clipped at max_w cells (or the canvas edge when max_w < 0).
 * Returns the number of cells written. Invalid UTF-8 shows as '?'. */
int canvas_text(struct canvas *c, int x, int y, const char *utf8, int max_w, enum cell_role role);
/* Box-drawing frame (ASCII +-| when ascii). */
void canvas_frame(struct canvas *c, int x, int y, int w, int h, int ascii, enum cell_role role);
/* The whole canvas as UTF-8 text, one line per row, trailing spaces trimmed, '\n' after
 * each row. Caller frees. */
char *canvas_to_text(const struct canvas *c);
/* Encodes cp as UTF-8 into buf (>= 5 bytes); returns the byte count. */
int canvas_utf8(uint32_t cp, char *buf);

#endif
