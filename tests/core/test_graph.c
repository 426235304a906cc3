/* Unit tests of core/graph: builders, d(i,r) and first hops n(i,r) with the smallest-index
 * tie-break (thesis ch. 4), Erdos-Renyi connectivity and determinism, edge-list errors. */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/graph.h"

static void test_bintree7(void **state)
{
	/*        0
	 *      1   2
	 *     3 4 5 6 */
	static const int want_d[7][7] = {
		{ 0, 1, 1, 2, 2, 2, 2 }, { 1, 0, 2, 1, 1, 3, 3 }, { 1, 2, 0, 3, 3, 1, 1 },
		{ 2, 1, 3, 0, 2, 4, 4 }, { 2, 1, 3, 2, 0, 4, 4 }, { 2, 3, 1, 4, 4, 0, 2 },
		{ 2, 3, 1, 4, 4, 2, 0 },
	};
	struct graph g;
	struct err e;

	assert_int_equal(graph_bintree(&g, 7, &e), 0);
	assert_int_equal(graph_nedges(&g), 6);
	assert_int_equal(g.deg[0], 2);
	assert_int_equal(g.deg[1], 3);
	assert_int_equal(g.adj[1][0], 0);
	assert_int_equal(g.adj[1][2], 4);
	assert_true(graph_has_edge(&g, 2, 6));
	assert_false(graph_has_edge(&g, 3, 4));
	assert_null(g.dist);
	assert_int_equal(graph_paths(&g, &e), 0);
	for (int i = 0; i < 7; i++)
		for (int r = 0; r < 7; r++)
			assert_int_equal(graph_d(&g, i, r), want_d[i][r]);
	assert_int_equal(graph_hop(&g, 3, 6), 1);
	assert_int_equal(graph_hop(&g, 1, 6), 0);
	assert_int_equal(graph_hop(&g, 0, 6), 2);
	assert_int_equal(graph_hop(&g, 2, 6), 6);
	assert_int_equal(graph_hop(&g, 0, 4), 1);
	/* n(i,i): the parent, and the left child for the root */
	assert_int_equal(graph_hop(&g, 0, 0), 1);
	assert_int_equal(graph_hop(&g, 1, 1), 0);
	assert_int_equal(graph_hop(&g, 6, 6), 2);
	/* the recursion the mechanism needs: d(n(i,r), r) = d(i,r) - 1 */
	for (int i = 0; i < 7; i++)
		for (int r = 0; r < 7; r++)
			if (r != i)
				assert_int_equal(graph_d(&g, graph_hop(&g, i, r), r),
						 graph_d(&g, i, r) - 1);
	assert_int_equal(graph_diameter(&g), 4);
	graph_fini(&g);
}

static void test_bintree31(void **state)
{
	struct graph g;
	struct err e;

	assert_int_equal(graph_bintree(&g, 31, &e), 0);
	assert_int_equal(graph_paths(&g, &e), 0);
	assert_int_equal(graph_diameter(&g), 8);
	assert_int_equal(graph_d(&g, 15, 30), 8);
	assert_int_equal(graph_hop(&g, 15, 30), 7);
	graph_fini(&g);
}

