/* ttp_dp: the planner's problem [P0] of paper 004 solved exactly, and the benchmarks.
 * Dynamic programming over the set R of buyers still in the market (spec §2.2 item 1):
 *   J(n, R) = max_{S ⊆ R, |S| ≤ mu(t_n)} [ sum_{i in S} v_i(n) + sum_c P(c|n) J(c, R \ S) ],
 * with no continuation at the leaves. Tie rule: subsets are tried by size 0, 1, 2, ... and in
 * lexicographic order of buyer index within a size; the first strictly better one is kept
 * (better by more than a rounding tolerance of 1e-12 x the tree's value scale). At a leaf
 * this is the mu(T) highest positive values, ties to the lower index, computed directly.
 * A policy is the purchase set buy[n] at every node (the set arriving at n, in[n], is fixed by
 * the path, so one set per node describes the whole adapted assignment). The optimal policy,
 * the greedy/myopic one (the mu(t) highest positive current values, ties to the lower index)
 * and their welfare by trading time and per path; spot only (all capacity at T); the best
 * split of a total capacity by enumeration (spec §2.2 item 5).
 * Only the sets R that can occur at a node's time are solved (at most sum_{s<t} mu(s) buyers
 * gone); S*(n, R) of any other R is 0 and must not be asked for.
 * Buyer sets are bit masks (bit i = buyer i), so at most TTP_MAX_BUYERS buyers.
 * Neighbours: ttp_tree (the tree), ttp (the model), ttp_lp (the LP relaxation). */
#ifndef TATON_TTP_DP_H
#define TATON_TTP_DP_H

#include <stdint.h>

#include "core/err.h"
#include "core/models/ttp_tree.h"

/* Table cells (internal nodes x buyer subsets) and (set, purchase) pairs a solve may use. */
#define TTP_DP_MAX_CELLS (1L << 21)
#define TTP_DP_MAX_WORK 1e8

struct ttp_dp {
	const struct ttp_tree *tr; /* borrowed; must outlive the solve */
	int *mu;                   /* T + 1 capacities, at most nb (owned copy) */
	int *gone;                 /* T + 1: most buyers that can have bought before t */
	int nb;
	int nint;                  /* internal nodes: internal indices 0 .. nint-1 */
	double *J;                 /* nint << nb values J(n, R) */
	uint16_t *S;               /* nint << nb optimal purchases S*(n, R) */
	double value;              /* J(root, all buyers) */
	double eps;                /* "strictly better" margin */
};

/* Work (pairs of a set R and a purchase S ⊆ R) a solve of tr with capacities mu needs at
 * most (sets that cannot occur are skipped, so the solve may do less). */
double ttp_dp_work(const struct ttp_tree *tr, const int *mu);
/* Solves the DP. -1 with e when the tree is too large for the tables or the work limit. */
int ttp_dp_solve(struct ttp_dp *d, const struct ttp_tree *tr, const int *mu, struct err *e);
void ttp_dp_fini(struct ttp_dp *d);
/* The optimal purchase S*(k, R) at node k for the remaining set R. */
uint32_t ttp_dp_choice(const struct ttp_dp *d, int k, uint32_t R);

/* Policies: in[k] the set arriving at node k, buy[k] ⊆ in[k] the purchases there. */
void ttp_dp_policy(const struct ttp_dp *d, uint32_t *in, uint32_t *buy);
void ttp_greedy_policy(const struct ttp_tree *tr, const int *mu, uint32_t *in, uint32_t *buy);
/* Expected welfare of a policy: bytime[0..T] (may be NULL) and the total (returned);
 * pathw[k] (may be NULL) is the welfare accumulated from the root to node k. */
double ttp_policy_eval(const struct ttp_tree *tr, const uint32_t *buy, double *bytime,
		       double *pathw);

/* The m highest strictly positive values of row v (nb values) among the buyers in R, ties to
 * the lower index. */
uint32_t ttp_top_positive(const double *v, int nb, uint32_t R, int m);
/* Spot only: all M permits sold at T with full information. */
double ttp_spot_only(const struct ttp_tree *tr, int M);

/* Best split of M permits over t = 0..T by enumerating every capacity vector with sum M in
 * lexicographic order, which starts with spot only (0, ..., 0, M); a split replaces the best
 * only when strictly better, so ties keep spot only. Writes the split into best_mu (T + 1) and the number of splits within
 * the tie margin of the best into *ties. Returns 1 when the enumeration would exceed the work
 * limit (nothing computed), 0 when done, -1 with e on error. */
int ttp_best_split(const struct ttp_tree *tr, int M, int *best_mu, double *value, long *ties,
		   long *nsplits, struct err *e);

#endif
