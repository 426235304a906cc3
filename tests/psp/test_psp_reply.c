/* Unit tests of the buyers' replies (psp_reply), spec §10 "eps-best reply on hand cases
 * (single opponent, empty market, budget binding)" and the three buyer rules of spec §3.1
 * on markets small enough to solve by hand. Every expected number below is worked out in
 * the comment above it from the linear marginal value theta'(z) = kappa (1 - z/D), the
 * market price function of spec §2 and v = sup chi - eps/kappa, w = theta'(v). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "core/models/psp_reply.h"
#include "core/rng.h"

#define TOL 1e-12

struct fx {
	int ns;
	struct psp_book b[2];
	struct psp_reply_ctx c;
	struct psp_scratch s;
	double out[4], cur[4];
};

/* ns sellers offering Q[j] at reserve 0.1, 3 buyer slots, eps 0.1, the given rule. */
static void fx_init(struct fx *f, int ns, const double *Q, enum psp_pool pool)
{
	memset(f, 0, sizeof *f);
	f->ns = ns;
	for (int j = 0; j < ns; j++) {
		psp_book_init(&f->b[j], 3);
		psp_book_reset(&f->b[j], Q[j], 0.1);
	}
	f->c = (struct psp_reply_ctx){ .ns = ns, .book = f->b, .eps = 0.1, .pool = pool };
	psp_scratch_init(&f->s, ns);
}

static void fx_bid(struct fx *f, int j, int buyer, double q, double p)
{
	psp_book_add(&f->b[j], buyer, q, p);
	psp_book_sort(&f->b[j]);
	f->s.for_buyer = -1;
}

static void fx_fini(struct fx *f)
{
	for (int j = 0; j < f->ns; j++)
		psp_book_fini(&f->b[j]);
	psp_scratch_fini(&f->s);
}

static double theta(double k, double D, double x) { return k * (x - x * x / (2 * D)); }

static const struct psp_val buyer = { .kind = PSP_VAL_LINEAR, .kappa = 4, .need = 10,
				      .budget = INFINITY };

/* Empty market: 100 units at the reserve 0.1, kappa = 5, D = 30. P = 0.1 everywhere, so
 * sup chi = theta'^{-1}(0.1) = 30 (1 - 0.1/5) = 29.4, v = 29.4 - 0.1/5 = 29.38,
 * w = 5 (1 - 29.38/30); the utility is theta(29.38) - 0.1 * 29.38. Every rule agrees. */
static void test_empty_market(void **state)
{
	static const double Q[] = { 100 };
	struct psp_val v = { .kind = PSP_VAL_LINEAR, .kappa = 5, .need = 30, .budget = INFINITY };
	for (int pool = PSP_POOL_EQUAL; pool <= PSP_POOL_WATERFILL; pool++) {
		struct fx f;
		fx_init(&f, 1, Q, (enum psp_pool)pool);
		double u = psp_reply(&f.c, &f.s, 0, &v, f.cur, f.out);
		assert_true(fabs(f.out[0] - 29.38) < TOL);
		assert_true(fabs(f.out[1] - 5 * (1 - 29.38 / 30)) < TOL);
		assert_true(fabs(u - (theta(5, 30, 29.38) - 0.1 * 29.38)) < TOL);
		assert_true(fabs(psp_reply_utility(&f.c, NULL, 0, &v, f.out, NULL, NULL) - u) < TOL);
		fx_fini(&f);
	}
}

/* One opponent: Q = 10, the opponent bids (6, 2.0); kappa = 4, D = 10. P = 0.1 on [0, 4]
 * (data nobody else wants), 2.0 on (4, 10]. theta'(4) = 2.4 > 2, and theta' = 2 at z = 5:
 * sup chi = 5, v = 5 - 0.1/4 = 4.975, w = 4 (1 - 0.4975) = 2.01; it pays
 * int_0^4.975 P = 4 * 0.1 + 0.975 * 2 = 2.35. */
