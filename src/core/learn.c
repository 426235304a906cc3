/* learn: the one learning engine (see learn.h).
 * Every player's block keeps its own records: the running sum (fictitious play), the
 * exponential average r (thesis eq. 4.31, r_0 = a_0), and a ring of its most recent records
 * (k-period). A block's j-th newest record lives in ring slot (cnt - 1 - j) mod cap, so
 * blocks that recorded a different number of times (sequential play) share one ring.
 * The ring: for games of at most HIST_BUDGET / HIST_CAP components (32 768) it always keeps
 * the last HIST_CAP (64) records, so a switch to kperiod:K with K <= 64 uses the true
 * history. Larger games get a ring only when kperiod is switched on; it is primed with the
 * current action (the window then fills as play goes on), grows to K when K grows, and stays
 * allocated until the engine is freed. K is bounded so that the ring holds at most RING_MAX
 * doubles (learn_kperiod_max). Window sums are updated incrementally and re-summed every
 * RESUM_EVERY steps so rounding never drifts. While every block holds the same number of
 * records (always, except mid-round in sequential play) beliefs and records are one pass
 * over the whole action.
 * Switching ewma:W to another W keeps the average r and applies the new weight from the next
 * record on; while another dynamic runs, r is kept with the last ewma weight (0.5 before any).
 *
 * Cost per step (what a large game feels): a rule that does not read the running sum or r
 * (cournot, damped, kperiod) folds plays into them two at a time: the play of step n - 1
 * stays pending until step n, when both are added in one pass with the same operations in
 * the same order as one at a time, so sum and r are bit for bit those of an eager update.
 * Whatever reads them (a switch, the mean, a rescale) first folds the pending play. Cournot
 * and damped believe a_n itself, so their belief is a pointer to it, not a copy. With every
 * block moving and in step, recording, the fold, damping, step_change and dist_ne
 * (learn_set_norm) are one streaming pass over the action. An averaging rule's record pass
 * also forms the belief of the next step (the statistic it reads is final once a component
 * is recorded) into a second buffer, bnext, with belief_span's operations, so the next step
 * reads no statistic to form it; a switch, a rescale, a restart or a re-sum of the window
 * drops it. A model with observe_ahead computes the next step while it observes a_n (see
 * learn_ahead_begin): under cournot and damped against a_n, under fictitious, ewma and
 * kperiod in a huge game against the belief formed that way; such a step leaves its play
 * pending, out of the statistics and, under kperiod, out of the ring and the window (the
 * model is still gathering, and a switch may drop the step), the next pass adds it, and the
 * next belief is formed as if it were in (the same operations, so the same bits).
 * Huge games (more than KEEP_ALL_MAX components, a play of more than 16 MB) keep only the
 * statistics the current rule reads: the running sum under fictitious play (or once the
 * mean was asked for), r under ewma, neither under the others, so a cournot step streams
 * no history at all. A statistic that was not kept is primed from the current play when a
 * rule starts reading it: fictitious then averages the plays since the switch (the count
 * restarts at 1, kept per block in sbase) and ewma starts from r = a_n, as a run starts
 * from r_0 = a_0. Smaller games keep both exactly, whatever the rule.
 * Neighbours: model (best responses), rng (schedule stream), sim (owner). */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/learn.h"
#include "core/param.h"
#include "core/rng.h"
#include "core/xmalloc.h"

#define HIST_CAP 64
#define HIST_BUDGET ((size_t)1 << 21) /* doubles always kept for switching: 16 MB */
#define RING_MAX ((size_t)1 << 25)    /* doubles a kperiod ring may hold: 256 MB */
#define RESUM_EVERY 1024
#define KEEP_ALL_MAX ((size_t)1 << 21) /* larger games keep only what the rule reads */
#define KPERIOD_MAX 100000
#define SCHED_STREAM 0x5c4ed41eu      /* rng stream index of the schedule */

const struct learn_desc learn_dynamics[] = {
	{ .name = "cournot", .id = LEARN_COURNOT, .arg = LEARN_ARG_NONE,
	  .help = "best response to the last play" },
	{ .name = "kperiod", .id = LEARN_KPERIOD, .arg = LEARN_ARG_COUNT, .arg_name = "K",
	  .def = 10, .min = 1, .max = KPERIOD_MAX,
	  .help = "best response to the average of the last K plays" },
	{ .name = "fictitious", .id = LEARN_FICTITIOUS, .arg = LEARN_ARG_NONE,
	  .help = "best response to the average of all plays (fictitious play)" },
	{ .name = "ewma", .id = LEARN_EWMA, .arg = LEARN_ARG_WEIGHT, .arg_name = "W",
	  .def = 0.5, .min = 0, .max = 1,
	  .help = "best response to W a + (1-W) r, r the exponential average of plays (thesis eq. 4.31)" },
	{ .name = "damped", .id = LEARN_DAMPED, .arg = LEARN_ARG_WEIGHT, .arg_name = "W",
	  .def = 0.5, .min = 0, .max = 1,
	  .help = "partial adjustment a_n = (1-W) a_{n-1} + W BR(a_{n-1})" },
};
const size_t learn_ndynamics = sizeof learn_dynamics / sizeof learn_dynamics[0];

const struct learn_desc learn_schedules[] = {
	{ .name = "simultaneous", .id = LEARN_SIMULTANEOUS, .arg = LEARN_ARG_NONE,
	  .help = "every player revises at every step (the default)" },
	{ .name = "sequential", .id = LEARN_SEQUENTIAL, .arg = LEARN_ARG_NONE,
	  .help = "players revise in index order, one per step; averages are over rounds" },
	{ .name = "random", .id = LEARN_RANDOM, .arg = LEARN_ARG_NONE,
	  .help = "one uniformly random player revises per step" },
	{ .name = "async", .id = LEARN_ASYNC, .arg = LEARN_ARG_WEIGHT, .arg_name = "P",
	  .def = 0.5, .min = 0, .max = 1,
	  .help = "each player independently revises with probability P, else keeps its action" },
};
const size_t learn_nschedules = sizeof learn_schedules / sizeof learn_schedules[0];

/* ---- parsing and formatting ------------------------------------------------------------ */

static void fmt_num(char *buf, size_t size, double v) { param_fmt_double(buf, size, v); }

char *learn_desc_form(const struct learn_desc *d)
{
	char lo[32], hi[32], def[32];
	if (d->arg == LEARN_ARG_NONE)
		return xstrdup(d->name);
	fmt_num(lo, sizeof lo, d->min);
	fmt_num(hi, sizeof hi, d->max);
	fmt_num(def, sizeof def, d->def);
	return xasprintf("%s[:%s] (%s %s in %c%s, %s], default %s)", d->name, d->arg_name,
			 d->arg_name, d->arg == LEARN_ARG_COUNT ? "integer" : "number",
			 d->arg == LEARN_ARG_COUNT ? '[' : '(', lo, hi, def);
}

char *learn_forms(void)
{
	char *out = xstrdup("");
	for (size_t i = 0; i < learn_ndynamics + learn_nschedules; i++) {
		int sched = i >= learn_ndynamics;
		const struct learn_desc *d = sched ? &learn_schedules[i - learn_ndynamics]
						   : &learn_dynamics[i];
		char *form = learn_desc_form(d);
		const char *sep = i == 0			 ? ""
				  : i == learn_ndynamics ? "; optionally ',SCHEDULE', one of "
							 : ", ";
		char *next = xasprintf("%s%s%s", out, sep, form);
		free(form);
		free(out);
		out = next;
	}
	return out;
}

