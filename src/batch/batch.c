/* batch: headless runs, sweeps, listing and describing (see batch.h).
 * `run` steps a session and writes the CSV of csv.h. `sweep` expands --vary options into the
 * cartesian product of runs times repetitions; repetition r > 0 uses the seed
 * rng_derive_seed(base, r) (repetition 0 the base seed itself, so a one-repetition sweep
 * reproduces `taton run`). With --jobs J, J child processes take runs i = j mod J and write
 * their blocks to anonymous temporary files that the parent merges in run order, so the
 * output is byte-identical whatever J is. `--list` prints the equivalent `taton run` command
 * of every run for an external job runner. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "batch/batch.h"
#include "batch/plot.h"
#include "cli/csv.h"
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
	fputs("taton: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return code;
}

/* First line of a possibly multi-line message (tracebacks follow on later lines). */
static int fail_err(int code, const struct err *e)
{
	fprintf(stderr, "taton: %s\n", e->msg);
	return code;
}

struct run_opts {
	long steps;
	double tol;      /* NaN = none */
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

/* Steps until --steps or --tol; 0 or 1 (runtime error, printed). */
static int advance(struct session *s, const struct run_opts *o)
{
	struct err e = {{0}};
	for (long i = 0; i < o->steps; i++) {
		if (session_step(s, &e) < 0)
			return fail_err(1, &e);
		if (converged(s, o->tol))
			break;
	}
	for (size_t i = 0; i < s->nruns; i++)
		if (lb_hook_done(s->scn, s->runs[i], &e) < 0)
			return fail_err(1, &e);
	return 0;
}

static void run_usage(FILE *f)
{
	fputs("usage: taton run SCENARIO [--steps N] [--tol X] [--seed S] [--set NAME=EXPR]...\n"
	      "                 [--dynamics SPEC] [--switch STEP:SPEC]... [--every K]\n"
	      "                 [--csv FILE|-] [--plot] [--ascii] [--dist NAME]...\n",
	      f);
}

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
		{0, 0, 0, 0},
	};
	struct run_opts o = {.steps = DEFAULT_STEPS, .tol = NAN, .every = 1, .csv = "-"};
	int ascii = 0, c, rc = 0;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (c == 'h') {
			run_usage(stdout);
			free_sets(&o);
			return 0;
		} else if (c == 'p') {
			o.plot = 1;
		} else if (c == 'a') {
			ascii = 1;
		} else if (c == 'D') {
			if (o.ndists == MAX_DISTS) {
				free_sets(&o);
				return fail(2, "too many --dist options (at most %d)", MAX_DISTS);
			}
			o.dists[o.ndists++] = optarg;
		} else if (c == '?' || c == ':') {
			free_sets(&o);
			return fail(2, "run: bad option '%s' (see taton run --help)", argv[optind - 1]);
		} else if ((rc = common_opt(&o, c, optarg)) != 0) {
			free_sets(&o);
			return rc;
		}
	}
	if (optind != argc - 1) {
		free_sets(&o);
		return fail(2, "run: expected one SCENARIO argument (see taton run --help)");
	}
	struct session s;
	struct err e = {{0}};
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
		else if (o.plot)
			batch_plot(stdout, &s, ascii);
	}
	session_fini(&s);
	free_sets(&o);
	return rc;
}

/* ---- sweep ----------------------------------------------------------------------------- */

struct vary {
	char *name;
	int nvals;
	char **vals; /* Lua expressions */
};

static void vary_add(struct vary *v, char *val)
{
	v->vals = xreallocarray(v->vals, (size_t)v->nvals + 1, sizeof *v->vals);
	v->vals[v->nvals++] = val;
}

