/* learn: the learning engine that drives every game.
 *   belief_n = weighted average of past plays a_0 .. a_{n-1}  (weights = the dynamic)
 *   a_n      = BR(belief_n)                                   (supplied by the model)
 * Two independent choices make a dynamic:
 *   - the belief rule (learn_dynamics[]): cournot, kperiod:K, fictitious, ewma:W (thesis
 *     eq. 4.31), damped:W (a_n = (1-W) a_{n-1} + W BR(a_{n-1}));
 *   - the schedule (learn_schedules[]): who revises at a step. simultaneous (everyone),
 *     sequential (players in index order, one per step), random (one uniformly random
 *     player per step), async:P (each player independently with probability P).
 * Written "kperiod:10", "ewma:0.3,sequential", "fictitious,async:0.5".
 * The tables are the single source of names, arguments, ranges, defaults and help: parsing,
 * formatting, `taton --help`, completion and error messages all derive from them.
 *
 * History: every player's block keeps its own record of plays. Under simultaneous, random
 * and async every step is a period of play, so every block records every step (a player
 * that does not revise plays its action again). Under sequential a block records when its
 * player moves, so averaging dynamics average rounds (a round = every player moved once):
 * textbook alternating play. The running sum (fictitious), the exponential average and a
 * ring of recent records are kept whatever the current dynamic, so switching loses nothing
 * (see learn.c for the ring's limits; a rule that does not read the sum or the average
 * folds them two plays at a time, bit for bit the same). Huge games (more than 2^21
 * components) keep only what the current rule reads (cournot: nothing); a rule that starts
 * reading a statistic that was not kept starts it from the current play (fictitious then
 * averages from the switch on, ewma starts from r = a_n). The engine owns a random stream
 * derived from the run's seed for the random and async schedules. It also measures
 * step_change and dist_ne while it records a play (learn_set_norm). No allocation per
 * step.
 * Neighbours: model (the game), sim (the owner). */
#ifndef TATON_LEARN_H
#define TATON_LEARN_H

#include <stddef.h>
#include <stdint.h>
#include "core/err.h"
#include "core/model.h"

enum learn_kind {
	LEARN_NONE, /* no dynamics: the model is a process (dim 0); never parsed */
	LEARN_COURNOT,
	LEARN_KPERIOD,
	LEARN_FICTITIOUS,
	LEARN_EWMA,
	LEARN_DAMPED,
};

enum learn_sched { LEARN_SIMULTANEOUS, LEARN_SEQUENTIAL, LEARN_RANDOM, LEARN_ASYNC };

enum learn_arg {
	LEARN_ARG_NONE,
	LEARN_ARG_COUNT,  /* an integer in [min, max] */
	LEARN_ARG_WEIGHT, /* a number in (min, max] */
};

/* One row of a table: a belief rule or a schedule. */
struct learn_desc {
	const char *name;
	int id;                /* enum learn_kind or enum learn_sched */
	enum learn_arg arg;
	const char *arg_name;  /* "K", "W", "P" */
	double def, min, max;  /* the argument's default and range */
	const char *help;      /* one line */
};

extern const struct learn_desc learn_dynamics[];
extern const size_t learn_ndynamics;
extern const struct learn_desc learn_schedules[];
extern const size_t learn_nschedules;

struct learn_spec {
	enum learn_kind kind;
	int k;          /* kperiod */
	double w;       /* ewma weight, damped weight */
	enum learn_sched sched;
	double p;       /* async revision probability */
};

/* The default dynamic: cournot, simultaneous. */
struct learn_spec learn_default(void);
/* Parses "RULE[:ARG][,SCHEDULE[:ARG]]". -1 with a message listing the allowed forms. */
int learn_parse(const char *text, struct learn_spec *out, struct err *e);
/* Canonical text ("kperiod:10", "ewma:0.5,sequential", "-" for LEARN_NONE) into buf. */
void learn_format(const struct learn_spec *s, char *buf, size_t size);
/* The allowed forms as one line ("cournot, kperiod:K (K integer in [1, 100000]), ...").
 * Returns a string owned by the caller. */