/* Sets "<what went wrong>: allowed <forms>"; returns -1. */
static int bad(struct err *e, const char *fmt, const char *a, const char *b)
{
	char head[160], *forms = learn_forms();
	snprintf(head, sizeof head, fmt, a, b);
	err_set(e, "%s: allowed %s", head, forms);
	free(forms);
	return -1;
}

/* Parses "NAME[:ARG]" against a table; *id and *arg on success. */
static int parse_desc(const struct learn_desc *t, size_t n, char *text, const char *what,
		      int *id, double *arg, struct err *e)
{
	char *colon = strchr(text, ':');
	if (colon)
		*colon++ = '\0';
	for (size_t i = 0; i < n; i++) {
		const struct learn_desc *d = &t[i];
		if (strcmp(text, d->name) != 0)
			continue;
		if (colon && d->arg == LEARN_ARG_NONE)
			return bad(e, "%s '%s' takes no argument", what, d->name);
		double v = d->def;
		if (colon) {
			char *end;
			v = strtod(colon, &end);
			if (end == colon || *end)
				return bad(e, "bad argument '%s' to '%s'", colon, d->name);
		}
		int ok = d->arg == LEARN_ARG_COUNT ? v == floor(v) && v >= d->min && v <= d->max
						     : d->arg == LEARN_ARG_NONE || (v > d->min && v <= d->max);
		if (!ok)
			return bad(e, "bad argument '%s' to '%s'", colon, d->name);
		*id = d->id;
		*arg = v;
		return 0;
	}
	return bad(e, "unknown %s '%s'", what, text);
}

struct learn_spec learn_default(void)
{
	return (struct learn_spec){ .kind = LEARN_COURNOT, .k = 10, .w = 0.5,
				    .sched = LEARN_SIMULTANEOUS, .p = 0.5 };
}

int learn_parse(const char *text, struct learn_spec *out, struct err *e)
{
	char buf[128];
	if (!text || !*text || strlen(text) >= sizeof buf)
		return bad(e, "bad dynamics '%s'%s", text ? text : "", "");
	strcpy(buf, text);
	struct learn_spec s = learn_default();
	char *sched = strchr(buf, ',');
	if (sched)
		*sched++ = '\0';
	int id;
	double v;
	if (parse_desc(learn_dynamics, learn_ndynamics, buf, "dynamics", &id, &v, e) < 0)
		return -1;
	s.kind = (enum learn_kind)id;
	if (s.kind == LEARN_KPERIOD)
		s.k = (int)v;
	else if (s.kind == LEARN_EWMA || s.kind == LEARN_DAMPED)
		s.w = v;
	if (sched) {
		if (parse_desc(learn_schedules, learn_nschedules, sched, "schedule", &id, &v, e) < 0)
			return -1;
		s.sched = (enum learn_sched)id;
		if (s.sched == LEARN_ASYNC)
			s.p = v;
	}
	*out = s;
	return 0;
}

static const struct learn_desc *find_id(const struct learn_desc *t, size_t n, int id)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].id == id)
			return &t[i];
	return NULL;
}

/* "name" or "name:arg" of a table row. */
static void format_desc(const struct learn_desc *d, double arg, char *buf, size_t size)
{
	char num[32];
	fmt_num(num, sizeof num, arg);
	if (d->arg == LEARN_ARG_NONE)
		snprintf(buf, size, "%s", d->name);
	else
		snprintf(buf, size, "%s:%s", d->name, num);
}

void learn_format(const struct learn_spec *s, char *buf, size_t size)
{
	if (s->kind == LEARN_NONE) {
		snprintf(buf, size, "-");
		return;
	}
	char rule[48], sched[48] = "";
	double arg = s->kind == LEARN_KPERIOD ? s->k : s->w;
	format_desc(find_id(learn_dynamics, learn_ndynamics, s->kind), arg, rule, sizeof rule);
	if (s->sched != LEARN_SIMULTANEOUS)
		format_desc(find_id(learn_schedules, learn_nschedules, s->sched), s->p, sched,
			    sizeof sched);
	snprintf(buf, size, "%s%s%s", rule, *sched ? "," : "", sched);
}

void learn_dynamic_default(size_t i, char *buf, size_t size)
{
	format_desc(&learn_dynamics[i], learn_dynamics[i].def, buf, size);
}

long learn_kperiod_max(size_t dim)
{
	size_t by_mem = RING_MAX / (dim ? dim : 1);
	return by_mem < KPERIOD_MAX ? (long)by_mem : KPERIOD_MAX;
}

/* ---- the engine ------------------------------------------------------------------------ */

struct learn {
	size_t dim;
	int np;
	size_t *off;
	struct learn_spec spec;
	struct rng rng;
	long n;
	double *a, *prev, *sum, *r, *belief, *out;
	const double *bel; /* the belief of the last step: `belief`, or a play (cournot, damped) */
	double *bnext;     /* the next step's belief, formed by the record pass (bready) */
	int bready;        /* bnext holds what form_belief would form for the next step */
	int pend;          /* the play in `a` is recorded but not yet in sum and r */
	int pend_ring;     /* ... nor in the ring and the window sums (kperiod taken ahead);
			    * pend_full: the window was full when it was recorded */
	int pend_full;
	enum model_norm norm;
	const double *eq;  /* dist_ne is measured against it (NULL: not measured) */
	double step_change, dist_ne;
	double ewma_w;     /* weight r is kept with */
	long *cnt;         /* records per block */
	unsigned char *moves; /* per block: revises at this step */
	/* ring of records: block q's j-th newest record in slot (cnt[q] - 1 - j) mod cap */
	double *ring;
	int cap;
	int *avail;        /* per block: records held in the ring (<= cap) */
	double *wsum;      /* kperiod: per component, sum of the block's window */
	int *wlen;         /* kperiod: per block, records in the window */
	long since_resum;
	int in_step;       /* every block holds the same number of records */
	/* huge games (dim > KEEP_ALL_MAX): sum and r hold every play since they were primed
	 * (sum_ok, r_ok); the sum of block q counts cnt[q] - sbase[q] records */
	int huge, keep_mean, sum_ok, r_ok;
	long *sbase;
	double *eqblk;     /* one block of the equilibrium (model_vt.equilibrium_block) */
	struct ahead *ahead; /* the next step computed while the model observed (or NULL) */
};

static void drop_ahead(struct learn *l);

/* Whether a step under the current rule adds its play to the running sum / to r. */
static int keeps_sum(const struct learn *l)
{
	return !l->huge || l->keep_mean || l->spec.kind == LEARN_FICTITIOUS;
}

static int keeps_r(const struct learn *l) { return !l->huge || l->spec.kind == LEARN_EWMA; }

/* After a step of a huge game: what was not kept no longer holds every play. */
static void mark_kept(struct learn *l)
{
	l->sum_ok &= keeps_sum(l);
	l->r_ok &= keeps_r(l);
}

/* Huge games: the sum and r a rule (or the mean) is about to read start from the current
 * play when they were not kept (see the top comment). */
static void prime_stats(struct learn *l)
{
	size_t bytes = l->dim * sizeof *l->a;
	if (keeps_sum(l) && !l->sum_ok) {
		memcpy(l->sum, l->a, bytes);
		for (int q = 0; q < l->np; q++)
			l->sbase[q] = l->cnt[q] - 1;
		l->sum_ok = 1;
	}
	if (keeps_r(l) && !l->r_ok) {
		memcpy(l->r, l->a, bytes);
		l->r_ok = 1;
	}
}

