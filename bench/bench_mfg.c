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
 *  6. sweeps through the binary: the k sweep of Figs 5-7 (156 equilibria, --jobs 2); a 40-run
 *     sweep with --jobs 1 against --jobs 2 (the speed-up, bytes compared); the 201-run k
 *     sweep with --jobs 1 and 16, and its solves alone in this process. For each sweep with
 *     jobs, the CPU of taton's own process (the coordinator: start-up, scenario check, forks,
 *     gathering, writing) apart from its workers', read from /proc/PID/schedstat before the
 *     process is reaped; from these the serial fraction, the Amdahl bound, and an estimate
 *     of the speed-up on as many free cores as jobs (the Amdahl time, plus what a worker
 *     costs beyond its runs, measured with 2 jobs, plus the longest run as the tail dynamic
 *     distribution may leave).
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
	const char *taton, *data;
	const char *args[16]; /* the options before --jobs (NULL-terminated) */
	const char *csv;
	int jobs;
};

/* The CPU seconds a process that has ended (not yet reaped) spent itself, without its
 * children; NAN where /proc does not say. */
static double own_cpu(pid_t pid)
{
	char path[64];
	unsigned long long ns = 0;
	snprintf(path, sizeof path, "/proc/%ld/schedstat", (long)pid);
	FILE *f = fopen(path, "r");
	int ok = f && fscanf(f, "%llu", &ns) == 1;
	if (f)
		fclose(f);
	return ok ? 1e-9 * (double)ns : NAN;
}

/* Runs the sweep once (taton started directly, no shell); returns the CPU time of taton's
 * own process, the coordinator (its workers are counted by bench_cpu once reaped). */
static double sweep_once(const struct sweep *c)
{
	char scn[1024], jobs[16];
	const char *argv[32];
	int n = 0;
	snprintf(scn, sizeof scn, "%s/scenarios/mfg_bank.lua", c->data);
	snprintf(jobs, sizeof jobs, "%d", c->jobs);
	argv[n++] = c->taton;
	argv[n++] = "sweep";
	argv[n++] = scn;
	for (int i = 0; c->args[i]; i++)
		argv[n++] = c->args[i];
	argv[n++] = "--jobs";
	argv[n++] = jobs;
	argv[n++] = "--csv";
	argv[n++] = c->csv;
	argv[n] = NULL;
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		die(strerror(errno));
	if (pid == 0) {
		execv(c->taton, (char *const *)argv);
		_exit(127);
	}
	siginfo_t si;
	while (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) < 0 && errno == EINTR)
		;
	double self = own_cpu(pid);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		printf("   failed: taton sweep ... --jobs %d (status %d)\n", c->jobs, status);
		sweep_failed = 1;
	}
	return self;
}

/* Repeats of one sweep: wall and CPU of all its processes, and the coordinator's CPU. */
struct sweep_fig {
	struct bench_result r;
	double self[BENCH_MAX_REPS];
};

/* Measures the sweeps c[0 .. n) in turns, `reps` times each after one warm-up each, so a
 * change in the machine's load falls on all of them alike. */
static void sweep_measure(struct sweep_fig *f, const struct sweep *c, int n, int reps)
{
	memset(f, 0, (size_t)n * sizeof *f);
	for (int k = 0; k < n; k++)
		sweep_once(&c[k]); /* warm-up */
	for (int i = 0; i < reps && !sweep_failed; i++)
		for (int k = 0; k < n && !sweep_failed; k++) {
			struct bench_clock t0 = bench_start();
			f[k].self[i] = sweep_once(&c[k]);
			bench_result_add(&f[k].r, bench_elapsed(t0), 1);
		}
}

static double min_of(const double *v, int n)
{
	double m = v[0];
	for (int i = 1; i < n; i++)
		m = v[i] < m ? v[i] : m;
	return m;
}

static int same_bytes(const char *a, const char *b)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", a, b);
	return system(cmd) == 0;
}

/* The solves of the 201-run sweep alone, in this process: each run as taton runs it
 * (mfg_bank's parameters, cournot from z0 = 1, at most 100 steps, stopping below 1e-9), the
 * minimum CPU time of each over `reps` passes. Returns their sum; *longest the longest. */
