/* psp_book: one seller's local PSP auction (see psp_book.h).
 * Buyer i's opponents are the entries without i's own (at index o, quantity qo); their
 * cumulative quantity from the top is C'(j) = cq[j] - (qo if o < j). Opponent k occupies
 * the z interval (Q - C'(k+1), Q - C'(k)] of i's market price function, clipped at 0, at
 * price p_k; when the opponents bid less than Q in all, the reserve prices
 * [0, Q - C'(n)]. Segment ends are computed from the prefix sums, not accumulated, so the
 * last one ends at Q exactly.
 * The frontier: reach(t) is the first index whose prefix sum reaches t, opp_reach the first
 * where C' reaches Q. Nothing past it can be allocated to i or priced in i's market price
 * function, so the queries extend the lazy prefix sums only that far.
 * The queries never look for a buyer's own entry: "o < k" is its (price, buyer) key against
 * entry k - 1, and k is by the frontier, where every query goes, or where a search of the
 * query has just been, so no other line is read. Its bid comes from its slot. Only a
 * change (psp_book_set) needs its index: a search on its key that starts where it was last
 * seen and doubles its step outward. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "core/models/psp_book.h"
#include "core/xmalloc.h"

#define PROBE 8       /* entries scanned before a binary search */
#define RUN 8         /* prefix sums extended at a time */
#define WHOLE_MARGIN 1e-9 /* see surely_whole */

void psp_book_init_shared(struct psp_book *b, int cap, struct psp_slot *slot, int stride)
{
	memset(b, 0, sizeof *b);
	b->cap = cap;
	b->bufcap = 2 * (cap + 1);
	b->buf = xcalloc((size_t)b->bufcap, sizeof *b->buf);
	b->base = (cap + 1) / 2;
	b->e = b->buf + b->base;
	b->cq = xcalloc((size_t)cap + 2, sizeof *b->cq);
	b->slot = slot;
	b->stride = stride;
	for (int i = 0; i < cap; i++)
		b->slot[(size_t)i * (size_t)stride].at = -1;
	b->sorted = 1;
	b->f0 = -1;
}

void psp_book_init(struct psp_book *b, int cap)
{
	psp_book_init_shared(b, cap, xcalloc((size_t)cap + 1, sizeof(struct psp_slot)), 1);
	b->own_slots = 1;
}

void psp_book_fini(struct psp_book *b)
{
	free(b->buf);
	free(b->cq);
	if (b->own_slots)
		free(b->slot);
	memset(b, 0, sizeof *b);
}

static struct psp_slot *slot_of(const struct psp_book *b, int buyer)
{
	return &b->slot[(size_t)buyer * (size_t)b->stride];
}

/* The book changed: cached answers go. */
static void changed(struct psp_book *b, int lo)
{
	if (b->valid > lo)
		b->valid = lo;
	b->f0 = -1;
	b->out_ok = 0;
	b->ver++;
}

void psp_book_reset(struct psp_book *b, double Q, double r)
{
	for (int k = 0; k < b->n; k++)
		slot_of(b, b->e[k].buyer)->at = -1;
	b->n = 0;
	b->base = (b->cap + 1) / 2; /* room for cap entries appended, and on both sides */
	b->e = b->buf + b->base;
	b->Q = Q;
	b->r = r;
	b->cq[0] = 0;
	b->sorted = 1;
	changed(b, 0);
}

/* The entries sit in buf with room on both sides (base: where entry 0 is): a gap is
 * opened or closed by shifting the shorter side, and a book whose side has no room left
 * is centred again first (rare: half the capacity on each side). */
static void recentre(struct psp_book *b)
{
	int base = (b->bufcap - b->n) / 2;
	memmove(b->buf + base, b->e, (size_t)b->n * sizeof *b->e);
	b->base = base;
	b->e = b->buf + base;
}

