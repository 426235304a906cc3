#!/bin/sh
# Textbook results that test the learning engine through the shipped scenarios:
# Theocharis (Cournot best response settles for n = 2 firms, never for n >= 3), fictitious
# play and 10-period best response settle for n = 2..5; Robinson (fictitious play in
# matching pennies: regret below 0.01 by 1e5 rounds); Shapley (fictitious play cycles in his
# 3x3 game: regret above 0.2 through 1e5 rounds).
. "$top_srcdir/tests/cli/tap.sh"

last() { csv_col "$1" "$2" | tail -n 1; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 < b + 0) }' || { diag "$1 is not < $2"; return 1; }; }
gt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 > b + 0) }' || { diag "$1 is not > $2"; return 1; }; }

f=$tap_tmp/c.csv
"$TATON" run cournot --set n=2 --dynamics cournot --steps 200 --csv "$f"
check "cournot, n = 2: best response converges (dist_ne < 1e-9)" lt "$(last "$f" dist_ne)" 1e-9
for n in 3 4 5; do
	"$TATON" run cournot --set n=$n --dynamics cournot --steps 2000 --csv "$f"
	# the last 100 rounds all stay far from q* (relative to q* = (a-c)/(b(n+1)))
	min=$(csv_col "$f" dist_ne | tail -n 100 | sort -g | head -n 1)
	check "cournot, n = $n: best response never settles (min dist_ne over the last 100 rounds = $min)" gt "$min" 0.1
done
for dyn in fictitious kperiod:10; do
	for n in 2 3 4 5; do
		"$TATON" run cournot --set n=$n --dynamics $dyn --steps 20000 --every 1000 --csv "$f"
		d=$(last "$f" dist_ne)
		check "cournot, n = $n, $dyn converges (dist_ne = $d < 0.01)" lt "$d" 0.01
	done
done

"$TATON" run matching_pennies --dynamics fictitious --steps 100000 --every 1000 --csv "$f"
r=$(last "$f" regret)
check "matching pennies, fictitious play: regret $r < 0.01 by 1e5 rounds (Robinson)" lt "$r" 0.01

"$TATON" run shapley --dynamics fictitious --steps 100000 --csv "$f"
min=$(csv_col "$f" regret | sort -g | head -n 1)
check "Shapley's game, fictitious play: regret stays above 0.2 through 1e5 rounds (min $min)" gt "$min" 0.2
rows=$(csv_col "$f" regret | wc -l)
check "Shapley's game: all 100001 rounds reported ($rows)" test "$rows" -eq 100001

done_testing