static double solves_201(double *cost, int reps, double *longest)
{
	static const struct { const char *name, *value; } bank[] = {
		{ "variant", "bank" }, { "s", "8" },  { "c_serve", "6" }, { "c_lose", "0.5" },
		{ "alpha", "1.1" },   { "beta", "0.98" }, { "p_s", "0.5" }, { "b0_min", "0" },
		{ "b0_max", "5" },    { "z0", "1" },   { "h", "0.01" },  { "bmax", "40" },
	};
	for (int i = 0; i < 201; i++)
		cost[i] = INFINITY;
	for (int rep = 0; rep < reps; rep++)
		for (int i = 0; i < 201; i++) {
			struct params p;
			struct err e;
			struct learn_spec ls;
			struct sim *sm = NULL;
			double t0 = bench_ts(CLOCK_PROCESS_CPUTIME_ID);
			params_init(&p, mfg_model_ops.params, mfg_model_ops.nparams);
			for (size_t k = 0; k < sizeof bank / sizeof bank[0]; k++)
				if (params_set_str(&p, params_find(&p, bank[k].name), bank[k].value,
						   &e) < 0)
					die(e.msg);
			if (params_set_num(&p, params_find(&p, "k"), 6 + 0.01 * i, &e) < 0 ||
			    learn_parse("cournot", &ls, &e) < 0 ||
			    !(sm = sim_new(&mfg_model_ops, &p, 1, &ls, &e)))
				die(e.msg);
			for (int step = 0; step < 100; step++) {
				if (sim_step(sm, &e) < 0)
					die(e.msg);
				if (sim_convergence(sm) < 1e-9)
					break;
			}
			sim_free(sm);
			params_fini(&p);
			double t = bench_ts(CLOCK_PROCESS_CPUTIME_ID) - t0;
			if (t < cost[i])
				cost[i] = t;
		}
	double sum = 0;
	*longest = 0;
	for (int i = 0; i < 201; i++) {
		sum += cost[i];
		if (cost[i] > *longest)
			*longest = cost[i];
	}
	return sum;
}

/* One line of a sweep's figures: the coordinator's CPU against all of it. */
static void report_split(const char *label, const struct sweep_fig *f)
{
	char a[24], b[24];
	double self = min_of(f->self, f->r.reps), all = bench_cpu_stat(&f->r).min;
	printf("  %-30s %s%sCPU minima: coordinator %s, workers %s\n", "", label,
	       *label ? ": " : "", bench_fmt(a, sizeof a, self), bench_fmt(b, sizeof b, all - self));
}

/* Amdahl for m jobs on m free cores, from CPU minima over the repeats (the least disturbed
 * by other load on a shared machine): t1 the one-job CPU; s the coordinator's CPU with m
 * jobs, all counted as serial (its start-up, check and forks are; its wait is not CPU); the
 * rest, t1 - s, shared out; plus o, the CPU a worker costs beyond its runs (fork, copied
 * pages, teardown: measured with 2 jobs, where the machine is not oversubscribed); and, for
 * the pessimistic figure, the longest run as the tail dynamic distribution may leave. */
static void report_amdahl(int m, double t1, double s, double o, double tail, double target)
{
	double f = s / t1, amdahl = 1 / (f + (1 - f) / m);
	double est = t1 / (s + (t1 - s) / m + o), worst = t1 / (s + (t1 - s) / m + o + tail);
	printf("  %-30s serial fraction %.1f %%: Amdahl bound for %d jobs %.1fx; with a worker's "
	       "own cost %.1f ms %.1fx, and the longest run as tail %.1fx", "", 100 * f, m,
	       amdahl, 1e3 * o, est, worst);
	if (target > 0)
		printf("; target %.1fx: %s", target, worst >= target ? "met" : est >= target ?
		       "met without the tail" : "missed");
	putchar('\n');
}

/* The CPU a worker costs beyond its runs: what --jobs 2's workers spend beyond the runs of
 * the one-job process (t1 less the coordinator's s2), per worker. */
static double worker_cost(const struct sweep_fig *one, const struct sweep_fig *two)
{
	double t1 = bench_cpu_stat(&one->r).min, s2 = min_of(two->self, two->r.reps);
	double w2 = bench_cpu_stat(&two->r).min - s2, o = (w2 - (t1 - s2)) / 2;
	return o > 0 ? o : 0;
}

/* Figs 5-7: one sweep per Psi (--set cannot tie b0_max to b0_min) */
static void bench_figs(const char *taton, const char *data)
{
	static const char *const psi[3][2] = { { "b0_min=0", "b0_max=5" },
					       { "b0_min=3", "b0_max=8" },
					       { "b0_min=5", "b0_max=10" } };
	struct bench_result r = {0};
	for (int rep = 0; rep < 4 && !sweep_failed; rep++) {
		struct bench_clock t0 = bench_start();
		for (int p = 0; p < 3; p++) {
			struct sweep c = { taton, data, { "--vary", "k=6:8.5:0.1", "--vary",
				"z0=1,0", "--set", psi[p][0], "--set", psi[p][1], "--set", "h=0.02",
				"--tol", "1e-7", "--steps", "200", NULL }, "/dev/null", 2 };
			sweep_once(&c);
		}
		if (rep > 0) /* the first is the warm-up */
			bench_result_add(&r, bench_elapsed(t0), 1);
	}
	if (!sweep_failed)
		bench_report("Figs 5-7: 156 equilibria, -j2", &r, 6);
}

