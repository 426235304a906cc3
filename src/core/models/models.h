/* models: the list of built-in model classes. Each model file defines
 * `const struct model_ops NAME_model_ops`; one line in MODEL_LIST declares it and puts it in
 * model_registry (model.c), in this order (the order of `taton list`). */
#ifndef TATON_MODELS_H
#define TATON_MODELS_H

#include "core/model.h"

#define MODEL_LIST(X)                                                                   \
	X(mfg)    /* mean-field trading market, paper 000 (mfg.c) */                      \
	X(dmech)  /* distributed mechanisms, thesis ch. 4 (dmech.c) */                    \
	X(psp)    /* distributed PSP auction for a data exchange, paper 001 (psp.c) */    \
	X(nfg)    /* finite normal-form games (nfg.c) */                                  \
	X(affine) /* affine contraction game for tests and benches (nfg.c) */

#define MODEL_DECLARE(name) extern const struct model_ops name##_model_ops;
MODEL_LIST(MODEL_DECLARE)
#undef MODEL_DECLARE

#endif
