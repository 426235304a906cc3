/* session: the state commands act on (see session.h). Owns the scenario and one sim per
 * variant; every change (set, seed, dynamics, load) goes through here so the TUI, batch mode
 * and Lua hooks behave the same. Every call into Lua made here runs inside the session's
 * guard (s->busy, s->stepping): scenario code reaches commands only through taton.command,
 * which runs the command table's safe subset (cmd_exec_script), and those that step,
 * restart or reload are refused while Lua runs, so the Lua state is never freed under it;
 * none runs while a model computation runs through a runner (it may be on another thread).
 * Changes that rebuild the runs (load, set, seed, reset) are transactions: the new runs are
 * built apart (a session_compute job on objects of its own) and replace the old ones only
 * when all were built, so an error or a cancelled rebuild leaves the session as it was.
 * Lua runs only on the caller's thread, outside the jobs, except inside a Lua game's own
 * functions (create, best responses), which a job may call. */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "cli/csv.h"
#include "src/cli/datadir.h" /* generated in the build tree: PKGDATADIR, TATON_SRCDIR ... */
#include "cli/sanitize.h"
#include "cli/session.h"
#include "core/xmalloc.h"

#define DEFAULT_SCENARIO "mfg_bank"

static int refuse_busy(const char *what, struct err *e)
{
	return err_set(e, "'%s' cannot be used while scenario code runs (a hook, a game "
		       "function, an expression)", what);
}

/* Lua is about to run for the session (engine: inside a step or a restart). */
static void enter(struct session *s, int engine)
{
	s->busy++;
	s->stepping += engine;
}

static void leave(struct session *s, int engine)
{
	s->busy--;
	s->stepping -= engine;
}

const double session_speeds[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 0};
const int session_nspeeds = sizeof session_speeds / sizeof session_speeds[0];

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static int has_data(const char *dir)
{
	char *s = xasprintf("%s/scenarios", dir), *l = xasprintf("%s/lua", dir);
	int ok = is_dir(s) && is_dir(l);
	free(s);
	free(l);
	return ok;
}

char *session_find_datadir(const char *argv0)
{
	const char *env = getenv("TATON_DATADIR");
	if (env && *env)
		return xstrdup(env);
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			/* a build tree: the program sits at the top of the tree next to scenarios/ */
			if (has_data(exe))
				return xstrdup(exe);
			/* an out-of-tree build: the program's directory holds config.status */
			char *cs = xasprintf("%s/config.status", exe);
			int build_tree = is_file(cs);
			free(cs);
			if (build_tree && has_data(TATON_SRCDIR))
				return xstrdup(TATON_SRCDIR);
			/* an installation, also one moved elsewhere: pkgdatadir beside bindir */
			if (*TATON_RELDATA) {
				char *rel = xasprintf("%s/%s", exe, TATON_RELDATA), real[PATH_MAX];
				int ok = has_data(rel) && realpath(rel, real);
				free(rel);
				if (ok)
					return xstrdup(real);
			}
		}
	}
	(void)argv0;
	return xstrdup(PKGDATADIR);
}

char *session_resolve(const char *datadir, const char *arg, struct err *e)
{
	if (!arg)
		arg = DEFAULT_SCENARIO;
	if (is_file(arg))
		return xstrdup(arg);
	if (!strchr(arg, '/')) {
		const char *ext = strlen(arg) > 4 && !strcmp(arg + strlen(arg) - 4, ".lua") ? "" : ".lua";
		char *p = xasprintf("%s/scenarios/%s%s", datadir, arg, ext);
		if (is_file(p))
			return p;
		free(p);
	}
	err_set(e, "cannot open scenario '%s': no such file, and no shipped scenario of that "
		   "name in %s/scenarios (see `taton list`)", arg, datadir);
	return NULL;
}

#define DEFAULT_SPEED 3 /* 10 steps/s */

