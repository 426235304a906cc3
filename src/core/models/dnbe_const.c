/* dnbe_const: the constants of a `dnbe` instance, computed once from the laws and the
 * supertype bids (and, for the lie game, at each action): C*, C*(theta^), C*(theta^_{-i}),
 * E_theta^[v_i], the IR levels, and the exact long-run utilities and social cost of
 * strategies whose reports relabel the true types with the bid law. Demand response by
 * quadrature (dnbe_dr), the toy by enumeration (dnbe_game). Providers with the same bid law
 * and strategy share every integral (a cache keyed by group, strategy and scale), so 1 000
 * identical providers cost a handful of integrals.
 * Neighbours: dnbe.c (calls these at creation and in the lie game), dnbe_describe.c,
 * dnbe_view.c, dnbe_dr, dnbe_game, dnbe_strategy. */
#include <stdlib.h>
#include <string.h>

#include "core/models/dnbe_model.h"
#include "core/xmalloc.h"

struct ucache {
	int g, kind;
	double c, u;
};

double dnbe_const_exact(struct dnbe *D, const struct dnbe_law *bids,
			const struct dnbe_strategy *st, double *U, double *cminus, double *cbid)
{
	int n = D->n;
	struct dnbe_dr_pop P;
	dnbe_dr_pop_init(&P, &D->reserve, D->d);
	int *gid = xmallocarray((size_t)n, sizeof *gid);
	for (int i = 0; i < n; i++)
		gid[i] = dnbe_dr_pop_add(&P, &bids[i], 1);
	*cbid = dnbe_dr_cstar(&D->q, &P, -1);
	double *cm = xmallocarray((size_t)P.ng, sizeof *cm);
	for (int g = 0; g < P.ng; g++)
		cm[g] = dnbe_dr_cstar(&D->q, &P, g);
	struct ucache *uc = xmallocarray((size_t)n, sizeof *uc);
	int nu = 0;
	double cost = *cbid;
	for (int i = 0; i < n; i++) {
		int g = gid[i], j = 0;
		cminus[i] = cm[g];
		while (j < nu && !(uc[j].g == g && uc[j].kind == (int)st[i].kind && uc[j].c == st[i].c))
			j++;
		if (j == nu) {
			double *tv = xmallocarray((size_t)bids[i].k, sizeof *tv);
			dnbe_strategy_true_values(&st[i], &D->truth[i], &bids[i], tv);
			uc[nu++] = (struct ucache){ g, (int)st[i].kind, st[i].c,
						    dnbe_dr_utility(&D->q, &P, g, tv) };
			free(tv);
		}
		U[i] = uc[j].u;
		cost -= U[i] - cm[g] + *cbid; /* minus E[(delta^ - delta) x^2 / 2] */
	}
	free(uc);
	free(cm);
	free(gid);
	dnbe_dr_pop_fini(&P);
	return cost;
}

/* IR levels: truthful long-run utility given the others' bids,
 * C*(theta^_{-i}) - C*(theta_i, theta^_{-i}). */
static void dr_ir(struct dnbe *D)
{
	for (int i = 0; i < D->n; i++) {
		if (dnbe_law_equal(&D->truth[i], &D->bid[i])) {
			D->ir[i] = D->C_minus[i] - D->C_bid;
			continue;
		}
		int j = 0; /* a provider with the same bid and truth has the same level */
		while (j < i && !(dnbe_law_equal(&D->bid[j], &D->bid[i]) &&
				  dnbe_law_equal(&D->truth[j], &D->truth[i])))
			j++;
		if (j < i) {
			D->ir[i] = D->ir[j];
			continue;
		}
		struct dnbe_dr_pop P;
		dnbe_dr_pop_init(&P, &D->reserve, D->d);
		for (int k = 0; k < D->n; k++)
			dnbe_dr_pop_add(&P, k == i ? &D->truth[i] : &D->bid[k], 1);
		D->ir[i] = D->C_minus[i] - dnbe_dr_cstar(&D->q, &P, -1);
		dnbe_dr_pop_fini(&P);
	}
}

