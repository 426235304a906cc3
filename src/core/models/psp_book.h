/* psp_book: one seller's local progressive-second-price auction (Lazar & Semret; paper 001
 * eqs. 1-4, 18-20): the bids it has received, kept sorted by price, and what they imply:
 *   - the allocation a_i = min(q_i, q_i / T(p_i) * [Q - sum_{k != i: p_k > p_i} q_k]^+),
 *     T(p) the total quantity bid at exactly p (the proportional tie split of eq. 20);
 *   - the market price function P_i(z) = inf{y >= 0 : Q_i(y) >= z} that buyer i faces, as
 *     a walk over its segments in increasing z (each opponent's bid is one segment of
 *     length q_k at price p_k; the reserve r prices the data nobody else bids for);
 *   - the cost c_i = int_0^{a_i} P_i(z) dz (the exclusion-compensation principle of eq. 4,
 *     the phantom reserve bidder included).
 * The seller's reserve r is a phantom bid (Q, r): bids priced at or below r are not entered.
 * Entries are sorted by price descending, ties by buyer index. Prefix sums of the
 * quantities are extended lazily, only as far as a query needs: every allocation and
 * market price function is decided by the entries above the point where the cumulative
 * quantity reaches Q (the frontier), so replacing one bid (psp_book_set) costs a search
 * and a move (of the entries on the shorter side), and the sums from the changed place on
 * are formed again only up to the frontier, when a query or psp_book_refresh needs them:
 * in a bid war, where a re-bid jumps to near the top, that is most of the book above the
 * frontier. Sums are always formed in index order, so any book holds the same numbers as
 * a fresh build of the same bids.
 * A query does not look for the asking buyer's own entry: its bid is in the buyer's slot,
 * and whether the entry lies above an index is one comparison of keys. A buyer's own bid
 * clear above the frontier is shown to get all it asks for by the entries at the frontier
 * alone (psp_book_alloc), as one below it gets nothing: only a bid at the margin or tied
 * costs a search for a buyer's current allocation.
 * The queries extend the sums, hence take a non-const book; they never bump `ver`, which
 * counts the changes (reset, sort, set) so that a caller can tell an unchanged book.
 * The book owns its arrays.
 * Neighbours: psp_reply (buyers' replies walk these segments), psp_market (one per seller). */
#ifndef TATON_PSP_BOOK_H
#define TATON_PSP_BOOK_H

struct psp_entry {
	double p, q;
	int buyer;
};

/* One segment of buyer's market price function: P(z) = p for z in (z0, z1]; k is the entry
 * it belongs to (n for the reserve segment); buyer: whose function it is (-1: a buyer
 * without an entry here), its own entry left out of the walk; qo: that entry's quantity
 * while the entry is above k (left out of the opponents' sums), 0 once the walk passed it. */
struct psp_seg {
	double z0, z1, p;
	int k, buyer;
	double qo;
};

/* A buyer's slot at a book: its bid there (p, q) and where its entry was last seen (at; -1:
 * no entry). The queries place the entry by its (price, buyer) key alone; only a change
 * (psp_book_set) needs its index. */
struct psp_slot {
	double p, q;
	int at;
};

struct psp_book {
	int cap;              /* buyers the book can hold (buyer indices 0..cap-1) */
	int n;                /* entries */
	double Q;             /* data offered */
	double r;             /* reserve in force: bids with p <= r or q <= 0 are not entered */
	struct psp_entry *e;  /* n entries, price descending, ties by buyer index, inside */
	struct psp_entry *buf; /* buf (bufcap entries) at base: room on both sides */
	int base, bufcap;
	double *cq;           /* cq[k] = q of entries 0..k-1, valid for k <= valid */
	int valid;
	struct psp_slot *slot; /* buyer's slot: slot[buyer * stride] */
	int stride, own_slots;
	int f0;               /* psp_book_frontier when known, else -1 */
	int fh;               /* the frontier last found: psp_book_refresh sums up to it, and
			       * the next search for the frontier starts there */
	int sorted;           /* 0 between psp_book_add and psp_book_sort */
	unsigned long ver;    /* bumped by every change: an unchanged version, the same book */
	struct psp_seg out;   /* the first segment of a buyer without an entry, */
	int out_ok;           /* valid while out_ok */
};

