/* bench_mfg: speed of the mean-field trading market (paper 000). Prints, next to the
 * targets,
 *  1. one equilibrium (grid set-up + the belief iteration from z0 = 1 to |dz| < 1e-7) at
 *     h = 0.01 (4001 nodes) for hard, bank and loan, U[0,5] and U[5,10];
 *  2. the loan equilibrium against the grid: h = 0.02 ... 0.001, and the exponent of
 *     time ~ (1/h)^p fitted over the grid (linear cost: p close to 1);
 *  3. a scan of the parameter box at h = 0.01 (variant x k x alpha x beta x Psi), each
 *     point run through the engine (create, then cournot steps to --tol 1e-7 or 40 steps)
 *     in a child process with a CPU cap; the worst points per step and at creation;
 *  4. the engine (sim + cournot + series, as `taton run --tol 1e-7`);
 *  5. the Monte Carlo population: time per agent-period at 10^6 and 10^7 agents (bank and
 *     loan, started at the stationary law, one thread) and the memory per agent;
 *  6. sweeps through the binary: the k sweep of Figs 5-7 (156 equilibria, --jobs 2), and a
 *     40-run sweep with --jobs 1 against --jobs 2 (the speed-up, bytes compared).
 * CPU and wall time, min / median / max over repeats after a warm-up (bench_util.h); targets
 * are compared with the CPU median and reported, never turned into an exit status.
 * Reference (NumPy solvers of the same discretisation, measured on this machine class, not
 * shipped): 0.12-0.36 s per bank equilibrium, 2.6-5.3 s per loan equilibrium at h = 0.01,
 * 19.7 s at h = 0.002; 160-210 ns per agent-period. */
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/bench_util.h"
#include "core/models/mfg_agents.h"
#include "core/models/mfg_solve.h"
#include "core/models/models.h"
#include "core/sim.h"

static const char *const vname[] = { "hard", "bank", "loan" };

static void die(const char *msg)
{
	fprintf(stderr, "bench_mfg: %s\n", msg);
	exit(1);
}

/* ---- 1, 2: equilibria -------------------------------------------------------------- */

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
		if (!s)
			die(er.msg);
		c->z = mfg_solver_equilibrium(s, 1, 1e-7, 1000, &c->it);
		mfg_solver_free(s);
	}
}

static void bench_solver(void)
{
	printf("1. one equilibrium from z0 = 1 to |dz| < 1e-7, h = 0.01 (4001 nodes), set-up "
	       "included (NumPy: bank 0.12-0.36 s, loan 2.6-5.3 s):\n");
	bench_header();
	for (int v = MFG_HARD; v <= MFG_LOAN; v++)
		for (int p = 0; p < 2; p++) {
			double lo = p ? 5 : 0;
			struct solve c = {
				mfg_econ_section5((enum mfg_variant)v, 7, lo, lo + 5, 0.01), 0, 0};
			struct bench_result r;
			double target = v == MFG_LOAN ? 0.1 : 1e-3;
			char label[64];
			bench_run(&r, solve, &c, 1, 2, v == MFG_LOAN ? 7 : 15);
			snprintf(label, sizeof label, "%s U[%d,%d]", vname[v], p ? 5 : 0,
				 p ? 10 : 5);
			bench_report(label, &r, target);
			printf("  %-30s %d iterations, trade %.3f %%\n", "", c.it, 100 * (1 - c.z));
		}
}

