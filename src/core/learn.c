/* learn: the one learning engine (see learn.h).
 * Every player's block keeps its own records: the running sum (fictitious play), the
 * exponential average r (thesis eq. 4.31, r_0 = a_0), and a ring of its most recent records
 * (k-period). A block's j-th newest record lives in ring slot (cnt - 1 - j) mod cap, so
 * blocks that recorded a different number of times (sequential play) share one ring.
 * The ring: for games of at most HIST_BUDGET / HIST_CAP components (32 768) it always keeps
 * the last HIST_CAP (64) records, so a switch to kperiod:K with K <= 64 uses the true
 * history. Larger games get a ring only when kperiod is switched on; it is primed with the
 * current action (the window then fills as play goes on), grows to K when K grows, and stays
 * allocated until the engine is freed. K is bounded so that the records a window may read
 * are at most RING_MAX doubles (learn_kperiod_max); a huge game's ring has one slot more
 * (at least 3), where a step taken ahead puts its play. Window sums are updated incrementally and re-summed every
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
 * kperiod in a huge game against a form of the statistic the rule reads (core/belief.h: the
 * sum or the window sum times 1 / count, W a_n + (1 - W) r), which the model evaluates where
 * it gathers, so no belief array is written or read back. The model is still gathering from
 * the statistic while the step's pass runs, and a switch may drop the step, so the pass
 * writes each statistic kept, with the new play added, into a second buffer (snext, rnext,
 * wnext), swapped in when the step is taken; under kperiod the model writes the play
 * straight into its ring slot, the one slot no window reads yet, and the plays live in the
 * ring from then on (inring: a, prev and out point into it, until plays_own copies them
 * back before anything else writes the ring or the plays). A step taken ahead thus leaves
 * nothing pending and nothing to undo.
 * Huge games (more than KEEP_ALL_MAX components, a play of more than 16 MB) keep only the
 * statistics the current rule reads: the running sum under fictitious play (or once the
 * mean was asked for), r under ewma, neither under the others, so a cournot step streams
 * no history at all. A statistic that was not kept is primed from the current play when a
 * rule starts reading it: fictitious then averages the plays since the switch (the count
 * restarts at 1, kept per block in sbase) and ewma starts from r = a_n, as a run starts
 * from r_0 = a_0. Smaller games keep both exactly, whatever the rule.
 * Neighbours: model (best responses), belief (its forms), pair (the look-ahead pass two
 * components at a time), rng (schedule stream), sim (owner). */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/belief.h"
#include "core/learn.h"
#include "core/pair.h"
#include "core/param.h"
#include "core/rng.h"
#include "core/xmalloc.h"

#define HIST_CAP 64
#define HIST_BUDGET ((size_t)1 << 21) /* doubles always kept for switching: 16 MB */
#define RING_MAX ((size_t)1 << 25)    /* doubles a kperiod window may read: 256 MB */
#define RESUM_EVERY 1024
#define KEEP_ALL_MAX ((size_t)1 << 21) /* larger games keep only what the rule reads */
#define KPERIOD_MAX 100000
#define SCHED_STREAM 0x5c4ed41eu      /* rng stream index of the schedule */

/* Loops taking constant flags are instantiated once per choice of the flags: they must be
 * inlined whatever their size, or each would test its flags per component. */
#ifdef __GNUC__
#define LOOP_INLINE static inline __attribute__((always_inline))
#else
#define LOOP_INLINE static inline
#endif

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
	double *own[3];    /* the engine's play buffers; a huge kperiod game's plays may live in
			    * the ring instead (inring: a, prev, out may point into it) */
	int inring;
	const double *bel; /* the belief of the last step: `belief`, a play (cournot, damped), or
			    * NULL (a step taken ahead on a form of a statistic) */
	double *bnext;     /* the next step's belief, formed by the record pass (bready) */
	int bready;        /* bnext holds what form_belief would form for the next step */
	int pend;          /* the play in `a` is recorded but not yet in sum and r */
	/* a step taken ahead writes sum, r and the window sums with its play added into these
	 * (allocated on first use) and swaps them in once taken */
	double *snext, *rnext, *wnext;
	enum model_norm norm;
	const double *eq;  /* dist_ne is measured against it (NULL: not measured) */
	double step_change, dist_ne;
	double ewma_w;     /* weight r is kept with */
	long *cnt;         /* records per block */
	unsigned char *moves; /* per block: revises at this step */
	/* ring of records: block q's j-th newest record in slot (cnt[q] - 1 - j) mod cap */
	double *ring;
	int cap;           /* slots: hold, and in a huge game at least one more (and 3) */
	int hold;          /* records the ring keeps for a window */
	int *avail;        /* per block: records held in the ring (<= hold) */
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

