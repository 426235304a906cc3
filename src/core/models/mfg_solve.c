/* mfg_solve: mean-field equilibrium numerics of the bilateral trading market (paper 000).
 * See mfg_solve.h for the discretisation. Everything here is plain numerics on arrays that
 * mfg_solver_new allocates once; a solve allocates nothing (only the extended stationary
 * distribution for plots and agent start-up allocates its result).
 *
 * Notation of one type at pooled belief z (spec 3.2): a server trades w.p.
 * Ps = p_s m_s (1-z) and moves b -> b + k - c_serve (+ the Loan extra e ~ q); a client that
 * bids k wins w.p. m_c and moves b -> h(b); everything else stays. Stage rewards: server
 * k - c_serve on a trade (+ E e in the reward reading), client s - k on a win, -c_lose when
 * not served. Neighbours: mfg.c, mfg_agents.c. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/models/mfg_conv.h"
#include "core/cancel.h"
#include "core/models/mfg_solve.h"
#include "core/xmalloc.h"

#define SNAP 1e-9          /* relative grid tolerance: positions within it are on a node */
#define TOL_V 1e-11        /* value iteration: estimated sup-norm error */
#define TOL_PI 1e-14       /* stationary distribution: estimated L1 error */
#define TIE 1e-9           /* |g| below this is a tie (round-off of v): bid k */
/* A sweep that changes no more than this has reached round-off (the change may then stay
 * constant, r = 1, and the error estimate never applies): relative to the values (v is
 * monotone, so its ends bound it) or to the unit mass (pi). */
#define FLOOR_V (16 * DBL_EPSILON)
#define FLOOR_PI (16 * DBL_EPSILON)
#define MAX_NODES 4000001  /* h = 1e-5 on [0, 40] */
#define EXT_MAX_NODES (1u << 23)
#define EXT_TAIL 1e-12     /* the extended distribution stops when this much mass is left */
#define FFT_MIN_SHIFT 16   /* block sums by FFT need blocks of at least this many nodes */
#define FFT_MIN_LEN 16     /* ... and an extra law at least this wide (else direct sums) */
#define FFT_BLOCK_PER_LEN 3 /* blocks of up to this many times the law's width */
#define FFT_FAR_PER_LEN 6  /* the unrestricted direction's blocks, in the law's widths */
/* One block convolution of FFT size n costs about FFT_COST n log2 n terms of a direct sum
 * (the forward and inverse transforms and the product; measured with GSL's mixed-radix FFT
 * against dot_rev on the bench's grids: the choice is flat between 3 and 6) */
#define FFT_COST 4.5
#define ELL_MAX 4          /* fixed-width rows of the inverse maps up to this width */

/* Position x >= 0 (budget units) as (lo, w) on a grid of step h; no clamping. */
static void locate_free(double x, double h, int64_t *lo, double *w)
{
	double c = x / h;
	if (c <= 0) {
		*lo = 0;
		*w = 0;
		return;
	}
	double f = floor(c + SNAP);
	double r = c - f;
	*lo = (int64_t)f;
	*w = r < SNAP ? 0 : r;
}

/* The same, clamped to the nodes [0, M-1] (past the top = the top node). */
static void locate(double x, double h, size_t M, int32_t *lo, double *w)
{
	int64_t l;
	locate_free(x, h, &l, w);
	if (l >= (int64_t)M - 1) {
		l = (int64_t)M - 1;
		*w = 0;
	}
	*lo = (int32_t)l;
}

/* Integral of the unit hat centred at 0 from -inf to x (x in cells). */
static double hat_cdf(double x)
{
	if (x <= -1)
		return 0;
	if (x <= 0)
		return 0.5 * (x + 1) * (x + 1);
	if (x <= 1)
		return 1 - 0.5 * (1 - x) * (1 - x);
	return 1;
}

/* Sum a[i] b[i] with four partial sums (independent add chains; fixed order, so the
 * result does not depend on the compiler). */
static inline double dot(const double *a, const double *b, size_t n)
{
	double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
	size_t i = 0;
	for (; i + 4 <= n; i += 4) {
		s0 += a[i] * b[i];
		s1 += a[i + 1] * b[i + 1];
		s2 += a[i + 2] * b[i + 2];
		s3 += a[i + 3] * b[i + 3];
	}
	for (; i < n; i++)
		s0 += a[i] * b[i];
	return (s0 + s1) + (s2 + s3);
}

/* Sum a[i] b[-i] for i < n (b points at the last element). */
static inline double dot_rev(const double *a, const double *b, size_t n)
{
	double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
	size_t i = 0;
	for (; i + 4 <= n; i += 4) {
		s0 += a[i] * b[-(ptrdiff_t)i];
		s1 += a[i + 1] * b[-(ptrdiff_t)i - 1];
		s2 += a[i + 2] * b[-(ptrdiff_t)i - 2];
		s3 += a[i + 3] * b[-(ptrdiff_t)i - 3];
	}
	for (; i < n; i++)
		s0 += a[i] * b[-(ptrdiff_t)i];
	return (s0 + s1) + (s2 + s3);
}

static double win_target(const struct mfg_econ *e, double b)
{
	if (e->variant == MFG_HARD)
		return b + e->s - e->k;
	double d = e->k - b;
	return b + e->s - e->k - (d > 0 ? e->alpha * d : 0);
}

static double extra_of(const struct mfg_econ *e, double b)
{
	double d = e->k - b;
	if (d <= 0)
		return 0;
	return (e->extra == MFG_EXTRA_INTEREST ? e->alpha - 1 : e->alpha) * d;
}

static int feasible(const struct mfg_solver *s, double b)
{
	double lim = s->e.variant == MFG_HARD ? s->e.k : s->L;
	return b >= lim - SNAP * s->e.h;
}

/* Builds the CSR of sources (i < nsrc, weight) landing on targets t < ntgt. */
static void build_inverse(size_t nsrc, size_t ntgt, const int32_t *lo, const double *w,
			  const unsigned char *mask, int32_t **ptr_out, int32_t **src_out,
			  double **wt_out)
{
	int32_t *ptr = xcalloc(ntgt + 1, sizeof *ptr);
	for (size_t i = 0; i < nsrc; i++) {
		if (mask && !mask[i])
			continue;
		if (w[i] < 1 && (size_t)lo[i] < ntgt)
			ptr[lo[i] + 1]++;
		if (w[i] > 0 && (size_t)lo[i] + 1 < ntgt)
			ptr[lo[i] + 2]++;
	}
	for (size_t t = 0; t < ntgt; t++)
		ptr[t + 1] += ptr[t];
	size_t nnz = (size_t)ptr[ntgt];
	int32_t *src = xmallocarray(nnz ? nnz : 1, sizeof *src);
	double *wt = xmallocarray(nnz ? nnz : 1, sizeof *wt);
	int32_t *fill = xmallocarray(ntgt + 1, sizeof *fill);
	memcpy(fill, ptr, (ntgt + 1) * sizeof *fill);
	for (size_t i = 0; i < nsrc; i++) {
		if (mask && !mask[i])
			continue;
		if (w[i] < 1 && (size_t)lo[i] < ntgt) {
			src[fill[lo[i]]] = (int32_t)i;
			wt[fill[lo[i]]++] = 1 - w[i];
		}
		if (w[i] > 0 && (size_t)lo[i] + 1 < ntgt) {
			src[fill[lo[i] + 1]] = (int32_t)i;
			wt[fill[lo[i] + 1]++] = w[i];
		}
	}
	free(fill);
	*ptr_out = ptr;
	*src_out = src;
	*wt_out = wt;
}

/* Rows [0, n) of a CSR as rows of one width (ELL): the longest row's entries, the rest
 * padded with weight 0 on the row's own node (a pad adds a zero, so a row's sum keeps the
 * CSR's bits). Returns the width (at least 1). */
static size_t build_ell(const int32_t *ptr, const int32_t *src, const double *wt, size_t n,
			int32_t **src_out, double **wt_out)
{
	size_t K = 1;
	for (size_t j = 0; j < n; j++)
		if ((size_t)(ptr[j + 1] - ptr[j]) > K)
			K = (size_t)(ptr[j + 1] - ptr[j]);
	int32_t *es = xmallocarray(n * K + 1, sizeof *es);
	double *ew = xmallocarray(n * K + 1, sizeof *ew);
	for (size_t j = 0; j < n; j++) {
		size_t k = 0;
		for (int32_t p = ptr[j]; p < ptr[j + 1]; p++, k++) {
			es[j * K + k] = src[p];
			ew[j * K + k] = wt[p];
		}
		for (; k < K; k++) {
			es[j * K + k] = (int32_t)j;
			ew[j * K + k] = 0;
		}
	}
	*src_out = es;
	*wt_out = ew;
	return K;
}

/* The rows below the first one with more than ELL_MAX entries in either map (the top
 * node of an open grid gathers every clamped server move). */
static size_t ell_rows(const int32_t *a, const int32_t *b, size_t n)
{
	for (size_t j = 0; j < n; j++)
		if (a[j + 1] - a[j] > ELL_MAX || b[j + 1] - b[j] > ELL_MAX)
			return j;
	return n;
}

static int check_econ(const struct mfg_econ *E, double *wsum, struct err *e)
{
	if (E->ntypes < 1 || E->ntypes > MFG_MAX_TYPES)
		return err_set(e, "mfg: between 1 and %d agent types are supported",
			       MFG_MAX_TYPES);
	if (E->k < E->c_serve)
		return err_set(e, "mfg: k = %g is below c_serve = %g, so servers would trade at a "
				  "loss (the paper's admissible range is [c_serve, s + c_lose])",
			       E->k, E->c_serve);
	if (E->b0_min > E->b0_max)
		return err_set(e, "mfg: b0_min = %g exceeds b0_max = %g", E->b0_min, E->b0_max);
	if (!(E->h > 0) || E->bmax / E->h + 1 > MAX_NODES)
		return err_set(e, "mfg: the grid bmax/h = %g/%g has more than %d nodes", E->bmax,
			       E->h, MAX_NODES);
	if (E->b0_max > E->bmax - E->h)
		return err_set(e, "mfg: bmax = %g must exceed b0_max = %g by at least one grid "
				  "step h", E->bmax, E->b0_max);
	if (!(E->beta > 0 && E->beta < 1))
		return err_set(e, "mfg: beta must lie in (0, 1)");
	*wsum = 0;
	for (int t = 0; t < E->ntypes; t++) {
		if (!(E->share[t] > 0) || E->p_s[t] < 0 || E->p_s[t] > 1)
			return err_set(e, "mfg: type %d needs 0 <= p_s <= 1 and share > 0", t + 1);
		*wsum += E->share[t];
	}
	return 0;
}

