/* pair: two doubles operated on lane by lane (a GNU C vector, which GCC and Clang both
 * take; SSE2 on x86-64), for loops that do two components' or two agents' operations at
 * once. Each lane does the operations of one at a time in their order, so it gives their
 * bits (no contraction under -std=c11). Loads and stores take any address.
 * Neighbours: learn (the look-ahead record pass), dmech_core (the gather). */
#ifndef TATON_PAIR_H
#define TATON_PAIR_H

#include <stdint.h>
#include <string.h>

#define PAIR double __attribute__((vector_size(2 * sizeof(double))))
#define PAIR_BITS long long __attribute__((vector_size(2 * sizeof(double))))

static inline PAIR pair_at(const double *x)
{
	PAIR v;
	memcpy(&v, x, sizeof v);
	return v;
}

static inline void pair_put(double *x, PAIR v) { memcpy(x, &v, sizeof v); }

/* |v| lane by lane: the sign bits cleared, as fabs does. */
static inline PAIR pair_abs(PAIR v)
{
	const PAIR_BITS mask = { INT64_MAX, INT64_MAX };
	return (PAIR)((PAIR_BITS)v & mask);
}

/* The first lanes of a and b, and their second lanes. */
static inline PAIR pair_lo(PAIR a, PAIR b) { return (PAIR){ a[0], b[0] }; }
static inline PAIR pair_hi(PAIR a, PAIR b) { return (PAIR){ a[1], b[1] }; }

#endif
