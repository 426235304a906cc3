/* mfg_agents: N-agent Monte Carlo of the bilateral trading market (see mfg_agents.h).
 * One pass over the budgets per period. Who is matched depends only on the generator and
 * the counts, so the matching is decided on bit sets (one bit per agent) without touching
 * the budgets. A period is
 *   (1) the pass: the last period's trades and newcomers are written into the budgets, then
 *       each agent draws its role and departure and whether it would bid k (bit sets role,
 *       leave, bid; Loan lists the repayments of the clients bidding below k);
 *   (2) clients: which are matched (a uniform subset when clients outnumber servers), in
 *       index order, type by type; act marks the matched bidders, who trade; Loan keeps
 *       their repayments;
 *   (3) servers: a uniform subset of the size of the number of trades receives them, in
 *       descending index order, last type first; each word's outcomes are kept in server
 *       order, not at the servers' positions (sd: a trade; Loan: sx, a trade with a
 *       repayment, in a random order of the repayments);
 *   (4) the leavers' newcomer budgets, drawn in the order clients by ascending index, then
 *       servers by descending index.
 * (2)-(4) write bit sets and small arrays only; their effect on the budgets waits for the
 * pass of the next period (or the first read, mfg_agents_budgets). The draws are those of
 * the earlier four-pass form, in the same order (one 64-bit draw per agent for role and
 * departure, 32-bit halves for the two selections, rng_below's draws for the repayments'
 * order, a uniform per newcomer), so the output for a seed is unchanged. The generator is
 * inlined (core/rng.h); the per-agent choices are selects and the traders are visited bit
 * by bit, so no branch depends on a coin flip, only on rare events (leavers, repayments,
 * a client left out when the two sides are about equal).
 * Neighbours: mfg.c, mfg_solve.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/models/mfg_agents.h"
#include "core/xmalloc.h"

struct policy {
	int n;
	double lo[MFG_AGENTS_MAX_INTERVALS], hi[MFG_AGENTS_MAX_INTERVALS];
};

struct mfg_agents {
	struct mfg_econ e;
	size_t n, nw;    /* agents; 64-bit words of a bit set */
	double *b;       /* budgets (the last period's trades and newcomers in when !pend) */
	/* bit sets of the last period, bit i % 64 of word i / 64 for agent i */
	uint64_t *role;  /* a client */
	uint64_t *leave; /* leaves at the end of the period */
	uint64_t *bid;   /* bids k (clients) */
	uint64_t *act;   /* trades: a matched bidding client */
	/* the servers' outcomes, one bit per server of the word in index order (bit i: its
	 * i-th lowest server), as the selection decides them */
	uint64_t *sd;    /* a trade (Loan: without a repayment) */
	uint64_t *sx;    /* Loan: a trade with a repayment */
	uint64_t *blw;   /* Loan: a client bidding below k (would repay if it trades) */
	uint8_t *type;   /* NULL with one type */
	/* Loan: the repayments xfac (k - x) of the clients bidding below k in index order
	 * (the pass writes them while the budget is at hand), then of those who trade
	 * (clients), shuffled; servers take them from 0 up in descending index order, so the
	 * next pass meets them from nused down. Two lists: the pass fills one while it pays
	 * out the other. */
	float *xs[2], *extras;
	size_t cap_x[2], nused, nlisted; /* nlisted: the pass's list, clients bidding below k */
	int xc;
	size_t start[MFG_MAX_TYPES + 1];
	uint32_t client_thr[MFG_MAX_TYPES]; /* p_c in units of 2^-32 */
	uint32_t regen_thr;                 /* 1 - beta in units of 2^-32 */
	struct policy pol[MFG_MAX_TYPES];
	struct rng rng;
	double *nb;      /* newcomers: clients' leavers ascending, then servers' descending */
	size_t cap_nb, nnb;
	int pend;        /* the bit sets hold trades and leavers not yet in b */
};

static uint32_t prob32(double p)
{
	double x = p * 4294967296.0;
	if (x <= 0)
		return 0;
	if (x >= 4294967295.0)
		return 4294967295u;
	return (uint32_t)x;
}

static uint64_t *bitset_new(size_t nw)
{
	return xcalloc(nw + 1, sizeof(uint64_t));
}

