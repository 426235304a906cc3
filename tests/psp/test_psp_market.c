/* The spec's reference scenarios through the `psp` model and the learning engine:
 * S-PSP-1 (one seller, the classic PSP) and S-PSP-2 (three sellers, the distributed
 * exchange under the three buyer rules), spec §7 and §10, errata E5-E7, E9.
 *
 * The efficient benchmarks are closed forms, computed independently in Python (float64):
 * u* solves sum_i D_i (1 - u/kappa_i) = S over the buyers with kappa_i > u, i.e.
 * u* = (sum D_i - S) / sum (D_i / kappa_i); x_i* = D_i (1 - u* / kappa_i)^+;
 * W* = sum_i kappa_i (x_i* - x_i*^2 / (2 D_i)). The spec prints them to 6 decimals.
 * The end states are checked against the spec's bounds (0 <= gap < 0.2, winning prices in
 * [u* - 0.05, u*], gap < 0.1 % or 1 % of W*) and against the numbers its independent
 * reference implementation printed (spec §7, "[ref]"), to the precision printed. Round
 * counts depend on the reply order (E9): they are bounded, within 3 % of the reference's.
 * Deviation tests: at the bid-fee stop only 2 eps is guaranteed (E5), asserted for every
 * buyer; the S-PSP-1 and waterfill runs also stay within eps, as the reference observed. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/models/psp_market.h"
#include "core/rng.h"
#include "tests/psp/psp_fixture.h"

/* S-PSP-1: Python, see the top comment */
static const double U1 = 1.3828678044229819, W1 = 253.3566097788509;
static const double X1[] = { 21.70279317346211, 13.853920869231192, 16.357076222356365,
			     9.073423695330078, 18.866542281731878, 8.937057564616143,
			     9.256982933655273, 1.9522032596169692 };
/* S-PSP-2 */
static const double U2 = 1.3898573370544618, W2 = 306.6085597767323;
static const double X2[] = { 21.66085597767323, 17.44642751600836, 13.381631728312087,
			     19.027442075885826, 8.868276454171491, 13.417855524546152,
			     9.30878971496568, 11.047399949257342, 5.696425874243588,
			     0.14489518493625786 };

/* |got - want| <= half a unit of the last printed digit (want printed with `dec`). */
static void printed(double want, double got, int dec, const char *what)
{
	if (!(fabs(got - want) <= 0.5 * pow(10, -dec) + 1e-12))
		fail_msg("%s: %.10g, the reference printed %.*f", what, got, dec, want);
}

static void rounds_near(long got, long want)
{
	if (!(got > 0 && fabs((double)(got - want)) <= 0.03 * (double)want))
		fail_msg("stopped after %ld rounds; the reference's %ld (E9: order-dependent, "
			 "bounded within 3 %%)", got, want);
}

/* Lowest and highest price of a winning bid at seller j (ns sellers, nb buyers). */
static void win_range(struct sim *s, int nb, int ns, int j, double *lo, double *hi)
{
	double *a = calloc((size_t)nb, sizeof *a);
	char label[16];
	snprintf(label, sizeof label, "seller %d", j + 1);
	if (ns == 1)
		pf_curve(s, "allocation", "a now", a, (size_t)nb);
	else
		pf_curve(s, "allocation", label, a, (size_t)nb);
	*lo = INFINITY;
	*hi = -INFINITY;
	for (int i = 0; i < nb; i++)
		if (a[i] > 0) {
			double p = pf_bid(s, ns, i, j)[1];
			*lo = p < *lo ? p : *lo;
			*hi = p > *hi ? p : *hi;
		}
	free(a);
}

static void check_optimum(struct sim *s, double u, double W, const double *x, int n)
{
	struct model_kv kv = { 0 };
	sim_describe(s, &kv);
	TU_REL(u, tu_kv_num(&kv, "u_star"), 1e-13);
	TU_REL(W, tu_kv_num(&kv, "W_star"), 1e-13);
	const char *got = tu_kv_get(&kv, "x_star");
	assert_true(got[0] == '{');
	char *end = (char *)got + 1;
	for (int i = 0; i < n; i++) { /* the Lua list {x1, x2, ...} */
		double v = strtod(end, &end);
		TU_REL(x[i], v, 1e-12);
		while (*end == ',' || *end == ' ')
			end++;
	}
	assert_true(*end == '}');
	model_kv_fini(&kv);
}

