/* csv: the CSV writer shared by `taton run`, `taton sweep` and `export` (see csv.h).
 * Texts in `#` lines go through sanitize_fputs_line, so no text can start a line of its
 * own. The one process-wide variable is the temporary file being written, for
 * csv_signal_cleanup. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/csv.h"
#include "cli/sanitize.h"
#include "config.h"
#include "core/xmalloc.h"

void csv_field(FILE *f, const char *text)
{
	if (!strpbrk(text, ",\"\r\n")) {
		fputs(text, f);
		return;
	}
	fputc('"', f);
	for (const char *p = text; *p; p++) {
		if (*p == '"')
			fputc('"', f);
		fputc(*p, f);
	}
	fputc('"', f);
}

void csv_number(FILE *f, double v)
{
	if (isnan(v))
		return;
	if (isinf(v))
		fputs(v > 0 ? "inf" : "-inf", f);
	else
		fprintf(f, "%.17g", v);
}

static void write_grid(FILE *f, const struct dist *d)
{
	const struct dist_grid *g = &d->grid;
	double *row = xmallocarray(g->ncols + 2, sizeof *row);
	csv_field(f, *d->xlabel ? d->xlabel : "x");
	fputc(',', f);
	csv_field(f, *d->ylabel ? d->ylabel : "y");
	for (size_t c = 0; c < g->ncols; c++) {
		fputc(',', f);
		csv_field(f, g->colname[c]);
	}
	fputc('\n', f);
	for (size_t r = 0; r < dist_grid_nrows(d); r++) {
		dist_grid_row(d, r, row);
		for (size_t c = 0; c < g->ncols + 2; c++) {
			if (c)
				fputc(',', f);
			csv_number(f, row[c]);
		}
		fputc('\n', f);
	}
	free(row);
}

static void write_curve(FILE *f, const struct dist *d, const struct dist_curve *c)
{
	int samples = d->kind == DIST_HIST, bars = d->kind == DIST_BARS;
	if (samples)
		fputs(c->y ? "value,weight\n" : "value\n", f);
	else
		fputs(bars ? "label,y\n" : "x,y\n", f);
	for (size_t i = 0; i < c->n; i++) {
		if (bars)
			csv_field(f, i < d->nlabels && d->labels ? d->labels[i] : "");
		else
			csv_number(f, c->x[i]);
		if (c->y) {
			fputc(',', f);
			csv_number(f, c->y[i]);
		}
		fputc('\n', f);
	}
}

void csv_write_dist(FILE *f, const struct dist *d)
{
	fputs("# dist: ", f);
	csv_field(f, d->name);
	fprintf(f, "\n# kind: %s\n", dist_kind_name(d->kind));
	if (d->kind == DIST_GRID) {
		write_grid(f, d);
		return;
	}
	for (size_t i = 0; i < d->ncurves; i++) {
		if (i)
			fputc('\n', f);
		fputs("# curve: ", f);
		csv_field(f, *d->c[i].label ? d->c[i].label : "-");
		fputc('\n', f);
		write_curve(f, d, &d->c[i]);
	}
}

static const char *run_label(const struct session *s, size_t i)
{
	return s->nruns > 1 ? lb_variant(s->scn, i)->label : "";
}

/* "# HEAD" then text, escaped, and a newline. */
static void comment(FILE *f, const char *head, const char *text)
{
	fprintf(f, "# %s", head);
	sanitize_fputs_line(text, f);
	fputc('\n', f);
}

void csv_write_meta(FILE *f, const struct session *s)
{
	fprintf(f, "# taton %s\n", PACKAGE_VERSION);
	comment(f, "scenario: ", s->scenario_arg ? s->scenario_arg : lb_path(s->scn));
	fprintf(f, "# seed: %llu\n", (unsigned long long)s->runs[0]->seed);
	for (size_t i = 0; i < s->nruns; i++) {
		const struct sim *sim = s->runs[i];
		const char *label = run_label(s, i);
		char dyn[96];
		learn_format(&sim->spec0, dyn, sizeof dyn); /* the dynamic the run started with */
		if (*label)
			comment(f, "variant: ", label);
		if (*label) {
			fputs("# ", f);
			sanitize_fputs_line(label, f);
			fprintf(f, ".dynamics=%s\n", dyn);
		} else {
			fprintf(f, "# dynamics: %s\n", dyn);
		}
		for (size_t k = 0; k < sim->params.n; k++) {
			char *v = params_format_value(&sim->params, (int)k);
			fputs("# ", f);
			if (*label) {
				sanitize_fputs_line(label, f);
				fputc('.', f);
			}
			fprintf(f, "%s=", sim->params.spec[k].name);
			sanitize_fputs_line(v, f);
			fputc('\n', f);
			free(v);
		}
	}
	/* Switches apply to every run at once: `taton run --switch STEP:SPEC` replays them. */
	for (size_t i = 0; s->nruns && i < s->runs[0]->nswitches; i++) {
		char dyn[96];
		learn_format(&s->runs[0]->switches[i].spec, dyn, sizeof dyn);
		fprintf(f, "# switch: %ld:%s\n", s->runs[0]->switches[i].step, dyn);
	}
	csv_write_warnings(f, s, "");
}

void csv_write_warnings(FILE *f, const struct session *s, const char *prefix)
{
	for (size_t i = 0; i < s->nruns; i++) {
		const char *w = sim_warning(s->runs[i]);
		const char *label = run_label(s, i);
		if (w)
			fprintf(f, "# warning: %s%s%s%s\n", prefix, label, *label ? ": " : "", w);
	}
}