char *learn_forms(void);
/* One row's form: "kperiod[:K] (K integer in [1, 100000], default 10)", "sequential".
 * Returns a string owned by the caller. */
char *learn_desc_form(const struct learn_desc *d);
/* The canonical text of row i of learn_dynamics with its default argument ("kperiod:10"). */
void learn_dynamic_default(size_t i, char *buf, size_t size);

struct learn;

/* An engine for games of dimension dim with the given player offsets (copied); `seed` seeds
 * the schedule's random stream. The dynamic is cournot until learn_set_spec. */
struct learn *learn_new(size_t dim, int nplayers, const size_t *player_off, uint64_t seed);
void learn_free(struct learn *l);
/* Switches the dynamic, keeping the history. -1 with e when kperiod:K would need more memory
 * than the engine allows for this game (the message names the largest K). */
int learn_set_spec(struct learn *l, const struct learn_spec *spec, struct err *e);
const struct learn_spec *learn_get_spec(const struct learn *l);
/* The norm of step_change and dist_ne, and the equilibrium dist_ne is measured against
 * (borrowed for the engine's life; NULL: no dist_ne). Call before learn_start. */
void learn_set_norm(struct learn *l, enum model_norm norm, const double *eq);
/* Starts a history at a_0 (n = 0). */
void learn_start(struct learn *l, const double *a0);
/* One step: forms the belief, asks m for its best response for the players the schedule
 * picks, records a_n. With dim 0 it only counts the step. 0, or -1 with e (model error). */
int learn_step(struct learn *l, struct model *m, struct err *e);
/* Look-ahead (model_vt.observe_ahead): while the model observes a_n it may compute the best
 * response of step n + 1 in the same pass. learn_ahead_begin returns the buffer it writes
 * into and, in *belief, what it responds to: a_n (cournot, damped, when no history is
 * recorded) or, in a huge game, a form of the statistic the rule reads (fictitious, ewma
 * without a ring, kperiod when it keeps nothing else; core/belief.h); NULL when the next
 * step cannot be taken that way (another rule or schedule, a player not moving, the model
 * has no hook or has advance or rescale). learn_ahead_block(l, q) records block q of it
 * (pass as `done`, l as ctx); learn_ahead_end(l, ok) keeps it for the next learn_step
 * (ok = 1) or drops it. A switch, a rescale or a restart drops it too; the step then runs as
 * usual. A step taken ahead writes nothing that dropping it must undo: the statistics with
 * its play added go to second buffers, swapped in when the step is taken, and under kperiod
 * its play goes to a ring slot that no window reads yet. */
double *learn_ahead_begin(struct learn *l, struct model *m, struct belief *belief);
void learn_ahead_block(void *l, int player);
void learn_ahead_end(struct learn *l, int ok);
/* Multiplies component i of every stored play, average and belief (current and previous
 * action, running sum, exponential average, window sums, the ring of records) by
 * factor[i]: a change of units of the whole history (see model_vt.rescale). */
void learn_rescale(struct learn *l, const double *factor);
long learn_n(const struct learn *l);              /* index of the current action */
const double *learn_action(const struct learn *l);   /* a_n */
const double *learn_prev(const struct learn *l);     /* a_{n-1}; NULL at n = 0 */
/* Each block's mean over its records (the empirical mixed strategy). A huge game keeps its
 * running sum from the first call on (primed with the current play if it was not kept). */
const double *learn_mean(const struct learn *l);
/* The belief used at the last step; NULL when it was not kept (a step of a huge game taken
 * ahead under an averaging rule answers a form of the statistic, never written out). */
const double *learn_belief(const struct learn *l);
/* ||a_n - a_{n-1}|| (NaN at n = 0) and ||a_n - eq|| (NaN without eq), in the norm of
 * learn_set_norm, as model_norm_diff computes them. */
double learn_step_change(const struct learn *l);
double learn_dist_ne(const struct learn *l);
/* Largest K for kperiod on a game of dimension dim (memory bound). */
long learn_kperiod_max(size_t dim);

#endif