struct mfg_agents *mfg_agents_new(const struct mfg_econ *e, size_t n, uint64_t seed)
{
	struct mfg_agents *a = xcalloc(1, sizeof *a);
	a->e = *e;
	a->n = n;
	a->nw = (n + 63) / 64;
	a->b = xcalloc(n ? n : 1, sizeof *a->b);
	a->role = bitset_new(a->nw);
	a->leave = bitset_new(a->nw);
	a->bid = bitset_new(a->nw);
	a->act = bitset_new(a->nw);
	a->sd = bitset_new(a->nw);
	if (e->variant == MFG_LOAN) {
		a->sx = bitset_new(a->nw);
		a->blw = bitset_new(a->nw);
		for (int k = 0; k < 2; k++) { /* grown when more clients bid below k */
			a->cap_x[k] = n / 16 + 64;
			a->xs[k] = xmallocarray(a->cap_x[k], sizeof *a->xs[k]);
		}
		a->extras = a->xs[0];
	}
	double mean = (1 - e->beta) * (double)n, want = mean + 8 * sqrt(mean) + 64;
	a->cap_nb = want < (double)n ? (size_t)want : n + 1;
	a->nb = xmallocarray(a->cap_nb, sizeof *a->nb);
	rng_seed(&a->rng, seed);
	double wsum = 0;
	for (int t = 0; t < e->ntypes; t++)
		wsum += e->share[t];
	/* types in contiguous blocks of size share * n (the last takes the rest) */
	size_t at = 0;
	for (int t = 0; t < e->ntypes; t++) {
		a->start[t] = at;
		size_t cnt = t + 1 == e->ntypes ? n - at
						: (size_t)floor(e->share[t] / wsum * (double)n + 0.5);
		if (at + cnt > n)
			cnt = n - at;
		at += cnt;
		a->client_thr[t] = prob32(1 - e->p_s[t]);
		a->pol[t].n = 0;
	}
	a->start[e->ntypes] = n;
	if (e->ntypes > 1) {
		a->type = xmallocarray(n ? n : 1, 1);
		for (int t = 0; t < e->ntypes; t++)
			memset(a->type + a->start[t], t, a->start[t + 1] - a->start[t]);
	}
	a->regen_thr = prob32(1 - e->beta);
	return a;
}

void mfg_agents_free(struct mfg_agents *a)
{
	if (!a)
		return;
	free(a->b);
	free(a->role);
	free(a->leave);
	free(a->bid);
	free(a->act);
	free(a->sd);
	free(a->sx);
	free(a->blw);
	free(a->type);
	free(a->xs[0]);
	free(a->xs[1]);
	free(a->nb);
	free(a);
}

/* ---- bit sets ------------------------------------------------------------------------- */

/* Set bits of x, inline (the builtin is a library call unless the target has popcnt). */
static inline size_t popcount64(uint64_t x)
{
	x -= x >> 1 & 0x5555555555555555u;
	x = (x & 0x3333333333333333u) + (x >> 2 & 0x3333333333333333u);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fu;
	return (size_t)(x * 0x0101010101010101u >> 56);
}

/* The bits of word w that lie in [i0, i1) (i0 < i1, w within). */
static uint64_t range_mask(size_t w, size_t i0, size_t i1)
{
	uint64_t m = ~(uint64_t)0;
	if (w == i0 / 64)
		m &= m << (i0 % 64);
	if (w == (i1 - 1) / 64)
		m &= ~(uint64_t)0 >> (63 - (i1 - 1) % 64);
	return m;
}

/* Agents in [i0, i1) with their bit set in x (and in y unless y is NULL). */
static size_t count_range(const uint64_t *x, const uint64_t *y, size_t i0, size_t i1)
{
	size_t c = 0;
	if (i0 >= i1)
		return 0;
	for (size_t w = i0 / 64; w <= (i1 - 1) / 64; w++)
		c += popcount64(x[w] & (y ? y[w] : ~(uint64_t)0) & range_mask(w, i0, i1));
	return c;
}

/* ---- (1) the pass ----------------------------------------------------------------------- */

/* d > 0 ? d : +0 without a branch: the sign of d = k - x is a coin flip among the traders
 * that no predictor learns, and the compiler turns a plain ?: into a branch. The compare
 * and the and are done on a two-lane vector (GNU C vector extensions), so d stays in its
 * register: the mask is all ones iff d > 0 (not for -0 or NaN), and d & 0 is +0. */
typedef double vec2d __attribute__((vector_size(16)));
typedef int64_t vec2i __attribute__((vector_size(16)));

static inline double pos_part(double d)
{
	vec2d x = { d, 0 };
	vec2i m = x > (vec2d){ 0, 0 };
	return ((vec2d)((vec2i)x & m))[0];
}

/* A winning client's budget x + s - k - afac (k - x)^+ (eq. 1), without a branch on the
 * sign of d = k - x. Bit for bit the earlier afac (d (d > 0)): subtracting a zero of
 * either sign leaves x + s - k as it is, since s - k is never -0. */
static inline double win_budget(double x, double d, double skr, double afac)
{
	return x + skr - afac * pos_part(d);
}

/* The last period's outcome as the pass writes it: the trades (eq. 1), then the
 * newcomers in place of the leavers. */
