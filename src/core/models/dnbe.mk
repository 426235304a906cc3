# src/core/models: the DNBE mechanism for two-stage repeated stochastic games, paper 002
# (model `dnbe`).
libcore_a_SOURCES += \
	src/core/models/dnbe.c src/core/models/dnbe_model.h src/core/models/dnbe_view.c \
	src/core/models/dnbe_const.c src/core/models/dnbe_describe.c \
	src/core/models/dnbe_law.c src/core/models/dnbe_law.h \
	src/core/models/dnbe_dr.c src/core/models/dnbe_dr.h \
	src/core/models/dnbe_game.c src/core/models/dnbe_game.h \
	src/core/models/dnbe_strategy.c src/core/models/dnbe_strategy.h \
	src/core/models/dnbe_test.c src/core/models/dnbe_test.h \
	src/core/models/dnbe_mech.c src/core/models/dnbe_mech.h

# The mathematics against the spec: r(l), the K = 8 grid, Figs 2-4, IR levels, the
# consistent-lie utilities, the toy game, the posted price.
check_PROGRAMS += tests/dnbe/test_dnbe_math
TESTS += tests/dnbe/test_dnbe_math
tests_dnbe_test_dnbe_math_SOURCES = tests/dnbe/test_dnbe_math.c
tests_dnbe_test_dnbe_math_CFLAGS = $(TEST_CFLAGS)
tests_dnbe_test_dnbe_math_LDADD = libtestutil.a $(CORE_LIBS) $(CMOCKA_LIBS)

# The tests' statistics against brute force, and the day loop: penalties, payments,
# collusion, strategies.
check_PROGRAMS += tests/dnbe/test_dnbe_days
TESTS += tests/dnbe/test_dnbe_days
tests_dnbe_test_dnbe_days_SOURCES = tests/dnbe/test_dnbe_days.c
tests_dnbe_test_dnbe_days_CFLAGS = $(TEST_CFLAGS)
tests_dnbe_test_dnbe_days_LDADD = libtestutil.a $(CORE_LIBS) $(CMOCKA_LIBS)

# The model interface: parameters, errors, series, describe, distributions, the lie game
# under the learning engine.
check_PROGRAMS += tests/dnbe/test_dnbe_model
TESTS += tests/dnbe/test_dnbe_model
tests_dnbe_test_dnbe_model_SOURCES = tests/dnbe/test_dnbe_model.c
tests_dnbe_test_dnbe_model_CFLAGS = $(TEST_CFLAGS)
tests_dnbe_test_dnbe_model_LDADD = libtestutil.a $(CORE_LIBS) $(CMOCKA_LIBS)

# The shipped scenarios from the command line: process refusal, determinism, --set of the
# strategy, describe and --dist against the spec.
TESTS += tests/dnbe/test_dnbe_cli.sh
EXTRA_DIST += tests/dnbe/test_dnbe_cli.sh

BENCH_PROGS += bench/bench_dnbe
bench_bench_dnbe_SOURCES = bench/bench_dnbe.c bench/bench_util.h
bench_bench_dnbe_LDADD = $(CORE_LIBS)

nobase_dist_pkgdata_DATA += \
	scenarios/dnbe_demand_response.lua \
	scenarios/dnbe_collusion.lua \
	scenarios/dnbe_toy.lua \
	scenarios/dnbe_deviations.lua \
	scenarios/dnbe_lie_game.lua