struct mfg_econ mfg_econ_section5(enum mfg_variant v, double k, double b0_min, double b0_max,
				  double h)
{
	struct mfg_econ e = {
		.variant = v, .extra = MFG_EXTRA_BUDGET, .k = k, .s = 8, .c_serve = 6,
		.c_lose = 0.5, .alpha = 1.1, .beta = 0.98, .b0_min = b0_min, .b0_max = b0_max,
		.h = h, .bmax = 40, .ntypes = 1,
	};
	e.p_s[0] = 0.5;
	e.share[0] = 1;
	return e;
}

struct mfg_solver *mfg_solver_new(const struct mfg_econ *econ, struct err *e)
{
	const struct mfg_econ *E = econ;
	double wsum = 0;
	if (check_econ(E, &wsum, e) < 0)
		return NULL;
	double ps_pool = 0, pc_pool = 0;
	for (int t = 0; t < E->ntypes; t++) {
		ps_pool += E->share[t] / wsum * E->p_s[t];
		pc_pool += E->share[t] / wsum * (1 - E->p_s[t]);
	}
	if (!(ps_pool > 0) || !(pc_pool > 0)) {
		err_set(e, "mfg: the population needs both servers and clients (pooled p_s = %g)",
			ps_pool);
		return NULL;
	}

	struct mfg_solver *s = xcalloc(1, sizeof *s);
	s->e = *E;
	double h = E->h;
	s->M = (size_t)floor(E->bmax / h + SNAP) + 1;
	size_t M = s->M;
	s->ps_pool = ps_pool;
	s->pc_pool = pc_pool;
	/* A10 (an extension): with unequal pooled shares only min(#c, #s) pairs form. */
	s->m_c = fmin(1, ps_pool / pc_pool);
	s->m_s = fmin(1, pc_pool / ps_pool);
	s->L = E->k - E->s / (1 + E->alpha);
	/* with alpha = 0 a win moves every budget by s - k: it never lowers one when k <= s
	 * (U = -inf; k = s would otherwise give 0/0) and always does when k > s */
	s->U = E->alpha > 0 ? E->k - (E->s - E->k) / E->alpha
			    : E->k <= E->s ? -HUGE_VAL : HUGE_VAL;
	s->closed = E->k <= E->s + 1e-12;
	s->btop = E->variant == MFG_HARD ? E->k : s->U;
	size_t nsolve = M;
	if (s->closed) {
		double c = s->btop / h;
		nsolve = c <= 0 ? 0 : (size_t)ceil(c - SNAP);
		if (nsolve + 2 >= M) { /* the closed region does not fit: iterate everything */
			s->closed = 0;
			nsolve = M;
		}
	}
	if (!s->closed)
		s->btop = (double)(M - 1) * h;
	s->nsolve = nsolve;

	s->srv_lo = xmallocarray(M, sizeof *s->srv_lo);
	s->srv_w = xmallocarray(M, sizeof *s->srv_w);
	s->win_lo = xmallocarray(M, sizeof *s->win_lo);
	s->win_w = xmallocarray(M, sizeof *s->win_w);
	s->feas = xmallocarray(M, 1);
	s->srv_self = xmallocarray(M, sizeof *s->srv_self);
	s->win_self = xmallocarray(M, sizeof *s->win_self);
	s->psi = xcalloc(M, sizeof *s->psi);
	s->ext_lo = xcalloc(M, sizeof *s->ext_lo);
	s->ext_w = xcalloc(M, sizeof *s->ext_w);
	double ds = E->k - E->c_serve, emax = 0;
	int64_t l0;
	locate_free(ds, h, &l0, &s->srv_wc);
	s->srv_free = M;
	for (size_t i = 0; i < M; i++) {
		double b = (double)i * h;
		locate(b + ds, h, M, &s->srv_lo[i], &s->srv_w[i]);
		if (s->srv_free == M && ((size_t)s->srv_lo[i] + 1 >= M))
			s->srv_free = i;
		s->feas[i] = (unsigned char)feasible(s, b);
		double tw = s->feas[i] ? win_target(E, b) : b;
		locate(tw < 0 ? 0 : tw, h, M, &s->win_lo[i], &s->win_w[i]);
		s->srv_self[i] = ((size_t)s->srv_lo[i] == i ? 1 - s->srv_w[i] : 0) +
				 ((size_t)s->srv_lo[i] + 1 == i ? s->srv_w[i] : 0);
		s->win_self[i] = ((size_t)s->win_lo[i] == i ? 1 - s->win_w[i] : 0) +
				 ((size_t)s->win_lo[i] + 1 == i ? s->win_w[i] : 0);
		if (E->variant == MFG_LOAN && s->feas[i]) {
			double x = extra_of(E, b);
			if (x > emax)
				emax = x;
			int64_t el;
			locate_free(x, h, &el, &s->ext_w[i]);
			s->ext_lo[i] = (int32_t)el;
		}
	}
	s->nq = E->variant == MFG_LOAN ? (size_t)ceil(emax / h) + 2 : 1;
	s->pad = s->nq + 4;
	s->D = (size_t)l0;
	/* the FFT blocks rely on the constant shift below srv_free */
	int shift_ok = s->D >= FFT_MIN_SHIFT;
	for (size_t i = 0; i < s->srv_free && shift_ok; i++)
		shift_ok = (size_t)s->srv_lo[i] == i + s->D;
	if (E->variant == MFG_LOAN && shift_ok && s->nq + 1 >= FFT_MIN_LEN) {
		/* no block longer than the sweeps */
		size_t blk = FFT_BLOCK_PER_LEN * (s->nq + 1), far = FFT_FAR_PER_LEN * (s->nq + 1);
		blk = blk < s->D ? blk : s->D;
		s->conv = mfg_conv_new(s->nq + 1, blk < nsolve ? blk : nsolve);
		s->conv_far = mfg_conv_new(s->nq + 1, far < nsolve ? far : nsolve);
		s->cbuf = xcalloc(mfg_conv_size(s->conv_far), sizeof *s->cbuf);
	}

	/* Psi on the hat basis (exact integrals of each hat against the uniform density);
	 * zero from psi_end on. */
	size_t psi_end;
	if (E->b0_max - E->b0_min < SNAP * h) {
		int32_t lo;
		double w;
		locate(E->b0_min, h, M, &lo, &w);
		s->psi[lo] += 1 - w;
		if (w > 0)
			s->psi[lo + 1] += w;
		psi_end = (size_t)lo + 2 < M ? (size_t)lo + 2 : M;
	} else {
		double a = E->b0_min / h, b = E->b0_max / h;
		size_t i0 = a > 1 ? (size_t)floor(a) - 1 : 0, i1 = (size_t)ceil(b) + 1;
		if (i1 > M - 1)
			i1 = M - 1;
		for (size_t i = i0; i <= i1; i++)
			s->psi[i] = (hat_cdf(b - (double)i) - hat_cdf(a - (double)i)) / (b - a);
		psi_end = i1 + 1;
	}

	/* Inverse maps over the nodes where pi is computed by pull sweeps. Loan also needs
	 * pi up to k (the extras come from bidders below k), which one ascending pass after
	 * the sweeps supplies, so its maps extend to there. */
	size_t ntgt = nsolve;
	if (s->closed && E->variant == MFG_LOAN) {
		size_t nk = (size_t)ceil(E->k / h + SNAP) + 1;
		if (nk > ntgt)
			ntgt = nk < M ? nk : M;
	}
	s->psi_closed = 0; /* in ascending order up to Psi's last node (the rest adds zeros) */
	for (size_t j = s->closed ? nsolve : M; j < psi_end; j++)
		s->psi_closed += s->psi[j];
	build_inverse(ntgt, ntgt, s->srv_lo, s->srv_w, NULL, &s->srv_ptr, &s->srv_src,
		      &s->srv_wt);
	build_inverse(ntgt, ntgt, s->win_lo, s->win_w, s->feas, &s->win_ptr, &s->win_src,
		      &s->win_wt);
	/* what the plain sweeps read per node, on the nodes they visit */
	s->srv_w1 = xmallocarray(nsolve + 1, sizeof *s->srv_w1);
	s->win_w1 = xmallocarray(nsolve + 1, sizeof *s->win_w1);
	s->bpsi = xmallocarray(nsolve + 1, sizeof *s->bpsi);
	s->thw = xcalloc(nsolve + 1, sizeof *s->thw);
	for (size_t i = 0; i < nsolve; i++) {
		s->srv_w1[i] = 1 - s->srv_w[i];
		s->win_w1[i] = 1 - s->win_w[i];
		s->bpsi[i] = (1 - E->beta) * s->psi[i];
	}
	for (s->feas0 = 0; s->feas0 < M && !s->feas[s->feas0]; s->feas0++)
		;
	/* every iterated node's server move lands on the node D above */
	s->srv_exact = s->D > 0;
	for (size_t i = 0; i < nsolve && s->srv_exact; i++)
		s->srv_exact = (size_t)s->srv_lo[i] == i + s->D && s->srv_w[i] == 0 &&
			       s->srv_self[i] == 0;
	/* the closed region's values that a solve reads: Loan's block sums read far above
	 * nsolve; otherwise one node past the moves and wins from below it */
	s->vtop = M + s->pad;
	if (s->closed && E->variant != MFG_LOAN) {
		s->vtop = nsolve;
		for (size_t i = 0; i < nsolve; i++) {
			int32_t top = s->srv_lo[i] > s->win_lo[i] ? s->srv_lo[i] : s->win_lo[i];
			if ((size_t)top + 2 > s->vtop)
				s->vtop = (size_t)top + 2;
		}
		if (s->vtop > M + s->pad)
			s->vtop = M + s->pad;
	}
	s->ell_end = ell_rows(s->srv_ptr, s->win_ptr, nsolve);
	s->ell_ks = build_ell(s->srv_ptr, s->srv_src, s->srv_wt, s->ell_end, &s->ell_ssrc,
			      &s->ell_swt);
	s->ell_kw = build_ell(s->win_ptr, s->win_src, s->win_wt, s->ell_end, &s->ell_wsrc,
			      &s->ell_wwt);
	s->ell_wth = xcalloc(s->ell_end * s->ell_kw + 1, sizeof *s->ell_wth);
	s->S = (double *)xcalloc(s->nq + 2 + M + s->pad, sizeof *s->S) + s->nq + 2;
	s->qtail = xcalloc(s->nq + 1, sizeof *s->qtail);
	s->inv_nb = xcalloc(M, sizeof *s->inv_nb);
	s->inv_bid = xcalloc(M, sizeof *s->inv_bid);
	s->inv_pi = xcalloc(M, sizeof *s->inv_pi);
	s->scratch = xcalloc(M + s->pad, sizeof *s->scratch);
	s->r = xcalloc(s->nq + 2, sizeof *s->r);
	s->rtail = xcalloc(s->nq + 3, sizeof *s->rtail);
	s->qcur = xcalloc(s->nq, sizeof *s->qcur);
	s->qcur[0] = 1;
	s->zcur = NAN;

