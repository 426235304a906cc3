-- Thesis chapter 4, Section 5.2: the private goods mechanism on a 31-node binary tree,
-- agents learning by the exponentially weighted best response (eq. 4.31).
return taton.scenario{
  title = "Distributed private goods mechanism (Sinha, thesis ch. 4, Fig. 12-14)",
  model = "dmech",
  params = { mechanism = "private", N = 31, eta = 25, graph = "bintree" },
  dynamics = "ewma",
  seed = 1,
  speed = 1000, -- the thesis's runs take about 24 000 rounds
  info = [[
WHAT IS IT
  31 agents share a fixed supply c1 = 0 of one good (a net trade): agent i values x by
  v_i(x) = theta_i x^2 + sigma_i x with theta_i ~ U(-12.5, -0.02) and sigma_i ~ U(10, 20)
  (drawn from the seed, eta = 25). Nobody knows the others' utilities and each agent
  talks only to its neighbours in a binary tree of depth 4.
  The mechanism (eqs. 4.15-4.16) asks agent i for a demand y_i and a proxy q_i^r for the
  demand of every other agent r. Allocation and price use only the neighbours' messages:
  the proxies travel along shortest paths, shrunk by xi per hop, and quadratic tax
  penalties make each agent copy its neighbour's proxy. The best response is a
  contraction (certified row-sum norm < 1), so agents who best-respond to an exponentially
  weighted average of past messages converge to the unique Nash equilibrium, where the
  allocation is efficient (x = x*, every price = lambda*) and the taxes balance.

THINGS TO NOTICE
  dist_ne, alloc_err and price_err fall on straight lines in the log plot: exponential
  convergence. It takes about 24 000 rounds to get within 1e-3 of the equilibrium:
  `describe` shows why. The certified norm (rowsum_norm = 1 - 1.8e-4) promises only an
  e-fold per 5 500 rounds; the spectral radius (about 0.999) is what really sets the pace,
  and for this mechanism it does not depend on xi at all: the large delta ~ 1000 that the
  worst-case proof needs is what makes it slow. rel_dist (the thesis's relative distance)
  is about 2e-9 when dist_ne is 1e-3, as in the thesis. At the end the allocation chart
  sits on x* and the price chart on lambda*.

THINGS TO TRY
  dynamics kperiod:10       the thesis's second dynamic: about 3.7 times slower.
  dynamics cournot          plain best response: faster still.
  dynamics fictitious       converges like n^-(1 - rho): no visible progress.
  set graph "er"            a denser Erdos-Renyi graph (p = 0.3): about 3 times faster.
  set xi_rule "table1"      the thesis's Table 1 constants instead of the dyadic rule.
  set delta 300             a smaller delta (no longer certified for every utility
                            profile) is much faster for these utilities.
  set init "perturbed"      start next to the equilibrium.
]],
  views = {
    { series = { "dist_ne", "alloc_err", "price_err" }, logy = true,
      title = "distance to equilibrium, allocation and price error" },
    { series = { "rel_dist" }, logy = true, title = "relative distance ||m - m~||_2 / ||m~||_1" },
    { dist = "allocation" },
    { dist = "price" },
  },
}
