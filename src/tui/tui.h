/* tui: the ncurses explorer, `taton [SCENARIO]`. The only code (with tui_color and
 * tui_prompt) that includes ncurses or readline. It owns the terminal: the input loop, time
 * slices of stepping, painting the ui's canvas, resizes, signals and restoring the terminal
 * on every way out (quit, Ctrl-C, SIGTERM/SIGHUP, a fatal error, a crash).
 * Neighbours: ui (everything that is not terminal I/O), session (the state), main (caller). */
#ifndef TATON_TUI_H
#define TATON_TUI_H

#include "core/err.h"

/* Runs the explorer on scenario_arg (a path or a shipped scenario name; NULL = the default
 * scenario) with lua/ and scenarios/ under datadir; ascii forces ASCII drawing (it is also
 * chosen when the locale's character set is not UTF-8).
 * Returns 0 when the user quits; 1 with e set on an error (e.g. the scenario does not load,
 * the terminal cannot be initialised); 2 when stdin or stdout is not a terminal (a message
 * suggesting `taton run` was already printed, e is empty); 128 + the signal number when
 * interrupted (e says which). The terminal is restored in every case. */
int tui_main(const char *scenario_arg, const char *datadir, int ascii, struct err *e);

#endif
