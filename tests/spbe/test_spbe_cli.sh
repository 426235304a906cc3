#!/bin/sh
# `taton run spbe_public_goods --dist policy --csv FILE`: the grid block's header is
# pi1,pi2,p1H,p1L,V1H,V1L and its rows run over the G x G belief grid with pi1 varying fastest.
# Values checked by hand: delta = 0 after one step is Fig. 20 (spec §6.4): type H never
# contributes; at (0, 0.5) type L contributes (pi2 > 0.2), at (0.5, 0) it free-rides on
# agent 2 (pi1 > 0.2 > pi2); per-round values at (1, 0) are (1, 1): agent 2 (L) contributes.
. "${top_srcdir:-.}/tests/cli/tap.sh"
f=$tap_tmp/policy.csv

runs "$TATON" run spbe_public_goods --steps 1 --set delta=0 --set G=5 --dist policy --csv "$f"
check "--dist policy exits 0" test "$rc" -eq 0
block() { awk '/^# dist: / { on = ($3 == "policy"); next } on && !/^#/ && NF' "$f"; }
check "the header names the axes and the four columns" \
	test "$(block | head -n 1)" = "pi1,pi2,p1H,p1L,V1H,V1L"
check "25 rows (5 x 5 grid)" test "$(block | tail -n +2 | wc -l)" -eq 25
check "pi1 varies fastest: rows 1-2 are (0, 0) and (0.25, 0)" \
	sh -c 'block() { awk "/^# dist: / { on = (\$3 == \"policy\"); next } on && !/^#/ && NF" "$1"; }
	       block "$1" | sed -n "2p;3p" | cut -d, -f1,2 | tr "\n" " " | grep -qx "0,0 0.25,0 "' - "$f"
check "type H never contributes" sh -c 'awk -F, "/^# dist: policy/ { on = 1; next }
	on && /^[0-9]/ && \$3 != 0 { bad = 1 } END { exit bad }" "$1"' - "$f"
row() { block | awk -F, -v a="$1" -v b="$2" '$1 == a && $2 == b'; }
check "(0, 0.5): type L contributes" test "$(row 0 0.5 | cut -d, -f4)" = 1
check "(0.5, 0): type L free-rides" test "$(row 0.5 0 | cut -d, -f4)" = 0
check "(1, 0): per-round values (1, 1)" test "$(row 1 0 | cut -d, -f5,6)" = "1,1"

runs "$TATON" run spbe_public_goods --steps 1 --set G=2 --csv -
check "G = 2 is refused naming the parameter and the range" contains "$err" "'G'"

done_testing
