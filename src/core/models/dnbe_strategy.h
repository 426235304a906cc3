/* dnbe_strategy: the library of player strategies of the DNBE day loop (spec §5.1). A
 * strategy fixes the supertype bid theta^ once (from the true law theta) and maps each day's
 * true type to a report, an index into the bid law:
 *   truthful    theta^ = theta, report the true type;
 *   scale:c     theta^ = law of c delta, report c delta (a consistent lie: right marginal,
 *               independent of the others, so it passes both tests);
 *   reverse     theta^ = theta, report the mirror bin K-1-k (right marginal when theta's
 *               probabilities are symmetric, e.g. equiprobable bins);
 *   always_max  theta^ = theta, always report the largest type (fails the frequency test);
 *   collude     theta^ = theta, report the bin a public coin (the same uniform for the whole
 *               group each day) falls in: right marginals, perfectly correlated reports;
 *   script      theta^ = theta, report script[(l - 1) mod len] (1-based bins) on day l.
 * Neighbours: dnbe_mech (calls report each day), dnbe_law, dnbe.c (builds them from the
 * parameters). */
#ifndef TATON_DNBE_STRATEGY_H
#define TATON_DNBE_STRATEGY_H

#include "core/models/dnbe_law.h"

enum dnbe_strategy_kind {
	DNBE_TRUTHFUL,
	DNBE_SCALE,
	DNBE_REVERSE,
	DNBE_ALWAYS_MAX,
	DNBE_COLLUDE,
	DNBE_SCRIPT,
};

/* The choices of the `strategy` parameter, in enum order. */
#define DNBE_STRATEGY_CHOICES "truthful|scale|reverse|always_max|collude|script"

struct dnbe_strategy {
	enum dnbe_strategy_kind kind;
	double c;           /* DNBE_SCALE */
	const int *script;  /* DNBE_SCRIPT: 0-based bins (borrowed) */
	int nscript;
};

const char *dnbe_strategy_name(enum dnbe_strategy_kind k);
/* bid = the supertype bid for true law `truth` (initialised here). */
void dnbe_strategy_bid(const struct dnbe_strategy *s, const struct dnbe_law *truth,
		       struct dnbe_law *bid);
/* The report on day l (>= 1) for true bin t; coin is the day's public uniform in [0, 1). */
int dnbe_strategy_report(const struct dnbe_strategy *s, const struct dnbe_law *bid, int t,
			 long l, double coin);
/* When the reports are a fixed relabelling of the true type whose law is the bid law
 * (truthful, scale, reverse with symmetric probabilities), writes the true type behind each
 * reported bin into tv (bid->k values) and returns 1; else 0 (no exact long-run utility). */
int dnbe_strategy_true_values(const struct dnbe_strategy *s, const struct dnbe_law *truth,
			      const struct dnbe_law *bid, double *tv);

#endif
