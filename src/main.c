/* main: argument parsing and dispatch. `taton [SCENARIO]` opens the explorer; `run`,
 * `sweep`, `merge`, `list` and `describe` are headless (src/batch); `help` and `version`
 * say what taton is (src/batch/help). Only the explorer takes a locale from the
 * environment, and only LC_CTYPE (its screen's characters), so numbers always print with
 * '.'; the headless commands keep the C locale: their output cannot depend on it, and they
 * do not pay for loading it (a sweep's start-up is serial). Exit status: 0 success, 1
 * runtime error (also: standard output could not be written, e.g. a full disk), 2 usage or
 * input error, 128 + N for the explorer ended by signal N. */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/batch.h"
#include "batch/help.h"
#include "cli/sanitize.h"
#include "cli/session.h"
#include "core/err.h"
#include "core/learn.h"
#include "tui/tui.h"

int main(int argc, char **argv)
{
	char *datadir = session_find_datadir(argv[0]);
	int rc;
	const char *cmd = argc > 1 ? argv[1] : NULL;
	if (cmd && (!strcmp(cmd, "--help") || !strcmp(cmd, "-h"))) {
		help_usage(stdout);
		rc = 0;
	} else if (cmd && (!strcmp(cmd, "--version") || !strcmp(cmd, "-V") ||
			   !strcmp(cmd, "version"))) {
		help_version(stdout);
		rc = 0;
	} else if (cmd && !strcmp(cmd, "help")) {
		rc = help_main(datadir, argc - 1, argv + 1);
	} else if (cmd && !strcmp(cmd, "run")) {
		rc = batch_run(datadir, argc - 1, argv + 1);
	} else if (cmd && !strcmp(cmd, "sweep")) {
		rc = batch_sweep(datadir, argv[0], argc - 1, argv + 1);
	} else if (cmd && !strcmp(cmd, "merge")) {
		rc = batch_merge(argc - 1, argv + 1);
	} else if (cmd && !strcmp(cmd, "list")) {
		rc = batch_list(datadir, argc - 1, argv + 1);
	} else if (cmd && !strcmp(cmd, "describe")) {
		rc = batch_describe(datadir, argc - 1, argv + 1);
	} else {
		const char *scenario = NULL;
		int ascii = 0, bad = 0;
		for (int i = 1; i < argc; i++) {
			if (!strcmp(argv[i], "--ascii"))
				ascii = 1;
			else if (argv[i][0] == '-' && argv[i][1])
				bad = i;
			else if (!scenario)
				scenario = argv[i];
			else
				bad = i;
		}
		if (bad) {
			fprintf(stderr, "taton: unexpected argument '%s'\n", argv[bad]);
			help_usage(stderr);
			rc = 2;
		} else {
			struct err e = {{0}};
			setlocale(LC_CTYPE, "");
			rc = tui_main(scenario, datadir, ascii, &e);
			if (rc != 0 && e.msg[0]) {
				fputs("taton: ", stderr);
				sanitize_fputs(e.msg, 1, stderr);
				fputc('\n', stderr);
			}
		}
	}
	free(datadir);
	/* What was printed must have been written (a full disk, a closed pipe). */
	errno = 0;
	int bad = ferror(stdout);
	if ((fclose(stdout) != 0 || bad) && rc == 0) {
		fprintf(stderr, "taton: cannot write to standard output: %s\n",
			strerror(errno ? errno : EIO));
		rc = 1;
	}
	return rc;
}
