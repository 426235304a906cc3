/* ui_game: the payoff-matrix and simplex views of a finite game (see game.h). Limits: the
 * matrix shows the first run and as many rows and columns as fit (a note says how many
 * are left out); the simplex shows the first run's players of exactly three actions.
 * Neighbours: view, chart, luabind. */
#include "ui/game.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "chart/chart.h"
#include "core/learn.h"
#include "core/sim.h"
#include "core/xmalloc.h"
#include "luabind/lb.h"

#define NAME_W 12 /* cells of an action's name at most */

static int imax(int a, int b)
{
	return a > b ? a : b;
}

static void note(struct canvas *c, struct ui_rect r, const char *text, enum cell_role role)
{
	int len = (int)strlen(text);
	canvas_text(c, r.x + (len < r.w ? (r.w - len) / 2 : 0), r.y + r.h / 2, text, r.w, role);
}

/* Action k of player p: the scenario's name, else its number (1-based). */
static void action_name(const struct session *s, int p, int k, char *buf, size_t size)
{
	const char *name = lb_action_name(s->scn, p, k);
	if (name)
		snprintf(buf, size, "%.*s", NAME_W, name);
	else
		snprintf(buf, size, "%d", k + 1);
}

/* The probability of action k in the strategy distribution's curve of player p. */
static double prob(const struct dist *strategy, int p, int k)
{
	if (!strategy || (size_t)p >= strategy->ncurves || (size_t)k >= strategy->c[p].n)
		return NAN;
	return strategy->c[p].y[k];
}

/* The action player p plays now (the largest component of its block), or -1. */
static int played(const struct sim *sim, size_t off, int n)
{
	const double *a = learn_action(sim->learn);
	int best = -1;
	for (int k = 0; a && k < n; k++)
		if (best < 0 || a[off + (size_t)k] > a[off + (size_t)best])
			best = k;
	return best;
}

static void matrix(const struct ui_view_ctx *x, struct canvas *c, struct ui_rect r,
		   const struct dist *pay, const struct dist *strategy)
{
	const struct session *s = x->s;
	const struct dist_grid *g = &pay->grid;
	int n1 = (int)g->ny, n2 = (int)g->nx;
	if (g->ncols < 2) {
		note(c, r, "no payoffs", ROLE_ERROR);
		return;
	}
	int now1 = played(s->runs[0], 0, n1), now2 = played(s->runs[0], (size_t)n1, n2);
	/* Widths: the row labels, then one column per action of player 2. */
	char buf[96];
	int lw = 0, cw = 0;
	for (int i = 0; i < n1; i++) {
		action_name(s, 0, i, buf, sizeof buf);
		lw = imax(lw, (int)strlen(buf) + 5);
	}
	for (int j = 0; j < n2; j++) {
		action_name(s, 1, j, buf, sizeof buf);
		cw = imax(cw, (int)strlen(buf) + 5);
		for (int i = 0; i < n1; i++) {
			int len = snprintf(buf, sizeof buf, "[%.3g, %.3g]",
					   g->v[0][(size_t)i * (size_t)n2 + (size_t)j],
					   g->v[1][(size_t)i * (size_t)n2 + (size_t)j]);
			cw = imax(cw, len);
		}
	}
	cw += 2;
	int cols = (r.w - lw - 1) / cw, rows = r.h - 3;
	if (cols > n2)
		cols = n2;
	if (rows > n1)
		rows = n1;
	if (cols < 1 || rows < 1) {
		note(c, r, "too small for the matrix", ROLE_AXIS);
		return;
	}
	canvas_text(c, r.x, r.y, "player 1 rows, 2 columns; [ ] now", r.w, ROLE_AXIS);
	int y0 = r.y + 2;
	for (int j = 0; j < cols; j++) {
		char name[48];
		action_name(s, 1, j, name, sizeof name);
		snprintf(buf, sizeof buf, "%s %.2f", name, prob(strategy, 1, j));
		canvas_text(c, r.x + lw + 1 + j * cw, y0 - 1, buf, cw - 1, ROLE_SERIES1 + 1);
	}
	for (int i = 0; i < rows; i++) {
		char name[48];
		action_name(s, 0, i, name, sizeof name);
		snprintf(buf, sizeof buf, "%s %.2f", name, prob(strategy, 0, i));
		canvas_text(c, r.x, y0 + i, buf, lw, ROLE_SERIES1);
		for (int j = 0; j < cols; j++) {
			int now = i == now1 && j == now2;
			snprintf(buf, sizeof buf, "%s%.3g, %.3g%s", now ? "[" : " ",
				 g->v[0][(size_t)i * (size_t)n2 + (size_t)j],
				 g->v[1][(size_t)i * (size_t)n2 + (size_t)j], now ? "]" : "");
			canvas_text(c, r.x + lw + 1 + j * cw, y0 + i, buf, cw - 1,
				    now ? ROLE_HIGHLIGHT : ROLE_LABEL);
		}
	}
	if (rows < n1 || cols < n2) {
		snprintf(buf, sizeof buf, "(%d of %d rows, %d of %d columns shown)", rows, n1, cols,
			 n2);
		canvas_text(c, r.x, y0 + rows, buf, r.w, ROLE_AXIS);
	}
}

