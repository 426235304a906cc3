/* Unit tests of one seller's PSP auction (psp_book), spec §10 "allocation/cost unit tests":
 * hand cases of the allocation (proportional tie split, bids at or below the reserve get
 * nothing), of the market price function's segments, and of the cost; then random profiles
 * (prices from a small grid, so ties are common) checked against an independent, naive
 * implementation written here from the paper's eqs. (2)-(4): the allocation of every bid,
 * and the cost of eq. (4) -- the declared value of what i's presence takes from the others,
 * phantom reserve included -- against the book's int_0^a P to 1e-9 (spec §2, §10).
 * Finally a book kept up to date bid by bid (psp_book_set) must equal a fresh build. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/models/psp_book.h"
#include "core/rng.h"

#define NMAX 40

/* ---- the naive reference: eqs. (2)-(4) read directly ------------------------------------ */

struct profile {
	int n;
	double Q, r;
	double q[NMAX], p[NMAX];
	int present[NMAX]; /* 0: the bid is left out (eq. 4's a_k(0; s_-i)) */
};

/* Eq. (3) with eq. (20)'s proportional tie split and the phantom reserve bid (Q, r). */
static double naive_alloc(const struct profile *s, int i)
{
	if (!s->present[i] || !(s->q[i] > 0) || !(s->p[i] > s->r))
		return 0;
	double above = 0, tie = 0;
	for (int k = 0; k < s->n; k++) {
		if (!s->present[k] || !(s->q[k] > 0) || !(s->p[k] > s->r))
			continue;
		if (k != i && s->p[k] > s->p[i])
			above += s->q[k];
		if (s->p[k] == s->p[i])
			tie += s->q[k];
	}
	double avail = s->Q - above;
	if (!(avail > 0))
		return 0;
	double a = s->q[i] / tie * avail;
	return a < s->q[i] ? a : s->q[i];
}

/* Eq. (4): sum_{k != i} p_k [a_k(0; s_-i) - a_k(s)] + r [unsold without i - unsold with i]. */
static double naive_cost(struct profile *s, int i)
{
	double with[NMAX], sold_with = 0, sold_without = 0, c = 0;
	for (int k = 0; k < s->n; k++) {
		with[k] = naive_alloc(s, k);
		sold_with += with[k];
	}
	s->present[i] = 0;
	for (int k = 0; k < s->n; k++) {
		double without = naive_alloc(s, k);
		sold_without += without;
		if (k != i)
			c += s->p[k] * (without - with[k]);
	}
	s->present[i] = 1;
	return c + s->r * ((s->Q - sold_without) - (s->Q - sold_with));
}

static void fill_book(struct psp_book *b, const struct profile *s)
{
	psp_book_reset(b, s->Q, s->r);
	for (int k = 0; k < s->n; k++)
		psp_book_add(b, k, s->q[k], s->p[k]);
	psp_book_sort(b);
}

/* Allocation of entry holders through both book functions. */
static double book_alloc(struct psp_book *b, const struct profile *s, int i)
{
	return psp_book_alloc(b, i, s->q[i], s->p[i]);
}

/* ---- hand cases ------------------------------------------------------------------------- */

/* The worked example's seller 2 at t = 1 (spec §6): 85 units, reserve eps = 0.01, every buyer
 * bids its need there. By price: E 14 (2.2), D 20 (2), C 26 (1.5) take 60; B (40 at 1.2) gets
 * the remaining 25; A (50 at 1) nothing. */
static void test_example_seller(void **state)
{
	struct profile s = { .n = 5, .Q = 85, .r = 0.01,
			     .q = { 50, 40, 26, 20, 14 }, .p = { 1, 1.2, 1.5, 2, 2.2 } };
	static const double want[] = { 0, 25, 26, 20, 14 };
	struct psp_book b;
	double all[NMAX];
	psp_book_init(&b, 5);
	fill_book(&b, &s);
	psp_book_alloc_all(&b, all);
	for (int i = 0; i < 5; i++)
		assert_true(book_alloc(&b, &s, i) == want[i]);
	/* entries are by price: E, D, C, B, A */
	static const int order[] = { 4, 3, 2, 1, 0 };
	for (int k = 0; k < 5; k++) {
		assert_int_equal(b.e[k].buyer, order[k]);
		assert_true(all[k] == want[order[k]]);
	}
	assert_int_equal(psp_book_frontier(&b), 4); /* E, D, C, B cover the 85 units */
	psp_book_fini(&b);
}

