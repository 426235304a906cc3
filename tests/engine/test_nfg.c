/* Unit tests of the normal-form game model: best responses with each tie rule, NashConv
 * (`regret`), pure-equilibrium enumeration, parameter errors, and textbook fictitious play
 * in matching pennies driven by the engine. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/models/models.h"
#include "core/sim.h"
#include "tests/testutil.h"

static struct sim *game(const double *acts, int np, const double *pay, int ncols,
			const char *tie, const char *dyn, struct err *e)
{
	struct params p;
	struct learn_spec spec;
	params_init(&p, nfg_model_ops.params, nfg_model_ops.nparams);
	assert_int_equal(params_set_table(&p, params_find(&p, "actions"), acts, np, 1, e), 0);
	assert_int_equal(params_set_table(&p, params_find(&p, "payoffs"), pay, np, ncols, e), 0);
	assert_int_equal(params_set_str(&p, params_find(&p, "tie"), tie, e), 0);
	assert_int_equal(learn_parse(dyn, &spec, e), 0);
	struct sim *s = sim_new(&nfg_model_ops, &p, 3, &spec, e);
	params_fini(&p);
	return s;
}

static const double pennies_acts[] = {2, 2};
static const double pennies[] = {1, -1, -1, 1, /* player 1 (row) */
				 -1, 1, 1, -1};

static void test_pennies_fictitious(void **state)
{
	struct err e;
	struct sim *s = game(pennies_acts, 2, pennies, 4, "lowest", "fictitious", &e);
	assert_non_null(s);
	assert_string_equal(sim_convergence_name(s), "regret");
	/* step 0: both play action 1, row wins: regret = 0 + 2 */
	assert_true(fabs(sim_convergence(s) - 2) < 1e-15);
	/* step 1: row keeps 1 (against column's 1), column switches to 2 */
	assert_int_equal(sim_step(s, &e), 0);
	const double *a = learn_action(s->learn);
	assert_true(a[0] == 1 && a[1] == 0 && a[2] == 0 && a[3] == 1);
	/* regret at every step is that of a textbook fictitious play written apart from the
	 * engine (tests/testutil.c), to round-off; a wrong belief, tie rule or NashConv fails */
	static const double A[] = {1, -1, -1, 1}, B[] = {-1, 1, 1, -1};
	for (long n = 2; n <= 20001; n++) {
		assert_int_equal(sim_step(s, &e), 0);
		if (n % 997 == 0 || n == 20001)
			TU_REL(tu_fictitious_nashconv(A, B, 2, 2, 0, 0, n), sim_convergence(s), 1e-9);
	}
	/* Robinson: it converges, here about like 1/sqrt(n) */
	assert_true(sim_convergence(s) < 2 / sqrt(20001.0));
	struct model_kv kv = {0};
	sim_describe(s, &kv);
	assert_string_equal(kv.key[2], "pure_nash_equilibria");
	assert_string_equal(kv.val[2], "{}");
	model_kv_fini(&kv);
	sim_free(s);
}

static void test_ties_and_equilibria(void **state)
{
	/* coordination game: (1,1) and (2,2) are pure equilibria; against a uniform belief
	 * both actions tie for the column player when payoffs are symmetric */
	static const double acts[] = {2, 2};
	static const double pay[] = {1, 0, 0, 1, 1, 0, 0, 1};
	struct err e;
	struct sim *s = game(acts, 2, pay, 4, "uniform", "cournot", &e);
	assert_non_null(s);
	struct model_kv kv = {0};
	sim_describe(s, &kv);
	assert_string_equal(kv.val[2], "{{1, 1}, {2, 2}}");
	model_kv_fini(&kv);
	double belief[4] = {0.5, 0.5, 0.5, 0.5}, out[4];
	assert_int_equal(s->model->vt->best_response(s->model, belief, -1, out, &e), 0);
	for (int i = 0; i < 4; i++)
		assert_true(out[i] == 0.5);
	sim_free(s);
	s = game(acts, 2, pay, 4, "lowest", "cournot", &e);
	assert_int_equal(s->model->vt->best_response(s->model, belief, 1, out, &e), 0);
	assert_true(out[2] == 1 && out[3] == 0);
	/* regret of the mixed profile (0.5, 0.5) x (0.5, 0.5): each player gains 0 */
	sim_free(s);
	s = game(acts, 2, pay, 4, "random", "cournot", &e);
	int seen[2] = {0, 0};
	for (int i = 0; i < 64; i++) {
		s->model->vt->best_response(s->model, belief, 0, out, &e);
		seen[out[0] == 1 ? 0 : 1]++;
		assert_true(out[0] + out[1] == 1);
	}
	assert_true(seen[0] > 8 && seen[1] > 8);
	sim_free(s);
}

