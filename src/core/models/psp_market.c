/* psp_market: the distributed PSP exchange's state and its round (see psp_market.h).
 * Activity masks: a buyer slot is waiting (its arrival round has not come), on, or gone
 * (its need was met by settled trades); a seller slot likewise (gone = closed after
 * selling out). Only "on" slots bid or are bid for; every reply writes zeros for the rest,
 * so any learning dynamic (damped, averaging) keeps them out of the auctions.
 * A bid counts as changed when a component moves by more than CHANGE_TOL relative: an
 * averaging dynamic that holds a bid may reproduce it only to the last bit.
 * Random streams of the seed: STREAM_ORDER the random reply order, STREAM_INIT the uniform
 * initial prices. Neighbours: psp_book, psp_reply (the auctions and replies), psp.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/models/psp_market.h"
#include "core/xmalloc.h"

enum { STREAM_ORDER = 1, STREAM_INIT = 2 };
enum { SLOT_WAITING = 0, SLOT_ON = 1, SLOT_GONE = 2 };

#define CHANGE_TOL 1e-12
#define SOLD_TOL 1e-9
#define HOLD_MARGIN 1e-9 /* relative to kappa * room, which bounds theta gain and costs */

static double *copy_or(const double *x, size_t n, double fill)
{
	double *y = xmallocarray(n, sizeof *y);
	for (size_t i = 0; i < n; i++)
		y[i] = x ? x[i] : fill;
	return y;
}

struct psp_market *psp_market_new(const struct psp_setup *s)
{
	struct psp_market *mk = xcalloc(1, sizeof *mk);
	int nb = s->nb, ns = s->ns;
	mk->cfg = *s;
	mk->nb = nb;
	mk->ns = ns;
	mk->dim = 2 * (size_t)nb * (size_t)ns;
	mk->need0 = copy_or(s->need, (size_t)nb, 0);
	mk->budget0 = copy_or(s->budget, (size_t)nb, INFINITY);
	mk->arrive = copy_or(s->arrive, (size_t)nb, 0);
	mk->sarrive = copy_or(s->seller_arrive, (size_t)ns, 0);
	mk->data = copy_or(s->data, (size_t)ns, 0);
	mk->r0 = copy_or(s->reserve, (size_t)ns, s->eps);
	mk->r = copy_or(mk->r0, (size_t)ns, 0); /* the progressive price starts at the reserve */
	mk->settled = xcalloc((size_t)ns, sizeof *mk->settled);
	mk->paid = xcalloc((size_t)nb, sizeof *mk->paid);
	mk->val = xcalloc((size_t)nb, sizeof *mk->val);
	mk->bon = xcalloc((size_t)nb, 1);
	mk->son = xcalloc((size_t)ns, 1);
	for (int i = 0; i < nb; i++) {
		mk->val[i] = (struct psp_val){ .kind = s->val, .kappa = s->kappa[i],
					       .need = mk->need0[i], .budget = mk->budget0[i] };
		mk->bon[i] = mk->arrive[i] <= 0 ? SLOT_ON : SLOT_WAITING;
	}
	for (int j = 0; j < ns; j++)
		mk->son[j] = mk->sarrive[j] <= 0 ? SLOT_ON : SLOT_WAITING;
	mk->cfg.kappa = mk->cfg.need = mk->cfg.budget = mk->cfg.data = mk->cfg.reserve = NULL;
	mk->cfg.arrive = mk->cfg.seller_arrive = NULL;
	mk->book = xcalloc((size_t)ns, sizeof *mk->book);
	mk->slot = xcalloc((size_t)nb * (size_t)ns, sizeof *mk->slot);
	for (int j = 0; j < ns; j++) /* a buyer's slots at every seller side by side */
		psp_book_init_shared(&mk->book[j], nb, mk->slot + j, ns);
	psp_scratch_init(&mk->scratch, ns);
	rng_stream(&mk->rng, s->seed, STREAM_ORDER);
	mk->snap = xcalloc(mk->dim, sizeof *mk->snap);
	if (s->settle == PSP_SETTLE_SELLOUT)
		mk->prev = xcalloc(mk->dim, sizeof *mk->prev);
	mk->cur = xcalloc(2 * (size_t)ns, sizeof *mk->cur);
	mk->rep = xcalloc(2 * (size_t)ns, sizeof *mk->rep);
	mk->hold_bound = 1;
	mk->perm = xcalloc((size_t)nb, sizeof *mk->perm);
	mk->pq = xcalloc(2 * (size_t)nb, sizeof *mk->pq);
	mk->memo_stamp = xcalloc((size_t)nb, sizeof *mk->memo_stamp);
	mk->memo_in = xcalloc(mk->dim, sizeof *mk->memo_in);
	mk->memo_out = xcalloc(mk->dim, sizeof *mk->memo_out);
	mk->memo_val = xcalloc(2 * (size_t)nb, sizeof *mk->memo_val);
	struct psp_eval *ev = &mk->ev;
	ev->alloc = xcalloc((size_t)nb * (size_t)ns, sizeof *ev->alloc);
	ev->cost = xcalloc((size_t)nb * (size_t)ns, sizeof *ev->cost);
	ev->total = xcalloc((size_t)nb, sizeof *ev->total);
	ev->pay = xcalloc((size_t)nb, sizeof *ev->pay);
	ev->remaining = xcalloc((size_t)ns, sizeof *ev->remaining);
	ev->rnext = xcalloc((size_t)ns, sizeof *ev->rnext);
	return mk;
}