struct apply {
	double k, skr, afac, ds;
	double dserve[2];  /* a server's change: -0 (none: x + -0 is x), or k - c_serve */
	const double *nb;
	size_t ci, si;     /* newcomers: clients from nb[0] up, servers from nb[m - 1] down */
	const float *xv;
	size_t xi;         /* Loan: repayments, from xv[nused - 1] down */
};

/* The trades of one word (role R, trading clients A, the servers S with their outcomes D
 * and, Loan, DX in index order): a winning client pays k (eq. 1), a trading server gains
 * k - c_serve plus its repayment. The clients are visited bit by bit (the loop runs a
 * word's popcount, not 64 coin flips); the servers in order while one is left to trade,
 * each adding -0 or k - c_serve. */
static inline void apply_word(double *b, uint64_t R, uint64_t A, uint64_t S, uint64_t D,
			      uint64_t DX, struct apply *u, int loan)
{
	for (uint64_t m = A & R; m; m &= m - 1) {
		int j = __builtin_ctzll(m);
		b[j] = win_budget(b[j], u->k - b[j], u->skr, u->afac);
	}
	for (uint64_t m = S; D; m &= m - 1, D >>= 1)
		b[__builtin_ctzll(m)] += u->dserve[D & 1];
	if (loan) /* (rare) repayments from the end of the list: servers took them descending */
		for (int at = 0; DX; DX &= DX - 1) {
			for (int i = __builtin_ctzll(DX); at < i; at++)
				S &= S - 1; /* S's lowest is now the server of DX's lowest */
			b[__builtin_ctzll(S)] += u->ds + (double)u->xv[--u->xi];
		}
}

/* Newcomers in place of the leavers L of a word (about 1 - beta of the agents). */
static inline void arrivals_word(double *b, uint64_t R, uint64_t L, struct apply *u)
{
	for (; L; L &= L - 1) {
		int j = __builtin_ctzll(L);
		b[j] = R >> j & 1 ? u->nb[u->ci++] : u->nb[u->si--];
	}
}

/* The draws of the pass in progress: the generator, the bits of the current word. */
struct draws {
	struct rng r;
	uint64_t R, L, B, X; /* role, leave, bid; Loan: a client bidding below k */
	double k, xfac;
	float *pre;          /* Loan: their repayments xfac (k - x), in index order */
	size_t ne;
	uint32_t rthr;
};

#define ALWAYS_INLINE inline __attribute__((always_inline))
#define NOINLINE __attribute__((noinline))

/* Whether budget x lies in the bid set of p. */
static inline uint64_t in_policy(const struct policy *p, double x)
{
	uint64_t in = 0;
	for (int i = 0; i < p->n; i++)
		in |= (uint64_t)((x >= p->lo[i]) & (x < p->hi[i]));
	return in;
}

/* The bid sets a loop is specialised for. */
enum bidset { BID_INTERVAL, BID_ABOVE, BID_INTERVALS };

/* x with its bits in reverse order. */
static inline uint64_t bitrev64(uint64_t x)
{
	x = (x >> 1 & 0x5555555555555555u) | (x & 0x5555555555555555u) << 1;
	x = (x >> 2 & 0x3333333333333333u) | (x & 0x3333333333333333u) << 2;
	x = (x >> 4 & 0x0f0f0f0f0f0f0f0fu) | (x & 0x0f0f0f0f0f0f0f0fu) << 4;
	return __builtin_bswap64(x);
}

/* Role, departure and bid of the agents [j0, j1) of one word, all of one type: the bid set
 * is [lo, hi), [lo, inf) (budgets are finite) or p's intervals; Loan also marks who would
 * bid below k. Instantiated per case, so the loop keeps its state in registers. Each flag
 * enters its bit set as r = 2 r + flag (a flag, an add and a shift-add, no variable shift),
 * so the span's first agent ends up highest; one bit reversal per span puts the agents in
 * place. */
static ALWAYS_INLINE void draw_span(struct draws *s, const double *b, int j0, int j1,
				    uint32_t cthr, const struct policy *p, enum bidset set,
				    int loan)
{
	struct rng r = s->r; /* local copies stay in registers */
	uint64_t R = 0, L = 0, B = 0, X = 0;
	uint64_t rthr = (uint64_t)s->rthr << 32;
	double k = s->k, lo = p->n ? p->lo[0] : HUGE_VAL, hi = p->n ? p->hi[0] : 0;
#pragma GCC unroll 2
	for (int j = j0; j < j1; j++) {
		uint64_t u = rng_next(&r);
		double x = b[j];
		uint64_t bid = set == BID_INTERVALS ? in_policy(p, x)
			       : set == BID_ABOVE   ? (uint64_t)(x >= lo)
						    : (uint64_t)((x >= lo) & (x < hi));
		R = R + R + ((uint32_t)u < cthr);
		L = L + L + (u < rthr); /* u / 2^32 below 1 - beta in units of 2^-32 */
		B = B + B + bid;
		if (loan) /* below k (the bidders among them: after the loop) */
			X = X + X + (x < k);
	}
	int sh = 64 - j1; /* the span's last agent, at bit 0, goes to bit j1 - 1 */
	s->r = r;
	s->R |= bitrev64(R) >> sh;
	s->L |= bitrev64(L) >> sh;
	s->B |= bitrev64(B) >> sh;
	if (loan)
		s->X |= bitrev64(X & B) >> sh;
}

