/* psp_reply: what a buyer bids in the distributed PSP exchange of paper 001, given every
 * seller's book (psp_book) and the buyer's valuation:
 *   - valuations: linear marginal value theta'(x) = kappa (1 - x/D)^+ (the spec's elastic
 *     completion) or a step buyer (constant unit value kappa up to its need D, the worked
 *     example's buyers);
 *   - the truthful eps-best reply on one market price function (Lazar-Semret, draft eqs.
 *     46-48): sup chi = the first z where theta' meets P, v = [sup chi - eps/kappa]^+,
 *     w = theta'(v); a budget caps sup chi where int_0^z P reaches it;
 *   - the three buyer rules of the exchange (spec §3.1): `equal` (equal split over the
 *     utility-maximising pool of top-m sellers ranked by stand-alone reply, our completion
 *     of Lemma 4.1 / Prop. 4.2), `literal` (eq. 22: the minimal pool by availability at the
 *     buyer's price), `waterfill` (one merged market price function, filled cheapest first);
 *   - the example buyer rule for step buyers (spec §6: keep the bids when served, else bid
 *     the need in equal parts over the eq. 22 pool at the unit value, never eps-shaded);
 *   - the utility of any bid vector against the books (for the bid-fee rule and deviation
 *     tests).
 * Bid vectors are 2 * ns doubles (q_j, p_j) per seller j. Books of sellers that take no
 * part (inactive, sold for good) have Q = 0 and get no bid. The replies only read the
 * books; scratch memory is the caller's (struct psp_scratch).
 * Neighbours: psp_book (the auctions), psp_market (who replies when, the bid-fee rule). */
#ifndef TATON_PSP_REPLY_H
#define TATON_PSP_REPLY_H

#include <stddef.h>

#include "core/models/psp_book.h"

enum psp_val_kind { PSP_VAL_LINEAR, PSP_VAL_STEP };

enum psp_pool { PSP_POOL_EQUAL, PSP_POOL_LITERAL, PSP_POOL_WATERFILL };

struct psp_val {
	enum psp_val_kind kind;
	double kappa;  /* theta'(0): the marginal value of the first unit (step: unit value) */
	double need;   /* D_i: saturation (linear) or need (step) */
	double held;   /* data already bought for good: new data is valued from here on */
	double budget; /* money left for new purchases; INFINITY = no budget */
};

/* theta'(x) and theta(x) at a total x (held included). */
double psp_val_marg(const struct psp_val *v, double x);
double psp_val_theta(const struct psp_val *v, double x);
/* Value of z new units on top of what is held: theta(held + z) - theta(held). */
double psp_val_gain(const struct psp_val *v, double z);
/* sup{z >= 0 : theta'(held + s z) > price}; 0 when theta'(held) <= price. */
double psp_val_cross(const struct psp_val *v, double price, double s);
/* Data still wanted: need - held, at least 0. */
double psp_val_room(const struct psp_val *v);

/* The segment where a seller's last cost integral ended, with what the integral needs of
 * it in one place: the integral ends there again for any a in (below, hi]. */
struct psp_rec_at {
	double below, hi, z0, z1, p, cum;
};

/* Scratch memory of a reply (grows as needed; psp_scratch_fini frees it). */
struct psp_scratch {
	int ns;
	struct psp_seg *seg;   /* ns cursors */
	unsigned char *live;   /* ns */
	int *order;            /* ns */
	double *key;           /* ns */
	int *step_j;           /* waterfill: the steps taken (seller, length) */
	double *step_len, *step_p;
	size_t nsteps, cap;
	struct psp_seg *first; /* ns: the first segment of each seller's market price */
	unsigned char *has;    /* function for buyer for_buyer on the current books (has: */
	int for_buyer;         /* 1 found, 0 none, 2 not looked for yet); -1: none; whoever
				* changes a book must reset it */
	struct psp_seg *rec;   /* equal split: each seller's walked stretch, */
	double *rec_c;         /* rec[rec_off[j] .. + rec_n[j]), the cost up to each segment, */
	double *rec_xc;        /* where theta' falls to its price (independent of the pool) */
	size_t nrec, rec_cap;  /* and where the last search stopped (rec_at[j]) */
	int *rec_off, *rec_n, *rec_at;
	double *rec_lb;        /* ns: a lower bound on j's next pool sup (see pool_sup) */
	int *rec_cl;           /* ns: the segment where j's last cost integral ended, */
	struct psp_rec_at *rec_ca; /* ns: and that segment's data (psp_reply.c) */
};
void psp_scratch_init(struct psp_scratch *s, int ns);
void psp_scratch_fini(struct psp_scratch *s);

/* What the replies see: ns books, the bid fee and the rule. */
struct psp_reply_ctx {
	int ns;
	struct psp_book *book;       /* ns books (queries extend their lazy sums) */
	double eps;
	enum psp_pool pool;
};

/* sup{x in [0, cap] : theta'(held + x) > P(x / s)} on buyer's market price function at one
 * book (no budget, no eps shading): s = 1 alone, s = m for an equal split over m sellers. */
double psp_reply_sup(struct psp_book *b, int buyer, const struct psp_val *v, double s,
		     double cap);
/* Makes s answer for buyer: its first segment at each seller is found when first needed
 * (psp_reply does this when needed). */
void psp_reply_prepare(const struct psp_reply_ctx *c, struct psp_scratch *s, int buyer);
/* The rule's eps-best reply of a linear buyer into out (2 ns doubles); `cur` is its current
 * bid vector (the literal rule prices availability at its current price). Returns the
 * reply's utility as the rule computes it (theta gain minus the integrals of the market
 * price functions it buys along, 0 for no bid): the allocation of a truthful reply is its
 * quantity at every seller, since its price exceeds P there. */
double psp_reply(const struct psp_reply_ctx *c, struct psp_scratch *s, int buyer,
	       const struct psp_val *v, const double *cur, double *out);
/* 1 when no bid vector at all gives the linear buyer a utility above bar (0: not shown,
 * or a step buyer): the best is the unshaded waterfill reply's (cheapest first is the
 * least cost of any total, spec §3.1), found or bounded along its walk, which stops as
 * soon as it decides. An upper bound for every rule's reply. */
int psp_reply_bounded(const struct psp_reply_ctx *c, struct psp_scratch *s, int buyer,
		      const struct psp_val *v, double bar);
/* The example rule of a step buyer into out: `cur` if served, else the eq. 22 pool. */
void psp_reply_step(const struct psp_reply_ctx *c, struct psp_scratch *s, int buyer,
		    const struct psp_val *v, const double *cur, double *out);
/* Utility of the bid vector `bids` against the books: theta gain of the allocations minus
 * their PSP costs. Allocations and costs per seller go to a and cost when not NULL. s may
 * be NULL; when it holds buyer's first segments they are used. */
double psp_reply_utility(const struct psp_reply_ctx *c, struct psp_scratch *s, int buyer,
			 const struct psp_val *v, const double *bids, double *a, double *cost);

#endif
