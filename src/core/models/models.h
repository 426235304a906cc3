/* models: the list of built-in model classes. Each model file defines
 * `const struct model_ops NAME_model_ops`; one line in MODEL_LIST declares it and puts it in
 * model_registry (model.c), in this order (the order of `taton list`). */
#ifndef TATON_MODELS_H
#define TATON_MODELS_H

#include "core/model.h"

#define MODEL_LIST(X)                                                                   \
	X(mfg)    /* mean-field trading market, paper 000 (mfg.c) */                      \
	X(dmech)  /* distributed mechanisms, thesis ch. 4 (dmech.c) */                    \
	X(spbe)   /* structured PBE of a public-goods game, thesis ch. 6 (spbe.c) */      \
	X(radial) /* radial-allocation mechanisms, thesis ch. 1-3 (radial.c) */           \
	X(fairness) /* mechanism design for fairness, thesis ch. 5 (fairness.c) */        \
	X(ttp)    /* tradable time-specific permits, paper 004 (ttp.c) */                \
	X(dnbe)   /* DNBE mechanism, demand response day by day, paper 002 (dnbe.c) */    \
	X(psp)    /* distributed PSP auction for a data exchange, paper 001 (psp.c) */    \
	X(nfg)    /* finite normal-form games (nfg.c) */                                  \
	X(affine) /* affine contraction game for tests and benches (nfg.c) */

#define MODEL_DECLARE(name) extern const struct model_ops name##_model_ops;
MODEL_LIST(MODEL_DECLARE)
#undef MODEL_DECLARE

#endif
