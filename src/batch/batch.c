/* batch: headless runs, sweeps, listing and describing (see batch.h).
 * `run` steps a session and writes the CSV of csv.h. `sweep` expands --vary options into the
 * cartesian product of runs times repetitions; repetition r > 0 uses the seed
 * rng_derive_seed(base, r) (repetition 0 the base seed itself, so a one-repetition sweep
 * reproduces `taton run`). With --jobs J, J worker processes take the runs one at a time as
 * they become free and pass each run's block to this process, which writes them in run
 * order (jobs.c), so the output is byte-identical whatever J is. Before the workers start,
 * the scenario is loaded once without a model, to check the names and every varied value
 * (building a model is a run's work, not serial work); a run that fails is named in its
 * error ("run 2 (b0_min=6): ..."), said once by this process. Each run sets its varied
 * parameters (vary.c) first, then the --set options. The sweep's header lines define it (and
 * carry the warnings of runs that did not converge). `--list` prints one `taton run ...
 * --sweep-run I` command per run for an external job runner; each writes the header lines
 * and its run's block, which `taton merge` (merge.c) joins into the sweep's bytes.
 * `describe` steps first when asked (--steps, --tol) and says which state it describes.
 * SIGINT, SIGTERM and SIGHUP end run and sweep at once, as by default, after removing the
 * output's temporary file and ending the sweep's workers. Error messages are stripped of
 * terminal control sequences: they may quote a scenario. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <signal.h>
#include <unistd.h>

#include "config.h"
#include "batch/batch.h"
#include "batch/jobs.h"
#include "batch/plot.h"
#include "batch/vary.h"
#include "cli/csv.h"
#include "cli/sanitize.h"
#include "cli/session.h"
#include "core/model.h"
#include "core/rng.h"
#include "core/xmalloc.h"

#define MAX_SETS 256
#define MAX_SWITCHES 256
#define MAX_VARY 16
#define MAX_DISTS 16
#define MAX_RUNS 1000000
#define DEFAULT_STEPS 100

static int fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	fputs("taton: ", stderr);
	sanitize_fputs(msg, 1, stderr);
	fputc('\n', stderr);
	free(msg);
	return code;
}

/* A message whose first line says what failed (a Lua traceback may follow). */
static int fail_err(int code, const struct err *e)
{
	return fail(code, "%s", e->msg);
}

/* SIGINT, SIGTERM, SIGHUP in run and sweep: remove the output's temporary file, pass the
 * signal on to the sweep's workers, and end as the signal would have. */
static void on_signal(int sig)
{
	csv_signal_cleanup();
	jobs_kill(sig);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		struct sigaction old;
		/* a signal ignored by whoever started us (nohup, a background job) stays so */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

struct run_opts {
	long steps;
	double tol;      /* NaN = none */
	const char *tol_text; /* --tol as typed (NULL = none), for --list and header lines */
	long every;
	int have_seed;
	uint64_t seed;
	const char *dynamics;
	const char *csv;
	int plot;
	int nsets;
	char *set_names[MAX_SETS], *set_exprs[MAX_SETS];
	int ndists;
	const char *dists[MAX_DISTS]; /* --dist NAME: write these instead of the series */
	size_t nswitches;             /* --switch STEP:SPEC (an export's "# switch:" lines) */
	struct session_switch switches[MAX_SWITCHES];
};

/* --switch STEP:SPEC: the dynamic SPEC drives the steps after STEP. */
static int add_switch(struct run_opts *o, const char *arg)
{
	char *end;
	struct learn_spec spec;
	struct err e = {{0}};
	errno = 0;
	long step = strtol(arg, &end, 10);
	if (end == arg || *end != ':' || errno || step < 0 || step > 1000000000L)
		return fail(2, "bad --switch '%s': expected STEP:SPEC with STEP an integer in [0, "
			    "1000000000] (e.g. --switch 12:fictitious)", arg);
	if (learn_parse(end + 1, &spec, &e) < 0)
		return fail(2, "bad --switch '%s': %s", arg, e.msg);
	if (o->nswitches == MAX_SWITCHES)
		return fail(2, "too many --switch options (at most %d)", MAX_SWITCHES);
	struct session_switch *w = &o->switches[o->nswitches++];
	w->step = step;
	learn_format(&spec, w->spec, sizeof w->spec);
	return 0;
}

static int parse_u64(const char *text, uint64_t *out)
{
	char *end;
	errno = 0;
	if (!*text || *text == '-')
		return -1;
	unsigned long long v = strtoull(text, &end, 10);
	if (*end || errno)
		return -1;
	*out = v;
	return 0;
}

static int parse_steps(const char *opt, const char *text, long lo, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(text, &end, 10);
	if (end == text || *end || errno || v < lo || v > 1000000000L)
		return fail(2, "bad %s '%s': allowed an integer in [%ld, 1000000000]", opt, text,
			    lo);
	*out = v;
	return 0;
}

static int add_set(struct run_opts *o, const char *arg)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg)
		return fail(2, "bad --set '%s': expected NAME=EXPR (e.g. --set k=7.5)", arg);
	if (o->nsets == MAX_SETS)
		return fail(2, "too many --set options (at most %d)", MAX_SETS);
	o->set_names[o->nsets] = xstrndup(arg, (size_t)(eq - arg));
	o->set_exprs[o->nsets] = xstrdup(eq + 1);
	o->nsets++;
	return 0;
}

static void free_sets(struct run_opts *o)
{
	for (int i = 0; i < o->nsets; i++) {
		free(o->set_names[i]);
		free(o->set_exprs[i]);
	}
	o->nsets = 0;
}

