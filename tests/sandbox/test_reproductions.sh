#!/bin/sh
# Scenario code is untrusted: the reproductions of the sandbox's findings, run on the real
# binary (fixtures in tests/sandbox/fixtures). A scenario cannot write files or replace the
# running state through taton.command; its texts cannot start a line of a CSV header or
# reach the terminal raw; its code cannot outrun the instruction or time limits through C
# library calls or xpcall; signals end runs at once (removing the output's temporary file
# and the sweep's workers); write errors, FIFOs, NUL bytes, huge tables and hopeless
# Erdos-Renyi graphs are clear errors. No assertion here is a timing: a run that should
# stop early is checked by what it printed and how it ended.
. "$top_srcdir/tests/cli/tap.sh"
F=$top_srcdir/tests/sandbox/fixtures
T=$TATON

expect() { # expect STATUS NEEDLE [NEEDLE2]: the last `runs` ended with STATUS, said both
	[ "$rc" -eq "$1" ] || { diag "exit status $rc, expected $1" "$err"; return 1; }
	case "$err" in *"$2"*) ;; *) diag "expected: $2" "got: $err"; return 1 ;; esac
	case "$err" in *"${3-}"*) return 0 ;; esac
	diag "expected: $3" "got: $err"
	return 1
}

# ---- commands: the safe subset ----------------------------------------------------------
cd "$tap_tmp" || exit 1
runs "$T" describe "$F/export_bashrc.lua"
check "a label with newlines is refused at load (exit 2)" expect 2 "label must be printable text"
runs "$T" describe "$F/export_hook.lua"
check "taton.command(\"export ...\") from a hook is refused (exit 2)" \
	expect 2 "'export' cannot be run by scenario code"
check "the refusal names what scenario code may run" contains "$err" "scenario code may run: step, run"
check "no file was written" test ! -e "$tap_tmp/fake_bashrc"
runs "$T" run "$F/done_load.lua" --steps 2 --csv "$tap_tmp/d.csv"
check "a done hook cannot load (exit 1, no crash)" expect 1 "'load' cannot be run by scenario code"
runs "$T" sweep cournot --vary 'n=taton.command("load matching_pennies")' --steps 2
check "a --vary expression cannot load (exit 2, no crash)" \
	expect 2 "'load' cannot be run by scenario code"
runs "$T" sweep cournot --vary 'n=taton.command("quit") and 2' --steps 1
check "--vary expressions cannot run user commands either" expect 2 "'quit' cannot be run"
runs "$T" run "$F/br_dynamics.lua" --set mode=engine --steps 3 --csv /dev/null
check "a game function cannot switch the dynamics inside a step (exit 1)" \
	expect 1 "'dynamics' cannot be used while a step runs"
runs "$T" run "$F/br_dynamics.lua" --steps 3 --csv "$tap_tmp/br.csv"
check "a step hook still may (the documented use)" test "$rc" -eq 0
check "... and the runs switched to fictitious play after step 2" grep -q '^# switch: 2:fictitious$' "$tap_tmp/br.csv"

# ---- texts --------------------------------------------------------------------------------
mkdir -p "$tap_tmp/nl"
nlname=$(printf 'a\nid>PWNED;exit\n.lua')
cp "$top_srcdir/scenarios/cournot.lua" "$tap_tmp/nl/$nlname"
(cd "$tap_tmp/nl" && "$T" run "$nlname" --steps 1 --csv "$tap_tmp/nl.csv")
check "a scenario name with newlines stays on its header line (escaped)" \
	grep -qx '# scenario: a\\nid>PWNED;exit\\n.lua' "$tap_tmp/nl.csv"
check "no header line starts with a command" sh -c "! grep -q '^id>' '$tap_tmp/nl.csv'"
runs "$T" run "$F/ctrl_title.lua" --steps 1
esc=$(printf '\033')
check "printed text and errors reach stderr without escape sequences" \
	sh -c "! printf '%s' \"\$1\" | grep -q '$esc'" - "$err"
check "... but with their readable text" contains "$err" "boom"
runs "$T" describe "$F/ctrl_texts.lua"
check "describe shows a title, help and unit texts without escape sequences" \
	sh -c "! printf '%s' \"\$1\" | grep -q '$esc'" - "$out"
check "... keeping their text" sh -c 'printf "%s\n" "$1" | grep -q "^title: Nice title?m$" &&
	printf "%s\n" "$1" | grep -q "help hidden; default 1; .*unit unit"' - "$out"
