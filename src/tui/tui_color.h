/* tui_color: cell roles (chart/canvas.h) to curses attributes: colour pairs when the terminal
 * has colours and NO_COLOR is unset or empty, otherwise a monochrome mapping with bold,
 * reverse and dim. Neighbours: tui (paints cells), canvas (the roles). */
#ifndef TATON_TUI_COLOR_H
#define TATON_TUI_COLOR_H

#include "chart/canvas.h"

/* Call after the curses screen exists. Returns 1 when colours are used, 0 for monochrome. */
int tui_color_init(void);
/* Attributes and colour pair for role (out-of-range roles get the plain style). */
void tui_color_get(int role, unsigned long *attr, short *pair);

#endif