void psp_book_add(struct psp_book *b, int buyer, double q, double p)
{
	if (!(q > 0) || !(p > b->r))
		return;
	if (b->base + b->n == b->bufcap)
		recentre(b);
	b->e[b->n++] = (struct psp_entry){ .p = p, .q = q, .buyer = buyer };
	struct psp_slot *sl = slot_of(b, buyer);
	sl->p = p;
	sl->q = q;
	b->sorted = 0;
}

/* Price descending, then buyer index ascending. */
static int before(const struct psp_entry *x, const struct psp_entry *y)
{
	return x->p > y->p || (x->p == y->p && x->buyer < y->buyer);
}

static int cmp_entry(const void *a, const void *b)
{
	const struct psp_entry *x = a, *y = b;
	return before(x, y) ? -1 : before(y, x) ? 1 : 0;
}

void psp_book_sort(struct psp_book *b)
{
	qsort(b->e, (size_t)b->n, sizeof *b->e, cmp_entry);
	for (int k = 0; k < b->n; k++)
		slot_of(b, b->e[k].buyer)->at = k;
	b->cq[0] = 0;
	b->sorted = 1;
	changed(b, 0);
}

/* The first index whose entry does not go before x. The searches here halve the range
 * without a branch on the comparison (it is unpredictable): the answer stays in
 * [l, l + len], and l moves past the lower half when its last entry goes before. */
static int lower_bound(const struct psp_book *b, const struct psp_entry *x)
{
	int l = 0, len = b->n;
	while (len > 1) {
		int half = len / 2;
		l = before(&b->e[l + half - 1], x) ? l + half : l;
		len -= half;
	}
	return l + (len == 1 && before(&b->e[l], x));
}

/* The first index in [l, h] whose entry does not go before x, given that it lies there
 * (h may be n). */
static int lower_bound_in(const struct psp_book *b, const struct psp_entry *x, int l, int h)
{
	while (l < h) {
		int mid = l + (h - l) / 2;
		if (before(&b->e[mid], x))
			l = mid + 1;
		else
			h = mid;
	}
	return l;
}

/* lower_bound(b, x) searched outward from index h, in steps doubling from 1: an entry that
 * moved d places since h was its place is found in O(log d) comparisons. */
static int lower_bound_near(const struct psp_book *b, const struct psp_entry *x, int h)
{
	int n = b->n, d = 1;
	if (h > n)
		h = n;
	if (h < n && before(&b->e[h], x)) { /* past h: e[l - 1] goes before x */
		int l = h + 1;
		while (l + d - 1 < n && before(&b->e[l + d - 1], x)) {
			l += d;
			d *= 2;
		}
		return lower_bound_in(b, x, l, l + d - 1 < n ? l + d - 1 : n);
	}
	int hi = h; /* at or before h: e[hi] does not go before x, or hi = n */
	while (hi - d >= 0 && !before(&b->e[hi - d], x)) {
		hi -= d;
		d *= 2;
	}
	return lower_bound_in(b, x, hi - d + 1 > 0 ? hi - d + 1 : 0, hi);
}

/* Buyer's entry, -1 when it has none. Its slot remembers where it was last seen; moves
 * of other entries shift it by a few places, so a search on its key outward from there
 * finds it. */
static int own_index(struct psp_book *b, int buyer)
{
	struct psp_slot *sl = slot_of(b, buyer);
	int h = sl->at;
	if (h < 0)
		return -1;
	if (h < b->n && b->e[h].buyer == buyer)
		return h;
	struct psp_entry x = { .p = sl->p, .buyer = buyer };
	int o = lower_bound_near(b, &x, h);
	assert(o < b->n && b->e[o].buyer == buyer);
	return sl->at = o;
}

/* Removes entry o. */
static void close_at(struct psp_book *b, int o)
{
	if (o < b->n - 1 - o) { /* the entries before o move down one place */
		memmove(b->e + 1, b->e, (size_t)o * sizeof *b->e);
		b->e = b->buf + ++b->base;
	} else {
		memmove(b->e + o, b->e + o + 1, (size_t)(b->n - 1 - o) * sizeof *b->e);
	}
	b->n--;
}

