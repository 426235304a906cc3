/* ttp_dp: the planner's DP over remaining-buyer sets, the policies and the benchmarks of
 * paper 004; see ttp_dp.h. The DP is a problem-specific sweep (no library does it): layers are
 * solved from T - 1 down to 0; each internal node first forms its continuation
 * W(R) = sum_c P(c|n) J(c, R) for every set R, then tries the purchases of every R that can
 * occur there in the tie rule's order (combinations by size with running subset masks; when
 * any subset of R is allowed, one scan of its submasks that keeps the earliest maximiser).
 * Cost: up to 3^nb (set, purchase) pairs per internal node. Leaf values are never stored:
 * J(leaf, R) is the sum of the mu(T) highest positive values in R. Memory: J and S* for the
 * internal nodes (TTP_DP_MAX_CELLS cells).
 * Neighbours: ttp_tree, ttp (the model). */
#include "core/models/ttp_dp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

uint32_t ttp_top_positive(const double *v, int nb, uint32_t R, int m)
{
	uint32_t S = 0;
	for (int k = 0; k < m; k++) {
		int best = -1;
		for (int i = 0; i < nb; i++)
			if ((R >> i & 1) && !(S >> i & 1) && v[i] > 0 && (best < 0 || v[i] > v[best]))
				best = i;
		if (best < 0)
			break;
		S |= 1u << best;
	}
	return S;
}

static double set_sum(const double *v, int nb, uint32_t S)
{
	double s = 0;
	for (int i = 0; i < nb; i++)
		if (S >> i & 1)
			s += v[i];
	return s;
}

static double binom(int n, int k)
{
	double c = 1;
	for (int j = 1; j <= k; j++)
		c = c * (n - k + j) / j;
	return c;
}

double ttp_dp_work(const struct ttp_tree *tr, const int *mu)
{
	int nb = tr->nb;
	double w = 0;
	for (int t = 0; t < tr->T; t++) {
		double per = 0; /* pairs (R, S) with S ⊆ R, |S| = s: C(nb, s) 2^(nb - s) */
		for (int s = 0; s <= nb && s <= mu[t]; s++)
			per += binom(nb, s) * ldexp(1, nb - s);
		w += per * (tr->layer[t + 1] - tr->layer[t]);
	}
	/* leaves: every set of the last layer, one pass over the buyers each */
	return w + ldexp(1, nb) * nb * (tr->layer[tr->T + 1] - tr->layer[tr->T]);
}

/* Whether the set R of remaining buyers can occur at time t: at most gone[t] buyers bought
 * before t. Only such sets are solved; a parent at t - 1 asks its children for R \ S with
 * |S| <= mu(t - 1), which is such a set. */
static int reachable(const struct ttp_dp *d, int t, uint32_t R)
{
	return d->nb - __builtin_popcount(R) <= d->gone[t];
}

/* J(leaf, R) for every reachable R, sorted positive buyers taken greedily: added times prob into W. */
static void add_leaf(const struct ttp_dp *d, int leaf, double prob, double *W)
{
	const struct ttp_tree *tr = d->tr;
	int nb = tr->nb, m = d->mu[tr->T], order[TTP_MAX_BUYERS], npos = 0;
	const double *v = tr->v + (size_t)leaf * (size_t)nb;
	uint32_t all = ttp_top_positive(v, nb, (1u << nb) - 1, nb);
	while (all) { /* buyers with v > 0 by value, ties to the lower index */
		uint32_t one = ttp_top_positive(v, nb, all, 1);
		order[npos++] = __builtin_ctz(one);
		all &= ~one;
	}
	for (uint32_t R = 0; R < 1u << nb; R++) {
		if (!reachable(d, tr->T, R))
			continue;
		double s = 0;
		for (int j = 0, got = 0; j < npos && got < m; j++)
			if (R >> order[j] & 1) {
				s += v[order[j]];
				got++;
			}
		W[R] += prob * s;
	}
}

