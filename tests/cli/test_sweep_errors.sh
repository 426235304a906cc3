#!/bin/sh
# How a sweep says what went wrong: a run that fails is named (its number, its repetition when
# there are several, its varied values as typed) and its error said once, however many workers
# saw runs fail, and it is the first failing run's for every --jobs; later runs then give up
# instead of running to their end; the check before the runs loads no model, so scenario code
# it runs can run no command; a numeral given to --set or --vary has the value Lua gives it.
# Neighbours: test_cli.sh (sweeps that succeed, the first failing-run check), test_merge.sh
# (--sweep-run).
. "$top_srcdir/tests/cli/tap.sh"
T=$TATON

# lines TEXT: its number of lines
lines() { printf '%s\n' "$1" | grep -c ''; }

# await PID: waits for a background sweep, a watchdog ending it after 60 s; sets $ended
# (0: the watchdog ended it) and $rc.
await() {
	i=0
	while [ $i -lt 600 ] && kill -0 "$1" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	ended=1
	kill -0 "$1" 2>/dev/null && { ended=0; kill -TERM "$1"; }
	wait "$1"
	rc=$?
}

# Every run fails (b0_min > b0_max for each): all workers fail at once; one error, run 1's.
for j in 1 3; do
	runs "$T" sweep mfg_bank --vary b0_min=6,7,8 --set b0_max=5 --set h=0.05 --steps 2 \
		--jobs $j --csv "$tap_tmp/all.csv"
	check "every run fails, --jobs $j: exit 2" test "$rc" -eq 2
	check "... one line on standard error ($(lines "$err"))" test "$(lines "$err")" -eq 1
	check "... naming run 1 and its value" test \
		"$err" = "taton: run 1 (b0_min=6): mfg: b0_min = 6 exceeds b0_max = 5"
	check "... and no output" test ! -e "$tap_tmp/all.csv"
done

# Only the last run fails (b0_min = 1, 2.25, 3.5, 4.75, 6): the error is run 5's.
for j in 1 3; do
	runs "$T" sweep mfg_bank --vary b0_min=1:6:1.25 --set b0_max=5 --set h=0.05 --steps 2 \
		--jobs $j
	check "run 5 of 5 fails, --jobs $j: the error names it once" test \
		"$err" = "taton: run 5 (b0_min=6): mfg: b0_min = 6 exceeds b0_max = 5"
done

# Run 1 fails at once while run 2 would step for ages: run 2 gives up at its next step
# (nothing of it would be written) and the sweep ends with run 1's error. A watchdog ends it
# after 60 s otherwise (run 2 alone would take days).
"$T" sweep mfg_bank --vary b0_min=6,1 --set b0_max=5 --steps 1000000000 --jobs 2 \
	--csv "$tap_tmp/long.csv" 2>"$tap_tmp/long.err" &
pid=$!
await $pid
check "a run that fails ends the sweep without waiting for a later run to finish" \
	test $ended -eq 1 -a "$rc" -eq 2
check "... with run 1's error alone" test "$(cat "$tap_tmp/long.err")" = \
	"taton: run 1 (b0_min=6): mfg: b0_min = 6 exceeds b0_max = 5"
check "... and no output" test ! -e "$tap_tmp/long.csv"

