/* mfg_conv: block convolution of a signal with a fixed kernel by GSL's mixed-radix real FFT,
 * for the Loan extra of the mean-field solver (mfg_solve.c). Each call turns a window of the
 * signal into up to `block` outputs ("valid" convolution: no output depends on values outside
 * the window), so the solver can take the outputs of a block of grid nodes at once while it
 * keeps its Gauss-Seidel order: a server always jumps at least D = (k - c_serve)/h nodes, so
 * a block of at most D nodes never reads a node of its own block (and in the sweep direction
 * that reads only nodes not yet visited, any block keeps the order).
 * One plan holds the FFT size, GSL's wavetables and workspace and two kernel spectra (one per
 * kernel slot), all allocated by mfg_conv_new; setting a kernel and running allocate nothing.
 * Neighbours: mfg_solve.c (the only user); GSL (gsl_fft_real, gsl_fft_halfcomplex). */
#ifndef TATON_MFG_CONV_H
#define TATON_MFG_CONV_H

#include <stddef.h>

#define MFG_CONV_SLOTS 2

struct mfg_conv;

/* A plan for kernels of up to kmax values and up to `block` outputs per call (the FFT size
 * is the smallest 2^a 3^b 5^c >= block + kmax - 1). Owns everything; free with
 * mfg_conv_free. */
struct mfg_conv *mfg_conv_new(size_t kmax, size_t block);
void mfg_conv_free(struct mfg_conv *c);

/* Outputs per call (the `block` of mfg_conv_new), the FFT size and the longest kernel. */
size_t mfg_conv_block(const struct mfg_conv *c);
size_t mfg_conv_size(const struct mfg_conv *c);
size_t mfg_conv_kmax(const struct mfg_conv *c);

/* Outputs one call can give with the kernel of `slot` (size - len + 1 >= block): a kernel
 * shorter than kmax leaves room for more. */
size_t mfg_conv_capacity(const struct mfg_conv *c, int slot);

/* Sets kernel slot `slot` to k[0..len) (1 <= len <= kmax). */
void mfg_conv_kernel(struct mfg_conv *c, int slot, const double *k, size_t len);

/* y[t] = sum_{e < len} k[e] x[t + len - 1 - e] for t < nout (nout <= block), with the kernel
 * of `slot`: x holds nout + len - 1 values. Round-off is that of the FFT (about 1e-16 of
 * sum |k| max |x| times log2 of the size), not of the direct sum. nout may go up to
 * mfg_conv_capacity. */
void mfg_conv_run(struct mfg_conv *c, int slot, const double *x, size_t nout, double *y);

#endif
