# Fuzzing (HACKING.md, "Fuzzing"). Two libFuzzer harnesses: fuzz_cmd (the command parser
# and the commands behind it) and fuzz_scenario (the scenario loader and the sandbox).
# `make check` runs every seed once through both, built with the configured compiler and a
# small driver main (no libFuzzer needed); `make fuzz` builds them with clang and
# -fsanitize=fuzzer,address,undefined and fuzzes each for FUZZ_TIME seconds.
FUZZ_SEEDS_SCENARIO = scenarios tests/lua/fixtures tests/sandbox/fixtures tests/ui/fixtures \
	tests/cli/fixtures
FUZZ_CMD_SEEDS = \
	tests/fuzz/seeds/cmd/attacks.txt \
	tests/fuzz/seeds/cmd/basic.txt \
	tests/fuzz/seeds/cmd/blank.txt \
	tests/fuzz/seeds/cmd/dynamics.txt \
	tests/fuzz/seeds/cmd/export.txt \
	tests/fuzz/seeds/cmd/load.txt \
	tests/fuzz/seeds/cmd/misc.txt \
	tests/fuzz/seeds/cmd/quit.txt \
	tests/fuzz/seeds/cmd/script.txt \
	tests/fuzz/seeds/cmd/set.txt
FUZZ_CPPFLAGS = $(AM_CPPFLAGS) $(LUA_CFLAGS) -DFUZZ_SRCDIR='"$(abs_top_srcdir)"'
FUZZ_LDADD = libcli.a libluabind.a libchart.a $(CORE_LIBS) $(LUA_LIBS)

check_PROGRAMS += tests/fuzz/fuzz_cmd tests/fuzz/fuzz_scenario
tests_fuzz_fuzz_cmd_SOURCES = tests/fuzz/fuzz_cmd.c tests/fuzz/fuzz_main.c \
	tests/fuzz/fuzz_util.c tests/fuzz/fuzz_util.h
tests_fuzz_fuzz_cmd_CPPFLAGS = $(FUZZ_CPPFLAGS)
tests_fuzz_fuzz_cmd_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_scenario_SOURCES = tests/fuzz/fuzz_scenario.c tests/fuzz/fuzz_main.c \
	tests/fuzz/fuzz_util.c tests/fuzz/fuzz_util.h
tests_fuzz_fuzz_scenario_CPPFLAGS = $(FUZZ_CPPFLAGS)
tests_fuzz_fuzz_scenario_LDADD = $(FUZZ_LDADD)
TESTS += tests/fuzz/test_fuzz_seeds.sh
EXTRA_DIST += tests/fuzz/test_fuzz_seeds.sh tests/fuzz/cmd.dict tests/fuzz/lua.dict $(FUZZ_CMD_SEEDS)

# ---- make fuzz ----
FUZZ_TIME = 1800
FUZZ_FLAGS = -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined
FUZZ_OPTS = -timeout=60 -rss_limit_mb=2048 -print_final_stats=1
FUZZ_OBJ_FILES = $(filter %.c,$(libcore_a_SOURCES) $(libchart_a_SOURCES) \
	$(libluabind_a_SOURCES) $(libcli_a_SOURCES)) tests/fuzz/fuzz_util.c
FUZZ_CFLAGS_ALL = $(FUZZ_FLAGS) $(DEFS) -I$(top_builddir) $(FUZZ_CPPFLAGS) \
	-DTATON_SRCDIR='"$(abs_top_srcdir)"' $(CPPFLAGS) $(LUA_CFLAGS) -std=c11 -w

fuzz-build:
	@if test -z "$(FUZZ_CC)"; then \
		echo "make fuzz needs clang with libFuzzer: install the Debian package clang" \
			"and run configure again (or: make fuzz FUZZ_CC=clang-18)"; exit 1; fi
	@$(MKDIR_P) tests/fuzz/obj
	@objs=; for f in $(FUZZ_OBJ_FILES); do \
		o=tests/fuzz/obj/`echo $$f | sed 's|/|_|g; s|\.c$$|.o|'`; \
		if test ! -f $$o || test $(srcdir)/$$f -nt $$o; then \
			echo "  FUZZCC   $$f"; \
			$(FUZZ_CC) $(FUZZ_CFLAGS_ALL) -fsanitize=fuzzer-no-link \
				-c $(srcdir)/$$f -o $$o || exit 1; fi; \
		objs="$$objs $$o"; done; \
	for h in cmd scenario; do \
		echo "  FUZZLD   tests/fuzz/fuzz_$$h-libfuzzer"; \
		$(FUZZ_CC) $(FUZZ_CFLAGS_ALL) -fsanitize=fuzzer $(srcdir)/tests/fuzz/fuzz_$$h.c \
			$$objs $(GLPK_LIBS) $(GSL_LIBS) $(LUA_LIBS) -lm \
			-o tests/fuzz/fuzz_$$h-libfuzzer || exit 1; done

# Each harness fuzzes FUZZ_TIME seconds from its corpus (tests/fuzz/corpus/NAME, kept
# between runs) and the seeds; a finding is written to tests/fuzz/crash-NAME-* and stops it.
# Paths are absolute: a harness works in a directory of its own.
FUZZ_DIR = $(abs_top_builddir)/tests/fuzz
fuzz: fuzz-build
	@$(MKDIR_P) tests/fuzz/corpus/cmd tests/fuzz/corpus/scenario
	@rc=0; \
	echo "== fuzz_cmd for $(FUZZ_TIME) s"; \
	$(FUZZ_DIR)/fuzz_cmd-libfuzzer $(FUZZ_OPTS) -max_total_time=$(FUZZ_TIME) \
		-artifact_prefix=$(FUZZ_DIR)/crash-cmd- -dict=$(abs_top_srcdir)/tests/fuzz/cmd.dict \
		$(FUZZ_DIR)/corpus/cmd $(abs_top_srcdir)/tests/fuzz/seeds/cmd || rc=1; \
	echo "== fuzz_scenario for $(FUZZ_TIME) s"; \
	$(FUZZ_DIR)/fuzz_scenario-libfuzzer $(FUZZ_OPTS) -max_total_time=$(FUZZ_TIME) \
		-artifact_prefix=$(FUZZ_DIR)/crash-scenario- \
		-dict=$(abs_top_srcdir)/tests/fuzz/lua.dict $(FUZZ_DIR)/corpus/scenario \
		$(addprefix $(abs_top_srcdir)/,$(FUZZ_SEEDS_SCENARIO)) || rc=1; \
	exit $$rc
.PHONY: fuzz fuzz-build

clean-local: clean-fuzz
clean-fuzz:
	-rm -rf tests/fuzz/obj tests/fuzz/fuzz_cmd-libfuzzer tests/fuzz/fuzz_scenario-libfuzzer
.PHONY: clean-fuzz