void session_init(struct session *s, const char *datadir)
{
	memset(s, 0, sizeof *s);
	s->datadir = xstrdup(datadir);
	s->speed = DEFAULT_SPEED;
	s->tol = SESSION_TOL;
	s->autostop = 1;
	s->window = SESSION_WINDOW;
	s->conv_step = -1;
	for (int i = 0; i < SESSION_MAX_PANES; i++)
		s->logy[i] = -1;
}

int session_compute(struct session *s, const struct session_job *j, struct err *e)
{
	s->computing++;
	int rc = s->runner ? s->runner(s->runner_ctx, j, e) : j->fn(j->arg, e);
	s->computing--;
	return rc;
}

static void free_runs(struct sim **runs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sim_free(runs[i]);
	free(runs);
}

void session_fini(struct session *s)
{
	free(s->sched);
	free_runs(s->runs, s->nruns);
	lb_free(s->scn);
	free(s->scenario_arg);
	free(s->datadir);
	memset(s, 0, sizeof *s);
}

void session_printf(struct session *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *buf = xvasprintf(fmt, ap);
	va_end(ap);
	if (s->print)
		s->print(s->print_ctx, buf);
	else /* batch mode: messages never mix into CSV on stdout */
		fputs(buf, stderr);
	free(buf);
}

/* Creates one sim per variant of scn; NULL with e on error. */
static struct sim **start_runs(struct lb_scenario *scn, struct err *e)
{
	size_t n = lb_nvariants(scn);
	struct sim **runs = xcalloc(n ? n : 1, sizeof *runs);
	for (size_t i = 0; i < n; i++) {
		struct lb_variant *v = lb_variant(scn, i);
		struct learn_spec spec;
		int given = v->dynamics[0] != '\0';
		if ((given && learn_parse(v->dynamics, &spec, e) < 0) ||
		    !(runs[i] = sim_new(lb_ops(scn), &v->params, lb_seed(scn), given ? &spec : NULL,
					e))) {
			if (*v->label)
				err_prefix(e, "variant '%s'", v->label);
			free_runs(runs, i);
			return NULL;
		}
	}
	return runs;
}

static int hook_cmd(void *ctx, const char *line, struct err *e);

/* Lua's print: the front end's message line, or standard error naming the scenario
 * (stripped of terminal control sequences: the text is the scenario's). */
static void lua_print(void *ctx, const char *text)
{
	struct session *s = ctx;
	if (s->print) {
		session_printf(s, "%s\n", text);
		return;
	}
	sanitize_fputs(s->scn ? lb_path(s->scn) : "lua", 0, stderr);
	fputs(": ", stderr);
	sanitize_fputs(text, 1, stderr);
	fputc('\n', stderr);
}

static void derive_default_views(struct session *s);

/* After the runs (re)started: derive default views, then run the setup hooks. */
static int run_setup_hooks(struct session *s, struct err *e)
{
	int rc = 0;
	if (lb_nviews(s->scn) == 0)
		derive_default_views(s);
	enter(s, 0);
	for (size_t i = 0; i < s->nruns && rc == 0; i++)
		rc = lb_hook_setup(s->scn, s->runs[i], e);
	leave(s, 0);
	return rc;
}

int session_done(struct session *s, struct err *e)
{
	int rc = 0;
	enter(s, 0);
	for (size_t i = 0; i < s->nruns && rc == 0; i++)
		rc = lb_hook_done(s->scn, s->runs[i], e);
	leave(s, 0);
	return rc;
}

int session_load(struct session *s, const char *arg, struct err *e)
{
	if (s->busy)
		return refuse_busy("load", e);
	return session_load_with(s, arg, NULL, e);
}

