/* batch: the headless commands `taton run`, `taton sweep`, `taton merge`, `taton list` and
 * `taton describe`. Each takes the arguments after the command word and returns the
 * process exit status (0 ok, 1 runtime error, 2 usage or input error), having printed one
 * clear line on stderr for an error. Neighbours: session/cmd/csv (cli), main (dispatch). */
#ifndef TATON_BATCH_H
#define TATON_BATCH_H

int batch_run(const char *datadir, int argc, char **argv);
int batch_sweep(const char *datadir, const char *argv0, int argc, char **argv);
int batch_list(const char *datadir, int argc, char **argv);
int batch_describe(const char *datadir, int argc, char **argv);
/* `taton merge [FILE|-]... [--csv FILE|-]` (merge.c): the CSVs of a sweep's runs joined
 * into the sweep's CSV. */
int batch_merge(int argc, char **argv);

#endif
