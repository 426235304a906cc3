/* vary: the --vary option of `taton sweep` (and of `taton run --sweep-run`): one parameter
 * over a range or a list of values, or several parameters zipped together. Every value is
 * kept as text, exactly as typed (a range's values in the decimals of its ends and step:
 * 6:7:0.1 gives 6.3, not 6.2999999999999998), so --list, the CSV columns and the header
 * lines show what the user wrote, and the parameter gets exactly that number.
 *   NAME=A:B:STEP          A, A+STEP, ..., up to B
 *   NAME=v1,v2,...         a list of Lua expressions (also NAME=v1|v2|...)
 *   N1,N2=a1,b1|a2,b2|...  zipped: value tuple i sets N1 = ai and N2 = bi together
 * Commas, '|' and ':' inside braces, brackets, parentheses or quotes belong to the value, so
 * {1, 2} is one value. Neighbours: batch (sweeps and their runs), merge. */
#ifndef TATON_VARY_H
#define TATON_VARY_H

#include <stdio.h>
#include "core/err.h"

struct vary {
	char *text;   /* the option's argument as given (owned) */
	int nnames;
	char **names; /* owned */
	int nvals;    /* value tuples */
	char **vals;  /* nvals x nnames Lua expressions, tuple-major (owned) */
};

/* Parses a --vary argument into v (at most max_vals tuples). 0, or -1 with e saying what
 * is wrong (e starts with "bad --vary 'ARG': "); v is then empty (vary_fini is safe). */
int vary_parse(const char *arg, long max_vals, struct vary *v, struct err *e);
void vary_fini(struct vary *v);
/* Value of parameter k (0 .. nnames-1) in tuple i. Borrowed. */
const char *vary_val(const struct vary *v, int i, int k);
/* The values as in the CSV header: "v1,v2,..." for one name, "a1,b1|a2,b2|..." zipped. */
void vary_write_values(FILE *f, const struct vary *v);
/* The text of a number x on a grid whose ends and step were typed as `a` and `step`: x in
 * their decimals, trailing zeros dropped ("6.3"); the shortest round-trip form when they
 * have more than 15 decimals or x is huge. Returns a string the caller frees. */
char *vary_grid_text(double x, const char *a, const char *step);

#endif
