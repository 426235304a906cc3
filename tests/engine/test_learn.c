/* Unit tests of core/learn and core/sim on the affine game (BR_i = c - rho (x_{i-1} +
 * x_{i+1}) / 2) and a one-player scalar game, whose trajectories are computed here by hand:
 * parsing, each dynamic's belief, sequential updates, switching dynamics with history,
 * the series table (step_change, dist_ne) and the convergence measure; a huge game's
 * look-ahead against the same game without it, across a failed observation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/learn.h"
#include "core/models/models.h"
#include "core/sim.h"

static struct sim *affine_sim(int dim, double rho, const char *dyn)
{
	struct params p;
	struct err e;
	struct learn_spec spec;
	params_init(&p, affine_model_ops.params, affine_model_ops.nparams);
	assert_int_equal(params_set_num(&p, params_find(&p, "dim"), dim, &e), 0);
	assert_int_equal(params_set_num(&p, params_find(&p, "rho"), rho, &e), 0);
	assert_int_equal(learn_parse(dyn, &spec, &e), 0);
	struct sim *s = sim_new(&affine_model_ops, &p, 1, &spec, &e);
	assert_non_null(s);
	params_fini(&p);
	return s;
}

static void test_parse(void **state)
{
	struct learn_spec s;
	struct err e;
	char buf[64];
	assert_int_equal(learn_parse("kperiod:7", &s, &e), 0);
	assert_int_equal(s.kind, LEARN_KPERIOD);
	assert_int_equal(s.k, 7);
	assert_int_equal(learn_parse("ewma", &s, &e), 0);
	assert_true(s.w == 0.5);
	assert_int_equal(learn_parse("damped:0.25,sequential", &s, &e), 0);
	assert_int_equal(s.kind, LEARN_DAMPED);
	assert_true(s.w == 0.25);
	assert_int_equal(s.sched, LEARN_SEQUENTIAL);
	learn_format(&s, buf, sizeof buf);
	assert_string_equal(buf, "damped:0.25,sequential");
	/* schedules, and numbers in their shortest round-trip form */
	assert_int_equal(learn_parse("ewma:0.3,async:0.25", &s, &e), 0);
	assert_int_equal(s.sched, LEARN_ASYNC);
	assert_true(s.p == 0.25 && s.w == 0.3);
	learn_format(&s, buf, sizeof buf);
	assert_string_equal(buf, "ewma:0.3,async:0.25");
	assert_int_equal(learn_parse("fictitious,random", &s, &e), 0);
	assert_int_equal(s.sched, LEARN_RANDOM);
	learn_format(&s, buf, sizeof buf);
	assert_string_equal(buf, "fictitious,random");
	assert_int_equal(learn_parse("cournot,async", &s, &e), 0);
	assert_true(s.p == 0.5);
	assert_int_equal(learn_parse("cournot,simultaneous", &s, &e), 0);
	learn_format(&s, buf, sizeof buf);
	assert_string_equal(buf, "cournot");
	assert_int_equal(learn_parse("cournot,async:0", &s, &e), -1);
	assert_int_equal(learn_parse("cournot,sequential:2", &s, &e), -1);
	assert_non_null(strstr(e.msg, "takes no argument"));
	/* every rule and schedule of the tables is named in the allowed forms */
	char *forms = learn_forms();
	for (size_t i = 0; i < learn_ndynamics; i++)
		assert_non_null(strstr(forms, learn_dynamics[i].name));
	for (size_t i = 0; i < learn_nschedules; i++)
		assert_non_null(strstr(forms, learn_schedules[i].name));
	assert_non_null(strstr(forms, "async[:P] (P number in (0, 1], default 0.5)"));
	free(forms);
	s.kind = LEARN_NONE;
	learn_format(&s, buf, sizeof buf);
	assert_string_equal(buf, "-");
	assert_int_equal(learn_parse("kperiod:0", &s, &e), -1);
	assert_non_null(strstr(e.msg, "[1, 100000]"));
	assert_int_equal(learn_parse("ewma:1.5", &s, &e), -1);
	assert_non_null(strstr(e.msg, "(0, 1]"));
	assert_int_equal(learn_parse("fictitious:3", &s, &e), -1);
	assert_int_equal(learn_parse("brown", &s, &e), -1);
	assert_non_null(strstr(e.msg, "unknown dynamics 'brown'"));
	assert_int_equal(learn_parse("cournot,later", &s, &e), -1);
}

/* dim = 1: BR(x) = c - rho x with c = 1. */
static double br1(double x, double rho) { return 1 - rho * x; }

static void check_traj(const char *dyn, const double *expect, int n, double rho)
{
	struct sim *s = affine_sim(1, rho, dyn);
	struct err e;
	for (int i = 1; i <= n; i++) {
		assert_int_equal(sim_step(s, &e), 0);
		double got = learn_action(s->learn)[0];
		if (fabs(got - expect[i]) > 1e-14)
			fail_msg("%s step %d: got %.17g expected %.17g", dyn, i, got, expect[i]);
	}
	sim_free(s);
}

