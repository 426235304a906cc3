# src/chart: pure chart rendering into a cell canvas. Depends on core types only.
noinst_LIBRARIES += libchart.a
libchart_a_SOURCES = \
	src/chart/canvas.c src/chart/canvas.h \
	src/chart/chart.c src/chart/chart.h \
	src/chart/chart_axis.c src/chart/chart_axis.h \
	src/chart/chart_plot.c src/chart/chart_plot.h \
	src/chart/chart_line.c \
	src/chart/chart_cdf.c \
	src/chart/chart_hist.c \
	src/chart/chart_bars.c \
	src/chart/chart_heat.c \
	src/chart/chart_simplex.c

# Unit and golden tests (goldens: tests/chart/golden/*.txt; regenerate with
# TATON_UPDATE_GOLDEN=1 make check TESTS=tests/chart/test_chart).
check_PROGRAMS += tests/chart/test_canvas tests/chart/test_chart
TESTS += tests/chart/test_canvas tests/chart/test_chart
tests_chart_test_canvas_SOURCES = tests/chart/test_canvas.c
tests_chart_test_canvas_CFLAGS = $(TEST_CFLAGS)
tests_chart_test_canvas_LDADD = libchart.a $(CORE_LIBS) $(CMOCKA_LIBS)
tests_chart_test_chart_SOURCES = tests/chart/test_chart.c
tests_chart_test_chart_CFLAGS = $(TEST_CFLAGS)
tests_chart_test_chart_LDADD = libtestutil.a libchart.a $(CORE_LIBS) $(CMOCKA_LIBS)
EXTRA_DIST += tests/chart/golden

BENCH_PROGS += bench/bench_chart
bench_bench_chart_SOURCES = bench/bench_chart.c bench/bench_util.h
bench_bench_chart_LDADD = libchart.a $(CORE_LIBS)
