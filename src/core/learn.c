/* learn: the one learning engine (see learn.h). The engine keeps, whatever the current
 * dynamic, the running sum of all actions (fictitious play), the exponential average r
 * (thesis eq. 4.31) and the last action, so switching between these dynamics mid-run loses
 * nothing. k-period averaging needs the last K actions: for small games (dim * HIST_CAP
 * doubles within HIST_BUDGET) a ring of the last HIST_CAP actions is always kept, so a
 * switch to kperiod:K (K <= HIST_CAP) is exact; for large games the ring exists only while
 * kperiod is active and a switch primes it with the current action (documented in
 * taton(1)). The window sum is updated incrementally and re-summed every RESUM_EVERY steps
 * so rounding never drifts. No allocation happens in learn_step.
 * Neighbours: model (best responses), sim (owner). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/learn.h"
#include "core/xmalloc.h"

#define HIST_CAP 64
#define HIST_BUDGET ((size_t)1 << 21) /* doubles: 16 MB */
#define RESUM_EVERY 1024
#define KPERIOD_MAX 100000

const char *const learn_names[] = {"cournot", "kperiod:10", "fictitious", "ewma:0.5",
				   "damped:0.5", NULL};

static const struct {
	const char *name;
	enum learn_kind kind;
	int has_arg;      /* 0 none, 1 integer K, 2 weight W in (0, 1] */
	double def;
} kinds[] = {
	{"cournot", LEARN_COURNOT, 0, 0},
	{"kperiod", LEARN_KPERIOD, 1, 10},
	{"fictitious", LEARN_FICTITIOUS, 0, 0},
	{"ewma", LEARN_EWMA, 2, 0.5},
	{"damped", LEARN_DAMPED, 2, 0.5},
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

static const char forms[] = "cournot, kperiod:K (K in [1, 100000]), fictitious, ewma[:W], "
			    "damped[:W] (W in (0, 1]), optionally followed by ',sequential'";

int learn_parse(const char *text, struct learn_spec *out, struct err *e)
{
	char buf[128];
	if (!text || strlen(text) >= sizeof buf)
		return err_set(e, "bad dynamics '%s': allowed %s", text ? text : "", forms);
	strcpy(buf, text);
	struct learn_spec s = {LEARN_COURNOT, 10, 0.5, 0};
	char *opt = strchr(buf, ',');
	if (opt) {
		*opt++ = '\0';
		if (strcmp(opt, "sequential") == 0)
			s.sequential = 1;
		else if (strcmp(opt, "simultaneous") != 0)
			return err_set(e, "bad dynamics option '%s': allowed sequential, "
					  "simultaneous", opt);
	}
	char *arg = strchr(buf, ':');
	if (arg)
		*arg++ = '\0';
	size_t i;
	for (i = 0; i < NKINDS; i++)
		if (strcmp(buf, kinds[i].name) == 0)
			break;
	if (i == NKINDS)
		return err_set(e, "unknown dynamics '%s': allowed %s", text, forms);
	s.kind = kinds[i].kind;
	if (arg && kinds[i].has_arg == 0)
		return err_set(e, "dynamics '%s' takes no argument", kinds[i].name);
	double v = kinds[i].def;
	if (arg) {
		char *end;
		v = strtod(arg, &end);
		if (end == arg || *end)
			return err_set(e, "bad argument '%s' to dynamics '%s': allowed %s", arg,
				       kinds[i].name, forms);
	}
	if (kinds[i].has_arg == 1) {
		if (v != floor(v) || v < 1 || v > KPERIOD_MAX)
			return err_set(e, "kperiod:K needs an integer K in [1, %d], got '%s'",
				       KPERIOD_MAX, arg);
		s.k = (int)v;
	} else if (kinds[i].has_arg == 2) {
		if (!(v > 0 && v <= 1))
			return err_set(e, "%s:W needs a weight W in (0, 1], got '%s'",
				       kinds[i].name, arg);
		s.w = v;
	}
	*out = s;
	return 0;
}

void learn_format(const struct learn_spec *s, char *buf, size_t size)
{
	const char *seq = s->sequential ? ",sequential" : "";
	switch (s->kind) {
	case LEARN_COURNOT: snprintf(buf, size, "cournot%s", seq); break;
	case LEARN_FICTITIOUS: snprintf(buf, size, "fictitious%s", seq); break;
	case LEARN_KPERIOD: snprintf(buf, size, "kperiod:%d%s", s->k, seq); break;
	case LEARN_EWMA: snprintf(buf, size, "ewma:%.17g%s", s->w, seq); break;
	case LEARN_DAMPED: snprintf(buf, size, "damped:%.17g%s", s->w, seq); break;
	}
}

struct learn {
	size_t dim;
	int nplayers;
	size_t *off;
	struct learn_spec spec;
	long n;
	double *a, *prev, *sum, *r, *belief, *out;
	double ewma_w;    /* weight r is kept with */
	/* ring of the most recent actions; ring[(head - j) mod cap] is a_{n-j} */
	double *ring;
	int cap, count, head;
	double *wsum;     /* sum of the last min(K, count) actions when kperiod is active */
	int wlen;
	long since_resum;
};

static size_t default_cap(size_t dim)
{
	return dim > 0 && dim * HIST_CAP <= HIST_BUDGET ? HIST_CAP : 0;
}

static double *ring_at(struct learn *l, int j) /* a_{n-j}, j < count */
{
	int idx = (l->head - j + l->cap) % l->cap;
	return l->ring + (size_t)idx * l->dim;
}

static void window_resum(struct learn *l)
{
	memset(l->wsum, 0, l->dim * sizeof *l->wsum);
	l->wlen = l->count < l->spec.k ? l->count : l->spec.k;
	for (int j = 0; j < l->wlen; j++) {
		const double *x = ring_at(l, j);
		for (size_t i = 0; i < l->dim; i++)
			l->wsum[i] += x[i];
	}
	l->since_resum = 0;
}

/* Ensures the ring holds at least `cap` entries, keeping the newest ones. */
static void ring_reserve(struct learn *l, int cap)
{
	if (cap <= l->cap)
		return;
	double *ring = xcalloc((size_t)cap * (l->dim ? l->dim : 1), sizeof *ring);
	int keep = l->count;
	for (int j = 0; j < keep; j++) /* newest at index keep-1 */
		memcpy(ring + (size_t)(keep - 1 - j) * l->dim, ring_at(l, j),
		       l->dim * sizeof *ring);
	if (keep == 0 && l->n >= 0 && l->a) { /* prime with the current action */
		memcpy(ring, l->a, l->dim * sizeof *ring);
		keep = 1;
	}
	free(l->ring);
	l->ring = ring;
	l->cap = cap;
	l->count = keep;
	l->head = keep - 1;
}

static void ring_push(struct learn *l, const double *x)
{
	if (l->cap == 0)
		return;
	l->head = (l->head + 1) % l->cap;
	memcpy(l->ring + (size_t)l->head * l->dim, x, l->dim * sizeof *x);
	if (l->count < l->cap)
		l->count++;
}

struct learn *learn_new(size_t dim, int nplayers, const size_t *player_off,
			const struct learn_spec *spec)
{
	struct learn *l = xcalloc(1, sizeof *l);
	size_t d = dim ? dim : 1;
	l->dim = dim;
	l->nplayers = nplayers > 0 ? nplayers : 1;
	l->off = xcalloc((size_t)l->nplayers + 1, sizeof *l->off);
	if (player_off && nplayers > 0)
		memcpy(l->off, player_off, ((size_t)nplayers + 1) * sizeof *l->off);
	else
		l->off[1] = dim;
	l->a = xcalloc(d, sizeof(double));
	l->prev = xcalloc(d, sizeof(double));
	l->sum = xcalloc(d, sizeof(double));
	l->r = xcalloc(d, sizeof(double));
	l->belief = xcalloc(d, sizeof(double));
	l->out = xcalloc(d, sizeof(double));
	l->wsum = xcalloc(d, sizeof(double));
	l->ewma_w = 0.5;
	l->n = -1;
	int cap = (int)default_cap(dim);
	if (cap)
		ring_reserve(l, cap);
	learn_set_spec(l, spec);
	return l;
}

void learn_free(struct learn *l)
{
	if (!l)
		return;
	free(l->off);
	free(l->a);
	free(l->prev);
	free(l->sum);
	free(l->r);
	free(l->belief);
	free(l->out);
	free(l->wsum);
	free(l->ring);
	free(l);
}

void learn_set_spec(struct learn *l, const struct learn_spec *spec)
{
	l->spec = *spec;
	if (spec->kind == LEARN_EWMA)
		l->ewma_w = spec->w;
	if (spec->kind == LEARN_KPERIOD && l->dim > 0) {
		ring_reserve(l, spec->k);
		window_resum(l);
	}
}

const struct learn_spec *learn_get_spec(const struct learn *l) { return &l->spec; }

void learn_start(struct learn *l, const double *a0)
{
	l->n = 0;
	l->count = 0;
	l->head = l->cap ? l->cap - 1 : 0;
	memcpy(l->a, a0, l->dim * sizeof *a0);
	memcpy(l->sum, a0, l->dim * sizeof *a0);
	memcpy(l->r, a0, l->dim * sizeof *a0); /* r_0 = m_0 (spec A10) */
	memcpy(l->belief, a0, l->dim * sizeof *a0);
	ring_push(l, a0);
	if (l->spec.kind == LEARN_KPERIOD)
		window_resum(l);
}

static void form_belief(struct learn *l)
{
	size_t d = l->dim;
	switch (l->spec.kind) {
	case LEARN_COURNOT:
	case LEARN_DAMPED:
		memcpy(l->belief, l->a, d * sizeof *l->a);
		break;
	case LEARN_FICTITIOUS: {
		double inv = 1.0 / (double)(l->n + 1);
		for (size_t i = 0; i < d; i++)
			l->belief[i] = l->sum[i] * inv;
		break;
	}
	case LEARN_KPERIOD: {
		double inv = 1.0 / (double)l->wlen;
		for (size_t i = 0; i < d; i++)
			l->belief[i] = l->wsum[i] * inv;
		break;
	}
	case LEARN_EWMA: {
		double w = l->spec.w;
		for (size_t i = 0; i < d; i++)
			l->belief[i] = w * l->a[i] + (1 - w) * l->r[i];
		break;
	}
	}
}

/* Records out as a_{n+1}. */
static void advance(struct learn *l)
{
	size_t d = l->dim;
	double *t = l->prev;
	l->prev = l->a;
	l->a = l->out;
	l->out = t;
	l->n++;
	double w = l->ewma_w;
	for (size_t i = 0; i < d; i++) {
		l->sum[i] += l->a[i];
		l->r[i] = w * l->a[i] + (1 - w) * l->r[i];
	}
	if (l->spec.kind == LEARN_KPERIOD) {
		/* the entry leaving the window, read before the push overwrites it */
		int full = l->wlen == l->spec.k;
		if (full) {
			const double *old = ring_at(l, l->spec.k - 1);
			for (size_t i = 0; i < d; i++)
				l->wsum[i] -= old[i];
		}
		ring_push(l, l->a);
		for (size_t i = 0; i < d; i++)
			l->wsum[i] += l->a[i];
		if (!full)
			l->wlen++;
		if (++l->since_resum >= RESUM_EVERY)
			window_resum(l);
	} else {
		ring_push(l, l->a);
	}
}

int learn_step(struct learn *l, struct model *m, struct err *e)
{
	size_t d = l->dim;
	if (l->n < 0)
		return err_set(e, "learning engine not started");
	form_belief(l);
	int player = -1;
	size_t lo = 0, hi = d;
	if (l->spec.sequential && l->nplayers > 1) {
		player = (int)(l->n % l->nplayers);
		lo = l->off[player];
		hi = l->off[player + 1];
		memcpy(l->out, l->a, d * sizeof *l->a);
	}
	if (d > 0 && m->vt->best_response(m, l->belief, player, l->out, e) < 0)
		return -1;
	if (l->spec.kind == LEARN_DAMPED) {
		double w = l->spec.w;
		for (size_t i = lo; i < hi; i++)
			l->out[i] = (1 - w) * l->a[i] + w * l->out[i];
	}
	advance(l);
	return 0;
}

long learn_n(const struct learn *l) { return l->n; }
const double *learn_action(const struct learn *l) { return l->a; }
const double *learn_prev(const struct learn *l) { return l->n > 0 ? l->prev : NULL; }
const double *learn_belief(const struct learn *l) { return l->belief; }

const double *learn_mean(const struct learn *l)
{
	/* the out buffer is free between steps: use it for the mean */
	struct learn *w = (struct learn *)l;
	double inv = 1.0 / (double)(l->n + 1);
	for (size_t i = 0; i < l->dim; i++)
		w->out[i] = l->sum[i] * inv;
	return w->out;
}