	for (int t = 0; t < E->ntypes; t++) {
		struct mfg_type *T = &s->t[t];
		T->p_s = E->p_s[t];
		T->p_c = 1 - E->p_s[t];
		T->share = E->share[t] / wsum;
		T->client_mass = T->share * T->p_c / pc_pool;
		T->v = xcalloc(M + s->pad, sizeof *T->v);
		T->pi = xcalloc(M, sizeof *T->pi);
		T->vprev = xcalloc(s->nsolve, sizeof *T->vprev);
		T->piprev = xcalloc(s->nsolve, sizeof *T->piprev);
		T->g = xcalloc(M, sizeof *T->g);
		T->bid = xcalloc(M, 1);
		T->theta = xcalloc(M, sizeof *T->theta);
		/* the closed region always bids: its policy never changes (policy() skips it) */
		for (size_t i = s->closed ? s->nsolve : M; i < M; i++) {
			T->g[i] = E->s - E->k + E->c_lose;
			T->g[i] += TIE;
			T->bid[i] = 1;
			if (i > s->nsolve)
				T->theta[i] = 1;
		}
		T->gamma = NAN;
		T->value = NAN;
	}
	return s;
}

void mfg_solver_free(struct mfg_solver *s)
{
	if (!s)
		return;
	free(s->srv_lo);
	free(s->srv_w);
	free(s->win_lo);
	free(s->win_w);
	free(s->feas);
	free(s->srv_self);
	free(s->win_self);
	free(s->psi);
	free(s->ext_lo);
	free(s->ext_w);
	free(s->srv_ptr);
	free(s->srv_src);
	free(s->srv_wt);
	free(s->win_ptr);
	free(s->win_src);
	free(s->win_wt);
	free(s->srv_w1);
	free(s->win_w1);
	free(s->ell_ssrc);
	free(s->ell_swt);
	free(s->ell_wsrc);
	free(s->ell_wwt);
	free(s->ell_wth);
	free(s->thw);
	free(s->bpsi);
	if (s->S)
		free(s->S - s->nq - 2);
	free(s->scratch);
	free(s->qtail);
	free(s->inv_nb);
	free(s->inv_bid);
	free(s->inv_pi);
	free(s->cbuf);
	mfg_conv_free(s->conv);
	mfg_conv_free(s->conv_far);
	free(s->r);
	free(s->rtail);
	free(s->qcur);
	for (int t = 0; t < s->e.ntypes; t++) {
		free(s->t[t].v);
		free(s->t[t].pi);
		free(s->t[t].vprev);
		free(s->t[t].piprev);
		free(s->t[t].g);
		free(s->t[t].bid);
		free(s->t[t].theta);
	}
	free(s);
}

double mfg_pool_z(const struct mfg_solver *s, const double *z)
{
	double acc = 0;
	for (int t = 0; t < s->e.ntypes; t++)
		acc += s->t[t].client_mass * z[t];
	return acc;
}

/* Per-solve coefficients of one type. */
struct coef {
	double Ps, stay_s, rs;  /* server trade prob, server no-trade prob, trade reward */
	double pcw, pcl;        /* p_c m_c (bid and served), p_c (1 - m_c) (bid, no server) */
	double p_c;
	int plain;              /* no extra (q = atom at 0) */
	const double *q;        /* the extra law q[0..nq) */
	size_t q0, q1;          /* support of q: [q0, q1) */
	double vinf;
};

/* Whether block sums by plan c over nout nodes cost less than direct sums of a law of
 * width len (FFT_COST n log2 n per block against len terms per node); if so, gives c the
 * kernels. A far plan's blocks are as long as the kernels leave room for. */
static int set_kernels(struct mfg_conv *c, int far, const double *rev, const double *q,
		       size_t len, size_t nout)
{
	size_t n = mfg_conv_size(c), blk = mfg_conv_block(c);
	size_t room = n - len; /* outputs of one call with the longer kernel (len + 1) */
	if (far || room < blk)
		blk = room;
	if (blk == 0)
		return 0;
	double calls = ceil((double)nout / (double)blk);
	if (calls * FFT_COST * (double)n * log2((double)n) >= (double)len * (double)nout)
		return 0;
	mfg_conv_kernel(c, 0, rev, len + 1);
	if (!far) /* a far plan serves only the value sweeps */
		mfg_conv_kernel(c, 1, q, len);
	return 1;
}

/* The extra law's support and mean, and (for the value sweeps) r = q folded with the
 * server's interpolation weight, r[e] = (1-w) q[e] + w q[e-1] on [q0, q1] with its tails. */
static void prepare_q(struct mfg_solver *s, const double *q, size_t *q0, size_t *q1,
		      double *mean)
{
	size_t a = 0, b = s->nq;
	while (a < b && q[a] == 0)
		a++;
	while (b > a && q[b - 1] == 0)
		b--;
	*q0 = a;
	*q1 = b;
	*mean = 0;
	for (size_t j = a; j < b; j++)
		*mean += q[j] * (double)j * s->e.h;
	double w = s->srv_wc;
	memset(s->r, 0, (s->nq + 2) * sizeof *s->r);
	for (size_t j = a; j < b; j++) {
		s->r[j] += (1 - w) * q[j];
		s->r[j + 1] += w * q[j];
	}
	s->rtail[s->nq + 2] = 0;
	for (size_t j = s->nq + 2; j-- > 0;)
		s->rtail[j] = s->rtail[j + 1] + s->r[j];
	s->qtail[s->nq] = 0;
	for (size_t j = s->nq; j-- > 0;)
		s->qtail[j] = s->qtail[j + 1] + q[j];
	s->qsum = s->qtail[0];
	/* the block sums: r reversed for the values, q for the masses */
	s->use_fft = s->use_far = 0;
	if (!s->conv || b - a < FFT_MIN_LEN)
		return;
	double *rev = s->scratch; /* free until the sweeps */
	size_t lv = b - a + 1;
	for (size_t j = 0; j < lv; j++)
		rev[j] = s->r[b - j];
	/* the D-node blocks' plan fits this law (transforms of about D + width, not D + nq):
	 * its kernel room is the width rounded up to 1/8 of its power of two, a function of
	 * this law alone (so the round-off never depends on the solves before) */
	size_t step = 1;
	while (step * 16 <= lv)
		step *= 2;
	size_t km = (lv + step - 1) / step * step;
	if (km > s->nq + 1)
		km = s->nq + 1;
	if (mfg_conv_kmax(s->conv) != km) {
		size_t blk = mfg_conv_block(s->conv);
		mfg_conv_free(s->conv);
		s->conv = mfg_conv_new(km, blk);
	}
	s->use_fft = set_kernels(s->conv, 0, rev, q + a, b - a, s->nsolve);
	s->use_far = set_kernels(s->conv_far, 1, rev, q + a, b - a, s->nsolve);
}

static void make_coef(const struct mfg_solver *s, const struct mfg_type *T, double z,
		      const double *q, size_t q0, size_t q1, double qmean, struct coef *c)
{
	const struct mfg_econ *E = &s->e;
	c->Ps = T->p_s * s->m_s * (1 - z);
	c->stay_s = T->p_s - c->Ps;
	c->p_c = T->p_c;
	c->pcw = T->p_c * s->m_c;
	c->pcl = T->p_c * (1 - s->m_c);
	c->q = q;
	c->q0 = q0;
	c->q1 = q1;
	c->plain = q == NULL;
	c->rs = E->k - E->c_serve + (E->extra == MFG_EXTRA_REWARD ? qmean : 0);
	c->vinf = (c->pcw * (E->s - E->k) - c->pcl * E->c_lose + c->Ps * c->rs) / (1 - E->beta);
}

/* Expected continuation of a server trade from node i (with the extra), excluding the
 * part that lands on i itself, whose weight goes to *self. */
