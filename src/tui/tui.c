/* tui: the terminal side of the explorer (see tui.h). One loop: run the queued commands,
 * the steps that are due in a time slice of SLICE seconds, refresh the distributions the
 * charts show, paint the ui's canvas when something changed (at most FPS frames a second,
 * at once after a key), then wait for a key (poll) no longer than the next step or frame
 * is due. Keys go to the prompt (readline) while it is open, else to the ui as our key
 * codes; mouse clicks and the wheel as UI_KEY_CLICK / UI_KEY_WHEEL_*.
 *
 * Threads and ownership. Model work (a rebuild after a change, a step's model part, a
 * distribution, describe) reaches the session's runner (tui_run). A job whose key ran in
 * under INLINE_MAX the last time runs inline; any other runs on the worker thread
 * (ui/worker) while this thread keeps the screen: it polls the terminal and the worker
 * together, hands keys to the ui (which runs instant commands at once and queues the rest,
 * see ui.h), draws (charts from the last frame while a step holds the runs), and cancels
 * the job when the ui asks. The worker touches only the job; this thread touches
 * everything else, Lua included (a Lua game's functions run inside jobs, while this
 * thread runs no Lua). A cancelled job's work is discarded by the session, which keeps the
 * previous state.
 *
 * Signals. SIGINT while a cancellable job computes cancels it (a second one within AGAIN
 * seconds ends the explorer, whatever computes then); otherwise SIGINT, SIGTERM,
 * SIGHUP and SIGQUIT end the explorer: the flag is seen by the loop (within one poll), a
 * running job is told to stop, and the terminal is restored on the way out. A watchdog
 * thread guarantees the end: WATCHDOG seconds after such a signal it restores the terminal
 * with raw writes (async-signal-safe, saved at start) and _exits, whatever the program is
 * doing. A terminal that goes away (hang-up on standard input) counts as SIGHUP. Terminal
 * restoration also on xmalloc's fatal hook, at exit, and best effort on a crash signal.
 *
 * Lua. A signal also interrupts the Lua code running on this thread (lb_interrupt), so the
 * explorer ends within moments even inside a scenario's endless loop. Ctrl-C while a step
 * or a command has been running for STUCK seconds, and no cancellable job computes, stops
 * it instead (its Lua call fails with "interrupted"; a model's own C step finishes) and
 * pauses. Ctrl-L repaints every cell.
 * Limits: cells are painted one code point each; in a non-UTF-8 locale anything outside
 * ASCII is replaced (box drawing by +-|, other glyphs by '?').
 * Neighbours: ui (state and drawing), ui/worker, tui_color (styles), tui_prompt
 * (readline), session. */
#define _XOPEN_SOURCE_EXTENDED 1
#include "tui/tui.h"

#include <curses.h>
#include <term.h>
#include <errno.h>
#include <langinfo.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
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
#include "ui/worker.h"

#define SLICE 0.025       /* seconds of stepping between two looks at the keyboard */
#define FPS 30.0
#define IDLE_REDRAW 0.5   /* the measured rate changes even when nothing else does */
#define STUCK 0.25        /* a step or command this long is stopped by Ctrl-C, not quit */

static volatile sig_atomic_t working;   /* a step or a command runs (since work_t0) */
static volatile sig_atomic_t stop_work; /* Ctrl-C asked to stop it */
static struct timespec work_t0;         /* written only while working is 0 */
#define BUSY_REDRAW 0.1   /* the elapsed time of a computation */
#define INLINE_MAX 0.004  /* a job whose last run took less runs on this thread */
#define QUICK 0.03        /* a job that ends this soon is not announced */
#define GRACE 0.3         /* how long a quit waits for a cancelled job */
#define WATCHDOG 0.8      /* seconds from an ending signal to the forced exit */
#define AGAIN 1.0         /* a second Ctrl-C this soon after one that cancelled quits */
#define NCOSTS 32

static volatile sig_atomic_t got_signal, got_cancel;
static atomic_int *volatile cancel_flag; /* the running cancellable job's, for SIGINT */
static atomic_int exiting;                /* the normal way out restored the terminal */
static sem_t watchdog_sem;
static int curses_on;
static SCREEN *screen;

