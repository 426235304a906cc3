/* fairness_alloc: the designer's allocation of thesis chapter 5 (mechanism design for
 * fairness), x_eps(theta) = argmax_{x in X} sum_i g_eps(v(x_i; theta_i)) - C(sum_i x_i) with
 * g_eps(z) = z - eps z^2, for the two examples of the thesis with binary types
 * theta_i in {thetaH, thetaL}:
 *   linear (Sec. 6):      v(x; theta) = theta x, X = {x >= 0, sum x <= 1}, no cost;
 *   smart grid (Sec. 2.1): v(x; theta) = theta x - x^2/4 below 2 theta (theta^2 above),
 *                          x_i >= must_run, cost C(y) = a y^2.
 * By symmetry an allocation is the pair (xH, xL) for a count c of high types among n agents;
 * a table holds it for every c = 0..n at one eps, which is what every derived quantity
 * (incentive margins, taxes, Gini) needs. The caller owns tables; they own their solvers.
 * Neighbours: fairness_core (margins, taxes, statistics on tables), fairness.c (the models). */
#ifndef TATON_FAIRNESS_ALLOC_H
#define TATON_FAIRNESS_ALLOC_H

enum fairness_kind { FAIRNESS_LINEAR, FAIRNESS_SMARTGRID };

/* One economy. The linear example ignores a, mr and q. */
struct fairness_econ {
	enum fairness_kind kind;
	int n;         /* agents N */
	double th, tl; /* types thetaH > thetaL > 0 */
	double a;      /* smart grid: supply cost C(y) = a y^2, a >= 0 */
	double mr;     /* smart grid: must-run floor x_i >= mr >= 0 */
	double q;      /* smart grid: prior probability of a high type (i.i.d.) */
};

/* The allocation with c high types: xh to each high agent (NaN when c = 0), xl to each
 * low agent (NaN when c = n), y = the total. */
struct fairness_point {
	double xh, xl, y;
};

struct fairness_table {
	int n;                    /* agents */
	double eps;               /* the eps the table was filled at */
	struct fairness_point *p; /* n + 1 points, p[c] for c high types (owned) */
	int nfail;                /* solves that stopped at their iteration cap */
	void *ws;                 /* root solvers (owned) */
};

/* v(x; theta) of the example. */
double fairness_value(const struct fairness_econ *ec, double x, double theta);
/* The designer's objective sum g_eps(v) - C at the allocation of point p with c high types
 * among n agents (the quantity the allocation maximises; tests compare it with other
 * feasible allocations). */
double fairness_objective(const struct fairness_econ *ec, int n, int c, double eps,
			  const struct fairness_point *p);
/* The sum of the agents' utilities minus the supply cost at p (the welfare of (5.2)). */
double fairness_welfare(const struct fairness_econ *ec, int n, int c,
			const struct fairness_point *p);

/* A table for n agents (n >= 1). */
void fairness_table_init(struct fairness_table *t, int n);
/* Fills every count c = 0..n at eps >= 0. Returns the number of solves that stopped at
 * their iteration cap (0 normally; the points are then the last iterates). */
int fairness_table_fill(struct fairness_table *t, const struct fairness_econ *ec, double eps);
void fairness_table_fini(struct fairness_table *t);

#endif
