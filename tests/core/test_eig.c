/* Unit tests of core/eig: the dense Hessenberg QR and eig_radius on matrices with known
 * spectra, and eig_arnoldi_radius on large operators whose spectral radius has a closed form
 * (a real dominant pair +-rho of a symmetric operator, where the reported residual bounds
 * the error; a complex dominant pair of a non-normal one). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/eig.h"
#include "core/rng.h"
#include "tests/testutil.h"

/* The dense QR on a companion matrix with known roots: every eigenvalue found, trace and
 * |det| exact. */
static void test_hqr_companion(void **state)
{
	/* companion matrix of (z-1)(z-2)(z+4)(z^2-2z+5): roots 1, 2, -4, 1 +- 2i */
	/* expand: (z-1)(z-2) = z^2-3z+2; times (z+4): z^3+z^2-10z+8;
	 * times (z^2-2z+5): z^5 - z^4 - 7 z^3 + 33 z^2 - 66 z + 40 */
	double cm[25] = {0};
	double coef[5] = {-1, -7, 33, -66, 40}; /* z^5 + c4 z^4 + ... */
	for (int j = 0; j < 5; j++)
		cm[j] = -coef[j];
	for (int i = 1; i < 5; i++)
		cm[i * 5 + i - 1] = 1;
	double h[25], wr[5], wi[5];
	memcpy(h, cm, sizeof h);
	eig_hessenberg(h, 5, 5);
	assert_int_equal(eig_hqr(h, 5, 5, wr, wi), 0);
	double sumr = 0, prodmod = 1, maxmod = 0;
	int found4 = 0, foundc = 0;
	for (int i = 0; i < 5; i++) {
		sumr += wr[i];
		prodmod *= hypot(wr[i], wi[i]);
		maxmod = fmax(maxmod, hypot(wr[i], wi[i]));
		found4 += fabs(wr[i] + 4) < 1e-10 && fabs(wi[i]) < 1e-10;
		foundc += fabs(wr[i] - 1) < 1e-10 && fabs(fabs(wi[i]) - 2) < 1e-10;
	}
	TU_REL(1, sumr, 1e-12);         /* trace */
	TU_REL(40, prodmod, 1e-10);     /* |det| */
	TU_REL(4, maxmod, 1e-12);
	assert_int_equal(found4, 1);
	assert_int_equal(foundc, 2);
}

/* eig_radius of a rotation block scaled by 0.5 (and two smaller real eigenvalues) hidden by a
 * random non-orthogonal similarity. */
static void test_radius_similarity(void **state)
{
	double a[16] = {0.5 * cos(1.0), -0.5 * sin(1.0), 0, 0, 0.5 * sin(1.0), 0.5 * cos(1.0), 0, 0,
			0, 0, 0.25, 0, 0, 0, 0, -0.3};
	double t[16], ti[16], b[16] = {0};
	/* t = I + strictly upper random, ti its inverse by back substitution */
	struct rng r;
	rng_seed(&r, 5);
	memset(t, 0, sizeof t);
	for (int i = 0; i < 4; i++) {
		t[i * 4 + i] = 1;
		for (int j = i + 1; j < 4; j++)
			t[i * 4 + j] = rng_uniform_range(&r, -2, 2);
	}
	memset(ti, 0, sizeof ti);
	for (int col = 0; col < 4; col++)
		for (int i = 3; i >= 0; i--) {
			double v = i == col;
			for (int j = i + 1; j < 4; j++)
				v -= t[i * 4 + j] * ti[j * 4 + col];
			ti[i * 4 + col] = v;
		}
	double tmp[16] = {0};
	for (int i = 0; i < 4; i++)
		for (int j = 0; j < 4; j++)
			for (int k = 0; k < 4; k++)
				tmp[i * 4 + j] += t[i * 4 + k] * a[k * 4 + j];
	for (int i = 0; i < 4; i++)
		for (int j = 0; j < 4; j++)
			for (int k = 0; k < 4; k++)
				b[i * 4 + j] += tmp[i * 4 + k] * ti[k * 4 + j];
	TU_REL(0.5, eig_radius(b, 4, 4), 1e-12);
}

/* The path graph's adjacency (0 on the diagonal, 1 beside it): eigenvalues
 * 2 cos(k pi / (n + 1)), k = 1..n, so the radius is 2 cos(pi / (n + 1)), a +-rho pair with
 * a gap of O(1/n^2) below it. */
static void path_op(void *ctx, const double *v, double *out)
{
	size_t n = *(const size_t *)ctx;
	for (size_t i = 0; i < n; i++)
		out[i] = (i > 0 ? v[i - 1] : 0) + (i + 1 < n ? v[i + 1] : 0);
}

static void test_arnoldi_symmetric(void **state)
{
	size_t n = 200;
	double resid = -1;
	double rho = eig_arnoldi_radius(n, 2 * n, path_op, &n, &resid);
	/* converged to the stopping rule (Ritz residual <= 1e-12 rho); for a symmetric operator
	 * the eigenvalue error is at most the residual */
	assert_true(resid >= 0 && resid <= 1e-12 * rho);
	TU_REL(2 * cos(M_PI / (double)(n + 1)), rho, 1e-12);
	/* at n = 1000 the gap is too small for the cycle limit: the residual still bounds the
	 * error, so a caller can tell how far to trust the estimate */
	n = 1000;
	rho = eig_arnoldi_radius(n, 2 * n, path_op, &n, &resid);
	double exact = 2 * cos(M_PI / (double)(n + 1));
	if (!(fabs(rho - exact) <= resid))
		fail_msg("n = 1000: error %.3g exceeds the reported residual %.3g",
			 fabs(rho - exact), resid);
}

/* T B T^-1 with B block diagonal of 2 x 2 rotations by t_k scaled by r_k (eigenvalues
 * r_k e^{+-i t_k}; r_k from 0.3 to 0.9) and T = I + 0.5 (superdiagonal): non-normal, with
 * a complex dominant pair of modulus 0.9. */
struct rot {
	size_t n;
	double *w;
};

static void rot_op(void *ctx, const double *v, double *out)
{
	struct rot *r = ctx;
	size_t n = r->n;
	/* w = T^-1 v by back substitution */
	for (size_t i = n; i-- > 0;)
		r->w[i] = v[i] - (i + 1 < n ? 0.5 * r->w[i + 1] : 0);
	for (size_t b = 0; b < n / 2; b++) {
		double rk = 0.3 + 0.6 * (double)b / (double)(n / 2 - 1), t = 0.1 + 0.02 * (double)b;
		double x = r->w[2 * b], y = r->w[2 * b + 1];
		out[2 * b] = rk * (cos(t) * x - sin(t) * y);
		out[2 * b + 1] = rk * (sin(t) * x + cos(t) * y);
	}
	for (size_t i = 0; i < n; i++) /* out = T out */
		out[i] += i + 1 < n ? 0.5 * out[i + 1] : 0;
}

static void test_arnoldi_complex_pair(void **state)
{
	struct rot r = {200, calloc(200, sizeof(double))};
	double resid = -1;
	double rho = eig_arnoldi_radius(r.n, 10 * r.n, rot_op, &r, &resid);
	assert_true(resid >= 0 && resid <= 1e-12 * rho);
	TU_REL(0.9, rho, 1e-12);
	free(r.w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hqr_companion),
		cmocka_unit_test(test_radius_similarity),
		cmocka_unit_test(test_arnoldi_symmetric),
		cmocka_unit_test(test_arnoldi_complex_pair),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
