/* help: the usage, `taton help [TOPIC]` and `taton version` (see help.h). Each list is
 * printed from its table; "Scenario keys:" and "The taton table:" lines are comma-separated
 * so scripts (and the man-page test) can read them. */
#include "batch/help.h"

#include <stdlib.h>
#include <string.h>

#include "batch/batch.h"
#include "cli/cmd.h"
#include "config.h"
#include "core/learn.h"
#include "luabind/lb.h"

void help_usage(FILE *f)
{
	fputs("usage: taton [SCENARIO] [--ascii]          open the explorer (default scenario: "
	      "mfg_bank)\n"
	      "       taton run SCENARIO [--steps N] [--tol X] [--seed S] [--set NAME=EXPR]...\n"
	      "                 [--dynamics SPEC] [--every K] [--csv FILE|-] [--plot] [--ascii]\n"
	      "       taton sweep SCENARIO --vary NAME=A:B:STEP|v1,v2,... [--vary ...] [--reps R]\n"
	      "                 [--jobs J] [--steps N] [--tol X] [--csv FILE|-] [--list]\n"
	      "       taton merge [FILE|-]... [--csv FILE|-]\n"
	      "       taton list\n"
	      "       taton describe SCENARIO|MODEL [--seed S] [--set NAME=EXPR]... [--steps N]\n"
	      "                 [--tol X] [--dynamics SPEC]\n"
	      "       taton help [run|sweep|merge|list|describe|scenario|COMMAND]\n"
	      "       taton version | --help | --version\n"
	      "\n"
	      "SCENARIO is a path to a Lua scenario or the name of a shipped one (taton list).\n"
	      "Dynamics: RULE[:ARG][,SCHEDULE[:ARG]], e.g. kperiod:10 or ewma:0.3,sequential\n"
	      "(`taton help` lists the rules and schedules).\n"
	      "See taton(1) and taton-scenario(5).\n",
	      f);
}

void help_version(FILE *f)
{
	fprintf(f, "taton %s\n", PACKAGE_VERSION);
	fputs("Copyright (C) 2026 The taton authors.\n"
	      "License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n"
	      "This is free software: you are free to change and redistribute it.\n"
	      "There is NO WARRANTY, to the extent permitted by law.\n",
	      f);
}

static void print_commands(FILE *f)
{
	fputs("\nCommands (the explorer's ':' prompt, taton.command in Lua; keys run them too):\n",
	      f);
	for (int i = 0; i < cmd_count; i++)
		fprintf(f, "  %-28s %s\n", cmd_table[i].usage, cmd_table[i].help);
}

/* A heading, then per row of a learn table its form and, indented, its help. */
static void print_learn_table(FILE *f, const char *head, const struct learn_desc *t, size_t n)
{
	fprintf(f, "\n%s\n", head);
	for (size_t i = 0; i < n; i++) {
		char *form = learn_desc_form(&t[i]);
		fprintf(f, "  %s\n      %s\n", form, t[i].help);
		free(form);
	}
}

static void print_dynamics(FILE *f)
{
	print_learn_table(f, "Dynamics (--dynamics SPEC, :dynamics SPEC, SPEC = RULE[,SCHEDULE]; "
			  "the d key cycles through the rules):", learn_dynamics, learn_ndynamics);
	print_learn_table(f, "Schedules (after the rule and a comma, e.g. fictitious,sequential):",
			  learn_schedules, learn_nschedules);
}

static void print_list(FILE *f, const char *head, const char *prefix, const char *const *v)
{
	fprintf(f, "%s: ", head);
	for (int i = 0; v[i]; i++)
		fprintf(f, "%s%s%s", i ? ", " : "", prefix, v[i]);
	fputc('\n', f);
}

static void print_scenario(FILE *f)
{
	char **fields = lb_taton_fields();
	fputs("A scenario is a Lua file that returns taton.scenario{KEY = VALUE, ...}; see "
	      "taton-scenario(5).\n",
	      f);
	print_list(f, "Scenario keys", "", lb_scenario_keys);
	print_list(f, "The taton table", "taton.", (const char *const *)fields);
	for (int i = 0; fields[i]; i++)
		free(fields[i]);
	free(fields);
}

int help_main(const char *datadir, int argc, char **argv)
{
	if (argc > 2) {
		fprintf(stderr, "taton: help takes at most one TOPIC (see taton help)\n");
		return 2;
	}
	const char *topic = argc > 1 ? argv[1] : NULL;
	if (!topic) {
		help_usage(stdout);
		print_commands(stdout);
		print_dynamics(stdout);
		return 0;
	}
	char *args[] = {argv[1], "--help", NULL};
	if (strcmp(topic, "run") == 0)
		return batch_run(datadir, 2, args);
	if (strcmp(topic, "sweep") == 0)
		return batch_sweep(datadir, "taton", 2, args);
	if (strcmp(topic, "describe") == 0)
		return batch_describe(datadir, 2, args);
	if (strcmp(topic, "merge") == 0)
		return batch_merge(2, args);
	if (strcmp(topic, "list") == 0) {
		puts("usage: taton list");
		return 0;
	}
	if (strcmp(topic, "scenario") == 0) {
		print_scenario(stdout);
		return 0;
	}
	const struct cmd *c = cmd_find(topic);
	if (c) {
		printf("%-28s %s\n", c->usage, c->help);
		return 0;
	}
	fprintf(stderr, "taton: no help on '%s': topics are run, sweep, merge, list, describe, "
			"scenario and the explorer's commands (see taton help)\n",
		topic);
	return 2;
}
