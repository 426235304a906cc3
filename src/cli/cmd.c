/* cmd: the one command table (see cmd.h). The last argument of a command takes the rest of
 * the line, so `set theta {-1, -2}` and `export my file.csv` work without quoting. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "core/xmalloc.h"

#define MAX_ARGS 8
#define STEP_MAX 100000000L

static int parse_long(const char *text, long lo, long hi, long *out, const char *what,
		      struct err *e)
{
	char *end;
	errno = 0;
	long v = strtol(text, &end, 10);
	if (end == text || *end || errno || v < lo || v > hi)
		return err_set(e, "bad %s '%s': allowed an integer in [%ld, %ld]", what, text, lo,
			       hi);
	*out = v;
	return 0;
}

static int c_step(struct session *s, int argc, char **argv, struct err *e)
{
	long n = 1;
	if (argc > 1 && parse_long(argv[1], 1, STEP_MAX, &n, "step count", e) < 0)
		return -1;
	for (long i = 0; i < n; i++)
		if (session_step(s, e) < 0)
			return -1;
	return 0;
}

static int c_run(struct session *s, int argc, char **argv, struct err *e)
{
	s->running = 1;
	s->dirty = 1;
	return 0;
}

static int c_pause(struct session *s, int argc, char **argv, struct err *e)
{
	s->running = 0;
	s->dirty = 1;
	return 0;
}

static int c_toggle(struct session *s, int argc, char **argv, struct err *e)
{
	s->running = !s->running;
	s->dirty = 1;
	return 0;
}

static int c_reset(struct session *s, int argc, char **argv, struct err *e)
{
	return session_reset(s, e);
}

static int c_set(struct session *s, int argc, char **argv, struct err *e)
{
	char *name = argv[1], *expr = argc > 2 ? argv[2] : NULL;
	char *eq = strchr(name, '=');
	if (eq && !expr) { /* set NAME=EXPR */
		*eq = '\0';
		expr = eq + 1;
	}
	if (!expr || !*expr)
		return err_set(e, "usage: set NAME EXPR (e.g. set k 7.5)");
	if (session_set(s, name, expr, e) < 0)
		return -1;
	const struct sim *sim = s->runs[0];
	int idx = params_find(&sim->params, name);
	if (idx >= 0) {
		char *v = params_format_value(&sim->params, idx);
		session_printf(s, "%s = %s\n", name, v);
		free(v);
	}
	return 0;
}

/* adjust NAME +|-: one slider step, applied as `set`. */
static int c_adjust(struct session *s, int argc, char **argv, struct err *e)
{
	const char *d = argv[2];
	if (strcmp(d, "+") != 0 && strcmp(d, "-") != 0)
		return err_set(e, "usage: adjust NAME +|- (one step up or down)");
	char val[128];
	int rc = session_slide(s, argv[1], d[0] == '+' ? 1 : -1, NULL, val, sizeof val, e);
	if (rc == 1) { /* at a bound: say so, nothing changes */
		session_printf(s, "%s\n", e->msg);
		return 0;
	}
	if (rc < 0 || session_set(s, argv[1], val, e) < 0)
		return -1;
	char *v = params_format_value(&s->runs[0]->params, params_find(&s->runs[0]->params,
								     argv[1]));
	session_printf(s, "%s = %s\n", argv[1], v);
	free(v);
	return 0;
}

static int c_seed(struct session *s, int argc, char **argv, struct err *e)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(argv[1], &end, 10);
	if (end == argv[1] || *end || errno || argv[1][0] == '-')
		return err_set(e, "bad seed '%s': allowed an integer in [0, %" PRIu64 "]", argv[1],
			       UINT64_MAX);
	return session_set_seed(s, (uint64_t)v, e);
}

static int c_dynamics(struct session *s, int argc, char **argv, struct err *e)
{
	if (argc < 2) {
		char buf[96] = "-"; /* a process has none */
		if (s->runs[0]->model->dim > 0)
			learn_format(&s->runs[0]->spec, buf, sizeof buf);
		session_printf(s, "dynamics = %s\n", buf);
		return 0;
	}
	if (strcmp(argv[1], "next") == 0)
		return session_next_dynamics(s, e);
	return session_set_dynamics(s, argv[1], e);
}