/* Opens a place at index l for x. */
static void open_at(struct psp_book *b, int l, const struct psp_entry *x)
{
	int front = l < b->n - l;
	if ((front && b->base == 0) || (!front && b->base + b->n == b->bufcap))
		recentre(b);
	if (front) {
		memmove(b->e - 1, b->e, (size_t)l * sizeof *b->e);
		b->e = b->buf + --b->base;
	} else {
		memmove(b->e + l + 1, b->e + l, (size_t)(b->n - l) * sizeof *b->e);
	}
	b->e[l] = *x;
	b->n++;
}

/* Moves buyer's entry at o to the place of x: the entries between shift, or when fewer,
 * the ones outside (a bid-war re-bid jumps from near the bottom to near the top). Such a
 * jump is long, so its place is found by a search of the whole book (about log2 n
 * comparisons without a branch), not outward from o (two searches of log2 of the jump). */
static int move_entry(struct psp_book *b, int o, const struct psp_entry *x)
{
	int l = lower_bound(b, x); /* counts entry o when it goes before x */
	if (l > o)
		l--;
	int between = l < o ? o - l : l - o, n = b->n;
	int outside = (o < n - 1 - o ? o : n - 1 - o) + (l < n - 1 - l ? l : n - 1 - l);
	if (outside < between) {
		close_at(b, o);
		open_at(b, l, x);
		return l;
	}
	if (l < o)
		memmove(b->e + l + 1, b->e + l, (size_t)(o - l) * sizeof *b->e);
	else if (l > o)
		memmove(b->e + o, b->e + o + 1, (size_t)(l - o) * sizeof *b->e);
	b->e[l] = *x;
	return l;
}

void psp_book_set(struct psp_book *b, int buyer, double q, double p)
{
	int lo = b->n, o = own_index(b, buyer), put = q > 0 && p > b->r;
	struct psp_entry x = { .p = p, .q = q, .buyer = buyer };
	struct psp_slot *sl = slot_of(b, buyer);
	if (o >= 0 && put) {
		int l = move_entry(b, o, &x);
		*sl = (struct psp_slot){ .p = p, .q = q, .at = l };
		changed(b, l < o ? l : o);
		return;
	}
	if (o >= 0) {
		close_at(b, o);
		sl->at = -1;
		lo = o;
	}
	if (put) {
		int l = lower_bound(b, &x);
		open_at(b, l, &x);
		*sl = (struct psp_slot){ .p = p, .q = q, .at = l };
		if (l < lo)
			lo = l;
	}
	changed(b, lo);
}

void psp_book_extend(struct psp_book *b, int k)
{
	const struct psp_entry *e = b->e;
	double *cq = b->cq, c = cq[b->valid];
	for (int t = b->valid; t < k; t++) {
		c += e[t].q;
		cq[t + 1] = c;
	}
	b->valid = k;
}

/* Prefix sums up to cq[k]: usually there already. */
static inline void ensure(struct psp_book *b, int k)
{
	if (k > b->valid)
		psp_book_extend(b, k);
}

/* One book's sums to bring up to date: cq[k + 1 .. end] from cq[k]. */
struct lane {
	const struct psp_entry *e;
	double *cq;
	int k, end;
};

/* Runs four lanes side by side for as many steps as the shortest needs: four
 * independent chains of adds, each in book order (the numbers ensure forms). */