/* The raw restoration for the watchdog: terminal settings and escape sequences saved at
 * start (so no curses call is needed from another thread). */
static struct termios saved_tio;
static int have_tio;
static char restore_seq[256];
static size_t restore_len;

struct tui {
	struct ui *u;
	struct painter *p;
	struct canvas c;
	struct ui_worker *w;
	double last_draw;
	struct { const void *key; double cost; } costs[NCOSTS];
	int ncost;
};

static void restore_terminal(void)
{
	if (!curses_on)
		return;
	curses_on = 0;
	mousemask(0, NULL);
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

static const char *signal_name(int sig)
{
	return sig == SIGINT ? "Ctrl-C" : sig == SIGTERM ? "SIGTERM" : sig == SIGHUP ? "SIGHUP"
		: "SIGQUIT";
}

/* The watchdog's way out: raw writes and _exit, nothing that could block on a lock. */
static _Noreturn void emergency_exit(int sig)
{
	if (restore_len)
		(void)!write(STDOUT_FILENO, restore_seq, restore_len);
	if (have_tio)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	const char *name = signal_name(sig);
	(void)!write(STDERR_FILENO, "taton: interrupted by ", 22);
	(void)!write(STDERR_FILENO, name, strlen(name));
	(void)!write(STDERR_FILENO, "\n", 1);
	_exit(128 + sig);
}

/* Waits for an ending signal (or the normal way out, which posts after setting exiting),
 * then gives the program WATCHDOG seconds to leave on its own. */
static void *watchdog_main(void *arg)
{
	(void)arg;
	while (sem_wait(&watchdog_sem) < 0 && errno == EINTR)
		;
	if (atomic_load(&exiting))
		return NULL;
	struct timespec dl;
	clock_gettime(CLOCK_REALTIME, &dl);
	dl.tv_nsec += (long)(WATCHDOG * 1e9);
	dl.tv_sec += dl.tv_nsec / 1000000000L;
	dl.tv_nsec %= 1000000000L;
	for (;;) {
		int r = sem_timedwait(&watchdog_sem, &dl);
		if (atomic_load(&exiting))
			return NULL;
		if (r < 0 && errno == ETIMEDOUT)
			emergency_exit(got_signal ? got_signal : SIGTERM);
	}
}

static void on_signal(int sig)
{
	atomic_int *f = cancel_flag;
	/* Ctrl-C gives up the computation, not the program; another one within AGAIN seconds
	 * (or while the computation is still being cancelled) ends the program */
	static struct timespec last; /* of the last Ctrl-C that cancelled (zero: none) */
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now); /* async-signal-safe */
	double since = (double)(now.tv_sec - last.tv_sec) +
		       (double)(now.tv_nsec - last.tv_nsec) * 1e-9;
	if (sig == SIGINT && f && !atomic_load(f) && (last.tv_sec == 0 || since > AGAIN)) {
		atomic_store(f, 1);
		got_cancel = 1;
		last = now;
		return;
	}
	if (sig == SIGINT && !f && working && work_age() >= STUCK) {
		/* no cancellable job: Ctrl-C stops the work that runs (Lua on this thread, or a
		 * step after its model part); the explorer stays */
		stop_work = 1;
		lb_interrupt();
		return;
	}
	got_signal = sig;
	lb_interrupt(); /* a Lua call that runs on this thread ends at once */
	if (f)
		atomic_store(f, 1);
	sem_post(&watchdog_sem);
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
		case KEY_F(10): return UI_KEY_F10;
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

/* Terminal sequences for the watchdog's raw restoration. */
static void save_restore_seq(void)
{
	static const char *const caps[] = { "rmcup", "cnorm", "sgr0", "rmkx" };
	static const char mouse_off[] = "\033[?1006l\033[?1002l\033[?1000l";
	restore_len = 0;
	memcpy(restore_seq, mouse_off, sizeof mouse_off - 1);
	restore_len = sizeof mouse_off - 1;
	for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
		const char *v = tigetstr(caps[i]);
		if (!v || v == (const char *)-1)
			continue;
		size_t n = strlen(v);
		if (restore_len + n < sizeof restore_seq) {
			memcpy(restore_seq + restore_len, v, n);
			restore_len += n;
		}
	}
}

