/* The mathematics of paper 002's demand-response market and toy game against the spec
 * (seed002_dnbe.md, its numbers printed to 4-8 digits, tolerance half a unit of the last
 * printed digit unless the issue asks for 1e-6 relative) and against values computed
 * independently for this test:
 *   - "mpmath": a 30-digit reimplementation in Python (mpmath.betainc and findroot for the
 *     grid, mpmath.quad, tanh-sinh, for the integrals of spec §4), printed to 17 digits;
 *     our quadrature asks for 1e-11 relative error, so these are compared at 1e-10;
 *   - enumeration in this file: for n = 2 providers the 8^3 type profiles are few, so C*,
 *     cost shares, the lie utility and E[SC(p)] are averaged exactly, with no quadrature.
 * Covers r(l), the BetaPrime parameters, the K = 8 grid and its moments (K = 16 and the
 * tail-refined grid too), Figs 2-4, IR levels, the consistent-lie utilities and best
 * response, the posted price, the dispatch's optimality conditions and the toy game. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>

#include "core/models/dnbe_dr.h"
#include "core/models/dnbe_game.h"
#include "core/models/dnbe_law.h"
#include "core/models/dnbe_mech.h"
#include "tests/testutil.h"

/* |got - want| <= tol (absolute) */
#define ABS(want, got, tol)                                                                 \
	do {                                                                                \
		double w_ = (want), g_ = (got);                                             \
		if (!(fabs(g_ - w_) <= (tol)))                                              \
			fail_msg("%s:%d: want %.17g, got %.17g (tolerance %g)", __FILE__, __LINE__, \
				 w_, g_, (double)(tol));                                    \
	} while (0)

static struct dnbe_law betaprime8(void)
{
	struct dnbe_law L;
	struct err e;
	assert_int_equal(dnbe_law_equiprobable(&L, 1, 2, 8, &e), 0);
	return L;
}

/* spec §2: r(1) = 0.5887, r(2) = 0.6582, r(10) = 0.4554, r(100) = 0.1949,
 * r(1000) = 0.0743, r(10^4) = 0.0269 (gamma = 0.5); J_p(l) = l^1.5. */
static void test_window(void **state)
{
	static const long l[] = { 1, 2, 10, 100, 1000, 10000 };
	static const double r[] = { 0.5887, 0.6582, 0.4554, 0.1949, 0.0743, 0.0269 };
	for (int i = 0; i < 6; i++)
		ABS(r[i], dnbe_mech_window(l[i], 0.5), 5e-5);
	/* not monotone at small l, decreasing from l = 2 on, and r(l)^2 2l = ln(2 l^1.5) */
	assert_true(dnbe_mech_window(2, 0.5) > dnbe_mech_window(1, 0.5));
	for (long k = 2; k < 5000; k++)
		assert_true(dnbe_mech_window(k + 1, 0.5) < dnbe_mech_window(k, 0.5));
	ABS(64 * 8, dnbe_mech_penalty(64, 1.5), 1e-9);
}

/* spec §4.1: mean m, variance 2 -> (alpha, beta): 0.5 -> (0.6875, 2.375), 1 -> (2, 3),
 * 2 -> (8, 5), 3 -> (21, 8), 4 -> (44, 12), 5 -> (80, 17), 6 -> (132, 23). */
static void test_betaprime_params(void **state)
{
	static const double m[] = { 0.5, 1, 2, 3, 4, 5, 6 };
	static const double a[] = { 0.6875, 2, 8, 21, 44, 80, 132 };
	static const double b[] = { 2.375, 3, 5, 8, 12, 17, 23 };
	for (int i = 0; i < 7; i++) {
		double al, be;
		dnbe_law_betaprime(m[i], 2, &al, &be);
		ABS(a[i], al, 1e-12 * a[i]);
		ABS(b[i], be, 1e-12 * b[i]);
		/* BetaPrime moments: mean a/(b-1), variance a(a+b-1)/((b-2)(b-1)^2) */
		ABS(m[i], al / (be - 1), 1e-12 * m[i]);
		ABS(2, al * (al + be - 1) / ((be - 2) * (be - 1) * (be - 1)), 1e-12);
	}
}

