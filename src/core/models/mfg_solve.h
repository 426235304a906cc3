/* mfg_solve: the mean-field equilibrium numerics of the bilateral trading market (paper 000,
 * Xia, Shakkottai, Subramanian): for a belief z (the share of clients bidding 0; Loan also q,
 * the law of the server's extra), the agent's value function v*_z on a budget grid, the
 * client's bid set, the stationary budget distribution pi_z and gamma(z) = pi_z(B0), for one
 * or several agent types (own p_s, common pooled belief).
 *
 * Discretisation (spec section 10): nodes b_i = i h, i < M = bmax/h + 1; off-grid budgets are
 * handled by linear interpolation of v and by the adjoint linear splitting of mass; Psi is
 * projected exactly onto the hat basis. When k <= s the region b >= U (Bank/Loan) or b >= k
 * (Hard) is closed and always bids, so v = V_inf there and mass never returns below it: only
 * the nodes below that "top" are iterated (exact for the discrete problem). When k > s the
 * whole grid is iterated and moves past bmax are clamped to the top node.
 * The value function is solved by Gauss-Seidel value iteration with the self-loops of each
 * node eliminated, alternating sweep directions, warm-started from the previous solve; the
 * stationary distribution by Gauss-Seidel on pi = beta K pi + (1-beta) Psi with inverse
 * (pull) maps. Each stops when its estimated error is below its tolerance, at
 * MFG_MAX_SWEEPS, or after MFG_STALL sweeps without a new smallest change (the iteration
 * has reached its round-off floor, or cycles). Stalled above the round-off floor (see
 * check_end), a solve is retried once from cold without the extrapolation; a solve that
 * still ends at the cap or stalled is recorded (nunconv, unconv) so the model can say that
 * it did not converge. The bid decision at a node is g(b_i) >= 0 (ties bid k); the kernel of pi
 * uses the hat-basis share of the interpolated bid set, so gamma is continuous in z (a pure
 * node policy makes gamma jump by a node's mass and the belief iteration may then cycle).
 *
 * Cancellation (core/cancel): every sweep loop and the outer belief and Loan loops stop
 * early when the computing thread's flag is set; the solver's state is then meaningless
 * until the next complete solve.
 * Limits: at most MFG_MAX_TYPES types; all work arrays are allocated once per parameter set
 * (mfg_solver_new), none per solve. Neighbours: mfg.c (the model), mfg_agents.c (the Monte
 * Carlo population, which reads the bid set and the grid policy). */
#ifndef TATON_MFG_SOLVE_H
#define TATON_MFG_SOLVE_H

#include <stddef.h>
#include <stdint.h>
#include "core/err.h"

#define MFG_MAX_TYPES 8

enum mfg_variant { MFG_HARD, MFG_BANK, MFG_LOAN };

/* Loan: what the server receives on top of k (spec section 6, A5). */
enum mfg_extra {
	MFG_EXTRA_BUDGET,   /* alpha (k - b_c)^+ added to the server's budget only (default) */
	MFG_EXTRA_REWARD,   /* the same, also counted in the server's stage reward */
	MFG_EXTRA_INTEREST, /* only the interest (alpha - 1)(k - b_c)^+, budget only */
};

struct mfg_econ {
	enum mfg_variant variant;
	enum mfg_extra extra;
	double k, s, c_serve, c_lose, alpha, beta;
	double b0_min, b0_max; /* Psi = U[b0_min, b0_max] (an atom when equal) */
	double h, bmax;
	int ntypes;
	double p_s[MFG_MAX_TYPES];   /* server probability of each type */
	double share[MFG_MAX_TYPES]; /* population share of each type (normalised inside) */
};

/* Per-type state of the last solve. Arrays have solver->M entries (v has padding after). */
struct mfg_type {
	double p_s, p_c, share;
	double *v;          /* v*(b_i); when closed, only below nsolve (above it v* = vinf) */
	double *pi;         /* stationary mass at node i (meaningful for i < nsolve) */
	double *g;          /* advantage of bidding k, g(b_i) + 1e-9 (ties bid; -HUGE_VAL where
	                     * not allowed) */
	unsigned char *bid; /* pure node policy: feasible && g >= 0 */
	float *theta;       /* hat-basis share of the bid set at node i, in [0, 1] */
	double gamma;       /* pi(B0) */
	double value;       /* E_Psi[v*] */
	double vinf;        /* value on the closed always-bid region (k <= s) */
	double client_mass; /* w_t p_c,t, normalised over types */
	int warm;           /* v holds a previous solution (2: and vprev, piprev the one before) */
	double *vprev, *piprev; /* the solution before the last (continuation) */
	double zlast[2];    /* the beliefs of the last two solves (before last, last) */
};