static void test_dynamics_scalar(void **state)
{
	enum { N = 12 };
	double rho = 0.8, a[N + 1], sum, r;
	/* cournot */
	a[0] = 0;
	for (int i = 1; i <= N; i++)
		a[i] = br1(a[i - 1], rho);
	check_traj("cournot", a, N, rho);
	/* fictitious */
	sum = a[0] = 0;
	for (int i = 1; i <= N; i++) {
		a[i] = br1(sum / i, rho);
		sum += a[i];
	}
	check_traj("fictitious", a, N, rho);
	/* kperiod:3, fewer at start */
	a[0] = 0;
	for (int i = 1; i <= N; i++) {
		int lo = i - 3 < 0 ? 0 : i - 3;
		double m = 0;
		for (int j = lo; j < i; j++)
			m += a[j];
		a[i] = br1(m / (i - lo), rho);
	}
	check_traj("kperiod:3", a, N, rho);
	/* ewma:0.3: b_n = w a_{n-1} + (1-w) r_{n-1}, r_n = w a_n + (1-w) r_{n-1}, r_0 = a_0 */
	a[0] = 0;
	r = a[0];
	for (int i = 1; i <= N; i++) {
		a[i] = br1(0.3 * a[i - 1] + 0.7 * r, rho);
		r = 0.3 * a[i] + 0.7 * r;
	}
	check_traj("ewma:0.3", a, N, rho);
	/* damped:0.4 */
	a[0] = 0;
	for (int i = 1; i <= N; i++)
		a[i] = 0.6 * a[i - 1] + 0.4 * br1(a[i - 1], rho);
	check_traj("damped:0.4", a, N, rho);
}

static void test_sequential(void **state)
{
	struct sim *s = affine_sim(4, 0.5, "cournot,sequential");
	struct err e;
	double x[4] = {0, 0, 0, 0};
	for (int n = 1; n <= 9; n++) {
		int p = (n - 1) % 4;
		x[p] = 1 - 0.25 * (x[(p + 3) % 4] + x[(p + 1) % 4]);
		assert_int_equal(sim_step(s, &e), 0);
		for (int i = 0; i < 4; i++)
			assert_true(fabs(learn_action(s->learn)[i] - x[i]) < 1e-15);
	}
	sim_free(s);
}

/* Switching keeps history: fictitious for 5 steps, then kperiod:3 must average the last
 * three recorded actions, and ewma must continue from r maintained all along. */
static void test_switch_keeps_history(void **state)
{
	double rho = 0.9, a[20], r;
	struct sim *s = affine_sim(1, rho, "fictitious");
	struct err e;
	struct learn_spec spec;
	a[0] = 0;
	r = 0;
	for (int i = 1; i <= 5; i++) {
		assert_int_equal(sim_step(s, &e), 0);
		a[i] = learn_action(s->learn)[0];
	}
	/* reconstruct r from the recorded actions (weight 0.5) */
	for (int i = 1; i <= 5; i++)
		r = 0.5 * a[i] + 0.5 * r;
	learn_parse("kperiod:3", &spec, &e);
	assert_int_equal(sim_set_dynamics(s, &spec, &e), 0);
	assert_int_equal(sim_step(s, &e), 0);
	double expect = br1((a[3] + a[4] + a[5]) / 3, rho);
	assert_true(fabs(learn_action(s->learn)[0] - expect) < 1e-15);
	a[6] = expect;
	r = 0.5 * a[6] + 0.5 * r;
	learn_parse("ewma", &spec, &e);
	assert_int_equal(sim_set_dynamics(s, &spec, &e), 0);
	assert_int_equal(sim_step(s, &e), 0);
	expect = br1(0.5 * a[6] + 0.5 * r, rho);
	assert_true(fabs(learn_action(s->learn)[0] - expect) < 1e-15);
	/* the fictitious sum was kept too */
	double total = 0;
	for (int i = 0; i <= 6; i++)
		total += a[i];
	total += expect;
	learn_parse("fictitious", &spec, &e);
	assert_int_equal(sim_set_dynamics(s, &spec, &e), 0);
	assert_int_equal(sim_step(s, &e), 0);
	assert_true(fabs(learn_action(s->learn)[0] - br1(total / 8, rho)) < 1e-15);
	sim_free(s);
}

static void test_series_and_convergence(void **state)
{
	struct sim *s = affine_sim(3, 0.5, "cournot");
	struct err e;
	const struct series_table *t = &s->series;
	assert_int_equal(t->ncols, 2);
	assert_string_equal(t->names[0], "step_change");
	assert_string_equal(t->names[1], "dist_ne");
	assert_int_equal(t->nrows, 1);
	assert_true(isnan(series_at(t, 0, 0)));
	double xs = 1 / 1.5; /* x* = c / (1 + rho) */
	assert_true(fabs(series_at(t, 0, 1) - xs) < 1e-15);
	for (int n = 1; n <= 30; n++) {
		assert_int_equal(sim_step(s, &e), 0);
		/* symmetric start: e_n = (-rho)^n e_0 */
		double dist = xs * pow(0.5, n);
		assert_true(fabs(series_at(t, (size_t)n, 1) - dist) < 1e-14);
		assert_true(fabs(series_at(t, (size_t)n, 0) - 3 * dist) < 1e-13);
	}
	assert_string_equal(sim_convergence_name(s), "step_change");
	assert_true(sim_convergence(s) < 1e-8);
	assert_int_equal(sim_n(s), 30);
	assert_int_equal(sim_reset(s, NULL, NULL, &e), 0);
	assert_int_equal(sim_n(s), 0);
	assert_int_equal(t->nrows, 1);
	sim_free(s);
}

