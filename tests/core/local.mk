# Unit tests of the basic core modules: one cmocka binary per module.
CORE_UNIT_TESTS = tests/core/test_err tests/core/test_xmalloc tests/core/test_rng \
	tests/core/test_stats tests/core/test_param tests/core/test_series tests/core/test_graph \
	tests/core/test_eig tests/core/test_model
check_PROGRAMS += $(CORE_UNIT_TESTS)
TESTS += $(CORE_UNIT_TESTS)

tests_core_test_err_SOURCES = tests/core/test_err.c
tests_core_test_err_CFLAGS = $(TEST_CFLAGS)
tests_core_test_err_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

tests_core_test_xmalloc_SOURCES = tests/core/test_xmalloc.c
tests_core_test_xmalloc_CFLAGS = $(TEST_CFLAGS)
tests_core_test_xmalloc_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

tests_core_test_rng_SOURCES = tests/core/test_rng.c
tests_core_test_rng_CFLAGS = $(TEST_CFLAGS)
tests_core_test_rng_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

tests_core_test_stats_SOURCES = tests/core/test_stats.c
tests_core_test_stats_CFLAGS = $(TEST_CFLAGS)
tests_core_test_stats_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

tests_core_test_param_SOURCES = tests/core/test_param.c
tests_core_test_param_CFLAGS = $(TEST_CFLAGS)
tests_core_test_param_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

tests_core_test_series_SOURCES = tests/core/test_series.c
tests_core_test_series_CFLAGS = $(TEST_CFLAGS)
tests_core_test_series_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

tests_core_test_graph_SOURCES = tests/core/test_graph.c
tests_core_test_graph_CFLAGS = $(TEST_CFLAGS)
tests_core_test_graph_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

tests_core_test_eig_SOURCES = tests/core/test_eig.c
tests_core_test_eig_CFLAGS = $(TEST_CFLAGS)
tests_core_test_eig_LDADD = libtestutil.a $(CORE_LIBS) $(CMOCKA_LIBS)

tests_core_test_model_SOURCES = tests/core/test_model.c
tests_core_test_model_CFLAGS = $(TEST_CFLAGS)
tests_core_test_model_LDADD = libtestutil.a $(CORE_LIBS) $(CMOCKA_LIBS)