void psp_market_free(struct psp_market *mk)
{
	if (!mk)
		return;
	for (int j = 0; j < mk->ns; j++)
		psp_book_fini(&mk->book[j]);
	psp_scratch_fini(&mk->scratch);
	void *p[] = { mk->need0, mk->budget0, mk->arrive, mk->sarrive, mk->data, mk->r0, mk->r,
		      mk->settled, mk->paid, mk->val, mk->bon, mk->son, mk->book, mk->snap,
		      mk->prev, mk->cur, mk->rep, mk->perm, mk->pq, mk->ev.alloc, mk->ev.cost,
		      mk->slot, mk->memo_stamp, mk->memo_in, mk->memo_out,
		      mk->memo_val,
		      mk->ev.total, mk->ev.pay, mk->ev.remaining, mk->ev.rnext };
	for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
		free(p[i]);
	free(mk);
}

/* ---- books ---------------------------------------------------------------------------- */

/* Data seller j still offers in its auction (0 unless it is on). */
static double offer(const struct psp_market *mk, int j)
{
	double q = mk->data[j] - mk->settled[j];
	return mk->son[j] == SLOT_ON && q > 0 ? q : 0;
}

static double reserve_in_force(const struct psp_market *mk, int j)
{
	if (mk->cfg.reserve_mode == PSP_RESERVE_FLOOR && mk->r[j] > mk->r0[j])
		return mk->r[j];
	return mk->r0[j];
}

void psp_market_sync(struct psp_market *mk, const double *a)
{
	if (mk->snap_ok && memcmp(a, mk->snap, mk->dim * sizeof *a) == 0)
		return;
	int ns = mk->ns;
	for (int j = 0; j < ns; j++)
		psp_book_reset(&mk->book[j], offer(mk, j), reserve_in_force(mk, j));
	for (int i = 0; i < mk->nb; i++) {
		if (mk->bon[i] != SLOT_ON)
			continue;
		const double *x = a + 2 * (size_t)ns * (size_t)i;
		for (int j = 0; j < ns; j++)
			if (mk->book[j].Q > 0)
				psp_book_add(&mk->book[j], i, x[2 * j], x[2 * j + 1]);
	}
	for (int j = 0; j < ns; j++)
		psp_book_sort(&mk->book[j]);
	memcpy(mk->snap, a, mk->dim * sizeof *a);
	mk->snap_ok = 1;
	mk->scratch.for_buyer = -1;
}

struct psp_reply_ctx psp_market_ctx(const struct psp_market *mk)
{
	return (struct psp_reply_ctx){ .ns = mk->ns, .book = mk->book, .eps = mk->cfg.eps,
				       .pool = mk->cfg.pool };
}

/* ---- the buyer phase ------------------------------------------------------------------ */

static int differs(const double *x, const double *y, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (fabs(x[k] - y[k]) > CHANGE_TOL * (1 + fabs(y[k])))
			return 1;
	return 0;
}

