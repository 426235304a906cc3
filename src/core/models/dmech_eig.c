/* dmech_eig: eigenvalues of small dense real matrices (see dmech_eig.h). Only eigenvalues are
 * wanted, so every transformation is applied to the active diagonal block alone: the blocks
 * above and right of it never change the block's eigenvalues. Neighbours: dmech_core. */
#include "core/models/dmech_eig.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "core/xmalloc.h"

#define A(i, j) a[(size_t)(i) * (size_t)ld + (size_t)(j)]
#define H(i, j) h[(size_t)(i) * (size_t)ld + (size_t)(j)]
#define MAX_ITER 400 /* per eigenvalue (defective zero eigenvalues converge slowly) */

void dmech_eig_hessenberg(double *a, int n, int ld)
{
	for (int k = 0; k + 2 < n; k++) {
		/* reflector P = I - beta v v^T that zeroes a[k+2..n)[k] */
		double nrm = 0;
		for (int i = k + 1; i < n; i++)
			nrm = hypot(nrm, A(i, k));
		if (nrm == 0)
			continue;
		double x0 = A(k + 1, k);
		double alpha = x0 > 0 ? -nrm : nrm;
		double v0 = x0 - alpha;
		/* v = (v0, a[k+2][k], ...), v^T v = 2 nrm (nrm + |x0|) */
		double vtv = v0 * v0;
		for (int i = k + 2; i < n; i++)
			vtv += A(i, k) * A(i, k);
		if (vtv == 0)
			continue;
		double beta = 2 / vtv;
		/* v lives in column k (rows k+2..) plus v0 */
		for (int j = k + 1; j < n; j++) { /* left: rows k+1..n, columns k+1..n */
			double s = v0 * A(k + 1, j);
			for (int i = k + 2; i < n; i++)
				s += A(i, k) * A(i, j);
			s *= beta;
			A(k + 1, j) -= s * v0;
			for (int i = k + 2; i < n; i++)
				A(i, j) -= s * A(i, k);
		}
		for (int i = 0; i < n; i++) { /* right: all rows, columns k+1..n */
			double s = A(i, k + 1) * v0;
			for (int j = k + 2; j < n; j++)
				s += A(i, j) * A(j, k);
			s *= beta;
			A(i, k + 1) -= s * v0;
			for (int j = k + 2; j < n; j++)
				A(i, j) -= s * A(j, k);
		}
		A(k + 1, k) = alpha;
		for (int i = k + 2; i < n; i++)
			A(i, k) = 0;
	}
}

/* Eigenvalues of [[p, q], [r, s]]. */
static void eig2(double p, double q, double r, double s, double *wr, double *wi)
{
	double mid = 0.5 * (p + s), half = 0.5 * (p - s);
	double disc = half * half + q * r;
	if (disc >= 0) {
		double sq = sqrt(disc);
		double r1 = mid + copysign(sq, mid);
		double r2 = r1 != 0 ? (p * s - q * r) / r1 : mid - copysign(sq, mid);
		wr[0] = r1;
		wr[1] = r2;
		wi[0] = wi[1] = 0;
	} else {
		double im = sqrt(-disc);
		wr[0] = wr[1] = mid;
		wi[0] = im;
		wi[1] = -im;
	}
}

/* Householder reflector for the 3-vector (or 2-vector when m == 2) x: v with v[0] free,
 * beta; returns 0 when x is zero (nothing to do). */
static int reflector(const double *x, int m, double *v, double *beta)
{
	double nrm = 0;
	for (int i = 0; i < m; i++)
		nrm = hypot(nrm, x[i]);
	if (nrm == 0)
		return 0;
	double alpha = x[0] > 0 ? -nrm : nrm;
	v[0] = x[0] - alpha;
	double vtv = v[0] * v[0];
	for (int i = 1; i < m; i++) {
		v[i] = x[i];
		vtv += v[i] * v[i];
	}
	if (vtv == 0)
		return 0;
	*beta = 2 / vtv;
	return 1;
}

/* Applies I - beta v v^T (size m) to rows p..p+m of columns c0..c1 (left), then to columns
 * p..p+m of rows r0..r1 (right). */
