/* help: what taton says about itself: the usage, `taton help [TOPIC]` and `taton version`.
 * The lists it prints come from the tables that define them (the command table, the
 * dynamics, the scenario keys and the taton table of the Lua binding), so they cannot drift
 * from the program; the man-page test reads them from here. Neighbours: main (dispatch),
 * batch (the headless commands' own --help), cli/cmd, core/learn, luabind. */
#ifndef TATON_HELP_H
#define TATON_HELP_H

#include <stdio.h>

/* The program's usage (the synopsis of every command). */
void help_usage(FILE *f);
/* `taton --version` / `taton version`: version, copyright, licence. */
void help_version(FILE *f);
/* `taton help [TOPIC]`: argv[0] is "help". No topic: the usage, the explorer's commands and
 * the dynamics. TOPIC run|sweep|merge|list|describe: that command's usage; scenario: the scenario
 * keys and the fields of the taton table; an explorer command: its usage line. Returns the
 * exit status (2 for an unknown topic, with a message on stderr). */
int help_main(const char *datadir, int argc, char **argv);

#endif
