#!/bin/sh
# The command line: version and help, exact CSV bytes for a fixed seed, determinism,
# --every/--tol/--csv, --plot beside CSV, --set expressions, sweeps (layout, --jobs gives
# identical bytes, --list, --reps seeds, zipped --vary, values as typed),
# list/describe, and bad input: exit status 2 (input) or 1 (runtime) with one clear line
# naming the file:line or the parameter and its allowed range, never a crash.
. "$top_srcdir/tests/cli/tap.sh"
G=$top_srcdir/tests/cli/golden
F=$top_srcdir/tests/cli/fixtures
T=$TATON

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
# the agents' Monte Carlo stream (roles, matching, repayments, newcomers; both sides short)
"$T" run mfg_agents --set agents=3001 --set variant=loan --set agents_init=stationary \
	--set beta=0.9 --set 'types={{0.4,0.5},{0.6,0.5}}' --steps 8 --seed 3 >"$tap_tmp/ma.csv"
check "mfg_agents, Loan, two types, seed 3: golden CSV bytes" cmp "$tap_tmp/ma.csv" \
	"$G/mfg_agents_loan_seed3.csv"
"$T" run mfg_agents --set agents=999 --set p_s=0.3 --set agents_init=stationary --set beta=0.7 \
	--set h=0.25 --steps 6 --seed 5 --dist agent_budget >"$tap_tmp/mb.csv"
check "mfg_agents, more clients than servers, seed 5: golden budget CDF bytes" \
	cmp "$tap_tmp/mb.csv" "$G/mfg_agents_budget_seed5.csv"
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

# --plot with the CSV on standard output: the charts go to standard error, never between
# the CSV rows
runs "$T" run cournot --steps 12 --plot --ascii
cp "$tap_tmp/err" "$tap_tmp/plote"
check "--plot with CSV on stdout: stdout is exactly the CSV" sh -c \
	"test \"\$(printf '%s\n' \"\$1\" | grep -v '^#' | grep -vc '^[0-9]*,')\" -eq 1" - "$out"
check "... and the charts are on stderr (golden)" cmp "$tap_tmp/plote" "$G/cournot_plot_ascii.txt"
# a name of standard output (like /dev/stdout; a link of our own, so a bug could never
# replace the system's): the CSV goes to the stream, the charts to stderr
ln -s /proc/self/fd/1 "$tap_tmp/stdout"
echo "kept" >"$tap_tmp/devout"
"$T" run cournot --steps 12 --plot --ascii --csv "$tap_tmp/stdout" >>"$tap_tmp/devout" \
	2>"$tap_tmp/deverr"
check "... also with --csv naming standard output (e.g. /dev/stdout)" sh -c \
	"cmp -s '$tap_tmp/deverr' '$G/cournot_plot_ascii.txt' && ! grep -q '|' '$tap_tmp/devout'"
check "... which is written as a stream: an appended redirection keeps what was there" sh -c \
	"head -n 1 '$tap_tmp/devout' | grep -qx kept && grep -q '^12,' '$tap_tmp/devout' && test -L '$tap_tmp/stdout'"
"$T" run cournot --steps 12 >"$tap_tmp/noplot"
check "... the CSV bytes are those of the run without --plot" sh -c \
	"printf '%s\n' \"\$1\" | cmp - '$tap_tmp/noplot'" - "$out"

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

echo old >"$tap_tmp/real.csv"
ln -s real.csv "$tap_tmp/link.csv"
"$T" run cournot --steps 1 --csv "$tap_tmp/link.csv"
check "--csv through a symbolic link replaces the file it names and keeps the link" sh -c \
	"test -L '$tap_tmp/link.csv' && grep -q '^1,' '$tap_tmp/real.csv'"

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
# more jobs than runs (and than the machine's cores): as many workers as runs, same bytes
"$T" sweep cournot --vary n=2,3 --vary c=1:2:0.5 --steps 3 --jobs 16 >"$tap_tmp/j16"
check "sweep --jobs 16 on 6 runs gives the same bytes as --jobs 1" cmp "$tap_tmp/j1" "$tap_tmp/j16"
# runs of unequal length, pulled by the workers as they become free: still in run order
"$T" sweep cournot --vary c=0.5:3:0.25 --vary n=2,9,3 --tol 1e-12 --steps 400 --every 7 \
	>"$tap_tmp/u1"
