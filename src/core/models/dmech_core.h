/* dmech_core: the mathematics of the distributed mechanisms of thesis chapter 4, free of the
 * model interface: message layout, closed-form best responses (one round O(N^2), no
 * allocation), allocation / price / tax of a message, the efficient allocation and the Nash
 * equilibrium in closed form, the choice of (xi, delta) (spec §6) and the certified row-sum
 * norm and spectral radius of the best response's Jacobian.
 *
 * Mechanisms (quadratic utilities v_i(x) = theta_i x^2 + sigma_i x, theta_i < 0):
 *   private  eqs. 4.15-4.16, message block i = (y_i, q_i^0 .. q_i^{N-1})      (N+1 doubles)
 *   public   eqs. 4.25-4.26, same layout
 *   summary  eq. 4.14 (no learning guarantee), on a spanning tree T of the graph; block
 *            i = (y_i, n_i^j for tree neighbours j ascending, q_i^j for j in I_i ascending)
 * Limits: undirected connected graphs; N <= DMECH_MAX_N (the N x N gather table packs a
 * 16-bit hop and a 16-bit exponent: 4 N^2 bytes). Quadratic utilities only.
 * Neighbours: graph (d(i,r), n(i,r)), dmech (the model), eig (spectral radius), belief (the
 * forms of a belief the look-ahead gathers). */
#ifndef TATON_DMECH_CORE_H
#define TATON_DMECH_CORE_H

#include <stddef.h>
#include <stdint.h>
#include "core/belief.h"
#include "core/err.h"
#include "core/graph.h"

#define DMECH_MAX_N 4096

enum dmech_mech { DMECH_PRIVATE, DMECH_PUBLIC, DMECH_SUMMARY };

/* How xi is chosen when not given (spec §6.3). */
enum dmech_xi_rule {
	DMECH_XI_DYADIC, /* first k = 0, 1, ... with xi = 1 - 0.75 * 2^-k feasible */
	DMECH_XI_TABLE1, /* the thesis's Table 1 (binary tree or Erdos-Renyi row) */
};

enum dmech_table1_row { DMECH_T1_NONE = -1, DMECH_T1_TREE = 0, DMECH_T1_ER = 1 };

struct dmech_setup {
	enum dmech_mech mech;
	int n;                  /* N >= 2 */
	double eta;             /* the commonly known curvature bound, > 1 */
	double c1;              /* private goods supply (ignored by the public mechanism) */
	const double *theta;    /* n values < 0 with 2|theta_i| in (1/eta, eta) (borrowed) */
	const double *sigma;    /* n values (borrowed) */
	double xi;              /* in (0,1), or 0 = by the rule */
	double delta;           /* > 0, or 0 = from xi by (4.69) / (4.82), or Table 1 */
	enum dmech_xi_rule rule;
	enum dmech_table1_row t1row; /* which Table 1 row for DMECH_XI_TABLE1 */
};

struct dmech_core {
	enum dmech_mech mech;
	int n;
	double eta, c1;
	double xi, delta;       /* private/public; 0 for summary */
	int xi_k;               /* dyadic k when the rule chose xi, else -1 */
	double margin;          /* M(xi) of (4.69)/(4.82): certified when eta^2 < margin */
	double *theta, *sigma;  /* n, owned copies */
	struct graph g;         /* communication graph with paths (owned) */
	struct graph t;         /* summary: spanning tree with paths (owned; empty otherwise) */
	size_t dim;
	size_t *off;            /* n + 1 block offsets (owned) */

	/* equilibrium and efficient allocation */
	double lambda_star;     /* private and summary */
	double x_public;        /* public: x* */
	double *xstar;          /* n: x_i* (public: all x*) */
	double *pstar;          /* n: lambda* (private, summary) or mu_i* (public) */
	double *eq;             /* dim: the Nash equilibrium message m~ */
	double eq_l1, eq_l2, eq_max; /* its norms */

	/* private/public round: y~_i = k0_i + kp_i P_i + ks_i S_i */
	double *k0, *kp, *ks;   /* n */
	uint32_t *gx;           /* n*n: the hop h = n(i,r) in the low 16 bits (G[i][r] =
				 * q_h^r is m[h (n+1) + 1 + r]; r = i: q_{n(i,i)}^i) and
				 * d(i,r), 0 on the diagonal, in the high 16 */
	double *wpow;           /* wpow[d] = xi^-e(d), e(d) = max(1, d-1); wpow[0] = 0 */
	double *xpow;           /* xpow[d] = xi^d: the equilibrium's proxies xi^d(i,r) y_r */
	double *ystar;          /* n: the y_r of the equilibrium (its blocks' first doubles) */
	int maxd;
	uint32_t *nb_y;         /* CSR over i of neighbours r: index of y_r (for q_i^r <- xi y_r) */
	int *nb_r, *nb_start;   /* neighbour r and CSR starts (n+1) */

