/* merge: `taton merge [FILE|-]...` joins the CSVs of the runs of one sweep, as the commands
 * of `taton sweep ... --list` write them (in any order, one file each or concatenated into
 * one stream), into exactly the bytes `taton sweep ... --csv -` writes.
 *
 * Every input is a sequence of documents: the sweep's `#` header lines (they begin with
 * "# taton VERSION sweep" and name the scenario, the base seed, the runs, the options and
 * the varied values; "# warning:" lines belong to single runs), a header row, then rows
 * `run,rep,...`. The documents must agree on every header line that is not a warning and on
 * the header row (one sweep); every run and repetition must appear exactly once. The output
 * is the header lines, every warning line in run order, the header row, and the runs' rows
 * in run order. Inputs are read into memory. Neighbours: batch (sweep, its --list and
 * `run --sweep-run`), csv (atomic writes). */
#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/batch.h"
#include "cli/csv.h"
#include "core/xmalloc.h"

#define MAX_LISTED 8 /* missing runs named in the message */

struct input {
	const char *name; /* as given ("-": standard input) */
	char *text;
	size_t len;
};

/* A line of an input: where it is (for messages) and its bytes with the newline. */
struct line {
	const struct input *in;
	long no;
	const char *s;
	size_t len;
};

struct block { /* the rows of one run and repetition */
	long index;    /* (run - 1) * reps + rep - 1 */
	struct line first;
	size_t len;    /* bytes from first.s */
};

struct warning {
	long run, rep, index;
	struct line l;
};

struct merge {
	/* the first document's header lines (without warnings) and header row */
	struct line *meta;
	size_t nmeta;
	struct line header;
	int have_doc;
	long ncomb, reps;
	struct block *blocks;
	size_t nblocks;
	struct warning *warns;
	size_t nwarns;
};

static const char *shown(const struct input *in)
{
	return strcmp(in->name, "-") ? in->name : "(standard input)";
}

static int fail_at(const struct line *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int fail_at(const struct line *l, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "taton: merge: %s:%ld: ", shown(l->in), l->no);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return 2;
}

static int read_input(struct input *in)
{
	FILE *f = strcmp(in->name, "-") ? fopen(in->name, "r") : stdin;
	if (!f) {
		fprintf(stderr, "taton: merge: cannot read '%s': %s\n", in->name, strerror(errno));
		return 2;
	}
	size_t cap = 1 << 16;
	in->text = xmalloc(cap);
	in->len = 0;
	size_t n;
	while ((n = fread(in->text + in->len, 1, cap - in->len, f)) > 0) {
		in->len += n;
		if (in->len == cap)
			in->text = xrealloc(in->text, cap *= 2);
	}
	int bad = ferror(f);
	if (f != stdin)
		fclose(f);
	if (bad) {
		fprintf(stderr, "taton: merge: cannot read '%s': %s\n", in->name, strerror(EIO));
		return 2;
	}
	return 0;
}

/* The next line of in at *pos: 1, 0 at the end, -1 for a last line without a newline. */
static int next_line(const struct input *in, size_t *pos, long *no, struct line *l)
{
	if (*pos >= in->len)
		return 0;
	const char *s = in->text + *pos;
	const char *nl = memchr(s, '\n', in->len - *pos);
	l->in = in;
	l->no = ++*no;
	l->s = s;
	l->len = nl ? (size_t)(nl - s) + 1 : in->len - *pos;
	*pos += l->len;
	if (!nl) /* taton ends every line: this one was cut short */
		return -1;
	return 1;
}

/* Length without the newline. */
static int text_len(const struct line *l)
{
	return (int)(l->len - (l->len > 0 && l->s[l->len - 1] == '\n'));
}

static int starts(const struct line *l, const char *prefix)
{
	size_t n = strlen(prefix);
	return l->len >= n && memcmp(l->s, prefix, n) == 0;
}