static void test_ring_star_path(void **state)
{
	struct graph g;
	struct err e;

	assert_int_equal(graph_ring(&g, 6, &e), 0);
	assert_int_equal(graph_nedges(&g), 6);
	assert_int_equal(graph_paths(&g, &e), 0);
	assert_int_equal(graph_d(&g, 0, 3), 3);
	assert_int_equal(graph_hop(&g, 0, 3), 1); /* tie 1 or 5: smallest */
	assert_int_equal(graph_hop(&g, 0, 4), 5);
	assert_int_equal(graph_hop(&g, 0, 0), 1);
	assert_int_equal(graph_diameter(&g), 3);
	graph_fini(&g);
	assert_int_equal(graph_ring(&g, 2, &e), -1);
	assert_string_equal(e.msg, "ring graph: n = 2 is out of range: allowed [3, 4096]");
	graph_fini(&g);

	assert_int_equal(graph_star(&g, 5, &e), 0);
	assert_int_equal(graph_paths(&g, &e), 0);
	assert_int_equal(g.deg[0], 4);
	assert_int_equal(graph_d(&g, 3, 4), 2);
	assert_int_equal(graph_hop(&g, 3, 4), 0);
	assert_int_equal(graph_hop(&g, 0, 0), 1);
	assert_int_equal(graph_hop(&g, 4, 4), 0);
	assert_int_equal(graph_diameter(&g), 2);
	graph_fini(&g);

	assert_int_equal(graph_path(&g, 5, &e), 0);
	assert_int_equal(graph_paths(&g, &e), 0);
	assert_int_equal(graph_nedges(&g), 4);
	assert_int_equal(graph_d(&g, 0, 4), 4);
	assert_int_equal(graph_hop(&g, 4, 0), 3);
	assert_int_equal(graph_hop(&g, 2, 2), 1);
	assert_int_equal(graph_diameter(&g), 4);
	graph_fini(&g);

	assert_int_equal(graph_path(&g, 1, &e), 0); /* a single node */
	assert_int_equal(graph_paths(&g, &e), 0);
	assert_int_equal(graph_hop(&g, 0, 0), -1);
	assert_int_equal(graph_diameter(&g), 0);
	graph_fini(&g);
	assert_int_equal(graph_path(&g, 0, &e), -1);
	assert_string_equal(e.msg, "path graph: n = 0 is out of range: allowed [1, 4096]");
}

static void test_er(void **state)
{
	struct graph g, h;
	struct rng r;
	struct err e;

	rng_seed(&r, 42);
	assert_int_equal(graph_er(&g, 31, 0.3, &r, 10000, &e), 0);
	assert_true(graph_is_connected(&g));
	assert_int_equal(graph_paths(&g, &e), 0);
	rng_seed(&r, 42);
	assert_int_equal(graph_er(&h, 31, 0.3, &r, 10000, &e), 0);
	assert_int_equal(graph_nedges(&g), graph_nedges(&h));
	for (int i = 0; i < 31; i++)
		for (int j = 0; j < 31; j++)
			assert_int_equal(graph_has_edge(&g, i, j), graph_has_edge(&h, i, j));
	/* 465 pairs at p = 0.3: about 140 edges */
	assert_in_range(graph_nedges(&g), 100, 180);
	graph_fini(&h);
	graph_fini(&g);

	/* One uniform per pair i < j in order: the same draws decide the same edges. */
	rng_seed(&r, 7);
	assert_int_equal(graph_er(&g, 4, 1.0, &r, 1, &e), 0);
	assert_int_equal(graph_nedges(&g), 6);
	graph_fini(&g);
	{
		struct rng r2;
		int want[6], k = 0;

		rng_seed(&r, 3);
		rng_seed(&r2, 3);
		assert_int_equal(graph_er(&g, 4, 0.7, &r, 10000, &e), 0);
		/* replay the accepted sample: the last 6 draws of r2 before r's position */
		for (;;) {
			int m = 0, conn;
			struct graph t;
			int ed[12];

			for (k = 0; k < 6; k++)
				want[k] = rng_uniform(&r2) < 0.7;
			for (int i = 0, q = 0; i < 4; i++)
				for (int j = i + 1; j < 4; j++, q++)
					if (want[q]) {
						ed[2 * m] = i;
						ed[2 * m + 1] = j;
						m++;
					}
			graph_edges(&t, 4, ed, m, &e);
			conn = graph_is_connected(&t);
			graph_fini(&t);
			if (conn)
				break;
		}
		for (int i = 0, q = 0; i < 4; i++)
			for (int j = i + 1; j < 4; j++, q++)
				assert_int_equal(graph_has_edge(&g, i, j), want[q]);
		assert_true(r.s[0] == r2.s[0] && r.s[3] == r2.s[3]);
		graph_fini(&g);
	}

	/* above the threshold for 10 nodes and 5 tries (0.139) but unlucky */
	rng_seed(&r, 1);
	assert_int_equal(graph_er(&g, 10, 0.16, &r, 5, &e), -1);
	assert_string_equal(e.msg, "Erdos-Renyi graph G(10, 0.16) still not connected after 5 "
			    "tries");
	/* below it: refused at once, naming it */
	assert_int_equal(graph_er(&g, 10, 0.0, &r, 5, &e), -1);
	assert_non_null(strstr(e.msg, "Erdos-Renyi graph G(10, p): p = 0 is below the "
			       "connectivity threshold 0.139"));
	assert_int_equal(graph_er(&g, 10, 1.5, &r, 5, &e), -1);
	assert_string_equal(e.msg, "Erdos-Renyi graph: p = 1.5 is out of range: allowed [0, 1]");
	graph_fini(&g);
}