static int apply_overrides(struct lb_scenario *scn, const struct session_overrides *o,
			   struct err *e)
{
	for (int i = 0; i < o->nsets; i++)
		if (lb_set(scn, o->set_names[i], o->set_exprs[i], e) < 0)
			return -1;
	if (o->seed)
		lb_set_seed(scn, *o->seed);
	if (o->dynamics) {
		struct learn_spec spec;
		if (learn_parse(o->dynamics, &spec, e) < 0)
			return -1;
		for (size_t i = 0; i < lb_nvariants(scn); i++)
			learn_format(&spec, lb_variant(scn, i)->dynamics,
				     sizeof lb_variant(scn, i)->dynamics);
	}
	return 0;
}

/* A scenario loaded (unless given) and its runs started, apart from the session. */
struct start_job {
	const char *path, *libdir;        /* to load, when scn is NULL */
	const struct session_overrides *o;
	struct lb_scenario *scn;          /* out (or given) */
	struct sim **runs;                /* out */
};

static int start_fn(void *arg, struct err *e)
{
	struct start_job *j = arg;
	if (!j->scn && !(j->scn = lb_load(j->path, j->libdir, e)))
		return -1;
	if (j->o && apply_overrides(j->scn, j->o, e) < 0)
		return -1;
	j->runs = start_runs(j->scn, e);
	return j->runs ? 0 : -1;
}

/* The speed level of the scenario's `speed` (steps per second, <= 0: as fast as possible),
 * the highest level not above it; the default without one. */
static int speed_level(const struct lb_scenario *scn)
{
	double v = lb_speed(scn);
	if (isnan(v))
		return DEFAULT_SPEED;
	if (v <= 0)
		return session_nspeeds - 1;
	int best = 0;
	for (int i = 0; i < session_nspeeds - 1; i++)
		if (session_speeds[i] <= v)
			best = i;
	return best;
}

static void apply_switches(struct session *s, long step);

/* Runs the job, then (on success) replaces the scenario and the runs with its result. */
static int start(struct session *s, struct start_job *j, struct err *e)
{
	if (s->busy) { /* the old scenario's Lua is running: it must not be freed */
		lb_free(j->scn);
		return refuse_busy("load", e);
	}
	struct session_job job = { .what = "loading the scenario and building its runs",
				   .fn = start_fn, .arg = j, .cancellable = 1 };
	enter(s, 1); /* --set expressions and a Lua game's create run */
	int rc = session_compute(s, &job, e);
	leave(s, 1);
	if (rc < 0) {
		lb_free(j->scn);
		return -1;
	}
	if (j->o && j->o->nswitches && j->runs[0]->model->dim == 0) { /* as --dynamics is */
		err_set(e, "model %s is a process, not a game: it has no learning dynamics",
			j->runs[0]->ops->name);
		free_runs(j->runs, lb_nvariants(j->scn));
		lb_free(j->scn);
		return -1;
	}
	free_runs(s->runs, s->nruns);
	lb_free(s->scn);
	s->scn = j->scn;
	s->runs = j->runs;
	s->nruns = lb_nvariants(j->scn);
	s->running = 0;
	s->focus = 0;
	s->zoom = 0;
	for (int i = 0; i < SESSION_MAX_PANES; i++)
		s->logy[i] = -1;
	s->speed = speed_level(j->scn);
	s->tol = isnan(lb_tol(j->scn)) ? SESSION_TOL : lb_tol(j->scn);
	s->conv_step = -1;
	s->conv_new = 0;
	free(s->sched);
	s->sched = NULL;
	s->nsched = 0;
	if (j->o && j->o->nswitches) {
		s->nsched = j->o->nswitches;
		s->sched = xmallocarray(s->nsched, sizeof *s->sched);
		memcpy(s->sched, j->o->switches, s->nsched * sizeof *s->sched);
	}
	s->dirty = 1;
	lb_set_command_handler(s->scn, hook_cmd, s);
	lb_set_print_handler(s->scn, lua_print, s);
	if (run_setup_hooks(s, e) < 0)
		return -1;
	apply_switches(s, 0);
	return 0;
}

