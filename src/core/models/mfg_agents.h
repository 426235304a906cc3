/* mfg_agents: the N-agent Monte Carlo population of the bilateral trading market (paper 000,
 * spec section 10 item 6). Each period: every agent is a client w.p. p_c of its type, else a
 * server; min(#clients, #servers) client-server pairs are formed uniformly at random; a
 * matched client bids k iff its budget lies in the bid set of its type (the interpolated
 * policy of the solver), and then trades and pays the server's bid k; budgets change by
 * eq. 1 (Loan: the server also receives the client's repayment). At the end of the period
 * every agent leaves w.p. 1 - beta and is replaced by a newcomer of the same type with a
 * budget from Psi = U[b0_min, b0_max]. So the stored budgets are those at the moment agents
 * act, whose stationary law is the solver's pi.
 *
 * Matching without random memory access: a uniformly random matching is sampled as (1) a
 * uniform subset of the larger side (selection sampling in index order), and (2) the set of
 * servers whose partner trades, a uniform subset of the servers of the size of the number of
 * trades; Loan pairs the servers with the trading clients' repayments in a random order
 * (Fisher-Yates over the repayments). Both are decided on bit sets, and one sequential pass
 * over the budgets per period writes the last period's outcome and draws the new roles.
 * Memory: 8.6 bytes per agent, 8 of budget and 5 bits (client, leaves, bids, a client's
 * trade, a server's trade); +1 byte of type with several types, +2 bits for Loan (who would
 * repay, a server's repayment) and 8 bytes per client bidding below k (its repayment, in
 * two lists), and 8 bytes per leaver of the last period (about 8 (1 - beta) bytes per
 * agent): about 8.8 MB for a million agents of one type.
 * Neighbours: mfg.c (owner), mfg_solve.c (supplies the bid set and the stationary law). */
#ifndef TATON_MFG_AGENTS_H
#define TATON_MFG_AGENTS_H

#include <stddef.h>
#include <stdint.h>
#include "core/models/mfg_solve.h"
#include "core/rng.h"

#define MFG_AGENTS_MAX_INTERVALS 16

struct mfg_agents_period {
	uint64_t clients, servers, pairs, trades;
	uint64_t clients_t[MFG_MAX_TYPES];  /* clients of each type */
	uint64_t bid0_t[MFG_MAX_TYPES];     /* clients of each type bidding 0 */
	uint64_t matched_t[MFG_MAX_TYPES];  /* clients of each type who met a server */
	uint64_t trades_t[MFG_MAX_TYPES];   /* trades of the clients of each type */
	double reward_t[MFG_MAX_TYPES];     /* stage rewards of the agents of each type */
	double reward;                      /* sum of all stage rewards of the period */
	double extra_sum;                   /* Loan: repayments received by servers */
};

struct mfg_agents;

/* N agents for the economics in e (types, shares, Psi). Budgets start at 0: call
 * mfg_agents_init_psi or mfg_agents_init_law. Owns everything; free with mfg_agents_free. */
struct mfg_agents *mfg_agents_new(const struct mfg_econ *e, size_t n, uint64_t seed);
void mfg_agents_free(struct mfg_agents *a);

/* Budgets drawn from Psi. */
void mfg_agents_init_psi(struct mfg_agents *a);
/* Budgets of the agents of type t drawn from the law pi[0..n) on nodes i h (hat-basis
 * masses, e.g. mfg_solver_stationary_ext), stratified: the j-th agent of the type gets the
 * quantile (j + U)/count, then a draw from the node's hat. */
void mfg_agents_init_law(struct mfg_agents *a, int t, const double *pi, size_t n, double h);

/* The bid set of type t: the union of [lo[i], hi[i]) (copied; at most
 * MFG_AGENTS_MAX_INTERVALS, the rest ignored). */
void mfg_agents_set_policy(struct mfg_agents *a, int t, const double *lo, const double *hi,
			   int n);

/* One period. Fills *out. When qacc is not NULL (Loan), the repayments paid in the period
 * are added to qacc on cells of width h (linear split; qacc has nq cells, the last absorbs
 * anything beyond). The budgets change by the period's trades and newcomers when they are
 * next read (mfg_agents_budgets) or with the next period, whichever comes first. */
void mfg_agents_step(struct mfg_agents *a, struct mfg_agents_period *out, double *qacc,
		     size_t nq);

size_t mfg_agents_count(const struct mfg_agents *a);
/* The n budgets after the last period (its trades and newcomers written first); borrowed
 * until the next step. */
const double *mfg_agents_budgets(struct mfg_agents *a);
const uint8_t *mfg_agents_types(const struct mfg_agents *a);    /* n types or NULL */
size_t mfg_agents_type_count(const struct mfg_agents *a, int t); /* agents of type t */

#endif
