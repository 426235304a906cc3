/* Unit tests of the chapter-4 mechanisms' mathematics (dmech_core): the spec's §13
 * test vectors (N = 7 tree), Table 1's delta on the 31-node binary tree, the equilibrium
 * invariants (beta(m~) = m~, x = x*, prices lambda* or mu*, taxes sum to 0), the best response
 * as the maximiser of u_i = v_i(x_i) - t_i (consistency of the closed forms with the tax
 * formulas), the spectral radius against a dense eigen-solve, the xi-invariance of the
 * private mechanism, and user errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/eig.h"
#include "core/models/dmech_core.h"
#include "core/rng.h"
#include "tests/testutil.h"

static double l2_diff(const double *a, const double *b, size_t n)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += (a[i] - b[i]) * (a[i] - b[i]);
	return sqrt(s);
}

/* The §13 instance: N = 7 binary tree, eta = 25, theta_i = -(i+1)/2, sigma_i = 10 + i. */
static void init7(struct dmech_core *c, enum dmech_mech mech, double xi, double delta)
{
	double th[7], sg[7];
	struct graph g;
	struct err e;
	for (int i = 0; i < 7; i++) {
		th[i] = -(i + 1) / 2.0;
		sg[i] = 10 + i;
	}
	assert_int_equal(graph_bintree(&g, 7, &e), 0);
	struct dmech_setup s = {mech, 7, 25, 0, th, sg, xi, delta, DMECH_XI_DYADIC,
				DMECH_T1_NONE};
	assert_int_equal(dmech_core_init(c, &s, &g, &e), 0);
}

/* The thesis's setup (Section 5.2) with our own draw: N agents, eta = 25. */
static int init_thesis(struct dmech_core *c, enum dmech_mech mech, int n, int er,
		       uint64_t seed, double c1, struct err *e)
{
	double *th = malloc((size_t)n * sizeof *th), *sg = malloc((size_t)n * sizeof *sg);
	struct rng r;
	struct graph g;
	rng_seed(&r, seed);
	for (int i = 0; i < n; i++) {
		th[i] = rng_uniform_range(&r, -12.5, -0.02);
		sg[i] = rng_uniform_range(&r, 10, 20);
	}
	if (er)
		assert_int_equal(graph_er(&g, n, 0.3, &r, 10000, e), 0);
	else
		assert_int_equal(graph_bintree(&g, n, e), 0);
	struct dmech_setup s = {mech, n, 25, c1, th, sg, 0, 0, DMECH_XI_DYADIC, DMECH_T1_NONE};
	int rc = dmech_core_init(c, &s, &g, e);
	free(th);
	free(sg);
	return rc;
}

static double cournot_dist(struct dmech_core *c, int rounds)
{
	double *m = calloc(c->dim, sizeof *m), *o = calloc(c->dim, sizeof *o);
	for (int n = 0; n < rounds; n++) {
		dmech_core_br(c, m, -1, o);
		memcpy(m, o, c->dim * sizeof *m);
	}
	double d = l2_diff(m, c->eq, c->dim);
	free(m);
	free(o);
	return d;
}

static void test_vectors_private(void **state)
{
	struct dmech_core c;
	static const double xs[7] = {-1.6997245179, -0.3498622590, 0.1000918274, 0.3250688705,
				     0.4600550964, 0.5500459137, 0.6143250689};
	static const double by[7] = {10, 5.5, 4, 3.25, 2.8, 2.5, 2.2857142857};
	init7(&c, DMECH_PRIVATE, 0, 0);
	assert_int_equal(c.xi_k, 11);
	TU_REL(3.662109375e-4, 1 - c.xi, 1e-15);
	TU_REL(211.3991222246, c.delta, 1e-9);
	TU_REL(11.699724517906, c.lambda_star, 1e-9);
	for (int i = 0; i < 7; i++)
		TU_REL(xs[i], c.xstar[i], 1e-9);
	TU_REL(351.8733066068, c.eq[0], 1e-9);
	TU_REL(2642.3045612, c.eq_l2, 1e-9);
	double *z = calloc(c.dim, sizeof *z), *o = calloc(c.dim, sizeof *o);
	dmech_core_br(&c, z, -1, o);
	for (int i = 0; i < 7; i++)
		TU_REL(by[i], o[c.off[i]], 1e-9);
	TU_REL(0.9996337891, dmech_core_rowsum(&c), 1e-9);
	double resid;
	TU_REL(0.9946395439, dmech_core_spectral_radius(&c, &resid), 1e-9);
	assert_true(resid < 1e-9);
	TU_REL(2634.2575873, cournot_dist(&c, 1), 1e-9);
	TU_REL(2512.9779212, cournot_dist(&c, 10), 1e-9);
	TU_REL(905.03804123, cournot_dist(&c, 200), 1e-9);
	free(z);
	free(o);
	dmech_core_fini(&c);
}