/* spec §4.1, K = 8: the grid to 8 decimals, mean 1, variance 1.0420, E[1/delta] = 2.507139,
 * E[1/delta^2] = 12.440589; mpmath gives the grid to 17 digits. K = 16: variance 1.2419;
 * tail-refined levels 0, 1/8, ..., 7/8, 0.95, 0.99, 0.999, 0.9999, 1: variance 1.816. */
static void test_grid(void **state)
{
	static const double spec[8] = { 0.11871894, 0.25685803, 0.38890608, 0.54072870,
					0.73334517, 1.00705540, 1.48032019, 3.47406749 };
	static const double mp[8] = { 0.11871893879824563, 0.25685803281909694,
				      0.38890607874463124, 0.54072869607342149,
				      0.73334517124794282, 1.0070554008401147,
				      1.4803201909480831, 3.4740674905284642 };
	struct dnbe_law L = betaprime8();
	assert_int_equal(L.k, 8);
	for (int k = 0; k < 8; k++) {
		ABS(spec[k], L.v[k], 5e-9);
		TU_REL(mp[k], L.v[k], 1e-10);
		ABS(0.125, L.p[k], 1e-15);
	}
	ABS(1, dnbe_law_moment(&L, 1), 1e-12);
	ABS(1.0420, dnbe_law_var(&L), 5e-5);
	ABS(2.507139, dnbe_law_moment(&L, -1), 5e-7);
	ABS(12.440589, dnbe_law_moment(&L, -2), 5e-7);
	dnbe_law_fini(&L);

	struct err e;
	assert_int_equal(dnbe_law_equiprobable(&L, 1, 2, 16, &e), 0);
	ABS(1.2419, dnbe_law_var(&L), 5e-5);
	ABS(1, dnbe_law_moment(&L, 1), 1e-12);
	dnbe_law_fini(&L);

	double lev[13];
	for (int k = 0; k <= 7; k++)
		lev[k] = k / 8.0;
	lev[8] = 0.95;
	lev[9] = 0.99;
	lev[10] = 0.999;
	lev[11] = 0.9999;
	lev[12] = 1;
	assert_int_equal(dnbe_law_discretise(&L, 2, 3, lev, 12, &e), 0);
	ABS(1.816, dnbe_law_var(&L), 5e-4);
	ABS(1, dnbe_law_moment(&L, 1), 1e-12);
	dnbe_law_fini(&L);

	/* bad levels and laws are refused with a reason */
	double bad[4] = { 0, 0.7, 0.5, 1 };
	assert_int_equal(dnbe_law_discretise(&L, 2, 3, bad, 3, &e), -1);
	tu_assert_contains(e.msg, "increase");
	assert_int_equal(dnbe_law_discretise(&L, 2, 0.5, lev, 12, &e), -1);
	tu_assert_contains(e.msg, "finite mean");
}

static void test_law_ops(void **state)
{
	struct err e;
	struct dnbe_law L, S;
	double v[4] = { 3, 1, 3, 2 }, p[4] = { 1, 2, 1, 0 };
	assert_int_equal(dnbe_law_init(&L, v, p, 4, &e), 0);
	assert_int_equal(L.k, 2); /* 3 merged, the zero-probability 2 dropped, sorted */
	assert_true(L.v[0] == 1 && L.v[1] == 3 && L.p[0] == 0.5 && L.p[1] == 0.5);
	assert_int_equal(dnbe_law_draw(&L, 0.49), 0);
	assert_int_equal(dnbe_law_draw(&L, 0.5), 1);
	assert_int_equal(dnbe_law_draw(&L, 0.999), 1);
	dnbe_law_scaled(&S, &L, 1.5);
	assert_true(S.v[0] == 1.5 && S.v[1] == 4.5 && S.p[1] == 0.5);
	assert_false(dnbe_law_equal(&L, &S));
	assert_int_equal(dnbe_law_find(&S, 4.5), 1);
	dnbe_law_fini(&S);
	dnbe_law_fini(&L);
	v[0] = -1;
	assert_int_equal(dnbe_law_init(&L, v, p, 4, &e), -1);
	tu_assert_contains(e.msg, "positive");
}

/* ---- enumeration for n = 2 (independent of the quadrature) ---- */

struct enum2 {
	double cstar, cstar_minus, share; /* C*(2 providers), C*(1 provider), E[d1 x1^2 / 2] */
	double sc[3];                     /* E[SC(p)] at p = 0.05, 0.1, 0.2 */
	double lie;                       /* provider 1's utility when it reports 1.3 delta */
};