static int c_speed(struct session *s, int argc, char **argv, struct err *e)
{
	const char *a = argv[1];
	if (strcmp(a, "+") == 0) {
		if (s->speed < session_nspeeds - 1)
			s->speed++;
	} else if (strcmp(a, "-") == 0) {
		if (s->speed > 0)
			s->speed--;
	} else if (strcmp(a, "max") == 0) {
		s->speed = session_nspeeds - 1;
	} else {
		char *end;
		double v = strtod(a, &end);
		if (end == a || *end || !(v >= 1))
			return err_set(e, "bad speed '%s': allowed +, -, max or steps per second "
					  ">= 1", a);
		int best = 0;
		for (int i = 0; i < session_nspeeds - 1; i++)
			if (session_speeds[i] <= v)
				best = i;
		s->speed = best;
	}
	s->dirty = 1;
	return 0;
}

static int c_pane(struct session *s, int argc, char **argv, struct err *e)
{
	int n = (int)session_nviews(s) + 2; /* charts, parameters, info */
	const char *a = argc > 1 ? argv[1] : "next";
	if (strcmp(a, "next") == 0) {
		s->focus = (s->focus + 1) % n;
	} else if (strcmp(a, "prev") == 0) {
		s->focus = (s->focus + n - 1) % n;
	} else {
		long v;
		if (parse_long(a, 1, n, &v, "pane", e) < 0)
			return -1;
		s->focus = (int)v - 1;
	}
	s->dirty = 1;
	return 0;
}

static int c_zoom(struct session *s, int argc, char **argv, struct err *e)
{
	s->zoom = !s->zoom;
	s->dirty = 1;
	return 0;
}

static int c_log(struct session *s, int argc, char **argv, struct err *e)
{
	int nv = (int)session_nviews(s);
	if (s->focus >= nv || s->focus >= SESSION_MAX_PANES)
		return err_set(e, "log: focus a chart pane first (tab)");
	const struct view_spec *v = session_view(s, (size_t)s->focus);
	s->logy[s->focus] = !session_view_logy(s, s->focus, v);
	s->dirty = 1;
	return 0;
}

/* tol [X|off]: the convergence tolerance of the notice and of autostop. */
static int c_tol(struct session *s, int argc, char **argv, struct err *e)
{
	if (argc > 1) {
		char *end;
		double v = strtod(argv[1], &end);
		if (strcmp(argv[1], "off") == 0)
			v = 0;
		else if (end == argv[1] || *end || !(v > 0) || !isfinite(v))
			return err_set(e, "bad tol '%s': allowed a number > 0 or off", argv[1]);
		s->tol = v;
		s->conv_step = -1; /* judged again from the next step */
		s->dirty = 1;
	}
	if (s->tol > 0)
		session_printf(s, "tol = %g\n", s->tol);
	else
		session_printf(s, "tol = off\n");
	return 0;
}

/* autostop [on|off]: whether running stops when the runs converge. */
static int c_autostop(struct session *s, int argc, char **argv, struct err *e)
{
	if (argc > 1) {
		if (strcmp(argv[1], "on") && strcmp(argv[1], "off"))
			return err_set(e, "bad autostop '%s': allowed on or off", argv[1]);
		s->autostop = strcmp(argv[1], "on") == 0;
		s->dirty = 1;
	}
	session_printf(s, "autostop = %s\n", s->autostop ? "on" : "off");
	return 0;
}

/* view window N | view recent | view all: the steps time charts show. */
static int c_view(struct session *s, int argc, char **argv, struct err *e)
{
	const char *a = argv[1];
	if (!strncmp(a, "window", 6) && (a[6] == ' ' || a[6] == '\t')) {
		long n;
		const char *arg = a + 7;
		while (*arg == ' ' || *arg == '\t')
			arg++;
		if (parse_long(arg, 2, STEP_MAX, &n, "window", e) < 0)
			return -1;
		s->window = n;
		s->recent = 1;
	} else if (!strcmp(a, "recent")) {
		s->recent = !s->recent;
	} else if (!strcmp(a, "all")) {
		s->recent = 0;
	} else {
		return err_set(e, "usage: view window N | view recent | view all");
	}
	s->dirty = 1;
	if (s->recent)
		session_printf(s, "time charts show the last %ld steps\n", s->window);
	else
		session_printf(s, "time charts show every step\n");
	return 0;
}