/* Buyer i's bids in cur, zero where the seller takes no part. */
static void current_bids(struct psp_market *mk, const double *block)
{
	for (int j = 0; j < mk->ns; j++) {
		int on = mk->book[j].Q > 0;
		mk->cur[2 * j] = on ? block[2 * j] : 0;
		mk->cur[2 * j + 1] = on ? block[2 * j + 1] : 0;
	}
}

/* 1 + the sum of the books' versions: it moves whenever any book changes. */
static uint64_t books_stamp(const struct psp_market *mk)
{
	uint64_t t = 1;
	for (int j = 0; j < mk->ns; j++)
		t += mk->book[j].ver;
	return t;
}

/* Whether buyer i's last reply answered the same books, bids (mk->cur) and valuation;
 * if so it is copied to out. Otherwise what the reply will answer is recorded. */
static int memo_hit(struct psp_market *mk, int i, double *out)
{
	size_t n2 = 2 * (size_t)mk->ns;
	double *in = mk->memo_in + n2 * (size_t)i, *val = mk->memo_val + 2 * (size_t)i;
	uint64_t t = books_stamp(mk);
	const struct psp_val *v = &mk->val[i];
	if (mk->memo_stamp[i] == t && val[0] == v->held && val[1] == v->budget &&
	    memcmp(in, mk->cur, n2 * sizeof *in) == 0) {
		memcpy(out, mk->memo_out + n2 * (size_t)i, n2 * sizeof *out);
		return 1;
	}
	mk->memo_stamp[i] = t;
	memcpy(in, mk->cur, n2 * sizeof *in);
	val[0] = v->held;
	val[1] = v->budget;
	return 0;
}

/* Whether buyer i holds whatever its rule's reply is, because no bid at all could gain
 * more than the bid fee: `bar` is its current utility plus eps. The unshaded waterfill
 * reply's utility U bounds every rule's: a reply of total x costs at least the
 * cheapest-first cost of x (spec §3.1: waterfill's own shaded reply buys exactly so, an
 * equal split, `equal` or `literal`, buys x / m at each pool seller along its market
 * price function), x stays within the buyer's room and the sellers' data, and theta gain
 * - cheapest cost (concave) peaks at the waterfill crossing (with a budget: the crossing
 * or where the cheapest cost reaches the budget, which a reply within the budget cannot
 * pass). psp_reply_bounded walks towards that crossing and stops once U is shown to be
 * at most bar - margin (or shown to be more). Both read the same segments, so their
 * computed values differ from the exact ones by rounding only, far below HOLD_MARGIN: the
 * rule's own utility u then satisfies !(u > bar), the same hold, without the reply. */
static int held_by_bound(struct psp_market *mk, const struct psp_reply_ctx *c, int i,
			 const struct psp_val *v, double bar)
{
	if (!mk->hold_bound)
		return 0;
	if (!psp_reply_bounded(c, &mk->scratch, i, v,
			       bar - HOLD_MARGIN * (1 + v->kappa * psp_val_room(v))))
		return 0;
	mk->bound_holds++;
	return 1;
}

/* Buyer i's reply to the books into out (2 ns), its current bids being `block`. */
static void reply_one(struct psp_market *mk, int i, const double *block, double *out)
{
	size_t n2 = 2 * (size_t)mk->ns;
	if (mk->bon[i] != SLOT_ON) {
		memset(out, 0, n2 * sizeof *out);
		return;
	}
	struct psp_reply_ctx c = psp_market_ctx(mk);
	const struct psp_val *v = &mk->val[i];
	current_bids(mk, block);
	if (memo_hit(mk, i, out))
		return;
	if (v->kind == PSP_VAL_STEP) {
		psp_reply_step(&c, &mk->scratch, i, v, mk->cur, mk->rep);
	} else if (mk->cfg.rebid == PSP_REBID_IMPROVE) {
		psp_reply_prepare(&c, &mk->scratch, i);
		double bar = psp_reply_utility(&c, &mk->scratch, i, v, mk->cur, NULL, NULL) +
			     mk->cfg.eps;
		if (held_by_bound(mk, &c, i, v, bar) ||
		    !(psp_reply(&c, &mk->scratch, i, v, mk->cur, mk->rep) > bar))
			memcpy(mk->rep, mk->cur, n2 * sizeof *mk->rep);
	} else {
		psp_reply(&c, &mk->scratch, i, v, mk->cur, mk->rep);
	}
	memcpy(out, mk->rep, n2 * sizeof *out);
	memcpy(mk->memo_out + n2 * (size_t)i, mk->rep, n2 * sizeof *out);
}

