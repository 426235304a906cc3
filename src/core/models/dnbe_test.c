/* dnbe_test: the frequency and independence tests, one day at a time (see dnbe_test.h).
 * Two open-addressing hash tables (linear probing, load <= 1/2, keys mixed by the
 * splitmix64 finaliser): the global table of full profiles and each player's map of
 * repeated opponent classes. Neighbours: dnbe_mech, dnbe_law. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/models/dnbe_test.h"
#include "core/rng.h"
#include "core/xmalloc.h"

#define ZOBRIST_SEED 0x646e6265u /* any fixed value: the keys must not depend on the run */

struct dnbe_test_cls {
	uint64_t *key;
	double *num; /* NaN = empty slot */
	size_t cap, used;
};

static size_t mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return (size_t)x;
}

/* ---- the global profile table ---- */

static size_t prof_slot(const struct dnbe_test *t, uint64_t key)
{
	size_t m = t->cap - 1, h = mix(key) & m;
	while (t->cnt[h] && t->key[h] != key)
		h = (h + 1) & m;
	return h;
}

static uint32_t prof_get(const struct dnbe_test *t, uint64_t key)
{
	return t->cnt[prof_slot(t, key)];
}

static void prof_grow(struct dnbe_test *t)
{
	uint64_t *ok = t->key;
	uint32_t *oc = t->cnt;
	size_t ocap = t->cap;
	t->cap = ocap ? 2 * ocap : 1024;
	t->key = xcalloc(t->cap, sizeof *t->key);
	t->cnt = xcalloc(t->cap, sizeof *t->cnt);
	for (size_t s = 0; s < ocap; s++)
		if (oc[s]) {
			size_t h = prof_slot(t, ok[s]);
			t->key[h] = ok[s];
			t->cnt[h] = oc[s];
		}
	free(ok);
	free(oc);
}

static uint32_t prof_inc(struct dnbe_test *t, uint64_t key)
{
	if (2 * (t->used + 1) > t->cap)
		prof_grow(t);
	size_t h = prof_slot(t, key);
	if (!t->cnt[h]) {
		t->key[h] = key;
		t->used++;
	}
	return ++t->cnt[h];
}

/* ---- a player's repeated classes ---- */

static size_t cls_slot(const struct dnbe_test_cls *c, uint64_t key)
{
	size_t m = c->cap - 1, h = mix(key) & m;
	while (!isnan(c->num[h]) && c->key[h] != key)
		h = (h + 1) & m;
	return h;
}

static void cls_grow(struct dnbe_test_cls *c)
{
	uint64_t *ok = c->key;
	double *on = c->num;
	size_t ocap = c->cap;
	c->cap = ocap ? 2 * ocap : 16;
	c->key = xcalloc(c->cap, sizeof *c->key);
	c->num = xmallocarray(c->cap, sizeof *c->num);
	for (size_t s = 0; s < c->cap; s++)
		c->num[s] = NAN;
	for (size_t s = 0; s < ocap; s++)
		if (!isnan(on[s])) {
			size_t h = cls_slot(c, ok[s]);
			c->key[h] = ok[s];
			c->num[h] = on[s];
		}
	free(ok);
	free(on);
}

/* Sets the numerator of class key; returns the old one (-1 for a new class). */
static double cls_set(struct dnbe_test_cls *c, uint64_t key, double num)
{
	if (2 * (c->used + 1) > c->cap)
		cls_grow(c);
	size_t h = cls_slot(c, key);
	double old = c->num[h];
	if (isnan(old)) {
		c->key[h] = key;
		c->used++;
		old = -1;
	}
	c->num[h] = num;
	return old;
}

static double cls_max(const struct dnbe_test_cls *c)
{
	double m = 0;
	for (size_t s = 0; s < c->cap; s++)
		if (!isnan(c->num[s]) && c->num[s] > m)
			m = c->num[s];
	return m;
}

/* ---- life cycle ---- */

static void init_keys(struct dnbe_test *t)
{
	double space = 1;
	for (int i = 0; i < t->n; i++)
		space *= t->k[i];
	t->exact = space < 0x1p62;
	uint64_t w = 1, st = ZOBRIST_SEED;
	for (int i = 0; i < t->n; i++) {
		t->z[i] = xcalloc((size_t)t->k[i], sizeof **t->z);
		for (int r = 0; r < t->k[i]; r++)
			t->z[i][r] = t->exact ? (uint64_t)r * w : rng_splitmix64(&st);
		w *= (uint64_t)t->k[i];
	}
}

