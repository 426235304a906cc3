/* dnbe_test: the two statistical tests of the DNBE mechanism (paper 002, eqs. 6-9), kept
 * up to date one day at a time for every player i:
 *   frequency test    max_t |f^_{i,t}(l)|, f^_{i,t}(l) = (1/l) #{l' <= l: report = t} - theta^_i(t)
 *   independence test max_d |h^_{i,d}(l)|,
 *     h^_{i,d}(l) = (1/l) [N(d_i, d_{-i}) - theta^_i(d_i) N(d_{-i})],
 * N counting the days on which the reports were (d_i, d_{-i}) or d_{-i}. Only opponent
 * profiles already seen give a non-zero h^; for each the numerator is
 * max over d_i of |N(d_i, d_{-i}) - theta^_i(d_i) N(d_{-i})| (unseen d_i included).
 *
 * Bookkeeping, O(n K) per day and memory O(days) for any n:
 *   - one table of the full report profiles seen, with counts, keyed by
 *     key(d) = sum_j z_j(d_j) mod 2^64; player i's opponent class of d is
 *     key(d) - z_i(d_i), and the class's counts N(k, d_{-i}) are K_i look-ups;
 *   - a class seen once has the fixed numerator max(1 - theta^(d_i), max_{k != d_i}
 *     theta^(k)) and is only counted (per report value); classes seen twice or more keep their
 *     numerator in a per-player map, with the maximum maintained (rescanned only when the
 *     class holding it falls).
 * Keys are exact mixed-radix ranks when the profile space has fewer than 2^62 points (small
 * n, the only case in which profiles repeat by chance); otherwise z_j(k) are fixed random
 * 64-bit words (Zobrist hashing), and two different profiles share a key with probability
 * about 2^-64 per pair: below 1e-7 over a billion profile pairs.
 * Reports are indices into each player's bid law (its support, distinct values), so a
 * report outside the bid law's support cannot be expressed.
 * Neighbours: dnbe_mech (the day loop owns one), dnbe_law. */
#ifndef TATON_DNBE_TEST_H
#define TATON_DNBE_TEST_H

#include <stddef.h>
#include <stdint.h>

#include "core/models/dnbe_law.h"

struct dnbe_test_cls; /* a player's map of repeated opponent classes */

struct dnbe_test {
	int n;
	long l;              /* days recorded */
	int exact;           /* keys are exact ranks */
	int *k;              /* support size of each bid law */
	double **p;          /* bid probabilities (owned copies) */
	double **snum;       /* numerator of a class seen once, by report value */
	uint64_t **z;        /* key increments */
	/* the full profiles seen: open addressing, count 0 = empty slot */
	uint64_t *key;
	uint32_t *cnt;
	size_t cap, used;
	/* per player */
	uint32_t **freq;     /* reports of each value */
	uint32_t **single;   /* opponent classes seen once, by the report made then */
	struct dnbe_test_cls *cls;
	double *mmax;        /* largest numerator of a class seen twice or more */
	uint32_t *nk;        /* scratch */
	/* the statistics after the last day */
	double *fmax;        /* max_t |f^_{i,t}(l)| */
	double *hmax;        /* max_d |h^_{i,d}(l)| */
};

/* A test for n players whose bid laws are bids[0..n) (probabilities copied). */
void dnbe_test_init(struct dnbe_test *t, int n, const struct dnbe_law *bids);
void dnbe_test_fini(struct dnbe_test *t);
/* Records day l + 1 with reports rep[i] (indices into bid law i) and updates fmax, hmax. */
void dnbe_test_day(struct dnbe_test *t, const int *rep);

#endif
