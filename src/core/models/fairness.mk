# src/core/models: thesis chapter 5, mechanism design for fairness (model `fairness`).
libcore_a_SOURCES += \
	src/core/models/fairness.c \
	src/core/models/fairness_alloc.c src/core/models/fairness_alloc.h \
	src/core/models/fairness_core.c src/core/models/fairness_core.h \
	src/core/models/fairness_lp.c src/core/models/fairness_lp.h

# The thesis's published numbers through the model: Table 2, Figs 16-18, eps_max, VCG sigma,
# the canonical replacement of Fig. 19.
check_PROGRAMS += tests/fairness/test_fairness_paper
TESTS += tests/fairness/test_fairness_paper
tests_fairness_test_fairness_paper_SOURCES = tests/fairness/test_fairness_paper.c
tests_fairness_test_fairness_paper_CFLAGS = $(TEST_CFLAGS)
tests_fairness_test_fairness_paper_LDADD = libtestutil.a $(CORE_LIBS) $(CMOCKA_LIBS)

# The mathematics against closed forms, optimality conditions and hand computations.
check_PROGRAMS += tests/fairness/test_fairness_core
TESTS += tests/fairness/test_fairness_core
tests_fairness_test_fairness_core_SOURCES = tests/fairness/test_fairness_core.c
tests_fairness_test_fairness_core_CFLAGS = $(TEST_CFLAGS)
tests_fairness_test_fairness_core_LDADD = libtestutil.a $(CORE_LIBS) $(CMOCKA_LIBS)

# The model interface: errors, ramp and draws, Gini conventions, tax rules, distributions.
check_PROGRAMS += tests/fairness/test_fairness_model
TESTS += tests/fairness/test_fairness_model
tests_fairness_test_fairness_model_SOURCES = tests/fairness/test_fairness_model.c
tests_fairness_test_fairness_model_CFLAGS = $(TEST_CFLAGS)
tests_fairness_test_fairness_model_LDADD = libtestutil.a $(CORE_LIBS) $(CMOCKA_LIBS)

nobase_dist_pkgdata_DATA += \
	scenarios/fairness_linear.lua \
	scenarios/fairness_smartgrid.lua \
	scenarios/fairness_smartgrid_prior.lua

# Headless: sweeps over eps give every curve, the ramp stops where IC breaks, seeded draws,
# the lecture texts' commands and claims.
TESTS += tests/fairness/test_fairness_cli.sh
EXTRA_DIST += tests/fairness/test_fairness_cli.sh

BENCH_PROGS += bench/bench_fairness
bench_bench_fairness_SOURCES = bench/bench_fairness.c bench/bench_util.h
bench_bench_fairness_LDADD = $(CORE_LIBS)
