/* tui: the terminal side of the explorer (see tui.h). One loop: run the steps that are due
 * in a time slice of SLICE seconds (a single slow step is one call and is not interrupted),
 * paint the ui's canvas when something changed (at most FPS frames a second, at once after
 * a key), then wait for a key no longer than the next step or frame is due. Keys go to the
 * prompt (readline) while it is open, else to the ui as our key codes.
 * Terminal restoration: on quit, on SIGINT/SIGTERM/SIGHUP/SIGQUIT (flag checked by the
 * loop), on xmalloc's fatal hook, at exit, and best effort on a crash signal. A signal also
 * interrupts the Lua code running (lb_interrupt), so the explorer ends within moments even
 * inside a scenario's endless loop. Ctrl-C while a step or a command has been running for
 * STUCK seconds stops it instead (its Lua call fails with "interrupted"; a model's own C
 * step finishes) and pauses; otherwise Ctrl-C quits, even while quick steps run. A terminal that went away (hang-up on standard input)
 * ends the explorer as SIGHUP does. Ctrl-L repaints every cell.
 * Limits: cells are painted one code point each; in a non-UTF-8 locale anything outside
 * ASCII is replaced (box drawing by +-|, other glyphs by '?').
 * A slice also ends as soon as a key is waiting, so a key waits for at most one step.
 * Neighbours: ui (state and drawing), tui_color (styles), tui_prompt (readline), session. */
#define _XOPEN_SOURCE_EXTENDED 1
#include "tui/tui.h"

#include <curses.h>
#include <term.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>
#include "cli/session.h"
#include "core/xmalloc.h"
#include "luabind/lb.h"
#include "tui/tui_color.h"
#include "tui/tui_prompt.h"
#include "ui/keys.h"
#include "ui/ui.h"

#define SLICE 0.025       /* seconds of stepping between two looks at the keyboard */
#define FPS 30.0
#define IDLE_REDRAW 0.5   /* the measured rate changes even when nothing else does */
#define STUCK 0.25        /* a step or command this long is stopped by Ctrl-C, not quit */

static volatile sig_atomic_t got_signal;
static volatile sig_atomic_t working;   /* a step or a command runs (since work_t0) */
static volatile sig_atomic_t stop_work; /* Ctrl-C asked to stop it */
static struct timespec work_t0;         /* written only while working is 0 */
static int curses_on;
static SCREEN *screen;

static void restore_terminal(void)
{
	if (!curses_on)
		return;
	curses_on = 0;
	curs_set(1);
	endwin();
	fflush(stdout);
}

/* Seconds since the work started (clock_gettime is async-signal-safe). */
static double work_age(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - work_t0.tv_sec) + (double)(t.tv_nsec - work_t0.tv_nsec) * 1e-9;
}

static void start_work(void)
{
	clock_gettime(CLOCK_MONOTONIC, &work_t0);
	working = 1;
}

static void on_signal(int sig)
{
	if (sig == SIGINT && working && work_age() >= STUCK) {
		stop_work = 1; /* Ctrl-C stops the work that runs; the explorer stays */
		lb_interrupt();
		return;
	}
	got_signal = sig;
	lb_interrupt(); /* a Lua call that runs ends at once */
}

/* After a step or a command: if Ctrl-C asked to stop it, pause and say so. */
static void end_work(struct ui *u)
{
	working = 0;
	if (!stop_work)
		return;
	stop_work = 0;
	lb_interrupt_clear(); /* no Lua ran after the request: nothing more to stop */
	u->s->running = 0;
	u->pending = 0;
	if (!u->msg || !u->msg_error)
		ui_message(u, 1, "interrupted (Ctrl-C): paused");
	u->s->dirty = 1;
}

static void on_crash(int sig)
{
	/* Best effort: the program is broken, but the user's terminal should not be. */
	restore_terminal();
	signal(sig, SIG_DFL);
	raise(sig);
}

static _Noreturn void on_fatal(const char *what)
{
	restore_terminal();
	fprintf(stderr, "taton: out of memory (%s)\n", what);
	exit(1);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static const int caught[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT,
			      SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
#define NCAUGHT (sizeof caught / sizeof caught[0])
static struct sigaction saved[NCAUGHT];

/* Installed before curses starts, so ncurses leaves these signals to us. */
static void install_signals(void)
{
	for (size_t i = 0; i < NCAUGHT; i++) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sigemptyset(&sa.sa_mask);
		if (i < 4) {
			sa.sa_handler = on_signal;
		} else {
			sa.sa_handler = on_crash;
			sa.sa_flags = SA_RESETHAND;
		}
		sigaction(caught[i], &sa, &saved[i]);
	}
}

static void restore_signals(void)
{
	for (size_t i = 0; i < NCAUGHT; i++)
		sigaction(caught[i], &saved[i], NULL);
}

static int locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (!strcasecmp(cs, "UTF-8") || !strcasecmp(cs, "UTF8"));
}

