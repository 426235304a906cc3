-- Paper 002, generic two-stage game (spec §3 and errata E3): two providers, a day-ahead
-- reserve bought in stage 1 and curtailments decided in stage 2.
return taton.scenario{
  title = "DNBE toy game: a day-ahead reserve and two providers (Satchidanandan & Dahleh)",
  model = "dnbe",
  params = { market = "toy" },
  seed = 2,
  variants = {
    { label = "toy", params = { market = "toy" } },
    { label = "tie-free", params = { market = "toy_tiefree" } },
  },
  info = [[
WHAT IS IT
  The generic two-stage repeated game with a first stage that matters. A shortage of 2
  units must be covered every day. In stage 1 the planner buys o1 in {0, 1, 2} reserve units
  ahead at 2.2 a unit, knowing only the providers' laws; in stage 2 the providers report
  their costs per curtailed unit (1 or 3) and the planner curtails x_i in {0, 1} and buys the
  rest in real time at 4 a unit. Provider 1's cost is 1 or 3 with probability 1/2 each,
  provider 2's with probability 0.3 and 0.7. The planner maximises expected welfare:
  g1* = 1 reserve unit, W* = -3.9. Removing provider 1 gives W*(theta_{-1}) = -4.4,
  removing provider 2 gives -4.2, so truthful providers earn W* - W*(theta_{-i}) =
  (0.5, 0.3) a day: the mechanism's individual-rationality level.
  Curtailing provider 1 or provider 2 can give the same welfare; ties go to the first
  outcome in the order (0,0), (1,0), (0,1), (1,1), and E[v_i] and the first-stage payments
  depend on that rule (errata E3). The tie-free variant (costs {1, 3} w.p. 0.4/0.6 and
  {2, 4} w.p. 1/2, prices 2.3 and 4.5) has none: W* = -4.2, W*(theta_{-i}) = (-4.6, -4.5),
  E[v] = (-1.3, -0.6), p^F = (-1.7, -0.9), utilities (0.4, 0.3).

THINGS TO NOTICE
  A truthful provider's utility is the same every day except on penalty days, so
  avg_utility_1 and avg_utility_2 sit on W* - W*(theta_{-i}) (0.5 and 0.3; 0.4 and 0.3)
  minus their penalties divided by the day: with seed 2 nobody is penalised in the toy
  and provider 1 once in the tie-free variant. avg_cost, minus the welfare, settles on
  3.9 (4.2 tie-free). The dispatch chart shows the 1 reserve unit bought every day.
  With two types, day 1 is a penalty day only when the reported type has probability at
  most 1 - r(1) = 0.41 (spec errata E1): never for provider 1 of the toy, whose costs are
  equally likely.

THINGS TO TRY
  set strategy "reverse"        provider 1 reports the other cost. In the toy its law is
                                symmetric, so it passes the tests, and it earns 0.23
                                instead of 0.5; in the tie-free variant (law 0.4/0.6) it
                                is penalised almost every day.
  set strategy "always_max"     provider 1 always reports 3: |f^| = 0.5 exceeds r(l) from
                                day 8 on, and it is penalised every day from then.
  set deviators 2               both providers deviate.
]],
  views = {
    { series = { "avg_utility_1", "avg_utility_2" },
      title = "average utility of each provider (W* - W*(theta_-i))" },
    { series = { "avg_cost" }, title = "average social cost, -welfare (-W* = 3.9; 4.2 tie-free)" },
    { series = { "penalties" }, title = "penalty events so far" },
    { dist = "dispatch" },
    { dist = "provider_utility" },
  },
}