static void bench_grid(void)
{
	static const double hs[] = { 0.02, 0.01, 0.005, 0.002, 0.001 };
	enum { NH = sizeof hs / sizeof hs[0] };
	double t[NH];
	printf("\n2. loan U[0,5] equilibrium against the grid step h (NumPy: 19.7 s at h = "
	       "0.002); target at h = 0.002: 100 ms, and cost linear in 1/h:\n");
	bench_header();
	for (int i = 0; i < NH; i++) {
		struct solve c = { mfg_econ_section5(MFG_LOAN, 7, 0, 5, hs[i]), 0, 0 };
		struct bench_result r;
		char label[64];
		bench_run(&r, solve, &c, 1, 1, hs[i] < 0.002 ? 3 : 5);
		snprintf(label, sizeof label, "h = %g (%.0f nodes)", hs[i], 40 / hs[i] + 1);
		bench_report(label, &r, hs[i] == 0.002 ? 0.1 : 0);
		t[i] = bench_cpu_stat(&r).median;
		printf("  %-30s %d iterations, trade %.3f %%, %.1f ns per node per iteration\n",
		       "", c.it, 100 * (1 - c.z), 1e9 * t[i] / (40 / hs[i] + 1) / c.it);
	}
	/* least squares of log t against log(1/h) */
	double sx = 0, sy = 0, sxx = 0, sxy = 0;
	for (int i = 0; i < NH; i++) {
		double x = log(1 / hs[i]), y = log(t[i]);
		sx += x;
		sy += y;
		sxx += x * x;
		sxy += x * y;
	}
	double p = (NH * sxy - sx * sy) / (NH * sxx - sx * sx);
	printf("  fitted time ~ (1/h)^%.2f over h = %g ... %g (linear: <= 1.2): %s\n", p, hs[0],
	       hs[NH - 1], p <= 1.2 ? "met" : "missed");
}

/* ---- 3: the parameter box ---------------------------------------------------------- */

#define SCAN_CAP 4      /* CPU seconds a point may use before it is stopped */
#define SCAN_STEPS 40

struct point {
	int variant;
	double k, alpha, beta, b0;
	double create, step_max, step_sum; /* CPU seconds */
	int steps, capped, done;
};

static struct params point_params(const struct point *p)
{
	struct params pp;
	struct err e;
	params_init(&pp, mfg_model_ops.params, mfg_model_ops.nparams);
	if (params_set_str(&pp, params_find(&pp, "variant"), vname[p->variant], &e) < 0 ||
	    params_set_num(&pp, params_find(&pp, "k"), p->k, &e) < 0 ||
	    params_set_num(&pp, params_find(&pp, "alpha"), p->alpha, &e) < 0 ||
	    params_set_num(&pp, params_find(&pp, "beta"), p->beta, &e) < 0 ||
	    params_set_num(&pp, params_find(&pp, "b0_max"), p->b0 + 5, &e) < 0 ||
	    params_set_num(&pp, params_find(&pp, "b0_min"), p->b0, &e) < 0)
		die(e.msg);
	return pp;
}

/* CPU seconds of this thread. The child is single-threaded, and its process clock would be
 * read coarsely (at the scheduler's ticks) while RLIMIT_CPU arms a process-wide timer. */
static double thread_cpu(void)
{
	return bench_ts(CLOCK_THREAD_CPUTIME_ID);
}

/* The child: creates the sim and steps it, writing "c T" after creation and "s T" after
 * every step (CPU seconds) to fd. */
static void point_child(const struct point *p, int fd)
{
	FILE *f = fdopen(fd, "w");
	struct params pp = point_params(p);
	struct learn_spec ls;
	struct err e;
	if (!f || learn_parse("cournot", &ls, &e) < 0)
		_exit(1);
	setvbuf(f, NULL, _IONBF, 0);
	double t0 = thread_cpu();
	struct sim *s = sim_new(&mfg_model_ops, &pp, 1, &ls, &e);
	if (!s) {
		fprintf(f, "e %s\n", e.msg);
		_exit(0);
	}
	fprintf(f, "c %.9f\n", thread_cpu() - t0);
	for (int n = 0; n < SCAN_STEPS; n++) {
		t0 = thread_cpu();
		if (sim_step(s, &e) < 0)
			_exit(1);
		fprintf(f, "s %.9f\n", thread_cpu() - t0);
		if (sim_convergence(s) < 1e-7)
			break;
	}
	sim_free(s);
	params_fini(&pp);
	_exit(0);
}

static void run_point(struct point *p)
{
	int fd[2];
	if (pipe(fd) < 0)
		die(strerror(errno));
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		die(strerror(errno));
	if (pid == 0) {
		close(fd[0]);
		struct rlimit rl = { SCAN_CAP, SCAN_CAP + 1 };
		setrlimit(RLIMIT_CPU, &rl);
		point_child(p, fd[1]);
	}
	close(fd[1]);
	FILE *f = fdopen(fd[0], "r");
	char line[512];
	p->create = p->step_max = p->step_sum = 0;
	p->steps = p->done = 0;
	while (fgets(line, sizeof line, f)) {
		double t = atof(line + 2);
		if (line[0] == 'c') {
			p->create = t;
		} else if (line[0] == 's') {
			p->steps++;
			p->step_sum += t;
			if (t > p->step_max)
				p->step_max = t;
		} else if (line[0] == 'e') {
			p->done = -1; /* the point is not a valid economy (an error, not a time) */
		}
	}
	fclose(f);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	p->capped = WIFSIGNALED(status);
	if (!p->capped && p->done == 0)
		p->done = 1;
	if (!p->capped && WIFEXITED(status) && WEXITSTATUS(status) != 0)
		die("a scan point failed");
}