static inline double server_cont(const struct mfg_solver *s, const struct coef *c,
				 const double *v, size_t i, double *self)
{
	int32_t lo = s->srv_lo[i];
	if (c->plain) {
		double w = s->srv_w[i];
		*self = s->srv_self[i];
		return (1 - w) * v[lo] + w * v[lo + 1] - *self * v[i];
	}
	double acc;
	if (i < s->srv_free) {
		/* sum_e r[e] v[lo+e] on [q0, q1]; past nsolve v = V_inf (closed region) */
		size_t e0 = c->q0, e1 = c->q1 + 1;
		if (s->closed && (size_t)lo + e1 > s->nsolve) {
			size_t lim = s->nsolve > (size_t)lo ? s->nsolve - (size_t)lo : 0;
			if (lim < e0)
				lim = e0;
			acc = dot(s->r + e0, v + lo + e0, lim - e0) + c->vinf * s->rtail[lim];
		} else {
			acc = dot(s->r + e0, v + lo + e0, e1 - e0);
		}
		*self = (size_t)lo == i ? s->r[0] : 0;
	} else { /* clamped at the top (lo = M-1, w = 0): every extra lands there */
		acc = v[lo] * s->qsum;
		*self = (size_t)lo == i && c->q0 == 0 ? c->q[0] : 0;
	}
	return acc - *self * v[i];
}

/* The weight of a server trade from node i that lands on i itself (as server_cont). */
static double server_self(const struct mfg_solver *s, const struct coef *c, size_t i)
{
	size_t lo = (size_t)s->srv_lo[i];
	if (c->plain)
		return s->srv_self[i];
	if (i < s->srv_free)
		return lo == i ? s->r[0] : 0;
	return lo == i && c->q0 == 0 ? c->q[0] : 0;
}

/* The sweeps' per-node factors 1 / (1 - beta * stay) for this solve (see inv_nb). Most
 * nodes have no self-loop, so a node whose weights equal its predecessor's reuses its
 * factors (the same operations on the same numbers). */
static void node_factors_v(const struct mfg_solver *s, const struct coef *c, size_t n)
{
	double beta = s->e.beta, nb_base = c->stay_s + c->p_c, bid_base = c->stay_s + c->pcl;
	double ps = NAN, pw = NAN, nb = 0, bid = 0;
	for (size_t i = 0; i < n; i++) {
		double sself = server_self(s, c, i), wself = s->win_self[i];
		if (!(sself == ps && wself == pw)) {
			nb = 1 / (1 - beta * (nb_base + c->Ps * sself));
			bid = 1 / (1 - beta * (bid_base + c->Ps * sself + c->pcw * wself));
			ps = sself;
			pw = wself;
		}
		s->inv_nb[i] = nb;
		s->inv_bid[i] = bid;
	}
}

static void node_factors_pi(const struct mfg_solver *s, const struct mfg_type *T,
			    const struct coef *c, size_t n)
{
	double beta = s->e.beta, q0 = c->plain ? 1 : (c->q0 == 0 ? c->q[0] : 0);
	size_t top = !s->closed && !c->plain ? s->M - 1 : (size_t)-1;
	double pt = NAN, ps = NAN, pw = NAN, inv = 0;
	for (size_t j = 0; j < n; j++) {
		double tj = T->theta[j], wself = s->win_self[j];
		double sself = (j == top ? s->qsum : q0) * s->srv_self[j];
		if (!(tj == pt && sself == ps && wself == pw)) {
			inv = 1 / (1 - beta * (c->stay_s + c->p_c - c->pcw * tj + c->Ps * sself +
					       c->pcw * tj * wself));
			pt = tj;
			ps = sself;
			pw = wself;
		}
		s->inv_pi[j] = inv;
		s->thw[j] = tj * wself;
	}
	size_t K = s->ell_kw, ne = s->ell_end < n ? s->ell_end : n;
	for (size_t p = 0; p < ne * K; p++)
		s->ell_wth[p] = s->ell_wwt[p] * (double)T->theta[s->ell_wsrc[p]];
}

/* Blocks of a sweep over [0, n) in a direction: block k is [*b0, *b1), visited from the
 * top down when down. Returns 0 after the last block. */
static int next_block(size_t n, size_t B, int down, size_t k, size_t *b0, size_t *b1)
{
	if (k * B >= n)
		return 0;
	size_t lo = k * B, hi = lo + B < n ? lo + B : n;
	*b0 = down ? n - hi : lo;
	*b1 = down ? n - lo : hi;
	return 1;
}

/* sweep_v without an extra (Hard, Bank) on the nodes [from, to), continuing the change
 * dmax: the same arithmetic, with 1 - w taken once per grid (srv_w1, win_w1). `bid`: the
 * nodes may bid k (the feasible nodes are those from feas0 on). The direction and `bid` are
 * constants at each call (sweep_v_plain), so each gets its own straight loop. */
static inline __attribute__((always_inline)) double
v_rows(const struct mfg_solver *s, struct mfg_type *T, const struct coef *c, size_t from,
       size_t to, int down, int bid, int exact, double dmax)
{
	const struct mfg_econ *E = &s->e;
	double *restrict v = T->v;
	const double beta = E->beta, skr = E->s - E->k, cl = E->c_lose;
	const double Ps = c->Ps, rs = c->rs, nbc = c->p_c * cl, pcw = c->pcw, pcl = c->pcl * cl;
	const int32_t *restrict slo = s->srv_lo, *restrict wlo = s->win_lo;
	const double *restrict sw = s->srv_w, *restrict sw1 = s->srv_w1;
	const double *restrict ww = s->win_w, *restrict ww1 = s->win_w1;
	const double *restrict sst = s->srv_self, *restrict wst = s->win_self;
	const double *restrict inb = s->inv_nb, *restrict ibid = s->inv_bid;
	const size_t D = s->D;
	for (size_t m = from; m < to; m++) {
		size_t i = down ? to - 1 - (m - from) : m;
		double soff;
		if (exact) { /* w = 0, no self-loop: the sum below up to the sign of a zero,
			      * which rs + beta soff cannot tell (rs is never -0) */
			soff = v[i + D];
		} else {
			int32_t lo = slo[i];
			soff = sw1[i] * v[lo] + sw[i] * v[lo + 1] - sst[i] * v[i];
		}
		double srv = Ps * (rs + beta * soff);
		double vn = (srv - nbc) * inb[i];
		if (bid) {
			int32_t wl = wlo[i];
			double woff = ww1[i] * v[wl] + ww[i] * v[wl + 1] - wst[i] * v[i];
			double vb = (srv + pcw * (skr + beta * woff) - pcl) * ibid[i];
			if (vb >= vn)
				vn = vb;
		}
		double d = fabs(vn - v[i]);
		if (d > dmax)
			dmax = d;
		v[i] = vn;
	}
	return dmax;
}

static double sweep_v_plain(const struct mfg_solver *s, struct mfg_type *T,
			    const struct coef *c, size_t n, int down)
{
	size_t f = s->feas0 < n ? s->feas0 : n;
#define V_ROWS(X)                                                                             \
	(down ? v_rows(s, T, c, 0, f, 1, 0, X, v_rows(s, T, c, f, n, 1, 1, X, 0))            \
	      : v_rows(s, T, c, f, n, 0, 1, X, v_rows(s, T, c, 0, f, 0, 0, X, 0)))
	return s->srv_exact ? V_ROWS(1) : V_ROWS(0);
#undef V_ROWS
}

/* One Gauss-Seidel value-iteration sweep over [0, n) in the given direction.
 * Returns the sup-norm change. With block sums (Loan, mfg_conv.h), a block's server
 * continuations are taken at its start: they read nodes at least D above, which a
 * descending sweep has already updated (blocks of at most D nodes) and an ascending one has
 * not yet reached (blocks of any length), exactly as node by node. */
static double sweep_v(const struct mfg_solver *s, struct mfg_type *T, const struct coef *c,
		      size_t n, int down)
{
	if (c->plain)
		return sweep_v_plain(s, T, c, n, down);
	const struct mfg_econ *E = &s->e;
	double *v = T->v;
	double beta = E->beta, skr = E->s - E->k, cl = E->c_lose;
	double dmax = 0;
	struct mfg_conv *cv = down ? s->conv : s->conv_far;
	int fft = !c->plain && (down ? s->use_fft : s->use_far);
	size_t B = !fft ? n : down ? mfg_conv_block(cv) : mfg_conv_capacity(cv, 0);
	size_t b0 = 0, b1 = 0, f1 = 0;
	for (size_t k = 0; next_block(n, B, down, k, &b0, &b1); k++) {
		f1 = b1 < s->srv_free ? b1 : s->srv_free;
		if (fft && b0 < f1)
			mfg_conv_run(cv, 0, v + b0 + s->D + c->q0, f1 - b0, s->cbuf);
		for (size_t m = 0; m < b1 - b0; m++) {
			size_t i = down ? b1 - 1 - m : b0 + m;
			double sself = 0;
			double soff = fft && i < f1 ? s->cbuf[i - b0] : server_cont(s, c, v, i, &sself);
			double srv = c->Ps * (c->rs + beta * soff);
			double vn = (srv - c->p_c * cl) * s->inv_nb[i];
			if (s->feas[i]) {
				int32_t lo = s->win_lo[i];
				double w = s->win_w[i], wself = s->win_self[i];
				double woff = (1 - w) * v[lo] + w * v[lo + 1] - wself * v[i];
				double vb = (srv + c->pcw * (skr + beta * woff) - c->pcl * cl) *
					    s->inv_bid[i];
				if (vb >= vn)
					vn = vb;
			}
			double d = fabs(vn - v[i]);
			if (d > dmax)
				dmax = d;
			v[i] = vn;
		}
	}
	return dmax;
}

/* Hat-basis share of the bid set on the half cell from node i towards neighbour j. */
static double half_share(double gi, double gj, int jfeas)
{
	if (!jfeas)
		return gi >= 0 ? 0.5 : 0;
	if (gi >= 0 && gj >= 0)
		return 0.5;
	if (gi < 0 && gj < 0)
		return 0;
	double u = gi / (gi - gj);
	return gi >= 0 ? u - 0.5 * u * u : 0.5 * (1 - u) * (1 - u);
}

