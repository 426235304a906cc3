-- Paper 002, Theorem 1 as a learning experiment: the scale c of a consistent lie is each
-- provider's action, its best response the argmax of its exact long-run utility.
return taton.scenario{
  title = "DNBE consistent-lie game: every dynamic lands on the truth c = 1 (Satchidanandan & Dahleh)",
  model = "dnbe",
  params = { market = "dr", n = 5, lie_game = true, deviators = 5, scale = 2 },
  dynamics = "cournot",
  seed = 1,
  variants = {
    { label = "cournot", dynamics = "cournot" },
    { label = "damped 0.3", dynamics = "damped:0.3" },
    { label = "sequential", dynamics = "cournot,sequential" },
    { label = "async 0.3", dynamics = "damped:0.3,async:0.3" },
  },
  info = [[
WHAT IS IT
  A game built on the mechanism: provider i chooses the factor c_i of a consistent lie (it
  bids the law of c_i delta and reports c_i delta every day; c = 1 is the truth). Such a
  lie passes both tests, so its long-run utility is exact:
    U_i(c) = C*(theta^_{-i}) - C*(theta^) + (1 - 1/c_i) E[delta^_i x_i^2 / 2],
  computed by quadrature. A provider's best response to a belief about the others' c is
  the c_i maximising U_i, found numerically (a grid and a Brent search on [0.05, 20]): no
  part of it knows the answer. All five start at c = 2.

THINGS TO NOTICE
  Truth is a dominant strategy: the best response is c = 1 whatever the others do, so any
  dynamic whose action is a best response (cournot, fictitious, kperiod, ewma) puts every
  provider it revises on c = 1 at once, damped:W closes a fraction W of the gap per step,
  sequential revises one provider per step, async each with its probability. dist_ne, the
  largest |c_i - 1|, reaches about 1e-8 (the precision of the search).
  avg_cost falls to C* = 0.039791. avg_utility falls too, from 0.0199 to the IR level
  0.0097542: when all five overstate by 2 every one of them earns twice the truthful
  level, yet each gains by telling the truth whatever the others do. Dominance protects
  against unilateral lies, not against a coalition that inflates its bids together.
  The lie_utility chart shows provider 1's U(c) against the others' current c: maximal
  at c = 1 whether they lie or not.

THINGS TO TRY
  dynamics fictitious       also one step: the belief moves slowly, the best reply not.
  set scale 0.3             everybody starts by under-reporting.
  set deviators 1           only provider 1 starts off the truth.
]],
  views = {
    { series = { "dist_ne" }, logy = true, title = "max |c_i - 1| (log)" },
    { series = { "avg_utility" }, title = "mean exact utility (IR level 0.0097542 at c = 1)" },
    { series = { "avg_cost" }, title = "exact long-run social cost (C* = 0.03979)" },
    { dist = "lie_utility" },
  },
}
