/* ttp_market: the competitive permit markets of paper 004 at a given price system p (one
 * price per node), i.e. one evaluation of the dual tâtonnement (spec §2.2 item 3):
 *   - every buyer solves optimal stopping against p:
 *       psi_i(n) = max(v_i(n) - p(n), cont_i(n), 0),  cont_i(n) = sum_c P(c|n) psi_i(c)
 *     (cont = 0 at the leaves); at node n buyer i buys now iff v_i(n) - p(n) >= cont_i(n) and
 *     v_i(n) - p(n) > 0 (a tie buys now), quits iff it does not buy and cont_i(n) = 0, and
 *     waits otherwise;
 *   - demand d(n) = the buyers still active at n (reached n without buying or quitting) that
 *     buy at n;
 *   - the dual value D(p) = sum_i psi_i(root) + sum_n P(n) mu(t_n) p(n), which is at least the
 *     LP optimum for every p >= 0 (weak duality);
 *   - the projected step p(n) <- max(0, p(n) + eta (d(n) - mu(t_n))).
 * O(nodes x buyers) per evaluation, no allocation after init. The state is the last price
 * system evaluated (kept so that a repeated evaluation at the same prices is free).
 * Neighbours: ttp_tree (the tree), ttp (the model: prices are its action). */
#ifndef TATON_TTP_MARKET_H
#define TATON_TTP_MARKET_H

#include "core/models/ttp_tree.h"

enum ttp_act { TTP_WAIT, TTP_BUY, TTP_QUIT };

struct ttp_market {
	const struct ttp_tree *tr; /* borrowed */
	const int *mu;             /* borrowed, T + 1 capacities */
	double *p;                 /* the prices last evaluated (n) */
	double *psi, *cont;        /* n * nb */
	unsigned char *act;        /* n * nb: enum ttp_act at each node */
	unsigned char *active;     /* n * nb: buyer still in the market on arrival at n */
	int *demand;               /* n */
	double dual;               /* D(p) */
	int valid;                 /* p, psi, ... describe the prices in p */
};

void ttp_market_init(struct ttp_market *mk, const struct ttp_tree *tr, const int *mu);
void ttp_market_fini(struct ttp_market *mk);
/* Evaluates the markets at prices p (n values, node order of the tree); free when p equals
 * the prices of the last evaluation. Returns D(p). */
double ttp_market_eval(struct ttp_market *mk, const double *p);
/* The projected step for nodes [k0, k1) from the last evaluated prices into out. */
void ttp_market_step(const struct ttp_market *mk, double eta, int k0, int k1, double *out);
/* Excess demand of the last evaluation: sum_n |d(n) - mu(t_n)| over the markets that do not
 * clear; an unsold permit at price 0 clears (complementarity: p(n) = 0 there). */
double ttp_market_excess(const struct ttp_market *mk);

#endif
