/* mfg_agents: N-agent Monte Carlo of the bilateral trading market (see mfg_agents.h).
 * Four sequential passes per period: (1) departures, roles and client bids; (2) clients:
 * which are matched (a uniform subset when clients outnumber servers) and the trades; (3)
 * servers: a uniform subset of the size of the number of trades receives them; (4) the
 * leavers are replaced by newcomers. Passes (2) and (3) walk the agents type by type (the
 * types are contiguous index blocks), which gives the per-type counts for free.
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
	size_t n;
	double *b;       /* budgets */
	uint32_t *idx;   /* clients from the front, servers from the back; bit 31 = bids k,
			  * bit 30 = leaves at the end of the period */
	uint8_t *type;   /* NULL with one type */
	float *extras;   /* Loan: repayments of the period's trades */
	size_t start[MFG_MAX_TYPES + 1];
	uint32_t client_thr[MFG_MAX_TYPES]; /* p_c in units of 2^-32 */
	uint32_t regen_thr;                 /* 1 - beta in units of 2^-32 */
	struct policy pol[MFG_MAX_TYPES];
	struct rng rng;
};

#define BID_BIT 0x80000000u
#define LEAVE_BIT 0x40000000u
#define INDEX_MASK 0x3fffffffu

static uint32_t prob32(double p)
{
	double x = p * 4294967296.0;
	if (x <= 0)
		return 0;
	if (x >= 4294967295.0)
		return 4294967295u;
	return (uint32_t)x;
}

struct mfg_agents *mfg_agents_new(const struct mfg_econ *e, size_t n, uint64_t seed)
{
	struct mfg_agents *a = xcalloc(1, sizeof *a);
	a->e = *e;
	a->n = n;
	a->b = xcalloc(n ? n : 1, sizeof *a->b);
	a->idx = xcalloc(n ? n : 1, sizeof *a->idx);
	if (e->variant == MFG_LOAN)
		a->extras = xmallocarray(n / 2 + 1, sizeof *a->extras);
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
	free(a->idx);
	free(a->type);
	free(a->extras);
	free(a);
}

static double newcomer(struct mfg_agents *a)
{
	return a->e.b0_min + (a->e.b0_max - a->e.b0_min) * rng_uniform(&a->rng);
}

void mfg_agents_init_psi(struct mfg_agents *a)
{
	for (size_t i = 0; i < a->n; i++)
		a->b[i] = newcomer(a);
}

