/* bench_chart: rendering speed of a full chart frame: four charts (a line chart with three
 * series of 2000 points, a log-y line chart, a CDF of 2000 samples, a histogram of 2000
 * samples) tiled 2 x 2 into a 200 x 60 canvas, in braille and in ASCII. Prints CPU and
 * wall time per frame (min / median / max over repeats, bench_util.h) next to the 5 ms
 * target; exits 0 either way (figures, not a test). With --print it prints the frame
 * instead. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench_util.h"
#include "chart/chart.h"

#define NPTS 2000
#define TARGET 5e-3 /* seconds per frame */

/* Van der Corput radical inverse: deterministic, well spread samples in [0, 1). */
static double vdc(unsigned n, unsigned base)
{
	double q = 0, bk = 1.0 / base;
	while (n) {
		q += (double)(n % base) * bk;
		n /= base;
		bk /= base;
	}
	return q;
}

static double y[3][NPTS], err[NPTS], smp[NPTS];

static void frame(struct canvas *c, int ascii)
{
	struct chart_series line[3] = {
		{"fictitious", NULL, y[0], NPTS, 0},
		{"cournot", NULL, y[1], NPTS, 0},
		{"damped", NULL, y[2], NPTS, 0},
	};
	struct chart_series conv = {"distance", NULL, err, NPTS, 0};
	struct chart_series samples = {"bids", smp, NULL, NPTS, 0};
	struct chart_opts o = {.ascii = ascii, .legend = 1, .title = "Shares", .xlabel = "step"};
	int w = c->w / 2, h = c->h / 2;

	canvas_clear(c);
	chart_line(c, 0, 0, w, h, line, 3, &o);
	o.logy = 1;
	o.title = "Distance to equilibrium";
	chart_line(c, w, 0, w, h, &conv, 1, &o);
	o.logy = 0;
	o.title = "Bid CDF";
	o.xlabel = "bid";
	chart_cdf(c, 0, h, w, h, &samples, 1, &o);
	o.title = "Bid histogram";
	chart_hist(c, w, h, w, h, &samples, 1, &o);
}

struct frames {
	struct canvas *c;
	int ascii;
};

static void frames(void *ctx, long n)
{
	struct frames *f = ctx;
	for (long k = 0; k < n; k++)
		frame(f->c, f->ascii);
}

int main(int argc, char **argv)
{
	struct canvas c;
	double p = 1, z0 = 1, z1 = 0.9;

	for (int i = 0; i < NPTS; i++) {
		y[0][i] = (double)i / (i + 200.0);
		y[1][i] = 1 - (double)i / (i + 600.0);
		y[2][i] = 0.5 + 0.4 * z0;
		double zn = 2 * 0.995 * 0.99 * z1 - 0.99 * 0.99 * z0;
		z0 = z1;
		z1 = zn;
		err[i] = p;
		p *= 0.99;
		unsigned u = (unsigned)i + 1;
		smp[i] = vdc(u, 2) + vdc(u, 3) + vdc(u, 5);
	}
	canvas_init(&c, 200, 60);
	if (argc > 1 && strcmp(argv[1], "--print") == 0) {
		/* Shows the benchmarked frame (braille) instead of timing it. */
		frame(&c, 0);
		char *t = canvas_to_text(&c);
		fputs(t, stdout);
		free(t);
		canvas_fini(&c);
		return 0;
	}
	printf("chart frame 200x60, 4 charts: time per frame\n");
	bench_header();
	for (int ascii = 0; ascii <= 1; ascii++) {
		struct frames f = {&c, ascii};
		struct bench_result r;
		long n = bench_calibrate(frames, &f, 0.05);
		bench_run(&r, frames, &f, n, 1, 7);
		bench_report(ascii ? "ascii" : "braille", &r, TARGET);
	}
	canvas_fini(&c);
	return 0;
}
