/* spbe_stage: the stage game (6.25) at one grid point of the chapter-6 public-goods game,
 * private to spbe_core: its evaluation and its solution by support enumeration. The public
 * entry points (spbe_stage_eval, spbe_stage_solve) are declared in spbe_core.h; this header
 * only gives spbe_core the solvers' workspace. Neighbours: spbe_core.c. */
#ifndef TATON_SPBE_STAGE_H
#define TATON_SPBE_STAGE_H

#include "core/models/spbe_core.h"

struct spbe_work *spbe_work_new(const struct spbe *s);
void spbe_work_free(struct spbe_work *w); /* NULL is a no-op */

#endif