/* Options shared by run and sweep; returns 0, or an exit status. */
static int common_opt(struct run_opts *o, int c, const char *arg)
{
	char *end;
	switch (c) {
	case 's':
		return parse_steps("--steps", arg, 0, &o->steps) ? 2 : 0;
	case 't':
		o->tol = strtod(arg, &end);
		if (end == arg || *end || !(o->tol > 0))
			return fail(2, "bad --tol '%s': allowed a number > 0", arg);
		o->tol_text = arg;
		return 0;
	case 'S':
		if (parse_u64(arg, &o->seed) < 0)
			return fail(2, "bad --seed '%s': allowed an integer in [0, %" PRIu64 "]",
				    arg, UINT64_MAX);
		o->have_seed = 1;
		return 0;
	case 'e':
		return add_set(o, arg);
	case 'd':
		o->dynamics = arg;
		return 0;
	case 'w':
		return add_switch(o, arg);
	case 'c':
		o->csv = arg;
		return 0;
	case 'k':
		return parse_steps("--every", arg, 1, &o->every) ? 2 : 0;
	}
	return 2;
}

static int load(struct session *s, const char *scenario, struct run_opts *o, struct err *e)
{
	struct session_overrides ov = {
		.nsets = o->nsets,
		.set_names = o->set_names,
		.set_exprs = o->set_exprs,
		.seed = o->have_seed ? &o->seed : NULL,
		.dynamics = o->dynamics,
		.nswitches = o->nswitches,
		.switches = o->switches,
	};
	return session_load_with(s, scenario, &ov, e);
}

static int converged(const struct session *s, double tol)
{
	if (isnan(tol))
		return 0;
	for (size_t i = 0; i < s->nruns; i++) {
		double c = sim_convergence(s->runs[i]);
		if (!(c < tol))
			return 0;
	}
	return 1;
}

/* Steps until --steps or --tol, then runs the done hooks; 0, or -1 with e. Run `task` of a
 * sweep (-1: none) gives up, returning -2, once an earlier run has failed: its rows would
 * not be written, and the sweep ends sooner. */
static int advance_e(struct session *s, const struct run_opts *o, long task, struct err *e)
{
	for (long i = 0; i < o->steps; i++) {
		if (task >= 0 && jobs_abandoned(task))
			return -2;
		if (session_step(s, e) < 0)
			return -1;
		if (converged(s, o->tol))
			break;
	}
	return session_done(s, e);
}

/* As advance_e; 0 or 1 (runtime error, printed). */
static int advance(struct session *s, const struct run_opts *o)
{
	struct err e = {{0}};
	return advance_e(s, o, -1, &e) < 0 ? fail_err(1, &e) : 0;
}

static void run_usage(FILE *f)
{
	fputs("usage: taton run SCENARIO [--steps N] [--tol X] [--seed S] [--set NAME=EXPR]...\n"
	      "                 [--dynamics SPEC] [--switch STEP:SPEC]... [--every K]\n"
	      "                 [--csv FILE|-] [--plot] [--ascii] [--dist NAME]...\n"
	      "       taton run SCENARIO SWEEP-OPTIONS [--vary ...]... [--reps R] --sweep-run I\n"
	      "                 (run I of a sweep, as `taton sweep ... --list` prints it)\n",
	      f);
}

/* Whether the CSV destination is standard output ("-", /dev/stdout, the file it points
 * to). */
static int is_stdout(const char *csv)
{
	struct stat a, b;
	if (strcmp(csv, "-") == 0)
		return 1;
	return stat(csv, &a) == 0 && fstat(STDOUT_FILENO, &b) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}

/* Reports each run's first unconverged solve on standard error. */
static void run_warn_stderr(const struct session *s)
{
	for (size_t i = 0; i < s->nruns; i++) {
		const char *w = sim_warning(s->runs[i]);
		if (!w)
			continue;
		if (s->nruns > 1)
			fprintf(stderr, "taton: warning: %s: %s\n", lb_variant(s->scn, i)->label, w);
		else
			fprintf(stderr, "taton: warning: %s\n", w);
	}
}

/* The sweep options `taton run` accepts with --sweep-run (see below). */
struct sweep_args {
	int nvary;
	const char *vary[MAX_VARY];
	long reps;  /* 0: not given */
	long index; /* --sweep-run I, 0: not given */
};
static int run_in_sweep(const char *datadir, const char *scenario, struct run_opts *o,
			const struct sweep_args *a);

struct export_ctx {
	const struct session *s;
	long every;
};

static void write_rows(FILE *f, void *ctx)
{
	struct export_ctx *x = ctx;
	csv_write_run(f, x->s, x->every);
}