# A worker that dies (here killed; a crash is the same) fails the run it was taking: the sweep
# says which, and how the worker ended, stops the other runs instead of running to its end,
# and writes nothing. Both runs would step for ages; worker 0 (the sweep's own child) is
# killed once both workers run, and worker 1 ends with its parent (it ran the other run), so
# either run may be the one named. Linux only: the workers are found in /proc.
# children PID: the processes whose parent is PID.
children() {
	for f in /proc/[0-9]*/stat; do
		s=$(cat "$f" 2>/dev/null) || continue
		s=${s##*) }
		set -- $s
		[ "$2" = "$want" ] && { d=${f#/proc/}; echo "${d%/stat}"; }
	done
}
if [ -r /proc/self/stat ]; then
	"$T" sweep mfg_bank --vary k=6,7 --steps 1000000000 --jobs 2 --csv "$tap_tmp/dead.csv" \
		2>"$tap_tmp/dead.err" &
	pid=$!
	w0='' w1='' i=0
	while [ $i -lt 600 ] && [ -z "$w1" ]; do
		sleep 0.1
		i=$((i + 1))
		want=$pid w0=$(children | head -n 1)
		[ -n "$w0" ] && want=$w0 w1=$(children | head -n 1)
	done
	sleep 0.5 # both runs taken
	[ -n "$w0" ] && kill -KILL "$w0"
	await $pid
	check "a killed worker ends the sweep at once (exit $rc)" test $ended -eq 1 -a "$rc" -eq 1
	check "... one line naming its run and the signal" grep -Eqx \
		'taton: run (1 \(k=6\)|2 \(k=7\)): the worker process running it died: Killed \(signal 9\)' \
		"$tap_tmp/dead.err"
	check "... and no output, no temporary file" test -z "$(ls "$tap_tmp" | grep dead.csv)"
else
	echo "ok $((tap_n += 1)) # SKIP no /proc"
	echo "ok $((tap_n += 1)) # SKIP no /proc"
	echo "ok $((tap_n += 1)) # SKIP no /proc"
fi

# Several varied parameters (one zipped) and repetitions: all named, with the repetition.
runs "$T" sweep mfg_bank --vary 'b0_min,k=6,6.5|7,7' --vary z0=1,0 --reps 2 --set b0_max=5 \
	--set h=0.05 --steps 2 --jobs 2
check "zipped, two --vary, --reps 2: exit 2" test "$rc" -eq 2
check "... the run, its repetition and every varied value" test \
	"$err" = "taton: run 1 rep 1 (b0_min=6, k=6.5, z0=1): mfg: b0_min = 6 exceeds b0_max = 5"

# A single run of the sweep (--sweep-run) says its error the same way.
runs "$T" run mfg_bank --vary b0_min=1,6 --set b0_max=5 --set h=0.05 --steps 2 --sweep-run 2
check "--sweep-run 2 that fails: exit 2, the run named" test "$rc" -eq 2 -a \
	"$err" = "taton: run 2 (b0_min=6): mfg: b0_min = 6 exceeds b0_max = 5"

# The check builds no model from the scenario's defaults: a sweep whose every run is valid
# runs even when the defaults with the --set options are not (b0_min = 5.5 > the default
# b0_max = 5, but each run sets b0_max first), and run 2 is taton run's with its values.
runs "$T" sweep mfg_bank --vary b0_max=6,7 --set b0_min=5.5 --set h=0.05 --steps 1
check "every run valid, the defaults not: the sweep runs (exit $rc)" test "$rc" -eq 0
printf '%s\n' "$out" | awk -F, '$1 == 2' | cut -d, -f5- >"$tap_tmp/sw2"
"$T" run mfg_bank --set b0_max=7 --set b0_min=5.5 --set h=0.05 --steps 1 | grep -v '^[#s]' \
	>"$tap_tmp/run2"
check "... its run 2 is taton run with b0_max = 7, b0_min = 5.5" cmp "$tap_tmp/sw2" "$tap_tmp/run2"

# The sweep checks its values on a scenario without runs: a command is refused, not run.
runs "$T" sweep cournot --vary 'n=taton.command("params") and 2' --steps 1
check "a --vary expression running 'params' before any run exists: exit 2, no crash" \
	test "$rc" -eq 2
check "... refused: the runs are not built yet" contains "$err" \
	"'params' cannot run here: the scenario's runs are not built yet"

# A numeral has the value Lua gives the expression: hexadecimal, exponent, a trailing dot.
"$T" run cournot --set n=3 --set c=1.5 --steps 3 >"$tap_tmp/ref.csv"
"$T" run cournot --set n=0x3 --set c=15e-1 --steps 3 >"$tap_tmp/num.csv"
check "--set n=0x3 c=15e-1 is --set n=3 c=1.5" cmp "$tap_tmp/ref.csv" "$tap_tmp/num.csv"
"$T" run cournot --set n=3. --steps 1 >"$tap_tmp/dot.csv" 2>"$tap_tmp/dot.err"
check "--set n=3. is the float 3.0, which an integer parameter takes as in Lua" \
	grep -q '^# n=3$' "$tap_tmp/dot.csv"
# In Lua source -9223372036854775808 is the negation of a float (the integer overflows):
# the message shows the float, not the smallest integer.
runs "$T" sweep cournot --vary c=-9223372036854775808
check "--vary c=-9223372036854775808: the value is Lua's float" contains "$err" \
	"'c' = -9.223372036854776e+18 is out of range"
runs "$T" sweep cournot --vary n=2.5
check "--vary n=2.5 for an integer parameter: refused as before" contains "$err" \
	"'n' = 2.5 is not an integer: allowed integer in [1, 50]"

done_testing
