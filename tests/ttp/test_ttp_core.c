/* Unit tests of the mathematics of model `ttp` (paper 004): the tree and its node values,
 * the planner's DP and its tie rule, greedy, spot only, the best split, the LP relaxation by
 * GLPK and its duals, the dual value D(p) and the tatonnement, on the spec's instances.
 *
 * Where the numbers come from: the slides (node values, optimum 12, 2 / 3.5 / 6.5), the spec's
 * §3, §4, §7 and its Errata E1-E5 (values marked [ref] there were computed by an independent
 * implementation). Every value not printed in the spec was computed independently in Python
 * for these tests: an exact DP over subsets with Fractions, greedy and spot only by their
 * definitions, the LP [P1] by an exact rational simplex (Bland's rule), D(p) in exact
 * arithmetic, and the tatonnement re-implemented from the spec's §2.2 item 3 in floats; those
 * constants say so where they are used. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/models/ttp_dp.h"
#include "core/models/ttp_lp.h"
#include "core/models/ttp_market.h"
#include "core/models/ttp_tree.h"
#include "tests/testutil.h"

#define X NAN
#define W 6 /* table width: parent, prob, up to 4 buyers */

/* The slides' example (spec §3): root, No Rain, No Fine, FC, CF, CR, RC. */
static const double example[7 * W] = {
	0, 1, X, X, X, X,
	1, 0.5, X, X, X, X,
	1, 0.5, X, X, X, X,
	2, 0.5, 8, 6, 2, X,
	2, 0.5, 6, 8, 2, X,
	3, 0.5, 6, -4, 2, X,
	3, 0.5, -4, 6, 2, X,
};

/* Errata E1, instance LP-GAP: four buyers, four paths revealed at t = 1. */
static const double lp_gap[5 * W] = {
	0, 1, X, X, X, X,
	1, 0.25, 0, 3, 3, 0,
	1, 0.25, 0, 3, 0, 3,
	1, 0.25, 3, 1, 0, 0,
	1, 0.25, 2, 0, 2, 1,
};

/* Errata E1, instance TERNARY: root -> a, b, c; each -> two leaves. */
static const double ternary[10 * W] = {
	0, 1, X, X, X, X,
	1, 0.5, X, X, X, X,
	1, 0.3, X, X, X, X,
	1, 0.2, X, X, X, X,
	2, 0.5, 9, 2, 4, -1,
	2, 0.5, -3, 6, 4, 5,
	3, 0.6, 5, 5, -2, 3,
	3, 0.4, 1, 8, 6, 0,
	4, 0.25, 0, -6, 10, 2,
	4, 0.75, 7, 1, 3, 4,
};
#undef X

static void tree_of(struct ttp_tree *tr, const double *a, int rows, int cols)
{
	struct err e;
	if (ttp_tree_init(tr, a, rows, cols, &e) < 0)
		fail_msg("tree: %s", e.msg);
}

/* S-TTP-2 "flight" (spec §4): T = 3, V_i = base_i + loading_i * (s_1 + s_2 + s_3), rows
 * generated breadth first as the scenario does. */
static void flight(struct ttp_tree *tr)
{
	static const double base[5] = {5, 4, 3.5, 3, 2.5}, load[5] = {-3, 2, 2, 2, 1};
	double a[15 * 7];
	int s[15] = {0}, rows = 1;
	for (int c = 0; c < 15 * 7; c++)
		a[c] = NAN;
	a[0] = 0;
	a[1] = 1;
	for (int t = 1, first = 0, last = 1; t <= 3; t++) {
		for (int q = first; q < last; q++)
			for (int sg = 1; sg >= -1; sg -= 2) {
				double *row = a + rows * 7;
				row[0] = q + 1;
				row[1] = 0.5;
				s[rows] = s[q] + sg;
				for (int i = 0; t == 3 && i < 5; i++)
					row[2 + i] = base[i] + load[i] * s[rows];
				rows++;
			}
		first = last;
		last = rows;
	}
	tree_of(tr, a, 15, 7);
}

