/* dnbe_describe: the `describe` lines of a `dnbe` instance: the market and its discretised
 * laws, C*, the first-stage payments, the IR levels, the exact long-run utilities, the
 * posted-price benchmark, the window and penalty, the strategies and, once days have been
 * played, the penalty days per provider. Numbers stay numbers (model_kv_num/vec), vectors
 * print as Lua lists. Neighbours: dnbe.c (the vt entry), dnbe_const.c, dnbe_model.h. */
#include <stdio.h>
#include <stdlib.h>

#include "core/models/dnbe_model.h"
#include "core/xmalloc.h"

static void describe_law(struct model_kv *kv, const char *pfx, const struct dnbe_law *L)
{
	char key[64];
	snprintf(key, sizeof key, "%s_values", pfx);
	model_kv_vec(kv, key, L->v, (size_t)L->k);
	snprintf(key, sizeof key, "%s_mean", pfx);
	model_kv_num(kv, key, dnbe_law_moment(L, 1));
	snprintf(key, sizeof key, "%s_var", pfx);
	model_kv_num(kv, key, dnbe_law_var(L));
	snprintf(key, sizeof key, "%s_E_inv", pfx);
	model_kv_num(kv, key, dnbe_law_moment(L, -1));
	snprintf(key, sizeof key, "%s_E_inv2", pfx);
	model_kv_num(kv, key, dnbe_law_moment(L, -2));
}

static void describe_strategies(struct dnbe *D, struct model_kv *kv)
{
	if (D->lie_game) {
		model_kv_add(kv, "strategies", "consistent lies: provider i bids the law of c_i "
						"delta and reports c_i delta; c is the action");
		return;
	}
	if (D->posted) {
		model_kv_add(kv, "strategies", "none: under a posted price every provider curtails "
						"p / delta_i (no reports)");
		return;
	}
	int k = D->deviators, n = D->n;
	char what[64];
	if (D->skind == DNBE_SCALE)
		snprintf(what, sizeof what, "scale:%g", D->scale);
	else
		snprintf(what, sizeof what, "%s", dnbe_strategy_name(D->skind));
	if (k == 0 || D->skind == DNBE_TRUTHFUL)
		model_kv_add(kv, "strategies", "all truthful");
	else if (k == n)
		model_kv_add(kv, "strategies", "all %s", what);
	else
		model_kv_add(kv, "strategies", "provider%s 1%s%.0d: %s; the others truthful",
			     k > 1 ? "s" : "", k > 1 ? "-" : "", k > 1 ? k : 0, what);
}

static void describe_days(struct dnbe *D, struct model_kv *kv)
{
	const struct dnbe_mech *M = &D->mech;
	int n = D->n;
	model_kv_num(kv, "day", (double)M->l);
	if (D->posted)
		return;
	double *a = xmallocarray((size_t)n, sizeof *a);
	for (int i = 0; i < n; i++)
		a[i] = (double)M->pen_days[i];
	model_kv_vec(kv, "penalty_days", a, (size_t)n);
	for (int i = 0; i < n; i++)
		a[i] = (double)M->last_pen[i];
	model_kv_vec(kv, "last_penalty_day", a, (size_t)n);
	free(a);
	model_kv_add(kv, "profile_keys", "%s", M->test.exact
				? "exact ranks of the report profiles"
				: "64-bit Zobrist hashes of the report profiles (collisions "
				  "~2^-64 per pair)");
}

static void describe_market(struct dnbe *D, struct model_kv *kv)
{
	static const char *const mk[] = { "dr", "toy", "toy_tiefree" };
	model_kv_add(kv, "market", "%s", mk[D->market]);
	if (D->market == DNBE_MARKET_DR) {
		model_kv_add(kv, "type_law", "BetaPrime(%.10g, %.10g) (mean %g, variance %g) in %d "
			     "equiprobable bins, each its conditional mean", D->alpha, D->beta,
			     D->mean, D->var, D->K);
		describe_law(kv, "type", &D->prov);
		model_kv_add(kv, "reserve_law", "BetaPrime(%.10g, %.10g) (mean %g, variance %g) in "
			     "%d equiprobable bins", D->ralpha, D->rbeta, D->rmean, D->rvar, D->K);
		describe_law(kv, "reserve", &D->reserve);
		return;
	}
	const struct dnbe_law *a = &D->truth[0], *b = &D->truth[1];
	model_kv_add(kv, "market_note", "two providers with laws {%g: %g, %g: %g} and "
		     "{%g: %g, %g: %g}; n, K, mean, var and d do not apply", a->v[0], a->p[0],
		     a->v[1], a->p[1], b->v[0], b->p[0], b->v[1], b->p[1]);
	model_kv_num(kv, "g1_star", D->g1);
	model_kv_num(kv, "W_star", -D->C_bid);
	double w[2] = { -D->C_minus[0], -D->C_minus[1] };
	model_kv_vec(kv, "W_star_minus", w, 2);
	model_kv_vec(kv, "E_v", D->ev, 2);
}