static int in_ring(const struct learn *l, const double *p)
{
	return l->ring && p >= l->ring && p < l->ring + (size_t)l->cap * l->dim;
}

/* An own play buffer that is neither x nor y. */
static double *own_but(const struct learn *l, const double *x, const double *y)
{
	int k = 0;
	while (l->own[k] == x || l->own[k] == y)
		k++;
	return l->own[k];
}

/* The plays back in the engine's own buffers (before anything writes them or the ring). */
static void plays_own(struct learn *l)
{
	if (!l->inring)
		return;
	size_t bytes = l->dim * sizeof *l->a;
	double *a = in_ring(l, l->a) ? NULL : l->a, *p = in_ring(l, l->prev) ? NULL : l->prev;
	if (!a)
		a = memcpy(own_but(l, p, NULL), l->a, bytes);
	if (!p)
		p = memcpy(own_but(l, a, NULL), l->prev, bytes);
	l->a = a;
	l->prev = p;
	l->out = own_but(l, a, p);
	l->inring = 0;
}

/* A huge game's step taken ahead under kperiod writes its play straight into its ring slot
 * (record cnt, which no window reads: the ring has a slot more than it holds), and a_n is
 * the newest record already (nothing is pending in a huge game): the plays live in the ring
 * from then on, until plays_own. */
static void plays_in_ring(struct learn *l)
{
	long cnt = l->cnt[0];
	if (!l->inring)
		l->a = slot(l, cnt - 1);
	l->inring = 1;
	l->out = slot(l, cnt);
}

/* Ensures the ring holds at least `hold` records, keeping the newest ones; a new ring of a
 * started engine is primed with the current action. A huge game's ring has a slot more
 * (the play of a step taken ahead goes there while the window is still read), and at least
 * 3 (a_{n-1}, a_n and the play being computed may all live in it). */
static void ring_reserve(struct learn *l, int hold)
{
	if (hold <= l->hold || l->dim == 0)
		return;
	int cap = !l->huge ? hold : hold + 1 > 3 ? hold + 1 : 3;
	plays_own(l);
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
	l->hold = hold;
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
	double **bufs[] = { &l->own[0], &l->own[1], &l->own[2], &l->sum, &l->r, &l->belief,
			    &l->wsum };
	for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
		*bufs[i] = xcalloc(d, sizeof(double));
	l->a = l->own[0];
	l->prev = l->own[1];
	l->out = l->own[2];
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
	void *bufs[] = { l->off, l->own[0], l->own[1], l->own[2], l->sum, l->r, l->belief,
			 l->wsum, l->cnt, l->avail, l->wlen, l->moves, l->ring, l->sbase,
			 l->eqblk, l->ahead, l->bnext, l->snext, l->rnext, l->wnext };
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

/* Adds the pending play to the statistics (see the top comment). */
static void catch_up(struct learn *l)
{
	if (!l->pend)
		return;
	fold_stats(l, 0, l->dim);
	l->pend = 0;
}

int learn_set_spec(struct learn *l, const struct learn_spec *spec, struct err *e)
{
	if (spec->kind == LEARN_KPERIOD && spec->k > learn_kperiod_max(l->dim))
		return err_set(e, "kperiod:%d keeps %d plays of %zu numbers: K at most %ld for "
				  "this model", spec->k, spec->k, l->dim, learn_kperiod_max(l->dim));
	plays_own(l);
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
	plays_own(l);
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
	l->pend = 0;
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
		if (l->cap && l->avail[q] < l->hold)
			l->avail[q]++;
		if (kperiod_on(l) && !full)
			l->wlen[q]++;
	}
}

/* The belief the current rule forms for the next step from what is kept now (a huge game
 * keeps what the rule reads; nothing pending): a form of a statistic (core/belief.h), or
 * the play (cournot, damped). cnt, wlen and sbase of block q. */