static double dp_value(const struct ttp_tree *tr, const int *mu)
{
	struct ttp_dp d;
	struct err e;
	if (ttp_dp_solve(&d, tr, mu, &e) < 0)
		fail_msg("dp: %s", e.msg);
	double v = d.value;
	ttp_dp_fini(&d);
	return v;
}

static double lp_value(const struct ttp_tree *tr, const int *mu)
{
	struct ttp_lp lp;
	struct err e;
	if (ttp_lp_solve(&lp, tr, mu, &e) < 0)
		fail_msg("lp: %s", e.msg);
	double v = lp.value;
	ttp_lp_fini(&lp);
	return v;
}

static double greedy_value(const struct ttp_tree *tr, const int *mu)
{
	uint32_t in[32], buy[32];
	assert_true(tr->n <= 32);
	ttp_greedy_policy(tr, mu, in, buy);
	return ttp_policy_eval(tr, buy, NULL, NULL);
}

static double dual_at(const struct ttp_tree *tr, const int *mu, const double *p)
{
	struct ttp_market mk;
	ttp_market_init(&mk, tr, mu);
	double D = ttp_market_eval(&mk, p);
	ttp_market_fini(&mk);
	return D;
}

/* Node k's values are (a, b, c). */
static void assert_values3(const struct ttp_tree *tr, int row, double a, double b, double c)
{
	const double *v = tr->v + (size_t)tr->idx[row - 1] * (size_t)tr->nb;
	assert_true(v[0] == a && v[1] == b && v[2] == c);
}

/* ---- the slides' example ---- */

static void test_example_tree(void **state)
{
	struct ttp_tree tr;
	tree_of(&tr, example, 7, W);
	assert_int_equal(tr.n, 7);
	assert_int_equal(tr.nb, 3);
	assert_int_equal(tr.T, 2);
	/* the slides' v(0), v(1, NR), v(1, NF), and the leaves as given */
	assert_values3(&tr, 1, 4, 4, 2);
	assert_values3(&tr, 2, 7, 7, 2);
	assert_values3(&tr, 3, 1, 1, 2);
	assert_values3(&tr, 6, 6, -4, 2);
	for (int r = 4; r <= 7; r++)
		assert_true(tr.P[tr.idx[r - 1]] == 0.25);
	/* layers are contiguous blocks: 1 root, 2 forecasts, 4 leaves */
	assert_int_equal(tr.layer[0], 0);
	assert_int_equal(tr.layer[1], 1);
	assert_int_equal(tr.layer[2], 3);
	assert_int_equal(tr.layer[3], 7);
	ttp_tree_fini(&tr);
}

static void test_example_optimum(void **state)
{
	struct ttp_tree tr;
	struct ttp_dp d;
	struct err e;
	int mu[3] = {1, 1, 1};
	uint32_t in[7], buy[7];
	double bytime[3];
	tree_of(&tr, example, 7, W);
	assert_int_equal(ttp_dp_solve(&d, &tr, mu, &e), 0);
	assert_true(d.value == 12);
	ttp_dp_policy(&d, in, buy);
	assert_true(ttp_policy_eval(&tr, buy, bytime, NULL) == 12);
	/* the slides: 2 / 3.5 / 6.5 (the same for every optimal assignment, errata E4) */
	assert_true(bytime[0] == 2 && bytime[1] == 3.5 && bytime[2] == 6.5);
	/* C buys at the root in every optimum; at No Rain exactly one of A, B (both optimal);
	 * the No Fine permit is unsold */
	assert_int_equal(buy[tr.idx[0]], 1u << 2);
	uint32_t nr = buy[tr.idx[1]];
	assert_true(nr == 1u || nr == 2u);
	assert_int_equal(buy[tr.idx[2]], 0);
	ttp_dp_fini(&d);
	ttp_tree_fini(&tr);
}