static void sum4(struct lane *l)
{
	int m = l[0].end - l[0].k;
	for (int t = 1; t < 4; t++)
		if (l[t].end - l[t].k < m)
			m = l[t].end - l[t].k;
	const struct psp_entry *e0 = l[0].e + l[0].k, *e1 = l[1].e + l[1].k,
			       *e2 = l[2].e + l[2].k, *e3 = l[3].e + l[3].k;
	double *q0 = l[0].cq + l[0].k, *q1 = l[1].cq + l[1].k, *q2 = l[2].cq + l[2].k,
	       *q3 = l[3].cq + l[3].k;
	double c0 = q0[0], c1 = q1[0], c2 = q2[0], c3 = q3[0];
	for (int s = 0; s < m; s++) {
		c0 += e0[s].q;
		c1 += e1[s].q;
		c2 += e2[s].q;
		c3 += e3[s].q;
		q0[s + 1] = c0;
		q1[s + 1] = c1;
		q2[s + 1] = c2;
		q3[s + 1] = c3;
	}
	for (int t = 0; t < 4; t++)
		l[t].k += m;
}

/* The same with two lanes: the last lanes left after the books run out. */
static void sum2(struct lane *l)
{
	int m = l[0].end - l[0].k < l[1].end - l[1].k ? l[0].end - l[0].k : l[1].end - l[1].k;
	const struct psp_entry *e0 = l[0].e + l[0].k, *e1 = l[1].e + l[1].k;
	double *q0 = l[0].cq + l[0].k, *q1 = l[1].cq + l[1].k;
	double c0 = q0[0], c1 = q1[0];
	for (int s = 0; s < m; s++) {
		c0 += e0[s].q;
		c1 += e1[s].q;
		q0[s + 1] = c0;
		q1[s + 1] = c1;
	}
	l[0].k += m;
	l[1].k += m;
}

/* Drops the finished lanes; returns how many are left. */
static int drop_done(struct lane *l, int live)
{
	for (int t = 0; t < live;)
		if (l[t].k == l[t].end)
			l[t] = l[--live];
		else
			t++;
	return live;
}

void psp_book_refresh(struct psp_book *b, int n)
{
	struct lane l[4];
	int live = 0, j = 0;
	for (;;) {
		for (; live < 4 && j < n; j++) { /* fill the lanes with books behind */
			struct psp_book *x = &b[j];
			int end = x->fh + RUN < x->n ? x->fh + RUN : x->n;
			if (x->valid < end) {
				l[live] = (struct lane){ .e = x->e, .cq = x->cq, .k = x->valid,
							 .end = end };
				x->valid = end;
				live++;
			}
		}
		if (live < 4)
			break;
		sum4(l);
		live = drop_done(l, live); /* finished lanes leave */
	}
	while (live >= 2) { /* the last few two by two, the last one alone */
		sum2(l);
		live = drop_done(l, live);
	}
	for (int t = 0; t < live; t++) {
		double c = l[t].cq[l[t].k];
		for (int k = l[t].k; k < l[t].end; k++) {
			c += l[t].e[k].q;
			l[t].cq[k + 1] = c;
		}
	}
}

/* The smallest k in [from, n] with cq[k] - d >= t (n + 1 when none), for from <= the
 * answer. cq - d is non-decreasing (every q > 0), so the sums are extended only until
 * they reach t; a book that changed below its frontier re-sums only that far. */
static int reach_from(struct psp_book *b, int from, double d, double t)
{
	if (from > b->n)
		return b->n + 1;
	ensure(b, from);
	int l = from, h = b->valid, n = b->n;
	if (!(b->cq[h] - d >= t)) { /* extend the sums in runs until they reach t */
		const struct psp_entry *e = b->e;
		double *cq = b->cq, c = cq[h];
		int k = h;
		while (k < n && !(c - d >= t))
			for (int end = k + RUN < n ? k + RUN : n; k < end; k++) {
				c += e[k].q;
				cq[k + 1] = c;
			}
		b->valid = k;
		if (!(c - d >= t))
			return n + 1;
		l = h + 1; /* cq[h] - d < t */
		h = k;
	}
	for (int end = l + PROBE < h ? l + PROBE : h; l < end; l++) /* usually a few past from */
		if (b->cq[l] - d >= t)
			return l;
	while (l < h) {
		int mid = (l + h) / 2;
		if (b->cq[mid] - d >= t)
			h = mid;
		else
			l = mid + 1;
	}
	return l;
}

