/* test_canvas: the cell grid under every chart: UTF-8 encoding and decoding, clipped text,
 * frames, resizing, and canvas_to_text (trailing spaces trimmed, one '\n' per row). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chart/canvas.h"

static void test_utf8_encode(void **state)
{
	char b[5];
	(void)state;
	assert_int_equal(canvas_utf8('A', b), 1);
	assert_string_equal(b, "A");
	assert_int_equal(canvas_utf8(0xE9, b), 2); /* e acute */
	assert_memory_equal(b, "\xC3\xA9", 2);
	assert_int_equal(canvas_utf8(0x283F, b), 3); /* braille, six dots */
	assert_memory_equal(b, "\xE2\xA0\xBF", 3);
	assert_int_equal(canvas_utf8(0x2588, b), 3); /* full block */
	assert_memory_equal(b, "\xE2\x96\x88", 3);
	assert_int_equal(canvas_utf8(0x1F600, b), 4);
	assert_memory_equal(b, "\xF0\x9F\x98\x80", 4);
	assert_int_equal(canvas_utf8(0x7FF, b), 2);
	assert_int_equal(canvas_utf8(0x800, b), 3);
	assert_int_equal(canvas_utf8(0xFFFF, b), 3);
	assert_int_equal(canvas_utf8(0x10000, b), 4);
	/* Surrogates and values past U+10FFFF are not characters. */
	assert_int_equal(canvas_utf8(0xD800, b), 1);
	assert_string_equal(b, "?");
	assert_int_equal(canvas_utf8(0x110000, b), 1);
	assert_string_equal(b, "?");
}

static void test_text_decode(void **state)
{
	struct canvas c;
	(void)state;
	canvas_init(&c, 10, 1);
	assert_int_equal(canvas_text(&c, 0, 0, "a\xC3\xA9\xE2\xA0\xBF\xF0\x9F\x98\x80z", -1,
				     ROLE_LABEL), 5);
	assert_int_equal(canvas_at(&c, 0, 0)->cp, 'a');
	assert_int_equal(canvas_at(&c, 1, 0)->cp, 0xE9);
	assert_int_equal(canvas_at(&c, 2, 0)->cp, 0x283F);
	assert_int_equal(canvas_at(&c, 3, 0)->cp, 0x1F600);
	assert_int_equal(canvas_at(&c, 4, 0)->cp, 'z');
	assert_int_equal(canvas_at(&c, 4, 0)->role, ROLE_LABEL);
	canvas_clear(&c);
	/* A stray continuation byte, a truncated sequence, an overlong '/', a control char. */
	assert_int_equal(canvas_text(&c, 0, 0, "\x80x\xE2\xA0y\xC0\xAFz\t", -1, ROLE_LABEL), 7);
	char *t = canvas_to_text(&c);
	assert_string_equal(t, "?x?y?z?\n");
	free(t);
	canvas_fini(&c);
}

static void test_text_clip(void **state)
{
	struct canvas c;
	(void)state;
	canvas_init(&c, 8, 3);
	assert_int_equal(canvas_text(&c, 2, 0, "abcdef", 3, ROLE_LABEL), 3);
	assert_int_equal(canvas_text(&c, 5, 1, "abcdef", -1, ROLE_LABEL), 3);
	assert_int_equal(canvas_text(&c, -2, 2, "abcdef", -1, ROLE_LABEL), 4);
	assert_int_equal(canvas_text(&c, 0, 3, "abc", -1, ROLE_LABEL), 0);
	assert_int_equal(canvas_text(&c, 0, -1, "abc", -1, ROLE_LABEL), 0);
	assert_int_equal(canvas_text(&c, 0, 0, "", -1, ROLE_LABEL), 0);
	assert_int_equal(canvas_text(&c, 0, 0, "abc", 0, ROLE_LABEL), 0);
	char *t = canvas_to_text(&c);
	assert_string_equal(t, "  abc\n     abc\ncdef\n");
	free(t);
	canvas_fini(&c);
}

static void test_put_clip(void **state)
{
	struct canvas c;
	(void)state;
	canvas_init(&c, 3, 2);
	canvas_put(&c, -1, 0, 'x', ROLE_AXIS);
	canvas_put(&c, 3, 0, 'x', ROLE_AXIS);
	canvas_put(&c, 0, 2, 'x', ROLE_AXIS);
	canvas_put(&c, 0, -1, 'x', ROLE_AXIS);
	canvas_put(&c, 2, 1, 'y', ROLE_AXIS);
	char *t = canvas_to_text(&c);
	assert_string_equal(t, "\n  y\n");
	free(t);
	assert_int_equal(canvas_at(&c, 2, 1)->role, ROLE_AXIS);
	assert_int_equal(canvas_at(&c, 0, 0)->role, ROLE_NONE);
	canvas_fini(&c);
}

static void test_frame(void **state)
{
	struct canvas c;
	(void)state;
	canvas_init(&c, 6, 4);
	canvas_frame(&c, 0, 0, 4, 3, 0, ROLE_HIGHLIGHT);
	canvas_frame(&c, 3, 1, 5, 5, 1, ROLE_AXIS); /* runs off the canvas: clipped */
	char *t = canvas_to_text(&c);
	assert_string_equal(t, "\xE2\x94\x8C\xE2\x94\x80\xE2\x94\x80\xE2\x94\x90\n"
			       "\xE2\x94\x82  +--\n"
			       "\xE2\x94\x94\xE2\x94\x80\xE2\x94\x80|\n"
			       "   |\n");
	free(t);
	assert_int_equal(canvas_at(&c, 0, 0)->role, ROLE_HIGHLIGHT);
	canvas_fini(&c);
}

static void test_resize_and_trim(void **state)
{
	struct canvas c;
	(void)state;
	canvas_init(&c, 2, 2);
	canvas_text(&c, 0, 0, "ab", -1, ROLE_LABEL);
	canvas_resize(&c, 5, 3);
	assert_int_equal(c.w, 5);
	assert_int_equal(c.h, 3);
	char *t = canvas_to_text(&c);
	assert_string_equal(t, "\n\n\n"); /* cleared, all rows trimmed */
	free(t);
	canvas_text(&c, 1, 1, "a b  ", -1, ROLE_LABEL);
	t = canvas_to_text(&c);
	assert_string_equal(t, "\n a b\n\n");
	free(t);
	canvas_resize(&c, 0, 0);
	t = canvas_to_text(&c);
	assert_string_equal(t, "");
	free(t);
	canvas_fini(&c);
	assert_null(c.cells);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_encode),
		cmocka_unit_test(test_text_decode),
		cmocka_unit_test(test_text_clip),
		cmocka_unit_test(test_put_clip),
		cmocka_unit_test(test_frame),
		cmocka_unit_test(test_resize_and_trim),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
