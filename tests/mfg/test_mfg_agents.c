/* test_mfg_agents: the Monte Carlo population against the mean-field solver (paper 000,
 * Section V: "the empirical trade ratio among the one million agents matches 1 - z").
 * 100,000 agents started at the stationary law with the equilibrium policy: the trade ratio
 * matches 1 - z within 3 standard errors; the value, the budget CDF and the bid split agree
 * with the solver. Started from Psi the same policy freezes (spec A12). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/models/mfg_agents.h"
#include "core/models/mfg_solve.h"

/* the paper's Section V economy at k = 7, h = 0.01 */
#define mfg_econ_section5_k7(v, b0min, b0max) mfg_econ_section5((v), 7, (b0min), (b0max), 0.01)

struct run {
	double z, value;          /* solver */
	double trade, bid0;       /* agents: mean over periods */
	double mc_value;          /* mean reward per agent-period / (1 - beta) */
	double se;                /* standard error of the mean trade ratio */
	double ks;                /* sup |F_agents - F_pi| at the end */
	int frozen;               /* no trade in any period */
};

/* Equilibrium from z0 = 1, then `periods` periods of n agents under its policy. */
static struct run simulate(const struct mfg_econ *e, size_t n, int periods, int stationary,
			   uint64_t seed)
{
	struct run r = { 0 };
	struct err er;
	struct mfg_solver *s = mfg_solver_new(e, &er);
	assert_non_null(s);
	r.z = mfg_solver_equilibrium(s, 1, 1e-10, 5000, NULL);
	r.value = mfg_solver_value(s);
	struct mfg_agents *a = mfg_agents_new(e, n, seed);
	double *law;
	size_t nlaw = mfg_solver_stationary_ext(s, 0, 0, &law);
	for (int t = 0; t < e->ntypes; t++) {
		double lo[16], hi[16];
		int k = mfg_solver_bid_intervals(s, t, lo, hi, 16);
		mfg_agents_set_policy(a, t, lo, hi, k);
		if (stationary) {
			double *lt;
			size_t nt = mfg_solver_stationary_ext(s, t, 0, &lt);
			mfg_agents_init_law(a, t, lt, nt, e->h);
			free(lt);
		}
	}
	if (!stationary)
		mfg_agents_init_psi(a);
	double sum = 0, pairs = 0, bid0 = 0, reward = 0;
	r.frozen = 1;
	for (int p = 0; p < periods; p++) {
		struct mfg_agents_period st;
		mfg_agents_step(a, &st, NULL, 0);
		if (st.trades)
			r.frozen = 0;
		sum += (double)st.trades / (double)st.pairs;
		pairs += (double)st.pairs;
		bid0 += (double)st.bid0_t[0] / (double)st.clients;
		reward += st.reward / (double)n;
	}
	r.trade = sum / periods;
	r.bid0 = bid0 / periods;
	r.mc_value = reward / periods / (1 - e->beta);
	/* Standard error: binomial noise of the pairs plus the finite population's own
	 * fluctuation of the share in the bid set, sqrt(z (1 - z) / n), counted in full (it is
	 * correlated over the ~1/(1-beta) periods of an agent's life): conservative. */
	double p1 = 1 - r.z;
	r.se = sqrt(p1 * (1 - p1) / pairs + r.z * (1 - r.z) / (double)n);

	/* KS distance between the agents' budgets and the stationary CDF on the nodes */
	const double *b = mfg_agents_budgets(a);
	double *cnt = calloc(nlaw + 1, sizeof *cnt);
	for (size_t i = 0; i < n; i++) {
		double c = ceil(b[i] / e->h - 1e-9);
		size_t j = c <= 0 ? 0 : (size_t)c;
		cnt[j < nlaw ? j : nlaw] += 1;
	}
	double fa = 0, fp = 0;
	r.ks = 0;
	for (size_t j = 0; j < nlaw; j++) {
		fa += cnt[j] / (double)n;
		fp += law[j];
		/* the hat at node j spreads half a cell each side: compare half-way */
		double d = fabs(fa - (fp - 0.5 * law[j]));
		if (d > r.ks)
			r.ks = d;
	}
	free(cnt);
	free(law);
	mfg_agents_free(a);
	mfg_solver_free(s);
	return r;
}

