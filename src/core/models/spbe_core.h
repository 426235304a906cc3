/* spbe_core: the mathematics of thesis chapter 6's dynamic public-goods game (Sec. 5): two
 * agents with private static types H/L (contribution costs x_H, x_L), public beliefs
 * (pi1, pi2) = P(agent i is H) on a G x G grid, and the structured PBE as a fixed point
 * (6.17) over strategy maps.
 *
 * A map is agent 1's strategy over the grid, 2*G*G doubles: map[k] = p1H and map[n + k] =
 * p1L, the probabilities of contributing, at grid point k = j*G + i, (pi1, pi2) =
 * (i, j)/(G - 1). Agent 2 plays the mirror image: p2x(pi1, pi2) = p1x(pi2, pi1). Values V[x][k]
 * are agent 1's discounted values V1(pi, x) (agent 2's by the same mirror).
 *
 * This module owns: Bayes' rule (6.26) with exact zeros (probabilities below SPBE_SNAP are
 * 0, above 1 - SPBE_SNAP are 1) and the off-path rule; interpolation of values between grid
 * points; policy evaluation (the linear system V = r + delta W V, GSL's sparse GMRES); the
 * policy-iteration step (evaluate, then solve the stage game (6.25) at every grid point,
 * spbe_stage.c); the unweighted regret of a map; and forward simulation of beliefs.
 * Neighbours: spbe_stage.c (stage games), spbe.c (the model), rng. */
#ifndef TATON_SPBE_CORE_H
#define TATON_SPBE_CORE_H

#include <stddef.h>
#include "core/err.h"
#include "core/rng.h"

#define SPBE_SNAP 1e-9   /* probabilities below are 0, above 1 - SPBE_SNAP are 1 */
#define SPBE_EQ_TOL 1e-9 /* a stage profile is an exact equilibrium at unweighted regret <= */
#define SPBE_MAX_G 81

enum { SPBE_H = 0, SPBE_L = 1 };

/* After an action no type plays (the denominator of (6.26) is 0):
 * KEEP    the belief stays (6.7, second case, with static types);
 * TREMBLE the limit of Bayes' rule under logit trembles as they vanish: the deviation is
 *         attributed to the type that loses less by it, the losses evaluated at that belief;
 *         when both types are consistent, the one the losses at the unchanged belief point
 *         to; when neither, the interior belief at which the two losses are equal. */
enum spbe_offpath { SPBE_KEEP, SPBE_TREMBLE };
/* Values and strategies between grid points: bilinear, or the nearest grid point. */
enum spbe_interp { SPBE_BILINEAR, SPBE_NEAREST };
/* Several exact stage equilibria: STICKY keeps the previous map's one when it is still an
 * equilibrium (its mixing probabilities re-solved), else as VALUE; VALUE takes the largest
 * joint ex-ante value sum_i pi_i V_i(H) + (1 - pi_i) V_i(L) (first found on ties). */
enum spbe_select { SPBE_STICKY, SPBE_VALUE };

struct spbe_game {
	double cost[2]; /* x_H, x_L */
	double delta;
	int G;
	enum spbe_offpath offpath;
	enum spbe_interp interp;
	enum spbe_select select;
};

/* One stage profile at a grid point, evaluated. Index v = 2*i + x: p[0] = p1H, p[1] = p1L,
 * p[2] = p2H, p[3] = p2L (agent i = 0, 1 for agents 1, 2). */
struct spbe_stage {
	double p[4];       /* snapped */
	double q[2];       /* P(agent i contributes) = pi_i p_iH + (1 - pi_i) p_iL */
	double post[2][2]; /* post[i][a]: belief about agent i after its action a (off-path rule
			    * applied) */
	double Q[2][2][2]; /* Q[i][x][a]: value of action a to agent i of type x (6.25) */
	double regret;     /* max over (i, x) of max_a Q - min over a played of Q (unweighted) */
	double welfare;    /* joint ex-ante value */
};

struct spbe_work; /* solvers and scratch (spbe_stage.c) */

struct spbe {
	struct spbe_game g;
	int n;              /* G*G */
	double *grid;       /* G coordinates i/(G-1) */
	/* the last evaluated map and its values */
	double *key;
	int key_ok;
	double *V[2];
	double eval_resid;  /* sup |V - r - delta W V| of the last evaluation */
	int eval_ok;        /* the last evaluation met its tolerance */
	/* the last best response */
	int noeq;                /* grid points with no exact stage equilibrium */
	unsigned char *noeq_at;  /* per point */
	int *neq;                /* exact equilibria found per point */
	struct spbe_work *w;
};

/* Validates and sets up; -1 with e naming the parameter. */
int spbe_init(struct spbe *s, const struct spbe_game *g, struct err *e);
void spbe_fini(struct spbe *s);

double spbe_snap(double p);
/* Bayes' rule (6.26): the belief pi' = P(H) after action a (1 = contribute) of an agent
 * believed H with probability pi who contributes with p_H, p_L (snapped). When no type plays a
 * it returns pi (rule 6.7) and sets *off (if non-NULL) to 1. */
double spbe_bayes(double pi, double ph, double pl, int a, int *off);

/* Interpolated value of V (a G*G array) at (a, b) = (pi1, pi2), by s->g.interp. */
double spbe_interp(const struct spbe *s, const double *V, double a, double b);

/* Policy evaluation: the values V[x] (n doubles each) of agent 1 when both agents play map.
 * Caches the last map. 0, or -1 when GMRES missed its tolerance (the values are still the
 * best iterate; s->eval_ok = 0). */
int spbe_evaluate(struct spbe *s, const double *map);

/* The profile the map prescribes at grid point (i, j) = (pi1, pi2) indices, and the stage
 * evaluation of any profile there against values V. */
void spbe_map_profile(const struct spbe *s, const double *map, int i, int j, double p[4]);
void spbe_stage_eval(const struct spbe *s, const double *const V[2], int i, int j,
		     const double p[4], struct spbe_stage *out);
/* Solves the stage game at (i, j) against V: every exact equilibrium the support
 * enumeration finds, selected by s->g.select (prev: the previous profile there, or NULL).
 * Returns the number of distinct exact equilibria found (0: *out is the least-regret
 * profile met, an epsilon-equilibrium). On the diagonal only agent-symmetric profiles. */
int spbe_stage_solve(struct spbe *s, const double *const V[2], int i, int j,
		     const double *prev, struct spbe_stage *out);

/* One policy-iteration step: out = the stage-equilibrium map against the values of belief.
 * Sets noeq, noeq_at, neq. 0, or -1 if the evaluation missed its tolerance (out is still
 * computed). */
int spbe_best_response(struct spbe *s, const double *belief, double *out);

/* Max over grid points of the unweighted stage regret of map against its own values
 * (evaluating it); per_point (n doubles, may be NULL) gets each point's regret. */
double spbe_regret(struct spbe *s, const double *map, double *per_point);

/* Play from beliefs (b1, b2) with true types x1, x2 for `rounds` rounds under map (the
 * strategy at off-grid beliefs interpolated as values are), beliefs updated by (6.26).
 * Writes rounds + 1 beliefs into b1s, b2s. */
void spbe_path(const struct spbe *s, const double *map, double b1, double b2, int x1, int x2,
	       int rounds, struct rng *r, double *b1s, double *b2s);

/* Best coordination benchmarks of Sec. 5 for a type of cost x, found numerically:
 * full = max over coordinated alternation (1 + 1 - x)/2; none = max_p p(1 - x) + p(1 - p). */
double spbe_coord_full(double x);
double spbe_coord_none(double x);

#endif