int session_load_with(struct session *s, const char *arg, const struct session_overrides *o,
		      struct err *e)
{
	char *path = session_resolve(s->datadir, arg, e);
	if (!path)
		return -1;
	char *libdir = xasprintf("%s/lua", s->datadir);
	struct start_job j = { .path = path, .libdir = libdir, .o = o };
	int rc = start(s, &j, e);
	free(libdir);
	free(path);
	if (rc < 0)
		return -1;
	free(s->scenario_arg);
	s->scenario_arg = xstrdup(arg ? arg : DEFAULT_SCENARIO);
	return 0;
}

int session_load_params(struct session *s, const char *arg, const struct session_overrides *o,
			struct err *e)
{
	if (s->busy)
		return refuse_busy("load", e);
	char *path = session_resolve(s->datadir, arg, e);
	if (!path)
		return -1;
	char *libdir = xasprintf("%s/lua", s->datadir);
	enter(s, 1); /* --set expressions run */
	struct lb_scenario *scn = lb_load(path, libdir, e);
	int rc = scn && (!o || apply_overrides(scn, o, e) == 0) ? 0 : -1;
	leave(s, 1);
	free(libdir);
	free(path);
	if (rc < 0) {
		lb_free(scn);
		return -1;
	}
	free_runs(s->runs, s->nruns);
	lb_free(s->scn);
	s->runs = NULL;
	s->nruns = 0;
	s->scn = scn;
	lb_set_command_handler(s->scn, hook_cmd, s);
	lb_set_print_handler(s->scn, lua_print, s);
	free(s->scenario_arg);
	s->scenario_arg = xstrdup(arg ? arg : DEFAULT_SCENARIO);
	return 0;
}

int session_start(struct session *s, struct lb_scenario *scn, const struct session_overrides *o,
		  struct err *e)
{
	struct start_job j = { .o = o, .scn = scn };
	return start(s, &j, e);
}

/* taton.command: scenario code runs the command table's safe subset only. */
static int hook_cmd(void *ctx, const char *line, struct err *e)
{
	struct session *s = ctx;
	if (s->computing && s->runner) /* a Lua game's function inside a job */
		return err_set(e, "taton.command cannot run inside a game's functions in the "
			       "explorer (the model may be computing on another thread)");
	return cmd_exec_script(ctx, line, e);
}

/* New runs like the old ones (model class, current dynamic) from copies of the variants'
 * parameters and a seed, built apart from the session. */
struct rebuild_job {
	size_t n;
	const struct model_ops *ops;
	struct params *params;     /* n copies (owned) */
	struct learn_spec *spec;   /* n (NULL entries' kind LEARN_NONE: a process) */
	uint64_t seed;
	struct sim **out;          /* n (owned until taken) */
};

static int rebuild_fn(void *arg, struct err *e)
{
	struct rebuild_job *j = arg;
	for (size_t i = 0; i < j->n; i++) {
		const struct learn_spec *sp = j->spec[i].kind == LEARN_NONE ? NULL : &j->spec[i];
		if (!(j->out[i] = sim_new(j->ops, &j->params[i], j->seed, sp, e)))
			return -1;
	}
	return 0;
}

/* Rebuilds every run at step 0 with the variants' parameters and seed (NULL: the runs'
 * own); the old runs stay on error or when cancelled. */