int batch_run(const char *datadir, int argc, char **argv)
{
	static const struct option lo[] = {
		{"steps", required_argument, 0, 's'}, {"tol", required_argument, 0, 't'},
		{"seed", required_argument, 0, 'S'},  {"set", required_argument, 0, 'e'},
		{"dynamics", required_argument, 0, 'd'}, {"csv", required_argument, 0, 'c'},
		{"every", required_argument, 0, 'k'}, {"plot", no_argument, 0, 'p'},
		{"ascii", no_argument, 0, 'a'},       {"help", no_argument, 0, 'h'},
		{"dist", required_argument, 0, 'D'},  {"switch", required_argument, 0, 'w'},
		{"vary", required_argument, 0, 'v'},  {"reps", required_argument, 0, 'r'},
		{"sweep-run", required_argument, 0, 'I'},
		{0, 0, 0, 0},
	};
	struct run_opts o = {.steps = DEFAULT_STEPS, .tol = NAN, .every = 1, .csv = "-"};
	struct sweep_args sw = {0};
	int ascii = 0, c, rc = 0;
	optind = 0;
	opterr = 0;
	while (rc == 0 && (c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (c == 'h') {
			run_usage(stdout);
			free_sets(&o);
			return 0;
		} else if (c == 'p') {
			o.plot = 1;
		} else if (c == 'a') {
			ascii = 1;
		} else if (c == 'D') {
			if (o.ndists == MAX_DISTS)
				rc = fail(2, "too many --dist options (at most %d)", MAX_DISTS);
			else
				o.dists[o.ndists++] = optarg;
		} else if (c == 'v') {
			if (sw.nvary == MAX_VARY)
				rc = fail(2, "too many --vary options (at most %d)", MAX_VARY);
			else
				sw.vary[sw.nvary++] = optarg;
		} else if (c == 'r') {
			rc = parse_steps("--reps", optarg, 1, &sw.reps) ? 2 : 0;
		} else if (c == 'I') {
			rc = parse_steps("--sweep-run", optarg, 1, &sw.index) ? 2 : 0;
		} else if (c == '?' || c == ':') {
			rc = fail(2, "run: bad option '%s' (see taton run --help)", argv[optind - 1]);
		} else {
			rc = common_opt(&o, c, optarg);
		}
	}
	if (rc == 0 && optind != argc - 1)
		rc = fail(2, "run: expected one SCENARIO argument (see taton run --help)");
	if (rc == 0 && (sw.nvary || sw.reps || sw.index)) {
		if (!sw.index)
			rc = fail(2, "run: --vary and --reps belong to a sweep: add --sweep-run I to "
				     "run its run I, or use taton sweep");
		else if (o.plot || o.ndists)
			rc = fail(2, "run: --sweep-run writes the sweep's CSV rows; --plot and --dist "
				     "do not apply");
		else
			return run_in_sweep(datadir, argv[optind], &o, &sw); /* takes o's sets */
	}
	if (rc) {
		free_sets(&o);
		return rc;
	}
	struct session s;
	struct err e = {{0}};
	catch_signals();
	session_init(&s, datadir);
	if (load(&s, argv[optind], &o, &e) < 0) {
		rc = fail_err(2, &e);
	} else if (session_check_dists(&s, o.dists, (size_t)o.ndists, &e) < 0) {
		rc = fail_err(2, &e); /* unknown names, before any step runs */
	} else if ((rc = advance(&s, &o)) == 0) {
		struct export_ctx x = {&s, o.every};
		if (o.ndists) {
			if (session_export_dists(&s, o.dists, (size_t)o.ndists, o.csv, &e) < 0)
				rc = fail_err(1, &e);
		} else if (csv_atomic_write(o.csv, write_rows, &x, &e) < 0) {
			rc = fail_err(1, &e);
		}
		run_warn_stderr(&s);
		/* charts never mix into CSV on standard output: they go to standard error then */
		if (rc == 0 && o.plot)
			batch_plot(is_stdout(o.csv) ? stderr : stdout, &s, ascii);
	}
	session_fini(&s);
	free_sets(&o);
	return rc;
}

/* ---- sweep ----------------------------------------------------------------------------- */

/* A bare word given for an enum parameter (is_enum) becomes a Lua string. */
static char *vary_expr(int is_enum, const char *val)
{
	if (is_enum && val[0] != '"' && val[0] != '\'' && val[0] != '{')
		return xasprintf("\"%s\"", val);
	return xstrdup(val);
}

struct sweep {
	const char *scenario;
	struct run_opts base;
	int nvary;
	struct vary vary[MAX_VARY];
	char *is_enum[MAX_VARY]; /* per name of vary[k]: an enum parameter (owned) */
	long reps;
	long nruns;      /* combinations * reps */
	long ncomb;
};

static void sweep_fini(struct sweep *w)
{
	for (int k = 0; k < w->nvary; k++) {
		vary_fini(&w->vary[k]);
		free(w->is_enum[k]);
		w->is_enum[k] = NULL;
	}
	w->nvary = 0;
	free_sets(&w->base);
}

/* Adds a --vary option; 0 or an exit status. */
static int sweep_add_vary(struct sweep *w, const char *arg)
{
	struct err e = {{0}};
	if (w->nvary == MAX_VARY)
		return fail(2, "too many --vary options (at most %d)", MAX_VARY);
	if (vary_parse(arg, MAX_RUNS, &w->vary[w->nvary], &e) < 0)
		return fail_err(2, &e);
	w->nvary++;
	return 0;
}

/* Value tuple of vary k in combination `comb` (the last --vary changes fastest). */
static int comb_index(const struct sweep *w, long comb, int k)
{
	long div = 1;
	for (int j = w->nvary - 1; j > k; j--)
		div *= w->vary[j].nvals;
	return (int)((comb / div) % w->vary[k].nvals);
}

static uint64_t rep_seed(const struct sweep *w, long rep)
{
	return rep == 0 ? w->base.seed : rng_derive_seed(w->base.seed, (uint64_t)rep);
}

/* Builds the run options of run i (caller frees its sets): the varied parameters first,
 * then the --set options in order, so `--set 'b0_max=b0_min+5'` sees the run's b0_min. */
static void run_options(const struct sweep *w, long i, struct run_opts *o)
{
	long comb = i / w->reps, rep = i % w->reps;
	*o = w->base;
	o->nsets = 0;
	for (int k = 0; k < w->nvary; k++)
		for (int j = 0; j < w->vary[k].nnames; j++) {
			const char *name = w->vary[k].names[j];
			const char *val = vary_val(&w->vary[k], comb_index(w, comb, k), j);
			o->set_names[o->nsets] = xstrdup(name);
			o->set_exprs[o->nsets++] = vary_expr(w->is_enum[k][j], val);
		}
	for (int k = 0; k < w->base.nsets; k++) {
		o->set_names[o->nsets] = xstrdup(w->base.set_names[k]);
		o->set_exprs[o->nsets++] = xstrdup(w->base.set_exprs[k]);
	}
	o->have_seed = 1;
	o->seed = rep_seed(w, rep);
}

/* The `# warning:` lines of a finished run of the sweep ("run 3 rep 1: step 12: ..."), or
 * NULL when every solve converged. Caller frees. */
static char *run_warnings(const struct session *s, long comb, long rep)
{
	char *buf = NULL, *prefix = xasprintf("run %ld rep %ld: ", comb + 1, rep + 1);
	size_t size = 0;
	FILE *mem = open_memstream(&buf, &size);
	csv_write_warnings(mem, s, prefix);
	fclose(mem);
	free(prefix);
	if (size == 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* Each "# warning: TEXT" line of `lines` as "taton: warning: TEXT" on standard error. */
static void warn_stderr(const char *lines)
{
	for (const char *p = lines; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		size_t skip = strncmp(p, "# warning: ", 11) == 0 ? 11 : 0;
		fprintf(stderr, "taton: warning: %.*s\n", (int)(len - skip), p + skip);
		p += len + (nl != NULL);
	}
}

/* "run 3 rep 2 (k=6.1, z0=1): MESSAGE": an error of run i, naming it as its rows do (the
 * repetition only when there are several) and its varied values as typed. Caller frees. */
static char *run_error(const struct sweep *w, long i, const char *msg)
{
	long comb = i / w->reps, rep = i % w->reps;
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	fprintf(f, "run %ld", comb + 1);
	if (w->reps > 1)
		fprintf(f, " rep %ld", rep + 1);
	for (int k = 0, n = 0; k < w->nvary; k++)
		for (int j = 0; j < w->vary[k].nnames; j++, n++)
			fprintf(f, "%s%s=%s", n ? ", " : " (", w->vary[k].names[j],
				vary_val(&w->vary[k], comb_index(w, comb, k), j));
	fprintf(f, "%s: %s", w->nvary ? ")" : "", msg);
	fclose(f);
	return buf;
}

/* Run `comb` rep `rep` (stepped in s, with options o) as its block: a header row, then
 * its rows. */
static void write_run_block(FILE *f, const struct sweep *w, const struct session *s,
			    const struct run_opts *o, long comb, long rep)
{
	fputs("run,rep,seed", f);
	for (int k = 0; k < w->nvary; k++)
		for (int j = 0; j < w->vary[k].nnames; j++) {
			fputc(',', f);
			csv_field(f, w->vary[k].names[j]);
		}
	fputs(",step", f);
	csv_write_series_names(f, s);
	fputc('\n', f);
	const struct series_table *t = &s->runs[0]->series;
	for (size_t r = 0; r < t->nrows; r++) {
		if (!csv_reported(s, r, o->every))
			continue;
		fprintf(f, "%ld,%ld,%" PRIu64, comb + 1, rep + 1, o->seed);
		for (int k = 0; k < w->nvary; k++)
			for (int j = 0; j < w->vary[k].nnames; j++) {
				fputc(',', f);
				csv_field(f, vary_val(&w->vary[k], comb_index(w, comb, k), j));
			}
		fprintf(f, ",%ld", t->step[r]);
		csv_write_series_values(f, s, r);
		fputc('\n', f);
	}
}

/* Runs run i and writes its block to f; *note gets its warning lines (NULL: none).
 * Returns an exit status, with *note the error naming the run (not said: the caller says
 * it, once), or NULL when the run gave up because an earlier one failed. */
static int sweep_one(const struct sweep *w, const char *datadir, long i, FILE *f, char **note)
{
	struct run_opts o;
	run_options(w, i, &o);
	struct session s;
	struct err e = {{0}};
	int rc = 0, end = 0;
	long comb = i / w->reps, rep = i % w->reps;
	session_init(&s, datadir);
	if (load(&s, w->scenario, &o, &e) < 0)
		rc = 2; /* an input error, as in taton run */
	else if ((end = advance_e(&s, &o, i, &e)) < 0)
		rc = 1;
	if (rc) {
		*note = end == -2 ? NULL : run_error(w, i, e.msg); /* given up: nothing to say */
	} else {
		*note = run_warnings(&s, comb, rep);
		write_run_block(f, w, &s, &o, comb, rep);
	}
	session_fini(&s);
	free_sets(&o);
	return rc;
}

static void shell_quote(FILE *f, const char *s)
{
	if (*s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
			    "-_./:=+,@%") == strlen(s)) {
		fputs(s, f);
		return;
	}
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", f);
		else
			fputc(*s, f);
	}
	fputc('\'', f);
}

/* One self-contained `taton run` command per run: the sweep's own options and
 * --sweep-run I, so each writes the sweep's header lines and its run's rows (merge joins
 * them). Options are printed as typed. */
static void sweep_list(const struct sweep *w, const char *argv0)
{
	const struct run_opts *b = &w->base;
	for (long i = 0; i < w->nruns; i++) {
		shell_quote(stdout, argv0);
		fputs(" run ", stdout);
		shell_quote(stdout, w->scenario);
		printf(" --seed %" PRIu64 " --steps %ld", b->seed, b->steps);
		if (b->tol_text) {
			fputs(" --tol ", stdout);
			shell_quote(stdout, b->tol_text);
		}
		if (b->every > 1)
			printf(" --every %ld", b->every);
		if (b->dynamics) {
			fputs(" --dynamics ", stdout);
			shell_quote(stdout, b->dynamics);
		}
		for (int k = 0; k < b->nsets; k++) {
			char *kv = xasprintf("%s=%s", b->set_names[k], b->set_exprs[k]);
			fputs(" --set ", stdout);
			shell_quote(stdout, kv);
			free(kv);
		}
		for (int k = 0; k < w->nvary; k++) {
			fputs(" --vary ", stdout);
			shell_quote(stdout, w->vary[k].text);
		}
		if (w->reps > 1)
			printf(" --reps %ld", w->reps);
		printf(" --sweep-run %ld\n", i + 1);
	}
}

/* Text typed by the user on a header line: a line break or a backslash in it is written
 * as \n, \r or \\, so every header line stays one line. */
static void meta_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			fputs("\\n", f);
		else if (*s == '\r')
			fputs("\\r", f);
		else if (*s == '\\')
			fputs("\\\\", f);
		else
			fputc(*s, f);
	}
}

