#!/bin/sh
# The layers of ARCHITECTURE.md: curses and readline headers only in src/tui, Lua headers
# only in src/luabind; the core includes nothing above it.
. "$top_srcdir/tests/cli/tap.sh"
cd "$top_srcdir" || exit 1

bad=$(grep -rlE '#include *<(n?curses|term|readline/[a-z]+)\.h>' src | grep -v '^src/tui/')
check "ncurses/readline headers only in src/tui ${bad:+(found in $bad)}" test -z "$bad"
bad=$(grep -rlE '#include *<(lua|lauxlib|lualib)\.h>' src | grep -v '^src/luabind/')
check "Lua headers only in src/luabind ${bad:+(found in $bad)}" test -z "$bad"
# The core links libm, GLPK and GSL only (CORE_LIBS): its system headers are the C
# library's, <glpk.h> and <gsl/...>.
c11='assert|complex|ctype|errno|fenv|float|inttypes|iso646|limits|locale|math|setjmp|signal'
c11="$c11|stdalign|stdarg|stdatomic|stdbool|stddef|stdint|stdio|stdlib|stdnoreturn|string"
c11="$c11|tgmath|threads|time|uchar|wchar|wctype"
bad=$(grep -rhE '#include *<' src/core | grep -vE "#include *<(($c11)\.h|glpk\.h|gsl/[a-z_]+\.h)>")
check "src/core includes only C library, GLPK and GSL headers ${bad:+(found $bad)}" test -z "$bad"
bad=$(grep -rlE '#include *"(chart|luabind|cli|ui|tui|batch)/' src/core)
check "src/core includes no upper layer ${bad:+(found in $bad)}" test -z "$bad"
bad=$(grep -rlE '#include *"(luabind|cli|ui|tui|batch)/' src/chart)
check "src/chart depends on core types only ${bad:+(found in $bad)}" test -z "$bad"
bad=$(grep -rlE '#include *"(cli|ui|tui|batch)/' src/luabind)
check "src/luabind does not call up into the front ends ${bad:+(found in $bad)}" test -z "$bad"
bad=$(grep -rlE '#include *"(tui|batch)/' src/ui src/cli)
check "src/ui and src/cli are curses-free ${bad:+(found in $bad)}" test -z "$bad"
bad=$(grep -rnE '\b(rand|srand|random|time)\(' src/core | grep -v 'rng_' )
check "no rand()/time() in the core ${bad:+($bad)}" test -z "$bad"
done_testing
