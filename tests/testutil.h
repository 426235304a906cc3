/* testutil: the helpers the cmocka tests share, so none is copied between test files:
 * files under the source tree and golden comparisons, string and double assertions,
 * parameters set by name, sims stepped and read by series name, describe lines, and the
 * spec's fixed instances. Every helper fails the current test (cmocka fail_msg) with a
 * message naming what went wrong instead of returning an error.
 * Linked into a test as libtestutil.a before the libraries it uses (tests/local.mk).
 * Neighbours: core (param, sim, model), the test files. */
#ifndef TATON_TESTUTIL_H
#define TATON_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/model.h"
#include "core/param.h"
#include "core/sim.h"

/* ---- files ---- */

/* The source tree: $top_srcdir (set by make check), else ".". */
const char *tu_srcdir(void);
/* "SRCDIR/rel", owned by the caller. */
char *tu_srcpath(const char *rel);
/* The whole file as a NUL-terminated string owned by the caller; NULL if unreadable. */
char *tu_read_file(const char *path);
/* Compares `got` with the golden file SRCDIR/rel byte for byte, printing `got` and the first
 * differing line on a mismatch. With TATON_UPDATE_GOLDEN set it (re)writes the file
 * instead. */
void tu_golden(const char *rel, const char *got);

/* ---- strings and numbers ---- */

int tu_contains(const char *hay, const char *needle); /* 1 when needle occurs in hay */
void tu_assert_contains(const char *hay, const char *needle);

/* |got - want| <= tol * |want| (tol absolute when want is 0); the message gives both values
 * at full precision, the relative error and the caller's file and line. */
#define TU_REL(want, got, tol) tu_assert_rel((want), (got), (tol), __FILE__, __LINE__)
void tu_assert_rel(double want, double got, double tol, const char *file, int line);

/* ---- parameters (the name must exist and the value be allowed) ---- */

void tu_set_num(struct params *p, const char *name, double v);
void tu_set_str(struct params *p, const char *name, const char *v);
void tu_set_table(struct params *p, const char *name, const double *a, int rows, int cols);
/* A number if `text` parses as one, else an enum choice. */
void tu_set(struct params *p, const char *name, const char *text);

/* ---- sims ---- */

/* A sim of ops with params p, seed and dynamics text (NULL: the default, none for a
 * process). */
struct sim *tu_sim(const struct model_ops *ops, const struct params *p, uint64_t seed,
		   const char *dyn);
void tu_steps(struct sim *s, long n);                      /* n steps, each must succeed */
double tu_last(const struct sim *s, const char *series);   /* its value in the last row */
double tu_at(const struct sim *s, const char *series, long row);
/* The distribution `name` built from s (dist_fini frees it); the test fails when the model
 * refuses. */
struct dist tu_dist(struct sim *s, const char *name);

/* ---- describe ---- */

const char *tu_kv_get(const struct model_kv *kv, const char *key); /* the value text */
double tu_kv_num(const struct model_kv *kv, const char *key);
double tu_describe_num(struct sim *s, const char *key); /* sim_describe, one key */

/* ---- independent references ---- */

/* Textbook fictitious play in the two-player game with payoff matrices A (row player) and
 * B (column player), m x n row-major, written apart from the engine as a reference: both
 * start with pure actions (r0, c0) (0-based) and at every step both best-respond to the
 * other's action counts so far (exact integer arithmetic for integer payoffs; ties to the
 * lowest index). Returns the NashConv of the empirical strategies after `steps` steps (the
 * start counted): each player's best-response payoff against the other's frequencies minus
 * its own, summed. */
double tu_fictitious_nashconv(const double *A, const double *B, int m, int n, int r0, int c0,
			      long steps);

/* ---- fixed instances ---- */

/* The dmech spec's §13 instance: params of dmech_model_ops (initialised here; the caller
 * calls params_fini) with mechanism `mech`, N = 7, theta_i = -(i+1)/2, sigma_i = 10 + i. */
void tu_dmech_spec13(struct params *p, const char *mech);

#endif