void dnbe_const_dr(struct dnbe *D)
{
	int n = D->n;
	struct dnbe_dr_pop P;
	dnbe_dr_pop_init(&P, &D->reserve, D->d);
	dnbe_dr_pop_add(&P, &D->prov, n);
	D->C_star = dnbe_dr_cstar(&D->q, &P, -1);
	dnbe_dr_posted(&P, &D->pp);
	dnbe_dr_pop_fini(&P);

	dnbe_dr_pop_init(&P, &D->reserve, D->d);
	int *gid = xmallocarray((size_t)n, sizeof *gid);
	for (int i = 0; i < n; i++)
		gid[i] = dnbe_dr_pop_add(&P, &D->bid[i], 1);
	D->C_bid = dnbe_dr_cstar(&D->q, &P, -1);
	for (int g = 0; g < P.ng; g++) {
		double cm = dnbe_dr_cstar(&D->q, &P, g), ev = -dnbe_dr_cost_share(&D->q, &P, g);
		for (int i = 0; i < n; i++)
			if (gid[i] == g) {
				D->C_minus[i] = cm;
				D->ev[i] = ev;
			}
	}
	free(gid);
	dnbe_dr_pop_fini(&P);
	dr_ir(D);
	D->have_exact = 1;
	double *tv = xmallocarray((size_t)D->prov.k, sizeof *tv);
	for (int i = 0; i < n && D->have_exact; i++)
		D->have_exact = dnbe_strategy_true_values(&D->strat[i], &D->truth[i], &D->bid[i], tv);
	free(tv);
	if (D->have_exact) {
		double cb;
		double *cm = xmallocarray((size_t)n, sizeof *cm);
		D->exact_cost = dnbe_const_exact(D, D->bid, D->strat, D->exact, cm, &cb);
		free(cm);
	}
}

void dnbe_const_toy(struct dnbe *D)
{
	const struct dnbe_game *g = &D->toym.game;
	D->C_star = -dnbe_game_wstar(g, D->truth, -1, NULL);
	D->C_bid = -dnbe_game_wstar(g, D->bid, -1, &D->g1);
	D->toym.o1 = D->g1;
	struct dnbe_law mix[2];
	for (int i = 0; i < 2; i++) {
		D->C_minus[i] = -dnbe_game_wstar(g, D->bid, i, NULL);
		D->ev[i] = dnbe_game_ev(g, D->bid, i);
		mix[i] = D->bid[i];
	}
	for (int i = 0; i < 2; i++) {
		mix[i] = D->truth[i];
		D->ir[i] = D->C_minus[i] + dnbe_game_wstar(g, mix, -1, NULL);
		mix[i] = D->bid[i];
	}
	D->have_exact = 0;
}

/* The bids and strategies of the lie game at action c (n laws, caller finis them). */
static void lie_profile(struct dnbe *D, const double *c, struct dnbe_law *bids,
			struct dnbe_strategy *st)
{
	for (int i = 0; i < D->n; i++) {
		st[i] = (struct dnbe_strategy){ .kind = DNBE_SCALE, .c = c[i] };
		dnbe_law_scaled(&bids[i], &D->prov, c[i]);
	}
}

double dnbe_const_lie(struct dnbe *D, const double *c, double *U)
{
	int n = D->n;
	struct dnbe_law *bids = xcalloc((size_t)n, sizeof *bids);
	struct dnbe_strategy *st = xcalloc((size_t)n, sizeof *st);
	double *cm = xmallocarray((size_t)n, sizeof *cm), cb;
	lie_profile(D, c, bids, st);
	double cost = dnbe_const_exact(D, bids, st, U, cm, &cb);
	for (int i = 0; i < n; i++)
		dnbe_law_fini(&bids[i]);
	free(bids);
	free(st);
	free(cm);
	return cost;
}