static int start_curses(struct err *e)
{
	have_tio = tcgetattr(STDIN_FILENO, &saved_tio) == 0;
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
	mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	tui_color_init();
	save_restore_seq();
	return 0;
}

static void draw(struct tui *t, double now)
{
	struct ui *u = t->u;
	int h, w;
	getmaxyx(stdscr, h, w);
	if (w != t->c.w || h != t->c.h)
		canvas_resize(&t->c, w, h);
	ui_draw(u, &t->c, now);
	paint(t->p, &t->c);
	if (u->cursor_x >= 0) {
		curs_set(1);
		move(u->cursor_y, u->cursor_x);
	} else {
		curs_set(0);
	}
	wnoutrefresh(stdscr);
	doupdate();
	u->s->dirty = 0;
	t->last_draw = now;
}

/* A mouse event as our key code (the pointer's cell into the ui), or UI_KEY_NONE. */
static int mouse_key(struct ui *u)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return UI_KEY_NONE;
	u->mouse_x = ev.x;
	u->mouse_y = ev.y;
	if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
		return UI_KEY_CLICK;
	if (ev.bstate & BUTTON4_PRESSED)
		return UI_KEY_WHEEL_UP;
	if (ev.bstate & BUTTON5_PRESSED)
		return UI_KEY_WHEEL_DOWN;
	return UI_KEY_NONE;
}

/* Repaints every cell at the next draw (Ctrl-L: the terminal was scribbled on). */
static void redraw_all(struct painter *p)
{
	p->full = 1;
	clearok(curscr, TRUE);
}

/* Handles one key from get_wch. */
static void on_key(struct tui *t, int rc, wint_t ch)
{
	struct ui *u = t->u;
	if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
		t->p->full = 1;
		u->s->dirty = 1;
		return;
	}
	int mouse = rc == KEY_CODE_YES && ch == KEY_MOUSE;
	int key = mouse ? mouse_key(u) : UI_KEY_NONE;
	if (tui_prompt_active()) {
		if (!mouse)
			tui_prompt_key(rc == KEY_CODE_YES, (unsigned long)ch);
		return;
	}
	if (!mouse)
		key = map_key(rc, ch);
	if (key == UI_KEY_NONE)
		return;
	enum ui_action a = ui_key(u, key);
	if (a == UI_ACT_PROMPT)
		tui_prompt_start();
	else if (a == UI_ACT_REDRAW)
		redraw_all(t->p);
}

/* Reads every key waiting; returns how many. */
static int read_keys(struct tui *t)
{
	struct session *s = t->u->s;
	int keys = 0;
	timeout(0);
	wint_t ch;
	int rc;
	while (!got_signal && (rc = get_wch(&ch)) != ERR) {
		on_key(t, rc, ch);
		keys++;
		if (s->quit)
			break;
	}
	return keys;
}

/* Waits up to `wait` seconds for the terminal (and the worker's descriptor, if fd >= 0).
 * Returns a bit set: 1 a key is waiting, 2 the worker is done; a hang-up of the terminal
 * sets got_signal to SIGHUP. */
static int wait_input(double wait, int fd)
{
	struct pollfd pfd[2] = { { .fd = STDIN_FILENO, .events = POLLIN },
				 { .fd = fd, .events = POLLIN } };
	int ms = wait <= 0 ? 0 : (int)(wait * 1000 + 0.5);
	int n = poll(pfd, fd >= 0 ? 2 : 1, ms);
	if (n < 0 && errno == EINTR)
		return 1; /* SIGWINCH: curses has a KEY_RESIZE for get_wch */
	if (n <= 0)
		return 0;
	if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
		got_signal = SIGHUP; /* the terminal went away */
		sem_post(&watchdog_sem);
		return 0;
	}
	return ((pfd[0].revents & POLLIN) ? 1 : 0) | (fd >= 0 && (pfd[1].revents & POLLIN) ? 2 : 0);
}

/* A key is waiting on the terminal (curses' own buffer is empty between slices). */
static int key_waiting(void)
{
	return wait_input(0, -1) & 1;
}

