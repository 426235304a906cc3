/* lb_game: a game defined in Lua, turned into a run-time model class (internal to
 * src/luabind). The scenario's `game` table supplies players, per-player dimension, start,
 * best_response and optionally payoff, equilibrium and extra series; the scenario's
 * `params` table declares the game's parameters. The class (struct model_ops) and every
 * instance it creates call into the scenario's Lua state, which lives until both the
 * scenario and the last instance are gone.
 * Neighbours: lb (owner), lb_sandbox (calls), lb_value (profiles), core/model, core/learn. */
#ifndef TATON_LB_GAME_H
#define TATON_LB_GAME_H

#include "core/err.h"
#include "core/model.h"
#include "core/param.h"
#include "luabind/lb_sandbox.h"

struct lb_game;

/* Builds a class from the game table at stack index `game` and the parameter declarations
 * at index `decl` (0 = no parameters). name, summary and info are copied into the class.
 * `where` ("file:line") prefixes messages about the tables. NULL with e on error. */
struct lb_game *lb_game_new(struct lb_sandbox *sb, int game, int decl, const char *name,
			    const char *summary, const char *info, const char *where,
			    struct err *e);
void lb_game_free(struct lb_game *g);
/* The owner lets go of g: frees it now (0) when no instance lives, else (1) leaves g and
 * its sandbox to be freed by the last instance's destroy; the caller must then not free
 * the sandbox itself. */
int lb_game_release(struct lb_game *g);
/* The class; valid while g lives. */
const struct model_ops *lb_game_ops(const struct lb_game *g);
/* The declared defaults (including array/table defaults, which a param_spec cannot hold). */
const struct params *lb_game_defaults(const struct lb_game *g);

#endif