/* The sweep's header lines: everything that defines it (merge checks they agree), then the
 * warning lines of its runs, in run order. */
static void write_sweep_meta(FILE *f, const struct sweep *w, const char *warnings)
{
	const struct run_opts *b = &w->base;
	fprintf(f, "# taton %s sweep\n", PACKAGE_VERSION);
	fputs("# scenario: ", f);
	meta_text(f, w->scenario);
	fputc('\n', f);
	fprintf(f, "# seed: %" PRIu64 "\n", b->seed);
	fprintf(f, "# runs: %ld x %ld repetitions\n", w->ncomb, w->reps);
	fprintf(f, "# steps: %ld\n", b->steps);
	if (b->tol_text)
		fprintf(f, "# tol: %s\n", b->tol_text);
	if (b->every > 1)
		fprintf(f, "# every: %ld\n", b->every);
	if (b->dynamics) {
		fputs("# dynamics: ", f);
		meta_text(f, b->dynamics);
		fputc('\n', f);
	}
	for (int k = 0; k < b->nsets; k++) {
		fprintf(f, "# set: %s=", b->set_names[k]);
		meta_text(f, b->set_exprs[k]);
		fputc('\n', f);
	}
	for (int k = 0; k < w->nvary; k++) {
		fputs("# vary: ", f);
		for (int j = 0; j < w->vary[k].nnames; j++)
			fprintf(f, "%s%s", j ? "," : "", w->vary[k].names[j]);
		fputs(" = ", f);
		char *vals = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&vals, &len);
		vary_write_values(mem, &w->vary[k]);
		fclose(mem);
		meta_text(f, vals);
		free(vals);
		fputc('\n', f);
	}
	for (long r = 0; r < w->reps; r++)
		fprintf(f, "# rep %ld seed: %" PRIu64 "\n", r + 1, rep_seed(w, r));
	if (warnings)
		fputs(warnings, f);
}

