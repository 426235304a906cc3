/* dnbe_strategy: the strategy library (see dnbe_strategy.h). Neighbours: dnbe_mech,
 * dnbe_law, dnbe.c. */
#include <math.h>

#include "core/models/dnbe_strategy.h"

static const char *const names[] = { "truthful", "scale", "reverse", "always_max", "collude",
				     "script" };

const char *dnbe_strategy_name(enum dnbe_strategy_kind k)
{
	return names[k];
}

void dnbe_strategy_bid(const struct dnbe_strategy *s, const struct dnbe_law *truth,
		       struct dnbe_law *bid)
{
	if (s->kind == DNBE_SCALE)
		dnbe_law_scaled(bid, truth, s->c);
	else
		dnbe_law_copy(bid, truth);
}

int dnbe_strategy_report(const struct dnbe_strategy *s, const struct dnbe_law *bid, int t,
			 long l, double coin)
{
	switch (s->kind) {
	case DNBE_REVERSE:
		return bid->k - 1 - t;
	case DNBE_ALWAYS_MAX:
		return bid->k - 1;
	case DNBE_COLLUDE:
		return dnbe_law_draw(bid, coin);
	case DNBE_SCRIPT:
		return s->script[(l - 1) % s->nscript];
	default: /* truthful, scale: the bid law has the true law's bins */
		return t;
	}
}

int dnbe_strategy_true_values(const struct dnbe_strategy *s, const struct dnbe_law *truth,
			      const struct dnbe_law *bid, double *tv)
{
	int k = truth->k;
	switch (s->kind) {
	case DNBE_TRUTHFUL:
	case DNBE_SCALE:
		for (int r = 0; r < k; r++)
			tv[r] = truth->v[r];
		return 1;
	case DNBE_REVERSE:
		for (int r = 0; r < k; r++) {
			if (fabs(bid->p[r] - truth->p[k - 1 - r]) > 1e-12) /* rounding of q_k */
				return 0;
			tv[r] = truth->v[k - 1 - r];
		}
		return 1;
	default:
		return 0;
	}
}
