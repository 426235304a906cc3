# tap.sh: a tiny TAP producer for the shell tests (sourced).
#   ok COND_EXIT_STATUS "description"   |  check "description" command...
tap_n=0
tap_failed=0
tap_tmp=$(mktemp -d "${TMPDIR:-/tmp}/taton-test.XXXXXX")
trap 'rm -rf "$tap_tmp"' EXIT

# check DESCRIPTION CMD...: a test line from a command's exit status.
check() {
	desc=$1
	shift
	tap_n=$((tap_n + 1))
	if "$@"; then
		echo "ok $tap_n - $desc"
	else
		echo "not ok $tap_n - $desc"
		tap_failed=$((tap_failed + 1))
	fi
}

# diag TEXT: a diagnostic line.
diag() { printf '# %s\n' "$@"; }

# runs CMD... capturing stdout, stderr and the exit status in $out, $err, $rc.
runs() {
	"$@" >"$tap_tmp/out" 2>"$tap_tmp/err"
	rc=$?
	out=$(cat "$tap_tmp/out")
	err=$(cat "$tap_tmp/err")
}

contains() { case "$1" in *"$2"*) return 0 ;; esac; diag "expected to find: $2" "in: $1"; return 1; }

done_testing() { echo "1..$tap_n"; }

# csv_col FILE NAME: prints column NAME of a taton CSV (skipping # lines), one value a line.
csv_col() {
	awk -F, -v name="$2" '/^#/ { next } !h { for (i = 1; i <= NF; i++) if ($i == name) c = i; h = 1; next } { print $c }' "$1"
}