static void print_point(const char *what, const struct point *p)
{
	char a[24], b[24];
	printf("  %-12s %s k=%-4g alpha=%-4g beta=%-5g Psi=U[%g,%g]: create %s, worst step %s "
	       "(%d steps)%s\n", what, vname[p->variant], p->k, p->alpha, p->beta, p->b0,
	       p->b0 + 5, bench_fmt(a, sizeof a, p->create), bench_fmt(b, sizeof b, p->step_max),
	       p->steps, p->capped ? "  STOPPED at the CPU cap" : "");
}

static void bench_scan(void)
{
	static const double ks[] = { 6, 6.5, 7, 7.5, 8, 8.5, 9, 10, 12 };
	static const double alphas[] = { 0.25, 1.1, 3, 10 };
	static const double betas[] = { 0.9, 0.98, 0.995 };
	static const double b0s[] = { 0, 5, 15, 30 };
	enum {
		NK = sizeof ks / sizeof ks[0], NA = sizeof alphas / sizeof alphas[0],
		NB = sizeof betas / sizeof betas[0], NP = sizeof b0s / sizeof b0s[0],
	};
	printf("\n3. parameter box at h = 0.01, bmax = 40: variant {hard, bank, loan} x k "
	       "{6 ... 12} x alpha {0.25 ... 10}\n   x beta {0.9, 0.98, 0.995} x Psi = U[b0, b0 "
	       "+ 5], b0 {0, 5, 15, 30}; cournot from z0 = 1 to --tol 1e-7 or %d steps;\n"
	       "   CPU per point capped at %d s; target: no step above 500 ms\n", SCAN_STEPS,
	       SCAN_CAP);
	struct point worst_step = { 0 }, worst_create = { 0 };
	int npoints = 0, ncapped = 0, nerr = 0;
	double *steps = malloc(3 * NK * NA * NB * NP * sizeof *steps);
	struct bench_clock t0 = bench_start();
	for (int v = MFG_HARD; v <= MFG_LOAN; v++)
		for (int ik = 0; ik < NK; ik++)
			for (int ia = 0; ia < NA; ia++)
				for (int ib = 0; ib < NB; ib++)
					for (int ip = 0; ip < NP; ip++) {
						struct point p = { v, ks[ik], alphas[ia], betas[ib],
								   b0s[ip], 0, 0, 0, 0, 0, 0 };
						run_point(&p);
						if (p.done < 0) {
							nerr++;
							continue;
						}
						steps[npoints++] = p.step_max;
						if (p.capped) {
							ncapped++;
							print_point("capped", &p);
						}
						if (p.capped > worst_step.capped ||
						    (p.capped == worst_step.capped &&
						     p.step_max > worst_step.step_max))
							worst_step = p;
						if (p.create > worst_create.create)
							worst_create = p;
					}
	struct bench_clock d = bench_elapsed(t0);
	struct bench_stat st = bench_stat_of(steps, npoints);
	free(steps);
	char a[24], b[24], c[24];
	printf("  %d points (%d refused as economies), %d stopped at the cap; %.1f s CPU in all\n",
	       npoints, nerr, ncapped, d.cpu);
	printf("  worst step per point: min %s, median %s, max %s\n",
	       bench_fmt(a, sizeof a, st.min), bench_fmt(b, sizeof b, st.median),
	       bench_fmt(c, sizeof c, st.max));
	print_point("worst step", &worst_step);
	print_point("worst create", &worst_create);
	int ok = !worst_step.capped && worst_step.step_max <= 0.5;
	printf("  target 500 ms per step: %s\n", ok ? "met" : "missed");
}