/* ---- S-PSP-1 --------------------------------------------------------------------------- */

static void test_market_optimum(void **state)
{
	struct params p;
	pf_market(&p);
	struct sim *s = tu_sim(pf_ops, &p, 1, "cournot");
	check_optimum(s, U1, W1, X1, 8);
	printed(1.382868, tu_describe_num(s, "u_star"), 6, "u*");
	printed(253.356610, tu_describe_num(s, "W_star"), 6, "W*");
	sim_free(s);
	params_fini(&p);
}

/* The spec's bounds after convergence, and the reference run: 354 rounds, W = 253.2876,
 * winning prices [1.3570, 1.3603] (just below u*: the eps shading), allocation
 * (21.855, 13.968, 16.504, 9.180, 19.157, 9.119, 9.596, 0.622), revenue 25.505; welfare
 * at rounds 1/10/50/100/200: 134.7, 139.6, 177.3, 183.7, 242.5 (the bid war). */
static void test_market_converges(void **state)
{
	static const double alloc[] = { 21.855, 13.968, 16.504, 9.180, 19.157, 9.119, 9.596,
					0.622 };
	static const long at[] = { 1, 10, 50, 100, 200 };
	static const double wel[] = { 134.7, 139.6, 177.3, 183.7, 242.5 };
	struct params p;
	double lo, hi, a[8];
	pf_market(&p);
	struct sim *s = tu_sim(pf_ops, &p, 1, "cournot");
	long n = pf_run(s, 20000);
	assert_true(n > 0);
	double gap = tu_last(s, "gap");
	assert_true(gap >= 0 && gap < 0.2);
	win_range(s, 8, 1, 0, &lo, &hi);
	assert_true(lo >= U1 - 0.05 && hi <= U1);
	assert_true(tu_last(s, "win_min") == lo && tu_last(s, "win_max") == hi);
	rounds_near(n, 354);
	printed(253.2876, tu_last(s, "welfare"), 4, "W");
	printed(1.3570, lo, 4, "lowest winning price");
	printed(1.3603, hi, 4, "highest winning price");
	printed(25.505, tu_last(s, "revenue"), 3, "revenue");
	pf_curve(s, "allocation", "a now", a, 8);
	for (int i = 0; i < 8; i++)
		printed(alloc[i], a[i], 3, "allocation");
	for (int k = 0; k < 5; k++)
		printed(wel[k], tu_at(s, "welfare", at[k]), 1, "welfare during the bid war");
	sim_free(s);
	params_fini(&p);
}

/* Errata E5: a random-deviation test at the end state. Every buyer's best gain from 3000
 * random unilateral deviations (and its unshaded best reply) is at most 2 eps (the bid-fee
 * stop guarantees no more); here it is at most eps too (the reference observed 0.093). */
static void test_market_deviation(void **state)
{
	struct params p;
	double g[8];
	pf_market(&p);
	tu_set_num(&p, "deviations", 3000);
	struct sim *s = tu_sim(pf_ops, &p, 1, "cournot");
	assert_true(pf_run(s, 20000) > 0);
	pf_curve(s, "deviation", "best gain", g, 8);
	double best = 0;
	for (int i = 0; i < 8; i++) {
		assert_true(g[i] >= 0 && g[i] <= 0.2);
		best = g[i] > best ? g[i] : best;
	}
	assert_true(best <= 0.1);
	assert_true(best > 0.01); /* the search does find the eps-shading's gain */
	sim_free(s);
	params_fini(&p);
}

/* The eps sweep of spec §7 (same setup): rounds ~ 1/eps, gap ~ 0.7 eps, revenue shrinking
 * with eps: 0.2 -> 170 rounds, gap 0.135, prices [1.344, 1.353], revenue 40.0; 0.05 -> 711,
 * 0.037, [1.365, 1.368], 16.1; 0.02 -> 1753, 0.014, [1.372, 1.373], 9.5. */
