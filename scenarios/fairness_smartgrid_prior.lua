-- Thesis chapter 5, Sec. 7: the smart grid's prior means (Fig. 19's "mean w.r.t. m", the VCG
-- baseline 6) by seeded Monte Carlo over type profiles.
return taton.scenario{
  title = "Smart grid: prior means by Monte Carlo, VCG sigma 6 (thesis ch. 5, Sec. 7)",
  model = "fairness",
  params = {
    example = "smartgrid", N = 100, thetaH = 15, thetaL = 5, m = 10, a = 0.3,
    must_run = 0.1, q = 0.1, eps = 0, mode = "draw", tax = "vcg",
  },
  seed = 1,
  info = [[
WHAT IS IT
  The smart grid of thesis chapter 5, Sec. 7, at a fixed eps: each step draws a new type
  profile (100 users, each of high type with probability q = 0.1, from the seed) and
  reports its dispersion. mc_sd_tax is the running mean of sd_tax over the draws, a Monte
  Carlo estimate of the thesis's mean over the prior (Fig. 19 and the VCG baseline "6");
  mc_se is its standard error, the convergence measure (taton run --tol). The exact prior
  mean, a sum over m ~ Binomial(100, 0.1), is in describe (sd_tax_prior_mean) and is the
  reference line of mc_sd_tax. Taxes here: VCG of the eps = 0 allocation.

THINGS TO NOTICE
  mc_sd_tax approaches 6.0156 (describe: vcg_sd_tax_prior_mean; the thesis says 6); with
  seed 1 it is 6.003 after 1000 draws, with standard error 0.025. The typical profile,
  m = 10, gives 5.90; profiles with few or many high types give less.
  high, the number of high types drawn, scatters around 10 with standard deviation 3.

THINGS TO TRY
  set tax "bsic"        the canonical rule at eps = 0: prior mean 1.859.
  set eps 0.025         with tax "bsic": prior mean 0.634.
  seed 2                another sequence of draws, the same limit.
  set q 0.3             more high types: the VCG prior mean falls to 3.31.
]],
  views = {
    { series = { "mc_sd_tax" }, title = "mean of sigma(taxes) over the drawn profiles" },
    { series = { "mc_se" }, logy = true, title = "its standard error (log)" },
    { series = { "sd_tax" }, title = "sigma of the taxes of each drawn profile" },
    { series = { "high" }, title = "high types drawn" },
  },
}