static struct enum2 enumerate2(const struct dnbe_law *L, double d)
{
	static const double ps[3] = { 0.05, 0.1, 0.2 };
	struct enum2 r = { 0 };
	int K = L->k;
	double c = 1.3, gain = 0, cbid = 0;
	for (int a = 0; a < K; a++)
		for (int b = 0; b < K; b++)
			for (int s = 0; s < K; s++) {
				double pr = L->p[a] * L->p[b] * L->p[s];
				double ia = 1 / L->v[a], ib = 1 / L->v[b], is = 1 / L->v[s];
				double S = ia + ib + is, x1 = d / S * ia;
				r.cstar += pr * d * d / (2 * S);
				r.share += pr * L->v[a] * x1 * x1 / 2;
				for (int k = 0; k < 3; k++) {
					double g = d - ps[k] * (ia + ib);
					r.sc[k] += pr * (ps[k] * ps[k] * (ia + ib) / 2 +
							 L->v[s] * g * g / 2);
				}
				/* the liar: reports c delta_a; reported-cost optimum and its gain */
				double Sl = ia / c + ib + is, xl = d / Sl * (ia / c);
				cbid += pr * d * d / (2 * Sl);
				gain += pr * (c - 1) * L->v[a] * xl * xl / 2;
			}
	for (int b = 0; b < K; b++)
		for (int s = 0; s < K; s++)
			r.cstar_minus += L->p[b] * L->p[s] * d * d /
					 (2 * (1 / L->v[b] + 1 / L->v[s]));
	r.lie = r.cstar_minus - cbid + gain;
	return r;
}

static void test_quadrature_vs_enumeration(void **state)
{
	struct dnbe_law L = betaprime8();
	struct dnbe_dr_quad q;
	dnbe_dr_quad_init(&q);
	for (int t = 0; t < 2; t++) {
		double d = t ? 2.5 : 1;
		struct enum2 x = enumerate2(&L, d);
		struct dnbe_dr_pop P;
		dnbe_dr_pop_init(&P, &L, d);
		int g = dnbe_dr_pop_add(&P, &L, 2);
		TU_REL(x.cstar, dnbe_dr_cstar(&q, &P, -1), 1e-10);
		TU_REL(x.cstar_minus, dnbe_dr_cstar(&q, &P, g), 1e-10);
		TU_REL(x.share, dnbe_dr_cost_share(&q, &P, g), 1e-10);
		struct dnbe_dr_posted pp;
		dnbe_dr_posted(&P, &pp);
		static const double ps[3] = { 0.05, 0.1, 0.2 };
		for (int k = 0; k < 3; k++)
			TU_REL(x.sc[k], dnbe_dr_posted_cost(&pp, ps[k]), 1e-12);
		double c[2] = { 1, 1 };
		TU_REL(x.lie, dnbe_dr_lie_utility(&q, &L, &L, d, 2, c, 0, 1.3), 1e-9);
		dnbe_dr_pop_fini(&P);
	}
	assert_int_equal(q.fails, 0);
	dnbe_dr_quad_fini(&q);
	dnbe_law_fini(&L);
}

/* spec §4.2 Fig. 2 (1e-6 relative as the issue asks) and mpmath (1e-10). */
static void test_fig2(void **state)
{
	static const double spec[21] = {
		0.50000000, 0.16825557, 0.09519928, 0.06539798, 0.04954490, 0.03979067, 0.03321224,
		0.02848664, 0.02493225, 0.02216365, 0.01994714, 0.01813301, 0.01662103, 0.01534165,
		0.01424509, 0.01329480, 0.01246337, 0.01172982, 0.01107784, 0.01049453, 0.00996959,
	};
	static const double mp[21] = {
		0.5, 0.16825557180328068, 0.095199279760333294, 0.06539797590169447,
		0.049544899248072887, 0.039790672561434473, 0.03321224001438574,
		0.02848664475520034, 0.024932245436681775, 0.022163646477539711,
		0.019947136927604987, 0.018133006791418646, 0.016621034180044103,
		0.01534165208873497, 0.014245087133009982, 0.013294800848827437,
		0.012463371979087759, 0.01172982357508787, 0.01107783704932786,
		0.010494528269961421, 0.0099695898726624837,
	};
	struct dnbe_law L = betaprime8();
	struct dnbe_dr_quad q;
	dnbe_dr_quad_init(&q);
	double y[21];
	dnbe_dr_fig2(&q, &L, &L, 1, 20, y);
	for (int n = 0; n <= 20; n++) {
		TU_REL(spec[n], y[n], 1e-6);
		TU_REL(mp[n], y[n], 1e-10);
		if (n > 0)
			assert_true(y[n] < y[n - 1]);
	}
	assert_int_equal(q.fails, 0);
	dnbe_dr_quad_fini(&q);
	dnbe_law_fini(&L);
}

