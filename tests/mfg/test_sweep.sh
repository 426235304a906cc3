#!/bin/sh
# test_sweep: paper 000, Figs 5-7 through `taton sweep`: under the bank model the equilibrium
# trade ratio (last row of each run, from z0 = 1) against k in [6, 8] increases for
# Psi = U[0,5], rises then falls for U[3,8], and decreases for U[5,10]; the same from the
# one sweep that mfg_bank's lecture text prints.
. "${top_srcdir:-.}/tests/cli/tap.sh"

scn="$TATON_DATADIR/scenarios/mfg_bank.lua"

# sweep A B: trade ratio of the last row of every run, "k trade" per line, k ascending
sweep() {
	"$TATON" sweep "$scn" --vary k=6:8:0.25 --set "b0_min=$1" --set "b0_max=$2" \
		--set h=0.02 --tol 1e-7 --steps 200 --jobs 2 --csv "$tap_tmp/sweep.csv" \
		>"$tap_tmp/out" 2>"$tap_tmp/err" || return 1
	awk -F, '/^#/ { next }
		$1 == "run" { for (i = 1; i <= NF; i++) { if ($i == "k") ck = i; if ($i == "trade_ratio") ct = i }; next }
		{ k[$1] = $ck; t[$1] = $ct; if ($1 > n) n = $1 }
		END { for (r = 1; r <= n; r++) print k[r], t[r] }' "$tap_tmp/sweep.csv" >"$tap_tmp/curve"
	[ "$(wc -l <"$tap_tmp/curve")" -eq 9 ]
}

# shape FILE: up (strictly increasing), down (non-increasing, falling overall) or peak
shape() {
	awk 'NR == 1 { first = $2 } { t[NR] = $2 } END {
		up = 1; down = 1; peak = 1; top = 1
		for (i = 2; i <= NR; i++) { if (t[i] <= t[i-1]) up = 0; if (t[i] > t[i-1] + 1e-9) down = 0; if (t[i] > t[top]) top = i }
		if (t[NR] >= first) down = 0
		if (top == 1 || top == NR) peak = 0
		for (i = 2; i <= top; i++) if (t[i] <= t[i-1]) peak = 0
		for (i = top + 1; i <= NR; i++) if (t[i] >= t[i-1]) peak = 0
		print (up ? "up" : down ? "down" : peak ? "peak" : "other") }' "$1"
}

check "sweep U[0,5] runs 9 values of k" sweep 0 5
s=$(shape "$tap_tmp/curve")
check "Fig. 5: U[0,5] trade ratio increases in k (got $s)" [ "$s" = up ]
check "Fig. 5: about 19 % at k = 6 and 88 % at k = 8" awk \
	'NR == 1 && ($2 < 0.18 || $2 > 0.20) { exit 1 } NR == 9 && ($2 < 0.875 || $2 > 0.885) { exit 1 }' \
	"$tap_tmp/curve"

check "sweep U[3,8] runs 9 values of k" sweep 3 8
s=$(shape "$tap_tmp/curve")
check "Fig. 6: U[3,8] trade ratio rises then falls (got $s)" [ "$s" = peak ]

check "sweep U[5,10] runs 9 values of k" sweep 5 10
s=$(shape "$tap_tmp/curve")
check "Fig. 7: U[5,10] trade ratio decreases in k (got $s)" [ "$s" = down ]

# the equilibrium at k = 7 is Table I's bank cell
check "k = 7, U[5,10]: 99.5 % (Table I)" awk '$1 == 7 && ($2 < 0.994 || $2 > 0.997) { exit 1 }' \
	"$tap_tmp/curve"

# The sweep printed in mfg_bank's lecture text runs as printed (with an output file and two
# jobs added): Figs 5-7 in one sweep, its --set expression seeing each run's b0_min.
cmd=$(awk '/^ +taton sweep mfg_bank/ { on = 1 } on { sub(/^ +/, ""); printf "%s ", $0; n++ }
	n == 2 { exit }' "$TATON_DATADIR/scenarios/mfg_bank.lua")
check "the lecture text prints a sweep ($cmd)" test -n "$cmd"
lect=$tap_tmp/lecture.csv
eval "\"\$TATON\" ${cmd#taton } --jobs 2 --csv \"\$lect\"" 2>"$tap_tmp/lerr"
check "the lecture's sweep runs (exit $?)" test -s "$lect"
check "... 26 values of k x 3 of b0_min = 78 runs" test "$(grep -c '^78,1,1,8.5,5,0,' "$lect")" -eq 1
check "... its header names the --set expression" grep -qx "# set: b0_max=b0_min+5" "$lect"
# the last row of each run: k b0_min trade
awk -F, '/^#/ { next } $1 == "run" { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ t[$1] = $c["k"] " " $c["b0_min"] " " $c["trade_ratio"]; if ($1 > n) n = $1 }
	END { for (r = 1; r <= n; r++) print t[r] }' "$lect" >"$tap_tmp/lect_last"
one=$(awk '$1 == 7 && $2 == 3 { print $3 }' "$tap_tmp/lect_last")
ref=$("$TATON" run mfg_bank --set k=7 --set b0_min=3 --set b0_max=8 --set h=0.02 --tol 1e-7 |
	tail -n 1 | cut -d, -f5)
check "run k = 7, b0_min = 3 is U[3,8]: trade $one = the run of U[3,8] ($ref)" \
	test -n "$one" -a "$one" = "$ref"
for b in 0 3 5; do
	awk -v b=$b '$2 == b && $1 <= 8 + 1e-9 { print $1, $3 }' "$tap_tmp/lect_last" >"$tap_tmp/lc$b"
done
s=$(shape "$tap_tmp/lc0")
check "lecture sweep, U[0,5]: trade ratio increases in k up to 8 (got $s)" [ "$s" = up ]
s=$(shape "$tap_tmp/lc3")
check "lecture sweep, U[3,8]: rises then falls (got $s)" [ "$s" = peak ]
s=$(shape "$tap_tmp/lc5")
check "lecture sweep, U[5,10]: decreases (got $s)" [ "$s" = down ]
check "lecture sweep, U[0,5] above k = 8 from z0 = 1: the near-frozen equilibrium (< 2 %)" \
	awk '$2 == 0 && $1 > 8.05 && $3 > 0.02 { exit 1 }' "$tap_tmp/lect_last"

done_testing
[ "$tap_failed" -eq 0 ]