/* An iteration that stopped without meeting its tolerance: at its cap, or early because
 * its change stopped falling (a round-off floor, or a cycle). */
struct mfg_unconverged {
	const char *what;   /* "value function", "stationary law", "extra law q", "belief" */
	int type;           /* agent type (0-based), -1 for the pooled iterations */
	double z;           /* the pooled belief it was solved at (NaN: not one belief) */
	long iters;         /* sweeps or iterations done */
	double change, tol; /* its last change and the tolerance that change had to meet */
	int stalled;        /* 1: stopped early, no new smallest change in MFG_STALL sweeps */
};

#define MFG_MAX_SWEEPS 100000 /* cap of one value or stationary-law solve */
#define MFG_STALL 2000        /* sweeps without a new smallest change: no progress */
struct mfg_conv;

struct mfg_solver {
	struct mfg_econ e;
	size_t M;        /* grid nodes */
	size_t pad;      /* extra entries after v[M-1] (server targets + extras past the top) */
	size_t nsolve;   /* nodes iterated: those below the closed region, or M */
	size_t vtop;     /* closed: v is V_inf on [nsolve, vtop), all a solve reads past nsolve */
	int closed;      /* k <= s: region above nsolve is closed (v = V_inf, no return) */
	double L, U;     /* lowest budget allowed to bid k; bottom of the closed region */
	double btop;     /* U (Bank/Loan) or k (Hard) when closed, else bmax */
	double m_c, m_s; /* match probabilities of a client and a server (1 when p_c = p_s) */
	double pc_pool, ps_pool;

	/* grid maps (length M) */
	int32_t *srv_lo; double *srv_w;   /* server after a trade: b + k - c_serve */
	int32_t *win_lo; double *win_w;   /* winning client: h(b) */
	double *srv_w1, *win_w1;          /* 1 - srv_w, 1 - win_w (on [0, nsolve)) */
	unsigned char *feas;              /* allowed to bid k */
	size_t feas0;                     /* the first node allowed (feasible is b >= a bound) */
	double *srv_self, *win_self;      /* weight of a move that lands on its own node */
	double *psi;                      /* Psi projected on the hat basis */
	double psi_closed;                /* its mass on the closed region (0 when open) */
	/* inverse maps (CSR over targets < nsolve): sources and weights */
	int32_t *srv_ptr, *srv_src; double *srv_wt;
	int32_t *win_ptr, *win_src; double *win_wt;
	/* the same on the rows [0, ell_end) as rows of widths ell_ks, ell_kw (padded with
	 * zero weights), for the plain mass sweeps; ell_wth: win weights times the source's
	 * theta (per solve) */
	size_t ell_end, ell_ks, ell_kw;
	int32_t *ell_ssrc, *ell_wsrc; double *ell_swt, *ell_wwt, *ell_wth;
	double *bpsi;                     /* (1 - beta) psi (on [0, nsolve)) */
	double *thw;                      /* per solve: theta times win_self (same) */
	/* Loan: extra paid by a bidding client at node i, in grid cells (lo, w) */
	int32_t *ext_lo; double *ext_w;
	size_t nq;          /* q has nq cells (extra e = j h) */
	double *scratch;    /* extrapolation scratch (M + pad) */
	double *S;          /* Loan scratch: server inflow before the extra (length M + pad,
			     * after nq + 2 zeros: S[-nq-2 .. -1] = 0) */
	double *r, *rtail;  /* Loan: extra law folded with the server interpolation; tails */
	double *qcur;       /* the extra law of the last solve (nq), for the extended pi */
	double zcur;        /* the pooled belief of the last solve */
	size_t srv_free;    /* nodes below this have the unclamped server shift */
	double srv_wc;      /* its interpolation weight */
	size_t D;           /* the shift in whole cells: node i < srv_free moves to i + D */
	int srv_exact;      /* every iterated node moves to exactly i + D (weight 1, no self) */
	/* Loan: the extra's sums by FFT (mfg_conv.h) in blocks, when the shift is long enough
	 * and the operation count says this solve's extra law is wide enough; else direct
	 * sums. `conv` takes blocks of at most D nodes (mass sweeps, descending value sweeps);
	 * `conv_far` longer ones for the ascending value sweeps, which read only nodes not yet
	 * visited. Slot 0: r reversed (value sweeps), slot 1: q (mass sweeps). */
	struct mfg_conv *conv, *conv_far;
	int use_fft, use_far; /* this solve's law makes each plan cheaper than direct sums */
	double *cbuf;       /* one block's sums (the larger plan's size) */
	double *qtail;      /* nq + 1: qtail[m] = sum_{e >= m} q[e] (the clamped top node) */
	double qsum;        /* sum of q */
	/* per solve and type: 1 / (1 - beta * stay) of each node, the weight of staying put
	 * (the eliminated self-loops) in the value sweeps (no bid, bid) and the mass sweeps */
	double *inv_nb, *inv_bid, *inv_pi;