static void test_single_opponent(void **state)
{
	static const double Q[] = { 10 };
	struct fx f;
	fx_init(&f, 1, Q, PSP_POOL_EQUAL);
	fx_bid(&f, 0, 1, 6, 2.0);
	assert_true(fabs(psp_reply_sup(&f.b[0], 0, &buyer, 1, 10) - 5) < TOL);
	double u = psp_reply(&f.c, &f.s, 0, &buyer, f.cur, f.out);
	assert_true(fabs(f.out[0] - 4.975) < TOL && fabs(f.out[1] - 2.01) < TOL);
	double a[1], c[1];
	double u2 = psp_reply_utility(&f.c, &f.s, 0, &buyer, f.out, a, c);
	assert_true(fabs(a[0] - 4.975) < TOL && fabs(c[0] - 2.35) < TOL);
	assert_true(fabs(u - (theta(4, 10, 4.975) - 2.35)) < TOL && fabs(u2 - u) < TOL);
	fx_fini(&f);
}

/* The crossing at a jump: the opponent bids (6, 3.0). theta'(4) = 2.4 <= 3, so sup chi is
 * the left end of the segment, 4: v = 3.975, w = 4 (1 - 0.3975) = 2.41. */
static void test_crossing_at_jump(void **state)
{
	static const double Q[] = { 10 };
	struct fx f;
	fx_init(&f, 1, Q, PSP_POOL_WATERFILL);
	fx_bid(&f, 0, 1, 6, 3.0);
	psp_reply(&f.c, &f.s, 0, &buyer, f.cur, f.out);
	assert_true(fabs(f.out[0] - 3.975) < TOL && fabs(f.out[1] - 2.41) < TOL);
	fx_fini(&f);
}

/* Budget binding: the single-opponent market with a budget of 1. int_0^z P reaches 1 at
 * z = 4 + (1 - 0.4) / 2 = 4.3 < 5, so sup chi = 4.3, v = 4.275, w = 4 (1 - 0.4275) = 2.29,
 * and the reply costs 0.4 + 2 * 0.275 = 0.95 <= 1. Both the equal-split walk and the
 * merged (waterfill) walk apply it. */
static void test_budget_binding(void **state)
{
	static const double Q[] = { 10 };
	struct psp_val v = buyer;
	v.budget = 1;
	for (int pool = PSP_POOL_EQUAL; pool <= PSP_POOL_WATERFILL; pool += 2) {
		struct fx f;
		fx_init(&f, 1, Q, (enum psp_pool)pool);
		fx_bid(&f, 0, 1, 6, 2.0);
		psp_reply(&f.c, &f.s, 0, &v, f.cur, f.out);
		assert_true(fabs(f.out[0] - 4.275) < TOL && fabs(f.out[1] - 2.29) < TOL);
		double c[1];
		psp_reply_utility(&f.c, &f.s, 0, &v, f.out, NULL, c);
		assert_true(fabs(c[0] - 0.95) < TOL);
		fx_fini(&f);
	}
}

/* Waterfill over two sellers: seller 1 offers 10 with an opponent bidding (8, 2.0), seller 2
 * offers 5 to nobody; kappa = 4, D = 20. Merged by price (ties to seller 1): 2 units at 0.1
 * from seller 1, 5 at 0.1 from seller 2, then seller 1's 8 at 2.0. theta'(7) = 2.6 > 2 and
 * theta' = 2 at z = 10: sup chi = 10, v = 9.975 = 2 + 5 + 2.975, so it bids 4.975 at
 * seller 1 and 5 at seller 2, both at w = 4 (1 - 9.975/20) = 2.005; utility
 * theta(9.975) - (0.1 * 7 + 2 * 2.975). */
