-- Thesis chapter 2 on two links (spec instance B): members of a group get different rates.
return taton.scenario{
  title = "Multicast on two links: intergroup competition, intragroup sharing (thesis ch. 2)",
  model = "radial",
  params = { mechanism = "multicast", A = { { 1, 1, 1, 1 }, { 0, 1, 1, 0 } }, c = { 4, 1.5 },
             group = { 1, 1, 2, 2 }, utility = "log", w = { 2, 3, 2, 1 }, eta = 0.05,
             xi = 0.05, budget = "wbb", init = "ne_prices" },
  dynamics = "cournot,sequential",
  seed = 1,
  info = [[
WHAT IS IT
  Link AB (capacity 4) carries agents 11, 12 (group 1) and 21, 22 (group 2); link BC
  (capacity 1.5) carries only 12 and 21. Utilities w log(1 + x), w = (2, 3, 2, 1). The
  optimum x* = (3, 1.1, 0.4, 1) gives members of one group different rates: only one
  member of each group crosses the bottleneck BC, so on AB the other member is the group
  maximum and alone pays for it (mu = 0.5), the BC member pays only on BC (mu = 10/7).
  lambda = (0.5, 10/7); equilibrium taxes x v'(x) = (1.5, 1.5714, 0.5714, 0.5).
  Play starts from the equilibrium prices with random demands. kperiod and fictitious
  best-respond to the average message (errata E7).

THINGS TO NOTICE
  Even from the equilibrium prices the allocation drifts away: a transient slack lets the
  eta/xi terms lower a price, and no term raises it again. The allocation stays feasible
  throughout. eta* = 0.624 (errata E2): above it agent 21 gains by dropping its demand
  (0.159 at eta = xi = 1) and agent 12 by moving its prices (0.034).
  Under budget "sbb_literal" the thesis's (2.24)-(2.25) gives agents 12, 21, 22 gains of
  0.290, 0.330, 0.0044 at the equilibrium message, and agent 11 one of 0.0336 (its own 2q
  enters its rebate through its successor 12; the spec lists 0 for agent 11).

THINGS TO TRY
  set eta 0                 with xi 0: demands from the equilibrium prices find x*.
  set init "ne"             nash_gap is 0 at the equilibrium message.
  set eta 1                 with xi 1 and init "ne": nash_gap 0.159.
  set budget "sbb_literal"  with init "ne": nash_gap 0.330.
  dynamics fictitious       best response to the average message.
]],
  views = {
    { series = { "alloc_err", "price_err", "nash_gap" }, logy = true,
      title = "allocation and price error, best-response gain (log)" },
    { series = { "welfare_gap" }, title = "welfare lost against x*" },
    { dist = "allocation" },
    { dist = "utilisation" },
  },
}
