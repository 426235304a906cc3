/* ui_view: one chart pane. Draws a scenario view (core/view.h) of the session's runs into a
 * rectangle: a frame whose top edge carries the pane number and title, and inside it a line
 * chart of the named series over the steps (every run overlaid, labelled by its variant) or
 * the model's named distribution (the runs' curves overlaid) with the chart its kind calls
 * for. Distributions are cached per pane and recomputed when a command ran, or when the sim
 * moved on and the cache is older than UI_VIEW_DIST_PERIOD seconds, or ten times what the
 * last computation cost (so a million-agent CDF is not sorted thirty times a second, and a
 * distribution that needs a slow solve takes at most a tenth of the time while running).
 * Neighbours: chart (rendering), session/sim (data), draw (calls it), ui (owns the caches). */
#ifndef TATON_UI_VIEW_H
#define TATON_UI_VIEW_H

#include <stddef.h>
#include "chart/canvas.h"
#include "cli/session.h"
#include "core/series.h"
#include "core/view.h"
#include "ui/layout.h"

#define UI_VIEW_DIST_PERIOD 0.2

struct ui_view_slot {
	const struct sim *sim; /* identity only */
	long n;
	unsigned long gen;
	double t;              /* ui time of the computation */
	double cost;           /* seconds it took (wall clock) */
	int ok;                /* d is valid */
	struct dist d;
	char err[ERR_MSG_MAX];
};

struct ui_view_cache {
	size_t nslots;
	struct ui_view_slot *slot; /* one per run (owned) */
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

/* Draws pane `pane` (view v) into rectangle r of c, framed (highlighted when focused). */
void ui_view_draw(const struct ui_view_ctx *x, struct canvas *c, struct ui_rect r, int pane,
		  const struct view_spec *v, int focused, struct ui_view_cache *cache);

#endif
