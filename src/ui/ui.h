/* ui: the explorer's state and behaviour, without a terminal. It turns our key codes into
 * command strings of the one command table (through the binding table of ui_keys), keeps
 * what only a screen needs (the parameter selection, scroll positions, the prompt line
 * being edited, the last message, an overlay with a command's output), and draws the whole
 * screen into a canvas (ui_draw, in draw.c). The terminal front end (src/tui) feeds keys,
 * the prompt's text (from readline) and the clock, runs the stepping slices and paints the
 * canvas. Everything here is testable headless.
 *
 * Never blocking: drawing computes nothing (distributions are refreshed before a frame by
 * ui_refresh, through session_compute). When the front end runs a computation elsewhere
 * (a worker thread) it brackets it with ui_busy_begin/ui_busy_end; meanwhile keys keep
 * working: instant commands (cmd.instant: run, pause, speed, pane, zoom, log, help, view,
 * quit ...) run at once, the others wait in a queue (ui_run_queue) until the computation
 * ended; Escape asks to cancel it (a step cannot be: running stops after it); a slider
 * key on the parameter being re-solved supersedes that computation. While a step computes
 * (lends_runs) the runs' series belong to the worker: charts are drawn from the last frame.
 * All of this runs on one thread (the terminal's); the worker only ever runs the job.
 * Neighbours: session/cmd (state and commands), keys, layout, view, pace, draw, tui. */
#ifndef TATON_UI_H
#define TATON_UI_H

#include <stddef.h>
#include "chart/canvas.h"
#include "cli/session.h"
#include "core/err.h"
#include "ui/layout.h"
#include "ui/pace.h"
#include "ui/view.h"
#include "ui/wrap.h"

enum ui_prompt_kind {
	UI_PROMPT_CMD,   /* ":" command line */
	UI_PROMPT_PARAM, /* a new value for the selected parameter */
};

struct ui_prompt {
	int active;
	enum ui_prompt_kind kind;
	char label[80];  /* ":" or "set k = " */
	char param[64];  /* UI_PROMPT_PARAM: the parameter's name */
	char *init;      /* text the line starts with (owned) */
	char *text;      /* the line as being edited (owned) */
	int cursor;      /* byte offset of the cursor in text */
};

enum ui_action {
	UI_ACT_NONE,
	UI_ACT_PROMPT, /* the front end starts line editing for u->prompt */
	UI_ACT_QUIT,
	UI_ACT_REDRAW, /* the front end repaints every cell of the terminal */
};

/* A model computation the front end runs elsewhere (between ui_busy_begin and _end). */
struct ui_busy {
	int active;
	char what[240];     /* "set k 9: building the model" */
	char line[160];     /* the command line that started it ("" for steps, refreshes) */
	double t0;          /* ui time it started */
	int cancellable;
	int lends_runs;
	int cancel;         /* the user asked to cancel it (Escape, Ctrl-C, quit, a slider) */
	int superseded;     /* ... because a newer slider value replaces it: no message */
	int cancelled;      /* the last computation ended cancelled (set by ui_busy_end) */
	double took;        /* ... after this many seconds */
};

/* The status line's values, kept so a frame drawn while a step computes shows them. */
struct ui_stat {
	long step;
	double conv;
	char conv_name[40];
	char dyn[64];
	unsigned long long seed;
	int have_run;
};

struct ui {
	struct session *s;     /* borrowed; outlives the ui */
	int ascii;             /* ASCII drawing (no braille, no box drawing) */
	int param_sel, param_top;
	int param_rows;        /* parameter rows shown at the last draw */
	int last_chart;        /* the chart focused last (its page of charts stays shown) */
	int info_top;
	int out_top;           /* scroll position of the output overlay */
	int help_top;          /* ... and of the key help */
	struct ui_prompt prompt;
	char *msg;             /* one-line message under the status line (owned) */
	int msg_error;
	char *out;             /* multi-line output of the last command, shown over the charts */
	char *capture;         /* output collected while a command runs */
	size_t capture_len;
	char **completions;    /* candidates the prompt listed, shown above the status line */
	struct ui_pace pace;
	long pending;          /* steps asked for by `step [N]`, run in time slices */
	double now;            /* time of the last ui_tick (seconds) */
	unsigned long gen;     /* bumped by every command: view caches compare it */
	struct ui_view_cache cache[UI_LAYOUT_MAX_CHARTS];
	struct ui_wrap_cache info_wrap; /* the lecture text at the info pane's width */
	struct ui_wrap_cache out_wrap;  /* the output overlay's text */
	struct ui_layout layout; /* of the last draw */
	int cursor_x, cursor_y;  /* terminal cursor after a draw (prompt), -1 = hidden */
	struct ui_busy busy;
	const char *label;       /* the command line running now (for busy.what) */
	char **queue;            /* command lines waiting for a computation to end (owned) */
	size_t nqueue;
	struct {                 /* the value a slider asked for, while it is queued or
				  * computing (the next step starts from it) */
		int on;
		char name[64];
		char val[128];
	} slide;
	int mouse_x, mouse_y;    /* the pointer's cell for a mouse key */
	struct ui_rect button[8]; /* the status line's buttons at the last draw (w 0: hidden) */
	struct canvas frame;     /* the last frame drawn with the runs readable */
	struct ui_layout frame_layout;
	int have_frame;
	struct ui_stat stat;
};

