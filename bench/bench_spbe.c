/* bench_spbe: speed of the chapter-6 fixed point. Prints, next to the target,
 *  1. a 21 x 21, delta = 0.5 solve (policy iteration from the all-abstain map, the model's
 *     defaults) until value_residual <= 1e-9: target 1 s of CPU;
 *  2. one policy-iteration step at G = 21 for delta = 0.5 and 0.95 (full support
 *     enumeration at every grid point: select = value);
 *  3. one policy evaluation (GMRES) at G = 21 and 41.
 * CPU and wall time, min / median / max over repeats after a warm-up (bench_util.h); targets
 * are compared with the CPU median and reported, never turned into an exit status. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench_util.h"
#include "core/model.h"
#include "core/models/models.h"
#include "core/models/spbe_core.h"
#include "core/sim.h"

static void die(const char *msg)
{
	fprintf(stderr, "bench_spbe: %s\n", msg);
	exit(1);
}

static struct params make_params(double delta, int G, const char *select)
{
	struct params p;
	struct err e;
	params_init(&p, spbe_model_ops.params, spbe_model_ops.nparams);
	if (params_set_num(&p, params_find(&p, "delta"), delta, &e) < 0 ||
	    params_set_num(&p, params_find(&p, "G"), G, &e) < 0 ||
	    params_set_str(&p, params_find(&p, "select"), select, &e) < 0)
		die(e.msg);
	return p;
}

/* A whole solve: a fresh sim stepped until value_residual <= 1e-9. */
struct solve {
	struct params p;
	long steps;
	double regret;
};

static void solve(void *ctx, long n)
{
	struct solve *sv = ctx;
	for (long k = 0; k < n; k++) {
		struct err e;
		struct sim *s = sim_new(&spbe_model_ops, &sv->p, 1, NULL, &e);
		if (!s)
			die(e.msg);
		while (!(sim_convergence(s) <= 1e-9) && sim_n(s) < 200)
			if (sim_step(s, &e) < 0)
				die(e.msg);
		sv->steps = sim_n(s);
		sv->regret = series_at(&s->series, s->series.nrows - 1, 
				       (size_t)series_col(&s->series, "regret"));
		sim_free(s);
	}
}

/* One policy-iteration step from the map one step after the start. */
struct step {
	struct spbe c;
	double *a, *b;
};

static void pi_step(void *ctx, long n)
{
	struct step *st = ctx;
	for (long k = 0; k < n; k++) {
		st->c.key_ok = 0; /* evaluate afresh every time */
		spbe_best_response(&st->c, st->a, st->b);
	}
}

static void eval_only(void *ctx, long n)
{
	struct step *st = ctx;
	for (long k = 0; k < n; k++) {
		st->c.key_ok = 0;
		spbe_evaluate(&st->c, st->b);
	}
}

static void bench_step(double delta, int G, int evaluate_only, double target)
{
	struct spbe_game g = { .cost = { 1.2, 0.2 }, .delta = delta, .G = G,
			       .select = SPBE_VALUE };
	struct step st;
	struct err e;
	if (spbe_init(&st.c, &g, &e) < 0)
		die(e.msg);
	size_t dim = 2 * (size_t)st.c.n;
	st.a = calloc(dim, sizeof(double));
	st.b = calloc(dim, sizeof(double));
	spbe_best_response(&st.c, st.a, st.b); /* the myopic map */
	memcpy(st.a, st.b, dim * sizeof(double));
	char label[96];
	struct bench_result r;
	if (evaluate_only) {
		snprintf(label, sizeof label, "policy evaluation, G = %d, delta = %g", G, delta);
		long n = bench_calibrate(eval_only, &st, 0.05);
		bench_run(&r, eval_only, &st, n, 1, 7);
	} else {
		snprintf(label, sizeof label, "policy-iteration step, G = %d, delta = %g", G, delta);
		bench_run(&r, pi_step, &st, 1, 1, 5);
	}
	bench_report(label, &r, target);
	free(st.a);
	free(st.b);
	spbe_fini(&st.c);
}

int main(void)
{
	struct solve sv = { make_params(0.5, 21, "sticky"), 0, 0 };
	struct bench_result r;
	bench_run(&r, solve, &sv, 1, 1, 7);
	printf("21 x 21, delta = 0.5: value_residual <= 1e-9 after %ld steps, regret %.3g\n",
	       sv.steps, sv.regret);
	bench_report("solve 21 x 21, delta = 0.5, to value_residual 1e-9", &r, 1.0);
	params_fini(&sv.p);
	bench_step(0.5, 21, 0, NAN);
	bench_step(0.95, 21, 0, NAN);
	bench_step(0.95, 21, 1, NAN);
	bench_step(0.95, 41, 1, NAN);
	return 0;
}
