-- Paper 004: the counterexample to the slides' belief that the LP relaxation is exact
-- (spec errata E1-E3): four buyers, two permits before the news and one after.
return taton.scenario{
  title = "Tradable permits: no price system clears whole permits (LP 41/8 > DP 5)",
  model = "ttp",
  params = {
    -- {parent row, P(node | parent), exercise values of A, B, C, D at the leaves}
    tree = {
      { 0, 1 },                    -- 1: t = 0
      { 1, 0.25, 0, 3, 3, 0 },     -- 2: path 1
      { 1, 0.25, 0, 3, 0, 3 },     -- 3: path 2
      { 1, 0.25, 3, 1, 0, 0 },     -- 4: path 3
      { 1, 0.25, 2, 0, 2, 1 },     -- 5: path 4
    },
    mu = { 2, 1 },
    eta0 = 1,
    replay = 10,
  },
  dynamics = "cournot",
  seed = 1,
  info = [[
WHAT IS IT
  Four buyers, two permits sold at t = 0 and one at t = 1, when one of four equally
  likely paths is revealed. Root values are (5/4, 7/4, 5/4, 1). The slides "believe" that
  the LP relaxation of the planner's problem is exact and conclude that the optimum is a
  competitive equilibrium. Here it is not (spec errata E1). The best whole-permit plan
  earns 5 (sell to C and D, or B and C, or A and B at t = 0). Half permits earn 41/8: half
  a permit to each buyer at the root, then half a permit to each of the two best buyers
  on every path.

THINGS TO NOTICE
  describe: dp_optimum = 5, lp_optimum = 5.125, lp_minus_dp = 0.125,
  whole_permit_equilibrium = no, and lp_assignment is fractional. At the errata's
  prices (1/2 at the root; 1/2, 1, 1/2, 3/2 on the paths) every buyer is exactly
  indifferent at the root between buying and waiting. So root demand can be anything
  from 0 to 4 against 2 permits, and no choice of two root buyers leaves every path its
  two best buyers (errata E3). lp_prices shows another optimal price system, GLPK's.
  The tatonnement minimises the dual: best_dual falls towards 41/8 = 5.125 and never
  below it (5.2223 / 5.1539 / 5.1447 after 100 / 1000 / 3000 steps, as in errata E2).
  gap_lp tends to 0, while gap_dp, measured against the whole-permit optimum, cannot
  fall below 0.125. excess_demand does not settle at 0 (mostly 6): under "a tie buys
  now" the markets cannot clear in whole permits.
  Greedy earns 5 and spot only 21/4; replay_mean converges to 5.

THINGS TO TRY
  set mu {1, 1}        the gap closes: DP = LP = 4.5, whole_permit_equilibrium = yes.
  set mu {2, 2}        DP = LP = 21/4.
  set eta0 0.3        smaller steps get closer here: best_dual 5.1291 after 3000
                      steps instead of 5.1447.
  set eta0 5          large steps: best_dual stays at its start, 5.25, for over 1000
                      steps.
  dynamics fictitious  steps from the average price: best_dual 5.1349 after 3000 steps.
]],
  views = {
    { series = { "best_dual", "dual" }, title = "dual value vs the LP optimum 41/8 (DP = 5)" },
    { series = { "gap_lp", "gap_dp" }, logy = true,
      title = "best dual - LP (-> 0) and - DP (-> 1/8)" },
    { dist = "price" },
    { dist = "demand" },
  },
}