/* export FILE, or export dist NAME FILE */
static int c_export(struct session *s, int argc, char **argv, struct err *e)
{
	if (!strncmp(argv[1], "dist ", 5)) {
		char *name = argv[1] + 5, *file;
		while (*name == ' ')
			name++;
		file = strchr(name, ' ');
		if (!file || !*name)
			return err_set(e, "usage: export dist NAME FILE");
		*file++ = '\0';
		while (*file == ' ')
			file++;
		const char *names[] = { name };
		if (session_export_dists(s, names, 1, file, e) < 0)
			return -1;
		session_printf(s, "exported distribution %s to %s\n", name, file);
		return 0;
	}
	if (session_export(s, argv[1], e) < 0)
		return -1;
	session_printf(s, "exported %zu rows to %s\n", s->runs[0]->series.nrows, argv[1]);
	return 0;
}

static int c_load(struct session *s, int argc, char **argv, struct err *e)
{
	return session_load(s, argv[1], e);
}

struct describe_job {
	struct session *s;
	struct model_kv *kv; /* one per run */
};

static int describe_fn(void *arg, struct err *e)
{
	struct describe_job *j = arg;
	for (size_t i = 0; i < j->s->nruns; i++)
		sim_describe(j->s->runs[i], &j->kv[i]);
	return 0;
}

/* The state now: numbers rounded to s->digits (the explorer), exact when 0. */
static int c_describe(struct session *s, int argc, char **argv, struct err *e)
{
	struct describe_job j = { s, xcalloc(s->nruns + 1, sizeof *j.kv) };
	struct session_job job = { .what = "describing the model", .fn = describe_fn, .arg = &j,
				   .cancellable = 1 };
	int rc = session_compute(s, &job, e);
	if (rc == 0)
		session_printf(s, "state: step %ld\n", sim_n(s->runs[0]));
	for (size_t i = 0; i < s->nruns; i++) {
		struct model_kv *kv = &j.kv[i];
		if (rc == 0 && s->nruns > 1)
			session_printf(s, "[%s]\n", lb_variant(s->scn, i)->label);
		for (size_t k = 0; rc == 0 && k < kv->n; k++) {
			char *v = model_kv_text(kv, k, s->digits);
			session_printf(s, "%s = %s\n", kv->key[k], v);
			free(v);
		}
		model_kv_fini(kv);
	}
	free(j.kv);
	return rc;
}

static int c_params(struct session *s, int argc, char **argv, struct err *e)
{
	const struct params *p = &s->runs[0]->params;
	for (size_t i = 0; i < p->n; i++) {
		char *v = params_format_value(p, (int)i);
		session_printf(s, "%s = %s\n", p->spec[i].name, v);
		free(v);
	}
	return 0;
}

static int c_help(struct session *s, int argc, char **argv, struct err *e)
{
	if (argc > 1 && strcmp(argv[1], "keys") == 0) {
		s->help = !s->help;
		s->dirty = 1;
		return 0;
	}
	if (argc > 1) {
		const struct cmd *c = cmd_find(argv[1]);
		if (!c)
			return err_set(e, "unknown command '%s'; try 'help'", argv[1]);
		session_printf(s, "%-28s %s\n", c->usage, c->help);
		return 0;
	}
	for (int i = 0; i < cmd_count; i++)
		session_printf(s, "%-28s %s\n", cmd_table[i].usage, cmd_table[i].help);
	return 0;
}

static int c_quit(struct session *s, int argc, char **argv, struct err *e)
{
	s->quit = 1;
	return 0;
}

