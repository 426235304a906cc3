/* bench_util: the timing helpers every bench program shares (header only: each bench is one
 * program, and `make bench` builds them outside `make check`).
 *
 * A measurement is a number of repeats; each repeat yields the wall time (CLOCK_MONOTONIC)
 * and the CPU time of this process (CLOCK_PROCESS_CPUTIME_ID), plus that of the child
 * processes it waited for (getrusage RUSAGE_CHILDREN, for benches that run `taton`). The
 * report gives min / median / max of each over the repeats. CPU time is the figure to
 * compare: the machine may be shared, so wall time is printed for information and no bench
 * passes or fails on it. A target is compared with the CPU median and reported as met or
 * missed, never turned into an exit status.
 *
 * Typical use:
 *     static void work(void *ctx, long n) { for (long i = 0; i < n; i++) ...; }
 *     struct bench_result r;
 *     long n = bench_calibrate(work, ctx, 0.02);   // also warms up
 *     bench_run(&r, work, ctx, n, 1, 7);           // 1 warm-up run, 7 timed repeats
 *     bench_report("one round", &r, 2e-6);         // per call; target 2 us of CPU
 * or, when only part of each repeat is to be timed, bench_start / bench_elapsed /
 * bench_result_add by hand. Neighbours: bench/bench_*.c. */
#ifndef TATON_BENCH_UTIL_H
#define TATON_BENCH_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#define BENCH_MAX_REPS 64

/* Wall and CPU seconds: a point in time (bench_start) or a duration (bench_elapsed). */
struct bench_clock {
	double wall, cpu;
};

/* Min / median / max of one quantity over the repeats. */
struct bench_stat {
	double min, median, max;
};

/* The repeats of one measurement, each already divided by its unit count. */
struct bench_result {
	int reps;
	double wall[BENCH_MAX_REPS], cpu[BENCH_MAX_REPS];
};

static inline double bench_ts(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Wall-clock seconds from an arbitrary origin. */
static inline double bench_now(void)
{
	return bench_ts(CLOCK_MONOTONIC);
}

/* CPU seconds of this process (all threads) and of its waited-for children. */
static inline double bench_cpu(void)
{
	struct rusage ru;
	double c = bench_ts(CLOCK_PROCESS_CPUTIME_ID);
	if (getrusage(RUSAGE_CHILDREN, &ru) == 0)
		c += (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec +
		     (double)ru.ru_stime.tv_sec + 1e-6 * (double)ru.ru_stime.tv_usec;
	return c;
}

static inline struct bench_clock bench_start(void)
{
	struct bench_clock c = { bench_now(), bench_cpu() };
	return c;
}

/* The time since `t0` (a value of bench_start). */
static inline struct bench_clock bench_elapsed(struct bench_clock t0)
{
	struct bench_clock c = { bench_now() - t0.wall, bench_cpu() - t0.cpu };
	return c;
}

/* Records one repeat that took `d` for `units` units of work (per-unit times are kept). */
static inline void bench_result_add(struct bench_result *r, struct bench_clock d, double units)
{
	if (r->reps >= BENCH_MAX_REPS)
		return;
	r->wall[r->reps] = d.wall / units;
	r->cpu[r->reps] = d.cpu / units;
	r->reps++;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Min, median and max of v[0..n) (n >= 1); v is left sorted. */
static inline struct bench_stat bench_stat_of(double *v, int n)
{
	struct bench_stat s = { 0, 0, 0 };
	if (n < 1)
		return s;
	qsort(v, (size_t)n, sizeof *v, bench_cmp_double);
	s.min = v[0];
	s.max = v[n - 1];
	s.median = n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
	return s;
}

static inline struct bench_stat bench_cpu_stat(const struct bench_result *r)
{
	double v[BENCH_MAX_REPS];
	for (int i = 0; i < r->reps; i++)
		v[i] = r->cpu[i];
	return bench_stat_of(v, r->reps);
}

static inline struct bench_stat bench_wall_stat(const struct bench_result *r)
{
	double v[BENCH_MAX_REPS];
	for (int i = 0; i < r->reps; i++)
		v[i] = r->wall[i];
	return bench_stat_of(v, r->reps);
}

/* Runs fn(ctx, n) `warmup` times untimed, then `reps` (<= BENCH_MAX_REPS) times timed;
 * r gets per-call times (each repeat divided by n). */
static inline void bench_run(struct bench_result *r, void (*fn)(void *ctx, long n), void *ctx,
			     long n, int warmup, int reps)
{
	r->reps = 0;
	for (int i = 0; i < warmup; i++)
		fn(ctx, n);
	for (int i = 0; i < reps && i < BENCH_MAX_REPS; i++) {
		struct bench_clock t0 = bench_start();
		fn(ctx, n);
		bench_result_add(r, bench_elapsed(t0), (double)n);
	}
}

/* The smallest power of two n for which fn(ctx, n) takes at least min_sec of CPU time (at
 * most 2^30). The calls it makes serve as the warm-up. */
static inline long bench_calibrate(void (*fn)(void *ctx, long n), void *ctx, double min_sec)
{
	long n = 1;
	for (;;) {
		struct bench_clock t0 = bench_start();
		fn(ctx, n);
		if (bench_elapsed(t0).cpu >= min_sec || n >= (1L << 30))
			return n;
		n *= 2;
	}
}

/* A duration with a readable unit ("3.12 us") into buf; returns buf. */
static inline const char *bench_fmt(char *buf, size_t size, double sec)
{
	if (sec < 1e-6)
		snprintf(buf, size, "%.3g ns", sec * 1e9);
	else if (sec < 1e-3)
		snprintf(buf, size, "%.3g us", sec * 1e6);
	else if (sec < 1)
		snprintf(buf, size, "%.3g ms", sec * 1e3);
	else
		snprintf(buf, size, "%.3g s", sec);
	return buf;
}

/* One line: LABEL, CPU and wall min / median / max per unit, the number of repeats, and,
 * when target > 0, whether the CPU median meets it. */
static inline void bench_report(const char *label, const struct bench_result *r, double target)
{
	struct bench_stat c = bench_cpu_stat(r), w = bench_wall_stat(r);
	char a[24], b[24], d[24], e[24], f[24], g[24], t[24];
	printf("  %-30s cpu %9s %9s %9s   wall %9s %9s %9s  (%d)", label,
	       bench_fmt(a, sizeof a, c.min), bench_fmt(b, sizeof b, c.median),
	       bench_fmt(d, sizeof d, c.max), bench_fmt(e, sizeof e, w.min),
	       bench_fmt(f, sizeof f, w.median), bench_fmt(g, sizeof g, w.max), r->reps);
	if (target > 0)
		printf("  target %s: %s", bench_fmt(t, sizeof t, target),
		       c.median <= target ? "met" : "missed");
	putchar('\n');
}

/* The column heads matching bench_report's lines. */
static inline void bench_header(void)
{
	printf("  %-30s     %9s %9s %9s        %9s %9s %9s  (repeats)\n", "", "min", "median",
	       "max", "min", "median", "max");
}

#endif