void psp_market_round(struct psp_market *mk, const double *belief, int player, double *out)
{
	size_t blk = 2 * (size_t)mk->ns;
	psp_market_sync(mk, belief);
	if (player >= 0) {
		reply_one(mk, player, belief + blk * (size_t)player, out + blk * (size_t)player);
		return;
	}
	if (mk->cfg.order == PSP_ORDER_JACOBI) {
		for (int i = 0; i < mk->nb; i++)
			reply_one(mk, i, belief + blk * (size_t)i, out + blk * (size_t)i);
		return;
	}
	for (int i = 0; i < mk->nb; i++)
		mk->perm[i] = i;
	if (mk->cfg.order == PSP_ORDER_RANDOM)
		for (int i = mk->nb - 1; i > 0; i--) {
			int k = (int)rng_below(&mk->rng, (uint64_t)i + 1), t = mk->perm[i];
			mk->perm[i] = mk->perm[k];
			mk->perm[k] = t;
		}
	/* Gauss-Seidel: the books follow every adopted reply, so later buyers see it */
	for (int t = 0; t < mk->nb; t++) {
		int i = mk->perm[t];
		double *o = out + blk * (size_t)i, *sn = mk->snap + blk * (size_t)i;
		reply_one(mk, i, belief + blk * (size_t)i, o);
		if (memcmp(o, sn, blk * sizeof *o) == 0)
			continue;
		if (mk->bon[i] == SLOT_ON)
			for (int j = 0; j < mk->ns; j++)
				if (mk->book[j].Q > 0 && (o[2 * j] != sn[2 * j] ||
							  o[2 * j + 1] != sn[2 * j + 1]))
					psp_book_set(&mk->book[j], i, o[2 * j], o[2 * j + 1]);
		psp_book_refresh(mk->book, mk->ns);
		memcpy(sn, o, blk * sizeof *o);
		mk->scratch.for_buyer = -1;
	}
}

/* ---- the seller phase ----------------------------------------------------------------- */

static int cmp_price_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x > y ? -1 : x < y ? 1 : 0;
}

/* The positive bids at seller j that its book leaves out (priced at or below its reserve),
 * as (price, quantity) pairs in mk->pq sorted by price; returns how many. */
static size_t low_bids(struct psp_market *mk, const double *a, int j, double *tot)
{
	size_t k = 0, ns = (size_t)mk->ns;
	double r = mk->book[j].r;
	*tot = 0;
	for (int i = 0; i < mk->nb; i++) {
		const double *x = a + 2 * (ns * (size_t)i + (size_t)j);
		if (mk->bon[i] == SLOT_ON && x[0] > 0 && !(x[1] > r)) {
			mk->pq[2 * k] = x[1];
			mk->pq[2 * k + 1] = x[0];
			*tot += x[0];
			k++;
		}
	}
	qsort(mk->pq, k, 2 * sizeof *mk->pq, cmp_price_desc);
	return k;
}

/* Spec §3.2 step 2: among the positive bids at seller j (the book holds a), n = the fewest
 * highest bids that cover its data; r = p_(n+1) + eps (p_(n) + eps when there is no
 * (n+1)-th bid), unchanged when the bids do not cover the data. The book's entries are the
 * highest bids; the few below its reserve are gathered only when they matter. */