/* ---- the runner ------------------------------------------------------------------------ */

static double cost_of(const struct tui *t, const void *key)
{
	for (int i = 0; key && i < t->ncost; i++)
		if (t->costs[i].key == key)
			return t->costs[i].cost;
	return -1;
}

static void cost_keep(struct tui *t, const void *key, double cost)
{
	if (!key)
		return;
	int i = 0;
	while (i < t->ncost && t->costs[i].key != key)
		i++;
	if (i == t->ncost) {
		if (t->ncost < NCOSTS)
			t->ncost++;
		else
			i = NCOSTS - 1; /* the oldest goes */
		memmove(t->costs + 1, t->costs, (size_t)i * sizeof t->costs[0]);
		i = 0;
	}
	t->costs[i].key = key;
	t->costs[i].cost = cost;
}

/* Leaves at once, the job still running: the terminal restored, the history kept, the
 * reason said. The session cannot be freed under the worker. */
static _Noreturn void leave_now(int sig)
{
	atomic_store(&exiting, 1);
	tui_prompt_cancel();
	restore_terminal();
	tui_prompt_fini();
	if (sig)
		fprintf(stderr, "taton: interrupted by %s\n", signal_name(sig));
	fflush(stderr);
	_exit(sig ? 128 + sig : 0);
}

/* Keeps the screen alive until the worker's job ends; returns when it did. */
static void wait_job(struct tui *t, const struct session_job *j, int *rc, struct err *e)
{
	struct ui *u = t->u;
	struct session *s = u->s;
	double quit_at = -1;
	int sent = 0;
	for (;;) {
		double now = now_s();
		if (got_cancel) {
			got_cancel = 0;
			u->busy.cancel = 1;
			s->dirty = 1;
		}
		if ((got_signal || s->quit) && quit_at < 0) {
			quit_at = now;
			u->busy.cancel = 1;
		}
		if (quit_at >= 0 && now - quit_at > GRACE)
			leave_now(got_signal);
		if (ui_busy_cancel_wanted(u) && !sent) {
			ui_worker_cancel(t->w);
			sent = 1;
		}
		if ((s->dirty && now - t->last_draw >= 1.0 / FPS) || now - t->last_draw >= BUSY_REDRAW)
			draw(t, now);
		int ready = wait_input(1.0 / FPS, ui_worker_fd(t->w));
		if ((ready & 2) && ui_worker_poll(t->w, rc, e))
			return;
		if (ready & 1 && quit_at < 0 && read_keys(t) && s->dirty)
			draw(t, now_s());
		if (ui_worker_poll(t->w, rc, e))
			return;
	}
}

/* session_runner_fn: see the file's comment. */
static int tui_run(void *ctx, const struct session_job *j, struct err *e)
{
	struct tui *t = ctx;
	struct ui *u = t->u;
	double hint = cost_of(t, j->key), t0 = now_s();
	if (!t->w || u->busy.active || (hint >= 0 && hint < INLINE_MAX)) {
		int rc = j->fn(j->arg, e);
		cost_keep(t, j->key, now_s() - t0);
		return rc;
	}
	atomic_int *flag = ui_worker_cancel_flag(t->w);
	ui_worker_start(t->w, j);
	if (j->cancellable)
		cancel_flag = flag;
	int rc = -1;
	struct err we = { { 0 } };
	int begun = 0;
	if (!ui_worker_wait(t->w, QUICK, &rc, &we)) {
		ui_busy_begin(u, j, t0);
		begun = 1;
		wait_job(t, j, &rc, &we);
	}
	cancel_flag = NULL;
	int cancelled = j->cancellable && atomic_load(flag);
	if (begun)
		ui_busy_end(u, cancelled, now_s());
	if (cancelled) {
		err_set(e, "%s", SESSION_CANCELLED);
		return -1;
	}
	cost_keep(t, j->key, now_s() - t0);
	if (rc < 0)
		*e = we;
	return rc;
}

/* ---- the loop -------------------------------------------------------------------------- */

