/* The chapter-6 mathematics against the thesis, the spec and hand computations:
 * Bayes' rule (6.26) with exact zeros; delta = 0 (Fig. 20) against its closed form (spec §6.4);
 * the coordination benchmarks of Sec. 5 (0.9 / 0.81 / 0.4 / 0.16); the frozen corners for any
 * delta; errata E4 (rule 6.7 makes the pooling profile no stage equilibrium in the delta = 0.5
 * band, for any values, and the band has no exact stage equilibrium: 12 / 18 / 52 points for
 * G = 11 / 16 / 21); the delta = 0.5 map's diagonal against the spec's reference numbers (§6.7);
 * claim 1 under vanishing trembles; delta = 0.95 not settling (§6.7). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tests/testutil.h"
#include "core/models/spbe_core.h"

static void game_init(struct spbe *s, double delta, int G, enum spbe_offpath off,
		      enum spbe_select sel)
{
	struct spbe_game g = { .cost = { 1.2, 0.2 }, .delta = delta, .G = G, .offpath = off,
			       .select = sel };
	struct err e;
	if (spbe_init(s, &g, &e) < 0)
		fail_msg("%s", e.msg);
}

static double *new_map(const struct spbe *s)
{
	return calloc(2 * (size_t)s->n, sizeof(double));
}

/* Policy iteration from the all-abstain map: at most maxit steps, stopping when the map
 * repeats. Returns the steps taken; *moving = the last sup change of the map. */
static int iterate(struct spbe *s, double *map, int maxit, double *moving)
{
	size_t dim = 2 * (size_t)s->n;
	double *next = new_map(s);
	int k;
	*moving = INFINITY;
	for (k = 1; k <= maxit; k++) {
		spbe_best_response(s, map, next);
		double d = 0;
		for (size_t c = 0; c < dim; c++)
			d = fmax(d, fabs(next[c] - map[c]));
		memcpy(map, next, dim * sizeof *map);
		*moving = d;
		if (d == 0)
			break;
	}
	free(next);
	return k;
}

/* Random values (the claims below hold for any V). */
static void random_values(const struct spbe *s, uint64_t seed, double *V[2])
{
	struct rng r;
	rng_seed(&r, seed);
	for (int x = 0; x < 2; x++) {
		V[x] = malloc((size_t)s->n * sizeof(double));
		for (int k = 0; k < s->n; k++)
			V[x][k] = rng_uniform_range(&r, -1, 3);
	}
}

static int idx(const struct spbe *s, double pi) { return (int)lround(pi * (s->g.G - 1)); }

/* ---- Bayes' rule (6.26) ---- */

static void test_bayes(void **state)
{
	(void)state;
	int off;
	/* pi = 0.5, p_H = 0.2, p_L = 0.6: contribute 0.1/(0.1 + 0.3), abstain 0.4/(0.4 + 0.2) */
	TU_REL(0.25, spbe_bayes(0.5, 0.2, 0.6, 1, &off), 1e-15);
	assert_int_equal(off, 0);
	TU_REL(2.0 / 3, spbe_bayes(0.5, 0.2, 0.6, 0, &off), 1e-15);
	/* pi = 0.3, H never, L always contributes: contributing reveals L, abstaining H */
	assert_true(spbe_bayes(0.3, 0, 1, 1, &off) == 0);
	assert_true(spbe_bayes(0.3, 0, 1, 0, &off) == 1);
	/* nobody contributes: the denominator is 0, rule (6.7) keeps the belief */
	assert_true(spbe_bayes(0.3, 0, 0, 1, &off) == 0.3);
	assert_int_equal(off, 1);
	/* exact zeros (errata E4): 1e-12 and 1e-27 are 0, so no type contributes */
	assert_true(spbe_bayes(0.6, 1e-27, 1e-12, 1, &off) == 0.6);
	assert_int_equal(off, 1);
	/* ... and 1 - 1e-12 is 1 */
	assert_true(spbe_bayes(0.6, 1 - 1e-12, 1, 0, &off) == 0.6);
	assert_int_equal(off, 1);
	/* frozen beliefs: a prior of 0 or 1 never moves */
	assert_true(spbe_bayes(0, 0.7, 0.1, 1, NULL) == 0);
	assert_true(spbe_bayes(1, 0, 0.4, 1, NULL) == 1);
	assert_true(spbe_bayes(1, 0.3, 0.4, 0, NULL) == 1);
	/* the martingale property q u + (1 - q) v = pi */
	struct rng r;
	rng_seed(&r, 7);
	for (int k = 0; k < 1000; k++) {
		double pi = rng_uniform(&r), h = rng_uniform(&r), l = rng_uniform(&r);
		double q = pi * h + (1 - pi) * l;
		double m = q * spbe_bayes(pi, h, l, 1, NULL) + (1 - q) * spbe_bayes(pi, h, l, 0, NULL);
		TU_REL(pi, m, 1e-13);
	}
}

