/* dnbe_game: the generic finite two-stage stochastic game of paper 002 (Section II) and the
 * planner's rules, by enumeration: first-stage outcomes o1 in 0..no1-1, recourse actions
 * o2 in 0..no2-1, valuations v_i(delta_i, o1, o2), the planner's cost c(o1, o2), and a
 * predicate saying which recourse actions leave player i out (needed for W*(theta_{-i}),
 * which the paper does not define: spec §3). Ties go to the first outcome in order.
 *   g2*(o1, delta) = argmax_o2 sum_i v_i(delta_i, o1, o2) - c(o1, o2)
 *   g1*(theta)     = argmax_o1 E_{delta ~ theta}[max_o2 ...],  W*(theta) its value
 *   W*(theta_{-i}): the same with player i absent (only o2 that leave it out, no v_i).
 * The instance is the spec's toy demand-response game (§3) or its tie-free variant
 * (Errata E3): 2 providers with a day-ahead reserve o1 in {0, 1, 2} and curtailments
 * (x1, x2) in {0,1}^2, in the order (0,0), (1,0), (0,1), (1,1).
 * Neighbours: dnbe_law (laws), dnbe.c (the model), dnbe_mech (runs the days). */
#ifndef TATON_DNBE_GAME_H
#define TATON_DNBE_GAME_H

#include "core/models/dnbe_law.h"

/* The toy's constants: shortage, reserve price per day-ahead unit, real-time price. */
struct dnbe_game {
	int n, no1, no2;
	double shortage, reserve_price, spot_price;
};

enum dnbe_toy { DNBE_TOY, DNBE_TOY_TIEFREE };

/* The spec's toy or its tie-free variant; fills the game and the two true laws (the caller
 * finis them). */
void dnbe_game_toy(enum dnbe_toy which, struct dnbe_game *g, struct dnbe_law laws[2]);

/* Player i's curtailment under o2 (0 or 1). */
int dnbe_game_x(const struct dnbe_game *g, int i, int o2);
double dnbe_game_value(const struct dnbe_game *g, int i, double delta, int o1, int o2);
double dnbe_game_cost(const struct dnbe_game *g, int o1, int o2);
/* 1 when o2 leaves player i out (x_i = 0). */
int dnbe_game_absent(const struct dnbe_game *g, int i, int o2);

/* g2*: the best recourse for types delta (n values) given o1; absent >= 0 restricts to
 * outcomes that leave that player out and drops its valuation. */
int dnbe_game_g2(const struct dnbe_game *g, int o1, const double *delta, int absent);
/* W* for the laws (n of them) and g1* in *o1 (may be NULL); absent as above. */
double dnbe_game_wstar(const struct dnbe_game *g, const struct dnbe_law *laws, int absent,
		       int *o1);
/* E[v_i] under g1*(theta), g2*(theta, delta), delta ~ laws. */
double dnbe_game_ev(const struct dnbe_game *g, const struct dnbe_law *laws, int i);

#endif
