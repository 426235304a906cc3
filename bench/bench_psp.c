/* bench_psp: speed of the distributed PSP exchange (model `psp`). The target: a round with
 * 1 000 buyers and 20 sellers in under 1 ms. A round is one sim step: the seller phase,
 * every buyer's eps-best reply under the bid-fee rule (Gauss-Seidel, the books follow each
 * adopted reply), and the observer's evaluation (every allocation and PSP cost).
 * The market: buyers with kappa ~ U(1, 5), needs ~ U(10, 40); sellers with U(600, 1000)
 * units (supply about two thirds of the demand at the reserve); eps = 0.1; zero initial
 * bids; the generator seeded 7 (core/rng), so every run times the same rounds.
 * For each buyer rule it prints, per round: rounds 101-170 of a run (the bid war: many
 * buyers re-bid), and 70 rounds of the market once it has stopped (every buyer still
 * evaluates its reply and holds); 7 repeats of 10 consecutive rounds each, CPU and wall
 * min / median / max (bench_util.h); and the whole run's rounds and mean round time.
 * Targets are compared with the CPU median and reported, never turned into an exit
 * status. Arguments name the rules to time (default: all three), so that a profiler can
 * look at one rule's rounds: `bench_psp equal`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench_util.h"
#include "core/model.h"
#include "core/models/models.h"
#include "core/rng.h"
#include "core/sim.h"

#define NB 1000
#define NS 20
#define TARGET 1e-3
#define REPS 7
#define PER_REP 10
#define MAX_ROUNDS 5000

static void die(const struct err *e)
{
	fprintf(stderr, "bench_psp: %s\n", e->msg);
	exit(1);
}

static struct sim *market(const char *pool)
{
	static double kappa[NB], need[NB], data[NS];
	struct params p;
	struct err e;
	struct rng r;
	rng_seed(&r, 7);
	for (int i = 0; i < NB; i++) {
		kappa[i] = rng_uniform_range(&r, 1, 5);
		need[i] = rng_uniform_range(&r, 10, 40);
	}
	for (int j = 0; j < NS; j++)
		data[j] = rng_uniform_range(&r, 600, 1000);
	params_init(&p, psp_model_ops.params, psp_model_ops.nparams);
	if (params_set_table(&p, params_find(&p, "kappa"), kappa, NB, 1, &e) < 0 ||
	    params_set_table(&p, params_find(&p, "need"), need, NB, 1, &e) < 0 ||
	    params_set_table(&p, params_find(&p, "sellers"), data, NS, 1, &e) < 0 ||
	    params_set_str(&p, params_find(&p, "pool"), pool, &e) < 0)
		die(&e);
	struct sim *s = sim_new(&psp_model_ops, &p, 1, NULL, &e);
	params_fini(&p);
	if (!s)
		die(&e);
	return s;
}

static double rebids(const struct sim *s)
{
	int c = series_col(&s->series, "rebids");
	return series_at(&s->series, s->series.nrows - 1, (size_t)c);
}

/* REPS repeats of PER_REP rounds, timed per round. */
static void time_rounds(struct sim *s, const char *label)
{
	struct bench_result r = { 0 };
	struct err e;
	for (int k = 0; k < REPS; k++) {
		struct bench_clock t0 = bench_start();
		for (int n = 0; n < PER_REP; n++)
			if (sim_step(s, &e) < 0)
				die(&e);
		bench_result_add(&r, bench_elapsed(t0), PER_REP);
	}
	bench_report(label, &r, TARGET);
}

static void bench_rule(const char *pool)
{
	struct err e;
	char label[64];
	struct sim *s = market(pool);
	long n = 0;
	struct bench_clock t0 = bench_start();
	for (; n < 100; n++)
		if (sim_step(s, &e) < 0)
			die(&e);
	snprintf(label, sizeof label, "%s: rounds 101-170", pool);
	time_rounds(s, label);
	n += REPS * PER_REP;
	while (n < MAX_ROUNDS && rebids(s) != 0) {
		if (sim_step(s, &e) < 0)
			die(&e);
		n++;
	}
	struct bench_clock run = bench_elapsed(t0);
	int stopped = rebids(s) == 0;
	snprintf(label, sizeof label, "%s: after the stop", pool);
	time_rounds(s, label);
	char a[24];
	printf("  %-30s %ld rounds %s, mean round %s cpu\n", "", n,
	       stopped ? "to the stop" : "(no stop yet: capped)",
	       bench_fmt(a, sizeof a, run.cpu / (double)n));
	sim_free(s);
}

int main(int argc, char **argv)
{
	static const char *const rules[] = { "waterfill", "literal", "equal" };
	for (int a = 1; a < argc; a++) {
		int known = 0;
		for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++)
			known |= strcmp(argv[a], rules[r]) == 0;
		if (!known) {
			fprintf(stderr, "bench_psp: unknown rule '%s' (waterfill, literal or "
				"equal)\n", argv[a]);
			return 2;
		}
	}
	printf("bench_psp: one round (seller phase, %d buyers' replies, evaluation) with %d "
	       "sellers, Gauss-Seidel, eps 0.1\n", NB, NS);
	bench_header();
	for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
		int want = argc == 1;
		for (int a = 1; a < argc; a++)
			want |= strcmp(argv[a], rules[r]) == 0;
		if (want)
			bench_rule(rules[r]);
	}
	return 0;
}