static void test_market_eps_sweep(void **state)
{
	static const struct {
		double eps, gap, lo, hi, revenue;
		long rounds;
	} ref[] = { { 0.2, 0.135, 1.344, 1.353, 40.0, 170 },
		    { 0.05, 0.037, 1.365, 1.368, 16.1, 711 },
		    { 0.02, 0.014, 1.372, 1.373, 9.5, 1753 } };
	for (size_t k = 0; k < sizeof ref / sizeof ref[0]; k++) {
		struct params p;
		double lo, hi;
		pf_market(&p);
		tu_set_num(&p, "eps", ref[k].eps);
		struct sim *s = tu_sim(pf_ops, &p, 1, "cournot");
		rounds_near(pf_run(s, 20000), ref[k].rounds);
		double gap = tu_last(s, "gap");
		printed(ref[k].gap, gap, 3, "gap");
		assert_true(gap >= 0 && gap < 0.2);
		win_range(s, 8, 1, 0, &lo, &hi);
		printed(ref[k].lo, lo, 3, "lowest winning price");
		printed(ref[k].hi, hi, 3, "highest winning price");
		assert_true(lo >= U1 - 0.05 && hi <= U1);
		printed(ref[k].revenue, tu_last(s, "revenue"), 1, "revenue");
		sim_free(s);
		params_fini(&p);
	}
}

/* Spec §2: adopting every new reply (rebid = always) never stops -- bids keep moving by
 * tiny amounts -- although welfare gets within 0.02 of W*; the bid-fee rule is what ends
 * the auction. */
static void test_market_always_rebids(void **state)
{
	struct params p;
	pf_market(&p);
	tu_set_str(&p, "rebid", "always");
	struct sim *s = tu_sim(pf_ops, &p, 1, "cournot");
	double best = INFINITY;
	for (long n = 1; n <= 3000; n++) {
		tu_steps(s, 1);
		assert_true(tu_last(s, "rebids") > 0);
		best = tu_last(s, "gap") < best ? tu_last(s, "gap") : best;
	}
	assert_true(best < 0.02);
	sim_free(s);
	params_fini(&p);
}

/* Spec §7: budgets b_i = 20 change the path but not the outcome (the reference: 272 rounds,
 * gap 0.071; its budget bookkeeping is not specified beyond chi, so only the claim is
 * asserted: a different path, a gap within 0.01 of the unbudgeted 0.069). */
static void test_market_budgets(void **state)
{
	struct params p;
	double b[] = { 20 };
	pf_market(&p);
	tu_set_table(&p, "budget", b, 1, 1);
	struct sim *s = tu_sim(pf_ops, &p, 1, "cournot");
	long n = pf_run(s, 20000);
	assert_true(n > 0 && n != 354);
	assert_true(fabs(tu_last(s, "gap") - 0.069) < 0.01);
	sim_free(s);
	params_fini(&p);
}

/* The engine's other processes reach the same kind of end: one buyer per step (cournot,
 * sequential: stop after a whole round of 8 quiet steps), inertial bids (damped:0.5), one
 * snapshot per round (jacobi) and a random order per round. */
static void test_market_dynamics(void **state)
{
	static const struct {
		const char *dyn, *order;
		long quiet;
	} runs[] = { { "cournot,sequential", "gauss-seidel", 8 }, { "damped:0.5", "gauss-seidel", 1 },
		     { "cournot", "jacobi", 1 }, { "cournot", "random", 1 } };
	for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
		struct params p;
		double lo, hi;
		long quiet = 0, n = 0;
		pf_market(&p);
		tu_set_str(&p, "order", runs[k].order);
		struct sim *s = tu_sim(pf_ops, &p, 3, runs[k].dyn);
		while (quiet < runs[k].quiet && n++ < 40000) {
			tu_steps(s, 1);
			quiet = tu_last(s, "rebids") == 0 ? quiet + 1 : 0;
		}
		if (quiet < runs[k].quiet)
			fail_msg("%s, order %s: no quiet round in 40000 steps", runs[k].dyn,
				 runs[k].order);
		double gap = tu_last(s, "gap");
		win_range(s, 8, 1, 0, &lo, &hi);
		if (!(gap >= 0 && gap < 0.2 && lo >= U1 - 0.05 && hi <= U1))
			fail_msg("%s, order %s: gap %g, prices [%g, %g]", runs[k].dyn, runs[k].order,
				 gap, lo, hi);
		sim_free(s);
		params_fini(&p);
	}
}

