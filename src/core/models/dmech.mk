# src/core/models: the distributed mechanisms of thesis chapter 4 (model `dmech`).
libcore_a_SOURCES += \
	src/core/models/dmech.c \
	src/core/models/dmech_core.c src/core/models/dmech_core.h

# Mathematics: spec §13 test vectors, Table 1, equilibrium invariants, spectral radius.
check_PROGRAMS += tests/dmech/test_dmech_core
TESTS += tests/dmech/test_dmech_core
tests_dmech_test_dmech_core_SOURCES = tests/dmech/test_dmech_core.c
tests_dmech_test_dmech_core_CFLAGS = $(TEST_CFLAGS)
tests_dmech_test_dmech_core_LDADD = libtestutil.a $(CORE_LIBS) $(CMOCKA_LIBS)

# The model interface: parameters, series, distributions, describe, errors.
check_PROGRAMS += tests/dmech/test_dmech_model
TESTS += tests/dmech/test_dmech_model
tests_dmech_test_dmech_model_SOURCES = tests/dmech/test_dmech_model.c
tests_dmech_test_dmech_model_CFLAGS = $(TEST_CFLAGS)
tests_dmech_test_dmech_model_LDADD = libtestutil.a $(CORE_LIBS) $(CMOCKA_LIBS)

# Learning dynamics through the engine: §13 trajectories, the thesis's qualitative results.
check_PROGRAMS += tests/dmech/test_dmech_learn
TESTS += tests/dmech/test_dmech_learn
tests_dmech_test_dmech_learn_SOURCES = tests/dmech/test_dmech_learn.c
tests_dmech_test_dmech_learn_CFLAGS = $(TEST_CFLAGS)
tests_dmech_test_dmech_learn_LDADD = libtestutil.a $(CORE_LIBS) $(CMOCKA_LIBS)

BENCH_PROGS += bench/bench_dmech
bench_bench_dmech_SOURCES = bench/bench_dmech.c bench/bench_util.h
bench_bench_dmech_LDADD = $(CORE_LIBS)

nobase_dist_pkgdata_DATA += \
	scenarios/dmech_private.lua \
	scenarios/dmech_public.lua \
	scenarios/dmech_compare.lua \
	scenarios/dmech_summary.lua
