/* ui_game: a finite game's own views in a chart pane. "matrix": the payoff matrix of a
 * two-player game (from the model's payoffs grid) with each action's empirical frequency
 * beside it (from its strategy distribution) and the profile played now in brackets;
 * "simplex": the path of each three-action player's empirical mixed strategy in the
 * probability simplex, with the equalizing equilibrium (from mix_path). Actions are named
 * by the scenario's action_names. Draws from the view's caches only (ui_view_refresh fills
 * them) and the run's current action. Neighbours: view (dispatches game views), chart
 * (chart_simplex), luabind (action names). */
#ifndef TATON_UI_GAME_H
#define TATON_UI_GAME_H

#include "chart/canvas.h"
#include "core/view.h"
#include "ui/layout.h"
#include "ui/view.h"

/* Draws view v (v->game set) inside rectangle r (the pane without its frame). */
void ui_game_draw(const struct ui_view_ctx *x, struct canvas *c, struct ui_rect r,
		  const struct view_spec *v, const struct ui_view_cache *cache);

#endif