"$T" sweep cournot --vary c=0.5:3:0.25 --vary n=2,9,3 --tol 1e-12 --steps 400 --every 7 \
	--jobs 4 >"$tap_tmp/u4"
check "33 runs of unequal length: --jobs 4 gives the bytes of --jobs 1" cmp "$tap_tmp/u1" \
	"$tap_tmp/u4"
# a run that fails: its error, exit 2, no output, no temporary file, for any --jobs
mkdir "$tap_tmp/fail"
for j in 1 3; do
	runs "$T" sweep mfg_bank --vary b0_min=1,6,2 --set b0_max=5 --set h=0.05 --steps 2 \
		--jobs $j --csv "$tap_tmp/fail/out.csv"
	first=$(printf '%s\n' "$err" | head -n 1)
	check "sweep --jobs $j with a failing run: exit 2 and the run's error" expect_err 2 \
		"b0_min = 6 exceeds b0_max = 5" "$first"
	check "... no output and no temporary file" test -z "$(ls -A "$tap_tmp/fail")"
done
runs "$T" sweep cournot --vary n=2,3 --steps 3 --list
check "sweep --list prints one taton run command per run" test "$out" = "$T run cournot --seed 1 --steps 3 --vary n=2,3 --sweep-run 1
$T run cournot --seed 1 --steps 3 --vary n=2,3 --sweep-run 2"
runs "$T" sweep dmech_private --set N=7 --vary eta=25 --reps 3 --steps 1
check "sweep --reps 3 prints the derived seed of every repetition" sh -c \
	"test \$(echo '$out' | grep -c '^# rep [123] seed: ') -eq 3"
s2=$(printf '%s\n' "$out" | grep '^1,2,' | head -n 1 | cut -d, -f3)
s3=$(printf '%s\n' "$out" | grep '^1,3,' | head -n 1 | cut -d, -f3)
check "repetitions use distinct seeds ($s2, $s3)" sh -c "test -n '$s2' && test '$s2' != '$s3' && test '$s2' != 1"

# --set sees the scenario's other parameters, after the scenario's values and the earlier
# --set options (run, describe, sweep)
runs "$T" run mfg_bank --steps 0 --set b0_min=3 --set 'b0_max=b0_min+5'
check "run --set 'b0_max=b0_min+5' after b0_min=3: b0_max = 8" sh -c \
	"printf '%s\n' \"\$1\" | grep -qx '# b0_max=8'" - "$out"
runs "$T" describe mfg_bank --set b0_min=3 --set 'b0_max=b0_min+5'
check "describe --set 'b0_max=b0_min+5': b0_max = 8" contains "$out" "
  b0_max = 8
"
# A sweep sets the varied parameters first, then the --set options: the --set expression
# sees each run's varied value (the sweep in mfg_bank's lecture text relies on it).
runs "$T" sweep mfg_bank --vary b0_min=0,3 --set 'b0_max=b0_min+5' --set h=0.05 --steps 2
printf '%s\n' "$out" | awk -F, '$1 == 2' | cut -d, -f5- >"$tap_tmp/sw2"
"$T" run mfg_bank --set b0_min=3 --set b0_max=8 --set h=0.05 --steps 2 | grep -v '^[#s]' \
	>"$tap_tmp/run38"
check "sweep run b0_min = 3 with --set 'b0_max=b0_min+5' is the run of U[3,8]" \
	cmp "$tap_tmp/sw2" "$tap_tmp/run38"
bad "--set of a varied parameter" 2 "--set n conflicts with --vary n" \
	"$T" sweep cournot --vary n=2,3 --set n=4

# zipped --vary: the parameters change together, one run per tuple
runs "$T" sweep cournot --vary 'n,c=2,1|3,1.5' --steps 2
hdr=$(printf '%s\n' "$out" | grep -v '^#' | head -n 1)
check "zipped --vary: one column per parameter ($hdr)" test \
	"$hdr" = "run,rep,seed,n,c,step,step_change,dist_ne,price,total,welfare,nash_gap"