static struct belief belief_form(const struct learn *l, int q)
{
	switch (l->spec.kind) {
	case LEARN_FICTITIOUS:
		return (struct belief){ BELIEF_SCALED, l->sum,
					1.0 / (double)(l->cnt[q] - l->sbase[q]) };
	case LEARN_KPERIOD:
		return (struct belief){ BELIEF_SCALED, l->wsum, 1.0 / (double)l->wlen[q] };
	case LEARN_EWMA:
		return (struct belief){ BELIEF_MIX, l->r, l->spec.w };
	default:
		return (struct belief){ BELIEF_ARRAY, l->a, 0 };
	}
}

/* Writes components [lo, hi) of belief b of play a into out (b's kind a constant once
 * inlined). */
LOOP_INLINE void belief_write(enum belief_kind kind, const struct belief *b, const double *a,
			      size_t lo, size_t hi, double *out)
{
	for (size_t i = lo; i < hi; i++)
		out[i] = belief_at(kind, b->v, b->c, a, i);
}

/* Forms the belief of blocks q0..q1-1, which hold the same number of records. */
static void belief_span(struct learn *l, int q0, int q1)
{
	size_t lo = l->off[q0], hi = l->off[q1];
	struct belief b = belief_form(l, q0);
	if (b.kind == BELIEF_SCALED)
		belief_write(BELIEF_SCALED, &b, l->a, lo, hi, l->belief);
	else if (b.kind == BELIEF_MIX)
		belief_write(BELIEF_MIX, &b, l->a, lo, hi, l->belief);
	else
		belief_write(BELIEF_ARRAY, &b, l->a, lo, hi, l->belief);
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
	/* FOLD_AHEAD (a step taken ahead): sum, r and the window sums with a_n added go to
	 * sn, rn, wn (the model is still gathering from the kept ones), a_n is in its ring
	 * slot already (dst NULL) */
	double *sn, *rn, *wn;
	/* the next step's belief into bnext, as belief_span forms it: sum * binv, window sum *
	 * binv, or bw a_n + (1 - bw) r */
	int prep;
	double *bnext;
	double binv, bw;
};

enum { PREP_NONE, PREP_SUM, PREP_WIN, PREP_EWMA };
enum { FOLD_AHEAD = 3 };

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
			bn[i] = belief_at(BELIEF_SCALED, sum, binv, a, i);
		else if (prep == PREP_EWMA)
			bn[i] = belief_at(BELIEF_MIX, r, bw, a, i);
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
				bn[i] = belief_at(BELIEF_SCALED, ws, binv, a, i);
		}
	}
	acc->sc = sc;
	acc->ne = ne;
	return 1;
}

/* The pass of a step taken ahead (FOLD_AHEAD, see learn_ahead_begin) for one choice of the
 * statistics kept and whether the window is full (constants once inlined): the norms, and
 * each statistic with a_n added (fold 1's, record_mix_ring's operations) into its second
 * buffer. Two components at a time in the lanes of a pair of doubles, each lane doing one
 * component's operations; the norms' accumulators (step change, distance to equilibrium)
 * are the lanes of one pair, and take the two components' terms in order. */
LOOP_INLINE void ahead_loop(const struct rec_plan *pl, size_t lo, size_t hi,
			    struct rec_acc *acc, const int fsum, const int fr, const int win,
			    const int full)
{
	const size_t len = hi - lo;
	const double *restrict a = pl->a + lo, *restrict p = pl->p + lo;
	const double *restrict eq = pl->eq + (lo - pl->eq_lo);
	const double *restrict sum = fsum ? pl->sum + lo : NULL, *restrict r = fr ? pl->r + lo : NULL;
	const double *restrict ws = win ? pl->ws + lo : NULL;
	const double *restrict old = full ? pl->old + lo : NULL;
	double *restrict sn = fsum ? pl->sn + lo : NULL, *restrict rn = fr ? pl->rn + lo : NULL;
	double *restrict wn = win ? pl->wn + lo : NULL;
	const double w = pl->w;
	const PAIR wv = { w, w }, cw = { 1 - w, 1 - w };
	PAIR nm = { acc->sc, acc->ne };
	size_t i = 0;
	for (; i + 2 <= len; i += 2) {
		PAIR x = pair_at(a + i);
		PAIR d = pair_abs(x - pair_at(p + i)), e = pair_abs(x - pair_at(eq + i));
		d *= d;
		e *= e;
		nm += pair_lo(d, e);
		nm += pair_hi(d, e);
		if (fsum)
			pair_put(sn + i, pair_at(sum + i) + x);
		if (fr)
			pair_put(rn + i, wv * x + cw * pair_at(r + i));
		if (win)
			pair_put(wn + i, pair_at(ws + i) + (full ? x - pair_at(old + i) : x));
	}
	double sc = nm[0], ne = nm[1];
	for (; i < len; i++) {
		double x = a[i];
		double d = fabs(x - p[i]), de = fabs(x - eq[i]);
		sc += d * d;
		ne += de * de;
		if (fsum)
			sn[i] = sum[i] + x;
		if (fr)
			rn[i] = w * x + (1 - w) * r[i];
		if (win)
			wn[i] = ws[i] + (full ? x - old[i] : x);
	}
	acc->sc = sc;
	acc->ne = ne;
}