/* spec §4.2 Fig. 3 (n = 10: the fixed provider with delta = 4 and 9 others of mean m,
 * variance 2; reserve BetaPrime(2,3), K = 8, d = 1): printed to 8 decimals, so 5e-9
 * absolute, and mpmath at 1e-9 relative. */
static void test_fig3(void **state)
{
	static const double m[7] = { 0.5, 1, 2, 3, 4, 5, 6 };
	static const double spec[7] = { 0.00002731, 0.00054078, 0.00389965, 0.00888839,
					0.01440084, 0.02001477, 0.02556188 };
	static const double mp[7] = { 2.7312699778385203e-5, 0.00054078183011865638,
				      0.003899653757095771, 0.008888393095085068,
				      0.014400839675966491, 0.020014768108501203,
				      0.025561882917120157 };
	struct dnbe_law R = betaprime8();
	struct dnbe_dr_quad q;
	struct err e;
	double y[7];
	dnbe_dr_quad_init(&q);
	assert_int_equal(dnbe_dr_fig3(&q, &R, 1, 10, 2, 8, 4, m, 7, y, &e), 0);
	for (int j = 0; j < 7; j++) {
		ABS(spec[j], y[j], 5e-9);
		TU_REL(mp[j], y[j], 1e-9);
		if (j > 0)
			assert_true(y[j] > y[j - 1]);
	}
	assert_int_equal(q.fails, 0);
	dnbe_dr_quad_fini(&q);
	dnbe_law_fini(&R);
}

/* spec §4.2 Fig. 4 and Errata E2: n = 10: p* = 0.03505535, min E[SC] = 0.06055682,
 * C* = 0.01994714 (1e-6 relative); E[SC(0)] = 0.5, E[SC(0.1)] = 1.57, E[SC(0.3)] = 25.2;
 * n = 1, 5, 20: (p*, min, C*) to 6 decimals. E[SC(p)] >= C* for every p. */
static void test_fig4(void **state)
{
	static const int ns[4] = { 1, 5, 10, 20 };
	static const double pstar[4] = { 0.167727, 0.062537, 0.03505535, 0.018658 };
	static const double cmin[4] = { 0.289742, 0.108030, 0.06055682, 0.032230 };
	static const double cst[4] = { 0.168256, 0.039791, 0.01994714, 0.009970 };
	struct dnbe_law L = betaprime8();
	struct dnbe_dr_quad q;
	dnbe_dr_quad_init(&q);
	for (int t = 0; t < 4; t++) {
		struct dnbe_dr_pop P;
		struct dnbe_dr_posted pp;
		dnbe_dr_pop_init(&P, &L, 1);
		dnbe_dr_pop_add(&P, &L, ns[t]);
		dnbe_dr_posted(&P, &pp);
		double cs = dnbe_dr_cstar(&q, &P, -1);
		if (ns[t] == 10) {
			TU_REL(pstar[t], pp.pstar, 1e-6);
			TU_REL(cmin[t], pp.cost_min, 1e-6);
			TU_REL(cst[t], cs, 1e-6);
			ABS(0.5, dnbe_dr_posted_cost(&pp, 0), 1e-15);
			ABS(1.57, dnbe_dr_posted_cost(&pp, 0.1), 5e-3);
			ABS(25.2, dnbe_dr_posted_cost(&pp, 0.3), 0.05);
		} else {
			ABS(pstar[t], pp.pstar, 5e-7);
			ABS(cmin[t], pp.cost_min, 5e-7);
			ABS(cst[t], cs, 5e-7);
		}
		/* the minimum is a minimum, and the posted price never beats C* */
		assert_true(dnbe_dr_posted_cost(&pp, pp.pstar * 1.001) > pp.cost_min);
		assert_true(dnbe_dr_posted_cost(&pp, pp.pstar * 0.999) > pp.cost_min);
		for (int k = 0; k <= 2000; k++) {
			double p = 0.5 * k / 2000;
			assert_true(dnbe_dr_posted_cost(&pp, p) >= cs);
		}
		dnbe_dr_pop_fini(&P);
	}
	dnbe_dr_quad_fini(&q);
	dnbe_law_fini(&L);
}

