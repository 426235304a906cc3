/* bench_learn: learning-engine throughput per dynamic on the 1000-dimensional affine game:
 * CPU and wall time per round (engine + an O(dim) best response, no series recorded) and
 * per action component, min / median / max over repeats (bench_util.h). Figures only. */
#include <stdio.h>
#include <stdlib.h>

#include "bench/bench_util.h"
#include "core/models/models.h"
#include "core/sim.h"

#define DIM 1000

static void rounds(void *ctx, long n)
{
	struct sim *s = ctx;
	struct err e;
	for (long k = 0; k < n; k++)
		if (learn_step(s->learn, s->model, &e) < 0) {
			fprintf(stderr, "bench_learn: %s\n", e.msg);
			exit(1);
		}
}

int main(void)
{
	static const char *const dyns[] = {"cournot", "kperiod:10", "fictitious", "ewma:0.5",
					   "damped:0.5", "cournot,sequential"};
	struct params p;
	struct err e;
	params_init(&p, affine_model_ops.params, affine_model_ops.nparams);
	if (params_set_num(&p, params_find(&p, "dim"), DIM, &e) < 0 ||
	    params_set_num(&p, params_find(&p, "rho"), 0.9, &e) < 0) {
		fprintf(stderr, "bench_learn: %s\n", e.msg);
		return 1;
	}
	printf("learning engine, affine game, dim = %d: time per round (the engine alone, no "
	       "series)\n", DIM);
	bench_header();
	for (size_t i = 0; i < sizeof dyns / sizeof dyns[0]; i++) {
		struct learn_spec spec;
		struct sim *s = NULL;
		if (learn_parse(dyns[i], &spec, &e) < 0 ||
		    !(s = sim_new(&affine_model_ops, &p, 1, &spec, &e))) {
			fprintf(stderr, "bench_learn: %s\n", e.msg);
			return 1;
		}
		struct bench_result r;
		long n = bench_calibrate(rounds, s, 0.05);
		bench_run(&r, rounds, s, n, 1, 7);
		bench_report(dyns[i], &r, 0);
		struct bench_stat c = bench_cpu_stat(&r);
		printf("  %-30s %.0f rounds/s, %.2f ns per component (CPU median)\n", "",
		       1 / c.median, 1e9 * c.median / DIM);
		sim_free(s);
	}
	params_fini(&p);
	return 0;
}
