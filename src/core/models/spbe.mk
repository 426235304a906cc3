# src/core/models: structured PBE of thesis chapter 6's public-goods game (model `spbe`).
libcore_a_SOURCES += \
	src/core/models/spbe.c \
	src/core/models/spbe_core.c src/core/models/spbe_core.h \
	src/core/models/spbe_stage.c src/core/models/spbe_stage.h

# The mathematics: Bayes' rule, delta = 0 (Fig. 20), frozen corners, stage regret, the
# delta = 0.5 and 0.95 maps.
check_PROGRAMS += tests/spbe/test_spbe_core
TESTS += tests/spbe/test_spbe_core
tests_spbe_test_spbe_core_SOURCES = tests/spbe/test_spbe_core.c
tests_spbe_test_spbe_core_CFLAGS = $(TEST_CFLAGS)
tests_spbe_test_spbe_core_LDADD = libtestutil.a $(CORE_LIBS) $(CMOCKA_LIBS)

# The model through the engine: series, dynamics, distributions, describe, warnings.
check_PROGRAMS += tests/spbe/test_spbe_model
TESTS += tests/spbe/test_spbe_model
tests_spbe_test_spbe_model_SOURCES = tests/spbe/test_spbe_model.c
tests_spbe_test_spbe_model_CFLAGS = $(TEST_CFLAGS)
tests_spbe_test_spbe_model_LDADD = libtestutil.a $(CORE_LIBS) $(CMOCKA_LIBS)

# `taton run spbe_public_goods --dist policy --csv FILE` (needs the binary).
TESTS += tests/spbe/test_spbe_cli.sh
EXTRA_DIST += tests/spbe/test_spbe_cli.sh

BENCH_PROGS += bench/bench_spbe
bench_bench_spbe_SOURCES = bench/bench_spbe.c bench/bench_util.h
bench_bench_spbe_LDADD = $(CORE_LIBS)

nobase_dist_pkgdata_DATA += \
	scenarios/spbe_public_goods.lua