/* Takes over s->print (command output goes to the ui). The session must be loaded. */
void ui_init(struct ui *u, struct session *s, int ascii, double now);
void ui_fini(struct ui *u);

/* Handles one key outside the prompt. Returns what the front end must do next. */
enum ui_action ui_key(struct ui *u, int key);
/* Runs one command line (as a key or the prompt does): output becomes the message or the
 * overlay, an error becomes a red message. `step [N]` is not run at once: its N steps are
 * queued and run by the front end in time slices (ui_steps_due), so the screen stays live
 * during a long or slow request; any other command that is not instant drops what is still
 * queued. While a computation runs (busy), a command that is not instant is queued instead
 * (a later `set` of the same parameter replaces a queued one). Returns 0 or -1. */
int ui_exec(struct ui *u, const char *line);
/* Runs the queued command lines, oldest first (call when not busy; a line that computes
 * may queue more while it runs: they run too). */
void ui_run_queue(struct ui *u);

/* The front end runs job j elsewhere from now until ui_busy_end (see struct ui_busy). */
void ui_busy_begin(struct ui *u, const struct session_job *j, double now);
/* The job ended; cancelled: it was given up (the caller discards its work). */
void ui_busy_end(struct ui *u, int cancelled, double now);
/* Whether the user asked to cancel the running computation (the front end then cancels). */
int ui_busy_cancel_wanted(const struct ui *u);

/* Computes the distributions that visible chart panes show and that are stale (through
 * session_compute; nothing is computed while drawing). Call before ui_draw. */
void ui_refresh(struct ui *u, double now);

/* Opens the prompt (kind, label, initial text); returns UI_ACT_PROMPT. */
enum ui_action ui_prompt_open(struct ui *u, enum ui_prompt_kind kind, const char *label,
			      const char *init);
/* The line editor's current text and cursor (byte offset), for drawing. Copies text. */
void ui_prompt_update(struct ui *u, const char *text, int cursor);
/* The user accepted `line`: runs it (a command, or `set NAME LINE` for a parameter) and
 * closes the prompt. Returns the command line to keep in the history (owned by the caller)
 * or NULL when there is nothing worth keeping (empty line). */
char *ui_prompt_accept(struct ui *u, const char *line);
void ui_prompt_cancel(struct ui *u);
/* Completion candidates the line editor could not insert (shown above the status line
 * until the line changes).
 * Copies the n strings. */
void ui_show_completions(struct ui *u, char *const *cands, size_t n);

/* Shows a message (error = red). */
void ui_message(struct ui *u, int error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Number of chart panes of the current scenario (its views, clamped). */
int ui_npanes(const struct ui *u);
/* The focused pane's kind for key lookup. */
int ui_focus_scope(const struct ui *u);

/* Pacing: steps due now: the queued `step` requests first (as fast as slices allow), else
 * what the session's speed and run state call for (see ui_pace_due). */
long ui_steps_due(struct ui *u, double now);
/* Runs one step; on error pauses the session and shows the error. When the runs have just
 * converged (session conv_new) and autostop is on, running stops with a message. 0 or -1. */
int ui_step(struct ui *u);
/* Reports n steps run through the pacer by `now`. */
void ui_steps_done(struct ui *u, long n, double now);
/* Seconds until the next step is due (large when paused). */
double ui_wait(const struct ui *u);

/* Draws the whole screen into c (already sized to the terminal) at time `now` (for the
 * measured rate). Sets u->layout and the cursor position. In draw.c. */
void ui_draw(struct ui *u, struct canvas *c, double now);

#endif