/* sv[S] = sum of v_i over S, for every S (built from the set without its lowest member). */
static void set_sums(const double *v, int nb, double *sv)
{
	sv[0] = 0;
	for (uint32_t S = 1; S < 1u << nb; S++)
		sv[S] = sv[S & (S - 1)] + v[__builtin_ctz(S)];
}

/* S comes before T in the tie rule's order: smaller, or as large and the lowest member in
 * which they differ is in S (that is the lexicographic order of the sorted members). */
static int earlier(uint32_t S, uint32_t T)
{
	int a = __builtin_popcount(S), b = __builtin_popcount(T);
	if (a != b)
		return a < b;
	uint32_t x = S ^ T;
	return (S & x & -x) != 0;
}

/* The tie rule when any subset of R may be bought, in one pass over the submasks: a value
 * more than eps above the best so far replaces it; one within eps is a tie, won by the
 * earlier subset. As eps (1e-12 of the value scale) is far above rounding differences, this
 * is the first maximiser in the rule's order, the same choice as trying the subsets in order
 * and keeping the first strictly better one; cheaper, as submasks need no combination state. */
static void first_maximiser(uint32_t R, const double *sv, const double *W, double eps,
			    double *J, uint16_t *best_set)
{
	double best = W[R]; /* the empty set */
	uint32_t S = R, pick = 0;
	do {
		double x = sv[S] + W[R ^ S];
		if (x > best + eps || (x >= best - eps && earlier(S, pick))) {
			best = x;
			pick = S;
		}
		S = (S - 1) & R;
	} while (S != 0);
	*J = best;
	*best_set = (uint16_t)pick;
}

/* Node k: J and S* for every R from the continuation W, in the tie rule's order: sizes
 * 0, 1, 2, ..., within a size the lexicographic order of the members' indices. pm[j] is the
 * set of the first j members chosen, so the next subset costs O(1) amortised. */
static void solve_node(struct ttp_dp *d, int k, const double *W, double *sv)
{
	const struct ttp_tree *tr = d->tr;
	int nb = tr->nb, mu = d->mu[tr->t[k]], mem[TTP_MAX_BUYERS], c[TTP_MAX_BUYERS];
	uint32_t pm[TTP_MAX_BUYERS + 1];
	double *J = d->J + ((size_t)k << nb);
	uint16_t *Sk = d->S + ((size_t)k << nb);
	set_sums(tr->v + (size_t)k * (size_t)nb, nb, sv);
	pm[0] = 0;
	for (uint32_t R = 0; R < 1u << nb; R++) {
		if (!reachable(d, tr->t[k], R)) { /* never asked for: the parents never reach it */
			J[R] = 0;
			Sk[R] = 0;
			continue;
		}
		int r = 0;
		for (int i = 0; i < nb; i++)
			if (R >> i & 1)
				mem[r++] = i;
		double best = W[R];
		uint32_t bestS = 0;
		if (mu >= r) { /* every subset of R is allowed */
			first_maximiser(R, sv, W, d->eps, &J[R], &Sk[R]);
			continue;
		}
		for (int s = 1; s <= mu && s <= r; s++) {
			for (int j = 0; j < s; j++) {
				c[j] = j;
				pm[j + 1] = pm[j] | 1u << mem[j];
			}
			for (;;) {
				uint32_t S = pm[s];
				double val = sv[S] + W[R ^ S];
				if (val > best + d->eps) {
					best = val;
					bestS = S;
				}
				int j = s - 1;
				while (j >= 0 && c[j] == r - s + j)
					j--;
				if (j < 0)
					break;
				c[j]++;
				pm[j + 1] = pm[j] | 1u << mem[c[j]];
				for (int l = j + 1; l < s; l++) {
					c[l] = c[l - 1] + 1;
					pm[l + 1] = pm[l] | 1u << mem[c[l]];
				}
			}
		}
		J[R] = best;
		Sk[R] = (uint16_t)bestS;
	}
}

