#!/bin/sh
# test_dnbe_cli: paper 002 through the shipped scenarios and the command line: the day loop
# is a process (--dynamics refused with the standard message), runs are byte-identical for a
# seed, --set takes the strategy name "scale" although a parameter has that name, the toy's
# describe lines are the spec's numbers (W*(theta_{-i}) = -4.4, -4.2), the Fig. 4 CSV has its
# minimum at p* = 0.03505535 for n = 10 (spec §4.2) above C* = 0.01994714, and the lie game
# is a game whose dist_ne drops below 1e-6 in one cournot step. Needs $TATON, $top_srcdir.
. "${top_srcdir:-.}/tests/cli/tap.sh"

runs "$TATON" run dnbe_demand_response --steps 3 --dynamics cournot
check "the day loop refuses --dynamics" [ "$rc" -ne 0 ]
check "with the process message" contains "$err" \
	"model dnbe is a process, not a game: it has no learning dynamics"

check "two runs with seed 7 write the same bytes" sh -c \
	'"$1" run dnbe_deviations --steps 300 --csv "$2/a.csv" &&
	 "$1" run dnbe_deviations --steps 300 --csv "$2/b.csv" && cmp -s "$2/a.csv" "$2/b.csv"' \
	sh "$TATON" "$tap_tmp"
check "another seed writes other numbers" sh -c \
	'"$1" run dnbe_deviations --seed 8 --steps 300 --csv "$2/c.csv" &&
	 ! cmp -s "$2/a.csv" "$2/c.csv"' sh "$TATON" "$tap_tmp"

runs "$TATON" describe dnbe_demand_response --set strategy=scale --set scale=0.8
check "--set strategy=scale picks the strategy" contains "$out" "provider 1: scale:0.8"
runs "$TATON" run dnbe_demand_response --steps 1 --set strategy=nosuch
check "an unknown strategy is refused with the choices" contains "$err" \
	"truthful|scale|reverse|always_max|collude|script"
runs "$TATON" run dnbe_demand_response --steps 1 --set n=3 --set deviators=4
check "deviators > n is refused naming both" contains "$err" \
	"deviators = 4 exceeds the number of providers 3"

runs "$TATON" describe dnbe_toy
check "toy: W*(theta_{-i}) = (-4.4, -4.2) (spec §3)" contains "$out" "W_star_minus = {-4.4, -4.2}"
check "tie-free toy: E[v] = (-1.3, -0.6), p^F = (-1.7, -0.9) (errata E3)" awk '
	/^\[tie-free\]/ { on = 1 }
	function near(x, y) { return x - y < 1e-12 && y - x < 1e-12 }
	on && /^(E_v|p_F) = / {
		gsub(/[{},]/, " ")
		v[$1, 1] = $3; v[$1, 2] = $4
	}
	END {
		if (!near(v["E_v", 1], -1.3) || !near(v["E_v", 2], -0.6)) exit 1
		if (!near(v["p_F", 1], -1.7) || !near(v["p_F", 2], -0.9)) exit 1
	}' "$tap_tmp/out"

runs "$TATON" run dnbe_demand_response --steps 1 --dist fig4 --csv "$tap_tmp/f4.csv"
check "--dist fig4 writes a CSV" [ "$rc" -eq 0 ]
check "fig4: E[SC(0)] = 0.5, its minimum 0.0606 near p* = 0.03505535, above C*" awk -F, '
	/^# curve: / { curve++; next }
	/^#/ || !NF || $1 == "x" { next }
	curve == 1 {
		if (first == "") first = $2
		if (min == "" || $2 + 0 < min) { min = $2 + 0; arg = $1 + 0 }
	}
	curve == 2 { cstar = $2 + 0 }
	END {
		if (first + 0 != 0.5) exit 1
		if (arg < 0.0345 || arg > 0.0356) exit 1
		if (min < 0.0605568 || min > 0.06057 || min <= cstar) exit 1
		if (cstar < 0.019947 || cstar > 0.0199472) exit 1
	}' "$tap_tmp/f4.csv"

runs "$TATON" run dnbe_lie_game --steps 1 --csv "$tap_tmp/lie.csv"
check "the lie game runs as a game" [ "$rc" -eq 0 ]
check "cournot puts every provider on c = 1 in one step" awk -F, '
	/^#/ { next } !h { for (i = 1; i <= NF; i++) if ($i == "cournot.dist_ne") c = i; h = 1; next }
	$1 == 0 && $c != 1 { exit 1 } $1 == 1 && !($c < 1e-6) { exit 1 }
	END { if (!c) exit 1 }' "$tap_tmp/lie.csv"

done_testing
