/* view: what a chart pane shows, as declared by a scenario's `views` (or a model's default):
 * either some scalar series over the steps (or against another series: a curve over a swept
 * parameter, a phase plot), or one of the model's distributions (of a grid, one value
 * column; of curves, optionally a cobweb of two series' iterates on them).
 * Plain data, shared by luabind (parses it), ui (draws it) and batch (--plot). */
#ifndef TATON_VIEW_H
#define TATON_VIEW_H

#define VIEW_MAX_SERIES 8

enum view_kind { VIEW_SERIES, VIEW_DIST };

struct view_spec {
	enum view_kind kind;
	char title[80];
	int nseries;
	char series[VIEW_MAX_SERIES][40]; /* VIEW_SERIES: series names */
	char x[40];                       /* VIEW_SERIES: the series on the x axis; "" = step */
	char dist[40];                    /* VIEW_DIST: distribution name */
	char value[40];                   /* VIEW_DIST of a grid: value column; "" = the first */
	int logy;                         /* -1 = the series' preference, 0 = linear, 1 = log */
	char cobweb[2][40];               /* VIEW_DIST of curves: series x_n and y_n whose recent
					   * iterates (x_n, y_n) are drawn as a cobweb on the
					   * curve, e.g. z and gamma on gamma(z); "" = none */
	char game[16];                    /* VIEW_DIST of a finite game drawn its own way:
					   * "matrix" (dist payoffs, dist2 strategy: the payoff
					   * matrix with the empirical strategies) or "simplex"
					   * (dist mix_path: the path in the simplex); "" = none */
	char dist2[40];                   /* the second distribution such a view draws */
};

#endif