/* ---- delta = 0: Fig. 20 ---- */

/* The closed form of spec §6.4 with the max-joint-value selection in the chicken square
 * pi1, pi2 < 0.2: the pure profile in which the likelier-L agent contributes has joint value
 * 1.8 (1 - min pi) (0.8 (1 - pi) for the contributor, (1 - pi) for the free rider), the mixed
 * profile 0.8 + 0.8 = 1.6 (each type of each agent gets 0.8), so the pure one is selected
 * unless min pi > 1/9; on the diagonal only the symmetric mixed one exists. */
static double fig20_p1L(double pi1, double pi2)
{
	if (pi2 > 0.2)
		return 1;
	if (pi1 > 0.2)
		return 0;
	if (pi1 == pi2 || 1.8 * (1 - fmin(pi1, pi2)) < 1.6)
		return 0.8 / (1 - pi2);
	return pi1 < pi2 ? 1 : 0;
}

static void test_fig20(void **state)
{
	(void)state;
	struct spbe s;
	game_init(&s, 0, 21, SPBE_KEEP, SPBE_VALUE);
	double *a = new_map(&s), *b = new_map(&s);
	spbe_best_response(&s, a, b);
	int G = s.g.G, checked = 0;
	for (int j = 0; j < G; j++)
		for (int i = 0; i < G; i++) {
			double pi1 = s.grid[i], pi2 = s.grid[j];
			int k = j * G + i;
			if (b[k] != 0) /* H never contributes: 1 - 1.2 < 0 */
				fail_msg("p1H(%g, %g) = %g", pi1, pi2, b[k]);
			if (fabs(pi1 - 0.2) < 1e-9 || fabs(pi2 - 0.2) < 1e-9)
				continue; /* indifference lines: a continuum of equilibria */
			TU_REL(fig20_p1L(pi1, pi2), b[s.n + k], 1e-12);
			checked++;
		}
	assert_int_equal(checked, 20 * 20);
	/* the mixed profile on the low diagonal */
	for (double pi = 0; pi < 0.19; pi += 0.05)
		TU_REL(0.8 / (1 - pi), b[s.n + idx(&s, pi) * G + idx(&s, pi)], 1e-12);
	/* three equilibria off the diagonal in the chicken square, one (symmetric) on it */
	assert_int_equal(s.neq[idx(&s, 0.1) * G + idx(&s, 0.05)], 3);
	assert_int_equal(s.neq[idx(&s, 0.1) * G + idx(&s, 0.1)], 1);
	assert_int_equal(s.noeq, 0);
	assert_true(spbe_regret(&s, b, NULL) <= SPBE_EQ_TOL);
	free(a);
	free(b);
	spbe_fini(&s);
}

/* Sec. 5: full coordination 1 - x/2, none (1 - x/2)^2: 0.9 / 0.81 (x_L), 0.4 / 0.16 (x_H). */
static void test_coordination(void **state)
{
	(void)state;
	TU_REL(0.9, spbe_coord_full(0.2), 1e-15);
	TU_REL(0.81, spbe_coord_none(0.2), 1e-12);
	TU_REL(0.4, spbe_coord_full(1.2), 1e-15);
	TU_REL(0.16, spbe_coord_none(1.2), 1e-12);
}

/* ---- frozen corners ---- */

/* At a corner beliefs never move, so both actions have the same continuation and the stage
 * game is the static one: at (1, 1) H abstains (0 > -0.2) and L (believed H) contributes
 * (0.8 > 0), per-round (0, 0.8); at (0, 1) the same; at (1, 0) agent 2 (L) contributes and
 * agent 1 free-rides whatever its type, per-round (1, 1). */