/* spec §7: exact IR levels n = 1: 0.33174443, 2: 0.07305629, 5: 0.00975423,
 * 10: 0.00221651; average payment received, n = 5: 0.01638601 (8 decimals). */
static void test_ir_levels(void **state)
{
	static const int ns[4] = { 1, 2, 5, 10 };
	static const double ir[4] = { 0.33174443, 0.07305629, 0.00975423, 0.00221651 };
	struct dnbe_law L = betaprime8();
	struct dnbe_dr_quad q;
	dnbe_dr_quad_init(&q);
	for (int t = 0; t < 4; t++) {
		struct dnbe_dr_pop P;
		dnbe_dr_pop_init(&P, &L, 1);
		int g = dnbe_dr_pop_add(&P, &L, ns[t]);
		double cm = dnbe_dr_cstar(&q, &P, g), cs = dnbe_dr_cstar(&q, &P, -1);
		ABS(ir[t], cm - cs, 5e-9);
		/* the utility formula with true = reported values gives the same level */
		TU_REL(cm - cs, dnbe_dr_utility(&q, &P, g, L.v), 1e-9);
		if (ns[t] == 5)
			ABS(0.01638601, cm - cs + dnbe_dr_cost_share(&q, &P, g), 5e-9);
		dnbe_dr_pop_fini(&P);
	}
	dnbe_dr_quad_fini(&q);
	dnbe_law_fini(&L);
}

/* spec §7, n = 5: utility of scale:c, c = 0.5: 0.006497, 0.8: 0.009485, 0.9: 0.009698,
 * 1.0: 0.009754 (max), 1.1: 0.009713, 1.25: 0.009541, 2.0: 0.008167. Truth stays the best
 * reply when the others lie consistently too (the best response is c = 1 whatever they
 * do: the maximiser's bracket is 1e-7 relative, so |c - 1| < 1e-6). Also by exact
 * enumeration over the 8^6 profiles in Python: scale 1.25 gives 0.009541324185364769. */
static void test_lie_utility(void **state)
{
	static const double cs[7] = { 0.5, 0.8, 0.9, 1.0, 1.1, 1.25, 2.0 };
	static const double us[7] = { 0.006497, 0.009485, 0.009698, 0.009754, 0.009713,
				      0.009541, 0.008167 };
	struct dnbe_law L = betaprime8();
	struct dnbe_dr_quad q;
	dnbe_dr_quad_init(&q);
	double ones[5] = { 1, 1, 1, 1, 1 };
	for (int j = 0; j < 7; j++)
		ABS(us[j], dnbe_dr_lie_utility(&q, &L, &L, 1, 5, ones, 0, cs[j]), 5e-7);
	TU_REL(0.009541324185364769, dnbe_dr_lie_utility(&q, &L, &L, 1, 5, ones, 0, 1.25),
	       1e-9);
	static const double others[4][5] = {
		{ 1, 1, 1, 1, 1 },
		{ 1, 0.5, 2, 3, 0.7 },
		{ 1, 4, 4, 4, 4 },
		{ 1, 0.2, 0.2, 0.2, 0.2 },
	};
	for (int t = 0; t < 4; t++) {
		double u1 = dnbe_dr_lie_utility(&q, &L, &L, 1, 5, others[t], 0, 1);
		for (int s = -1; s <= 1; s += 2)
			for (double h = 1e-3; h < 1; h *= 10)
				assert_true(dnbe_dr_lie_utility(&q, &L, &L, 1, 5, others[t], 0,
								1 + s * h) < u1);
		double best;
		assert_int_equal(dnbe_dr_lie_best(&q, &L, &L, 1, 5, others[t], 0, 0.05, 20, &best),
				 0);
		ABS(1, best, 1e-6);
	}
	assert_int_equal(q.fails, 0);
	dnbe_dr_quad_fini(&q);
	dnbe_law_fini(&L);
}

/* The dispatch is optimal: equal marginal costs delta_i x_i = delta_s g = lambda and
 * sum x + g = d (the KKT conditions of eq. 41). */
