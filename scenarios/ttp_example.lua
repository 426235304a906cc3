-- Paper 004 (Nagae 2013), the slides' example: three buyers, one permit at each of t = 0, 1, 2,
-- a weather forecast at t = 1 and the weather at t = 2 (spec section 3).
return taton.scenario{
  title = "Tradable time-specific permits: the slides' example (Nagae)",
  model = "ttp",
  params = {
    -- {parent row, P(node | parent), exercise values of A, B, C at the leaves}
    tree = {
      { 0, 1 },              -- 1: t = 0, no information
      { 1, 0.5 },            -- 2: t = 1, forecast "No Rain"
      { 1, 0.5 },            -- 3: t = 1, forecast "No Fine"
      { 2, 0.5, 8, 6, 2 },   -- 4: city fine, mountain cloudy
      { 2, 0.5, 6, 8, 2 },   -- 5: city cloudy, mountain fine
      { 3, 0.5, 6, -4, 2 },  -- 6: city cloudy, mountain rain
      { 3, 0.5, -4, 6, 2 },  -- 7: city rain, mountain cloudy
    },
    mu = { 1, 1, 1 },
    eta0 = 1,
    replay = 10,
  },
  dynamics = "cournot",
  seed = 1,
  info = [[
WHAT IS IT
  One permit is sold at each of t = 0, 1, 2; it lets its holder travel at t = 2. A visits
  a city, B hikes a mountain, C goes home whatever the weather. Each path has probability
  1/4 (implied by the slides' arithmetic, never stated). At t = 1 a forecast arrives: No
  Rain (rows 4, 5 follow) or No Fine (rows 6, 7). A buyer's value at a node is its
  expected exercise value there: (4, 4, 2) at the root, (7, 7, 2) after No Rain,
  (1, 1, 2) after No Fine.
  The planner's optimum (dynamic programming over the buyers still in the market) sells
  C the first permit at t = 0, gives the No Rain permit to A or B (both are optimal; the
  tie rule shows A), leaves the No Fine permit unsold, and sells the last permit to the
  best remaining buyer. Welfare by time is 2 / 3.5 / 6.5, total 12, as on the slides.
  The step is one round of a price adjustment (a completion; the slides give no price
  formation): buyers stop optimally against node prices and every price moves with its
  excess demand.

THINGS TO NOTICE
  describe: dp_optimum = lp_optimum = 12, whole_permit_equilibrium = yes. Zero prices
  are already an equilibrium (dual_at_zero = 12): every buyer gets its stand-alone value
  E[max(V, 0)] = 5, 5, 2. So best_dual is 12 from step 0 and gap_lp is 0.
  The prices move all the same. At zero prices A and B are indifferent at No Rain and
  the tie rule makes both buy, so the price there rises. From then on the prices wander
  on the flat bottom of the dual function (dual stays within 1e-5 of 12 after 1000
  steps), and the demand at the current prices never clears: excess_demand is 3 at every
  step after the first. A subgradient method finds the dual value, not a clearing price
  system. Equilibrium prices are not unique, and the LP's own vertex (price chart,
  reference) is another one. The price at No Fine (row 3) is 0 in every equilibrium:
  that permit is unsold.
  Greedy (sell to the highest current value, no option values) gives A the first permit
  and loses 1: greedy = 11. Spot only (all three permits at t = 2) gives 12, and no split
  of three permits does better (best_split; spec errata E5).
  replay_mean, the mean welfare of replayed paths, converges to 12.

THINGS TO TRY
  set mu {0, 1, 1}     no pre-sale: 11.
  set mu {1, 0, 1}     9.5;  {1, 1, 0}: 8.5;  {0, 0, 1}: 7;  {2, 0, 1}: 11.
  set eta0 0.1         smaller price steps: the prices swing less.
  dynamics fictitious  the price step starts from the average of past prices.
  dynamics cournot,sequential   one trading time moves per step.
]],
  views = {
    { series = { "dual", "best_dual" }, title = "dual value D(p) and the best so far (LP = 12)" },
    { dist = "price" },
    { dist = "welfare" },
    { dist = "wtp" },
  },
}