static void check_matches(enum mfg_variant v, double b0min)
{
	struct mfg_econ e = mfg_econ_section5_k7(v, b0min, b0min + 5);
	struct run r = simulate(&e, 100000, 200, 1, 7);
	print_message("# %s U[%g,%g]: 1 - z = %.5f, agents %.5f (se %.5f); bid 0: %.5f vs z "
		      "%.5f; value %.3f vs %.3f; KS %.4f\n",
		      v == MFG_HARD ? "hard" : v == MFG_BANK ? "bank" : "loan", b0min, b0min + 5,
		      1 - r.z, r.trade, r.se, r.bid0, r.z, r.mc_value, r.value, r.ks);
	assert_true(fabs(r.trade - (1 - r.z)) < 3 * r.se);
	assert_true(fabs(r.bid0 - r.z) < 3 * r.se);
	/* the value: unmatched clients (min(#c, #s) pairs) cost the finite population about
	 * 0.2 at 100,000 agents; the mean-field model has no such friction */
	assert_true(fabs(r.mc_value - r.value) < 0.35);
	assert_true(r.ks < 0.01);
}

static void test_bank_matches(void **state)
{
	(void)state;
	check_matches(MFG_BANK, 0);
}

static void test_loan_matches(void **state)
{
	(void)state;
	check_matches(MFG_LOAN, 0);
}

static void test_hard_matches(void **state)
{
	(void)state;
	check_matches(MFG_HARD, 5);
}

/* Spec A12: with the MFE policy held fixed and budgets cold-started from U[0,5], the agents
 * freeze under all three models: the bid set [5.24, inf) lies above Psi's support. */
static void test_frozen_from_psi(void **state)
{
	(void)state;
	for (int v = MFG_HARD; v <= MFG_LOAN; v++) {
		struct mfg_econ e = mfg_econ_section5_k7((enum mfg_variant)v, 0, 5);
		struct run r = simulate(&e, 20000, 100, 0, 3);
		assert_true(r.frozen);
		assert_true(r.trade == 0);
		assert_true(r.bid0 == 1);
	}
}

/* Departures are written lazily (by the next period or the first read of the budgets): a
 * population read after every period and one read only at the end agree bit for bit, and
 * with nobody bidding (so no trade moves a budget) a period replaces about (1 - beta) n
 * budgets, each with one from Psi. */
static void test_departures(void **state)
{
	(void)state;
	struct mfg_econ e = mfg_econ_section5_k7(MFG_BANK, 0, 5);
	e.beta = 0.5;
	size_t n = 4000;
	struct mfg_agents *a[2];
	double none_lo = 100, none_hi = 100;
	for (int k = 0; k < 2; k++) {
		a[k] = mfg_agents_new(&e, n, 5);
		mfg_agents_set_policy(a[k], 0, &none_lo, &none_hi, 1);
		mfg_agents_init_psi(a[k]);
	}
	double *before = malloc(n * sizeof *before);
	memcpy(before, mfg_agents_budgets(a[0]), n * sizeof *before);
	for (int p = 0; p < 20; p++) {
		struct mfg_agents_period st[2];
		for (int k = 0; k < 2; k++)
			mfg_agents_step(a[k], &st[k], NULL, 0);
		assert_int_equal(st[0].trades, 0);
		assert_int_equal(st[0].clients, st[1].clients);
		const double *b = mfg_agents_budgets(a[0]);
		size_t changed = 0;
		for (size_t i = 0; i < n; i++) {
			changed += b[i] != before[i];
			assert_true(b[i] >= e.b0_min && b[i] < e.b0_max);
		}
		/* Binomial(n, 1/2): mean 2000, sd 31.6; 5 sd either way */
		assert_in_range(changed, 1842, 2158);
		memcpy(before, b, n * sizeof *before);
	}
	assert_memory_equal(mfg_agents_budgets(a[0]), mfg_agents_budgets(a[1]), n * sizeof(double));
	free(before);
	for (int k = 0; k < 2; k++)
		mfg_agents_free(a[k]);
}

/* Same seed, same budgets; another seed, other budgets. */
static void test_deterministic(void **state)
{
	(void)state;
	struct mfg_econ e = mfg_econ_section5_k7(MFG_LOAN, 0, 5);
	double sums[3];
	uint64_t seeds[3] = { 11, 11, 12 };
	for (int k = 0; k < 3; k++) {
		struct mfg_agents *a = mfg_agents_new(&e, 5000, seeds[k]);
		double lo = 5.2, hi = HUGE_VAL;
		mfg_agents_set_policy(a, 0, &lo, &hi, 1);
		mfg_agents_init_psi(a);
		for (int p = 0; p < 50; p++) {
			struct mfg_agents_period st;
			mfg_agents_step(a, &st, NULL, 0);
		}
		const double *b = mfg_agents_budgets(a);
		sums[k] = 0;
		for (size_t i = 0; i < 5000; i++)
			sums[k] += b[i] * (double)(i + 1);
		mfg_agents_free(a);
	}
	assert_true(sums[0] == sums[1]);
	assert_true(sums[0] != sums[2]);
}

