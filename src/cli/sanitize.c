/* sanitize: see sanitize.h. The terminal form is core/text's text_clean. */
#include "cli/sanitize.h"

#include <stdlib.h>

#include "core/text.h"

char *sanitize_term(const char *text, int lines)
{
	return text_clean(text, lines);
}

void sanitize_fputs(const char *text, int lines, FILE *f)
{
	char *t = text_clean(text, lines);

	fputs(t, f);
	free(t);
}

void sanitize_fputs_line(const char *text, FILE *f)
{
	const unsigned char *s = (const unsigned char *)(text ? text : "");

	while (*s) {
		size_t n;
		int c1 = text_c1_at(s);

		if (*s == '\n') {
			fputs("\\n", f);
		} else if (*s == '\r') {
			fputs("\\r", f);
		} else if (*s == '\t') {
			fputs("\\t", f);
		} else if (*s < 0x20 || *s == 0x7F) {
			fprintf(f, "\\x%02X", *s);
		} else if (c1 >= 0) {
			fprintf(f, "\\u%04X", (unsigned)c1);
			s += 2;
			continue;
		} else if ((n = text_utf8_len(s)) == 0) {
			fprintf(f, "\\x%02X", *s);
		} else {
			fwrite(s, 1, n, f);
			s += n;
			continue;
		}
		s++;
	}
}