/* A large game (no history ring): kperiod after a switch is primed with the current
 * action and averages what it has. */
static void test_large_kperiod_switch(void **state)
{
	struct sim *s = affine_sim(300000, 0.5, "cournot");
	struct err e;
	struct learn_spec spec;
	for (int i = 0; i < 3; i++)
		assert_int_equal(sim_step(s, &e), 0);
	double a3 = learn_action(s->learn)[0];
	learn_parse("kperiod:4", &spec, &e);
	assert_int_equal(sim_set_dynamics(s, &spec, &e), 0);
	assert_int_equal(sim_step(s, &e), 0);
	double a4 = learn_action(s->learn)[0];
	assert_true(fabs(a4 - br1(a3, 0.5)) < 1e-15);
	assert_int_equal(sim_step(s, &e), 0);
	assert_true(fabs(learn_action(s->learn)[0] - br1((a3 + a4) / 2, 0.5)) < 1e-15);
	sim_free(s);
}

/* kperiod:K keeps K plays of the whole joint action: K is at most 100000 and at most 2^25
 * numbers / D for a game of D components (256 MB of doubles), so a ring never holds more;
 * a larger K is refused with a message naming the bound, and the run goes on unchanged. */
static void test_kperiod_bound(void **state)
{
	static const size_t dims[] = { 1, 2, 100, 335, 336, 1000, 300000, (size_t)1 << 25,
				       ((size_t)1 << 25) + 1 };
	static const long want[] = { 100000, 100000, 100000, 100000, 99864, 33554, 111, 1, 0 };
	for (size_t i = 0; i < sizeof dims / sizeof dims[0]; i++) {
		assert_int_equal(learn_kperiod_max(dims[i]), want[i]);
		assert_true((size_t)learn_kperiod_max(dims[i]) * dims[i] <= (size_t)1 << 25);
	}
	struct sim *s = affine_sim(300000, 0.5, "cournot");
	struct err e;
	struct learn_spec spec;
	learn_parse("kperiod:112", &spec, &e);
	assert_int_equal(sim_set_dynamics(s, &spec, &e), -1);
	assert_string_equal(e.msg, "kperiod:112 keeps 112 plays of 300000 numbers: K at most 111 "
			    "for this model");
	assert_int_equal(s->spec.kind, LEARN_COURNOT);
	learn_parse("kperiod:3", &spec, &e); /* (111 would take 266 MB: allowed, not tried) */
	assert_int_equal(sim_set_dynamics(s, &spec, &e), 0);
	assert_int_equal(sim_step(s, &e), 0);
	sim_free(s);
}

/* ---- toy models: a scalar game with a nonzero start, and a process ---- */

/* BR(x) = 1 - x / 2 from a_0 = 2. */
static int toy_br(struct model *m, const double *x, int player, double *out, struct err *e)
{
	out[0] = 1 - x[0] / 2;
	return 0;
}

static void toy_initial(struct model *m, double *a0) { a0[0] = 2; }

static const struct model_vt toy_vt = { .initial = toy_initial, .best_response = toy_br };

static struct model *toy_create(const struct model_ops *ops, const struct params *p,
				uint64_t seed, struct err *e)
{
	struct model *m = model_alloc(ops, &toy_vt, NULL);
	m->dim = 1;
	return m;
}

static const struct model_ops toy_ops = { .name = "toy", .create = toy_create };

static struct sim *toy_sim(const char *dyn)
{
	struct learn_spec spec;
	struct err e;
	struct params p = {0};
	assert_int_equal(learn_parse(dyn, &spec, &e), 0);
	struct sim *s = sim_new(&toy_ops, &p, 1, &spec, &e);
	assert_non_null(s);
	return s;
}

/* ewma starts its average at the first play: r_0 = a_0 = 2 (spec A10), so the first
 * belief is w a_0 + (1-w) a_0 = 2, not w a_0. */
static void test_ewma_start(void **state)
{
	struct sim *s = toy_sim("ewma:0.25");
	struct err e;
	double a = 2, r = 2;
	for (int n = 1; n <= 6; n++) {
		double b = 0.25 * a + 0.75 * r;
		a = 1 - b / 2;
		r = 0.25 * a + 0.75 * r;
		assert_int_equal(sim_step(s, &e), 0);
		assert_true(fabs(learn_action(s->learn)[0] - a) < 1e-15);
	}
	sim_free(s);
}

