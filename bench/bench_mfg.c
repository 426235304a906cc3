/* bench_mfg: speed of the mean-field trading market (paper 000). Prints, next to the
 * targets,
 *  1. one equilibrium (grid set-up + the belief iteration from z0 = 1 to |dz| < 1e-7) at
 *     h = 0.01 (4001 nodes) for hard, bank and loan, U[0,5] and U[5,10]: median wall time;
 *  2. the same through the engine (sim + cournot + series, as `taton run --tol 1e-7`);
 *  3. the Monte Carlo population: ns per agent-period at 1,000,000 agents (bank and loan,
 *     started at the stationary law, one thread) and the process's peak resident memory;
 *  4. the k sweep of Figs 5-7 with `taton sweep --jobs 2`: 26 values of k x 3 Psi x 2
 *     starts = 156 equilibria at h = 0.02 (one sweep per Psi: --set cannot tie b0_max to
 *     b0_min), total wall time.
 * Reference (NumPy): 0.12-0.36 s per bank solve, 2.6-5.3 s per loan solve, 160-210 ns per
 * agent-period. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bench/bench_util.h"
#include "core/models/mfg_agents.h"
#include "core/models/mfg_solve.h"
#include "core/models/models.h"
#include "core/sim.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *t, int n)
{
	qsort(t, (size_t)n, sizeof *t, cmp_double);
	return n % 2 ? t[n / 2] : 0.5 * (t[n / 2 - 1] + t[n / 2]);
}

static const char *const vname[] = { "hard", "bank", "loan" };

static int bench_solver(void)
{
	int ok = 1;
	printf("1. one equilibrium from z0 = 1 to |dz| < 1e-7, h = 0.01 (4001 nodes), median:\n");
	for (int v = MFG_HARD; v <= MFG_LOAN; v++)
		for (int p = 0; p < 2; p++) {
			double lo = p ? 5 : 0;
			struct mfg_econ e =
				mfg_econ_section5((enum mfg_variant)v, 7, lo, lo + 5, 0.01);
			int reps = v == MFG_LOAN ? 5 : 15, it = 0;
			double t[15], z = 0;
			for (int r = 0; r < reps; r++) {
				struct err er;
				double t0 = bench_now();
				struct mfg_solver *s = mfg_solver_new(&e, &er);
				z = mfg_solver_equilibrium(s, 1, 1e-7, 1000, &it);
				t[r] = bench_now() - t0;
				mfg_solver_free(s);
			}
			double m = median(t, reps) * 1e3;
			double target = v == MFG_LOAN ? 100 : 10;
			printf("   %-4s U[%d,%d]: %7.2f ms  (target <= %3.0f ms; NumPy %s)  "
			       "%2d iterations, trade %.3f %%\n",
			       vname[v], p ? 5 : 0, p ? 10 : 5, m, target,
			       v == MFG_LOAN ? "2.6-5.3 s" : v == MFG_BANK ? "0.12-0.36 s" : "-", it,
			       100 * (1 - z));
			if (m > target)
				ok = 0;
		}
	return ok;
}

static int bench_engine(void)
{
	printf("2. through the engine (sim, cournot, series; like taton run --tol 1e-7), "
	       "median:\n");
	int ok = 1;
	for (int v = MFG_HARD; v <= MFG_LOAN; v++) {
		double t[9];
		long steps = 0;
		int reps = v == MFG_LOAN ? 5 : 9;
		for (int r = 0; r < reps; r++) {
			struct params p;
			struct err e;
			struct learn_spec ls;
			params_init(&p, mfg_model_ops.params, mfg_model_ops.nparams);
			params_set_str(&p, params_find(&p, "variant"), vname[v], &e);
			learn_parse("cournot", &ls, &e);
			double t0 = bench_now();
			struct sim *s = sim_new(&mfg_model_ops, &p, 1, &ls, &e);
			if (!s) {
				fprintf(stderr, "bench_mfg: %s\n", e.msg);
				exit(1);
			}
			for (steps = 0; steps < 500; steps++) {
				sim_step(s, &e);
				if (sim_convergence(s) < 1e-7)
					break;
			}
			t[r] = bench_now() - t0;
			sim_free(s);
			params_fini(&p);
		}
		double m = median(t, reps) * 1e3, target = v == MFG_LOAN ? 100 : 10;
		printf("   %-4s U[0,5]: %7.2f ms  (target <= %3.0f ms)  %ld steps\n", vname[v], m,
		       target, steps + 1);
		if (m > target)
			ok = 0;
	}
	return ok;
}

static int bench_agents(void)
{
	printf("3. Monte Carlo, 1,000,000 agents from the stationary law, one thread:\n");
	int ok = 1;
	for (int v = MFG_BANK; v <= MFG_LOAN; v++) {
		struct mfg_econ e = mfg_econ_section5((enum mfg_variant)v, 7, 0, 5, 0.01);
		struct err er;
		struct mfg_solver *s = mfg_solver_new(&e, &er);
		double z = mfg_solver_equilibrium(s, 1, 1e-9, 1000, NULL);
		double lo[16], hi[16], *law;
		int n = mfg_solver_bid_intervals(s, 0, lo, hi, 16);
		size_t nl = mfg_solver_stationary_ext(s, 0, 0, &law);
		size_t N = 1000000;
		struct mfg_agents *a = mfg_agents_new(&e, N, 1);
		mfg_agents_set_policy(a, 0, lo, hi, n);
		mfg_agents_init_law(a, 0, law, nl, e.h);
		free(law);
		struct mfg_agents_period st;
		mfg_agents_step(a, &st, NULL, 0); /* warm up */
		int periods = 40;
		double trades = 0, pairs = 0, t0 = bench_now();
		for (int p = 0; p < periods; p++) {
			mfg_agents_step(a, &st, NULL, 0);
			trades += (double)st.trades;
			pairs += (double)st.pairs;
		}
		double ns = (bench_now() - t0) / periods / (double)N * 1e9;
		printf("   %-4s: %6.2f ns per agent-period  (target <= 20 ns; NumPy 160-210 ns)  "
		       "trade ratio %.4f vs 1 - z = %.4f\n",
		       vname[v], ns, trades / pairs, 1 - z);
		if (ns > 20)
			ok = 0;
		mfg_agents_free(a);
		mfg_solver_free(s);
	}
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	double mb = (double)ru.ru_maxrss / 1024;
	printf("   peak resident memory of this process: %.1f MB  (target <= 64 MB)\n", mb);
	if (mb > 64)
		ok = 0;
	return ok;
}