/* ---- S-PSP-2 --------------------------------------------------------------------------- */

static void test_exchange_optimum(void **state)
{
	struct params p;
	pf_exchange(&p, "equal");
	struct sim *s = tu_sim(pf_ops, &p, 1, "cournot");
	check_optimum(s, U2, W2, X2, 10);
	printed(1.389857, tu_describe_num(s, "u_star"), 6, "u*");
	printed(306.608560, tu_describe_num(s, "W_star"), 6, "W*");
	sim_free(s);
	params_fini(&p);
}

/* Runs S-PSP-2 under `pool` to its stop; checks that all 120 units are sold (spec §7: all
 * three rules sell everything) and returns the sim. */
static struct sim *exchange(const char *pool, long rounds, struct params *p)
{
	pf_exchange(p, pool);
	tu_set_num(p, "deviations", 3000);
	struct sim *s = tu_sim(pf_ops, p, 1, "cournot");
	long n = pf_run(s, 20000);
	rounds_near(n, rounds);
	assert_true(fabs(tu_last(s, "sold") - 120) < 1e-9 && tu_last(s, "remaining") < 1e-9);
	assert_true(tu_last(s, "unmet") == 0);
	return s;
}

static double max_gain(struct sim *s, double *g)
{
	double best = 0;
	pf_curve(s, "deviation", "best gain", g, 10);
	for (int i = 0; i < 10; i++)
		best = g[i] > best ? g[i] : best;
	return best;
}

/* Waterfill: gap < 0.1 % of W* with all data sold; eps-Nash by the deviation test (2 eps
 * guaranteed, eps observed); winning prices about equal at every seller (E7: the draft's
 * "prices of all local auctions become similar" holds for this rule). Reference: 354
 * rounds, W = 306.5374, prices 1.364-1.368, progressive prices (1.382, 1.464, 1.467). */
static void test_exchange_waterfill(void **state)
{
	static const double r[] = { 1.382, 1.464, 1.467 };
	struct params p;
	double g[10], lo, hi;
	struct sim *s = exchange("waterfill", 354, &p);
	assert_true(tu_last(s, "gap") >= 0 && tu_last(s, "gap") < 1e-3 * W2);
	printed(306.5374, tu_last(s, "welfare"), 4, "W");
	for (int j = 0; j < 3; j++) {
		char name[16];
		win_range(s, 10, 3, j, &lo, &hi); /* within the printed 1.364-1.368 */
		assert_true(lo >= 1.3635 && hi <= 1.3685);
		snprintf(name, sizeof name, "price_%d", j + 1);
		printed(r[j], tu_last(s, name), 3, "progressive price");
	}
	double best = max_gain(s, g);
	assert_true(best <= 0.2 && best <= 0.1);
	sim_free(s);
	params_fini(&p);
}

/* Equal split over the best pool (the draft's default mode, completed): gap < 1 % of W*
 * (spec §10); the reference's 310 rounds, W = 305.7508 (gap 0.858), winning prices
 * [1.225, 1.524], [1.361, 1.524], [1.520, 1.524] -- only partly equal (E7) -- and
 * progressive prices (1.325, 1.461, 1.620). Errata E6: the rule stops where its own reply
 * gains at most eps, but a bid outside the equal-split family gains more than 2 eps (the
 * reference found 0.658): stable only within equal-split bids. */
