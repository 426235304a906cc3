/* main: argument parsing and dispatch. `taton [SCENARIO]` opens the explorer; `run`,
 * `sweep`, `list` and `describe` are headless (src/batch). Only LC_CTYPE is taken from the
 * environment, so numbers always print with '.'. Exit status: 0 success, 1 runtime error,
 * 2 usage or input error. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/batch.h"
#include "cli/session.h"
#include "config.h"
#include "core/err.h"
#include "core/learn.h"
#include "tui/tui.h"

/* The dynamics, from learn's tables: a line per rule and schedule with its help. */
static void usage_dynamics(FILE *f)
{
	fputs("Dynamics: RULE[,SCHEDULE], e.g. kperiod:10 or ewma:0.3,sequential\n", f);
	for (size_t i = 0; i < learn_ndynamics + learn_nschedules; i++) {
		int sched = i >= learn_ndynamics;
		const struct learn_desc *d =
			sched ? &learn_schedules[i - learn_ndynamics] : &learn_dynamics[i];
		char *form = learn_desc_form(d);
		fprintf(f, "  %s%s\n      %s\n", sched ? "," : "", form, d->help);
		free(form);
	}
}

static void usage(FILE *f)
{
	fputs("usage: taton [SCENARIO] [--ascii]          open the explorer (default scenario: "
	      "mfg_bank)\n"
	      "       taton run SCENARIO [--steps N] [--tol X] [--seed S] [--set NAME=EXPR]...\n"
	      "                 [--dynamics SPEC] [--every K] [--csv FILE|-] [--plot] [--ascii]\n"
	      "       taton sweep SCENARIO --vary NAME=A:B:STEP|v1,v2,... [--vary ...] [--reps R]\n"
	      "                 [--jobs J] [--steps N] [--tol X] [--csv FILE|-] [--list]\n"
	      "       taton list\n"
	      "       taton describe SCENARIO|MODEL [--seed S] [--set NAME=EXPR]...\n"
	      "       taton --help | --version\n"
	      "\n"
	      "SCENARIO is a path to a Lua scenario or the name of a shipped one (taton list).\n",
	      f);
	usage_dynamics(f);
	fputs("See taton(1) and taton-scenario(5).\n", f);
}

int main(int argc, char **argv)
{
	setlocale(LC_CTYPE, "");
	char *datadir = session_find_datadir(argv[0]);
	int rc;
	const char *cmd = argc > 1 ? argv[1] : NULL;
	if (cmd && (!strcmp(cmd, "--help") || !strcmp(cmd, "-h"))) {
		usage(stdout);
		rc = 0;
	} else if (cmd && (!strcmp(cmd, "--version") || !strcmp(cmd, "-V"))) {
		printf("taton %s\n", PACKAGE_VERSION);
		rc = 0;
	} else if (cmd && !strcmp(cmd, "run")) {
		rc = batch_run(datadir, argc - 1, argv + 1);
	} else if (cmd && !strcmp(cmd, "sweep")) {
		rc = batch_sweep(datadir, argv[0], argc - 1, argv + 1);
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
			usage(stderr);
			rc = 2;
		} else {
			struct err e = {{0}};
			rc = tui_main(scenario, datadir, ascii, &e);
			if (rc != 0 && e.msg[0])
				fprintf(stderr, "taton: %s\n", e.msg);
		}
	}
	free(datadir);
	return rc;
}
