/* belief: the forms in which the learning engine hands a model the belief of a step taken
 * ahead (model_vt.observe_ahead): an array, or a statistic the engine keeps combined with
 * the play the model observes, component by component. belief_at is the one place each
 * form's formula is written: the engine forms its belief arrays with it too, so a model that
 * evaluates a form where it gathers gets exactly the bits of the array the engine would
 * have written (and the engine writes no belief array for such a step).
 * Neighbours: learn (forms beliefs), model (observe_ahead takes one), dmech_core (gathers
 * one in its round). */
#ifndef TATON_BELIEF_H
#define TATON_BELIEF_H

#include <stddef.h>

enum belief_kind {
	BELIEF_ARRAY,  /* v[k] (a play, or a belief array) */
	BELIEF_SCALED, /* v[k] * c: a running sum times 1 / its count (fictitious play), a
			* window sum times 1 / its length (kperiod) */
	BELIEF_MIX,    /* c a[k] + (1 - c) v[k]: the play a and the exponential average v
			* (ewma:W, c = W) */
};

/* A belief of dim components; the arrays are borrowed. */
struct belief {
	enum belief_kind kind;
	const double *v;
	double c;
};

/* Component k of belief b, whose play (BELIEF_MIX) is a. With b's kind a constant at the
 * call (a loop instantiated per kind), the switch goes away. */
static inline double belief_at(enum belief_kind kind, const double *v, double c,
			       const double *a, size_t k)
{
	switch (kind) {
	case BELIEF_SCALED:
		return v[k] * c;
	case BELIEF_MIX:
		return c * a[k] + (1 - c) * v[k];
	default:
		return v[k];
	}
}

#endif
