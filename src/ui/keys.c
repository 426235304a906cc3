/* ui_keys: the binding table (key -> command string or screen action) and the help overlay
 * generated from it. Limits: one binding per (key, scope); names are ASCII.
 * Neighbours: ui (dispatch), draw (overlay), cli/cmd (the commands named here). */
#include "ui/keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/xmalloc.h"

const struct ui_binding ui_keys_table[] = {
	{ .key = ' ', .scope = UI_KEYS_ANY, .action = UI_KEYS_CMD, .command = "toggle",
	  .help = "run / pause" },
	{ .key = 'n', .scope = UI_KEYS_ANY, .action = UI_KEYS_CMD, .command = "step",
	  .help = "one step" },
	{ .key = 'N', .scope = UI_KEYS_ANY, .action = UI_KEYS_CMD, .command = "step 10",
	  .help = "ten steps" },
	{ .key = 'r', .scope = UI_KEYS_ANY, .action = UI_KEYS_CMD, .command = "reset",
	  .help = "restart at step 0" },
	{ .key = '+', .scope = UI_KEYS_ANY, .action = UI_KEYS_CMD, .command = "speed +",
	  .help = "faster" },
	{ .key = '=', .scope = UI_KEYS_ANY, .action = UI_KEYS_CMD, .command = "speed +",
	  .help = "faster" },
	{ .key = '-', .scope = UI_KEYS_ANY, .action = UI_KEYS_CMD, .command = "speed -",
	  .help = "slower" },
	{ .key = 'd', .scope = UI_KEYS_ANY, .action = UI_KEYS_CMD, .command = "dynamics next",
	  .help = "next learning dynamic" },
	{ .key = UI_KEY_TAB, .scope = UI_KEYS_ANY, .action = UI_KEYS_CMD, .command = "pane next",
	  .help = "focus the next pane" },
	{ .key = UI_KEY_BTAB, .scope = UI_KEYS_ANY, .action = UI_KEYS_CMD, .command = "pane prev",
	  .help = "focus the previous pane" },
	{ .key = 'z', .scope = UI_KEYS_ANY, .action = UI_KEYS_CMD, .command = "zoom",
	  .help = "zoom the focused chart" },
	{ .key = 'l', .scope = UI_KEYS_ANY, .action = UI_KEYS_CMD, .command = "log",
	  .help = "log y axis of focused chart" },
	{ .key = ':', .scope = UI_KEYS_ANY, .action = UI_KEYS_PROMPT,
	  .help = "prompt (tab completes)" },
	{ .key = '?', .scope = UI_KEYS_ANY, .action = UI_KEYS_CMD, .command = "help keys",
	  .help = "this help" },
	{ .key = UI_KEY_F1, .scope = UI_KEYS_ANY, .action = UI_KEYS_CMD, .command = "help keys",
	  .help = "this help" },
	{ .key = 'q', .scope = UI_KEYS_ANY, .action = UI_KEYS_CMD, .command = "quit",
	  .help = "quit" },
	{ .key = UI_KEY_CTRL_L, .scope = UI_KEYS_ANY, .action = UI_KEYS_REDRAW,
	  .help = "redraw the screen" },
	{ .key = UI_KEY_F10, .scope = UI_KEYS_ANY, .action = UI_KEYS_CMD, .command = "quit",
	  .help = "quit" },
	{ .key = 'w', .scope = UI_KEYS_ANY, .action = UI_KEYS_CMD, .command = "view recent",
	  .help = "time charts: recent / all" },
	{ .key = '>', .scope = UI_KEYS_ANY, .action = UI_KEYS_INC,
	  .help = "selected parameter up" },
	{ .key = '<', .scope = UI_KEYS_ANY, .action = UI_KEYS_DEC,
	  .help = "selected parameter down" },
	{ .key = UI_KEY_ESC, .scope = UI_KEYS_ANY, .action = UI_KEYS_ESCAPE,
	  .help = "close; cancel computing" },
	{ .key = UI_KEY_CLICK, .scope = UI_KEYS_ANY, .action = UI_KEYS_CLICK,
	  .help = "focus, select, press button" },
	{ .key = UI_KEY_UP, .scope = UI_KEYS_PARAMS, .action = UI_KEYS_UP,
	  .help = "select a parameter" },
	{ .key = UI_KEY_DOWN, .scope = UI_KEYS_PARAMS, .action = UI_KEYS_DOWN,
	  .help = "select a parameter" },
	{ .key = UI_KEY_HOME, .scope = UI_KEYS_PARAMS, .action = UI_KEYS_FIRST,
	  .help = "first / last parameter" },
	{ .key = UI_KEY_END, .scope = UI_KEYS_PARAMS, .action = UI_KEYS_LAST,
	  .help = "first / last parameter" },
	{ .key = UI_KEY_ENTER, .scope = UI_KEYS_PARAMS, .action = UI_KEYS_EDIT,
	  .help = "edit the parameter" },
	{ .key = 'e', .scope = UI_KEYS_PARAMS, .action = UI_KEYS_EDIT,
	  .help = "edit the parameter" },
	{ .key = UI_KEY_RIGHT, .scope = UI_KEYS_PARAMS, .action = UI_KEYS_INC,
	  .help = "one step up (choices cycle)" },
	{ .key = UI_KEY_LEFT, .scope = UI_KEYS_PARAMS, .action = UI_KEYS_DEC,
	  .help = "one step down" },
	{ .key = UI_KEY_WHEEL_UP, .scope = UI_KEYS_PARAMS, .action = UI_KEYS_INC,
	  .help = "pointed parameter up" },
	{ .key = UI_KEY_WHEEL_DOWN, .scope = UI_KEYS_PARAMS, .action = UI_KEYS_DEC,
	  .help = "pointed parameter down" },
	{ .key = UI_KEY_UP, .scope = UI_KEYS_INFO, .action = UI_KEYS_UP, .help = "scroll" },
	{ .key = UI_KEY_DOWN, .scope = UI_KEYS_INFO, .action = UI_KEYS_DOWN, .help = "scroll" },
	{ .key = UI_KEY_PGUP, .scope = UI_KEYS_INFO, .action = UI_KEYS_PGUP,
	  .help = "scroll a page" },
	{ .key = UI_KEY_PGDN, .scope = UI_KEYS_INFO, .action = UI_KEYS_PGDN,
	  .help = "scroll a page" },
	{ .key = UI_KEY_HOME, .scope = UI_KEYS_INFO, .action = UI_KEYS_FIRST,
	  .help = "top / bottom" },
	{ .key = UI_KEY_END, .scope = UI_KEYS_INFO, .action = UI_KEYS_LAST,
	  .help = "top / bottom" },
	{ .key = UI_KEY_WHEEL_UP, .scope = UI_KEYS_INFO, .action = UI_KEYS_UP,
	  .help = "scroll (mouse)" },
	{ .key = UI_KEY_WHEEL_DOWN, .scope = UI_KEYS_INFO, .action = UI_KEYS_DOWN,
	  .help = "scroll (mouse)" },
};
const size_t ui_keys_count = sizeof ui_keys_table / sizeof ui_keys_table[0];

