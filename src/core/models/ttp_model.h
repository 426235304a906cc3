/* ttp_model: the state of a `ttp` model instance (paper 004, tradable time-specific permits),
 * shared by the model's two files: ttp.c (parameters, construction, the price step, series,
 * path replay) owns it; ttp_out.c (distributions and describe) only reads it.
 * Node vectors (prices, the action) are in the tree's layer order; the user sees tree rows.
 * Neighbours: ttp_tree, ttp_dp, ttp_lp, ttp_market. */
#ifndef TATON_TTP_MODEL_H
#define TATON_TTP_MODEL_H

#include <stdint.h>

#include "core/model.h"
#include "core/models/ttp_dp.h"
#include "core/models/ttp_lp.h"
#include "core/models/ttp_market.h"
#include "core/models/ttp_tree.h"
#include "core/rng.h"

struct ttp {
	struct ttp_tree tr;
	int *mu;                 /* T + 1 capacities */
	double eta0;
	int replay;              /* paths replayed per step */
	struct ttp_dp dp;
	struct ttp_lp lp;
	struct ttp_market mk;
	uint32_t *dp_in, *dp_buy, *gr_in, *gr_buy; /* the optimal and the greedy policy */
	double *dp_bytime, *gr_bytime;             /* T + 1 */
	double *dp_pathw, *gr_pathw;               /* welfare from the root to each node */
	double greedy, spot, dual0;
	int whole;               /* LP = DP: a price system supports whole permits */
	size_t *off;             /* player blocks: the time layers */
	long k;                  /* the step being taken (eta_k = eta0 / sqrt(k)) */
	double best_prev;        /* min of D over the prices before the current ones */
	/* path replay (random stream 1) */
	struct rng rrng;
	long paths;
	double rmean, rm2;       /* running mean and sum of squared deviations (Welford) */
	long *leaf_count;        /* replayed paths ending at each leaf (by leaf - leaf0) */
	/* the current node: a walk down the tree, one time per step (random stream 2) */
	struct rng crng;
	int cur;
	/* best split, computed on the first describe */
	int split_state;         /* 0 not yet, 1 done, 2 too large, -1 error */
	int *split_mu;
	double split_value;
	long split_ties, nsplits;
	char split_err[512];
};

/* Buyer i's name: "A", "B", ... */
void ttp_out_buyer(int i, char *buf, size_t size);
int ttp_out_dist(struct model *m, const char *name, const double *a, struct dist *d,
		 struct err *e);
void ttp_out_describe(struct model *m, struct model_kv *kv);

#endif
