/* eig: eigenvalues for the core. Small dense real matrices: Householder reduction to
 * Hessenberg form and the Francis implicit double-shift QR iteration (Golub & Van Loan,
 * Alg. 7.4.2 and 7.5.1), eigenvalues only, O(n^3), meant for n up to a few hundred. Large
 * operators given only as a product v -> A v: the spectral radius by restarted Arnoldi,
 * whose small Hessenberg matrices go to the dense routine.
 * The dense QR does what GSL's gsl_eigen_nonsymm does; it works in place on the Arnoldi
 * loop's small Hessenberg matrices, bounds the iteration count and reports failure, and it
 * is kept as it was written for dmech so that every output stays byte-identical. Every
 * routine is deterministic.
 * Neighbours: dmech_core (the mechanisms' Jacobian), any model needing a spectral radius.
 * Matrices are row-major with leading dimension ld; the caller owns every array. */
#ifndef TATON_EIG_H
#define TATON_EIG_H

#include <stddef.h>

/* Reduces the n x n matrix a to upper Hessenberg form in place by orthogonal similarity
 * (entries below the subdiagonal are set to 0). */
void eig_hessenberg(double *a, int n, int ld);

/* Eigenvalues of the upper Hessenberg matrix h (n x n; destroyed) into wr[0..n) + i wi[0..n).
 * Returns 0, or -1 when the iteration did not converge (the eigenvalues found so far are
 * kept, the rest set to NaN). */
int eig_hqr(double *h, int n, int ld, double *wr, double *wi);

/* Largest modulus of the eigenvalues of the n x n matrix a (destroyed); NaN when the
 * iteration fails. */
double eig_radius(double *a, int n, int ld);

/* Spectral radius of the linear operator op on R^n (op(ctx, v, out) writes out = A v; v and
 * out do not overlap; op_cost is the cost of one product in multiply-adds, for the work
 * budget). Power steps first (they alone settle a real dominant eigenvalue or a +-rho pair),
 * then explicitly restarted Arnoldi (Krylov dimension up to 40, restarted from the leading
 * Ritz vectors) from a fixed start vector, so the result is deterministic. Stops when the
 * Ritz residual is below 1e-12 rho, the space is invariant, or the work budget (about
 * 1.2e9 multiply-adds) is spent. Returns the estimate; *resid (if non-NULL) gets the last
 * residual or change of the estimate. Allocates O(40 n) temporarily. */
double eig_arnoldi_radius(size_t n, size_t op_cost,
			  void (*op)(void *ctx, const double *v, double *out), void *ctx,
			  double *resid);

#endif