struct sweep_out {
	const struct sweep *w;
	const struct jobs *runs; /* every run's block and warning lines */
	const char *warnings;
	int bad;                 /* a block could not be read back */
};

static void write_sweep(FILE *f, void *ctx)
{
	struct sweep_out *x = ctx;
	write_sweep_meta(f, x->w, x->warnings);
	for (long i = 0; i < x->w->nruns && !x->bad; i++)
		x->bad = jobs_copy_block(x->runs, i, f, i == 0) < 0;
}

/* The runs' warning lines in run order (NULL: none). Caller frees. */
static char *collect_warnings(const struct jobs *runs)
{
	size_t len = 0;
	for (long i = 0; i < runs->n; i++)
		len += runs->notes[i] ? strlen(runs->notes[i]) : 0;
	if (len == 0)
		return NULL;
	char *acc = xmalloc(len + 1), *p = acc;
	for (long i = 0; i < runs->n; i++)
		if (runs->notes[i])
			p = stpcpy(p, runs->notes[i]);
	return acc;
}

struct sweep_task {
	const struct sweep *w;
	const char *datadir;
};

static int sweep_task(void *ctx, long i, FILE *f, char **warn)
{
	struct sweep_task *t = ctx;
	return sweep_one(t->w, t->datadir, i, f, warn);
}

/* The worker process running run runs->failed died (a crash, a kill): names the run and
 * the signal. */
static void say_death(const struct sweep *w, const struct jobs *runs)
{
	char msg[160];
	if (runs->died > 1)
		snprintf(msg, sizeof msg, "the worker process running it died: %s (signal %d)",
			 strsignal(runs->died - 1), runs->died - 1);
	else
		snprintf(msg, sizeof msg, "the worker process running it ended without finishing it");
	char *text = run_error(w, runs->failed, msg);
	fail(1, "%s", text);
	free(text);
}

/* Runs the sweep in `jobs` processes (jobs.c) and writes its CSV. A job process returns its
 * status from here and leaves through the caller's normal path, so it frees all it holds
 * (nothing leaks, also in a job process). */