/* ---- 4: the engine ------------------------------------------------------------------ */

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
		    !(s = sim_new(&mfg_model_ops, &p, 1, &ls, &e)))
			die(e.msg);
		for (c->steps = 0; c->steps < 500; c->steps++) {
			if (sim_step(s, &e) < 0)
				die(e.msg);
			if (sim_convergence(s) < 1e-7)
				break;
		}
		sim_free(s);
		params_fini(&p);
	}
}

static void bench_engine(void)
{
	printf("\n4. through the engine (sim, cournot, series; like taton run --tol 1e-7), "
	       "h = 0.01:\n");
	bench_header();
	for (int v = MFG_HARD; v <= MFG_LOAN; v++) {
		struct engine c = {v, 0};
		struct bench_result r;
		double target = v == MFG_LOAN ? 0.1 : 1e-3;
		char label[64];
		bench_run(&r, engine, &c, 1, 1, v == MFG_LOAN ? 5 : 9);
		snprintf(label, sizeof label, "%s U[0,5], %ld steps", vname[v], c.steps + 1);
		bench_report(label, &r, target);
	}
}

/* ---- 5: agents ---------------------------------------------------------------------- */

static double rss_mb(void)
{
	/* current resident set from /proc (ru_maxrss is a peak and never falls) */
	FILE *f = fopen("/proc/self/statm", "r");
	long pages = 0, res = 0;
	if (f) {
		if (fscanf(f, "%ld %ld", &pages, &res) != 2)
			res = 0;
		fclose(f);
	}
	return (double)res * (double)sysconf(_SC_PAGESIZE) / (1 << 20);
}

static void bench_agents(void)
{
#ifdef __GLIBC__
	/* a fixed threshold: every large block is mapped afresh and unmapped when freed, so
	 * the resident set measures each population (glibc otherwise raises the threshold
	 * after a free and serves the next one from pages already resident) */
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
	printf("\n5. Monte Carlo from the stationary law, one thread, time per agent-period "
	       "(NumPy: 160-210 ns); target 5 ns:\n");
	bench_header();
	for (int v = MFG_BANK; v <= MFG_LOAN; v++) {
		struct mfg_econ e = mfg_econ_section5((enum mfg_variant)v, 7, 0, 5, 0.01);
		struct err er;
		struct mfg_solver *s = mfg_solver_new(&e, &er);
		if (!s)
			die(er.msg);
		double z = mfg_solver_equilibrium(s, 1, 1e-9, 1000, NULL);
		double lo[16], hi[16], *law;
		int n = mfg_solver_bid_intervals(s, 0, lo, hi, 16);
		size_t nl = mfg_solver_stationary_ext(s, 0, 0, &law);
		for (size_t N = 1000000; N <= 10000000; N *= 10) {
			double m0 = rss_mb();
			struct mfg_agents *a = mfg_agents_new(&e, N, 1);
			mfg_agents_set_policy(a, 0, lo, hi, n);
			mfg_agents_init_law(a, 0, law, nl, e.h);
			/* warm up: every page touched, and a period's trades are written by the next
			 * one, so each timed period pays for a whole period */
			struct mfg_agents_period st;
			mfg_agents_step(a, &st, NULL, 0);
			mfg_agents_step(a, &st, NULL, 0);
			double mb = rss_mb() - m0;
			const int reps = N > 1000000 ? 5 : 9, periods = N > 1000000 ? 2 : 5;
			double trades = 0, pairs = 0;
			struct bench_result r = {0};
			for (int k = 0; k < reps; k++) {
				struct bench_clock t0 = bench_start();
				for (int p = 0; p < periods; p++) {
					mfg_agents_step(a, &st, NULL, 0);
					trades += (double)st.trades;
					pairs += (double)st.pairs;
				}
				bench_result_add(&r, bench_elapsed(t0),
						 (double)periods * (double)N);
			}
			char label[64];
			snprintf(label, sizeof label, "%s, %zu agents", vname[v], N);
			bench_report(label, &r, 5e-9);
			printf("  %-30s trade ratio %.4f vs 1 - z = %.4f; %.1f MB resident, %.1f "
			       "bytes per agent\n", "", trades / pairs, 1 - z, mb,
			       mb * (1 << 20) / (double)N);
			mfg_agents_free(a);
		}
		free(law);
		mfg_solver_free(s);
	}
}

/* ---- 6: sweeps through the binary ---------------------------------------------------- */

static int sweep_failed; /* a run of taton failed: an error, not a figure */

struct sweep {
	const char *taton, *data, *args, *csv;
	int jobs;
};

