/* ttp_tree: the information tree of paper 004 built from the `tree` parameter; see
 * ttp_tree.h. Validation names the offending row (1-based, as the user wrote it). Rows list
 * parents before children, so depths and children follow in one pass and no cycle can occur.
 * Probabilities of a node's children must sum to 1 within 1e-9 (room for 1/3 written as a
 * decimal); they are used as given, not renormalised. Neighbours: ttp (the model). */
#include "core/models/ttp_tree.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

#define PROB_TOL 1e-9

/* Number of values in row r before its NaN padding. */
static int row_len(const double *a, int cols, int r)
{
	const double *row = a + (size_t)r * (size_t)cols;
	int n = cols;
	while (n > 0 && isnan(row[n - 1]))
		n--;
	return n;
}

static double cell(const double *a, int cols, int r, int c)
{
	return a[(size_t)r * (size_t)cols + (size_t)c];
}

/* Checks each row's parent and probability; fills par (0-based, -1 root) and depth. */
static int check_rows(const double *a, int rows, int cols, int *par, int *depth,
		      struct err *e)
{
	for (int r = 0; r < rows; r++) {
		if (row_len(a, cols, r) < 2)
			return err_set(e, "parameter 'tree' row %d has %d value%s: a row is {parent, "
					  "prob, V_1, ..., V_I}", r + 1, row_len(a, cols, r),
				       row_len(a, cols, r) == 1 ? "" : "s");
		double p = cell(a, cols, r, 0), q = cell(a, cols, r, 1);
		if (r == 0 && p != 0)
			return err_set(e, "parameter 'tree' row 1 is the root: its parent must be 0, "
					  "got %g", p);
		if (r > 0 && (p != floor(p) || p < 1 || p > r))
			return err_set(e, "parameter 'tree' row %d: parent %g is not an earlier row "
					  "(an integer in [1, %d]; parents come before their children)",
				       r + 1, p, r);
		if (r == 0 && q != 1)
			return err_set(e, "parameter 'tree' row 1 is the root: its prob must be 1, "
					  "got %g", q);
		if (!(q > 0 && q <= 1))
			return err_set(e, "parameter 'tree' row %d: prob %g is outside (0, 1]", r + 1,
				       q);
		par[r] = r == 0 ? -1 : (int)p - 1;
		depth[r] = r == 0 ? 0 : depth[par[r]] + 1;
	}
	return 0;
}

/* Children probabilities, values carried by leaves only, one value per buyer, one depth. */
static int check_shape(const double *a, int rows, int cols, const int *par, const int *depth,
		       const int *nkid, int *nb, int *T, struct err *e)
{
	double *sum = xcalloc((size_t)rows, sizeof *sum);
	int leaf1 = -1, rc = 0;
	for (int r = 1; r < rows; r++)
		sum[par[r]] += cell(a, cols, r, 1);
	for (int r = 0; r < rows && rc == 0; r++) {
		int nv = row_len(a, cols, r) - 2;
		if (nkid[r] > 0 && fabs(sum[r] - 1) > PROB_TOL)
			rc = err_set(e, "parameter 'tree': the probabilities of the children of row %d "
					"sum to %.12g, not 1", r + 1, sum[r]);
		else if (nkid[r] > 0 && nv > 0)
			rc = err_set(e, "parameter 'tree' row %d has children, so it carries no "
					"exercise values (its values are expectations over its leaves); "
					"got %d", r + 1, nv);
		else if (nkid[r] == 0 && nv == 0)
			rc = err_set(e, "parameter 'tree' row %d is a leaf (no row names it as parent) "
					"and carries no exercise values: give one per buyer", r + 1);
		else if (nkid[r] == 0 && nv > TTP_MAX_BUYERS)
			rc = err_set(e, "parameter 'tree' row %d carries %d exercise values: at most "
					"%d buyers", r + 1, nv, TTP_MAX_BUYERS);
		else if (nkid[r] == 0 && leaf1 >= 0 && nv != *nb)
			rc = err_set(e, "parameter 'tree' row %d (a leaf) carries %d exercise value%s "
					"but row %d carries %d: every leaf carries one per buyer",
				     r + 1, nv, nv == 1 ? "" : "s", leaf1 + 1, *nb);
		else if (nkid[r] == 0 && leaf1 >= 0 && depth[r] != *T)
			rc = err_set(e, "parameter 'tree' row %d is a leaf at t = %d but row %d is a "
					"leaf at t = %d: every leaf must be at the exercise time T",
				     r + 1, depth[r], leaf1 + 1, *T);
		else if (nkid[r] == 0 && leaf1 < 0) {
			leaf1 = r;
			*nb = nv;
			*T = depth[r];
		}
	}
	free(sum);
	return rc;
}

/* Renumbers layer by layer: root, then the children of each node of the previous layer in
 * the order of that layer, each node's children in row order. */