static void test_vectors_public(void **state)
{
	struct dmech_core c;
	static const double mu[7] = {6.75, 4.5, 2.25, 0, -2.25, -4.5, -6.75};
	init7(&c, DMECH_PUBLIC, 0, 0);
	assert_int_equal(c.xi_k, 10);
	TU_REL(7.32421875e-4, 1 - c.xi, 1e-15);
	TU_REL(4.0333259700, c.delta, 1e-9);
	TU_REL(3.25, c.x_public, 1e-12);
	for (int i = 0; i < 7; i++) {
		TU_REL(3.25, c.xstar[i], 1e-12);
		assert_true(fabs(c.pstar[i] - mu[i]) < 1e-12);
	}
	TU_REL(3.4890795392, c.eq[0], 1e-9);
	TU_REL(24.317745845, c.eq_l2, 1e-9);
	double *z = calloc(c.dim, sizeof *z), *o = calloc(c.dim, sizeof *o);
	dmech_core_br(&c, z, -1, o);
	TU_REL(0.3529229482, o[0], 1e-9);
	assert_true(dmech_core_rowsum(&c) < 1);
	TU_REL(0.9349497169, dmech_core_spectral_radius(&c, NULL), 1e-9);
	TU_REL(23.526831441, cournot_dist(&c, 1), 1e-9);
	TU_REL(13.370332972, cournot_dist(&c, 10), 1e-9);
	TU_REL(3.7677683302e-5, cournot_dist(&c, 200), 1e-8);
	free(z);
	free(o);
	dmech_core_fini(&c);
}

/* Table 1 on the 31-node binary tree (delta depends on the graph and eta only). */
static void test_table1_tree(void **state)
{
	struct dmech_core c;
	struct err e;
	assert_int_equal(init_thesis(&c, DMECH_PRIVATE, 31, 0, 1, 0, &e), 0);
	assert_int_equal(c.xi_k, 12);
	TU_REL(1.8311e-4, 1 - c.xi, 1e-4);
	TU_REL(1005.6, c.delta, 1e-3);
	TU_REL(1123.6, c.margin, 1e-4);
	TU_REL(1005.607, dmech_core_delta_of(&c, 1 - 1.831e-4), 1e-6);
	/* k = 11 is infeasible: M ~ 562 < eta^2 = 625 */
	double m11 = dmech_core_margin(&c, 1 - 0.75 * ldexp(1, -11));
	assert_true(m11 < 625 && m11 > 550);
	double txi, tdelta;
	assert_int_equal(dmech_core_table1(DMECH_PRIVATE, DMECH_T1_TREE, &txi, &tdelta), 0);
	TU_REL(1005.6, tdelta, 0);
	dmech_core_fini(&c);

	assert_int_equal(init_thesis(&c, DMECH_PUBLIC, 31, 0, 1, 0, &e), 0);
	/* the dyadic rule: 1 - xi = 1.8311e-4, delta = 1.1140 */
	TU_REL(1.1140, c.delta, 1e-4);
	/* with Table 1's xi = 1 - 2.515e-4 the rule (4.82) gives Table 1's delta 0.9505 */
	TU_REL(0.9505, dmech_core_delta_of(&c, 1 - 2.515e-4), 1e-3);
	TU_REL(868.4, dmech_core_margin(&c, 1 - 2.515e-4), 1e-4);
	TU_REL(0.9505, dmech_core_delta_of(&c, 1 - 2.5156e-4), 1e-4);
	assert_true(dmech_core_margin(&c, 0.98) < 0); /* xi^2 <= (N-1)/N not admissible */
	dmech_core_fini(&c);
}