static void test_example_benchmarks(void **state)
{
	struct ttp_tree tr;
	int mu[3] = {1, 1, 1};
	double zero[7] = {0};
	tree_of(&tr, example, 7, W);
	assert_true(greedy_value(&tr, mu) == 11);     /* spec §3, errata E5(a) */
	assert_true(ttp_spot_only(&tr, 3) == 12);     /* spec §3 */
	assert_true(dual_at(&tr, mu, zero) == 12);    /* spec §3: D(0) = 12 */
	struct ttp_lp lp;
	struct err e;
	assert_int_equal(ttp_lp_solve(&lp, &tr, mu, &e), 0);
	TU_REL(12, lp.value, 1e-12);
	/* the No Fine permit is unsold: its price is 0 in every equilibrium (spec §7) */
	assert_true(lp.p[tr.idx[2]] == 0);
	/* GLPK's duals are optimal: D at its prices is the LP value (D >= LP for every p) */
	double p[7];
	for (int k = 0; k < 7; k++)
		p[k] = lp.p[k];
	TU_REL(12, dual_at(&tr, mu, p), 1e-9);
	ttp_lp_fini(&lp);
	ttp_tree_fini(&tr);
}

/* Spec §3: other capacity vectors. LP values (equal) from the Python rational simplex. */
static void test_example_capacities(void **state)
{
	static const struct {
		int mu[3];
		double dp, greedy;
	} c[] = {
		{{0, 1, 1}, 11, 11}, {{1, 0, 1}, 9.5, 9.5}, {{1, 1, 0}, 8.5, 8.5},
		{{0, 0, 1}, 7, 7},   {{2, 0, 1}, 11, 10},
	};
	struct ttp_tree tr;
	tree_of(&tr, example, 7, W);
	for (size_t k = 0; k < sizeof c / sizeof c[0]; k++) {
		assert_true(dp_value(&tr, c[k].mu) == c[k].dp);
		TU_REL(c[k].dp, lp_value(&tr, c[k].mu), 1e-12);
		/* greedy (Python): (2, 0, 1) gives A and B the root permits: 10 */
		assert_true(greedy_value(&tr, c[k].mu) == c[k].greedy);
	}
	ttp_tree_fini(&tr);
}

/* Best split of 3 permits: 12, kept at spot only (0, 0, 3); Python enumerated all 10 splits
 * and found 5 at 12: (0,0,3), (0,1,2), (0,2,1), (1,0,2), (1,1,1). */
static void test_example_split(void **state)
{
	struct ttp_tree tr;
	struct err e;
	int best[3];
	double v;
	long ties, n;
	tree_of(&tr, example, 7, W);
	assert_int_equal(ttp_best_split(&tr, 3, best, &v, &ties, &n, &e), 0);
	assert_true(v == 12);
	assert_int_equal(best[0], 0);
	assert_int_equal(best[1], 0);
	assert_int_equal(best[2], 3);
	assert_int_equal(n, 10);
	assert_int_equal(ties, 5);
	ttp_tree_fini(&tr);
}

/* ---- S-TTP-2 flight ---- */

static void test_flight(void **state)
{
	struct ttp_tree tr;
	int mu[4] = {1, 1, 1, 1};
	flight(&tr);
	assert_int_equal(tr.n, 15);
	assert_int_equal(tr.layer[3], 7);
	/* spec §4 [ref]: 18.0625 (LP equal), greedy 16.3125, spot only 18.375 */
	assert_true(dp_value(&tr, mu) == 18.0625);
	TU_REL(18.0625, lp_value(&tr, mu), 1e-12);
	assert_true(greedy_value(&tr, mu) == 16.3125);
	assert_true(ttp_spot_only(&tr, 4) == 18.375);
	/* D(0) = 39/2 (Python, exact) */
	double zero[15] = {0};
	assert_true(dual_at(&tr, mu, zero) == 19.5);
	/* spec §4: best split of M = 4 is (0, 0, 0, 4) with 18.375; Python: 35 splits, two at
	 * 18.375 ((0,0,0,4) and (0,0,1,3)) */
	struct err e;
	int best[4];
	double v;
	long ties, n;
	assert_int_equal(ttp_best_split(&tr, 4, best, &v, &ties, &n, &e), 0);
	assert_true(v == 18.375);
	assert_true(best[0] == 0 && best[1] == 0 && best[2] == 0 && best[3] == 4);
	assert_int_equal(n, 35);
	assert_int_equal(ties, 2);
	/* spec §4: equilibrium root prices lie in [1, 2.5]; GLPK's vertex is one of them */
	struct ttp_lp lp;
	assert_int_equal(ttp_lp_solve(&lp, &tr, mu, &e), 0);
	assert_true(lp.p[0] >= 1 - 1e-9 && lp.p[0] <= 2.5 + 1e-9);
	TU_REL(18.0625, dual_at(&tr, mu, lp.p), 1e-9);
	ttp_lp_fini(&lp);
	ttp_tree_fini(&tr);
}