	/* summary round */
	int *phi;               /* n: phi(i) = smallest tree neighbour */
	size_t *q_phi;          /* n: index of q_{phi(i)}^i in block phi(i) */
	size_t *n_rev;          /* per directed tree edge (i, k-th neighbour j): index of n_j^i */
	int *t_start;           /* n+1: CSR starts into the tree adjacency */
	double *nsum;           /* n scratch: sum_k n_j^k */
	double *bel;            /* dim scratch: a belief given as a form, written out */

	/* scratch of eval / rounds (n each) */
	double *S, *P, *x, *p, *tax;
};

/* Builds the mechanism. Takes ownership of *g (paths need not be computed; it is left
 * empty on return either way). Chooses xi and delta per setup. Returns 0, or -1 with e
 * (graph not connected, theta outside the eta bounds, no feasible xi, bad Table 1 row). */
int dmech_core_init(struct dmech_core *c, const struct dmech_setup *s, struct graph *g,
		    struct err *e);
void dmech_core_fini(struct dmech_core *c);

/* M(xi) of (4.69) (private) or (4.82) (public) on c's graph; -1 if xi is not admissible
 * (public: xi <= sqrt((N-1)/N)). */
double dmech_core_margin(const struct dmech_core *c, double xi);
/* delta as a function of xi: (N-1) sqrt(M) (private), sqrt(M)/N (public). */
double dmech_core_delta_of(const struct dmech_core *c, double xi);
/* The thesis's Table 1 (xi, delta) for a mechanism and row; 0 or -1. */
int dmech_core_table1(enum dmech_mech mech, enum dmech_table1_row row, double *xi,
		      double *delta);

/* 1 when (xi, delta) satisfy the thesis's sufficient condition for a contraction for every
 * utility profile with curvature bound eta: (4.68) eta < delta/(N-1) and
 * eta delta < (N-1) M(xi) (private); (4.78)-(4.81) xi^2 > (N-1)/N, eta < N delta and
 * eta N delta < M(xi) (public). 0 otherwise (always 0 for the summary mechanism). */
int dmech_core_certified(const struct dmech_core *c);

/* One best-response round: player < 0 writes all of out (dim doubles), player >= 0 only its
 * block. `in` and `out` must not overlap. No allocation. */
void dmech_core_br(struct dmech_core *c, const double *in, int player, double *out);
/* The linear part J of the affine best response: out = J v (all blocks). */
void dmech_core_jv(struct dmech_core *c, const double *v, double *out);

/* Block i of the Nash equilibrium c->eq into out (the same bits): private/public compute it
 * from the gather table's row i and the y_r (no pass over c->eq); summary copies it. */
void dmech_core_eq_block(const struct dmech_core *c, int i, double *out);

/* Allocation, price and tax of every agent for message m into c->x, c->p, c->tax (borrowed
 * until the next call). O(N^2) (summary O(N)), no allocation. */
void dmech_core_eval(struct dmech_core *c, const double *m);

/* dmech_core_eval of m and, in the same pass (one gather index reads m and the belief), the
 * best response to belief bel of play m into out (as dmech_core_br over the belief's
 * components, the same bits): an array (which may be m itself) or a form of a statistic
 * (core/belief.h), evaluated where the gather reads m (the summary mechanism writes it out
 * first). done(ctx, i) is called for i = 0 .. n-1 in order once block i of out is final.
 * out must not overlap m or bel->v. */
void dmech_core_eval_br(struct dmech_core *c, const double *m, const struct belief *bel,
			double *out, void (*done)(void *ctx, int i), void *ctx);

/* Certified row-sum (infinity-induced) norm of J. */
double dmech_core_rowsum(const struct dmech_core *c);
/* Spectral radius of J (Arnoldi with restarts from a fixed start vector; deterministic).
 * Returns the estimate and, in *resid if non-NULL, the last change of the estimate.
 * Allocates O(m * dim) temporarily. */
double dmech_core_spectral_radius(struct dmech_core *c, double *resid);

#endif
