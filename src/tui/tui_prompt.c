/* tui_prompt: readline's callback interface driven from the explorer's own input loop.
 * Keys arrive from curses; they are turned back into the bytes readline expects (arrows as
 * ANSI sequences) and queued; readline pulls them through rl_getc_function /
 * rl_input_available_hook, and its redisplay only copies the line and the cursor into the
 * ui, which draws the prompt line. Readline never touches the terminal: no terminal
 * preparation, no signal handlers, no SIGWINCH handling, no LINES/COLUMNS in the
 * environment, output to /dev/null, no bell. Limits: one prompt at a time; a parameter
 * edit has no history of its own (Up/Down do nothing there).
 * Neighbours: tui (feeds keys), ui (prompt state, running the line), cmd (completion). */
#define _XOPEN_SOURCE_EXTENDED 1
#include "tui/tui_prompt.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>
#include <readline/history.h>
#include <readline/readline.h>
#include "cli/cmd.h"
#include "core/xmalloc.h"

#define HISTORY_MAX 500

static struct ui *the_ui;
static int active;
static char *hist_path;
static FILE *null_out;

/* Bytes waiting for readline. */
static unsigned char queue[256];
static size_t q_head, q_len;

static void q_push(const char *bytes, size_t n)
{
	for (size_t i = 0; i < n && q_len < sizeof queue; i++) {
		queue[(q_head + q_len) % sizeof queue] = (unsigned char)bytes[i];
		q_len++;
	}
}

static int q_getc(FILE *f)
{
	(void)f;
	if (q_len == 0)
		return EOF;
	int c = queue[q_head];
	q_head = (q_head + 1) % sizeof queue;
	q_len--;
	return c;
}

static int q_avail(void)
{
	return q_len > 0;
}

static void no_prep(int meta)
{
	(void)meta;
}

static void no_deprep(void)
{
}

static void redisplay(void)
{
	if (the_ui && active)
		ui_prompt_update(the_ui, rl_line_buffer, rl_point);
}

static void show_matches(char **matches, int n, int max_len)
{
	(void)max_len;
	if (the_ui && n > 0)
		ui_show_completions(the_ui, matches + 1, (size_t)n);
}

/* Longest common prefix of the candidates. */
static char *common_prefix(char **c, size_t n)
{
	size_t len = strlen(c[0]);
	for (size_t i = 1; i < n; i++) {
		size_t k = 0;
		while (k < len && c[i][k] == c[0][k])
			k++;
		len = k;
	}
	return xstrndup(c[0], len);
}

static char **complete(const char *text, int start, int end)
{
	(void)text;
	rl_attempted_completion_over = 1; /* never readline's own file completion */
	if (!the_ui || the_ui->prompt.kind != UI_PROMPT_CMD)
		return NULL;
	char **c = cmd_complete(the_ui->s, rl_line_buffer, start, end);
	if (!c)
		return NULL;
	size_t n = 0;
	while (c[n])
		n++;
	if (n == 0) {
		free(c);
		return NULL;
	}
	/* readline wants [0] = the text replacing the word, then the matches. */
	char **m = xcalloc(n + 2, sizeof *m);
	if (n == 1) {
		m[0] = c[0];
		size_t l = strlen(c[0]);
		rl_completion_suppress_append = l > 0 && c[0][l - 1] == '/';
	} else {
		m[0] = common_prefix(c, n);
		for (size_t i = 0; i < n; i++)
			m[i + 1] = c[i];
	}
	free(c);
	return m;
}

/* Creates every missing directory of path's parent. 0 or -1. */
static int make_parents(const char *path)
{
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) < 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

static char *history_file(void)
{
	const char *st = getenv("XDG_STATE_HOME");
	if (st && st[0] == '/')
		return xasprintf("%s/taton/history", st);
	const char *home = getenv("HOME");
	if (home && home[0] == '/')
		return xasprintf("%s/.local/state/taton/history", home);
	return NULL;
}