/* 40 runs, --jobs 1 against --jobs 2: the speed-up, its Amdahl bound, and the same bytes */
static void bench_40(const char *taton, const char *data, const char *f1, const char *f2)
{
	struct sweep_fig fig[2];
	struct sweep c[2];
	for (int j = 0; j < 2; j++)
		c[j] = (struct sweep){ taton, data, { "--vary", "k=6:7.95:0.05", "--set", "h=0.01",
			"--tol", "1e-9", "--steps", "200", NULL }, j ? f2 : f1, j + 1 };
	sweep_measure(fig, c, 2, 9);
	for (int j = 0; j < 2 && !sweep_failed; j++) {
		char label[64];
		snprintf(label, sizeof label, "40 runs, --jobs %d", j + 1);
		bench_report(label, &fig[j].r, 0);
	}
	if (sweep_failed)
		return;
	struct bench_stat w1 = bench_wall_stat(&fig[0].r), w2 = bench_wall_stat(&fig[1].r);
	int same = same_bytes(f1, f2);
	report_split("--jobs 2", &fig[1]);
	printf("  %-30s wall speed-up --jobs 2 / --jobs 1: %.2fx (min), %.2fx (median); output "
	       "%s\n", "", w1.min / w2.min, w1.median / w2.median,
	       same ? "byte-identical" : "DIFFERS");
	double t1 = bench_cpu_stat(&fig[0].r).min, s = min_of(fig[1].self, fig[1].r.reps);
	report_amdahl(2, t1, s, worker_cost(&fig[0], &fig[1]), 0, 1.8);
	if (!same)
		sweep_failed = 1;
}

/* The 201-run sweep of k = 6 ... 8: --jobs 1, 2 and 16, and the solves alone (on fewer
 * cores than 16 the wall time of --jobs 16 says nothing; its coordinator's CPU and its
 * bytes do). */
static void bench_201(const char *taton, const char *data, const char *f1, const char *f2)
{
	struct sweep_fig fig[3];
	struct sweep c[3];
	static const int jobs[3] = { 1, 2, 16 };
	for (int j = 0; j < 3; j++)
		c[j] = (struct sweep){ taton, data, { "--vary", "k=6:8:0.01", "--set", "h=0.01",
			"--tol", "1e-9", NULL }, j == 2 ? f2 : f1, jobs[j] };
	sweep_measure(fig, c, 3, 5);
	for (int j = 0; j < 3 && !sweep_failed; j++) {
		char label[64];
		snprintf(label, sizeof label, "201 runs, --jobs %d", jobs[j]);
		bench_report(label, &fig[j].r, 0);
	}
	if (sweep_failed)
		return;
	double cost[201], longest, t1 = bench_cpu_stat(&fig[0].r).min;
	double solves = solves_201(cost, 3, &longest);
	char a[24], b[24], d[24];
	int same = same_bytes(f1, f2);
	printf("  %-30s --jobs 1 (CPU minimum): the solves alone (in-process, each run's minimum "
	       "of 3) %s = %.0f %%; start-up, scenario loads, CSV and the rest %s; longest run "
	       "%s\n", "",
	       bench_fmt(a, sizeof a, solves), 100 * solves / t1, t1 > solves ?
	       bench_fmt(b, sizeof b, t1 - solves) : "unknown (the load changed: rerun)",
	       bench_fmt(d, sizeof d, longest));
	report_split("--jobs 2", &fig[1]);
	report_split("--jobs 16", &fig[2]);
	printf("  %-30s --jobs 16 output %s\n", "", same ? "byte-identical to --jobs 1" :
	       "DIFFERS from --jobs 1");
	double s = min_of(fig[2].self, fig[2].r.reps);
	report_amdahl(16, t1, s, worker_cost(&fig[0], &fig[1]), longest, 12);
	if (!same)
		sweep_failed = 1;
}

static void bench_sweep(void)
{
	const char *taton = getenv("TATON"), *data = getenv("TATON_DATADIR");
	printf("\n6. sweeps through taton (CPU: the processes together; the coordinator is "
	       "taton's own process):\n");
	if (!taton || !data) {
		printf("   skipped: TATON and TATON_DATADIR are not set (run through make "
		       "bench)\n");
		return;
	}
	bench_header();
	bench_figs(taton, data);
	char f1[] = "/tmp/bench_mfg_j1_XXXXXX", f2[] = "/tmp/bench_mfg_j2_XXXXXX";
	int d1 = mkstemp(f1), d2 = mkstemp(f2);
	if (d1 < 0 || d2 < 0)
		die(strerror(errno));
	close(d1);
	close(d2);
	if (!sweep_failed)
		bench_40(taton, data, f1, f2);
	if (!sweep_failed)
		bench_201(taton, data, f1, f2);
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
