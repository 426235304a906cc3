/* bench_ui: the explorer's full frame, without a terminal. Loads the default scenario (or
 * the one named by argv[1]), runs it for a while so the series have a history, then draws
 * whole 200x60 screens as the explorer does while running: one step between frames, the
 * clock advancing 1/30 s per frame (so distributions are recomputed about every sixth
 * frame). Target: a frame in at most 5 ms on average. Exits 1 above the target. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench_util.h"
#include "chart/canvas.h"
#include "cli/session.h"
#include "ui/ui.h"

#define W 200
#define H 60
#define FRAMES 300
#define LIMIT_MS 5.0

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
	/* A history: up to 1000 steps or 2 s of stepping. */
	double t0 = bench_now(), step_max = 0;
	long steps = 0;
	while (steps < 1000 && bench_now() - t0 < 2.0) {
		double a = bench_now();
		if (ui_step(&u) < 0)
			break;
		double d = bench_now() - a;
		if (d > step_max)
			step_max = d;
		steps++;
	}
	struct canvas c;
	canvas_init(&c, W, H);
	double sum = 0, worst = 0, now = 0;
	s.running = 1; /* distributions refresh at their running pace */
	for (int f = 0; f < FRAMES; f++) {
		ui_step(&u);
		now += 1.0 / 30;
		double a = bench_now();
		ui_draw(&u, &c, now);
		double d = bench_now() - a;
		sum += d;
		if (d > worst)
			worst = d;
	}
	s.running = 0;
	double mean_ms = sum / FRAMES * 1e3;
	printf("scenario: %s, %d chart panes, history %ld steps (slowest step %.2f ms)\n",
	       argc > 1 ? argv[1] : "default", u.layout.ncharts, sim_n(s.runs[0]),
	       step_max * 1e3);
	printf("frame %dx%d: mean %.3f ms, worst %.3f ms over %d frames (target %.0f ms): %s\n",
	       W, H, mean_ms, worst * 1e3, FRAMES, LIMIT_MS, mean_ms <= LIMIT_MS ? "ok" : "OVER");
	canvas_fini(&c);
	ui_fini(&u);
	session_fini(&s);
	return mean_ms <= LIMIT_MS ? 0 : 1;
}
