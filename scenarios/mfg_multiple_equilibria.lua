-- Paper 000: gamma is continuous (Theorem 5), so an equilibrium exists, but it need not be
-- unique. Hard budgets, U[0,5]: the frozen market and a trading one.
return taton.scenario{
  title = "Multiple mean-field equilibria (hard, U[0,5], from z0 = 1 and z0 = 0)",
  model = "mfg",
  params = { variant = "hard", k = 7, b0_min = 0, b0_max = 5, h = 0.01 },
  dynamics = "cournot",
  seed = 1,
  variants = {
    { label = "from z0=1", params = { z0 = 1 } },
    { label = "from z0=0", params = { z0 = 0 } },
  },
  info = [[
WHAT IS IT
  The hard-budget market with poor newcomers (U[0,5]), started from two beliefs. z0 = 1:
  everybody expects nobody to bid. z0 = 0: everybody expects every client to bid k.
  An equilibrium is a belief that reproduces itself, z = gamma(z). The paper proves one
  exists (gamma is continuous) but not that it is unique.

THINGS TO NOTICE
  From z0 = 1 the market stays frozen: trade 0 %, value -12.5. That is the equilibrium
  the paper reports in Table I.
  From z0 = 0 servers expect to trade and to earn, so budgets grow, and the belief
  settles at z* = 0.2238: 77.6 % trade, value 36.01.
  gamma_curve: gamma(z) crosses the diagonal three times. The crossings at 0.224 and 1
  are stable (gamma is flatter than the diagonal there). The one near 0.966 is unstable:
  beliefs just below it run down to 0.224, beliefs just above it run up to 1.
  The equilibrium a market ends in depends on what people expect at the start.

THINGS TO TRY
  set z0 0.96 / set z0 0.97   either side of the unstable equilibrium.
  set variant "bank" and set k 8.3   with borrowing the trap remains at a high price:
                                     about 1 % trade from z0 = 1, 88 % from z0 = 0.
  set k 8.5 (bank)   k = s + c_lose: winning and losing pay the same, so only the tie
                     rule (bid k) decides; 86 % from z0 = 0.
  dynamics damped:0.3   damping changes the path, not the equilibria.
]],
  views = {
    { series = { "z" }, title = "belief z from z0 = 1 and z0 = 0" },
    { dist = "gamma_curve" },
    { series = { "value" }, title = "value to a newcomer E_Psi[v*]" },
  },
}