/* The threshold solves n (1 - p)^(n - 1) = 1 + ln(tries); a large graph gets fewer tries
 * (2^27 pair draws: 2^27 / (4096 * 4095 / 2) = 16.004), and p = 1e-300 at 4096 nodes is
 * refused before any sample is drawn. */
static void test_er_threshold(void **state)
{
	static const int ns[] = { 4, 10, 31, 500, 4096 };
	static const int ts[] = { 1, 5, 10000 };
	struct graph g;
	struct rng r;
	struct err e;

	assert_int_equal(graph_er_tries(4096, 10000), 16);
	assert_int_equal(graph_er_tries(31, 10000), 10000);
	for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++)
		for (size_t j = 0; j < sizeof ts / sizeof ts[0]; j++) {
			double p = graph_er_threshold(ns[i], ts[j]), lambda = 1 + log(ts[j]);

			if (ns[i] <= lambda) {
				assert_true(p == 0);
				continue;
			}
			assert_true(p > 0 && p < 1);
			assert_true(fabs(ns[i] * pow(1 - p, ns[i] - 1) - lambda) < 1e-9 * lambda);
		}
	/* for large n it lies just under ln(n)/n */
	assert_true(graph_er_threshold(4096, 16) < log(4096.0) / 4096);
	assert_true(graph_er_threshold(4096, 16) > 0.8 * log(4096.0) / 4096);
	rng_seed(&r, 1);
	struct rng before = r;
	assert_int_equal(graph_er(&g, 4096, 1e-300, &r, 10000, &e), -1);
	assert_non_null(strstr(e.msg, "p = 1e-300 is below the connectivity threshold 0.00171"));
	assert_non_null(strstr(e.msg, "16 samples would almost surely all be disconnected"));
	assert_memory_equal(&r, &before, sizeof r); /* no draw was needed to say so */
}

static void test_edge_list(void **state)
{
	const int ok[] = { 0, 1, 1, 2, 2, 1, 2, 3 };
	const int loop[] = { 0, 1, 2, 2 };
	const int range[] = { 0, 1, 1, 4 };
	const int split[] = { 0, 1, 2, 3 };
	struct graph g;
	struct err e;

	assert_int_equal(graph_edges(&g, 4, ok, 4, &e), 0);
	assert_int_equal(graph_nedges(&g), 3); /* duplicate 2-1 ignored */
	assert_int_equal(g.deg[1], 2);
	assert_int_equal(graph_paths(&g, &e), 0);
	assert_int_equal(graph_diameter(&g), 3);
	graph_fini(&g);
	assert_int_equal(graph_edges(&g, 4, loop, 2, &e), -1);
	assert_string_equal(e.msg, "edge 2 (2, 2): self-loops are not allowed");
	assert_int_equal(graph_edges(&g, 4, range, 2, &e), -1);
	assert_string_equal(e.msg, "edge 2 (1, 4): node out of range: allowed [0, 3]");
	assert_int_equal(graph_edges(&g, 4, split, 2, &e), 0);
	assert_false(graph_is_connected(&g));
	assert_int_equal(graph_paths(&g, &e), -1);
	assert_string_equal(e.msg, "graph is not connected");
	graph_fini(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bintree7),
		cmocka_unit_test(test_bintree31),
		cmocka_unit_test(test_ring_star_path),
		cmocka_unit_test(test_er),
		cmocka_unit_test(test_er_threshold),
		cmocka_unit_test(test_edge_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
