/* lb_strlib: string.find, string.match, string.gmatch, string.gsub and string.rep for the
 * scenario sandbox (internal to src/luabind). Lua's own versions do their work in C, where
 * the instruction hook cannot see it: one find with a backtracking pattern can run for
 * hours, one rep of an empty string for ever. These versions follow the pattern language
 * of the Lua 5.4 manual (section 6.4.1) and charge every step of the matcher, and every
 * byte they copy, to the running entry's budget (lb_sandbox_charge), so a pathological call
 * stops with the instruction limit, the deadline or an interrupt like any Lua loop.
 * Neighbours: lb_sandbox (budgets; installs these), lb_pairs. */
#ifndef TATON_LB_STRLIB_H
#define TATON_LB_STRLIB_H

#include <lua.h>

/* Replaces the five functions in the `string` table of L (also the strings' metatable
 * index, which is that table). */
void lb_strlib_open(lua_State *L);

#endif
