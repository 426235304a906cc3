/* bench_radial: speed of the radial-allocation mechanisms (thesis ch. 1-3). Prints
 *  1. one best-response round (all agents, the engine's best_response with player < 0) for
 *     100 agents on 20 links, each agent on a path of 3 consecutive links (ring), at the
 *     initial (random) message: unicast (target 50 us of CPU), multicast (groups of two
 *     consecutive agents) and general (same constraints, projection from theta);
 *  2. one full engine step of the unicast model (best responses, rescaling and every
 *     series, nash_gap included: n more best responses and n + 1 tax evaluations).
 * CPU and wall time, min / median / max over repeats after a warm-up (bench_util.h); the
 * target is compared with the CPU median and reported, never turned into an exit status. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench_util.h"
#include "core/model.h"
#include "core/models/models.h"
#include "core/sim.h"

#define N 100
#define L 20

static void die(const struct err *e)
{
	fprintf(stderr, "bench_radial: %s\n", e->msg);
	exit(1);
}

static struct params make_params(const char *mech)
{
	static double A[L * N], c[L], w[N], g[N];
	for (int i = 0; i < N; i++) {
		for (int k = 0; k < 3; k++)
			A[((i + k) % L) * N + i] = 1;
		w[i] = 1 + (i * 37 % 10) / 2.0;
		g[i] = i / 2 + 1;
	}
	for (int l = 0; l < L; l++)
		c[l] = 10 + l % 5;
	struct params p;
	struct err e;
	params_init(&p, radial_model_ops.params, radial_model_ops.nparams);
	if (params_set_str(&p, params_find(&p, "mechanism"), mech, &e) < 0 ||
	    params_set_table(&p, params_find(&p, "A"), A, L, N, &e) < 0 ||
	    params_set_table(&p, params_find(&p, "c"), c, L, 1, &e) < 0 ||
	    params_set_table(&p, params_find(&p, "w"), w, N, 1, &e) < 0 ||
	    params_set_table(&p, params_find(&p, "group"), g, N, 1, &e) < 0)
		die(&e);
	return p;
}

struct rounds {
	struct model *m;
	double *a, *b;
};

static void rounds(void *ctx, long n)
{
	struct rounds *r = ctx;
	struct err e;
	for (long k = 0; k < n; k++)
		if (r->m->vt->best_response(r->m, r->a, -1, r->b, &e) < 0)
			die(&e);
}

static void steps(void *ctx, long n)
{
	struct err e;
	for (long k = 0; k < n; k++)
		if (sim_step(ctx, &e) < 0)
			die(&e);
}

int main(void)
{
	static const char *const mech[] = { "unicast", "multicast", "general" };
	struct err e;
	char label[80];
	printf("radial: one best-response round, %d agents on %d links (3 links each)\n", N, L);
	bench_header();
	for (int k = 0; k < 3; k++) {
		struct params p = make_params(mech[k]);
		struct model *m = radial_model_ops.create(&radial_model_ops, &p, 1, &e);
		if (!m)
			die(&e);
		struct rounds r = { m, calloc(m->dim, sizeof(double)), calloc(m->dim, sizeof(double)) };
		m->vt->initial(m, r.a);
		memcpy(r.b, r.a, m->dim * sizeof(double));
		struct bench_result res;
		long n = bench_calibrate(rounds, &r, 0.05);
		bench_run(&res, rounds, &r, n, 1, 7);
		snprintf(label, sizeof label, "%s (dim %zu)", mech[k], m->dim);
		bench_report(label, &res, k == 0 ? 50e-6 : 0);
		free(r.a);
		free(r.b);
		model_free(m);
		params_fini(&p);
	}
	printf("\none engine step of the unicast model (cournot, every series incl. nash_gap)\n");
	bench_header();
	struct params p = make_params("unicast");
	struct sim *s = sim_new(&radial_model_ops, &p, 1, NULL, &e);
	if (!s)
		die(&e);
	struct bench_result res;
	long n = bench_calibrate(steps, s, 0.05);
	bench_run(&res, steps, s, n, 1, 7);
	bench_report("unicast step", &res, 0);
	sim_free(s);
	params_fini(&p);
	return 0;
}
