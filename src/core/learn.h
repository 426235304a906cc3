/* learn: the learning engine that drives every game.
 *   belief_n = weighted average of past joint actions a_0 .. a_{n-1}  (weights = the dynamic)
 *   a_n      = BR(belief_n)                                            (supplied by the model)
 * Dynamics, by name: "cournot", "kperiod:K", "fictitious", "ewma:W" (thesis eq. 4.31,
 * W default 0.5), "damped:W" (a_n = (1-W) a_{n-1} + W BR(a_{n-1})); suffix ",sequential"
 * (or the option `sequential`) updates one player per step, round robin.
 * Switching dynamics between steps keeps the history: the running sum (fictitious) and the
 * exponential average are maintained whatever the current dynamic; kperiod keeps a ring of
 * the last K actions, primed from a history ring kept for small games.
 * Memory O(dim) (plus O(K dim) for kperiod); no allocation per step.
 * Neighbours: model (the game), sim (the owner). */
#ifndef TATON_LEARN_H
#define TATON_LEARN_H

#include <stddef.h>
#include "core/err.h"
#include "core/model.h"

enum learn_kind { LEARN_COURNOT, LEARN_KPERIOD, LEARN_FICTITIOUS, LEARN_EWMA, LEARN_DAMPED };

struct learn_spec {
	enum learn_kind kind;
	int k;          /* kperiod */
	double w;       /* ewma weight, damped weight */
	int sequential;
};

/* Parses "cournot", "kperiod:10", "fictitious", "ewma", "ewma:0.3", "damped:0.5", optionally
 * followed by ",sequential" or ",simultaneous". -1 with a message listing the forms. */
int learn_parse(const char *text, struct learn_spec *out, struct err *e);
/* Canonical text ("kperiod:10", "ewma:0.5,sequential") into buf. */
void learn_format(const struct learn_spec *s, char *buf, size_t size);
/* The dynamics names for completion and help, NULL-terminated. */
extern const char *const learn_names[];

struct learn;

/* An engine for games of dimension dim with the given player offsets (copied). */
struct learn *learn_new(size_t dim, int nplayers, const size_t *player_off,
			const struct learn_spec *spec);
void learn_free(struct learn *l);
void learn_set_spec(struct learn *l, const struct learn_spec *spec);
const struct learn_spec *learn_get_spec(const struct learn *l);
/* Starts a history at a_0 (n = 0). */
void learn_start(struct learn *l, const double *a0);
/* One step: forms the belief, asks m for its best response, records a_n.
 * Returns 0 or -1 with e (the model's error). */
int learn_step(struct learn *l, struct model *m, struct err *e);
long learn_n(const struct learn *l);              /* index of the current action */
const double *learn_action(const struct learn *l);   /* a_n */
const double *learn_prev(const struct learn *l);     /* a_{n-1}; NULL at n = 0 */
const double *learn_mean(const struct learn *l);     /* mean of a_0..a_n */
const double *learn_belief(const struct learn *l);   /* belief used at the last step */

#endif