static double *slot(struct learn *l, long record)
{
	return l->ring + (size_t)(record % l->cap) * l->dim;
}

static int kperiod_on(const struct learn *l) { return l->spec.kind == LEARN_KPERIOD; }

static void window_resum(struct learn *l)
{
	for (int q = 0; q < l->np; q++) {
		size_t lo = l->off[q], hi = l->off[q + 1];
		int len = l->avail[q] < l->spec.k ? l->avail[q] : l->spec.k;
		memset(l->wsum + lo, 0, (hi - lo) * sizeof *l->wsum);
		for (int j = 0; j < len; j++) {
			const double *x = slot(l, l->cnt[q] - 1 - j);
			for (size_t i = lo; i < hi; i++)
				l->wsum[i] += x[i];
		}
		l->wlen[q] = len;
	}
	l->since_resum = 0;
	l->bready = 0; /* a belief formed from the incremental sums is not this one */
}

/* Ensures the ring holds at least `cap` records, keeping the newest ones; a new ring of a
 * started engine is primed with the current action. */
static void ring_reserve(struct learn *l, int cap)
{
	if (cap <= l->cap || l->dim == 0)
		return;
	double *ring = xcalloc((size_t)cap * l->dim, sizeof *ring);
	for (int q = 0; q < l->np; q++) {
		size_t lo = l->off[q], len = (l->off[q + 1] - lo) * sizeof *ring;
		int keep = l->avail[q];
		for (int j = 0; j < keep; j++) {
			long rec = l->cnt[q] - 1 - j;
			memcpy(ring + (size_t)(rec % cap) * l->dim + lo, slot(l, rec) + lo, len);
		}
		if (keep == 0 && l->n >= 0) {
			memcpy(ring + (size_t)((l->cnt[q] - 1) % cap) * l->dim + lo, l->a + lo, len);
			keep = 1;
		}
		l->avail[q] = keep;
	}
	free(l->ring);
	l->ring = ring;
	l->cap = cap;
}

struct learn *learn_new(size_t dim, int nplayers, const size_t *player_off, uint64_t seed)
{
	struct learn *l = xcalloc(1, sizeof *l);
	size_t d = dim ? dim : 1;
	l->dim = dim;
	l->np = nplayers > 0 && player_off ? nplayers : 1;
	l->off = xcalloc((size_t)l->np + 1, sizeof *l->off);
	if (player_off && nplayers > 0)
		memcpy(l->off, player_off, ((size_t)nplayers + 1) * sizeof *l->off);
	else
		l->off[1] = dim;
	double **bufs[] = { &l->a, &l->prev, &l->sum, &l->r, &l->belief, &l->out, &l->wsum };
	for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
		*bufs[i] = xcalloc(d, sizeof(double));
	l->cnt = xcalloc((size_t)l->np, sizeof *l->cnt);
	l->avail = xcalloc((size_t)l->np, sizeof *l->avail);
	l->wlen = xcalloc((size_t)l->np, sizeof *l->wlen);
	l->moves = xcalloc((size_t)l->np, 1);
	l->sbase = xcalloc((size_t)l->np, sizeof *l->sbase);
	l->huge = dim > KEEP_ALL_MAX;
	rng_stream(&l->rng, seed, SCHED_STREAM);
	l->ewma_w = 0.5;
	l->bel = l->belief;
	l->step_change = l->dist_ne = NAN;
	l->n = -1;
	l->spec = learn_default();
	if (dim > 0 && dim * HIST_CAP <= HIST_BUDGET)
		ring_reserve(l, HIST_CAP);
	return l;
}

void learn_free(struct learn *l)
{
	if (!l)
		return;
	void *bufs[] = { l->off, l->a, l->prev, l->sum, l->r, l->belief, l->out, l->wsum,
			 l->cnt, l->avail, l->wlen, l->moves, l->ring, l->sbase, l->eqblk,
			 l->ahead, l->bnext };
	for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
		free(bufs[i]);
	free(l);
}

/* Adds components [lo, hi) of the play in `a` to the running sum and r that are kept. */
static void fold_stats(struct learn *l, size_t lo, size_t hi)
{
	double w = l->ewma_w;
	if (keeps_sum(l))
		for (size_t i = lo; i < hi; i++)
			l->sum[i] += l->a[i];
	if (keeps_r(l))
		for (size_t i = lo; i < hi; i++)
			l->r[i] = w * l->a[i] + (1 - w) * l->r[i];
}

/* Adds components [lo, hi) of the pending play (in `a`) to the running sum and r that are
 * kept (both, but in a huge game), and to the ring and the window when they wait for it. */
static void fold_range(struct learn *l, size_t lo, size_t hi)
{
	fold_stats(l, lo, hi);
	if (!l->pend_ring)
		return;
	/* record_range's operations; the slot may be the one leaving the window (cap == K) */
	long rec = l->cnt[0] - 1;
	double *dst = slot(l, rec);
	const double *old = l->pend_full ? slot(l, rec - l->spec.k) : NULL;
	for (size_t i = lo; i < hi; i++) {
		double x = l->a[i];
		l->wsum[i] += x - (old ? old[i] : 0);
		dst[i] = x;
	}
}

/* Adds the pending play to the statistics (see the top comment). */
static void catch_up(struct learn *l)
{
	if (!l->pend)
		return;
	fold_range(l, 0, l->dim);
	l->pend = l->pend_ring = 0;
}

int learn_set_spec(struct learn *l, const struct learn_spec *spec, struct err *e)
{
	if (spec->kind == LEARN_KPERIOD && spec->k > learn_kperiod_max(l->dim))
		return err_set(e, "kperiod:%d keeps %d plays of %zu numbers: K at most %ld for "
				  "this model", spec->k, spec->k, l->dim, learn_kperiod_max(l->dim));
	catch_up(l);
	drop_ahead(l);
	l->bready = 0;
	l->spec = *spec;
	if (spec->kind == LEARN_EWMA)
		l->ewma_w = spec->w;
	if (l->n >= 0)
		prime_stats(l);
	if (spec->kind == LEARN_KPERIOD && l->dim > 0) {
		ring_reserve(l, spec->k);
		window_resum(l);
	}
	return 0;
}

const struct learn_spec *learn_get_spec(const struct learn *l) { return &l->spec; }

void learn_set_norm(struct learn *l, enum model_norm norm, const double *eq)
{
	l->norm = norm;
	l->eq = eq;
}

void learn_start(struct learn *l, const double *a0)
{
	size_t bytes = l->dim * sizeof *a0;
	drop_ahead(l);
	l->bready = 0;
	l->n = 0;
	memcpy(l->a, a0, bytes);
	memcpy(l->sum, a0, bytes);
	memcpy(l->r, a0, bytes); /* r_0 = m_0 (spec A10) */
	memcpy(l->belief, a0, bytes);
	for (int q = 0; q < l->np; q++) {
		l->cnt[q] = 1;
		l->avail[q] = l->cap ? 1 : 0;
		l->sbase[q] = 0;
	}
	l->in_step = 1;
	l->pend = l->pend_ring = 0;
	l->sum_ok = l->r_ok = 1;
	l->bel = l->belief;
	if (l->cap)
		memcpy(l->ring, a0, bytes);
	if (kperiod_on(l) && l->dim > 0)
		window_resum(l);
	l->step_change = NAN;
	l->dist_ne = l->eq && l->dim > 0 ? model_norm_diff(l->norm, l->a, l->eq, l->dim) : NAN;
}

/* Blocks q0..q1-1, which hold the same number of records, record their current play.
 * One pass over their components: with every block in step (all but sequential play) this
 * is a single pass over the action. */