static void test_waterfill_two_sellers(void **state)
{
	static const double Q[] = { 10, 5 };
	struct psp_val v = { .kind = PSP_VAL_LINEAR, .kappa = 4, .need = 20, .budget = INFINITY };
	struct fx f;
	fx_init(&f, 2, Q, PSP_POOL_WATERFILL);
	fx_bid(&f, 0, 1, 8, 2.0);
	double u = psp_reply(&f.c, &f.s, 0, &v, f.cur, f.out);
	assert_true(fabs(f.out[0] - 4.975) < TOL && fabs(f.out[2] - 5) < TOL);
	assert_true(fabs(f.out[1] - 2.005) < TOL && fabs(f.out[3] - 2.005) < TOL);
	assert_true(fabs(u - (theta(4, 20, 9.975) - (0.7 + 2 * 2.975))) < TOL);
	assert_true(fabs(psp_reply_utility(&f.c, &f.s, 0, &v, f.out, NULL, NULL) - u) < TOL);
	fx_fini(&f);
}

/* Equal split, the larger pool wins: two empty sellers of 10; kappa = 4, D = 20. Alone each
 * caps the reply at 10: v = 9.975, U_1 = theta(9.975) - 0.9975 = 28.95. Split over both the
 * cap is 20 and sup chi = theta'^{-1}(0.1) = 19.5: v = 19.475, U_2 = theta(19.475) -
 * 2 * 0.1 * 9.7375 = 38.02 > U_1, so it bids 9.7375 at each for w = 4 (1 - 19.475/20). */
static void test_equal_two_pool(void **state)
{
	static const double Q[] = { 10, 10 };
	struct psp_val v = { .kind = PSP_VAL_LINEAR, .kappa = 4, .need = 20, .budget = INFINITY };
	struct fx f;
	fx_init(&f, 2, Q, PSP_POOL_EQUAL);
	double u = psp_reply(&f.c, &f.s, 0, &v, f.cur, f.out);
	assert_true(fabs(f.out[0] - 9.7375) < TOL && fabs(f.out[2] - 9.7375) < TOL);
	assert_true(fabs(f.out[1] - 0.105) < TOL && fabs(f.out[3] - 0.105) < TOL);
	assert_true(fabs(u - (theta(4, 20, 19.475) - 0.2 * 9.7375)) < TOL);
	fx_fini(&f);
}

/* Equal split, the smaller pool wins, and the literal rule differs: seller 1 offers 10 to
 * an opponent bidding (10, 3.0), seller 2 offers 10 to nobody; kappa = 4, D = 20.
 * equal: solo replies are 5 at seller 1 (theta' = 3 at z = 5) and 10 at seller 2 (its
 * cap), so seller 2 ranks first. Alone: v = 9.975, U = theta(9.975) - 0.9975 = 28.95.
 * Both: seller 1 stops x at 5 (theta'(x) > 3 needs x < 5), v = 4.975,
 * U = theta(4.975) - 3.1 * 2.4875 = 9.71. So it bids 9.975 at seller 2 only, w = 2.005.
 * literal, with a current price of 5: both sellers have 10 available above 5, and
 * n * 10 >= 20 needs n = 2: the pool is both, v = 4.975, bids 2.4875 at each for
 * w = 4 (1 - 4.975/20) = 3.005 -- the stalling pool the errata describe. */
static void test_equal_vs_literal(void **state)
{
	static const double Q[] = { 10, 10 };
	struct psp_val v = { .kind = PSP_VAL_LINEAR, .kappa = 4, .need = 20, .budget = INFINITY };
	struct fx f;
	fx_init(&f, 2, Q, PSP_POOL_EQUAL);
	fx_bid(&f, 0, 1, 10, 3.0);
	double u = psp_reply(&f.c, &f.s, 0, &v, f.cur, f.out);
	assert_true(f.out[0] == 0 && f.out[1] == 0);
	assert_true(fabs(f.out[2] - 9.975) < TOL && fabs(f.out[3] - 2.005) < TOL);
	assert_true(fabs(u - (theta(4, 20, 9.975) - 0.9975)) < TOL);
	f.c.pool = PSP_POOL_LITERAL;
	f.cur[0] = 1; /* its current bid, 1 unit at 5 at seller 1: only its price matters */
	f.cur[1] = 5;
	psp_reply(&f.c, &f.s, 0, &v, f.cur, f.out);
	assert_true(fabs(f.out[0] - 2.4875) < TOL && fabs(f.out[2] - 2.4875) < TOL);
	assert_true(fabs(f.out[1] - 3.005) < TOL && fabs(f.out[3] - 3.005) < TOL);
	fx_fini(&f);
}

