/* ui_view: one chart pane. Draws a scenario view (core/view.h) of the session's runs into a
 * rectangle: a frame whose top edge carries the pane number and title, and inside it a line
 * chart of the named series over the steps (every run overlaid, labelled by its variant;
 * the series' reference levels as dotted lines; the switches of dynamic as markers; all
 * steps or the recent window) or the model's named distribution (the runs' curves
 * overlaid; a cobweb of the recent iterates on a best-response curve) with the chart its
 * kind calls for.
 * Distributions are computed only by ui_view_refresh (through session_compute, never while
 * drawing) and cached per pane: recomputed when a command ran, or when the sim moved on and
 * the cache is older than UI_VIEW_DIST_PERIOD seconds, or ten times what the last
 * computation cost (so a million-agent CDF is not sorted thirty times a second, and a
 * distribution that needs a slow solve takes at most a tenth of the time while running).
 * A cancelled computation keeps the previous distribution and is not retried before the
 * next command. Neighbours: chart (rendering), session/sim (data), draw (calls it), ui
 * (owns the caches). */
#ifndef TATON_UI_VIEW_H
#define TATON_UI_VIEW_H

#include <stddef.h>
#include "chart/canvas.h"
#include "cli/session.h"
#include "core/series.h"
#include "core/view.h"
#include "ui/layout.h"

#define UI_VIEW_DIST_PERIOD 0.2
#define UI_VIEW_COBWEB 12 /* iterates a cobweb shows */

struct ui_view_slot {
	const struct sim *sim; /* identity only */
	long n;
	unsigned long gen;
	double t;              /* ui time of the computation */
	double cost;           /* seconds it took (wall clock) */
	int tried;             /* a computation for this sim ended (ok, err or cancelled) */
	int ok;                /* d is valid */
	int cancelled;         /* the last computation was cancelled at generation gen */
	struct dist d;
	char err[ERR_MSG_MAX];
};

struct ui_view_cache {
	size_t nslots;
	struct ui_view_slot *slot; /* one per run (owned) */
	struct ui_view_slot *slot2; /* the view's second distribution (dist2), one per run */
	size_t cap;
	double *buf;               /* scratch for series columns (owned) */
};

void ui_view_cache_fini(struct ui_view_cache *c);

struct ui_view_ctx {
	struct session *s;  /* borrowed */
	int ascii;
	unsigned long gen;  /* the ui's command generation */
	double now;
	int busy;           /* stepping continuously: distributions refresh at their pace */
};

/* The pane's title ("2 distance to equilibrium [log]") into buf. */
void ui_view_title(const struct session *s, int pane, const struct view_spec *v, char *buf,
		   size_t size);

/* Computes the stale distributions of view v (nothing for a series view). */
void ui_view_refresh(const struct ui_view_ctx *x, const struct view_spec *v,
		     struct ui_view_cache *cache);

/* Draws pane `pane` (view v) into rectangle r of c, framed (highlighted when focused).
 * Reads the runs' series and the cache; computes nothing. */
void ui_view_draw(const struct ui_view_ctx *x, struct canvas *c, struct ui_rect r, int pane,
		  const struct view_spec *v, int focused, struct ui_view_cache *cache);
/* The frame and title of pane `pane` with a note inside instead of the chart (a step is
 * computing and the runs cannot be read). */
void ui_view_note(const struct ui_view_ctx *x, struct canvas *c, struct ui_rect r, int pane,
		  const struct view_spec *v, int focused, const char *note);

#endif
