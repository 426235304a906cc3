/* bench_keys: how fast the explorer answers a key while it steps a large population. Runs
 * the real binary ($TATON) on a pseudo-terminal of 120x40, loads mfg_agents, sets 10^6
 * agents (argv[1] overrides the count), runs it as fast as it goes, and then, PROBES
 * times, presses `?` and measures the wall time until the help overlay's title reaches
 * the terminal (Escape closes it again between probes). Reports the latency's min /
 * median / 95th percentile / max (wall time: latency is what a user waits, so this bench
 * reports wall time, with the explorer's CPU time over the probes, read from /proc, for
 * information: on a shared machine the wall figures depend on the load).
 * Target: 95th percentile under 100 ms; reported, never an exit status (the bench fails
 * only when the explorer cannot be driven). Neighbours: tui (the program measured),
 * bench_util.h. */
#define _GNU_SOURCE /* memmem, posix_openpt */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "bench/bench_util.h"

#define PROBES 40
#define TARGET 0.100 /* seconds, 95th percentile */

static int master = -1;
static pid_t child = -1;
static char seen[1 << 16]; /* the output since the last mark (its tail when long) */
static size_t nseen;

/* Reads what the explorer wrote for up to `timeout` seconds; returns 1 once `want` (if not
 * NULL) has appeared since the last mark. */
static int pump(const char *want, double timeout)
{
	double end = bench_now() + timeout;
	for (;;) {
		if (want && memmem(seen, nseen, want, strlen(want)))
			return 1;
		double left = end - bench_now();
		if (left <= 0)
			return 0;
		struct pollfd pfd = { .fd = master, .events = POLLIN };
		if (poll(&pfd, 1, (int)(left * 1000) + 1) <= 0)
			continue;
		char buf[8192];
		ssize_t n = read(master, buf, sizeof buf);
		if (n <= 0)
			return 0;
		if (nseen + (size_t)n > sizeof seen) { /* keep the tail */
			size_t keep = sizeof seen / 2;
			memmove(seen, seen + nseen - keep, keep);
			nseen = keep;
		}
		memcpy(seen + nseen, buf, (size_t)n);
		nseen += (size_t)n;
	}
}

static void mark(void)
{
	nseen = 0;
}

static void send_keys(const char *s)
{
	size_t n = strlen(s);
	while (n > 0) {
		ssize_t w = write(master, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

/* Starts the explorer on a new pseudo-terminal. 0 or -1. */
static int start(const char *taton, const char *state)
{
	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0)
		return -1;
	const char *name = ptsname(master);
	if (!name)
		return -1;
	child = fork();
	if (child < 0)
		return -1;
	if (child == 0) {
		setsid();
		int fd = open(name, O_RDWR);
		if (fd < 0)
			_exit(127);
		ioctl(fd, TIOCSCTTY, 0);
		struct winsize ws = { .ws_row = 40, .ws_col = 120 };
		ioctl(fd, TIOCSWINSZ, &ws);
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
		setenv("TERM", "xterm-256color", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		setenv("XDG_STATE_HOME", state, 1);
		execl(taton, "taton", "mfg_agents", (char *)NULL);
		_exit(127);
	}
	return 0;
}

/* CPU seconds the explorer (all its threads) has used so far, from /proc (-1: unknown). */
static double child_cpu(void)
{
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)child);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	const char *p = strrchr(buf, ')');
	unsigned long long ut = 0, st = 0;
	/* after the name: state (3), then fields 4 .. 13, utime (14), stime (15) */
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut,
			 &st) != 2)
		return -1;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int fail(const char *what)
{
	fprintf(stderr, "bench_keys: %s\n", what);
	if (child > 0) {
		kill(child, SIGTERM);
		waitpid(child, NULL, 0);
	}
	return 1;
}

int main(int argc, char **argv)
{
	const char *taton = getenv("TATON");
	const char *agents = argc > 1 ? argv[1] : "1000000";
	char state[] = "/tmp/taton-bench-XXXXXX";
	if (!taton)
		taton = "./taton";
	if (!mkdtemp(state))
		return fail("cannot make a temporary directory");
	if (start(taton, state) < 0)
		return fail("cannot start the explorer on a pseudo-terminal");
	/* "paused" alone: the scenario loads with the screen up, and curses then rewrites only
	 * the status line's first field */
	if (!pump("paused", 60))
		return fail("the explorer did not start");
	char line[128], want[128];
	snprintf(line, sizeof line, ":set agents %s\r", agents);
	snprintf(want, sizeof want, "agents = %s", agents);
	mark();
	send_keys(line);
	if (!pump(want, 600))
		return fail("setting the agents did not finish");
	mark();
	send_keys(":speed max\r ");
	if (!pump("RUNNING", 60))
		return fail("the explorer does not run");
	pump(NULL, 2.0); /* let it step for a while */
	double lat[PROBES];
	int n = 0;
	double w0 = bench_now(), c0 = child_cpu();
	for (int i = 0; i < PROBES; i++) {
		mark();
		double a = bench_now();
		send_keys("?");
		if (!pump(" Keys ", 10))
			return fail("the help did not open");
		lat[n++] = bench_now() - a;
		send_keys("\033");
		pump(NULL, 0.25 + 0.01 * (i % 7)); /* between probes, at varied phases */
	}
	double wall = bench_now() - w0, cpu = child_cpu() - c0;
	mark();
	send_keys("q");
	int status = 0;
	pump(NULL, 2.0);
	if (waitpid(child, &status, WNOHANG) == 0) {
		kill(child, SIGTERM);
		waitpid(child, &status, 0);
	}
	qsort(lat, (size_t)n, sizeof *lat, cmp);
	double p95 = lat[(int)(0.95 * (n - 1) + 0.5)];
	char a[24], b[24], c[24], e[24], t[24];
	printf("explorer on mfg_agents with %s agents, running at full speed; %d presses of ?\n",
	       agents, n);
	printf("  key -> help drawn (wall)   min %s  median %s  p95 %s  max %s  target p95 %s: %s\n",
	       bench_fmt(a, sizeof a, lat[0]), bench_fmt(b, sizeof b, lat[n / 2]),
	       bench_fmt(c, sizeof c, p95), bench_fmt(e, sizeof e, lat[n - 1]),
	       bench_fmt(t, sizeof t, TARGET), p95 <= TARGET ? "met" : "missed");
	printf("  the explorer used %.2f s of CPU (all its threads) over the %.2f s of probing\n",
	       cpu, wall);
	char rm[64];
	snprintf(rm, sizeof rm, "rm -rf '%s'", state);
	if (system(rm) != 0)
		fprintf(stderr, "bench_keys: could not remove %s\n", state);
	return 0;
}