/* Plays `dyn` (a sequential schedule) on matching pennies with ties to the lowest action
 * and checks the mover's action after each step against `expect` (1 or 2), computed by hand
 * in the comments below. */
static void check_alternating(const char *dyn, const int *expect, int steps)
{
	struct err e;
	struct sim *s = game(pennies_acts, 2, pennies, 4, "lowest", dyn, &e);
	assert_non_null(s);
	for (int n = 1; n <= steps; n++) {
		assert_int_equal(sim_step(s, &e), 0);
		int mover = (n - 1) % 2; /* row at odd steps, column at even steps */
		const double *a = learn_action(s->learn) + 2 * mover;
		int got = a[0] == 1 ? 1 : 2;
		if (got != expect[n - 1])
			fail_msg("%s step %d: player %d played %d, expected %d", dyn, n, mover + 1,
				 got, expect[n - 1]);
	}
	sim_free(s);
}

/* Alternating (Brown's original) fictitious play: a player's belief averages the other's
 * moves, one per round, including a move made earlier in the current round. From (1, 1):
 * counts row/col after each step, the mover's belief, its choice:
 *  1 row: col (1,0) -> 1          2 col: row (2,0)/2 -> 2
 *  3 row: col (1,1)/2 tie -> 1    4 col: row (3,0)/3 -> 2
 *  5 row: col (1,2)/3 -> 2        6 col: row (3,1)/4 -> 2
 *  7 row: col (1,3)/4 -> 2        8 col: row (3,2)/5 -> 2
 *  9 row: col (1,4)/5 -> 2       10 col: row (3,3)/6 tie -> 1
 * 11 row: col (2,4)/6 -> 2       12 col: row (3,4)/7 -> 1
 * 13 row: col (3,4)/7 -> 2       14 col: row (3,5)/8 -> 1
 * 15 row: col (4,4)/8 tie -> 1   16 col: row (4,5)/9 -> 1
 * Averaging single-player steps instead (each step a record for both) gives other
 * beliefs from step 3 on. */
static void test_alternating_fictitious(void **state)
{
	static const int expect[] = {1, 2, 1, 2, 2, 2, 2, 2, 2, 1, 2, 1, 2, 1, 1, 1};
	check_alternating("fictitious,sequential", expect, 16);
}

/* kperiod:5 in alternating play: the window is the other player's last five moves (its
 * start counts as a move). Up to step 16 the windows hold every move, so the play is the
 * fictitious play above; then (row moves 1,1,2,2,2,2,2,1 at steps 1..15, col 2,2,2,2,1,1,1,1
 * at steps 2..16):
 * 17 row: col {2,1,1,1,1} -> 1     18 col: row {2,2,2,1,1} -> 1
 * 19 row: col {1,1,1,1,1} -> 1     20 col: row {2,2,1,1,1} -> 2
 * Averaging the last five single-player steps instead weights a repeated move twice and
 * gives 1 at step 8. */
static void test_alternating_kperiod(void **state)
{
	static const int expect[] = {1, 2, 1, 2, 2, 2, 2, 2, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 1, 2};
	check_alternating("kperiod:5,sequential", expect, 20);
}

static void test_bad_params(void **state)
{
	static const double acts[] = {2, 3};
	struct err e;
	struct params p;
	struct learn_spec spec;
	learn_parse("cournot", &spec, &e);
	params_init(&p, nfg_model_ops.params, nfg_model_ops.nparams);
	params_set_table(&p, params_find(&p, "actions"), acts, 2, 1, &e);
	params_set_table(&p, params_find(&p, "payoffs"), pennies, 2, 4, &e);
	assert_null(sim_new(&nfg_model_ops, &p, 1, &spec, &e));
	assert_non_null(strstr(e.msg, "'payoffs' must have 2 rows"));
	assert_non_null(strstr(e.msg, "of 6 payoffs"));
	params_fini(&p);
}