static int bench_sweep(void)
{
	const char *taton = getenv("TATON"), *data = getenv("TATON_DATADIR");
	printf("4. k sweep (Figs 5-7): taton sweep --jobs 2, 26 k x 3 Psi x 2 starts = 156 "
	       "equilibria, h = 0.02:\n");
	if (!taton || !data) {
		printf("   skipped: TATON and TATON_DATADIR are not set (run through make bench)\n");
		return 1;
	}
	const int psi[3][2] = { { 0, 5 }, { 3, 8 }, { 5, 10 } };
	double t0 = bench_now();
	for (int p = 0; p < 3; p++) {
		char cmd[2048];
		snprintf(cmd, sizeof cmd,
			 "'%s' sweep '%s/scenarios/mfg_bank.lua' --vary k=6:8.5:0.1 --vary z0=1,0 "
			 "--set b0_min=%d --set b0_max=%d --set h=0.02 --tol 1e-7 --steps 200 "
			 "--jobs 2 --csv /dev/null",
			 taton, data, psi[p][0], psi[p][1]);
		if (system(cmd) != 0) {
			printf("   failed: %s\n", cmd);
			return 0;
		}
	}
	double t = bench_now() - t0;
	printf("   %.2f s for 156 equilibria  (target <= 3 s)\n", t);
	return t <= 3;
}

int main(void)
{
	int ok = bench_solver();
	ok &= bench_engine();
	ok &= bench_agents();
	ok &= bench_sweep();
	printf("bench_mfg: %s\n", ok ? "all targets met" : "SOME TARGETS MISSED");
	return 0;
}
