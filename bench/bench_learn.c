/* bench_learn: learning-engine throughput per dynamic on the 1000-dimensional affine game:
 * rounds per second and nanoseconds per action component (engine + an O(dim) best
 * response). */
#include <stdio.h>
#include <stdlib.h>

#include "bench/bench_util.h"
#include "core/models/models.h"
#include "core/sim.h"

int main(void)
{
	static const char *const dyns[] = {"cournot", "kperiod:10", "fictitious", "ewma:0.5",
					   "damped:0.5", "cournot,sequential"};
	const int dim = 1000;
	struct params p;
	struct err e;
	params_init(&p, affine_model_ops.params, affine_model_ops.nparams);
	params_set_num(&p, params_find(&p, "dim"), dim, &e);
	params_set_num(&p, params_find(&p, "rho"), 0.9, &e);
	printf("learning engine, affine game, dim = %d\n", dim);
	printf("%-22s %14s %14s\n", "dynamics", "rounds/s", "ns/component");
	for (size_t i = 0; i < sizeof dyns / sizeof dyns[0]; i++) {
		struct learn_spec spec;
		learn_parse(dyns[i], &spec, &e);
		struct sim *s = sim_new(&affine_model_ops, &p, 1, &spec, &e);
		/* the engine alone: step the learner without recording series */
		long rounds = 0;
		double t0 = bench_now(), t;
		do {
			for (int k = 0; k < 1000; k++)
				learn_step(s->learn, s->model, &e);
			rounds += 1000;
			t = bench_now() - t0;
		} while (t < 0.5);
		printf("%-22s %14.0f %14.2f\n", dyns[i], rounds / t, 1e9 * t / rounds / dim);
		sim_free(s);
	}
	params_fini(&p);
	return 0;
}
