/* session: the state every command acts on, shared by the TUI, batch mode and Lua:
 * the loaded scenario, one sim per scenario variant (usually one), and the small amount of
 * presentation state commands change (running, speed, focused pane, zoom, log toggles).
 * Pure C over core + luabind; no terminal code. Neighbours: cmd (the command table),
 * batch (headless runs), ui/tui (the explorer). */
#ifndef TATON_SESSION_H
#define TATON_SESSION_H

#include <stddef.h>
#include <stdint.h>
#include "core/err.h"
#include "core/sim.h"
#include "luabind/lb.h"

#define SESSION_MAX_PANES 16

/* Speed levels: steps per second; the last level (0) means as fast as possible. */
extern const double session_speeds[];
extern const int session_nspeeds;

struct session {
	char *datadir;             /* holds lua/ and scenarios/ (owned) */
	struct lb_scenario *scn;   /* owned */
	char *scenario_arg;        /* the scenario as the user named it (owned) */
	size_t nruns;
	struct sim **runs;         /* one per variant (owned) */
	/* presentation state, changed by commands */
	int running;
	int speed;                 /* index into session_speeds */
	int focus;                 /* focused pane: 0..npanes-1 are charts, then params, info */
	int zoom;                  /* 1 = focused chart fills the chart area */
	int logy[SESSION_MAX_PANES]; /* -1 = view default, 0/1 = user's choice */
	int help;                  /* help overlay visible */
	int quit;
	int ascii;                 /* ASCII charts */
	int digits;                /* describe rounds numbers to this many significant digits
				    * (the explorer); 0: exact, as headless */
	int dirty;                 /* something changed: redraw */
	int interactive;           /* the explorer: standard output is its screen */
	/* The re-entrancy guard. busy > 0 while Lua runs on the session's behalf (a hook, a
	 * game function during a step or a restart, a --set expression): the scenario and the
	 * runs stay as they are until it returns, so load, reset, set, seed and step are
	 * refused. stepping > 0 while the engine is inside a step or a restart: the dynamics
	 * may not change then either. */
	int busy;
	int stepping;
	/* views derived from the model when the scenario names none */
	size_t ndviews;
	struct view_spec dviews[SESSION_MAX_PANES];
	/* Messages for the user (results of help, describe, set..., Lua's print); set it before
	 * loading. NULL: standard error. */
	void (*print)(void *ctx, const char *text);
	void *print_ctx;
};

/* Finds the data directory: $TATON_DATADIR, else next to the program in a build tree, else
 * (an installation) pkgdatadir where it lies relative to the program's directory by the
 * default layout (bin/../share/taton, so a moved installation finds its own), else the
 * configured pkgdatadir. Caller frees. */
char *session_find_datadir(const char *argv0);
/* Resolves a scenario argument: an existing path, or a shipped scenario name with or
 * without ".lua" ("mfg_bank"). NULL (default) means the default scenario. Caller frees;
 * NULL with e if not found (listing where it looked). */
char *session_resolve(const char *datadir, const char *arg, struct err *e);

void session_init(struct session *s, const char *datadir);
void session_fini(struct session *s);
/* Loads a scenario (path or name) and starts its runs; on error the old one stays. */
int session_load(struct session *s, const char *arg, struct err *e);

/* Settings applied after loading a scenario and before its runs start (batch options). */
struct session_overrides {
	int nsets;
	char **set_names, **set_exprs; /* --set NAME=EXPR, in order */
	const uint64_t *seed;          /* NULL: the scenario's */
	const char *dynamics;          /* NULL: the scenario's */
};
/* As session_load, with overrides (o may be NULL). Errors from the overrides name the
 * option's parameter and allowed range. */
int session_load_with(struct session *s, const char *arg, const struct session_overrides *o,
		      struct err *e);
/* Adopts an already loaded scenario (ownership passes to s, also on error), applies o and
 * starts its runs; on error the old scenario stays. */
int session_start(struct session *s, struct lb_scenario *scn, const struct session_overrides *o,
		  struct err *e);
/* Runs the `done` hooks of every run (the end of a headless run). */
int session_done(struct session *s, struct err *e);
/* Sets a parameter of every variant from a Lua expression, as `set` does, without
 * restarting the runs (the next start or reset uses it). Old value kept on error. */
int session_set_param(struct session *s, const char *name, const char *expr, struct err *e);
/* Restarts every run at step 0 with the current params and seed. */
int session_reset(struct session *s, struct err *e);
/* Advances every run by one step (and runs the step hook). */
int session_step(struct session *s, struct err *e);
/* Sets a parameter from a Lua expression and resets. Old value kept on error. */
int session_set(struct session *s, const char *name, const char *expr, struct err *e);
int session_set_seed(struct session *s, uint64_t seed, struct err *e);
int session_set_dynamics(struct session *s, const char *spec, struct err *e);
/* Cycles to the next belief rule of learn_dynamics (with its default argument), keeping the
 * schedule. A process refuses, as session_set_dynamics does. */
int session_next_dynamics(struct session *s, struct err *e);
/* Writes the runs' series as CSV (the `taton run` format) to path atomically
 * (temporary file + rename); "-" means stdout, refused in the explorer (s->interactive),
 * where standard output is the screen. */
int session_export(struct session *s, const char *path, struct err *e);
/* Writes the named distributions of every run (the `#` header lines, then one
 * csv_write_dist block per distribution and run, blocks separated by two blank lines, as
 * gnuplot's `index` expects) atomically to path ("-": stdout). Checks every name first:
 * -1 with e naming an unknown one and listing the model's distributions, or with the
 * model's message when one does not exist in this configuration. */
int session_export_dists(struct session *s, const char *const *names, size_t n,
			 const char *path, struct err *e);
/* Checks that the model declares every name (as session_export_dists does first). */
int session_check_dists(const struct session *s, const char *const *names, size_t n,
			struct err *e);
void session_printf(struct session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Views of the scenario (or the model's defaults). */
size_t session_nviews(const struct session *s);
const struct view_spec *session_view(const struct session *s, size_t i);
/* Whether pane `pane` showing view v draws with a log y axis: the user's toggle
 * (s->logy[pane]), else the view's setting, else log when every series prefers it. */
int session_view_logy(const struct session *s, int pane, const struct view_spec *v);

#endif
