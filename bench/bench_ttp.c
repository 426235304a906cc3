/* bench_ttp: speed of model ttp (paper 004). Prints, next to the targets,
 *  1. the planner's DP (spec §2.2 item 1) for 12 buyers on a binary tree with three periods
 *     of news (T = 3: 15 nodes, 8 leaves), for capacities 1, 2 and 12 (all) per trading
 *     time; target 10 ms;
 *  2. one price iteration (optimal stopping, demand, dual value, projected step) on a tree of
 *     1 023 nodes (binary, T = 9): the market module with 12 buyers, and the model's best
 *     response (what the engine calls each step) with 4 buyers, as the LP relaxation of a
 *     12-buyer tree that size is beyond the model's limit; target 1 ms;
 *  3. building that 4-buyer model (DP, GLPK's LP, benchmarks), for information.
 * Exercise values are drawn from a fixed seed. CPU and wall time, min / median / max over
 * repeats after a warm-up (bench_util.h); targets are compared with the CPU median and
 * reported, never turned into an exit status. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench_util.h"
#include "core/model.h"
#include "core/models/models.h"
#include "core/models/ttp_dp.h"
#include "core/models/ttp_market.h"
#include "core/models/ttp_tree.h"
#include "core/rng.h"


static void die(const char *what, const struct err *e)
{
	fprintf(stderr, "bench_ttp: %s: %s\n", what, e->msg);
	exit(1);
}

/* Rows of a complete binary tree of depth T with nb values U(-5, 10) at the leaves, padded
 * with NaN (the `tree` parameter's layout); *rows gets the node count. */
static double *binary_rows(int T, int nb, int *rows)
{
	int n = (1 << (T + 1)) - 1, cols = 2 + nb;
	double *a = malloc((size_t)n * (size_t)cols * sizeof *a);
	struct rng r;
	rng_seed(&r, 4);
	for (int k = 0; k < n; k++) {
		double *row = a + (size_t)k * (size_t)cols;
		row[0] = k == 0 ? 0 : (k - 1) / 2 + 1;
		row[1] = k == 0 ? 1 : 0.5;
		for (int i = 0; i < nb; i++)
			row[2 + i] = k >= n / 2 ? rng_uniform_range(&r, -5, 10) : NAN;
	}
	*rows = n;
	return a;
}

struct dp_ctx {
	const struct ttp_tree *tr;
	const int *mu;
};

static void dp_solves(void *ctx, long n)
{
	struct dp_ctx *c = ctx;
	struct err e;
	for (long k = 0; k < n; k++) {
		struct ttp_dp d;
		if (ttp_dp_solve(&d, c->tr, c->mu, &e) < 0)
			die("dp", &e);
		ttp_dp_fini(&d);
	}
}

static void bench_dp(void)
{
	int rows;
	double *a = binary_rows(3, 12, &rows);
	struct ttp_tree tr;
	struct err e;
	if (ttp_tree_init(&tr, a, rows, 2 + 12, &e) < 0)
		die("tree", &e);
	static const int caps[3] = {1, 2, 12};
	for (int c = 0; c < 3; c++) {
		int mu[4] = {caps[c], caps[c], caps[c], caps[c]};
		struct dp_ctx ctx = {&tr, mu};
		struct bench_result r;
		char label[64];
		snprintf(label, sizeof label, "DP, 12 buyers, T = 3, mu = %d", caps[c]);
		long n = bench_calibrate(dp_solves, &ctx, 0.05);
		bench_run(&r, dp_solves, &ctx, n, 1, 7);
		bench_report(label, &r, 10e-3);
	}
	ttp_tree_fini(&tr);
	free(a);
}

/* Price iterations: the prices ping-pong between two buffers, so every call evaluates new
 * prices (no cache hit). */
struct iter_ctx {
	struct ttp_market *mk;
	struct model *m;
	double *a, *b;
	int n;
	long k;
};

static void market_iters(void *ctx, long n)
{
	struct iter_ctx *c = ctx;
	for (long j = 0; j < n; j++) {
		ttp_market_eval(c->mk, c->a);
		ttp_market_step(c->mk, 1 / sqrt((double)++c->k), 0, c->n, c->b);
		double *s = c->a;
		c->a = c->b;
		c->b = s;
	}
}

static void model_iters(void *ctx, long n)
{
	struct iter_ctx *c = ctx;
	struct err e;
	for (long j = 0; j < n; j++) {
		if (c->m->vt->best_response(c->m, c->a, -1, c->b, &e) < 0)
			die("best response", &e);
		double *s = c->a;
		c->a = c->b;
		c->b = s;
	}
}

/* One price iteration of the market module on a 1023-node tree with 12 buyers. */
static void bench_market(void)
{
	int rows;
	double *a = binary_rows(9, 12, &rows);
	struct ttp_tree tr;
	struct err e;
	if (ttp_tree_init(&tr, a, rows, 2 + 12, &e) < 0)
		die("tree", &e);
	int mu[10];
	for (int t = 0; t < 10; t++)
		mu[t] = 1;
	struct ttp_market mk;
	ttp_market_init(&mk, &tr, mu);
	struct iter_ctx c = {&mk, NULL, calloc((size_t)rows, sizeof(double)),
			     calloc((size_t)rows, sizeof(double)), rows, 0};
	struct bench_result r;
	long n = bench_calibrate(market_iters, &c, 0.05);
	bench_run(&r, market_iters, &c, n, 1, 7);
	bench_report("price iteration, 12 buyers", &r, 1e-3);
	ttp_market_fini(&mk);
	ttp_tree_fini(&tr);
	free(c.a);
	free(c.b);
	free(a);
}

/* The model on a 1023-node tree (4 buyers: [P] then has 6136 variables, within the LP's
 * limit): building it (DP, LP, benchmarks), then the best response the engine calls. */
static void bench_model(void)
{
	int rows;
	double *a = binary_rows(9, 4, &rows);
	struct params p;
	struct err e;
	params_init(&p, ttp_model_ops.params, ttp_model_ops.nparams);
	double muv[10] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
	if (params_set_table(&p, params_find(&p, "tree"), a, rows, 2 + 4, &e) < 0 ||
	    params_set_table(&p, params_find(&p, "mu"), muv, 10, 1, &e) < 0)
		die("params", &e);
	struct bench_result rb = {0}, r;
	struct model *m = NULL;
	for (int rep = 0; rep < 3; rep++) {
		model_free(m);
		struct bench_clock t0 = bench_start();
		m = ttp_model_ops.create(&ttp_model_ops, &p, 1, &e);
		if (!m)
			die("create", &e);
		bench_result_add(&rb, bench_elapsed(t0), 1);
	}
	bench_report("build the model, 4 buyers", &rb, 0);
	struct iter_ctx c = {NULL, m, calloc((size_t)rows, sizeof(double)),
			     calloc((size_t)rows, sizeof(double)), rows, 0};
	long n = bench_calibrate(model_iters, &c, 0.05);
	bench_run(&r, model_iters, &c, n, 1, 7);
	bench_report("best response, 4 buyers", &r, 1e-3);
	model_free(m);
	params_fini(&p);
	free(c.a);
	free(c.b);
	free(a);
}

int main(void)
{
	printf("ttp: the planner's DP (binary tree, T = 3, 15 nodes)\n");
	bench_header();
	bench_dp();
	printf("ttp: one price iteration on a binary tree of 1023 nodes (T = 9)\n");
	bench_header();
	bench_market();
	bench_model();
	return 0;
}