/* The value of curve `label` of d at x (it must be there). */
static double curve_at(const struct dist *d, const char *label, double x)
{
	for (size_t k = 0; k < d->ncurves; k++)
		if (strcmp(d->c[k].label, label) == 0)
			for (size_t i = 0; i < d->c[k].n; i++)
				if (d->c[k].x[i] == x)
					return d->c[k].y[i];
	fail_msg("no point %g of curve '%s'", x, label);
	return NAN;
}

/* The mixed equilibrium that makes each player indifferent: matching pennies (1/2, 1/2),
 * a coordination game (1/2, 1/2), none for the prisoner's dilemma (defection dominates);
 * mix_path follows the empirical frequencies (row plays 1 at steps 0 and 1, column 1 then
 * 2: frequencies of action 1 after step 1 are 1 and 1/2) with the equilibrium dotted;
 * payoffs is the matrix on the grid of action pairs. */
static void test_mixed_and_path(void **state)
{
	struct err e;
	struct sim *s = game(pennies_acts, 2, pennies, 4, "lowest", "fictitious", &e);
	assert_non_null(s);
	struct model_kv kv = {0};
	sim_describe(s, &kv);
	assert_string_equal(kv.key[3], "mixed_equilibrium");
	assert_string_equal(kv.val[3], "{{0.5, 0.5}, {0.5, 0.5}}");
	model_kv_fini(&kv);
	assert_int_equal(sim_step(s, &e), 0);
	struct dist d;
	assert_int_equal(sim_dist(s, "mix_path", &d, &e), 0);
	assert_int_equal(d.kind, DIST_LINE);
	assert_true(curve_at(&d, "p1 a1", 0) == 1 && curve_at(&d, "p2 a1", 0) == 1);
	assert_true(curve_at(&d, "p1 a1", 1) == 1 && curve_at(&d, "p2 a1", 1) == 0.5);
	assert_true(curve_at(&d, "NE p1 a1", 0) == 0.5 && curve_at(&d, "NE p2 a1", 0) == 0.5);
	assert_int_equal(d.c[2].style, DIST_STYLE_REFERENCE);
	dist_fini(&d);
	assert_int_equal(sim_dist(s, "payoffs", &d, &e), 0);
	assert_int_equal(d.kind, DIST_GRID);
	assert_int_equal(d.grid.nx, 2);
	assert_int_equal(d.grid.ny, 2);
	/* row 1 against column 2: row loses (-1), column wins (1) */
	assert_true(d.grid.v[0][0 * 2 + 1] == -1 && d.grid.v[1][0 * 2 + 1] == 1);
	assert_true(d.grid.v[0][1 * 2 + 1] == 1);
	dist_fini(&d);
	sim_free(s);
	static const double coord[] = {1, 0, 0, 1, 1, 0, 0, 1};
	s = game(pennies_acts, 2, coord, 4, "lowest", "fictitious", &e);
	sim_describe(s, &kv);
	assert_string_equal(kv.val[3], "{{0.5, 0.5}, {0.5, 0.5}}");
	model_kv_fini(&kv);
	sim_free(s);
	static const double pd[] = {3, 0, 5, 1, 3, 5, 0, 1};
	s = game(pennies_acts, 2, pd, 4, "lowest", "fictitious", &e);
	sim_describe(s, &kv);
	assert_int_equal(kv.n, 3); /* no mixed equilibrium line */
	model_kv_fini(&kv);
	sim_free(s);
	/* three players: no payoff matrix */
	static const double three[] = {2, 2, 2};
	double pay3[3 * 8] = {0};
	s = game(three, 3, pay3, 8, "lowest", "cournot", &e);
	assert_int_equal(sim_dist(s, "payoffs", &d, &e), -1);
	assert_non_null(strstr(e.msg, "needs two players"));
	sim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pennies_fictitious),
		cmocka_unit_test(test_ties_and_equilibria),
		cmocka_unit_test(test_alternating_fictitious),
		cmocka_unit_test(test_alternating_kperiod),
		cmocka_unit_test(test_bad_params),
		cmocka_unit_test(test_mixed_and_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
