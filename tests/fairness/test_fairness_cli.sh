#!/bin/sh
# The fairness scenarios headless: `taton sweep --vary eps=...` gives every eps-curve of the
# thesis's chapter 5 (one row per eps), the ramp stops where incentive compatibility breaks
# (--tol on ic_margin), seeded draws are byte-identical, every THINGS TO TRY `set` line of
# the three scenarios is a command that works, and the lecture texts say which figures are
# reproduced and which are not. Numbers are the spec's (seed003_mech.md §5.2, §5.3).
. "$top_srcdir/tests/cli/tap.sh"
f=$tap_tmp/s.csv

# value COLUMN KEYCOL KEY: column COLUMN of the CSV row whose KEYCOL equals KEY
value() {
	awk -F, -v c="$1" -v k="$2" -v want="$3" '/^#/ { next }
		!h {
			for (i = 1; i <= NF; i++) {
				if ($i == c && !ci) ci = i
				if ($i == k && !ki) ki = i
			}
			h = 1
			next
		}
		$ki == want { print $ci; exit }' "$f"
}
# near GOT WANT TOL: |GOT - WANT| <= TOL
near() {
	awk -v g="$1" -v w="$2" -v t="$3" \
		'BEGIN { d = g - w; if (d < 0) d = -d; exit !(g != "" && d <= t) }'
}

runs "$TATON" sweep fairness_smartgrid --vary eps=0:0.25:0.005 --steps 0 --csv "$f"
check "sweep fairness_smartgrid over eps exits 0" test "$rc" -eq 0
rows=$(grep -v '^#' "$f" | tail -n +2 | wc -l)
check "one row per eps, 0 to 0.25 ($rows)" test "$rows" -eq 51
header=$(grep -v '^#' "$f" | head -n 1)
for s in eps gini_v gini_x gini_tax sd_v sd_x sd_tax welfare H ic_margin dsic_margin \
	gini_v_nn1 ic_lo ic_hi; do
	check "the sweep has the series $s" contains ",$header," ",$s,"
done
check "Fig. 18 at eps = 0.025: Gini 54.6 %" near "$(value gini_v run 6)" 0.546 0.0005
check "Fig. 18 at eps = 0.2: Gini 15.1 %" near "$(value gini_v run 41)" 0.151 0.0005
check "Fig. 17 at eps = 0.025: H = 0.033" near "$(value H run 6)" 0.033 0.0005
check "Fig. 17 at eps = 0.03: H = -0.184" near "$(value H run 7)" -0.184 0.0005
check "Fig. 17: A = 0 at eps = 0.2" test "$(value ic_margin run 41)" = 0
check "the canonical taxes' sigma at eps = 0.025: 0.644" near "$(value sd_tax run 6)" 0.644 0.0005

runs "$TATON" sweep fairness_linear --vary eps=0:14:0.125 --steps 0 --csv "$f"
check "sweep fairness_linear over eps exits 0" test "$rc" -eq 0
check "Fig. 16, m = 9 at eps = 2: 49.64 %" near "$(value m=9.gini_v run 17)" 0.4964 0.00005
check "Fig. 16, m = 24 at eps = 4: 39.13 %" near "$(value m=24.gini_v run 33)" 0.3913 0.00005
check "Fig. 16, m = 39 at eps = 14: 4.73 %" near "$(value m=39.gini_v run 113)" 0.0473 0.00005

runs "$TATON" run fairness_linear --steps 200 --tol 1e-12 --csv "$f"
last=$(grep -v '^#' "$f" | tail -n 1 | cut -d, -f1)
check "the ramp stops where DSIC breaks: step 115, eps = 14.375 ($last)" test "$last" = 115

"$TATON" run fairness_smartgrid_prior --steps 30 --csv "$tap_tmp/a.csv" 2>/dev/null
"$TATON" run fairness_smartgrid_prior --steps 30 --csv "$tap_tmp/b.csv" 2>/dev/null
"$TATON" run fairness_smartgrid_prior --steps 30 --seed 2 --csv "$tap_tmp/c.csv" 2>/dev/null
check "draws: same seed, byte-identical CSV" cmp -s "$tap_tmp/a.csv" "$tap_tmp/b.csv"
check "draws: another seed, other profiles" \
	sh -c '! cmp -s "$1" "$2"' - "$tap_tmp/a.csv" "$tap_tmp/c.csv"

runs "$TATON" run fairness_linear --steps 3 --dist lorenz --csv -
check "--dist lorenz writes the diagonal of equality" contains "$out" "# curve: equality"

# Every `set NAME VALUE` of THINGS TO TRY works as --set NAME=VALUE.
for scn in fairness_linear fairness_smartgrid fairness_smartgrid_prior; do
	file=$top_srcdir/scenarios/$scn.lua
	sed -n '/^THINGS TO TRY/,/^]]/p' "$file" |
		sed -n 's/^  set \([A-Za-z_]*\) \([^ ]*\) .*/\1=\2/p' >"$tap_tmp/sets"
	n=$(wc -l <"$tap_tmp/sets")
	check "$scn: THINGS TO TRY has set lines ($n)" test "$n" -gt 0
	while read -r kv; do
		runs "$TATON" run "$scn" --steps 2 --set "$kv" --csv "$tap_tmp/t.csv"
		[ "$rc" -eq 0 ] || diag "$err"
		check "$scn: set ${kv%%=*} ${kv#*=} works" test "$rc" -eq 0
	done <"$tap_tmp/sets"
done

# The lecture texts say what reproduces and what does not.
sg=$top_srcdir/scenarios/fairness_smartgrid.lua
for phrase in "Table 2, reproduced" "Fig. 18, reproduced" "Fig. 17, reproduced" \
	"Fig. 19 is not reproduced" "peak-load pricing" "(thesis 0.59 / 0.6) is not" \
	"depends on which optimum" "spec errata E10"; do
	check "fairness_smartgrid says: $phrase" grep -q "$phrase" "$sg"
done
check "fairness_linear says: Fig. 16, reproduced" \
	grep -q "Fig. 16, reproduced" "$top_srcdir/scenarios/fairness_linear.lua"

done_testing