static void check_corners(double delta, enum spbe_offpath off)
{
	struct spbe s;
	game_init(&s, delta, 7, off, SPBE_STICKY);
	double *V[2];
	random_values(&s, 3, V);
	const double *const cv[2] = { V[0], V[1] };
	static const struct { int i, j; double p1H, p1L; } want[] = {
		{ 6, 6, 0, 1 }, { 0, 6, 0, 1 }, { 6, 0, 0, 0 },
	};
	for (size_t c = 0; c < 3; c++) {
		struct spbe_stage st;
		assert_int_equal(spbe_stage_solve(&s, cv, want[c].i, want[c].j, NULL, &st), 1);
		assert_true(st.p[0] == want[c].p1H && st.p[1] == want[c].p1L);
	}
	free(V[0]);
	free(V[1]);
	/* the evaluated per-round values after policy iteration */
	double *a = new_map(&s), moving;
	iterate(&s, a, 3, &moving);
	spbe_evaluate(&s, a);
	double f = 1 - delta;
	int G = s.g.G;
	TU_REL(0, f * s.V[SPBE_H][G * G - 1], 1e-10);
	TU_REL(0.8, f * s.V[SPBE_L][G * G - 1], 1e-10);
	TU_REL(0, f * s.V[SPBE_H][(G - 1) * G], 1e-10);
	TU_REL(0.8, f * s.V[SPBE_L][(G - 1) * G], 1e-10);
	TU_REL(1, f * s.V[SPBE_H][G - 1], 1e-10);
	TU_REL(1, f * s.V[SPBE_L][G - 1], 1e-10);
	free(a);
	spbe_fini(&s);
}

static void test_corners(void **state)
{
	(void)state;
	check_corners(0, SPBE_KEEP);
	check_corners(0.5, SPBE_KEEP);
	check_corners(0.95, SPBE_KEEP);
	check_corners(0.5, SPBE_TREMBLE);
	check_corners(0.95, SPBE_TREMBLE);
}

/* ---- errata E4 ---- */

/* Agent 1 pools on abstaining, agent 2 contributes iff L. Under (6.7) agent 1's belief stays
 * after either action, the continuation terms cancel, and type L gains
 * 0.8 - (1 - pi2) = pi2 - 0.2 by contributing, for any values. */
static void test_pooling_gain(void **state)
{
	(void)state;
	struct spbe s;
	game_init(&s, 0.5, 21, SPBE_KEEP, SPBE_STICKY);
	for (uint64_t seed = 1; seed <= 3; seed++) {
		double *V[2];
		random_values(&s, seed, V);
		const double *const cv[2] = { V[0], V[1] };
		static const double pool[4] = { 0, 0, 0, 1 };
		struct spbe_stage st;
		for (double pi2 = 0.25; pi2 < 0.31; pi2 += 0.05) {
			spbe_stage_eval(&s, cv, idx(&s, 0.6), idx(&s, pi2), pool, &st);
			TU_REL(pi2 - 0.2, st.Q[0][SPBE_L][1] - st.Q[0][SPBE_L][0], 1e-12);
			assert_true(st.regret >= pi2 - 0.2 - 1e-12);
		}
		free(V[0]);
		free(V[1]);
	}
	spbe_fini(&s);
}

/* In the band pi2 in (0.2, 0.33), pi1 >= 0.35 (and its mirror image) no exact stage
 * equilibrium exists under (6.7): the errata count these points as 12, 18, 52 for G = 11,
 * 16, 21, and name (0.6, 0.3). */
static void check_band(int G, int want)
{
	struct spbe s;
	game_init(&s, 0.5, G, SPBE_KEEP, SPBE_STICKY);
	double *a = new_map(&s), moving;
	int steps = iterate(&s, a, 12, &moving);
	if (moving != 0)
		fail_msg("G = %d: the map still moves by %g after %d steps", G, moving, steps);
	assert_int_equal(s.noeq, want);
	for (int j = 0; j < G; j++)
		for (int i = 0; i < G; i++) {
			double p1 = s.grid[i], p2 = s.grid[j];
			int band = (p2 > 0.2 + 1e-9 && p2 < 0.33 && p1 >= 0.35 - 1e-9 && p1 < 1) ||
				   (p1 > 0.2 + 1e-9 && p1 < 0.33 && p2 >= 0.35 - 1e-9 && p2 < 1);
			if (band != s.noeq_at[j * G + i])
				fail_msg("G = %d: (%g, %g) band %d, no exact equilibrium %d", G, p1, p2,
					 band, s.noeq_at[j * G + i]);
		}
	double *per = calloc((size_t)s.n, sizeof *per);
	double worst = spbe_regret(&s, a, per);
	assert_true(worst > 1e-3);
	for (int k = 0; k < s.n; k++)
		if (!s.noeq_at[k] && per[k] > SPBE_EQ_TOL)
			fail_msg("G = %d: point %d has an exact equilibrium but regret %g", G, k,
				 per[k]);
	free(per);
	free(a);
	spbe_fini(&s);
}

