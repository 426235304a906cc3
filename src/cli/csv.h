/* csv: the one CSV layout of taton (`taton run`, `export`, `taton sweep` rows).
 * `#` header lines (version, scenario, seed, the dynamic each run started with, every
 * parameter as name=value, then "# switch: STEP:SPEC" for every change of dynamic), a
 * header row `step,<series...>`, then one row per reported step. Numbers use %.17g, NaN is
 * an empty field, text fields are quoted per RFC 4180. With several variants the series
 * columns are `label.series`. Distributions are written as blocks (csv_write_dist).
 * Neighbours: session (data), batch (run/sweep). */
#ifndef TATON_CSV_H
#define TATON_CSV_H

#include <stdio.h>
#include "cli/session.h"

/* Writes the `#` lines. */
void csv_write_meta(FILE *f, const struct session *s);
/* Writes the series column names (without the leading "step"), comma-separated, each
 * preceded by a comma. */
void csv_write_series_names(FILE *f, const struct session *s);
/* Writes ",v1,v2,..." for row r of every run. */
void csv_write_series_values(FILE *f, const struct session *s, size_t r);
/* True when row r is reported with --every K (every K-th step and the last row). */
int csv_reported(const struct session *s, size_t r, long every);
/* The whole table: meta, header row, reported rows. */
void csv_write_run(FILE *f, const struct session *s, long every);
/* One distribution as a block: "# dist: NAME", "# kind: KIND", then per curve a
 * "# curve: LABEL" line, a header row and its rows (curves separated by one blank line):
 * x,y for curves and CDFs, value[,weight] for samples, label,y for bars; a grid is one
 * table <xlabel>,<ylabel>,<value columns> (x fastest). NaN is an empty field. */
void csv_write_dist(FILE *f, const struct dist *d);
/* One field, quoted when it needs to be. */
void csv_field(FILE *f, const char *text);
void csv_number(FILE *f, double v);
/* Writes through a temporary file in the same directory and renames it into place, so a
 * failure never leaves a half-written `path`. "-" writes to stdout. */
int csv_atomic_write(const char *path, void (*write)(FILE *f, void *ctx), void *ctx,
		     struct err *e);

#endif