int ttp_dp_solve(struct ttp_dp *d, const struct ttp_tree *tr, const int *mu, struct err *e)
{
	memset(d, 0, sizeof *d);
	int nb = tr->nb, nint = tr->layer[tr->T];
	if ((double)nint * ldexp(1, nb) > (double)TTP_DP_MAX_CELLS)
		return err_set(e, "the planner's DP needs %d internal nodes x 2^%d buyer sets = %.0f "
				  "table cells: at most %ld (use fewer buyers or a smaller tree)",
			       nint, nb, (double)nint * ldexp(1, nb), TTP_DP_MAX_CELLS);
	double work = ttp_dp_work(tr, mu);
	if (work > TTP_DP_MAX_WORK)
		return err_set(e, "the planner's DP would try %.3g (buyer set, purchase) pairs: at "
				  "most %.3g (use fewer buyers, nodes or smaller capacities mu)",
			       work, TTP_DP_MAX_WORK);
	d->tr = tr;
	d->nint = nint;
	d->mu = xmallocarray((size_t)tr->T + 1, sizeof *d->mu);
	for (int t = 0; t <= tr->T; t++)
		d->mu[t] = mu[t] < nb ? mu[t] : nb;
	d->eps = 1e-12 * tr->vscale;
	d->nb = nb;
	d->gone = xmallocarray((size_t)tr->T + 1, sizeof *d->gone);
	d->gone[0] = 0;
	for (int t = 1; t <= tr->T; t++) {
		int g = d->gone[t - 1] + d->mu[t - 1];
		d->gone[t] = g < nb ? g : nb;
	}
	d->J = xmallocarray((size_t)(nint ? nint : 1) << nb, sizeof *d->J);
	d->S = xmallocarray((size_t)(nint ? nint : 1) << nb, sizeof *d->S);
	double *W = xmallocarray((size_t)1 << nb, sizeof *W);
	double *sv = xmallocarray((size_t)1 << nb, sizeof *sv);
	for (int k = nint - 1; k >= 0; k--) {
		memset(W, 0, ((size_t)1 << nb) * sizeof *W);
		for (int c = tr->kid0[k]; c < tr->kid0[k] + tr->nkid[k]; c++) {
			if (ttp_tree_is_leaf(tr, c)) {
				add_leaf(d, c, tr->prob[c], W);
				continue;
			}
			const double *Jc = d->J + ((size_t)c << nb);
			for (uint32_t R = 0; R < 1u << nb; R++)
				W[R] += tr->prob[c] * Jc[R];
		}
		solve_node(d, k, W, sv);
	}
	uint32_t full = (1u << nb) - 1;
	if (nint > 0) {
		d->value = d->J[full];
	} else { /* the root is the only node: one market with full information */
		memset(W, 0, sizeof *W * ((size_t)1 << nb));
		add_leaf(d, 0, 1, W);
		d->value = W[full];
	}
	free(W);
	free(sv);
	return 0;
}

void ttp_dp_fini(struct ttp_dp *d)
{
	free(d->mu);
	free(d->gone);
	free(d->J);
	free(d->S);
	memset(d, 0, sizeof *d);
}

uint32_t ttp_dp_choice(const struct ttp_dp *d, int k, uint32_t R)
{
	const struct ttp_tree *tr = d->tr;
	if (k < d->nint)
		return d->S[((size_t)k << tr->nb) + R];
	return ttp_top_positive(tr->v + (size_t)k * (size_t)tr->nb, tr->nb, R, d->mu[tr->T]);
}

void ttp_dp_policy(const struct ttp_dp *d, uint32_t *in, uint32_t *buy)
{
	const struct ttp_tree *tr = d->tr;
	in[0] = (1u << tr->nb) - 1;
	for (int k = 0; k < tr->n; k++) {
		if (k > 0)
			in[k] = in[tr->parent[k]] & ~buy[tr->parent[k]];
		buy[k] = ttp_dp_choice(d, k, in[k]);
	}
}

