/* csv: the CSV writer shared by `taton run`, `taton sweep` and `export` (see csv.h). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/csv.h"
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

void csv_write_meta(FILE *f, const struct session *s)
{
	fprintf(f, "# taton %s\n", PACKAGE_VERSION);
	fprintf(f, "# scenario: %s\n", s->scenario_arg ? s->scenario_arg : lb_path(s->scn));
	fprintf(f, "# seed: %llu\n", (unsigned long long)s->runs[0]->seed);
	for (size_t i = 0; i < s->nruns; i++) {
		const struct sim *sim = s->runs[i];
		const char *label = run_label(s, i);
		char dyn[96];
		learn_format(&sim->spec0, dyn, sizeof dyn); /* the dynamic the run started with */
		if (*label)
			fprintf(f, "# variant: %s\n", label);
		if (*label)
			fprintf(f, "# %s.dynamics=%s\n", label, dyn);
		else
			fprintf(f, "# dynamics: %s\n", dyn);
		for (size_t k = 0; k < sim->params.n; k++) {
			char *v = params_format_value(&sim->params, (int)k);
			fprintf(f, "# %s%s%s=%s\n", label, *label ? "." : "",
				sim->params.spec[k].name, v);
			free(v);
		}
	}
	/* Switches apply to every run at once: `taton run --switch STEP:SPEC` replays them. */
	for (size_t i = 0; s->nruns && i < s->runs[0]->nswitches; i++) {
		char dyn[96];
		learn_format(&s->runs[0]->switches[i].spec, dyn, sizeof dyn);
		fprintf(f, "# switch: %ld:%s\n", s->runs[0]->switches[i].step, dyn);
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

int csv_atomic_write(const char *path, void (*write)(FILE *f, void *ctx), void *ctx,
		     struct err *e)
{
	if (strcmp(path, "-") == 0) {
		write(stdout, ctx);
		if (fflush(stdout) != 0)
			return err_set(e, "cannot write to standard output: %s", strerror(errno));
		return 0;
	}
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* a device or pipe (/dev/null, /dev/stdout, a FIFO): write through it; renaming
		 * a file over it would replace the device */
		FILE *f = fopen(path, "w");
		if (!f)
			return err_set(e, "cannot write '%s': %s", path, strerror(errno));
		write(f, ctx);
		int bad = ferror(f);
		if (fclose(f) != 0 || bad)
			return err_set(e, "cannot write '%s': %s", path, strerror(errno ? errno : EIO));
		return 0;
	}
	char *tmp = xasprintf("%s.tmp.XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		err_set(e, "cannot write '%s': %s", path, strerror(errno));
		free(tmp);
		return -1;
	}
	mode_t mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask); /* mkstemp makes 0600; the export is a normal file */
	FILE *f = fdopen(fd, "w");
	if (!f) {
		err_set(e, "cannot write '%s': %s", path, strerror(errno));
		close(fd);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	write(f, ctx);
	int bad = ferror(f);
	if (fclose(f) != 0 || bad) {
		err_set(e, "cannot write '%s': %s", path, strerror(errno ? errno : EIO));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	if (rename(tmp, path) != 0) {
		err_set(e, "cannot write '%s': %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}