static void describe_payments(struct dnbe *D, struct model_kv *kv)
{
	size_t n = (size_t)D->n;
	model_kv_num(kv, "C_star", D->C_star);
	model_kv_num(kv, "C_star_bids", D->C_bid);
	double *pf = xmallocarray(n, sizeof *pf), *pay = xmallocarray(n, sizeof *pay);
	for (size_t i = 0; i < n; i++) { /* eq. 5, and its expected total with eq. 14 */
		pf[i] = -D->C_minus[i] + D->C_bid + D->ev[i];
		pay[i] = -pf[i];
	}
	model_kv_vec(kv, "p_F", pf, n);
	model_kv_vec(kv, "avg_payment", pay, n);
	free(pf);
	free(pay);
	model_kv_vec(kv, "ir_level", D->ir, n);
}

static void describe_exact(struct dnbe *D, struct model_kv *kv)
{
	size_t n = (size_t)D->n;
	if (D->lie_game && D->have_last) {
		double *U = xmallocarray(n, sizeof *U);
		double cost = dnbe_const_lie(D, D->c_last, U);
		model_kv_vec(kv, "c", D->c_last, n);
		model_kv_vec(kv, "exact_utility", U, n);
		model_kv_num(kv, "exact_cost", cost);
		free(U);
	} else if (D->have_exact && !D->posted) {
		model_kv_vec(kv, "exact_utility", D->exact, n);
		model_kv_num(kv, "exact_cost", D->exact_cost);
	} else {
		const char *why = D->market != DNBE_MARKET_DR ? "computed for the dr market only"
				  : D->posted ? "see posted_price_cost"
					      : "the reports are not a relabelling of the true "
						"types with the bid law (they fail a test, or depend "
						"on the day or the others)";
		model_kv_add(kv, "exact_utility", "none: %s", why);
		model_kv_add(kv, "exact_cost", "none: %s", why);
	}
}

static void describe_posted(struct dnbe *D, struct model_kv *kv)
{
	if (D->market != DNBE_MARKET_DR) {
		model_kv_add(kv, "posted_p_star", "none: the toy has no posted price");
		model_kv_add(kv, "posted_cost", "none: the toy has no posted price");
		return;
	}
	model_kv_num(kv, "posted_p_star", D->pp.pstar);
	model_kv_num(kv, "posted_cost", D->pp.cost_min);
	if (D->C_star > 0)
		model_kv_num(kv, "posted_ratio", D->pp.cost_min / D->C_star);
	else
		model_kv_add(kv, "posted_ratio", "none: C_star = 0 (no shortage)");
	model_kv_num(kv, "posted_price", D->price);
	model_kv_num(kv, "posted_price_cost", dnbe_dr_posted_cost(&D->pp, D->price));
}

void dnbe_describe_model(struct model *m, struct model_kv *kv)
{
	struct dnbe *D = m->self;
	describe_market(D, kv);
	describe_payments(D, kv);
	describe_exact(D, kv);
	describe_posted(D, kv);
	model_kv_add(kv, "window", "r(l) = sqrt(ln(2 l^%g) / (2 l)): r(1) = %.4f, r(10) = %.4f, "
				   "r(1000) = %.4f", 1 + D->gamma, dnbe_mech_window(1, D->gamma),
		     dnbe_mech_window(10, D->gamma), dnbe_mech_window(1000, D->gamma));
	model_kv_add(kv, "penalty", "J_p(l) = l^%g (eq. 12, J_p(l)/l -> inf, %s)", D->pexp,
		     D->pexp > 1 ? "holds" : "FAILS: lies need not bankrupt");
	describe_strategies(D, kv);
	if (D->have_mech)
		describe_days(D, kv);
}