/* Switching ewma:W to ewma:V keeps the average r and applies V from the next record on. */
static void test_ewma_switch_weight(void **state)
{
	struct sim *s = toy_sim("ewma:0.5");
	struct err e;
	struct learn_spec spec;
	double a = 2, r = 2, w = 0.5;
	for (int n = 1; n <= 8; n++) {
		if (n == 4) {
			w = 0.2;
			assert_int_equal(learn_parse("ewma:0.2", &spec, &e), 0);
			assert_int_equal(sim_set_dynamics(s, &spec, &e), 0);
		}
		double b = w * a + (1 - w) * r;
		a = 1 - b / 2;
		r = w * a + (1 - w) * r;
		assert_int_equal(sim_step(s, &e), 0);
		if (fabs(learn_action(s->learn)[0] - a) > 1e-15)
			fail_msg("step %d: %.17g, expected %.17g", n, learn_action(s->learn)[0], a);
	}
	sim_free(s);
}

/* A process: no action; advance is its step and sees the step index. */
struct proc {
	long advanced, last_step;
};

static int proc_advance(struct model *m, const struct model_step *st, struct err *e)
{
	struct proc *p = m->self;
	assert_null(st->action);
	p->advanced++;
	p->last_step = st->step;
	if (st->step >= 2)
		model_warn(m, "no luck after %ld tries", st->step);
	return 0;
}

static int proc_observe(struct model *m, const struct model_obs *o, double *vals, struct err *e)
{
	struct proc *p = m->self;
	vals[0] = 1.0 / (double)(p->advanced + 1);
	return 0;
}

static void proc_destroy(struct model *m) { free(m->self); }

static const struct model_vt proc_vt = {
	.destroy = proc_destroy, .advance = proc_advance, .observe = proc_observe,
};

static struct model *proc_create(const struct model_ops *ops, const struct params *p,
				 uint64_t seed, struct err *e)
{
	struct model *m = model_alloc(ops, &proc_vt, calloc(1, sizeof(struct proc)));
	m->convergence = "residual";
	return m;
}

static const struct model_series_desc proc_series[] = { { .name = "residual" } };
static const struct model_ops proc_ops = {
	.name = "proc", .series = proc_series, .nseries = 1, .create = proc_create,
};

static void test_process(void **state)
{
	struct err e;
	struct params p = {0};
	struct learn_spec spec;
	char buf[32];
	assert_int_equal(learn_parse("fictitious", &spec, &e), 0);
	assert_null(sim_new(&proc_ops, &p, 1, &spec, &e));
	assert_string_equal(e.msg, "model proc is a process, not a game: it has no learning "
				   "dynamics");
	struct sim *s = sim_new(&proc_ops, &p, 1, NULL, &e);
	assert_non_null(s);
	assert_null(sim_warning(s));
	learn_format(&s->spec, buf, sizeof buf);
	assert_string_equal(buf, "-");
	assert_int_equal(sim_set_dynamics(s, &spec, &e), -1);
	assert_non_null(strstr(e.msg, "is a process, not a game"));
	for (int n = 1; n <= 3; n++)
		assert_int_equal(sim_step(s, &e), 0);
	struct proc *pr = s->model->self;
	assert_int_equal(pr->advanced, 3);
	assert_int_equal(pr->last_step, 3);
	for (size_t r = 0; r < s->series.nrows; r++)
		assert_true(isnan(series_at(&s->series, r, 0))); /* no step_change */
	assert_string_equal(sim_convergence_name(s), "residual");
	assert_true(sim_convergence(s) == 0.25);
	/* the first step that did not converge is kept, with the model's words */
	assert_string_equal(sim_warning(s), "step 2: no luck after 2 tries");
	assert_int_equal(s->model->nwarnings, 2);
	assert_string_equal(s->model->warning, "no luck after 3 tries");
	sim_free(s);
}

/* Seeded schedules: `random` moves exactly one player per step, `async:P` each with
 * probability P; the same seed gives the same play, and the two differ. */
static void play(const char *dyn, uint64_t seed, int steps, double *out, long *moved)
{
	struct params p;
	struct err e;
	struct learn_spec spec;
	params_init(&p, affine_model_ops.params, affine_model_ops.nparams);
	assert_int_equal(params_set_num(&p, params_find(&p, "dim"), 8, &e), 0);
	assert_int_equal(learn_parse(dyn, &spec, &e), 0);
	struct sim *s = sim_new(&affine_model_ops, &p, seed, &spec, &e);
	params_fini(&p);
	double prev[8] = {0};
	*moved = 0;
	for (int n = 0; n < steps; n++) {
		assert_int_equal(sim_step(s, &e), 0);
		const double *a = learn_action(s->learn);
		int changed = 0;
		for (int i = 0; i < 8; i++) {
			changed += a[i] != prev[i];
			prev[i] = a[i];
		}
		if (strstr(dyn, "random"))
			assert_true(changed <= 1);
		*moved += changed;
		out[n] = a[0] + 2 * a[3] + 3 * a[7];
	}
	sim_free(s);
}