/* ---- the errata's counterexamples ---- */

static void test_lp_gap(void **state)
{
	struct ttp_tree tr;
	struct ttp_dp d;
	struct err e;
	int mu[2] = {2, 1};
	uint32_t in[5], buy[5];
	tree_of(&tr, lp_gap, 5, W);
	const double *v0 = tr.v;
	assert_true(v0[0] == 1.25 && v0[1] == 1.75 && v0[2] == 1.25 && v0[3] == 1);
	assert_int_equal(ttp_dp_solve(&d, &tr, mu, &e), 0);
	assert_true(d.value == 5);
	/* the root sets attaining 5 are {C,D}, {B,C}, {A,B} (E1); sizes 0, 1 fall short
	 * (best singleton {B}: 9/2), so the tie rule's first size-2 set in lexicographic
	 * order, {A,B}, is the one shown */
	ttp_dp_policy(&d, in, buy);
	assert_int_equal(buy[0], 3u);
	ttp_dp_fini(&d);
	/* E1: LP 41/8 > DP 5; greedy 5, spot 21/4, D(0) = 21/4 */
	struct ttp_lp lp;
	assert_int_equal(ttp_lp_solve(&lp, &tr, mu, &e), 0);
	TU_REL(41.0 / 8, lp.value, 1e-12);
	assert_true(greedy_value(&tr, mu) == 5);
	assert_true(ttp_spot_only(&tr, 3) == 5.25);
	double zero[5] = {0}, phat[5] = {0.5, 0.5, 1, 0.5, 1.5};
	assert_true(dual_at(&tr, mu, zero) == 5.25);
	/* E1's dual certificate: D(p^) = 41/8 */
	TU_REL(41.0 / 8, dual_at(&tr, mu, phat), 1e-15);
	TU_REL(41.0 / 8, dual_at(&tr, mu, lp.p), 1e-9);
	/* E3: at p^ every buyer is indifferent at the root, so under "a tie buys now" all four
	 * buy against mu(0) = 2 */
	struct ttp_market mk;
	ttp_market_init(&mk, &tr, mu);
	ttp_market_eval(&mk, phat);
	assert_int_equal(mk.demand[0], 4);
	ttp_market_fini(&mk);
	ttp_lp_fini(&lp);
	/* E1: the other capacities are LP-integral */
	static const struct {
		int mu[2];
		double v;
	} c[] = {{{1, 1}, 4.5}, {{3, 1}, 5.25}, {{2, 2}, 5.25}, {{1, 2}, 5.25}};
	for (size_t k = 0; k < sizeof c / sizeof c[0]; k++) {
		assert_true(dp_value(&tr, c[k].mu) == c[k].v);
		TU_REL(c[k].v, lp_value(&tr, c[k].mu), 1e-12);
	}
	ttp_tree_fini(&tr);
}

