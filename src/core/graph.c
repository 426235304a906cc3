/* graph: undirected communication graphs and their shortest-path tables (thesis ch. 4, §2 of
 * the mechanism spec). Builders collect an edge list and share one constructor that sorts
 * and de-duplicates the neighbour lists. graph_paths() runs a BFS from every node
 * (O(N (N + E))) and fills d(i,r) and the first hop n(i,r) = smallest-index neighbour j of i
 * with d(j,r) = d(i,r) - 1; n(i,i) = smallest-index neighbour.
 * Limits: n <= GRAPH_MAX_N (the n x n tables grow quadratically). On error a builder leaves
 * the graph empty (graph_fini is still safe). Neighbours: dmech (mechanisms), rng. */
#include "core/graph.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

#define GRAPH_MAX_N 4096
#define ER_DRAWS ((double)(1 << 27)) /* pair draws graph_er spends at most (about 1 s) */

static int check_n(int n, int lo, const char *kind, struct err *e)
{
	if (n < lo || n > GRAPH_MAX_N)
		return err_set(e, "%s graph: n = %d is out of range: allowed [%d, %d]", kind, n, lo,
			       GRAPH_MAX_N);
	return 0;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* Builds g from m valid pairs (no self-loops, indices in range); duplicates dropped. */
static void build(struct graph *g, int n, const int *edges, int m)
{
	int *fill;

	memset(g, 0, sizeof *g);
	g->n = n;
	g->deg = xcalloc((size_t)n, sizeof *g->deg);
	g->adj = xcalloc((size_t)n, sizeof *g->adj);
	for (int k = 0; k < m; k++) {
		g->deg[edges[2 * k]]++;
		g->deg[edges[2 * k + 1]]++;
	}
	for (int i = 0; i < n; i++)
		g->adj[i] = xmallocarray(g->deg[i] ? (size_t)g->deg[i] : 1, sizeof **g->adj);
	fill = xcalloc((size_t)n, sizeof *fill);
	for (int k = 0; k < m; k++) {
		int a = edges[2 * k], b = edges[2 * k + 1];

		g->adj[a][fill[a]++] = b;
		g->adj[b][fill[b]++] = a;
	}
	free(fill);
	for (int i = 0; i < n; i++) {
		int w = 0;

		qsort(g->adj[i], (size_t)g->deg[i], sizeof **g->adj, cmp_int);
		for (int k = 0; k < g->deg[i]; k++)
			if (w == 0 || g->adj[i][k] != g->adj[i][w - 1])
				g->adj[i][w++] = g->adj[i][k];
		g->deg[i] = w;
	}
}

int graph_path(struct graph *g, int n, struct err *e)
{
	int *ed;

	memset(g, 0, sizeof *g);
	if (check_n(n, 1, "path", e))
		return -1;
	ed = xmallocarray((size_t)n * 2, sizeof *ed);
	for (int i = 0; i + 1 < n; i++) {
		ed[2 * i] = i;
		ed[2 * i + 1] = i + 1;
	}
	build(g, n, ed, n - 1);
	free(ed);
	return 0;
}

int graph_ring(struct graph *g, int n, struct err *e)
{
	int *ed;

	memset(g, 0, sizeof *g);
	if (check_n(n, 3, "ring", e))
		return -1;
	ed = xmallocarray((size_t)n * 2, sizeof *ed);
	for (int i = 0; i < n; i++) {
		ed[2 * i] = i;
		ed[2 * i + 1] = (i + 1) % n;
	}
	build(g, n, ed, n);
	free(ed);
	return 0;
}

int graph_star(struct graph *g, int n, struct err *e)
{
	int *ed;

	memset(g, 0, sizeof *g);
	if (check_n(n, 1, "star", e))
		return -1;
	ed = xmallocarray((size_t)n * 2, sizeof *ed);
	for (int i = 1; i < n; i++) {
		ed[2 * (i - 1)] = 0;
		ed[2 * (i - 1) + 1] = i;
	}
	build(g, n, ed, n - 1);
	free(ed);
	return 0;
}

int graph_bintree(struct graph *g, int n, struct err *e)
{
	int *ed;

	memset(g, 0, sizeof *g);
	if (check_n(n, 1, "binary tree", e))
		return -1;
	ed = xmallocarray((size_t)n * 2, sizeof *ed);
	for (int i = 1; i < n; i++) {
		ed[2 * (i - 1)] = (i - 1) / 2; /* parent in heap order */
		ed[2 * (i - 1) + 1] = i;
	}
	build(g, n, ed, n - 1);
	free(ed);
	return 0;
}

int graph_er_tries(int n, int max_tries)
{
	double pairs = (double)n * (n - 1) / 2, by_work = pairs > 0 ? floor(ER_DRAWS / pairs) : 0;

	if (max_tries < 1)
		max_tries = 1;
	if (pairs > 0 && by_work < max_tries)
		return by_work > 2 ? (int)by_work : 2;
	return max_tries;
}

double graph_er_threshold(int n, int tries)
{
	double lambda = 1 + log(tries > 1 ? (double)tries : 1.0);

	if (n <= 1 || (double)n <= lambda)
		return 0;
	/* n (1 - p)^(n - 1) = lambda */
	return -expm1(log(lambda / n) / (n - 1));
}

int graph_er(struct graph *g, int n, double p, struct rng *r, int max_tries, struct err *e)
{
	size_t cap;
	int *ed;

	memset(g, 0, sizeof *g);
	if (check_n(n, 1, "Erdos-Renyi", e))
		return -1;
	if (!(p >= 0.0 && p <= 1.0))
		return err_set(e, "Erdos-Renyi graph: p = %g is out of range: allowed [0, 1]", p);
	max_tries = graph_er_tries(n, max_tries);
	double pmin = graph_er_threshold(n, max_tries);
	if (p < pmin)
		return err_set(e, "Erdos-Renyi graph G(%d, p): p = %g is below the connectivity "
			       "threshold %.3g: with fewer edges more than 1 + ln(%d) = %.2g nodes "
			       "are isolated on average, and %d samples would almost surely all be "
			       "disconnected (for large N the threshold is ln(N)/N = %.3g)", n, p,
			       pmin, max_tries, 1 + log((double)max_tries), max_tries,
			       log((double)n) / n);
	cap = (size_t)n * (size_t)(n - 1); /* 2 ints per unordered pair */
	ed = xmallocarray(cap ? cap : 1, sizeof *ed);
	for (int t = 0; t < max_tries; t++) {
		int m = 0;

		/* One uniform per pair i < j, in this order: the sample depends only on the rng. */
		for (int i = 0; i < n; i++)
			for (int j = i + 1; j < n; j++)
				if (rng_uniform(r) < p) {
					ed[2 * m] = i;
					ed[2 * m + 1] = j;
					m++;
				}
		build(g, n, ed, m);
		if (graph_is_connected(g)) {
			free(ed);
			return 0;
		}
		graph_fini(g);
	}
	free(ed);
	return err_set(e, "Erdos-Renyi graph G(%d, %g) still not connected after %d tries", n, p,
		       max_tries);
}

int graph_edges(struct graph *g, int n, const int *edges, int m, struct err *e)
{
	memset(g, 0, sizeof *g);
	if (check_n(n, 1, "edge-list", e))
		return -1;
	if (m < 0 || (m > 0 && !edges))
		return err_set(e, "edge-list graph: malformed edge list");
	for (int k = 0; k < m; k++) {
		int a = edges[2 * k], b = edges[2 * k + 1];

		if (a < 0 || a >= n || b < 0 || b >= n)
			return err_set(e, "edge %d (%d, %d): node out of range: allowed [0, %d]",
				       k + 1, a, b, n - 1);
		if (a == b)
			return err_set(e, "edge %d (%d, %d): self-loops are not allowed", k + 1, a,
				       b);
	}
	build(g, n, edges, m);
	return 0;
}

void graph_fini(struct graph *g)
{
	if (g->adj)
		for (int i = 0; i < g->n; i++)
			free(g->adj[i]);
	free(g->adj);
	free(g->deg);
	free(g->dist);
	free(g->hop);
	memset(g, 0, sizeof *g);
}

int graph_has_edge(const struct graph *g, int i, int j)
{
	if (i < 0 || i >= g->n || j < 0 || j >= g->n)
		return 0;
	return bsearch(&j, g->adj[i], (size_t)g->deg[i], sizeof **g->adj, cmp_int) != NULL;
}

/* BFS from src into d[0..n) (-1 = unreached); queue has n ints. Returns nodes reached. */
static int bfs(const struct graph *g, int src, int *d, int *queue)
{
	int head = 0, tail = 0;

	for (int i = 0; i < g->n; i++)
		d[i] = -1;
	d[src] = 0;
	queue[tail++] = src;
	while (head < tail) {
		int u = queue[head++];

		for (int k = 0; k < g->deg[u]; k++) {
			int v = g->adj[u][k];

			if (d[v] < 0) {
				d[v] = d[u] + 1;
				queue[tail++] = v;
			}
		}
	}
	return tail;
}

int graph_is_connected(const struct graph *g)
{
	int *d, *q, reached;

	if (g->n <= 1)
		return g->n == 1;
	d = xmallocarray((size_t)g->n, sizeof *d);
	q = xmallocarray((size_t)g->n, sizeof *q);
	reached = bfs(g, 0, d, q);
	free(d);
	free(q);
	return reached == g->n;
}

int graph_nedges(const struct graph *g)
{
	int s = 0;

	for (int i = 0; i < g->n; i++)
		s += g->deg[i];
	return s / 2;
}

int graph_paths(struct graph *g, struct err *e)
{
	size_t nn = (size_t)g->n * (size_t)g->n;
	int n = g->n, *d, *q;

	free(g->dist);
	free(g->hop);
	g->dist = g->hop = NULL;
	if (!graph_is_connected(g))
		return err_set(e, "graph is not connected");
	g->dist = xmallocarray(nn, sizeof *g->dist);
	g->hop = xmallocarray(nn, sizeof *g->hop);
	d = xmallocarray((size_t)n, sizeof *d);
	q = xmallocarray((size_t)n, sizeof *q);
	/* Undirected: BFS from r gives column r, d(i,r) for every i. */
	for (int r = 0; r < n; r++) {
		bfs(g, r, d, q);
		for (int i = 0; i < n; i++)
			g->dist[(size_t)i * n + r] = d[i];
	}
	free(d);
	free(q);
	for (int i = 0; i < n; i++) {
		for (int r = 0; r < n; r++) {
			int h = -1;

			if (r == i) {
				h = g->deg[i] > 0 ? g->adj[i][0] : -1;
			} else {
				int want = g->dist[(size_t)i * n + r] - 1;

				for (int k = 0; k < g->deg[i]; k++)
					if (g->dist[(size_t)g->adj[i][k] * n + r] == want) {
						h = g->adj[i][k];
						break; /* lists are sorted: smallest index */
					}
			}
			g->hop[(size_t)i * n + r] = h;
		}
	}
	return 0;
}

int graph_diameter(const struct graph *g)
{
	size_t nn = (size_t)g->n * (size_t)g->n;
	int m = 0;

	for (size_t k = 0; k < nn; k++)
		if (g->dist[k] > m)
			m = g->dist[k];
	return m;
}