mkdir -p "$tap_tmp/data/scenarios"
ln -s "$top_srcdir/lua" "$tap_tmp/data/lua"
cp "$F/ctrl_texts.lua" "$tap_tmp/data/scenarios/"
TATON_DATADIR="$tap_tmp/data" runs "$T" list
check "list shows a scenario's title without escape sequences" \
	sh -c "! printf '%s' \"\$1\" | grep -q '$esc' && printf '%s' \"\$1\" | grep -q 'ctrl_texts  *Nice title'" - "$out"
runs "$T" run "$F/nul_label.lua" --steps 1
check "a NUL byte in a label is an error, not a cut" expect 2 "label: a string contains a NUL byte"
runs "$T" run "$F/nul_enum.lua" --steps 1
check "a NUL byte in an enum value is an error" expect 2 "params.tie: a string contains a NUL byte"
runs "$T" run "$F/long_error.lua" --steps 1
check "a long error keeps its first line, cut with ..." contains "$err" "long_error.lua:2: é"
check "... and the first lines of its traceback" contains "$err" "stack traceback:"
check "... cut on a UTF-8 boundary" sh -c 'printf "%s" "$1" | iconv -f UTF-8 -t UTF-8 >/dev/null' - "$err"

# ---- limits -------------------------------------------------------------------------------
runs "$T" run "$F/xpcall_loop.lua" --steps 1
# (the instruction limit stops them; on a very busy machine the time limit may come first)
check "xpcall with an endless handler stops at the instruction limit" expect 2 \
	"xpcall_loop.lua:3: " "limit exceeded"
runs "$T" run "$F/find_bomb.lua" --steps 1
check "a backtracking string.find stops at the instruction limit" expect 2 \
	"find_bomb.lua:2: " "limit exceeded"
runs "$T" run "$F/rep_loop.lua" --steps 1
check "a loop of string.rep stops at the instruction limit" expect 2 \
	"rep_loop.lua:2: " "limit exceeded"
runs "$T" run "$F/pcall_error.lua" --steps 1
check "a loop of pcall(error) stops at the instruction limit" expect 2 \
	"pcall_error.lua:2: " "limit exceeded"
runs "$T" run "$F/slow_compare.lua" --steps 1
check "instructions too slow to count stop at the time limit" expect 2 \
	"slow_compare.lua:5: time limit exceeded (5 s per call)"
runs "$T" run "$F/big_table.lua" --steps 1
check "a 12000 x 12000 table parameter is refused before it is built" expect 2 \
	"parameter 'payoffs' has 12000 rows: allowed 1 to 8 rows"
runs "$T" run dmech_private --set 'graph="er"' --set N=4096 --set p=1e-300 --steps 1
check "Erdos-Renyi below the connectivity threshold is refused, naming it" expect 2 \
	"p = 1e-300 is below the connectivity threshold 0.00171"
mkdir -p "$tap_tmp/fifo"
cp "$F/fifo_require.lua" "$tap_tmp/fifo/"
if mkfifo "$tap_tmp/fifo/fifo_mod.lua" 2>/dev/null; then
	runs "$T" run "$tap_tmp/fifo/fifo_require.lua" --steps 1
	check "require of a FIFO is an error, not a wait" expect 2 "fifo_mod.lua' is not a regular file"
else
	check "require of a FIFO # SKIP mkfifo failed" true
fi

# ---- determinism of pairs -----------------------------------------------------------------
"$T" run "$F/pairs_order.lua" --steps 1 --csv /dev/null 2>"$tap_tmp/p0"
same=0
for i in 1 2 3 4 5; do
	"$T" run "$F/pairs_order.lua" --steps 1 --csv /dev/null 2>"$tap_tmp/p$i"
	cmp -s "$tap_tmp/p0" "$tap_tmp/p$i" && same=$((same + 1))
done
check "pairs visits keys in the same order in 6 runs (6 identical outputs)" test "$same" -eq 5
check "... the documented order: numbers, strings, booleans" \
	grep -qx 'pairs_order.lua: 1.5 2 10 10 alpha beta delta epsilon gamma mid zeta true' "$tap_tmp/p0"

# ---- exports --------------------------------------------------------------------------------
echo old >"$tap_tmp/perm.csv"
chmod 640 "$tap_tmp/perm.csv"
"$T" run cournot --steps 1 --csv "$tap_tmp/perm.csv"
check "an export keeps the existing file's permissions" \
	test "$(stat -c %a "$tap_tmp/perm.csv")" = 640
