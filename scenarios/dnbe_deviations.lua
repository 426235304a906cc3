-- Paper 002: the spec's main demand-response run (S-DNBE-DR: 5 providers, 3000 days,
-- seed 7) and its variants: provider 1 lies consistently, reverses its reports, or the
-- operator posts a price instead.
return taton.scenario{
  title = "DNBE: truth against consistent lies, reversal and a posted price (Satchidanandan & Dahleh)",
  model = "dnbe",
  params = { market = "dr", n = 5, K = 8, deviators = 1 },
  seed = 7,
  variants = {
    { label = "truthful", params = { strategy = "truthful" } },
    { label = "scale 1.25", params = { strategy = "scale", scale = 1.25 } },
    { label = "reverse", params = { strategy = "reverse" } },
    { label = "posted p*", params = { mechanism = "posted" } },
  },
  info = [[
WHAT IS IT
  Five demand-response providers, as in dnbe_demand_response, and four ways to run the
  same 3000 days (the same true types and reserve costs in every run):
    truthful     everybody tells the truth;
    scale 1.25   provider 1 bids the law of 1.25 delta and reports 1.25 delta(l): a
                 consistent lie, which passes both tests;
    reverse      provider 1 bids its true law but reports the mirror bin (its lowest
                 cost when its cost is highest): the right frequencies, so it passes too;
    posted p*    no reports at all: the operator posts the price p* = 0.0625 and each
                 provider curtails p*/delta_i; the reserve buys the rest.

THINGS TO NOTICE
  avg_utility_1: the truth earns the IR level 0.0097542 (minus the day-1 penalty/l); the
  consistent liar earns less, 0.0095413 exactly (describe: exact_utility), as Theorem 1
  says; the reverser loses outright, -0.0385. The other providers gain from provider 1's
  lie (exactly 0.010467 each, 0.0101 after 3000 days with the day-1 penalty) but not from
  its reversal.
  avg_cost: C* = 0.03979 for the truth, barely more for the consistent lie (0.04000),
  0.0880 for the reversal (a 3000-day average scatters around it: 0.090 here) and 0.1080 for the
  posted price at its best price, 2.7 times C*.
  Over these 3000 days the liar averages 0.0092 and the reverser -0.041 (both paid the
  day-1 penalty, 1/3000 each); the exact values come from quadrature and agree with an
  enumeration of all 8^6 type profiles.

THINGS TO TRY
  set scale 0.8             a liar who claims to be cheaper: utility 0.009485.
  set strategy "always_max" bankrupt: penalised every day.
  set price 0.03            a worse posted price (posted run): cost rises.
  set deviators 5           everybody lies (scale run).
]],
  views = {
    { series = { "avg_utility_1" }, title = "provider 1's average utility" },
    { series = { "avg_cost" }, title = "average social cost (C* = 0.03979)" },
    { series = { "avg_utility_2" }, title = "provider 2's average utility (truthful)" },
    { dist = "reports" },
  },
}