static void test_ternary(void **state)
{
	struct ttp_tree tr;
	tree_of(&tr, ternary, 10, W);
	/* E1: root values (3.57, 3.71, 3.31, 2.24) */
	static const double root[4] = {3.57, 3.71, 3.31, 2.24};
	for (int i = 0; i < 4; i++)
		TU_REL(root[i], tr.v[i], 1e-14);
	int mu[3] = {2, 1, 1}, mu111[3] = {1, 1, 1}, mu102[3] = {1, 0, 2};
	/* E1: DP 13.94 < LP 13.96 (Python exact: 697/50 and 349/25); greedy 13.44; spot and
	 * D(0) 14.49 */
	TU_REL(13.94, dp_value(&tr, mu), 1e-14);
	TU_REL(13.96, lp_value(&tr, mu), 1e-12);
	TU_REL(13.44, greedy_value(&tr, mu), 1e-14);
	TU_REL(14.49, ttp_spot_only(&tr, 4), 1e-14);
	double zero[10] = {0};
	TU_REL(14.49, dual_at(&tr, mu, zero), 1e-14);
	/* mu = (1,1,1) and (1,0,2): DP = LP = 13.74, greedy 13.64 and 13.74 */
	TU_REL(13.74, dp_value(&tr, mu111), 1e-14);
	TU_REL(13.74, lp_value(&tr, mu111), 1e-12);
	TU_REL(13.64, greedy_value(&tr, mu111), 1e-14);
	TU_REL(13.74, dp_value(&tr, mu102), 1e-14);
	TU_REL(13.74, lp_value(&tr, mu102), 1e-12);
	TU_REL(13.74, greedy_value(&tr, mu102), 1e-14);
	ttp_tree_fini(&tr);
}

/* A gap with one permit per trading time: the errata found gaps only with a pre-sale
 * capacity of 2 or more, but they occur with mu = (1, 1, 1, 1) on a binary tree of depth 3
 * (found by a random search here; values exact in Python: DP 153/8, LP 307/16, greedy 151/8,
 * spot only 77/4). */
static void test_unit_capacity_gap(void **state)
{
	static const double leaves[8][5] = {
		{4, 4, 2, 3, 1}, {0, 3, 6, 5, 0}, {0, 9, 6, 3, 4}, {0, 3, 8, 8, 5},
		{2, 8, 7, 2, 9}, {9, 5, 1, 4, 2}, {5, 0, 3, 2, 9}, {4, 5, 6, 1, 1},
	};
	double a[15 * 7];
	for (int r = 0; r < 15; r++) {
		a[r * 7] = r == 0 ? 0 : (r - 1) / 2 + 1;
		a[r * 7 + 1] = r == 0 ? 1 : 0.5;
		for (int i = 0; i < 5; i++)
			a[r * 7 + 2 + i] = r >= 7 ? leaves[r - 7][i] : NAN;
	}
	struct ttp_tree tr;
	int mu[4] = {1, 1, 1, 1};
	tree_of(&tr, a, 15, 7);
	assert_true(dp_value(&tr, mu) == 153.0 / 8);
	TU_REL(307.0 / 16, lp_value(&tr, mu), 1e-12);
	assert_true(greedy_value(&tr, mu) == 151.0 / 8);
	assert_true(ttp_spot_only(&tr, 4) == 77.0 / 4);
	ttp_tree_fini(&tr);
}

/* ---- the tatonnement (spec §2.2 item 3) ---- */

/* Runs `iters` iterations from p = 0 (eta_k = eta0 / sqrt(k)); returns min D(p_0..p_iters)
 * and the smallest D seen in *lo (for the weak-duality check). */
static double tatonnement(const struct ttp_tree *tr, const int *mu, int iters, double lp,
			  double *lo)
{
	struct ttp_market mk;
	double *p = calloc((size_t)tr->n, sizeof *p), best = INFINITY;
	ttp_market_init(&mk, tr, mu);
	*lo = INFINITY;
	for (int k = 1; k <= iters + 1; k++) {
		double D = ttp_market_eval(&mk, p);
		if (D < lp - 1e-12 * lp)
			fail_msg("iteration %d: D = %.17g below the LP value %.17g", k - 1, D, lp);
		best = fmin(best, D);
		if (k <= iters)
			ttp_market_step(&mk, 1 / sqrt(k), 0, tr->n, p);
	}
	*lo = best;
	ttp_market_fini(&mk);
	free(p);
	return best;
}

