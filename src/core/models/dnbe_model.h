/* dnbe_model: the state of a `dnbe` model instance, shared by the class (dnbe.c: parameters,
 * construction, steps, series), its constants (dnbe_const.c), its describe lines
 * (dnbe_describe.c) and its distributions (dnbe_view.c). Private to
 * the files of the model (dnbe.c, dnbe_const.c, dnbe_describe.c, dnbe_view.c). The
 * instance owns everything here.
 * Neighbours: dnbe_law, dnbe_dr, dnbe_game, dnbe_strategy, dnbe_mech. */
#ifndef TATON_DNBE_MODEL_H
#define TATON_DNBE_MODEL_H

#include <stddef.h>

#include "core/model.h"
#include "core/models/dnbe_dr.h"
#include "core/models/dnbe_game.h"
#include "core/models/dnbe_law.h"
#include "core/models/dnbe_mech.h"
#include "core/models/dnbe_strategy.h"
#include "core/rng.h"

enum dnbe_market_kind { DNBE_MARKET_DR, DNBE_MARKET_TOY, DNBE_MARKET_TIEFREE };

#define DNBE_PER_PROVIDER_MAX 16 /* avg_utility_k series up to this many providers */
#define DNBE_LIE_MAX_N 50        /* the consistent-lie game integrates over every law */
#define DNBE_C_MIN 0.05          /* range of the scale c (parameter and lie game) */
#define DNBE_C_MAX 20
#define DNBE_FIG3_FIXED 4        /* Fig. 3: the fixed provider's cost parameter */

/* The demand-response market behind the day loop (struct dnbe_market's ctx). */
struct dnbe_drm {
	int n;
	double d;
	const struct dnbe_law *reserve;
	struct rng rs;     /* the reserve's cost delta_s(l) */
	double *inv, *x;   /* 1 / reported types and the dispatch of the last day */
	double g, ds;      /* reserve output and delta_s of the last day */
};

/* The toy market (ctx of struct dnbe_market). */
struct dnbe_toym {
	struct dnbe_game game;
	int o1, o2;        /* g1* and the last day's recourse */
};

struct dnbe {
	enum dnbe_market_kind market;
	int n, K, posted, lie_game, deviators, watch;
	double d, price, gamma, pexp, scale;
	double mean, var, rmean, rvar, alpha, beta, ralpha, rbeta; /* dr laws */
	enum dnbe_strategy_kind skind;
	struct dnbe_law prov, reserve;      /* DR: the providers' and the reserve's law */
	struct dnbe_law *truth, *bid;       /* n each */
	struct dnbe_strategy *strat;        /* n */
	int *script;                        /* 0-based bins */
	int nscript;
	struct dnbe_dr_quad q;
	struct dnbe_drm drm;
	struct dnbe_toym toym;
	struct dnbe_mech mech;              /* the day loop (not in the lie game) */
	int have_mech;

	/* constants of the reported supertypes */
	double C_star;      /* optimal expected social cost under the true laws (-W*(theta)) */
	double C_bid;       /* C*(theta^) = -W*(theta^) */
	double *C_minus;    /* C*(theta^_{-i}) = -W*(theta^_{-i}) */
	double *ev;         /* E_theta^[v_i] */
	double *ir;         /* W*(theta_i, theta^_{-i}) - W*(theta^_{-i}) */
	double *exact;      /* exact long-run utility under the strategies (if have_exact) */
	int have_exact;
	double exact_cost;
	double *ref_util;   /* the reference of avg_utility_k: ir, or the posted utility */
	struct dnbe_dr_posted pp;
	int g1;             /* toy: g1* of the bids */

	/* the consistent-lie game */
	double *ones;       /* the equilibrium c = 1 */
	size_t *off;
	double *c_last;     /* the action last observed */
	int have_last;

	/* Figs 2 and 3 depend on the parameters only: computed on the first request */
	double *fig2_c, *fig2_pp; /* C* and the posted price's minimum, n = 0..nfig2 */
	int nfig2;
	double *fig3_y;           /* the average payment at the means of dnbe_view.c */

	/* per-provider series */
	struct model_series_desc *own;
	size_t nown;
};

/* dnbe_const.c. Exact long-run utilities U[i] (n), C*(theta^_{-i}) in cminus and
 * C*(theta^) in *cbid for bid laws `bids` reached by strategies `st`
 * (dnbe_strategy_true_values must hold for all; dr only); returns the long-run social
 * cost. */
double dnbe_const_exact(struct dnbe *D, const struct dnbe_law *bids,
			const struct dnbe_strategy *st, double *U, double *cminus, double *cbid);
/* The constants of the bids (C_bid, C_minus, ev, ir, exact) and C_star, pp: dr, toy. */
void dnbe_const_dr(struct dnbe *D);
void dnbe_const_toy(struct dnbe *D);
/* Exact utilities U (n) and the long-run social cost at the lie-game action c. */
double dnbe_const_lie(struct dnbe *D, const double *c, double *U);

/* dnbe_describe.c: the vt's describe. */
void dnbe_describe_model(struct model *m, struct model_kv *kv);

/* Reports the quadrature failures since the last call with model_warn (dnbe.c). */
void dnbe_warn_quad(struct model *m);

/* The distributions (dnbe_view.c). 0, or -1 with e. */
int dnbe_view_dist(struct model *m, const char *name, const double *a, struct dist *d,
		   struct err *e);

#endif
