/* The draft's worked example (§3.4.4) replayed step by step, and the literal rule's stall
 * (errata E2), through the `psp` model and the learning engine (cournot, order = jacobi).
 *
 * Row n of the sim is the draft's t = n + 1: row 0 is the sellers' first phase on the
 * initial bids (every buyer bids its need at seller 2), the step to row n is the buyers'
 * reply to it and the sellers' next phase. Expected values are the spec's replay (§6),
 * which follows the draft except for three printed items the errata (E1) identify as
 * misprints:
 *   - t = 1: the draft prints B's tentative quantity at seller 2 as 20; the sellers' rule
 *     gives 85 - 14 - 20 - 26 = 25 (asserted below);
 *   - t = 3: the draft prints (D^(1), p^(1)) = (50, 1 + eps), matching neither seller 1's
 *     total (65) nor what is left (0, asserted);
 *   - t = 3: the draft's s_A = [(25, p^(1)), (0, 0)] drops A's bid at seller 2; A keeps it
 *     and is served 25 there (asserted).
 * The draft also writes buyers' prices after t = 1 as the sellers' p^(j); the replay keeps
 * each buyer's own price (A would otherwise bid 1 + eps above its value 1). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>

#include "tests/psp/psp_fixture.h"

#define EPS 0.01

static void expect_row(struct sim *s, long row, double rem1, double rem2, double r1,
		       double r2)
{
	assert_true(fabs(tu_at(s, "remaining_1", row) - rem1) < 1e-9);
	assert_true(fabs(tu_at(s, "remaining_2", row) - rem2) < 1e-9);
	assert_true(fabs(tu_at(s, "price_1", row) - r1) < 1e-12);
	assert_true(fabs(tu_at(s, "price_2", row) - r2) < 1e-12);
}

static void expect_bid(struct sim *s, int i, int j, double q, double p)
{
	const double *b = pf_bid(s, 2, i, j);
	if (b[0] != q || b[1] != p)
		fail_msg("buyer %c at seller %d bids (%g, %g), expected (%g, %g)", 'A' + i, j + 1,
			 b[0], b[1], q, p);
}

static void test_trajectory(void **state)
{
	struct params p;
	double a1[5], a2[5];
	pf_example(&p);
	struct sim *s = tu_sim(pf_ops, &p, 1, "cournot");
	/* t = 1, seller 2: E 14, D 20, C 26, B 25 (not the draft's 20), A 0; r2 = 1 + eps
	 * (A's 1 is the first bid past the 85 units); seller 1 untouched */
	expect_row(s, 0, 65, 0, EPS, 1 + EPS);
	pf_curve(s, "allocation", "seller 2", a2, 5);
	assert_true(a2[0] == 0 && a2[1] == 25 && a2[2] == 26 && a2[3] == 20 && a2[4] == 14);
	/* the buyers' reply to t = 1: A and B move to seller 1, C, D, E stay */
	tu_steps(s, 1);
	expect_bid(s, 0, 0, 50, 1);
	expect_bid(s, 0, 1, 0, 0);
	expect_bid(s, 1, 0, 40, 1.2);
	expect_bid(s, 2, 1, 26, 1.5);
	assert_true(tu_last(s, "rebids") == 2);
	/* t = 2: seller 1 serves B 40 and A 25 of its 65 (r1 = p_A + eps, no third bid);
	 * seller 2 has 25 left after C, D, E (r2 kept: the bids no longer cover 85) */
	expect_row(s, 1, 0, 25, 1 + EPS, 1 + EPS);
	pf_curve(s, "allocation", "seller 1", a1, 5);
	assert_true(a1[0] == 25 && a1[1] == 40);
	/* A re-bids its need over the two sellers with 25 available at its price: 25 + 25 */
	tu_steps(s, 1);
	expect_bid(s, 0, 0, 25, 1);
	expect_bid(s, 0, 1, 25, 1);
	assert_true(tu_last(s, "rebids") == 1);
	/* t = 3: seller 1 has 0 left (not the draft's 50), seller 2 serves A 25 as well */
	expect_row(s, 2, 0, 0, 1 + EPS, 1 + EPS);
	/* t = 4: no bid changes, the auction ends (the fourth seller phase) */
	tu_steps(s, 1);
	assert_true(tu_last(s, "rebids") == 0);
	expect_row(s, 3, 0, 0, 1 + EPS, 1 + EPS);
	for (long row = 1; row < 3; row++)
		assert_true(tu_at(s, "rebids", row) > 0);
	sim_free(s);
	params_fini(&p);
}

/* The end state: A 25 + 25, B 40 (seller 1), C 26, D 20, E 14 (seller 2); both progressive
 * prices 1 + eps; everything sold, welfare sum kappa_i N_i = 207.8 = W*. Under the PSP cost
 * with the phantom reserve eps every buyer pays eps per unit (spec §6): nobody is
 * excluded, so each one displaces only unsold data valued at eps. */