static void record_span(struct learn *l, int q0, int q1)
{
	size_t lo = l->off[q0], hi = l->off[q1];
	long cnt = l->cnt[q0];
	int full = kperiod_on(l) && l->wlen[q0] == l->spec.k;
	fold_stats(l, lo, hi);
	if (l->cap && kperiod_on(l)) {
		/* the record leaving the window is read before the new one overwrites it */
		const double *old = full ? slot(l, cnt - l->spec.k) : NULL;
		for (size_t i = lo; i < hi; i++)
			l->wsum[i] += l->a[i] - (old ? old[i] : 0);
	}
	if (l->cap)
		memcpy(slot(l, cnt) + lo, l->a + lo, (hi - lo) * sizeof *l->a);
	for (int q = q0; q < q1; q++) {
		l->cnt[q]++;
		if (l->cap && l->avail[q] < l->cap)
			l->avail[q]++;
		if (kperiod_on(l) && !full)
			l->wlen[q]++;
	}
}

/* Forms the belief of blocks q0..q1-1, which hold the same number of records. */
static void belief_span(struct learn *l, int q0, int q1)
{
	size_t lo = l->off[q0], hi = l->off[q1];
	double w = l->spec.w, inv;
	switch (l->spec.kind) {
	case LEARN_FICTITIOUS:
		inv = 1.0 / (double)(l->cnt[q0] - l->sbase[q0]);
		for (size_t i = lo; i < hi; i++)
			l->belief[i] = l->sum[i] * inv;
		break;
	case LEARN_KPERIOD:
		inv = 1.0 / (double)l->wlen[q0];
		for (size_t i = lo; i < hi; i++)
			l->belief[i] = l->wsum[i] * inv;
		break;
	case LEARN_EWMA:
		for (size_t i = lo; i < hi; i++)
			l->belief[i] = w * l->a[i] + (1 - w) * l->r[i];
		break;
	default: /* cournot, damped */
		memcpy(l->belief + lo, l->a + lo, (hi - lo) * sizeof *l->a);
		break;
	}
}

static void form_belief(struct learn *l)
{
	if (l->spec.kind == LEARN_COURNOT || l->spec.kind == LEARN_DAMPED) {
		l->bel = l->a; /* stays valid: `a` becomes `prev` and is not written this step */
		return;
	}
	l->bel = l->belief;
	if (l->bready) { /* formed by the last step's record pass: the same bits */
		double *t = l->belief;
		l->bel = l->belief = l->bnext;
		l->bnext = t;
		l->bready = 0;
		return;
	}
	if (l->in_step) {
		belief_span(l, 0, l->np);
		return;
	}
	for (int q = 0; q < l->np; q++)
		belief_span(l, q, q + 1);
}

/* Marks who revises at this step; returns how many. */
static int pick_movers(struct learn *l)
{
	enum learn_sched s = l->spec.sched;
	int np = l->np, count = 0, one = -1;
	if (s == LEARN_SEQUENTIAL)
		one = (int)(l->n % np);
	else if (s == LEARN_RANDOM)
		one = np > 1 ? (int)rng_below(&l->rng, (uint64_t)np) : 0;
	for (int q = 0; q < np; q++) {
		int m = s == LEARN_SIMULTANEOUS || q == one ||
			(s == LEARN_ASYNC && rng_bernoulli(&l->rng, l->spec.p));
		l->moves[q] = (unsigned char)m;
		count += m;
	}
	return count;
}

/* Best responses of the movers into out; the others keep their play. */
static int respond(struct learn *l, struct model *m, int movers, struct err *e)
{
	if (movers == l->np)
		return m->vt->best_response(m, l->bel, -1, l->out, e);
	memcpy(l->out, l->a, l->dim * sizeof *l->a);
	for (int q = 0; q < l->np; q++)
		if (l->moves[q] && m->vt->best_response(m, l->bel, q, l->out, e) < 0)
			return -1;
	return 0;
}

/* After the swap the pending play is `prev`: fold it, before record_span adds `a`. */
static void catch_up_prev(struct learn *l)
{
	if (!l->pend)
		return;
	double w = l->ewma_w;
	for (size_t i = 0; i < l->dim; i++) {
		l->sum[i] += l->prev[i];
		l->r[i] = w * l->prev[i] + (1 - w) * l->r[i];
	}
	l->pend = 0;
}

/* Norm accumulation of model_norm_diff (same operations, same order). */
static inline double norm_acc(int maxn, double acc, double d)
{
	if (maxn)
		return d > acc || isnan(d) ? d : acc;
	return acc + d * d;
}

/* What record_range does to each component (fixed for one step). */
struct rec_plan {
	double *a, *sum, *r, *ws, *dst;
	const double *p, *eq, *old;
	size_t eq_lo; /* eq[k] is component eq_lo + k (one block, or the whole action) */
	double w, dw;
	int damped, maxn, fold, kper;
	int fsum, fr; /* fold 1: which of sum and r take a_n (a huge game keeps one or none) */
	/* fold 3 (a step taken ahead): first add a_{n-1} if it is pending (pendp), leave a_n
	 * pending; the next belief is formed from the statistics with a_n as if it were in.
	 * kperiod: a_{n-1} goes to ring slot pslot, pold leaves the window (NULL: not full) */
	int pendp;
	double *pslot;
	const double *pold;
	/* the next step's belief into bnext, as belief_span forms it: sum * binv, window sum *
	 * binv, or bw a_n + (1 - bw) r */
	int prep;
	double *bnext;
	double binv, bw;
};

enum { PREP_NONE, PREP_SUM, PREP_WIN, PREP_EWMA };

/* The norms' accumulators, carried over the ranges in order. */
struct rec_acc {
	double sc, ne;
};

/* The common case of a large game under cournot: L2 norms against a_{n-1} and eq, no ring,
 * no damping; fold 0 (nothing) or 2 (two plays). Branch-free loops. */
static int record_plain(const struct rec_plan *pl, size_t lo, size_t hi, struct rec_acc *acc)
{
	if (pl->damped || pl->maxn || pl->kper || pl->dst || !pl->eq || pl->fold == 1)
		return 0;
	const size_t len = hi - lo;
	const double *restrict a = pl->a + lo, *restrict p = pl->p + lo;
	const double *restrict eq = pl->eq + (lo - pl->eq_lo);
	double sc = acc->sc, ne = acc->ne;
	if (pl->fold == 0) {
		for (size_t i = 0; i < len; i++) {
			double d = fabs(a[i] - p[i]), de = fabs(a[i] - eq[i]);
			sc += d * d;
			ne += de * de;
		}
	} else {
		double *restrict sum = pl->sum + lo, *restrict r = pl->r + lo;
		const double w = pl->w;
		for (size_t i = 0; i < len; i++) {
			double x = a[i], pi = p[i];
			double d = fabs(x - pi), de = fabs(x - eq[i]);
			sc += d * d;
			ne += de * de;
			double ts = sum[i] + pi, tr = w * pi + (1 - w) * r[i];
			sum[i] = ts + x;
			r[i] = w * x + (1 - w) * tr;
		}
	}
	acc->sc = sc;
	acc->ne = ne;
	return 1;
}

/* The loops below taking constant flags are instantiated once per choice of the flags:
 * they must be inlined whatever their size, or each would test its flags per component. */
#ifdef __GNUC__
#define LOOP_INLINE static inline __attribute__((always_inline))
#else
#define LOOP_INLINE static inline
#endif