const struct cmd cmd_table[] = {
	{ .name = "step", .script = 1, .usage = "step [N]", .help = "advance N steps (default 1)", .min_args = 0,
	  .max_args = 1, .complete = CMD_C_NONE, .fn = c_step },
	{ .name = "run", .script = 1, .usage = "run", .help = "run continuously at the current speed",
	  .min_args = 0, .max_args = 0, .complete = CMD_C_NONE, .fn = c_run,
	  .instant = 1 },
	{ .name = "pause", .script = 1, .usage = "pause", .help = "stop running", .min_args = 0, .max_args = 0,
	  .complete = CMD_C_NONE, .fn = c_pause,
	  .instant = 1 },
	{ .name = "toggle", .script = 1, .usage = "toggle", .help = "run or pause", .min_args = 0, .max_args = 0,
	  .complete = CMD_C_NONE, .fn = c_toggle,
	  .instant = 1 },
	{ .name = "reset", .script = 1, .usage = "reset",
	  .help = "restart at step 0 with the current parameters", .min_args = 0, .max_args = 0,
	  .complete = CMD_C_NONE, .fn = c_reset },
	{ .name = "set", .script = 1, .usage = "set NAME EXPR",
	  .help = "set a parameter to a Lua expression and reset", .min_args = 2, .max_args = 2,
	  .complete = CMD_C_PARAM, .fn = c_set },
	{ .name = "adjust", .usage = "adjust NAME +|-",
	  .help = "move a parameter one slider step (a choice: the next one) and reset",
	  .min_args = 2, .max_args = 2, .complete = CMD_C_PARAM, .fn = c_adjust },
	{ .name = "seed", .script = 1, .usage = "seed N", .help = "set the random seed and reset", .min_args = 1,
	  .max_args = 1, .complete = CMD_C_NONE, .fn = c_seed },
	{ .name = "dynamics", .script = 1, .usage = "dynamics [SPEC|next]",
	  .help = "show or switch the learning dynamic (keeps the history)", .min_args = 0,
	  .max_args = 1, .complete = CMD_C_DYNAMICS, .fn = c_dynamics },
	{ .name = "speed", .script = 1, .usage = "speed +|-|max|N", .help = "running speed in steps per second",
	  .min_args = 1, .max_args = 1, .complete = CMD_C_NONE, .fn = c_speed,
	  .instant = 1 },
	{ .name = "pane", .script = 1, .usage = "pane next|prev|N", .help = "focus another pane", .min_args = 0,
	  .max_args = 1, .complete = CMD_C_NONE, .fn = c_pane,
	  .instant = 1 },
	{ .name = "zoom", .script = 1, .usage = "zoom",
	  .help = "let the focused chart fill the chart area, or restore", .min_args = 0,
	  .max_args = 0, .complete = CMD_C_NONE, .fn = c_zoom,
	  .instant = 1 },
	{ .name = "log", .script = 1, .usage = "log", .help = "toggle a log y axis on the focused chart",
	  .min_args = 0, .max_args = 0, .complete = CMD_C_NONE, .fn = c_log,
	  .instant = 1 },
	{ .name = "view", .usage = "view window N | view recent | view all",
	  .help = "time charts: the last N steps, toggle recent/all, or every step",
	  .min_args = 1, .max_args = 1, .complete = CMD_C_VIEW, .fn = c_view, .instant = 1 },
	{ .name = "tol", .usage = "tol [X|off]",
	  .help = "convergence tolerance of the status line's notice (and of autostop)",
	  .min_args = 0, .max_args = 1, .complete = CMD_C_NONE, .fn = c_tol, .instant = 1 },
	{ .name = "autostop", .usage = "autostop [on|off]",
	  .help = "stop running when the runs converge (default on)", .min_args = 0,
	  .max_args = 1, .complete = CMD_C_NONE, .fn = c_autostop, .instant = 1 },
	{ .name = "export", .usage = "export FILE | export dist NAME FILE",
	  .help = "write the series (as `taton run`) or a distribution as CSV, atomically",
	  .min_args = 1,
	  .max_args = 1, .complete = CMD_C_FILE, .fn = c_export },
	{ .name = "load", .usage = "load SCENARIO",
	  .help = "load another scenario (a shipped name or a path)", .min_args = 1,
	  .max_args = 1, .complete = CMD_C_SCENARIO, .fn = c_load },
	{ .name = "describe", .script = 1, .usage = "describe", .help = "show the model's derived quantities",
	  .min_args = 0, .max_args = 0, .complete = CMD_C_NONE, .fn = c_describe },
	{ .name = "params", .script = 1, .usage = "params", .help = "list the parameters and their values",
	  .min_args = 0, .max_args = 0, .complete = CMD_C_NONE, .fn = c_params,
	  .instant = 1 },
	{ .name = "help", .script = 1, .usage = "help [keys|COMMAND]",
	  .help = "list commands, or show the key overlay", .min_args = 0, .max_args = 1,
	  .complete = CMD_C_NONE, .fn = c_help,
	  .instant = 1 },
	{ .name = "quit", .usage = "quit", .help = "leave", .min_args = 0, .max_args = 0,
	  .complete = CMD_C_NONE, .fn = c_quit,
	  .instant = 1 },
};
const int cmd_count = sizeof cmd_table / sizeof cmd_table[0];