static int parse_vary(const char *arg, struct vary *v)
{
	const char *eq = strchr(arg, '=');
	memset(v, 0, sizeof *v);
	if (!eq || eq == arg || !eq[1])
		return fail(2, "bad --vary '%s': expected NAME=A:B:STEP or NAME=v1,v2,...", arg);
	v->name = xstrndup(arg, (size_t)(eq - arg));
	const char *spec = eq + 1;
	double a, b, st;
	char tail;
	if (strchr(spec, ':') && !strchr(spec, ',')) {
		if (sscanf(spec, "%lf:%lf:%lf%c", &a, &b, &st, &tail) != 3 || !(st > 0) ||
		    !(b >= a) || !isfinite(a) || !isfinite(b))
			return fail(2, "bad --vary '%s': A:B:STEP needs numbers with A <= B and "
				       "STEP > 0", arg);
		double count = floor((b - a) / st + 1e-9) + 1;
		if (count > MAX_RUNS)
			return fail(2, "bad --vary '%s': more than %d values", arg, MAX_RUNS);
		for (long i = 0; i < (long)count; i++) {
			char buf[64];
			/* 12 significant digits: 6 + 3 * 0.1 prints as 6.3, not 6.300000000000001 */
			snprintf(buf, sizeof buf, "%.12g", a + (double)i * st);
			vary_add(v, xstrdup(buf));
		}
		return 0;
	}
	const char *p = spec;
	while (1) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == 0)
			return fail(2, "bad --vary '%s': empty value in the list", arg);
		vary_add(v, xstrndup(p, len));
		if (!comma)
			break;
		p = comma + 1;
	}
	return 0;
}

static void vary_free(struct vary *v, int n)
{
	for (int i = 0; i < n; i++) {
		for (int k = 0; k < v[i].nvals; k++)
			free(v[i].vals[k]);
		free(v[i].vals);
		free(v[i].name);
	}
}

/* A bare word given for an enum parameter becomes a Lua string. */
static char *vary_expr(const struct session *probe, const char *name, const char *val)
{
	if (probe && probe->nruns > 0) {
		int idx = params_find(&probe->runs[0]->params, name);
		if (idx >= 0 && probe->runs[0]->params.spec[idx].type == PARAM_ENUM &&
		    val[0] != '"' && val[0] != '\'' && val[0] != '{')
			return xasprintf("\"%s\"", val);
	}
	return xstrdup(val);
}

struct sweep {
	const char *scenario;
	struct run_opts base;
	int nvary;
	struct vary vary[MAX_VARY];
	long reps;
	long nruns;      /* combinations * reps */
	long ncomb;
	struct session *probe; /* loaded once, for parameter types */
};

/* Value index of vary k in combination `comb` (the last --vary changes fastest). */
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

/* Builds the run options of run i (caller frees its sets). */
static void run_options(const struct sweep *w, long i, struct run_opts *o)
{
	long comb = i / w->reps, rep = i % w->reps;
	*o = w->base;
	o->nsets = 0;
	for (int k = 0; k < w->base.nsets; k++) {
		o->set_names[o->nsets] = xstrdup(w->base.set_names[k]);
		o->set_exprs[o->nsets++] = xstrdup(w->base.set_exprs[k]);
	}
	for (int k = 0; k < w->nvary; k++) {
		const char *val = w->vary[k].vals[comb_index(w, comb, k)];
		o->set_names[o->nsets] = xstrdup(w->vary[k].name);
		o->set_exprs[o->nsets++] = vary_expr(w->probe, w->vary[k].name, val);
	}
	o->have_seed = 1;
	o->seed = rep_seed(w, rep);
}