/* record_fold1's loop for one choice of the statistics kept (constants once inlined). */
LOOP_INLINE void fold1_loop(const struct rec_plan *pl, size_t lo, size_t hi,
			      struct rec_acc *acc, const int fsum, const int fr, const int prep)
{
	const size_t len = hi - lo;
	const double *restrict a = pl->a + lo, *restrict p = pl->p + lo;
	const double *restrict eq = pl->eq + (lo - pl->eq_lo);
	double *restrict sum = pl->sum + lo, *restrict r = pl->r + lo;
	double *restrict bn = prep ? pl->bnext + lo : NULL;
	const double w = pl->w, binv = pl->binv, bw = pl->bw;
	double sc = acc->sc, ne = acc->ne;
	for (size_t i = 0; i < len; i++) {
		double x = a[i];
		double d = fabs(x - p[i]), de = fabs(x - eq[i]);
		sc += d * d;
		ne += de * de;
		if (fsum)
			sum[i] += x;
		if (fr)
			r[i] = w * x + (1 - w) * r[i];
		if (prep == PREP_SUM)
			bn[i] = sum[i] * binv;
		else if (prep == PREP_EWMA)
			bn[i] = bw * x + (1 - bw) * r[i];
	}
	acc->sc = sc;
	acc->ne = ne;
}

/* Fold 1 (fictitious, ewma) of a large game with L2 norms against eq and no ring: the
 * generic loop's operations in its order, without its per-component branches. */
static int record_fold1(const struct rec_plan *pl, size_t lo, size_t hi, struct rec_acc *acc)
{
	if (pl->damped || pl->maxn || pl->kper || pl->dst || !pl->eq || pl->fold != 1)
		return 0;
	if (pl->prep == PREP_SUM && pl->fr)
		fold1_loop(pl, lo, hi, acc, 1, 1, PREP_SUM);
	else if (pl->prep == PREP_SUM)
		fold1_loop(pl, lo, hi, acc, 1, 0, PREP_SUM);
	else if (pl->prep == PREP_EWMA && pl->fsum)
		fold1_loop(pl, lo, hi, acc, 1, 1, PREP_EWMA);
	else if (pl->prep == PREP_EWMA)
		fold1_loop(pl, lo, hi, acc, 0, 1, PREP_EWMA);
	else if (pl->prep)
		return 0;
	else if (pl->fsum && pl->fr)
		fold1_loop(pl, lo, hi, acc, 1, 1, 0);
	else if (pl->fsum)
		fold1_loop(pl, lo, hi, acc, 1, 0, 0);
	else if (pl->fr)
		fold1_loop(pl, lo, hi, acc, 0, 1, 0);
	else
		fold1_loop(pl, lo, hi, acc, 0, 0, 0);
	return 1;
}

/* Damped or kperiod with nothing folded (a huge game), L2 norms against eq: the generic
 * loop's operations in its order, without its per-component branches. The ring slot the
 * play goes to may be the one leaving the window (cap == K): each component's old record
 * is read before the new one is written, so old and dst are not restrict. */
static int record_mix_ring(const struct rec_plan *pl, size_t lo, size_t hi,
			   struct rec_acc *acc)
{
	if (pl->maxn || !pl->eq || pl->fold || pl->damped == pl->kper ||
	    (pl->kper && !pl->dst) || (pl->damped && pl->dst) ||
	    (pl->prep && pl->prep != PREP_WIN))
		return 0;
	const size_t len = hi - lo;
	double *restrict a = pl->a + lo;
	const double *restrict p = pl->p + lo;
	const double *restrict eq = pl->eq + (lo - pl->eq_lo);
	double sc = acc->sc, ne = acc->ne;
	if (pl->damped) {
		const double dw = pl->dw;
		for (size_t i = 0; i < len; i++) {
			double pi = p[i], x = (1 - dw) * pi + dw * a[i];
			a[i] = x;
			double d = fabs(x - pi), de = fabs(x - eq[i]);
			sc += d * d;
			ne += de * de;
		}
	} else {
		double *restrict ws = pl->ws + lo;
		double *dst = pl->dst + lo;
		double *restrict bn = pl->prep ? pl->bnext + lo : NULL;
		const double *old = pl->old ? pl->old + lo : NULL;
		const double binv = pl->binv;
		for (size_t i = 0; i < len; i++) {
			double x = a[i];
			double d = fabs(x - p[i]), de = fabs(x - eq[i]);
			sc += d * d;
			ne += de * de;
			ws[i] += x - (old ? old[i] : 0);
			dst[i] = x;
			if (bn)
				bn[i] = ws[i] * binv;
		}
	}
	acc->sc = sc;
	acc->ne = ne;
	return 1;
}

/* Component i of defer_loop: the operations of catch_up for a_{n-1}, of fold 1 for a_n and
 * of belief_span, in order, except that a_n is not stored into the statistics; the norms'
 * terms added to *sc and *ne. */
LOOP_INLINE void defer_at(size_t i, const double *restrict a, const double *restrict p,
			  const double *restrict eq, double *restrict sum, double *restrict r,
			  double *restrict bn, const double *k, double *sc, double *ne,
			  const int fsum, const int fr, const int prep, const int pend)
{
	const double w = k[0], binv = k[1], bw = k[2];
	double x = a[i], pi = p[i];
	double d = fabs(x - pi), de = fabs(x - eq[i]);
	*sc += d * d;
	*ne += de * de;
	if (fsum) {
		double ts = sum[i];
		if (pend)
			sum[i] = ts = ts + pi;
		if (prep == PREP_SUM)
			bn[i] = (ts + x) * binv;
	}
	if (fr) {
		double tr = r[i];
		if (pend)
			r[i] = tr = w * pi + (1 - w) * tr;
		if (prep == PREP_EWMA)
			bn[i] = bw * x + (1 - bw) * (w * x + (1 - w) * tr);
	}
}

/* The L2 norms' terms of two components (plays x, last plays p, equilibrium q), added to
 * the step change and the distance to equilibrium in component order. */
LOOP_INLINE void l2_pair(double *sc, double *ne, double x0, double x1, double p0, double p1,
			 double q0, double q1)
{
	double d0 = fabs(x0 - p0), e0 = fabs(x0 - q0);
	double d1 = fabs(x1 - p1), e1 = fabs(x1 - q1);
	*sc += d0 * d0;
	*ne += e0 * e0;
	*sc += d1 * d1;
	*ne += e1 * e1;
}

/* record_defer's loop for one choice of statistics, belief and whether a_{n-1} is pending
 * (constants once inlined). Two components per iteration, written out (their loads before
 * their stores) so that the compiler pairs their operations; each does defer_at's
 * operations, and the norms add in component order. */
