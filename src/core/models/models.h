/* models: the built-in model classes, listed in model.c's registry. */
#ifndef TATON_MODELS_H
#define TATON_MODELS_H

#include "core/model.h"

extern const struct model_ops nfg_model_ops;   /* normal-form games (nfg.c) */
extern const struct model_ops mfg_model_ops;   /* mean-field trading market (mfg.c) */
extern const struct model_ops dmech_model_ops; /* thesis ch. 4 mechanisms (dmech.c) */
extern const struct model_ops affine_model_ops; /* affine test/bench game (nfg.c) */

#endif