/* Runs run i and writes its block (a header row, then rows) to f. Returns an exit status. */
static int sweep_one(const struct sweep *w, const char *datadir, long i, FILE *f)
{
	struct run_opts o;
	run_options(w, i, &o);
	struct session s;
	struct err e = {{0}};
	int rc;
	session_init(&s, datadir);
	if (load(&s, w->scenario, &o, &e) < 0) {
		rc = fail_err(2, &e);
	} else if ((rc = advance(&s, &o)) == 0) {
		long comb = i / w->reps, rep = i % w->reps;
		fputs("run,rep,seed", f);
		for (int k = 0; k < w->nvary; k++) {
			fputc(',', f);
			csv_field(f, w->vary[k].name);
		}
		fputs(",step", f);
		csv_write_series_names(f, &s);
		fputc('\n', f);
		const struct series_table *t = &s.runs[0]->series;
		for (size_t r = 0; r < t->nrows; r++) {
			if (!csv_reported(&s, r, o.every))
				continue;
			fprintf(f, "%ld,%ld,%" PRIu64, comb + 1, rep + 1, o.seed);
			for (int k = 0; k < w->nvary; k++) {
				fputc(',', f);
				csv_field(f, w->vary[k].vals[comb_index(w, comb, k)]);
			}
			fprintf(f, ",%ld", t->step[r]);
			csv_write_series_values(f, &s, r);
			fputc('\n', f);
		}
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

static void sweep_list(const struct sweep *w, const char *argv0)
{
	for (long i = 0; i < w->nruns; i++) {
		struct run_opts o;
		run_options(w, i, &o);
		shell_quote(stdout, argv0);
		fputs(" run ", stdout);
		shell_quote(stdout, w->scenario);
		printf(" --seed %" PRIu64 " --steps %ld", o.seed, o.steps);
		if (!isnan(o.tol))
			printf(" --tol %.17g", o.tol);
		if (o.every > 1)
			printf(" --every %ld", o.every);
		if (o.dynamics) {
			fputs(" --dynamics ", stdout);
			shell_quote(stdout, o.dynamics);
		}
		for (int k = 0; k < o.nsets; k++) {
			char *kv = xasprintf("%s=%s", o.set_names[k], o.set_exprs[k]);
			fputs(" --set ", stdout);
			shell_quote(stdout, kv);
			free(kv);
		}
		fputc('\n', stdout);
		free_sets(&o);
	}
}

/* Copies run blocks to out, printing only the first block's header row. */
static int merge_block(FILE *in, FILE *out, int first)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	uint64_t bytes;
	if (fscanf(in, "BLOCK %" SCNu64 "\n", &bytes) != 1)
		return -1;
	int header = 1;
	while (bytes > 0 && (len = getline(&line, &cap, in)) > 0) {
		bytes -= (uint64_t)len;
		if (!header || first)
			fwrite(line, 1, (size_t)len, out);
		header = 0;
	}
	free(line);
	return 0;
}

static int write_block(const struct sweep *w, const char *datadir, long i, FILE *f)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&buf, &size);
	int rc = sweep_one(w, datadir, i, mem);
	fclose(mem);
	if (rc == 0)
		fprintf(f, "BLOCK %zu\n%s", size, buf);
	free(buf);
	return rc;
}

static void write_sweep_meta(FILE *f, const struct sweep *w)
{
	fprintf(f, "# taton %s sweep\n", PACKAGE_VERSION);
	fprintf(f, "# scenario: %s\n", w->scenario);
	fprintf(f, "# seed: %" PRIu64 "\n", w->base.seed);
	fprintf(f, "# runs: %ld x %ld repetitions\n", w->ncomb, w->reps);
	for (int k = 0; k < w->nvary; k++) {
		fprintf(f, "# vary: %s =", w->vary[k].name);
		for (int j = 0; j < w->vary[k].nvals; j++)
			fprintf(f, "%s%s", j ? "," : " ", w->vary[k].vals[j]);
		fputc('\n', f);
	}
	for (long r = 0; r < w->reps; r++)
		fprintf(f, "# rep %ld seed: %" PRIu64 "\n", r + 1, rep_seed(w, r));
}

struct sweep_out {
	const struct sweep *w;
	FILE **parts; /* one per job, rewound */
	long jobs;
};

static void write_sweep(FILE *f, void *ctx)
{
	struct sweep_out *x = ctx;
	write_sweep_meta(f, x->w);
	for (long i = 0; i < x->w->nruns; i++)
		merge_block(x->parts[i % x->jobs], f, i == 0);
}