/* "'export' cannot be run by scenario code ...; scenario code may run: step, run, ..." */
static int refuse_script(const struct cmd *c, struct err *e)
{
	err_set(e, "'%s' cannot be run by scenario code: it is the user's (it touches files or "
		"replaces or ends the session); scenario code may run:", c->name);
	if (!e)
		return -1;
	for (int i = 0, first = 1; i < cmd_count; i++) {
		if (!cmd_table[i].script)
			continue;
		size_t len = strlen(e->msg);
		snprintf(e->msg + len, sizeof e->msg - len, "%s %s", first ? "" : ",",
			 cmd_table[i].name);
		first = 0;
	}
	return -1;
}

const struct cmd *cmd_find(const char *name)
{
	for (int i = 0; i < cmd_count; i++)
		if (strcmp(cmd_table[i].name, name) == 0)
			return &cmd_table[i];
	return NULL;
}

static char *skip_space(char *p)
{
	while (*p && isspace((unsigned char)*p))
		p++;
	return p;
}

static int exec(struct session *s, const char *line, int script, struct err *e)
{
	char *buf = xstrdup(line);
	char *argv[MAX_ARGS + 1];
	int argc = 0;
	char *p = skip_space(buf);
	int rc = 0;
	if (!*p || *p == '#')
		goto out;
	/* the command word */
	argv[argc++] = p;
	while (*p && !isspace((unsigned char)*p))
		p++;
	if (*p)
		*p++ = '\0';
	const struct cmd *c = cmd_find(argv[0]);
	if (!c) {
		rc = err_set(e, "unknown command '%s'; try 'help'", argv[0]);
		goto out;
	}
	if (script && !c->script) {
		rc = refuse_script(c, e);
		goto out;
	}
	if (script && !s->nruns) { /* session_load_params: every command acts on runs */
		rc = err_set(e, "'%s' cannot run here: the scenario's runs are not built yet",
			     c->name);
		goto out;
	}
	while (*(p = skip_space(p)) && argc <= c->max_args) {
		argv[argc++] = p;
		if (argc == c->max_args + 1) { /* the last argument takes the rest */
			char *end = p + strlen(p);
			while (end > p && isspace((unsigned char)end[-1]))
				*--end = '\0';
			p = end;
			break;
		}
		while (*p && !isspace((unsigned char)*p))
			p++;
		if (*p)
			*p++ = '\0';
	}
	if (*skip_space(p) || argc - 1 < c->min_args) {
		rc = err_set(e, "usage: %s", c->usage);
		goto out;
	}
	argv[argc] = NULL;
	rc = c->fn(s, argc, argv, e);
out:
	free(buf);
	return rc;
}

int cmd_exec(struct session *s, const char *line, struct err *e)
{
	return exec(s, line, 0, e);
}

int cmd_exec_script(struct session *s, const char *line, struct err *e)
{
	return exec(s, line, 1, e);
}

/* ---- completion ------------------------------------------------------------------------ */

struct cands {
	char **v;
	size_t n, cap;
};

static void cand_add(struct cands *c, const char *prefix, const char *word)
{
	if (strncmp(word, prefix, strlen(prefix)) != 0)
		return;
	if (c->n + 2 > c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		c->v = xreallocarray(c->v, c->cap, sizeof *c->v);
	}
	c->v[c->n++] = xstrdup(word);
	c->v[c->n] = NULL;
}

static void complete_files(struct cands *c, const char *prefix)
{
	const char *slash = strrchr(prefix, '/');
	char *dir = slash ? xstrndup(prefix, (size_t)(slash - prefix) + 1) : xstrdup("");
	const char *base = slash ? slash + 1 : prefix;
	DIR *d = opendir(*dir ? dir : ".");
	if (d) {
		struct dirent *ent;
		while ((ent = readdir(d))) {
			if (ent->d_name[0] == '.' && base[0] != '.')
				continue;
			if (!strcmp(ent->d_name, ".") || !strcmp(ent->d_name, ".."))
				continue;
			char *full = xasprintf("%s%s%s", dir, ent->d_name,
					       ent->d_type == DT_DIR ? "/" : "");
			cand_add(c, prefix, full);
			free(full);
		}
		closedir(d);
	}
	free(dir);
}