void dnbe_test_init(struct dnbe_test *t, int n, const struct dnbe_law *bids)
{
	memset(t, 0, sizeof *t);
	t->n = n;
	size_t un = (size_t)n;
	t->k = xcalloc(un, sizeof *t->k);
	t->p = xcalloc(un, sizeof *t->p);
	t->snum = xcalloc(un, sizeof *t->snum);
	t->z = xcalloc(un, sizeof *t->z);
	t->freq = xcalloc(un, sizeof *t->freq);
	t->single = xcalloc(un, sizeof *t->single);
	t->cls = xcalloc(un, sizeof *t->cls);
	t->mmax = xcalloc(un, sizeof *t->mmax);
	t->fmax = xcalloc(un, sizeof *t->fmax);
	t->hmax = xcalloc(un, sizeof *t->hmax);
	int kmax = 1;
	for (int i = 0; i < n; i++) {
		int k = bids[i].k;
		t->k[i] = k;
		kmax = k > kmax ? k : kmax;
		t->p[i] = xmallocarray((size_t)k, sizeof **t->p);
		memcpy(t->p[i], bids[i].p, (size_t)k * sizeof **t->p);
		t->snum[i] = xcalloc((size_t)k, sizeof **t->snum);
		for (int r = 0; r < k; r++) {
			double m = 1 - t->p[i][r];
			for (int s = 0; s < k; s++)
				if (s != r && t->p[i][s] > m)
					m = t->p[i][s];
			t->snum[i][r] = m;
		}
		t->freq[i] = xcalloc((size_t)k, sizeof **t->freq);
		t->single[i] = xcalloc((size_t)k, sizeof **t->single);
	}
	t->nk = xcalloc((size_t)kmax, sizeof *t->nk);
	init_keys(t);
	prof_grow(t);
}

void dnbe_test_fini(struct dnbe_test *t)
{
	for (int i = 0; i < t->n; i++) {
		free(t->p[i]);
		free(t->snum[i]);
		free(t->z[i]);
		free(t->freq[i]);
		free(t->single[i]);
		free(t->cls[i].key);
		free(t->cls[i].num);
	}
	free(t->k);
	free(t->p);
	free(t->snum);
	free(t->z);
	free(t->freq);
	free(t->single);
	free(t->cls);
	free(t->mmax);
	free(t->fmax);
	free(t->hmax);
	free(t->nk);
	free(t->key);
	free(t->cnt);
	memset(t, 0, sizeof *t);
}

/* ---- one day ---- */

static double freq_stat(const struct dnbe_test *t, int i)
{
	double m = 0, l = (double)t->l;
	for (int r = 0; r < t->k[i]; r++) {
		double f = fabs(t->freq[i][r] / l - t->p[i][r]);
		m = f > m ? f : m;
	}
	return m;
}

/* Updates player i's opponent class of the profile with key `key` (count now c). */
static void update_class(struct dnbe_test *t, int i, int rep, uint64_t key, uint32_t c)
{
	int k = t->k[i];
	const double *p = t->p[i];
	uint64_t base = key - t->z[i][rep];
	double N = 0;
	for (int r = 0; r < k; r++) {
		t->nk[r] = r == rep ? c : prof_get(t, base + t->z[i][r]);
		N += t->nk[r];
	}
	if (N == 1) {
		t->single[i][rep]++;
		return;
	}
	double num = 0;
	for (int r = 0; r < k; r++) {
		double h = fabs(t->nk[r] - p[r] * N);
		num = h > num ? h : num;
	}
	if (N == 2) /* seen once before: it leaves the singletons */
		for (int r = 0; r < k; r++)
			if (t->nk[r] - (r == rep) == 1)
				t->single[i][r]--;
	double old = cls_set(&t->cls[i], base, num);
	if (num >= t->mmax[i])
		t->mmax[i] = num;
	else if (old == t->mmax[i])
		t->mmax[i] = cls_max(&t->cls[i]);
}

void dnbe_test_day(struct dnbe_test *t, const int *rep)
{
	uint64_t key = 0;
	for (int i = 0; i < t->n; i++)
		key += t->z[i][rep[i]];
	uint32_t c = prof_inc(t, key);
	t->l++;
	double l = (double)t->l;
	for (int i = 0; i < t->n; i++) {
		t->freq[i][rep[i]]++;
		t->fmax[i] = freq_stat(t, i);
		update_class(t, i, rep[i], key, c);
		double h = t->mmax[i];
		for (int r = 0; r < t->k[i]; r++)
			if (t->single[i][r] && t->snum[i][r] > h)
				h = t->snum[i][r];
		t->hmax[i] = h / l;
	}
}