static int sweep_exec(const struct sweep *w, const char *datadir, long jobs, const char *csv)
{
	if (jobs > w->nruns)
		jobs = w->nruns;
	FILE **parts = xcalloc((size_t)jobs, sizeof *parts);
	pid_t *pids = xcalloc((size_t)jobs, sizeof *pids);
	int rc = 0;
	fflush(stdout);
	fflush(stderr);
	for (long j = 0; j < jobs; j++) {
		parts[j] = tmpfile();
		if (!parts[j]) {
			rc = fail(1, "sweep: cannot create a temporary file: %s", strerror(errno));
			jobs = j;
			break;
		}
		if (jobs == 1) {
			for (long i = 0; i < w->nruns && rc == 0; i++)
				rc = write_block(w, datadir, i, parts[0]);
			continue;
		}
		pid_t pid = fork();
		if (pid < 0) {
			rc = fail(1, "sweep: cannot start a job: %s", strerror(errno));
			jobs = j;
			break;
		}
		if (pid == 0) {
			int crc = 0;
			for (long i = j; i < w->nruns && crc == 0; i += jobs)
				crc = write_block(w, datadir, i, parts[j]);
			fflush(parts[j]);
			_exit(crc);
		}
		pids[j] = pid;
	}
	for (long j = 0; j < jobs; j++) {
		if (pids[j] == 0)
			continue;
		int status;
		while (waitpid(pids[j], &status, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			int code = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
			if (rc == 0)
				rc = code ? code : 1;
		}
	}
	if (rc == 0) {
		for (long j = 0; j < jobs; j++)
			rewind(parts[j]);
		struct sweep_out x = {w, parts, jobs};
		struct err e = {{0}};
		if (csv_atomic_write(csv, write_sweep, &x, &e) < 0)
			rc = fail_err(1, &e);
	}
	for (long j = 0; j < jobs; j++)
		if (parts[j])
			fclose(parts[j]);
	free(parts);
	free(pids);
	return rc;
}

static void sweep_usage(FILE *f)
{
	fputs("usage: taton sweep SCENARIO --vary NAME=A:B:STEP|v1,v2,... [--vary ...]\n"
	      "                   [--reps R] [--jobs J] [--steps N] [--tol X] [--seed S]\n"
	      "                   [--set NAME=EXPR]... [--dynamics SPEC] [--every K]\n"
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
		case 'v':
			if (w.nvary == MAX_VARY)
				rc = fail(2, "too many --vary options (at most %d)", MAX_VARY);
			else if ((rc = parse_vary(optarg, &w.vary[w.nvary])) == 0)
				w.nvary++;
			else
				vary_free(&w.vary[w.nvary], 1);
			break;
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
	w.ncomb = 1;
	for (int k = 0; k < w.nvary; k++) {
		w.ncomb *= w.vary[k].nvals;
		if (w.ncomb > MAX_RUNS) {
			rc = fail(2, "sweep: more than %d runs", MAX_RUNS);
			goto out;
		}
	}
	w.nruns = w.ncomb * w.reps;
	if (w.nruns > MAX_RUNS) {
		rc = fail(2, "sweep: more than %d runs", MAX_RUNS);
		goto out;
	}
	/* Load once: checks the scenario, the parameter names, and gives the base seed. */
	struct session probe;
	struct err e = {{0}};
	session_init(&probe, datadir);
	if (load(&probe, w.scenario, &w.base, &e) < 0) {
		rc = fail_err(2, &e);
		session_fini(&probe);
		goto out;
	}
	for (int k = 0; k < w.nvary && rc == 0; k++)
		if (params_lookup(&probe.runs[0]->params, w.vary[k].name, &e) < 0)
			rc = fail(2, "bad --vary: %s", e.msg);
	if (!w.base.have_seed) {
		w.base.seed = probe.runs[0]->seed;
		w.base.have_seed = 1;
	}
	w.probe = &probe;
	/* every value must be valid before anything runs */
	for (int k = 0; k < w.nvary && rc == 0; k++)
		for (int j = 0; j < w.vary[k].nvals && rc == 0; j++) {
			char *x = vary_expr(&probe, w.vary[k].name, w.vary[k].vals[j]);
			if (lb_set(probe.scn, w.vary[k].name, x, &e) < 0)
				rc = fail(2, "bad --vary %s: %s", w.vary[k].name, e.msg);
			free(x);
		}
	if (rc == 0)
		rc = list ? (sweep_list(&w, argv0), 0) : sweep_exec(&w, datadir, jobs, w.base.csv);
	session_fini(&probe);
out:
	vary_free(w.vary, w.nvary);
	free_sets(&w.base);
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

int batch_describe(const char *datadir, int argc, char **argv)
{
	static const struct option lo[] = {
		{"seed", required_argument, 0, 'S'},
		{"set", required_argument, 0, 'e'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	struct run_opts o = {.steps = 0, .tol = NAN, .every = 1};
	int c, rc = 0;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (c == 'h') {
			puts("usage: taton describe SCENARIO|MODEL [--seed S] [--set NAME=EXPR]...");
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
						.seed = o.have_seed ? &o.seed : NULL };
		loaded = scn ? session_start(&s, scn, &ov, &e) : -1;
	} else {
		loaded = load(&s, arg, &o, &e);
	}
	free(probe);
	if (loaded < 0) {
		rc = fail_err(2, &e);
	} else {
		const struct sim *sim = s.runs[0];
		printf("scenario: %s\n", lb_path(s.scn));
		printf("title: %s\n", lb_title(s.scn));
		printf("model: %s: %s\n", sim->ops->name, sim->ops->summary);
		char dyn[96];
		learn_format(&sim->spec, dyn, sizeof dyn);
		printf("dynamics: %s\n", dyn);
		printf("seed: %" PRIu64 "\n", sim->seed);
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