static int rebuild(struct session *s, const uint64_t *seed, struct err *e)
{
	size_t n = s->nruns;
	struct rebuild_job j = {
		.n = n,
		.ops = n ? s->runs[0]->ops : NULL,
		.params = xcalloc(n ? n : 1, sizeof *j.params),
		.spec = xcalloc(n ? n : 1, sizeof *j.spec),
		.seed = seed ? *seed : n ? s->runs[0]->seed : 0,
		.out = xcalloc(n ? n : 1, sizeof *j.out),
	};
	for (size_t i = 0; i < n; i++) {
		params_copy(&j.params[i], &lb_variant(s->scn, i)->params);
		j.spec[i] = s->runs[i]->spec;
	}
	struct session_job job = { .what = "building the model", .fn = rebuild_fn, .arg = &j,
				   .cancellable = 1 };
	enter(s, 1); /* a Lua game's create runs */
	int rc = session_compute(s, &job, e);
	leave(s, 1);
	if (rc == 0) {
		free_runs(s->runs, n);
		s->runs = j.out;
		s->conv_step = -1;
		s->conv_new = 0;
		s->dirty = 1;
	} else {
		free_runs(j.out, n);
	}
	for (size_t i = 0; i < n; i++)
		params_fini(&j.params[i]);
	free(j.params);
	free(j.spec);
	return rc;
}

int session_reset(struct session *s, struct err *e)
{
	if (s->busy)
		return refuse_busy("reset", e);
	if (rebuild(s, NULL, e) < 0)
		return -1;
	return run_setup_hooks(s, e);
}

/* One run's step: the model's part (advance, learning step, observer). */
static int step_fn(void *arg, struct err *e)
{
	return sim_step(arg, e);
}

/* The convergence streak after a step: every run's measure below tol. */
static void update_convergence(struct session *s)
{
	int all = s->nruns > 0 && s->tol > 0;
	for (size_t i = 0; i < s->nruns && all; i++)
		if (!(sim_convergence(s->runs[i]) < s->tol))
			all = 0;
	if (!all)
		s->conv_step = -1;
	else if (s->conv_step < 0) {
		s->conv_step = sim_n(s->runs[0]);
		s->conv_new = 1;
	}
}

/* Switches scheduled for `step` (the last one at a step wins, as switches do). */
static void apply_switches(struct session *s, long step)
{
	for (size_t i = 0; i < s->nsched; i++) {
		struct err ignore;
		if (s->sched[i].step == step)
			session_set_dynamics(s, s->sched[i].spec, &ignore);
	}
}

int session_step(struct session *s, struct err *e)
{
	if (s->busy)
		return refuse_busy("step", e);
	int rc = 0;
	for (size_t i = 0; i < s->nruns && rc == 0; i++) {
		struct session_job job = { .what = "a step", .fn = step_fn, .arg = s->runs[i],
					   .key = s->runs[i], .lends_runs = 1 };
		enter(s, 1);
		rc = session_compute(s, &job, e);
		leave(s, 1);
		enter(s, 0);
		if (rc == 0)
			rc = lb_hook_step(s->scn, s->runs[i], e);
		leave(s, 0);
	}
	if (rc < 0)
		return -1;
	update_convergence(s);
	if (s->nsched && s->nruns)
		apply_switches(s, sim_n(s->runs[0]));
	s->dirty = 1;
	return 0;
}

int session_set_param(struct session *s, const char *name, const char *expr, struct err *e)
{
	if (s->busy)
		return refuse_busy("set", e);
	enter(s, 0);
	int rc = lb_set(s->scn, name, expr, e);
	leave(s, 0);
	return rc;
}

int session_set(struct session *s, const char *name, const char *expr, struct err *e)
{
	if (s->busy)
		return refuse_busy("set", e);
	size_t n = s->nruns;
	struct params *saved = xcalloc(n, sizeof *saved);
	for (size_t i = 0; i < n; i++)
		params_copy(&saved[i], &lb_variant(s->scn, i)->params);
	int rc = session_set_param(s, name, expr, e);
	if (rc == 0 && rebuild(s, NULL, e) < 0) {
		/* the model refused the combination, or the rebuild was cancelled: the old
		 * value goes back (the old runs were kept) */
		for (size_t i = 0; i < n; i++) {
			struct params *p = &lb_variant(s->scn, i)->params;
			params_fini(p);
			params_copy(p, &saved[i]);
		}
		rc = -1;
	}
	for (size_t i = 0; i < n; i++)
		params_fini(&saved[i]);
	free(saved);
	s->dirty = 1;
	if (rc == 0)
		rc = run_setup_hooks(s, e);
	return rc;
}

