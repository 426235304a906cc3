/* nfg: finite normal-form games (model "nfg") and the affine test game (model "affine").
 * The classes are in models.h; this header exposes the pure-equilibrium enumeration for
 * tests. */
#ifndef TATON_NFG_H
#define TATON_NFG_H

#include <stddef.h>

/* Profile index of an action profile (player 0 slowest), given action counts. */
size_t nfg_profile_index(const int *nact, int nplayers, const int *profile);

#endif
