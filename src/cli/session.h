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

#define SESSION_TOL 1e-9     /* convergence tolerance when the scenario names none */
#define SESSION_WINDOW 100   /* steps of a time chart's recent window by default */

/* Slow model work (building runs after a change, a step's model part, a distribution, a
 * describe) handed to the front end's runner, which may run it elsewhere (the explorer: on
 * a worker thread, its screen live meanwhile). fn works only on what arg holds and on the
 * objects the job names: a build works on new objects of its own, a step on the runs. */
struct session_job {
	const char *what;    /* what is computed, for a progress line ("building the model") */
	int (*fn)(void *arg, struct err *e);
	void *arg;
	const void *key;     /* the same computation as an earlier job with this key (its cost
			      * predicts this one's); NULL: unknown */
	int cancellable;     /* fn's result may be dropped: a cancelled job leaves the session
			      * as it was (the caller discards what fn made) */
	int lends_runs;      /* fn writes the runs' series (a step): nothing may read them until
			      * it returns */
};
/* Runs j and returns fn's result, or -1 with e = SESSION_CANCELLED when the user gave it
 * up. */
#define SESSION_CANCELLED "cancelled"
typedef int (*session_runner_fn)(void *ctx, const struct session_job *j, struct err *e);

/* A change of dynamic asked for at a step (`taton run --switch STEP:SPEC`). */
struct session_switch {
	long step;
	char spec[64];
};

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
	/* the explorer's settings, changed by commands (the scenario gives tol and speed) */
	double tol;                /* convergence tolerance (0: none) */
	int autostop;              /* running stops when every run converges */
	long window;               /* steps a time chart shows in its recent window */
	int recent;                /* time charts show the recent window, not all steps */
	/* convergence: the first step of the current streak of steps at which every run's
	 * convergence measure is below tol (-1: the last step is not converged); conv_new is
	 * set when a streak begins, for the front end to act on (and clear) */
	long conv_step;
	int conv_new;
	/* slow model work goes through runner when set (session_compute) */
	session_runner_fn runner;
	void *runner_ctx;
	int computing;             /* inside session_compute */
	/* switches of dynamic to apply at given steps (headless --switch) */
	size_t nsched;
	struct session_switch *sched; /* owned */
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
	size_t nswitches;              /* --switch STEP:SPEC, applied by session_step */
	const struct session_switch *switches;
};
/* As session_load, with overrides (o may be NULL). Errors from the overrides name the
 * option's parameter and allowed range. */
int session_load_with(struct session *s, const char *arg, const struct session_overrides *o,
		      struct err *e);
/* Loads a scenario and applies o (may be NULL) as session_load_with does, without building
 * its runs: s->nruns is 0, and only session_set_param and session_fini apply (scenario code
 * they run may run no command). For a batch that checks names and values before the runs
 * are built elsewhere (a sweep's workers): building a model can cost far more than loading
 * its scenario. On error the old scenario stays. */
int session_load_params(struct session *s, const char *arg, const struct session_overrides *o,
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
/* Runs j through s->runner, or inline when there is none. */
int session_compute(struct session *s, const struct session_job *j, struct err *e);
/* Restarts every run at step 0 with the current params and seed; on error (or when the
 * rebuild is cancelled) the runs stay as they were. */
int session_reset(struct session *s, struct err *e);
/* Advances every run by one step (and runs the step hook), then updates the convergence
 * streak (conv_step, conv_new) and applies a scheduled switch of this step. */
int session_step(struct session *s, struct err *e);
/* Sets a parameter from a Lua expression and restarts every run with it. On error (the
 * value, the model refusing it, a cancelled rebuild) the old value and the old runs stay,
 * at the step they had reached. */
int session_set(struct session *s, const char *name, const char *expr, struct err *e);
int session_set_seed(struct session *s, uint64_t seed, struct err *e);
/* One slider step of parameter `name` from the value text `from` (as params_format_value
 * writes it; NULL: the current value), dir > 0 up, < 0 down: a number moves by its step
 * (the scenario's `sliders`, else the spec's, see param_spec_step) within its range, a
 * choice goes to the next or previous one (cycling), a 0/1 flag flips. Writes the new value
 * as `set` takes it into out ("7.1", "\"loan\""). Returns 0; 1 when a number already sits
 * at its bound (e says so); -1 with e for an unknown name or a table. */
int session_slide(const struct session *s, const char *name, int dir, const char *from,
		  char *out, size_t size, struct err *e);
/* The slider step of a number parameter (see session_slide). */
double session_slider_step(const struct session *s, const struct param_spec *sp);
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