int session_set_seed(struct session *s, uint64_t seed, struct err *e)
{
	if (s->busy)
		return refuse_busy("seed", e);
	uint64_t old = lb_seed(s->scn);
	lb_set_seed(s->scn, seed);
	if (rebuild(s, &seed, e) < 0) {
		lb_set_seed(s->scn, old);
		return -1;
	}
	s->dirty = 1;
	return 0;
}

double session_slider_step(const struct session *s, const struct param_spec *sp)
{
	double v = s->scn ? lb_slider_step(s->scn, sp->name) : 0;
	return v > 0 ? v : param_spec_step(sp);
}

/* The next or previous of the choices "a|b|c" from `cur`, into out (quoted). */
static void slide_choice(const char *choices, const char *cur, int dir, char *out, size_t size)
{
	int n = 1, at = -1;
	for (const char *c = choices; *c; c++)
		n += *c == '|';
	const char *p = choices;
	for (int i = 0; i < n; i++) {
		size_t len = strcspn(p, "|");
		if (cur && strlen(cur) == len && strncmp(p, cur, len) == 0)
			at = i;
		p += len + (p[len] == '|');
	}
	int next = at < 0 ? 0 : (at + (dir > 0 ? 1 : n - 1)) % n;
	p = choices;
	for (int i = 0; i < next; i++)
		p += strcspn(p, "|") + 1;
	snprintf(out, size, "\"%.*s\"", (int)strcspn(p, "|"), p);
}

int session_slide(const struct session *s, const char *name, int dir, const char *from,
		  char *out, size_t size, struct err *e)
{
	if (!s->nruns)
		return err_set(e, "no scenario");
	const struct params *p = &s->runs[0]->params;
	int idx = params_lookup(p, name, e);
	if (idx < 0)
		return -1;
	const struct param_spec *sp = &p->spec[idx];
	char *cur = from ? xstrdup(from) : params_format_value(p, idx);
	int rc = 0;
	if (sp->type == PARAM_ENUM) {
		slide_choice(sp->choices ? sp->choices : "", cur, dir, out, size);
	} else if (sp->type == PARAM_BOOL) {
		snprintf(out, size, "%d", strtod(cur, NULL) != 0 ? 0 : 1);
	} else if (sp->type == PARAM_REAL || sp->type == PARAM_INT) {
		double v, step = session_slider_step(s, sp);
		rc = param_step_value(sp, strtod(cur, NULL), step, dir, &v);
		param_fmt_double(out, size, v);
		if (rc == 1) {
			char *range = param_spec_range(sp);
			err_set(e, "%s = %s is at its %s (allowed %s)", name, cur,
				dir > 0 ? "maximum" : "minimum", range);
			free(range);
		}
	} else {
		rc = err_set(e, "'%s' is a list or a table: edit it (enter, or :set %s ...)", name,
			     name);
	}
	free(cur);
	return rc;
}

/* Switches every run to spec; on error (a process, a kperiod window too large) the runs
 * already switched go back. Refused while the engine runs a step (a game function would
 * see its history change under it). */
static int switch_dynamics(struct session *s, const struct learn_spec *spec, struct err *e)
{
	if (s->stepping)
		return err_set(e, "'dynamics' cannot be used while a step runs (only from a hook)");
	for (size_t i = 0; i < s->nruns; i++) {
		struct learn_spec old = s->runs[i]->spec;
		if (sim_set_dynamics(s->runs[i], spec, e) < 0) {
			while (i-- > 0)
				sim_set_dynamics(s->runs[i], &old, NULL);
			return -1;
		}
	}
	s->dirty = 1;
	return 0;
}