static void test_final_state(void **state)
{
	struct params p;
	double a1[5], a2[5], pay[5];
	static const double w1[] = { 25, 40, 0, 0, 0 }, w2[] = { 25, 0, 26, 20, 14 };
	static const double need[] = { 50, 40, 26, 20, 14 };
	pf_example(&p);
	struct sim *s = tu_sim(pf_ops, &p, 1, "cournot");
	assert_int_equal(pf_run(s, 50), 3); /* row 3 = the draft's t = 4 */
	pf_curve(s, "allocation", "seller 1", a1, 5);
	pf_curve(s, "allocation", "seller 2", a2, 5);
	pf_curve(s, "payments", "payment", pay, 5);
	for (int i = 0; i < 5; i++) {
		assert_true(a1[i] == w1[i] && a2[i] == w2[i]);
		assert_true(fabs(pay[i] - EPS * need[i]) < 1e-12);
	}
	assert_true(fabs(tu_last(s, "welfare") - 207.8) < 1e-9);
	assert_true(fabs(tu_last(s, "gap")) < 1e-9);
	assert_true(fabs(tu_last(s, "sold") - 150) < 1e-9);
	assert_true(fabs(tu_last(s, "revenue") - 150 * EPS) < 1e-12);
	assert_true(tu_last(s, "unmet") == 0);
	assert_true(fabs(tu_describe_num(s, "W_star") - 207.8) < 1e-9);
	sim_free(s);
	params_fini(&p);
}

/* settle = sellout: a sold-out seller whose bids held for a round closes (Algorithm 1's
 * loop ends), and buyers whose need is met leave (Algorithm 2's). The bids last change at
 * t = 3 (row 2), so both sellers close in the phase before row 4; every buyer is then
 * served, the masks are empty, and the trades are final. */
static void test_settle(void **state)
{
	struct params p;
	pf_example(&p);
	tu_set_str(&p, "settle", "sellout");
	struct sim *s = tu_sim(pf_ops, &p, 1, "cournot");
	tu_steps(s, 3);
	assert_true(tu_last(s, "sellers_active") == 2 && tu_last(s, "buyers_active") == 5);
	tu_steps(s, 1);
	assert_true(tu_last(s, "sellers_active") == 0 && tu_last(s, "buyers_active") == 0);
	assert_true(fabs(tu_last(s, "welfare") - 207.8) < 1e-9);
	assert_true(fabs(tu_last(s, "sold") - 150) < 1e-9);
	assert_true(fabs(tu_last(s, "revenue") - 150 * EPS) < 1e-12);
	for (int i = 0; i < 5; i++) /* gone buyers bid nothing */
		for (int j = 0; j < 2; j++)
			assert_true(pf_bid(s, 2, i, j)[0] == 0);
	tu_steps(s, 2);
	assert_true(fabs(tu_last(s, "welfare") - 207.8) < 1e-9);
	sim_free(s);
	params_fini(&p);
}

/* Errata E2: the literal pool rule can stop with data unsold while a buyer is short. The
 * run ends after 5 seller phases (rows 0-4) with Jacobi replies, after 4 with Gauss-Seidel
 * (the spec gives the count for Jacobi; both end in the same state): A (24, 0, 0), B (0, 0, 36),
 * C (0, 18, 0), D (0, 12, 0), E (6, 10, 4); 10 units stay at seller 2 while E is 10 short
 * (availability (6, 20, 4) at 0.9: no n has n * avail_(n) >= 30, so E bids 10 everywhere);
 * progressive prices (0.92, 1.12, 0.92). */
static void test_stall(void **state)
{
	static const char *const orders[] = { "jacobi", "gauss-seidel" };
	static const long stop[] = { 4, 3 };
	static const double want[3][5] = {
		{ 24, 0, 0, 0, 6 }, { 0, 0, 18, 12, 10 }, { 0, 36, 0, 0, 4 } };
	static const double r[] = { 0.92, 1.12, 0.92 };
	for (int k = 0; k < 2; k++) {
		struct params p;
		double a[5];
		pf_stall(&p);
		tu_set_str(&p, "order", orders[k]);
		struct sim *s = tu_sim(pf_ops, &p, 1, "cournot");
		assert_int_equal(pf_run(s, 50), stop[k]);
		for (int j = 0; j < 3; j++) {
			char label[16], name[16];
			snprintf(label, sizeof label, "seller %d", j + 1);
			pf_curve(s, "allocation", label, a, 5);
			for (int i = 0; i < 5; i++)
				if (fabs(a[i] - want[j][i]) > 1e-9)
					fail_msg("%s: buyer %c at seller %d gets %g, expected %g",
						 orders[k], 'A' + i, j + 1, a[i], want[j][i]);
			snprintf(name, sizeof name, "price_%d", j + 1);
			assert_true(fabs(tu_last(s, name) - r[j]) < 1e-12);
		}
		assert_true(fabs(tu_last(s, "remaining_2") - 10) < 1e-9);
		assert_true(tu_last(s, "remaining_1") == 0 && tu_last(s, "remaining_3") == 0);
		assert_true(fabs(tu_last(s, "unmet") - 10) < 1e-9);
		struct model_kv kv = { 0 };
		sim_describe(s, &kv);
		tu_assert_contains(tu_kv_get(&kv, "state"), "stalled");
		model_kv_fini(&kv);
		sim_free(s);
		params_fini(&p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trajectory),
		cmocka_unit_test(test_final_state),
		cmocka_unit_test(test_settle),
		cmocka_unit_test(test_stall),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
