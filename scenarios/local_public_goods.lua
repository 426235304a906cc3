-- Thesis chapter 3: local public goods (spec instance P); equality rows force a group's
-- members to share one level.
return taton.scenario{
  title = "Local public goods: Lindahl prices from equality rows (thesis ch. 3)",
  model = "radial",
  params = { mechanism = "general",
             A = { { 1, -1, 0, 0 }, { -1, 1, 0, 0 }, { 0, 0, 1, -1 }, { 0, 0, -1, 1 },
                   { 1, 0, 1, 0 } },
             c = { 0, 0, 0, 0, 2 }, utility = "log", w = { 1, 2, 2, 1 }, eta = 0.05,
             theta = 0.001, budget = "sbb", init = "ne" },
  dynamics = "cournot,sequential",
  seed = 1,
  info = [[
WHAT IS IT
  Agents 1, 2 share one local public good and agents 3, 4 another (the rows x1 - x2 <= 0,
  x2 - x1 <= 0 and the same for 3, 4 force equal levels); the two levels share a budget
  x1 + x3 <= 2. Utilities w log(1 + x), w = (1, 2, 2, 1). The general mechanism averages
  each group's demands (3.17), projects in the reduced polytope and charges per row: with
  negative coefficients the first tax term is a subsidy, and each agent's price
  sum_l A_li p^l is its Lindahl price. At the optimum both levels are 1, the budget price
  is 1.5 = v1' + v2' = v3' + v4', row prices (0, 1, 0, 0.5, 1.5) and taxes x v_i'(x) =
  (0.5, 1, 1, 0.5). The multipliers of an equality pair are unique only up to their
  difference; the model takes the least (one of each pair at 0), as the spec does.
  The play starts at the equilibrium message.

THINGS TO NOTICE
  At the equilibrium nash_gap is at rounding level and the SBB taxes sum to 0. Every
  allocation is feasible and keeps each group's members equal.

THINGS TO TRY
  set init "perturbed"      with init_scale 0.2: play moves off and does not come back.
  set init "random"         random prices and demands near x*.
  set budget "wbb"          the budget then collects the Lindahl payments.
  dynamics fictitious       best response to the average message (errata E7).
]],
  views = {
    { series = { "alloc_err", "nash_gap" }, logy = true,
      title = "allocation error and best-response gain (log)" },
    { series = { "tax_sum" }, title = "sum of taxes" },
    { dist = "allocation" },
    { dist = "net_utility" },
  },
}
