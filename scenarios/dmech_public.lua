-- Thesis chapter 4, Section 5.2: the public goods (Lindahl) mechanism on a 31-node binary
-- tree, agents learning by the exponentially weighted best response (eq. 4.31).
return taton.scenario{
  title = "Distributed public goods mechanism (Sinha, thesis ch. 4, Fig. 15)",
  model = "dmech",
  params = { mechanism = "public", N = 31, eta = 25, graph = "bintree" },
  dynamics = "ewma",
  seed = 1,
  speed = 1000, -- the thesis's runs take about 24 000 rounds
  info = [[
WHAT IS IT
  31 agents choose one common level x of a public good; agent i values it by
  v_i(x) = theta_i x^2 + sigma_i x (theta_i ~ U(-12.5, -0.02), sigma_i ~ U(10, 20), drawn
  from the seed). The efficient level x* maximises the sum of the v_i; the Lindahl prices
  mu_i* = v_i'(x*) charge each agent its own marginal value, and they sum to 0.
  The mechanism (eqs. 4.25-4.26) asks agent i for a contribution y_i and a proxy q_i^r for
  every agent's contribution; each agent computes its own copy of the allocation
  x_i = (y_i + S_i)/N from its neighbours' messages only. A fifth tax term makes the best
  response a contraction, so learning converges to the Nash equilibrium: every copy of the
  allocation equals x*, agent i pays the Lindahl price mu_i*, and the budget balances.

THINGS TO NOTICE
  Convergence is far faster than for private goods (a few hundred rounds to 1e-5): the
  spectral radius (describe) is about 0.92 on the tree, 0.79 on the ER graph. rel_dist is
  about 1e-8 when dist_ne is 1e-5, as in the thesis. The price chart shows the personal
  prices p_i approaching the spread-out Lindahl prices mu_i*; the allocation chart shows
  all N copies of x collapsing onto x*; tax_sum goes to 0.

THINGS TO TRY
  dynamics kperiod:10       the thesis's second dynamic: about 3.5 times slower.
  set graph "er"            Erdos-Renyi p = 0.3: faster.
  set xi_rule "table1"      Table 1: xi = 1 - 2.515e-4, delta = 0.9505 on the tree.
  set xi 0.99               public goods: unlike private goods, xi changes the speed.
  dynamics cournot,sequential   one agent moves per step.
]],
  views = {
    { series = { "dist_ne", "alloc_err", "price_err" }, logy = true,
      title = "distance to equilibrium, allocation and price error" },
    { series = { "tax_sum" }, title = "budget imbalance (sum of taxes)" },
    { dist = "allocation" },
    { dist = "price" },
  },
}