static void test_exchange_equal(void **state)
{
	static const double lo_ref[] = { 1.225, 1.361, 1.520 }, hi_ref[] = { 1.524, 1.524, 1.524 };
	static const double r[] = { 1.325, 1.461, 1.620 };
	struct params p;
	double g[10], lo, hi;
	struct sim *s = exchange("equal", 310, &p);
	assert_true(tu_last(s, "gap") >= 0 && tu_last(s, "gap") < 1e-2 * W2);
	printed(305.7508, tu_last(s, "welfare"), 4, "W");
	for (int j = 0; j < 3; j++) {
		char name[16];
		win_range(s, 10, 3, j, &lo, &hi);
		printed(lo_ref[j], lo, 3, "lowest winning price");
		printed(hi_ref[j], hi, 3, "highest winning price");
		snprintf(name, sizeof name, "price_%d", j + 1);
		printed(r[j], tu_last(s, name), 3, "progressive price");
	}
	assert_true(max_gain(s, g) > 0.2);
	/* ... while no buyer's own equal-split reply gains more than eps: the rule has stopped
	 * (a market rebuilt from the same setup, holding the end state's bids) */
	static const double kappa[] = { 5.0, 4.6, 4.2, 3.8, 3.4, 3.0, 2.6, 2.2, 1.8, 1.4 };
	static const double need[] = { 30, 25, 20, 30, 15, 25, 20, 30, 25, 20 };
	static const double data[] = { 60, 40, 20 };
	struct psp_setup st = { .nb = 10, .ns = 3, .val = PSP_VAL_LINEAR, .kappa = kappa,
				.need = need, .data = data, .eps = 0.1, .p_kappa = 5,
				.pool = PSP_POOL_EQUAL };
	struct psp_market *mk = psp_market_new(&st);
	const double *a = learn_action(s->learn);
	double rep[6];
	psp_market_sync(mk, a);
	struct psp_reply_ctx c = psp_market_ctx(mk);
	for (int i = 0; i < 10; i++) {
		double u = psp_reply(&c, &mk->scratch, i, &mk->val[i], a + 6 * i, rep);
		double u0 = psp_reply_utility(&c, &mk->scratch, i, &mk->val[i], a + 6 * i, NULL,
					      NULL);
		assert_true(u - u0 <= 0.1);
		/* the unshaded merged reply, one of the deviations tried, buys any total at least
		 * as cheaply as an equal split (cheapest first), so it gains no less */
		assert_true(g[i] >= u - u0 - 1e-12);
	}
	psp_market_free(mk);
	sim_free(s);
	params_fini(&p);
}

/* Eq. (22) read literally: it stops after 65 rounds far from efficiency -- W = 258.1571,
 * gap 48.45 (15.8 %) -- with buyers 2, 7, 9, 10 (1-based; the spec counts from 0: 1, 6,
 * 8, 9) getting nothing although buyer 2 values data at 4.6; winning prices
 * [0.467, 0.472] at seller 1 and [0.936, 0.942] at seller 3 (E7: not similar). It is no
 * equilibrium of the full game (E6): a unilateral deviation gains far more than 2 eps
 * (the reference found 43.5). */
static void test_exchange_literal(void **state)
{
	struct params p;
	double g[10], a[10], lo, hi;
	struct sim *s = exchange("literal", 65, &p);
	printed(258.1571, tu_last(s, "welfare"), 4, "W");
	printed(48.45, tu_last(s, "gap"), 2, "gap");
	assert_true(tu_last(s, "gap") > 0.1 * W2);
	pf_curve(s, "allocation", "a now", a, 10);
	for (int i = 0; i < 10; i++)
		assert_true((a[i] == 0) == (i == 1 || i == 6 || i == 8 || i == 9));
	win_range(s, 10, 3, 0, &lo, &hi);
	printed(0.467, lo, 3, "seller 1's lowest winning price");
	printed(0.472, hi, 3, "seller 1's highest winning price");
	win_range(s, 10, 3, 2, &lo, &hi);
	printed(0.936, lo, 3, "seller 3's lowest winning price");
	printed(0.942, hi, 3, "seller 3's highest winning price");
	assert_true(max_gain(s, g) > 10);
	struct model_kv kv = { 0 };
	sim_describe(s, &kv);
	tu_assert_contains(tu_kv_get(&kv, "claim"), "no equilibrium");
	model_kv_fini(&kv);
	sim_free(s);
	params_fini(&p);
}

