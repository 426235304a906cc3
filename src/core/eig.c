/* eig: eigenvalues of small dense matrices and the spectral radius of large operators (see
 * eig.h). Only eigenvalues are wanted, so every QR transformation is applied to the active
 * diagonal block alone: the blocks above and right of it never change the block's
 * eigenvalues. Neighbours: dmech_core. */
#include "core/eig.h"

#include <complex.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

#define A(i, j) a[(size_t)(i) * (size_t)ld + (size_t)(j)]
#define H(i, j) h[(size_t)(i) * (size_t)ld + (size_t)(j)]
#define MAX_ITER 400 /* per eigenvalue (defective zero eigenvalues converge slowly) */

void eig_hessenberg(double *a, int n, int ld)
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

int eig_hqr(double *h, int n, int ld, double *wr, double *wi)
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

double eig_radius(double *a, int n, int ld)
{
	double *wr = xmallocarray(n > 0 ? (size_t)n * 2 : 2, sizeof *wr), *wi = wr + n;
	double rho = 0;
	eig_hessenberg(a, n, ld);
	if (eig_hqr(a, n, ld, wr, wi) < 0)
		rho = NAN;
	for (int i = 0; i < n && !isnan(rho); i++)
		rho = fmax(rho, hypot(wr[i], wi[i]));
	free(wr);
	return rho;
}

/* ------------------------------------------------------------------ Arnoldi */

static double dot(const double *a, const double *b, size_t n)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += a[i] * b[i];
	return s;
}

/* Eigenvector s of the k x k Hessenberg h (row-major, leading dimension ld) for the
 * eigenvalue theta by two steps of inverse iteration in complex arithmetic. */
static void ritz_vector(const double *h, int k, int ld, double complex theta, double complex *s)
{
	double complex *a = xmallocarray((size_t)k * (size_t)k, sizeof *a);
	double hn = 0;
	for (int i = 0; i < k * k; i++)
		hn = fmax(hn, fabs(h[(i / k) * ld + i % k]));
	for (int i = 0; i < k; i++)
		s[i] = 1;
	for (int it = 0; it < 2; it++) {
		for (int i = 0; i < k; i++)
			for (int j = 0; j < k; j++)
				a[i * k + j] = h[i * ld + j] - (i == j ? theta : 0);
		/* Gaussian elimination with partial pivoting; tiny pivots nudged (singular
		 * by design: theta is an eigenvalue) */
		for (int p = 0; p < k; p++) {
			int piv = p;
			for (int i = p + 1; i < k; i++)
				if (cabs(a[i * k + p]) > cabs(a[piv * k + p]))
					piv = i;
			if (piv != p) {
				for (int j = 0; j < k; j++) {
					double complex t = a[p * k + j];
					a[p * k + j] = a[piv * k + j];
					a[piv * k + j] = t;
				}
				double complex t = s[p];
				s[p] = s[piv];
				s[piv] = t;
			}
			if (cabs(a[p * k + p]) < 1e-14 * (hn > 0 ? hn : 1))
				a[p * k + p] = 1e-14 * (hn > 0 ? hn : 1);
			for (int i = p + 1; i < k; i++) {
				double complex f = a[i * k + p] / a[p * k + p];
				for (int j = p; j < k; j++)
					a[i * k + j] -= f * a[p * k + j];
				s[i] -= f * s[p];
			}
		}
		for (int i = k - 1; i >= 0; i--) {
			double complex t = s[i];
			for (int j = i + 1; j < k; j++)
				t -= a[i * k + j] * s[j];
			s[i] = t / a[i * k + i];
		}
		double big = 0;
		int bi = 0;
		for (int i = 0; i < k; i++)
			if (cabs(s[i]) > big) {
				big = cabs(s[i]);
				bi = i;
			}
		double complex sc = big > 0 ? conj(s[bi]) / (big * big) : 1;
		for (int i = 0; i < k; i++)
			s[i] *= sc;
	}
	free(a);
}

#define ARNOLDI_M 40
#define ARNOLDI_CYCLES 40
#define ARNOLDI_WORK 1.2e9 /* matrix-entry operations: describe stays within a second or two */
#define ARNOLDI_TOL 1e-12  /* Ritz residual, relative to rho */
#define RESTART_RITZ 4
#define WARM_MAX 20000
#define WARM_SHARE 0.6 /* share of the work budget for the power warm-up */

/* Explicitly restarted Arnoldi (restart vector: the leading Ritz vectors, real and
 * imaginary parts added). */