check "zipped --vary: 2 runs x 3 steps" test "$(printf '%s\n' "$out" | grep -c '^[12],1,1,')" -eq 6
check "zipped --vary: the header names the tuples" contains "$out" "# vary: n,c = 2,1|3,1.5"
printf '%s\n' "$out" | awk -F, '$1 == 2' | cut -d, -f7- >"$tap_tmp/z2"
"$T" run cournot --set n=3 --set c=1.5 --steps 2 | grep -v '^[#s]' | cut -d, -f2- >"$tap_tmp/r2"
check "zipped --vary: run 2 is the run with n = 3 and c = 1.5" cmp "$tap_tmp/z2" "$tap_tmp/r2"
check "zipped --vary: its values are in the rows" sh -c \
	"printf '%s\n' \"\$1\" | grep -q '^2,1,1,3,1.5,2,'" - "$out"
runs "$T" sweep matching_pennies --vary 'start={1,1},{2,2}' --steps 1
check "a value in braces keeps its commas: 2 runs" test "$(printf '%s\n' "$out" | grep -c '^[12],1,1,')" -eq 4
check "... quoted in the CSV" sh -c "printf '%s\n' \"\$1\" | grep -q '^2,1,1,\"{2,2}\",1,'" - "$out"
bad "zipped tuple of the wrong size" 2 "tuple 2 '3' has 1 values for 2 parameters" \
	"$T" sweep cournot --vary 'n,c=2,1|3'
bad "a parameter varied twice" 2 "'n' is varied twice" "$T" sweep cournot --vary n=2 --vary n,c=3,1

# a line break typed in an option stays on its header line (as \n); a varied value, which is
# also a CSV field, may not hold one
runs "$T" sweep cournot --vary 'n=2,
3' --set 'c=1 +
1' --steps 1
check "sweep header: --set with a line break is one line, written as \\n" contains "$out" "# set: c=1 +\\n1
# vary: n = 2,3
"
bad "a varied value with a line break" 2 "a value may not contain a line break" \
	"$T" sweep cournot --vary 'n=2,{
3}'

# numbers as typed: a range in the decimals of its ends and step, --tol as given
runs "$T" sweep cournot --vary c=0.1:0.3:0.1 --vary a=6:7:0.25 --steps 1 --tol 1e-7
check "range values as typed in the header (0.1,0.2,0.3)" contains "$out" "# vary: c = 0.1,0.2,0.3"
check "... and 6,6.25,6.5,6.75,7" contains "$out" "# vary: a = 6,6.25,6.5,6.75,7"
check "--tol as typed in the header" contains "$out" "# tol: 1e-7"
check "range values as typed in the rows (0.3, 6.75)" sh -c \
	"printf '%s\n' \"\$1\" | grep -q '^14,1,1,0.3,6.75,0,'" - "$out"
runs "$T" sweep cournot --vary c=6:7:0.1 --steps 1 --tol 1e-7 --list
check "--list shows --tol 1e-7 as typed" contains "$out" " --tol 1e-7 "
runs "$T" sweep cournot --vary c=6:7:0.1 --steps 0
check "6:7:0.1 gives 6.3 and 7, not 6.2999999999999998" contains "$out" "# vary: c = 6,6.1,6.2,6.3,6.4,6.5,6.6,6.7,6.8,6.9,7"

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
check "describe lists vectors as Lua lists (no pure equilibrium of matching pennies: {})" \
	contains "$out" "pure_nash_equilibria = {}"
runs "$T" describe cournot
check "describe: the equilibrium of the Lua game as a Lua list" contains "$out" "equilibrium = {3, 3}"

# describe says which state it describes: the start, or the state --steps/--tol reached
# (mfg_bank: at the z0 = 1 start b_th = L = 3.19 and V_inf = 25; at the equilibrium
# b_th = 5.24 and V_inf = 46.06, spec 3.3 and 3.5)
runs "$T" describe mfg_bank
check "describe: state: step 0, the start" contains "$out" "state: step 0, the start"
check "... b_th = L at the start" contains "$out" "b_th = 3.1904761904761907"
check "... V_inf = 25 at the start (numbers exact)" contains "$out" "V_inf = 24.99999999999998"
check "... bid_set as a list of intervals" contains "$out" "bid_set = {{3.1904761904761907, inf}}"
runs "$T" describe mfg_bank --set k=500
check "describe: nobody can afford k = 500: bid_set = {}, b_th none" contains "$out" "bid_set = {}
b_th = none (nobody bids k)"
runs "$T" describe mfg_bank --tol 1e-7
check "describe --tol: the state reached, named" contains "$out" "state: step 16, reached with --tol 1e-7 (step_change = "
check "... b_th = 5.239 at the equilibrium" sh -c \
	"printf '%s\n' \"\$1\" | grep -q '^b_th = 5\.23[89]'" - "$out"