static void test_random_schedules(void **state)
{
	enum { N = 2000 };
	static double x[N], y[N], z[N];
	long mx, my, mz;
	play("cournot,random", 5, N, x, &mx);
	play("cournot,random", 5, N, y, &my);
	assert_memory_equal(x, y, sizeof x);
	play("cournot,async:0.25", 5, N, z, &mz);
	assert_memory_not_equal(x, z, sizeof x);
	play("cournot,async:0.25", 5, N, y, &my);
	assert_memory_equal(y, z, sizeof y);
	play("cournot,random", 6, N, y, &my);
	assert_memory_not_equal(x, y, sizeof x);
	/* async:0.25 early on: each player revises about a quarter of the time. Moves that
	 * change nothing are not counted, so check the first steps only, far from x*: over
	 * 8 players x 40 steps the count is Binomial(320, 0.25) (mean 80, sd 7.7). */
	play("cournot,async:0.25", 5, 40, z, &mz);
	assert_true(mz > 80 - 4 * 7.7 && mz < 80 + 4 * 7.7);
}

/* ---- the engine's bookkeeping is exact, whichever way it is done ---- */

/* A game with blocks of 1, 2 and 3 components, an L2 norm and a known equilibrium:
 * BR_i(x) = c_i - sum_j A_ij x_j / 8 with small dense A (a contraction). */
enum { LIN_DIM = 6 };
static const double lin_c[LIN_DIM] = { 1, -0.5, 2, 0.25, -1, 3 };
static const size_t lin_off[] = { 0, 1, 3, 6 };
static double lin_eq[LIN_DIM];

static int lin_br(struct model *m, const double *x, int player, double *out, struct err *e)
{
	size_t lo = player < 0 ? 0 : lin_off[player];
	size_t hi = player < 0 ? LIN_DIM : lin_off[player + 1];
	for (size_t i = lo; i < hi; i++) {
		double acc = 0;
		for (size_t j = 0; j < LIN_DIM; j++)
			acc += (double)((int)((i * 7 + j * 3) % 5) - 2) * x[j];
		out[i] = lin_c[i] - acc / 8;
	}
	return 0;
}

static void lin_initial(struct model *m, double *a0)
{
	for (size_t i = 0; i < LIN_DIM; i++)
		a0[i] = (double)i - 2.5;
}

/* A change of units on every other step (while lin_rescales is set): the series are read
 * after it, so they must be measured on the rescaled plays. */
static int lin_rescales;

static int lin_rescale(struct model *m, const double *a, double *factor)
{
	static int flip;
	if (!lin_rescales || (flip ^= 1) == 0)
		return 0;
	for (size_t i = 0; i < LIN_DIM; i++)
		factor[i] = 0.75 + 0.125 * (double)i;
	return 1;
}

static const struct model_vt lin_vt = { .initial = lin_initial, .best_response = lin_br,
					.rescale = lin_rescale };

static struct model *lin_create(const struct model_ops *ops, const struct params *p,
				uint64_t seed, struct err *e)
{
	struct model *m = model_alloc(ops, &lin_vt, NULL);
	m->dim = LIN_DIM;
	m->nplayers = 3;
	m->player_off = lin_off;
	m->norm = MODEL_NORM_L2;
	for (size_t i = 0; i < LIN_DIM; i++) /* any reference point will do for dist_ne */
		lin_eq[i] = lin_c[i] / 2;
	m->equilibrium = lin_eq;
	return m;
}

static const struct model_ops lin_ops = { .name = "lin", .create = lin_create };

static struct sim *lin_sim(const char *dyn, int stream)
{
	struct learn_spec spec;
	struct err e;
	struct params p = {0};
	assert_int_equal(learn_parse(dyn, &spec, &e), 0);
	struct sim *s = sim_new(&lin_ops, &p, 3, &spec, &e);
	assert_non_null(s);
	s->model->br_stream = stream;
	return s;
}

static const char *const all_dyns[] = {
	"cournot", "damped:0.3", "ewma:0.4", "fictitious", "kperiod:3", "cournot,async:0.5",
	"damped:0.6,random", "fictitious,sequential",
};

/* step_change and dist_ne are what model_norm_diff gives, bit for bit, every step and under
 * every way of recording (one pass, block by block, per player, sequential), L2 and max. */
static void test_engine_measures(void **state)
{
	struct err e;
	for (size_t d = 0; d < sizeof all_dyns / sizeof all_dyns[0]; d++)
		for (int g = 0; g < 4; g++) {
			lin_rescales = g == 3; /* game 3: game 0 with a rescale every other step */
			struct sim *s = g == 2 ? affine_sim(8, 0.7, all_dyns[d])
					       : lin_sim(all_dyns[d], g == 1);
			const struct model *m = s->model;
			for (int n = 1; n <= 9; n++) {
				assert_int_equal(sim_step(s, &e), 0);
				const double *a = learn_action(s->learn), *p = learn_prev(s->learn);
				const struct series_table *t = &s->series;
				double sc = model_norm_diff(m->norm, a, p, m->dim);
				double ne = model_norm_diff(m->norm, a, m->equilibrium, m->dim);
				if (series_at(t, (size_t)n, 0) != sc || series_at(t, (size_t)n, 1) != ne)
					fail_msg("%s, game %d, step %d: step_change %.17g (%.17g), dist_ne "
						 "%.17g (%.17g)", all_dyns[d], g, n,
						 series_at(t, (size_t)n, 0), sc, series_at(t, (size_t)n, 1), ne);
			}
			sim_free(s);
		}
	lin_rescales = 0;
}

