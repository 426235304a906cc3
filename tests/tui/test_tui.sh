#!/bin/sh
# End-to-end tests of the explorer: the real binary runs in a private tmux server (a
# 120x40 window), keys go in with send-keys and screens come back with capture-pane.
# Every wait polls the screen with a bounded timeout. Prints TAP.
# Needs: $TATON (the binary), $TATON_DATADIR (source tree), tmux ($TMUX_BIN or on PATH).

T=${TMUX_BIN:-}
[ -n "$T" ] || T=$(command -v tmux 2>/dev/null)
if [ -z "$T" ] || ! [ -x "$T" ]; then
	echo "1..0 # SKIP no tmux"
	exit 0
fi
: "${TATON:?TATON must name the taton binary}"
: "${TATON_DATADIR:?TATON_DATADIR must name the source tree}"
FIX="$TATON_DATADIR/tests/ui/fixtures"

SOCK="taton-test-$$"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/taton-tui.XXXXXX")
tm() { "$T" -L "$SOCK" -f /dev/null "$@"; }
cleanup() {
	tm kill-server >/dev/null 2>&1
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$SOCK"
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

n=0
ok() { # ok STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		[ -n "$screen" ] && printf '%s\n' "$screen" | sed 's/^/#   /'
	fi
}
check() { # check DESCRIPTION CMD...
	d=$1
	shift
	"$@"
	ok $? "$d"
}
diag() { printf '# %s\n' "$@"; }

# The pane runs this wrapper: the terminal settings before and after, then the exit status.
cat >"$tmp/run.sh" <<'EOF'
trap : INT
export TERM=xterm-256color
export LC_ALL="${TUI_LC:-C.UTF-8}"
export XDG_STATE_HOME="$TUI_STATE"
before=$(stty -g)
"$TATON" "$@"
rc=$?
[ "$(stty -g)" = "$before" ] && s=same || s=changed
echo "EXIT=$rc STTY=$s"
exec sleep 600
EOF

# launch NAME [ENV=VALUE...] -- [ARGS...]: starts the explorer in a new 120x40 session.
launch() {
	name=$1
	shift
	envs="TATON=$TATON TATON_DATADIR=$TATON_DATADIR TUI_STATE=$tmp/state"
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		envs="$envs $1"
		shift
	done
	[ "${1-}" = "--" ] && shift
	tm new-session -d -s "$name" -x 120 -y 40 "env $envs sh $tmp/run.sh $*"
}
cap() { tm capture-pane -p -t "$1"; }
# wait_for NAME ERE [SECONDS]: polls the screen until a line matches; the screen is in $screen.
wait_for() {
	i=0
	lim=$(( ${3:-15} * 10 ))
	while [ $i -lt $lim ]; do
		screen=$(cap "$1")
		printf '%s\n' "$screen" | grep -Eq -- "$2" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	diag "timed out waiting for /$2/ on $1"
	return 1
}
# wait_last NAME ERE [SECONDS]: the same for the last line (the message/prompt line) only.
wait_last() {
	i=0
	lim=$(( ${3:-15} * 10 ))
	while [ $i -lt $lim ]; do
		screen=$(cap "$1")
		last_line | grep -Eq -- "$2" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	diag "timed out waiting for /$2/ on the last line of $1"
	return 1
}
# wait_gone NAME ERE [SECONDS]: the opposite of wait_for.
wait_gone() {
	i=0
	lim=$(( ${3:-15} * 10 ))
	while [ $i -lt $lim ]; do
		screen=$(cap "$1")
		printf '%s\n' "$screen" | grep -Eq -- "$2" || return 0
		sleep 0.1
		i=$((i + 1))
	done
	diag "timed out waiting for /$2/ to go on $1"
	return 1
}
keys() { tm send-keys -t "$@"; }
# settle NAME: waits (at most 3 s) until two captures 0.1 s apart agree, so that checks do not
# read a frame the terminal is still receiving; the screen is in $screen.
settle() {
	i=0
	prev=$(cap "$1")
	while [ $i -lt 30 ]; do
		sleep 0.1
		screen=$(cap "$1")
		[ "$screen" = "$prev" ] && return 0
		prev=$screen
		i=$((i + 1))
	done
	return 1
}
step_of() { printf '%s\n' "$screen" | grep -Eo '\| step [0-9]+ \|' | head -n 1 | grep -Eo '[0-9]+'; }
has() { printf '%s\n' "$screen" | grep -Eq -- "$1"; }
last_line() { printf '%s\n' "$screen" | sed -n '$p'; }
# ended SESSION LABEL STATUS: the explorer exited with STATUS, the terminal settings restored.
ended() {
	settle "$1"
	check "$2: status $3, terminal settings restored" has "^EXIT=$3 STTY=same\$"
}
# no_process LABEL PID: the explorer's process is gone.
no_process() { check "$1: no process is left" sh -c '! kill -0 "$1" 2>/dev/null' - "$2"; }
STATUS='(paused|RUNNING) \| step [0-9]+ \|'
# A row of the parameter pane: frame, selection mark, name, value.
param_row() { printf '[│|][> ] %s +%s( |$)' "$1" "$2"; }

# ---- not a terminal -------------------------------------------------------------------------
"$TATON" </dev/null >"$tmp/out" 2>"$tmp/err"
rc=$?
screen=$(cat "$tmp/err")
check "not a terminal: exit status 2 (got $rc)" test "$rc" -eq 2
check "not a terminal: suggests taton run" grep -q 'taton run' "$tmp/err"

# ---- the default scenario -------------------------------------------------------------------
main_args=
if ! [ -f "$TATON_DATADIR/scenarios/mfg_bank.lua" ]; then
	diag "the default scenario is not there yet: using the duopoly fixture"
	main_args="$FIX/duopoly.lua"
fi
launch main -- $main_args
wait_for main "$STATUS" 30
ok $? "the explorer opens with its status line"
settle main
check "the status line starts paused at step 0" has 'paused \| step 0 \|'
check "the title row names the program" has '^ taton - '
check "chart panes are drawn, numbered" has '[┌+] 1 [^ ]'
check "the parameter pane lists k = 7" has "$(param_row k 7)"
check "the info pane shows the lecture text" has '[┌+] About '
check "the status line shows the seed and dynamics" has '\| dynamics: [a-z]+.*\| seed [0-9]+'

charts0=$(printf '%s\n' "$screen" | sed -n '2,37p')
keys main n
wait_for main 'paused \| step 1 \|' 30
ok $? "n advances the step counter"
settle main
charts1=$(printf '%s\n' "$screen" | sed -n '2,37p')
check "n changes the charts" test "$charts0" != "$charts1"

keys main Space
wait_for main 'RUNNING \| step' 10
ok $? "space runs"
i=0
while [ $i -lt 300 ]; do
	screen=$(cap main)
	s=$(step_of)
	[ "${s:-0}" -ge 4 ] && break
	sleep 0.1
	i=$((i + 1))
done
check "running advances the steps (step ${s:-?})" test "${s:-0}" -ge 4
keys main Space
wait_for main 'paused \| step' 10
ok $? "space pauses"
s1=$(step_of)
sleep 0.6
screen=$(cap main)
s2=$(step_of)
check "paused: the step counter stays ($s1, $s2)" test "$s1" = "$s2"

keys main : 'set k 7.5' Enter
wait_for main "$(param_row k 7.5)" 30
ok $? ":set k 7.5 shows k = 7.5 in the parameter pane"
wait_last main '^k = 7\.5$' 10
ok $? ":set k 7.5 confirms on the message line"
wait_for main 'paused \| step 0 \|' 10
ok $? ":set k 7.5 restarts at step 0"

keys main n
wait_for main 'paused \| step 1 \|' 30
ok $? "n again: step 1"
keys main : 'set k -1' Enter
wait_last main "^[^:].*\\bk\\b.*(range|allowed|must|invalid)" 10
ok $? "a bad value shows an error naming k"
settle main
diag "error shown: $(last_line)"
check "a bad value keeps k = 7.5" has "$(param_row k 7.5)"
check "a bad value changes nothing (still step 1)" has 'paused \| step 1 \|'

keys main '?'
wait_for main '[┌+] Keys ' 10
ok $? "? opens the key help"
settle main
check "the help lists run/pause" has 'space +toggle +run / pause'
check "the help lists step and step 10" has 'N +step 10 +ten steps'
check "the help lists the prompt and quit" sh -c 'printf "%s\n" "$1" | grep -q "(prompt)" && printf "%s\n" "$1" | grep -Eq "q/F10 +quit"' - "$screen"
keys main Escape
wait_gone main '[┌+] Keys ' 10
ok $? "any key closes the help"

tm resize-window -t main -x 80 -y 24
wait_for main "$STATUS" 10
ok $? "at 80x24 the status line is there"
settle main
check "at 80x24 the panes reflow" sh -c 'printf "%s\n" "$1" | sed -n 2p | grep -Eq "^[┌+] 1 .*[┌+] Parameters"' - "$screen"
check "at 80x24 nothing says too small" test -z "$(printf '%s\n' "$screen" | grep 'too small')"
tm resize-window -t main -x 60 -y 20
# the old frame, clipped by tmux, also starts with pane 1: wait for the explorer's redraw
wait_gone main 'Parameters|About' 10 && wait_for main '^[┌+] 1 ' 10
ok $? "at 60x20 the focused chart fills the screen"
settle main
check "at 60x20 the status line stays" has "$STATUS"
check "at 60x20 nothing else is drawn" test -z "$(printf '%s\n' "$screen" | grep -E 'Parameters|About|[┌+] 2 ')"
tm resize-window -t main -x 24 -y 6
wait_for main 'too small: need 30x8' 10
ok $? "at 24x6 the explorer says the terminal is too small"
tm resize-window -t main -x 120 -y 40
wait_for main "$STATUS" 10
ok $? "back at 120x40 the explorer is whole again"

keys main : Up
wait_last main '^:set k -1$' 10
ok $? "the prompt recalls the last command (history)"
keys main Escape
wait_gone main '^:' 10
keys main : spe Tab
wait_last main '^:speed ?$' 10
ok $? "the prompt completes command names"
keys main Escape
wait_gone main '^:' 10

keys main : "export $tmp/out.csv" Enter
wait_last main '^exported [0-9]+ rows to ' 10
ok $? ":export FILE says it wrote the rows"
check ":export FILE writes the CSV" grep -q '^step,' "$tmp/out.csv"

keys main q
wait_for main '^EXIT=' 10
ok $? "q quits"
settle main
check "q: exit status 0 and the terminal settings restored" has '^EXIT=0 STTY=same$'
check "q: nothing of the explorer is left on the screen" \
	test "$(printf '%s\n' "$screen" | grep -v '^$')" = "EXIT=0 STTY=same"
modes=$(tm display-message -p -t main '#{alternate_on} #{cursor_flag} #{keypad_cursor_flag}')
check "q: main screen, cursor visible, cursor keys normal ($modes)" test "$modes" = "0 1 0"
check "the history file keeps the commands" grep -qx 'set k 7.5' "$tmp/state/taton/history"

# ---- never blocking: a slow re-solve (the loan model at k = 9) ------------------------------
pid_of() { pgrep -P "$(tm display-message -p -t "$1" '#{pane_pid}')" | head -n 1; }
# The first tick label of the first chart's time axis (the charts' top row, rows 2-13).
first_tick() {
	printf '%s\n' "$screen" | sed -n '2,13p' | grep -E '^(│|\|) +[0-9]+ +[0-9]' | head -n 1 |
		sed -E 's/^[^0-9]*([0-9]+).*/\1/'
}
COMPUTING='^ (COMPUTING|CANCELLING) '
launch freeze -- mfg_bank
wait_for freeze "$STATUS" 30
keys freeze : 'set variant "loan"' Enter
wait_last freeze '^variant = loan$' 120
ok $? ':set variant "loan" applies'
keys freeze : 'set k 9' Enter
kept=7 # the value a cancelled re-solve leaves
if ! wait_for freeze "$COMPUTING"'set k 9' 60; then
	# The re-solve ended before it could be watched: a finer grid makes it slower.
	diag "set k 9 was too fast to watch; trying again on a finer grid"
	kept=9
	keys freeze : 'set h 0.0002' Enter
	wait_last freeze '^h = 0.0002$' 120
	keys freeze : 'set k 9.5' Enter
	wait_for freeze "$COMPUTING"'set k 9' 60
fi
ok $? "the slow re-solve says what it computes and how long it has taken"
check "... with a progress time" has "$COMPUTING"'set k 9[.0-9]*: building the model \([0-9]+\.[0-9] s; Esc cancels\)'
keys freeze '?'
wait_for freeze '[┌+] Keys ' 10
ok $? "? opens the key help while the model computes"
check "the help is over a computation still running" has "$COMPUTING"
keys freeze Escape
wait_gone freeze '[┌+] Keys ' 10
ok $? "Escape closes the help first"
keys freeze Escape
wait_last freeze '^cancelled after [0-9.]+ s, nothing changed: set k 9' 20
ok $? "Escape again cancels the computation"
settle freeze
check "the cancelled value is not applied (k = $kept)" has "$(param_row k "$kept")"
check "the run is where it was (paused at step 0)" has 'paused \| step 0 \|'
keys freeze q
wait_for freeze '^EXIT=' 10
ok $? "q quits after a cancelled computation"
settle freeze
check "q: exit status 0, terminal settings restored" has '^EXIT=0 STTY=same$'

# SIGTERM in the middle of a slow computation.
launch term -- mfg_bank
wait_for term "$STATUS" 30
keys term : 'set variant "loan"' Enter
wait_last term '^variant = loan$' 120
keys term : 'set h 0.0002' Enter
wait_last term '^h = 0.0002$' 120
keys term : 'set k 9' Enter
wait_for term "$COMPUTING"'set k 9' 60
ok $? "a slow computation runs (for SIGTERM)"
tpid=$(pid_of term)
kill -TERM "$tpid" 2>/dev/null
wait_for term '^EXIT=' 10
ok $? "SIGTERM during a slow computation ends the explorer"
ended term "SIGTERM" 143
check "SIGTERM: says so" has 'taton: interrupted by SIGTERM'
modes=$(tm display-message -p -t term '#{alternate_on} #{cursor_flag} #{mouse_any_flag}')
check "SIGTERM: main screen, cursor visible, no mouse reporting ($modes)" test "$modes" = "0 1 0"
no_process "SIGTERM" "$tpid"

# SIGINT (Ctrl-C) during a slow computation cancels it; two in a row (within a second) end
# the explorer whatever computes. SIGHUP ends it, and so does the terminal going away (no
# process left behind).
slow() { # slow NAME: opens mfg_bank and starts the slow re-solve
	launch "$1" -- mfg_bank
	wait_for "$1" "$STATUS" 30
	keys "$1" : 'set variant "loan"' Enter
	wait_last "$1" '^variant = loan$' 120
	keys "$1" : 'set h 0.0002' Enter
	wait_last "$1" '^h = 0.0002$' 120
	keys "$1" : 'set k 9' Enter
	wait_for "$1" "$COMPUTING"'set k 9' 60
}
slow sigint
ok $? "a slow computation runs (for SIGINT)"
ipid=$(pid_of sigint)
kill -INT "$ipid" 2>/dev/null
wait_last sigint '^cancelled after [0-9.]+ s, nothing changed: set k 9' 20
ok $? "SIGINT during a slow computation cancels it"
settle sigint
check "... and keeps the previous value (k = 7)" has "$(param_row k 7)"
keys sigint : 'set k 9' Enter
wait_for sigint "$COMPUTING"'set k 9' 60
ok $? "the slow computation runs again"
kill -INT "$ipid" 2>/dev/null
sleep 0.2
kill -INT "$ipid" 2>/dev/null
wait_for sigint '^EXIT=' 10
ok $? "two SIGINTs in a row end the explorer, whatever computes"
ended sigint "SIGINT" 130
no_process "SIGINT" "$ipid"

slow sighup
ok $? "a slow computation runs (for SIGHUP)"
hpid=$(pid_of sighup)
kill -HUP "$hpid" 2>/dev/null
wait_for sighup '^EXIT=' 10
ok $? "SIGHUP during a slow computation ends the explorer"
ended sighup "SIGHUP" 129
no_process "SIGHUP" "$hpid"

slow gone
ok $? "a slow computation runs (for a terminal that goes away)"
gpid=$(pid_of gone)
tm kill-session -t gone
i=0
while [ $i -lt 50 ] && kill -0 "$gpid" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
check "the terminal going away ends the explorer (no orphan)" sh -c '! kill -0 "$1" 2>/dev/null' - "$gpid"

# ---- a process: no learning dynamics ------------------------------------------------------
launch proc -- fairness_smartgrid
wait_for proc "$STATUS" 30
ok $? "a process (fairness_smartgrid) opens"
settle proc
check "its status line says dynamics: -" has '\| dynamics: - \|'
keys proc d
wait_last proc '^model fairness is a process, not a game: it has no learning dynamics$' 10
ok $? "d is refused with one clear line"
keys proc : dynamics Enter
wait_last proc '^dynamics = -$' 10
ok $? ":dynamics says a process has none (dynamics = -)"
keys proc : 'dynamics fictitious' Enter
wait_last proc '^model fairness is a process, not a game: it has no learning dynamics$' 10
ok $? ":dynamics is refused with the same line"
settle proc
check "the refusals change nothing (dynamics: -, step 0)" has 'paused \| step 0 \|.*\| dynamics: - \|'
keys proc n
wait_for proc 'paused \| step 1 \|' 30
ok $? "the process still steps"
keys proc q
wait_for proc '^EXIT=0 STTY=same$' 10
ok $? "quits cleanly"

# ---- sliders, the mouse, F10 ----------------------------------------------------------------
launch slide -- mfg_bank
wait_for slide "$STATUS" 30
settle slide
charts0=$(printf '%s\n' "$screen" | sed -n '2,37p' | cut -c1-84)
keys slide : 'pane 7' Enter Down
wait_for slide '(│|\|)> k ' 10
ok $? "the parameter pane has the focus, k selected"
keys slide Right
wait_for slide "$(param_row k 7.1)" 60
ok $? "right arrow on k: k = 7.1 (its step is 0.1)"
wait_for slide 'paused \| step 0 \|' 30
settle slide
charts1=$(printf '%s\n' "$screen" | sed -n '2,37p' | cut -c1-84)
check "right arrow on k changes the charts" test "$charts0" != "$charts1"
keys slide '<'
wait_for slide "$(param_row k 7)" 60
ok $? "< moves it back one step (k = 7)"
row=$(printf '%s\n' "$screen" | grep -En "$(param_row c_serve 6)" | head -n 1 | cut -d: -f1)
keys slide -l "$(printf '\033[<0;100;%dM\033[<0;100;%dm' "$row" "$row")"
wait_for slide '(│|\|)> c_serve ' 10
ok $? "a mouse click selects the parameter under the pointer (c_serve)"
keys slide -l "$(printf '\033[<64;100;%dM' "$row")"
wait_for slide "$(param_row c_serve 6.1)" 60
ok $? "the mouse wheel adjusts it (c_serve = 6.1)"
bcol=$(printf '%s\n' "$screen" | tail -n 2 | head -n 1 | awk '{ print index($0, "[Step]") }')
keys slide -l "$(printf '\033[<0;%d;39M\033[<0;%d;39m' "$((bcol + 1))" "$((bcol + 1))")"
wait_for slide 'paused \| step 1 \|' 30
ok $? "the status line's Step button steps"
keys slide : 'load mfg_' Tab
wait_for slide '^ +mfg_agents +mfg_' 10
ok $? ":load completes shipped scenario names"
check "... every mfg scenario" has '^ +mfg_bank '
keys slide Escape
wait_gone slide '^:' 10
keys slide F10
wait_for slide '^EXIT=' 10
ok $? "F10 quits"
settle slide
check "F10: exit status 0, terminal restored" has '^EXIT=0 STTY=same$'

# ---- convergence, a dynamics switch, the recent window --------------------------------------
launch conv -- mfg_bank
wait_for conv "$STATUS" 30
keys conv Space
wait_for conv 'converged at step 16: step_change < 1e-07' 60
ok $? "the status line says the run converged at step 16 (Fig. 2)"
wait_for conv 'paused \| step 16 \|' 10
ok $? "running stops there"
check "the message says how to keep running" has 'autostop off'
keys conv : 'dynamics fictitious' Enter N
wait_for conv 'paused \| step 26 \|' 60
ok $? "ten more steps under fictitious play"
settle conv
check "a marker labels the switch on the time charts" sh -c \
	'printf "%s\n" "$1" | sed -n "3,13p" | grep -q "fictitious"' - "$screen"
keys conv : "export $tmp/switch.csv" Enter
wait_last conv '^exported [0-9]+ rows to ' 10
check "export records the switch (step and dynamic)" grep -qx '# switch: 16:fictitious' "$tmp/switch.csv"
"$TATON" run mfg_bank --steps 26 --switch 16:fictitious >"$tmp/replay.csv" 2>/dev/null
check "the exported run replays headless with --switch" sh -c \
	'diff "$1" "$2" >/dev/null' - "$tmp/switch.csv" "$tmp/replay.csv"
keys conv : 'view window 5' Enter
# (at 120 columns the status line drops its last fields for the buttons; the message says it)
wait_for conv '(\| last 5 steps|^time charts show the last 5 steps)' 10
ok $? "view window 5: the explorer says so"
settle conv
axis=$(first_tick)
check "the time axis starts at step 22 ($axis)" test "$axis" = 22
keys conv w
wait_gone conv '\| last 5 steps' 10
ok $? "w toggles back to every step"
settle conv
axis=$(first_tick)
check "the time axis starts at step 0 again ($axis)" test "$axis" = 0
keys conv q
wait_for conv '^EXIT=0 STTY=same$' 10
ok $? "quits cleanly"

# ---- Ctrl-C ---------------------------------------------------------------------------------
launch intr -- "$FIX/duopoly.lua"
wait_for intr "$STATUS"
keys intr Space
keys intr C-c
wait_for intr '^EXIT=' 10
ok $? "Ctrl-C leaves the explorer"
ended intr "Ctrl-C" 130
check "Ctrl-C: says so" has 'taton: interrupted by Ctrl-C'
modes=$(tm display-message -p -t intr '#{alternate_on} #{cursor_flag}')
check "Ctrl-C: main screen, cursor visible ($modes)" test "$modes" = "0 1"

# ---- a Lua error in a hook ------------------------------------------------------------------
launch hook -- "$FIX/hook_error.lua"
wait_for hook "$STATUS"
keys hook Space
wait_for hook 'paused: .*hook_error\.lua:7: .*boom at step 3' 10
ok $? "an error in a step hook pauses and says where"
settle hook
check "the hook error stops at step 3" has 'paused \| step 3 \|'
check "the whole error (traceback) is shown over the charts" has 'stack traceback:'
keys hook Escape
wait_gone hook 'stack traceback:' 10
keys hook q
wait_for hook '^EXIT=0 STTY=same$' 10
ok $? "after a hook error the explorer still quits cleanly"

# ---- colours, NO_COLOR, ASCII ---------------------------------------------------------------
esc=$(printf '\033')
sgr_color="${esc}\\[[0-9;]*(3[0-7]|38;5;[0-9]+)m"
launch color -- "$FIX/duopoly.lua"
wait_for color "$STATUS"
screen=$(tm capture-pane -p -e -t color)
check "with colours the screen uses colour" sh -c 'printf "%s\n" "$1" | grep -Eq "$2"' - "$screen" "$sgr_color"
launch mono NO_COLOR=1 -- "$FIX/duopoly.lua"
wait_for mono "$STATUS"
screen=$(tm capture-pane -p -e -t mono)
check "NO_COLOR: no colour at all" sh -c '! printf "%s\n" "$1" | grep -Eq "$2"' - "$screen" "$sgr_color"
check "NO_COLOR: still styled (reverse status line)" sh -c 'printf "%s\n" "$1" | grep -qF "$2"' - "$screen" "${esc}[0;7m"
launch ascii TUI_LC=C -- "$FIX/duopoly.lua"
wait_for ascii "$STATUS"
keys ascii N
wait_for ascii 'paused \| step 10 \|'
nonascii=$(printf '%s\n' "$screen" | LC_ALL=C tr -d '\n -~' | wc -c)
check "a non-UTF-8 locale draws ASCII only ($nonascii other bytes)" test "$nonascii" -eq 0
check "a non-UTF-8 locale still draws frames and charts" has '^\+ 1 Distance to equilibrium'
keys ascii q
wait_for ascii '^EXIT=0 STTY=same$' 10
ok $? "ASCII: quits cleanly"

# ---- untrusted scenarios: signals while Lua runs, exit codes, redraw --------------------------
SFIX="$TATON_DATADIR/tests/sandbox/fixtures"
launch missing -- no/such/scenario.lua
wait_for missing '^EXIT=' 10
ok $? "a missing scenario ends the explorer"
check "a missing scenario: exit status 2, as in taton(1), terminal untouched" \
	has '^EXIT=2 STTY=same$'
check "a missing scenario: says so" has "cannot open scenario 'no/such/scenario.lua'"

# Each step's hook runs until the 5 s time limit unless interrupted.
launch slow -- "$SFIX/slow_step.lua"
wait_for slow "$STATUS"
ok $? "the slow-step scenario opens"
keys slow n
sleep 1
keys slow C-c
wait_last slow 'paused: .*slow_step\.lua:4: interrupted' 4
ok $? "Ctrl-C while a hook runs stops that call (before the time limit) and pauses"
check "Ctrl-C while Lua runs: the explorer stays" has "$STATUS"
keys slow C-l
settle slow
check "Ctrl-L redraws the whole screen" has '[┌+] About '
keys slow n
sleep 1
pid=$(pgrep -f "^$TATON $SFIX/slow_step.lua" | head -n 1)
[ -n "$pid" ] && kill -TERM "$pid"
wait_for slow '^EXIT=' 4
ok $? "SIGTERM while a hook runs ends the explorer (before the time limit)"
ended slow "SIGTERM" 143
modes=$(tm display-message -p -t slow '#{alternate_on} #{cursor_flag}')
check "SIGTERM: main screen, cursor visible ($modes)" test "$modes" = "0 1"

launch hup -- "$SFIX/slow_step.lua"
wait_for hup "$STATUS"
keys hup n
sleep 1
pid=$(pgrep -f "^$TATON $SFIX/slow_step.lua" | head -n 1)
[ -n "$pid" ] && kill -HUP "$pid"
wait_for hup '^EXIT=' 4
ok $? "SIGHUP while a hook runs ends the explorer"
ended hup "SIGHUP" 129

# The window closes while a hook runs: the explorer ends, it does not spin.
launch gone -- "$SFIX/slow_step.lua"
wait_for gone "$STATUS"
keys gone n
sleep 1
pid=$(pgrep -f "^$TATON $SFIX/slow_step.lua" | head -n 1)
tm kill-session -t gone
i=0
while [ -n "$pid" ] && [ $i -lt 40 ] && kill -0 "$pid" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
check "a closed terminal ends the explorer (pid ${pid:-?})" \
	sh -c "test -n '$pid' && ! kill -0 '$pid' 2>/dev/null"

echo "1..$n"
# Failures are in the TAP lines; a non-zero status would count them twice.
exit 0