void mfg_agents_init_law(struct mfg_agents *a, int t, const double *pi, size_t n, double h)
{
	size_t from = a->start[t], cnt = a->start[t + 1] - from;
	if (cnt == 0 || n == 0)
		return;
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
		double x = (double)node * h +
			   h * (rng_uniform(&a->rng) - rng_uniform(&a->rng));
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

static inline int bids(const struct policy *p, double b)
{
	if (p->n == 1)
		return b >= p->lo[0] && b < p->hi[0];
	for (int i = 0; i < p->n; i++)
		if (b >= p->lo[i] && b < p->hi[i])
			return 1;
	return 0;
}

/* 32-bit uniforms, two per 64-bit draw. */
struct halves {
	uint64_t bits;
	int have;
};

static inline uint32_t half(struct mfg_agents *a, struct halves *hv)
{
	if (hv->have) {
		hv->have = 0;
		return (uint32_t)(hv->bits >> 32);
	}
	hv->bits = rng_next(&a->rng);
	hv->have = 1;
	return (uint32_t)hv->bits;
}

/* Selection sampling: take this one w.p. need/left (u 2^-32 < need/left, exact counts:
 * u < 1, so need == left always takes). */
static inline int pick(struct mfg_agents *a, struct halves *hv, size_t need, size_t left)
{
	return (uint64_t)half(a, hv) * left < ((uint64_t)need << 32);
}

/* The stored budgets are always those at the moment agents act (the mean-field law pi):
 * departures are drawn with the roles but applied after the trades, so a leaver still acts
 * in its last period and its replacement acts from the next one (spec A11). */
void mfg_agents_step(struct mfg_agents *a, struct mfg_agents_period *out, double *qacc,
		     size_t nq)
{
	const struct mfg_econ *E = &a->e;
	size_t n = a->n;
	double *b = a->b;
	uint32_t *idx = a->idx;
	memset(out, 0, sizeof *out);
	uint32_t rthr = a->regen_thr;

	/* (1) departure, role, bid; both list slots are written and the right cursor
	 * advances (no branch on the role, which is a coin flip) */
	size_t nc = 0, ns = 0;
	for (int t = 0; t < E->ntypes; t++) {
		const struct policy *p = &a->pol[t];
		uint32_t cthr = a->client_thr[t];
		size_t c0 = nc, bid0 = 0;
		double lo0 = p->n >= 1 ? p->lo[0] : HUGE_VAL, hi0 = p->n >= 1 ? p->hi[0] : 0;
		int single = p->n <= 1;
		for (size_t i = a->start[t]; i < a->start[t + 1]; i++) {
			uint64_t u = rng_next(&a->rng);
			uint32_t leave = (uint32_t)(u >> 32) < rthr ? LEAVE_BIT : 0;
			size_t client = (uint32_t)u < cthr;
			double x = b[i];
			uint32_t bid = single ? (uint32_t)((x >= lo0) & (x < hi0))
					      : (uint32_t)bids(p, x);
			/* one value in both slots: for the last agent they are the same slot
			 * (a server's bid bit is never read) */
			uint32_t val = (uint32_t)i | leave | (bid ? BID_BIT : 0);
			idx[nc] = val;
			idx[n - 1 - ns] = val;
			nc += client;
			ns += 1 - client;
			bid0 += client & (bid ^ 1);
		}
		out->clients_t[t] = nc - c0;
		out->bid0_t[t] = bid0;
	}
	out->clients = nc;
	out->servers = ns;
	size_t pairs = nc < ns ? nc : ns;
	out->pairs = pairs;

	/* (2) clients: matched ones (all, or a uniform subset of size `pairs`) trade if they
	 * bid k; the rest lose c_lose. Loan keeps the non-zero repayments (clients below k). */
	double skr = E->s - E->k, alpha = E->alpha, k = E->k;
	double afac = E->variant == MFG_HARD ? 0 : alpha;
	int loan = E->variant == MFG_LOAN;
	double xfac = E->extra == MFG_EXTRA_INTEREST ? alpha - 1 : alpha;
	size_t trades = 0, nx = 0;
	struct halves hv = { 0 };
	/* the clients lie in idx[0, nc) by type (pass 1 went type by type): one segment per
	 * type for the per-type counts, the draws are those of one pass over all clients */
	size_t j = 0;
	if (nc > ns) {
		size_t need = pairs, left = nc;
		for (int t = 0; t < E->ntypes && need > 0; t++) {
			size_t end = j + out->clients_t[t], need0 = need, tr0 = trades;
			for (; j < end && need > 0; j++, left--) {
				if (need < left && !pick(a, &hv, need, left))
					continue;
				need--;
				uint32_t v = idx[j];
				if (!(v & BID_BIT))
					continue;
				uint32_t i = v & INDEX_MASK;
				double x = b[i], d = k - x;
				if (d > 0) {
					if (loan)
						a->extras[nx++] = (float)(xfac * d);
					b[i] = x + skr - afac * d;
				} else {
					b[i] = x + skr;
				}
				trades++;
			}
			out->matched_t[t] = need0 - need;
			out->trades_t[t] = trades - tr0;
		}
	} else {
		for (int t = 0; t < E->ntypes; t++) {
			size_t end = j + out->clients_t[t], tr0 = trades;
			for (; j < end; j++) {
				uint32_t v = idx[j], i = v & INDEX_MASK;
				size_t bid = v >> 31;
				double x = b[i], d = k - x;
				if (loan && bid && d > 0)
					a->extras[nx++] = (float)(xfac * d);
				double nx2 = x + skr - (d > 0 ? afac * d : 0);
				b[i] = bid ? nx2 : x;
				trades += bid;
			}
			out->matched_t[t] = out->clients_t[t];
			out->trades_t[t] = trades - tr0;
		}
	}
	for (int t = 0; t < E->ntypes; t++)
		out->reward_t[t] = (double)out->trades_t[t] * skr -
				   (double)(out->clients_t[t] - out->trades_t[t]) * E->c_lose;
	out->trades = trades;
	double reward = (double)trades * skr - (double)(nc - trades) * E->c_lose;

	/* Loan: the servers meet the repaying clients in a random order */
	for (size_t f = nx; f > 1; f--) {
		size_t r = (size_t)rng_below(&a->rng, f);
		float tmp = a->extras[f - 1];
		a->extras[f - 1] = a->extras[r];
		a->extras[r] = tmp;
	}

	/* (3) servers: a uniform subset of size `trades` trades, and within it a uniform
	 * subset of size nx receives the repayments; one sequential draw per server with
	 * exact counts (need_x of the `left` remaining get a repayment, need - need_x a plain
	 * trade) */
	double ds = E->k - E->c_serve, xsum = 0;
	size_t need = trades, needx = nx, left = ns, next = 0;
	const uint32_t *sv = idx + (n - ns);
	/* the servers lie in idx[n - ns, n) by descending index: the last type first */
	j = 0;
	for (int t = E->ntypes - 1; t >= 0 && need > 0; t--) {
		size_t end = j + (a->start[t + 1] - a->start[t] - out->clients_t[t]);
		size_t need0 = need;
		double xt = 0;
		for (; j < end && need > 0; j++, left--) {
			uint64_t u = need < left || needx > 0 ? (uint64_t)half(a, &hv) * left : 0;
			if (need < left && u >= ((uint64_t)need << 32))
				continue;
			double x = ds;
			if (needx > 0 && (needx == need || u < ((uint64_t)needx << 32))) {
				double ex = a->extras[next++];
				x += ex;
				xsum += ex;
				xt += ex;
				needx--;
				if (qacc) {
					double c = ex / E->h;
					size_t lo = (size_t)c;
					double w = c - (double)lo;
					if (lo + 1 >= nq) {
						qacc[nq - 1] += 1;
					} else {
						qacc[lo] += 1 - w;
						qacc[lo + 1] += w;
					}
				}
			}
			need--;
			b[sv[j] & INDEX_MASK] += x;
		}
		out->reward_t[t] += (double)(need0 - need) * ds +
				    (E->extra == MFG_EXTRA_REWARD ? xt : 0);
	}
	if (qacc) /* the trades without a repayment: an atom at 0 */
		qacc[0] += (double)(trades - nx);
	reward += (double)trades * ds;
	if (E->extra == MFG_EXTRA_REWARD)
		reward += xsum;
	out->extra_sum = xsum;
	out->reward = reward;

	/* (4) departures: newcomers from Psi take the leavers' places */
	if (rthr)
		for (j = 0; j < n; j++)
			if (idx[j] & LEAVE_BIT)
				b[idx[j] & INDEX_MASK] = newcomer(a);
}

size_t mfg_agents_count(const struct mfg_agents *a) { return a->n; }
const double *mfg_agents_budgets(const struct mfg_agents *a) { return a->b; }
const uint8_t *mfg_agents_types(const struct mfg_agents *a) { return a->type; }

size_t mfg_agents_type_count(const struct mfg_agents *a, int t)
{
	return a->start[t + 1] - a->start[t];
}