int session_set_dynamics(struct session *s, const char *text, struct err *e)
{
	struct learn_spec spec;
	if (learn_parse(text, &spec, e) < 0)
		return -1;
	return switch_dynamics(s, &spec, e);
}

int session_next_dynamics(struct session *s, struct err *e)
{
	const struct learn_spec *cur = &s->runs[0]->spec;
	size_t at = 0;
	for (size_t i = 0; i < learn_ndynamics; i++)
		if (learn_dynamics[i].id == (int)cur->kind)
			at = i;
	char text[64];
	struct learn_spec next;
	learn_dynamic_default((at + 1) % learn_ndynamics, text, sizeof text);
	learn_parse(text, &next, NULL);
	next.sched = cur->sched;
	next.p = cur->p;
	return switch_dynamics(s, &next, e);
}

static void write_export(FILE *f, void *ctx) { csv_write_run(f, ctx, 1); }

/* In the explorer, standard output (or the terminal under another name) is the screen. */
static int refuse_screen(const struct session *s, const char *path, struct err *e)
{
	if (!s->interactive)
		return 0;
	struct stat a, b;
	if (strcmp(path, "-") == 0 || (stat(path, &a) == 0 && fstat(STDOUT_FILENO, &b) == 0 &&
				       a.st_dev == b.st_dev && a.st_ino == b.st_ino))
		return err_set(e, "export: '%s' is the explorer's screen; give a file name", path);
	return 0;
}

int session_export(struct session *s, const char *path, struct err *e)
{
	if (refuse_screen(s, path, e) < 0)
		return -1;
	return csv_atomic_write(path, write_export, s, e);
}

struct dists_out {
	const struct session *s;
	struct dist *d; /* n * nruns, run-major within a name */
	size_t n;
	const char *const *names;
	size_t made;    /* d[0 .. made) to free */
};

static int dists_fn(void *arg, struct err *e)
{
	struct dists_out *x = arg;
	int rc = 0;
	for (; x->made < x->n * x->s->nruns && rc == 0; x->made++)
		rc = sim_dist(x->s->runs[x->made % x->s->nruns], x->names[x->made / x->s->nruns],
			      &x->d[x->made], e);
	return rc;
}

static void write_dists(FILE *f, void *ctx)
{
	struct dists_out *x = ctx;
	csv_write_meta(f, x->s);
	for (size_t k = 0; k < x->n * x->s->nruns; k++) {
		fputs("\n\n", f);
		if (x->s->nruns > 1)
			fprintf(f, "# variant: %s\n", lb_variant(x->s->scn, k % x->s->nruns)->label);
		csv_write_dist(f, &x->d[k]);
	}
}

static int check_dist_name(const struct model_ops *ops, const char *name, struct err *e)
{
	for (size_t i = 0; i < ops->ndists; i++)
		if (!strcmp(ops->dists[i].name, name))
			return 0;
	err_set(e, "unknown distribution '%s' of model %s; known:", name, ops->name);
	for (size_t i = 0; i < ops->ndists; i++) {
		size_t len = strlen(e->msg);
		snprintf(e->msg + len, sizeof e->msg - len, "%s %s", i ? "," : "", ops->dists[i].name);
	}
	if (!ops->ndists)
		strncat(e->msg, " none", sizeof e->msg - strlen(e->msg) - 1);
	return -1;
}

int session_check_dists(const struct session *s, const char *const *names, size_t n,
			struct err *e)
{
	for (size_t k = 0; k < n; k++)
		if (check_dist_name(s->runs[0]->ops, names[k], e) < 0)
			return -1;
	return 0;
}

int session_export_dists(struct session *s, const char *const *names, size_t n,
			 const char *path, struct err *e)
{
	if (session_check_dists(s, names, n, e) < 0 || refuse_screen(s, path, e) < 0)
		return -1;
	struct dists_out x = { s, xcalloc(n * s->nruns + 1, sizeof *x.d), n, names, 0 };
	struct session_job job = { .what = "computing the distributions", .fn = dists_fn,
				   .arg = &x, .cancellable = 1 };
	int rc = session_compute(s, &job, e);
	if (rc == 0)
		rc = csv_atomic_write(path, write_dists, &x, e);
	for (size_t k = 0; k < x.made; k++)
		dist_fini(&x.d[k]);
	free(x.d);
	return rc;
}

