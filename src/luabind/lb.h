/* lb: the Lua 5.4 binding. Loads a scenario file (`return taton.scenario{...}`) in a sandbox,
 * validates its parameters against the model's spec, evaluates `--set NAME=EXPR` expressions,
 * runs hooks, and turns a Lua-defined game into a run-time model class. The only code that
 * includes Lua headers. Depends on core only; calls up into the command table through a
 * handler the front end registers (lb_set_command_handler), never by linking to it.
 *
 * Sandbox: base functions without dofile/loadfile/load of binary chunks/collectgarbage
 * tweaks, plus table, string, math, utf8; `require` searches only the shipped lua/ directory
 * and the scenario's own directory, and reads regular files only; no io, no os (but
 * os.time/os.clock are absent too: all randomness and time comes from us). Each call into
 * Lua has an instruction budget (C library functions charge theirs), a wall-clock limit and
 * a memory cap, and can be interrupted (lb_interrupt). next and pairs visit keys in a fixed
 * order. math.random is seeded from the scenario seed. Errors carry file:line and a
 * traceback. Scenario code reaches commands only through the registered handler, which
 * decides what it may run (the session runs the command table's safe subset). */
#ifndef TATON_LB_H
#define TATON_LB_H

#include <stddef.h>
#include <stdint.h>
#include "core/err.h"
#include "core/model.h"
#include "core/param.h"
#include "core/sim.h"
#include "core/view.h"

struct lb_scenario;

/* A variant: one of several runs a scenario asks to compare side by side
 * (`variants = { {label=..., params={...}, dynamics=...}, ... }`). A scenario without
 * variants has exactly one, labelled "". */
struct lb_variant {
	char label[40];
	struct params params; /* owned; the scenario's params with the variant's overrides */
	char dynamics[64];    /* canonical text; "" = the model's default (see sim_new) */
};

/* Loads `path`. `libdir` is the shipped lua/ directory (for require). NULL with e set to
 * "FILE:LINE: message" (syntax error, runtime error, unknown model, bad parameter ...). */
struct lb_scenario *lb_load(const char *path, const char *libdir, struct err *e);
/* A scenario for a built-in model with default parameters (for `describe MODEL`). */
struct lb_scenario *lb_load_model(const char *model, const char *libdir, struct err *e);
/* Frees s. Sims of a Lua game may outlive it (they keep the Lua state until the last one
 * is freed); lb_ops(s) of a Lua game must not be used for new sims after lb_free. */
void lb_free(struct lb_scenario *s);

const char *lb_path(const struct lb_scenario *s);      /* "" for lb_load_model */
const char *lb_title(const struct lb_scenario *s);
const char *lb_info(const struct lb_scenario *s);     /* the model's info if none given */
const struct model_ops *lb_ops(const struct lb_scenario *s);
uint64_t lb_seed(const struct lb_scenario *s);
void lb_set_seed(struct lb_scenario *s, uint64_t seed); /* also reseeds math.random */
size_t lb_nvariants(const struct lb_scenario *s);
struct lb_variant *lb_variant(struct lb_scenario *s, size_t i);
size_t lb_nviews(const struct lb_scenario *s);
const struct view_spec *lb_view(const struct lb_scenario *s, size_t i);
/* The explorer's keys: the running speed the scenario opens at (steps per second; <= 0 as
 * fast as possible; NaN: not given), its convergence tolerance (0: no notice; NaN: not
 * given), the slider step of a parameter (0: not given) and the name of a finite game's
 * action (player and action 0-based; NULL: not given). */
double lb_speed(const struct lb_scenario *s);
double lb_tol(const struct lb_scenario *s);
double lb_slider_step(const struct lb_scenario *s, const char *param);
const char *lb_action_name(const struct lb_scenario *s, int player, int action);

/* Evaluates the Lua expression `expr` in the sandbox and assigns it to parameter `name` of
 * every variant (numbers, strings for enums, tables for arrays/tables). The old value stays
 * on error; e names the parameter and the allowed range. */
int lb_set(struct lb_scenario *s, const char *name, const char *expr, struct err *e);

/* Hooks (`setup(run)`, `step(run)`, `done(run)`); absent hooks are no-ops. The `run` table
 * gives step, series values, params; a hook error returns -1 with file:line. */
int lb_hook_setup(struct lb_scenario *s, struct sim *sim, struct err *e);
int lb_hook_step(struct lb_scenario *s, struct sim *sim, struct err *e);
int lb_hook_done(struct lb_scenario *s, struct sim *sim, struct err *e);
int lb_has_step_hook(const struct lb_scenario *s);

/* The keys a scenario table may have, NULL-terminated (`taton help scenario`). */
extern const char *const lb_scenario_keys[];
/* The names of the fields of the `taton` table a scenario sees (scenario, command, ...),
 * sorted and NULL-terminated, read from a fresh Lua state. Owned by the caller: free each,
 * then the array. */
char **lb_taton_fields(void);

/* Asks the Lua code running now, in any scenario, to stop: it fails with "FILE:LINE:
 * interrupted" within a few instructions (or one step of a C library function). When no
 * Lua runs, the next call into Lua is the one stopped, at its first instruction: the
 * request holds until a call has been interrupted or lb_interrupt_clear drops it.
 * Async-signal-safe, for a signal handler. Returns 1 when Lua was running, else 0. */
int lb_interrupt(void);
void lb_interrupt_clear(void);

/* taton.command("step 5") in Lua calls this handler (registered by the front end). */
typedef int (*lb_command_fn)(void *ctx, const char *line, struct err *e);
void lb_set_command_handler(struct lb_scenario *s, lb_command_fn fn, void *ctx);

/* Lua's print(...) calls this handler with the arguments joined by tabs (text borrowed for
 * the call). Without one, print writes "FILE: text" to stderr, which a full-screen front end
 * should not allow: register a handler that shows the text in its message area. */
typedef void (*lb_print_fn)(void *ctx, const char *text);
void lb_set_print_handler(struct lb_scenario *s, lb_print_fn fn, void *ctx);

#endif