/* "next", every belief rule with its default argument and, once the word has a comma,
 * every rule,schedule pair: all from learn's tables. */
static void complete_dynamics(struct cands *c, const char *prefix)
{
	cand_add(c, prefix, "next");
	for (size_t i = 0; i < learn_ndynamics; i++) {
		char rule[48];
		learn_dynamic_default(i, rule, sizeof rule);
		cand_add(c, prefix, rule);
		for (size_t j = 1; strchr(prefix, ',') && j < learn_nschedules; j++) {
			const struct learn_desc *d = &learn_schedules[j];
			char *t = d->arg == LEARN_ARG_NONE ? xasprintf("%s,%s", rule, d->name)
				: xasprintf("%s,%s:%g", rule, d->name, d->def);
			cand_add(c, prefix, t);
			free(t);
		}
	}
}

/* Shipped scenario names (scenarios/NAME.lua in the data directory), then paths. */
static void complete_scenarios(struct cands *c, const struct session *s, const char *prefix)
{
	char *dir = xasprintf("%s/scenarios", s->datadir ? s->datadir : ".");
	DIR *d = strchr(prefix, '/') ? NULL : opendir(dir);
	if (d) {
		struct dirent *ent;
		while ((ent = readdir(d))) {
			size_t n = strlen(ent->d_name);
			if (ent->d_name[0] == '.' || n <= 4 || strcmp(ent->d_name + n - 4, ".lua"))
				continue;
			char *name = xstrndup(ent->d_name, n - 4);
			cand_add(c, prefix, name);
			free(name);
		}
		closedir(d);
	}
	free(dir);
	if (*prefix && c->n == 0)
		complete_files(c, prefix);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **cmd_complete(const struct session *s, const char *line, int start, int end)
{
	struct cands c = {0};
	char *prefix = xstrndup(line + start, (size_t)(end - start));
	/* which word is being completed? count words before start */
	char *head = xstrndup(line, (size_t)start);
	char *words[3] = {0};
	int nw = 0;
	for (char *tok = strtok(head, " \t"); tok && nw < 3; tok = strtok(NULL, " \t"))
		words[nw++] = tok;
	if (nw == 0) {
		for (int i = 0; i < cmd_count; i++)
			cand_add(&c, prefix, cmd_table[i].name);
	} else if (nw == 1) {
		const struct cmd *cmd = cmd_find(words[0]);
		switch (cmd ? cmd->complete : CMD_C_NONE) {
		case CMD_C_PARAM:
			if (s->nruns > 0)
				for (size_t i = 0; i < s->runs[0]->params.n; i++)
					cand_add(&c, prefix, s->runs[0]->params.spec[i].name);
			break;
		case CMD_C_FILE:
			complete_files(&c, prefix);
			break;
		case CMD_C_DYNAMICS:
			complete_dynamics(&c, prefix);
			break;
		case CMD_C_SCENARIO:
			complete_scenarios(&c, s, prefix);
			break;
		case CMD_C_VIEW:
			cand_add(&c, prefix, "window");
			cand_add(&c, prefix, "recent");
			cand_add(&c, prefix, "all");
			break;
		default:
			if (cmd && !strcmp(cmd->name, "help")) {
				cand_add(&c, prefix, "keys");
				for (int i = 0; i < cmd_count; i++)
					cand_add(&c, prefix, cmd_table[i].name);
			} else if (cmd && !strcmp(cmd->name, "pane")) {
				cand_add(&c, prefix, "next");
				cand_add(&c, prefix, "prev");
			} else if (cmd && !strcmp(cmd->name, "speed")) {
				cand_add(&c, prefix, "max");
			} else if (cmd && !strcmp(cmd->name, "autostop")) {
				cand_add(&c, prefix, "on");
				cand_add(&c, prefix, "off");
			} else if (cmd && !strcmp(cmd->name, "tol")) {
				cand_add(&c, prefix, "off");
			}
			break;
		}
	}
	free(prefix);
	free(head);
	if (c.n > 1)
		qsort(c.v, c.n, sizeof *c.v, cmp_str);
	return c.v;
}