/* The example buyer rule (spec §6) at the worked example's t = 1: sellers of 65 and 85, all
 * five buyers bid their needs at seller 2. A (50 at 1) got nothing: availability at its
 * price is 65 at seller 1 and 85 - 100 < 0 at seller 2, and 1 * 65 >= 50: it bids 50 at 1
 * to seller 1. B (40 at 1.2) got 25 < 40: availability 65 and 85 - 60 = 25; 65 >= 40: it
 * bids 40 at 1.2 to seller 1. C got its 26: it keeps its bid. */
static void test_example_rule(void **state)
{
	static const double Q[] = { 65, 85 };
	static const double need[] = { 50, 40, 26, 20, 14 }, price[] = { 1, 1.2, 1.5, 2, 2.2 };
	struct fx f;
	memset(&f, 0, sizeof f);
	f.ns = 2;
	for (int j = 0; j < 2; j++) {
		psp_book_init(&f.b[j], 5);
		psp_book_reset(&f.b[j], Q[j], 0.01);
	}
	for (int i = 0; i < 5; i++)
		psp_book_add(&f.b[1], i, need[i], price[i]);
	psp_book_sort(&f.b[1]);
	f.c = (struct psp_reply_ctx){ .ns = 2, .book = f.b, .eps = 0.01, .pool = PSP_POOL_LITERAL };
	psp_scratch_init(&f.s, 2);
	for (int i = 0; i < 3; i++) {
		struct psp_val v = { .kind = PSP_VAL_STEP, .kappa = price[i], .need = need[i],
				     .budget = INFINITY };
		double cur[4] = { 0, 0, need[i], price[i] };
		psp_reply_step(&f.c, &f.s, i, &v, cur, f.out);
		if (i < 2) {
			assert_true(f.out[0] == need[i] && f.out[1] == price[i]);
			assert_true(f.out[2] == 0 && f.out[3] == 0);
		} else {
			assert_true(memcmp(f.out, cur, sizeof cur) == 0);
		}
	}
	fx_fini(&f);
}

/* Valuations: step buyers value kappa per unit up to D; held data shifts the marginal
 * value (a buyer that already bought 4 of D = 10 values the next unit at 4 (1 - 0.4)). */
static void test_valuations(void **state)
{
	struct psp_val s = { .kind = PSP_VAL_STEP, .kappa = 2, .need = 10, .budget = INFINITY };
	assert_true(psp_val_theta(&s, 4) == 8 && psp_val_theta(&s, 12) == 20);
	assert_true(psp_val_marg(&s, 9.5) == 2 && psp_val_marg(&s, 10) == 0);
	assert_true(psp_val_cross(&s, 1.5, 1) == 10 && psp_val_cross(&s, 2, 1) == 0);
	struct psp_val l = buyer;
	l.held = 4;
	assert_true(fabs(psp_val_marg(&l, 4) - 2.4) < TOL);
	assert_true(fabs(psp_val_gain(&l, 1) - (theta(4, 10, 5) - theta(4, 10, 4))) < TOL);
	assert_true(fabs(psp_val_cross(&l, 2, 1) - 1) < TOL); /* theta'(5) = 2 */
	assert_true(psp_val_room(&l) == 6);
}

/* psp_reply_bounded on the market of test_waterfill_two_sellers (kappa = 4, D = 20; seller
 * 1: 10 units, an opponent's 8 at 2.0 above the reserve 0.1; seller 2: 5 units at 0.1).
 * The best bid buys the 7 units at 0.1 (0.7) and 3 at 2.0 up to theta'(10) = 2:
 * U* = theta(10) - 6.7 = 23.3, so bar 23.3 + 1e-9 is never exceeded and 23.3 - 1e-9 is.
 * With a budget of 1: 7 units at 0.1, then 0.3 / 2 = 0.15 at 2.0: U = theta(7.15) - 1 =
 * 22.48775. A step buyer is never bounded. */
