# src/luabind: the Lua 5.4 binding (scenario loader, sandbox, Lua games) and the shipped
# Lua library, and the scenarios of games defined in Lua.
noinst_LIBRARIES += libluabind.a
libluabind_a_CFLAGS = $(AM_CFLAGS) $(LUA_CFLAGS)
libluabind_a_SOURCES = \
	src/luabind/lb.c src/luabind/lb.h \
	src/luabind/lb_sandbox.c src/luabind/lb_sandbox.h \
	src/luabind/lb_value.c src/luabind/lb_value.h \
	src/luabind/lb_game.c src/luabind/lb_game.h \
	src/luabind/lb_strlib.c src/luabind/lb_strlib.h \
	src/luabind/lb_pairs.c src/luabind/lb_pairs.h \
	src/luabind/lb_present.c src/luabind/lb_present.h

nobase_dist_pkgdata_DATA += \
	lua/taton/dist.lua \
	lua/taton/games.lua \
	lua/taton/graphs.lua \
	scenarios/cournot.lua

check_PROGRAMS += tests/lua/test_lb
TESTS += tests/lua/test_lb
tests_lua_test_lb_SOURCES = tests/lua/test_lb.c
tests_lua_test_lb_CFLAGS = $(TEST_CFLAGS) $(LUA_CFLAGS)
tests_lua_test_lb_LDADD = libtestutil.a libluabind.a $(CORE_LIBS) $(LUA_LIBS) \
	$(CMOCKA_LIBS)
EXTRA_DIST += \
	tests/lua/fixtures/affine.lua \
	tests/lua/fixtures/bad_game.lua \
	tests/lua/fixtures/bad_key.lua \
	tests/lua/fixtures/bad_list.lua \
	tests/lua/fixtures/bad_range.lua \
	tests/lua/fixtures/bad_return.lua \
	tests/lua/fixtures/bad_runtime.lua \
	tests/lua/fixtures/bad_syntax.lua \
	tests/lua/fixtures/bad_unknown_param.lua \
	tests/lua/fixtures/bad_variant.lua \
	tests/lua/fixtures/bad_view.lua \
	tests/lua/fixtures/bad_view_value.lua \
	tests/lua/fixtures/bad_view_x.lua \
	tests/lua/fixtures/choice_param.lua \
	tests/lua/fixtures/endless.lua \
	tests/lua/fixtures/endless_pcall.lua \
	tests/lua/fixtures/game_kinds.lua \
	tests/lua/fixtures/helper.lua \
	tests/lua/fixtures/hooks.lua \
	tests/lua/fixtures/memory.lua \
	tests/lua/fixtures/nested.lua \
	tests/lua/fixtures/ok_nfg.lua \
	tests/lua/fixtures/req.lua \
	tests/lua/fixtures/views_x.lua
