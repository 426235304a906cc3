/* ui_keys: the explorer's key bindings. Each key is bound to a command string of the one
 * command table (cli/cmd) or to one of the few actions that only make sense on a screen
 * (open the prompt, edit the selected parameter, move in a list). The help overlay is
 * generated from this table, so a key cannot work without being documented.
 * Key codes are our own (code points for characters, UI_KEY_* above Unicode for the rest),
 * so src/ui never sees curses; src/tui maps curses keys to them.
 * Neighbours: ui (dispatches keys), draw (help overlay), tui (maps keys). */
#ifndef TATON_UI_KEYS_H
#define TATON_UI_KEYS_H

#include <stddef.h>

enum ui_key {
	UI_KEY_NONE = 0,
	/* Characters are their code points: ' ', 'n', '\t' (tab), 27 (Escape), 127 ... */
	UI_KEY_TAB = '\t',
	UI_KEY_CTRL_L = 12,
	UI_KEY_ESC = 27,
	UI_KEY_SPECIAL = 0x110000, /* first code above Unicode */
	UI_KEY_UP = UI_KEY_SPECIAL,
	UI_KEY_DOWN,
	UI_KEY_LEFT,
	UI_KEY_RIGHT,
	UI_KEY_PGUP,
	UI_KEY_PGDN,
	UI_KEY_HOME,
	UI_KEY_END,
	UI_KEY_ENTER,
	UI_KEY_BACKSPACE,
	UI_KEY_DELETE,
	UI_KEY_BTAB,   /* shift-tab */
	UI_KEY_F1,
	UI_KEY_F10,
	/* Mouse events: the pointer's cell is in ui.mouse_x, ui.mouse_y, and the binding of
	 * the pane under the pointer applies (not of the focused pane). */
	UI_KEY_CLICK,
	UI_KEY_WHEEL_UP,
	UI_KEY_WHEEL_DOWN,
	UI_KEY_RESIZE, /* the terminal changed size (not a binding; tui reports it) */
};

/* Whether key is a mouse event. */
#define UI_KEY_IS_MOUSE(k) ((k) == UI_KEY_CLICK || (k) == UI_KEY_WHEEL_UP || \
			    (k) == UI_KEY_WHEEL_DOWN)

/* Where a binding applies: everywhere, or only when that kind of pane has the focus. */
enum ui_keys_scope { UI_KEYS_ANY, UI_KEYS_CHART, UI_KEYS_PARAMS, UI_KEYS_INFO };

enum ui_keys_action {
	UI_KEYS_CMD,    /* run `command` through the command table */
	UI_KEYS_PROMPT, /* open the `:` command prompt */
	UI_KEYS_EDIT,   /* edit the selected parameter */
	UI_KEYS_UP,     /* move the selection / scroll by one line */
	UI_KEYS_DOWN,
	UI_KEYS_PGUP,   /* by one page */
	UI_KEYS_PGDN,
	UI_KEYS_FIRST,
	UI_KEYS_LAST,
	UI_KEYS_REDRAW, /* paint the whole screen again (the terminal got scribbled on) */
	UI_KEYS_INC,    /* the selected parameter one slider step up (`adjust NAME +`) */
	UI_KEYS_DEC,    /* ... down */
	UI_KEYS_CLICK,  /* focus the pane under the pointer, select the parameter or press
			 * the status-line button there */
	UI_KEYS_ESCAPE, /* close an overlay; cancel a computation (a step: stop after it) */
};

struct ui_binding {
	int key;
	enum ui_keys_scope scope;
	enum ui_keys_action action;
	const char *command; /* UI_KEYS_CMD only */
	const char *help;    /* one short line for the overlay */
};

extern const struct ui_binding ui_keys_table[];
extern const size_t ui_keys_count;

/* The status line's buttons: a click presses `key` (so a button does what its key does). */
struct ui_button {
	const char *label;   /* "Run" */
	const char *running; /* label while running (NULL: the same) */
	int key;
};
extern const struct ui_button ui_buttons[];
extern const size_t ui_nbuttons;

/* The binding for `key` when a pane of kind `scope` has the focus: a binding of that scope
 * wins over a UI_KEYS_ANY one. Returns a pointer into the static table, or NULL. */
const struct ui_binding *ui_keys_find(int key, enum ui_keys_scope scope);

/* A readable key name ("space", "tab", "up", "N", "?") into buf (>= 16 bytes); returns buf. */
const char *ui_keys_name(int key, char *buf, size_t size);

/* The help overlay's lines: a heading per scope, then one line per binding aligned in three
 * columns (keys, what it runs, help); bindings of a scope with the same command and help
 * share a line ("+/="); last the status-line buttons with their keys. Returns a
 * NULL-terminated array owned by the caller (free each line, then the array). */
char **ui_keys_help_lines(void);

#endif