/* Jacobi replies (every buyer answers one snapshot of the bids, the worked example's order)
 * on S-PSP-2: no rule stops. The bids fall into a cycle of L rounds from round n0 (n0 >= 1):
 * those of round n are those of round n - L from round n0 + L on, round n0 - 1's are not
 * round n0 - 1 + L's, and no shorter period fits; some buyer re-bids in every round, and
 * the process is deterministic, so the run goes on for ever. The welfare over one cycle
 * spans the range psp_exchange.lua quotes. Under Gauss-Seidel, the default, every rule
 * stops (the tests above). */
static void test_exchange_jacobi_cycles(void **state)
{
	static const struct {
		const char *pool;
		long n0, L;
		double wlo, whi;
	} runs[] = {
		{ .pool = "equal", .n0 = 1, .L = 5, .wlo = 82.9, .whi = 250.1 },
		{ .pool = "waterfill", .n0 = 2, .L = 4, .wlo = 123.5, .whi = 214.5 },
		{ .pool = "literal", .n0 = 295, .L = 49, .wlo = 79.8, .whi = 246.2 },
	};
	enum { DIM = 2 * 10 * 3 };
	for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
		const long n0 = runs[k].n0, L = runs[k].L, end = n0 + 3 * L;
		struct params p;
		pf_exchange(&p, runs[k].pool);
		tu_set_str(&p, "order", "jacobi");
		struct sim *s = tu_sim(pf_ops, &p, 1, "cournot");
		double (*a)[DIM] = calloc((size_t)end + 1, sizeof *a), wlo = INFINITY, whi = -INFINITY;
		for (long n = 1; n <= end; n++) {
			tu_steps(s, 1);
			memcpy(a[n], learn_action(s->learn), sizeof a[n]);
			if (!(tu_last(s, "rebids") > 0))
				fail_msg("%s: no re-bid in round %ld", runs[k].pool, n);
			if (n > end - L) {
				wlo = fmin(wlo, tu_last(s, "welfare"));
				whi = fmax(whi, tu_last(s, "welfare"));
			}
		}
		for (long n = n0 + L; n <= end; n++)
			if (memcmp(a[n], a[n - L], sizeof a[n]) != 0)
				fail_msg("%s: round %ld's bids are not round %ld's", runs[k].pool, n, n - L);
		assert_true(memcmp(a[n0 - 1 + L], a[n0 - 1], sizeof a[n0]) != 0);
		for (long l = 1; l < L; l++) {
			long n = n0 + l;
			while (n <= end && memcmp(a[n], a[n - l], sizeof a[n]) == 0)
				n++;
			if (n > end)
				fail_msg("%s: the bids repeat every %ld rounds, not %ld", runs[k].pool, l,
					 L);
		}
		if (!(fabs(wlo - runs[k].wlo) <= 0.05 && fabs(whi - runs[k].whi) <= 0.05))
			fail_msg("%s: welfare over the cycle %.4f-%.4f, psp_exchange.lua says "
				 "%.1f-%.1f", runs[k].pool, wlo, whi, runs[k].wlo, runs[k].whi);
		free(a);
		sim_free(s);
		params_fini(&p);
	}
	(void)state;
}

/* Runs a market with the hold bound and one computing every reply side by side through a
 * whole bid war (to the stop, or `max` rounds): the bid vectors must agree bit for bit
 * after every round. Returns the rounds run; *held = replies the bound skipped. */