/* The curve labelled `label` of d, or NULL. */
static const struct dist_curve *curve(const struct dist *d, const char *label)
{
	for (size_t k = 0; k < d->ncurves; k++)
		if (strcmp(d->c[k].label, label) == 0)
			return &d->c[k];
	return NULL;
}

static void simplex(const struct ui_view_ctx *x, struct canvas *c, struct ui_rect r,
		    const struct dist *path)
{
	const struct session *s = x->s;
	struct chart_simplex_path sp[4];
	double *third[4] = { NULL };
	char labels[4][64];
	double ne[2][3];
	size_t n = 0;
	const char *corner[3] = { NULL, NULL, NULL };
	char names[3][48];
	for (int p = 1; p <= 2 && n + 2 <= 4; p++) {
		char l1[16], l2[16], l3[16];
		snprintf(l1, sizeof l1, "p%d a1", p);
		snprintf(l2, sizeof l2, "p%d a2", p);
		snprintf(l3, sizeof l3, "p%d a3", p);
		const struct dist_curve *a1 = curve(path, l1), *a2 = curve(path, l2);
		if (!a1 || !a2 || curve(path, l3) || a1->n != a2->n)
			continue; /* not exactly three actions */
		double *a3 = xmallocarray(a1->n ? a1->n : 1, sizeof *a3);
		for (size_t j = 0; j < a1->n; j++)
			a3[j] = 1 - a1->y[j] - a2->y[j];
		third[n] = a3;
		snprintf(labels[n], sizeof labels[n], "player %d", p);
		sp[n++] = (struct chart_simplex_path){ .label = labels[n - 1],
							.p = { a1->y, a2->y, a3 }, .n = a1->n };
		snprintf(l1, sizeof l1, "NE p%d a1", p);
		snprintf(l2, sizeof l2, "NE p%d a2", p);
		const struct dist_curve *e1 = curve(path, l1), *e2 = curve(path, l2);
		if (e1 && e2 && e1->n && e2->n) {
			double *q = ne[p - 1];
			q[0] = e1->y[0];
			q[1] = e2->y[0];
			q[2] = 1 - q[0] - q[1];
			snprintf(labels[n], sizeof labels[n], "NE %d", p);
			sp[n++] = (struct chart_simplex_path){ .label = labels[n - 1],
								.p = { &q[0], &q[1], &q[2] }, .n = 1,
								.style = DIST_STYLE_REFERENCE };
		}
		if (!corner[0])
			for (int k = 0; k < 3; k++) {
				action_name(s, p - 1, k, names[k], sizeof names[k]);
				corner[k] = names[k];
			}
	}
	if (n == 0)
		note(c, r, "the simplex shows players of three actions", ROLE_AXIS);
	else
		chart_simplex(c, r.x, r.y, r.w, r.h, sp, n, corner,
			      &(struct chart_opts){ .ascii = x->ascii });
	for (size_t k = 0; k < 4; k++)
		free(third[k]);
}

void ui_game_draw(const struct ui_view_ctx *x, struct canvas *c, struct ui_rect r,
		  const struct view_spec *v, const struct ui_view_cache *cache)
{
	const struct session *s = x->s;
	const struct ui_view_slot *sl = cache->nslots ? &cache->slot[0] : NULL;
	if (!sl || !sl->tried || sl->sim != s->runs[0]) {
		note(c, r, "computing...", ROLE_AXIS);
		return;
	}
	if (!sl->ok) {
		note(c, r, sl->err, ROLE_ERROR);
		return;
	}
	if (strcmp(v->game, "matrix") == 0) {
		const struct ui_view_slot *st = &cache->slot2[0];
		matrix(x, c, r, &sl->d, st->ok ? &st->d : NULL);
	} else {
		simplex(x, c, r, &sl->d);
	}
}
