-- Paper 000, Section V: the hard budget constraint (no borrowing), with newcomers that are
-- poor (U[0,5]) or well off (U[5,10]), side by side (Table I, first and fourth columns).
return taton.scenario{
  title = "Hard budget constraint: the frozen market (Xia, Shakkottai & Subramanian, Table I)",
  model = "mfg",
  params = { variant = "hard", k = 7, b0_min = 0, b0_max = 5, z0 = 1 },
  dynamics = "cournot",
  seed = 1,
  variants = {
    { label = "U[0,5]", params = { b0_min = 0, b0_max = 5 } },
    { label = "U[5,10]", params = { b0_min = 5, b0_max = 10 } },
  },
  info = [[
WHAT IS IT
  The market of mfg_bank without credit: a client may bid the price k = 7 only if its
  budget already covers it (b >= k). A winning client ends at b + s - k and its server at
  b + k - c_serve. Two runs side by side: newcomers bring U[0,5] or U[5,10].

THINGS TO NOTICE
  U[0,5]: no newcomer can afford k. Servers earn only when clients bid, and nobody ever
  does, so the market freezes at z = 1 from the first step: trade ratio 0 %, value
  -12.5 = -p_c c_lose / (1 - beta) (paper -12.49). The budget CDF stays the uniform law
  the newcomers bring (Fig. 3).
  U[5,10]: newcomers with b >= 7 trade at once, and servers collect k - c_serve = 1 per
  trade. The belief settles in 7 steps at 97.6 % trade, value 48.52 (paper 97.7 %, 48.53).
  describe: b_th = k = 7. Affordability, not willingness, is what binds.

THINGS TO TRY
  set z0 0 (U[0,5])     the same market has a second, trading equilibrium: 77.6 %, value
                        36.0 (see mfg_multiple_equilibria).
  set variant "bank"    borrowing thaws the frozen market: 84.2 %.
  set k 6.5             a cheaper price: who can afford it now?
]],
  views = {
    { series = { "z", "gamma" }, title = "belief z and gamma(z)" },
    { series = { "value" }, title = "value to a newcomer E_Psi[v*]" },
    { dist = "budget" },
    { dist = "value_fn" },
  },
}