static void test_band_keep(void **state)
{
	(void)state;
	check_band(11, 12);
	check_band(16, 18);
	check_band(21, 52);
}

/* The spec's reference (§6.7), G = 21, delta = 0.5: the symmetric mixed diagonal 0.80, 0.70,
 * 0.74, 0.78, 0.83, 0.89, 0.95 at pi = 0, 0.05, ..., 0.30 (two digits), then 1; type H never
 * contributes. Both off-path rules give this diagonal. */
static void check_diagonal(enum spbe_offpath off, double **map_out, struct spbe *s)
{
	static const double diag[] = { 0.80, 0.70, 0.74, 0.78, 0.83, 0.89, 0.95 };
	game_init(s, 0.5, 21, off, SPBE_STICKY);
	double *a = new_map(s), moving;
	iterate(s, a, 12, &moving);
	assert_true(moving == 0);
	int G = s->g.G;
	for (int k = 0; k < G; k++) {
		double p = a[s->n + k * G + k];
		if (k < 7)
			TU_REL(diag[k], p, 0.0051 / diag[k]);
		else
			assert_true(p == 1);
	}
	for (int k = 0; k < s->n; k++)
		assert_true(a[k] == 0);
	*map_out = a;
}

/* Under vanishing trembles the delta = 0.5 map is an exact fixed point and shows claim 1:
 * for pi1 in [0.4, 0.95] type L abstains for pi2 <= 0.30 and contributes for pi2 >= 0.35
 * (delta = 0: from 0.2), as the reference found (§6.7). */
static void test_delta05(void **state)
{
	(void)state;
	struct spbe s;
	double *a;
	check_diagonal(SPBE_KEEP, &a, &s);
	free(a);
	spbe_fini(&s);
	check_diagonal(SPBE_TREMBLE, &a, &s);
	assert_int_equal(s.noeq, 0);
	assert_true(spbe_regret(&s, a, NULL) <= SPBE_EQ_TOL);
	int G = s.g.G;
	for (int i = idx(&s, 0.4); i <= idx(&s, 0.95); i++)
		for (int j = 0; j < G; j++) {
			double want = s.grid[j] <= 0.3 + 1e-9 ? 0 : 1;
			if (a[s.n + j * G + i] != want)
				fail_msg("tremble: p1L(%g, %g) = %g, claim 1 wants %g", s.grid[i],
					 s.grid[j], a[s.n + j * G + i], want);
		}
	free(a);
	spbe_fini(&s);
}

/* delta = 0.95: the spec's reference found no converged fixed point (§6.7); neither does
 * policy iteration here, under either off-path rule. */
static void test_delta095(void **state)
{
	(void)state;
	for (int off = 0; off < 2; off++) {
		struct spbe s;
		game_init(&s, 0.95, 11, (enum spbe_offpath)off, SPBE_STICKY);
		double *a = new_map(&s), moving;
		iterate(&s, a, 25, &moving);
		assert_true(moving > 0.1);
		assert_true(spbe_regret(&s, a, NULL) > 0.01);
		free(a);
		spbe_fini(&s);
	}
}

static void test_bad_game(void **state)
{
	(void)state;
	struct spbe s;
	struct err e;
	struct spbe_game g = { .cost = { 1.2, 0.2 }, .delta = 0.5, .G = 2 };
	assert_int_equal(spbe_init(&s, &g, &e), -1);
	tu_assert_contains(e.msg, "'G'");
	g.G = 11;
	g.delta = 1;
	assert_int_equal(spbe_init(&s, &g, &e), -1);
	tu_assert_contains(e.msg, "[0, 1)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bayes),         cmocka_unit_test(test_fig20),
		cmocka_unit_test(test_coordination),  cmocka_unit_test(test_corners),
		cmocka_unit_test(test_pooling_gain),  cmocka_unit_test(test_band_keep),
		cmocka_unit_test(test_delta05),       cmocka_unit_test(test_delta095),
		cmocka_unit_test(test_bad_game),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
