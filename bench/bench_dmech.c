/* bench_dmech: speed of the chapter-4 mechanisms. Prints, next to the targets,
 *  1. one best-response round (all N agents, the engine's best_response with player < 0)
 *     at N = 31, 511, 2047;
 *  2. one full engine step (belief, best response, series) at the same sizes, cournot (and
 *     at N = 2047 the other rules: each keeps only the statistics it reads); target
 *     12 ms at N = 2047 under every rule (the best response alone takes about 4 ms there;
 *     each further stream over the 33.5 MB message costs about 0.7-1.5 ms);
 *  3. the thesis's four cases per mechanism (binary tree / Erdos-Renyi x ewma / kperiod:10,
 *     N = 31, eta = 25, seed 1): rounds and time until dist_ne = ||m_n - m~||_2 < 1e-3
 *     (the absolute distance of Figs 12 and 15).
 * CPU and wall time, min / median / max over repeats after a warm-up (bench_util.h); targets
 * are compared with the CPU median and reported, never turned into an exit status.
 * Reference: NumPy takes 22-45 us per round at N = 31 and 2.4-2.9 ms at N = 511. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench_util.h"
#include "core/model.h"
#include "core/models/models.h"
#include "core/sim.h"

static void die(const struct err *e)
{
	fprintf(stderr, "bench_dmech: %s\n", e->msg);
	exit(1);
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

/* Best-response rounds on a fixed pair of buffers (the action ping-pongs between them). */
struct rounds {
	struct model *m;
	double *a, *b;
};

static void rounds(void *ctx, long n)
{
	struct rounds *r = ctx;
	struct err e;
	for (long k = 0; k < n; k++) {
		r->m->vt->best_response(r->m, r->a, -1, r->b, &e);
		double *s = r->a;
		r->a = r->b;
		r->b = s;
	}
}

static void bench_rounds(const char *label, struct model *m, double target)
{
	struct rounds r = {m, calloc(m->dim, sizeof(double)), calloc(m->dim, sizeof(double))};
	struct bench_result res;
	m->vt->initial(m, r.a);
	long n = bench_calibrate(rounds, &r, 0.05);
	bench_run(&res, rounds, &r, n, 1, 7);
	bench_report(label, &res, target);
	free(r.a);
	free(r.b);
}

static void steps(void *ctx, long n)
{
	struct err e;
	for (long k = 0; k < n; k++)
		if (sim_step(ctx, &e) < 0)
			die(&e);
}

/* One of the thesis's cases, run to dist_ne < 1e-3 from a fresh sim. */
struct converge {
	const char *mech, *graph, *dyn;
	long rounds;
	double d0, rel;
};

static void converge(void *ctx, long n)
{
	struct converge *c = ctx;
	struct err e;
	for (long k = 0; k < n; k++) {
		struct params p = make_params(c->mech, 31, c->graph);
		struct learn_spec spec;
		struct sim *s;
		if (learn_parse(c->dyn, &spec, &e) < 0 ||
		    !(s = sim_new(&dmech_model_ops, &p, 1, &spec, &e)))
			die(&e);
		int col = series_col(&s->series, "dist_ne");
		int rcol = series_col(&s->series, "rel_dist");
		double d = series_at(&s->series, 0, (size_t)col);
		c->d0 = d;
		while (d >= 1e-3 && sim_n(s) < 10000000) {
			if (sim_step(s, &e) < 0)
				die(&e);
			d = series_at(&s->series, s->series.nrows - 1, (size_t)col);
		}
		c->rounds = sim_n(s);
		c->rel = series_at(&s->series, s->series.nrows - 1, (size_t)rcol);
		sim_free(s);
		params_fini(&p);
	}
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
	char label[64];

	printf("dmech: one best-response round (all agents), private mechanism, binary tree "
	       "(NumPy: 22-45 us at N = 31, 2.4-2.9 ms at N = 511)\n");
	bench_header();
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		struct params p = make_params("private", sizes[k].n, "bintree");
		struct model *m = dmech_model_ops.create(&dmech_model_ops, &p, 1, &e);
		if (!m)
			die(&e);
		snprintf(label, sizeof label, "N = %d (dim %zu)", sizes[k].n, m->dim);
		bench_rounds(label, m, sizes[k].target);
		model_free(m);
		params_fini(&p);
	}
	printf("\nsame, public mechanism, and the private mechanism on Erdos-Renyi p = 0.3\n");
	bench_header();
	for (size_t k = 0; k < 2; k++) {
		for (int which = 0; which < 2; which++) {
			struct params p = make_params(which ? "private" : "public", sizes[k].n,
						      which ? "er" : "bintree");
			struct model *m = dmech_model_ops.create(&dmech_model_ops, &p, 1, &e);
			if (!m)
				die(&e);
			snprintf(label, sizeof label, "N = %d %s %s", sizes[k].n,
				 which ? "private" : "public", which ? "er" : "bintree");
			bench_rounds(label, m, sizes[k].target);
			model_free(m);
			params_fini(&p);
		}
	}

	printf("\nfull engine step (belief + best response + series: step_change, dist_ne, "
	       "rel_dist, alloc_err, price_err, tax_sum), private, binary tree; 3 steps of "
	       "warm-up first (a fresh sim's pages), K more under kperiod:K (its ring's)\n");
	bench_header();
	static const char *const step_dyns[] = {"cournot", "ewma", "fictitious", "damped",
						"kperiod:8"};
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
		for (size_t d = 0; d < sizeof step_dyns / sizeof step_dyns[0]; d++) {
			if (d > 0 && sizes[k].n != 2047)
				continue;
			struct learn_spec spec;
			struct params p = make_params("private", sizes[k].n, "bintree");
			if (learn_parse(step_dyns[d], &spec, &e) < 0)
				die(&e);
			struct sim *s = sim_new(&dmech_model_ops, &p, 1, &spec, &e);
			if (!s)
				die(&e);
			/* a fresh sim's pages, and a kperiod ring's K slots, are touched once */
			steps(s, 3 + (spec.kind == LEARN_KPERIOD ? spec.k : 0));
			struct bench_result r;
			long n = bench_calibrate(steps, s, 0.05);
			bench_run(&r, steps, s, n, 1, 7);
			snprintf(label, sizeof label, "N = %d %s", sizes[k].n, step_dyns[d]);
			bench_report(label, &r, sizes[k].n == 2047 ? 12e-3 : 0);
			sim_free(s);
			params_fini(&p);
		}

	printf("\nthe thesis's four cases (N = 31, eta = 25, seed 1): time until dist_ne < 1e-3\n");
	bench_header();
	static const char *const mechs[] = {"private", "public"};
	static const char *const graphs[] = {"bintree", "er"};
	static const char *const dyns[] = {"ewma", "kperiod:10"};
	for (int mi = 0; mi < 2; mi++)
		for (int gi = 0; gi < 2; gi++)
			for (int di = 0; di < 2; di++) {
				struct converge c = {mechs[mi], graphs[gi], dyns[di], 0, 0, 0};
				struct bench_result r;
				bench_run(&r, converge, &c, 1, 1, 5);
				snprintf(label, sizeof label, "%s %s %s", mechs[mi], graphs[gi],
					 dyns[di]);
				bench_report(label, &r, 0);
				printf("  %-30s %ld rounds, dist_0 %.4g, rel_dist %.2g at the "
				       "end\n", "", c.rounds, c.d0, c.rel);
			}
	return 0;
}