static void test_table1_rule(void **state)
{
	double th[31], sg[31];
	struct graph g;
	struct err e;
	struct dmech_core c;
	for (int i = 0; i < 31; i++) {
		th[i] = -1;
		sg[i] = 15;
	}
	assert_int_equal(graph_bintree(&g, 31, &e), 0);
	struct dmech_setup s = {DMECH_PUBLIC, 31, 25, 0, th, sg, 0, 0, DMECH_XI_TABLE1,
				DMECH_T1_TREE};
	assert_int_equal(dmech_core_init(&c, &s, &g, &e), 0);
	TU_REL(1 - 2.515e-4, c.xi, 1e-15);
	TU_REL(0.9505, c.delta, 1e-15);
	assert_int_equal(c.xi_k, -1);
	dmech_core_fini(&c);
	/* a given delta wins over the table */
	struct rng r;
	rng_seed(&r, 4);
	assert_int_equal(graph_er(&g, 31, 0.3, &r, 10000, &e), 0);
	s.mech = DMECH_PRIVATE;
	s.t1row = DMECH_T1_ER;
	s.delta = 999;
	assert_int_equal(dmech_core_init(&c, &s, &g, &e), 0);
	TU_REL(1 - 7.324e-4, c.xi, 1e-15);
	TU_REL(999, c.delta, 0);
	dmech_core_fini(&c);
	/* no Table 1 row for a ring */
	assert_int_equal(graph_ring(&g, 31, &e), 0);
	s.t1row = DMECH_T1_NONE;
	assert_int_equal(dmech_core_init(&c, &s, &g, &e), -1);
	assert_non_null(strstr(e.msg, "Table 1"));
	dmech_core_fini(&c);
}

/* At m~: beta(m~) = m~, x = x*, p = lambda* / mu*, quadratic tax terms 0, sum t = 0. */
static void check_equilibrium(struct dmech_core *c)
{
	double *o = calloc(c->dim, sizeof *o);
	dmech_core_br(c, c->eq, -1, o);
	assert_true(l2_diff(o, c->eq, c->dim) <= 1e-12 * c->eq_l2);
	dmech_core_eval(c, c->eq);
	double tsum = 0, tabs = 0, xs = 0, ps = 0;
	for (int i = 0; i < c->n; i++) {
		xs = fmax(xs, fabs(c->xstar[i]));
		ps = fmax(ps, fabs(c->pstar[i]));
	}
	for (int i = 0; i < c->n; i++) {
		assert_true(fabs(c->x[i] - c->xstar[i]) <= 1e-9 * xs);
		assert_true(fabs(c->p[i] - c->pstar[i]) <= 1e-9 * ps);
		tsum += c->tax[i];
		tabs += fabs(c->tax[i]);
	}
	double scale = 0; /* the size of the individual payments p_i x_i */
	for (int i = 0; i < c->n; i++)
		scale += fabs(c->pstar[i] * c->xstar[i]);
	assert_true(fabs(tsum) <= 1e-9 * scale);
	/* every block computed from the gather table is the stored equilibrium, bit for bit */
	for (int i = 0; i < c->n; i++) {
		dmech_core_eq_block(c, i, o);
		assert_memory_equal(o, c->eq + c->off[i], (c->off[i + 1] - c->off[i]) * sizeof *o);
	}
	free(o);
}