#define DRAW_CASE(name, set, loan)                                                         \
	static void name(struct draws *s, const double *b, int j0, int j1, uint32_t cthr,  \
			 const struct policy *p)                                           \
	{                                                                                  \
		draw_span(s, b, j0, j1, cthr, p, set, loan);                               \
	}
DRAW_CASE(draw_interval, BID_INTERVAL, 0)
DRAW_CASE(draw_above, BID_ABOVE, 0)
DRAW_CASE(draw_intervals, BID_INTERVALS, 0)
DRAW_CASE(draw_interval_loan, BID_INTERVAL, 1)
DRAW_CASE(draw_above_loan, BID_ABOVE, 1)
DRAW_CASE(draw_intervals_loan, BID_INTERVALS, 1)

/* The draws of the cnt agents of word w, type by type (*t: the type of its first agent). */
static void draw_word(struct mfg_agents *a, struct draws *s, size_t w, int cnt, int *t)
{
	static void (*const fn[2][3])(struct draws *, const double *, int, int, uint32_t,
				      const struct policy *) = {
		{ draw_interval, draw_above, draw_intervals },
		{ draw_interval_loan, draw_above_loan, draw_intervals_loan },
	};
	size_t i0 = w * 64, i = i0, i1 = i0 + (size_t)cnt;
	const double *b = a->b + i0;
	s->R = s->L = s->B = s->X = 0;
	while (i < i1) {
		while (a->start[*t + 1] <= i)
			++*t;
		size_t e = a->start[*t + 1] < i1 ? a->start[*t + 1] : i1;
		const struct policy *p = &a->pol[*t];
		enum bidset set = p->n > 1 ? BID_INTERVALS
				  : p->n == 1 && p->hi[0] == HUGE_VAL ? BID_ABOVE : BID_INTERVAL;
		fn[a->blw != NULL][set](s, b, (int)(i - i0), (int)(e - i0), a->client_thr[*t], p);
		i = e;
	}
	a->role[w] = s->R;
	a->leave[w] = s->L;
	a->bid[w] = s->B;
	if (a->blw) { /* the clients among them (rare): their repayments, budgets at hand */
		uint64_t X = s->X & s->R;
		a->blw[w] = X;
		for (; X; X &= X - 1)
			s->pre[s->ne++] = (float)(s->xfac * (s->k - b[__builtin_ctzll(X)]));
	}
}

/* The pass: the pending outcome (if a->pend) into the budgets, then (if draw) the new
 * period's draws from *rg. */
static void pass(struct mfg_agents *a, struct rng *rg, int draw)
{
	const struct mfg_econ *E = &a->e;
	int loan = E->variant == MFG_LOAN, apply = a->pend, t = 0;
	if (!apply && !draw)
		return;
	struct apply u = {
		.k = E->k, .skr = E->s - E->k, .afac = E->variant == MFG_HARD ? 0 : E->alpha,
		.ds = E->k - E->c_serve, .dserve = { -0.0, E->k - E->c_serve },
		.nb = a->nb, .ci = 0, .si = a->nnb - 1, .xv = a->extras, .xi = a->nused,
	};
	struct draws s = {
		.r = *rg, .k = E->k, .rthr = a->regen_thr, .pre = a->xs[a->xc ^ 1],
		.xfac = E->extra == MFG_EXTRA_INTEREST ? E->alpha - 1 : E->alpha,
	};
	for (size_t w = 0; w < a->nw; w++) {
		int cnt = w + 1 < a->nw ? 64 : (int)(a->n - w * 64);
		double *b = a->b + w * 64;
		if (loan && draw && s.ne + 64 > a->cap_x[a->xc ^ 1]) {
			size_t *cap = &a->cap_x[a->xc ^ 1];
			*cap = 2 * *cap;
			s.pre = a->xs[a->xc ^ 1] = xreallocarray(s.pre, *cap, sizeof *s.pre);
		}
		if (apply) {
			uint64_t S = ~a->role[w] & (~(uint64_t)0 >> (64 - cnt));
			if (loan)
				apply_word(b, a->role[w], a->act[w], S, a->sd[w], a->sx[w], &u, 1);
			else
				apply_word(b, a->role[w], a->act[w], S, a->sd[w], 0, &u, 0);
			if (a->leave[w])
				arrivals_word(b, a->role[w], a->leave[w], &u);
		}
		if (draw)
			draw_word(a, &s, w, cnt, &t);
	}
	a->pend = 0;
	if (draw && loan) {
		a->xc ^= 1;
		a->nlisted = s.ne;
		a->extras = a->xs[a->xc];
	}
	*rg = s.r;
}

