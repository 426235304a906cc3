# The model library: numerics, engines, dynamics, models. Links libm, GLPK and GSL only
# (CORE_LIBS).
noinst_LIBRARIES += libcore.a
libcore_a_SOURCES = \
	src/core/err.c src/core/err.h \
	src/core/text.c src/core/text.h \
	src/core/xmalloc.c src/core/xmalloc.h \
	src/core/cancel.c src/core/cancel.h \
	src/core/trace.c src/core/trace.h \
	src/core/rng.c src/core/rng.h \
	src/core/stats.c src/core/stats.h \
	src/core/param.c src/core/param.h \
	src/core/series.c src/core/series.h \
	src/core/graph.c src/core/graph.h \
	src/core/eig.c src/core/eig.h \
	src/core/model.c src/core/model.h \
	src/core/belief.h \
	src/core/pair.h \
	src/core/learn.c src/core/learn.h \
	src/core/sim.c src/core/sim.h \
	src/core/view.h \
	src/core/models/models.h