LOOP_INLINE void defer_loop_p(const struct rec_plan *pl, size_t lo, size_t hi,
			      struct rec_acc *acc, const int fsum, const int fr, const int prep,
			      const int pend)
{
	const size_t len = hi - lo;
	const double *restrict a = pl->a + lo, *restrict p = pl->p + lo;
	const double *restrict eq = pl->eq + (lo - pl->eq_lo);
	double *restrict sum = pl->sum + lo, *restrict r = pl->r + lo;
	double *restrict bn = pl->bnext + lo;
	const double w = pl->w, binv = pl->binv, bw = pl->bw;
	const double k[3] = { w, binv, bw };
	double sc = acc->sc, ne = acc->ne;
	size_t i = 0;
	for (; i + 2 <= len; i += 2) {
		double x0 = a[i], x1 = a[i + 1], p0 = p[i], p1 = p[i + 1];
		l2_pair(&sc, &ne, x0, x1, p0, p1, eq[i], eq[i + 1]);
		if (fsum) {
			double t0 = sum[i], t1 = sum[i + 1];
			if (pend) {
				t0 = t0 + p0;
				t1 = t1 + p1;
				sum[i] = t0;
				sum[i + 1] = t1;
			}
			if (prep == PREP_SUM) {
				bn[i] = (t0 + x0) * binv;
				bn[i + 1] = (t1 + x1) * binv;
			}
		}
		if (fr) {
			double t0 = r[i], t1 = r[i + 1];
			if (pend) {
				t0 = w * p0 + (1 - w) * t0;
				t1 = w * p1 + (1 - w) * t1;
				r[i] = t0;
				r[i + 1] = t1;
			}
			if (prep == PREP_EWMA) {
				bn[i] = bw * x0 + (1 - bw) * (w * x0 + (1 - w) * t0);
				bn[i + 1] = bw * x1 + (1 - bw) * (w * x1 + (1 - w) * t1);
			}
		}
	}
	if (i < len)
		defer_at(i, a, p, eq, sum, r, bn, k, &sc, &ne, fsum, fr, prep, pend);
	acc->sc = sc;
	acc->ne = ne;
}

/* defer_loop_p with whether a_{n-1} is pending a constant too. */
LOOP_INLINE void defer_loop(const struct rec_plan *pl, size_t lo, size_t hi,
			    struct rec_acc *acc, const int fsum, const int fr, const int prep)
{
	if (pl->pendp)
		defer_loop_p(pl, lo, hi, acc, fsum, fr, prep, 1);
	else
		defer_loop_p(pl, lo, hi, acc, fsum, fr, prep, 0);
}

/* defer_window in the steady state (a_{n-1} pending, the window full before and after it):
 * two components per iteration, written out, each with defer_window's operations in its
 * order for that component (the slot leaving is read before a_{n-1}'s slot is written, the
 * one leaving next after it: the slots may coincide), the norms in component order. */
static void defer_window_full(const struct rec_plan *pl, size_t lo, size_t hi,
			      struct rec_acc *acc)
{
	const size_t len = hi - lo;
	const double *restrict a = pl->a + lo, *restrict p = pl->p + lo;
	const double *restrict eq = pl->eq + (lo - pl->eq_lo);
	double *restrict ws = pl->ws + lo, *restrict bn = pl->bnext + lo;
	double *ps = pl->pslot + lo;
	const double *po = pl->pold + lo, *xo = pl->old + lo;
	const double binv = pl->binv;
	double sc = acc->sc, ne = acc->ne;
	size_t i = 0;
	for (; i + 2 <= len; i += 2) {
		double x0 = a[i], x1 = a[i + 1], p0 = p[i], p1 = p[i + 1];
		l2_pair(&sc, &ne, x0, x1, p0, p1, eq[i], eq[i + 1]);
		double t0 = ws[i] + (p0 - po[i]), t1 = ws[i + 1] + (p1 - po[i + 1]);
		ws[i] = t0;
		ws[i + 1] = t1;
		ps[i] = p0;
		ps[i + 1] = p1;
		bn[i] = (t0 + (x0 - xo[i])) * binv;
		bn[i + 1] = (t1 + (x1 - xo[i + 1])) * binv;
	}
	for (; i < len; i++) {
		double x = a[i], pi = p[i];
		double d = fabs(x - pi), de = fabs(x - eq[i]);
		sc += d * d;
		ne += de * de;
		double tw = ws[i] + (pi - po[i]);
		ws[i] = tw;
		ps[i] = pi;
		bn[i] = (tw + (x - xo[i])) * binv;
	}
	acc->sc = sc;
	acc->ne = ne;
}

/* defer_loop for kperiod (nothing else kept): a_{n-1} into its slot and the window sums,
 * the next belief from them with a_n. Slots may coincide (cap == K; K == 1), so each
 * component is read before it is written and after: not restrict. */
static void defer_window(const struct rec_plan *pl, size_t lo, size_t hi, struct rec_acc *acc)
{
	if (pl->pslot && pl->pold && pl->old) {
		defer_window_full(pl, lo, hi, acc);
		return;
	}
	const size_t len = hi - lo;
	const double *restrict a = pl->a + lo, *restrict p = pl->p + lo;
	const double *restrict eq = pl->eq + (lo - pl->eq_lo);
	double *restrict ws = pl->ws + lo, *restrict bn = pl->bnext + lo;
	double *ps = pl->pslot ? pl->pslot + lo : NULL;
	const double *po = pl->pold ? pl->pold + lo : NULL, *xo = pl->old ? pl->old + lo : NULL;
	const double binv = pl->binv;
	double sc = acc->sc, ne = acc->ne;
	for (size_t i = 0; i < len; i++) {
		double x = a[i], pi = p[i];
		double d = fabs(x - pi), de = fabs(x - eq[i]);
		sc += d * d;
		ne += de * de;
		double tw = ws[i];
		if (ps) {
			ws[i] = tw = tw + (pi - (po ? po[i] : 0));
			ps[i] = pi;
		}
		bn[i] = (tw + (x - (xo ? xo[i] : 0))) * binv;
	}
	acc->sc = sc;
	acc->ne = ne;
}

/* Fold 3, a step of a huge game taken ahead under fictitious, ewma or kperiod
 * (learn_ahead_begin: L2 norms against eq, a ring only under kperiod): the model is still gathering from a_{n-1} and the belief
 * while the blocks are recorded, and a_n is not taken yet (a switch may drop it), so a_n is
 * left pending and only the next belief sees it. */
static int record_defer(const struct rec_plan *pl, size_t lo, size_t hi, struct rec_acc *acc)
{
	if (pl->fold != 3)
		return 0;
	if (pl->prep == PREP_WIN)
		defer_window(pl, lo, hi, acc);
	else if (pl->prep == PREP_SUM && pl->fr)
		defer_loop(pl, lo, hi, acc, 1, 1, PREP_SUM);
	else if (pl->prep == PREP_SUM)
		defer_loop(pl, lo, hi, acc, 1, 0, PREP_SUM);
	else if (pl->fsum)
		defer_loop(pl, lo, hi, acc, 1, 1, PREP_EWMA);
	else
		defer_loop(pl, lo, hi, acc, 0, 1, PREP_EWMA);
	return 1;
}

/* Components [lo, hi) of a_n: the damped mix, the norms, the fold, the window, the ring. */
static void record_range(const struct rec_plan *pl, size_t lo, size_t hi, struct rec_acc *acc)
{
	if (record_defer(pl, lo, hi, acc) || record_plain(pl, lo, hi, acc) ||
	    record_fold1(pl, lo, hi, acc) || record_mix_ring(pl, lo, hi, acc))
		return;
	double *restrict a = pl->a, *restrict sum = pl->sum, *restrict r = pl->r;
	const double *restrict p = pl->p;
	const double *restrict eq = pl->eq ? pl->eq + (lo - pl->eq_lo) : NULL;
	const double w = pl->w, dw = pl->dw;
	double sc = acc->sc, ne = acc->ne;
	for (size_t i = lo; i < hi; i++) {
		double x = a[i], pi = p[i];
		if (pl->damped)
			a[i] = x = (1 - dw) * pi + dw * x;
		sc = norm_acc(pl->maxn, sc, fabs(x - pi));
		if (eq)
			ne = norm_acc(pl->maxn, ne, fabs(x - eq[i - lo]));
		if (pl->fold == 2) {
			double ts = sum[i] + pi, tr = w * pi + (1 - w) * r[i];
			sum[i] = ts + x;
			r[i] = w * x + (1 - w) * tr;
		} else if (pl->fold == 1) {
			if (pl->fsum)
				sum[i] += x;
			if (pl->fr)
				r[i] = w * x + (1 - w) * r[i];
		}
		if (pl->kper)
			pl->ws[i] += x - (pl->old ? pl->old[i] : 0);
		if (pl->dst)
			pl->dst[i] = x;
		if (pl->prep == PREP_SUM)
			pl->bnext[i] = sum[i] * pl->binv;
		else if (pl->prep == PREP_WIN)
			pl->bnext[i] = pl->ws[i] * pl->binv;
		else if (pl->prep == PREP_EWMA)
			pl->bnext[i] = pl->bw * x + (1 - pl->bw) * r[i];
	}
	acc->sc = sc;
	acc->ne = ne;
}

