/* csv: the one CSV layout of taton (`taton run`, `export`, `taton sweep` rows).
 * `#` header lines (version, scenario, seed, the dynamic each run started with, every
 * parameter as name=value, then "# switch: STEP:SPEC" for every change of dynamic, and a
 * "# warning:" line for each run whose solver stopped without converging), a header row
 * `step,<series...>`, then one row per reported step. Numbers use %.17g, NaN is
 * an empty field, text fields are quoted per RFC 4180. With several variants the series
 * columns are `label.series`. Distributions are written as blocks (csv_write_dist).
 * Neighbours: session (data), batch (run/sweep). */
#ifndef TATON_CSV_H
#define TATON_CSV_H

#include <stdio.h>
#include "cli/session.h"

/* Writes the `#` lines, ending with the warning lines (csv_write_warnings). */
void csv_write_meta(FILE *f, const struct session *s);
/* "# warning: PREFIX[LABEL: ]step N: TEXT" for every run whose model reported a solve that
 * did not converge (sim_warning), the variant's label first when there are several. */
void csv_write_warnings(FILE *f, const struct session *s, const char *prefix);
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
 * failure never leaves a half-written `path`. "-", or any name of standard output
 * (/dev/stdout, the file it is redirected to), writes to stdout. An existing file keeps its
 * permissions; a symbolic link is followed (its target is replaced, the link stays; a link
 * to a missing file is an error); a device or FIFO is written through (a FIFO with no
 * reader is an error). */
int csv_atomic_write(const char *path, void (*write)(FILE *f, void *ctx), void *ctx,
		     struct err *e);
/* Removes the temporary file csv_atomic_write is writing, if any. Async-signal-safe: for a
 * handler of a signal that ends the program. */
void csv_signal_cleanup(void);

#endif