static int sweep_exec(const struct sweep *w, const char *datadir, long jobs, const char *csv)
{
	struct sweep_task t = {w, datadir};
	struct jobs runs;
	int worker;
	int rc = jobs_run(&runs, w->nruns, jobs, sweep_task, &t, &worker);
	if (rc == 0 && !worker) {
		char *warnings = collect_warnings(&runs);
		warn_stderr(warnings);
		struct sweep_out x = {w, &runs, warnings, 0};
		struct err e = {{0}};
		if (csv_atomic_write(csv, write_sweep, &x, &e) < 0)
			rc = fail_err(1, &e);
		else if (x.bad)
			rc = fail(1, "sweep: cannot read back the runs' results: %s", strerror(errno));
		free(warnings);
	} else if (runs.failed >= 0) { /* said here, once, whatever the number of jobs */
		if (runs.error)
			fail(rc, "%s", runs.error);
		else if (runs.died)
			say_death(w, &runs);
		else
			fail(rc, "sweep: run %ld failed (its message was lost)",
			     runs.failed / w->reps + 1);
	}
	jobs_fini(&runs);
	return rc;
}

/* Which names of every --vary are enum parameters (for vary_expr). */
static void find_enums(struct sweep *w, const struct params *p)
{
	for (int k = 0; k < w->nvary; k++) {
		w->is_enum[k] = xcalloc((size_t)w->vary[k].nnames, 1);
		for (int j = 0; j < w->vary[k].nnames; j++) {
			int idx = params_find(p, w->vary[k].names[j]);
			w->is_enum[k][j] = idx >= 0 && p->spec[idx].type == PARAM_ENUM;
		}
	}
}

/* Checks the parameters of the scenario loaded in probe without its runs: every varied
 * name and value, and gives the base seed. Returns 0 or an exit status. */
static int sweep_check(struct sweep *w, struct session *probe)
{
	struct err e = {{0}};
	int rc = 0;
	const struct params *p = &lb_variant(probe->scn, 0)->params;
	for (int k = 0; k < w->nvary; k++)
		for (int j = 0; j < w->vary[k].nnames; j++)
			if (params_lookup(p, w->vary[k].names[j], &e) < 0)
				return fail(2, "bad --vary: %s", e.msg);
	if (!w->base.have_seed) {
		w->base.seed = lb_seed(probe->scn);
		w->base.have_seed = 1;
	}
	find_enums(w, p);
	/* every value must be valid before anything runs */
	for (int k = 0; k < w->nvary && rc == 0; k++)
		for (int i = 0; i < w->vary[k].nvals && rc == 0; i++)
			for (int j = 0; j < w->vary[k].nnames && rc == 0; j++) {
				const char *name = w->vary[k].names[j];
				char *x = vary_expr(w->is_enum[k][j], vary_val(&w->vary[k], i, j));
				if (session_set_param(probe, name, x, &e) < 0)
					rc = fail(2, "bad --vary %s: %s", name, e.msg);
				free(x);
			}
	return rc;
}

/* Checks the sweep: its size, its names, the scenario and every varied value, loading the
 * scenario once without building a model (the runs build theirs: a model the defaults
 * give may cost as much as a run, and may not even be one of the sweep's runs). Returns 0
 * or an exit status. */
static int sweep_prepare(struct sweep *w, const char *datadir)
{
	struct err e = {{0}};
	w->ncomb = 1;
	for (int k = 0; k < w->nvary; k++) {
		w->ncomb *= w->vary[k].nvals;
		if (w->ncomb > MAX_RUNS)
			return fail(2, "sweep: more than %d runs", MAX_RUNS);
	}
	w->nruns = w->ncomb * w->reps;
	if (w->nruns > MAX_RUNS)
		return fail(2, "sweep: more than %d runs", MAX_RUNS);
	/* each parameter is varied once, and not also --set (which one would win?) */
	for (int k = 0; k < w->nvary; k++)
		for (int j = 0; j < w->vary[k].nnames; j++) {
			const char *name = w->vary[k].names[j];
			for (int k2 = 0; k2 <= k; k2++)
				for (int j2 = 0; j2 < (k2 < k ? w->vary[k2].nnames : j); j2++)
					if (!strcmp(w->vary[k2].names[j2], name))
						return fail(2, "bad --vary: '%s' is varied twice", name);
			for (int s = 0; s < w->base.nsets; s++)
				if (!strcmp(w->base.set_names[s], name))
					return fail(2, "--set %s conflicts with --vary %s: a varied "
						       "parameter takes only its --vary values", name,
						    name);
		}
	struct session probe;
	struct session_overrides ov = {
		.nsets = w->base.nsets,
		.set_names = w->base.set_names,
		.set_exprs = w->base.set_exprs,
		.seed = w->base.have_seed ? &w->base.seed : NULL,
		.dynamics = w->base.dynamics,
	};
	session_init(&probe, datadir);
	int rc = session_load_params(&probe, w->scenario, &ov, &e) < 0 ? fail_err(2, &e)
								       : sweep_check(w, &probe);
	session_fini(&probe); /* before the workers start: they need none of it */
	return rc;
}

struct one_run_out {
	const struct sweep *w;
	const char *warnings, *block;
};

static void write_one_run(FILE *f, void *ctx)
{
	struct one_run_out *x = ctx;
	write_sweep_meta(f, x->w, x->warnings);
	fputs(x->block, f);
}

/* `taton run ... --sweep-run I`: run I (1-based) of the sweep w, written as the sweep's
 * header lines, its header row and the run's rows. Returns an exit status. */