static void sweep(void *ctx, long n)
{
	struct sweep *c = ctx;
	for (long k = 0; k < n && !sweep_failed; k++) {
		char cmd[2048];
		snprintf(cmd, sizeof cmd, "'%s' sweep '%s/scenarios/mfg_bank.lua' %s --jobs %d "
			 "--csv '%s'", c->taton, c->data, c->args, c->jobs, c->csv);
		if (system(cmd) != 0) {
			printf("   failed: %s\n", cmd);
			sweep_failed = 1;
		}
	}
}

static void bench_sweep(void)
{
	static const int psi[3][2] = { { 0, 5 }, { 3, 8 }, { 5, 10 } };
	const char *taton = getenv("TATON"), *data = getenv("TATON_DATADIR");
	printf("\n6. sweeps through taton (CPU: the processes together):\n");
	if (!taton || !data) {
		printf("   skipped: TATON and TATON_DATADIR are not set (run through make "
		       "bench)\n");
		return;
	}
	bench_header();
	/* Figs 5-7: one sweep per Psi (--set cannot tie b0_max to b0_min) */
	struct bench_result r = {0};
	for (int rep = 0; rep < 4 && !sweep_failed; rep++) {
		struct bench_clock t0 = bench_start();
		for (int p = 0; p < 3; p++) {
			char args[256];
			snprintf(args, sizeof args, "--vary k=6:8.5:0.1 --vary z0=1,0 --set "
				 "b0_min=%d --set b0_max=%d --set h=0.02 --tol 1e-7 --steps 200",
				 psi[p][0], psi[p][1]);
			struct sweep c = { taton, data, args, "/dev/null", 2 };
			sweep(&c, 1);
		}
		if (rep > 0) /* the first is the warm-up */
			bench_result_add(&r, bench_elapsed(t0), 1);
	}
	if (!sweep_failed)
		bench_report("Figs 5-7: 156 equilibria, -j2", &r, 6);

	/* 40 runs, --jobs 1 against --jobs 2: the speed-up, and the same bytes */
	char f1[] = "/tmp/bench_mfg_j1_XXXXXX", f2[] = "/tmp/bench_mfg_j2_XXXXXX";
	int d1 = mkstemp(f1), d2 = mkstemp(f2);
	if (d1 < 0 || d2 < 0)
		die(strerror(errno));
	close(d1);
	close(d2);
	const char *args40 = "--vary k=6:7.95:0.05 --set h=0.01 --tol 1e-9 --steps 200";
	struct bench_result rj[2];
	for (int j = 0; j < 2; j++) {
		struct sweep c = { taton, data, args40, j ? f2 : f1, j + 1 };
		bench_run(&rj[j], sweep, &c, 1, 1, 7);
		char label[64];
		snprintf(label, sizeof label, "40 runs, --jobs %d", j + 1);
		if (!sweep_failed)
			bench_report(label, &rj[j], 0);
	}
	if (!sweep_failed) {
		struct bench_stat w1 = bench_wall_stat(&rj[0]), w2 = bench_wall_stat(&rj[1]);
		char cmd[256];
		snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", f1, f2);
		int same = system(cmd) == 0;
		printf("  %-30s wall speed-up --jobs 2 / --jobs 1: %.2fx (min), %.2fx (median); "
		       "output %s\n", "", w1.min / w2.min, w1.median / w2.median,
		       same ? "byte-identical" : "DIFFERS");
		if (!same)
			sweep_failed = 1;
	}
	remove(f1);
	remove(f2);
}

int main(int argc, char **argv)
{
	/* optional section numbers to run, e.g. `bench_mfg 2 5` */
	int want[7] = { 0 }, any = 0;
	for (int i = 1; i < argc; i++) {
		int k = atoi(argv[i]);
		if (k >= 1 && k <= 6)
			want[k] = any = 1;
	}
	for (int k = 1; k <= 6; k++)
		if (!any)
			want[k] = 1;
	if (want[1])
		bench_solver();
	if (want[2])
		bench_grid();
	if (want[3])
		bench_scan();
	if (want[4])
		bench_engine();
	if (want[5])
		bench_agents();
	if (want[6])
		bench_sweep();
	printf("bench_mfg: CPU medians against the targets; figures, not a test\n");
	return sweep_failed;
}
