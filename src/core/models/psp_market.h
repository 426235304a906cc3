/* psp_market: the distributed PSP data exchange of paper 001 (spec §3) as state that the
 * model class steps: buyers and sellers in fixed-capacity slots with an activity mask, one
 * psp_book per seller built from the joint bid vector, and the three phases of a round:
 *   - the buyer phase (psp_market_round): every active buyer replies by its rule (psp_reply)
 *     and adopts the reply only when it raises its utility by more than eps (the bid-fee
 *     rule; `rebid = always` adopts every reply); buyers answer one snapshot (jacobi), in
 *     index order seeing earlier replies (gauss-seidel), or in a random order each round;
 *   - the seller phase (psp_market_sellers): the progressive price r^j = p_(n+1) + eps of
 *     spec §3.2 (a published signal, or with reserve_mode = floor the reserve in force),
 *     arrivals, and with settle = sellout the closing of a sold-out seller whose bids held
 *     for a round (its trades become final, the seller leaves, a buyer whose need is met
 *     leaves too: Algorithms 1 and 2's loops);
 *   - the evaluation (psp_market_eval): every allocation and PSP cost, welfare, revenue,
 *     unsold data left while a buyer is still short (the stall of errata E2).
 * The joint bid vector holds 2 * ns doubles per buyer: (q_j, p_j) for seller j. Books are
 * rebuilt only when the bid vector they were built from changes (a copy is compared), so
 * the buyer phase, the seller phase and the observer share one build. A reply is a function
 * of the books, the buyer's bids and its valuation: when none of them changed since the
 * buyer's last reply (no book's version moved), that reply is reused, not recomputed.
 * A buyer that no bid at all could let gain more than the bid fee holds without
 * computing its reply (the bound is the unshaded waterfill reply, decided along its walk;
 * exact: the same holds as computing every reply, see held_by_bound).
 * Neighbours: psp_book, psp_reply, psp_optimum; psp.c (the model class) owns a market. */
#ifndef TATON_PSP_MARKET_H
#define TATON_PSP_MARKET_H

#include <stddef.h>
#include <stdint.h>

#include "core/models/psp_book.h"
#include "core/models/psp_reply.h"
#include "core/rng.h"

enum psp_order { PSP_ORDER_GAUSS_SEIDEL, PSP_ORDER_JACOBI, PSP_ORDER_RANDOM };
enum psp_rebid { PSP_REBID_IMPROVE, PSP_REBID_ALWAYS };
enum psp_reserve_mode { PSP_RESERVE_SIGNAL, PSP_RESERVE_FLOOR };
enum psp_settle { PSP_SETTLE_END, PSP_SETTLE_SELLOUT };
enum psp_init { PSP_INIT_ZERO, PSP_INIT_NEED, PSP_INIT_UNIFORM };

/* Everything a market is made of; arrays are copied by psp_market_new. */
struct psp_setup {
	int nb, ns;
	enum psp_val_kind val;
	const double *kappa, *need; /* nb each */
	const double *budget;       /* nb, or NULL: no budgets */
	const double *data;         /* ns: data each seller offers */
	const double *reserve;      /* ns: phantom reserve prices r0 */
	const double *arrive;       /* nb rounds (0 = from the start), or NULL */
	const double *seller_arrive; /* ns, or NULL */
	double eps, p_kappa;
	enum psp_pool pool;
	enum psp_order order;
	enum psp_rebid rebid;
	enum psp_reserve_mode reserve_mode;
	enum psp_settle settle;
	enum psp_init init;
	uint64_t seed;
};

/* One evaluation of a bid vector (owned by the market, valid until the next eval). */
struct psp_eval {
	double *alloc, *cost;  /* nb * ns: a_i^j, c_i^j (buyer-major) */
	double *total;         /* nb: data each buyer ends with (held + tentative) */
	double *pay;           /* nb: payments (settled + tentative) */
	double *remaining;     /* ns: D^j(t) = data not (yet) allocated */
	double *rnext;         /* ns: the progressive price this bid vector publishes */
	double welfare, sold, revenue;
	double unmet;          /* unsold data that buyers short at its reserve would buy */
	double win_min, win_max; /* lowest and highest winning bid price; NaN = no winner */
	int buyers_on, sellers_on;
};

struct psp_market {
	struct psp_setup cfg;   /* scalars; its array pointers are cleared (copies below) */
	int nb, ns;
	size_t dim;
	struct psp_val *val;    /* nb: valuations; held and budget move when trades settle */
	double *need0, *budget0;
	double *data, *r0, *r;  /* ns: offers, phantom reserves, progressive prices */
	double *settled;        /* ns: data sold for good */
	double *paid;           /* nb: payments settled */
	double *arrive, *sarrive;
	unsigned char *bon, *son; /* activity masks */
	struct psp_book *book;  /* ns */
	struct psp_slot *slot;  /* nb * ns: the books' buyer slots, buyer-major */
	struct psp_scratch scratch;
	struct rng rng;         /* random reply order */
	double *snap;           /* the bid vector the books hold */
	int snap_ok;
	double *prev;           /* settle = sellout: the bid vector of the previous round */
	int have_prev;
	double *cur, *rep;      /* 2 ns scratch */
	int hold_bound;         /* 1 (default): a buyer that the bound shows to hold skips
				 * its rule's reply; 0: every reply is computed (tests) */
	long bound_holds;       /* replies skipped so (tests, benches) */
	int *perm;              /* nb */
	double *pq;             /* 2 nb scratch: bids of one seller */
	uint64_t *memo_stamp;   /* nb: the books' versions (1 + their sum) at the buyer's last */
	double *memo_in;        /* reply, 0 = none; nb * 2 ns: the bids it replied from, */
	double *memo_out;       /* nb * 2 ns: the bids it chose, */
	double *memo_val;       /* nb * 2: its held data and budget then */
	struct psp_eval ev;
};

/* A market for a setup the caller has validated (sizes >= 1, kappa, need, data > 0). */
struct psp_market *psp_market_new(const struct psp_setup *s);
void psp_market_free(struct psp_market *mk);
/* The initial bid vector (dim doubles) by cfg.init; uses the seed for `uniform`. */
void psp_market_initial(struct psp_market *mk, double *a0);
/* The buyer phase against `belief`: player < 0 every buyer in cfg.order into out (dim),
 * player >= 0 only that buyer's block. */
void psp_market_round(struct psp_market *mk, const double *belief, int player, double *out);
/* The seller phase before round `step` on the bid vector a (the last round's). */
void psp_market_sellers(struct psp_market *mk, long step, const double *a);
/* Evaluates the bid vector a into mk->ev (allocations, costs, metrics). */
const struct psp_eval *psp_market_eval(struct psp_market *mk, const double *a);
/* The reply context of the current books (after psp_market_sync). */
struct psp_reply_ctx psp_market_ctx(const struct psp_market *mk);
/* Makes the books hold the bid vector a. */
void psp_market_sync(struct psp_market *mk, const double *a);
/* Largest utility gain of buyer over its current bid in a, among `tries` random
 * unilateral deviations (half drawn over the whole bid space, half near its bid) and its
 * unshaded waterfill reply; 0 for an inactive buyer. */
double psp_market_deviation(struct psp_market *mk, const double *a, int buyer, long tries,
			    struct rng *rng);

#endif
