# Engine, CLI, layering and documentation tests; each area's own tests are in its fragment.

# Helpers shared by the cmocka tests (tests/testutil.h): a test that uses them links
# libtestutil.a before the libraries, e.g. LDADD = libtestutil.a $(CORE_LIBS) $(CMOCKA_LIBS).
check_LIBRARIES += libtestutil.a
libtestutil_a_SOURCES = tests/testutil.c tests/testutil.h
libtestutil_a_CFLAGS = $(TEST_CFLAGS)

include tests/core/local.mk
include tests/sandbox/local.mk
include tests/fuzz/local.mk

check_PROGRAMS += tests/engine/test_learn tests/engine/test_registry
TESTS += tests/engine/test_learn tests/engine/test_registry
tests_engine_test_learn_SOURCES = tests/engine/test_learn.c
tests_engine_test_learn_CFLAGS = $(TEST_CFLAGS)
tests_engine_test_learn_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)
# Every registered model at its defaults, under every dynamic that applies.
tests_engine_test_registry_SOURCES = tests/engine/test_registry.c
tests_engine_test_registry_CFLAGS = $(TEST_CFLAGS)
tests_engine_test_registry_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

TESTS += tests/cli/test_layering.sh tests/cli/test_cli.sh tests/cli/test_textbook.sh \
	tests/cli/test_man.sh tests/cli/test_scenarios.sh tests/cli/test_dist.sh \
	tests/cli/test_readme.sh tests/cli/test_merge.sh tests/cli/test_datadir.sh \
	tests/cli/test_sweep_errors.sh
EXTRA_DIST += tests/cli/test_layering.sh tests/cli/test_cli.sh tests/cli/test_textbook.sh \
	tests/cli/test_man.sh tests/cli/test_scenarios.sh tests/cli/test_dist.sh \
	tests/cli/test_readme.sh tests/cli/test_merge.sh tests/cli/test_datadir.sh \
	tests/cli/test_sweep_errors.sh tests/cli/tap.sh $(CLI_FIXTURES)
CLI_FIXTURES = tests/cli/fixtures/syntax_error.lua tests/cli/fixtures/runtime_error.lua \
	tests/cli/fixtures/endless.lua tests/cli/fixtures/os_execute.lua \
	tests/cli/golden/dmech_seed7.csv tests/cli/golden/pennies.csv \
	tests/cli/golden/mfg_agents_loan_seed3.csv tests/cli/golden/mfg_agents_budget_seed5.csv \
	tests/cli/golden/cournot_plot.txt tests/cli/golden/cournot_plot_ascii.txt

BENCH_PROGS += bench/bench_learn
bench_bench_learn_SOURCES = bench/bench_learn.c bench/bench_util.h
bench_bench_learn_LDADD = $(CORE_LIBS)

# The sweep's job runner: results by index, the first failing task's error.
check_PROGRAMS += tests/cli/test_jobs
TESTS += tests/cli/test_jobs
tests_cli_test_jobs_SOURCES = tests/cli/test_jobs.c
tests_cli_test_jobs_CFLAGS = $(TEST_CFLAGS)
tests_cli_test_jobs_LDADD = libbatch.a $(CORE_LIBS) $(CMOCKA_LIBS)