static void on_line(char *line)
{
	rl_callback_handler_remove();
	active = 0;
	q_len = 0;
	if (!line) {
		/* Ctrl-D on an empty line. */
		ui_prompt_cancel(the_ui);
		return;
	}
	char *keep = ui_prompt_accept(the_ui, line);
	free(line);
	if (keep) {
		add_history(keep);
		if (hist_path)
			(void)append_history(1, hist_path);
		free(keep);
	}
}

void tui_prompt_init(struct ui *u)
{
	the_ui = u;
	rl_readline_name = "taton";
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_getc_function = q_getc;
	rl_input_available_hook = q_avail;
	rl_redisplay_function = redisplay;
	rl_prep_term_function = no_prep;
	rl_deprep_term_function = no_deprep;
	rl_attempted_completion_function = complete;
	rl_completion_display_matches_hook = show_matches;
	rl_completer_word_break_characters = " \t";
	int nfd = open("/dev/null", O_WRONLY); /* never creates it */
	null_out = nfd >= 0 ? fdopen(nfd, "w") : NULL;
	if (!null_out && nfd >= 0)
		close(nfd);
	if (null_out)
		rl_outstream = null_out;
	rl_initialize();
	rl_variable_bind("bell-style", "none");
	rl_variable_bind("show-all-if-ambiguous", "on"); /* list candidates at the first tab */
	using_history();
	stifle_history(HISTORY_MAX);
	hist_path = history_file();
	if (hist_path) {
		int fd = -1;
		if (make_parents(hist_path) == 0)
			fd = open(hist_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (fd >= 0) {
			close(fd);
			(void)read_history(hist_path);
		} else {
			free(hist_path);
			hist_path = NULL;
		}
	}
}

void tui_prompt_fini(void)
{
	tui_prompt_cancel();
	if (hist_path)
		(void)history_truncate_file(hist_path, HISTORY_MAX);
	free(hist_path);
	hist_path = NULL;
	clear_history();
	rl_outstream = stdout;
	if (null_out)
		fclose(null_out);
	null_out = NULL;
	the_ui = NULL;
}

void tui_prompt_start(void)
{
	if (active)
		tui_prompt_cancel();
	q_len = 0;
	active = 1;
	rl_callback_handler_install("", on_line);
	const char *init = the_ui->prompt.init;
	if (init && *init)
		rl_insert_text(init);
	redisplay();
}

void tui_prompt_cancel(void)
{
	if (!active)
		return;
	rl_callback_sigcleanup();
	rl_callback_handler_remove();
	active = 0;
	q_len = 0;
	if (the_ui)
		ui_prompt_cancel(the_ui);
}

int tui_prompt_active(void)
{
	return active;
}

void tui_prompt_key(int is_code, unsigned long key)
{
	if (!active)
		return;
	int history = the_ui->prompt.kind == UI_PROMPT_CMD;
	if (is_code) {
		const char *seq = NULL;
		switch (key) {
		case KEY_LEFT: seq = "\033[D"; break;
		case KEY_RIGHT: seq = "\033[C"; break;
		case KEY_UP: seq = history ? "\033[A" : NULL; break;
		case KEY_DOWN: seq = history ? "\033[B" : NULL; break;
		case KEY_HOME: seq = "\001"; break;
		case KEY_END: seq = "\005"; break;
		case KEY_BACKSPACE: seq = "\177"; break;
		case KEY_DC: seq = "\033[3~"; break;
		case KEY_ENTER: seq = "\r"; break;
		default: break;
		}
		if (seq)
			q_push(seq, strlen(seq));
	} else if (key == 27 || key == 7) {
		/* Escape or Ctrl-G: give up the edit. */
		tui_prompt_cancel();
		return;
	} else if (key == '\n') {
		q_push("\r", 1);
	} else if (key < 0x80) {
		char b = (char)key;
		q_push(&b, 1);
	} else {
		char mb[MB_LEN_MAX];
		mbstate_t st;
		memset(&st, 0, sizeof st);
		size_t n = wcrtomb(mb, (wchar_t)key, &st);
		if (n != (size_t)-1)
			q_push(mb, n);
	}
	while (active && q_avail())
		rl_callback_read_char();
	if (!active)
		q_len = 0;
}
