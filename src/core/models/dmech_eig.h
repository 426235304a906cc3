/* dmech_eig: eigenvalues of small dense real matrices, for the spectral radius of the
 * mechanisms' best-response Jacobian (dmech_core runs Arnoldi and needs the eigenvalues of
 * the small Hessenberg matrix it builds). Householder reduction to Hessenberg form and the
 * Francis implicit double-shift QR iteration (Golub & Van Loan, Alg. 7.4.2 and 7.5.1),
 * eigenvalues only. Limits: O(n^3), meant for n up to a few hundred.
 * Neighbours: dmech_core (caller). */
#ifndef TATON_DMECH_EIG_H
#define TATON_DMECH_EIG_H

/* Reduces the n x n row-major matrix a (leading dimension ld) to upper Hessenberg form in
 * place by orthogonal similarity (entries below the subdiagonal are set to 0). */
void dmech_eig_hessenberg(double *a, int n, int ld);

/* Eigenvalues of the upper Hessenberg matrix h (n x n, row-major, leading dimension ld;
 * destroyed) into wr[0..n) + i wi[0..n). Returns 0, or -1 when the iteration did not
 * converge (the eigenvalues found so far are kept, the rest set to NaN). */
int dmech_eig_hqr(double *h, int n, int ld, double *wr, double *wi);

/* Largest modulus of the eigenvalues of the n x n row-major matrix a (destroyed); NaN when
 * the iteration fails. */
double dmech_eig_radius(double *a, int n, int ld);

#endif