static int sweep_run_one(struct sweep *w, const char *datadir, long index)
{
	catch_signals();
	int rc = sweep_prepare(w, datadir);
	if (rc == 0 && index > w->nruns)
		rc = fail(2, "run: --sweep-run %ld: the sweep has %ld run%s", index, w->nruns,
			  w->nruns == 1 ? "" : "s");
	if (rc == 0) {
		char *block = NULL, *warn = NULL;
		size_t size = 0;
		FILE *mem = open_memstream(&block, &size);
		rc = sweep_one(w, datadir, index - 1, mem, &warn);
		fclose(mem);
		if (rc) {
			if (warn)
				fail(rc, "%s", warn);
		} else {
			warn_stderr(warn);
			struct one_run_out x = {w, warn, block};
			struct err e = {{0}};
			if (csv_atomic_write(w->base.csv, write_one_run, &x, &e) < 0)
				rc = fail_err(1, &e);
		}
		free(warn);
		free(block);
	}
	return rc;
}

static int run_in_sweep(const char *datadir, const char *scenario, struct run_opts *o,
			const struct sweep_args *a)
{
	struct sweep w;
	memset(&w, 0, sizeof w);
	w.base = *o; /* the sets pass to w */
	w.scenario = scenario;
	w.reps = a->reps ? a->reps : 1;
	int rc = 0;
	for (int k = 0; k < a->nvary && rc == 0; k++)
		rc = sweep_add_vary(&w, a->vary[k]);
	if (rc == 0)
		rc = sweep_run_one(&w, datadir, a->index);
	sweep_fini(&w);
	return rc;
}

static void sweep_usage(FILE *f)
{
	fputs("usage: taton sweep SCENARIO --vary NAME=A:B:STEP|v1,v2,...|N1,N2=a1,b1|a2,b2...\n"
	      "                   [--vary ...] [--reps R] [--jobs J] [--steps N] [--tol X]\n"
	      "                   [--seed S] [--set NAME=EXPR]... [--dynamics SPEC] [--every K]\n"
	      "                   [--csv FILE|-] [--list]\n",
	      f);
}