static void test_equilibrium_invariants(void **state)
{
	struct err e;
	for (int mech = 0; mech < 3; mech++)
		for (int er = 0; er < 2; er++)
			for (int k = 0; k < 2; k++) {
				struct dmech_core c;
				double c1 = k ? 3.5 : 0;
				assert_int_equal(init_thesis(&c, mech, 31, er, 7 + (uint64_t)er, c1, &e),
						 0);
				check_equilibrium(&c);
				if (mech != DMECH_PUBLIC) { /* feasibility: sum x* = c1 */
					double sx = 0;
					for (int i = 0; i < 31; i++)
						sx += c.xstar[i];
					assert_true(fabs(sx - c1) < 1e-9);
				}
				dmech_core_fini(&c);
			}
}

/* u_i(m) = v_i(x_i(m)) - t_i(m), read from dmech_core_eval. */
static double utility(struct dmech_core *c, const double *m, int i)
{
	dmech_core_eval(c, m);
	return c->theta[i] * c->x[i] * c->x[i] + c->sigma[i] * c->x[i] - c->tax[i];
}

/* The closed-form best response maximises u_i over agent i's block, for a random message:
 * every coordinate perturbation lowers u_i, and by a second-order amount. */
static void test_br_maximises_utility(void **state)
{
	struct err e;
	for (int mech = 0; mech < 3; mech++) {
		struct dmech_core c;
		struct rng r;
		assert_int_equal(init_thesis(&c, mech, 15, 1, 3, 1.0, &e), 0);
		rng_seed(&r, 99);
		double *m = malloc(c.dim * sizeof *m), *o = malloc(c.dim * sizeof *o);
		for (size_t k = 0; k < c.dim; k++)
			m[k] = c.eq[k] * (1 + 0.3 * rng_uniform_range(&r, -1, 1)) +
			       rng_uniform_range(&r, -1, 1);
		for (int i = 0; i < c.n; i += 4) {
			memcpy(o, m, c.dim * sizeof *o);
			dmech_core_br(&c, m, i, o);
			double u0 = utility(&c, o, i);
			for (size_t k = c.off[i]; k < c.off[i + 1]; k++) {
				for (int sgn = -1; sgn <= 1; sgn += 2) {
					double h = 1e-3 * (1 + fabs(o[k]));
					double keep = o[k];
					o[k] += sgn * h;
					double u1 = utility(&c, o, i);
					o[k] = keep;
					assert_true(u1 < u0);
					/* first-order condition: the loss is O(h^2) */
					assert_true(u0 - u1 < 1e3 * h * h * (1 + fabs(u0)));
				}
			}
		}
		free(m);
		free(o);
		dmech_core_fini(&c);
	}
}

/* player >= 0 writes exactly that block, equal to the full round's block. */
static void test_sequential_block(void **state)
{
	struct err e;
	for (int mech = 0; mech < 3; mech++) {
		struct dmech_core c;
		assert_int_equal(init_thesis(&c, mech, 13, 0, 5, 0, &e), 0);
		double *m = malloc(c.dim * sizeof *m), *full = malloc(c.dim * sizeof *full);
		double *one = malloc(c.dim * sizeof *one);
		for (size_t k = 0; k < c.dim; k++)
			m[k] = sin((double)k) * 10;
		dmech_core_br(&c, m, -1, full);
		for (int i = 0; i < c.n; i++) {
			for (size_t k = 0; k < c.dim; k++)
				one[k] = NAN;
			dmech_core_br(&c, m, i, one);
			for (size_t k = 0; k < c.dim; k++) {
				if (k >= c.off[i] && k < c.off[i + 1])
					assert_true(one[k] == full[k]);
				else
					assert_true(isnan(one[k]));
			}
		}
		free(m);
		free(full);
		free(one);
		dmech_core_fini(&c);
	}
}

/* The Jacobian J of the best response, densely, and its spectral radius. */
static double dense_radius(struct dmech_core *c)
{
	size_t d = c->dim;
	double *J = calloc(d * d, sizeof *J), *v = calloc(d, sizeof *v), *o = calloc(d, sizeof *o);
	for (size_t j = 0; j < d; j++) {
		memset(v, 0, d * sizeof *v);
		v[j] = 1;
		dmech_core_jv(c, v, o);
		for (size_t i = 0; i < d; i++)
			J[i * d + j] = o[i];
	}
	double rho = eig_radius(J, (int)d, (int)d);
	free(J);
	free(v);
	free(o);
	return rho;
}