/* An ASCII stand-in for a code point a non-UTF-8 terminal cannot show. */
static wchar_t ascii_of(uint32_t cp)
{
	if (cp < 0x80)
		return (wchar_t)cp;
	if (cp == 0x2500 || cp == 0x2501 || cp == 0x2574 || cp == 0x2576)
		return '-';
	if (cp == 0x2502 || cp == 0x2503)
		return '|';
	if (cp >= 0x2500 && cp <= 0x257F)
		return '+';
	if (cp >= 0x2580 && cp <= 0x259F)
		return '#';
	if (cp >= 0x2800 && cp <= 0x28FF)
		return cp == 0x2800 ? ' ' : '.';
	if (cp == 0xB7 || cp == 0x2022)
		return '*';
	return '?';
}

struct painter {
	struct canvas prev; /* what the screen shows */
	int utf8;
	int full;           /* repaint every cell */
};

static void paint(struct painter *p, const struct canvas *c)
{
	if (p->prev.w != c->w || p->prev.h != c->h) {
		canvas_resize(&p->prev, c->w, c->h);
		p->full = 1;
	}
	if (p->full)
		erase();
	for (int y = 0; y < c->h; y++)
		for (int x = 0; x < c->w; x++) {
			const struct cell *cl = &c->cells[(size_t)y * (size_t)c->w + (size_t)x];
			struct cell *old = canvas_at(&p->prev, x, y);
			if (!p->full && old->cp == cl->cp && old->role == cl->role)
				continue;
			*old = *cl;
			wchar_t wc[2] = { (wchar_t)cl->cp, 0 };
			if (!p->utf8)
				wc[0] = ascii_of(cl->cp);
			else if (cl->cp >= 0x300 && wcwidth(wc[0]) != 1)
				wc[0] = '?'; /* wide or combining glyphs would shift the columns */
			if (wc[0] < 0x20 || (wc[0] >= 0x7F && wc[0] < 0xA0))
				wc[0] = ' '; /* C0, DEL and C1 controls would drive the terminal */
			unsigned long attr;
			short pair;
			tui_color_get(cl->role, &attr, &pair);
			cchar_t cc;
			setcchar(&cc, wc, (attr_t)attr, pair, NULL);
			mvadd_wch(y, x, &cc);
		}
	p->full = 0;
}

static int map_key(int rc, wint_t ch)
{
	if (rc == KEY_CODE_YES) {
		switch (ch) {
		case KEY_UP: return UI_KEY_UP;
		case KEY_DOWN: return UI_KEY_DOWN;
		case KEY_LEFT: return UI_KEY_LEFT;
		case KEY_RIGHT: return UI_KEY_RIGHT;
		case KEY_PPAGE: return UI_KEY_PGUP;
		case KEY_NPAGE: return UI_KEY_PGDN;
		case KEY_HOME: return UI_KEY_HOME;
		case KEY_END: return UI_KEY_END;
		case KEY_ENTER: return UI_KEY_ENTER;
		case KEY_BACKSPACE: return UI_KEY_BACKSPACE;
		case KEY_DC: return UI_KEY_DELETE;
		case KEY_BTAB: return UI_KEY_BTAB;
		case KEY_F(1): return UI_KEY_F1;
		case KEY_RESIZE: return UI_KEY_RESIZE;
		default: return UI_KEY_NONE;
		}
	}
	if (ch == '\r' || ch == '\n')
		return UI_KEY_ENTER;
	if (ch == 127 || ch == 8)
		return UI_KEY_BACKSPACE;
	return (int)ch;
}

static int start_curses(struct err *e)
{
	screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		const char *t = getenv("TERM");
		return err_set(e, "cannot use this terminal (TERM=%s)", t ? t : "unset");
	}
	set_term(screen);
	curses_on = 1;
	/* A terminal that cannot move the cursor (TERM=dumb) would only scroll garbage. */
	const char *cup = tigetstr("cup");
	if (!cup || cup == (const char *)-1) {
		restore_terminal();
		delscreen(screen);
		screen = NULL;
		const char *t = getenv("TERM");
		return err_set(e, "this terminal (TERM=%s) cannot move the cursor; for headless "
			       "runs use `taton run SCENARIO`", t ? t : "unset");
	}
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	tui_color_init();
	return 0;
}

static void draw(struct ui *u, struct canvas *c, struct painter *p, double now)
{
	int h, w;
	getmaxyx(stdscr, h, w);
	if (w != c->w || h != c->h)
		canvas_resize(c, w, h);
	ui_draw(u, c, now);
	paint(p, c);
	if (u->cursor_x >= 0) {
		curs_set(1);
		move(u->cursor_y, u->cursor_x);
	} else {
		curs_set(0);
	}
	wnoutrefresh(stdscr);
	doupdate();
	u->s->dirty = 0;
}

