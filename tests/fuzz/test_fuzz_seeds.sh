#!/bin/sh
# The fuzz harnesses as a regression test: every seed runs once through fuzz_cmd and
# fuzz_scenario (built with the driver main, so no libFuzzer is needed). A crash or a
# sanitizer report in the ASan/UBSan build names the input that caused it.
. "$top_srcdir/tests/cli/tap.sh"
S=$top_srcdir

for h in cmd scenario; do
	bin=./tests/fuzz/fuzz_$h
	if [ $h = cmd ]; then
		set -- "$S/tests/fuzz/seeds/cmd"
	else
		set -- "$S/scenarios" "$S/tests/lua/fixtures" "$S/tests/sandbox/fixtures" \
			"$S/tests/ui/fixtures" "$S/tests/cli/fixtures"
	fi
	"$bin" "$@" 2>"$tap_tmp/$h.err"
	rc=$?
	n=$(tail -n 1 "$tap_tmp/$h.err" | sed -n 's/^\([0-9]*\) inputs$/\1/p')
	[ "$rc" -eq 0 ] || tail -n 30 "$tap_tmp/$h.err" | sed 's/^/# /'
	check "fuzz_$h: every seed runs through the harness (${n:-?} inputs)" \
		test "$rc" -eq 0 -a "${n:-0}" -gt 5
done
done_testing