/* ---- initial budgets ------------------------------------------------------------------ */

void mfg_agents_init_psi(struct mfg_agents *a)
{
	a->pend = 0; /* new budgets replace everything, pending trades and newcomers too */
	double lo = a->e.b0_min, w = a->e.b0_max - a->e.b0_min;
	for (size_t i = 0; i < a->n; i++)
		a->b[i] = lo + w * rng_uniform(&a->rng);
}

void mfg_agents_init_law(struct mfg_agents *a, int t, const double *pi, size_t n, double h)
{
	size_t from = a->start[t], cnt = a->start[t + 1] - from;
	if (cnt == 0 || n == 0)
		return;
	pass(a, &a->rng, 0); /* the other types keep their budgets, the last period's too */
	double total = 0;
	for (size_t i = 0; i < n; i++)
		total += pi[i];
	size_t node = 0;
	double cum = pi[0] / total;
	for (size_t j = 0; j < cnt; j++) {
		double u = ((double)j + rng_uniform(&a->rng)) / (double)cnt;
		while (cum < u && node + 1 < n)
			cum += pi[++node] / total;
		/* a draw from the node's hat: the difference of two uniforms is triangular */
		double u1 = rng_uniform(&a->rng), u2 = rng_uniform(&a->rng);
		double x = (double)node * h + h * (u1 - u2);
		a->b[from + j] = x < 0 ? -x : x;
	}
}

void mfg_agents_set_policy(struct mfg_agents *a, int t, const double *lo, const double *hi,
			   int n)
{
	struct policy *p = &a->pol[t];
	if (n > MFG_AGENTS_MAX_INTERVALS)
		n = MFG_AGENTS_MAX_INTERVALS;
	p->n = n;
	for (int i = 0; i < n; i++) {
		p->lo[i] = lo[i];
		p->hi[i] = hi[i];
	}
}

/* ---- (2), (3): the matching on the bit sets -------------------------------------------- */

/* 32-bit uniforms, two per 64-bit draw (low half first); `have` when the high half of
 * `bits` is still unused. */
struct halves {
	uint64_t bits;
	int have;
};

/* A selection in progress: the generator and the exact counts. */
struct sel {
	struct rng r;
	struct halves h;
	size_t need, needx, left; /* to pick (with a repayment) among the `left` remaining */
};

/* The clients of one word being decided, lowest index first, one draw each (matched iff
 * q = u left / 2^32 < need, i.e. u 2^-32 < need/left), with the counts in locals the
 * compiler keeps in registers. */
struct pick {
	uint64_t bits, in, out;   /* undecided; matched; (rare) not matched */
	size_t need, left;
};

/* Whether the rest of the word needs no draw: no client left, none left to match, or all
 * of the rest to match, which it then decides. */
static ALWAYS_INLINE int pick_settled(struct pick *v, int rare)
{
	if (!v->bits)
		return 1;
	if (v->need != v->left) {
		if (v->need)
			return 0;
		if (rare)
			v->out |= v->bits;
	} else {
		size_t c = popcount64(v->bits);
		if (!rare)
			v->in |= v->bits;
		v->need -= c;
		v->left -= c;
	}
	v->bits = 0;
	return 1;
}

/* Decides the lowest client with the 32-bit uniform u. When a client is rarely left out
 * (`rare`), a branch the predictor gets right nearly always; else a select. */
static ALWAYS_INLINE void pick_one(struct pick *v, uint32_t u, int rare)
{
	uint64_t q = (uint64_t)u * v->left >> 32;
	if (rare) {
		if (__builtin_expect(q < v->need, 1))
			v->need--;
		else
			v->out |= v->bits & -v->bits;
		v->bits &= v->bits - 1;
	} else {
		uint64_t m = v->bits & -v->bits, take = q < v->need;
		v->bits ^= m;
		v->in |= m & -take;
		v->need -= take;
	}
	v->left--;
}

/* Decides the clients `bits` of one word in index order, a 32-bit half each; the halves go
 * in pairs from one 64-bit draw, the high half of the last draw kept for the next word.
 * Once pick_settled, no more draws. Returns the matched ones. */
