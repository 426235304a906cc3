/* lb_sandbox: one sandboxed Lua 5.4 state (internal to src/luabind).
 * Owns the lua_State, a capped allocator, the instruction-count hook, the wall-clock
 * deadline, the restricted globals (base minus dofile/loadfile/binary load/collectgarbage
 * tweaks, table, string, math, utf8), the private `require`, `print` routing and the error
 * handler that adds a traceback. Every call into Lua goes through lb_sandbox_pcall, which
 * enforces the budgets and turns Lua errors into struct err. C library functions that do
 * work the count hook cannot see charge it with lb_sandbox_charge (lb_strlib, lb_pairs).
 * Neighbours: lb (scenario loader), lb_game (Lua games), lb_value (conversions), lb_strlib
 * (budgeted string and table functions), lb_pairs (deterministic next/pairs). */
#ifndef TATON_LB_SANDBOX_H
#define TATON_LB_SANDBOX_H

#include <stddef.h>
#include <stdint.h>
#include <lua.h>
#include "core/err.h"

typedef void (*lb_sandbox_print_fn)(void *ctx, const char *text);
typedef int (*lb_sandbox_command_fn)(void *ctx, const char *line, struct err *e);

struct lb_sandbox {
	lua_State *L;
	char *name;     /* the scenario's path (or model name) for messages (owned) */
	char *libdir;   /* shipped lua/ directory, may be NULL (owned) */
	char *dir;      /* the scenario's directory, may be NULL (owned) */
	/* memory */
	size_t mem_used, mem_limit;
	int mem_hit;    /* the cap refused an allocation during the current entry */
	/* instructions and time */
	uint64_t budget, count; /* count: instructions run plus work charged, this entry */
	int hook_step;  /* instructions between hook calls (1 once a limit is hit) */
	double time_limit;      /* seconds of wall-clock time per entry */
	double deadline;        /* CLOCK_MONOTONIC time at which this entry stops */
	double last_hook;       /* time of the last hook call (adapts hook_step) */
	size_t alloc_unchecked; /* bytes allocated since the clock was last read */
	int stop;       /* LB_STOP_*: why this entry is being stopped (0: it is not) */
	char stop_msg[160]; /* "FILE:LINE: instruction limit exceeded ..." once stop is set */
	int depth;      /* nesting of lb_sandbox_pcall (limits apply only inside) */
	int in_c;       /* > 0 while C code called back from Lua runs (taton.command) */
	/* routing */
	lb_sandbox_print_fn print;
	void *print_ctx;
	lb_sandbox_command_fn command;
	void *command_ctx;
	uint64_t seed;  /* math.random's seed */
};

enum { LB_STOP_NONE, LB_STOP_COUNT, LB_STOP_TIME, LB_STOP_INTERRUPT };

/* Limits for sandboxes created from now on (0 = keep). Defaults: 1e8 instructions per entry
 * into Lua, 256 MB. */
void lb_sandbox_set_default_limits(uint64_t instructions, size_t memory);
/* Wall-clock seconds per entry into Lua for sandboxes created from now on (0 = keep);
 * default 5. */
void lb_sandbox_set_default_time(double seconds);
/* Asks the Lua code running now, or else the next call, to stop with "interrupted" (see
 * lb_interrupt in lb.h). Async-signal-safe. 1 when a call was running, else 0. */
int lb_sandbox_interrupt(void);
/* Drops an interrupt that no call has consumed yet. */
void lb_sandbox_interrupt_clear(void);

/* A new sandbox; name is used in messages, libdir/dir bound `require` (either may be
 * NULL). Never NULL. The `taton` table is created empty; the caller fills it. */
struct lb_sandbox *lb_sandbox_new(const char *name, const char *libdir, const char *dir);
void lb_sandbox_free(struct lb_sandbox *sb);
/* The sandbox owning L. */
struct lb_sandbox *lb_sandbox_of(lua_State *L);

/* Calls the function below nargs arguments on the stack (like lua_pcall) with the budgets
 * armed and a traceback handler. 0 with nres results pushed, or -1 with e set to
 * "file:line: message\nstack traceback:..." (stack restored to below the function). */
int lb_sandbox_pcall(struct lb_sandbox *sb, int nargs, int nres, struct err *e);
/* Loads the text chunk in file `path` (chunk name "@path") and pushes it as a function.
 * -1 with e ("cannot open 'path': ...", "path:LINE: syntax message"). */
int lb_sandbox_loadfile(struct lb_sandbox *sb, const char *path, struct err *e);
/* Evaluates the expression `expr` and pushes its value (one value). `what` names the
 * source in messages ("set k"). env: 0, or the stack index of a table whose names the
 * expression sees before the globals (it gets a metatable for that). -1 with e. */
int lb_sandbox_eval(struct lb_sandbox *sb, const char *expr, const char *what, int env,
		    struct err *e);
/* Reseeds math.random (Lua's xoshiro) deterministically. */
void lb_sandbox_seed(struct lb_sandbox *sb, uint64_t seed);
/* Charges `work` units (one unit is about one Lua instruction, or 16 bytes copied) to the
 * running entry's budget from a C function called by Lua; raises the limit's error (never
 * returns) when a limit is hit: the budget, the deadline, an interrupt. */
void lb_sandbox_charge(lua_State *L, uint64_t work);
/* Raises an error if the string at idx (which must be a string) holds a NUL byte: C code
 * would silently cut it there. Returns the string and its length in *len (may be NULL). */
const char *lb_sandbox_checktext(lua_State *L, int idx, const char *what, size_t *len);
/* Reads a regular file of at most max bytes (a FIFO, device or directory is refused, so a
 * read never blocks). An owned buffer (NUL-terminated) and its length, or NULL with e. */
char *lb_sandbox_readfile(const char *path, size_t max, size_t *len, struct err *e);
/* Runs the command handler for Lua's taton.command (the memory cap is lifted while C code
 * runs, so a refused allocation never unwinds through the caller's C frames). */
int lb_sandbox_command(struct lb_sandbox *sb, const char *line, struct err *e);
/* Sends text to the print handler (default: stderr, prefixed with the file name). */
void lb_sandbox_print(struct lb_sandbox *sb, const char *text);

#endif