/* Accounting of one period (Hard, everyone can afford k): pairs = min(#c, #s), every matched
 * client trades, the client gains s - k and the server k - c_serve, so the total budget
 * grows by trades (s - c_serve); rewards add up the same way minus c_lose per unserved
 * client. */
static void test_period_accounting(void **state)
{
	(void)state;
	struct mfg_econ e = mfg_econ_section5_k7(MFG_HARD, 7, 12); /* hard: every trade adds s - c_serve */
	e.p_s[0] = 0.3;                            /* more clients than servers */
	e.beta = 1 - 1e-12;                        /* nobody leaves in this period */
	struct mfg_agents *a = mfg_agents_new(&e, 10000, 5);
	double lo = 7, hi = HUGE_VAL;
	mfg_agents_set_policy(a, 0, &lo, &hi, 1);
	mfg_agents_init_psi(a);
	const double *b = mfg_agents_budgets(a);
	double before = 0, after = 0;
	for (size_t i = 0; i < 10000; i++)
		before += b[i];
	struct mfg_agents_period st;
	mfg_agents_step(a, &st, NULL, 0);
	b = mfg_agents_budgets(a); /* borrowed until the next step: read again */
	for (size_t i = 0; i < 10000; i++)
		after += b[i];
	assert_int_equal(st.clients + st.servers, 10000);
	assert_int_equal(st.pairs, st.servers); /* p_c = 0.7: servers are the short side */
	assert_int_equal(st.trades, st.pairs);  /* everybody can afford k = 7 */
	assert_true(fabs(after - before - (double)st.trades * (e.s - e.c_serve)) < 1e-6);
	double rew = (double)st.trades * (e.s - e.k + e.k - e.c_serve) -
		     (double)(st.clients - st.trades) * e.c_lose;
	assert_true(fabs(st.reward - rew) < 1e-9);
	mfg_agents_free(a);
}

/* Two types (the PV case): each type's share of clients bidding 0 matches its gamma. */
static void test_types(void **state)
{
	(void)state;
	struct mfg_econ e = mfg_econ_section5_k7(MFG_BANK, 0, 5);
	e.ntypes = 2;
	e.p_s[0] = 0.4;
	e.p_s[1] = 0.6;
	e.share[0] = e.share[1] = 0.5;
	struct err er;
	struct mfg_solver *s = mfg_solver_new(&e, &er);
	assert_non_null(s);
	mfg_solver_equilibrium(s, 1, 1e-10, 5000, NULL);
	size_t n = 100000;
	struct mfg_agents *a = mfg_agents_new(&e, n, 9);
	assert_int_equal(mfg_agents_type_count(a, 0), 50000);
	for (int t = 0; t < 2; t++) {
		double lo[16], hi[16], *law;
		int k = mfg_solver_bid_intervals(s, t, lo, hi, 16);
		mfg_agents_set_policy(a, t, lo, hi, k);
		size_t nl = mfg_solver_stationary_ext(s, t, 0, &law);
		mfg_agents_init_law(a, t, law, nl, e.h);
		free(law);
	}
	double c[2] = { 0, 0 }, z[2] = { 0, 0 };
	for (int p = 0; p < 100; p++) {
		struct mfg_agents_period st;
		mfg_agents_step(a, &st, NULL, 0);
		for (int t = 0; t < 2; t++) {
			c[t] += (double)st.clients_t[t];
			z[t] += (double)st.bid0_t[t];
		}
	}
	for (int t = 0; t < 2; t++) {
		double g = s->t[t].gamma, zt = z[t] / c[t];
		double se = sqrt(g * (1 - g) / c[t] + g * (1 - g) / 50000.0);
		print_message("# type %d: gamma %.5f, agents %.5f (se %.5f)\n", t + 1, g, zt, se);
		assert_true(fabs(zt - g) < 3 * se);
	}
	mfg_agents_free(a);
	mfg_solver_free(s);
}

/* Per-type counts of a period (the series mc_trade_ratio_k, mc_value_k): they add up to the
 * pooled ones in both regimes (clients short or long), and with Hard and everyone able to
 * afford k each type's budgets grow by exactly its reward plus c_lose per unserved client
 * (its clients' s - k and its servers' k - c_serve), which checks that the servers' trades
 * are credited to the right type. */
