/* ui_reflow: lecture text reflowed by paragraph (see reflow.h). Limits: tabs count as one
 * space; a word longer than a line is cut. Neighbours: wrap, draw. */
#include "ui/reflow.h"

#include <stdlib.h>
#include <string.h>
#include "core/xmalloc.h"
#include "ui/wrap.h"

#define GAP 3         /* spaces that separate the two columns of an item */
#define MIN_DESC 16   /* cells the second column needs to stay in place */

struct out {
	char **v;
	size_t n, cap;
};

static void push(struct out *o, char *s)
{
	if (o->n + 2 > o->cap) {
		o->cap = o->cap ? 2 * o->cap : 32;
		o->v = xreallocarray(o->v, o->cap, sizeof *o->v);
	}
	o->v[o->n++] = s;
	o->v[o->n] = NULL;
}

/* A growable string. */
struct buf {
	char *s;
	size_t n, cap;
};

static void add(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void spaces(struct buf *b, int n)
{
	for (int i = 0; i < n; i++)
		add(b, " ", 1);
}

static int cells(const char *s, size_t n)
{
	int c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* Byte length of the first `c` code points of s[0..n). */
static size_t bytes_of(const char *s, size_t n, int c)
{
	size_t i = 0;
	for (int k = 0; i < n; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80 && k++ == c)
			break;
	}
	return i;
}

/* Greedy wrap of the words of text[0..n): the first line starts with `first` (already
 * `col` cells wide), the others with `hang` spaces. */
static void words(struct out *o, const char *first, int col, int hang, const char *text,
		  size_t n, int width)
{
	struct buf line = { 0 };
	add(&line, first, strlen(first));
	int w = col, fresh = 1;
	size_t n0 = o->n;
	size_t i = 0;
	if (hang > width / 2)
		hang = 0;
	while (i < n) {
		while (i < n && (text[i] == ' ' || text[i] == '\t'))
			i++;
		if (i >= n)
			break;
		/* the word's end, or (a word longer than a line) just past width + 1 cells: each
		 * pass costs at most a line, so a huge word wraps in linear time */
		size_t j = i;
		int ww = 0;
		while (j < n && text[j] != ' ' && text[j] != '\t' && ww <= width) {
			ww += ((unsigned char)text[j] & 0xC0) != 0x80;
			j++;
		}
		while (j < n && ((unsigned char)text[j] & 0xC0) == 0x80)
			j++; /* the rest of the last character */
		if (!fresh && w + 1 + ww > width) {
			push(o, line.s);
			line = (struct buf){ 0 };
			spaces(&line, hang);
			w = hang;
			fresh = 1;
		}
		if (w + (fresh ? 0 : 1) + ww > width) { /* longer than a line: cut */
			int room = width - w - (fresh ? 0 : 1);
			if (room < 1)
				room = 1;
			size_t b = bytes_of(text + i, j - i, room);
			if (!fresh)
				add(&line, " ", 1);
			add(&line, text + i, b);
			push(o, line.s);
			line = (struct buf){ 0 };
			spaces(&line, hang);
			w = hang;
			fresh = 1;
			i += b;
			continue;
		}
		if (!fresh)
			add(&line, " ", 1);
		add(&line, text + i, j - i);
		w += (fresh ? 0 : 1) + ww;
		fresh = 0;
		i = j;
	}
	if (!fresh || o->n == n0) /* the last words, or a first line without any */
		push(o, line.s ? line.s : xstrdup(""));
	else
		free(line.s);
}

enum kind { BLANK, HEAD, PARA, ITEM };

struct block {
	enum kind kind;
	int indent, hang;  /* PARA: continuation indent; ITEM: the second column */
	struct buf term;   /* ITEM: the first column */
	struct buf body;
};

static int is_heading(const char *s, size_t n)
{
	int letters = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= 'a' && s[i] <= 'z')
			return 0;
		letters += s[i] >= 'A' && s[i] <= 'Z';
	}
	return letters >= 2;
}

/* Where a gap of GAP spaces starts after the first text of line s (from byte `from`), or
 * 0 when there is none. */
