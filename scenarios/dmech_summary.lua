-- Thesis chapter 4, Section 3.2: the summary-style mechanism (eq. 4.14), which has small
-- messages but no learning guarantee. Under Cournot best response it diverges.
return taton.scenario{
  title = "Summary mechanism: small messages, no learning guarantee (Sinha, thesis ch. 4, 3.2)",
  model = "dmech",
  params = { mechanism = "summary", N = 31, eta = 25, graph = "bintree" },
  dynamics = "cournot",
  seed = 2,
  info = [[
WHAT IS IT
  The first distributed mechanism of the chapter: instead of a proxy for every agent,
  agent i sends its demand y_i, one aggregate n_i^j per neighbour j (the total demand
  "behind" j) and one copy q_i^j of a neighbour's demand: about 4 numbers per agent
  instead of N + 1. Its unique Nash equilibrium is efficient and budget balanced
  (Theorem 3.1), but the thesis warns that its best response is "far from contractive".
  Here the same 31 agents as in the other scenarios play it on the binary tree
  (on the ER graph the mechanism runs on a breadth-first spanning tree).

THINGS TO NOTICE
  With seed 2 the distance to the equilibrium grows by a factor of about 1.85 per round:
  `describe` shows a row-sum norm of about 16.5 and a spectral radius of about 1.85. The
  numbers overflow to inf: step_change at round 573, dist_ne at round 574 (1.85^574 is
  about 1e153 times the start; double precision ends near 1e308). Exponential weighting
  diverges too.
  The divergence depends on the utilities: agents with an almost flat utility (theta
  close to 0) have steep best responses. With seed 1 on the tree the spectral radius is
  0.96 and even Cournot play converges; on the ER graph seed 1 diverges again. That is
  what "no learning guarantee" means: it may work, but nothing promises it.

THINGS TO TRY
  dynamics damped:0.1       strong partial adjustment tames this instance (the
                            eigenvalues have real part < 1) - still no guarantee.
  dynamics fictitious       averaging everything: stays bounded, makes no progress.
  seed 1                    a draw where even Cournot converges on the tree.
  set graph "er"            a denser graph, a deeper problem (radius 1.6 for seed 2).
  set mechanism "private"   the chapter's answer: larger messages, guaranteed learning.
]],
  views = {
    { series = { "dist_ne", "alloc_err" }, logy = true,
      title = "distance to equilibrium and allocation error" },
    { dist = "allocation" },
    { dist = "price" },
  },
}