static void run_loop(struct tui *t)
{
	struct ui *u = t->u;
	struct session *s = u->s;
	t->last_draw = -1e9;
	while (!s->quit && !got_signal) {
		if (got_cancel) /* Ctrl-C just after a computation ended: nothing to cancel */
			got_cancel = 0;
		ui_run_queue(u);
		double now = now_s();
		long due = ui_steps_due(u, now);
		if (due > 0 && !s->quit) {
			/* Steps until the slice is used up, or would be by one more step as long
			 * as the last one; the first step always runs. */
			double t0 = now, last = 0;
			long k = 0;
			while (k < due && !got_signal && !s->quit) {
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
				if (stopped || (!s->running && u->pending == 0))
					break; /* stopped (Ctrl-C, converged, Escape) */
			}
			ui_steps_done(u, k, now);
		}
		if (s->quit || got_signal)
			break;
		ui_refresh(u, now_s());
		now = now_s();
		if ((s->dirty && now - t->last_draw >= 1.0 / FPS) || now - t->last_draw >= IDLE_REDRAW)
			draw(t, now);
		double wait = ui_wait(u);
		if (s->dirty && t->last_draw + 1.0 / FPS - now < wait)
			wait = t->last_draw + 1.0 / FPS - now;
		if (t->last_draw + IDLE_REDRAW - now < wait)
			wait = t->last_draw + IDLE_REDRAW - now;
		if (wait > 0.25)
			wait = 0.25;
		if (u->nqueue)
			wait = 0;
		int keys = 0;
		if (wait_input(wait, -1) & 1) {
			start_work();
			keys = read_keys(t);
			end_work(u);
		}
		/* A key's effect is shown at once, before any more stepping. */
		if (keys && s->dirty && !s->quit && !got_signal)
			draw(t, now_s());
	}
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
	char *path = session_resolve(datadir, scenario_arg, e);
	if (!path) { /* a wrong name is said before the screen changes */
		session_fini(&s);
		return 2; /* a missing or broken scenario is an input error, as in batch mode */
	}
	free(path);
	int utf8 = locale_is_utf8();
	s.ascii = ascii || !utf8;

	struct ui u;
	ui_init(&u, &s, s.ascii, now_s());
	got_signal = got_cancel = 0;
	atomic_store(&exiting, 0);
	sem_init(&watchdog_sem, 0, 0);
	install_signals();
	/* Helper threads leave every signal to this one. */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	pthread_t dog;
	int have_dog = pthread_create(&dog, NULL, watchdog_main, NULL) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	xmalloc_set_fatal(on_fatal);
	atexit(restore_terminal);
	tui_prompt_init(&u);
	struct painter p = { .utf8 = utf8, .full = 1 };
	struct tui t = { .u = &u, .p = &p, .w = ui_worker_new() };
	int rc = 0;
	if (start_curses(e) < 0) {
		rc = 1;
	} else {
		canvas_init(&p.prev, 1, 1);
		canvas_init(&t.c, 1, 1);
		s.runner = tui_run;
		s.runner_ctx = &t;
		/* The scenario loads with the screen up: a slow one shows its progress. */
		draw(&t, now_s());
		u.label = "loading";
		int loaded = session_load(&s, scenario_arg, e);
		u.label = NULL;
		if (loaded < 0 && !got_signal) {
			if (!strcmp(e->msg, SESSION_CANCELLED))
				err_set(e, "cancelled while loading the scenario");
			rc = 1;
		} else if (!got_signal) {
			u.gen++;
			run_loop(&t);
		}
		s.runner = NULL;
		tui_prompt_cancel();
		canvas_fini(&t.c);
		canvas_fini(&p.prev);
		atomic_store(&exiting, 1);
		restore_terminal();
		delscreen(screen);
		screen = NULL;
	}
	atomic_store(&exiting, 1);
	if (have_dog) { /* wake it to leave */
		sem_post(&watchdog_sem);
		pthread_join(dog, NULL);
	}
	sem_destroy(&watchdog_sem);
	int sig = got_signal;
	tui_prompt_fini();
	xmalloc_set_fatal(NULL);
	restore_signals();
	ui_worker_free(t.w);
	ui_fini(&u);
	session_fini(&s);
	if (sig) {
		err_set(e, "interrupted by %s", signal_name(sig));
		return 128 + sig;
	}
	return rc;
}