/* The smallest k in [0, n] with cq[k] >= t, or n + 1 when cq[n] < t. */
static int reach(struct psp_book *b, double t)
{
	return reach_from(b, 0, 0, t);
}

/* reach(b, Q) searched from where the frontier was last found: a change moves it a few
 * places at most, usually. */
static int frontier_near(struct psp_book *b)
{
	int h = b->fh;
	if (h < 1 || h > b->n)
		return reach(b, b->Q);
	ensure(b, h);
	if (!(b->cq[h] >= b->Q)) /* past h */
		return reach_from(b, h + 1, 0, b->Q);
	for (int t = 0; t < PROBE; t++, h--) /* at h or before */
		if (h == 0 || !(b->cq[h - 1] >= b->Q))
			return h;
	return reach(b, b->Q);
}

int psp_book_frontier(struct psp_book *b)
{
	if (b->f0 < 0)
		b->fh = b->f0 = frontier_near(b);
	return b->f0;
}

double psp_book_total(struct psp_book *b)
{
	ensure(b, b->n);
	return b->cq[b->n];
}

/* Whether a buyer's entry x (in the book) is above index k, at an index < k: decided by its
 * key against entry k - 1, with no search for its index. */
static int own_above(const struct psp_book *b, const struct psp_entry *x, int k)
{
	if (k <= 0)
		return 0;
	return k > b->n || !before(&b->e[k - 1], x);
}

/* A buyer's own entry as its slot holds it (has = 0: none); o: its index when the caller
 * knows it (the observer, entry by entry), else -1. */
struct own {
	struct psp_entry x;
	int has, o;
};

static struct own own_of(const struct psp_book *b, int buyer)
{
	const struct psp_slot *sl = slot_of(b, buyer);
	return (struct own){ .x = { .p = sl->p, .q = sl->q, .buyer = buyer },
			     .has = sl->at >= 0, .o = -1 };
}

/* own_above for an entry that has one, by its index when known. */
static int entry_above(const struct psp_book *b, const struct own *w, int k)
{
	return w->o >= 0 ? w->o < k : own_above(b, &w->x, k);
}

/* The own quantity to leave out of the sum above k: qo when the entry is above k, else 0. */
static double own_left_out(const struct psp_book *b, const struct own *w, int k)
{
	return w->has && own_above(b, &w->x, k) ? w->x.q : 0;
}

/* opp_reach for an own entry of quantity qo above the frontier f (f <= n). */
static int reach_past(struct psp_book *b, int f, double qo)
{
	int k = f;
	for (; k < f + 2 && k <= b->valid; k++) /* usually at f or just past it */
		if (b->cq[k] - qo >= b->Q)
			return k;
	return reach_from(b, k, qo, b->Q);
}

/* The smallest j with C'(j) >= Q (n + 1 when the opponents do not cover Q): the index
 * from which the others above take everything. Before the own entry C' = cq (the
 * frontier f, when the own entry is not above it), after it cq - qo, from past both on:
 * the own entry is above f, so the search starts at f. */
static int opp_reach(struct psp_book *b, const struct own *w)
{
	int f = psp_book_frontier(b);
	if (!w->has || f > b->n || !own_above(b, &w->x, f))
		return f;
	return reach_past(b, f, w->x.q);
}

/* The first index in [l, h] whose entry is priced <= p (strict = 0) or < p (strict = 1),
 * given that it lies there (h may be n). */
static int first_below(const struct psp_book *b, double p, int strict, int l, int h)
{
	const struct psp_entry *e = b->e;
	int len = h - l;
	if (strict) {
		while (len > 1) {
			int half = len / 2;
			l = e[l + half - 1].p >= p ? l + half : l;
			len -= half;
		}
		return l + (len == 1 && e[l].p >= p);
	}
	while (len > 1) {
		int half = len / 2;
		l = e[l + half - 1].p > p ? l + half : l;
		len -= half;
	}
	return l + (len == 1 && e[l].p > p);
}