/* Streaming a model player by player (br_stream) gives the same play and series, bit for
 * bit, as one best response of the whole round, also across switches. */
static void test_stream_same(void **state)
{
	struct err e;
	struct learn_spec spec;
	for (size_t d = 0; d < sizeof all_dyns / sizeof all_dyns[0]; d++) {
		struct sim *a = lin_sim(all_dyns[d], 0), *b = lin_sim(all_dyns[d], 1);
		for (int n = 1; n <= 12; n++) {
			if (n == 7) { /* switch both mid-run */
				assert_int_equal(learn_parse(d % 2 ? "fictitious" : "ewma:0.2", &spec, &e), 0);
				assert_int_equal(sim_set_dynamics(a, &spec, &e), 0);
				assert_int_equal(sim_set_dynamics(b, &spec, &e), 0);
			}
			assert_int_equal(sim_step(a, &e), 0);
			assert_int_equal(sim_step(b, &e), 0);
			assert_memory_equal(learn_action(a->learn), learn_action(b->learn),
					    LIN_DIM * sizeof(double));
		}
		assert_int_equal(a->series.nrows, b->series.nrows);
		for (size_t r = 0; r < a->series.nrows; r++)
			for (size_t c = 0; c < a->series.ncols; c++)
				assert_true(series_at(&a->series, r, c) == series_at(&b->series, r, c) ||
					    (isnan(series_at(&a->series, r, c)) &&
					     isnan(series_at(&b->series, r, c))));
		sim_free(a);
		sim_free(b);
	}
}

/* Rules that do not read the running sum or the exponential average (cournot, damped,
 * kperiod) fold plays into them two at a time: after any number of steps, a switch to
 * fictitious or ewma, and the mean, see exactly (==) the sums an eager update builds:
 * sum = a_0, sum += a_k; r = a_0, r = w a_k + (1 - w) r with w = 0.5 before any ewma.
 * Small games (with the ring) and a large one (dim 40000, no ring), odd and even counts. */
static void check_history(struct sim *s, const char *first, int steps, const char *then)
{
	struct err e;
	struct learn_spec spec;
	size_t dim = s->model->dim;
	double *sum = calloc(dim, sizeof *sum), *r = calloc(dim, sizeof *r);
	double *mean = calloc(dim, sizeof *mean);
	memcpy(sum, learn_action(s->learn), dim * sizeof *sum);
	memcpy(r, sum, dim * sizeof *r);
	for (int n = 1; n <= steps; n++) {
		assert_int_equal(sim_step(s, &e), 0);
		const double *a = learn_action(s->learn);
		for (size_t i = 0; i < dim; i++) {
			sum[i] += a[i];
			r[i] = 0.5 * a[i] + (1 - 0.5) * r[i];
		}
	}
	const double *m = learn_mean(s->learn);
	double inv = 1.0 / (double)(steps + 1);
	for (size_t i = 0; i < dim; i++)
		mean[i] = sum[i] * inv;
	assert_memory_equal(m, mean, dim * sizeof *mean);
	assert_int_equal(learn_parse(then, &spec, &e), 0);
	assert_int_equal(sim_set_dynamics(s, &spec, &e), 0);
	const double *a = learn_action(s->learn);
	double *expect = calloc(dim, sizeof *expect);
	for (size_t i = 0; i < dim; i++)
		expect[i] = spec.kind == LEARN_FICTITIOUS ? sum[i] * inv
							 : spec.w * a[i] + (1 - spec.w) * r[i];
	assert_int_equal(sim_step(s, &e), 0);
	if (memcmp(learn_belief(s->learn), expect, dim * sizeof *expect) != 0)
		fail_msg("%s for %d steps then %s: the belief is not the eager one", first, steps,
			 then);
	free(expect);
	free(sum);
	free(r);
	free(mean);
}

static void test_lazy_history_exact(void **state)
{
	static const char *const lazy[] = { "cournot", "damped:0.3", "kperiod:2" };
	static const char *const then[] = { "fictitious", "ewma:0.3" };
	for (int k = 0; k < 3; k++)
		for (int steps = 4; steps <= 5; steps++)
			for (int t = 0; t < 2; t++) {
				struct sim *s = lin_sim(lazy[k], k == 1);
				check_history(s, lazy[k], steps, then[t]);
				sim_free(s);
				s = affine_sim(40000, 0.6, lazy[k]);
				check_history(s, lazy[k], steps, then[t]);
				sim_free(s);
			}
}

