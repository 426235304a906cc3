-- Paper 000, Section VI: rooftop solar owners in Austin and El Paso trade energy when their
-- weather differs. Two agent types with coupled beliefs.
return taton.scenario{
  title = "Photovoltaic energy sharing, Austin and El Paso (Xia, Shakkottai & Subramanian, Section VI)",
  model = "mfg",
  params = {
    variant = "bank", s = 10, c_serve = 5, k = 7.5, c_lose = 0.5, alpha = 1.1,
    beta = 0.98, b0_min = 5, b0_max = 10, z0 = 1, h = 0.02, bmax = 40,
    types = { { p_s = 0.4, share = 0.5 }, { p_s = 0.6, share = 0.5 } },
    client_hours = { 1115, 692 }, unit_cents = 2.5,
  },
  dynamics = "cournot",
  seed = 1,
  info = [[
WHAT IS IT
  Houses with 5 kW solar panels in two cities share energy over the grid when their
  weather differs. Weather in 2016: when exactly one city had sun, Austin was the cloudy
  one 62 % of the time. So type 1 (Austin) is a client with p_c = 0.6 and type 2 (El
  Paso) with p_c = 0.4. A trade moves 2.5 kWh. The currency unit is 2.5 cents, so s = 10
  (retail 10 cents/kWh), c_serve = 5 (solar at 5 cents/kWh), and k = 7.5 splits the gain
  equally (s - k = k - c_serve = 2.5). Newcomers bring U[5,10].
  The two types share one pooled belief: a server meets a random client of either type,
  and z = (0.5*0.6 z_1 + 0.5*0.4 z_2) / 0.5. Each type solves its own dynamic programme
  and has its own stationary budget law. Every series also comes per type: z_1, gamma_1,
  trade_ratio_1, value_1 are Austin's, z_2, ... El Paso's (z, gamma, trade_ratio and
  value stay the pooled ones). Our choices for what the paper does not state: beta 0.98,
  alpha 1.1, c_lose 0.5, the bank model, 50/50 shares.

THINGS TO NOTICE
  z_1 and z_2 (Fig. 8, log scale): at every step El Paso's clients bid 0 less often
  than Austin's (0.036 against 0.039 after one step). El Paso serves more often, so it
  gets rich faster. With these rich newcomers the beliefs settle in 4 steps, at
  z_1 = 0.00027 (Austin) and z_2 = 0.000026 (El Paso): on a linear scale the two curves
  coincide, on the log scale El Paso's clients bid 0 ten times less often.
  value_fn (Fig. 9): Austin's value of budget is lower. value_1 and value_2: from the
  frozen start Austin, more often a client, values the market more (71.5 against 47.9);
  at the equilibrium El Paso a little more (124.985 against 124.967).
  budget (Fig. 10): the two budget laws are nearly the same.
  The trade ratio reaches 99.98 % (paper: 99.9 %).
  describe, savings: (1115 (10 - 7.5) + 692 (7.5 - 5)) x 2.5/100 x trade ratio = about
  $112.9 a year (paper $112.8 with 99.9 %), the same for both types because k balances
  the gain. Net metering: -1115 x 10/100 = -$111.5 (Austin) and -$69.2 (El Paso).
  These are reproduced as printed, but the units do not match: the market figure counts
  2.5 kWh per hour, the net-metering figure 1 kWh per hour. They also measure different
  things (a gain against an absolute cost).

THINGS TO TRY
  set k 8         a price that favours servers: who loses?
  set b0_min 0 and set b0_max 5   poorer newcomers: now the types separate (z_1 and z_2
                                  after two steps: Austin 0.76, El Paso 0.67; at the
                                  equilibrium 0.064 and 0.033, 94.8 % trade).
  set agents 100000 and set agents_init "stationary"   the agents' trade ratio of each
                                  type (mc_trade_ratio_1, mc_trade_ratio_2).
  set types {{p_s=0.3, share=0.5}, {p_s=0.7, share=0.5}}   more lopsided weather.
]],
  views = {
    { series = { "z_1", "z_2" }, logy = true,
      title = "Fig. 8: coupling belief, z_1 Austin and z_2 El Paso" },
    { dist = "value_fn" },
    { dist = "budget" },
    { series = { "trade_ratio", "trade_ratio_1", "trade_ratio_2" },
      title = "trade ratio 1 - z: pooled, Austin (1), El Paso (2)" },
    { series = { "value_1", "value_2" },
      title = "value to a newcomer: Austin (1), El Paso (2)" },
    { dist = "client_bid" },
  },
}