/* Ties share in proportion to the quantities (eq. 20): Q = 10, bids (8, 2) and (6, 2) above
 * (5, 1): the tie group gets all 10 units, 8/14 and 6/14 of them; the lower bid nothing. */
static void test_tie_split(void **state)
{
	struct profile s = { .n = 3, .Q = 10, .r = 0.1, .q = { 8, 6, 5 }, .p = { 2, 2, 1 },
			     .present = { 1, 1, 1 } };
	struct psp_book b;
	psp_book_init(&b, 3);
	fill_book(&b, &s);
	assert_true(fabs(book_alloc(&b, &s, 0) - 80.0 / 14) < 1e-12);
	assert_true(fabs(book_alloc(&b, &s, 1) - 60.0 / 14) < 1e-12);
	assert_true(book_alloc(&b, &s, 2) == 0);
	/* By hand, eq. (4) for buyer 0: without it, bid 1 gets 6 (not 60/14) and bid 2 gets the
	 * remaining 4: 2 (6 - 60/14) + 1 (4 - 0) = 7.4285714...; int_0^{80/14} P_0 walks the
	 * bottom segment (price 1, length 4) then price 2: 4 + 2 (80/14 - 4), the same. */
	double want = 2 * (6 - 60.0 / 14) + 4;
	assert_true(fabs(psp_book_cost(&b, 0, 80.0 / 14) - want) < 1e-12);
	assert_true(fabs(naive_cost(&s, 0) - want) < 1e-12);
	psp_book_fini(&b);
}

/* Bids at or below the reserve get nothing and are not in the market price function. */
static void test_reserve(void **state)
{
	struct profile s = { .n = 3, .Q = 10, .r = 0.5, .q = { 4, 4, 4 }, .p = { 0.5, 0.3, 0.6 } };
	struct psp_book b;
	psp_book_init(&b, 3);
	fill_book(&b, &s);
	assert_int_equal(b.n, 1);
	assert_true(book_alloc(&b, &s, 0) == 0);
	assert_true(book_alloc(&b, &s, 1) == 0);
	assert_true(book_alloc(&b, &s, 2) == 4);
	/* a newcomer sees 6 units at the reserve 0.5, then buyer 2's 4 units at 0.6 */
	struct psp_seg g;
	assert_true(psp_book_mpf_first(&b, 0, &g));
	assert_true(g.z0 == 0 && g.z1 == 6 && g.p == 0.5);
	assert_true(psp_book_mpf_next(&b, &g));
	assert_true(g.z0 == 6 && g.z1 == 10 && g.p == 0.6);
	assert_false(psp_book_mpf_next(&b, &g));
	/* buying 8 costs 6 at 0.5 and 2 at 0.6 */
	assert_true(fabs(psp_book_cost(&b, 0, 8) - (3 + 1.2)) < 1e-12);
	psp_book_fini(&b);
}

/* Spec §2's construction: opponents (10, 3) and (5, 2), Q = 12: P(z) = 2 on (0, 2] (the
 * cheaper bid is cut to 2 units), 3 on (2, 12]; the buyer's own bid is left out. */
static void test_mpf_segments(void **state)
{
	struct psp_book b;
	struct psp_seg g;
	psp_book_init(&b, 3);
	psp_book_reset(&b, 12, 0.1);
	psp_book_add(&b, 0, 10, 3);
	psp_book_add(&b, 1, 5, 2);
	psp_book_add(&b, 2, 7, 2.5); /* buyer 2's own bid */
	psp_book_sort(&b);
	assert_true(psp_book_mpf_first(&b, 2, &g));
	assert_true(g.z0 == 0 && g.z1 == 2 && g.p == 2);
	assert_true(psp_book_mpf_next(&b, &g));
	assert_true(g.z0 == 2 && g.z1 == 12 && g.p == 3);
	assert_false(psp_book_mpf_next(&b, &g));
	/* buyer 1 (5 at 2) sees 10 at 3 and buyer 2's 7 at 2.5: 12 - 17 < 0, so P = 2.5 on
	 * (0, 2] and 3 on (2, 12] */
	assert_true(psp_book_mpf_first(&b, 1, &g));
	assert_true(g.z1 == 2 && g.p == 2.5);
	/* above: what the others bid above a price, capped once it reaches Q */
	assert_true(psp_book_above(&b, 1, 2.7) == 10);
	assert_true(psp_book_above(&b, 1, 2.2) >= 12);
	psp_book_fini(&b);
}

