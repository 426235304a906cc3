/* model: the interface every market model implements, and the registry of built-in models.
 * A model class (struct model_ops) declares its name, summary, lecture info, parameter specs,
 * series and distributions, and a constructor. An instance (struct model) is
 *   - a game for the learning engine: an action vector of `dim` doubles split into player
 *     blocks and a best response to a belief; and/or
 *   - a process: `advance` moves its own state once per step (agents play a period, a day
 *     of a repeated mechanism passes, a price iteration moves). A model with dim 0 is a pure
 *     process: advance is its step, it has no learning dynamics, and it names its
 *     convergence series.
 * After every step `observe` reports the model's series; it never moves state.
 * Adding a model is one file, one build fragment and one line in model.c (see HACKING.md).
 * Neighbours: learn (drives the game), sim (owns instance + engine, calls advance),
 * luabind (builds model_ops at run time for Lua-defined games). */
#ifndef TATON_MODEL_H
#define TATON_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include "core/belief.h"
#include "core/err.h"
#include "core/param.h"
#include "core/series.h"

enum model_norm { MODEL_NORM_MAX, MODEL_NORM_L2 };

enum {
	SERIES_F_LOGY = 1u << 0,     /* prefers a log y axis (distances, errors) */
	SERIES_F_PER_TYPE = 1u << 1, /* instances may also publish NAME_1, NAME_2, ... (one per
				      * population type, player...) after the class's series */
};

struct model_series_desc {
	const char *name;
	const char *help;
	unsigned flags;
};

struct model_dist_desc {
	const char *name;
	enum dist_kind kind;
	const char *help;
};

/* What the engine hands the observer after a step. All pointers are borrowed for the call. */
struct model_obs {
	long step;            /* n (0 = the initial action) */
	const double *action; /* a_n */
	const double *prev;   /* a_{n-1}, NULL at step 0 */
	const double *mean;   /* mean of a_0..a_n (the empirical mixed strategy); NULL unless
			       * the model sets uses_mean */
	const double *belief; /* the belief a_n responded to, NULL at step 0 (and for
			       * observe_ahead, or when the engine no longer keeps it) */
	/* measured = 1: the engine's series of this row (NaN when absent), so a model reuses
	 * them instead of measuring the action again; 0 (a bare struct): not given */
	int measured;
	double step_change, dist_ne;
};

/* What sim hands `advance` before step n + 1. Pointers are borrowed for the call. */
struct model_step {
	long step;            /* n + 1, the step being taken (1 for the first) */
	const double *action; /* a_n, the current action (NULL when dim is 0) */
};

/* `name = value` lines for `taton describe` and the explorer. Numbers are kept as numbers,
 * so each front end chooses the precision: val[i] holds the exact text (shortest round-trip
 * form; vectors and matrices as Lua lists, `{1.25, 2.25}`, `{{1, 2}, {3, 4}}`, the syntax
 * `--set` accepts), model_kv_text gives a rounded one. */
