/* mfg_agents: N-agent Monte Carlo of the bilateral trading market (see mfg_agents.h).
 * Three sequential passes per period: (1) roles, departures and client bids, and the
 * newcomers of the last period's leavers take their places; (2) clients: which are matched
 * (a uniform subset when clients outnumber servers) and the trades; (3) servers: a uniform
 * subset of the size of the number of trades receives them. Passes (2) and (3) walk the
 * agents type by type (the types are contiguous index blocks), which gives the per-type
 * counts for free. At the end of a period the leavers' newcomer budgets are drawn (in the
 * order clients by ascending index, then servers by descending index, as a pass over the
 * lists would meet them) into a small buffer, and pass (1) of the next period writes them
 * while it reads the budgets anyway, so the departures cost no pass of their own; whoever
 * reads the budgets first (mfg_agents_budgets) gets them written. The generator is inlined
 * (core/rng.h) and the per-agent choices (bids, which matched agent trades) are selects,
 * not branches; the draws, and so the output for a seed, are those of four passes.
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
	uint32_t *idx;   /* clients from the front, servers from the back; bit 31 = bids k */
	uint8_t *type;   /* NULL with one type */
	float *extras;   /* Loan: repayments of the period's trades */
	size_t start[MFG_MAX_TYPES + 1];
	uint32_t client_thr[MFG_MAX_TYPES]; /* p_c in units of 2^-32 */
	uint32_t regen_thr;                 /* 1 - beta in units of 2^-32 */
	struct policy pol[MFG_MAX_TYPES];
	struct rng rng;
	/* leavers of a period, clients and servers, each by ascending index; two sets, this
	 * period's (cur) and the last one's, whose newcomers (nb: clients, then servers by
	 * descending index) are still to be written (pend). Sized for the expected (1 - beta)
	 * n leavers and 8 standard deviations; they grow in the unlikely case of more. */
	struct leavers {
		uint32_t *c, *s;
		size_t nc, ns, cap_c, cap_s;
	} lv[2];
	int cur;
	double *nb;
	size_t cap_nb;
	int pend;
};

#define BID_BIT 0x80000000u
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
	double mean = (1 - e->beta) * (double)n, want = mean + 8 * sqrt(mean) + 64;
	size_t cap = want < (double)n ? (size_t)want : n ? n : 1;
	for (int k = 0; k < 2; k++) {
		a->lv[k].cap_c = a->lv[k].cap_s = cap;
		a->lv[k].c = xmallocarray(cap, sizeof *a->lv[k].c);
		a->lv[k].s = xmallocarray(cap, sizeof *a->lv[k].s);
	}
	a->cap_nb = cap;
	a->nb = xmallocarray(cap, sizeof *a->nb);
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
	for (int k = 0; k < 2; k++) {
		free(a->lv[k].c);
		free(a->lv[k].s);
	}
	free(a->nb);
	free(a);
}

static double newcomer(struct mfg_agents *a)
{
	return a->e.b0_min + (a->e.b0_max - a->e.b0_min) * rng_uniform(&a->rng);
}

/* Writes the last period's newcomers (the set that is not being filled) into b. */
static void flush_departures(struct mfg_agents *a)
{
	if (!a->pend)
		return;
	const struct leavers *lv = &a->lv[a->cur ^ 1];
	for (size_t c = 0; c < lv->nc; c++)
		a->b[lv->c[c]] = a->nb[c];
	for (size_t s = 0; s < lv->ns; s++) /* ascending index: nb from its end */
		a->b[lv->s[s]] = a->nb[lv->nc + lv->ns - 1 - s];
	a->pend = 0;
}

void mfg_agents_init_psi(struct mfg_agents *a)
{
	a->pend = 0; /* new budgets replace everything, pending newcomers too */
	for (size_t i = 0; i < a->n; i++)
		a->b[i] = newcomer(a);
}