static ALWAYS_INLINE uint64_t pick_word(struct sel *st, uint64_t bits, int rare)
{
	struct rng r = st->r; /* local copies stay in registers */
	struct halves h = st->h;
	struct pick v = { bits, 0, 0, st->need, st->left };
	if (h.have && !pick_settled(&v, rare)) {
		pick_one(&v, (uint32_t)(h.bits >> 32), rare);
		h.have = 0;
	}
	while (!pick_settled(&v, rare)) {
		uint64_t u = rng_next(&r);
		pick_one(&v, (uint32_t)u, rare);
		if (pick_settled(&v, rare)) {
			h.bits = u;
			h.have = 1;
			break;
		}
		pick_one(&v, (uint32_t)(u >> 32), rare);
	}
	st->r = r;
	st->h = h;
	st->need = v.need;
	st->left = v.left;
	return rare ? bits & ~v.out : v.in;
}

/* The clients `bits` of one word, lowest index first: returns the matched ones, each w.p.
 * need/left; once need == left the rest are matched without a draw. */
static NOINLINE uint64_t clients_word(struct sel *st, uint64_t bits)
{
	return pick_word(st, bits, 0);
}

/* The same when few clients are left out (most periods with about as many clients as
 * servers): the same draws and outcome. */
static NOINLINE uint64_t clients_word_rare(struct sel *st, uint64_t bits)
{
	return pick_word(st, bits, 1);
}

/* (2) clients: all are matched, or (more clients than servers) a uniform subset of size
 * `pairs` by selection sampling in index order, type by type; matched bidders trade (act). */
static void match_clients(struct mfg_agents *a, struct rng *rg, struct halves *hv,
			  struct mfg_agents_period *out)
{
	const struct mfg_econ *E = &a->e;
	size_t trades = 0;
	if (out->clients <= out->servers) {
		for (size_t w = 0; w < a->nw; w++)
			a->act[w] = a->role[w] & a->bid[w];
		for (int t = 0; t < E->ntypes; t++) {
			out->matched_t[t] = out->clients_t[t];
			out->trades_t[t] = out->clients_t[t] - out->bid0_t[t];
			trades += out->trades_t[t];
		}
		out->trades = trades;
		return;
	}
	memset(a->act, 0, a->nw * sizeof *a->act);
	struct sel st = { *rg, *hv, out->pairs, 0, out->clients };
	int rare = (out->clients - out->pairs) * 32 < out->clients; /* left out: under 1/32 */
	for (int t = 0; t < E->ntypes && st.need > 0; t++) {
		size_t i0 = a->start[t], i1 = a->start[t + 1], need0 = st.need, tr0 = trades;
		for (size_t w = i0 / 64; i0 < i1 && w <= (i1 - 1) / 64 && st.need > 0; w++) {
			uint64_t bits = a->role[w] & range_mask(w, i0, i1);
			uint64_t act = rare ? clients_word_rare(&st, bits) : clients_word(&st, bits);
			act &= a->bid[w];
			a->act[w] |= act;
			trades += popcount64(act);
		}
		out->matched_t[t] = need0 - st.need;
		out->trades_t[t] = trades - tr0;
	}
	out->trades = trades;
	*rg = st.r;
	*hv = st.h;
}

/* Loan: the repayments of the trading clients below k, in index order: those of the
 * matched ones among the pass's list of all clients bidding below k. Returns their
 * number. */
static size_t repayments(struct mfg_agents *a)
{
	size_t nx = 0, e = 0;
	for (size_t w = 0; w < a->nw; w++)
		for (uint64_t m = a->blw[w]; m; m &= m - 1, e++) {
			a->extras[nx] = a->extras[e];
			nx += (a->act[w] & (m & -m)) != 0;
		}
	return nx;
}

/* Loan: the repayment e of a server goes into qacc on cells of width h (linear split; the
 * last cell absorbs anything beyond). */
static void qacc_add(double *qacc, size_t nq, double e, double h)
{
	double c = e / h;
	size_t lo = (size_t)c;
	double w = c - (double)lo;
	if (lo + 1 >= nq) {
		qacc[nq - 1] += 1;
	} else {
		qacc[lo] += 1 - w;
		qacc[lo + 1] += w;
	}
}

/* d with a run of k bits (all one or all zero) appended below it (k <= 64 less its bits). */
static inline uint64_t push_run(uint64_t d, int k, int one)
{
	if (k == 64)
		return one ? ~(uint64_t)0 : 0;
	return d << k | (one ? ((uint64_t)1 << k) - 1 : 0);
}

/* The servers of one word being decided: only their number matters, since each outcome
 * enters D (DX) as the next bit down: the highest server decided first ends up highest. */
struct serve {
	uint64_t bits, D, DX;     /* undecided; trades (Loan: without a repayment); repayments */
	size_t need, needx, left;
};

/* Whether the rest of the word needs no draw: no server left, or (no repayment left to
 * place) none or all of the rest to trade; then decides it. */