static double progressive(struct psp_market *mk, const double *a, int j, double rprev)
{
	struct psp_book *b = &mk->book[j];
	double eps = mk->cfg.eps, low, cum;
	if (!(b->Q > 0))
		return rprev;
	int f = psp_book_frontier(b);
	if (f < b->n)
		return b->e[f].p + eps;
	size_t k = low_bids(mk, a, j, &low);
	if (f == b->n) /* the book covers Q with all its entries: the (n+1)-th is a low bid */
		return (k > 0 ? mk->pq[0] : b->e[f - 1].p) + eps;
	cum = psp_book_total(b);
	if (cum + low < b->Q)
		return rprev;
	for (size_t t = 0; t < k; t++) {
		cum += mk->pq[2 * t + 1];
		if (cum >= b->Q)
			return (t + 1 < k ? mk->pq[2 * (t + 1)] : mk->pq[2 * t]) + eps;
	}
	return mk->pq[2 * (k - 1)] + eps; /* rounding: the last bid covers it */
}

/* Seller j's tentative allocations are final: buyers keep the data and pay its PSP cost,
 * and the seller leaves. */
static void close_seller(struct psp_market *mk, int j)
{
	struct psp_book *b = &mk->book[j];
	psp_book_alloc_all(b, mk->pq);
	for (int k = 0; k < b->n; k++) {
		int i = b->e[k].buyer;
		double x = mk->pq[k];
		if (!(x > 0))
			continue;
		double c = psp_book_cost_entry(b, k, x);
		mk->val[i].held += x;
		mk->val[i].budget -= c;
		mk->paid[i] += c;
		mk->settled[j] += x;
	}
	mk->son[j] = SLOT_GONE;
}

/* A buyer with nothing left to want leaves: a step buyer with its need, a linear buyer
 * whose eps-shaded reply can no longer be positive. */
static int satisfied(const struct psp_market *mk, int i)
{
	const struct psp_val *v = &mk->val[i];
	double room = psp_val_room(v);
	if (v->kind == PSP_VAL_STEP)
		return room <= SOLD_TOL * v->need;
	return room <= mk->cfg.eps / v->kappa;
}

static int bids_held(const struct psp_market *mk, const double *a, int j)
{
	size_t ns = (size_t)mk->ns;
	for (int i = 0; i < mk->nb; i++) {
		size_t k = 2 * (ns * (size_t)i + (size_t)j);
		if (differs(a + k, mk->prev + k, 2))
			return 0;
	}
	return 1;
}

static void settle(struct psp_market *mk, const double *a)
{
	int closed = 0;
	psp_market_sync(mk, a);
	for (int j = 0; j < mk->ns; j++) {
		struct psp_book *b = &mk->book[j];
		if (!(b->Q > 0) || !bids_held(mk, a, j))
			continue;
		double sold = 0;
		psp_book_alloc_all(b, mk->pq);
		for (int k = 0; k < b->n; k++)
			sold += mk->pq[k];
		if (b->Q - sold <= SOLD_TOL * mk->data[j]) {
			close_seller(mk, j);
			closed = 1;
		}
	}
	if (!closed)
		return;
	for (int i = 0; i < mk->nb; i++)
		if (mk->bon[i] == SLOT_ON && satisfied(mk, i))
			mk->bon[i] = SLOT_GONE;
	mk->snap_ok = 0;
}

void psp_market_sellers(struct psp_market *mk, long step, const double *a)
{
	psp_market_sync(mk, a);
	for (int j = 0; j < mk->ns; j++)
		if (mk->son[j] == SLOT_ON) {
			double r = progressive(mk, a, j, mk->r[j]);
			if (r != mk->r[j] && mk->cfg.reserve_mode == PSP_RESERVE_FLOOR)
				mk->snap_ok = 0;
			mk->r[j] = r;
		}
	if (mk->cfg.settle == PSP_SETTLE_SELLOUT) {
		if (mk->have_prev)
			settle(mk, a);
		memcpy(mk->prev, a, mk->dim * sizeof *a);
		mk->have_prev = 1;
	}
	for (int i = 0; i < mk->nb; i++)
		if (mk->bon[i] == SLOT_WAITING && mk->arrive[i] <= (double)step) {
			mk->bon[i] = SLOT_ON;
			mk->snap_ok = 0;
		}
	for (int j = 0; j < mk->ns; j++)
		if (mk->son[j] == SLOT_WAITING && mk->sarrive[j] <= (double)step) {
			mk->son[j] = SLOT_ON;
			mk->snap_ok = 0;
		}
}

/* ---- the initial bids ------------------------------------------------------------------ */