/* Final policy: g, the pure node policy and the interpolated share theta, on [0, M). */
static void policy(const struct mfg_solver *s, struct mfg_type *T)
{
	const struct mfg_econ *E = &s->e;
	size_t M = s->M, n = s->nsolve;
	double base = E->s - E->k + E->c_lose;
	/* closed: g is constant from n on and theta from n + 1 on (set at creation) */
	size_t ng = s->closed ? n : M, nt = s->closed && n + 1 < M ? n + 1 : M;
	for (size_t i = 0; i < ng; i++) {
		if (!s->feas[i]) {
			T->g[i] = -HUGE_VAL;
			T->bid[i] = 0;
			continue;
		}
		if (i >= n) {
			T->g[i] = base;
		} else {
			int32_t lo = s->win_lo[i];
			double w = s->win_w[i];
			T->g[i] = base + E->beta * ((1 - w) * T->v[lo] + w * T->v[lo + 1] - T->v[i]);
		}
		T->g[i] += TIE; /* ties go to k; v is only known to ~1e-11 */
		T->bid[i] = T->g[i] >= 0;
	}
	for (size_t i = 0; i < nt; i++) {
		if (!s->feas[i]) {
			T->theta[i] = 0;
			continue;
		}
		double sum = 0;
		if (i > 0)
			sum += half_share(T->g[i], T->g[i - 1], s->feas[i - 1]);
		/* the top node's missing right half continues its own decision */
		sum += i + 1 < M ? half_share(T->g[i], T->g[i + 1], s->feas[i + 1])
				 : (T->g[i] >= 0 ? 0.5 : 0);
		/* over the node's halves: 1 (both) or 0.5 (node 0); doubling is exact */
		T->theta[i] = (float)(i > 0 ? sum : 2 * sum);
	}
}

/* Server inflow at node j before the extra: the sources' current masses. */
static inline double server_in(const struct mfg_solver *s, const double *pi, size_t j)
{
	double sin = 0;
	for (int32_t p = s->srv_ptr[j]; p < s->srv_ptr[j + 1]; p++)
		sin += s->srv_wt[p] * pi[s->srv_src[p]];
	return sin;
}

/* Loan, the top node of a clamped grid: every extra that would carry mass past it lands on
 * it, so it gets S[j - m] with the tail weight qtail[m] (the adjoint of the value sweep's
 * clamp; without it mass leaks and the sweeps cycle at the round-off level). */
static double top_inflow(const struct mfg_solver *s, const struct coef *c, size_t j)
{
	size_t smin = (size_t)s->srv_lo[0], lim = j - smin + 1 < c->q1 ? j - smin + 1 : c->q1;
	double acc = 0;
	for (size_t m = 0; j >= smin && m < lim; m++)
		acc += s->qtail[m] * s->S[j - m];
	return acc;
}

/* sweep_pi without an extra (Hard, Bank) on the rows [from, to), continuing the change
 * d1: the same arithmetic with the per-solve products of theta taken once (thw, ell_wth)
 * and, below ell_end, fixed-width rows (no branch per entry). The widths and the direction
 * are constants at each call (pi_rows_ell), so each gets its own straight loop. */
static inline __attribute__((always_inline)) double
pi_rows_k(const struct mfg_solver *s, struct mfg_type *T, const struct coef *c, size_t from,
	  size_t to, int down, int exact, double d1, size_t ks, size_t kw)
{
	const double beta = s->e.beta, Ps = c->Ps, pcw = c->pcw;
	double *restrict pi = T->pi;
	const double *restrict bpsi = s->bpsi, *restrict inv = s->inv_pi;
	const double *restrict sst = s->srv_self, *restrict thw = s->thw;
	const int32_t *restrict ss = s->ell_ssrc, *restrict ws = s->ell_wsrc;
	const double *restrict sw = s->ell_swt, *restrict ww = s->ell_wth;
	const size_t D = s->D;
	for (size_t m = from; m < to; m++) {
		size_t j = down ? to - 1 - (m - from) : m;
		double conv = 0, win = 0, old = pi[j];
		if (exact) { /* one source j - D of weight 1 and no self-loop (pi is never -0) */
			conv = j >= D ? pi[j - D] : 0;
		} else {
			for (size_t k = 0; k < ks; k++)
				conv += sw[j * ks + k] * pi[ss[j * ks + k]];
			conv -= sst[j] * old;
		}
		for (size_t k = 0; k < kw; k++)
			win += ww[j * kw + k] * pi[ws[j * kw + k]];
		double num = bpsi[j] + beta * (Ps * conv + pcw * (win - thw[j] * old));
		double nv = num * inv[j];
		d1 += fabs(nv - old);
		pi[j] = nv;
	}
	return d1;
}

static double pi_rows_ell(const struct mfg_solver *s, struct mfg_type *T, const struct coef *c,
			  size_t from, size_t to, int down, double d1)
{
	size_t ks = s->ell_ks, kw = s->ell_kw;
#define PI_ROWS(KS, KW)                                                                       \
	(down ? pi_rows_k(s, T, c, from, to, 1, 0, d1, KS, KW)                                \
	      : pi_rows_k(s, T, c, from, to, 0, 0, d1, KS, KW))
#define PI_ROWS_EXACT(KW)                                                                     \
	(down ? pi_rows_k(s, T, c, from, to, 1, 1, d1, 1, KW)                                 \
	      : pi_rows_k(s, T, c, from, to, 0, 1, d1, 1, KW))
	if (s->srv_exact && kw == 1)
		return PI_ROWS_EXACT(1);
	if (s->srv_exact && kw == 2)
		return PI_ROWS_EXACT(2);
	if (ks == 1 && kw == 1)
		return PI_ROWS(1, 1);
	if (ks == 2 && kw == 1)
		return PI_ROWS(2, 1);
	if (ks == 1 && kw == 2)
		return PI_ROWS(1, 2);
	if (ks == 2 && kw == 2)
		return PI_ROWS(2, 2);
	return pi_rows_k(s, T, c, from, to, down, 0, d1, ks, kw);
#undef PI_ROWS
#undef PI_ROWS_EXACT
}

static double pi_rows_csr(const struct mfg_solver *s, struct mfg_type *T, const struct coef *c,
			  size_t from, size_t to, int down, double d1)
{
	const double beta = s->e.beta, Ps = c->Ps, pcw = c->pcw;
	double *restrict pi = T->pi;
	const float *restrict th = T->theta;
	const double *restrict bpsi = s->bpsi, *restrict inv = s->inv_pi;
	const double *restrict sst = s->srv_self, *restrict thw = s->thw;
	const double *restrict wwt = s->win_wt;
	const int32_t *restrict wptr = s->win_ptr, *restrict wsrc = s->win_src;
	for (size_t m = from; m < to; m++) {
		size_t j = down ? to - 1 - (m - from) : m;
		double conv = server_in(s, pi, j);
		double win = 0;
		for (int32_t p = wptr[j]; p < wptr[j + 1]; p++) {
			int32_t i = wsrc[p];
			win += wwt[p] * (double)th[i] * pi[i];
		}
		double old = pi[j];
		double num = bpsi[j] +
			     beta * (Ps * (conv - sst[j] * old) + pcw * (win - thw[j] * old));
		double nv = num * inv[j];
		d1 += fabs(nv - old);
		pi[j] = nv;
	}
	return d1;
}

/* sweep_pi without an extra (Hard, Bank): fixed-width rows below ell_end, the CSR from
 * there, in the sweep's order. */
static double sweep_pi_plain(const struct mfg_solver *s, struct mfg_type *T,
			     const struct coef *c, size_t n, int down)
{
	size_t e = s->ell_end < n ? s->ell_end : n;
	if (down)
		return pi_rows_ell(s, T, c, 0, e, 1, pi_rows_csr(s, T, c, e, n, 1, 0));
	return pi_rows_csr(s, T, c, e, n, 0, pi_rows_ell(s, T, c, 0, e, 0, 0));
}

/* One Gauss-Seidel sweep of pi = beta K pi + (1-beta) Psi over [0, n). Returns the L1
 * change. S (the server inflow before the extra) is kept current for the Loan
 * convolution; with block sums (mfg_conv.h) a block's S comes from sources at least D
 * below it and its convolution is taken at the block's start (in order, as node by node). */
static double sweep_pi(const struct mfg_solver *s, struct mfg_type *T, const struct coef *c,
		       size_t n, int down)
{
	if (c->plain)
		return sweep_pi_plain(s, T, c, n, down);
	double beta = s->e.beta;
	double *pi = T->pi, *S = s->S;
	const float *th = T->theta;
	double q0 = c->plain ? 1 : (c->q0 == 0 ? c->q[0] : 0);
	size_t smin = (size_t)s->srv_lo[0]; /* no server move lands below this node */
	size_t top = !s->closed && !c->plain ? s->M - 1 : (size_t)-1;
	/* blocks of at most D nodes both ways. Going down a longer block would keep the order,
	 * but the FFT's round-off scales with the largest S of its window, and where the
	 * window spans the dense part of pi and its thin tails that round-off exceeds the unit
	 * mass's tolerance (2 920 sweeps instead of 3 at h = 0.01, k = 8.5, alpha = 1.1,
	 * beta = 0.98, U[30,35], with blocks of 4 D) */
	struct mfg_conv *cv = s->conv;
	int fft = !c->plain && s->use_fft;
	size_t B = fft ? mfg_conv_block(cv) : n, b0 = 0, b1 = 0, L = c->q1 - c->q0;
	double d1 = 0;
	for (size_t k = 0; next_block(n, B, down, k, &b0, &b1); k++) {
		if (fft) {
			for (size_t j = b0; j < b1; j++)
				S[j] = server_in(s, pi, j);
			mfg_conv_run(cv, 1, S + b0 - c->q0 - (L - 1), b1 - b0, s->cbuf);
		}
		for (size_t m = 0; m < b1 - b0; m++) {
			size_t j = down ? b1 - 1 - m : b0 + m;
			double conv;
			if (c->plain) {
				conv = server_in(s, pi, j);
			} else if (j == top) {
				S[j] = server_in(s, pi, j);
				conv = top_inflow(s, c, j);
			} else if (fft) {
				conv = s->cbuf[j - b0] > 0 ? s->cbuf[j - b0] : 0; /* FFT round-off */
			} else {
				S[j] = server_in(s, pi, j);
				conv = 0;
				if (j >= smin + c->q0) {
					size_t e1 = j - smin + 1 < c->q1 ? j - smin + 1 : c->q1;
					conv = dot_rev(c->q + c->q0, S + j - c->q0, e1 - c->q0);
				}
			}
			double win = 0;
			for (int32_t p = s->win_ptr[j]; p < s->win_ptr[j + 1]; p++) {
				int32_t i = s->win_src[p];
				win += s->win_wt[p] * (double)th[i] * pi[i];
			}
			double tj = th[j];
			double sself = (j == top ? s->qsum : q0) * s->srv_self[j];
			double wself = tj * s->win_self[j];
			double old = pi[j];
			double num = (1 - beta) * s->psi[j] +
				     beta * (c->Ps * (conv - sself * old) + c->pcw * (win - wself * old));
			double nv = num * s->inv_pi[j];
			if (!c->plain)
				S[j] += s->srv_self[j] * (nv - old);
			d1 += fabs(nv - old);
			pi[j] = nv;
		}
	}
	return d1;
}