static void layout(struct ttp_tree *tr, const int *par, const int *depth, const int *nkid)
{
	int n = tr->n;
	int *first = xcalloc((size_t)n + 1, sizeof *first); /* children of row r by row */
	int *kids = xmallocarray((size_t)n, sizeof *kids), *fill = xcalloc((size_t)n, sizeof *fill);
	for (int r = 0; r < n; r++)
		first[r + 1] = first[r] + nkid[r];
	for (int r = 1; r < n; r++)
		kids[first[par[r]] + fill[par[r]]++] = r;
	int next = 1;
	tr->row[0] = 0;
	for (int k = 0; k < n; k++) {
		int r = tr->row[k];
		tr->kid0[k] = next;
		tr->nkid[k] = nkid[r];
		for (int j = 0; j < nkid[r]; j++)
			tr->row[next++] = kids[first[r] + j];
	}
	for (int k = 0; k < n; k++) {
		tr->idx[tr->row[k]] = k;
		tr->t[k] = depth[tr->row[k]];
	}
	for (int k = 0; k < n; k++)
		tr->parent[k] = k == 0 ? -1 : tr->idx[par[tr->row[k]]];
	for (int t = 0, k = 0; t <= tr->T + 1; t++) {
		while (k < n && tr->t[k] < t)
			k++;
		tr->layer[t] = k;
	}
	free(first);
	free(kids);
	free(fill);
}

/* Leaf values from the table, node values backwards, unconditional probabilities forwards. */
static void values(struct ttp_tree *tr, const double *a, int cols)
{
	int n = tr->n, nb = tr->nb;
	for (int k = n - 1; k >= 0; k--) {
		double *vk = tr->v + (size_t)k * (size_t)nb;
		if (ttp_tree_is_leaf(tr, k)) {
			for (int i = 0; i < nb; i++)
				vk[i] = cell(a, cols, tr->row[k], 2 + i);
			continue;
		}
		for (int i = 0; i < nb; i++)
			vk[i] = 0;
		for (int c = tr->kid0[k]; c < tr->kid0[k] + tr->nkid[k]; c++)
			for (int i = 0; i < nb; i++)
				vk[i] += tr->prob[c] * tr->v[(size_t)c * (size_t)nb + (size_t)i];
	}
	for (int k = 0; k < n; k++)
		tr->P[k] = k == 0 ? 1 : tr->P[tr->parent[k]] * tr->prob[k];
	tr->vscale = 1;
	for (int i = 0; i < nb; i++) {
		double mx = 0;
		for (int k = 0; k < n; k++)
			mx = fmax(mx, fabs(tr->v[(size_t)k * (size_t)nb + (size_t)i]));
		tr->vscale += mx;
	}
}

int ttp_tree_init(struct ttp_tree *tr, const double *a, int rows, int cols, struct err *e)
{
	memset(tr, 0, sizeof *tr);
	if (rows < 1 || !a)
		return err_set(e, "parameter 'tree' is empty: give at least a root row {0, 1, V_1, "
				  "..., V_I}");
	if (rows > TTP_MAX_NODES)
		return err_set(e, "parameter 'tree' has %d rows: at most %d nodes", rows,
			       TTP_MAX_NODES);
	size_t n = (size_t)rows;
	int *par = xmallocarray(n, sizeof *par), *depth = xmallocarray(n, sizeof *depth);
	int *nkid = xcalloc(n, sizeof *nkid);
	int rc = check_rows(a, rows, cols, par, depth, e);
	for (int r = 1; rc == 0 && r < rows; r++)
		nkid[par[r]]++;
	if (rc == 0)
		rc = check_shape(a, rows, cols, par, depth, nkid, &tr->nb, &tr->T, e);
	if (rc == 0) {
		tr->n = rows;
		tr->row = xmallocarray(n, sizeof *tr->row);
		tr->idx = xmallocarray(n, sizeof *tr->idx);
		tr->parent = xmallocarray(n, sizeof *tr->parent);
		tr->t = xmallocarray(n, sizeof *tr->t);
		tr->kid0 = xmallocarray(n, sizeof *tr->kid0);
		tr->nkid = xmallocarray(n, sizeof *tr->nkid);
		tr->layer = xmallocarray((size_t)tr->T + 2, sizeof *tr->layer);
		tr->prob = xmallocarray(n, sizeof *tr->prob);
		tr->P = xmallocarray(n, sizeof *tr->P);
		tr->v = xmallocarray(n * (size_t)tr->nb, sizeof *tr->v);
		layout(tr, par, depth, nkid);
		for (int k = 0; k < rows; k++)
			tr->prob[k] = cell(a, cols, tr->row[k], 1);
		values(tr, a, cols);
	}
	free(par);
	free(depth);
	free(nkid);
	return rc;
}

void ttp_tree_fini(struct ttp_tree *tr)
{
	free(tr->row);
	free(tr->idx);
	free(tr->parent);
	free(tr->t);
	free(tr->kid0);
	free(tr->nkid);
	free(tr->layer);
	free(tr->prob);
	free(tr->P);
	free(tr->v);
	memset(tr, 0, sizeof *tr);
}

int ttp_tree_draw_child(const struct ttp_tree *tr, int k, struct rng *r)
{
	double u = rng_uniform(r), acc = 0;
	int last = tr->kid0[k] + tr->nkid[k] - 1;
	for (int c = tr->kid0[k]; c < last; c++) {
		acc += tr->prob[c];
		if (u < acc)
			return c;
	}
	return last;
}