/* A huge game (more than 2^21 components) keeps only what the rule reads: after cournot a
 * switch to fictitious averages the plays from the switch on (count 1, then 2), a switch to
 * ewma starts from r = a_n, as a run starts from r_0 = a_0. */
static void test_huge_keeps_what_rule_reads(void **state)
{
	const size_t dim = ((size_t)1 << 21) + 2;
	for (int t = 0; t < 2; t++) {
		struct sim *s = affine_sim((int)dim, 0.6, "cournot");
		struct err e;
		struct learn_spec spec;
		double *a3 = malloc(dim * sizeof *a3), *a4 = malloc(dim * sizeof *a4);
		double *want = malloc(dim * sizeof *want), *r = malloc(dim * sizeof *r);
		for (int n = 0; n < 3; n++)
			assert_int_equal(sim_step(s, &e), 0);
		memcpy(a3, learn_action(s->learn), dim * sizeof *a3);
		assert_int_equal(learn_parse(t ? "ewma:0.3" : "fictitious", &spec, &e), 0);
		assert_int_equal(sim_set_dynamics(s, &spec, &e), 0);
		assert_int_equal(sim_step(s, &e), 0);
		double w = spec.w;
		for (size_t i = 0; i < dim; i++)
			want[i] = t ? w * a3[i] + (1 - w) * a3[i] : a3[i] * 1.0;
		assert_memory_equal(learn_belief(s->learn), want, dim * sizeof *want);
		memcpy(a4, learn_action(s->learn), dim * sizeof *a4);
		assert_int_equal(sim_step(s, &e), 0);
		for (size_t i = 0; i < dim; i++) {
			r[i] = w * a4[i] + (1 - w) * a3[i];
			want[i] = t ? w * a4[i] + (1 - w) * r[i] : (a3[i] + a4[i]) * (1.0 / 2);
		}
		assert_memory_equal(learn_belief(s->learn), want, dim * sizeof *want);
		free(a3);
		free(a4);
		free(want);
		free(r);
		sim_free(s);
	}
}

/* A huge game with look-ahead (model_vt.observe_ahead) whose observation fails once, at step
 * AHD_FAIL, after handing over ahd_after blocks of the next step (0 .. all of them), against
 * the same game without look-ahead failing at the same step: BR_i = c_i - rho x_{i+1}. */
#define AHD_DIM (((size_t)1 << 21) + 8)
#define AHD_NP 8
#define AHD_FAIL 4
static int ahd_after;
struct ahd {
	size_t off[AHD_NP + 1];
	double *eq;
	long aheads; /* look-ahead observations asked for */
};

static void ahd_block(const double *x, int q, const size_t *off, double *out)
{
	for (size_t i = off[q]; i < off[q + 1]; i++)
		out[i] = 1 + (double)(i % 7) * 0.125 - 0.5 * x[(i + 1) % AHD_DIM];
}

static int ahd_br(struct model *m, const double *x, int player, double *out, struct err *e)
{
	struct ahd *h = m->self;
	for (int q = player < 0 ? 0 : player; q < (player < 0 ? AHD_NP : player + 1); q++)
		ahd_block(x, q, h->off, out);
	return 0;
}

static void ahd_initial(struct model *m, double *a0)
{
	for (size_t i = 0; i < AHD_DIM; i++)
		a0[i] = (double)(i % 11) * 0.25;
}

static int ahd_observe(struct model *m, const struct model_obs *o, double *vals, struct err *e)
{
	if (o->step == AHD_FAIL)
		return err_set(e, "observation of step %d failed", AHD_FAIL);
	vals[0] = o->action[0] + o->action[AHD_DIM - 1];
	return 0;
}

static int ahd_observe_ahead(struct model *m, const struct model_obs *o, double *vals,
			     const struct belief *belief, double *next,
			     void (*done)(void *ctx, int player), void *ctx, struct err *e)
{
	struct ahd *h = m->self;
	double *bel = malloc(AHD_DIM * sizeof *bel); /* the belief's components, as the model
						      * would read them */
	h->aheads++;
	for (size_t i = 0; i < AHD_DIM; i++)
		bel[i] = belief_at(belief->kind, belief->v, belief->c, o->action, i);
	for (int q = 0; q < AHD_NP; q++) {
		if (o->step == AHD_FAIL && q == ahd_after) {
			free(bel);
			return err_set(e, "observation of step %d failed", AHD_FAIL);
		}
		ahd_block(bel, q, h->off, next);
		done(ctx, q);
	}
	free(bel);
	return ahd_observe(m, o, vals, e);
}

static void ahd_destroy(struct model *m)
{
	struct ahd *h = m->self;
	free(h->eq);
	free(h);
}

static const struct model_vt ahd_vt = { .initial = ahd_initial, .best_response = ahd_br,
					.observe = ahd_observe, .destroy = ahd_destroy,
					.observe_ahead = ahd_observe_ahead };
static const struct model_vt ahd_plain_vt = { .initial = ahd_initial, .best_response = ahd_br,
					      .observe = ahd_observe, .destroy = ahd_destroy };

