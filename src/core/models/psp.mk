# src/core/models: the distributed PSP auction of paper 001 (model `psp`).
libcore_a_SOURCES += \
	src/core/models/psp.c \
	src/core/models/psp_market.c src/core/models/psp_market.h \
	src/core/models/psp_reply.c src/core/models/psp_reply.h \
	src/core/models/psp_book.c src/core/models/psp_book.h \
	src/core/models/psp_optimum.c src/core/models/psp_optimum.h

# One seller's auction: hand cases and eq. (4) against an independent naive implementation.
check_PROGRAMS += tests/psp/test_psp_book
TESTS += tests/psp/test_psp_book
tests_psp_test_psp_book_SOURCES = tests/psp/test_psp_book.c
tests_psp_test_psp_book_CFLAGS = $(TEST_CFLAGS)
tests_psp_test_psp_book_LDADD = libtestutil.a $(CORE_LIBS) $(CMOCKA_LIBS)

# The buyers' replies and the three pool rules on hand-solved markets.
check_PROGRAMS += tests/psp/test_psp_reply
TESTS += tests/psp/test_psp_reply
tests_psp_test_psp_reply_SOURCES = tests/psp/test_psp_reply.c
tests_psp_test_psp_reply_CFLAGS = $(TEST_CFLAGS)
tests_psp_test_psp_reply_LDADD = libtestutil.a $(CORE_LIBS) $(CMOCKA_LIBS)

# The worked example replayed step by step, its end state and the literal rule's stall.
check_PROGRAMS += tests/psp/test_psp_example
TESTS += tests/psp/test_psp_example
tests_psp_test_psp_example_SOURCES = tests/psp/test_psp_example.c tests/psp/psp_fixture.h
tests_psp_test_psp_example_CFLAGS = $(TEST_CFLAGS)
tests_psp_test_psp_example_LDADD = libtestutil.a $(CORE_LIBS) $(CMOCKA_LIBS)

# S-PSP-1 and S-PSP-2: optima, convergence bounds, the reference runs, deviation tests.
check_PROGRAMS += tests/psp/test_psp_market
TESTS += tests/psp/test_psp_market
tests_psp_test_psp_market_SOURCES = tests/psp/test_psp_market.c tests/psp/psp_fixture.h
tests_psp_test_psp_market_CFLAGS = $(TEST_CFLAGS)
tests_psp_test_psp_market_LDADD = libtestutil.a $(CORE_LIBS) $(CMOCKA_LIBS)

# The model interface: layout, series, errors, distributions, activity mask, initial bids.
check_PROGRAMS += tests/psp/test_psp_model
TESTS += tests/psp/test_psp_model
tests_psp_test_psp_model_SOURCES = tests/psp/test_psp_model.c tests/psp/psp_fixture.h
tests_psp_test_psp_model_CFLAGS = $(TEST_CFLAGS)
tests_psp_test_psp_model_LDADD = libtestutil.a $(CORE_LIBS) $(CMOCKA_LIBS)

nobase_dist_pkgdata_DATA += \
	scenarios/psp_example.lua \
	scenarios/psp_market.lua \
	scenarios/psp_exchange.lua

BENCH_PROGS += bench/bench_psp
bench_bench_psp_SOURCES = bench/bench_psp.c bench/bench_util.h
bench_bench_psp_LDADD = $(CORE_LIBS)
