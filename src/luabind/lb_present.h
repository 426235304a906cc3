/* lb_present: the scenario keys that say how the explorer presents a scenario rather than
 * what is computed: `speed` (the running speed it opens at), `tol` (the convergence
 * tolerance of the status line's notice), `sliders` (slider steps of parameters) and
 * `action_names` (names of a finite game's actions). Internal to src/luabind: lb.c parses
 * them into the scenario and answers lb_speed, lb_tol, lb_slider_step and lb_action_name.
 * Neighbours: lb (owner), lb_value (key checks). */
#ifndef TATON_LB_PRESENT_H
#define TATON_LB_PRESENT_H

#include <stddef.h>
#include <lua.h>
#include "core/err.h"
#include "core/param.h"

#define LB_PRESENT_MAX_NAME 40 /* bytes of an action name */

struct lb_present {
	double speed;        /* steps per second; <= 0: as fast as possible; NaN: not given */
	double tol;          /* NaN: not given; 0: no convergence notice */
	size_t nsliders;
	char **slider;       /* parameter names (owned) */
	double *step;        /* their steps */
	size_t nplayers;     /* players with names; 0: none */
	int shared;          /* one list names every player's actions */
	size_t *nactions;    /* per player */
	char ***action;      /* [player][action] (owned) */
};

/* Reads the keys from the scenario table at index t. params: the model's parameters (for
 * the slider names); where: "file:LINE" for messages. 0, or -1 with e naming the key and
 * what it allows. */
int lb_present_parse(struct lb_present *p, lua_State *L, int t, const struct params *params,
		     const char *where, struct err *e);
void lb_present_fini(struct lb_present *p);
/* The slider step of parameter `name` (0: none given). */
double lb_present_step(const struct lb_present *p, const char *name);
/* The name of `action` (0-based) of `player` (0-based), or NULL. */
const char *lb_present_action(const struct lb_present *p, int player, int action);

#endif