static int same(const struct line *a, const struct line *b)
{
	return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

/* "# taton VERSION sweep": the first line of every document. */
static int doc_start(const struct line *l)
{
	size_t n = l->len - (l->len && l->s[l->len - 1] == '\n');
	return starts(l, "# taton ") && n > 14 && memcmp(l->s + n - 6, " sweep", 6) == 0;
}

/* Reads "run,rep" of a row or of "# warning: run R rep P:". */
static int run_rep(const char *s, size_t len, const char *fmt, long *run, long *rep)
{
	char buf[64];
	size_t n = len < sizeof buf - 1 ? len : sizeof buf - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return sscanf(buf, fmt, run, rep) == 2 ? 0 : -1;
}

static int index_of(const struct merge *m, const struct line *l, long run, long rep,
		    long *index)
{
	if (run < 1 || run > m->ncomb || rep < 1 || rep > m->reps)
		return fail_at(l, "run %ld rep %ld is outside the sweep's %ld x %ld runs", run, rep,
			       m->ncomb, m->reps);
	*index = (run - 1) * m->reps + rep - 1;
	return 0;
}

/* The header lines of a document starting at *pos; checks them against the first one. */
static int read_meta(struct merge *m, const struct input *in, size_t *pos, long *no,
		     struct line *first)
{
	size_t k = 0;
	struct line l = *first;
	for (;;) {
		if (starts(&l, "# warning: ")) {
			struct warning w = {.l = l};
			if (run_rep(l.s, l.len, "# warning: run %ld rep %ld:", &w.run, &w.rep) < 0)
				return fail_at(&l, "a warning line that names no run");
			m->warns = xreallocarray(m->warns, m->nwarns + 1, sizeof *m->warns);
			m->warns[m->nwarns++] = w;
		} else if (!m->have_doc) {
			m->meta = xreallocarray(m->meta, m->nmeta + 1, sizeof *m->meta);
			m->meta[m->nmeta++] = l;
			if (run_rep(l.s, l.len, "# runs: %ld x %ld", &m->ncomb, &m->reps) == 0 &&
			    (m->ncomb < 1 || m->reps < 1))
				return fail_at(&l, "a sweep without runs");
		} else if (k >= m->nmeta || !same(&l, &m->meta[k])) {
			const struct line *o = k < m->nmeta ? &m->meta[k] : &m->meta[m->nmeta - 1];
			return fail_at(&l, "not from the same sweep as %s: '%.*s' where %s:%ld "
				       "has '%.*s'", shown(o->in), text_len(&l), l.s, shown(o->in),
				       o->no, text_len(o), o->s);
		} else {
			k++;
		}
		int more = next_line(in, pos, no, &l);
		if (more < 0)
			return fail_at(&l, "the last line is cut short (a job that did not finish?)");
		if (!more)
			return fail_at(&l, "the header lines are not followed by a header row");
		if (l.len == 0 || l.s[0] != '#')
			break;
		if (doc_start(&l))
			return fail_at(&l, "a sweep's header lines without its rows");
	}
	if (m->have_doc && k != m->nmeta)
		return fail_at(&l, "not from the same sweep as %s: its header lines end early",
			       shown(m->meta[0].in));
	if (!m->have_doc) {
		if (m->ncomb < 1)
			return fail_at(first, "the header lines do not say how many runs the sweep "
				       "has ('# runs: N x R repetitions')");
		m->header = l;
		m->have_doc = 1;
	} else if (!same(&l, &m->header)) {
		return fail_at(&l, "its header row differs from the one in %s:%ld",
			       shown(m->header.in), m->header.no);
	}
	*first = l; /* the header row */
	return 0;
}

static void add_block(struct merge *m, const struct line *first, size_t len, long index)
{
	m->blocks = xreallocarray(m->blocks, m->nblocks + 1, sizeof *m->blocks);
	m->blocks[m->nblocks++] = (struct block){index, *first, len};
}

/* The rows after a header row, up to the next document; each run's rows form a block. */
static int read_rows(struct merge *m, const struct input *in, size_t *pos, long *no,
		     struct line *l)
{
	struct line first = {0};
	long cur = -1;
	size_t len = 0;
	int more;
	while ((more = next_line(in, pos, no, l)) > 0 && !doc_start(l)) {
		long run, rep, index;
		if (l->len > 0 && l->s[0] == '#')
			return fail_at(l, "a '#' line among the rows");
		if (run_rep(l->s, l->len, "%ld,%ld,", &run, &rep) < 0)
			return fail_at(l, "a row that does not start with run,rep");
		if (index_of(m, l, run, rep, &index))
			return 2;
		if (index != cur) {
			if (cur >= 0)
				add_block(m, &first, len, cur);
			cur = index;
			first = *l;
			len = 0;
		}
		len += l->len;
	}
	if (more < 0)
		return fail_at(l, "the last line is cut short (a job that did not finish?)");
	if (cur >= 0)
		add_block(m, &first, len, cur);
	if (!more)
		l->len = 0; /* the end of the input */
	return 0;
}

static int read_docs(struct merge *m, const struct input *in)
{
	size_t pos = 0;
	long no = 0;
	struct line l;
	int more = next_line(in, &pos, &no, &l);
	if (more < 0)
		return fail_at(&l, "the last line is cut short (a job that did not finish?)");
	if (!more)
		return 0; /* empty: e.g. a job that wrote nothing */
	while (l.len > 0) {
		if (!doc_start(&l))
			return fail_at(&l, "not the CSV of a sweep's run (it starts with '# taton "
				       "VERSION sweep'; see taton sweep --list)");
		int rc = read_meta(m, in, &pos, &no, &l);
		if (rc == 0)
			rc = read_rows(m, in, &pos, &no, &l);
		if (rc)
			return rc;
	}
	return 0;
}

static int cmp_block(const void *a, const void *b)
{
	long x = ((const struct block *)a)->index, y = ((const struct block *)b)->index;
	return (x > y) - (x < y);
}

static int cmp_warn(const void *a, const void *b)
{
	const struct warning *x = a, *y = b;
	if (x->index != y->index)
		return (x->index > y->index) - (x->index < y->index);
	return (x->l.s > y->l.s) - (x->l.s < y->l.s);
}

/* Sorts the blocks and warnings; checks that every run appears exactly once. */
static int check_runs(struct merge *m)
{
	for (size_t i = 0; i < m->nwarns; i++) {
		struct warning *w = &m->warns[i];
		if (index_of(m, &w->l, w->run, w->rep, &w->index))
			return 2;
	}
	if (m->nblocks)
		qsort(m->blocks, m->nblocks, sizeof *m->blocks, cmp_block);
	if (m->nwarns)
		qsort(m->warns, m->nwarns, sizeof *m->warns, cmp_warn);
	for (size_t i = 1; i < m->nblocks; i++)
		if (m->blocks[i].index == m->blocks[i - 1].index)
			return fail_at(&m->blocks[i].first, "run %ld rep %ld appears twice (also in "
				       "%s:%ld)", m->blocks[i].index / m->reps + 1,
				       m->blocks[i].index % m->reps + 1,
				       shown(m->blocks[i - 1].first.in), m->blocks[i - 1].first.no);
	long total = m->ncomb * m->reps, missing = total - (long)m->nblocks;
	if (missing == 0)
		return 0;
	fprintf(stderr, "taton: merge: %ld of the sweep's %ld runs %s missing:", missing, total,
		missing == 1 ? "is" : "are");
	long listed = 0;
	size_t b = 0;
	for (long i = 0; i < total && listed < MAX_LISTED; i++) {
		while (b < m->nblocks && m->blocks[b].index < i)
			b++;
		if (b < m->nblocks && m->blocks[b].index == i)
			continue;
		fprintf(stderr, "%s run %ld rep %ld", listed ? "," : "", i / m->reps + 1,
			i % m->reps + 1);
		listed++;
	}
	fprintf(stderr, "%s (a job that failed or has not finished?)\n",
		missing > listed ? ", ..." : "");
	return 2;
}

static void write_merged(FILE *f, void *ctx)
{
	const struct merge *m = ctx;
	for (size_t i = 0; i < m->nmeta; i++)
		fwrite(m->meta[i].s, 1, m->meta[i].len, f);
	for (size_t i = 0; i < m->nwarns; i++)
		fwrite(m->warns[i].l.s, 1, m->warns[i].l.len, f);
	fwrite(m->header.s, 1, m->header.len, f);
	for (size_t i = 0; i < m->nblocks; i++)
		fwrite(m->blocks[i].first.s, 1, m->blocks[i].len, f);
}

static void merge_usage(FILE *f)
{
	fputs("usage: taton merge [FILE|-]... [--csv FILE|-]\n"
	      "       joins the CSVs of the runs of one sweep (the commands of taton sweep\n"
	      "       ... --list write them) into the CSV taton sweep writes; no FILE or '-'\n"
	      "       reads standard input (one concatenated stream is fine)\n",
	      f);
}

int batch_merge(int argc, char **argv)
{
	static const struct option lo[] = {
		{"csv", required_argument, 0, 'c'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	const char *csv = "-";
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (c == 'h') {
			merge_usage(stdout);
			return 0;
		}
		if (c == 'c') {
			csv = optarg;
			continue;
		}
		fprintf(stderr, "taton: merge: bad option '%s' (see taton merge --help)\n",
			argv[optind - 1]);
		return 2;
	}
	int nin = argc - optind > 0 ? argc - optind : 1, rc = 0, stdin_used = 0;
	struct input *in = xcalloc((size_t)nin, sizeof *in);
	struct merge m;
	memset(&m, 0, sizeof m);
	for (int i = 0; i < nin && rc == 0; i++) {
		in[i].name = argc - optind > 0 ? argv[optind + i] : "-";
		if (!strcmp(in[i].name, "-") && stdin_used++) {
			fprintf(stderr, "taton: merge: standard input ('-') given twice\n");
			rc = 2;
			break;
		}
		rc = read_input(&in[i]);
		if (rc == 0)
			rc = read_docs(&m, &in[i]);
	}
	if (rc == 0 && !m.have_doc) {
		fprintf(stderr, "taton: merge: no sweep CSV in the input\n");
		rc = 2;
	}
	if (rc == 0)
		rc = check_runs(&m);
	if (rc == 0) {
		for (size_t i = 0; i < m.nwarns; i++) {
			const struct line *l = &m.warns[i].l;
			fprintf(stderr, "taton: warning: %.*s\n", text_len(l) - 11, l->s + 11);
		}
		struct err e = {{0}};
		if (csv_atomic_write(csv, write_merged, &m, &e) < 0) {
			fprintf(stderr, "taton: %s\n", e.msg);
			rc = 1;
		}
	}
	for (int i = 0; i < nin; i++)
		free(in[i].text);
	free(in);
	free(m.meta);
	free(m.blocks);
	free(m.warns);
	return rc;
}
