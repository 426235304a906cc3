# src/core/models: finite normal-form games (model `nfg`) and the affine contraction game
# the engine's tests and benches use (model `affine`), both in nfg.c.
libcore_a_SOURCES += src/core/models/nfg.c src/core/models/nfg.h

# Best responses, ties, NashConv, textbook and alternating fictitious play.
check_PROGRAMS += tests/engine/test_nfg
TESTS += tests/engine/test_nfg
tests_engine_test_nfg_SOURCES = tests/engine/test_nfg.c
tests_engine_test_nfg_CFLAGS = $(TEST_CFLAGS)
tests_engine_test_nfg_LDADD = libtestutil.a $(CORE_LIBS) $(CMOCKA_LIBS)

nobase_dist_pkgdata_DATA += \
	scenarios/matching_pennies.lua \
	scenarios/shapley.lua