/* Eq. 22 with the sellers' totals: the sellers with the most data first (ties to the lower
 * index), as few as n * D^(n) >= q allows, else every seller on. */
static int totals_pool(struct psp_market *mk, double q)
{
	struct psp_scratch *s = &mk->scratch;
	int k = 0;
	for (int j = 0; j < mk->ns; j++)
		if (mk->son[j] == SLOT_ON) {
			int t = k++;
			while (t > 0 && mk->data[s->order[t - 1]] < mk->data[j]) {
				s->order[t] = s->order[t - 1];
				t--;
			}
			s->order[t] = j;
		}
	for (int n = 1; n <= k; n++)
		if (n * mk->data[s->order[n - 1]] >= q)
			return n;
	return k;
}

void psp_market_initial(struct psp_market *mk, double *a0)
{
	struct rng r;
	rng_stream(&r, mk->cfg.seed, STREAM_INIT);
	memset(a0, 0, mk->dim * sizeof *a0);
	for (int i = 0; i < mk->nb; i++) {
		const struct psp_val *v = &mk->val[i];
		double x = rng_uniform_range(&r, mk->cfg.eps, mk->cfg.p_kappa), q = 0, p = 0;
		if (mk->bon[i] != SLOT_ON || mk->cfg.init == PSP_INIT_ZERO)
			continue;
		if (mk->cfg.init == PSP_INIT_NEED) {
			q = psp_val_room(v);
			p = v->kappa;
		} else {
			q = v->kind == PSP_VAL_STEP ? (x < v->kappa ? psp_val_room(v) : 0)
						    : psp_val_cross(v, x, 1);
			p = x;
		}
		int n = q > 0 ? totals_pool(mk, q) : 0;
		double *blk = a0 + 2 * (size_t)mk->ns * (size_t)i;
		for (int t = 0; t < n; t++) {
			blk[2 * mk->scratch.order[t]] = q / n;
			blk[2 * mk->scratch.order[t] + 1] = p;
		}
	}
}

/* ---- evaluation ------------------------------------------------------------------------ */

/* Data left unsold at active sellers that buyers short at its reserve would still buy. */
static double unmet(const struct psp_market *mk, const struct psp_eval *ev)
{
	double unsold = 0, rmin = INFINITY, want = 0;
	for (int j = 0; j < mk->ns; j++)
		if (mk->book[j].Q > 0 && ev->remaining[j] > SOLD_TOL * mk->data[j]) {
			unsold += ev->remaining[j];
			if (mk->book[j].r < rmin)
				rmin = mk->book[j].r;
		}
	if (!(unsold > 0))
		return 0;
	for (int i = 0; i < mk->nb; i++) {
		const struct psp_val *v = &mk->val[i];
		if (mk->bon[i] != SLOT_ON)
			continue;
		double got = ev->total[i] - v->held, w;
		if (v->kind == PSP_VAL_STEP)
			w = v->kappa > rmin ? psp_val_room(v) - got : 0;
		else
			w = psp_val_cross(v, rmin, 1) - mk->cfg.eps / v->kappa - got;
		if (w > SOLD_TOL * v->need)
			want += w;
	}
	return want < unsold ? want : unsold;
}

static void eval_seller(struct psp_market *mk, const double *a, int j)
{
	struct psp_eval *ev = &mk->ev;
	struct psp_book *b = &mk->book[j];
	size_t ns = (size_t)mk->ns;
	double sold = 0;
	ev->rnext[j] = mk->son[j] == SLOT_ON ? progressive(mk, a, j, mk->r[j]) : mk->r[j];
	psp_book_alloc_all(b, mk->pq);
	for (int k = 0; k < b->n; k++) {
		double x = mk->pq[k];
		if (!(x > 0))
			continue;
		int i = b->e[k].buyer;
		ev->alloc[(size_t)i * ns + (size_t)j] = x;
		ev->cost[(size_t)i * ns + (size_t)j] = psp_book_cost_entry(b, k, x);
		sold += x;
		if (!(b->e[k].p >= ev->win_min))
			ev->win_min = b->e[k].p;
		if (!(b->e[k].p <= ev->win_max))
			ev->win_max = b->e[k].p;
	}
	double left = mk->data[j] - mk->settled[j] - sold;
	ev->remaining[j] = left > SOLD_TOL * mk->data[j] ? left : 0;
	ev->sold += sold;
}

