#!/bin/sh
# The command line: version and help, exact CSV bytes for a fixed seed, determinism,
# --every/--tol/--csv, sweeps (layout, --jobs gives identical bytes, --list, --reps seeds),
# list/describe, and bad input: exit status 2 (input) or 1 (runtime) with one clear line
# naming the file:line or the parameter and its allowed range, never a crash.
. "$top_srcdir/tests/cli/tap.sh"
G=$top_srcdir/tests/cli/golden
F=$top_srcdir/tests/cli/fixtures
T=$TATON

runs "$T" --version
check "--version prints the version first" test "$rc" -eq 0 -a "${out%%
*}" = "taton 0.1.0"
check "--version states the licence" contains "$out" "License GPLv3+: GNU GPL version 3 or later"
version=$out
runs "$T" version
check "taton version is taton --version" test "$rc" -eq 0 -a "$out" = "$version"
runs "$T" --help
check "--help exits 0 and shows run and sweep" contains "$out" "taton sweep SCENARIO"
runs "$T" help
check "taton help exits 0 and shows the usage" test "$rc" -eq 0 -a -z "$err"
check "taton help shows the usage" contains "$out" "taton sweep SCENARIO"
check "taton help lists the explorer's commands" contains "$out" "set NAME EXPR"
check "taton help lists the dynamics" contains "$out" "kperiod:10"
runs "$T" help sweep
check "taton help sweep is the sweep usage" contains "$out" "usage: taton sweep SCENARIO --vary"
runs "$T" help export
check "taton help COMMAND shows that command" contains "$out" "export FILE"
runs "$T" help scenario
check "taton help scenario lists the scenario keys" contains "$out" "Scenario keys: title, info"
check "taton help scenario lists the taton table" contains "$out" "taton.scenario"
runs "$T" help nosuch
check "taton help of an unknown topic: exit 2" test "$rc" -eq 2
check "taton help of an unknown topic names it" contains "$err" "no help on 'nosuch'"

# exact bytes
runs "$T" run matching_pennies --dynamics fictitious --steps 12
printf '%s\n' "$out" >"$tap_tmp/p.csv"
check "matching pennies, 12 fictitious rounds: golden CSV bytes" cmp "$tap_tmp/p.csv" "$G/pennies.csv"
"$T" run dmech_private --set N=7 --steps 4 --seed 7 >"$tap_tmp/d7.csv"
check "dmech_private, N = 7, seed 7: golden CSV bytes" cmp "$tap_tmp/d7.csv" "$G/dmech_seed7.csv"
"$T" run dmech_private --set N=7 --steps 4 --seed 7 >"$tap_tmp/d7b.csv"
check "same seed twice: identical bytes" cmp "$tap_tmp/d7.csv" "$tap_tmp/d7b.csv"
"$T" run dmech_private --set N=7 --steps 4 --seed 8 >"$tap_tmp/d8.csv"
grep -v '^#' "$tap_tmp/d7.csv" >"$tap_tmp/d7rows"
grep -v '^#' "$tap_tmp/d8.csv" >"$tap_tmp/d8rows"
check "another seed: different numbers" sh -c "! cmp -s '$tap_tmp/d7rows' '$tap_tmp/d8rows'"

# --plot: the run's views as charts, braille and ASCII
"$T" run cournot --steps 12 --csv /dev/null --plot >"$tap_tmp/plot"
check "--plot prints the views as braille charts (golden)" cmp "$tap_tmp/plot" "$G/cournot_plot.txt"
"$T" run cournot --steps 12 --csv /dev/null --plot --ascii >"$tap_tmp/plota"
check "--plot --ascii prints ASCII charts (golden)" cmp "$tap_tmp/plota" "$G/cournot_plot_ascii.txt"
# a view with x = "q1" draws q2 against q1 (0.5 .. 2), labelled q1; the next view, without
# x, over the steps
"$T" run "$top_srcdir/tests/ui/fixtures/phase.lua" --steps 8 --csv /dev/null --plot --ascii \
	>"$tap_tmp/phase"
sed '/^$/q' "$tap_tmp/phase" >"$tap_tmp/phase1"
check "--plot draws a view against its x series" sh -c \
	"grep -q '^| *q1 *|\$' '$tap_tmp/phase1' && grep -q '^| *0.6  *0.8  *1  *1.2 .* 1.8  *|\$' '$tap_tmp/phase1' && ! grep -q 'step' '$tap_tmp/phase1' && grep -q '^| *step *|\$' '$tap_tmp/phase'"

