# src/core/models: the radial-allocation mechanisms of thesis chapters 1-3 (model `radial`).
libcore_a_SOURCES += \
	src/core/models/radial.c \
	src/core/models/radial_core.c src/core/models/radial_core.h \
	src/core/models/radial_br.c \
	src/core/models/radial_kkt.c

# Mathematics: the spec's instances, projections, taxes, errata, best responses.
check_PROGRAMS += tests/radial/test_radial_core
TESTS += tests/radial/test_radial_core
tests_radial_test_radial_core_SOURCES = tests/radial/test_radial_core.c
tests_radial_test_radial_core_CFLAGS = $(TEST_CFLAGS)
tests_radial_test_radial_core_LDADD = libtestutil.a $(CORE_LIBS) $(CMOCKA_LIBS)

# The model through the engine: feasibility along play, naive learning, rescaling.
check_PROGRAMS += tests/radial/test_radial_model
TESTS += tests/radial/test_radial_model
tests_radial_test_radial_model_SOURCES = tests/radial/test_radial_model.c
tests_radial_test_radial_model_CFLAGS = $(TEST_CFLAGS)
tests_radial_test_radial_model_LDADD = libtestutil.a $(CORE_LIBS) $(CMOCKA_LIBS)

BENCH_PROGS += bench/bench_radial
bench_bench_radial_SOURCES = bench/bench_radial.c bench/bench_util.h
bench_bench_radial_LDADD = $(CORE_LIBS)

nobase_dist_pkgdata_DATA += \
	scenarios/unicast_fig6.lua \
	scenarios/multicast_fig9.lua \
	scenarios/multicast_two_links.lua \
	scenarios/general_unicast6.lua \
	scenarios/local_public_goods.lua
