/* tui_prompt: readline inside the curses screen, through readline's callback interface. The
 * loop hands keys here while the ui's prompt is open; readline edits the line, completes
 * commands, parameter names and files (cmd_complete), recalls history, and its display goes
 * to the ui's prompt line instead of the terminal. History lives in
 * $XDG_STATE_HOME/taton/history (default ~/.local/state/taton/history); failing to read or
 * write it is silent. Neighbours: tui (the loop), ui (the prompt state), cmd (completion). */
#ifndef TATON_TUI_PROMPT_H
#define TATON_TUI_PROMPT_H

#include "ui/ui.h"

/* Configures readline (no signal handling, no terminal changes, no environment changes) and
 * loads the history. Call once before the curses screen starts. u is borrowed until
 * tui_prompt_fini. */
void tui_prompt_init(struct ui *u);
/* Saves the history and releases readline's state. */
void tui_prompt_fini(void);
/* Starts editing the ui's open prompt (its initial text already in place). */
void tui_prompt_start(void);
/* Feeds one key from wget_wch (is_code: a KEY_* code, else a character). The prompt may
 * close (the line was accepted and run, or the edit was cancelled with Escape or Ctrl-G). */
void tui_prompt_key(int is_code, unsigned long key);
/* Abandons an edit in progress (e.g. when leaving the program). */
void tui_prompt_cancel(void);
int tui_prompt_active(void);

#endif