/* Arnoldi on the reduced delay system (private/public) or on J (summary) agrees with a
 * dense eigen-solve of the full Jacobian. */
static void test_spectral_radius_dense(void **state)
{
	struct err e;
	for (int mech = 0; mech < 3; mech++)
		for (int er = 0; er < 2; er++) {
			struct dmech_core c;
			assert_int_equal(init_thesis(&c, mech, 12, er, 11, 0, &e), 0);
			double resid, rho = dmech_core_spectral_radius(&c, &resid);
			TU_REL(dense_radius(&c), rho, 1e-9);
			dmech_core_fini(&c);
		}
}

/* Private mechanism: the best response for any xi is the xi = 1 one after rescaling the
 * proxies, so rho(J) and the y trajectory do not depend on xi (spec §6.4). */
static void test_private_xi_invariance(void **state)
{
	struct dmech_core a, b;
	init7(&a, DMECH_PRIVATE, 0.999, 300);
	init7(&b, DMECH_PRIVATE, 0.9, 300);
	TU_REL(dmech_core_spectral_radius(&a, NULL), dmech_core_spectral_radius(&b, NULL), 1e-10);
	double *ma = calloc(a.dim, sizeof *ma), *oa = calloc(a.dim, sizeof *oa);
	double *mb = calloc(b.dim, sizeof *mb), *ob = calloc(b.dim, sizeof *ob);
	for (int n = 1; n <= 300; n++) {
		dmech_core_br(&a, ma, -1, oa);
		dmech_core_br(&b, mb, -1, ob);
		memcpy(ma, oa, a.dim * sizeof *ma);
		memcpy(mb, ob, b.dim * sizeof *mb);
		for (int i = 0; i < 7; i++)
			TU_REL(ma[a.off[i]], mb[b.off[i]], 1e-9);
	}
	/* the proxies do depend on xi */
	assert_true(fabs(ma[a.off[3] + 1 + 6] - mb[b.off[3] + 1 + 6]) > 1e-3);
	/* the public mechanism's rho does depend on xi */
	struct dmech_core p, q;
	init7(&p, DMECH_PUBLIC, 0.999, 4);
	init7(&q, DMECH_PUBLIC, 0.99, 4);
	assert_true(fabs(dmech_core_spectral_radius(&p, NULL) -
			 dmech_core_spectral_radius(&q, NULL)) > 1e-6);
	free(ma);
	free(oa);
	free(mb);
	free(ob);
	dmech_core_fini(&a);
	dmech_core_fini(&b);
	dmech_core_fini(&p);
	dmech_core_fini(&q);
}

/* The summary mechanism is far from contractive on the thesis's graphs. */
static void test_summary_not_contractive(void **state)
{
	struct err e;
	for (int er = 0; er < 2; er++) {
		struct dmech_core c;
		assert_int_equal(init_thesis(&c, DMECH_SUMMARY, 31, er, 1, 0, &e), 0);
		assert_int_equal(c.dim, 4 * 31 - 2);
		assert_true(dmech_core_rowsum(&c) > 2);
		assert_true(dmech_core_spectral_radius(&c, NULL) > 1.05);
		assert_true(cournot_dist(&c, 200) > 1e3 * cournot_dist(&c, 0));
		dmech_core_fini(&c);
	}
}

/* Every certified (xi, delta) has row-sum norm < 1 on the thesis's instance. */
static void test_rowsum_certified(void **state)
{
	struct err e;
	for (int mech = 0; mech < 2; mech++)
		for (int er = 0; er < 2; er++) {
			struct dmech_core c;
			assert_int_equal(init_thesis(&c, mech, 31, er, 2, 0, &e), 0);
			assert_true(c.margin > 625);
			double rs = dmech_core_rowsum(&c);
			assert_true(rs < 1 && rs >= c.xi);
			assert_true(dmech_core_spectral_radius(&c, NULL) < rs);
			dmech_core_fini(&c);
		}
}

