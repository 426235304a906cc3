/* mfg_conv: block convolution by GSL's mixed-radix real FFT (see mfg_conv.h). The FFT size
 * is a product of 2, 3 and 5, which GSL's mixed-radix transforms handle well, so the padding
 * beyond block + kmax - 1 stays small. Spectra are in GSL's halfcomplex layout: element 0
 * real, then (re, im) pairs of the frequencies 1 .. (n-1)/2, and for even n the real value
 * of frequency n/2 last. Neighbours: mfg_solve.c. */
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_fft_halfcomplex.h>
#include <gsl/gsl_fft_real.h>

#include "core/models/mfg_conv.h"
#include "core/xmalloc.h"

struct mfg_conv {
	size_t n, kmax, block;
	size_t len[MFG_CONV_SLOTS];     /* length of each slot's kernel */
	double *spec[MFG_CONV_SLOTS];   /* each slot's kernel spectrum (n, halfcomplex) */
	double *buf;                    /* n */
	gsl_fft_real_wavetable *rw;
	gsl_fft_halfcomplex_wavetable *hw;
	gsl_fft_real_workspace *ws;
};

/* Smallest 2^a 3^b 5^c >= m (m >= 1). */
static size_t nice_size(size_t m)
{
	for (size_t n = m;; n++) {
		size_t r = n;
		while (r % 2 == 0)
			r /= 2;
		while (r % 3 == 0)
			r /= 3;
		while (r % 5 == 0)
			r /= 5;
		if (r == 1)
			return n;
	}
}

struct mfg_conv *mfg_conv_new(size_t kmax, size_t block)
{
	struct mfg_conv *c = xcalloc(1, sizeof *c);
	c->kmax = kmax ? kmax : 1;
	c->block = block ? block : 1;
	c->n = nice_size(c->block + c->kmax - 1);
	if (c->n < 2)
		c->n = 2;
	for (int s = 0; s < MFG_CONV_SLOTS; s++)
		c->spec[s] = xcalloc(c->n, sizeof *c->spec[s]);
	c->buf = xcalloc(c->n, sizeof *c->buf);
	/* GSL reports a failed allocation through its handler (which aborts): off here, and
	 * out of memory goes to the fatal hook like every other allocation */
	gsl_error_handler_t *old = gsl_set_error_handler_off();
	c->rw = gsl_fft_real_wavetable_alloc(c->n);
	c->hw = gsl_fft_halfcomplex_wavetable_alloc(c->n);
	c->ws = gsl_fft_real_workspace_alloc(c->n);
	gsl_set_error_handler(old);
	if (!c->rw || !c->hw || !c->ws)
		xfatal("out of memory");
	return c;
}

void mfg_conv_free(struct mfg_conv *c)
{
	if (!c)
		return;
	for (int s = 0; s < MFG_CONV_SLOTS; s++)
		free(c->spec[s]);
	free(c->buf);
	gsl_fft_real_wavetable_free(c->rw);
	gsl_fft_halfcomplex_wavetable_free(c->hw);
	gsl_fft_real_workspace_free(c->ws);
	free(c);
}

size_t mfg_conv_block(const struct mfg_conv *c) { return c->block; }
size_t mfg_conv_size(const struct mfg_conv *c) { return c->n; }
size_t mfg_conv_kmax(const struct mfg_conv *c) { return c->kmax; }
size_t mfg_conv_capacity(const struct mfg_conv *c, int slot) { return c->n - c->len[slot] + 1; }

void mfg_conv_kernel(struct mfg_conv *c, int slot, const double *k, size_t len)
{
	double *sp = c->spec[slot];
	c->len[slot] = len;
	memcpy(sp, k, len * sizeof *sp);
	memset(sp + len, 0, (c->n - len) * sizeof *sp);
	gsl_fft_real_transform(sp, 1, c->n, c->rw, c->ws);
}

void mfg_conv_run(struct mfg_conv *c, int slot, const double *x, size_t nout, double *y)
{
	const size_t n = c->n, len = c->len[slot], nx = nout + len - 1;
	const double *restrict sp = c->spec[slot];
	double *restrict b = c->buf;
	memcpy(b, x, nx * sizeof *b);
	memset(b + nx, 0, (n - nx) * sizeof *b);
	gsl_fft_real_transform(b, 1, n, c->rw, c->ws);
	b[0] *= sp[0];
	size_t k = 1;
	for (; k + 1 < n; k += 2) { /* (re, im) pairs */
		double re = b[k] * sp[k] - b[k + 1] * sp[k + 1];
		double im = b[k] * sp[k + 1] + b[k + 1] * sp[k];
		b[k] = re;
		b[k + 1] = im;
	}
	if (k < n) /* even n: the real Nyquist term */
		b[k] *= sp[k];
	gsl_fft_halfcomplex_inverse(b, 1, n, c->hw, c->ws);
	/* the first len - 1 outputs are circular wrap-around: the valid ones follow */
	memcpy(y, b + len - 1, nout * sizeof *y);
}