static void test_type_accounting(void **state)
{
	(void)state;
	const double ps[2][3] = { { 0.2, 0.35, 0.3 }, { 0.6, 0.75, 0.7 } };
	for (int regime = 0; regime < 2; regime++) {
		struct mfg_econ e = mfg_econ_section5_k7(MFG_HARD, 7, 12);
		e.ntypes = 3;
		for (int t = 0; t < 3; t++) {
			e.p_s[t] = ps[regime][t];
			e.share[t] = 1.0 + t;
		}
		e.beta = 1 - 1e-12; /* nobody leaves */
		size_t n = 12000;
		struct mfg_agents *a = mfg_agents_new(&e, n, 21 + (uint64_t)regime);
		for (int t = 0; t < 3; t++) {
			double lo = 7, hi = HUGE_VAL;
			mfg_agents_set_policy(a, t, &lo, &hi, 1);
		}
		mfg_agents_init_psi(a);
		const double *b = mfg_agents_budgets(a);
		double before[3] = { 0 }, after[3] = { 0 };
		size_t from = 0;
		for (int t = 0; t < 3; t++) {
			size_t cnt = mfg_agents_type_count(a, t);
			for (size_t i = from; i < from + cnt; i++)
				before[t] += b[i];
			from += cnt;
		}
		struct mfg_agents_period st;
		mfg_agents_step(a, &st, NULL, 0);
		b = mfg_agents_budgets(a); /* borrowed until the next step: read again */
		uint64_t m = 0, tr = 0;
		double rw = 0;
		from = 0;
		for (int t = 0; t < 3; t++) {
			size_t cnt = mfg_agents_type_count(a, t);
			for (size_t i = from; i < from + cnt; i++)
				after[t] += b[i];
			from += cnt;
			assert_true(st.trades_t[t] <= st.matched_t[t]);
			assert_true(st.matched_t[t] <= st.clients_t[t]);
			assert_true(st.trades_t[t] == st.matched_t[t]); /* all afford k */
			if (regime == 1)
				assert_true(st.matched_t[t] == st.clients_t[t]);
			m += st.matched_t[t];
			tr += st.trades_t[t];
			rw += st.reward_t[t];
			double unserved = (double)(st.clients_t[t] - st.trades_t[t]) * e.c_lose;
			assert_true(fabs(after[t] - before[t] - (st.reward_t[t] + unserved)) < 1e-6);
		}
		assert_true(regime == 0 ? st.clients > st.servers : st.clients < st.servers);
		assert_true(m == st.pairs);
		assert_true(tr == st.trades);
		assert_true(fabs(rw - st.reward) < 1e-9 * fabs(st.reward));
		mfg_agents_free(a);
	}

	/* Loan with the repayment in the reward, two types, many periods: the sums still hold */
	struct mfg_econ e = mfg_econ_section5_k7(MFG_LOAN, 0, 5);
	e.extra = MFG_EXTRA_REWARD;
	e.ntypes = 2;
	e.p_s[0] = 0.4;
	e.p_s[1] = 0.6;
	e.share[0] = e.share[1] = 0.5;
	struct mfg_agents *a = mfg_agents_new(&e, 20000, 4);
	for (int t = 0; t < 2; t++) {
		double lo = 3, hi = HUGE_VAL;
		mfg_agents_set_policy(a, t, &lo, &hi, 1);
	}
	mfg_agents_init_psi(a);
	for (int p = 0; p < 30; p++) {
		struct mfg_agents_period st;
		mfg_agents_step(a, &st, NULL, 0);
		assert_true(st.extra_sum > 0);
		assert_true(st.matched_t[0] + st.matched_t[1] == st.pairs);
		assert_true(st.trades_t[0] + st.trades_t[1] == st.trades);
		assert_true(fabs(st.reward_t[0] + st.reward_t[1] - st.reward) <
			    1e-9 * fabs(st.reward));
	}
	mfg_agents_free(a);
}

/* The servers' trades of a word shared by two types, when the selection is done before it
 * reaches the lower type (few clients, so few trades): still credited to the servers they
 * were drawn for. Hard, all afford k, nobody leaves: each type's budgets grow by exactly its
 * reward plus c_lose per unserved client, over many small populations (a word or two) and
 * periods. */
