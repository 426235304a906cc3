/* tui_color: the one place where roles get colours. Limits: eight colours are enough (no
 * 256-colour palette), so it reads the same on light and dark backgrounds as far as the
 * basic palette allows; the monochrome style tells roles apart by bold, dim and reverse
 * only. Neighbours: tui. */
#define _XOPEN_SOURCE_EXTENDED 1
#include "tui/tui_color.h"

#include <curses.h>
#include <stdlib.h>

static int use_color;

static const struct {
	short fg;          /* -1 = terminal default */
	unsigned long attr;
	unsigned long mono;
} styles[ROLE_COUNT] = {
	[ROLE_NONE] = { -1, 0, 0 },
	[ROLE_AXIS] = { -1, A_DIM, A_DIM },
	[ROLE_LABEL] = { -1, 0, 0 },
	[ROLE_TITLE] = { -1, A_BOLD, A_BOLD },
	[ROLE_LEGEND] = { -1, 0, 0 },
	[ROLE_REF] = { COLOR_YELLOW, A_DIM, A_DIM },
	[ROLE_HIGHLIGHT] = { COLOR_CYAN, A_BOLD, A_BOLD },
	[ROLE_ERROR] = { COLOR_RED, A_BOLD, A_BOLD | A_REVERSE },
	[ROLE_STATUS] = { -1, A_REVERSE, A_REVERSE },
	[ROLE_SERIES1 + 0] = { COLOR_GREEN, A_BOLD, A_BOLD },
	[ROLE_SERIES1 + 1] = { COLOR_MAGENTA, A_BOLD, 0 },
	[ROLE_SERIES1 + 2] = { COLOR_CYAN, A_BOLD, 0 },
	[ROLE_SERIES1 + 3] = { COLOR_RED, A_BOLD, 0 },
	[ROLE_SERIES1 + 4] = { COLOR_BLUE, A_BOLD, 0 },
	[ROLE_SERIES1 + 5] = { COLOR_YELLOW, A_BOLD, 0 },
	[ROLE_SERIES1 + 6] = { -1, A_BOLD, 0 },
	[ROLE_SERIES1 + 7] = { -1, 0, 0 },
};

int tui_color_init(void)
{
	const char *nc = getenv("NO_COLOR");
	use_color = !(nc && *nc) && has_colors();
	if (!use_color)
		return 0;
	if (start_color() == ERR) {
		use_color = 0;
		return 0;
	}
	short bg = -1;
	if (use_default_colors() == ERR)
		bg = COLOR_BLACK;
	for (int r = 1; r < ROLE_COUNT && r < COLOR_PAIRS; r++) {
		short fg = styles[r].fg;
		if (fg < 0 && bg != -1)
			fg = COLOR_WHITE;
		init_pair((short)r, fg, bg);
	}
	return 1;
}

void tui_color_get(int role, unsigned long *attr, short *pair)
{
	if (role < 0 || role >= ROLE_COUNT)
		role = ROLE_NONE;
	if (use_color && role < COLOR_PAIRS) {
		*attr = styles[role].attr;
		*pair = (short)role;
	} else {
		*attr = styles[role].mono;
		*pair = 0;
	}
}