	struct mfg_type t[MFG_MAX_TYPES];

	/* statistics of the last solve */
	int sweeps_v, sweeps_pi;
	long total_sweeps;
	/* Iterations that stopped without meeting their tolerance, counted since
	 * mfg_solver_new; `unconv` describes the latest. The model reports them. */
	long nunconv;
	struct mfg_unconverged unconv;
};

/* Validates the economics (cross constraints: k >= c_serve, b0_min <= b0_max < bmax, h
 * small enough, grid not too large) and builds the grid maps. NULL with e set on error.
 * The solver owns all its arrays; free with mfg_solver_free. */
/* The paper's Section V economy (beta 0.98, p_s = p_c = 0.5, alpha 1.1, s 8, c_serve 6,
 * c_lose 0.5, bmax 40, one type, loan extra to the budget) with the given variant, price k,
 * newcomer law U[b0_min, b0_max] and grid step h. Tests and benches start from it. */
struct mfg_econ mfg_econ_section5(enum mfg_variant v, double k, double b0_min, double b0_max,
				  double h);
struct mfg_solver *mfg_solver_new(const struct mfg_econ *econ, struct err *e);
void mfg_solver_free(struct mfg_solver *s);

/* Pooled client belief of per-type beliefs z[0..ntypes): sum w p_c z / sum w p_c. */
double mfg_pool_z(const struct mfg_solver *s, const double *z);

/* Solves every type at the pooled belief z (and, for Loan, the extra law q[0..nq), which may
 * be NULL = no extra). Fills s->t[*] (v, g, bid, theta, pi, gamma, value). When q_out is not
 * NULL (Loan) writes the new law of the extra there (nq values summing to 1; an atom at 0
 * when nobody bids). Returns the pooled gamma. Warm-starts from the previous solve. */
double mfg_solver_solve(struct mfg_solver *s, double z, const double *q, double *q_out);

/* Pooled value sum_t share_t E_Psi[v_t] of the last solve. */
double mfg_solver_value(const struct mfg_solver *s);

/* Bid threshold of type t: the lowest budget from which the interpolated bid set is an
 * interval up to infinity (the MFE's b_th); NaN if nothing bids. */
double mfg_solver_threshold(const struct mfg_solver *s, int t);

/* Intervals [lo, hi) of budgets where type t bids k under the interpolated policy
 * (hi = HUGE_VAL for the last one when it runs to the top). Returns the number written
 * (at most max). */
int mfg_solver_bid_intervals(const struct mfg_solver *s, int t, double *lo, double *hi,
			     int max);

/* Stationary distribution of type t of the last solve on an extended grid past bmax
 * (exact when the region above btop is closed; otherwise the solver grid with its clamped
 * top). The grid stops once less than `tail` mass lies beyond (tail <= 1e-12: the whole
 * law, the remainder lumped on the last node). Returns the number of nodes n and sets *out
 * to a new array of n masses at b_i = i h (caller frees). */
size_t mfg_solver_stationary_ext(const struct mfg_solver *s, int t, double tail,
				 double **out);

/* Runs the belief iteration z <- gamma(z) (undamped, Loan also q) from z0 until
 * |dz| < tol or maxit iterations (then recorded as unconverged). Returns the last z (the equilibrium when converged);
 * *iters gets the number of iterations (may be NULL). The solver then holds the solve at
 * the returned z. For tests, the bench and the equilibrium agent policy. */
double mfg_solver_equilibrium(struct mfg_solver *s, double z0, double tol, int maxit,
			      int *iters);

/* Self-consistent Loan extra law at belief z: iterates q <- Q(z, q) from q (in/out, nq
 * values) until its L1 change is below tol or maxit times (then recorded as unconverged). Returns gamma at the final
 * (z, q). For non-Loan variants it is one solve. */
double mfg_solver_solve_selfq(struct mfg_solver *s, double z, double *q, double tol,
			      int maxit);

#endif
