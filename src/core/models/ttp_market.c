/* ttp_market: optimal stopping, demand, dual value and the projected price step of the dual
 * tâtonnement; see ttp_market.h. A backward pass over the layer order gives psi and cont, a
 * forward pass gives who is active where and the demand. Hand-written: two sweeps over the
 * tree are the whole algorithm (no library call fits). Neighbours: ttp_tree, ttp. */
#include "core/models/ttp_market.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

void ttp_market_init(struct ttp_market *mk, const struct ttp_tree *tr, const int *mu)
{
	size_t n = (size_t)tr->n, cells = n * (size_t)tr->nb;
	memset(mk, 0, sizeof *mk);
	mk->tr = tr;
	mk->mu = mu;
	mk->p = xcalloc(n, sizeof *mk->p);
	mk->psi = xcalloc(cells ? cells : 1, sizeof *mk->psi);
	mk->cont = xcalloc(cells ? cells : 1, sizeof *mk->cont);
	mk->act = xcalloc(cells ? cells : 1, sizeof *mk->act);
	mk->active = xcalloc(cells ? cells : 1, sizeof *mk->active);
	mk->demand = xcalloc(n, sizeof *mk->demand);
}

void ttp_market_fini(struct ttp_market *mk)
{
	free(mk->p);
	free(mk->psi);
	free(mk->cont);
	free(mk->act);
	free(mk->active);
	free(mk->demand);
	memset(mk, 0, sizeof *mk);
}

/* psi and cont backwards; the action at each node. */
static void stopping(struct ttp_market *mk)
{
	const struct ttp_tree *tr = mk->tr;
	int nb = tr->nb;
	for (int k = tr->n - 1; k >= 0; k--) {
		double *cont = mk->cont + (size_t)k * nb, *psi = mk->psi + (size_t)k * nb;
		const double *v = tr->v + (size_t)k * nb;
		unsigned char *act = mk->act + (size_t)k * nb;
		for (int i = 0; i < nb; i++)
			cont[i] = 0;
		for (int c = tr->kid0[k]; c < tr->kid0[k] + tr->nkid[k]; c++)
			for (int i = 0; i < nb; i++)
				cont[i] += tr->prob[c] * mk->psi[(size_t)c * nb + i];
		for (int i = 0; i < nb; i++) {
			double net = v[i] - mk->p[k];
			int buy = net >= cont[i] && net > 0;
			act[i] = buy ? TTP_BUY : cont[i] == 0 ? TTP_QUIT : TTP_WAIT;
			psi[i] = fmax(fmax(net, cont[i]), 0);
		}
	}
}

/* Who is still in the market at each node, and the demand there. */
static void demand(struct ttp_market *mk)
{
	const struct ttp_tree *tr = mk->tr;
	int nb = tr->nb;
	for (int k = 0; k < tr->n; k++) {
		unsigned char *in = mk->active + (size_t)k * nb;
		const unsigned char *act = mk->act + (size_t)k * nb;
		if (k == 0)
			memset(in, 1, (size_t)nb);
		else
			for (int i = 0, q = tr->parent[k]; i < nb; i++)
				in[i] = mk->active[(size_t)q * nb + i] &&
					mk->act[(size_t)q * nb + i] == TTP_WAIT;
		mk->demand[k] = 0;
		for (int i = 0; i < nb; i++)
			mk->demand[k] += in[i] && act[i] == TTP_BUY;
	}
}

double ttp_market_eval(struct ttp_market *mk, const double *p)
{
	const struct ttp_tree *tr = mk->tr;
	size_t n = (size_t)tr->n;
	if (mk->valid && memcmp(mk->p, p, n * sizeof *p) == 0)
		return mk->dual;
	memcpy(mk->p, p, n * sizeof *p);
	stopping(mk);
	demand(mk);
	double D = 0;
	for (int i = 0; i < tr->nb; i++)
		D += mk->psi[i];
	for (size_t k = 0; k < n; k++)
		D += tr->P[k] * mk->mu[tr->t[k]] * p[k];
	mk->dual = D;
	mk->valid = 1;
	return D;
}

void ttp_market_step(const struct ttp_market *mk, double eta, int k0, int k1, double *out)
{
	const struct ttp_tree *tr = mk->tr;
	for (int k = k0; k < k1; k++)
		out[k] = fmax(0, mk->p[k] + eta * (mk->demand[k] - mk->mu[tr->t[k]]));
}

double ttp_market_excess(const struct ttp_market *mk)
{
	const struct ttp_tree *tr = mk->tr;
	double x = 0;
	for (int k = 0; k < tr->n; k++) {
		int gap = mk->demand[k] - mk->mu[tr->t[k]];
		if (gap > 0 || (gap < 0 && mk->p[k] > 0))
			x += abs(gap);
	}
	return x;
}
