/* ui_pace: the stepping pacer of the explorer. Given the time (seconds, from any monotonic
 * clock the caller reads) and the target speed, it says how many steps are due, and it
 * measures the steps per second actually achieved. Pure arithmetic: no clock is read here,
 * so the pacing is testable. The caller runs the due steps in a time slice (a slow step is
 * one call) and reports how many it ran.
 * Neighbours: tui (the loop and the clock), draw (shows the measured rate). */
#ifndef TATON_UI_PACE_H
#define TATON_UI_PACE_H

#define UI_PACE_WINDOW 0.5 /* seconds over which the rate is measured */

struct ui_pace {
	double last;     /* time of the last ui_pace_due */
	double owed;     /* fractional steps owed at the target speed */
	double win_t0;   /* start of the measuring window */
	long win_n0;     /* total at the start of the window */
	long total;      /* steps run through the pacer */
	double rate;     /* measured steps per second (0 until a window closes) */
	int running;
};

void ui_pace_init(struct ui_pace *p, double now);
/* Steps due now at `speed` steps per second (speed <= 0: as fast as possible, returned as
 * a large number: the caller stops at the end of its time slice). While not running
 * nothing is due and no debt builds up. At most about a fifth of a second of debt is
 * kept, so a slow step is not followed by a burst. */
long ui_pace_due(struct ui_pace *p, double now, double speed, int running);
/* Reports that n steps ran by `now`; updates the measured rate. */
void ui_pace_done(struct ui_pace *p, long n, double now);
/* Seconds until the next step is due (0 when one is due or at full speed; a large value
 * when not running). */
double ui_pace_wait(const struct ui_pace *p, double speed, int running);
/* The measured rate, which decays to 0 one window after stepping stops. */
double ui_pace_rate(const struct ui_pace *p, double now);

#endif
