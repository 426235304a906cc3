/* Unit tests of core/rng. The golden numbers were computed by an independent reference
 * written from the published descriptions of splitmix64 and xoshiro256** (its splitmix64
 * gives 0xe220a8397b1dcdaf for state 0, the published first output). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>

#include "core/rng.h"

static void test_splitmix64_golden(void **state)
{
	uint64_t st = 0;

	assert_true(rng_splitmix64(&st) == 0xe220a8397b1dcdafULL);
	st = 42;
	assert_true(rng_splitmix64(&st) == 0xbdd732262feb6e95ULL);
	assert_true(rng_splitmix64(&st) == 0x28efe333b266f103ULL);
	assert_true(rng_splitmix64(&st) == 0x47526757130f9f52ULL);
}

static void test_xoshiro_golden_seed42(void **state)
{
	static const uint64_t want[] = {
		0x15780b2e0c2ec716ULL, 0x6104d9866d113a7eULL, 0xae17533239e499a1ULL,
		0xecb8ad4703b360a1ULL, 0xfde6dc7fe2ec5e64ULL,
	};
	struct rng r;

	rng_seed(&r, 42);
	assert_true(r.seed == 42);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		assert_true(rng_next(&r) == want[i]);
	rng_seed(&r, 0);
	assert_true(rng_next(&r) == 0x99ec5f36cb75f2b4ULL);
	assert_true(rng_next(&r) == 0xbf6e1f784956452aULL);
}

static void test_uniform_golden(void **state)
{
	struct rng r;

	rng_seed(&r, 42);
	/* (next >> 11) * 2^-53: exact in binary, so exact equality. */
	assert_true(rng_uniform(&r) == 0.08386297105988216);
	assert_true(rng_uniform(&r) == 0.3789802506626686);
	assert_true(rng_uniform(&r) == 0.6800434110281394);
}

static void test_derive_and_stream_golden(void **state)
{
	struct rng r;

	assert_true(rng_derive_seed(42, 0) == 0x57e1faba65107204ULL);
	assert_true(rng_derive_seed(42, 1) == 0xf34fe9248c9342e5ULL);
	assert_true(rng_derive_seed(42, 2) == 0x725395388690ae46ULL);
	rng_stream(&r, 42, 1);
	assert_true(r.seed == 0xf34fe9248c9342e5ULL);
	assert_true(rng_next(&r) == 0xbdfd821062a087dbULL);
	assert_true(rng_next(&r) == 0x06c2e1f34acfb9e1ULL);
	assert_true(rng_next(&r) == 0x0c7ca92e2905572bULL);
}

static void test_stream_independence(void **state)
{
	struct rng a, b, a2;
	uint64_t xa[256], xb[256];

	/* Stream 1 does not depend on how much stream 0 drew. */
	rng_stream(&a, 7, 0);
	for (int i = 0; i < 1000; i++)
		rng_next(&a);
	rng_stream(&b, 7, 1);
	rng_stream(&a2, 7, 1);
	for (int i = 0; i < 256; i++)
		assert_true(rng_next(&b) == rng_next(&a2));
	/* Different streams and different base seeds give different sequences. */
	rng_stream(&a, 7, 0);
	rng_stream(&b, 7, 1);
	for (int i = 0; i < 256; i++) {
		xa[i] = rng_next(&a);
		xb[i] = rng_next(&b);
	}
	for (int i = 0; i < 256; i++)
		for (int j = 0; j < 256; j++)
			assert_true(xa[i] != xb[j]);
	assert_true(rng_derive_seed(7, 0) != rng_derive_seed(8, 0));
	/* Distinct indices give distinct seeds (the mix is a bijection in the index). */
	for (uint64_t i = 0; i < 1000; i++)
		assert_true(rng_derive_seed(7, i) != rng_derive_seed(7, i + 1));
}

static void test_determinism(void **state)
{
	struct rng a, b;

	rng_seed(&a, 123456789);
	rng_seed(&b, 123456789);
	for (int i = 0; i < 10000; i++) {
		assert_true(rng_next(&a) == rng_next(&b));
		assert_true(rng_normal(&a) == rng_normal(&b));
		assert_true(rng_below(&a, 1000) == rng_below(&b, 1000));
	}
}