static long bound_vs_recompute(const struct psp_setup *st, long max, long *held)
{
	struct psp_market *mk[2] = { psp_market_new(st), psp_market_new(st) };
	mk[0]->hold_bound = 0;
	size_t dim = mk[0]->dim;
	double *a = calloc(dim, sizeof *a), *out[2] = { calloc(dim, sizeof *a),
							  calloc(dim, sizeof *a) };
	psp_market_initial(mk[0], a);
	long n = 0;
	for (int moved = 1; moved && n < max; n++) {
		for (int k = 0; k < 2; k++) {
			psp_market_sellers(mk[k], n + 1, a);
			psp_market_round(mk[k], a, -1, out[k]);
		}
		if (memcmp(out[0], out[1], dim * sizeof *a) != 0)
			fail_msg("round %ld: the bound changed a reply", n + 1);
		moved = memcmp(out[1], a, dim * sizeof *a) != 0;
		memcpy(a, out[1], dim * sizeof *a);
	}
	assert_int_equal(mk[0]->bound_holds, 0);
	*held = mk[1]->bound_holds;
	for (int k = 0; k < 2; k++) {
		psp_market_free(mk[k]);
		free(out[k]);
	}
	free(a);
	return n;
}

/* The hold bound (psp_market.c, held_by_bound) skips only replies that would have been
 * held: under each rule, S-PSP-2 to its stop, and a larger random market with budgets
 * (half the buyers), data already held after a settlement (settle = sellout) and random
 * reply order, give the same bids in every round with and without it, and the bound does
 * skip. */
static void hold_bound_rule(enum psp_pool pool, long lo, long hi)
{
	static const double kappa[] = { 5.0, 4.6, 4.2, 3.8, 3.4, 3.0, 2.6, 2.2, 1.8, 1.4 };
	static const double need[] = { 30, 25, 20, 30, 15, 25, 20, 30, 25, 20 };
	static const double data[] = { 60, 40, 20 };
	struct psp_setup st = { .nb = 10, .ns = 3, .val = PSP_VAL_LINEAR, .kappa = kappa,
				.need = need, .data = data, .eps = 0.1, .p_kappa = 5,
				.pool = pool };
	long held, n = bound_vs_recompute(&st, 2000, &held);
	assert_true(n > lo && n < hi); /* the reference's rounds (E9: order-dependent) */
	assert_true(held > 0);
	enum { NB = 120, NS = 7 };
	double k2[NB], d2[NB], b2[NB], s2[NS];
	struct rng r;
	rng_seed(&r, 99);
	for (int i = 0; i < NB; i++) {
		k2[i] = rng_uniform_range(&r, 1, 5);
		d2[i] = rng_uniform_range(&r, 5, 40);
		b2[i] = i % 2 ? rng_uniform_range(&r, 2, 30) : INFINITY;
	}
	for (int j = 0; j < NS; j++)
		s2[j] = rng_uniform_range(&r, 100, 400);
	struct psp_setup big = { .nb = NB, .ns = NS, .val = PSP_VAL_LINEAR, .kappa = k2,
				 .need = d2, .budget = b2, .data = s2, .eps = 0.1, .p_kappa = 5,
				 .pool = pool, .order = PSP_ORDER_RANDOM,
				 .settle = PSP_SETTLE_SELLOUT, .seed = 5 };
	n = bound_vs_recompute(&big, 400, &held);
	assert_true(n > 50);
	assert_true(held > 1000);
}

static void test_exchange_hold_bound(void **state)
{
	hold_bound_rule(PSP_POOL_EQUAL, 300, 320);     /* the reference's 310 */
	hold_bound_rule(PSP_POOL_LITERAL, 60, 70);     /* 65 */
	hold_bound_rule(PSP_POOL_WATERFILL, 340, 370); /* 354 */
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_market_optimum),
		cmocka_unit_test(test_market_converges),
		cmocka_unit_test(test_market_deviation),
		cmocka_unit_test(test_market_eps_sweep),
		cmocka_unit_test(test_market_always_rebids),
		cmocka_unit_test(test_market_budgets),
		cmocka_unit_test(test_market_dynamics),
		cmocka_unit_test(test_exchange_optimum),
		cmocka_unit_test(test_exchange_waterfill),
		cmocka_unit_test(test_exchange_equal),
		cmocka_unit_test(test_exchange_literal),
		cmocka_unit_test(test_exchange_jacobi_cycles),
		cmocka_unit_test(test_exchange_hold_bound),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
