/* ui_wrap: greedy word wrap over UTF-8 code points, in time linear in the text (a word
 * longer than a line is measured once and cut piece by piece). Limits: every code point
 * counts as one cell; tabs count as one space. Neighbours: draw, ui (the cache). */
#include "ui/wrap.h"

#include <stdlib.h>
#include <string.h>
#include "core/xmalloc.h"

int ui_wrap_cells(const char *s)
{
	int n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* Byte offset of the first `cells` code points of s[0..len). */
static size_t cut_bytes(const char *s, size_t len, int cells)
{
	size_t i = 0;
	int n = 0;
	while (i < len) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (n == cells)
				break;
			n++;
		}
		i++;
	}
	return i;
}

struct lines {
	char **v;
	size_t n, cap;
};

static void push(struct lines *l, char *s)
{
	if (l->n + 2 > l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	l->v[l->n++] = s;
	l->v[l->n] = NULL;
}

static int cells_n(const char *s, size_t len)
{
	int n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* Wraps one source line (no '\n') of len bytes. */
static void wrap_line(struct lines *out, const char *s, size_t len, int width)
{
	size_t ind = 0;
	while (ind < len && (s[ind] == ' ' || s[ind] == '\t'))
		ind++;
	int hang = (int)ind;
	if (ind + 1 < len && (s[ind] == '-' || s[ind] == '*') && s[ind + 1] == ' ')
		hang += 2;
	if (hang > width / 2)
		hang = 0;
	if (ind >= len) {
		push(out, xstrdup(""));
		return;
	}
	/* Current output line under construction. */
	size_t cap = len + (size_t)width + 8;
	char *cur = xmalloc(cap);
	size_t cl = 0;
	int cw = 0;
	memset(cur, ' ', ind);
	cl = ind;
	cw = (int)ind;
	if (cw >= width) {
		cl = cw = 0;
	}
	int fresh = 1; /* no word on the current line yet */
	size_t i = ind;
	while (i < len) {
		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i >= len)
			break;
		size_t j = i;
		while (j < len && s[j] != ' ' && s[j] != '\t')
			j++;
		int ww = cells_n(s + i, j - i);
		if (cw + ww + (fresh ? 0 : 1) > width && !fresh) {
			cur[cl] = '\0';
			push(out, xstrdup(cur));
			memset(cur, ' ', (size_t)hang);
			cl = (size_t)hang;
			cw = hang;
			fresh = 1;
		}
		/* A word longer than the room left on a fresh line: cut it, piece by piece. */
		while (cw + ww > width) {
			int room = width - cw;
			if (room < 1)
				room = 1;
			size_t b = cut_bytes(s + i, j - i, room);
			memcpy(cur + cl, s + i, b);
			cl += b;
			cur[cl] = '\0';
			push(out, xstrdup(cur));
			memset(cur, ' ', (size_t)hang);
			cl = (size_t)hang;
			cw = hang;
			fresh = 1;
			i += b;
			ww -= room;
		}
		if (i < j) {
			if (!fresh) {
				cur[cl++] = ' ';
				cw++;
			}
			memcpy(cur + cl, s + i, j - i);
			cl += j - i;
			cw += ww;
			fresh = 0;
		}
		i = j;
	}
	if (!fresh) {
		cur[cl] = '\0';
		push(out, xstrdup(cur));
	}
	free(cur);
}

char **ui_wrap(const char *text, int width, size_t *nlines)
{
	struct lines out = { 0 };
	if (width < 1)
		width = 1;
	const char *p = text ? text : "";
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len > 0 && p[len - 1] == '\r')
			len--;
		wrap_line(&out, p, len, width);
		if (!nl)
			break;
		p = nl + 1;
	}
	while (out.n > 0 && out.v[out.n - 1][0] == '\0') {
		free(out.v[--out.n]);
		out.v[out.n] = NULL;
	}
	if (!out.v)
		push(&out, NULL), out.n = 0;
	if (nlines)
		*nlines = out.n;
	return out.v;
}

void ui_wrap_free(char **lines)
{
	if (!lines)
		return;
	for (size_t i = 0; lines[i]; i++)
		free(lines[i]);
	free(lines);
}

char **ui_wrap_cached(struct ui_wrap_cache *c, const char *text, int width, size_t *nlines)
{
	return ui_wrap_cached_by(c, ui_wrap, text, width, nlines);
}

char **ui_wrap_cached_by(struct ui_wrap_cache *c,
			 char **(*build)(const char *text, int width, size_t *nlines),
			 const char *text, int width, size_t *nlines)
{
	if (!c->wrapped || c->text != text || c->width != width) {
		ui_wrap_free(c->wrapped);
		c->wrapped = build(text, width, &c->n);
		c->text = text;
		c->width = width;
		c->builds++;
	}
	if (nlines)
		*nlines = c->n;
	return c->wrapped;
}

void ui_wrap_cache_drop(struct ui_wrap_cache *c)
{
	ui_wrap_free(c->wrapped);
	c->wrapped = NULL;
	c->text = NULL;
	c->n = 0;
}