/* Points the plan's equilibrium at block q, computed by the model into l->eqblk. */
static void eq_block(struct learn *l, struct model *m, int q, struct rec_plan *pl)
{
	if (!l->eqblk) {
		size_t big = 1;
		for (int k = 0; k < l->np; k++)
			if (l->off[k + 1] - l->off[k] > big)
				big = l->off[k + 1] - l->off[k];
		l->eqblk = xmallocarray(big, sizeof *l->eqblk);
	}
	m->vt->equilibrium_block(m, q, l->eqblk);
	pl->eq = l->eqblk;
	pl->eq_lo = l->off[q];
}

/* The step n + 1 a model computed while observing a_n (model_vt.observe_ahead): its plan,
 * its measures so far, and whether it is complete. */
struct ahead {
	struct model *m;
	struct rec_plan pl;
	struct rec_acc acc;
	long n;    /* the step it follows */
	int done;  /* blocks recorded */
	int ready; /* complete and valid for step n + 1 */
};

/* Which belief the record pass of a streamed step forms for the next step: that of an
 * averaging rule (the statistic it reads is final once the block is recorded). */
static int prep_kind(const struct learn *l)
{
	switch (l->spec.kind) {
	case LEARN_FICTITIOUS:
		return PREP_SUM;
	case LEARN_EWMA:
		return PREP_EWMA;
	case LEARN_KPERIOD:
		return l->cap ? PREP_WIN : PREP_NONE;
	default:
		return PREP_NONE;
	}
}

/* The plan of a streamed step that writes a_{n+1} into l->out (see step_fused). */
static struct rec_plan fused_plan(struct learn *l)
{
	const int kper = kperiod_on(l), full = kper && l->wlen[0] == l->spec.k;
	const int lazy = l->spec.kind != LEARN_FICTITIOUS && l->spec.kind != LEARN_EWMA;
	const int prep = prep_kind(l);
	long cnt = l->cnt[0];
	if (prep && !l->bnext)
		l->bnext = xmallocarray(l->dim, sizeof *l->bnext);
	/* the counts the next step divides by (belief_span's, after this step's record) */
	long nsum = cnt + 1 - l->sbase[0], nwin = full ? l->wlen[0] : l->wlen[0] + 1;
	return (struct rec_plan){
		.prep = prep, .bnext = l->bnext, .bw = l->spec.w,
		.binv = prep == PREP_SUM ? 1.0 / (double)nsum
			: prep == PREP_WIN ? 1.0 / (double)nwin : 0,
		.a = l->out, .sum = l->sum, .r = l->r, .ws = l->wsum,
		.dst = l->cap ? slot(l, cnt) : NULL,
		.p = l->a, .eq = l->eq,
		.old = l->cap && full ? slot(l, cnt - l->spec.k) : NULL,
		.w = l->ewma_w, .dw = l->spec.w,
		.damped = l->spec.kind == LEARN_DAMPED, .maxn = l->norm == MODEL_NORM_MAX,
		/* 0: leave sum and r (a_n becomes pending, or in a huge game unkept), 1: add a_n,
		 * 2: add a_{n-1}, a_n */
		.fold = l->huge ? keeps_sum(l) || keeps_r(l) : !lazy ? 1 : l->pend ? 2 : 0,
		.kper = l->cap && kper,
		.fsum = keeps_sum(l), .fr = keeps_r(l),
	};
}

/* Records block q of a streamed step. A huge game whose pass streams nothing but a_{n-1}
 * (cournot, damped) measures dist_ne against the model's equilibrium block when it computes
 * one; a pass that also streams a statistic, the ring or the next belief reads the stored
 * equilibrium instead, as one more stream, which costs it less than computing the blocks
 * between its streams (a smaller equilibrium is read from cache either way). */
static void fused_block(struct learn *l, struct model *m, struct rec_plan *pl, int q,
			struct rec_acc *acc)
{
	const int streams = pl->fold || pl->dst || pl->prep;
	if (pl->eq && m->vt->equilibrium_block && l->huge && !streams)
		eq_block(l, m, q, pl);
	record_range(pl, l->off[q], l->off[q + 1], acc);
}

/* The streamed step's end: out becomes a_n, the measures become the series. */
static void fused_finish(struct learn *l, const struct rec_plan *pl, const struct rec_acc *acc)
{
	const int kper = kperiod_on(l), full = kper && l->wlen[0] == l->spec.k;
	double *t = l->prev;
	l->prev = l->a;
	l->a = l->out;
	l->out = t;
	l->n++;
	l->step_change = pl->maxn ? acc->sc : sqrt(acc->sc);
	l->dist_ne = !pl->eq ? NAN : pl->maxn ? acc->ne : sqrt(acc->ne);
	l->pend = pl->fold == 3 || (!l->huge && pl->fold == 0);
	l->pend_ring = pl->fold == 3 && pl->kper;
	l->pend_full = full;
	l->bready = pl->prep != PREP_NONE;
	mark_kept(l);
	for (int q = 0; q < l->np; q++) {
		l->cnt[q]++;
		if (l->cap && l->avail[q] < l->cap)
			l->avail[q]++;
		if (kper && !full)
			l->wlen[q]++;
	}
	if (kper && ++l->since_resum >= RESUM_EVERY) {
		catch_up(l); /* the ring holds every record it counts */
		window_resum(l);
	}
}

/* Whether a ready step taken ahead wrote the next belief over the last step's. */
static int ahead_over_bel(const struct learn *l)
{
	const struct ahead *ah = l->ahead;
	return ah && ah->ready && ah->pl.prep && ah->pl.bnext == l->bel;
}

static void drop_ahead(struct learn *l)
{
	if (!l->ahead)
		return;
	if (ahead_over_bel(l))
		l->bel = NULL;
	l->ahead->ready = 0;
}

/* Which belief the next step could be taken ahead on: a_n (cournot, damped: nothing
 * recorded), the belief the last step formed (fictitious, ewma in a huge game: its
 * statistics are not what the model gathers), or none (NULL). */
static const double *ahead_belief(const struct learn *l)
{
	switch (l->spec.kind) {
	case LEARN_COURNOT:
	case LEARN_DAMPED:
		return l->cap || keeps_sum(l) || keeps_r(l) ? NULL : l->a;
	case LEARN_FICTITIOUS:
	case LEARN_EWMA:
		return l->huge && !l->cap && l->bready && l->eq && l->norm == MODEL_NORM_L2
			       ? l->bnext
			       : NULL;
	case LEARN_KPERIOD:
		return l->huge && l->cap && !keeps_sum(l) && !keeps_r(l) && l->bready && l->eq &&
				       l->norm == MODEL_NORM_L2
			       ? l->bnext
			       : NULL;
	default:
		return NULL;
	}
}