static void test_bounded_hand(void **state)
{
	static const double Q[] = { 10, 5 };
	struct psp_val v = { .kind = PSP_VAL_LINEAR, .kappa = 4, .need = 20, .budget = INFINITY };
	struct fx f;
	fx_init(&f, 2, Q, PSP_POOL_EQUAL);
	fx_bid(&f, 0, 1, 8, 2.0);
	assert_true(fabs(theta(4, 20, 10) - 6.7 - 23.3) < TOL);
	assert_int_equal(psp_reply_bounded(&f.c, &f.s, 0, &v, 23.3 + 1e-9), 1);
	assert_int_equal(psp_reply_bounded(&f.c, &f.s, 0, &v, 23.3 - 1e-9), 0);
	v.budget = 1;
	assert_true(fabs(theta(4, 20, 7.15) - 1 - 22.48775) < TOL);
	assert_int_equal(psp_reply_bounded(&f.c, &f.s, 0, &v, 22.48775 + 1e-9), 1);
	assert_int_equal(psp_reply_bounded(&f.c, &f.s, 0, &v, 22.48775 - 1e-9), 0);
	v.kind = PSP_VAL_STEP;
	assert_int_equal(psp_reply_bounded(&f.c, &f.s, 0, &v, 1e9), 0);
	fx_fini(&f);
	(void)state;
}

/* On random two-seller markets (two opponents, buyers with data held and budgets) the
 * bound decides like the unshaded waterfill reply's utility U*: never "bounded" at
 * U* - 1e-9 (it would claim a hold that a bid beats), always at U* + 1e-9. */
static void test_bounded_random(void **state)
{
	struct rng r;
	rng_seed(&r, 31);
	for (int t = 0; t < 3000; t++) {
		double Q[] = { rng_uniform_range(&r, 1, 30), rng_uniform_range(&r, 1, 30) };
		struct fx f;
		fx_init(&f, 2, Q, PSP_POOL_WATERFILL);
		for (int j = 0; j < 2; j++)
			for (int k = 1; k < 3; k++)
				if (rng_bernoulli(&r, 0.8))
					fx_bid(&f, j, k, rng_uniform_range(&r, 0.5, 20),
					       rng_uniform_range(&r, 0.05, 4));
		struct psp_val v = { .kind = PSP_VAL_LINEAR, .kappa = rng_uniform_range(&r, 0.5, 5),
				     .need = rng_uniform_range(&r, 1, 40), .budget = INFINITY };
		v.held = rng_bernoulli(&r, 0.3) ? rng_uniform(&r) * v.need : 0;
		if (rng_bernoulli(&r, 0.3))
			v.budget = rng_uniform_range(&r, 0, 20);
		f.c.eps = 0;
		double u = psp_reply(&f.c, &f.s, 0, &v, f.cur, f.out), d = 1e-9 * (1 + fabs(u));
		assert_int_equal(psp_reply_bounded(&f.c, &f.s, 0, &v, u - d), 0);
		assert_int_equal(psp_reply_bounded(&f.c, &f.s, 0, &v, u + d), 1);
		fx_fini(&f);
	}
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_market),
		cmocka_unit_test(test_single_opponent),
		cmocka_unit_test(test_crossing_at_jump),
		cmocka_unit_test(test_budget_binding),
		cmocka_unit_test(test_waterfill_two_sellers),
		cmocka_unit_test(test_equal_two_pool),
		cmocka_unit_test(test_equal_vs_literal),
		cmocka_unit_test(test_example_rule),
		cmocka_unit_test(test_valuations),
		cmocka_unit_test(test_bounded_hand),
		cmocka_unit_test(test_bounded_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
