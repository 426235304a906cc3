/* graph: undirected communication graphs and their shortest-path tables.
 * Builders: path, ring, star, perfect binary tree (heap order: children of i are 2i+1, 2i+2),
 * Erdos-Renyi G(N,p) resampled until connected, edge list. graph_paths() computes by BFS the
 * distance d(i,r) and the first hop n(i,r) = smallest-index neighbour j of i with
 * d(j,r) = d(i,r) - 1, and n(i,i) = the smallest-index neighbour (thesis ch. 4, spec §2).
 * Neighbours: dmech (the mechanisms), rng. */
#ifndef TATON_GRAPH_H
#define TATON_GRAPH_H

#include "core/err.h"
#include "core/rng.h"

struct graph {
	int n;
	int *deg;     /* n */
	int **adj;    /* n sorted neighbour lists (owned) */
	/* Filled by graph_paths(); NULL before. Row-major n*n. */
	int *dist;    /* d(i,r); -1 if unreachable */
	int *hop;     /* n(i,r); hop[i*n+i] = smallest neighbour; -1 if none */
};

/* All return 0, or -1 with a message (n out of range, bad p, bad edge). */
int graph_path(struct graph *g, int n, struct err *e);
int graph_ring(struct graph *g, int n, struct err *e);   /* n >= 3 */
int graph_star(struct graph *g, int n, struct err *e);   /* centre 0 */
int graph_bintree(struct graph *g, int n, struct err *e); /* heap-ordered, any n >= 1 */
/* Resamples until connected; fails after graph_er_tries(n, max_tries) samples (max_tries,
 * e.g. 10000, or fewer for a large n so that the whole stays near 2^27 pair draws) with a
 * message. p below graph_er_threshold(n, that many tries) is refused at once. */
int graph_er(struct graph *g, int n, double p, struct rng *r, int max_tries, struct err *e);
/* The samples graph_er draws at most for n nodes. */
int graph_er_tries(int n, int max_tries);
/* The smallest p for which `tries` samples of G(n, p) may well give a connected one: at it
 * the expected number of isolated nodes, n (1 - p)^(n - 1), is 1 + ln(tries), so one sample
 * has no isolated node with probability about 1/(e tries) (Poisson) and the tries find one
 * with probability about 1 - exp(-1/e) = 0.31; below it the chance falls exponentially.
 * (For large n it lies just under the classical threshold ln(n)/n.) 0 when
 * n <= 1 + ln(tries). */
double graph_er_threshold(int n, int tries);
/* edges: m pairs (0-based); duplicates ignored; self-loops are an error. */
int graph_edges(struct graph *g, int n, const int *edges, int m, struct err *e);
void graph_fini(struct graph *g);

int graph_has_edge(const struct graph *g, int i, int j);
int graph_is_connected(const struct graph *g);
int graph_nedges(const struct graph *g);
/* Computes dist and hop; -1 with a message if the graph is not connected. */
int graph_paths(struct graph *g, struct err *e);
static inline int graph_d(const struct graph *g, int i, int r) { return g->dist[i * g->n + r]; }
static inline int graph_hop(const struct graph *g, int i, int r) { return g->hop[i * g->n + r]; }
int graph_diameter(const struct graph *g); /* after graph_paths */

#endif
