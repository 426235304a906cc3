#!/bin/sh
# test_pv: paper 000, Section VI through the shipped scenario mfg_pv: its views (z_1 and z_2
# for Fig. 8) load, and its CSV has the per-type columns after the class's ones: the beliefs
# of Austin (z_1) and El Paso (z_2), pooled as z = 0.6 z_1 + 0.4 z_2 (client weights
# 0.5 x 0.6 and 0.5 x 0.4 over 0.5). A one-type scenario keeps exactly the class's columns.
. "${top_srcdir:-.}/tests/cli/tap.sh"

csv=$tap_tmp/pv.csv
check "taton run mfg_pv --tol 1e-7 writes a CSV" \
	"$TATON" run mfg_pv --tol 1e-7 --steps 200 --csv "$csv"
hdr=$(grep -v '^#' "$csv" | head -n 1)
want="step,step_change,z,gamma,trade_ratio,value,mc_trade_ratio,mc_value"
want="$want,z_1,z_2,gamma_1,gamma_2,trade_ratio_1,trade_ratio_2,value_1,value_2"
want="$want,mc_trade_ratio_1,mc_trade_ratio_2,mc_value_1,mc_value_2"
check "class columns, then NAME_1, NAME_2 of each series" [ "$hdr" = "$want" ]

csv_col "$csv" z >"$tap_tmp/z"
csv_col "$csv" z_1 >"$tap_tmp/z1"
csv_col "$csv" z_2 >"$tap_tmp/z2"
paste -d ' ' "$tap_tmp/z" "$tap_tmp/z1" "$tap_tmp/z2" >"$tap_tmp/zz"
check "converges in 4 steps (5 rows)" [ "$(wc -l <"$tap_tmp/zz")" -eq 5 ]
check "pooled z = 0.6 z_1 + 0.4 z_2 in every row" awk \
	'{ d = $1 - (0.6 * $2 + 0.4 * $3); if (d > 1e-15 || d < -1e-15) exit 1 }' "$tap_tmp/zz"
check "Fig. 8: El Paso's clients bid 0 less often than Austin's after step 0" awk \
	'NR == 1 && ($2 != 1 || $3 != 1) { exit 1 } NR > 1 && $3 >= $2 { exit 1 }' "$tap_tmp/zz"
# Austin's equilibrium belief against an independent solver's 2.697507e-4. Both discretise
# the budget; taton's own grid error at h = 0.02 is of the order of what halving h changes
# (z_1 moves by about 3e-7, 0.1 %, from h = 0.02 to 0.01), so that change is the tolerance.
z1=$(tail -n 1 "$tap_tmp/zz" | cut -d' ' -f2)
"$TATON" run mfg_pv --set h=0.01 --tol 1e-7 --steps 200 --csv "$tap_tmp/pv01.csv"
z1h=$(csv_col "$tap_tmp/pv01.csv" z_1 | tail -n 1)
check "equilibrium z_1 = $z1 (Austin) is the independent 2.697507e-4 within the grid error |z_1(h=0.02) - z_1(h=0.01)| (z_1(0.01) = $z1h)" \
	awk -v a="$z1" -v b="$z1h" 'BEGIN { tol = a - b; if (tol < 0) tol = -tol
		d = a - 2.697507e-4; if (d < 0) d = -d
		exit !(tol > 0 && tol < 1e-6 && d <= tol) }'
# El Paso's: a regression guard on taton's own digits (no independent value)
check "equilibrium z_2 = 2.6314e-5 (El Paso; regression guard)" awk \
	'END { if ($3 < 2.63140e-5 || $3 > 2.63142e-5) exit 1 }' "$tap_tmp/zz"
csv_col "$csv" value_1 >"$tap_tmp/v1"
csv_col "$csv" value_2 >"$tap_tmp/v2"
csv_col "$csv" value >"$tap_tmp/v"
check "value = mean of value_1 and value_2 (equal shares); Austin's is lower at the end" sh -c \
	'paste -d " " "$1" "$2" "$3" | awk "{ d = \$1 - (\$2 + \$3) / 2; if (d > 1e-12 || d < -1e-12) exit 1 }
		END { if (\$2 >= \$3) exit 1 }"' sh "$tap_tmp/v" "$tap_tmp/v1" "$tap_tmp/v2"

runs "$TATON" run mfg_pv --steps 3 --plot --ascii --csv /dev/null
check "the Fig. 8 view plots z_1 and z_2" contains "$out" "Fig. 8: coupling belief"
check "its legend names z_1 and z_2" sh -c 'grep "z_1" "$1" | grep -q "z_2"' sh "$tap_tmp/out"

check "one type (mfg_bank): exactly the class's columns" sh -c \
	'"$TATON" run mfg_bank --steps 2 --csv - | grep -v "^#" | head -n 1 |
	grep -qx "step,step_change,z,gamma,trade_ratio,value,mc_trade_ratio,mc_value"'

done_testing
[ "$tap_failed" -eq 0 ]
