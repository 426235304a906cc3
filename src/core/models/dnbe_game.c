/* dnbe_game: the finite two-stage game by enumeration (see dnbe_game.h). Expectations walk
 * the product of the players' supports as a mixed-radix counter; an absent player's law is
 * not walked (its type does not matter). Hand-written because it is a plain finite sum.
 * Neighbours: dnbe_law, dnbe.c, dnbe_mech. */
#include <assert.h>
#include <math.h>
#include <stdlib.h>

#include "core/models/dnbe_game.h"
#include "core/xmalloc.h"

void dnbe_game_toy(enum dnbe_toy which, struct dnbe_game *g, struct dnbe_law laws[2])
{
	struct err e;
	*g = (struct dnbe_game){ .n = 2, .no1 = 3, .no2 = 4, .shortage = 2 };
	if (which == DNBE_TOY) {
		/* spec §3: Delta = {1, 3}, theta_1 = {1: 0.5, 3: 0.5}, theta_2 = {1: 0.3, 3: 0.7} */
		static const double v[2] = { 1, 3 }, p1[2] = { 0.5, 0.5 }, p2[2] = { 0.3, 0.7 };
		g->reserve_price = 2.2;
		g->spot_price = 4;
		dnbe_law_init(&laws[0], v, p1, 2, &e);
		dnbe_law_init(&laws[1], v, p2, 2, &e);
	} else {
		/* Errata E3: theta_1 = {1: 0.4, 3: 0.6}, theta_2 = {2: 0.5, 4: 0.5} */
		static const double v1[2] = { 1, 3 }, p1[2] = { 0.4, 0.6 };
		static const double v2[2] = { 2, 4 }, p2[2] = { 0.5, 0.5 };
		g->reserve_price = 2.3;
		g->spot_price = 4.5;
		dnbe_law_init(&laws[0], v1, p1, 2, &e);
		dnbe_law_init(&laws[1], v2, p2, 2, &e);
	}
}

int dnbe_game_x(const struct dnbe_game *g, int i, int o2)
{
	(void)g;
	return (o2 >> i) & 1; /* (0,0), (1,0), (0,1), (1,1) */
}

double dnbe_game_value(const struct dnbe_game *g, int i, double delta, int o1, int o2)
{
	(void)o1;
	return -delta * dnbe_game_x(g, i, o2);
}

double dnbe_game_cost(const struct dnbe_game *g, int o1, int o2)
{
	double resid = g->shortage - o1;
	for (int i = 0; i < g->n; i++)
		resid -= dnbe_game_x(g, i, o2);
	return g->reserve_price * o1 + g->spot_price * (resid > 0 ? resid : 0);
}

int dnbe_game_absent(const struct dnbe_game *g, int i, int o2)
{
	return dnbe_game_x(g, i, o2) == 0;
}

static double welfare(const struct dnbe_game *g, int o1, int o2, const double *delta,
		      int absent)
{
	double w = -dnbe_game_cost(g, o1, o2);
	for (int i = 0; i < g->n; i++)
		if (i != absent)
			w += dnbe_game_value(g, i, delta[i], o1, o2);
	return w;
}

int dnbe_game_g2(const struct dnbe_game *g, int o1, const double *delta, int absent)
{
	int best = -1;
	double bw = 0;
	for (int o2 = 0; o2 < g->no2; o2++) {
		if (absent >= 0 && !dnbe_game_absent(g, absent, o2))
			continue;
		double w = welfare(g, o1, o2, delta, absent);
		if (best < 0 || w > bw) { /* strict: ties keep the first */
			best = o2;
			bw = w;
		}
	}
	assert(best >= 0);
	return best;
}

/* Calls fn(ctx, delta, prob) for every type profile (the absent player's type fixed at its
 * first value, probability 1). */
static void each_profile(const struct dnbe_game *g, const struct dnbe_law *laws, int absent,
			 void (*fn)(void *, const double *, const int *, double), void *ctx)
{
	int n = g->n, *idx = xcalloc((size_t)n, sizeof *idx);
	double *delta = xcalloc((size_t)n, sizeof *delta);
	for (;;) {
		double pr = 1;
		for (int i = 0; i < n; i++) {
			delta[i] = laws[i].v[idx[i]];
			if (i != absent)
				pr *= laws[i].p[idx[i]];
		}
		fn(ctx, delta, idx, pr);
		int i = 0;
		while (i < n) {
			if (i != absent && ++idx[i] < laws[i].k)
				break;
			idx[i++] = 0;
		}
		if (i == n)
			break;
	}
	free(idx);
	free(delta);
}

struct acc {
	const struct dnbe_game *g;
	int o1, absent, player;
	double sum;
};

static void add_welfare(void *ctx, const double *delta, const int *idx, double pr)
{
	struct acc *a = ctx;
	(void)idx;
	int o2 = dnbe_game_g2(a->g, a->o1, delta, a->absent);
	a->sum += pr * welfare(a->g, a->o1, o2, delta, a->absent);
}

static void add_value(void *ctx, const double *delta, const int *idx, double pr)
{
	struct acc *a = ctx;
	(void)idx;
	int o2 = dnbe_game_g2(a->g, a->o1, delta, -1);
	a->sum += pr * dnbe_game_value(a->g, a->player, delta[a->player], a->o1, o2);
}

double dnbe_game_wstar(const struct dnbe_game *g, const struct dnbe_law *laws, int absent,
		       int *o1)
{
	double best = -HUGE_VAL;
	int bo = 0;
	for (int k = 0; k < g->no1; k++) {
		struct acc a = { .g = g, .o1 = k, .absent = absent };
		each_profile(g, laws, absent, add_welfare, &a);
		if (a.sum > best) {
			best = a.sum;
			bo = k;
		}
	}
	if (o1)
		*o1 = bo;
	return best;
}

double dnbe_game_ev(const struct dnbe_game *g, const struct dnbe_law *laws, int i)
{
	int o1;
	dnbe_game_wstar(g, laws, -1, &o1);
	struct acc a = { .g = g, .o1 = o1, .absent = -1, .player = i };
	each_profile(g, laws, -1, add_value, &a);
	return a.sum;
}
