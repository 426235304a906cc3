#!/bin/sh
# Sweeps beyond one machine: `taton sweep ... --list` prints one self-contained
# `taton run ... --sweep-run I` command per run, each writing a complete CSV (the sweep's
# header lines, its header row, the run's rows with the run,rep,seed,<varied> columns), and
# `taton merge` joins them into exactly the bytes `taton sweep ... --csv -` writes: through
# GNU parallel (SKIP when it is absent), from one file per run in any order (a Slurm array),
# with warnings of unconverged runs. merge refuses what is not one complete sweep.
. "$top_srcdir/tests/cli/tap.sh"
T=$TATON
d=$tap_tmp

# A sweep with every option that shapes its output: two --vary (one zipped), repetitions,
# --set, --tol, --every and --dynamics.
set -- cournot --vary n=2,3 --vary 'a,c=10,1|12,2.5' --reps 2 --seed 5 --set b=1.5 \
	--tol 1e-9 --steps 7 --every 3 --dynamics damped:0.5
"$T" sweep "$@" --csv - >"$d/ref.csv"
check "the reference sweep runs" test -s "$d/ref.csv"
"$T" sweep "$@" --list >"$d/list"
check "--list prints one command per run (2 x 2 combinations x 2 repetitions)" \
	test "$(wc -l <"$d/list")" -eq 8
check "--list: each command is taton run ... --sweep-run I" \
	sh -c "grep -c \"^$T run cournot --seed 5 --steps 7 --tol 1e-9 --every 3 --dynamics damped:0.5 --set b=1.5 --vary n=2,3 --vary 'a,c=10,1|12,2.5' --reps 2 --sweep-run [1-8]\\$\" '$d/list' | grep -qx 8"

# one run's own CSV: the sweep's header lines, its header row, its rows
sed -n 3p "$d/list" >"$d/cmd3"
sh "$d/cmd3" >"$d/run3.csv"
hdr=$(grep -v '^#' "$d/ref.csv" | head -n 1)
grep '^#' "$d/ref.csv" >"$d/ref.meta"
grep '^#' "$d/run3.csv" >"$d/run3.meta"
check "run 3's CSV: the sweep's header lines" cmp "$d/ref.meta" "$d/run3.meta"
check "run 3's CSV: the sweep's header row" test "$(grep -v '^#' "$d/run3.csv" | head -n 1)" = "$hdr"
check "run 3's CSV: only run 2 rep 1 (run 3 of 8), rows run,rep,seed,n,a,c" sh -c \
	"grep -v '^#' '$d/run3.csv' | tail -n +2 | grep -v '^2,1,5,2,12,2.5,' | grep -c . | grep -qx 0"
grep -v '^#' "$d/run3.csv" | tail -n +2 >"$d/r3"
grep '^2,1,' "$d/ref.csv" >"$d/ref3"
check "run 3's rows are those of the sweep" cmp "$d/r3" "$d/ref3"

# the identity through GNU parallel
if parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
	parallel -k -j2 <"$d/list" 2>"$d/perr" | "$T" merge - >"$d/merged.csv"
	check "sweep --list | parallel -k -j2 | taton merge - is taton sweep --csv -, byte for byte" \
		cmp "$d/merged.csv" "$d/ref.csv"
	parallel -j2 <"$d/list" 2>"$d/perr" | "$T" merge >"$d/merged2.csv"
	check "... also when parallel prints the runs in any order (no -k)" \
		cmp "$d/merged2.csv" "$d/ref.csv"
else
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # SKIP GNU parallel is not installed (Debian package parallel)"
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # SKIP GNU parallel is not installed (Debian package parallel)"
fi

# a Slurm array: one file per run, merged from a glob (out.10 sorts before out.2)
mkdir "$d/parts"
i=0
while read -r cmd; do
	i=$((i + 1))
	sh -c "$cmd" >"$d/parts/out.$i.csv"
done <"$d/list"
"$T" merge "$d"/parts/out.*.csv >"$d/merged3.csv"
check "one file per run, merged in glob order: the sweep's bytes" cmp "$d/merged3.csv" "$d/ref.csv"
"$T" merge "$d/ref.csv" --csv "$d/again.csv"
check "merging the sweep's own CSV gives it back (--csv FILE)" cmp "$d/again.csv" "$d/ref.csv"