/* Extrapolation of the slowest mode (vector Aitken). Sweeps alternate directions, so a
 * pair of sweeps is one step of a fixed linear map near convergence; when the contraction
 * of two successive pairs agrees (rho), the error is dominated by one mode and
 * x* ~ x + (x - x_prev) rho / (1 - rho). This matters when nothing pins the solution (k > s:
 * a near-constant error of v decays only like beta per sweep). */
struct accel {
	double *prev;     /* x two sweeps ago */
	double dprev;     /* change of the previous pair */
	double rprev;     /* contraction of the previous pair */
	int cool;         /* pairs to wait after an extrapolation */
	double djump;     /* change of the pair before the last extrapolation (0: judged) */
	int off;          /* an extrapolation made things worse: no more in this solve */
};

static void accel_start(struct accel *a, double *scratch, const double *x, size_t n)
{
	a->prev = scratch;
	memcpy(a->prev, x, n * sizeof *x);
	a->dprev = HUGE_VAL;
	a->rprev = -1;
	a->cool = 1;
	a->djump = 0;
	a->off = 0;
}

/* The pair's change: the sup norm of x - prev (four running maxima: a maximum does not
 * depend on the order) or its L1 norm (in node order, so its bits never depend on the
 * compiler). With `keep`, prev takes x in the same pass. */
static double pair_change(double *restrict prev, const double *restrict x, size_t n, int l1,
			  int keep)
{
	if (l1) {
		double d = 0;
		for (size_t i = 0; i < n; i++) {
			d += fabs(x[i] - prev[i]);
			if (keep)
				prev[i] = x[i];
		}
		return d;
	}
	double m0 = 0, m1 = 0, m2 = 0, m3 = 0;
	size_t i = 0;
	for (; i + 4 <= n; i += 4) {
		double t0 = fabs(x[i] - prev[i]), t1 = fabs(x[i + 1] - prev[i + 1]);
		double t2 = fabs(x[i + 2] - prev[i + 2]), t3 = fabs(x[i + 3] - prev[i + 3]);
		m0 = t0 > m0 ? t0 : m0;
		m1 = t1 > m1 ? t1 : m1;
		m2 = t2 > m2 ? t2 : m2;
		m3 = t3 > m3 ? t3 : m3;
		if (keep)
			memcpy(prev + i, x + i, 4 * sizeof *x);
	}
	for (; i < n; i++) {
		double t = fabs(x[i] - prev[i]);
		m0 = t > m0 ? t : m0;
		if (keep)
			prev[i] = x[i];
	}
	m0 = m1 > m0 ? m1 : m0;
	m2 = m3 > m2 ? m3 : m2;
	return m2 > m0 ? m2 : m0;
}

/* After an even sweep: maybe extrapolate x in place (when `extrapolate`). Returns the
 * change over the pair (sup norm if !l1, else L1), which a contraction makes shrink. */
static double accel_pair(struct accel *a, double *x, size_t n, int l1, int extrapolate)
{
	/* a jump needs the old prev after the change is known; otherwise one pass does all
	 * (right after a jump, djump > 0, cool is still positive) */
	int may_jump = a->cool == 0 && extrapolate && !a->off && a->rprev > 0;
	double d = pair_change(a->prev, x, n, l1, !may_jump);
	double r = a->dprev < HUGE_VAL && a->dprev > 0 ? d / a->dprev : -1;
	int stable = r > 0.3 && r < 0.999 && a->rprev > 0 && fabs(r - a->rprev) < 0.02 * r;
	/* the pair after a jump changes more than the pair before it: the error was not one
	 * mode (e.g. the stationary law at beta near 1, whose sweeps alternate): stop
	 * extrapolating, or the jumps keep the iteration from converging */
	if (a->djump > 0) {
		a->off = d > a->djump;
		a->djump = 0;
	}
	if (a->cool > 0) {
		a->cool--;
	} else if (stable && may_jump) {
		double f = r / (1 - r);
		for (size_t i = 0; i < n; i++) {
			x[i] += f * (x[i] - a->prev[i]);
			a->prev[i] = x[i];
		}
		a->cool = 2;
		a->djump = d;
		r = -1;
	} else if (may_jump) {
		memcpy(a->prev, x, n * sizeof *x);
	}
	a->rprev = r;
	a->dprev = d;
	return d;
}

static void note_unconverged(struct mfg_solver *s, const char *what, int type, double z,
			     long iters, double change, double tol, int stalled)
{
	s->nunconv++;
	s->unconv = (struct mfg_unconverged){
		.what = what, .type = type, .z = z, .iters = iters, .change = change, .tol = tol,
		.stalled = stalled,
	};
}

/* Progress of an iteration: the smallest change so far and when it was reached. */
struct progress {
	double best;
	int at;
};

/* Whether the iteration has gone MFG_STALL sweeps without a new smallest change d (the
 * change over a pair of sweeps, up and down, which a contraction makes shrink). */
static int stalled(struct progress *p, double d, int it)
{
	if (p->at == 0 || d < p->best) {
		p->best = d;
		p->at = it;
	}
	return it - p->at >= MFG_STALL;
}

/* Records a solve that ended without meeting its tolerance: at the cap, or stalled with
 * changes that never fell below the tolerance or the round-off floor. The floor: a sweep
 * computes each entry to about DBL_EPSILON of its size, and the iteration amplifies such
 * errors by up to 1/(1 - beta), so a fixed point is only known to about
 * DBL_EPSILON * scale / (1 - beta) (scale: max |v| in the sup norm of the value function,
 * the number of nodes for the L1 norm of the stationary law). A solve that stalls below
 * that floor has converged as well as doubles allow. */
static void check_end(struct mfg_solver *s, const struct mfg_type *T, const char *what,
		      int it, double d, double tol, double scale, const struct progress *pr,
		      int stall)
{
	double floor = DBL_EPSILON * scale / (1 - s->e.beta);
	if (it > MFG_MAX_SWEEPS || (stall && !(pr->best < fmax(tol, floor))))
		note_unconverged(s, what, (int)(T - s->t), s->zcur,
				 it > MFG_MAX_SWEEPS ? MFG_MAX_SWEEPS : it, d, tol, stall);
}

/* Iterates sweeps (alternating directions) until the estimated remaining error
 * (change r/(1-r), r the observed contraction per sweep) is below the tolerance, at the
 * cap, or once it stalls. `extrapolate`: accelerate with accel_pair. Returns the number of
 * sweeps. */
static int converge_v(struct mfg_solver *s, struct mfg_type *T, const struct coef *c,
		      size_t n, int extrapolate)
{
	double prev = HUGE_VAL, d = 0;
	struct accel acc;
	struct progress pr = {0};
	int it, stall = 0;
	accel_start(&acc, s->scratch, T->v, n);
	for (it = 1; it <= MFG_MAX_SWEEPS && !cancel_requested(); it++) {
		d = sweep_v(s, T, c, n, it & 1);
		double dpair = !(it & 1) ? accel_pair(&acc, T->v, n, 0, extrapolate) : -1;
		if (!s->closed)
			for (size_t j = 0; j < s->pad; j++)
				T->v[s->M + j] = T->v[s->M - 1];
		double r = prev < HUGE_VAL && prev > 0 ? d / prev : 1;
		prev = d;
		double vs = fabs(T->v[0]) + (n ? fabs(T->v[n - 1]) : 0);
		if (d <= FLOOR_V * vs || (r < 1 && d * r / (1 - r) < TOL_V))
			break;
		if (dpair >= 0 && (stall = stalled(&pr, dpair, it)))
			break;
	}
	double vmax = 0;
	for (size_t i = 0; i < n; i++)
		vmax = fmax(vmax, fabs(T->v[i]));
	check_end(s, T, "value function", it, d, TOL_V, vmax, &pr, stall);
	return it > MFG_MAX_SWEEPS ? MFG_MAX_SWEEPS : it;
}

static int converge_pi(struct mfg_solver *s, struct mfg_type *T, const struct coef *c,
		       size_t n, int extrapolate)
{
	double prev = HUGE_VAL, d = 0;
	struct accel acc;
	struct progress pr = {0};
	int it, stall = 0;
	accel_start(&acc, s->scratch, T->pi, n);
	for (it = 1; it <= MFG_MAX_SWEEPS && !cancel_requested(); it++) {
		d = sweep_pi(s, T, c, n, !(it & 1));
		if (!s->closed) { /* the clamped grid keeps all mass: the total is exactly 1 */
			double tot = 0;
			for (size_t j = 0; j < n; j++)
				tot += T->pi[j];
			if (tot > 0)
				for (size_t j = 0; j < n; j++) {
					T->pi[j] /= tot;
					if (!c->plain) /* S is linear in pi */
						s->S[j] /= tot;
				}
		}
		double dpair = -1;
		if (!(it & 1)) {
			dpair = accel_pair(&acc, T->pi, n, 1, extrapolate);
			if (!c->plain && extrapolate) /* S must follow the extrapolated pi */
				for (size_t j = 0; j < n; j++) {
					double sin = 0;
					for (int32_t p = s->srv_ptr[j]; p < s->srv_ptr[j + 1]; p++)
						sin += s->srv_wt[p] * T->pi[s->srv_src[p]];
					s->S[j] = sin;
				}
		}
		double r = prev < HUGE_VAL && prev > 0 ? d / prev : 1;
		prev = d;
		if (d <= FLOOR_PI || (r < 1 && d * r / (1 - r) < TOL_PI))
			break;
		if (dpair >= 0 && (stall = stalled(&pr, dpair, it)))
			break;
	}
	check_end(s, T, "stationary law", it, d, TOL_PI, (double)n, &pr, stall);
	return it > MFG_MAX_SWEEPS ? MFG_MAX_SWEEPS : it;
}