int batch_sweep(const char *datadir, const char *argv0, int argc, char **argv)
{
	static const struct option lo[] = {
		{"vary", required_argument, 0, 'v'},  {"reps", required_argument, 0, 'r'},
		{"jobs", required_argument, 0, 'j'},  {"steps", required_argument, 0, 's'},
		{"tol", required_argument, 0, 't'},   {"seed", required_argument, 0, 'S'},
		{"set", required_argument, 0, 'e'},   {"dynamics", required_argument, 0, 'd'},
		{"csv", required_argument, 0, 'c'},   {"every", required_argument, 0, 'k'},
		{"list", no_argument, 0, 'l'},        {"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	struct sweep w;
	memset(&w, 0, sizeof w);
	w.base = (struct run_opts){.steps = DEFAULT_STEPS, .tol = NAN, .every = 1, .csv = "-"};
	w.reps = 1;
	long jobs = 1;
	int list = 0, c, rc = 0;
	optind = 0;
	opterr = 0;
	while (rc == 0 && (c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'h': sweep_usage(stdout); goto out;
		case 'l': list = 1; break;
		case 'v': rc = sweep_add_vary(&w, optarg); break;
		case 'r': rc = parse_steps("--reps", optarg, 1, &w.reps) ? 2 : 0; break;
		case 'j': rc = parse_steps("--jobs", optarg, 1, &jobs) ? 2 : 0; break;
		case '?':
		case ':':
			rc = fail(2, "sweep: bad option '%s' (see taton sweep --help)",
				  argv[optind - 1]);
			break;
		default: rc = common_opt(&w.base, c, optarg); break;
		}
	}
	if (rc)
		goto out;
	if (optind != argc - 1) {
		rc = fail(2, "sweep: expected one SCENARIO argument (see taton sweep --help)");
		goto out;
	}
	w.scenario = argv[optind];
	catch_signals();
	rc = sweep_prepare(&w, datadir);
	if (rc == 0)
		rc = list ? (sweep_list(&w, argv0), 0) : sweep_exec(&w, datadir, jobs, w.base.csv);
out:
	sweep_fini(&w);
	return rc;
}

/* ---- list and describe ----------------------------------------------------------------- */

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int batch_list(const char *datadir, int argc, char **argv)
{
	if (argc > 1)
		return fail(2, "list: takes no arguments");
	printf("Models:\n");
	for (size_t i = 0; model_registry[i]; i++)
		printf("  %-24s %s\n", model_registry[i]->name, model_registry[i]->summary);
	printf("\nScenarios (%s/scenarios):\n", datadir);
	char *dir = xasprintf("%s/scenarios", datadir);
	DIR *d = opendir(dir);
	if (!d) {
		free(dir);
		return fail(1, "cannot read %s/scenarios: %s", datadir, strerror(errno));
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *ent;
	while ((ent = readdir(d))) {
		size_t len = strlen(ent->d_name);
		if (len > 4 && strcmp(ent->d_name + len - 4, ".lua") == 0) {
			names = xreallocarray(names, n + 1, sizeof *names);
			names[n++] = xstrndup(ent->d_name, len - 4);
		}
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_name);
	char *libdir = xasprintf("%s/lua", datadir);
	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s.lua", dir, names[i]);
		struct err e = {{0}};
		struct lb_scenario *scn = lb_load(path, libdir, &e);
		printf("  %-24s %s\n", names[i], scn ? lb_title(scn) : "(does not load)");
		lb_free(scn);
		free(path);
		free(names[i]);
	}
	free(names);
	free(libdir);
	free(dir);
	return 0;
}

static void describe_params(const struct params *p)
{
	struct params defs;
	params_init(&defs, p->spec, p->n);
	printf("parameters:\n");
	for (size_t i = 0; i < p->n; i++) {
		const struct param_spec *sp = &p->spec[i];
		char *v = params_format_value(p, (int)i);
		char *range = param_spec_range(sp);
		char *def = params_format_value(&defs, (int)i);
		int help = sp->help && *sp->help;
		printf("  %s = %s\n      %s%sdefault %s; allowed %s%s%s\n", sp->name, v,
		       help ? sp->help : "", help ? "; " : "", def, range,
		       sp->unit && *sp->unit ? "; unit " : "", sp->unit && *sp->unit ? sp->unit : "");
		free(def);
		free(range);
		free(v);
	}
	params_fini(&defs);
}

/* "state: ..." saying which state describe describes: the start, or the state --steps and
 * --tol reached. */
static void describe_state(const struct session *s, const struct run_opts *o)
{
	const struct sim *sim = s->runs[0];
	long n = sim_n(sim);
	if (o->steps == 0) {
		printf("state: step 0, the start (--steps N or --tol X describe the state "
		       "reached)\n");
		return;
	}
	char conv[48];
	param_fmt_double(conv, sizeof conv, sim_convergence(sim));
	if (o->tol_text && converged(s, o->tol))
		printf("state: step %ld, reached with --tol %s (%s = %s)\n", n, o->tol_text,
		       sim_convergence_name(sim), conv);
	else if (o->tol_text)
		printf("state: step %ld, after --steps %ld; --tol %s not reached (%s = %s)\n", n,
		       o->steps, o->tol_text, sim_convergence_name(sim), conv);
	else
		printf("state: step %ld, after --steps %ld (%s = %s)\n", n, o->steps,
		       sim_convergence_name(sim), conv);
	for (size_t i = 0; i < s->nruns; i++)
		if (sim_warning(s->runs[i]))
			printf("warning: %s%s%s\n", s->nruns > 1 ? lb_variant(s->scn, i)->label : "",
			       s->nruns > 1 ? ": " : "", sim_warning(s->runs[i]));
}

static void describe_usage(FILE *f)
{
	fputs("usage: taton describe SCENARIO|MODEL [--seed S] [--set NAME=EXPR]...\n"
	      "                      [--steps N] [--tol X] [--dynamics SPEC]\n"
	      "       describes the start, or with --steps/--tol the state reached\n",
	      f);
}

int batch_describe(const char *datadir, int argc, char **argv)
{
	static const struct option lo[] = {
		{"seed", required_argument, 0, 'S'},
		{"set", required_argument, 0, 'e'},
		{"steps", required_argument, 0, 's'},
		{"tol", required_argument, 0, 't'},
		{"dynamics", required_argument, 0, 'd'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	struct run_opts o = {.steps = -1, .tol = NAN, .every = 1};
	int c, rc = 0;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (c == 'h') {
			describe_usage(stdout);
			free_sets(&o);
			return 0;
		}
		if (c == '?' || c == ':') {
			free_sets(&o);
			return fail(2, "describe: bad option '%s'", argv[optind - 1]);
		}
		if ((rc = common_opt(&o, c, optarg)) != 0) {
			free_sets(&o);
			return rc;
		}
	}
	if (optind != argc - 1) {
		free_sets(&o);
		return fail(2, "describe: expected one SCENARIO or MODEL argument");
	}
	if (o.steps < 0) /* --tol alone: up to run's default number of steps */
		o.steps = o.tol_text ? DEFAULT_STEPS : 0;
	const char *arg = argv[optind];
	struct session s;
	struct err e = {{0}};
	session_init(&s, datadir);
	int loaded;
	char *probe = session_resolve(datadir, arg, &e);
	if (!probe && model_find(arg)) { /* a built-in model with its defaults */
		char *libdir = xasprintf("%s/lua", datadir);
		struct lb_scenario *scn = lb_load_model(arg, libdir, &e);
		free(libdir);
		struct session_overrides ov = { .nsets = o.nsets, .set_names = o.set_names,
						.set_exprs = o.set_exprs,
						.seed = o.have_seed ? &o.seed : NULL,
						.dynamics = o.dynamics };
		loaded = scn ? session_start(&s, scn, &ov, &e) : -1;
	} else {
		loaded = load(&s, arg, &o, &e);
	}
	free(probe);
	if (loaded < 0) {
		rc = fail_err(2, &e);
	} else if ((rc = advance(&s, &o)) == 0) {
		const struct sim *sim = s.runs[0];
		printf("scenario: %s\n", lb_path(s.scn));
		printf("title: %s\n", lb_title(s.scn));
		printf("model: %s: %s\n", sim->ops->name, sim->ops->summary);
		char dyn[96];
		learn_format(&sim->spec, dyn, sizeof dyn);
		printf("dynamics: %s\n", dyn);
		printf("seed: %" PRIu64 "\n", sim->seed);
		describe_state(&s, &o);
		printf("series: ");
		for (size_t i = 0; i < sim->series.ncols; i++)
			printf("%s%s", i ? ", " : "", sim->series.names[i]);
		printf("\ndistributions: ");
		for (size_t i = 0; i < sim->ops->ndists; i++)
			printf("%s%s", i ? ", " : "", sim->ops->dists[i].name);
		printf("\n");
		describe_params(&sim->params);
		printf("derived:\n");
		for (size_t i = 0; i < s.nruns; i++) {
			struct model_kv kv = {0};
			sim_describe(s.runs[i], &kv);
			if (s.nruns > 1)
				printf("[%s]\n", lb_variant(s.scn, i)->label);
			for (size_t k = 0; k < kv.n; k++)
				printf("%s = %s\n", kv.key[k], kv.val[k]);
			model_kv_fini(&kv);
		}
	}
	session_fini(&s);
	free_sets(&o);
	return rc;
}
