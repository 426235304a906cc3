/* fuzz_util: see fuzz_util.h. Limits: 10^6 instructions, 64 MB and 1 s per entry into Lua,
 * a hundredth of the defaults, so that endless scenario code costs an input little. The
 * working directory is removed at exit. */
#include "tests/fuzz/fuzz_util.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "luabind/lb_sandbox.h"

static void discard(void *ctx, const char *text)
{
	(void)ctx;
	(void)text;
}

static char workdir[64];

/* At exit: the working directory and the files the inputs wrote there. */
static void remove_workdir(void)
{
	DIR *d = opendir(workdir);
	struct dirent *ent;

	if (d) {
		while ((ent = readdir(d)))
			if (strcmp(ent->d_name, ".") && strcmp(ent->d_name, "..")) {
				char path[512];

				snprintf(path, sizeof path, "%s/%s", workdir, ent->d_name);
				unlink(path);
			}
		closedir(d);
	}
	if (chdir("/") == 0)
		rmdir(workdir);
}

const char *fuzz_datadir(void)
{
	const char *d = getenv("TATON_DATADIR");

	return d && *d ? d : FUZZ_SRCDIR;
}

void fuzz_setup(void)
{
	static int done;
	char dir[] = "/tmp/taton-fuzz-XXXXXX";
	int null;

	if (done)
		return;
	done = 1;
	lb_sandbox_set_default_limits(1000000, (size_t)64 << 20);
	lb_sandbox_set_default_time(1);
	if (!mkdtemp(dir) || chdir(dir) != 0) {
		perror("fuzz: a working directory");
		exit(1);
	}
	snprintf(workdir, sizeof workdir, "%s", dir);
	atexit(remove_workdir);
	null = open("/dev/null", O_WRONLY);
	if (null >= 0) {
		dup2(null, STDOUT_FILENO);
		close(null);
	}
}

void fuzz_session_init(struct session *s)
{
	session_init(s, fuzz_datadir());
	s->print = discard;
}