static void test_tatonnement(void **state)
{
	struct ttp_tree tr;
	double lo;
	/* Errata E2 [ref]: LP-GAP best dual 5.2223 / 5.1539 / 5.1447 after 100 / 1000 / 3000
	 * iterations, never below 41/8; E2/§7: within 0.05 of 41/8 after 3000. The Python
	 * re-implementation gives min D(p_0..p_n) = 5.222271742558812, 5.153854102348927,
	 * 5.14466578812103 (the spec rounds the same runs to 4 decimals). */
	int mu[2] = {2, 1};
	tree_of(&tr, lp_gap, 5, W);
	TU_REL(5.222271742558812, tatonnement(&tr, mu, 100, 41.0 / 8, &lo), 1e-12);
	assert_true(fabs(lo - 5.2223) < 5e-5);
	TU_REL(5.153854102348927, tatonnement(&tr, mu, 1000, 41.0 / 8, &lo), 1e-12);
	assert_true(fabs(lo - 5.1539) < 5e-5);
	double b = tatonnement(&tr, mu, 3000, 41.0 / 8, &lo);
	TU_REL(5.14466578812103, b, 1e-12);
	assert_true(b >= 41.0 / 8 && b <= 41.0 / 8 + 0.05);
	ttp_tree_fini(&tr);
	/* E2 [ref]: TERNARY (2,1,1) 14.1135 / 13.9945 / 13.9848 after 100 / 1000 / 2000, never
	 * below 13.96; Python: 14.113539023164037, 13.994504767831723, 13.984816973993267 */
	int mt[3] = {2, 1, 1};
	tree_of(&tr, ternary, 10, W);
	TU_REL(14.113539023164037, tatonnement(&tr, mt, 100, 13.96, &lo), 1e-12);
	TU_REL(13.994504767831723, tatonnement(&tr, mt, 1000, 13.96, &lo), 1e-12);
	TU_REL(13.984816973993267, tatonnement(&tr, mt, 2000, 13.96, &lo), 1e-12);
	assert_true(fabs(lo - 13.9848) < 5e-5);
	ttp_tree_fini(&tr);
	/* §4 [ref]: flight, 3000 iterations: best dual 18.0774 (gap 0.0149); Python:
	 * 18.077416770084085; §7: within 0.05 of 18.0625 */
	int mf[4] = {1, 1, 1, 1};
	flight(&tr);
	b = tatonnement(&tr, mf, 3000, 18.0625, &lo);
	TU_REL(18.077416770084085, b, 1e-12);
	assert_true(fabs(b - 18.0774) < 5e-5 && b - 18.0625 <= 0.05);
	ttp_tree_fini(&tr);
}

/* ---- the tie rule and the leaf rule on small cases worked by hand ---- */

static void test_tie_rule(void **state)
{
	/* one market with full information (T = 0): the mu highest positive values, ties to the
	 * lower index; a zero value is not bought (not strictly better than nothing) */
	const double v[4] = {5, 3, 5, 0};
	assert_int_equal(ttp_top_positive(v, 4, 0xf, 1), 1u);
	assert_int_equal(ttp_top_positive(v, 4, 0xf, 2), 5u);
	assert_int_equal(ttp_top_positive(v, 4, 0xe, 2), 6u);
	assert_int_equal(ttp_top_positive(v, 4, 0xf, 4), 7u);
	assert_int_equal(ttp_top_positive(v, 4, 0x8, 1), 0u);
	/* a root-only tree gives the same through the DP: 10 with mu = 2 */
	const double one[6] = {0, 1, 5, 3, 5, 0};
	struct ttp_tree tr;
	struct ttp_dp d;
	struct err e;
	int mu[1] = {2};
	uint32_t in[3], buy[3];
	tree_of(&tr, one, 1, 6);
	assert_int_equal(tr.T, 0);
	assert_int_equal(ttp_dp_solve(&d, &tr, mu, &e), 0);
	assert_true(d.value == 10);
	ttp_dp_policy(&d, in, buy);
	assert_int_equal(buy[0], 5u);
	ttp_dp_fini(&d);
	ttp_tree_fini(&tr);
	/* internal ties: root values (1, 1), one permit at the root and one at the leaves, which
	 * are worth (2, 0) and (0, 2): nothing at the root (then 2 at the leaf), {A} (1 + 1) and
	 * {B} (1 + 1) all give 2; sizes are tried in order, so nothing is bought at the root */
	const double twin[3 * 4] = {0, 1, NAN, NAN, 1, 0.5, 2, 0, 1, 0.5, 0, 2};
	int mu2[2] = {1, 1};
	tree_of(&tr, twin, 3, 4);
	assert_int_equal(ttp_dp_solve(&d, &tr, mu2, &e), 0);
	assert_true(d.value == 2);
	ttp_dp_policy(&d, in, buy);
	assert_int_equal(buy[0], 0u);
	ttp_dp_fini(&d);
	ttp_tree_fini(&tr);
}