const struct ui_button ui_buttons[] = {
	{ .label = "Run", .running = "Pause", .key = ' ' },
	{ .label = "Step", .key = 'n' },
	{ .label = "Reset", .key = 'r' },
	{ .label = "Help", .key = UI_KEY_F1 },
	{ .label = "Quit", .key = UI_KEY_F10 },
};
const size_t ui_nbuttons = sizeof ui_buttons / sizeof ui_buttons[0];

const struct ui_binding *ui_keys_find(int key, enum ui_keys_scope scope)
{
	const struct ui_binding *any = NULL;
	for (size_t i = 0; i < ui_keys_count; i++) {
		const struct ui_binding *b = &ui_keys_table[i];
		if (b->key != key)
			continue;
		if (b->scope == scope && scope != UI_KEYS_ANY)
			return b;
		if (b->scope == UI_KEYS_ANY && !any)
			any = b;
	}
	return any;
}

const char *ui_keys_name(int key, char *buf, size_t size)
{
	static const struct { int key; const char *name; } names[] = {
		{ ' ', "space" }, { UI_KEY_TAB, "tab" }, { UI_KEY_ESC, "esc" },
		{ UI_KEY_UP, "up" }, { UI_KEY_DOWN, "down" }, { UI_KEY_LEFT, "left" },
		{ UI_KEY_RIGHT, "right" }, { UI_KEY_PGUP, "pgup" }, { UI_KEY_PGDN, "pgdn" },
		{ UI_KEY_HOME, "home" }, { UI_KEY_END, "end" }, { UI_KEY_ENTER, "enter" },
		{ UI_KEY_BACKSPACE, "backspace" }, { UI_KEY_DELETE, "delete" },
		{ UI_KEY_BTAB, "shift-tab" }, { UI_KEY_F1, "F1" }, { UI_KEY_F10, "F10" },
		{ UI_KEY_CLICK, "click" }, { UI_KEY_WHEEL_UP, "wheel-up" },
		{ UI_KEY_WHEEL_DOWN, "wheel-down" }, { UI_KEY_RESIZE, "resize" },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].key == key) {
			snprintf(buf, size, "%s", names[i].name);
			return buf;
		}
	if (key > 0 && key < 32)
		snprintf(buf, size, "ctrl-%c", '@' + key);
	else if (key > 32 && key < 127)
		snprintf(buf, size, "%c", key);
	else
		snprintf(buf, size, "U+%04X", (unsigned)key);
	return buf;
}