static void test_below_bounds(void **state)
{
	static const uint64_t ns[] = { 1, 2, 3, 7, 10, 1000, (1ULL << 63) + 1, UINT64_MAX };
	struct rng r;

	rng_seed(&r, 5);
	for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++)
		for (int i = 0; i < 2000; i++)
			assert_true(rng_below(&r, ns[k]) < ns[k]);
	/* Every value of a small range is reached. */
	{
		int seen[7] = { 0 };

		for (int i = 0; i < 1000; i++)
			seen[rng_below(&r, 7)] = 1;
		for (int v = 0; v < 7; v++)
			assert_int_equal(seen[v], 1);
	}
}

static void test_below_chi_square(void **state)
{
	enum { K = 10, N = 100000 };
	long count[K] = { 0 };
	double chi2 = 0.0, expect = (double)N / K;
	struct rng r;

	rng_seed(&r, 2024);
	for (int i = 0; i < N; i++)
		count[rng_below(&r, K)]++;
	for (int k = 0; k < K; k++)
		chi2 += (count[k] - expect) * (count[k] - expect) / expect;
	/* 9 degrees of freedom: the 0.999 quantile is 27.88. */
	assert_true(chi2 < 27.88);
}

static void test_uniform_and_bernoulli(void **state)
{
	struct rng r;
	double sum = 0.0;
	int hits = 0;

	rng_seed(&r, 99);
	for (int i = 0; i < 100000; i++) {
		double u = rng_uniform(&r);
		double v = rng_uniform_range(&r, -2.0, 3.0);

		assert_true(u >= 0.0 && u < 1.0);
		assert_true(v >= -2.0 && v < 3.0);
		sum += u;
		hits += rng_bernoulli(&r, 0.3);
	}
	assert_true(fabs(sum / 100000 - 0.5) < 0.005);
	assert_true(fabs(hits / 100000.0 - 0.3) < 0.005);
	assert_int_equal(rng_bernoulli(&r, 0.0), 0);
	assert_int_equal(rng_bernoulli(&r, 1.0), 1);
}

static void test_normal_moments(void **state)
{
	enum { N = 200000 };
	struct rng r;
	double s = 0.0, s2 = 0.0, mean, var;
	int tail = 0;

	rng_seed(&r, 31337);
	for (int i = 0; i < N; i++) {
		double z = rng_normal(&r);

		s += z;
		s2 += z * z;
		tail += fabs(z) > 1.959963984540054;
	}
	mean = s / N;
	var = s2 / N - mean * mean;
	assert_true(fabs(mean) < 0.01);
	assert_true(fabs(var - 1.0) < 0.015);
	assert_true(fabs((double)tail / N - 0.05) < 0.003); /* P(|Z| > 1.96) = 0.05 */
}

static void test_shuffle_permutation(void **state)
{
	enum { N = 50 };
	uint32_t a[N], b[N];
	int seen[N] = { 0 }, moved = 0;
	struct rng r, r2;

	for (uint32_t i = 0; i < N; i++)
		a[i] = b[i] = i;
	rng_seed(&r, 17);
	rng_seed(&r2, 17);
	rng_shuffle_u32(&r, a, N);
	rng_shuffle_u32(&r2, b, N);
	for (int i = 0; i < N; i++) {
		seen[a[i]]++;
		moved += a[i] != (uint32_t)i;
		assert_int_equal(a[i], b[i]);
	}
	for (int i = 0; i < N; i++)
		assert_int_equal(seen[i], 1);
	assert_true(moved > N / 2);
	rng_shuffle_u32(&r, a, 0);
	rng_shuffle_u32(&r, a, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_splitmix64_golden),
		cmocka_unit_test(test_xoshiro_golden_seed42),
		cmocka_unit_test(test_uniform_golden),
		cmocka_unit_test(test_derive_and_stream_golden),
		cmocka_unit_test(test_stream_independence),
		cmocka_unit_test(test_determinism),
		cmocka_unit_test(test_below_bounds),
		cmocka_unit_test(test_below_chi_square),
		cmocka_unit_test(test_uniform_and_bernoulli),
		cmocka_unit_test(test_normal_moments),
		cmocka_unit_test(test_shuffle_permutation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
