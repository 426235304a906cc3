# Scenario code is untrusted: the sandbox's own tests (lb level, session and explorer level,
# and the real binary), with the malicious scenarios of the reproductions as fixtures.
TESTS += tests/sandbox/test_reproductions.sh
EXTRA_DIST += tests/sandbox/test_reproductions.sh $(SANDBOX_FIXTURES)
SANDBOX_FIXTURES = \
	tests/sandbox/fixtures/big_table.lua \
	tests/sandbox/fixtures/br_dynamics.lua \
	tests/sandbox/fixtures/ctrl_texts.lua \
	tests/sandbox/fixtures/ctrl_title.lua \
	tests/sandbox/fixtures/done_load.lua \
	tests/sandbox/fixtures/export_bashrc.lua \
	tests/sandbox/fixtures/export_hook.lua \
	tests/sandbox/fixtures/fifo_require.lua \
	tests/sandbox/fixtures/find_bomb.lua \
	tests/sandbox/fixtures/long_error.lua \
	tests/sandbox/fixtures/long_info.lua \
	tests/sandbox/fixtures/nul_enum.lua \
	tests/sandbox/fixtures/nul_label.lua \
	tests/sandbox/fixtures/pairs_order.lua \
	tests/sandbox/fixtures/pcall_error.lua \
	tests/sandbox/fixtures/players_load.lua \
	tests/sandbox/fixtures/rep_loop.lua \
	tests/sandbox/fixtures/slow_compare.lua \
	tests/sandbox/fixtures/slow_step.lua \
	tests/sandbox/fixtures/slow_steps.lua \
	tests/sandbox/fixtures/xpcall_loop.lua

check_PROGRAMS += tests/sandbox/test_sandbox
TESTS += tests/sandbox/test_sandbox
tests_sandbox_test_sandbox_SOURCES = tests/sandbox/test_sandbox.c
tests_sandbox_test_sandbox_CFLAGS = $(TEST_CFLAGS) $(LUA_CFLAGS)
tests_sandbox_test_sandbox_LDADD = libtestutil.a libluabind.a $(CORE_LIBS) $(LUA_LIBS) \
	$(CMOCKA_LIBS)

check_PROGRAMS += tests/sandbox/test_guard
TESTS += tests/sandbox/test_guard
tests_sandbox_test_guard_SOURCES = tests/sandbox/test_guard.c
tests_sandbox_test_guard_CFLAGS = $(TEST_CFLAGS)
tests_sandbox_test_guard_LDADD = libtestutil.a libui.a libcli.a libluabind.a libchart.a \
	$(CORE_LIBS) $(LUA_LIBS) $(CMOCKA_LIBS)