static size_t gap_at(const char *s, size_t n, size_t from)
{
	for (size_t i = from; i + GAP < n; i++) {
		if (s[i] == ' ' || s[i] == '\t')
			continue;
		size_t k = i + 1;
		while (k < n && s[k] == ' ')
			k++;
		if (k - (i + 1) >= GAP && k < n)
			return i + 1;
	}
	return 0;
}

static void render(struct out *o, struct block *b, int width)
{
	struct buf first = { 0 };
	switch (b->kind) {
	case BLANK:
		push(o, xstrdup(""));
		break;
	case HEAD:
		words(o, "", 0, 0, b->body.s, b->body.n, width);
		break;
	case PARA:
		spaces(&first, b->indent);
		add(&first, "", 0);
		words(o, first.s, b->indent, b->hang, b->body.s, b->body.n, width);
		break;
	case ITEM: {
		int tw = cells(b->term.s, b->term.n);
		spaces(&first, b->indent);
		add(&first, b->term.s, b->term.n);
		if (b->hang + MIN_DESC <= width && b->indent + tw + 1 < b->hang) {
			spaces(&first, b->hang - b->indent - tw);
			words(o, first.s, b->hang, b->hang, b->body.s, b->body.n, width);
		} else {
			free(first.s);
			first = (struct buf){ 0 };
			spaces(&first, b->indent);
			add(&first, "", 0);
			words(o, first.s, b->indent, b->indent + 2, b->term.s, b->term.n, width);
			free(first.s);
			first = (struct buf){ 0 };
			spaces(&first, b->indent + 4);
			add(&first, "", 0);
			words(o, first.s, b->indent + 4, b->indent + 4, b->body.s, b->body.n, width);
		}
		break;
	}
	}
	free(first.s);
	free(b->term.s);
	free(b->body.s);
	memset(b, 0, sizeof *b);
}

/* Whether line s (indentation ind) continues block b. */
static int continues(const struct block *b, const char *s, size_t n, int ind)
{
	if (b->kind == PARA)
		return ind == b->hang && !(n > (size_t)ind + 1 && (s[ind] == '-' || s[ind] == '*') &&
					   s[ind + 1] == ' ') && !gap_at(s, n, (size_t)ind);
	if (b->kind == ITEM)
		return ind >= b->hang - 1 && ind <= b->hang + 1;
	return 0;
}

/* Starts a block from line s. */
static void start(struct block *b, const char *s, size_t n, int ind)
{
	size_t g = gap_at(s, n, (size_t)ind);
	b->indent = ind;
	if (ind >= (int)n) {
		b->kind = BLANK;
	} else if (is_heading(s, n) && ind == 0) {
		b->kind = HEAD;
		add(&b->body, s, n);
	} else if (g) {
		size_t d = g;
		while (d < n && s[d] == ' ')
			d++;
		b->kind = ITEM;
		b->hang = cells(s, d);
		add(&b->term, s + ind, g - (size_t)ind);
		add(&b->body, s + d, n - d);
	} else {
		b->kind = PARA;
		b->hang = ind;
		if (n > (size_t)ind + 1 && (s[ind] == '-' || s[ind] == '*') && s[ind + 1] == ' ')
			b->hang += 2;
		add(&b->body, s + ind, n - (size_t)ind);
	}
}

char **ui_reflow(const char *text, int width, size_t *nlines)
{
	struct out o = { 0 };
	struct block b = { 0 };
	int open = 0;
	if (width < 1)
		width = 1;
	for (const char *p = text ? text : ""; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		int ind = 0;
		while ((size_t)ind < n && (p[ind] == ' ' || p[ind] == '\t'))
			ind++;
		if (open && (size_t)ind < n && continues(&b, p, n, ind)) {
			add(&b.body, " ", 1);
			add(&b.body, p + ind, n - (size_t)ind);
		} else {
			if (open)
				render(&o, &b, width);
			start(&b, p, n, ind);
			open = 1;
			if (b.kind == BLANK || b.kind == HEAD) {
				render(&o, &b, width);
				open = 0;
			}
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	if (open)
		render(&o, &b, width);
	while (o.n > 0 && o.v[o.n - 1][0] == '\0') {
		free(o.v[--o.n]);
		o.v[o.n] = NULL;
	}
	if (!o.v)
		push(&o, NULL), o.n = 0;
	if (nlines)
		*nlines = o.n;
	return o.v;
}