/* ---- random profiles against the naive reference ---------------------------------------- */

static void random_profile(struct rng *r, struct profile *s)
{
	s->n = 1 + (int)rng_below(r, NMAX);
	s->Q = rng_uniform_range(r, 1, 60);
	s->r = rng_bernoulli(r, 0.5) ? 0 : 0.3;
	for (int k = 0; k < s->n; k++) {
		s->q[k] = rng_bernoulli(r, 0.1) ? 0 : rng_uniform_range(r, 0.1, 10);
		s->p[k] = 0.1 * (double)(1 + rng_below(r, 12)); /* a grid: ties are common */
		s->present[k] = 1;
	}
}

/* Draws a profile into s (with `fine`, its prices redrawn off the grid, so ties are rare
 * and the frontier falls between bids), enters it into b and gives every entry's allocation
 * in all. */
static void random_book(struct rng *r, struct psp_book *b, struct profile *s, int fine,
			double *all)
{
	random_profile(r, s);
	if (fine)
		for (int k = 0; k < s->n; k++)
			s->p[k] = rng_uniform_range(r, 0.1, 1.3);
	fill_book(b, s);
	psp_book_alloc_all(b, all);
}

static void test_random_against_eq4(void **state)
{
	struct rng r;
	struct psp_book b;
	long checked = 0, ties = 0;
	rng_seed(&r, 2024);
	psp_book_init(&b, NMAX);
	for (int rep = 0; rep < 400; rep++) {
		struct profile s;
		double all[NMAX];
		random_book(&r, &b, &s, 0, all);
		for (int k = 0; k < b.n; k++)
			assert_true(fabs(all[k] - naive_alloc(&s, b.e[k].buyer)) <= 1e-12 * s.Q);
		for (int i = 0; i < s.n; i++) {
			double a = book_alloc(&b, &s, i), want = naive_alloc(&s, i);
			assert_true(fabs(a - want) <= 1e-12 * s.Q);
			if (!(a > 0))
				continue;
			double c = psp_book_cost(&b, i, a), c4 = naive_cost(&s, i);
			if (fabs(c - c4) > 1e-9 * (1 + c4))
				fail_msg("profile %d buyer %d: int P = %.17g, eq. (4) = %.17g", rep, i,
					 c, c4);
			for (int k = 0; k < s.n; k++)
				ties += k != i && s.p[k] == s.p[i] && s.q[k] > 0;
			checked++;
		}
	}
	assert_true(checked > 1000 && ties > 100); /* the comparison covered tied bids */
	psp_book_fini(&b);
}

/* A buyer's own bid gets what psp_book_alloc_all gives its entry, bit for bit: those who get
 * all of it (found without a search for the entry, near the frontier), the marginal and
 * tied ones, and those outbid; books with ties and books that do not cover Q alike. */
static void test_own_bid_equals_all(void **state)
{
	struct rng r;
	struct psp_book b;
	long whole = 0, part = 0;
	rng_seed(&r, 99);
	psp_book_init(&b, NMAX);
	for (int rep = 0; rep < 400; rep++) {
		struct profile s;
		double all[NMAX];
		random_book(&r, &b, &s, rep % 2, all); /* every other book with finer prices */
		for (int k = 0; k < b.n; k++) {
			const struct psp_entry *x = &b.e[k];
			assert_true(psp_book_alloc(&b, x->buyer, x->q, x->p) == all[k]);
			whole += all[k] == x->q;
			part += all[k] > 0 && all[k] < x->q;
		}
	}
	assert_true(whole > 1000 && part > 100);
	psp_book_fini(&b);
	(void)state;
}