static void test_type_accounting_shared_word(void **state)
{
	(void)state;
	struct mfg_econ e = mfg_econ_section5_k7(MFG_HARD, 7, 12);
	e.ntypes = 2;
	e.p_s[0] = e.p_s[1] = 0.8;
	e.share[0] = 0.4;
	e.share[1] = 0.6;
	e.beta = 1 - 1e-12;
	int checked = 0;
	for (uint64_t seed = 1; seed <= 300; seed++) {
		size_t n = 40 + (size_t)(seed % 90);
		struct mfg_agents *a = mfg_agents_new(&e, n, seed);
		for (int t = 0; t < 2; t++) {
			double lo = 7, hi = HUGE_VAL;
			mfg_agents_set_policy(a, t, &lo, &hi, 1);
		}
		mfg_agents_init_psi(a);
		size_t n0 = mfg_agents_type_count(a, 0);
		for (int p = 0; p < 4; p++) {
			const double *b = mfg_agents_budgets(a);
			double before[2] = { 0, 0 }, after[2] = { 0, 0 };
			for (size_t i = 0; i < n; i++)
				before[i >= n0] += b[i];
			struct mfg_agents_period st;
			mfg_agents_step(a, &st, NULL, 0);
			b = mfg_agents_budgets(a);
			for (size_t i = 0; i < n; i++)
				after[i >= n0] += b[i];
			for (int t = 0; t < 2; t++) {
				double unserved = (double)(st.clients_t[t] - st.trades_t[t]) * e.c_lose;
				assert_true(fabs(after[t] - before[t] - (st.reward_t[t] + unserved)) <
					    1e-9);
			}
			checked += st.trades > 0 && st.clients < st.servers;
		}
		mfg_agents_free(a);
	}
	assert_true(checked > 1000);
}

/* The trades of a period reach the budgets lazily (with the next period or the first read):
 * a Loan population of two types read after every period and one read only at the end
 * agree bit for bit, period by period too. Nobody leaves, so every period moves the total
 * budget by exactly trades (s - c_serve): each trading client pays k plus alpha (k - b)^+,
 * which its server receives (repayments travel as floats: 1e-6 per repayment covers their
 * rounding, about 5e-7 at most for repayments below alpha k = 7.7). */
static void test_lazy_trades(void **state)
{
	(void)state;
	struct mfg_econ e = mfg_econ_section5_k7(MFG_LOAN, 0, 5);
	e.ntypes = 2;
	e.p_s[0] = 0.3;
	e.p_s[1] = 0.6;
	e.share[0] = 0.45;
	e.share[1] = 0.55;
	e.beta = 1 - 1e-12; /* nobody leaves */
	size_t n = 6001;
	struct mfg_agents *a[2];
	for (int k = 0; k < 2; k++) {
		a[k] = mfg_agents_new(&e, n, 17);
		for (int t = 0; t < 2; t++) {
			double lo = 3, hi = HUGE_VAL;
			mfg_agents_set_policy(a[k], t, &lo, &hi, 1);
		}
		mfg_agents_init_psi(a[k]);
	}
	double before = 0;
	const double *b = mfg_agents_budgets(a[0]);
	for (size_t i = 0; i < n; i++)
		before += b[i];
	size_t repaid = 0;
	for (int p = 0; p < 25; p++) {
		struct mfg_agents_period st[2];
		for (int k = 0; k < 2; k++)
			mfg_agents_step(a[k], &st[k], NULL, 0);
		assert_memory_equal(&st[0], &st[1], sizeof st[0]);
		assert_true(st[0].trades > 0 && st[0].extra_sum > 0);
		b = mfg_agents_budgets(a[0]);
		double after = 0;
		for (size_t i = 0; i < n; i++)
			after += b[i];
		double want = (double)st[0].trades * (e.s - e.c_serve);
		repaid += st[0].trades;
		assert_true(fabs(after - before - want) < 1e-6 * (double)st[0].trades + 1e-9 * after);
		before = after;
	}
	assert_true(repaid > 25 * 1000);
	assert_memory_equal(mfg_agents_budgets(a[0]), mfg_agents_budgets(a[1]), n * sizeof(double));
	for (int k = 0; k < 2; k++)
		mfg_agents_free(a[k]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bank_matches),
		cmocka_unit_test(test_loan_matches),
		cmocka_unit_test(test_hard_matches),
		cmocka_unit_test(test_frozen_from_psi),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_period_accounting),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_type_accounting),
		cmocka_unit_test(test_type_accounting_shared_word),
		cmocka_unit_test(test_departures),
		cmocka_unit_test(test_lazy_trades),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
