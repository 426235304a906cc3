-- Paper 002 (Satchidanandan and Dahleh), Section IV: the demand-response market under the
-- DNBE mechanism, day by day, with Figs. 2-4 reconstructed from their captions (spec §4.2,
-- n = 10 as the spec chooses for Figs. 3 and 4).
return taton.scenario{
  title = "DNBE demand response: 10 truthful providers, Figs 2-4 (Satchidanandan & Dahleh)",
  model = "dnbe",
  params = { market = "dr", mechanism = "dnbe", n = 10, K = 8, mean = 1, var = 2, d = 1,
             gamma = 0.5 },
  seed = 7,
  info = [[
WHAT IS IT
  Every day 10 demand-response providers and a reserve generator cover a shortage d = 1.
  Provider i's cost of curtailing x is delta_i x^2/2, its type delta_i(l) drawn afresh
  each day from its law; the reserve costs delta_s g^2/2. Once, on day 1, each provider
  bids its law (its supertype); every day it reports its type, the operator dispatches
  optimally on the reports (x_i = lambda/delta_i) and pays by the mechanism of Section III:
  a VCG first-stage payment, the reported cost of the curtailment, and a penalty
  J_p(l) = l^1.5 whenever a provider's report frequencies leave the window r(l) around its
  bid law or its reports look dependent on the others'. Truth is then a dominant strategy
  among all strategies that do not bankrupt their player.
  The paper's law, "beta with mean 1 and variance 2", cannot exist (a beta law lives on
  [0, 1]); it is read as BetaPrime(2, 3), the one two-parameter law with those moments,
  and cut into 8 equiprobable bins (the tests need finitely many types; the continuous law
  would also make the posted price's expected cost infinite). The bins keep the mean 1 but
  have variance 1.042, not 2 (describe: type_var).
  The paper's three figures survive only as captions; they are reconstructed here:
  fig2, C* against the number of providers; fig3, the average payment to a provider with
  cost 4 against the mean of the others' laws (variance 2); fig4, the expected social cost
  of a posted price p against p, with C* and the best price p*.

THINGS TO NOTICE
  avg_cost settles on C* = 0.019947 (describe: C_star), within a few cost_se.
  Every provider is penalised on day 1 (one report is 7/8 away from a law of 8 bins, and
  r(1) = 0.589), and a truthful provider only on a few random early days after that
  (spec errata E1: day 1 is certain, the others are not): avg_utility approaches the IR
  level 0.0022165 minus those penalties divided by the day.
  test_max falls below r(l) after the first days and keeps a safe distance: truthful
  reports pass both tests, and r(l) shrinks only slightly faster than 1/sqrt(l).
  fig2 falls roughly like 1/n: 0.5 with the reserve alone, 0.168 with one provider,
  0.00997 with 20. fig3 rises from 0.00003 (others' mean 0.5) to 0.0256 (mean 6): the
  more inelastic the others, the more a flexible provider is paid. fig4 is U-shaped with
  its minimum 0.0606 at p* = 0.0351, three times C*, and E[SC(p)] >= C* for every price.
  The x range [0, 0.1] follows errata E2: over [0, 0.3] the curve reaches 25
  and hides the minimum.
  None of the figures can be compared with the paper's: no numbers of them survive.

THINGS TO TRY
  set n 5                       5 providers: IR level 0.0097542, C* 0.039791.
  set strategy "scale"          provider 1 lies consistently by the factor scale = 1.25:
                                it passes the tests but its utility falls (describe:
                                exact_utility against ir_level), the others gain.
  set strategy "always_max"     provider 1 always reports its top bin: penalised every
                                day, its average utility falls like -0.4 l^1.5.
  set mechanism "posted"        the posted-price benchmark at p*: avg_cost goes to 0.0606.
  set K 16                      finer bins: C* and the figures move (variance 1.24).
  set watch 2                   the per-provider charts follow provider 2.
]],
  views = {
    { series = { "avg_cost" }, title = "average social cost (C* = 0.01995)" },
    { series = { "avg_utility" }, title = "average utility per provider (IR level 0.0022165)" },
    { series = { "test_max", "r" }, logy = true,
      title = "largest test statistic against the window r(l) (log)" },
    { dist = "fig2" },
    { dist = "fig3" },
    { dist = "fig4" },
    { dist = "provider_utility" },
    { dist = "report_freq" },
    { dist = "payments" },
    { dist = "dispatch" },
  },
}
