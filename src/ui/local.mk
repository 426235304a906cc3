# src/ui: the explorer's views and layout, curses-free (draws into canvases, takes our key
# codes); src/tui: the only code that includes ncurses or readline.
noinst_LIBRARIES += libui.a libtui.a
libui_a_SOURCES = \
	src/ui/keys.c src/ui/keys.h \
	src/ui/layout.c src/ui/layout.h \
	src/ui/wrap.c src/ui/wrap.h \
	src/ui/reflow.c src/ui/reflow.h \
	src/ui/worker.c src/ui/worker.h \
	src/ui/pace.c src/ui/pace.h \
	src/ui/view.c src/ui/view.h \
	src/ui/game.c src/ui/game.h \
	src/ui/draw.c \
	src/ui/ui.c src/ui/ui.h
libui_a_CFLAGS = $(AM_CFLAGS)
libtui_a_SOURCES = \
	src/tui/tui.c src/tui/tui.h \
	src/tui/tui_color.c src/tui/tui_color.h \
	src/tui/tui_prompt.c src/tui/tui_prompt.h
libtui_a_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS) $(READLINE_CFLAGS)

# Headless tests of the ui (layout, keys, wrapping, pacing, golden screens of a fixed session).
UI_TEST_LIBS = libtestutil.a libui.a libcli.a libluabind.a libchart.a $(CORE_LIBS) $(LUA_LIBS) \
	$(CMOCKA_LIBS)
check_PROGRAMS += tests/ui/test_ui
TESTS += tests/ui/test_ui
tests_ui_test_ui_SOURCES = tests/ui/test_ui.c
tests_ui_test_ui_CFLAGS = $(TEST_CFLAGS)
tests_ui_test_ui_LDADD = $(UI_TEST_LIBS)

# End-to-end tests of the real binary in tmux.
TESTS += tests/tui/test_tui.sh
EXTRA_DIST += tests/tui/test_tui.sh tests/ui/fixtures/duopoly.lua tests/ui/fixtures/hook_error.lua \
	tests/ui/fixtures/phase.lua tests/ui/fixtures/slider.lua tests/ui/fixtures/mfg_eq.lua \
	tests/ui/golden/duopoly_100x30.txt tests/ui/golden/duopoly_100x30_ascii.txt \
	tests/ui/golden/phase_60x18.txt tests/ui/golden/phase_60x18_ascii.txt \
	tests/ui/golden/grid_60x18.txt tests/ui/golden/grid_60x18_ascii.txt

BENCH_PROGS += bench/bench_ui
bench_bench_ui_SOURCES = bench/bench_ui.c bench/bench_util.h
bench_bench_ui_LDADD = libui.a libcli.a libluabind.a libchart.a $(CORE_LIBS) $(LUA_LIBS)

# Key latency of the real explorer while it steps a large population (a pseudo-terminal).
BENCH_PROGS += bench/bench_keys
bench_bench_keys_SOURCES = bench/bench_keys.c bench/bench_util.h
