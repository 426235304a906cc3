#!/bin/sh
# The man pages document everything a user can name: every command of the command table,
# every dynamic, every CLI command and long option, every parameter, series and
# distribution of every built-in model and every shipped scenario in taton(1); every
# scenario key, taton.* field and library function in taton-scenario(5). The names come
# from the program itself (taton help, help scenario, --help, list, describe) and, for the
# Lua library, from its shipped files, so a new option, parameter or command fails here
# until it is documented. One TAP line per name. Needs $TATON and $top_srcdir.
: "${TATON:?}" "${top_srcdir:?}"
. "$top_srcdir/tests/cli/tap.sh"

man1=$tap_tmp/taton.1
man5=$tap_tmp/taton-scenario.5

# The roff source as plain words: "\-" is "-", and font changes, "\&" and special
# characters such as "\(dq" must not glue a name to its neighbours.
plain() {
	sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\f([A-Z][A-Z]//g' -e 's/\\&//g' \
		-e 's/\\(../ /g' "$1"
}
plain "$top_srcdir/man/taton.1" >"$man1"
plain "$top_srcdir/man/taton-scenario.5" >"$man5"

# section FILE 'NAME|NAME...': the lines of the first ".SH NAME" section found (quotes
# ignored).
section() {
	awk -v names="$2" '
	BEGIN { n = split(names, want, "|") }
	/^\.SH/ {
		t = $0
		sub(/^\.SH[ \t]+/, "", t)
		gsub(/"/, "", t)
		if (on) exit
		for (i = 1; i <= n; i++) if (t == want[i]) on = 1
		next
	}
	on { print }' "$1"
}

# subsection FILE NAME: the lines of the ".SS" whose first word is NAME, up to the next
# .SS or .SH.
subsection() {
	awk -v name="$2" '
	/^\.S[SH]/ {
		if (on) exit
		t = $0
		sub(/^\.SS[ \t]+/, "", t)
		gsub(/"/, "", t)
		split(t, w, /[ \t]+/)
		if ($0 ~ /^\.SS/ && w[1] == name) on = 1
		next
	}
	on { print }' "$1"
}

# has_word FILE WORD: WORD occurs in FILE with no letter, digit or '_' right before or
# after it.
has_word() {
	awk -v w="$2" '
	function isw(c) { return c ~ /[A-Za-z0-9_]/ }
	{
		s = $0
		while ((i = index(s, w)) > 0) {
			b = i > 1 ? substr(s, i - 1, 1) : ""
			a = substr(s, i + length(w), 1)
			if ((b == "" || !isw(b)) && (a == "" || !isw(a))) {
				found = 1
				exit
			}
			s = substr(s, i + 1)
		}
	}
	END { exit !found }' "$1"
}

# nonempty DESCRIPTION LIST: a check that a list parsed from the program is not empty (so
# the checks that follow are not vacuous).
nonempty() {
	n=$(printf '%s\n' "$2" | grep -c .)
	check "$1 ($n found)" test "$n" -gt 0
}

# helpsection HEAD: the indented lines after the line of `taton help` starting with HEAD,
# up to the next blank line, first word only.
"$TATON" help >"$tap_tmp/help" 2>&1
helpsection() {
	awk -v head="$1" 'index($0, head) == 1 { on = 1; next } on && !NF { exit }
		on && /^  [^ ]/ { print $1 }' "$tap_tmp/help"
}
# helplist HEAD: the comma-separated names on the line of `taton help scenario` starting
# with "HEAD: ".
"$TATON" help scenario >"$tap_tmp/help_scenario" 2>&1
helplist() {
	sed -n "s/^$1: //p" "$tap_tmp/help_scenario" | tr ',' '\n' | tr -d ' '
}

# ---- taton(1): the command table and the dynamics ----
cmds=$(helpsection "Commands (")
nonempty "commands listed by taton help" "$cmds"
for c in $cmds; do
	check "taton.1 documents the command '$c'" has_word "$man1" "$c"
done
section "$man1" DYNAMICS >"$tap_tmp/dynamics"
dyns=$(helpsection "Dynamics (" | sed 's/[:[].*//')
scheds=$(helpsection "Schedules (" | sed 's/[:[].*//')
nonempty "schedules listed by taton help" "$scheds"
for d in $scheds; do
	check "taton.1 documents the schedule '$d' (DYNAMICS)" has_word "$tap_tmp/dynamics" "$d"
done
nonempty "dynamics listed by taton help" "$dyns"
for d in $dyns; do
	check "taton.1 documents the dynamic '$d' (DYNAMICS)" has_word "$tap_tmp/dynamics" "$d"
done

# ---- taton(1): CLI commands and long options ----
for c in run sweep merge list describe help version; do
	check "taton.1 documents 'taton $c'" has_word "$man1" "taton $c"
done
opts=$({
	"$TATON" --help
	"$TATON" run --help
	"$TATON" sweep --help
	"$TATON" describe --help
	"$TATON" merge --help
} 2>&1 | tr -c 'A-Za-z0-9_-' '\n' | grep '^--[a-z]' | sort -u)
nonempty "long options printed by --help" "$opts"
for o in $opts; do
	check "taton.1 documents the option '$o'" has_word "$man1" "$o"
done

# ---- taton(1): models, their parameters, series and distributions ----
section "$man1" MODELS >"$tap_tmp/models"
models=$("$TATON" list | awk '/^Models:/ { on = 1; next } on && /^$/ { exit } on { print $1 }')
nonempty "models listed by taton list" "$models"
for m in $models; do
	subsection "$tap_tmp/models" "$m" >"$tap_tmp/model.$m"
	check "taton.1 has a MODELS subsection for '$m'" test -s "$tap_tmp/model.$m"
	"$TATON" describe "$m" >"$tap_tmp/describe.$m" 2>&1
	params=$(awk '/^parameters:/ { on = 1; next } /^[a-z]/ { on = 0 }
		on && /^  [^ ]/ && / = / { print $1 }' "$tap_tmp/describe.$m")
	nonempty "parameters of '$m' from taton describe" "$params"
	for p in $params; do
		check "taton.1 documents parameter '$p' of model '$m'" \
			has_word "$tap_tmp/model.$m" "$p"
	done
	names=$(sed -n -e 's/^series: //p' -e 's/^distributions: //p' "$tap_tmp/describe.$m" |
		tr ',' '\n' | tr -d ' ')
	for s in $names; do
		case $s in
		step_change | dist_ne) # published by the engine for every model (OUTPUT)
			check "taton.1 documents series '$s'" has_word "$man1" "$s" ;;
		*)
			check "taton.1 documents series/distribution '$s' of model '$m'" \
				has_word "$tap_tmp/model.$m" "$s" ;;
		esac
	done
done

# ---- taton(1): the shipped scenarios ----
section "$man1" "SCENARIOS|FILES" >"$tap_tmp/scenarios"
scns=$("$TATON" list | awk '/^Scenarios/ { on = 1; next } on && NF { print $1 }')
nonempty "scenarios listed by taton list" "$scns"
for s in $scns; do
	check "taton.1 lists the scenario '$s' (SCENARIOS or FILES)" \
		has_word "$tap_tmp/scenarios" "$s"
done

# ---- taton-scenario(5): scenario keys, the taton table, the library ----
section "$man5" "THE SCENARIO TABLE" >"$tap_tmp/keys"
keys=$(helplist "Scenario keys")
nonempty "scenario keys listed by taton help scenario" "$keys"
for k in $keys; do
	check "taton-scenario.5 documents the scenario key '$k'" has_word "$tap_tmp/keys" "$k"
done
fns=$(helplist "The taton table")
nonempty "taton.* fields listed by taton help scenario" "$fns"
for f in $fns; do
	check "taton-scenario.5 documents $f" has_word "$man5" "$f"
done
libfns=$(sed -n 's/^function \([a-z_]*\.[A-Za-z_0-9]*\)(.*/\1/p' "$top_srcdir"/lua/taton/*.lua)
nonempty "functions of the Lua library" "$libfns"
for f in $libfns; do
	check "taton-scenario.5 documents the library function $f" has_word "$man5" "$f"
done

done_testing
