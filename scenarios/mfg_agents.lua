-- Paper 000, Section V, with real agents: 100,000 of them, randomly matched every period
-- (spec section 10, item 7): the equilibrium policy from a cold start freezes.
return taton.scenario{
  title = "100,000 agents: the frozen absorbing state (Xia, Shakkottai & Subramanian, Section V)",
  model = "mfg",
  params = { variant = "bank", k = 7, b0_min = 0, b0_max = 5, z0 = 1, h = 0.02,
             agents = 100000, agents_mode = "equilibrium", agents_init = "psi" },
  dynamics = "cournot",
  seed = 1,
  variants = {
    { label = "from Psi", params = { agents_mode = "equilibrium", agents_init = "psi" } },
    { label = "from pi", params = { agents_mode = "equilibrium", agents_init = "stationary" } },
    { label = "coupled", params = { agents_mode = "coupled", agents_init = "psi", epoch = 5 },
      dynamics = "damped:0.3" },
  },
  info = [[
WHAT IS IT
  The bank market of mfg_bank, played by 100,000 agents. Every period each agent draws
  its role. Clients and servers are paired uniformly at random (min(#clients, #servers)
  pairs). A client bids k if its budget is in the bid set, budgets move by eq. 1, and
  2 % of the agents are replaced by newcomers from U[0,5]. One step is one period. The
  mean-field belief iteration runs alongside (z, trade_ratio).
  Three runs:
    from Psi   the agents use the equilibrium policy (bid k once b >= 5.24), and every
               budget starts from the newcomers' law U[0,5];
    from pi    the same policy, with budgets drawn from the equilibrium's stationary
               law;
    coupled    no solver policy is imposed. Each step the agents play 5 periods under
               the policy for the current belief, the new belief is the share of their
               clients who actually bid 0, and damping 0.3 blends it in.

THINGS TO NOTICE
  from Psi: mc_trade_ratio is 0 for ever. Nobody holds 5.24 and servers earn only when
  clients bid, so no budget ever grows: a frozen absorbing state. Meanwhile the mean
  field reports 84 % trade, and both are right: that is the equilibrium's own policy.
  from pi: mc_trade_ratio = 0.842 +- 0.002, matching 1 - z (paper: "the empirical trade
  ratio among the one million agents matches"). agent_budget lies on the stationary CDF.
  coupled: the belief stays near frozen (z about 0.96) for about 50 updates while the
  agents slowly get richer, then collapses to about 0.158. That is Fig. 2's shape again,
  produced by real agents. So the ramp-up belongs to how beliefs are formed, not to the
  raw agent dynamics under a fixed policy.

THINGS TO TRY
  set agents 1000000    the paper's million agents (about 5 ns per agent-period).
  set variant "loan"    the coupled loan market ramps up within a few updates.
  dynamics cournot (coupled)   no damping.
  set epoch 1 (coupled)        beliefs updated every period: the plateau lasts longer.
]],
  views = {
    { series = { "mc_trade_ratio", "trade_ratio" }, title = "agents' trade ratio vs 1 - z" },
    { dist = "agent_budget" },
    { dist = "client_bid" },
    { series = { "z" }, title = "belief z" },
  },
}