void csv_write_series_names(FILE *f, const struct session *s)
{
	for (size_t i = 0; i < s->nruns; i++) {
		const struct series_table *t = &s->runs[i]->series;
		for (size_t c = 0; c < t->ncols; c++) {
			fputc(',', f);
			if (s->nruns > 1) {
				char *name = xasprintf("%s.%s", run_label(s, i), t->names[c]);
				csv_field(f, name);
				free(name);
			} else {
				csv_field(f, t->names[c]);
			}
		}
	}
}

void csv_write_series_values(FILE *f, const struct session *s, size_t r)
{
	for (size_t i = 0; i < s->nruns; i++) {
		const struct series_table *t = &s->runs[i]->series;
		for (size_t c = 0; c < t->ncols; c++) {
			fputc(',', f);
			if (r < t->nrows)
				csv_number(f, series_at(t, r, c));
		}
	}
}

int csv_reported(const struct session *s, size_t r, long every)
{
	size_t nrows = s->runs[0]->series.nrows;
	if (every <= 1 || r + 1 == nrows)
		return 1;
	return s->runs[0]->series.step[r] % every == 0;
}

void csv_write_run(FILE *f, const struct session *s, long every)
{
	csv_write_meta(f, s);
	fputs("step", f);
	csv_write_series_names(f, s);
	fputc('\n', f);
	const struct series_table *t = &s->runs[0]->series;
	for (size_t r = 0; r < t->nrows; r++) {
		if (!csv_reported(s, r, every))
			continue;
		fprintf(f, "%ld", t->step[r]);
		csv_write_series_values(f, s, r);
		fputc('\n', f);
	}
}

/* The temporary file being written (for csv_signal_cleanup): set once its name is
 * complete, cleared before the name is reused. */
static char pending_tmp[PATH_MAX + 16];
static volatile sig_atomic_t pending_set;

void csv_signal_cleanup(void)
{
	if (pending_set)
		unlink(pending_tmp);
}

/* Writes through a device or FIFO (renaming over it would replace it); a FIFO without a
 * reader is an error rather than a wait. */
static int write_through(const char *path, void (*write)(FILE *f, void *ctx), void *ctx,
			 struct err *e)
{
	int fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return err_set(e, "cannot write '%s': %s", path, errno == ENXIO ?
			       "a FIFO with no reader" : strerror(errno));
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	FILE *f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		return err_set(e, "cannot write '%s': %s", path, strerror(errno));
	}
	write(f, ctx);
	int bad = ferror(f);
	if (fclose(f) != 0 || bad)
		return err_set(e, "cannot write '%s': %s", path, strerror(errno ? errno : EIO));
	return 0;
}

int csv_atomic_write(const char *path, void (*write)(FILE *f, void *ctx), void *ctx,
		     struct err *e)
{
	struct stat st, out;
	/* "-", or a name of standard output (/dev/stdout, the file it was redirected to):
	 * write to the stream; reopening the file would truncate it, renaming over
	 * /dev/stdout would replace the link */
	if (strcmp(path, "-") == 0 ||
	    (stat(path, &st) == 0 && fstat(STDOUT_FILENO, &out) == 0 && st.st_dev == out.st_dev &&
	     st.st_ino == out.st_ino)) {
		write(stdout, ctx);
		if (fflush(stdout) != 0 || ferror(stdout))
			return err_set(e, "cannot write to standard output: %s",
				       strerror(errno ? errno : EIO));
		return 0;
	}
	/* A symbolic link is written through: its target is replaced, the link stays. */
	char *target = NULL;
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		target = realpath(path, NULL);
		if (!target)
			return err_set(e, "cannot write '%s': it is a symbolic link to a missing "
				       "file", path);
		path = target;
	}
	int exists = stat(path, &st) == 0;
	if (exists && !S_ISREG(st.st_mode)) {
		int rc = write_through(path, write, ctx, e);
		free(target);
		return rc;
	}
	char *tmp = xasprintf("%s.tmp.XXXXXX", path);
	int fd = mkstemp(tmp), rc = 0;
	if (fd < 0) {
		err_set(e, "cannot write '%s': %s", path, strerror(errno));
		free(tmp);
		free(target);
		return -1;
	}
	if (strlen(tmp) < sizeof pending_tmp) {
		memcpy(pending_tmp, tmp, strlen(tmp) + 1);
		pending_set = 1;
	}
	if (exists) { /* an existing file keeps its permissions (and owner, when allowed) */
		(void)fchmod(fd, st.st_mode & 07777);
		if (fchown(fd, st.st_uid, st.st_gid) != 0)
			(void)fchmod(fd, st.st_mode & 0777);
	} else { /* mkstemp makes 0600; a new export is a normal file */
		mode_t mask = umask(0);
		umask(mask);
		(void)fchmod(fd, 0666 & ~mask);
	}
	FILE *f = fdopen(fd, "w");
	if (!f) {
		rc = err_set(e, "cannot write '%s': %s", path, strerror(errno));
		close(fd);
	} else {
		write(f, ctx);
		int bad = ferror(f);
		if (fclose(f) != 0 || bad)
			rc = err_set(e, "cannot write '%s': %s", path, strerror(errno ? errno : EIO));
	}
	if (rc == 0 && rename(tmp, path) != 0)
		rc = err_set(e, "cannot write '%s': %s", path, strerror(errno));
	if (rc < 0)
		unlink(tmp);
	pending_set = 0;
	free(tmp);
	free(target);
	return rc;
}