static ALWAYS_INLINE int serve_settled(struct serve *v, int loan)
{
	if (!v->bits)
		return 1;
	if (loan && v->needx)
		return 0;
	if (v->need != v->left && v->need != 0)
		return 0;
	int c = (int)popcount64(v->bits), all = v->need != 0;
	v->D = push_run(v->D, c, all);
	if (loan)
		v->DX = push_run(v->DX, c, 0);
	if (all) {
		v->need -= (size_t)c;
		v->left -= (size_t)c;
	}
	v->bits = 0;
	return 1;
}

/* Decides the next server with the 32-bit uniform u: a trade iff q < need, a repayment
 * too iff q < needx (<= need). */
static ALWAYS_INLINE void serve_one(struct serve *v, uint32_t u, int loan)
{
	uint64_t q = (uint64_t)u * v->left >> 32, take = q < v->need;
	v->bits &= v->bits - 1;
	v->need -= take;
	if (loan) {
		uint64_t gx = q < v->needx;
		v->needx -= gx;
		v->D = v->D + v->D + (take - gx);
		v->DX = v->DX + v->DX + gx;
	} else {
		v->D = v->D + v->D + take;
	}
	v->left--;
}

/* The servers `bits` of one word, highest index first (as pick_word, a half per server,
 * in pairs): their outcomes are appended to *d and, Loan, *dx. Once need == left and no
 * repayment is left to place, the rest trade without a draw. */
static ALWAYS_INLINE void servers_span(struct sel *st, uint64_t bits, uint64_t *d,
				       uint64_t *dx, int loan)
{
	struct rng r = st->r; /* local copies stay in registers */
	struct halves h = st->h;
	struct serve v = { bits, *d, loan ? *dx : 0, st->need, loan ? st->needx : 0, st->left };
	if (h.have && !serve_settled(&v, loan)) {
		serve_one(&v, (uint32_t)(h.bits >> 32), loan);
		h.have = 0;
	}
	while (!serve_settled(&v, loan)) {
		uint64_t u = rng_next(&r);
		serve_one(&v, (uint32_t)u, loan);
		if (serve_settled(&v, loan)) {
			h.bits = u;
			h.have = 1;
			break;
		}
		serve_one(&v, (uint32_t)(u >> 32), loan);
	}
	st->r = r;
	st->h = h;
	st->need = v.need;
	st->left = v.left;
	*d = v.D;
	if (loan) {
		st->needx = v.needx;
		*dx = v.DX;
	}
}

static NOINLINE void servers_word(struct sel *st, uint64_t bits, uint64_t *d)
{
	servers_span(st, bits, d, NULL, 0);
}

static NOINLINE void servers_word_loan(struct sel *st, uint64_t bits, uint64_t *d,
				       uint64_t *dx)
{
	servers_span(st, bits, d, dx, 1);
}

/* (3) servers, in descending index order (the last type first): a uniform subset of size
 * `trades` trades, and within it a uniform subset of size nx receives the repayments; one
 * sequential draw per server with exact counts (need_x of the `left` remaining get a
 * repayment, need - need_x a plain trade). The repayments are taken in list order, so
 * their sums (and qacc) are added up afterwards in the same order. Returns their sum. */
static double match_servers(struct mfg_agents *a, struct rng *rg, struct halves *hv,
			    struct mfg_agents_period *out, size_t nx, double *qacc, size_t nq)
{
	const struct mfg_econ *E = &a->e;
	double ds = E->k - E->c_serve, xsum = 0;
	struct sel st = { *rg, *hv, out->trades, nx, out->servers };
	size_t next0 = 0;
	memset(a->sd, 0, a->nw * sizeof *a->sd); /* the words left unvisited: no trade */
	if (a->sx)
		memset(a->sx, 0, a->nw * sizeof *a->sx);
	size_t wl = 0, il = 0; /* the last word visited and the lowest agent of its span */
	for (int t = E->ntypes - 1; t >= 0 && st.need > 0; t--) {
		size_t i0 = a->start[t], i1 = a->start[t + 1], need0 = st.need;
		for (size_t w = i1 > i0 ? (i1 - 1) / 64 + 1 : 0; w-- > i0 / 64 && st.need > 0;) {
			uint64_t bits = ~a->role[w] & range_mask(w, i0, i1);
			if (a->sx)
				servers_word_loan(&st, bits, &a->sd[w], &a->sx[w]);
			else
				servers_word(&st, bits, &a->sd[w]);
			wl = w;
			il = i0 > w * 64 ? i0 : w * 64;
		}
		size_t next = nx - st.needx;
		double xt = 0;
		for (size_t q = next0; q < next; q++) { /* Loan: the repayments of type t */
			double e = a->extras[q];
			xsum += e;
			xt += e;
			if (qacc)
				qacc_add(qacc, nq, e, E->h);
		}
		out->reward_t[t] += (double)(need0 - st.need) * ds +
				    (E->extra == MFG_EXTRA_REWARD ? xt : 0);
		next0 = next;
	}
	if (il > wl * 64) { /* stopped within a word: its servers of the earlier types, no trade */
		int c = (int)count_range(a->role, NULL, wl * 64, il);
		c = (int)(il - wl * 64) - c;
		a->sd[wl] = push_run(a->sd[wl], c, 0);
		if (a->sx)
			a->sx[wl] = push_run(a->sx[wl], c, 0);
	}
	a->nused = nx - st.needx;
	*rg = st.r;
	*hv = st.h;
	return xsum;
}

