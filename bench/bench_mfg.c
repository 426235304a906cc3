/* bench_mfg: speed of the mean-field trading market (paper 000). Prints, next to the
 * targets,
 *  1. one equilibrium (grid set-up + the belief iteration from z0 = 1 to |dz| < 1e-7) at
 *     h = 0.01 (4001 nodes) for hard, bank and loan, U[0,5] and U[5,10];
 *  2. the same through the engine (sim + cournot + series, as `taton run --tol 1e-7`);
 *  3. the Monte Carlo population: time per agent-period at 1,000,000 agents (bank and loan,
 *     started at the stationary law, one thread) and the process's peak resident memory;
 *  4. the k sweep of Figs 5-7 with `taton sweep --jobs 2`: 26 values of k x 3 Psi x 2
 *     starts = 156 equilibria at h = 0.02 (one sweep per Psi: --set cannot tie b0_max to
 *     b0_min); its CPU time is that of the child processes.
 * CPU and wall time, min / median / max over repeats after a warm-up (bench_util.h); targets
 * are compared with the CPU median and reported, never turned into an exit status.
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

static const char *const vname[] = { "hard", "bank", "loan" };

static int met(const struct bench_result *r, double target)
{
	return bench_cpu_stat(r).median <= target;
}

struct solve {
	struct mfg_econ e;
	int it;
	double z;
};

static void solve(void *ctx, long n)
{
	struct solve *c = ctx;
	for (long k = 0; k < n; k++) {
		struct err er;
		struct mfg_solver *s = mfg_solver_new(&c->e, &er);
		if (!s) {
			fprintf(stderr, "bench_mfg: %s\n", er.msg);
			exit(1);
		}
		c->z = mfg_solver_equilibrium(s, 1, 1e-7, 1000, &c->it);
		mfg_solver_free(s);
	}
}

static int bench_solver(void)
{
	int ok = 1;
	printf("1. one equilibrium from z0 = 1 to |dz| < 1e-7, h = 0.01 (4001 nodes) "
	       "(NumPy: bank 0.12-0.36 s, loan 2.6-5.3 s):\n");
	bench_header();
	for (int v = MFG_HARD; v <= MFG_LOAN; v++)
		for (int p = 0; p < 2; p++) {
			double lo = p ? 5 : 0;
			struct solve c = {
				mfg_econ_section5((enum mfg_variant)v, 7, lo, lo + 5, 0.01), 0, 0};
			struct bench_result r;
			double target = v == MFG_LOAN ? 0.1 : 0.01;
			char label[64];
			bench_run(&r, solve, &c, 1, 1, v == MFG_LOAN ? 5 : 15);
			snprintf(label, sizeof label, "%s U[%d,%d]", vname[v], p ? 5 : 0,
				 p ? 10 : 5);
			bench_report(label, &r, target);
			printf("  %-30s %d iterations, trade %.3f %%\n", "", c.it, 100 * (1 - c.z));
			ok &= met(&r, target);
		}
	return ok;
}

struct engine {
	int variant;
	long steps;
};

static void engine(void *ctx, long n)
{
	struct engine *c = ctx;
	for (long k = 0; k < n; k++) {
		struct params p;
		struct err e;
		struct learn_spec ls;
		struct sim *s = NULL;
		params_init(&p, mfg_model_ops.params, mfg_model_ops.nparams);
		if (params_set_str(&p, params_find(&p, "variant"), vname[c->variant], &e) < 0 ||
		    learn_parse("cournot", &ls, &e) < 0 ||
		    !(s = sim_new(&mfg_model_ops, &p, 1, &ls, &e))) {
			fprintf(stderr, "bench_mfg: %s\n", e.msg);
			exit(1);
		}
		for (c->steps = 0; c->steps < 500; c->steps++) {
			if (sim_step(s, &e) < 0) {
				fprintf(stderr, "bench_mfg: %s\n", e.msg);
				exit(1);
			}
			if (sim_convergence(s) < 1e-7)
				break;
		}
		sim_free(s);
		params_fini(&p);
	}
}

static int bench_engine(void)
{
	printf("2. through the engine (sim, cournot, series; like taton run --tol 1e-7):\n");
	bench_header();
	int ok = 1;
	for (int v = MFG_HARD; v <= MFG_LOAN; v++) {
		struct engine c = {v, 0};
		struct bench_result r;
		double target = v == MFG_LOAN ? 0.1 : 0.01;
		char label[64];
		bench_run(&r, engine, &c, 1, 1, v == MFG_LOAN ? 5 : 9);
		snprintf(label, sizeof label, "%s U[0,5], %ld steps", vname[v], c.steps + 1);
		bench_report(label, &r, target);
		ok &= met(&r, target);
	}
	return ok;
}

static int bench_agents(void)
{
	printf("3. Monte Carlo, 1,000,000 agents from the stationary law, one thread, time per "
	       "agent-period (NumPy: 160-210 ns):\n");
	bench_header();
	int ok = 1;
	for (int v = MFG_BANK; v <= MFG_LOAN; v++) {
		struct mfg_econ e = mfg_econ_section5((enum mfg_variant)v, 7, 0, 5, 0.01);
		struct err er;
		struct mfg_solver *s = mfg_solver_new(&e, &er);
		if (!s) {
			fprintf(stderr, "bench_mfg: %s\n", er.msg);
			exit(1);
		}
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
		const int reps = 8, periods = 5;
		double trades = 0, pairs = 0;
		struct bench_result r = {0};
		for (int k = 0; k < reps; k++) {
			struct bench_clock t0 = bench_start();
			for (int p = 0; p < periods; p++) {
				mfg_agents_step(a, &st, NULL, 0);
				trades += (double)st.trades;
				pairs += (double)st.pairs;
			}
			bench_result_add(&r, bench_elapsed(t0), (double)periods * (double)N);
		}
		bench_report(vname[v], &r, 20e-9);
		printf("  %-30s trade ratio %.4f vs 1 - z = %.4f\n", "", trades / pairs, 1 - z);
		ok &= met(&r, 20e-9);
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

struct sweep {
	const char *taton, *data;
	int failed;
};

static int sweep_failed; /* a run of taton failed: an error, not a figure */