check "... V_inf = 46.0585 = 25 (2 - z*)" sh -c \
	"printf '%s\n' \"\$1\" | grep -q '^V_inf = 46\.058'" - "$out"
runs "$T" describe mfg_bank --steps 3
check "describe --steps 3: step 3" contains "$out" "state: step 3, after --steps 3 (step_change = "
zd=$(printf '%s\n' "$out" | sed -n 's/^z = //p')
zr=$("$T" run mfg_bank --steps 3 | tail -n 1 | cut -d, -f3)
check "... z = z_3 of the run, the same double ($zd, $zr)" awk -v a="$zd" -v b="$zr" \
	'BEGIN { exit !(a != "" && a + 0 == b + 0) }'

runs "$T" describe mfg_bank --steps 2 --tol 1e-7
check "describe --steps 2 --tol: not reached, said so" contains "$out" "state: step 2, after --steps 2; --tol 1e-7 not reached"
check "describe documents the solver's grid method" sh -c \
	"printf '%s\n' \"\$1\" | grep -q '^grid_method = ' && printf '%s\n' \"\$1\" | grep -q '^tie_rule = .*1e-9' && printf '%s\n' \"\$1\" | grep -q '^policy_boundary = smoothed'" - "$out"
runs "$T" describe mfg_agents
check "describe with agents: their finite-population bias" sh -c \
	"printf '%s\n' \"\$1\" | grep -q '^agents_unmatched = 0.00252' && printf '%s\n' \"\$1\" | grep -q '^agents_bias = finite population'" - "$out"

# a solve that stops without converging says so: a header line and stderr. Loan, k = 6,
# alpha = 3, beta = 0.995: the undamped belief iteration z <- gamma(z) cycles, so the
# agents' equilibrium policy (searched at step 0) stops at its cap of 5000 iterations
set -- --set 'variant="loan"' --set k=6 --set alpha=3 --set beta=0.995 --set h=0.25 \
	--set agents=100 --set 'agents_mode="equilibrium"'
runs "$T" run mfg_bank "$@" --steps 2
check "unconverged solve: a '# warning: step 0:' header line" sh -c \
	"printf '%s\n' \"\$1\" | grep -qx '# warning: step 0: belief did not converge: stopped at the cap of 5000 iterations (change 0.00876 > tolerance 1e-10)'" - "$out"
check "... before the header row, after the parameters" sh -c \
	"printf '%s\n' \"\$1\" | awk '/^# unit_cents/ { p = NR } /^# warning/ { w = NR } /^step,/ { h = NR } END { exit !(p < w && w < h) }'" - "$out"
check "... and on stderr" contains "$err" "taton: warning: step 0: belief did not converge"
check "... the rows are still written" test "$(printf '%s\n' "$out" | grep -c '^[0-2],')" -eq 3
runs "$T" run mfg_bank --steps 2
check "a run whose solves converge has no warning" sh -c "! printf '%s\n' \"\$1\" | grep -q warning && test -z \"\$2\"" - "$out" "$err"
runs "$T" run mfg_bank --set k=8.2 --set beta=0.999 --set h=0.25 --steps 3
check "k = 8.2, beta = 0.999: the stationary law converges to round-off, no warning" \
	sh -c "! printf '%s\n' \"\$1\" | grep -q warning && test -z \"\$2\"" - "$out" "$err"
runs "$T" describe mfg_bank "$@" --steps 2
check "describe reports the warning too" contains "$out" "warning: step 0: belief did not converge"
check "... and mfg's unconverged line" contains "$out" "unconverged = 1 solve did not converge; the last: belief"

# bad input
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
