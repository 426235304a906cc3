/* rng: xoshiro256** (Blackman and Vigna) seeded by splitmix64; the only source of randomness.
 * Everything is integer arithmetic except rng_normal (polar method: log and sqrt from libm),
 * so streams are identical on every platform. Streams: rng_derive_seed mixes (seed, index)
 * with two splitmix64 steps; the mix is a bijection in index for a fixed seed, so distinct
 * indices give distinct child seeds. Neighbours: every module that draws numbers. */
#include "core/rng.h"

#include <math.h>

#define GOLDEN 0x9E3779B97F4A7C15ull

uint64_t rng_splitmix64(uint64_t *state)
{
	uint64_t z = (*state += GOLDEN);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

void rng_seed(struct rng *r, uint64_t seed)
{
	uint64_t st = seed;

	r->seed = seed;
	for (int i = 0; i < 4; i++)
		r->s[i] = rng_splitmix64(&st);
	/* splitmix64 is a bijection of distinct states, so four zero outputs cannot happen;
	 * keep the guard anyway since an all-zero state would stick at zero. */
	if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3]))
		r->s[0] = GOLDEN;
}

uint64_t rng_derive_seed(uint64_t base, uint64_t rep)
{
	uint64_t st = base;
	uint64_t h = rng_splitmix64(&st) ^ rep;

	return rng_splitmix64(&h);
}

void rng_stream(struct rng *r, uint64_t seed, uint64_t index)
{
	rng_seed(r, rng_derive_seed(seed, index));
}

/* the external definitions of the header's inline step and uniform */
extern inline uint64_t rng_next(struct rng *r);
extern inline double rng_uniform(struct rng *r);

double rng_uniform_range(struct rng *r, double a, double b)
{
	return a + (b - a) * rng_uniform(r);
}

uint64_t rng_below(struct rng *r, uint64_t n)
{
	/* Rejection: accept x >= 2^64 mod n, so the accepted range is a multiple of n.
	 * Portable (no 128-bit multiply), at most 2 draws on average. */
	uint64_t threshold, x;

	if (n <= 1)
		return 0;
	threshold = (0 - n) % n;
	do
		x = rng_next(r);
	while (x < threshold);
	return x % n;
}

int rng_bernoulli(struct rng *r, double p)
{
	return rng_uniform(r) < p;
}

double rng_normal(struct rng *r)
{
	/* Marsaglia polar method; the second variate is discarded so the generator holds no
	 * hidden state besides s[]. */
	double u, v, s;

	do {
		u = 2.0 * rng_uniform(r) - 1.0;
		v = 2.0 * rng_uniform(r) - 1.0;
		s = u * u + v * v;
	} while (s >= 1.0 || s == 0.0);
	return u * sqrt(-2.0 * log(s) / s);
}

void rng_shuffle_u32(struct rng *r, uint32_t *a, uint64_t n)
{
	for (uint64_t i = n; i > 1; i--) {
		uint64_t j = rng_below(r, i);
		uint32_t t = a[i - 1];

		a[i - 1] = a[j];
		a[j] = t;
	}
}