# header lines
check "header names version, scenario, seed, dynamics and every parameter" sh -c \
	"grep -q '^# taton 0.1.0$' '$tap_tmp/d7.csv' && grep -q '^# scenario: dmech_private$' '$tap_tmp/d7.csv' && grep -q '^# seed: 7$' '$tap_tmp/d7.csv' && grep -q '^# dynamics: ' '$tap_tmp/d7.csv' && grep -q '^# N=7$' '$tap_tmp/d7.csv'"

# --every, --tol, --csv
runs "$T" run cournot --steps 10 --every 4
steps=$(printf '%s\n' "$out" | grep -v '^#' | tail -n +2 | cut -d, -f1 | tr '\n' ' ')
check "--every 4 reports steps 0 4 8 and the last (got: $steps)" test "$steps" = "0 4 8 10 "
runs "$T" run cournot --steps 1000 --tol 1e-6
last=$(printf '%s\n' "$out" | tail -n 1)
check "--tol stops early once step_change < 1e-6 (last row: $last)" sh -c \
	"echo '$last' | awk -F, '{ exit !(\$1 < 1000 && \$2 < 1e-6) }'"
rm -f "$tap_tmp/out.csv"
runs "$T" run cournot --steps 3 --csv "$tap_tmp/out.csv"
check "--csv FILE writes the file and nothing on stdout" sh -c \
	"test -z '$out' && grep -q '^3,' '$tap_tmp/out.csv'"
check "--csv leaves no temporary file behind" test "$(ls "$tap_tmp" | grep -c '\.tmp\.')" -eq 0
runs "$T" run cournot --steps 3 --csv /nonexistent-dir/x.csv
check "--csv into a missing directory: exit 1 naming the file" sh -c \
	"test $rc -eq 1 && echo '$err' | grep -q '/nonexistent-dir/x.csv'"

runs "$T" run cournot --steps 1 --csv /dev/null
check "--csv /dev/null writes through the device and leaves it a device" sh -c \
	"test $rc -eq 0 && test -c /dev/null"

# sweeps
runs "$T" sweep cournot --vary n=2,3 --vary c=1:2:0.5 --steps 3
hdr=$(printf '%s\n' "$out" | grep -v '^#' | head -n 1)
check "sweep header row: run,rep,seed,<varied>,step,<series>" test \
	"$hdr" = "run,rep,seed,n,c,step,step_change,dist_ne,price,total,welfare,nash_gap"
rows=$(printf '%s\n' "$out" | grep -v '^#' | tail -n +2 | wc -l)
check "sweep: 6 runs x 4 reported steps = 24 rows ($rows)" test "$rows" -eq 24
printf '%s\n' "$out" >"$tap_tmp/j1"
"$T" sweep cournot --vary n=2,3 --vary c=1:2:0.5 --steps 3 --jobs 3 >"$tap_tmp/j3"
check "sweep --jobs 3 gives the same bytes as --jobs 1" cmp "$tap_tmp/j1" "$tap_tmp/j3"
runs "$T" sweep cournot --vary n=2,3 --steps 3 --list
check "sweep --list prints one taton run command per run" sh -c \
	"test \$(echo '$out' | grep -c ' run cournot --seed 1 --steps 3 --set n=') -eq 2"
runs "$T" sweep dmech_private --set N=7 --vary eta=25 --reps 3 --steps 1
check "sweep --reps 3 prints the derived seed of every repetition" sh -c \
	"test \$(echo '$out' | grep -c '^# rep [123] seed: ') -eq 3"
s2=$(printf '%s\n' "$out" | grep '^1,2,' | head -n 1 | cut -d, -f3)
s3=$(printf '%s\n' "$out" | grep '^1,3,' | head -n 1 | cut -d, -f3)
check "repetitions use distinct seeds ($s2, $s3)" sh -c "test -n '$s2' && test '$s2' != '$s3' && test '$s2' != 1"

# list and describe
runs "$T" list
for name in "  mfg  " "  dmech  " "  nfg  " "  mfg_bank  " "  cournot  " "  dmech_compare  "; do
	check "list shows '$name'" contains "$out" "$name"
done
runs "$T" describe cournot --set n=4
check "describe shows the parameter's current value, range and help" sh -c \
	"echo '$out' | grep -q '^  n = 4$' && echo '$out' | grep -q 'allowed integer in \[1, 50\]'"
runs "$T" describe nfg
check "describe MODEL works for a built-in model" contains "$out" "model: nfg"

