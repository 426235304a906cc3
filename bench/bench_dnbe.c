/* bench_dnbe: speed of the DNBE day loop (model `dnbe`, paper 002). Prints, next to the
 * targets,
 *  1. one day (a full sim step: types, reports, dispatch, both tests, payments, series) with
 *     5 and with 1 000 providers, truthful; the target is 1 ms at 1 000;
 *  2. the same with 1 000 providers when 10 lie consistently, when all are always_max (the
 *     same profile every day: every opponent class repeats) and under the posted price;
 *  3. creating the 1 000-provider market (C*, the W*(theta_{-i}), cost shares, IR levels and
 *     exact utilities by quadrature);
 *  4. one best response of the consistent-lie game, 5 providers.
 * Days are timed after 2 000 warm-up days, so the profile table is not empty. CPU and wall
 * time, min / median / max over 7 repeats (bench_util.h); targets are compared with the
 * CPU median and reported, never turned into an exit status. */
#include <stdio.h>
#include <stdlib.h>

#include "bench/bench_util.h"
#include "core/model.h"
#include "core/models/dnbe_dr.h"
#include "core/models/models.h"
#include "core/sim.h"

static void die(const struct err *e)
{
	fprintf(stderr, "bench_dnbe: %s\n", e->msg);
	exit(1);
}

static struct params make_params(const char *const *set)
{
	struct params p;
	struct err e;
	params_init(&p, dnbe_model_ops.params, dnbe_model_ops.nparams);
	for (; *set; set += 2) {
		int i = params_find(&p, set[0]);
		char *end;
		double v = strtod(set[1], &end);
		int rc = *end ? params_set_str(&p, i, set[1], &e) : params_set_num(&p, i, v, &e);
		if (rc < 0)
			die(&e);
	}
	return p;
}

static void days(void *ctx, long n)
{
	struct err e;
	for (long k = 0; k < n; k++)
		if (sim_step(ctx, &e) < 0)
			die(&e);
}

static void bench_days(const char *label, const char *const *set, double target)
{
	struct params p = make_params(set);
	struct err e;
	struct sim *s = sim_new(&dnbe_model_ops, &p, 1, NULL, &e);
	if (!s)
		die(&e);
	days(s, 2000);
	struct bench_result r;
	long n = bench_calibrate(days, s, 0.05);
	bench_run(&r, days, s, n, 1, 7);
	bench_report(label, &r, target);
	sim_free(s);
	params_fini(&p);
}

static void create(void *ctx, long n)
{
	struct err e;
	for (long k = 0; k < n; k++) {
		struct model *m = dnbe_model_ops.create(&dnbe_model_ops, ctx, 1, &e);
		if (!m)
			die(&e);
		model_free(m);
	}
}

struct br_ctx {
	struct dnbe_dr_quad q;
	struct dnbe_law L;
	double c[5];
};

static void best_response(void *ctx, long n)
{
	struct br_ctx *b = ctx;
	double best;
	for (long k = 0; k < n; k++)
		dnbe_dr_lie_best(&b->q, &b->L, &b->L, 1, 5, b->c, 0, 0.05, 20, &best);
}

int main(void)
{
	printf("bench_dnbe: the DNBE day loop (per day unless stated)\n");
	bench_header();
	static const char *const n5[] = { "n", "5", NULL };
	static const char *const n1000[] = { "n", "1000", NULL };
	static const char *const lie[] = { "n", "1000", "strategy", "scale", "deviators", "10",
					   NULL };
	static const char *const amax[] = { "n", "1000", "strategy", "always_max", "deviators",
					    "1000", NULL };
	static const char *const posted[] = { "n", "1000", "mechanism", "posted", NULL };
	bench_days("day, n = 5", n5, 0);
	bench_days("day, n = 1000", n1000, 1e-3);
	bench_days("day, n = 1000, 10 liars", lie, 1e-3);
	bench_days("day, n = 1000, all always_max", amax, 0);
	bench_days("day, n = 1000, posted price", posted, 0);

	struct params p = make_params(n1000);
	struct bench_result r;
	bench_run(&r, create, &p, 1, 1, 7);
	bench_report("create, n = 1000 (per market)", &r, 0);
	params_fini(&p);

	struct br_ctx b = { .c = { 1, 0.5, 2, 3, 0.7 } };
	struct err e;
	dnbe_dr_quad_init(&b.q);
	if (dnbe_law_equiprobable(&b.L, 1, 2, 8, &e) < 0)
		die(&e);
	long n = bench_calibrate(best_response, &b, 0.05);
	bench_run(&r, best_response, &b, n, 1, 7);
	bench_report("lie-game best response, n = 5", &r, 0);
	dnbe_law_fini(&b.L);
	dnbe_dr_quad_fini(&b.q);
	return 0;
}
