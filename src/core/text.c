/* text: see text.h. Escape sequences follow ECMA-48: ESC then intermediates (0x20-0x2F)
 * and a final byte; CSI (ESC [ or 0x9B) then parameters and intermediates (0x20-0x3F) and a
 * final byte (0x40-0x7E); OSC, DCS, SOS, PM and APC (ESC ] P X ^ _, or 0x9D 0x90 0x98 0x9E
 * 0x9F) run to BEL, ST (ESC \\ or 0x9C) or the end of the text. An unfinished sequence at
 * the end is dropped whole. */
#include "core/text.h"

#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

/* Length of the valid UTF-8 sequence at s (1 to 4), or 0 when s[0] does not start one. */
size_t text_utf8_len(const unsigned char *s)
{
	size_t n;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2, cp = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3, cp = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

/* The C1 control at s (UTF-8 C2 80..9F), or -1. */
int text_c1_at(const unsigned char *s)
{
	return s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F ? s[1] : -1;
}

/* Skips a string control sequence body (after its introducer) to BEL or ST. */
static const unsigned char *skip_string(const unsigned char *s)
{
	for (; *s; s++) {
		if (*s == 0x07)
			return s + 1;
		if (*s == 0x1B && s[1] == '\\')
			return s + 2;
		if (text_c1_at(s) == 0x9C)
			return s + 2;
	}
	return s;
}

/* Skips a CSI body (after its introducer) to its final byte. */
static const unsigned char *skip_csi(const unsigned char *s)
{
	while (*s >= 0x20 && *s <= 0x3F)
		s++;
	return *s >= 0x40 && *s <= 0x7E ? s + 1 : s;
}

/* The text after the escape sequence that starts at s (ESC or a C1 control). */
static const unsigned char *skip_sequence(const unsigned char *s)
{
	int c1 = text_c1_at(s);

	if (c1 >= 0) {
		if (c1 == 0x9B)
			return skip_csi(s + 2);
		if (c1 == 0x9D || c1 == 0x90 || c1 == 0x98 || c1 == 0x9E || c1 == 0x9F)
			return skip_string(s + 2);
		return s + 2;
	}
	s++; /* ESC */
	if (*s == '[')
		return skip_csi(s + 1);
	if (*s == ']' || *s == 'P' || *s == 'X' || *s == '^' || *s == '_')
		return skip_string(s + 1);
	while (*s >= 0x20 && *s <= 0x2F)
		s++;
	return *s >= 0x30 && *s <= 0x7E ? s + 1 : s;
}

char *text_clean(const char *text, int lines)
{
	const unsigned char *s = (const unsigned char *)(text ? text : "");
	char *out = xmalloc(strlen((const char *)s) + 1), *o = out;

	while (*s) {
		size_t n;

		if (*s == 0x1B || text_c1_at(s) >= 0) {
			s = skip_sequence(s);
		} else if (*s == '\n' || *s == '\t') {
			*o++ = lines ? (char)*s : ' ';
			s++;
		} else if (*s < 0x20 || *s == 0x7F) {
			*o++ = '?';
			s++;
		} else if ((n = text_utf8_len(s)) == 0) {
			*o++ = '?';
			s++;
		} else {
			memcpy(o, s, n);
			o += n;
			s += n;
		}
	}
	*o = '\0';
	return out;
}