/* Default views when the scenario names none: the convergence measure on a log axis, the
 * model's own series, and its first distributions. */
static void derive_default_views(struct session *s)
{
	struct view_spec *default_views = s->dviews;
	const struct sim *sim = s->runs[0];
	const struct model_ops *ops = sim->ops;
	size_t n = 0;
	memset(s->dviews, 0, sizeof s->dviews);
	struct view_spec *v = &default_views[n++];
	v->kind = VIEW_SERIES;
	v->logy = 1;
	const char *conv = sim_convergence_name(sim);
	snprintf(v->series[v->nseries++], sizeof v->series[0], "%s", conv);
	if (sim->model->equilibrium && strcmp(conv, "dist_ne") != 0)
		snprintf(v->series[v->nseries++], sizeof v->series[0], "dist_ne");
	snprintf(v->title, sizeof v->title, "Convergence");
	if (ops->nseries > 0) {
		v = &default_views[n++];
		v->kind = VIEW_SERIES;
		v->logy = -1;
		snprintf(v->title, sizeof v->title, "%s", ops->name);
		for (size_t i = 0; i < ops->nseries && v->nseries < 4; i++)
			snprintf(v->series[v->nseries++], sizeof v->series[0], "%s",
				 ops->series[i].name);
	}
	/* the first two distributions that exist in this configuration (e.g. the agents'
	 * budgets only exist when there are agents) */
	int ndist = 0;
	for (size_t i = 0; i < ops->ndists && ndist < 2; i++) {
		struct dist d;
		struct err e;
		memset(&d, 0, sizeof d);
		int ok = sim_dist((struct sim *)sim, ops->dists[i].name, &d, &e) == 0;
		dist_fini(&d);
		if (!ok)
			continue;
		v = &default_views[n++];
		v->kind = VIEW_DIST;
		v->logy = -1;
		snprintf(v->dist, sizeof v->dist, "%s", ops->dists[i].name);
		snprintf(v->title, sizeof v->title, "%s", ops->dists[i].help);
		ndist++;
	}
	s->ndviews = n;
}

size_t session_nviews(const struct session *s)
{
	if (!s->scn)
		return 0; /* before the first scenario has loaded */
	size_t n = lb_nviews(s->scn);
	if (n > 0)
		return n < SESSION_MAX_PANES ? n : SESSION_MAX_PANES;
	return s->ndviews;
}

const struct view_spec *session_view(const struct session *s, size_t i)
{
	if (lb_nviews(s->scn) > 0)
		return lb_view(s->scn, i);
	return i < s->ndviews ? &s->dviews[i] : NULL;
}

static int series_prefers_log(const struct session *s, const char *name)
{
	if (!strcmp(name, "step_change") || !strcmp(name, "dist_ne"))
		return 1;
	if (!s->nruns)
		return 0;
	size_t n;
	const struct model_series_desc *own = model_series(s->runs[0]->model, &n);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(own[i].name, name))
			return (own[i].flags & SERIES_F_LOGY) != 0;
	return 0;
}

int session_view_logy(const struct session *s, int pane, const struct view_spec *v)
{
	if (pane >= 0 && pane < SESSION_MAX_PANES && s->logy[pane] >= 0)
		return s->logy[pane] != 0;
	if (v->logy >= 0)
		return v->logy != 0;
	if (v->kind != VIEW_SERIES || v->nseries == 0)
		return 0;
	for (int i = 0; i < v->nseries; i++)
		if (!series_prefers_log(s, v->series[i]))
			return 0;
	return 1;
}
