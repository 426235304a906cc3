/* dnbe_mech: the day loop of the DNBE mechanism (paper 002, Section III) for any market
 * that can say what a day's reports lead to. Day l:
 *   1. nature draws each player's true type from its law (one uniform per player per day,
 *      whatever the strategies, so variants see the same types) and the market its own
 *      non-strategic randomness; the public coin draws one uniform;
 *   2. each player reports through its strategy (dnbe_strategy);
 *   3. the market decides the outcome from the reports and values it at the reported and
 *      the true types;
 *   4. the tests (dnbe_test) are updated; player i is penalised when
 *      max_t |f^_{i,t}(l)| >= r(l) or max_d |h^_{i,d}(l)| >= r(l), with the window
 *      r(l) = sqrt(ln(2 l^(1+gamma)) / (2 l)) (eq. 11 at equality) and the penalty
 *      J_p(l) = l^penalty_exp (eq. 12 holds for penalty_exp > 1);
 *   5. payments (eq. 15): p_{i,l} = p_i^F + v_i(delta^_i(l), o) - E_theta^[v_i] + J_p(l) 1{E_i(l)},
 *      p_i^F = W*(theta^_{-i}) - (W*(theta^) - E_theta^[v_i]) (eq. 5); utility
 *      v_i(delta_i(l), o) - p_{i,l}; social cost c(o) - sum_i v_i(delta_i(l), o).
 * The posted-price benchmark runs the same days without reports, tests or penalties: the
 * market turns the price and the true types into curtailments and payments.
 * History for the charts: the watched player's last DNBE_MECH_HIST days and the last
 * DNBE_MECH_HIST penalty events (day, player).
 * The mech borrows the laws, strategies and market; it owns everything else.
 * Neighbours: dnbe_test, dnbe_strategy, dnbe_law; dnbe.c (builds it, supplies the market and
 * the W* constants). */
#ifndef TATON_DNBE_MECH_H
#define TATON_DNBE_MECH_H

#include <stddef.h>
#include <stdint.h>

#include "core/models/dnbe_law.h"
#include "core/models/dnbe_strategy.h"
#include "core/models/dnbe_test.h"
#include "core/rng.h"
#include "core/stats.h"

#define DNBE_MECH_HIST 65536

/* The application: outcome and valuations of a day. */
struct dnbe_market {
	/* From reported values rep[i] and true values tru[i]: v_rep[i] = v_i(rep_i, o),
	 * v_true[i] = v_i(tru_i, o) for the outcome o the planner chooses from the reports;
	 * returns the planner's cost c(o). */
	double (*day)(void *ctx, const double *rep, const double *tru, double *v_rep,
		      double *v_true);
	/* Posted price (NULL when the market has none): from the true values, the payments
	 * received recv[i] and v_true[i]; returns the planner's cost. */
	double (*posted)(void *ctx, double price, const double *tru, double *recv,
			 double *v_true);
	void *ctx;
};

struct dnbe_mech_setup {
	int n;
	const struct dnbe_law *truth, *bid;    /* n true laws and n bid laws (borrowed) */
	const struct dnbe_strategy *strat;     /* n strategies (borrowed) */
	double gamma, penalty_exp;
	double wstar;                          /* W*(theta^) */
	const double *wstar_minus;             /* W*(theta^_{-i}) (copied) */
	const double *ev;                      /* E_theta^[v_i] (copied) */
	struct dnbe_market market;
	int posted;                            /* run the posted-price benchmark instead */
	double price;
	int watch;                             /* the player whose days are kept */
	uint64_t seed;
};

/* One entry of the watched player's history. */
struct dnbe_mech_day {
	double tru, rep;   /* true and reported type */
	double recv;       /* payment received, -p_{i,l} */
	double penalty;    /* J_p(l) if penalised, else 0 */
};

struct dnbe_mech_event {
	long day;
	int player;
};

struct dnbe_mech {
	int n, posted, watch;
	double price, gamma, pexp;
	const struct dnbe_law *truth, *bid;
	const struct dnbe_strategy *strat;
	struct dnbe_market mk;
	double wstar, *wminus, *ev, *pF;
	struct rng types, coin;
	long l;                    /* days played */
	/* the last day */
	double r, J;               /* window and penalty of day l */
	int *tidx, *ridx;          /* true and reported bins */
	double *tru, *rep, *v_rep, *v_true;
	double *pay;               /* p_{i,l}, paid by i (negative: received) */
	double *util;              /* v_i(delta_i(l)) - p_{i,l} */
	char *pen;                 /* penalised on day l */
	double cost;               /* social cost of day l */
	/* totals */
	long *pen_days, *last_pen; /* per player: penalty days, last one (0 = none) */
	double *cum_util, *cum_pen;
	long pen_total;
	double cum_cost;
	struct stats_running cost_run; /* mean and variance of the daily social cost */
	double test_max;           /* max over players of both statistics on day l */
	struct dnbe_test test;
	/* charts */
	long *wtrue;               /* the watched player's true types, per bin of its law */
	struct dnbe_mech_day *hist;
	size_t hn, hpos;
	struct dnbe_mech_event *ev_ring;
	size_t en, epos;
};

/* The window r(l) and the penalty J_p(l). */
double dnbe_mech_window(long l, double gamma);
double dnbe_mech_penalty(long l, double exponent);

void dnbe_mech_init(struct dnbe_mech *m, const struct dnbe_mech_setup *s);
void dnbe_mech_fini(struct dnbe_mech *m);
/* Plays day l + 1. */
void dnbe_mech_day(struct dnbe_mech *m);
/* History entry j of the watched player, 0 = the oldest kept (j < m->hn). */
const struct dnbe_mech_day *dnbe_mech_hist(const struct dnbe_mech *m, size_t j);
const struct dnbe_mech_event *dnbe_mech_event(const struct dnbe_mech *m, size_t j);

#endif
