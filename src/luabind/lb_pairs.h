/* lb_pairs: `next` and `pairs` that visit a table's keys in a fixed order, for the scenario
 * sandbox (internal to src/luabind). Lua 5.4 seeds its string hash per state from the clock
 * and addresses, so the stock next visits string keys (and, with them, the other keys of a
 * table's hash part) in an order that changes from run to run; a scenario that iterated
 * with pairs would print, sum or build things in a different order each time, and one seed
 * would not give the same bytes. Order: numbers ascending, then strings in byte order, then
 * false and true, then keys of other types (tables, functions: no order is defined on them,
 * so they come last, in the stock order, which may vary). Neighbours: lb_sandbox (installs
 * these; budgets), lb_strlib. */
#ifndef TATON_LB_PAIRS_H
#define TATON_LB_PAIRS_H

#include <lua.h>

/* Replaces the globals next and pairs of L. */
void lb_pairs_open(lua_State *L);

#endif