/* Loan, closed region: pi on the nodes [from, to) by one ascending pass (closed nodes only
 * receive from below). Needs S current below `from`. */
static void pi_closed_pass(const struct mfg_solver *s, struct mfg_type *T,
			   const struct coef *c, size_t from, size_t to)
{
	double beta = s->e.beta;
	double *pi = T->pi, *S = s->S;
	const float *th = T->theta;
	double q0 = c->q0 == 0 ? c->q[0] : 0;
	size_t smin = (size_t)s->srv_lo[0];
	for (size_t j = from; j < to; j++) {
		double sin = 0;
		for (int32_t p = s->srv_ptr[j]; p < s->srv_ptr[j + 1]; p++)
			if ((size_t)s->srv_src[p] != j)
				sin += s->srv_wt[p] * pi[s->srv_src[p]];
		S[j] = sin;
		double conv = 0;
		if (j >= smin + c->q0) {
			size_t e1 = j - smin + 1 < c->q1 ? j - smin + 1 : c->q1;
			conv = dot_rev(c->q + c->q0, S + j - c->q0, e1 - c->q0);
		}
		double win = 0;
		for (int32_t p = s->win_ptr[j]; p < s->win_ptr[j + 1]; p++) {
			int32_t i = s->win_src[p];
			if ((size_t)i != j)
				win += s->win_wt[p] * (double)th[i] * pi[i];
		}
		double tj = th[j];
		double sself = q0 * s->srv_self[j], wself = tj * s->win_self[j];
		double num = (1 - beta) * s->psi[j] + beta * (c->Ps * conv + c->pcw * win);
		double den = 1 - beta * (c->stay_s + c->p_c - c->pcw * tj + c->Ps * sself +
					 c->pcw * wself);
		pi[j] = num / den;
		S[j] += s->srv_self[j] * pi[j];
	}
}

/* Warm start along a path of beliefs (the belief iteration, gamma_curve): when this solve
 * moves on from the last two in the same direction and no faster (ratio rho in (0, 1]), start
 * from the secant prediction x + rho (x - x_before) of v and pi instead of the last x. Near
 * an equilibrium the iteration's steps shrink geometrically and the prediction is off by
 * the square of a step, so few sweeps remain. Keeps the last solution as the one before. */
static void continue_path(const struct mfg_solver *s, struct mfg_type *T)
{
	size_t n = s->nsolve;
	double step = T->zlast[1] - T->zlast[0];
	double rho = T->warm >= 2 && step != 0 ? (s->zcur - T->zlast[1]) / step : 0;
	if (!(rho > 0 && rho <= 1)) {
		memcpy(T->vprev, T->v, n * sizeof *T->v);
		memcpy(T->piprev, T->pi, n * sizeof *T->pi);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		double v = T->v[i], p = T->pi[i], pp = p + rho * (p - T->piprev[i]);
		T->v[i] = v + rho * (v - T->vprev[i]);
		T->pi[i] = pp > 0 ? pp : 0;
		T->vprev[i] = v;
		T->piprev[i] = p;
	}
}

static void solve_type(struct mfg_solver *s, struct mfg_type *T, const struct coef *c)
{
	size_t M = s->M, n = s->nsolve;
	T->vinf = s->closed ? c->vinf : NAN;
	if (!T->warm) {
		double cold = s->closed ? c->vinf : 0;
		for (size_t i = 0; i < M + s->pad; i++)
			T->v[i] = cold;
		memset(T->pi, 0, M * sizeof *T->pi);
	} else {
		continue_path(s, T);
	}
	T->warm = T->warm < 2 ? T->warm + 1 : 2;
	T->zlast[0] = T->zlast[1];
	T->zlast[1] = s->zcur;
	if (s->closed)
		for (size_t i = n; i < s->vtop; i++)
			T->v[i] = c->vinf;
	node_factors_v(s, c, n);
	long before = s->nunconv;
	s->sweeps_v += converge_v(s, T, c, n, 1);
	if (s->nunconv > before) {
		/* the extrapolation can lock the iteration into a cycle where a bid decision
		 * flips back and forth: once more, from cold and plain (a contraction, so it
		 * converges unless the cap comes first), before giving up */
		s->nunconv = before;
		for (size_t i = 0; i < M + s->pad; i++)
			T->v[i] = s->closed ? c->vinf : 0;
		s->sweeps_v += converge_v(s, T, c, n, 0);
	}
	policy(s, T);
	node_factors_pi(s, T, c, n);

	if (!c->plain)
		memset(s->S, 0, (M + s->pad) * sizeof *s->S);
	before = s->nunconv;
	s->sweeps_pi += converge_pi(s, T, c, n, 1);
	if (s->nunconv > before) { /* the same for the stationary law, from zero mass */
		s->nunconv = before;
		memset(T->pi, 0, M * sizeof *T->pi);
		if (!c->plain)
			memset(s->S, 0, (M + s->pad) * sizeof *s->S);
		s->sweeps_pi += converge_pi(s, T, c, n, 0);
	}
	double gamma = 0;
	for (size_t j = 0; j < n; j++)
		gamma += T->pi[j] * (1 - (double)T->theta[j]);
	T->gamma = gamma < 0 ? 0 : gamma > 1 ? 1 : gamma; /* a share: round-off stays inside */
	double val = 0; /* n = M when the grid is open */
	for (size_t j = 0; j < n; j++)
		val += s->psi[j] * T->v[j];
	T->value = val + s->psi_closed * (s->closed ? c->vinf : 0);
}

/* Loan: adds the extras paid by type T's bidders (weight wt) into qacc. */
static void accumulate_q(struct mfg_solver *s, struct mfg_type *T, const struct coef *c,
			 double wt, double *qacc)
{
	size_t n = s->nsolve, top = n;
	if (s->closed) {
		size_t to = (size_t)ceil(s->e.k / s->e.h + SNAP) + 1;
		if (to > s->M)
			to = s->M;
		if (to > n) {
			pi_closed_pass(s, T, c, n, to);
			top = to;
		}
	}
	for (size_t i = 0; i < top; i++) {
		double m = T->pi[i] * (double)T->theta[i];
		if (m == 0 || s->e.k - (double)i * s->e.h <= 0)
			continue;
		int32_t lo = s->ext_lo[i];
		double w = s->ext_w[i];
		qacc[lo] += wt * m * (1 - w);
		if (w > 0)
			qacc[lo + 1] += wt * m * w;
	}
}

double mfg_solver_solve(struct mfg_solver *s, double z, const double *q, double *q_out)
{
	s->sweeps_v = s->sweeps_pi = 0;
	int loan = s->e.variant == MFG_LOAN;
	size_t q0 = 0, q1 = 1;
	double qmean = 0;
	if (loan) {
		if (q) {
			prepare_q(s, q, &q0, &q1, &qmean);
			if (q1 == q0) /* an all-zero law: treat as an atom at 0 */
				q = NULL;
		}
		if (q)
			memcpy(s->qcur, q, s->nq * sizeof *q);
		else {
			memset(s->qcur, 0, s->nq * sizeof *s->qcur);
			s->qcur[0] = 1;
			prepare_q(s, s->qcur, &q0, &q1, &qmean);
		}
		/* keep the general (convolution) path for Loan even with an atom, so the
		 * extended pass and q accumulation see one code path */
		q = s->qcur;
	}
	s->zcur = z;
	if (q_out)
		memset(q_out, 0, s->nq * sizeof *q_out);
	double gpool = 0;
	for (int t = 0; t < s->e.ntypes; t++) {
		struct mfg_type *T = &s->t[t];
		struct coef c;
		make_coef(s, T, z, loan ? q : NULL, q0, q1, qmean, &c);
		solve_type(s, T, &c);
		gpool += T->client_mass * T->gamma;
		if (loan && q_out)
			accumulate_q(s, T, &c, T->client_mass, q_out);
	}
	if (loan && q_out) {
		/* condition on bidding: bidders below k pay an extra, the rest are an atom at 0 */
		double btot = 1 - gpool, below = 0;
		for (size_t j = 0; j < s->nq; j++)
			below += q_out[j];
		if (btot <= 1e-300 || below <= 0) {
			memset(q_out, 0, s->nq * sizeof *q_out);
			q_out[0] = 1;
		} else {
			q_out[0] += btot > below ? btot - below : 0;
			double tot = 0;
			for (size_t j = 0; j < s->nq; j++)
				tot += q_out[j];
			for (size_t j = 0; j < s->nq; j++)
				q_out[j] /= tot;
		}
	}
	s->total_sweeps += s->sweeps_v + s->sweeps_pi;
	return gpool;
}

double mfg_solver_value(const struct mfg_solver *s)
{
	double v = 0;
	for (int t = 0; t < s->e.ntypes; t++)
		v += s->t[t].share * s->t[t].value;
	return v;
}

