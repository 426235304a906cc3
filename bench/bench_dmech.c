/* bench_dmech: speed of the chapter-4 mechanisms. Prints, next to the targets,
 *  1. one best-response round (all N agents, the engine's best_response with player < 0)
 *     at N = 31, 511, 2047: time per round and rounds/s;
 *  2. one full engine step (belief, best response, series) at the same sizes;
 *  3. the thesis's four cases per mechanism (binary tree / Erdos-Renyi x ewma / kperiod:10,
 *     N = 31, eta = 25, seed 1): rounds and wall time until dist_ne = ||m_n - m~||_2 < 1e-3
 *     (the absolute distance of Figs 12 and 15).
 * Reference: NumPy takes 22-45 us per round at N = 31 and 2.4-2.9 ms at N = 511. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/model.h"
#include "core/models/models.h"
#include "core/sim.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static struct params make_params(const char *mech, int n, const char *graph)
{
	struct params p;
	struct err e;
	params_init(&p, dmech_model_ops.params, dmech_model_ops.nparams);
	if (params_set_str(&p, params_find(&p, "mechanism"), mech, &e) < 0 ||
	    params_set_num(&p, params_find(&p, "N"), n, &e) < 0 ||
	    params_set_str(&p, params_find(&p, "graph"), graph, &e) < 0) {
		fprintf(stderr, "bench_dmech: %s\n", e.msg);
		exit(1);
	}
	return p;
}

/* Seconds per best-response round, timed over at least `min_time` seconds. */
static double time_round(struct model *m, double min_time)
{
	struct err e;
	double *a = calloc(m->dim, sizeof *a), *b = calloc(m->dim, sizeof *b);
	long rounds = 0, batch = 1;
	double t0 = now(), t;
	m->vt->initial(m, a);
	m->vt->best_response(m, a, -1, b, &e); /* warm the caches */
	t0 = now();
	do {
		for (long k = 0; k < batch; k++) {
			m->vt->best_response(m, a, -1, b, &e);
			double *s = a;
			a = b;
			b = s;
		}
		rounds += batch;
		batch *= 2;
		t = now() - t0;
	} while (t < min_time);
	free(a);
	free(b);
	return t / (double)rounds;
}

static double time_step(struct sim *s, double min_time)
{
	struct err e;
	long steps = 0;
	double t0 = now(), t;
	do {
		if (sim_step(s, &e) < 0) {
			fprintf(stderr, "bench_dmech: %s\n", e.msg);
			exit(1);
		}
		steps++;
		t = now() - t0;
	} while (t < min_time || steps < 3);
	return t / (double)steps;
}

static void fmt_time(char *buf, size_t size, double sec)
{
	if (sec < 1e-3)
		snprintf(buf, size, "%.3g us", sec * 1e6);
	else if (sec < 1)
		snprintf(buf, size, "%.3g ms", sec * 1e3);
	else
		snprintf(buf, size, "%.3g s", sec);
}

int main(void)
{
	static const struct {
		int n;
		double target; /* seconds per round */
		const char *numpy;
	} sizes[] = {
		{31, 2e-6, "22-45 us"},
		{511, 1e-3, "2.4-2.9 ms"},
		{2047, 20e-3, "-"},
	};
	struct err e;
	struct learn_spec cournot;
	learn_parse("cournot", &cournot, &e);

	printf("dmech: one best-response round (all agents), private mechanism, binary tree\n");
	printf("%6s %10s %12s %12s %10s %8s %12s\n", "N", "dim", "per round", "rounds/s",
	       "target", "ok", "NumPy");
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		struct params p = make_params("private", sizes[k].n, "bintree");
		struct model *m = dmech_model_ops.create(&dmech_model_ops, &p, 1, &e);
		if (!m) {
			fprintf(stderr, "bench_dmech: %s\n", e.msg);
			return 1;
		}
		double t = time_round(m, 0.3);
		char a[32], b[32];
		fmt_time(a, sizeof a, t);
		fmt_time(b, sizeof b, sizes[k].target);
		printf("%6d %10zu %12s %12.4g %10s %8s %12s\n", sizes[k].n, m->dim, a, 1 / t, b,
		       t <= sizes[k].target ? "yes" : "NO", sizes[k].numpy);
		model_free(m);
		params_fini(&p);
	}
	printf("\nsame, public mechanism, and the private mechanism on Erdos-Renyi p = 0.3\n");
	for (size_t k = 0; k < 2; k++) {
		for (int which = 0; which < 2; which++) {
			struct params p = make_params(which ? "private" : "public", sizes[k].n,
						      which ? "er" : "bintree");
			struct model *m = dmech_model_ops.create(&dmech_model_ops, &p, 1, &e);
			double t = time_round(m, 0.3);
			char a[32], b[32];
			fmt_time(a, sizeof a, t);
			fmt_time(b, sizeof b, sizes[k].target);
			printf("%6d %-8s %-8s %12s %12.4g %10s %8s\n", sizes[k].n,
			       which ? "private" : "public", which ? "er" : "bintree", a, 1 / t, b,
			       t <= sizes[k].target ? "yes" : "NO");
			model_free(m);
			params_fini(&p);
		}
	}

	printf("\nfull engine step (belief + best response + series: dist_ne, step_change, "
	       "rel_dist, alloc_err, price_err, tax_sum), cournot, private, binary tree\n");
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		struct params p = make_params("private", sizes[k].n, "bintree");
		struct sim *s = sim_new(&dmech_model_ops, &p, 1, &cournot, &e);
		double t = time_step(s, 0.3);
		char a[32];
		fmt_time(a, sizeof a, t);
		printf("%6d %12s per step %12.4g steps/s\n", sizes[k].n, a, 1 / t);
		sim_free(s);
		params_fini(&p);
	}

	printf("\nthe thesis's four cases (N = 31, eta = 25, seed 1): rounds and time until "
	       "dist_ne < 1e-3\n");
	printf("%-8s %-8s %-11s %8s %10s %10s %12s %8s\n", "mech", "graph", "dynamics", "rounds",
	       "time", "per step", "dist_0", "rel_dist");
	static const char *const mechs[] = {"private", "public"};
	static const char *const graphs[] = {"bintree", "er"};
	static const char *const dyns[] = {"ewma", "kperiod:10"};
	for (int mi = 0; mi < 2; mi++)
		for (int gi = 0; gi < 2; gi++)
			for (int di = 0; di < 2; di++) {
				struct params p = make_params(mechs[mi], 31, graphs[gi]);
				struct learn_spec spec;
				learn_parse(dyns[di], &spec, &e);
				struct sim *s = sim_new(&dmech_model_ops, &p, 1, &spec, &e);
				int col = series_col(&s->series, "dist_ne");
				int rcol = series_col(&s->series, "rel_dist");
				double d0 = series_at(&s->series, 0, (size_t)col), d = d0;
				double t0 = now();
				while (d >= 1e-3 && sim_n(s) < 10000000) {
					sim_step(s, &e);
					d = series_at(&s->series, s->series.nrows - 1, (size_t)col);
				}
				double t = now() - t0;
				char a[32], b[32];
				fmt_time(a, sizeof a, t);
				fmt_time(b, sizeof b, t / (double)sim_n(s));
				printf("%-8s %-8s %-11s %8ld %10s %10s %12.4g %8.2g\n", mechs[mi],
				       graphs[gi], dyns[di], sim_n(s), a, b, d0,
				       series_at(&s->series, s->series.nrows - 1, (size_t)rcol));
				sim_free(s);
				params_fini(&p);
			}
	return 0;
}
