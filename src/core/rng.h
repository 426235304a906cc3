/* rng: the only source of randomness in taton. xoshiro256** seeded by splitmix64.
 * Independent streams come from rng_stream(), which seeds a child from the parent's seed and a
 * stream index (splitmix64 of both), so the sequence of stream k never depends on how many
 * numbers other streams drew. Same seed -> same numbers on every platform. */
#ifndef TATON_RNG_H
#define TATON_RNG_H

#include <stdint.h>

struct rng {
	uint64_t s[4];
	uint64_t seed; /* the seed it was made from, for derived streams */
};

void rng_seed(struct rng *r, uint64_t seed);
/* A generator for stream `index` derived from `seed` (e.g. repetition seeds, agent streams). */
void rng_stream(struct rng *r, uint64_t seed, uint64_t index);
/* splitmix64 step on *state: also used to derive seeds (e.g. sweep repetitions). */
uint64_t rng_splitmix64(uint64_t *state);
/* Deterministic seed of repetition `rep` of a run with base seed `base`. */
uint64_t rng_derive_seed(uint64_t base, uint64_t rep);

/* One step of xoshiro256**, and a uniform on [0, 1) from its top 53 bits. Inline, so hot
 * loops (the Monte Carlo population) keep the state in registers; rng.c holds their
 * external definitions. */
inline uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t x = s[1] * 5;
	uint64_t result = ((x << 7) | (x >> 57)) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = (s[3] << 45) | (s[3] >> 19);
	return result;
}

inline double rng_uniform(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

double rng_uniform_range(struct rng *r, double a, double b); /* [a, b) */
uint64_t rng_below(struct rng *r, uint64_t n);     /* uniform in [0, n), unbiased; n > 0 */
int rng_bernoulli(struct rng *r, double p);
double rng_normal(struct rng *r);                  /* standard normal */
void rng_shuffle_u32(struct rng *r, uint32_t *a, uint64_t n); /* Fisher-Yates */

#endif
