/* dnbe_mech: the DNBE day loop (see dnbe_mech.h). No allocation per day.
 * Random streams (of the seed): 1 true types, 2 the public coin; the market owns its own.
 * Neighbours: dnbe_test, dnbe_strategy, dnbe_law, dnbe.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/models/dnbe_mech.h"
#include "core/xmalloc.h"

enum { STREAM_TYPES = 1, STREAM_COIN = 2 };

double dnbe_mech_window(long l, double gamma)
{
	double x = (double)l;
	return sqrt((log(2) + (1 + gamma) * log(x)) / (2 * x));
}

double dnbe_mech_penalty(long l, double exponent)
{
	return pow((double)l, exponent);
}

static double *copy_vec(const double *x, int n)
{
	double *y = xmallocarray((size_t)n, sizeof *y);
	memcpy(y, x, (size_t)n * sizeof *y);
	return y;
}

void dnbe_mech_init(struct dnbe_mech *m, const struct dnbe_mech_setup *s)
{
	memset(m, 0, sizeof *m);
	int n = s->n;
	size_t un = (size_t)n;
	m->n = n;
	m->posted = s->posted;
	m->price = s->price;
	m->watch = s->watch;
	m->gamma = s->gamma;
	m->pexp = s->penalty_exp;
	m->truth = s->truth;
	m->bid = s->bid;
	m->strat = s->strat;
	m->mk = s->market;
	m->wstar = s->wstar;
	m->wminus = copy_vec(s->wstar_minus, n);
	m->ev = copy_vec(s->ev, n);
	m->pF = xmallocarray(un, sizeof *m->pF);
	for (int i = 0; i < n; i++) /* eq. 5: W*(theta^_{-i}) - E[sum_{j != i} v_j - c] */
		m->pF[i] = m->wminus[i] - (m->wstar - m->ev[i]);
	rng_stream(&m->types, s->seed, STREAM_TYPES);
	rng_stream(&m->coin, s->seed, STREAM_COIN);
	m->tidx = xcalloc(un, sizeof *m->tidx);
	m->ridx = xcalloc(un, sizeof *m->ridx);
	m->tru = xcalloc(un, sizeof *m->tru);
	m->rep = xcalloc(un, sizeof *m->rep);
	m->v_rep = xcalloc(un, sizeof *m->v_rep);
	m->v_true = xcalloc(un, sizeof *m->v_true);
	m->pay = xcalloc(un, sizeof *m->pay);
	m->util = xcalloc(un, sizeof *m->util);
	m->pen = xcalloc(un, sizeof *m->pen);
	m->pen_days = xcalloc(un, sizeof *m->pen_days);
	m->last_pen = xcalloc(un, sizeof *m->last_pen);
	m->cum_util = xcalloc(un, sizeof *m->cum_util);
	m->cum_pen = xcalloc(un, sizeof *m->cum_pen);
	m->wtrue = xcalloc((size_t)m->truth[m->watch].k, sizeof *m->wtrue);
	m->hist = xcalloc(DNBE_MECH_HIST, sizeof *m->hist);
	m->ev_ring = xcalloc(DNBE_MECH_HIST, sizeof *m->ev_ring);
	m->test_max = NAN;
	m->r = NAN;
	if (!m->posted)
		dnbe_test_init(&m->test, n, m->bid);
}

void dnbe_mech_fini(struct dnbe_mech *m)
{
	free(m->wminus);
	free(m->ev);
	free(m->pF);
	free(m->tidx);
	free(m->ridx);
	free(m->tru);
	free(m->rep);
	free(m->v_rep);
	free(m->v_true);
	free(m->pay);
	free(m->util);
	free(m->pen);
	free(m->pen_days);
	free(m->last_pen);
	free(m->cum_util);
	free(m->cum_pen);
	free(m->wtrue);
	free(m->hist);
	free(m->ev_ring);
	if (!m->posted)
		dnbe_test_fini(&m->test);
	memset(m, 0, sizeof *m);
}

static void record_event(struct dnbe_mech *m, int i)
{
	m->ev_ring[m->epos] = (struct dnbe_mech_event){ .day = m->l, .player = i };
	m->epos = (m->epos + 1) % DNBE_MECH_HIST;
	if (m->en < DNBE_MECH_HIST)
		m->en++;
}

/* Tests, penalties and payments of day l (the DNBE mechanism). */
static void settle_dnbe(struct dnbe_mech *m)
{
	dnbe_test_day(&m->test, m->ridx);
	m->r = dnbe_mech_window(m->l, m->gamma);
	m->J = dnbe_mech_penalty(m->l, m->pexp);
	double tmax = 0;
	for (int i = 0; i < m->n; i++) {
		double f = m->test.fmax[i], h = m->test.hmax[i];
		tmax = fmax(tmax, fmax(f, h));
		m->pen[i] = f >= m->r || h >= m->r;
		double J = m->pen[i] ? m->J : 0;
		m->pay[i] = m->pF[i] + m->v_rep[i] - m->ev[i] + J;
		if (m->pen[i]) {
			m->pen_days[i]++;
			m->last_pen[i] = m->l;
			m->cum_pen[i] += J;
			m->pen_total++;
			record_event(m, i);
		}
	}
	m->test_max = tmax;
}

void dnbe_mech_day(struct dnbe_mech *m)
{
	int n = m->n;
	m->l++;
	double coin = rng_uniform(&m->coin);
	for (int i = 0; i < n; i++) {
		int t = dnbe_law_draw(&m->truth[i], rng_uniform(&m->types));
		m->tidx[i] = t;
		m->tru[i] = m->truth[i].v[t];
	}
	double planner;
	if (m->posted) {
		planner = m->mk.posted(m->mk.ctx, m->price, m->tru, m->pay, m->v_true);
		for (int i = 0; i < n; i++) {
			m->pay[i] = -m->pay[i]; /* received -> paid */
			m->ridx[i] = m->tidx[i];
			m->rep[i] = m->tru[i];
		}
	} else {
		for (int i = 0; i < n; i++) {
			int r = dnbe_strategy_report(&m->strat[i], &m->bid[i], m->tidx[i], m->l, coin);
			m->ridx[i] = r;
			m->rep[i] = m->bid[i].v[r];
		}
		planner = m->mk.day(m->mk.ctx, m->rep, m->tru, m->v_rep, m->v_true);
		settle_dnbe(m);
	}
	double cost = planner;
	for (int i = 0; i < n; i++) {
		m->util[i] = m->v_true[i] - m->pay[i];
		m->cum_util[i] += m->util[i];
		cost -= m->v_true[i];
	}
	m->cost = cost;
	m->cum_cost += cost;
	stats_running_push(&m->cost_run, cost);
	int w = m->watch;
	m->wtrue[m->tidx[w]]++;
	m->hist[m->hpos] = (struct dnbe_mech_day){
		.tru = m->tru[w],
		.rep = m->rep[w],
		.recv = -m->pay[w],
		.penalty = m->pen[w] ? m->J : 0,
	};
	m->hpos = (m->hpos + 1) % DNBE_MECH_HIST;
	if (m->hn < DNBE_MECH_HIST)
		m->hn++;
}

const struct dnbe_mech_day *dnbe_mech_hist(const struct dnbe_mech *m, size_t j)
{
	return &m->hist[(m->hpos + DNBE_MECH_HIST - m->hn + j) % DNBE_MECH_HIST];
}

const struct dnbe_mech_event *dnbe_mech_event(const struct dnbe_mech *m, size_t j)
{
	return &m->ev_ring[(m->epos + DNBE_MECH_HIST - m->en + j) % DNBE_MECH_HIST];
}
