#!/bin/sh
# Every shipped scenario loads, runs headless for a few steps and describes itself, and
# `taton list` shows none as "(does not load)": a broken scenario fails `make check`.
. "$top_srcdir/tests/cli/tap.sh"

runs "$TATON" list
check "taton list exits 0" test "$rc" -eq 0
check "taton list: every scenario loads" sh -c '! printf "%s\n" "$1" | grep -q "(does not load)"' - "$out"
check "taton list: papers named by their authors, not 'paper 0..'" sh -c '! printf "%s\n" "$1" | grep "paper 0"' - "$out"

for f in "$top_srcdir"/scenarios/*.lua; do
	name=$(basename "$f" .lua)
	runs "$TATON" run "$name" --steps 3 --csv "$tap_tmp/run.csv"
	[ "$rc" -eq 0 ] || diag "$err"
	check "$name: runs 3 steps headless" test "$rc" -eq 0
	rows=$(grep -cv '^#' "$tap_tmp/run.csv" 2>/dev/null)
	check "$name: header row plus steps 0..3 ($rows rows)" test "$rows" -eq 5
	runs "$TATON" describe "$name"
	[ "$rc" -eq 0 ] || diag "$err"
	check "$name: describes itself" contains "$out" "model: "
done

done_testing