void psp_book_init(struct psp_book *b, int cap);
/* The same with the buyers' slots in arrays the caller owns, buyer i's at i * stride (a
 * market keeps one buyer's slots at all its sellers side by side). */
void psp_book_init_shared(struct psp_book *b, int cap, struct psp_slot *slot, int stride);
void psp_book_fini(struct psp_book *b);
/* Empties the book and sets what it sells: Q units with reserve r. */
void psp_book_reset(struct psp_book *b, double Q, double r);
/* Appends buyer's bid (ignored when q <= 0 or p <= r); call psp_book_sort after the last. */
void psp_book_add(struct psp_book *b, int buyer, double q, double p);
void psp_book_sort(struct psp_book *b);
/* Replaces buyer's bid (q <= 0 or p <= r removes it), keeping the order. */
void psp_book_set(struct psp_book *b, int buyer, double q, double p);

/* Allocation of the bid (q, p) by `buyer` against every other entry (buyer's own entry, if
 * any, is left out). */
double psp_book_alloc(struct psp_book *b, int buyer, double q, double p);
/* Quantity the others bid above price y, sum_{k != buyer, p_k > y} q_k, or any value
 * >= Q once it reaches Q (then nothing is left at y). */
double psp_book_above(struct psp_book *b, int buyer, double y);
/* Allocation of every entry into a[k] (n values; entries past the frontier get 0). */
void psp_book_alloc_all(struct psp_book *b, double *a);
/* How many of the highest entries it takes for their quantities to reach Q (n + 1 when
 * all of them do not). */
int psp_book_frontier(struct psp_book *b);
/* Brings the prefix sums of the books b[0..n) up to a little past where their frontiers
 * last were, several books side by side (their chains of adds overlap): after a round of
 * changes, the queries that follow find the sums ready. The sums are the ones the queries
 * would form. */
void psp_book_refresh(struct psp_book *b, int n);
/* Total quantity of the entries. */
double psp_book_total(struct psp_book *b);

/* The first segment of buyer's market price function (its own entry left out); 0 when the
 * seller offers nothing (Q <= 0). */
int psp_book_mpf_first(struct psp_book *b, int buyer, struct psp_seg *s);
/* Prefix sums up to cq[k], from cq[valid] on (k > valid): what a query extends. */
void psp_book_extend(struct psp_book *b, int k);
/* Quantity of the entries above k less qa: a buyer's own quantity when its entry is above
 * k, else 0 (cq[k] - 0 is cq[k] to the bit). */
static inline double psp_book_opp_cum(struct psp_book *b, double qa, int k)
{
	if (k > b->valid)
		psp_book_extend(b, k);
	return b->cq[k] - qa;
}
/* The next segment, in increasing z and non-decreasing price; 0 after the last (z1 = Q).
 * Inline: the walks of the replies take one per opponent they pass. */
static inline int psp_book_mpf_next(struct psp_book *b, struct psp_seg *s)
{
	int k = s->k - 1;
	if (k >= 0 && b->e[k].buyer == s->buyer) { /* its own entry: above the rest no more */
		k--;
		s->qo = 0;
	}
	if (k < 0)
		return 0;
	s->z0 = s->z1;
	s->z1 = b->Q - psp_book_opp_cum(b, s->qo, k);
	s->p = b->e[k].p;
	s->k = k;
	return 1;
}
/* int_0^a P(z) dz for the buyer of entry k. */
double psp_book_cost_entry(struct psp_book *b, int k, double a);
/* int_0^a P_buyer(z) dz, a clipped to [0, Q]. */
double psp_book_cost(struct psp_book *b, int buyer, double a);
/* The same from a first segment already found (a copy of it is walked). */
double psp_book_cost_from(struct psp_book *b, const struct psp_seg *first, double a);

#endif
