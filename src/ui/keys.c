/* ui_keys: the binding table (key -> command string or screen action) and the help overlay
 * generated from it. Limits: one binding per (key, scope); names are ASCII.
 * Neighbours: ui (dispatch), draw (overlay), cli/cmd (the commands named here). */
#include "ui/keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/xmalloc.h"

const struct ui_binding ui_keys_table[] = {
	{ ' ', UI_KEYS_ANY, UI_KEYS_CMD, "toggle", "run / pause" },
	{ 'n', UI_KEYS_ANY, UI_KEYS_CMD, "step", "one step" },
	{ 'N', UI_KEYS_ANY, UI_KEYS_CMD, "step 10", "ten steps" },
	{ 'r', UI_KEYS_ANY, UI_KEYS_CMD, "reset", "restart at step 0" },
	{ '+', UI_KEYS_ANY, UI_KEYS_CMD, "speed +", "faster" },
	{ '=', UI_KEYS_ANY, UI_KEYS_CMD, "speed +", "faster" },
	{ '-', UI_KEYS_ANY, UI_KEYS_CMD, "speed -", "slower" },
	{ 'd', UI_KEYS_ANY, UI_KEYS_CMD, "dynamics next", "next learning dynamic" },
	{ UI_KEY_TAB, UI_KEYS_ANY, UI_KEYS_CMD, "pane next", "focus the next pane" },
	{ UI_KEY_BTAB, UI_KEYS_ANY, UI_KEYS_CMD, "pane prev", "focus the previous pane" },
	{ 'z', UI_KEYS_ANY, UI_KEYS_CMD, "zoom", "zoom the focused chart" },
	{ 'l', UI_KEYS_ANY, UI_KEYS_CMD, "log", "log scale of the focused chart" },
	{ ':', UI_KEYS_ANY, UI_KEYS_PROMPT, NULL, "command prompt (tab completes)" },
	{ '?', UI_KEYS_ANY, UI_KEYS_CMD, "help keys", "this help" },
	{ UI_KEY_F1, UI_KEYS_ANY, UI_KEYS_CMD, "help keys", "this help" },
	{ 'q', UI_KEYS_ANY, UI_KEYS_CMD, "quit", "quit" },
	{ UI_KEY_UP, UI_KEYS_PARAMS, UI_KEYS_UP, NULL, "select a parameter" },
	{ UI_KEY_DOWN, UI_KEYS_PARAMS, UI_KEYS_DOWN, NULL, "select a parameter" },
	{ UI_KEY_HOME, UI_KEYS_PARAMS, UI_KEYS_FIRST, NULL, "first / last parameter" },
	{ UI_KEY_END, UI_KEYS_PARAMS, UI_KEYS_LAST, NULL, "first / last parameter" },
	{ UI_KEY_ENTER, UI_KEYS_PARAMS, UI_KEYS_EDIT, NULL, "edit the parameter" },
	{ 'e', UI_KEYS_PARAMS, UI_KEYS_EDIT, NULL, "edit the parameter" },
	{ UI_KEY_UP, UI_KEYS_INFO, UI_KEYS_UP, NULL, "scroll" },
	{ UI_KEY_DOWN, UI_KEYS_INFO, UI_KEYS_DOWN, NULL, "scroll" },
	{ UI_KEY_PGUP, UI_KEYS_INFO, UI_KEYS_PGUP, NULL, "scroll a page" },
	{ UI_KEY_PGDN, UI_KEYS_INFO, UI_KEYS_PGDN, NULL, "scroll a page" },
	{ UI_KEY_HOME, UI_KEYS_INFO, UI_KEYS_FIRST, NULL, "top / bottom" },
	{ UI_KEY_END, UI_KEYS_INFO, UI_KEYS_LAST, NULL, "top / bottom" },
};
const size_t ui_keys_count = sizeof ui_keys_table / sizeof ui_keys_table[0];

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
		{ UI_KEY_BTAB, "shift-tab" }, { UI_KEY_F1, "F1" }, { UI_KEY_RESIZE, "resize" },
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
	default: return "";
	}
}

char **ui_keys_help_lines(void)
{
	/* Bindings of one scope with the same action text and help share a line
	 * ("+/=  speed +  faster"). At most one heading per scope plus one line per binding. */
	char **lines = xcalloc(ui_keys_count + 8, sizeof *lines);
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
	lines[n] = NULL;
	free(used);
	return lines;
}