double *learn_ahead_begin(struct learn *l, struct model *m, const double **belief)
{
	drop_ahead(l);
	if (!m->vt->observe_ahead || m->vt->advance || m->vt->rescale || l->n < 0 ||
	    l->dim == 0 || l->spec.sched != LEARN_SIMULTANEOUS || !l->in_step)
		return NULL;
	const double *bel = ahead_belief(l);
	if (!bel)
		return NULL;
	if (!l->ahead)
		l->ahead = xcalloc(1, sizeof *l->ahead);
	*l->ahead = (struct ahead){ .m = m, .pl = fused_plan(l), .n = l->n };
	if (bel != l->a) { /* a_n stays pending; the next belief goes over the last one */
		struct rec_plan *pl = &l->ahead->pl;
		long rec = l->cnt[0] - 1; /* a_n's record */
		pl->fold = 3;
		pl->pendp = l->pend;
		pl->bnext = l->belief;
		pl->pslot = l->pend_ring ? slot(l, rec) : NULL;
		pl->pold = l->pend_ring && l->pend_full ? slot(l, rec - l->spec.k) : NULL;
	}
	*belief = bel;
	return l->out;
}

void learn_ahead_block(void *ctx, int q)
{
	struct learn *l = ctx;
	struct ahead *ah = l->ahead;
	fused_block(l, ah->m, &ah->pl, q, &ah->acc);
	ah->done = q + 1;
}

void learn_ahead_end(struct learn *l, int ok)
{
	struct ahead *ah = l->ahead;
	if (!ah)
		return;
	ah->ready = ok && ah->n == l->n;
	if (ah->pl.fold == 3 && ah->pl.pendp) { /* the pending a_n is in: the rest of it too */
		if (ah->done < l->np)
			fold_range(l, l->off[ah->done], l->dim);
		l->pend = l->pend_ring = 0;
	}
	if (!ah->ready && ah->pl.prep && ah->pl.bnext == l->bel)
		l->bel = NULL;
}

/* A step in which every block moves and records (all but sequential or partial moves):
 * the best response into `out`, then one pass over it that applies the damped mix,
 * measures step_change and dist_ne, folds into the running sum and r (two plays at a time
 * while the rule does not read them) and fills the window and the ring. A model whose
 * single-player best responses are as cheap as the round (br_stream) is asked player by
 * player, and each block is recorded while it is still in cache (fused_block: against the
 * model's equilibrium block when it computes one and the pass streams nothing else). */
static int step_fused(struct learn *l, struct model *m, struct err *e)
{
	if (l->ahead && l->ahead->ready && l->ahead->n == l->n) { /* computed while observing */
		l->ahead->ready = 0;
		assert(!l->ahead->pl.prep || l->ahead->pl.bnext == l->bnext);
		fused_finish(l, &l->ahead->pl, &l->ahead->acc);
		return 0;
	}
	struct rec_plan pl = fused_plan(l);
	struct rec_acc acc = { 0, 0 };
	if (m->br_stream && l->np > 1) {
		for (int q = 0; q < l->np; q++) {
			if (m->vt->best_response(m, l->bel, q, l->out, e) < 0)
				return -1;
			fused_block(l, m, &pl, q, &acc);
		}
	} else {
		if (m->vt->best_response(m, l->bel, -1, l->out, e) < 0)
			return -1;
		record_range(&pl, 0, l->dim, &acc);
	}
	fused_finish(l, &pl, &acc);
	return 0;
}

int learn_step(struct learn *l, struct model *m, struct err *e)
{
	if (l->n < 0)
		return err_set(e, "learning engine not started");
	if (l->dim == 0) {
		l->n++;
		return 0;
	}
	if (l->huge && l->pend) /* left by a step taken ahead (fold 3) */
		catch_up(l);
	int movers = pick_movers(l);
	form_belief(l);
	if (l->spec.sched != LEARN_SEQUENTIAL && l->in_step && movers == l->np)
		return step_fused(l, m, e);
	drop_ahead(l);
	if (movers > 0 && respond(l, m, movers, e) < 0)
		return -1;
	if (movers == 0)
		memcpy(l->out, l->a, l->dim * sizeof *l->a);
	if (l->spec.kind == LEARN_DAMPED) {
		double w = l->spec.w;
		for (int q = 0; q < l->np; q++)
			for (size_t i = l->off[q]; l->moves[q] && i < l->off[q + 1]; i++)
				l->out[i] = (1 - w) * l->a[i] + w * l->out[i];
	}
	double *t = l->prev;
	l->prev = l->a;
	l->a = l->out;
	l->out = t;
	l->n++;
	catch_up_prev(l);
	if (l->spec.sched != LEARN_SEQUENTIAL && l->in_step) {
		record_span(l, 0, l->np);
	} else {
		int seq = l->spec.sched == LEARN_SEQUENTIAL;
		l->in_step = 1;
		for (int q = 0; q < l->np; q++) {
			if (!seq || l->moves[q])
				record_span(l, q, q + 1);
			l->in_step &= l->cnt[q] == l->cnt[0];
		}
	}
	mark_kept(l);
	l->step_change = model_norm_diff(l->norm, l->a, l->prev, l->dim);
	l->dist_ne = l->eq ? model_norm_diff(l->norm, l->a, l->eq, l->dim) : NAN;
	if (kperiod_on(l) && ++l->since_resum >= RESUM_EVERY)
		window_resum(l);
	return 0;
}

void learn_rescale(struct learn *l, const double *f)
{
	catch_up(l);
	drop_ahead(l);
	l->bready = 0;
	/* the belief is its own buffer, or one of the plays (scaled once, as that play) */
	double *v[] = { l->a, l->prev, l->sum, l->r, l->wsum,
			l->bel == l->belief ? l->belief : NULL };
	for (size_t k = 0; k < sizeof v / sizeof v[0] && v[k]; k++)
		for (size_t i = 0; i < l->dim; i++)
			v[k][i] *= f[i];
	for (int rec = 0; rec < l->cap; rec++)
		for (size_t i = 0; i < l->dim; i++)
			l->ring[(size_t)rec * l->dim + i] *= f[i];
	/* the series are read after a rescale: measure them again on the scaled plays */
	if (l->n > 0)
		l->step_change = model_norm_diff(l->norm, l->a, l->prev, l->dim);
	if (l->eq && l->dim > 0)
		l->dist_ne = model_norm_diff(l->norm, l->a, l->eq, l->dim);
}

long learn_n(const struct learn *l) { return l->n; }
const double *learn_action(const struct learn *l) { return l->a; }
const double *learn_prev(const struct learn *l) { return l->n > 0 ? l->prev : NULL; }
const double *learn_belief(const struct learn *l)
{
	return ahead_over_bel(l) ? NULL : l->bel;
}
double learn_step_change(const struct learn *l) { return l->step_change; }
double learn_dist_ne(const struct learn *l) { return l->dist_ne; }

const double *learn_mean(const struct learn *l)
{
	/* the out buffer is free between steps: use it for the mean (after the pending fold) */
	struct learn *w = (struct learn *)l;
	catch_up(w);
	if (w->huge && !w->keep_mean) { /* from now on the sum is kept (primed if it was not) */
		drop_ahead(w); /* its plan did not keep the sum */
		w->keep_mean = 1;
		prime_stats(w);
	}
	for (int q = 0; q < l->np; q++) {
		double inv = 1.0 / (double)(l->cnt[q] - l->sbase[q]);
		for (size_t i = l->off[q]; i < l->off[q + 1]; i++)
			w->out[i] = l->sum[i] * inv;
	}
	return w->out;
}
