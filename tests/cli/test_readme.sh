#!/bin/sh
# README.md's quick start cannot drift from CI or the build: command 2 is the very line
# .ci/run runs, command 1 installs .ci/run's package list (every Debian package configure
# asks for among them) with each apt-get call prefixed so that it runs as root without sudo
# and through sudo otherwise, and then builds with the same commands. Needs $top_srcdir.
: "${top_srcdir:?}"
. "$top_srcdir/tests/cli/tap.sh"
readme=$top_srcdir/README.md
ci=$top_srcdir/.ci/run

# quick N: the command of quick start item N (the indented line after "N. ").
quick() {
	awk -v n="$1" '/^## Quick start/ { on = 1; next } on && /^## / { exit }
		on && $0 ~ "^" n "\\. " { item = 1; next }
		item && /^       [^ ]/ { sub(/^ +/, ""); print; exit }' "$readme"
}
cmd1=$(quick 1)
cmd2=$(quick 2)
check "README has quick start commands 1 and 2" test -n "$cmd1" -a -n "$cmd2"

ci_test=$(awk '/^# Quick start, command 2/ { getline; print; exit }' "$ci")
check "command 2 is the test command .ci/run runs ('$ci_test')" test "$cmd2" = "$ci_test"
check "command 2 is the documented test command" \
	test "$cmd2" = "autoreconf -fi && ./configure && make -j2 check"

# .ci/run's package list (a quoted, possibly continued, packages="..." assignment)
ci_pkgs=$(sed -n '/^packages="/,/"$/p' "$ci" | sed -e 's/^packages="//' -e 's/["\\]//g' |
	tr ' ' '\n' | grep . | sort)
readme_pkgs=$(printf '%s\n' "$cmd1" | sed -n 's/.*apt-get install -y \([^&]*\)&&.*/\1/p' |
	tr ' ' '\n' | grep . | sort)
check "command 1 installs exactly .ci/run's packages" \
	test -n "$ci_pkgs" -a "$ci_pkgs" = "$readme_pkgs"
for p in $(sed -n 's/.*install the Debian package \([a-z0-9.+-]*\).*/\1/p' \
	"$top_srcdir/configure.ac" | sort -u); do
	check "the package list has $p (named by configure.ac)" \
		sh -c 'printf "%s\n" "$1" | grep -qx "$2"' - "$ci_pkgs" "$p"
done
check "the package list has parallel (sweeps through GNU parallel)" \
	sh -c 'printf "%s\n" "$1" | grep -qx parallel' - "$ci_pkgs"

# every apt-get of command 1 is prefixed by the root-or-sudo test, none by a bare sudo
prefix='$([ "$(id -u)" -eq 0 ] || echo sudo) apt-get'
napt=$(printf '%s\n' "$cmd1" | grep -o 'apt-get' | wc -l)
npre=$(printf '%s\n' "$cmd1" | grep -oF "$prefix" | wc -l)
check "command 1 runs apt-get twice, both through the root-or-sudo prefix ($npre of $napt)" \
	test "$napt" -eq 2 -a "$npre" -eq 2
check "command 1 never calls sudo unconditionally" \
	sh -c '! printf "%s\n" "$1" | grep -qE "(^|&& )sudo "' - "$cmd1"
build='&& autoreconf -fi && ./configure && make -j2 && ./taton'
check "command 1 builds with command 2's configure steps and starts taton" \
	sh -c 'printf "%s\n" "$1" | grep -qF -- "$2"' - "$cmd1" "$build"

# The prefix itself: empty for root, "sudo" otherwise (evaluated with a stand-in id).
mkdir -p "$tap_tmp/bin"
printf '#!/bin/sh\necho "$FAKE_UID"\n' >"$tap_tmp/bin/id"
chmod +x "$tap_tmp/bin/id"
pfx='$([ "$(id -u)" -eq 0 ] || echo sudo)'
as_root=$(PATH="$tap_tmp/bin:$PATH" FAKE_UID=0 sh -c "echo $pfx apt-get")
as_user=$(PATH="$tap_tmp/bin:$PATH" FAKE_UID=1000 sh -c "echo $pfx apt-get")
check "the prefix runs apt-get directly as root ('$as_root')" test "$as_root" = "apt-get"
check "the prefix runs apt-get through sudo otherwise ('$as_user')" \
	test "$as_user" = "sudo apt-get"
done_testing
