/* cmd: the one command table. Everything a user can do is a command string ("step 10",
 * "set k 7.5", "dynamics kperiod:10"); TUI keys are bound to command strings, the `:` prompt
 * runs them, Lua's taton.command() runs them, batch mode runs them. Parsing and completion
 * are pure functions over a session. */
#ifndef TATON_CMD_H
#define TATON_CMD_H

#include "cli/session.h"
#include "core/err.h"

enum cmd_complete_kind { CMD_C_NONE, CMD_C_PARAM, CMD_C_FILE, CMD_C_DYNAMICS, CMD_C_VIEW,
			 CMD_C_SCENARIO };

struct cmd {
	const char *name;
	const char *usage;  /* "set NAME EXPR" */
	const char *help;   /* one line */
	int min_args, max_args;
	enum cmd_complete_kind complete; /* what the first argument completes to */
	/* Scenario code may run it (taton.command from a hook, a game function or an
	 * expression): it neither touches files nor replaces or ends the session. The safe
	 * subset is explicit: a command without the mark is the user's only. */
	int script;
	int (*fn)(struct session *s, int argc, char **argv, struct err *e);
	/* Touches only the session's presentation state (running, speed, focus, zoom, log,
	 * help, the time window, tol, quit), never the model or the runs: the explorer runs it
	 * at once even while the model computes (other commands wait their turn). */
	int instant;
};

extern const struct cmd cmd_table[];
extern const int cmd_count;

/* Runs one command line typed by the user (the prompt, a key, batch mode). Empty lines and
 * '#' comments are no-ops. 0, or -1 with e ("unknown command 'x'; try 'help'", usage
 * errors, the command's error). */
int cmd_exec(struct session *s, const char *line, struct err *e);
/* Runs one command line for scenario code (taton.command): as cmd_exec, but a command
 * without `script` is refused, naming the commands scenario code may run, and every
 * command is refused in a session without runs (session_load_params). */
int cmd_exec_script(struct session *s, const char *line, struct err *e);
const struct cmd *cmd_find(const char *name);

/* Completion candidates for the word ending at `end` in `line` (readline-style: the word
 * starts at `start`). Returns a NULL-terminated array of strings, all owned by the caller
 * (free each, then the array), or NULL when there are none. */
char **cmd_complete(const struct session *s, const char *line, int start, int end);

#endif
