#!/bin/sh
# `taton run --dist NAME`: distributions after the last step as CSV blocks. Matching pennies
# from (1, 2) under fictitious play, by hand: step 1 both play 2 (row against column's 2,
# column against row's 1); step 2 row plays 2 (column's mean is (0, 1)), column ties at
# (1/2, 1/2) and takes action 1. Empirical strategies: row (1/3, 2/3), column (1/3, 2/3).
# gnuplot reads the blocks as written (SKIP when it is not installed).
. "$top_srcdir/tests/cli/tap.sh"
f=$tap_tmp/d.csv

runs "$TATON" run matching_pennies --steps 2 --dist strategy --dist action --csv "$f"
check "--dist exits 0" test "$rc" -eq 0
check "the # header lines come first" sh -c 'head -n 1 "$1" | grep -q "^# taton "' - "$f"
check "no series table when --dist is given" sh -c '! grep -q "^step," "$1"' - "$f"
block() { # block NAME: the rows of distribution NAME, without # lines and blank lines
	awk -v n="$1" '/^# dist: / { on = ($3 == n); next } on && !/^#/ && NF' "$f"
}
check "strategy: one header row and two categories per player" \
	test "$(block strategy | tr '\n' ' ')" = "label,y 1,0.33333333333333331 2,0.66666666666666663 label,y 1,0.33333333333333331 2,0.66666666666666663 "
check "action: the step-2 actions (2, 1) one-hot" \
	test "$(block action | grep -v label | tr '\n' ' ')" = "1,0 2,1 1,1 2,0 "
check "curves are labelled" sh -c 'grep -c "^# curve: player" "$1" | grep -q 4' - "$f"
check "distributions are separated by two blank lines (gnuplot index)" \
	sh -c 'awk "NF == 0 { b++; next } /^# dist: action/ { ok = b >= 2 } { b = 0 } END { exit !ok }" "$1"' - "$f"

runs "$TATON" run matching_pennies --dist nosuch --csv "$f"
check "an unknown distribution: exit 2" test "$rc" -eq 2
check "... naming it and the known ones" contains "$err" "unknown distribution 'nosuch' of model nfg; known: strategy, action"

runs "$TATON" run mfg_bank --steps 3 --dist budget --csv -
check "a CDF: x,y rows from 0 rising to 1" sh -c '
	printf "%s\n" "$1" | awk -F, "/^x,y/ { on = 1; next } on && NF == 2 { if (\$2 < last) bad = 1; last = \$2; n++ }
		END { exit !(n > 10 && !bad && last > 0.999 && last <= 1) }"' - "$out"

# gnuplot reads the blocks as they are (index N = the N-th distribution, header rows and
# '#' lines skipped): the budget CDF's rows, from budget 0 up to the 0.999 quantile, and
# the client bids summing to 1
"$TATON" run mfg_bank --steps 20 --dist budget --dist client_bid --csv "$tap_tmp/g.csv"
n=$(awk '/^# dist: budget/ { on = 1; next } /^# dist:/ { on = 0 } on && /^[0-9]/' \
	"$tap_tmp/g.csv" | wc -l)
if command -v gnuplot >/dev/null 2>&1; then
	cat >"$tap_tmp/g.gp" <<-'EOF'
	set datafile separator ','
	stats 'g.csv' index 0 using 1:2 nooutput
	print STATS_records, STATS_min_x, STATS_max_y
	stats 'g.csv' index 1 using 2 nooutput
	print STATS_records, STATS_sum
	EOF
	g=$(cd "$tap_tmp" && gnuplot g.gp 2>&1)
	check "gnuplot reads the budget CDF ($n rows; gnuplot: $(echo $g))" sh -c \
		'set -- $1; test "$1" -eq "$6" && test "$2" = 0.0 && awk -v y="$3" "BEGIN { exit !(y > 0.998 && y <= 1) }"' \
		- "$g $n"
	check "gnuplot reads the client bids: 2 bars summing to 1" sh -c \
		'set -- $1; test "$4" = 2 && awk -v s="$5" "BEGIN { exit !(s > 1 - 1e-12 && s < 1 + 1e-12) }"' - "$g"
else
	tap_n=$((tap_n + 1)); echo "ok $tap_n # SKIP gnuplot is not installed"
	tap_n=$((tap_n + 1)); echo "ok $tap_n # SKIP gnuplot is not installed"
fi

runs "$TATON" run mfg_bank --steps 1 --dist agent_budget --csv "$f"
check "a distribution this configuration lacks: exit 1 with the model's reason" test "$rc" -eq 1
diag "$err"

done_testing