/* Where the first entry priced at or below p can be at the latest when the opponents'
 * reach is f and entry f - 1 is not priced above p. */
static int below_bound(const struct psp_book *b, int f)
{
	return f <= b->n && f > 0 ? f - 1 : b->n;
}

/* The end of the tie group at price p that starts at i1: the first index past i1 priced
 * below p. Ties are few: a short scan, else a search. */
static int tie_end(const struct psp_book *b, double p, int i1)
{
	int end = i1 + PROBE < b->n ? i1 + PROBE : b->n;
	for (int k = i1; k < end; k++)
		if (b->e[k].p != p)
			return k;
	return first_below(b, p, 1, end, b->n);
}

/* Whether a buyer whose own entry is the bid (q, p) gets all of q, to the bit, without
 * finding the entry: when an entry j0 at or above the frontier F is priced below p (or j0 = n
 * when the book does not cover Q), the own entry and its tie group [i1, i2) lie above j0, so
 * avail = Q - cq[i1] >= (cq[i2] - cq[i1]) + (Q - cq[j0]) while tie + q is cq[i2] - cq[i1]
 * up to rounding (a few units of 2^-53 Q): with Q - cq[j0] above WHOLE_MARGIN Q,
 * q / (tie + q) * avail is above q, and the allocation is q. Both entries looked at are by the
 * frontier, where every query goes: no search, no cold line. */
static int surely_whole(struct psp_book *b, double p)
{
	int F = psp_book_frontier(b), j0 = F > b->n ? b->n : F - 1;
	if (j0 < 0)
		return 0;
	if (j0 < b->n && !(b->e[j0].p < p)) /* j0 is entry F - 1 or the one above it */
		return 0;
	if (b->Q - b->cq[j0] > WHOLE_MARGIN * b->Q)
		return 1;
	return j0 > 0 && j0 < b->n && b->e[j0 - 1].p < p &&
	       b->Q - b->cq[j0 - 1] > WHOLE_MARGIN * b->Q;
}

double psp_book_alloc(struct psp_book *b, int buyer, double q, double p)
{
	if (!(q > 0) || !(p > b->r) || !(b->Q > 0))
		return 0;
	struct own w = own_of(b, buyer);
	if (w.has && w.x.p == p && w.x.q == q && surely_whole(b, p)) /* its own bid */
		return q;
	int f = opp_reach(b, &w);
	if (f <= b->n && b->e[f - 1].p > p) /* outbid: see psp_book_above */
		return 0;
	int h = below_bound(b, f); /* entry f - 1 is priced <= p */
	int i1 = first_below(b, p, 0, 0, h);
	if (i1 >= f) /* the others above p already take everything */
		return 0;
	int i2 = tie_end(b, p, i1);
	if (w.has && w.x.p == p) /* the own entry is in the tie group: remember its place */
		for (int k = i1; k < i2; k++)
			if (b->e[k].buyer == buyer) {
				slot_of(b, buyer)->at = k;
				break;
			}
	double hi = psp_book_opp_cum(b, own_left_out(b, &w, i1), i1);
	ensure(b, i2);
	/* the tie group [i1, i2) is the entries priced p: the own one is there if priced p */
	double tie = b->cq[i2] - b->cq[i1] - (w.has && w.x.p == p ? w.x.q : 0);
	double avail = b->Q - hi;
	if (!(avail > 0))
		return 0;
	double a = q / (tie + q) * avail;
	return a < q ? a : q;
}

double psp_book_above(struct psp_book *b, int buyer, double y)
{
	struct own w = own_of(b, buyer);
	int f = opp_reach(b, &w);
	if (f <= b->n && b->e[f - 1].p > y) /* the opponents priced above y cover Q (entry */
		return b->Q;                  /* f - 1 is never the own one) */
	int h = below_bound(b, f), i1 = first_below(b, y, 0, 0, h); /* e[f - 1].p <= y */
	if (i1 >= f)
		return b->Q;
	return psp_book_opp_cum(b, own_left_out(b, &w, i1), i1);
}