static struct model *ahd_create(const struct model_ops *ops, const struct params *p,
				uint64_t seed, struct err *e)
{
	struct ahd *h = calloc(1, sizeof *h);
	struct model *m = model_alloc(ops, seed ? &ahd_vt : &ahd_plain_vt, h);
	for (int q = 0; q <= AHD_NP; q++)
		h->off[q] = q == AHD_NP ? AHD_DIM : (size_t)q * (AHD_DIM / AHD_NP);
	h->eq = malloc(AHD_DIM * sizeof *h->eq);
	for (size_t i = 0; i < AHD_DIM; i++) /* any reference point will do for dist_ne */
		h->eq[i] = (double)(i % 5) * 0.5;
	m->dim = AHD_DIM;
	m->nplayers = AHD_NP;
	m->player_off = h->off;
	m->norm = MODEL_NORM_L2;
	m->equilibrium = h->eq;
	return m;
}

static const struct model_series_desc ahd_series[] = { { .name = "ends" } };
static const struct model_ops ahd_ops = {
	.name = "ahd", .series = ahd_series, .nseries = 1, .create = ahd_create,
};

/* seed 1: with look-ahead; seed 0: without. */
static struct sim *ahd_sim(const char *dyn, uint64_t seed)
{
	struct learn_spec spec;
	struct err e;
	struct params p = {0};
	assert_int_equal(learn_parse(dyn, &spec, &e), 0);
	struct sim *s = sim_new(&ahd_ops, &p, seed, &spec, &e);
	assert_non_null(s);
	return s;
}

/* After a look-ahead observation fails, with none, some or all of the next step's blocks
 * recorded, every later step (its plays, its belief where both keep it, its series) is
 * what the same game without look-ahead gives after the same failure, bit for bit, under
 * every rule that looks ahead, and after a switch to kperiod:5 that reads the records
 * kept. */
static void test_ahead_failure(void **state)
{
	static const char *const dyns[] = { "cournot", "damped:0.5", "fictitious", "ewma:0.3",
					    "kperiod:3" };
	for (size_t d = 0; d < sizeof dyns / sizeof dyns[0]; d++)
		for (ahd_after = 0; ahd_after <= AHD_NP; ahd_after += AHD_NP / 2) {
			struct sim *a = ahd_sim(dyns[d], 1), *b = ahd_sim(dyns[d], 0);
			struct err e;
			for (int n = 1; n <= AHD_FAIL + 4; n++) {
				int want = n == AHD_FAIL ? -1 : 0;
				assert_int_equal(sim_step(a, &e), want);
				assert_int_equal(sim_step(b, &e), want);
				assert_memory_equal(learn_action(a->learn), learn_action(b->learn),
						    AHD_DIM * sizeof(double));
				const double *ba = learn_belief(a->learn);
				const double *bb = learn_belief(b->learn);
				if (ba && bb) /* a belief stepped over ahead is not kept */
					assert_memory_equal(ba, bb, AHD_DIM * sizeof(double));
			}
			/* then a longer window, over the records kept so far (a step taken ahead puts
			 * its play in a ring slot no window reads: the ring holds the same records) */
			struct learn_spec k5;
			assert_int_equal(learn_parse("kperiod:5", &k5, &e), 0);
			assert_int_equal(sim_set_dynamics(a, &k5, &e), 0);
			assert_int_equal(sim_set_dynamics(b, &k5, &e), 0);
			for (int n = 0; n < 3; n++) {
				assert_int_equal(sim_step(a, &e), 0);
				assert_int_equal(sim_step(b, &e), 0);
				assert_memory_equal(learn_action(a->learn), learn_action(b->learn),
						    AHD_DIM * sizeof(double));
			}
			struct series_table *ta = &a->series, *tb = &b->series;
			assert_int_equal(ta->nrows, tb->nrows);
			assert_int_equal(ta->ncols, tb->ncols);
			assert_memory_equal(ta->data, tb->data,
					    ta->nrows * ta->ncols * sizeof(double));
			/* the look-ahead was taken, so the failure hit it */
			assert_true(((struct ahd *)a->model->self)->aheads > AHD_FAIL / 2);
			sim_free(a);
			sim_free(b);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_dynamics_scalar),
		cmocka_unit_test(test_sequential),
		cmocka_unit_test(test_switch_keeps_history),
		cmocka_unit_test(test_series_and_convergence),
		cmocka_unit_test(test_large_kperiod_switch),
		cmocka_unit_test(test_kperiod_bound),
		cmocka_unit_test(test_ewma_start),
		cmocka_unit_test(test_ewma_switch_weight),
		cmocka_unit_test(test_process),
		cmocka_unit_test(test_random_schedules),
		cmocka_unit_test(test_engine_measures),
		cmocka_unit_test(test_stream_same),
		cmocka_unit_test(test_lazy_history_exact),
		cmocka_unit_test(test_huge_keeps_what_rule_reads),
		cmocka_unit_test(test_ahead_failure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