static const char *scope_heading(enum ui_keys_scope s)
{
	switch (s) {
	case UI_KEYS_ANY: return "Everywhere";
	case UI_KEYS_CHART: return "In a chart";
	case UI_KEYS_PARAMS: return "In the parameter pane";
	case UI_KEYS_INFO: return "In the info pane";
	}
	return "";
}

static const char *action_text(const struct ui_binding *b)
{
	switch (b->action) {
	case UI_KEYS_CMD: return b->command;
	case UI_KEYS_PROMPT: return "(prompt)";
	case UI_KEYS_EDIT: return "set NAME ...";
	case UI_KEYS_REDRAW: return "(redraw)";
	case UI_KEYS_INC: return "adjust NAME +";
	case UI_KEYS_DEC: return "adjust NAME -";
	case UI_KEYS_CLICK: return "(mouse)";
	case UI_KEYS_ESCAPE: return "(cancel)";
	default: return "";
	}
}

char **ui_keys_help_lines(void)
{
	/* Bindings of one scope with the same action text and help share a line
	 * ("+/=  speed +  faster"). At most one heading per scope plus one line per binding. */
	char **lines = xcalloc(ui_keys_count + ui_nbuttons + 10, sizeof *lines);
	char *used = xcalloc(ui_keys_count, 1);
	size_t n = 0;
	for (int scope = UI_KEYS_ANY; scope <= UI_KEYS_INFO; scope++) {
		int first = 1;
		for (size_t i = 0; i < ui_keys_count; i++) {
			const struct ui_binding *b = &ui_keys_table[i];
			if ((int)b->scope != scope || used[i])
				continue;
			if (first) {
				lines[n++] = xstrdup(scope_heading(b->scope));
				first = 0;
			}
			char names[64], name[16];
			snprintf(names, sizeof names, "%s", ui_keys_name(b->key, name, sizeof name));
			for (size_t j = i + 1; j < ui_keys_count; j++) {
				const struct ui_binding *o = &ui_keys_table[j];
				if (o->scope != b->scope || strcmp(o->help, b->help) ||
				    strcmp(action_text(o), action_text(b)))
					continue;
				used[j] = 1;
				size_t len = strlen(names);
				snprintf(names + len, sizeof names - len, "/%s",
					 ui_keys_name(o->key, name, sizeof name));
			}
			lines[n++] = xasprintf("  %-11s %-14s %s", names, action_text(b), b->help);
		}
	}
	lines[n++] = xstrdup("Status-line buttons (click)");
	for (size_t i = 0; i < ui_nbuttons; i++) {
		char label[32], name[16];
		const struct ui_button *bt = &ui_buttons[i];
		snprintf(label, sizeof label, "%s%s%s", bt->label, bt->running ? "/" : "",
			 bt->running ? bt->running : "");
		lines[n++] = xasprintf("  %-11s %-14s as the key %s", label, "(button)",
				       ui_keys_name(bt->key, name, sizeof name));
	}
	lines[n] = NULL;
	free(used);
	return lines;
}