int mfg_solver_bid_intervals(const struct mfg_solver *s, int t, double *lo, double *hi,
			     int max)
{
	const struct mfg_type *T = &s->t[t];
	double h = s->e.h;
	/* closed: the node at nsolve and everything above bid; scan up to it */
	size_t last = s->closed ? s->nsolve + 1 : s->M;
	if (last > s->M)
		last = s->M;
	double lim = s->e.variant == MFG_HARD ? s->e.k : s->L;
	int n = 0, open = 0;
	double start = 0;
	for (size_t i = 0; i + 1 < last; i++) {
		double a = (double)i * h, b = a + h;
		double ga = T->g[i], gb = T->g[i + 1];
		double x0, x1; /* the bid part of [a, b) is [x0, x1) */
		if (ga == -HUGE_VAL && gb == -HUGE_VAL) {
			x0 = x1 = a;
		} else if (ga == -HUGE_VAL) { /* one end not allowed: the other end decides */
			x0 = lim > a ? lim : a;
			x1 = gb >= 0 ? b : x0;
		} else if (gb == -HUGE_VAL) {
			x0 = a;
			x1 = ga >= 0 ? b : a;
		} else if (ga >= 0 && gb >= 0) {
			x0 = a;
			x1 = b;
		} else if (ga < 0 && gb < 0) {
			x0 = x1 = a;
		} else {
			double x = a + ga / (ga - gb) * h;
			x0 = ga >= 0 ? a : x;
			x1 = ga >= 0 ? x : b;
		}
		int has = x1 > x0;
		if (open && (!has || x0 > a)) {
			if (n < max) {
				lo[n] = start;
				hi[n] = a;
			}
			n++;
			open = 0;
		}
		if (has && !open) {
			start = x0;
			open = 1;
		}
		if (open && x1 < b) {
			if (n < max) {
				lo[n] = start;
				hi[n] = x1;
			}
			n++;
			open = 0;
		}
	}
	if (T->g[last - 1] >= 0) { /* the top bids: the set runs to infinity */
		if (!open)
			start = (double)(last - 1) * h;
		if (n < max) {
			lo[n] = start;
			hi[n] = HUGE_VAL;
		}
		n++;
	} else if (open) {
		if (n < max) {
			lo[n] = start;
			hi[n] = (double)(last - 1) * h;
		}
		n++;
	}
	return n < max ? n : max;
}

double mfg_solver_threshold(const struct mfg_solver *s, int t)
{
	double lo[64], hi[64];
	int n = mfg_solver_bid_intervals(s, t, lo, hi, 64);
	if (n == 0 || hi[n - 1] != HUGE_VAL)
		return NAN;
	return lo[n - 1];
}

/* Growable accumulator for the extended pass. */
struct ext {
	double *pi, *acc;
	size_t cap;
};

static void ext_reserve(struct ext *x, size_t need)
{
	if (need <= x->cap)
		return;
	size_t cap = x->cap ? x->cap : 4096;
	while (cap < need)
		cap *= 2;
	x->pi = xreallocarray(x->pi, cap, sizeof *x->pi);
	x->acc = xreallocarray(x->acc, cap, sizeof *x->acc);
	memset(x->pi + x->cap, 0, (cap - x->cap) * sizeof *x->pi);
	memset(x->acc + x->cap, 0, (cap - x->cap) * sizeof *x->acc);
	x->cap = cap;
}

/* Adds mass m moving to budget y (split on the grid) into acc, skipping node `self`;
 * returns the share that lands on `self`. */
static double ext_push(struct ext *x, double h, size_t self, double y, double m)
{
	int64_t lo;
	double w, sh = 0;
	locate_free(y < 0 ? 0 : y, h, &lo, &w);
	ext_reserve(x, (size_t)lo + 2);
	if ((size_t)lo != self)
		x->acc[lo] += m * (1 - w);
	else
		sh += 1 - w;
	if (w > 0) {
		if ((size_t)lo + 1 != self)
			x->acc[lo + 1] += m * w;
		else
			sh += w;
	}
	return sh;
}

size_t mfg_solver_stationary_ext(const struct mfg_solver *s, int t, double tail, double **out)
{
	const struct mfg_type *T = &s->t[t];
	const struct mfg_econ *E = &s->e;
	if (!s->closed) {
		double *p = xmallocarray(s->M, sizeof *p);
		memcpy(p, T->pi, s->M * sizeof *p);
		*out = p;
		return s->M;
	}
	/* Closed region: every move from a node at or above nsolve goes up or stays, so one
	 * ascending pass that pushes each node's final mass forward is exact. Nodes below
	 * nsolve hold the sweeps' result; only their moves into the closed region count.
	 * Above nsolve the server's move is a constant shift D cells with weight w (folded
	 * with the extra law into r), and from k on so is the client's win (s - k). */
	double h = E->h, beta = E->beta, ds = E->k - E->c_serve;
	double Ps = T->p_s * s->m_s * (1 - s->zcur);
	double pcw = T->p_c * s->m_c;
	int loan = E->variant == MFG_LOAN;
	size_t nq = loan ? s->nq : 1;
	const double *q = s->qcur;
	static const double one = 1;
	if (!loan)
		q = &one;
	size_t D = (size_t)floor(ds / h + SNAP);
	double w = s->srv_wc;
	double *r = xcalloc(nq + 2, sizeof *r);
	size_t r0 = nq, r1 = 0; /* support of r */
	for (size_t e = 0; e < nq; e++) {
		if (q[e] == 0)
			continue;
		r[e] += (1 - w) * q[e];
		r[e + 1] += w * q[e];
		if (e < r0)
			r0 = e;
		r1 = e + 2;
	}
	int64_t wl;
	double ww;
	locate_free(E->s - E->k, h, &wl, &ww); /* win shift from k on (k <= s: up) */
	size_t kk = (size_t)ceil(E->k / h - SNAP);  /* first node with b >= k */

	size_t n = s->nsolve;
	if (tail < EXT_TAIL)
		tail = EXT_TAIL;
	struct ext x = { 0 };
	ext_reserve(&x, s->M + s->pad);
	memcpy(x.pi, T->pi, n * sizeof *x.pi);
	double mass = 0;
	for (size_t i = 0; i < n; i++) {
		double b = (double)i * h, m = beta * x.pi[i];
		mass += x.pi[i];
		for (size_t e = r0; e < r1; e++)
			if (r[e] > 0 && i + D + e >= n)
				x.acc[i + D + e] += Ps * r[e] * m;
		if (s->feas[i] && T->theta[i] > 0)
			ext_push(&x, h, i, win_target(E, b), pcw * (double)T->theta[i] * m);
	}
	/* pushes from below nsolve that landed below it were already in the sweeps */
	size_t npsi = (size_t)ceil(E->b0_max / h) + 2, j;
	double sself = D == 0 ? r[0] : 0;
	for (j = n;; j++) {
		ext_reserve(&x, j + D + r1 + (size_t)wl + 4);
		double b = (double)j * h, p;
		double self = T->p_s - Ps + T->p_c - pcw + Ps * sself;
		double psi = j < s->M ? s->psi[j] : 0;
		if (j >= kk) { /* the win is the constant shift (wl, ww) */
			double wself = (wl == 0 ? 1 - ww : 0);
			p = ((1 - beta) * psi + x.acc[j]) / (1 - beta * (self + pcw * wself));
			double m = beta * pcw * p;
			if (wl != 0)
				x.acc[j + (size_t)wl] += m * (1 - ww);
			if (ww > 0)
				x.acc[j + (size_t)wl + 1] += m * ww;
		} else { /* [U, k): h(b) varies; locate it */
			int64_t lo;
			double lw;
			double y = win_target(E, b);
			locate_free(y, h, &lo, &lw);
			double wself = ((size_t)lo == j ? 1 - lw : 0) +
				       (lw > 0 && (size_t)lo + 1 == j ? lw : 0);
			p = ((1 - beta) * psi + x.acc[j]) / (1 - beta * (self + pcw * wself));
			ext_push(&x, h, j, y, beta * pcw * p);
		}
		x.pi[j] = p;
		mass += p;
		double m = beta * Ps * p;
		for (size_t e = r0; e < r1; e++)
			if (D + e > 0)
				x.acc[j + D + e] += m * r[e];
		if ((j >= npsi && 1 - mass < tail) || j + 1 >= EXT_MAX_NODES)
			break;
	}
	free(r);
	size_t N = j + 1;
	if (tail <= EXT_TAIL && 1 - mass > 0) /* the last 1e-12 (or past the cap) on the top */
		x.pi[j] += 1 - mass;
	free(x.acc);
	*out = xreallocarray(x.pi, N, sizeof *x.pi);
	return N;
}

double mfg_solver_solve_selfq(struct mfg_solver *s, double z, double *q, double tol, int maxit)
{
	if (s->e.variant != MFG_LOAN)
		return mfg_solver_solve(s, z, NULL, NULL);
	double *qn = xmallocarray(s->nq, sizeof *qn);
	double g = 0, d = 0;
	int it;
	for (it = 0; it < maxit && !cancel_requested(); it++) {
		g = mfg_solver_solve(s, z, q, qn);
		d = 0;
		for (size_t j = 0; j < s->nq; j++) {
			d += fabs(qn[j] - q[j]);
			q[j] = qn[j];
		}
		if (d < tol)
			break;
	}
	if (it == maxit)
		note_unconverged(s, "extra law q", -1, z, maxit, d, tol, 0);
	free(qn);
	return g;
}

double mfg_solver_equilibrium(struct mfg_solver *s, double z0, double tol, int maxit,
			      int *iters)
{
	int loan = s->e.variant == MFG_LOAN;
	double *q = NULL, *qn = NULL;
	if (loan) {
		q = xcalloc(s->nq, sizeof *q);
		qn = xcalloc(s->nq, sizeof *qn);
		q[0] = 1;
	}
	double z = z0, d = 0;
	int it;
	for (it = 1; it <= maxit && !cancel_requested(); it++) {
		double zn = mfg_solver_solve(s, z, q, qn);
		if (loan)
			memcpy(q, qn, s->nq * sizeof *q);
		d = fabs(zn - z);
		z = zn;
		if (d < tol)
			break;
	}
	if (it > maxit) {
		it = maxit;
		note_unconverged(s, "belief", -1, NAN, maxit, d, tol, 0);
	}
	/* leave the solver holding the solve at the returned z */
	mfg_solver_solve(s, z, q, qn);
	free(q);
	free(qn);
	if (iters)
		*iters = it;
	return z;
}