static void test_dispatch(void **state)
{
	double delta[3] = { 0.5, 2, 4 }, inv[3], x[3], g;
	for (int i = 0; i < 3; i++)
		inv[i] = 1 / delta[i];
	double lam = dnbe_dr_dispatch(3, inv, 1.0 / 3, 1.5, x, &g);
	ABS(1.5, x[0] + x[1] + x[2] + g, 1e-15);
	for (int i = 0; i < 3; i++)
		ABS(lam, delta[i] * x[i], 1e-15);
	ABS(lam, 3 * g, 1e-15);
	ABS(1.5 / (2 + 0.5 + 0.25 + 1.0 / 3), lam, 1e-15);
}

/* spec §3 and Errata E3: the toy (tie rule: first outcome) and its tie-free variant. */
static void test_toy(void **state)
{
	struct dnbe_game g;
	struct dnbe_law L[2];
	int o1;
	dnbe_game_toy(DNBE_TOY, &g, L);
	ABS(-3.9, dnbe_game_wstar(&g, L, -1, &o1), 1e-12);
	assert_int_equal(o1, 1);
	ABS(-4.4, dnbe_game_wstar(&g, L, 0, NULL), 1e-12);
	ABS(-4.2, dnbe_game_wstar(&g, L, 1, NULL), 1e-12);
	/* with the first-outcome tie rule (spec §3) */
	ABS(-1.55, dnbe_game_ev(&g, L, 0), 1e-12);
	ABS(-0.15, dnbe_game_ev(&g, L, 1), 1e-12);
	dnbe_law_fini(&L[0]);
	dnbe_law_fini(&L[1]);

	dnbe_game_toy(DNBE_TOY_TIEFREE, &g, L);
	double W = dnbe_game_wstar(&g, L, -1, &o1);
	ABS(-4.2, W, 1e-12);
	assert_int_equal(o1, 1);
	double W1 = dnbe_game_wstar(&g, L, 0, NULL), W2 = dnbe_game_wstar(&g, L, 1, NULL);
	ABS(-4.6, W1, 1e-12);
	ABS(-4.5, W2, 1e-12);
	double e1 = dnbe_game_ev(&g, L, 0), e2 = dnbe_game_ev(&g, L, 1);
	ABS(-1.3, e1, 1e-12);
	ABS(-0.6, e2, 1e-12);
	ABS(-1.7, W1 - (W - e1), 1e-12); /* p^F, eq. 5 */
	ABS(-0.9, W2 - (W - e2), 1e-12);
	ABS(0.4, W - W1, 1e-12);
	ABS(0.3, W - W2, 1e-12);
	/* expected welfare by o1: 0 -> -5.2, 1 -> -4.2, 2 -> -4.6; and no argmax has a tie */
	static const double wo1[3] = { -5.2, -4.2, -4.6 };
	for (int k = 0; k < 3; k++) {
		double sum = 0;
		for (int a = 0; a < 2; a++)
			for (int b = 0; b < 2; b++) {
				double dl[2] = { L[0].v[a], L[1].v[b] }, w[4];
				int best = dnbe_game_g2(&g, k, dl, -1), ties = 0;
				for (int o2 = 0; o2 < 4; o2++)
					w[o2] = -dnbe_game_cost(&g, k, o2) +
						dnbe_game_value(&g, 0, dl[0], k, o2) +
						dnbe_game_value(&g, 1, dl[1], k, o2);
				for (int o2 = 0; o2 < 4; o2++)
					ties += o2 != best && w[o2] == w[best];
				for (int o2 = 0; o2 < 4; o2++)
					assert_true(w[o2] <= w[best]);
				assert_int_equal(ties, 0);
				sum += L[0].p[a] * L[1].p[b] * w[best];
			}
		ABS(wo1[k], sum, 1e-12);
	}
	dnbe_law_fini(&L[0]);
	dnbe_law_fini(&L[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_betaprime_params),
		cmocka_unit_test(test_grid),
		cmocka_unit_test(test_law_ops),
		cmocka_unit_test(test_quadrature_vs_enumeration),
		cmocka_unit_test(test_fig2),
		cmocka_unit_test(test_fig3),
		cmocka_unit_test(test_fig4),
		cmocka_unit_test(test_ir_levels),
		cmocka_unit_test(test_lie_utility),
		cmocka_unit_test(test_dispatch),
		cmocka_unit_test(test_toy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