void psp_book_alloc_all(struct psp_book *b, double *a)
{
	int g0 = 0, g1;
	for (; g0 < b->n; g0 = g1) {
		for (g1 = g0 + 1; g1 < b->n && b->e[g1].p == b->e[g0].p; g1++)
			;
		ensure(b, g1);
		double avail = b->Q - b->cq[g0], tie = b->cq[g1] - b->cq[g0];
		if (!(avail > 0))
			break;
		for (int k = g0; k < g1; k++) {
			double q = b->e[k].q, x = q / ((tie - q) + q) * avail;
			a[k] = x < q ? x : q; /* the same arithmetic as psp_book_alloc */
		}
	}
	for (int k = g0; k < b->n; k++)
		a[k] = 0;
}

/* The first segment for the buyer of own entry w (w->has = 0: none): opp_reach and the
 * own quantity left out at its entry, with each key compared once. Below the frontier F the
 * own entry is not above the bottom segment's entry f - 1 = F - 1; above F it is above every
 * entry from F on, and only entry F - 1 needs a look. */
static void mpf_first_own(struct psp_book *b, const struct own *w, struct psp_seg *s)
{
	int F = psp_book_frontier(b), f = F, buyer = w->has ? w->x.buyer : -1;
	double qo = w->has ? w->x.q : 0;
	int above = F <= b->n && w->has && entry_above(b, w, F);
	if (above)
		f = reach_past(b, F, qo);
	if (f > b->n) { /* the opponents leave data at the reserve: the own entry is above n */
		*s = (struct psp_seg){ .z0 = 0, .z1 = b->Q - psp_book_opp_cum(b, qo, b->n),
				       .p = b->r, .k = b->n, .buyer = buyer, .qo = qo };
		return;
	}
	int k = f - 1; /* the opponent whose bid reaches Q: the bottom segment */
	double qa = above && (k >= F || entry_above(b, w, k)) ? qo : 0;
	*s = (struct psp_seg){ .z0 = 0, .z1 = b->Q - psp_book_opp_cum(b, qa, k),
			       .p = b->e[k].p, .k = k, .buyer = buyer, .qo = qa };
}

int psp_book_mpf_first(struct psp_book *b, int buyer, struct psp_seg *s)
{
	if (!(b->Q > 0))
		return 0;
	struct own w = own_of(b, buyer);
	if (w.has) {
		mpf_first_own(b, &w, s);
		return 1;
	}
	if (!b->out_ok) { /* every buyer without an entry faces the same function */
		mpf_first_own(b, &w, &b->out);
		b->out_ok = 1;
	}
	*s = b->out;
	return 1;
}

double psp_book_cost_from(struct psp_book *b, const struct psp_seg *first, double a)
{
	struct psp_seg s = *first;
	double c = 0;
	if (!(a > 0))
		return 0;
	do {
		double top = s.z1 < a ? s.z1 : a;
		if (top > s.z0)
			c += s.p * (top - s.z0);
	} while (s.z1 < a && psp_book_mpf_next(b, &s));
	return c;
}

double psp_book_cost_entry(struct psp_book *b, int k, double a)
{
	struct psp_seg s;
	if (!(a > 0) || !(b->Q > 0))
		return 0;
	struct own w = { .x = b->e[k], .has = 1, .o = k };
	mpf_first_own(b, &w, &s);
	return psp_book_cost_from(b, &s, a);
}

double psp_book_cost(struct psp_book *b, int buyer, double a)
{
	struct psp_seg s;
	if (!(a > 0) || !psp_book_mpf_first(b, buyer, &s))
		return 0;
	return psp_book_cost_from(b, &s, a);
}