/* The pass of a step taken ahead, under fictitious (the sum), ewma (r, and the sum once the
 * mean was asked for) or kperiod (the window sums). */
static int record_ahead(const struct rec_plan *pl, size_t lo, size_t hi, struct rec_acc *acc)
{
	if (pl->fold != FOLD_AHEAD)
		return 0;
	if (pl->kper && pl->old)
		ahead_loop(pl, lo, hi, acc, 0, 0, 1, 1);
	else if (pl->kper)
		ahead_loop(pl, lo, hi, acc, 0, 0, 1, 0);
	else if (pl->fsum && pl->fr)
		ahead_loop(pl, lo, hi, acc, 1, 1, 0, 0);
	else if (pl->fr)
		ahead_loop(pl, lo, hi, acc, 0, 1, 0, 0);
	else
		ahead_loop(pl, lo, hi, acc, 1, 0, 0, 0);
	return 1;
}

/* Components [lo, hi) of a_n: the damped mix, the norms, the fold, the window, the ring. */
static void record_range(const struct rec_plan *pl, size_t lo, size_t hi, struct rec_acc *acc)
{
	if (record_ahead(pl, lo, hi, acc) || record_plain(pl, lo, hi, acc) ||
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
			pl->bnext[i] = belief_at(BELIEF_SCALED, sum, pl->binv, a, i);
		else if (pl->prep == PREP_WIN)
			pl->bnext[i] = belief_at(BELIEF_SCALED, pl->ws, pl->binv, a, i);
		else if (pl->prep == PREP_EWMA)
			pl->bnext[i] = belief_at(BELIEF_MIX, r, pl->bw, a, i);
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
	int ready; /* complete and valid for step n + 1 */
	int play;  /* the belief was a_n (cournot, damped) */
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

/* The streamed step's end: out becomes a_n, the measures become the series; a step taken
 * ahead swaps in the statistics it wrote. */
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
	l->pend = !l->huge && pl->fold == 0;
	l->bready = pl->prep != PREP_NONE;
	if (pl->fold == FOLD_AHEAD) {
		double **from[] = { &l->sum, &l->r, &l->wsum }, **to[] = { &l->snext, &l->rnext,
									  &l->wnext };
		const int on[] = { pl->sn != NULL, pl->rn != NULL, pl->wn != NULL };
		for (int k = 0; k < 3; k++) {
			if (!on[k])
				continue;
			t = *from[k];
			*from[k] = *to[k];
			*to[k] = t;
		}
	}
	mark_kept(l);
	for (int q = 0; q < l->np; q++) {
		l->cnt[q]++;
		if (l->cap && l->avail[q] < l->hold)
			l->avail[q]++;
		if (kper && !full)
			l->wlen[q]++;
	}
	if (l->inring)
		l->out = slot(l, l->cnt[0]); /* the next free slot */
	if (kper && ++l->since_resum >= RESUM_EVERY)
		window_resum(l);
}

static void drop_ahead(struct learn *l)
{
	if (l->ahead)
		l->ahead->ready = 0;
}

static int ahead_ready(const struct learn *l)
{
	return l->ahead && l->ahead->ready && l->ahead->n == l->n;
}

/* Which belief the next step could be taken ahead on (1, into *b): a_n (cournot, damped:
 * nothing recorded), or, in a huge game, the form of the statistic an averaging rule
 * reads (the pass then writes the statistics it keeps into their second buffers, which
 * the model does not read); 0 when none. */
static int ahead_belief(const struct learn *l, struct belief *b)
{
	const int huge_l2 = l->huge && l->eq && l->norm == MODEL_NORM_L2;
	switch (l->spec.kind) {
	case LEARN_COURNOT:
	case LEARN_DAMPED:
		if (l->cap || keeps_sum(l) || keeps_r(l))
			return 0;
		break;
	case LEARN_FICTITIOUS:
	case LEARN_EWMA:
		if (!huge_l2 || l->cap)
			return 0;
		break;
	case LEARN_KPERIOD:
		if (!huge_l2 || !l->cap || keeps_sum(l) || keeps_r(l))
			return 0;
		break;
	default:
		return 0;
	}
	*b = belief_form(l, 0);
	return 1;
}

/* A second buffer of a statistic (allocated once). */
static double *second(struct learn *l, double **buf)
{
	if (!*buf)
		*buf = xmallocarray(l->dim, sizeof **buf);
	return *buf;
}

/* The plan of a step taken ahead on a form of a statistic: the norms, and each statistic
 * kept with a_{n+1} added into its second buffer; under kperiod a_{n+1} is written into its
 * ring slot by the model (plays_in_ring) and the record leaving the window is read. */
static struct rec_plan ahead_plan(struct learn *l)
{
	const int kper = kperiod_on(l), full = kper && l->wlen[0] == l->spec.k;
	return (struct rec_plan){
		.fold = FOLD_AHEAD, .a = l->out, .p = l->a, .eq = l->eq,
		.sum = l->sum, .r = l->r, .ws = l->wsum, .w = l->ewma_w,
		.fsum = keeps_sum(l), .fr = keeps_r(l), .kper = kper,
		.sn = keeps_sum(l) ? second(l, &l->snext) : NULL,
		.rn = keeps_r(l) ? second(l, &l->rnext) : NULL,
		.wn = kper ? second(l, &l->wnext) : NULL,
		.old = full ? slot(l, l->cnt[0] - l->spec.k) : NULL,
	};
}

double *learn_ahead_begin(struct learn *l, struct model *m, struct belief *belief)
{
	drop_ahead(l);
	if (!m->vt->observe_ahead || m->vt->advance || m->vt->rescale || l->n < 0 ||
	    l->dim == 0 || l->spec.sched != LEARN_SIMULTANEOUS || !l->in_step)
		return NULL;
	struct belief b;
	if (!ahead_belief(l, &b))
		return NULL;
	if (!l->ahead)
		l->ahead = xcalloc(1, sizeof *l->ahead);
	const int play = b.kind == BELIEF_ARRAY;
	if (kperiod_on(l))
		plays_in_ring(l);
	*l->ahead = (struct ahead){ .m = m, .pl = play ? fused_plan(l) : ahead_plan(l),
				    .n = l->n, .play = play };
	*belief = b;
	return l->out;
}

void learn_ahead_block(void *ctx, int q)
{
	struct learn *l = ctx;
	struct ahead *ah = l->ahead;
	fused_block(l, ah->m, &ah->pl, q, &ah->acc);
}

void learn_ahead_end(struct learn *l, int ok)
{
	if (l->ahead)
		l->ahead->ready = ok && l->ahead->n == l->n;
}

/* A step computed while the model observed (learn_ahead_begin): every block is recorded. */
static void step_ahead(struct learn *l)
{
	struct ahead *ah = l->ahead;
	ah->ready = 0;
	pick_movers(l); /* simultaneous: everyone, no draw */
	l->bel = ah->play ? l->a : NULL; /* a form is not kept */
	fused_finish(l, &ah->pl, &ah->acc);
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
	if (ahead_ready(l)) {
		step_ahead(l);
		return 0;
	}
	drop_ahead(l);
	plays_own(l);
	int movers = pick_movers(l);
	form_belief(l);
	if (l->spec.sched != LEARN_SEQUENTIAL && l->in_step && movers == l->np)
		return step_fused(l, m, e);
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
	plays_own(l);
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
const double *learn_belief(const struct learn *l) { return l->bel; }
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