/* rng_below(r, n) of core/rng (n > 1), the same draws and the same result with one
 * division instead of two: its rejection threshold 2^64 mod n is below n, so a draw x >= n
 * (all but n in 2^64) is accepted without computing it. */
static inline uint64_t below(struct rng *r, uint64_t n)
{
	uint64_t x = rng_next(r);
	if (x < n) {
		uint64_t threshold = (0 - n) % n;
		while (x < threshold)
			x = rng_next(r);
	}
	return x % n;
}

/* ---- the period ----------------------------------------------------------------------- */

/* Per-type counts of the roles just drawn. */
static void count_roles(struct mfg_agents *a, struct mfg_agents_period *out)
{
	for (int t = 0; t < a->e.ntypes; t++) {
		size_t i0 = a->start[t], i1 = a->start[t + 1];
		out->clients_t[t] = count_range(a->role, NULL, i0, i1);
		out->bid0_t[t] = out->clients_t[t] - count_range(a->role, a->bid, i0, i1);
		out->clients += out->clients_t[t];
	}
	out->servers = a->n - out->clients;
	out->pairs = out->clients < out->servers ? out->clients : out->servers;
}

/* (4) the leavers' newcomers, drawn in the order clients by ascending index, then servers
 * by descending index, for the next pass. */
static void departures(struct mfg_agents *a, struct rng *rg)
{
	double lo = a->e.b0_min, w = a->e.b0_max - a->e.b0_min;
	size_t m = count_range(a->leave, NULL, 0, a->n);
	if (m > a->cap_nb) {
		a->cap_nb = m;
		a->nb = xreallocarray(a->nb, m, sizeof *a->nb);
	}
	for (size_t j = 0; j < m; j++)
		a->nb[j] = lo + w * rng_uniform(rg);
	a->nnb = m;
}

/* The stored budgets are always those at the moment agents act (the mean-field law pi):
 * departures are drawn with the roles but applied after the trades, so a leaver still acts
 * in its last period and its replacement acts from the next one (spec A11). */
void mfg_agents_step(struct mfg_agents *a, struct mfg_agents_period *out, double *qacc,
		     size_t nq)
{
	const struct mfg_econ *E = &a->e;
	struct rng rg = a->rng;
	struct halves hv = { 0 };
	memset(out, 0, sizeof *out);
	if (a->n == 0)
		return;
	pass(a, &rg, 1);
	count_roles(a, out);
	match_clients(a, &rg, &hv, out);
	size_t nx = 0; /* Loan: with all clients matched, every listed client trades (it bids) */
	if (E->variant == MFG_LOAN)
		nx = out->clients <= out->servers ? a->nlisted : repayments(a);
	double skr = E->s - E->k;
	for (int t = 0; t < E->ntypes; t++)
		out->reward_t[t] = (double)out->trades_t[t] * skr -
				   (double)(out->clients_t[t] - out->trades_t[t]) * E->c_lose;
	double reward = (double)out->trades * skr -
			(double)(out->clients - out->trades) * E->c_lose;
	/* Loan: the servers meet the repaying clients in a random order */
	for (size_t f = nx; f > 1; f--) {
		size_t r = (size_t)below(&rg, f);
		float tmp = a->extras[f - 1];
		a->extras[f - 1] = a->extras[r];
		a->extras[r] = tmp;
	}
	double xsum = match_servers(a, &rg, &hv, out, nx, qacc, nq);
	if (qacc) /* the trades without a repayment: an atom at 0 */
		qacc[0] += (double)(out->trades - nx);
	reward += (double)out->trades * (E->k - E->c_serve);
	if (E->extra == MFG_EXTRA_REWARD)
		reward += xsum;
	out->extra_sum = xsum;
	out->reward = reward;
	a->nnb = 0;
	if (a->regen_thr)
		departures(a, &rg);
	a->pend = 1;
	a->rng = rg;
}

size_t mfg_agents_count(const struct mfg_agents *a) { return a->n; }
const double *mfg_agents_budgets(struct mfg_agents *a)
{
	pass(a, &a->rng, 0);
	return a->b;
}
const uint8_t *mfg_agents_types(const struct mfg_agents *a) { return a->type; }

size_t mfg_agents_type_count(const struct mfg_agents *a, int t)
{
	return a->start[t + 1] - a->start[t];
}
