-- Paper 002: collusion against the independence test (spec §7, S-DNBE-COLLUDE2): providers
-- who report the same bin, drawn from a public coin, have the right marginals but perfectly
-- correlated reports.
return taton.scenario{
  title = "DNBE: two colluders caught by the independence test (Satchidanandan & Dahleh)",
  model = "dnbe",
  params = { market = "dr", n = 2, strategy = "collude", deviators = 2, K = 8 },
  seed = 7,
  variants = {
    { label = "2 of 2 collude", params = { n = 2 } },
    { label = "2 of 5 collude", params = { n = 5 } },
  },
  info = [[
WHAT IS IT
  Providers 1 and 2 ignore their costs and report, every day, the bin that a public coin
  (the same uniform number for both) falls in. Each one's report frequencies match its bid
  law, so the frequency test cannot see anything. Only the independence test can: for
  provider 1 it compares, for every report profile of the others seen so far, how often
  provider 1 reported each value with what its bid law predicts.
  With 2 providers the others' profile is provider 2's report, 8 values, each seen about
  l/8 times; provider 1's report always equals it, so the statistic is near 7/64 = 0.109.
  Some bin has been seen at least l/8 times, so the statistic is at least 7/64 every day,
  and the window r(l) drops below 7/64 on day 406: from then on both are penalised every
  day, whatever the coin. With 5 providers the others' profiles number 8^4 = 4096: each
  holds about l/4096 of the days (less than one in 3000 days), so the statistic is only
  about 7/(8*4096) = 2.1e-4.

THINGS TO NOTICE
  With 2 colluders (seed 7) the penalties start in earnest around day 256 and come every
  day from day 262; 2754 of 3000 days are penalty days for each. A reference run (another
  coin) was caught from day 281 and every day from 295, 2714 days; seeds 1 to 10 here give
  every day from day 190 to 322, and never later than the bound 406.
  test_max hugs 0.11 while r(l) falls through it.
  With 5 providers the colluders are penalised on day 1, like everybody, and then hardly
  ever: detection would need r(l) < 2e-4, about 3e8 days. The guarantee is asymptotic.

THINGS TO TRY
  set K 2                   two bins: the statistic is 1/4 and detection comes sooner.
  set strategy "truthful"   the same providers telling the truth: penalised on day 1 only,
                            or on a few early days.
  seed 3                    another coin: another detection day, never after 406.
]],
  views = {
    { series = { "test_max", "r" }, logy = true,
      title = "largest test statistic against r(l) (log)" },
    { series = { "penalties" }, title = "penalty events so far" },
    { dist = "test_stats" },
    { dist = "penalty_events" },
  },
}
