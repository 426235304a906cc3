#!/bin/sh
# Where the program finds lua/ and scenarios/ outside its build tree (taton(1),
# ENVIRONMENT): the pkgdatadir of the current configuration (a binary left from an earlier
# ./configure --prefix would name the old one), and an installation's share/taton beside
# its bin/ (a moved installation finds its own data). Needs $TATON_PKGDATADIR (make check).
. "$top_srcdir/tests/cli/tap.sh"
: "${TATON_PKGDATADIR:?}"
unset TATON_DATADIR

# the program alone in a directory: no data beside it, no build tree
mkdir -p "$tap_tmp/alone"
cp "$TATON" "$tap_tmp/alone/taton"
runs "$tap_tmp/alone/taton" list
check "a lone program looks in this configuration's pkgdatadir ($TATON_PKGDATADIR)" \
	contains "$out$err" "$TATON_PKGDATADIR/scenarios"

# an installation tree P/bin/taton, P/share/taton/{lua,scenarios}, moved anywhere
p=$tap_tmp/moved/prefix
mkdir -p "$p/bin" "$p/share/taton"
cp "$TATON" "$p/bin/taton"
cp -R "$top_srcdir/lua" "$top_srcdir/scenarios" "$p/share/taton/"
runs "$p/bin/taton" list
real=$(cd "$p/share/taton" && pwd -P)
check "an installation moved elsewhere finds share/taton beside bin/" \
	contains "$out" "Scenarios ($real/scenarios):"
runs "$p/bin/taton" run cournot --steps 1
check "... and runs its scenarios" test "$rc" -eq 0 -a -n "$out"
TATON_DATADIR=$top_srcdir "$p/bin/taton" list >"$tap_tmp/env" 2>&1
check "TATON_DATADIR still comes first" grep -q "^Scenarios ($top_srcdir/scenarios):" "$tap_tmp/env"

done_testing
