/* psp_fixture: the spec's fixed instances of the `psp` model for its tests (spec §6, §7 and
 * errata E2) and small readers of a sim's state: per-seller allocations from the
 * `allocation` distribution, bids from the engine's action. Header-only (static), shared by
 * the tests in tests/psp/. Neighbours: tests/testutil (params, sims, describe). */
#ifndef TATON_TESTS_PSP_FIXTURE_H
#define TATON_TESTS_PSP_FIXTURE_H

#include <string.h>

#include "core/learn.h"
#include "core/models/models.h"
#include "core/sim.h"
#include "tests/testutil.h"

static const struct model_ops *const pf_ops = &psp_model_ops;

static inline void pf_array(struct params *p, const char *name, const double *x, int n)
{
	tu_set_table(p, name, x, n, 1);
}

/* The draft's worked example (§3.4.4, spec §6): two sellers (65, 85), five step buyers,
 * eps = 0.01, everyone starts with its need at the largest seller, Jacobi replies. */
static inline void pf_example(struct params *p)
{
	static const double kappa[] = { 1, 1.2, 1.5, 2, 2.2 }, need[] = { 50, 40, 26, 20, 14 };
	static const double sellers[] = { 65, 85 };
	params_init(p, pf_ops->params, pf_ops->nparams);
	tu_set_str(p, "valuation", "step");
	pf_array(p, "kappa", kappa, 5);
	pf_array(p, "need", need, 5);
	pf_array(p, "sellers", sellers, 2);
	tu_set_num(p, "eps", 0.01);
	tu_set_str(p, "order", "jacobi");
	tu_set_str(p, "init", "need");
}

/* Errata E2's stall: sellers (30, 50, 40), reserve eps = 0.02, step buyers A (24, 1.1),
 * B (36, 1.3), C (18, 1.9), D (12, 2.4), E (30, 0.9), all starting at seller 2. */
static inline void pf_stall(struct params *p)
{
	static const double kappa[] = { 1.1, 1.3, 1.9, 2.4, 0.9 }, need[] = { 24, 36, 18, 12, 30 };
	static const double sellers[] = { 30, 50, 40 };
	params_init(p, pf_ops->params, pf_ops->nparams);
	tu_set_str(p, "valuation", "step");
	pf_array(p, "kappa", kappa, 5);
	pf_array(p, "need", need, 5);
	pf_array(p, "sellers", sellers, 3);
	tu_set_num(p, "eps", 0.02);
	tu_set_str(p, "order", "jacobi");
	tu_set_str(p, "init", "need");
}

/* S-PSP-1 (spec §7): one seller of 100, eight linear buyers, eps = 0.1, Gauss-Seidel. */
static inline void pf_market(struct params *p)
{
	static const double kappa[] = { 5.0, 4.5, 4.0, 3.5, 3.0, 2.5, 2.0, 1.5 };
	static const double need[] = { 30, 20, 25, 15, 35, 20, 30, 25 }, sellers[] = { 100 };
	params_init(p, pf_ops->params, pf_ops->nparams);
	pf_array(p, "kappa", kappa, 8);
	pf_array(p, "need", need, 8);
	pf_array(p, "sellers", sellers, 1);
	tu_set_num(p, "eps", 0.1);
}

/* S-PSP-2 (spec §7) is the model's default: three sellers (60, 40, 20), ten buyers. */
static inline void pf_exchange(struct params *p, const char *pool)
{
	params_init(p, pf_ops->params, pf_ops->nparams);
	tu_set_str(p, "pool", pool);
}

/* Steps until a step with no re-bid (at most `max` steps); returns that step or -1. */
static inline long pf_run(struct sim *s, long max)
{
	for (long n = 0; n < max; n++) {
		tu_steps(s, 1);
		if (tu_last(s, "rebids") == 0)
			return sim_n(s);
	}
	return -1;
}

/* y values of the curve `label` of distribution `name` into out (n values). */
static inline void pf_curve(struct sim *s, const char *name, const char *label, double *out,
		     size_t n)
{
	struct dist d = tu_dist(s, name);
	for (size_t c = 0; c < d.ncurves; c++)
		if (strcmp(d.c[c].label, label) == 0) {
			if (d.c[c].n != n)
				fail_msg("%s/%s has %zu points, not %zu", name, label, d.c[c].n, n);
			memcpy(out, d.c[c].y, n * sizeof *out);
			dist_fini(&d);
			return;
		}
	dist_fini(&d);
	fail_msg("distribution %s has no curve '%s'", name, label);
}

/* Buyer i's bid (q, p) at seller j (ns sellers) in the current action. */
static inline const double *pf_bid(struct sim *s, int ns, int i, int j)
{
	return learn_action(s->learn) + 2 * ((size_t)i * (size_t)ns + (size_t)j);
}

#endif