/* Many ties (small integers): the purchase sets of the optimal policy by tree row for several
 * capacity vectors, from the Python DP that tries subsets by size, then lexicographically, and
 * keeps the first strictly better one (exact Fractions). Covers both ways the DP applies the
 * rule (mu < |R|: combinations in order; mu >= |R|: all submasks, first maximiser). Values
 * 13/2, greedy 25/4, LP 13/2 (Python) for every capacity vector below. */
static void test_tie_policy(void **state)
{
	const double X = NAN;
	const double a[7 * 6] = {
		0, 1, X, X, X, X,
		1, 0.5, X, X, X, X,
		1, 0.5, X, X, X, X,
		2, 0.5, 2, 3, 2, 2,
		2, 0.5, 3, 3, 0, 0,
		3, 0.5, 3, 2, 3, 0,
		3, 0.5, -1, 2, 1, 0,
	};
	static const struct {
		int mu[3];
		uint32_t buy[7];
	} c[] = {
		{{2, 1, 1}, {6, 1, 0, 8, 0, 1, 0}},
		{{4, 4, 4}, {0, 0, 0, 15, 3, 7, 6}},
		{{1, 3, 2}, {0, 3, 2, 12, 0, 5, 4}},
		{{3, 0, 4}, {0, 0, 0, 15, 3, 7, 6}},
	};
	struct ttp_tree tr;
	tree_of(&tr, a, 7, 6);
	for (size_t j = 0; j < sizeof c / sizeof c[0]; j++) {
		struct ttp_dp d;
		struct err e;
		uint32_t in[7], buy[7];
		assert_int_equal(ttp_dp_solve(&d, &tr, c[j].mu, &e), 0);
		assert_true(d.value == 6.5);
		ttp_dp_policy(&d, in, buy);
		for (int r = 0; r < 7; r++)
			if (buy[tr.idx[r]] != c[j].buy[r])
				fail_msg("mu (%d, %d, %d), row %d: bought %u, want %u", c[j].mu[0],
					 c[j].mu[1], c[j].mu[2], r + 1, buy[tr.idx[r]], c[j].buy[r]);
		assert_true(greedy_value(&tr, c[j].mu) == 6.25);
		TU_REL(6.5, lp_value(&tr, c[j].mu), 1e-12);
		ttp_dp_fini(&d);
	}
	ttp_tree_fini(&tr);
}

/* ---- validation ---- */

static void expect_tree_error(const double *a, int rows, int cols, const char *needle)
{
	struct ttp_tree tr;
	struct err e = {{0}};
	assert_int_equal(ttp_tree_init(&tr, a, rows, cols, &e), -1);
	tu_assert_contains(e.msg, needle);
}

