/* canvas: a w x h grid of { code point, role } cells, the target of every chart.
 * Text is written one code point per cell: wide (East Asian) and combining characters are
 * not measured, so labels should stay in scripts of width 1. The TUI maps roles to curses
 * attributes; canvas_to_text() serialises to UTF-8 for golden tests and batch --plot.
 * Neighbours: chart (draws here), ui/tui (blit to the screen), batch (prints). */
#include "chart/canvas.h"

#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

void canvas_init(struct canvas *c, int w, int h)
{
	c->w = w > 0 ? w : 0;
	c->h = h > 0 ? h : 0;
	/* Always allocate at least one cell so cells is never NULL. */
	c->cells = xmallocarray((size_t)c->w * (size_t)c->h + 1, sizeof *c->cells);
	canvas_clear(c);
}

void canvas_fini(struct canvas *c)
{
	free(c->cells);
	c->cells = NULL;
	c->w = c->h = 0;
}

void canvas_resize(struct canvas *c, int w, int h)
{
	c->w = w > 0 ? w : 0;
	c->h = h > 0 ? h : 0;
	c->cells = xreallocarray(c->cells, (size_t)c->w * (size_t)c->h + 1, sizeof *c->cells);
	canvas_clear(c);
}

void canvas_clear(struct canvas *c)
{
	size_t n = (size_t)c->w * (size_t)c->h;

	for (size_t i = 0; i < n; i++) {
		c->cells[i].cp = ' ';
		c->cells[i].role = ROLE_NONE;
	}
}

void canvas_put(struct canvas *c, int x, int y, uint32_t cp, enum cell_role role)
{
	if (x < 0 || y < 0 || x >= c->w || y >= c->h)
		return;
	struct cell *cell = canvas_at(c, x, y);
	cell->cp = cp;
	cell->role = (uint8_t)role;
}

/* Decodes one UTF-8 sequence at s (NUL-terminated). Stores the code point (U+FFFD-free:
 * invalid input gives '?') and returns the number of bytes consumed (>= 1). */
static int utf8_decode(const unsigned char *s, uint32_t *cp)
{
	unsigned char b = s[0];
	int len;
	uint32_t v, min;

	if (b < 0x80) {
		*cp = b;
		return 1;
	} else if ((b & 0xE0) == 0xC0) {
		len = 2;
		v = b & 0x1F;
		min = 0x80;
	} else if ((b & 0xF0) == 0xE0) {
		len = 3;
		v = b & 0x0F;
		min = 0x800;
	} else if ((b & 0xF8) == 0xF0) {
		len = 4;
		v = b & 0x07;
		min = 0x10000;
	} else {
		*cp = '?';
		return 1;
	}
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) { /* also stops at the NUL */
			*cp = '?';
			return i;
		}
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		v = '?'; /* overlong, out of range or surrogate */
	*cp = v;
	return len;
}

int canvas_text(struct canvas *c, int x, int y, const char *utf8, int max_w, enum cell_role role)
{
	const unsigned char *s = (const unsigned char *)utf8;
	int limit = max_w < 0 ? c->w - x : max_w;
	int col = 0, written = 0;

	if (!s)
		return 0;
	while (*s && col < limit) {
		uint32_t cp;
		s += utf8_decode(s, &cp);
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
			cp = '?'; /* control characters (C0, DEL, C1) would corrupt the terminal */
		if (x + col >= 0 && x + col < c->w && y >= 0 && y < c->h) {
			canvas_put(c, x + col, y, cp, role);
			written++;
		}
		col++;
	}
	return written;
}

void canvas_frame(struct canvas *c, int x, int y, int w, int h, int ascii, enum cell_role role)
{
	uint32_t hz = ascii ? '-' : 0x2500, vt = ascii ? '|' : 0x2502;
	uint32_t tl = ascii ? '+' : 0x250C, tr = ascii ? '+' : 0x2510;
	uint32_t bl = ascii ? '+' : 0x2514, br = ascii ? '+' : 0x2518;

	if (w < 1 || h < 1)
		return;
	for (int i = 1; i < w - 1; i++) {
		canvas_put(c, x + i, y, hz, role);
		canvas_put(c, x + i, y + h - 1, hz, role);
	}
	for (int j = 1; j < h - 1; j++) {
		canvas_put(c, x, y + j, vt, role);
		canvas_put(c, x + w - 1, y + j, vt, role);
	}
	canvas_put(c, x, y, tl, role);
	canvas_put(c, x + w - 1, y, tr, role);
	canvas_put(c, x, y + h - 1, bl, role);
	canvas_put(c, x + w - 1, y + h - 1, br, role);
}

int canvas_utf8(uint32_t cp, char *buf)
{
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = '?';
	if (cp < 0x80) {
		buf[0] = (char)cp;
		buf[1] = '\0';
		return 1;
	} else if (cp < 0x800) {
		buf[0] = (char)(0xC0 | (cp >> 6));
		buf[1] = (char)(0x80 | (cp & 0x3F));
		buf[2] = '\0';
		return 2;
	} else if (cp < 0x10000) {
		buf[0] = (char)(0xE0 | (cp >> 12));
		buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		buf[2] = (char)(0x80 | (cp & 0x3F));
		buf[3] = '\0';
		return 3;
	}
	buf[0] = (char)(0xF0 | (cp >> 18));
	buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	buf[3] = (char)(0x80 | (cp & 0x3F));
	buf[4] = '\0';
	return 4;
}

char *canvas_to_text(const struct canvas *c)
{
	/* At most 4 bytes per cell plus a newline per row. */
	size_t cap = (size_t)c->w * (size_t)c->h * 4 + (size_t)c->h + 1;
	char *out = xmalloc(cap), *p = out;

	for (int y = 0; y < c->h; y++) {
		const struct cell *row = &c->cells[(size_t)y * (size_t)c->w];
		int end = c->w;
		while (end > 0 && (row[end - 1].cp == ' ' || row[end - 1].cp == 0))
			end--;
		for (int x = 0; x < end; x++) {
			uint32_t cp = row[x].cp ? row[x].cp : ' ';
			p += canvas_utf8(cp, p);
		}
		*p++ = '\n';
	}
	*p = '\0';
	return out;
}
