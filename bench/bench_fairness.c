/* bench_fairness: speed of the chapter-5 model, the loops a lecturer waits for. Prints
 *  1. one ramp step (a new eps: every profile's allocation, the margins, H, the taxes) of the
 *     smart grid at N = 100 and N = 1000, with the canonical taxes and with the Fig. 19 LP
 *     (eps near 0.025, where every allocation needs a root search);
 *  2. one draw step (a new type profile at fixed eps) at N = 100;
 *  3. a fresh instance (what each row of `taton sweep --vary eps` costs) at N = 100;
 *  4. describe at N = 100 (eps_max and the zero of H by root search, GLPK's LP and its
 *     optimal face, the peak-load price) and the bsic_bounds distribution (81 eps values);
 *  5. the linear example's ramp step at N = 50.
 * CPU and wall time, min / median / max over repeats after a warm-up (bench_util.h); targets
 * are compared with the CPU median and reported, never turned into an exit status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench_util.h"
#include "core/model.h"
#include "core/models/models.h"
#include "core/sim.h"

static const struct model_ops *ops = &fairness_model_ops;

static void die(const struct err *e)
{
	fprintf(stderr, "bench_fairness: %s\n", e->msg);
	exit(1);
}

/* Params over the defaults from "name=value" texts (NULL-terminated). */
static struct params make_params(const char *const *sets)
{
	struct params p;
	struct err e;
	params_init(&p, ops->params, ops->nparams);
	for (; *sets; sets++) {
		const char *eq = strchr(*sets, '=');
		char name[32];
		snprintf(name, sizeof name, "%.*s", (int)(eq - *sets), *sets);
		if (params_set_str(&p, params_find(&p, name), eq + 1, &e) < 0)
			die(&e);
	}
	return p;
}

static struct sim *make(const char *const *sets)
{
	struct params p = make_params(sets);
	struct err e;
	struct sim *s = sim_new(ops, &p, 1, NULL, &e);
	if (!s)
		die(&e);
	params_fini(&p);
	return s;
}

static void steps(void *ctx, long n)
{
	struct err e;
	for (long k = 0; k < n; k++)
		if (sim_step(ctx, &e) < 0)
			die(&e);
}

static void bench_steps(const char *label, const char *const *sets, double target)
{
	struct sim *s = make(sets);
	struct bench_result r;
	long n = bench_calibrate(steps, s, 0.05);
	bench_run(&r, steps, s, n, 1, 7);
	bench_report(label, &r, target);
	sim_free(s);
}

static void fresh(void *ctx, long n)
{
	for (long k = 0; k < n; k++)
		sim_free(make(ctx));
}

static void fresh_describe(void *ctx, long n)
{
	for (long k = 0; k < n; k++) {
		struct sim *s = make(ctx);
		struct model_kv kv = { 0 };
		sim_describe(s, &kv);
		model_kv_fini(&kv);
		sim_free(s);
	}
}

static void dist(void *ctx, long n)
{
	struct err e;
	for (long k = 0; k < n; k++) {
		struct dist d;
		memset(&d, 0, sizeof d);
		if (sim_dist(ctx, "bsic_bounds", &d, &e) < 0)
			die(&e);
		dist_fini(&d);
	}
}

static void bench_fn(const char *label, void (*fn)(void *, long), void *ctx, double target)
{
	struct bench_result r;
	long n = bench_calibrate(fn, ctx, 0.05);
	bench_run(&r, fn, ctx, n, 1, 7);
	bench_report(label, &r, target);
}

int main(void)
{
	static const char *const grid100[] = { "eps=0.025", "eps_step=1e-9", NULL };
	static const char *const grid1000[] = { "N=1000", "m=100", "eps=0.025", "eps_step=1e-9",
						NULL };
	static const char *const lp100[] = { "eps=0.025", "eps_step=1e-9", "tax=lp", NULL };
	static const char *const draw100[] = { "mode=draw", "eps=0.025", NULL };
	static const char *const at100[] = { "eps=0.025", NULL };
	static const char *const lin50[] = { "example=linear", "N=50", "thetaH=1",
					     "thetaL=0.75", "m=9", "eps=6", "eps_step=1e-9", NULL };

	printf("fairness: one step of the process\n");
	bench_header();
	bench_steps("ramp, smart grid, N = 100", grid100, 2e-3);
	bench_steps("ramp, smart grid, N = 1000", grid1000, 30e-3);
	bench_steps("ramp, tax lp (GLPK), N = 100", lp100, 5e-3);
	bench_steps("draw, smart grid, N = 100", draw100, 50e-6);
	bench_steps("ramp, linear, N = 50", lin50, 100e-6);

	printf("\nfairness: a fresh instance, describe, a distribution (N = 100)\n");
	bench_header();
	bench_fn("create at eps = 0.025", fresh, (void *)at100, 10e-3);
	bench_fn("create + describe", fresh_describe, (void *)at100, 200e-3);
	struct sim *s = make(at100);
	bench_fn("dist bsic_bounds", dist, s, 200e-3);
	sim_free(s);
	return 0;
}