static void test_tree_errors(void **state)
{
	const double X = NAN;
	expect_tree_error((double[]){1, 1, X, 1, 0.5, 1}, 2, 3, "row 1 is the root: its parent "
								  "must be 0");
	expect_tree_error((double[]){0, 1, X, 3, 1, 1}, 2, 3, "row 2: parent 3 is not an earlier "
							      "row");
	expect_tree_error((double[]){0, 1, X, 1.5, 1, 1}, 2, 3, "row 2: parent 1.5");
	expect_tree_error((double[]){0, 0.5, X, 1, 1, 1}, 2, 3, "its prob must be 1");
	expect_tree_error((double[]){0, 1, X, 1, 0, 1}, 2, 3, "row 2: prob 0 is outside (0, 1]");
	expect_tree_error((double[]){0, 1, X, 1, 0.5, 1, 1, 0.4, 2}, 3, 3,
			  "the probabilities of the children of row 1 sum to 0.9, not 1");
	expect_tree_error((double[]){0, 1, 7, 1, 1, 1}, 2, 3, "row 1 has children, so it carries "
							      "no exercise values");
	expect_tree_error((double[]){0, 1, X, 1, 1, X}, 2, 3, "row 2 is a leaf (no row names it "
							      "as parent) and carries no "
							      "exercise values");
	expect_tree_error((double[]){0, 1, X, X, 1, 0.5, 1, 2, 1, 0.5, 1, X}, 3, 4,
			  "row 3 (a leaf) carries 1 exercise value but row 2 carries 2");
	expect_tree_error((double[]){0, 1, X, 1, 0.5, 1, 1, 0.5, X, 3, 1, 2}, 4, 3,
			  "row 4 is a leaf at t = 2 but row 2 is a leaf at t = 1");
	expect_tree_error((double[]){0, X, X}, 1, 3, "row 1 has 1 value: a row is {parent, prob");
	double wide[2 + TTP_MAX_BUYERS + 1];
	wide[0] = 0;
	wide[1] = 1;
	for (int i = 0; i <= TTP_MAX_BUYERS; i++)
		wide[2 + i] = 1;
	expect_tree_error(wide, 1, 2 + TTP_MAX_BUYERS + 1, "at most 16 buyers");
	expect_tree_error(NULL, 0, 0, "parameter 'tree' is empty");
}

/* A chain of `depth` internal nodes and a leaf carrying 16 values. */
static void chain(struct ttp_tree *tr, int depth)
{
	enum { C = 2 + 16 };
	double *a = malloc((size_t)(depth + 1) * C * sizeof *a);
	for (int r = 0; r <= depth; r++) {
		for (int c = 0; c < C; c++)
			a[r * C + c] = r == depth && c >= 2 ? c : NAN;
		a[r * C] = r;
		a[r * C + 1] = 1;
	}
	tree_of(tr, a, depth + 1, C);
	free(a);
}

/* DP limits: tables of 2^nb sets per internal node and a bound on the work. */
static void test_dp_limits(void **state)
{
	struct ttp_tree tr;
	struct ttp_dp d;
	struct err e;
	int mu[41];
	for (int t = 0; t <= 40; t++)
		mu[t] = 1;
	/* 40 internal nodes x 2^16 sets = 2621440 cells > 2^21 */
	chain(&tr, 40);
	assert_int_equal(ttp_dp_solve(&d, &tr, mu, &e), -1);
	tu_assert_contains(e.msg, "2621440 table cells: at most 2097152");
	ttp_tree_fini(&tr);
	/* 16 internal nodes, every capacity 16: 16 x 3^16 = 6.9e8 pairs > 1e8 */
	chain(&tr, 16);
	for (int t = 0; t <= 16; t++)
		mu[t] = 16;
	assert_int_equal(ttp_dp_solve(&d, &tr, mu, &e), -1);
	tu_assert_contains(e.msg, "would try 6.9e+08 (buyer set, purchase) pairs");
	/* the best split of 4 permits over 17 times: C(20, 16) = 4845 splits of up to 2.3e8
	 * (set, purchase) pairs each: not enumerated */
	int best[17];
	double v;
	long ties, n;
	assert_int_equal(ttp_best_split(&tr, 4, best, &v, &ties, &n, &e), 1);
	assert_int_equal(n, 4845);
	ttp_tree_fini(&tr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example_tree),
		cmocka_unit_test(test_example_optimum),
		cmocka_unit_test(test_example_benchmarks),
		cmocka_unit_test(test_example_capacities),
		cmocka_unit_test(test_example_split),
		cmocka_unit_test(test_flight),
		cmocka_unit_test(test_lp_gap),
		cmocka_unit_test(test_ternary),
		cmocka_unit_test(test_unit_capacity_gap),
		cmocka_unit_test(test_tatonnement),
		cmocka_unit_test(test_tie_rule),
		cmocka_unit_test(test_tie_policy),
		cmocka_unit_test(test_tree_errors),
		cmocka_unit_test(test_dp_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