/* A book kept up to date bid by bid equals a fresh build of the same bids. */
static void test_set_equals_build(void **state)
{
	struct rng r;
	struct psp_book inc, fresh;
	struct profile s = { .n = NMAX, .Q = 50, .r = 0.2 };
	rng_seed(&r, 7);
	psp_book_init(&inc, NMAX);
	psp_book_init(&fresh, NMAX);
	fill_book(&inc, &s);
	for (int step = 0; step < 3000; step++) {
		int i = (int)rng_below(&r, NMAX);
		s.q[i] = rng_bernoulli(&r, 0.2) ? 0 : rng_uniform_range(&r, 0.1, 5);
		s.p[i] = 0.1 * (double)rng_below(&r, 10);
		s.present[i] = 1;
		psp_book_set(&inc, i, s.q[i], s.p[i]);
		if (step % 7)
			continue;
		fill_book(&fresh, &s);
		assert_int_equal(inc.n, fresh.n);
		for (int k = 0; k < inc.n; k++) {
			assert_int_equal(inc.e[k].buyer, fresh.e[k].buyer);
			assert_true(inc.e[k].p == fresh.e[k].p && inc.e[k].q == fresh.e[k].q);
		}
		for (int t = 0; t < NMAX; t++) {
			assert_true(book_alloc(&inc, &s, t) == book_alloc(&fresh, &s, t));
			double a = book_alloc(&fresh, &s, t);
			assert_true(psp_book_cost(&inc, t, a) == psp_book_cost(&fresh, t, a));
		}
	}
	psp_book_fini(&inc);
	psp_book_fini(&fresh);
}

/* psp_book_refresh sums several books side by side: seven books (four lanes, lanes
 * refilled, the last ones alone) kept bid by bid and refreshed after every change hold
 * the prefix sums of a fresh build, bit for bit, up to their frontier at least, and the
 * same frontier. */
static void test_refresh_equals_build(void **state)
{
	enum { NBOOK = 7 };
	struct rng r;
	struct psp_book inc[NBOOK], fresh;
	struct profile s[NBOOK];
	long summed = 0;
	rng_seed(&r, 11);
	psp_book_init(&fresh, NMAX);
	for (int j = 0; j < NBOOK; j++) {
		s[j] = (struct profile){ .n = NMAX, .Q = 20 + 10 * j, .r = 0.1 };
		psp_book_init(&inc[j], NMAX);
		fill_book(&inc[j], &s[j]);
	}
	for (int step = 0; step < 2000; step++) {
		for (int j = 0; j < NBOOK; j++) { /* most books change, some not */
			if (rng_bernoulli(&r, 0.2))
				continue;
			int i = (int)rng_below(&r, NMAX);
			s[j].q[i] = rng_bernoulli(&r, 0.1) ? 0 : rng_uniform_range(&r, 0.1, 5);
			s[j].p[i] = 0.05 * (double)rng_below(&r, 30);
			s[j].present[i] = 1;
			psp_book_frontier(&inc[j]); /* where the refresh will sum to */
			psp_book_set(&inc[j], i, s[j].q[i], s[j].p[i]);
		}
		int before[NBOOK];
		for (int j = 0; j < NBOOK; j++)
			before[j] = inc[j].valid;
		psp_book_refresh(inc, NBOOK);
		for (int j = 0; j < NBOOK; j++) {
			fill_book(&fresh, &s[j]);
			psp_book_total(&fresh); /* every sum */
			int top = inc[j].fh < inc[j].n ? inc[j].fh : inc[j].n;
			assert_true(inc[j].valid >= top);
			summed += inc[j].valid - before[j];
			for (int k = 0; k <= inc[j].valid; k++)
				assert_true(inc[j].cq[k] == fresh.cq[k]);
			assert_int_equal(psp_book_frontier(&inc[j]), psp_book_frontier(&fresh));
		}
	}
	assert_true(summed > 2000); /* the refresh did the summing */
	for (int j = 0; j < NBOOK; j++)
		psp_book_fini(&inc[j]);
	psp_book_fini(&fresh);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example_seller),
		cmocka_unit_test(test_tie_split),
		cmocka_unit_test(test_reserve),
		cmocka_unit_test(test_mpf_segments),
		cmocka_unit_test(test_random_against_eq4),
		cmocka_unit_test(test_own_bid_equals_all),
		cmocka_unit_test(test_set_equals_build),
		cmocka_unit_test(test_refresh_equals_build),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