double eig_arnoldi_radius(size_t nop, size_t op_cost,
			  void (*op)(void *ctx, const double *v, double *out), void *ctx,
			  double *resid)
{
	int m = nop < ARNOLDI_M ? (int)nop : ARNOLDI_M;
	double *v = xmallocarray((size_t)(m + 1) * nop, sizeof *v);
	double *w = xmallocarray(nop, sizeof *w);
	double *h = xcalloc((size_t)(m + 1) * (size_t)m, sizeof *h);
	double *hc = xmallocarray((size_t)m * (size_t)m, sizeof *hc);
	double *wr = xmallocarray((size_t)m * 2, sizeof *wr), *wi = wr + m;
	double complex *s = xmallocarray((size_t)m, sizeof *s);
	/* fixed start vector: a deterministic +-1 pattern from an LCG */
	uint64_t st = 0x9e3779b97f4a7c15u;
	for (size_t i = 0; i < nop; i++) {
		st = st * 6364136223846793005u + 1442695040888963407u;
		v[i] = (st >> 63) ? 1.0 : -1.0;
		v[i] *= 1 + (double)((st >> 40) & 0xff) / 256;
	}
	double rho = NAN, prev = NAN, resid_out = INFINITY, work = 0;
	/* Warm-up: power steps damp the many eigenvalues far from the dominant ones (the
	 * delay systems of long-diameter graphs have a large, slowly mixing spectrum that a
	 * short Krylov space started from a generic vector misses). Stops early when the
	 * two-step growth factor settles. */
	double warm_budget = WARM_SHARE * ARNOLDI_WORK, g_prev = NAN, g_old = NAN;
	int settled = 0;
	for (int step = 0; step < WARM_MAX && work < warm_budget && settled < 20; step++) {
		double nv = sqrt(dot(v, v, nop));
		if (!(nv > 0) || !isfinite(nv))
			break;
		for (size_t i = 0; i < nop; i++)
			v[i] /= nv;
		op(ctx, v, w);
		work += (double)op_cost + 2.0 * (double)nop;
		double gw = sqrt(dot(w, w, nop)); /* |J v| for |v| = 1 */
		double g2 = sqrt(gw * g_prev);    /* two-step factor: also settles for +-rho */
		settled = fabs(g2 - g_old) <= 1e-14 * g2 ? settled + 1 : 0;
		if (settled)
			resid_out = fabs(g2 - g_old);
		g_old = g2;
		g_prev = gw;
		memcpy(v, w, nop * sizeof *w);
	}
	if (settled >= 20) /* a real dominant eigenvalue (or a +-rho pair): done */
		rho = g_old;
	for (int cycle = 0; cycle < ARNOLDI_CYCLES && settled < 20; cycle++) {
		double nv = sqrt(dot(v, v, nop));
		if (!(nv > 0))
			break;
		for (size_t i = 0; i < nop; i++)
			v[i] /= nv;
		memset(h, 0, (size_t)(m + 1) * (size_t)m * sizeof *h);
		int k = m;
		double opnorm = 0;
		for (int j = 0; j < m; j++) {
			double *vj = v + (size_t)j * nop, *vn = v + (size_t)(j + 1) * nop;
			op(ctx, vj, w);
			work += (double)op_cost + 4.0 * (j + 1) * (double)nop;
			double wn0 = sqrt(dot(w, w, nop));
			opnorm = fmax(opnorm, wn0);
			for (int pass = 0; pass < 2; pass++) /* classical Gram-Schmidt, twice */
				for (int i = 0; i <= j; i++) {
					const double *vi = v + (size_t)i * nop;
					double c = dot(w, vi, nop);
					h[i * m + j] += c;
					for (size_t t = 0; t < nop; t++)
						w[t] -= c * vi[t];
				}
			double wn = sqrt(dot(w, w, nop));
			h[(j + 1) * m + j] = wn;
			if (wn <= 1e-13 * (opnorm > 0 ? opnorm : 1)) { /* invariant subspace */
				k = j + 1;
				break;
			}
			for (size_t t = 0; t < nop; t++)
				vn[t] = w[t] / wn;
		}
		for (int i = 0; i < k; i++)
			for (int j = 0; j < k; j++)
				hc[i * k + j] = h[i * m + j];
		if (eig_hqr(hc, k, k, wr, wi) < 0)
			break;
		/* order the Ritz values by modulus (selection of the top RESTART_RITZ) */
		int top[RESTART_RITZ] = {0}, ntop = 0;
		for (int i = 0; i < k; i++) {
			double mi = hypot(wr[i], wi[i]);
			int pos = ntop;
			while (pos > 0 && hypot(wr[top[pos - 1]], wi[top[pos - 1]]) < mi)
				pos--;
			if (pos >= RESTART_RITZ)
				continue;
			if (ntop < RESTART_RITZ)
				ntop++;
			for (int t = ntop - 1; t > pos; t--)
				top[t] = top[t - 1];
			top[pos] = i;
		}
		int best = top[0];
		prev = rho;
		rho = hypot(wr[best], wi[best]);
		if (k < m || k == (int)nop) { /* invariant subspace: exact Ritz values */
			resid_out = 0;
			break;
		}
		/* restart from the leading Ritz vectors (real + imaginary parts), each scaled
		 * to unit largest component; the residual of the dominant one is
		 * h_{k+1,k} |s_k| / |s| */
		memset(w, 0, nop * sizeof *w);
		for (int t = 0; t < ntop; t++) {
			ritz_vector(h, k, m, wr[top[t]] + I * wi[top[t]], s);
			if (t == 0) {
				double sn = 0;
				for (int j = 0; j < k; j++)
					sn = hypot(sn, cabs(s[j]));
				resid_out = h[k * m + k - 1] * cabs(s[k - 1]) / sn;
			}
			for (int j = 0; j < k; j++) {
				double f = creal(s[j]) + cimag(s[j]);
				const double *vj = v + (size_t)j * nop;
				for (size_t q = 0; q < nop; q++)
					w[q] += f * vj[q];
			}
		}
		if (resid_out <= ARNOLDI_TOL * fmax(rho, 1e-300) || work > ARNOLDI_WORK ||
		    (fabs(rho - prev) <= 1e-15 * rho))
			break;
		memcpy(v, w, nop * sizeof *w);
	}
	if (resid)
		*resid = resid_out;
	free(v);
	free(w);
	free(h);
	free(hc);
	free(wr);
	free(s);
	return rho;
}
