/* sim: one running experiment: a model instance, the learning engine driving it, and the
 * series table recorded step by step. Every front end (batch runs, the TUI, Lua) steps a sim.
 * Published series, in column order: "step_change" (NaN for a process, which has no
 * action), "dist_ne" (only if the model knows its equilibrium), then the model's own
 * series. A step is: the model's advance, the learning step, the model's rescale of the
 * history (if it has one), the observer. A model with observe_ahead computes the next
 * step's best response while it observes (learn_ahead_begin decides when), so such a step
 * costs one pass over the action instead of two.
 * Neighbours: model, learn, series; cli (commands), batch (CSV), ui (views). */
#ifndef TATON_SIM_H
#define TATON_SIM_H

#include <stdint.h>
#include "core/err.h"
#include "core/learn.h"
#include "core/model.h"
#include "core/param.h"
#include "core/series.h"

/* A change of the learning dynamic during a run: `spec` drives the steps after `step`. */
struct sim_switch {
	long step;
	struct learn_spec spec;
};

struct sim {
	const struct model_ops *ops; /* borrowed */
	struct params params;        /* owned copy */
	uint64_t seed;
	struct learn_spec spec;      /* kind LEARN_NONE for a process (formats as "-") */
	struct model *model;         /* owned */
	struct learn *learn;         /* owned */
	struct series_table series;  /* every step's row */
	int conv_col;                /* column of the convergence measure */
	double *row;                 /* scratch row */
	double *factor;              /* scratch for the model's rescale (dim doubles) */
	long warn_step;              /* first step whose solve did not converge, -1 = none */
	char warn_text[300];         /* its message */
	struct learn_spec spec0;     /* the dynamic of step 1 (spec is the current one) */
	struct sim_switch *switches; /* every switch since step 0, in step order (owned) */
	size_t nswitches;
};

/* Creates the model from params and seed and records step 0. spec NULL: the default
 * dynamic (none for a process); a spec given for a process (dim 0) is an error.
 * NULL with e on error. */
struct sim *sim_new(const struct model_ops *ops, const struct params *p, uint64_t seed,
		    const struct learn_spec *spec, struct err *e);
void sim_free(struct sim *s);
/* One step: the model's advance, the learning step, the observer. 0, or -1 with e (runtime
 * error; state unchanged except that the step may have been partly applied). */
int sim_step(struct sim *s, struct err *e);
/* Rebuilds the model with new params/seed (NULL = keep) and restarts at step 0. On error the
 * old state stays. */
int sim_reset(struct sim *s, const struct params *p, const uint64_t *seed, struct err *e);
/* Switches the dynamic, keeping the history, and records the switch (at the current step;
 * a second switch at the same step replaces the first). -1 with e for a process or a
 * kperiod window too large for the model. */
int sim_set_dynamics(struct sim *s, const struct learn_spec *spec, struct err *e);
long sim_n(const struct sim *s);
/* Latest value of the convergence measure (NaN before it exists). */
double sim_convergence(const struct sim *s);
const char *sim_convergence_name(const struct sim *s);
/* A distribution of the current state; caller owns d (dist_fini). */
int sim_dist(struct sim *s, const char *name, struct dist *d, struct err *e);
/* The first step at which the model reported a solve that did not converge, with its
 * message ("step 12: stationary law: ..."); NULL when every solve converged. Borrowed
 * until the next step or reset. */
const char *sim_warning(const struct sim *s);
/* Derived quantities; caller owns kv (model_kv_fini). */
void sim_describe(struct sim *s, struct model_kv *kv);

#endif
