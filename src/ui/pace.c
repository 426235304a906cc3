/* ui_pace: due steps and the measured rate. Limits: the rate is an average over windows of
 * UI_PACE_WINDOW seconds, so it lags by up to one window. Neighbours: tui, draw. */
#include "ui/pace.h"

#include <limits.h>
#include <math.h>

void ui_pace_init(struct ui_pace *p, double now)
{
	*p = (struct ui_pace){ .last = now, .win_t0 = now };
}

long ui_pace_due(struct ui_pace *p, double now, double speed, int running)
{
	double dt = now - p->last;
	p->last = now;
	if (!running) {
		p->owed = 0;
		p->running = 0;
		return 0;
	}
	if (!p->running) {
		/* Starting: the first step is due at once. */
		p->running = 1;
		p->owed = 1;
		dt = 0;
	}
	if (speed <= 0)
		return LONG_MAX;
	if (dt > 0)
		p->owed += dt * speed;
	double cap = speed * 0.2 < 1 ? 1 : speed * 0.2;
	if (p->owed > cap)
		p->owed = cap;
	return (long)floor(p->owed + 1e-9); /* 0.1 s at 10/s is one step despite rounding */
}

void ui_pace_done(struct ui_pace *p, long n, double now)
{
	p->owed -= (double)n;
	if (p->owed < 0)
		p->owed = 0;
	p->total += n;
	double span = now - p->win_t0;
	if (span >= UI_PACE_WINDOW) {
		p->rate = (double)(p->total - p->win_n0) / span;
		p->win_t0 = now;
		p->win_n0 = p->total;
	}
}

double ui_pace_wait(const struct ui_pace *p, double speed, int running)
{
	if (!running)
		return 1e9;
	if (speed <= 0 || p->owed >= 1 || !p->running)
		return 0;
	return (1 - p->owed) / speed;
}

double ui_pace_rate(const struct ui_pace *p, double now)
{
	if (now - p->win_t0 >= 2 * UI_PACE_WINDOW)
		return p->total > p->win_n0 ? (double)(p->total - p->win_n0) / (now - p->win_t0) : 0;
	return p->rate;
}
