-- Thesis chapter 5, Sec. 6 and Fig. 16: fair allocation of one unit among 50 agents with
-- linear utilities; the Gini coefficient of utilities against eps for m = 9, 24, 39.
return taton.scenario{
  title = "Fair allocation: Gini against eps, where DSIC breaks (thesis ch. 5, Fig. 16)",
  model = "fairness",
  params = {
    example = "linear", N = 50, thetaH = 1, thetaL = 0.75, m = 9,
    eps = 0, eps_step = 0.125, tax = "canonical",
  },
  seed = 1,
  variants = {
    { label = "m=9", params = { m = 9 } },
    { label = "m=24", params = { m = 24 } },
    { label = "m=39", params = { m = 39 } },
  },
  info = [[
WHAT IS IT
  Thesis chapter 5, Sec. 6: 50 agents share one unit of a good; agent i values x_i at
  theta_i x_i, with theta_i = 1 for the m high types and 0.75 for the others. A fair
  designer maximises sum g_eps(theta_i x_i) with g_eps(z) = z - eps z^2 (5.18); eps = 0
  is the sum of utilities, which gives everything to the high types. Agents report their
  types, and taxes must make truth-telling a dominant strategy with voluntary
  participation (DSIC, ex-post IR). By Lemma 9.1 such taxes exist iff
  A_HH + A_LL - A_HL - A_LH >= 0 (5.22) for every number k of other high types; here that
  is x_H(k+1) >= x_L(k). The three runs are Fig. 16's m = 9, 24, 39; each step raises eps
  by 0.125, so step 112 is eps = 14. The canonical tax rule (dsic) charges every agent the
  low type's value of its allocation: low types keep nothing, high types keep
  (1 - 0.75) x_H.

THINGS TO NOTICE
  gini_v against eps is Fig. 16, reproduced: flat at (N - m)/N = 82, 52 and 22 % (all to
  the high types) up to the kink eps = m/8 = 1.125, 3 and 4.875 (describe: eps_kink),
  then falling, to 4.81, 7.45 and 4.73 % at eps = 14. gini_v is the n^2 form of (5.21);
  gini_v_nn1 is the n(n-1) form the thesis uses in Table 2.
  ic_margin, the least (5.22) over k, reaches 0 at eps = N/(2 (thetaH + thetaL)) =
  14.2857 for every m (describe: eps_max, found numerically): one low type among 49 high
  ones would then get more than a high type. Beyond it no DSIC taxes exist and the tax
  series turn NaN (from step 115, eps = 14.375). The thesis's bound (5.20) gives 14.5747
  (describe: eps_max_bound) and its text says 14: (5.20) overstates the range; at
  eps = 14.4 with 49 high types x_L = 0.020119 > x_H = 0.02 (spec errata E9).
  lorenz: the Lorenz curve of utilities moves towards the diagonal as eps grows; at
  eps = 0 it stays at 0 over the share of low types.
  sd_tax, the dispersion of the dsic taxes, falls with eps; dsic_interval shows the
  interval (5.28) for each k, with the rule's tax gap at its lower end.

THINGS TO TRY
  set tax "vcg"         VCG taxes of the eps = 0 allocation: a flat baseline (1/m per
                        high type, 0 per low type).
  set thetaL 0.5        more unequal types: the kinks move to m/4, eps_max to 16.67.
  set N 100             eps_max doubles to 28.57.
  set eps_step 0.01     a finer ramp (1400 steps to eps = 14).
]],
  views = {
    { series = { "gini_v" }, x = "eps", title = "Fig. 16: Gini of utilities against eps" },
    { series = { "ic_margin" }, x = "eps", title = "DSIC margin, min over k of (5.22)" },
    { dist = "lorenz" },
    { dist = "allocation" },
    { series = { "sd_tax" }, x = "eps", title = "sigma of the dsic taxes against eps" },
    { dist = "dsic_interval" },
  },
}
