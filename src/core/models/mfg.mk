# src/core/models: the mean-field bilateral trading market of paper 000 (model `mfg`).
libcore_a_SOURCES += \
	src/core/models/mfg.c \
	src/core/models/mfg_solve.c src/core/models/mfg_solve.h \
	src/core/models/mfg_conv.c src/core/models/mfg_conv.h \
	src/core/models/mfg_agents.c src/core/models/mfg_agents.h

# The equilibrium solver against the paper: Table I, Fig. 2, Figs 5-7 shapes, PV, grids.
check_PROGRAMS += tests/mfg/test_mfg_solve
TESTS += tests/mfg/test_mfg_solve
tests_mfg_test_mfg_solve_SOURCES = tests/mfg/test_mfg_solve.c
tests_mfg_test_mfg_solve_CFLAGS = $(TEST_CFLAGS)
tests_mfg_test_mfg_solve_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

# The Monte Carlo population against the solver (1 - z, value, CDF, bids, frozen state).
check_PROGRAMS += tests/mfg/test_mfg_agents
TESTS += tests/mfg/test_mfg_agents
tests_mfg_test_mfg_agents_SOURCES = tests/mfg/test_mfg_agents.c
tests_mfg_test_mfg_agents_CFLAGS = $(TEST_CFLAGS)
tests_mfg_test_mfg_agents_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

# The model through the engine: parameters, series, dynamics, --tol, dists, describe.
check_PROGRAMS += tests/mfg/test_mfg_model
TESTS += tests/mfg/test_mfg_model
tests_mfg_test_mfg_model_SOURCES = tests/mfg/test_mfg_model.c
tests_mfg_test_mfg_model_CFLAGS = $(TEST_CFLAGS)
tests_mfg_test_mfg_model_LDADD = libtestutil.a $(CORE_LIBS) $(CMOCKA_LIBS)

# Figs 5-7 through `taton sweep` (needs the binary).
TESTS += tests/mfg/test_sweep.sh
EXTRA_DIST += tests/mfg/test_sweep.sh

# Section VI through the scenario mfg_pv: per-type columns and the Fig. 8 view.
TESTS += tests/mfg/test_pv.sh
EXTRA_DIST += tests/mfg/test_pv.sh

BENCH_PROGS += bench/bench_mfg
bench_bench_mfg_SOURCES = bench/bench_mfg.c bench/bench_util.h
bench_bench_mfg_LDADD = $(CORE_LIBS)

nobase_dist_pkgdata_DATA += \
	scenarios/mfg_hard.lua \
	scenarios/mfg_bank.lua \
	scenarios/mfg_loan.lua \
	scenarios/mfg_pv.lua \
	scenarios/mfg_multiple_equilibria.lua \
	scenarios/mfg_agents.lua