void ttp_greedy_policy(const struct ttp_tree *tr, const int *mu, uint32_t *in, uint32_t *buy)
{
	int nb = tr->nb;
	in[0] = (1u << nb) - 1;
	for (int k = 0; k < tr->n; k++) {
		if (k > 0)
			in[k] = in[tr->parent[k]] & ~buy[tr->parent[k]];
		buy[k] = ttp_top_positive(tr->v + (size_t)k * (size_t)nb, nb, in[k], mu[tr->t[k]]);
	}
}

double ttp_policy_eval(const struct ttp_tree *tr, const uint32_t *buy, double *bytime,
		       double *pathw)
{
	double total = 0;
	if (bytime)
		for (int t = 0; t <= tr->T; t++)
			bytime[t] = 0;
	for (int k = 0; k < tr->n; k++) { /* parents come first in the layer order */
		double w = set_sum(tr->v + (size_t)k * (size_t)tr->nb, tr->nb, buy[k]);
		total += tr->P[k] * w;
		if (bytime)
			bytime[tr->t[k]] += tr->P[k] * w;
		if (pathw)
			pathw[k] = (k > 0 ? pathw[tr->parent[k]] : 0) + w;
	}
	return total;
}

double ttp_spot_only(const struct ttp_tree *tr, int M)
{
	int nb = tr->nb;
	double total = 0;
	for (int k = ttp_tree_leaf0(tr); k < tr->n; k++) {
		const double *v = tr->v + (size_t)k * (size_t)nb;
		total += tr->P[k] * set_sum(v, nb, ttp_top_positive(v, nb, (1u << nb) - 1, M));
	}
	return total;
}

/* The next capacity vector with sum M in lexicographic order (mu[0] slowest), which starts
 * at (0, ..., 0, M); 0 after the last, (M, 0, ..., 0). */
static int next_split(int *mu, int T)
{
	int rest = 0;
	for (int j = T - 1; j >= 0; j--) {
		rest += mu[j + 1];
		if (rest > 0) {
			mu[j]++;
			for (int l = j + 1; l < T; l++)
				mu[l] = 0;
			mu[T] = rest - 1;
			return 1;
		}
	}
	return 0;
}

int ttp_best_split(const struct ttp_tree *tr, int M, int *best_mu, double *value, long *ties,
		   long *nsplits, struct err *e)
{
	int T = tr->T;
	double count = binom(M + T, T);
	int *mu = xcalloc((size_t)T + 1, sizeof *mu);
	for (int t = 0; t < T; t++) /* the heaviest split bounds the work of every split */
		mu[t] = M;
	double work = count * ttp_dp_work(tr, mu);
	*nsplits = count < 1e18 ? (long)count : -1;
	if (count > 1e5 || work > TTP_DP_MAX_WORK) {
		free(mu);
		return 1;
	}
	for (int t = 0; t < T; t++)
		mu[t] = 0;
	mu[T] = M; /* spot only: the first split, kept unless another is strictly better */
	double eps = 1e-12 * tr->vscale * (M + 1), best = -INFINITY;
	double *vals = xmallocarray((size_t)count, sizeof *vals);
	long n = 0;
	int rc = 0;
	do {
		struct ttp_dp d;
		if (ttp_dp_solve(&d, tr, mu, e) < 0) {
			rc = -1;
			break;
		}
		vals[n++] = d.value;
		if (d.value > best + eps) {
			best = d.value;
			memcpy(best_mu, mu, ((size_t)T + 1) * sizeof *mu);
		}
		ttp_dp_fini(&d);
	} while (next_split(mu, T));
	*ties = 0;
	for (long k = 0; k < n; k++)
		*ties += vals[k] >= best - eps;
	*value = best;
	free(vals);
	free(mu);
	return rc;
}