# warnings: an unconverged solve is reported per run in the header and on stderr (loan,
# k = 6, alpha = 3: at beta = 0.995 the belief iteration behind the agents' equilibrium
# policy cycles and stops at its cap; at beta = 0.98 it converges)
set -- mfg_bank --vary beta=0.98,0.995 --set 'variant="loan"' --set k=6 --set alpha=3 \
	--set h=0.25 --set agents=100 --set 'agents_mode="equilibrium"' --steps 2
runs "$T" sweep "$@" --csv -
printf '%s\n' "$out" >"$d/w.csv"
check "sweep: a warning line for run 2 only" sh -c \
	"grep '^# warning: ' '$d/w.csv' | grep -c '^# warning: run 2 rep 1: step 0: belief did not converge: ' | grep -qx 1 && test \$(grep -c '^# warning:' '$d/w.csv') -eq 1"
check "sweep: the warning comes before the header row" sh -c \
	"awk '/^# warning/ { w = NR } /^run,/ { h = NR } END { exit !(w && w < h) }' '$d/w.csv'"
check "sweep: the warning on stderr" contains "$err" "taton: warning: run 2 rep 1: step 0: belief did not converge"
"$T" sweep "$@" --list | while read -r cmd; do sh -c "$cmd" 2>>"$d/werr"; done >"$d/wcat"
check "the run with the warning says so on stderr" contains "$(cat "$d/werr")" "taton: warning: run 2 rep 1: step 0:"
runs "$T" merge "$d/wcat"
printf '%s\n' "$out" >"$d/wm.csv"
check "merge keeps the warning: the sweep's bytes" cmp "$d/wm.csv" "$d/w.csv"
check "merge repeats the warning on stderr" contains "$err" "taton: warning: run 2 rep 1: step 0:"
"$T" sweep "$@" --jobs 2 --csv "$d/wj.csv" 2>/dev/null
check "sweep --jobs 2: the same warning, the same bytes" cmp "$d/wj.csv" "$d/w.csv"

# merge refuses what is not one complete sweep
bad() { # bad DESC STATUS NEEDLE CMD...
	desc=$1 st=$2 needle=$3
	shift 3
	runs "$@"
	check "$desc: exit $st" test "$rc" -eq "$st"
	check "$desc: the message says \"$needle\"" contains "$err" "$needle"
}
rm "$d/parts/out.5.csv" "$d/parts/out.8.csv"
bad "two runs missing" 2 "2 of the sweep's 8 runs are missing: run 3 rep 1, run 4 rep 2" \
	"$T" merge "$d"/parts/out.*.csv
bad "a run twice" 2 "run 1 rep 1 appears twice" "$T" merge "$d/parts/out.1.csv" "$d/ref.csv"
"$T" sweep cournot --vary n=2,3 --steps 7 --list | head -n 1 | sh >"$d/other.csv"
bad "a run of another sweep" 2 "not from the same sweep" "$T" merge "$d/ref.csv" "$d/other.csv"
head -c 1000 "$d/ref.csv" >"$d/cut.csv"
bad "a run cut short" 2 "cut.csv:" "$T" merge "$d/cut.csv"
bad "a plain taton run CSV" 2 "not the CSV of a sweep's run" sh -c "'$T' run cournot | '$T' merge"
bad "no input" 2 "no sweep CSV in the input" sh -c "'$T' merge </dev/null"
bad "a missing file" 2 "cannot read '$d/nosuch.csv'" "$T" merge "$d/nosuch.csv"
bad "--sweep-run past the last run" 2 "--sweep-run 9: the sweep has 8 runs" \
	"$T" run cournot --vary n=2,3 --vary 'a,c=10,1|12,2.5' --reps 2 --sweep-run 9
bad "--vary without --sweep-run" 2 "add --sweep-run I" "$T" run cournot --vary n=2,3
bad "--sweep-run with --plot" 2 "--plot and --dist do not apply" \
	"$T" run cournot --vary n=2,3 --sweep-run 1 --plot

done_testing