void mfg_agents_init_law(struct mfg_agents *a, int t, const double *pi, size_t n, double h)
{
	size_t from = a->start[t], cnt = a->start[t + 1] - from;
	if (cnt == 0 || n == 0)
		return;
	flush_departures(a); /* the other types keep their budgets, newcomers included */
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

static inline int bids(const struct policy *p, double b)
{
	if (p->n == 1)
		return b >= p->lo[0] && b < p->hi[0];
	for (int i = 0; i < p->n; i++)
		if (b >= p->lo[i] && b < p->hi[i])
			return 1;
	return 0;
}

/* 32-bit uniforms, two per 64-bit draw (low half first). */
struct halves {
	uint64_t bits;
	int have;
};

static inline uint32_t half(struct rng *r, struct halves *hv)
{
	if (hv->have) {
		hv->have = 0;
		return (uint32_t)(hv->bits >> 32);
	}
	hv->bits = rng_next(r);
	hv->have = 1;
	return (uint32_t)hv->bits;
}

/* c ? y : x without a branch: c is a coin flip (who bids, which server trades) that no
 * predictor learns, and the compiler turns a plain ?: into a branch. */
static inline double select_d(uint32_t c, double y, double x)
{
	uint64_t m = -(uint64_t)c, yb, xb;
	memcpy(&yb, &y, sizeof yb);
	memcpy(&xb, &x, sizeof xb);
	xb = (yb & m) | (xb & ~m);
	memcpy(&x, &xb, sizeof x);
	return x;
}

/* A winning client's budget x + s - k - afac (k - x)^+ (eq. 1), without a branch on the
 * sign of d = k - x: d (d > 0) is d or a signed zero, and subtracting a zero leaves
 * x + s - k as it is. */
static inline double win_budget(double x, double d, double skr, double afac)
{
	return x + skr - afac * (d * (double)(d > 0));
}

/* Selection sampling: take this one w.p. need/left (u 2^-32 < need/left, exact counts:
 * u < 1, so need == left always takes). */
static inline int pick(struct rng *r, struct halves *hv, size_t need, size_t left)
{
	return (uint64_t)half(r, hv) * left < ((uint64_t)need << 32);
}

/* The last period's leavers, merged into pass (1) in ascending index order. */
struct arrivals {
	const uint32_t *c, *s;   /* client and server leavers, ascending */
	const double *nb;
	size_t nc, ns, ci, si;
	size_t next;              /* the next leaver's index (SIZE_MAX: none left) */
};

static void arrivals_next(struct arrivals *v)
{
	size_t c = v->ci < v->nc ? v->c[v->ci] : SIZE_MAX;
	size_t s = v->si < v->ns ? v->s[v->si] : SIZE_MAX;
	v->next = c < s ? c : s;
}

/* Appends index i to a leaver list (growing it when more leave than it was sized for). */
static void leaver_push(uint32_t **list, size_t *len, size_t *cap, size_t i)
{
	if (*len == *cap) {
		*cap *= 2;
		*list = xreallocarray(*list, *cap, sizeof **list);
	}
	(*list)[(*len)++] = (uint32_t)i;
}

/* The newcomer who takes the place of leaver i (== v->next). */
static double arrival(struct arrivals *v, size_t i)
{
	double x;
	if (v->ci < v->nc && v->c[v->ci] == i)
		x = v->nb[v->ci++];
	else /* servers met the newcomers in descending index order */
		x = v->nb[v->nc + v->ns - 1 - v->si++];
	arrivals_next(v);
	return x;
}

/* Pass (1) in progress: the generator, the next free slots of the two lists, the bidding
 * clients so far. */
struct roles {
	struct rng r;
	uint32_t *front, *back; /* clients fill idx upwards from 0, servers downwards from n-1 */
	size_t nbid;
};

/* A leaver of this period, recorded for the end of the period (about 1 - beta of the agents:
 * the branch to here is a predictable one). */
static void record_leaver(struct mfg_agents *a, size_t i, uint32_t client)
{
	struct leavers *lv = &a->lv[a->cur];
	if (client)
		leaver_push(&lv->c, &lv->nc, &lv->cap_c, i);
	else
		leaver_push(&lv->s, &lv->ns, &lv->cap_s, i);
}

/* Pass (1) over the agents [i0, i1) of one type: role, departure, bid; one value in both
 * list slots and the right cursor advances (no branch on the role, a coin flip). For the
 * last agent the two slots are the same (a server's bid bit is never read). */
static void roles_span(struct mfg_agents *a, struct roles *st, const struct policy *p,
		       uint32_t cthr, size_t i0, size_t i1)
{
	struct rng r = st->r; /* local copies stay in registers */
	uint32_t *front = st->front, *back = st->back, rthr = a->regen_thr;
	size_t nbid = st->nbid;
	const double *b = a->b;
	if (p->n <= 1) { /* one interval, [lo, hi) or none: two compares */
		double lo = p->n ? p->lo[0] : HUGE_VAL, hi = p->n ? p->hi[0] : 0;
		for (size_t i = i0; i < i1; i++) {
			uint64_t u = rng_next(&r);
			uint32_t client = (uint32_t)u < cthr;
			double x = b[i];
			uint32_t bid = (uint32_t)((x >= lo) & (x < hi));
			uint32_t val = (uint32_t)i | bid << 31;
			*front = val;
			*back = val;
			front += client;
			back -= client ^ 1;
			nbid += client & bid;
			if ((uint32_t)(u >> 32) < rthr)
				record_leaver(a, i, client);
		}
	} else {
		for (size_t i = i0; i < i1; i++) {
			uint64_t u = rng_next(&r);
			uint32_t client = (uint32_t)u < cthr;
			uint32_t bid = (uint32_t)bids(p, b[i]);
			uint32_t val = (uint32_t)i | bid << 31;
			*front = val;
			*back = val;
			front += client;
			back -= client ^ 1;
			nbid += client & bid;
			if ((uint32_t)(u >> 32) < rthr)
				record_leaver(a, i, client);
		}
	}
	st->r = r;
	st->front = front;
	st->back = back;
	st->nbid = nbid;
}

/* (1) roles, departures (recorded for the end of the period), bids; the last period's
 * newcomers take their places just before their agents act (the loop runs between them). */
static void pass_roles(struct mfg_agents *a, struct rng *rg, struct mfg_agents_period *out)
{
	struct arrivals v = { 0 };
	if (a->pend) {
		const struct leavers *l = &a->lv[a->cur ^ 1];
		v = (struct arrivals){ l->c, l->s, a->nb, l->nc, l->ns, 0, 0, 0 };
		a->pend = 0;
	}
	arrivals_next(&v);
	a->lv[a->cur].nc = a->lv[a->cur].ns = 0;
	struct roles st = { *rg, a->idx, a->idx + a->n - 1, 0 };
	for (int t = 0; t < a->e.ntypes; t++) {
		const struct policy *p = &a->pol[t];
		size_t c0 = (size_t)(st.front - a->idx), b0 = st.nbid;
		size_t i = a->start[t], end = a->start[t + 1];
		while (i < end) {
			size_t stop = v.next < end ? v.next : end;
			roles_span(a, &st, p, a->client_thr[t], i, stop);
			if (stop < end) { /* a newcomer arrives in place of agent `stop` */
				a->b[stop] = arrival(&v, stop);
				roles_span(a, &st, p, a->client_thr[t], stop, stop + 1);
				stop++;
			}
			i = stop;
		}
		out->clients_t[t] = (size_t)(st.front - a->idx) - c0;
		out->bid0_t[t] = out->clients_t[t] - (st.nbid - b0);
	}
	out->clients = (size_t)(st.front - a->idx);
	out->servers = a->n - out->clients;
	*rg = st.r;
}

/* (2) clients: matched ones (all, or a uniform subset of size `pairs`) trade if they bid k;
 * the rest lose c_lose. Loan keeps the non-zero repayments (clients below k). Returns the
 * number of repayments kept. The clients lie in idx[0, nc) by type (pass 1 went type by
 * type): one segment per type for the per-type counts; the draws are those of one pass over
 * all clients. */
static size_t pass_clients(struct mfg_agents *a, struct rng *rgp, struct halves *hvp,
			   struct mfg_agents_period *out)
{
	struct rng r = *rgp, *rg = &r; /* local copies stay in registers */
	struct halves h = *hvp, *hv = &h;
	const struct mfg_econ *E = &a->e;
	double *b = a->b;
	const uint32_t *idx = a->idx;
	size_t nc = out->clients, ns = out->servers, pairs = out->pairs;
	double skr = E->s - E->k, k = E->k;
	double afac = E->variant == MFG_HARD ? 0 : E->alpha;
	int loan = E->variant == MFG_LOAN;
	double xfac = E->extra == MFG_EXTRA_INTEREST ? E->alpha - 1 : E->alpha;
	float *ex = a->extras;
	size_t trades = 0, nx = 0, j = 0;
	if (nc > ns) {
		size_t need = pairs, left = nc;
		for (int t = 0; t < E->ntypes && need > 0; t++) {
			size_t end = j + out->clients_t[t], need0 = need, tr0 = trades;
			for (; j < end && need > 0; j++, left--) {
				if (need < left && !pick(rg, hv, need, left))
					continue; /* rare: pairs/nc of the clients are matched */
				need--;
				uint32_t v = idx[j], i = v & INDEX_MASK, bid = v >> 31;
				double x = b[i], d = k - x;
				if (loan) {
					ex[nx] = (float)(xfac * d);
					nx += bid & (d > 0);
				}
				b[i] = select_d(bid, win_budget(x, d, skr, afac), x);
				trades += bid;
			}
			out->matched_t[t] = need0 - need;
			out->trades_t[t] = trades - tr0;
		}
	} else {
		for (int t = 0; t < E->ntypes; t++) {
			size_t end = j + out->clients_t[t], tr0 = trades;
			for (; j < end; j++) {
				uint32_t v = idx[j], i = v & INDEX_MASK, bid = v >> 31;
				double x = b[i], d = k - x;
				if (loan) {
					ex[nx] = (float)(xfac * d);
					nx += bid & (d > 0);
				}
				b[i] = select_d(bid, win_budget(x, d, skr, afac), x);
				trades += bid;
			}
			out->matched_t[t] = out->clients_t[t];
			out->trades_t[t] = trades - tr0;
		}
	}
	out->trades = trades;
	*rgp = r;
	*hvp = h;
	return nx;
}

/* (3) servers: a uniform subset of size `trades` trades, and within it a uniform subset of
 * size nx receives the repayments; one sequential draw per server with exact counts (need_x
 * of the `left` remaining get a repayment, need - need_x a plain trade). The servers lie in
 * idx[n - ns, n) by descending index: the last type first. */
static double pass_servers(struct mfg_agents *a, struct rng *rgp, struct halves *hvp,
			   struct mfg_agents_period *out, size_t nx, double *qacc, size_t nq)
{
	struct rng r = *rgp, *rg = &r; /* local copies stay in registers */
	struct halves h = *hvp, *hv = &h;
	const struct mfg_econ *E = &a->e;
	double *b = a->b, ds = E->k - E->c_serve, xsum = 0;
	size_t need = out->trades, needx = nx, left = out->servers, next = 0, j = 0;
	const uint32_t *sv = a->idx + (a->n - out->servers);
	for (int t = E->ntypes - 1; t >= 0 && need > 0; t--) {
		size_t end = j + (a->start[t + 1] - a->start[t] - out->clients_t[t]);
		size_t need0 = need;
		double xt = 0;
		for (; j < end && need > 0; j++, left--) {
			uint64_t u = need < left || needx > 0 ? (uint64_t)half(rg, hv) * left : 0;
			uint32_t take = (uint32_t)(need >= left) | (uint32_t)(u < ((uint64_t)need << 32));
			double x = ds;
			if (needx > 0 && take && (needx == need || u < ((uint64_t)needx << 32))) {
				double e = a->extras[next++]; /* Loan, below k: rare */
				x += e;
				xsum += e;
				xt += e;
				needx--;
				if (qacc) {
					double c = e / E->h;
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
			size_t i = sv[j] & INDEX_MASK;
			b[i] = select_d(take, b[i] + x, b[i]);
			need -= take;
		}
		out->reward_t[t] += (double)(need0 - need) * ds +
				    (E->extra == MFG_EXTRA_REWARD ? xt : 0);
	}
	*rgp = r;
	*hvp = h;
	return xsum;
}

/* The end of the period: the leavers' newcomer budgets, drawn in the order of a pass over
 * the lists (clients by ascending index, then servers by descending index), wait in nb for
 * the next pass (1). */
static void departures(struct mfg_agents *a, struct rng *rg)
{
	double lo = a->e.b0_min, w = a->e.b0_max - a->e.b0_min;
	const struct leavers *lv = &a->lv[a->cur];
	size_t m = lv->nc + lv->ns;
	if (m > a->cap_nb) {
		a->cap_nb = m;
		a->nb = xreallocarray(a->nb, m, sizeof *a->nb);
	}
	for (size_t j = 0; j < m; j++)
		a->nb[j] = lo + w * rng_uniform(rg);
	a->pend = m > 0;
	a->cur ^= 1;
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
	pass_roles(a, &rg, out);
	out->pairs = out->clients < out->servers ? out->clients : out->servers;
	size_t nx = pass_clients(a, &rg, &hv, out);
	double skr = E->s - E->k;
	for (int t = 0; t < E->ntypes; t++)
		out->reward_t[t] = (double)out->trades_t[t] * skr -
				   (double)(out->clients_t[t] - out->trades_t[t]) * E->c_lose;
	double reward = (double)out->trades * skr -
			(double)(out->clients - out->trades) * E->c_lose;
	/* Loan: the servers meet the repaying clients in a random order */
	for (size_t f = nx; f > 1; f--) {
		size_t r = (size_t)rng_below(&rg, f);
		float tmp = a->extras[f - 1];
		a->extras[f - 1] = a->extras[r];
		a->extras[r] = tmp;
	}
	double xsum = pass_servers(a, &rg, &hv, out, nx, qacc, nq);
	if (qacc) /* the trades without a repayment: an atom at 0 */
		qacc[0] += (double)(out->trades - nx);
	reward += (double)out->trades * (E->k - E->c_serve);
	if (E->extra == MFG_EXTRA_REWARD)
		reward += xsum;
	out->extra_sum = xsum;
	out->reward = reward;
	if (a->regen_thr)
		departures(a, &rg);
	a->rng = rg;
}

size_t mfg_agents_count(const struct mfg_agents *a) { return a->n; }
const double *mfg_agents_budgets(struct mfg_agents *a)
{
	flush_departures(a);
	return a->b;
}
const uint8_t *mfg_agents_types(const struct mfg_agents *a) { return a->type; }

size_t mfg_agents_type_count(const struct mfg_agents *a, int t)
{
	return a->start[t + 1] - a->start[t];
}