const struct psp_eval *psp_market_eval(struct psp_market *mk, const double *a)
{
	struct psp_eval *ev = &mk->ev;
	size_t ns = (size_t)mk->ns, nb = (size_t)mk->nb;
	psp_market_sync(mk, a);
	memset(ev->alloc, 0, nb * ns * sizeof *ev->alloc);
	memset(ev->cost, 0, nb * ns * sizeof *ev->cost);
	ev->welfare = ev->sold = ev->revenue = 0;
	ev->win_min = ev->win_max = NAN;
	ev->buyers_on = ev->sellers_on = 0;
	for (int j = 0; j < mk->ns; j++) {
		eval_seller(mk, a, j);
		ev->sold += mk->settled[j];
		ev->sellers_on += mk->son[j] == SLOT_ON;
	}
	for (size_t i = 0; i < nb; i++) {
		double tot = mk->val[i].held, pay = mk->paid[i];
		for (size_t j = 0; j < ns; j++) {
			tot += ev->alloc[i * ns + j];
			pay += ev->cost[i * ns + j];
		}
		ev->total[i] = tot;
		ev->pay[i] = pay;
		ev->welfare += psp_val_theta(&mk->val[i], tot);
		ev->revenue += pay;
		ev->buyers_on += mk->bon[i] == SLOT_ON;
	}
	ev->unmet = unmet(mk, ev);
	return ev;
}

/* ---- deviations ------------------------------------------------------------------------ */

/* A random bid vector for buyer i into mk->rep: over the whole bid space, or near cur. */
static void random_bids(struct psp_market *mk, int i, int near, struct rng *rng)
{
	const struct psp_val *v = &mk->val[i];
	double room = psp_val_room(v);
	for (int j = 0; j < mk->ns; j++) {
		double Q = mk->book[j].Q, top = room < Q ? room : Q, q = 0, p = 0;
		if (Q > 0 && near) {
			q = mk->cur[2 * j] > 0 ? mk->cur[2 * j] * rng_uniform_range(rng, 0.7, 1.3)
					       : (rng_bernoulli(rng, 0.2) ? top * rng_uniform(rng) : 0);
			p = (mk->cur[2 * j] > 0 ? mk->cur[2 * j + 1] : v->kappa * rng_uniform(rng)) +
			    0.05 * v->kappa * rng_uniform_range(rng, -1, 1);
		} else if (Q > 0 && rng_bernoulli(rng, 0.5)) {
			q = top * rng_uniform(rng);
			p = mk->cfg.p_kappa * rng_uniform(rng);
		}
		mk->rep[2 * j] = q > 0 ? (q < top ? q : top) : 0;
		mk->rep[2 * j + 1] = q > 0 && p > 0 ? p : 0;
	}
}

double psp_market_deviation(struct psp_market *mk, const double *a, int buyer, long tries,
			    struct rng *rng)
{
	if (mk->bon[buyer] != SLOT_ON)
		return 0;
	psp_market_sync(mk, a);
	struct psp_reply_ctx c = psp_market_ctx(mk);
	const struct psp_val *v = &mk->val[buyer];
	current_bids(mk, a + 2 * (size_t)mk->ns * (size_t)buyer);
	psp_reply_prepare(&c, &mk->scratch, buyer);
	double u0 = psp_reply_utility(&c, &mk->scratch, buyer, v, mk->cur, NULL, NULL), best = 0;
	struct psp_reply_ctx w = c;
	w.pool = PSP_POOL_WATERFILL;
	w.eps = 0; /* the unshaded best reply outside the equal-split family */
	psp_reply(&w, &mk->scratch, buyer, v, mk->cur, mk->rep);
	double g = psp_reply_utility(&c, &mk->scratch, buyer, v, mk->rep, NULL, NULL) - u0;
	if (g > best)
		best = g;
	for (long t = 0; t < tries; t++) {
		random_bids(mk, buyer, (int)(t & 1), rng);
		g = psp_reply_utility(&c, &mk->scratch, buyer, v, mk->rep, NULL, NULL) - u0;
		if (g > best)
			best = g;
	}
	return best;
}