static void apply(double *h, int ld, int p, int m, const double *v, double beta, int c0, int c1,
		  int r0, int r1)
{
	for (int j = c0; j <= c1; j++) {
		double s = 0;
		for (int i = 0; i < m; i++)
			s += v[i] * H(p + i, j);
		s *= beta;
		for (int i = 0; i < m; i++)
			H(p + i, j) -= s * v[i];
	}
	for (int i = r0; i <= r1; i++) {
		double s = 0;
		for (int k = 0; k < m; k++)
			s += H(i, p + k) * v[k];
		s *= beta;
		for (int k = 0; k < m; k++)
			H(i, p + k) -= s * v[k];
	}
}

int dmech_eig_hqr(double *h, int n, int ld, double *wr, double *wi)
{
	double norm = 0;
	for (int i = 0; i < n; i++)
		for (int j = i > 0 ? i - 1 : 0; j < n; j++)
			norm += fabs(H(i, j));
	int hi = n - 1, iter = 0;
	while (hi >= 0) {
		/* deflation: the lowest l with a negligible subdiagonal H(l, l-1) */
		int l = hi;
		while (l > 0) {
			double s = fabs(H(l - 1, l - 1)) + fabs(H(l, l));
			if (s == 0)
				s = norm;
			if (fabs(H(l, l - 1)) <= DBL_EPSILON * s) {
				H(l, l - 1) = 0;
				break;
			}
			l--;
		}
		if (l == hi) {
			wr[hi] = H(hi, hi);
			wi[hi] = 0;
			hi--;
			iter = 0;
			continue;
		}
		if (l == hi - 1) {
			eig2(H(hi - 1, hi - 1), H(hi - 1, hi), H(hi, hi - 1), H(hi, hi), wr + hi - 1,
			     wi + hi - 1);
			hi -= 2;
			iter = 0;
			continue;
		}
		if (++iter > MAX_ITER) {
			for (int i = 0; i <= hi; i++)
				wr[i] = wi[i] = NAN;
			return -1;
		}
		/* Francis double shift on the block l..hi: shifts are the eigenvalues of the
		 * trailing 2x2 block (sum s, product t), ad hoc ones every 10 iterations */
		double s = H(hi - 1, hi - 1) + H(hi, hi);
		double t = H(hi - 1, hi - 1) * H(hi, hi) - H(hi - 1, hi) * H(hi, hi - 1);
		if (iter % 10 == 0) {
			double es = fabs(H(hi, hi - 1)) + fabs(H(hi - 1, hi - 2));
			s = 1.5 * es;
			t = es * es;
		}
		double x[3], v[3], beta;
		x[0] = H(l, l) * H(l, l) + H(l, l + 1) * H(l + 1, l) - s * H(l, l) + t;
		x[1] = H(l + 1, l) * (H(l, l) + H(l + 1, l + 1) - s);
		x[2] = H(l + 1, l) * H(l + 2, l + 1);
		for (int p = l; p <= hi - 2; p++) {
			if (reflector(x, 3, v, &beta)) {
				int c0 = p > l ? p - 1 : l;
				int r1 = p + 3 < hi ? p + 3 : hi;
				apply(h, ld, p, 3, v, beta, c0, hi, l, r1);
			}
			x[0] = H(p + 1, p);
			x[1] = H(p + 2, p);
			if (p < hi - 2)
				x[2] = H(p + 3, p);
		}
		if (reflector(x, 2, v, &beta))
			apply(h, ld, hi - 1, 2, v, beta, hi - 2 > l ? hi - 2 : l, hi, l, hi);
	}
	return 0;
}

double dmech_eig_radius(double *a, int n, int ld)
{
	double *wr = xmallocarray(n > 0 ? (size_t)n * 2 : 2, sizeof *wr), *wi = wr + n;
	double rho = 0;
	dmech_eig_hessenberg(a, n, ld);
	if (dmech_eig_hqr(a, n, ld, wr, wi) < 0)
		rho = NAN;
	for (int i = 0; i < n && !isnan(rho); i++)
		rho = fmax(rho, hypot(wr[i], wi[i]));
	free(wr);
	return rho;
}
