# src/core/models: tradable time-specific permits of paper 004 (model `ttp`).
libcore_a_SOURCES += \
	src/core/models/ttp.c src/core/models/ttp_model.h src/core/models/ttp_out.c \
	src/core/models/ttp_tree.c src/core/models/ttp_tree.h \
	src/core/models/ttp_dp.c src/core/models/ttp_dp.h \
	src/core/models/ttp_lp.c src/core/models/ttp_lp.h \
	src/core/models/ttp_market.c src/core/models/ttp_market.h

# The mathematics against the spec: node values, DP, greedy, spot only, capacity variants,
# the LP and its duals, D(p), the errata's counterexamples, the tatonnement's numbers.
check_PROGRAMS += tests/ttp/test_ttp_core
TESTS += tests/ttp/test_ttp_core
tests_ttp_test_ttp_core_SOURCES = tests/ttp/test_ttp_core.c
tests_ttp_test_ttp_core_CFLAGS = $(TEST_CFLAGS)
tests_ttp_test_ttp_core_LDADD = libtestutil.a $(CORE_LIBS) $(CMOCKA_LIBS)

# The model interface: parameters and their errors, describe, series, distributions,
# dynamics and schedules, path replay.
check_PROGRAMS += tests/ttp/test_ttp_model
TESTS += tests/ttp/test_ttp_model
tests_ttp_test_ttp_model_SOURCES = tests/ttp/test_ttp_model.c
tests_ttp_test_ttp_model_CFLAGS = $(TEST_CFLAGS)
tests_ttp_test_ttp_model_LDADD = libtestutil.a $(CORE_LIBS) $(CMOCKA_LIBS)

# The scenarios headless: the tree written in Lua, describe, a run.
TESTS += tests/ttp/test_ttp_cli.sh
EXTRA_DIST += tests/ttp/test_ttp_cli.sh

BENCH_PROGS += bench/bench_ttp
bench_bench_ttp_SOURCES = bench/bench_ttp.c bench/bench_util.h
bench_bench_ttp_LDADD = $(CORE_LIBS)

nobase_dist_pkgdata_DATA += \
	scenarios/ttp_example.lua \
	scenarios/ttp_flight.lua \
	scenarios/ttp_lp_gap.lua
