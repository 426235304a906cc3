/* plot: `taton run --plot`: the session's views drawn as text charts on a stream. */
#ifndef TATON_PLOT_H
#define TATON_PLOT_H

#include <stdio.h>
#include "cli/session.h"

#define PLOT_W 100
#define PLOT_H 24

/* Draws every view of s (PLOT_W x PLOT_H each, braille or ASCII) to f. */
void batch_plot(FILE *f, struct session *s, int ascii);

#endif
