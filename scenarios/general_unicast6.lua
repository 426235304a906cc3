-- Thesis chapter 3: the general mechanism on a unicast instance (spec instance U).
return taton.scenario{
  title = "General linear-constraint mechanism, six agents on two links (thesis ch. 3)",
  model = "radial",
  params = { mechanism = "general", A = { { 1, 1, 1, 1, 1, 1 }, { 1, 1, 1, 1, 1, 0 } },
             c = { 12, 6 }, utility = "log", w = { 3, 2.5, 2, 1.5, 1.2, 4 }, eta = 0.05,
             theta = 0.001, budget = "sbb", init = "perturbed", init_scale = 0.3 },
  dynamics = "cournot,sequential",
  seed = 1,
  info = [[
WHAT IS IT
  Six agents on link 1 (capacity 12); agents 1-5 also on link 2 (capacity 6); utilities
  w log(1 + x), w = (3, 2.5, 2, 1.5, 1.2, 4). The general mechanism of thesis chapter 3
  allocates x = y when the demand is feasible and otherwise the point where the segment
  from the interior point theta to y leaves the polytope (3.13)-(3.15). Its slackness tax
  (3.18) is eta p-bar p (c - A x)^2: linear in the own price and quadratic in the slack.
  x* = (2.2353, 1.6961, 1.1569, 0.6176, 0.2941, 6), lambda = (4/7, 0.355844); the total
  tax 8.9922 is redistributed by the SBB of (3.26) at an equilibrium with y in C.
  kperiod and fictitious best-respond to the average message (errata E7).

THINGS TO NOTICE
  Here the equilibrium holds for every eta (errata E3): there is no eta*. Messages
  y outside C that project onto x* are equilibria too, and there (3.26) does not balance:
  the taxes sum to -6.2909 at y = theta + 1.7 (x* - theta). Started near the equilibrium,
  play first approaches x* (alloc_err about 0.07 after 300 steps) but a price that
  undershoots lambda* on a tight link is never corrected; once link 2's price reaches 0
  (absorbing) demands grow to the cap, x settles at a point 5.05 from x*, and (3.26),
  which uses the demands, leaves a huge imbalance in tax_sum. Every allocation is feasible.

THINGS TO TRY
  set init "ne"             nash_gap is 0 and tax_sum is 0 (y = x* is in C).
  set eta 50                with init "ne": still an equilibrium (unlike chapters 1-2).
  set budget "sbb_offeq"    (3.28)-(3.29): taxes balance for every y in C, not only at NE.
  set init "random"         demands around x*, random prices.
]],
  views = {
    { series = { "alloc_err", "price_err", "nash_gap" }, logy = true,
      title = "allocation and price error, best-response gain (log)" },
    { series = { "tax_sum" }, title = "sum of taxes (SBB)" },
    { dist = "allocation" },
    { dist = "price" },
  },
}