echo old >"$tap_tmp/target.csv"
ln -s target.csv "$tap_tmp/link.csv"
"$T" run cournot --steps 1 --csv "$tap_tmp/link.csv"
check "an export through a symbolic link writes its target" grep -q '^step,' "$tap_tmp/target.csv"
check "... and the link stays a link" test -L "$tap_tmp/link.csv"
ln -s missing.csv "$tap_tmp/dangling.csv"
runs "$T" run cournot --steps 1 --csv "$tap_tmp/dangling.csv"
check "a link to a missing file is an error" expect 1 "it is a symbolic link to a missing file"
if mkfifo "$tap_tmp/out.fifo" 2>/dev/null; then
	runs "$T" run cournot --steps 1 --csv "$tap_tmp/out.fifo"
	check "a FIFO without a reader is an error, not a wait" expect 1 "a FIFO with no reader"
fi

# ---- write errors -------------------------------------------------------------------------
if [ -w /dev/full ]; then
	for cmd in "list" "describe cournot" "--help" "help" "run --help" \
		"sweep cournot --vary n=2,3 --list" "run cournot --steps 2 --csv /dev/null --plot" \
		"run cournot --steps 2"; do
		# shellcheck disable=SC2086
		"$T" $cmd >/dev/full 2>"$tap_tmp/full"
		rc=$?
		check "taton $cmd >/dev/full: exit 1" test "$rc" -eq 1
	done
	check "... saying so" grep -q 'No space left on device' "$tap_tmp/full"
fi

# ---- signals ------------------------------------------------------------------------------
# A long setup hook (until the 5 s time limit); SIGTERM, SIGINT and SIGHUP end the run at
# once: the process dies by the signal, so the time limit's message is never printed. (A
# background job starts with SIGINT ignored, and taton keeps an ignored signal ignored:
# env resets the signals where it can.)
dfl=
env --default-signal true 2>/dev/null && dfl="env --default-signal"
for sig in TERM INT HUP; do
	if [ "$sig" != TERM ] && [ -z "$dfl" ]; then
		check "SIG$sig while Lua runs # SKIP env --default-signal is missing" true
		continue
	fi
	$dfl "$T" run "$F/slow_compare.lua" --steps 1 --csv "$tap_tmp/sig.csv" 2>"$tap_tmp/sig.err" &
	pid=$!
	sleep 1
	kill -$sig $pid
	{ wait $pid; } 2>/dev/null
	rc=$?
	check "SIG$sig while Lua runs: the run ends by the signal (status $rc)" \
		test "$rc" -eq $((128 + $(kill -l $sig)))
	check "SIG$sig: before the time limit" sh -c "! grep -q 'time limit' '$tap_tmp/sig.err'"
done
# SIGTERM while the CSV is being written: the temporary file goes too.
"$T" run cournot --steps 200000 --csv "$tap_tmp/big.csv" &
pid=$!
seen=0
i=0
while [ $i -lt 20000 ] && kill -0 $pid 2>/dev/null; do
	if ls "$tap_tmp" | grep -q '^big\.csv\.tmp\.'; then
		kill -TERM $pid
		seen=1
		break
	fi
	i=$((i + 1))
done
wait $pid
rc=$?
[ $seen -eq 1 ] || diag "the run finished writing before the signal could be sent"
check "SIGTERM during the write leaves no temporary file" \
	test "$(ls "$tap_tmp" | grep -c '^big\.csv\.tmp\.')" -eq 0
if [ $seen -eq 1 ]; then
	check "... nor a half-written file, and the run ends by the signal ($rc)" \
		sh -c "test ! -e '$tap_tmp/big.csv' && test $rc -eq 143"
fi
# SIGTERM to a sweep ends its workers too (a worker may have started another: all of them).
descendants() { # PID: its children, theirs, ...
	for c in $(cat /proc/$1/task/$1/children 2>/dev/null); do
		echo "$c"
		descendants "$c"
	done
}
"$T" sweep "$F/slow_steps.lua" --vary rho=0.1,0.2,0.3,0.4 --steps 100000 --jobs 3 \
	--csv "$tap_tmp/sweep.csv" 2>/dev/null &
pid=$!
kids=
i=0
while [ $i -lt 100 ] && [ "$(echo $kids | wc -w)" -lt 3 ]; do
	sleep 0.1
	kids=$(descendants $pid | tr "\n" " ")
	i=$((i + 1))
done
kill -TERM $pid
wait $pid
rc=$?
check "SIGTERM ends a sweep (status $rc)" test "$rc" -eq 143
left=
for k in $kids; do
	j=0
	while [ $j -lt 100 ] && kill -0 "$k" 2>/dev/null; do
		sleep 0.1
		j=$((j + 1))
	done
	kill -0 "$k" 2>/dev/null && left="$left $k"
done
[ "$(echo $kids | wc -w)" -eq 3 ] || diag "not all 3 workers were seen (${kids:-none})"
check "... and its workers (${kids:-none}) are gone" test -z "$left" -a -n "$kids"
check "... leaving no output" test ! -e "$tap_tmp/sweep.csv"

done_testing
