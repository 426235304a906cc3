/* radial_core: the mathematics of the radial-allocation mechanisms of thesis chapters 1-3
 * (Sinha 2017): unicast network utility maximisation (ch. 1), multicast with intergroup
 * competition and intragroup sharing (ch. 2) and general linear constraints (ch. 3).
 * It owns the instance (routing/constraint matrix, capacities, utilities, groups), the
 * message layout, the allocation and taxes of any message (radial_core.c), the exact best
 * response of one agent (radial_br.c) and the efficient allocation with its multipliers
 * (radial_kkt.c). It knows nothing of the engine: radial.c wraps it as a model.
 *
 * Message of agent i (block off[i] .. off[i+1]):
 *   unicast    y_i, p_i^l for l in L_i, [rho_i under sbb]
 *   multicast  y_i, 1q_i^l for l in L_i, 2q_i^l for l in L_i, [rho_i under sbb*]
 *   general    y_i, p_i^l for l in L_i            (L_i: rows with A_li != 0)
 * "Entries" are the nonzeros of A, numbered agent by agent (agent CSR); entry e belongs to
 * agent ent_agent[e] and row ent_row[e]. A "slot" is a group on a row (multicast groups;
 * one slot per entry otherwise); its members are entries in agent order, which is the
 * cyclic order of the thesis's predecessor / successor. */
#ifndef TATON_RADIAL_CORE_H
#define TATON_RADIAL_CORE_H

#include <stddef.h>
#include "core/err.h"

#define RADIAL_MAX_AGENTS 2000
#define RADIAL_MAX_ROWS 500
#define RADIAL_RHO_MAX 1e100 /* rescaled rho guesses saturate here (radial_rescale) */

enum radial_mech { RADIAL_UNICAST, RADIAL_MULTICAST, RADIAL_GENERAL };
enum radial_budget { RADIAL_WBB, RADIAL_SBB, RADIAL_SBB_LITERAL, RADIAL_SBB_OFFEQ };
enum radial_util { RADIAL_LOG, RADIAL_QUAD };

struct radial_setup {
	enum radial_mech mech;
	enum radial_budget budget;
	enum radial_util util;
	int n, nl;             /* agents, rows (links / constraints) */
	const double *A;       /* nl x n, row-major */
	const double *c;       /* nl */
	const double *w, *b;   /* n each (b unused for log) */
	const int *group;      /* multicast: n group ids >= 1; NULL otherwise */
	double eta, zeta, xi, theta;
};

/* Everything one evaluation of a message produces. */
struct radial_eval {
	double r;        /* scale (ch. 1-2) or alpha_0 (ch. 3) */
	double *x;       /* n allocations */
	double *load;    /* nl: sum_j A_lj x_j, or sum of group maxima (multicast) */
	double *slack;   /* nl: c_l - load_l */
	double *pay;     /* n: the price-taking term x_i sum_l A_li price_i^l */
	double *tax;     /* n: taxes under the budget asked for */
	double *util;    /* n: v_i(x_i) */
};

struct radial {
	enum radial_mech mech;
	enum radial_budget budget;
	enum radial_util util;
	int n, nl, nnz;
	double *A, *c, *w, *b;
	double eta, zeta, xi, theta;
	/* agent CSR: entries ia[i] .. ia[i+1] */
	int *ia, *ent_row, *ent_agent;
	double *ent_a;           /* A value of the entry */
	/* row CSR of entries: rent[ra[l] .. ra[l+1]) */
	int *ra, *rent;
	/* slots: row l holds slots rs[l] .. rs[l+1]; slot s holds members sm[s] .. sm[s+1]
	 * (entries in smem); each entry's slot and its position in it */
	int ns, *rs, *sm, *smem, *ent_slot, *ent_pos;
	/* general: equality groups (strongly connected x_a <= x_b rows), reduced matrix */
	int ng, *eqg, *gsize, *eqrow; /* eqg[n] group of each agent, gsize[ng], eqrow[nl] */
	double *At;                   /* nl x ng: A summed per group (0 on equality rows) */
	int degenerate;               /* some group has two or more agents */
	/* message layout */
	size_t dim, *off;
	int *oq1, *oq2, *orho; /* per entry / entry / agent; -1 when absent */
	/* the efficient allocation and the equilibrium message */
	double *xstar, *lam, *mu;     /* n, nl, nnz (multicast: mu per entry) */
	double welfare_star;
	double *ne;                   /* dim: an equilibrium message */
	int kkt_iter;                 /* solver iterations, < 0 when it did not converge */
	double kkt_resid;
	double ycap;                  /* the cap on demands */
	double ysum;                  /* sum of x*: ch. 1-2 keep the demands summing to it */
	struct radial_eval ev;        /* scratch of radial_eval */
	double *scratch;              /* dim doubles for radial_gain */
	void *brbuf;                  /* radial_br's working memory (owned) */
};

/* Builds the instance; -1 with e naming the parameter and what is wrong. */
int radial_init(struct radial *rd, const struct radial_setup *s, struct err *e);
void radial_fini(struct radial *rd);

/* Allocation, loads, slacks, payments and taxes (under `budget`) of message m into
 * rd->ev. */
void radial_eval(struct radial *rd, const double *m, enum radial_budget budget);
/* v_i(x) and v_i'(x). */
double radial_v(const struct radial *rd, int i, double x);
double radial_dv(const struct radial *rd, int i, double x);
/* Payoff of agent i at message m (evaluates m). */
double radial_payoff(struct radial *rd, const double *m, int i);

/* Best response of agent i to message m: writes i's block of out (the rest untouched).
 * Exact: the demand is chosen over the whole range (0 or d_i up to the cap), prices and
 * rho in closed form. */
void radial_br(struct radial *rd, const double *m, int i, double *out);
/* Every agent's best response to m into out (one pass of aggregates for the round). */
void radial_br_all(struct radial *rd, const double *m, double *out);
void radial_br_free(struct radial *rd); /* frees brbuf */
/* Gain of agent i's exact best response at m: payoff(BR_i, m_-i) - payoff(m). */
double radial_gain(struct radial *rd, const double *m, int i);

/* Solves the centralised problem: xstar, lam, mu, welfare_star and the equilibrium message
 * ne. Returns 0, or -1 with e when the solver did not converge (the results are then the
 * solver's last iterate). */
int radial_solve(struct radial *rd, struct err *e);

/* Feasibility violation of the allocation in rd->ev (>= 0): the largest excess of a
 * capacity, equality or sign constraint. */
double radial_violation(const struct radial *rd);

/* Rescales the demands of message m so that they sum to ysum (and rho by the same factor
 * the other way), when the allocation is homogeneous in y (ch. 1-2, every row with either
 * no or at least two positive demanders / groups). Writes the factor of every component
 * into f (dim doubles) and returns the sum of demands before, over ysum; returns 0 and
 * leaves f alone when no rescaling applies. rho saturates at RADIAL_RHO_MAX. */
double radial_rescale(const struct radial *rd, const double *m, double *f);

/* Internal: the low-level solver (radial_kkt.c). Maximises sum_j f_j(z_j) subject to
 * G z <= h, z >= 0, where f_j is kind[j] = 0 (zero), 1 (fw log(1+z)), 2 (fw z - fb z^2/2).
 * Writes z (nv) and the row multipliers lam (nr); returns the iteration count, or -1 when
 * it stopped without meeting its tolerance (resid then holds the KKT residual). */
int radial_ipm(int nv, const int *kind, const double *fw, const double *fb, int nr,
	       const double *G, const double *h, double *z, double *lam, double *resid);

#endif