/* The certificate (4.68)/(4.81): the rule's (xi, delta) and the thesis's Table 1 presets
 * (also on our own ER samples, as the spec expects) pass; a small private delta fails. */
static void test_certificate(void **state)
{
	struct err e;
	for (int mech = 0; mech < 2; mech++)
		for (int er = 0; er < 2; er++)
			for (uint64_t seed = 1; seed <= 3; seed++) {
				struct dmech_core c;
				double xi, delta;
				assert_int_equal(init_thesis(&c, mech, 31, er, seed, 0, &e), 0);
				assert_true(dmech_core_certified(&c));
				dmech_core_fini(&c);
				/* the same draw with Table 1's constants */
				double th[31], sg[31];
				struct rng r;
				struct graph g;
				rng_seed(&r, seed);
				for (int i = 0; i < 31; i++) {
					th[i] = rng_uniform_range(&r, -12.5, -0.02);
					sg[i] = rng_uniform_range(&r, 10, 20);
				}
				if (er)
					assert_int_equal(graph_er(&g, 31, 0.3, &r, 10000, &e), 0);
				else
					assert_int_equal(graph_bintree(&g, 31, &e), 0);
				assert_int_equal(dmech_core_table1(mech, er, &xi, &delta), 0);
				struct dmech_setup s = {mech, 31, 25, 0, th, sg, 0, 0, DMECH_XI_TABLE1,
							er ? DMECH_T1_ER : DMECH_T1_TREE};
				assert_int_equal(dmech_core_init(&c, &s, &g, &e), 0);
				assert_true(c.xi == xi && c.delta == delta);
				assert_true(dmech_core_certified(&c));
				assert_true(dmech_core_rowsum(&c) < 1);
				dmech_core_fini(&c);
			}
	struct dmech_core c;
	init7(&c, DMECH_PRIVATE, 0, 100); /* eta = 25 > delta/(N-1) = 16.7 */
	assert_false(dmech_core_certified(&c));
	dmech_core_fini(&c);
}

static void test_errors(void **state)
{
	double th[7] = {-1, -1, -1, -1, -1, -1, -20}, sg[7] = {10, 10, 10, 10, 10, 10, 10};
	struct graph g;
	struct err e;
	struct dmech_core c;
	assert_int_equal(graph_bintree(&g, 7, &e), 0);
	struct dmech_setup s = {DMECH_PRIVATE, 7, 25, 0, th, sg, 0, 0, DMECH_XI_DYADIC,
				DMECH_T1_NONE};
	assert_int_equal(dmech_core_init(&c, &s, &g, &e), -1);
	assert_non_null(strstr(e.msg, "theta[7]"));
	dmech_core_fini(&c);
	th[6] = -1;
	int ed[] = {0, 1, 1, 2, 3, 4, 4, 5, 5, 6};
	assert_int_equal(graph_edges(&g, 7, ed, 5, &e), 0);
	assert_int_equal(dmech_core_init(&c, &s, &g, &e), -1);
	assert_non_null(strstr(e.msg, "connected"));
	dmech_core_fini(&c);
	/* public with an inadmissible xi and no delta */
	assert_int_equal(graph_bintree(&g, 7, &e), 0);
	s.mech = DMECH_PUBLIC;
	s.xi = 0.5;
	assert_int_equal(dmech_core_init(&c, &s, &g, &e), -1);
	assert_non_null(strstr(e.msg, "not admissible"));
	dmech_core_fini(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors_private),
		cmocka_unit_test(test_vectors_public),
		cmocka_unit_test(test_table1_tree),
		cmocka_unit_test(test_table1_rule),
		cmocka_unit_test(test_equilibrium_invariants),
		cmocka_unit_test(test_br_maximises_utility),
		cmocka_unit_test(test_sequential_block),
		cmocka_unit_test(test_spectral_radius_dense),
		cmocka_unit_test(test_private_xi_invariance),
		cmocka_unit_test(test_summary_not_contractive),
		cmocka_unit_test(test_rowsum_certified),
		cmocka_unit_test(test_certificate),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
