-- Thesis chapter 2: the single-link multicast instance of Fig. 9 (spec instance A).
return taton.scenario{
  title = "Multicast radial projection on one link (thesis ch. 2, Fig. 9)",
  model = "radial",
  params = { mechanism = "multicast", A = { { 1, 1, 1 } }, c = { 1 }, group = { 1, 1, 2 },
             utility = "log", w = { 2, 1, 2 }, eta = 0.05, xi = 0.05, budget = "wbb",
             init = "random" },
  dynamics = "cournot,sequential",
  seed = 1,
  info = [[
WHAT IS IT
  One link of capacity 1 carries two multicast groups: agents 11 and 12 share content
  (group 1), agent 21 is alone (group 2); only the larger rate of a group loads the link:
  max(x11, x12) + x21 <= 1 (Fig. 9). Utilities are w log(1 + x), w = (2, 1, 2). Each
  agent sends a demand and two prices: 1q (its own multiplier mu) and 2q (its successor's,
  the price the successor pays). The allocation projects y radially onto the boundary with
  the group maxima (2.9)-(2.10): y = (0.5, 0.3, 0.4) gives x = (0.5556, 0.3333, 0.4444).
  At the optimum x* = (0.8, 0.8, 0.2), lambda = 5/3 and the group-1 members split it as
  Lindahl prices mu = (10/9, 5/9): inside a group the good is public, between groups
  private. Taxes at the equilibrium are x v'(x) = (0.8889, 0.4444, 0.3333); under SBB
  (corrected, errata E1) they are redistributed to sum 0.
  kperiod and fictitious best-respond to the average message (errata E7).

THINGS TO NOTICE
  Feasible at every step (feas_violation at rounding level), yet play does not find x*:
  group totals reach consensus away from lambda*, nothing raises them, and the last mover
  takes the link: x = (0, 0, 1) after agent 21 moves, (0, 1, 0) after agent 12. The
  thesis's own SBB taxes (2.24)-(2.25)
  let an agent move its own rebate: with budget "sbb_literal" the equilibrium message is
  not an equilibrium (gains 0.0425, 0.0425, 0), which the corrected SBB repairs.
  eta* = 0.382 (errata E2): above it agent 21 drops its demand, the single-group rule of
  (2.9c) leaves slack, and the slack bonus pays. That rule is not scale-free, so eta*
  refers to demands at the scale of x* (the model keeps them there).

THINGS TO TRY
  set init "ne"             the equilibrium message: nash_gap is 0.
  set budget "sbb"          with init "ne": the corrected SBB taxes (0.5, -0.1667,
                            -0.3333) sum to 0; off equilibrium stale rho guesses make
                            the zeta penalty dominate tax_sum.
  set budget "sbb_literal"  with init "ne": nash_gap is 0.0425 (errata E1).
  set eta 0.6               with xi 0.6 and init "ne": nash_gap 0.0459 (eta above eta*).
  dynamics cournot          simultaneous play: both group-1 members correct the whole
                            group gap, the group price overshoots and price_spread grows
                            without bound (sequential play avoids it).
]],
  views = {
    { series = { "alloc_err", "price_spread", "nash_gap" }, logy = true,
      title = "allocation error, group-price disagreement, best-response gain (log)" },
    { series = { "tax_sum", "revenue" }, title = "budget: sum of taxes and payments" },
    { dist = "allocation" },
    { dist = "price" },
  },
}