/* Repaints every cell at the next draw (Ctrl-L: the terminal was scribbled on). */
static void redraw_all(struct painter *p)
{
	p->full = 1;
	clearok(curscr, TRUE);
}

/* Handles one key from get_wch. */
static void on_key(struct ui *u, struct painter *p, int rc, wint_t ch)
{
	if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
		p->full = 1;
		u->s->dirty = 1;
		return;
	}
	if (tui_prompt_active()) {
		tui_prompt_key(rc == KEY_CODE_YES, (unsigned long)ch);
		return;
	}
	int key = map_key(rc, ch);
	if (key == UI_KEY_NONE)
		return;
	enum ui_action a = ui_key(u, key);
	if (a == UI_ACT_PROMPT)
		tui_prompt_start();
	else if (a == UI_ACT_REDRAW)
		redraw_all(p);
}

/* The terminal hung up (its window closed): reads would fail at once, for ever. */
static int terminal_gone(void)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	return poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLHUP | POLLERR | POLLNVAL));
}

/* A key is waiting on the terminal (curses' own buffer is empty between slices). */
static int key_waiting(void)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	return poll(&pfd, 1, 0) > 0;
}

static void run_loop(struct ui *u, struct painter *p)
{
	struct session *s = u->s;
	struct canvas c;
	canvas_init(&c, 1, 1);
	double last_draw = -1e9;
	while (!s->quit && !got_signal) {
		double now = now_s();
		long due = ui_steps_due(u, now);
		if (due > 0) {
			/* Steps until the slice is used up, or would be by one more step as long
			 * as the last one; the first step always runs. */
			double t0 = now, last = 0;
			long k = 0;
			while (k < due && !got_signal) {
				if (k > 0 && (now - t0 + last > SLICE || key_waiting()))
					break;
				double a = now;
				start_work();
				int rc = ui_step(u);
				int stopped = stop_work;
				end_work(u);
				if (rc < 0)
					break;
				k++;
				now = now_s();
				last = now - a;
				if (stopped)
					break;
			}
			ui_steps_done(u, k, now);
		}
		now = now_s();
		if ((s->dirty && now - last_draw >= 1.0 / FPS) || now - last_draw >= IDLE_REDRAW) {
			draw(u, &c, p, now);
			last_draw = now;
		}
		double wait = ui_wait(u);
		if (s->dirty && last_draw + 1.0 / FPS - now < wait)
			wait = last_draw + 1.0 / FPS - now;
		if (last_draw + IDLE_REDRAW - now < wait)
			wait = last_draw + IDLE_REDRAW - now;
		if (wait > 0.25)
			wait = 0.25;
		if (wait < 0)
			wait = 0;
		timeout((int)(wait * 1000));
		wint_t ch;
		int rc = get_wch(&ch);
		int keys = 0;
		if (rc == ERR && terminal_gone()) {
			got_signal = SIGHUP;
			break;
		}
		while (rc != ERR && !s->quit && !got_signal) {
			start_work();
			on_key(u, p, rc, ch);
			end_work(u);
			keys++;
			timeout(0);
			rc = get_wch(&ch);
		}
		/* A key's effect is shown at once, before any more stepping. */
		if (keys && s->dirty && !s->quit && !got_signal) {
			now = now_s();
			draw(u, &c, p, now);
			last_draw = now;
		}
	}
	canvas_fini(&c);
}

int tui_main(const char *scenario_arg, const char *datadir, int ascii, struct err *e)
{
	err_clear(e);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "taton: the explorer needs a terminal; for headless runs use "
				"`taton run SCENARIO`\n");
		return 2;
	}
	struct session s;
	session_init(&s, datadir);
	if (session_load(&s, scenario_arg, e) < 0) {
		session_fini(&s);
		return 2; /* a missing or broken scenario is an input error, as in batch mode */
	}
	int utf8 = locale_is_utf8();
	s.ascii = ascii || !utf8;

	struct ui u;
	ui_init(&u, &s, s.ascii, now_s());
	got_signal = 0;
	install_signals();
	xmalloc_set_fatal(on_fatal);
	atexit(restore_terminal);
	tui_prompt_init(&u);
	int rc = 0;
	if (start_curses(e) < 0) {
		rc = 1;
	} else {
		struct painter p = { .utf8 = utf8, .full = 1 };
		canvas_init(&p.prev, 1, 1);
		run_loop(&u, &p);
		tui_prompt_cancel();
		canvas_fini(&p.prev);
		restore_terminal();
		delscreen(screen);
		screen = NULL;
	}
	int sig = got_signal;
	tui_prompt_fini();
	xmalloc_set_fatal(NULL);
	restore_signals();
	ui_fini(&u);
	session_fini(&s);
	if (sig) {
		err_set(e, "interrupted by %s", sig == SIGINT ? "Ctrl-C" :
			sig == SIGTERM ? "SIGTERM" : sig == SIGHUP ? "SIGHUP" : "SIGQUIT");
		return 128 + sig;
	}
	return rc;
}