struct model_kv {
	size_t n, cap;
	char **key, **val; /* owned */
	double **num;      /* owned numbers of entry i, NULL for text entries */
	size_t *nnum;      /* how many numbers */
	size_t *ncols;     /* 0: a list; > 0: a matrix of ncols columns; SIZE_MAX: a scalar */
};
void model_kv_add(struct model_kv *kv, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void model_kv_num(struct model_kv *kv, const char *key, double v);
void model_kv_vec(struct model_kv *kv, const char *key, const double *x, size_t n);
void model_kv_mat(struct model_kv *kv, const char *key, const double *x, size_t rows,
		  size_t cols);
/* Entry i as text with numbers rounded to `digits` significant digits (0: exact, as val).
 * Returns a string owned by the caller. */
char *model_kv_text(const struct model_kv *kv, size_t i, int digits);
void model_kv_fini(struct model_kv *kv);

struct model;

struct model_vt {
	void (*destroy)(struct model *m);
	/* The start action a_0 (dim doubles). */
	void (*initial)(struct model *m, double *a0);
	/* Best response to `belief` (dim doubles). player < 0: write the whole joint action into
	 * out[0..dim); player >= 0: write only that player's block out[off[p]..off[p+1]).
	 * Returns 0, or -1 with e set (a runtime error, e.g. a Lua error in a Lua game). */
	int (*best_response)(struct model *m, const double *belief, int player, double *out,
			     struct err *e);
	/* Moves the model's own state once per step, before the learning step (NULL: nothing
	 * moves by itself). For a model with dim 0 this is the whole step. Returns 0 or -1
	 * with e. */
	int (*advance)(struct model *m, const struct model_step *st, struct err *e);
	/* Reports the model's own series (nseries values, in the order of the instance's
	 * series list: m->series if set, else ops->series) for the state just reached. Never
	 * moves state (that is advance's job). Returns 0 or -1 with e. */
	int (*observe)(struct model *m, const struct model_obs *o, double *vals, struct err *e);
	/* Initialises d (the callee calls dist_init) with the named
	 * distribution for the current action `a`. Returns 0, or -1 with e (unknown name).
	 * Like describe, it never changes what later steps compute (a solver's warm start
	 * included): the explorer draws distributions between steps, taton run does not, and
	 * both give the same numbers (the registry test checks it). */
	int (*dist)(struct model *m, const char *name, const double *a, struct dist *d,
		    struct err *e);
	/* Derived quantities (equilibria, chosen constants) as name = value lines. */
	void (*describe)(struct model *m, struct model_kv *kv);
	/* A game whose payoffs depend on part of its action only through ratios (demands that
	 * matter relative to each other) may keep that part at a fixed scale: after every
	 * learning step it is shown a_n; it fills factor[0..dim) and returns 1, and the engine
	 * multiplies every stored play and average by it, so every belief rule keeps seeing
	 * a consistent history; 0 leaves the step alone. NULL: never. */
	int (*rescale)(struct model *m, const double *a, double *factor);
	/* Optional, for a large game whose equilibrium has structure: writes block `player` of
	 * m->equilibrium (its off[p+1] - off[p] doubles, exactly the stored bits) into out,
	 * computed instead of read. The engine then measures dist_ne of a streamed step of a
	 * huge game (more than 2^21 components) whose pass streams nothing but the last play
	 * (cournot, damped) against each block while it is in cache instead of streaming all
	 * dim doubles of the equilibrium every step; a pass that streams statistics too reads
	 * m->equilibrium, which costs it less. NULL: the engine always reads m->equilibrium (as
	 * it does for smaller games, whose equilibrium stays in cache). */
	void (*equilibrium_block)(struct model *m, int player, double *out);
	/* Optional look-ahead, for a large game whose observation reads what its next best
	 * response reads (the same gather, over a_n and over the belief): does what observe
	 * does and, in the same pass, writes best_response(belief, -1, next) into next (the same
	 * bits; component k of the belief is belief_at(belief->kind, belief->v, belief->c,
	 * o->action, k), see core/belief.h), calling done(ctx, q) for every player q in order
	 * once its block of next is final, so the engine records the next step's block while it
	 * is in cache. The belief is o->action itself (cournot, damped) or a form of the
	 * statistic the engine keeps (an averaging rule: no belief array is written for the
	 * step); o->belief is not given (NULL). The engine asks for it only when the next step
	 * has every player moving and its pass writes nothing the gather reads (see
	 * learn_ahead_begin); the step then costs no pass of its own. Only for a model without
	 * advance and rescale. Returns 0 or -1 with e, as observe. */
	int (*observe_ahead)(struct model *m, const struct model_obs *o, double *vals,
			     const struct belief *belief, double *next,
			     void (*done)(void *ctx, int player), void *ctx, struct err *e);
};

struct model {
	const struct model_vt *vt;
	const struct model_ops *ops;
	size_t dim;               /* action dimension (may be 0 for a pure simulation) */
	int nplayers;
	const size_t *player_off; /* nplayers + 1 offsets, owned by the instance */
	enum model_norm norm;     /* norm of step_change and dist_ne */
	const double *equilibrium; /* dim doubles if known (dist_ne is then published), else NULL */
	const char *convergence;  /* series `--tol` watches; NULL = "step_change" (a model with
				   * dim 0 has no step_change and must name one) */
	int uses_mean;            /* observe reads model_obs.mean (else it is NULL: saves a
				   * pass over the action vector every step) */
	int br_stream;            /* best_response(player) of each player in turn writes what
				   * best_response(-1) writes, at no extra cost, and never fails:
				   * the engine may then ask player by player and record each block
				   * while it is in cache (a large action) */
	/* The instance's own series when they differ from the class's (e.g. per-type series
	 * NAME_1, NAME_2 of a SERIES_F_PER_TYPE series); NULL = ops->series. Must start with
	 * the class's series, in order. Owned by the instance. */
	const struct model_series_desc *series;
	size_t nseries;
	void *self;               /* the implementation's state */
	/* Non-convergence: a solve that stopped without meeting its tolerance (an iteration cap)
	 * says so with model_warn; sim reports the first such step (sim_warning). */
	long nwarnings;
	char warning[256];
	/* Reference levels of series (z*, lambda*, a value the series should reach), drawn as
	 * lines on time charts: one per series of model_series(m), NaN = none; NULL = none at
	 * all. Set with model_set_ref; freed by model_free. */
	double *series_ref;
};

struct model_ops {
	const char *name;
	const char *summary;   /* one line for `taton list` */
	const char *info;      /* lecture text: WHAT IS IT / THINGS TO NOTICE / THINGS TO TRY */
	const struct param_spec *params;
	size_t nparams;
	const struct model_series_desc *series; /* the model's own series */
	size_t nseries;
	const struct model_dist_desc *dists;
	size_t ndists;
	/* Creates an instance for validated params; NULL with e set on inconsistent params
	 * (e.g. a cross-parameter constraint). `seed` seeds every random draw of the model. */
	struct model *(*create)(const struct model_ops *ops, const struct params *p,
				uint64_t seed, struct err *e);
	void *ctx; /* for run-time classes (Lua games) */
};

/* The built-in models, NULL-terminated. */
extern const struct model_ops *const model_registry[];

/* The series an instance publishes (its own list, or its class's). */
static inline const struct model_series_desc *model_series(const struct model *m, size_t *n)
{
	*n = m->series ? m->nseries : m->ops->nseries;
	return m->series ? m->series : m->ops->series;
}
/* True when `name` is a series of class ops: one of its series, or NAME_k (k >= 1) for a
 * series flagged SERIES_F_PER_TYPE. */
int model_ops_has_series(const struct model_ops *ops, const char *name);
const struct model_ops *model_find(const char *name);
/* The built-in model `name`, or NULL with e = "unknown model 'x'; known: a, b, c" (the
 * registry's names in order). */
const struct model_ops *model_lookup(const char *name, struct err *e);

/* Helpers for implementations: allocate a zeroed struct model with vt/ops set. */
struct model *model_alloc(const struct model_ops *ops, const struct model_vt *vt, void *self);
void model_free(struct model *m); /* calls vt->destroy then frees; NULL is a no-op */
/* Sets the reference level of the instance's series `name` (which must exist). */
void model_set_ref(struct model *m, const char *name, double v);
/* The reference level of series `name`, NaN when it has none. */
double model_series_ref(const struct model *m, const char *name);
/* Records that a solve did not converge ("stationary law: 100000 sweeps, residual 3e-9 >
 * 1e-12"): keeps the latest text and counts. */
void model_warn(struct model *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Norm of a - b (dim values) in the model's norm. */
double model_norm_diff(enum model_norm norm, const double *a, const double *b, size_t dim);

#endif