static void sweep(void *ctx, long n)
{
	static const int psi[3][2] = { { 0, 5 }, { 3, 8 }, { 5, 10 } };
	struct sweep *c = ctx;
	for (long k = 0; k < n; k++)
		for (int p = 0; p < 3 && !c->failed; p++) {
			char cmd[2048];
			snprintf(cmd, sizeof cmd,
				 "'%s' sweep '%s/scenarios/mfg_bank.lua' --vary k=6:8.5:0.1 "
				 "--vary z0=1,0 --set b0_min=%d --set b0_max=%d --set h=0.02 "
				 "--tol 1e-7 --steps 200 --jobs 2 --csv /dev/null",
				 c->taton, c->data, psi[p][0], psi[p][1]);
			if (system(cmd) != 0) {
				printf("   failed: %s\n", cmd);
				c->failed = 1;
			}
		}
}

static int bench_sweep(void)
{
	struct sweep c = { getenv("TATON"), getenv("TATON_DATADIR"), 0 };
	printf("4. k sweep (Figs 5-7): taton sweep --jobs 2, 26 k x 3 Psi x 2 starts = 156 "
	       "equilibria, h = 0.02 (CPU: both jobs together):\n");
	if (!c.taton || !c.data) {
		printf("   skipped: TATON and TATON_DATADIR are not set (run through "
		       "make bench)\n");
		return 1;
	}
	bench_header();
	struct bench_result r;
	/* the target was 3 s of wall time with two jobs, i.e. 6 s of CPU time */
	bench_run(&r, sweep, &c, 1, 1, 3);
	if (c.failed) {
		sweep_failed = 1;
		return 0;
	}
	bench_report("156 equilibria", &r, 6);
	return met(&r, 6);
}

int main(void)
{
	int ok = bench_solver();
	ok &= bench_engine();
	ok &= bench_agents();
	ok &= bench_sweep();
	printf("bench_mfg: %s (CPU medians; figures, not a test)\n",
	       ok ? "all targets met" : "some targets missed");
	return sweep_failed;
}