# bad input
expect_err() { # STATUS NEEDLE FIRST-LINE
	[ "$rc" -eq "$1" ] || { diag "exit status $rc, expected $1: $3"; return 1; }
	case "$3" in *"$2"*) return 0 ;; esac
	diag "message: $3"
	return 1
}
bad() { # bad DESC STATUS NEEDLE CMD...
	d=$1 st=$2 needle=$3
	shift 3
	runs "$@"
	first=$(printf '%s\n' "$err" | head -n 1)
	check "$d: exit $st, message names \"$needle\"" expect_err "$st" "$needle" "$first"
}
bad "unknown parameter" 2 "unknown parameter 'foo'" "$T" run cournot --set foo=1
bad "value out of range" 2 "allowed integer in [1, 50]" "$T" run cournot --set n=0
bad "unparsable expression" 2 "n" "$T" run cournot --set 'n=(('
bad "missing scenario file" 2 "cannot open scenario 'no/such.lua'" "$T" run no/such.lua
bad "scenario syntax error" 2 "syntax_error.lua:4:" "$T" run "$F/syntax_error.lua"
bad "runtime error in a Lua best response" 1 "runtime_error.lua:9:" "$T" run "$F/runtime_error.lua"
bad "endless loop in a scenario" 2 "instruction limit" "$T" run "$F/endless.lua"
bad "os.execute in a scenario" 2 "os_execute.lua:2:" "$T" run "$F/os_execute.lua"
bad "unknown option" 2 "bad option '--bogus'" "$T" run cournot --bogus
bad "bad dynamics" 2 "unknown dynamics 'brownian'" "$T" run cournot --dynamics brownian
bad "bad --steps" 2 "bad --steps 'many'" "$T" run cournot --steps many
bad "bad --vary" 2 "bad --vary 'n=3:1:1'" "$T" sweep cournot --vary n=3:1:1
bad "--vary of an unknown parameter" 2 "unknown parameter 'm'" "$T" sweep cournot --vary m=1,2
bad "--vary value out of range" 2 "allowed integer in [1, 50]" "$T" sweep cournot --vary n=1,99
bad "explorer without a terminal" 2 "taton run" "$T" cournot
# --switch STEP:SPEC: a switch at step 0 runs the new dynamic from the start (the rows of
# --dynamics); a later one leaves the earlier rows as they were and records itself.
"$T" run cournot --steps 12 --dynamics fictitious | grep -v '^#' >"$tap_tmp/fict"
"$T" run cournot --steps 12 --switch 0:fictitious >"$tap_tmp/sw0"
check "--switch 0:SPEC gives the rows of --dynamics SPEC" sh -c \
	'grep -v "^#" "$1" | cmp -s - "$2"' - "$tap_tmp/sw0" "$tap_tmp/fict"
check "--switch records itself after the starting dynamic" sh -c \
	'grep -q "^# dynamics: cournot$" "$1" && grep -q "^# switch: 0:fictitious$" "$1"' - \
	"$tap_tmp/sw0"
"$T" run cournot --steps 12 | grep -v '^#' >"$tap_tmp/cour"
head -n 7 "$tap_tmp/cour" >"$tap_tmp/cour.7"
"$T" run cournot --steps 12 --switch 5:fictitious | grep -v '^#' >"$tap_tmp/sw5"
check "--switch 5:SPEC keeps rows 0-5 and changes the later ones" sh -c \
	'head -n 7 "$1" | cmp -s - "$2.7" && ! cmp -s "$1" "$2"' - "$tap_tmp/sw5" "$tap_tmp/cour"
runs "$T" run cournot --switch 3:nope
check "--switch with a bad dynamic: exit 2 naming it" sh -c \
	'test "$1" -eq 2 && printf "%s" "$2" | grep -q "bad --switch .3:nope."' - "$rc" "$err"
# A process (a model with no action vector) has no learning dynamics.
runs "$T" run fairness_smartgrid --dynamics fictitious --steps 1 --csv /dev/null
check "a process refuses --dynamics: exit 2" test "$rc" -eq 2
check "... with one clear line" contains "$err" "model fairness is a process, not a game: it has no learning dynamics"
runs "$T" run fairness_smartgrid --steps 3 --switch 1:fictitious --csv /dev/null
check "a process refuses --switch too: exit 2" test "$rc" -eq 2
check "... with the same line" contains "$err" "model fairness is a process, not a game: it has no learning dynamics"
runs "$T" run fairness_smartgrid --steps 2 --csv -
check "a process's CSV says dynamics: -" contains "$out" "# dynamics: -"
check "... and leaves step_change empty" sh -c 'printf "%s\n" "$1" | awk -F, "/^#/ || /^step/ { next } \$2 != \"\" { bad = 1 } END { exit bad }"' - "$out"
runs "$T" describe fairness_smartgrid
check "describe of a process says dynamics: -" contains "$out" "dynamics: -"

done_testing
