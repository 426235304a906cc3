/* ttp_tree: the information tree of the tradable time-specific permits model (paper 004):
 * nodes with a trading time, a parent and a conditional probability, exercise values of every
 * buyer at the leaves, and node values v_i(n) = E[V_i | F(t_n)] computed backwards. Built and
 * validated from the `tree` parameter (one row per node, {parent, prob, V_1, ..., V_I}, the
 * parent a 1-based row number, 0 for the root; only leaf rows carry values).
 * Internally nodes are renumbered layer by layer (time 0, 1, ..., T; within a layer by parent,
 * then by row), so every node's children are contiguous and a time layer is a contiguous
 * block of a node vector (the model's player blocks). `row[k]` maps back to the user's row.
 * Owns all its arrays (ttp_tree_fini). Neighbours: ttp_dp, ttp_lp, ttp_market, ttp (model). */
#ifndef TATON_TTP_TREE_H
#define TATON_TTP_TREE_H

#include <stdint.h>

#include "core/err.h"
#include "core/rng.h"

#define TTP_MAX_BUYERS 16
#define TTP_MAX_NODES 20000

struct ttp_tree {
	int n;          /* nodes */
	int nb;         /* buyers I */
	int T;          /* exercise time: every leaf is at depth T */
	int *row;       /* internal index -> 0-based user row */
	int *idx;       /* 0-based user row -> internal index */
	int *parent;    /* internal index of the parent, -1 for the root (index 0) */
	int *t;         /* trading time of each node */
	int *kid0;      /* first child (internal index) */
	int *nkid;      /* number of children, 0 at leaves */
	int *layer;     /* T + 2 offsets: layer t is nodes layer[t] .. layer[t+1]-1 */
	double *prob;   /* P(n | parent) */
	double *P;      /* unconditional P(n) */
	double *v;      /* n * nb node values, v[k*nb + i] */
	double vscale;  /* 1 + sum over buyers of max |v_i(n)|: the scale of every welfare sum */
};

/* Builds the tree from a ragged table of `rows` rows x `cols` columns (row-major, NaN pads a
 * row's tail). -1 with e naming the row on any inconsistency: the parent not an earlier row,
 * a probability outside (0, 1], children's probabilities not summing to 1, a leaf without
 * values, an internal row with values, leaves with different numbers of values or at
 * different depths. */
int ttp_tree_init(struct ttp_tree *tr, const double *a, int rows, int cols, struct err *e);
void ttp_tree_fini(struct ttp_tree *tr);

static inline int ttp_tree_is_leaf(const struct ttp_tree *tr, int k) { return tr->nkid[k] == 0; }

/* A child of node k drawn with P(c | k) from r (k must not be a leaf). */
int ttp_tree_draw_child(const struct ttp_tree *tr, int k, struct rng *r);

/* The internal index of the first leaf (leaves are the last layer). */
static inline int ttp_tree_leaf0(const struct ttp_tree *tr) { return tr->layer[tr->T]; }

#endif
