/* bench_ui: the explorer's full frame, without a terminal. Loads the default scenario (or
 * the one named by argv[1]), runs it for a while so the series have a history, then draws
 * whole 200x60 screens as the explorer does while running: one step between frames, the
 * clock advancing 1/30 s per frame (so distributions are recomputed about every sixth
 * frame; ui_refresh computes them outside the timing, as the explorer does before a frame).
 * Only ui_draw is timed: CPU and wall time per frame, min / median / max over
 * repeats of 30 frames, after 30 untimed frames (bench_util.h). Target: a frame in at most
 * 5 ms of CPU time (median); reported, never an exit status. Also: wrapping a lecture text
 * that is one 3 MB word (a scenario's info) to 40 cells, which must be linear (target
 * 50 ms; the explorer wraps it once per size). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench_util.h"
#include "chart/canvas.h"
#include "cli/session.h"
#include "ui/ui.h"
#include "ui/wrap.h"

#define W 200
#define H 60
#define FRAMES 30 /* per repeat: one second of the explorer's clock */
#define REPS 9
#define TARGET 5e-3 /* seconds per frame */

static void wrap_word(void *ctx, long n)
{
	for (long i = 0; i < n; i++) {
		size_t lines;
		ui_wrap_free(ui_wrap(ctx, 40, &lines));
	}
}

/* Draws `frames` frames as the explorer does while running; with r, adds the time spent
 * drawing as one repeat. */
static void frames(struct ui *u, struct canvas *c, double *now, struct bench_result *r)
{
	struct bench_clock sum = {0, 0};
	for (int f = 0; f < FRAMES; f++) {
		ui_step(u);
		*now += 1.0 / 30;
		ui_refresh(u, *now); /* the distributions, computed before a frame as the loop does */
		struct bench_clock t0 = bench_start();
		ui_draw(u, c, *now);
		struct bench_clock d = bench_elapsed(t0);
		sum.wall += d.wall;
		sum.cpu += d.cpu;
	}
	if (r)
		bench_result_add(r, sum, FRAMES);
}

int main(int argc, char **argv)
{
	const char *datadir = getenv("TATON_DATADIR");
	if (!datadir)
		datadir = ".";
	struct session s;
	struct err e = { { 0 } };
	session_init(&s, datadir);
	if (session_load(&s, argc > 1 ? argv[1] : NULL, &e) < 0) {
		fprintf(stderr, "bench_ui: %s\n", e.msg);
		session_fini(&s);
		return 1;
	}
	struct ui u;
	ui_init(&u, &s, 0, 0.0);
	/* A history: up to 1000 steps or 2 s of CPU time stepping. */
	double t0 = bench_cpu(), step_max = 0;
	long steps = 0;
	while (steps < 1000 && bench_cpu() - t0 < 2.0) {
		double a = bench_cpu();
		if (ui_step(&u) < 0)
			break;
		double d = bench_cpu() - a;
		if (d > step_max)
			step_max = d;
		steps++;
	}
	struct canvas c;
	canvas_init(&c, W, H);
	struct bench_result r = {0};
	double now = 0;
	s.running = 1; /* distributions refresh at their running pace */
	frames(&u, &c, &now, NULL); /* warm up */
	for (int k = 0; k < REPS; k++)
		frames(&u, &c, &now, &r);
	s.running = 0;
	printf("scenario: %s, %d chart panes, history %ld steps (slowest step %.2f ms CPU)\n",
	       argc > 1 ? argv[1] : "default", u.layout.ncharts, sim_n(s.runs[0]),
	       step_max * 1e3);
	printf("frame %dx%d, %d frames per repeat: time per frame\n", W, H, FRAMES);
	bench_header();
	bench_report("ui_draw", &r, TARGET);
	char *word = malloc(3000001);
	memset(word, 'x', 3000000);
	word[3000000] = '\0';
	struct bench_result rw = {0};
	bench_run(&rw, wrap_word, word, bench_calibrate(wrap_word, word, 0.05), 1, 7);
	bench_report("ui_wrap of a 3 MB word", &rw, 50e-3);
	free(word);
	canvas_fini(&c);
	ui_fini(&u);
	session_fini(&s);
	return 0;
}
